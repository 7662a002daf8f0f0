//! Segmentation: the lattice against jieba-rs, names, sub-words and police terms.

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
    let nfd: String =
        unicode_normalization::UnicodeNormalization::nfd("Công an tỉnh Thanh Hóa bắt giữ ma túy")
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
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/vietnews.jsonl.xz");
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
