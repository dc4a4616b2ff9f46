//! `--targets`: the targets section of a plan ("MỤC TIÊU CỤ THỂ", "CHỈ
//! TIÊU") read into progress targets (SPEC §4). Every figure of an item is
//! one target; the wording gives its comparator ("trên 85%" is more than
//! 85, "50 ... trở lên" at least 50), "trong đó" a sub-target. Figures
//! are read as Vietnamese writes them: "1.500.000", "12 triệu", "01".

use super::body::{Item, Kind};
use super::case::{capitalise_first, keeps_capitals};
use super::{Doubt, figures};
use crate::i18n::{fold, slugify};

/// One target read from the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub id: String,
    pub title: String,
    pub percent: bool,
    pub comparator: &'static str,
    pub target: f64,
    pub unit: Option<String>,
    /// The sentence it was read from, for the comment above it.
    pub source: String,
    pub line: usize,
    pub sub: Vec<Target>,
}

/// The targets of the section whose title names targets, if there is one.
pub fn read(items: &[Item], doubts: &mut Vec<Doubt>) -> Option<Vec<Target>> {
    let start = items.iter().position(|i| {
        matches!(i.kind, Kind::Part(_) | Kind::Heading(_)) && {
            let t = fold(&i.text);
            t.contains("muc tieu cu the") || t.contains("chi tieu")
        }
    })?;
    let level = |k: &Kind| match k {
        Kind::Part(_) => 2,
        Kind::Heading(l) => *l,
        _ => u8::MAX,
    };
    let own = level(&items[start].kind);
    let mut targets: Vec<Target> = Vec::new();
    let mut seen = Vec::new();
    for item in items[start + 1..]
        .iter()
        .take_while(|i| level(&i.kind) > own)
    {
        if !matches!(item.kind, Kind::Numbered | Kind::Dash | Kind::Paragraph) {
            continue;
        }
        let source = format!("{} {}", item.marker, item.text).trim().to_string();
        let before = count(&targets);
        for sentence in sentences(&item.text) {
            read_sentence(
                &sentence,
                &source,
                item.line,
                &mut targets,
                &mut seen,
                doubts,
            );
        }
        if count(&targets) == before && item.kind != Kind::Paragraph {
            doubts.push(Doubt::at(
                item.line,
                &source,
                "no figure in this item of the targets section: it is not in the progress file",
            ));
        }
    }
    Some(targets)
}

fn count(targets: &[Target]) -> usize {
    targets.iter().map(|t| 1 + t.sub.len()).sum()
}

/// Sentences of an item: cut at a full stop followed by a capital.
fn sentences(text: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let words: Vec<&str> = text.split_whitespace().collect();
    for (k, w) in words.iter().enumerate() {
        if let Some(last) = out.last_mut() {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(w);
        }
        let next_upper = words
            .get(k + 1)
            .is_some_and(|n| super::text::starts_upper(n));
        if w.ends_with('.') && next_upper {
            out.push(String::new());
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// Segments of a sentence: cut at `;`, `,` and " và ". A segment with a
/// figure near its start opens a target; the others belong to the one
/// before.
fn read_sentence(
    sentence: &str,
    source: &str,
    line: usize,
    targets: &mut Vec<Target>,
    seen: &mut Vec<String>,
    doubts: &mut Vec<Doubt>,
) {
    // Segments of each target, with the separator before each one, and
    // whether it is a sub-target.
    let mut open: Vec<(Vec<(&'static str, String)>, bool)> = Vec::new();
    for (c, clause) in sentence.split(';').enumerate() {
        for (k, (sep, segment)) in segments(clause).into_iter().enumerate() {
            let sep = if k == 0 && c > 0 { "; " } else { sep };
            let words: Vec<&str> = segment.split_whitespace().collect();
            let sub = fold(&segment).starts_with("trong do");
            let reach = if k == 0 { words.len() } else { 5 };
            let has_figure = figures::find(&words[..reach.min(words.len())]).is_some();
            match open.last_mut() {
                Some((parts, _)) if !has_figure => parts.push((sep, segment)),
                _ => open.push((vec![("", segment)], sub)),
            }
        }
    }
    for (parts, sub) in open {
        let text: String = parts.iter().map(|(sep, t)| format!("{sep}{t}")).collect();
        let words: Vec<&str> = text.split_whitespace().collect();
        let Some(found) = figures::find(&words) else {
            continue;
        };
        if !found.percent && found.value.fract() != 0.0 {
            doubts.push(Doubt::at(
                line,
                source,
                format!(
                    "`{text}`: a count that is not a whole number; left out of the progress file"
                ),
            ));
            continue;
        }
        if found.percent && found.value > 100.0 {
            doubts.push(Doubt::at(
                line,
                source,
                format!("`{text}`: a percentage over 100 cannot be a progress target; left out"),
            ));
            continue;
        }
        if found.comparator.is_none() && !found.percent {
            doubts.push(Doubt::at(
                line,
                source,
                format!("`{text}`: no word says \"at least\" or \"more than\"; read as at least {} (a guess)", found.value),
            ));
        }
        let mut title = title(&words, &found, &parts);
        if !title.chars().any(char::is_alphabetic) {
            // "100%." alone: the sentence is all there is to name it.
            title = capitalise_first(&words.iter().take(12).copied().collect::<Vec<_>>().join(" "));
        }
        if sub && let Some(parent) = targets.last() {
            title = with_subject(&title, &parent.title);
        }
        let target = Target {
            id: unique_id(&title, seen),
            unit: (!found.percent)
                .then(|| unit(&words[found.end..], found.end, &found.dropped))
                .flatten(),
            title,
            percent: found.percent,
            comparator: found.comparator.unwrap_or("at-least"),
            target: found.value,
            source: source.to_string(),
            line,
            sub: Vec::new(),
        };
        match targets.last_mut() {
            Some(parent) if sub => parent.sub.push(target),
            _ => targets.push(target),
        }
    }
}

/// A clause cut at commas and at " và ", each piece with the separator
/// before it; the comma of "85,5%" is a decimal mark.
fn segments(clause: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (i, piece) in clause.split(", ").enumerate() {
        for (j, part) in piece.split(" và ").enumerate() {
            let sep = match (i, j) {
                (0, 0) => "",
                (_, 0) => ", ",
                _ => " và ",
            };
            let part = part.trim().trim_end_matches('.').trim();
            if !part.is_empty() {
                out.push((sep, part.to_string()));
            }
        }
    }
    out
}

/// The words of a target without its figure and comparator words: its
/// first segment, and the next ones while the title stays short; cut
/// before the words that only explain it ("gắn với", "để", "nhằm").
fn title(words: &[&str], found: &figures::Found, parts: &[(&str, String)]) -> String {
    const MOST: usize = 24;
    // The word index where each segment after the first begins.
    let mut starts = Vec::new();
    let mut count = 0;
    for (sep, t) in parts {
        if !sep.is_empty() {
            starts.push(count);
        }
        count += t.split_whitespace().count() + usize::from(sep.trim() == "và");
    }
    let mut kept: Vec<&str> = Vec::new();
    for (k, w) in words.iter().enumerate() {
        if starts.contains(&k) && !kept.is_empty() {
            let next_len = starts.iter().find(|&&s| s > k).map_or(words.len(), |&s| s) - k;
            if kept.len() + next_len > MOST {
                break;
            }
        }
        let lower = w.to_lowercase();
        // "Quyên góp 1.500.000 đồng cho Quỹ": the sum's unit goes with it.
        let currency = k == found.end && lower == "đồng";
        if (found.start..found.end).contains(&k) || found.dropped.contains(&k) || currency {
            continue;
        }
        let explains = (lower == "gắn" && words.get(k + 1).is_some_and(|n| *n == "với"))
            || lower == "để"
            || lower == "nhằm";
        if explains && !kept.is_empty() {
            break;
        }
        kept.push(w);
    }
    kept.truncate(MOST);
    while kept
        .first()
        .is_some_and(|w| ["trong", "đó", "có"].contains(&w.to_lowercase().as_str()))
    {
        kept.remove(0);
    }
    let text = kept
        .join(" ")
        .trim_end_matches([',', ';', '.', ':'])
        .to_string();
    capitalise_first(&text)
}

/// A sub-target that starts with the verb of its parent takes the
/// parent's subject: "xếp loại xuất sắc" under "Công đoàn cơ sở xếp loại
/// tốt" is "Công đoàn cơ sở xếp loại xuất sắc".
fn with_subject(title: &str, parent: &str) -> String {
    let words: Vec<String> = title.split_whitespace().map(str::to_lowercase).collect();
    let parent_words: Vec<&str> = parent.split_whitespace().collect();
    if words.len() < 2 {
        return title.to_string();
    }
    let at = parent_words
        .windows(2)
        .position(|w| w[0].to_lowercase() == words[0] && w[1].to_lowercase() == words[1]);
    match at {
        Some(p) if p > 0 => format!(
            "{} {}",
            parent_words[..p].join(" "),
            super::case::lower_first(title)
        ),
        _ => title.to_string(),
    }
}

/// What a count counts: an abbreviation or a one-word unit after the
/// figure ("CĐCS", "đồng"), else two words ("đoàn viên"), never the
/// comparator's words.
fn unit(after: &[&str], start: usize, dropped: &[usize]) -> Option<String> {
    const ONE_WORD: &[&str] = &[
        "đồng", "người", "lượt", "buổi", "cuộc", "lớp", "hộ", "suất", "phần", "cây", "ngày",
    ];
    let clean = |w: &str| w.trim_matches([',', ';', '.', '(', ')', ':']).to_string();
    let first = clean(after.first()?);
    if keeps_capitals(&first) || ONE_WORD.contains(&first.to_lowercase().as_str()) {
        return Some(first);
    }
    let words: Vec<String> = after
        .iter()
        .enumerate()
        .take(2)
        .take_while(|(k, _)| !dropped.contains(&(start + k)))
        .map(|(_, w)| clean(w))
        .collect();
    Some(words.join(" ")).filter(|u| !u.is_empty())
}

/// An id from the title's first six words; more of them when another
/// target has those ("cong-doan-co-so-xep-loai-hoan-thanh-xuat-sac" under
/// "cong-doan-co-so-xep-loai"), a number only when that is not enough.
fn unique_id(title: &str, seen: &mut Vec<String>) -> String {
    let slug = slugify(title);
    let words = |n: usize| slug.split('-').take(n).collect::<Vec<_>>().join("-");
    let base = match words(6) {
        short if short.is_empty() => "chi-tieu".to_string(),
        short if seen.contains(&short) => words(12),
        short => short,
    };
    let mut id = base.clone();
    let mut n = 2;
    while seen.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    seen.push(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    fn targets_of(text: &str) -> Vec<Target> {
        let mut targets = Vec::new();
        let mut doubts = Vec::new();
        read_sentence(text, text, 1, &mut targets, &mut Vec::new(), &mut doubts);
        targets
    }

    #[test]
    fn one_target_per_figure_with_sub_targets() {
        let t = targets_of(
            "Trên 85% Công đoàn cơ sở xếp loại hoàn thành tốt nhiệm vụ, trong đó có 20% xếp loại hoàn thành xuất sắc.",
        );
        assert_eq!(t.len(), 1);
        assert_eq!((t[0].comparator, t[0].target), ("more-than", 85.0));
        assert_eq!(
            t[0].sub[0].title,
            "Công đoàn cơ sở xếp loại hoàn thành xuất sắc"
        );
        assert_eq!(t[0].sub[0].target, 20.0);
        let t = targets_of(
            "Vận động 90% trở lên CNVCLĐ tham gia ủng hộ Quỹ “Xã hội Công đoàn tỉnh” và tham gia các hoạt động xã hội, từ thiện, nhân đạo do các cấp, các ngành phát động.",
        );
        assert_eq!(t.len(), 1);
        assert_eq!(
            t[0].title,
            "Vận động CNVCLĐ tham gia ủng hộ Quỹ “Xã hội Công đoàn tỉnh” và tham gia các hoạt động xã hội, từ thiện"
        );
        assert!(targets_of("Doanh thu đạt 120% kế hoạch.").is_empty());
        let t = targets_of("Trên 85,5% đoàn viên tham gia, thu 1,5 triệu đồng trở lên.");
        let got: Vec<_> = t
            .iter()
            .map(|t| (t.comparator, t.target, t.percent))
            .collect();
        assert_eq!(
            got,
            [("more-than", 85.5, true), ("at-least", 1_500_000.0, false)]
        );
        let t = targets_of(
            "Kết nạp 50 đoàn viên Công đoàn trở lên, thành lập 01 CĐCS doanh nghiệp ngoài khu vực nhà nước; thu 1.500.000 đồng",
        );
        let got: Vec<_> = t
            .iter()
            .map(|t| (t.id.as_str(), t.target, t.unit.as_deref()))
            .collect();
        assert_eq!(
            got,
            [
                ("ket-nap-doan-vien-cong-doan", 50.0, Some("đoàn viên")),
                ("thanh-lap-cdcs-doanh-nghiep-ngoai", 1.0, Some("CĐCS")),
                ("thu", 1_500_000.0, Some("đồng")),
            ]
        );
    }
}
