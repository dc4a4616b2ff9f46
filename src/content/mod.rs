//! Loading `content/`: walking the folder, reading every file as NFC text,
//! splitting and checking front matter, telling languages from file names
//! and gathering bundle files. What comes out is plain data; URLs and
//! translations are the site model's business ([`crate::site`]).

mod checks;
pub mod front_matter;
mod names;
pub(crate) use names::is_junk;

pub use names::is_page;
use names::misnamed_page;

use crate::config::Config;
use crate::error::{Diagnostics, Error, Location, Mistake, Warning};
use crate::fs::{Stamp, stamp};
use crate::i18n;
use crate::yaml;
use front_matter::{DOCUMENT_KEYS, FrontMatter, PAGE_KEYS, STORY_KEYS};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

/// The folder of the site a page comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Section {
    Home,
    Documents,
    Stories,
    Pages,
}

impl Section {
    fn from_folder(name: &str) -> Option<Section> {
        match name {
            "documents" => Some(Section::Documents),
            "stories" => Some(Section::Stories),
            "pages" => Some(Section::Pages),
            _ => None,
        }
    }

    /// The first URL segment of the section's pages.
    pub fn url_prefix(self) -> &'static str {
        match self {
            Section::Documents => "documents",
            Section::Stories => "stories",
            Section::Home | Section::Pages => "",
        }
    }
}

/// One Markdown file in one language.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path from the site folder, as errors print it.
    pub source: PathBuf,
    pub lang: String,
    pub section: Section,
    /// What translations share: the content path without language and
    /// `.md`, or the bundle folder (`documents/2024/04-kh-ldld`).
    pub key: String,
    /// URL segments below the section: slugged folders, then the slug.
    pub segments: Vec<String>,
    pub title: String,
    pub front: FrontMatter,
    pub yaml: String,
    pub yaml_line: usize,
    pub body: String,
    pub body_line: usize,
    /// The bundle folder, content-relative, when the page is a bundle's
    /// `index` file.
    pub bundle: Option<PathBuf>,
}

impl Page {
    /// The YAML block, for locating keys in later checks.
    pub fn block(&self) -> yaml::Block<'_> {
        yaml::Block {
            path: &self.source,
            text: &self.yaml,
            first_line: self.yaml_line,
        }
    }

    /// The content-relative folder the file sits in, where its relative
    /// links start.
    pub fn dir(&self) -> PathBuf {
        let rel = self.source.strip_prefix("content").unwrap_or(&self.source);
        rel.parent().map(Path::to_path_buf).unwrap_or_default()
    }
}

/// A file published as is: bundle files, loose files and `static/`.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute path to read from.
    pub path: PathBuf,
    /// Content-relative path (for `static/`, relative to `static/`).
    pub rel: PathBuf,
    /// The bundle it belongs to, content-relative.
    pub bundle: Option<PathBuf>,
    pub is_static: bool,
    /// Its size and modification time when the content was loaded.
    pub stamp: Option<Stamp>,
}

/// Everything read from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    pub pages: Vec<std::sync::Arc<Page>>,
    pub assets: Vec<Asset>,
    /// Progress files by id, for later stages.
    pub progress_files: Vec<PathBuf>,
    /// Translation keys of pages that failed to load: links to them are
    /// not reported again as broken.
    pub failed: BTreeSet<String>,
}

/// Reads a text file as NFC, so that all later steps see one form.
pub fn read_text(site: &Path, rel: &Path) -> Result<String, Error> {
    let bytes = crate::fs::read(&site.join(rel))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let (line, column) = crate::error::line_column(
            &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
            usize::MAX,
        );
        Error::content(
            Location::new(rel, line, column),
            "this file is not UTF-8 text: save it as UTF-8 in your editor",
        )
    })?;
    Ok(i18n::into_nfc(text))
}

/// What `serve` keeps between rebuilds so that a page whose file did not
/// change is not read and parsed again: each page as it was loaded, with
/// the size and modification time its file had then and what loading it
/// warned about; and what the walk of `content/` found. A caller that
/// watches the folder says which files changed ([`LoadCache::changed`]):
/// then the next load neither walks the folder nor looks at any other
/// file.
#[derive(Debug, Default)]
pub struct LoadCache {
    /// Held for a whole load: loads take turns, each after the last.
    state: std::sync::Mutex<CacheState>,
    changes: std::sync::Mutex<Changes>,
}

#[derive(Debug, Default)]
struct CacheState {
    /// A digest of what every page was loaded with: the settings, whether
    /// drafts are published and which folders are bundles.
    setting: u64,
    /// By site-relative path, as bytes: hashing a `Path` walks its
    /// components, which costs more than the rest of a lookup.
    files: rustc_hash::FxHashMap<std::ffi::OsString, Loaded>,
    /// What the last walk found, when it can stand for a new walk: it met
    /// no error and no symbolic link.
    walk: Option<Vec<Found>>,
}

/// What changed in `content/` since the last load, as far as the caller
/// knows.
#[derive(Debug, Default)]
struct Changes {
    /// Whether the caller tells every change.
    told: bool,
    /// Site-relative paths of what changed; `None` when that is not known
    /// (nothing told yet, or the watcher lost track).
    paths: Option<BTreeSet<PathBuf>>,
}

impl LoadCache {
    /// From now on every change in `content/` is told with
    /// [`LoadCache::changed`] or [`LoadCache::lost_track`]; until the next
    /// load, what changed is not known.
    pub fn tell_changes(&self) {
        let mut changes = self.changes.lock().unwrap_or_else(|e| e.into_inner());
        changes.told = true;
    }

    /// Files or folders (site-relative paths) that were written, made,
    /// deleted or renamed since the last load.
    pub fn changed(&self, paths: impl IntoIterator<Item = PathBuf>) {
        let mut changes = self.changes.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(known) = changes.paths.as_mut() {
            known.extend(paths);
        }
    }

    /// Something changed, but what is not known: the next load walks the
    /// folder and looks at every file again.
    pub fn lost_track(&self) {
        self.changes.lock().unwrap_or_else(|e| e.into_inner()).paths = None;
    }

    /// What changed since the last load, and from now on what changes
    /// after this one.
    fn take_changes(&self) -> Option<BTreeSet<PathBuf>> {
        let mut changes = self.changes.lock().unwrap_or_else(|e| e.into_inner());
        let next = changes.told.then(BTreeSet::new);
        std::mem::replace(&mut changes.paths, next)
    }
}

/// A page as it was loaded, and its file's size and modification time.
type Loaded = (Stamp, std::sync::Arc<Page>, Vec<Warning>);

/// A file the walk of `content/` found, and what it is.
#[derive(Debug, Clone)]
struct Found {
    /// The path to read it from.
    path: PathBuf,
    /// Site-relative: `content/stories/x.vi.md`.
    rel: PathBuf,
    kind: Kind,
    /// Its size and modification time when it was found.
    stamp: Option<Stamp>,
}

#[derive(Debug, Clone)]
enum Kind {
    Page,
    /// A file published as is, or a progress file.
    Other,
    /// A page by its contents but not by its name: not published, and
    /// this warning says how to rename it.
    Misnamed(String),
}

/// What the file at `path` (site-relative `rel`) is for the site; `None`
/// for the files of settings, which are not content.
fn classify(path: &Path, rel: PathBuf, stamp: Option<Stamp>) -> Option<Found> {
    let content_rel = rel.strip_prefix("content").unwrap_or(&rel);
    // Settings, and the units that report figures (`crate::units`).
    if ["site.yaml", "site.yml", "units.yaml"]
        .iter()
        .any(|name| content_rel == Path::new(name))
    {
        return None;
    }
    let kind = if is_page(&rel) && !content_rel.starts_with("static") {
        Kind::Page
    } else {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        match (!content_rel.starts_with("progress"))
            .then(|| misnamed_page(path, &name))
            .flatten()
        {
            Some(message) => Kind::Misnamed(message),
            None => Kind::Other,
        }
    };
    Some(Found {
        path: path.to_path_buf(),
        rel,
        kind,
        stamp,
    })
}

/// Walks `site/content` in file name order. The second value says whether
/// the result can stand for a later walk ([`apply_changes`]): it cannot
/// when a folder could not be read or a symbolic link was met.
fn walk(site: &Path, diagnostics: &mut Diagnostics) -> (Vec<Found>, bool) {
    let content_dir = site.join("content");
    let content_root = content_dir
        .canonicalize()
        .unwrap_or_else(|_| content_dir.clone());
    let mut found = Vec::new();
    let mut reusable = true;
    // Hidden folders (`.git`) and editor junk are never even read.
    let walk = walkdir::WalkDir::new(&content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_junk(&e.file_name().to_string_lossy()));
    for entry in walk {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                reusable = false;
                let path = e.path().unwrap_or(&content_dir).to_path_buf();
                let io = e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("cannot walk"));
                diagnostics.push(Error::io(&path, "cannot read folder", io));
                continue;
            }
        };
        let rel = entry
            .path()
            .strip_prefix(site)
            .unwrap_or(entry.path())
            .to_path_buf();
        if entry.path_is_symlink() {
            reusable = false;
            // A link is followed only to a file of content/ itself: a link
            // to `.git/config` or a home folder would publish it.
            match entry.path().canonicalize() {
                Ok(target) if target.starts_with(&content_root) && target.is_file() => {}
                Ok(target) if target.starts_with(&content_root) => continue,
                target => {
                    let to = target.map_or_else(
                        |_| "a place that does not exist".to_string(),
                        |t| t.display().to_string(),
                    );
                    diagnostics.push(Error::content(
                        Location::file(&rel),
                        format!(
                            "this is a link to {to}, outside the site's content/; danvan does not follow links out of content/: copy the file in instead"
                        ),
                    ));
                    continue;
                }
            }
        } else if !entry.file_type().is_file() {
            continue;
        }
        // A link's stamp is its target's.
        let stamp = if entry.path_is_symlink() {
            stamp(entry.path())
        } else {
            entry
                .metadata()
                .ok()
                .and_then(|m| Some((m.len(), m.modified().ok()?)))
        };
        found.extend(classify(entry.path(), rel, stamp));
    }
    (found, reusable)
}

/// Brings an earlier walk up to date with the files that changed since
/// (site-relative paths), as a new walk would find them. `None` when only
/// a new walk can tell: a folder made, deleted or renamed, or a link.
/// Paths outside `content/`, editor junk, and files that came and went
/// between two loads (an editor's temporary copy) change nothing.
fn apply_changes(
    site: &Path,
    mut found: Vec<Found>,
    changed: &BTreeSet<PathBuf>,
) -> Option<Vec<Found>> {
    for rel in changed {
        let Ok(content_rel) = rel.strip_prefix("content") else {
            continue;
        };
        if content_rel.as_os_str().is_empty() {
            return None;
        }
        if content_rel
            .components()
            .any(|c| is_junk(&c.as_os_str().to_string_lossy()))
        {
            continue;
        }
        // The walk's order is the order of paths: by folder, then name.
        let at = found.binary_search_by(|f| f.rel.as_path().cmp(rel));
        let path = site.join(rel);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() => {
                let stamp = meta.modified().ok().map(|t| (meta.len(), t));
                match (classify(&path, rel.clone(), stamp), at) {
                    (Some(now), Ok(i)) => found[i] = now,
                    (Some(now), Err(i)) => found.insert(i, now),
                    (None, _) => {}
                }
            }
            Ok(meta) if meta.is_dir() || meta.file_type().is_symlink() => return None,
            Ok(_) => {
                if let Ok(i) = at {
                    found.remove(i);
                }
            }
            Err(_) => match at {
                Ok(i) => {
                    found.remove(i);
                }
                // Gone, and holding files the walk found: a folder.
                Err(i) if found.get(i).is_some_and(|f| f.rel.starts_with(rel)) => return None,
                Err(_) => {}
            },
        }
    }
    Some(found)
}

/// Walks `site/content` and loads every page and file. Files with errors
/// are left out of the content and their errors returned beside it, so
/// that later steps can report theirs in the same run.
pub fn load(site: &Path, config: &Config, drafts: bool) -> (Content, Diagnostics) {
    load_after(site, config, drafts, None)
}

/// [`load`], taking from `cache` each page whose file is as it was when
/// it was loaded, and keeping there what it loads.
pub fn load_after(
    site: &Path,
    config: &Config,
    drafts: bool,
    cache: Option<&LoadCache>,
) -> (Content, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    // Held to the end: a load starts from where the last one ended.
    let mut state = cache.map(|cache| cache.state.lock().unwrap_or_else(|e| e.into_inner()));
    let changed = cache.and_then(LoadCache::take_changes);
    let mut earlier = state.as_mut().map(|s| std::mem::take(&mut **s));
    let updated = match (&changed, earlier.as_mut().and_then(|e| e.walk.take())) {
        (Some(changed), Some(walked)) => apply_changes(site, walked, changed),
        _ => None,
    };
    // Without a walk, every page's file is looked at to see if it changed.
    let trusted = updated.is_some();
    let (found, reusable) = match updated {
        Some(found) => (found, true),
        None => walk(site, &mut diagnostics),
    };
    let mut markdown = Vec::new();
    let mut others = Vec::new();
    for file in &found {
        match &file.kind {
            Kind::Page => markdown.push((file.rel.clone(), file.stamp)),
            Kind::Misnamed(message) => diagnostics.warn(Location::file(&file.rel), message.clone()),
            Kind::Other => {
                let content_rel = file.rel.strip_prefix("content").unwrap_or(&file.rel);
                others.push((file.path.clone(), content_rel.to_path_buf(), file.stamp));
            }
        }
    }

    let mut content = Content::default();
    let bundles: BTreeSet<PathBuf> = markdown
        .iter()
        .map(|(p, _)| p)
        .filter(|p| file_stem_and_lang(p).0 == "index")
        .filter_map(|p| p.parent())
        .map(|p| p.strip_prefix("content").unwrap_or(p).to_path_buf())
        .collect();

    let setting = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        format!("{config:?}").hash(&mut hasher);
        (drafts, &bundles).hash(&mut hasher);
        hasher.finish()
    };
    // What an earlier load left, when it loaded with the same settings:
    // taken, not copied, as this load writes the cache anew.
    let mut kept = earlier
        .map(|earlier| {
            if earlier.setting == setting {
                earlier.files
            } else {
                rustc_hash::FxHashMap::default()
            }
        })
        .unwrap_or_default();
    let unchanged = |rel: &PathBuf| trusted && changed.as_ref().is_some_and(|c| !c.contains(rel));
    let results: Vec<PageOutcome> = markdown
        .par_iter()
        .map(|(rel, now)| {
            if let Some((then, page, warnings)) = kept.get(rel.as_os_str()) {
                // A file no change was told for is as it was.
                if unchanged(rel) || *now == Some(*then) {
                    return (Ok(Some(page.clone())), warnings.clone(), Some(*then), None);
                }
            }
            let now = *now;
            let mut warnings = Vec::new();
            let result = load_page(site, rel, config, drafts, &bundles, &mut warnings);
            let result = result.map(|page| page.map(std::sync::Arc::new));
            (result.map_err(|e| (rel, e)), warnings, now, Some(rel))
        })
        .collect();
    if let Some(state) = state.as_mut() {
        // Updated where it stands: most files are as they were.
        let mut cached = 0;
        for (result, warnings, now, read) in &results {
            match (result, now) {
                (Ok(Some(page)), Some(now)) => {
                    cached += 1;
                    if let Some(rel) = read {
                        let entry = (*now, page.clone(), warnings.clone());
                        kept.insert(rel.as_os_str().to_owned(), entry);
                    }
                }
                _ => {
                    if let Some(rel) = read {
                        kept.remove(rel.as_os_str());
                    }
                }
            }
        }
        // More than the files found: some are gone.
        if kept.len() > cached {
            let present: rustc_hash::FxHashSet<&std::ffi::OsStr> =
                markdown.iter().map(|(rel, _)| rel.as_os_str()).collect();
            kept.retain(|rel, _| present.contains(rel.as_os_str()));
        }
        **state = CacheState {
            setting,
            files: kept,
            walk: reusable.then_some(found),
        };
    } else {
        drop(kept);
    }
    drop(state);
    let results = results.into_iter().map(|(r, w, _, _)| (r, w));
    for (result, warnings) in results {
        diagnostics.warnings.extend(warnings);
        match result {
            Ok(Some(page)) => content.pages.push(page),
            Ok(None) => {}
            Err((rel, errors)) => {
                errors.into_iter().for_each(|e| diagnostics.push(e));
                let content_rel = rel.strip_prefix("content").unwrap_or(rel);
                let key = translation_key(content_rel, &bundles).0;
                content
                    .failed
                    .insert(key.to_string_lossy().replace('\\', "/"));
            }
        }
    }

    for (path, rel, stamp) in others {
        if rel.starts_with("progress") {
            content.progress_files.push(Path::new("content").join(rel));
            continue;
        }
        if let Ok(static_rel) = rel.strip_prefix("static") {
            content.assets.push(Asset {
                path,
                rel: static_rel.to_path_buf(),
                bundle: None,
                is_static: true,
                stamp,
            });
            continue;
        }
        // The innermost bundle the file is in.
        let bundle = rel
            .ancestors()
            .skip(1)
            .find(|folder| bundles.contains(*folder))
            .map(Path::to_path_buf);
        content.assets.push(Asset {
            path,
            rel,
            bundle,
            is_static: false,
            stamp,
        });
    }
    checks::check_attachments(&mut content, &mut diagnostics);
    checks::check_documents(&content, &mut diagnostics);
    (content, diagnostics)
}

/// A loaded page (`None` for a skipped draft), or the file and its errors.
type PageResult<'a> = Result<Option<std::sync::Arc<Page>>, (&'a PathBuf, Vec<Error>)>;

/// One Markdown file's load: the page or its errors, its warnings, its
/// size and time, and the file when it was read now (not taken as it was).
type PageOutcome<'a> = (
    PageResult<'a>,
    Vec<Warning>,
    Option<Stamp>,
    Option<&'a PathBuf>,
);

/// Reads `old`'s file again, for a quick update of one edited page.
/// `Ok(None)` when it became a draft that is not published, or has
/// warnings to show: a full build reports them.
pub fn reload(
    site: &Path,
    old: &Page,
    config: &Config,
    drafts: bool,
) -> Result<Option<Page>, Vec<Error>> {
    let bundles: BTreeSet<PathBuf> = old.bundle.iter().cloned().collect();
    let mut warnings = Vec::new();
    let page = load_page(site, &old.source, config, drafts, &bundles, &mut warnings)?;
    Ok(page.filter(|_| warnings.is_empty()))
}

/// `name.vi.md` → ("name", Some("vi")); `name.md` → ("name", None).
fn file_stem_and_lang(path: &Path) -> (String, Option<String>) {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    match stem.rsplit_once('.') {
        // `.EN.md` is `.en.md`: editors and some systems capitalise.
        Some((name, code))
            if (2..=3).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphabetic()) =>
        {
            (name.to_string(), Some(code.to_ascii_lowercase()))
        }
        _ => (stem, None),
    }
}

/// The translation key of a content path, as a link names it:
/// `stories/x.vi.md` and `stories/x.md` are `stories/x`,
/// `documents/a/index.EN.md` is `documents/a`.
pub fn key_of(content_rel: &Path) -> String {
    let (stem, _) = file_stem_and_lang(content_rel);
    let parent = content_rel.parent().unwrap_or(Path::new(""));
    let key = if stem == "index" {
        parent.to_path_buf()
    } else {
        parent.join(&stem)
    };
    key.to_string_lossy().replace('\\', "/")
}

/// What a file's translations share (its path without language and `.md`,
/// or its bundle folder), the name its slug comes from, and its bundle.
fn translation_key(
    content_rel: &Path,
    bundles: &BTreeSet<PathBuf>,
) -> (PathBuf, String, Option<PathBuf>) {
    let (stem, _) = file_stem_and_lang(content_rel);
    let parent = content_rel.parent().unwrap_or(Path::new(""));
    if stem == "index" && bundles.contains(parent) {
        let name = parent
            .file_name()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_default();
        (parent.to_path_buf(), name, Some(parent.to_path_buf()))
    } else {
        (parent.join(&stem), stem, None)
    }
}

fn load_page(
    site: &Path,
    rel: &Path,
    config: &Config,
    drafts: bool,
    bundles: &BTreeSet<PathBuf>,
    warnings: &mut Vec<Warning>,
) -> Result<Option<Page>, Vec<Error>> {
    let text = read_text(site, rel).map_err(|e| vec![e])?;
    let content_rel = rel.strip_prefix("content").unwrap_or(rel);
    let (stem, lang) = file_stem_and_lang(rel);
    let lang = match lang {
        Some(code) if config.language_codes().any(|c| c == code) => code,
        Some(code) => {
            let known: Vec<&str> = config.language_codes().collect();
            return Err(vec![Error::content(
                Location::file(rel),
                format!(
                    "the file name says language `{code}`, which the site does not have; languages: {} (add it under `languages:` in site.yaml, or rename the file)",
                    known.join(", ")
                ),
            )]);
        }
        None => config.default_language.clone(),
    };
    let mut components = content_rel.components().filter_map(|c| match c {
        Component::Normal(s) => Some(s.to_string_lossy().to_string()),
        _ => None,
    });
    let first = components.next().unwrap_or_default();
    let depth = content_rel.components().count();
    let section = if depth == 1 && stem == "_index" {
        Section::Home
    } else if let Some(section) = Section::from_folder(&first).filter(|_| depth > 1) {
        section
    } else {
        return Err(vec![Error::content(
            Location::file(rel),
            "Markdown files go in documents/, stories/ or pages/ (and the home text in _index.vi.md): move this file into one of them",
        )]);
    };

    let split = front_matter::split(rel, &text).map_err(|e| vec![e])?;
    let block = yaml::Block {
        path: rel,
        text: split.yaml,
        first_line: split.yaml_line,
    };
    let keys: Vec<&str> = match section {
        Section::Documents => [PAGE_KEYS, DOCUMENT_KEYS].concat(),
        Section::Stories => [PAGE_KEYS, STORY_KEYS].concat(),
        Section::Home | Section::Pages => PAGE_KEYS.to_vec(),
    };
    let codes: Vec<&str> = config.language_codes().collect();
    let parsed = yaml::parse::<FrontMatter>(
        block,
        yaml::Schema {
            keys: Some(&keys),
            languages: &codes,
        },
    );
    warnings.extend(parsed.warnings);
    let mut errors = parsed.errors;
    let Some(mut front) = parsed.value else {
        return Err(errors);
    };
    // `summary: ""` means "no summary": the first lines stand in.
    if front
        .summary
        .as_ref()
        .is_some_and(|s| s.languages().is_empty() && s.get("", "").trim().is_empty())
    {
        front.summary = None;
    }
    let title = match &front.title {
        Some(t) => t.get(&lang, &config.default_language).trim().to_string(),
        None => String::new(),
    };
    // A title or date written with a mistake is reported once, as that
    // mistake, not again as missing.
    if title.is_empty()
        && (front.title.is_some()
            || yaml::find(block, &["title"]).is_none() && !yaml::misspelt(&errors, "title"))
    {
        errors.push(Error::mistake(
            block.start(),
            Mistake::MissingKey {
                key: "title".to_string(),
                hint: "add a line such as `title: Kế hoạch công tác dân vận năm 2024`".to_string(),
            },
        ));
    }
    if section == Section::Documents
        && front.date.is_none()
        && yaml::find(block, &["date"]).is_none()
        && !yaml::misspelt(&errors, "date")
    {
        errors.push(Error::mistake(
            block.start(),
            Mistake::MissingKey {
                key: "date".to_string(),
                hint: "a document needs its date of issue, written like `date: 2024-01-24`"
                    .to_string(),
            },
        ));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    if front.draft && !drafts {
        return Ok(None);
    }

    let (key_path, name, bundle) = translation_key(content_rel, bundles);
    let key = key_path.to_string_lossy().replace('\\', "/");
    let mut segments: Vec<String> = key_path
        .parent()
        .into_iter()
        .flat_map(|p| p.components())
        .skip(1)
        .map(|c| i18n::slugify(&c.as_os_str().to_string_lossy()))
        .collect();
    let slug = match &front.slug {
        Some(s) => i18n::slugify(s),
        None => i18n::slugify(&name),
    };
    if section != Section::Home {
        if slug.is_empty() {
            return Err(vec![Error::content(
                yaml::locate(block, &["slug"]),
                "this page's slug is empty: give it `slug:` with some letters or digits",
            )]);
        }
        segments.push(slug);
    }
    Ok(Some(Page {
        source: rel.to_path_buf(),
        lang,
        section,
        key,
        segments,
        title,
        front,
        yaml: split.yaml.to_string(),
        yaml_line: split.yaml_line,
        body: split.body.to_string(),
        body_line: split.body_line,
        bundle,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_comes_from_the_file_name() {
        assert_eq!(
            file_stem_and_lang(Path::new("a/index.vi.md")),
            ("index".to_string(), Some("vi".to_string()))
        );
        assert_eq!(
            file_stem_and_lang(Path::new("a/about.md")),
            ("about".to_string(), None)
        );
        assert_eq!(
            file_stem_and_lang(Path::new("a/v1.2.md")),
            ("v1.2".to_string(), None)
        );
    }

    /// A second load takes every page whose file is as it was from the
    /// first (the same page, not a copy) and reads again the one edited,
    /// the one added and none deleted.
    #[test]
    fn a_load_after_another_reads_only_what_changed() {
        let dir = std::env::temp_dir().join(format!("danvan-load-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let write = |rel: &str, text: &str| {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        write("content/stories/a.vi.md", "---\ntitle: Một\n---\nMột.\n");
        write("content/stories/b.vi.md", "---\ntitle: Hai\n---\nHai.\n");
        write("content/stories/c.vi.md", "---\ntitle: Ba\n---\nBa.\n");
        let config = Config::default();
        let cache = LoadCache::default();
        let load = || {
            let (content, diagnostics) = load_after(&dir, &config, false, Some(&cache));
            assert!(!diagnostics.has_errors());
            content.pages
        };
        let first = load();
        let second = load();
        assert!(
            first
                .iter()
                .zip(&second)
                .all(|(a, b)| std::sync::Arc::ptr_eq(a, b))
        );

        write(
            "content/stories/b.vi.md",
            "---\ntitle: Hai (sửa)\n---\nHai.\n",
        );
        write("content/stories/d.vi.md", "---\ntitle: Bốn\n---\nBốn.\n");
        std::fs::remove_file(dir.join("content/stories/c.vi.md")).unwrap();
        let third = load();
        let titles: Vec<&str> = third.iter().map(|p| p.title.as_str()).collect();
        assert_eq!(titles, ["Một", "Hai (sửa)", "Bốn"]);
        assert!(std::sync::Arc::ptr_eq(&second[0], &third[0]));
        assert!(!std::sync::Arc::ptr_eq(&second[1], &third[1]));

        // Other settings: every page is read again.
        let english = Config {
            default_language: "en".to_string(),
            ..Config::default()
        };
        let (fourth, _) = load_after(&dir, &english, false, Some(&cache));
        assert!(!std::sync::Arc::ptr_eq(&third[0], &fourth.pages[0]));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    /// Told what changed, a load reads those files and no other: it does
    /// not even look at the others (an edit it was not told of is not
    /// seen), adds a new file where a walk would, drops a deleted one,
    /// and walks again for a new folder or when told it lost track.
    #[test]
    fn a_load_told_what_changed_reads_only_that() {
        let dir = std::env::temp_dir().join(format!("danvan-told-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let write = |rel: &str, text: &str| {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        };
        let page = |title: &str| format!("---\ntitle: {title}\n---\nVăn bản.\n");
        write("content/stories/b.vi.md", &page("B"));
        write("content/stories/d.vi.md", &page("D"));
        write("content/stories/d/anh.txt", "tệp");
        let config = Config::default();
        let cache = LoadCache::default();
        let load = || {
            let (content, diagnostics) = load_after(&dir, &config, false, Some(&cache));
            assert!(!diagnostics.has_errors(), "{diagnostics:?}");
            let titles: Vec<String> = content.pages.iter().map(|p| p.title.clone()).collect();
            let assets: Vec<PathBuf> = content.assets.iter().map(|a| a.rel.clone()).collect();
            (titles, assets)
        };
        cache.tell_changes();
        // What changed before the first load is not known: it walks.
        assert_eq!(load().0, ["B", "D"]);

        // Not told: not seen, as no file but those told is looked at.
        write("content/stories/b.vi.md", &page("B đã sửa"));
        assert_eq!(load().0, ["B", "D"]);
        cache.changed([PathBuf::from("content/stories/b.vi.md")]);
        assert_eq!(load().0, ["B đã sửa", "D"]);

        // A new page in its place in the order, a deleted file gone, an
        // editor's copy that came and went and junk change nothing.
        write("content/stories/c.vi.md", &page("C"));
        write("content/stories/.c.vi.md.swp", "rác");
        std::fs::remove_file(dir.join("content/stories/d/anh.txt")).unwrap();
        cache.changed([
            PathBuf::from("content/stories/c.vi.md"),
            PathBuf::from("content/stories/.c.vi.md.swp"),
            PathBuf::from("content/stories/sed1Xy2z"),
            PathBuf::from("content/stories/d/anh.txt"),
            PathBuf::from("themes/default/page.html"),
        ]);
        let (titles, assets) = load();
        assert_eq!(titles, ["B đã sửa", "C", "D"]);
        assert!(assets.is_empty(), "{assets:?}");

        // A new folder: walked again, so its files are found.
        write("content/stories/e/index.vi.md", &page("E"));
        write("content/stories/e/tep.pdf", "%PDF-1.4");
        cache.changed([PathBuf::from("content/stories/e")]);
        let (titles, assets) = load();
        assert_eq!(titles, ["B đã sửa", "C", "D", "E"]);
        assert_eq!(assets, [PathBuf::from("stories/e/tep.pdf")]);

        // A folder deleted: walked again.
        std::fs::remove_dir_all(dir.join("content/stories/e")).unwrap();
        cache.changed([PathBuf::from("content/stories/e")]);
        assert_eq!(load().0, ["B đã sửa", "C", "D"]);

        // A page deleted: gone from the site and from what is kept of it.
        std::fs::remove_file(dir.join("content/stories/c.vi.md")).unwrap();
        cache.changed([PathBuf::from("content/stories/c.vi.md")]);
        assert_eq!(load().0, ["B đã sửa", "D"]);
        let mut kept: Vec<String> = (cache.state.lock().unwrap().files.keys())
            .map(|k| k.to_string_lossy().replace('\\', "/"))
            .collect();
        kept.sort();
        assert_eq!(kept, ["content/stories/b.vi.md", "content/stories/d.vi.md"]);

        // Lost track: every file is looked at again.
        write("content/stories/d.vi.md", &page("D đã sửa, dài hơn"));
        cache.lost_track();
        assert_eq!(load().0, ["B đã sửa", "D đã sửa, dài hơn"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
