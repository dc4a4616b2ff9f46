//! Reading one progress file: the YAML as written, checked key by key and
//! value by value, every mistake reported at its line, then turned into
//! [`ProgressFile`] with each target's status computed.

use super::status::{self, Figure, Status};
use super::*;
use crate::number::{Number, Rational};
use std::collections::HashSet;

const FILE_KEYS: &[&str] = &["plan", "title", "period", "targets"];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportSpec {
    date: Date,
    value: Option<ReportValue>,
    count: Option<Number>,
    of: Option<Number>,
    note: Option<Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetSpec {
    id: String,
    title: Text,
    measure: Measure,
    comparator: Option<Comparator>,
    target: Option<Number>,
    unit: Option<Text>,
    baseline: Option<Number>,
    #[serde(default)]
    reports: Vec<ReportSpec>,
    #[serde(default)]
    targets: Vec<TargetSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    plan: Option<String>,
    title: Text,
    period: Period,
    #[serde(default)]
    targets: Vec<TargetSpec>,
}

/// Finds lines in a progress file, for errors about values serde has
/// already accepted: the line of a target's `id:`, then of its reports'
/// `date:` lines below it.
struct Lines<'a> {
    path: &'a Path,
    lines: Vec<&'a str>,
}

impl Lines<'_> {
    /// The next line from `from` where `key:` is written as a YAML key
    /// (`key:`, `- key:`, `{key:`, `, key:`), and the column after it.
    fn find_key(&self, from: usize, key: &str) -> Option<(usize, usize)> {
        let needle = format!("{key}:");
        self.lines
            .iter()
            .enumerate()
            .skip(from)
            .find_map(|(i, line)| {
                let mut start = 0;
                while let Some(found) = line[start..].find(&needle) {
                    let at = start + found;
                    let before = line[..at].trim_end();
                    if before.is_empty() || before.ends_with(['-', '{', ',']) {
                        let value = at + needle.len();
                        let skip = line[value..].len() - line[value..].trim_start().len();
                        return Some((i, line[..value + skip].chars().count() + 1));
                    }
                    start = at + needle.len();
                }
                None
            })
    }

    fn location(&self, found: Option<(usize, usize)>) -> Location {
        let (line, column) = found.map_or((0, 1), |(l, c)| (l, c));
        Location::new(self.path, line + 1, column)
    }
}

/// Parses and validates one progress file; `languages` are the site's.
pub fn parse(
    id: &str,
    path: &Path,
    text: &str,
    languages: &[&str],
) -> Result<ProgressFile, Vec<Error>> {
    let block = yaml::Block {
        path,
        text,
        first_line: 1,
    };
    let spec: FileSpec = yaml::parse(block, FILE_KEYS)?;
    let lines = Lines {
        path,
        lines: text.lines().collect(),
    };
    let mut errors = Vec::new();
    if let Some(message) = spec.title.check_languages(languages) {
        errors.push(Error::content(block.key_location("title"), message));
    }
    if spec.period.end < spec.period.start {
        errors.push(Error::content(
            block.key_location("period"),
            "the period ends before it starts: check `start` and `end`",
        ));
    }
    let mut file = ProgressFile {
        id: id.to_string(),
        source: path.to_path_buf(),
        plan: spec.plan,
        plan_location: block.key_location("plan"),
        title: spec.title,
        period: spec.period,
        targets: Vec::new(),
    };
    let mut seen = HashSet::new();
    let mut cursor = 0;
    for target in &spec.targets {
        add_target(
            &mut file,
            target,
            None,
            0,
            &lines,
            &mut cursor,
            &mut seen,
            &mut errors,
            languages,
        );
    }
    if errors.is_empty() {
        Ok(file)
    } else {
        Err(errors)
    }
}

#[allow(clippy::too_many_arguments)]
fn add_target(
    file: &mut ProgressFile,
    spec: &TargetSpec,
    parent: Option<usize>,
    depth: usize,
    lines: &Lines,
    cursor: &mut usize,
    seen: &mut HashSet<String>,
    errors: &mut Vec<Error>,
    languages: &[&str],
) {
    let id_pos = lines.find_key(*cursor, "id");
    if let Some((line, _)) = id_pos {
        *cursor = line + 1;
    }
    let here = lines.location(id_pos);
    let err = |errors: &mut Vec<Error>, location: Location, message: String| {
        errors.push(Error::content(location, message));
    };
    if !seen.insert(spec.id.clone()) {
        err(
            errors,
            here.clone(),
            format!(
                "the id `{}` is used twice in this file: ids must be unique",
                spec.id
            ),
        );
    }
    let slug = crate::i18n::slugify(&spec.id);
    if slug != spec.id {
        err(
            errors,
            here.clone(),
            format!(
                "the id `{}` must be lower-case ASCII letters, digits and hyphens, e.g. `{slug}`",
                spec.id
            ),
        );
    }
    for text in [Some(&spec.title), spec.unit.as_ref()]
        .into_iter()
        .flatten()
    {
        if let Some(message) = text.check_languages(languages) {
            err(errors, here.clone(), message);
        }
    }
    let comparator = spec.comparator.unwrap_or(Comparator::AtLeast);
    let goal = spec.target.map(Number::to_rational);
    match (spec.measure, goal) {
        (Measure::Done, Some(_)) => err(errors, here.clone(), "a `done` target takes no `target:` figure: its reports say `value: true` or `value: false`".to_string()),
        (Measure::Count | Measure::Percent, None) => err(errors, here.clone(), format!("target `{}` needs `target:`, the figure to reach", spec.id)),
        _ => {}
    }
    if spec.measure == Measure::Done && spec.comparator.is_some() {
        err(
            errors,
            here.clone(),
            "a `done` target takes no `comparator:`: it is done or not".to_string(),
        );
    }
    let over_100 = |n: Option<Number>| n.is_some_and(|n| n.to_rational() > Rational::from_int(100));
    if spec.measure == Measure::Percent && over_100(spec.target) {
        err(
            errors,
            here.clone(),
            "a percentage target is between 0 and 100".to_string(),
        );
    }
    for (name, n) in [("target", spec.target), ("baseline", spec.baseline)] {
        if spec.measure == Measure::Count
            && let Some(n) = n
            && !n.is_integer()
        {
            err(errors, here.clone(), not_whole(name, n));
        }
        if n.is_some_and(|n| n.to_rational().is_negative()) {
            err(
                errors,
                here.clone(),
                format!(
                    "`{name}` of `{}` is negative: figures cannot be below zero",
                    spec.id
                ),
            );
        }
    }
    let baseline = spec
        .baseline
        .map_or(Rational::from_int(0), Number::to_rational);

    let mut reports = Vec::new();
    let mut previous: Option<Date> = None;
    let mut report_cursor = *cursor;
    for report in &spec.reports {
        let pos = lines.find_key(report_cursor, "date");
        if let Some((line, _)) = pos {
            report_cursor = line + 1;
        }
        let at = lines.location(pos);
        if let Some(prev) = previous
            && report.date <= prev
        {
            err(
                errors,
                at.clone(),
                format!(
                    "the report of {} comes after the one of {prev}: list reports oldest first, one per date",
                    report.date
                ),
            );
        }
        previous = Some(report.date);
        if let Some(message) = report
            .note
            .as_ref()
            .and_then(|n| n.check_languages(languages))
        {
            err(errors, at.clone(), message);
        }
        if report.date < file.period.start || report.date > file.period.end {
            err(
                errors,
                at.clone(),
                format!(
                    "the report date {} is outside the period {} to {}",
                    report.date, file.period.start, file.period.end
                ),
            );
        }
        match figure_of(spec.measure, report) {
            Ok(figure) => reports.push(Report {
                date: report.date,
                figure,
                value: report.value,
                count: report.count,
                of: report.of,
                note: report.note.clone(),
            }),
            Err(message) => err(errors, at, message),
        }
    }
    *cursor = (*cursor).max(report_cursor);

    let index = file.targets.len();
    let mut target = Target {
        id: spec.id.clone(),
        title: spec.title.clone(),
        measure: spec.measure,
        comparator,
        goal,
        goal_number: spec.target,
        unit: spec.unit.clone(),
        baseline,
        baseline_number: spec.baseline,
        reports,
        status: Status::NoData,
        parent,
        depth,
    };
    target.status = status::status(&target, &file.period);
    file.targets.push(target);
    for child in &spec.targets {
        add_target(
            file,
            child,
            Some(index),
            depth + 1,
            lines,
            cursor,
            seen,
            errors,
            languages,
        );
    }
}

/// The figure of one report, checked against the measure.
fn figure_of(measure: Measure, report: &ReportSpec) -> Result<Figure, String> {
    let negative = |n: Number| n.to_rational().is_negative();
    match (measure, report.value, report.count, report.of) {
        (Measure::Done, Some(ReportValue::Bool(b)), None, None) => Ok(Figure::Done(b)),
        (Measure::Done, _, _, _) => {
            Err("a `done` target's report says `value: true` or `value: false`".to_string())
        }
        (_, Some(ReportValue::Bool(_)), _, _) => {
            Err("`true`/`false` is only for `done` targets: give a number".to_string())
        }
        (_, Some(ReportValue::Number(_)), Some(_), _)
        | (_, Some(ReportValue::Number(_)), _, Some(_)) => {
            Err("give either `value` or `count` with `of`, not both".to_string())
        }
        (_, Some(ReportValue::Number(n)), None, None) => {
            if measure == Measure::Count && !n.is_integer() {
                return Err(not_whole("value", n));
            }
            if measure == Measure::Percent && n.to_rational() > Rational::from_int(100) {
                return Err(format!(
                    "{} is more than 100: a percentage is 0 to 100 (or give `count` and `of`)",
                    n.as_f64()
                ));
            }
            if negative(n) {
                return Err(format!(
                    "the figure {} is negative: figures cannot be below zero",
                    n.as_f64()
                ));
            }
            Ok(Figure::Amount(n.to_rational()))
        }
        (Measure::Percent, None, Some(count), Some(of)) => {
            for (name, n) in [("count", count), ("of", of)] {
                if !n.is_integer() {
                    return Err(not_whole(name, n));
                }
            }
            if negative(count) || negative(of) {
                return Err("`count` and `of` cannot be negative".to_string());
            }
            let (c, o) = (count.to_rational(), of.to_rational());
            if o == Rational::from_int(0) {
                return Err(
                    "`of: 0` has nothing to count: a percentage needs `of` above zero".to_string(),
                );
            }
            if c > o {
                return Err(format!(
                    "`count` ({}) is greater than `of` ({}): a part cannot exceed the whole",
                    count.as_f64(),
                    of.as_f64()
                ));
            }
            let percent =
                c.checked_div(o).unwrap_or(Rational::from_int(0)) * Rational::from_int(100);
            Ok(Figure::Amount(percent))
        }
        (Measure::Count, None, Some(_), _) | (Measure::Count, None, _, Some(_)) => Err(
            "`count`/`of` is for percentages: a count target's report gives `value`".to_string(),
        ),
        (_, None, Some(_), None) => Err("`count` needs `of`, the whole it is part of".to_string()),
        (_, None, None, Some(_)) => Err("`of` needs `count`, the part of it".to_string()),
        (_, None, None, None) => Err(
            "this report gives no figure: add `value` (or `count` and `of` for a percentage)"
                .to_string(),
        ),
    }
}

/// A count is a whole number; `1.520` typed for one thousand five hundred
/// and twenty reads as 1.52 in YAML and would pass as a figure.
fn not_whole(name: &str, n: Number) -> String {
    format!(
        "`{name}` counts whole things, but {} is not a whole number: write counts without a thousands separator, e.g. 1520",
        n.as_f64()
    )
}
