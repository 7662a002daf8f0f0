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
mod tests {
    use super::*;

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
}
