//! What the index holds before an ingest run: each bulletin's content hash by id, and each
//! plain-text file's bulletin by path.

use std::collections::HashMap;

use tantivy::columnar::StrColumn;
use tantivy::Searcher;

use crate::bulletin::stable_hash;
use crate::index::schema::names;
use crate::index::{tantivy_error, BantinIndex, IndexError};

/// What the index already holds: id → content hash, and source → id (as stable hashes, so
/// a million documents cost tens of megabytes, not hundreds).
pub(super) struct Known {
    pub(super) by_id: HashMap<u64, u64>,
    pub(super) by_source: HashMap<u64, u64>,
    /// The index as it was loaded, to read a stored source back.
    pub(super) searcher: Searcher,
}

impl Known {
    pub(super) fn load(index: &BantinIndex) -> Result<Known, IndexError> {
        let err = |source| tantivy_error(&index.path, source);
        let io_err = |source: std::io::Error| err(source.into());
        let searcher = index.index.reader().map_err(err)?.searcher();
        let mut known = Known {
            by_id: HashMap::with_capacity(searcher.num_docs() as usize),
            by_source: HashMap::with_capacity(searcher.num_docs() as usize),
            searcher: searcher.clone(),
        };
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let (Some(ids), Some(sources)) = (
                fast.str(names::ID).map_err(err)?,
                fast.str(names::SOURCE).map_err(err)?,
            ) else {
                continue;
            };
            let hashes = fast.u64(names::CONTENT_HASH).map_err(err)?;
            let id_keys = keys_by_ord(&ids).map_err(io_err)?;
            let source_keys = keys_by_ord(&sources).map_err(io_err)?;
            let key = |column: &StrColumn, keys: &[u64], doc| {
                let ord = column.term_ords(doc).next()?;
                keys.get(usize::try_from(ord).ok()?).copied()
            };
            for doc in segment.doc_ids_alive() {
                let Some(id_key) = key(&ids, &id_keys, doc) else {
                    continue;
                };
                known
                    .by_id
                    .insert(id_key, hashes.first(doc).unwrap_or_default());
                if let Some(source_key) = key(&sources, &source_keys, doc) {
                    known.by_source.insert(source_key, id_key);
                }
            }
        }
        Ok(known)
    }
}

/// The stable hash of every term of a segment's string column, by term ordinal: the
/// dictionary read once in order, where looking each document's term up by its ordinal
/// would decode a block of the dictionary per document.
fn keys_by_ord(column: &StrColumn) -> std::io::Result<Vec<u64>> {
    let dictionary = column.dictionary();
    let mut keys = Vec::with_capacity(dictionary.num_terms());
    let mut terms = dictionary.stream()?;
    while terms.advance() {
        keys.push(stable_hash(terms.key()));
    }
    Ok(keys)
}
