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
use unicode_normalization::UnicodeNormalization;

use crate::index::words::is_stop_word;
use crate::index::{tantivy_error, BantinIndex, IndexError};
use crate::text::words::{WordDictionary, WORD_JOINER};
use crate::text::{head, EXACT_MARK, TOKENIZER_NAME};

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
        for segment in &mut fruits {
            // Collectors may see a segment's docs in blocks; intersections need them sorted.
            if !segment.docs.is_sorted() {
                segment.docs.sort_unstable();
            }
        }
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
fn holds_word(longer: &str, shorter: &str) -> bool {
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
fn drop_contained(listed: &mut Vec<(&str, SignificantWord)>) {
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
fn display_spelling(usual: Option<&str>, written: &str) -> String {
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
    /// Of those, the bulletins that wrote it as a name (`Quỳnh Lưu`) and never in lowercase
    /// (`quỳnh lưu`), and those that wrote it in capitals only (`QUỲNH LƯU`: a heading or a
    /// byline, which says nothing either way).
    as_name: u32,
    in_capitals: u32,
    /// How the last bulletin counted has written it so far.
    vote: Writing,
    /// The last sampled bulletin counted (so each counts once).
    last: usize,
    /// How the first bulletin that held it wrote it ([`tidy`]).
    written: String,
    /// How the first bulletin that wrote it as a name did ([`tidy`]).
    written_as_name: Option<String>,
}

impl WordSeen {
    /// Written as a name by most of the sampled bulletins that hold it: a person, a place,
    /// an organisation, rather than a word of what happened.
    fn is_name(&self) -> bool {
        self.as_name * 2 > self.bulletins - self.in_capitals
    }

    /// A bulletin's first writing of the word (its title's or its body's).
    fn saw(&mut self, written: &str) {
        self.vote = Writing::Capitals;
        self.in_capitals += 1;
        self.saw_again(written);
    }

    /// Another writing in the same bulletin: lowercase anywhere outweighs a name (a Title
    /// Case headline), which outweighs capitals.
    fn saw_again(&mut self, written: &str) {
        let now = Writing::of(written);
        if now <= self.vote {
            return;
        }
        match self.vote {
            Writing::Capitals => self.in_capitals -= 1,
            Writing::Name => self.as_name -= 1,
            Writing::Lowercase => {}
        }
        if now == Writing::Name {
            self.as_name += 1;
            if self.written_as_name.is_none() {
                self.written_as_name = Some(tidy(written));
            }
        }
        self.vote = now;
    }
}

/// How a bulletin writes a word, weakest evidence first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Writing {
    /// Capitals only: says nothing.
    Capitals,
    /// Every syllable capitalized.
    Name,
    /// Some syllable in lowercase.
    Lowercase,
}

impl Writing {
    fn of(written: &str) -> Writing {
        if is_written_as_name(written) {
            Writing::Name
        } else if !written.chars().any(char::is_lowercase) {
            Writing::Capitals
        } else {
            Writing::Lowercase
        }
    }
}

/// A writing as the facet shows it: NFC, one space between syllables (the text may hold NFD,
/// tabs or no-break spaces there).
pub(crate) fn tidy(written: &str) -> String {
    let mut tidy = String::with_capacity(written.len());
    for (i, syllable) in written.split_whitespace().enumerate() {
        if i > 0 {
            tidy.push(' ');
        }
        tidy.extend(syllable.nfc());
    }
    tidy
}

/// Every syllable capitalized: `Nghệ An`, `Phạm Thị Yến`, `John McCain`, `Nguyễn Văn A`;
/// not `Ma túy` at the start of a sentence, nor `UBND`.
pub(crate) fn is_written_as_name(written: &str) -> bool {
    let mut syllables = written.split_whitespace().peekable();
    syllables.peek().is_some() && syllables.all(is_name_syllable)
}

/// A capital first letter, and a lowercase letter after it unless it is the only one:
/// `Nghệ`, `McCain`, `A`; not `UBND`, `TP` or `iPhone`.
fn is_name_syllable(syllable: &str) -> bool {
    let mut chars = syllable.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    first.is_uppercase() && (rest.is_empty() || rest.chars().any(char::is_lowercase))
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
                let written = text.get(token.offset_from..token.offset_to).unwrap_or(term);
                match found.get_mut(term) {
                    Some(seen) if seen.last == at => seen.saw_again(written),
                    Some(seen) => {
                        seen.bulletins += 1;
                        seen.last = at;
                        seen.saw(written);
                    }
                    None => {
                        let mut seen = WordSeen {
                            bulletins: 1,
                            as_name: 0,
                            in_capitals: 0,
                            vote: Writing::Capitals,
                            last: at,
                            written: tidy(written),
                            written_as_name: None,
                        };
                        seen.saw(written);
                        found.insert(term.to_owned(), seen);
                    }
                }
            }
        }
    }
    Ok(found)
}

/// How many of `matches` hold `term`.
fn count_in_matches(
    searcher: &tantivy::Searcher,
    matches: &[SegmentMatches],
    term: &Term,
) -> tantivy::Result<u64> {
    let mut count = 0u64;
    each_holding(searcher, matches, term, |_, _| count += 1)?;
    Ok(count)
}

/// The matches that hold every one of `terms` (the query's words as words).
pub fn holding(
    searcher: &tantivy::Searcher,
    matches: &[SegmentMatches],
    terms: &[Term],
) -> tantivy::Result<Vec<SegmentMatches>> {
    let mut kept: Option<Vec<SegmentMatches>> = None;
    for term in terms {
        let from = kept.as_deref().unwrap_or(matches);
        let mut next: Vec<SegmentMatches> = from
            .iter()
            .map(|segment| SegmentMatches {
                segment: segment.segment,
                docs: Vec::new(),
            })
            .collect();
        each_holding(searcher, from, term, |at, doc| next[at].docs.push(doc))?;
        next.retain(|segment| !segment.docs.is_empty());
        kept = Some(next);
    }
    Ok(kept.unwrap_or_else(|| {
        let all = matches.iter().map(|segment| SegmentMatches {
            segment: segment.segment,
            docs: segment.docs.clone(),
        });
        all.collect()
    }))
}

/// Shows `found` each match that holds `term` (the index of its segment in `matches`, and
/// the document), in order: the smaller side drives, seeking in the other.
fn each_holding(
    searcher: &tantivy::Searcher,
    matches: &[SegmentMatches],
    term: &Term,
    mut found: impl FnMut(usize, DocId),
) -> tantivy::Result<()> {
    for (at, segment) in matches.iter().enumerate() {
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
                    found(at, doc);
                }
            }
        } else {
            let mut rest: &[DocId] = docs;
            let mut doc = postings.doc();
            while doc != TERMINATED && !rest.is_empty() {
                let skip = rest.partition_point(|&d| d < doc);
                rest = &rest[skip..];
                if rest.first() == Some(&doc) {
                    found(at, doc);
                }
                doc = postings.advance();
            }
        }
    }
    Ok(())
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

    fn seen(writings: &[&str]) -> WordSeen {
        bulletins(&writings.iter().map(|w| vec![*w]).collect::<Vec<_>>())
    }

    /// Each bulletin's writings, the first (its title's) first.
    fn bulletins(writings: &[Vec<&str>]) -> WordSeen {
        let mut seen = WordSeen {
            bulletins: writings.len() as u32,
            as_name: 0,
            in_capitals: 0,
            vote: Writing::Capitals,
            last: 0,
            written: String::new(),
            written_as_name: None,
        };
        for bulletin in writings {
            let mut bulletin = bulletin.iter();
            if let Some(first) = bulletin.next() {
                seen.saw(first);
            }
            for again in bulletin {
                seen.saw_again(again);
            }
        }
        seen
    }

    #[test]
    fn a_name_is_a_word_most_bulletins_write_with_every_syllable_capitalized() {
        assert!(is_written_as_name("Nghệ An"));
        assert!(is_written_as_name("Phạm Thị Yến"));
        assert!(!is_written_as_name("Ma túy"));
        assert!(!is_written_as_name("NGHỆ AN"));
        assert!(!is_written_as_name(""));
        let place = seen(&["quỳnh lưu", "Quỳnh Lưu", "Quỳnh Lưu"]);
        assert!(place.is_name());
        assert_eq!(place.written_as_name.as_deref(), Some("Quỳnh Lưu"));
        // Capitalized at the start of a sentence or in a unit's name now and then.
        assert!(!seen(&["đồng muối", "Đồng muối", "Đồng Muối"]).is_name());
        // Capitals (a heading, a byline) say nothing either way.
        assert!(seen(&["DOÃN HÒA", "DOÃN HÒA", "Doãn Hòa"]).is_name());
        assert!(!seen(&["DOÃN HÒA", "DOÃN HÒA"]).is_name());
        // A Title Case or capitals headline does not outvote its own body.
        let headlines = bulletins(&[
            vec!["Công An", "công an"],
            vec!["CÔNG AN", "công an"],
            vec!["CÔNG AN", "Công an"],
        ]);
        assert!(!headlines.is_name());
        assert!(bulletins(&[vec!["CÔNG AN", "Công An"]]).is_name());
        // A capital inside a syllable, or a one-letter syllable, is still a name.
        assert!(is_written_as_name("John McCain"));
        assert!(is_written_as_name("Nguyễn Văn A"));
        assert!(!is_written_as_name("iPhone X"));
        assert!(!is_written_as_name("TP Huế"));
    }

    #[test]
    fn a_writing_is_shown_in_nfc_with_single_spaces() {
        let nfd: String = "Quỳnh\tLưu".nfd().collect();
        assert_eq!(tidy(&nfd), "Quỳnh Lưu");
        assert_eq!(tidy("Phạm  Thị\u{a0}Yến"), "Phạm Thị Yến");
    }

    fn listed(words: &[(&'static str, u64, u64)]) -> Vec<(&'static str, SignificantWord)> {
        words
            .iter()
            .map(|&(term, matches, bulletins)| {
                let word = SignificantWord {
                    word: term.replace(WORD_JOINER, " "),
                    matches,
                    bulletins,
                    score: 1.0,
                };
                (term, word)
            })
            .collect()
    }

    #[test]
    fn a_piece_of_a_longer_listed_word_is_left_out() {
        let mut words = listed(&[
            ("ten_lua", 5594, 9000),
            ("ten_lua_dan_dao", 2589, 2650),
            ("lua_dan", 2589, 2650),
            ("dan_dao", 2620, 2700),
            // `ma túy` stands on its own in many more bulletins than `ma túy đá`.
            ("ma_tuy_da", 6, 50),
            ("ma_tuy", 6, 400),
            // Not a piece: it does not start on a syllable of `ma_tuy_da`.
            ("uy_da", 6, 50),
        ]);
        drop_contained(&mut words);
        let kept: Vec<&str> = words.iter().map(|(term, _)| *term).collect();
        assert_eq!(
            kept,
            ["ten_lua", "ten_lua_dan_dao", "ma_tuy_da", "ma_tuy", "uy_da"]
        );
    }

    #[test]
    fn a_word_holds_the_words_of_its_syllables() {
        assert!(holds_word("ten_lua_dan_dao", "lua_dan"));
        assert!(holds_word("ten_lua_dan_dao", "ten_lua"));
        assert!(holds_word("ten_lua_dan_dao", "dan_dao"));
        assert!(!holds_word("ten_lua_dan_dao", "ten_lua_dan_dao"));
        assert!(!holds_word("ma_tuy_da", "uy_da"));
        assert!(!holds_word("ma_tuy", "ma_tuy_da"));
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
