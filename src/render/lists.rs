//! Generated pages: the home page, the document archive (by year, type and
//! issuer), the story listings (by field, year and unit), 404 pages, feeds
//! and the sitemap. Every listing exists in every language with the same
//! path below the language prefix.

use super::views::*;
use super::{Head, Job, Renderer};
use crate::archive::{self, Entry, Group};
use crate::content::Section;
use crate::content::front_matter::{DocType, Field};
use crate::site::SitePage;

/// A generated page, the same in every language.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Listing {
    Home,
    Documents,
    DocumentYear(String),
    DocumentType(DocType),
    DocumentIssuer(String),
    Stories,
    StoryField(Field),
    StoryYear(String),
    StoryUnit(String),
}

impl Listing {
    /// Path below the language prefix.
    fn path(&self) -> String {
        match self {
            Listing::Home => String::new(),
            Listing::Documents => "documents/".to_string(),
            Listing::DocumentYear(y) => format!("documents/years/{y}/"),
            Listing::DocumentType(t) => format!("documents/types/{}/", t.slug()),
            Listing::DocumentIssuer(s) => format!("documents/issuers/{s}/"),
            Listing::Stories => "stories/".to_string(),
            Listing::StoryField(f) => format!("stories/fields/{}/", f.slug()),
            Listing::StoryYear(y) => format!("stories/years/{y}/"),
            Listing::StoryUnit(s) => format!("stories/units/{s}/"),
        }
    }
}

fn doc_type_groups<'a>(entries: &[Entry<'a>]) -> Vec<(DocType, Vec<Entry<'a>>)> {
    DocType::ALL
        .iter()
        .map(|t| {
            let items: Vec<Entry> = entries
                .iter()
                .filter(|e| e.page.page.front.doc_type.unwrap_or(DocType::Other) == *t)
                .copied()
                .collect();
            (*t, items)
        })
        .filter(|(_, items)| !items.is_empty())
        .collect()
}

fn field_groups<'a>(entries: &[Entry<'a>]) -> Vec<(Field, Vec<Entry<'a>>)> {
    Field::ALL
        .iter()
        .map(|f| {
            let items: Vec<Entry> = entries
                .iter()
                .filter(|e| e.page.page.front.field == Some(*f))
                .copied()
                .collect();
            (*f, items)
        })
        .filter(|(_, items)| !items.is_empty())
        .collect()
}

impl Renderer<'_> {
    fn issuers<'a>(&self, entries: &[Entry<'a>], lang: &str) -> Vec<Group<'a>> {
        archive::by_text(self.site, entries, lang, |p| p.page.front.issuer.as_ref())
    }

    fn units<'a>(&self, entries: &[Entry<'a>], lang: &str) -> Vec<Group<'a>> {
        archive::by_text(self.site, entries, lang, |p| p.page.front.unit.as_ref())
    }

    /// Every generated listing of the site.
    fn listings(&self) -> Vec<Listing> {
        let lang = self.site.config.default_language.as_str();
        let docs = archive::entries(self.site, Section::Documents, lang);
        let stories = archive::entries(self.site, Section::Stories, lang);
        let mut out = vec![Listing::Home, Listing::Documents, Listing::Stories];
        out.extend(
            archive::by_year(&docs)
                .into_iter()
                .map(|g| Listing::DocumentYear(g.slug)),
        );
        out.extend(
            doc_type_groups(&docs)
                .into_iter()
                .map(|(t, _)| Listing::DocumentType(t)),
        );
        out.extend(
            self.issuers(&docs, lang)
                .into_iter()
                .map(|g| Listing::DocumentIssuer(g.slug)),
        );
        out.extend(
            field_groups(&stories)
                .into_iter()
                .map(|(f, _)| Listing::StoryField(f)),
        );
        out.extend(
            archive::by_year(&stories)
                .into_iter()
                .map(|g| Listing::StoryYear(g.slug)),
        );
        out.extend(
            self.units(&stories, lang)
                .into_iter()
                .map(|g| Listing::StoryUnit(g.slug)),
        );
        out
    }

    /// Jobs for every generated page of one language.
    pub(super) fn list_jobs(&self, lang: &str) -> Vec<Job> {
        let docs = archive::entries(self.site, Section::Documents, lang);
        let stories = archive::entries(self.site, Section::Stories, lang);
        let mut jobs: Vec<Job> = self
            .listings()
            .into_iter()
            .map(|listing| self.listing_job(lang, &listing, &docs, &stories))
            .collect();
        let prefix = self.home_path(lang);
        let title = self.t(lang, "page_not_found");
        let path_404 = format!("{prefix}404.html");
        jobs.push(Job {
            context: self.common(lang, &path_404, Head::new(&title), &[]),
            path: path_404,
            template: "404.html",
            origin: "the 404 page".to_string(),
        });
        jobs.push(self.search_job(lang));
        jobs.push(self.feed_job(lang));
        jobs
    }

    fn listing_job(&self, lang: &str, listing: &Listing, docs: &[Entry], stories: &[Entry]) -> Job {
        let prefix = self.home_path(lang);
        let path = format!("{prefix}{}", listing.path());
        let versions = self.all_languages(|l| format!("{}{}", self.home_path(l), listing.path()));
        let doc_items = |entries: &[Entry]| -> Vec<DocItem> {
            entries
                .iter()
                .map(|e| self.doc_item(e.page, lang))
                .collect()
        };
        let (template, heading, key, value): (&'static str, String, &str, serde_json::Value) =
            match listing {
                Listing::Home => {
                    let home = self.site.version_for("_index", lang);
                    let limit = self.site.config.home_limit;
                    let view = HomeView {
                        content_html: home
                            .map(|h| self.expand_markers(&h.rendered.html, lang))
                            .unwrap_or_default(),
                        latest_documents: doc_items(&docs[..docs.len().min(limit)]),
                        latest_stories: stories
                            .iter()
                            .take(limit)
                            .map(|e| self.story_item(e.page, lang))
                            .collect(),
                        documents_url: self.site.url(&format!("{prefix}documents/")),
                        stories_url: self.site.url(&format!("{prefix}stories/")),
                        progress_html: self
                            .current_progress()
                            .map(|file| {
                                let heading = self.text(&file.title, lang);
                                self.progress_block(file, None, lang, true, heading)
                            })
                            .unwrap_or_default(),
                    };
                    let heading = home.map(|h| h.page.title.clone()).unwrap_or_default();
                    (
                        "home.html",
                        heading,
                        "home",
                        serde_json::to_value(view).unwrap_or_default(),
                    )
                }
                Listing::Documents
                | Listing::DocumentYear(_)
                | Listing::DocumentType(_)
                | Listing::DocumentIssuer(_) => {
                    let view = self.archive_view(lang, listing, docs);
                    let heading = view.heading.clone();
                    (
                        "archive.html",
                        heading,
                        "archive",
                        serde_json::to_value(view).unwrap_or_default(),
                    )
                }
                Listing::Stories
                | Listing::StoryField(_)
                | Listing::StoryYear(_)
                | Listing::StoryUnit(_) => {
                    let view = self.stories_view(lang, listing, stories);
                    let heading = view.heading.clone();
                    (
                        "stories.html",
                        heading,
                        "listing",
                        serde_json::to_value(view).unwrap_or_default(),
                    )
                }
            };
        let mut ctx = self.common(lang, &path, Head::new(&heading), &versions);
        ctx.insert(key, &value);
        Job {
            path: format!("{path}index.html"),
            template,
            context: ctx,
            origin: format!("the listing {}", listing.path()),
        }
    }

    fn facet(&self, heading: String, links: Vec<(String, String, usize)>, current: &str) -> Facet {
        Facet {
            heading,
            links: links
                .into_iter()
                .map(|(title, path, count)| FacetLink {
                    title,
                    current: path == current,
                    url: self.site.url(&path),
                    count,
                })
                .collect(),
        }
    }

    fn archive_view(&self, lang: &str, listing: &Listing, docs: &[Entry]) -> ArchiveView {
        let prefix = self.home_path(lang);
        let current = format!("{prefix}{}", listing.path());
        let years = archive::by_year(docs);
        let types = doc_type_groups(docs);
        let issuers = self.issuers(docs, lang);
        let facets = vec![
            self.facet(
                self.t(lang, "archive_by_year"),
                years
                    .iter()
                    .map(|g| {
                        (
                            g.name.clone(),
                            format!("{prefix}{}", Listing::DocumentYear(g.slug.clone()).path()),
                            g.entries.len(),
                        )
                    })
                    .collect(),
                &current,
            ),
            self.facet(
                self.t(lang, "archive_by_type"),
                types
                    .iter()
                    .map(|(t, items)| {
                        (
                            self.t(lang, &t.string_key("doc_type")),
                            format!("{prefix}{}", Listing::DocumentType(*t).path()),
                            items.len(),
                        )
                    })
                    .collect(),
                &current,
            ),
            self.facet(
                self.t(lang, "archive_by_issuer"),
                issuers
                    .iter()
                    .map(|g| {
                        (
                            g.name.clone(),
                            format!("{prefix}{}", Listing::DocumentIssuer(g.slug.clone()).path()),
                            g.entries.len(),
                        )
                    })
                    .collect(),
                &current,
            ),
        ];
        let to_group = |heading: String, id: String, entries: &[Entry]| DocGroup {
            heading,
            id,
            items: entries
                .iter()
                .map(|e| self.doc_item(e.page, lang))
                .collect(),
        };
        let by_year = |entries: &[Entry]| -> Vec<DocGroup> {
            archive::by_year(entries)
                .into_iter()
                .map(|g| to_group(g.name.clone(), format!("y{}", g.slug), &g.entries))
                .collect()
        };
        let (heading, groups) = match listing {
            Listing::DocumentYear(y) => {
                let group = years.iter().find(|g| g.slug == *y);
                let entries = group.map(|g| g.entries.clone()).unwrap_or_default();
                let groups = doc_type_groups(&entries)
                    .into_iter()
                    .map(|(t, items)| {
                        to_group(
                            self.t(lang, &t.string_key("doc_type")),
                            t.slug().to_string(),
                            &items,
                        )
                    })
                    .collect();
                (format!("{} {y}", self.t(lang, "documents")), groups)
            }
            Listing::DocumentType(t) => {
                let entries = types
                    .iter()
                    .find(|(x, _)| x == t)
                    .map(|(_, e)| e.clone())
                    .unwrap_or_default();
                (self.t(lang, &t.string_key("doc_type")), by_year(&entries))
            }
            Listing::DocumentIssuer(slug) => {
                let group = issuers.iter().find(|g| g.slug == *slug);
                let entries = group.map(|g| g.entries.clone()).unwrap_or_default();
                (
                    group.map(|g| g.name.clone()).unwrap_or_default(),
                    by_year(&entries),
                )
            }
            _ => (self.t(lang, "documents"), by_year(docs)),
        };
        ArchiveView {
            heading,
            intro: String::new(),
            groups,
            facets,
        }
    }

    fn stories_view(&self, lang: &str, listing: &Listing, stories: &[Entry]) -> StoriesView {
        let prefix = self.home_path(lang);
        let current = format!("{prefix}{}", listing.path());
        let fields = field_groups(stories);
        let years = archive::by_year(stories);
        let units = self.units(stories, lang);
        let facets = vec![
            self.facet(
                self.t(lang, "stories_by_field"),
                fields
                    .iter()
                    .map(|(f, items)| {
                        (
                            self.t(lang, &f.string_key("field")),
                            format!("{prefix}{}", Listing::StoryField(*f).path()),
                            items.len(),
                        )
                    })
                    .collect(),
                &current,
            ),
            self.facet(
                self.t(lang, "stories_by_year"),
                years
                    .iter()
                    .map(|g| {
                        (
                            g.name.clone(),
                            format!("{prefix}{}", Listing::StoryYear(g.slug.clone()).path()),
                            g.entries.len(),
                        )
                    })
                    .collect(),
                &current,
            ),
            self.facet(
                self.t(lang, "stories_by_unit"),
                units
                    .iter()
                    .map(|g| {
                        (
                            g.name.clone(),
                            format!("{prefix}{}", Listing::StoryUnit(g.slug.clone()).path()),
                            g.entries.len(),
                        )
                    })
                    .collect(),
                &current,
            ),
        ];
        let (heading, entries): (String, Vec<Entry>) = match listing {
            Listing::StoryField(f) => (
                self.t(lang, &f.string_key("field")),
                fields
                    .iter()
                    .find(|(x, _)| x == f)
                    .map(|(_, e)| e.clone())
                    .unwrap_or_default(),
            ),
            Listing::StoryYear(y) => (
                format!("{} {y}", self.t(lang, "stories")),
                years
                    .iter()
                    .find(|g| g.slug == *y)
                    .map(|g| g.entries.clone())
                    .unwrap_or_default(),
            ),
            Listing::StoryUnit(slug) => {
                let group = units.iter().find(|g| g.slug == *slug);
                (
                    group.map(|g| g.name.clone()).unwrap_or_default(),
                    group.map(|g| g.entries.clone()).unwrap_or_default(),
                )
            }
            _ => (self.t(lang, "stories"), stories.to_vec()),
        };
        StoriesView {
            heading,
            intro: String::new(),
            items: entries
                .iter()
                .map(|e| self.story_item(e.page, lang))
                .collect(),
            facets,
        }
    }

    /// The search page of one language; its script loads the index
    /// ([`crate::search`]) when the reader searches.
    fn search_job(&self, lang: &str) -> Job {
        let prefix = self.home_path(lang);
        let path = format!("{prefix}search/");
        let versions = self.all_languages(|l| format!("{}search/", self.home_path(l)));
        let view = SearchView {
            heading: self.t(lang, "search"),
            index_url: self
                .site
                .url(&format!("{prefix}{}", crate::search::INDEX_PATH)),
            script_url: self.site.url("search.js"),
            library_url: self.site.url("minisearch.min.js"),
            documents_url: self.site.url(&format!("{prefix}documents/")),
            stories_url: self.site.url(&format!("{prefix}stories/")),
        };
        let mut ctx = self.common(lang, &path, Head::new(&view.heading), &versions);
        ctx.insert("search", &view);
        Job {
            path: format!("{path}index.html"),
            template: "search.html",
            context: ctx,
            origin: "the search page".to_string(),
        }
    }

    /// The Atom feed of one language: its own documents, stories and pages,
    /// newest first. Its `updated` is the newest entry's date, never the
    /// build clock.
    fn feed_job(&self, lang: &str) -> Job {
        let config = &self.site.config;
        let mut pages: Vec<&SitePage> = self
            .site
            .pages
            .iter()
            .filter(|p| p.page.lang == lang && p.page.section != Section::Home)
            .filter(|p| p.page.front.date.is_some())
            .collect();
        let changed = |p: &SitePage| p.page.front.updated.or(p.page.front.date);
        pages.sort_by(|a, b| changed(b).cmp(&changed(a)).then_with(|| a.url.cmp(&b.url)));
        pages.truncate(config.feed_limit);
        let updated = pages
            .iter()
            .filter_map(|p| changed(p))
            .max()
            .map_or_else(|| "1970-01-01T00:00:00Z".to_string(), |d| d.rfc3339());
        let entries = pages
            .iter()
            .map(|p| FeedEntry {
                title: p.page.title.clone(),
                url: config.absolute(&p.url),
                updated: changed(p).map(|d| d.rfc3339()).unwrap_or_default(),
                summary: self.page_view(p).summary,
            })
            .collect();
        let prefix = self.home_path(lang);
        let path = format!("{prefix}atom.xml");
        let home = config.absolute(&self.site.url(&prefix));
        let feed = FeedView {
            title: format!(
                "{} — {}",
                self.text(&config.title, lang),
                self.t(lang, "feed_title")
            ),
            id: home.clone(),
            url: config.absolute(&self.site.url(&path)),
            home,
            updated,
            entries,
        };
        let mut ctx = self.common(lang, &path, Head::new(""), &[]);
        ctx.insert("feed", &feed);
        Job {
            path,
            template: "atom.xml",
            context: ctx,
            origin: "the feed".to_string(),
        }
    }

    /// The sitemap: every page of every language with its alternates.
    pub(super) fn sitemap_job(&self) -> Job {
        let config = &self.site.config;
        let abs = |path: &str| config.absolute(&self.site.url(path));
        let mut urls = Vec::new();
        for page in &self.site.pages {
            if page.page.section == Section::Home {
                continue;
            }
            let alternates = std::iter::once(page)
                .chain(self.site.translations_of(page))
                .map(|p| Alternate {
                    lang: p.page.lang.clone(),
                    href: config.absolute(&p.url),
                })
                .collect();
            let front = &page.page.front;
            urls.push(SitemapUrl {
                loc: config.absolute(&page.url),
                lastmod: front
                    .updated
                    .or(front.date)
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                alternates,
            });
        }
        for listing in self.listings() {
            let alternates: Vec<Alternate> = config
                .language_codes()
                .map(|l| Alternate {
                    lang: l.to_string(),
                    href: abs(&format!("{}{}", self.home_path(l), listing.path())),
                })
                .collect();
            for alternate in &alternates {
                urls.push(SitemapUrl {
                    loc: alternate.href.clone(),
                    lastmod: String::new(),
                    alternates: alternates.clone(),
                });
            }
        }
        if !self.site.progress.files.is_empty() {
            let mut suffixes = vec!["progress/".to_string()];
            suffixes.extend(
                self.site
                    .progress
                    .files
                    .keys()
                    .map(|id| format!("progress/{id}/")),
            );
            for suffix in suffixes {
                let alternates: Vec<Alternate> = config
                    .language_codes()
                    .map(|l| Alternate {
                        lang: l.to_string(),
                        href: abs(&format!("{}{suffix}", self.home_path(l))),
                    })
                    .collect();
                for alternate in &alternates {
                    urls.push(SitemapUrl {
                        loc: alternate.href.clone(),
                        lastmod: String::new(),
                        alternates: alternates.clone(),
                    });
                }
            }
        }
        urls.sort_by(|a, b| a.loc.cmp(&b.loc));
        let lang = config.default_language.as_str();
        let mut ctx = self.common(lang, "sitemap.xml", Head::new(""), &[]);
        ctx.insert("urls", &urls);
        Job {
            path: "sitemap.xml".to_string(),
            template: "sitemap.xml",
            context: ctx,
            origin: "the sitemap".to_string(),
        }
    }
}
