//! A round trip through an in-RAM tantivy index: what users type finds what bulletins say.

use bantin::text::{analyze, has_diacritics, register, TOKENIZER_NAME};
use tantivy::collector::Count;
use tantivy::query::{PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
use tantivy::{doc, Index, Term};
use unicode_normalization::UnicodeNormalization;

struct Fixture {
    index: Index,
    body: Field,
}

fn fixture(bodies: &[&str]) -> Fixture {
    let mut schema = Schema::builder();
    let indexing = TextFieldIndexing::default()
        .set_tokenizer(TOKENIZER_NAME)
        .set_index_option(IndexRecordOption::WithFreqsAndPositions);
    let body = schema.add_text_field(
        "body",
        TextOptions::default().set_indexing_options(indexing),
    );
    let index = Index::create_in_ram(schema.build());
    register(&index);
    let mut writer = index
        .writer_with_num_threads(1, 20_000_000)
        .expect("writer");
    for text in bodies {
        writer.add_document(doc!(body => *text)).expect("add");
    }
    writer.commit().expect("commit");
    Fixture { index, body }
}

/// The query a user's words become at the simplest: exact terms when typed with accents,
/// folded terms otherwise; one term alone, several as a phrase.
fn query_for(fixture: &Fixture, typed: &str) -> Box<dyn Query> {
    let exact = has_diacritics(typed);
    let terms: Vec<Term> = analyze(typed)
        .iter()
        .map(|t| {
            let text = if exact {
                t.exact_term()
            } else {
                t.folded_term()
            };
            Term::from_field_text(fixture.body, &text)
        })
        .collect();
    if terms.len() == 1 {
        Box::new(TermQuery::new(
            terms[0].clone(),
            IndexRecordOption::WithFreqs,
        ))
    } else {
        Box::new(PhraseQuery::new(terms))
    }
}

fn hits(fixture: &Fixture, typed: &str) -> usize {
    let reader = fixture.index.reader().expect("reader");
    reader
        .searcher()
        .search(query_for(fixture, typed).as_ref(), &Count)
        .expect("search")
}

#[test]
fn every_spelling_of_ma_tuy_finds_ma_tuy() {
    let fixture = fixture(&[
        "Tội phạm về ma túy đã được kiểm soát.",
        "Bảo đảm trật tự xã hội.",
    ]);
    let nfd: String = "ma túy".nfd().collect();
    for typed in ["ma tuy", "MA TÚY", "ma tuý", "Ma Túy", nfd.as_str()] {
        assert_eq!(hits(&fixture, typed), 1, "{typed:?}");
    }
}

#[test]
fn decomposed_document_is_found_by_composed_query() {
    let nfd: String = "Tội phạm về ma tuý".nfd().collect();
    let fixture = fixture(&[&nfd]);
    assert_eq!(hits(&fixture, "ma túy"), 1);
    assert_eq!(hits(&fixture, "ma tuy"), 1);
}

#[test]
fn phrase_an_ninh_trat_tu_matches_exact_and_folded() {
    let fixture = fixture(&[
        "kiểm tra mô hình điển hình về an ninh trật tự và văn minh đô thị",
        "trật tự an ninh được giữ vững",
    ]);
    assert_eq!(hits(&fixture, "an ninh trật tự"), 1);
    assert_eq!(hits(&fixture, "an ninh trat tu"), 1);
}

#[test]
fn exact_query_tells_duong_from_duong() {
    let fixture = fixture(&["tuyến đường ven biển", "tỉnh Bình Dương"]);
    assert_eq!(hits(&fixture, "đường"), 1);
    assert_eq!(hits(&fixture, "dương"), 1);
    assert_eq!(hits(&fixture, "duong"), 2);
}

#[test]
fn document_code_is_found_by_phrase() {
    let fixture = fixture(&[
        "theo Nghị quyết số 12-NQ/TW của Bộ Chính trị",
        "Đề án 06/CP",
    ]);
    assert_eq!(hits(&fixture, "12-NQ/TW"), 1);
    assert_eq!(hits(&fixture, "nq tw"), 1);
    assert_eq!(hits(&fixture, "06/CP"), 1);
}
