//! The date field of a record, in the forms scrapers write it.
//!
//! Accepted, tried in this order:
//! - `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (also with `/`), `YYYYMMDD`: the date at that precision.
//! - RFC 3339 / ISO 8601 date-times, `2024-07-11T08:30:00+07:00`, `…Z`, `…+0700`, or with a
//!   space for the `T`: with an offset, the calendar date in Vietnam (UTC+7), since a bulletin
//!   posted at 23:30 in Hà Nội is dated that day whatever zone the scraper wrote; without
//!   one, the date as written.
//! - RFC 2822, as RSS `pubDate` writes it: `Thu, 11 Jul 2024 08:30:00 +0700`.
//! - `dd/mm/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, optionally with a time (`11/07/2024 08:30`)
//!   or words around it (`Thứ năm, 11/07/2024 - 08:30`): day first, as Vietnamese writes
//!   it, unless only month first makes a date (`7/13/2024`).
//! - Unix time: 9 to 11 digits are seconds, 12 to 14 milliseconds (a JSON number or a
//!   string); the date in Vietnam.
//!
//! Anything else (`yesterday`, `2 giờ trước`) is `None`: the caller keeps the bulletin, warns,
//! and falls back to the date in the text. Whether a date read here is plausible (not before
//! the floor year, not after tomorrow) is the caller's [`super::DateWindow`] to say.

use time::format_description::well_known::{Rfc2822, Rfc3339};
use time::{OffsetDateTime, UtcOffset};

use super::BulletinDate;

/// Vietnam's offset from UTC, all year round.
const VIETNAM: UtcOffset = match UtcOffset::from_hms(7, 0, 0) {
    Ok(offset) => offset,
    Err(_) => UtcOffset::UTC,
};

/// Reads a record's date field (see the module documentation for the forms).
pub fn parse_date_field(text: &str) -> Option<BulletinDate> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if let Some(seconds) = unix_seconds(text) {
        return date_in_vietnam(seconds);
    }
    BulletinDate::parse_iso(text)
        .or_else(|| compact_date(text))
        .or_else(|| iso_date_time(text))
        .or_else(|| rfc2822(text))
        .or_else(|| day_month_year(text))
}

/// Reads a date a user gives a filter: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` (also with `/`), or
/// day first as Vietnamese write it and as ingest reads it: `12/3/2019`, `12-03-2019`,
/// `12.3.2019`, and a month `3/2019`.
pub fn parse_filter_date(text: &str) -> Option<BulletinDate> {
    let text = text.trim();
    BulletinDate::parse_iso(text)
        .or_else(|| one_day_month_year(text))
        .or_else(|| month_year(text))
}

/// `3/2019`, `03-2019`, `3.2019`: a month, month first.
fn month_year(text: &str) -> Option<BulletinDate> {
    let (month, year) = text.split_once(['/', '-', '.'])?;
    let digits = |part: &str, len: std::ops::RangeInclusive<usize>| {
        (len.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()))
            .then(|| part.parse::<u32>().ok())
            .flatten()
    };
    let year = i32::try_from(digits(year, 4..=4)?).ok()?;
    BulletinDate::month(year, digits(month, 1..=2)?)
}

/// The calendar date in Vietnam at `seconds` since the Unix epoch.
pub fn date_in_vietnam(seconds: i64) -> Option<BulletinDate> {
    let moment = OffsetDateTime::from_unix_timestamp(seconds).ok()?;
    calendar_date(moment.to_offset(VIETNAM))
}

fn calendar_date(moment: OffsetDateTime) -> Option<BulletinDate> {
    BulletinDate::day(
        moment.year(),
        u8::from(moment.month()).into(),
        moment.day().into(),
    )
}

/// ISO 8601's basic form, `20240711`.
fn compact_date(text: &str) -> Option<BulletinDate> {
    if text.len() != 8 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let number = |range: std::ops::Range<usize>| text.get(range)?.parse::<u32>().ok();
    let year = i32::try_from(number(0..4)?).ok()?;
    BulletinDate::day(year, number(4..6)?, number(6..8)?)
}

/// Unix seconds (9 to 11 digits, an optional fraction) or milliseconds (12 to 14 digits).
fn unix_seconds(text: &str) -> Option<i64> {
    let whole = text.split_once('.').map_or(text, |(whole, fraction)| {
        if fraction.bytes().all(|b| b.is_ascii_digit()) {
            whole
        } else {
            ""
        }
    });
    if !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let value: i64 = whole.parse().ok()?;
    match whole.len() {
        9..=11 => Some(value),
        12..=14 => Some(value / 1000),
        _ => None,
    }
}

/// RFC 3339 first; then the ISO 8601 forms it refuses: a space for `T`, no seconds, an
/// offset without a colon or without minutes, no offset at all.
fn iso_date_time(text: &str) -> Option<BulletinDate> {
    if let Ok(moment) = OffsetDateTime::parse(text, &Rfc3339) {
        return calendar_date(moment.to_offset(VIETNAM));
    }
    let (date, time) = text.split_at_checked(10)?;
    let date = BulletinDate::parse_iso(date).filter(|d| d.precision == super::Precision::Day)?;
    let time = time.strip_prefix(['T', 't', ' '])?;
    let (clock, offset) = split_offset(time)?;
    let (hour, minute, second) = clock_time(clock)?;
    let Some(offset) = offset else {
        return Some(date);
    };
    let day = time::Date::from_calendar_date(
        date.year,
        time::Month::try_from(u8::try_from(date.month).ok()?).ok()?,
        u8::try_from(date.day).ok()?,
    )
    .ok()?;
    let moment = day
        .with_hms(hour, minute, second)
        .ok()?
        .assume_offset(offset);
    calendar_date(moment.to_offset(VIETNAM))
}

/// `08:30:00.123+0700` → (`08:30:00.123`, +07:00); `Z` is UTC; no offset is `None`.
fn split_offset(time: &str) -> Option<(&str, Option<UtcOffset>)> {
    if let Some(clock) = time.strip_suffix(['Z', 'z']) {
        return Some((clock, Some(UtcOffset::UTC)));
    }
    let Some(sign_at) = time.rfind(['+', '-']) else {
        return Some((time, None));
    };
    let (clock, offset) = time.split_at(sign_at);
    let sign: i8 = if offset.starts_with('-') { -1 } else { 1 };
    let digits: String = offset[1..].chars().filter(|c| *c != ':').collect();
    if !digits.bytes().all(|b| b.is_ascii_digit()) || !matches!(digits.len(), 2 | 4) {
        return None;
    }
    let hours: i8 = digits[..2].parse().ok()?;
    let minutes: i8 = match &digits[2..] {
        "" => 0,
        minutes => minutes.parse().ok()?,
    };
    let offset = UtcOffset::from_hms(sign * hours, sign * minutes, 0).ok()?;
    Some((clock.trim_end(), Some(offset)))
}

/// `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction`.
fn clock_time(clock: &str) -> Option<(u8, u8, u8)> {
    let clock = clock.split_once('.').map_or(clock, |(whole, _)| whole);
    let mut parts = clock.split(':');
    let hour = parts.next()?.parse().ok()?;
    let minute = parts.next()?.parse().ok()?;
    let second = parts.next().map_or(Ok(0), str::parse).ok()?;
    if parts.next().is_some() || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    Some((hour, minute, second))
}

fn rfc2822(text: &str) -> Option<BulletinDate> {
    let moment = OffsetDateTime::parse(text, &Rfc2822).ok()?;
    calendar_date(moment.to_offset(VIETNAM))
}

/// The first `d/m/yyyy` (or with `-` or `.`) standing alone in `text`; a time next to it is
/// local and does not change the day.
fn day_month_year(text: &str) -> Option<BulletinDate> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '|'))
        .find_map(one_day_month_year)
}

fn one_day_month_year(token: &str) -> Option<BulletinDate> {
    let separator = token.chars().find(|c| matches!(c, '/' | '-' | '.'))?;
    let mut parts = token.split(separator);
    let (first, second, year) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || year.len() != 4 || first.len() > 2 || second.len() > 2 {
        return None;
    }
    let number = |part: &str| -> Option<u32> {
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (first, second, year) = (number(first)?, number(second)?, number(year)?);
    let year = i32::try_from(year).ok()?;
    BulletinDate::day(year, second, first).or_else(|| BulletinDate::day(year, first, second))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<String> {
        parse_date_field(text).map(|d| d.to_string())
    }

    #[test]
    fn filter_dates_read_day_first_and_months() {
        let read = |text| parse_filter_date(text).map(|d| d.to_string());
        assert_eq!(read("12/3/2019").as_deref(), Some("2019-03-12"));
        assert_eq!(read("12-03-2019").as_deref(), Some("2019-03-12"));
        assert_eq!(read("12.3.2019").as_deref(), Some("2019-03-12"));
        assert_eq!(read("3/2019").as_deref(), Some("2019-03"));
        assert_eq!(read("2019-03").as_deref(), Some("2019-03"));
        assert_eq!(read(" 2019 ").as_deref(), Some("2019"));
        assert_eq!(read("13/2019"), None);
        assert_eq!(read("32/3/2019"), None);
        assert_eq!(read("hôm qua"), None);
        assert_eq!(read("3/19"), None);
    }

    #[test]
    fn iso_dates_keep_their_precision() {
        assert_eq!(read("2024-07-11").as_deref(), Some("2024-07-11"));
        assert_eq!(read("2024-07").as_deref(), Some("2024-07"));
        assert_eq!(read("2024").as_deref(), Some("2024"));
        assert_eq!(read(" 2024/07/11 ").as_deref(), Some("2024-07-11"));
        assert_eq!(read("20240711").as_deref(), Some("2024-07-11"));
    }

    #[test]
    fn date_times_with_an_offset_take_the_day_in_vietnam() {
        assert_eq!(
            read("2024-07-11T08:30:00+07:00").as_deref(),
            Some("2024-07-11")
        );
        // 20:30 UTC on the 10th is 03:30 on the 11th in Hà Nội.
        assert_eq!(read("2024-07-10T20:30:00Z").as_deref(), Some("2024-07-11"));
        assert_eq!(
            read("2024-07-10T20:30:00.123Z").as_deref(),
            Some("2024-07-11")
        );
        assert_eq!(
            read("2024-07-10 20:30:00+0000").as_deref(),
            Some("2024-07-11")
        );
        assert_eq!(read("2024-07-11T01:00-05").as_deref(), Some("2024-07-11"));
        assert_eq!(
            read("2024-07-10T23:00:00-05:00").as_deref(),
            Some("2024-07-11")
        );
    }

    #[test]
    fn date_times_without_an_offset_keep_the_written_day() {
        assert_eq!(read("2024-07-11T23:30:00").as_deref(), Some("2024-07-11"));
        assert_eq!(read("2024-07-11 23:30").as_deref(), Some("2024-07-11"));
    }

    #[test]
    fn rss_pub_dates() {
        assert_eq!(
            read("Thu, 11 Jul 2024 08:30:00 +0700").as_deref(),
            Some("2024-07-11")
        );
        assert_eq!(
            read("Wed, 10 Jul 2024 20:30:00 GMT").as_deref(),
            Some("2024-07-11")
        );
    }

    #[test]
    fn day_first_dates_as_vietnamese_writes_them() {
        assert_eq!(read("11/07/2024").as_deref(), Some("2024-07-11"));
        assert_eq!(read("11-7-2024").as_deref(), Some("2024-07-11"));
        assert_eq!(read("11.07.2024").as_deref(), Some("2024-07-11"));
        assert_eq!(read("11/07/2024 08:30").as_deref(), Some("2024-07-11"));
        assert_eq!(read("08:30 11/07/2024").as_deref(), Some("2024-07-11"));
        assert_eq!(
            read("Thứ năm, 11/07/2024 - 08:30 (GMT+7)").as_deref(),
            Some("2024-07-11")
        );
        assert_eq!(read("7/13/2024").as_deref(), Some("2024-07-13"));
        assert_eq!(read("3/4/2024").as_deref(), Some("2024-04-03"));
    }

    #[test]
    fn unix_seconds_and_milliseconds_in_vietnam() {
        // 2024-07-10T20:30:00Z
        assert_eq!(read("1720643400").as_deref(), Some("2024-07-11"));
        assert_eq!(read("1720643400.5").as_deref(), Some("2024-07-11"));
        assert_eq!(read("1720643400000").as_deref(), Some("2024-07-11"));
    }

    #[test]
    fn an_implausible_year_is_read_and_left_to_the_window() {
        assert_eq!(read("1900").as_deref(), Some("1900"));
    }

    #[test]
    fn what_is_not_a_date_is_none() {
        for text in [
            "",
            "yesterday",
            "hôm qua",
            "2 giờ trước",
            "31/02/2024",
            "2024-13-01",
            "12345",
            "11/07/24",
            "2024-07-11T25:00:00",
            "2024-07-11Tnoon",
        ] {
            assert_eq!(read(text), None, "{text:?}");
        }
    }
}
