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
    Ok(i18n::nfc(&text))
}

/// What `serve` keeps between rebuilds so that a page whose file did not
/// change is not read and parsed again: each page as it was loaded, with
/// the size and modification time its file had then and what loading it
/// warned about.
#[derive(Debug, Default)]
pub struct LoadCache {
    state: std::sync::Mutex<CacheState>,
}

#[derive(Debug, Default)]
struct CacheState {
    /// A digest of what every page was loaded with: the settings, whether
    /// drafts are published and which folders are bundles.
    setting: u64,
    files: std::collections::HashMap<PathBuf, Loaded>,
}

/// A page as it was loaded, and its file's size and modification time.
type Loaded = (Stamp, std::sync::Arc<Page>, Vec<Warning>);

type Stamp = (u64, std::time::SystemTime);

fn stamp(path: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(path).ok()?;
    Some((meta.len(), meta.modified().ok()?))
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
    let content_dir = site.join("content");
    let mut markdown = Vec::new();
    let mut others = Vec::new();
    let content_root = content_dir
        .canonicalize()
        .unwrap_or_else(|_| content_dir.clone());
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
        let name = entry.file_name().to_string_lossy().to_string();
        if entry.path_is_symlink() {
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
        let content_rel = rel.strip_prefix("content").unwrap_or(&rel).to_path_buf();
        // Settings, and the units that report figures (`crate::units`).
        if ["site.yaml", "site.yml", "units.yaml"]
            .iter()
            .any(|name| content_rel == Path::new(name))
        {
            continue;
        }
        if is_page(&rel) && !content_rel.starts_with("static") {
            markdown.push(rel);
        } else if let Some(message) = (!content_rel.starts_with("progress"))
            .then(|| misnamed_page(entry.path(), &name))
            .flatten()
        {
            diagnostics.warn(Location::file(&rel), message);
        } else {
            others.push((entry.path().to_path_buf(), content_rel));
        }
    }

    let mut content = Content::default();
    let bundles: BTreeSet<PathBuf> = markdown
        .iter()
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
    let kept = cache
        .map(|cache| {
            let state = std::mem::take(&mut *cache.state.lock().unwrap_or_else(|e| e.into_inner()));
            if state.setting == setting {
                state.files
            } else {
                std::collections::HashMap::new()
            }
        })
        .unwrap_or_default();
    let results: Vec<(PageResult, Vec<Warning>, Option<Stamp>)> = markdown
        .par_iter()
        .map(|rel| {
            let now = cache.and_then(|_| stamp(&site.join(rel)));
            if let (Some(now), Some((then, page, warnings))) = (now, kept.get(rel))
                && now == *then
            {
                return (Ok(Some(page.clone())), warnings.clone(), Some(now));
            }
            let mut warnings = Vec::new();
            let result = load_page(site, rel, config, drafts, &bundles, &mut warnings);
            let result = result.map(|page| page.map(std::sync::Arc::new));
            (result.map_err(|e| (rel, e)), warnings, now)
        })
        .collect();
    drop(kept);
    if let Some(cache) = cache {
        let files = results
            .iter()
            .filter_map(|(result, warnings, now)| match (result, now) {
                (Ok(Some(page)), Some(now)) => {
                    Some((page.source.clone(), (*now, page.clone(), warnings.clone())))
                }
                _ => None,
            })
            .collect();
        *cache.state.lock().unwrap_or_else(|e| e.into_inner()) = CacheState { setting, files };
    }
    let results = results.into_iter().map(|(r, w, _)| (r, w));
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

    for (path, rel) in others {
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
        });
    }
    checks::check_attachments(&mut content, &mut diagnostics);
    checks::check_documents(&content, &mut diagnostics);
    (content, diagnostics)
}

/// A loaded page (`None` for a skipped draft), or the file and its errors.
type PageResult<'a> = Result<Option<std::sync::Arc<Page>>, (&'a PathBuf, Vec<Error>)>;

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
}
