//! Reading segment files with positioned reads (`pread`) instead of memory maps, so that a
//! file cut short while it is open is an error, not a signal that kills the process.
//!
//! tantivy's [`MmapDirectory`] maps every segment file. When such a file is truncated in
//! place (a disk gone wrong, a careless `truncate`, a copy over a live index), touching a
//! mapped page past the new end raises SIGBUS, and a server dies without a word. Here each
//! read copies the bytes it asks for with `read_at`; a file shorter than when it was opened
//! gives an [`io::ErrorKind::UnexpectedEof`], which tantivy passes up as an error, and the
//! caller reports a damaged index.
//!
//! tantivy reads some files again on every search (term dictionaries, fast fields, field
//! norms: a few percent of an index): the parts of those read are kept, and lent out as
//! slices of one copy. Postings, positions and stored documents, the bulk of an index, are
//! read a range at a time when a search needs them, so memory stays bounded by what searches
//! use. Files stay open while a searcher holds them: a segment deleted by a merge in another
//! process reads on, as with a map.

use std::fs::File;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, MmapDirectory, OwnedBytes, WatchCallback,
    WatchHandle, WritePtr,
};
use tantivy::HasLen;

/// A directory on disk whose files are read with positioned reads; everything else (locks,
/// `meta.json`, watching) is [`MmapDirectory`]'s.
#[derive(Clone, Debug)]
pub struct PositionedDirectory {
    root: PathBuf,
    inner: MmapDirectory,
}

impl PositionedDirectory {
    pub fn open(root: &Path) -> Result<PositionedDirectory, tantivy::TantivyError> {
        Ok(PositionedDirectory {
            root: root.to_owned(),
            inner: MmapDirectory::open(root)?,
        })
    }
}

impl Directory for PositionedDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let full_path = self.root.join(path);
        let file = PositionedFile::open(&full_path).map_err(|io_error| {
            if io_error.kind() == io::ErrorKind::NotFound {
                OpenReadError::FileDoesNotExist(path.to_owned())
            } else {
                OpenReadError::wrap_io_error(io_error, path.to_owned())
            }
        })?;
        Ok(Arc::new(file))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.inner.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.inner.exists(path)
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.inner.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.inner.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.inner.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        self.inner.sync_directory()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        self.inner.acquire_lock(lock)
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

/// The kinds of segment file whose parts tantivy reads again on every search: each part
/// read is kept. The others (`.idx` postings, `.pos` positions, `.store` documents) are the
/// bulk of an index and are read anew each time.
const KEPT: [&str; 4] = ["term", "fast", "fieldnorm", "del"];

/// One open file and its length when it was opened, which is what tantivy is told and
/// what every read is checked against.
#[derive(Debug)]
struct PositionedFile {
    file: File,
    len: usize,
    path: PathBuf,
    /// What was read of a file of the kinds in [`KEPT`].
    kept: Option<Mutex<KeptParts>>,
}

/// Parts of a file already read, with their offsets. Once they would add up to more than
/// the file, the whole file is read and kept instead: a file never holds more memory than
/// its length.
#[derive(Debug, Default)]
struct KeptParts {
    parts: Vec<(usize, OwnedBytes)>,
    bytes: usize,
}

impl KeptParts {
    /// `range` as a slice of a part already read.
    fn find(&self, range: &Range<usize>) -> Option<OwnedBytes> {
        self.parts
            .iter()
            .find(|(start, bytes)| *start <= range.start && range.end <= start + bytes.len())
            .map(|(start, bytes)| bytes.slice(range.start - start..range.end - start))
    }

    fn keep(&mut self, start: usize, bytes: OwnedBytes) {
        self.bytes += bytes.len();
        self.parts.push((start, bytes));
    }
}

impl PositionedFile {
    fn open(path: &Path) -> io::Result<PositionedFile> {
        let file = File::open(path)?;
        let len = usize::try_from(file.metadata()?.len()).map_err(io::Error::other)?;
        let kept = path
            .extension()
            .and_then(|extension| extension.to_str())
            .is_some_and(|extension| KEPT.contains(&extension));
        Ok(PositionedFile {
            file,
            len,
            path: path.to_owned(),
            kept: kept.then(Mutex::default),
        })
    }

    /// `range` from the parts kept, or read now and kept.
    fn read_kept(&self, kept: &Mutex<KeptParts>, range: Range<usize>) -> io::Result<OwnedBytes> {
        if let Some(bytes) = lock(kept).find(&range) {
            return Ok(bytes);
        }
        // Read without the lock: two threads may read the same part, and both are kept.
        let whole = lock(kept).bytes + range.len() > self.len;
        if whole {
            let bytes = self.read_range(0..self.len)?;
            let mut kept = lock(kept);
            *kept = KeptParts::default();
            kept.keep(0, bytes.clone());
            return Ok(bytes.slice(range));
        }
        let bytes = self.read_range(range.clone())?;
        lock(kept).keep(range.start, bytes.clone());
        Ok(bytes)
    }

    /// The bytes of `range`, read from the file now.
    fn read_range(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        let mut bytes = vec![0; range.len()];
        read_exact_at(&self.file, &mut bytes, range.start as u64).map_err(|error| {
            if error.kind() != io::ErrorKind::UnexpectedEof {
                return error;
            }
            io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!(
                    "{} is shorter than the {} bytes it had when opened (truncated?)",
                    self.path.display(),
                    self.len
                ),
            )
        })?;
        Ok(OwnedBytes::new(bytes))
    }
}

impl HasLen for PositionedFile {
    fn len(&self) -> usize {
        self.len
    }
}

impl FileHandle for PositionedFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.start > range.end || range.end > self.len {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "{}: bytes {}..{} asked of a file of {} bytes",
                    self.path.display(),
                    range.start,
                    range.end,
                    self.len
                ),
            ));
        }
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        match &self.kept {
            Some(kept) => self.read_kept(kept, range),
            None => self.read_range(range),
        }
    }
}

/// A lock that a panic elsewhere does not spoil: the parts are whole bytes either way.
fn lock(kept: &Mutex<KeptParts>) -> MutexGuard<'_, KeptParts> {
    kept.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(unix)]
fn read_exact_at(file: &File, bytes: &mut [u8], offset: u64) -> io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, bytes, offset)
}

#[cfg(windows)]
fn read_exact_at(file: &File, mut bytes: &mut [u8], mut offset: u64) -> io::Result<()> {
    use std::os::windows::fs::FileExt;
    while !bytes.is_empty() {
        match file.seek_read(bytes, offset) {
            Ok(0) => return Err(io::Error::from(io::ErrorKind::UnexpectedEof)),
            Ok(n) => {
                bytes = &mut bytes[n..];
                offset += n as u64;
            }
            Err(error) if error.kind() == io::ErrorKind::Interrupted => {}
            Err(error) => return Err(error),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_of(bytes: &[u8]) -> (tempfile::TempDir, PositionedDirectory) {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.store"), bytes).expect("written");
        let directory = PositionedDirectory::open(dir.path()).expect("opens");
        (dir, directory)
    }

    #[test]
    fn reads_the_ranges_asked_for() {
        let (_dir, directory) = file_of(b"0123456789");
        let handle = directory
            .get_file_handle(Path::new("a.store"))
            .expect("handle");
        assert_eq!(handle.len(), 10);
        assert_eq!(handle.read_bytes(2..5).expect("read").as_slice(), b"234");
        assert_eq!(
            handle.read_bytes(0..10).expect("read").as_slice(),
            b"0123456789"
        );
        assert!(handle.read_bytes(10..10).expect("empty").is_empty());
        let beyond = handle.read_bytes(5..11).expect_err("past the end");
        assert_eq!(beyond.kind(), io::ErrorKind::InvalidInput);
    }

    #[test]
    fn a_file_truncated_after_opening_is_an_error_not_a_signal() {
        let (dir, directory) = file_of(&[7; 64 * 1024]);
        let handle = directory
            .get_file_handle(Path::new("a.store"))
            .expect("handle");
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(dir.path().join("a.store"))
            .expect("opens for writing");
        file.set_len(100).expect("truncated");
        assert_eq!(handle.read_bytes(0..100).expect("still there").len(), 100);
        let error = handle.read_bytes(4096..8192).expect_err("gone");
        assert_eq!(error.kind(), io::ErrorKind::UnexpectedEof);
        assert!(error.to_string().contains("truncated"), "{error}");
    }

    #[test]
    fn parts_of_a_dictionary_are_kept_and_never_more_than_the_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.term");
        std::fs::write(&path, b"0123456789").expect("written");
        let file = PositionedFile::open(&path).expect("opens");
        let kept = file
            .kept
            .as_ref()
            .expect("a .term file keeps what it reads");
        assert_eq!(file.read_bytes(2..6).expect("read").as_slice(), b"2345");
        // Cut short: what was read is still there, what was not is an error.
        std::fs::OpenOptions::new()
            .write(true)
            .open(&path)
            .and_then(|open| open.set_len(1))
            .expect("truncated");
        assert_eq!(file.read_bytes(3..5).expect("kept").as_slice(), b"34");
        assert!(file.read_bytes(6..8).is_err());
        assert_eq!(lock(kept).bytes, 4);

        std::fs::write(&path, b"0123456789").expect("written again");
        let file = PositionedFile::open(&path).expect("opens");
        let kept = file.kept.as_ref().expect("kept");
        for range in [0..4, 4..8, 6..9] {
            assert_eq!(
                file.read_bytes(range.clone()).expect("read").len(),
                range.len()
            );
        }
        // 4 + 4 + 3 bytes would be more than the file: the whole file is kept instead.
        let parts = lock(kept);
        assert_eq!((parts.parts.len(), parts.bytes), (1, 10));
        assert_eq!(
            parts.find(&(1..9)).expect("in the whole").as_slice(),
            b"12345678"
        );
    }

    #[test]
    fn postings_are_read_anew_each_time() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.idx");
        std::fs::write(&path, b"0123456789").expect("written");
        let file = PositionedFile::open(&path).expect("opens");
        assert!(file.kept.is_none());
        assert_eq!(file.read_bytes(0..3).expect("read").as_slice(), b"012");
    }

    #[test]
    fn a_missing_file_is_file_does_not_exist() {
        let (_dir, directory) = file_of(b"");
        assert!(matches!(
            directory.get_file_handle(Path::new("b.idx")),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
        let empty = directory
            .get_file_handle(Path::new("a.store"))
            .expect("an empty file opens");
        assert_eq!(empty.len(), 0);
    }

    #[test]
    fn a_deleted_file_reads_on_while_open() {
        let (dir, directory) = file_of(b"segment bytes");
        let handle = directory
            .get_file_handle(Path::new("a.store"))
            .expect("handle");
        std::fs::remove_file(dir.path().join("a.store")).expect("deleted");
        assert_eq!(
            handle.read_bytes(0..7).expect("read").as_slice(),
            b"segment"
        );
    }
}
