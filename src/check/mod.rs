//! What `danvan check` adds to a build: every internal link and `#anchor`
//! in Markdown checked against the rendered site, pages that lack a
//! translation, progress files with no recent report, and slips in the
//! numbering of a document's Roman-numbered parts, and the slips of
//! documents pasted from Word ([`slips`]).
//!
//! The checks of the Markdown sources ([`sources`]) run before rendering,
//! so that the sources can be let go of; the rest ([`run`]) reads the
//! rendered site, of which `check` keeps each page's `id`s only
//! ([`crate::render::Sink::Anchors`]).

mod slips;

use crate::date::Date;
use crate::error::{Diagnostics, Error, Location};
use crate::output::{Data, Output};
use crate::site::Site;

/// The checks that read the Markdown and YAML sources.
pub fn sources(site: &Site, diagnostics: &mut Diagnostics) {
    slips::run(site, diagnostics);
}

/// Runs every check of the rendered site; `today` dates the staleness of
/// progress files.
pub fn run(site: &Site, output: &Output, today: Date, diagnostics: &mut Diagnostics) {
    links(site, output, diagnostics);
    translations(site, diagnostics);
    stale_progress(site, today, diagnostics);
    numbering(site, diagnostics);
}

fn links(site: &Site, output: &Output, diagnostics: &mut Diagnostics) {
    // A link the site model already refused is not reported again.
    let reported: std::collections::BTreeSet<Location> = diagnostics
        .errors
        .iter()
        .filter_map(|e| e.location().cloned())
        .collect();
    for page in &site.pages {
        for ((_, written, url), location) in
            page.rendered.links.iter().zip(page.link_locations.iter())
        {
            if reported.contains(location) {
                continue;
            }
            if crate::links::is_external(url) || url.is_empty() {
                continue;
            }
            let (path, fragment) = url.split_once('#').unwrap_or((url, ""));
            let path = path.split('?').next().unwrap_or("");
            // Output paths are stored decoded: `a%20b.svg` is `a b.svg`.
            let path = crate::links::percent_decode(path);
            let absolute = if path.is_empty() {
                page.url.clone()
            } else {
                crate::links::join(&page.url, &path)
            };
            let Some(inside) = absolute.strip_prefix(&site.base_path) else {
                diagnostics.push(Error::content(
                    location.clone(),
                    format!(
                        "the link `{written}` points outside the site's address {}",
                        site.base_path
                    ),
                ));
                continue;
            };
            let file = if inside.is_empty() || inside.ends_with('/') {
                format!("{inside}index.html")
            } else if output.get(inside).is_none()
                && output.get(&format!("{inside}/index.html")).is_some()
            {
                format!("{inside}/index.html")
            } else {
                inside.to_string()
            };
            let Some(data) = output.get(&file) else {
                diagnostics.push(Error::content(
                    location.clone(),
                    format!(
                        "the link `{written}` points to {absolute}, which the site does not have"
                    ),
                ));
                continue;
            };
            if fragment.is_empty() {
                continue;
            }
            // `check` keeps each page's ids; a file kept whole (robots.txt,
            // the open data) is read here.
            let read;
            let anchors = match data {
                Data::Anchors(ids) => ids,
                Data::Bytes(bytes) => {
                    read = crate::output::ids(bytes);
                    &read
                }
                Data::Copy(_) | Data::Pending | Data::Written | Data::Lazy(_) | Data::Search => {
                    continue;
                }
            };
            if anchors
                .binary_search_by(|id| id.as_str().cmp(fragment))
                .is_err()
            {
                let anchors: Vec<&str> = anchors.iter().map(String::as_str).collect();
                diagnostics.push(anchor_error(
                    location.clone(),
                    written,
                    &absolute,
                    fragment,
                    &anchors,
                ));
            }
        }
    }
}

fn anchor_error(
    location: Location,
    url: &str,
    page: &str,
    fragment: &str,
    anchors: &[&str],
) -> Error {
    let hint = match crate::suggest::closest(fragment, anchors) {
        Some(best) => format!(" (did you mean `#{best}`?)"),
        None => String::new(),
    };
    Error::content(
        location,
        format!(
            "the link `{url}` points to `#{fragment}`, which is no heading or anchor of {page}{hint}"
        ),
    )
}

fn translations(site: &Site, diagnostics: &mut Diagnostics) {
    let langs: Vec<&str> = site.config.language_codes().collect();
    let mut keys: Vec<&String> = site.translations.keys().collect();
    keys.sort();
    for key in keys {
        let versions = &site.translations[key];
        let missing: Vec<&str> = langs
            .iter()
            .filter(|l| !versions.contains_key(**l))
            .copied()
            .collect();
        if missing.is_empty() {
            continue;
        }
        let Some(first) = versions.values().next().map(|i| &site.pages[*i]) else {
            continue;
        };
        let names: Vec<&str> = missing
            .iter()
            .map(|l| site.config.language_name(l))
            .collect();
        diagnostics.note(
            Location::file(&first.page.source),
            format!("has no translation in {}", names.join(", ")),
        );
    }
}

fn stale_progress(site: &Site, today: Date, diagnostics: &mut Diagnostics) {
    let limit = i64::from(site.config.stale_after_days);
    for file in site.progress.files.values() {
        if today > file.period.end {
            continue;
        }
        let latest = file
            .targets
            .iter()
            .filter_map(|t| t.reports.last())
            .map(|r| r.date)
            .max();
        let since = latest.unwrap_or(file.period.start);
        let age = today.days_since_epoch() - since.days_since_epoch();
        if age > limit {
            let what = match latest {
                Some(d) => format!("the latest report is of {d}, {age} days ago"),
                None => format!("no report yet, {age} days into the period"),
            };
            diagnostics.warn(
                Location::file(&file.source),
                format!(
                    "{what}: add a newer report, or raise `stale_after_days` ({limit}) in site.yaml"
                ),
            );
        }
    }
}

fn numbering(site: &Site, diagnostics: &mut Diagnostics) {
    for page in &site.pages {
        if page.page.section != crate::content::Section::Documents {
            continue;
        }
        // Parts are counted per heading level: "I." … under "##".
        let mut last: std::collections::HashMap<u8, u32> = Default::default();
        for (entry, location) in page.rendered.toc.iter().zip(page.heading_locations.iter()) {
            let Some((numeral, _)) = entry.title.split_once('.') else {
                continue;
            };
            let Some(n) = crate::number::roman_value(numeral.trim()) else {
                continue;
            };
            // A deeper heading starts its own count under a new part.
            last.retain(|level, _| *level <= entry.level);
            let previous = last.insert(entry.level, n).unwrap_or(0);
            let expected = previous + 1;
            if n != expected {
                let what = if n == previous {
                    "repeats"
                } else {
                    "does not follow"
                };
                let numeral = numeral.trim();
                diagnostics.warn(
                    location.clone(),
                    format!(
                        "part `{numeral}.` {what} the part before it ({}): parts are numbered {} next",
                        if previous == 0 { "none".to_string() } else { crate::number::roman(previous) },
                        crate::number::roman(expected)
                    ),
                );
            }
        }
    }
}
