//! Where a target stands, decided from the data alone, as of the date of
//! its latest report (never the build clock), with exact arithmetic.

use super::{Comparator, Measure, Period, Target};
use crate::date::Date;
use crate::number::Rational;
use serde::Serialize;

/// The status of a target (SPEC §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    NoData,
    Achieved,
    OnTrack,
    Behind,
    Missed,
}

impl Status {
    pub fn slug(self) -> &'static str {
        match self {
            Status::NoData => "no-data",
            Status::Achieved => "achieved",
            Status::OnTrack => "on-track",
            Status::Behind => "behind",
            Status::Missed => "missed",
        }
    }
}

/// A report's figure on the target's scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Figure {
    /// A count, or a percentage on the 0–100 scale.
    Amount(Rational),
    /// A yes/no milestone.
    Done(bool),
}

/// Whether `figure` satisfies `comparator` against `target`.
pub fn satisfies(figure: Rational, comparator: Comparator, target: Rational) -> bool {
    match comparator {
        Comparator::AtLeast => figure >= target,
        Comparator::MoreThan => figure > target,
        Comparator::Exactly => figure == target,
        Comparator::AtMost => figure <= target,
    }
}

/// The status of `target` in `period`, as of its latest report.
pub fn status(target: &Target, period: &Period) -> Status {
    let Some(latest) = target.reports.last() else {
        return Status::NoData;
    };
    let ended = latest.date >= period.end;
    let (figure, goal) = match (latest.figure, target.goal) {
        (Figure::Done(done), _) => {
            return match (done, ended) {
                (true, _) => Status::Achieved,
                (false, true) => Status::Missed,
                (false, false) => Status::Behind,
            };
        }
        (Figure::Amount(figure), Some(goal)) => (figure, goal),
        (Figure::Amount(_), None) => return Status::NoData,
    };
    let satisfied = satisfies(figure, target.comparator, goal);
    match (satisfied, ended, target.comparator) {
        (true, false, Comparator::AtMost) => Status::OnTrack,
        (true, _, _) => Status::Achieved,
        (false, true, _) => Status::Missed,
        (false, false, Comparator::AtLeast | Comparator::MoreThan)
            if target.measure == Measure::Count =>
        {
            let expected = straight_line(target.baseline, goal, period, latest.date);
            if figure >= expected {
                Status::OnTrack
            } else {
                Status::Behind
            }
        }
        (false, false, _) => Status::Behind,
    }
}

/// The figure expected on `date` on the straight line from the baseline at
/// the period start to the target at the period end.
fn straight_line(baseline: Rational, goal: Rational, period: &Period, date: Date) -> Rational {
    let total = period.end.days_since_epoch() - period.start.days_since_epoch();
    let elapsed =
        (date.days_since_epoch() - period.start.days_since_epoch()).clamp(0, total.max(0));
    if total <= 0 {
        return goal;
    }
    let share = Rational::new(i128::from(elapsed), i128::from(total));
    baseline + (goal - baseline) * share
}
