//! Progress data: one YAML file per plan in `content/progress/`, its
//! targets (with sub-targets, "trong đó"), their dated reports, validation
//! with positions, and each target's status ([`status`]).

pub mod gap;
pub mod open_data;
mod parse;
pub use parse::parse;
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
use std::collections::{BTreeMap, BTreeSet};
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
        impl<'de> Visitor<'de> for ValueVisitor {
            type Value = ReportValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a plain number, or true/false (có/không) for a `done` target")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<ReportValue, E> {
                Ok(ReportValue::Bool(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ReportValue, E> {
                match crate::yaml::yes_no(v) {
                    Some(b) => Ok(ReportValue::Bool(b)),
                    None => Err(E::custom(crate::number::text_is_not_a_number(v))),
                }
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<ReportValue, D::Error> {
                d.deserialize_any(self)
            }
            // Numbers are read strictly (`crate::yaml`), then as `Number`.
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ReportValue, E> {
                Ok(ReportValue::Number(Number::Int(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ReportValue, E> {
                Number::checked_u64(v).map(ReportValue::Number)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ReportValue, E> {
                Number::checked_f64(v).map(ReportValue::Number)
            }
        }
        crate::yaml::deserialize_number(deserializer, ValueVisitor)
    }
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
    /// For a figure rolled up from the units (§8): how many answered.
    pub units: Option<Coverage>,
}

/// How many of the units expected on a report's date answered on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    pub reported: usize,
    pub expected: usize,
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
    /// `from_units:`: the figure is rolled up from the units' answers.
    pub from_units: Option<crate::units::rollup::FromUnits>,
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
    /// The units that report figures (`content/units.yaml`, §8).
    pub units: crate::units::Units,
}

/// A progress file saved in a folder below `content/progress/` (not a
/// unit report: its name is no date) is told where it belongs, instead of
/// being taken for a report of a progress file that does not exist.
fn misplaced_files(paths: &[PathBuf], progress: &Progress, diagnostics: &mut Diagnostics) {
    for rel in paths {
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect();
        let [_, _, folder, name] = parts.as_slice() else {
            continue;
        };
        let is_yaml = name.ends_with(".yaml") || name.ends_with(".yml");
        if is_yaml && !starts_with_date(name) && !progress.files.contains_key(folder) {
            diagnostics.push(Error::content(
                Location::file(rel),
                format!(
                    "progress files live directly in content/progress/, not in a folder below it: move it to content/progress/{name} (a folder there holds the units' reports of the progress file of the same name)"
                ),
            ));
        }
    }
}

/// Whether a file name starts with a date, as unit reports are named
/// (`2024-06-30.csv`, `2024-06-30/`).
fn starts_with_date(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() >= 10
        && b[..4].iter().all(u8::is_ascii_digit)
        && b[4] == b'-'
        && b[5..7].iter().all(u8::is_ascii_digit)
        && b[7] == b'-'
        && b[8..10].iter().all(u8::is_ascii_digit)
}

impl Progress {
    /// Loads every file in `paths` (site-relative).
    pub fn load(site: &Path, paths: &[PathBuf], languages: &[&str]) -> (Progress, Diagnostics) {
        let mut diagnostics = Diagnostics::default();
        let mut progress = Progress::default();
        for rel in paths {
            // Files in folders below are unit reports (`crate::units`).
            if !rel.extension().is_some_and(|e| e == "yaml" || e == "yml")
                || rel.components().count() != 3
            {
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
            if crate::i18n::slugify(&id) != id {
                diagnostics.push(Error::content(
                    Location::file(rel),
                    format!(
                        "the file name is the progress id, used in addresses: rename it to {}.yaml (lower-case ASCII letters, digits and hyphens)",
                        crate::i18n::slugify(&id)
                    ),
                ));
                progress.failed.insert(id);
                continue;
            }
            if let Some(other) = progress.files.get(&id) {
                diagnostics.push(Error::content(
                    Location::file(rel),
                    format!(
                        "this file and {} have the same name, which is the progress id: rename one",
                        other.source.display()
                    ),
                ));
                continue;
            }
            let parsed = parse(&id, rel, &text, languages);
            diagnostics.warnings.extend(parsed.warnings);
            diagnostics.errors.extend(parsed.errors);
            match parsed.value {
                Some(file) => {
                    progress.files.insert(id, file);
                }
                None => {
                    progress.failed.insert(id);
                }
            }
        }
        misplaced_files(paths, &progress, &mut diagnostics);
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
        let hint = match crate::suggest::closest(file, &known) {
            Some(best) => format!(" (did you mean `{best}`?)"),
            None if known.is_empty() => " (there are no files in content/progress/)".to_string(),
            None => format!("; the files are {}", known.join(", ")),
        };
        format!("there is no progress file content/progress/{file}.yaml{hint}")
    }
}

fn suggestion<'a>(word: &str, known: impl Iterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.collect();
    match crate::suggest::closest(word, &known) {
        Some(best) => format!(" (did you mean `{best}`?)"),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests;
