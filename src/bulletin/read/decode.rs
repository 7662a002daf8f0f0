//! Bytes to text: UTF-8, UTF-16 and UTF-32 with or without a BOM, a few broken UTF-8 bytes
//! replaced with a warning.

/// Invalid UTF-8 bytes a text file may have and still be read (with a warning).
pub const MAX_REPLACED_BYTES: usize = 16;

pub(super) fn strip_bom(bytes: &[u8]) -> &[u8] {
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
pub(super) fn repair_utf8(bytes: &[u8]) -> Result<Decoded, String> {
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
}
