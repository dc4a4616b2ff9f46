//! Editors' input as staff really type it: Vietnamese titles with commas
//! and colons, whole plans pasted from Word. Every mistake is reported in
//! one run at the line where it was made, by `build` and `check` alike.

use crate::harness::*;
use danvan::error::Mistake;

/// A progress file shaped like a real district plan's, with its comma
/// mistake on line 30.
fn real_plan_progress() -> String {
    let mut text = String::from(
        "plan: 04/KH-LĐLĐ\ntitle: {vi: Chỉ tiêu công tác dân vận năm 2024, en: Mass mobilisation targets 2024}\nperiod: {start: 2024-01-01, end: 2024-12-31}\ntargets:\n",
    );
    for i in 0..5 {
        text.push_str(&format!(
            "  - id: chi-tieu-{i}\n    title: {{vi: \"Chỉ tiêu {i}, có dấu phẩy trong ngoặc kép\", en: Target {i}}}\n    measure: count\n    target: 10\n    reports:\n      - {{date: 2024-06-30, value: 4}}\n"
        ));
    }
    assert_eq!(text.lines().count(), 34);
    text.push_str("  - id: quy-che-dan-chu\n    title: {vi: Cơ quan, đơn vị ban hành Quy chế dân chủ ở cơ sở, en: Agencies and units with grassroots democracy rules}\n    measure: percent\n    target: 100\n");
    text
}

#[test]
fn an_unquoted_comma_in_a_real_plan_is_found_on_its_own_line_with_the_fix() {
    let site = TestSite::new();
    site.write("content/progress/2024-dan-van.yaml", &real_plan_progress());
    let errors = site.build_errors();
    assert_eq!(
        errors,
        [
            "content/progress/2024-dan-van.yaml:36:17: the comma after `Cơ quan` ends the text: put it in quotes: `vi: \"Cơ quan, đơn vị ban hành Quy chế dân chủ ở cơ sở\"`"
        ]
    );
}

#[test]
fn a_recipient_list_split_by_a_comma_is_a_warning_at_its_line() {
    let site = TestSite::new();
    site.write(
        "content/documents/2024/kh/index.vi.md",
        "---\ntitle: Kế hoạch\ndate: 2024-03-01\ntype: ke-hoach\nnumber: 12/KH-LĐLĐ\nrecipients: [Các LĐLĐ tỉnh, thành phố, Lưu]\n---\n",
    );
    let report = site.build();
    let warnings: Vec<String> = report.warnings.iter().map(ToString::to_string).collect();
    assert!(
        warnings.iter().any(|w| w.starts_with(
            "content/documents/2024/kh/index.vi.md:6:29: `thành phố` starts with a small letter"
        )),
        "{warnings:#?}"
    );
    let run = site.run(&["build"]);
    assert!(
        run.stderr
            .contains("warning: content/documents/2024/kh/index.vi.md:6:29:"),
        "{}",
        run.stderr
    );
}

#[test]
fn three_mistakes_in_one_file_come_in_one_run() {
    let site = TestSite::new();
    site.write(
        "content/documents/2024/kh.vi.md",
        "---\ntitel: Kế hoạch\ndate: 2024-13-01\ntype: ke-hoach\nnumber: 04/KH-LĐLĐ\nstatus: inforce\n---\n",
    );
    let errors = site.build_errors();
    assert_eq!(errors.len(), 3, "{errors:#?}");
    assert!(errors[0].contains(":2:1: unknown key `titel`"));
    assert!(errors[1].contains(":3:7: `2024-13-01` is not a date"));
    assert!(errors[2].contains(":6:9: `status` must be one of"));
}

#[test]
fn a_broken_site_yaml_does_not_hide_the_content_errors() {
    let site = TestSite::new();
    site.write(
        "content/site.yaml",
        "title: A\nbase_ulr: https://x.org/\nlanguages: [vi, en\n",
    )
    .write("content/pages/a.vi.md", "---\ntitel: A\n---\n")
    .write(
        "content/stories/s.vi.md",
        "---\ntitle: S\nyear: hai nghìn\n---\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    let errors: Vec<&str> = run
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 3, "{}", run.stderr);
    assert!(errors[0].contains("content/pages/a.vi.md:2:1: unknown key `titel`"));
    assert!(
        errors[1].starts_with("error: content/site.yaml:3:12:"),
        "{}",
        errors[1]
    );
    assert!(errors[2].contains("content/stories/s.vi.md:3:7: write a whole number"));
    assert!(
        run.stderr
            .contains("3 errors in 3 files; nothing was written"),
        "{}",
        run.stderr
    );
}

#[test]
fn build_and_check_report_the_same_content_errors() {
    let site = TestSite::new();
    site.write("content/pages/a.vi.md", "---\ntitle: A: B\n---\n")
        .write("content/progress/p.yaml", "title: P\nperiod: {start: 2024-01-01, end: 2024-12-31}\ntargets:\n  - {id: a, title: A, measure: count, target: 1.000}\n");
    let errors = |cmd| {
        let run = site.run(&[cmd]);
        assert_eq!(run.code, 1, "{}", run.stderr);
        run.stderr
            .lines()
            .filter(|l| l.starts_with("error:"))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let built = errors("build");
    assert_eq!(built.len(), 2, "{built:#?}");
    assert_eq!(built, errors("check"));
}

#[test]
fn mistakes_have_kinds_a_tool_can_match() {
    let site = TestSite::new();
    site.write(
        "content/pages/a.vi.md",
        "---\ntitle: A\nsumary: B\ndraft: chưa\n---\n",
    );
    let options = danvan::BuildOptions {
        site: site.path().to_path_buf(),
        ..Default::default()
    };
    let mut d = danvan::build(&options).unwrap_err();
    d.sort();
    let kinds: Vec<&Mistake> = d.errors.iter().filter_map(|e| e.mistake_kind()).collect();
    assert!(
        matches!(kinds[0], Mistake::UnknownKey { key, suggestion: Some(s), .. } if key == "sumary" && s == "summary")
    );
    assert!(
        matches!(kinds[1], Mistake::WrongType { expected, .. } if expected == "`true` or `false`")
    );
}

#[test]
fn a_huge_percentage_is_an_error_not_a_zero() {
    let site = TestSite::new();
    site.write("content/progress/p.yaml", "title: P\nperiod: {start: 2024-01-01, end: 2024-12-31}\ntargets:\n  - id: a\n    title: A\n    measure: percent\n    target: 85\n    reports:\n      - {date: 2024-06-30, value: 1e40}\n");
    let errors = site.build_errors();
    assert_eq!(
        errors,
        ["content/progress/p.yaml:9:35: `1e40` is too large for a figure"]
    );
}

#[test]
fn hostile_yaml_is_refused_in_milliseconds() {
    let site = TestSite::new();
    let deep = format!("---\ntitle: A\ntags: {}\n---\n", "[".repeat(100_000));
    let bomb = "---\ntitle: A\nextra:\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n  c: [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n---\n";
    site.write("content/pages/deep.vi.md", &deep)
        .write("content/pages/bomb.vi.md", bomb);
    let started = std::time::Instant::now();
    let errors = site.build_errors();
    assert!(started.elapsed().as_secs() < 5, "{:?}", started.elapsed());
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/pages/deep.vi.md:3:") && e.contains("nested")),
        "{errors:#?}"
    );
    assert!(
        errors
            .iter()
            .any(|e| e.starts_with("content/pages/bomb.vi.md:4:6:") && e.contains("anchor")),
        "{errors:#?}"
    );
}
