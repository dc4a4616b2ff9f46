//! Markdown to HTML: pulldown-cmark's options in one place, ASCII heading
//! anchors unique per page, a table of contents, and links rewritten by a
//! [`LinkResolver`] so that `@/stories/x.md` or `../x.vi.md` becomes the
//! right URL. Errors carry the byte offset in the body; the caller turns it
//! into a file line and column.

use crate::i18n::slugify;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;
use std::collections::HashSet;

/// Ids of the default theme's own elements, kept off heading anchors.
const RESERVED_IDS: &[&str] = &[
    "main",
    "doc-files-heading",
    "search-form",
    "search-q",
    "search-hint",
    "search-status",
    "search-results",
    "search-more",
];

/// One heading, for a table of contents.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// What a page's Markdown turned into.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The HTML and plain text, the bulk of it: `None` where they were
    /// let go of to be rendered again when needed, as `serve` does
    /// (`Site::body`).
    pub body: Option<Body>,
    /// The start of the plain text, as a summary shows it, once the body
    /// is let go of ([`Rendered::drop_body`]).
    summary: String,
    pub toc: Vec<TocEntry>,
    /// Every heading anchor of the page, for link checks.
    pub anchors: Vec<String>,
    /// Every link and image: byte offset in the body, destination as
    /// written and as published.
    pub links: Vec<(usize, String, String)>,
    /// Byte offset of each heading, in the order of `toc`.
    pub heading_offsets: Vec<usize>,
    /// The source file of each photo shown as a `<picture>`.
    pub photos: Vec<std::path::PathBuf>,
    /// Byte offset of each photo written without alt text.
    pub photos_without_alt: Vec<usize>,
    /// Whether `html` has the marker of a progress bar, which rendering
    /// the page replaces with the bar.
    pub shows_progress: bool,
}

impl Rendered {
    /// The start of the plain text, cut at a word.
    pub fn summary(&self) -> String {
        match &self.body {
            Some(body) => summarize(&body.text, SUMMARY_LENGTH),
            None => self.summary.clone(),
        }
    }

    /// Lets go of the HTML and plain text, keeping what a summary shows.
    pub fn drop_body(&mut self) {
        if let Some(body) = self.body.take() {
            self.summary = summarize(&body.text, SUMMARY_LENGTH);
        }
    }
}

/// A page's Markdown as HTML and as plain text.
#[derive(Debug, Default, Clone)]
pub struct Body {
    pub html: String,
    /// Plain text, for search.
    pub text: String,
}

/// The length of [`Rendered::summary`], in characters.
const SUMMARY_LENGTH: usize = 160;

/// A problem at a byte offset of the Markdown body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownError {
    pub offset: usize,
    pub message: String,
}

/// Rewrites link and image destinations.
pub trait LinkResolver {
    /// `Ok(None)` keeps the destination as written.
    fn resolve(&self, destination: &str) -> Result<Option<String>, String>;

    /// The photo an image destination shows, to be published resized in
    /// a `<picture>`; `Ok(None)` for an image left as written.
    fn photo(&self, _destination: &str) -> Result<Option<&crate::photos::Photo>, String> {
        Ok(None)
    }
}

/// A photo being read: its alt text comes as the events up to its end.
struct PictureInProgress<'p> {
    photo: &'p crate::photos::Photo,
    title: String,
    offset: usize,
    alt: String,
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// Renders `body`, resolving links with `links`.
pub fn render(body: &str, resolver: &dyn LinkResolver) -> (Rendered, Vec<MarkdownError>) {
    let mut errors = Vec::new();
    let mut events: Vec<Event> = Vec::new();
    let mut text = String::new();
    let mut headings: Vec<(usize, HeadingLevel)> = Vec::new();
    let mut links = Vec::new();
    let mut heading_offsets = Vec::new();
    let mut code: Vec<std::ops::Range<usize>> = Vec::new();
    let mut link_starts = HashSet::new();
    let mut picture: Option<PictureInProgress> = None;
    let mut photos = Vec::new();
    let mut photos_without_alt = Vec::new();
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        let mut event = event;
        if let Some(p) = &mut picture {
            match &event {
                Event::End(TagEnd::Image) => {
                    let alt = p.alt.trim();
                    if alt.is_empty() {
                        photos_without_alt.push(p.offset);
                    }
                    let html = p.photo.picture_html(alt, &p.title, !photos.is_empty());
                    photos.push(p.photo.source.clone());
                    events.push(Event::InlineHtml(CowStr::from(html)));
                    picture = None;
                }
                Event::Text(t) | Event::Code(t) => {
                    p.alt.push_str(t);
                    text.push_str(t);
                }
                Event::SoftBreak | Event::HardBreak => p.alt.push(' '),
                _ => {}
            }
            continue;
        }
        if let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &event
        {
            match resolver.photo(dest_url) {
                Ok(Some(photo)) => {
                    link_starts.insert(range.start);
                    links.push((
                        range.start,
                        dest_url.to_string(),
                        photo.largest().url.clone(),
                    ));
                    picture = Some(PictureInProgress {
                        photo,
                        title: title.to_string(),
                        offset: range.start,
                        alt: String::new(),
                    });
                    continue;
                }
                Ok(None) => {}
                Err(message) => errors.push(MarkdownError {
                    offset: range.start,
                    message,
                }),
            }
        }
        match &event {
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => code.push(range.clone()),
            Event::Start(Tag::CodeBlock(_)) => code.push(range.clone()),
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                link_starts.insert(range.start);
            }
            _ => {}
        }
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = &mut event {
            let written = dest_url.to_string();
            let resolved = rewrite(dest_url, resolver, range.start, &mut errors);
            links.push((range.start, written, resolved.to_string()));
            *dest_url = resolved;
        }
        let event = match event {
            Event::Start(Tag::Heading { level, .. }) => {
                headings.push((events.len(), level));
                heading_offsets.push(range.start);
                event
            }
            Event::Text(ref t) | Event::Code(ref t) => {
                text.push_str(t);
                event
            }
            // Block ends separate words too: "## Mục tiêu" then "1. Kết nạp"
            // must not read "Mục tiêu1. Kết nạp".
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => {
                text.push(' ');
                event
            }
            other => other,
        };
        events.push(event);
    }

    let text = collapse_whitespace(&text);
    let mut rendered = Rendered {
        links,
        heading_offsets,
        photos,
        photos_without_alt,
        ..Rendered::default()
    };
    errors.extend(spaced_paths(body, &code, &link_starts));
    // Anchors made unique in linear time: 20,000 headings titled alike
    // each find their number at once. Ids the page templates use
    // themselves are taken already: a heading "Main" must not give a
    // second `id="main"`.
    let mut used: HashSet<String> = RESERVED_IDS.iter().map(|s| s.to_string()).collect();
    let mut next: std::collections::HashMap<String, usize> = Default::default();
    for (start, level) in headings {
        let title = heading_text(&events[start + 1..]);
        let Event::Start(Tag::Heading { id, .. }) = &mut events[start] else {
            continue;
        };
        let base = match id {
            Some(custom) => custom.to_string(),
            None => {
                let slug = slugify(&title);
                if slug.is_empty() {
                    "section".to_string()
                } else {
                    slug
                }
            }
        };
        let mut unique = base.clone();
        if !used.insert(unique.clone()) {
            let n = next.entry(base.clone()).or_insert(1);
            loop {
                unique = format!("{base}-{n}");
                *n += 1;
                if used.insert(unique.clone()) {
                    break;
                }
            }
        }
        *id = Some(CowStr::from(unique.clone()));
        rendered.anchors.push(unique.clone());
        rendered.toc.push(TocEntry {
            level: level as u8,
            id: unique,
            title,
        });
    }
    let mut html = String::new();
    html::push_html(&mut html, events.into_iter());
    rendered.shows_progress = html.contains(crate::progress::shortcode::MARKER_START);
    rendered.body = Some(Body { html, text });
    (rendered, errors)
}

/// `[text](a b.pdf)` and `![ảnh](ảnh hội nghị.jpg)`: CommonMark reads no
/// link where the path has a space, and the page would show the Markdown
/// as written. Found in the text outside code, where no link was read.
fn spaced_paths(
    body: &str,
    code: &[std::ops::Range<usize>],
    link_starts: &HashSet<usize>,
) -> Vec<MarkdownError> {
    let mut errors = Vec::new();
    // Code ranges come in order; a cursor walks them with the matches, and
    // the line start moves forward with them: linear in the body.
    let mut code = code.iter().peekable();
    let (mut line_start, mut scanned) = (0, 0);
    for (at, _) in body.match_indices("](") {
        while code.peek().is_some_and(|r| r.end <= at) {
            code.next();
        }
        if code.peek().is_some_and(|r| r.contains(&at)) {
            continue;
        }
        if let Some(i) = body[scanned.max(line_start)..at].rfind('\n') {
            line_start = scanned.max(line_start) + i + 1;
        }
        scanned = at;
        // Link texts are short: look back a little, not to the line start.
        let mut from = at.saturating_sub(1000).max(line_start);
        while !body.is_char_boundary(from) {
            from += 1;
        }
        let Some(open) = body[from..at].rfind('[').map(|i| from + i) else {
            continue;
        };
        let image = open > 0 && body.as_bytes()[open - 1] == b'!';
        let start = if image { open - 1 } else { open };
        if link_starts.contains(&start) || link_starts.contains(&open) {
            continue;
        }
        // Paths are short too: look ahead a little, not to the line end.
        let mut to = (at + 2 + 1000).min(body.len());
        while !body.is_char_boundary(to) {
            to -= 1;
        }
        let rest = &body[at + 2..to];
        let Some(close) = rest
            .find([')', '\n'])
            .filter(|i| rest.as_bytes()[*i] == b')')
        else {
            continue;
        };
        let inside = &rest[..close];
        // A title may follow the path: `(a.pdf "Tệp")`.
        let title_at = inside
            .find(" \"")
            .filter(|_| inside.ends_with('"'))
            .or_else(|| inside.find(" '").filter(|_| inside.ends_with('\'')));
        let (path, title) = title_at.map_or((inside, ""), |i| inside.split_at(i));
        if errors.len() >= 100 {
            break;
        }
        if path.contains(' ') && !path.starts_with('<') {
            let what = if image { "an image" } else { "a link" };
            errors.push(MarkdownError {
                offset: start,
                message: format!(
                    "the path `{path}` has a space, so this is not read as {what}: write `{}{title}` or `<{path}>{title}`",
                    path.replace(' ', "%20")
                ),
            });
        }
    }
    errors
}

/// `text` with each run of whitespace one space and none at either end,
/// as `split_whitespace` and `join(" ")` give it, in one pass over the
/// bytes: for a page's plain text, that pair was a tenth of its Markdown.
fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut word: Option<usize> = None;
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let (space, len) = match bytes[at] {
            b' ' | b'\t'..=b'\r' => (true, 1),
            byte if byte < 0x80 => (false, 1),
            // `at` is always at the start of a character.
            _ => text[at..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8())),
        };
        match (space, word) {
            (true, Some(start)) => {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&text[start..at]);
                word = None;
            }
            (false, None) => word = Some(at),
            _ => {}
        }
        at += len;
    }
    if let Some(start) = word {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text[start..]);
    }
    out
}

fn heading_text(events: &[Event]) -> String {
    let mut title = String::new();
    for event in events {
        match event {
            Event::End(TagEnd::Heading(_)) => break,
            Event::Text(t) | Event::Code(t) => title.push_str(t),
            _ => {}
        }
    }
    title.trim().to_string()
}

fn rewrite<'a>(
    dest: &CowStr<'a>,
    links: &dyn LinkResolver,
    offset: usize,
    errors: &mut Vec<MarkdownError>,
) -> CowStr<'a> {
    match links.resolve(dest) {
        Ok(Some(url)) => CowStr::from(url),
        Ok(None) => dest.clone(),
        Err(message) => {
            errors.push(MarkdownError { offset, message });
            dest.clone()
        }
    }
}

/// The first `max` characters of `text`, cut at a word.
pub fn summarize(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(a, _)| a);
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

#[cfg(test)]
mod tests {
    #[test]
    fn whitespace_is_collapsed_as_split_whitespace_would() {
        let samples = [
            "",
            "   ",
            "Mục tiêu",
            "  Mục\u{a0}tiêu \t\n 1.\u{b}Kết nạp\u{3000}đoàn viên\u{2028}",
            "\u{1680}Đ\u{85}ư\u{202f}ờ\u{205f}ng\u{200a} ",
            "a\u{1c}b\u{200b}c \r\n\x0c d",
        ];
        for sample in samples {
            let expected = sample.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(super::collapse_whitespace(sample), expected, "{sample:?}");
        }
    }

    use super::*;

    struct NoLinks;
    impl LinkResolver for NoLinks {
        fn resolve(&self, d: &str) -> Result<Option<String>, String> {
            if d.ends_with(".md") {
                Err(format!("no page `{d}`"))
            } else {
                Ok(None)
            }
        }
    }

    #[test]
    fn a_line_of_link_ends_found_by_the_fuzz_run_has_no_false_paths() {
        // 70,000 `](` on one line with no `)`: each used to search to the
        // line's end.
        let md = format!("Patients' compla{}\n", "](".repeat(70_000));
        let (_, errors) = render(&md, &NoLinks);
        assert!(errors.is_empty());
        let md = format!("{}\n", "![a](b c.jpg) ".repeat(500));
        assert_eq!(
            render(&md, &NoLinks).1.len(),
            100,
            "errors are capped per page"
        );
    }

    #[test]
    fn many_headings_alike_get_numbered_anchors_even_past_written_ones() {
        let mut md = String::from("## Mục-1\n\n");
        for _ in 0..20_000 {
            md.push_str("## Mục\n\n");
        }
        let (r, _) = render(&md, &NoLinks);
        assert_eq!(r.anchors.len(), 20_001);
        assert_eq!(&r.anchors[..4], ["muc-1", "muc", "muc-2", "muc-3"]);
        assert_eq!(r.anchors[20_000], "muc-20000");
    }

    #[test]
    fn anchors_are_ascii_unique_and_custom_ids_win() {
        let md = "# Đoàn viên\n\n## Đoàn viên\n\n## Dân vận khéo {#kheo}\n";
        let (r, _) = render(md, &NoLinks);
        assert_eq!(r.anchors, ["doan-vien", "doan-vien-1", "kheo"]);
        assert!(
            r.body
                .as_ref()
                .unwrap()
                .html
                .contains(r#"<h1 id="doan-vien">Đoàn viên</h1>"#),
            "{}",
            r.body.as_ref().unwrap().html
        );
        assert_eq!(r.toc[2].title, "Dân vận khéo");
    }

    #[test]
    fn broken_links_report_their_offset() {
        let md = "Xem [kế hoạch](../x.md).";
        let (_, errors) = render(md, &NoLinks);
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].offset, 4);
    }

    #[test]
    fn tables_footnotes_and_tasks_render() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\nx[^1]\n\n[^1]: n\n\n- [x] done\n\n~~old~~\n";
        let (r, _) = render(md, &NoLinks);
        assert!(r.body.as_ref().unwrap().html.contains("<table>"));
        assert!(
            r.body
                .as_ref()
                .unwrap()
                .html
                .contains("footnote-definition")
        );
        assert!(r.body.as_ref().unwrap().html.contains("checkbox"));
        assert!(r.body.as_ref().unwrap().html.contains("<del>old</del>"));
    }
}
