//! What the index holds before an ingest run: each bulletin's content hash by id, and each
//! plain-text file's bulletin by path.

use std::collections::HashMap;

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
        let searcher = index.index.reader().map_err(err)?.searcher();
        let mut known = Known {
            by_id: HashMap::with_capacity(searcher.num_docs() as usize),
            by_source: HashMap::with_capacity(searcher.num_docs() as usize),
            searcher: searcher.clone(),
        };
        let mut id = String::new();
        let mut source = String::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let (Some(ids), Some(sources)) = (
                fast.str(names::ID).map_err(err)?,
                fast.str(names::SOURCE).map_err(err)?,
            ) else {
                continue;
            };
            let hashes = fast.u64(names::CONTENT_HASH).map_err(err)?;
            for doc in segment.doc_ids_alive() {
                let Some(id_ord) = ids.term_ords(doc).next() else {
                    continue;
                };
                id.clear();
                ids.ord_to_str(id_ord, &mut id).map_err(|e| err(e.into()))?;
                let id_key = stable_hash(&id);
                known
                    .by_id
                    .insert(id_key, hashes.first(doc).unwrap_or_default());
                if let Some(source_ord) = sources.term_ords(doc).next() {
                    source.clear();
                    sources
                        .ord_to_str(source_ord, &mut source)
                        .map_err(|e| err(e.into()))?;
                    known.by_source.insert(stable_hash(&source), id_key);
                }
            }
        }
        Ok(known)
    }
}
