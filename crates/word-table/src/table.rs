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

mod write;

pub use write::build;

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

#[cfg(test)]
mod tests;
