//! Progress as open data: `progress.json` (every file, target and report
//! with the computed status and what is still missing) and `progress.csv`
//! (one row per target per report), and for figures rolled up from the
//! units (§8) `progress-units.csv` (one row per unit answer). All are
//! byte-stable for the same input.

use super::gap::{self, Gap};
use super::status::Figure;
use super::{Comparator, Measure, Progress, ReportValue, Target};
use crate::i18n::Text;
use crate::number::{Number, Rational};
use crate::units::answers::Answer;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct JsonRoot<'a> {
    files: Vec<JsonFile<'a>>,
}

#[derive(Serialize)]
struct JsonFile<'a> {
    id: &'a str,
    plan: Option<&'a str>,
    title: BTreeMap<String, String>,
    period_start: String,
    period_end: String,
    targets: Vec<JsonTarget<'a>>,
}

#[derive(Serialize)]
struct JsonTarget<'a> {
    id: &'a str,
    parent: Option<&'a str>,
    title: BTreeMap<String, String>,
    measure: Measure,
    comparator: Option<Comparator>,
    target: Option<f64>,
    unit: BTreeMap<String, String>,
    baseline: f64,
    status: &'static str,
    /// For a count, how far from the baseline toward the target as of the
    /// latest report, in percent; none for a percentage, whose own figure
    /// is on the 0–100 scale already.
    percent_of_target: Option<f64>,
    /// What the latest figure lacks to satisfy the target, in its own unit
    /// (a count; percentage points for a percentage).
    missing: Option<f64>,
    /// For a percentage reported as count/of: how many more counted items
    /// satisfy the comparator.
    missing_count: Option<i64>,
    /// How far an `at-most` (or `exactly`) target is passed, in its unit.
    over_by: Option<f64>,
    /// For a percentage reported as count/of: how many counted items over.
    over_count: Option<i64>,
    /// The period has ended (some report of the file is dated at its end)
    /// and this target has no report dated then.
    final_report_missing: bool,
    /// `sum`, `share` or `ratio` for a figure rolled up from the units.
    #[serde(skip_serializing_if = "Option::is_none")]
    from_units: Option<crate::units::rollup::Rule>,
    reports: Vec<JsonReport>,
    /// Every unit answer behind the reports, oldest first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unit_answers: Vec<JsonUnitAnswer>,
}

#[derive(Serialize)]
struct JsonUnitAnswer {
    unit: String,
    date: String,
    answer: serde_json::Value,
}

#[derive(Serialize)]
struct JsonReport {
    date: String,
    value: Option<serde_json::Value>,
    count: Option<f64>,
    of: Option<f64>,
    /// The figure on the target's scale: a count, or a percentage.
    figure: Option<f64>,
    note: BTreeMap<String, String>,
    /// For a rolled-up figure: the units that answered on this date, and
    /// the units expected to.
    #[serde(skip_serializing_if = "Option::is_none")]
    units_reported: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    units_expected: Option<usize>,
}

fn by_lang(text: Option<&Text>, langs: &[&str], default: &str) -> BTreeMap<String, String> {
    let Some(text) = text else {
        return BTreeMap::new();
    };
    langs
        .iter()
        .map(|l| (l.to_string(), text.get(l, default).to_string()))
        .collect()
}

/// Rounded to 2 decimals, so that JSON and CSV carry no float noise.
fn round(r: Rational) -> f64 {
    (r.to_f64() * 100.0).round() / 100.0
}

fn number(n: Number) -> f64 {
    n.as_f64()
}

/// How far toward the target the latest figure is, in percent: for a count
/// from the baseline, for a milestone 0 or 100. None for a percentage:
/// "85% is 100% of 85%" would sit beside "missed" for "more than 85%".
pub fn percent_of_target(target: &Target) -> Option<Rational> {
    let latest = target.reports.last()?;
    let hundred = Rational::from_int(100);
    match (latest.figure, target.goal) {
        (Figure::Done(done), _) => Some(if done { hundred } else { Rational::from_int(0) }),
        (Figure::Amount(v), Some(goal)) => match target.measure {
            Measure::Percent => None,
            _ => (v - target.baseline)
                .checked_div(goal - target.baseline)
                .map(|r| r * hundred),
        },
        _ => None,
    }
}

/// [`percent_of_target`] as published: none for an `at-most` limit, where
/// "150% of the target" would read as success.
fn published_percent(target: &Target) -> Option<f64> {
    if target.comparator == Comparator::AtMost && target.measure != Measure::Done {
        return None;
    }
    percent_of_target(target).map(round)
}

/// The gap fields of open data: missing, missing_count, over_by, over_count.
struct GapFields {
    missing: Option<f64>,
    missing_count: Option<i64>,
    over_by: Option<f64>,
    over_count: Option<i64>,
}

fn gap_fields(target: &Target) -> GapFields {
    let whole = |n: i128| i64::try_from(n).ok();
    let mut fields = GapFields {
        missing: None,
        missing_count: None,
        over_by: None,
        over_count: None,
    };
    match gap::gap(target) {
        Gap::None => {}
        Gap::Count { more } => fields.missing = Some(round(more)),
        Gap::Points { short } => fields.missing = Some(round(short)),
        Gap::Share { more, .. } => {
            // The points below the level, from the latest figure.
            if let (Some(r), Some(goal)) = (target.reports.last(), target.goal)
                && let Figure::Amount(v) = r.figure
            {
                fields.missing = Some(round(goal - v));
            }
            fields.missing_count = whole(more);
        }
        Gap::Over { by, count } => {
            fields.over_by = Some(round(by));
            fields.over_count = count.and_then(whole);
        }
    }
    fields
}

fn figure(f: Figure) -> Option<f64> {
    match f {
        Figure::Amount(v) => Some(round(v)),
        Figure::Done(_) => None,
    }
}

/// `progress.json`.
pub fn json(progress: &Progress, langs: &[&str], default: &str) -> Vec<u8> {
    let root = JsonRoot {
        files: progress
            .files
            .values()
            .map(|f| JsonFile {
                id: &f.id,
                plan: f.plan.as_deref(),
                title: by_lang(Some(&f.title), langs, default),
                period_start: f.period.start.to_string(),
                period_end: f.period.end.to_string(),
                targets: f
                    .targets
                    .iter()
                    .map(|t| {
                        let g = gap_fields(t);
                        JsonTarget {
                            id: &t.id,
                            parent: t.parent.map(|p| f.targets[p].id.as_str()),
                            title: by_lang(Some(&t.title), langs, default),
                            measure: t.measure,
                            comparator: (t.measure != Measure::Done).then_some(t.comparator),
                            target: t.goal_number.map(number).or(t.goal.map(round)),
                            unit: by_lang(t.unit.as_ref(), langs, default),
                            baseline: round(t.baseline),
                            status: t.status.slug(),
                            percent_of_target: published_percent(t),
                            missing: g.missing,
                            missing_count: g.missing_count,
                            over_by: g.over_by,
                            over_count: g.over_count,
                            final_report_missing: gap::final_missing(f, t),
                            from_units: t.from_units.as_ref().map(|u| u.rule),
                            unit_answers: t
                                .from_units
                                .iter()
                                .flat_map(|u| &u.answers)
                                .map(|a| JsonUnitAnswer {
                                    unit: a.unit.clone(),
                                    date: a.date.to_string(),
                                    answer: answer_json(&a.answer),
                                })
                                .collect(),
                            reports: t
                                .reports
                                .iter()
                                .map(|r| JsonReport {
                                    date: r.date.to_string(),
                                    value: r.value.map(|v| match v {
                                        ReportValue::Bool(b) => serde_json::Value::Bool(b),
                                        ReportValue::Number(n) => serde_json::json!(number(n)),
                                    }),
                                    count: r.count.map(number),
                                    of: r.of.map(number),
                                    figure: figure(r.figure),
                                    note: by_lang(r.note.as_ref(), langs, default),
                                    units_reported: r.units.map(|c| c.reported),
                                    units_expected: r.units.map(|c| c.expected),
                                })
                                .collect(),
                        }
                    })
                    .collect(),
            })
            .collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&root).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

fn csv_field(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_string()
    }
}

fn opt(n: Option<f64>) -> String {
    n.map(|n| n.to_string()).unwrap_or_default()
}

/// `progress.csv`: one row per target per report (a target without
/// reports gets one row with empty report columns, so none is lost).
pub fn csv(progress: &Progress, langs: &[&str], default: &str) -> Vec<u8> {
    let mut header = vec!["file", "plan", "target_id", "parent_id"];
    let titles: Vec<String> = langs.iter().map(|l| format!("title_{l}")).collect();
    header.extend(titles.iter().map(String::as_str));
    header.extend([
        "measure",
        "comparator",
        "target",
        "baseline",
        "status",
        "percent_of_target",
        "missing",
        "missing_count",
        "over_by",
        "over_count",
        "final_report_missing",
    ]);
    header.extend(["report_date", "value", "count", "of", "figure"]);
    let notes: Vec<String> = langs.iter().map(|l| format!("note_{l}")).collect();
    header.extend(notes.iter().map(String::as_str));
    header.extend(["units_reported", "units_expected"]);
    let mut out = header.join(",");
    out.push('\n');
    for f in progress.files.values() {
        for t in &f.targets {
            let mut fixed = vec![
                f.id.clone(),
                f.plan.clone().unwrap_or_default(),
                t.id.clone(),
                t.parent
                    .map(|p| f.targets[p].id.clone())
                    .unwrap_or_default(),
            ];
            fixed.extend(langs.iter().map(|l| t.title.get(l, default).to_string()));
            fixed.push(
                serde_json::to_value(t.measure)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default(),
            );
            fixed.push(if t.measure == Measure::Done {
                String::new()
            } else {
                serde_json::to_value(t.comparator)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default()
            });
            fixed.push(opt(t.goal_number.map(number).or(t.goal.map(round))));
            fixed.push(round(t.baseline).to_string());
            fixed.push(t.status.slug().to_string());
            fixed.push(opt(published_percent(t)));
            let g = gap_fields(t);
            let whole = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
            fixed.push(opt(g.missing));
            fixed.push(whole(g.missing_count));
            fixed.push(opt(g.over_by));
            fixed.push(whole(g.over_count));
            fixed.push(gap::final_missing(f, t).to_string());
            let rows: Vec<Vec<String>> = if t.reports.is_empty() {
                vec![vec![String::new(); 7 + langs.len()]]
            } else {
                t.reports
                    .iter()
                    .map(|r| {
                        let mut row = vec![
                            r.date.to_string(),
                            match r.value {
                                Some(ReportValue::Bool(b)) => b.to_string(),
                                Some(ReportValue::Number(n)) => number(n).to_string(),
                                None => String::new(),
                            },
                            opt(r.count.map(number)),
                            opt(r.of.map(number)),
                            opt(figure(r.figure)),
                        ];
                        row.extend(langs.iter().map(|l| {
                            r.note
                                .as_ref()
                                .map(|n| n.get(l, default).to_string())
                                .unwrap_or_default()
                        }));
                        row.push(r.units.map(|c| c.reported.to_string()).unwrap_or_default());
                        row.push(r.units.map(|c| c.expected.to_string()).unwrap_or_default());
                        row
                    })
                    .collect()
            };
            for row in rows {
                let line: Vec<String> = fixed
                    .iter()
                    .chain(row.iter())
                    .map(|f| csv_field(f))
                    .collect();
                out.push_str(&line.join(","));
                out.push('\n');
            }
        }
    }
    out.into_bytes()
}

/// The name of the unit-level table.
pub const UNITS_CSV: &str = "progress-units.csv";

fn answer_json(answer: &Answer) -> serde_json::Value {
    match answer {
        Answer::Number(n) => serde_json::json!(number(*n)),
        Answer::Yes(b) => serde_json::Value::Bool(*b),
        Answer::Word { slug, .. } => serde_json::Value::String(slug.clone()),
        Answer::Ratio { count, of } => {
            serde_json::json!({"count": number(*count), "of": number(*of)})
        }
    }
}

/// `progress-units.csv`: one row per unit answer of a rolled-up target
/// (plan, target, unit, date, answer), so that the figures behind every
/// rolled-up report can be checked and added up again.
pub fn units_csv(progress: &Progress) -> Vec<u8> {
    let mut out =
        String::from("file,plan,target_id,unit_id,unit_name,unit_kind,date,answer,count,of\n");
    for f in progress.files.values() {
        for t in &f.targets {
            let Some(from) = &t.from_units else { continue };
            for a in &from.answers {
                let unit = progress.units.get(&a.unit);
                let (answer, count, of) = match &a.answer {
                    Answer::Number(n) => (number(*n).to_string(), String::new(), String::new()),
                    Answer::Yes(b) => (b.to_string(), String::new(), String::new()),
                    Answer::Word { slug, .. } => (slug.clone(), String::new(), String::new()),
                    Answer::Ratio { count, of } => (
                        String::new(),
                        number(*count).to_string(),
                        number(*of).to_string(),
                    ),
                };
                let row = [
                    f.id.clone(),
                    f.plan.clone().unwrap_or_default(),
                    t.id.clone(),
                    a.unit.clone(),
                    unit.map(|u| u.name.clone()).unwrap_or_default(),
                    unit.and_then(|u| u.kind.clone()).unwrap_or_default(),
                    a.date.to_string(),
                    answer,
                    count,
                    of,
                ];
                let line: Vec<String> = row.iter().map(|f| csv_field(f)).collect();
                out.push_str(&line.join(","));
                out.push('\n');
            }
        }
    }
    out.into_bytes()
}
