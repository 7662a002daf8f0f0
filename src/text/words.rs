//! Vietnamese words: which runs of syllables form one word (`ma túy`, `an ninh`, `công an`).
//!
//! Segmentation is jieba's maximum-probability route over **syllables**: every dictionary
//! word is an edge of a DAG over the run's syllables, and dynamic programming from the end
//! picks the path with the highest product of word probabilities (HMM off). Syllables are
//! folded first, so accented, unaccented, both tone placements and decomposed input segment
//! the same way.
//!
//! Two engines compute that route and agree on every input (a test checks it):
//! - [`Segmenter`], the one the index uses, drives the DP from its own syllable lattice:
//!   syllables are numbered, a word of two to four syllables is one `u64` key of their
//!   numbers, and the prefixes of longer words are in the same table, so the search from a
//!   syllable stops at the first miss;
//! - [`JiebaSegmenter`] interns each folded syllable as one CJK code point and lets jieba-rs
//!   run the same algorithm on the resulting string (jieba splits Latin text character by
//!   character, so it cannot take syllables directly). `cargo bench --bench tokenize`
//!   compares them: the lattice is several times faster (see BENCHMARKS.md).
//!
//! The dictionary ([`WordDictionary::embedded`]) is built into the binary: the VietNews word
//! counts (`dictionary/vietnews-words.tsv.gz`, see `dictionary/build.sh`) plus a reviewed
//! list of police terms the news lacks (`dictionary/police-words.txt`), indexed as extra
//! terms over the words they hold. Counts of words that fold alike (`mà`, `ma`, `má`) are
//! added up. Syllables the dictionary has never seen stand alone.

use std::io::Read;
use std::sync::OnceLock;

use jieba_rs::Jieba;
use rustc_hash::{FxHashMap, FxHashSet};

use super::normalize::SyllableNormalizer;

/// The VietNews word list, gzip-compressed; see `dictionary/build.sh`.
const VIETNEWS_WORDS: &[u8] = include_bytes!("dictionary/vietnews-words.tsv.gz");

/// Police vocabulary the news corpus lacks, one term a line, reviewed by hand.
const POLICE_WORDS: &str = include_str!("dictionary/police-words.txt");

/// Joins the syllables of a word in the term the index stores (`ma_tuy`). Never produced by
/// the syllable tokenizer, which splits at it.
pub const WORD_JOINER: char = '_';

/// Longest word segmentation considers, in syllables. Longer entries of the word list (0.4 %
/// of it, mostly names and titles) are left out: a `u64` holds four syllable numbers.
pub const MAX_WORD_SYLLABLES: usize = 4;

/// Longest police term, in syllables.
pub const MAX_COMPOUND_SYLLABLES: usize = 10;

/// The number of a syllable the dictionary does not know.
const UNKNOWN: u32 = u32::MAX;

/// Syllable numbers fit in 16 bits (plus one, so that 0 means "no syllable" in a key).
const MAX_SYLLABLES: usize = u16::MAX as usize - 1;

/// The word dictionary: syllables numbered, words as keys of their numbers.
pub struct WordDictionary {
    /// Folded syllable → its number (the most frequent syllables first).
    ids: FxHashMap<Box<str>, u32>,
    /// `ln(count)` of each syllable as a word of its own; NaN when it is never one.
    single_log: Vec<f64>,
    /// Words of two to four syllables → `ln(count)`; NaN for a prefix of longer words only.
    words: FxHashMap<u64, f64>,
    log_total: f64,
    /// Police terms of several words (`tàng trữ trái phép chất ma túy`) as syllable numbers:
    /// indexed as one more term over the words segmentation finds, never instead of them.
    compounds: FxHashSet<Box<[u32]>>,
    /// The first syllable of every compound: most syllables start none.
    compound_starts: FxHashSet<u32>,
    /// Folded word (`ma_tuy`) → its most frequent spelling (`ma tuý`) and summed count.
    spellings: FxHashMap<Box<str>, (Box<str>, u64)>,
    /// The same dictionary for jieba-rs, built on first use.
    jieba: OnceLock<(Jieba, Vec<char>)>,
}

/// Why a dictionary could not be read.
#[derive(Debug, thiserror::Error)]
pub enum DictionaryError {
    #[error("line {line}: expected `word<TAB>count`, found {text:?}")]
    Line { line: usize, text: String },
    #[error("line {line}: a police term has 2 to 10 syllables, found {text:?}")]
    Compound { line: usize, text: String },
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

    /// A dictionary from `word<TAB>count` lists of words and from lists of police terms,
    /// one a line (lines starting with `#` are comments).
    pub fn from_lists(
        lists: &[&str],
        compound_lists: &[&str],
    ) -> Result<WordDictionary, DictionaryError> {
        let mut normalizer = SyllableNormalizer::new();
        // Folded word → (its most frequent spelling, that spelling's count, summed count).
        // Built with no temporary string per word: a loader that frees a hundred thousand
        // small strings leaves a fragmented heap that slows every later allocation.
        let mut entries: FxHashMap<Box<str>, (Box<str>, u64, u64)> = FxHashMap::default();
        let mut syllable_counts: FxHashMap<Box<str>, u64> = FxHashMap::default();
        entries.reserve(100_000);
        syllable_counts.reserve(50_000);
        let mut folded = String::new();
        for list in lists {
            for (at, line) in list.lines().enumerate() {
                if line.starts_with('#') || line.trim().is_empty() {
                    continue;
                }
                let parsed = line
                    .split_once('\t')
                    .and_then(|(word, count)| Some((word, count.trim().parse::<u64>().ok()?)));
                let Some((word, count)) = parsed else {
                    return Err(DictionaryError::Line {
                        line: at + 1,
                        text: line.to_owned(),
                    });
                };
                fold_word_into(word, &mut normalizer, &mut folded);
                let syllables = folded.split(WORD_JOINER).count();
                if folded.is_empty() || syllables > MAX_WORD_SYLLABLES {
                    continue;
                }
                for syllable in folded.split(WORD_JOINER) {
                    match syllable_counts.get_mut(syllable) {
                        Some(total) => *total += count,
                        None => {
                            syllable_counts.insert(syllable.into(), count);
                        }
                    }
                }
                match entries.get_mut(folded.as_str()) {
                    Some(entry) => {
                        entry.2 += count;
                        if count > entry.1 {
                            entry.0 = word.into();
                            entry.1 = count;
                        }
                    }
                    None => {
                        entries.insert(folded.as_str().into(), (word.into(), count, count));
                    }
                }
            }
        }
        let mut compound_words: Vec<String> = Vec::new();
        for list in compound_lists {
            for (at, line) in list.lines().enumerate() {
                let word = line.trim();
                if word.starts_with('#') || word.is_empty() {
                    continue;
                }
                let folded = fold_word(word, &mut normalizer);
                let syllables = folded.split(WORD_JOINER).count();
                if folded.is_empty() || !(2..=MAX_COMPOUND_SYLLABLES).contains(&syllables) {
                    return Err(DictionaryError::Compound {
                        line: at + 1,
                        text: line.to_owned(),
                    });
                }
                for syllable in folded.split(WORD_JOINER) {
                    syllable_counts.entry(syllable.into()).or_default();
                }
                entries
                    .entry(folded.as_str().into())
                    .or_insert_with(|| (word.into(), 0, 0));
                compound_words.push(folded);
            }
        }
        let ids = number_syllables(syllable_counts);
        let mut single_log = vec![f64::NAN; ids.len()];
        let mut words: FxHashMap<u64, f64> = FxHashMap::default();
        let mut total: u64 = 0;
        let mut numbers: Vec<u32> = Vec::new();
        for (word, &(_, _, count)) in &entries {
            if count == 0 {
                continue;
            }
            total += count;
            numbers.clear();
            numbers.extend(word.split(WORD_JOINER).map(|s| ids[s]));
            if numbers.len() == 1 {
                single_log[numbers[0] as usize] = (count as f64).ln();
                continue;
            }
            let Some(key) = word_key(&numbers) else {
                continue;
            };
            words.insert(key, (count as f64).ln());
            for prefix in 2..numbers.len() {
                if let Some(prefix_key) = word_key(&numbers[..prefix]) {
                    words.entry(prefix_key).or_insert(f64::NAN);
                }
            }
        }
        let spellings = entries
            .into_iter()
            .map(|(word, (spelling, _, total))| (word, (spelling, total)))
            .collect();
        let compounds: FxHashSet<Box<[u32]>> = compound_words
            .iter()
            .map(|w| w.split(WORD_JOINER).map(|s| ids[s]).collect())
            .collect();
        let compound_starts = compounds
            .iter()
            .filter_map(|c| c.first().copied())
            .collect();
        Ok(WordDictionary {
            ids,
            single_log,
            words,
            log_total: (total.max(1) as f64).ln(),
            compounds,
            compound_starts,
            spellings,
            jieba: OnceLock::new(),
        })
    }

    /// How many words (one syllable or more, police terms included) the dictionary holds.
    pub fn len(&self) -> usize {
        self.spellings.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spellings.is_empty()
    }

    /// The usual spelling of a folded word term (`ma_tuy` → `ma tuý`), if the dictionary
    /// knows it.
    pub fn spelling(&self, folded_word: &str) -> Option<&str> {
        self.spellings.get(folded_word).map(|(s, _)| &**s)
    }

    /// The number of a folded syllable, [`UNKNOWN`] if the dictionary lacks it.
    fn id(&self, folded_syllable: &str) -> u32 {
        self.ids.get(folded_syllable).copied().unwrap_or(UNKNOWN)
    }

    /// jieba-rs with the same words, each syllable interned as a CJK code point (indexed by
    /// syllable number).
    fn jieba(&self) -> &(Jieba, Vec<char>) {
        self.jieba.get_or_init(|| {
            let mut code_points = vec!['\u{4E00}'; self.ids.len()];
            let cjk = (0x4E01..=0x9FFF)
                .chain(0x3400..=0x4DBF)
                .chain(0x20000..=0x2A6DF)
                .filter_map(char::from_u32);
            for (slot, c) in code_points.iter_mut().zip(cjk) {
                *slot = c;
            }
            let mut entries = String::new();
            for (word, (_, count)) in &self.spellings {
                if *count == 0 || word.split(WORD_JOINER).count() > MAX_WORD_SYLLABLES {
                    continue;
                }
                for syllable in word.split(WORD_JOINER) {
                    entries.push(code_points[self.ids[syllable] as usize]);
                }
                entries.push(' ');
                entries.push_str(&count.to_string());
                entries.push('\n');
            }
            let mut jieba = Jieba::empty();
            jieba
                .load_dict(&mut entries.as_bytes())
                .expect("interned entries are well-formed");
            (jieba, code_points)
        })
    }
}

/// `word` folded, its syllables joined by [`WORD_JOINER`].
fn fold_word(word: &str, normalizer: &mut SyllableNormalizer) -> String {
    let mut folded = String::new();
    fold_word_into(word, normalizer, &mut folded);
    folded
}

/// [`fold_word`] into a reused buffer.
fn fold_word_into(word: &str, normalizer: &mut SyllableNormalizer, folded: &mut String) {
    folded.clear();
    for syllable in word.split_whitespace() {
        normalizer.normalize(syllable);
        if normalizer.folded().is_empty() {
            continue;
        }
        if !folded.is_empty() {
            folded.push(WORD_JOINER);
        }
        folded.push_str(normalizer.folded());
    }
}

/// Numbers the syllables, the most frequent first; past [`MAX_SYLLABLES`] they are left
/// unknown.
fn number_syllables(counts: FxHashMap<Box<str>, u64>) -> FxHashMap<Box<str>, u32> {
    let mut by_count: Vec<(Box<str>, u64)> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    by_count
        .into_iter()
        .take(MAX_SYLLABLES)
        .enumerate()
        .map(|(id, (syllable, _))| (syllable, id as u32))
        .collect()
}

/// The key of a word of two to four known syllables.
fn word_key(numbers: &[u32]) -> Option<u64> {
    if numbers.len() > MAX_WORD_SYLLABLES || numbers.contains(&UNKNOWN) {
        return None;
    }
    let mut key = 0u64;
    for (at, &n) in numbers.iter().enumerate() {
        key |= (u64::from(n) + 1) << (16 * at);
    }
    Some(key)
}

/// Capitalized syllables `start..end` the dictionary left apart: one name, or one syllable.
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

/// Segments runs of folded syllables into words, reusing its buffers.
#[derive(Clone)]
pub struct Segmenter {
    dictionary: &'static WordDictionary,
    ids: Vec<u32>,
    /// Whether each syllable is written like part of a name.
    names: Vec<bool>,
    /// From each syllable: the best log probability of the rest of the run, and where the
    /// first word of that route ends.
    route: Vec<(f64, usize)>,
    primary: Vec<(usize, usize)>,
}

impl Segmenter {
    pub fn new(dictionary: &'static WordDictionary) -> Segmenter {
        Segmenter {
            dictionary,
            ids: Vec::new(),
            names: Vec::new(),
            route: Vec::new(),
            primary: Vec::new(),
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
        self.ids.clear();
        self.names.clear();
        for (syllable, name) in syllables {
            self.ids.push(self.dictionary.id(syllable));
            self.names.push(name);
        }
        match self.ids.len() {
            0 => return,
            1 => {
                words.push((0, 1));
                return;
            }
            _ => {}
        }
        self.best_route();
        let mut primary = std::mem::take(&mut self.primary);
        primary.clear();
        let mut at = 0;
        while at < self.ids.len() {
            let end = self.route[at].1;
            primary.push((at, end));
            at = end;
        }
        self.join_names(&primary, sub_words, words);
        self.primary = primary;
        if sub_words {
            let segmented = words.len();
            self.push_compounds(words);
            // Words and the words inside them come in order of their first syllable;
            // police terms are appended after all of them.
            if words.len() > segmented {
                words.sort_unstable();
                words.dedup();
            }
        }
    }

    /// jieba's route: from the end, each syllable takes the word that maximizes its log
    /// probability plus the best of what follows; ties go to the longer word.
    fn best_route(&mut self) {
        let dictionary = self.dictionary;
        let n = self.ids.len();
        self.route.clear();
        self.route.resize(n + 1, (0.0, n));
        let log_total = dictionary.log_total;
        for i in (0..n).rev() {
            let mut best: Option<(f64, usize)> = None;
            let mut consider = |log_count: f64, end: usize, route: &[(f64, usize)]| {
                let prob = log_count - log_total + route[end].0;
                if best.is_none_or(|(p, e)| prob > p || (prob == p && end > e)) {
                    best = Some((prob, end));
                }
            };
            let first = self.ids[i];
            if first != UNKNOWN && !dictionary.single_log[first as usize].is_nan() {
                consider(dictionary.single_log[first as usize], i + 1, &self.route);
            }
            if first != UNKNOWN {
                let mut key = u64::from(first) + 1;
                for end in i + 2..=n.min(i + MAX_WORD_SYLLABLES) {
                    let next = self.ids[end - 1];
                    if next == UNKNOWN {
                        break;
                    }
                    key |= (u64::from(next) + 1) << (16 * (end - i - 1));
                    match dictionary.words.get(&key) {
                        None => break,
                        Some(log_count) if log_count.is_nan() => {}
                        Some(&log_count) => consider(log_count, end, &self.route),
                    }
                }
            }
            self.route[i] = best.unwrap_or((-log_total + self.route[i + 1].0, i + 1));
        }
    }

    /// `primary` with runs of name syllables left alone joined into one word; with
    /// `sub_words`, the words inside long words after them.
    fn join_names(
        &self,
        primary: &[(usize, usize)],
        sub_words: bool,
        words: &mut Vec<(usize, usize)>,
    ) {
        let mut name_start: Option<usize> = None;
        for &(start, end) in primary {
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
            push_name(words, name, self.ids.len());
        }
    }

    /// Dictionary words of two syllables or more strictly inside `[start, end)`.
    fn push_sub_words(&self, start: usize, end: usize, words: &mut Vec<(usize, usize)>) {
        for from in start..end {
            for to in from + 2..=end {
                if from == start && to == end {
                    continue;
                }
                let known = word_key(&self.ids[from..to])
                    .and_then(|key| self.dictionary.words.get(&key))
                    .is_some_and(|log_count| !log_count.is_nan());
                if known {
                    words.push((from, to));
                }
            }
        }
    }

    /// The police terms of the run that start and end on word boundaries.
    fn push_compounds(&self, words: &mut Vec<(usize, usize)>) {
        let dictionary = self.dictionary;
        if dictionary.compounds.is_empty() {
            return;
        }
        let found = words.len();
        for at in 0..found {
            let (start, _) = words[at];
            if !dictionary.compound_starts.contains(&self.ids[start]) {
                continue;
            }
            let longest = self.ids.len().min(start + MAX_COMPOUND_SYLLABLES);
            for end in start + 2..=longest {
                if dictionary.compounds.contains(&self.ids[start..end]) {
                    words.push((start, end));
                }
            }
        }
    }
}

/// The same segmentation computed by jieba-rs over interned syllables: the reference the
/// lattice is checked against, and the engine `bantin segment --engine jieba` uses.
pub struct JiebaSegmenter {
    dictionary: &'static WordDictionary,
    interned: String,
}

impl JiebaSegmenter {
    pub fn new(dictionary: &'static WordDictionary) -> JiebaSegmenter {
        JiebaSegmenter {
            dictionary,
            interned: String::new(),
        }
    }

    /// The words of one run of folded syllables (no name joining, no sub-words).
    pub fn segment<'s>(
        &mut self,
        syllables: impl Iterator<Item = &'s str>,
        words: &mut Vec<(usize, usize)>,
    ) {
        let (jieba, code_points) = self.dictionary.jieba();
        words.clear();
        self.interned.clear();
        for syllable in syllables {
            let id = self.dictionary.id(syllable);
            // Unknown syllables share one code point no word contains.
            self.interned
                .push(code_points.get(id as usize).copied().unwrap_or('\u{4E00}'));
        }
        words.extend(
            jieba
                .cut(&self.interned, false)
                .iter()
                .map(|token| (token.start, token.end)),
        );
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

    /// Lattice and jieba-rs segment `text` alike, run by run.
    fn assert_engines_agree(text: &str) -> usize {
        let dictionary = WordDictionary::embedded();
        let mut lattice = Segmenter::new(dictionary);
        let mut jieba = JiebaSegmenter::new(dictionary);
        let tokens = crate::text::analyze(text);
        let (mut ours, mut theirs) = (Vec::new(), Vec::new());
        let mut words = 0;
        for run in tokens.chunk_by(|a, b| joins_syllables(&text[a.end..b.start])) {
            lattice.segment(
                run.iter().map(|t| (t.folded.as_str(), false)),
                false,
                &mut ours,
            );
            jieba.segment(run.iter().map(|t| t.folded.as_str()), &mut theirs);
            assert_eq!(
                ours,
                theirs,
                "in {:?}",
                &text[run[0].start..run[run.len() - 1].end]
            );
            words += ours.iter().filter(|w| w.1 - w.0 > 1).count();
        }
        words
    }

    #[test]
    fn lattice_and_jieba_agree_on_the_seeds() {
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
        let mut words = 0;
        for entry in std::fs::read_dir(seeds).expect("seed fixtures") {
            let text = std::fs::read_to_string(entry.expect("entry").path()).expect("seed");
            words += assert_engines_agree(&text);
        }
        assert!(words > 500, "{words} words in the seeds");
    }

    #[test]
    fn lattice_and_jieba_agree_on_the_corpus() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/vietnews.jsonl.xz");
        let Ok(file) = std::fs::File::open(path) else {
            eprintln!("skipped: ../shared/corpus is absent");
            return;
        };
        let reader = std::io::BufReader::new(xz2::read::XzDecoder::new(file));
        for line in std::io::BufRead::lines(reader).take(300) {
            let line = line.expect("corpus decompresses");
            let value: serde_json::Value = serde_json::from_str(&line).expect("JSON line");
            assert_engines_agree(value["body"].as_str().unwrap_or_default());
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
        assert_eq!(dictionary.spelling("ma_tuy"), Some("ma tuý"));
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
