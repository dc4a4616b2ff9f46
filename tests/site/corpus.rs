//! The benchmark corpus (bench/gen_corpus.py) stays a valid site: a small
//! one builds with danvan and, where Hugo is installed, its Hugo twin builds
//! with Hugo. It needs python3 (Debian has it everywhere) and fails,
//! saying so, where python3 is missing, rather than passing untested.

use crate::harness::TestSite;
use std::path::{Path, PathBuf};
use std::process::Command;

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/gen_corpus.py")
}

fn have(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs the generator; panics with what it printed on failure.
fn generate(out: &Path, hugo: &Path, extra: &[&str]) {
    let run = Command::new("python3")
        .arg(script())
        .args(["--docs", "12", "--stories", "10", "--out"])
        .arg(out)
        .arg("--hugo")
        .arg(hugo)
        .args(extra)
        .output()
        .expect("run python3");
    assert!(
        run.status.success(),
        "gen_corpus.py failed:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

#[test]
fn generated_corpus_builds_with_danvan_and_hugo() {
    assert!(
        have("python3", "--version"),
        "python3 runs bench/gen_corpus.py: install it (Debian: python3)"
    );
    let site = TestSite::new();
    let twin = tempfile::tempdir().expect("temp dir");
    let hugo_site = twin.path().join("site");
    generate(site.path(), &hugo_site, &[]);

    let report = site.build();
    // 12 documents and 10 stories in two languages, plus the home and free
    // pages, plus the archive listings.
    assert!(report.pages >= 2 * (12 + 10), "only {} pages", report.pages);
    for rel in [
        "index.html",
        "en/index.html",
        "documents/index.html",
        "stories/index.html",
        "documents/types/ke-hoach/index.html",
        "sitemap.xml",
    ] {
        assert!(site.exists(rel), "{rel} is missing");
    }
    // `@/stories/...` links in the documents were resolved to pages.
    let plan = std::fs::read_dir(site.public().join("documents/2016"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with("kh-"))
        .expect("the 2016 plan");
    let html = std::fs::read_to_string(plan.join("index.html")).unwrap();
    assert!(
        html.contains("href=\"/stories/"),
        "no story link in the plan"
    );
    assert!(!html.contains("@/"), "an unresolved @/ link in the plan");

    if !have("hugo", "version") {
        println!("hugo not installed: the Hugo twin was generated but not built");
        return;
    }
    let dest = twin.path().join("public");
    let run = Command::new("hugo")
        .arg("--quiet")
        .arg("--source")
        .arg(&hugo_site)
        .arg("--destination")
        .arg(&dest)
        .output()
        .expect("run hugo");
    assert!(
        run.status.success(),
        "hugo failed on the twin site:\n{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(dest.join("index.html").is_file());
    assert!(dest.join("en/index.html").is_file());
    assert!(dest.join("types/ke-hoach/index.html").is_file());
}

#[test]
fn generated_corpus_is_deterministic() {
    assert!(
        have("python3", "--version"),
        "python3 runs bench/gen_corpus.py: install it (Debian: python3)"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    generate(&a, &dir.path().join("ha"), &["--shortcodes"]);
    generate(&b, &dir.path().join("hb"), &["--shortcodes"]);
    let files = |root: &Path| -> Vec<(PathBuf, Vec<u8>)> {
        let mut out: Vec<_> = walkdir::WalkDir::new(root)
            .sort_by_file_name()
            .into_iter()
            .map(|e| e.unwrap())
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(root).unwrap().to_path_buf();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        out.sort();
        out
    };
    let (fa, fb) = (files(&a), files(&b));
    assert!(fa.len() > 40, "only {} files", fa.len());
    assert!(
        fa == fb,
        "two runs with the same arguments wrote different files"
    );
    // --shortcodes puts progress lines in the plans.
    let with_shortcode = fa
        .iter()
        .filter(|(_, bytes)| {
            String::from_utf8_lossy(bytes).contains("{{ progress(id=\"2016-dan-van/")
        })
        .count();
    assert!(with_shortcode > 0, "--shortcodes added no progress line");
}
