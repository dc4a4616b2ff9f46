//! What stands between a target's latest figure and its target, in the
//! target's own unit: how many more are needed, or by how much a limit is
//! passed. The words beside a bar and the open data both come from here,
//! so neither can say more than the status does (SPEC §4: "the words
//! beside a bar never contradict its status").

use super::status::{Figure, satisfies};
use super::{Comparator, Measure, ProgressFile, Target};
use crate::number::Rational;

/// The distance from the latest figure to the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Satisfied, not a number (`done`), or no report: nothing is missing.
    None,
    /// A count below its target: how many more make it.
    Count { more: Rational },
    /// A percentage reported as `count`/`of`: `more` counted items, making
    /// `needed` of `of`, satisfy the comparator.
    Share {
        more: i128,
        needed: i128,
        of: Rational,
    },
    /// A percentage given as a value: percentage points below the level
    /// (for `more-than`, the figure must also pass it).
    Points { short: Rational },
    /// Over an `at-most` limit or an `exactly` target: by how much, in the
    /// target's unit (percentage points for a percentage), and for a
    /// percentage reported as `count`/`of`, how many counted items.
    Over { by: Rational, count: Option<i128> },
}

/// The gap of `target` as of its latest report.
pub fn gap(target: &Target) -> Gap {
    let (Some(latest), Some(goal)) = (target.reports.last(), target.goal) else {
        return Gap::None;
    };
    let Figure::Amount(figure) = latest.figure else {
        return Gap::None;
    };
    let comparator = target.comparator;
    if satisfies(figure, comparator, goal) {
        return Gap::None;
    }
    let above = figure > goal;
    if target.measure == Measure::Percent
        && let (Some(count), Some(of)) = (latest.count, latest.of)
    {
        let (count, of) = (count.to_rational(), of.to_rational());
        // The counts that would make the percentage: goal × of / 100.
        let level = goal * of * Rational::new(1, 100);
        let needed = match comparator {
            Comparator::AtLeast => Some(level.ceil()),
            Comparator::MoreThan => Some(level.floor() + 1),
            Comparator::Exactly => level.is_integer().then(|| level.floor()),
            Comparator::AtMost => Some(level.floor()),
        };
        if let Some(needed) = needed {
            let now = count.floor();
            return if above {
                Gap::Over {
                    by: figure - goal,
                    count: Some(now - needed),
                }
            } else {
                Gap::Share {
                    more: needed - now,
                    needed,
                    of,
                }
            };
        }
    }
    if above {
        return Gap::Over {
            by: figure - goal,
            count: None,
        };
    }
    match target.measure {
        Measure::Count => {
            // Counts are whole: "more than 50" needs 51.
            let needed = match comparator {
                Comparator::MoreThan => Rational::new(goal.floor() + 1, 1),
                _ => goal,
            };
            Gap::Count {
                more: needed - figure,
            }
        }
        _ => Gap::Points {
            short: goal - figure,
        },
    }
}

/// Whether the file's period is over by its own data: some report is
/// dated on or after the period end (never the build clock).
pub fn period_closed(file: &ProgressFile) -> bool {
    file.targets
        .iter()
        .flat_map(|t| t.reports.iter())
        .any(|r| r.date >= file.period.end)
}

/// Whether `target` lacks its final figure in a closed period: its latest
/// report (if any) is older than the period end.
pub fn final_missing(file: &ProgressFile, target: &Target) -> bool {
    period_closed(file)
        && target
            .reports
            .last()
            .is_none_or(|r| r.date < file.period.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn file(targets: &str) -> ProgressFile {
        let text = format!(
            "title: A\nperiod: {{start: 2024-01-01, end: 2024-12-31}}\ntargets:\n{targets}"
        );
        super::super::parse("a", Path::new("a.yaml"), &text, &["vi", "en"])
            .into_result()
            .unwrap()
    }

    fn gap_of(target: &str) -> Gap {
        gap(&file(target).targets[0])
    }

    #[test]
    fn a_share_needs_the_smallest_count_that_satisfies() {
        // 34 of 40 is exactly 85%: "more than 85%" needs 35.
        assert_eq!(
            gap_of(
                "  - {id: a, title: A, measure: percent, comparator: more-than, target: 85, reports: [{date: 2024-12-31, count: 34, of: 40}]}\n"
            ),
            Gap::Share {
                more: 1,
                needed: 35,
                of: Rational::from_int(40)
            }
        );
        // At least 66.67% of 3 is 3 of 3 (2 of 3 is 66.66…%).
        assert_eq!(
            gap_of(
                "  - {id: a, title: A, measure: percent, target: 66.67, reports: [{date: 2024-06-30, count: 1, of: 3}]}\n"
            ),
            Gap::Share {
                more: 2,
                needed: 3,
                of: Rational::from_int(3)
            }
        );
    }

    #[test]
    fn counts_points_and_limits() {
        assert_eq!(
            gap_of(
                "  - {id: a, title: A, measure: count, target: 50, reports: [{date: 2024-06-30, value: 12}]}\n"
            ),
            Gap::Count {
                more: Rational::from_int(38)
            }
        );
        assert_eq!(
            gap_of(
                "  - {id: a, title: A, measure: count, comparator: more-than, target: 50, reports: [{date: 2024-06-30, value: 50}]}\n"
            ),
            Gap::Count {
                more: Rational::from_int(1)
            }
        );
        assert_eq!(
            gap_of(
                "  - {id: a, title: A, measure: percent, target: 90, reports: [{date: 2024-06-30, value: 72.4}]}\n"
            ),
            Gap::Points {
                short: Rational::new(176, 10)
            }
        );
        assert_eq!(
            gap_of(
                "  - {id: a, title: A, measure: count, comparator: at-most, target: 4, reports: [{date: 2024-12-31, value: 6}]}\n"
            ),
            Gap::Over {
                by: Rational::from_int(2),
                count: None
            }
        );
        assert_eq!(
            gap_of(
                "  - {id: a, title: A, measure: count, target: 4, reports: [{date: 2024-12-31, value: 6}]}\n"
            ),
            Gap::None
        );
    }

    #[test]
    fn a_closed_period_knows_which_final_figures_are_missing() {
        let f = file(
            "  - {id: a, title: A, measure: count, target: 5, reports: [{date: 2024-12-31, value: 6}]}\n  - {id: b, title: B, measure: count, target: 5, reports: [{date: 2024-06-30, value: 1}]}\n  - {id: c, title: C, measure: done}\n",
        );
        assert!(period_closed(&f));
        assert!(!final_missing(&f, &f.targets[0]));
        assert!(final_missing(&f, &f.targets[1]));
        assert!(final_missing(&f, &f.targets[2]));
    }
}
