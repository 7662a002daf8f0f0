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

use rustc_hash::FxHashMap;
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::TokenStream;
use tantivy::{DocAddress, DocId, DocSet, Score, SegmentReader, TantivyDocument, Term, TERMINATED};

use crate::index::words::is_stop_word;
use crate::index::{tantivy_error, BantinIndex, IndexError};
use crate::text::words::{WordDictionary, WORD_JOINER};
use crate::text::{head, EXACT_MARK, TOKENIZER_NAME};

/// Most matches whose text is read to find candidate words; past it, a sample this large.
pub const SAMPLE_BOUND: usize = 200;

/// Most words the facet lists.
pub const WORDS_SHOWN: usize = 20;

/// Fewest matching bulletins a word must be in to be listed: a word in one or two
/// bulletins (a name, a typo) says nothing about a set. Large sets ask more, see
/// [`least_matches`].
pub const MIN_MATCHES: u64 = 3;

/// Past this many matches, a listed word must be in one match in this many.
const MIN_SHARE_OF_MATCHES: u64 = 500;

/// Most bytes of a title or body analysed: real bulletins are a few kilobytes; this keeps a
/// sample of 200 from costing seconds when a record holds a whole book.
const MAX_TEXT_BYTES: usize = 64 * 1024;

/// Candidates whose exact counts are read, per word shown.
const CANDIDATES_PER_WORD: usize = 3;

/// One word of the facet.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct SignificantWord {
    /// The usual spelling (`ma túy`), or the word as a matching bulletin wrote it when the
    /// dictionary lacks it (a name).
    pub word: String,
    /// How many matching bulletins hold it (exact, even when candidates came from a sample).
    pub matches: u64,
    /// How many bulletins of the whole index hold it.
    pub bulletins: u64,
    /// JLH: `(fg - bg) * (fg / bg)`, see the module documentation.
    pub score: f64,
}

/// How many matches the candidate words were read from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct WordSample {
    /// Matches whose text was read.
    pub sampled: usize,
    /// All matches.
    pub matches: usize,
}

impl WordSample {
    pub fn is_partial(&self) -> bool {
        self.sampled < self.matches
    }
}

/// The words facet of a search and how it was sampled.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct WordsFacet {
    pub words: Vec<SignificantWord>,
    pub sample: WordSample,
}

/// Collects every matching document, per segment in doc id order.
pub struct MatchingDocs;

/// The matches of one segment, ascending.
pub struct SegmentMatches {
    segment: u32,
    docs: Vec<DocId>,
}

impl Collector for MatchingDocs {
    type Fruit = Vec<SegmentMatches>;
    type Child = SegmentMatches;

    fn for_segment(&self, segment: u32, _reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(SegmentMatches {
            segment,
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, mut fruits: Vec<SegmentMatches>) -> tantivy::Result<Self::Fruit> {
        fruits.retain(|segment| !segment.docs.is_empty());
        fruits.sort_by_key(|segment| segment.segment);
        Ok(fruits)
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = SegmentMatches;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.docs.push(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.docs.extend_from_slice(docs);
    }

    fn harvest(self) -> SegmentMatches {
        self
    }
}

/// The words over-represented in `matches` against the whole index, leaving out stop words
/// and `query_words` (folded terms such as `ma_tuy`: the search already names them).
pub fn significant_words(
    index: &BantinIndex,
    searcher: &tantivy::Searcher,
    mut matches: Vec<SegmentMatches>,
    query_words: &[String],
) -> Result<WordsFacet, IndexError> {
    let err = |source| tantivy_error(&index.path, source);
    for segment in &mut matches {
        // Collectors may see a segment's docs in blocks; intersections need them sorted.
        if !segment.docs.is_sorted() {
            segment.docs.sort_unstable();
        }
    }
    let total: usize = matches.iter().map(|s| s.docs.len()).sum();
    let sample = sample(&matches, SAMPLE_BOUND);
    let sampled = WordSample {
        sampled: sample.len(),
        matches: total,
    };
    let index_docs = searcher.num_docs();
    if total == 0 || index_docs == 0 {
        return Ok(WordsFacet {
            words: Vec::new(),
            sample: sampled,
        });
    }
    let found = words_of(index, searcher, &sample)?;
    let text = index.fields.text;
    let dictionaries = searcher
        .segment_readers()
        .iter()
        .map(|reader| reader.inverted_index(text))
        .collect::<tantivy::Result<Vec<_>>>()
        .map_err(err)?;
    // How many bulletins of the index hold a word: read from each segment's term
    // dictionary directly, the most frequent operation here (once per candidate).
    let background = |term: &str| -> Result<u64, IndexError> {
        let mut bulletins = 0;
        for dictionary in &dictionaries {
            let info = dictionary
                .terms()
                .get(term.as_bytes())
                .map_err(|e| err(e.into()))?;
            bulletins += info.map_or(0, |info| u64::from(info.doc_freq));
        }
        Ok(bulletins)
    };
    // Candidates: the best by their share of the sample. A word in fewer than
    // MIN_MATCHES sampled bulletins is left out even from a sample: on the development
    // queries (see BENCHMARKS.md), such words filled the candidate list with names and
    // cost background lookups, and the final lists matched those computed on every match
    // less often (0.872 against 0.897 of their words).
    let mut candidates: Vec<(f64, &str, &WordSeen)> = Vec::new();
    for (term, seen) in &found {
        if u64::from(seen.bulletins) < MIN_MATCHES
            || is_stop_word(term)
            || query_words.iter().any(|q| q == term)
        {
            continue;
        }
        let fg = f64::from(seen.bulletins) / sample.len() as f64;
        let bg = background(term)? as f64 / index_docs as f64;
        let score = jlh(fg, bg);
        if score > 0.0 {
            candidates.push((score, term.as_str(), seen));
        }
    }
    candidates.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    candidates.truncate(WORDS_SHOWN * CANDIDATES_PER_WORD);

    let dictionary = WordDictionary::embedded();
    let mut words = Vec::with_capacity(candidates.len());
    for (_, term, seen) in candidates {
        let in_matches = if sampled.is_partial() {
            count_in_matches(searcher, &matches, &Term::from_field_text(text, term)).map_err(err)?
        } else {
            u64::from(seen.bulletins)
        };
        let bulletins = background(term)?.max(in_matches);
        let score = jlh(
            in_matches as f64 / total as f64,
            bulletins as f64 / index_docs as f64,
        );
        if in_matches < least_matches(total) || score <= 0.0 {
            continue;
        }
        words.push(SignificantWord {
            word: display_spelling(dictionary.spelling(term), &seen.written),
            matches: in_matches,
            bulletins,
            score,
        });
    }
    words.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| b.matches.cmp(&a.matches))
            .then_with(|| a.word.cmp(&b.word))
    });
    words.truncate(WORDS_SHOWN);
    Ok(WordsFacet {
        words,
        sample: sampled,
    })
}

/// How a word is shown: as the matching bulletins write it. The dictionary's usual spelling
/// only gives its case (`Công an` → `công an`); it may be another word that folds alike
/// (`kiệm lời`, taciturn, for `kiếm lời`, to profit). A name (every syllable capitalized)
/// keeps its capitals.
fn display_spelling(usual: Option<&str>, written: &str) -> String {
    let lower = written.to_lowercase();
    if let Some(usual) = usual.filter(|usual| usual.to_lowercase() == lower) {
        return usual.to_owned();
    }
    let is_name = written
        .split_whitespace()
        .all(|syllable| syllable.chars().next().is_some_and(char::is_uppercase));
    if is_name {
        written.to_owned()
    } else {
        lower
    }
}

/// `(fg - bg) * (fg / bg)`: zero unless the word is more frequent among the matches.
fn jlh(fg: f64, bg: f64) -> f64 {
    if fg <= bg || bg <= 0.0 {
        return 0.0;
    }
    (fg - bg) * (fg / bg)
}

/// Fewest matches a listed word must be in: [`MIN_MATCHES`], or one match in
/// [`MIN_SHARE_OF_MATCHES`] in a large set (a word in 4 of 8,000 matches is an accident).
fn least_matches(total: usize) -> u64 {
    MIN_MATCHES.max(total as u64 / MIN_SHARE_OF_MATCHES)
}

/// Every match when there are at most `bound`, else `bound` of them evenly spaced over the
/// whole set in index order.
fn sample(matches: &[SegmentMatches], bound: usize) -> Vec<DocAddress> {
    let total: usize = matches.iter().map(|s| s.docs.len()).sum();
    let all = matches.iter().flat_map(|segment| {
        segment
            .docs
            .iter()
            .map(|&doc| DocAddress::new(segment.segment, doc))
    });
    if total <= bound {
        return all.collect();
    }
    // The i-th pick is match i * total / bound: strictly increasing, as total > bound.
    let mut next_pick = 0usize;
    let mut picked = Vec::with_capacity(bound);
    for (at, address) in all.enumerate() {
        if at == next_pick * total / bound {
            picked.push(address);
            next_pick += 1;
            if next_pick == bound {
                break;
            }
        }
    }
    picked
}

/// One word found in the sample.
struct WordSeen {
    /// Sampled bulletins that hold it.
    bulletins: u32,
    /// The last sampled bulletin counted (so each counts once).
    last: usize,
    /// How the first bulletin that held it wrote it.
    written: String,
}

/// The word terms (folded, `ma_tuy`) of the sampled bulletins' titles and bodies, as the
/// index's analyzer finds them.
fn words_of(
    index: &BantinIndex,
    searcher: &tantivy::Searcher,
    sample: &[DocAddress],
) -> Result<FxHashMap<String, WordSeen>, IndexError> {
    let err = |source| tantivy_error(&index.path, source);
    let mut analyzer = index
        .index
        .tokenizers()
        .get(TOKENIZER_NAME)
        .ok_or_else(|| IndexError::Damaged {
            path: index.path.clone(),
            detail: format!("the {TOKENIZER_NAME} analyzer is not registered"),
        })?;
    let mut found: FxHashMap<String, WordSeen> = FxHashMap::default();
    for (at, &address) in sample.iter().enumerate() {
        let doc: TantivyDocument = searcher.doc(address).map_err(err)?;
        let fields = [index.fields.title, index.fields.body];
        for text in fields
            .into_iter()
            .filter_map(|field| doc.get_first(field).and_then(|v| v.as_str()))
            .map(|text| head(text, MAX_TEXT_BYTES))
        {
            let mut stream = analyzer.token_stream(text);
            while let Some(token) = stream.next() {
                let term = token.text.as_str();
                if !term.contains(WORD_JOINER) || term.starts_with(EXACT_MARK) {
                    continue;
                }
                match found.get_mut(term) {
                    Some(seen) if seen.last == at => {}
                    Some(seen) => {
                        seen.bulletins += 1;
                        seen.last = at;
                    }
                    None => {
                        let written = text
                            .get(token.offset_from..token.offset_to)
                            .unwrap_or(term)
                            .to_owned();
                        found.insert(
                            term.to_owned(),
                            WordSeen {
                                bulletins: 1,
                                last: at,
                                written,
                            },
                        );
                    }
                }
            }
        }
    }
    Ok(found)
}

/// How many of `matches` hold `term`: the smaller side drives, seeking in the other.
fn count_in_matches(
    searcher: &tantivy::Searcher,
    matches: &[SegmentMatches],
    term: &Term,
) -> tantivy::Result<u64> {
    let mut count = 0u64;
    for segment in matches {
        let reader = searcher.segment_reader(segment.segment);
        let inverted = reader.inverted_index(term.field())?;
        let Some(mut postings) = inverted.read_postings(term, IndexRecordOption::Basic)? else {
            continue;
        };
        let docs = &segment.docs;
        if docs.len() as u32 <= postings.doc_freq() {
            for &doc in docs {
                if postings.doc() == TERMINATED {
                    break;
                }
                if postings.doc() > doc {
                    continue;
                }
                if postings.seek(doc) == TERMINATED {
                    break;
                }
                if postings.doc() == doc {
                    count += 1;
                }
            }
        } else {
            let mut rest: &[DocId] = docs;
            let mut doc = postings.doc();
            while doc != TERMINATED && !rest.is_empty() {
                let skip = rest.partition_point(|&d| d < doc);
                rest = &rest[skip..];
                if rest.first() == Some(&doc) {
                    count += 1;
                }
                doc = postings.advance();
            }
        }
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_word_is_shown_as_the_matches_write_it_not_as_another_that_folds_alike() {
        assert_eq!(display_spelling(Some("kiệm lời"), "kiếm lời"), "kiếm lời");
        assert_eq!(display_spelling(Some("ma tuý"), "ma túy"), "ma túy");
        assert_eq!(
            display_spelling(Some("biên giới"), "Biên giới"),
            "biên giới"
        );
        assert_eq!(display_spelling(None, "Nghệ An"), "Nghệ An");
        assert_eq!(display_spelling(Some("Nghệ An"), "NGHỆ AN"), "Nghệ An");
        assert_eq!(display_spelling(None, "Tàng trữ"), "tàng trữ");
    }

    fn segments(sizes: &[u32]) -> Vec<SegmentMatches> {
        sizes
            .iter()
            .enumerate()
            .map(|(ord, &n)| SegmentMatches {
                segment: ord as u32,
                docs: (0..n).collect(),
            })
            .collect()
    }

    #[test]
    fn a_small_set_is_read_whole() {
        let picked = sample(&segments(&[3, 2]), 10);
        assert_eq!(picked.len(), 5);
        assert_eq!(picked[3], DocAddress::new(1, 0));
    }

    #[test]
    fn a_large_set_is_sampled_over_all_its_segments() {
        let picked = sample(&segments(&[1000, 10, 990]), 100);
        assert_eq!(picked.len(), 100);
        // Evenly spread: every 20th match, the last segment included.
        assert_eq!(picked[0], DocAddress::new(0, 0));
        assert_eq!(picked[1], DocAddress::new(0, 20));
        assert_eq!(picked[99], DocAddress::new(2, 970));
        let mut sorted = picked.clone();
        sorted.dedup();
        assert_eq!(sorted.len(), 100, "no match picked twice");
        // The same set gives the same sample.
        assert_eq!(picked, sample(&segments(&[1000, 10, 990]), 100));
    }

    #[test]
    fn large_sets_ask_more_matches_of_a_word() {
        assert_eq!(least_matches(0), MIN_MATCHES);
        assert_eq!(least_matches(1000), MIN_MATCHES);
        assert_eq!(least_matches(8799), 17);
    }

    #[test]
    fn jlh_rewards_words_characteristic_of_the_matches() {
        // Not over-represented: nothing.
        assert_eq!(jlh(0.5, 0.5), 0.0);
        assert_eq!(jlh(0.1, 0.5), 0.0);
        assert_eq!(jlh(0.1, 0.0), 0.0);
        // In 80 % of matches against 5 % of the index beats in 90 % against 60 %.
        assert!(jlh(0.8, 0.05) > jlh(0.9, 0.6));
        // A rare word's ratio does not outweigh a large gain.
        assert!(jlh(0.6, 0.05) > jlh(0.01, 0.0001));
    }
}
