//! The archive: documents and stories as a reader of one language sees
//! them (untranslated items included, in their original language), newest
//! first, grouped by year, type, issuer, field or unit. Every listing and
//! the archive's facets group through here.

use crate::content::Section;
use crate::i18n::slugify;
use crate::site::{Site, SitePage};
use std::collections::BTreeMap;

/// One item of a listing, in the version shown to a reader of `lang`.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub page: &'a SitePage,
}

/// A named group of entries, with its URL segment.
#[derive(Debug, Clone)]
pub struct Group<'a> {
    pub slug: String,
    pub name: String,
    pub entries: Vec<Entry<'a>>,
}

/// Every item of `section` for readers of `lang`, newest first (date, then
/// number, then title), so that listings and feeds agree.
pub fn entries<'a>(site: &'a Site, section: Section, lang: &str) -> Vec<Entry<'a>> {
    // Every version of a key is of one section: the key is its path.
    let mut entries: Vec<Entry> = site
        .translations
        .values()
        .filter_map(|versions| site.version_among(versions, lang))
        .filter(|page| page.page.section == section)
        .map(|page| Entry { page })
        .collect();
    // The key last: the order never depends on how the pages were found.
    entries.sort_unstable_by(|a, b| {
        let (fa, fb) = (&a.page.page.front, &b.page.page.front);
        let date = |p: &SitePage| p.page.front.date.or_else(|| year_date(p));
        date(b.page)
            .cmp(&date(a.page))
            .then_with(|| fb.number.cmp(&fa.number))
            .then_with(|| a.page.page.title.cmp(&b.page.page.title))
            .then_with(|| a.page.page.key.cmp(&b.page.page.key))
    });
    entries
}

fn year_date(page: &SitePage) -> Option<crate::date::Date> {
    page.page
        .front
        .year
        .and_then(|y| crate::date::Date::new(y, 1, 1))
}

/// The year of an item: its date's, or a story's `year`.
pub fn year_of(page: &SitePage) -> Option<i32> {
    page.page
        .front
        .year
        .or(page.page.front.date.map(|d| d.year))
}

/// Groups entries by `key`, keeping each group's entries in order. Groups
/// come in the order `order` gives their slugs.
pub fn group<'a, K, O>(entries: &[Entry<'a>], key: K, order: O) -> Vec<Group<'a>>
where
    K: Fn(&Entry<'a>) -> Option<(String, String)>,
    O: Fn(&str) -> String,
{
    let mut groups: BTreeMap<String, Group<'a>> = BTreeMap::new();
    for entry in entries {
        if let Some((slug, name)) = key(entry) {
            groups
                .entry(order(&slug))
                .or_insert_with(|| Group {
                    slug,
                    name,
                    entries: Vec::new(),
                })
                .entries
                .push(*entry);
        }
    }
    groups.into_values().collect()
}

/// Groups entries by a key of a fixed list (a document type, a field),
/// in the list's order; empty groups are left out.
pub fn by_kind<'a, K: Copy + PartialEq>(
    entries: &[Entry<'a>],
    all: &[K],
    key: impl Fn(&Entry<'a>) -> Option<K>,
) -> Vec<(K, Vec<Entry<'a>>)> {
    all.iter()
        .map(|k| {
            (
                *k,
                entries
                    .iter()
                    .filter(|e| key(e) == Some(*k))
                    .copied()
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, items)| !items.is_empty())
        .collect()
}

/// Documents by year, newest year first.
pub fn by_year<'a>(entries: &[Entry<'a>]) -> Vec<Group<'a>> {
    group(
        entries,
        |e| year_of(e.page).map(|y| (y.to_string(), y.to_string())),
        |slug| format!("{:>08}", 99_999_999 - slug.parse::<i64>().unwrap_or(0)),
    )
}

/// Groups by a text field. The group's slug comes from the field of the
/// item's default-language version, so that a group has the same URL in
/// every language; its name is the field as the reader's version says it.
pub fn by_text<'a>(
    site: &Site,
    entries: &[Entry<'a>],
    lang: &str,
    field: impl Fn(&SitePage) -> Option<&crate::i18n::Text>,
) -> Vec<Group<'a>> {
    let default = site.config.default_language.as_str();
    // Many items share a name (one unit, many stories): each name is
    // slugged once.
    let slugs = std::cell::RefCell::new(rustc_hash::FxHashMap::<&str, String>::default());
    group(
        entries,
        |e| {
            let original = site
                .version_for(&e.page.page.key, default)
                .unwrap_or(e.page);
            let text = field(original)?.get(default, default);
            let slug = slugs
                .borrow_mut()
                .entry(text)
                .or_insert_with(|| match slugify(text) {
                    // A name with no letter or digit to keep ("—") still
                    // needs an address of its own.
                    s if s.is_empty() => "khac".to_string(),
                    s => s,
                })
                .clone();
            let name = field(e.page)?.get(lang, default).to_string();
            Some((slug, name))
        },
        |slug| slug.to_string(),
    )
}
