//! "Did you mean ...?": the known word closest to what an editor typed,
//! for misspelt keys, values, languages, ids and anchors. One rule for all
//! of them, so every suggestion in danvan is made the same way.

/// The known word closest to `word`, if it is close enough to be a typo
/// or a shortened form (`ket-nap-dv` for `ket-nap-doan-vien`).
pub fn closest<'a, S: AsRef<str>>(word: &str, known: &'a [S]) -> Option<&'a str> {
    // No typo is that long, and edit distance is quadratic.
    if word.len() > 80 {
        return None;
    }
    known
        .iter()
        .map(AsRef::as_ref)
        .filter(|k| {
            let edits = strsim::damerau_levenshtein(word, k);
            edits <= 2.max(k.len() / 3) || strsim::jaro_winkler(word, k) >= 0.88
        })
        .max_by(|a, b| {
            strsim::jaro_winkler(word, a)
                .total_cmp(&strsim::jaro_winkler(word, b))
                .then_with(|| b.cmp(a))
        })
}

/// `text` cut to a length fit to quote in a message.
pub fn shorten(text: &str) -> String {
    const MAX: usize = 60;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let cut: String = text.chars().take(MAX).collect();
    format!("{cut}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typos_and_short_forms_find_their_word() {
        let keys = ["title", "summary", "status"];
        assert_eq!(closest("titel", &keys), Some("title"));
        assert_eq!(closest("sumary", &keys), Some("summary"));
        assert_eq!(closest("zzz", &keys), None);
        let ids = ["ket-nap-doan-vien", "cdcs-hoan-thanh-tot"];
        assert_eq!(closest("ket-nap-dv", &ids), Some("ket-nap-doan-vien"));
    }
}
