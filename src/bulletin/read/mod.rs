//! Reading bulletins from files, directories and standard input.
//!
//! - A directory is walked recursively, in sorted order; hidden files are skipped. Symbolic
//!   links are followed, each real file is read once however many ways lead to it, and a
//!   link that leads back into its own folder is reported once and not followed.
//! - `.jsonl` and `.ndjson` (also `.xz`, `.gz`) are JSON Lines, one record a line, streamed,
//!   whatever their first byte (a broken first line `[...` is one line skipped); `.json` is
//!   one array of records (or one record, or JSON Lines after all); `-` is standard input,
//!   JSON Lines, or one array when the whole input parses as one. Records are read by
//!   [`record`]. A line of JSON Lines is bounded like a record: a stream of NUL bytes
//!   or a line without end stops the input with a message rather than running forever.
//! - Any other file is one plain-text bulletin, decompressed when it ends in `.xz` or `.gz`;
//!   a pipe or device (`<(head feed.jsonl)`) whose first byte opens a JSON object is read as
//!   JSON Lines.
//! - Text is UTF-8 with or without BOM, UTF-16 LE/BE with a BOM or without one (told by its
//!   NUL bytes), or UTF-32 LE/BE likewise. A UTF-8 file or JSON record with a few invalid
//!   bytes (a single one, or at most [`MAX_REPLACED_BYTES`] and 1 in 1,000) is kept with
//!   U+FFFD in their place and a warning: scrapers cut multi-byte characters at buffer ends,
//!   and losing a whole bulletin for one broken character helps nobody. More than that is
//!   not text. An input with no bulletin in it (empty, or blank lines only) is skipped.
//!
//! A path given on the command line that does not exist is an error before any work; every
//! other problem becomes an [`Item::Skipped`] or [`Item::Warning`] naming the file or line,
//! and the run goes on.

mod decode;
mod dispatch;
mod open;
mod plain;
mod pool;
mod record;
mod records;
mod sink;
mod walk;

pub use decode::{decode_text, Decoded, MAX_REPLACED_BYTES};
pub use dispatch::read_input;
pub use open::open_maybe_compressed;
pub use record::{FieldMap, FieldMapError, FieldValue, Record, RecordField, Role};
pub use records::MAX_JSON_DOCUMENT_BYTES;
pub use sink::{FieldUse, Item, ReadOptions, Sink};
pub use walk::{collect_inputs, Input, InputError};
