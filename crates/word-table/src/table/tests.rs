//! Tables built from small lists, read back.

use super::write::spelling_key_of;
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
