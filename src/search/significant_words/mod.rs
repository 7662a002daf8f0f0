//! The `words` facet: the words that set the matching bulletins apart from the rest of the
//! index (significant terms).
//!
//! Tantivy keeps no term vectors, so the words of a bulletin are found again by running the
//! index's own analyzer over its stored title and body. Doing that for every match would
//! cost as much as indexing them, so past [`SAMPLE_BOUND`] matches only a sample is read:
//! every k-th match in index order, spread over the whole set (not the best ranked, which
//! would describe the query rather than the set), the same sample for the same index and
//! search. The sample only proposes candidates: each candidate's count of matching
//! bulletins is then exact, read from its postings and intersected with the matches, and
//! the final score uses those exact counts.
//!
//! The score is JLH, as Elasticsearch's significant terms use by default:
//! `(fg - bg) * (fg / bg)`, where `fg` is the share of matching bulletins that hold the word
//! and `bg` its share of the whole index. The absolute gain `fg - bg` keeps a word that a
//! handful of bulletins hold from winning on ratio alone; the ratio `fg / bg` keeps words
//! that every news text holds (`công an` in a police archive) from winning on size alone.
//! A chi-square or log-likelihood test answers "is this difference real", which grows with
//! the set's size and favours words common everywhere; JLH answers "how characteristic is
//! this word", which is what a reader scanning the list wants. Words no more frequent in the
//! matches than in the index score nothing and are left out, so a search matching the whole
//! index shows no words.
//!
//! `choose.rs` scores the candidates and lists the words; `seen.rs` reads the sampled
//! bulletins' words and how they are written; `matches.rs` collects, samples and counts
//! the matches.

mod choose;
mod matches;
mod seen;
#[cfg(test)]
mod tests;

pub use choose::{
    significant_words, SignificantWord, WordSample, WordsFacet, MIN_MATCHES, NAMES_SHOWN,
    SAMPLE_BOUND, WORDS_SHOWN,
};
pub use matches::{holding, MatchingDocs, SegmentMatches};
pub(crate) use seen::{is_written_as_name, tidy};
