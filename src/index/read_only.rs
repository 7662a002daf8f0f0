//! Opening an index for reading where nothing may be written: an archive owned by another
//! user, a read-only mount, a CD.
//!
//! Tantivy's reader takes the meta lock (a file it creates next to `meta.json`) while it
//! loads the list of segments, so that a writer's garbage collection cannot delete a segment
//! between the list and the opening. Where the lock file cannot be created, no writer can
//! delete anything either: [`ReaderDirectory`] then goes on without the lock instead of
//! failing with "Failed to acquire Lockfile ... PermissionDenied".

use std::io;
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, WatchCallback, WatchHandle, WritePtr,
};

/// A directory for readers: delegates everything, and takes a lock only where the
/// directory lets it be written.
#[derive(Clone, Debug)]
pub struct ReaderDirectory<D: Directory + Clone> {
    inner: D,
}

impl<D: Directory + Clone> ReaderDirectory<D> {
    pub fn new(inner: D) -> Self {
        ReaderDirectory { inner }
    }
}

/// The lock file cannot exist here: the directory (or the whole file system) is not
/// writable for this user.
fn is_not_writable(error: &LockError) -> bool {
    let LockError::IoError(io_error) = error else {
        return false;
    };
    matches!(
        io_error.kind(),
        io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem
    )
}

/// Held in place of a lock that a read-only directory cannot take.
struct NoLock;

impl<D: Directory + Clone> Directory for ReaderDirectory<D> {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        self.inner.get_file_handle(path)
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
        match self.inner.acquire_lock(lock) {
            Err(error) if is_not_writable(&error) => Ok(DirectoryLock::from(Box::new(NoLock))),
            other => other,
        }
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.inner.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::directory::{RamDirectory, META_LOCK};

    /// A directory on which nothing can be written, as a read-only mount behaves.
    #[derive(Clone, Debug, Default)]
    struct ReadOnlyMount {
        files: RamDirectory,
    }

    fn denied() -> io::Error {
        io::Error::from(io::ErrorKind::ReadOnlyFilesystem)
    }

    impl Directory for ReadOnlyMount {
        fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
            self.files.get_file_handle(path)
        }
        fn delete(&self, path: &Path) -> Result<(), DeleteError> {
            Err(DeleteError::IoError {
                io_error: Arc::new(denied()),
                filepath: path.to_owned(),
            })
        }
        fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
            self.files.exists(path)
        }
        fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
            Err(OpenWriteError::wrap_io_error(denied(), path.to_owned()))
        }
        fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
            self.files.atomic_read(path)
        }
        fn atomic_write(&self, _path: &Path, _data: &[u8]) -> io::Result<()> {
            Err(denied())
        }
        fn sync_directory(&self) -> io::Result<()> {
            Ok(())
        }
        fn acquire_lock(&self, _lock: &Lock) -> Result<DirectoryLock, LockError> {
            Err(LockError::wrap_io_error(denied()))
        }
        fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
            self.files.watch(callback)
        }
    }

    #[test]
    fn a_read_only_directory_can_be_read_without_its_lock() {
        let mount = ReadOnlyMount::default();
        assert!(mount.acquire_lock(&META_LOCK).is_err());
        assert!(ReaderDirectory::new(mount).acquire_lock(&META_LOCK).is_ok());
    }

    #[test]
    fn an_index_on_a_read_only_mount_opens_and_searches() {
        let files = RamDirectory::create();
        let schema = crate::index::build_schema();
        let index = tantivy::Index::create(files.clone(), schema.clone(), Default::default())
            .expect("index in memory");
        crate::text::register(&index);
        let fields = crate::index::Fields::resolve(&schema).expect("bantin's fields");
        let mut writer: tantivy::IndexWriter = index.writer(15_000_000).expect("writer");
        writer
            .add_document(tantivy::doc!(fields.id => "mot"))
            .expect("added");
        writer.commit().expect("committed");
        drop(writer);

        let mount = ReadOnlyMount { files };
        let without_wrapper = tantivy::Index::open(mount.clone()).expect("meta.json reads");
        assert!(
            without_wrapper.reader().is_err(),
            "tantivy's reader wants the lock"
        );
        let index = tantivy::Index::open(ReaderDirectory::new(mount)).expect("opens");
        let reader = index.reader().expect("a reader without the lock");
        assert_eq!(reader.searcher().num_docs(), 1);
    }

    #[test]
    fn a_busy_lock_is_still_a_busy_lock() {
        let ram = RamDirectory::create();
        let reader = ReaderDirectory::new(ram.clone());
        let held = reader.acquire_lock(&tantivy::directory::INDEX_WRITER_LOCK);
        assert!(held.is_ok());
        assert!(matches!(
            reader.acquire_lock(&tantivy::directory::INDEX_WRITER_LOCK),
            Err(LockError::LockBusy)
        ));
    }
}
