//! Writing a table: [`build`] from word lists, in the layout [`super`] reads.

use std::collections::{BTreeMap, HashMap};

use super::{
    fold_word_into, hash_bytes, police_term_key, slot_of, spelling_key, syllable_spelling,
    DictionaryError, COMPOUNDS, COMPOUND_STARTS, ENTRY_INDEX, ENTRY_TEXT, HEADER_WORDS,
    L2_CHILDREN, L2_LOG, L2_NEXT, L3_CHILDREN, L3_LOG, L3_NEXT, L4_LOG, L4_NEXT, MAGIC,
    MAX_COMPOUND_SYLLABLES, MAX_SYLLABLES, MAX_WORD_SYLLABLES, SECTIONS, SPELLINGS, SYLLABLE_ENDS,
    SYLLABLE_SLOTS, SYLLABLE_TEXT, SYLLABLE_WORDS, UNKNOWN, VERSION, WORD_JOINER,
};
use crate::normalize::SyllableNormalizer;

/// The key of a spelling written with spaces between its syllables, each normalized.
pub(super) fn spelling_key_of(word: &str, normalizer: &mut SyllableNormalizer) -> u64 {
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
