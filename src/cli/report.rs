//! How a run's errors and warnings are printed: for a person in a
//! terminal (`human`, coloured when it is one), one JSON object per line
//! (`json`), GitHub and Forgejo workflow commands that show each mistake
//! on its line of the changed file (`github`), or a GitLab Code Quality
//! report (`gitlab`). Paths are made relative to the repository root, as
//! the git hosts want them.

use crate::error::{Diagnostics, Error, Location, Warning};
use clap::ValueEnum;
use sha2::Digest;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum MessageFormat {
    #[default]
    Human,
    Json,
    Github,
    Gitlab,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Severity {
    Error,
    Warning,
    Note,
}

impl Severity {
    fn word(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One diagnostic, flattened for the machine formats.
struct Item {
    severity: Severity,
    path: String,
    line: usize,
    column: usize,
    kind: &'static str,
    message: String,
}

fn use_colour() -> bool {
    std::env::var_os("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

pub fn paint(code: &str, text: &str) -> String {
    if use_colour() {
        format!("\x1b[{code}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

pub fn warning_lines(warnings: &[Warning]) -> String {
    warnings
        .iter()
        .map(|w| format!("{} {w}\n", paint("1;33", "warning:")))
        .collect()
}

pub fn note_lines(notes: &[Warning]) -> String {
    notes
        .iter()
        .map(|n| format!("{} {n}\n", paint("1;36", "note:")))
        .collect()
}

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Every error and warning, then a closing count: what a build that
/// failed prints, in the terminal and in `serve`'s overlay.
pub fn human(diagnostics: &mut Diagnostics) -> String {
    diagnostics.sort();
    let mut text = note_lines(&diagnostics.notes);
    text.push_str(&warning_lines(&diagnostics.warnings));
    for e in &diagnostics.errors {
        text.push_str(&format!("{} {e}\n", paint("1;31", "error:")));
    }
    text.push_str(&count(diagnostics));
    text
}

/// "3 errors in 2 files, 1 warning".
pub fn count(diagnostics: &Diagnostics) -> String {
    let files: std::collections::BTreeSet<_> =
        diagnostics.errors.iter().filter_map(|e| e.file()).collect();
    let mut text = plural(diagnostics.errors.len(), "error", "errors");
    if !files.is_empty() {
        text.push_str(&format!(" in {}", plural(files.len(), "file", "files")));
    }
    if !diagnostics.warnings.is_empty() {
        let w = diagnostics.warnings.len();
        text.push_str(&format!(", {}", plural(w, "warning", "warnings")));
    }
    text
}

/// The folder of the git repository around `site`, and `site`'s path
/// inside it: annotations name files from the repository root.
fn repository_prefix(site: &Path) -> PathBuf {
    let Ok(site) = site.canonicalize() else {
        return PathBuf::new();
    };
    let mut dir = site.as_path();
    loop {
        if dir.join(".git").exists() {
            return site
                .strip_prefix(dir)
                .unwrap_or(Path::new(""))
                .to_path_buf();
        }
        match dir.parent() {
            Some(parent) => dir = parent,
            None => return PathBuf::new(),
        }
    }
}

fn items(diagnostics: &Diagnostics, prefix: &Path) -> Vec<Item> {
    let place = |l: &Location| {
        let path = if l.path.is_absolute() {
            l.path.clone()
        } else {
            prefix.join(&l.path)
        };
        (path.to_string_lossy().replace('\\', "/"), l.line, l.column)
    };
    let mut out = Vec::new();
    for e in &diagnostics.errors {
        let (path, line, column) = match e {
            Error::Content { location, .. } => place(location),
            Error::Io { path, .. } | Error::Output { path, .. } => {
                place(&Location::file(path.clone()))
            }
        };
        let kind = match e {
            Error::Content { kind, .. } => kind.code(),
            Error::Io { .. } => "io",
            Error::Output { .. } => "output-folder",
        };
        let message = match e {
            Error::Content { kind, .. } => kind.to_string(),
            other => other.to_string(),
        };
        out.push(Item {
            severity: Severity::Error,
            path,
            line,
            column,
            kind,
            message,
        });
    }
    for (severity, list) in [
        (Severity::Warning, &diagnostics.warnings),
        (Severity::Note, &diagnostics.notes),
    ] {
        for w in list {
            let (path, line, column) = place(&w.location);
            out.push(Item {
                severity,
                path,
                line,
                column,
                kind: severity.word(),
                message: w.message.clone(),
            });
        }
    }
    out
}

/// GitHub's escaping of workflow command data and properties.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// The diagnostics in a machine format, for standard output.
pub fn machine(format: MessageFormat, diagnostics: &mut Diagnostics, site: &Path) -> String {
    diagnostics.sort();
    let items = items(diagnostics, &repository_prefix(site));
    match format {
        MessageFormat::Human => human(diagnostics),
        MessageFormat::Json => items
            .iter()
            .map(|i| {
                let value = serde_json::json!({
                    "severity": i.severity.word(),
                    "file": i.path,
                    "line": i.line,
                    "column": i.column,
                    "kind": i.kind,
                    "message": i.message,
                });
                format!("{value}\n")
            })
            .collect(),
        MessageFormat::Github => items
            .iter()
            .map(|i| {
                let command = match i.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Note => "notice",
                };
                format!(
                    "::{command} file={},line={},col={},title={}::{}\n",
                    escape_property(&i.path),
                    i.line,
                    i.column,
                    escape_property(&format!("danvan {}", i.kind)),
                    escape_data(&i.message)
                )
            })
            .collect(),
        MessageFormat::Gitlab => {
            let report: Vec<serde_json::Value> = items
                .iter()
                .map(|i| {
                    let fingerprint = sha2::Sha256::digest(
                        format!("{}:{}:{}:{}", i.path, i.line, i.kind, i.message).as_bytes(),
                    );
                    serde_json::json!({
                        "description": i.message,
                        "check_name": i.kind,
                        "fingerprint": fingerprint.iter().map(|b| format!("{b:02x}")).collect::<String>(),
                        "severity": match i.severity {
                            Severity::Error => "major",
                            Severity::Warning => "minor",
                            Severity::Note => "info",
                        },
                        "location": {"path": i.path, "lines": {"begin": i.line}},
                    })
                })
                .collect();
            let mut text = serde_json::to_string_pretty(&report).unwrap_or_else(|_| "[]".into());
            text.push('\n');
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_commands_escape_what_would_cut_them() {
        assert_eq!(escape_property("a:b,c%"), "a%3Ab%2Cc%25");
        assert_eq!(escape_data("line\nnext: 50%"), "line%0Anext: 50%25");
    }
}
