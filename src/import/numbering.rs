//! The numbers Word draws itself for automatically numbered paragraphs
//! (`word/numbering.xml`): a part "II.", a heading "1.", an item "a)".
//! The paragraph's text does not hold them, so they are counted here as
//! the paragraphs go by and put in front of the text, where the body
//! reader expects them. Bullets stay bullets.

use quick_xml::events::Event;
use std::collections::HashMap;

/// How one level of a list is numbered.
#[derive(Debug, Clone, PartialEq)]
struct Level {
    start: u32,
    format: String,
    text: String,
}

/// The lists of a Word file, and how far each has counted.
#[derive(Debug, Default)]
pub struct Numbering {
    /// numId → abstractNumId.
    nums: HashMap<u32, u32>,
    /// abstractNumId → its levels by `ilvl`.
    abstracts: HashMap<u32, HashMap<u32, Level>>,
    counters: HashMap<u32, [u32; 9]>,
}

impl Numbering {
    /// Reads `word/numbering.xml`; a missing or broken part numbers
    /// nothing.
    pub fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = quick_xml::Reader::from_str(xml);
        let (mut abstract_id, mut num_id, mut ilvl) = (None, None, None);
        while let Ok(event) = reader.read_event() {
            let e = match &event {
                Event::Start(e) | Event::Empty(e) => e.clone(),
                Event::End(e) if e.local_name().as_ref() == "lvl" => {
                    ilvl = None;
                    continue;
                }
                Event::Eof => break,
                _ => continue,
            };
            let val = |name: &str| {
                e.try_get_attribute(name)
                    .ok()
                    .flatten()
                    .map(|a| a.value.to_string())
            };
            let number = |name: &str| val(name).and_then(|v| v.parse::<u32>().ok());
            match e.local_name().as_ref() {
                "abstractNum" => abstract_id = number("w:abstractNumId"),
                "num" => num_id = number("w:numId"),
                "abstractNumId" => {
                    if let (Some(num), Some(a)) = (num_id, number("w:val")) {
                        n.nums.insert(num, a);
                    }
                }
                "lvl" => ilvl = number("w:ilvl"),
                "start" | "numFmt" | "lvlText" => {
                    let (Some(a), Some(l), Some(v)) = (abstract_id, ilvl, val("w:val")) else {
                        continue;
                    };
                    let level = n.abstracts.entry(a).or_default().entry(l).or_insert(Level {
                        start: 1,
                        format: "decimal".into(),
                        text: format!("%{}.", l + 1),
                    });
                    match e.local_name().as_ref() {
                        "start" => level.start = v.parse().unwrap_or(1),
                        "numFmt" => level.format = v,
                        _ => level.text = v,
                    }
                }
                _ => {}
            }
        }
        n
    }

    /// The number of the next paragraph of list `num` at level `ilvl`:
    /// `Some("II.")`, `Some("-")` for a bullet, `None` when Word draws
    /// nothing.
    pub fn next(&mut self, num: u32, ilvl: u32) -> Option<String> {
        let levels = self.abstracts.get(self.nums.get(&num)?)?;
        let ilvl = ilvl.min(8);
        let level = levels.get(&ilvl)?;
        if level.format == "bullet" {
            return Some("-".into());
        }
        if level.format == "none" {
            return None;
        }
        let counters = self.counters.entry(num).or_insert_with(|| {
            let mut c = [0; 9];
            for (l, slot) in c.iter_mut().enumerate() {
                *slot = levels
                    .get(&(l as u32))
                    .map_or(0, |lv| lv.start.saturating_sub(1));
            }
            c
        });
        counters[ilvl as usize] += 1;
        for (deeper, slot) in counters.iter_mut().enumerate().skip(ilvl as usize + 1) {
            *slot = levels
                .get(&(deeper as u32))
                .map_or(0, |lv| lv.start.saturating_sub(1));
        }
        let mut text = level.text.clone();
        for l in 0..9u32 {
            let placeholder = format!("%{}", l + 1);
            if text.contains(&placeholder) {
                let format = levels.get(&l).map_or("decimal", |lv| lv.format.as_str());
                text = text.replace(&placeholder, &draw(counters[l as usize], format));
            }
        }
        Some(text)
    }
}

/// A counter as Word draws it in `format`.
fn draw(n: u32, format: &str) -> String {
    match format {
        "upperRoman" => crate::number::roman(n),
        "lowerRoman" => crate::number::roman(n).to_lowercase(),
        "upperLetter" => letter(n).to_uppercase(),
        "lowerLetter" => letter(n),
        _ => n.to_string(),
    }
}

fn letter(n: u32) -> String {
    // Vietnamese lists letter a, b, c ...; past z Word repeats the letter.
    let k = n.saturating_sub(1);
    let c = char::from(b'a' + (k % 26) as u8);
    c.to_string().repeat(k as usize / 26 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_numbers_are_counted_as_word_draws_them() {
        let xml = r#"<w:numbering xmlns:w="w">
<w:abstractNum w:abstractNumId="3">
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
<w:lvl w:ilvl="2"><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>
<w:abstractNum w:abstractNumId="4"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl></w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="3"/></w:num>
<w:num w:numId="2"><w:abstractNumId w:val="4"/></w:num>
</w:numbering>"#;
        let mut n = Numbering::parse(xml);
        let drawn: Vec<Option<String>> = [
            (1, 0),
            (1, 1),
            (1, 1),
            (1, 2),
            (1, 0),
            (1, 1),
            (2, 0),
            (9, 0),
        ]
        .iter()
        .map(|&(num, l)| n.next(num, l))
        .collect();
        let drawn: Vec<&str> = drawn
            .iter()
            .map(|d| d.as_deref().unwrap_or("none"))
            .collect();
        assert_eq!(drawn, ["I.", "1.", "2.", "a)", "II.", "1.", "-", "none"]);
        assert_eq!(Numbering::parse("not xml <<").next(1, 0), None);
    }
}
