//! Vietnamese words: which runs of syllables form one word (`ma túy`, `an ninh`, `công an`).
//!
//! Segmentation is jieba-rs's maximum-probability route (a DAG of dictionary words, dynamic
//! programming, no HMM) over **syllables**: each folded syllable is interned as one CJK code
//! point, so jieba sees `công an tỉnh` as three characters and finds `công an` among them;
//! the route is then mapped back to syllable indices. Folded syllables make accented,
//! unaccented, both tone placements and decomposed input segment the same way.
//!
//! The dictionary ([`WordDictionary::embedded`]) is built into the binary: the VietNews word
//! counts (`dictionary/vietnews-words.tsv.gz`, see `dictionary/build.sh`) plus a reviewed
//! list of police vocabulary the news lacks (`dictionary/police-words.tsv`). Counts of words
//! that fold alike (`mà`, `ma`, `má`) are added up.

use std::collections::HashMap;
use std::io::{BufRead, Read};
use std::sync::OnceLock;

use jieba_rs::Jieba;
use rustc_hash::FxHashMap;

use super::normalize::SyllableNormalizer;

/// The VietNews word list, gzip-compressed; see `dictionary/build.sh`.
const VIETNEWS_WORDS: &[u8] = include_bytes!("dictionary/vietnews-words.tsv.gz");

/// Police vocabulary the news corpus lacks, one term a line, reviewed by hand.
const POLICE_WORDS: &str = include_str!("dictionary/police-words.txt");

/// Joins the syllables of a word in the term the index stores (`ma_tuy`). Never produced by
/// the syllable tokenizer, which splits at it.
pub const WORD_JOINER: char = '_';

/// The code point every syllable outside the dictionary maps to. No word contains it, so
/// such a syllable always stands alone.
const UNKNOWN_SYLLABLE: char = '\u{4E00}';

/// Words longer than this many syllables are not dictionary words (names of organisations
/// run longer, but they are phrases, not words).
pub const MAX_WORD_SYLLABLES: usize = 10;

/// The word dictionary with its syllables interned for jieba.
pub struct WordDictionary {
    /// Folded syllable → its code point.
    syllables: FxHashMap<Box<str>, char>,
    jieba: Jieba,
    /// Police terms of several words (`tàng trữ trái phép chất ma túy`), interned: indexed
    /// as one more term over the words segmentation finds, never instead of them.
    compounds: rustc_hash::FxHashSet<Box<str>>,
    /// The first code point of every compound: most syllables start none.
    compound_starts: rustc_hash::FxHashSet<char>,
    /// Folded word (`ma_tuy`) → its most frequent spelling (`ma túy`) and summed count.
    spellings: FxHashMap<Box<str>, (Box<str>, u64)>,
}

/// Why a dictionary could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    #[error("could not read the word list")]
    Read(#[from] std::io::Error),
    #[error("line {line}: expected `word<TAB>count`, found {text:?}")]
    Line { line: usize, text: String },
    #[error("the segmenter refused the word list")]
    Segmenter(#[from] jieba_rs::Error),
}

impl WordDictionary {
    /// The dictionary built into the binary, loaded on first use.
    pub fn embedded() -> &'static WordDictionary {
        static DICTIONARY: OnceLock<WordDictionary> = OnceLock::new();
        DICTIONARY.get_or_init(|| {
            let mut news = String::new();
            flate2::read::GzDecoder::new(VIETNEWS_WORDS)
                .read_to_string(&mut news)
                .expect("the embedded word list is valid gzip");
            WordDictionary::from_lists(&[&news], &[POLICE_WORDS])
                .expect("the embedded word lists are well-formed")
        })
    }

    /// A dictionary from `word<TAB>count` lists of words and from lists of compounds, one a
    /// line (lines starting with `#` are comments).
    pub fn from_lists(
        lists: &[&str],
        compound_lists: &[&str],
    ) -> Result<WordDictionary, DictionaryError> {
        let mut normalizer = SyllableNormalizer::new();
        let mut counts: FxHashMap<Box<str>, u64> = FxHashMap::default();
        let mut spellings: FxHashMap<Box<str>, (Box<str>, u64)> = FxHashMap::default();
        let mut syllable_counts: HashMap<Box<str>, u64> = HashMap::new();
        let mut folded = String::new();
        for list in lists {
            for (at, line) in list.as_bytes().lines().enumerate() {
                let line = line?;
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let parsed = line
                    .split_once('\t')
                    .and_then(|(word, count)| Some((word, count.trim().parse::<u64>().ok()?)));
                let Some((word, count)) = parsed else {
                    return Err(DictionaryError::Line {
                        line: at + 1,
                        text: line,
                    });
                };
                folded.clear();
                let mut syllables = 0;
                for syllable in word.split_whitespace() {
                    normalizer.normalize(syllable);
                    if !folded.is_empty() {
                        folded.push(WORD_JOINER);
                    }
                    folded.push_str(normalizer.folded());
                    *syllable_counts
                        .entry(normalizer.folded().into())
                        .or_default() += count;
                    syllables += 1;
                }
                if syllables == 0 || syllables > MAX_WORD_SYLLABLES {
                    continue;
                }
                *counts.entry(folded.as_str().into()).or_default() += count;
                let spelling = spellings
                    .entry(folded.as_str().into())
                    .or_insert_with(|| (word.into(), 0));
                if count > spelling.1 {
                    *spelling = (word.into(), count);
                }
            }
        }
        let mut compound_words: Vec<Box<str>> = Vec::new();
        for list in compound_lists {
            for (at, line) in list.lines().enumerate() {
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let word = line.trim();
                let folded = fold_word(word, &mut normalizer);
                let syllables = folded.split(WORD_JOINER).count();
                if !(2..=MAX_WORD_SYLLABLES).contains(&syllables) {
                    return Err(DictionaryError::Line {
                        line: at + 1,
                        text: line.to_owned(),
                    });
                }
                for syllable in folded.split(WORD_JOINER) {
                    *syllable_counts.entry(syllable.into()).or_default() += 1;
                }
                spellings
                    .entry(folded.as_str().into())
                    .or_insert_with(|| (word.into(), 0));
                compound_words.push(folded.into());
            }
        }
        let syllables = intern(syllable_counts);
        let intern_word = |word: &str| -> Box<str> {
            word.split(WORD_JOINER)
                .map(|s| syllables[s])
                .collect::<String>()
                .into()
        };
        let compounds: rustc_hash::FxHashSet<Box<str>> =
            compound_words.iter().map(|w| intern_word(w)).collect();
        let compound_starts = compounds.iter().filter_map(|c| c.chars().next()).collect();
        let mut jieba = Jieba::empty();
        let mut interned = String::new();
        let mut entries = String::new();
        for (word, count) in &counts {
            interned.clear();
            for syllable in word.split(WORD_JOINER) {
                interned.push(syllables[syllable]);
            }
            entries.push_str(&interned);
            entries.push(' ');
            entries.push_str(&count.to_string());
            entries.push('\n');
        }
        jieba.load_dict(&mut entries.as_bytes())?;
        for (word, spelling) in spellings.iter_mut() {
            spelling.1 = counts.get(word).copied().unwrap_or_default();
        }
        Ok(WordDictionary {
            syllables,
            jieba,
            compounds,
            compound_starts,
            spellings,
        })
    }

    /// How many words (one syllable or more) the dictionary holds.
    pub fn len(&self) -> usize {
        self.spellings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spellings.is_empty()
    }

    /// The usual spelling of a folded word term (`ma_tuy` → `ma túy`), if the dictionary
    /// knows it.
    pub fn spelling(&self, folded_word: &str) -> Option<&str> {
        self.spellings.get(folded_word).map(|(s, _)| &**s)
    }

    /// Every folded word with its summed count (`ma_tuy`, 13423).
    pub fn counts(&self) -> impl Iterator<Item = (&str, u64)> {
        self.spellings.iter().map(|(w, (_, c))| (&**w, *c))
    }

    fn code_point(&self, folded_syllable: &str) -> char {
        self.syllables
            .get(folded_syllable)
            .copied()
            .unwrap_or(UNKNOWN_SYLLABLE)
    }
}

/// `word` folded, its syllables joined by [`WORD_JOINER`].
fn fold_word(word: &str, normalizer: &mut SyllableNormalizer) -> String {
    let mut folded = String::new();
    for syllable in word.split_whitespace() {
        normalizer.normalize(syllable);
        if !folded.is_empty() {
            folded.push(WORD_JOINER);
        }
        folded.push_str(normalizer.folded());
    }
    folded
}

/// Capitalized syllables `start..end` the dictionary left apart: one name, or one
/// syllable.
fn push_name(words: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    words.push((start, end));
}

/// A syllable written like part of a name: a capital first letter, the others lowercase
/// (`Nguyễn`, `A`), unlike an abbreviation (`UBND`, `TP`) or a number.
pub fn is_name_syllable(raw: &str) -> bool {
    let mut chars = raw.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase() && !chars.any(char::is_uppercase)
}

/// Gives each syllable a CJK code point, the most frequent first (they get the three-byte
/// ones of the main block).
fn intern(counts: HashMap<Box<str>, u64>) -> FxHashMap<Box<str>, char> {
    let mut by_count: Vec<(Box<str>, u64)> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let code_points = (0x4E01..=0x9FFF)
        .chain(0x3400..=0x4DBF)
        .chain(0x20000..=0x2A6DF)
        .filter_map(char::from_u32);
    by_count
        .into_iter()
        .zip(code_points)
        .map(|((syllable, _), c)| (syllable, c))
        .collect()
}

/// Segments runs of folded syllables into words, reusing its buffers.
pub struct Segmenter {
    dictionary: &'static WordDictionary,
    interned: String,
    /// Byte offset in `interned` of each syllable, and its end.
    starts: Vec<usize>,
    /// Whether each syllable is written like part of a name.
    names: Vec<bool>,
}

impl Segmenter {
    pub fn new(dictionary: &'static WordDictionary) -> Segmenter {
        Segmenter {
            dictionary,
            interned: String::new(),
            starts: Vec::new(),
            names: Vec::new(),
        }
    }

    pub fn dictionary(&self) -> &'static WordDictionary {
        self.dictionary
    }

    /// The words of one run of folded syllables (no punctuation between them), each with
    /// whether it is written like part of a name ([`is_name_syllable`]), as `[start, end)`
    /// syllable indices covering the run in order. Syllables of a name that the dictionary
    /// leaves apart (`Nguyễn Văn Tú`) make one word.
    ///
    /// With `sub_words`, the words inside a word of three syllables or more follow it
    /// (`cơ quan chức năng` → `cơ quan`, `chức năng`), and so do the police terms that span
    /// whole words (`tàng trữ trái phép chất ma túy`), all sorted by start: a search for the
    /// shorter word finds it inside the longer one.
    pub fn segment<'s>(
        &mut self,
        syllables: impl Iterator<Item = (&'s str, bool)>,
        sub_words: bool,
        words: &mut Vec<(usize, usize)>,
    ) {
        words.clear();
        self.interned.clear();
        self.starts.clear();
        self.names.clear();
        for (syllable, name) in syllables {
            self.starts.push(self.interned.len());
            self.interned.push(self.dictionary.code_point(syllable));
            self.names.push(name);
        }
        let count = self.names.len();
        self.starts.push(self.interned.len());
        if count == 0 {
            return;
        }
        if count == 1 {
            words.push((0, 1));
            return;
        }
        let mut name_start: Option<usize> = None;
        for token in self.dictionary.jieba.cut(&self.interned, false) {
            let (start, end) = (token.start, token.end);
            if end - start == 1 && self.names[start] {
                name_start.get_or_insert(start);
                continue;
            }
            if let Some(name) = name_start.take() {
                push_name(words, name, start);
            }
            words.push((start, end));
            if sub_words && end - start >= 3 {
                self.push_sub_words(start, end, words);
            }
        }
        if let Some(name) = name_start {
            push_name(words, name, count);
        }
        if sub_words {
            self.push_compounds(words);
            words.sort_unstable();
            words.dedup();
        }
    }

    /// The police compounds of the run that span whole words.
    fn push_compounds(&self, words: &mut Vec<(usize, usize)>) {
        let count = self.starts.len() - 1;
        let found = words.len();
        for at in 0..found {
            let (start, _) = words[at];
            let first = self.interned[self.starts[start]..].chars().next();
            if !first.is_some_and(|c| self.dictionary.compound_starts.contains(&c)) {
                continue;
            }
            for end in start + 2..=count.min(start + MAX_WORD_SYLLABLES) {
                let piece = &self.interned[self.starts[start]..self.starts[end]];
                if self.dictionary.compounds.contains(piece) {
                    words.push((start, end));
                }
            }
        }
    }

    /// Dictionary words of two syllables or more strictly inside `[start, end)`.
    fn push_sub_words(&self, start: usize, end: usize, words: &mut Vec<(usize, usize)>) {
        for from in start..end {
            let longest = (end - from).min(MAX_WORD_SYLLABLES);
            for len in 2..=longest {
                if from == start && len == end - start {
                    continue;
                }
                let piece = &self.interned[self.starts[from]..self.starts[from + len]];
                if self.dictionary.jieba.has_word(piece) {
                    words.push((from, from + len));
                }
            }
        }
    }
}

/// Whether the text between two syllables keeps them in one run that may form a word:
/// spaces only. Punctuation, a line break or nothing at all (`12-NQ`, `TP.HCM`) ends a run.
pub fn joins_syllables(gap: &str) -> bool {
    if gap.is_empty() {
        return false;
    }
    gap.chars().all(|c| matches!(c, ' ' | '\t' | '\u{a0}'))
}

/// The words of `text`, whose syllables are `tokens` (as [`crate::text::analyze`] gives
/// them): `[start, end)` indices into `tokens`, in order, each syllable in exactly one word
/// (plus, with `sub_words`, the words inside long words).
pub fn segment_tokens(
    text: &str,
    tokens: &[crate::text::AnalyzedToken],
    segmenter: &mut Segmenter,
    sub_words: bool,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut words = Vec::new();
    let mut run_start = 0;
    for end in 1..=tokens.len() {
        let breaks = end == tokens.len()
            || !joins_syllables(
                text.get(tokens[end - 1].end..tokens[end].start)
                    .unwrap_or(""),
            );
        if !breaks {
            continue;
        }
        let run = &tokens[run_start..end];
        let syllables = run
            .iter()
            .map(|t| (t.folded.as_str(), is_name_syllable(&text[t.start..t.end])));
        segmenter.segment(syllables, sub_words, &mut words);
        out.extend(words.iter().map(|&(a, b)| (run_start + a, run_start + b)));
        run_start = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn segment(text: &str) -> Vec<String> {
        let tokens = crate::text::analyze(text);
        let mut segmenter = Segmenter::new(WordDictionary::embedded());
        let mut words = Vec::new();
        segmenter.segment(
            tokens.iter().map(|t| (t.folded.as_str(), false)),
            false,
            &mut words,
        );
        words
            .iter()
            .map(|&(a, b)| {
                tokens[a..b]
                    .iter()
                    .map(|t| t.exact.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }

    #[test]
    fn police_sentence_segments_into_words() {
        assert_eq!(
            segment("Công an tỉnh bắt đối tượng tàng trữ ma túy"),
            ["công an", "tỉnh", "bắt", "đối tượng", "tàng trữ", "ma túy"]
        );
    }

    #[test]
    fn accents_tone_placement_and_nfd_segment_alike() {
        let expected = segment("Công an tỉnh Thanh Hóa bắt giữ ma túy");
        assert!(expected.contains(&"thanh hóa".to_owned()), "{expected:?}");
        let folded_expected: Vec<String> = expected
            .iter()
            .map(|w| crate::text::fold_diacritics(w))
            .collect();
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd(
            "Công an tỉnh Thanh Hóa bắt giữ ma túy",
        )
        .collect();
        for text in [
            "Công an tỉnh Thanh Hoá bắt giữ ma tuý",
            "CONG AN TINH THANH HOA BAT GIU MA TUY",
            nfd.as_str(),
        ] {
            let got: Vec<String> = segment(text)
                .iter()
                .map(|w| crate::text::fold_diacritics(w))
                .collect();
            assert_eq!(got, folded_expected, "{text}");
        }
    }

    #[test]
    fn police_charge_is_one_more_term_over_its_words() {
        let tokens = crate::text::analyze("tàng trữ trái phép chất ma túy");
        let mut segmenter = Segmenter::new(WordDictionary::embedded());
        let mut words = Vec::new();
        segmenter.segment(
            tokens.iter().map(|t| (t.folded.as_str(), false)),
            true,
            &mut words,
        );
        for inner in [(0, 7), (0, 2), (2, 4), (4, 5), (5, 7)] {
            assert!(words.contains(&inner), "{inner:?} in {words:?}");
        }
    }

    #[test]
    fn unknown_syllables_stand_alone() {
        assert_eq!(segment("xyzq qwvb"), ["xyzq", "qwvb"]);
        assert!(segment("").is_empty());
    }

    #[test]
    fn spelling_of_a_folded_word() {
        let dictionary = WordDictionary::embedded();
        assert_eq!(dictionary.spelling("cong_an"), Some("công an"));
        assert!(dictionary.len() > 70_000, "{}", dictionary.len());
    }

    #[test]
    fn malformed_list_names_the_line() {
        let err = WordDictionary::from_lists(&["a b\t3\nno count here\n"], &[])
            .err()
            .expect("malformed line rejected");
        assert_eq!(
            err.to_string(),
            "line 2: expected `word<TAB>count`, found \"no count here\""
        );
    }
}
