//! The body of a document read into items. Lines of plain text are joined
//! back into paragraphs (a PDF breaks them mid-sentence); every paragraph
//! is then read for what it is: a Roman-numbered part (`## I. ...`), a
//! numbered heading (`### 1. ...`), a numbered or dashed list item, or a
//! plain paragraph. Word paragraphs keep their bold and italic, Word
//! tables become tables; `markdown` writes the items out. A repeated or
//! skipped part number is kept as written and reported.

use super::Doubt;
use super::case::sentence_case;
use super::text::{Block, Para, escape, is_upper, starts_upper};

/// What a paragraph of the body is.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A Roman-numbered part, with its number.
    Part(u32),
    /// A numbered heading; the level is 3 for "1.", 4 for "1.1.".
    Heading(u8),
    /// An item of a numbered list.
    Numbered,
    /// An item of a dash list.
    Dash,
    Paragraph,
    /// A Markdown table, in `markdown`.
    Table,
}

/// One paragraph of the body, read.
#[derive(Debug, Clone)]
pub struct Item {
    pub kind: Kind,
    /// "I.", "1.", "1.1." for parts, headings and numbered items; "-",
    /// or "+" for an item under a dashed one.
    pub marker: String,
    /// The text without its marker and without formatting.
    pub text: String,
    /// The text as inline Markdown, without its marker.
    pub markdown: String,
    pub line: usize,
}

/// Reads the body blocks into items; doubts about part numbers go to
/// `doubts`.
pub fn read(blocks: &[Block], doubts: &mut Vec<Doubt>) -> Vec<Item> {
    let mut items = Vec::new();
    let mut pending: Vec<&Para> = Vec::new();
    let width = line_width(blocks);
    for block in blocks {
        // Rules and separators ("______", "* * *") are layout, not text.
        if let Block::Para(p) = block
            && !p.text.chars().any(char::is_alphanumeric)
        {
            continue;
        }
        match block {
            Block::Para(p) if p.whole => {
                flush(&mut pending, &mut items);
                let mut it = item(p.text.clone(), p.markdown.clone(), p.line, p.list_item);
                // A Word heading style without a number of its own.
                if let (Some(level), Kind::Paragraph | Kind::Dash) = (p.heading, &it.kind) {
                    it.kind = Kind::Heading(level.saturating_add(1).min(4));
                    it.markdown = escape(&it.text);
                }
                items.push(it);
            }
            Block::Para(p) => {
                if let Some(last) = pending.last()
                    && starts_paragraph(pending[0], last, p, width)
                {
                    flush(&mut pending, &mut items);
                }
                pending.push(p);
            }
            Block::Table { rows, line } => {
                flush(&mut pending, &mut items);
                items.push(Item {
                    kind: Kind::Table,
                    marker: String::new(),
                    text: String::new(),
                    markdown: super::markdown::table(rows),
                    line: *line,
                });
            }
        }
    }
    flush(&mut pending, &mut items);
    check_parts(&items, doubts);
    items
}

/// The usual length of a full line of plain text, to tell a paragraph's
/// last line (short) from one broken at the margin.
fn line_width(blocks: &[Block]) -> usize {
    let mut lengths: Vec<usize> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Para(p) if !p.whole => Some(p.text.chars().count()),
            _ => None,
        })
        .collect();
    lengths.sort_unstable();
    lengths
        .get(lengths.len() * 9 / 10)
        .copied()
        .unwrap_or(80)
        .max(20)
}

/// Whether line `next` starts a new paragraph after `last`, the last line
/// of the paragraph that began with `first`.
fn starts_paragraph(first: &Para, last: &Para, next: &Para, width: usize) -> bool {
    let prev = last.text.trim_end_matches(['”', '"', ')', ' ']);
    let ends_sentence = prev.ends_with(['.', ':', '!', '?']);
    let short = last.text.chars().count() * 5 < width * 4;
    let ends_item = ends_sentence || prev.ends_with(';') || short;
    // "21-" at the end of a line goes on with "KL/TW" on the next.
    if glues(&last.text) {
        return false;
    }
    // A title in capitals goes on over lines in capitals ("II. NHIỆM VỤ
    // VÀ GIẢI PHÁP CỦA" over "CÔNG ĐOÀN"), and ends where they end.
    let capitals = |p: &Para| is_upper(&p.text) && p.text.split_whitespace().count() > 1;
    let opens = |p: &Para| roman(&p.text).is_some() || marker(&p.text).is_some();
    if is_upper(&last.text) && is_upper(&next.text) && !opens(next) && !ends_sentence {
        return false;
    }
    if roman(&first.text).is_some() && is_upper(&first.text) {
        return true;
    }
    // A line in capitals ("QUYẾT ĐỊNH:", the deciding body) stands alone.
    if capitals(next) != capitals(last) {
        return true;
    }
    if (marker(&next.text).is_some() || letter_item(&next.text)) && ends_item {
        return true;
    }
    starts_upper(&next.text) && (ends_sentence || short)
}

fn flush(pending: &mut Vec<&Para>, items: &mut Vec<Item>) {
    if pending.is_empty() {
        return;
    }
    let mut text = String::new();
    for p in pending.iter() {
        let line = p.text.as_str();
        // "21-" at the end of a line and "KL/TW" on the next are one code.
        if !text.is_empty() && !glues(&text) {
            text.push(' ');
        }
        text.push_str(line);
    }
    let markdown = escape(&text);
    items.push(item(text, markdown, pending[0].line, false));
    pending.clear();
}

/// A line ending in a code cut at its hyphen ("Kết luận số 21-").
fn glues(text: &str) -> bool {
    text.strip_suffix('-')
        .and_then(|t| t.chars().last())
        .is_some_and(char::is_alphanumeric)
}

/// The kind of a paragraph, from its opening and its ending.
fn item(text: String, markdown: String, line: usize, list_item: bool) -> Item {
    let text = closing_mark(&text);
    let markdown = closing_mark(&markdown);
    let strip = |m: &str| {
        let rest = text[m.len()..].trim_start().to_string();
        let md = markdown
            .strip_prefix(m)
            .map_or_else(|| escape(&rest), |r| r.trim_start().to_string());
        (rest, md)
    };
    if let Some((value, m)) = roman(&text) {
        let (rest, _) = strip(&m);
        let title = if is_upper(&rest) {
            sentence_case(&rest)
        } else {
            rest
        };
        let title = title.trim_end_matches([':', '.']).to_string();
        return Item {
            kind: Kind::Part(value),
            marker: m,
            markdown: escape(&title),
            text: title,
            line,
        };
    }
    if let Some(m) = marker(&text) {
        if m == "-" {
            let bullet = ['-', '–', '•', '+'];
            let rest = text.trim_start_matches(bullet).trim_start().to_string();
            let md = markdown.trim_start_matches(bullet).trim_start().to_string();
            // "+" items sit under the "-" item before them.
            let marker = if text.starts_with('+') { "+" } else { "-" };
            return Item {
                kind: Kind::Dash,
                marker: marker.to_string(),
                text: rest,
                markdown: md,
                line,
            };
        }
        let (rest, md) = strip(&m);
        let ends = rest.trim_end_matches(['”', '"', ')']);
        // A Word paragraph set in bold is a heading whatever its ending.
        let bold = markdown.len() > 4
            && markdown.starts_with("**")
            && markdown.ends_with("**")
            && markdown[2..].find("**") == Some(markdown.len() - 4);
        let heading =
            (bold || !ends.ends_with(['.', ';', ',', '!', '?'])) && rest.chars().count() <= 450;
        if heading {
            let title = rest.trim_end_matches(':').trim_end().to_string();
            let title = if is_upper(&title) {
                sentence_case(&title)
            } else {
                title
            };
            let level = if m.matches('.').count() > 1 { 4 } else { 3 };
            return Item {
                kind: Kind::Heading(level),
                marker: m,
                markdown: escape(&title),
                text: title,
                line,
            };
        }
        return Item {
            kind: Kind::Numbered,
            marker: m,
            text: rest,
            markdown: md,
            line,
        };
    }
    Item {
        kind: if list_item {
            Kind::Dash
        } else {
            Kind::Paragraph
        },
        marker: String::new(),
        markdown: emphasis(&text, markdown),
        text,
        line,
    }
}

/// What a hand-made page sets in bold: "Điều 1." opening an article of a
/// decision, a short line in capitals ("QUYẾT ĐỊNH:", the deciding body).
fn emphasis(text: &str, markdown: String) -> String {
    if markdown.starts_with("**") {
        return markdown;
    }
    if let Some(rest) = text.strip_prefix("Điều ") {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let head = format!("Điều {}.", &rest[..digits]);
        if digits > 0
            && rest[digits..].starts_with('.')
            && let Some(tail) = markdown.strip_prefix(&head)
        {
            return format!("**{head}**{tail}");
        }
    }
    if is_upper(text) && text.chars().count() <= 120 {
        return format!("**{markdown}**");
    }
    markdown
}

/// Headings written in capitals lost the capitals of place names when
/// they were put in sentence case: the header's names give them back
/// ("… huyện phong thổ" → "… huyện Phong Thổ").
pub fn restore_names(items: &mut [Item], names: &[String]) {
    for item in items {
        if !matches!(item.kind, Kind::Part(_) | Kind::Heading(_)) {
            continue;
        }
        for name in names {
            let lower = name.to_lowercase();
            if item.text.contains(&lower) {
                item.text = item.text.replace(&lower, name);
                item.markdown = escape(&item.text);
            }
        }
    }
}

/// "./." closes an official document: the site shows a plain full stop.
fn closing_mark(text: &str) -> String {
    match text.trim_end().strip_suffix("./.") {
        Some(t) => format!("{t}."),
        None => text.trim_end().to_string(),
    }
}

/// The Roman number opening a part title ("II. MỤC TIÊU") and its marker.
pub fn roman(text: &str) -> Option<(u32, String)> {
    let (num, rest) = text.split_once('.')?;
    if num.is_empty() || num.len() > 5 || !num.chars().all(|c| "IVXL".contains(c)) {
        return None;
    }
    if !rest.starts_with(' ') || !starts_upper(rest) {
        return None;
    }
    crate::number::roman_value(num).map(|value| (value, format!("{num}.")))
}

/// The list or heading marker opening a paragraph: "1.", "1.2.", or "-"
/// for a dash, a bullet or a plus.
fn marker(text: &str) -> Option<String> {
    if let Some(rest) = text.strip_prefix(['-', '–', '•', '+']) {
        let rest = rest.trim_start();
        return rest
            .chars()
            .next()
            .is_some_and(|c| c.is_alphanumeric() || "“\"(".contains(c))
            .then(|| "-".to_string());
    }
    let end = text.find(|c: char| !c.is_ascii_digit() && c != '.')?;
    let (num, rest) = text.split_at(end);
    let ok = num.ends_with('.')
        && num.len() <= 6
        && num.starts_with(|c: char| c.is_ascii_digit())
        && !num.contains("..")
        && rest.starts_with(' ');
    ok.then(|| num.to_string())
}

/// "a) ", "b) ", "đ) ": an item lettered within a numbered one.
fn letter_item(text: &str) -> bool {
    let mut chars = text.chars();
    matches!(
        (chars.next(), chars.next(), chars.next()),
        (Some(c), Some(')'), Some(' ')) if c.is_lowercase()
    )
}

/// Repeated, skipped or backward part numbers, reported with their line.
fn check_parts(items: &[Item], doubts: &mut Vec<Doubt>) {
    let mut last: Option<(u32, &str)> = None;
    for item in items {
        let Kind::Part(n) = item.kind else { continue };
        let expected = last.map_or(1, |(l, _)| l + 1);
        if n != expected {
            let message = match last {
                Some((l, m)) if l == n => format!(
                    "part {} repeats the number of the part before ({m}); kept as written",
                    item.marker
                ),
                Some((_, m)) => format!("part {} follows part {m}; kept as written", item.marker),
                None => format!("the first part is {}; kept as written", item.marker),
            };
            doubts.push(Doubt::at(
                item.line,
                format!("{} {}", item.marker, item.text),
                message,
            ));
        }
        last = Some((n, &item.marker));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Block> {
        super::super::text::from_plain_text(text)
    }

    #[test]
    fn lines_join_into_paragraphs_headings_and_lists() {
        let text = "I. MỤC ĐÍCH YÊU CẦU CỦA\nCÔNG ĐOÀN\n1. TUYÊN TRUYỀN VỀ\nĐIỀU LỆ\n1. Nâng cao vai trò của các cấp Công đoàn trong việc chỉ đạo, tổ chức thực hiện\nKết luận số 21-\nKL/TW của Ban Chấp hành.\n2. Tăng cường công tác dân vận của Đảng; tập hợp, vận động phát huy vai trò của\nđoàn viên, người lao động\nCác cấp Công đoàn tăng cường lãnh đạo, chỉ đạo thực hiện nghiêm Quy chế.\n- Xây dựng Kế hoạch;\n- Chỉ đạo, theo dõi, đôn đốc, hướng dẫn, kiểm tra, giám sát các Công đoàn\ncơ sở trong việc quán triệt.\nII. TỔ CHỨC THỰC HIỆN\nII. KINH TẾ\n";
        let mut doubts = Vec::new();
        let items = read(&lines(text), &mut doubts);
        let md = super::super::markdown::render(&items);
        assert_eq!(
            md,
            "## I. Mục đích yêu cầu của Công đoàn\n\n### 1. Tuyên truyền về điều lệ\n\n1. Nâng cao vai trò của các cấp Công đoàn trong việc chỉ đạo, tổ chức thực hiện Kết luận số 21-KL/TW của Ban Chấp hành.\n\n### 2. Tăng cường công tác dân vận của Đảng; tập hợp, vận động phát huy vai trò của đoàn viên, người lao động\n\nCác cấp Công đoàn tăng cường lãnh đạo, chỉ đạo thực hiện nghiêm Quy chế.\n\n- Xây dựng Kế hoạch;\n- Chỉ đạo, theo dõi, đôn đốc, hướng dẫn, kiểm tra, giám sát các Công đoàn cơ sở trong việc quán triệt.\n\n## II. Tổ chức thực hiện\n\n## II. Kinh tế\n"
        );
        assert_eq!(doubts.len(), 1);
        assert!(doubts[0].message.contains("repeats"), "{doubts:?}");
    }

    #[test]
    fn place_names_get_their_capitals_back_in_headings() {
        let mut items = read(
            &lines("I. THI ĐUA Ở HUYỆN PHONG THỔ\nĐoàn viên huyện phong thổ.\n"),
            &mut Vec::new(),
        );
        restore_names(&mut items, &["Phong Thổ".to_string()]);
        assert_eq!(items[0].text, "Thi đua ở huyện Phong Thổ");
        assert_eq!(items[1].text, "Đoàn viên huyện phong thổ.");
    }

    #[test]
    fn roman_numbers_read() {
        assert_eq!(roman("IV. TỔ CHỨC"), Some((4, "IV.".to_string())));
        assert_eq!(roman("XIV. A"), Some((14, "XIV.".to_string())));
        assert_eq!(roman("Ví dụ. A"), None);
        assert!(letter_item("đ) Tổ chức") && !letter_item("đoàn viên"));
        let text = "1. Các nội dung sau:\na) Tổ chức hội thi;\nb) Thăm hỏi đoàn viên.\n";
        let md = super::super::markdown::render(&read(&lines(text), &mut Vec::new()));
        assert_eq!(
            md,
            "### 1. Các nội dung sau\n\na) Tổ chức hội thi;\n\nb) Thăm hỏi đoàn viên.\n"
        );
    }
}
