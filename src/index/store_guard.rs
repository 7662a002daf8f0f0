//! A check of each segment's stored-documents file as tantivy opens it.
//!
//! Opening a segment's store, tantivy reads from the file how many layers its skip index
//! has and sets aside room for that many at once. Damaged bytes there can ask for petabytes:
//! the allocation fails and the process aborts, which is not a panic, so no error reaches
//! the user and nothing can be caught. [`StoreChecked`] wraps the directory every index on disk is
//! opened through: when tantivy opens a store file (a searcher taken or reloaded, a merge),
//! the count is checked against the bytes that follow it first, so a damaged store is
//! reported like any other damaged file. Checking as the file is opened, not before the
//! reader is, also covers the segments an ingest in another process commits in between.
//!
//! The layout read (tantivy 0.2x, doc store versions 1 and 2): tantivy's file footer last
//! (its bytes, their length as a little-endian `u32`, a magic number); before it the
//! store's footer of 28 bytes (the version as a little-endian `u32`, the skip index's offset
//! as a `u64`, the compressor, 15 reserved bytes); at that offset, the number of layers and
//! the end of each, as variable-length integers (7 bits a byte, the high bit set on the
//! last byte), then the layers. A file whose footers are not these is left to tantivy.

use std::io;
use std::ops::{Range, RangeInclusive};
use std::path::Path;
use std::sync::Arc;

use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, DirectoryLock, FileHandle, Lock, WatchCallback, WatchHandle, WritePtr,
};

const FOOTER_BYTES: usize = 28;
const KNOWN_VERSIONS: RangeInclusive<u32> = 1..=2;
/// The compressors of stored documents this build reads: none and LZ4.
const COMPRESSORS: [u8; 2] = [0, 1];
/// More layers than a skip index ever has: each layer holds a fraction of the one below,
/// so a store of billions of blocks needs a dozen.
const MAX_LAYERS: u64 = 64;
/// Enough bytes for a skip index's count and the ends of [`MAX_LAYERS`] layers.
const HEADER_BYTES: usize = 10 * (MAX_LAYERS as usize + 1);
/// What ends every file tantivy writes: the length of its footer, then this number.
const FILE_FOOTER_MAGIC: u32 = 1337;

/// A directory whose store files are checked as they are opened; everything else is
/// delegated untouched.
#[derive(Clone, Debug)]
pub struct StoreChecked<D: Directory + Clone> {
    inner: D,
}

impl<D: Directory + Clone> StoreChecked<D> {
    pub fn new(inner: D) -> Self {
        StoreChecked { inner }
    }
}

impl<D: Directory + Clone> Directory for StoreChecked<D> {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let handle = self.inner.get_file_handle(path)?;
        if path.extension().is_some_and(|e| e == "store") {
            check_store_file(handle.as_ref()).map_err(|detail| {
                let detail = format!("the stored documents' {detail}");
                OpenReadError::wrap_io_error(
                    io::Error::new(io::ErrorKind::InvalidData, detail),
                    path.to_owned(),
                )
            })?;
        }
        Ok(handle)
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

/// Whether a store file holds a skip index tantivy can open: its footers, then the count
/// and ends of the skip index's layers, checked against the bytes there are. Only those
/// few bytes are read (a positioned directory copies what is read, and a store is most of
/// an index).
fn check_store_file(file: &dyn FileHandle) -> Result<(), String> {
    let read = |range: Range<usize>| {
        file.read_bytes(range)
            .map_err(|error| format!("skip index cannot be read: {error}"))
    };
    let len = file.len();
    let Some(tail_at) = len.checked_sub(8) else {
        return Ok(());
    };
    let tail = read(tail_at..len)?;
    let word = |bytes: &[u8]| u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
    let (file_footer, magic) = (word(&tail[..4]) as usize, word(&tail[4..]));
    let Some(body) = tail_at.checked_sub(file_footer) else {
        return Ok(());
    };
    if magic != FILE_FOOTER_MAGIC {
        return Ok(());
    }
    let Some(footer_at) = body.checked_sub(FOOTER_BYTES) else {
        return Ok(());
    };
    let footer = read(footer_at..body)?;
    let Some(offset) = skip_index_offset(&footer)? else {
        return Ok(());
    };
    if offset > footer_at {
        return Err(format!("skip index starts at byte {offset}, past the end"));
    }
    let header = read(offset..footer_at.min(offset + HEADER_BYTES))?;
    check_skip_index(&header, footer_at - offset)
}

/// Where the skip index of a store starts, from its footer (`footer`, 28 bytes); `None`
/// for a version this check does not know. A compressor this build cannot read is damage:
/// tantivy panics on it.
fn skip_index_offset(footer: &[u8]) -> Result<Option<usize>, String> {
    let version = u32::from_le_bytes([footer[0], footer[1], footer[2], footer[3]]);
    if !KNOWN_VERSIONS.contains(&version) {
        return Ok(None);
    }
    let compressor = footer[12];
    if !COMPRESSORS.contains(&compressor) {
        return Err(format!(
            "footer names compressor {compressor}, which is none of this build's"
        ));
    }
    let mut offset = [0u8; 8];
    offset.copy_from_slice(&footer[4..12]);
    let offset = u64::from_le_bytes(offset);
    usize::try_from(offset)
        .map(Some)
        .map_err(|_| format!("skip index starts at byte {offset}, past the end"))
}

/// Whether a skip index of `len` bytes whose start is `header` holds at most
/// [`MAX_LAYERS`] layers, each ending after the one before and within the bytes after the
/// count and the ends.
fn check_skip_index(header: &[u8], len: usize) -> Result<(), String> {
    let mut rest = header;
    let layers = read_vint(&mut rest).ok_or("skip index is cut short")?;
    if layers > MAX_LAYERS {
        return Err(format!("skip index says {layers} layers"));
    }
    let mut start = 0;
    let mut ends = Vec::with_capacity(layers as usize);
    for _ in 0..layers {
        ends.push(read_vint(&mut rest).ok_or("skip index is cut short")?);
    }
    let layers_len = (len - (header.len() - rest.len())) as u64;
    for end in ends {
        if end < start || end > layers_len {
            return Err(format!(
                "skip index has a layer ending at byte {end} of {layers_len}"
            ));
        }
        start = end;
    }
    Ok(())
}

/// A variable-length integer at the start of `bytes`, which it then starts after.
fn read_vint(bytes: &mut &[u8]) -> Option<u64> {
    let mut value = 0u64;
    for (i, &byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * i);
        if byte & 0x80 != 0 {
            *bytes = &bytes[i + 1..];
            return Some(value);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A store file's tail: `skip` (the skip index) at `offset`, then the footer.
    fn store(data: &[u8], skip: &[u8], version: u32) -> Vec<u8> {
        let mut bytes = data.to_vec();
        let offset = bytes.len() as u64;
        bytes.extend_from_slice(skip);
        bytes.extend_from_slice(&version.to_le_bytes());
        bytes.extend_from_slice(&offset.to_le_bytes());
        bytes.push(1);
        bytes.extend_from_slice(&[0; 15]);
        assert_eq!(bytes.len(), data.len() + skip.len() + FOOTER_BYTES);
        bytes
    }

    #[test]
    fn a_sound_skip_index_passes() {
        // One layer of 3 bytes.
        assert_eq!(checked(store(b"docs", &[0x81, 0x83, 1, 2, 3], 2)), Ok(()));
        // No layer at all (an empty segment).
        assert_eq!(checked(store(b"", &[0x80], 1)), Ok(()));
    }

    #[test]
    fn a_damaged_layer_count_or_end_is_an_error() {
        // Billions of layers in 3 bytes: what made tantivy abort.
        let huge = [0x7f, 0x7f, 0x7f, 0x7f, 0x8f, 1, 2, 3];
        let error = checked(store(b"docs", &huge, 2)).expect_err("damaged");
        assert!(error.contains("says 4294967295 layers"), "{error}");
        // More layers than any store has, even where the bytes would hold their ends.
        let mut many = vec![0x80 | 65];
        many.extend(std::iter::repeat_n(0x80, 65));
        assert!(checked(store(b"docs", &many, 2)).is_err());
        // A compressor this build cannot read: tantivy would panic on it.
        let mut unknown = store(b"docs", &[0x81, 0x83, 1, 2, 3], 2);
        let at = unknown.len() - FOOTER_BYTES + 12;
        unknown[at] = 7;
        let error = checked(unknown).expect_err("unknown compressor");
        assert!(error.contains("compressor 7"), "{error}");
        // A layer ending past the bytes there are.
        let past = [0x81, 0x89, 1, 2, 3];
        assert!(checked(store(b"docs", &past, 2)).is_err());
        // An offset past the end.
        let mut bytes = store(b"docs", &[0x80], 2);
        let at = bytes.len() - FOOTER_BYTES + 4;
        bytes[at..at + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(checked(bytes).is_err());
        // Cut short inside the count.
        assert!(checked(store(b"docs", &[0x01], 2)).is_err());
    }

    #[test]
    fn another_version_or_a_short_file_is_left_to_tantivy() {
        let huge = [0x7f, 0x7f, 0x7f, 0x7f, 0x8f];
        assert_eq!(checked(store(b"docs", &huge, 3)), Ok(()));
    }

    /// `bytes` as tantivy writes a file: its own footer after them.
    fn with_file_footer(mut bytes: Vec<u8>) -> tantivy::directory::OwnedBytes {
        let footer = br#"{"version":"x","crc":1}"#;
        bytes.extend_from_slice(footer);
        bytes.extend_from_slice(&(footer.len() as u32).to_le_bytes());
        bytes.extend_from_slice(&FILE_FOOTER_MAGIC.to_le_bytes());
        tantivy::directory::OwnedBytes::new(bytes)
    }

    fn checked(store: Vec<u8>) -> Result<(), String> {
        check_store_file(&with_file_footer(store))
    }

    #[test]
    fn a_file_without_tantivys_footer_is_left_to_tantivy() {
        let huge = [0x7f, 0x7f, 0x7f, 0x7f, 0x8f, 1, 2, 3];
        assert!(checked(store(b"docs", &huge, 2)).is_err());
        let mut foreign = with_file_footer(store(b"docs", &huge, 2)).to_vec();
        let last = foreign.len() - 1;
        foreign[last] ^= 0xff;
        let foreign = tantivy::directory::OwnedBytes::new(foreign);
        assert_eq!(check_store_file(&foreign), Ok(()));
        let short = tantivy::directory::OwnedBytes::new(b"abc".to_vec());
        assert_eq!(check_store_file(&short), Ok(()));
    }

    /// A file handle that remembers the longest range read from it.
    #[derive(Debug)]
    struct Watched {
        bytes: tantivy::directory::OwnedBytes,
        longest: std::sync::Mutex<usize>,
    }

    impl tantivy::HasLen for Watched {
        fn len(&self) -> usize {
            self.bytes.len()
        }
    }

    impl FileHandle for Watched {
        fn read_bytes(&self, range: Range<usize>) -> io::Result<tantivy::directory::OwnedBytes> {
            let mut longest = self.longest.lock().expect("not poisoned");
            *longest = (*longest).max(range.len());
            Ok(self.bytes.slice(range))
        }
    }

    /// A damaged offset can make the whole store look like its skip index: only the start
    /// of it is read.
    #[test]
    fn only_the_start_of_a_skip_index_is_read() {
        let mut bytes = store(&vec![7u8; 1 << 20], &[0x81, 0x83, 1, 2, 3], 2);
        let at = bytes.len() - FOOTER_BYTES + 4;
        bytes[at..at + 8].copy_from_slice(&0u64.to_le_bytes());
        let file = Watched {
            bytes: with_file_footer(bytes),
            longest: Default::default(),
        };
        assert!(check_store_file(&file).is_err());
        let longest = *file.longest.lock().expect("not poisoned");
        assert!(longest <= HEADER_BYTES, "read {longest} bytes at once");
    }

    /// Every store tantivy writes passes as it is opened, here one of a segment of three
    /// bulletins, read back through the checking directory.
    #[test]
    fn the_stores_tantivy_writes_pass() {
        let directory = StoreChecked::new(tantivy::directory::RamDirectory::create());
        let index = tantivy::Index::create(
            directory,
            crate::index::build_schema(),
            tantivy::IndexSettings::default(),
        )
        .expect("index");
        crate::text::register(&index);
        let fields = crate::index::Fields::resolve(&index.schema()).expect("fields");
        let mut writer: tantivy::IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for id in ["a", "b", "c"] {
            let doc = tantivy::doc!(fields.id => id, fields.body => "Nội dung");
            writer.add_document(doc).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        assert_eq!(searcher.num_docs(), 3);
        let first: tantivy::TantivyDocument = searcher
            .doc(tantivy::DocAddress::new(0, 0))
            .expect("read back");
        assert!(first.get_first(fields.body).is_some());
    }

    #[test]
    fn variable_length_integers_read_as_tantivy_writes_them() {
        let mut bytes: &[u8] = &[0x05, 0x81, 0xff];
        assert_eq!(read_vint(&mut bytes), Some(5 | 1 << 7));
        assert_eq!(read_vint(&mut bytes), Some(0x7f));
        assert_eq!(read_vint(&mut bytes), None);
    }
}
