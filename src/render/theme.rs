//! The theme: the built-in `themes/default/` compiled into the binary, with
//! any file of the site's `themes/<name>/` replacing the built-in file of
//! the same path (templates, CSS, i18n strings alike).

use crate::config::Config;
use crate::error::{Error, Location};
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
}

impl Theme {
    /// The built-in theme alone.
    pub fn built_in() -> Theme {
        Theme {
            files: Self::built_in_files(),
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
            return Ok(Theme { files });
        }
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
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
        Ok(Theme { files })
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

    /// UI strings of `lang`: the theme's file, then the site's overrides.
    /// A language without a file of its own starts from the default one's.
    pub fn strings(&self, lang: &str, config: &Config) -> Result<Strings, Error> {
        let own = self.files.get(&format!("i18n/{lang}.yaml"));
        let file = own.or_else(|| {
            self.files
                .get(&format!("i18n/{}.yaml", config.default_language))
        });
        let mut strings = Strings::new();
        if let Some(file) = file {
            let text = crate::i18n::nfc(&String::from_utf8_lossy(&file.bytes));
            let path = file
                .origin
                .clone()
                .unwrap_or_else(|| PathBuf::from(format!("themes/default/i18n/{lang}.yaml")));
            let block = crate::yaml::Block {
                path: &path,
                text: &text,
                first_line: 1,
            };
            strings = crate::yaml::parse::<Strings>(block, crate::yaml::Schema::default())
                .into_result()
                .map_err(|mut errors| errors.remove(0))?;
        }
        if let Some(overrides) = config.strings.get(lang) {
            for (k, v) in overrides {
                strings.insert(k.clone(), crate::i18n::nfc(v));
            }
        }
        Ok(strings)
    }
}
