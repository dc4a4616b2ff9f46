//! The units' answers, read from `content/progress/<id>/`: one YAML file
//! per unit and date (`<date>/<unit-id>.yaml`) or one spreadsheet per date
//! (`<date>.csv`, `<date>.xlsx`, whose rows and columns are
//! [`super::table`]'s). Every answer is checked against its target (the
//! kind of figure), its unit (known, open on the date, one of the units
//! the target expects) and its date (inside the period); a unit reported
//! twice for one date is an error at the second place.

use super::answers::{Answers, UnitAnswer, interpret};
use super::rollup::Rule;
use super::sheet::{self, Raw};
use super::{Unit, Units};
use crate::date::Date;
use crate::error::{Diagnostics, Error, Location};
use crate::number::Number;
use crate::progress::ProgressFile;
use crate::yaml::{self, Spanned};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitFile {
    #[serde(default)]
    figures: BTreeMap<String, Spanned<yaml::Value>>,
}

/// One unit's report for one date as written: `figures:` by target id.
pub fn parse_unit_file(
    block: yaml::Block,
    languages: &[&str],
) -> yaml::Parsed<BTreeMap<String, Spanned<yaml::Value>>> {
    let parsed = yaml::parse::<UnitFile>(
        block,
        yaml::Schema {
            keys: Some(&["figures"]),
            languages,
        },
    );
    yaml::Parsed {
        value: parsed.value.map(|f| f.figures),
        errors: parsed.errors,
        warnings: parsed.warnings,
    }
}

/// Reads every unit report below `content/progress/`: `paths` are the
/// site-relative files found there.
pub fn read(
    site: &Path,
    paths: &[PathBuf],
    files: &BTreeMap<String, ProgressFile>,
    failed_files: &std::collections::BTreeSet<String>,
    units: &Units,
    languages: &[&str],
) -> (Answers, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let mut answers = Answers::new();
    let mut seen: HashMap<(String, String, Date), Location> = HashMap::new();
    for rel in paths {
        let parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().to_string())
            .collect();
        if parts.len() < 4 {
            continue;
        }
        let file_id = &parts[2];
        let Some(file) = files.get(file_id) else {
            if !failed_files.contains(file_id) {
                diagnostics.push(Error::content(
                    Location::file(rel),
                    format!(
                        "unit reports are kept in content/progress/<id>/ beside content/progress/<id>.yaml, but there is no content/progress/{file_id}.yaml{}",
                        closest(file_id, files.keys().map(String::as_str))
                    ),
                ));
            }
            continue;
        };
        let mut reader = Reader {
            site,
            rel,
            file,
            units,
            seen: &mut seen,
            answers: answers.entry(file_id.clone()).or_default(),
            errors: Vec::new(),
            text_at: HashMap::new(),
        };
        let name = parts.last().cloned().unwrap_or_default();
        let lower = name.to_lowercase();
        let (stem, ext) = lower.rsplit_once('.').unwrap_or((&lower, ""));
        match (parts.len(), ext) {
            (4, "csv" | "xlsx") => reader.sheet(stem, ext),
            (5, "yaml" | "yml") => reader.unit_file(&parts[3], stem, languages),
            _ => reader.err(
                Location::file(rel),
                format!(
                    "danvan reads unit reports in content/progress/{file_id}/ as <date>.xlsx or <date>.csv (one sheet per date), or as <date>/<unit-id>.yaml (one file per unit): rename or move this file{}",
                    if matches!(ext, "xls" | "ods" | "xlsm" | "xlsb") {
                        "; open it and save it as .xlsx (Excel Workbook)"
                    } else {
                        ""
                    }
                ),
            ),
        }
        // At most 100 mistakes a file, as for every other file: a sheet
        // pasted into the wrong columns is told in a screenful.
        let more = reader.errors.len().saturating_sub(MAX_MISTAKES);
        diagnostics
            .errors
            .extend(reader.errors.into_iter().take(MAX_MISTAKES));
        if more > 0 {
            diagnostics.push(Error::content(
                Location::file(rel),
                format!(
                    "{more} more mistakes like these in this file are not listed: fix the ones above first"
                ),
            ));
        }
    }
    for targets in answers.values_mut() {
        for list in targets.values_mut() {
            list.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.unit.cmp(&b.unit)));
        }
    }
    (answers, diagnostics)
}

fn closest<'a>(word: &str, known: impl Iterator<Item = &'a str>) -> String {
    let known: Vec<&str> = known.collect();
    crate::suggest::closest(word, &known)
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default()
}

pub(super) struct Reader<'a> {
    pub(super) site: &'a Path,
    pub(super) rel: &'a Path,
    pub(super) file: &'a ProgressFile,
    pub(super) units: &'a Units,
    pub(super) seen: &'a mut HashMap<(String, String, Date), Location>,
    pub(super) answers: &'a mut BTreeMap<String, Vec<UnitAnswer>>,
    pub(super) errors: Vec<Error>,
    /// (row, column) → (line, column) in a CSV file's text.
    pub(super) text_at: HashMap<(usize, usize), (usize, usize)>,
}

impl Reader<'_> {
    pub(super) fn err(&mut self, at: Location, message: impl Into<String>) {
        self.errors.push(Error::content(at, message));
    }

    pub(super) fn cell_err(&mut self, row: usize, column: usize, message: impl AsRef<str>) {
        let (at, place) = self.place(row, column);
        self.err(at, format!("{place}: {}", message.as_ref()));
    }

    /// Where a cell is: "row 5, column C" for the message, and for tools
    /// the line and column in a CSV file's text, or the row and column.
    pub(super) fn place(&self, row: usize, column: usize) -> (Location, String) {
        let (mut at, place) = sheet::place(self.rel, row, column);
        if let Some((line, col)) = self.text_at.get(&(row, column)) {
            at = Location::new(self.rel, *line, *col);
        }
        (at, place)
    }

    /// The date a file or folder name gives, checked against the period.
    pub(super) fn date(&mut self, name: &str) -> Option<Date> {
        let at = Location::file(self.rel);
        let date = match Date::read(name) {
            Ok(d) => d,
            Err(reason) => {
                self.err(
                    at,
                    format!(
                        "the name `{name}` must be the date of the reports, as year-month-day (e.g. 2024-06-30): {reason}"
                    ),
                );
                return None;
            }
        };
        let period = self.file.period;
        if date < period.start || date > period.end {
            self.err(
                at,
                format!(
                    "the report date {date} is outside the period of content/progress/{}.yaml, {} to {}: check the date in the file name",
                    self.file.id, period.start, period.end
                ),
            );
            return None;
        }
        Some(date)
    }

    /// A target a report names, if it takes figures from units.
    pub(super) fn target(&self, id: &str) -> Result<(usize, Rule), String> {
        let id = id.trim();
        let Some(index) = self.file.targets.iter().position(|t| t.id == id) else {
            return Err(format!(
                "content/progress/{}.yaml has no target `{id}`{}",
                self.file.id,
                closest(
                    id,
                    self.file
                        .targets
                        .iter()
                        .filter(|t| t.from_units.is_some())
                        .map(|t| t.id.as_str())
                )
            ));
        };
        match &self.file.targets[index].from_units {
            Some(from) => Ok((index, from.rule)),
            None => Err(format!(
                "target `{id}` takes its figures from `reports:` in content/progress/{}.yaml, not from the units: add `from_units: sum` (or `share`, `ratio`) to it and remove its `reports:`, or leave this figure out",
                self.file.id
            )),
        }
    }

    /// The unit a report names, checked for the date; `None` after an error.
    pub(super) fn unit(
        &mut self,
        written: &str,
        date: Date,
        at: Location,
        place: &str,
    ) -> Option<Unit> {
        let Some(unit) = self.units.find(written).cloned() else {
            let hint = match self.units.closest(written) {
                Some(c) => format!(" (did you mean `{c}`?)"),
                None if self.units.units.is_empty() => {
                    format!("; the units are listed in {}", super::UNITS_FILE)
                }
                None => String::new(),
            };
            self.err(
                at,
                format!(
                    "{place}there is no unit `{}` in {}{hint}: write the unit's id or its name exactly as listed there",
                    crate::suggest::shorten(written.trim()),
                    super::UNITS_FILE
                ),
            );
            return None;
        };
        let key = (self.file.id.clone(), unit.id.clone(), date);
        if let Some(first) = self.seen.get(&key) {
            let first = first.clone();
            self.err(
                at,
                format!(
                    "{place}unit `{}` is reported twice for {date}: first at {first}; keep one report per unit and date",
                    unit.id
                ),
            );
            return None;
        }
        self.seen.insert(key, at.clone());
        if !unit.open_on(date) {
            let why = match (unit.founded, unit.closed) {
                (Some(f), _) if f > date => format!("it was founded on {f}"),
                (_, Some(c)) => format!("it closed on {c}"),
                _ => String::new(),
            };
            self.err(
                at,
                format!(
                    "{place}unit `{}` is not expected to report on {date}: {why} (see {}); remove this report or check the dates",
                    unit.id,
                    super::UNITS_FILE
                ),
            );
            return None;
        }
        Some(unit)
    }

    /// Checks `raw` against target `index` for `unit` and keeps the answer.
    pub(super) fn answer(
        &mut self,
        index: usize,
        unit: &Unit,
        date: Date,
        raw: &Raw,
        at: Location,
    ) -> Result<(), String> {
        let target = &self.file.targets[index];
        let Some(from) = &target.from_units else {
            return Ok(());
        };
        let Some(answer) = interpret(raw, target, from.rule, from.counts.as_deref())? else {
            return Ok(());
        };
        // A kind no unit has is a typo in the target, told once there.
        let kinds_known = from.selector.kinds.iter().all(|k| {
            self.units
                .units
                .iter()
                .any(|u| u.kind.as_deref() == Some(k))
        });
        if kinds_known && !from.selector.matches(unit) {
            return Err(format!(
                "`{}` counts only units of kind {}, and unit `{}` is {}: leave this figure out",
                target.id,
                from.selector.kinds.join(" or "),
                unit.id,
                unit.kind
                    .as_ref()
                    .map_or("of no kind".to_string(), |k| format!("of kind {k}"))
            ));
        }
        self.answers
            .entry(target.id.clone())
            .or_default()
            .push(UnitAnswer {
                unit: unit.id.clone(),
                date,
                answer,
                location: at,
            });
        Ok(())
    }

    /// `<date>/<unit-id>.yaml`: `figures: {target: value, ...}`.
    fn unit_file(&mut self, folder: &str, unit_id: &str, languages: &[&str]) {
        let Some(date) = self.date(folder) else {
            return;
        };
        let text = match crate::content::read_text(self.site, self.rel) {
            Ok(t) => t,
            Err(e) => {
                self.errors.push(e);
                return;
            }
        };
        let block = yaml::Block::file(self.rel, &text);
        let parsed = parse_unit_file(block, languages);
        self.errors.extend(parsed.errors);
        let Some(figures) = parsed.value else {
            return;
        };
        // The file is named by the unit's id.
        let Some(unit) = self.unit(unit_id, date, Location::file(self.rel), "the file name: ")
        else {
            return;
        };
        for (id, value) in &figures {
            let at = value.location.clone();
            let (index, _) = match self.target(id) {
                Ok(t) => t,
                Err(m) => {
                    self.err(at, m);
                    continue;
                }
            };
            let raw = raw_of(&value.value);
            if let Err(m) = self.answer(index, &unit, date, &raw, at.clone()) {
                self.err(at, m);
            }
        }
    }
}

/// A YAML value as a cell.
fn raw_of(value: &yaml::Value) -> Raw {
    match value {
        yaml::Value::Null => Raw::Empty,
        yaml::Value::Bool(b) => Raw::Bool(*b),
        yaml::Value::Int(i) => Raw::Number(Number::Int(*i)),
        yaml::Value::Float(f) => Raw::Number(Number::Float(*f)),
        yaml::Value::Text(t) => {
            let t = crate::i18n::nfc(t.trim());
            if t.is_empty() {
                Raw::Empty
            } else {
                Raw::Text(t)
            }
        }
        yaml::Value::Map(m) => {
            let get = |k: &str| m.get(k).map_or(Raw::Empty, raw_of);
            if m.keys().all(|k| k == "count" || k == "of") {
                Raw::Ratio(Box::new(get("count")), Box::new(get("of")))
            } else {
                Raw::Other("a map with keys other than `count` and `of`".to_string())
            }
        }
        yaml::Value::List(_) => Raw::Other("a list".to_string()),
    }
}

/// Mistakes listed per file at the most.
const MAX_MISTAKES: usize = 100;
