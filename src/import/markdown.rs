//! The body's items written as Markdown: headings with their markers,
//! lists without blank lines between their items, paragraphs whose first
//! characters Markdown would misread escaped, Word tables as pipe tables.

use super::body::{Item, Kind};
use super::text::Para;

/// A Word table as a Markdown table, its first row the header.
pub fn table(rows: &[Vec<Vec<Para>>]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0).max(1);
    let cell = |paras: &Vec<Para>| {
        paras
            .iter()
            .map(|p| p.markdown.as_str())
            .filter(|m| !m.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut out = String::new();
    for (i, row) in rows.iter().enumerate() {
        let mut cells: Vec<String> = row.iter().map(cell).collect();
        if i == 0 {
            // Header cells are bold already.
            for c in &mut cells {
                if let Some(inner) = c.strip_prefix("**").and_then(|c| c.strip_suffix("**"))
                    && !inner.contains("**")
                {
                    *c = inner.to_string();
                }
            }
        }
        cells.resize(columns, String::new());
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
        if i == 0 {
            out.push_str(&format!("|{}\n", "---|".repeat(columns)));
        }
    }
    out.trim_end().to_string()
}

/// The items as Markdown: blank lines between blocks, none between the
/// items of one list.
pub fn render(items: &[Item]) -> String {
    let mut out = String::new();
    let mut prev: Option<&Kind> = None;
    for item in items {
        let same_list = matches!(
            (prev, &item.kind),
            (Some(Kind::Numbered), Kind::Numbered) | (Some(Kind::Dash), Kind::Dash)
        );
        if !out.is_empty() {
            out.push_str(if same_list { "\n" } else { "\n\n" });
        }
        match &item.kind {
            Kind::Part(_) => out.push_str(&format!("## {} {}", item.marker, item.markdown)),
            Kind::Heading(level) => {
                out.push_str(&"#".repeat(usize::from(*level)));
                for part in [&item.marker, &item.markdown] {
                    if !part.is_empty() {
                        out.push(' ');
                        out.push_str(part);
                    }
                }
            }
            Kind::Numbered => out.push_str(&format!("{} {}", item.marker, item.markdown)),
            Kind::Dash => {
                let nested = item.marker == "+" && prev == Some(&Kind::Dash);
                out.push_str(if nested { "  - " } else { "- " });
                out.push_str(&item.markdown);
            }
            Kind::Paragraph => out.push_str(&paragraph_start(&item.markdown)),
            Kind::Table => out.push_str(&item.markdown),
        }
        prev = Some(&item.kind);
    }
    out.push('\n');
    out
}

/// A paragraph whose first characters Markdown would read as a heading,
/// a list or a quote, escaped.
fn paragraph_start(md: &str) -> String {
    let digits = md.bytes().take_while(u8::is_ascii_digit).count();
    let after = md.as_bytes().get(digits).copied();
    if md.starts_with(['#', '-', '+', '=']) || (digits > 0 && matches!(after, Some(b'.' | b')'))) {
        let at = if md.starts_with(['#', '-', '+', '=']) {
            0
        } else {
            digits
        };
        return format!("{}\\{}", &md[..at], &md[at..]);
    }
    md.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_starts_markdown_would_misread_are_escaped() {
        assert_eq!(paragraph_start("2024. Năm"), "2024\\. Năm");
        assert_eq!(paragraph_start("- a"), "\\- a");
        assert_eq!(paragraph_start("Năm 2024."), "Năm 2024.");
    }

    #[test]
    fn plus_items_nest_under_dash_items() {
        let item = |marker: &str, text: &str| Item {
            kind: Kind::Dash,
            marker: marker.into(),
            text: text.into(),
            markdown: text.into(),
            line: 1,
        };
        let items = [
            item("-", "a"),
            item("+", "b"),
            item("+", "c"),
            item("-", "d"),
        ];
        assert_eq!(render(&items), "- a\n  - b\n  - c\n- d\n");
    }
}
