//! Front matter: the YAML block between `---` lines at the top of a
//! Markdown file, split from the body with line numbers kept, and the typed
//! fields of every kind of page (SPEC §3).

use crate::date::Date;
use crate::error::{Error, Location};
use crate::i18n::Text;
use serde::Deserialize;
use std::path::Path;

/// A Markdown file cut in two.
#[derive(Debug)]
pub struct Split<'a> {
    /// The YAML text, without the `---` lines.
    pub yaml: &'a str,
    /// File line of the YAML's first line.
    pub yaml_line: usize,
    pub body: &'a str,
    /// File line of the body's first line.
    pub body_line: usize,
}

/// Splits `text` into front matter and body. A file must open with `---`:
/// every page needs at least a title.
pub fn split<'a>(path: &Path, text: &'a str) -> Result<Split<'a>, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let first = text.lines().next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Error::content(
            Location::file(path),
            "the file must start with front matter: a line `---`, then `title: ...`, then `---`",
        ));
    }
    let yaml_start = text.find('\n').map_or(text.len(), |i| i + 1);
    let mut offset = yaml_start;
    for (line_no, line) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        if line.trim_end() == "---" {
            let body_start = offset + line.len();
            check_stray_end(path, &text[body_start..], line_no)?;
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(Error::content(
        Location::file(path),
        "the front matter opened by `---` on line 1 is never closed: add a line `---` after its last key",
    ))
}

/// A `---` line in the middle of the front matter ends it early: the keys
/// after it would become body text. Caught when the body starts with
/// `key: value` lines followed by another `---`.
fn check_stray_end(path: &Path, body: &str, end_line: usize) -> Result<(), Error> {
    let mut lines = body.lines().filter(|l| !l.trim().is_empty());
    let Some(first) = lines.next() else {
        return Ok(());
    };
    let looks_like_key = |l: &str| {
        l.split_once(':').is_some_and(|(k, _)| {
            !k.is_empty() && k.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
        })
    };
    if looks_like_key(first) && body.lines().any(|l| l.trim_end() == "---") {
        return Err(Error::content(
            Location::new(path, end_line, 1),
            "this `---` ends the front matter, but key lines follow it and another `---` comes later: remove the extra `---`",
        ));
    }
    Ok(())
}

/// Keys every page takes.
pub const PAGE_KEYS: &[&str] = &[
    "title", "date", "updated", "slug", "summary", "draft", "tags", "image", "weight", "extra",
];
/// Keys only documents take, after [`PAGE_KEYS`].
pub const DOCUMENT_KEYS: &[&str] = &[
    "number",
    "type",
    "issuer",
    "parent_issuer",
    "place",
    "signer",
    "recipients",
    "attachments",
    "progress",
    "status",
];
/// Keys only stories take, after [`PAGE_KEYS`].
pub const STORY_KEYS: &[&str] = &["unit", "field", "year", "recognition", "results"];

/// Front matter of any page; which keys a file may use depends on its
/// folder and is checked before this is filled.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub title: Option<Text>,
    pub date: Option<Date>,
    pub updated: Option<Date>,
    pub slug: Option<String>,
    pub summary: Option<Text>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    pub image: Option<String>,
    pub weight: Option<i64>,
    pub extra: Option<crate::yaml::Value>,

    pub number: Option<String>,
    #[serde(rename = "type")]
    pub doc_type: Option<DocType>,
    pub issuer: Option<Text>,
    pub parent_issuer: Option<Text>,
    pub place: Option<Text>,
    pub signer: Option<Signer>,
    #[serde(default)]
    pub recipients: Vec<Text>,
    #[serde(default)]
    pub attachments: Vec<String>,
    pub progress: Option<String>,
    pub status: Option<Status>,

    pub unit: Option<Text>,
    pub field: Option<Field>,
    pub year: Option<i32>,
    pub recognition: Option<Recognition>,
    #[serde(default)]
    pub results: Vec<StoryResult>,
}

/// The signature block of a document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Signer {
    pub name: Text,
    pub position: Option<Text>,
    /// `TM. Ban Thường vụ`, `KT. Chủ tịch`...: the line above the position.
    pub capacity: Option<Text>,
}

/// A figure a story shows as a card.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StoryResult {
    pub label: Text,
    pub value: crate::number::Number,
}

macro_rules! slug_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $slug:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
        pub enum $name {
            $(#[serde(rename = $slug)] $variant),+
        }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The slug editors write, also used in URLs.
            pub fn slug(self) -> &'static str {
                match self { $($name::$variant => $slug),+ }
            }
            /// The UI-string key of its name, e.g. `doc_type_ke_hoach`.
            pub fn string_key(self, prefix: &str) -> String {
                format!("{prefix}_{}", self.slug().replace('-', "_"))
            }
        }
    };
}

slug_enum! {
    /// Document types of Decree 30/2020/NĐ-CP.
    DocType {
        Plan = "ke-hoach",
        Report = "bao-cao",
        Resolution = "nghi-quyet",
        Decision = "quyet-dinh",
        Directive = "chi-thi",
        Guidance = "huong-dan",
        Notice = "thong-bao",
        Programme = "chuong-trinh",
        Regulation = "quy-che",
        Rules = "quy-dinh",
        Submission = "to-trinh",
        Minutes = "bien-ban",
        OfficialLetter = "cong-van",
        Invitation = "giay-moi",
        Other = "other",
    }
}

slug_enum! {
    /// Whether a document still applies.
    Status { InForce = "in-force", Superseded = "superseded", Expired = "expired" }
}

slug_enum! {
    /// The field of a "Dân vận khéo" model.
    Field {
        Economy = "kinh-te",
        CultureSociety = "van-hoa-xa-hoi",
        DefenceSecurity = "quoc-phong-an-ninh",
        PoliticalSystem = "xay-dung-he-thong-chinh-tri",
    }
}

slug_enum! {
    /// The level at which a model was recognised.
    Recognition { Grassroots = "co-so", District = "huyen", Province = "tinh", National = "trung-uong" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_line_numbers() {
        let text = "---\ntitle: A\n---\n# Body\n";
        let s = split(Path::new("a.md"), text).unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn a_stray_dashes_line_inside_front_matter_is_caught() {
        let text = "---\ntitle: A\n---\nsigner: {name: B}\n---\nBody\n";
        let e = split(Path::new("a.md"), text).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("a.md:3:1: this `---` ends the front matter"),
            "{e}"
        );
        assert!(
            split(
                Path::new("a.md"),
                "---\ntitle: A\n---\nText.\n\n---\n\nMore.\n"
            )
            .is_ok()
        );
    }

    #[test]
    fn unclosed_front_matter_says_how_to_fix() {
        let e = split(Path::new("a.md"), "---\ntitle: A\n# Body\n").unwrap_err();
        assert!(e.to_string().contains("never closed"), "{e}");
    }
}
