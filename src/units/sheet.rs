//! Spreadsheets as a grid of cells with their places: `.xlsx` through
//! calamine, `.csv` through the csv crate (with the BOM Excel writes, and
//! `;` or `,` between fields as the office's locale saves them). What a
//! cell means for a target is [`super::answers`]'.

use crate::error::{Error, Location};
use crate::number::Number;
use std::path::Path;

/// A cell as the spreadsheet holds it.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Empty,
    Number(Number),
    Text(String),
    Bool(bool),
    /// `{count: 3, of: 4}`, from YAML only: a spreadsheet gives two columns.
    Ratio(Box<Raw>, Box<Raw>),
    /// A date, a formula error or another cell a figure cannot be: what it is.
    Other(String),
}

/// One cell and its place: `row` 1-based, `column` 0-based, as Excel
/// shows them (row 5, column C).
#[derive(Debug, Clone)]
pub struct Cell {
    pub row: usize,
    pub column: usize,
    pub raw: Raw,
    /// In a text file (CSV): the line and character column it starts at.
    pub at: Option<(usize, usize)>,
}

/// `0` → `A`, `27` → `AB`.
pub fn column_name(mut column: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (column % 26) as u8);
        if column < 26 {
            break;
        }
        column = column / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Where a cell is, for errors: line and column for tools, "row 5,
/// column C" in the message.
pub fn place(path: &Path, row: usize, column: usize) -> (Location, String) {
    (
        Location::new(path, row, column + 1),
        format!("row {row}, column {}", column_name(column)),
    )
}

/// A whole number kept exact; other floats as they are.
fn number(f: f64) -> Raw {
    if !f.is_finite() || f.abs() > crate::yaml::MAX_FIGURE {
        return Raw::Other(format!("the number {f}, too large for a figure"));
    }
    if f.fract() == 0.0 {
        Raw::Number(Number::Int(f as i64))
    } else {
        Raw::Number(Number::Float(f))
    }
}

/// Text as typed, in NFC with the spaces around it gone; empty is empty.
fn text(s: &str) -> Raw {
    let t = crate::i18n::nfc(s.trim());
    if t.is_empty() {
        Raw::Empty
    } else {
        Raw::Text(t)
    }
}

/// Reads the first sheet of an `.xlsx` file into rows of cells.
pub fn read_xlsx(path: &Path, bytes: Vec<u8>) -> Result<Vec<Vec<Cell>>, Error> {
    use calamine::{Data, Reader, Xlsx};
    let unreadable = |e: String| {
        Error::content(
            Location::file(path),
            format!(
                "this spreadsheet cannot be read ({e}): open it in Excel or LibreOffice and save it again as .xlsx (Excel Workbook), or as .csv"
            ),
        )
    };
    let mut book = Xlsx::new(std::io::Cursor::new(bytes))
        .map_err(|e: calamine::XlsxError| unreadable(e.to_string()))?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(e)) => return Err(unreadable(e.to_string())),
        None => return Ok(Vec::new()),
    };
    let Some((top, left)) = range.start() else {
        return Ok(Vec::new());
    };
    let mut rows = Vec::new();
    for (r, cells) in range.rows().enumerate() {
        let row = top as usize + r + 1;
        let cells = cells
            .iter()
            .enumerate()
            .map(|(c, data)| Cell {
                row,
                column: left as usize + c,
                at: None,
                raw: match data {
                    Data::Empty => Raw::Empty,
                    Data::Int(i) => number(*i as f64),
                    Data::Float(f) => number(*f),
                    Data::String(s) => text(s),
                    Data::Bool(b) => Raw::Bool(*b),
                    Data::DateTime(_) | Data::DateTimeIso(_) => Raw::Other("a date".to_string()),
                    Data::DurationIso(_) => Raw::Other("a duration".to_string()),
                    Data::Error(e) => Raw::Other(format!("the formula error {e}")),
                },
            })
            .collect();
        rows.push(cells);
    }
    Ok(rows)
}

/// The separator of a CSV file: `;` (Excel in a Vietnamese locale), a tab
/// or `,`, whichever the header has most of outside quotes. The header is
/// the line of the first ten with the most separators, so that a title
/// line above it ("BÁO CÁO 6 THÁNG, NĂM 2024") does not decide.
fn separator(text: &str) -> u8 {
    let count = |line: &str| {
        let (mut semi, mut comma, mut tab, mut quoted) = (0, 0, 0, false);
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ';' if !quoted => semi += 1,
                ',' if !quoted => comma += 1,
                '\t' if !quoted => tab += 1,
                _ => {}
            }
        }
        (semi, comma, tab)
    };
    let (semi, comma, tab) = text
        .split(['\n', '\r'])
        .take(10)
        .map(count)
        .max_by_key(|(s, c, t)| *s.max(c).max(t))
        .unwrap_or((0, 0, 0));
    if tab > semi.max(comma) {
        b'\t'
    } else if semi > comma {
        b';'
    } else {
        b','
    }
}

/// The line and character column where each field of the record at byte
/// `start` (on `line`) begins, following quotes as the csv crate does;
/// `line_starts` holds the byte offset of every line of `text`.
fn field_starts(
    text: &str,
    line_starts: &[usize],
    start: usize,
    line: usize,
    separator: u8,
) -> Vec<(usize, usize)> {
    // After CRLF the csv crate places a record at the `\n` before it.
    let (mut start, mut line) = (start, line);
    while let Some(c) = text.get(start..).and_then(|t| t.chars().next())
        && matches!(c, '\r' | '\n')
    {
        line += usize::from(c == '\n');
        start += 1;
    }
    let Some(rest) = text.get(start..) else {
        return Vec::new();
    };
    // The character column of `start` on its line.
    let line_start = line_starts[line_starts
        .partition_point(|s| *s <= start)
        .saturating_sub(1)];
    let (mut line, mut col) = (line, text[line_start..start].chars().count() + 1);
    let mut starts = vec![(line, col)];
    let mut quoted = false;
    for c in rest.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' if !quoted => break,
            '\n' => {
                line += 1;
                col = 0;
            }
            c if !quoted && c as u32 == u32::from(separator) => starts.push((line, col + 1)),
            _ => {}
        }
        col += 1;
    }
    starts
}

/// Reads a `.csv` file into rows of cells. Every cell is text there: a
/// figure is read from it by the same rule as in YAML.
pub fn read_csv(path: &Path, bytes: &[u8]) -> Result<Vec<Vec<Cell>>, Error> {
    let decoded = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(e) => {
            let (line, _) = crate::error::line_column(
                &String::from_utf8_lossy(&bytes[..e.valid_up_to()]),
                e.valid_up_to(),
            );
            return Err(Error::content(
                Location::new(path, line, 1),
                "this CSV file is not in UTF-8, so its Vietnamese letters would be garbled: in Excel, save it with \"CSV UTF-8 (Comma delimited)\", or save it as .xlsx",
            ));
        }
    };
    let body = decoded.strip_prefix('\u{feff}').unwrap_or(&decoded);
    // Lines ended by a carriage return alone ("CSV (Macintosh)") are
    // lines too: the same number of bytes, so positions hold.
    let body: std::borrow::Cow<str> = if body.contains('\r') && !body.contains('\n') {
        body.replace('\r', "\n").into()
    } else {
        body.into()
    };
    let body = body.as_ref();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(body.match_indices('\n').map(|(i, _)| i + 1))
        .collect();
    let separator = separator(body);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(separator)
        .from_reader(body.as_bytes());
    let mut rows = Vec::new();
    for (r, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(r + 1, |p| p.line() as usize);
            Error::content(
                Location::new(path, line, 1),
                format!("this line of the CSV file cannot be read ({e}): check its quotes"),
            )
        })?;
        let starts = record
            .position()
            .map(|p| {
                field_starts(
                    body,
                    &line_starts,
                    p.byte() as usize,
                    p.line() as usize,
                    separator,
                )
            })
            .unwrap_or_default();
        // Excel's row is the line the record starts on: blank lines,
        // which the csv crate skips, count.
        let row = starts.first().map_or(r + 1, |(line, _)| *line);
        rows.push(
            record
                .iter()
                .enumerate()
                .map(|(column, s)| Cell {
                    row,
                    column,
                    raw: text(s),
                    at: starts.get(column).copied(),
                })
                .collect(),
        );
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_excel_names_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(2), "C");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn csv_with_bom_and_semicolons_is_read() {
        let rows = read_csv(
            Path::new("a.csv"),
            "\u{feff}unit;ket-nap\r\nthcs-a; 3 \r\n\"Công đoàn; B\";1.520\r\n".as_bytes(),
        )
        .unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0][0].raw, Raw::Text("unit".into()));
        assert_eq!(rows[1][1].raw, Raw::Text("3".into()));
        assert_eq!(rows[2][0].raw, Raw::Text("Công đoàn; B".into()));
        assert_eq!(rows[2][1].row, 3);
        // Line 3, after `"Công đoàn; B";`: the 16th character.
        assert_eq!(rows[2][1].at, Some((3, 16)));
        assert_eq!(rows[1][0].at, Some((2, 1)));
    }

    #[test]
    fn csv_with_commas_is_read() {
        let rows = read_csv(Path::new("a.csv"), b"unit,a,b\nx,,2\n").unwrap();
        assert_eq!(rows[1][1].raw, Raw::Empty);
        assert_eq!(rows[1][2].column, 2);
        assert_eq!(rows[1][2].at, Some((2, 4)));
    }

    #[test]
    fn a_file_that_is_not_a_workbook_says_how_to_save_it() {
        for bytes in [
            b"unit;a\n".to_vec(),
            b"PK\x03\x04garbage".to_vec(),
            Vec::new(),
        ] {
            let e = read_xlsx(Path::new("a.xlsx"), bytes).unwrap_err();
            assert!(e.to_string().contains("save it again as .xlsx"), "{e}");
        }
    }

    #[test]
    fn csv_not_in_utf8_says_how_to_save_it() {
        let e = read_csv(Path::new("a.csv"), b"unit\nC\xf4ng\n").unwrap_err();
        assert!(e.to_string().contains("CSV UTF-8"), "{e}");
    }
}
