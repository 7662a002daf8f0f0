//! Bulletin dates with their precision, and the date phrases Vietnamese bulletins use.
//!
//! A date is known to the day, the month or the year; unknown stays unknown (`None`), never
//! guessed. Sources, strongest first, are in [`super::facts::resolve_date`]. Every date,
//! whatever its source, must fall in the [`DateWindow`]: no later than the day after today,
//! no earlier than a floor year (1945 unless `bantin ingest --min-year` says otherwise).

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

/// Years a date may be written with at all; [`DateWindow`] says which are plausible.
const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// The floor of the plausibility window unless configured.
pub const DEFAULT_MIN_YEAR: i32 = 1945;

/// The dates a bulletin can plausibly carry: from 1 January of `min_year` to `latest` (the
/// day after today: one day of slack for time zones).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DateWindow {
    pub min_year: i32,
    pub latest: BulletinDate,
}

impl DateWindow {
    /// From `min_year` to the day after `today`.
    pub fn new(min_year: i32, today: BulletinDate) -> DateWindow {
        let next = days_from_civil(today.year, today.month, today.day) + 1;
        DateWindow {
            min_year,
            latest: civil_from_days(next),
        }
    }

    /// The window of this process: the one [`DateWindow::install`]ed, else from
    /// [`DEFAULT_MIN_YEAR`] to tomorrow by the system clock.
    pub fn current() -> DateWindow {
        *WINDOW.get_or_init(|| DateWindow::new(DEFAULT_MIN_YEAR, BulletinDate::today()))
    }

    /// Sets the window for the rest of the process, before any bulletin is read (`bantin
    /// ingest --min-year`). Returns false when a window was already in use.
    pub fn install(window: DateWindow) -> bool {
        WINDOW.set(window).is_ok()
    }

    /// True when the first day `date` covers is in the window: in November 2026, `2026` and
    /// `2026-11` are plausible, `2026-12` is not.
    pub fn contains(&self, date: &BulletinDate) -> bool {
        date.year >= self.min_year && date.unix_seconds() <= self.latest.unix_seconds()
    }
}

static WINDOW: std::sync::OnceLock<DateWindow> = std::sync::OnceLock::new();

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

    /// Today by the system clock (UTC).
    pub fn today() -> BulletinDate {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        civil_from_days((seconds / 86_400) as i64)
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

/// Unix seconds as an RFC 3339 time in UTC: `2024-07-11T08:30:00Z`.
pub fn rfc3339(seconds: i64) -> String {
    let date = civil_from_days(seconds.div_euclid(86_400));
    let of_day = seconds.rem_euclid(86_400);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        date.year,
        date.month,
        date.day,
        of_day / 3600,
        of_day % 3600 / 60,
        of_day % 60
    )
}

/// The day-precision date `days` after 1970-01-01 (H. Hinnant's algorithm, inverse of
/// [`days_from_civil`]).
pub(crate) fn civil_from_days(days: i64) -> BulletinDate {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (year_of_era + era * 400 + i64::from(month <= 2)) as i32;
    BulletinDate {
        year,
        month,
        day,
        precision: Precision::Day,
    }
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
    fn times_are_rfc_3339_in_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        // `date -ud @1720686600`: Thu Jul 11 08:30:00 UTC 2024.
        assert_eq!(rfc3339(1_720_686_600), "2024-07-11T08:30:00Z");
    }

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
    fn civil_days_round_trip() {
        for days in [-1, 0, 59, 365, 19_723, 20_415, 2_932_896] {
            let date = civil_from_days(days);
            assert_eq!(days_from_civil(date.year, date.month, date.day), days);
        }
        assert_eq!(civil_from_days(19_915).to_string(), "2024-07-11");
    }

    #[test]
    fn window_allows_tomorrow_but_not_the_day_after() {
        let today = BulletinDate::day(2025, 12, 31).expect("valid");
        let window = DateWindow::new(1945, today);
        let ok = |s: &str| window.contains(&BulletinDate::parse_iso(s).expect("valid"));
        assert!(ok("2026-01-01"));
        assert!(!ok("2026-01-02"));
        assert!(ok("2026"), "a year that has begun by tomorrow");
        assert!(!ok("2026-02"));
        assert!(ok("1945-01-01"));
        assert!(!ok("1944-12-31"));
        assert!(DateWindow::new(1900, today).contains(&BulletinDate::year(1930).expect("valid")));
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
