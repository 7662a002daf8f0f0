//! The date of a bulletin from its text and path: the posting line, datelines (`Sáng 11/7`),
//! a year in the title, a date in the path, weighed by [`resolve_date`].

use super::layout::first_paragraphs;
use crate::bulletin::date::{parse_day_month, BulletinDate, DateWindow, DayMonth};
use crate::text::{head, scan};

/// Words that open a dateline: `Sáng 11/7`, `Ngày 28/9/2023`, `sáng nay (27/12)`.
const DATELINE_WORDS: &[&str] = &[
    "sáng nay",
    "chiều nay",
    "tối nay",
    "trưa nay",
    "đêm nay",
    "rạng sáng",
    "sáng",
    "chiều",
    "trưa",
    "tối",
    "đêm",
    "ngày",
    "khoảng",
    "hôm nay",
];

/// A day and month in running text, introduced by a dateline word.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Dateline {
    /// Where the introducing word starts.
    pub phrase_start: usize,
    pub date: DayMonth,
}

/// The first dateline in `text`: `Sáng 11/7`, `Ngày 28/9/2023`, `sáng nay (27/12)`.
pub fn find_dateline(text: &str) -> Option<Dateline> {
    datelines(text).next()
}

/// Every dateline in `text`, in order.
fn datelines(text: &str) -> impl Iterator<Item = Dateline> + '_ {
    let bytes = text.as_bytes();
    (0..bytes.len()).filter_map(move |at| {
        if !bytes[at].is_ascii_digit() || (at > 0 && bytes[at - 1].is_ascii_digit()) {
            return None;
        }
        let (date, _) = parse_day_month(&text[at..])?;
        let phrase_start = dateline_word_before(&text[..at])?;
        Some(Dateline { phrase_start, date })
    })
}

/// Where a dateline word ends `before` (ignoring spaces and an opening parenthesis).
fn dateline_word_before(before: &str) -> Option<usize> {
    let trimmed = before.trim_end_matches([' ', '(']);
    if trimmed.len() == before.len() {
        return None;
    }
    let lower_tail: String = trimmed
        .char_indices()
        .rev()
        .take(10)
        .last()
        .map(|(at, _)| scan::to_lowercase(&trimmed[at..]))
        .unwrap_or_default();
    DATELINE_WORDS.iter().find_map(|word| {
        let start = lower_tail.strip_suffix(word)?;
        let boundary_ok = start.is_empty() || start.ends_with(|c: char| !c.is_alphanumeric());
        // Byte length of the word as written may differ from its lowercase; count chars.
        let chars = word.chars().count();
        let phrase_start = trimmed.char_indices().rev().nth(chars - 1)?.0;
        boundary_ok.then_some(phrase_start)
    })
}

/// A year the title is about, and what kind of event it dates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum TitleYear {
    /// A review of part of the year, held within it: `sơ kết 6 tháng đầu năm 2024`.
    Within(i32),
    /// A review of the whole year, held in its last month or the first of the next:
    /// `tổng kết công tác năm 2023`.
    WholeYear(i32),
}

/// Words before `năm YYYY` that make the year a target, a start or a past, never the date:
/// `Dự kiến vào năm 2025`, `Đến năm 2025`, `từ năm 2019`.
const NOT_THE_DATE_BEFORE_YEAR: &[&str] = &[
    "đến",
    "vào",
    "tới",
    "trước",
    "từ",
    "sau",
    "cuối",
    "giai đoạn",
    "dự kiến",
    "kể từ",
];

/// The review a title announces with its year: only a period review dates a bulletin
/// (`sơ kết 6 tháng đầu năm 2024`, `tổng kết công tác năm 2023`); a plan (`dự kiến`, `đến
/// năm 2025`) or any other year in a title does not.
fn year_in_title(title: &str) -> Option<TitleYear> {
    let lower = scan::to_lowercase(title);
    const PLANS: &[&str] = &["dự kiến", "kế hoạch", "mục tiêu", "tầm nhìn", "định hướng"];
    if PLANS.iter().any(|w| lower.contains(w)) {
        return None;
    }
    let (at, year) = lower
        .match_indices("năm ")
        .find_map(|(at, _)| Some((at, year_at(&lower, at + "năm ".len())?)))?;
    let before = lower[..at].trim_end();
    if NOT_THE_DATE_BEFORE_YEAR.iter().any(|w| before.ends_with(w)) {
        return None;
    }
    let part_of_year = ["tháng đầu", "6 tháng", "9 tháng", "sơ kết"];
    if part_of_year.iter().any(|w| before.contains(w)) {
        return Some(TitleYear::Within(year));
    }
    before
        .contains("tổng kết")
        .then_some(TitleYear::WholeYear(year))
}

impl TitleYear {
    /// The year a dateline's day and month fall in: a whole-year review is held in
    /// December of the year or early in the next; otherwise unknown.
    fn year_of(self, month: u32) -> Option<i32> {
        match self {
            TitleYear::Within(year) => Some(year),
            TitleYear::WholeYear(year) if month == 12 => Some(year),
            TitleYear::WholeYear(year) if month <= 3 => Some(year + 1),
            TitleYear::WholeYear(_) => None,
        }
    }

    /// The year the title alone dates: a part-year review's; a whole-year review may fall
    /// in either of two years.
    fn date(self) -> Option<BulletinDate> {
        match self {
            TitleYear::Within(year) => BulletinDate::year(year),
            TitleYear::WholeYear(_) => None,
        }
    }
}

/// A date in a file's path: `.../2023/10/12/slug.txt`, `2023-10-12-slug.txt`,
/// `20231012_slug.txt` (to the day), `.../2023/10/slug.txt` (to the month).
pub fn date_in_path(path: &str) -> Option<BulletinDate> {
    let parts: Vec<&str> = path.split(['/', '\\']).collect();
    let (dirs, file) = parts.split_at(parts.len().saturating_sub(1));
    if let Some(date) = file.first().and_then(|name| date_at_start_of_name(name)) {
        return Some(date);
    }
    // Directories `YYYY/MM[/DD]`, the last such run in the path.
    let number = |s: &str, len: usize| {
        (s.len() == len && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
    };
    for at in (0..dirs.len()).rev() {
        let Some(year) = number(dirs[at], 4) else {
            continue;
        };
        let Some(month) = dirs.get(at + 1).and_then(|m| number(m, 2)) else {
            continue;
        };
        let day = dirs.get(at + 2).and_then(|d| number(d, 2));
        return match day {
            Some(day) => BulletinDate::day(year as i32, month, day),
            None => BulletinDate::month(year as i32, month),
        };
    }
    None
}

/// `2023-10-12-slug`, `2023_10_12 slug`, `20231012_slug` → 2023-10-12.
fn date_at_start_of_name(name: &str) -> Option<BulletinDate> {
    let bytes = name.as_bytes();
    let digit = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_digit);
    let value = |from: usize, len: usize| name.get(from..from + len)?.parse::<u32>().ok();
    let (year, month, day, end) = if (0..8).all(digit) {
        (value(0, 4)?, value(4, 2)?, value(6, 2)?, 8)
    } else if (0..4).all(digit)
        && matches!(bytes.get(4), Some(b'-' | b'_' | b'.'))
        && (5..7).all(digit)
        && bytes.get(7) == bytes.get(4)
        && (8..10).all(digit)
    {
        (value(0, 4)?, value(5, 2)?, value(8, 2)?, 10)
    } else {
        return None;
    };
    if digit(end) {
        return None;
    }
    BulletinDate::day(year as i32, month, day)
}

/// The date sources of one bulletin, strongest first.
#[derive(Clone, Copy, Debug, Default)]
pub struct DateEvidence {
    pub explicit: Option<BulletinDate>,
    pub posted: Option<BulletinDate>,
    pub path: Option<BulletinDate>,
    pub header: Option<BulletinDate>,
}

/// The bulletin's date, the first of these that is in `window`: explicit, posted, from the
/// path, the lead's dateline (with its own year, or completed with the year of the header,
/// the path or a period review in the title), the header month, the year of a part-year
/// review in the title; else unknown.
pub fn resolve_date(
    evidence: DateEvidence,
    title: &str,
    body: &str,
    window: &DateWindow,
) -> Option<BulletinDate> {
    let plausible = |date: &Option<BulletinDate>| date.filter(|d| window.contains(d));
    if let Some(date) = plausible(&evidence.explicit)
        .or_else(|| plausible(&evidence.posted))
        .or_else(|| plausible(&evidence.path))
    {
        return Some(date);
    }
    let header = plausible(&evidence.header);
    let title_year = year_in_title(title);
    // The lead's first dateline, in its first paragraph or the next (a summary often comes
    // first); one inside a sentence is skipped.
    let from_dateline = first_paragraphs(body, 2)
        .find_map(|paragraph| {
            datelines(paragraph).find(|dateline| {
                opens_a_sentence(paragraph, dateline.phrase_start)
                    || says_today(paragraph, dateline)
            })
        })
        .and_then(|dateline| {
            let date = &dateline.date;
            match (date.year, header) {
                (Some(year), Some(header)) if (year - header.year).abs() > 1 => None,
                (Some(_), _) => date
                    .resolve(None)
                    .filter(|d| !mentions_a_later_year(title, body, d.year)),
                (None, Some(header)) => date.resolve(Some(header)),
                (None, None) => {
                    let year = title_year?.year_of(date.month)?;
                    BulletinDate::day(year, date.month, date.day)
                }
            }
        });
    plausible(&from_dateline)
        .or(header)
        .or_else(|| plausible(&title_year.and_then(TitleYear::date)))
}

/// True when the dateline at `at` opens the lead or a sentence of it (`Ngày 28/9/2023, ...`,
/// `(Dân trí) - Sáng 11/7, ...`): a date inside a sentence is what happened then, not when.
/// A time of day before the dateline still opens the sentence: `Khoảng 21h40' ngày 25/4,`.
fn opens_a_sentence(lead: &str, at: usize) -> bool {
    let mut before = lead[..at].trim_end();
    while let Some(rest) = strip_time_of_day(before) {
        before = rest.trim_end();
    }
    before.is_empty() || before.ends_with(['.', '!', '?', ':', '-', '–', '|', ')'])
}

/// `before` without its last word when that word tells a time of day (`21h40'`, `khoảng`,
/// `lúc`, `sáng`...).
fn strip_time_of_day(before: &str) -> Option<&str> {
    const TIME_WORDS: &[&str] = &[
        "khoảng", "lúc", "vào", "sáng", "chiều", "tối", "trưa", "đêm", "rạng", "giờ", "phút",
    ];
    let start = before.rfind(' ').map_or(0, |at| at + 1);
    let word = before[start..].trim_end_matches([',', '\'', '’']);
    let is_clock = word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, 'h' | 'g' | ':'));
    let is_time_word = || TIME_WORDS.contains(&scan::to_lowercase(word).as_str());
    (!word.is_empty() && (is_clock || is_time_word())).then(|| &before[..start])
}

/// True when the dateline says the day is today: `sáng nay (27/12)`, `hôm nay 5/3`.
fn says_today(lead: &str, dateline: &Dateline) -> bool {
    let phrase = &lead[dateline.phrase_start..];
    let words = &phrase[..phrase.find(|c: char| c.is_ascii_digit()).unwrap_or(0)];
    scan::to_lowercase(words).contains("nay")
}

/// True when the title or the start of the body names a year after `year` as a date or a
/// past year (`tháng 4/2019`, `năm 2019`, not `đến năm 2025`): then a dateline of `year` tells
/// of the past (`Ngày 10/10/1954, ...`), and the bulletin is later.
fn mentions_a_later_year(title: &str, body: &str, year: i32) -> bool {
    [title, head(body, 4000)].iter().any(|text| {
        let bytes = text.as_bytes();
        (0..bytes.len().saturating_sub(3)).any(|at| {
            let Some(found) = year_at(text, at) else {
                return false;
            };
            if found <= year {
                return false;
            }
            let before = text[..at].trim_end();
            if before.ends_with('/') || before.ends_with('-') {
                return true;
            }
            let Some(rest) = before
                .strip_suffix("năm")
                .or_else(|| before.strip_suffix("Năm"))
            else {
                return false;
            };
            let rest = scan::to_lowercase(rest.trim_end());
            !NOT_THE_DATE_BEFORE_YEAR.iter().any(|w| rest.ends_with(w))
        })
    })
}

/// The four-digit year 1900-2099 standing alone at byte `at` of `text`.
fn year_at(text: &str, at: usize) -> Option<i32> {
    let bytes = text.as_bytes();
    let digits = bytes.get(at..at + 4)?;
    if !digits.iter().all(u8::is_ascii_digit)
        || !(digits.starts_with(b"19") || digits.starts_with(b"20"))
        || (at > 0 && bytes[at - 1].is_ascii_digit())
        || bytes.get(at + 4).is_some_and(u8::is_ascii_digit)
    {
        return None;
    }
    text[at..at + 4].parse().ok()
}

#[cfg(test)]
mod tests;
