//! Reading bulletins from files, directories and standard input.
//!
//! - A directory is walked recursively, in sorted order; hidden files are skipped. Symbolic
//!   links are followed, each real file is read once however many ways lead to it, and a
//!   link that leads back into its own folder is reported once and not followed.
//! - `.jsonl` and `.ndjson` (also `.xz`, `.gz`) are JSON Lines, one record a line, streamed,
//!   whatever their first byte (a broken first line `[...` is one line skipped); `.json` is
//!   one array of records (or one record, or JSON Lines after all); `-` is standard input,
//!   JSON Lines, or one array when the whole input parses as one. Records are read by
//!   [`super::record`]. A line of JSON Lines is bounded like a record: a stream of NUL bytes
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

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::read_pool::{Parsed, Pool};
use super::record::{FieldMap, Record};
use super::Bulletin;

/// Invalid UTF-8 bytes a text file may have and still be read (with a warning).
pub const MAX_REPLACED_BYTES: usize = 16;

/// A `.json` file is parsed whole in memory; larger ones should be JSON Lines.
pub const MAX_JSON_DOCUMENT_BYTES: u64 = 1 << 30;

/// A line of JSON Lines longer than the record limit is passed over to its end; one longer
/// than this many times the limit (and 64 MiB) has no end worth waiting for, and stops the
/// input.
const ENDLESS_LINE_FACTOR: u64 = 4;

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
fn counted(file: File, counter: Option<&Arc<AtomicU64>>) -> Box<dyn Read + Send> {
    match counter {
        Some(counter) => Box::new(Counted {
            inner: file,
            counter: Arc::clone(counter),
        }),
        None => Box::new(file),
    }
}

/// An input as given on the command line, after walking directories.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    Plain(PathBuf),
    JsonLines(PathBuf),
    /// A `.json` file: an array of records, one record, or JSON Lines.
    Json(PathBuf),
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::Plain(path) | Input::JsonLines(path) | Input::Json(path) => {
                path.display().to_string()
            }
        }
    }
}

/// A command-line path that cannot be ingested at all.
#[derive(Debug, thiserror::Error)]
pub enum InputError {
    #[error("{0}: no such file or directory")]
    Missing(PathBuf),
    #[error(
        "{} is a system directory{}: it holds no bulletins, and walking it would read the \
         whole machine; name the folders of your bulletins (or pass --system-dirs)",
        path.display(),
        if path == real { String::new() } else { format!(" ({})", real.display()) }
    )]
    SystemDir { path: PathBuf, real: PathBuf },
}

/// Directories of the system rather than of files: the root, and the kernel's and
/// devices' pseudo file systems, whose walk never ends (`/proc/kcore`, `/dev/zero`) or reads
/// everything on the machine. A named stream in them (`/dev/stdin`, `/dev/fd/63`) is a file,
/// not a directory, and stays readable; `/dev/shm` is a scratch file system like `/tmp`.
fn is_system_dir(real: &Path) -> bool {
    let scratch = real.starts_with("/dev/shm");
    real == Path::new("/")
        || (["/proc", "/sys", "/dev"]
            .iter()
            .any(|root| real.starts_with(root))
            && !scratch)
}

/// Expands the command line's paths into inputs. A path that does not exist, or a system
/// directory (`/`, `/proc`, ...) unless `system_dirs`, is an error (before any work);
/// problems found while walking directories go to `problems`.
pub fn collect_inputs(
    paths: &[PathBuf],
    problems: &mut Vec<Item>,
    system_dirs: bool,
) -> Result<Vec<Input>, InputError> {
    if let Some(missing) = paths
        .iter()
        .find(|p| p.as_os_str() != "-" && std::fs::symlink_metadata(p).is_err())
    {
        return Err(InputError::Missing(missing.clone()));
    }
    for path in paths.iter().filter(|p| !system_dirs && p.is_dir()) {
        if let Ok(real) = std::fs::canonicalize(path) {
            if is_system_dir(&real) {
                return Err(InputError::SystemDir {
                    path: path.clone(),
                    real,
                });
            }
        }
    }
    let mut walk = Walk {
        inputs: Vec::new(),
        problems,
        seen_files: HashSet::new(),
        seen_dirs: HashSet::new(),
        open_dirs: Vec::new(),
        system_dirs,
    };
    for path in paths {
        if path.as_os_str() == "-" {
            walk.inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk.dir(path);
        } else {
            walk.file(path.clone(), true);
        }
    }
    Ok(walk.inputs)
}

/// Whether `dir` holds a tantivy index (bantin's own included): its files are segments and
/// metadata, never bulletins, and the index being written may be among them.
fn is_index_dir(dir: &Path) -> bool {
    dir.join("meta.json").is_file() && dir.join(".managed.json").is_file()
}

/// A walk through directories that follows symbolic links and reads each real file once.
struct Walk<'a> {
    inputs: Vec<Input>,
    problems: &'a mut Vec<Item>,
    seen_files: HashSet<PathBuf>,
    seen_dirs: HashSet<PathBuf>,
    /// Real paths of the directories being walked, outermost first.
    open_dirs: Vec<PathBuf>,
    /// Whether a symbolic link to a system directory is followed.
    system_dirs: bool,
}

impl Walk<'_> {
    fn skip(&mut self, path: &Path, reason: String) {
        self.problems.push(Item::Skipped {
            location: path.display().to_string(),
            reason,
        });
    }

    fn dir(&mut self, dir: &Path) {
        let real = match std::fs::canonicalize(dir) {
            Ok(real) => real,
            Err(err) => return self.skip(dir, format!("cannot read directory: {err}")),
        };
        if self.open_dirs.contains(&real) {
            self.problems.push(Item::Warning {
                location: dir.display().to_string(),
                message: format!(
                    "symbolic link loop back to {}; not followed",
                    real.display()
                ),
            });
            return;
        }
        if !self.seen_dirs.insert(real.clone()) {
            return;
        }
        if !self.system_dirs && is_system_dir(&real) {
            self.problems.push(Item::Warning {
                location: dir.display().to_string(),
                message: format!(
                    "leads to the system directory {}; not walked",
                    real.display()
                ),
            });
            return;
        }
        if is_index_dir(&real) {
            self.problems.push(Item::Warning {
                location: dir.display().to_string(),
                message: "a search index, not bulletins; not read".to_owned(),
            });
            return;
        }
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(err) => return self.skip(dir, format!("cannot read directory: {err}")),
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                !p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        paths.sort();
        self.open_dirs.push(real);
        for path in paths {
            if path.is_dir() {
                self.dir(&path);
            } else {
                self.file(path, false);
            }
        }
        self.open_dirs.pop();
    }

    /// A file named on the command line may be anything readable (a pipe from `<(...)`);
    /// one found in a directory must be a regular file (a FIFO there would hang the run).
    fn file(&mut self, path: PathBuf, named: bool) {
        let meta = match std::fs::metadata(&path) {
            Ok(meta) => meta,
            Err(err) => return self.skip(&path, format!("cannot read: {err}")),
        };
        if !named && !meta.is_file() {
            return self.skip(&path, "not a regular file".to_owned());
        }
        let real = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if meta.is_file() && !self.seen_files.insert(real) {
            return;
        }
        self.inputs.push(classify(path));
    }
}

fn classify(path: PathBuf) -> Input {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    let name = [".xz", ".gz"]
        .iter()
        .find_map(|ext| name.strip_suffix(ext))
        .unwrap_or(&name);
    if name.ends_with(".jsonl") || name.ends_with(".ndjson") {
        Input::JsonLines(path)
    } else if name.ends_with(".json") {
        Input::Json(path)
    } else {
        Input::Plain(path)
    }
}

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
fn is_stream(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|meta| !meta.is_file() && !meta.is_dir())
}

/// A pipe or device, read once: as JSON Lines when its first byte opens a JSON object,
/// else as one plain-text bulletin. `false` when it cannot be opened (the plain-text reader
/// says why).
fn read_stream_input(path: &Path, options: ReadOptions, sink: &mut dyn Sink) -> bool {
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

/// `head` and then the rest of `reader`, at most `max_bytes` of them, or `Err(size)`.
fn bounded(
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

fn read_plain(path: &Path, options: ReadOptions, sink: &mut dyn Sink) {
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

/// Whether `path` names a compressed file (`.xz`, `.gz`).
fn is_compressed(path: &Path) -> bool {
    let name = path.to_string_lossy().to_lowercase();
    name.ends_with(".xz") || name.ends_with(".gz")
}

/// One plain-text bulletin from the bytes of `location` (or why not): `read` as
/// [`bounded`] gives them.
fn read_plain_bytes(
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
fn read_bounded(path: &Path, options: ReadOptions) -> std::io::Result<Result<Vec<u8>, u64>> {
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

/// A buffered reader of `path`, decompressed when its name ends in `.xz` or `.gz`
/// (concatenated streams included).
pub fn open_maybe_compressed(path: &Path) -> std::io::Result<Box<dyn BufRead>> {
    open_counted(path, None)
}

/// [`open_maybe_compressed`], its bytes as stored added to `counter` as they are read.
fn open_counted(
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

/// Reads JSON records from one input and counts which field names it read them from.
struct RecordReader<'a> {
    name: &'a str,
    options: ReadOptions<'a>,
    sink: &'a mut dyn Sink,
    /// Records read from each name of the field map.
    usage: Vec<u64>,
    /// Records (lines or array elements that are not blank) and problems met: none at the
    /// end means the input held nothing.
    met: u64,
    /// Threads parsing the records, when there are any.
    pool: Option<Pool>,
}

/// Runs `read` with a reader of the records of `name`, whose records are parsed on
/// `options.workers` threads (none: on this one), then reports what it read.
fn with_records(
    name: &str,
    options: ReadOptions,
    sink: &mut dyn Sink,
    read: impl FnOnce(&mut RecordReader),
) {
    std::thread::scope(|scope| {
        let fields = options.fields;
        let pool = (options.workers > 0)
            .then(|| {
                Pool::start(scope, options.workers, name, move |json: &[u8], line| {
                    parse_record(fields, name, json, line)
                })
            })
            .flatten();
        let mut records = RecordReader::new(name, options, sink);
        records.pool = pool;
        read(&mut records);
        records.finish();
    });
}

impl<'a> RecordReader<'a> {
    fn new(name: &'a str, options: ReadOptions<'a>, sink: &'a mut dyn Sink) -> Self {
        RecordReader {
            name,
            options,
            sink,
            usage: vec![0; options.fields.len()],
            met: 0,
            pool: None,
        }
    }

    /// Hands on what the records parsed so far gave, in order.
    fn deliver(&mut self, parsed: Vec<Parsed>) {
        for Parsed { items, used } in parsed {
            for at in used {
                self.usage[at] += 1;
            }
            for item in items {
                self.sink.item(item);
            }
        }
    }

    /// Every record handed to the workers, handed on: before anything this thread reports
    /// itself, so the sink sees items in the order of the input.
    fn catch_up(&mut self) {
        if let Some(pool) = &mut self.pool {
            let parsed = pool.drain();
            self.deliver(parsed);
        }
    }

    fn skip(&mut self, line: usize, reason: String) {
        self.catch_up();
        self.met += 1;
        self.sink.item(Item::Skipped {
            location: format!("{}:{line}", self.name),
            reason,
        });
    }

    /// JSON Lines, streamed. With `array_allowed` (standard input), an input starting with
    /// `[` that parses whole as one array is read as one; otherwise, as a `.jsonl` file
    /// always is, line by line: a broken first line is one line skipped, not the input.
    fn read_stream(&mut self, mut reader: Box<dyn BufRead + '_>, array_allowed: bool) {
        let number = match first_byte(&mut reader) {
            Ok((Some(b'['), blank_lines)) if array_allowed => {
                let mut head = Vec::new();
                let read = (&mut reader)
                    .take(MAX_JSON_DOCUMENT_BYTES + 1)
                    .read_to_end(&mut head);
                if let Err(err) = read {
                    return self.skip(blank_lines + 1, format!("read error: {err}"));
                }
                let whole = head.len() as u64 <= MAX_JSON_DOCUMENT_BYTES;
                let array = whole
                    && serde_json::from_slice::<Vec<&serde_json::value::RawValue>>(strip_bom(
                        &head,
                    ))
                    .is_ok();
                if array {
                    self.sink.bytes_read(head.len() as u64);
                    return self.read_array(strip_bom(&head));
                }
                let lines: Box<dyn BufRead + '_> =
                    Box::new(BufReader::new(std::io::Cursor::new(head).chain(reader)));
                return self.read_lines(lines, 0);
            }
            Ok((_, blank_lines)) => blank_lines,
            Err(err) => return self.skip(1, format!("read error: {err}")),
        };
        self.read_lines(reader, number)
    }

    /// JSON Lines from `reader`, the first numbered `number + 1`.
    fn read_lines(&mut self, mut reader: Box<dyn BufRead + '_>, mut number: usize) {
        let mut line = Vec::new();
        loop {
            line.clear();
            let max = self.options.max_bytes;
            let read = match read_line_bounded(&mut reader, &mut line, max) {
                Ok(0) => break,
                Ok(n) => n,
                Err(err) if err.kind() == std::io::ErrorKind::InvalidData => {
                    self.skip(number + 1, format!("{err}; rest of input skipped"));
                    break;
                }
                Err(err) => {
                    self.skip(
                        number + 1,
                        format!("read error, rest of input skipped: {err}"),
                    );
                    break;
                }
            };
            number += 1;
            self.sink.bytes_read(read as u64);
            let text = strip_bom(&line);
            if text.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            if read as u64 > max {
                self.skip(
                    number,
                    format!("line of {read} bytes is over the limit of {max} (--max-file-mb)"),
                );
                continue;
            }
            self.record(text, number);
        }
    }

    /// A whole JSON document: an array of records, one record, or JSON Lines after all.
    fn read_document(&mut self, reader: Box<dyn BufRead + '_>) {
        let mut bytes = Vec::new();
        let read = reader
            .take(MAX_JSON_DOCUMENT_BYTES + 1)
            .read_to_end(&mut bytes);
        if let Err(err) = read {
            return self.skip(1, format!("read error: {err}"));
        }
        if bytes.len() as u64 > MAX_JSON_DOCUMENT_BYTES {
            return self.skip(
                1,
                format!(
                    "a JSON document over {} MB; write it as JSON Lines (jq -c '.[]')",
                    MAX_JSON_DOCUMENT_BYTES >> 20
                ),
            );
        }
        self.sink.bytes_read(bytes.len() as u64);
        let text = strip_bom(&bytes);
        match text.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => self.read_array(text),
            None => {}
            Some(_) => self.read_lines_in_memory(text),
        }
    }

    fn read_array(&mut self, text: &[u8]) {
        let elements: Vec<&serde_json::value::RawValue> = match serde_json::from_slice(text) {
            Ok(elements) => elements,
            Err(err) => {
                return self.skip(
                    err.line().max(1),
                    format!("invalid JSON array, nothing read from it: {err}"),
                )
            }
        };
        let start = text.as_ptr() as usize;
        let mut line = 1;
        let mut counted_to = 0;
        for element in elements {
            let at = element.get().as_ptr() as usize - start;
            line += text[counted_to..at].iter().filter(|b| **b == b'\n').count();
            counted_to = at;
            self.record(element.get().as_bytes(), line);
        }
    }

    /// One record pretty-printed over many lines, or JSON Lines named `.json`.
    fn read_lines_in_memory(&mut self, text: &[u8]) {
        if let Ok(record) = self.options.fields.parse(text) {
            let line = 1 + text
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .filter(|b| **b == b'\n')
                .count();
            self.met += 1;
            return self.bulletin(record, line);
        }
        for (number, line) in text.split(|b| *b == b'\n').enumerate() {
            if !line.iter().all(u8::is_ascii_whitespace) {
                self.record(line, number + 1);
            }
        }
    }

    /// One record's JSON, parsed here or by the workers.
    fn record(&mut self, json: &[u8], line: usize) {
        self.met += 1;
        let parsed = match &mut self.pool {
            Some(pool) => pool.push(json, line),
            None => vec![parse_record(self.options.fields, self.name, json, line)],
        };
        self.deliver(parsed);
    }

    fn bulletin(&mut self, record: Record, line: usize) {
        self.catch_up();
        let parsed = record_to_bulletin(record, self.name, line);
        self.deliver(vec![parsed]);
    }

    /// Reports which field names the records were read from, or that there were none: an
    /// empty `.jsonl` is skipped as an empty `.txt` is.
    fn finish(mut self) {
        self.catch_up();
        if self.met == 0 {
            return self.sink.item(Item::Skipped {
                location: self.name.to_owned(),
                reason: "empty: no JSON records".to_owned(),
            });
        }
        let used: Vec<FieldUse> = self
            .usage
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .filter_map(|(at, count)| {
                let (name, role) = self.options.fields.entry(at)?;
                Some(FieldUse {
                    role: role.name(),
                    name: name.to_owned(),
                    records: *count,
                })
            })
            .collect();
        if !used.is_empty() {
            self.sink.item(Item::FieldsRead(used));
        }
    }
}

/// One record's JSON as a bulletin, or why not. A few invalid UTF-8 bytes in it are
/// replaced with U+FFFD, with a warning, as in a plain-text file: the record is kept, not
/// lost for one broken character.
fn parse_record(fields: &FieldMap, name: &str, json: &[u8], line: usize) -> Parsed {
    let repaired;
    let (json, repair) = match std::str::from_utf8(json) {
        Ok(json) => (json, None),
        Err(_) => match repair_utf8(json) {
            Ok(decoded) => {
                repaired = decoded.text;
                (repaired.as_str(), decoded.warning)
            }
            Err(reason) => return skipped(name, line, reason),
        },
    };
    match fields.parse_str(json) {
        Ok(record) => {
            let mut parsed = record_to_bulletin(record, name, line);
            if let Some(message) = repair {
                parsed.items.insert(
                    0,
                    Item::Warning {
                        location: format!("{name}:{line}"),
                        message,
                    },
                );
            }
            parsed
        }
        Err(err) => skipped(name, line, format!("invalid JSON record: {err}")),
    }
}

fn record_to_bulletin(record: Record, name: &str, line: usize) -> Parsed {
    let used = record.used().collect();
    let location = format!("{name}:{line}");
    let items = match Bulletin::from_record(record, location.clone()) {
        Ok((bulletin, warnings)) => {
            let mut items: Vec<Item> = warnings
                .into_iter()
                .map(|message| Item::Warning {
                    location: location.clone(),
                    message,
                })
                .collect();
            items.push(Item::Bulletin(Box::new(bulletin)));
            items
        }
        Err(err) => vec![Item::Skipped {
            location,
            reason: err.to_string(),
        }],
    };
    Parsed { items, used }
}

fn skipped(name: &str, line: usize, reason: String) -> Parsed {
    Parsed {
        items: vec![Item::Skipped {
            location: format!("{name}:{line}"),
            reason,
        }],
        used: Vec::new(),
    }
}

/// Reads one line (with its `\n`) into `line`, keeping at most `max_bytes + 1` of it: a
/// line of gigabytes is counted and passed over, never held in memory. Returns the bytes
/// the line had (0 at the end of input). NUL bytes (binary data: JSON text has none), or a
/// line past [`ENDLESS_LINE_FACTOR`] times the limit, are an `InvalidData` error: a stream
/// such as `/dev/zero` has no line end to wait for.
fn read_line_bounded(
    reader: &mut dyn BufRead,
    line: &mut Vec<u8>,
    max_bytes: u64,
) -> std::io::Result<usize> {
    let keep = usize::try_from(max_bytes.saturating_add(1)).unwrap_or(usize::MAX);
    let endless = max_bytes.saturating_mul(ENDLESS_LINE_FACTOR).max(64 << 20);
    let mut total = 0usize;
    loop {
        let buffer = match reader.fill_buf() {
            Ok(buffer) => buffer,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(err) => return Err(err),
        };
        if buffer.is_empty() {
            return Ok(total);
        }
        let (used, done) = match memchr::memchr(b'\n', buffer) {
            Some(at) => (at + 1, true),
            None => (buffer.len(), false),
        };
        if memchr::memchr(0, &buffer[..used]).is_some() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "binary data (NUL bytes), not JSON Lines",
            ));
        }
        if total as u64 > endless {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("a line over {endless} bytes with no end"),
            ));
        }
        let room = keep.saturating_sub(line.len()).min(used);
        line.extend_from_slice(&buffer[..room]);
        reader.consume(used);
        total = total.saturating_add(used);
        if done {
            return Ok(total);
        }
    }
}

/// The first byte that is not whitespace or a BOM, and how many lines were passed over to
/// find it. Only buffers holding nothing else are consumed.
fn first_byte(reader: &mut dyn BufRead) -> std::io::Result<(Option<u8>, usize)> {
    let mut lines = 0;
    loop {
        let buffer = reader.fill_buf()?;
        if buffer.is_empty() {
            return Ok((None, lines));
        }
        let blank = |b: &u8| b.is_ascii_whitespace() || matches!(b, 0xEF | 0xBB | 0xBF);
        if let Some(first) = buffer.iter().find(|b| !blank(b)) {
            return Ok((Some(*first), lines));
        }
        lines += buffer.iter().filter(|b| **b == b'\n').count();
        let all = buffer.len();
        reader.consume(all);
    }
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Text decoded from a file, with a warning when bytes were replaced.
#[derive(Debug, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub warning: Option<String>,
}

/// Decodes UTF-8 (BOM optional) or UTF-16 (BOM optional); the error says why the bytes are
/// not text.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, String> {
    // UTF-32 first: its little-endian BOM starts with UTF-16's.
    let text = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE\x00\x00") {
        decode_utf32(rest, u32::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(b"\x00\x00\xFE\xFF") {
        decode_utf32(rest, u32::from_be_bytes)?
    } else if let Some(little_endian) = utf32_without_bom(bytes) {
        let unit = if little_endian {
            u32::from_le_bytes
        } else {
            u32::from_be_bytes
        };
        decode_utf32(bytes, unit)
            .map_err(|err| format!("looks like UTF-32 without a BOM: {err}"))?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        decode_utf16(rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        decode_utf16(rest, u16::from_be_bytes)?
    } else if let Some(little_endian) = utf16_without_bom(bytes) {
        let unit = if little_endian {
            u16::from_le_bytes
        } else {
            u16::from_be_bytes
        };
        decode_utf16(bytes, unit)
            .map_err(|err| format!("looks like UTF-16 without a BOM: {err}"))?
    } else {
        return decode_utf8(strip_bom(bytes));
    };
    non_empty(Decoded {
        text,
        warning: None,
    })
}

/// UTF-16 without a BOM shows as NUL bytes in every other place: the high bytes of the
/// ASCII and Latin-1 letters that make up most of Vietnamese text. `Some(true)` for little
/// endian (NULs at odd offsets), `Some(false)` for big endian.
fn utf16_without_bom(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(4096) & !1];
    let pairs = sample.len() / 2;
    if pairs < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let nul_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (nul_at(0), nul_at(1));
    let mostly = |n: usize| n * 4 >= pairs;
    let hardly = |n: usize| n * 50 <= pairs;
    if mostly(odd) && hardly(even) {
        Some(true)
    } else if mostly(even) && hardly(odd) {
        Some(false)
    } else {
        None
    }
}

/// UTF-32 without a BOM shows as NUL bytes in two or three of every four places: the
/// letters of Vietnamese text are all below U+10000. `Some(true)` for little endian (the
/// high half of each unit NUL), `Some(false)` for big endian.
fn utf32_without_bom(bytes: &[u8]) -> Option<bool> {
    let sample = &bytes[..bytes.len().min(4096) & !3];
    let units = sample.len() / 4;
    if units < 2 || !bytes.len().is_multiple_of(4) {
        return None;
    }
    let nul_at = |place: usize| {
        sample
            .iter()
            .skip(place)
            .step_by(4)
            .filter(|b| **b == 0)
            .count()
    };
    let all = |n: usize| n == units;
    if all(nul_at(2)) && all(nul_at(3)) && nul_at(0) < units {
        Some(true)
    } else if all(nul_at(0)) && all(nul_at(1)) && nul_at(3) < units {
        Some(false)
    } else {
        None
    }
}

fn decode_utf32(bytes: &[u8], unit: fn([u8; 4]) -> u32) -> Result<String, String> {
    if !bytes.len().is_multiple_of(4) {
        return Err("UTF-32 text with a length not a multiple of 4".to_owned());
    }
    bytes
        .chunks_exact(4)
        .map(|four| {
            let code = unit([four[0], four[1], four[2], four[3]]);
            char::from_u32(code).ok_or_else(|| format!("invalid UTF-32: {code:#x}"))
        })
        .collect()
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, String> {
    if !bytes.len().is_multiple_of(2) {
        return Err("UTF-16 text with an odd number of bytes".to_owned());
    }
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|err| format!("invalid UTF-16: {err}"))
}

fn decode_utf8(bytes: &[u8]) -> Result<Decoded, String> {
    if bytes.contains(&0) {
        return Err("binary file (contains NUL bytes), not text".to_owned());
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => non_empty(Decoded {
            text: text.to_owned(),
            warning: None,
        }),
        Err(_) => non_empty(repair_utf8(bytes)?),
    }
}

/// UTF-8 with a few invalid sequences replaced with U+FFFD, and a warning saying so: one
/// broken character, or at most [`MAX_REPLACED_BYTES`] and 1 in 1,000 bytes. More than that
/// is another encoding (a legacy Vietnamese code page breaks every accented letter), not
/// damaged UTF-8.
fn repair_utf8(bytes: &[u8]) -> Result<Decoded, String> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let replaced = text
        .chars()
        .filter(|c| *c == char::REPLACEMENT_CHARACTER)
        .count()
        - bytes
            .windows(3)
            .filter(|w| *w == "\u{FFFD}".as_bytes())
            .count();
    if replaced > MAX_REPLACED_BYTES || (replaced > 1 && replaced * 1000 > bytes.len()) {
        return Err(format!(
            "not UTF-8 or UTF-16 text ({replaced} invalid sequences); convert it to UTF-8"
        ));
    }
    Ok(Decoded {
        text,
        warning: Some(format!(
            "{replaced} invalid UTF-8 sequence(s) replaced with U+FFFD"
        )),
    })
}

fn non_empty(decoded: Decoded) -> Result<Decoded, String> {
    if decoded.text.trim().is_empty() {
        Err("empty file".to_owned())
    } else {
        Ok(decoded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(
            decode_text("ma túy".as_bytes()).map(|d| d.text),
            Ok("ma túy".into())
        );
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFma t\xC3\xBAy").map(|d| d.text),
            Ok("ma túy".into())
        );
    }

    /// UTF-32 was read as UTF-16 (its BOM starts with UTF-16's) or as NUL-interleaved
    /// junk.
    #[test]
    fn utf32_with_and_without_bom() {
        let text = "Công an tỉnh Quảng Ninh";
        let le: Vec<u8> = text
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        let be: Vec<u8> = text
            .chars()
            .flat_map(|c| (c as u32).to_be_bytes())
            .collect();
        for (bytes, bom) in [
            (&le, &b"\xFF\xFE\x00\x00"[..]),
            (&be, &b"\x00\x00\xFE\xFF"[..]),
        ] {
            let with_bom = [bom, bytes.as_slice()].concat();
            assert_eq!(decode_text(&with_bom).map(|d| d.text), Ok(text.to_owned()));
            assert_eq!(decode_text(bytes).map(|d| d.text), Ok(text.to_owned()));
        }
        let bad = [&b"\xFF\xFE\x00\x00"[..], &[0, 0, 0x11, 0]].concat();
        assert!(decode_text(&bad).is_err());
    }

    #[test]
    fn utf16_with_bom_both_orders() {
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for unit in "Đà Nẵng".encode_utf16() {
            le.extend(unit.to_le_bytes());
            be.extend(unit.to_be_bytes());
        }
        assert_eq!(decode_text(&le).map(|d| d.text), Ok("Đà Nẵng".into()));
        assert_eq!(decode_text(&be).map(|d| d.text), Ok("Đà Nẵng".into()));
    }

    #[test]
    fn utf16_without_bom_is_told_by_its_nul_bytes() {
        let text = "Công an tỉnh Thanh Hóa bắt giữ đối tượng ma túy";
        let le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        assert_eq!(decode_text(&le).map(|d| d.text), Ok(text.into()));
        assert_eq!(decode_text(&be).map(|d| d.text), Ok(text.into()));
        assert!(decode_text(b"PK\x03\x04\x00\x00").is_err_and(|e| e.contains("binary")));
    }

    #[test]
    fn a_few_invalid_bytes_are_replaced_with_a_warning() {
        let mut bytes = "Công an tỉnh Thanh Hóa tổ chức hội nghị sơ kết. "
            .repeat(30)
            .into_bytes();
        bytes.push(0xC3);
        let decoded = decode_text(&bytes).expect("kept");
        assert!(decoded.text.ends_with('\u{FFFD}'));
        assert!(decoded.warning.is_some_and(|w| w.contains("1 invalid")));
    }

    #[test]
    fn legacy_encodings_binary_and_empty_are_refused() {
        let latin1: Vec<u8> = b"C\xF4ng an t\xECnh ".repeat(20);
        assert!(decode_text(&latin1).is_err_and(|e| e.contains("not UTF-8")));
        assert!(decode_text(b"PK\x03\x04\x00\x00").is_err_and(|e| e.contains("binary")));
        assert!(decode_text(b" \n\t ").is_err_and(|e| e.contains("empty")));
        assert!(decode_text(b"\xFF\xFE\x00").is_err());
    }

    fn summary(items: &[Item]) -> Vec<String> {
        items
            .iter()
            .map(|item| match item {
                Item::Bulletin(b) => format!("ok {}", b.source),
                Item::Skipped { location, reason } => format!(
                    "skip {location} {}",
                    reason.split(':').next().unwrap_or_default()
                ),
                Item::Warning { location, .. } => format!("warn {location}"),
                Item::FieldsRead(used) => format!(
                    "fields {}",
                    used.iter()
                        .map(|u| format!("{}={}:{}", u.role, u.name, u.records))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
            })
            .collect()
    }

    /// How the records of `text` read: as a `.json` document, or as a stream (standard
    /// input) that may be one array.
    fn read_records(text: &str, document: bool) -> Vec<String> {
        read_records_as(text, if document { "document" } else { "stdin" })
    }

    /// `how`: `document` (a `.json` file), `stdin`, or `jsonl` (a `.jsonl` file). Read on
    /// this thread and on worker threads, which must give the same.
    fn read_records_as(text: impl AsRef<[u8]>, how: &str) -> Vec<String> {
        let text = text.as_ref();
        let inline = read_records_with(text, how, 0);
        let pooled = read_records_with(text, how, 3);
        assert_eq!(inline, pooled, "read on worker threads");
        inline
    }

    fn read_records_with(text: &[u8], how: &str, workers: usize) -> Vec<String> {
        let fields = FieldMap::default();
        let options = ReadOptions {
            max_bytes: 1 << 20,
            fields: &fields,
            stored_bytes: None,
            workers,
        };
        let mut items = Vec::new();
        let mut sink = |item| items.push(item);
        with_records("in.json", options, &mut sink, |reader| match how {
            "document" => reader.read_document(Box::new(text)),
            "stdin" => reader.read_stream(Box::new(text), true),
            _ => reader.read_stream(Box::new(text), false),
        });
        summary(&items)
    }

    /// Records parsed on worker threads reach the sink in the order of the input, with the
    /// problems the reading thread finds itself (a line over the limit) in their place.
    #[test]
    fn records_read_on_worker_threads_keep_the_order_of_the_input() {
        let mut input = String::new();
        for n in 0..3500 {
            match n % 7 {
                0 => input.push_str("{not json\n"),
                1 => input.push('\n'),
                2 => input.push_str(&format!("{{\"title\": \"{n}\", \"body\": 5}}\n")),
                3 => input.push_str(&format!(
                    "{{\"body\": \"{}\"}}\n",
                    "x".repeat(if n % 5 == 3 { (1 << 20) + 10 } else { 3000 })
                )),
                _ => input.push_str(&format!(
                    "{{\"id\": \"b{n}\", \"body\": \"Tin số {n} ngày 3/4/2024\"}}\n"
                )),
            }
        }
        let read = read_records_as(&input, "jsonl");
        assert_eq!(
            read.iter().filter(|r| r.starts_with("ok")).count(),
            2000 + 400
        );
        assert!(read.iter().any(|r| r.contains("over the limit")));
        assert!(read.iter().any(|r| r.starts_with("skip in.json:1 ")));
    }

    /// A scraper's broken first line `[...` is one line skipped, not every line after it
    /// lost: JSON Lines are lines whatever their first byte, and standard input is an
    /// array only when it parses as one.
    #[test]
    fn a_first_line_opening_a_bracket_is_one_line() {
        let input = "[broken line\n{\"body\": \"a\"}\n{\"body\": \"b\"}\n";
        let expected = [
            "skip in.json:1 invalid JSON record",
            "ok in.json:2",
            "ok in.json:3",
            "fields body=body:2",
        ];
        assert_eq!(read_records_as(input, "jsonl"), expected);
        assert_eq!(read_records_as(input, "stdin"), expected);
        assert_eq!(
            read_records_as("[{\"body\": \"a\"},\n {\"body\": \"b\"}]\n", "stdin"),
            ["ok in.json:1", "ok in.json:2", "fields body=body:2"]
        );
    }

    #[test]
    fn system_directories_are_the_root_and_pseudo_file_systems() {
        for system in ["/", "/proc", "/proc/1", "/sys/kernel", "/dev", "/dev/fd"] {
            assert!(is_system_dir(Path::new(system)), "{system}");
        }
        for other in [
            "/home/an",
            "/tmp/proc",
            "/devices",
            "/system",
            "/dev/shm/tin",
        ] {
            assert!(!is_system_dir(Path::new(other)), "{other}");
        }
    }

    /// A record with a broken character is kept as a plain-text file would be, with U+FFFD
    /// and a warning; one in another encoding is skipped by its line.
    #[test]
    fn a_broken_character_in_a_record_is_replaced_not_the_record_lost() {
        let input = b"{\"body\": \"C\xC3ng an\"}\n{\"body\": \"C\xF4ng an t\xECnh \xD0\xE0\"}\n";
        for how in ["jsonl", "stdin", "document"] {
            assert_eq!(
                read_records_as(input, how),
                [
                    "warn in.json:1",
                    "ok in.json:1",
                    "skip in.json:2 not UTF-8 or UTF-16 text (4 invalid sequences); convert it to UTF-8",
                    "fields body=body:1"
                ],
                "{how}"
            );
        }
        let genuine = "\u{FFFD} ".repeat(40) + "x";
        let mut bytes = genuine.into_bytes();
        bytes.insert(0, 0xC3);
        assert!(repair_utf8(&bytes).is_ok_and(|d| d.warning.is_some_and(|w| w.starts_with("1 "))));
    }

    /// An input without a single record is skipped, as an empty plain-text file is.
    #[test]
    fn an_input_without_records_is_skipped() {
        for input in ["", "\n \n\t\n", "\u{FEFF}\n"] {
            for how in ["jsonl", "stdin", "document"] {
                assert_eq!(
                    read_records_as(input, how),
                    ["skip in.json empty"],
                    "{how} {input:?}"
                );
            }
        }
    }

    /// `/dev/zero` or an endless line stops the input with a message, never runs forever.
    #[test]
    fn nul_bytes_and_lines_without_end_stop_json_lines() {
        let zeros = vec![0u8; 1 << 16];
        let mut reader: Box<dyn BufRead> = Box::new(BufReader::new(&zeros[..]));
        let mut line = Vec::new();
        let err = read_line_bounded(&mut reader, &mut line, 100).expect_err("binary");
        assert_eq!(err.kind(), std::io::ErrorKind::InvalidData);
        let endless = std::io::repeat(b'x').take((64 << 20) + (1 << 21));
        let mut reader: Box<dyn BufRead> = Box::new(BufReader::new(endless));
        let err = read_line_bounded(&mut reader, &mut line, 100).expect_err("endless");
        assert!(err.to_string().contains("no end"), "{err}");
    }

    #[test]
    fn json_lines_report_bad_lines_by_number() {
        let input = "\n{\"body\": \"Sáng 11/7, Công an tỉnh Thanh Hóa\"}\n\nnot json\n{\"title\": \"x\"}\n{\"body\": \"b\", \"date\": \"hôm qua\"}\n";
        assert_eq!(
            read_records(input, false),
            [
                "ok in.json:2",
                "skip in.json:4 invalid JSON record",
                "skip in.json:5 no body",
                "warn in.json:6",
                "ok in.json:6",
                "fields title=title:1 body=body:2 date=date:1"
            ]
        );
    }

    #[test]
    fn a_line_over_the_limit_is_counted_not_kept() {
        let input = format!("{}\n{{\"body\": \"b\"}}\n", "x".repeat(10_000));
        let mut reader: Box<dyn BufRead> = Box::new(BufReader::with_capacity(64, input.as_bytes()));
        let mut line = Vec::new();
        assert_eq!(
            read_line_bounded(&mut reader, &mut line, 100).ok(),
            Some(10_001)
        );
        assert_eq!(line.len(), 101);
        line.clear();
        assert_eq!(
            read_line_bounded(&mut reader, &mut line, 100).ok(),
            Some(14)
        );
        assert_eq!(line, b"{\"body\": \"b\"}\n");
        line.clear();
        assert_eq!(read_line_bounded(&mut reader, &mut line, 100).ok(), Some(0));
    }

    #[test]
    fn json_arrays_are_read_element_by_element_with_their_lines() {
        let input = "[\n  {\"content\": \"Tin một\"},\n  {\"content\": \"Tin hai\", \"id\": 7},\n  42,\n  {\"headline\": \"x\"}\n]\n";
        let expected = [
            "ok in.json:2",
            "ok in.json:3",
            "skip in.json:4 invalid JSON record",
            "skip in.json:5 no body",
            "fields id=id:1 title=headline:1 body=content:2",
        ];
        assert_eq!(read_records(input, true), expected);
        assert_eq!(read_records(input, false), expected, "an array on stdin");
    }

    #[test]
    fn a_json_document_may_be_one_record_or_json_lines() {
        assert_eq!(
            read_records("\n{\n  \"body\": \"Tin\"\n}\n", true),
            ["ok in.json:2", "fields body=body:1"]
        );
        assert_eq!(
            read_records("{\"body\": \"a\"}\n{\"body\": \"b\"}\n", true),
            ["ok in.json:1", "ok in.json:2", "fields body=body:2"]
        );
        assert_eq!(
            read_records("[1, 2", true),
            ["skip in.json:1 invalid JSON array, nothing read from it"]
        );
    }

    #[test]
    fn extensions_choose_the_reader() {
        for (name, expected) in [
            ("a.jsonl", "lines"),
            ("a.NDJSON", "lines"),
            ("a.ndjson.gz", "lines"),
            ("a.jsonl.xz", "lines"),
            ("a.json", "document"),
            ("a.json.gz", "document"),
            ("a.txt", "plain"),
            ("json", "plain"),
        ] {
            let kind = match classify(PathBuf::from(name)) {
                Input::JsonLines(_) => "lines",
                Input::Json(_) => "document",
                _ => "plain",
            };
            assert_eq!(kind, expected, "{name}");
        }
    }
}
