//! Progress data: one YAML file per plan in `content/progress/`, its
//! targets (with sub-targets, "trong đó"), their dated reports, validation
//! with positions, and each target's status ([`status`]).

pub mod open_data;
pub mod shortcode;
pub mod status;

use crate::date::Date;
use crate::error::{Diagnostics, Error, Location};
use crate::i18n::Text;
use crate::number::{Number, Rational};
use crate::yaml;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use status::{Figure, Status};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// What a target counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Measure {
    Count,
    Percent,
    Done,
}

/// How the figure is held against the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Comparator {
    AtLeast,
    MoreThan,
    Exactly,
    AtMost,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Period {
    pub start: Date,
    pub end: Date,
}

/// A report's `value`: a number, or yes/no for a `done` target.
#[derive(Debug, Clone, Copy)]
pub enum ReportValue {
    Number(Number),
    Bool(bool),
}

impl<'de> Deserialize<'de> for ReportValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ValueVisitor;
        impl Visitor<'_> for ValueVisitor {
            type Value = ReportValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a plain number, or true/false for a `done` target")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<ReportValue, E> {
                Ok(ReportValue::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ReportValue, E> {
                Ok(ReportValue::Number(Number::Int(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ReportValue, E> {
                i64::try_from(v)
                    .map(|v| ReportValue::Number(Number::Int(v)))
                    .map_err(|_| E::custom("this number is too large"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ReportValue, E> {
                Ok(ReportValue::Number(Number::Float(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ReportValue, E> {
                Err(E::custom(crate::number::text_is_not_a_number(v)))
            }
        }
        deserializer.deserialize_any(ValueVisitor)
    }
}

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

/// One dated figure.
#[derive(Debug, Clone)]
pub struct Report {
    pub date: Date,
    pub figure: Figure,
    /// As written, for open data.
    pub value: Option<ReportValue>,
    pub count: Option<Number>,
    pub of: Option<Number>,
    pub note: Option<Text>,
}

/// A target, validated, with its status computed.
#[derive(Debug, Clone)]
pub struct Target {
    pub id: String,
    pub title: Text,
    pub measure: Measure,
    pub comparator: Comparator,
    /// The target figure (`None` for `done`).
    pub goal: Option<Rational>,
    pub goal_number: Option<Number>,
    pub unit: Option<Text>,
    pub baseline: Rational,
    pub baseline_number: Option<Number>,
    pub reports: Vec<Report>,
    pub status: Status,
    /// Index of the parent target in the file's list, for sub-targets.
    pub parent: Option<usize>,
    pub depth: usize,
}

/// One progress file.
#[derive(Debug, Clone)]
pub struct ProgressFile {
    /// The file name without `.yaml`.
    pub id: String,
    pub source: PathBuf,
    pub plan: Option<String>,
    /// Where `plan:` is written, for the warning when it matches nothing.
    pub plan_location: Location,
    pub title: Text,
    pub period: Period,
    /// Every target, parents before their sub-targets, in file order.
    pub targets: Vec<Target>,
}

impl ProgressFile {
    pub fn target(&self, id: &str) -> Option<&Target> {
        self.targets.iter().find(|t| t.id == id)
    }

    /// The sub-targets of target `index`.
    pub fn children(&self, index: usize) -> impl Iterator<Item = (usize, &Target)> {
        self.targets
            .iter()
            .enumerate()
            .filter(move |(_, t)| t.parent == Some(index))
    }
}

/// All progress files of the site, by id.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    pub files: BTreeMap<String, ProgressFile>,
    /// Ids of files that failed to load: their errors are reported, and
    /// references to them are not reported again as missing.
    pub failed: BTreeSet<String>,
}

const FILE_KEYS: &[&str] = &["plan", "title", "period", "targets"];

impl Progress {
    /// Loads every file in `paths` (site-relative).
    pub fn load(site: &Path, paths: &[PathBuf]) -> (Progress, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let mut progress = Progress::default();
        for rel in paths {
            if !rel.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                continue;
            }
            let id = rel
                .file_stem()
                .map(|s| s.to_string_lossy().to_string())
                .unwrap_or_default();
            let text = match crate::content::read_text(site, rel) {
                Ok(t) => t,
                Err(e) => {
                    diagnostics.push(e);
                    continue;
                }
            };
            match parse(&id, rel, &text) {
                Ok(file) => {
                    progress.files.insert(id, file);
                }
                Err(errors) => {
                    errors.into_iter().for_each(|e| diagnostics.push(e));
                    progress.failed.insert(id);
                }
            }
        }
        (progress, diagnostics)
    }

    /// Resolves `{{ progress(id="...") }}`: `file/target` from anywhere, a
    /// bare id inside the document whose `progress:` names the file, or
    /// anywhere when only one file has it.
    pub fn resolve(&self, id: &str, home_file: Option<&str>) -> Result<(String, String), String> {
        if let Some((file, target)) = id.split_once('/') {
            let Some(f) = self.files.get(file) else {
                if self.failed.contains(file) {
                    return Ok((file.to_string(), target.to_string()));
                }
                return Err(self.no_file(file));
            };
            return match f.target(target) {
                Some(_) => Ok((file.to_string(), target.to_string())),
                None => Err(format!(
                    "content/progress/{file}.yaml has no target `{target}`{}",
                    suggestion(target, f.targets.iter().map(|t| t.id.as_str()))
                )),
            };
        }
        if let Some(home) = home_file.and_then(|f| self.files.get(f))
            && home.target(id).is_some()
        {
            return Ok((home.id.clone(), id.to_string()));
        }
        let candidates: Vec<&str> = self
            .files
            .values()
            .filter(|f| f.target(id).is_some())
            .map(|f| f.id.as_str())
            .collect();
        match candidates.as_slice() {
            [one] => Ok((one.to_string(), id.to_string())),
            // The target may be in a file that failed to load.
            [] if !self.failed.is_empty() => Ok((String::new(), id.to_string())),
            [] => Err(format!(
                "no progress file has a target `{id}`{}",
                suggestion(
                    id,
                    self.files
                        .values()
                        .flat_map(|f| f.targets.iter().map(|t| t.id.as_str()))
                )
            )),
            many => Err(format!(
                "several progress files have a target `{id}`: write one of {}",
                many.iter()
                    .map(|f| format!("`{f}/{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    pub fn no_file(&self, file: &str) -> String {
        let known: Vec<&str> = self.files.keys().map(String::as_str).collect();
        let hint = match yaml::closest(file, &known) {
            Some(best) => format!(" (did you mean `{best}`?)"),
            None if known.is_empty() => " (there are no files in content/progress/)".to_string(),
            None => format!("; the files are {}", known.join(", ")),
        };
        format!("there is no progress file content/progress/{file}.yaml{hint}")
    }
}

fn suggestion<'a>(word: &str, known: impl Iterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.collect();
    match yaml::closest(word, &known) {
        Some(best) => format!(" (did you mean `{best}`?)"),
        None => String::new(),
    }
}

/// Finds lines in a progress file, for errors about values serde has
/// already accepted: the line of a target's `id:`, then of its reports'
/// `date:` lines below it.
struct Lines<'a> {
    path: &'a Path,
    lines: Vec<&'a str>,
}

impl Lines<'_> {
    fn find_from(&self, from: usize, needle: &str) -> Option<(usize, usize)> {
        self.lines
            .iter()
            .enumerate()
            .skip(from)
            .find_map(|(i, line)| {
                line.find(needle)
                    .map(|col| (i, line[..col].chars().count() + 1))
            })
    }

    fn location(&self, found: Option<(usize, usize)>) -> Location {
        let (line, column) = found.map_or((0, 1), |(l, c)| (l, c));
        Location::new(self.path, line + 1, column)
    }
}

/// Parses and validates one progress file.
pub fn parse(id: &str, path: &Path, text: &str) -> Result<ProgressFile, Vec<Error>> {
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
) {
    let id_pos = lines
        .find_from(*cursor, &format!("id: {}", spec.id))
        .or_else(|| lines.find_from(0, &format!("id: {}", spec.id)));
    if let Some((line, _)) = id_pos {
        *cursor = line + 1;
    }
    let here = lines.location(id_pos.map(|(l, c)| (l, c + 4)));
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
    let comparator = spec.comparator.unwrap_or(Comparator::AtLeast);
    let goal = spec.target.map(Number::to_rational);
    match (spec.measure, goal) {
        (Measure::Done, Some(_)) => err(errors, here.clone(), "a `done` target takes no `target:` figure: its reports say `value: true` or `value: false`".to_string()),
        (Measure::Count | Measure::Percent, None) => err(errors, here.clone(), format!("target `{}` needs `target:`, the figure to reach", spec.id)),
        _ => {}
    }
    for (name, n) in [("target", spec.target), ("baseline", spec.baseline)] {
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
        let pos = lines.find_from(report_cursor, &format!("date: {}", report.date));
        if let Some((line, _)) = pos {
            report_cursor = line + 1;
        }
        let at = lines.location(pos.map(|(l, c)| (l, c + 6)));
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
            if negative(n) {
                return Err(format!(
                    "the figure {} is negative: figures cannot be below zero",
                    n.as_f64()
                ));
            }
            Ok(Figure::Amount(n.to_rational()))
        }
        (Measure::Percent, None, Some(count), Some(of)) => {
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

#[cfg(test)]
mod tests;
