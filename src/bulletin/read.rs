//! Reading bulletins from files, directories and standard input.
//!
//! - A directory is walked recursively, in sorted order; hidden files are skipped. Symbolic
//!   links are followed, each real file is read once however many ways lead to it, and a
//!   link that leads back into its own folder is reported once and not followed.
//! - `.jsonl` and `.ndjson` (also `.xz`, `.gz`) are JSON Lines, one record a line, streamed;
//!   `.json` is one array of records (or one record, or JSON Lines after all); `-` is
//!   standard input, JSON Lines or one array. Records are read by [`super::record`]. Any
//!   other file is one plain-text bulletin.
//! - Text is UTF-8 with or without BOM, or UTF-16 LE/BE with a BOM or without one (told by
//!   its NUL bytes). A UTF-8 file with a few invalid bytes (at most [`MAX_REPLACED_BYTES`]
//!   and 1 in 1,000) is kept with U+FFFD in their place and a warning: scrapers cut
//!   multi-byte characters at buffer ends, and losing a whole bulletin for one broken
//!   character helps nobody. More than that is not text.
//!
//! A path given on the command line that does not exist is an error before any work; every
//! other problem becomes an [`Item::Skipped`] or [`Item::Warning`] naming the file or line,
//! and the run goes on.

use std::collections::HashSet;
use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::record::{FieldMap, Record};
use super::Bulletin;

/// Invalid UTF-8 bytes a text file may have and still be read (with a warning).
pub const MAX_REPLACED_BYTES: usize = 16;

/// A `.json` file is parsed whole in memory; larger ones should be JSON Lines.
pub const MAX_JSON_DOCUMENT_BYTES: u64 = 1 << 30;

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
}

/// Expands the command line's paths into inputs. A path that does not exist is an error
/// (before any work); problems found while walking directories go to `problems`.
pub fn collect_inputs(
    paths: &[PathBuf],
    problems: &mut Vec<Item>,
) -> Result<Vec<Input>, InputError> {
    if let Some(missing) = paths
        .iter()
        .find(|p| p.as_os_str() != "-" && std::fs::symlink_metadata(p).is_err())
    {
        return Err(InputError::Missing(missing.clone()));
    }
    let mut walk = Walk {
        inputs: Vec::new(),
        problems,
        seen_files: HashSet::new(),
        seen_dirs: HashSet::new(),
        open_dirs: Vec::new(),
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
        Input::Plain(path) => read_plain(path, options.max_bytes, sink),
        Input::JsonLines(path) | Input::Json(path) => {
            let name = path.display().to_string();
            let reader = match open_maybe_compressed(path) {
                Ok(reader) => reader,
                Err(err) => {
                    return sink.item(Item::Skipped {
                        location: name,
                        reason: format!("cannot open: {err}"),
                    })
                }
            };
            let mut records = RecordReader::new(&name, options, sink);
            if matches!(input, Input::Json(_)) {
                records.read_document(reader);
            } else {
                records.read_stream(reader);
            }
            records.finish();
        }
        Input::Stdin => {
            let mut records = RecordReader::new("<stdin>", options, sink);
            records.read_stream(Box::new(std::io::stdin().lock()));
            records.finish();
        }
    }
}

fn read_plain(path: &Path, max_bytes: u64, sink: &mut dyn Sink) {
    let location = path.display().to_string();
    let skip = |reason: String| Item::Skipped {
        location: location.clone(),
        reason,
    };
    let bytes = match read_bounded(path, max_bytes) {
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

/// The file's bytes, or `Err(size)` when it is larger than `max_bytes`. Reads at most one
/// byte past the limit, so a pipe or a device never fills memory.
fn read_bounded(path: &Path, max_bytes: u64) -> std::io::Result<Result<Vec<u8>, u64>> {
    let file = File::open(path)?;
    let size = file.metadata().map_or(0, |m| m.len());
    if size > max_bytes {
        return Ok(Err(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max_bytes.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > max_bytes {
        return Ok(Err(size.max(bytes.len() as u64)));
    }
    Ok(Ok(bytes))
}

/// A buffered reader of `path`, decompressed when its name ends in `.xz` or `.gz`
/// (concatenated streams included).
pub fn open_maybe_compressed(path: &Path) -> std::io::Result<Box<dyn BufRead>> {
    let file = File::open(path)?;
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
}

impl<'a> RecordReader<'a> {
    fn new(name: &'a str, options: ReadOptions<'a>, sink: &'a mut dyn Sink) -> Self {
        RecordReader {
            name,
            options,
            sink,
            usage: vec![0; options.fields.len()],
        }
    }

    fn skip(&mut self, line: usize, reason: String) {
        self.sink.item(Item::Skipped {
            location: format!("{}:{line}", self.name),
            reason,
        });
    }

    /// JSON Lines, streamed; an array instead (`[` first) is read whole.
    fn read_stream(&mut self, mut reader: Box<dyn BufRead + '_>) {
        let mut number = match first_byte(&mut reader) {
            Ok((Some(b'['), _)) => return self.read_document(reader),
            Ok((_, blank_lines)) => blank_lines,
            Err(err) => return self.skip(1, format!("read error: {err}")),
        };
        let mut line = Vec::new();
        loop {
            line.clear();
            let max = self.options.max_bytes;
            let read = match read_line_bounded(&mut reader, &mut line, max) {
                Ok(0) => break,
                Ok(n) => n,
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
            return self.bulletin(record, line);
        }
        for (number, line) in text.split(|b| *b == b'\n').enumerate() {
            if !line.iter().all(u8::is_ascii_whitespace) {
                self.record(line, number + 1);
            }
        }
    }

    fn record(&mut self, json: &[u8], line: usize) {
        match self.options.fields.parse(json) {
            Ok(record) => self.bulletin(record, line),
            Err(err) => self.skip(line, format!("invalid JSON record: {err}")),
        }
    }

    fn bulletin(&mut self, record: Record, line: usize) {
        for at in record.used() {
            self.usage[at] += 1;
        }
        let location = format!("{}:{line}", self.name);
        match Bulletin::from_record(record, location.clone()) {
            Ok((bulletin, warnings)) => {
                for message in warnings {
                    self.sink.item(Item::Warning {
                        location: location.clone(),
                        message,
                    });
                }
                self.sink.item(Item::Bulletin(Box::new(bulletin)));
            }
            Err(err) => self.skip(line, err.to_string()),
        }
    }

    /// Reports which field names the records were read from.
    fn finish(self) {
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

/// Reads one line (with its `\n`) into `line`, keeping at most `max_bytes + 1` of it: a
/// line of gigabytes (a binary file named `.jsonl`) is counted and passed over, never held
/// in memory. Returns the bytes the line had (0 at the end of input).
fn read_line_bounded(
    reader: &mut dyn BufRead,
    line: &mut Vec<u8>,
    max_bytes: u64,
) -> std::io::Result<usize> {
    let keep = usize::try_from(max_bytes.saturating_add(1)).unwrap_or(usize::MAX);
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
    let text = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
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
        Err(_) => {
            let text = String::from_utf8_lossy(bytes).into_owned();
            let replaced = text
                .chars()
                .filter(|c| *c == char::REPLACEMENT_CHARACTER)
                .count();
            if replaced > MAX_REPLACED_BYTES || replaced * 1000 > bytes.len() {
                return Err(format!(
                    "not UTF-8 or UTF-16 text ({replaced} invalid sequences); convert it to UTF-8"
                ));
            }
            non_empty(Decoded {
                text,
                warning: Some(format!(
                    "{replaced} invalid UTF-8 sequence(s) replaced with U+FFFD"
                )),
            })
        }
    }
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

    fn read_records(text: &str, document: bool) -> Vec<String> {
        let fields = FieldMap::default();
        let options = ReadOptions {
            max_bytes: 1 << 20,
            fields: &fields,
        };
        let mut items = Vec::new();
        let mut sink = |item| items.push(item);
        let mut reader = RecordReader::new("in.json", options, &mut sink);
        if document {
            reader.read_document(Box::new(text.as_bytes()));
        } else {
            reader.read_stream(Box::new(text.as_bytes()));
        }
        reader.finish();
        summary(&items)
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
