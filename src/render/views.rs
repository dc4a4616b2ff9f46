//! What templates receive: plain serialisable structs, filled from the site
//! model with every string already in the reader's language (dates, numbers
//! and labels formatted here, never in templates).

use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    pub base_path: String,
    pub organisation: String,
}

#[derive(Debug, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    pub current: bool,
    /// The page's language when it has no version in the reader's.
    pub lang: String,
    /// "(Tiếng Việt)" beside such a page.
    pub note: String,
}

#[derive(Debug, Serialize)]
pub struct LanguageLink {
    pub code: String,
    pub name: String,
    pub url: String,
    pub current: bool,
    pub has_translation: bool,
}

#[derive(Debug, Serialize, Clone)]
pub struct Alternate {
    pub lang: String,
    pub href: String,
}

#[derive(Debug, Serialize)]
pub struct MetaView {
    pub title: String,
    pub description: String,
    pub canonical: String,
    pub og_type: &'static str,
    pub og_image: String,
    /// Width and height of `og_image`, when known (0 when not).
    pub og_image_width: u32,
    pub og_image_height: u32,
    pub og_image_alt: String,
    pub alternates: Vec<Alternate>,
    pub feed_url: String,
    pub css_url: String,
}

#[derive(Debug, Serialize)]
pub struct TranslationLink {
    pub lang: String,
    pub lang_name: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct PageView {
    pub title: String,
    pub url: String,
    pub lang: String,
    pub date: String,
    pub date_iso: String,
    pub updated: String,
    pub updated_iso: String,
    pub summary: String,
    pub content_html: String,
    pub toc: Vec<crate::markdown::TocEntry>,
    pub tags: Vec<String>,
    pub translation: Option<TranslationLink>,
}

#[derive(Debug, Serialize, Clone)]
pub struct AttachmentView {
    pub name: String,
    pub url: String,
    pub size: String,
    pub sha256: String,
}

#[derive(Debug, Serialize)]
pub struct DocItem {
    pub title: String,
    pub url: String,
    pub number: String,
    pub date: String,
    pub date_iso: String,
    pub type_name: String,
    pub issuer: String,
    pub attachments: Vec<AttachmentView>,
    pub original_lang_note: String,
    pub hreflang: String,
}

#[derive(Debug, Serialize)]
pub struct SignerView {
    pub capacity: String,
    pub position: String,
    pub name: String,
}

#[derive(Debug, Serialize)]
pub struct DocumentView {
    pub number: String,
    pub type_name: String,
    pub type_heading: String,
    pub issuer_upper: String,
    pub parent_issuer_upper: String,
    pub place_date: String,
    pub signer: Option<SignerView>,
    /// Each with its closing mark: ";" and "." for the last.
    pub recipients: Vec<String>,
    pub attachments: Vec<AttachmentView>,
    pub status: String,
    pub status_label: String,
    /// The bars of the plan's targets, when `progress:` names a file.
    pub progress_html: String,
}

#[derive(Debug, Serialize)]
pub struct StoryItem {
    pub title: String,
    pub url: String,
    pub unit: String,
    pub field_name: String,
    pub year: String,
    pub summary: String,
    pub original_lang_note: String,
    pub hreflang: String,
}

#[derive(Debug, Serialize)]
pub struct ResultCard {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct StoryView {
    pub unit: String,
    pub field_name: String,
    pub field_url: String,
    pub year: String,
    pub year_url: String,
    pub recognition_label: String,
    pub results: Vec<ResultCard>,
}

#[derive(Debug, Serialize)]
pub struct FacetLink {
    pub title: String,
    pub url: String,
    pub count: usize,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct Facet {
    pub heading: String,
    pub links: Vec<FacetLink>,
}

#[derive(Debug, Serialize)]
pub struct DocGroup {
    pub heading: String,
    pub id: String,
    pub items: Vec<DocItem>,
}

#[derive(Debug, Serialize)]
pub struct ArchiveView {
    pub heading: String,
    pub intro: String,
    pub groups: Vec<DocGroup>,
    pub facets: Vec<Facet>,
    pub pager: Option<PagerView>,
}

/// Links between the pages of a long listing.
#[derive(Debug, Serialize)]
pub struct PagerView {
    /// "Trang 2/5", "Page 2 of 5".
    pub label: String,
    pub prev_url: String,
    pub next_url: String,
    pub pages: Vec<PagerLink>,
}

#[derive(Debug, Serialize)]
pub struct PagerLink {
    pub number: usize,
    pub url: String,
    pub current: bool,
}

#[derive(Debug, Serialize)]
pub struct StoriesView {
    pub heading: String,
    pub intro: String,
    pub items: Vec<StoryItem>,
    pub facets: Vec<Facet>,
    pub pager: Option<PagerView>,
}

#[derive(Debug, Serialize)]
pub struct HomeView {
    pub content_html: String,
    pub latest_documents: Vec<DocItem>,
    pub latest_stories: Vec<StoryItem>,
    pub documents_url: String,
    pub stories_url: String,
    /// One line per running plan: its statuses, a link to its dashboard.
    pub plans: Vec<super::dashboards::PlanLine>,
}

#[derive(Debug, Serialize)]
pub struct FeedEntry {
    pub title: String,
    pub url: String,
    pub updated: String,
    pub summary: String,
}

#[derive(Debug, Serialize)]
pub struct FeedView {
    pub title: String,
    pub id: String,
    pub url: String,
    pub home: String,
    pub updated: String,
    pub entries: Vec<FeedEntry>,
}

#[derive(Debug, Serialize)]
pub struct SitemapUrl {
    pub loc: String,
    pub lastmod: String,
    pub alternates: Vec<Alternate>,
}

/// The search page: where its script and the language's index are.
#[derive(Debug, Serialize)]
pub struct SearchView {
    pub heading: String,
    pub index_url: String,
    pub script_url: String,
    pub documents_url: String,
    pub stories_url: String,
}
