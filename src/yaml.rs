//! YAML with errors an editor can act on. serde_yaml stops at the first
//! problem and words it for programmers; this module reports every unknown
//! key of a block at once with the closest known key, turns serde's wording
//! into plain words, and shifts positions from the YAML block to the file
//! (front matter starts on line 2 of its Markdown file).

use crate::error::{Error, Location};
use serde::de::DeserializeOwned;
use std::path::Path;

/// Where a YAML block sits in its file.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    /// The file line of the block's first line (1-based).
    pub first_line: usize,
}

impl Block<'_> {
    pub fn location(&self, line: usize, column: usize) -> Location {
        Location::new(self.path, line + self.first_line - 1, column)
    }

    /// The position of top-level `key:` in the block, or the block start.
    pub fn key_location(&self, key: &str) -> Location {
        for (i, line) in self.text.lines().enumerate() {
            if let Some(rest) = line.strip_prefix(key)
                && rest.trim_start().starts_with(':')
            {
                return self.location(i + 1, 1);
            }
        }
        self.location(1, 1)
    }

    /// The position of `needle` appearing after top-level `key:`, for
    /// errors about one value in a list; falls back to the key.
    pub fn value_location(&self, key: &str, needle: &str) -> Location {
        let start = self.key_location(key);
        let skip = start.line.saturating_sub(self.first_line);
        for (i, line) in self.text.lines().enumerate().skip(skip) {
            if let Some(col) = line.find(needle) {
                return self.location(i + 1, line[..col].chars().count() + 1);
            }
        }
        start
    }
}

/// Parses `block` as `T`. Top-level keys outside `known_keys` are all
/// reported (with a suggestion) before serde sees the block.
pub fn parse<T: DeserializeOwned>(block: Block, known_keys: &[&str]) -> Result<T, Vec<Error>> {
    let value: serde_yaml::Value = match serde_yaml::from_str(block.text) {
        Ok(v) => v,
        Err(e) => return Err(vec![convert(block, &e)]),
    };
    let value = match value {
        serde_yaml::Value::Null => serde_yaml::Value::Mapping(Default::default()),
        v @ serde_yaml::Value::Mapping(_) => v,
        _ => {
            return Err(vec![Error::content(
                block.location(1, 1),
                "expected `key: value` lines here",
            )]);
        }
    };
    let mut errors = Vec::new();
    if let serde_yaml::Value::Mapping(map) = &value {
        for key in map.keys() {
            let name = match key {
                serde_yaml::Value::String(s) => s.clone(),
                other => serde_yaml::to_string(other)
                    .unwrap_or_default()
                    .trim()
                    .to_string(),
            };
            if !known_keys.contains(&name.as_str()) {
                errors.push(Error::content(
                    block.key_location(&name),
                    unknown_key_message(&name, known_keys),
                ));
            }
        }
    }
    errors.extend(check_comments(block));
    if !errors.is_empty() {
        return Err(errors);
    }
    // Parse the text again, not the Value: only the text keeps positions.
    serde_yaml::from_str(block.text).map_err(|e| vec![convert(block, &e)])
}

/// "unknown key `titel` (did you mean `title`?)".
pub fn unknown_key_message(key: &str, known: &[&str]) -> String {
    match closest(key, known) {
        Some(best) => format!("unknown key `{key}` (did you mean `{best}`?)"),
        None => format!(
            "unknown key `{key}`; the keys here are {}; put custom fields under `extra:`",
            known.join(", ")
        ),
    }
}

/// The known word closest to `word`, if it is close enough to be a typo
/// or a shortened form (`ket-nap-dv` for `ket-nap-doan-vien`).
pub fn closest<'a>(word: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .filter(|k| {
            let edits = strsim::damerau_levenshtein(word, k);
            edits <= 2.max(k.len() / 3) || strsim::jaro_winkler(word, k) >= 0.88
        })
        .max_by(|a, b| {
            strsim::jaro_winkler(word, a)
                .total_cmp(&strsim::jaro_winkler(word, b))
                .then_with(|| b.cmp(a))
        })
        .copied()
}

/// A serde_yaml error as a located, plain-words error.
pub fn convert(block: Block, error: &serde_yaml::Error) -> Error {
    let (mut line, mut column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
    let raw = strip_positions(&error.to_string());
    if raw.contains("could not find expected ':'") {
        // libyaml notices a missing colon only on the next line: point at
        // the line that lacks it.
        let lines: Vec<&str> = block.text.lines().collect();
        if let Some(previous) = (0..line.saturating_sub(1).min(lines.len()))
            .rev()
            .find(|i| !lines[*i].trim().is_empty())
        {
            line = previous + 1;
            column = 1;
        }
        return Error::content(
            block.location(line, column),
            "this line has no `:` after its key: write `key: value`",
        );
    }
    let source_line = block.text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    Error::content(block.location(line, column), plain_words(&raw, source_line))
}

/// Finds a `#` that YAML takes for the start of a comment although the
/// editor meant it as text (`title: Báo cáo sơ kết #2`): a value would lose
/// everything after it without a word.
pub fn check_comments(block: Block) -> Vec<Error> {
    let mut errors = Vec::new();
    for (i, line) in block.text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with('#')
            || trimmed.starts_with('-') && trimmed[1..].trim_start().starts_with('#')
        {
            continue;
        }
        let Some((key, value)) = line.split_once(": ") else {
            continue;
        };
        let value = value.trim_start();
        if key.trim().is_empty() || value.starts_with(['"', '\'', '{', '[', '|', '>']) {
            continue;
        }
        if let Some(at) = value.find(" #")
            && value[at + 2..].starts_with(|c: char| !c.is_whitespace() && c != '#')
        {
            let hash = line.len() - value.len() + at + 1;
            let column = line[..hash].chars().count() + 1;
            errors.push(Error::content(
                block.location(i + 1, column),
                format!(
                    "`{}` starts a comment in YAML, so the rest of this line would be left out: put the whole value in quotes, \"...\"",
                    value[at + 1..].split_whitespace().next().unwrap_or("#")
                ),
            ));
        }
    }
    errors
}

/// Removes serde_yaml's own "at line 3 column 5" (relative to the block,
/// so wrong for the file) from a message.
fn strip_positions(message: &str) -> String {
    let mut out = message.to_string();
    for marker in [" at line ", " at position "] {
        while let Some(start) = out.find(marker) {
            let rest = &out[start + marker.len()..];
            let end = rest
                .find(|c: char| !(c.is_ascii_digit() || c == ' ' || c.is_ascii_lowercase()))
                .unwrap_or(rest.len());
            // Keep any word that follows a comma, e.g. ", while parsing".
            let cut = rest[..end].trim_end();
            let cut_len = if cut.ends_with(char::is_alphabetic) {
                cut.rfind(' ').map_or(cut.len(), |i| i)
            } else {
                cut.len()
            };
            out.replace_range(start..start + marker.len() + cut_len, "");
        }
    }
    out
}

/// The back-quoted words after "expected" in a serde message: serde says
/// "expected `a` or `b`" or "expected one of `a`, `b`, `c`".
fn expected(message: &str) -> Vec<&str> {
    let Some((_, list)) = message.split_once("expected") else {
        return Vec::new();
    };
    list.split('`').skip(1).step_by(2).collect()
}

fn plain_words(raw: &str, source_line: &str) -> String {
    if source_line.starts_with('\t') || (raw.contains("tab") && source_line.contains('\t')) {
        return "a tab is used for indentation: indent with spaces, not tabs".to_string();
    }
    if let Some((_, rest)) = raw.split_once("invalid type: ") {
        let found = rest.split(", expected").next().unwrap_or(rest);
        let expected = rest.split(", expected ").nth(1).unwrap_or("");
        let want = match expected {
            e if e.contains("bool") => "`true` or `false`".to_string(),
            e if e.starts_with('i') || e.starts_with('u') => {
                "a whole number, such as 2024".to_string()
            }
            e if e.contains("sequence") => {
                "a list: `[first, second]`, or one item per line starting with `- `".to_string()
            }
            e if e.contains("map") || e.contains("struct") => {
                "`key: value` lines indented under this key".to_string()
            }
            e => e.to_string(),
        };
        let found = found.replace("string ", "the text ");
        return format!("write {want} here; found {found}");
    }
    if raw.contains("did not find expected key")
        || raw.contains("found character that cannot start any token")
    {
        if source_line.contains(['“', '”']) {
            return "curly quotes “ ” do not quote text in YAML: use straight quotes \"...\""
                .to_string();
        }
        if raw.contains("cannot start any token") {
            return "a value cannot start with `@` or a backquote: put the whole value in quotes, \"...\"".to_string();
        }
    }
    if let Some(rest) = raw.split("unknown field `").nth(1) {
        let key = rest.split('`').next().unwrap_or("");
        return unknown_key_message(key, &expected(rest));
    }
    if let Some(rest) = raw.split("unknown variant `").nth(1) {
        let found = rest.split('`').next().unwrap_or("");
        let field = raw
            .split(": unknown variant")
            .next()
            .filter(|f| *f != raw)
            .map(|path| path.rsplit('.').next().unwrap_or(path));
        let allowed = expected(rest);
        let mut message = match field {
            Some(field) => format!(
                "`{field}` must be one of {}; found `{found}`",
                allowed.join(", ")
            ),
            None => format!("must be one of {}; found `{found}`", allowed.join(", ")),
        };
        if let Some(best) = closest(found, &allowed) {
            message.push_str(&format!(" (did you mean `{best}`?)"));
        }
        return message;
    }
    if let Some(field) = raw.strip_suffix("missing field").or_else(|| {
        raw.split("missing field `")
            .nth(1)
            .and_then(|r| r.split('`').next())
    }) {
        return format!("`{field}` is required here");
    }
    if raw.contains("flow sequence") {
        return "a list opened with `[` is not closed with `]`: check the brackets, and quote values that contain a comma or a colon".to_string();
    }
    if raw.contains("flow mapping") {
        return "a group opened with `{` is not closed with `}`: check the braces, and quote values that contain a comma or a colon".to_string();
    }
    if raw.contains("quoted scalar") {
        return "a quoted text is not closed: add the closing quote mark".to_string();
    }
    // serde names the field before our own messages, which quote the value
    // and so need no field name: "date: `24/01/2024` is not a date".
    if let Some((path, message)) = raw.split_once(": `")
        && !path.contains(' ')
    {
        return format!("`{message}");
    }
    if raw.contains("did not find expected key") || raw.contains("mapping values are not allowed") {
        return format!(
            "the YAML here is malformed ({raw}); check the indentation and that every `key: value` with a colon inside the value is quoted"
        );
    }
    raw.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        title: String,
        signer: Option<Signer>,
        status: Option<Status>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Signer {
        name: String,
    }
    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    enum Status {
        InForce,
        Expired,
    }

    fn parse_doc(text: &str) -> Result<Doc, Vec<Error>> {
        let block = Block {
            path: Path::new("a.md"),
            text,
            first_line: 2,
        };
        parse(block, &["title", "signer", "status"])
    }

    #[test]
    fn every_unknown_key_is_reported_with_a_suggestion() {
        let errors = parse_doc("titel: A\nsigner: {name: B}\nstatsu: x\n").unwrap_err();
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "a.md:2:1: unknown key `titel` (did you mean `title`?)",
                "a.md:4:1: unknown key `statsu` (did you mean `status`?)"
            ]
        );
    }

    #[test]
    fn nested_unknown_keys_and_variants_read_plainly() {
        let e = parse_doc("title: A\nsigner:\n  nme: B\n").unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "a.md:4:3: unknown key `nme` (did you mean `name`?)"
        );
        let e = parse_doc("title: A\nstatus: inforce\n").unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "a.md:3:9: `status` must be one of in-force, expired; found `inforce` (did you mean `in-force`?)"
        );
    }

    #[test]
    fn a_hash_inside_a_value_is_not_lost_silently() {
        let e = parse_doc("title: Báo cáo sơ kết #2 năm 2024\n").unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "a.md:2:23: `#2` starts a comment in YAML, so the rest of this line would be left out: put the whole value in quotes, \"...\""
        );
        assert!(parse_doc("title: \"Báo cáo #2\"  # a comment\n").is_ok());
        assert!(parse_doc("title: Báo cáo   # a comment\n").is_ok());
    }

    #[test]
    fn a_missing_colon_points_at_its_own_line() {
        let e = parse_doc("title: A\nsigner B\nstatus: in-force\n").unwrap_err();
        assert_eq!(
            e[0].to_string(),
            "a.md:3:1: this line has no `:` after its key: write `key: value`"
        );
    }

    #[test]
    fn wrong_types_read_plainly() {
        #[derive(Debug, Deserialize)]
        #[allow(dead_code)]
        struct T {
            draft: Option<bool>,
            year: Option<i32>,
            tags: Option<Vec<String>>,
        }
        let block = |text| Block {
            path: Path::new("a.md"),
            text,
            first_line: 2,
        };
        let e = parse::<T>(block("draft: có\n"), &["draft", "year", "tags"]).unwrap_err();
        assert!(
            e[0].to_string()
                .contains("write `true` or `false` here; found the text \"có\""),
            "{}",
            e[0]
        );
        let e = parse::<T>(block("year: năm 2024\n"), &["draft", "year", "tags"]).unwrap_err();
        assert!(
            e[0].to_string()
                .contains("write a whole number, such as 2024 here"),
            "{}",
            e[0]
        );
        let e = parse::<T>(block("tags: a, b\n"), &["draft", "year", "tags"]).unwrap_err();
        assert!(e[0].to_string().contains("write a list"), "{}", e[0]);
    }

    #[test]
    fn tabs_and_syntax_errors_point_at_the_file_line() {
        let e = parse_doc("title: A\nsigner:\n\tname: B\n").unwrap_err();
        let text = e[0].to_string();
        assert!(text.starts_with("a.md:4:"), "{text}");
        assert!(text.contains("indent with spaces, not tabs"), "{text}");
        assert!(!text.contains("line 3"), "{text}");
    }
}
