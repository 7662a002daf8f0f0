//! Places in a bulletin's text: the provinces it names, directly or through their
//! districts and communes, and what each mention says about the province.
//!
//! Not every province name is a place. A name right after a family name, a middle name or
//! a word for a person (`ông Nguyễn Thanh Hoá`, `Trương Hoà Bình`, `bị cáo`) is a person; a
//! name after `đường`, `phố`, `Công ty`, `CLB`, `sông` is a street, a company, a club or a
//! river; `Thái Bình Dương` is the Pacific. A district or commune counts for its province
//! ([`AdminUnits`]); one whose name several provinces share counts only when one of
//! them is named within [`NEARBY`] bytes.

use crate::bulletin::gazetteer::AdminUnits;
use crate::bulletin::gazetteer::{Province, ProvinceGazetteer};
use crate::text::{head, last, scan};

/// How far from a shared district or commune name a province settling it may stand.
pub const NEARBY: usize = 250;

/// What a mention says about its province.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// A police force or court of the province acts: `Công an tỉnh X`, `TAND huyện Y`.
    Force,
    /// Where someone lives or comes from: `quê Thanh Hóa`, `trú tại ...`.
    Residence,
    /// Where a vehicle is registered or a route runs: `xe tải biển Đà Nẵng`, `từ Lạng Sơn
    /// về Hà Nội`, `cao tốc TP. HCM - Trung Lương`. Named, but the matter is not there.
    Passing,
    /// Any other place.
    Place,
}

/// One place named in text, with the province it lies in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub start: usize,
    pub end: usize,
    pub province: Province,
    pub role: Role,
}

/// Family names: a province name right after one is part of a person's name.
const FAMILY_NAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Mai", "Trịnh", "Đào", "Lương", "Tô",
    "Tạ", "Lại", "Quách", "Chu", "Phùng", "Đoàn", "Vương", "Lưu", "Kiều", "Châu", "Đàm", "Tăng",
    "Mạc", "Từ", "Khổng", "Triệu", "Doãn", "Thân", "Âu", "Nông", "Hứa", "Lục", "Khúc", "Diệp",
    "Phí", "Cao", "Tôn", "Cù", "Giáp", "Tống", "Bạch", "Lò",
];

/// Middle names common enough to mark a person: `Nguyễn Văn Thái Bình`.
const MIDDLE_NAMES: &[&str] = &[
    "Văn", "Thị", "Hữu", "Đức", "Ngọc", "Xuân", "Công", "Đình", "Thế", "Bá", "Trọng", "Duy",
];

/// Words before a person's name, and words before a street, company, club or river name,
/// lowercase: a province name right after one is not a place.
const NOT_A_PLACE_BEFORE: &[&str] = &[
    "ông",
    "bà",
    "anh",
    "chị",
    "cháu",
    "em",
    "bé",
    "cô",
    "chú",
    "đối tượng",
    "bị can",
    "bị cáo",
    "nghi phạm",
    "nạn nhân",
    "tên",
    "đường",
    "phố",
    "ngõ",
    "ngách",
    "hẻm",
    "đại lộ",
    "quốc lộ",
    "tỉnh lộ",
    "công ty",
    "tập đoàn",
    "doanh nghiệp",
    "clb",
    "câu lạc bộ",
    "đội",
    "sông",
    "tàu",
    "khách sạn",
    "nhà hàng",
    "báo",
    "đài",
    "ngân hàng",
    "bia",
    "giờ",
];

/// Words before a run of capitalized words that make the run a company, club or medium:
/// `công ty CP SJC Sài Gòn`.
const NAMED_BODIES: &[&str] = &[
    "công ty",
    "tập đoàn",
    "ngân hàng",
    "clb",
    "câu lạc bộ",
    "sở giao dịch",
];

/// Abbreviations of state bodies and kinds of place: a province name after one of them is
/// still a place (`UBND Hà Nội`, `CSGT Hà Nội`). After any other word in capitals it names
/// a company's or a bank's branch (`BIDV Hà Tĩnh`, `CEN Hà Nội`).
const STATE_ABBREVIATIONS: &[&str] = &[
    "UBND", "HĐND", "TAND", "VKSND", "VKS", "CSGT", "CSĐT", "CATP", "CAND", "CA", "PCCC", "GTVT",
    "MTTQ", "BCH", "BHXH", "KBNN", "TP", "TX", "KCN", "ANTT", "TNGT", "THPT", "THCS", "ĐH", "BV",
    "TW", "VN", "QL", "TL", "KDC", "ĐBQH", "KSND", "CSKV", "QLTT", "CSHS", "CSKT", "CSMT", "CSCĐ",
    "ANĐT", "UBMTTQ", "PC", "PA", "PK",
];

/// National bodies whose seat is the capital: a clause naming one of them and Hà Nội sets
/// the nation's business there, not a local matter (`Quốc hội khai mạc tại Hà Nội`).
const NATIONAL_BODIES: &[&str] = &[
    "quốc hội",
    "chính phủ",
    "trung ương",
    "thủ tướng",
    "bộ chính trị",
    "ban bí thư",
];

/// Phrases that make the rest of a clause a person's past: `Ông nguyên là Giám đốc Công an
/// Nghệ An, Chủ tịch tỉnh Nghệ An`.
const BIOGRAPHY: &[&str] = &[
    "nguyên là",
    "từng là",
    "từng giữ",
    "từng đảm nhiệm",
    "từng công tác",
    "từng làm",
    "nguyên giám đốc",
    "nguyên chủ tịch",
    "nguyên bí thư",
    "nguyên phó",
];

/// Phrases that make the rest of a clause where a person was born or grew up: `sinh ngày
/// 2/9/1960 tại xã Thạch Việt`, `sinh ra ở Hà Nội`, `sinh trưởng ở Đồng Tháp`.
const BIRTH: &[&str] = &[
    "sinh ngày",
    "sinh năm",
    "sinh tại",
    "sinh ra",
    "sinh trưởng",
];

/// Words right before a place that make it a vehicle's registration or a route's end:
/// `biển số Thanh Hoá`, `từ Lạng Sơn`, `hướng Hà Nội đi Hà Nam`, `cao tốc TP. HCM`.
const PASSING_BEFORE: &[&str] = &[
    "biển",
    "biển số",
    "biển kiểm soát",
    "bks",
    "số hiệu",
    "từ",
    "hướng",
    "đi",
    "về",
    "cao tốc",
    "tuyến",
    "lộ trình",
    "chặng",
    "đoạn",
];

/// Words in a clause that make `A - B` a route, both ends passing: `cao tốc Pháp Vân -
/// Cầu Giẽ`, `chuyến bay VN248 lộ trình TP. HCM - Hà Nội`.
const ROUTE_WORDS: &[&str] = &[
    "cao tốc",
    "tuyến",
    "lộ trình",
    "chuyến bay",
    "đường sắt",
    "đoạn",
];

/// How far before the second end of a route its route word may stand.
const ROUTE_REACH: usize = 40;

/// Words after a place that make it one of a region's places, named as an example: `tại
/// TP. HCM và các tỉnh miền Tây`.
const REGION_AFTER: &[&str] = &[
    "và các tỉnh",
    "và các địa phương",
    "và nhiều tỉnh",
    "cùng các tỉnh",
];

/// Kinds of local unit that may stand between a court and its province: `Toà án nhân dân
/// quận 10, TP. HCM`.
const LOCAL_KINDS: &[&str] = &[
    "quận",
    "huyện",
    "thị xã",
    "thành phố",
    "tp.",
    "tp",
    "thị trấn",
];

/// Names that hold a province name but are something else.
const LONGER_NAMES: &[&str] = &["Thái Bình Dương"];

/// Words before a place that make it the home of a person.
const RESIDENCE_WORDS: &[&str] = &["quê", "trú", "ngụ", "hktt", "gốc"];

/// Pairs of words before a place that make it the home of a person or a company (`thường
/// trú` and `quê quán` hold a word above).
const RESIDENCE_PAIRS: &[(&str, &str)] = &[("sinh", "sống"), ("nguyên", "quán"), ("trụ", "sở")];

/// Words before a place that make it a police force or court acting there.
const FORCE_WORDS: &[&str] = &[
    "công an",
    "ca",
    "tand",
    "tòa án nhân dân",
    "toà án nhân dân",
    "tòa án",
    "toà án",
    "vksnd",
    "viện ksnd",
    "viện kiểm sát nhân dân",
    "cơ quan csđt",
    "cơ quan cảnh sát điều tra",
    "cấp cao tại",
];

/// Every place in `text` (NFC), in order.
pub fn find_places(text: &str) -> Vec<Place> {
    let provinces: Vec<Place> = ProvinceGazetteer::get()
        .find_all(text)
        .into_iter()
        .filter_map(|m| {
            let before = Before::new(text, m.start);
            let place = before.is_a_place(text, m.start)
                && !names_something_else(&before.tail, &text[m.end..]);
            let after = text[m.end..].trim_start_matches([' ', ',']);
            let in_a_region = REGION_AFTER.iter().any(|w| {
                after
                    .get(..w.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(w))
            }) || (m.province.then == "Hà Nội"
                && seats_the_nation(&before.tail, after))
                || starts_a_route(&before.tail, &text[m.end..]);
            place.then(|| Place {
                start: m.start,
                end: m.end,
                province: m.province,
                role: if in_a_region {
                    Role::Passing
                } else {
                    before.role()
                },
            })
        })
        .collect();
    let mut places = provinces.clone();
    for local in AdminUnits::get().find_all(text) {
        if places
            .iter()
            .any(|p| p.start < local.end && local.start < p.end)
        {
            continue;
        }
        // A person named after a place (`ông Phí Thái Bình`) is no place, whether the name
        // is a province's or a district's.
        let before = Before::new(text, local.start);
        if !before.is_a_place(text, local.start) {
            continue;
        }
        let province = match local.provinces.as_slice() {
            [only] => Some(*only),
            several => settle_nearby(several, &provinces, local.start, local.end),
        };
        if let Some(province) = province {
            places.push(Place {
                start: local.start,
                end: local.end,
                province,
                role: before.role(),
            });
        }
    }
    places.sort_by_key(|p| p.start);
    places
}

/// Words naming a vessel, a rig or a plant, which are often named after a province and
/// numbered: `tàu khảo sát Hải Dương 8`, `giàn khoan Hải Dương 981`, `Nhiệt điện Thái Bình 2`.
const NUMBERED_NAMES: &[&str] = &[
    "tàu",
    "dự án",
    "điện lực",
    "dầu khí",
    "giàn khoan",
    "sà lan",
    "xà lan",
    "máy bay",
    "nhiệt điện",
    "thủy điện",
    "thuỷ điện",
    "nhà máy",
];

/// How far before a numbered name its kind may stand (`tàu khảo sát ` before `Hải Dương 8`).
const NUMBERED_NAME_REACH: usize = 30;

/// True when the words around a province name make it something else: a number after it
/// with a vessel, rig or plant word just before ([`NUMBERED_NAMES`]), or China after it
/// (`tỉnh Hà Nam, Trung Quốc` is Henan). `tail`: the lowercase words before the name.
fn names_something_else(tail: &str, after: &str) -> bool {
    let rest = after.trim_start_matches([' ', ',', '(']);
    if rest.starts_with("Trung Quốc") {
        return true;
    }
    let Some(number) = after.strip_prefix(' ') else {
        return false;
    };
    let digits = number.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &number[digits..];
    // `Thái Bình 2.` ends a sentence; `Hải Dương 12/3`, `Hà Nội 2.5` are dates and figures.
    let sentence_end = rest
        .strip_prefix('.')
        .is_some_and(|r| r.is_empty() || r.starts_with(char::is_whitespace));
    if digits == 0
        || (!sentence_end && rest.starts_with(|c: char| c.is_alphanumeric() || "/-.:".contains(c)))
    {
        return false;
    }
    // `tail` is lowercase already.
    let clause = last(tail, NUMBERED_NAME_REACH)
        .rsplit([',', '.', ';', ':', '(', ')'])
        .next()
        .unwrap_or_default();
    NUMBERED_NAMES.iter().any(|kind| {
        clause
            .match_indices(kind)
            .any(|(at, _)| at == 0 || clause[..at].ends_with(' '))
    })
}

/// The one province of `candidates` named within [`NEARBY`] bytes of `start..end`.
fn settle_nearby(
    candidates: &[Province],
    named: &[Place],
    start: usize,
    end: usize,
) -> Option<Province> {
    let mut found: Option<Province> = None;
    for place in named {
        let near = place.end + NEARBY >= start && place.start <= end + NEARBY;
        let candidate = candidates
            .iter()
            .find(|c| c.then == place.province.then || c.today == place.province.then);
        match (near, candidate) {
            (true, Some(c)) if found.is_none_or(|f| f == *c) => found = Some(*c),
            (true, Some(_)) => return None,
            _ => {}
        }
    }
    found
}

/// The words before a mention, lowercase: what they say about it. One short copy per
/// mention serves every rule.
struct Before {
    /// The last 120 bytes or so before the mention, trimmed, lowercase.
    tail: String,
    /// Inside parentheses after a person's name: `bà Dương Thị Hoa (huyện Chợ Mới, tỉnh An
    /// Giang)` is her home.
    after_a_persons_name: bool,
}

impl Before {
    fn new(text: &str, start: usize) -> Before {
        let before = text[..start].trim_end();
        Before {
            tail: scan::to_lowercase(last(before, 120)),
            after_a_persons_name: in_parentheses_after_a_name(before),
        }
    }

    /// False for a province name that is part of a person's, street's or company's name.
    fn is_a_place(&self, text: &str, start: usize) -> bool {
        if LONGER_NAMES
            .iter()
            .any(|name| text[start..].starts_with(name))
        {
            return false;
        }
        let before = text[..start].trim_end();
        let last_word_start = before
            .rfind(|c: char| !c.is_alphanumeric())
            .map_or(0, |at| {
                at + before[at..].chars().next().map_or(1, char::len_utf8)
            });
        let last_word = &before[last_word_start..];
        if before.len() + 1 == start
            && (FAMILY_NAMES.contains(&last_word) || MIDDLE_NAMES.contains(&last_word))
        {
            return false;
        }
        let bare = !["TP", "Tp", "tp", "tỉnh", "Tỉnh", "thành phố", "Thành phố"]
            .iter()
            .any(|kind| text[start..].starts_with(kind));
        if in_a_named_body(&self.tail)
            || (bare && after_an_acronym(last_word, before.len() + 1 == start))
        {
            return false;
        }
        !NOT_A_PLACE_BEFORE
            .iter()
            .any(|word| ends_with_word(&self.tail, word))
            || self.tail.ends_with("thành phố")
    }

    /// The role the words before a place give it.
    fn role(&self) -> Role {
        // The clause the place stands in: `trú tại xã X, huyện Y, tỉnh Z`.
        let clause = last_clause(&self.tail);
        // Each phrase of a past or a birth holds one of these words: most clauses are
        // passed over with three searches.
        let may_tell_a_life = ["nguyên", "từng", "sinh"]
            .iter()
            .any(|w| clause.contains(w));
        if may_tell_a_life
            && BIOGRAPHY
                .iter()
                .chain(BIRTH)
                .any(|phrase| clause.contains(phrase))
        {
            return Role::Residence;
        }
        let near = self.tail.trim_end_matches(['.', ' ']);
        let force_prefix = ["tỉnh", "thành phố", "tp", "tp."]
            .iter()
            .find_map(|kind| near.strip_suffix(kind))
            .unwrap_or(near)
            .trim_end();
        let is_force = |before: &str| FORCE_WORDS.iter().any(|w| ends_with_word(before, w));
        if is_force(force_prefix) || without_local_unit(force_prefix).is_some_and(is_force) {
            return Role::Force;
        }
        if PASSING_BEFORE
            .iter()
            .any(|w| ends_with_word(force_prefix, w))
        {
            return Role::Passing;
        }
        if (near.ends_with(" -") || near.ends_with(" –")) && names_a_route(near) {
            return Role::Passing;
        }
        // `thanh niên 25 tuổi ở Phú Yên`: where a person is from.
        if near
            .strip_suffix(" ở")
            .is_some_and(|rest| rest.trim_end_matches(',').ends_with("tuổi"))
        {
            return Role::Residence;
        }
        let home = is_a_home(clause);
        if home || self.after_a_persons_name {
            Role::Residence
        } else {
            Role::Place
        }
    }
}

/// True when `clause` holds a word of [`RESIDENCE_WORDS`] or a pair of [`RESIDENCE_PAIRS`].
fn is_a_home(clause: &str) -> bool {
    let mut previous: &[u8] = b"";
    let words = clause
        .as_bytes()
        .split(|b| b.is_ascii_whitespace() || b.is_ascii_punctuation());
    for word in words.filter(|w| !w.is_empty()) {
        let home = RESIDENCE_WORDS.iter().any(|w| w.as_bytes() == word)
            || RESIDENCE_PAIRS
                .iter()
                .any(|(first, second)| first.as_bytes() == previous && second.as_bytes() == word);
        if home {
            return true;
        }
        previous = word;
    }
    false
}

/// True when the last [`ROUTE_REACH`] bytes of `tail` (lowercase) hold a route word.
fn names_a_route(tail: &str) -> bool {
    let near = last(tail, ROUTE_REACH);
    ROUTE_WORDS.iter().any(|w| near.contains(w))
}

/// True when a place is the first end of a route: a route word before it, a dash after it
/// (`tuyến đường sắt Hà Nội - Lạng Sơn`).
fn starts_a_route(tail: &str, after: &str) -> bool {
    let dash = after.starts_with(" - ") || after.starts_with(" – ");
    dash && names_a_route(tail)
}

/// True when the sentence around a mention of Hà Nội names a national body
/// ([`NATIONAL_BODIES`]).
fn seats_the_nation(tail: &str, after: &str) -> bool {
    let before = tail.rsplit(['.', ';', '\n']).next().unwrap_or_default();
    let after = scan::to_lowercase(
        head(after, 160)
            .split(['.', ';', '\n'])
            .next()
            .unwrap_or_default(),
    );
    NATIONAL_BODIES
        .iter()
        .any(|body| before.contains(body) || after.contains(body))
}

/// True when `word`, right before a province name (`adjacent`), is a company's or a bank's
/// abbreviation: three or more capitals, not a state body's ([`STATE_ABBREVIATIONS`]).
fn after_an_acronym(word: &str, adjacent: bool) -> bool {
    adjacent
        && word.chars().count() >= 3
        && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit())
        && word.chars().any(char::is_uppercase)
        && !STATE_ABBREVIATIONS.contains(&word)
}

/// `before` (lowercase, ending with a local unit and a comma: `toà án nhân dân quận 10,`)
/// without that unit: `toà án nhân dân`.
fn without_local_unit(before: &str) -> Option<&str> {
    let before = before.strip_suffix(',')?.trim_end();
    LOCAL_KINDS.iter().find_map(|kind| {
        let at = before.rfind(kind)?;
        let name = &before[at + kind.len()..];
        let one_name = name.split_whitespace().count() <= 3
            && name
                .chars()
                .all(|c| c.is_alphanumeric() || " '’-".contains(c));
        let word_start = at == 0 || before[..at].ends_with(' ');
        (one_name && word_start).then(|| before[..at].trim_end())
    })
}

/// Words that end a company's or club's name when walking back from a place: what comes
/// before them is not part of the name (`công ty vận tải ở Hà Nội`).
const NAME_BREAKS: &[&str] = &[
    "ở", "tại", "trên", "thuộc", "của", "và", "với", "cho", "về", "từ", "đến", "là",
];

/// The last clause of `text`: what follows its last `;`, `)` or full stop. The dot of an
/// abbreviation (`trú Q. 11, TP. HCM`) ends no clause.
fn last_clause(text: &str) -> &str {
    // The marks are ASCII, so bytes find them without decoding the text.
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while let Some(at) = bytes[..end]
        .iter()
        .rposition(|b| matches!(b, b'.' | b';' | b')'))
    {
        let word_start = bytes[..at]
            .iter()
            .rposition(|b| !b.is_ascii_alphabetic())
            .map_or(0, |i| i + 1);
        let abbreviation = (1..=2).contains(&(at - word_start));
        if bytes[at] != b'.' || !abbreviation {
            return &text[at + 1..];
        }
        end = at;
    }
    text
}

/// True when `tail` (the lowercase words before a place) ends inside the name of a company,
/// bank or club: `công ty cp sjc` before `Sài Gòn`, `công ty cổ phần dịch vụ giải trí`
/// before `Hà Nội`.
fn in_a_named_body(tail: &str) -> bool {
    let mut rest = tail;
    for _ in 0..10 {
        let start = rest.rfind(' ').map_or(0, |at| at + 1);
        let word = &rest[start..];
        let dash = word == "-" || word == "–";
        if !dash && (!word.chars().all(char::is_alphanumeric) || NAME_BREAKS.contains(&word)) {
            break;
        }
        rest = rest[..start].trim_end();
        if NAMED_BODIES.iter().any(|body| ends_with_word(rest, body)) {
            return true;
        }
        if rest.is_empty() {
            break;
        }
    }
    false
}

/// True when `before` ends inside parentheses opened right after a person's name (two to
/// four capitalized words, the first a family name).
fn in_parentheses_after_a_name(before: &str) -> bool {
    let Some(open) = before.rfind('(') else {
        return false;
    };
    if before[open..].contains(')') || before.len() - open > 120 {
        return false;
    }
    let words: Vec<&str> = before[..open].split_whitespace().rev().take(5).collect();
    let capitalized = words
        .iter()
        .take(4)
        .take_while(|w| w.starts_with(char::is_uppercase))
        .count();
    // `huyện Châu Thành (Tiền Giang)` is a place named after a family name, not a person.
    let after_a_kind_word = words.get(capitalized).is_some_and(|w| {
        ["huyện", "quận", "xã", "phường", "tỉnh", "trấn", "phố", "an"].contains(w)
    });
    (2..=4).contains(&capitalized)
        && FAMILY_NAMES.contains(&words[capitalized - 1])
        && !after_a_kind_word
}

/// True when `text` ends with the word(s) `word`, standing alone.
fn ends_with_word(text: &str, word: &str) -> bool {
    text.strip_suffix(word)
        .is_some_and(|rest| !rest.ends_with(char::is_alphanumeric))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn places(text: &str) -> Vec<(&str, &'static str, Role)> {
        find_places(text)
            .into_iter()
            .map(|p| (&text[p.start..p.end], p.province.then, p.role))
            .collect()
    }

    fn provinces(text: &str) -> Vec<&'static str> {
        find_places(text)
            .into_iter()
            .map(|p| p.province.then)
            .collect()
    }

    #[test]
    fn people_are_not_places() {
        // vietnews/016417
        assert!(provinces("ông Nguyễn Thanh Hoá, trưởng thôn").is_empty());
        assert!(provinces("nguyên Phó Thủ tướng Trương Hòa Bình").is_empty());
        assert!(provinces("bị cáo Nguyễn Văn Thái Bình").is_empty());
        assert!(provinces("Đối tượng Hà Nội khai nhận").is_empty());
        // Rarer family names, and a name that is also a commune's or a district's.
        assert!(provinces("đối với ông Phí Thái Bình, nguyên phó chủ tịch").is_empty());
        assert!(provinces("bà Cao Thái Bình cho biết").is_empty());
    }

    #[test]
    fn streets_companies_clubs_and_oceans_are_not_places() {
        assert!(provinces("trên đường Thái Nguyên, quận").is_empty());
        assert!(provinces("tại phố Hà Nội").is_empty());
        assert!(provinces("Công ty Vũng Tàu Xanh").is_empty());
        assert!(provinces("CLB Hà Nội thắng").is_empty());
        assert!(provinces("ở khu vực Thái Bình Dương").is_empty());
        // ... but the city of Hà Nội is.
        assert_eq!(provinces("thành phố Hà Nội"), ["Hà Nội"]);
    }

    #[test]
    fn vessels_foreign_provinces_and_time_zones_are_not_places() {
        for text in [
            "Tàu khảo sát Hải Dương 8 của Trung Quốc quay lại vùng biển.",
            "giàn khoan Hải Dương 981 hạ đặt trái phép",
            "dự án Nhiệt điện Thái Bình 2 chậm tiến độ",
            "Vụ án xảy ra tại tỉnh Hà Nam, Trung Quốc hôm qua.",
            "cảnh sát tỉnh Quảng Tây (Trung Quốc) cho biết",
            "lúc 20h (giờ Hà Nội) ngày 5/3",
        ] {
            assert!(provinces(text).is_empty(), "{text}: {:?}", provinces(text));
        }
        for text in [
            "Hải Dương 12/3 - Công an tỉnh bắt giữ",
            "Hải Dương, ngày 12/3",
            "tại Hà Nội 2 đối tượng bị bắt",
            "Công an tỉnh Nghệ An 5 năm qua",
        ] {
            assert!(!provinces(text).is_empty(), "{text}");
        }
    }

    #[test]
    fn districts_and_communes_name_their_province() {
        assert_eq!(
            places("Công an huyện Quỳnh Lưu bắt giữ"),
            [("huyện Quỳnh Lưu", "Nghệ An", Role::Force)]
        );
        assert_eq!(provinces("ở quận Gò Vấp"), ["TP Hồ Chí Minh"]);
        // vietnews/000245: a court of a district, with its province.
        assert_eq!(
            provinces("TAND huyện Ba Chẽ, tỉnh Quảng Ninh đã mở phiên tòa"),
            ["Quảng Ninh", "Quảng Ninh"]
        );
    }

    #[test]
    fn shared_names_need_a_province_nearby() {
        assert!(provinces("Sự việc xảy ra ở xã Tân Thành.").is_empty());
        assert_eq!(
            provinces("tại xã Tân Thành, huyện X, tỉnh Long An"),
            ["Long An", "Long An"]
        );
    }

    #[test]
    fn companies_and_biographies_are_not_the_place_of_the_matter() {
        // vietnews/061291
        assert!(provinces("giá vàng được công ty CP SJC Sài Gòn niêm yết").is_empty());
        // vietnews/089026
        let bio = "Ông nguyên là Giám đốc Công an Nghệ An, Chủ tịch tỉnh Nghệ An.";
        let roles: Vec<Role> = find_places(bio).into_iter().map(|p| p.role).collect();
        assert_eq!(roles, [Role::Residence, Role::Residence]);
        // vietnews/082955
        let home = "bà Dương Thị Hoa (huyện Chợ Mới, tỉnh An Giang) rất phấn khởi";
        let roles: Vec<Role> = find_places(home).into_iter().map(|p| p.role).collect();
        assert_eq!(roles, [Role::Residence, Role::Residence]);
        // ... but a force's province in parentheses is not a home.
        let force = "Công an huyện Châu Thành (Tiền Giang) bắt giữ";
        let roles: Vec<Role> = find_places(force).into_iter().map(|p| p.role).collect();
        assert!(!roles.contains(&Role::Residence), "{roles:?}");
    }

    #[test]
    fn homes_and_forces_are_told_apart() {
        // vietnews/000320
        let text = "Công an huyện Tân Phước, tỉnh Tiền Giang đã bắt Nguyễn Văn Luân, ngụ xã Vĩnh Lợi, huyện Thạnh Trị, tỉnh Sóc Trăng";
        let roles: Vec<_> = places(text).into_iter().map(|(_, p, r)| (p, r)).collect();
        assert_eq!(roles[0], ("Tiền Giang", Role::Force));
        assert!(roles.contains(&("Sóc Trăng", Role::Residence)), "{roles:?}");
        assert!(!roles.contains(&("Sóc Trăng", Role::Place)), "{roles:?}");
        assert_eq!(
            places("Triệu Thế Vũ (24 tuổi, quê Hà Giang)"),
            [("Hà Giang", "Hà Giang", Role::Residence)]
        );
        assert_eq!(
            places("TAND tỉnh Thái Nguyên xét xử"),
            [("Thái Nguyên", "Thái Nguyên", Role::Force)]
        );
        // vietnews/079685
        assert_eq!(
            places("HĐXX phúc thẩm TAND cấp cao tại TP. HCM đã giao hồ sơ"),
            [("TP. HCM", "TP Hồ Chí Minh", Role::Force)]
        );
    }

    fn roles(text: &str) -> Vec<(&'static str, Role)> {
        find_places(text)
            .into_iter()
            .map(|p| (p.province.then, p.role))
            .collect()
    }

    #[test]
    fn plates_routes_and_roads_are_passing() {
        for text in [
            "xe tải biển Đà Nẵng lật ngang",
            "xe khách biển số tỉnh Hà Nam",
            "tàu cá mang số hiệu Bình Thuận",
            "đưa khách từ Lạng Sơn",
            "trên cao tốc Pháp Vân hướng Hà Nội",
            "trên cao tốc TP. HCM - Long Thành",
            "lộ trình TP. HCM - Hà Nội",
            "tuyến đường sắt Hà Nội - Lạng Sơn",
            "giá gas tại TP. HCM và các tỉnh miền Tây",
        ] {
            let found = roles(text);
            assert!(!found.is_empty(), "{text}");
            assert!(
                found.iter().all(|(_, r)| *r == Role::Passing),
                "{text}: {found:?}"
            );
        }
        assert_eq!(roles("tại Bắc Giang"), [("Bắc Giang", Role::Place)]);
    }

    #[test]
    fn births_past_posts_and_company_homes_are_homes() {
        for text in [
            "Ông sinh ngày 2/9/1960 tại xã Thạch Việt, huyện Thạch Hà, tỉnh Hà Tĩnh",
            "người sinh ra tại Hà Nội",
            "Ông từng đảm nhiệm chức vụ Giám đốc Công an thành phố Đà Nẵng",
            "nguyên Phó Viện trưởng VKSND TP. Đà Nẵng cưỡng hôn bé gái",
            "chàng cầu thủ gốc Nghệ An",
            "thanh niên 25 tuổi ở Phú Yên",
            "công ty có trụ sở tại quận 1, TP. HCM",
            "(41 tuổi, trú Q. 11, TP. HCM)",
        ] {
            let found = roles(text);
            assert!(!found.is_empty(), "{text}");
            assert!(
                found.iter().all(|(_, r)| *r == Role::Residence),
                "{text}: {found:?}"
            );
        }
    }

    #[test]
    fn company_names_and_branches_are_not_places() {
        for text in [
            "Công ty cổ phần dịch vụ giải trí Hà Nội",
            "Tổng công ty Cổ phần Bia - Rượu - Nước giải khát Sài Gòn",
            "Sở Giao dịch chứng khoán TP. HCM",
            "ông Kiều Đình Hoà, nguyên Giám đốc BIDV Hà Tĩnh",
            "thương hiệu Bia Hà Nội",
        ] {
            assert!(provinces(text).is_empty(), "{text}: {:?}", provinces(text));
        }
        // A company's place after a preposition, and a state body's, are places.
        assert_eq!(
            provinces("tài xế thuộc Công ty vận tải ở Hà Nội"),
            ["Hà Nội"]
        );
        assert_eq!(provinces("UBND Hà Nội"), ["Hà Nội"]);
        assert_eq!(
            provinces("Viện KSND TP. HCM giữ quyền công tố"),
            ["TP Hồ Chí Minh"]
        );
    }

    #[test]
    fn a_court_named_with_its_district_is_a_force() {
        assert_eq!(
            roles("Toà án Nhân dân quận 10, TP. HCM đã chấp nhận yêu cầu"),
            [("TP Hồ Chí Minh", Role::Force)]
        );
        assert_eq!(
            roles("Công an huyện Đắk R’ Lấp, Đắk Nông cho biết")
                .last()
                .copied(),
            Some(("Đắk Nông", Role::Force))
        );
    }

    #[test]
    fn the_capital_as_the_seat_of_national_bodies_is_passing() {
        assert_eq!(
            roles("Kỳ họp thứ 7 Quốc hội khai mạc tại Hà Nội."),
            [("Hà Nội", Role::Passing)]
        );
        assert_eq!(
            roles("Vụ cháy xảy ra tại Hà Nội."),
            [("Hà Nội", Role::Place)]
        );
    }

    #[test]
    fn abbreviations_end_no_clause() {
        assert_eq!(last_clause("ngày 2. trú q. 11, tp. "), " trú q. 11, tp. ");
        assert_eq!(last_clause("xong; bắt"), " bắt");
        assert_eq!(last_clause("không dấu"), "không dấu");
    }
}
