//! The document as the importer reads it, whatever file it came from: a
//! sequence of paragraphs and tables, each paragraph remembering where it
//! stood in the source. Plain text (a `.txt` file, or what a PDF's text
//! layer gives) becomes one paragraph per line, with the noise of the PDF
//! removed: bookmark names, digital-signature stamps, doubled spaces. What
//! the lines mean is read by `header` and `body`.

use crate::i18n::nfc;

/// One paragraph of the source, or one line of plain text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Para {
    /// The text without formatting, spaces folded.
    pub text: String,
    /// The text as inline Markdown: bold and italic from Word, everything
    /// else escaped.
    pub markdown: String,
    /// The 1-based line (plain text) or paragraph (Word) in the source.
    pub line: usize,
    /// A whole paragraph (Word), never to be joined with the next one; a
    /// line of plain text may be the middle of a sentence.
    pub whole: bool,
    /// Centred in Word: the title block is.
    pub centered: bool,
    /// A Word list item (automatic numbering or bullets).
    pub list_item: bool,
    /// The level of a Word heading style (Heading 1 → 1).
    pub heading: Option<u8>,
}

impl Para {
    /// A line of plain text at `line`.
    pub fn line(text: &str, line: usize) -> Para {
        let text = fold_spaces(text);
        Para {
            markdown: escape(&text),
            text,
            line,
            ..Para::default()
        }
    }
}

/// A block of the source.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    /// A Word table: rows of cells, each cell its paragraphs.
    Table {
        rows: Vec<Vec<Vec<Para>>>,
        line: usize,
    },
}

/// Lines of plain text as paragraphs, without the PDF's noise: empty
/// lines, bookmark names, signature stamps.
pub fn from_plain_text(text: &str) -> Vec<Block> {
    let text = nfc(text.strip_prefix('\u{feff}').unwrap_or(text));
    let lines: Vec<&str> = text.lines().collect();
    let mut blocks = Vec::new();
    for (i, raw) in lines.iter().enumerate() {
        let line = raw.trim();
        if line.is_empty() || is_noise(line) {
            continue;
        }
        // "Việt Nam" alone is part of a signature stamp when a stamp line
        // stands next to it.
        let near_stamp = |j: Option<usize>| {
            j.and_then(|j| lines.get(j))
                .is_some_and(|l| is_stamp(l.trim()))
        };
        if line == "Việt Nam" && (near_stamp(i.checked_sub(1)) || near_stamp(Some(i + 1))) {
            continue;
        }
        blocks.push(Block::Para(Para::line(line, i + 1)));
    }
    blocks
}

/// A line that is never part of the document: a bookmark or anchor name,
/// a signature stamp, a page number alone.
pub fn is_noise(line: &str) -> bool {
    let bookmark = |l: &str| {
        let l = l.trim();
        (l.starts_with("bookmark") && l[8..].bytes().all(|b| b.is_ascii_digit()))
            || (l.starts_with("BM") && l.contains("_graphic"))
            || l.starts_with("_Toc")
            || l == "_GoBack"
    };
    bookmark(line) || is_stamp(line) || page_number(line)
}

/// "3", "- 3 -", "Trang 3", "Trang 3/5", "Page 3 of 5": a page's number.
fn page_number(line: &str) -> bool {
    let rest = line
        .strip_prefix("Trang ")
        .or_else(|| line.strip_prefix("Page "))
        .unwrap_or(line);
    let rest = rest.trim_matches(|c: char| c == '-' || c.is_whitespace());
    !rest.is_empty()
        && rest
            .replace(" of ", "/")
            .split('/')
            .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// A line of a digital-signature stamp: its time, its "signed" sentence,
/// its signer fields.
pub fn is_stamp(line: &str) -> bool {
    let timestamp = line.len() >= 19
        && line.as_bytes()[4] == b'-'
        && line.as_bytes()[10] == b'T'
        && line[..4].bytes().all(|b| b.is_ascii_digit());
    timestamp
        || line.contains("đã ký lên văn bản")
        || line.starts_with("Ký bởi:")
        || line.starts_with("Thời gian ký:")
        || line.starts_with("Cơ quan:") && line.contains('@')
        || line.starts_with("Email:")
}

/// Whether text reads as garbage: letters of an old Vietnamese font
/// encoding (TCVN3 writes "KÕ ho¹ch" for "Kế hoạch"), private-use
/// characters or replacement marks, as a PDF without a Unicode map gives.
pub fn is_garbled(text: &str) -> bool {
    let mut letters = 0usize;
    let mut odd = 0usize;
    for c in text.chars() {
        if c.is_alphanumeric() {
            letters += 1;
        }
        let code = u32::from(c);
        if (0xA1..=0xBF).contains(&code) || (0xE000..=0xF8FF).contains(&code) || c == '\u{FFFD}' {
            odd += 1;
        }
    }
    letters >= 40 && odd * 25 > letters
}

/// Spaces folded to one, non-breaking spaces and tabs included.
pub fn fold_spaces(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c == '\u{a0}')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Text escaped for Markdown inline content: characters that would
/// become emphasis, links, HTML or shortcodes stay characters.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev = ' ';
    for c in text.chars() {
        match c {
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '|' => {
                out.push('\\');
                out.push(c);
            }
            '{' if prev == '{' => out.push_str("\\{"),
            _ => out.push(c),
        }
        prev = c;
    }
    out
}

/// Every letter is upper case (and there is at least one letter).
pub fn is_upper(text: &str) -> bool {
    let mut letters = text.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| !c.is_lowercase())
}

/// The text starts with an upper-case letter, after any opening quote.
pub fn starts_upper(text: &str) -> bool {
    text.chars()
        .find(|c| c.is_alphanumeric())
        .is_some_and(|c| c.is_uppercase())
}

/// The text starts with a lower-case letter.
pub fn starts_lower(text: &str) -> bool {
    text.chars().next().is_some_and(|c| c.is_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_loses_stamps_bookmarks_and_spaces() {
        let text = "Số: 04/KH-LĐLĐ \n\n CỘNG HOÀ  XÃ HỘI\n\tbookmark3\n\tBM0_1_graphic03\n\t\t2024-01-25T11:17:09+0700\n\tViệt Nam\n\tA<B> đã ký lên văn bản này!\n";
        let blocks = from_plain_text(text);
        let texts: Vec<_> = blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => (p.text.as_str(), p.line),
                _ => ("", 0),
            })
            .collect();
        assert_eq!(texts, [("Số: 04/KH-LĐLĐ", 1), ("CỘNG HOÀ XÃ HỘI", 3)]);
    }

    #[test]
    fn text_in_an_old_font_encoding_is_garbled() {
        assert!(is_garbled(
            &"KÕ ho¹ch c«ng t¸c d©n vËn cña tæ chøc C«ng ®oµn n¨m 2024 ".repeat(3)
        ));
        assert!(!is_garbled(
            &"Kế hoạch công tác dân vận của tổ chức Công đoàn năm 2024 ".repeat(3)
        ));
    }

    #[test]
    fn escaping_keeps_text_as_text() {
        assert_eq!(escape("a*b [c] {{ x }}"), "a\\*b \\[c\\] {\\{ x }}");
        assert!(is_upper("KẾ HOẠCH 2024"));
        assert!(!is_upper("Kế hoạch"));
        assert!(starts_upper("“Dân vận khéo”"));
        for page in ["3", "- 3 -", "Trang 3", "Trang 3/5", "Page 2 of 4"] {
            assert!(is_noise(page), "{page}");
        }
        for text in ["- Lưu.", "2024 của tổ chức", "Trang trại", "-"] {
            assert!(!is_noise(text), "{text}");
        }
    }
}
