//! `danvan new` and `danvan init` give files that build at once, and never
//! overwrite anything.

use crate::harness::*;

#[test]
fn init_makes_a_site_that_builds_and_checks_clean() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("moi");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(["init", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = danvan::build(&danvan::BuildOptions {
        site: dir.clone(),
        ..Default::default()
    })
    .unwrap_or_else(|d| panic!("{d}"));
    assert!(report.pages >= 4);
    let plan = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
    assert!(
        plan.contains("class=\"plan-lines\"") && plan.contains("/progress/"),
        "the home page has a line for the running plan, linking to its dashboard"
    );
    let check = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(["check", "--site", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert!(!String::from_utf8_lossy(&check.stderr).contains("warning:"));

    let again = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args(["init", dir.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

#[test]
fn new_files_of_every_kind_build_and_are_never_overwritten() {
    let site = TestSite::new();
    for (kind, title) in [
        ("document", "Kế hoạch tuyên truyền năm 2026"),
        ("story", "Đoàn viên giúp nhau làm kinh tế"),
        ("page", "Liên hệ"),
        ("progress", "Chỉ tiêu năm 2026"),
    ] {
        let run = site.run(&["new", kind, title]);
        assert_eq!(run.code, 0, "{kind}: {}", run.stderr);
        assert!(run.stdout.starts_with("created content/"), "{}", run.stdout);
    }
    let run = site.run(&[
        "new",
        "story",
        "Đoàn viên giúp nhau làm kinh tế",
        "--lang",
        "en",
    ]);
    assert_eq!(run.code, 0);
    assert!(
        site.path()
            .join("content/stories/doan-vien-giup-nhau-lam-kinh-te.en.md")
            .exists()
    );
    site.build();
    assert!(site.exists("stories/doan-vien-giup-nhau-lam-kinh-te/index.html"));
    assert!(site.exists("lien-he/index.html"));
    assert!(site.exists("progress/chi-tieu-nam-2026/index.html"));

    let path = site.path().join("content/pages/lien-he.vi.md");
    std::fs::write(&path, "---\ntitle: Của tôi\n---\n").unwrap();
    let run = site.run(&["new", "page", "Liên hệ"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("already exists"), "{}", run.stderr);
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "---\ntitle: Của tôi\n---\n"
    );
}

#[test]
fn init_takes_the_site_name_and_address_and_writes_ci_files() {
    let parent = tempfile::tempdir().unwrap();
    let dir = parent.path().join("phongtho");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_danvan"))
        .args([
            "init",
            dir.to_str().unwrap(),
            "--name",
            "Liên đoàn Lao động huyện Phong Thổ: \"Dân vận khéo\"",
            "--base-url",
            "https://example.org/phongtho/",
        ])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for file in [
        ".github/workflows/site.yml",
        ".forgejo/workflows/site.yml",
        ".gitlab-ci.yml",
        ".gitignore",
    ] {
        assert!(dir.join(file).is_file(), "{file}");
    }
    let gitignore = std::fs::read_to_string(dir.join(".gitignore")).unwrap();
    assert!(gitignore.contains("/public/") && gitignore.contains("/.danvan/"));
    let github = std::fs::read_to_string(dir.join(".github/workflows/site.yml")).unwrap();
    assert!(github.contains("danvan check --message-format github"));
    assert!(github.contains("actions/deploy-pages"));
    assert!(github.contains("cargo install --locked $DANVAN_INSTALL"));
    let gitlab = std::fs::read_to_string(dir.join(".gitlab-ci.yml")).unwrap();
    assert!(gitlab.contains("codequality: gl-code-quality-report.json"));
    assert!(gitlab.contains("\npages:\n"));
    let report = danvan::build(&danvan::BuildOptions {
        site: dir.clone(),
        ..Default::default()
    })
    .unwrap_or_else(|d| panic!("{d}"));
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    let home = std::fs::read_to_string(dir.join("public/index.html")).unwrap();
    assert!(
        home.contains("Liên đoàn Lao động huyện Phong Thổ: &quot;Dân vận khéo&quot;"),
        "the name is the site's title"
    );
    assert!(
        home.contains("https://example.org/phongtho/"),
        "canonical links use the address"
    );
}

#[test]
fn new_refuses_a_language_the_site_does_not_have() {
    let site = TestSite::new();
    let run = site.run(&["new", "page", "Giới thiệu", "--lang", "/../../../x"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("is not a language of the site; the languages are vi, en"),
        "{}",
        run.stderr
    );
    assert!(
        !site.path().join("x").exists() && !site.path().parent().unwrap().join("x.md").exists()
    );
    assert_eq!(
        site.run(&["new", "page", "Giới thiệu", "--lang", "en"])
            .code,
        0
    );
}
