//! The arithmetic of the roll-up: sum, share (with `counts:`), ratio, a
//! unit founded mid-year, one closed, one that has not reported, and the
//! latest figure of a unit that skipped a round.

use super::*;
use crate::progress::status::Status;
use std::path::Path;

const UNITS: &str = "units:
  - {id: a, name: Trường A, kind: hcsn}
  - {id: b, name: Trường B, kind: hcsn}
  - {id: c, name: Công ty C, kind: dn}
  - {id: d, name: Trạm D, kind: hcsn, founded: 2024-07-01}
  - {id: e, name: Xã E, kind: hcsn, closed: 2024-10-01}
";

fn units() -> Units {
    super::super::parse(Path::new("content/units.yaml"), UNITS, &[])
        .into_result()
        .unwrap()
}

fn progress(targets: &str) -> Progress {
    let text =
        format!("title: T\nperiod: {{start: 2024-01-01, end: 2024-12-31}}\ntargets:\n{targets}");
    let file = crate::progress::parse("p", Path::new("content/progress/p.yaml"), &text, &[])
        .into_result()
        .unwrap_or_else(|e| panic!("{e:?}"));
    let mut progress = Progress::default();
    progress.files.insert("p".into(), file);
    progress
}

fn date(s: &str) -> Date {
    Date::parse(s).unwrap()
}

fn answer(unit: &str, day: &str, answer: Answer) -> UnitAnswer {
    UnitAnswer {
        unit: unit.into(),
        date: date(day),
        answer,
        location: Location::file("x"),
    }
}

fn n(i: i64) -> Answer {
    Answer::Number(Number::Int(i))
}

fn roll(targets: &str, given: Vec<(&str, Vec<UnitAnswer>)>) -> Target {
    let mut p = progress(targets);
    let mut answers = Answers::new();
    let by_target = answers.entry("p".into()).or_default();
    for (t, mut list) in given {
        list.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.unit.cmp(&b.unit)));
        by_target.insert(t.into(), list);
    }
    let d = roll_up(&mut p, &units(), answers);
    assert!(d.errors.is_empty(), "{:?}", d.errors);
    p.files["p"].targets[0].clone()
}

fn figures(t: &Target) -> Vec<(String, Figure, Coverage)> {
    t.reports
        .iter()
        .map(|r| (r.date.to_string(), r.figure, r.units.unwrap()))
        .collect()
}

fn cov(reported: usize, expected: usize) -> Coverage {
    Coverage { reported, expected }
}

fn amount_of(i: i64) -> Figure {
    Figure::Amount(Rational::from_int(i))
}

const SUM: &str = "  - {id: k, title: K, measure: count, target: 20, from_units: sum}\n";

#[test]
fn sum_adds_each_expected_units_latest_figure() {
    // b skips the December round: its June figure still counts.
    let t = roll(
        SUM,
        vec![(
            "k",
            vec![
                answer("a", "2024-06-30", n(3)),
                answer("b", "2024-06-30", n(2)),
                answer("e", "2024-06-30", n(1)),
                answer("a", "2024-12-31", n(7)),
                answer("d", "2024-12-31", n(4)),
            ],
        )],
    );
    assert_eq!(
        figures(&t),
        vec![
            // a, b, c, e expected (d not founded yet); c has not reported.
            ("2024-06-30".into(), amount_of(6), cov(3, 4)),
            // e closed, d founded: a 7 + b 2 + d 4; b and c did not answer.
            ("2024-12-31".into(), amount_of(13), cov(2, 4)),
        ]
    );
    let from = t.from_units.as_ref().unwrap();
    assert_eq!(from.rounds[1].expected, vec!["a", "b", "c", "d"]);
    assert_eq!(from.rounds[1].reported, vec!["a", "d"]);
    assert_eq!(t.status, Status::Missed);
}

#[test]
fn sum_starts_from_the_baseline() {
    let t = roll(
        "  - {id: k, title: K, measure: count, target: 120, baseline: 100, from_units: sum}\n",
        vec![("k", vec![answer("a", "2024-12-31", n(25))])],
    );
    assert_eq!(t.reports[0].figure, amount_of(125));
    assert_eq!(t.status, Status::Achieved);
}

#[test]
fn share_counts_yes_over_every_expected_unit() {
    let t = roll(
        "  - {id: s, title: S, measure: percent, target: 100, from_units: share}\n",
        vec![(
            "s",
            vec![
                answer("a", "2024-06-30", Answer::Yes(true)),
                answer("b", "2024-06-30", Answer::Yes(false)),
            ],
        )],
    );
    let r = &t.reports[0];
    // c and e have not reported: they have not done it.
    assert_eq!(
        (r.count, r.of),
        (Some(Number::Int(1)), Some(Number::Int(4)))
    );
    assert_eq!(r.figure, Figure::Amount(Rational::from_int(25)));
    assert_eq!(r.units, Some(cov(2, 4)));
}

#[test]
fn share_with_counts_and_a_kind() {
    let t = roll(
        "  - {id: s, title: S, measure: percent, comparator: more-than, target: 50, from_units: share, counts: [xuat-sac, tot], units: {kind: hcsn}}\n",
        vec![(
            "s",
            vec![
                answer(
                    "a",
                    "2024-12-31",
                    Answer::Word {
                        slug: "tot".into(),
                        written: "Tốt".into(),
                    },
                ),
                answer(
                    "b",
                    "2024-12-31",
                    Answer::Word {
                        slug: "kha".into(),
                        written: "Khá".into(),
                    },
                ),
                answer(
                    "d",
                    "2024-12-31",
                    Answer::Word {
                        slug: "xuat-sac".into(),
                        written: "Xuất sắc".into(),
                    },
                ),
            ],
        )],
    );
    // hcsn units open on 31 December: a, b, d (e closed, c is dn).
    let r = &t.reports[0];
    assert_eq!(
        (r.count, r.of),
        (Some(Number::Int(2)), Some(Number::Int(3)))
    );
    assert_eq!(r.units, Some(cov(3, 3)));
    assert_eq!(t.status, Status::Achieved);
}

#[test]
fn ratio_adds_counts_and_wholes_of_units_that_reported() {
    let ratio = |c, o| Answer::Ratio {
        count: Number::Int(c),
        of: Number::Int(o),
    };
    let t = roll(
        "  - {id: r, title: R, measure: percent, target: 85, from_units: ratio}\n",
        vec![(
            "r",
            vec![
                answer("a", "2024-06-30", ratio(3, 4)),
                answer("c", "2024-06-30", ratio(5, 6)),
                answer("a", "2024-12-31", ratio(4, 4)),
            ],
        )],
    );
    let r = &t.reports;
    assert_eq!(
        (r[0].count, r[0].of),
        (Some(Number::Int(8)), Some(Number::Int(10)))
    );
    assert_eq!(r[0].units, Some(cov(2, 4)));
    // c's June figure is its latest in December.
    assert_eq!(
        (r[1].count, r[1].of),
        (Some(Number::Int(9)), Some(Number::Int(10)))
    );
    assert_eq!(r[1].units, Some(cov(1, 4)));
    assert_eq!(t.status, Status::Achieved);
}

#[test]
fn a_target_without_answers_has_no_data() {
    let t = roll(SUM, vec![]);
    assert!(t.reports.is_empty());
    assert_eq!(t.status, Status::NoData);
}

#[test]
fn a_kind_no_unit_has_is_an_error_with_the_closest() {
    let mut p = progress(
        "  - {id: s, title: S, measure: percent, target: 50, from_units: share, units: {kind: hcs}}\n",
    );
    let d = roll_up(&mut p, &units(), Answers::new());
    assert!(
        d.errors[0]
            .to_string()
            .contains("no unit in content/units.yaml is of kind `hcs` (did you mean `hcsn`?)"),
        "{}",
        d.errors[0]
    );
}

#[test]
fn from_units_without_a_units_file_is_an_error() {
    let mut p = progress(SUM);
    let d = roll_up(&mut p, &Units::default(), Answers::new());
    assert!(
        d.errors[0]
            .to_string()
            .contains("there is no content/units.yaml")
    );
}

#[test]
fn a_running_total_that_falls_is_a_warning() {
    let mut p = progress(SUM);
    let mut answers = Answers::new();
    answers.entry("p".into()).or_default().insert(
        "k".into(),
        vec![
            answer("a", "2024-06-30", n(5)),
            answer("b", "2024-06-30", n(1)),
            answer("a", "2024-12-31", n(3)),
            answer("b", "2024-12-31", n(2)),
        ],
    );
    let d = roll_up(&mut p, &units(), answers);
    assert!(d.errors.is_empty());
    assert_eq!(d.warnings.len(), 1, "{:?}", d.warnings);
    assert!(
        d.warnings[0].message.contains(
            "unit `a` gives 3 for `k` on 2024-12-31, less than the 5 it gave on 2024-06-30"
        )
    );
}

#[test]
fn units_may_select_several_kinds() {
    let t = roll(
        "  - {id: s, title: S, measure: percent, target: 50, from_units: share, units: {kind: [hcsn, dn]}}\n",
        vec![("s", vec![answer("c", "2024-06-30", Answer::Yes(true))])],
    );
    // a, b, c, e: every open unit of either kind.
    assert_eq!(t.reports[0].units, Some(cov(1, 4)));
    assert_eq!(
        t.from_units.as_ref().unwrap().selector.kinds,
        ["hcsn", "dn"]
    );
}
