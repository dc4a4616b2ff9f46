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

impl<'de> Deserialize<'de> for Number {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NumberVisitor;
        impl Visitor<'_> for NumberVisitor {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a plain number such as 1520 or 92.5")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Number, E> {
                Ok(Number::Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Number, E> {
                i64::try_from(v)
                    .map(Number::Int)
                    .map_err(|_| E::custom("this number is too large"))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Number, E> {
                if v.is_finite() {
                    Ok(Number::Float(v))
                } else {
                    Err(E::custom("write a finite number"))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Number, E> {
                let plain: String = v
                    .chars()
                    .filter(|c| c.is_ascii_digit() || *c == ',' || *c == '.')
                    .collect();
                let hint = if v.contains('%') {
                    format!(
                        "write percentages as a plain number without `%`, e.g. {}",
                        plain.replace(',', ".")
                    )
                } else {
                    "write numbers plainly, without quotes or thousands separators: 1520 or 92.5"
                        .to_string()
                };
                Err(E::custom(format!("`{v}` is text, not a number: {hint}")))
            }
        }
        deserializer.deserialize_any(NumberVisitor)
    }
}
