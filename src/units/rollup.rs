//! The roll-up (SPEC §8): the units' answers to a target become its dated
//! reports. On each date some expected unit answered, `sum` adds every
//! expected unit's latest figure, `share` counts the expected units whose
//! latest answer counts over all expected units, and `ratio` adds the
//! counts and wholes of the expected units that have answered. Each
//! report also says how many expected units answered on its date.

use super::Units;
use super::answers::{Answer, Answers, UnitAnswer, amount};
use super::{Selector, Unit};
use crate::date::Date;
use crate::error::{Diagnostics, Error, Location};
use crate::number::{Number, Rational};
use crate::progress::status::{self, Figure};
use crate::progress::{Coverage, Progress, Report, ReportValue, Target};
use serde::Deserialize;

/// How a target's figure comes from its units' answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    Sum,
    Share,
    Ratio,
}

/// A target whose figure comes from the units.
#[derive(Debug, Clone)]
pub struct FromUnits {
    pub rule: Rule,
    /// Where `from_units:` is written.
    pub location: Location,
    /// For `share`: the answers that count, as slugs; `None`: a yes.
    pub counts: Option<Vec<String>>,
    pub selector: Selector,
    pub selector_location: Option<Location>,
    /// Every answer, by date then unit, filled in by [`roll_up`].
    pub answers: Vec<UnitAnswer>,
    /// One per report, in the same order.
    pub rounds: Vec<Round>,
}

/// Who was expected on a report's date, and who answered then.
#[derive(Debug, Clone, PartialEq)]
pub struct Round {
    pub date: Date,
    pub expected: Vec<String>,
    pub reported: Vec<String>,
}

impl FromUnits {
    /// The latest answer of `unit` on or before `date`.
    pub fn latest(&self, unit: &str, date: Date) -> Option<&UnitAnswer> {
        self.answers
            .iter()
            .filter(|a| a.unit == unit && a.date <= date)
            .max_by_key(|a| a.date)
    }

    /// Whether an answer counts for a `share`.
    pub fn counts_answer(&self, answer: &Answer) -> bool {
        match (answer, &self.counts) {
            (Answer::Yes(b), None) => *b,
            (Answer::Word { slug, .. }, Some(words)) => words.contains(slug),
            _ => false,
        }
    }
}

/// The figure of a target on `date` from its units, with who answered;
/// `None` when no expected unit answered on that date, or there is
/// nothing to divide by.
pub fn report_on(
    target: &Target,
    from: &FromUnits,
    units: &Units,
    date: Date,
) -> Option<(Report, Round)> {
    let expected: Vec<&Unit> = units.expected(date, &from.selector).collect();
    let reported: Vec<String> = expected
        .iter()
        .filter(|u| {
            from.answers
                .iter()
                .any(|a| a.unit == u.id && a.date == date)
        })
        .map(|u| u.id.clone())
        .collect();
    if reported.is_empty() {
        return None;
    }
    let latest: Vec<&Answer> = expected
        .iter()
        .filter_map(|u| from.latest(&u.id, date))
        .map(|a| &a.answer)
        .collect();
    let coverage = Coverage {
        reported: reported.len(),
        expected: expected.len(),
    };
    let as_number = |r: Rational| Number::Int(r.floor() as i64);
    let report = match from.rule {
        Rule::Sum => {
            let total = latest
                .iter()
                .fold(target.baseline, |sum, a| sum + amount(a));
            Report {
                date,
                figure: Figure::Amount(total),
                value: Some(ReportValue::Number(as_number(total))),
                count: None,
                of: None,
                note: None,
                units: Some(coverage),
            }
        }
        Rule::Share | Rule::Ratio => {
            let (count, of) = match from.rule {
                Rule::Share => (
                    latest.iter().filter(|a| from.counts_answer(a)).count() as i64,
                    expected.len() as i64,
                ),
                _ => latest.iter().fold((0i64, 0i64), |(c, o), a| match a {
                    Answer::Ratio { count, of } => (
                        c.saturating_add(count.as_f64() as i64),
                        o.saturating_add(of.as_f64() as i64),
                    ),
                    _ => (c, o),
                }),
            };
            if of == 0 {
                return None;
            }
            let percent = Rational::from_int(count)
                .checked_div(Rational::from_int(of))
                .unwrap_or(Rational::from_int(0))
                * Rational::from_int(100);
            Report {
                date,
                figure: Figure::Amount(percent),
                value: None,
                count: Some(Number::Int(count)),
                of: Some(Number::Int(of)),
                note: None,
                units: Some(coverage),
            }
        }
    };
    let round = Round {
        date,
        expected: expected.iter().map(|u| u.id.clone()).collect(),
        reported,
    };
    Some((report, round))
}

/// Fills every `from_units` target of `progress` with the reports its
/// units' answers make, and checks the targets against the units.
pub fn roll_up(progress: &mut Progress, units: &Units, mut answers: Answers) -> Diagnostics {
    let mut diagnostics = Diagnostics::default();
    let kinds: Vec<String> = units.kinds().into_iter().map(String::from).collect();
    let mut no_units_reported = false;
    for file in progress.files.values_mut() {
        let period = file.period;
        let mut file_answers = answers.remove(&file.id).unwrap_or_default();
        for target in &mut file.targets {
            let Some(mut from) = target.from_units.take() else {
                continue;
            };
            if !units.present && !no_units_reported {
                no_units_reported = true;
                diagnostics.push(Error::content(
                    from.location.clone(),
                    format!(
                        "`{}` takes its figure from the units, but there is no {}: list the units there (`units:` with `id`, `name`, `kind` for each)",
                        target.id,
                        super::UNITS_FILE
                    ),
                ));
            }
            if units.present && !units.failed {
                for kind in &from.selector.kinds {
                    if !kinds.contains(kind) {
                        let known: Vec<&str> = kinds.iter().map(String::as_str).collect();
                        let hint = match crate::suggest::closest(kind, &known) {
                            Some(k) => format!(" (did you mean `{k}`?)"),
                            None if known.is_empty() => "; no unit there has a `kind:`".to_string(),
                            None => format!("; the kinds are {}", known.join(", ")),
                        };
                        diagnostics.push(Error::content(
                            from.selector_location
                                .clone()
                                .unwrap_or_else(|| from.location.clone()),
                            format!("no unit in {} is of kind `{kind}`{hint}", super::UNITS_FILE),
                        ));
                    }
                }
            }
            from.answers = file_answers.remove(&target.id).unwrap_or_default();
            falling_totals(target, &from, &mut diagnostics);
            uncounted_words(target, &from, &mut diagnostics);
            let mut dates: Vec<Date> = from.answers.iter().map(|a| a.date).collect();
            dates.dedup();
            target.reports.clear();
            from.rounds.clear();
            for date in dates {
                if let Some((report, round)) = report_on(target, &from, units, date) {
                    target.reports.push(report);
                    from.rounds.push(round);
                }
            }
            target.status = status::status(target, &period);
            target.from_units = Some(from);
        }
    }
    diagnostics
}

/// A unit's figure is its running total since the period start: one that
/// falls from a round to the next was most likely sent as the round's own
/// figure. A warning, since a correction can lower a total.
fn falling_totals(target: &Target, from: &FromUnits, diagnostics: &mut Diagnostics) {
    let total = |a: &Answer| match a {
        Answer::Number(n) => Some(n.to_rational()),
        Answer::Ratio { count, .. } => Some(count.to_rational()),
        _ => None,
    };
    for (i, later) in from.answers.iter().enumerate() {
        let earlier = from.answers[..i]
            .iter()
            .rev()
            .find(|a| a.unit == later.unit && a.date < later.date);
        if let Some(earlier) = earlier
            && let (Some(before), Some(now)) = (total(&earlier.answer), total(&later.answer))
            && now < before
        {
            diagnostics.warn(
                later.location.clone(),
                format!(
                    "unit `{}` gives {} for `{}` on {}, less than the {} it gave on {}: a unit's figure is its total since the period start, not the round's own; check it with the unit",
                    later.unit,
                    now.to_f64(),
                    target.id,
                    later.date,
                    before.to_f64(),
                    earlier.date
                ),
            );
        }
    }
}

/// A `share` that counts words says which other words units wrote: a
/// rating written another way ("Hoàn thành tốt nhiệm vụ" for `tot`)
/// would otherwise count as not done without a word.
fn uncounted_words(target: &Target, from: &FromUnits, diagnostics: &mut Diagnostics) {
    let Some(counts) = &from.counts else {
        return;
    };
    let mut others: std::collections::BTreeMap<&str, usize> = Default::default();
    for a in &from.answers {
        if let Answer::Word { slug, .. } = &a.answer
            && !counts.contains(slug)
        {
            *others.entry(slug.as_str()).or_default() += 1;
        }
    }
    if others.is_empty() {
        return;
    }
    let known: Vec<&str> = counts.iter().map(String::as_str).collect();
    let listed: Vec<String> = others
        .iter()
        .map(|(word, n)| match crate::suggest::closest(word, &known) {
            Some(close) => format!("`{word}` ({n}; did you mean `{close}`?)"),
            None => format!("`{word}` ({n})"),
        })
        .collect();
    diagnostics.warn(
        from.location.clone(),
        format!(
            "`{}` counts the answers {}; the units also answered {}, which count as not done: add them to `counts:` if they should count",
            target.id,
            known
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", "),
            listed.join(", ")
        ),
    );
}

#[cfg(test)]
mod tests;
