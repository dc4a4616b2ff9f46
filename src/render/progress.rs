//! Progress on screen: a view of every target (figure, "as of" date, the
//! target in words, what is missing, status, history chart) and the blocks
//! of bars that shortcodes, documents and dashboards embed. Where blocks
//! go is [`super::placement`]; dashboards and the home page's plan lines
//! are [`super::dashboards`].

use super::Renderer;
use crate::error::Error;
use crate::i18n::{self, format_date};
use crate::number::Rational;
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
    /// "10/11 đơn vị đã báo cáo", for a figure rolled up from the units.
    pub coverage: String,
    /// The target's page listing its units; empty when not rolled up.
    pub units_url: String,
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

pub(super) const STATUSES: [Status; 5] = [
    Status::Achieved,
    Status::OnTrack,
    Status::Behind,
    Status::Missed,
    Status::NoData,
];

impl Renderer<'_> {
    pub(super) fn status_label(&self, lang: &str, status: Status) -> String {
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
        // The bar and its aria-valuenow round like the words: 99.99% of
        // the way is not a full bar.
        let (bar, full) = match latest.map(|r| r.figure) {
            Some(Figure::Amount(v)) if target.measure == Measure::Percent => (v, target.goal),
            Some(_) => (
                crate::progress::open_data::percent_of_target(target)
                    .unwrap_or(Rational::from_int(0)),
                Some(Rational::from_int(100)),
            ),
            None => (Rational::from_int(0), None),
        };
        let bar = super::progress_words::honest(bar, 1, full);
        let bar = format!("{:.1}", bar.to_f64().clamp(0.0, 100.0));
        let figure = latest
            .map(|r| self.figure_text(target, r, lang))
            .unwrap_or_default();
        let target_text = self.target_words(target, lang);
        let status_label = self.status_label(lang, target.status);
        let gap = self.gap_words(target, lang);
        let no_final = self.no_final_words(file, target, lang);
        let (coverage, units_url) = self.coverage_line(file, target, lang);
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
        // The theme shows one level of sub-targets: deeper ones follow
        // their parent in that list, so that none is left out.
        let mut children = Vec::new();
        for i in child_indices {
            flatten(self.target_view(file, i, lang, placed), &mut children);
        }
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
            coverage,
            units_url,
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

    pub(super) fn summary(&self, file: &ProgressFile, lang: &str) -> Vec<SummaryItem> {
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

    pub(super) fn period(&self, file: &ProgressFile, lang: &str) -> String {
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
    /// a block with nothing left to show is empty. A theme override that
    /// cannot render is an error at its line.
    pub(super) fn progress_block(
        &self,
        file: &ProgressFile,
        target: Option<&str>,
        lang: &str,
        compact: bool,
        heading: String,
        placed: &mut Placed,
    ) -> Result<String, Error> {
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
            return Ok(String::new());
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
        self.tera.render("progress_block.html", &ctx).map_err(|e| {
            super::template_error(self.template_paths, Some("progress_block.html"), &e)
        })
    }
}

/// `view` and its sub-targets at any depth, in order, as one list.
fn flatten(mut view: TargetView, out: &mut Vec<TargetView>) {
    let children = std::mem::take(&mut view.children);
    out.push(view);
    for child in children {
        flatten(child, out);
    }
}
