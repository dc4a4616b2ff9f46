//! What a reader sees of the units' reports (SPEC §8): the coverage line
//! under a rolled-up bar ("10 of 11 units reported"), a page per rolled-up
//! target listing every expected unit with its figure and date and naming
//! those that have not reported, the list of units, and a page per unit
//! with its own figures across plans. The roll-up itself is
//! [`crate::units`]'.

use super::progress::Placed;
use super::{Head, Job, Renderer};
use crate::date::Date;
use crate::error::Error;
use crate::i18n::{self, format_date};
use crate::progress::{ProgressFile, Target};
use crate::units::Unit;
use crate::units::answers::Answer;
use crate::units::rollup::FromUnits;
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct UnitRow {
    pub name: String,
    pub url: String,
    /// The unit's latest answer, as written; empty when it has none.
    pub answer: String,
    pub date: String,
    pub date_iso: String,
    /// It did not answer on the date shown (its figure, if any, is older).
    pub missing: bool,
}

#[derive(Debug, Serialize)]
pub struct RoundView {
    pub date: String,
    pub coverage: String,
    pub not_reported: Vec<LinkText>,
}

#[derive(Debug, Serialize)]
pub struct LinkText {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct TargetUnitsView {
    pub heading: String,
    pub file_title: String,
    pub period: String,
    pub dashboard_url: String,
    pub units_url: String,
    pub block_html: String,
    /// "Tính đến ngày ...: 10/11 đơn vị đã báo cáo".
    pub as_of: String,
    pub rows: Vec<UnitRow>,
    pub not_reported_label: String,
    pub not_reported: Vec<LinkText>,
    pub earlier: Vec<RoundView>,
}

#[derive(Debug, Serialize)]
pub struct UnitListItem {
    pub name: String,
    pub url: String,
    pub kind: String,
    pub dates: String,
}

#[derive(Debug, Serialize)]
pub struct UnitFigure {
    pub target: String,
    pub target_url: String,
    pub date: String,
    pub date_iso: String,
    pub answer: String,
    pub missing: bool,
}

#[derive(Debug, Serialize)]
pub struct UnitPlan {
    pub title: String,
    pub url: String,
    pub figures: Vec<UnitFigure>,
}

#[derive(Debug, Serialize)]
pub struct UnitView {
    pub heading: String,
    pub kind: String,
    pub dates: String,
    pub list_url: String,
    pub plans: Vec<UnitPlan>,
}

#[derive(Debug, Serialize)]
pub struct UnitsView {
    pub heading: String,
    pub units: Vec<UnitListItem>,
}

impl Renderer<'_> {
    pub(super) fn units_path(&self, lang: &str) -> String {
        format!("{}units/", self.home_path(lang))
    }

    fn unit_path(&self, lang: &str, unit: &str) -> String {
        format!("{}{unit}/", self.units_path(lang))
    }

    pub(super) fn target_units_path(&self, lang: &str, file: &str, target: &str) -> String {
        format!("{}{target}/", self.dashboard_path(lang, file))
    }

    /// "10/11 đơn vị đã báo cáo" under a rolled-up bar, and where its
    /// units are listed; empty for a target whose figure is written.
    pub(super) fn coverage_line(
        &self,
        file: &ProgressFile,
        target: &Target,
        lang: &str,
    ) -> (String, String) {
        if target.from_units.is_none() {
            return (String::new(), String::new());
        }
        let url = self
            .site
            .url(&self.target_units_path(lang, &file.id, &target.id));
        let words = match target.reports.last().and_then(|r| r.units) {
            Some(c) => self.coverage_words(c.reported, c.expected, lang),
            None => self.t(lang, "units_none_reported"),
        };
        (words, url)
    }

    fn coverage_words(&self, reported: usize, expected: usize, lang: &str) -> String {
        let text = self.t(lang, "units_coverage");
        let text = i18n::fill(&text, "n", &reported.to_string());
        i18n::fill(&text, "of", &expected.to_string())
    }

    /// An answer as a reader reads it: "3", "Có", "Tốt", "3/4".
    fn answer_text(&self, answer: &Answer, lang: &str) -> String {
        let n = |n: crate::number::Number| i18n::format_number(n.as_f64(), 0, lang);
        match answer {
            Answer::Number(v) => n(*v),
            Answer::Yes(true) => self.t(lang, "units_yes"),
            Answer::Yes(false) => self.t(lang, "units_no"),
            Answer::Word { written, .. } => written.clone(),
            Answer::Ratio { count, of } => format!("{}/{}", n(*count), n(*of)),
        }
    }

    fn unit_link(&self, unit: &Unit, lang: &str) -> LinkText {
        LinkText {
            title: unit.name.clone(),
            url: self.site.url(&self.unit_path(lang, &unit.id)),
        }
    }

    fn unit_dates(&self, unit: &Unit, lang: &str) -> String {
        let mut parts = Vec::new();
        if let Some(f) = unit.founded {
            parts.push(i18n::fill(
                &self.t(lang, "units_founded"),
                "date",
                &format_date(f, lang),
            ));
        }
        if let Some(c) = unit.closed {
            parts.push(i18n::fill(
                &self.t(lang, "units_closed"),
                "date",
                &format_date(c, lang),
            ));
        }
        parts.join(" · ")
    }

    /// The units expected on `date` that did not answer on it.
    fn missing_on(&self, from: &FromUnits, date: Date, lang: &str) -> Vec<LinkText> {
        let units = &self.site.progress.units;
        units
            .expected(date, &from.selector)
            .filter(|u| {
                !from
                    .answers
                    .iter()
                    .any(|a| a.unit == u.id && a.date == date)
            })
            .map(|u| self.unit_link(u, lang))
            .collect()
    }

    fn target_page(
        &self,
        file: &ProgressFile,
        index: usize,
        lang: &str,
    ) -> Result<Option<Job>, Error> {
        let target = &file.targets[index];
        let Some(from) = target.from_units.as_ref() else {
            return Ok(None);
        };
        let units = &self.site.progress.units;
        // The latest round, or the period end before any answer.
        let date = from.rounds.last().map_or(file.period.end, |r| r.date);
        let rows: Vec<UnitRow> = units
            .expected(date, &from.selector)
            .map(|u| {
                let latest = from.latest(&u.id, date);
                UnitRow {
                    name: u.name.clone(),
                    url: self.site.url(&self.unit_path(lang, &u.id)),
                    answer: latest
                        .map(|a| self.answer_text(&a.answer, lang))
                        .unwrap_or_default(),
                    date: latest
                        .map(|a| format_date(a.date, lang))
                        .unwrap_or_default(),
                    date_iso: latest.map(|a| a.date.to_string()).unwrap_or_default(),
                    missing: latest.is_none_or(|a| a.date != date),
                }
            })
            .collect();
        let as_of = match from.rounds.last() {
            Some(r) => i18n::fill(
                &i18n::fill(
                    &self.t(lang, "units_as_of"),
                    "date",
                    &format_date(r.date, lang),
                ),
                "coverage",
                &self.coverage_words(r.reported.len(), r.expected.len(), lang),
            ),
            None => self.t(lang, "units_none_reported"),
        };
        let earlier = from
            .rounds
            .iter()
            .rev()
            .skip(1)
            .map(|r| RoundView {
                date: format_date(r.date, lang),
                coverage: self.coverage_words(r.reported.len(), r.expected.len(), lang),
                not_reported: self.missing_on(from, r.date, lang),
            })
            .collect();
        let heading = self.text(&target.title, lang);
        let path = self.target_units_path(lang, &file.id, &target.id);
        let view = TargetUnitsView {
            heading: heading.clone(),
            file_title: self.text(&file.title, lang),
            period: self.period(file, lang),
            dashboard_url: self.site.url(&self.dashboard_path(lang, &file.id)),
            units_url: self.site.url(&self.units_path(lang)),
            block_html: self.progress_block(
                file,
                Some(&target.id),
                lang,
                false,
                String::new(),
                &mut Placed::new(),
            )?,
            as_of,
            rows,
            not_reported_label: i18n::fill(
                &self.t(lang, "units_not_reported_on"),
                "date",
                &format_date(date, lang),
            ),
            // Before any answer, every expected unit is yet to report.
            not_reported: self.missing_on(from, date, lang),
            earlier,
        };
        let versions = self.all_languages(|l| self.target_units_path(l, &file.id, &target.id));
        let mut ctx = self.common(lang, &path, Head::new(&heading), &versions);
        ctx.insert("view", &view);
        Ok(Some(Job {
            path: format!("{path}index.html"),
            template: "progress_units.html",
            context: ctx,
            origin: file.source.display().to_string(),
        }))
    }

    fn unit_page(&self, unit: &Unit, lang: &str) -> Job {
        let mut plans = Vec::new();
        for file in self.site.progress.files.values().rev() {
            let mut figures = Vec::new();
            for target in &file.targets {
                let Some(from) = &target.from_units else {
                    continue;
                };
                let target_url = self
                    .site
                    .url(&self.target_units_path(lang, &file.id, &target.id));
                for round in &from.rounds {
                    if !round.expected.contains(&unit.id) {
                        continue;
                    }
                    let answer = from
                        .answers
                        .iter()
                        .find(|a| a.unit == unit.id && a.date == round.date);
                    figures.push(UnitFigure {
                        target: self.text(&target.title, lang),
                        target_url: target_url.clone(),
                        date: format_date(round.date, lang),
                        date_iso: round.date.to_string(),
                        answer: answer
                            .map(|a| self.answer_text(&a.answer, lang))
                            .unwrap_or_default(),
                        missing: answer.is_none(),
                    });
                }
            }
            if !figures.is_empty() {
                plans.push(UnitPlan {
                    title: self.text(&file.title, lang),
                    url: self.site.url(&self.dashboard_path(lang, &file.id)),
                    figures,
                });
            }
        }
        let path = self.unit_path(lang, &unit.id);
        let view = UnitView {
            heading: unit.name.clone(),
            kind: unit.kind.clone().unwrap_or_default(),
            dates: self.unit_dates(unit, lang),
            list_url: self.site.url(&self.units_path(lang)),
            plans,
        };
        let versions = self.all_languages(|l| self.unit_path(l, &unit.id));
        let mut ctx = self.common(lang, &path, Head::new(&unit.name), &versions);
        ctx.insert("view", &view);
        Job {
            path: format!("{path}index.html"),
            template: "unit.html",
            context: ctx,
            origin: crate::units::UNITS_FILE.to_string(),
        }
    }

    /// The paths of [`Self::unit_jobs`] below the language prefix, for
    /// the sitemap.
    pub(super) fn unit_paths(&self) -> Vec<String> {
        let progress = &self.site.progress;
        let mut paths: Vec<String> = progress
            .files
            .values()
            .flat_map(|f| {
                f.targets
                    .iter()
                    .filter(|t| t.from_units.is_some())
                    .map(|t| format!("progress/{}/{}/", f.id, t.id))
            })
            .collect();
        if !progress.units.units.is_empty() {
            paths.push("units/".to_string());
            paths.extend(
                progress
                    .units
                    .units
                    .iter()
                    .map(|u| format!("units/{}/", u.id)),
            );
        }
        paths
    }

    /// The pages of the units of one language: the list, one per unit,
    /// one per rolled-up target.
    pub(super) fn unit_jobs(&self, lang: &str) -> Result<Vec<Job>, Error> {
        let units = &self.site.progress.units;
        let mut jobs = Vec::new();
        for file in self.site.progress.files.values() {
            for index in 0..file.targets.len() {
                jobs.extend(self.target_page(file, index, lang)?);
            }
        }
        if units.units.is_empty() {
            return Ok(jobs);
        }
        let heading = self.t(lang, "units_heading");
        let path = self.units_path(lang);
        let view = UnitsView {
            heading: heading.clone(),
            units: units
                .units
                .iter()
                .map(|u| UnitListItem {
                    name: u.name.clone(),
                    url: self.site.url(&self.unit_path(lang, &u.id)),
                    kind: u.kind.clone().unwrap_or_default(),
                    dates: self.unit_dates(u, lang),
                })
                .collect(),
        };
        let versions = self.all_languages(|l| self.units_path(l));
        let mut ctx = self.common(lang, &path, Head::new(&heading), &versions);
        ctx.insert("view", &view);
        jobs.push(Job {
            path: format!("{path}index.html"),
            template: "units.html",
            context: ctx,
            origin: crate::units::UNITS_FILE.to_string(),
        });
        jobs.extend(units.units.iter().map(|u| self.unit_page(u, lang)));
        Ok(jobs)
    }
}
