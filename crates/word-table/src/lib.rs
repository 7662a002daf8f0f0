//! The word dictionary as one block of bytes, read in place, and the syllable normalization
//! its keys are made with.
//!
//! Its own crate because two programs compile it: bantin's `build.rs`, which turns the
//! committed word lists into the table the binary embeds, and bantin itself, which reads
//! that table and builds others from lists at run time. Both see the same code through an
//! ordinary dependency, so a table is always read by the rules that wrote it.
//!
//! - [`normalize`]: one syllable to its exact form (NFC, lowercase, canonical tone
//!   placement) and its folded form (no diacritics).
//! - [`WordTable`] reads a table in place; [`build`] makes one from word lists.

pub mod normalize;
mod table;

pub use table::{
    build, fold_word_into, police_term_key, slot_of, spelling_key, syllable_spelling,
    DictionaryError, Prefix, WordTable, MAX_COMPOUND_SYLLABLES, MAX_WORD_SYLLABLES, UNKNOWN,
    WORD_JOINER,
};
