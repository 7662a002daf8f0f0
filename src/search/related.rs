//! Bulletins like a bulletin ("Bản tin liên quan"): tantivy's more-like-this over its title
//! and the head of its body, analyzed as the index analyzes them (syllables and words), so
//! the terms it picks are the bulletin's most telling ones by tf-idf.

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue};
use tantivy::{TantivyDocument, Term};

use crate::index::document::StoredBulletin;
use crate::index::{tantivy_error, BantinIndex, IndexError};

/// How much of a body the query is drawn from: facts and names stand at the head.
const BODY_BYTES: usize = 8 * 1024;

/// Terms the query holds at most.
const QUERY_TERMS: usize = 30;

/// A bulletin like another, as listed.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Related {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    pub province: Option<Vec<String>>,
}

/// Up to `limit` bulletins most like `bulletin`, itself left out.
pub fn related(
    index: &BantinIndex,
    bulletin: &StoredBulletin,
    limit: usize,
) -> Result<Vec<Related>, IndexError> {
    let err = |source| tantivy_error(&index.path, source);
    let searcher = index.searcher()?;
    let head = crate::text::head(&bulletin.body, BODY_BYTES);
    let like = MoreLikeThisQuery::builder()
        .with_min_doc_frequency(2)
        .with_max_doc_frequency((searcher.num_docs() / 5).max(2))
        .with_min_term_frequency(1)
        .with_max_query_terms(QUERY_TERMS)
        .with_document_fields(vec![(
            index.fields.text,
            vec![
                OwnedValue::Str(bulletin.title.clone()),
                OwnedValue::Str(head.to_owned()),
            ],
        )]);
    let itself = TermQuery::new(
        Term::from_field_text(index.fields.id, &bulletin.id),
        IndexRecordOption::Basic,
    );
    let query = BooleanQuery::new(vec![
        (Occur::Must, Box::new(like) as Box<dyn Query>),
        (Occur::MustNot, Box::new(itself)),
    ]);
    let top = searcher
        .search(&query, &TopDocs::with_limit(limit).order_by_score())
        .map_err(err)?;
    let mut found = Vec::with_capacity(top.len());
    for (_, address) in top {
        let doc: TantivyDocument = searcher.doc(address).map_err(err)?;
        let stored = StoredBulletin::from_document(&doc, &index.fields);
        found.push(Related {
            id: stored.id,
            title: stored.title,
            date: stored.date,
            province: stored.province,
        });
    }
    Ok(found)
}
