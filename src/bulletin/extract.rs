//! Metadata from the text of a bulletin: title, date, provinces and unit.
//!
//! Plain-text bulletins come as scraped: an optional ` date YYYY-MM` header on the title
//! line, breadcrumb lines (`Tin tức, sự kiện`, `Đăng ngày: 29/09/2023 - Lượt xem: 96`), a
//! category word fused before the title (`Pháp luật Cụm thi đua ...`), or a title running
//! into the first paragraph. [`split_plain_text`] undoes all of that.
//!
//! Unit and province rules (documented in the README):
//! - The **unit** is the acting unit of the lead: the first unit named in the title, else in
//!   the first paragraph, skipping attributions in parentheses. A ministry conference
//!   reported by a province's site is the ministry's (`/Bộ Công an`); its province is the
//!   reporting force's.
//! - The **main province** is the acting unit's province; for the ministry or no unit, the
//!   first provincial force named anywhere; else the first province in the title; else the
//!   one the body names most.
//! - **Provinces** lists the main one first, then every other province named.

use unicode_normalization::UnicodeNormalization;

use super::date::{parse_day_month, BulletinDate, DateWindow, DayMonth};
use super::gazetteer::Province;
use super::gazetteer::{UnitMatcher, UnitMention};
use super::places::{find_places, Place, Role};
use crate::text::head;
use crate::text::normalize::is_nfc_fast;

/// Lines a scraper keeps from the page around the article, never the title.
const BREADCRUMBS: &[&str] = &[
    "Tin tức, sự kiện",
    "Tin tức - Sự kiện",
    "Tin tức",
    "Trang chủ",
    "Tin liên quan",
    "Hoạt động",
    "Tin trong tỉnh",
    "Tin địa phương",
];

/// Category words a scraper may fuse before the title.
const CATEGORIES: &[&str] = &[
    "Pháp luật",
    "Thời sự",
    "Xã hội",
    "An ninh trật tự",
    "An ninh - Trật tự",
    "Giao thông",
    "Hình sự",
    "Tin tức",
    "Phòng chống tội phạm",
];

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

/// A plain-text bulletin split into its parts.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PlainParts {
    pub header: Option<BulletinDate>,
    pub posted: Option<BulletinDate>,
    pub title: String,
    pub body: String,
}

/// Splits a plain-text bulletin into header date, posting date, title and body.
pub fn split_plain_text(text: &str) -> PlainParts {
    let mut parts = PlainParts::default();
    let mut lines = text.lines();
    for line in lines.by_ref() {
        let mut line = line.trim();
        if line.is_empty() {
            continue;
        }
        if let Some((date, rest)) = header_date(line) {
            parts.header = Some(date);
            line = rest;
            if line.is_empty() {
                continue;
            }
        }
        if let Some(posted) = posting_line(line) {
            parts.posted = parts.posted.or(posted);
            continue;
        }
        if let Some(stamp) = timestamp_line(line) {
            parts.posted = parts.posted.or(Some(stamp));
            continue;
        }
        if BREADCRUMBS
            .iter()
            .any(|crumb| line.eq_ignore_ascii_case(crumb))
            || is_breadcrumb_trail(line)
        {
            continue;
        }
        let line = strip_category(line);
        let (title, fused_body) = cut_fused_title(line);
        parts.title = title.trim().to_owned();
        parts.body = fused_body.trim().to_owned();
        break;
    }
    let mut rest: Vec<&str> = lines.collect();
    if parts.body.is_empty() {
        if let Some((stamp, at)) = leading_timestamp(&rest) {
            parts.posted = parts.posted.or(Some(stamp));
            rest.remove(at);
        }
    }
    let rest = rest.join("\n");
    let rest = rest.trim();
    if !rest.is_empty() {
        if !parts.body.is_empty() {
            parts.body.push_str("\n\n");
        }
        parts.body.push_str(rest);
    }
    parts
}

/// ` date 2023-10 Title...` → the month and the rest of the line.
fn header_date(line: &str) -> Option<(BulletinDate, &str)> {
    let rest = line.strip_prefix("date ")?;
    let end = rest.find(' ').unwrap_or(rest.len());
    let date = BulletinDate::parse_iso(&rest[..end])?;
    Some((date, rest[end..].trim_start()))
}

/// `Đăng ngày: 29/09/2023 - Lượt xem: 96` → `Some(date)` (`Some(None)` when the date is
/// unreadable); `None` when the line is something else.
fn posting_line(line: &str) -> Option<Option<BulletinDate>> {
    let rest = line
        .strip_prefix("Đăng ngày")
        .or_else(|| line.strip_prefix("Ngày đăng"))
        .or_else(|| line.strip_prefix("Cập nhật"));
    if rest.is_none() && !line.starts_with("Lượt xem") {
        return None;
    }
    let rest = rest.unwrap_or_default().trim_start_matches([':', ' ']);
    Some(parse_day_month(rest).and_then(|(dm, _)| dm.resolve(None)))
}

/// How many lines after the title may hold the posting time (`Thứ Năm, 11/07/2024 - 08:30`):
/// scraped pages put it under the title, sometimes after the author or the lead.
const TIMESTAMP_LINES: usize = 3;

/// The posting date of a line among the first [`TIMESTAMP_LINES`] non-empty `lines` that
/// is a time stamp and nothing else, with the line's index.
pub fn leading_timestamp(lines: &[&str]) -> Option<(BulletinDate, usize)> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .take(TIMESTAMP_LINES)
        .find_map(|(at, line)| timestamp_line(line).map(|date| (date, at)))
}

/// A body whose first lines hold a time stamp line (see [`leading_timestamp`]): the body
/// without that line, and the stamp's date.
pub fn strip_leading_timestamp(body: String) -> (String, Option<BulletinDate>) {
    let mut start = 0;
    let mut seen = 0;
    for line in body.split_inclusive('\n') {
        let end = start + line.len();
        if !line.trim().is_empty() {
            if let Some(date) = timestamp_line(line) {
                let kept = format!("{}{}", &body[..start], &body[end..]);
                return (kept.trim().to_owned(), Some(date));
            }
            seen += 1;
            if seen == TIMESTAMP_LINES {
                break;
            }
        }
        start = end;
    }
    (body, None)
}

/// Words a time stamp line may hold besides its date and time: labels (`Cập nhật lúc:`),
/// weekdays (`Thứ Năm`, `T5`, `Chủ nhật`), `ngày`, a time zone. Lowercase, without `:`.
const TIMESTAMP_WORDS: &[&str] = &[
    "đăng",
    "ngày",
    "cập",
    "nhật",
    "lúc",
    "thời",
    "gian",
    "xuất",
    "bản",
    "đăng:",
    "published",
    "posted",
    "updated",
    "date",
    "thứ",
    "hai",
    "ba",
    "tư",
    "năm",
    "sáu",
    "bảy",
    "chủ",
    "cn",
    "t2",
    "t3",
    "t4",
    "t5",
    "t6",
    "t7",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "am",
    "pm",
    "sa",
    "ch",
    "gmt+7",
    "gmt+07",
    "gmt+07:00",
    "utc+7",
    "utc+07:00",
    "ict",
    "-",
    "–",
    "|",
    "/",
    "giờ",
];

/// The date of a line that is a time stamp and nothing else: `Thứ Năm, 11/07/2024 - 08:30`,
/// `Cập nhật: 11-07-2024 08:30 (GMT+7)`, `2024-07-11T08:30:00+07:00`, `11:30 | 11/07/2024`,
/// `11 tháng 7, 2024`. A line with any other word (a sentence that holds a date) is `None`.
pub fn timestamp_line(line: &str) -> Option<BulletinDate> {
    let line = line.trim();
    if line.len() > 100 || !line.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    // A source tag first: `(CAND) - Thứ Năm, ...`.
    let line = match line.strip_prefix('(').and_then(|r| r.split_once(')')) {
        Some((tag, rest)) if tag.chars().count() <= 20 => rest,
        _ => line,
    };
    let lower = line.to_lowercase();
    let tokens: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | '|'))
        .filter(|t| !t.is_empty())
        .collect();
    let mut date = None;
    let mut at = 0;
    while at < tokens.len() {
        let token = tokens[at].trim_end_matches(':');
        if let Some((found, used)) = written_out_date(&tokens[at..]) {
            if date.replace(found).is_some() {
                return None;
            }
            at += used;
            continue;
        }
        if token.is_empty() || TIMESTAMP_WORDS.contains(&token) || is_clock(token) {
            at += 1;
            continue;
        }
        let found = super::date_field::parse_date_field(token)
            .filter(|d| d.precision == super::date::Precision::Day)?;
        if date.replace(found).is_some() {
            return None;
        }
        at += 1;
    }
    date
}

/// `11 tháng 7, 2024`, `11 tháng 07 năm 2024` at the start of `tokens`: the date and how
/// many tokens it took.
fn written_out_date(tokens: &[&str]) -> Option<(BulletinDate, usize)> {
    let [day, "tháng", month, rest @ ..] = tokens else {
        return None;
    };
    let (year, used) = match rest {
        ["năm", year, ..] => (year, 5),
        [year, ..] => (year, 4),
        [] => return None,
    };
    let number = |text: &str| -> Option<u32> {
        (text.bytes().all(|b| b.is_ascii_digit()) && text.len() <= 4)
            .then(|| text.parse().ok())
            .flatten()
    };
    let year = i32::try_from(number(year).filter(|y| *y >= 1000)?).ok()?;
    Some((BulletinDate::day(year, number(month)?, number(day)?)?, used))
}

/// `08:30`, `8:30:15`, `8h30`, `08g30`.
fn is_clock(token: &str) -> bool {
    let token = token.trim_end_matches(['\'', '’']);
    let Some(split) = token.find([':', 'h', 'g']) else {
        return false;
    };
    let (hours, minutes) = (&token[..split], &token[split + 1..]);
    let digits = |t: &str| !t.is_empty() && t.len() <= 2 && t.bytes().all(|b| b.is_ascii_digit());
    digits(hours)
        && (minutes.is_empty()
            || digits(minutes)
            || minutes
                .split_once(':')
                .is_some_and(|(m, s)| digits(m) && digits(s)))
}

/// `Trang chủ > Tin tức > An ninh` style navigation.
fn is_breadcrumb_trail(line: &str) -> bool {
    (line.contains(" > ") || line.contains(" » ")) && line.chars().count() < 120
}

/// `Pháp luật Cụm thi đua...` → `Cụm thi đua...`.
fn strip_category(line: &str) -> &str {
    for category in CATEGORIES {
        if let Some(rest) = line
            .strip_prefix(category)
            .and_then(|r| r.strip_prefix(' '))
        {
            if rest.chars().next().is_some_and(char::is_uppercase) {
                return rest;
            }
        }
    }
    line
}

/// Cuts a title that runs into the first paragraph at the paragraph's dateline
/// (`... 'Vì an ninh Tổ quốc' Sáng 12/7, tại ...`).
fn cut_fused_title(line: &str) -> (&str, &str) {
    match find_dateline(line) {
        Some(dateline)
            if dateline.phrase_start > 15
                && line[dateline.phrase_start..].starts_with(char::is_uppercase) =>
        {
            (
                &line[..dateline.phrase_start],
                &line[dateline.phrase_start..],
            )
        }
        _ => (line, ""),
    }
}

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
        .map(|(at, _)| trimmed[at..].to_lowercase())
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
    let lower = title.to_lowercase();
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
        "Khoảng", "Lúc", "Vào",
    ];
    let start = before.rfind(' ').map_or(0, |at| at + 1);
    let word = before[start..].trim_end_matches([',', '\'', '’']);
    let is_clock = word.starts_with(|c: char| c.is_ascii_digit())
        && word
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, 'h' | 'g' | ':'));
    (!word.is_empty() && (is_clock || TIME_WORDS.contains(&word))).then(|| &before[..start])
}

/// True when the dateline says the day is today: `sáng nay (27/12)`, `hôm nay 5/3`.
fn says_today(lead: &str, dateline: &Dateline) -> bool {
    let phrase = &lead[dateline.phrase_start..];
    let words = &phrase[..phrase.find(|c: char| c.is_ascii_digit()).unwrap_or(0)];
    words.to_lowercase().contains("nay")
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
            let rest = rest.trim_end().to_lowercase();
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

/// The first `n` non-empty paragraphs of a body, each at most 1,500 bytes.
fn first_paragraphs(body: &str, n: usize) -> impl Iterator<Item = &str> {
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(n)
        .map(|paragraph| head(paragraph, 1500))
}

/// The first paragraph of a body, at most 1,500 bytes.
fn lead_paragraph(body: &str) -> &str {
    first_paragraphs(body, 1).next().unwrap_or_default()
}

/// Where a bulletin comes from, and which unit acts in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Whereabouts {
    pub province: Option<Province>,
    /// Which rule chose `province`.
    pub basis: Option<Basis>,
    pub provinces: Vec<Province>,
    pub unit: Option<Vec<String>>,
}

/// The rule that chose a bulletin's main province, in the order they are tried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Basis {
    /// A force, court or the acting unit in the title.
    TitleActor,
    /// A force, court or the acting unit in the lead.
    LeadActor,
    /// A police force or court of a place anywhere in the body.
    BodyForce,
    /// The one province the title names as a place.
    TitlePlace,
    /// The one province the lead names as a place.
    LeadPlace,
    /// The province the body names clearly most as a place.
    MostNamedPlace,
}

impl Basis {
    pub fn describe(self) -> &'static str {
        match self {
            Basis::TitleActor => "the force or court in the title",
            Basis::LeadActor => "the force or court in the lead",
            Basis::BodyForce => "a force or court in the body",
            Basis::TitlePlace => "the place in the title",
            Basis::LeadPlace => "the place in the lead",
            Basis::MostNamedPlace => "the place the body names most",
        }
    }
}

/// Finds the main province, every province named, and the acting unit (module rules).
/// `title` and `body` must be NFC ([`to_nfc`]).
pub fn whereabouts(title: &str, body: &str) -> Whereabouts {
    let units = UnitMatcher::get();

    let lead = lead_paragraph(body);
    let lead_offset = lead.as_ptr() as usize - body.as_ptr() as usize;
    let title_units = units.find_all(title);
    let lead_units = units.find_all(lead);
    // The acting unit, with the units of the text it stands in (title or lead).
    let acting = title_units
        .iter()
        .map(|m| (m, &title_units))
        .chain(lead_units.iter().map(|m| (m, &lead_units)))
        .find(|(m, _)| !m.parenthesized);

    let title_places = find_places(title);
    let body_places = find_places(body);
    let lead_places: Vec<Place> = body_places
        .iter()
        .filter(|p| p.start >= lead_offset && p.end <= lead_offset + lead.len())
        .map(|p| Place {
            start: p.start - lead_offset,
            end: p.end - lead_offset,
            ..*p
        })
        .collect();

    // A story the title sets abroad (`... bị giữ ở Malaysia`) takes a province only from a
    // force or court acting there, not from the places it names in passing (a flight's
    // origin, a home port, a photo's caption).
    let abroad = title_places.is_empty() && set_abroad(title);
    // A title naming several provinces (`Bão có thể vào Quảng Ninh - Hải Phòng`) spans
    // them: no one of them is where the matter is, however often the body names it.
    let spans = several_provinces(&title_places);
    // National figures list provinces as examples (`Thanh Hóa (12 vụ), Nghệ An (10 vụ), Hà
    // Nội (9 vụ)...`): the first of them, or its force, is not where the matter is.
    let opening = lead_offset + paragraphs_len(&body[lead_offset..], OPENING_PARAGRAPHS);
    let overview =
        lists_provinces(title, &title_places) || lists_provinces(&body[..opening], &body_places);
    let by_places = !abroad && !spans && !overview;
    // A case the supreme court or procuracy takes up goes to a city's court because of its
    // size, not its place: a force named after them makes it local only where the text
    // places the matter in the force's province too.
    let national = supreme_acts_first(&body[..opening], &body_places);
    let with = |basis: Basis| move |p: Province| (p, basis);
    let chosen = first_acting(&title_units, &title_places, acting)
        .map(with(Basis::TitleActor))
        .or_else(|| {
            first_acting(&lead_units, &lead_places, acting)
                .filter(|p| !national || named_as_a_place(&body_places, *p))
                .map(with(Basis::LeadActor))
        })
        .or_else(|| {
            (!overview)
                .then(|| first_force(&body_places))?
                .filter(|p| !national || named_as_a_place(&body_places, *p))
                .map(with(Basis::BodyForce))
        })
        .or_else(|| only_place(&title_places).map(with(Basis::TitlePlace)))
        .or_else(|| {
            by_places
                .then(|| clearly_most_named(&body_places, Role::Place))?
                .filter(|p| {
                    title_places.iter().any(|t| t.province == *p)
                        || body_places
                            .iter()
                            .any(|b| b.province == *p && b.end <= opening)
                        || addresses(&body_places, *p) >= 3
                })
                .map(with(Basis::MostNamedPlace))
        })
        .or_else(|| {
            // One mention is enough only in the summary and what follows it.
            let lead_end = lead_offset + paragraphs_len(&body[lead_offset..], 2);
            let opening_places: Vec<Place> = body_places
                .iter()
                .filter(|p| p.end <= lead_end)
                .copied()
                .collect();
            by_places
                .then(|| only_place(&opening_places))?
                .filter(|p| most_named(&body_places, Role::Place).contains(p))
                .map(with(Basis::LeadPlace))
        });
    let province = chosen.map(|(p, _)| p);

    let mut provinces: Vec<Province> = province.into_iter().collect();
    for place in title_places.iter().chain(&body_places) {
        if !provinces.contains(&place.province) {
            provinces.push(place.province);
        }
    }
    Whereabouts {
        province,
        basis: chosen.map(|(_, b)| b),
        provinces,
        unit: acting.and_then(|(m, _)| m.facet_path(province)),
    }
}

/// Countries and territories a title may set a story in. Names that are also Vietnamese
/// places or given names (`Mỹ`: `Mỹ Tho`, `Thị Mỹ`; `Anh`) are left out.
const ABROAD: &[&str] = &[
    "Trung Quốc",
    "Hoa Kỳ",
    "Nhật Bản",
    "Hàn Quốc",
    "Triều Tiên",
    "Lào",
    "Campuchia",
    "Thái Lan",
    "Malaysia",
    "Indonesia",
    "Philippines",
    "Singapore",
    "Myanmar",
    "Đài Loan",
    "Hong Kong",
    "Hồng Kông",
    "Ma Cao",
    "Australia",
    "Pháp",
    "Đức",
    "Nga",
    "Tây Ban Nha",
    "Italy",
    "Ấn Độ",
    "Pakistan",
    "Mexico",
    "Brazil",
    "Colombia",
    "Ai Cập",
    "Thổ Nhĩ Kỳ",
    "Iran",
    "Iraq",
    "Syria",
    "Israel",
    "Ukraine",
    "Canada",
    "Hà Lan",
    "Bỉ",
    "Thụy Điển",
    "Thụy Sĩ",
    "Ba Lan",
    "Séc",
    "Áo",
    "Hy Lạp",
    "Bồ Đào Nha",
    "Na Uy",
    "Đan Mạch",
    "Phần Lan",
    "Ireland",
    "Nam Phi",
    "Argentina",
    "Peru",
    "Venezuela",
    "Cuba",
    "New Zealand",
    "Afghanistan",
    "Bangladesh",
    "Nepal",
    "Sri Lanka",
    "Brunei",
    "Mông Cổ",
    "Ả Rập Xê Út",
    "Qatar",
    "Dubai",
    "Nigeria",
    "châu Âu",
    "châu Á",
    "châu Phi",
    "nước ngoài",
];

/// True when `title` sets its story in another country: `ở Malaysia`, `tại Lào` (not `ở
/// Lào Cai`), or opens with one acting (`Trung Quốc tuyên án`, `Malaysia ngày mai xét xử`).
fn set_abroad(title: &str) -> bool {
    let country_first = ABROAD.iter().any(|country| {
        title.strip_prefix(country).is_some_and(|after| {
            after
                .strip_prefix(' ')
                .is_some_and(|next| next.starts_with(char::is_lowercase))
        })
    });
    country_first
        || ["ở ", "tại ", "Ở ", "Tại "].iter().any(|at| {
            title.match_indices(at).any(|(i, _)| {
                let word_start = i == 0 || title[..i].ends_with([' ', ',', '(', '"', '“']);
                let rest = &title[i + at.len()..];
                word_start
                    && ABROAD.iter().any(|country| {
                        // Not the start of a longer name: `Lào Cai`, `Nga Sơn`, `Đức Phổ`.
                        rest.strip_prefix(country).is_some_and(|after| {
                            let next = after.strip_prefix(' ').unwrap_or(after);
                            !after.starts_with(char::is_alphanumeric)
                                && !next.starts_with(char::is_uppercase)
                        })
                    })
            })
        })
}

/// The province of whoever acts first in one text (title or lead): the acting unit, when
/// it stands in `units`, or a police force or court of a place (`TAND tỉnh X`, `Công an
/// huyện Y`), whichever comes first.
fn first_acting(
    units: &[UnitMention],
    places: &[Place],
    acting: Option<(&UnitMention, &Vec<UnitMention>)>,
) -> Option<Province> {
    let unit = acting
        .filter(|(m, same)| std::ptr::eq(same.as_slice(), units) && !m.parenthesized)
        .and_then(|(m, same)| {
            let province = m
                .province()
                .or_else(|| force_right_after(m, same))
                .or_else(|| {
                    // A local force named after its district: `Công an huyện Quỳnh Lưu`.
                    places
                        .iter()
                        .find(|p| p.start >= m.start && p.start <= m.end + 40)
                        .map(|p| p.province)
                })?;
            Some((m.start, province))
        });
    let force = places
        .iter()
        .find(|p| p.role == Role::Force)
        .map(|p| (p.start, p.province));
    match (unit, force) {
        (Some(u), Some(f)) => Some(if f.0 < u.0 { f.1 } else { u.1 }),
        (u, f) => u.or(f).map(|(_, p)| p),
    }
}

fn first_force(places: &[Place]) -> Option<Province> {
    places
        .iter()
        .find(|p| p.role == Role::Force)
        .map(|p| p.province)
}

/// The one province a title names as a place; none when it names several (`Bão có thể vào
/// Quảng Ninh - Hải Phòng`).
fn only_place(places: &[Place]) -> Option<Province> {
    let mut named = places.iter().filter(|p| p.role == Role::Place);
    let first = named.next()?.province;
    named.all(|p| p.province == first).then_some(first)
}

/// Provinces one sentence names when it lists them as examples.
const LISTED: usize = 4;

/// True when one sentence of `text` names [`LISTED`] different provinces or more (`places`
/// are those of `text`, from its start).
fn lists_provinces(text: &str, places: &[Place]) -> bool {
    let mut named: Vec<Province> = Vec::new();
    let mut previous_end = 0;
    for place in places.iter().take_while(|p| p.end <= text.len()) {
        let between = text.get(previous_end..place.start).unwrap_or_default();
        if between.contains(['.', '\n', ';']) {
            named.clear();
        }
        previous_end = place.end;
        if !named.contains(&place.province) {
            named.push(place.province);
        }
        if named.len() >= LISTED {
            return true;
        }
    }
    false
}

/// True when `places` (a title's) name two provinces or more as places.
fn several_provinces(places: &[Place]) -> bool {
    let mut named = places.iter().filter(|p| p.role == Role::Place);
    named
        .next()
        .is_some_and(|first| named.any(|p| p.province != first.province))
}

/// True when `places` name `province` other than as a force or court.
fn named_as_a_place(places: &[Place], province: Province) -> bool {
    places
        .iter()
        .any(|p| p.province == province && p.role != Role::Force)
}

/// The supreme court's or procuracy's names, lowercase.
const SUPREME: &[&str] = &[
    "tand tối cao",
    "tòa án nhân dân tối cao",
    "toà án nhân dân tối cao",
    "viện ksnd tối cao",
    "vksnd tối cao",
    "viện kiểm sát nhân dân tối cao",
];

/// True when the supreme court or procuracy is named in `opening` (the first paragraphs of
/// a body) before any force or court of a place.
fn supreme_acts_first(opening: &str, places: &[Place]) -> bool {
    if !opening.contains("ối cao") && !opening.contains("ỐI CAO") {
        return false;
    }
    let lower = opening.to_lowercase();
    let Some(at) = SUPREME.iter().filter_map(|name| lower.find(name)).min() else {
        return false;
    };
    // `lower` may differ in length from `opening` only where case changes a letter's
    // width, which none of Vietnamese does.
    !places
        .iter()
        .any(|p| p.role == Role::Force && p.start < at.min(opening.len()))
}

/// Paragraphs that open a body: a summary, often a photo's caption, then the lead.
const OPENING_PARAGRAPHS: usize = 3;

/// The length of the first `n` paragraphs of `body` (which starts at the first).
fn paragraphs_len(body: &str, n: usize) -> usize {
    let mut seen = 0;
    let mut end = 0;
    for line in body.split_inclusive('\n') {
        end += line.len();
        if !line.trim().is_empty() {
            seen += 1;
            if seen == n {
                break;
            }
        }
    }
    end
}

/// The provinces the body names with `role` most often (several on a tie).
fn most_named(places: &[Place], role: Role) -> Vec<Province> {
    let mut counts: Vec<(Province, usize)> = Vec::new();
    for place in places.iter().filter(|p| p.role == role) {
        match counts.iter_mut().find(|(p, _)| *p == place.province) {
            Some((_, n)) => *n += 1,
            None => counts.push((place.province, 1)),
        }
    }
    let top = counts.iter().map(|c| c.1).max().unwrap_or(0);
    counts
        .into_iter()
        .filter(|c| c.1 == top)
        .map(|c| c.0)
        .collect()
}

/// The province the body names with `role` clearly most: at least twice, more often than
/// any other, and in most such mentions.
fn clearly_most_named(places: &[Place], role: Role) -> Option<Province> {
    let mut counts: Vec<(Province, usize)> = Vec::new();
    let mut total = 0;
    for place in places.iter().filter(|p| p.role == role) {
        total += 1;
        match counts.iter_mut().find(|(p, _)| *p == place.province) {
            Some((_, n)) => *n += 1,
            None => counts.push((place.province, 1)),
        }
    }
    counts.sort_by_key(|c| std::cmp::Reverse(c.1));
    let (first, n) = *counts.first()?;
    (n >= 2 && 2 * n > total).then_some(first)
}

/// How many times `places` name `province` as a place, one address (`phường Trung Hoà,
/// quận Cầu Giấy, TP. Hà Nội`) counting once.
fn addresses(places: &[Place], province: Province) -> usize {
    let mut count = 0;
    let mut previous_end: Option<usize> = None;
    for place in places
        .iter()
        .filter(|p| p.role == Role::Place && p.province == province)
    {
        if previous_end.is_none_or(|end| place.start - end > 60) {
            count += 1;
        }
        previous_end = Some(place.end);
    }
    count
}

/// The province of a provincial force named right after `unit` (`Phòng CSGT Công an tỉnh X`,
/// `Công an huyện Yên Minh, Công an tỉnh Hà Giang`).
fn force_right_after(unit: &UnitMention, all: &[UnitMention]) -> Option<Province> {
    all.iter()
        .find(|m| m.start >= unit.end && m.start - unit.end <= 3 && m.is_provincial_force())
        .and_then(UnitMention::province)
}

/// `text` in NFC, borrowed when it already is (nearly always).
pub fn to_nfc(text: &str) -> std::borrow::Cow<'_, str> {
    if is_nfc_fast(text) {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(text.nfc().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn main_of(title: &str, body: &str) -> Option<&'static str> {
        whereabouts(title, body).province.map(|p| p.then)
    }

    #[test]
    fn a_title_opening_with_a_country_sets_the_story_abroad() {
        assert!(set_abroad("Trung Quốc tuyên án tử hình cựu bí thư"));
        assert!(set_abroad("Malaysia ngày mai xét xử 21 ngư dân"));
        assert!(set_abroad(
            "Người thân đón thi thể nạn nhân bị đánh bom ở Ai Cập"
        ));
        assert!(!set_abroad("Lào Cai bắt giữ đối tượng"));
    }

    #[test]
    fn a_place_the_lead_names_alone_is_the_main_province() {
        assert_eq!(
            main_of(
                "Người dân cứu cụ ông",
                "Hàng xóm lao vào căn nhà ở Đà Nẵng đưa cụ ông ra."
            ),
            Some("Đà Nẵng")
        );
        // ... unless the body names another as often.
        assert_eq!(
            main_of(
                "Thanh niên bị tước bằng lái",
                "Thanh niên ở Phú Yên bị phạt.\nAnh ta bị bắt ở TP. HCM hôm qua.",
            ),
            None
        );
    }

    #[test]
    fn the_most_named_place_must_be_named_early_or_often() {
        let late = "Tin tức thị trường hôm nay.\nGiá cả ổn định.\nNhiều người mua.\n\
                    Nhà đầu tư ở TP. HCM cho biết. Một nhà đầu tư khác ở TP. HCM nói thêm.";
        assert_eq!(main_of("Chứng khoán phục hồi", late), None);
        let early = "Một vụ cháy xảy ra ở TP. HCM.\nLửa bốc lên ở TP. HCM lúc 3h.";
        assert_eq!(main_of("Cháy nhà", early), Some("TP Hồ Chí Minh"));
    }

    #[test]
    fn a_title_naming_several_provinces_names_no_main_one() {
        let body = "Bão dự kiến vào vùng biển Hải Phòng chiều 19/10.\nHải Phòng sơ tán dân.";
        assert_eq!(main_of("Bão có thể vào Quảng Ninh - Hải Phòng", body), None);
    }

    #[test]
    fn a_case_of_the_supreme_procuracy_is_local_only_where_the_text_says() {
        let national = "Hai bị can bị truy tố.\nViện Kiểm sát nhân dân tối cao vừa hoàn tất cáo trạng và phân công Viện Kiểm sát nhân dân TP Hà Nội thực hành quyền công tố.";
        assert_eq!(main_of("Truy tố nguyên tổng giám đốc", national), None);
        let local = "Bị cáo trú xã Thiệu Toán, huyện Thiệu Hoá, tỉnh Thanh Hoá.\nTAND tối cao y án. Viện KSND tỉnh Thanh Hoá cho biết.";
        assert_eq!(main_of("Lãnh án chung thân", local), Some("Thanh Hóa"));
    }

    #[test]
    fn titles_set_abroad_say_where() {
        for title in [
            "Hai nữ hành khách Việt bị giữ ở Malaysia",
            "Đánh án ma tuý tại Lào, một trinh sát bị thương",
            "Tàu Việt Nam bốc cháy ở Hong Kong",
            "Ở Đài Loan, ngư dân bị giam",
        ] {
            assert!(set_abroad(title), "{title}");
        }
        for title in [
            "Bắt hai người Trung Quốc trộm tiền",
            "Ma túy từ Lào về Nghệ An",
            "Cháy nhà ở Lào Cai",
            "Bắt đối tượng ở Phápvân",
        ] {
            assert!(!set_abroad(title), "{title}");
        }
    }

    #[test]
    fn header_and_title_on_one_line() {
        // seed 002
        let parts = split_plain_text(
            " date 2023-10 Đoàn công tác của Bộ Công an kiểm tra\n\nSáng 12/10, Đoàn công tác...",
        );
        assert_eq!(parts.header.map(|d| d.to_string()), Some("2023-10".into()));
        assert_eq!(parts.title, "Đoàn công tác của Bộ Công an kiểm tra");
        assert_eq!(parts.body, "Sáng 12/10, Đoàn công tác...");
    }

    #[test]
    fn breadcrumbs_and_posting_line_are_skipped() {
        // seed 001
        let text = "Tin tức, sự kiện\nĐăng ngày: 29/09/2023 - Lượt xem: 96\nBộ Công an sơ kết công tác\n\nNgày 28/9/2023, Bộ Công an";
        let parts = split_plain_text(text);
        assert_eq!(
            parts.posted.map(|d| d.to_string()),
            Some("2023-09-29".into())
        );
        assert_eq!(parts.title, "Bộ Công an sơ kết công tác");
        assert_eq!(parts.body, "Ngày 28/9/2023, Bộ Công an");
    }

    #[test]
    fn time_stamp_lines_of_scraped_pages() {
        let day = Some("2024-07-11".to_owned());
        for line in [
            "Thứ Năm, 11/07/2024 - 08:30",
            "Thứ năm, 11/7/2024, 08:30 (GMT+7)",
            "11/07/2024 08:30",
            "08:30 11/07/2024",
            "11:30 | 11/07/2024",
            "Cập nhật lúc: 11-07-2024 8h30",
            "(CAND) - Thứ Năm, 11/07/2024 | 08:30",
            "Thứ 5, ngày 11/07/2024 08:30 AM",
            "T5, 11.07.2024",
            "2024-07-11T08:30:00+07:00",
            "2024-07-10T20:30:00Z",
            "11 tháng 7, 2024",
            "Chủ nhật, 11 tháng 07 năm 2024 - 08:30",
        ] {
            assert_eq!(timestamp_line(line).map(|d| d.to_string()), day, "{line}");
        }
        for line in [
            "Ngày 11/07/2024, Công an tỉnh Nghệ An bắt giữ đối tượng",
            "Bản tin ngày 11/07/2024",
            "Năm 2024",
            "Từ 11/07/2024 - 12/07/2024",
            "Lượt xem: 96",
            "11/07",
            "",
            "Thứ Năm",
        ] {
            assert_eq!(timestamp_line(line), None, "{line}");
        }
    }

    #[test]
    fn time_stamp_under_the_title_dates_the_bulletin_and_leaves_the_body() {
        let parts = split_plain_text(
            "Bắt đối tượng tàng trữ ma túy\nThứ Năm, 11/07/2024 - 08:30\n\nNgày 10/7, Công an huyện Quỳnh Lưu bắt giữ.",
        );
        assert_eq!(parts.title, "Bắt đối tượng tàng trữ ma túy");
        assert_eq!(
            parts.posted.map(|d| d.to_string()).as_deref(),
            Some("2024-07-11")
        );
        assert_eq!(parts.body, "Ngày 10/7, Công an huyện Quỳnh Lưu bắt giữ.");
        let (body, posted) = strip_leading_timestamp(
            "Tác giả: Minh Anh\n11/07/2024 08:30\nNgày 10/7, Công an bắt giữ.".to_owned(),
        );
        assert_eq!(posted.map(|d| d.to_string()).as_deref(), Some("2024-07-11"));
        assert_eq!(body, "Tác giả: Minh Anh\nNgày 10/7, Công an bắt giữ.");
        let lead = "Công an bắt giữ.\n\nA.\nB.\n11/07/2024 08:30".to_owned();
        assert_eq!(strip_leading_timestamp(lead.clone()), (lead, None));
    }

    #[test]
    fn category_word_and_fused_paragraph_are_cut() {
        // seed 004
        let text = " date 2024-07 Pháp luật Cụm thi đua số 6 (Bộ Công an): Chủ động, sáng tạo trong phong trào thi đua 'Vì an ninh Tổ quốc' Sáng 12/7, tại Công an tỉnh Nghệ An, Cụm thi đua";
        let parts = split_plain_text(text);
        assert_eq!(parts.title, "Cụm thi đua số 6 (Bộ Công an): Chủ động, sáng tạo trong phong trào thi đua 'Vì an ninh Tổ quốc'");
        assert!(parts
            .body
            .starts_with("Sáng 12/7, tại Công an tỉnh Nghệ An"));
    }

    #[test]
    fn datelines_of_the_seeds() {
        let day = |text: &str| find_dateline(text).map(|d| (d.date.day, d.date.month, d.date.year));
        assert_eq!(day("Sáng 11/7, Công an tỉnh"), Some((11, 7, None)));
        assert_eq!(day("Ngày 28/9/2023, Bộ Công an"), Some((28, 9, Some(2023))));
        assert_eq!(day("tổ chức sáng nay (27/12)."), Some((27, 12, None)));
        assert_eq!(day("Nghị quyết số 12-NQ/TW và 80,38%"), None);
        assert_eq!(day("hơn 1/3 dân số"), None);
    }

    fn window() -> DateWindow {
        DateWindow::new(1945, BulletinDate::day(2026, 11, 23).expect("valid"))
    }

    fn date_of(title: &str, body: &str) -> Option<String> {
        resolve_date(DateEvidence::default(), title, body, &window()).map(|d| d.to_string())
    }

    #[test]
    fn dates_never_invented() {
        assert_eq!(date_of("Bắt đối tượng", "Ngày 27/3, Công an"), None);
        assert_eq!(
            date_of("sơ kết 6 tháng đầu năm 2024", "Sáng 11/7, Công an"),
            Some("2024-07-11".into())
        );
        assert_eq!(
            date_of(
                "Sơ kết công tác 6 tháng đầu năm 2024",
                "Công an tỉnh tổ chức"
            ),
            Some("2024".into())
        );
    }

    #[test]
    fn whole_year_review_is_held_late_that_year_or_early_the_next() {
        let title = "Tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024";
        assert_eq!(date_of(title, "Công an tỉnh tổ chức"), None);
        assert_eq!(
            date_of(title, "Sáng 11/1, Công an tỉnh tổ chức"),
            Some("2024-01-11".into())
        );
        assert_eq!(
            date_of(title, "Sáng 28/12, Công an tỉnh tổ chức"),
            Some("2023-12-28".into())
        );
        assert_eq!(date_of(title, "Sáng 11/7, Công an tỉnh"), None);
    }

    #[test]
    fn title_year_of_a_plan_a_target_or_a_birth_is_not_the_date() {
        for title in [
            "Dự kiến vào năm 2025, Hà Nội sẽ có thêm 5 quận mới",
            "Đến năm 2030, mỗi xã có một đồn công an",
            "Tầm nhìn đến năm 2045",
            "năm 2068",
            // vietnews/000236
            "Hành trình truy tìm tên sát nhân sinh năm 2000 gây án mạng kinh hoàng ngày mùng 1 Tết",
        ] {
            assert_eq!(date_of(title, "Công an tỉnh tổ chức"), None, "{title}");
            assert_eq!(date_of(title, "Sáng 11/7, Công an tỉnh"), None, "{title}");
        }
    }

    #[test]
    fn dated_lead_gives_the_day() {
        // vietnews/000765
        let lead =
            "Ngày 2/1/2019, cơ quan CSĐT Công an huyện Châu Thành (Tiền Giang) bắt giữ nhóm người";
        assert_eq!(date_of("Bắt nhóm", lead), Some("2019-01-02".into()));
        assert_eq!(
            date_of("Xử lý vi phạm", &format!("(Dân trí) - {lead}")),
            Some("2019-01-02".into())
        );
    }

    #[test]
    fn dated_second_paragraph_after_a_summary_and_a_time_of_day() {
        // vietnews/065130: a summary, then the dated lead.
        let body = "Tóm tắt nội dung bài viết.\n\nChiều 14/5/2016, Thứ trưởng Bộ Khoa học và Công nghệ chủ trì";
        assert_eq!(date_of("Hội nghị", body), Some("2016-05-14".into()));
        // vietnews/064017
        let lead = "Theo Agribank, khoảng 21h40’ ngày 25/4/2018, Agribank nhận được tin báo";
        assert_eq!(date_of("Mất tiền", lead), None);
        let lead = "Khoảng 21h40’ ngày 25/4/2018, Agribank nhận được tin báo";
        assert_eq!(date_of("Mất tiền", lead), Some("2018-04-25".into()));
    }

    #[test]
    fn historical_date_in_the_lead_is_not_the_date() {
        let lead = "Ngày 10/10/1954, bộ đội tiến về tiếp quản Thủ đô. Năm 2024, Công an TP Hà Nội tổ chức kỷ niệm";
        assert_eq!(date_of("Kỷ niệm ngày giải phóng Thủ đô", lead), None);
        // A date told inside a sentence is when something happened, not the bulletin's.
        let inside = "Vụ sự cố y khoa xảy ra tại Bệnh viện ngày 29/5/2017 làm 9 người chết.";
        assert_eq!(date_of("Xét xử phúc thẩm", inside), None);
        // ... but `sáng nay` inside a sentence is the day it was written (seed 003).
        let evidence = DateEvidence {
            header: BulletinDate::month(2023, 12),
            ..Default::default()
        };
        let today = "Đó là thông tin tại Hội nghị tổ chức sáng nay (27/12).";
        let found = resolve_date(evidence, "Tin", today, &window());
        assert_eq!(found.map(|d| d.to_string()), Some("2023-12-27".into()));
    }

    #[test]
    fn dates_outside_the_window_are_unknown() {
        assert_eq!(date_of("Tin", "Ngày 2/1/2068, Công an tỉnh"), None);
        assert_eq!(date_of("Tin", "Ngày 2/1/1930, Công an tỉnh"), None);
        let evidence = DateEvidence {
            explicit: BulletinDate::day(2030, 1, 1),
            header: BulletinDate::month(2024, 7),
            ..Default::default()
        };
        let found = resolve_date(evidence, "Tin", "Sáng 11/7, Công an", &window());
        assert_eq!(found.map(|d| d.to_string()), Some("2024-07-11".into()));
    }

    #[test]
    fn dates_in_paths() {
        let path = |p: &str| date_in_path(p).map(|d| d.to_string());
        assert_eq!(path("site/2023/10/12/slug.txt"), Some("2023-10-12".into()));
        assert_eq!(path("site/2023/10/slug.txt"), Some("2023-10".into()));
        assert_eq!(path("a/2023-10-12-slug.txt"), Some("2023-10-12".into()));
        assert_eq!(path("a/20231012_slug.txt"), Some("2023-10-12".into()));
        assert_eq!(path("a/2023_10_12 slug.txt"), Some("2023-10-12".into()));
        assert_eq!(path("a/202310125_slug.txt"), None);
        assert_eq!(path("a/2023-13-12-slug.txt"), None);
        assert_eq!(path("seeds/000_85eaddf2e45121e1.txt"), None);
        assert_eq!(path("2023/notes.txt"), None);
    }

    #[test]
    fn path_date_is_below_posting_line_and_above_dateline() {
        let evidence = DateEvidence {
            path: BulletinDate::day(2023, 10, 12),
            ..Default::default()
        };
        let found = resolve_date(evidence, "Tin", "Ngày 2/1/2019, Công an", &window());
        assert_eq!(found.map(|d| d.to_string()), Some("2023-10-12".into()));
        let evidence = DateEvidence {
            posted: BulletinDate::day(2023, 10, 13),
            ..evidence
        };
        let found = resolve_date(evidence, "Tin", "", &window());
        assert_eq!(found.map(|d| d.to_string()), Some("2023-10-13".into()));
    }

    #[test]
    fn acting_unit_skips_attribution_in_parentheses() {
        let found = whereabouts("Cụm thi đua số 6 (Bộ Công an): Chủ động", "Sáng 12/7, tại Công an tỉnh Nghệ An, Cụm thi đua số 6 gồm Công an các tỉnh: Ninh Bình, Thanh Hóa");
        assert_eq!(found.unit, Some(vec!["Công an tỉnh Nghệ An".to_owned()]));
        assert_eq!(found.province.map(|p| p.then), Some("Nghệ An"));
        let names: Vec<_> = found.provinces.iter().map(|p| p.then).collect();
        assert_eq!(names, ["Nghệ An", "Ninh Bình", "Thanh Hóa"]);
    }

    #[test]
    fn ministry_event_takes_the_reporting_province() {
        let found = whereabouts("Bộ Công an sơ kết công tác", "Ngày 28/9/2023, Bộ Công an tổ chức. Giám đốc chủ trì tại điểm cầu Công an tỉnh Hưng Yên.");
        assert_eq!(found.unit, Some(vec!["Bộ Công an".to_owned()]));
        assert_eq!(found.province.map(|p| p.then), Some("Hưng Yên"));
    }

    #[test]
    fn department_takes_the_force_named_after_it() {
        let found = whereabouts(
            "Bắt quả tang",
            "Sáng 14/3, Phòng Cảnh sát điều tra tội phạm về ma túy Công an tỉnh Thanh Hóa phối hợp",
        );
        assert_eq!(
            found.unit,
            Some(vec![
                "Công an tỉnh Thanh Hóa".to_owned(),
                "Phòng Cảnh sát điều tra tội phạm về ma túy".to_owned()
            ])
        );
    }

    #[test]
    fn ministry_event_finds_a_force_deep_in_the_body() {
        let body = format!(
            "Bộ Công an tổ chức hội nghị. {} Đại diện Công an tỉnh Nam Định phát biểu.",
            "Nội dung. ".repeat(200)
        );
        let found = whereabouts("Hội nghị trực tuyến", &body);
        assert_eq!(found.province.map(|p| p.then), Some("Nam Định"));
    }

    #[test]
    fn no_unit_falls_back_to_named_provinces() {
        let found = whereabouts(
            "Tai nạn ở Hà Giang",
            "Một vụ tai nạn tại Yên Bái và Yên Bái",
        );
        assert_eq!(found.unit, None);
        assert_eq!(found.province.map(|p| p.then), Some("Hà Giang"));
        let found = whereabouts(
            "Tai nạn",
            "Một vụ tai nạn tại Hà Giang, rồi Yên Bái và Yên Bái",
        );
        assert_eq!(found.province.map(|p| p.then), Some("Yên Bái"));
    }
}
