//! The word dictionary: the table built into the binary, or one built from lists.

use std::sync::OnceLock;

use bantin_word_table::{WordTable, UNKNOWN};
use jieba_rs::Jieba;

use super::{DictionaryError, MAX_WORD_SYLLABLES, WORD_JOINER};

/// The table `build.rs` made from `dictionary/vietnews-words.tsv.gz` and
/// `dictionary/police-words.txt`.
const EMBEDDED_TABLE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/words.table"));

/// The word dictionary: syllables numbered, words as keys of their numbers, read in place
/// from a [`WordTable`].
pub struct WordDictionary {
    pub(super) table: WordTable<'static>,
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
    pub(super) fn id(&self, folded_syllable: &str) -> u32 {
        self.table.syllable_id(folded_syllable)
    }

    /// jieba-rs with the same words, each syllable interned as a CJK code point (indexed by
    /// syllable number).
    pub(super) fn jieba(&self) -> &(Jieba, Vec<char>) {
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
