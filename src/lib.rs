//! danvan: a static site generator for campaign publishing.
//!
//! A union office keeps its plans, its "Dân vận khéo" stories and its
//! progress figures as Markdown and YAML; danvan turns them into a static,
//! bilingual website. Data flows one way, and [`build`] reads top to bottom:
//! load the config and content → validate (every error of the site at once)
//! → build the site model → render → write, swapping the new output in only
//! when it is complete.

pub mod archive;
pub mod check;
pub mod cli;
pub mod config;
pub mod content;
pub mod date;
pub mod error;
pub mod fs;
pub mod i18n;
pub mod markdown;
pub mod number;
pub mod output;
pub mod progress;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod site;
pub mod yaml;

use config::Config;
use error::{Diagnostics, Error, Location, Warning};
use render::theme::Theme;
use std::path::{Path, PathBuf};

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
    pub output: PathBuf,
    pub warnings: Vec<Warning>,
    /// Reports from `check` that are not problems.
    pub notes: Vec<Warning>,
}

/// Loads the config (`content/site.yaml`, optional).
pub fn load_config(options: &BuildOptions) -> Result<Config, Diagnostics> {
    let content = options.site.join("content");
    if !content.is_dir() {
        return Err(Error::content(
            Location::file(&options.site),
            "there is no content/ folder here: run danvan in a site folder, pass --site DIR, or create one with `danvan init DIR`",
        )
        .into());
    }
    let rel = Path::new("content/site.yaml");
    let mut config = if options.site.join(rel).is_file() {
        let text = content::read_text(&options.site, rel)?;
        Config::parse(rel, &text).map_err(|errors| Diagnostics {
            errors,
            ..Diagnostics::default()
        })?
    } else {
        Config::default()
    };
    if let Some(url) = &options.base_url {
        config.set_base_url(url)?;
    }
    Ok(config)
}

/// A site rendered in memory.
#[derive(Debug)]
pub struct RenderedSite {
    pub output: output::Output,
    pub pages: usize,
    pub warnings: Vec<Warning>,
    pub notes: Vec<Warning>,
}

/// Loads, validates and renders the site in memory, writing nothing.
pub fn render_site(options: &BuildOptions) -> Result<RenderedSite, Diagnostics> {
    pipeline(options, None)
}

/// The pipeline of `build` and `check`; `check_as_of` adds the checks of
/// [`check`], dated for the staleness of progress data.
fn pipeline(
    options: &BuildOptions,
    check_as_of: Option<date::Date>,
) -> Result<RenderedSite, Diagnostics> {
    let config = load_config(options)?;
    let theme = Theme::load(&options.site, &config)?;
    let (content, mut diagnostics) = content::load(&options.site, &config, options.drafts);
    let (progress, progress_diagnostics) =
        progress::Progress::load(&options.site, &content.progress_files);
    diagnostics.extend(progress_diagnostics);
    let (site, model_diagnostics) = site::build(config, content, progress);
    diagnostics.extend(model_diagnostics);
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    let output = render::render(&site, &theme)?;
    if let Some(today) = check_as_of {
        check::run(&site, &output, today, &mut diagnostics);
        if diagnostics.has_errors() {
            return Err(diagnostics);
        }
    }
    diagnostics.sort();
    Ok(RenderedSite {
        output,
        pages: site.pages.len(),
        warnings: diagnostics.warnings,
        notes: diagnostics.notes,
    })
}

/// Builds the site into the output folder. On any error nothing is
/// written and the last good output stays as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let out = options.output_dir();
    // Refuse a dangerous output folder before doing any work.
    output::check_target(&options.site, &out)?;
    let rendered = render_site(options)?;
    output::write(&options.site, &out, &rendered.output)?;
    Ok(BuildReport {
        pages: rendered.pages,
        files: rendered.output.len(),
        output: out,
        warnings: rendered.warnings,
        notes: Vec::new(),
    })
}

/// Everything `build` checks and more (links, anchors, translations,
/// stale progress, document numbering), writing nothing.
pub fn check(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    let rendered = pipeline(options, Some(scaffold::today()))?;
    Ok(BuildReport {
        pages: rendered.pages,
        files: rendered.output.len(),
        output: options.output_dir(),
        warnings: rendered.warnings,
        notes: rendered.notes,
    })
}
