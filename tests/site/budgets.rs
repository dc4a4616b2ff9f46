//! Budgets for readers on cheap phones, measured on the built sample site:
//! every page at most 50 KB of HTML and CSS gzipped (images and other files
//! aside), the stylesheet at most 12 KB gzipped; a stylesheet that never
//! clips text, keeps lines apart enough for stacked diacritics and loads no
//! web fonts; `lang` on every page.
//!
//! KB here is 1000 bytes; gzip at the default level (6), what web servers
//! commonly use. `cargo test budgets -- --nocapture` prints the weights.

use crate::harness::*;
use std::io::Write;
use std::path::Path;

const PAGE_BUDGET: usize = 50_000;
const CSS_BUDGET: usize = 12_000;

fn gzip_len(bytes: &[u8]) -> usize {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(bytes).unwrap();
    gz.finish().unwrap().len()
}

/// Every published file, as paths relative to the output folder.
fn published(root: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(root).unwrap();
            rel.to_string_lossy().replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}

/// The start tags named `tag` in a page, e.g. every `<link ...>`.
fn start_tags<'a>(html: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag}");
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find(&open) {
        rest = &rest[i..];
        let after = rest.as_bytes().get(open.len()).copied();
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        if matches!(after, Some(b' ' | b'>' | b'\n' | b'\t' | b'/')) {
            out.push(&rest[..end]);
        }
        rest = &rest[end..];
    }
    out
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)? + key.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

/// The stylesheets a page links, as published paths.
fn stylesheets(html: &str) -> Vec<String> {
    start_tags(html, "link")
        .into_iter()
        .filter(|t| attr(t, "rel") == Some("stylesheet"))
        .filter_map(|t| attr(t, "href"))
        .map(|href| {
            let path = href
                .split("://")
                .nth(1)
                .map_or(href, |rest| rest.find('/').map_or("/", |i| &rest[i..]));
            path.split(['?', '#'])
                .next()
                .unwrap()
                .trim_start_matches('/')
                .to_string()
        })
        .collect()
}

#[test]
fn every_page_of_the_sample_site_is_within_50_kb_of_html_and_css_gzipped() {
    let site = TestSite::built_sample();
    let root = site.public();
    let mut weights = Vec::new();
    for file in published(&root)
        .into_iter()
        .filter(|f| f.ends_with(".html"))
    {
        let html = site.read(&file);
        let css = stylesheets(&html);
        assert!(!css.is_empty(), "{file} links no stylesheet");
        let mut total = gzip_len(html.as_bytes());
        for sheet in &css {
            // the base path of the sample site is `/`, so the href is the published path
            let bytes = std::fs::read(root.join(sheet))
                .unwrap_or_else(|e| panic!("{file} links {sheet}, which is not published: {e}"));
            total += gzip_len(&bytes);
        }
        weights.push((total, file));
    }
    assert!(weights.len() >= 20, "only {} pages", weights.len());
    weights.sort_by(|a, b| b.cmp(a));
    println!("heaviest pages, HTML + CSS gzipped:");
    for (bytes, file) in weights.iter().take(5) {
        println!("  {bytes:>6} B  {file}");
    }
    let over: Vec<String> = weights
        .iter()
        .filter(|(bytes, _)| *bytes > PAGE_BUDGET)
        .map(|(bytes, file)| format!("{file}: {bytes} B"))
        .collect();
    assert!(
        over.is_empty(),
        "pages over the budget of {PAGE_BUDGET} B of HTML + CSS gzipped:\n{}",
        over.join("\n")
    );
}

#[test]
fn the_stylesheet_is_within_12_kb_gzipped() {
    let site = TestSite::built_sample();
    let css =
        std::fs::read(site.public().join(site.asset("style.css"))).expect("style.css is published");
    let gz = gzip_len(&css);
    println!("style.css: {} B, {gz} B gzipped", css.len());
    assert!(
        gz <= CSS_BUDGET,
        "style.css is {gz} B gzipped; the budget is {CSS_BUDGET} B"
    );
}

/// A declaration of the stylesheet with the selector of its rule and the
/// at-rules around it (`@media print`).
#[derive(Debug)]
struct Decl {
    at: Vec<String>,
    selector: String,
    property: String,
    value: String,
}

/// A small CSS reader: enough for a hand-written stylesheet (comments,
/// nested at-rules, custom properties).
fn declarations(css: &str) -> Vec<Decl> {
    let mut text = String::new();
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        text.push_str(&rest[..i]);
        rest = rest[i..].find("*/").map_or("", |e| &rest[i + e + 2..]);
    }
    text.push_str(rest);

    let mut out = Vec::new();
    let mut stack: Vec<String> = Vec::new();
    let mut buf = String::new();
    for c in text.chars() {
        match c {
            '{' => {
                stack.push(buf.trim().to_string());
                buf.clear();
            }
            ';' | '}' => {
                let piece = buf.trim();
                if let Some((prop, value)) = piece.split_once(':')
                    && let Some(selector) = stack.last().filter(|s| !s.starts_with('@'))
                {
                    out.push(Decl {
                        at: stack[..stack.len() - 1].to_vec(),
                        selector: selector.clone(),
                        property: prop.trim().to_ascii_lowercase(),
                        value: value.trim().to_string(),
                    });
                }
                buf.clear();
                if c == '}' {
                    stack.pop();
                }
            }
            _ => buf.push(c),
        }
    }
    out
}

fn published_css() -> String {
    let site = TestSite::built_sample();
    site.read(&site.asset("style.css"))
}

#[test]
fn the_stylesheet_never_clips_text() {
    // Stacked Vietnamese diacritics (Ẫ, Ộ, Ặ) reach above the line box: an
    // element that hides its overflow cuts them off. Only text that is
    // hidden on purpose (`.visually-hidden`, read by screen readers) may.
    let css = published_css();
    let clipping: Vec<String> = declarations(&css)
        .into_iter()
        .filter(|d| d.property.starts_with("overflow"))
        .filter(|d| d.value.contains("hidden") || d.value.contains("clip"))
        .filter(|d| {
            d.selector
                .split(',')
                .any(|s| s.trim() != ".visually-hidden")
        })
        .map(|d| format!("{} {{ {}: {} }}", d.selector, d.property, d.value))
        .collect();
    assert!(
        clipping.is_empty(),
        "overflow that clips text, outside .visually-hidden:\n{}",
        clipping.join("\n")
    );
    assert!(css.contains(".visually-hidden{") || css.contains(".visually-hidden {"));
}

/// The line height of a `line-height` value or of a `font` shorthand
/// (`1rem/1.6 …`), when it is a plain number or a percentage.
fn line_height(d: &Decl) -> Option<Result<f64, String>> {
    let raw = match d.property.as_str() {
        "line-height" => d.value.as_str(),
        "font" => d
            .value
            .split_whitespace()
            .find_map(|w| w.split_once('/').map(|(_, lh)| lh))?,
        _ => return None,
    };
    let raw = raw.trim_end_matches("!important").trim();
    if let Some(p) = raw.strip_suffix('%') {
        return Some(
            p.parse::<f64>()
                .map(|p| p / 100.0)
                .map_err(|_| raw.to_string()),
        );
    }
    Some(raw.parse::<f64>().map_err(|_| raw.to_string()))
}

#[test]
fn lines_are_far_enough_apart_for_vietnamese() {
    // Body text at least 1.5 on screen; nothing anywhere (headings, print)
    // below 1.3, so that stacked diacritics never touch the line above.
    // Only unitless numbers: a length would not scale with the font size.
    let decls = declarations(&published_css());
    let mut problems = Vec::new();
    let mut body = None;
    let mut headings = Vec::new();
    for d in &decls {
        let Some(lh) = line_height(d) else { continue };
        let rule = format!("{} {{ {}: {} }}", d.selector, d.property, d.value);
        let lh = match lh {
            Ok(lh) => lh,
            Err(raw) => {
                problems.push(format!("{rule}: `{raw}` is not a unitless line height"));
                continue;
            }
        };
        if lh < 1.3 {
            problems.push(format!("{rule}: below 1.3"));
        }
        let screen = !d.at.iter().any(|a| a.contains("print"));
        let selectors: Vec<&str> = d.selector.split(',').map(str::trim).collect();
        if screen && d.at.is_empty() && selectors.contains(&"body") {
            body = Some(lh);
        }
        if screen
            && selectors
                .iter()
                .any(|s| matches!(*s, "h1" | "h2" | "h3" | "h4" | "h5" | "h6"))
        {
            headings.push(lh);
        }
    }
    match body {
        Some(lh) if lh >= 1.5 => {}
        Some(lh) => problems.push(format!("body line-height {lh} is below 1.5")),
        None => problems.push("no line-height for body".into()),
    }
    if headings.is_empty() {
        problems.push("no line-height for the headings".into());
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_web_fonts_and_every_font_stack_ends_in_a_generic_family() {
    let css = published_css();
    for banned in [
        "@font-face",
        "@import",
        ".woff",
        ".ttf",
        ".otf",
        "fonts.googleapis",
    ] {
        assert!(
            !css.contains(banned),
            "style.css contains `{banned}`: no web fonts"
        );
    }
    // System fonts only: each stack must end in a generic family, so a
    // phone without the named fonts still picks one that has Vietnamese.
    let generic = ["sans-serif", "serif", "monospace", "system-ui", "inherit"];
    for d in declarations(&css) {
        let stack = match d.property.as_str() {
            "font-family" | "--sans" | "--serif" | "--mono" => d.value.as_str(),
            _ => continue,
        };
        let last = stack
            .rsplit(',')
            .next()
            .unwrap()
            .trim()
            .trim_end_matches("!important")
            .trim();
        assert!(
            generic.contains(&last) || last.starts_with("var("),
            "{} {{ {}: {} }} does not end in a generic family",
            d.selector,
            d.property,
            d.value
        );
    }
    let site = TestSite::built_sample();
    for file in published(&site.public())
        .into_iter()
        .filter(|f| f.ends_with(".html"))
    {
        let html = site.read(&file);
        assert!(!html.contains("@font-face"), "{file} declares a web font");
        for link in start_tags(&html, "link") {
            let href = attr(link, "href").unwrap_or("");
            assert!(
                !href.contains("fonts.") && !href.ends_with(".woff2") && !href.ends_with(".woff"),
                "{file} loads a font: {link}"
            );
        }
    }
}

#[test]
fn every_page_says_its_language() {
    let site = TestSite::built_sample();
    let mut pages = 0;
    for file in published(&site.public())
        .into_iter()
        .filter(|f| f.ends_with(".html"))
    {
        let html = site.read(&file);
        let tags = start_tags(&html, "html");
        assert_eq!(tags.len(), 1, "{file} has {} <html> tags", tags.len());
        let expected = if file.starts_with("en/") { "en" } else { "vi" };
        assert_eq!(
            attr(tags[0], "lang"),
            Some(expected),
            "{file}: {} should say lang=\"{expected}\"",
            tags[0]
        );
        pages += 1;
    }
    assert!(pages >= 20, "only {pages} pages");
}

#[test]
fn the_css_reader_sees_rules_inside_media_queries() {
    let d = declarations(
        "/* c { overflow: hidden } */ a{color:red}@media print{b,i{font:13pt/1.35 serif}}",
    );
    assert_eq!(d.len(), 2, "{d:?}");
    assert_eq!(d[1].at, vec!["@media print".to_string()]);
    assert_eq!(d[1].selector, "b,i");
    assert!(matches!(line_height(&d[1]), Some(Ok(lh)) if (lh - 1.35).abs() < 1e-9));
}
