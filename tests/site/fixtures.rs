//! Every kind of mistake an editor can make has a fixture site under
//! `tests/fixtures/` and a snapshot of exactly what `danvan check` tells
//! them (`expected.txt`). `DANVAN_BLESS=1 cargo test` rewrites snapshots.

use std::path::Path;
use std::process::Command;

fn check_output(site: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_danvan"))
        .arg("check")
        .current_dir(site)
        .env("NO_COLOR", "1")
        .output()
        .expect("run danvan");
    format!(
        "exit: {}\n{}{}",
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr),
        String::from_utf8_lossy(&out.stdout)
    )
}

#[test]
fn every_mistake_gets_its_exact_message() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let bless = std::env::var_os("DANVAN_BLESS").is_some();
    let mut names: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        // import/ holds the importer's inputs and snapshots, not a site.
        .filter(|p| p.is_dir() && !p.ends_with("import"))
        .collect();
    names.sort();
    assert!(names.len() >= 12, "fixtures missing: {names:?}");
    let mut failures = Vec::new();
    for site in names {
        let actual = check_output(&site);
        let expected_path = site.join("expected.txt");
        if bless {
            std::fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures.push(format!(
                "{}:\n--- expected\n{expected}--- actual\n{actual}",
                site.display()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
