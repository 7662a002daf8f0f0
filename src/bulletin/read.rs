//! Reading bulletins from files, directories and standard input.
//!
//! - A directory is walked recursively, in sorted order; hidden files are skipped.
//! - `.jsonl` (also `.jsonl.xz`, `.jsonl.gz`) and `-` (standard input) are JSON Lines, one
//!   [`super::BulletinRecord`] a line, streamed. Any other file is one plain-text bulletin.
//! - Text is UTF-8 with or without BOM, or UTF-16 LE/BE with BOM. A UTF-8 file with a few
//!   invalid bytes (at most [`MAX_REPLACED_BYTES`] and 1 in 1,000) is kept with U+FFFD in
//!   their place and a warning: scrapers cut multi-byte characters at buffer ends, and losing
//!   a whole bulletin for one broken character helps nobody. More than that is not text.
//!
//! Problems never stop the run: each bad file or line becomes an [`Item::Skipped`] naming it.

use std::fs::File;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::{Bulletin, BulletinRecord};

/// Invalid UTF-8 bytes a text file may have and still be read (with a warning).
pub const MAX_REPLACED_BYTES: usize = 16;

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
}

/// An input as given on the command line, after walking directories.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    Stdin,
    Plain(PathBuf),
    JsonLines(PathBuf),
}

impl Input {
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_owned(),
            Input::Plain(path) | Input::JsonLines(path) => path.display().to_string(),
        }
    }
}

/// Expands the command line's paths into inputs. Paths that do not exist are reported as
/// skipped items in `problems`, not as errors: the rest still gets indexed.
pub fn collect_inputs(paths: &[PathBuf], problems: &mut Vec<Item>) -> Vec<Input> {
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            walk(path, &mut inputs, problems);
        } else if path.exists() {
            inputs.push(classify(path.clone()));
        } else {
            problems.push(Item::Skipped {
                location: path.display().to_string(),
                reason: "no such file or directory".to_owned(),
            });
        }
    }
    inputs
}

fn walk(dir: &Path, inputs: &mut Vec<Input>, problems: &mut Vec<Item>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(err) => {
            problems.push(Item::Skipped {
                location: dir.display().to_string(),
                reason: format!("cannot read directory: {err}"),
            });
            return;
        }
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
    for path in paths {
        if path.is_dir() {
            walk(&path, inputs, problems);
        } else {
            inputs.push(classify(path));
        }
    }
}

fn classify(path: PathBuf) -> Input {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    if name.ends_with(".jsonl") || name.ends_with(".jsonl.xz") || name.ends_with(".jsonl.gz") {
        Input::JsonLines(path)
    } else {
        Input::Plain(path)
    }
}

/// Reads one input, handing every bulletin, skip and warning to `emit`. `max_bytes` bounds a
/// plain-text file and a JSON line. Returns the bytes of text read.
pub fn read_input(input: &Input, max_bytes: u64, emit: &mut dyn FnMut(Item)) -> u64 {
    match input {
        Input::Plain(path) => read_plain(path, max_bytes, emit),
        Input::JsonLines(path) => match open_json_lines(path) {
            Ok(reader) => read_json_lines(reader, &path.display().to_string(), max_bytes, emit),
            Err(err) => {
                emit(Item::Skipped {
                    location: path.display().to_string(),
                    reason: format!("cannot open: {err}"),
                });
                0
            }
        },
        Input::Stdin => read_json_lines(
            Box::new(std::io::stdin().lock()),
            "<stdin>",
            max_bytes,
            emit,
        ),
    }
}

fn read_plain(path: &Path, max_bytes: u64, emit: &mut dyn FnMut(Item)) -> u64 {
    let location = path.display().to_string();
    let skip = |reason: String| Item::Skipped {
        location: location.clone(),
        reason,
    };
    let size = match std::fs::metadata(path) {
        Ok(meta) => meta.len(),
        Err(err) => {
            emit(skip(format!("cannot read: {err}")));
            return 0;
        }
    };
    if size > max_bytes {
        emit(skip(format!(
            "{size} bytes is over the limit of {max_bytes} (--max-file-mb)"
        )));
        return 0;
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) => {
            emit(skip(format!("cannot read: {err}")));
            return 0;
        }
    };
    match decode_text(&bytes) {
        Ok(decoded) => {
            if let Some(message) = decoded.warning {
                emit(Item::Warning {
                    location: location.clone(),
                    message,
                });
            }
            let bulletin = Bulletin::from_plain_text(&decoded.text, location.clone());
            if bulletin.title.is_empty() && bulletin.body.is_empty() {
                emit(skip("no text".to_owned()));
            } else {
                emit(Item::Bulletin(Box::new(bulletin)));
            }
        }
        Err(reason) => emit(skip(reason)),
    }
    bytes.len() as u64
}

fn open_json_lines(path: &Path) -> std::io::Result<Box<dyn BufRead>> {
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

fn read_json_lines(
    mut reader: Box<dyn BufRead + '_>,
    name: &str,
    max_bytes: u64,
    emit: &mut dyn FnMut(Item),
) -> u64 {
    let mut line = Vec::new();
    let mut total = 0u64;
    let mut number = 0usize;
    loop {
        line.clear();
        let read = match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(n) => n,
            Err(err) => {
                emit(Item::Skipped {
                    location: format!("{name}:{}", number + 1),
                    reason: format!("read error, rest of file skipped: {err}"),
                });
                break;
            }
        };
        number += 1;
        total += read as u64;
        let location = format!("{name}:{number}");
        let text = strip_bom(&line);
        if text.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        if read as u64 > max_bytes {
            emit(Item::Skipped {
                location,
                reason: format!(
                    "line of {read} bytes is over the limit of {max_bytes} (--max-file-mb)"
                ),
            });
            continue;
        }
        emit(parse_record_line(text, location));
    }
    total
}

fn parse_record_line(line: &[u8], location: String) -> Item {
    let record: BulletinRecord = match serde_json::from_slice(line) {
        Ok(record) => record,
        Err(err) => {
            return Item::Skipped {
                location,
                reason: format!("invalid JSON Lines record: {err}"),
            }
        }
    };
    match Bulletin::from_record(record, location.clone()) {
        Ok(bulletin) => Item::Bulletin(Box::new(bulletin)),
        Err(err) => Item::Skipped {
            location,
            reason: err.to_string(),
        },
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

/// Decodes UTF-8 (BOM optional) or UTF-16 with BOM; the error says why the bytes are not text.
pub fn decode_text(bytes: &[u8]) -> Result<Decoded, String> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        decode_utf16(rest, u16::from_le_bytes)?
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        decode_utf16(rest, u16::from_be_bytes)?
    } else {
        return decode_utf8(strip_bom(bytes));
    };
    non_empty(Decoded {
        text,
        warning: None,
    })
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

    #[test]
    fn json_lines_report_bad_lines_by_number() {
        let input = "{\"body\": \"Sáng 11/7, Công an tỉnh Thanh Hóa\"}\n\nnot json\n{\"title\": \"x\"}\n{\"body\": \"b\", \"date\": \"hôm qua\"}\n";
        let mut items = Vec::new();
        read_json_lines(
            Box::new(input.as_bytes()),
            "in.jsonl",
            1 << 20,
            &mut |item| items.push(item),
        );
        let summary: Vec<String> = items
            .iter()
            .map(|item| match item {
                Item::Bulletin(b) => format!("ok {}", b.source),
                Item::Skipped { location, reason } => format!(
                    "skip {location} {}",
                    reason.split(':').next().unwrap_or_default()
                ),
                Item::Warning { location, .. } => format!("warn {location}"),
            })
            .collect();
        assert_eq!(
            summary,
            [
                "ok in.jsonl:1",
                "skip in.jsonl:3 invalid JSON Lines record",
                "skip in.jsonl:4 invalid JSON Lines record",
                "skip in.jsonl:5 `date` \"hôm qua\" is not YYYY, YYYY-MM or YYYY-MM-DD"
            ]
        );
    }
}
