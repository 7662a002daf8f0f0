//! Which words the facet lists: candidates proposed by a sample of the matches, each
//! counted exactly in the matches and the index, scored by JLH, the words inside longer
//! listed words left out.

use tantivy::Term;

use super::matches::{count_in_matches, sample, SegmentMatches};
use super::seen::{words_of, WordSeen, Writing};
use crate::index::words::is_stop_word;
use crate::index::{tantivy_error, BantinIndex, IndexError};
use crate::text::words::{WordDictionary, WORD_JOINER};

/// Most matches whose text is read to find candidate words; past it, a sample this large.
pub const SAMPLE_BOUND: usize = 200;

/// Most words the facet lists.
pub const WORDS_SHOWN: usize = 20;

/// Most names (people, places, organisations) the facet lists beside the words.
pub const NAMES_SHOWN: usize = 10;

/// A word listed inside a longer listed word is left out when it is in at most this many
/// times as many matches, and as many bulletins of the index, as the longer word (10 %
/// more): `lửa đạn` and `đạn đạo` add nothing beside `tên lửa đạn đạo`.
const CONTAINED_SLACK: f64 = 1.1;

/// Fewest matching bulletins a word must be in to be listed: a word in one or two
/// bulletins (a name, a typo) says nothing about a set. Large sets ask more, see
/// [`least_matches`].
pub const MIN_MATCHES: u64 = 3;

/// Past this many matches, a listed word must be in one match in this many.
const MIN_SHARE_OF_MATCHES: u64 = 500;

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
    /// All matches, or with `holding_query_words` those holding the query's words.
    pub matches: usize,
    /// The words were read from the matches holding the query's words as words (`ma túy`),
    /// not from those holding only their syllables apart.
    pub holding_query_words: bool,
}

impl WordSample {
    pub fn is_partial(&self) -> bool {
        self.sampled < self.matches
    }
}

/// The words facet of a search and how it was sampled.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct WordsFacet {
    /// Common words: what the matches are about.
    pub words: Vec<SignificantWord>,
    /// Names: who and where, words the matches write with every syllable capitalized.
    pub names: Vec<SignificantWord>,
    pub sample: WordSample,
}

/// The words over-represented in `matches` against the whole index, leaving out stop words,
/// `query_words` (folded terms such as `ma_tuy`: the search already names them) and the
/// words inside them (`tên lửa` for `tên lửa đạn đạo`: every match holding it holds them).
pub fn significant_words(
    index: &BantinIndex,
    searcher: &tantivy::Searcher,
    matches: Vec<SegmentMatches>,
    query_words: &[String],
) -> Result<WordsFacet, IndexError> {
    let err = |source| tantivy_error(&index.path, source);
    let total: usize = matches.iter().map(|s| s.docs.len()).sum();
    let sample = sample(&matches, SAMPLE_BOUND);
    let sampled = WordSample {
        sampled: sample.len(),
        matches: total,
        holding_query_words: false,
    };
    let index_docs = searcher.num_docs();
    if total == 0 || index_docs == 0 {
        return Ok(WordsFacet {
            sample: sampled,
            ..WordsFacet::default()
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
            || query_words.iter().any(|q| q == term || holds_word(q, term))
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
    let (names, words): (Vec<_>, Vec<_>) = candidates
        .into_iter()
        .partition(|(_, _, seen)| seen.is_name());

    let exact = |candidates: Vec<(f64, &str, &WordSeen)>,
                 shown: usize|
     -> Result<Vec<SignificantWord>, IndexError> {
        let dictionary = WordDictionary::embedded();
        let mut listed: Vec<(&str, SignificantWord)> = Vec::new();
        for (_, term, seen) in candidates.into_iter().take(shown * CANDIDATES_PER_WORD) {
            let in_matches = if sampled.is_partial() {
                count_in_matches(searcher, &matches, &Term::from_field_text(text, term))
                    .map_err(err)?
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
            let word = match &seen.written_as_name {
                Some(name) if seen.is_name() => name.clone(),
                _ => display_spelling(dictionary.spelling(term), &seen.written),
            };
            listed.push((
                term,
                SignificantWord {
                    word,
                    matches: in_matches,
                    bulletins,
                    score,
                },
            ));
        }
        listed.sort_by(|(_, a), (_, b)| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| b.matches.cmp(&a.matches))
                .then_with(|| a.word.cmp(&b.word))
        });
        drop_contained(&mut listed);
        Ok(listed
            .into_iter()
            .take(shown)
            .map(|(_, word)| word)
            .collect())
    };
    Ok(WordsFacet {
        words: exact(words, WORDS_SHOWN)?,
        names: exact(names, NAMES_SHOWN)?,
        sample: sampled,
    })
}

/// Whether the folded word `longer` holds the word `shorter` on syllable boundaries
/// (`tên_lửa_đạn_đạo` holds `lửa_đạn`, not `ửa_đạn`).
pub(super) fn holds_word(longer: &str, shorter: &str) -> bool {
    longer.len() > shorter.len()
        && longer.match_indices(shorter).any(|(at, _)| {
            let end = at + shorter.len();
            (at == 0 || longer[..at].ends_with(WORD_JOINER))
                && (end == longer.len() || longer[end..].starts_with(WORD_JOINER))
        })
}

/// Leaves out each listed word that a longer listed word holds (`lửa_đạn` in
/// `tên_lửa_đạn_đạo`, `Nam Từ` in `Nam Từ Liêm`) when it is in hardly more matches and
/// hardly more bulletins of the index: it is a piece of the longer word, which says more.
/// A word that also stands on its own elsewhere (`ma túy` beside `ma túy đá`) is in many
/// more bulletins of the index, and stays.
pub(super) fn drop_contained(listed: &mut Vec<(&str, SignificantWord)>) {
    let kept: Vec<bool> = listed
        .iter()
        .map(|(term, word)| {
            !listed.iter().any(|(longer, longer_word)| {
                let within = |n: u64, of: u64| n as f64 <= of as f64 * CONTAINED_SLACK;
                holds_word(longer, term)
                    && within(word.matches, longer_word.matches)
                    && within(word.bulletins, longer_word.bulletins)
            })
        })
        .collect();
    let mut keep = kept.into_iter();
    listed.retain(|_| keep.next().unwrap_or(true));
}

/// How a word is shown: as the matching bulletins write it. The dictionary's usual spelling
/// only gives its case (`Công an` → `công an`); it may be another word that folds alike
/// (`kiệm lời`, taciturn, for `kiếm lời`, to profit). A writing as a name or in capitals
/// ([`Writing`]) keeps its capitals.
pub(super) fn display_spelling(usual: Option<&str>, written: &str) -> String {
    let lower = written.to_lowercase();
    if let Some(usual) = usual.filter(|usual| usual.to_lowercase() == lower) {
        return usual.to_owned();
    }
    match Writing::of(written) {
        Writing::Name | Writing::Capitals => written.to_owned(),
        Writing::Lowercase => lower,
    }
}

/// `(fg - bg) * (fg / bg)`: zero unless the word is more frequent among the matches.
pub(super) fn jlh(fg: f64, bg: f64) -> f64 {
    if fg <= bg || bg <= 0.0 {
        return 0.0;
    }
    (fg - bg) * (fg / bg)
}

/// Fewest matches a listed word must be in: [`MIN_MATCHES`], or one match in
/// [`MIN_SHARE_OF_MATCHES`] in a large set (a word in 4 of 8,000 matches is an accident).
pub(super) fn least_matches(total: usize) -> u64 {
    MIN_MATCHES.max(total as u64 / MIN_SHARE_OF_MATCHES)
}
