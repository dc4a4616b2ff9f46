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
        .filter(|n| n.contains("danvan"))
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
    assert!(
        !site.path().join(".public.danvan-new").exists(),
        "the staging folder of a refused build is removed"
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
