//! Opening files: decompressed when named `.xz` or `.gz`, their bytes as stored counted for
//! progress.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

/// A file whose reads add to a counter.
struct Counted<R> {
    inner: R,
    counter: Arc<AtomicU64>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.counter.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// `file`, counted when `counter` is given.
pub(super) fn counted(file: File, counter: Option<&Arc<AtomicU64>>) -> Box<dyn Read + Send> {
    match counter {
        Some(counter) => Box::new(Counted {
            inner: file,
            counter: Arc::clone(counter),
        }),
        None => Box::new(file),
    }
}

/// A buffered reader of `path`, decompressed when its name ends in `.xz` or `.gz`
/// (concatenated streams included).
pub fn open_maybe_compressed(path: &Path) -> std::io::Result<Box<dyn BufRead>> {
    open_counted(path, None)
}

/// [`open_maybe_compressed`], its bytes as stored added to `counter` as they are read.
pub(super) fn open_counted(
    path: &Path,
    counter: Option<&Arc<AtomicU64>>,
) -> std::io::Result<Box<dyn BufRead>> {
    let file = counted(File::open(path)?, counter);
    let name = path.to_string_lossy().to_lowercase();
    let reader: Box<dyn Read> = if name.ends_with(".xz") {
        Box::new(xz2::read::XzDecoder::new_multi_decoder(file))
    } else if name.ends_with(".gz") {
        Box::new(flate2::read::MultiGzDecoder::new(file))
    } else {
        Box::new(file)
    };
    Ok(Box::new(BufReader::with_capacity(1 << 20, reader)))
}

/// Whether `path` names a compressed file (`.xz`, `.gz`).
pub(super) fn is_compressed(path: &Path) -> bool {
    let name = path.to_string_lossy().to_lowercase();
    name.ends_with(".xz") || name.ends_with(".gz")
}
