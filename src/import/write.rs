//! The files an import writes, as text: the document's front matter and
//! body, and with `--targets` its progress file. YAML is written by hand
//! with every text value double-quoted, so that commas, colons and quotes
//! of Vietnamese titles never change what a value means; numbers and
//! dates are plain. Nothing here touches the disk.

use super::header::Fields;
use super::targets::Target;
use crate::date::Date;

/// A YAML double-quoted string.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // Line and paragraph separators break a YAML line too.
            '\n' | '\r' | '\t' | '\u{2028}' | '\u{2029}' => out.push(' '),
            c if c.is_control() || c == '\u{feff}' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A comment line: the text on one line.
fn comment(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}') {
                ' '
            } else {
                c
            }
        })
        .collect();
    format!("# {}", one_line.trim())
}

/// What goes into the front matter beside the fields read from the text.
pub struct Extra<'a> {
    pub title: &'a str,
    pub date: Option<Date>,
    pub attachment: &'a str,
    pub progress: Option<&'a str>,
}

/// The document file: front matter, a blank line, the body.
pub fn document(fields: &Fields, extra: &Extra, body: &str) -> String {
    let mut y = String::from("---\n");
    let mut text = |key: &str, value: &Option<String>| {
        if let Some(v) = value {
            y.push_str(&format!("{key}: {}\n", quote(v)));
        }
    };
    text("title", &Some(extra.title.to_string()));
    text("number", &fields.number);
    if let Some(t) = fields.doc_type {
        y.push_str(&format!("type: {t}\n"));
    }
    let mut text = |key: &str, value: &Option<String>| {
        if let Some(v) = value {
            y.push_str(&format!("{key}: {}\n", quote(v)));
        }
    };
    text("issuer", &fields.issuer);
    text("parent_issuer", &fields.parent_issuer);
    text("place", &fields.place);
    if let Some(d) = extra.date {
        y.push_str(&format!("date: {d}\n"));
    }
    // The signature block prints the position under the capacity: a signer
    // without a position is left out (and is a doubt).
    if let (Some(name), Some(position)) = (&fields.signer_name, &fields.signer_position) {
        y.push_str(&format!("signer:\n  name: {}\n", quote(name)));
        y.push_str(&format!("  position: {}\n", quote(position)));
        if let Some(c) = &fields.signer_capacity {
            y.push_str(&format!("  capacity: {}\n", quote(c)));
        }
    }
    if !fields.recipients.is_empty() {
        y.push_str("recipients:\n");
        for r in &fields.recipients {
            y.push_str(&format!("  - {}\n", quote(r)));
        }
    }
    y.push_str(&format!("attachments: [{}]\n", quote(extra.attachment)));
    if let Some(p) = extra.progress {
        y.push_str(&format!("progress: {}\n", quote(p)));
    }
    y.push_str("status: in-force\n---\n\n");
    y.push_str(body);
    y
}

/// The plan's period: the years named in its title ("năm 2024", "giai
/// đoạn 2021 - 2025"), else the year of its date.
pub fn period(title: &str, date: Option<Date>) -> Option<(i32, i32)> {
    let years: Vec<i32> = title
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse().ok())
        .filter(|y| (1900..=2100).contains(y))
        .collect();
    match years.as_slice() {
        [] => date.map(|d| (d.year, d.year)),
        [y] => Some((*y, *y)),
        [a, .., b] => Some((*a.min(b), *a.max(b))),
    }
}

/// The progress file of the plan numbered `plan`.
pub fn progress(plan: Option<&str>, title: &str, years: (i32, i32), targets: &[Target]) -> String {
    let mut y = String::new();
    y.push_str(&comment(&format!(
        "Chỉ tiêu đọc từ {}; thêm `reports:` dưới mỗi chỉ tiêu khi có số liệu.",
        plan.map_or_else(|| title.to_string(), |p| format!("văn bản số {p}"))
    )));
    y.push('\n');
    y.push_str(
        "# Targets read by danvan import; add `reports:` under each target as figures come in.\n",
    );
    if let Some(p) = plan {
        y.push_str(&format!("plan: {}\n", quote(p)));
    }
    y.push_str(&format!(
        "title: {}\n",
        quote(&format!("Chỉ tiêu: {title}"))
    ));
    y.push_str(&format!(
        "period: {{start: {}-01-01, end: {}-12-31}}\n",
        years.0, years.1
    ));
    y.push_str("targets:\n");
    for t in targets {
        target(&mut y, t, 1);
    }
    y
}

fn target(y: &mut String, t: &Target, depth: usize) {
    let pad = "  ".repeat(depth - 1);
    y.push_str(&format!("{pad}  {}\n", comment(&t.source)));
    y.push_str(&format!("{pad}  - id: {}\n", t.id));
    y.push_str(&format!("{pad}    title: {}\n", quote(&t.title)));
    let measure = if t.percent { "percent" } else { "count" };
    y.push_str(&format!("{pad}    measure: {measure}\n"));
    y.push_str(&format!("{pad}    comparator: {}\n", t.comparator));
    y.push_str(&format!("{pad}    target: {}\n", figure(t.target)));
    if let Some(u) = &t.unit {
        y.push_str(&format!("{pad}    unit: {}\n", quote(u)));
    }
    if !t.sub.is_empty() {
        y.push_str(&format!("{pad}    targets:\n"));
        for s in &t.sub {
            target(y, s, depth + 2);
        }
    }
}

/// A plain machine number: `50`, `85.5`.
fn figure(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_keeps_every_character_safe() {
        assert_eq!(
            quote("Quỹ \"Xã hội\": a, b"),
            "\"Quỹ \\\"Xã hội\\\": a, b\""
        );
        assert_eq!(quote("a\\b\nc"), "\"a\\\\b c\"");
        assert_eq!(quote("a\u{2028}b # c: [d]"), "\"a b # c: [d]\"");
        assert_eq!(comment("x\ny\u{2029}z"), "# x y z");
        assert_eq!(figure(1_500_000.0), "1500000");
        assert_eq!(figure(85.5), "85.5");
        assert_eq!(period("Kế hoạch năm 2024", None), Some((2024, 2024)));
        assert_eq!(
            period("Chương trình giai đoạn 2021 - 2025", None),
            Some((2021, 2025))
        );
    }
}
