//! What reading hands out, where it goes, and how to read.

use std::sync::atomic::AtomicU64;
use std::sync::Arc;

use super::FieldMap;
use crate::bulletin::Bulletin;

/// One thing read from the inputs.
#[derive(Debug)]
pub enum Item {
    Bulletin(Box<Bulletin>),
    /// A file or line that could not be read; `location` is `path` or `path:line`.
    Skipped {
        location: String,
        reason: String,
    },
    /// Read, with something the user should know.
    Warning {
        location: String,
        message: String,
    },
    /// At the end of a JSON input: how many records each field name was read from.
    FieldsRead(Vec<FieldUse>),
}

/// A field name and the role it was read for, with how many records gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldUse {
    pub role: &'static str,
    pub name: String,
    pub records: u64,
}

/// Where the reader sends what it reads.
pub trait Sink {
    fn item(&mut self, item: Item);
    /// `bytes` more of input text were read (decompressed), for progress.
    fn bytes_read(&mut self, _bytes: u64) {}
}

impl<F: FnMut(Item)> Sink for F {
    fn item(&mut self, item: Item) {
        self(item)
    }
}

/// How to read.
#[derive(Clone, Copy, Debug)]
pub struct ReadOptions<'a> {
    /// The most bytes of one plain-text file or one JSON line.
    pub max_bytes: u64,
    pub fields: &'a FieldMap,
    /// Counts the bytes read from input files as stored (compressed ones compressed), for
    /// a percentage of the inputs' sizes.
    pub stored_bytes: Option<&'a Arc<AtomicU64>>,
    /// Threads that parse the JSON records of files and extract their facts beside the
    /// reading thread; 0 parses on the reading thread, as pipes, standard input and small
    /// files always are. Either way the sink sees the same items in the same order.
    pub workers: usize,
}
