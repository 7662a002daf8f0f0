//! The provinces of Vietnam before and after the 1 July 2025 merger, their spelling variants,
//! and a matcher that finds them in text.
//!
//! The province facet is `/<province today>/<province as named then>`: a 2023 bulletin of
//! `Thái Bình` is `/Hưng Yên/Thái Bình`, so filtering by today's `Hưng Yên` finds it and
//! filtering by `Thái Bình` narrows to it. Thừa Thiên Huế became the city of Huế; the city's
//! own name (`Huế`, `TP Huế`) counts as that province.
//!
//! Names are matched as written in the text (NFC, capitalized as proper names are), in either
//! tone placement; a match must stand between word boundaries. Lowercase `hòa bình` (peace)
//! is therefore not the province Hòa Bình.

use std::sync::OnceLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

use crate::text::{edit_distance, fold_words};

/// Today's 34 provinces, each with the provinces it was made of (its own old name first).
pub const PROVINCES: &[(&str, &[&str])] = &[
    ("Hà Nội", &["Hà Nội"]),
    ("Huế", &["Thừa Thiên Huế"]),
    ("Lai Châu", &["Lai Châu"]),
    ("Điện Biên", &["Điện Biên"]),
    ("Sơn La", &["Sơn La"]),
    ("Lạng Sơn", &["Lạng Sơn"]),
    ("Quảng Ninh", &["Quảng Ninh"]),
    ("Thanh Hóa", &["Thanh Hóa"]),
    ("Nghệ An", &["Nghệ An"]),
    ("Hà Tĩnh", &["Hà Tĩnh"]),
    ("Cao Bằng", &["Cao Bằng"]),
    ("Tuyên Quang", &["Tuyên Quang", "Hà Giang"]),
    ("Lào Cai", &["Lào Cai", "Yên Bái"]),
    ("Thái Nguyên", &["Thái Nguyên", "Bắc Kạn"]),
    ("Phú Thọ", &["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"]),
    ("Bắc Ninh", &["Bắc Ninh", "Bắc Giang"]),
    ("Hưng Yên", &["Hưng Yên", "Thái Bình"]),
    ("Hải Phòng", &["Hải Phòng", "Hải Dương"]),
    ("Ninh Bình", &["Ninh Bình", "Hà Nam", "Nam Định"]),
    ("Quảng Trị", &["Quảng Trị", "Quảng Bình"]),
    ("Đà Nẵng", &["Đà Nẵng", "Quảng Nam"]),
    ("Quảng Ngãi", &["Quảng Ngãi", "Kon Tum"]),
    ("Gia Lai", &["Gia Lai", "Bình Định"]),
    ("Khánh Hòa", &["Khánh Hòa", "Ninh Thuận"]),
    ("Lâm Đồng", &["Lâm Đồng", "Đắk Nông", "Bình Thuận"]),
    ("Đắk Lắk", &["Đắk Lắk", "Phú Yên"]),
    (
        "TP Hồ Chí Minh",
        &["TP Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"],
    ),
    ("Đồng Nai", &["Đồng Nai", "Bình Phước"]),
    ("Tây Ninh", &["Tây Ninh", "Long An"]),
    ("Cần Thơ", &["Cần Thơ", "Sóc Trăng", "Hậu Giang"]),
    ("Vĩnh Long", &["Vĩnh Long", "Bến Tre", "Trà Vinh"]),
    ("Đồng Tháp", &["Đồng Tháp", "Tiền Giang"]),
    ("Cà Mau", &["Cà Mau", "Bạc Liêu"]),
    ("An Giang", &["An Giang", "Kiên Giang"]),
];

/// Other spellings of old province names seen in bulletins. Tone-placement variants
/// (`Thanh Hoá`) are generated, not listed.
const VARIANTS: &[(&str, &[&str])] = &[
    (
        "TP Hồ Chí Minh",
        &[
            "Thành phố Hồ Chí Minh",
            "TP. Hồ Chí Minh",
            "TP.Hồ Chí Minh",
            "TP.HCM",
            "TP HCM",
            "TPHCM",
            "TP. HCM",
            "Tp.HCM",
            "Tp Hồ Chí Minh",
            "Tp. Hồ Chí Minh",
            "Sài Gòn",
        ],
    ),
    (
        "Hà Nội",
        &[
            "Thành phố Hà Nội",
            "TP Hà Nội",
            "TP. Hà Nội",
            "Thủ đô Hà Nội",
        ],
    ),
    (
        "Thừa Thiên Huế",
        &[
            "Thừa Thiên - Huế",
            "Thừa Thiên – Huế",
            "Thừa Thiên-Huế",
            "TP Huế",
            "Thành phố Huế",
            "Huế",
        ],
    ),
    (
        "Bà Rịa - Vũng Tàu",
        &[
            "Bà Rịa – Vũng Tàu",
            "Bà Rịa-Vũng Tàu",
            "Bà Rịa Vũng Tàu",
            "BR-VT",
            "Vũng Tàu",
        ],
    ),
    (
        "Đắk Lắk",
        &["Đắc Lắc", "Đăk Lăk", "Đắk Lăk", "Daklak", "Đắklắk"],
    ),
    ("Đắk Nông", &["Đắc Nông", "Đăk Nông", "Daknong"]),
    ("Bắc Kạn", &["Bắc Cạn"]),
    ("Kon Tum", &["Kontum"]),
    ("Hải Phòng", &["TP Hải Phòng", "Thành phố Hải Phòng"]),
    ("Đà Nẵng", &["TP Đà Nẵng", "Thành phố Đà Nẵng"]),
    ("Cần Thơ", &["TP Cần Thơ", "Thành phố Cần Thơ"]),
];

/// A province as a bulletin names it: today's province and the one named then.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Province {
    pub today: &'static str,
    pub then: &'static str,
}

impl Province {
    /// The facet path components, `[today, then]`.
    pub fn facet_path(&self) -> [&'static str; 2] {
        [self.today, self.then]
    }
}

/// One province name found in text, with its byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProvinceMention {
    pub start: usize,
    pub end: usize,
    pub province: Province,
}

/// Finds province names in text; see the module documentation.
pub struct ProvinceGazetteer {
    matcher: AhoCorasick,
    pattern_province: Vec<Province>,
}

impl ProvinceGazetteer {
    /// The gazetteer, built once per process.
    pub fn get() -> &'static ProvinceGazetteer {
        static GAZETTEER: OnceLock<ProvinceGazetteer> = OnceLock::new();
        GAZETTEER.get_or_init(ProvinceGazetteer::build)
    }

    fn build() -> ProvinceGazetteer {
        let mut patterns = Vec::new();
        let mut pattern_province = Vec::new();
        for province in all_provinces() {
            for spelling in spellings_of(province.then) {
                patterns.push(spelling);
                pattern_province.push(province);
            }
        }
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("province patterns build");
        ProvinceGazetteer {
            matcher,
            pattern_province,
        }
    }

    /// Every province name in `text` (NFC), in order, between word boundaries.
    pub fn find_all(&self, text: &str) -> Vec<ProvinceMention> {
        self.matcher
            .find_iter(text)
            .filter(|m| at_word_boundaries(text, m.start(), m.end()))
            .map(|m| ProvinceMention {
                start: m.start(),
                end: m.end(),
                province: self.pattern_province[m.pattern().as_usize()],
            })
            .collect()
    }

    /// The province whose name (any spelling) is exactly `name`, if any.
    pub fn exact(&self, name: &str) -> Option<Province> {
        self.matcher
            .find(name)
            .filter(|m| m.start() == 0 && m.end() == name.len())
            .map(|m| self.pattern_province[m.pattern().as_usize()])
    }

    /// Resolves a user's province name (any case, with or without accents, any spelling)
    /// to a facet path: `[today]` for one of today's provinces (including its predecessors),
    /// `[today, then]` for an old one.
    pub fn resolve_filter(&self, name: &str) -> Option<Vec<&'static str>> {
        let wanted = fold_key(name);
        if let Some((today, _)) = PROVINCES
            .iter()
            .find(|(today, _)| fold_key(today) == wanted)
        {
            return Some(vec![today]);
        }
        let province =
            all_provinces().find(|p| spellings_of(p.then).iter().any(|s| fold_key(s) == wanted))?;
        if province.then == province.today {
            Some(vec![province.today])
        } else {
            Some(vec![province.today, province.then])
        }
    }

    /// Province names closest to `name`, for "did you mean" messages.
    pub fn suggestions(&self, name: &str) -> Vec<&'static str> {
        let wanted = fold_key(name);
        let mut scored: Vec<(usize, &'static str)> = all_provinces()
            .flat_map(|p| [p.today, p.then])
            .map(|n| (edit_distance(&fold_key(n), &wanted), n))
            .collect();
        scored.sort();
        scored.dedup_by(|a, b| a.1 == b.1);
        scored.into_iter().take(3).map(|(_, n)| n).collect()
    }
}

/// Every old province with today's province it belongs to.
pub fn all_provinces() -> impl Iterator<Item = Province> {
    PROVINCES
        .iter()
        .flat_map(|(today, olds)| olds.iter().map(move |then| Province { today, then }))
}

/// All spellings of an old province name: itself, listed variants, and each of those in
/// the other tone placement.
pub(crate) fn spellings_of(name: &'static str) -> Vec<String> {
    let mut out = vec![name.to_owned()];
    if let Some((_, variants)) = VARIANTS.iter().find(|(n, _)| *n == name) {
        out.extend(variants.iter().map(|v| (*v).to_owned()));
    }
    let alternates: Vec<String> = out
        .iter()
        .map(|s| crate::text::normalize::new_style_tone_placement(s))
        .filter(|alt| !out.contains(alt))
        .collect();
    out.extend(alternates);
    out
}

/// A name as users may type it: folded words ([`fold_words`]) without a leading `thành
/// phố`, `TP` or `tỉnh` (but `TP Hồ Chí Minh` keeps its `TP`).
fn fold_key(name: &str) -> String {
    let key = fold_words(name);
    match key
        .strip_prefix("thanh pho ")
        .or_else(|| key.strip_prefix("tp "))
        .or_else(|| key.strip_prefix("tinh "))
    {
        Some(rest) if !rest.is_empty() && !key.starts_with("tp ho chi minh") => rest.to_owned(),
        _ => key,
    }
}

/// True when `text[start..end]` neither starts nor ends inside a word.
pub fn at_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<(&'static str, &'static str)> {
        ProvinceGazetteer::get()
            .find_all(text)
            .into_iter()
            .map(|m| (m.province.today, m.province.then))
            .collect()
    }

    #[test]
    fn sixty_three_old_provinces_map_to_thirty_four() {
        assert_eq!(PROVINCES.len(), 34);
        let olds: Vec<_> = all_provinces().map(|p| p.then).collect();
        assert_eq!(olds.len(), 63);
        let mut unique = olds.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), 63, "an old province maps to two new ones");
    }

    #[test]
    fn variants_name_known_provinces() {
        for (name, _) in VARIANTS {
            assert!(all_provinces().any(|p| p.then == *name), "{name}");
        }
    }

    #[test]
    fn finds_both_tone_placements_and_variants() {
        assert_eq!(
            names("Công an tỉnh Thanh Hoá"),
            [("Thanh Hóa", "Thanh Hóa")]
        );
        assert_eq!(names("tỉnh Hoà Bình"), [("Phú Thọ", "Hòa Bình")]);
        assert_eq!(
            names("Công an TP.HCM"),
            [("TP Hồ Chí Minh", "TP Hồ Chí Minh")]
        );
        assert_eq!(
            names("tỉnh Bà Rịa – Vũng Tàu"),
            [("TP Hồ Chí Minh", "Bà Rịa - Vũng Tàu")]
        );
        assert_eq!(names("Đắc Lắc"), [("Đắk Lắk", "Đắk Lắk")]);
        assert_eq!(names("Thừa Thiên - Huế"), [("Huế", "Thừa Thiên Huế")]);
    }

    #[test]
    fn seed_004_cluster_lists_five_provinces() {
        let text = "Công an các tỉnh: Ninh Bình, Thanh Hóa Nghệ An, Hà Tĩnh, Quảng Bình tổ chức";
        assert_eq!(
            names(text).into_iter().map(|n| n.1).collect::<Vec<_>>(),
            ["Ninh Bình", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình"]
        );
    }

    #[test]
    fn lowercase_words_and_partial_words_are_not_provinces() {
        assert!(names("vì hòa bình và an ninh").is_empty());
        assert!(names("Hà Nộii").is_empty());
        assert!(names("Chủ tịch Hồ Chí Minh").is_empty());
    }

    #[test]
    fn filters_resolve_at_either_level_without_accents() {
        let gazetteer = ProvinceGazetteer::get();
        assert_eq!(gazetteer.resolve_filter("hung yen"), Some(vec!["Hưng Yên"]));
        assert_eq!(
            gazetteer.resolve_filter("Thái Bình"),
            Some(vec!["Hưng Yên", "Thái Bình"])
        );
        assert_eq!(
            gazetteer.resolve_filter("thanh hoa"),
            Some(vec!["Thanh Hóa"])
        );
        assert_eq!(
            gazetteer.resolve_filter("tp.hcm"),
            Some(vec!["TP Hồ Chí Minh"])
        );
        assert_eq!(
            gazetteer.resolve_filter("Thừa Thiên Huế"),
            Some(vec!["Huế", "Thừa Thiên Huế"])
        );
        assert_eq!(gazetteer.resolve_filter("Atlantis"), None);
    }

    #[test]
    fn suggestions_are_close_names() {
        assert!(ProvinceGazetteer::get()
            .suggestions("thanh hao")
            .contains(&"Thanh Hóa"));
    }
}
