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
//! added up. Syllables the dictionary has never seen stand alone. `build.rs` turns both
//! lists into a [`WordTable`] at compile time, read in place: a process that segments
//! pays nothing to open the dictionary, and one that does not never touches it.

use std::sync::OnceLock;

use bantin_word_table::{
    police_term_key, slot_of, spelling_key, syllable_spelling, WordTable, UNKNOWN,
};
use jieba_rs::Jieba;

pub use bantin_word_table::{
    DictionaryError, MAX_COMPOUND_SYLLABLES, MAX_WORD_SYLLABLES, WORD_JOINER,
};

/// The table `build.rs` made from `dictionary/vietnews-words.tsv.gz` and
/// `dictionary/police-words.txt`.
const EMBEDDED_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.table"));

/// The word dictionary: syllables numbered, words as keys of their numbers, read in place
/// from a [`WordTable`].
pub struct WordDictionary {
    table: WordTable<'static>,
    /// The same dictionary for jieba-rs, built on first use.
    jieba: OnceLock<(Jieba, Vec<char>)>,
}

impl WordDictionary {
    /// The dictionary built into the binary at compile time: opening it reads a header.
    pub fn embedded() -> &'static WordDictionary {
        static DICTIONARY: OnceLock<WordDictionary> = OnceLock::new();
        DICTIONARY.get_or_init(|| WordDictionary {
            table: WordTable::parse(EMBEDDED_TABLE).expect("build.rs writes a valid word table"),
            jieba: OnceLock::new(),
        })
    }

    /// A dictionary from `word<TAB>count` lists of words and from lists of police terms,
    /// one a line (lines starting with `#` are comments). It lives as long as the process,
    /// as the embedded one does.
    pub fn from_lists(
        lists: &[&str],
        compound_lists: &[&str],
    ) -> Result<WordDictionary, DictionaryError> {
        let bytes: &'static [u8] =
            Box::leak(bantin_word_table::build(lists, compound_lists)?.into_boxed_slice());
        Ok(WordDictionary {
            table: WordTable::parse(bytes)?,
            jieba: OnceLock::new(),
        })
    }

    /// How many words (one syllable or more, police terms included) the dictionary holds.
    pub fn len(&self) -> usize {
        self.table.entry_count()
    }

    pub fn is_empty(&self) -> bool {
        self.table.entry_count() == 0
    }

    /// The usual spelling of a folded word term (`ma_tuy` → `ma tuý`), if the dictionary
    /// knows it.
    pub fn spelling(&self, folded_word: &str) -> Option<&str> {
        self.table
            .find_entry(folded_word)
            .map(|(spelling, _)| spelling)
    }

    /// How often the news wrote the word of these folded syllables (two to four), if the
    /// dictionary holds it as a word: found through the syllable trie, without comparing
    /// text.
    pub fn word_count(&self, folded: &[&str]) -> Option<u64> {
        let mut ids = [0u32; MAX_WORD_SYLLABLES];
        if !(2..=MAX_WORD_SYLLABLES).contains(&folded.len()) {
            return None;
        }
        for (slot, syllable) in ids.iter_mut().zip(folded) {
            *slot = self.table.syllable_id(syllable);
            if *slot == UNKNOWN {
                return None;
            }
        }
        let log = self.table.word_log(&ids[..folded.len()])?;
        (!log.is_nan()).then(|| log.exp().round() as u64)
    }

    /// Whether the dictionary knows this folded syllable.
    pub fn knows_syllable(&self, folded: &str) -> bool {
        self.table.syllable_id(folded) != UNKNOWN
    }

    /// The number of a folded syllable, [`UNKNOWN`] if the dictionary lacks it.
    #[inline]
    fn id(&self, folded_syllable: &str) -> u32 {
        self.table.syllable_id(folded_syllable)
    }

    /// jieba-rs with the same words, each syllable interned as a CJK code point (indexed by
    /// syllable number).
    fn jieba(&self) -> &(Jieba, Vec<char>) {
        self.jieba.get_or_init(|| {
            let table = &self.table;
            let mut code_points = vec!['\u{4E00}'; table.syllable_count()];
            let cjk = (0x4E01..=0x9FFF)
                .chain(0x3400..=0x4DBF)
                .chain(0x20000..=0x2A6DF)
                .filter_map(char::from_u32);
            for (slot, c) in code_points.iter_mut().zip(cjk) {
                *slot = c;
            }
            let mut entries = String::new();
            for at in 0..table.entry_count() {
                let (word, _, count) = table.entry(at);
                if count == 0 || word.split(WORD_JOINER).count() > MAX_WORD_SYLLABLES {
                    continue;
                }
                for syllable in word.split(WORD_JOINER) {
                    let id = table.syllable_id(syllable);
                    entries.push(code_points.get(id as usize).copied().unwrap_or('\u{4E00}'));
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

/// Capitalized syllables `start..end` the dictionary left apart: one name, or one syllable.
fn push_name(words: &mut Vec<(usize, usize)>, start: usize, end: usize) {
    words.push((start, end));
}

/// A syllable written like part of a name: a capital first letter, the others lowercase
/// (`Nguyễn`, `A`), unlike an abbreviation (`UBND`, `TP`) or a number.
pub fn is_name_syllable(raw: &str) -> bool {
    // Most syllables start with an ASCII lowercase letter: no need to decode them.
    if raw
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii() && !b.is_ascii_uppercase())
    {
        return false;
    }
    let mut chars = raw.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase() && !chars.any(char::is_uppercase)
}

/// One syllable of a run, as segmentation sees it: its folded form looks words up; how
/// it is written says whether a word's syllables spell that word ([`RunSyllable::written`]).
#[derive(Clone, Copy, Debug)]
pub struct RunSyllable<'s> {
    pub folded: &'s str,
    /// Written like part of a name ([`is_name_syllable`]).
    pub name: bool,
    /// The [`syllable_spelling`] of its exact form.
    pub spelling: u64,
    /// It carries diacritics (its exact form is not its folded one).
    pub accented: bool,
}

impl<'s> RunSyllable<'s> {
    /// A syllable of a text: `raw` as written, `exact` and `folded` as the analyzer gives
    /// them.
    pub fn written(raw: &str, exact: &str, folded: &'s str) -> RunSyllable<'s> {
        RunSyllable {
            folded,
            name: is_name_syllable(raw),
            spelling: syllable_spelling(exact),
            accented: exact != folded,
        }
    }

    /// A syllable known only folded (no diacritics to check, not part of a name).
    pub fn folded(folded: &'s str) -> RunSyllable<'s> {
        RunSyllable {
            folded,
            name: false,
            spelling: syllable_spelling(folded),
            accented: false,
        }
    }
}

/// Segments runs of folded syllables into words, reusing its buffers.
#[derive(Clone)]
pub struct Segmenter {
    dictionary: &'static WordDictionary,
    /// The numbers of recent syllables; see [`LookupCache`].
    cache: LookupCache,
    ids: Vec<u32>,
    /// Whether each syllable is written like part of a name.
    names: Vec<bool>,
    /// How each syllable is written: its spelling hash, and whether it has diacritics.
    written: Vec<(u64, bool)>,
    /// From each syllable: the best log probability of the rest of the run, and where the
    /// first word of that route ends.
    route: Vec<(f64, usize)>,
    primary: Vec<(usize, usize)>,
    /// Where a word of the segmentation ends, and the lengths of the police terms found at
    /// one place: buffers of [`Segmenter::push_compounds`].
    word_ends: Vec<bool>,
    compound_lengths: Vec<usize>,
}

impl Segmenter {
    pub fn new(dictionary: &'static WordDictionary) -> Segmenter {
        Segmenter {
            dictionary,
            cache: LookupCache::default(),
            ids: Vec::new(),
            names: Vec::new(),
            written: Vec::new(),
            route: Vec::new(),
            primary: Vec::new(),
            word_ends: Vec::new(),
            compound_lengths: Vec::new(),
        }
    }

    pub fn dictionary(&self) -> &'static WordDictionary {
        self.dictionary
    }

    /// The words of one run of syllables (no punctuation between them), as `[start, end)`
    /// syllable indices covering the run in order. Syllables of a name that the dictionary
    /// leaves apart (`Nguyễn Văn Tú`) make one word.
    ///
    /// A dictionary word is a word of the run only where its syllables spell it: folded
    /// alike is not enough when the text has diacritics (`tại sân` is not `tài sản`, `mà
    /// tuỳ` not `ma túy`, `to lắm` not `Tô Lâm`). Syllables written without any stand for
    /// every word they fold to.
    ///
    /// With `sub_words`, the words inside a word of three syllables or more follow it
    /// (`cơ quan chức năng` → `cơ quan`, `chức năng`), and so do the police terms that span
    /// whole words (`tàng trữ trái phép chất ma túy`), all sorted by start: a search for the
    /// shorter word finds it inside the longer one.
    pub fn segment<'s>(
        &mut self,
        syllables: impl Iterator<Item = RunSyllable<'s>>,
        sub_words: bool,
        words: &mut Vec<(usize, usize)>,
    ) {
        words.clear();
        self.ids.clear();
        self.names.clear();
        self.written.clear();
        let table = &self.dictionary.table;
        for syllable in syllables {
            self.ids
                .push(self.cache.syllable_id(table, syllable.folded));
            self.names.push(syllable.name);
            self.written.push((syllable.spelling, syllable.accented));
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
        let table = &dictionary.table;
        let log_total = table.log_total();
        for i in (0..n).rev() {
            let mut best: Option<(f64, usize)> = None;
            let mut consider = |log_count: f64, end: usize, route: &[(f64, usize)]| {
                let prob = log_count - log_total + route[end].0;
                if best.is_none_or(|(p, e)| prob > p || (prob == p && end > e)) {
                    best = Some((prob, end));
                }
            };
            let first = self.ids[i];
            let single = table.single_log(first);
            if !single.is_nan() {
                consider(single, i + 1, &self.route);
            }
            if first != UNKNOWN {
                let mut prefix = table.first(first);
                let mut spelling = Spelling::start(self.written[i]);
                for end in i + 2..=n.min(i + MAX_WORD_SYLLABLES) {
                    let next = self.ids[end - 1];
                    if next == UNKNOWN {
                        break;
                    }
                    let Some(longer) = table.extend(prefix, next) else {
                        break;
                    };
                    prefix = longer;
                    spelling.push(self.written[end - 1]);
                    let log_count = table.log(prefix);
                    if !log_count.is_nan() && spelling.is_of_a_word(table) {
                        consider(log_count, end, &self.route);
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
                let known = self
                    .dictionary
                    .table
                    .word_log(&self.ids[from..to])
                    .is_some_and(|log_count| !log_count.is_nan());
                if known && self.spelled(from, to).is_of_a_word(&self.dictionary.table) {
                    words.push((from, to));
                }
            }
        }
    }

    /// The police terms of the run that start and end on word boundaries (where a word
    /// of the segmentation starts, and where one ends), spelled as written.
    fn push_compounds(&mut self, words: &mut Vec<(usize, usize)>) {
        let table = &self.dictionary.table;
        // Most runs hold no police term: one bit per word tells.
        if !words
            .iter()
            .any(|&(start, _)| table.starts_compound(self.ids[start]))
        {
            return;
        }
        self.word_ends.clear();
        self.word_ends.resize(self.ids.len() + 1, false);
        for &(_, end) in &self.primary {
            self.word_ends[end] = true;
        }
        let found = words.len();
        for at in 0..found {
            let (start, _) = words[at];
            if !table.starts_compound(self.ids[start]) {
                continue;
            }
            let longest = self.ids.len().min(start + MAX_COMPOUND_SYLLABLES);
            let mut lengths = std::mem::take(&mut self.compound_lengths);
            lengths.clear();
            table.compounds_starting(&self.ids[start..longest], |len| lengths.push(len));
            for &len in &lengths {
                let end = start + len;
                if self.word_ends[end] && self.spelled(start, end).is_of_a_police_term(table) {
                    words.push((start, end));
                }
            }
            self.compound_lengths = lengths;
        }
    }

    /// How syllables `from..to` are written.
    fn spelled(&self, from: usize, to: usize) -> Spelling {
        let mut spelling = Spelling::start(self.written[from]);
        for &written in &self.written[from + 1..to] {
            spelling.push(written);
        }
        spelling
    }
}

/// The spelling of syllables, made one syllable at a time.
#[derive(Clone, Copy)]
struct Spelling {
    key: u64,
    accented: bool,
}

impl Spelling {
    fn start((spelling, accented): (u64, bool)) -> Spelling {
        Spelling {
            key: spelling_key(0, spelling),
            accented,
        }
    }

    fn push(&mut self, (spelling, accented): (u64, bool)) {
        self.key = spelling_key(self.key, spelling);
        self.accented |= accented;
    }

    /// Some word is spelled so, or the syllables carry no diacritics to tell.
    #[inline]
    fn is_of_a_word(&self, table: &WordTable) -> bool {
        !self.accented || table.has_spelling(self.key)
    }

    /// The same for the police terms.
    fn is_of_a_police_term(&self, table: &WordTable) -> bool {
        !self.accented || table.has_spelling(police_term_key(self.key))
    }
}

/// A direct-mapped cache of syllable numbers. The table finds a number in hashed slots,
/// then compares the syllable's text: three scattered reads, a cache miss or more each.
/// A text uses a few thousand syllables over and over (96 % of lookups hit on news), which
/// this keeps in 64 KB. Allocated on first use: a query segments a handful of syllables.
/// (Caching word pairs the same way was tried: they repeat too little, 47 % hits.)
#[derive(Clone, Default)]
struct LookupCache {
    /// Folded syllables of up to 8 bytes packed in a `u64` (never 0: a syllable is not
    /// empty and holds no NUL), and their numbers.
    syllables: Vec<(u64, u32)>,
}

const SYLLABLE_CACHE_BITS: u32 = 12;

impl LookupCache {
    #[inline]
    fn syllable_id(&mut self, table: &WordTable, folded: &str) -> u32 {
        let bytes = folded.as_bytes();
        if bytes.is_empty() || bytes.len() > 8 {
            return table.syllable_id(folded);
        }
        let mut packed = [0u8; 8];
        packed[..bytes.len()].copy_from_slice(bytes);
        let key = u64::from_le_bytes(packed);
        if self.syllables.is_empty() {
            self.syllables = vec![(0, 0); 1 << SYLLABLE_CACHE_BITS];
        }
        let slot = &mut self.syllables[slot_of(key, SYLLABLE_CACHE_BITS)];
        if slot.0 != key {
            *slot = (key, table.syllable_id(folded));
        }
        slot.1
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
            .map(|t| RunSyllable::written(&text[t.start..t.end], &t.exact, &t.folded));
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
            tokens.iter().map(|t| RunSyllable::folded(&t.folded)),
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
            tokens.iter().map(|t| RunSyllable::folded(&t.folded)),
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
                run.iter().map(|t| RunSyllable::folded(&t.folded)),
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

    /// The cache answers what the table answers, through evictions: every syllable of the
    /// dictionary, long ones and unknown ones, twice over.
    #[test]
    fn lookup_cache_answers_as_the_table() {
        let table = &WordDictionary::embedded().table;
        let mut cache = LookupCache::default();
        let mut syllables: Vec<&str> = (0..table.syllable_count() as u32)
            .map(|id| table.syllable(id))
            .collect();
        syllables.extend(["zzzz", "nghiêngggg", "qqqqqqqqqqqq"]);
        assert!(
            syllables.len() > 2 << SYLLABLE_CACHE_BITS,
            "{}",
            syllables.len()
        );
        for _round in 0..2 {
            for syllable in &syllables {
                assert_eq!(
                    cache.syllable_id(table, syllable),
                    table.syllable_id(syllable),
                    "{syllable}"
                );
            }
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
