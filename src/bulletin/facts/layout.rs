//! The layout of a plain-text bulletin as scraped.
//!
//! Plain-text bulletins come as scraped: an optional ` date YYYY-MM` header on the title
//! line, breadcrumb lines (`Tin tức, sự kiện`, `Đăng ngày: 29/09/2023 - Lượt xem: 96`), a
//! category word fused before the title (`Pháp luật Cụm thi đua ...`), or a title running
//! into the first paragraph. [`split_plain_text`] undoes all of that. Time stamps under a
//! title date the bulletin; the body's paragraphs are where the other rules look.

use super::dating::find_dateline;
use crate::bulletin::date::{parse_day_month, BulletinDate};
use crate::text::head;

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
    let lower = crate::text::scan::to_lowercase(line);
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
        let found = crate::bulletin::date_field::parse_date_field(token)
            .filter(|d| d.precision == crate::bulletin::date::Precision::Day)?;
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

/// The first `n` non-empty paragraphs of a body, each at most 1,500 bytes.
pub(super) fn first_paragraphs(body: &str, n: usize) -> impl Iterator<Item = &str> {
    body.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .take(n)
        .map(|paragraph| head(paragraph, 1500))
}

/// The first paragraph of a body, at most 1,500 bytes: always a slice of `body` (its empty
/// end when the body is blank), so that its offset in the body can be taken.
pub(super) fn lead_paragraph(body: &str) -> &str {
    first_paragraphs(body, 1)
        .next()
        .unwrap_or(&body[body.len()..])
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
