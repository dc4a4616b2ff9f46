//! The words beside a progress bar: the figure, the target in words, what
//! is still missing or by how much a limit is passed, and a period that
//! ended without a final figure. Numbers are shown so that they never
//! contradict the status: a target exactly as written (66.67 → "66,67%"),
//! and a figure rounded towards its true side of the target when plain
//! rounding would put it on (or past) the target level.

use super::Renderer;
use crate::i18n::{self, format_date, format_number};
use crate::number::{Number, Rational};
use crate::progress::gap::{self, Gap};
use crate::progress::status::Figure;
use crate::progress::{Comparator, Measure, ProgressFile, Report, Target};

/// Decimal places of a number as the editor wrote it (`66.67` → 2).
fn places(n: Number) -> usize {
    match n {
        Number::Int(_) => 0,
        Number::Float(f) => format!("{f}")
            .split_once('.')
            .map_or(0, |(_, fraction)| fraction.len().min(6)),
    }
}

/// A number as the editor wrote it, in `lang`'s format: 66.67 → "66,67".
pub(super) fn written(n: Number, lang: &str) -> String {
    format_number(n.as_f64(), places(n), lang)
}

/// `value` with `decimals` places. Rounded to the nearest step, unless
/// that changes how it compares with `goal` (84.99 shown as "85,0" beside
/// "more than 85"): then towards its true side.
fn shown(value: Rational, decimals: usize, goal: Option<Rational>, lang: &str) -> String {
    format_number(honest(value, decimals, goal).to_f64(), decimals, lang)
}

/// `value` rounded to `decimals` places as [`shown`] rounds it.
pub(super) fn honest(value: Rational, decimals: usize, goal: Option<Rational>) -> Rational {
    let decimals = u32::try_from(decimals).unwrap_or(6);
    let near = value.to_places(decimals, None);
    match goal {
        Some(goal) if near.cmp(&goal) != value.cmp(&goal) => {
            value.to_places(decimals, Some(value > goal))
        }
        _ => near,
    }
}

/// A gap or difference: whole when it is whole, else up to 2 places,
/// rounded up so that a gap never shows as 0.
fn difference(value: Rational, lang: &str) -> String {
    if value.is_integer() {
        return format_number(value.to_f64(), 0, lang);
    }
    let up = value.to_places(2, Some(true));
    let one = value.to_places(1, Some(true));
    if one == up {
        format_number(up.to_f64(), 1, lang)
    } else {
        format_number(up.to_f64(), 2, lang)
    }
}

/// Fills `{name}` placeholders, then folds the double spaces an empty
/// value leaves ("còn thiếu 3  " → "còn thiếu 3").
fn fill_all(template: &str, values: &[(&str, &str)]) -> String {
    let mut text = template.to_string();
    for (name, value) in values {
        text = i18n::fill(&text, name, value);
    }
    let folded = text.split_whitespace().collect::<Vec<_>>().join(" ");
    folded
        .replace(" :", ":")
        .replace(" )", ")")
        .replace("( ", "(")
}

impl Renderer<'_> {
    pub(super) fn unit(&self, target: &Target, lang: &str) -> String {
        target
            .unit
            .as_ref()
            .map(|u| self.text(u, lang))
            .unwrap_or_default()
    }

    /// Decimal places figures of `target` are shown with: one at least
    /// for a percentage, and never fewer than its target has.
    fn figure_places(&self, target: &Target, value: Rational) -> usize {
        let goal = target.goal_number.map_or(0, places);
        match target.measure {
            Measure::Percent => goal.max(1),
            _ if value.is_integer() => 0,
            _ => goal.max(1),
        }
    }

    /// "56 đoàn viên", "85,0% (34/40)", "Đã hoàn thành".
    pub(super) fn figure_text(&self, target: &Target, report: &Report, lang: &str) -> String {
        match report.figure {
            Figure::Done(true) => self.t(lang, "progress_done_yes"),
            Figure::Done(false) => self.t(lang, "progress_done_no"),
            Figure::Amount(v) => {
                let n = shown(v, self.figure_places(target, v), target.goal, lang);
                let mut text = match target.measure {
                    Measure::Percent => format!("{n}%"),
                    _ => fill_all(
                        "{n} {unit}",
                        &[("n", &n), ("unit", &self.unit(target, lang))],
                    ),
                };
                if let (Some(count), Some(of)) = (report.count, report.of) {
                    text.push_str(&format!(
                        " ({}/{})",
                        written(count, lang),
                        written(of, lang)
                    ));
                }
                text
            }
        }
    }

    /// The target level as written: "50 đoàn viên", "66,67%".
    fn goal_text(&self, target: &Target, lang: &str) -> String {
        let n = match (target.goal_number, target.goal) {
            (Some(n), _) => written(n, lang),
            (None, Some(goal)) => difference(goal, lang),
            (None, None) => String::new(),
        };
        match target.measure {
            Measure::Percent => format!("{n}%"),
            _ => fill_all(
                "{n} {unit}",
                &[("n", &n), ("unit", &self.unit(target, lang))],
            ),
        }
    }

    /// "ít nhất 50 đoàn viên", "trên 85%"; with `key_suffix` the form used
    /// inside a sentence ("35/40 mới trên 85%").
    fn comparator_words(&self, target: &Target, lang: &str, key_suffix: &str) -> String {
        let key = match target.comparator {
            Comparator::AtLeast => "comparator_at_least",
            Comparator::MoreThan => "comparator_more_than",
            Comparator::Exactly => "comparator_exactly",
            Comparator::AtMost => "comparator_at_most",
        };
        i18n::fill(
            &self.t(lang, &format!("{key}{key_suffix}")),
            "n",
            &self.goal_text(target, lang),
        )
    }

    pub(super) fn target_words(&self, target: &Target, lang: &str) -> String {
        if target.goal.is_none() {
            return self.t(lang, "progress_done_target");
        }
        self.comparator_words(target, lang, "")
    }

    /// A string with a singular form for one (`<key>_one`).
    fn counted(&self, lang: &str, key: &str, count: i128) -> String {
        let key = if count == 1 {
            format!("{key}_one")
        } else {
            key.to_string()
        };
        self.t(lang, &key)
    }

    /// What the latest figure lacks, or by how much it passes a limit;
    /// empty when the target is satisfied.
    pub(super) fn gap_words(&self, target: &Target, lang: &str) -> String {
        let unit = self.unit(target, lang);
        let points = |p: Rational| {
            fill_all(
                &self.t(lang, "progress_points"),
                &[("n", &difference(p, lang))],
            )
        };
        match gap::gap(target) {
            Gap::None => String::new(),
            Gap::Count { more } => {
                let n = difference(more, lang);
                let one = if more == Rational::from_int(1) { 1 } else { 0 };
                fill_all(
                    &self.counted(lang, "progress_missing", one),
                    &[("n", &n), ("unit", &unit)],
                )
            }
            Gap::Share { more, needed, of } => fill_all(
                &self.counted(lang, "progress_missing_share", more),
                &[
                    ("n", &more.to_string()),
                    ("unit", &unit),
                    ("needed", &format_number(needed as f64, 0, lang)),
                    ("of", &difference(of, lang)),
                    ("target", &self.comparator_words(target, lang, "_reached")),
                ],
            ),
            Gap::Points { short } if short == Rational::from_int(0) => fill_all(
                &self.t(lang, "progress_must_pass"),
                &[("n", &self.goal_text(target, lang))],
            ),
            Gap::Points { short } => {
                let key = match target.comparator {
                    Comparator::MoreThan => "progress_short_more_than",
                    _ => "progress_short",
                };
                fill_all(&self.t(lang, key), &[("n", &points(short))])
            }
            Gap::Over { by, .. } => {
                let n = match target.measure {
                    Measure::Percent => points(by),
                    _ => fill_all(
                        "{n} {unit}",
                        &[("n", &difference(by, lang)), ("unit", &unit)],
                    ),
                };
                let key = match target.comparator {
                    Comparator::AtMost => "progress_over_limit",
                    _ => "progress_over_target",
                };
                fill_all(&self.t(lang, key), &[("n", &n)])
            }
        }
    }

    /// "The period ended on … with no final report for this target", when
    /// the file's data show the period is over and this target's latest
    /// report is older than its end.
    pub(super) fn no_final_words(
        &self,
        file: &ProgressFile,
        target: &Target,
        lang: &str,
    ) -> String {
        if !gap::final_missing(file, target) {
            return String::new();
        }
        i18n::fill(
            &self.t(lang, "progress_no_final"),
            "end",
            &format_date(file.period.end, lang),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_keep_their_side_of_the_target() {
        let two_thirds = Rational::new(200, 3);
        let goal = Some(Rational::new(6667, 100));
        assert_eq!(shown(two_thirds, 2, goal, "vi"), "66,66");
        assert_eq!(
            shown(
                Rational::new(8499, 100),
                1,
                Some(Rational::from_int(85)),
                "vi"
            ),
            "84,9"
        );
        assert_eq!(
            shown(
                Rational::new(88053, 1000),
                1,
                Some(Rational::from_int(90)),
                "en"
            ),
            "88.1"
        );
        assert_eq!(
            shown(
                Rational::from_int(85),
                1,
                Some(Rational::from_int(85)),
                "vi"
            ),
            "85,0"
        );
    }

    #[test]
    fn targets_show_as_written_and_gaps_never_as_zero() {
        assert_eq!(written(Number::Float(66.67), "vi"), "66,67");
        assert_eq!(written(Number::Int(1520), "vi"), "1.520");
        assert_eq!(difference(Rational::new(1, 300), "en"), "0.01");
        assert_eq!(difference(Rational::new(176, 10), "vi"), "17,6");
        assert_eq!(
            fill_all("còn thiếu {n} {unit}", &[("n", "3"), ("unit", "")]),
            "còn thiếu 3"
        );
    }
}
