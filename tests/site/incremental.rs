//! A build into an existing output is incremental: it renders again only
//! the pages whose inputs changed, links every other file as it was, and
//! gives exactly the bytes of a clean build.

use crate::harness::{TestSite, files_below};
use std::collections::BTreeMap;
use std::os::unix::fs::MetadataExt;
use std::path::Path;

/// Every file below `dir`, with its bytes and inode.
fn files(dir: &Path) -> BTreeMap<String, (Vec<u8>, u64)> {
    files_below(dir)
        .into_iter()
        .map(|(path, (bytes, meta))| (path, (bytes, meta.ino())))
        .collect()
}

/// Every folder below `dir`.
fn folders(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect()
}

/// Pages the build cache of `site`'s output says were rendered with a
/// template (not share cards, not the search index).
fn rendered_pages(site: &TestSite) -> usize {
    std::fs::read_to_string(danvan::build_cache_path(site.path(), &site.public()))
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.ends_with(".png") && !l.ends_with(".json") && !l.starts_with("end "))
        .count()
}

/// Builds `site` into its output again, then into an empty folder, and
/// checks the two hold the same files with the same bytes (the build
/// cache is kept outside the output, which holds the site alone). Returns the
/// report of the incremental build and the files before and after it.
fn build_both_ways(site: &TestSite, step: &str) -> (danvan::BuildReport, Changes) {
    let before = files(&site.public());
    let report = site.build();
    let after = files(&site.public());
    let clean = site.path().join("clean");
    let _ = std::fs::remove_dir_all(&clean);
    let clean_report = site.build_with(|o| o.output = Some(clean.clone()));
    assert_eq!(
        clean_report.reused, 0,
        "{step}: a clean build reuses nothing"
    );
    assert_eq!(
        folders(&site.public()),
        folders(&clean),
        "{step}: the same folders as a clean build, none left empty"
    );
    let clean = files(&clean);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        clean.keys().collect::<Vec<_>>(),
        "{step}: the same files as a clean build"
    );
    for (path, (bytes, _)) in &clean {
        assert!(
            after[path].0 == *bytes,
            "{step}: {path} differs from a clean build"
        );
    }
    let mut changes = Changes::default();
    for (path, (bytes, inode)) in &after {
        match before.get(path) {
            None => changes.added.push(path.clone()),
            Some((old, old_inode)) if old == bytes => {
                // Unchanged bytes: the very file, time and all.
                assert_eq!(inode, old_inode, "{step}: {path} was rewritten unchanged");
            }
            Some(_) => changes.changed.push(path.clone()),
        }
    }
    (report, changes)
}

#[derive(Default, Debug)]
struct Changes {
    added: Vec<String>,
    changed: Vec<String>,
}

impl Changes {
    fn has(&self, path: &str) -> bool {
        self.changed.iter().chain(&self.added).any(|p| p == path)
    }
}

#[test]
fn every_kind_of_edit_rebuilds_to_the_bytes_of_a_clean_build() {
    let site = TestSite::sample();
    let first = site.build();
    assert_eq!(first.reused, 0);
    let pages = rendered_pages(&site);
    assert!(pages > 50, "{pages}");

    // Nothing changed: nothing rendered, nothing rewritten.
    let (report, changes) = build_both_ways(&site, "nothing");
    assert_eq!(report.reused, pages);
    assert!(
        changes.changed.is_empty() && changes.added.is_empty(),
        "{changes:?}"
    );

    // A body edit: the story and what shows its text change, little else.
    let story = "content/stories/hom-thu-gop-y-va-doi-thoai.vi.md";
    let text = std::fs::read_to_string(site.path().join(story)).unwrap();
    site.write(story, &format!("{text}\nMột đoạn mới về hòm thư góp ý.\n"));
    let (report, changes) = build_both_ways(&site, "body");
    assert!(changes.has("stories/hom-thu-gop-y-va-doi-thoai/index.html"));
    assert!(report.reused >= pages - 3, "{} of {pages}", report.reused);
    assert!(report.reused < pages);

    // A title edit: the page, its card, and the listings that name it.
    site.write(
        story,
        &text.replacen(
            "title: Hòm thư góp ý và đối thoại mỗi quý",
            "title: \"Hòm thư góp ý: đối thoại, mỗi quý\"",
            1,
        ),
    );
    let (report, changes) = build_both_ways(&site, "title");
    for path in [
        "stories/hom-thu-gop-y-va-doi-thoai/index.html",
        "stories/hom-thu-gop-y-va-doi-thoai/share.png",
        "stories/index.html",
    ] {
        assert!(changes.has(path), "{path}: {changes:?}");
    }
    assert!(report.reused > pages / 2, "{} of {pages}", report.reused);

    // A progress file: the pages that show its bars.
    let progress = "content/progress/2025-dan-van.yaml";
    let yaml = std::fs::read_to_string(site.path().join(progress)).unwrap();
    site.write(
        progress,
        &yaml.replacen(
            "{date: 2025-06-30, value: 35}",
            "{date: 2025-06-30, value: 41}",
            1,
        ),
    );
    let (report, _) = build_both_ways(&site, "progress");
    assert!(report.reused < pages);

    // A new page, then the same page deleted.
    site.write(
        "content/pages/lich-tiep-dan.vi.md",
        "---\ntitle: \"Lịch tiếp dân: thứ Năm, hằng tuần\"\n---\nTiếp đoàn viên tại trụ sở.\n",
    );
    let (_, changes) = build_both_ways(&site, "new page");
    assert!(changes.has("lich-tiep-dan/index.html"), "{changes:?}");
    std::fs::remove_file(site.path().join("content/pages/lich-tiep-dan.vi.md")).unwrap();
    build_both_ways(&site, "deleted page");
    assert!(!site.exists("lich-tiep-dan/index.html"));

    // A UI string of one language: every page of that language.
    site.write("themes/default/i18n/en.yaml", "search: Find\n");
    let (report, _) = build_both_ways(&site, "string");
    assert!(
        report.reused > 0 && report.reused < pages,
        "{}",
        report.reused
    );

    // A template: every page that uses it.
    let base = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    site.write(
        "themes/default/templates/base.html",
        &base.replacen("</body>", "<!-- sửa -->\n</body>", 1),
    );
    let (report, _) = build_both_ways(&site, "template");
    assert_eq!(report.reused, 0);
    assert!(site.read("index.html").contains("<!-- sửa -->"));
}

#[test]
fn a_damaged_cache_or_a_file_changed_by_hand_is_rendered_again() {
    let site = TestSite::sample();
    site.build();
    let pages = rendered_pages(&site);
    let cache = danvan::build_cache_path(site.path(), &site.public());
    let text = std::fs::read_to_string(&cache).unwrap();

    // A cache cut short, or written by another version, is not trusted.
    for damaged in [
        text[..text.len() / 2].to_string(),
        text.replacen("danvan build cache 1", "danvan build cache 0", 1),
        String::from_utf8_lossy(&[0xff, 0xfe, 0x00]).to_string(),
    ] {
        std::fs::write(&cache, damaged).unwrap();
        let (report, changes) = build_both_ways(&site, "damaged cache");
        assert_eq!(report.reused, 0);
        assert!(changes.changed.is_empty(), "{changes:?}");
    }

    // A page edited in the output by hand gets its bytes back.
    let page = site.public().join("stories/index.html");
    let original = std::fs::read_to_string(&page).unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&page, original.replacen("<main", "<main data-x", 1)).unwrap();
    let (report, _) = build_both_ways(&site, "edited output");
    assert_eq!(report.reused, pages - 1);
    assert_eq!(std::fs::read_to_string(&page).unwrap(), original);
}

#[test]
fn the_spare_site_beside_the_output_is_changed_into_the_next_one() {
    let site = TestSite::sample();
    let spare = site.path().join(".public.danvan-spare");
    site.build();
    assert!(!spare.exists(), "a first build has no old site to keep");
    build_both_ways(&site, "second build");
    assert!(spare.join("index.html").is_file());

    // A file where a folder was two builds before, and back: a static
    // file `lich`, then nothing, then a page `lich/`, then nothing, then
    // the file again.
    let page = "content/pages/lich.vi.md";
    site.write("content/static/lich", "Thứ Năm hằng tuần\n");
    let inode = |dir: &Path| std::fs::metadata(dir).map(|m| m.ino()).ok();
    // The staging folder is the spare itself, changed: the new output is
    // that very folder.
    let from_spare = |step: &str| {
        let spare_before = inode(&spare);
        assert!(spare_before.is_some(), "{step}: a spare to begin from");
        build_both_ways(&site, step);
        assert_eq!(
            inode(&site.public()),
            spare_before,
            "{step}: made from the spare"
        );
    };
    from_spare("static file");
    std::fs::remove_file(site.path().join("content/static/lich")).unwrap();
    from_spare("static file removed");
    site.write(page, "---\ntitle: Lịch tiếp dân\n---\nThứ Năm.\n");
    from_spare("page where the file was");
    assert!(site.exists("lich/index.html"));
    std::fs::remove_file(site.path().join(page)).unwrap();
    from_spare("page removed");
    site.write("content/static/lich", "Thứ Sáu hằng tuần\n");
    from_spare("file where the page was");
    assert_eq!(site.read("lich"), "Thứ Sáu hằng tuần\n");

    // Something put into the spare by hand is never published: the
    // spare is not used, and what it held goes.
    std::fs::write(spare.join("stories/ghi-chu.txt"), "của tôi").unwrap();
    let story = "content/stories/hom-thu-gop-y-va-doi-thoai.vi.md";
    let text = std::fs::read_to_string(site.path().join(story)).unwrap();
    site.write(story, &format!("{text}\nThêm một đoạn.\n"));
    let spare_before = inode(&spare);
    build_both_ways(&site, "spare changed by hand");
    assert_ne!(inode(&site.public()), spare_before);
    assert!(!site.exists("stories/ghi-chu.txt"));

    // With the output removed, the next build is a clean one and leaves
    // the spare alone; the build after that begins from it.
    std::fs::remove_dir_all(site.public()).unwrap();
    let report = site.build();
    assert_eq!(report.reused, 0);
    assert!(spare.join("index.html").is_file());
    site.write(story, &text);
    from_spare("after a clean build");
}
