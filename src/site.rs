//! The site model: every page with its URL, its translations and its
//! rendered Markdown; every published file with its URL. Built once from
//! loaded content, read by the archive and the renderer.

use crate::config::Config;
use crate::content::{Asset, Content, Page, Section};
use crate::error::{Diagnostics, Error, Location};
use crate::markdown::{self, Body, LinkResolver, Rendered};
use crate::photos::Photo;
use crate::progress::{Progress, shortcode};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// One page's Markdown, rendered, with positions for later checks.
struct MarkdownResult {
    rendered: Rendered,
    link_locations: Vec<Location>,
    heading_locations: Vec<Location>,
    errors: Vec<Error>,
    warnings: Vec<(Location, String)>,
}

/// A page with everything the renderer needs.
#[derive(Debug)]
pub struct SitePage {
    /// Shared with the loader's cache of `serve`: a page whose file did
    /// not change is not loaded again.
    pub page: std::sync::Arc<Page>,
    /// Path below the output folder, without `index.html`: `en/stories/x/`.
    pub path: String,
    /// The URL links use, base path included: `/phongtho/en/stories/x/`.
    pub url: String,
    /// Shared, like `page`, with `serve`'s cache ([`MarkdownCache`]).
    pub rendered: Arc<Rendered>,
    /// Where each link of `rendered.links` is written in the file.
    pub link_locations: Arc<Vec<Location>>,
    /// Where each heading of `rendered.toc` is written in the file.
    pub heading_locations: Arc<Vec<Location>>,
    /// `build` and `check`, which render each page once: its HTML, moved
    /// here from `rendered` by [`Site::forget_sources`] and handed to the
    /// page's view by [`Site::take_html`], so that it is let go of as
    /// soon as the page is rendered instead of held to the end.
    html_once: std::sync::Mutex<HtmlOnce>,
}

/// Where a page's HTML is, in `build` and `check` ([`SitePage::html_once`]).
#[derive(Debug, Default)]
enum HtmlOnce {
    /// In the model (`rendered`), as `serve` and home pages have it.
    #[default]
    InModel,
    /// Put aside for the page's view.
    Aside(String),
    /// Handed to the page's view and let go of.
    Taken,
}

/// What `serve` keeps between rebuilds so that a page's Markdown is
/// rendered again only when the page changed, or what its links and
/// shortcodes resolve against did (another page's URL, a file, a photo,
/// the progress data, the settings).
#[derive(Debug, Default)]
pub struct MarkdownCache {
    state: std::sync::Mutex<MarkdownState>,
}

#[derive(Debug, Default)]
struct MarkdownState {
    /// A digest of the settings, the base path and the photos.
    settings: u64,
    /// A digest of the progress data, which shortcodes show.
    progress: u64,
    /// A digest of where links can lead: every page's URL, every file's.
    targets: u64,
    /// By the address of the page each was rendered from, which the
    /// entry keeps alive: the loader's cache hands out the same page
    /// while its file is unchanged, and any other page is another one.
    pages: FxHashMap<usize, Reusable>,
}

/// The key of `page` in [`MarkdownState::pages`].
fn page_address(page: &Arc<Page>) -> usize {
    Arc::as_ptr(page) as usize
}

/// One page's Markdown as rendered last time, with the page it was
/// rendered from. It holds as long as the settings are the same, every
/// link of it leads where it led, and, when it may have shortcodes, the
/// progress data is the same.
#[derive(Debug, Clone)]
struct Reusable {
    page: Arc<Page>,
    rendered: Arc<Rendered>,
    link_locations: Arc<Vec<Location>>,
    heading_locations: Arc<Vec<Location>>,
    warnings: Vec<(Location, String)>,
}

impl Reusable {
    /// Whether the page may have shortcodes, which show progress data.
    fn may_show_progress(&self) -> bool {
        self.page.body.contains("{{")
    }
}

/// A file published as is.
#[derive(Debug, Clone)]
pub struct PublishedFile {
    pub source: PathBuf,
    /// Path below the output folder.
    pub path: String,
    pub url: String,
    pub size: u64,
    /// Its size and modification time when the content was loaded.
    pub stamp: Option<crate::fs::Stamp>,
}

/// The whole site, before rendering.
#[derive(Debug)]
pub struct Site {
    pub config: Config,
    pub base_path: String,
    pub pages: Vec<SitePage>,
    /// Translation key → language → index in `pages`.
    pub translations: FxHashMap<String, BTreeMap<String, usize>>,
    /// Content-relative asset path → published file.
    pub files: BTreeMap<PathBuf, PublishedFile>,
    /// Content-relative path of each photo of a bundle → its planned
    /// sizes, or why it cannot be read (told where it is used).
    pub photos: BTreeMap<PathBuf, Result<Photo, String>>,
    /// The encoded sizes of every photo a page shows: output path, bytes
    /// and the photo's name.
    pub photo_files: Vec<(String, Vec<u8>, String)>,
    /// Where encoded photos and share cards are kept between builds.
    pub cache: Option<PathBuf>,
    /// Keys of pages that failed to load, whose errors are already told.
    pub failed: std::collections::BTreeSet<String>,
    pub progress: Progress,
    /// Theme stylesheets and scripts → the names they are published
    /// under, with a content hash (`style.3f2a1c9b.css`): a server may let
    /// browsers cache them for good.
    pub assets: BTreeMap<String, String>,
    /// Whether each page's HTML and plain text are kept in the model
    /// (`build`, `check`: the HTML until the page's own view takes it,
    /// [`Site::take_html`]), or let go of and rendered again when a page
    /// needs them (`serve`, which holds the site for its whole run).
    pub keeps_bodies: bool,
}

impl Site {
    /// The URL of theme file `name` (`style.css`) under its published name.
    pub fn asset_url(&self, name: &str) -> String {
        self.url(self.assets.get(name).map_or(name, String::as_str))
    }

    /// The output path prefix of a language: `` for the default, `en/`.
    pub fn lang_prefix(&self, lang: &str) -> String {
        lang_prefix(&self.config, lang)
    }

    /// A URL for an output path (`en/documents/`).
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base_path)
    }

    /// The version of `key` to show to a reader of `lang`: the translation,
    /// else the default language's, else the first there is.
    pub fn version_for(&self, key: &str, lang: &str) -> Option<&SitePage> {
        self.version_among(self.translations.get(key)?, lang)
    }

    /// [`Site::version_for`] among `versions`, one key's entry of
    /// [`Site::translations`].
    pub fn version_among(
        &self,
        versions: &BTreeMap<String, usize>,
        lang: &str,
    ) -> Option<&SitePage> {
        let index = versions
            .get(lang)
            .or_else(|| versions.get(&self.config.default_language))
            .or_else(|| versions.values().next())?;
        Some(&self.pages[*index])
    }

    /// Where `page`, a page of this site, is in [`Site::pages`].
    pub fn index_of(&self, page: &SitePage) -> usize {
        let offset = (page as *const SitePage as usize).wrapping_sub(self.pages.as_ptr() as usize)
            / std::mem::size_of::<SitePage>().max(1);
        debug_assert!(
            offset < self.pages.len() && std::ptr::eq(&self.pages[offset], page),
            "a page of another site"
        );
        offset
    }

    /// Every translation key of `section`, each once, in a stable order.
    pub fn keys_of(&self, section: Section) -> Vec<&str> {
        let mut keys: Vec<&str> = self
            .pages
            .iter()
            .filter(|p| p.page.section == section)
            .map(|p| p.page.key.as_str())
            .collect();
        keys.sort_unstable();
        keys.dedup();
        keys
    }

    /// The HTML of `page`, a page of this site: as kept, or rendered
    /// again from its Markdown where the model let it go. Not to be asked
    /// for once the page's view took it ([`Site::take_html`]): its source
    /// is let go of too.
    pub fn html<'a>(&self, page: &'a SitePage) -> std::borrow::Cow<'a, str> {
        match &*page.html_once.lock().unwrap_or_else(|e| e.into_inner()) {
            HtmlOnce::Aside(html) => return std::borrow::Cow::Owned(html.clone()),
            HtmlOnce::Taken => {
                debug_assert!(false, "the HTML of a page asked for after its view took it")
            }
            HtmlOnce::InModel => {}
        }
        match &page.rendered.body {
            Some(body) => std::borrow::Cow::Borrowed(&body.html),
            None => std::borrow::Cow::Owned(self.render_again(page).html),
        }
    }

    /// [`Site::html`] for the view of `page` itself, which renders it
    /// once: the HTML that [`Site::forget_sources`] put aside is handed
    /// over and let go of with the view.
    pub fn take_html<'a>(&self, page: &'a SitePage) -> std::borrow::Cow<'a, str> {
        let mut once = page.html_once.lock().unwrap_or_else(|e| e.into_inner());
        match std::mem::take(&mut *once) {
            HtmlOnce::Aside(html) => {
                *once = HtmlOnce::Taken;
                std::borrow::Cow::Owned(html)
            }
            other => {
                *once = other;
                drop(once);
                self.html(page)
            }
        }
    }

    /// The plain text of `page`, as kept or rendered again, as
    /// [`Site::html`] gives the HTML.
    pub fn text<'a>(&self, page: &'a SitePage) -> std::borrow::Cow<'a, str> {
        match &page.rendered.body {
            Some(body) => std::borrow::Cow::Borrowed(&body.text),
            None => std::borrow::Cow::Owned(self.render_again(page).text),
        }
    }

    /// The HTML and plain text of `page`, rendered from its Markdown.
    fn render_again(&self, page: &SitePage) -> Body {
        render_markdown(self, &page.page, &page.page.body)
            .rendered
            .body
            .unwrap_or_default()
    }

    /// Other-language versions of a page, in site language order.
    pub fn translations_of(&self, page: &SitePage) -> Vec<&SitePage> {
        let versions = &self.translations[&page.page.key];
        self.config
            .language_codes()
            .filter(|l| *l != page.page.lang)
            .filter_map(|l| versions.get(l).map(|i| &self.pages[*i]))
            .collect()
    }
}

fn lang_prefix(config: &Config, lang: &str) -> String {
    if lang == config.default_language {
        String::new()
    } else {
        format!("{lang}/")
    }
}

/// Builds the site model: URLs, translations, published files, Markdown.
/// Errors are returned beside the model, to be reported with the others.
/// With `cache`, the Markdown of every page rendered before from the same
/// page against the same links is taken from it, and each page's HTML and
/// plain text are not kept ([`Site::keeps_bodies`]): what `serve` holds
/// for its whole run stays small. With `keep_sources` false (`build`),
/// each page's Markdown source is let go of as soon as it is rendered,
/// so that the sources and their HTML are never all held at once.
pub fn build(
    config: Config,
    content: Content,
    progress: Progress,
    cache: Option<&MarkdownCache>,
    keep_sources: bool,
) -> (Site, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    check_progress_links(&content, &progress, &mut diagnostics);
    let base_path = config.base_path();
    let mut translations: FxHashMap<String, BTreeMap<String, usize>> = FxHashMap::default();
    let mut pages = Vec::with_capacity(content.pages.len());
    let mut paths: FxHashMap<String, PathBuf> = FxHashMap::default();
    for page in content.pages {
        let mut path = lang_prefix(&config, &page.lang);
        let prefix = page.section.url_prefix();
        if !prefix.is_empty() {
            path.push_str(prefix);
            path.push('/');
        }
        for segment in &page.segments {
            path.push_str(segment);
            path.push('/');
        }
        if let Some(other) = paths.get(&path) {
            diagnostics.push(Error::content(
                Location::file(&page.source),
                format!(
                    "this page and {} would both be published at {base_path}{path}: give one of them another `slug:` or file name",
                    other.display()
                ),
            ));
            continue;
        }
        paths.insert(path.clone(), page.source.clone());
        let versions = translations.entry(page.key.clone()).or_default();
        if let Some(other) = versions.get(&page.lang) {
            let other: &SitePage = &pages[*other];
            diagnostics.push(Error::content(
                Location::file(&page.source),
                format!(
                    "this file and {} are both the `{}` version of the same page: keep one, or rename one",
                    other.page.source.display(),
                    page.lang
                ),
            ));
            continue;
        }
        versions.insert(page.lang.clone(), pages.len());
        pages.push(SitePage {
            url: format!("{base_path}{path}"),
            path,
            page,
            rendered: Arc::default(),
            link_locations: Arc::default(),
            heading_locations: Arc::default(),
            html_once: std::sync::Mutex::default(),
        });
    }

    let mut files = publish_files(&config, &base_path, &content.assets, &pages, &translations);
    let photos = plan_photos(&mut files, &pages, &base_path);
    let mut site = Site {
        config,
        base_path,
        pages,
        translations,
        files,
        photos,
        photo_files: Vec::new(),
        cache: None,
        failed: content.failed,
        progress,
        assets: BTreeMap::new(),
        keeps_bodies: cache.is_none(),
    };

    // What every page is rendered against: the settings, the base path and
    // the photos (a `<picture>` shows every size); and the progress data,
    // which shortcodes show. Where links lead is checked link by link
    // ([`PageLinks::lead_as_before`]).
    let digests = cache.map(|_| {
        (
            digest(&[&site.config, &site.base_path, &site.photos]),
            digest(&[&site.progress]),
            link_targets_digest(&site),
        )
    });
    // Taken, not copied: this build writes the cache anew at its end.
    let mut earlier: MarkdownState = cache
        .map(|cache| std::mem::take(&mut *cache.state.lock().unwrap_or_else(|e| e.into_inner())))
        .unwrap_or_default();
    let usable = |k: &&Reusable| match digests {
        Some((settings, progress, _)) => {
            earlier.settings == settings && (earlier.progress == progress || !k.may_show_progress())
        }
        None => false,
    };
    // When no page or file moved, came or went, every link leads where
    // it led: none is resolved again.
    let same_targets = digests.is_some_and(|(_, _, targets)| earlier.targets == targets);
    // Taken out of the pages to be let go of one by one once rendered; a
    // page shared with a cache keeps its own.
    let sources: Vec<Option<String>> = site
        .pages
        .iter_mut()
        .map(|page| match keep_sources {
            true => None,
            false => Arc::get_mut(&mut page.page).map(|p| std::mem::take(&mut p.body)),
        })
        .collect();
    // `None` for a page whose Markdown is taken as it was.
    let results: Vec<(Option<Reusable>, Vec<Error>)> = site
        .pages
        .par_iter()
        .zip(sources)
        .map(|(page, source)| {
            let kept = earlier.pages.get(&page_address(&page.page)).filter(usable);
            let links = PageLinks {
                site: &site,
                page: &page.page,
            };
            if kept.is_some_and(|k| {
                Arc::ptr_eq(&k.page, &page.page)
                    && (same_targets || links.lead_as_before(&k.rendered.links))
            }) {
                return (None, Vec::new());
            }
            let source = source.as_deref().unwrap_or(&page.page.body);
            let mut result = render_markdown(&site, &page.page, source);
            if !site.keeps_bodies {
                result.rendered.drop_body();
            }
            let reusable = Reusable {
                page: page.page.clone(),
                rendered: Arc::new(result.rendered),
                link_locations: Arc::new(result.link_locations),
                heading_locations: Arc::new(result.heading_locations),
                warnings: result.warnings,
            };
            (Some(reusable), result.errors)
        })
        .collect();
    // The cache is updated where it stands: most pages are as they were.
    let mut kept = std::mem::take(&mut earlier.pages);
    drop(earlier);
    let mut in_cache = 0;
    for (page, (fresh, errors)) in site.pages.iter_mut().zip(results) {
        let address = page_address(&page.page);
        let failed;
        in_cache += 1;
        let result = match fresh {
            Some(fresh) if errors.is_empty() => kept.entry(address).insert_entry(fresh).into_mut(),
            Some(fresh) => {
                // What it was rendered with before must not come back.
                kept.remove(&address);
                in_cache -= 1;
                failed = fresh;
                &failed
            }
            None => &kept[&address],
        };
        page.rendered = result.rendered.clone();
        page.link_locations = result.link_locations.clone();
        page.heading_locations = result.heading_locations.clone();
        for (location, message) in &result.warnings {
            diagnostics.warn(location.clone(), message.clone());
        }
        errors.into_iter().for_each(|e| diagnostics.push(e));
    }
    // Every page of the site was either taken as it was or rendered now:
    // what is left of the others is of pages gone or changed since.
    if kept.len() > in_cache {
        let present: rustc_hash::FxHashSet<usize> =
            site.pages.iter().map(|p| page_address(&p.page)).collect();
        kept.retain(|address, _| present.contains(address));
    }
    if let (Some(cache), Some((settings, progress, targets))) = (cache, digests) {
        let mut state = cache.state.lock().unwrap_or_else(|e| e.into_inner());
        *state = MarkdownState {
            settings,
            progress,
            targets,
            pages: kept,
        };
    }
    for page in &site.pages {
        if let Some(image) = &page.page.front.image
            && let Some(Err(message)) = site.photos.get(&page.page.dir().join(image))
        {
            diagnostics.push(Error::content(
                crate::yaml::locate(page.page.block(), &["image"]),
                format!("the photo `{image}` {message}"),
            ));
        }
    }
    (site, diagnostics)
}

/// A digest of `parts` as they print for debugging: enough to tell
/// whether they changed between two rebuilds of one process.
fn digest(parts: &[&dyn std::fmt::Debug]) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    for part in parts {
        format!("{part:?}").hash(&mut hasher);
    }
    hasher.finish()
}

/// A digest of everything a link of a page resolves against besides the
/// settings and the photos: each page's translation key, language and URL
/// in order, the keys of pages that failed to load, every published
/// file's URL.
fn link_targets_digest(site: &Site) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut hasher = rustc_hash::FxHasher::default();
    site.pages.len().hash(&mut hasher);
    for page in &site.pages {
        (&page.page.key, &page.page.lang, &page.url).hash(&mut hasher);
    }
    site.failed.hash(&mut hasher);
    site.files.len().hash(&mut hasher);
    for (rel, file) in &site.files {
        (rel, &file.url).hash(&mut hasher);
    }
    hasher.finish()
}

/// Takes the photos of bundles out of the published files (an original
/// is published only when a page lists it in `attachments:`) and plans
/// the sizes each is published in, from its header.
fn plan_photos(
    files: &mut BTreeMap<PathBuf, PublishedFile>,
    pages: &[SitePage],
    base_path: &str,
) -> BTreeMap<PathBuf, Result<Photo, String>> {
    let candidates: Vec<(PathBuf, PublishedFile)> = files
        .iter()
        .filter(|(rel, _)| !rel.starts_with("static") && crate::photos::is_photo(rel))
        .map(|(rel, file)| (rel.clone(), file.clone()))
        .collect();
    if candidates.is_empty() {
        return BTreeMap::new();
    }
    let attached: std::collections::HashSet<PathBuf> = pages
        .iter()
        .flat_map(|p| {
            let dir = p.page.dir();
            p.page
                .front
                .attachments
                .iter()
                .filter(|a| crate::photos::is_photo(Path::new(a)))
                .map(move |a| dir.join(a))
        })
        .collect();
    for (rel, _) in &candidates {
        if !attached.contains(rel) {
            files.remove(rel);
        }
    }
    candidates
        .into_par_iter()
        .map(|(rel, file)| {
            let planned = crate::photos::probe(&file.source).map(|(w, h, alpha)| {
                let name = Path::new("content").join(&rel);
                Photo::plan(
                    file.source.clone(),
                    name,
                    w,
                    h,
                    alpha,
                    &file.path,
                    base_path,
                )
            });
            (rel, planned)
        })
        .collect()
}

/// Renders a page's Markdown against the site: shortcodes, links,
/// anchors, with every position mapped back to the file.
fn render_markdown(site: &Site, page: &Page, body: &str) -> MarkdownResult {
    let resolver = PageLinks { site, page };
    let home_file = page.front.progress.as_deref();
    let (expanded, shortcode_errors) = shortcode::expand(body, &site.progress, home_file);
    let (rendered, link_errors) = markdown::render(&expanded.body, &resolver);
    let lines = crate::error::LineIndex::new(body);
    let at = |offset: usize| lines.location(&page.source, offset, page.body_line);
    let locate = |offset: usize| at(expanded.original_offset(offset));
    let link_locations = rendered.links.iter().map(|(o, _, _)| locate(*o)).collect();
    let heading_locations = rendered
        .heading_offsets
        .iter()
        .map(|o| locate(*o))
        .collect();
    let warnings = rendered
        .photos_without_alt
        .iter()
        .map(|o| {
            (
                locate(*o),
                "this photo has no alt text: write what it shows between the brackets, `![Đoàn viên trao quà](anh.jpg)`, for readers who cannot see it".to_string(),
            )
        })
        .collect();
    let errors = shortcode_errors
        .into_iter()
        .map(|(offset, message)| Error::content(at(offset), message))
        .chain(
            link_errors
                .into_iter()
                .map(|e| Error::content(locate(e.offset), e.message)),
        )
        .collect();
    MarkdownResult {
        rendered,
        link_locations,
        heading_locations,
        errors,
        warnings,
    }
}

impl Site {
    /// Puts a new version of page `index` in place, when only its body
    /// changed: its URL, translations and listings stay as they are. On
    /// errors the old page stays.
    pub fn update_body(&mut self, index: usize, page: Page) -> Result<(), Vec<Error>> {
        let mut result = render_markdown(self, &page, &page.body);
        if !result.errors.is_empty() {
            return Err(result.errors);
        }
        if !self.keeps_bodies {
            result.rendered.drop_body();
        }
        let target = &mut self.pages[index];
        target.page = Arc::new(page);
        target.rendered = Arc::new(result.rendered);
        target.link_locations = Arc::new(result.link_locations);
        target.heading_locations = Arc::new(result.heading_locations);
        Ok(())
    }
}

impl Site {
    /// The photos that pages show, in Markdown or as `image:`, each once.
    pub fn used_photos(&self) -> Vec<&Photo> {
        let by_source: HashMap<&Path, &Photo> = self
            .photos
            .values()
            .filter_map(|p| p.as_ref().ok())
            .map(|p| (p.source.as_path(), p))
            .collect();
        let mut used: BTreeMap<&Path, &Photo> = BTreeMap::new();
        for page in &self.pages {
            for source in &page.rendered.photos {
                if let Some(photo) = by_source.get(source.as_path()) {
                    used.insert(source, photo);
                }
            }
            if let Some(Some(Ok(photo))) = page
                .page
                .front
                .image
                .as_ref()
                .map(|image| self.photos.get(&page.page.dir().join(image)))
            {
                used.insert(&photo.source, photo);
            }
        }
        used.into_values().collect()
    }

    /// Encodes every photo the pages show (from `cache` where it holds
    /// them) into [`Site::photo_files`]; a photo that cannot be decoded
    /// is an error naming it.
    pub fn encode_photos(&mut self, cache: Option<&Path>) -> Result<(), Diagnostics> {
        let used = self.used_photos();
        let results = crate::photos::encode::encode_all(&used, cache);
        let mut diagnostics = Diagnostics::default();
        let mut files = Vec::new();
        for (photo, result) in used.iter().zip(results) {
            let name = photo.name.display().to_string();
            match result {
                Ok(encoded) => files.extend(encoded.into_iter().map(|(p, b)| (p, b, name.clone()))),
                Err(message) => diagnostics.push(Error::content(
                    Location::file(&photo.name),
                    format!("this photo {message}"),
                )),
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        self.photo_files = files;
        Ok(())
    }
}

impl Site {
    /// Lets go of every page's Markdown and YAML source, which nothing
    /// after the model reads but `check`'s slips (run before) and `serve`
    /// (quick updates): a build of 100,000 pages holds a third of a
    /// gigabyte less. For the same reason each page's HTML, which only
    /// its own view shows (a home page's, the home page's too), is put
    /// aside to be handed to that view ([`Site::take_html`]) and let go
    /// of once the page is rendered.
    pub fn forget_sources(&mut self) {
        for site_page in &mut self.pages {
            let page = std::sync::Arc::make_mut(&mut site_page.page);
            page.body = String::new();
            page.yaml = String::new();
            if page.section == crate::content::Section::Home {
                continue;
            }
            let body = Arc::get_mut(&mut site_page.rendered).and_then(|r| r.body.as_mut());
            if let Some(body) = body {
                *site_page
                    .html_once
                    .get_mut()
                    .unwrap_or_else(|e| e.into_inner()) =
                    HtmlOnce::Aside(std::mem::take(&mut body.html));
            }
        }
    }
}

/// A document's `progress:` must name a progress file; a progress file's
/// `plan:` should be the number of a document (a warning: the plan may not
/// be published yet).
fn check_progress_links(content: &Content, progress: &Progress, diagnostics: &mut Diagnostics) {
    for page in &content.pages {
        if let Some(file) = &page.front.progress
            && !progress.files.contains_key(file)
            && !progress.failed.contains(file)
        {
            diagnostics.push(Error::content(
                crate::yaml::locate(page.block(), &["progress"]),
                progress.no_file(file),
            ));
        }
    }
    let numbers: std::collections::HashSet<&str> = content
        .pages
        .iter()
        .filter_map(|p| p.front.number.as_deref())
        .collect();
    for file in progress.files.values() {
        if let Some(plan) = &file.plan
            && !numbers.contains(plan.as_str())
        {
            diagnostics.warn(
                file.plan_location.clone(),
                format!("`plan: {plan}` matches no document's `number`: check the number, or publish the plan in content/documents/"),
            );
        }
    }
}

/// Where each asset is published. A bundle's files sit next to the
/// default-language version of the page (once, not per language).
fn publish_files(
    config: &Config,
    base_path: &str,
    assets: &[Asset],
    pages: &[SitePage],
    translations: &FxHashMap<String, BTreeMap<String, usize>>,
) -> BTreeMap<PathBuf, PublishedFile> {
    let mut files = BTreeMap::new();
    for asset in assets {
        let rel_str = asset.rel.to_string_lossy().replace('\\', "/");
        let path = match &asset.bundle {
            Some(bundle) => {
                let key = bundle.to_string_lossy().replace('\\', "/");
                let home = translations.get(&key).and_then(|v| {
                    v.get(&config.default_language)
                        .or_else(|| v.values().next())
                });
                let inner = asset.rel.strip_prefix(bundle).unwrap_or(&asset.rel);
                match home {
                    Some(i) => format!(
                        "{}{}",
                        pages[*i].path,
                        inner.to_string_lossy().replace('\\', "/")
                    ),
                    // A bundle without a published page (a draft, or one
                    // that failed) publishes none of its files.
                    None => continue,
                }
            }
            None => rel_str.clone(),
        };
        let size = asset.stamp.map_or(0, |(len, _)| len);
        let key = if asset.is_static {
            Path::new("static").join(&asset.rel)
        } else {
            asset.rel.clone()
        };
        files.insert(
            key,
            PublishedFile {
                stamp: asset.stamp,
                source: asset.path.clone(),
                url: format!("{base_path}{path}"),
                path,
                size,
            },
        );
    }
    files
}

/// Resolves the links of one page.
struct PageLinks<'a> {
    site: &'a Site,
    page: &'a Page,
}

impl PageLinks<'_> {
    /// The content-relative path a relative destination names.
    fn target(&self, destination: &str) -> Option<PathBuf> {
        let dest = destination.trim();
        if dest.is_empty() || dest.starts_with(['#', '/']) || crate::links::is_external(dest) {
            return None;
        }
        let path_part = dest.split(['#', '?']).next().unwrap_or(dest);
        let path_part = crate::links::percent_decode(path_part);
        let joined = match path_part.strip_prefix("@/") {
            Some(rest) => PathBuf::from(rest),
            None => self.page.dir().join(&path_part),
        };
        crate::links::normalize(&joined)
    }
}

impl PageLinks<'_> {
    /// Whether every link of `links` (as [`Rendered::links`] has them)
    /// leads where it did when they were rendered, as the Markdown
    /// renderer resolves it: a photo first, then any other target.
    fn lead_as_before(&self, links: &[(usize, String, String)]) -> bool {
        links
            .iter()
            .all(|(_, written, published)| match self.photo(written) {
                Ok(Some(photo)) => photo.largest().url == *published,
                Ok(None) => match self.resolve(written) {
                    Ok(Some(url)) => url == *published,
                    Ok(None) => written == published,
                    Err(_) => false,
                },
                Err(_) => false,
            })
    }
}

impl LinkResolver for PageLinks<'_> {
    fn photo(&self, destination: &str) -> Result<Option<&Photo>, String> {
        let Some(target) = self.target(destination) else {
            return Ok(None);
        };
        match self.site.photos.get(&target) {
            Some(Ok(photo)) => Ok(Some(photo)),
            Some(Err(message)) => Err(format!("the photo content/{} {message}", target.display())),
            None => Ok(None),
        }
    }

    fn resolve(&self, destination: &str) -> Result<Option<String>, String> {
        let dest = destination.trim();
        if dest.is_empty() || dest.starts_with('#') || crate::links::is_external(dest) {
            return Ok(None);
        }
        if let Some(rest) = dest.strip_prefix('/') {
            return Ok(Some(format!("{}{rest}", self.site.base_path)));
        }
        let (path_part, fragment) = match dest.find(['#', '?']) {
            Some(i) => dest.split_at(i),
            None => (dest, ""),
        };
        let path_part = crate::links::percent_decode(path_part);
        let joined = match path_part.strip_prefix("@/") {
            Some(rest) => PathBuf::from(rest),
            None => self.page.dir().join(&path_part),
        };
        let Some(target) = crate::links::normalize(&joined) else {
            return Err(format!(
                "the link `{destination}` leads outside the site's content folder"
            ));
        };
        let is_markdown = crate::content::is_page(&target);
        if is_markdown || path_part.starts_with("@/") && target.extension().is_none() {
            let key = crate::content::key_of(&target);
            return match self.site.version_for(&key, &self.page.lang) {
                Some(found) => Ok(Some(format!("{}{fragment}", found.url))),
                None if self.site.failed.contains(&key) => Ok(None),
                None => Err(format!(
                    "the link `{destination}` points to content/{}, which is not a page of the site: check the file name",
                    target.display()
                )),
            };
        }
        if let Some(file) = self.site.files.get(&target) {
            return Ok(Some(format!("{}{fragment}", file.url)));
        }
        // A link to a photo opens its largest size; one that cannot be
        // read is told where it is shown.
        match self.site.photos.get(&target) {
            Some(Ok(photo)) => return Ok(Some(photo.largest().url.clone())),
            Some(Err(_)) => return Ok(None),
            None => {}
        }
        let key = target.to_string_lossy().replace('\\', "/");
        if let Some(found) = self.site.version_for(&key, &self.page.lang) {
            return Ok(Some(format!("{}{fragment}", found.url)));
        }
        if target.extension().is_some_and(|e| e != "html") {
            return Err(format!(
                "the link `{destination}` points to content/{}, which does not exist: check the file name",
                target.display()
            ));
        }
        Ok(None)
    }
}
