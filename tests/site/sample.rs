//! The repository's sample site: it builds, and every internal link in it
//! leads to a published file.

use crate::harness::*;
use std::collections::BTreeSet;

#[test]
fn sample_site_builds_and_every_internal_link_resolves() {
    let site = TestSite::sample();
    let report = site.build();
    assert!(report.pages >= 20, "{report:?}");
    let files: BTreeSet<String> = walkdir::WalkDir::new(site.public())
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(site.public())
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    let mut checked = 0;
    for file in files.iter().filter(|f| f.ends_with(".html")) {
        let html = site.read(file);
        for link in links(&html) {
            if link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
                || link.starts_with('#')
            {
                continue;
            }
            let path = link.split(['#', '?']).next().unwrap();
            let rel = path.trim_start_matches('/');
            let target = if rel.is_empty() || rel.ends_with('/') {
                format!("{rel}index.html")
            } else {
                rel.to_string()
            };
            assert!(
                files.contains(&target),
                "{file} links to {link}, which is not published"
            );
            checked += 1;
        }
    }
    assert!(checked > 500, "only {checked} links checked");
}

#[test]
fn sample_plan_is_in_both_languages_with_its_attachment() {
    let site = TestSite::built_sample();
    let vi = visible_text(&site.read("documents/2024/04-kh-ldld/index.html"));
    assert!(vi.contains("Số: 04/KH-LĐLĐ"));
    assert!(vi.contains("04-KH-LDLD.pdf"));
    let en = visible_text(&site.read("en/documents/2024/04-kh-ldld/index.html"));
    assert!(
        en.contains("No. 04/KH-LĐLĐ") || en.contains("No.: 04/KH-LĐLĐ"),
        "{en}"
    );
    assert!(site.exists("documents/2024/04-kh-ldld/04-KH-LDLD.pdf"));
}
