//! Site settings from `content/site.yaml`. Every key has a default, so a
//! site without the file builds; unknown keys are errors with a suggestion.

use crate::error::{Diagnostics, Error, Location};
use crate::i18n::{Strings, Text};
use crate::yaml;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One language of the site.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct LanguageConfig {
    pub code: String,
    pub name: String,
}

/// The parsed `site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub title: Text,
    pub description: Text,
    /// Absolute URL the site is served at, with any sub-path.
    pub base_url: String,
    pub organisation: Text,
    pub languages: Vec<LanguageConfig>,
    pub default_language: String,
    pub theme: String,
    /// UI string overrides: `strings: {en: {home: Start}}`.
    pub strings: BTreeMap<String, Strings>,
    /// How many entries each Atom feed carries.
    pub feed_limit: usize,
    /// How many documents and stories the home page lists.
    pub home_limit: usize,
    /// `danvan check` warns when a running plan's latest report is older.
    pub stale_after_days: u32,
    /// Items per page of a listing; longer listings get `page/2/`, …
    pub paginate: usize,
}

const KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "organisation",
    "languages",
    "default_language",
    "theme",
    "strings",
    "feed_limit",
    "home_limit",
    "stale_after_days",
    "paginate",
];

impl Default for Config {
    fn default() -> Self {
        Config {
            title: Text::Plain("danvan".to_string()),
            description: Text::default(),
            base_url: "http://127.0.0.1:1111/".to_string(),
            organisation: Text::default(),
            languages: vec![
                LanguageConfig {
                    code: "vi".to_string(),
                    name: "Tiếng Việt".to_string(),
                },
                LanguageConfig {
                    code: "en".to_string(),
                    name: "English".to_string(),
                },
            ],
            default_language: "vi".to_string(),
            theme: "default".to_string(),
            strings: BTreeMap::new(),
            feed_limit: 20,
            home_limit: 5,
            stale_after_days: 200,
            paginate: 50,
        }
    }
}

impl Config {
    /// Parses site.yaml text; `path` is for error positions. A usable
    /// config always comes back (the keys in error left at their
    /// defaults), so the content can be checked in the same run.
    pub fn parse(path: &Path, text: &str) -> (Config, Diagnostics) {
        let block = yaml::Block::file(path, text);
        let parsed = yaml::parse::<Config>(
            block,
            yaml::Schema {
                keys: Some(KEYS),
                languages: &[],
            },
        );
        let mut diagnostics = Diagnostics {
            errors: parsed.errors,
            warnings: parsed.warnings,
            ..Diagnostics::default()
        };
        let mut config = parsed.value.unwrap_or_default();
        let mut error = |path: &[&str], message: String| {
            diagnostics.push(Error::content(yaml::locate(block, path), message));
        };
        if !config.base_url.ends_with('/') {
            config.base_url.push('/');
        }
        if !(config.base_url.starts_with("http://") || config.base_url.starts_with("https://")) {
            error(
                &["base_url"],
                format!(
                    "`base_url` must be a full address such as https://example.org/ ; found `{}`",
                    config.base_url
                ),
            );
        }
        if config.theme.is_empty()
            || !config
                .theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            error(
                &["theme"],
                format!(
                    "`theme: {}` must be the name of a folder in themes/, such as `default`",
                    config.theme
                ),
            );
        }
        if !config
            .languages
            .iter()
            .any(|l| l.code == config.default_language)
        {
            error(
                &["default_language"],
                format!(
                    "`default_language` is `{}`, which is not among `languages`",
                    config.default_language
                ),
            );
        }
        for (i, lang) in config.languages.iter().enumerate() {
            let ok = !lang.code.is_empty() && lang.code.bytes().all(|b| b.is_ascii_lowercase());
            if !ok {
                error(
                    &["languages", &i.to_string(), "code"],
                    format!(
                        "language code `{}` must be lower-case letters, like vi or en",
                        lang.code
                    ),
                );
            }
        }
        let codes: Vec<&str> = config.language_codes().collect();
        for (key, text) in [
            ("title", &config.title),
            ("description", &config.description),
            ("organisation", &config.organisation),
        ] {
            if let Some((code, kind)) = text.unknown_language(&codes) {
                diagnostics.push(Error::mistake(yaml::locate(block, &[key, &code]), kind));
            }
        }
        if diagnostics.has_errors() {
            // Content is checked with the default languages and theme:
            // a site.yaml mistake must not hide the rest.
            let fallback = Config::default();
            if !config
                .languages
                .iter()
                .any(|l| l.code == config.default_language)
                || config
                    .languages
                    .iter()
                    .any(|l| l.code.is_empty() || !l.code.bytes().all(|b| b.is_ascii_lowercase()))
            {
                config.languages = fallback.languages;
                config.default_language = fallback.default_language;
            }
            if !config
                .theme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                || config.theme.is_empty()
            {
                config.theme = fallback.theme;
            }
        }
        (config, diagnostics)
    }

    pub fn language_codes(&self) -> impl Iterator<Item = &str> {
        self.languages.iter().map(|l| l.code.as_str())
    }

    pub fn language_name<'a>(&'a self, code: &'a str) -> &'a str {
        self.languages
            .iter()
            .find(|l| l.code == code)
            .map_or(code, |l| l.name.as_str())
    }

    /// Replaces the base URL, as `--base-url` does.
    pub fn set_base_url(&mut self, url: &str) -> Result<(), Error> {
        if !(url.starts_with("http://") || url.starts_with("https://") || url.starts_with('/')) {
            return Err(Error::content(
                Location::file("--base-url"),
                format!(
                    "`{url}` is not a base URL: give a full address such as https://example.org/phongtho/"
                ),
            ));
        }
        self.base_url = url.to_string();
        if !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
        Ok(())
    }

    /// The path part of the base URL: `/` or `/phongtho/`. Every internal
    /// link starts with it, so the site works under a sub-path.
    pub fn base_path(&self) -> String {
        let rest = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        match rest.find('/') {
            Some(i) if self.base_url.contains("://") => rest[i..].to_string(),
            _ if self.base_url.starts_with('/') => self.base_url.clone(),
            _ => "/".to_string(),
        }
    }

    /// The absolute URL for a site path such as `/en/` (given with the
    /// base path already in front).
    pub fn absolute(&self, path: &str) -> String {
        let base_path = self.base_path();
        let origin = self.base_url.strip_suffix(&base_path).unwrap_or("");
        format!("{origin}{path}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let (c, d) = Config::parse(Path::new("site.yaml"), "");
        assert!(!d.has_errors());
        assert_eq!(c.default_language, "vi");
        assert_eq!(c.language_codes().collect::<Vec<_>>(), ["vi", "en"]);
    }

    #[test]
    fn sub_path_base_urls_give_a_base_path() {
        let text = "base_url: https://example.org/phongtho\n";
        let (c, _) = Config::parse(Path::new("site.yaml"), text);
        assert_eq!(c.base_path(), "/phongtho/");
        assert_eq!(
            c.absolute("/phongtho/en/"),
            "https://example.org/phongtho/en/"
        );
    }

    #[test]
    fn a_misspelt_language_in_a_text_is_named() {
        let (_, d) = Config::parse(Path::new("site.yaml"), "title: {vi: A, eng: B}\n");
        assert_eq!(
            d.errors[0].to_string(),
            "site.yaml:1:16: `eng` is not a language of the site (did you mean `en`?); the languages are vi, en"
        );
    }

    #[test]
    fn misspelt_key_is_named() {
        let (_, d) = Config::parse(Path::new("site.yaml"), "title: A\nbase_ulr: x\n");
        assert_eq!(
            d.errors[0].to_string(),
            "site.yaml:2:1: unknown key `base_ulr` (did you mean `base_url`?)"
        );
    }
}
