//! A plain-text file as one bulletin: read within the size limit, decoded, then split.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::sync::atomic::Ordering;

use super::decode_text;
use super::dispatch::{is_stream, read_stream_input};
use super::open::{counted, is_compressed, open_counted};
use super::{Item, ReadOptions, Sink};
use crate::bulletin::Bulletin;

/// `head` and then the rest of `reader`, at most `max_bytes` of them, or `Err(size)`.
pub(super) fn bounded(
    head: Vec<u8>,
    reader: Box<dyn BufRead>,
    max_bytes: u64,
) -> std::io::Result<Result<Vec<u8>, u64>> {
    let mut bytes = Vec::new();
    std::io::Cursor::new(head)
        .chain(reader)
        .take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Ok(Err(bytes.len() as u64));
    }
    Ok(Ok(bytes))
}

pub(super) fn read_plain(path: &Path, options: ReadOptions, sink: &mut dyn Sink) {
    if is_stream(path) && read_stream_input(path, options, sink) {
        return;
    }
    let location = path.display().to_string();
    let read = if is_compressed(path) {
        open_counted(path, options.stored_bytes)
            .and_then(|reader| bounded(Vec::new(), reader, options.max_bytes))
    } else {
        read_bounded(path, options)
    };
    read_plain_bytes(&location, read, options.max_bytes, sink);
}

/// One plain-text bulletin from the bytes of `location` (or why not): `read` as
/// [`bounded`] gives them.
pub(super) fn read_plain_bytes(
    location: &str,
    read: std::io::Result<Result<Vec<u8>, u64>>,
    max_bytes: u64,
    sink: &mut dyn Sink,
) {
    let location = location.to_owned();
    let skip = |reason: String| Item::Skipped {
        location: location.clone(),
        reason,
    };
    let bytes = match read {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(size)) => {
            return sink.item(skip(format!(
                "{size} bytes is over the limit of {max_bytes} (--max-file-mb)"
            )))
        }
        Err(err) => return sink.item(skip(format!("cannot read: {err}"))),
    };
    sink.bytes_read(bytes.len() as u64);
    match decode_text(&bytes) {
        Ok(decoded) => {
            if let Some(message) = decoded.warning {
                sink.item(Item::Warning {
                    location: location.clone(),
                    message,
                });
            }
            let bulletin = Bulletin::from_plain_text(&decoded.text, location.clone());
            if bulletin.title.is_empty() && bulletin.body.is_empty() {
                sink.item(skip("no text".to_owned()));
            } else {
                sink.item(Item::Bulletin(Box::new(bulletin)));
            }
        }
        Err(reason) => sink.item(skip(reason)),
    }
}

/// The file's bytes, or `Err(size)` when it is larger than `max_bytes`: told by its size
/// before reading when it has one, and never reading more than one byte past the limit, so
/// a pipe or a device never fills memory.
pub(super) fn read_bounded(
    path: &Path,
    options: ReadOptions,
) -> std::io::Result<Result<Vec<u8>, u64>> {
    let file = File::open(path)?;
    let size = file.metadata().map_or(0, |m| m.len());
    if size > options.max_bytes {
        if let Some(counter) = options.stored_bytes {
            // Skipped unread: it counts as gone through.
            counter.fetch_add(size, Ordering::Relaxed);
        }
        return Ok(Err(size));
    }
    let file = counted(file, options.stored_bytes);
    bounded(
        Vec::new(),
        Box::new(BufReader::new(file)),
        options.max_bytes,
    )
}
