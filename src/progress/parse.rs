//! Reading one progress file: the YAML as written, checked key by key and
//! value by value, every mistake reported at its line, then turned into
//! [`ProgressFile`] with each target's status computed.

use super::status::{self, Figure, Status};
use super::*;
use crate::error::Mistake;
use crate::number::{Number, Rational};
use crate::units::rollup::{FromUnits, Rule};
use crate::units::{Selector, SelectorSpec};
use crate::yaml::Spanned;
use std::collections::HashSet;

const FILE_KEYS: &[&str] = &["plan", "title", "period", "targets"];

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportSpec {
    date: Spanned<Date>,
    value: Option<ReportValue>,
    count: Option<Number>,
    of: Option<Number>,
    note: Option<Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct TargetSpec {
    id: Spanned<String>,
    title: Text,
    measure: Measure,
    comparator: Option<Spanned<Comparator>>,
    target: Option<Spanned<Number>>,
    unit: Option<Text>,
    baseline: Option<Spanned<Number>>,
    #[serde(default)]
    reports: Vec<ReportSpec>,
    from_units: Option<Spanned<Rule>>,
    counts: Option<Spanned<Vec<Spanned<String>>>>,
    units: Option<Spanned<SelectorSpec>>,
    #[serde(default)]
    targets: Vec<TargetSpec>,
}

/// The file as written. `title` and `period` are required, but optional
/// here: a mistake inside them must not stop the targets being read.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    plan: Option<Spanned<String>>,
    title: Option<Text>,
    period: Option<Spanned<Period>>,
    #[serde(default)]
    targets: Vec<TargetSpec>,
}

/// Parses and validates one progress file; `languages` are the site's.
pub fn parse(id: &str, path: &Path, text: &str, languages: &[&str]) -> yaml::Parsed<ProgressFile> {
    let block = yaml::Block::file(path, text);
    let parsed = yaml::parse::<FileSpec>(
        block,
        yaml::Schema {
            keys: Some(FILE_KEYS),
            languages,
        },
    );
    let mut errors = parsed.errors;
    let warnings = parsed.warnings;
    let Some(spec) = parsed.value else {
        return yaml::Parsed {
            value: None,
            errors,
            warnings,
        };
    };
    for key in ["title", "period"] {
        let missing = match key {
            "title" => spec.title.is_none(),
            _ => spec.period.is_none(),
        };
        if missing && yaml::find(block, &[key]).is_none() {
            let hint = match key {
                "title" => "add `title: {vi: \"...\", en: \"...\"}`",
                _ => "add `period: {start: 2024-01-01, end: 2024-12-31}`",
            };
            errors.push(Error::mistake(
                block.start(),
                Mistake::MissingKey {
                    key: key.to_string(),
                    hint: hint.to_string(),
                },
            ));
        }
    }
    let period = spec.period.as_ref().map(|p| p.value);
    if let Some(p) = &spec.period
        && p.end < p.start
    {
        errors.push(Error::content(
            p.location.clone(),
            "the period ends before it starts: check `start` and `end`",
        ));
    }
    let mut reader = Reader {
        written: yaml::Index::new(block),
        file: ProgressFile {
            id: id.to_string(),
            source: path.to_path_buf(),
            plan_location: spec
                .plan
                .as_ref()
                .map_or_else(|| block.start(), |p| p.location.clone()),
            plan: spec.plan.map(|p| p.value),
            title: spec.title.unwrap_or_default(),
            // Without a period the targets are still checked, against
            // any date; the file is not published.
            period: period.unwrap_or(Period {
                start: Date {
                    year: 1,
                    month: 1,
                    day: 1,
                },
                end: Date {
                    year: 9999,
                    month: 12,
                    day: 31,
                },
            }),
            targets: Vec::new(),
        },
        seen: HashSet::new(),
        errors,
    };
    for target in &spec.targets {
        reader.add_target(target, None, 0);
    }
    let ok = reader.errors.is_empty() && period.is_some();
    yaml::Parsed {
        value: ok.then_some(reader.file),
        errors: reader.errors,
        warnings,
    }
}

/// Turns the targets as written into [`Target`]s, collecting every
/// mistake.
struct Reader<'a> {
    /// The file as written, for "was it written?" after a mistake.
    written: yaml::Index<'a>,
    file: ProgressFile,
    seen: HashSet<String>,
    errors: Vec<Error>,
}

impl Reader<'_> {
    /// Whether a figure of a report was written but left out after a
    /// mistake (already reported).
    fn left_out(&self, report: &ReportSpec) -> bool {
        [
            ("value", report.value.is_none()),
            ("count", report.count.is_none()),
            ("of", report.of.is_none()),
        ]
        .into_iter()
        .any(|(key, none)| none && self.written.key_beside(&report.date.location, key))
    }

    fn err(&mut self, location: &Location, message: impl Into<String>) {
        self.errors.push(Error::content(location.clone(), message));
    }

    /// Adds a target and its sub-targets.
    fn add_target(&mut self, spec: &TargetSpec, parent: Option<usize>, depth: usize) {
        let here = &spec.id.location;
        let id = spec.id.value.as_str();
        if !self.seen.insert(id.to_string()) {
            self.err(
                here,
                format!("the id `{id}` is used twice in this file: ids must be unique"),
            );
        }
        let slug = crate::i18n::slugify(id);
        if slug != id {
            self.err(
                here,
                format!(
                    "the id `{id}` must be lower-case ASCII letters, digits and hyphens, e.g. `{slug}`"
                ),
            );
        }
        self.check_figures(spec);
        let comparator = spec
            .comparator
            .as_ref()
            .map_or(Comparator::AtLeast, |c| c.value);
        let goal = spec.target.as_ref().map(|t| t.value.to_rational());
        let baseline = spec
            .baseline
            .as_ref()
            .map_or(Rational::from_int(0), |b| b.value.to_rational());
        let reports = self.reports(spec);
        let from_units = self.units_rule(spec);
        let index = self.file.targets.len();
        let mut target = Target {
            id: id.to_string(),
            title: spec.title.clone(),
            measure: spec.measure,
            comparator,
            goal,
            goal_number: spec.target.as_ref().map(|t| t.value),
            unit: spec.unit.clone(),
            baseline,
            baseline_number: spec.baseline.as_ref().map(|b| b.value),
            reports,
            status: Status::NoData,
            parent,
            depth,
            from_units,
        };
        target.status = status::status(&target, &self.file.period);
        self.file.targets.push(target);
        for child in &spec.targets {
            self.add_target(child, Some(index), depth + 1);
        }
    }

    /// `from_units:`, `counts:` and `units:`, checked against the measure
    /// and each other; the answers come later (`crate::units`).
    fn units_rule(&mut self, spec: &TargetSpec) -> Option<FromUnits> {
        let id = spec.id.value.as_str();
        let Some(rule) = &spec.from_units else {
            for (key, at) in [
                ("counts", spec.counts.as_ref().map(|c| &c.location)),
                ("units", spec.units.as_ref().map(|u| &u.location)),
            ] {
                if let Some(at) = at {
                    self.err(
                        at,
                        format!("`{key}:` is for a target whose figure comes from the units: add `from_units: share` (or `sum`, `ratio`) to `{id}`, or remove `{key}:`"),
                    );
                }
            }
            return None;
        };
        if !spec.reports.is_empty() {
            self.err(
                &rule.location,
                format!("target `{id}` has both `reports:` and `from_units:`: its figures come either from the reports written here or from the units' reports, not both; remove one"),
            );
        }
        if !crate::units::answers::suits(rule.value, spec.measure) {
            let fits = match rule.value {
                Rule::Sum => "`sum` adds up the units' figures, for `measure: count`",
                Rule::Share => {
                    "`share` is the percentage of units whose answer counts, for `measure: percent`"
                }
                Rule::Ratio => {
                    "`ratio` adds up the units' counts and wholes into a percentage, for `measure: percent`"
                }
            };
            self.err(
                &rule.location,
                format!("{fits}; `{id}` has another measure: change one of them"),
            );
        }
        let counts = match &spec.counts {
            Some(c) if rule.value != Rule::Share => {
                self.err(
                    &c.location,
                    "`counts:` says which answers count for `from_units: share`; a `sum` or `ratio` target has no answers to choose: remove it",
                );
                None
            }
            Some(c) => {
                let mut words = Vec::new();
                for w in &c.value {
                    let slug = crate::i18n::slugify(&w.value);
                    if crate::yaml::yes_no(&w.value) == Some(true) {
                        continue;
                    }
                    if slug.is_empty() {
                        self.err(
                            &w.location,
                            "an answer in `counts:` is a word, such as `tot` or `xuat-sac`",
                        );
                        continue;
                    }
                    words.push(slug);
                }
                (!words.is_empty()).then_some(words)
            }
            None => None,
        };
        let selector = spec
            .units
            .as_ref()
            .map_or_else(Selector::default, |u| Selector {
                kinds: u
                    .value
                    .kind
                    .value
                    .0
                    .iter()
                    .map(|k| crate::i18n::slugify(k))
                    .collect(),
            });
        Some(FromUnits {
            rule: rule.value,
            location: rule.location.clone(),
            counts,
            selector,
            selector_location: spec.units.as_ref().map(|u| u.value.kind.location.clone()),
            answers: Vec::new(),
            rounds: Vec::new(),
        })
    }

    /// The target, comparator and baseline figures against the measure.
    fn check_figures(&mut self, spec: &TargetSpec) {
        let here = &spec.id.location;
        let id = spec.id.value.as_str();
        match (spec.measure, &spec.target) {
            (Measure::Done, Some(t)) => self.err(
                &t.location,
                "a `done` target takes no `target:` figure: its reports say `value: true` or `value: false`",
            ),
            // A `target:` written with a mistake is reported as that mistake.
            (Measure::Count | Measure::Percent, None)
                if !self.written.key_beside(&spec.id.location, "target") =>
            {
                self.err(
                    here,
                    format!("target `{id}` needs `target:`, the figure to reach"),
                )
            }
            _ => {}
        }
        if spec.measure == Measure::Done
            && let Some(c) = &spec.comparator
        {
            self.err(
                &c.location,
                "a `done` target takes no `comparator:`: it is done or not",
            );
        }
        if spec.measure == Measure::Percent
            && let Some(t) = &spec.target
            && t.value.to_rational() > Rational::from_int(100)
        {
            self.err(&t.location, "a percentage target is between 0 and 100");
        }
        let comparator = spec
            .comparator
            .as_ref()
            .map_or(Comparator::AtLeast, |c| c.value);
        if let Some(t) = &spec.target {
            let goal = t.value.to_rational();
            if spec.measure == Measure::Count
                && goal == Rational::from_int(0)
                && comparator != Comparator::AtMost
            {
                self.err(
                    &t.location,
                    "a count target of 0 is met before anything is done: give the figure to reach (or `comparator: at-most` for a limit, such as no accidents)",
                );
            }
            if let Some(b) = &spec.baseline
                && comparator != Comparator::AtMost
                && b.value.to_rational() >= goal
            {
                self.err(
                    &b.location,
                    format!(
                        "the baseline ({}) already reaches the target ({}): the baseline is the figure at the period start, the target the figure to reach; check both",
                        b.value.as_f64(),
                        t.value.as_f64()
                    ),
                );
            }
        }
        for (name, n) in [("target", &spec.target), ("baseline", &spec.baseline)] {
            let Some(n) = n else { continue };
            if spec.measure == Measure::Count && !n.value.is_integer() {
                self.err(&n.location, not_whole(name, n.value));
            }
            if n.value.to_rational().is_negative() {
                self.err(
                    &n.location,
                    format!("`{name}` of `{id}` is negative: figures cannot be below zero"),
                );
            }
        }
    }

    fn reports(&mut self, spec: &TargetSpec) -> Vec<Report> {
        let mut reports = Vec::new();
        let mut previous: Option<Date> = None;
        let period = self.file.period;
        for report in &spec.reports {
            let date = report.date.value;
            let at = &report.date.location;
            if let Some(prev) = previous
                && date <= prev
            {
                self.err(
                    at,
                    format!(
                        "the report of {date} comes after the one of {prev}: list reports oldest first, one per date"
                    ),
                );
            }
            previous = Some(date);
            if date < period.start || date > period.end {
                self.err(
                    at,
                    format!(
                        "the report date {date} is outside the period {} to {}",
                        period.start, period.end
                    ),
                );
            }
            match figure_of(spec.measure, report) {
                Ok(figure) => reports.push(Report {
                    date,
                    figure,
                    value: report.value,
                    count: report.count,
                    of: report.of,
                    note: report.note.clone(),
                    units: None,
                }),
                // A figure written with a mistake is reported as that.
                Err(_) if self.left_out(report) => {}
                Err(message) => self.err(at, message),
            }
        }
        reports
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
