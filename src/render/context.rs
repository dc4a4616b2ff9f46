//! What every template gets: the site, the UI strings, the menu, the
//! language switcher and the `<head>` metadata of a page, and the small
//! helpers views share (strings, text per language, paths).

use super::views::*;
use super::{Head, Renderer};
use crate::i18n::{self, Strings};
use crate::site::{Site, SitePage};

/// A page's template context, and a digest of everything put in it (for
/// `build`, which re-renders a page only when this changed): each value is
/// fed in as JSON under its name; the values every page of a language
/// shares (the site's name, the UI strings) go in as one digest each.
pub(crate) struct Context {
    pub(super) tera: tera::Context,
    digest: Option<sha2::Sha256>,
}

/// Feeds what is written into a digest.
struct DigestWriter<'a>(&'a mut sha2::Sha256);

impl std::io::Write for DigestWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        sha2::Digest::update(self.0, bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Context {
    /// An empty context; `keyed` when its digest is needed.
    pub(super) fn new(keyed: bool) -> Context {
        Context {
            tera: tera::Context::new(),
            digest: keyed.then(<sha2::Sha256 as sha2::Digest>::new),
        }
    }

    pub(super) fn insert<T: serde::Serialize + ?Sized>(&mut self, name: &'static str, value: &T) {
        if let Some(digest) = &mut self.digest {
            sha2::Digest::update(digest, name.as_bytes());
            sha2::Digest::update(digest, [0]);
            // The view itself, not tera's value of it, whose maps have no
            // fixed order. Plain data: writing cannot fail.
            let _ = serde_json::to_writer(DigestWriter(digest), value);
            sha2::Digest::update(digest, [0]);
        }
        self.tera.insert(name, value);
    }

    /// Inserts a value every page of the language shares: its name and
    /// the digest of what the language shares go into the digest.
    fn insert_shared(&mut self, name: &'static str, value: tera::Value, shared: &[u8; 32]) {
        if let Some(digest) = &mut self.digest {
            sha2::Digest::update(digest, name.as_bytes());
            sha2::Digest::update(digest, [1]);
            sha2::Digest::update(digest, shared);
        }
        self.tera.insert_value(name, value);
    }

    pub(super) fn get(&self, name: &str) -> Option<&tera::Value> {
        self.tera.get(name)
    }

    /// The key of this context rendered with `template`, given the
    /// `fingerprint` of the theme, strings and binary; `None` unkeyed.
    pub(super) fn key(&self, template: &str, fingerprint: &[u8; 32]) -> Option<crate::output::Key> {
        let mut digest = self.digest.clone()?;
        sha2::Digest::update(&mut digest, fingerprint);
        sha2::Digest::update(&mut digest, template.as_bytes());
        Some(crate::output::key_of(digest))
    }
}

/// Template values every page of one language shares.
pub(super) struct Shared {
    pub(super) site: tera::Value,
    pub(super) strings: tera::Value,
    /// A digest of both, for the key of each page of the language.
    pub(super) digest: [u8; 32],
}

impl Shared {
    pub(super) fn new(site: &Site, lang: &str, strings: &Strings) -> Shared {
        let config = &site.config;
        let text = |t: &crate::i18n::Text| t.get(lang, &config.default_language).to_string();
        let view = SiteView {
            title: text(&config.title),
            description: text(&config.description),
            base_url: config.base_url.clone(),
            base_path: site.base_path.clone(),
            organisation: text(&config.organisation),
        };
        let mut digest = <sha2::Sha256 as sha2::Digest>::new();
        // Plain data: writing cannot fail.
        let _ = serde_json::to_writer(DigestWriter(&mut digest), &(&view, strings));
        Shared {
            site: tera::Value::from_serializable(&view),
            strings: tera::Value::from_serializable(strings),
            digest: sha2::Digest::finalize(digest).into(),
        }
    }
}

impl<'a> Renderer<'a> {
    pub(super) fn t(&self, lang: &str, key: &str) -> String {
        self.strings
            .get(lang)
            .and_then(|s| s.get(key))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    pub(super) fn text(&self, text: &crate::i18n::Text, lang: &str) -> String {
        text.get(lang, &self.site.config.default_language)
            .to_string()
    }

    pub(super) fn home_path(&self, lang: &str) -> String {
        self.site.lang_prefix(lang)
    }

    /// The note beside an item listed in its original language only.
    pub(super) fn original_note(&self, lang: &str, page: &SitePage) -> String {
        if page.page.lang == lang {
            return String::new();
        }
        let name = self.site.config.language_name(&page.page.lang);
        i18n::fill(&self.t(lang, "only_in_original"), "lang", name)
    }

    /// The context every template gets. `versions` are the output paths of
    /// this page in each language it exists in.
    pub(super) fn common(
        &self,
        lang: &str,
        path: &str,
        head: Head,
        versions: &[(String, String)],
    ) -> Context {
        let Head {
            title,
            description,
            og_type,
            mut og_image,
            mut og_image_width,
            mut og_image_height,
            card_lines,
            card_bar,
        } = head;
        let site = self.site;
        let config = &site.config;
        let site_title = self.text(&config.title, lang);
        let mut ctx = Context::new(self.keyed);
        // A page without its own image is shared with a card drawn for
        // it, in its folder; `render_job` draws it from this.
        if og_image.is_empty() && (path.is_empty() || path.ends_with('/')) {
            og_image = config.absolute(&site.url(&format!("{path}{}", crate::card::FILE_NAME)));
            (og_image_width, og_image_height) = (crate::card::WIDTH, crate::card::HEIGHT);
            let card = crate::card::Card {
                site: site_title.clone(),
                title: if title.is_empty() {
                    self.text(&config.description, lang)
                } else {
                    title.to_string()
                },
                lines: card_lines,
                bar: card_bar,
            };
            ctx.insert("share_card", &card);
        }
        if let Some(shared) = self.shared.get(lang) {
            // Shared maps: inserting them costs a reference count, not a copy.
            ctx.insert_shared("site", shared.site.clone(), &shared.digest);
            ctx.insert_shared("t", shared.strings.clone(), &shared.digest);
        }
        ctx.insert("lang", lang);
        ctx.insert("nav", &self.nav(lang, path));
        let languages: Vec<LanguageLink> = config
            .languages
            .iter()
            .map(|l| {
                let version = versions.iter().find(|(code, _)| *code == l.code);
                LanguageLink {
                    code: l.code.clone(),
                    name: l.name.clone(),
                    url: site.url(version.map_or(&self.home_path(&l.code), |(_, p)| p)),
                    current: l.code == lang,
                    has_translation: version.is_some(),
                }
            })
            .collect();
        ctx.insert("languages", &languages);
        let full_title = if title.is_empty() || title == site_title {
            site_title.clone()
        } else {
            format!("{title} — {site_title}")
        };
        let description = if description.is_empty() {
            self.text(&config.description, lang)
        } else {
            description.to_string()
        };
        ctx.insert(
            "meta",
            &MetaView {
                title: full_title,
                description,
                canonical: config.absolute(&site.url(path)),
                og_type,
                og_image_alt: if og_image.is_empty() {
                    String::new()
                } else if title.is_empty() {
                    site_title.clone()
                } else {
                    title.to_string()
                },
                og_image,
                og_image_width,
                og_image_height,
                alternates: versions
                    .iter()
                    .map(|(code, p)| Alternate {
                        lang: code.clone(),
                        href: config.absolute(&site.url(p)),
                    })
                    .collect(),
                feed_url: config.absolute(&site.url(&format!("{}atom.xml", self.home_path(lang)))),
                css_url: site.asset_url("style.css"),
            },
        );
        ctx.insert("serving", &false);
        ctx
    }

    /// The same output path in every language, for generated pages.
    pub(super) fn all_languages(&self, path_in: impl Fn(&str) -> String) -> Vec<(String, String)> {
        self.site
            .config
            .language_codes()
            .map(|l| (l.to_string(), path_in(l)))
            .collect()
    }

    /// The main menu of `lang`, built once: the sections, then the free
    /// pages (one without a `lang` version links to its original, marked),
    /// then search.
    pub(super) fn menu(site: &Site, strings: &Strings, lang: &str) -> Vec<MenuItem> {
        let t = |key: &str| strings.get(key).cloned().unwrap_or_else(|| key.to_string());
        let prefix = site.lang_prefix(lang);
        let item = |title: String, path: String, section: bool| MenuItem {
            title,
            path,
            section,
            lang: String::new(),
            note: String::new(),
        };
        let mut items = vec![
            item(t("home"), prefix.clone(), false),
            item(t("documents"), format!("{prefix}documents/"), true),
            item(t("stories"), format!("{prefix}stories/"), true),
        ];
        if !site.progress.files.is_empty() {
            items.push(item(t("progress"), format!("{prefix}progress/"), true));
        }
        let mut pages: Vec<&SitePage> = site
            .keys_of(crate::content::Section::Pages)
            .into_iter()
            .filter_map(|k| site.version_for(k, lang))
            .collect();
        pages.sort_by(|a, b| {
            let weight = |p: &SitePage| p.page.front.weight.unwrap_or(0);
            weight(a)
                .cmp(&weight(b))
                .then_with(|| a.page.title.cmp(&b.page.title))
        });
        items.extend(pages.into_iter().map(|p| {
            let mut entry = item(p.page.title.clone(), p.path.clone(), false);
            if p.page.lang != lang {
                let name = site.config.language_name(&p.page.lang);
                entry.note = i18n::fill(&t("nav_in_original"), "lang", name);
                entry.lang = p.page.lang.clone();
            }
            entry
        }));
        items.push(item(t("search"), format!("{prefix}search/"), false));
        items
    }

    pub(super) fn nav(&self, lang: &str, path: &str) -> Vec<NavItem> {
        self.menus
            .get(lang)
            .into_iter()
            .flatten()
            .map(|m| NavItem {
                title: m.title.clone(),
                url: self.site.url(&m.path),
                current: if m.section {
                    path.starts_with(m.path.as_str())
                } else {
                    path == m.path
                },
                lang: m.lang.clone(),
                note: m.note.clone(),
            })
            .collect()
    }
}

/// One entry of a language's main menu.
pub(super) struct MenuItem {
    title: String,
    path: String,
    /// Pages below the path count as inside it.
    section: bool,
    /// The page's own language when the menu's has no version of it.
    lang: String,
    /// "(Tiếng Việt)" beside such a page.
    note: String,
}
