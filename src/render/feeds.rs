//! Site-wide files of each language: the search page, the Atom feed, and
//! across languages the sitemap and robots.txt.

use super::views::*;
use super::{Head, Job, Renderer};
use crate::content::Section;
use crate::site::SitePage;

/// Where the sitemap is published, and what errors call it.
pub(super) const SITEMAP: &str = "sitemap.xml";
pub(super) const SITEMAP_ORIGIN: &str = "the sitemap";

impl Renderer<'_> {
    /// The search page of one language; its script loads the index
    /// ([`crate::search`]) when the reader searches.
    pub(super) fn search_job(&self, lang: &str) -> Job {
        let prefix = self.home_path(lang);
        let path = format!("{prefix}search/");
        let versions = self.all_languages(|l| format!("{}search/", self.home_path(l)));
        let view = SearchView {
            heading: self.t(lang, "search"),
            index_url: self
                .site
                .url(&format!("{prefix}{}", crate::search::INDEX_PATH)),
            script_url: self.site.asset_url("search.js"),
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
    pub(super) fn feed_job(&self, lang: &str) -> Job {
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
                summary: self.page_summary(p),
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

    /// robots.txt: everything may be crawled; where the sitemap is.
    pub(super) fn robots_txt(&self) -> String {
        format!(
            "User-agent: *\nAllow: /\nSitemap: {}\n",
            self.site.config.absolute(&self.site.url("sitemap.xml"))
        )
    }

    /// The sitemap: every page of every language with its alternates, and
    /// the generated pages: the home and search pages, the listings at
    /// `listings` (below the language prefix), the dashboards.
    pub(super) fn sitemap_job(&self, listings: &[String]) -> Job {
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
        // Generated pages exist in every language at the same path below
        // the language prefix: the home page, search, listings, dashboards.
        let mut generated = vec![String::new(), "search/".to_string()];
        generated.extend(listings.iter().cloned());
        if !self.site.progress.files.is_empty() {
            generated.push("progress/".to_string());
            generated.extend(
                self.site
                    .progress
                    .files
                    .keys()
                    .map(|id| format!("progress/{id}/")),
            );
            generated.extend(self.unit_paths());
        }
        for suffix in generated {
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
        urls.sort_by(|a, b| a.loc.cmp(&b.loc));
        let lang = config.default_language.as_str();
        let mut ctx = self.common(lang, SITEMAP, Head::new(""), &[]);
        ctx.insert("urls", &urls);
        Job {
            path: SITEMAP.to_string(),
            template: "sitemap.xml",
            context: ctx,
            origin: SITEMAP_ORIGIN.to_string(),
        }
    }
}
