//! Languages: text given per language, UI strings, slugs, and dates and
//! numbers written the way each language writes them. Vietnamese is the
//! reference: official dates ("ngày 05 tháng 01 năm 2024"), `1.234,5`, and
//! ASCII slugs where đ becomes d.

use crate::date::Date;
use crate::error::Mistake;
use crate::yaml::LanguageKey;
use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// UI strings of one language, by key.
pub type Strings = BTreeMap<String, String>;

/// A text field: the same string in every language, or one per language
/// (`{vi: "Kết nạp đoàn viên", en: "New members admitted"}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    ByLang(BTreeMap<String, String>),
}

impl Text {
    /// The text in `lang`, else in `fallback`, else any: a missing
    /// translation of a label never leaves a hole on the page.
    pub fn get<'a>(&'a self, lang: &str, fallback: &str) -> &'a str {
        match self {
            Text::Plain(s) => s,
            Text::ByLang(map) => map
                .get(lang)
                .or_else(|| map.get(fallback))
                .or_else(|| map.values().next())
                .map_or("", String::as_str),
        }
    }

    /// Language codes this text names, for validation.
    pub fn languages(&self) -> Vec<&str> {
        match self {
            Text::Plain(_) => Vec::new(),
            Text::ByLang(map) => map.keys().map(String::as_str).collect(),
        }
    }

    /// The first language this text names that the site does not have
    /// (`{vi: ..., eng: ...}` would leave English pages in Vietnamese), as
    /// a mistake, with its code for locating it.
    pub fn unknown_language(&self, site_languages: &[&str]) -> Option<(String, Mistake)> {
        let unknown = self
            .languages()
            .into_iter()
            .find(|l| !site_languages.contains(l))?;
        Some((
            unknown.to_string(),
            Mistake::UnknownLanguage {
                code: unknown.to_string(),
                suggestion: crate::suggest::closest(unknown, site_languages).map(str::to_string),
                languages: site_languages.iter().map(|s| s.to_string()).collect(),
            },
        ))
    }
}

impl Default for Text {
    fn default() -> Self {
        Text::Plain(String::new())
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Self {
        Text::Plain(s.to_string())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or a text per language such as {vi: \"...\", en: \"...\"}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((lang, text)) = map.next_entry::<LanguageKey, String>()? {
                    out.insert(lang.0, text);
                }
                Ok(Text::ByLang(out))
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

/// Normalises text to Unicode NFC, so that Vietnamese typed with combining
/// marks and with precomposed letters are the same string.
pub fn nfc(text: &str) -> String {
    into_nfc(text.to_string())
}

/// [`nfc`] of a string that is given, not lent: one already NFC, as most
/// files are, comes back as it is, not copied.
pub fn into_nfc(text: String) -> String {
    match is_nfc(&text) {
        true => text,
        false => text.nfc().collect(),
    }
}

/// Whether `text` is surely NFC: a quick check spares re-composing it.
fn is_nfc(text: &str) -> bool {
    unicode_normalization::is_nfc_quick(text.chars()) == unicode_normalization::IsNormalized::Yes
}

/// Folds text for matching: no tone or vowel marks, đ → d, lower case.
/// "Đoàn viên" → "doan vien". NFD alone leaves đ: it is a letter of its own.
pub fn fold(text: &str) -> String {
    // Char by char, ASCII at once: what NFD adds to decomposing each char
    // is putting combining marks in order, and the marks are dropped.
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        unicode_normalization::char::decompose_canonical(c, |c| {
            if is_combining_mark(c) {
                return;
            }
            match c {
                'đ' | 'Đ' => out.push('d'),
                c => out.extend(c.to_lowercase()),
            }
        });
    }
    out
}

/// An ASCII slug for URLs and anchors: "Dân vận khéo" → `dan-van-kheo`,
/// "Đoàn viên" → `doan-vien`. Other characters become single hyphens.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in fold(text).chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    while slug.ends_with('-') {
        slug.pop();
    }
    slug
}

/// A date as `lang` writes it: "ngày 05 tháng 01 năm 2024" (official
/// Vietnamese: day padded below 10, month padded only for 1 and 2),
/// "24 January 2024"; other languages get ISO 8601.
pub fn format_date(date: Date, lang: &str) -> String {
    match lang {
        "vi" => {
            let month = if date.month <= 2 {
                format!("{:02}", date.month)
            } else {
                date.month.to_string()
            };
            format!("ngày {:02} tháng {month} năm {}", date.day, date.year)
        }
        "en" => {
            const MONTHS: [&str; 12] = [
                "January",
                "February",
                "March",
                "April",
                "May",
                "June",
                "July",
                "August",
                "September",
                "October",
                "November",
                "December",
            ];
            format!(
                "{} {} {}",
                date.day,
                MONTHS[(date.month as usize).saturating_sub(1) % 12],
                date.year
            )
        }
        _ => date.to_string(),
    }
}

/// A number with `decimals` places in `lang`'s format: "1.234,5" in
/// Vietnamese, "1,234.5" in English.
pub fn format_number(value: f64, decimals: usize, lang: &str) -> String {
    let (group, point) = match lang {
        "vi" | "de" | "fr" | "id" => ('.', ','),
        _ => (',', '.'),
    };
    let text = format!("{:.*}", decimals, value.abs());
    let (int_part, frac_part) = text.split_once('.').unwrap_or((&text, ""));
    let mut out = String::new();
    if value < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        out.push('-');
    }
    for (i, digit) in int_part.chars().enumerate() {
        if i > 0 && (int_part.len() - i) % 3 == 0 {
            out.push(group);
        }
        out.push(digit);
    }
    if !frac_part.is_empty() {
        out.push(point);
        out.push_str(frac_part);
    }
    out
}

/// A byte count for people: "12,3 KB" / "1.2 MB".
pub fn format_size(bytes: u64, lang: &str) -> String {
    const UNITS: [&str; 4] = ["B", "KB", "MB", "GB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    let decimals = if unit == 0 { 0 } else { 1 };
    format!("{} {}", format_number(value, decimals, lang), UNITS[unit])
}

/// Fills `{name}` placeholders of a UI string.
pub fn fill(template: &str, name: &str, value: &str) -> String {
    template.replace(&format!("{{{name}}}"), value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_char_by_char_is_folding_the_nfd_form() {
        let by_nfd = |text: &str| -> String {
            text.nfd()
                .filter(|c| !is_combining_mark(*c))
                .map(|c| if matches!(c, 'đ' | 'Đ') { 'd' } else { c })
                .flat_map(char::to_lowercase)
                .collect()
        };
        let decomposed: String = "Nơi nhận: Ban Thường vụ".nfd().collect();
        for text in [
            "Đoàn viên CÔNG ĐOÀN cơ sở",
            "NGÀY 29 THÁNG 12 NĂM 2023",
            &decomposed,
            "İstanbul ǅ Ωmega ﬁ 한국어 e\u{0301}\u{0323}",
            "",
        ] {
            assert_eq!(fold(text), by_nfd(text), "{text}");
        }
        assert_eq!(fold("Nơi nhận"), "noi nhan");
    }

    #[test]
    fn slugs_are_ascii_and_d_is_folded() {
        assert_eq!(slugify("Dân vận khéo"), "dan-van-kheo");
        assert_eq!(slugify("Đoàn viên"), "doan-vien");
        assert_eq!(slugify("đoàn viên"), "doan-vien");
        assert_eq!(slugify("  04/KH-LĐLĐ  "), "04-kh-ldld");
        assert_eq!(
            slugify("Mô hình “Bữa cơm công đoàn”"),
            "mo-hinh-bua-com-cong-doan"
        );
    }

    #[test]
    fn nfd_and_nfc_input_slug_and_fold_alike() {
        let nfd: String = "Dân vận khéo".nfd().collect();
        assert_ne!(nfd, "Dân vận khéo");
        assert_eq!(slugify(&nfd), "dan-van-kheo");
        assert_eq!(nfc(&nfd), "Dân vận khéo");
        assert_eq!(fold("Đảng"), fold("đang"));
    }

    #[test]
    fn dates_follow_each_language() {
        let d = |y, m, d| Date::new(y, m, d).unwrap();
        assert_eq!(
            format_date(d(2024, 1, 5), "vi"),
            "ngày 05 tháng 01 năm 2024"
        );
        assert_eq!(
            format_date(d(2024, 6, 29), "vi"),
            "ngày 29 tháng 6 năm 2024"
        );
        assert_eq!(
            format_date(d(2024, 12, 9), "vi"),
            "ngày 09 tháng 12 năm 2024"
        );
        assert_eq!(format_date(d(2024, 1, 24), "en"), "24 January 2024");
    }

    #[test]
    fn numbers_follow_each_language() {
        assert_eq!(format_number(1234.5, 1, "vi"), "1.234,5");
        assert_eq!(format_number(1234.5, 1, "en"), "1,234.5");
        assert_eq!(format_number(1_520.0, 0, "vi"), "1.520");
        assert_eq!(format_number(85.0, 1, "vi"), "85,0");
        assert_eq!(format_number(-0.04, 1, "en"), "0.0");
        assert_eq!(format_number(999.0, 0, "en"), "999");
        assert_eq!(format_size(12_595, "vi"), "12,3 KB");
    }

    #[test]
    fn text_falls_back_to_default_language() {
        let mut map = BTreeMap::new();
        map.insert("vi".to_string(), "Kế hoạch".to_string());
        let text = Text::ByLang(map);
        assert_eq!(text.get("en", "vi"), "Kế hoạch");
    }
}
