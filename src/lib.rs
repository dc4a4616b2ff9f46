//! danvan: a static site generator for campaign publishing.
//!
//! A union office keeps its plans, its "Dân vận khéo" stories and its
//! progress figures as Markdown and YAML; danvan turns them into a static,
//! bilingual website. Data flows one way, and [`build`] reads top to bottom:
//! load the config and content → validate (every error of the site at once)
//! → build the site model → render → write, swapping the new output in only
//! when it is complete.

// Public: what the binary and the tests use. The rest is the crate's own,
// so the compiler sees dead code there.
pub(crate) mod archive;
pub(crate) mod card;
pub(crate) mod check;
pub mod cli;
pub mod config;
pub mod content;
pub(crate) mod date;
pub mod error;
pub(crate) mod fs;
pub(crate) mod i18n;
pub(crate) mod import;
pub(crate) mod links;
pub mod markdown;
pub(crate) mod number;
pub(crate) mod output;
pub mod photos;
pub mod progress;
pub(crate) mod render;
pub(crate) mod scaffold;
pub mod search;
pub(crate) mod serve;
pub(crate) mod site;
pub(crate) mod suggest;
pub(crate) mod timings;
pub mod units;
pub mod yaml;

use config::Config;
use error::{Diagnostics, Error, Location, Warning};
pub use output::build_cache_path;
use render::theme::Theme;
use std::path::{Path, PathBuf};
pub use timings::Timings;

/// What `build` and `check` are asked to do.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The site folder, holding `content/`.
    pub site: PathBuf,
    /// The output folder; `public/` in the site folder when `None`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of site.yaml.
    pub base_url: Option<String>,
    /// Publishes pages marked `draft: true`.
    pub drafts: bool,
    /// Leaves out the `.gz` copies written beside text files.
    pub no_precompress: bool,
}

impl BuildOptions {
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.site.join("public"))
    }
}

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub pages: usize,
    pub files: usize,
    /// Pages taken as they were from the last build into the same
    /// output, because nothing they are made from changed.
    pub reused: usize,
    pub output: PathBuf,
    pub warnings: Vec<Warning>,
    /// Reports from `check` that are not problems.
    pub notes: Vec<Warning>,
    pub timings: Timings,
}

/// Loads the config (`content/site.yaml`, optional). Mistakes in it come
/// back beside a usable config, so that the content is checked in the same
/// run; only a missing `content/` folder or a bad `--base-url` stop here.
pub fn load_config(options: &BuildOptions) -> Result<(Config, Diagnostics), Diagnostics> {
    let content = options.site.join("content");
    if !content.is_dir() {
        return Err(Error::content(
            Location::file(&options.site),
            "there is no content/ folder here: run danvan in a site folder, pass --site DIR, or create one with `danvan init DIR`",
        )
        .into());
    }
    let yml = Path::new("content/site.yml");
    let rel =
        if options.site.join(yml).is_file() && !options.site.join("content/site.yaml").is_file() {
            yml
        } else {
            Path::new("content/site.yaml")
        };
    let (mut config, diagnostics) = if options.site.join(rel).is_file() {
        match content::read_text(&options.site, rel) {
            Ok(text) => Config::parse(rel, &text),
            Err(e) => (Config::default(), e.into()),
        }
    } else {
        (Config::default(), Diagnostics::default())
    };
    if let Some(url) = &options.base_url {
        config.set_base_url(url)?;
    }
    Ok((config, diagnostics))
}

/// A site rendered in memory.
#[derive(Debug)]
pub struct RenderedSite {
    pub output: output::Output,
    pub pages: usize,
    pub warnings: Vec<Warning>,
    pub notes: Vec<Warning>,
    pub timings: Timings,
    /// The site ready to render again, for `serve`'s quick updates.
    pub prepared: render::Prepared,
}

/// What `serve` keeps between rebuilds of the site it serves, so that a
/// rebuild loads and renders the Markdown of only what changed.
#[derive(Debug, Default)]
pub struct Caches {
    loaded: content::LoadCache,
    markdown: site::MarkdownCache,
    hashes: render::HashCache,
}

impl Caches {
    /// From now on the caller tells every change in `content/`
    /// ([`Caches::changed`], [`Caches::lost_track`]), so that a rebuild
    /// reads only the files that changed instead of walking the folder.
    pub fn tell_changes(&self) {
        self.loaded.tell_changes();
    }

    /// Files or folders (site-relative) written, made, deleted or renamed.
    pub fn changed(&self, paths: impl IntoIterator<Item = PathBuf>) {
        self.loaded.changed(paths);
    }

    /// Something changed, but what is not known.
    pub fn lost_track(&self) {
        self.loaded.lost_track();
    }
}

/// Loads, validates and renders the site in memory, writing nothing;
/// what did not change since the last time is taken from `caches`.
pub fn render_site(options: &BuildOptions, caches: &Caches) -> Result<RenderedSite, Diagnostics> {
    pipeline(options, None, None, Some(caches))
}

/// The pipeline of `build` and `check`; `check_as_of` adds the checks of
/// [`check`], dated for the staleness of progress data.
/// With `out`, pages are written into a staging folder beside it as they
/// are rendered, and the folder is swapped in at the end.
fn pipeline(
    options: &BuildOptions,
    check_as_of: Option<date::Date>,
    out: Option<&Path>,
    caches: Option<&Caches>,
) -> Result<RenderedSite, Diagnostics> {
    let mut timings = Timings::default();
    let (config, mut diagnostics) = load_config(options)?;
    let theme = Theme::load(&options.site, &config).unwrap_or_else(|e| {
        diagnostics.push(e);
        Theme::built_in()
    });
    timings.lap("config and theme");
    let (content, content_diagnostics) = content::load_after(
        &options.site,
        &config,
        options.drafts,
        caches.map(|c| &c.loaded),
    );
    diagnostics.extend(content_diagnostics);
    let languages: Vec<&str> = config.language_codes().collect();
    timings.lap("load content");
    let (progress, progress_diagnostics) =
        progress::Progress::load(&options.site, &content.progress_files, &languages);
    diagnostics.extend(progress_diagnostics);
    let mut progress = progress;
    diagnostics.extend(units::load_into(
        &options.site,
        &content.progress_files,
        &languages,
        &mut progress,
    ));
    timings.lap("load progress");
    // Only `serve` (quick updates) and `check` (its slips) read the
    // Markdown sources again.
    let keep_sources = out.is_none();
    let (mut site, model_diagnostics) = site::build(
        config,
        content,
        progress,
        caches.map(|c| &c.markdown),
        keep_sources,
    );
    diagnostics.extend(model_diagnostics);
    timings.lap("site model and Markdown");
    // `check` goes on past content errors, so that broken links and
    // anchors between the pages that did load are reported in the same run.
    if diagnostics.has_errors() && check_as_of.is_none() {
        return Err(diagnostics);
    }
    if check_as_of.is_some() {
        check::sources(&site, &mut diagnostics);
    }
    // Only `serve` (which renders into memory, with neither) re-reads them.
    if out.is_some() || check_as_of.is_some() {
        site.forget_sources();
    }
    let cache = photos::encode::cache_dir(&options.site);
    site.cache = Some(cache.clone());
    if let Err(e) = site.encode_photos(Some(&cache)) {
        diagnostics.extend(e);
        return Err(diagnostics);
    }
    timings.lap("photos");
    // The staging folder exists only once the content is known to be good.
    let staging = match out {
        Some(out) => Some(output::Staging::create(
            &options.site,
            out,
            !options.no_precompress,
        )?),
        None => None,
    };
    let rendered =
        render::Prepared::new(site, &theme, caches.map(|c| &c.hashes)).and_then(|prepared| {
            timings.lap("templates and attachment hashes");
            let sink = match (&staging, check_as_of) {
                (Some(staging), _) => render::Sink::Staging(staging),
                (None, Some(_)) => render::Sink::Anchors,
                (None, None) => render::Sink::Memory,
            };
            let output = render::render(&prepared, &theme, &mut timings, sink)?;
            Ok((prepared, output))
        });
    let (prepared, output) = match rendered {
        Ok(done) => done,
        Err(e) => {
            diagnostics.extend(e);
            return Err(diagnostics);
        }
    };
    diagnostics
        .warnings
        .extend(prepared.warnings.iter().cloned());
    if let Some(today) = check_as_of {
        check::run(&prepared.site, &output, today, &mut diagnostics);
        timings.lap("check");
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
    }
    if let Some(staging) = staging {
        staging.finish(&output)?;
        timings.lap("write");
    }
    diagnostics.sort();
    Ok(RenderedSite {
        output,
        pages: prepared.site.pages.len(),
        warnings: diagnostics.warnings,
        notes: diagnostics.notes,
        timings,
        prepared,
    })
}

/// Builds the site into the output folder. On any error nothing is
/// written and the last good output stays as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let out = options.output_dir();
    // Refuse an output folder in a dangerous place before doing any work;
    // what it holds is checked just before it is replaced.
    output::check_place(&options.site, &out)?;
    let mut rendered = pipeline(options, None, Some(&out), None)?;
    let has_settings = ["content/site.yaml", "content/site.yml"]
        .iter()
        .any(|f| options.site.join(f).is_file());
    if !has_settings && options.base_url.is_none() {
        rendered.warnings.push(Warning {
            location: Location::file("content/site.yaml"),
            message: "there is no content/site.yaml, so the site has no name (pages say \"danvan\") and no address (feeds, the sitemap and share previews point to http://127.0.0.1:1111/): create it with `title: Liên đoàn Lao động huyện ...` and `base_url: https://your.site/`".to_string(),
        });
    } else if options.base_url.is_none()
        && rendered.prepared.site.config.base_url == config::Config::default().base_url
    {
        rendered.warnings.push(Warning {
            location: Location::file("content/site.yaml"),
            message: "no `base_url` is set, so canonical links, feeds and the sitemap point to http://127.0.0.1:1111/: add `base_url: https://your.site/` to site.yaml or pass --base-url".to_string(),
        });
    }
    let report = BuildReport {
        pages: rendered.pages,
        files: rendered.output.len(),
        reused: rendered.output.reused,
        output: out,
        warnings: rendered.warnings,
        notes: Vec::new(),
        timings: rendered.timings,
    };
    drop_aside((rendered.output, rendered.prepared));
    Ok(report)
}

/// Lets go of `model` on a thread of its own: freeing the model of
/// 20,000 pages takes tens of milliseconds no caller needs to wait for
/// (a process that exits first leaves it to the system).
fn drop_aside<T: Send + 'static>(model: T) {
    // Were no thread to be had, the model is dropped here, with the
    // closure that holds it.
    let _ = std::thread::Builder::new().spawn(move || drop(model));
}

/// Everything `build` checks and more (links, anchors, translations,
/// stale progress, document numbering), writing nothing.
pub fn check(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let rendered = pipeline(options, Some(date::Date::today()), None, None)?;
    let report = BuildReport {
        pages: rendered.pages,
        files: rendered.output.len(),
        reused: 0,
        output: options.output_dir(),
        warnings: rendered.warnings,
        notes: rendered.notes,
        timings: rendered.timings,
    };
    drop_aside((rendered.output, rendered.prepared));
    Ok(report)
}
