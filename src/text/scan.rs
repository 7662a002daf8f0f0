//! Byte-level versions of the standard library's `str::split_whitespace` and
//! `str::to_lowercase`, for the ingest path, which runs them on every bulletin.
//!
//! Both give exactly what the standard library gives (the tests compare them on every
//! character); they are faster on Vietnamese text because they look at bytes where the
//! standard library decodes every character and looks it up in Unicode tables: ASCII bytes
//! are handled one by one, and the letters of the Vietnamese alphabet by their code points.

/// The same pieces as `text.split_whitespace()`.
pub fn split_whitespace(text: &str) -> SplitWhitespace<'_> {
    SplitWhitespace { text, at: 0 }
}

/// Iterator of [`split_whitespace`].
pub struct SplitWhitespace<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Iterator for SplitWhitespace<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let bytes = self.text.as_bytes();
        let mut at = self.at;
        loop {
            if at >= bytes.len() {
                self.at = at;
                return None;
            }
            match whitespace_width(bytes, at) {
                0 => break,
                width => at += width,
            }
        }
        let start = at;
        // A continuation byte never starts whitespace, so stepping one byte at a time
        // stops only at character boundaries.
        loop {
            while at < bytes.len() && !MAY_START_WHITESPACE[usize::from(bytes[at])] {
                at += 1;
            }
            if at >= bytes.len() || whitespace_width(bytes, at) > 0 {
                break;
            }
            at += 1;
        }
        self.at = at;
        Some(&self.text[start..at])
    }
}

/// The bytes a whitespace character can start with.
const MAY_START_WHITESPACE: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0x09;
    while byte <= 0x0D {
        table[byte] = true;
        byte += 1;
    }
    table[0x20] = true;
    table[0xC2] = true;
    table[0xE1] = true;
    table[0xE2] = true;
    table[0xE3] = true;
    table
};

/// The UTF-8 width of the whitespace character (`char::is_whitespace`) starting at `at`, or
/// 0 when none starts there.
#[inline]
fn whitespace_width(bytes: &[u8], at: usize) -> usize {
    let byte = bytes[at];
    if byte < 0x80 {
        return usize::from(byte == b' ' || (0x09..=0x0D).contains(&byte));
    }
    let next = |n: usize| bytes.get(at + n).copied().unwrap_or(0);
    match (byte, next(1)) {
        // U+0085, U+00A0
        (0xC2, 0x85 | 0xA0) => 2,
        // U+1680
        (0xE1, 0x9A) if next(2) == 0x80 => 3,
        // U+2000..U+200A, U+2028, U+2029, U+202F
        (0xE2, 0x80) if matches!(next(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF) => 3,
        // U+205F
        (0xE2, 0x81) if next(2) == 0x9F => 3,
        // U+3000
        (0xE3, 0x80) if next(2) == 0x80 => 3,
        _ => 0,
    }
}

/// The same string as `text.to_lowercase()`.
pub fn to_lowercase(text: &str) -> String {
    let mut lower = String::with_capacity(text.len());
    for c in text.chars() {
        match lowercase_char(c) {
            Some(l) => lower.push(l),
            // Final sigma depends on the letters around it: the standard library's rule.
            None if c == 'Σ' => return text.to_lowercase(),
            None => lower.extend(c.to_lowercase()),
        }
    }
    lower
}

/// `c` lowercased when it is ASCII or in the Latin blocks Vietnamese is written with (where
/// case pairs sit side by side); `None` for the other characters.
#[inline]
fn lowercase_char(c: char) -> Option<char> {
    let code = c as u32;
    let lower = match code {
        0x00..=0x7F => return Some(c.to_ascii_lowercase()),
        // À..Þ, except ×.
        0xC0..=0xDE if code != 0xD7 => code + 0x20,
        0xD7..=0xFF => code,
        // Ā..į and Ŋ..ŷ: capital at even code points.
        0x0100..=0x012F | 0x014A..=0x0177 => code | 1,
        0x01A0 | 0x01A1 => 0x01A1,
        0x01AF | 0x01B0 => 0x01B0,
        0x0300..=0x036F => code,
        // Ḁ..ẕ and Ạ..ỿ: capital at even code points.
        0x1E00..=0x1E95 | 0x1EA0..=0x1EFF => code | 1,
        _ => return None,
    };
    char::from_u32(lower)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character the fast path lowercases, lowercased as the standard library does.
    #[test]
    fn lowercase_char_agrees_with_std_on_every_character() {
        let mut checked = 0;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if let Some(lower) = lowercase_char(c) {
                let expected: Vec<char> = c.to_lowercase().collect();
                assert_eq!(vec![lower], expected, "{c:?} U+{:04X}", c as u32);
                checked += 1;
            }
        }
        assert!(checked > 600, "{checked}");
    }

    #[test]
    fn to_lowercase_agrees_with_std() {
        for text in [
            "",
            "CÔNG AN TỈNH THỪA THIÊN HUẾ",
            "Đắk Lắk, Ĩ, Ũ, Ơ, Ư, Ă",
            "ΣΑΣ ΟΔΟΣ",
            "İstanbul",
            "ẞ and ǅ and Ǆ",
            "Привет МИР",
            "北京 and ①",
        ] {
            assert_eq!(to_lowercase(text), text.to_lowercase(), "{text}");
        }
    }

    #[test]
    fn split_whitespace_agrees_with_std_on_every_space() {
        let spaces: Vec<char> = (0..=0x10FFFF)
            .filter_map(char::from_u32)
            .filter(|c| c.is_whitespace())
            .collect();
        assert_eq!(spaces.len(), 25);
        // Near misses: characters whose UTF-8 shares a lead byte with a space.
        let others = [
            '\u{200B}', '\u{1681}', '\u{205E}', '\u{3001}', '\u{A1}', 'ạ', '“',
        ];
        let mut text = String::from("  đầu");
        for (i, c) in spaces.iter().chain(&others).enumerate() {
            text.push(*c);
            text.push_str(if i % 2 == 0 { "từ" } else { "x" });
            text.push(others[i % others.len()]);
        }
        text.push('\u{3000}');
        let expected: Vec<&str> = text.split_whitespace().collect();
        assert!(expected.len() > 20);
        assert_eq!(split_whitespace(&text).collect::<Vec<_>>(), expected);
        for text in ["", " ", "a", " a b\t\nc  ", "\u{A0}"] {
            assert_eq!(
                split_whitespace(text).collect::<Vec<_>>(),
                text.split_whitespace().collect::<Vec<_>>()
            );
        }
    }
}
