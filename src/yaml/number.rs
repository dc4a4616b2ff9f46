//! Figures as typed. `1.520` is one thousand five hundred and twenty to a
//! Vietnamese reader and 1.52 to a YAML parser; `92,5` is ninety-two and a
//! half to one and two keys to the other. Every number danvan reads goes
//! through [`read`], which looks at the text as written and refuses what a
//! person and a machine would read differently, saying how to write it.

use crate::error::Mistake;

/// The largest figure danvan accepts: beyond it, floats lose whole units.
pub(crate) const LIMIT: f64 = 1e15;

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Read {
    Int(i64),
    Float(f64),
}

fn bad(found: &str, reason: impl Into<String>) -> Mistake {
    Mistake::BadNumber {
        found: crate::suggest::shorten(found),
        reason: reason.into(),
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// `1.520`, `12.500.000`: groups of three digits after the first.
fn grouped(s: &str, sep: char) -> bool {
    let mut parts = s.split(sep);
    let first = parts.next().unwrap_or("");
    let rest: Vec<&str> = parts.collect();
    digits(first)
        && first.len() <= 3
        && !rest.is_empty()
        && rest.iter().all(|p| p.len() == 3 && digits(p))
}

/// Reads a figure from its text, or says why it cannot.
pub(crate) fn read(text: &str) -> Result<Read, Mistake> {
    let t = text.trim();
    if t.is_empty() {
        return Err(Mistake::WrongType {
            expected: "a plain number such as 1520 or 92.5".to_string(),
            found: "nothing".to_string(),
        });
    }
    let unsigned = t.strip_prefix(['-', '+']).unwrap_or(t);
    if digits(unsigned) {
        return t
            .parse::<i64>()
            .ok()
            .filter(|i| (i.unsigned_abs() as f64) <= LIMIT)
            .map(Read::Int)
            .ok_or_else(|| bad(t, "is too large for a figure"));
    }
    if let Some(number) = t.strip_suffix('%') {
        let plain = number.trim().replace(',', ".");
        return Err(bad(
            t,
            format!("has a `%`: write percentages as a plain number without `%`, e.g. {plain}"),
        ));
    }
    for sep in ['.', ','] {
        if grouped(unsigned, sep) {
            let whole: String = unsigned.chars().filter(char::is_ascii_digit).collect();
            let (int, frac) = unsigned.split_once(sep).unwrap_or((unsigned, ""));
            let frac = frac.replace(sep, "");
            let decimal = format!("{int}.{}", frac.trim_end_matches('0'));
            let decimal = decimal.trim_end_matches('.');
            return Err(bad(
                t,
                format!(
                    "has a `{sep}` before three digits, as in a thousands separator: write {whole} if that is the number, or {decimal} for a decimal; numbers in YAML have no thousands separator and a dot for decimals"
                ),
            ));
        }
    }
    if let Some((int, frac)) = unsigned.split_once(',')
        && digits(int)
        && digits(frac)
    {
        return Err(bad(
            t,
            format!("has a decimal comma: write {int}.{frac}, with a dot"),
        ));
    }
    if unsigned.split(' ').all(digits) && unsigned.contains(' ') {
        return Err(bad(
            t,
            format!(
                "has spaces between its digits: write {}",
                unsigned.replace(' ', "")
            ),
        ));
    }
    let float_like = unsigned
        .bytes()
        .all(|b| b.is_ascii_digit() || b"eE.+-".contains(&b))
        && unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.');
    if float_like && let Ok(f) = t.parse::<f64>() {
        if !f.is_finite() || f.abs() > LIMIT {
            return Err(bad(t, "is too large for a figure"));
        }
        return Ok(Read::Float(f));
    }
    Err(bad(
        t,
        "is text, not a number: write numbers plainly, without quotes or thousands separators: 1520 or 92.5",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(text: &str) -> String {
        match read(text).unwrap_err() {
            Mistake::BadNumber { reason, .. } => reason,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn machine_numbers_are_read() {
        assert_eq!(read("1520"), Ok(Read::Int(1520)));
        assert_eq!(read("-3"), Ok(Read::Int(-3)));
        assert_eq!(read("92.5"), Ok(Read::Float(92.5)));
        assert_eq!(read("31.0"), Ok(Read::Float(31.0)));
        assert_eq!(read("66.67"), Ok(Read::Float(66.67)));
    }

    #[test]
    fn human_numbers_say_how_to_write_them() {
        assert!(reason("1.520").contains("write 1520 if that is the number, or 1.52"));
        assert!(reason("1.000").contains("write 1000 if that is the number, or 1 for"));
        assert!(reason("12.500.000").contains("write 12500000"));
        assert!(reason("92,5").contains("decimal comma: write 92.5"));
        assert!(reason("85%").contains("without `%`, e.g. 85"));
        assert!(reason("1 520").contains("write 1520"));
        assert!(reason("năm 2024").contains("is text, not a number"));
    }

    #[test]
    fn huge_and_infinite_numbers_are_refused() {
        assert!(reason("1e40").contains("too large"));
        assert!(reason("99999999999999999999").contains("too large"));
        assert!(reason(".inf").contains("text, not a number"));
    }
}
