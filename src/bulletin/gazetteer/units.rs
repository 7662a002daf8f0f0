//! Police units named in bulletins, folded to one canonical name each.
//!
//! The unit facet is hierarchical: `/Bộ Công an[/<Cục ...>]` for the ministry, and
//! `/Công an tỉnh X[/<sub-unit>]` for a provincial force, where a sub-unit is one of its
//! departments (`Phòng Cảnh sát điều tra tội phạm về ma túy`) or a local force (`Công an TP
//! Thanh Hóa`, `Công an huyện Yên Minh`). Centrally governed cities are `Công an TP X`.
//!
//! Variants fold to the canonical name: `Công an Thanh Hoá`, `công an tỉnh Thanh Hóa` and
//! `CA tỉnh Thanh Hóa` are all `Công an tỉnh Thanh Hóa`; `Phòng CSGT` is `Phòng Cảnh sát
//! giao thông`.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use super::provinces::{
    all_provinces, at_word_boundaries, spellings_of, Province, ProvinceGazetteer,
};
use crate::text::fold_words;
use crate::text::normalize::new_style_tone_placement;

/// The ministry's name.
pub const MINISTRY: &str = "Bộ Công an";

/// Ministry departments: canonical name, then variants.
const MINISTRY_DEPARTMENTS: &[(&str, &[&str])] = &[
    ("Cục Cảnh sát giao thông", &["Cục CSGT"]),
    (
        "Cục Cảnh sát điều tra tội phạm về ma túy",
        &["Cục CSĐT tội phạm về ma túy"],
    ),
    ("Cục Cảnh sát hình sự", &["Cục CSHS"]),
    ("Cục Cảnh sát kinh tế", &["Cục CSKT"]),
    ("Cục Cảnh sát truy nã tội phạm", &[]),
    (
        "Cục Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        &[
            "Cục Cảnh sát PCCC và CNCH",
            "Cục Cảnh sát phòng cháy chữa cháy và cứu nạn cứu hộ",
        ],
    ),
    (
        "Cục Cảnh sát quản lý hành chính về trật tự xã hội",
        &["Cục Cảnh sát QLHC về TTXH"],
    ),
    ("Cục Cảnh sát môi trường", &[]),
    (
        "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
        &["Cục An ninh mạng và phòng chống tội phạm sử dụng công nghệ cao"],
    ),
    ("Cục An ninh điều tra", &[]),
    ("Cục An ninh kinh tế", &[]),
    ("Cục Quản lý xuất nhập cảnh", &[]),
    (
        "Cục Công tác Đảng và Công tác Chính trị",
        &["Cục Công tác đảng và công tác chính trị"],
    ),
    (
        "Cục Truyền thông Công an nhân dân",
        &["Cục Truyền thông CAND"],
    ),
];

/// Departments of a provincial force: canonical name, then variants.
const PROVINCIAL_DEPARTMENTS: &[(&str, &[&str])] = &[
    ("Phòng Cảnh sát giao thông", &["Phòng CSGT"]),
    ("Phòng Cảnh sát hình sự", &["Phòng CSHS"]),
    ("Phòng Cảnh sát kinh tế", &["Phòng CSKT"]),
    (
        "Phòng Cảnh sát điều tra tội phạm về ma túy",
        &[
            "Phòng CSĐT tội phạm về ma túy",
            "Phòng Cảnh sát ma túy",
            "Phòng CSĐT TP về ma túy",
        ],
    ),
    (
        "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
        &[
            "Phòng Cảnh sát PCCC và CNCH",
            "Phòng Cảnh sát phòng cháy chữa cháy và cứu nạn cứu hộ",
            "Phòng Cảnh sát PC&CC và CNCH",
        ],
    ),
    (
        "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
        &["Phòng CSQLHC về TTXH", "Phòng Cảnh sát QLHC về TTXH"],
    ),
    ("Phòng Cảnh sát cơ động", &["Phòng CSCĐ"]),
    ("Phòng Cảnh sát môi trường", &[]),
    ("Phòng Cảnh sát truy nã tội phạm", &[]),
    ("Phòng An ninh điều tra", &["Phòng ANĐT"]),
    ("Phòng An ninh kinh tế", &[]),
    ("Phòng An ninh chính trị nội bộ", &[]),
    (
        "Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao",
        &["Phòng An ninh mạng và phòng chống tội phạm sử dụng công nghệ cao"],
    ),
    ("Phòng Quản lý xuất nhập cảnh", &[]),
    ("Phòng Tham mưu", &[]),
    ("Cơ quan Cảnh sát điều tra", &["Cơ quan CSĐT"]),
    ("Cơ quan An ninh điều tra", &[]),
];

/// Local forces: the words that open their name, and the canonical kind.
const LOCAL_FORCES: &[(&str, &str)] = &[
    ("Công an huyện ", "huyện"),
    ("Công an quận ", "quận"),
    ("Công an thị xã ", "thị xã"),
    ("Công an thị trấn ", "thị trấn"),
    ("Công an phường ", "phường"),
    ("Công an xã ", "xã"),
    ("Công an TP ", "TP"),
    ("Công an TP. ", "TP"),
    ("Công an Tp. ", "TP"),
    ("Công an thành phố ", "TP"),
    ("Công an Thành phố ", "TP"),
];

/// Provinces whose force is `Công an TP X`: the centrally governed cities.
const CENTRAL_CITIES: &[&str] = &[
    "Hà Nội",
    "TP Hồ Chí Minh",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
];

/// What one unit pattern names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum UnitKind {
    Ministry,
    MinistryDepartment(&'static str),
    ProvincialForce(Province),
    ProvincialDepartment(&'static str),
    /// A local force; its name follows the pattern in the text.
    LocalForce(&'static str),
}

/// One police unit named in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitMention {
    pub start: usize,
    pub end: usize,
    /// Inside parentheses: an attribution (`Cụm thi đua số 6 (Bộ Công an)`), not the actor.
    pub parenthesized: bool,
    kind: UnitKind,
    /// The place a local force is named after (`Yên Minh` in `Công an huyện Yên Minh`).
    local_place: Option<String>,
}

impl UnitMention {
    /// The province of a provincial force, or of a local force named after its province.
    pub fn province(&self) -> Option<Province> {
        match (&self.kind, &self.local_place) {
            (UnitKind::ProvincialForce(p), _) => Some(*p),
            (UnitKind::LocalForce(_), Some(place)) => ProvinceGazetteer::get().exact(place),
            _ => None,
        }
    }

    pub fn is_provincial_force(&self) -> bool {
        matches!(self.kind, UnitKind::ProvincialForce(_))
    }

    /// The unit's facet path. Departments and local forces hang under the provincial force
    /// of `province` (the bulletin's main province when the text names no other).
    pub fn facet_path(&self, province: Option<Province>) -> Option<Vec<String>> {
        match &self.kind {
            UnitKind::Ministry => Some(vec![MINISTRY.to_owned()]),
            UnitKind::MinistryDepartment(name) => {
                Some(vec![MINISTRY.to_owned(), (*name).to_owned()])
            }
            UnitKind::ProvincialForce(p) => Some(vec![provincial_force_name(*p)]),
            UnitKind::ProvincialDepartment(name) => {
                Some(vec![provincial_force_name(province?), (*name).to_owned()])
            }
            UnitKind::LocalForce(kind) => {
                let own = self.province().or(province)?;
                let place = self.local_place.as_deref()?;
                Some(vec![
                    provincial_force_name(own),
                    format!("Công an {kind} {place}"),
                ])
            }
        }
    }
}

/// The canonical name of the unit `text` spells exactly (`Phòng CSGT` → `Phòng Cảnh sát
/// giao thông`, `Công an Thanh Hoá` → `Công an tỉnh Thanh Hóa`), if it is one.
pub fn canonical_unit_name(text: &str) -> Option<String> {
    let text = text.trim();
    let mentions = UnitMatcher::get().find_all(text);
    let [only] = mentions.as_slice() else {
        return None;
    };
    if only.start != 0 || only.end != text.len() {
        return None;
    }
    match &only.kind {
        UnitKind::Ministry => Some(MINISTRY.to_owned()),
        UnitKind::MinistryDepartment(name) | UnitKind::ProvincialDepartment(name) => {
            Some((*name).to_owned())
        }
        UnitKind::ProvincialForce(province) => Some(provincial_force_name(*province)),
        UnitKind::LocalForce(kind) => {
            Some(format!("Công an {kind} {}", only.local_place.as_deref()?))
        }
    }
}

/// The folded canonical name of a department typed without accents (`phong csgt` →
/// `phong canh sat giao thong`), for filters.
pub fn canonical_department_folded(folded: &str) -> Option<String> {
    MINISTRY_DEPARTMENTS
        .iter()
        .chain(PROVINCIAL_DEPARTMENTS)
        .find(|(name, variants)| {
            std::iter::once(name)
                .chain(variants.iter())
                .any(|v| fold_words(v) == folded)
        })
        .map(|(name, _)| fold_words(name))
}

/// `Công an tỉnh Thanh Hóa`, or `Công an TP Hà Nội` for a centrally governed city.
pub fn provincial_force_name(province: Province) -> String {
    if CENTRAL_CITIES.contains(&province.then) {
        let city = province.then.strip_prefix("TP ").unwrap_or(province.then);
        format!("Công an TP {city}")
    } else {
        format!("Công an tỉnh {}", province.then)
    }
}

/// Finds police units in text.
pub struct UnitMatcher {
    matcher: AhoCorasick,
    kinds: Vec<UnitKind>,
}

impl UnitMatcher {
    pub fn get() -> &'static UnitMatcher {
        static MATCHER: OnceLock<UnitMatcher> = OnceLock::new();
        MATCHER.get_or_init(UnitMatcher::build)
    }

    fn build() -> UnitMatcher {
        let mut patterns: Vec<String> = Vec::new();
        let mut kinds = Vec::new();
        let mut add = |pattern: String, kind: UnitKind| {
            let alternate = new_style_tone_placement(&pattern);
            if alternate != pattern {
                patterns.push(alternate);
                kinds.push(kind);
            }
            patterns.push(pattern);
            kinds.push(kind);
        };
        add(MINISTRY.to_owned(), UnitKind::Ministry);
        for (name, variants) in MINISTRY_DEPARTMENTS {
            for spelling in std::iter::once(name).chain(variants.iter()) {
                add((*spelling).to_owned(), UnitKind::MinistryDepartment(name));
            }
        }
        for (name, variants) in PROVINCIAL_DEPARTMENTS {
            for spelling in std::iter::once(name).chain(variants.iter()) {
                add((*spelling).to_owned(), UnitKind::ProvincialDepartment(name));
            }
        }
        for (prefix, kind) in LOCAL_FORCES {
            add((*prefix).to_owned(), UnitKind::LocalForce(kind));
        }
        for province in all_provinces() {
            let central = CENTRAL_CITIES.contains(&province.then);
            for spelling in spellings_of(province.then) {
                for prefix in [
                    "Công an tỉnh ",
                    "công an tỉnh ",
                    "CA tỉnh ",
                    "Công an ",
                    "công an ",
                ] {
                    add(
                        format!("{prefix}{spelling}"),
                        UnitKind::ProvincialForce(province),
                    );
                }
                if central {
                    for prefix in [
                        "Công an thành phố ",
                        "Công an Thành phố ",
                        "Công an TP ",
                        "Công an TP. ",
                    ] {
                        add(
                            format!("{prefix}{spelling}"),
                            UnitKind::ProvincialForce(province),
                        );
                    }
                }
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("unit patterns build");
        UnitMatcher { matcher, kinds }
    }

    /// Every unit named in `text`, in order.
    pub fn find_all(&self, text: &str) -> Vec<UnitMention> {
        let mut out = Vec::new();
        for m in self.matcher.find_iter(text) {
            let kind = self.kinds[m.pattern().as_usize()];
            let (end, local_place) = match kind {
                UnitKind::LocalForce(_) => match proper_name_after(text, m.end()) {
                    Some(name_end) => (name_end, Some(plain_apostrophes(&text[m.end()..name_end]))),
                    None => continue,
                },
                _ => (m.end(), None),
            };
            if !at_word_boundaries(text, m.start(), end) {
                continue;
            }
            out.push(UnitMention {
                start: m.start(),
                end,
                parenthesized: text[..m.start()].trim_end().ends_with('(')
                    && text[end..].trim_start().starts_with(')'),
                kind,
                local_place,
            });
        }
        out
    }
}

/// The end of a proper name starting at `from`: up to four words, each starting with an
/// uppercase letter or a digit (`Yên Minh`, `Đông Hương`, `5`). `None` when there is none.
fn proper_name_after(text: &str, from: usize) -> Option<usize> {
    let mut end = None;
    let mut at = from;
    for _ in 0..4 {
        let rest = &text[at..];
        let first = rest.chars().next()?;
        if !(first.is_uppercase() || first.is_ascii_digit()) {
            break;
        }
        let word_len = word_len(rest);
        end = Some(at + word_len);
        if !rest[word_len..].starts_with(' ') {
            break;
        }
        at += word_len + 1;
    }
    end
}

/// Apostrophes inside the names of the Central Highlands (`Đắk R'Lấp`, `Ea H’Leo`, `Cư
/// M'gar`), as typed and as word processors curl them.
const NAME_APOSTROPHES: [char; 4] = ['\'', '\u{2019}', '\u{2018}', '\u{02BC}'];

/// Bytes of the word `text` opens: letters and digits, and an apostrophe between two of them.
/// Text split into tokens, as some scrapers and corpora write it, spaces the apostrophe
/// after a lone capital (`Đắk R ’ Lấp`, `Cư M ' gar`): that is one word too.
fn word_len(text: &str) -> usize {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c.is_alphanumeric() {
            continue;
        }
        let joins = at > 0
            && NAME_APOSTROPHES.contains(&c)
            && chars.peek().is_some_and(|(_, next)| next.is_alphanumeric());
        if joins {
            continue;
        }
        return match spaced_apostrophe(&text[..at], &text[at..]) {
            Some(skip) => at + skip + word_len(&text[at + skip..]),
            None => at,
        };
    }
    text.len()
}

/// After a word of one capital letter, the bytes of ` ’ ` (or `’ `, ` '`) up to the next
/// letter, if that is what follows.
fn spaced_apostrophe(word: &str, rest: &str) -> Option<usize> {
    let mut letters = word.chars();
    let lone_capital = letters.next().is_some_and(char::is_uppercase) && letters.next().is_none();
    if !lone_capital {
        return None;
    }
    let after_space = rest.strip_prefix(' ').unwrap_or(rest);
    let apostrophe = after_space
        .chars()
        .next()
        .filter(|c| NAME_APOSTROPHES.contains(c))?;
    let after = &after_space[apostrophe.len_utf8()..];
    let after = after.strip_prefix(' ').unwrap_or(after);
    after
        .chars()
        .next()
        .filter(|c| c.is_alphabetic())
        .map(|_| rest.len() - after.len())
}

/// A place name with its apostrophes written one way and no spaces around them (`Đắk R’Lấp`,
/// `Đắk R ’ Lấp` → `Đắk R'Lấp`), so one unit is one facet value however the text typed it.
fn plain_apostrophes(name: &str) -> String {
    let mut plain = String::with_capacity(name.len());
    for c in name.chars() {
        if NAME_APOSTROPHES.contains(&c) {
            if plain.ends_with(' ') {
                plain.pop();
            }
            plain.push('\'');
        } else if !(c == ' ' && plain.ends_with('\'')) {
            plain.push(c);
        }
    }
    plain
}

#[cfg(test)]
mod tests;
