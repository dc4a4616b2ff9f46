//! The parser's complaints in plain words. saphyr words its errors for
//! programmers ("while scanning a block scalar ..."), and often notices a
//! mistake a line after it was made; this module looks at the line the
//! editor wrote and says what is wrong there and how to fix it. No raw
//! parser text reaches the editor.

use super::tree::Pos;

/// Characters that mean something to YAML at the start of a value.
const SPECIAL_START: &[char] = &['*', '&', '!', '%', '@', '`', '>', '|'];

/// The plain-words message and place for a syntax error `info` that the
/// parser reported at `at`.
pub(crate) fn syntax(info: &str, text: &str, at: Pos) -> (Pos, String) {
    let lines: Vec<&str> = text.lines().collect();
    let line_at = |n: usize| lines.get(n.wrapping_sub(1)).copied().unwrap_or("");
    let here = line_at(at.line);
    let pos = |line: usize, col: usize| Pos {
        line,
        col,
        index: at.index,
    };
    // The parser may stop at the end of the line before the tab, or, for
    // a tab before a key of the top level, on the line after it.
    for n in [at.line, at.line + 1, at.line.saturating_sub(1)] {
        if let Some(col) = indentation_tab(line_at(n)) {
            return (
                pos(n, col),
                "a tab is used for indentation: indent with spaces, not tabs".to_string(),
            );
        }
    }
    if info.contains("recursion limit") {
        return (
            pos(at.line, at.col),
            "the values here are nested too deeply: check the brackets and the indentation"
                .to_string(),
        );
    }
    // The culprit may be the line above: the parser reads on until the
    // mistake can no longer be a continuation. Only for the complaints a
    // sign at the start of a value causes.
    let sign_trouble = [
        "alias",
        "anchor",
        "tag",
        "block scalar",
        "directive",
        "character",
        "token",
    ]
    .iter()
    .any(|w| info.contains(w));
    let lines_to_look_at: &[usize] = if sign_trouble {
        &[at.line, at.line.saturating_sub(1)]
    } else {
        &[at.line]
    };
    for &n in lines_to_look_at {
        let line = line_at(n);
        if let Some((col, c)) = value_start(line)
            && SPECIAL_START.contains(&c)
        {
            return (pos(n, col), special_start_message(c, None));
        }
    }
    if here.contains(['“', '”']) && (info.contains("key") || info.contains("token")) {
        return (
            pos(at.line, 0),
            "curly quotes “ ” do not quote text in YAML: use straight quotes \"...\"".to_string(),
        );
    }
    if info.contains("mapping values are not allowed") {
        if let Some((col, c)) = second_colon(here) {
            let (key, value) = here.split_once(':').unwrap_or((here, ""));
            let _ = c;
            return (
                pos(at.line, col),
                format!(
                    "the `: ` inside this value makes YAML read a new key: put the whole value in quotes: `{}: \"{}\"`",
                    key.trim_start_matches([' ', '-']).trim(),
                    value.trim().replace('"', "\\\"")
                ),
            );
        }
        if let Some(n) = previous_line_without_colon(&lines, at.line) {
            return (pos(n, 0), missing_colon());
        }
    }
    if info.contains("expected ':'")
        || info.contains("did not find expected key")
        || info.contains("simple key")
        || info.contains("block collection")
    {
        // Noticed at the start of the next line, or on the line itself.
        let upto = if at.col > 0 { at.line + 1 } else { at.line };
        if let Some(n) = previous_line_without_colon(&lines, upto) {
            return (pos(n, 0), missing_colon());
        }
        return (
            pos(at.line, 0),
            "this line does not line up with the keys above it: check its indentation (keys at one level start in the same column)".to_string(),
        );
    }
    if let Some((line, col, open)) = unclosed_bracket(&lines, at.line) {
        let message = if open == '[' {
            "this list opened with `[` is not closed with `]`: check the brackets, and put in quotes any item that contains a comma or a colon"
        } else {
            "this group opened with `{` is not closed with `}`: check the braces, and put in quotes any text that contains a comma or a colon"
        };
        return (pos(line, col), message.to_string());
    }
    if info.contains("flow sequence") || info.contains("']'") {
        return (
            pos(at.line, at.col),
            "a list opened with `[` is not closed with `]`: check the brackets, and put in quotes any item that contains a comma or a colon".to_string(),
        );
    }
    if info.contains("flow mapping") || info.contains("'}'") {
        return (
            pos(at.line, at.col),
            "a group opened with `{` is not closed with `}`: check the braces, and put in quotes any text that contains a comma or a colon".to_string(),
        );
    }
    if info.contains("quoted scalar") {
        return (
            pos(at.line, at.col),
            "a quoted text is not closed: add the closing quote mark, and write a quote inside it as \\\" (or use the other kind of quotes around it)".to_string(),
        );
    }
    if info.contains("tab") {
        return (
            pos(at.line, at.col),
            "a tab cannot stand here: use spaces".to_string(),
        );
    }
    (
        pos(at.line, at.col),
        "this line cannot be read as YAML: check its indentation and its `key: value` form, and put in quotes any value that contains `: ` or ` #` or starts with one of * & ! % @ ` > |".to_string(),
    )
}

fn missing_colon() -> String {
    "this line has no `:` after its key: write `key: value`".to_string()
}

/// The message for a value that starts with a character YAML reserves,
/// seen at `at` (an anchor, alias or tag reported as a problem).
pub(crate) fn special_start(chars: &[char], at: Pos, tag: Option<&str>) -> String {
    let c = chars.get(at.index).copied().unwrap_or('&');
    special_start_message(c, tag)
}

fn special_start_message(c: char, tag: Option<&str>) -> String {
    let what = match c {
        '*' => "makes YAML look for a value named earlier (an alias)",
        '&' => "gives the value a name for YAML (an anchor)",
        '!' => "is read as a YAML type tag",
        '>' | '|' => "starts a block of text on the lines below",
        _ => "cannot start a value in YAML",
    };
    let shown = tag.map_or_else(|| c.to_string(), str::to_string);
    format!("a value starting with `{shown}` {what}: put the whole value in quotes, \"...\"")
}

/// The column of a tab in the indentation of `line`.
fn indentation_tab(line: &str) -> Option<usize> {
    line.chars()
        .take_while(|c| c.is_whitespace())
        .position(|c| c == '\t')
}

/// Where the value of a `key: value` or `- value` line starts, and its
/// first character.
fn value_start(line: &str) -> Option<(usize, char)> {
    let trimmed = line.trim_start();
    if trimmed.starts_with('#') {
        return None;
    }
    let offset = if let Some(rest) = trimmed.strip_prefix("- ") {
        line.len() - rest.trim_start().len()
    } else {
        let (key, _) = line.split_once(": ")?;
        if key.trim_start().starts_with(['"', '\'']) {
            return None;
        }
        let rest = &line[key.len() + 2..];
        line.len() - rest.trim_start().len()
    };
    let c = line[offset..].chars().next()?;
    Some((line[..offset].chars().count(), c))
}

/// The column of a second `: ` on a `key: value: more` line.
fn second_colon(line: &str) -> Option<(usize, char)> {
    let (key, rest) = line.split_once(": ")?;
    let at = rest
        .find(": ")
        .or_else(|| rest.strip_suffix(':').map(|r| r.len()))?;
    let byte = key.len() + 2 + at;
    Some((line[..byte].chars().count(), ':'))
}

/// The nearest non-empty line above `line` (1-based) that has no `:`.
fn previous_line_without_colon(lines: &[&str], line: usize) -> Option<usize> {
    (1..line)
        .rev()
        .take(3)
        .find(|n| {
            let l = lines.get(n - 1).map_or("", |l| l.trim());
            !l.is_empty() && !l.starts_with('#')
        })
        .filter(|n| {
            let l = lines[n - 1].trim();
            !l.contains(':') && !l.starts_with('-') && !l.starts_with(['[', '{', ']', '}'])
        })
}

/// The last `[` or `{` at or above `line` (1-based) that no bracket closes,
/// outside quotes: its line, column and character.
fn unclosed_bracket(lines: &[&str], line: usize) -> Option<(usize, usize, char)> {
    let mut open: Vec<(usize, usize, char)> = Vec::new();
    for (n, text) in lines.iter().enumerate().take(line) {
        // One pass, remembering the character before: lines may be long.
        let mut quote: Option<char> = None;
        let mut before: Option<char> = None;
        for (col, c) in text.chars().enumerate() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'')
                    if open.last().is_some()
                        || before.is_none_or(|b| matches!(b, ' ' | '[' | '{' | ',')) =>
                {
                    quote = Some(c)
                }
                (None, '#') if before.is_none_or(|b| b == ' ') => break,
                (None, '[' | '{') => open.push((n + 1, col, c)),
                (None, ']' | '}') => {
                    open.pop();
                }
                _ => {}
            }
            before = Some(c);
        }
    }
    open.pop()
}
