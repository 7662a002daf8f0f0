//! Districts, towns and communes, and the provinces they name.
//!
//! `huyện Quỳnh Lưu` is in Nghệ An, `quận Gò Vấp` in TP Hồ Chí Minh. The table is data
//! (`data/admin_units.tsv`, made by `scripts/fetch_admin_units.py` from a pinned release of
//! the MIT-licensed `vietnamadminunits` package): the districts and communes before the
//! 1 July 2025 reform, and the communes and wards after it.
//!
//! A unit is found only as Vietnamese writes it, its kind then its capitalized name
//! (`huyện Quỳnh Lưu`, `TP Vinh`, `phường 5`): a bare name (`Sóc Sơn`) is not looked up. A
//! name that exists in several provinces (`xã Tân Thành`) comes back with all of them, for
//! the caller to settle by a province named nearby.

use std::collections::HashMap;
use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, MatchKind};

use super::provinces::{all_provinces, Province};
use crate::text::normalize::canonical_tone_placement;

const TABLE: &str = include_str!("../../../data/admin_units.tsv");

/// The words that open a unit's name in text, and the kind of unit they name.
const KIND_WORDS: &[(&str, &str)] = &[
    ("huyện ", "huyện"),
    ("Huyện ", "huyện"),
    ("quận ", "quận"),
    ("Quận ", "quận"),
    ("thị xã ", "thị xã"),
    ("Thị xã ", "thị xã"),
    ("TX ", "thị xã"),
    ("TX. ", "thị xã"),
    ("thành phố ", "thành phố"),
    ("Thành phố ", "thành phố"),
    ("TP ", "thành phố"),
    ("TP. ", "thành phố"),
    ("TP.", "thành phố"),
    ("Tp ", "thành phố"),
    ("Tp. ", "thành phố"),
    ("xã ", "xã"),
    ("Xã ", "xã"),
    ("phường ", "phường"),
    ("Phường ", "phường"),
    ("thị trấn ", "thị trấn"),
    ("Thị trấn ", "thị trấn"),
    ("TT ", "thị trấn"),
    ("đặc khu ", "đặc khu"),
    ("Đặc khu ", "đặc khu"),
];

/// The level of a kind of unit: a district (`huyện`, `quận`, `thị xã`, `thành phố`) or a
/// commune (`xã`, `phường`, `thị trấn`, `đặc khu`).
fn level(kind: &str) -> &'static str {
    match kind {
        "huyện" | "quận" | "thị xã" | "thành phố" => "district",
        _ => "commune",
    }
}

/// One district, town or commune named in text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalMention {
    /// Where the kind word starts.
    pub start: usize,
    /// Where the name ends.
    pub end: usize,
    /// Every province a unit of this kind and name lies in (one, or several to settle).
    pub provinces: Vec<Province>,
}

/// The table of districts and communes, with a finder.
pub struct AdminUnits {
    kinds: AhoCorasick,
    /// `(kind, name key)` → the provinces with such a unit.
    units: HashMap<(&'static str, String), Vec<Province>>,
}

impl AdminUnits {
    /// The table, parsed once per process.
    pub fn get() -> &'static AdminUnits {
        static UNITS: OnceLock<AdminUnits> = OnceLock::new();
        UNITS.get_or_init(|| AdminUnits::parse(TABLE))
    }

    fn parse(table: &'static str) -> AdminUnits {
        let mut units: HashMap<(&'static str, String), Vec<Province>> = HashMap::new();
        let mut current: Option<(bool, Province)> = None;
        for line in table.lines().filter(|l| !l.starts_with('#')) {
            if let Some(header) = line.strip_prefix('@') {
                current = parse_header(header);
                continue;
            }
            let (Some((before, province)), Some((kind, name))) = (current, line.split_once('\t'))
            else {
                continue;
            };
            let Some(kind) = KIND_WORDS.iter().map(|(_, k)| *k).find(|k| *k == kind) else {
                continue;
            };
            let entry = units.entry((kind, name_key(name))).or_default();
            // A name known before the reform keeps the province as named then; one only
            // known after it takes today's province.
            if !entry.contains(&province)
                && (before || !entry.iter().any(|p| p.today == province.today))
            {
                entry.push(province);
            }
        }
        let kinds = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(KIND_WORDS.iter().map(|(word, _)| word))
            .expect("kind words build");
        AdminUnits { kinds, units }
    }

    /// Every district, town or commune named in `text` (NFC) that the table knows.
    pub fn find_all(&self, text: &str) -> Vec<LocalMention> {
        let mut out = Vec::new();
        for m in self.kinds.find_iter(text) {
            if text[..m.start()]
                .chars()
                .next_back()
                .is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let kind = KIND_WORDS[m.pattern().as_usize()].1;
            let words = name_words_after(text, m.end());
            // The longest run of name words that names a unit: `xã Tân Thành Đông` before
            // `xã Tân Thành`.
            for n in (1..=words.len()).rev() {
                let end = words[n - 1];
                let key = name_key(&text[m.end()..end]);
                if let Some(provinces) = self.lookup(kind, key) {
                    out.push(LocalMention {
                        start: m.start(),
                        end,
                        provinces: provinces.clone(),
                    });
                    break;
                }
            }
        }
        out
    }

    /// The provinces of the unit of `kind` named `key`; else of a unit of the same level
    /// so named: a district that became a town (`huyện Việt Yên`, since 2024 `thị xã Việt
    /// Yên`) is still found by its old kind.
    fn lookup(&self, kind: &'static str, key: String) -> Option<&Vec<Province>> {
        let mut key = (kind, key);
        if let Some(found) = self.units.get(&key) {
            return Some(found);
        }
        for other in KIND_WORDS.iter().map(|(_, k)| *k) {
            if other != kind && level(other) == level(kind) {
                key.0 = other;
                if let Some(found) = self.units.get(&key) {
                    return Some(found);
                }
            }
        }
        None
    }

    /// How many distinct units the table holds.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }
}

/// `before Nghệ An` → (true, Nghệ An as named then); `after Nghệ An` → today's Nghệ An.
fn parse_header(header: &str) -> Option<(bool, Province)> {
    let (era, name) = header.split_once(' ')?;
    let before = era == "before";
    let province = if before {
        all_provinces().find(|p| p.then == name)?
    } else {
        // Today's province as its own name, or the one it is named after (Huế, formerly
        // Thừa Thiên Huế).
        all_provinces()
            .filter(|p| p.today == name)
            .min_by_key(|p| p.then != name)?
    };
    Some((before, province))
}

/// The ends of up to four name words at `from`, each starting with an uppercase letter or a
/// digit (`Quỳnh Lưu`, `5`).
fn name_words_after(text: &str, from: usize) -> Vec<usize> {
    let mut ends = Vec::new();
    let mut at = from;
    while ends.len() < 4 {
        let rest = &text[at..];
        let Some(first) = rest.chars().next() else {
            break;
        };
        if !(first.is_uppercase() || first.is_ascii_digit()) {
            break;
        }
        let len = rest
            .find(|c: char| !c.is_alphanumeric())
            .unwrap_or(rest.len());
        ends.push(at + len);
        if !rest[len..].starts_with(' ') {
            break;
        }
        at += len + 1;
    }
    ends
}

/// A name as the table is keyed: lowercase, one tone placement (`Hoà` and `Hòa` are one).
fn name_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        let mut word = crate::text::scan::to_lowercase(word);
        canonical_tone_placement(&mut word);
        key.push_str(&word);
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, Vec<&'static str>)> {
        AdminUnits::get()
            .find_all(text)
            .into_iter()
            .map(|m| {
                (
                    &text[m.start..m.end],
                    m.provinces.iter().map(|p| p.then).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn table_is_embedded_whole() {
        let units = AdminUnits::get();
        // About 700 districts and 10,000 communes before the reform, 3,300 after: 9,300
        // distinct kinds and names, as names repeat across provinces.
        assert!(units.len() > 9_000, "{}", units.len());
        assert!(TABLE.starts_with("# Vietnamese administrative units"));
        assert!(TABLE.len() < 1_000_000);
    }

    #[test]
    fn every_province_header_names_a_known_province() {
        let headers: Vec<&str> = TABLE.lines().filter_map(|l| l.strip_prefix('@')).collect();
        assert_eq!(headers.len(), 63 + 34);
        for header in headers {
            assert!(parse_header(header).is_some(), "{header}");
        }
    }

    #[test]
    fn districts_of_the_issue_name_their_province() {
        assert_eq!(
            found("tại huyện Quỳnh Lưu, Nghệ An"),
            [("huyện Quỳnh Lưu", vec!["Nghệ An"])]
        );
        assert_eq!(
            found("ở quận Gò Vấp"),
            [("quận Gò Vấp", vec!["TP Hồ Chí Minh"])]
        );
        assert_eq!(
            found("Công an huyện Sóc Sơn bắt giữ"),
            [("huyện Sóc Sơn", vec!["Hà Nội"])]
        );
    }

    #[test]
    fn city_and_tone_variants() {
        assert_eq!(found("Công an TP Vinh"), [("TP Vinh", vec!["Nghệ An"])]);
        assert_eq!(
            found("huyện Quỳnh Lưu và thị xã Hoàng Mai"),
            [
                ("huyện Quỳnh Lưu", vec!["Nghệ An"]),
                ("thị xã Hoàng Mai", vec!["Nghệ An"])
            ]
        );
    }

    #[test]
    fn a_district_that_changed_kind_is_found_by_its_old_kind() {
        // vietnews/068379: huyện Việt Yên became thị xã Việt Yên in 2024.
        assert_eq!(
            found("phòng GD & ĐT huyện Việt Yên"),
            [("huyện Việt Yên", vec!["Bắc Giang"])]
        );
    }

    #[test]
    fn shared_names_come_back_with_every_province() {
        let all = found("xã Tân Thành");
        assert_eq!(all.len(), 1);
        assert!(all[0].1.len() > 3, "{all:?}");
    }

    #[test]
    fn new_wards_after_the_reform_name_todays_province() {
        // Phường Hoàn Kiếm was made on 1 July 2025 from the old district's wards.
        assert_eq!(
            found("phường Hoàn Kiếm"),
            [("phường Hoàn Kiếm", vec!["Hà Nội"])]
        );
    }

    #[test]
    fn bare_or_lowercase_names_are_not_units() {
        assert!(found("Sóc Sơn").is_empty());
        assert!(found("huyện này").is_empty());
        assert!(found("xã hội").is_empty());
    }
}
