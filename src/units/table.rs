//! A sheet's rows as answers: the header row (the one with a `unit`
//! heading, titles above it skipped) names each column, a unit per row,
//! a target per column (two for a ratio, `<id>` and `<id>.of`).

use super::read::Reader;
use super::rollup::Rule;
use super::sheet::{self, Cell, Raw};
use std::collections::{BTreeMap, HashMap};

/// The largest sheet read.
const MAX_SHEET_BYTES: u64 = 8 * 1024 * 1024;

/// What a column of a sheet holds.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Column {
    Unit,
    /// `name` and other columns for people, not read.
    Ignored,
    Target(usize),
    Of(usize),
}

impl Reader<'_> {
    /// `<date>.csv` or `<date>.xlsx`: a `unit` column and one per target.
    pub(super) fn sheet(&mut self, stem: &str, ext: &str) {
        let Some(date) = self.date(stem) else {
            return;
        };
        let path = self.site.join(self.rel);
        // A round of a district's units is a few kilobytes; a file this
        // large is something else, and would be read into memory whole.
        if std::fs::metadata(&path).is_ok_and(|m| m.len() > MAX_SHEET_BYTES) {
            self.err(
                crate::error::Location::file(self.rel),
                format!(
                    "this sheet is over {} MB, far more than one round of unit reports: keep one row per unit, and only the first sheet",
                    MAX_SHEET_BYTES / (1024 * 1024)
                ),
            );
            return;
        }
        let bytes = match crate::fs::read(&path) {
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
        // A CSV cell's place in the text, for editors' line:column.
        self.text_at = rows
            .iter()
            .flatten()
            .filter_map(|c| c.at.map(|at| ((c.row, c.column), at)))
            .collect();
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
                    let (loc, place) = self.place(row, unit_column);
                    self.err(
                        loc,
                        format!("{place}: this row has figures but no unit: write the unit's id or name in column {}", sheet::column_name(unit_column)),
                    );
                    continue;
                }
                _ => {
                    let (loc, place) = self.place(row, unit_column);
                    self.err(loc, format!("{place}: write the unit's id or name here"));
                    continue;
                }
            };
            let (loc, place) = self.place(row, unit_column);
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
                let (loc, place) = self.place(row, column);
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
            let (at, place) = self.place(row, 0);
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
