//! The progress dashboards (one per file and one across all files) and
//! the home page's one line per running plan.

use super::progress::{Placed, STATUSES, SummaryItem};
use super::{Head, Job, Renderer};
use crate::error::Error;
use crate::i18n;
use crate::progress::ProgressFile;
use serde::Serialize;
use std::collections::HashMap;

/// One running plan on the home page: "Kế hoạch 04/KH-LĐLĐ: 5 đạt · 3
/// chậm tiến độ", linking to its dashboard.
#[derive(Debug, Serialize)]
pub struct PlanLine {
    pub label: String,
    pub title: String,
    pub url: String,
    pub counts: Vec<SummaryItem>,
}

#[derive(Debug, Serialize)]
pub struct DashboardView {
    pub heading: String,
    pub period: String,
    pub plan: String,
    pub plan_url: String,
    pub blocks_html: Vec<String>,
    pub json_url: String,
    pub csv_url: String,
    /// The list of units reporting figures (§8); empty without units.
    pub units_url: String,
    pub units_csv_url: String,
}

impl Renderer<'_> {
    /// The progress file whose plan is current: the latest period start.
    pub(super) fn current_progress(&self) -> Option<&ProgressFile> {
        self.site.progress.files.values().max_by(|a, b| {
            a.period
                .start
                .cmp(&b.period.start)
                .then_with(|| a.id.cmp(&b.id))
        })
    }

    /// One line per running plan (its data show no report at the period
    /// end), newest first; with none running, the current plan.
    pub(super) fn plan_lines(&self, lang: &str) -> Vec<PlanLine> {
        let mut files: Vec<&ProgressFile> = self
            .site
            .progress
            .files
            .values()
            .filter(|f| !crate::progress::gap::period_closed(f))
            .collect();
        if files.is_empty() {
            files.extend(self.current_progress());
        }
        files.sort_by(|a, b| {
            b.period
                .start
                .cmp(&a.period.start)
                .then_with(|| a.id.cmp(&b.id))
        });
        files
            .into_iter()
            .map(|file| PlanLine {
                label: match &file.plan {
                    Some(plan) => i18n::fill(&self.t(lang, "progress_plan_line"), "plan", plan),
                    None => self.text(&file.title, lang),
                },
                title: self.text(&file.title, lang),
                url: self.site.url(&self.dashboard_path(lang, &file.id)),
                counts: STATUSES
                    .iter()
                    .map(|s| SummaryItem {
                        status: s.slug(),
                        label: self.t(
                            lang,
                            &format!("progress_count_{}", s.slug().replace('-', "_")),
                        ),
                        count: file.targets.iter().filter(|t| t.status == *s).count(),
                    })
                    .filter(|s| s.count > 0)
                    .map(|mut s| {
                        s.label = i18n::fill(&s.label, "n", &s.count.to_string());
                        s
                    })
                    .collect(),
            })
            .collect()
    }

    /// The documents of `lang` by number: what a file's `plan` names, the
    /// first in key order where two share a number.
    fn documents_by_number(&self, lang: &str) -> HashMap<&str, &crate::site::SitePage> {
        let mut by_number = HashMap::new();
        for key in self.site.keys_of(crate::content::Section::Documents) {
            if let Some(page) = self.site.version_for(key, lang)
                && let Some(number) = page.page.front.number.as_deref()
            {
                by_number.entry(number).or_insert(page);
            }
        }
        by_number
    }

    /// Dashboards of one language: one per file and the overview.
    pub(super) fn progress_jobs(&self, lang: &str) -> Result<Vec<Job>, Error> {
        let mut jobs = Vec::new();
        let prefix = self.home_path(lang);
        let json_url = self.site.url("progress.json");
        let csv_url = self.site.url("progress.csv");
        let units_url = if self.site.progress.units.units.is_empty() {
            String::new()
        } else {
            self.site.url(&self.units_path(lang))
        };
        let units_csv_url = self.site.url(crate::progress::open_data::UNITS_CSV);
        let mut overview = Vec::new();
        let documents = self.documents_by_number(lang);
        for file in self.site.progress.files.values().rev() {
            let title = self.text(&file.title, lang);
            let path = self.dashboard_path(lang, &file.id);
            // The document that set the file's targets.
            let plan = file.plan.as_deref().and_then(|n| documents.get(n).copied());
            let view = DashboardView {
                heading: title.clone(),
                period: self.period(file, lang),
                plan: plan
                    .map(|p| format!("{} {}", file.plan.clone().unwrap_or_default(), p.page.title))
                    .unwrap_or_default(),
                plan_url: plan.map(|p| p.url.clone()).unwrap_or_default(),
                blocks_html: vec![self.progress_block(
                    file,
                    None,
                    lang,
                    false,
                    String::new(),
                    &mut Placed::new(),
                )?],
                json_url: json_url.clone(),
                csv_url: csv_url.clone(),
                // Only a plan whose targets come from the units links to them.
                units_url: if file.targets.iter().any(|t| t.from_units.is_some()) {
                    units_url.clone()
                } else {
                    String::new()
                },
                units_csv_url: units_csv_url.clone(),
            };
            let versions = self.all_languages(|l| self.dashboard_path(l, &file.id));
            jobs.push(self.dashboard_job(
                lang,
                &path,
                &[file],
                &versions,
                &view,
                file.source.display().to_string(),
            ));
            overview.push(self.progress_block(
                file,
                None,
                lang,
                true,
                title,
                &mut Placed::new(),
            )?);
        }
        let heading = self.t(lang, "progress_overview");
        let path = format!("{prefix}progress/");
        let view = DashboardView {
            heading: heading.clone(),
            period: String::new(),
            plan: String::new(),
            plan_url: String::new(),
            blocks_html: overview,
            json_url,
            csv_url,
            units_url,
            units_csv_url,
        };
        let versions = self.all_languages(|l| format!("{}progress/", self.home_path(l)));
        let files: Vec<&ProgressFile> = self.site.progress.files.values().collect();
        jobs.push(self.dashboard_job(
            lang,
            &path,
            &files,
            &versions,
            &view,
            "the progress overview".to_string(),
        ));
        Ok(jobs)
    }

    /// One dashboard page, described and carded by the headline figures
    /// of `files`.
    fn dashboard_job(
        &self,
        lang: &str,
        path: &str,
        files: &[&ProgressFile],
        versions: &[(String, String)],
        view: &DashboardView,
        origin: String,
    ) -> Job {
        let (description, bar) = self.progress_headline(lang, &view.heading, files);
        let mut head = Head::new(&view.heading);
        head.description = &description;
        head.card_bar = bar;
        let mut ctx = self.common(lang, path, head, versions);
        ctx.insert("dashboard", view);
        Job {
            path: format!("{path}index.html"),
            template: "progress.html",
            context: ctx,
            origin,
        }
    }
}
