//! Pages, languages, slugs, archive and URLs of built sites.

use crate::harness::*;

#[test]
fn translations_are_paired_and_untranslated_items_still_listed() {
    let site = TestSite::new();
    site.write("content/documents/a.vi.md", &document("Kế hoạch A", ""))
        .write("content/documents/a.en.md", &document("Plan A", ""))
        .write("content/documents/b.vi.md", &document("Thông báo B", ""));
    site.build();

    let vi = site.read("documents/a/index.html");
    assert!(
        vi.contains(r#"href="/en/documents/a/""#),
        "vi page links to its translation"
    );
    let en = site.read("en/documents/a/index.html");
    assert!(visible_text(&en).contains("Plan A"));
    assert!(en.contains(r#"href="/documents/a/""#), "en page links back");

    assert!(
        !site.exists("en/documents/b/index.html"),
        "no fake English page"
    );
    let en_archive = site.read("en/documents/index.html");
    let text = visible_text(&en_archive);
    assert!(
        text.contains("Thông báo B"),
        "untranslated item listed: {text}"
    );
    assert!(
        text.contains("Available in Tiếng Việt only"),
        "marked: {text}"
    );
    assert!(
        en_archive.contains(r#"href="/documents/b/""#),
        "links to the original"
    );
}

#[test]
fn nfd_input_gives_the_same_output_as_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let nfc_title = "Dân vận khéo ở Đoàn viên";
    let nfd_title: String = nfc_title.nfd().collect();
    assert_ne!(nfc_title, nfd_title);

    let a = TestSite::new();
    a.write(
        "content/stories/x.vi.md",
        &format!("---\ntitle: {nfc_title}\n---\n{nfc_title}\n"),
    );
    a.build();
    let b = TestSite::new();
    b.write(
        "content/stories/x.vi.md",
        &format!("---\ntitle: {nfd_title}\n---\n{nfd_title}\n"),
    );
    b.build();
    let page_a = a.read("stories/x/index.html");
    let page_b = b.read("stories/x/index.html");
    assert_eq!(page_a, page_b);
    assert!(page_b.contains(nfc_title));
}

#[test]
fn slugs_fold_d_with_stroke_and_diacritics() {
    let site = TestSite::new();
    site.write(
        "content/stories/Đoàn viên giỏi.vi.md",
        "---\ntitle: A\n---\n",
    )
    .write(
        "content/pages/about.vi.md",
        "---\ntitle: B\nslug: Dân vận khéo\n---\n## Đảng viên {#custom}\n## Đoàn viên\n",
    );
    site.build();
    assert!(site.exists("stories/doan-vien-gioi/index.html"));
    let page = site.read("dan-van-kheo/index.html");
    assert!(page.contains(r#"id="custom""#));
    assert!(page.contains(r#"id="doan-vien""#));
}

#[test]
fn sub_path_base_url_prefixes_every_internal_link() {
    let site = TestSite::sample();
    site.build_with(|o| o.base_url = Some("https://example.org/phongtho/".into()));
    for entry in walkdir::WalkDir::new(site.public()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "html") {
            continue;
        }
        let html = std::fs::read_to_string(entry.path()).unwrap();
        for link in links(&html) {
            if link.starts_with('#')
                || link.contains("://")
                || link.starts_with("mailto:")
                || link.starts_with("tel:")
            {
                if link.contains("://") && link.contains("example.org") {
                    assert!(
                        link.starts_with("https://example.org/phongtho/"),
                        "{link} in {}",
                        entry.path().display()
                    );
                }
                continue;
            }
            assert!(
                link.starts_with("/phongtho/"),
                "{link} in {}",
                entry.path().display()
            );
        }
    }
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.org/phongtho/en/</loc>"));
}

#[test]
fn archive_groups_by_year_type_and_issuer_newest_first() {
    let site = TestSite::new();
    let doc = |title: &str, date: &str, kind: &str, issuer: &str| {
        format!("---\ntitle: {title}\ndate: {date}\ntype: {kind}\nissuer: {issuer}\n---\n")
    };
    site.write(
        "content/documents/a.vi.md",
        &doc("Cũ", "2023-05-01", "bao-cao", "LĐLĐ huyện Phong Thổ"),
    )
    .write(
        "content/documents/b.vi.md",
        &doc("Mới", "2024-06-30", "bao-cao", "LĐLĐ huyện Phong Thổ"),
    )
    .write(
        "content/documents/c.vi.md",
        &doc("Phương án", "2024-01-24", "ke-hoach", "LĐLĐ tỉnh Lai Châu"),
    );
    site.build();

    let all = visible_text(&site.read("documents/index.html"));
    let (i_new, i_plan, i_old) = (
        all.find("Mới").unwrap(),
        all.find("Phương án").unwrap(),
        all.find("Cũ").unwrap(),
    );
    assert!(i_new < i_plan && i_plan < i_old, "newest first: {all}");
    let groups = &all[all.find("ngày").unwrap()..];
    assert!(groups.find("2024").unwrap() < groups.find("2023").unwrap());

    let year = visible_text(&site.read("documents/years/2023/index.html"));
    assert!(year.contains("Cũ") && !year.contains("Mới"), "{year}");
    let kind = visible_text(&site.read("documents/types/bao-cao/index.html"));
    assert!(
        kind.contains("Cũ") && kind.contains("Mới") && !kind.contains("Phương án"),
        "{kind}"
    );
    let issuer = visible_text(&site.read("documents/issuers/ldld-tinh-lai-chau/index.html"));
    assert!(
        issuer.contains("Phương án") && !issuer.contains("Mới"),
        "{issuer}"
    );
    assert!(site.exists("en/documents/types/ke-hoach/index.html"));
}

#[test]
fn document_page_shows_the_formal_header_and_signature() {
    let site = TestSite::new();
    site.write(
        "content/documents/kh/index.vi.md",
        "---\ntitle: Kế hoạch công tác dân vận năm 2024\nnumber: 04/KH-LĐLĐ\ntype: ke-hoach\nissuer: Liên đoàn Lao động huyện Phong Thổ\nparent_issuer: Liên đoàn Lao động tỉnh Lai Châu\nplace: Phong Thổ\ndate: 2024-01-05\nsigner: {name: Vân Văn Kiều, position: Chủ tịch, capacity: TM. Ban Thường vụ}\nrecipients: [Ban Dân vận Huyện ủy, Lưu]\nattachments: [kh.pdf]\n---\nNội dung.\n",
    )
    .write_bytes("content/documents/kh/kh.pdf", b"%PDF-1.4 test");
    site.build();
    let text = visible_text(&site.read("documents/kh/index.html"));
    for expected in [
        "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
        "LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHONG THỔ",
        "Số: 04/KH-LĐLĐ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Phong Thổ, ngày 05 tháng 01 năm 2024",
        "KẾ HOẠCH",
        "TM. BAN THƯỜNG VỤ",
        "CHỦ TỊCH",
        "Vân Văn Kiều",
        "Ban Dân vận Huyện ủy",
        "kh.pdf",
        "13 B",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    // SHA-256 of "%PDF-1.4 test".
    use sha2::Digest;
    let hex: String = sha2::Sha256::digest(b"%PDF-1.4 test")
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert!(text.contains(&hex));
    assert_eq!(
        std::fs::read(site.public().join("documents/kh/kh.pdf")).unwrap(),
        b"%PDF-1.4 test"
    );
}

#[test]
fn english_pages_use_english_dates_and_motto() {
    let site = TestSite::new();
    site.write(
        "content/documents/a.en.md",
        "---\ntitle: Plan\ndate: 2024-01-24\nplace: Phong Tho\n---\n",
    );
    site.build();
    let text = visible_text(&site.read("en/documents/a/index.html"));
    assert!(text.contains("Phong Tho, 24 January 2024"), "{text}");
    assert!(
        text.contains("Independence - Freedom - Happiness"),
        "{text}"
    );
}

#[test]
fn links_between_content_files_resolve_per_language() {
    let site = TestSite::new();
    site.write("content/stories/s.vi.md", "---\ntitle: Chuyện\n---\n")
        .write("content/stories/s.en.md", "---\ntitle: Story\n---\n")
        .write(
            "content/pages/p.vi.md",
            "---\ntitle: P\n---\n[a](@/stories/s.md) [b](../stories/s.vi.md#x)\n",
        )
        .write(
            "content/pages/p.en.md",
            "---\ntitle: P\n---\n[a](@/stories/s.md) [b](../stories/s.vi.md)\n",
        );
    site.build();
    let vi = site.read("p/index.html");
    assert!(vi.contains(r#"<a href="/stories/s/">a</a>"#), "{vi}");
    assert!(vi.contains(r#"<a href="/stories/s/#x">b</a>"#), "{vi}");
    let en = site.read("en/p/index.html");
    assert!(en.contains(r#"<a href="/en/stories/s/">a</a>"#), "{en}");
    assert!(en.contains(r#"<a href="/en/stories/s/">b</a>"#), "{en}");
}

#[test]
fn drafts_are_skipped_unless_asked_for() {
    let site = TestSite::new();
    site.write(
        "content/pages/d.vi.md",
        "---\ntitle: Nháp\ndraft: true\n---\n",
    );
    site.build();
    assert!(!site.exists("d/index.html"));
    std::fs::remove_dir_all(site.public()).unwrap();
    site.build_with(|o| o.drafts = true);
    assert!(site.exists("d/index.html"));
}

#[test]
fn feeds_sitemap_and_robots_are_published() {
    let site = TestSite::built_sample();
    let sitemap = site.read("sitemap.xml");
    assert!(sitemap.contains(r#"hreflang="en""#));
    assert!(sitemap.contains("https://ldld-phongtho.example.org/en/documents/2024/04-kh-ldld/"));
    let feed = site.read("atom.xml");
    assert!(feed.contains("<feed"));
    assert!(
        feed.contains("<updated>2025-"),
        "updated comes from content"
    );
    let en_feed = site.read("en/atom.xml");
    assert!(en_feed.contains("Plan") || en_feed.contains("plan"));
    assert!(
        site.read("robots.txt")
            .contains("Sitemap: https://ldld-phongtho.example.org/sitemap.xml")
    );
    assert!(site.exists("404.html") && site.exists("en/404.html"));
    let page = site.read("en/documents/2024/04-kh-ldld/index.html");
    assert!(page.contains(r#"<link rel="canonical" href="https://ldld-phongtho.example.org/en/documents/2024/04-kh-ldld/">"#));
    assert!(page.contains(r#"property="og:title""#));
}

#[test]
fn builds_are_byte_identical() {
    let site = TestSite::sample();
    site.build_with(|o| o.output = Some(site.path().join("one")));
    site.build_with(|o| o.output = Some(site.path().join("two")));
    let files = |dir: &str| -> Vec<(String, Vec<u8>)> {
        let root = site.path().join(dir);
        let mut out: Vec<_> = walkdir::WalkDir::new(&root)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let rel = e.path().strip_prefix(&root).unwrap().display().to_string();
                (rel, std::fs::read(e.path()).unwrap())
            })
            .collect();
        out.sort();
        out
    };
    let (one, two) = (files("one"), files("two"));
    assert!(one.len() > 50);
    assert!(one == two, "two builds differ");
}

#[test]
fn theme_files_and_strings_can_be_overridden_one_by_one() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: Trang A\n---\nThân bài.\n")
        .write("content/site.yaml", "strings: {vi: {documents: Kho văn bản}}\n")
        .write(
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ page.title }}</p>{% endblock content %}",
        )
        .write("themes/default/static/style.css", "body{color:black}");
    site.build();
    let page = site.read("a/index.html");
    assert!(page.contains("<p class=\"mine\">Trang A</p>"), "{page}");
    assert!(page.contains("Kho văn bản"), "string override in the nav");
    assert!(
        page.contains("skip-link"),
        "the built-in base.html still applies"
    );
    assert_eq!(site.read(&site.asset("style.css")), "body{color:black}");
}

#[test]
fn a_theme_that_does_not_exist_is_an_error() {
    let site = TestSite::new();
    site.write("content/site.yaml", "theme: hoa-sen\n");
    let errors = site.build_errors();
    assert!(
        errors[0].contains("`theme: hoa-sen` names a theme that is not in themes/hoa-sen/"),
        "{}",
        errors[0]
    );
}

#[test]
fn long_listings_are_split_into_pages() {
    let site = TestSite::new();
    site.write("content/site.yaml", "paginate: 2\n");
    for i in 1..=5 {
        site.write(
            &format!("content/documents/d{i}.vi.md"),
            &format!("---\ntitle: Văn bản số {i}\ndate: 2024-01-{i:02}\n---\n"),
        );
    }
    site.build();
    let first = visible_text(&site.read("documents/index.html"));
    assert!(
        first.contains("Văn bản số 5") && first.contains("Văn bản số 4"),
        "{first}"
    );
    assert!(!first.contains("Văn bản số 3"), "{first}");
    assert!(first.contains("Trang 1/3"), "{first}");
    let last = site.read("documents/page/3/index.html");
    assert!(visible_text(&last).contains("Văn bản số 1"));
    assert!(
        last.contains(r#"href="/documents/page/2/" rel="prev""#),
        "{last}"
    );
    assert!(site.exists("en/documents/page/3/index.html"));
    assert!(site.exists("documents/years/2024/page/2/index.html"));
    assert!(!site.exists("documents/page/4/index.html"));
}

#[test]
fn a_site_without_base_url_is_warned_about() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A\n---\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 0);
    assert_eq!(
        run.stderr.matches("warning: content/site.yaml:1:1: there is no content/site.yaml, so the site has no name").count(),
        1,
        "{}",
        run.stderr
    );
    site.write(
        "content/site.yaml",
        "title: Liên đoàn Lao động huyện Phong Thổ\n",
    );
    let run = site.run(&["build"]);
    assert!(
        run.stderr
            .contains("warning: content/site.yaml:1:1: no `base_url` is set"),
        "{}",
        run.stderr
    );
    let run = site.run(&["build", "--base-url", "/phongtho/"]);
    assert_eq!(run.code, 2, "a base URL without an address is wrong usage");
}

#[test]
fn a_progress_block_override_that_cannot_render_is_an_error_at_its_line() {
    let site = TestSite::new();
    site.write(
        "content/progress/p.yaml",
        "title: Kế hoạch\nperiod: {start: 2024-01-01, end: 2024-12-31}\ntargets:\n  - {id: a, title: Kết nạp, measure: count, target: 5}\n",
    )
    .write(
        "content/pages/a.vi.md",
        "---\ntitle: A\n---\n{{ progress(id=\"p/a\") }}\n",
    )
    ;
    site.build();
    let good = site.read("a/index.html");
    site.write(
        "themes/default/templates/progress_block.html",
        "<div>\n{{ block.no_such_field.deeper }}\n</div>\n",
    );
    let errors = site.build_errors();
    assert!(
        errors[0].starts_with("themes/default/templates/progress_block.html:2:"),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("the theme template `progress_block.html` cannot be used"),
        "{errors:?}"
    );
    assert_eq!(
        site.read("a/index.html"),
        good,
        "the last good output stays"
    );
}
