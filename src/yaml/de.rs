//! serde over the tree. Every error is tied to the node it is about, so it
//! gets that node's line and column; values are read the way editors
//! write them (`draft: "false"` and `year: "2024"` are a boolean and a
//! number), and numbers are read strictly from the text as typed, so
//! `1.520`, `92,5` and `85%` are caught instead of read as something else.

use super::tree::{Kind, NodeId, Style, Tree};
use crate::error::Mistake;
use serde::de::{self, DeserializeSeed, Visitor};
use std::fmt;

/// Names a type can pass to `deserialize_newtype_struct` or
/// `deserialize_struct` to ask this deserializer for more than serde's
/// data model carries. Any other deserializer just sees a newtype.
pub(crate) const SPANNED: &str = "$danvan::Spanned";
pub(crate) const SPANNED_FIELDS: &[&str] = &["$path", "$line", "$column", "$value"];
pub(crate) const NUMBER: &str = "$danvan::Number";
pub(crate) const LANGUAGE: &str = "$danvan::Language";
pub(crate) const DATE: &str = "$danvan::Date";

/// A deserialization error and the node it is about.
#[derive(Debug)]
pub(crate) struct DeError {
    pub kind: Mistake,
    pub node: Option<NodeId>,
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.kind.fmt(f)
    }
}

impl std::error::Error for DeError {}

impl DeError {
    fn new(kind: Mistake) -> Self {
        DeError { kind, node: None }
    }
}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        DeError::new(Mistake::Invalid {
            message: msg.to_string(),
        })
    }

    fn invalid_type(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        DeError::new(Mistake::WrongType {
            expected: plain_expected(&exp.to_string()),
            found: plain_unexpected(&unexp),
        })
    }

    fn invalid_value(unexp: de::Unexpected, exp: &dyn de::Expected) -> Self {
        Self::invalid_type(unexp, exp)
    }

    fn unknown_variant(variant: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(Mistake::BadValue {
            field: None,
            found: crate::suggest::shorten(variant),
            allowed: expected.iter().map(|s| s.to_string()).collect(),
            suggestion: crate::suggest::closest(variant, expected).map(str::to_string),
        })
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        DeError::new(Mistake::UnknownKey {
            key: field.to_string(),
            suggestion: crate::suggest::closest(field, expected).map(str::to_string),
            known: expected.iter().map(|s| s.to_string()).collect(),
        })
    }

    fn missing_field(field: &'static str) -> Self {
        DeError::new(Mistake::MissingKey {
            key: field.to_string(),
            hint: String::new(),
        })
    }

    fn duplicate_field(field: &'static str) -> Self {
        DeError::new(Mistake::Syntax {
            message: format!("`{field}` is written twice here: keep one"),
        })
    }
}

/// serde's words for what it wanted, in an editor's words.
fn plain_expected(serde_words: &str) -> String {
    match serde_words {
        "a boolean" => "`true` or `false`".to_string(),
        "a string" | "a character" => "a text".to_string(),
        "a sequence" => {
            "a list: `[first, second]`, or one item per line starting with `- `".to_string()
        }
        "a map" => "`key: value` lines indented under this key".to_string(),
        w if w.starts_with("struct ") => "`key: value` lines indented under this key".to_string(),
        w if w.starts_with('i') || w.starts_with('u') => "a whole number, such as 2024".to_string(),
        w => w.to_string(),
    }
}

fn plain_unexpected(unexp: &de::Unexpected) -> String {
    use de::Unexpected as U;
    match unexp {
        U::Str(s) => format!("the text \"{}\"", crate::suggest::shorten(s)),
        U::Bool(b) => format!("`{b}`"),
        U::Unsigned(n) => format!("the number {n}"),
        U::Signed(n) => format!("the number {n}"),
        U::Float(n) => format!("the number {n}"),
        U::Seq => "a list".to_string(),
        U::Map => "`key: value` lines".to_string(),
        U::Unit | U::Option => "nothing".to_string(),
        other => other.to_string(),
    }
}

/// What the deserializer needs besides the tree.
pub(crate) struct Ctx<'t> {
    pub tree: &'t Tree,
    /// The site's language codes, for `{vi: .., en: ..}` keys; empty
    /// accepts any.
    pub languages: &'t [&'t str],
    /// For [`SPANNED`]: the file and the file line of the block's line 1.
    pub path: &'t str,
    pub first_line: usize,
}

#[derive(Clone, Copy)]
pub(crate) struct De<'a, 't> {
    pub ctx: &'a Ctx<'t>,
    pub id: NodeId,
}

impl<'a, 't> De<'a, 't> {
    fn err(&self, kind: Mistake) -> DeError {
        DeError {
            kind,
            node: Some(self.id),
        }
    }

    fn here<T>(&self, result: Result<T, DeError>) -> Result<T, DeError> {
        result.map_err(|mut e| {
            e.node.get_or_insert(self.id);
            e
        })
    }

    fn scalar(&self) -> Option<(&'t str, Style)> {
        self.ctx.tree.scalar(self.id)
    }

    fn is_null(&self) -> bool {
        matches!(self.scalar(), Some((t, Style::Plain)) if matches!(t, "" | "~" | "null" | "Null" | "NULL"))
    }

    fn found(&self) -> String {
        match &self.ctx.tree.node(self.id).kind {
            Kind::Scalar { text, .. } if text.is_empty() => "nothing".to_string(),
            Kind::Scalar { text, .. } => format!("`{}`", crate::suggest::shorten(text)),
            Kind::Seq { .. } => "a list".to_string(),
            Kind::Map { .. } => "`key: value` lines".to_string(),
        }
    }

    fn wrong(&self, expected: &str) -> DeError {
        self.err(Mistake::WrongType {
            expected: expected.to_string(),
            found: self.found(),
        })
    }

    fn visit_map<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let entries = self.ctx.tree.entries(self.id);
        self.here(visitor.visit_map(MapDe {
            ctx: self.ctx,
            entries,
            at: 0,
        }))
    }

    fn visit_seq<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let items = self.ctx.tree.items(self.id);
        self.here(visitor.visit_seq(SeqDe {
            ctx: self.ctx,
            items,
            at: 0,
        }))
    }

    /// A figure, read strictly from its text.
    fn number<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let Some((text, _)) = self.scalar() else {
            return Err(self.wrong("a plain number such as 1520 or 92.5"));
        };
        if let Some(b) = yes_no(text) {
            return self.here(visitor.visit_bool(b));
        }
        match super::number::read(text) {
            Ok(super::number::Read::Int(i)) => self.here(visitor.visit_i64(i)),
            Ok(super::number::Read::Float(f)) => self.here(visitor.visit_f64(f)),
            Err(kind) => Err(self.err(kind)),
        }
    }

    /// A language code as a key of a text map.
    fn language<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let Some((code, _)) = self.scalar() else {
            return Err(self.wrong("a language code such as vi or en"));
        };
        let languages = self.ctx.languages;
        let code_like =
            (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphabetic());
        if code_like {
            if languages.is_empty() || languages.contains(&code) {
                return self.here(visitor.visit_str(code));
            }
            let lower = code.to_ascii_lowercase();
            return Err(self.err(Mistake::UnknownLanguage {
                code: code.to_string(),
                suggestion: crate::suggest::closest(&lower, languages).map(str::to_string),
                languages: languages.iter().map(|s| s.to_string()).collect(),
            }));
        }
        // `- Lưu: VT, Ban Tổ chức`: a colon inside text made a key of it.
        let value = self
            .ctx
            .tree
            .value_of(self.id)
            .and_then(|v| self.ctx.tree.scalar(v))
            .map_or("", |(t, _)| t);
        let whole = format!("{code}: {value}").replace('"', "\\\"");
        Err(self.err(Mistake::Syntax {
            message: format!(
                "the `: ` after `{code}` makes YAML read a key and a value here, not one text: put the whole text in quotes: \"{whole}\""
            ),
        }))
    }

    fn integer(&self) -> Result<i128, DeError> {
        let Some((text, _)) = self.scalar() else {
            return Err(self.wrong("a whole number, such as 2024"));
        };
        let t = text.trim();
        let t = t.strip_prefix('+').unwrap_or(t);
        if let Ok(i) = t.parse::<i128>() {
            return Ok(i);
        }
        match super::number::read(t) {
            Ok(super::number::Read::Float(f)) if f.fract() == 0.0 => Ok(f as i128),
            Err(kind @ Mistake::BadNumber { .. })
                if !text.trim().is_empty()
                    && text.trim().starts_with(|c: char| c.is_ascii_digit()) =>
            {
                Err(self.err(kind))
            }
            _ => Err(self.wrong("a whole number, such as 2024")),
        }
    }
}

/// `true`/`false` as editors write them: also yes/no and có/không.
pub(crate) fn yes_no(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "yes" | "có" | "co" => Some(true),
        "false" | "no" | "không" | "khong" => Some(false),
        _ => None,
    }
}

/// YAML 1.2 core schema: what a plain scalar stands for.
enum Plain<'s> {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Text(&'s str),
}

fn resolve(text: &str) -> Plain<'_> {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        _ => {}
    }
    let digits = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        if let Ok(i) = text.parse::<i64>() {
            return Plain::Int(i);
        }
        return Plain::Text(text);
    }
    let float_like = digits
        .bytes()
        .all(|b| b.is_ascii_digit() || b"eE.+-".contains(&b))
        && digits.bytes().any(|b| b.is_ascii_digit())
        && !digits.starts_with(['e', 'E']);
    if float_like && let Ok(f) = text.parse::<f64>() {
        return Plain::Float(f);
    }
    Plain::Text(text)
}

macro_rules! integer_methods {
    ($($method:ident => $visit:ident as $ty:ty),* $(,)?) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
                let i = self.integer()?;
                let v = <$ty>::try_from(i).map_err(|_| {
                    self.err(Mistake::BadNumber {
                        found: i.to_string(),
                        reason: if i < 0 { "cannot be negative here".to_string() } else { "is too large here".to_string() },
                    })
                })?;
                self.here(visitor.$visit(v.into()))
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for De<'_, '_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.ctx.tree.node(self.id).kind {
            Kind::Scalar { text, style } => {
                if *style != Style::Plain {
                    return self.here(visitor.visit_str(text));
                }
                match resolve(text) {
                    Plain::Null => self.here(visitor.visit_unit()),
                    Plain::Bool(b) => self.here(visitor.visit_bool(b)),
                    Plain::Int(i) => self.here(visitor.visit_i64(i)),
                    Plain::Float(f) => self.here(visitor.visit_f64(f)),
                    Plain::Text(t) => self.here(visitor.visit_str(t)),
                }
            }
            Kind::Seq { .. } => self.visit_seq(visitor),
            Kind::Map { .. } => self.visit_map(visitor),
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.scalar().and_then(|(t, _)| yes_no(t)) {
            Some(b) => self.here(visitor.visit_bool(b)),
            None => Err(self.wrong("`true` or `false`")),
        }
    }

    integer_methods! {
        deserialize_i8 => visit_i64 as i8,
        deserialize_i16 => visit_i64 as i16,
        deserialize_i32 => visit_i64 as i32,
        deserialize_i64 => visit_i64 as i64,
        deserialize_u8 => visit_u64 as u8,
        deserialize_u16 => visit_u64 as u16,
        deserialize_u32 => visit_u64 as u32,
        deserialize_u64 => visit_u64 as u64,
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.number(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.scalar() {
            Some((text, _)) => self.here(visitor.visit_str(text)),
            None => Err(self.wrong("a text")),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.is_null() {
            self.here(visitor.visit_none())
        } else {
            self.here(visitor.visit_some(self))
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.here(visitor.visit_unit())
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_unit(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match name {
            NUMBER => self.number(visitor),
            LANGUAGE => self.language(visitor),
            DATE => match self.scalar() {
                Some((text, _)) => match crate::date::Date::read(text) {
                    Ok(_) => self.here(visitor.visit_str(text)),
                    Err(reason) => Err(self.err(Mistake::BadDate {
                        found: text.to_string(),
                        reason,
                    })),
                },
                None => Err(self.wrong("a date such as 2024-06-30")),
            },
            _ => self.here(visitor.visit_newtype_struct(self)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.ctx.tree.node(self.id).kind {
            Kind::Seq { .. } => self.visit_seq(visitor),
            _ if self.is_null() => self.visit_seq(visitor),
            _ => {
                Err(self
                    .wrong("a list: `[first, second]`, or one item per line starting with `- `"))
            }
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, DeError> {
        self.deserialize_seq(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match &self.ctx.tree.node(self.id).kind {
            Kind::Map { .. } => self.visit_map(visitor),
            _ if self.is_null() => self.visit_map(visitor),
            _ => Err(self.wrong("`key: value` lines indented under this key")),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        if name == SPANNED {
            return self.here(visitor.visit_map(SpannedDe { de: self, at: 0 }));
        }
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DeError> {
        match self.scalar() {
            Some((text, _)) if !text.is_empty() => {
                self.here(visitor.visit_enum(de::value::StrDeserializer::new(text)))
            }
            _ => Err(self.wrong(&format!("one of {}", variants.join(", ")))),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.here(visitor.visit_unit())
    }
}

struct MapDe<'a, 't> {
    ctx: &'a Ctx<'t>,
    entries: Vec<(NodeId, NodeId)>,
    at: usize,
}

impl<'de> de::MapAccess<'de> for MapDe<'_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some(&(key, _)) = self.entries.get(self.at) else {
            return Ok(None);
        };
        seed.deserialize(De {
            ctx: self.ctx,
            id: key,
        })
        .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let (_, value) = self.entries[self.at];
        self.at += 1;
        seed.deserialize(De {
            ctx: self.ctx,
            id: value,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.at)
    }
}

struct SeqDe<'a, 't> {
    ctx: &'a Ctx<'t>,
    items: Vec<NodeId>,
    at: usize,
}

impl<'de> de::SeqAccess<'de> for SeqDe<'_, '_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(&item) = self.items.get(self.at) else {
            return Ok(None);
        };
        self.at += 1;
        seed.deserialize(De {
            ctx: self.ctx,
            id: item,
        })
        .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.at)
    }
}

/// Hands a [`super::Spanned`] its file, line and column, then its value.
struct SpannedDe<'a, 't> {
    de: De<'a, 't>,
    at: usize,
}

impl<'de> de::MapAccess<'de> for SpannedDe<'_, '_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some(name) = SPANNED_FIELDS.get(self.at) else {
            return Ok(None);
        };
        seed.deserialize(de::value::StrDeserializer::<DeError>::new(name))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let start = self.de.ctx.tree.node(self.de.id).start;
        let field = self.at;
        self.at += 1;
        match field {
            0 => seed.deserialize(de::value::StrDeserializer::<DeError>::new(self.de.ctx.path)),
            1 => seed.deserialize(de::value::U64Deserializer::<DeError>::new(
                (start.line + self.de.ctx.first_line - 1) as u64,
            )),
            2 => seed.deserialize(de::value::U64Deserializer::<DeError>::new(
                start.col as u64 + 1,
            )),
            _ => seed.deserialize(self.de),
        }
    }
}
