//! The on-disk index: its schema, opening it, writing bulletins into it, and reading them
//! back (`stats`, `show`).

pub mod document;
pub mod ingest;
pub mod schema;
pub mod stats;

use std::path::{Path, PathBuf};

use std::sync::OnceLock;
use tantivy::directory::error::LockError;

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

    /// Bytes the index takes on disk.
    pub fn size_on_disk(&self) -> u64 {
        directory_size(&self.path)
    }
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
