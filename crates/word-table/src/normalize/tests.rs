//! Tests of `normalize`: exact and folded forms, tone placement, NFC.

use super::*;

fn forms(raw: &str) -> (String, String) {
    let mut n = SyllableNormalizer::new();
    n.normalize(raw);
    (n.exact().to_owned(), n.folded().to_owned())
}

fn nfd(text: &str) -> String {
    text.nfd().collect()
}

#[test]
fn table_rows_have_six_tones_each() {
    for row in VOWEL_ROWS {
        assert_eq!(row.chars().count(), TONES, "{row}");
    }
    let mut seen: Vec<char> = VOWEL_ROWS.iter().flat_map(|r| r.chars()).collect();
    seen.sort_unstable();
    seen.dedup();
    assert_eq!(seen.len(), VOWEL_FORMS, "a vowel form appears twice");
}

#[test]
fn every_vowel_form_folds_to_ascii_and_lowercases() {
    for row in VOWEL_ROWS {
        for c in row.chars() {
            let upper: String = c.to_uppercase().collect();
            let (exact, folded) = forms(&upper);
            assert_eq!(exact, c.to_string());
            assert_eq!(folded.len(), 1, "{c} folded to {folded}");
            assert!(folded.is_ascii());
        }
    }
}

#[test]
fn ascii_is_lowercased_only() {
    assert_eq!(forms("ANTT"), ("antt".into(), "antt".into()));
    assert_eq!(forms("1.799"), ("1.799".into(), "1.799".into()));
}

#[test]
fn d_with_stroke_folds_to_d() {
    assert_eq!(forms("Đường"), ("đường".into(), "duong".into()));
    assert_eq!(forms("ĐẤU"), ("đấu".into(), "dau".into()));
}

#[test]
fn exact_keeps_duong_and_duong_apart() {
    let (exact_a, folded_a) = forms("đường");
    let (exact_b, folded_b) = forms("dương");
    assert_ne!(exact_a, exact_b);
    assert_eq!(folded_a, folded_b);
}

#[test]
fn tone_placement_variants_meet() {
    for (variant, canonical) in [
        ("hoá", "hóa"),
        ("Hoá", "hóa"),
        ("thuỷ", "thủy"),
        ("Uỷ", "ủy"),
        ("uý", "úy"),
        ("oà", "òa"),
        ("khoẻ", "khỏe"),
        ("toà", "tòa"),
        ("tuý", "túy"),
        ("hoạ", "họa"),
        ("loè", "lòe"),
    ] {
        assert_eq!(forms(variant).0, canonical, "{variant}");
        assert_eq!(forms(canonical).0, canonical, "{canonical}");
    }
}

#[test]
fn tone_placement_leaves_unambiguous_syllables_alone() {
    for word in [
        "quý", "quỳ", "hoàng", "thuyết", "khuya", "xoáy", "mùa", "hóa", "hoa", "quà",
    ] {
        assert_eq!(forms(word).0, word, "{word}");
    }
}

#[test]
fn new_style_placement_is_the_inverse_spelling() {
    assert_eq!(new_style_tone_placement("Thanh Hóa"), "Thanh Hoá");
    assert_eq!(new_style_tone_placement("Hòa Bình"), "Hoà Bình");
    assert_eq!(
        new_style_tone_placement("Ủy ban thủy lợi"),
        "Uỷ ban thuỷ lợi"
    );
    assert_eq!(new_style_tone_placement("quý Hoàng"), "quý Hoàng");
    for word in ["Hóa", "thủy", "Ủy"] {
        assert_eq!(forms(&new_style_tone_placement(word)).0, forms(word).0);
    }
}

#[test]
fn fast_nfc_check_agrees_with_unicode() {
    for text in [
        "ma túy",
        "Đường",
        "“ANTT” – 80,38%",
        "café",
        "公安",
        "hòa",
        "ẠẶỆỴ ạặệỵ",
        "\u{2070}",
        "\u{2002}\u{2003}\u{2014}",
    ] {
        assert!(is_nfc_fast(text), "{text}");
        assert_eq!(
            is_nfc_fast(text),
            unicode_normalization::is_nfc(text),
            "{text}"
        );
    }
    for text in [
        nfd("ma túy"),
        "e\u{0302}\u{0301}".to_owned(),
        "a\u{0301}".to_owned(),
        // Quads are written as spaces: found by the property test.
        "\u{2000}".to_owned(),
        "x\u{2001}".to_owned(),
    ] {
        assert!(!is_nfc_fast(&text), "{text:?}");
    }
}

#[test]
fn decomposed_input_gives_composed_forms() {
    assert_eq!(forms(&nfd("Túy")), ("túy".into(), "tuy".into()));
    assert_eq!(forms(&nfd("Thanh Hoá")).0, "thanh hóa");
    assert_eq!(forms(&nfd("đường")), ("đường".into(), "duong".into()));
}

#[test]
fn other_latin_diacritics_fold() {
    assert_eq!(forms("Café"), ("café".into(), "cafe".into()));
}

#[test]
fn other_scripts_pass_through_lowercased() {
    assert_eq!(forms("公安"), ("公安".into(), "公安".into()));
    assert_eq!(forms("ΑΘΗΝΑ").0, "αθηνα");
}

#[test]
fn marks_from_lowercasing_are_not_folded() {
    assert_eq!(forms("İ"), ("i\u{307}".into(), "i".into()));
}

#[test]
fn lone_combining_mark_is_dropped() {
    assert_eq!(forms("\u{0301}"), (String::new(), String::new()));
}

#[test]
fn fold_diacritics_keeps_separators() {
    assert_eq!(fold_diacritics("Thanh Hoá, Đắk Lắk"), "thanh hoa, dak lak");
    assert_eq!(fold_diacritics("Bà Rịa – Vũng Tàu"), "ba ria – vung tau");
}

#[test]
fn has_diacritics_detects_accents_only() {
    assert!(has_diacritics("ma túy"));
    assert!(has_diacritics("đi"));
    assert!(has_diacritics(&nfd("túy")));
    assert!(!has_diacritics("ma tuy"));
    assert!(!has_diacritics("ANTT 12-NQ/TW"));
}
