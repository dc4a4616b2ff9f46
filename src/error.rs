//! Errors and positions. Every error caused by site input carries a
//! [`Location`] (file, 1-based line and column) and prints as
//! `path:line:column: message`, so an editor can jump to it. [`Diagnostics`]
//! gathers every error and warning of a run, so the CLI reports them all at
//! once instead of stopping at the first.

use std::fmt;
use std::path::{Path, PathBuf};

/// A place in a site file, 1-based like every editor counts.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Location {
    pub path: PathBuf,
    pub line: usize,
    pub column: usize,
}

impl Location {
    pub fn new(path: impl Into<PathBuf>, line: usize, column: usize) -> Self {
        Location {
            path: path.into(),
            line: line.max(1),
            column: column.max(1),
        }
    }

    /// The start of a file, for errors about the file as a whole.
    pub fn file(path: impl Into<PathBuf>) -> Self {
        Location::new(path, 1, 1)
    }

    /// The location of byte `offset` in `text`, whose first line is line
    /// `first_line` of the file at `path`.
    pub fn at_offset(path: &Path, text: &str, offset: usize, first_line: usize) -> Self {
        let (line, column) = line_column(text, offset);
        Location::new(path, line + first_line - 1, column)
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.column)
    }
}

/// Where each line of a text starts, for turning many byte offsets into
/// lines and columns without rescanning the text for each (a page with
/// 20,000 headings has 20,000 of them).
#[derive(Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    /// 1-based line and column (in characters) of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset.min(self.text.len()));
        let line = self.starts.partition_point(|s| *s <= offset);
        let start = self.starts[line - 1];
        (line, self.text[start..offset].chars().count() + 1)
    }

    /// The location of byte `offset`, the text being at `first_line` of
    /// the file at `path`.
    pub fn location(&self, path: &Path, offset: usize, first_line: usize) -> Location {
        let (line, column) = self.line_column(offset);
        Location::new(path, line + first_line - 1, column)
    }
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset.min(text.len()));
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Everything that can go wrong in a danvan run.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A mistake in the site's content, config or theme, at a known place.
    #[error("{location}: {kind}")]
    Content {
        location: Location,
        kind: Box<Mistake>,
    },

    /// Reading or writing a file failed.
    #[error("{}: {action}: {source}", path.display())]
    Io {
        path: PathBuf,
        action: &'static str,
        #[source]
        source: std::io::Error,
    },

    /// The output folder cannot be used safely.
    #[error("{}: {message}", path.display())]
    Output { path: PathBuf, message: String },
}

/// What is wrong with an editor's input, in kinds a test (or a tool) can
/// match. Each prints as plain words with the fix.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Mistake {
    /// A key no one reads: a typo, or a custom field outside `extra:`.
    #[error("unknown key `{key}`{}", match suggestion {
        Some(s) => format!(" (did you mean `{s}`?)"),
        None if known.is_empty() => String::new(),
        None => format!("; the keys here are {}; put custom fields under `extra:`", known.join(", ")),
    })]
    UnknownKey {
        key: String,
        suggestion: Option<String>,
        known: Vec<String>,
    },

    /// A value outside a fixed list (`status: inforce`).
    #[error("{}must be one of {}; found `{found}`{}",
        field.as_ref().map(|f| format!("`{f}` ")).unwrap_or_default(),
        allowed.join(", "),
        suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default())]
    BadValue {
        field: Option<String>,
        found: String,
        allowed: Vec<String>,
        suggestion: Option<String>,
    },

    /// A date that is not a day of the calendar, or not written `YYYY-MM-DD`.
    #[error("`{found}` is not a date: {reason}")]
    BadDate { found: String, reason: String },

    /// A number written the way a person writes it, not a machine
    /// (`1.520`, `92,5`, `85%`), or one out of range.
    #[error("`{found}` {reason}")]
    BadNumber { found: String, reason: String },

    /// A value of the wrong shape: text where a list is wanted, and so on.
    #[error("write {expected} here; found {found}")]
    WrongType { expected: String, found: String },

    /// A required key is missing.
    #[error("`{key}` is required{}", if hint.is_empty() { " here".to_string() } else { format!(": {hint}") })]
    MissingKey { key: String, hint: String },

    /// A text names a language the site does not have (`{vi: .., eng: ..}`).
    #[error("`{code}` is not a language of the site{}; the languages are {}",
        suggestion.as_ref().map(|s| format!(" (did you mean `{s}`?)")).unwrap_or_default(),
        languages.join(", "))]
    UnknownLanguage {
        code: String,
        suggestion: Option<String>,
        languages: Vec<String>,
    },

    /// YAML that cannot be read, or that reads other than the editor
    /// meant (a comma, colon or `#` inside unquoted text), with the fix.
    #[error("{message}")]
    Syntax { message: String },

    /// Any other rule of the site, in plain words.
    #[error("{message}")]
    Invalid { message: String },
}

impl Mistake {
    /// A short name of the kind, for machine-readable reports.
    pub fn code(&self) -> &'static str {
        match self {
            Mistake::UnknownKey { .. } => "unknown-key",
            Mistake::BadValue { .. } => "bad-value",
            Mistake::BadDate { .. } => "bad-date",
            Mistake::BadNumber { .. } => "bad-number",
            Mistake::WrongType { .. } => "wrong-type",
            Mistake::MissingKey { .. } => "missing-key",
            Mistake::UnknownLanguage { .. } => "unknown-language",
            Mistake::Syntax { .. } => "yaml",
            Mistake::Invalid { .. } => "content",
        }
    }
}

impl Error {
    pub fn content(location: Location, message: impl Into<String>) -> Self {
        Error::mistake(
            location,
            Mistake::Invalid {
                message: message.into(),
            },
        )
    }

    pub fn mistake(location: Location, kind: Mistake) -> Self {
        Error::Content {
            location,
            kind: Box::new(kind),
        }
    }

    pub fn io(path: &Path, action: &'static str, source: std::io::Error) -> Self {
        Error::Io {
            path: path.to_path_buf(),
            action,
            source,
        }
    }

    /// What is wrong, for an error about the site's input.
    pub fn mistake_kind(&self) -> Option<&Mistake> {
        match self {
            Error::Content { kind, .. } => Some(kind),
            _ => None,
        }
    }

    /// The location for sorting and for tests; `None` for errors not tied
    /// to a content position.
    pub fn location(&self) -> Option<&Location> {
        match self {
            Error::Content { location, .. } => Some(location),
            _ => None,
        }
    }

    /// The file the error is about, for the "in M files" count.
    pub fn file(&self) -> Option<&Path> {
        match self {
            Error::Content { location, .. } => Some(&location.path),
            Error::Io { path, .. } | Error::Output { path, .. } => Some(path),
        }
    }
}

/// A problem that does not stop the build but deserves the editor's eye.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Warning {
    pub location: Location,
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// All errors and warnings of one run.
#[derive(Debug, Default)]
pub struct Diagnostics {
    pub errors: Vec<Error>,
    pub warnings: Vec<Warning>,
    /// Reports that are not problems, such as a missing translation.
    pub notes: Vec<Warning>,
}

impl Diagnostics {
    pub fn push(&mut self, error: Error) {
        self.errors.push(error);
    }

    pub fn warn(&mut self, location: Location, message: impl Into<String>) {
        self.warnings.push(Warning {
            location,
            message: message.into(),
        });
    }

    pub fn note(&mut self, location: Location, message: impl Into<String>) {
        self.notes.push(Warning {
            location,
            message: message.into(),
        });
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.errors.extend(other.errors);
        self.warnings.extend(other.warnings);
        self.notes.extend(other.notes);
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    /// Orders errors by file and position so that reports read top to
    /// bottom and are the same from run to run, whatever the thread order.
    pub fn sort(&mut self) {
        self.errors.sort_by(|a, b| {
            a.location()
                .cmp(&b.location())
                .then_with(|| a.to_string().cmp(&b.to_string()))
        });
        self.errors.dedup_by(|a, b| a.to_string() == b.to_string());
        self.warnings.sort();
        self.warnings.dedup();
        self.notes.sort();
        self.notes.dedup();
    }
}

impl From<Error> for Diagnostics {
    fn from(error: Error) -> Self {
        Diagnostics {
            errors: vec![error],
            ..Diagnostics::default()
        }
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for error in &self.errors {
            writeln!(f, "error: {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Diagnostics {}

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "a: 1\ntiêu đề: x\n";
        let offset = text.find('x').unwrap();
        assert_eq!(line_column(text, offset), (2, 10));
        assert_eq!(line_column(text, 0), (1, 1));
    }

    #[test]
    fn the_line_index_agrees_with_a_scan() {
        let text = "a: 1\ntiêu đề: x\n\nđoàn viên\n";
        let index = LineIndex::new(text);
        for offset in 0..=text.len() {
            assert_eq!(
                index.line_column(offset),
                line_column(text, offset),
                "{offset}"
            );
        }
    }

    #[test]
    fn location_prints_like_a_compiler() {
        let loc = Location::new("content/a.md", 7, 1);
        assert_eq!(loc.to_string(), "content/a.md:7:1");
    }
}
