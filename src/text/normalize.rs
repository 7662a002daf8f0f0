//! Normalization of one token into its exact and folded forms (NFC, lowercase, canonical
//! tone placement, then folding), and [`to_nfc`] of a whole text.
//!
//! The rules live in the `bantin-word-table` crate (`crates/word-table/src/normalize.rs`):
//! the word table `build.rs` writes is keyed by these forms, so the build script and the
//! tokenizer must normalize with the very same code. Everything is re-exported unchanged;
//! the calls are inlined across the crate boundary, so the tokenizer pays nothing for it.

pub use bantin_word_table::normalize::{
    canonical_tone_placement, fold_diacritics, has_diacritics, is_nfc_fast,
    new_style_tone_placement, SyllableNormalizer, VOWEL_FORMS,
};
pub(crate) use bantin_word_table::normalize::{
    folded_letter, is_combining_mark, is_vietnamese_letter,
};

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

/// `text` in NFC, borrowed when it already is (nearly always).
pub fn to_nfc(text: &str) -> Cow<'_, str> {
    if is_nfc_fast(text) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(compose_latin(text).unwrap_or_else(|| text.nfc().collect()))
}

/// NFC of decomposed Latin text (Vietnamese typed with combining tone marks), one letter
/// and its marks at a time: each cluster goes through the Unicode composition, the rest is
/// copied. The same string as `text.nfc()`, several times faster; `None` when `text` holds
/// characters other than ASCII, precomposed Latin letters, general punctuation and the
/// combining diacritics (U+0300-U+036F), which are left to the whole algorithm. Splitting
/// there is exact: none of those letters composes with a letter before it, so NFC never
/// reaches across the start of a cluster.
fn compose_latin(text: &str) -> Option<String> {
    let is_mark = |c: char| matches!(c as u32, 0x0300..=0x036F);
    // The characters `is_nfc_fast` knows to be NFC from their bytes alone.
    let is_letter = |c: char| matches!(c as u32, 0x00..=0x02FF | 0x1E00..=0x1EFF | 0x2002..=0x207F);
    let mut out = String::with_capacity(text.len());
    let mut cluster_start = 0;
    let mut marks = false;
    for (at, c) in text.char_indices() {
        if is_mark(c) {
            marks = true;
            continue;
        }
        if !is_letter(c) {
            return None;
        }
        push_cluster(&mut out, &text[cluster_start..at], marks);
        cluster_start = at;
        marks = false;
    }
    push_cluster(&mut out, &text[cluster_start..], marks);
    Some(out)
}

fn push_cluster(out: &mut String, cluster: &str, marks: bool) {
    if marks {
        out.extend(cluster.nfc());
    } else {
        out.push_str(cluster);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decomposed_latin_text_composes_as_the_whole_algorithm_does() {
        let bases = (0x20..=0x02FF_u32)
            .chain(0x1E00..=0x1EFF)
            .chain(0x2002..=0x207F)
            .filter_map(char::from_u32);
        let marks: Vec<char> = (0x0300..=0x036F).filter_map(char::from_u32).collect();
        let mut checked = 0;
        for base in bases {
            for (i, mark) in marks.iter().enumerate() {
                let second = marks[(i * 7 + 3) % marks.len()];
                for text in [
                    format!("{base}{mark}"),
                    format!("a{base}{mark}{second}b"),
                    format!("{mark}{base}"),
                ] {
                    let expected: String = text.nfc().collect();
                    assert_eq!(
                        compose_latin(&text).as_deref(),
                        Some(expected.as_str()),
                        "{text:?}"
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 300_000, "{checked}");
        let nfd: String = "Công an tỉnh Thừa Thiên Huế bắt giữ đối tượng “Nguyễn Văn Ẩn”… 12/3"
            .nfd()
            .collect();
        assert_ne!(nfd, to_nfc(&nfd));
        assert_eq!(to_nfc(&nfd), nfd.nfc().collect::<String>());
        assert_eq!(compose_latin("北京\u{301}"), None);
    }
}
