//! The units' answers, read from `content/progress/<id>/`: one YAML file
//! per unit and date (`<date>/<unit-id>.yaml`) or one spreadsheet per date
//! (`<date>.csv`, `<date>.xlsx`). Every answer is checked against its
//! target (the kind of figure), its unit (known, open on the date, one of
//! the units the target expects) and its date (inside the period); a unit
//! reported twice for one date is an error at the second place.

use super::rollup::Rule;
use super::sheet::{self, Cell, Raw};
use super::{Unit, Units};
use crate::date::Date;
use crate::error::{Diagnostics, Error, Location};
use crate::number::{Number, Rational};
use crate::progress::{Measure, ProgressFile, Target};
use crate::yaml::{self, Spanned};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// One unit's answer to one target.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A figure of a `sum` target: the unit's running total.
    Number(Number),
    /// Yes or no, for a `share` target counting yeses.
    Yes(bool),
    /// A word such as `Tốt`, for a `share` target whose `counts:` are words.
    Word { slug: String, written: String },
    /// A part of a whole, for a `ratio` target.
    Ratio { count: Number, of: Number },
}

/// An answer, its unit, date and place.
#[derive(Debug, Clone)]
pub struct UnitAnswer {
    pub unit: String,
    pub date: Date,
    pub answer: Answer,
    pub location: Location,
}

/// Answers by progress file id, then target id.
pub type Answers = BTreeMap<String, BTreeMap<String, Vec<UnitAnswer>>>;

/// `true`/`false` as a spreadsheet holds them: also có/không, yes/no and
/// `x` for a ticked box.
pub fn yes_no(text: &str) -> Option<bool> {
    let t = crate::i18n::nfc(text.trim()).to_lowercase();
    match t.as_str() {
        "x" => Some(true),
        _ => yaml::yes_no(&t),
    }
}

/// What a cell says for `target`, or why it cannot say it; `None` for an
/// empty cell (no answer).
pub fn interpret(
    raw: &Raw,
    target: &Target,
    rule: Rule,
    counts: Option<&[String]>,
) -> Result<Option<Answer>, String> {
    let id = &target.id;
    let whole = |n: Number, what: &str| -> Result<Number, String> {
        if !n.is_integer() {
            return Err(format!(
                "{what} counts whole things, but {} is not a whole number: write counts without a thousands separator, e.g. 1520",
                n.as_f64()
            ));
        }
        if n.to_rational().is_negative() {
            return Err(format!(
                "the figure {} is negative: figures cannot be below zero",
                n.as_f64()
            ));
        }
        Ok(n)
    };
    let figure = |raw: &Raw, what: &str| -> Result<Option<Number>, String> {
        match raw {
            Raw::Empty => Ok(None),
            Raw::Number(n) => whole(*n, what).map(Some),
            Raw::Text(t) => match yaml::figure(t) {
                Ok(n) => whole(n, what).map(Some),
                // The same rule as in YAML, said for a cell.
                Err(m) => Err(m
                    .to_string()
                    .replace("numbers in YAML have", "figures have")),
            },
            Raw::Bool(_) => Err(format!(
                "{what} is a number, not yes/no: write how many, e.g. 3"
            )),
            Raw::Ratio(..) => Err(format!(
                "{what} is one number, not `count` and `of`: write how many, e.g. 3"
            )),
            Raw::Other(what_it_is) => Err(format!(
                "this cell holds {what_it_is}, but {what} is a number: type the figure, e.g. 3"
            )),
        }
    };
    match rule {
        Rule::Sum => figure(raw, &format!("`{id}`")).map(|n| n.map(Answer::Number)),
        Rule::Ratio => {
            let (count, of) = match raw {
                Raw::Ratio(c, o) => (c.as_ref(), o.as_ref()),
                Raw::Empty => return Ok(None),
                _ => {
                    return Err(format!(
                        "`{id}` is a part of a whole: give `{{count: 3, of: 4}}` (in a spreadsheet, the columns `{id}` and `{id}.of`)"
                    ));
                }
            };
            let count = figure(count, &format!("the count of `{id}`"))?;
            let of = figure(of, &format!("`{id}.of`"))?;
            match (count, of) {
                (None, None) => Ok(None),
                (Some(_), None) => Err(format!(
                    "the count of `{id}` is given without its whole: give `of` too (in a spreadsheet, the column `{id}.of`)"
                )),
                (None, Some(_)) => Err(format!(
                    "the whole of `{id}` is given without the count: give `count` too, 0 if none (in a spreadsheet, the column `{id}`)"
                )),
                (Some(c), Some(o)) if c.to_rational() > o.to_rational() => Err(format!(
                    "the count ({}) is greater than `of` ({}): a part cannot exceed the whole",
                    c.as_f64(),
                    o.as_f64()
                )),
                (Some(count), Some(of)) => Ok(Some(Answer::Ratio { count, of })),
            }
        }
        Rule::Share => match (raw, counts) {
            (Raw::Empty, _) => Ok(None),
            (Raw::Bool(b), None) => Ok(Some(Answer::Yes(*b))),
            (Raw::Text(t), None) => match yes_no(t) {
                Some(b) => Ok(Some(Answer::Yes(b))),
                None => Err(format!(
                    "`{id}` is answered yes or no: write `có` or `không` (or `x` for yes); found `{}`",
                    crate::suggest::shorten(t)
                )),
            },
            (Raw::Text(t), Some(_)) => Ok(Some(Answer::Word {
                slug: crate::i18n::slugify(t),
                written: t.clone(),
            })),
            (_, Some(words)) => Err(format!(
                "`{id}` is answered with a word such as {}: write it as text",
                words
                    .iter()
                    .map(|w| format!("`{w}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )),
            (Raw::Other(what), None) => Err(format!(
                "this cell holds {what}, but `{id}` is answered yes or no: write `có` or `không`"
            )),
            (_, None) => Err(format!(
                "`{id}` is answered yes or no, not with a number: write `có` or `không` (or `x` for yes)"
            )),
        },
    }
}

/// The figure of an answer on the scale of a sum: the number itself.
pub fn amount(answer: &Answer) -> Rational {
    match answer {
        Answer::Number(n) => n.to_rational(),
        _ => Rational::from_int(0),
    }
}

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
        diagnostics.errors.extend(reader.errors);
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

/// What a column of a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Unit,
    /// `name` and other columns for people, not read.
    Ignored,
    Target(usize),
    Of(usize),
}

struct Reader<'a> {
    site: &'a Path,
    rel: &'a Path,
    file: &'a ProgressFile,
    units: &'a Units,
    seen: &'a mut HashMap<(String, String, Date), Location>,
    answers: &'a mut BTreeMap<String, Vec<UnitAnswer>>,
    errors: Vec<Error>,
}

impl Reader<'_> {
    fn err(&mut self, at: Location, message: impl Into<String>) {
        self.errors.push(Error::content(at, message));
    }

    fn cell_err(&mut self, row: usize, column: usize, message: impl AsRef<str>) {
        let (at, place) = sheet::place(self.rel, row, column);
        self.err(at, format!("{place}: {}", message.as_ref()));
    }

    /// The date a file or folder name gives, checked against the period.
    fn date(&mut self, name: &str) -> Option<Date> {
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
    fn target(&self, id: &str) -> Result<(usize, Rule), String> {
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
    fn unit(&mut self, written: &str, date: Date, at: Location, place: &str) -> Option<Unit> {
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
    fn answer(
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
        if !from.selector.matches(unit) {
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
        let block = yaml::Block {
            path: self.rel,
            text: &text,
            first_line: 1,
        };
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

    /// `<date>.csv` or `<date>.xlsx`: a `unit` column and one per target.
    fn sheet(&mut self, stem: &str, ext: &str) {
        let Some(date) = self.date(stem) else {
            return;
        };
        let bytes = match crate::fs::read(&self.site.join(self.rel)) {
            Ok(b) => b,
            Err(e) => {
                self.errors.push(e);
                return;
            }
        };
        let rows = match ext {
            "csv" => sheet::read_csv(self.rel, &bytes),
            _ => sheet::read_xlsx(self.rel, bytes),
        };
        let rows = match rows {
            Ok(r) => r,
            Err(e) => {
                self.errors.push(e);
                return;
            }
        };
        let filled = |cells: &[Cell]| cells.iter().any(|c| c.raw != Raw::Empty);
        let mut rows: Vec<Vec<Cell>> = rows.into_iter().filter(|r| filled(r)).collect();
        // Offices put a title or two above the table: the header is the
        // first row with a `unit` heading, else the first filled row.
        let start = rows
            .iter()
            .position(|r| r.iter().any(|c| is_unit_heading(&c.raw)))
            .unwrap_or(0);
        let mut rows = rows.drain(start..);
        let Some(header) = rows.next() else {
            return;
        };
        let Some(columns) = self.columns(&header) else {
            return;
        };
        let unit_column = columns
            .iter()
            .find(|(_, c)| **c == Column::Unit)
            .map(|(i, _)| *i);
        for cells in rows {
            let Some(row) = cells.first().map(|c| c.row) else {
                continue;
            };
            let at = |column: usize| sheet::place(self.rel, row, column);
            let by_column: HashMap<usize, &Raw> =
                cells.iter().map(|c| (c.column, &c.raw)).collect();
            let get = |column: usize| by_column.get(&column).copied().unwrap_or(&Raw::Empty);
            let Some(unit_column) = unit_column else {
                continue;
            };
            let written = match get(unit_column) {
                Raw::Text(t) => t.clone(),
                Raw::Number(n) => format!("{}", n.as_f64()),
                Raw::Empty => {
                    let (loc, place) = at(unit_column);
                    self.err(
                        loc,
                        format!("{place}: this row has figures but no unit: write the unit's id or name in column {}", sheet::column_name(unit_column)),
                    );
                    continue;
                }
                _ => {
                    let (loc, place) = at(unit_column);
                    self.err(loc, format!("{place}: write the unit's id or name here"));
                    continue;
                }
            };
            let (loc, place) = at(unit_column);
            let Some(unit) = self.unit(&written, date, loc, &format!("{place}: ")) else {
                continue;
            };
            for (&column, kind) in &columns {
                let raw = match *kind {
                    Column::Target(index) => {
                        let target = &self.file.targets[index];
                        let is_ratio = target
                            .from_units
                            .as_ref()
                            .is_some_and(|f| f.rule == Rule::Ratio);
                        if is_ratio {
                            let of = columns
                                .iter()
                                .find(|(_, k)| **k == Column::Of(index))
                                .map_or(&Raw::Empty, |(c, _)| get(*c));
                            Raw::Ratio(Box::new(get(column).clone()), Box::new(of.clone()))
                        } else {
                            get(column).clone()
                        }
                    }
                    _ => continue,
                };
                let (loc, place) = at(column);
                if let Column::Target(index) = *kind
                    && let Err(m) = self.answer(index, &unit, date, &raw, loc.clone())
                {
                    self.err(loc, format!("{place}: {m}"));
                }
            }
        }
    }

    /// What each column of the header row holds; `None` when the sheet
    /// cannot be read on (no `unit` column).
    fn columns(&mut self, header: &[Cell]) -> Option<BTreeMap<usize, Column>> {
        let mut columns = BTreeMap::new();
        let mut ratio_seen: HashMap<usize, (bool, bool, usize)> = HashMap::new();
        for cell in header {
            let name = match &cell.raw {
                Raw::Empty => continue,
                Raw::Text(t) => t.trim().to_string(),
                Raw::Number(n) => format!("{}", n.as_f64()),
                _ => {
                    self.cell_err(
                        cell.row,
                        cell.column,
                        "the first row names the columns: write `unit` or a target id here",
                    );
                    continue;
                }
            };
            let slug = crate::i18n::slugify(&name);
            let column = match slug.as_str() {
                "unit" | "don-vi" => Column::Unit,
                "name" | "ten" | "ten-don-vi" | "note" | "ghi-chu" => Column::Ignored,
                _ => {
                    let (id, of) = match name.strip_suffix(".of") {
                        Some(id) => (id, true),
                        None => (name.as_str(), false),
                    };
                    match self.target(id) {
                        Ok((index, rule)) => {
                            if of && rule != Rule::Ratio {
                                self.cell_err(cell.row, cell.column, format!("`{id}` is one figure per unit, so it has no `.of` column: remove this column"));
                                continue;
                            }
                            let seen =
                                ratio_seen
                                    .entry(index)
                                    .or_insert((false, false, cell.column));
                            if of {
                                seen.1 = true
                            } else {
                                seen.0 = true;
                                seen.2 = cell.column
                            }
                            if of {
                                Column::Of(index)
                            } else {
                                Column::Target(index)
                            }
                        }
                        Err(m) => {
                            self.cell_err(cell.row, cell.column, m);
                            continue;
                        }
                    }
                }
            };
            if let Some((&first, _)) = columns
                .iter()
                .find(|(_, c)| **c == column && column != Column::Ignored)
            {
                self.cell_err(
                    cell.row,
                    cell.column,
                    format!(
                        "`{name}` is also the heading of column {}: keep one column for it",
                        sheet::column_name(first)
                    ),
                );
                continue;
            }
            columns.insert(cell.column, column);
        }
        for (index, (count, of, column)) in ratio_seen {
            let target = &self.file.targets[index];
            let ratio = target
                .from_units
                .as_ref()
                .is_some_and(|f| f.rule == Rule::Ratio);
            if ratio && count != of {
                let row = header.first().map_or(1, |c| c.row);
                let id = &target.id;
                let missing = if count {
                    format!("{id}.of")
                } else {
                    id.clone()
                };
                self.cell_err(
                    row,
                    column,
                    format!("`{id}` is a part of a whole and takes two columns, `{id}` (the count) and `{id}.of` (the whole): add the column `{missing}`"),
                );
                columns.retain(|_, c| *c != Column::Target(index) && *c != Column::Of(index));
            }
        }
        if !columns.values().any(|c| *c == Column::Unit) {
            let row = header.first().map_or(1, |c| c.row);
            let (at, place) = sheet::place(self.rel, row, 0);
            self.err(at, format!("{place}: the first row of the sheet needs a `unit` column, holding each unit's id or name (`danvan new sheet {} <date>` writes a sheet ready to fill in)", self.file.id));
            return None;
        }
        Some(columns)
    }
}

/// Whether a cell heads the `unit` column.
fn is_unit_heading(raw: &Raw) -> bool {
    matches!(raw, Raw::Text(t) if matches!(crate::i18n::slugify(t).as_str(), "unit" | "don-vi"))
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

/// Whether a target's measure suits its rule: `sum` counts, `share` and
/// `ratio` are percentages.
pub fn suits(rule: Rule, measure: Measure) -> bool {
    matches!(
        (rule, measure),
        (Rule::Sum, Measure::Count) | (Rule::Share | Rule::Ratio, Measure::Percent)
    )
}
