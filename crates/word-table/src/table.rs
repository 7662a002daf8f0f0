//! The word dictionary as one block of bytes, read in place.
//!
//! bantin's `build.rs` turns the committed word lists (`src/text/dictionary/`) into this table
//! at compile time; the binary embeds it and [`WordTable::parse`] only checks its header and slices it: no
//! decompression, no parsing, no allocation, whatever the command. [`build`] makes the same
//! table from any lists at run time (tests, other dictionaries).
//!
//! Layout, all little-endian: a header of [`HEADER_WORDS`] `u64`s (magic, version, the log
//! of the total count, the syllable and entry counts, then offset and length of each
//! section), then the sections:
//!
//! | section | content |
//! | --- | --- |
//! | syllable text | folded syllables, numbered most frequent first, end to end |
//! | syllable ends | `u32` end of each syllable's text |
//! | syllable slots | open-addressing hash of folded syllable → number + 1 (0: empty) |
//! | syllable words | per syllable (and one more, closing the last): `f32` `ln(count)` as a word of its own (NaN if never one), `u32` start of its children on the trie's second level |
//! | compound starts | bitset of the syllables a police term starts with |
//! | compounds | police terms, sorted: a `u32` length, then ten `u32` syllable numbers |
//! | spellings | open-addressing hash set of the `u64` [`spelling_key`] of every spelling of every word of two syllables or more, and of every police term under [`police_term_key`] (0: empty) |
//! | entry text | every folded word then its most frequent spelling, sorted by folded word |
//! | entry index | `u32` end of the folded word, `u32` end of the spelling, `u64` summed count |
//! | word trie | per level of two to four syllables: `u16` last syllable of each prefix, sorted under its parent; its `f32` `ln(count)` (NaN for a prefix of longer words only); but on the last level, `u32` start of its children on the next level |
//!
//! Words of two to four syllables form a trie over syllable numbers whose first level is
//! the syllables themselves, so a walk from a syllable stops at the first prefix no word
//! has. The trie is laid out level by level with children sorted by syllable number, and
//! syllables are numbered most frequent first: the few hundred syllables that make most of
//! any text keep their children close together and in cache, which a hash of word keys
//! (tried first) scattered over two megabytes.

use std::collections::{BTreeMap, HashMap};

use crate::normalize::SyllableNormalizer;

/// Joins the syllables of a word in the term the index stores (`ma_tuy`). Never produced by
/// the syllable tokenizer, which splits at it.
pub const WORD_JOINER: char = '_';

/// Longest word segmentation considers, in syllables. Longer entries of the word list (0.4 %
/// of it, mostly names and titles) are left out: a `u64` key holds four syllable numbers.
pub const MAX_WORD_SYLLABLES: usize = 4;

/// Longest police term, in syllables.
pub const MAX_COMPOUND_SYLLABLES: usize = 10;

/// The number of a syllable the dictionary does not know.
pub const UNKNOWN: u32 = u32::MAX;

/// Syllable numbers fit in 16 bits (plus one, so that 0 means "no syllable" in a key).
const MAX_SYLLABLES: usize = u16::MAX as usize - 1;

const MAGIC: u64 = u64::from_le_bytes(*b"bantinWD");
const VERSION: u64 = 5;
const SECTIONS: usize = 17;
const HEADER_WORDS: usize = 5 + 2 * SECTIONS;

const SYLLABLE_TEXT: usize = 0;
const SYLLABLE_ENDS: usize = 1;
const SYLLABLE_SLOTS: usize = 2;
const SYLLABLE_WORDS: usize = 3;
const COMPOUND_STARTS: usize = 4;
const COMPOUNDS: usize = 5;
const ENTRY_TEXT: usize = 6;
const ENTRY_INDEX: usize = 7;
/// The word trie below the syllables: for prefixes of two, three and four syllables their
/// last syllable, their log count and (but the last) their children.
const L2_NEXT: usize = 8;
const L2_LOG: usize = 9;
const L2_CHILDREN: usize = 10;
const L3_NEXT: usize = 11;
const L3_LOG: usize = 12;
const L3_CHILDREN: usize = 13;
const L4_NEXT: usize = 14;
const L4_LOG: usize = 15;
const SPELLINGS: usize = 16;

/// Bytes per syllable in the syllable words section: its log count and its children's start
/// side by side, so that the walk from a syllable reads one place.
const SYLLABLE_WORD_BYTES: usize = 8;

/// Bytes per entry (two ends, count) and per police term (length, syllable numbers).
const ENTRY_BYTES: usize = 16;
const COMPOUND_BYTES: usize = 4 * (1 + MAX_COMPOUND_SYLLABLES);

/// Why word lists could not become a dictionary, or bytes are not one.
#[derive(Debug, PartialEq, Eq)]
pub enum DictionaryError {
    /// A word list line is not `word<TAB>count`.
    Line { line: usize, text: String },
    /// A police term is not two to ten syllables.
    Compound { line: usize, text: String },
    /// The bytes are not a word table of this version.
    Table(&'static str),
}

impl std::fmt::Display for DictionaryError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DictionaryError::Line { line, text } => {
                write!(f, "line {line}: expected `word<TAB>count`, found {text:?}")
            }
            DictionaryError::Compound { line, text } => write!(
                f,
                "line {line}: a police term has 2 to {MAX_COMPOUND_SYLLABLES} syllables, found {text:?}"
            ),
            DictionaryError::Table(why) => write!(f, "not a word table: {why}"),
        }
    }
}

impl std::error::Error for DictionaryError {}

/// A word table over bytes made by [`build`]; see the module documentation.
#[derive(Clone, Copy, Debug)]
pub struct WordTable<'a> {
    log_total: f64,
    syllable_count: usize,
    entry_count: usize,
    syllable_text: &'a [u8],
    syllable_ends: &'a [u8],
    syllable_slots: &'a [u8],
    syllable_bits: u32,
    /// Per syllable: its log count as a word of its own, and where its children start.
    syllable_words: &'a [u8],
    /// Children offsets of the prefixes of two and three syllables.
    children: [&'a [u8]; 2],
    /// Last syllable and log count of the prefixes of two, three and four syllables.
    next: [&'a [u8]; 3],
    log: [&'a [u8]; 3],
    compound_starts: &'a [u8],
    compounds: &'a [u8],
    entry_text: &'a [u8],
    entry_index: &'a [u8],
    spellings: &'a [u8],
    spelling_bits: u32,
}

/// A run of syllables that starts at least one word: a node of the word trie.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Prefix {
    /// Its length in syllables.
    level: usize,
    /// Its place on its level (the syllable number on the first).
    index: usize,
}

impl<'a> WordTable<'a> {
    /// The table in `bytes`, after checking that its sections lie inside them.
    pub fn parse(bytes: &'a [u8]) -> Result<WordTable<'a>, DictionaryError> {
        let header = |at: usize| read_u64(bytes, at * 8);
        if bytes.len() < HEADER_WORDS * 8 {
            return Err(DictionaryError::Table("shorter than its header"));
        }
        if header(0) != MAGIC || header(1) != VERSION {
            return Err(DictionaryError::Table("wrong magic or version"));
        }
        let mut sections = [&bytes[..0]; SECTIONS];
        for (at, section) in sections.iter_mut().enumerate() {
            let offset = header(5 + 2 * at) as usize;
            let len = header(6 + 2 * at) as usize;
            *section = offset
                .checked_add(len)
                .and_then(|end| bytes.get(offset..end))
                .ok_or(DictionaryError::Table("a section lies outside the bytes"))?;
        }
        let syllable_count = header(3) as usize;
        let entry_count = header(4) as usize;
        let slot_bits = |len: usize, size: usize| -> Result<u32, DictionaryError> {
            let slots = len / size;
            if slots.is_power_of_two() && slots * size == len && slots >= 2 {
                Ok(slots.trailing_zeros())
            } else {
                Err(DictionaryError::Table("hash slots are not a power of two"))
            }
        };
        let table = WordTable {
            log_total: f64::from_bits(header(2)),
            syllable_count,
            entry_count,
            syllable_text: sections[SYLLABLE_TEXT],
            syllable_ends: sections[SYLLABLE_ENDS],
            syllable_slots: sections[SYLLABLE_SLOTS],
            syllable_bits: slot_bits(sections[SYLLABLE_SLOTS].len(), 4)?,
            syllable_words: sections[SYLLABLE_WORDS],
            children: [sections[L2_CHILDREN], sections[L3_CHILDREN]],
            next: [sections[L2_NEXT], sections[L3_NEXT], sections[L4_NEXT]],
            log: [sections[L2_LOG], sections[L3_LOG], sections[L4_LOG]],
            compound_starts: sections[COMPOUND_STARTS],
            compounds: sections[COMPOUNDS],
            entry_text: sections[ENTRY_TEXT],
            entry_index: sections[ENTRY_INDEX],
            spellings: sections[SPELLINGS],
            spelling_bits: slot_bits(sections[SPELLINGS].len(), 8)?,
        };
        let nodes = |level: usize| table.next[level].len() / 2;
        let trie_sized = (0..3).all(|level| table.log[level].len() == nodes(level) * 4)
            && (0..2).all(|level| table.children[level].len() == (nodes(level) + 1) * 4);
        // The counts come from the bytes: a damaged one must not overflow.
        let sized = trie_sized
            && Some(table.syllable_ends.len()) == syllable_count.checked_mul(4)
            && Some(table.syllable_words.len())
                == (syllable_count.checked_add(1))
                    .and_then(|records| records.checked_mul(SYLLABLE_WORD_BYTES))
            && Some(table.compound_starts.len()) == syllable_count.div_ceil(64).checked_mul(8)
            && Some(table.entry_index.len()) == entry_count.checked_mul(ENTRY_BYTES);
        if !sized {
            return Err(DictionaryError::Table(
                "section sizes disagree with the counts",
            ));
        }
        Ok(table)
    }

    /// `ln` of the summed count of every word.
    pub fn log_total(&self) -> f64 {
        self.log_total
    }

    /// How many syllables are numbered.
    pub fn syllable_count(&self) -> usize {
        self.syllable_count
    }

    /// The number of a folded syllable, [`UNKNOWN`] if the dictionary lacks it.
    #[inline]
    pub fn syllable_id(&self, folded: &str) -> u32 {
        let bytes = folded.as_bytes();
        let mask = (1usize << self.syllable_bits) - 1;
        let mut slot = slot_of(hash_bytes(bytes), self.syllable_bits);
        // Every slot at most once: a damaged table may have no empty one.
        for _ in 0..=mask {
            let stored = read_u32(self.syllable_slots, slot * 4);
            if stored == 0 {
                return UNKNOWN;
            }
            let id = stored - 1;
            if self.syllable_bytes(id) == bytes {
                return id;
            }
            slot = (slot + 1) & mask;
        }
        UNKNOWN
    }

    /// The folded syllable numbered `id` (empty if there is none).
    pub fn syllable(&self, id: u32) -> &'a str {
        std::str::from_utf8(self.syllable_bytes(id)).unwrap_or("")
    }

    #[inline]
    fn syllable_bytes(&self, id: u32) -> &'a [u8] {
        let id = id as usize;
        if id >= self.syllable_count {
            return &[];
        }
        let end = read_u32(self.syllable_ends, id * 4) as usize;
        let start = match id {
            0 => 0,
            _ => read_u32(self.syllable_ends, (id - 1) * 4) as usize,
        };
        self.syllable_text.get(start..end).unwrap_or(&[])
    }

    /// `ln(count)` of syllable `id` as a word of its own; NaN when it never is one.
    #[inline]
    pub fn single_log(&self, id: u32) -> f64 {
        if id as usize >= self.syllable_count {
            return f64::NAN;
        }
        f64::from(f32::from_bits(read_u32(
            self.syllable_words,
            id as usize * SYLLABLE_WORD_BYTES,
        )))
    }

    /// The prefix of one syllable, where walks through the word trie start.
    #[inline]
    pub fn first(&self, id: u32) -> Prefix {
        Prefix {
            level: 1,
            index: id as usize,
        }
    }

    /// `prefix` followed by syllable `next`, if some word goes on that way.
    #[inline]
    pub fn extend(&self, prefix: Prefix, next: u32) -> Option<Prefix> {
        let level = prefix.level;
        if !(1..MAX_WORD_SYLLABLES).contains(&level) || next > u32::from(u16::MAX) {
            return None;
        }
        let (mut low, mut high) = match level {
            1 if prefix.index < self.syllable_count => {
                let at = prefix.index * SYLLABLE_WORD_BYTES + 4;
                (
                    read_u32(self.syllable_words, at) as usize,
                    read_u32(self.syllable_words, at + SYLLABLE_WORD_BYTES) as usize,
                )
            }
            1 => return None,
            _ => {
                let children = self.children[level - 2];
                (
                    read_u32(children, prefix.index * 4) as usize,
                    read_u32(children, (prefix.index + 1) * 4) as usize,
                )
            }
        };
        let syllables = self.next[level - 1];
        while low < high {
            let middle = (low + high) / 2;
            let found = u32::from(read_u16(syllables, middle * 2));
            match found.cmp(&next) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => {
                    return Some(Prefix {
                        level: level + 1,
                        index: middle,
                    })
                }
            }
        }
        None
    }

    /// `ln(count)` of the word `prefix` spells; NaN when it only starts longer words.
    #[inline]
    pub fn log(&self, prefix: Prefix) -> f64 {
        match prefix.level {
            1 => self.single_log(prefix.index as u32),
            2..=MAX_WORD_SYLLABLES => f64::from(f32::from_bits(read_u32(
                self.log[prefix.level - 2],
                prefix.index * 4,
            ))),
            _ => f64::NAN,
        }
    }

    /// `ln(count)` of the word of two to four syllables `ids`; NaN when they only start
    /// longer words; `None` when they are neither.
    pub fn word_log(&self, ids: &[u32]) -> Option<f64> {
        let (&first, rest) = ids.split_first()?;
        if rest.is_empty() || ids.len() > MAX_WORD_SYLLABLES {
            return None;
        }
        let mut prefix = self.first(first);
        for &next in rest {
            prefix = self.extend(prefix, next)?;
        }
        Some(self.log(prefix))
    }

    /// Whether some police term starts with syllable `id`.
    #[inline]
    pub fn starts_compound(&self, id: u32) -> bool {
        let id = id as usize;
        if id >= self.syllable_count {
            return false;
        }
        read_u64(self.compound_starts, id / 64 * 8) & (1 << (id % 64)) != 0
    }

    /// Calls `found` with the length of every police term that `ids` start with. Terms are
    /// records of the same size sorted by syllable numbers, so those starting with `ids[0]`
    /// are found by binary search.
    pub fn compounds_starting(&self, ids: &[u32], mut found: impl FnMut(usize)) {
        let Some(&first) = ids.first() else {
            return;
        };
        let records = self.compounds.len() / COMPOUND_BYTES;
        let first_of = |record: usize| read_u32(self.compounds, record * COMPOUND_BYTES + 4);
        let (mut low, mut high) = (0, records);
        while low < high {
            let middle = (low + high) / 2;
            if first_of(middle) < first {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        for record in (low..records).take_while(|&r| first_of(r) == first) {
            let at = record * COMPOUND_BYTES;
            let len = read_u32(self.compounds, at) as usize;
            if len < 2 || len > ids.len() {
                continue;
            }
            let same = ids[1..len]
                .iter()
                .enumerate()
                .all(|(i, &id)| read_u32(self.compounds, at + 8 + 4 * i) == id);
            if same {
                found(len);
            }
        }
    }

    /// Whether some word of two syllables or more is spelled as `key` says
    /// ([`spelling_key`] of its exact syllables).
    #[inline]
    pub fn has_spelling(&self, key: u64) -> bool {
        let key = key.max(1);
        let mask = (1usize << self.spelling_bits) - 1;
        let mut slot = slot_of(key, self.spelling_bits);
        // Every slot at most once: a damaged table may have no empty one.
        for _ in 0..=mask {
            let stored = read_u64(self.spellings, slot * 8);
            if stored == key {
                return true;
            }
            if stored == 0 {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        false
    }

    /// How many words (one syllable or more, police terms included) the table holds.
    pub fn entry_count(&self) -> usize {
        self.entry_count
    }

    /// Entry `at` in folded order: the folded word (`ma_tuy`), its most frequent spelling
    /// (`ma tuý`) and its summed count (0 for a police term the news never wrote).
    pub fn entry(&self, at: usize) -> (&'a str, &'a str, u64) {
        let base = at * ENTRY_BYTES;
        let start = match at {
            0 => 0,
            _ => read_u32(self.entry_index, base - ENTRY_BYTES + 4) as usize,
        };
        let folded_end = read_u32(self.entry_index, base) as usize;
        let spelling_end = read_u32(self.entry_index, base + 4) as usize;
        let text = |from: usize, to: usize| {
            self.entry_text
                .get(from..to)
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or("")
        };
        (
            text(start, folded_end),
            text(folded_end, spelling_end),
            read_u64(self.entry_index, base + 8),
        )
    }

    /// The entry of a folded word, found by binary search.
    pub fn find_entry(&self, folded_word: &str) -> Option<(&'a str, u64)> {
        let (mut low, mut high) = (0, self.entry_count);
        while low < high {
            let middle = (low + high) / 2;
            let (folded, spelling, count) = self.entry(middle);
            match folded.cmp(folded_word) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return Some((spelling, count)),
            }
        }
        None
    }
}

/// FNV-1a: syllables are a few bytes long.
#[inline]
fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for &byte in bytes {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

/// The hash of one syllable's exact form (NFC, lowercase, canonical tone placement: `túy`),
/// the piece a spelling key is made of. Every syllable of every text is hashed: eight
/// bytes at a time (a syllable is rarely longer), not byte by byte.
#[inline]
pub fn syllable_spelling(exact: &str) -> u64 {
    let bytes = exact.as_bytes();
    let mut hash = (bytes.len() as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        hash = (hash.rotate_left(5) ^ u64::from_le_bytes(word)).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
    hash
}

/// The key of a spelling so far (`0` before its first syllable) extended by one syllable's
/// [`syllable_spelling`]: a word is spelled `ma túy` when its key, made syllable by syllable,
/// is the key of that spelling.
#[inline]
pub fn spelling_key(key: u64, syllable: u64) -> u64 {
    (key.rotate_left(23) ^ syllable).wrapping_mul(0x9e37_79b9_7f4a_7c15)
}

/// The key under which a police term's spelling is kept: apart from the words', so that
/// a police term never makes its syllables a word of the segmentation.
#[inline]
pub fn police_term_key(key: u64) -> u64 {
    key ^ 0x5bd1_e995_7f4a_7c15
}

/// The key of a spelling written with spaces between its syllables, each normalized.
fn spelling_key_of(word: &str, normalizer: &mut SyllableNormalizer) -> u64 {
    let mut key = 0;
    for syllable in word.split_whitespace() {
        normalizer.normalize(syllable);
        if normalizer.exact().is_empty() {
            continue;
        }
        key = spelling_key(key, syllable_spelling(normalizer.exact()));
    }
    key
}

/// Fibonacci hashing: the top `bits` of the product.
#[inline]
pub fn slot_of(hash: u64, bits: u32) -> usize {
    (hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize
}

/// `N` bytes of `bytes` at `at`; zeros past the end (a damaged table reads as absent entries,
/// never out of bounds).
#[inline]
fn read_bytes<const N: usize>(bytes: &[u8], at: usize) -> [u8; N] {
    let mut word = [0u8; N];
    if let Some(b) = bytes.get(at..at + N) {
        word.copy_from_slice(b);
    }
    word
}

#[inline]
fn read_u16(bytes: &[u8], at: usize) -> u16 {
    u16::from_le_bytes(read_bytes(bytes, at))
}

#[inline]
fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_le_bytes(read_bytes(bytes, at))
}

#[inline]
fn read_u64(bytes: &[u8], at: usize) -> u64 {
    u64::from_le_bytes(read_bytes(bytes, at))
}

/// `word` folded, its syllables joined by [`WORD_JOINER`], into a reused buffer.
pub fn fold_word_into(word: &str, normalizer: &mut SyllableNormalizer, folded: &mut String) {
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

/// Folded word → its most frequent spelling, that spelling's count, and the summed count.
type Entries = HashMap<String, (String, u64, u64)>;

/// The table of `word<TAB>count` lists and of lists of police terms, one a line (lines
/// starting with `#` are comments). Counts of words that fold alike (`mà`, `ma`, `má`) are
/// added up; police terms are words too, with no count of their own.
pub fn build(lists: &[&str], compound_lists: &[&str]) -> Result<Vec<u8>, DictionaryError> {
    let mut normalizer = SyllableNormalizer::new();
    let mut entries: Entries = HashMap::new();
    let mut syllable_counts: HashMap<String, u64> = HashMap::new();
    let mut spellings: Vec<u64> = Vec::new();
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
            if folded.is_empty() || folded.split(WORD_JOINER).count() > MAX_WORD_SYLLABLES {
                continue;
            }
            for syllable in folded.split(WORD_JOINER) {
                *syllable_counts.entry(syllable.to_owned()).or_default() += count;
            }
            if folded.contains(WORD_JOINER) && count > 0 {
                spellings.push(spelling_key_of(word, &mut normalizer));
            }
            let entry = entries
                .entry(folded.clone())
                .or_insert_with(|| (word.to_owned(), 0, 0));
            entry.2 += count;
            if count > entry.1 {
                entry.0 = word.to_owned();
                entry.1 = count;
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
            fold_word_into(word, &mut normalizer, &mut folded);
            let syllables = folded.split(WORD_JOINER).count();
            if folded.is_empty() || !(2..=MAX_COMPOUND_SYLLABLES).contains(&syllables) {
                return Err(DictionaryError::Compound {
                    line: at + 1,
                    text: line.to_owned(),
                });
            }
            for syllable in folded.split(WORD_JOINER) {
                syllable_counts.entry(syllable.to_owned()).or_default();
            }
            spellings.push(police_term_key(spelling_key_of(word, &mut normalizer)));
            entries
                .entry(folded.clone())
                .or_insert_with(|| (word.to_owned(), 0, 0));
            compound_words.push(folded.clone());
        }
    }
    Ok(lay_out(
        &number_syllables(syllable_counts),
        entries,
        &compound_words,
        spellings,
    ))
}

/// Numbers the syllables, the most frequent first; past [`MAX_SYLLABLES`] they are left
/// unknown.
fn number_syllables(counts: HashMap<String, u64>) -> Vec<String> {
    let mut by_count: Vec<(String, u64)> = counts.into_iter().collect();
    by_count.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    by_count
        .into_iter()
        .take(MAX_SYLLABLES)
        .map(|(syllable, _)| syllable)
        .collect()
}

/// The bytes of the table; see the module documentation.
fn lay_out(
    syllables: &[String],
    entries: Entries,
    compound_words: &[String],
    mut spellings: Vec<u64>,
) -> Vec<u8> {
    let ids: HashMap<&str, u32> = syllables
        .iter()
        .enumerate()
        .map(|(id, s)| (s.as_str(), id as u32))
        .collect();
    let numbers_of = |word: &str| -> Vec<u32> {
        word.split(WORD_JOINER)
            .map(|s| ids.get(s).copied().unwrap_or(UNKNOWN))
            .collect()
    };
    let mut single_log = vec![f64::NAN; syllables.len()];
    // Words of two to four syllables and the prefixes of longer ones, in trie order.
    let mut words: BTreeMap<Vec<u32>, f64> = BTreeMap::new();
    let mut total: u64 = 0;
    for (word, &(_, _, count)) in &entries {
        if count == 0 {
            continue;
        }
        total += count;
        let numbers = numbers_of(word);
        if numbers.len() == 1 {
            if let Some(slot) = single_log.get_mut(numbers[0] as usize) {
                *slot = (count as f64).ln();
            }
            continue;
        }
        if numbers.len() > MAX_WORD_SYLLABLES || numbers.contains(&UNKNOWN) {
            continue;
        }
        for prefix in 2..numbers.len() {
            words.entry(numbers[..prefix].to_vec()).or_insert(f64::NAN);
        }
        words.insert(numbers, (count as f64).ln());
    }

    let mut sections: Vec<Vec<u8>> = vec![Vec::new(); SECTIONS];
    let mut syllable_slots = vec![0u32; slot_count(syllables.len())];
    let syllable_bits = syllable_slots.len().trailing_zeros();
    for (id, syllable) in syllables.iter().enumerate() {
        sections[SYLLABLE_TEXT].extend_from_slice(syllable.as_bytes());
        let end = sections[SYLLABLE_TEXT].len() as u32;
        sections[SYLLABLE_ENDS].extend_from_slice(&end.to_le_bytes());
        let mut slot = slot_of(hash_bytes(syllable.as_bytes()), syllable_bits);
        while syllable_slots[slot] != 0 {
            slot = (slot + 1) % syllable_slots.len();
        }
        syllable_slots[slot] = id as u32 + 1;
    }
    for slot in syllable_slots {
        sections[SYLLABLE_SLOTS].extend_from_slice(&slot.to_le_bytes());
    }
    let first_children = lay_out_trie(syllables.len(), &words, &mut sections);
    // One more record closes the last syllable's children; its log is never read.
    let logs = single_log.into_iter().chain([f64::NAN]);
    for (log, start) in logs.zip(first_children) {
        let record = &mut sections[SYLLABLE_WORDS];
        record.extend_from_slice(&(log as f32).to_bits().to_le_bytes());
        record.extend_from_slice(&start.to_le_bytes());
    }

    let mut starts = vec![0u64; syllables.len().div_ceil(64)];
    let mut compounds: Vec<Vec<u32>> = compound_words.iter().map(|w| numbers_of(w)).collect();
    compounds.sort();
    compounds.dedup();
    for compound in &compounds {
        if let Some(&first) = compound.first().filter(|&&id| id != UNKNOWN) {
            starts[first as usize / 64] |= 1 << (first % 64);
        }
        let record = &mut sections[COMPOUNDS];
        record.extend_from_slice(&(compound.len() as u32).to_le_bytes());
        for at in 0..MAX_COMPOUND_SYLLABLES {
            let id = compound.get(at).copied().unwrap_or(UNKNOWN);
            record.extend_from_slice(&id.to_le_bytes());
        }
    }
    for bits in starts {
        sections[COMPOUND_STARTS].extend_from_slice(&bits.to_le_bytes());
    }

    let mut sorted: Vec<(String, (String, u64, u64))> = entries.into_iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let entry_count = sorted.len();
    for (folded, (spelling, _, count)) in sorted {
        let text = &mut sections[ENTRY_TEXT];
        text.extend_from_slice(folded.as_bytes());
        let folded_end = text.len() as u32;
        text.extend_from_slice(spelling.as_bytes());
        let spelling_end = text.len() as u32;
        let index = &mut sections[ENTRY_INDEX];
        index.extend_from_slice(&folded_end.to_le_bytes());
        index.extend_from_slice(&spelling_end.to_le_bytes());
        index.extend_from_slice(&count.to_le_bytes());
    }

    spellings.sort_unstable();
    spellings.dedup();
    let mut spelling_slots = vec![0u64; slot_count(spellings.len())];
    let spelling_bits = spelling_slots.len().trailing_zeros();
    for key in spellings {
        let key = key.max(1);
        let mut slot = slot_of(key, spelling_bits);
        while spelling_slots[slot] != 0 {
            slot = (slot + 1) % spelling_slots.len();
        }
        spelling_slots[slot] = key;
    }
    for slot in spelling_slots {
        sections[SPELLINGS].extend_from_slice(&slot.to_le_bytes());
    }

    let mut header = vec![
        MAGIC,
        VERSION,
        (total.max(1) as f64).ln().to_bits(),
        syllables.len() as u64,
        entry_count as u64,
    ];
    let mut offset = (HEADER_WORDS * 8) as u64;
    for section in &sections {
        header.push(offset);
        header.push(section.len() as u64);
        offset += section.len().next_multiple_of(8) as u64;
    }
    let mut bytes: Vec<u8> = header.iter().flat_map(|w| w.to_le_bytes()).collect();
    for section in sections {
        bytes.extend_from_slice(&section);
        // Every section starts on 8 bytes, as an array of its numbers would.
        bytes.resize(bytes.len().next_multiple_of(8), 0);
    }
    bytes
}

/// The word trie's sections from `words` (keys of two to four syllable numbers); returns
/// where each syllable's children start on the second level, and their end.
fn lay_out_trie(
    syllables: usize,
    words: &BTreeMap<Vec<u32>, f64>,
    sections: &mut [Vec<u8>],
) -> Vec<u32> {
    let levels: Vec<Vec<(&[u32], f64)>> = (2..=MAX_WORD_SYLLABLES)
        .map(|len| {
            words
                .iter()
                .filter(|(key, _)| key.len() == len)
                .map(|(key, &log)| (key.as_slice(), log))
                .collect()
        })
        .collect();
    for (level, nodes) in levels.iter().enumerate() {
        let [next, log] = [[L2_NEXT, L2_LOG], [L3_NEXT, L3_LOG], [L4_NEXT, L4_LOG]][level];
        for &(key, value) in nodes {
            let last = key[key.len() - 1] as u16;
            sections[next].extend_from_slice(&last.to_le_bytes());
            sections[log].extend_from_slice(&(value as f32).to_bits().to_le_bytes());
        }
    }
    // Children of a parent: the nodes of the next level whose key starts with its key.
    let starts = |nodes: &[(&[u32], f64)], parent: &[u32]| -> u32 {
        nodes.partition_point(|(key, _)| &key[..parent.len()] < parent) as u32
    };
    for (level, section) in [(1, L2_CHILDREN), (2, L3_CHILDREN)] {
        let mut offsets: Vec<u32> = levels[level - 1]
            .iter()
            .map(|(key, _)| starts(&levels[level], key))
            .collect();
        offsets.push(levels[level].len() as u32);
        sections[section].extend(offsets.iter().flat_map(|o| o.to_le_bytes()));
    }
    let mut first_children: Vec<u32> = (0..syllables as u32)
        .map(|id| starts(&levels[0], &[id]))
        .collect();
    first_children.push(levels[0].len() as u32);
    first_children
}

/// Hash slots for `n` keys: a power of two, at most three quarters full.
fn slot_count(n: usize) -> usize {
    (n * 4 / 3 + 1).next_power_of_two().max(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NEWS: &str = "# comment\nma túy\t10\nma tuý\t30\nmà\t7\ncông an\t20\ncông\t2\n\
                        an ninh trật tự\t5\ncơ quan chức năng điều tra\t9\n";
    const POLICE: &str = "# units\ncông an ma túy\n";

    fn table() -> WordTable<'static> {
        let bytes = build(&[NEWS], &[POLICE]).expect("lists are well-formed");
        WordTable::parse(Box::leak(bytes.into_boxed_slice())).expect("a table")
    }

    fn key(table: &WordTable, word: &str) -> Vec<u32> {
        word.split(' ').map(|s| table.syllable_id(s)).collect()
    }

    #[test]
    fn syllables_are_numbered_most_frequent_first_and_found_by_text() {
        let table = table();
        // ma: 10 + 30 + 7 = 47; an: 20 + 5; tuy: 40; cong: 22.
        assert_eq!(table.syllable_id("ma"), 0);
        assert_eq!(table.syllable_id("tuy"), 1);
        assert_eq!(table.syllable(0), "ma");
        assert_eq!(table.syllable(table.syllable_id("trat")), "trat");
        assert_eq!(table.syllable_id("xyz"), UNKNOWN);
        assert_eq!(table.syllable_id(""), UNKNOWN);
        // Words of more than four syllables are left out, police terms' syllables kept.
        assert_eq!(table.syllable_id("chuc"), UNKNOWN);
        assert_eq!(table.syllable_count(), 7);
    }

    #[test]
    fn words_fold_alike_and_sum_their_counts() {
        let table = table();
        // Log counts are kept to single precision.
        let stored = |count: f64| f64::from(count.ln() as f32);
        assert_eq!(table.word_log(&key(&table, "ma tuy")), Some(stored(40.0)));
        assert_eq!(table.single_log(table.syllable_id("ma")), stored(7.0));
        assert!(table.single_log(table.syllable_id("tuy")).is_nan());
        assert_eq!(table.find_entry("ma_tuy"), Some(("ma tuý", 40)));
        assert_eq!(
            table.find_entry("cong_an_ma_tuy"),
            Some(("công an ma túy", 0))
        );
        assert_eq!(table.find_entry("ma_tu"), None);
        assert_eq!(table.log_total(), (40f64 + 7.0 + 20.0 + 2.0 + 5.0).ln());
    }

    #[test]
    fn prefixes_of_long_words_are_in_the_trie_without_a_count() {
        let table = table();
        assert!(table
            .word_log(&key(&table, "an ninh"))
            .is_some_and(f64::is_nan));
        assert!(table
            .word_log(&key(&table, "an ninh trat"))
            .is_some_and(f64::is_nan));
        assert_eq!(
            table.word_log(&key(&table, "an ninh trat tu")),
            Some(f64::from(5f64.ln() as f32))
        );
        assert_eq!(table.word_log(&key(&table, "tuy ma")), None);
    }

    #[test]
    fn police_terms_by_their_first_syllable() {
        let table = table();
        let ids: Vec<u32> = ["cong", "an", "ma", "tuy"]
            .iter()
            .map(|s| table.syllable_id(s))
            .collect();
        assert!(table.starts_compound(ids[0]));
        assert!(!table.starts_compound(ids[1]));
        assert!(!table.starts_compound(UNKNOWN));
        let mut found = Vec::new();
        table.compounds_starting(&ids, |len| found.push(len));
        assert_eq!(found, [4]);
        found.clear();
        table.compounds_starting(&ids[..3], |len| found.push(len));
        table.compounds_starting(&ids[1..], |len| found.push(len));
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn entries_are_sorted_by_folded_word() {
        let table = table();
        let folded: Vec<&str> = (0..table.entry_count())
            .map(|at| table.entry(at).0)
            .collect();
        assert_eq!(
            folded,
            [
                "an_ninh_trat_tu",
                "cong",
                "cong_an",
                "cong_an_ma_tuy",
                "ma",
                "ma_tuy"
            ]
        );
    }

    #[test]
    fn damaged_bytes_are_an_error_not_a_panic() {
        let bytes = build(&[NEWS], &[POLICE]).expect("lists are well-formed");
        // The end of the last section (padding may follow it).
        let header = |at: usize| read_u64(&bytes, at * 8) as usize;
        let last_end = header(5 + 2 * (SECTIONS - 1)) + header(6 + 2 * (SECTIONS - 1));
        for len in [0, 7, HEADER_WORDS * 8, last_end - 1] {
            assert!(WordTable::parse(&bytes[..len]).is_err(), "{len} bytes");
        }
        let mut wrong_magic = bytes.clone();
        wrong_magic[0] ^= 1;
        assert_eq!(
            WordTable::parse(&wrong_magic).err(),
            Some(DictionaryError::Table("wrong magic or version"))
        );
        let mut far_section = bytes.clone();
        far_section[5 * 8..6 * 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(WordTable::parse(&far_section).is_err());
        // Syllable and entry counts that would overflow the sizes they imply.
        for (word, count) in [(3, u64::MAX), (3, 1 << 62), (4, u64::MAX), (4, 1 << 62)] {
            let mut huge_count = bytes.clone();
            huge_count[word * 8..word * 8 + 8].copy_from_slice(&count.to_le_bytes());
            assert!(
                WordTable::parse(&huge_count).is_err(),
                "header {word}: {count}"
            );
        }
    }

    /// A hash of syllables with no empty slot left (damaged) answers rather than loops.
    #[test]
    fn a_full_syllable_hash_does_not_loop() {
        let mut bytes = build(&[NEWS], &[POLICE]).expect("lists are well-formed");
        let header = |at: usize| read_u64(&bytes, at * 8) as usize;
        let (offset, len) = (
            header(5 + 2 * SYLLABLE_SLOTS),
            header(6 + 2 * SYLLABLE_SLOTS),
        );
        for slot in bytes[offset..offset + len].chunks_exact_mut(4) {
            slot.copy_from_slice(&1u32.to_le_bytes());
        }
        let table = WordTable::parse(&bytes).expect("sizes are intact");
        assert_eq!(table.syllable_id("zzz"), UNKNOWN);
    }

    fn spelled(table: &WordTable, word: &str) -> bool {
        let mut normalizer = SyllableNormalizer::new();
        table.has_spelling(spelling_key_of(word, &mut normalizer))
    }

    #[test]
    fn every_spelling_of_a_word_is_known_in_either_tone_placement() {
        let table = table();
        for word in ["ma túy", "ma tuý", "MA TUÝ", "công an", "an ninh trật tự"] {
            assert!(spelled(&table, word), "{word}");
        }
        // Police terms are kept apart: they are not words of the segmentation.
        let mut normalizer = SyllableNormalizer::new();
        let police = spelling_key_of("công an ma túy", &mut normalizer);
        assert!(!table.has_spelling(police));
        assert!(table.has_spelling(police_term_key(police)));
        // Folded alike, spelled otherwise: not a spelling of any word.
        for word in ["mà tùy", "ma tuy", "cống an", "an ninh"] {
            assert!(!spelled(&table, word), "{word}");
        }
        // Keys are made syllable by syllable.
        let (a, b) = (syllable_spelling("ma"), syllable_spelling("túy"));
        assert_ne!(
            spelling_key(spelling_key(0, a), b),
            spelling_key(spelling_key(0, b), a)
        );
    }

    #[test]
    fn a_police_term_of_one_syllable_names_its_line() {
        let err = build(&[NEWS], &["# c\nma túy\ncông\n"]).expect_err("one syllable");
        assert_eq!(
            err.to_string(),
            "line 3: a police term has 2 to 10 syllables, found \"công\""
        );
    }
}
