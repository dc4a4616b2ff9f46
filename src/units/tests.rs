//! `units.yaml` read and checked, units found by id or name, and cells
//! read for each kind of target.

use super::answers::{Answer, interpret, yes_no};
use super::rollup::Rule;
use super::sheet::Raw;
use super::*;
use crate::number::Number;

fn errors(text: &str) -> Vec<String> {
    parse(Path::new("content/units.yaml"), text, &[])
        .errors
        .iter()
        .map(|e| e.to_string())
        .collect()
}

#[test]
fn units_are_read_with_their_dates() {
    let units = parse(
        Path::new("content/units.yaml"),
        "units:\n  - id: thcs-muong-so\n    name: Công đoàn cơ sở Trường THCS Mường So\n    kind: hcsn\n    founded: 2015-09-01\n    closed: 2024-10-01\n",
        &[],
    )
    .into_result()
    .unwrap();
    let u = &units.units[0];
    assert_eq!(u.kind.as_deref(), Some("hcsn"));
    assert!(u.open_on(Date::parse("2024-09-30").unwrap()));
    // Not expected after its closing date; its closing day still counts.
    assert!(u.open_on(Date::parse("2024-10-01").unwrap()));
    assert!(!u.open_on(Date::parse("2024-10-02").unwrap()));
    assert!(!u.open_on(Date::parse("2015-08-31").unwrap()));
}

#[test]
fn mistakes_in_units_are_located() {
    let e = errors(
        "units:\n  - {id: A b, name: X}\n  - {id: c, name: X}\n  - {id: c, nme: Y}\n  - {id: d, name: Z, founded: 2024-05-01, closed: 2024-01-01}\n",
    );
    let all = e.join("\n");
    assert!(
        all.contains("content/units.yaml:2:10: the unit id `A b` must be lower-case"),
        "{all}"
    );
    assert!(
        all.contains("content/units.yaml:3:19: two units have the name `X` (the other at line 2)"),
        "{all}"
    );
    assert!(
        all.contains("content/units.yaml:4:10: the unit id `c` is used twice (first at line 3)"),
        "{all}"
    );
    assert!(
        all.contains("unknown key `nme` (did you mean `name`?)"),
        "{all}"
    );
    assert!(
        all.contains("unit `d` closes (2024-01-01) before it is founded (2024-05-01)"),
        "{all}"
    );
}

#[test]
fn units_are_found_by_id_or_exact_name_in_any_unicode_form() {
    let units = parse(
        Path::new("u.yaml"),
        "units:\n  - {id: tram-y-te, name: Công đoàn Trạm Y tế xã Mường So}\n",
        &[],
    )
    .into_result()
    .unwrap();
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = "công đoàn  Trạm Y tế xã Mường So ".nfd().collect();
    assert_eq!(units.find(&nfd).unwrap().id, "tram-y-te");
    assert_eq!(units.find("tram-y-te").unwrap().id, "tram-y-te");
    assert_eq!(units.find(" TRAM-Y-TE").unwrap().id, "tram-y-te");
    assert!(units.find("Trạm Y tế").is_none());
    assert_eq!(units.closest("tram-y-tee").as_deref(), Some("tram-y-te"));
}

fn target(rule: &str, measure: &str) -> crate::progress::Target {
    let text = format!(
        "title: T\nperiod: {{start: 2024-01-01, end: 2024-12-31}}\ntargets:\n  - {{id: t, title: T, measure: {measure}, target: 50, from_units: {rule}}}\n"
    );
    crate::progress::parse("p", Path::new("p.yaml"), &text, &[])
        .into_result()
        .unwrap()
        .targets
        .remove(0)
}

#[test]
fn cells_are_read_as_each_target_needs() {
    let sum = target("sum", "count");
    let text = |s: &str| Raw::Text(s.to_string());
    let read = |raw: Raw| interpret(&raw, &sum, Rule::Sum, None);
    assert_eq!(
        read(Raw::Number(Number::Int(3))),
        Ok(Some(Answer::Number(Number::Int(3))))
    );
    assert_eq!(read(text("12")), Ok(Some(Answer::Number(Number::Int(12)))));
    assert_eq!(read(Raw::Empty), Ok(None));
    assert!(
        read(text("1.520"))
            .unwrap_err()
            .contains("write 1520 if that is the number")
    );
    assert!(read(text("1,5")).unwrap_err().contains("decimal comma"));
    assert!(
        read(Raw::Number(Number::Float(1.5)))
            .unwrap_err()
            .contains("not a whole number")
    );
    assert!(
        read(Raw::Bool(true))
            .unwrap_err()
            .contains("is a number, not yes/no")
    );
    assert!(
        read(Raw::Other("a date".into()))
            .unwrap_err()
            .contains("holds a date")
    );

    let share = target("share", "percent");
    let yes = |raw: Raw| interpret(&raw, &share, Rule::Share, None);
    assert_eq!(yes(text("có")), Ok(Some(Answer::Yes(true))));
    assert_eq!(yes(text("Không")), Ok(Some(Answer::Yes(false))));
    assert_eq!(yes(text("x")), Ok(Some(Answer::Yes(true))));
    assert_eq!(yes(Raw::Bool(false)), Ok(Some(Answer::Yes(false))));
    assert!(
        yes(text("Tốt"))
            .unwrap_err()
            .contains("write `có` or `không`")
    );
    assert!(
        yes(Raw::Number(Number::Int(1)))
            .unwrap_err()
            .contains("not with a number")
    );
    let words = vec!["tot".to_string()];
    let word = |raw: Raw| interpret(&raw, &share, Rule::Share, Some(&words));
    assert_eq!(
        word(text("Xuất sắc")),
        Ok(Some(Answer::Word {
            slug: "xuat-sac".into(),
            written: "Xuất sắc".into()
        }))
    );
    assert!(
        word(Raw::Bool(true))
            .unwrap_err()
            .contains("a word such as `tot`")
    );

    let ratio = target("ratio", "percent");
    let part = |c: Raw, o: Raw| {
        interpret(
            &Raw::Ratio(Box::new(c), Box::new(o)),
            &ratio,
            Rule::Ratio,
            None,
        )
    };
    assert_eq!(
        part(text("3"), Raw::Number(Number::Int(4))),
        Ok(Some(Answer::Ratio {
            count: Number::Int(3),
            of: Number::Int(4)
        }))
    );
    assert_eq!(part(Raw::Empty, Raw::Empty), Ok(None));
    assert!(
        part(text("5"), text("4"))
            .unwrap_err()
            .contains("greater than `of`")
    );
    assert!(
        part(text("5"), Raw::Empty)
            .unwrap_err()
            .contains("the column `t.of`")
    );
}

#[test]
fn yes_no_cells() {
    for (cell, value) in [
        ("có", true),
        ("CÓ", true),
        ("X", true),
        ("true", true),
        ("không", false),
        ("FALSE", false),
    ] {
        assert_eq!(yes_no(cell), Some(value), "{cell}");
    }
    assert_eq!(yes_no("tot"), None);
}

#[test]
fn from_units_rules_in_the_progress_file() {
    let text = "title: T\nperiod: {start: 2024-01-01, end: 2024-12-31}\ntargets:
  - {id: a, title: A, measure: count, target: 5, from_units: sum, reports: [{date: 2024-06-30, value: 1}]}
  - {id: b, title: B, measure: count, target: 5, from_units: share}
  - {id: c, title: C, measure: count, target: 5, counts: [tot]}
  - {id: d, title: D, measure: percent, target: 5, from_units: ratio, counts: [tot]}
  - {id: e, title: E, measure: percent, target: 5, from_units: summ}
";
    let parsed = crate::progress::parse("p", Path::new("p.yaml"), text, &[]);
    let all: Vec<String> = parsed.errors.iter().map(|e| e.to_string()).collect();
    let all = all.join("\n");
    assert!(
        all.contains("p.yaml:4:62: target `a` has both `reports:` and `from_units:`"),
        "{all}"
    );
    assert!(
        all.contains("p.yaml:5:62: `share` is the percentage of units"),
        "{all}"
    );
    assert!(
        all.contains("p.yaml:6:58: `counts:` is for a target whose figure comes from the units"),
        "{all}"
    );
    assert!(
        all.contains("`counts:` says which answers count for `from_units: share`"),
        "{all}"
    );
    assert!(
        all.contains("must be one of sum, share, ratio; found `summ` (did you mean `sum`?)"),
        "{all}"
    );
}
