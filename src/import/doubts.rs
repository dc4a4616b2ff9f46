//! What the importer doubts about a document: fields it could not find,
//! and a date that does not fit the text (a plan for a later year, a cited
//! document dated after it, a digital signature long after it). Each is
//! reported with the line it came from; the text is kept as written.

use super::{Doubt, header, text, write};
use crate::date::Date;

pub fn missing_fields(fields: &header::Fields, doubts: &mut Vec<Doubt>) {
    let checks = [
        (fields.number.is_none(), "no number (\"Số: ...\") found"),
        (
            fields.doc_type.is_none(),
            "no type-name line (KẾ HOẠCH, BÁO CÁO ...) found: `type:` left out",
        ),
        (
            fields.title.is_none(),
            "no title found: the file name is used",
        ),
        (
            fields.issuer.is_none(),
            "no issuing body found in the header",
        ),
        (fields.place.is_none(), "no place and date line found"),
        (fields.signer_name.is_none(), "no signer's name found"),
        (
            fields.recipients.is_empty(),
            "no recipients (\"Nơi nhận:\") found",
        ),
    ];
    if let (Some(name), None) = (&fields.signer_name, &fields.signer_position) {
        doubts.push(Doubt::missing(format!(
            "no position (such as CHỦ TỊCH) above the signer's name {name}: `signer:` is left out, add it by hand"
        )));
    }
    for (missing, message) in checks {
        if missing {
            doubts.push(Doubt::missing(message));
        }
    }
}

/// The dates of digital-signature stamps, with their lines.
pub fn stamp_dates(text: &str) -> Vec<(usize, Date)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| {
            let l = l.trim();
            (text::is_stamp(l) && l.len() >= 10)
                .then(|| Date::parse(l.get(..10)?).ok())
                .flatten()
                .map(|d| (i + 1, d))
        })
        .collect()
}

/// A date that does not fit the text: the plan is for a later year, the
/// text cites a later document, the signature is much later.
pub fn date_doubts(
    fields: &header::Fields,
    date: Date,
    title: &str,
    body: &[text::Block],
    stamps: &[(usize, Date)],
    counts: &str,
    doubts: &mut Vec<Doubt>,
) {
    let mut reasons = Vec::new();
    if let Some((start, _)) = write::period(title, None)
        && start > date.year
    {
        reasons.push(format!("it plans for {start}"));
    }
    let cited = body.iter().find_map(|b| match b {
        text::Block::Para(p) => cited_after(&p.text, date).map(|d| (p.line, d)),
        _ => None,
    });
    if let Some((line, d)) = cited {
        reasons.push(format!(
            "it cites a document of {:02}/{:02}/{} ({counts} {line})",
            d.day, d.month, d.year
        ));
    }
    if let Some((line, d)) = stamps.first()
        && (*d < date || d.days_since_epoch() - date.days_since_epoch() > 60)
    {
        reasons.push(format!("it was signed digitally on {d} (line {line})"));
    }
    if !reasons.is_empty() {
        let (line, source) = fields.date_line.clone().unwrap_or_default();
        doubts.push(Doubt::at(
            line,
            source,
            format!(
                "the date {date} does not fit the text: {}; kept as written, check the original",
                reasons.join(", ")
            ),
        ));
    }
}

/// The date of a document cited in `text` ("Kế hoạch số 14/KH-LĐLĐ, ngày
/// 29/12/2023") when it is later than `date`; a deadline ("trước ngày
/// 31/5/2024") is no citation.
fn cited_after(text: &str, date: Date) -> Option<Date> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.iter().enumerate().find_map(|(k, w)| {
        if *w != "ngày" {
            return None;
        }
        let code = |w: &&str| w.contains('/') && w.chars().any(char::is_alphabetic);
        if !words[k.saturating_sub(3)..k].iter().any(code) {
            return None;
        }
        let d = header::written_date(&words[k..].join(" "))?;
        (d > date).then_some(d)
    })
}
