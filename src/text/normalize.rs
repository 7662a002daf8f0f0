//! Normalization of one token into its exact and folded forms (NFC, lowercase, canonical
//! tone placement, then folding).
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
