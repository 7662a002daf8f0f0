//! Places in a bulletin's text: the provinces it names, directly or through their
//! districts and communes, and what each mention says about the province.
//!
//! Not every province name is a place. A name right after a family name, a middle name or
//! a word for a person (`ông Nguyễn Thanh Hoá`, `Trương Hoà Bình`, `bị cáo`) is a person; a
//! name after `đường`, `phố`, `Công ty`, `CLB`, `sông` is a street, a company, a club or a
//! river; `Thái Bình Dương` is the Pacific. A district or commune counts for its province
//! ([`AdminUnits`]); one whose name several provinces share counts only when one of
//! them is named within [`NEARBY`] bytes.

mod vocabulary;

use crate::bulletin::gazetteer::AdminUnits;
use crate::bulletin::gazetteer::{Province, ProvinceGazetteer};
use crate::text::{head, last, scan};
use vocabulary::{
    BIOGRAPHY, BIRTH, FAMILY_NAMES, FORCE_WORDS, LOCAL_KINDS, LONGER_NAMES, MIDDLE_NAMES,
    NAMED_BODIES, NAME_BREAKS, NATIONAL_BODIES, NOT_A_PLACE_BEFORE, NUMBERED_NAMES,
    NUMBERED_NAME_REACH, PASSING_BEFORE, REGION_AFTER, RESIDENCE_PAIRS, RESIDENCE_WORDS,
    ROUTE_REACH, ROUTE_WORDS, STATE_ABBREVIATIONS,
};

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
mod tests;
