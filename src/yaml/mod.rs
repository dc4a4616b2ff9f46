//! YAML with errors an editor can act on: the one seam between danvan and
//! its YAML parser (saphyr-parser). No parser type leaves this module.
//!
//! Reading a block goes: the text as written (a BOM, CRLF line ends and
//! non-breaking spaces pasted from Word dealt with) → a tree of nodes with
//! their positions ([`tree`]) → the Vietnamese-text traps found on it
//! ([`traps`]) → serde over the tree ([`de`]). A mistake in one value does
//! not stop the reading: the value is reported, left out, and the rest of
//! the block is read again, so that every mistake of a file shows in one
//! run. Every position comes from the parser's spans.

mod de;
mod messages;
mod number;
mod traps;
mod tree;
mod value;

pub use value::Value;

use crate::error::{Error, Location, Mistake, Warning};
use serde::de::{Deserialize, DeserializeOwned, Deserializer, MapAccess, Visitor};
use std::fmt;
use std::marker::PhantomData;
use std::path::Path;

/// A YAML block larger than this is not something an editor wrote.
pub const MAX_BYTES: usize = 8 * 1024 * 1024;
/// The largest figure read from YAML: beyond it floats lose whole units.
pub const MAX_FIGURE: f64 = number::LIMIT;
/// The name [`crate::date::Date`] asks for, to be read strictly.
pub const DATE: &str = de::DATE;

/// How many mistakes of one block are reported before giving up on it.
const MAX_MISTAKES: usize = 100;

/// Where a YAML block sits in its file.
#[derive(Debug, Clone, Copy)]
pub struct Block<'a> {
    pub path: &'a Path,
    pub text: &'a str,
    /// The file line of the block's first line (1-based).
    pub first_line: usize,
}

impl<'a> Block<'a> {
    /// A whole file as one block.
    pub fn file(path: &'a Path, text: &'a str) -> Block<'a> {
        Block {
            path,
            text,
            first_line: 1,
        }
    }
}

impl Block<'_> {
    /// The file location of block line `line` (1-based), column `col`
    /// (0-based, in characters).
    fn at(&self, line: usize, col: usize) -> Location {
        Location::new(self.path, line + self.first_line - 1, col + 1)
    }

    /// The start of the block.
    pub fn start(&self) -> Location {
        self.at(1, 0)
    }
}

/// What a block must hold.
#[derive(Debug, Clone, Copy, Default)]
pub struct Schema<'a> {
    /// The top-level keys allowed; `None` leaves it to the type.
    pub keys: Option<&'a [&'a str]>,
    /// The site's language codes, for text maps; empty accepts any.
    pub languages: &'a [&'a str],
}

/// A block read as `T`: the value (with the mistaken parts left out) if
/// one could be made, and every mistake and warning found.
#[derive(Debug)]
pub struct Parsed<T> {
    pub value: Option<T>,
    pub errors: Vec<Error>,
    pub warnings: Vec<Warning>,
}

impl<T> Parsed<T> {
    /// The value when the block had no mistake.
    pub fn into_result(self) -> Result<T, Vec<Error>> {
        match self.value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ => Err(self.errors),
        }
    }
}

/// A value and where it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanned<T> {
    pub value: T,
    pub location: Location,
}

impl<T> std::ops::Deref for Spanned<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SpannedVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
            type Value = Spanned<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a value with its place")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Spanned<T>, A::Error> {
                let mut path = String::new();
                let (mut line, mut column) = (1, 1);
                let mut value = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "$path" => path = map.next_value()?,
                        "$line" => line = map.next_value()?,
                        "$column" => column = map.next_value()?,
                        _ => value = Some(map.next_value()?),
                    }
                }
                let value = value.ok_or_else(|| serde::de::Error::missing_field("$value"))?;
                Ok(Spanned {
                    value,
                    location: Location::new(path, line, column),
                })
            }
        }
        deserializer.deserialize_struct(
            de::SPANNED,
            de::SPANNED_FIELDS,
            SpannedVisitor(PhantomData),
        )
    }
}

/// A key of a text given per language, checked against the site's
/// languages where it is written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct LanguageKey(pub String);

impl<'de> Deserialize<'de> for LanguageKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = LanguageKey;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a language code such as vi or en")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<LanguageKey, E> {
                Ok(LanguageKey(v.to_string()))
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<LanguageKey, D::Error> {
                d.deserialize_str(self)
            }
        }
        deserializer.deserialize_newtype_struct(de::LANGUAGE, KeyVisitor)
    }
}

/// Asks for a figure read strictly from its text (see `number`): types
/// that hold numbers deserialize through this.
pub fn deserialize_number<'de, D: Deserializer<'de>, V: Visitor<'de>>(
    deserializer: D,
    visitor: V,
) -> Result<V::Value, D::Error> {
    deserializer.deserialize_newtype_struct(de::NUMBER, visitor)
}

/// A figure read from text (a spreadsheet cell) by the rule of YAML
/// numbers: `1.520` and `92,5` are refused the same way.
pub fn figure(text: &str) -> Result<crate::number::Number, Mistake> {
    Ok(match number::read(text)? {
        number::Read::Int(i) => crate::number::Number::Int(i),
        number::Read::Float(f) => crate::number::Number::Float(f),
    })
}

/// `true`/`false` as editors write them: also yes/no and có/không.
pub fn yes_no(text: &str) -> Option<bool> {
    de::yes_no(text)
}

/// Replaces non-breaking and other odd spaces pasted from Word where YAML
/// needs an ordinary one (indentation, after `key:`), reporting each. One
/// character stands for one, so positions stay right.
fn ordinary_spaces(block: Block, text: &str) -> (String, Vec<Error>) {
    const ODD: &[char] = &['\u{a0}', '\u{2007}', '\u{202f}', '\u{3000}', '\u{feff}'];
    if !text.contains(ODD) {
        return (text.to_string(), Vec::new());
    }
    let mut errors = Vec::new();
    let mut out = String::with_capacity(text.len());
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let chars: Vec<char> = line.chars().collect();
        let indent = chars
            .iter()
            .take_while(|c| c.is_whitespace() && **c != '\n')
            .count();
        // The colon that ends the key: the first on the line, before any
        // quote (a colon inside quoted text is text).
        let key_colon = chars
            .iter()
            .take_while(|c| !matches!(c, '"' | '\''))
            .position(|c| *c == ':');
        for (col, c) in chars.iter().enumerate() {
            let after_colon = key_colon.is_some_and(|k| col == k + 1);
            if ODD.contains(c) && (col < indent || after_colon) {
                let name = if *c == '\u{a0}' {
                    "a non-breaking space (often pasted from Word)".to_string()
                } else {
                    format!("an unusual space (U+{:04X})", *c as u32)
                };
                let place = if after_colon {
                    "after the `:`"
                } else {
                    "in the indentation"
                };
                errors.push(Error::mistake(
                    block.at(n + 1, col),
                    Mistake::Syntax {
                        message: format!(
                            "{name} stands {place} here: replace it with an ordinary space"
                        ),
                    },
                ));
                out.push(' ');
            } else {
                out.push(*c);
            }
        }
    }
    (out, errors)
}

/// Reads `block` as `T`, reporting every mistake it finds.
pub fn parse<T: DeserializeOwned>(block: Block, schema: Schema) -> Parsed<T> {
    let mut parsed = Parsed {
        value: None,
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    if block.text.len() > MAX_BYTES {
        parsed.errors.push(Error::mistake(
            block.start(),
            Mistake::Syntax {
                message: format!(
                    "this block of YAML is over {} MB: split it into smaller files",
                    MAX_BYTES / (1024 * 1024)
                ),
            },
        ));
        return parsed;
    }
    let text = block.text.strip_prefix('\u{feff}').unwrap_or(block.text);
    let (text, space_errors) = ordinary_spaces(block, text);
    parsed.errors.extend(space_errors);
    let (mut tree, problems) = match tree::build(&text) {
        Ok(built) => built,
        Err(problems) => {
            for p in problems {
                parsed
                    .errors
                    .push(Error::mistake(block.at(p.at.line, p.at.col), p.kind));
            }
            return parsed;
        }
    };
    for p in problems {
        parsed
            .errors
            .push(Error::mistake(block.at(p.at.line, p.at.col), p.kind));
    }
    if !matches!(tree.node(tree.root).kind, tree::Kind::Map { .. }) {
        parsed.errors.push(Error::mistake(
            block.start(),
            Mistake::Syntax {
                message: "expected `key: value` lines here".to_string(),
            },
        ));
        return parsed;
    }
    let chars: Vec<char> = text.chars().collect();
    let found = traps::check(&mut tree, &chars);
    let more = found.errors.len().saturating_sub(MAX_MISTAKES);
    for (at, kind) in found.errors.into_iter().take(MAX_MISTAKES) {
        parsed
            .errors
            .push(Error::mistake(block.at(at.line, at.col), kind));
    }
    if more > 0 {
        parsed.errors.push(Error::mistake(
            block.start(),
            Mistake::Syntax {
                message: format!(
                    "{more} more mistakes like these in this file are not listed: fix the ones above first"
                ),
            },
        ));
    }
    for (at, message) in found.warnings.into_iter().take(MAX_MISTAKES) {
        parsed.warnings.push(Warning {
            location: block.at(at.line, at.col),
            message,
        });
    }
    if let Some(keys) = schema.keys {
        for (k, _) in tree.entries(tree.root) {
            let Some((key, _)) = tree.scalar(k) else {
                continue;
            };
            if !keys.contains(&key) {
                let start = tree.node(k).start;
                parsed.errors.push(Error::mistake(
                    block.at(start.line, start.col),
                    Mistake::UnknownKey {
                        key: key.to_string(),
                        suggestion: crate::suggest::closest(key, keys).map(str::to_string),
                        known: keys.iter().map(|s| s.to_string()).collect(),
                    },
                ));
                tree.remove(k);
            }
        }
    }
    let path = block.path.to_string_lossy();
    // Mistaken values are left out one by one and the block read again.
    // A required key left out that way (or misspelt) is not reported a
    // second time as missing.
    for _ in 0..MAX_MISTAKES {
        let ctx = de::Ctx {
            tree: &tree,
            languages: schema.languages,
            path: &path,
            first_line: block.first_line,
        };
        match T::deserialize(de::De {
            ctx: &ctx,
            id: tree.root,
        }) {
            Ok(value) => {
                parsed.value = Some(value);
                break;
            }
            Err(e) => {
                let node = e.node.unwrap_or(tree.root);
                let consequence = matches!(&e.kind, Mistake::MissingKey { key, .. }
                    if tree.left_out_keys(node).any(|k| k == key || crate::suggest::closest(k, &[key]).is_some()));
                if !consequence {
                    let start = tree.node(node).start;
                    let kind = with_field(&tree, node, e.kind);
                    parsed
                        .errors
                        .push(Error::mistake(block.at(start.line, start.col), kind));
                }
                if !tree.remove(node) {
                    break;
                }
            }
        }
    }
    parsed
}

/// Names the key a value stands under in "must be one of" messages.
fn with_field(tree: &tree::Tree, node: tree::NodeId, kind: Mistake) -> Mistake {
    match kind {
        Mistake::BadValue {
            field: None,
            found,
            allowed,
            suggestion,
        } => Mistake::BadValue {
            field: tree
                .key_of(node)
                .filter(|k| *k != node)
                .and_then(|k| tree.scalar(k))
                .map(|(t, _)| t.to_string()),
            found,
            allowed,
            suggestion,
        },
        other => other,
    }
}

/// A block's tree kept for questions asked after reading, built once:
/// "was this key written?" about a value already read.
pub struct Index<'a> {
    block: Block<'a>,
    tree: Option<tree::Tree>,
}

impl<'a> Index<'a> {
    pub fn new(block: Block<'a>) -> Self {
        let text = block.text.strip_prefix('\u{feff}').unwrap_or(block.text);
        let (text, _) = ordinary_spaces(block, text);
        let tree = tree::build(&text).ok().map(|(t, _)| t);
        Index { block, tree }
    }

    /// Whether the map that holds the value written at `location` (a
    /// [`Spanned`] value's place) also has `key` written in it, even where
    /// reading left that key out after a mistake.
    pub fn key_beside(&self, location: &Location, key: &str) -> bool {
        let Some(tree) = &self.tree else {
            return false;
        };
        let line = (location.line + 1).saturating_sub(self.block.first_line);
        let col = location.column.saturating_sub(1);
        let Some(node) = (0..tree.nodes.len())
            .find(|&id| tree.node(id).start.line == line && tree.node(id).start.col == col)
        else {
            return false;
        };
        let Some(map) = tree.node(node).parent else {
            return false;
        };
        match &tree.node(map).kind {
            tree::Kind::Map { entries } => entries
                .iter()
                .any(|(k, _)| tree.scalar(*k).is_some_and(|(t, _)| t == key)),
            _ => false,
        }
    }
}

/// Whether `errors` name an unknown key that is a misspelling of `key`: a
/// required key is then not reported again as missing.
pub fn misspelt(errors: &[Error], key: &str) -> bool {
    errors.iter().any(|e| {
        matches!(e.mistake_kind(), Some(Mistake::UnknownKey { suggestion: Some(s), .. }) if s == key)
    })
}

/// The place of the value at `path` (map keys, or list positions as
/// numbers) in `block`, for checks made after reading: the key's place for
/// a path ending in a key. The nearest place found on the way when the
/// path does not lead all the way.
pub fn locate(block: Block, path: &[&str]) -> Location {
    walk(block, path).0
}

/// The place of `path` in `block`, if it is there.
pub fn find(block: Block, path: &[&str]) -> Option<Location> {
    match walk(block, path) {
        (location, true) => Some(location),
        _ => None,
    }
}

fn walk(block: Block, path: &[&str]) -> (Location, bool) {
    let text = block.text.strip_prefix('\u{feff}').unwrap_or(block.text);
    let (text, _) = ordinary_spaces(block, text);
    let Ok((tree, _)) = tree::build(&text) else {
        return (block.start(), false);
    };
    let mut at = tree.root;
    let mut complete = true;
    for (n, step) in path.iter().enumerate() {
        let last = n + 1 == path.len();
        let next = match step.parse::<usize>() {
            Ok(i) => tree.items(at).get(i).copied(),
            Err(_) => tree
                .entries(at)
                .into_iter()
                .find(|(k, _)| tree.scalar(*k).is_some_and(|(t, _)| t == *step))
                .map(|(k, v)| if last { k } else { v }),
        };
        match next {
            Some(n) => at = n,
            None => {
                complete = false;
                break;
            }
        }
    }
    if at == tree.root {
        return (block.start(), complete && path.is_empty());
    }
    let start = tree.node(at).start;
    (block.at(start.line, start.col), complete)
}

#[cfg(test)]
mod tests;
