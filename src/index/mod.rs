//! The on-disk index: its schema, opening it, writing bulletins into it, and reading them
//! back (`stats`, `show`).

pub mod document;
pub mod ingest;
pub mod schema;
pub mod stats;

use std::path::{Path, PathBuf};

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use tantivy::directory::error::LockError;

use tantivy::schema::{Facet, Field};
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyError};

pub use schema::{build_schema, Fields};

/// Failures callers tell apart.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("no index at {0} (run `bantin ingest` first, or pass --index)")]
    Missing(PathBuf),
    #[error("{0} is not a bantin index (its schema lacks bantin's fields)")]
    Foreign(PathBuf),
    #[error("index {0} is locked: another `bantin ingest` is writing to it")]
    Locked(PathBuf),
    #[error("index {path}: {source}")]
    Tantivy {
        path: PathBuf,
        #[source]
        source: TantivyError,
    },
    #[error("index {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// An open bantin index with its fields resolved and the analyzer registered.
pub struct BantinIndex {
    pub index: Index,
    pub fields: Fields,
    pub path: PathBuf,
    /// Opened on the first search and kept: opening a reader costs milliseconds.
    reader: OnceLock<IndexReader>,
    /// Facet values per field, read once from the term dictionaries of `reader`.
    facet_values: Mutex<HashMap<Field, Arc<Vec<Facet>>>>,
}

impl BantinIndex {
    /// Opens the index in `dir`, creating it (and the directory) when there is none.
    pub fn open_or_create(dir: &Path) -> Result<BantinIndex, IndexError> {
        if dir.join("meta.json").exists() {
            return Self::open(dir);
        }
        std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
            path: dir.to_owned(),
            source,
        })?;
        let index = Index::create_in_dir(dir, build_schema())
            .map_err(|source| tantivy_error(dir, source))?;
        Self::wrap(index, dir)
    }

    /// A new index in memory, for benchmarks and tests.
    pub fn create_in_ram() -> BantinIndex {
        let index = Index::create_in_ram(build_schema());
        crate::text::register(&index);
        BantinIndex {
            fields: Fields::resolve(&index.schema())
                .expect("bantin's own schema has bantin's fields"),
            index,
            path: PathBuf::from("<memory>"),
            reader: OnceLock::new(),
            facet_values: Mutex::default(),
        }
    }

    /// Opens an existing index.
    pub fn open(dir: &Path) -> Result<BantinIndex, IndexError> {
        if !dir.join("meta.json").exists() {
            return Err(IndexError::Missing(dir.to_owned()));
        }
        let index = Index::open_in_dir(dir).map_err(|source| tantivy_error(dir, source))?;
        Self::wrap(index, dir)
    }

    fn wrap(index: Index, dir: &Path) -> Result<BantinIndex, IndexError> {
        let fields =
            Fields::resolve(&index.schema()).ok_or_else(|| IndexError::Foreign(dir.to_owned()))?;
        crate::text::register(&index);
        Ok(BantinIndex {
            index,
            fields,
            path: dir.to_owned(),
            reader: OnceLock::new(),
            facet_values: Mutex::default(),
        })
    }

    /// A searcher on the index as it was when first asked (reloaded only by reopening), for
    /// searching and reading. Writers count documents with their own fresh reader.
    pub fn searcher(&self) -> Result<Searcher, IndexError> {
        if let Some(reader) = self.reader.get() {
            return Ok(reader.searcher());
        }
        let reader = self
            .index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(|source| tantivy_error(&self.path, source))?;
        Ok(self.reader.get_or_init(|| reader).searcher())
    }

    /// Every facet value indexed in `field`, at every depth, sorted (empty when the index
    /// cannot be read). Read once per open index from the term dictionaries.
    pub fn facet_values(&self, field: Field) -> Arc<Vec<Facet>> {
        let mut cache = self
            .facet_values
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(values) = cache.get(&field) {
            return Arc::clone(values);
        }
        let values = Arc::new(
            self.searcher()
                .map(|s| read_facet_values(&s, field))
                .unwrap_or_default(),
        );
        cache.insert(field, Arc::clone(&values));
        values
    }

    /// The top-level facet values of `field` (`/Thanh Hóa`, `/Bộ Công an`, `/2024`).
    pub fn top_level_facets(&self, field: Field) -> Vec<Facet> {
        self.facet_values(field)
            .iter()
            .filter(|f| f.to_path().len() == 1)
            .cloned()
            .collect()
    }

    /// Bytes the index takes on disk.
    pub fn size_on_disk(&self) -> u64 {
        directory_size(&self.path)
    }
}

fn read_facet_values(searcher: &Searcher, field: Field) -> Vec<Facet> {
    let mut facets = Vec::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().stream() else {
            continue;
        };
        while stream.advance() {
            match Facet::from_encoded(stream.key().to_vec()) {
                Ok(facet) if !facet.is_root() => facets.push(facet),
                _ => {}
            }
        }
    }
    facets.sort();
    facets.dedup();
    facets
}

/// Maps tantivy's lock error to [`IndexError::Locked`], anything else to `Tantivy`.
pub fn tantivy_error(path: &Path, source: TantivyError) -> IndexError {
    match source {
        TantivyError::LockFailure(LockError::LockBusy, _) => IndexError::Locked(path.to_owned()),
        source => IndexError::Tantivy {
            path: path.to_owned(),
            source,
        },
    }
}

/// Bytes of all files below `dir`.
pub fn directory_size(dir: &Path) -> u64 {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    entries
        .filter_map(Result::ok)
        .map(|entry| match entry.metadata() {
            Ok(meta) if meta.is_dir() => directory_size(&entry.path()),
            Ok(meta) => meta.len(),
            Err(_) => 0,
        })
        .sum()
}
