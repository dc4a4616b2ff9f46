//! Calendar dates as editors write them (`2024-01-24`), and the one clock
//! of danvan ([`Date::today`]). A build never reads it: every date on the
//! site comes from content, so the same input builds the same bytes; only
//! `new` files and `check`'s staleness warnings are dated today.

use serde::de::{self, Deserialize, Deserializer, Visitor};
use std::fmt;

/// A day of the proleptic Gregorian calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let valid = (1..=12).contains(&month) && day >= 1 && day <= days_in_month(year, month);
        valid.then_some(Date { year, month, day })
    }

    /// Parses `YYYY-MM-DD`; the error says, in plain words, what is wrong.
    pub fn parse(text: &str) -> Result<Date, String> {
        Date::read(text).map_err(|reason| format!("`{text}` is not a date: {reason}"))
    }

    /// Parses `YYYY-MM-DD`; the error is the reason alone, with the fix:
    /// dates written the Vietnamese way (`24/01/2024`, `ngày 24 tháng 01
    /// năm 2024`) are told how to write them.
    pub fn read(text: &str) -> Result<Date, String> {
        let hint = "write dates as year-month-day, e.g. 2024-06-30";
        if let Some(date) = written_day_first(text) {
            return Err(format!("write it as {date} (year-month-day)"));
        }
        let parts: Vec<&str> = text.trim().split('-').collect();
        let [y, m, d] = parts.as_slice() else {
            return Err(hint.to_string());
        };
        let digits = |s: &str, len: usize| s.len() == len && s.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !(digits(m, 2) || digits(m, 1)) || !(digits(d, 2) || digits(d, 1)) {
            return Err(hint.to_string());
        }
        let (year, month, day) = (
            y.parse::<i32>().unwrap_or(0),
            m.parse::<u32>().unwrap_or(0),
            d.parse::<u32>().unwrap_or(0),
        );
        if !(1..=12).contains(&month) {
            return Err(format!("the month must be 1 to 12; {hint}"));
        }
        Date::new(year, month, day).ok_or_else(|| {
            format!(
                "month {month} of {year} has {} days",
                days_in_month(year, month)
            )
        })
    }

    /// Today, from the system clock: for `new` files and the staleness
    /// checks of `check`, never for what a build publishes.
    pub fn today() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        civil_from_days((secs / 86_400) as i64)
    }

    /// Days since 1970-01-01, for arithmetic between dates.
    pub fn days_since_epoch(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// RFC 3339 timestamp at midnight UTC, for feeds.
    pub fn rfc3339(self) -> String {
        format!("{self}T00:00:00Z")
    }
}

/// `24/01/2024`, `24.01.2024` or `ngày 24 tháng 01 năm 2024`, as a date,
/// when it is one.
fn written_day_first(text: &str) -> Option<Date> {
    let numbers: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().ok())
        .collect::<Option<_>>()?;
    let lower = text.to_lowercase();
    let day_first = text.contains(['/', '.']) || lower.contains("ngày") || lower.contains("tháng");
    match numbers.as_slice() {
        [d, m, y] if day_first && *y >= 1000 => Date::new(i32::try_from(*y).ok()?, *m, *d),
        _ => None,
    }
}

/// Days since 1970-01-01 to a date (Howard Hinnant's civil_from_days).
fn civil_from_days(z: i64) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date::new(year, month, day).unwrap_or(Date {
        year: 1970,
        month: 1,
        day: 1,
    })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct DateVisitor;
        impl<'de> Visitor<'de> for DateVisitor {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2024-06-30")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Date, E> {
                Date::parse(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Date, E> {
                Err(E::custom(format!(
                    "`{v}` is not a date: write dates as year-month-day, e.g. 2024-06-30"
                )))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Date, E> {
                self.visit_i64(v as i64)
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Date, D::Error> {
                d.deserialize_str(self)
            }
        }
        deserializer.deserialize_newtype_struct(crate::yaml::DATE, DateVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects_with_reasons() {
        assert_eq!(
            Date::parse("2024-01-24"),
            Ok(Date::new(2024, 1, 24).unwrap())
        );
        assert!(Date::parse("2024-02-30").unwrap_err().contains("29 days"));
        assert!(
            Date::parse("2024-13-01")
                .unwrap_err()
                .contains("month must be 1 to 12")
        );
        assert_eq!(
            Date::parse("24/01/2024").unwrap_err(),
            "`24/01/2024` is not a date: write it as 2024-01-24 (year-month-day)"
        );
        assert!(
            Date::read("ngày 24 tháng 01 năm 2024")
                .unwrap_err()
                .contains("2024-01-24")
        );
        assert!(Date::parse("năm ngoái").unwrap_err().contains("2024-06-30"));
    }

    #[test]
    fn days_become_dates() {
        assert_eq!(civil_from_days(0), Date::new(1970, 1, 1).unwrap());
        let d = Date::new(2024, 2, 29).unwrap();
        assert_eq!(civil_from_days(d.days_since_epoch()), d);
    }

    #[test]
    fn counts_days_between_dates() {
        let a = Date::new(2024, 1, 1).unwrap();
        let b = Date::new(2024, 12, 31).unwrap();
        assert_eq!(b.days_since_epoch() - a.days_since_epoch(), 365);
        assert_eq!(Date::new(1970, 1, 1).unwrap().days_since_epoch(), 0);
    }
}
