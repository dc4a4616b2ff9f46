//! Slips of real documents that a build cannot call errors: a body that
//! repeats the recipients or the signature the page already prints from
//! front matter (pasted whole from Word), and a document dated before a
//! document it cites ("Thực hiện Kế hoạch số 14/KH-LĐLĐ, ngày 29/12/2023"
//! in a plan dated 24/01/2023).

use crate::content::Section;
use crate::date::Date;
use crate::error::{Diagnostics, Location};
use crate::i18n::fold;
use crate::site::Site;

pub fn run(site: &Site, diagnostics: &mut Diagnostics) {
    use rayon::prelude::*;
    // Page by page on all cores; the warnings keep the order of the pages.
    let found: Vec<Diagnostics> = site
        .pages
        .par_iter()
        .filter(|page| page.page.section == Section::Documents)
        .map(|page| {
            let page = &page.page;
            let mut found = Diagnostics::default();
            let lines: Vec<(usize, &str)> = page
                .body
                .lines()
                .enumerate()
                .map(|(i, l)| (page.body_line + i, l))
                .collect();
            repeated_blocks(page, &lines, &mut found);
            if let Some(date) = page.front.date {
                cited_after(page, date, &lines, &mut found);
            }
            found
        })
        .collect();
    for found in found {
        diagnostics.extend(found);
    }
}

/// A body line without Markdown marks, list dashes and end punctuation,
/// folded for comparing.
fn plain(line: &str) -> String {
    let text = line
        .trim()
        .trim_start_matches(['#', '-', '*', '+', '>', ' '])
        .trim_matches(['*', '_', ' '])
        .trim_end_matches([';', '.', ',', ':']);
    fold(text)
}

fn repeated_blocks(
    page: &crate::content::Page,
    lines: &[(usize, &str)],
    diagnostics: &mut Diagnostics,
) {
    if page.front.recipients.is_empty() && page.front.signer.is_none() {
        return;
    }
    let at = |line: usize| Location::new(&page.source, line, 1);
    // Folding is the costly part: each line once.
    let plains: Vec<(usize, String)> = lines.iter().map(|(n, l)| (*n, plain(l))).collect();
    let lang = &page.lang;
    if !page.front.recipients.is_empty() {
        let recipients: Vec<String> = page
            .front
            .recipients
            .iter()
            .map(|r| fold(r.get(lang, lang).trim_end_matches([';', '.'])))
            .collect();
        let heading = plains.iter().find(|(_, p)| p.starts_with("noi nhan"));
        let listed: Vec<&(usize, String)> = plains
            .iter()
            .filter(|(_, p)| recipients.contains(p))
            .collect();
        if let Some((line, _)) = heading.or(listed.first().filter(|_| listed.len() >= 2).copied()) {
            diagnostics.warn(
                at(*line),
                "the body repeats the recipients (\"Nơi nhận\") that the page already prints from `recipients:`: remove them from the body",
            );
        }
    }
    if let Some(signer) = &page.front.signer {
        let name = fold(signer.name.get(lang, lang));
        let capacity = signer.capacity.as_ref().map(|c| fold(c.get(lang, lang)));
        let repeated = plains
            .iter()
            .find(|(_, p)| !p.is_empty() && (*p == name || capacity.as_ref() == Some(p)));
        if let Some((line, _)) = repeated {
            diagnostics.warn(
                at(*line),
                format!(
                    "the body repeats the signature ({}) that the page already prints from `signer:`: remove it from the body",
                    signer.name.get(lang, lang)
                ),
            );
        }
    }
}

/// Dates written in the body after a document number: "số 14/KH-LĐLĐ,
/// ngày 29/12/2023" or "... ngày 29 tháng 12 năm 2023".
fn cited_dates(line: &str) -> Vec<(String, Date)> {
    // A citation needs a document number, `14/KH-LĐLĐ`: most lines have
    // none, and folding every word of them is most of the time of `check`.
    if !line.contains('/') {
        return Vec::new();
    }
    let words: Vec<&str> = line.split_whitespace().collect();
    let mut out = Vec::new();
    for (i, word) in words.iter().enumerate() {
        if fold(word) != "ngay" {
            continue;
        }
        // The document number just before the date: `14/KH-LĐLĐ,`.
        let Some(number) = words[i.saturating_sub(3)..i]
            .iter()
            .rev()
            .map(|w| w.trim_end_matches([',', ';', ')']))
            .find(|w| w.contains('/') && w.starts_with(|c: char| c.is_ascii_digit()))
        else {
            continue;
        };
        let after = words[i + 1..]
            .iter()
            .take(5)
            .copied()
            .collect::<Vec<_>>()
            .join(" ");
        let written_as_date = after.contains('/') || fold(&after).contains("thang");
        let numbers: Vec<u32> = after
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty())
            .take(3)
            .filter_map(|s| s.parse().ok())
            .collect();
        if let [d, m, y] = numbers.as_slice()
            && written_as_date
            && let Some(date) = i32::try_from(*y).ok().and_then(|y| Date::new(y, *m, *d))
        {
            out.push((number.to_string(), date));
        }
    }
    out
}

fn cited_after(
    page: &crate::content::Page,
    date: Date,
    lines: &[(usize, &str)],
    diagnostics: &mut Diagnostics,
) {
    for (line, text) in lines {
        for (number, cited) in cited_dates(text) {
            if cited > date {
                diagnostics.warn(
                    Location::new(&page.source, *line, 1),
                    format!(
                        "this document is dated {date}, but cites {number} of {cited}, which is later: check `date:`"
                    ),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn citations_are_read_in_both_ways_of_writing_dates() {
        let found =
            cited_dates("Thực hiện Kế hoạch số 14/KH-LĐLĐ, ngày 29/12/2023 của Ban Thường vụ");
        assert_eq!(
            found,
            [("14/KH-LĐLĐ".to_string(), Date::new(2023, 12, 29).unwrap())]
        );
        let found = cited_dates("Căn cứ Nghị quyết số 02-NQ/TU ngày 05 tháng 01 năm 2024");
        assert_eq!(found.len(), 1);
        assert!(cited_dates("Hội nghị diễn ra trong ngày 15/3").is_empty());
        assert!(cited_dates("ngày 29/12/2023 không có số văn bản").is_empty());
    }
}
