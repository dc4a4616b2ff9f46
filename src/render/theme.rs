//! The theme: the built-in `themes/default/` compiled into the binary, with
//! any file of the site's `themes/<name>/` replacing the built-in file of
//! the same path (templates, CSS, i18n strings alike). Hidden folders and
//! the files editors leave behind (`.git`, `page.html~`, `.page.html.swp`)
//! are never read.

use crate::config::Config;
use crate::error::{Error, Location, Warning};
use crate::i18n::Strings;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The files of the built-in theme, by path under `themes/default/`.
pub const BUILT_IN: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// One theme file and where it came from.
#[derive(Debug, Clone)]
pub struct ThemeFile {
    pub bytes: Vec<u8>,
    /// The site file that overrides the built-in one, if any.
    pub origin: Option<PathBuf>,
}

/// The theme in effect for a site.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    pub files: BTreeMap<String, ThemeFile>,
    /// The folder name under `themes/` (`default` for the built-in one).
    pub name: String,
}

impl Theme {
    /// The built-in theme alone.
    pub fn built_in() -> Theme {
        Theme {
            files: Self::built_in_files(),
            name: "default".to_string(),
        }
    }

    fn built_in_files() -> BTreeMap<String, ThemeFile> {
        BUILT_IN
            .iter()
            .map(|(path, bytes)| {
                (
                    path.to_string(),
                    ThemeFile {
                        bytes: bytes.to_vec(),
                        origin: None,
                    },
                )
            })
            .collect()
    }

    /// The built-in files overlaid with `site/themes/<config.theme>/`.
    pub fn load(site: &Path, config: &Config) -> Result<Theme, Error> {
        let mut files = Self::built_in_files();
        let dir = site.join("themes").join(&config.theme);
        if !dir.is_dir() {
            if config.theme != "default" {
                return Err(Error::content(
                    Location::file("content/site.yaml"),
                    format!(
                        "`theme: {}` names a theme that is not in themes/{}/; use `theme: default` or add the folder",
                        config.theme, config.theme
                    ),
                ));
            }
            return Ok(Theme {
                files,
                name: config.theme.clone(),
            });
        }
        let walk = walkdir::WalkDir::new(&dir)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| {
                e.depth() == 0 || !e.file_name().to_str().is_some_and(crate::content::is_junk)
            });
        for entry in walk {
            let entry = entry.map_err(|e| {
                Error::io(
                    &dir,
                    "cannot read theme",
                    e.into_io_error()
                        .unwrap_or_else(|| std::io::Error::other("walk")),
                )
            })?;
            if !entry.file_type().is_file() {
                continue;
            }
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path());
            let key = rel.to_string_lossy().replace('\\', "/");
            let bytes = crate::fs::read(entry.path())?;
            let origin = entry
                .path()
                .strip_prefix(site)
                .unwrap_or(entry.path())
                .to_path_buf();
            files.insert(
                key,
                ThemeFile {
                    bytes,
                    origin: Some(origin),
                },
            );
        }
        Ok(Theme {
            files,
            name: config.theme.clone(),
        })
    }

    /// Templates by name (path under `templates/`).
    pub fn templates(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("templates/").map(|name| (name, v)))
    }

    /// Where template `name` comes from, as errors name it: the site's
    /// override, or the built-in file.
    pub fn template_path(&self, name: &str) -> PathBuf {
        self.files
            .get(&format!("templates/{name}"))
            .and_then(|f| f.origin.clone())
            .unwrap_or_else(|| PathBuf::from(format!("themes/default/templates/{name}")))
    }

    /// Files published as is (path under `static/`).
    pub fn static_files(&self) -> impl Iterator<Item = (&str, &ThemeFile)> {
        self.files
            .iter()
            .filter_map(|(k, v)| k.strip_prefix("static/").map(|name| (name, v)))
    }

    /// UI strings of `lang`, string by string: English underneath (the
    /// built-in file, then the site theme's), then `lang`'s built-in file,
    /// the site theme's file for `lang` (which may hold only a few
    /// strings), then `strings:` of site.yaml. A language with no strings
    /// of its own reads English, with a warning.
    /// Every mistake of every strings file is told.
    pub fn strings(
        &self,
        lang: &str,
        config: &Config,
    ) -> Result<(Strings, Vec<Warning>), Vec<Error>> {
        let name = format!("i18n/{lang}.yaml");
        let built_in = |name: &str| {
            BUILT_IN
                .iter()
                .find(|(path, _)| *path == name)
                .map(|(_, bytes)| *bytes)
        };
        let from_site = |name: &str| {
            self.files
                .get(name)
                .and_then(|f| f.origin.as_ref().map(|o| (f.bytes.as_slice(), o.clone())))
        };
        let mut layers: Vec<(&[u8], PathBuf)> = Vec::new();
        for name in ["i18n/en.yaml".to_string(), name.clone()]
            .iter()
            .take(if lang == "en" { 1 } else { 2 })
        {
            if let Some(bytes) = built_in(name) {
                layers.push((bytes, PathBuf::from(format!("themes/default/{name}"))));
            }
            if let Some(layer) = from_site(name) {
                layers.push(layer);
            }
        }
        let mut warnings = Vec::new();
        if lang != "en" && built_in(&name).is_none() && from_site(&name).is_none() {
            warnings.push(Warning {
                location: Location::file("content/site.yaml"),
                message: format!(
                    "the language `{lang}` has no UI strings (there is no themes/{}/{name}): its pages use the English ones and write dates as 2024-01-24; add that file, or the strings under `strings: {{{lang}: ...}}` in site.yaml",
                    config.theme
                ),
            });
        }
        let mut strings = Strings::new();
        let mut errors = Vec::new();
        for (bytes, path) in layers {
            match parse_strings(bytes, &path) {
                Ok(layer) => strings.extend(layer),
                Err(mistakes) => errors.extend(mistakes),
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        if let Some(overrides) = config.strings.get(lang) {
            for (k, v) in overrides {
                strings.insert(k.clone(), crate::i18n::nfc(v));
            }
        }
        Ok((strings, warnings))
    }
}

impl Theme {
    /// A template error that asks for a UI string (`t.key`) no strings
    /// file defines, as an error at the template's line that names the key
    /// and the file to add it to; `None` for any other error.
    /// `missing_in` lists the languages without the key.
    pub fn missing_string(
        &self,
        error: &Error,
        missing_in: &dyn Fn(&str) -> Vec<String>,
    ) -> Option<Error> {
        let location = error.location()?;
        let message = error.to_string();
        let key = message.split("Field `").nth(1)?.split('`').next()?;
        let (name, file) = self
            .templates()
            .find(|(name, _)| self.template_path(name) == location.path)?;
        let source = String::from_utf8_lossy(&file.bytes);
        let written = source.lines().nth(location.line.checked_sub(1)?)?;
        if !written.contains(&format!("t.{key}")) {
            return None;
        }
        let path = self.template_path(name);
        let (line, column) = (location.line, location.column);
        let languages = missing_in(key);
        let theme = &self.name;
        Some(Error::content(
            Location::new(path, line, column),
            format!(
                "the UI string `{key}` is not defined for {}: add `{key}: \"...\"` to themes/{theme}/i18n/en.yaml (English is under every language) or to each language's file, e.g. themes/{theme}/i18n/{}.yaml, or under `strings:` in site.yaml",
                languages.join(", "),
                languages.first().map_or("vi", String::as_str),
            ),
        ))
    }
}

/// One i18n file: a map of string keys to texts.
fn parse_strings(bytes: &[u8], path: &Path) -> Result<Strings, Vec<Error>> {
    let text = crate::i18n::nfc(&String::from_utf8_lossy(bytes));
    if text
        .lines()
        .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
    {
        return Ok(Strings::new());
    }
    let block = crate::yaml::Block::file(path, &text);
    crate::yaml::parse::<Strings>(block, crate::yaml::Schema::default()).into_result()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A site folder with the given theme files under `themes/default/`.
    fn site_with(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let path = dir.path().join("themes/default").join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn load(dir: &tempfile::TempDir) -> Theme {
        Theme::load(dir.path(), &Config::default()).unwrap()
    }

    #[test]
    fn without_a_theme_folder_every_file_is_built_in() {
        let theme = load(&tempfile::tempdir().unwrap());
        assert_eq!(theme.files.len(), BUILT_IN.len());
        assert!(theme.files.values().all(|f| f.origin.is_none()));
        assert_eq!(
            theme.template_path("page.html"),
            Path::new("themes/default/templates/page.html")
        );
    }

    #[test]
    fn a_site_file_replaces_the_built_in_one_of_its_path_and_no_other() {
        let dir = site_with(&[("templates/page.html", "mine"), ("static/style.css", "a{}")]);
        let theme = load(&dir);
        let page = &theme.files["templates/page.html"];
        assert_eq!(page.bytes, b"mine");
        assert_eq!(
            page.origin.as_deref(),
            Some(Path::new("themes/default/templates/page.html"))
        );
        assert_eq!(
            theme.template_path("page.html"),
            Path::new("themes/default/templates/page.html")
        );
        assert_eq!(theme.files["static/style.css"].bytes, b"a{}");
        // Every other built-in file is still there, unchanged.
        assert_eq!(theme.files.len(), BUILT_IN.len());
        let base = BUILT_IN.iter().find(|(p, _)| *p == "templates/base.html");
        assert_eq!(
            theme.files["templates/base.html"].bytes,
            base.unwrap().1.to_vec()
        );
        assert!(theme.files["templates/base.html"].origin.is_none());
    }

    #[test]
    fn a_new_file_is_added_beside_the_built_in_ones() {
        let dir = site_with(&[("templates/extra.html", "x"), ("static/logo.svg", "<svg/>")]);
        let theme = load(&dir);
        assert!(theme.templates().any(|(name, _)| name == "extra.html"));
        assert!(theme.static_files().any(|(name, _)| name == "logo.svg"));
        assert_eq!(theme.files.len(), BUILT_IN.len() + 2);
    }

    #[test]
    fn hidden_folders_and_editor_leftovers_are_never_read() {
        let dir = site_with(&[
            (".git/config", "[remote] token"),
            ("templates/.page.html.swp", "swap"),
            ("templates/page.html~", "backup"),
            ("static/.DS_Store", "mac"),
        ]);
        let theme = load(&dir);
        assert_eq!(theme.files.len(), BUILT_IN.len());
        assert!(theme.files.keys().all(|k| !k.contains(".git")));
        assert!(theme.files.values().all(|f| f.origin.is_none()));
    }

    #[test]
    fn strings_are_overridden_one_by_one_with_english_underneath() {
        let dir = site_with(&[
            ("i18n/vi.yaml", "documents: Kho văn bản\n"),
            ("i18n/en.yaml", "a_new_string: New\n"),
        ]);
        let theme = load(&dir);
        let (vi, warnings) = theme.strings("vi", &Config::default()).unwrap();
        assert!(warnings.is_empty());
        assert_eq!(vi["documents"], "Kho văn bản");
        // Not in vi.yaml of the site: the built-in Vietnamese string.
        assert_eq!(
            vi["stories"],
            theme.strings("vi", &Config::default()).unwrap().0["stories"]
        );
        assert_ne!(vi["stories"], "");
        // In no Vietnamese file: the site's English one.
        assert_eq!(vi["a_new_string"], "New");
        let (en, _) = theme.strings("en", &Config::default()).unwrap();
        assert_eq!(en["a_new_string"], "New");
        assert_ne!(en["documents"], "Kho văn bản");
    }

    #[test]
    fn every_mistake_of_a_strings_file_is_told_at_its_line() {
        let dir = site_with(&[("i18n/vi.yaml", "documents: [a\nstories: x\n")]);
        let errors = load(&dir).strings("vi", &Config::default()).unwrap_err();
        assert!(!errors.is_empty());
        assert!(
            errors
                .iter()
                .all(|e| e.to_string().starts_with("themes/default/i18n/vi.yaml:")),
            "{errors:?}"
        );
        // A key written twice and a list where a text belongs: both told.
        let dir = site_with(&[(
            "i18n/vi.yaml",
            "documents: x\ndocuments: y\nstories: [a, b]\n",
        )]);
        let errors = load(&dir).strings("vi", &Config::default()).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0]
                .to_string()
                .starts_with("themes/default/i18n/vi.yaml:2:"),
            "{errors:?}"
        );
        assert!(
            errors[1]
                .to_string()
                .starts_with("themes/default/i18n/vi.yaml:3:"),
            "{errors:?}"
        );
    }

    #[test]
    fn a_language_without_strings_reads_english_with_a_warning() {
        let theme = load(&tempfile::tempdir().unwrap());
        let (fr, warnings) = theme.strings("fr", &Config::default()).unwrap();
        let (en, _) = theme.strings("en", &Config::default()).unwrap();
        assert_eq!(fr, en);
        assert!(
            warnings[0].message.contains("has no UI strings"),
            "{warnings:?}"
        );
    }
}
