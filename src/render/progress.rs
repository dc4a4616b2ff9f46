//! Progress on screen: a view of every target (figure, "as of" date, the
//! target in words, what is missing, status, history chart), the blocks
//! that shortcodes and documents embed (each target once per page), the
//! home page's one line per running plan, and the dashboards per progress
//! file and across all files.

use super::{Head, Job, Renderer};
use crate::i18n::{self, format_date};
use crate::number::Rational;
use crate::progress::shortcode::{MARKER_END, MARKER_START};
use crate::progress::status::{Figure, Status, satisfies};
use crate::progress::{Comparator, Measure, ProgressFile};
use serde::Serialize;
use std::collections::HashSet;

/// The anchors of the targets already on a page: a target is shown once,
/// and a later block says where it is instead of repeating it.
pub(super) type Placed = HashSet<String>;

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
    /// "ít nhất 50 đoàn viên", "trên 85%", the target as written.
    pub target: String,
    /// "đạt 112,0% chỉ tiêu": only for a count that satisfies its target.
    pub of_target: String,
    /// "còn thiếu 38 đoàn viên", "cần thêm 1 CĐCS: 35/40 mới trên 85%",
    /// "vượt mức tối đa 2 vụ"; empty when satisfied.
    pub gap: String,
    /// The period ended and this target has no final report.
    pub no_final: String,
    /// Bar length, 0–100.
    pub bar: String,
    /// `aria-valuenow`: the bar length, empty with no data.
    pub value_now: String,
    /// Where the target mark sits on a percent bar, 0–100; empty for none.
    pub mark: String,
    /// What a screen reader says for the bar.
    pub value_text: String,
    pub note: String,
    pub history: Vec<HistoryItem>,
    pub chart_svg: String,
    /// "Trong đó" before the sub-targets; empty when their titles say it.
    pub children_label: String,
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
    /// Targets of this block already shown higher on the page.
    pub shown_above: Vec<LinkView>,
}

#[derive(Debug, Serialize)]
pub struct LinkView {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub struct SummaryItem {
    pub status: &'static str,
    pub label: String,
    pub count: usize,
}

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

    /// "đạt 112,0% chỉ tiêu", for a count at or past its target only: a
    /// share of the target beside a target not met reads as success.
    fn of_target_words(&self, file: &ProgressFile, index: usize, lang: &str) -> String {
        let target = &file.targets[index];
        let (Some(latest), Some(goal)) = (target.reports.last(), target.goal) else {
            return String::new();
        };
        let satisfied =
            matches!(latest.figure, Figure::Amount(v) if satisfies(v, target.comparator, goal));
        let rising = matches!(
            target.comparator,
            Comparator::AtLeast | Comparator::MoreThan
        );
        if target.measure != Measure::Count || !satisfied || !rising {
            return String::new();
        }
        crate::progress::open_data::percent_of_target(target)
            .map(|p| {
                // Rounded down, so that it never shows 100% before it is.
                let p = p.to_places(1, Some(false));
                i18n::fill(
                    &self.t(lang, "progress_of_target"),
                    "p",
                    &format!("{}%", crate::i18n::format_number(p.to_f64(), 1, lang)),
                )
            })
            .unwrap_or_default()
    }

    /// The view of target `index` and its sub-targets not yet on the page.
    pub(super) fn target_view(
        &self,
        file: &ProgressFile,
        index: usize,
        lang: &str,
        placed: &mut Placed,
    ) -> TargetView {
        let target = &file.targets[index];
        let anchor = format!("{}-{}", file.id, target.id);
        placed.insert(anchor.clone());
        let latest = target.reports.last();
        let bar = match latest.map(|r| r.figure) {
            Some(Figure::Amount(v)) if target.measure == Measure::Percent => v,
            Some(_) => crate::progress::open_data::percent_of_target(target)
                .unwrap_or(Rational::from_int(0)),
            None => Rational::from_int(0),
        };
        let bar = format!("{:.1}", bar.to_f64().clamp(0.0, 100.0));
        let figure = latest
            .map(|r| self.figure_text(target, r, lang))
            .unwrap_or_default();
        let target_text = self.target_words(target, lang);
        let status_label = self.status_label(lang, target.status);
        let gap = self.gap_words(target, lang);
        let no_final = self.no_final_words(file, target, lang);
        let as_of = latest
            .map(|r| {
                i18n::fill(
                    &self.t(lang, "progress_as_of"),
                    "date",
                    &format_date(r.date, lang),
                )
            })
            .unwrap_or_default();
        let value_text = [
            figure.as_str(),
            target_text.as_str(),
            gap.as_str(),
            status_label.as_str(),
        ]
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
                figure: self.figure_text(target, r, lang),
                note: r
                    .note
                    .as_ref()
                    .map(|n| self.text(n, lang))
                    .unwrap_or_default(),
            })
            .collect();
        let chart_svg = if target.reports.len() >= 2 && target.measure != Measure::Done {
            super::chart::chart(file, target, &history)
        } else {
            String::new()
        };
        let child_indices: Vec<usize> = file
            .children(index)
            .map(|(i, _)| i)
            .filter(|i| !placed.contains(&format!("{}-{}", file.id, file.targets[*i].id)))
            .collect();
        let children: Vec<TargetView> = child_indices
            .into_iter()
            .map(|i| self.target_view(file, i, lang, placed))
            .collect();
        let label = self.t(lang, "progress_sub_targets");
        let folded_label = i18n::fold(&label);
        let children_label = if !children.is_empty()
            && children
                .iter()
                .all(|c| i18n::fold(&c.title).starts_with(&folded_label))
        {
            String::new()
        } else {
            label
        };
        TargetView {
            id: target.id.clone(),
            anchor,
            title: self.text(&target.title, lang),
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
            of_target: self.of_target_words(file, index, lang),
            gap,
            no_final,
            value_now: if latest.is_some() {
                bar.clone()
            } else {
                String::new()
            },
            bar,
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
            children_label,
            children,
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
    /// file, rendered with the theme's `progress_block.html`. Targets
    /// already `placed` on the page are listed as shown above instead;
    /// a block with nothing left to show is empty.
    pub(super) fn progress_block(
        &self,
        file: &ProgressFile,
        target: Option<&str>,
        lang: &str,
        compact: bool,
        heading: String,
        placed: &mut Placed,
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
        let anchor = |i: usize| format!("{}-{}", file.id, file.targets[i].id);
        // Listed once: a sub-target goes with its parent when both are above.
        let shown_above: Vec<LinkView> = (0..file.targets.len())
            .filter(|i| placed.contains(&anchor(*i)))
            .filter(|i| match target {
                Some(_) => indices.contains(i),
                None => file.targets[*i]
                    .parent
                    .is_none_or(|p| !placed.contains(&anchor(p))),
            })
            .map(|i| LinkView {
                title: self.text(&file.targets[i].title, lang),
                url: format!("#{}", anchor(i)),
            })
            .collect();
        let fresh: Vec<usize> = indices
            .into_iter()
            .filter(|i| !placed.contains(&anchor(*i)))
            .collect();
        let targets: Vec<TargetView> = fresh
            .into_iter()
            .map(|i| self.target_view(file, i, lang, placed))
            .collect();
        if targets.is_empty() && target.is_none() {
            // Every target of the file is higher on the page already.
            return String::new();
        }
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
            targets,
            shown_above,
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

    /// The (file, target) of every progress shortcode marker in rendered
    /// Markdown, in order; the target is empty for a whole file.
    fn markers(html: &str) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        let mut rest = html;
        while let Some(start) = rest.find(MARKER_START) {
            let after = &rest[start + MARKER_START.len()..];
            let Some(end) = after.find(MARKER_END) else {
                break;
            };
            out.push(after[..end].split_once(':').unwrap_or((&after[..end], "")));
            rest = &after[end + MARKER_END.len()..];
        }
        out
    }

    /// The anchors the shortcodes of `html` place: a target with its
    /// sub-targets, or every target of a file.
    pub(super) fn placed_by(&self, html: &str) -> Placed {
        let mut placed = Placed::new();
        for (file_id, target) in Self::markers(html) {
            let Some(file) = self.site.progress.files.get(file_id) else {
                continue;
            };
            let mut stack: Vec<usize> = match file.targets.iter().position(|t| t.id == target) {
                Some(i) => vec![i],
                None if target.is_empty() => (0..file.targets.len()).collect(),
                None => Vec::new(),
            };
            while let Some(i) = stack.pop() {
                if placed.insert(format!("{}-{}", file.id, file.targets[i].id)) {
                    stack.extend(file.children(i).map(|(c, _)| c));
                }
            }
        }
        placed
    }

    /// Replaces the shortcode markers of rendered Markdown with bars, each
    /// target once: a second shortcode for it says where it is.
    pub(super) fn expand_markers(&self, html: &str, lang: &str) -> String {
        if !html.contains(MARKER_START) {
            return html.to_string();
        }
        let mut placed = Placed::new();
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
                out.push_str(&self.progress_block(
                    file,
                    target,
                    lang,
                    false,
                    String::new(),
                    &mut placed,
                ));
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
                blocks_html: vec![self.progress_block(
                    file,
                    None,
                    lang,
                    false,
                    String::new(),
                    &mut Placed::new(),
                )],
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
            overview.push(self.progress_block(file, None, lang, true, title, &mut Placed::new()));
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
