//! Bulletin dates with their precision, and the date phrases Vietnamese bulletins use.
//!
//! A date is known to the day, the month or the year; unknown stays unknown (`None`), never
//! guessed. Sources, strongest first (see [`super::extract`]): an explicit field, the posting
//! line `Đăng ngày: 29/09/2023`, a dateline day (`Sáng 11/7,`, `sáng nay (27/12)`) completed
//! with the year of the header or the title, the header month (` date 2023-10`), a year in
//! the title (`6 tháng đầu năm 2024`).

use std::fmt;

/// How much of a date is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Precision {
    Year,
    Month,
    Day,
}

impl Precision {
    pub fn as_u64(self) -> u64 {
        match self {
            Precision::Year => 1,
            Precision::Month => 2,
            Precision::Day => 3,
        }
    }

    pub fn from_u64(value: u64) -> Option<Self> {
        match value {
            1 => Some(Precision::Year),
            2 => Some(Precision::Month),
            3 => Some(Precision::Day),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Precision::Year => "year",
            Precision::Month => "month",
            Precision::Day => "day",
        }
    }
}

/// A calendar date known to some precision; unknown parts are 1 (`2024` is 2024-01-01, year).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct BulletinDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
    pub precision: Precision,
}

/// Years a police bulletin can plausibly carry.
const YEARS: std::ops::RangeInclusive<i32> = 1945..=2100;

impl BulletinDate {
    pub fn day(year: i32, month: u32, day: u32) -> Option<Self> {
        (YEARS.contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day))
        .then_some(BulletinDate {
            year,
            month,
            day,
            precision: Precision::Day,
        })
    }

    pub fn month(year: i32, month: u32) -> Option<Self> {
        Self::day(year, month, 1).map(|d| BulletinDate {
            precision: Precision::Month,
            ..d
        })
    }

    pub fn year(year: i32) -> Option<Self> {
        Self::day(year, 1, 1).map(|d| BulletinDate {
            precision: Precision::Year,
            ..d
        })
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (also with `/`), as JSON Lines and filters
    /// give dates.
    pub fn parse_iso(text: &str) -> Option<Self> {
        let mut parts = text.trim().split(['-', '/']);
        let year = parse_number(parts.next()?, 4)?;
        let Some(month) = parts.next() else {
            return Self::year(year as i32);
        };
        let month = parse_number(month, 2)?;
        let Some(day) = parts.next() else {
            return Self::month(year as i32, month);
        };
        let day = parse_number(day, 2)?;
        if parts.next().is_some() {
            return None;
        }
        Self::day(year as i32, month, day)
    }

    /// Seconds since the Unix epoch at midnight UTC of the first day the date covers.
    pub fn unix_seconds(&self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400
    }

    /// The last day this date covers, as a day-precision date (`2024-02` → `2024-02-29`).
    pub fn last_day(&self) -> BulletinDate {
        let (month, day) = match self.precision {
            Precision::Day => (self.month, self.day),
            Precision::Month => (self.month, days_in_month(self.year, self.month)),
            Precision::Year => (12, 31),
        };
        BulletinDate {
            year: self.year,
            month,
            day,
            precision: Precision::Day,
        }
    }
}

impl fmt::Display for BulletinDate {
    /// The date at its precision: `2024-07-11`, `2024-07` or `2024`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.precision {
            Precision::Day => write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day),
            Precision::Month => write!(f, "{:04}-{:02}", self.year, self.month),
            Precision::Year => write!(f, "{:04}", self.year),
        }
    }
}

fn parse_number(text: &str, max_digits: usize) -> Option<u32> {
    let text = text.trim();
    if text.is_empty() || text.len() > max_digits || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(year: i32, month: u32, day: u32) -> i64 {
    let year = i64::from(year) - i64::from(month <= 2);
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month = i64::from(month);
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// A day and month found in running text, with the year when it was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DayMonth {
    pub day: u32,
    pub month: u32,
    pub year: Option<i32>,
}

impl DayMonth {
    /// Completes the day with a year. When only a reference month is known (the header's),
    /// a dateline later in the year than the reference belongs to the year before: a bulletin
    /// filed in January about 28/12 happened in December of the previous year.
    pub fn resolve(&self, reference: Option<BulletinDate>) -> Option<BulletinDate> {
        if let Some(year) = self.year {
            return BulletinDate::day(year, self.month, self.day);
        }
        let reference = reference?;
        let year = if reference.precision >= Precision::Month && self.month > reference.month {
            reference.year - 1
        } else {
            reference.year
        };
        BulletinDate::day(year, self.month, self.day)
    }
}

/// Parses `d/m` or `d/m/yyyy` at the start of `text` (also with `-` or `.`), returning the
/// date and the bytes it took.
pub fn parse_day_month(text: &str) -> Option<(DayMonth, usize)> {
    let bytes = text.as_bytes();
    let (day, mut at) = digits(bytes, 0, 2)?;
    let separator = *bytes.get(at)?;
    if !matches!(separator, b'/' | b'-' | b'.') {
        return None;
    }
    let (month, next) = digits(bytes, at + 1, 2)?;
    at = next;
    let mut year = None;
    if bytes.get(at) == Some(&separator) {
        if let Some((y, next)) = digits(bytes, at + 1, 4).filter(|(_, end)| end - at - 1 == 4) {
            year = Some(y as i32);
            at = next;
        }
    }
    if bytes.get(at).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    let found = DayMonth { day, month, year };
    // Validate the day and month now (any leap year accepts 29/2).
    BulletinDate::day(year.unwrap_or(2000), month, day)?;
    Some((found, at))
}

/// Up to `max` ASCII digits at `from`, as a number and the index after them.
fn digits(bytes: &[u8], from: usize, max: usize) -> Option<(u32, usize)> {
    let len = bytes[from.min(bytes.len())..]
        .iter()
        .take(max + 1)
        .take_while(|b| b.is_ascii_digit())
        .count();
    if len == 0 || len > max {
        return None;
    }
    let value = std::str::from_utf8(&bytes[from..from + len])
        .ok()?
        .parse()
        .ok()?;
    Some((value, from + len))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_at_each_precision() {
        assert_eq!(
            BulletinDate::parse_iso("2024").map(|d| d.to_string()),
            Some("2024".into())
        );
        assert_eq!(
            BulletinDate::parse_iso("2024-07").map(|d| d.to_string()),
            Some("2024-07".into())
        );
        assert_eq!(
            BulletinDate::parse_iso("2024-07-11").map(|d| d.to_string()),
            Some("2024-07-11".into())
        );
        assert_eq!(BulletinDate::parse_iso("2024-02-30"), None);
        assert_eq!(BulletinDate::parse_iso("2024-13"), None);
        assert_eq!(BulletinDate::parse_iso("20240711"), None);
        assert_eq!(BulletinDate::parse_iso("2024-07-11-1"), None);
        assert_eq!(BulletinDate::parse_iso(""), None);
    }

    #[test]
    fn unix_seconds_match_known_days() {
        assert_eq!(
            BulletinDate::day(1970, 1, 1).map(|d| d.unix_seconds()),
            Some(0)
        );
        assert_eq!(
            BulletinDate::day(2024, 7, 11).map(|d| d.unix_seconds()),
            Some(1_720_656_000)
        );
    }

    #[test]
    fn last_day_of_month_and_year() {
        let feb = BulletinDate::month(2024, 2).map(|d| d.last_day().to_string());
        assert_eq!(feb, Some("2024-02-29".into()));
        assert_eq!(
            BulletinDate::year(2023).map(|d| d.last_day().to_string()),
            Some("2023-12-31".into())
        );
    }

    #[test]
    fn day_month_forms_from_seeds() {
        assert_eq!(
            parse_day_month("11/7, Công an"),
            Some((
                DayMonth {
                    day: 11,
                    month: 7,
                    year: None
                },
                4
            ))
        );
        assert_eq!(
            parse_day_month("28/9/2023, Bộ"),
            Some((
                DayMonth {
                    day: 28,
                    month: 9,
                    year: Some(2023)
                },
                9
            ))
        );
        assert_eq!(
            parse_day_month("29/09/2023 -"),
            Some((
                DayMonth {
                    day: 29,
                    month: 9,
                    year: Some(2023)
                },
                10
            ))
        );
        assert_eq!(
            parse_day_month("27/12)"),
            Some((
                DayMonth {
                    day: 27,
                    month: 12,
                    year: None
                },
                5
            ))
        );
    }

    #[test]
    fn day_month_rejects_non_dates() {
        assert_eq!(parse_day_month("12-NQ/TW"), None);
        assert_eq!(parse_day_month("80,38%"), None);
        assert_eq!(parse_day_month("32/1"), None);
        assert_eq!(parse_day_month("1/13"), None);
        assert_eq!(parse_day_month("118 và"), None);
        assert_eq!(parse_day_month("06/CP"), None);
    }

    #[test]
    fn dateline_year_comes_from_reference_month() {
        let header = BulletinDate::month(2023, 12);
        let dm = DayMonth {
            day: 27,
            month: 12,
            year: None,
        };
        assert_eq!(
            dm.resolve(header).map(|d| d.to_string()),
            Some("2023-12-27".into())
        );
        let january = BulletinDate::month(2024, 1);
        assert_eq!(
            dm.resolve(january).map(|d| d.to_string()),
            Some("2023-12-27".into())
        );
        assert_eq!(dm.resolve(None), None);
    }
}
