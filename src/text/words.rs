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

mod dictionary;
mod jieba;

use bantin_word_table::{
    police_term_key, slot_of, spelling_key, syllable_spelling, WordTable, UNKNOWN,
};

pub use bantin_word_table::{
    DictionaryError, MAX_COMPOUND_SYLLABLES, MAX_WORD_SYLLABLES, WORD_JOINER,
};
pub use dictionary::WordDictionary;
pub use jieba::JiebaSegmenter;

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
mod tests;
