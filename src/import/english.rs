//! The English forms of the official layout, for originals written in
//! English (`--lang en`): "No.: 04/KH-LĐLĐ", "SOCIALIST REPUBLIC OF VIET
//! NAM", "Phong Tho, 24 January 2024", "PLAN", "Recipients:", "ON BEHALF
//! OF THE STANDING COMMITTEE", and English capitals written in normal
//! case. Text with Vietnamese letters keeps the Vietnamese rules.

use crate::date::Date;

/// The English type names, with their slugs.
pub const TYPES: &[(&str, &str)] = &[
    ("PLAN", "ke-hoach"),
    ("REPORT", "bao-cao"),
    ("RESOLUTION", "nghi-quyet"),
    ("DECISION", "quyet-dinh"),
    ("DIRECTIVE", "chi-thi"),
    ("GUIDANCE", "huong-dan"),
    ("GUIDELINES", "huong-dan"),
    ("NOTICE", "thong-bao"),
    ("ANNOUNCEMENT", "thong-bao"),
    ("PROGRAMME", "chuong-trinh"),
    ("PROGRAM", "chuong-trinh"),
    ("REGULATION", "quy-che"),
    ("RULES", "quy-dinh"),
    ("SUBMISSION", "to-trinh"),
    ("MINUTES", "bien-ban"),
    ("INVITATION", "giay-moi"),
];

/// The national motto in English, removed from header lines.
pub const MOTTO: [&str; 2] = [
    "SOCIALIST REPUBLIC OF VIET NAM",
    "INDEPENDENCE - FREEDOM - HAPPINESS",
];

/// Openings of the recipients' list.
pub const RECIPIENTS: [&str; 2] = ["Recipients", "To:"];

/// Openings of a signer's capacity line (TM., KT., TL. in Vietnamese).
pub const CAPACITIES: [&str; 3] = ["ON BEHALF OF ", "P.P. ", "FOR THE "];

/// Text without a letter only Vietnamese writes: read by English rules.
pub fn is_english(text: &str) -> bool {
    let plain = |c: char| c.is_ascii() || !c.is_alphabetic();
    text.chars().all(plain)
}

/// "PHONG THO DISTRICT LABOUR FEDERATION" → "Phong Tho District Labour
/// Federation": every word capitalised but the small ones.
pub fn name_case(text: &str) -> String {
    const SMALL: &[&str] = &["of", "and", "the", "for", "in", "on", "to", "a", "an"];
    let words: Vec<String> = text
        .split_whitespace()
        .enumerate()
        .map(|(i, w)| {
            let lower = w.to_lowercase();
            if acronym(w) {
                w.to_string()
            } else if i > 0 && SMALL.contains(&lower.as_str()) {
                lower
            } else {
                super::case::capitalise_first(&lower)
            }
        })
        .collect();
    words.join(" ")
}

/// "PURPOSE AND REQUIREMENTS" → "Purpose and requirements".
pub fn sentence_case(text: &str) -> String {
    let words: Vec<String> = text
        .split_whitespace()
        .map(|w| {
            if acronym(w) {
                w.to_string()
            } else {
                w.to_lowercase()
            }
        })
        .collect();
    let text = words.join(" ").replace("viet nam", "Viet Nam");
    super::case::capitalise_first(&text)
}

/// An acronym or code: no vowel (CNVCL), digits or a slash (04/KH).
fn acronym(word: &str) -> bool {
    let letters: String = word.chars().filter(|c| c.is_alphabetic()).collect();
    word.chars().any(|c| c.is_ascii_digit() || c == '/')
        || (letters.len() >= 2
            && !letters
                .to_lowercase()
                .contains(['a', 'e', 'i', 'o', 'u', 'y']))
}

/// "Phong Tho, 24 January 2024" or "Phong Tho, January 24, 2024" → place
/// and date.
pub fn place_and_date(text: &str) -> Option<(String, Date)> {
    let (place, rest) = text.split_once(',')?;
    let words: Vec<String> = rest
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        // "5th", "1st", "22nd": the day without its ending.
        .map(|w| {
            if w.starts_with(|c: char| c.is_ascii_digit()) {
                w.trim_end_matches(char::is_alphabetic).to_string()
            } else {
                w.to_string()
            }
        })
        .collect();
    let month = |w: &str| {
        const MONTHS: [&str; 12] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
        ];
        let head: String = w.to_lowercase().chars().take(3).collect();
        MONTHS.iter().position(|m| *m == head).map(|i| i as u32 + 1)
    };
    let num = |w: &str| w.parse::<u32>().ok();
    let (d, m, y) = match words.as_slice() {
        [d, m, y] if num(d).is_some() => (num(d)?, month(m)?, num(y)?),
        [m, d, y] => (num(d)?, month(m)?, num(y)?),
        _ => return None,
    };
    let place = place.trim();
    if place.is_empty() || place.chars().count() > 40 {
        return None;
    }
    Some((place.to_string(), Date::new(y as i32, m, d)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_header_lines_read_like_vietnamese_ones() {
        assert_eq!(
            place_and_date("Phong Tho, 24 January 2024"),
            Some(("Phong Tho".to_string(), Date::new(2024, 1, 24).unwrap()))
        );
        assert_eq!(
            place_and_date("Phong Tho, January 5th, 2024").map(|p| p.1),
            Date::new(2024, 1, 5)
        );
        assert_eq!(place_and_date("Independence, Freedom"), None);
        assert_eq!(place_and_date("Phong Thổ, ngày 24 tháng"), None);
        assert_eq!(
            name_case("PHONG THO DISTRICT LABOUR FEDERATION"),
            "Phong Tho District Labour Federation"
        );
        assert_eq!(
            sentence_case("TARGETS FOR THE CNVCL OF VIET NAM"),
            "Targets for the CNVCL of Viet Nam"
        );
        assert!(is_english("PLAN") && !is_english("KẾ HOẠCH"));
    }
}
