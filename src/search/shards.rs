//! The inverted index as files: postings packed into short strings, and
//! the sorted vocabulary cut into chunks small enough that a search
//! fetches only the few it needs.
//!
//! A chunk is a JSON array of terms, each `[key, form, postings, form,
//! postings, …]`: the folded key ("dang", a pair "congdoan 4", a number
//! "#04khldld"), then per exact form of the word ("" for words without
//! marks, else [`super::terms::exact_key`]) the items that have it.
//! Postings are pairs of numbers — the gap to the previous item's id and
//! the item's weight for the term ([`super::Weight`]) — each written as a
//! variable-length number in [`DIGITS`], five bits per character, the
//! sixth saying another follows. The script decodes it in a few lines.

use rustc_hash::FxHashMap;
use std::cmp::Ordering;

/// Characters of the postings strings: safe in JSON and in URLs.
pub const DIGITS: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";

/// Bytes of JSON after which a chunk is closed. A term whose postings
/// alone are longer gets a chunk of its own.
pub const CHUNK_BYTES: usize = 8_000;

/// The items that have one form of a term, in id order.
#[derive(Debug, Default)]
struct Postings {
    text: String,
    last: Option<u32>,
}

impl Postings {
    fn push(&mut self, id: u32, weight: u8) {
        let gap = match self.last {
            Some(last) => id - last - 1,
            None => id,
        };
        self.last = Some(id);
        push_number(&mut self.text, gap);
        push_number(&mut self.text, u32::from(weight));
    }
}

/// Writes `n` in [`DIGITS`], low five bits first.
pub fn push_number(out: &mut String, mut n: u32) {
    loop {
        let digit = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[digit] as char);
            return;
        }
        out.push(DIGITS[digit | 32] as char);
    }
}

/// Every term of one language's items, with its postings per form.
#[derive(Debug, Default)]
pub struct Vocabulary {
    terms: FxHashMap<String, Vec<(String, Postings)>>,
}

impl Vocabulary {
    /// Notes that item `id` has `key` in `form` with `weight`. Items must
    /// come in id order.
    pub fn add(&mut self, key: &str, form: &str, id: u32, weight: u8) {
        let forms = match self.terms.get_mut(key) {
            Some(forms) => forms,
            None => self.terms.entry(key.to_string()).or_default(),
        };
        match forms.iter_mut().find(|(f, _)| f == form) {
            Some((_, postings)) => postings.push(id, weight),
            None => {
                let mut postings = Postings::default();
                postings.push(id, weight);
                forms.push((form.to_string(), postings));
            }
        }
    }

    /// The chunks, in key order: each one's first key and its JSON.
    pub fn chunks(self) -> Vec<(String, String)> {
        let mut terms: Vec<(String, Vec<(String, Postings)>)> = self.terms.into_iter().collect();
        // The order of JavaScript's string comparison, UTF-16 code units,
        // so that the script's binary search agrees.
        terms.sort_unstable_by(|(a, _), (b, _)| utf16_order(a, b));
        let mut chunks = Vec::new();
        let mut current = String::new();
        let mut first = String::new();
        for (key, mut forms) in terms {
            forms.sort_unstable_by(|(a, _), (b, _)| utf16_order(a, b));
            if current.is_empty() {
                current.push('[');
                first.clone_from(&key);
            } else {
                current.push(',');
            }
            current.push('[');
            push_json_string(&mut current, &key);
            for (form, postings) in &forms {
                current.push(',');
                push_json_string(&mut current, form);
                current.push(',');
                push_json_string(&mut current, &postings.text);
            }
            current.push(']');
            if current.len() >= CHUNK_BYTES {
                current.push(']');
                chunks.push((std::mem::take(&mut first), std::mem::take(&mut current)));
            }
        }
        if !current.is_empty() {
            current.push(']');
            chunks.push((first, current));
        }
        chunks
    }
}

fn utf16_order(a: &str, b: &str) -> Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

fn push_json_string(out: &mut String, s: &str) {
    // Serialising a string cannot fail.
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(text: &str) -> Vec<u32> {
        let mut out = Vec::new();
        let (mut n, mut shift) = (0u32, 0);
        for b in text.bytes() {
            let d = DIGITS.iter().position(|x| *x == b).unwrap() as u32;
            n |= (d & 31) << shift;
            if d & 32 == 0 {
                out.push(n);
                (n, shift) = (0, 0);
            } else {
                shift += 5;
            }
        }
        out
    }

    #[test]
    fn numbers_round_trip_in_five_bit_digits() {
        let mut s = String::new();
        for n in [0, 1, 31, 32, 1000, 1 << 20, u32::MAX] {
            push_number(&mut s, n);
        }
        assert_eq!(decode(&s), [0, 1, 31, 32, 1000, 1 << 20, u32::MAX]);
        let mut small = String::new();
        push_number(&mut small, 31);
        assert_eq!(small.len(), 1);
    }

    #[test]
    fn postings_hold_gaps_and_weights_and_chunks_are_sorted() {
        let mut v = Vocabulary::default();
        v.add("dang", "đảng", 0, 9);
        v.add("dang", "", 3, 4);
        v.add("dang", "đảng", 5, 2);
        v.add("ban", "", 1, 1);
        let chunks = v.chunks();
        assert_eq!(chunks.len(), 1);
        let (first, json) = &chunks[0];
        assert_eq!(first, "ban");
        let terms: Vec<Vec<String>> = serde_json::from_str(json).unwrap();
        assert_eq!(terms[0][0], "ban");
        assert_eq!(terms[1][0], "dang");
        assert_eq!(terms[1][1], "", "forms sorted: the plain one first");
        assert_eq!(decode(&terms[1][2]), [3, 4]);
        assert_eq!(terms[1][3], "đảng");
        // Items 0 and 5: gaps 0 and 4.
        assert_eq!(decode(&terms[1][4]), [0, 9, 4, 2]);
    }

    #[test]
    fn a_large_vocabulary_is_cut_into_chunks_in_order() {
        let mut v = Vocabulary::default();
        for i in 0..3000u32 {
            v.add(&format!("w{i:05}"), "", i, 1);
        }
        let chunks = v.chunks();
        assert!(chunks.len() > 2, "{} chunks", chunks.len());
        for pair in chunks.windows(2) {
            assert!(pair[0].0 < pair[1].0);
        }
        assert!(
            chunks
                .iter()
                .all(|(_, json)| json.len() < CHUNK_BYTES + 100)
        );
    }
}
