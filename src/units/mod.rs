//! Reports from grassroots units (SPEC §8): the units that report to the
//! office (`content/units.yaml`, read here), their answers (one YAML file
//! per unit and date, or one spreadsheet per date: found and checked by
//! [`read`] and `table`, cells from [`sheet`], what a cell means in
//! [`answers`]), and the roll-up ([`rollup`]) that turns those
//! answers into the ordinary dated reports of §4, so that statuses, bars,
//! gaps and open data downstream work on them unchanged. `danvan new
//! sheet` writes the spreadsheet for the next round ([`new_sheet`]).
//!
//! What is shown of the units (the coverage line, the target's unit table,
//! a page per unit) is rendering's; this module only gives the model.

pub mod answers;
pub mod new_sheet;
pub mod read;
pub mod rollup;
pub mod sheet;
mod table;

use crate::date::Date;
use crate::error::{Diagnostics, Error, Location};
use crate::yaml::{self, Spanned};
use serde::Deserialize;
use serde::de::{self, Deserializer, SeqAccess, Visitor};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::Path;

/// Where the units are listed.
pub const UNITS_FILE: &str = "content/units.yaml";

/// One grassroots union that reports to the office.
#[derive(Debug, Clone)]
pub struct Unit {
    pub id: String,
    pub name: String,
    /// The site's own word, to select units (`hcsn`, `doanh-nghiep`).
    pub kind: Option<String>,
    /// Not expected to report before this date.
    pub founded: Option<Date>,
    /// Not expected to report after this date (a report of the closing
    /// day itself still counts).
    pub closed: Option<Date>,
    pub location: Location,
}

impl Unit {
    /// Whether the unit exists on `date`: founded on or before it, closed
    /// on or after it (SPEC §8: not expected *after* the closing date).
    pub fn open_on(&self, date: Date) -> bool {
        self.founded.is_none_or(|f| f <= date) && self.closed.is_none_or(|c| c >= date)
    }
}

/// Every unit of the site, in the order of `units.yaml`.
#[derive(Debug, Clone, Default)]
pub struct Units {
    pub units: Vec<Unit>,
    /// Whether `content/units.yaml` exists (even with mistakes in it).
    pub present: bool,
    /// The file had mistakes: answers are not checked against it again.
    pub failed: bool,
    /// Place in `units` by id, and by [`name_key`] of the name, so that a
    /// sheet of many rows finds each unit at once.
    by_id: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

impl Units {
    pub fn get(&self, id: &str) -> Option<&Unit> {
        self.by_id.get(id).map(|i| &self.units[*i])
    }

    /// Builds the lookups by id and by name (the first unit of a name).
    fn index(&mut self) {
        self.by_id.clear();
        self.by_name.clear();
        for (i, u) in self.units.iter().enumerate() {
            self.by_id.entry(u.id.clone()).or_insert(i);
            self.by_name.entry(name_key(&u.name)).or_insert(i);
        }
    }

    /// The unit a spreadsheet names, by id or by its exact name (letter
    /// case, spaces around and between words and the Unicode form as
    /// typed do not matter).
    pub fn find(&self, written: &str) -> Option<&Unit> {
        self.get(&written.trim().to_lowercase()).or_else(|| {
            self.by_name
                .get(&name_key(written))
                .map(|i| &self.units[*i])
        })
    }

    /// "did you mean": the closest id or name.
    pub fn closest(&self, written: &str) -> Option<String> {
        let ids: Vec<&str> = self.units.iter().map(|u| u.id.as_str()).collect();
        let names: Vec<String> = self.units.iter().map(|u| name_key(&u.name)).collect();
        let slug = crate::i18n::slugify(written);
        if let Some(id) = crate::suggest::closest(&slug, &ids) {
            return Some(id.to_string());
        }
        let key = name_key(written);
        crate::suggest::closest(&key, &names).and_then(|n| {
            self.units
                .iter()
                .find(|u| name_key(&u.name) == n)
                .map(|u| u.name.clone())
        })
    }

    /// The units expected to answer a target on `date`: open then, and
    /// matching its selector.
    pub fn expected<'a>(
        &'a self,
        date: Date,
        selector: &'a Selector,
    ) -> impl Iterator<Item = &'a Unit> + 'a {
        self.units
            .iter()
            .filter(move |u| u.open_on(date) && selector.matches(u))
    }

    /// Every kind written in the file.
    pub fn kinds(&self) -> Vec<&str> {
        let mut kinds: Vec<&str> = self
            .units
            .iter()
            .filter_map(|u| u.kind.as_deref())
            .collect();
        kinds.sort_unstable();
        kinds.dedup();
        kinds
    }
}

/// A name as compared: NFC, single spaces, lower case.
fn name_key(text: &str) -> String {
    crate::i18n::nfc(text)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// Which units a target expects (`units: {kind: hcsn}`); empty: every
/// open unit.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Selector {
    pub kinds: Vec<String>,
}

impl Selector {
    pub fn matches(&self, unit: &Unit) -> bool {
        self.kinds.is_empty() || unit.kind.as_ref().is_some_and(|k| self.kinds.contains(k))
    }
}

/// `units:` of a target as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectorSpec {
    pub kind: Spanned<OneOrMany>,
}

/// `kind: hcsn` or `kind: [hcsn, doanh-nghiep]`.
#[derive(Debug, Clone, PartialEq)]
pub struct OneOrMany(pub Vec<String>);

impl<'de> Deserialize<'de> for OneOrMany {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = OneOrMany;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a kind of unit, or a list of them: `hcsn` or `[hcsn, doanh-nghiep]`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<OneOrMany, E> {
                Ok(OneOrMany(vec![v.to_string()]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<OneOrMany, A::Error> {
                let mut out = Vec::new();
                while let Some(s) = seq.next_element::<String>()? {
                    out.push(s);
                }
                Ok(OneOrMany(out))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct UnitSpec {
    id: Spanned<String>,
    name: Option<Spanned<String>>,
    kind: Option<Spanned<String>>,
    founded: Option<Spanned<Date>>,
    closed: Option<Spanned<Date>>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct FileSpec {
    #[serde(default)]
    units: Vec<UnitSpec>,
}

/// Reads the units and their reports, and rolls the reports up into the
/// `from_units` targets of `progress` (`paths`: the files found in
/// `content/progress/`).
pub fn load_into(
    site: &Path,
    paths: &[std::path::PathBuf],
    languages: &[&str],
    progress: &mut crate::progress::Progress,
) -> Diagnostics {
    let (units, mut diagnostics) = load(site, languages);
    // With mistakes in the units file, or none, every answer would be
    // reported again as naming an unknown unit: those are read once it is
    // fixed (a missing file is told once, by the roll-up).
    if units.failed {
        progress.units = units;
        return diagnostics;
    }
    if !units.present {
        diagnostics.extend(rollup::roll_up(progress, &units, Default::default()));
        progress.units = units;
        return diagnostics;
    }
    let (found, answer_diagnostics) = read::read(
        site,
        paths,
        &progress.files,
        &progress.failed,
        &units,
        languages,
    );
    diagnostics.extend(answer_diagnostics);
    diagnostics.extend(rollup::roll_up(progress, &units, found));
    progress.units = units;
    diagnostics
}

/// Reads `content/units.yaml` when the site has one.
pub fn load(site: &Path, languages: &[&str]) -> (Units, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let rel = Path::new(UNITS_FILE);
    if !site.join(rel).is_file() {
        return (Units::default(), diagnostics);
    }
    let text = match crate::content::read_text(site, rel) {
        Ok(t) => t,
        Err(e) => {
            diagnostics.push(e);
            return (
                Units {
                    present: true,
                    failed: true,
                    ..Units::default()
                },
                diagnostics,
            );
        }
    };
    let parsed = parse(rel, &text, languages);
    diagnostics.warnings.extend(parsed.warnings);
    let failed = !parsed.errors.is_empty() || parsed.value.is_none();
    diagnostics.errors.extend(parsed.errors);
    let mut units = parsed.value.unwrap_or_default();
    units.present = true;
    units.failed = failed;
    (units, diagnostics)
}

/// Parses and checks the text of a units file.
pub fn parse(path: &Path, text: &str, languages: &[&str]) -> yaml::Parsed<Units> {
    let block = yaml::Block::file(path, text);
    let parsed = yaml::parse::<FileSpec>(
        block,
        yaml::Schema {
            keys: Some(&["units"]),
            languages,
        },
    );
    let mut errors = parsed.errors;
    let Some(spec) = parsed.value else {
        return yaml::Parsed {
            value: None,
            errors,
            warnings: parsed.warnings,
        };
    };
    let mut units = Units {
        present: true,
        ..Units::default()
    };
    let mut ids: HashMap<String, Location> = HashMap::new();
    let mut names: BTreeMap<String, Location> = BTreeMap::new();
    let err = |errors: &mut Vec<Error>, at: &Location, message: String| {
        errors.push(Error::content(at.clone(), message));
    };
    for u in spec.units {
        let id = u.id.value.trim().to_string();
        let slug = crate::i18n::slugify(&id);
        if slug != id {
            err(
                &mut errors,
                &u.id.location,
                format!(
                    "the unit id `{id}` must be lower-case ASCII letters, digits and hyphens, e.g. `{slug}`"
                ),
            );
        }
        if let Some(first) = ids.get(&id) {
            err(
                &mut errors,
                &u.id.location,
                format!(
                    "the unit id `{id}` is used twice (first at line {}): ids must be unique",
                    first.line
                ),
            );
        }
        ids.insert(id.clone(), u.id.location.clone());
        let name = match &u.name {
            Some(n) => crate::i18n::nfc(n.value.trim()),
            None => {
                if !yaml::misspelt(&errors, "name") {
                    err(
                        &mut errors,
                        &u.id.location,
                        format!(
                            "unit `{id}` needs `name:`, its full name as staff write it, e.g. `name: Công đoàn cơ sở Trường THCS Mường So`"
                        ),
                    );
                }
                String::new()
            }
        };
        if let Some(n) = &u.name {
            let key = name_key(&name);
            if let Some(first) = names.get(&key) {
                err(
                    &mut errors,
                    &n.location,
                    format!(
                        "two units have the name `{name}` (the other at line {}): a spreadsheet may name a unit by its name, so names must differ",
                        first.line
                    ),
                );
            }
            names.insert(key, n.location.clone());
        }
        if let Some(k) = &u.kind {
            let slug = crate::i18n::slugify(&k.value);
            if slug != k.value {
                err(
                    &mut errors,
                    &k.location,
                    format!(
                        "the kind `{}` is used to select units: write it in lower-case ASCII letters, digits and hyphens, e.g. `{slug}`",
                        k.value
                    ),
                );
            }
        }
        if let (Some(f), Some(c)) = (&u.founded, &u.closed)
            && c.value <= f.value
        {
            err(
                &mut errors,
                &c.location,
                format!(
                    "unit `{id}` closes ({}) before it is founded ({}): check `founded` and `closed`",
                    c.value, f.value
                ),
            );
        }
        units.units.push(Unit {
            id,
            name,
            kind: u.kind.map(|k| k.value),
            founded: u.founded.map(|d| d.value),
            closed: u.closed.map(|d| d.value),
            location: u.id.location,
        });
    }
    units.index();
    yaml::Parsed {
        value: Some(units),
        errors,
        warnings: parsed.warnings,
    }
}

#[cfg(test)]
mod tests;
