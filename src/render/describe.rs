//! The sentences that describe a generated page in `<meta name=description>`
//! and on its share card, built from what the page shows: "Kho văn bản:
//! 7 văn bản, 2021–2025", "Chỉ tiêu năm 2024: 3 đạt, 1 chậm".

use super::Renderer;
use super::progress::STATUSES;
use crate::archive::Entry;
use crate::i18n;
use crate::progress::ProgressFile;
use crate::progress::status::Status;

impl Renderer<'_> {
    /// "Kho văn bản: 7 văn bản, 2021–2025" for a listing of documents or
    /// stories.
    pub(super) fn listing_description(
        &self,
        lang: &str,
        heading: &str,
        entries: &[Entry],
        documents: bool,
    ) -> String {
        let key = if documents {
            "describe_documents"
        } else {
            "describe_stories"
        };
        let mut sentence = i18n::fill(&self.t(lang, key), "n", &entries.len().to_string());
        let years: Vec<i32> = entries
            .iter()
            .filter_map(|e| e.page.page.front.date.map(|d| d.year))
            .collect();
        if let (Some(first), Some(last)) = (years.iter().min(), years.iter().max()) {
            if first == last {
                sentence.push_str(&format!(", {first}"));
            } else {
                sentence.push_str(&format!(", {first}–{last}"));
            }
        }
        format!("{heading}: {sentence}")
    }

    /// The headline figures of progress files: the sentence ("3 đạt, 1
    /// chậm"), and the bar of the card (the share of targets achieved,
    /// with its words).
    pub(super) fn progress_headline(
        &self,
        lang: &str,
        heading: &str,
        files: &[&ProgressFile],
    ) -> (String, Option<(f64, String)>) {
        let statuses: Vec<Status> = files
            .iter()
            .flat_map(|f| f.targets.iter().map(|t| t.status))
            .collect();
        if statuses.is_empty() {
            return (heading.to_string(), None);
        }
        let counts: Vec<String> = STATUSES
            .iter()
            .map(|s| (s, statuses.iter().filter(|t| *t == s).count()))
            .filter(|(_, n)| *n > 0)
            .map(|(s, n)| {
                let key = format!("progress_count_{}", s.slug().replace('-', "_"));
                i18n::fill(&self.t(lang, &key), "n", &n.to_string())
            })
            .collect();
        let done = statuses.iter().filter(|s| **s == Status::Achieved).count();
        let words = i18n::fill(
            &i18n::fill(
                &self.t(lang, "describe_achieved"),
                "done",
                &done.to_string(),
            ),
            "all",
            &statuses.len().to_string(),
        );
        let fraction = done as f64 / statuses.len() as f64;
        (
            format!("{heading}: {}", counts.join(", ")),
            Some((fraction, words)),
        )
    }
}
