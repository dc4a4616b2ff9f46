//! A unit's answer to a target, and what a cell (of a sheet, or a value
//! of a unit's YAML file) says for each kind of target: a number for a
//! `sum`, yes/no or a word for a `share`, a count and a whole for a
//! `ratio`. Finding the files and cells is [`super::read`]'s.

use super::rollup::Rule;
use super::sheet::Raw;
use crate::date::Date;
use crate::error::Location;
use crate::number::{Number, Rational};
use crate::progress::{Measure, Target};
use crate::yaml;
use std::collections::BTreeMap;

/// One unit's answer to one target.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// A figure of a `sum` target: the unit's running total.
    Number(Number),
    /// Yes or no, for a `share` target counting yeses.
    Yes(bool),
    /// A word such as `Tốt`, for a `share` target whose `counts:` are words.
    Word { slug: String, written: String },
    /// A part of a whole, for a `ratio` target.
    Ratio { count: Number, of: Number },
}

/// An answer, its unit, date and place.
#[derive(Debug, Clone)]
pub struct UnitAnswer {
    pub unit: String,
    pub date: Date,
    pub answer: Answer,
    pub location: Location,
}

/// Answers by progress file id, then target id.
pub type Answers = BTreeMap<String, BTreeMap<String, Vec<UnitAnswer>>>;

/// `true`/`false` as a spreadsheet holds them: also có/không, yes/no and
/// `x` for a ticked box.
pub fn yes_no(text: &str) -> Option<bool> {
    let t = crate::i18n::nfc(text.trim()).to_lowercase();
    match t.as_str() {
        "x" => Some(true),
        _ => yaml::yes_no(&t),
    }
}

/// What a cell says for `target`, or why it cannot say it; `None` for an
/// empty cell (no answer).
pub fn interpret(
    raw: &Raw,
    target: &Target,
    rule: Rule,
    counts: Option<&[String]>,
) -> Result<Option<Answer>, String> {
    let id = &target.id;
    let whole = |n: Number, what: &str| -> Result<Number, String> {
        if !n.is_integer() {
            return Err(format!(
                "{what} counts whole things, but {} is not a whole number: write counts without a thousands separator, e.g. 1520",
                n.as_f64()
            ));
        }
        if n.to_rational().is_negative() {
            return Err(format!(
                "the figure {} is negative: figures cannot be below zero",
                n.as_f64()
            ));
        }
        Ok(n)
    };
    let figure = |raw: &Raw, what: &str| -> Result<Option<Number>, String> {
        match raw {
            Raw::Empty => Ok(None),
            Raw::Number(n) => whole(*n, what).map(Some),
            Raw::Text(t) => match yaml::figure(t) {
                Ok(n) => whole(n, what).map(Some),
                // The same rule as in YAML, said for a cell.
                Err(m) => Err(m
                    .to_string()
                    .replace("numbers in YAML have", "figures have")),
            },
            Raw::Bool(_) => Err(format!(
                "{what} is a number, not yes/no: write how many, e.g. 3"
            )),
            Raw::Ratio(..) => Err(format!(
                "{what} is one number, not `count` and `of`: write how many, e.g. 3"
            )),
            Raw::Other(what_it_is) => Err(format!(
                "this cell holds {what_it_is}, but {what} is a number: type the figure, e.g. 3"
            )),
        }
    };
    match rule {
        Rule::Sum => figure(raw, &format!("`{id}`")).map(|n| n.map(Answer::Number)),
        Rule::Ratio => {
            let (count, of) = match raw {
                Raw::Ratio(c, o) => (c.as_ref(), o.as_ref()),
                Raw::Empty => return Ok(None),
                _ => {
                    return Err(format!(
                        "`{id}` is a part of a whole: give `{{count: 3, of: 4}}` (in a spreadsheet, the columns `{id}` and `{id}.of`)"
                    ));
                }
            };
            let count = figure(count, &format!("the count of `{id}`"))?;
            let of = figure(of, &format!("`{id}.of`"))?;
            match (count, of) {
                (None, None) => Ok(None),
                (Some(_), None) => Err(format!(
                    "the count of `{id}` is given without its whole: give `of` too (in a spreadsheet, the column `{id}.of`)"
                )),
                (None, Some(_)) => Err(format!(
                    "the whole of `{id}` is given without the count: give `count` too, 0 if none (in a spreadsheet, the column `{id}`)"
                )),
                (Some(c), Some(o)) if c.to_rational() > o.to_rational() => Err(format!(
                    "the count ({}) is greater than `of` ({}): a part cannot exceed the whole",
                    c.as_f64(),
                    o.as_f64()
                )),
                (Some(count), Some(of)) => Ok(Some(Answer::Ratio { count, of })),
            }
        }
        Rule::Share => match (raw, counts) {
            (Raw::Empty, _) => Ok(None),
            (Raw::Bool(b), None) => Ok(Some(Answer::Yes(*b))),
            (Raw::Text(t), None) => match yes_no(t) {
                Some(b) => Ok(Some(Answer::Yes(b))),
                None => Err(format!(
                    "`{id}` is answered yes or no: write `có` or `không` (or `x` for yes); found `{}`",
                    crate::suggest::shorten(t)
                )),
            },
            (Raw::Text(t), Some(_)) => Ok(Some(Answer::Word {
                slug: crate::i18n::slugify(t),
                written: t.clone(),
            })),
            (_, Some(words)) => Err(format!(
                "`{id}` is answered with a word such as {}: write it as text",
                words
                    .iter()
                    .map(|w| format!("`{w}`"))
                    .collect::<Vec<_>>()
                    .join(" or ")
            )),
            (Raw::Other(what), None) => Err(format!(
                "this cell holds {what}, but `{id}` is answered yes or no: write `có` or `không`"
            )),
            (_, None) => Err(format!(
                "`{id}` is answered yes or no, not with a number: write `có` or `không` (or `x` for yes)"
            )),
        },
    }
}

/// The figure of an answer on the scale of a sum: the number itself.
pub fn amount(answer: &Answer) -> Rational {
    match answer {
        Answer::Number(n) => n.to_rational(),
        _ => Rational::from_int(0),
    }
}

/// Whether a target's measure suits its rule: `sum` counts, `share` and
/// `ratio` are percentages.
pub fn suits(rule: Rule, measure: Measure) -> bool {
    matches!(
        (rule, measure),
        (Rule::Sum, Measure::Count) | (Rule::Share | Rule::Ratio, Measure::Percent)
    )
}
