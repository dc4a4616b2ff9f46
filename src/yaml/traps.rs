//! The traps Vietnamese text sets in YAML, found on the tree: a comma
//! inside unquoted text in `{vi: ..., en: ...}` (YAML ends the text there
//! and makes a key of the rest), a decimal comma in `{value: 92,5}`, a `#`
//! that cuts a value short, a key written twice, and a flow list split by
//! a comma that belonged to one item. Each is reported at the text the
//! editor wrote, with the fix; the pieces are left out so that the rest of
//! the file can still be checked.

use super::tree::{Kind, NodeId, Pos, Style, Tree};
use crate::error::Mistake;

pub(crate) struct Found {
    pub errors: Vec<(Pos, Mistake)>,
    pub warnings: Vec<(Pos, String)>,
}

pub(crate) fn check(tree: &mut Tree, chars: &[char]) -> Found {
    let mut found = Found {
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    for id in 0..tree.nodes.len() {
        if tree.nodes[id].removed {
            continue;
        }
        match &tree.nodes[id].kind {
            Kind::Map { .. } => {
                duplicate_keys(tree, id, &mut found);
                if tree.nodes[id].flow {
                    split_flow_text(tree, id, chars, &mut found);
                }
            }
            Kind::Seq { .. } if tree.nodes[id].flow => split_flow_list(tree, id, &mut found),
            Kind::Scalar {
                style: Style::Plain,
                text,
            } if !text.is_empty() && !tree.nodes[id].is_key => {
                cut_by_comment(tree, id, chars, &mut found);
            }
            _ => {}
        }
    }
    found
}

fn text_of(tree: &Tree, id: NodeId) -> Option<&str> {
    match tree.scalar(id) {
        Some((t, Style::Plain)) => Some(t),
        _ => None,
    }
}

fn duplicate_keys(tree: &mut Tree, map: NodeId, found: &mut Found) {
    let entries = tree.entries(map);
    let mut seen = std::collections::HashSet::new();
    let mut twice = Vec::new();
    for (k, v) in &entries {
        if let Some((key, _)) = tree.scalar(*k)
            && !seen.insert(key)
        {
            twice.push((*k, *v, key.to_string()));
        }
    }
    for (k, v, key) in twice {
        found.errors.push((
            tree.node(k).start,
            Mistake::Syntax {
                message: format!("`{key}` is written twice in this block: keep one"),
            },
        ));
        tree.remove_entry(k, v);
    }
}

/// `{vi: Cơ quan, đơn vị ban hành, en: ...}`: after a text value, keys
/// without a `:` are the rest of that text, cut off by the comma.
fn split_flow_text(tree: &mut Tree, map: NodeId, chars: &[char], found: &mut Found) {
    let entries = tree.entries(map);
    let implicit = |tree: &Tree, (k, v): (NodeId, NodeId)| {
        let empty_value = matches!(tree.scalar(v), Some(("", Style::Plain)));
        let key_end = tree.node(k).end.index;
        let colon = chars[key_end.min(chars.len())..]
            .iter()
            .find(|c| **c != ' ')
            .is_some_and(|c| *c == ':');
        empty_value && !colon && text_of(tree, k).is_some()
    };
    let mut i = 0;
    while i < entries.len() {
        let (key, value) = entries[i];
        let pieces: Vec<(NodeId, NodeId)> = entries[i + 1..]
            .iter()
            .copied()
            .take_while(|e| implicit(tree, *e))
            .collect();
        let Some(first) = text_of(tree, value).filter(|_| !pieces.is_empty()) else {
            i += 1;
            continue;
        };
        let rest: Vec<&str> = pieces
            .iter()
            .filter_map(|(k, _)| text_of(tree, *k))
            .collect();
        let key_name = tree.scalar(key).map_or("", |(t, _)| t);
        // The text as written, from the value to the last piece.
        let last = pieces.last().map_or(value, |(k, _)| *k);
        let (from, to) = (tree.node(value).start.index, tree.node(last).end.index);
        let whole: String = chars[from.min(chars.len())..to.min(chars.len())]
            .iter()
            .collect();
        let number_like = rest.len() == 1
            && first
                .trim_start_matches('-')
                .bytes()
                .all(|b| b.is_ascii_digit())
            && rest[0].bytes().all(|b| b.is_ascii_digit());
        let kind = if number_like {
            // `92,5` or `1,250`: what the number reader says of it.
            let written = format!("{first},{}", rest[0]);
            super::number::read(&written)
                .err()
                .unwrap_or(Mistake::BadNumber {
                    reason: format!("has a decimal comma: write {first}.{}, with a dot", rest[0]),
                    found: written,
                })
        } else {
            Mistake::Syntax {
                message: format!(
                    "the comma after `{first}` ends the text: put it in quotes: `{key_name}: \"{}\"`",
                    whole.replace('"', "\\\"")
                ),
            }
        };
        found.errors.push((tree.node(value).start, kind));
        tree.remove_entry(key, value);
        for (k, v) in &pieces {
            tree.remove_entry(*k, *v);
        }
        i += 1 + pieces.len();
    }
}

/// `[Các LĐLĐ tỉnh, thành phố, ...]`: a piece that starts with a small
/// letter after items that start with capitals was most likely the end of
/// the item before it.
fn split_flow_list(tree: &Tree, seq: NodeId, found: &mut Found) {
    let items = tree.items(seq);
    let starts_upper = |t: &str| t.chars().next().is_some_and(char::is_uppercase);
    let Some(first) = items.first().and_then(|i| text_of(tree, *i)) else {
        return;
    };
    if !starts_upper(first) {
        return;
    }
    for pair in items.windows(2) {
        let (Some(before), Some(piece)) = (text_of(tree, pair[0]), text_of(tree, pair[1])) else {
            continue;
        };
        if piece.chars().next().is_some_and(char::is_lowercase) && piece.contains(' ') {
            found.warnings.push((
                tree.node(pair[1]).start,
                format!(
                    "`{piece}` starts with a small letter, so the comma before it may belong to the item `{before}, {piece}`: if so, put that item in quotes (\"{before}, {piece}\") or write the list one item per line, each starting with `- `"
                ),
            ));
        }
    }
}

/// `title: Báo cáo sơ kết #2 năm 2024`: YAML takes ` #` for a comment and
/// silently drops the rest of the line.
fn cut_by_comment(tree: &Tree, id: NodeId, chars: &[char], found: &mut Found) {
    let end = tree.node(id).end;
    let after = &chars[end.index.min(chars.len())..];
    let spaces = after
        .iter()
        .take_while(|c| **c == ' ' || **c == '\t')
        .count();
    if spaces == 0 || after.get(spaces) != Some(&'#') {
        return;
    }
    let next = after.get(spaces + 1).copied().unwrap_or(' ');
    if next.is_whitespace() || next == '#' {
        return;
    }
    let word: String = after[spaces..]
        .iter()
        .take_while(|c| !c.is_whitespace())
        .collect();
    found.errors.push((
        Pos {
            line: end.line,
            col: end.col + spaces,
            index: end.index + spaces,
        },
        Mistake::Syntax {
            message: format!(
                "`{word}` starts a comment in YAML, so the rest of this line would be left out: put the whole value in quotes, \"...\""
            ),
        },
    ));
}
