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
use crate::error::Error;

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

    /// The template its pages are rendered with.
    fn template(&self) -> &'static str {
        if self.is_documents() {
            "archive.html"
        } else {
            "stories.html"
        }
    }
}

fn doc_type(e: &Entry) -> Option<DocType> {
    Some(e.page.page.front.doc_type.unwrap_or(DocType::Other))
}

/// A facet: its heading, then (title, path, count) of each link.
type FacetSpec = (String, Vec<(String, String, usize)>);

/// The groups every listing and facet is made from.
struct Groups<'a> {
    years: Vec<Group<'a>>,
    types: Vec<(DocType, Vec<Entry<'a>>)>,
    issuers: Vec<Group<'a>>,
    fields: Vec<(Field, Vec<Entry<'a>>)>,
    story_years: Vec<Group<'a>>,
    units: Vec<Group<'a>>,
}

/// One page of a listing: `entries` are the items it shows, page `page`
/// of `pages`.
#[derive(Clone, Copy)]
pub(super) struct ListingPage<'c> {
    lang: &'c str,
    /// The facets of its section, from the catalogue.
    facets: &'c [FacetSpec],
    listing: &'c Listing,
    heading: &'c str,
    entries: &'c [Entry<'c>],
    page: usize,
    pages: usize,
}

/// One copy of each catalogue's facets, by the address of the original.
pub(super) type FacetCache = std::collections::HashMap<usize, std::sync::Arc<[FacetSpec]>>;

/// A listing page that borrows nothing: its entries by their index in
/// [`Site::pages`], for `serve` to render it when it is asked for.
pub(super) struct OwnedListing {
    lang: String,
    facets: std::sync::Arc<[FacetSpec]>,
    listing: Listing,
    heading: String,
    entries: Vec<usize>,
    page: usize,
    pages: usize,
}

impl OwnedListing {
    /// `page` in a form that borrows nothing; `facets` keeps one copy of
    /// each catalogue's facets for all its pages.
    pub(super) fn new(
        site: &crate::site::Site,
        page: &ListingPage,
        facets: &mut FacetCache,
    ) -> OwnedListing {
        let shared = facets
            .entry(page.facets.as_ptr() as usize)
            .or_insert_with(|| page.facets.into())
            .clone();
        OwnedListing {
            lang: page.lang.to_string(),
            facets: shared,
            listing: page.listing.clone(),
            heading: page.heading.to_string(),
            entries: page.entries.iter().map(|e| site.index_of(e.page)).collect(),
            page: page.page,
            pages: page.pages,
        }
    }

    /// Calls `f` with the listing page this stands for in `site`; `None`
    /// when `site` no longer has one of its entries.
    pub(super) fn with_page<R>(
        &self,
        site: &crate::site::Site,
        f: impl FnOnce(&ListingPage) -> R,
    ) -> Option<R> {
        let entries: Vec<Entry> = self
            .entries
            .iter()
            .map(|&i| site.pages.get(i).map(|page| Entry { page }))
            .collect::<Option<_>>()?;
        Some(f(&ListingPage {
            lang: &self.lang,
            facets: &self.facets,
            listing: &self.listing,
            heading: &self.heading,
            entries: &entries,
            page: self.page,
            pages: self.pages,
        }))
    }

    /// The template it is rendered with.
    pub(super) fn template(&self) -> &'static str {
        self.listing.template()
    }
}

impl ListingPage<'_> {
    /// Where the page comes from, for errors.
    pub(super) fn origin(&self) -> String {
        format!("the listing {}", self.listing.page_path(self.page))
    }
}

/// One language's documents and stories, grouped once for every listing.
pub(super) struct Catalogue<'a> {
    docs: Vec<Entry<'a>>,
    stories: Vec<Entry<'a>>,
    /// Every listing with its heading and entries.
    listings: Vec<(Listing, String, Vec<Entry<'a>>)>,
    doc_facets: Vec<FacetSpec>,
    story_facets: Vec<FacetSpec>,
}

impl Catalogue<'_> {
    /// The facets of the documents or of the stories.
    pub(super) fn facets(&self, documents: bool) -> &[FacetSpec] {
        if documents {
            &self.doc_facets
        } else {
            &self.story_facets
        }
    }
}

impl Renderer<'_> {
    /// One language's documents and stories with every listing and facet.
    pub(super) fn catalogue<'a>(&'a self, lang: &str) -> Catalogue<'a> {
        let site = self.site;
        let docs = archive::entries(site, Section::Documents, lang);
        let stories = archive::entries(site, Section::Stories, lang);
        let groups = Groups {
            years: archive::by_year(&docs),
            types: archive::by_kind(&docs, DocType::ALL, doc_type),
            issuers: archive::by_text(site, &docs, lang, |p| p.page.front.issuer.as_ref()),
            fields: archive::by_kind(&stories, Field::ALL, |e| e.page.page.front.field),
            story_years: archive::by_year(&stories),
            units: archive::by_text(site, &stories, lang, |p| p.page.front.unit.as_ref()),
        };
        let (doc_facets, story_facets) = self.facet_specs(lang, &groups);
        let listings = self.listings(lang, &docs, &stories, groups);
        Catalogue {
            docs,
            stories,
            listings,
            doc_facets,
            story_facets,
        }
    }

    /// The facets of the document archive and of the story listings.
    fn facet_specs(&self, lang: &str, groups: &Groups) -> (Vec<FacetSpec>, Vec<FacetSpec>) {
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
        let types = groups
            .types
            .iter()
            .map(|(t, e)| {
                let name = self.t(lang, &t.string_key("doc_type"));
                link(name, &Listing::DocumentType(*t), e.len())
            })
            .collect();
        let fields = groups
            .fields
            .iter()
            .map(|(f, e)| {
                let name = self.t(lang, &f.string_key("field"));
                link(name, &Listing::StoryField(*f), e.len())
            })
            .collect();
        (
            vec![
                (
                    self.t(lang, "archive_by_year"),
                    named(&groups.years, Listing::DocumentYear),
                ),
                (self.t(lang, "archive_by_type"), types),
                (
                    self.t(lang, "archive_by_issuer"),
                    named(&groups.issuers, Listing::DocumentIssuer),
                ),
            ],
            vec![
                (self.t(lang, "stories_by_field"), fields),
                (
                    self.t(lang, "stories_by_year"),
                    named(&groups.story_years, Listing::StoryYear),
                ),
                (
                    self.t(lang, "stories_by_unit"),
                    named(&groups.units, Listing::StoryUnit),
                ),
            ],
        )
    }

    /// Every listing with its heading and entries: all documents, all
    /// stories, then one listing per group.
    fn listings<'a>(
        &self,
        lang: &str,
        docs: &[Entry<'a>],
        stories: &[Entry<'a>],
        groups: Groups<'a>,
    ) -> Vec<(Listing, String, Vec<Entry<'a>>)> {
        let documents = self.t(lang, "documents");
        let stories_word = self.t(lang, "stories");
        let mut listings = vec![
            (Listing::Documents, documents.clone(), docs.to_vec()),
            (Listing::Stories, stories_word.clone(), stories.to_vec()),
        ];
        listings.extend(groups.years.into_iter().map(|g| {
            let heading = format!("{documents} {}", g.name);
            (Listing::DocumentYear(g.slug), heading, g.entries)
        }));
        listings.extend(groups.types.into_iter().map(|(t, e)| {
            let heading = self.t(lang, &t.string_key("doc_type"));
            (Listing::DocumentType(t), heading, e)
        }));
        listings.extend(
            groups
                .issuers
                .into_iter()
                .map(|g| (Listing::DocumentIssuer(g.slug), g.name, g.entries)),
        );
        listings.extend(groups.fields.into_iter().map(|(f, e)| {
            let heading = self.t(lang, &f.string_key("field"));
            (Listing::StoryField(f), heading, e)
        }));
        listings.extend(groups.story_years.into_iter().map(|g| {
            let heading = format!("{stories_word} {}", g.name);
            (Listing::StoryYear(g.slug), heading, g.entries)
        }));
        listings.extend(
            groups
                .units
                .into_iter()
                .map(|g| (Listing::StoryUnit(g.slug), g.name, g.entries)),
        );
        listings
    }

    /// The path of every listing's first page of `catalogue`, below the
    /// language prefix: the same in every language, as the groups' slugs
    /// are those of the default language's versions.
    pub(super) fn listing_paths(catalogue: &Catalogue) -> Vec<String> {
        catalogue
            .listings
            .iter()
            .map(|(listing, _, _)| listing.path())
            .collect()
    }

    /// Every page of every listing of one language, each to be rendered
    /// on its own: its view is built just before and dropped after, so
    /// that a large site's listings are never all in memory at once.
    pub(super) fn listing_pages<'c>(
        &self,
        lang: &'c str,
        catalogue: &'c Catalogue<'c>,
    ) -> Vec<ListingPage<'c>> {
        let per_page = self.site.config.paginate.max(1);
        catalogue
            .listings
            .iter()
            .flat_map(|(listing, heading, entries)| {
                let chunks: Vec<&[Entry]> = if entries.is_empty() {
                    vec![&[]]
                } else {
                    entries.chunks(per_page).collect()
                };
                let pages = chunks.len();
                chunks
                    .into_iter()
                    .enumerate()
                    .map(move |(i, entries)| ListingPage {
                        lang,
                        facets: catalogue.facets(listing.is_documents()),
                        listing,
                        heading,
                        entries,
                        page: i + 1,
                        pages,
                    })
            })
            .collect()
    }

    /// The output path of a listing page.
    pub(super) fn listing_page_path(&self, page: &ListingPage) -> String {
        format!(
            "{}{}index.html",
            self.home_path(page.lang),
            page.listing.page_path(page.page)
        )
    }

    /// The home page, the 404 page, the search page and the feed of one
    /// language.
    pub(super) fn generated_jobs(
        &self,
        lang: &str,
        catalogue: &Catalogue,
    ) -> Result<Vec<Job>, Error> {
        let prefix = self.home_path(lang);
        let title = self.t(lang, "page_not_found");
        let path_404 = format!("{prefix}404.html");
        Ok(vec![
            self.home_job(lang, catalogue)?,
            Job {
                context: self.common(lang, &path_404, Head::new(&title), &[]),
                path: path_404,
                template: "404.html",
                origin: "the 404 page".to_string(),
            },
            self.search_job(lang),
            self.feed_job(lang),
        ])
    }

    fn home_job(&self, lang: &str, catalogue: &Catalogue) -> Result<Job, Error> {
        let prefix = self.home_path(lang);
        let home = self.site.version_for("_index", lang);
        let limit = self.site.config.home_limit;
        let view = HomeView {
            content_html: match home {
                Some(h) => self.expand_markers(&self.site.html(h), lang)?,
                None => String::new(),
            },
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
        Ok(Job {
            path: format!("{prefix}index.html"),
            template: "home.html",
            context: ctx,
            origin: "the home page".to_string(),
        })
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

    /// The view of one listing page, ready to render.
    pub(super) fn listing_job(&self, listing_page: &ListingPage) -> Job {
        let ListingPage {
            lang,
            facets,
            listing,
            heading,
            entries,
            page,
            pages,
        } = *listing_page;
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
        let description = self.listing_description(lang, &title, entries, listing.is_documents());
        let mut head = Head::new(&title);
        head.description = &description;
        let mut ctx = self.common(lang, &path, head, &versions);
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
                archive::by_kind(entries, DocType::ALL, doc_type)
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
                facets: self.facets(facets, &base),
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
                facets: self.facets(facets, &base),
                pager,
            };
            ctx.insert("listing", &view);
        }
        Job {
            path: self.listing_page_path(listing_page),
            template: listing.template(),
            context: ctx,
            origin: listing_page.origin(),
        }
    }
}
