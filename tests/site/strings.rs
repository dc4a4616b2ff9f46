//! The small things a reader or an editor meets: bars without data, the
//! sitemap, menus across languages, and UI strings (a third language, a
//! partial theme file, a string no file gives).

use crate::harness::*;

#[test]
fn a_bar_without_data_has_no_aria_valuenow() {
    let site = TestSite::new();
    site.write(
        "content/progress/p.yaml",
        "title: P\nperiod: {start: 2024-01-01, end: 2024-12-31}\ntargets:\n  - {id: a, title: A, measure: count, target: 5}\n  - {id: b, title: B, measure: count, target: 5, reports: [{date: 2024-06-30, value: 1}]}\n",
    );
    site.build();
    let html = site.read("progress/p/index.html");
    let a = &html[html.find("id=\"p-a\"").unwrap()..html.find("id=\"p-b\"").unwrap()];
    assert!(!a.contains("aria-valuenow"), "{a}");
    assert!(a.contains("; Chưa có số liệu\""), "{a}");
    let b = &html[html.find("id=\"p-b\"").unwrap()..];
    assert!(b.contains("aria-valuenow=\"20.0\""), "{b}");
}

#[test]
fn search_pages_are_in_the_sitemap() {
    let site = TestSite::new();
    site.write("content/site.yaml", "base_url: https://example.org/\n");
    site.build();
    let sitemap = site.read("sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://example.org/search/</loc>"),
        "{sitemap}"
    );
    assert!(
        sitemap.contains("<loc>https://example.org/en/search/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn an_untranslated_free_page_is_in_every_menu_marked() {
    let site = TestSite::new();
    site.write(
        "content/pages/contact.vi.md",
        "---\ntitle: Liên hệ\nslug: lien-he\n---\nx\n",
    );
    site.build();
    let en = site.read("en/index.html");
    assert!(
        en.contains(r#"<a href="/lien-he/" hreflang="vi"><span lang="vi">Liên hệ</span> <span class="nav-note">(Tiếng Việt)</span></a>"#),
        "{en}"
    );
    let vi = site.read("index.html");
    assert!(vi.contains(r#"<a href="/lien-he/">Liên hệ</a>"#), "{vi}");
}

#[test]
fn a_language_without_strings_reads_english_with_a_warning() {
    let site = TestSite::new();
    site.write(
        "content/site.yaml",
        "languages: [{code: vi, name: Tiếng Việt}, {code: en, name: English}, {code: fr, name: Français}]\n",
    )
    .write("content/pages/a.fr.md", "---\ntitle: Page\n---\nx\n");
    let report = site.build();
    let warning = report
        .warnings
        .iter()
        .map(ToString::to_string)
        .find(|w| w.contains("`fr`"))
        .expect("a warning for fr");
    assert!(
        warning.starts_with("content/site.yaml:1:1: the language `fr` has no UI strings"),
        "{warning}"
    );
    let fr = visible_text(&site.read("fr/index.html"));
    assert!(
        fr.contains("Latest documents") && !fr.contains("Văn bản mới"),
        "{fr}"
    );
}

#[test]
fn a_partial_theme_strings_file_overrides_string_by_string() {
    let site = TestSite::new();
    site.write(
        "themes/default/i18n/vi.yaml",
        "# chỉ một chuỗi\nlatest_documents: \"Văn bản vừa ban hành\"\n",
    );
    site.build();
    let vi = visible_text(&site.read("index.html"));
    assert!(vi.contains("Văn bản vừa ban hành"), "{vi}");
    assert!(
        vi.contains("Mô hình “Dân vận khéo” mới"),
        "the other strings stay: {vi}"
    );
}

#[test]
fn a_string_no_file_gives_is_one_error_naming_the_template_and_key() {
    let site = TestSite::new();
    let base = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/templates/base.html"),
    )
    .unwrap();
    site.write(
        "themes/default/templates/base.html",
        &base.replace("{{ t.feed_title }} (Atom)", "{{ t.news_feed }} (Atom)"),
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].starts_with("themes/default/templates/base.html:"),
        "{}",
        errors[0]
    );
    assert!(
        errors[0].contains("the UI string `news_feed` is not defined for vi, en: add `news_feed: \"...\"` to themes/default/i18n/en.yaml"),
        "{}",
        errors[0]
    );
}
