//! Progress on screen: a view of every target (figure, "as of" date, the
//! target in words, how far it has come, status, history chart), the
//! blocks that shortcodes, documents and the home page embed, and the
//! dashboards per progress file and across all files.

use super::{Head, Job, Renderer};
use crate::i18n::{self, format_date, format_number};
use crate::number::Rational;
use crate::progress::shortcode::{MARKER_END, MARKER_START};
use crate::progress::status::{Figure, Status};
use crate::progress::{Comparator, Measure, ProgressFile, Target};
use serde::Serialize;

#[derive(Debug, Serialize)]
pub struct HistoryItem {
    pub date: String,
    pub date_iso: String,
    pub figure: String,
    pub note: String,
}

/// One target as a reader sees it.
#[derive(Debug, Serialize)]
pub struct TargetView {
    pub id: String,
    pub anchor: String,
    pub title: String,
    pub measure: &'static str,
    pub status: &'static str,
    pub status_label: String,
    /// "56 đoàn viên", "85,0% (34/40)", "Đã hoàn thành"; empty with no data.
    pub figure: String,
    /// "tính đến ngày 31 tháng 12 năm 2024".
    pub as_of: String,
    pub as_of_iso: String,
    /// "ít nhất 50 đoàn viên", "trên 85%".
    pub target: String,
    /// "112,0% so với chỉ tiêu".
    pub of_target: String,
    /// Bar length, 0–100.
    pub bar: String,
    /// Where the target mark sits on a percent bar, 0–100; empty for none.
    pub mark: String,
    /// What a screen reader says for the bar.
    pub value_text: String,
    pub note: String,
    pub history: Vec<HistoryItem>,
    pub chart_svg: String,
    pub children: Vec<TargetView>,
}

/// A group of bars, as embedded in a page.
#[derive(Debug, Serialize)]
pub struct ProgressBlock {
    pub heading: String,
    pub file_title: String,
    pub period: String,
    pub dashboard_url: String,
    pub compact: bool,
    pub summary: Vec<SummaryItem>,
    pub targets: Vec<TargetView>,
}

#[derive(Debug, Serialize)]
pub struct SummaryItem {
    pub status: &'static str,
    pub label: String,
    pub count: usize,
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
}

const STATUSES: [Status; 5] = [
    Status::Achieved,
    Status::OnTrack,
    Status::Behind,
    Status::Missed,
    Status::NoData,
];

impl Renderer<'_> {
    fn status_label(&self, lang: &str, status: Status) -> String {
        self.t(
            lang,
            &format!("progress_status_{}", status.slug().replace('-', "_")),
        )
    }

    /// A figure with its unit or percent sign.
    fn amount(&self, value: Rational, measure: Measure, unit: &str, lang: &str) -> String {
        let v = value.to_f64();
        match measure {
            Measure::Percent => format!("{}%", format_number(v, 1, lang)),
            _ => {
                let decimals = if (v - v.round()).abs() < 1e-9 { 0 } else { 1 };
                let n = format_number(v, decimals, lang);
                if unit.is_empty() {
                    n
                } else {
                    format!("{n} {unit}")
                }
            }
        }
    }

    fn figure_text(
        &self,
        target: &Target,
        figure: Figure,
        report: &crate::progress::Report,
        lang: &str,
    ) -> String {
        let unit = self.unit(target, lang);
        match figure {
            Figure::Done(true) => self.t(lang, "progress_done_yes"),
            Figure::Done(false) => self.t(lang, "progress_done_no"),
            Figure::Amount(v) => {
                let mut text = self.amount(v, target.measure, &unit, lang);
                if let (Some(count), Some(of)) = (report.count, report.of) {
                    let d = |n: crate::number::Number| {
                        format_number(n.as_f64(), if n.is_integer() { 0 } else { 1 }, lang)
                    };
                    text.push_str(&format!(" ({}/{})", d(count), d(of)));
                }
                text
            }
        }
    }

    fn unit(&self, target: &Target, lang: &str) -> String {
        target
            .unit
            .as_ref()
            .map(|u| self.text(u, lang))
            .unwrap_or_default()
    }

    fn target_words(&self, target: &Target, lang: &str) -> String {
        let Some(goal) = target.goal else {
            return self.t(lang, "progress_done_target");
        };
        let key = match target.comparator {
            Comparator::AtLeast => "comparator_at_least",
            Comparator::MoreThan => "comparator_more_than",
            Comparator::Exactly => "comparator_exactly",
            Comparator::AtMost => "comparator_at_most",
        };
        let unit = self.unit(target, lang);
        let n = match target.measure {
            Measure::Percent => {
                let v = goal.to_f64();
                let decimals = if (v - v.round()).abs() < 1e-9 { 0 } else { 1 };
                format!("{}%", format_number(v, decimals, lang))
            }
            _ => self.amount(goal, target.measure, &unit, lang),
        };
        i18n::fill(&self.t(lang, key), "n", &n)
    }

    pub(super) fn target_view(&self, file: &ProgressFile, index: usize, lang: &str) -> TargetView {
        let target = &file.targets[index];
        let latest = target.reports.last();
        let of_target = crate::progress::open_data::percent_of_target(target);
        let bar = match latest.map(|r| r.figure) {
            Some(Figure::Amount(v)) if target.measure == Measure::Percent => v,
            Some(_) => of_target.unwrap_or(Rational::from_int(0)),
            None => Rational::from_int(0),
        };
        let bar = bar.to_f64().clamp(0.0, 100.0);
        let figure = latest
            .map(|r| self.figure_text(target, r.figure, r, lang))
            .unwrap_or_default();
        let target_text = self.target_words(target, lang);
        let status_label = self.status_label(lang, target.status);
        let as_of = latest
            .map(|r| {
                i18n::fill(
                    &self.t(lang, "progress_as_of"),
                    "date",
                    &format_date(r.date, lang),
                )
            })
            .unwrap_or_default();
        let of_target = of_target
            .filter(|_| target.measure != Measure::Done)
            .map(|p| {
                i18n::fill(
                    &self.t(lang, "progress_of_target"),
                    "p",
                    &format!("{}%", format_number(p.to_f64(), 1, lang)),
                )
            })
            .unwrap_or_default();
        let value_text = [figure.as_str(), target_text.as_str(), status_label.as_str()]
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("; ");
        let history: Vec<HistoryItem> = target
            .reports
            .iter()
            .map(|r| HistoryItem {
                date: format_date(r.date, lang),
                date_iso: r.date.to_string(),
                figure: self.figure_text(target, r.figure, r, lang),
                note: r
                    .note
                    .as_ref()
                    .map(|n| self.text(n, lang))
                    .unwrap_or_default(),
            })
            .collect();
        let title = self.text(&target.title, lang);
        let chart_svg = if target.reports.len() >= 2 && target.measure != Measure::Done {
            chart(file, target, &history)
        } else {
            String::new()
        };
        TargetView {
            id: target.id.clone(),
            anchor: format!("{}-{}", file.id, target.id),
            title,
            measure: match target.measure {
                Measure::Count => "count",
                Measure::Percent => "percent",
                Measure::Done => "done",
            },
            status: target.status.slug(),
            status_label,
            figure,
            as_of,
            as_of_iso: latest.map(|r| r.date.to_string()).unwrap_or_default(),
            target: target_text,
            of_target,
            bar: format!("{bar:.1}"),
            mark: match (target.measure, target.goal) {
                (Measure::Percent, Some(goal)) => format!("{:.1}", goal.to_f64().clamp(0.0, 100.0)),
                _ => String::new(),
            },
            value_text,
            note: latest
                .and_then(|r| r.note.as_ref())
                .map(|n| self.text(n, lang))
                .unwrap_or_default(),
            history,
            chart_svg,
            children: file
                .children(index)
                .map(|(i, _)| self.target_view(file, i, lang))
                .collect(),
        }
    }

    fn summary(&self, file: &ProgressFile, lang: &str) -> Vec<SummaryItem> {
        STATUSES
            .iter()
            .map(|s| SummaryItem {
                status: s.slug(),
                label: self.status_label(lang, *s),
                count: file.targets.iter().filter(|t| t.status == *s).count(),
            })
            .filter(|s| s.count > 0)
            .collect()
    }

    fn period(&self, file: &ProgressFile, lang: &str) -> String {
        let text = self.t(lang, "progress_period");
        let text = i18n::fill(&text, "start", &format_date(file.period.start, lang));
        i18n::fill(&text, "end", &format_date(file.period.end, lang))
    }

    pub(super) fn dashboard_path(&self, lang: &str, file: &str) -> String {
        format!("{}progress/{file}/", self.home_path(lang))
    }

    /// The bars of one target (`Some`) or of every top-level target of a
    /// file, rendered with the theme's `progress_block.html`.
    pub(super) fn progress_block(
        &self,
        file: &ProgressFile,
        target: Option<&str>,
        lang: &str,
        compact: bool,
        heading: String,
    ) -> String {
        let indices: Vec<usize> = match target {
            Some(id) => file
                .targets
                .iter()
                .position(|t| t.id == id)
                .into_iter()
                .collect(),
            None => (0..file.targets.len())
                .filter(|i| file.targets[*i].parent.is_none())
                .collect(),
        };
        let block = ProgressBlock {
            heading,
            file_title: self.text(&file.title, lang),
            period: self.period(file, lang),
            dashboard_url: self.site.url(&self.dashboard_path(lang, &file.id)),
            compact,
            summary: if target.is_none() {
                self.summary(file, lang)
            } else {
                Vec::new()
            },
            targets: indices
                .into_iter()
                .map(|i| self.target_view(file, i, lang))
                .collect(),
        };
        let mut ctx = tera::Context::new();
        ctx.insert("block", &block);
        if let Some(shared) = self.shared.get(lang) {
            ctx.insert_value("t", shared.strings.clone());
        }
        ctx.insert("lang", lang);
        self.tera
            .render("progress_block.html", &ctx)
            .unwrap_or_else(|e| format!("<!-- progress block: {} -->", super::error_chain(&e)))
    }

    /// Replaces the shortcode markers of rendered Markdown with bars.
    pub(super) fn expand_markers(&self, html: &str, lang: &str) -> String {
        if !html.contains(MARKER_START) {
            return html.to_string();
        }
        let mut out = String::with_capacity(html.len());
        let mut rest = html;
        while let Some(start) = rest.find(MARKER_START) {
            out.push_str(&rest[..start]);
            let after = &rest[start + MARKER_START.len()..];
            let Some(end) = after.find(MARKER_END) else {
                break;
            };
            let (file_id, target) = after[..end].split_once(':').unwrap_or((&after[..end], ""));
            if let Some(file) = self.site.progress.files.get(file_id) {
                let target = (!target.is_empty()).then_some(target);
                out.push_str(&self.progress_block(file, target, lang, false, String::new()));
            }
            rest = &after[end + MARKER_END.len()..];
        }
        out.push_str(rest);
        out
    }

    /// The progress file whose plan is current: the latest period start.
    pub(super) fn current_progress(&self) -> Option<&ProgressFile> {
        self.site.progress.files.values().max_by(|a, b| {
            a.period
                .start
                .cmp(&b.period.start)
                .then_with(|| a.id.cmp(&b.id))
        })
    }

    /// The document that set a file's targets (its `number` is the `plan`).
    fn plan_document(&self, file: &ProgressFile, lang: &str) -> Option<&crate::site::SitePage> {
        let plan = file.plan.as_deref()?;
        let key = self
            .site
            .keys_of(crate::content::Section::Documents)
            .into_iter()
            .find(|k| {
                self.site
                    .version_for(k, lang)
                    .is_some_and(|p| p.page.front.number.as_deref() == Some(plan))
            })?;
        self.site.version_for(key, lang)
    }

    /// Dashboards of one language: one per file and the overview.
    pub(super) fn progress_jobs(&self, lang: &str) -> Vec<Job> {
        let mut jobs = Vec::new();
        let prefix = self.home_path(lang);
        let json_url = self.site.url("progress.json");
        let csv_url = self.site.url("progress.csv");
        let mut overview = Vec::new();
        for file in self.site.progress.files.values().rev() {
            let title = self.text(&file.title, lang);
            let path = self.dashboard_path(lang, &file.id);
            let plan = self.plan_document(file, lang);
            let view = DashboardView {
                heading: title.clone(),
                period: self.period(file, lang),
                plan: plan
                    .map(|p| format!("{} {}", file.plan.clone().unwrap_or_default(), p.page.title))
                    .unwrap_or_default(),
                plan_url: plan.map(|p| p.url.clone()).unwrap_or_default(),
                blocks_html: vec![self.progress_block(file, None, lang, false, String::new())],
                json_url: json_url.clone(),
                csv_url: csv_url.clone(),
            };
            let versions = self.all_languages(|l| self.dashboard_path(l, &file.id));
            let mut ctx = self.common(lang, &path, Head::new(&title), &versions);
            ctx.insert("dashboard", &view);
            jobs.push(Job {
                path: format!("{path}index.html"),
                template: "progress.html",
                context: ctx,
                origin: file.source.display().to_string(),
            });
            overview.push(self.progress_block(file, None, lang, true, title));
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
        };
        let versions = self.all_languages(|l| format!("{}progress/", self.home_path(l)));
        let mut ctx = self.common(lang, &path, Head::new(&heading), &versions);
        ctx.insert("dashboard", &view);
        jobs.push(Job {
            path: format!("{path}index.html"),
            template: "progress.html",
            context: ctx,
            origin: "the progress overview".to_string(),
        });
        jobs
    }
}

/// A small line chart of a target's reports across the period, with the
/// target level dashed. The history list next to it is its text.
fn chart(file: &ProgressFile, target: &Target, history: &[HistoryItem]) -> String {
    let (w, h, pad) = (240.0, 64.0, 6.0);
    let start = file.period.start.days_since_epoch() as f64;
    let span = ((file.period.end.days_since_epoch() as f64) - start).max(1.0);
    let values: Vec<(f64, f64)> = target
        .reports
        .iter()
        .filter_map(|r| match r.figure {
            Figure::Amount(v) => Some((
                (r.date.days_since_epoch() as f64 - start) / span,
                v.to_f64(),
            )),
            Figure::Done(_) => None,
        })
        .collect();
    let goal = target.goal.map(|g| g.to_f64());
    let top = match target.measure {
        Measure::Percent => 100.0,
        _ => {
            values
                .iter()
                .map(|(_, v)| *v)
                .chain(goal)
                .fold(1.0, f64::max)
                * 1.1
        }
    };
    let x = |t: f64| pad + t.clamp(0.0, 1.0) * (w - 2.0 * pad);
    let y = |v: f64| h - pad - (v / top).clamp(0.0, 1.0) * (h - 2.0 * pad);
    let points: Vec<String> = values
        .iter()
        .map(|(t, v)| format!("{:.1},{:.1}", x(*t), y(*v)))
        .collect();
    let mut svg = format!(
        r#"<svg class="progress-chart" viewBox="0 0 {w} {h}" width="{w}" height="{h}" aria-hidden="true" focusable="false">"#
    );
    svg.push_str(&format!(
        r#"<line class="axis" x1="{pad}" y1="{b}" x2="{r}" y2="{b}"/>"#,
        b = h - pad,
        r = w - pad
    ));
    if let Some(goal) = goal {
        svg.push_str(&format!(
            r#"<line class="goal" x1="{pad}" y1="{g:.1}" x2="{r}" y2="{g:.1}"/>"#,
            g = y(goal),
            r = w - pad
        ));
    }
    svg.push_str(&format!(
        r#"<polyline class="line" points="{}"/>"#,
        points.join(" ")
    ));
    for p in &points {
        let (px, py) = p.split_once(',').unwrap_or(("0", "0"));
        svg.push_str(&format!(
            r#"<circle class="dot" cx="{px}" cy="{py}" r="3"/>"#
        ));
    }
    svg.push_str("</svg>");
    debug_assert_eq!(history.len(), target.reports.len());
    svg
}
