//! The status table of SPEC §4 and the validation errors, with positions.

use super::*;

fn file(targets: &str) -> Result<ProgressFile, Vec<Error>> {
    let text =
        format!("title: T\nperiod: {{start: 2024-01-01, end: 2024-12-31}}\ntargets:\n{targets}");
    parse(
        "p",
        Path::new("content/progress/p.yaml"),
        &text,
        &["vi", "en"],
    )
    .into_result()
}

fn status_of(measure: &str, comparator: &str, target: &str, reports: &str) -> Status {
    let t = format!(
        "  - id: t\n    title: T\n    measure: {measure}\n    comparator: {comparator}\n{target}    reports: [{reports}]\n"
    );
    file(&t).unwrap_or_else(|e| panic!("{e:?}")).targets[0].status
}

#[test]
fn status_table() {
    use Status::*;
    let t50 = "    target: 50\n";
    let t85 = "    target: 85\n";
    #[rustfmt::skip]
    let cases: &[(&str, &str, &str, &str, Status)] = &[
        // count, at-least: the straight line from 0 on Jan 1 to 50 on Dec 31.
        ("count", "at-least", t50, "", NoData),
        ("count", "at-least", t50, "{date: 2024-06-30, value: 31}", OnTrack),
        ("count", "at-least", t50, "{date: 2024-06-30, value: 20}", Behind),
        ("count", "at-least", t50, "{date: 2024-06-30, value: 50}", Achieved),
        ("count", "at-least", t50, "{date: 2024-12-31, value: 56}", Achieved),
        ("count", "at-least", t50, "{date: 2024-12-31, value: 49}", Missed),
        // more-than is strict, on the line or not.
        ("count", "more-than", t50, "{date: 2024-12-31, value: 50}", Missed),
        ("count", "more-than", t50, "{date: 2024-12-31, value: 51}", Achieved),
        ("count", "more-than", t50, "{date: 2024-06-30, value: 50}", OnTrack),
        // exactly, and at-most which is only achieved once the period is over.
        ("count", "exactly", t50, "{date: 2024-06-30, value: 40}", Behind),
        ("count", "exactly", t50, "{date: 2024-06-30, value: 50}", Achieved),
        ("count", "exactly", t50, "{date: 2024-12-31, value: 51}", Missed),
        ("count", "at-most", t50, "{date: 2024-06-30, value: 10}", OnTrack),
        ("count", "at-most", t50, "{date: 2024-06-30, value: 60}", Behind),
        ("count", "at-most", t50, "{date: 2024-12-31, value: 50}", Achieved),
        ("count", "at-most", t50, "{date: 2024-12-31, value: 51}", Missed),
        // percent: no straight line, either at its level or behind.
        ("percent", "more-than", t85, "{date: 2024-12-31, count: 34, of: 40}", Missed),
        ("percent", "more-than", t85, "{date: 2024-12-31, count: 35, of: 40}", Achieved),
        ("percent", "more-than", t85, "{date: 2024-06-30, count: 34, of: 40}", Behind),
        ("percent", "more-than", t85, "{date: 2024-06-30, value: 85.1}", Achieved),
        ("percent", "at-least", t85, "{date: 2024-06-30, value: 84.9}", Behind),
        ("percent", "at-least", t85, "{date: 2024-12-31, value: 85}", Achieved),
        ("percent", "exactly", "    target: 100\n", "{date: 2024-12-31, count: 40, of: 40}", Achieved),
        ("percent", "at-most", "    target: 5\n", "{date: 2024-03-31, value: 2.5}", OnTrack),
        ("percent", "at-most", "    target: 5\n", "{date: 2024-12-31, value: 2.5}", Achieved),
        ("percent", "at-most", "    target: 5\n", "{date: 2024-12-31, value: 5.5}", Missed),
        ("percent", "at-least", t85, "", NoData),
    ];
    for (measure, comparator, target, reports, expected) in cases {
        let got = status_of(measure, comparator, target, reports);
        assert_eq!(
            got, *expected,
            "{measure} {comparator} {target:?} {reports}"
        );
    }
}

#[test]
fn status_uses_the_latest_report_and_the_baseline() {
    // 1,200 → 1,500 members: at mid-year the line stands at 1,350.
    let t = "  - id: t\n    title: T\n    measure: count\n    target: 1500\n    baseline: 1200\n    reports:\n      - {date: 2024-03-31, value: 1250}\n      - {date: 2024-07-01, value: 1360}\n";
    assert_eq!(file(t).unwrap().targets[0].status, Status::OnTrack);
    let t = t.replace("1360", "1340");
    assert_eq!(file(&t).unwrap().targets[0].status, Status::Behind);
}

#[test]
fn done_targets() {
    let done = |reports: &str| {
        let t = format!("  - id: t\n    title: T\n    measure: done\n    reports: [{reports}]\n");
        file(&t).unwrap().targets[0].status
    };
    assert_eq!(done(""), Status::NoData);
    assert_eq!(done("{date: 2024-04-18, value: true}"), Status::Achieved);
    assert_eq!(done("{date: 2024-06-30, value: false}"), Status::Behind);
    assert_eq!(done("{date: 2024-12-31, value: false}"), Status::Missed);
}

#[test]
fn sub_targets_follow_their_parent() {
    let t = "  - id: a\n    title: A\n    measure: percent\n    comparator: more-than\n    target: 85\n    targets:\n      - id: b\n        title: B\n        measure: percent\n        target: 20\n        reports: [{date: 2024-12-31, count: 9, of: 40}]\n  - id: c\n    title: C\n    measure: done\n";
    let f = file(t).unwrap();
    let ids: Vec<&str> = f.targets.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(f.targets[1].parent, Some(0));
    assert_eq!(f.targets[1].status, Status::Achieved);
    assert_eq!(f.children(0).count(), 1);
}

fn errors(targets: &str) -> Vec<String> {
    file(targets)
        .unwrap_err()
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn validation_errors_name_their_line() {
    let e = errors(
        "  - id: t\n    title: T\n    measure: count\n    comparator: atleast\n    target: 5\n",
    );
    assert_eq!(
        e,
        [
            "content/progress/p.yaml:7:17: `comparator` must be one of at-least, more-than, exactly, at-most; found `atleast` (did you mean `at-least`?)"
        ]
    );
    let e = errors("  - id: t\n    title: T\n    measure: counts\n");
    assert!(
        e[0].starts_with(
            "content/progress/p.yaml:6:14: `measure` must be one of count, percent, done"
        ),
        "{e:?}"
    );
    let e = errors("  - id: t\n    title: T\n    measure: count\n    target: \"1.520\"\n");
    assert!(
        e[0].contains("`1.520` has a `.` before three digits"),
        "{e:?}"
    );
    assert!(e[0].starts_with("content/progress/p.yaml:7:13:"), "{e:?}");
    let e = errors("  - id: t\n    title: T\n    measure: percent\n    target: \"85%\"\n");
    assert!(e[0].contains("without `%`, e.g. 85"), "{e:?}");
}

#[test]
fn report_checks_are_all_reported_at_their_reports() {
    let t = "  - id: t\n    title: T\n    measure: percent\n    target: 85\n    reports:\n      - {date: 2024-06-30, count: 41, of: 40}\n      - {date: 2024-03-31, count: 1, of: 0}\n      - {date: 2025-01-15, value: -3}\n  - id: t\n    title: U\n    measure: count\n    target: 5\n    reports:\n      - {date: 2024-02-01, count: 1, of: 2}\n";
    let e = errors(t);
    assert_eq!(e.len(), 7, "{e:#?}");
    assert!(
        e[0].starts_with("content/progress/p.yaml:9:16: `count` (41) is greater than `of` (40)"),
        "{}",
        e[0]
    );
    assert!(e[1].starts_with("content/progress/p.yaml:10:16: the report of 2024-03-31 comes after the one of 2024-06-30"), "{}", e[1]);
    assert!(
        e[2].starts_with("content/progress/p.yaml:10:16: `of: 0` has nothing to count"),
        "{}",
        e[2]
    );
    assert!(
        e[3].starts_with(
            "content/progress/p.yaml:11:16: the report date 2025-01-15 is outside the period"
        ),
        "{}",
        e[3]
    );
    assert!(
        e[4].starts_with("content/progress/p.yaml:11:16: the figure -3 is negative"),
        "{}",
        e[4]
    );
    assert!(
        e[5].starts_with("content/progress/p.yaml:12:9: the id `t` is used twice"),
        "{}",
        e[5]
    );
    assert!(
        e[6].starts_with("content/progress/p.yaml:17:16: `count`/`of` is for percentages"),
        "{}",
        e[6]
    );
}

#[test]
fn ids_resolve_by_the_rules_of_the_spec() {
    let a = parse("2024", Path::new("a.yaml"), "title: A\nperiod: {start: 2024-01-01, end: 2024-12-31}\ntargets:\n  - {id: x, title: X, measure: done}\n  - {id: only-a, title: Y, measure: done}\n", &["vi", "en"]).into_result().unwrap();
    let b = parse("2025", Path::new("b.yaml"), "title: B\nperiod: {start: 2025-01-01, end: 2025-12-31}\ntargets:\n  - {id: x, title: X, measure: done}\n", &["vi", "en"]).into_result().unwrap();
    let mut progress = Progress::default();
    progress.files.insert("2024".into(), a);
    progress.files.insert("2025".into(), b);
    assert_eq!(
        progress.resolve("2025/x", None),
        Ok(("2025".into(), "x".into()))
    );
    assert_eq!(
        progress.resolve("x", Some("2024")),
        Ok(("2024".into(), "x".into()))
    );
    assert_eq!(
        progress.resolve("only-a", None),
        Ok(("2024".into(), "only-a".into()))
    );
    assert_eq!(
        progress.resolve("x", None),
        Err("several progress files have a target `x`: write one of `2024/x`, `2025/x`".into())
    );
    assert_eq!(
        progress.resolve("only-b", None),
        Err("no progress file has a target `only-b` (did you mean `only-a`?)".into())
    );
    assert!(
        progress.resolve("2026/x", None).unwrap_err().contains(
            "there is no progress file content/progress/2026.yaml (did you mean `2024`?)"
        )
    );
}

#[test]
fn counts_are_whole_numbers_so_a_thousands_dot_is_caught() {
    let e = errors("  - id: t\n    title: T\n    measure: count\n    target: 1.520\n");
    assert_eq!(
        e,
        [
            "content/progress/p.yaml:7:13: `1.520` has a `.` before three digits, as in a thousands separator: write 1520 if that is the number, or 1.52 for a decimal; numbers in YAML have no thousands separator and a dot for decimals"
        ]
    );
    let e = errors(
        "  - id: t\n    title: T\n    measure: count\n    target: 5\n    reports: [{date: 2024-06-30, value: 1.2}]\n",
    );
    assert!(e[0].contains("`value` counts whole things"), "{e:?}");
    let e = errors(
        "  - id: t\n    title: T\n    measure: percent\n    target: 85\n    reports: [{date: 2024-06-30, count: 1.5, of: 2}]\n",
    );
    assert!(e[0].contains("`count` counts whole things"), "{e:?}");
}

#[test]
fn percentages_stay_within_100_and_done_takes_no_comparator() {
    let e = errors(
        "  - id: t\n    title: T\n    measure: percent\n    target: 85\n    reports: [{date: 2024-06-30, value: 150}]\n",
    );
    assert!(e[0].contains("150 is more than 100"), "{e:?}");
    let e = errors("  - id: t\n    title: T\n    measure: done\n    comparator: more-than\n");
    assert!(
        e[0].contains("a `done` target takes no `comparator:`"),
        "{e:?}"
    );
}

#[test]
fn positions_follow_the_keys_however_the_date_is_written() {
    let t = "  - id: a\n    title: A\n    measure: count\n    target: 5\n    reports:\n      - {date: 2024-6-30, value: -3}\n  - id: b\n    title: B\n    measure: count\n    target: 5\n    reports:\n      - {date: 2024-06-30, value: 3}\n";
    let e = errors(t);
    assert!(
        e[0].starts_with("content/progress/p.yaml:9:16: the figure -3 is negative"),
        "{e:?}"
    );
}

#[test]
fn a_target_left_out_does_not_hide_the_mistakes_of_the_next() {
    let e = errors(
        "  - id: a\n    title: A\n    target: 5\n  - id: b\n    title: B\n    measure: count\n",
    );
    assert_eq!(e.len(), 2, "{e:#?}");
    assert!(e[0].contains("`measure` is required"), "{}", e[0]);
    assert!(
        e[1].starts_with("content/progress/p.yaml:7:9: target `b` needs `target:`"),
        "{}",
        e[1]
    );
}

#[test]
fn a_thousand_targets_without_a_figure_are_each_reported_once() {
    let mut targets = String::new();
    for i in 0..1000 {
        targets.push_str(&format!("  - {{id: t{i}, title: T, measure: count}}\n"));
    }
    assert_eq!(errors(&targets).len(), 1000);
}
