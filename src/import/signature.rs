//! The signature zone at the end of a document: "Nơi nhận:" and its
//! recipients on the left, the signer's capacity (TM. / KT. / TL. / Q.),
//! position and name on the right. Word's signature table arrives
//! flattened, left column first; a PDF's text may put both columns on one
//! line, and they are taken apart here.

use super::case::{capitalise_first, name_case};
use super::english;
use super::header::Fields;
use super::text::{Para, is_upper, starts_lower, starts_upper};

/// Where the signature zone starts: "Nơi nhận:", or the capacity or
/// position line of the signer.
pub fn start(paras: &[Option<&Para>], from: usize) -> usize {
    let found = (from..paras.len()).find(|&j| {
        paras[j].is_some_and(|p| recipients_line(&p.text).is_some() || capacity(&p.text).is_some())
    });
    if let Some(j) = found {
        return j;
    }
    // No recipients and no capacity: a position line in capitals near the end.
    let tail = paras.len().saturating_sub(8).max(from);
    (tail..paras.len())
        .find(|&j| paras[j].is_some_and(|p| is_upper(&p.text) && p.text.chars().count() < 40))
        .unwrap_or(paras.len())
}

/// Recipients, capacity, position and name, in whatever order the two
/// columns arrive.
pub fn read(paras: &[Option<&Para>], fields: &mut Fields) {
    let mut in_recipients = false;
    for p in paras.iter().flatten() {
        let mut text = p.text.trim();
        if let Some(rest) = recipients_line(text) {
            in_recipients = true;
            text = rest.trim_start_matches([':', ' ']);
            if text.is_empty() {
                continue;
            }
        }
        let rest: String;
        if let Some(item) = text.strip_prefix(['-', '–', '•', '+']) {
            // A line of a PDF may go on with the signature column: its
            // capitals ("- Lưu: VT. PHÓ CHỦ TỊCH"), or the signer's name
            // once the position is known ("- Lưu: VT. Lò Văn Minh"); but
            // "- UBND TP. Lai Châu" is one recipient.
            let waiting_for_name = fields.signer_position.is_some() && fields.signer_name.is_none();
            let cut = item
                .char_indices()
                .filter(|&(k, c)| (c == ';' || c == '.') && item[k + 1..].starts_with(' '))
                .find(|&(k, _)| {
                    let after = item[k + 1..].trim();
                    is_upper(after) || waiting_for_name && looks_like_name(after)
                })
                .map(|(k, _)| k + 1);
            let (own, after) = item.split_at(cut.unwrap_or(item.len()));
            // "- Ban A; Ban B" names two recipients.
            fields
                .recipients
                .extend(own.split(';').map(recipient).filter(|r| !r.is_empty()));
            rest = after.trim().to_string();
            if rest.is_empty() {
                continue;
            }
            text = &rest;
        }
        if let Some((cap, rest)) = capacity(text) {
            fields.signer_capacity = Some(cap);
            in_recipients = false;
            if !rest.is_empty() {
                fields.signer_position = Some(name_case(&rest));
            }
            continue;
        }
        if in_recipients && starts_lower(text) {
            if let Some(last) = fields.recipients.last_mut() {
                *last = recipient(&format!("{last} {text}"));
            }
            continue;
        }
        // In Word the recipients' column comes whole before the signer's,
        // and its items may be numbered by Word instead of dashed.
        if in_recipients && p.whole && !is_upper(text) {
            fields
                .recipients
                .extend(text.split(';').map(recipient).filter(|r| !r.is_empty()));
            continue;
        }
        if is_upper(text) && fields.signer_position.is_none() && fields.signer_name.is_none() {
            fields.signer_position = Some(name_case(text));
        } else if fields.signer_name.is_none() && looks_like_name(text) {
            fields.signer_name = Some(if is_upper(text) {
                text.split_whitespace()
                    .map(|w| capitalise_first(&w.to_lowercase()))
                    .collect::<Vec<_>>()
                    .join(" ")
            } else {
                text.to_string()
            });
        }
    }
}

/// The rest of a "Nơi nhận:" (or "Recipients:") line.
fn recipients_line(text: &str) -> Option<&str> {
    text.strip_prefix("Nơi nhận").or_else(|| {
        english::RECIPIENTS
            .iter()
            .find_map(|opening| text.strip_prefix(opening))
    })
}

/// One recipient without its dash and its closing `;` or `.`.
fn recipient(item: &str) -> String {
    item.trim()
        .trim_end_matches([';', '.', ',', ' '])
        .trim()
        .to_string()
}

/// "TM. BAN THƯỜNG VỤ" → ("TM. Ban Thường vụ", ""); "KT. CHỦ TỊCH PHÓ
/// CHỦ TỊCH" on one line gives the position as the rest.
fn capacity(text: &str) -> Option<(String, String)> {
    let english = english::CAPACITIES
        .iter()
        .any(|opening| text.starts_with(opening));
    if english && is_upper(text) {
        return Some((name_case(text), String::new()));
    }
    let (prefix, rest) = text.split_once('.')?;
    let prefix = prefix.trim();
    if !["TM", "KT", "TL", "TUQ", "Q"].contains(&prefix) || !is_upper(rest) {
        return None;
    }
    let rest = rest.trim();
    let positions = [
        "PHÓ CHỦ TỊCH",
        "PHÓ TRƯỞNG BAN",
        "PHÓ GIÁM ĐỐC",
        "CHÁNH VĂN PHÒNG",
    ];
    let (holder, position) = match positions.iter().find_map(|p| {
        rest.strip_suffix(p)
            .filter(|h| !h.trim().is_empty())
            .map(|h| (h.trim(), *p))
    }) {
        Some((h, p)) => (h, p.to_string()),
        None => (rest, String::new()),
    };
    Some((format!("{prefix}. {}", name_case(holder)), position))
}

/// Two to six words, each starting with a capital: a person's name.
fn looks_like_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=6).contains(&words.len())
        && words
            .iter()
            .all(|w| starts_upper(w) && w.chars().all(char::is_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pdf_line_holding_both_columns_is_taken_apart() {
        let para = |t: &str| Para {
            text: t.into(),
            ..Para::default()
        };
        let paras = [
            para("Nơi nhận: KT. CHỦ TỊCH"),
            para("- UBND TP. Lai Châu; PHÓ CHỦ TỊCH"),
            para("- Lưu: VT."),
            para("Lò Văn Minh"),
        ];
        let refs: Vec<Option<&Para>> = paras.iter().map(Some).collect();
        let mut fields = Fields::default();
        read(&refs, &mut fields);
        assert_eq!(fields.recipients, ["UBND TP. Lai Châu", "Lưu: VT"]);
        assert_eq!(fields.signer_capacity.as_deref(), Some("KT. Chủ tịch"));
        assert_eq!(fields.signer_position.as_deref(), Some("Phó Chủ tịch"));
        assert_eq!(fields.signer_name.as_deref(), Some("Lò Văn Minh"));
    }

    #[test]
    fn word_recipients_need_no_dashes() {
        let para = |t: &str| Para {
            text: t.into(),
            whole: true,
            ..Para::default()
        };
        let paras = [
            para("Nơi nhận:"),
            para("Như trên;"),
            para("Ban Dân vận Huyện ủy; Ban Tổ chức Huyện ủy;"),
            para("KT. CHỦ TỊCH"),
            para("PHÓ CHỦ TỊCH"),
            para("Lò Văn Minh"),
        ];
        let refs: Vec<Option<&Para>> = paras.iter().map(Some).collect();
        let mut fields = Fields::default();
        read(&refs, &mut fields);
        assert_eq!(
            fields.recipients,
            ["Như trên", "Ban Dân vận Huyện ủy", "Ban Tổ chức Huyện ủy"]
        );
        assert_eq!(fields.signer_name.as_deref(), Some("Lò Văn Minh"));
        assert_eq!(fields.signer_position.as_deref(), Some("Phó Chủ tịch"));
    }

    #[test]
    fn capacity_and_recipients_read_as_written() {
        assert_eq!(
            capacity("KT. CHỦ TỊCH PHÓ CHỦ TỊCH"),
            Some(("KT. Chủ tịch".to_string(), "PHÓ CHỦ TỊCH".to_string()))
        );
        assert_eq!(capacity("TL. chủ tịch"), None);
        assert_eq!(recipient(" Ban Dân vận Huyện ủy;"), "Ban Dân vận Huyện ủy");
        assert_eq!(recipient(" Lưu: VT."), "Lưu: VT");
    }
}
