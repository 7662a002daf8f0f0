//! Abbreviations common in police bulletins, expanded both ways at query time: `ANTT`
//! finds `an ninh trật tự`, and the phrase finds `ANTT`.
//!
//! Left out on purpose: abbreviations whose folded form is an everyday syllable (`CAT` is
//! also `cát`, sand; `TP` is everywhere), which would drown the expansion in noise.

/// (abbreviation, expansion). Abbreviations are upper case; expansions are written as the
/// bulletins write them.
pub const ABBREVIATIONS: &[(&str, &str)] = &[
    ("ANTT", "an ninh trật tự"),
    ("TTATXH", "trật tự an toàn xã hội"),
    ("ANQG", "an ninh quốc gia"),
    ("ANTQ", "an ninh Tổ quốc"),
    ("CAND", "Công an nhân dân"),
    ("ANND", "An ninh nhân dân"),
    ("CSND", "Cảnh sát nhân dân"),
    ("BCA", "Bộ Công an"),
    ("PCCC", "phòng cháy chữa cháy"),
    ("CNCH", "cứu nạn cứu hộ"),
    ("TTATGT", "trật tự an toàn giao thông"),
    ("ATGT", "an toàn giao thông"),
    ("TNGT", "tai nạn giao thông"),
    ("CSGT", "cảnh sát giao thông"),
    ("CSHS", "cảnh sát hình sự"),
    ("CSKT", "cảnh sát kinh tế"),
    ("CSCĐ", "cảnh sát cơ động"),
    ("CSĐT", "cảnh sát điều tra"),
    ("CQCSĐT", "cơ quan cảnh sát điều tra"),
    ("QLHC", "quản lý hành chính"),
    ("TTXH", "trật tự xã hội"),
    ("TNXH", "tệ nạn xã hội"),
    ("PCTP", "phòng chống tội phạm"),
    ("UBND", "Ủy ban nhân dân"),
    ("HĐND", "Hội đồng nhân dân"),
    ("MTTQ", "Mặt trận Tổ quốc"),
    ("CBCS", "cán bộ chiến sĩ"),
    ("VKSND", "Viện kiểm sát nhân dân"),
    ("TAND", "Tòa án nhân dân"),
    ("HĐXX", "Hội đồng xét xử"),
    ("BLHS", "Bộ luật Hình sự"),
    ("VPHC", "vi phạm hành chính"),
    ("TTHC", "thủ tục hành chính"),
    ("QĐND", "Quân đội nhân dân"),
    ("BĐBP", "Bộ đội Biên phòng"),
    ("XNC", "xuất nhập cảnh"),
    ("CNC", "công nghệ cao"),
    ("GPLX", "giấy phép lái xe"),
    ("CCCD", "căn cước công dân"),
    ("CMND", "chứng minh nhân dân"),
    ("KCN", "khu công nghiệp"),
    ("ĐBQH", "đại biểu Quốc hội"),
    ("BTV", "Ban Thường vụ"),
    ("BCH", "Ban Chấp hành"),
    ("THPT", "trung học phổ thông"),
    ("BHXH", "bảo hiểm xã hội"),
];

/// An entry of [`ABBREVIATIONS`] folded, as queries look it up: folding the whole table
/// for every lookup cost more than the rest of building a query.
struct Folded {
    abbreviation: String,
    expansion: Vec<String>,
}

/// [`ABBREVIATIONS`] folded, in its order; folded once.
fn folded_table() -> &'static [Folded] {
    static TABLE: std::sync::LazyLock<Vec<Folded>> = std::sync::LazyLock::new(|| {
        ABBREVIATIONS
            .iter()
            .map(|(abbr, expansion)| Folded {
                abbreviation: super::fold_diacritics(abbr),
                expansion: super::fold_diacritics(expansion)
                    .split(' ')
                    .map(str::to_owned)
                    .collect(),
            })
            .collect()
    });
    &TABLE
}

/// The expansion of `abbreviation` (any case, with or without accents: `hdnd`, `HĐND`).
pub fn expand(abbreviation: &str) -> Option<&'static str> {
    let wanted = super::fold_diacritics(abbreviation);
    folded_table()
        .iter()
        .position(|entry| entry.abbreviation == wanted)
        .map(|at| ABBREVIATIONS[at].1)
}

/// The abbreviation of `folded_syllables` (an expansion without accents, one syllable an
/// item: `["an", "ninh", "trat", "tu"]`).
pub fn abbreviate(folded_syllables: &[String]) -> Option<&'static str> {
    folded_table()
        .iter()
        .position(|entry| entry.expansion[..] == *folded_syllables)
        .map(|at| ABBREVIATIONS[at].0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::{analyze, fold_diacritics};

    #[test]
    fn table_has_at_least_forty_unique_entries() {
        assert!(ABBREVIATIONS.len() >= 40);
        let mut abbrs: Vec<String> = ABBREVIATIONS
            .iter()
            .map(|(a, _)| fold_diacritics(a))
            .collect();
        abbrs.sort();
        abbrs.dedup();
        assert_eq!(
            abbrs.len(),
            ABBREVIATIONS.len(),
            "two abbreviations fold alike"
        );
        let mut expansions: Vec<String> = ABBREVIATIONS
            .iter()
            .map(|(_, e)| fold_diacritics(e))
            .collect();
        expansions.sort();
        expansions.dedup();
        assert_eq!(
            expansions.len(),
            ABBREVIATIONS.len(),
            "two expansions fold alike"
        );
    }

    #[test]
    fn abbreviations_are_one_upper_case_token_and_expansions_several() {
        for (abbr, expansion) in ABBREVIATIONS {
            assert!(abbr.chars().all(|c| c.is_uppercase()), "{abbr}");
            assert_eq!(analyze(abbr).len(), 1, "{abbr} must stay one token");
            let syllables = analyze(expansion);
            assert!(syllables.len() >= 2, "{expansion}");
            assert!(
                syllables.iter().all(|s| s.folded != fold_diacritics(abbr)),
                "{abbr} is a syllable of its own expansion"
            );
        }
    }

    #[test]
    fn expands_both_ways() {
        assert_eq!(expand("antt"), Some("an ninh trật tự"));
        assert_eq!(expand("HĐND"), Some("Hội đồng nhân dân"));
        assert_eq!(expand("hdnd"), Some("Hội đồng nhân dân"));
        let folded: Vec<String> = analyze("an ninh trật tự")
            .into_iter()
            .map(|t| t.folded)
            .collect();
        assert_eq!(abbreviate(&folded), Some("ANTT"));
        assert_eq!(expand("ma"), None);
    }
}
