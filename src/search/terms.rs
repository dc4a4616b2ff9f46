//! How text becomes search terms: the words of a text, their folded key
//! and exact form, the pairs of words that stand next to each other, and
//! the key of a document number. The page's script
//! (`themes/default/static/search.js`) reads queries the same way; both
//! are tested against `tests/fold_cases.json`.

pub use crate::i18n::fold;
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// The five Vietnamese tone marks: huyền, sắc, ngã, hỏi, nặng.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The lower-cased words of `text`, as the script splits them: runs of
/// letters, marks and digits.
pub fn words(text: &str) -> Vec<Cow<'_, str>> {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        // Most words are lower case already: borrow them. One character
        // at a time, as the script and `fold` do (no final sigma).
        .map(|w| {
            if w.chars().any(char::is_uppercase) {
                Cow::Owned(w.chars().flat_map(char::to_lowercase).collect())
            } else {
                Cow::Borrowed(w)
            }
        })
        .collect()
}

/// How many words [`words`] finds in `text`, without making them.
pub fn word_count(text: &str) -> usize {
    text.split(|c: char| !is_word_char(c))
        .filter(|w| !w.is_empty())
        .count()
}

fn is_word_char(c: char) -> bool {
    match c {
        '\0'..='\x7f' => c.is_ascii_alphanumeric(),
        // Latin-1 letters and Latin Extended-A and -B, all letters but
        // × and ÷; Latin Extended Additional, where Vietnamese's
        // precomposed letters are, all letters: no table to look up.
        '\u{c0}'..='\u{24f}' => c != '×' && c != '÷',
        '\u{1e00}'..='\u{1eff}' => true,
        _ => c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c),
    }
}

/// The pieces of `text` a phrase does not run across: sentences, ended by
/// `.`, `!`, `?`, `…` or `;` before a space or the end, as the script's
/// snippets cut them. A dot inside a word or number ("1.452", "TP.HCM")
/// and a comma do not end one: "giỏi việc nước, đảm việc nhà" is one.
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    let ends = |c: char| matches!(c, '.' | '!' | '?' | '…' | ';');
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if ends(c) && chars.peek().is_none_or(|(_, next)| next.is_whitespace()) {
                let cut = i + c.len_utf8();
                let (sentence, after) = rest.split_at(cut);
                rest = after;
                return Some(sentence);
            }
        }
        Some(std::mem::take(&mut rest))
    })
}

/// A word as typed, lower case, with its tone marks moved to the end
/// (decomposed): "Hòa" and "hoà" give the same key, "Đảng" and "đang" do
/// not.
pub fn exact_key(word: &str) -> String {
    let mut tones: Vec<char> = Vec::new();
    let mut key = String::with_capacity(word.len() + 4);
    for c in word.nfd() {
        if TONES.contains(&c) {
            tones.push(c);
        } else {
            key.extend(c.to_lowercase());
        }
    }
    tones.sort_unstable();
    key.extend(tones);
    key
}

/// The exact form a word is indexed under beside its folded key: its
/// [`exact_key`] when it has marks or đ, else empty (the folded key says
/// it all).
pub fn form(word: &str, folded: &str) -> String {
    let exact = exact_key(word);
    if exact == folded {
        String::new()
    } else {
        exact
    }
}

/// The key of two words side by side: both folded, run together, then a
/// space and where the first ends, in characters: "công đoàn" →
/// `congdoan 4`. Keys of pairs so sort beside the run-together word, and
/// "congdoan" typed as one word finds "công đoàn".
pub fn pair_key(first: &str, second: &str) -> String {
    format!("{first}{second} {}", first.chars().count())
}

/// The key of a document number, typed any way: "04/KH-LĐLĐ", "04 kh
/// ldld" → `#04khldld`.
pub fn number_key(number: &str) -> String {
    let mut key = String::from("#");
    for w in words(&fold(number)) {
        key.push_str(&w);
    }
    key
}

/// Whether a query is a number worth pinning: digits and more than two
/// characters.
pub fn is_number_key(key: &str) -> bool {
    key.chars().count() > 3 && key.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_ranges_of_word_characters_agree_with_unicode() {
        let ranges = ['\0'..='\u{2ff}', '\u{1e00}'..='\u{1eff}'];
        for c in ranges.into_iter().flatten() {
            let unicode = c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c);
            assert_eq!(is_word_char(c), unicode, "{c:?} U+{:04X}", c as u32);
        }
    }

    #[test]
    fn word_count_counts_what_words_finds() {
        let text = "Kết nạp 1.452 đoàn viên — “Dân vận khéo”, năm 2024!";
        assert_eq!(word_count(text), words(text).len());
        assert_eq!(word_count(""), 0);
    }

    #[test]
    fn words_split_like_the_script() {
        assert_eq!(
            words("Số: 04/KH-LĐLĐ, “Dân vận khéo”"),
            ["số", "04", "kh", "lđlđ", "dân", "vận", "khéo"]
        );
    }

    #[test]
    fn exact_keys_tell_tones_apart_but_not_where_they_are_written() {
        assert_eq!(exact_key("Hòa"), exact_key("hoà"));
        assert_eq!(exact_key("thuỷ"), exact_key("Thủy"));
        assert_ne!(exact_key("Đảng"), exact_key("đang"));
        assert_ne!(exact_key("đang"), exact_key("dạng"));
        assert_eq!(exact_key("D\u{61}\u{302}n"), exact_key("dân"));
        assert_eq!(form("dang", "dang"), "");
        assert_eq!(form("Đang", "dang"), "đang");
    }

    #[test]
    fn pairs_and_numbers_have_keys_of_their_own() {
        assert_eq!(pair_key("cong", "doan"), "congdoan 4");
        assert_eq!(number_key("04/KH-LĐLĐ"), "#04khldld");
        assert_eq!(number_key("04 kh ldld"), "#04khldld");
        assert!(is_number_key("#04khldld"));
        assert!(!is_number_key("#04"));
        assert!(!is_number_key("#khldld"));
    }

    #[test]
    fn a_comma_or_a_dot_inside_a_number_does_not_end_a_phrase() {
        let parts: Vec<&str> = sentences("Giỏi việc nước, đảm việc nhà. Tôn giáo; hết").collect();
        assert_eq!(
            parts,
            ["Giỏi việc nước, đảm việc nhà.", " Tôn giáo;", " hết"]
        );
        let parts: Vec<&str> = sentences("Có 1.452 đoàn viên ở TP.HCM. Hết.").collect();
        assert_eq!(parts, ["Có 1.452 đoàn viên ở TP.HCM.", " Hết."]);
        assert_eq!(sentences("").count(), 0);
    }

    #[test]
    fn words_are_lower_cased_one_character_at_a_time() {
        assert_eq!(words("ΟΔΟΣ"), ["οδοσ"]);
    }
}
