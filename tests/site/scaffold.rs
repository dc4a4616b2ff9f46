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
        plan.contains("role=\"progressbar\""),
        "the home page shows the plan's progress"
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
