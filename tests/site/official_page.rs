//! A document page in the official layout of Decree 30/2020/NĐ-CP: the
//! motto as the decree spells it, the recipients with their closing marks,
//! the attachments right under the title, and a print stylesheet that
//! numbers pages from the second.

use crate::harness::*;

fn site() -> TestSite {
    let site = TestSite::new();
    site.write(
        "content/documents/kh/index.vi.md",
        "---\ntitle: Kế hoạch công tác dân vận năm 2024\nnumber: 04/KH-LĐLĐ\ntype: ke-hoach\nissuer: Liên đoàn Lao động huyện Phong Thổ\ndate: 2024-01-05\nsigner: {name: Vân Văn Kiều, position: Chủ tịch}\nrecipients: [Ban Dân vận Huyện ủy, Các CĐCS trực thuộc;, Lưu]\nattachments: [kh.pdf]\n---\nCăn cứ kế hoạch.\n\n1. Mục một.\n2. Mục hai.\n",
    )
    .write_bytes("content/documents/kh/kh.pdf", b"%PDF-1.4 test");
    site
}

#[test]
fn the_motto_is_spelt_as_the_decree_writes_it() {
    let site = site();
    site.build();
    let text = visible_text(&site.read("documents/kh/index.html"));
    assert!(
        text.contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
        "{text}"
    );
    assert!(!text.contains("CỘNG HOÀ"), "{text}");
}

#[test]
fn recipients_end_with_semicolons_and_the_last_with_a_full_stop() {
    let site = site();
    site.build();
    let html = site.read("documents/kh/index.html");
    for item in [
        "<li>Ban Dân vận Huyện ủy;</li>",
        "<li>Các CĐCS trực thuộc;</li>",
        "<li>Lưu.</li>",
    ] {
        assert!(html.contains(item), "missing {item}");
    }
}

#[test]
fn attachments_come_right_after_the_title_before_the_body() {
    let site = site();
    site.build();
    let html = site.read("documents/kh/index.html");
    let title = html.find("class=\"doc-heading\"").unwrap();
    let files = html.find("class=\"doc-files\"").unwrap();
    let body = html.find("class=\"doc-body").unwrap();
    assert!(title < files && files < body, "{html}");
    assert!(visible_text(&html).contains("kh.pdf (13 B)"));
}

#[test]
fn print_numbers_pages_from_the_second_and_keeps_the_document_numbers() {
    let site = site();
    site.build();
    let html = site.read("documents/kh/index.html");
    assert!(
        html.contains("<ol>\n<li>Mục một.</li>"),
        "a numbered list stays an <ol>"
    );
    let css = site.read(&site.asset("style.css"));
    let print = &css[css.find("@media print").expect("a print stylesheet")..];
    assert!(
        print.contains("@top-center{content:counter(page)"),
        "page numbers in the top margin"
    );
    assert!(
        print.contains("@page:first{@top-center{content:none}}"),
        "none on the first page"
    );
    assert!(
        print.contains(".doc-header .number{font-size:13pt}"),
        "Số: 13 pt"
    );
    assert!(
        css.contains(".doc-body ol{list-style-type:decimal}"),
        "numbered items keep their numbers"
    );
    assert!(
        !print.contains(".doc-recipients li::before{content:none"),
        "the recipients' dashes stay in print"
    );
}
