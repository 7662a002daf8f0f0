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

use super::date::{parse_day_month, BulletinDate, DayMonth};
use super::gazetteer::{Province, ProvinceGazetteer};
use super::unit::{UnitMatcher, UnitMention};
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
    let rest: Vec<&str> = lines.collect();
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
    let bytes = text.as_bytes();
    for at in 0..bytes.len() {
        if !bytes[at].is_ascii_digit() || (at > 0 && bytes[at - 1].is_ascii_digit()) {
            continue;
        }
        let Some((date, _)) = parse_day_month(&text[at..]) else {
            continue;
        };
        if let Some(phrase_start) = dateline_word_before(&text[..at]) {
            return Some(Dateline { phrase_start, date });
        }
    }
    None
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

/// `... 6 tháng đầu năm 2024` → 2024: a year the title is about.
fn year_in_title(title: &str) -> Option<BulletinDate> {
    let at = title.find("năm ")?;
    let digits: String = title[at + "năm ".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    (digits.len() == 4)
        .then(|| digits.parse().ok().and_then(BulletinDate::year))
        .flatten()
}

/// The date sources of one bulletin, strongest first.
#[derive(Clone, Copy, Debug, Default)]
pub struct DateEvidence {
    pub explicit: Option<BulletinDate>,
    pub posted: Option<BulletinDate>,
    pub header: Option<BulletinDate>,
}

/// The bulletin's date: explicit, posted, the lead's dateline completed with a year, the
/// header month, the year in the title; else unknown.
pub fn resolve_date(evidence: DateEvidence, title: &str, body: &str) -> Option<BulletinDate> {
    if let Some(date) = evidence.explicit.or(evidence.posted) {
        return Some(date);
    }
    let title_year = year_in_title(title);
    let reference = evidence.header.or(title_year);
    let lead = lead_paragraph(body);
    find_dateline(lead)
        .and_then(|dateline| dateline.date.resolve(reference))
        .or(evidence.header)
        .or(title_year)
}

/// The first paragraph of a body, at most 1,500 bytes.
fn lead_paragraph(body: &str) -> &str {
    let first = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    let mut end = first.len().min(1500);
    while !first.is_char_boundary(end) {
        end -= 1;
    }
    &first[..end]
}

/// Where a bulletin comes from, and which unit acts in it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Whereabouts {
    pub province: Option<Province>,
    pub provinces: Vec<Province>,
    pub unit: Option<Vec<String>>,
}

/// Finds the main province, every province named, and the acting unit (module rules).
/// `title` and `body` must be NFC ([`to_nfc`]).
pub fn whereabouts(title: &str, body: &str) -> Whereabouts {
    let units = UnitMatcher::get();
    let gazetteer = ProvinceGazetteer::get();

    let lead = lead_paragraph(body);
    let title_units = units.find_all(title);
    let lead_units = units.find_all(lead);
    // The acting unit, with the units of the text it stands in (title or lead).
    let acting = title_units
        .iter()
        .map(|m| (m, &title_units))
        .chain(lead_units.iter().map(|m| (m, &lead_units)))
        .find(|(m, _)| !m.parenthesized);

    let title_mentions = gazetteer.find_all(title);
    let body_mentions = gazetteer.find_all(body);

    // A provincial force named anywhere: found among the province mentions already made (one
    // preceded by `Công an tỉnh `...), rather than by scanning the body again for units.
    let first_force_anywhere = || {
        title_units
            .iter()
            .find(|m| m.is_provincial_force())
            .and_then(UnitMention::province)
            .or_else(|| {
                body_mentions
                    .iter()
                    .find(|m| names_a_force(&body[..m.start]))
                    .map(|m| m.province)
            })
    };
    let province = acting
        .and_then(|(m, same_text)| m.province().or_else(|| force_right_after(m, same_text)))
        .or_else(first_force_anywhere)
        .or_else(|| title_mentions.first().map(|m| m.province))
        .or_else(|| most_named(body_mentions.iter().map(|m| m.province)));

    let mut provinces: Vec<Province> = province.into_iter().collect();
    for mention in title_mentions.iter().chain(&body_mentions) {
        if !provinces.contains(&mention.province) {
            provinces.push(mention.province);
        }
    }
    Whereabouts {
        province,
        provinces,
        unit: acting.and_then(|(m, _)| m.facet_path(province)),
    }
}

/// The province of a provincial force named right after `unit` (`Phòng CSGT Công an tỉnh X`,
/// `Công an huyện Yên Minh, Công an tỉnh Hà Giang`).
fn force_right_after(unit: &UnitMention, all: &[UnitMention]) -> Option<Province> {
    all.iter()
        .find(|m| m.start >= unit.end && m.start - unit.end <= 3 && m.is_provincial_force())
        .and_then(UnitMention::province)
}

fn most_named(provinces: impl Iterator<Item = Province>) -> Option<Province> {
    let mut counts: Vec<(Province, usize)> = Vec::new();
    for province in provinces {
        match counts.iter_mut().find(|(p, _)| *p == province) {
            Some((_, n)) => *n += 1,
            None => counts.push((province, 1)),
        }
    }
    // The first named wins a tie: max_by_key keeps the last maximum, so search reversed.
    counts
        .into_iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .map(|(p, _)| p)
}

/// True when `before` ends with the words that make the province after it a police force.
fn names_a_force(before: &str) -> bool {
    const FORCE_PREFIXES: &[&str] = &[
        "Công an tỉnh ",
        "công an tỉnh ",
        "CA tỉnh ",
        "Công an thành phố ",
        "Công an Thành phố ",
        "Công an TP ",
        "Công an TP. ",
        "Công an ",
        "công an ",
    ];
    FORCE_PREFIXES.iter().any(|prefix| before.ends_with(prefix))
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

    #[test]
    fn dates_never_invented() {
        let evidence = DateEvidence::default();
        assert_eq!(
            resolve_date(evidence, "Bắt đối tượng", "Ngày 27/3, Công an"),
            None
        );
        let from_title = resolve_date(
            evidence,
            "sơ kết 6 tháng đầu năm 2024",
            "Sáng 11/7, Công an",
        );
        assert_eq!(from_title.map(|d| d.to_string()), Some("2024-07-11".into()));
        let year_only = resolve_date(evidence, "tổng kết năm 2023", "Công an tỉnh tổ chức");
        assert_eq!(year_only.map(|d| d.to_string()), Some("2023".into()));
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
