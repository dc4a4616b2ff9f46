//! The front matter of a document read from its own layout: the header
//! (issuing body under its parent, number, motto, place and date), the
//! type-name line and title, and at the end the recipients and the
//! signature block. Word's two-column layout tables arrive here already
//! flattened, left column first, so a Word file and a PDF's text give the
//! same sequence of lines.

use super::case::{capitalise_first, lower_first, name_case, sentence_case};
use super::text::{Block, Para, is_upper, starts_lower};
use super::{Doubt, english};
use crate::date::Date;
use crate::i18n::fold;
use std::sync::LazyLock;

/// Document types by their type-name line, with their number codes.
pub const TYPES: &[(&str, &str, &str)] = &[
    ("KẾ HOẠCH", "ke-hoach", "KH"),
    ("BÁO CÁO", "bao-cao", "BC"),
    ("NGHỊ QUYẾT", "nghi-quyet", "NQ"),
    ("QUYẾT ĐỊNH", "quyet-dinh", "QĐ"),
    ("CHỈ THỊ", "chi-thi", "CT"),
    ("HƯỚNG DẪN", "huong-dan", "HD"),
    ("THÔNG BÁO", "thong-bao", "TB"),
    ("CHƯƠNG TRÌNH", "chuong-trinh", "CTr"),
    ("QUY CHẾ", "quy-che", "QC"),
    ("QUY ĐỊNH", "quy-dinh", "QyĐ"),
    ("TỜ TRÌNH", "to-trinh", "TTr"),
    ("BIÊN BẢN", "bien-ban", "BB"),
    ("GIẤY MỜI", "giay-moi", "GM"),
    ("CÔNG VĂN", "cong-van", "CV"),
];

/// What the layout says about the document.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields {
    pub number: Option<String>,
    pub doc_type: Option<&'static str>,
    pub title: Option<String>,
    pub issuer: Option<String>,
    pub parent_issuer: Option<String>,
    pub place: Option<String>,
    pub date: Option<Date>,
    /// The line the date was read from.
    pub date_line: Option<(usize, String)>,
    pub signer_name: Option<String>,
    pub signer_position: Option<String>,
    pub signer_capacity: Option<String>,
    pub recipients: Vec<String>,
}

/// The names of places the header gives ("Phong Thổ", "Lai Châu"): the
/// place of issue and what follows a place word in the bodies' names.
pub fn place_names(fields: &Fields) -> Vec<String> {
    let mut names: Vec<String> = fields.place.iter().cloned().collect();
    for body in [&fields.issuer, &fields.parent_issuer]
        .into_iter()
        .flatten()
    {
        for word in ["huyện ", "tỉnh ", "thành phố ", "thị xã ", "xã ", "phường "] {
            if let Some((_, name)) = body.split_once(word)
                && name.split_whitespace().all(super::text::starts_upper)
            {
                names.push(name.to_string());
            }
        }
    }
    names.retain(|n| n.split_whitespace().count() >= 2);
    names.sort();
    names.dedup();
    names
}

/// The fields, and where the body lies between header and signature.
#[derive(Debug)]
pub struct Layout {
    pub fields: Fields,
    pub body: std::ops::Range<usize>,
}

/// Reads header, title and signature from `blocks`.
pub fn read(blocks: &[Block], doubts: &mut Vec<Doubt>) -> Layout {
    let mut fields = Fields::default();
    let paras: Vec<Option<&Para>> = blocks
        .iter()
        .map(|b| match b {
            Block::Para(p) => Some(p),
            Block::Table { .. } => None,
        })
        .collect();
    let mut upper_names: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    let mut type_line = None;
    let mut header_end = 0;
    let mut in_subject = false;
    // The header: everything up to the type-name line, or up to the first
    // line that reads like the body when there is none. A line of a PDF
    // may hold both columns ("Số: 04/KH-LĐLĐ Phong Thổ, ngày ..."): what
    // is left after one field is read again.
    'lines: while let Some(Some(p)) = paras.get(i) {
        let mut text = p.text.clone();
        let mottos = [
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "ĐỘC LẬP - TỰ DO - HẠNH PHÚC",
        ];
        for motto in mottos.iter().chain(&english::MOTTO) {
            text = remove_phrase(&text, motto);
        }
        let mut recognised = text.trim().is_empty();
        if !recognised && fields.title.is_some() && !in_subject_line(&text) {
            in_subject = false;
        }
        loop {
            let t = text.trim().to_string();
            if t.is_empty() {
                break;
            }
            if !t.chars().any(char::is_alphanumeric) {
                // A rule under the issuer or the motto.
                recognised = true;
                break;
            }
            if let Some((number, rest)) = number_of(&t) {
                fields.number = Some(number);
                text = rest;
                recognised = true;
                continue;
            }
            if let Some((place, date)) = place_and_date(&t) {
                fields.place = Some(place);
                fields.date = date;
                fields.date_line = Some((p.line, p.text.clone()));
                if date.is_none() {
                    doubts.push(Doubt::at(
                        p.line,
                        &p.text,
                        "the date line has no complete date (left blank for signing?); add `date:` by hand",
                    ));
                }
            } else if let Some(slug) = type_of(&t) {
                fields.doc_type = Some(slug);
                type_line = Some(i);
                i += 1;
                break 'lines;
            } else if let Some(subject) = t.strip_prefix("V/v").or_else(|| t.strip_prefix("V/V")) {
                fields.title = Some(capitalise_first(subject.trim()));
                fields.doc_type.get_or_insert("cong-van");
                in_subject = true;
                i += 1;
                header_end = i;
                continue 'lines;
            } else if in_subject && !is_upper(&t) && fields.date.is_none() {
                // The subject of an official letter runs over two lines.
                if let Some(title) = fields.title.as_mut() {
                    title.push(' ');
                    title.push_str(&t);
                }
            } else if let Some(slug) = type_opening(&t).filter(|_| fields.date.is_some()) {
                // "BÁO CÁO TỔNG KẾT NĂM 2024": type name and title on one line.
                fields.doc_type = Some(slug);
                fields.title = Some(sentence_case(&t));
                i += 1;
                break 'lines;
            } else if is_upper(&t) && fields.date.is_none() {
                upper_names.push((p.line, t));
            } else if fields.date.is_some() {
                // The first line after the date that is not part of the header.
                break 'lines;
            } else {
                break;
            }
            recognised = true;
            break;
        }
        if recognised {
            header_end = i + 1;
        }
        i += 1;
        if i > 25 {
            // No type line and no date: the header ended long ago.
            i = header_end;
            break;
        }
    }
    issuers(&upper_names, &mut fields, doubts);
    if type_line.is_some() {
        i = title(&paras, i, &mut fields);
    }
    let end = super::signature::start(&paras, i);
    super::signature::read(&paras[end..], &mut fields);
    Layout {
        fields,
        body: i..end,
    }
}

/// A line that may carry on the "V/v" subject: not a field of the header.
fn in_subject_line(text: &str) -> bool {
    let t = text.trim();
    number_of(t).is_none() && place_and_date(t).is_none() && !is_upper(t)
}

/// The parent body above the issuing body; one line is the issuer alone.
fn issuers(lines: &[(usize, String)], fields: &mut Fields, doubts: &mut Vec<Doubt>) {
    // "LIÊN ĐOÀN LAO ĐỘNG" over "HUYỆN PHONG THỔ" is one name broken in two.
    let mut joined: Vec<(usize, String)> = Vec::new();
    for (line, text) in lines {
        match joined.last_mut() {
            Some((_, prev))
                if super::case::place_word_at(text, false)
                    && !super::case::place_word_at(prev, true) =>
            {
                prev.push(' ');
                prev.push_str(text);
            }
            _ => joined.push((*line, text.clone())),
        }
    }
    match joined.as_slice() {
        [] => {}
        [(_, issuer)] => fields.issuer = Some(name_case(issuer)),
        [(_, parent), (_, issuer)] => {
            fields.parent_issuer = Some(name_case(parent));
            fields.issuer = Some(name_case(issuer));
        }
        [(_, parent), rest @ ..] => {
            fields.parent_issuer = Some(name_case(parent));
            let joined: Vec<&str> = rest.iter().map(|(_, t)| t.as_str()).collect();
            let issuer = name_case(&joined.join(" "));
            doubts.push(Doubt::at(
                rest[0].0,
                &rest[0].1,
                format!(
                    "{} lines of capitals above the number: read the first as the parent body and the others as one issuer, `{issuer}` (a guess)",
                    rest.len() + 1
                ),
            ));
            fields.issuer = Some(issuer);
        }
    }
}

/// The title after the type-name line: one line, and the next ones while
/// they carry on the sentence. Returns the index after it.
fn title(paras: &[Option<&Para>], mut i: usize, fields: &mut Fields) -> usize {
    let mut parts: Vec<String> = Vec::new();
    while let Some(Some(p)) = paras.get(i) {
        if !p.text.chars().any(char::is_alphanumeric) {
            // The rule under the title.
            i += 1;
            continue;
        }
        const OPENINGS: &[&str] = &[
            "Căn cứ",
            "Thực hiện",
            "Để ",
            "Nhằm ",
            "Kính gửi",
            "Theo ",
            "Trên cơ sở",
            "Hôm nay",
            "Điều ",
        ];
        let body_like = super::body::roman(&p.text).is_some()
            || OPENINGS.iter().any(|s| p.text.starts_with(s))
            || p.text.starts_with(|c: char| c.is_ascii_digit()) && p.text.contains(". ");
        // A centred title line is short; the body's lines run to the margin.
        let short_title_line = |prev: &String| {
            p.text.chars().count() < 65
                && !prev.ends_with(['.', ':', ';'])
                && !p.text.ends_with(['.', ':', ';'])
                && is_upper(prev) == is_upper(&p.text)
                && parts.len() < 3
        };
        let goes_on = match parts.last() {
            None => !body_like,
            // "(Kèm theo Quyết định số ...)" under the title is no part of it.
            Some(_) if body_like || p.text.starts_with('(') => false,
            Some(_) if p.whole => p.centered,
            Some(prev) => {
                starts_lower(&p.text)
                    || p.text.starts_with(|c: char| c.is_ascii_digit())
                    || short_title_line(prev)
            }
        };
        if !goes_on {
            break;
        }
        parts.push(p.text.clone());
        i += 1;
    }
    if parts.is_empty() {
        return i;
    }
    let subject = parts.join(" ");
    let subject = if is_upper(&subject) {
        sentence_case(&subject)
    } else {
        subject
    };
    let type_name = TYPES
        .iter()
        .find(|(_, slug, _)| Some(*slug) == fields.doc_type)
        .map(|(name, _, _)| sentence_case(name));
    fields.title = Some(match type_name {
        // An English title reads without its type name before it.
        Some(_) if english::is_english(&subject) => capitalise_first(&subject),
        Some(name) => format!("{name} {}", lower_first(&subject)),
        None => subject,
    });
    i
}

/// "Số: 04/KH-LĐLĐ" → "04/KH-LĐLĐ", with stray spaces around `/` and
/// `-`; and the rest of the line.
fn number_of(text: &str) -> Option<(String, String)> {
    let rest = text
        .strip_prefix("Số")
        .filter(|r| r.trim_start().starts_with(':'))
        .or_else(|| text.strip_prefix("No."))?;
    let rest = rest.trim_start().trim_start_matches(':').trim();
    let mut out = String::new();
    let words: Vec<&str> = rest.split_whitespace().collect();
    let mut used = 0;
    for word in &words {
        let joins = out.is_empty()
            || out.ends_with(['/', '-'])
            || word.starts_with(['/', '-'])
            || word.chars().all(|c| c.is_ascii_digit());
        if !joins {
            break;
        }
        out.push_str(word);
        used += 1;
    }
    (!out.is_empty()).then(|| (out, words[used..].join(" ")))
}

/// "Phong Thổ, ngày 24 tháng 01 năm 2023" → the place and the date (none
/// when the day is left blank for signing).
fn place_and_date(text: &str) -> Option<(String, Option<Date>)> {
    if let Some((place, date)) = english::place_and_date(text) {
        return Some((place, Some(date)));
    }
    let at = text.find(", ngày").or_else(|| text.find(" ngày "))?;
    let place = text[..at].trim().trim_end_matches(',').to_string();
    if place.is_empty() || place.chars().count() > 40 {
        return None;
    }
    Some((place, written_date(&text[at..])))
}

/// The first date written "ngày 24 tháng 01 năm 2023" or "ngày 29/12/2023".
pub fn written_date(text: &str) -> Option<Date> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .collect();
    let num = |w: &str| w.parse::<u32>().ok();
    for (k, w) in words.iter().enumerate() {
        if *w != "ngày" {
            continue;
        }
        if let [d, "tháng", m, "năm", y, ..] = &words[k + 1..] {
            return Date::new(num(y)? as i32, num(m)?, num(d)?);
        }
        if let Some(d) = words.get(k + 1).and_then(|w| slash_date(w)) {
            return Some(d);
        }
    }
    None
}

/// "29/12/2023" as a date.
pub fn slash_date(word: &str) -> Option<Date> {
    let word = word.trim_end_matches(['.', ';', ')', ':']);
    let mut parts = word.split('/');
    let d = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let y: i32 = parts.next()?.parse().ok()?;
    (parts.next().is_none() && y > 1900).then_some(())?;
    Date::new(y, m, d)
}

/// The keys of every type name, Vietnamese and English, with their slugs.
static TYPE_KEYS: LazyLock<Vec<(String, &'static str)>> = LazyLock::new(|| {
    TYPES
        .iter()
        .map(|(name, slug, _)| (key(name), *slug))
        .chain(english::TYPES.iter().map(|(name, slug)| (key(name), *slug)))
        .collect()
});

/// The type slug of a type-name line, Vietnamese or English.
fn type_of(line: &str) -> Option<&'static str> {
    let k = key(line);
    TYPE_KEYS
        .iter()
        .find(|(name, _)| *name == k)
        .map(|(_, slug)| *slug)
}

/// The type of a line in capitals that opens with a Vietnamese type name
/// and goes on with the title.
fn type_opening(line: &str) -> Option<&'static str> {
    if !is_upper(line) {
        return None;
    }
    let k = key(line);
    TYPE_KEYS[..TYPES.len()]
        .iter()
        .find(|(name, _)| k.len() > name.len() && k.starts_with(name.as_str()))
        .map(|(_, slug)| *slug)
}

/// A line's letters and digits, folded: equal for the same words in any
/// case, spacing or spelling of "hòa".
fn key(text: &str) -> String {
    fold(text).chars().filter(|c| c.is_alphanumeric()).collect()
}

/// `text` without `phrase` (compared by [`key`]), wherever it is.
fn remove_phrase(text: &str, phrase: &str) -> String {
    let wanted = key(phrase);
    if !key(text).contains(&wanted) {
        return text.to_string();
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    let keys: Vec<String> = words.iter().map(|w| key(w)).collect();
    for start in 0..words.len() {
        let mut k = String::new();
        for end in start + 1..=words.len() {
            k.push_str(&keys[end - 1]);
            if k == wanted {
                let mut rest = words[..start].to_vec();
                rest.extend_from_slice(&words[end..]);
                return rest.join(" ");
            }
            if k.len() > wanted.len() {
                break;
            }
        }
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_over_two_lines_ends_where_the_body_begins() {
        let text = "LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHONG THỔ\nSố: 12/KH-LĐLĐ\nPhong Thổ, ngày 05 tháng 4 năm 2024\nKẾ HOẠCH\nTổ chức các hoạt động\nTháng Công nhân năm 2024\nBan Thường vụ ban hành kế hoạch như sau:\nI. MỤC ĐÍCH\n";
        let blocks = super::super::text::from_plain_text(text);
        let layout = read(&blocks, &mut Vec::new());
        assert_eq!(
            layout.fields.title.as_deref(),
            Some("Kế hoạch tổ chức các hoạt động Tháng Công nhân năm 2024")
        );
        assert_eq!(layout.body.start, 6);
        assert_eq!(layout.fields.parent_issuer, None);
        assert_eq!(
            layout.fields.issuer.as_deref(),
            Some("Liên đoàn Lao động huyện Phong Thổ")
        );
    }

    #[test]
    fn a_type_name_and_title_on_one_line() {
        let text = "LIÊN ĐOÀN LAO ĐỘNG HUYỆN PHONG THỔ\nSố: 90/BC-LĐLĐ\nPhong Thổ, ngày 10 tháng 12 năm 2024\nBÁO CÁO TỔNG KẾT CÔNG TÁC DÂN VẬN NĂM 2024\nNăm 2024, các cấp Công đoàn đã làm tốt công tác dân vận.\n";
        let blocks = super::super::text::from_plain_text(text);
        let layout = read(&blocks, &mut Vec::new());
        assert_eq!(layout.fields.doc_type, Some("bao-cao"));
        assert_eq!(
            layout.fields.title.as_deref(),
            Some("Báo cáo tổng kết công tác dân vận năm 2024")
        );
        assert_eq!(layout.body.start, 4);
    }

    #[test]
    fn a_name_broken_before_its_place_is_one_name() {
        let mut fields = Fields::default();
        let lines = [
            (1, "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU".to_string()),
            (2, "LIÊN ĐOÀN LAO ĐỘNG".to_string()),
            (3, "HUYỆN PHONG THỔ".to_string()),
        ];
        let mut doubts = Vec::new();
        issuers(&lines, &mut fields, &mut doubts);
        assert_eq!(
            fields.issuer.as_deref(),
            Some("Liên đoàn Lao động huyện Phong Thổ")
        );
        assert_eq!(
            fields.parent_issuer.as_deref(),
            Some("Liên đoàn Lao động tỉnh Lai Châu")
        );
        assert!(doubts.is_empty());
    }

    #[test]
    fn header_lines_give_number_date_and_signer_parts() {
        let number = |t| number_of(t).map(|(n, rest)| format!("{n}|{rest}"));
        assert_eq!(number("Số: 04 /KH-LĐLĐ").as_deref(), Some("04/KH-LĐLĐ|"));
        assert_eq!(
            number("Số: 12/LĐLĐ Phong Thổ").as_deref(),
            Some("12/LĐLĐ|Phong Thổ")
        );
        assert_eq!(number_of("Sống"), None);
        let (place, date) = place_and_date("Phong Thổ, ngày 24 tháng 01 năm 2023").unwrap();
        assert_eq!(place, "Phong Thổ");
        assert_eq!(date, Date::new(2023, 1, 24));
        assert_eq!(
            place_and_date("Phong Thổ, ngày      tháng 01 năm 2024"),
            Some(("Phong Thổ".to_string(), None))
        );
        assert_eq!(
            remove_phrase(
                "LIÊN ĐOÀN CỘNG HOÀ XÃ HỘI CHỦ  NGHĨA VIỆT NAM",
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
            ),
            "LIÊN ĐOÀN"
        );
    }
}
