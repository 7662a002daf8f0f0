//! How the bulletins of an index write a word: `Việt Nam` and `Nghệ An` as names, `ma túy`
//! in lowercase, read from a few bulletins that hold it, for lists of an index's words
//! (`bantin stats --words`) whose terms are folded and lowercase.

use tantivy::collector::TopDocs;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{TantivyDocument, Term};

use super::significant_words::{is_written_as_name, tidy};
use super::{Matching, SearchError};
use crate::index::document::StoredBulletin;
use crate::index::words::word_term;
use crate::index::{tantivy_error, BantinIndex};

/// Bulletins read per word.
const SAMPLED: usize = 12;
/// Bytes of a body read per bulletin.
const BODY_BYTES: usize = 4 * 1024;

/// `word` (its usual lowercase spelling) as most sampled bulletins holding it write it: as
/// a name when most write every syllable capitalized (a bulletin that writes it in
/// lowercase anywhere counts for lowercase, one that writes it in capitals only counts for
/// neither), else `word` as given.
pub fn as_written(index: &BantinIndex, word: &str) -> Result<String, SearchError> {
    let err = |source| tantivy_error(&index.path, source);
    let searcher = index.searcher()?;
    let query = TermQuery::new(
        Term::from_field_text(index.fields.text, &word_term(word)),
        IndexRecordOption::Basic,
    );
    let top = searcher
        .search(&query, &TopDocs::with_limit(SAMPLED).order_by_score())
        .map_err(err)?;
    let highlighter = super::query_highlighter(index, &format!("\"{word}\""), Matching::Words)?;
    let (mut bulletins, mut as_names, mut in_capitals) = (0u32, 0u32, 0u32);
    let mut first_name: Option<String> = None;
    for (_, address) in top {
        let doc: TantivyDocument = searcher.doc(address).map_err(err)?;
        let stored = StoredBulletin::from_document(&doc, &index.fields);
        let head = crate::text::head(&stored.body, BODY_BYTES);
        let writings: Vec<&str> = [stored.title.as_str(), head]
            .into_iter()
            .flat_map(|text| {
                highlighter
                    .highlights(text, false)
                    .into_iter()
                    .filter_map(move |[start, end]| text.get(start..end))
            })
            .collect();
        if writings.is_empty() {
            continue;
        }
        bulletins += 1;
        if writings
            .iter()
            .any(|w| w.chars().any(char::is_lowercase) && !is_written_as_name(w))
        {
            continue;
        }
        match writings.iter().find(|w| is_written_as_name(w)) {
            Some(name) => {
                as_names += 1;
                first_name.get_or_insert_with(|| tidy(name));
            }
            None => in_capitals += 1,
        }
    }
    let named = as_names * 2 > bulletins - in_capitals;
    Ok(match first_name {
        Some(name) if named => name,
        _ => word.to_owned(),
    })
}
