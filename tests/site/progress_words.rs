//! The words beside a bar never contradict its status: what is missing in
//! the target's own unit, by how much a limit is passed, targets exactly as
//! written, a period that ended without a final report; the same in the
//! open data. And each target once per page.

use crate::harness::*;
use std::collections::BTreeMap;

const PLAN: &str = "plan: 04/KH-LĐLĐ
title: {vi: Chỉ tiêu năm 2024, en: Targets 2024}
period: {start: 2024-01-01, end: 2024-12-31}
targets:
  - id: ket-nap
    title: {vi: Kết nạp đoàn viên, en: New members}
    measure: count
    target: 50
    unit: {vi: đoàn viên, en: members}
    reports: [{date: 2024-06-30, value: 12}]
  - id: tot
    title: {vi: CĐCS hoàn thành tốt, en: Unions rated good}
    measure: percent
    comparator: more-than
    target: 85
    unit: {vi: CĐCS, en: units}
    reports: [{date: 2024-12-31, count: 34, of: 40}]
    targets:
      - id: xuat-sac
        title: {vi: Trong đó xếp loại xuất sắc, en: Of which rated excellent}
        measure: percent
        target: 20
        reports: [{date: 2024-12-31, count: 9, of: 40}]
  - id: tai-nan
    title: {vi: Vụ tai nạn lao động, en: Work accidents}
    measure: count
    comparator: at-most
    target: 4
    unit: {vi: vụ, en: accidents}
    reports: [{date: 2024-12-31, value: 6}]
  - id: hai-phan-ba
    title: {vi: Hai phần ba, en: Two thirds}
    measure: percent
    target: 66.67
    unit: {vi: đơn vị, en: units}
    reports: [{date: 2024-06-30, count: 2, of: 3}]
  - id: quy
    title: {vi: Ủng hộ quỹ, en: Fund}
    measure: percent
    target: 90
    reports: [{date: 2024-06-30, value: 72.4}]
";

fn site() -> TestSite {
    let site = TestSite::new();
    site.write("content/progress/2024.yaml", PLAN);
    site
}

fn target_text(html: &str, anchor: &str) -> String {
    let start = html
        .find(&format!("id=\"{anchor}\""))
        .unwrap_or_else(|| panic!("no {anchor}"));
    let end = html[start..]
        .find("</li>")
        .map_or(html.len(), |e| start + e);
    visible_text(&html[start..end])
}

#[test]
fn a_target_not_met_says_what_is_missing_in_its_own_unit() {
    let site = site();
    site.build();
    let vi = site.read("progress/2024/index.html");
    let en = site.read("en/progress/2024/index.html");
    let cases = [
        (
            "2024-ket-nap",
            "còn thiếu 38 đoàn viên",
            "38 more members needed",
        ),
        (
            "2024-tot",
            "cần thêm 1 CĐCS: 35/40 mới trên 85%",
            "1 more needed (35 of 40 is more than 85%)",
        ),
        (
            "2024-tai-nan",
            "vượt mức tối đa 2 vụ",
            "2 accidents over the limit",
        ),
        (
            "2024-quy",
            "còn thiếu 17,6 điểm phần trăm",
            "17.6 percentage points short",
        ),
    ];
    for (anchor, vi_words, en_words) in cases {
        let text = target_text(&vi, anchor);
        assert!(text.contains(vi_words), "{anchor}: {text}");
        let text = target_text(&en, anchor);
        assert!(text.contains(en_words), "{anchor}: {text}");
    }
    // Never a share of the target beside a target missed.
    assert!(!visible_text(&vi).contains("100,0% chỉ tiêu"));
    assert!(!visible_text(&vi).contains("150,0% chỉ tiêu"));
    let missed = target_text(&vi, "2024-tot");
    assert!(
        missed.contains("85,0% (34/40)") && missed.contains("Không đạt"),
        "{missed}"
    );
}

#[test]
fn a_target_shows_as_written_and_its_figure_keeps_its_side() {
    let site = site();
    site.build();
    let text = target_text(&site.read("progress/2024/index.html"), "2024-hai-phan-ba");
    assert!(text.contains("Chỉ tiêu: ít nhất 66,67%"), "{text}");
    // 2 of 3 is 66.666…%: shown as 66,66%, not 66,67% beside "behind".
    assert!(text.contains("66,66% (2/3)"), "{text}");
    assert!(
        text.contains("cần thêm 1 đơn vị: 3/3 mới đạt 66,67%"),
        "{text}"
    );
    assert!(text.contains("Chậm tiến độ"), "{text}");
}

#[test]
fn a_sub_target_titled_trong_do_is_not_labelled_twice() {
    let site = site();
    site.build();
    let text = visible_text(&site.read("progress/2024/index.html"));
    assert!(text.contains("Trong đó xếp loại xuất sắc"), "{text}");
    assert!(!text.contains("Trong đó Trong đó"), "{text}");
    let en = visible_text(&site.read("en/progress/2024/index.html"));
    assert!(!en.contains("Of which Of which"), "{en}");
}

#[test]
fn a_closed_period_without_a_final_report_says_so() {
    let site = site();
    site.build();
    let html = site.read("progress/2024/index.html");
    // Other targets are reported on 2024-12-31: the period is over.
    let text = target_text(&html, "2024-ket-nap");
    assert!(
        text.contains(
            "Kỳ thực hiện đã kết thúc ngày 31 tháng 12 năm 2024 nhưng chưa có báo cáo cuối kỳ cho chỉ tiêu này."
        ),
        "{text}"
    );
    assert!(!target_text(&html, "2024-tot").contains("chưa có báo cáo cuối kỳ"));
    let en = target_text(&site.read("en/progress/2024/index.html"), "2024-ket-nap");
    assert!(
        en.contains("The period ended on 31 December 2024 with no final report for this target."),
        "{en}"
    );
}

#[test]
fn open_data_says_what_is_missing_and_never_a_percent_of_a_percent() {
    let site = site();
    site.build();
    let json: serde_json::Value = serde_json::from_str(&site.read("progress.json")).unwrap();
    let targets: BTreeMap<String, &serde_json::Value> = json["files"][0]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["id"].as_str().unwrap().to_string(), t))
        .collect();
    let null = serde_json::Value::Null;
    assert_eq!(targets["ket-nap"]["missing"], 38.0);
    assert_eq!(targets["ket-nap"]["percent_of_target"], 24.0);
    assert_eq!(targets["ket-nap"]["final_report_missing"], true);
    assert_eq!(targets["tot"]["percent_of_target"], null);
    assert_eq!(targets["tot"]["missing_count"], 1);
    assert_eq!(targets["tai-nan"]["over_by"], 2.0);
    assert_eq!(targets["tai-nan"]["missing"], null);
    assert_eq!(targets["tai-nan"]["percent_of_target"], null);
    assert_eq!(targets["hai-phan-ba"]["target"], 66.67);
    assert_eq!(targets["quy"]["missing"], 17.6);
    assert_eq!(targets["xuat-sac"]["missing"], null);
    let csv = site.read("progress.csv");
    let row = csv
        .lines()
        .find(|l| l.contains(",tai-nan,"))
        .unwrap()
        .to_string();
    assert!(
        row.contains(",count,at-most,4,0,missed,,,,2,,false,2024-12-31,"),
        "{row}"
    );
}

/// Every `id="…"` of a page that appears more than once.
fn duplicate_ids(html: &str) -> Vec<String> {
    let mut seen = BTreeMap::new();
    let mut rest = html;
    while let Some(i) = rest.find(" id=\"") {
        rest = &rest[i + 5..];
        let end = rest.find('"').unwrap_or(0);
        *seen.entry(rest[..end].to_string()).or_insert(0) += 1;
    }
    seen.into_iter()
        .filter(|(_, n)| *n > 1)
        .map(|(id, _)| id)
        .collect()
}

fn assert_unique_ids(site: &TestSite) {
    let mut pages = 0;
    for entry in walkdir::WalkDir::new(site.public()) {
        let entry = entry.unwrap();
        if entry.path().extension().is_some_and(|e| e == "html") {
            let html = std::fs::read_to_string(entry.path()).unwrap();
            let dups = duplicate_ids(&html);
            assert!(dups.is_empty(), "{}: {dups:?}", entry.path().display());
            pages += 1;
        }
    }
    assert!(pages > 10, "{pages}");
}

#[test]
fn a_plan_placing_its_bars_in_the_body_shows_each_once() {
    let site = site();
    site.write(
        "content/documents/kh.vi.md",
        "---\ntitle: Kế hoạch\ndate: 2024-01-24\nnumber: 04/KH-LĐLĐ\nprogress: 2024\n---\n## Main\n\nCác chỉ tiêu:\n\n{{ progress(file=\"2024\") }}\n\nNhắc lại:\n\n{{ progress(id=\"ket-nap\") }}\n",
    )
    .write(
        "content/documents/kh.en.md",
        "---\ntitle: Plan\ndate: 2024-01-24\nnumber: 04/KH-LĐLĐ\nprogress: 2024\n---\nOne:\n\n{{ progress(id=\"tot\") }}\n",
    );
    site.build();
    let vi = site.read("documents/kh/index.html");
    assert_eq!(
        vi.matches("role=\"progressbar\"").count(),
        6,
        "every bar once"
    );
    assert!(
        vi.contains(r##"Đã nêu ở phần trên: <a href="#2024-ket-nap">Kết nạp đoàn viên</a>"##),
        "the repeated shortcode points back"
    );
    assert!(
        !vi.contains("Tiến độ thực hiện chỉ tiêu của kế hoạch"),
        "no block after the body when the body placed every bar"
    );
    let en = site.read("en/documents/kh/index.html");
    // "tot" and its sub-target come from the body; the other 4 after it.
    assert_eq!(en.matches("role=\"progressbar\"").count(), 6);
    assert!(
        en.contains(r##"Shown above: <a href="#2024-tot">Unions rated good</a>"##),
        "{en}"
    );
    assert_unique_ids(&site);
}

#[test]
fn no_page_of_the_sample_site_repeats_an_id() {
    let site = TestSite::sample();
    site.build();
    assert_unique_ids(&site);
}

#[test]
fn a_sub_target_of_a_sub_target_is_shown_too() {
    let site = TestSite::new();
    site.write(
        "content/progress/p.yaml",
        "title: P\nperiod: {start: 2024-01-01, end: 2024-12-31}\ntargets:\n  - id: a\n    title: A\n    measure: count\n    target: 5\n    targets:\n      - id: b\n        title: B\n        measure: count\n        target: 3\n        targets:\n          - {id: c, title: C, measure: count, target: 1}\n",
    );
    site.build();
    let html = site.read("progress/p/index.html");
    for anchor in ["p-a", "p-b", "p-c"] {
        assert!(
            html.contains(&format!("id=\"{anchor}\"")),
            "{anchor} missing"
        );
    }
    assert_eq!(html.matches("role=\"progressbar\"").count(), 3);
}

#[test]
fn a_bar_just_short_of_its_target_is_not_full() {
    let site = TestSite::new();
    site.write(
        "content/progress/p.yaml",
        "title: P\nperiod: {start: 2024-01-01, end: 2024-12-31}\ntargets:\n  - {id: a, title: A, measure: percent, target: 100, reports: [{date: 2024-12-31, count: 9999, of: 10000}]}\n",
    );
    site.build();
    let html = site.read("progress/p/index.html");
    assert!(html.contains("aria-valuenow=\"99.9\""), "{html}");
    let text = visible_text(&html);
    assert!(text.contains("99,9% (9.999/10.000)"), "{text}");
    assert!(
        text.contains("cần thêm 1: 10.000/10.000 mới đạt 100%"),
        "{text}"
    );
}
