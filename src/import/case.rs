//! Upper-case text of a document written in normal case. Headers, part
//! titles and the signature block of an official document are set in
//! capitals; the site writes "Liên đoàn Lao động huyện Phong Thổ" and
//! "Mục tiêu cụ thể". Names of bodies and titles follow the official
//! spelling from a short table; abbreviations (LĐLĐ, THCS, UBND) stay as
//! they are.

use unicode_normalization::UnicodeNormalization;

/// Names whose capitals are fixed by usage, longest first where one
/// starts another.
const PHRASES: &[&str] = &[
    "Mặt trận Tổ quốc Việt Nam",
    "Liên đoàn Lao động",
    "Công đoàn cơ sở",
    "Công đoàn ngành",
    "Công đoàn",
    "Ban Thường vụ",
    "Ban Chấp hành",
    "Ban Chỉ đạo",
    "Ban Dân vận",
    "Ban Tuyên giáo",
    "Ban Nữ công",
    "Ban Tổ chức",
    "Ban Kiểm tra",
    "Thường trực",
    "Ủy ban nhân dân",
    "Uỷ ban nhân dân",
    "Hội đồng nhân dân",
    "Hội Liên hiệp Phụ nữ",
    "Đoàn Thanh niên",
    "Huyện ủy",
    "Huyện uỷ",
    "Tỉnh ủy",
    "Tỉnh uỷ",
    "Đảng ủy",
    "Đảng uỷ",
    "Phó Chủ tịch",
    "Chủ tịch",
    "Phó Trưởng ban",
    "Trưởng ban",
    "Phó Giám đốc",
    "Giám đốc",
    "Phó Bí thư",
    "Bí thư",
    "Hiệu trưởng",
    "Chánh Văn phòng",
    "Văn phòng",
    "Nhà nước",
    "Việt Nam",
    "Hồ Chí Minh",
    "Dân vận khéo",
    "Đảng",
];

/// Words after which a place name follows: the word stays lower case, the
/// name gets capitals ("huyện Phong Thổ"). "Trường" takes a capital itself.
const PLACE_WORDS: &[&str] = &[
    "thành phố",
    "thị xã",
    "thị trấn",
    "tỉnh",
    "huyện",
    "quận",
    "xã",
    "phường",
    "bản",
    "trường",
];

/// Whether `text` names a place ("HUYỆN PHONG THỔ") at its start, or
/// anywhere.
pub fn place_word_at(text: &str, anywhere: bool) -> bool {
    let lower: Vec<String> = text.split_whitespace().map(str::to_lowercase).collect();
    (0..lower.len())
        .take(if anywhere { lower.len() } else { 1 })
        .any(|i| place_at(&lower[i..]).is_some())
}

/// A name of a body or a title from capitals: phrases from the table,
/// place names after their place word, other words lower case, the first
/// letter upper case. "LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHONG THỔ" → "Liên đoàn
/// Lao động huyện Phong Thổ"; "TM. BAN THƯỜNG VỤ" → "TM. Ban Thường vụ".
pub fn name_case(text: &str) -> String {
    if super::english::is_english(text) {
        return super::english::name_case(text);
    }
    convert(text, true)
}

/// A heading from capitals: "MỤC TIÊU CỤ THỂ" → "Mục tiêu cụ thể", with
/// the phrases of the table ("CÔNG ĐOÀN" → "Công đoàn") and abbreviations
/// kept.
pub fn sentence_case(text: &str) -> String {
    if super::english::is_english(text) {
        return super::english::sentence_case(text);
    }
    convert(text, false)
}

fn convert(text: &str, places: bool) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if let Some((phrase, n)) = phrase_at(&lower[i..]) {
            out.extend(phrase.split(' ').map(str::to_string));
            i += n;
            continue;
        }
        if places && let Some(n) = place_at(&lower[i..]) {
            let place_word = lower[i..i + n].join(" ");
            out.push(if place_word == "trường" {
                "Trường".to_string()
            } else {
                place_word
            });
            out.extend(words[i + n..].iter().map(|w| title_word(w)));
            break;
        }
        out.push(plain_word(words[i]));
        i += 1;
    }
    capitalise_first(&out.join(" "))
}

fn phrase_at(lower: &[String]) -> Option<(&'static str, usize)> {
    PHRASES.iter().find_map(|p| {
        let n = p.split(' ').count();
        let wanted = p.to_lowercase();
        (lower.len() >= n && lower[..n].join(" ") == wanted).then_some((*p, n))
    })
}

fn place_at(lower: &[String]) -> Option<usize> {
    PLACE_WORDS.iter().find_map(|p| {
        let n = p.split(' ').count();
        // A place word needs a name after it.
        (lower.len() > n && lower[..n].join(" ") == *p).then_some(n)
    })
}

/// One word in lower case unless it is an abbreviation or a code.
fn plain_word(word: &str) -> String {
    if keeps_capitals(word) {
        word.to_string()
    } else {
        word.to_lowercase()
    }
}

fn title_word(word: &str) -> String {
    if keeps_capitals(word) {
        return word.to_string();
    }
    capitalise_first(&word.to_lowercase())
}

pub fn capitalise_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text with its first letter in lower case, unless the first word is
/// an abbreviation or a name of the table.
pub fn lower_first(text: &str) -> String {
    let first = text.split_whitespace().next().unwrap_or("");
    let lower: Vec<String> = text
        .split_whitespace()
        .take(4)
        .map(str::to_lowercase)
        .collect();
    if keeps_capitals(first) || phrase_at(&lower).is_some() {
        return text.to_string();
    }
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An abbreviation (LĐLĐ, UBND, THCS), a code (04/KH, XIV) or a word with
/// digits keeps its capitals: it is not a Vietnamese syllable.
pub fn keeps_capitals(word: &str) -> bool {
    let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
    if !letters.is_empty() && letters.chars().all(|c| "IVXLC".contains(c)) && letters.len() > 1 {
        return true;
    }
    if letters.chars().count() < 2 || word.chars().any(|c| c.is_ascii_digit() || c == '/') {
        return word.chars().any(|c| c.is_ascii_digit() || c == '/');
    }
    if word.chars().any(|c| c.is_lowercase()) {
        return false;
    }
    !is_syllable(&letters.to_lowercase())
}

/// Whether `word` (lower case) has the shape of a Vietnamese syllable: an
/// initial consonant cluster, vowels together, a final from the short
/// list. "ubnd" and "lđlđ" are not.
fn is_syllable(word: &str) -> bool {
    const INITIALS: &[&str] = &[
        "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l", "m", "n", "ng", "ngh",
        "nh", "p", "ph", "q", "r", "s", "t", "th", "tr", "v", "x",
    ];
    const FINALS: &[&str] = &["", "c", "ch", "m", "n", "ng", "nh", "p", "t"];
    let base: String = word
        .nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect();
    let is_vowel = |c: char| "aeiouy".contains(c);
    let Some(first) = base.find(is_vowel) else {
        return false;
    };
    let after_vowels = base[first..]
        .find(|c: char| !is_vowel(c))
        .map_or(base.len(), |i| first + i);
    INITIALS.contains(&&base[..first])
        && FINALS.contains(&&base[after_vowels..])
        && base[first..after_vowels].chars().count() <= 3
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_of_bodies_get_their_capitals() {
        assert_eq!(
            name_case("LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHONG THỔ"),
            "Liên đoàn Lao động huyện Phong Thổ"
        );
        assert_eq!(
            name_case("LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU"),
            "Liên đoàn Lao động tỉnh Lai Châu"
        );
        assert_eq!(
            name_case("CÔNG ĐOÀN CƠ SỞ TRƯỜNG THCS MƯỜNG SO"),
            "Công đoàn cơ sở Trường THCS Mường So"
        );
        assert_eq!(name_case("TM. BAN THƯỜNG VỤ"), "TM. Ban Thường vụ");
        assert_eq!(name_case("PHÓ CHỦ TỊCH"), "Phó Chủ tịch");
        assert_eq!(
            name_case("ỦY BAN NHÂN DÂN HUYỆN PHONG THỔ"),
            "Ủy ban nhân dân huyện Phong Thổ"
        );
    }

    #[test]
    fn headings_become_sentences_keeping_abbreviations() {
        assert_eq!(sentence_case("MỤC TIÊU CỤ THỂ"), "Mục tiêu cụ thể");
        assert_eq!(
            sentence_case("PHÁT TRIỂN KINH TẾ - XÃ HỘI CỦA CNVCLĐ"),
            "Phát triển kinh tế - xã hội của CNVCLĐ"
        );
        assert_eq!(
            sentence_case("CỦNG CỐ UBND VÀ CÔNG ĐOÀN"),
            "Củng cố UBND và Công đoàn"
        );
        assert_eq!(
            lower_first("Công tác dân vận năm 2024"),
            "công tác dân vận năm 2024"
        );
        assert_eq!(lower_first("LĐLĐ huyện"), "LĐLĐ huyện");
    }
}
