//! One input to its reader: plain text, JSON Lines, a JSON document, standard input, or a
//! pipe told by its first byte; on worker threads or this one.

use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::Path;

use super::open::open_counted;
use super::plain::{bounded, read_plain, read_plain_bytes};
use super::records::{first_byte, with_records};
use super::{Input, Item, ReadOptions, Sink};

/// Reads one input, handing every bulletin, skip and warning to `sink`.
pub fn read_input(input: &Input, options: ReadOptions, sink: &mut dyn Sink) {
    match input {
        Input::Plain(path) => read_plain(path, options, sink),
        Input::JsonLines(path) | Input::Json(path) => {
            let name = path.display().to_string();
            let reader = match open_counted(path, options.stored_bytes) {
                Ok(reader) => reader,
                Err(err) => {
                    return sink.item(Item::Skipped {
                        location: name,
                        reason: format!("cannot open: {err}"),
                    })
                }
            };
            let options = if is_stream(path) || is_small(path) {
                on_this_thread(options)
            } else {
                options
            };
            with_records(&name, options, sink, |records| {
                if matches!(input, Input::Json(_)) {
                    records.read_document(reader);
                } else {
                    records.read_stream(reader, false);
                }
            });
        }
        Input::Stdin => with_records("<stdin>", on_this_thread(options), sink, |records| {
            records.read_stream(Box::new(std::io::stdin().lock()), true);
        }),
    }
}

/// Whether `path` is a pipe, a socket or a device rather than a file of the disk: there
/// is no name to trust, so its first bytes say what it holds.
pub(super) fn is_stream(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir())
}

/// A pipe or device, read once: as JSON Lines when its first byte opens a JSON object,
/// else as one plain-text bulletin. `false` when it cannot be opened (the plain-text reader
/// says why).
pub(super) fn read_stream_input(path: &Path, options: ReadOptions, sink: &mut dyn Sink) -> bool {
    let name = path.display().to_string();
    let Ok(file) = File::open(path) else {
        return false;
    };
    let mut reader: Box<dyn BufRead> = Box::new(BufReader::with_capacity(1 << 20, file));
    match first_byte(&mut reader) {
        Ok((Some(b'{'), _)) => {}
        // Not JSON: what is buffered is gone from a pipe, so it is handed on with the rest.
        Ok(_) => {
            let head = reader.fill_buf().map(<[u8]>::to_vec).unwrap_or_default();
            let all = head.len();
            reader.consume(all);
            let read = bounded(head, reader, options.max_bytes);
            read_plain_bytes(&name, read, options.max_bytes, sink);
            return true;
        }
        Err(err) => {
            sink.item(Item::Skipped {
                location: name,
                reason: format!("cannot read: {err}"),
            });
            return true;
        }
    }
    with_records(&name, on_this_thread(options), sink, |records| {
        records.read_stream(reader, false)
    });
    true
}

/// How to read a pipe, standard input or a small file: every record as soon as its line is
/// read, on this thread. Workers take records in batches, and a feed that pauses mid-batch
/// would leave its last records waiting, unwritten, until more came; a file of a few records
/// costs less to parse than to start the workers for.
fn on_this_thread(options: ReadOptions) -> ReadOptions {
    ReadOptions {
        workers: 0,
        ..options
    }
}

/// Files smaller than this (as stored) are parsed on the reading thread: a few batches.
const SMALL_FILE_BYTES: u64 = 1 << 20;

fn is_small(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| meta.len() < SMALL_FILE_BYTES)
}
