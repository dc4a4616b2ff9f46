//! A small line chart of a target's reports across its period, drawn as
//! inline SVG; the history list beside it carries the same figures as
//! text, so the chart is hidden from screen readers.

use super::progress::HistoryItem;
use crate::progress::status::Figure;
use crate::progress::{Measure, ProgressFile, Target};

/// A small line chart of a target's reports across the period, with the
/// target level dashed. The history list next to it is its text.
pub(super) fn chart(file: &ProgressFile, target: &Target, history: &[HistoryItem]) -> String {
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
