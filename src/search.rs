//! The search index: one JSON file per language (`search/index.json`,
//! `en/search/index.json`) holding what a reader of that language can find —
//! documents, stories and pages as [`crate::archive::entries`] lists them —
//! for the search page's script (`themes/default/static/search.js`) to load
//! and search in the browser, with no server.
//!
//! The file stores original text, diacritics and all, never folded terms:
//! the script folds it ([`crate::i18n::fold`], mirrored in JavaScript and
//! tested on both sides against `tests/fold_cases.json`) to match queries
//! typed without marks, and compares exact forms to rank "Đảng" before
//! "đang"; the same text gives the result snippets.
//!
//! To stay light on phones a record is not the whole page: the title, the
//! number, the words of the headings, the summary and start of the body
//! ([`EXCERPT_CHARS`], also the snippet), and the words that best tell the
//! rest of the body apart ([`EXTRA_WORDS`], by tf-idf). 1,000 documents and
//! 1,000 stories of `bench/gen_corpus.py` make an index of 107 KB gzipped,
//! 119 KB with the two scripts (README, "Search"). Bytes are deterministic:
//! entries in archive order, maps ordered, no clock.

use crate::archive;
use crate::content::Section;
use crate::content::front_matter::DocType;
use crate::i18n::{self, fold};
use crate::site::{Site, SitePage};
use rayon::prelude::*;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// Where a language's index is published, below its language prefix.
pub const INDEX_PATH: &str = "search/index.json";

/// Characters of summary and body kept per record, for matching and for
/// the snippet.
pub const EXCERPT_CHARS: usize = 200;

/// Words of the headings kept per record (those not in the title or the
/// excerpt), in the order they come.
pub const HEADING_WORDS: usize = 16;

/// Words of the rest of the body kept per record, so that names and places
/// deep in a text still find it.
pub const EXTRA_WORDS: usize = 8;

/// One language's index, as the script reads it.
#[derive(Debug, Serialize)]
pub struct Index {
    /// Format version, raised when the script must change with it.
    pub v: u32,
    pub lang: String,
    /// The site's base path: record URLs are relative to it.
    pub base: String,
    /// Kind names in the index's language; records point in by number.
    pub kinds: Vec<String>,
    /// "Available in … only", by language of the original.
    pub notes: BTreeMap<String, String>,
    pub docs: Vec<Record>,
}

/// One searchable item. Short keys: the names repeat in every record.
#[derive(Debug, Serialize)]
pub struct Record {
    /// Output path below the base path.
    pub u: String,
    /// Index into [`Index::kinds`].
    pub k: usize,
    /// Date, `2024-01-24`, or a year: the script writes it the way
    /// [`i18n::format_date`] does.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub d: String,
    pub t: String,
    /// Document number as written: "04/KH-LĐLĐ".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub n: String,
    /// Words of the headings, lower case, as written.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub h: String,
    /// The summary and the start of the body.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b: String,
    /// More words to match: tags, unit, rare words of the rest of the body.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub x: String,
    /// Language of the original, when the item has no version in this one.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub l: String,
}

/// The kinds of result, in index order: every document type, then stories,
/// then pages.
fn kind_keys() -> Vec<String> {
    DocType::ALL
        .iter()
        .map(|t| t.string_key("doc_type"))
        .chain([
            "search_kind_story".to_string(),
            "search_kind_page".to_string(),
        ])
        .collect()
}

/// Builds the index of `lang`; `label` gives UI strings of that language.
pub fn index(site: &Site, lang: &str, label: &dyn Fn(&str) -> String) -> Index {
    let entries: Vec<&SitePage> = [Section::Documents, Section::Stories, Section::Pages]
        .into_iter()
        .flat_map(|s| archive::entries(site, s, lang))
        .map(|e| e.page)
        .collect();
    let df = document_frequencies(&entries);
    let notes: BTreeMap<String, String> = entries
        .iter()
        .map(|page| page.page.lang.as_str())
        .filter(|shown| *shown != lang)
        .map(|shown| {
            let name = site.config.language_name(shown);
            (
                shown.to_string(),
                i18n::fill(&label("only_in_original"), "lang", name),
            )
        })
        .collect();
    let default = site.config.default_language.as_str();
    let docs = entries
        .par_iter()
        .map(|page| record(page, lang, default, &df, entries.len()))
        .collect();
    Index {
        v: 1,
        lang: lang.to_string(),
        base: site.base_path.clone(),
        kinds: kind_keys().iter().map(|k| label(k)).collect(),
        notes,
        docs,
    }
}

/// The place of a page's kind in [`kind_keys`].
fn kind_of(page: &SitePage) -> usize {
    match page.page.section {
        Section::Documents => {
            let t = page.page.front.doc_type.unwrap_or(DocType::Other);
            DocType::ALL.iter().position(|x| *x == t).unwrap_or(0)
        }
        Section::Stories => DocType::ALL.len(),
        _ => DocType::ALL.len() + 1,
    }
}

/// In how many of `entries` each word appears, for picking each body's
/// rarest. Each body's words are split again where they are used, so that
/// the words of every body are never all in memory at once.
fn document_frequencies<'a>(entries: &[&'a SitePage]) -> HashMap<Cow<'a, str>, usize> {
    entries
        .par_iter()
        .fold(HashMap::new, |mut df, page| {
            let distinct: HashSet<Cow<str>> = words(&page.rendered.text).into_iter().collect();
            for w in distinct {
                *df.entry(w).or_default() += 1;
            }
            df
        })
        .reduce(HashMap::new, |mut a, b| {
            for (w, n) in b {
                *a.entry(w).or_default() += n;
            }
            a
        })
}

/// The record of one page for readers of `lang`: its title, number, date,
/// heading words, the start of its text, and the words that tell it apart
/// among `docs` items.
fn record(
    page: &SitePage,
    lang: &str,
    default: &str,
    df: &HashMap<Cow<str>, usize>,
    docs: usize,
) -> Record {
    let p = &page.page;
    let front = &p.front;
    let shown = p.lang.as_str();
    let text = |t: &i18n::Text| t.get(shown, default).to_string();
    let d = match (front.date, front.year) {
        (Some(date), _) => date.to_string(),
        (None, Some(year)) => year.to_string(),
        (None, None) => String::new(),
    };
    let mut b = front.summary.as_ref().map(text).unwrap_or_default();
    if !b.is_empty() && !page.rendered.text.is_empty() {
        b.push(' ');
    }
    b.push_str(&page.rendered.text);
    let b = crate::markdown::summarize(&b, EXCERPT_CHARS);
    let mut x: Vec<String> = front.tags.iter().map(|t| t.to_lowercase()).collect();
    if let Some(unit) = &front.unit {
        x.push(text(unit));
    }
    let mut seen: BTreeSet<String> = [p.title.as_str(), &b, &x.join(" ")]
        .iter()
        .flat_map(|s| words(s))
        .map(Cow::into_owned)
        .collect();
    let h: Vec<String> = page
        .rendered
        .toc
        .iter()
        .flat_map(|e| words(&e.title))
        .map(Cow::into_owned)
        .filter(|w| telling(w) && seen.insert(w.clone()))
        .take(HEADING_WORDS)
        .collect();
    let body = words(&page.rendered.text);
    x.extend(rare_words(&body, &seen, df, docs, EXTRA_WORDS));
    Record {
        u: page.path.clone(),
        k: kind_of(page),
        d,
        t: p.title.clone(),
        n: front.number.clone().unwrap_or_default(),
        h: h.join(" "),
        b,
        x: x.join(" "),
        l: if shown == lang {
            String::new()
        } else {
            shown.to_string()
        },
    }
}

/// The index of `lang` as the bytes of its file.
pub fn index_json(site: &Site, lang: &str, label: &dyn Fn(&str) -> String) -> Vec<u8> {
    // Plain structs, maps and strings: serialising cannot fail.
    serde_json::to_vec(&index(site, lang, label)).unwrap_or_default()
}

/// The lower-cased words of `text`, as the script splits them: runs of
/// letters, marks and digits.
fn words(text: &str) -> Vec<Cow<'_, str>> {
    text.split(|c: char| !c.is_alphanumeric() && !is_mark(c))
        .filter(|w| !w.is_empty())
        // Most words are lower case already: borrow them.
        .map(|w| {
            if w.chars().any(char::is_uppercase) {
                Cow::Owned(w.to_lowercase())
            } else {
                Cow::Borrowed(w)
            }
        })
        .collect()
}

/// Whether a word is worth a place in a record: not one letter, not a
/// number (every text has "2024"), not a Roman part number ("II", "IV").
fn telling(word: &str) -> bool {
    word.chars().nth(1).is_some()
        && !word.chars().all(char::is_numeric)
        && !word.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'l'))
}

fn is_mark(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// Up to `max` words of `body` not already in `seen` that tell it apart
/// best: by tf-idf (often in this body, rare among the language's `docs`
/// items; ties alphabetical), returned in alphabetical order; only
/// [`telling`] words.
fn rare_words(
    body: &[Cow<str>],
    seen: &BTreeSet<String>,
    df: &HashMap<Cow<str>, usize>,
    docs: usize,
    max: usize,
) -> Vec<String> {
    let mut tf: HashMap<&str, usize> = HashMap::new();
    for w in body {
        let w = w.as_ref();
        if telling(w) && !seen.contains(w) {
            *tf.entry(w).or_default() += 1;
        }
    }
    let score = |w: &str, tf: usize| {
        let df = df.get(w).copied().unwrap_or(1).max(1);
        tf as f64 * ((docs + 1) as f64 / df as f64).ln()
    };
    let mut ranked: Vec<(&str, f64)> = tf.into_iter().map(|(w, n)| (w, score(w, n))).collect();
    ranked.sort_by(|(a, sa), (b, sb)| sb.total_cmp(sa).then(a.cmp(b)));
    // Two spellings of one word (tone placement, case) count once.
    let mut folded = BTreeSet::new();
    let mut out: Vec<String> = ranked
        .into_iter()
        .filter(|(w, _)| folded.insert(fold(w)))
        .take(max)
        .map(|(w, _)| w.to_string())
        .collect();
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize)]
    struct FoldCase {
        input: String,
        folded: String,
    }

    /// The table the page's script is tested against too
    /// (`tests/search/search.test.mjs`): one fold on both sides.
    #[test]
    fn fold_matches_the_shared_table() {
        let cases: Vec<FoldCase> =
            serde_json::from_str(include_str!("../tests/fold_cases.json")).unwrap();
        assert!(cases.len() > 10);
        for case in cases {
            assert_eq!(fold(&case.input), case.folded, "fold({:?})", case.input);
        }
    }

    #[test]
    fn fold_drops_marks_and_d_alike() {
        assert_eq!(fold("Đảng"), "dang");
        assert_eq!(fold("đang"), fold("dạng"));
        assert_eq!(fold("Dân vận khéo"), "dan van kheo");
        assert_eq!(fold("ĐOÀN VIÊN"), "doan vien");
        assert_eq!(fold("04/KH-LĐLĐ"), "04/kh-ldld");
    }

    #[test]
    fn words_split_like_the_script() {
        assert_eq!(
            words("Số: 04/KH-LĐLĐ, “Dân vận khéo”"),
            ["số", "04", "kh", "lđlđ", "dân", "vận", "khéo"]
        );
    }

    #[test]
    fn rare_words_prefer_rare_and_frequent_and_skip_numbers_and_seen() {
        let body = words("Mường Tè Mường Tè đoàn viên đoàn viên 2024 a Sìn Hồ Kiều");
        let df: HashMap<Cow<str>, usize> = [
            ("mường", 1),
            ("tè", 1),
            ("đoàn", 9),
            ("viên", 9),
            ("sìn", 2),
            ("hồ", 5),
            ("kiều", 1),
        ]
        .map(|(w, n)| (Cow::Borrowed(w), n))
        .into();
        let seen: BTreeSet<String> = ["tè".to_string()].into();
        // mường: twice and rare; kiều: once and rare; sìn: once, in two items.
        assert_eq!(
            rare_words(&body, &seen, &df, 9, 3),
            ["kiều", "mường", "sìn"]
        );
    }

    #[test]
    fn rare_words_keep_one_spelling_of_a_word() {
        let body = words("hòa hoà Hòa");
        let df: HashMap<Cow<str>, usize> = HashMap::new();
        assert_eq!(rare_words(&body, &BTreeSet::new(), &df, 3, 5), ["hòa"]);
    }
}
