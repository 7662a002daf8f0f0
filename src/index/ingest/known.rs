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
    /// Also what this run wrote, so that one map serves both.
    pub(super) by_id: HashMap<u64, Held>,
    pub(super) by_source: HashMap<u64, u64>,
    /// The index as it was loaded, to read a stored source back.
    pub(super) searcher: Searcher,
}

impl Known {
    pub(super) fn load(index: &BantinIndex) -> Result<Known, IndexError> {
        let err = |source| tantivy_error(&index.path, source);
        let io_err = |source: std::io::Error| err(source.into());
        let searcher = index.fresh_reader()?.searcher();
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
                    .insert(id_key, Held::loaded(hashes.first(doc).unwrap_or_default()));
                if let Some(source_key) = key(&sources, &source_keys, doc) {
                    known.by_source.insert(source_key, id_key);
                }
            }
        }
        Ok(known)
    }
}

/// A bulletin the index holds: its content hash, and whether this run wrote it (the top
/// bit, ignored when contents are compared: two contents differing only there pass for
/// one, a chance of one in 2^63).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Held(u64);

impl Held {
    const WRITTEN: u64 = 1 << 63;

    /// Held before this run.
    pub(super) fn loaded(content_hash: u64) -> Held {
        Held(content_hash & !Held::WRITTEN)
    }

    /// Written by this run.
    pub(super) fn written(content_hash: u64) -> Held {
        Held(content_hash | Held::WRITTEN)
    }

    pub(super) fn same_content(self, content_hash: u64) -> bool {
        (self.0 ^ content_hash) & !Held::WRITTEN == 0
    }

    pub(super) fn by_this_run(self) -> bool {
        self.0 & Held::WRITTEN != 0
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

#[cfg(test)]
mod tests {
    use super::Held;

    #[test]
    fn held_tells_contents_apart_and_remembers_what_this_run_wrote() {
        let hash = 0x8123_4567_89ab_cdef;
        let (loaded, written) = (Held::loaded(hash), Held::written(hash));
        assert!(loaded.same_content(hash) && written.same_content(hash));
        assert!(!loaded.same_content(hash ^ 1) && !written.same_content(hash ^ 1));
        assert!(!loaded.by_this_run() && written.by_this_run());
        assert!(
            Held::written(0x0123).same_content(0x0123) && Held::loaded(0x0123).same_content(0x0123)
        );
    }
}
