//! Numbers as editors write them in YAML: plain machine numbers (`1520`,
//! `92.5`). A localised string such as `"1.520"` or `"85%"` is refused with
//! a message that says how to write it, because `1.520` means one thousand
//! five hundred and twenty to a Vietnamese reader and 1.52 to a parser.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;

/// A figure from YAML, kept exact when it is a whole number.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd)]
pub enum Number {
    Int(i64),
    Float(f64),
}

impl Number {
    pub fn as_f64(self) -> f64 {
        match self {
            Number::Int(i) => i as f64,
            Number::Float(f) => f,
        }
    }

    pub fn is_integer(self) -> bool {
        matches!(self, Number::Int(_))
    }
}

/// The message for a number written as text (`"1.520"`, `"85%"`).
pub fn text_is_not_a_number(v: &str) -> String {
    let hint = if v.contains('%') {
        let plain: String = v
            .chars()
            .filter(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
            .collect();
        format!(
            "write percentages as a plain number without `%`, e.g. {}",
            plain.replace(',', ".")
        )
    } else {
        "write numbers plainly, without quotes or thousands separators: 1520 or 92.5".to_string()
    };
    format!("`{v}` is text, not a number: {hint}")
}

impl Number {
    /// The exact value the editor wrote. A float is taken at its shortest
    /// decimal form (`72.4` is 724/10), which is what was typed.
    pub fn to_rational(self) -> Rational {
        match self {
            Number::Int(i) => Rational::new(i128::from(i), 1),
            Number::Float(f) => Rational::from_decimal(&format!("{f}")),
        }
    }
}

/// An exact fraction, for deciding statuses without rounding: 34 of 40 is
/// exactly 85%, which does not satisfy "more than 85%".
#[derive(Debug, Clone, Copy)]
pub struct Rational {
    num: i128,
    den: i128,
}

impl Rational {
    pub fn new(num: i128, den: i128) -> Rational {
        let (num, den) = if den < 0 { (-num, -den) } else { (num, den) };
        let g = gcd(num.unsigned_abs(), den.unsigned_abs()).max(1) as i128;
        Rational {
            num: num / g,
            den: (den / g).max(1),
        }
    }

    pub fn from_int(i: i64) -> Rational {
        Rational::new(i128::from(i), 1)
    }

    /// Parses a plain decimal such as `72.4`, `-3`, `1e-7` (as Rust prints
    /// floats); anything else becomes zero.
    fn from_decimal(text: &str) -> Rational {
        let (mantissa, exponent) = match text.split_once(['e', 'E']) {
            Some((m, e)) => (m, e.parse::<i32>().unwrap_or(0)),
            None => (text, 0),
        };
        let (int_part, frac_part) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = format!("{int_part}{frac_part}");
        let num: i128 = digits.parse().unwrap_or(0);
        let scale = exponent - frac_part.len() as i32;
        let ten = |n: i32| 10i128.checked_pow(n.unsigned_abs().min(30)).unwrap_or(1);
        if scale >= 0 {
            Rational::new(num.saturating_mul(ten(scale)), 1)
        } else {
            Rational::new(num, ten(scale))
        }
    }

    fn times(self, other: Rational) -> Rational {
        Rational::new(
            self.num.saturating_mul(other.num),
            self.den.saturating_mul(other.den),
        )
    }

    /// `self / other`, or `None` when `other` is zero.
    pub fn checked_div(self, other: Rational) -> Option<Rational> {
        (other.num != 0).then(|| {
            Rational::new(
                self.num.saturating_mul(other.den),
                self.den.saturating_mul(other.num),
            )
        })
    }

    fn plus(self, other: Rational) -> Rational {
        Rational::new(
            self.num.saturating_mul(other.den) + other.num.saturating_mul(self.den),
            self.den.saturating_mul(other.den),
        )
    }

    fn minus(self, other: Rational) -> Rational {
        self.plus(Rational::new(-other.num, other.den))
    }

    pub fn is_negative(self) -> bool {
        self.num < 0
    }

    pub fn is_integer(self) -> bool {
        self.den == 1
    }

    /// The largest whole number not above `self`.
    pub fn floor(self) -> i128 {
        self.num.div_euclid(self.den)
    }

    /// The smallest whole number not below `self`.
    pub fn ceil(self) -> i128 {
        -(-self.num).div_euclid(self.den)
    }

    /// `self` in steps of 10^-`decimals`: rounded half away from zero,
    /// down (`Some(false)`) or up (`Some(true)`).
    pub fn to_places(self, decimals: u32, up: Option<bool>) -> Rational {
        let scale = 10i128.pow(decimals.min(12));
        let scaled = self.times(Rational::new(scale, 1));
        let steps = match up {
            Some(true) => scaled.ceil(),
            Some(false) => scaled.floor(),
            None if scaled.is_negative() => -(Rational::new(1, 2) - scaled).floor(),
            None => (scaled + Rational::new(1, 2)).floor(),
        };
        Rational::new(steps, scale)
    }

    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }
}

impl std::ops::Mul for Rational {
    type Output = Rational;
    fn mul(self, other: Rational) -> Rational {
        self.times(other)
    }
}

impl std::ops::Add for Rational {
    type Output = Rational;
    fn add(self, other: Rational) -> Rational {
        self.plus(other)
    }
}

impl std::ops::Sub for Rational {
    type Output = Rational;
    fn sub(self, other: Rational) -> Rational {
        self.minus(other)
    }
}

impl PartialEq for Rational {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == std::cmp::Ordering::Equal
    }
}

impl Eq for Rational {}

impl PartialOrd for Rational {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Rational {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.num.saturating_mul(other.den)).cmp(&other.num.saturating_mul(self.den))
    }
}

fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

impl Number {
    /// A float with no fraction is a whole number: `31.0` counts 31.
    pub fn from_f64(v: f64) -> Number {
        if v.fract() == 0.0 && v.abs() <= crate::yaml::MAX_FIGURE {
            Number::Int(v as i64)
        } else {
            Number::Float(v)
        }
    }

    /// A figure from a deserializer's float, refused when it is not a
    /// finite number within reach of whole units.
    pub fn checked_f64<E: de::Error>(v: f64) -> Result<Number, E> {
        if v.is_finite() && v.abs() <= crate::yaml::MAX_FIGURE {
            Ok(Number::from_f64(v))
        } else {
            Err(E::custom("this number is too large for a figure"))
        }
    }

    /// A figure from a deserializer's unsigned integer.
    pub fn checked_u64<E: de::Error>(v: u64) -> Result<Number, E> {
        i64::try_from(v)
            .map(Number::Int)
            .map_err(|_| E::custom("this number is too large"))
    }
}

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl<'de> Visitor<'de> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a plain number such as 1520 or 92.5")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                Number::checked_u64(v)
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                Number::checked_f64(v)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
                Err(E::custom(text_is_not_a_number(v)))
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Number, D::Error> {
                d.deserialize_any(self)
            }
        }
        crate::yaml::deserialize_number(deserializer, NumberVisitor)
    }
}

/// The value of a Roman numeral such as `IV` (parts of a document are
/// numbered so), if `text` is one.
pub fn roman_value(text: &str) -> Option<u32> {
    let digit = |c| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        'C' => Some(100),
        _ => None,
    };
    let values: Vec<i64> = text.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0i64;
    for (i, v) in values.iter().enumerate() {
        if values.get(i + 1).is_some_and(|next| next > v) {
            total -= v;
        } else {
            total += v;
        }
    }
    (!values.is_empty() && total > 0).then(|| u32::try_from(total).unwrap_or(u32::MAX))
}

/// `n` as a Roman numeral: 4 → `IV`.
pub fn roman(mut n: u32) -> String {
    const TABLE: [(u32, &str); 9] = [
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, numeral) in TABLE {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roman_numerals_both_ways() {
        assert_eq!(roman_value("III"), Some(3));
        assert_eq!(roman_value("IV"), Some(4));
        assert_eq!(roman_value("XIV"), Some(14));
        assert_eq!(roman_value("Điều"), None);
        assert_eq!(roman_value(""), None);
        assert_eq!(roman(4), "IV");
        assert_eq!(roman(19), "XIX");
        for n in 1..200 {
            assert_eq!(roman_value(&roman(n)), Some(n));
        }
    }

    #[test]
    fn floats_are_taken_as_typed() {
        assert_eq!(Number::Float(72.4).to_rational(), Rational::new(724, 10));
        assert_eq!(Number::Float(0.1).to_rational(), Rational::new(1, 10));
        assert_eq!(Number::Int(85).to_rational(), Rational::new(85, 1));
    }

    #[test]
    fn exactly_85_percent_is_not_more_than_85() {
        let percent = Rational::new(34, 40) * Rational::from_int(100);
        assert_eq!(percent, Rational::from_int(85));
        assert!(percent <= Rational::from_int(85));
        let a = Rational::new(35, 40) * Rational::from_int(100);
        assert!(a > Rational::from_int(85));
    }
}
