//! Tests of `word_tokenizer`.

use super::*;

fn tokens(tokenizer: &mut impl Tokenizer, text: &str) -> Vec<(usize, usize, usize, String)> {
    let mut stream = tokenizer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.position, t.offset_from, t.offset_to, t.text.clone()));
    }
    out
}

fn words(text: &str) -> Vec<(usize, usize, usize, String)> {
    tokens(&mut VietnameseWordTokenizer::new(), text)
        .into_iter()
        .filter(|t| t.3.contains(WORD_JOINER))
        .collect()
}

#[test]
fn syllable_tokens_are_those_of_the_syllable_tokenizer() {
    let seeds = std::fs::read_dir(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds"),
    )
    .expect("seed fixtures");
    let mut texts: Vec<String> = seeds
        .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("seed text"))
        .collect();
    texts.push("ma 😀 túy 公安, 12-NQ/TW; TP.HCM  Công an\u{a0}Ninh Bình\n\nan ninh".into());
    texts.push(String::new());
    let mut word_tokenizer = VietnameseWordTokenizer::new();
    let mut found_words = 0;
    for text in &texts {
        let with_words = tokens(&mut word_tokenizer, text);
        let (words, syllables): (Vec<_>, Vec<_>) = with_words
            .into_iter()
            .partition(|t| t.3.contains(WORD_JOINER));
        found_words += words.len();
        assert_eq!(syllables, tokens(&mut VietnameseTokenizer::new(), text));
    }
    assert!(found_words > 100, "{found_words} word tokens in the seeds");
}

#[test]
fn a_word_sits_at_its_first_syllable_and_spans_the_word() {
    let text = "Công an tỉnh Thanh Hoá bắt ma tuý";
    assert_eq!(
        words(text),
        [
            (0, 0, 8, "cong_an".into()),
            (3, 16, 26, "thanh_hoa".into()),
            (6, 33, 40, "ma_tuy".into()),
        ]
    );
    assert_eq!(&text[16..26], "Thanh Hoá");
    assert_eq!(&text[33..40], "ma tuý");
}

#[test]
fn an_unaccented_word_has_one_term() {
    assert_eq!(words("an ninh"), [(0, 0, 7, "an_ninh".into())]);
}

#[test]
fn a_name_after_a_unit_is_not_a_word_across_them() {
    // `an ninh` (security) is not in `Công an Ninh Bình` (Ninh Bình police).
    let found = words("Công an Ninh Bình");
    assert!(found.iter().all(|t| !t.3.contains("an_ninh")), "{found:?}");
    assert!(found.iter().any(|t| t.3 == "ninh_binh"), "{found:?}");
}

#[test]
fn punctuation_and_line_breaks_end_words() {
    assert!(words("công an, ninh").iter().all(|t| t.3 != "an_ninh"));
    assert!(words("ma\ntúy").is_empty());
    assert!(words("ma-túy").is_empty());
}

#[test]
fn nfd_text_gives_the_same_words_with_offsets_into_it() {
    let nfd: String = unicode_normalization::UnicodeNormalization::nfd("bắt ma túy").collect();
    let found = words(&nfd);
    let texts: Vec<&str> = found.iter().map(|t| t.3.as_str()).collect();
    assert_eq!(texts, ["ma_tuy"]);
    assert_eq!(
        &nfd[found[0].1..found[0].2],
        &nfd[nfd.len() - found[0].2 + found[0].1..]
    );
}

/// Word tokens come after the next run's first syllable: the index must still get each
/// word's positions in order, in every value of a field.
#[test]
fn word_positions_reach_the_index_in_order() {
    use tantivy::postings::Postings;
    use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
    use tantivy::DocSet;
    let mut builder = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(crate::text::TOKENIZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let field = builder.add_text_field(
        "text",
        TextOptions::default().set_indexing_options(indexing),
    );
    let index = tantivy::Index::create_in_ram(builder.build());
    crate::text::register(&index);
    let mut writer: tantivy::IndexWriter = index
        .writer_with_num_threads(1, 15_000_000)
        .expect("writer");
    writer
        .add_document(tantivy::doc!(field => "ma túy ma túy, bắt ma túy. Ma túy"))
        .expect("add");
    writer
        .add_document(tantivy::doc!(field => "tàng trữ ma túy", field => "ma tuý"))
        .expect("add");
    writer.commit().expect("commit");
    let searcher = index.reader().expect("reader").searcher();
    let inverted = searcher
        .segment_reader(0)
        .inverted_index(field)
        .expect("inverted");
    let term = tantivy::Term::from_field_text(field, "ma_tuy");
    let mut postings = inverted
        .read_postings(&term, IndexRecordOption::WithFreqsAndPositions)
        .expect("read")
        .expect("ma_tuy is indexed");
    let mut positions = Vec::new();
    postings.positions(&mut positions);
    assert_eq!((postings.doc(), positions.as_slice()), (0, &[0][..]));
    postings.advance();
    postings.positions(&mut positions);
    assert_eq!(postings.doc(), 1);
    assert_eq!(positions.len(), 2, "{positions:?}");
    assert!(positions[0] == 2 && positions[1] > 3, "{positions:?}");
}

/// Nothing reads how often a text holds a word, only whether it does: a word repeated in
/// one text is one term, which spares the index a token per repetition.
#[test]
fn a_word_is_given_once_per_text() {
    let found = words("Ma túy, ma tuý và ma tuy. Bắt giữ ma túy");
    let texts: Vec<&str> = found.iter().map(|t| t.3.as_str()).collect();
    assert_eq!(texts, ["ma_tuy", "bat_giu"]);
    assert_eq!(found[0].0, 0);
    // A new text starts afresh.
    assert_eq!(words("ma túy").len(), 1);
}

/// Two words with one hash (a crafted text can make them) are both given.
#[test]
fn a_word_whose_hash_another_holds_is_not_lost() {
    let mut seen = SeenWords::default();
    assert!(seen.first_time("an_ninh"));
    assert!(!seen.first_time("an_ninh"));
    let mut hasher = FxHasher::default();
    "ma_tuy".hash(&mut hasher);
    // Pretend `an_ninh`'s text sits under `ma_tuy`'s hash.
    seen.by_hash.insert(hasher.finish(), (0, "an_ninh".len()));
    assert!(seen.first_time("ma_tuy"));
    assert!(seen.first_time("ma_tuy"));
}

#[test]
fn a_police_charge_and_the_words_in_it() {
    let found = words("bị bắt về tội tàng trữ trái phép chất ma túy.");
    let texts: Vec<&str> = found.iter().map(|t| t.3.as_str()).collect();
    for expected in [
        "tang_tru_trai_phep_chat_ma_tuy",
        "tang_tru",
        "trai_phep",
        "ma_tuy",
    ] {
        assert!(texts.contains(&expected), "{expected} in {texts:?}");
    }
}
