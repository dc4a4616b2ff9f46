//! Generated pages: the home page, the document archive (by year, type and
//! issuer), the story listings (by field, year and unit), 404 pages, feeds
//! and the sitemap. Every listing exists in every language with the same
//! path below the language prefix, and long listings are split into pages
//! (`page/2/`, …) of `paginate` items.

use super::views::*;
use super::{Head, Job, Renderer};
use crate::archive::{self, Entry, Group};
use crate::content::Section;
use crate::content::front_matter::{DocType, Field};
use rayon::prelude::*;

/// A generated listing, the same in every language.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Listing {
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

    /// Path of page `n` (1-based) of the listing.
    fn page_path(&self, n: usize) -> String {
        if n <= 1 {
            self.path()
        } else {
            format!("{}page/{n}/", self.path())
        }
    }

    fn is_documents(&self) -> bool {
        matches!(
            self,
            Listing::Documents
                | Listing::DocumentYear(_)
                | Listing::DocumentType(_)
                | Listing::DocumentIssuer(_)
        )
    }
}

/// Groups entries by an enum key, in the enum's order.
fn groups_by<'a, K: Copy + PartialEq>(
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

fn doc_type(e: &Entry) -> Option<DocType> {
    Some(e.page.page.front.doc_type.unwrap_or(DocType::Other))
}

/// A facet: its heading, then (title, path, count) of each link.
type FacetSpec = (String, Vec<(String, String, usize)>);

/// One language's documents and stories, grouped once for every listing.
struct Catalogue<'a> {
    docs: Vec<Entry<'a>>,
    stories: Vec<Entry<'a>>,
    /// Every listing with its heading and entries.
    listings: Vec<(Listing, String, Vec<Entry<'a>>)>,
    doc_facets: Vec<FacetSpec>,
    story_facets: Vec<FacetSpec>,
}

impl Renderer<'_> {
    fn catalogue<'a>(&'a self, lang: &str) -> Catalogue<'a> {
        let site = self.site;
        let docs = archive::entries(site, Section::Documents, lang);
        let stories = archive::entries(site, Section::Stories, lang);
        let years = archive::by_year(&docs);
        let types = groups_by(&docs, DocType::ALL, doc_type);
        let issuers = archive::by_text(site, &docs, lang, |p| p.page.front.issuer.as_ref());
        let fields = groups_by(&stories, Field::ALL, |e| e.page.page.front.field);
        let story_years = archive::by_year(&stories);
        let units = archive::by_text(site, &stories, lang, |p| p.page.front.unit.as_ref());
        let prefix = self.home_path(lang);
        let link = |title: String, listing: &Listing, count: usize| {
            (title, format!("{prefix}{}", listing.path()), count)
        };
        let named =
            |groups: &[Group], make: fn(String) -> Listing| -> Vec<(String, String, usize)> {
                groups
                    .iter()
                    .map(|g| link(g.name.clone(), &make(g.slug.clone()), g.entries.len()))
                    .collect()
            };
        let doc_facets = vec![
            (
                self.t(lang, "archive_by_year"),
                named(&years, Listing::DocumentYear),
            ),
            (
                self.t(lang, "archive_by_type"),
                types
                    .iter()
                    .map(|(t, e)| {
                        link(
                            self.t(lang, &t.string_key("doc_type")),
                            &Listing::DocumentType(*t),
                            e.len(),
                        )
                    })
                    .collect(),
            ),
            (
                self.t(lang, "archive_by_issuer"),
                named(&issuers, Listing::DocumentIssuer),
            ),
        ];
        let story_facets = vec![
            (
                self.t(lang, "stories_by_field"),
                fields
                    .iter()
                    .map(|(f, e)| {
                        link(
                            self.t(lang, &f.string_key("field")),
                            &Listing::StoryField(*f),
                            e.len(),
                        )
                    })
                    .collect(),
            ),
            (
                self.t(lang, "stories_by_year"),
                named(&story_years, Listing::StoryYear),
            ),
            (
                self.t(lang, "stories_by_unit"),
                named(&units, Listing::StoryUnit),
            ),
        ];
        let mut listings = vec![
            (Listing::Documents, self.t(lang, "documents"), docs.clone()),
            (Listing::Stories, self.t(lang, "stories"), stories.clone()),
        ];
        let documents = self.t(lang, "documents");
        let stories_word = self.t(lang, "stories");
        listings.extend(years.into_iter().map(|g| {
            (
                Listing::DocumentYear(g.slug.clone()),
                format!("{documents} {}", g.name),
                g.entries,
            )
        }));
        listings.extend(types.into_iter().map(|(t, e)| {
            (
                Listing::DocumentType(t),
                self.t(lang, &t.string_key("doc_type")),
                e,
            )
        }));
        listings.extend(
            issuers
                .into_iter()
                .map(|g| (Listing::DocumentIssuer(g.slug.clone()), g.name, g.entries)),
        );
        listings.extend(fields.into_iter().map(|(f, e)| {
            (
                Listing::StoryField(f),
                self.t(lang, &f.string_key("field")),
                e,
            )
        }));
        listings.extend(story_years.into_iter().map(|g| {
            (
                Listing::StoryYear(g.slug.clone()),
                format!("{stories_word} {}", g.name),
                g.entries,
            )
        }));
        listings.extend(
            units
                .into_iter()
                .map(|g| (Listing::StoryUnit(g.slug.clone()), g.name, g.entries)),
        );
        Catalogue {
            docs,
            stories,
            listings,
            doc_facets,
            story_facets,
        }
    }

    /// The path of every listing's first page, below the language prefix,
    /// the same in every language (read from the default language's).
    pub(super) fn listing_paths(&self) -> Vec<String> {
        self.catalogue(&self.site.config.default_language)
            .listings
            .iter()
            .map(|(listing, _, _)| listing.path())
            .collect()
    }

    /// Jobs for every generated page of one language.
    pub(super) fn list_jobs(&self, lang: &str) -> Vec<Job> {
        let catalogue = self.catalogue(lang);
        let per_page = self.site.config.paginate.max(1);
        let pages: Vec<(&Listing, &String, &[Entry], usize, usize)> = catalogue
            .listings
            .iter()
            .flat_map(|(listing, heading, entries)| {
                let chunks: Vec<&[Entry]> = if entries.is_empty() {
                    vec![&[]]
                } else {
                    entries.chunks(per_page).collect()
                };
                let total = chunks.len();
                chunks
                    .into_iter()
                    .enumerate()
                    .map(move |(i, chunk)| (listing, heading, chunk, i + 1, total))
            })
            .collect();
        let mut jobs: Vec<Job> = pages
            .into_par_iter()
            .map(|(listing, heading, chunk, page, total)| {
                self.listing_job(lang, &catalogue, listing, heading, chunk, page, total)
            })
            .collect();
        jobs.push(self.home_job(lang, &catalogue));
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

    fn home_job(&self, lang: &str, catalogue: &Catalogue) -> Job {
        let prefix = self.home_path(lang);
        let home = self.site.version_for("_index", lang);
        let limit = self.site.config.home_limit;
        let view = HomeView {
            content_html: home
                .map(|h| self.expand_markers(&h.rendered.html, lang))
                .unwrap_or_default(),
            latest_documents: catalogue
                .docs
                .iter()
                .take(limit)
                .map(|e| self.doc_item(e.page, lang))
                .collect(),
            latest_stories: catalogue
                .stories
                .iter()
                .take(limit)
                .map(|e| self.story_item(e.page, lang))
                .collect(),
            documents_url: self.site.url(&format!("{prefix}documents/")),
            stories_url: self.site.url(&format!("{prefix}stories/")),
            plans: self.plan_lines(lang),
        };
        let heading = home.map(|h| h.page.title.clone()).unwrap_or_default();
        let versions = self.all_languages(|l| self.home_path(l));
        let mut ctx = self.common(lang, &prefix, Head::new(&heading), &versions);
        ctx.insert("home", &view);
        Job {
            path: format!("{prefix}index.html"),
            template: "home.html",
            context: ctx,
            origin: "the home page".to_string(),
        }
    }

    fn facets(&self, facets: &[FacetSpec], current: &str) -> Vec<Facet> {
        facets
            .iter()
            .map(|(heading, links)| Facet {
                heading: heading.clone(),
                links: links
                    .iter()
                    .map(|(title, path, count)| FacetLink {
                        title: title.clone(),
                        current: path == current,
                        url: self.site.url(path),
                        count: *count,
                    })
                    .collect(),
            })
            .collect()
    }

    fn pager(&self, lang: &str, listing: &Listing, page: usize, pages: usize) -> Option<PagerView> {
        if pages <= 1 {
            return None;
        }
        let prefix = self.home_path(lang);
        let url = |n: usize| self.site.url(&format!("{prefix}{}", listing.page_path(n)));
        Some(PagerView {
            label: crate::i18n::fill(
                &crate::i18n::fill(&self.t(lang, "page_of"), "n", &page.to_string()),
                "total",
                &pages.to_string(),
            ),
            prev_url: if page > 1 {
                url(page - 1)
            } else {
                String::new()
            },
            next_url: if page < pages {
                url(page + 1)
            } else {
                String::new()
            },
            pages: (1..=pages)
                .map(|n| PagerLink {
                    number: n,
                    url: url(n),
                    current: n == page,
                })
                .collect(),
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn listing_job(
        &self,
        lang: &str,
        catalogue: &Catalogue,
        listing: &Listing,
        heading: &str,
        entries: &[Entry],
        page: usize,
        pages: usize,
    ) -> Job {
        let prefix = self.home_path(lang);
        let base = format!("{prefix}{}", listing.path());
        let path = format!("{prefix}{}", listing.page_path(page));
        let versions =
            self.all_languages(|l| format!("{}{}", self.home_path(l), listing.page_path(page)));
        let pager = self.pager(lang, listing, page, pages);
        let title = match &pager {
            Some(p) => format!("{heading} ({})", p.label),
            None => heading.to_string(),
        };
        let mut ctx = self.common(lang, &path, Head::new(&title), &versions);
        if listing.is_documents() {
            let to_group = |heading: String, id: String, entries: &[Entry]| DocGroup {
                heading,
                id,
                items: entries
                    .iter()
                    .map(|e| self.doc_item(e.page, lang))
                    .collect(),
            };
            let groups = if let Listing::DocumentYear(_) = listing {
                groups_by(entries, DocType::ALL, doc_type)
                    .into_iter()
                    .map(|(t, e)| {
                        to_group(
                            self.t(lang, &t.string_key("doc_type")),
                            t.slug().to_string(),
                            &e,
                        )
                    })
                    .collect()
            } else {
                archive::by_year(entries)
                    .into_iter()
                    .map(|g| to_group(g.name.clone(), format!("y{}", g.slug), &g.entries))
                    .collect()
            };
            let view = ArchiveView {
                heading: heading.to_string(),
                intro: String::new(),
                groups,
                facets: self.facets(&catalogue.doc_facets, &base),
                pager,
            };
            ctx.insert("archive", &view);
        } else {
            let view = StoriesView {
                heading: heading.to_string(),
                intro: String::new(),
                items: entries
                    .iter()
                    .map(|e| self.story_item(e.page, lang))
                    .collect(),
                facets: self.facets(&catalogue.story_facets, &base),
                pager,
            };
            ctx.insert("listing", &view);
        }
        Job {
            path: format!("{path}index.html"),
            template: if listing.is_documents() {
                "archive.html"
            } else {
                "stories.html"
            },
            context: ctx,
            origin: format!("the listing {}", listing.page_path(page)),
        }
    }
}
