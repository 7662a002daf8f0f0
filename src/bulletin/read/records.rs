//! JSON records: JSON Lines streamed line by line within the record limit, a `.json` document
//! as one array, one record or JSON Lines, each record parsed here or on worker threads.

use std::io::{BufRead, BufReader, Read};

use super::decode::{repair_utf8, strip_bom};
use super::pool::{Parsed, Pool};
use super::record::{FieldMap, Record};
use super::{FieldUse, Item, ReadOptions, Sink};
use crate::bulletin::Bulletin;

/// A `.json` file is parsed whole in memory; larger ones should be JSON Lines.
pub const MAX_JSON_DOCUMENT_BYTES: u64 = 1 << 30;

/// A line of JSON Lines longer than the record limit is passed over to its end; one longer
/// than this many times the limit (and 64 MiB) has no end worth waiting for, and stops the
/// input.
const ENDLESS_LINE_FACTOR: u64 = 4;

/// Reads JSON records from one input and counts which field names it read them from.
pub(super) struct RecordReader<'a> {
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
pub(super) fn with_records(
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
    pub(super) fn read_stream(&mut self, mut reader: Box<dyn BufRead + '_>, array_allowed: bool) {
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
    pub(super) fn read_document(&mut self, reader: Box<dyn BufRead + '_>) {
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
    let (json, repair) = match simdutf8::basic::from_utf8(json) {
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
pub(super) fn first_byte(reader: &mut dyn BufRead) -> std::io::Result<(Option<u8>, usize)> {
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

#[cfg(test)]
mod tests;
