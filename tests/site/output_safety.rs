//! Nothing is ever lost: the old output survives a failed build, and
//! danvan refuses output folders it could damage.

use crate::harness::*;

#[test]
fn a_failed_build_keeps_the_last_good_output() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: Bản tốt\n---\n");
    site.build();
    let good = site.read("a/index.html");
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: Bản lỗi\ntitel: x\n---\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("public is unchanged"), "{}", run.stderr);
    assert_eq!(site.read("a/index.html"), good);
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        // `.danvan/` is the cache of photos and share cards, kept on purpose.
        .filter(|n| n.contains("danvan") && !n.ends_with(".danvan-lock") && n != ".danvan")
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_rebuild_replaces_pages_that_are_gone() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A\n---\n");
    site.build();
    std::fs::remove_file(site.path().join("content/pages/a.vi.md")).unwrap();
    site.write("content/pages/b.vi.md", "---\ntitle: B\n---\n");
    site.build();
    assert!(!site.exists("a/index.html"));
    assert!(site.exists("b/index.html"));
}

#[test]
fn refuses_an_output_folder_with_foreign_files() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A\n---\n");
    site.write("public/important.docx", "keep me");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("danvan did not write (important.docx)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join("public/important.docx")).unwrap(),
        "keep me"
    );
    let beside: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("danvan-new"))
        .collect();
    assert!(
        beside.is_empty(),
        "a refused build writes nothing beside the output: {beside:?}"
    );

    // A file added into a danvan output later is protected too.
    std::fs::remove_dir_all(site.public()).unwrap();
    site.build();
    site.write("public/notes.txt", "mine");
    assert_eq!(site.run(&["build"]).code, 1);
    assert!(site.exists("notes.txt"));
}

#[test]
fn refuses_the_site_folder_and_folders_inside_content_or_themes() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A\n---\n");
    for out in [".", "content/out", "themes/default/out", ".."] {
        let run = site.run(&["build", "--output", out]);
        assert_eq!(run.code, 1, "{out}: {}", run.stderr);
        assert!(
            run.stderr.contains("output folder"),
            "{out}: {}",
            run.stderr
        );
    }
    assert!(!site.path().join("content/out").exists());
    assert!(site.path().join("content/pages/a.vi.md").exists());
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_refused() {
    let site = TestSite::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.md"), "---\ntitle: S\n---\n").unwrap();
    std::fs::create_dir_all(site.path().join("content/pages")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        site.path().join("content/pages/secret.vi.md"),
    )
    .unwrap();
    let errors = site.build_errors();
    assert!(errors[0].contains("outside the site"), "{}", errors[0]);
}

#[test]
fn dot_dot_through_a_missing_folder_cannot_reach_a_folder_of_other_files() {
    let root = tempfile::tempdir().unwrap();
    let site_dir = root.path().join("site");
    let victim = root.path().join("victim");
    std::fs::create_dir_all(site_dir.join("content/pages")).unwrap();
    std::fs::write(
        site_dir.join("content/pages/a.vi.md"),
        "---\ntitle: A\n---\n",
    )
    .unwrap();
    std::fs::create_dir_all(&victim).unwrap();
    std::fs::write(victim.join("thesis.docx"), "precious").unwrap();
    for out in [
        "missing/../../victim",
        "missing/../content/out",
        "missing/..",
    ] {
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
            .args(["build", "--output", out])
            .current_dir(&site_dir)
            .output()
            .unwrap();
        assert_eq!(
            run.status.code(),
            Some(1),
            "{out}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    assert_eq!(
        std::fs::read_to_string(victim.join("thesis.docx")).unwrap(),
        "precious"
    );
    assert!(!site_dir.join("content/out").exists());
}

/// Every file the manifest of `public/` lists, which must all be there.
fn manifest(site: &TestSite) -> Vec<String> {
    let text = std::fs::read_to_string(site.public().join(".danvan-manifest")).unwrap();
    let files: Vec<String> = text.lines().map(str::to_string).collect();
    for f in &files {
        assert!(site.public().join(f).is_file(), "{f} is listed but missing");
    }
    files
}

#[test]
fn two_builds_at_once_never_publish_a_partial_site() {
    let site = TestSite::sample();
    assert_eq!(site.run(&["build"]).code, 0);
    let reference = manifest(&site);
    for round in 0..20 {
        let start = || {
            std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
                .arg("build")
                .current_dir(site.path())
                .env("NO_COLOR", "1")
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (start(), start());
        for run in [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()] {
            let stderr = String::from_utf8_lossy(&run.stderr);
            let ok = run.status.success()
                || stderr.contains("another danvan build is writing this folder");
            assert!(ok, "round {round}: {stderr}");
        }
        assert_eq!(manifest(&site), reference, "round {round}");
        assert!(site.exists("index.html") && site.exists("en/index.html"));
    }
    let leftovers: Vec<String> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        // The lock, and the site before the last, kept on purpose.
        .filter(|n| {
            n.starts_with(".public.danvan-") && !n.ends_with("-lock") && !n.ends_with("-spare")
        })
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_second_build_waits_then_says_another_is_running() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A\n---\n");
    let lock = std::fs::File::create(site.path().join(".public.danvan-lock")).unwrap();
    lock.lock().unwrap();
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("another danvan build is writing this folder"),
        "{}",
        run.stderr
    );
    assert!(!site.public().exists());
    drop(lock);
    assert_eq!(site.run(&["build"]).code, 0);
}

#[test]
fn leftovers_of_a_killed_build_are_cleaned_by_the_next() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A\n---\n")
        .write(".public.danvan-new-99999/index.html", "half a site");
    site.build();
    assert!(!site.path().join(".public.danvan-new-99999").exists());
    assert!(site.exists("index.html"));
}

#[test]
fn a_tilde_output_is_the_home_folder_not_a_folder_named_tilde() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A\n---\n");
    let home = tempfile::tempdir().unwrap();
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(["build", "--output", "~/site-out"])
        .current_dir(site.path())
        .env("HOME", home.path())
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(home.path().join("site-out/index.html").is_file());
    assert!(!site.path().join("~").exists());
}

#[cfg(unix)]
#[test]
fn a_link_to_a_secret_inside_the_site_folder_is_refused_by_name() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A\n---\n")
        .write(
            ".git/config",
            "[remote]\nurl = https://token@example.org/x.git\n",
        )
        .write("content/.git/config", "token");
    std::fs::create_dir_all(site.path().join("content/static")).unwrap();
    std::os::unix::fs::symlink(
        "../../.git/config",
        site.path().join("content/static/config.txt"),
    )
    .unwrap();
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("content/static/config.txt:1:1: this is a link to ")
            && errors[0].contains(".git/config, outside the site's content/"),
        "{}",
        errors[0]
    );
    std::fs::remove_file(site.path().join("content/static/config.txt")).unwrap();
    site.build();
    assert!(!site.exists("config.txt") && !site.exists(".git/config"));
    let published = std::fs::read_to_string(site.public().join(".danvan-manifest")).unwrap();
    assert!(!published.contains(".git"), "{published}");
}

#[test]
fn page_sources_under_any_name_are_pages_or_not_published() {
    let site = TestSite::new();
    let page = "---\ntitle: Mô hình\ndraft: true\n---\nBí mật.\n";
    site.write("content/stories/a.vi.md.txt", page)
        .write("content/stories/b.vi.md.bak", page)
        .write("content/stories/c.txt", page)
        .write("content/stories/d.markdown", "---\ntitle: Trang D\n---\n")
        .write("content/stories/e.vi.MD", "---\ntitle: Trang E\n---\n");
    let report = site.build();
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    for (file, fix) in [
        ("a.vi.md.txt", "rename it to `a.vi.md`"),
        ("b.vi.md.bak", "rename it to `b.vi.md`"),
        ("c.txt", "rename it to `c.vi.md`"),
    ] {
        assert!(
            warnings
                .iter()
                .any(|w| w.starts_with(&format!("content/stories/{file}:1:1:")) && w.contains(fix)),
            "{file}: {warnings:#?}"
        );
    }
    let published = std::fs::read_to_string(site.public().join(".danvan-manifest")).unwrap();
    for name in [
        "a.vi.md.txt",
        "b.vi.md.bak",
        "c.txt",
        "d.markdown",
        "e.vi.MD",
    ] {
        assert!(!published.contains(name), "{name} published: {published}");
    }
    assert!(site.read("stories/d/index.html").contains("Trang D"));
    assert!(site.read("stories/e/index.html").contains("Trang E"));
}

/// Every file below `dir` with its bytes and modification time.
fn files_with_times(
    dir: &std::path::Path,
) -> std::collections::BTreeMap<String, (Vec<u8>, std::time::SystemTime)> {
    files_below(dir)
        .into_iter()
        .map(|(path, (bytes, meta))| (path, (bytes, meta.modified().unwrap())))
        .collect()
}

#[test]
fn a_rebuild_rewrites_only_the_files_that_changed() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A\n---\nMột.\n")
        .write("content/pages/b.vi.md", "---\ntitle: B\n---\nHai.\n")
        .write("content/static/bao-cao.pdf", "%PDF-1.4 giả");
    site.build();
    let first = files_with_times(&site.public());
    // Coarse file-system clocks would hide a rewrite.
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.write("content/pages/b.vi.md", "---\ntitle: B\n---\nHai, sửa.\n");
    site.build();
    let second = files_with_times(&site.public());
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, (bytes, time)) in &second {
        let (old_bytes, old_time) = &first[path];
        if bytes == old_bytes {
            assert_eq!(time, old_time, "{path} was rewritten with the same bytes");
        } else {
            assert_ne!(time, old_time, "{path}");
        }
    }
    for changed in ["b/index.html", "b/index.html.gz"] {
        assert_ne!(first[changed].0, second[changed].0, "{changed} changed");
    }
    for kept in ["a/index.html", "a/index.html.gz", "bao-cao.pdf"] {
        assert_eq!(first[kept].1, second[kept].1, "{kept} kept its time");
    }
    // The same bytes as a build into an empty folder.
    let clean = site.path().join("clean");
    site.build_with(|o| o.output = Some(clean.clone()));
    let clean = files_with_times(&clean);
    assert_eq!(clean.len(), second.len());
    for (path, (bytes, _)) in &clean {
        assert_eq!(&second[path].0, bytes, "{path}");
    }
}
