//! Properties of the analyzer that must hold for any input.

use bantin::text::{analyze, fold_diacritics, VietnameseTokenizer};
use proptest::prelude::*;
use tantivy::tokenizer::{TokenStream, Tokenizer};
use unicode_normalization::UnicodeNormalization;

/// Text drawn from what bulletins contain and what breaks tokenizers: Vietnamese letters in
/// both cases, digits, separators, combining marks, emoji, CJK, controls.
fn messy_text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "a",
        "Đ",
        "đ",
        "ư",
        "Ứ",
        "ơ",
        "ỗ",
        "hoá",
        "hóa",
        "thuỷ",
        "ma",
        "túy",
        "1",
        "9",
        ".",
        ",",
        "/",
        "-",
        " ",
        "\n",
        "\t",
        "'",
        "’",
        "“",
        "”",
        "(",
        ")",
        "%",
        "\u{0301}",
        "\u{0323}",
        "\u{0300}",
        "\u{00a0}",
        "\u{200d}",
        "\u{00ad}",
        "²",
        "😀",
        "公安",
        "ภาษา",
        "\u{0}",
        "\u{7f}",
        "Ω",
        "ß",
        "ﬁ",
        "İ",
        "_",
        "@",
        "e\u{0302}\u{0301}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|parts| parts.concat())
}

fn raw_tokens(text: &str) -> Vec<(usize, usize, usize, String)> {
    let mut tokenizer = VietnameseTokenizer::new();
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.position, t.offset_from, t.offset_to, t.text.clone()));
    }
    out
}

/// Syllables as (exact, folded): what should not depend on how the input was encoded.
fn forms(text: &str) -> Vec<(String, String)> {
    analyze(text)
        .into_iter()
        .map(|t| (t.exact, t.folded))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn offsets_are_char_boundaries_in_order(text in messy_text()) {
        let tokens = raw_tokens(&text);
        let mut last_position = None;
        let mut last_from = 0;
        for (position, from, to, term) in &tokens {
            prop_assert!(from < to && *to <= text.len());
            prop_assert!(text.is_char_boundary(*from) && text.is_char_boundary(*to));
            prop_assert!(*from >= last_from);
            prop_assert!(!term.is_empty());
            match last_position {
                Some(last) => prop_assert!(*position == last || *position == last + 1),
                None => prop_assert_eq!(*position, 0),
            }
            last_position = Some(*position);
            last_from = *from;
        }
    }

    #[test]
    fn any_unicode_never_panics(text in any::<String>()) {
        let _ = raw_tokens(&text);
    }

    #[test]
    fn nfc_and_nfd_give_identical_tokens(text in messy_text()) {
        let nfc: String = text.nfc().collect();
        let nfd: String = text.nfd().collect();
        prop_assert_eq!(forms(&nfc), forms(&nfd));
    }

    #[test]
    fn folding_is_idempotent(text in messy_text()) {
        let once = fold_diacritics(&text);
        prop_assert_eq!(fold_diacritics(&once), once.clone());
        for token in analyze(&text) {
            prop_assert_eq!(fold_diacritics(&token.folded), token.folded.clone());
            prop_assert_eq!(fold_diacritics(&token.exact), token.folded);
        }
    }

    #[test]
    fn both_tone_placements_give_identical_tokens(
        initial in prop::sample::select(vec!["", "h", "th", "kh", "t", "l", "x", "ng", "Th", "H"]),
        nucleus in prop::sample::select(vec![("o", "a"), ("o", "e"), ("u", "y")]),
        tone in prop::sample::select(vec!['\u{0300}', '\u{0301}', '\u{0309}', '\u{0303}', '\u{0323}']),
    ) {
        let (first, second) = nucleus;
        let on_first: String = format!("{initial}{first}{tone}{second}").nfc().collect();
        let on_second: String = format!("{initial}{first}{second}{tone}").nfc().collect();
        prop_assert_eq!(forms(&on_first), forms(&on_second));
    }
}

proptest! {
    #[test]
    fn fast_nfc_check_agrees_with_unicode(text in messy_text()) {
        prop_assert_eq!(bantin::text::normalize::is_nfc_fast(&text), unicode_normalization::is_nfc(&text));
    }

    #[test]
    fn fast_nfc_check_agrees_on_any_text(text in any::<String>()) {
        prop_assert_eq!(bantin::text::normalize::is_nfc_fast(&text), unicode_normalization::is_nfc(&text));
    }
}

proptest! {
    /// Signatures of any text, and the day its lead names, never panic; a text is always
    /// wholly like itself.
    #[test]
    fn signatures_never_panic(
        title in messy_text(),
        body in prop::collection::vec(
            prop::sample::select(vec!["Ngày ", "sáng\u{a0}", "nay ", "(", "12/3", "4-8,", "\u{3000}", ". "]),
            0..12,
        ).prop_map(|pieces| pieces.concat()),
        tail in any::<String>(),
    ) {
        use bantin::text::signature::{lead_day, Signature};
        let body = format!("{body}{tail}");
        let _ = lead_day(&body);
        let signature = Signature::of(&title, &body);
        if !signature.is_empty() {
            prop_assert_eq!(signature.similarity(&Signature::of(&title, &body)), 1.0);
        }
    }
}
