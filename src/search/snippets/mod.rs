//! Snippets: the paragraphs that best show why a bulletin matched, with the matched words'
//! byte ranges.
//!
//! Highlighting follows the query, not single terms: a phrase (`"an ninh trật tự"`, or the
//! expansion of `ANTT`) is highlighted only where all its syllables stand together, so the
//! `an` of `Công an` stays plain. Matching compares syllables from the same analyzer as the
//! index: folded for a query typed without accents (`ma tuy` highlights `ma túy`, `ma tuý`
//! and decomposed text alike); exact for a query typed with accents, falling back to folded
//! only in a text where the exact form does not occur (`đường dây` marks `đường dây` but not
//! `Đây`; `dương` only in a bulletin that matched through it alone).

mod fragments;
mod highlighter;
mod patterns;
#[cfg(test)]
mod tests;

pub use fragments::{scanned, utf16_ranges, Snippet, SCANNED_BYTES, SNIPPET_CHARS};
pub use highlighter::Highlighter;
