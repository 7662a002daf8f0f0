//! The on-disk index: its schema, opening it, writing bulletins into it, and reading them
//! back (`stats`, `show`).

pub mod allocator;
pub mod check;
pub mod document;
pub mod in_flight;
pub mod ingest;
pub mod ingest_runs;
pub mod positioned;
pub mod read_only;
pub mod schema;
pub mod stats;
pub mod stories;
pub mod words;

use std::path::{Path, PathBuf};

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use tantivy::directory::error::{LockError, OpenReadError};
use tantivy::directory::MmapDirectory;

use tantivy::schema::{Facet, Field};
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyError};

pub use schema::{build_schema, Fields};

use crate::search::WordsCache;

/// Where the index was looked for, and how to make one there or point elsewhere.
fn missing_index(dir: &Path) -> String {
    let shown = dir.display().to_string();
    let absolute = std::path::absolute(dir)
        .ok()
        .filter(|absolute| absolute.as_path() != dir)
        .map(|absolute| format!(" ({})", absolute.display()))
        .unwrap_or_default();
    format!(
        "no index at {shown}{absolute}: build one there with `bantin --index {shown} ingest \
         FILE...`, or point --index (or BANTIN_INDEX) at an existing one"
    )
}

/// Failures callers tell apart.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("{}", missing_index(.0))]
    Missing(PathBuf),
    #[error("{0} is not a bantin index (its schema lacks bantin's fields)")]
    Foreign(PathBuf),
    #[error("index {0} is a file, not a directory")]
    NotADirectory(PathBuf),
    #[error(
        "index {} holds other files ({example}) and no bantin index: pass --index with a new \
         or empty directory",
        path.display()
    )]
    NotEmpty { path: PathBuf, example: String },
    #[error("index {0} is locked: another `bantin ingest` is writing to it")]
    Locked(PathBuf),
    #[error(
        "index {} cannot be written: {reason}; search it where it is, or copy it to a \
         writable directory and ingest into the copy",
        path.display()
    )]
    NotWritable { path: PathBuf, reason: String },
    #[error(
        "index {}: no space left on device; the index keeps every bulletin its last commit \
         wrote: free some space and run the same ingest again to add the rest",
        path.display()
    )]
    NoSpace { path: PathBuf },
    #[error(
        "index {} was written by a newer bantin: its field `{field}` uses the analyzer \
         `{analyzer}`, which this version lacks; search it, or upgrade bantin to write to it",
        path.display()
    )]
    Newer {
        path: PathBuf,
        field: String,
        analyzer: String,
    },
    /// Tantivy's message already holds its causes (some twice): it is printed once, and
    /// not offered again as a source.
    #[error("index {}: {error}", path.display())]
    Tantivy { path: PathBuf, error: TantivyError },
    #[error("index {} looks damaged: {detail}; {REBUILD_ADVICE}", path.display())]
    Damaged { path: PathBuf, detail: String },
    #[error("index {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

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
        let index = Index::open(read_only::ReaderDirectory::new(directory))
            .map_err(|source| tantivy_error(dir, source))?;
        Self::wrap(index, dir)
    }

    /// Opens an existing index for writing: every analyzer its fields name must be known
    /// here (searching needs none of them: queries are analysed by bantin itself).
    fn open_writable(dir: &Path) -> Result<BantinIndex, IndexError> {
        restore_file_list(dir).map_err(|source| IndexError::Io {
            path: dir.join(FILE_LIST),
            source,
        })?;
        let index = Index::open_in_dir(dir).map_err(|source| tantivy_error(dir, source))?;
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

/// What to do about a damaged index.
pub const REBUILD_ADVICE: &str =
    "rebuild it with `bantin ingest` from the original files into a new --index directory";

/// Tantivy's list of the files it wrote in an index directory: only the files it lists are
/// ever removed when a merge or a replacement leaves them unused.
pub const FILE_LIST: &str = ".managed.json";

/// Whether `dir` holds an index that has lost its [`FILE_LIST`]: without it, no file of a
/// replaced or merged segment is ever removed again, and the index grows with every ingest.
pub fn lost_file_list(dir: &Path) -> bool {
    dir.join("meta.json").exists() && !dir.join(FILE_LIST).exists()
}

/// The segment a file belongs to, by its name: tantivy names a segment's files by the
/// segment's 32 hex digits and an extension (`....store`, `....7.del`).
fn segment_of_file(name: &str) -> Option<&str> {
    let (segment, _extension) = name.split_at_checked(32)?;
    let is_segment = segment.bytes().all(|b| b.is_ascii_hexdigit())
        && name.as_bytes().get(32) == Some(&b'.')
        && name.len() > 33;
    is_segment.then_some(segment)
}

/// Writes [`FILE_LIST`] anew when it is lost: `meta.json` and every segment file in `dir`
/// (named by a segment's 32 hex digits), so that the next commit removes those no segment
/// uses.
pub fn restore_file_list(dir: &Path) -> std::io::Result<()> {
    if !lost_file_list(dir) {
        return Ok(());
    }
    let mut files = vec!["meta.json".to_owned()];
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if segment_of_file(&name).is_some() {
            files.push(name);
        }
    }
    files.sort();
    let json = serde_json::to_string(&files).map_err(std::io::Error::other)?;
    let temporary = dir.join(".managed.json.restoring");
    std::fs::write(&temporary, json)?;
    std::fs::rename(&temporary, dir.join(FILE_LIST))
}

/// Maps tantivy's lock error to [`IndexError::Locked`], a full disk to
/// [`IndexError::NoSpace`], a directory this user may not write to
/// [`IndexError::NotWritable`], corrupt data to [`IndexError::Damaged`], anything else to
/// `Tantivy`.
pub fn tantivy_error(path: &Path, source: TantivyError) -> IndexError {
    if let Some(kind) = io_cause_kind(&source) {
        use std::io::ErrorKind;
        let not_writable = |reason: &str| IndexError::NotWritable {
            path: path.to_owned(),
            reason: reason.to_owned(),
        };
        match kind {
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
                return IndexError::NoSpace {
                    path: path.to_owned(),
                }
            }
            ErrorKind::ReadOnlyFilesystem => return not_writable("its file system is read-only"),
            ErrorKind::PermissionDenied if is_write(&source) => {
                return not_writable("this user may not write to it")
            }
            _ => {}
        }
    }
    match source {
        TantivyError::LockFailure(LockError::LockBusy, _) => IndexError::Locked(path.to_owned()),
        TantivyError::DataCorruption(corruption) => IndexError::Damaged {
            path: path.to_owned(),
            // DataCorruption implements only Debug, which reads as a sentence.
            detail: format!("{corruption:?}"),
        },
        TantivyError::IoError(io) if is_bad_data(&io) => IndexError::Damaged {
            path: path.to_owned(),
            detail: io.to_string(),
        },
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, filepath })
            if is_bad_data(&io_error) =>
        {
            IndexError::Damaged {
                path: path.to_owned(),
                detail: format!("{}: {io_error}", filepath.display()),
            }
        }
        TantivyError::OpenReadError(OpenReadError::FileDoesNotExist(file)) => IndexError::Damaged {
            path: path.to_owned(),
            detail: format!("{} is missing", file.display()),
        },
        error => IndexError::Tantivy {
            path: path.to_owned(),
            error,
        },
    }
}

/// The kind of the operating system's error under a tantivy error, where it keeps one.
///
/// Tantivy's segment writers turn the I/O errors of their last steps into text
/// (`InternalError("No space left on device (os error 28)")`); the error code is read back
/// from the standard library's way of writing it.
fn io_cause_kind(error: &TantivyError) -> Option<std::io::ErrorKind> {
    use tantivy::directory::error::OpenWriteError;
    match error {
        TantivyError::IoError(io) => Some(io.kind()),
        TantivyError::LockFailure(LockError::IoError(io), _) => Some(io.kind()),
        TantivyError::OpenWriteError(OpenWriteError::IoError { io_error, .. }) => {
            Some(io_error.kind())
        }
        TantivyError::OpenReadError(OpenReadError::IoError { io_error, .. }) => {
            Some(io_error.kind())
        }
        TantivyError::InternalError(text) => {
            os_error_code(text).map(|code| std::io::Error::from_raw_os_error(code).kind())
        }
        _ => None,
    }
}

/// The code in a message that ends like an `std::io::Error` of the operating system:
/// `... (os error 28)`.
fn os_error_code(text: &str) -> Option<i32> {
    let (_, tail) = text.rsplit_once("(os error ")?;
    let digits = tail.split(')').next()?;
    digits.parse().ok()
}

/// Whether the error comes from taking the writer's lock or creating a file: a denied
/// permission there means the directory cannot be written, not that it cannot be read.
fn is_write(error: &TantivyError) -> bool {
    matches!(
        error,
        TantivyError::LockFailure(..) | TantivyError::OpenWriteError(_)
    )
}

/// Tantivy reports unreadable bytes in a segment file as I/O errors of these kinds; denied
/// access or a full disk are not damage.
fn is_bad_data(error: &std::io::Error) -> bool {
    use std::io::ErrorKind;
    matches!(
        error.kind(),
        ErrorKind::InvalidData
            | ErrorKind::UnexpectedEof
            | ErrorKind::InvalidInput
            | ErrorKind::Other
    )
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;
    use std::sync::Arc;
    use tantivy::directory::error::OpenWriteError;

    fn mapped(error: TantivyError) -> IndexError {
        tantivy_error(Path::new("/idx"), error)
    }

    #[test]
    fn a_full_disk_is_named_however_tantivy_wraps_it() {
        let full = || io::Error::from_raw_os_error(28);
        for error in [
            TantivyError::IoError(Arc::new(full())),
            TantivyError::OpenWriteError(OpenWriteError::IoError {
                io_error: Arc::new(full()),
                filepath: PathBuf::from("x.store"),
            }),
            // What a segment writer's last steps report.
            TantivyError::InternalError(full().to_string()),
        ] {
            let mapped = mapped(error);
            assert!(matches!(mapped, IndexError::NoSpace { .. }), "{mapped:?}");
            assert!(mapped.to_string().contains("no space left on device"));
        }
    }

    #[test]
    fn a_lock_that_cannot_be_created_is_not_another_writer() {
        let lock = |code| {
            TantivyError::LockFailure(
                LockError::IoError(Arc::new(io::Error::from_raw_os_error(code))),
                Some("Failed to acquire index lock.".to_owned()),
            )
        };
        let read_only = mapped(lock(30)).to_string();
        assert!(
            read_only.contains("file system is read-only"),
            "{read_only}"
        );
        let denied = mapped(lock(13)).to_string();
        assert!(denied.contains("may not write to it"), "{denied}");
        assert!(matches!(
            mapped(TantivyError::LockFailure(LockError::LockBusy, None)),
            IndexError::Locked(_)
        ));
    }

    #[test]
    fn denied_reading_is_not_called_unwritable() {
        let denied = TantivyError::IoError(Arc::new(io::Error::from_raw_os_error(13)));
        assert!(matches!(mapped(denied), IndexError::Tantivy { .. }));
    }

    #[test]
    fn os_error_codes_are_read_from_their_text_only() {
        assert_eq!(
            os_error_code("No space left on device (os error 28)"),
            Some(28)
        );
        assert_eq!(os_error_code("bitwidth (os error x)"), None);
        assert_eq!(os_error_code("no code here"), None);
    }

    #[test]
    fn segment_files_are_told_by_name() {
        let id = "34d05cb7280746f591391552e66ff237";
        assert_eq!(segment_of_file(&format!("{id}.store")), Some(id));
        assert_eq!(segment_of_file(&format!("{id}.7.del")), Some(id));
        for other in ["meta.json", ".managed.json", &format!("{id}."), id, "ư"] {
            assert_eq!(segment_of_file(other), None, "{other}");
        }
    }
}
