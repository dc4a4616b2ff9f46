//! Rendering: tera set up with the theme's templates ([`Prepared`]), view
//! models built from the site model, every page rendered in parallel,
//! either into memory ([`Output`], for `serve`), straight into the staging
//! folder that [`crate::output::Staging`] owns, or down to the `id`s of
//! each page (for `check`): see [`Sink`].

mod chart;
mod context;
mod dashboards;
mod describe;
mod feeds;
mod lists;
mod pages;
mod placement;
mod progress;
mod progress_words;
pub mod theme;
mod units;
pub mod views;

use crate::error::{Diagnostics, Error};
use crate::i18n::Strings;
use crate::output::{Data, Output};
use crate::site::{Site, SitePage};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;
use theme::Theme;

/// What a page says about itself in `<head>`.
#[derive(Default)]
struct Head<'a> {
    title: &'a str,
    description: &'a str,
    og_type: &'static str,
    og_image: String,
    og_image_width: u32,
    og_image_height: u32,
    /// For the share card of a page without an image: lines under the
    /// title (a document's number and date) and a bar (a dashboard's).
    card_lines: Vec<String>,
    card_bar: Option<(f64, String)>,
}

impl<'a> Head<'a> {
    fn new(title: &'a str) -> Self {
        Head {
            title,
            og_type: "website",
            ..Head::default()
        }
    }
}

/// One file to render with a template.
struct Job {
    path: String,
    template: &'static str,
    context: context::Context,
    origin: String,
}

impl Job {
    /// Where the page's share card goes, when it has one.
    fn card_path(&self) -> Option<String> {
        self.context.get("share_card")?;
        let dir = self.path.strip_suffix("index.html")?;
        Some(format!("{dir}{}", crate::card::FILE_NAME))
    }
}

/// What remains to render: a content page or a listing page, whose view
/// is built on the spot, or a prepared job.
enum Work<'a> {
    Page(&'a SitePage),
    Listing(lists::ListingPage<'a>),
    Job(Job),
    /// The sitemap, with the paths of the listings it lists: its view,
    /// every page's URLs, is built when it is rendered.
    Sitemap(std::sync::Arc<Vec<String>>),
}

impl Work<'_> {
    /// The output path.
    fn path(&self, renderer: &Renderer) -> String {
        match self {
            Work::Page(page) => format!("{}index.html", page.path),
            Work::Listing(listing_page) => renderer.listing_page_path(listing_page),
            Work::Job(job) => job.path.clone(),
            Work::Sitemap(_) => feeds::SITEMAP.to_string(),
        }
    }

    /// The output path, and what it comes from for errors.
    fn path_and_origin(&self, renderer: &Renderer) -> (String, String) {
        let origin = match self {
            Work::Page(page) => page.page.source.display().to_string(),
            Work::Listing(listing_page) => listing_page.origin(),
            Work::Job(job) => job.origin.clone(),
            Work::Sitemap(_) => feeds::SITEMAP_ORIGIN.to_string(),
        };
        (self.path(renderer), origin)
    }
}

/// A file `serve` renders when a browser asks for it ([`Data::Lazy`]):
/// every page's HTML held at once would be most of a large site's memory,
/// and most pages are not looked at before the next edit.
#[derive(Clone)]
pub struct Lazy(Source);

#[derive(Clone)]
enum Source {
    /// A content page, by its index in [`Site::pages`].
    Page(usize),
    Listing(std::sync::Arc<lists::OwnedListing>),
    /// A generated page (home, feed, dashboard...), its view built.
    Job(std::sync::Arc<Job>),
    /// The sitemap, with the paths of the listings it lists.
    Sitemap(std::sync::Arc<Vec<String>>),
    /// The share card of the page `serve` renders from this source.
    Card(Box<Source>),
    /// The search index fragment of the page of this index in
    /// [`Site::pages`], in the index of a language.
    Fragment(usize, std::sync::Arc<str>),
}

impl std::fmt::Debug for Lazy {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            Source::Page(_) => "Lazy(page)",
            Source::Listing(_) => "Lazy(listing)",
            Source::Job(_) => "Lazy(job)",
            Source::Sitemap(_) => "Lazy(sitemap)",
            Source::Card(_) => "Lazy(card)",
            Source::Fragment(..) => "Lazy(search fragment)",
        })
    }
}

/// A rendered job, ready for the output.
struct Rendered {
    path: String,
    bytes: Vec<u8>,
    /// The page's share card, when it has one: path and what it shows,
    /// drawn (or taken from the cache) only where the sink needs it.
    card: Option<(String, crate::card::Card)>,
}

impl Rendered {
    /// The bytes, for a page kept in memory: without the spare room of
    /// the buffer it was rendered into.
    fn kept(self) -> Vec<u8> {
        let mut bytes = self.bytes;
        bytes.shrink_to_fit();
        bytes
    }
}

/// A site ready to render: the model, the compiled templates and what
/// every view shares, computed once. `serve` keeps it between edits.
pub struct Prepared {
    pub site: Site,
    tera: tera::Tera,
    /// Where each template comes from, for errors.
    template_paths: BTreeMap<String, PathBuf>,
    strings: BTreeMap<String, Strings>,
    /// Content-relative file → SHA-256 hex, for attachments.
    hashes: HashMap<PathBuf, String>,
    /// The main menu of each language.
    menus: BTreeMap<String, Vec<context::MenuItem>>,
    /// What every page of a language shares, converted for tera once.
    shared: BTreeMap<String, Shared>,
    /// What preparing found worth a warning (a language without strings).
    pub warnings: Vec<crate::error::Warning>,
    /// A digest of the templates' names and sources.
    templates_digest: [u8; 32],
}

impl std::fmt::Debug for Prepared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("pages", &self.site.pages.len())
            .finish_non_exhaustive()
    }
}

impl Prepared {
    /// Compiles the theme's templates and strings for `site`.
    pub fn new(
        mut site: Site,
        theme: &Theme,
        hash_cache: Option<&HashCache>,
    ) -> Result<Prepared, Diagnostics> {
        let mut diagnostics = Diagnostics::default();
        site.assets = theme
            .static_files()
            .filter_map(|(name, file)| {
                hashed_name(name, &file.bytes).map(|hashed| (name.to_string(), hashed))
            })
            .collect();
        let mut warnings = Vec::new();
        let tera = templates(theme)?;
        let templates_digest = {
            use sha2::Digest;
            let mut digest = sha2::Sha256::new();
            for (name, file) in theme.templates() {
                for part in [name.as_bytes(), &file.bytes] {
                    digest.update((part.len() as u64).to_le_bytes());
                    digest.update(part);
                }
            }
            digest.finalize().into()
        };
        let mut strings = BTreeMap::new();
        for lang in site.config.language_codes() {
            match theme.strings(lang, &site.config) {
                Ok((s, w)) => {
                    strings.insert(lang.to_string(), s);
                    warnings.extend(w);
                }
                Err(errors) => diagnostics.errors.extend(errors),
            }
        }
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
        let menus = strings
            .iter()
            .map(|(lang, s)| (lang.clone(), Renderer::menu(&site, s, lang)))
            .collect();
        let shared = strings
            .iter()
            .map(|(lang, s)| (lang.clone(), Shared::new(&site, lang, s)))
            .collect();
        let hashes = hash_attachments(&site, hash_cache).map_err(|errors| Diagnostics {
            errors,
            ..Diagnostics::default()
        })?;
        Ok(Prepared {
            site,
            tera,
            template_paths: theme
                .templates()
                .map(|(name, _)| (name.to_string(), theme.template_path(name)))
                .collect(),
            strings,
            hashes,
            menus,
            shared,
            warnings,
            templates_digest,
        })
    }

    fn renderer(&self) -> Renderer<'_> {
        Renderer {
            site: &self.site,
            tera: &self.tera,
            template_paths: &self.template_paths,
            strings: &self.strings,
            hashes: &self.hashes,
            menus: &self.menus,
            shared: &self.shared,
            keyed: false,
        }
    }

    /// A digest of everything a page's bytes depend on besides its own
    /// context: the danvan binary (its built-in theme and its code), the
    /// templates and the names the theme's files are published under.
    fn fingerprint(&self) -> [u8; 32] {
        use sha2::Digest;
        let mut digest = sha2::Sha256::new();
        digest.update(env!("CARGO_PKG_VERSION").as_bytes());
        // Another binary may render differently: it rebuilds everything.
        // One that cannot be read is told apart by nothing but the time.
        // Read a piece at a time: the binary is tens of megabytes.
        let read_into = |digest: &mut sha2::Sha256| -> std::io::Result<()> {
            use std::io::Read;
            let mut file = std::fs::File::open(std::env::current_exe()?)?;
            let mut buffer = vec![0; 1 << 16];
            loop {
                match file.read(&mut buffer)? {
                    0 => return Ok(()),
                    n => digest.update(&buffer[..n]),
                }
            }
        };
        if read_into(&mut digest).is_err() {
            digest.update(format!("{:?}", std::time::SystemTime::now()).as_bytes());
        }
        let mut feed = |bytes: &[u8]| {
            digest.update((bytes.len() as u64).to_le_bytes());
            digest.update(bytes);
        };
        feed(&self.templates_digest);
        feed(&serde_json::to_vec(&self.site.assets).unwrap_or_default());
        digest.finalize().into()
    }

    /// Replaces page `index` with a new version whose front matter is the
    /// same ([`Site::update_body`]) and renders it again.
    pub fn update_body(
        &mut self,
        index: usize,
        page: crate::content::Page,
    ) -> Result<Option<(String, Vec<u8>)>, Diagnostics> {
        self.site
            .update_body(index, page)
            .map_err(|errors| Diagnostics {
                errors,
                ..Diagnostics::default()
            })?;
        Ok(self.render_page(index)?)
    }

    /// The language whose search index holds the output path `path`
    /// (its entry, a chunk or a fragment), if any.
    pub fn search_language(&self, path: &str) -> Option<String> {
        self.site
            .config
            .language_codes()
            .filter(|lang| {
                let prefix = format!("{}search/", self.site.lang_prefix(lang));
                path.strip_prefix(&prefix).is_some_and(|rest| {
                    rest == "index.json"
                        || ["w/", "f/"].iter().any(|d| rest.starts_with(d))
                            && rest.ends_with(".json")
                })
            })
            // The longest prefix: `en/search/…` is English, not a page of
            // the default language's `en/` folder.
            .max_by_key(|lang| self.site.lang_prefix(lang).len())
            .map(str::to_string)
    }

    /// The search index files of `lang`, by output path: `serve` makes
    /// them when a browser first asks for one. The entry and the chunks
    /// are made now; each fragment (an item's whole text) when it is
    /// asked for.
    pub fn search_files(&self, lang: &str) -> Vec<(String, Data)> {
        let renderer = self.renderer();
        let prefix = self.site.lang_prefix(lang);
        let (files, pages) =
            crate::search::files_but_fragments(&self.site, lang, &|key| renderer.t(lang, key));
        let shared: std::sync::Arc<str> = lang.into();
        let fragments = pages.into_iter().enumerate().map(|(id, index)| {
            let path = format!("{prefix}{}", crate::search::fragment_path(id));
            (
                path,
                Data::Lazy(Lazy(Source::Fragment(index, shared.clone()))),
            )
        });
        files
            .into_iter()
            .map(|(path, bytes)| (format!("{prefix}{path}"), Data::Bytes(bytes)))
            .chain(fragments)
            .collect()
    }

    /// Calls `f` with the job of `source`: `None` when the site no longer
    /// has what it stood for.
    fn with_job<R>(&self, source: &Source, f: impl FnOnce(&Job) -> R) -> Result<Option<R>, Error> {
        let renderer = self.renderer();
        Ok(match source {
            Source::Page(index) => match self.site.pages.get(*index) {
                Some(page) => renderer.page_job(page)?.map(|job| f(&job)),
                None => None,
            },
            Source::Listing(listing) => listing
                .with_page(&self.site, |page| renderer.listing_job(page))
                .map(|job| f(&job)),
            Source::Job(job) => Some(f(job)),
            Source::Sitemap(listings) => Some(f(&renderer.sitemap_job(listings))),
            Source::Card(source) => self.with_job(source, f)?,
            Source::Fragment(..) => None,
        })
    }

    /// Renders a file of [`Data::Lazy`]: a page's HTML, or a share card
    /// drawn (or taken from `cache`). `None` when the site no longer has
    /// what it stood for.
    pub fn render_lazy(
        &self,
        lazy: &Lazy,
        cache: Option<&std::path::Path>,
    ) -> Result<Option<Vec<u8>>, Error> {
        match &lazy.0 {
            Source::Card(source) => {
                return Ok(self
                    .with_job(source, card_of)?
                    .flatten()
                    .map(|card| card.png(cache)));
            }
            Source::Fragment(index, lang) => {
                return Ok(self
                    .site
                    .pages
                    .get(*index)
                    .map(|page| crate::search::fragment(&self.site, page, lang)));
            }
            _ => {}
        }
        self.with_job(&lazy.0, |job| {
            render_job(&self.tera, &self.template_paths, job).map(Rendered::kept)
        })?
        .transpose()
    }

    /// Renders the content page `index` of the site: its output path and
    /// bytes (`None` for the home text, which the home listing shows).
    pub fn render_page(&self, index: usize) -> Result<Option<(String, Vec<u8>)>, Error> {
        let Some(job) = self.renderer().page_job(&self.site.pages[index])? else {
            return Ok(None);
        };
        render_job(&self.tera, &self.template_paths, &job)
            .map(|mut r| Some((std::mem::take(&mut r.path), r.kept())))
    }
}

use context::Shared;

/// What `serve` keeps between rebuilds so that an attachment is read and
/// hashed again only when its file changed: each file's SHA-256 with the
/// size and modification time the file had then.
#[derive(Debug, Default)]
pub struct HashCache(std::sync::Mutex<HashMap<PathBuf, (crate::fs::Stamp, String)>>);

/// Borrows what every view needs.
pub(crate) struct Renderer<'a> {
    site: &'a Site,
    tera: &'a tera::Tera,
    /// Where each template comes from, for errors.
    template_paths: &'a BTreeMap<String, PathBuf>,
    strings: &'a BTreeMap<String, Strings>,
    hashes: &'a HashMap<PathBuf, String>,
    menus: &'a BTreeMap<String, Vec<context::MenuItem>>,
    shared: &'a BTreeMap<String, Shared>,
    /// Whether contexts keep a digest of what they hold.
    keyed: bool,
}

/// What becomes of each page as it is rendered.
#[derive(Clone, Copy)]
pub enum Sink<'a> {
    /// Kept in the [`Output`] as what to render when a browser asks for
    /// it ([`Data::Lazy`]), as `serve` needs; search indexes are made when
    /// they are asked for ([`Data::Search`]). A sample is rendered now, so
    /// that a broken template is reported at once: the first page of
    /// each template and every page that shows progress bars.
    Memory,
    /// Written into the staging folder as soon as it is rendered, only
    /// its path kept in the [`Output`] (`build`).
    Staging(&'a crate::output::Staging),
    /// Only its `id`s kept, for the anchor check of `check`, which would
    /// otherwise hold the whole site in memory. Share cards and search
    /// indexes, which no check reads, are not made: their paths are kept.
    Anchors,
}

/// Renders the whole site into `sink`. Three steps: the work is listed,
/// every output path is reserved, then everything is rendered in parallel.
pub fn render(
    prepared: &Prepared,
    theme: &Theme,
    timings: &mut crate::timings::Timings,
    sink: Sink,
) -> Result<Output, Diagnostics> {
    let site = &prepared.site;
    let mut renderer = prepared.renderer();
    renderer.keyed = matches!(sink, Sink::Staging(_));
    let langs: Vec<&str> = site.config.language_codes().collect();
    let catalogues: Vec<(&str, lists::Catalogue)> = langs
        .par_iter()
        .map(|lang| (*lang, renderer.catalogue(lang)))
        .collect();
    let work = list_work(&renderer, &catalogues)?;
    timings.lap("listing views");
    let mut output = reserve(prepared, theme, &renderer, &work)?;
    timings.lap("paths reserved");
    let diagnostics = render_work(prepared, theme, &renderer, work, sink, &mut output);
    timings.lap("templates and search index");
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(output)
    }
}

/// Everything to render, in the order it is rendered: content pages and
/// listing pages, whose views are built on the spot, then the few
/// generated pages whose views are built now (home pages, 404 pages,
/// search pages, feeds, dashboards, the sitemap).
fn list_work<'a>(
    renderer: &Renderer<'a>,
    catalogues: &'a [(&'a str, lists::Catalogue<'a>)],
) -> Result<Vec<Work<'a>>, Diagnostics> {
    let site = renderer.site;
    let results: Vec<Result<Vec<Job>, Error>> = catalogues
        .par_iter()
        .flat_map(|(lang, catalogue)| {
            let mut results = vec![renderer.generated_jobs(lang, catalogue)];
            if !site.progress.files.is_empty() {
                results.push(renderer.progress_jobs(lang));
                results.push(renderer.unit_jobs(lang));
            }
            results
        })
        .collect();
    // The listings of the default language, which every language has at
    // the same paths.
    let default = site.config.default_language.as_str();
    let sitemap = catalogues
        .iter()
        .find(|(lang, _)| *lang == default)
        .map(|(_, catalogue)| {
            Work::Sitemap(std::sync::Arc::new(Renderer::listing_paths(catalogue)))
        });
    let mut jobs = Vec::new();
    let mut diagnostics = Diagnostics::default();
    for result in results {
        match result {
            Ok(more) => jobs.extend(more),
            Err(e) => diagnostics.push(e),
        }
    }
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    Ok(site
        .pages
        .iter()
        .filter(|p| p.page.section != crate::content::Section::Home)
        .map(Work::Page)
        .chain(
            catalogues
                .iter()
                .flat_map(|(lang, catalogue)| renderer.listing_pages(lang, catalogue))
                .map(Work::Listing),
        )
        .chain(jobs.into_iter().map(Work::Job))
        .chain(sitemap)
        .collect())
}

/// Reserves every output path before anything is rendered, so that two
/// things published at one URL are found before any work is spent. Files
/// that need no template (robots.txt, open data, attachments, the theme's
/// files) are added with their data.
fn reserve(
    prepared: &Prepared,
    theme: &Theme,
    renderer: &Renderer,
    work: &[Work],
) -> Result<Output, Diagnostics> {
    let site = &prepared.site;
    let mut output = Output::default();
    let mut diagnostics = Diagnostics::default();
    let mut add = |output: &mut Output, path: String, data: Data, origin: String| {
        if let Err(e) = output.add(path, data, origin) {
            diagnostics.push(e);
        }
    };
    for item in work {
        let (path, origin) = item.path_and_origin(renderer);
        // Every page has a share card but one with its own `image:`.
        let own_image = matches!(item, Work::Page(p) if p.page.front.image.is_some());
        if let Some(dir) = path.strip_suffix("index.html")
            && !own_image
            && (dir.is_empty() || dir.ends_with('/'))
        {
            let card = format!("{dir}{}", crate::card::FILE_NAME);
            add(&mut output, card, Data::Pending, origin.clone());
        }
        add(&mut output, path, Data::Pending, origin);
    }
    for lang in site.config.language_codes() {
        add(
            &mut output,
            search_index_path(site, lang),
            Data::Pending,
            "the search index".to_string(),
        );
    }
    add(
        &mut output,
        "robots.txt".to_string(),
        Data::Bytes(renderer.robots_txt().into_bytes()),
        "robots.txt".to_string(),
    );
    if !site.progress.files.is_empty() {
        let langs: Vec<&str> = site.config.language_codes().collect();
        let default = site.config.default_language.as_str();
        let json = crate::progress::open_data::json(&site.progress, &langs, default);
        let csv = crate::progress::open_data::csv(&site.progress, &langs, default);
        add(
            &mut output,
            "progress.json".to_string(),
            Data::Bytes(json),
            "the progress data".to_string(),
        );
        add(
            &mut output,
            "progress.csv".to_string(),
            Data::Bytes(csv),
            "the progress data".to_string(),
        );
        if !site.progress.units.units.is_empty() {
            add(
                &mut output,
                crate::progress::open_data::UNITS_CSV.to_string(),
                Data::Bytes(crate::progress::open_data::units_csv(&site.progress)),
                "the progress data".to_string(),
            );
        }
    }
    for file in site.files.values() {
        add(
            &mut output,
            file.path.clone(),
            Data::Copy(file.source.clone()),
            file.source.display().to_string(),
        );
    }
    for (path, bytes, origin) in &site.photo_files {
        add(
            &mut output,
            path.clone(),
            Data::Bytes(bytes.clone()),
            origin.clone(),
        );
    }
    for (name, file) in theme.static_files() {
        let name = site.assets.get(name).map_or(name, String::as_str);
        if output.get(name).is_none() {
            add(
                &mut output,
                name.to_string(),
                Data::Bytes(file.bytes.clone()),
                "the theme".to_string(),
            );
        }
    }
    if diagnostics.has_errors() {
        Err(diagnostics)
    } else {
        Ok(output)
    }
}

fn search_index_path(site: &Site, lang: &str) -> String {
    format!("{}{}", site.lang_prefix(lang), crate::search::INDEX_PATH)
}

/// Renders every item of `work` into `sink`, in parallel with the search
/// index of each language; fills `output`.
fn render_work(
    prepared: &Prepared,
    theme: &Theme,
    renderer: &Renderer,
    work: Vec<Work>,
    sink: Sink,
    output: &mut Output,
) -> Diagnostics {
    let site = &prepared.site;
    let langs: Vec<&str> = site.config.language_codes().collect();
    if let Sink::Memory = sink {
        return lazy_work(prepared, theme, renderer, work, output);
    }
    let fingerprint = matches!(sink, Sink::Staging(_)).then(|| prepared.fingerprint());
    let reused = std::sync::atomic::AtomicUsize::new(0);
    let (rendered, indexes): (Vec<Result<Kept, Error>>, Vec<SearchFiles>) = rayon::join(
        || {
            // Last listed first: the sitemap and the feeds, which list
            // every page, would keep one core busy after the others have
            // run out of work were they started last.
            work.into_par_iter()
                .rev()
                .filter_map(|item| match item {
                    Work::Page(page) => renderer.page_job(page).transpose(),
                    Work::Listing(listing_page) => Some(Ok(renderer.listing_job(&listing_page))),
                    Work::Job(job) => Some(Ok(job)),
                    Work::Sitemap(listings) => Some(Ok(renderer.sitemap_job(&listings))),
                })
                .map(|job| {
                    let job = job?;
                    let key = fingerprint.and_then(|f| job.context.key(job.template, &f));
                    let (Sink::Staging(staging), Some(key)) = (sink, key) else {
                        let file = render_job(&prepared.tera, &prepared.template_paths, &job)?;
                        return keep(file, sink, site.cache.as_deref());
                    };
                    // Made from the same as last time: the same bytes.
                    let (path, card) = (job.path.clone(), job.card_path());
                    let paths: Vec<&str> = std::iter::once(path.as_str())
                        .chain(card.as_deref())
                        .collect();
                    if staging.reuse(&paths, &key) {
                        reused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        return Ok(Kept {
                            path: path.clone(),
                            data: Data::Written,
                            card: card.clone().map(|c| (c, Data::Written)),
                        });
                    }
                    let file = render_job(&prepared.tera, &prepared.template_paths, &job)?;
                    let kept = keep(file, sink, site.cache.as_deref())?;
                    staging.record(&paths, &key);
                    Ok(kept)
                })
                .collect()
        },
        || match sink {
            // `serve` makes the index when it is asked for.
            Sink::Anchors | Sink::Memory => Vec::new(),
            Sink::Staging(staging) => langs
                .par_iter()
                .map(|lang| {
                    let fingerprint = fingerprint.unwrap_or_default();
                    search_files(site, lang, renderer, staging, &fingerprint)
                })
                .collect(),
        },
    );
    let missing_in = |key: &str| missing_in(prepared, key);
    let mut diagnostics = Diagnostics::default();
    for result in rendered {
        match result {
            Ok(file) => {
                if let Some((path, data)) = file.card {
                    output.fill(&path, data);
                }
                output.fill(&file.path, file.data);
            }
            // A missing UI string fails every page that shows it: one
            // error at the template line, naming the key and the file.
            Err(e) => diagnostics.push(theme.missing_string(&e, &missing_in).unwrap_or(e)),
        }
    }
    for files in indexes {
        match files {
            Ok(files) => {
                // The entry file was reserved; the chunks and fragments
                // are known only now.
                for (path, data) in files {
                    if output.get(&path).is_some() {
                        output.fill(&path, data);
                    } else if let Err(e) = output.add(path, data, "the search index".to_string()) {
                        diagnostics.push(e);
                    }
                }
            }
            Err(e) => diagnostics.push(e),
        }
    }
    output.reused = reused.into_inner();
    if let Sink::Anchors = sink {
        for lang in &langs {
            output.fill(&search_index_path(site, lang), Data::Anchors(Vec::new()));
        }
    }
    diagnostics
}

/// Fills `output` with what to render when it is asked for, for `serve`
/// ([`Sink::Memory`]), and renders a sample of it to find errors now.
fn lazy_work(
    prepared: &Prepared,
    theme: &Theme,
    renderer: &Renderer,
    work: Vec<Work>,
    output: &mut Output,
) -> Diagnostics {
    let site = &prepared.site;
    let mut facets = lists::FacetCache::default();
    let mut templates = std::collections::HashSet::new();
    let mut sample = Vec::new();
    for item in work {
        let path = item.path(renderer);
        let (source, template) = match item {
            Work::Page(page) => {
                let shows_bars = page.rendered.shows_progress;
                let template = pages::template_of(page);
                let source = Source::Page(site.index_of(page));
                if shows_bars {
                    sample.push(source.clone());
                }
                (source, template)
            }
            Work::Listing(page) => {
                let owned = lists::OwnedListing::new(site, &page, &mut facets);
                let template = owned.template();
                (Source::Listing(std::sync::Arc::new(owned)), template)
            }
            Work::Job(job) => {
                let template = job.template;
                (Source::Job(std::sync::Arc::new(job)), template)
            }
            // Its view is every page's URLs: built, and its template
            // tried, only when it is asked for.
            Work::Sitemap(listings) => (Source::Sitemap(listings), ""),
        };
        if !template.is_empty() && templates.insert(template) {
            sample.push(source.clone());
        }
        // `reserve` gave a card to every page that has one.
        if let Some(dir) = path.strip_suffix("index.html") {
            let card = format!("{dir}{}", crate::card::FILE_NAME);
            if let Some(Data::Pending) = output.get(&card) {
                let source = Source::Card(Box::new(source.clone()));
                output.fill(&card, Data::Lazy(Lazy(source)));
            }
        }
        output.fill(&path, Data::Lazy(Lazy(source)));
    }
    for lang in site.config.language_codes() {
        output.fill(&search_index_path(site, lang), Data::Search);
    }
    let missing_in = |key: &str| missing_in(prepared, key);
    let mut diagnostics = Diagnostics::default();
    let results: Vec<Result<(), Error>> = sample
        .par_iter()
        .map(|source| {
            prepared
                .with_job(source, |job| {
                    render_job(&prepared.tera, &prepared.template_paths, job).map(drop)
                })?
                .unwrap_or(Ok(()))
        })
        .collect();
    for result in results {
        if let Err(e) = result {
            diagnostics.push(theme.missing_string(&e, &missing_in).unwrap_or(e));
        }
    }
    diagnostics
}

/// The languages whose UI strings lack `key`.
fn missing_in(prepared: &Prepared, key: &str) -> Vec<String> {
    prepared
        .site
        .config
        .language_codes()
        .filter(|l| {
            prepared
                .strings
                .get(*l)
                .is_none_or(|s| !s.contains_key(key))
        })
        .map(str::to_string)
        .collect()
}

/// The search index files of one language ([`crate::search::files`]), by
/// output path, written into the staging folder; taken from the last
/// build when its items and labels are the same.
type SearchFiles = Result<Vec<(String, Data)>, Error>;

fn search_files(
    site: &Site,
    lang: &str,
    renderer: &Renderer,
    staging: &crate::output::Staging,
    fingerprint: &[u8; 32],
) -> SearchFiles {
    let prefix = site.lang_prefix(lang);
    let label = |key: &str| renderer.t(lang, key);
    let key = {
        use sha2::Digest;
        let mut digest = sha2::Sha256::new();
        digest.update(fingerprint);
        digest.update(crate::search::digest(site, lang, &label));
        crate::output::key_of(digest)
    };
    // Made from the same items as last time: the same files.
    if let Some(paths) = staging.reuse_under(&format!("{prefix}search/"), &key) {
        return Ok(paths.into_iter().map(|p| (p, Data::Written)).collect());
    }
    // Each batch of fragments is written as soon as it is made, on every
    // core: written one by one, they kept one core busy after the pages.
    let mut files: Vec<(String, Data)> = Vec::new();
    let rest = crate::search::write_files(site, lang, &label, |start, batch| {
        let paths = (start..).map(crate::search::fragment_path);
        files.extend(write_all(staging, &prefix, paths.zip(batch).collect())?);
        Ok::<(), Error>(())
    })?;
    files.extend(write_all(staging, &prefix, rest)?);
    let paths: Vec<&str> = files.iter().map(|(p, _)| p.as_str()).collect();
    staging.record(&paths, &key);
    Ok(files)
}

/// Writes `files` (paths below `prefix`) into `staging` in parallel.
fn write_all(
    staging: &crate::output::Staging,
    prefix: &str,
    files: Vec<(String, Vec<u8>)>,
) -> Result<Vec<(String, Data)>, Error> {
    files
        .into_par_iter()
        .map(|(path, bytes)| {
            let path = format!("{prefix}{path}");
            staging.write_file(&path, &bytes)?;
            Ok((path, Data::Written))
        })
        .collect()
}

/// What the [`Output`] keeps of a rendered page and its card.
struct Kept {
    path: String,
    data: Data,
    card: Option<(String, Data)>,
}

/// Hands a rendered page to `sink`, keeping what it leaves; `cache` holds
/// the share cards drawn before.
fn keep(file: Rendered, sink: Sink, cache: Option<&std::path::Path>) -> Result<Kept, Error> {
    let (data, card) = match sink {
        // Not reached: `render_work` hands `serve`'s work to `lazy_work`.
        Sink::Memory => (Data::Bytes(file.bytes), None),
        Sink::Staging(staging) => {
            staging.write_file(&file.path, &file.bytes)?;
            let card = match file.card {
                Some((path, card)) => {
                    staging.write_file(&path, &card.png(cache))?;
                    Some((path, Data::Written))
                }
                None => None,
            };
            (Data::Written, card)
        }
        Sink::Anchors => (
            Data::Anchors(crate::output::ids(&file.bytes)),
            file.card.map(|(path, _)| (path, Data::Anchors(Vec::new()))),
        ),
    };
    Ok(Kept {
        path: file.path,
        data,
        card,
    })
}

fn render_job(
    tera: &tera::Tera,
    paths: &BTreeMap<String, PathBuf>,
    job: &Job,
) -> Result<Rendered, Error> {
    // Rendered into bytes, not a `String`: tera's values are all text, so
    // the page is UTF-8 already, and checking it again cost 6% of `check`.
    // Most pages fit the first buffer; a larger one grows once or twice.
    let mut bytes = Vec::with_capacity(PAGE_BUFFER);
    tera.render_to(job.template, &job.context.tera, &mut bytes)
        .map_err(|e| template_error(paths, Some(job.template), &e))?;
    let card = job.card_path().zip(card_of(job));
    Ok(Rendered {
        path: job.path.clone(),
        bytes,
        card,
    })
}

/// The buffer a page is rendered into: the synthetic corpus's pages are
/// 11 KiB on average, its largest listing pages 84 KiB.
const PAGE_BUFFER: usize = 32 * 1024;

/// Escapes text for HTML as tera's own `escape_html` does (`&`, `<`, `>`,
/// `"` and `'`), but writes each run of plain text at once where tera
/// writes byte by byte through a `dyn Write` (10% of `check`'s samples).
fn escape_html(input: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let bytes = input.as_bytes();
    let mut start = 0;
    for (i, byte) in bytes.iter().enumerate() {
        let entity: &[u8] = match byte {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        out.write_all(&bytes[start..i])?;
        out.write_all(entity)?;
        start = i + 1;
    }
    out.write_all(&bytes[start..])
}

/// What the share card of `job`'s page shows, when it has one.
fn card_of(job: &Job) -> Option<crate::card::Card> {
    let value = serde_json::to_value(job.context.get("share_card")?).ok()?;
    serde_json::from_value(value).ok()
}

/// `style.css` → `style.3f2a1c9b.css`: stylesheets and scripts carry the
/// first 8 hex digits of their SHA-256, so a new version has a new name.
fn hashed_name(name: &str, bytes: &[u8]) -> Option<String> {
    use sha2::Digest;
    let (stem, ext) = name.rsplit_once('.')?;
    if !matches!(ext, "css" | "js") {
        return None;
    }
    let digest = sha2::Sha256::digest(bytes);
    let hex = crate::photos::encode::hex(&digest[..4]);
    Some(format!("{stem}.{hex}.{ext}"))
}

fn templates(theme: &Theme) -> Result<tera::Tera, Error> {
    let mut tera = tera::Tera::new();
    tera.set_escape_fn(escape_html);
    let mut sources = Vec::new();
    for (name, file) in theme.templates() {
        let text = String::from_utf8_lossy(&file.bytes).to_string();
        sources.push((name.to_string(), text));
    }
    tera.add_raw_templates(sources).map_err(|e| {
        let paths = theme
            .templates()
            .map(|(name, _)| (name.to_string(), theme.template_path(name)))
            .collect();
        template_error(&paths, None, &e)
    })?;
    Ok(tera)
}

/// A template error at its place in the theme file that caused it (the
/// site's own override, or the built-in file), as tera's `--> name:l:c`
/// tells it; `template` is the one being rendered, if any.
fn template_error(
    paths: &BTreeMap<String, PathBuf>,
    template: Option<&str>,
    error: &dyn std::error::Error,
) -> Error {
    let chain = error_chain(error);
    let place = chain.split(" --> ").nth(1).and_then(|rest| {
        let spot = rest.split_whitespace().next()?;
        let mut parts = spot.rsplitn(3, ':');
        let column = parts.next()?.parse::<usize>().ok()?;
        let line = parts.next()?.parse::<usize>().ok()?;
        Some((parts.next()?.to_string(), line, column))
    });
    let name = place
        .as_ref()
        .map(|(n, _, _)| n.as_str())
        .or(template)
        .unwrap_or("");
    let (line, column) = place.as_ref().map_or((1, 1), |(_, l, c)| (*l, *c));
    let path = paths
        .get(name)
        .cloned()
        .unwrap_or_else(|| PathBuf::from(format!("themes/default/templates/{name}")));
    // tera's first line says what is wrong; the rest draws the line.
    let what = chain
        .lines()
        .next()
        .unwrap_or("")
        .trim_start_matches("error: ")
        .trim()
        .to_string();
    let what = if what.is_empty() { chain.clone() } else { what };
    Error::content(
        crate::error::Location::new(path, line, column),
        format!("the theme template `{name}` cannot be used: {what}"),
    )
}

fn error_chain(error: &dyn std::error::Error) -> String {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    message
}

/// The SHA-256 of every attachment, which the page lists: an attachment
/// that cannot be read is an error, never an empty digest.
fn hash_attachments(
    site: &Site,
    cache: Option<&HashCache>,
) -> Result<HashMap<PathBuf, String>, Vec<Error>> {
    use sha2::{Digest, Sha256};
    let wanted: Vec<PathBuf> = site
        .pages
        .iter()
        .flat_map(|p| {
            p.page
                .front
                .attachments
                .iter()
                .map(|a| p.page.dir().join(a))
        })
        .collect();
    let known = cache.map(|c| std::mem::take(&mut *c.0.lock().unwrap_or_else(|e| e.into_inner())));
    // Each file's hash, and its stamp when there is a cache to keep it in.
    type Hashed = (PathBuf, String, Option<crate::fs::Stamp>);
    let results: Vec<Result<Hashed, Error>> = wanted
        .into_par_iter()
        .filter_map(|rel| {
            let file = site.files.get(&rel)?;
            let now = known.as_ref().and(file.stamp);
            if let (Some(now), Some((then, hex))) =
                (now, known.as_ref().and_then(|k| k.get(&file.source)))
                && now == *then
            {
                return Some(Ok((rel, hex.clone(), Some(now))));
            }
            Some(crate::fs::read(&file.source).map(|bytes| {
                let digest = Sha256::digest(&bytes);
                let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
                (rel, hex, now)
            }))
        })
        .collect();
    let (hashes, errors): (Vec<_>, Vec<_>) = results.into_iter().partition(Result::is_ok);
    if !errors.is_empty() {
        return Err(errors.into_iter().filter_map(Result::err).collect());
    }
    let hashes: Vec<_> = hashes.into_iter().flatten().collect();
    if let Some(cache) = cache {
        *cache.0.lock().unwrap_or_else(|e| e.into_inner()) = hashes
            .iter()
            .filter_map(|(rel, hex, now)| {
                Some((site.files[rel].source.clone(), ((*now)?, hex.clone())))
            })
            .collect();
    }
    Ok(hashes.into_iter().map(|(rel, hex, _)| (rel, hex)).collect())
}
