//! Word files (`.docx`): the zip archive opened with `zip`, its
//! `word/document.xml` read with `quick-xml` into paragraphs and tables.
//! Runs keep bold and italic as Markdown; centring and list numbering are
//! kept for the layout reader. The two-column layout tables of an
//! official document (header and signature) are flattened here, left
//! column first, so that they read like the lines of a PDF.

use super::ImportError;
use super::numbering::Numbering;
use super::text::{Block, Para, escape, fold_spaces};
use crate::i18n::nfc;
use quick_xml::events::{BytesStart, Event};
use std::io::Read;

/// The blocks of a Word file's main text.
pub fn read(bytes: &[u8]) -> Result<Vec<Block>, ImportError> {
    // An encrypted Word file is an OLE compound file, not a zip archive.
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ImportError::Protected(
            "this Word file is password-protected (or an old .doc file): remove the password, or save it as .docx, and import again".into(),
        ));
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| ImportError::Damaged(format!("not a readable .docx (zip) file: {e}")))?;
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .map_err(|_| ImportError::Damaged("the .docx file has no word/document.xml".into()))?
        .read_to_string(&mut xml)
        .map_err(|e| ImportError::Damaged(format!("word/document.xml cannot be read: {e}")))?;
    // Word's own list numbers, when the file has any.
    let mut numbering_xml = String::new();
    if let Ok(mut part) = archive.by_name("word/numbering.xml") {
        let _ = part.read_to_string(&mut numbering_xml);
    }
    let numbering = Numbering::parse(&numbering_xml);
    let blocks = parse(&nfc(&xml), numbering)?;
    Ok(flatten_layout(blocks))
}

#[derive(Default)]
struct ParaBuilder {
    /// Runs: text, bold, italic.
    runs: Vec<(String, bool, bool)>,
    centered: bool,
    list_item: bool,
    heading: Option<u8>,
    /// Word's list and level of an automatically numbered paragraph.
    num: Option<(u32, u32)>,
}

#[derive(Default)]
struct State {
    blocks: Vec<Block>,
    tables: Vec<Vec<Vec<Vec<Para>>>>,
    /// Paragraphs being read: more than one when a text box sits in a
    /// paragraph.
    paras: Vec<ParaBuilder>,
    /// Depth inside `mc:Fallback`, the copy of a text box for old readers.
    fallback: usize,
    /// The columns the current table cell spans.
    span: usize,
    numbering: Numbering,
    in_run: bool,
    in_run_props: bool,
    in_text: bool,
    bold: bool,
    italic: bool,
    count: usize,
}

fn parse(xml: &str, numbering: Numbering) -> Result<Vec<Block>, ImportError> {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut s = State {
        numbering,
        ..State::default()
    };
    loop {
        let event = reader.read_event().map_err(|e| {
            ImportError::Damaged(format!("word/document.xml is not valid XML: {e}"))
        })?;
        // What Word writes twice for older readers is read once.
        match &event {
            Event::Start(e) if e.local_name().as_ref() == "Fallback" => s.fallback += 1,
            Event::End(e) if e.local_name().as_ref() == "Fallback" => {
                s.fallback = s.fallback.saturating_sub(1);
                continue;
            }
            _ => {}
        }
        if s.fallback > 0 && !matches!(event, Event::Eof) {
            continue;
        }
        match event {
            Event::Start(e) => start(&mut s, &e, false),
            Event::Empty(e) => start(&mut s, &e, true),
            Event::End(e) => end(&mut s, e.local_name().as_ref()),
            Event::Text(t) if s.in_text => push_text(&mut s, &t.xml10_content()),
            Event::GeneralRef(r) if s.in_text => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match r.xml10_content().as_ref() {
                        "amp" => "&".into(),
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        _ => String::new(),
                    },
                };
                push_text(&mut s, &c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(s.blocks)
}

fn on(e: &BytesStart) -> bool {
    match e.try_get_attribute("w:val") {
        Ok(Some(a)) => !matches!(a.value.as_ref(), "0" | "false" | "none"),
        _ => true,
    }
}

fn start(s: &mut State, e: &BytesStart, empty: bool) {
    match e.local_name().as_ref() {
        "p" => {
            s.paras.push(ParaBuilder::default());
            if empty {
                end(s, "p");
            }
        }
        "r" if !empty => {
            s.in_run = true;
            s.bold = false;
            s.italic = false;
        }
        "rPr" if s.in_run => s.in_run_props = !empty,
        "b" if s.in_run_props => s.bold = on(e),
        "i" if s.in_run_props => s.italic = on(e),
        "t" if s.in_run && !empty => s.in_text = true,
        "tab" if s.in_run => push_text(s, " "),
        "br" | "cr" if s.in_run => push_text(s, "\n"),
        "noBreakHyphen" if s.in_run => push_text(s, "-"),
        "jc" => {
            if let (Some(p), Ok(Some(a))) = (s.paras.last_mut(), e.try_get_attribute("w:val")) {
                p.centered = a.value.as_ref() == "center";
            }
        }
        "pStyle" => {
            if let (Some(p), Ok(Some(a))) = (s.paras.last_mut(), e.try_get_attribute("w:val")) {
                p.heading = heading_level(a.value.as_ref());
            }
        }
        "numPr" => {
            if let Some(p) = s.paras.last_mut() {
                p.list_item = true;
                p.num.get_or_insert((0, 0));
            }
        }
        "numId" | "ilvl" => {
            let value = e
                .try_get_attribute("w:val")
                .ok()
                .flatten()
                .and_then(|a| a.value.as_ref().parse::<u32>().ok());
            if let (Some(p), Some(v)) = (s.paras.last_mut(), value) {
                let num = p.num.get_or_insert((0, 0));
                if e.local_name().as_ref() == "numId" {
                    num.0 = v;
                } else {
                    num.1 = v;
                }
            }
        }
        "tbl" if !empty => s.tables.push(Vec::new()),
        "tr" if !empty => {
            if let Some(t) = s.tables.last_mut() {
                t.push(Vec::new());
            }
        }
        "tc" if !empty => {
            if let Some(row) = s.tables.last_mut().and_then(|t| t.last_mut()) {
                row.push(Vec::new());
            }
            s.span = 1;
        }
        // A cell over several columns keeps the columns after it in place.
        "gridSpan" => {
            if let Ok(Some(a)) = e.try_get_attribute("w:val") {
                s.span = a.value.as_ref().parse().unwrap_or(1).clamp(1, 50);
            }
        }
        _ => {}
    }
}

fn end(s: &mut State, name: &str) {
    match name {
        "tc" => {
            if let Some(row) = s.tables.last_mut().and_then(|t| t.last_mut()) {
                for _ in 1..s.span {
                    row.push(Vec::new());
                }
            }
            s.span = 1;
        }
        "r" => s.in_run = false,
        "rPr" => s.in_run_props = false,
        "t" => s.in_text = false,
        "p" => {
            let Some(mut builder) = s.paras.pop() else {
                return;
            };
            number(&mut builder, &mut s.numbering);
            s.count += 1;
            for para in finish(builder, s.count) {
                place(s, para);
            }
        }
        "tbl" => {
            let Some(rows) = s.tables.pop() else { return };
            if s.tables.is_empty() {
                s.blocks.push(Block::Table {
                    rows,
                    line: s.count + 1,
                });
            } else {
                // A table in a table: its paragraphs join the outer cell.
                for para in rows.into_iter().flatten().flatten() {
                    place(s, para);
                }
            }
        }
        _ => {}
    }
}

fn push_text(s: &mut State, text: &str) {
    if let Some(p) = s.paras.last_mut() {
        match p.runs.last_mut() {
            Some((t, b, i)) if *b == s.bold && *i == s.italic => t.push_str(text),
            _ => p.runs.push((text.to_string(), s.bold, s.italic)),
        }
    }
}

/// Word's number in front of an automatically numbered paragraph ("II.",
/// "1.", "a)"), as if typed; a bullet makes a list item.
fn number(builder: &mut ParaBuilder, numbering: &mut Numbering) {
    let Some((num, ilvl)) = builder.num else {
        return;
    };
    if num == 0 {
        // numId 0 switches numbering off.
        builder.list_item = false;
        return;
    }
    match numbering.next(num, ilvl) {
        Some(bullet) if bullet == "-" => builder.list_item = true,
        Some(prefix) if !builder.runs.is_empty() => {
            builder.runs.insert(0, (format!("{prefix} "), false, false));
            builder.list_item = false;
        }
        _ => {}
    }
}

/// A paragraph, or its parts cut at line breaks, goes to the table cell
/// being read or to the body.
fn place(s: &mut State, para: Para) {
    match s
        .tables
        .last_mut()
        .and_then(|t| t.last_mut())
        .and_then(|r| r.last_mut())
    {
        Some(cell) => cell.push(para),
        None => s.blocks.push(Block::Para(para)),
    }
}

/// The paragraph's text and Markdown, one paragraph per line break; empty
/// paragraphs are dropped.
fn finish(builder: ParaBuilder, line: usize) -> Vec<Para> {
    let mut lines: Vec<Vec<(String, bool, bool)>> = vec![Vec::new()];
    for (text, b, i) in builder.runs {
        let mut parts = text.split('\n');
        if let (Some(first), Some(last)) = (parts.next(), lines.last_mut()) {
            last.push((first.to_string(), b, i));
        }
        for part in parts {
            lines.push(vec![(part.to_string(), b, i)]);
        }
    }
    lines
        .into_iter()
        .filter_map(|runs| {
            let text = fold_spaces(&runs.iter().map(|r| r.0.as_str()).collect::<String>());
            (!text.is_empty()).then(|| Para {
                markdown: inline_markdown(&runs),
                text,
                line,
                whole: true,
                centered: builder.centered,
                list_item: builder.list_item,
                heading: builder.heading,
            })
        })
        .collect()
}

/// "Heading1", "heading 2", "Title" → the heading level.
fn heading_level(style: &str) -> Option<u8> {
    let lower = style.to_lowercase().replace(' ', "");
    if lower == "title" {
        return Some(1);
    }
    let level: u8 = lower.strip_prefix("heading")?.parse().ok()?;
    (1..=4).contains(&level).then_some(level)
}

/// Runs as Markdown: `**bold**`, `*italic*`, spaces kept outside the
/// markers so that the emphasis is recognised.
fn inline_markdown(runs: &[(String, bool, bool)]) -> String {
    let mut out = String::new();
    for (text, bold, italic) in runs {
        let folded = fold_spaces(text);
        if folded.is_empty() {
            if !text.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            continue;
        }
        if text.starts_with(char::is_whitespace) && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        let mark = match (bold, italic) {
            (true, true) => "***",
            (true, false) => "**",
            (false, true) => "*",
            (false, false) => "",
        };
        out.push_str(&format!("{mark}{}{mark}", escape(&folded)));
        if text.ends_with(char::is_whitespace) {
            out.push(' ');
        }
    }
    out.trim().to_string()
}

/// Header and signature tables (the motto, the number, "Nơi nhận", a
/// signer's capacity) become their paragraphs, column by column; other
/// tables stay tables.
fn flatten_layout(blocks: Vec<Block>) -> Vec<Block> {
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Table { rows, line } if is_layout(&rows) => {
                let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
                for c in 0..columns {
                    for row in &rows {
                        if let Some(cell) = row.get(c) {
                            out.extend(cell.iter().cloned().map(Block::Para));
                        }
                    }
                }
                let _ = line;
            }
            other => out.push(other),
        }
    }
    out
}

fn is_layout(rows: &[Vec<Vec<Para>>]) -> bool {
    rows.iter().flatten().flatten().any(|p| {
        let t = crate::i18n::fold(&p.text);
        t.contains("cong hoa xa hoi chu nghia")
            || t.contains("socialist republic of viet")
            || t.starts_with("so:")
            || t.starts_with("no.")
            || t.starts_with("noi nhan")
            || t.starts_with("recipients")
            || ["TM.", "KT.", "TL.", "Q."]
                .iter()
                .chain(&super::english::CAPACITIES)
                .any(|c| p.text.starts_with(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Vec<String> {
        parse(xml, Numbering::default())
            .unwrap()
            .into_iter()
            .filter_map(|b| match b {
                Block::Para(p) => Some(p.markdown),
                Block::Table { .. } => None,
            })
            .collect()
    }

    #[test]
    fn runs_keep_emphasis_and_text_boxes_are_read_once() {
        let xml = r#"<w:document xmlns:w="w" xmlns:mc="mc"><w:body>
<w:p><w:r><w:t xml:space="preserve">Đoàn viên </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>tiêu biểu</w:t></w:r><w:r><w:rPr><w:i w:val="0"/></w:rPr><w:t xml:space="preserve"> năm 2024 &amp; 2025</w:t></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice><w:drawing><w:txbxContent><w:p><w:r><w:t>Số: 04/KH-LĐLĐ</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent><w:p><w:r><w:t>Số: 04/KH-LĐLĐ</w:t></w:r></w:p></w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Sau hộp</w:t></w:r></w:p>
<w:p><w:r><w:t>21</w:t><w:noBreakHyphen/><w:t>KL/TW</w:t><w:br/><w:t>dòng hai</w:t></w:r></w:p>
</w:body></w:document>"#;
        assert_eq!(
            texts(xml),
            [
                "Đoàn viên **tiêu biểu** năm 2024 & 2025",
                "Số: 04/KH-LĐLĐ",
                "Sau hộp",
                "21-KL/TW",
                "dòng hai",
            ]
        );
    }

    #[test]
    fn a_cell_over_two_columns_keeps_the_next_in_place() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>Kết quả</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Ghi chú</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
        let blocks = parse(xml, Numbering::default()).unwrap();
        let Block::Table { rows, .. } = &blocks[0] else {
            panic!()
        };
        let cells: Vec<usize> = rows[0].iter().map(Vec::len).collect();
        assert_eq!(cells, [1, 0, 1]);
    }

    #[test]
    fn styles_and_numbering_are_kept_for_the_reader() {
        let xml = r#"<w:document xmlns:w="w"><w:body><w:p><w:pPr><w:pStyle w:val="Heading2"/><w:jc w:val="center"/></w:pPr><w:r><w:t>Báo cáo</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Một</w:t></w:r></w:p></w:body></w:document>"#;
        let blocks = parse(xml, Numbering::default()).unwrap();
        let Block::Para(h) = &blocks[0] else { panic!() };
        assert_eq!((h.heading, h.centered, h.list_item), (Some(2), true, false));
        let Block::Para(l) = &blocks[1] else { panic!() };
        assert!(l.list_item);
        assert!(matches!(read(b"not a zip"), Err(ImportError::Damaged(_))));
    }
}
