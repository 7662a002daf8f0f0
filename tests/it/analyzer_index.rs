//! A round trip through a real index and the product's own search: what users type finds
//! what bulletins say.

use bantin::index::BantinIndex;
use bantin::search::{search, FilterSpec, Matching, SearchRequest};
use unicode_normalization::UnicodeNormalization;

use crate::common::Fixture;

/// An index open in this process, and the directory that holds it.
struct Searchable {
    _fixture: Fixture,
    index: BantinIndex,
}

/// One bulletin per body, ids `b0`, `b1`, ... in order.
fn fixture(bodies: &[&str]) -> Searchable {
    let fixture = Fixture::build()
        .lines(bodies.iter().enumerate().map(|(i, body)| {
            serde_json::json!({"id": format!("b{i}"), "title": format!("Tin {i}"), "body": body})
        }))
        .ingest();
    let index = BantinIndex::open(&fixture.index).expect("index opens");
    Searchable {
        _fixture: fixture,
        index,
    }
}

/// The ids `search` ranks for `typed`, best first.
fn found(fixture: &Searchable, typed: &str) -> Vec<String> {
    found_by(fixture, typed, Matching::Words)
}

/// The same, with the query's words matched as `matching` says.
fn found_by(fixture: &Searchable, typed: &str, matching: Matching) -> Vec<String> {
    let request = SearchRequest {
        query: typed.to_owned(),
        matching,
        filters: FilterSpec::default(),
        sort: None,
        limit: 10,
        offset: 0,
        snippets: 0,
        facets: false,
        collapse: true,
    };
    search(&fixture.index, &request)
        .expect("search runs")
        .hits
        .into_iter()
        .map(|hit| hit.id)
        .collect()
}

#[test]
fn every_spelling_of_ma_tuy_finds_ma_tuy() {
    let fixture = fixture(&[
        "Tội phạm về ma túy đã được kiểm soát.",
        "Bảo đảm trật tự xã hội.",
    ]);
    let nfd: String = "ma túy".nfd().collect();
    for typed in ["ma tuy", "MA TÚY", "ma tuý", "Ma Túy", nfd.as_str()] {
        assert_eq!(found(&fixture, typed), ["b0"], "{typed:?}");
    }
}

#[test]
fn decomposed_document_is_found_by_composed_query() {
    let nfd: String = "Tội phạm về ma tuý".nfd().collect();
    let fixture = fixture(&[&nfd]);
    assert_eq!(found(&fixture, "ma túy"), ["b0"]);
    assert_eq!(found(&fixture, "ma tuy"), ["b0"]);
}

#[test]
fn phrase_an_ninh_trat_tu_matches_exact_and_folded() {
    let fixture = fixture(&[
        "kiểm tra mô hình điển hình về an ninh trật tự và văn minh đô thị",
        "trật tự an ninh được giữ vững",
    ]);
    assert_eq!(found(&fixture, "\"an ninh trật tự\""), ["b0"]);
    assert_eq!(found(&fixture, "\"an ninh trat tu\""), ["b0"]);
    // Typed as free words, they are one term of the police vocabulary: only where it
    // stands. Its syllables anywhere match both, the one where they stand together first.
    assert_eq!(found(&fixture, "an ninh trat tu"), ["b0"]);
    assert_eq!(
        found_by(&fixture, "an ninh trat tu", Matching::Syllables),
        ["b0", "b1"]
    );
}

#[test]
fn accented_query_ranks_duong_above_duong() {
    // Accents never narrow the match (an unaccented bulletin must be found), they rank.
    let fixture = fixture(&["tuyến đường ven biển", "tỉnh Bình Dương"]);
    assert_eq!(found(&fixture, "đường"), ["b0", "b1"]);
    assert_eq!(found(&fixture, "dương"), ["b1", "b0"]);
    let mut either = found(&fixture, "duong");
    either.sort();
    assert_eq!(either, ["b0", "b1"]);
}

#[test]
fn document_code_is_found_by_phrase() {
    let fixture = fixture(&[
        "theo Nghị quyết số 12-NQ/TW của Bộ Chính trị",
        "Đề án 06/CP",
    ]);
    assert_eq!(found(&fixture, "12-NQ/TW"), ["b0"]);
    assert_eq!(found(&fixture, "nq tw"), ["b0"]);
    assert_eq!(found(&fixture, "06/CP"), ["b1"]);
}
