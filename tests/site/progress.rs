//! Progress bars as a reader and a screen reader get them, their placing
//! in Markdown and documents, dashboards, and the open data.

use crate::harness::*;

pub const PLAN: &str = "plan: 04/KH-LĐLĐ
title: {vi: Chỉ tiêu năm 2024, en: Targets 2024}
period: {start: 2024-01-01, end: 2024-12-31}
targets:
  - id: ket-nap-doan-vien
    title: {vi: Kết nạp đoàn viên, en: New members admitted}
    measure: count
    comparator: at-least
    target: 50
    unit: {vi: đoàn viên, en: members}
    reports:
      - {date: 2024-06-30, value: 31}
      - {date: 2024-12-31, value: 1520, note: {vi: Vượt xa, en: Far beyond}}
  - id: cdcs-hoan-thanh-tot
    title: {vi: CĐCS hoàn thành tốt, en: Unions rated good}
    measure: percent
    comparator: more-than
    target: 85
    reports:
      - {date: 2024-12-31, count: 34, of: 40}
    targets:
      - id: cdcs-xuat-sac
        title: {vi: CĐCS xuất sắc, en: Unions rated excellent}
        measure: percent
        target: 20
        reports: [{date: 2024-12-31, count: 9, of: 40}]
";

pub fn site_with_plan() -> TestSite {
    let site = TestSite::new();
    site.write("content/progress/2024-dan-van.yaml", PLAN).write(
        "content/documents/kh.vi.md",
        "---\ntitle: Kế hoạch\ndate: 2024-01-24\nnumber: 04/KH-LĐLĐ\nprogress: 2024-dan-van\n---\nMột chỉ tiêu:\n\n{{ progress(id=\"ket-nap-doan-vien\") }}\n",
    );
    site.write(
        "content/documents/kh.en.md",
        "---\ntitle: Plan\ndate: 2024-01-24\nnumber: 04/KH-LĐLĐ\nprogress: 2024-dan-van\n---\n",
    );
    site
}

#[test]
fn a_bar_says_everything_in_text_and_aria() {
    let site = site_with_plan();
    site.build();
    let html = site.read("progress/2024-dan-van/index.html");
    assert!(html.contains(r#"role="progressbar" aria-label="Kết nạp đoàn viên" aria-valuemin="0" aria-valuemax="100" aria-valuenow="100.0" aria-valuetext="1.520 đoàn viên; ít nhất 50 đoàn viên; Đã đạt""#), "{html}");
    let text = visible_text(&html);
    for expected in [
        "1.520 đoàn viên ( tính đến ngày 31 tháng 12 năm 2024 )",
        "Chỉ tiêu: ít nhất 50 đoàn viên · đạt 3.040,0% chỉ tiêu",
        "85,0% (34/40)",
        "Chỉ tiêu: trên 85%",
        "Đánh giá: Không đạt",
        "Trong đó CĐCS xuất sắc",
        "22,5% (9/40)",
        "ngày 30 tháng 6 năm 2024 : 31 đoàn viên",
        "Vượt xa",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in {text}");
    }
    assert!(
        html.contains(r#"<span class="mark" style="left:85.0%">"#),
        "a mark at the target level"
    );
    assert!(
        html.contains("<svg class=\"progress-chart\""),
        "a history chart for two reports"
    );

    let en = visible_text(&site.read("en/progress/2024-dan-van/index.html"));
    assert!(
        en.contains("1,520 members ( as of 31 December 2024 )"),
        "{en}"
    );
    assert!(en.contains("Target: more than 85%"), "{en}");
    assert!(en.contains("Status: Missed"), "{en}");
}

#[test]
fn shortcodes_and_documents_place_bars() {
    let site = site_with_plan();
    site.build();
    let vi = site.read("documents/kh/index.html");
    let body = &vi[vi.find("Một chỉ tiêu").unwrap()..];
    let first_bar = body.find("role=\"progressbar\"").unwrap();
    assert!(body[..first_bar + 200].contains("Kết nạp đoàn viên"));
    // The document's own targets follow its body, except the one the
    // body placed, which the block after the body points back to.
    assert_eq!(
        vi.matches("role=\"progressbar\"").count(),
        3,
        "1 from the shortcode, 2 after the body"
    );
    assert!(
        vi.contains(r##"Đã nêu ở phần trên: <a href="#2024-dan-van-ket-nap-doan-vien">Kết nạp đoàn viên</a>"##),
        "{vi}"
    );
    let en = site.read("en/documents/kh/index.html");
    assert_eq!(en.matches("role=\"progressbar\"").count(), 3);
    let home = site.read("index.html");
    assert!(
        visible_text(&home).contains("Kế hoạch 04/KH-LĐLĐ : 2 đạt · 1 không đạt Chỉ tiêu năm 2024"),
        "{home}"
    );
    assert!(
        home.contains(r#"<a href="/progress/2024-dan-van/">"#),
        "{home}"
    );
    assert!(
        !home.contains("role=\"progressbar\""),
        "no bars on the home page"
    );
    let overview = visible_text(&site.read("en/progress/index.html"));
    assert!(overview.contains("Targets 2024"), "{overview}");
}

#[test]
fn open_data_has_every_target_and_report() {
    let site = site_with_plan();
    site.build();
    let json: serde_json::Value = serde_json::from_str(&site.read("progress.json")).unwrap();
    let targets = &json["files"][0]["targets"];
    assert_eq!(targets.as_array().unwrap().len(), 3);
    assert_eq!(targets[0]["id"], "ket-nap-doan-vien");
    assert_eq!(targets[0]["status"], "achieved");
    assert_eq!(targets[0]["percent_of_target"], 3040.0);
    assert_eq!(targets[0]["reports"][1]["value"], 1520.0);
    assert_eq!(targets[1]["status"], "missed");
    // 34 of 40 is 85%, not more than 85%: one more unit, and no "100% of target".
    assert_eq!(targets[1]["percent_of_target"], serde_json::Value::Null);
    assert_eq!(targets[1]["missing"], 0.0);
    assert_eq!(targets[1]["missing_count"], 1);
    assert_eq!(targets[1]["over_by"], serde_json::Value::Null);
    assert_eq!(targets[1]["final_report_missing"], false);
    assert_eq!(targets[1]["reports"][0]["figure"], 85.0);
    assert_eq!(targets[2]["parent"], "cdcs-hoan-thanh-tot");
    let csv = site.read("progress.csv");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "file,plan,target_id,parent_id,title_vi,title_en,measure,comparator,target,baseline,status,percent_of_target,missing,missing_count,over_by,over_count,final_report_missing,report_date,value,count,of,figure,note_vi,note_en,units_reported,units_expected"
    );
    assert_eq!(lines.len(), 1 + 4, "one row per target per report");
    assert_eq!(
        lines[2],
        "2024-dan-van,04/KH-LĐLĐ,ket-nap-doan-vien,,Kết nạp đoàn viên,New members admitted,count,at-least,50,0,achieved,3040,,,,,false,2024-12-31,1520,,,1520,Vượt xa,Far beyond,,"
    );
    assert!(
        lines[3].contains(",missed,,0,1,,,false,2024-12-31,,34,40,85,"),
        "{}",
        lines[3]
    );
}

#[test]
fn progress_mistakes_are_located() {
    let site = site_with_plan();
    site.write(
        "content/pages/p.vi.md",
        "---\ntitle: P\n---\nx\n\n{{ progress(id=\"ket-nap\") }}\n{{ progress(file=\"2024\") }}\n",
    )
    .write(
        "content/documents/b.vi.md",
        "---\ntitle: B\ndate: 2024-01-01\nprogress: 2024-danvan\n---\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert_eq!(
        errors[0],
        "content/documents/b.vi.md:4:1: there is no progress file content/progress/2024-danvan.yaml (did you mean `2024-dan-van`?)"
    );
    assert!(
        errors[1].starts_with("content/pages/p.vi.md:6:1: no progress file has a target `ket-nap`"),
        "{}",
        errors[1]
    );
    assert!(
        errors[2].starts_with(
            "content/pages/p.vi.md:7:1: there is no progress file content/progress/2024.yaml"
        ),
        "{}",
        errors[2]
    );
}

#[test]
fn a_plan_number_matching_no_document_is_a_warning() {
    let site = TestSite::new();
    site.write(
        "content/progress/p.yaml",
        &PLAN.replace("04/KH-LĐLĐ", "99/KH-LĐLĐ"),
    );
    let report = site.build();
    let plan: Vec<String> = report
        .warnings
        .iter()
        .map(ToString::to_string)
        .filter(|w| w.contains("plan:"))
        .collect();
    assert_eq!(plan.len(), 1, "{:?}", report.warnings);
    assert!(
        plan[0].starts_with("content/progress/p.yaml:1:7: `plan: 99/KH-LĐLĐ` matches no document"),
        "{}",
        plan[0]
    );
}

#[test]
fn a_broken_progress_file_is_reported_once_not_as_missing() {
    let site = site_with_plan();
    site.write(
        "content/progress/2024-dan-van.yaml",
        &PLAN.replace("measure: count", "measure: counts"),
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(
        errors[0].contains("`measure` must be one of count, percent, done"),
        "{}",
        errors[0]
    );
}
