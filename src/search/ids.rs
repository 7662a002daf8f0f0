//! The ids of every bulletin a query matches, without filters: the set whose size `search`
//! reports as its total, for measuring it against readers' labels (`bantin eval matches`).

use std::collections::HashSet;

use tantivy::collector::DocSetCollector;

use super::build::QueryBuilder;
use super::plan::matched_clauses;
use super::{parse, query_words, Matching, SearchError};
use crate::index::schema::names;
use crate::index::{tantivy_error, BantinIndex};

/// Every bulletin `query` matches (no filters), by id, and the matching used: the set
/// whose size `search` reports as the total, for measuring it against labels.
pub fn matching_ids(
    index: &BantinIndex,
    query: &str,
    matching: Matching,
) -> Result<(Matching, HashSet<String>), SearchError> {
    let err = |source| tantivy_error(&index.path, source);
    let parsed = parse::parse_query(query)?;
    let searcher = index.searcher()?;
    let builder = QueryBuilder::new(&index.fields, query);
    let joined = matched_clauses(index, &searcher, parsed.clone(), matching);
    let Some(text_query) = builder.build(&joined) else {
        return Err(SearchError::NothingToSearch {
            query: query.to_owned(),
        });
    };
    let mut found = searcher
        .search(&text_query, &DocSetCollector)
        .map_err(err)?;
    let mut used = matching;
    if found.is_empty() && query_words::has_joined(&joined) {
        if let Some(broad) = builder.build(&parsed) {
            used = Matching::Syllables;
            found = searcher.search(&broad, &DocSetCollector).map_err(err)?;
        }
    }
    let mut ids = HashSet::with_capacity(found.len());
    let mut id = String::new();
    for address in found {
        let reader = searcher.segment_reader(address.segment_ord);
        let Some(column) = reader.fast_fields().str(names::ID).map_err(err)? else {
            continue;
        };
        let first = column.term_ords(address.doc_id).next();
        if let Some(ord) = first {
            id.clear();
            column.ord_to_str(ord, &mut id).map_err(|e| err(e.into()))?;
            ids.insert(id.clone());
        }
    }
    Ok((used, ids))
}
