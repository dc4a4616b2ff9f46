//! `{{ progress(id="...") }}` and `{{ progress(file="...") }}` in
//! Markdown. Before Markdown is rendered, each shortcode is checked and
//! replaced by a marker comment that the renderer later swaps for the bars
//! in the page's language; offsets in the changed body map back to the
//! file, so later errors keep their true positions.

use super::Progress;

/// What a marker stands for.
pub const MARKER_START: &str = "<!--danvan-progress:";
pub const MARKER_END: &str = "-->";

/// A body with its shortcodes replaced.
#[derive(Debug, Default)]
pub struct Expanded {
    pub body: String,
    /// (offset in the new body, new − old offset from there on).
    shifts: Vec<(usize, isize)>,
}

impl Expanded {
    /// The offset in the original body of `offset` in the new one.
    pub fn original_offset(&self, offset: usize) -> usize {
        let delta = self
            .shifts
            .iter()
            .rev()
            .find(|(at, _)| *at <= offset)
            .map_or(0, |(_, d)| *d);
        (offset as isize - delta).max(0) as usize
    }
}

/// The marker for a whole file (`target` empty) or one target.
pub fn marker(file: &str, target: &str) -> String {
    format!("{MARKER_START}{file}:{target}{MARKER_END}")
}

/// Replaces every progress shortcode of `body`. `home_file` is the
/// `progress:` of the page's document, where bare ids resolve first.
pub fn expand(
    body: &str,
    progress: &Progress,
    home_file: Option<&str>,
) -> (Expanded, Vec<(usize, String)>) {
    let mut out = Expanded {
        body: String::with_capacity(body.len()),
        shifts: Vec::new(),
    };
    let mut errors = Vec::new();
    let mut rest = 0;
    if !body.contains("{{") {
        out.body.push_str(body);
        return (out, errors);
    }
    // Shortcodes inside code are shown, not run: a help page can show them.
    let code: Vec<std::ops::Range<usize>> =
        pulldown_cmark::Parser::new_ext(body, crate::markdown::options())
            .into_offset_iter()
            .filter_map(|(event, range)| match event {
                pulldown_cmark::Event::Code(_)
                | pulldown_cmark::Event::Start(pulldown_cmark::Tag::CodeBlock(_)) => Some(range),
                _ => None,
            })
            .collect();
    while let Some(found) = body[rest..].find("{{") {
        let start = rest + found;
        let Some(len) = body[start..].find("}}").map(|e| e + 2) else {
            break;
        };
        let inner = body[start + 2..start + len - 2].trim();
        let in_code = code.iter().any(|r| r.contains(&start));
        let Some(args) = inner.strip_prefix("progress").filter(|_| !in_code) else {
            let name: String = inner
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !in_code && !name.is_empty() && inner[name.len()..].trim_start().starts_with('(') {
                errors.push((start, format!("there is no shortcode `{name}`: the shortcode is {{{{ progress(id=\"...\") }}}}")));
            }
            out.body.push_str(&body[rest..start + 2]);
            rest = start + 2;
            continue;
        };
        let line_start = body[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = body[start + len..]
            .find('\n')
            .map_or(body.len(), |i| start + len + i);
        if !body[line_start..start].trim().is_empty()
            || !body[start + len..line_end].trim().is_empty()
        {
            errors.push((start, "put the progress shortcode on a line of its own: it shows a block of bars, which cannot sit inside a sentence".to_string()));
        }
        out.body.push_str(&body[rest..start]);
        rest = start + len;
        let replacement = match parse_args(args.trim()) {
            Ok((key, value)) if key == "file" => match progress.files.get(&value) {
                Some(_) => marker(&value, ""),
                None if progress.failed.contains(&value) => String::new(),
                None => {
                    errors.push((start, progress.no_file(&value)));
                    String::new()
                }
            },
            Ok((_, value)) => match progress.resolve(&value, home_file) {
                Ok((file, target)) => marker(&file, &target),
                Err(message) => {
                    errors.push((start, message));
                    String::new()
                }
            },
            Err(message) => {
                errors.push((start, message));
                String::new()
            }
        };
        let new_end = out.body.len() + replacement.len();
        out.body.push_str(&replacement);
        let delta = new_end as isize - rest as isize;
        out.shifts.push((new_end, delta));
    }
    out.body.push_str(&body[rest..]);
    (out, errors)
}

/// `(id="x")` → ("id", "x").
fn parse_args(args: &str) -> Result<(String, String), String> {
    let usage = "write the shortcode as {{ progress(id=\"target-id\") }} or {{ progress(file=\"progress-file\") }}";
    let inner = args
        .strip_prefix('(')
        .and_then(|a| a.strip_suffix(')'))
        .ok_or_else(|| usage.to_string())?;
    let (key, value) = inner.split_once('=').ok_or_else(|| usage.to_string())?;
    let key = key.trim();
    let value = value.trim();
    let value = value
        .strip_prefix('"')
        .and_then(|v| v.strip_suffix('"'))
        .or_else(|| value.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
        .ok_or_else(|| usage.to_string())?;
    if key != "id" && key != "file" {
        return Err(format!(
            "the progress shortcode takes `id` or `file`, not `{key}`; {usage}"
        ));
    }
    Ok((key.to_string(), value.trim().to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn progress() -> Progress {
        let f = super::super::parse(
            "2024",
            Path::new("p.yaml"),
            "title: A\nperiod: {start: 2024-01-01, end: 2024-12-31}\ntargets:\n  - {id: x, title: X, measure: done}\n",
            &["vi", "en"],
        )
        .into_result().unwrap();
        let mut p = Progress::default();
        p.files.insert("2024".into(), f);
        p
    }

    #[test]
    fn shortcodes_become_markers_and_offsets_map_back() {
        let body =
            "A\n{{ progress(id=\"x\") }}\n\n{{ progress(file=\"2024\") }}\n[b](y.md) {{ other }}";
        let (e, errors) = expand(body, &progress(), None);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(e.body.contains("<!--danvan-progress:2024:x-->"));
        assert!(e.body.contains("<!--danvan-progress:2024:-->"));
        assert!(e.body.ends_with("[b](y.md) {{ other }}"));
        let new = e.body.find("[b]").unwrap();
        assert_eq!(e.original_offset(new), body.find("[b]").unwrap());
        assert_eq!(e.original_offset(0), 0);
    }

    #[test]
    fn unknown_ids_and_bad_syntax_are_errors_at_the_shortcode() {
        let body = "ab\n{{ progress(id=\"nope\") }}\n{{ progress(x) }}\n{{ progres(id=\"x\") }}\n";
        let (_, errors) = expand(body, &progress(), None);
        assert_eq!(errors[0].0, 3);
        assert!(errors[0].1.contains("no progress file has a target `nope`"));
        assert!(errors[1].1.starts_with("write the shortcode as"));
        assert!(
            errors[2].1.starts_with("there is no shortcode `progres`"),
            "{}",
            errors[2].1
        );
    }

    #[test]
    fn shortcodes_in_code_are_shown_and_inside_sentences_refused() {
        let body =
            "Viết `{{ progress(id=\"x\") }}` như sau:\n\n```\n{{ progress(file=\"2024\") }}\n```\n";
        let (e, errors) = expand(body, &progress(), None);
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(e.body, body);
        let (_, errors) = expand(
            "Đoàn viên {{ progress(id=\"x\") }} tăng.\n",
            &progress(),
            None,
        );
        assert!(
            errors[0]
                .1
                .starts_with("put the progress shortcode on a line of its own")
        );
    }
}
