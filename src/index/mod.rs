//! The on-disk index: its schema, opening it, writing bulletins into it, and reading them
//! back (`stats`, `show`).

pub mod allocator;
pub mod check;
pub mod document;
mod error;
mod files;
pub mod in_flight;
pub mod ingest;
pub mod ingest_runs;
pub mod positioned;
pub mod read_only;
pub mod schema;
pub mod stats;
mod store_guard;
pub mod stories;
pub mod words;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use tantivy::directory::MmapDirectory;
use tantivy::schema::{Facet, Field};
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy, Searcher, TantivyError};

pub use error::{tantivy_error, IndexError, REBUILD_ADVICE};
pub use files::{directory_size, lost_file_list, restore_file_list, FILE_LIST};
pub use schema::{build_schema, Fields};

use crate::search::WordsCache;
use files::segment_of_file;
use store_guard::StoreChecked;

/// The name of a file in `dir` that is not hidden (`.gitignore`, tantivy's lock files), if
/// any: a directory holding such a file is somebody else's, never made into an index.
/// Folders inside it (`index/demo/` of the demo) do not count: segments never mix with them.
fn visible_entry(dir: &Path) -> Option<String> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .filter(|entry| !entry.path().is_dir())
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .find(|name| !name.starts_with('.'))
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
    /// The words facets of the last searches, by the generation of `reader` they read.
    pub(crate) words_cache: WordsCache,
}

impl BantinIndex {
    /// Opens the index in `dir`, creating it (and the directory) when there is none.
    pub fn open_or_create(dir: &Path) -> Result<BantinIndex, IndexError> {
        if dir.join("meta.json").exists() {
            return Self::open_writable(dir);
        }
        if dir.exists() && !dir.is_dir() {
            return Err(IndexError::NotADirectory(dir.to_owned()));
        }
        if let Some(example) = visible_entry(dir) {
            return Err(IndexError::NotEmpty {
                path: dir.to_owned(),
                example,
            });
        }
        std::fs::create_dir_all(dir).map_err(|source| IndexError::Io {
            path: dir.to_owned(),
            source,
        })?;
        let index = MmapDirectory::open(dir)
            .map_err(TantivyError::from)
            .and_then(|directory| {
                let directory = StoreChecked::new(directory);
                Index::create(directory, build_schema(), IndexSettings::default())
            })
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
            words_cache: WordsCache::default(),
        }
    }

    /// Opens an existing index for reading: nothing is written, and no lock is needed where
    /// the directory cannot be written (see [`read_only`]). Segment files are memory-mapped,
    /// the fastest way to read them, for commands that live for one search.
    pub fn open(dir: &Path) -> Result<BantinIndex, IndexError> {
        Self::open_reading(dir, |dir| Ok(MmapDirectory::open(dir)?))
    }

    /// [`BantinIndex::open`] for a process that reads the index for days (`serve`): segment
    /// files are read with positioned reads (see [`positioned`]), so a file cut short while
    /// open is an error the process survives, not SIGBUS. This costs a copy of every range
    /// read: a search of a common word takes about a third longer.
    pub fn open_for_serving(dir: &Path) -> Result<BantinIndex, IndexError> {
        Self::open_reading(dir, positioned::PositionedDirectory::open)
    }

    /// An existing index read through the directory `open` makes of `dir`.
    fn open_reading<D: tantivy::Directory + Clone>(
        dir: &Path,
        open: impl FnOnce(&Path) -> Result<D, TantivyError>,
    ) -> Result<BantinIndex, IndexError> {
        if !dir.join("meta.json").exists() {
            return Err(IndexError::Missing(dir.to_owned()));
        }
        let directory = open(dir).map_err(|source| tantivy_error(dir, source))?;
        let directory = read_only::ReaderDirectory::new(StoreChecked::new(directory));
        let index = Index::open(directory).map_err(|source| tantivy_error(dir, source))?;
        Self::wrap(index, dir)
    }

    /// Opens an existing index for writing: every analyzer its fields name must be known
    /// here (searching needs none of them: queries are analysed by bantin itself).
    fn open_writable(dir: &Path) -> Result<BantinIndex, IndexError> {
        restore_file_list(dir).map_err(|source| IndexError::Io {
            path: dir.join(FILE_LIST),
            source,
        })?;
        let index = MmapDirectory::open(dir)
            .map_err(TantivyError::from)
            .and_then(|directory| Index::open(StoreChecked::new(directory)))
            .map_err(|source| tantivy_error(dir, source))?;
        let opened = Self::wrap(index, dir)?;
        opened.check_analyzers()?;
        Ok(opened)
    }

    /// An index a later version made may name an analyzer this one lacks: say so before
    /// tantivy fails on the first bulletin with "Error getting tokenizer for field".
    fn check_analyzers(&self) -> Result<(), IndexError> {
        for (_, entry) in self.index.schema().fields() {
            let tantivy::schema::FieldType::Str(options) = entry.field_type() else {
                continue;
            };
            let Some(indexing) = options.get_indexing_options() else {
                continue;
            };
            if self.index.tokenizers().get(indexing.tokenizer()).is_none() {
                return Err(IndexError::Newer {
                    path: self.path.clone(),
                    field: entry.name().to_owned(),
                    analyzer: indexing.tokenizer().to_owned(),
                });
            }
        }
        Ok(())
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
            words_cache: WordsCache::default(),
        })
    }

    /// A searcher on the index as it was when first asked (or at the last [`BantinIndex::reload`]), for
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

    /// A reader of the index as last committed, for a writer's own use.
    pub fn fresh_reader(&self) -> Result<tantivy::IndexReader, IndexError> {
        self.index
            .reader()
            .map_err(|source| tantivy_error(&self.path, source))
    }

    /// Picks up what was committed since the searcher was opened (by this process or an
    /// ingest in another), and forgets the facet values read from the older state.
    pub fn reload(&self) -> Result<(), IndexError> {
        if let Some(reader) = self.reader.get() {
            reader
                .reload()
                .map_err(|source| tantivy_error(&self.path, source))?;
        }
        self.facet_values
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
        Ok(())
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

    /// Gives `meta.json` and `.managed.json` the access of the index directory: tantivy
    /// writes them through a temporary file readable by its owner only, which would keep
    /// every other user from searching an archive they can read. Best effort: an index
    /// that cannot be changed stays as it is.
    pub fn share_metadata_like_directory(&self) {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let Ok(dir) = std::fs::metadata(&self.path) else {
                return;
            };
            let mode = dir.permissions().mode() & 0o666;
            for name in ["meta.json", ".managed.json"] {
                let file = self.path.join(name);
                let _ = std::fs::set_permissions(file, std::fs::Permissions::from_mode(mode));
            }
        }
    }

    /// Bytes the index takes on disk.
    pub fn size_on_disk(&self) -> u64 {
        directory_size(&self.path)
    }

    /// Bytes of segment files that no commit refers to: what an ingest under way has
    /// written so far, or what an interrupted one (killed, out of disk space) left. The
    /// next ingest removes the latter before it writes.
    pub fn uncommitted_size(&self) -> u64 {
        let Ok(committed) = self.index.searchable_segment_ids() else {
            return 0;
        };
        let committed: std::collections::HashSet<String> =
            committed.iter().map(|id| id.uuid_string()).collect();
        let Ok(entries) = std::fs::read_dir(&self.path) else {
            return 0;
        };
        entries
            .filter_map(Result::ok)
            .filter(|entry| {
                let name = entry.file_name();
                let name = name.to_string_lossy();
                segment_of_file(&name).is_some_and(|segment| !committed.contains(segment))
            })
            .filter_map(|entry| entry.metadata().ok())
            .map(|meta| meta.len())
            .sum()
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
