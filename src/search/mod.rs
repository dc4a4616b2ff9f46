//! The search index: for each language, the files the search page's
//! script (`themes/default/static/search.js`) reads to find every word of
//! every document, story and page a reader of that language can open
//! (as [`crate::archive::entries`] lists them), with no server.
//!
//! Below `search/` (`en/search/` …):
//! - `index.json`, the entry, a few kilobytes: kinds and notes in the
//!   language, the number of items, a stamp, and the first key of each
//!   chunk of the vocabulary;
//! - `w/<n>.json`, the chunks ([`shards`]): the sorted vocabulary of
//!   folded words, pairs of neighbouring words and document numbers
//!   ([`terms`]), each with the items that have it and a weight;
//! - `f/<id>.json`, one fragment per item: its address, kind, date,
//!   number, title and whole text, for showing a result and the sentence
//!   that holds the words.
//!
//! A search fetches the entry, the chunks of its words and the fragments
//! of the results it shows, never the whole index. Every word of the
//! title, number, headings, summary, issuer, signer, unit, tags and body
//! is indexed. Item ids follow dates, oldest first, so a new document
//! mostly adds to the end. Bytes are deterministic: sorted keys, no clock.

mod shards;
pub mod terms;

use crate::archive;
use crate::content::Section;
use crate::content::front_matter::DocType;
use crate::i18n::{self, fold};
use crate::site::{Site, SitePage};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// Where a language's entry file is published, below its language prefix.
pub const INDEX_PATH: &str = "search/index.json";

/// Version of the files' format, raised when the script must change too.
pub const FORMAT: u32 = 2;

/// Items whose terms are gathered at once before they join the
/// vocabulary: bounds memory on large sites.
const BATCH: usize = 512;

/// The weight of a term in an item, one number below 32: bits 2–4 how
/// often the body has it (0–7, BM25's saturation and length
/// normalisation), bit 1 in the title or number, bit 0 in a heading,
/// summary, tag, issuer, signer or unit.
pub type Weight = u8;

const IN_TITLE: Weight = 2;
const IN_HEADING: Weight = 1;

/// BM25's usual constants.
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// The entry file of one language's index.
#[derive(Debug, Serialize)]
pub struct Entry {
    pub v: u32,
    pub lang: String,
    /// The site's base path: fragment URLs are relative to it.
    pub base: String,
    /// Kind names in the index's language; fragments point in by number.
    pub kinds: Vec<String>,
    /// "Available in … only", by language of the original.
    pub notes: BTreeMap<String, String>,
    /// Number of items: ids run from 0 to `count - 1`.
    pub count: usize,
    /// Changes whenever any chunk or fragment does: the script adds it to
    /// their URLs, so a cache never mixes two builds.
    pub stamp: String,
    /// The first key of each chunk `w/<n>.json`, in order.
    pub chunks: Vec<String>,
}

/// What a result shows of one item. Short keys: one file per item.
#[derive(Debug, Serialize)]
pub struct Fragment {
    /// Output path below the base path.
    pub u: String,
    /// Index into [`Entry::kinds`].
    pub k: usize,
    /// Date, `2024-01-24`, or a year: the script writes it the way
    /// [`i18n::format_date`] does.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub d: String,
    pub t: String,
    /// Document number as written: "04/KH-LĐLĐ".
    #[serde(skip_serializing_if = "String::is_empty")]
    pub n: String,
    /// The summary, then the whole text of the body.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub b: String,
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

/// The place of a page's kind in [`kind_keys`].
pub fn kind_of(page: &SitePage) -> usize {
    match page.page.section {
        Section::Documents => {
            let t = page.page.front.doc_type.unwrap_or(DocType::Other);
            DocType::ALL.iter().position(|x| *x == t).unwrap_or(0)
        }
        Section::Stories => DocType::ALL.len(),
        _ => DocType::ALL.len() + 1,
    }
}

/// The items of `lang`'s index in id order: by date (a year counts as its
/// first day), undated first, then by path.
fn items<'a>(site: &'a Site, lang: &str) -> Vec<&'a SitePage> {
    let mut items: Vec<&SitePage> = [Section::Documents, Section::Stories, Section::Pages]
        .into_iter()
        .flat_map(|s| archive::entries(site, s, lang))
        .map(|e| e.page)
        .collect();
    let key = |p: &SitePage| {
        let f = &p.page.front;
        let day = f.date.map(|d| d.to_string());
        (
            day.or_else(|| f.year.map(|y| format!("{y}-01-01"))),
            p.path.clone(),
        )
    };
    items.sort_by_cached_key(|p| key(p));
    items
}

/// Every file of `lang`'s index, by path below the language prefix
/// (`search/index.json`, `search/w/0.json`, `search/f/0.json` …);
/// `label` gives UI strings of that language.
pub fn files(site: &Site, lang: &str, label: &dyn Fn(&str) -> String) -> Files {
    let mut fragments = Vec::new();
    let made = make(site, lang, label, |start, batch| {
        let paths = (start..).map(fragment_path);
        fragments.extend(paths.zip(batch));
        Ok::<(), std::convert::Infallible>(())
    });
    let Ok((mut files, _)) = made;
    files.append(&mut fragments);
    files
}

/// [`files`], but the fragments are handed to `fragments` a batch at a
/// time as soon as they are made (with the id of the batch's first), and
/// only the entry and the chunks are returned: the fragments, every
/// item's whole text, are never all in memory. An error of `fragments`
/// stops it.
pub fn write_files<E>(
    site: &Site,
    lang: &str,
    label: &dyn Fn(&str) -> String,
    fragments: impl FnMut(usize, Vec<Vec<u8>>) -> Result<(), E>,
) -> Result<Files, E> {
    make(site, lang, label, fragments).map(|(files, _)| files)
}

/// [`files`] but the fragments: the entry and the chunks, and the index
/// in [`Site::pages`] of each item in id order, whose fragment
/// ([`fragment_path`]) [`fragment`] makes when it is asked for. The
/// entry's stamp is the same as [`files`] gives.
pub fn files_but_fragments(
    site: &Site,
    lang: &str,
    label: &dyn Fn(&str) -> String,
) -> (Files, Vec<usize>) {
    let made = make(site, lang, label, |_, _| {
        Ok::<(), std::convert::Infallible>(())
    });
    let Ok(made) = made;
    made
}

/// Where the fragment of item `id` is published, below the language prefix.
pub fn fragment_path(id: usize) -> String {
    format!("search/f/{id}.json")
}

/// The fragment of `page`, a page of `site`, in `lang`'s index.
pub fn fragment(site: &Site, page: &SitePage, lang: &str) -> Vec<u8> {
    let default = site.config.default_language.as_str();
    fragment_json(page, &site.text(page), lang, default)
}

/// Files by path below the language prefix, with their bytes.
type Files = Vec<(String, Vec<u8>)>;

/// The entry and chunks of `lang`'s index, and the index of each item's
/// page, in id order; the fragments are handed to `fragments` a batch at
/// a time as they are made, with the id of the batch's first.
fn make<E>(
    site: &Site,
    lang: &str,
    label: &dyn Fn(&str) -> String,
    mut fragments: impl FnMut(usize, Vec<Vec<u8>>) -> Result<(), E>,
) -> Result<(Files, Vec<usize>), E> {
    let items = items(site, lang);
    let default = site.config.default_language.as_str();
    // Where the model let go of the texts (`serve`), each pass below
    // renders them again, rather than hold a language's texts at once.
    let lengths: Vec<usize> = items
        .par_iter()
        .map(|p| terms::word_count(&site.text(p)))
        .collect();
    let average = (lengths.iter().sum::<usize>() as f64 / items.len().max(1) as f64).max(1.0);
    let mut vocabulary = shards::Vocabulary::default();
    for (start, batch) in (0..).step_by(BATCH).zip(items.chunks(BATCH)) {
        let gathered: Vec<ItemTerms> = batch
            .par_iter()
            .enumerate()
            .map(|(i, page)| {
                let text = site.text(page);
                item_terms(page, &text, default, lengths[start + i] as f64 / average)
            })
            .collect();
        for (i, item) in gathered.into_iter().enumerate() {
            let id = (start + i) as u32;
            for (key, form, weight) in item.words {
                vocabulary.add(&key, &form, id, weight);
            }
            for (key, weight) in item.pairs {
                vocabulary.add(&key, "", id, weight);
            }
            if let Some(key) = item.number {
                vocabulary.add(&key, "", id, IN_TITLE);
            }
        }
    }
    let chunks = vocabulary.chunks();
    // The stamp covers every fragment, made a batch at a time.
    let stamp = {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        for (_, json) in &chunks {
            hash.update(json.as_bytes());
        }
        for (start, batch) in (0..).step_by(BATCH).zip(items.chunks(BATCH)) {
            let made: Vec<Vec<u8>> = batch
                .par_iter()
                .map(|page| fragment_json(page, &site.text(page), lang, default))
                .collect();
            for f in &made {
                hash.update(f);
            }
            fragments(start, made)?;
        }
        crate::photos::encode::hex(&hash.finalize()[..4])
    };
    let entry = Entry {
        v: FORMAT,
        lang: lang.to_string(),
        base: site.base_path.clone(),
        kinds: kind_keys().iter().map(|k| label(k)).collect(),
        notes: notes(site, &items, lang, label),
        count: items.len(),
        stamp,
        chunks: chunks.iter().map(|(first, _)| first.clone()).collect(),
    };
    let mut files = Vec::with_capacity(1 + chunks.len());
    // Plain structs, maps and strings: serialising cannot fail.
    files.push((
        INDEX_PATH.to_string(),
        serde_json::to_vec(&entry).unwrap_or_default(),
    ));
    for (n, (_, json)) in chunks.into_iter().enumerate() {
        files.push((format!("search/w/{n}.json"), json.into_bytes()));
    }
    let pages = items.iter().map(|p| site.index_of(p)).collect();
    Ok((files, pages))
}

/// A digest of everything [`files`] makes `lang`'s index from: each
/// item's fragment and the texts its terms come from, in id order, and
/// the labels. The same digest, the same files.
pub fn digest(site: &Site, lang: &str, label: &dyn Fn(&str) -> String) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let items = items(site, lang);
    let default = site.config.default_language.as_str();
    let item_digests: Vec<[u8; 32]> = items
        .par_iter()
        .map(|page| {
            let mut digest = Sha256::new();
            let mut feed = |bytes: &[u8]| {
                digest.update((bytes.len() as u64).to_le_bytes());
                digest.update(bytes);
            };
            let body = site.text(page);
            feed(&fragment_json(page, &body, lang, default));
            for (part, text) in parts(page, &body, default) {
                feed(&[part]);
                feed(text.as_bytes());
            }
            digest.finalize().into()
        })
        .collect();
    let mut digest = Sha256::new();
    digest.update(FORMAT.to_le_bytes());
    digest.update(site.base_path.as_bytes());
    digest.update([0]);
    for kind in kind_keys() {
        digest.update(label(&kind).as_bytes());
        digest.update([0]);
    }
    // Plain strings: serialising cannot fail.
    digest.update(serde_json::to_vec(&notes(site, &items, lang, label)).unwrap_or_default());
    for item in item_digests {
        digest.update(item);
    }
    digest.finalize().into()
}

/// "Available in … only" for each other language an item of `items` is
/// shown in.
fn notes(
    site: &Site,
    items: &[&SitePage],
    lang: &str,
    label: &dyn Fn(&str) -> String,
) -> BTreeMap<String, String> {
    items
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
        .collect()
}

/// The fragment of one item, whose plain text is `text`, for readers of
/// `lang`, as JSON.
fn fragment_json(page: &SitePage, text: &str, lang: &str, default: &str) -> Vec<u8> {
    let p = &page.page;
    let front = &p.front;
    let shown = p.lang.as_str();
    let d = match (front.date, front.year) {
        (Some(date), _) => date.to_string(),
        (None, Some(year)) => year.to_string(),
        (None, None) => String::new(),
    };
    let mut b = front
        .summary
        .as_ref()
        .map(|s| s.get(shown, default).to_string())
        .unwrap_or_default();
    if !b.is_empty() && !text.is_empty() {
        b.push(' ');
    }
    b.push_str(text);
    let fragment = Fragment {
        u: page.path.clone(),
        k: kind_of(page),
        d,
        t: p.title.clone(),
        n: front.number.clone().unwrap_or_default(),
        b,
        l: if shown == lang {
            String::new()
        } else {
            shown.to_string()
        },
    };
    serde_json::to_vec(&fragment).unwrap_or_default()
}

/// The terms of one item: each word as (folded key, form, weight), each
/// pair of neighbouring words as (key, weight), and its number's key.
#[derive(Debug, Default)]
struct ItemTerms {
    words: Vec<(String, String, Weight)>,
    pairs: Vec<(String, Weight)>,
    number: Option<String>,
}

/// How often and where a term comes in one item.
#[derive(Debug, Default, Clone, Copy)]
struct Seen {
    body: u32,
    title: bool,
    heading: bool,
}

/// Which part of an item a text is: its weight bit, or 0 for the body.
type Part = Weight;

/// The texts of one item, whose body's plain text is `body`, each with
/// the part it counts as.
fn parts<'a>(page: &'a SitePage, body: &'a str, default: &str) -> Vec<(Part, &'a str)> {
    let p = &page.page;
    let front = &p.front;
    let shown = p.lang.as_str();
    let text = |t: &'a i18n::Text| t.get(shown, default);
    let mut parts = vec![(IN_TITLE, p.title.as_str())];
    if let Some(number) = &front.number {
        parts.push((IN_TITLE, number));
    }
    parts.extend(
        page.rendered
            .toc
            .iter()
            .map(|e| (IN_HEADING, e.title.as_str())),
    );
    let labels = [
        &front.summary,
        &front.issuer,
        &front.parent_issuer,
        &front.unit,
    ];
    parts.extend(labels.into_iter().flatten().map(|t| (IN_HEADING, text(t))));
    if let Some(signer) = &front.signer {
        parts.push((IN_HEADING, text(&signer.name)));
        parts.extend(signer.position.as_ref().map(|t| (IN_HEADING, text(t))));
    }
    parts.extend(front.tags.iter().map(|t| (IN_HEADING, t.as_str())));
    parts.push((0, body));
    parts
}

/// The terms of `page`, whose body's plain text is `body`;
/// `relative_length` is its body's length over the average, for BM25's
/// length normalisation.
fn item_terms(page: &SitePage, body: &str, default: &str, relative_length: f64) -> ItemTerms {
    // Each distinct word is folded once and numbered: counting then goes
    // by numbers, and a pair is two numbers until its key is written.
    let mut numbers: FxHashMap<String, u32> = FxHashMap::default();
    // Per distinct word as written: its term (folded key and form).
    let mut term_of: Vec<u32> = Vec::new();
    let mut terms: FxHashMap<(u32, String), u32> = FxHashMap::default();
    let mut folded: FxHashMap<String, u32> = FxHashMap::default();
    let mut folded_keys: Vec<String> = Vec::new();
    let mut words: Vec<(u32, String, Seen)> = Vec::new();
    let mut pairs: FxHashMap<(u32, u32), Seen> = FxHashMap::default();
    for (part, text) in parts(page, body, default) {
        for sentence in terms::sentences(text) {
            let mut previous: Option<u32> = None;
            for word in terms::words(sentence) {
                let number = match numbers.get(word.as_ref()) {
                    Some(n) => *n,
                    None => {
                        let (key, form) = fold_and_form(&word);
                        let next = folded_keys.len() as u32;
                        let key_number = *folded.entry(key).or_insert_with_key(|key| {
                            folded_keys.push(key.clone());
                            next
                        });
                        let next = words.len() as u32;
                        let term = *terms
                            .entry((key_number, form))
                            .or_insert_with_key(|(k, f)| {
                                words.push((*k, f.clone(), Seen::default()));
                                next
                            });
                        let n = term_of.len() as u32;
                        term_of.push(term);
                        numbers.insert(word.into_owned(), n);
                        n
                    }
                };
                let term = term_of[number as usize];
                let key_number = words[term as usize].0;
                if let Some(first) = previous {
                    note(pairs.entry((first, key_number)).or_default(), part);
                }
                note(&mut words[term as usize].2, part);
                previous = Some(key_number);
            }
        }
    }
    let saturation = K1 * (1.0 - B + B * relative_length);
    let body = |n: u32| -> Weight {
        if n == 0 {
            return 0;
        }
        let tf = f64::from(n);
        let score = tf * (K1 + 1.0) / (tf + saturation) / (K1 + 1.0);
        (score * 7.0).ceil().clamp(1.0, 7.0) as Weight
    };
    let weight = |seen: &Seen, often: Weight| {
        (often << 2)
            | if seen.title { IN_TITLE } else { 0 }
            | if seen.heading { IN_HEADING } else { 0 }
    };
    ItemTerms {
        words: words
            .into_iter()
            .map(|(key, form, seen)| {
                let w = weight(&seen, body(seen.body));
                (folded_keys[key as usize].clone(), form, w)
            })
            .collect(),
        pairs: pairs
            .into_iter()
            .map(|((first, second), seen)| {
                let w = weight(&seen, seen.body.min(7) as Weight);
                let key =
                    terms::pair_key(&folded_keys[first as usize], &folded_keys[second as usize]);
                (key, w)
            })
            .collect(),
        number: page
            .page
            .front
            .number
            .as_deref()
            .map(terms::number_key)
            .filter(|k| terms::is_number_key(k)),
    }
}

/// A word's folded key and exact form ([`terms::form`]), remembered by
/// each thread: most words of an item are words of the items before it.
fn fold_and_form(word: &str) -> (String, String) {
    use std::cell::RefCell;
    thread_local! {
        static KNOWN: RefCell<FxHashMap<String, (String, String)>> = RefCell::default();
    }
    /// Words remembered before the memory is emptied: a bound on memory.
    const REMEMBERED: usize = 200_000;
    KNOWN.with_borrow_mut(|known| {
        if let Some(found) = known.get(word) {
            return found.clone();
        }
        let key = fold(word);
        let form = terms::form(word, &key);
        if known.len() >= REMEMBERED {
            known.clear();
        }
        known.insert(word.to_string(), (key.clone(), form.clone()));
        (key, form)
    })
}

fn note(seen: &mut Seen, part: Part) {
    match part {
        IN_TITLE => seen.title = true,
        IN_HEADING => seen.heading = true,
        _ => seen.body += 1,
    }
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
            serde_json::from_str(include_str!("../../tests/fold_cases.json")).unwrap();
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
}
