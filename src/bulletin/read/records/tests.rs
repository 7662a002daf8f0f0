//! Tests of `records`.

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
