//! `danvan new sheet <progress> <date>`: the spreadsheet for the next
//! round of reports. One row per unit expected on that date, the `unit`
//! column holding its id and `name` its name (for people; not read back),
//! one column per rolled-up target (two for a ratio, `<id>` and
//! `<id>.of`), and each target's title and how to answer it in a note on
//! its heading. Written as `.xlsx` (or `.csv`, which has no notes) where
//! danvan reads it back: `content/progress/<id>/<date>.xlsx`.

use super::Units;
use super::rollup::Rule;
use crate::date::Date;
use crate::error::{Diagnostics, Error, Location};
use crate::progress::{ProgressFile, Target};
use std::path::{Path, PathBuf};

/// The sheet's format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Xlsx,
    Csv,
}

/// A sheet as rows of text, before it is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub header: Vec<String>,
    /// The note on each heading.
    pub notes: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// How a target is answered, for the note on its heading.
fn how(target: &Target, rule: Rule, counts: Option<&[String]>) -> &'static str {
    match (rule, counts) {
        (Rule::Sum, _) => {
            "Số (từ đầu kỳ đến nay) / a whole number, the total since the period start"
        }
        (Rule::Share, None) => "có / không (hoặc x) / yes or no",
        (Rule::Share, Some(_)) => "Xếp loại (Xuất sắc, Tốt, Khá ...) / the rating",
        (Rule::Ratio, _) if target.measure == crate::progress::Measure::Percent => {
            "Số đạt / the count (the whole goes in the next column, .of)"
        }
        (Rule::Ratio, _) => "Số đạt / the count",
    }
}

/// The sheet of `file` for `date`.
pub fn sheet(file: &ProgressFile, units: &Units, date: Date, lang: &str) -> Sheet {
    let mut header = vec!["unit".to_string(), "name".to_string()];
    let mut notes = vec![
        "Mã đơn vị, không sửa / the unit's id: do not change".to_string(),
        "Tên đơn vị (không đọc lại) / the unit's name, for people".to_string(),
    ];
    let rolled: Vec<&Target> = file
        .targets
        .iter()
        .filter(|t| t.from_units.is_some())
        .collect();
    for target in &rolled {
        let Some(from) = &target.from_units else {
            continue;
        };
        let title = target.title.get(lang, lang);
        let other = target.title.get("en", lang);
        let titles = if other == title {
            title.to_string()
        } else {
            format!("{title} / {other}")
        };
        let only = if from.selector.kinds.is_empty() {
            String::new()
        } else {
            format!(
                "\nChỉ đơn vị loại / only units of kind: {}",
                from.selector.kinds.join(", ")
            )
        };
        let counted = from
            .counts
            .as_ref()
            .map(|c| format!("\nTính khi / counts when: {}", c.join(", ")))
            .unwrap_or_default();
        header.push(target.id.clone());
        notes.push(format!(
            "{titles}\n{}{counted}{only}",
            how(target, from.rule, from.counts.as_deref())
        ));
        if from.rule == Rule::Ratio {
            header.push(format!("{}.of", target.id));
            notes.push(format!(
                "{titles}\nTổng số / the whole that the count is part of{only}"
            ));
        }
    }
    let rows = units
        .units
        .iter()
        .filter(|u| u.open_on(date))
        .filter(|u| {
            rolled
                .iter()
                .any(|t| t.from_units.as_ref().is_some_and(|f| f.selector.matches(u)))
        })
        .map(|u| {
            let mut row = vec![u.id.clone(), u.name.clone()];
            row.resize(header.len(), String::new());
            row
        })
        .collect();
    Sheet {
        header,
        notes,
        rows,
    }
}

/// The sheet as an `.xlsx` workbook.
pub fn xlsx(sheet: &Sheet) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, Note, Workbook};
    let mut book = Workbook::new();
    let page = book.add_worksheet();
    let bold = Format::new().set_bold();
    let e = |e: rust_xlsxwriter::XlsxError| e.to_string();
    for (c, (name, note)) in sheet.header.iter().zip(&sheet.notes).enumerate() {
        let c = c as u16;
        page.write_string_with_format(0, c, name, &bold)
            .map_err(e)?;
        page.insert_note(
            0,
            c,
            &Note::new(note).set_width(360).add_author_prefix(false),
        )
        .map_err(e)?;
        let width = if c == 1 { 48.0 } else { 22.0 };
        page.set_column_width(c, width).map_err(e)?;
    }
    for (r, row) in sheet.rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if !text.is_empty() {
                page.write_string(r as u32 + 1, c as u16, text).map_err(e)?;
            }
        }
    }
    page.set_freeze_panes(1, 2).map_err(e)?;
    book.save_to_buffer().map_err(e)
}

/// The sheet as CSV (UTF-8 with a BOM, so that Excel shows Vietnamese).
pub fn csv(sheet: &Sheet) -> Vec<u8> {
    let mut writer = csv::Writer::from_writer(Vec::from("\u{feff}".as_bytes()));
    let _ = writer.write_record(&sheet.header);
    for row in &sheet.rows {
        let _ = writer.write_record(row);
    }
    writer.into_inner().unwrap_or_default()
}

/// Writes the sheet of progress file `id` for `date` into the site;
/// refuses to overwrite. Returns the file written and the notes of its
/// headings, for the terminal.
pub fn create(
    site: &Path,
    id: &str,
    date: &str,
    format: Format,
    lang: &str,
    languages: &[&str],
) -> Result<(PathBuf, Sheet), Diagnostics> {
    let here = Location::file("content/progress");
    let date = Date::parse(date).map_err(|m| Error::content(here.clone(), m))?;
    let rel = PathBuf::from(format!("content/progress/{id}.yaml"));
    if !site.join(&rel).is_file() {
        let known: Vec<String> = std::fs::read_dir(site.join("content/progress"))
            .into_iter()
            .flatten()
            .flatten()
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().to_string();
                name.strip_suffix(".yaml").map(String::from)
            })
            .collect();
        let hint = crate::suggest::closest(id, &known)
            .map(|k| format!(" (did you mean `{k}`?)"))
            .unwrap_or_default();
        return Err(Error::content(
            Location::file(&rel),
            format!("there is no progress file content/progress/{id}.yaml{hint}"),
        )
        .into());
    }
    let text = crate::content::read_text(site, &rel)?;
    let file = crate::progress::parse(id, &rel, &text, languages)
        .into_result()
        .map_err(|errors| Diagnostics {
            errors,
            ..Diagnostics::default()
        })?;
    if date < file.period.start || date > file.period.end {
        return Err(Error::content(
            Location::file(&rel),
            format!(
                "{date} is outside the period of this plan, {} to {}: give a report date inside it",
                file.period.start, file.period.end
            ),
        )
        .into());
    }
    if !file.targets.iter().any(|t| t.from_units.is_some()) {
        return Err(Error::content(
            Location::file(&rel),
            "no target of this file takes its figure from the units: add `from_units: sum` (or `share`, `ratio`) to the targets the units report",
        )
        .into());
    }
    let (units, diagnostics) = super::load(site, languages);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    if units.units.is_empty() {
        return Err(Error::content(
            Location::file(super::UNITS_FILE),
            "there are no units to send the sheet to: list them in content/units.yaml (`units:` with `id`, `name`, `kind` for each)",
        )
        .into());
    }
    let sheet = sheet(&file, &units, date, lang);
    let ext = match format {
        Format::Xlsx => "xlsx",
        Format::Csv => "csv",
    };
    let out = PathBuf::from(format!("content/progress/{id}/{date}.{ext}"));
    let taken = ["xlsx", "csv"]
        .iter()
        .map(|e| PathBuf::from(format!("content/progress/{id}/{date}.{e}")))
        .find(|p| site.join(p).exists());
    if let Some(taken) = taken {
        return Err(Error::content(
            Location::file(&taken),
            "this sheet already exists; danvan never overwrites: fill it in, or move it away first",
        )
        .into());
    }
    let bytes = match format {
        Format::Xlsx => xlsx(&sheet).map_err(|m| {
            Error::content(Location::file(&out), format!("cannot write the sheet: {m}"))
        })?,
        Format::Csv => csv(&sheet),
    };
    crate::fs::write(&site.join(&out), &bytes)?;
    Ok((out, sheet))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::units::sheet::{Raw, read_csv, read_xlsx};

    fn fixture() -> (ProgressFile, Units) {
        let units = crate::units::parse(
            Path::new("u.yaml"),
            "units:\n  - {id: a, name: Trường A, kind: hcsn}\n  - {id: c, name: Công ty C, kind: dn}\n  - {id: d, name: Trạm D, kind: hcsn, founded: 2024-07-01}\n  - {id: e, name: Xã E, kind: hcsn, closed: 2024-03-01}\n",
            &[],
        )
        .into_result()
        .unwrap();
        let text = "title: T\nperiod: {start: 2024-01-01, end: 2024-12-31}\ntargets:
  - {id: k, title: {vi: Kết nạp, en: Admitted}, measure: count, target: 5, from_units: sum}
  - {id: s, title: Tốt, measure: percent, target: 85, from_units: share, counts: [tot], units: {kind: hcsn}}
  - {id: r, title: Tập huấn, measure: percent, target: 85, from_units: ratio}
  - {id: w, title: Written, measure: count, target: 5}
";
        let file = crate::progress::parse("p", Path::new("p.yaml"), text, &[])
            .into_result()
            .unwrap();
        (file, units)
    }

    #[test]
    fn a_row_per_expected_unit_and_a_column_per_rolled_up_target() {
        let (file, units) = fixture();
        let s = sheet(&file, &units, Date::parse("2024-06-30").unwrap(), "vi");
        assert_eq!(s.header, ["unit", "name", "k", "s", "r", "r.of"]);
        // d is not founded yet, e is closed.
        let ids: Vec<&str> = s.rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert!(s.notes[2].starts_with("Kết nạp / Admitted"));
        assert!(s.notes[3].contains("only units of kind: hcsn"));
        assert!(s.notes[3].contains("counts when: tot"), "{}", s.notes[3]);
    }

    #[test]
    fn the_xlsx_sheet_reads_back() {
        let (file, units) = fixture();
        let s = sheet(&file, &units, Date::parse("2024-12-31").unwrap(), "vi");
        let bytes = xlsx(&s).unwrap();
        let rows = read_xlsx(Path::new("s.xlsx"), bytes).unwrap();
        assert_eq!(rows[0][5].raw, Raw::Text("r.of".into()));
        assert_eq!(rows[3][0].raw, Raw::Text("d".into()));
        assert_eq!(rows[3][1].raw, Raw::Text("Trạm D".into()));
        assert_eq!(rows[3][0].row, 4);
        let rows = read_csv(Path::new("s.csv"), &csv(&s)).unwrap();
        assert_eq!(rows[0][0].raw, Raw::Text("unit".into()));
        assert_eq!(rows.len(), 4);
    }
}
