//! Figures in Vietnamese wording: "1.500.000" (dots group thousands),
//! "85,5%" (a comma is the decimal mark), "12 triệu", "01", and the words
//! around a figure that say how it is to be reached: "trên" (more than),
//! "ít nhất", "tối thiểu", "từ ... trở lên" (at least), "không quá", "tối
//! đa" (at most).

/// The first target figure among some words.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub value: f64,
    pub percent: bool,
    pub comparator: Option<&'static str>,
    /// Words of the figure itself (number, `%`, multiplier).
    pub start: usize,
    pub end: usize,
    /// Comparator words, left out of the title.
    pub dropped: Vec<usize>,
}

/// The first figure of `words` that is a target (not a year, a date or a
/// period such as "6 tháng"), with its comparator.
pub fn find(words: &[&str]) -> Option<Found> {
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    for (k, word) in words.iter().enumerate() {
        let token = word.trim_matches(|c: char| "(),;:.".contains(c) && c != '%');
        let token = token.trim_end_matches(['.', ',', ';', ')']);
        let (number, mut percent) = match token.strip_suffix('%') {
            Some(n) => (n, true),
            None => (token, false),
        };
        let spelled_out = || {
            // "ít nhất một mô hình": a number written as a word counts
            // only after words that make it a target.
            let value = spelled(&lower[k])?;
            let (comparator, _) = comparator(&lower, k, k + 1);
            let before = k.checked_sub(1).map_or("", |i| lower[i].as_str());
            (comparator.is_some() && before != "đấu").then_some(value)
        };
        let Some(mut value) = number_value(number).or_else(spelled_out) else {
            continue;
        };
        let mut end = k + 1;
        if !percent && lower.get(k + 1).is_some_and(|w| w.starts_with('%')) {
            percent = true;
            end += 1;
        }
        if let Some(m) = lower.get(end).and_then(|w| multiplier(w)) {
            value *= m;
            end += 1;
        }
        let before = k.checked_sub(1).map(|i| lower[i].as_str());
        let after = lower.get(end).map(String::as_str);
        let calendar = [
            "năm", "ngày", "tháng", "số", "thứ", "khóa", "khoá", "kỳ", "quý", "lần",
        ];
        let is_year = !percent && (1900.0..=2100.0).contains(&value) && number.len() == 4;
        if is_year
            || number.contains('/')
            || before.is_some_and(|b| calendar.contains(&b))
            || (!percent && after.is_some_and(|a| calendar[..3].contains(&a)))
        {
            continue;
        }
        let (comparator, dropped) = comparator(&lower, k, end);
        return Some(Found {
            value,
            percent,
            comparator,
            start: k,
            end,
            dropped,
        });
    }
    None
}

/// The comparator of the figure at `start..end`, and the words saying it.
fn comparator(lower: &[String], start: usize, end: usize) -> (Option<&'static str>, Vec<usize>) {
    let word = |i: usize| lower.get(i).map_or("", String::as_str);
    let two_before = start
        .checked_sub(2)
        .map(|i| format!("{} {}", word(i), word(i + 1)));
    let one_before = start.checked_sub(1).map(|i| word(i).to_string());
    let mut dropped = Vec::new();
    let mut found = None;
    match two_before.as_deref() {
        Some("ít nhất" | "tối thiểu" | "không dưới" | "không ít") => {
            found = Some("at-least");
            dropped.extend([start - 2, start - 1]);
        }
        Some("không quá" | "tối đa" | "không vượt") => {
            found = Some("at-most");
            dropped.extend([start - 2, start - 1]);
        }
        _ => {}
    }
    if found.is_none() {
        match one_before.as_deref() {
            Some("trên") => found = Some("more-than"),
            Some("từ" | "đạt") => found = Some("at-least"),
            Some("dưới") => found = Some("at-most"),
            _ => {}
        }
        if found.is_some() {
            dropped.push(start - 1);
        }
    }
    // "trở lên" after the figure, before any other figure.
    let mut k = end;
    while k + 1 < lower.len() {
        if number_value(lower[k].trim_end_matches('%')).is_some() {
            break;
        }
        if lower[k] == "trở" && lower[k + 1].trim_end_matches([',', ';', '.']) == "lên" {
            found = found.or(Some("at-least"));
            dropped.extend([k, k + 1]);
            break;
        }
        k += 1;
    }
    let aims = lower[..start]
        .windows(2)
        .position(|w| w[0] == "phấn" && w[1] == "đấu");
    if let Some(p) = aims {
        found = found.or(Some("at-least"));
        dropped.extend([p, p + 1]);
    }
    (found, dropped)
}

/// "1.500.000" → 1500000, "85,5" → 85.5, "01" → 1; None when the word is
/// not a number.
pub fn number_value(word: &str) -> Option<f64> {
    if word.is_empty() || !word.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    if !word
        .chars()
        .all(|c| c.is_ascii_digit() || c == '.' || c == ',')
    {
        return None;
    }
    let groups: Vec<&str> = word.split('.').collect();
    let thousands = groups.len() > 1
        && groups[1..]
            .iter()
            .all(|g| g.split(',').next().is_some_and(|g| g.len() == 3));
    let plain = if thousands {
        word.replace('.', "").replace(',', ".")
    } else if word.matches(',').count() > 1 {
        word.replace(',', "")
    } else {
        word.replace(',', ".")
    };
    plain.parse().ok()
}

/// "một" → 1 ... "mười" → 10.
fn spelled(word: &str) -> Option<f64> {
    const WORDS: [&str; 10] = [
        "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín", "mười",
    ];
    let word = word.trim_end_matches([',', ';', '.']);
    WORDS
        .iter()
        .position(|w| *w == word)
        .map(|i| (i + 1) as f64)
}

fn multiplier(word: &str) -> Option<f64> {
    match word.trim_end_matches([',', ';', '.']) {
        "trăm" => Some(100.0),
        "nghìn" | "ngàn" => Some(1_000.0),
        "triệu" => Some(1_000_000.0),
        "tỷ" | "tỉ" => Some(1_000_000_000.0),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first(text: &str) -> Found {
        let words: Vec<&str> = text.split_whitespace().collect();
        find(&words).unwrap_or_else(|| panic!("no figure in {text}"))
    }

    #[test]
    fn numbers_as_vietnamese_writes_them() {
        assert_eq!(number_value("1.500.000"), Some(1_500_000.0));
        assert_eq!(number_value("85,5"), Some(85.5));
        assert_eq!(number_value("01"), Some(1.0));
        assert_eq!(number_value("CĐCS"), None);
        assert_eq!(first("đạt 12 triệu đồng").value, 12_000_000.0);
        assert_eq!(first("thu 1,5 tỷ đồng").value, 1_500_000_000.0);
    }

    #[test]
    fn wording_gives_the_comparator() {
        let f = first("Kết nạp 50 đoàn viên Công đoàn trở lên");
        assert_eq!(
            (f.value, f.comparator, f.percent),
            (50.0, Some("at-least"), false)
        );
        assert_eq!(
            first("Trên 85% Công đoàn cơ sở").comparator,
            Some("more-than")
        );
        assert_eq!(
            first("Giới thiệu ít nhất 94 đoàn viên").comparator,
            Some("at-least")
        );
        assert_eq!(first("Phấn đấu 100% cán bộ").comparator, Some("at-least"));
        assert_eq!(first("thành lập 01 CĐCS").comparator, None);
        assert_eq!(first("không quá 5 vụ").comparator, Some("at-most"));
        let f = first("năm 2024 có 6 tháng và 30 đoàn viên");
        assert_eq!(f.value, 30.0);
        let f = first("Mỗi CĐCS xây dựng ít nhất một mô hình");
        assert_eq!((f.value, f.comparator), (1.0, Some("at-least")));
        assert!(find(&["xây", "dựng", "một", "mô", "hình"]).is_none());
    }
}
