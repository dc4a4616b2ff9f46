//! The home page on a phone: what is new first (documents, stories), then
//! one line per running plan linking to its dashboard, never every bar.

use crate::harness::*;

const RUNNING: &str = "plan: 03/KH-LĐLĐ
title: {vi: Chỉ tiêu năm 2025, en: Targets 2025}
period: {start: 2025-01-01, end: 2025-12-31}
targets:
  - {id: a, title: A, measure: count, target: 10, reports: [{date: 2025-06-30, value: 9}]}
  - {id: b, title: B, measure: count, target: 10, reports: [{date: 2025-06-30, value: 1}]}
  - {id: c, title: C, measure: done, reports: [{date: 2025-06-30, value: true}]}
  - {id: d, title: D, measure: done}
";

const CLOSED: &str = "plan: 04/KH-LĐLĐ
title: {vi: Chỉ tiêu năm 2024, en: Targets 2024}
period: {start: 2024-01-01, end: 2024-12-31}
targets:
  - {id: a, title: A, measure: count, target: 10, reports: [{date: 2024-12-31, value: 12}]}
";

fn site() -> TestSite {
    let site = TestSite::new();
    site.write("content/progress/2025.yaml", RUNNING)
        .write("content/progress/2024.yaml", CLOSED)
        .write(
            "content/_index.vi.md",
            "---\ntitle: Trang chủ\n---\nLời chào.\n",
        )
        .write(
            "content/documents/tb.vi.md",
            "---\ntitle: Thông báo mới\ndate: 2025-03-01\ntype: thong-bao\n---\nx\n",
        )
        .write(
            "content/stories/s.vi.md",
            "---\ntitle: Mô hình hay\n---\nx\n",
        );
    site
}

#[test]
fn news_comes_first_then_one_line_per_running_plan() {
    let site = site();
    site.build();
    let html = site.read("index.html");
    let docs = html.find("Thông báo mới").unwrap();
    let stories = html.find("Mô hình hay").unwrap();
    let plans = html.find("class=\"plan-lines\"").unwrap();
    assert!(docs < stories && stories < plans, "{html}");
    assert!(
        html.find("Lời chào").unwrap() > plans,
        "the home text follows"
    );
    assert!(
        !html.contains("role=\"progressbar\""),
        "no bars on the home page"
    );
    let text = visible_text(&html);
    assert!(
        text.contains("Kế hoạch 03/KH-LĐLĐ : 1 đạt · 1 đúng tiến độ · 1 chậm · 1 chưa có số liệu"),
        "{text}"
    );
    assert!(html.contains(r#"<a href="/progress/2025/">"#), "{html}");
    assert!(
        !text.contains("04/KH-LĐLĐ"),
        "a plan whose period is over is not running: {text}"
    );
    let en = visible_text(&site.read("en/index.html"));
    assert!(
        en.contains("Plan 03/KH-LĐLĐ : 1 achieved · 1 on track · 1 behind · 1 with no data"),
        "{en}"
    );
}

#[test]
fn with_no_plan_running_the_current_one_has_its_line() {
    let site = site();
    std::fs::remove_file(site.path().join("content/progress/2025.yaml")).unwrap();
    site.build();
    let text = visible_text(&site.read("index.html"));
    assert!(text.contains("Kế hoạch 04/KH-LĐLĐ : 1 đạt"), "{text}");
}
