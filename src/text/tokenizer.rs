//! The tantivy tokenizer for Vietnamese text: syllable tokens, folded and (when it differs)
//! exact at one position.
//!
//! Splitting follows Unicode word boundaries (UAX #29), with one refinement: punctuation
//! that UAX #29 keeps inside a word (`.`, `'`, `:`) splits it, except a `.` or `,` between two
//! digits. So `1.799`, `80,38` and `3.5` stay one token, while `TP.HCM` gives `tp`, `hcm`.
//! `/` and `-` always split: `27/3` gives `27`, `3` and `12-NQ/TW` gives `12`, `nq`, `tw`,
//! which a phrase query tokenized the same way finds again.
//!
//! Speed: the text is cut at whitespace first. A chunk of Latin letters (Vietnamese
//! included), combining marks and common punctuation is split directly at its punctuation,
//! which for those characters is what UAX #29 plus the refinement gives; only chunks holding
//! other scripts (CJK, Thai, emoji...) go through the UAX #29 tables.
//!
//! Every syllable yields, at the same position:
//! - the folded form (`tuy`), as [`super::normalize::SyllableNormalizer::folded`] makes it;
//! - the exact form behind [`EXACT_MARK`] (`~túy`), only when it differs from the folded
//!   form. A syllable without diacritics (`ma`, `an`, numbers: a quarter to a third of
//!   Vietnamese text) is one token, not two.
//!
//! One field thus answers queries typed with and without accents, and a phrase works in
//! either form: an exact phrase uses the marked term of each accented syllable and the plain
//! term of the others (`ma ~túy`). The price: an exact query cannot tell a plain `ma` from
//! `mà` (both have the term `ma`); it can tell every accented form apart (`~đường`,
//! `~dương`), which is what ranking exact matches first needs.
//!
//! Offsets are byte offsets into the original text, before any normalization. Tokens longer
//! than [`MAX_TOKEN_BYTES`] (base64 blobs, runaway strings) are dropped: nobody searches them
//! and tantivy refuses terms past 64 KiB.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

use super::normalize::{is_combining_mark, is_vietnamese_letter, SyllableNormalizer};

/// Prefix of the exact form of a token when it differs from the folded form.
pub const EXACT_MARK: char = '~';

/// Tokens longer than this, in bytes of the original text, are not indexed.
pub const MAX_TOKEN_BYTES: usize = 200;

/// The name the analyzer of syllables and words is registered under on every index: the
/// whole text is indexed with it.
pub const TOKENIZER_NAME: &str = "vi";

/// The name of the syllables-only analyzer, for the title field: nothing asks the title for
/// words (the whole text, title included, holds them), so titles are not segmented twice.
pub const SYLLABLE_TOKENIZER_NAME: &str = "vi-syllables";

/// Vietnamese syllable tokenizer; see the module documentation.
#[derive(Clone, Debug, Default)]
pub struct VietnameseTokenizer {
    token: Token,
    normalizer: SyllableNormalizer,
}

impl VietnameseTokenizer {
    pub fn new() -> Self {
        Self::default()
    }
}

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = VietnameseTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VietnameseTokenStream<'a> {
        self.token.reset();
        self.token.position = usize::MAX;
        VietnameseTokenStream {
            text,
            cursor: 0,
            uax29: None,
            pieces: Pieces::default(),
            normalizer: &mut self.normalizer,
            token: &mut self.token,
            exact_pending: false,
            uax29_everywhere: false,
        }
    }
}

pub struct VietnameseTokenStream<'a> {
    text: &'a str,
    /// Where the next whitespace-delimited chunk starts.
    cursor: usize,
    /// UAX #29 words of the current chunk, when it holds characters beyond Latin script.
    uax29: Option<(usize, UWordBoundIndices<'a>)>,
    pieces: Pieces<'a>,
    normalizer: &'a mut SyllableNormalizer,
    token: &'a mut Token,
    /// The exact form differs from the folded one just emitted: emit it next.
    exact_pending: bool,
    /// Sends every chunk through UAX #29: the reference the fast path is tested against.
    uax29_everywhere: bool,
}

impl VietnameseTokenStream<'_> {
    /// The next raw syllable as (start, end) byte offsets, or `None` at the end of the text.
    fn next_piece(&mut self) -> Option<(usize, usize)> {
        loop {
            if let Some(piece) = self.pieces.next() {
                return Some(piece);
            }
            if let Some((chunk_start, words)) = &mut self.uax29 {
                match words.next() {
                    Some((start, word)) if is_word(word) => {
                        self.pieces = Pieces::new(word, *chunk_start + start)
                    }
                    Some(_) => {}
                    None => self.uax29 = None,
                }
                continue;
            }
            let (start, end, latin_only) = self.next_chunk()?;
            let latin_only = latin_only && !self.uax29_everywhere;
            let chunk = &self.text[start..end];
            if latin_only {
                self.pieces = Pieces::new(chunk, start);
            } else {
                self.uax29 = Some((start, chunk.split_word_bound_indices()));
            }
        }
    }

    /// The next run of text between whitespace, and whether it holds Latin script only
    /// (where splitting at punctuation gives what UAX #29 plus our refinement would).
    fn next_chunk(&mut self) -> Option<(usize, usize, bool)> {
        let rest = &self.text[self.cursor..];
        let start = self.cursor + rest.find(|c: char| !c.is_whitespace())?;
        let mut latin_only = true;
        let mut end = self.text.len();
        for (at, c) in self.text[start..].char_indices() {
            if c.is_ascii() {
                if c.is_ascii_whitespace() {
                    end = start + at;
                    break;
                }
            } else if c.is_whitespace() {
                end = start + at;
                break;
            } else if latin_only && !is_latin_script(c) {
                latin_only = false;
            }
        }
        self.cursor = end;
        Some((start, end, latin_only))
    }
}

impl TokenStream for VietnameseTokenStream<'_> {
    fn advance(&mut self) -> bool {
        if self.exact_pending {
            self.exact_pending = false;
            self.token.text.clear();
            self.token.text.push(EXACT_MARK);
            self.token.text.push_str(self.normalizer.exact());
            return true;
        }
        while let Some((from, to)) = self.next_piece() {
            if to - from > MAX_TOKEN_BYTES {
                continue;
            }
            self.normalizer.normalize(&self.text[from..to]);
            if self.normalizer.exact().is_empty() {
                continue;
            }
            self.token.position = self.token.position.wrapping_add(1);
            self.token.offset_from = from;
            self.token.offset_to = to;
            self.token.text.clear();
            self.token.text.push_str(self.normalizer.folded());
            self.exact_pending = self.normalizer.exact() != self.normalizer.folded();
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Latin letters (Vietnamese included), combining marks and common punctuation: the
/// characters whose word boundaries are plain enough to skip UAX #29. Superscripts,
/// fractions and invisible format characters (soft hyphen, joiners, bidi controls) are left
/// to UAX #29, which treats them differently from `char::is_alphanumeric`.
fn is_latin_script(c: char) -> bool {
    match c as u32 {
        0x00AD | 0x00B2 | 0x00B3 | 0x00B9 | 0x00BC..=0x00BE => false,
        0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F => false,
        0x00A0..=0x024F | 0x0300..=0x036F | 0x1E00..=0x1EFF | 0x2000..=0x206F => true,
        _ => false,
    }
}

/// A UAX #29 segment is a word when it holds a letter or digit (not only spaces, punctuation
/// or stray combining marks).
fn is_word(segment: &str) -> bool {
    segment.chars().any(is_word_char)
}

/// Letters, digits and combining marks make up syllables; everything else separates them.
fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    is_vietnamese_letter(c) || is_combining_mark(c) || c.is_alphanumeric()
}

/// Splits text at every character that is not a letter, digit or combining mark, except a
/// `.` or `,` between two ASCII digits (`1.799`, `80,38`).
#[derive(Default)]
struct Pieces<'a> {
    text: &'a str,
    offset: usize,
    cursor: usize,
}

impl<'a> Pieces<'a> {
    fn new(text: &'a str, offset: usize) -> Self {
        Pieces {
            text,
            offset,
            cursor: 0,
        }
    }

    /// The byte width of the char at `at` if it separates syllables, else `None`.
    fn separator_at(&self, at: usize) -> Option<usize> {
        let byte = self.text.as_bytes()[at];
        if byte < 0x80 {
            return (!byte.is_ascii_alphanumeric()).then_some(1);
        }
        let c = self.text[at..].chars().next()?;
        (!is_word_char(c)).then(|| c.len_utf8())
    }

    fn joins_digits(&self, at: usize) -> bool {
        let bytes = self.text.as_bytes();
        matches!(bytes[at], b'.' | b',')
            && at > 0
            && bytes[at - 1].is_ascii_digit()
            && bytes.get(at + 1).is_some_and(u8::is_ascii_digit)
    }
}

impl Iterator for Pieces<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        let len = self.text.len();
        // A syllable starts at a letter or digit: leading separators and stray combining
        // marks (which UAX #29 leaves outside the word) are skipped.
        while self.cursor < len {
            match self.separator_at(self.cursor) {
                Some(width) => self.cursor += width,
                None => match self.text[self.cursor..].chars().next() {
                    Some(c) if is_combining_mark(c) => self.cursor += c.len_utf8(),
                    _ => break,
                },
            }
        }
        if self.cursor >= len {
            return None;
        }
        let start = self.cursor;
        let mut at = start;
        while at < len {
            match self.separator_at(at) {
                None => at += utf8_width(self.text.as_bytes()[at]),
                Some(_) if self.joins_digits(at) => at += 1,
                Some(_) => break,
            }
        }
        self.cursor = at;
        Some((self.offset + start, self.offset + at))
    }
}

fn utf8_width(first_byte: u8) -> usize {
    match first_byte {
        b if b < 0x80 => 1,
        b if b >= 0xF0 => 4,
        b if b >= 0xE0 => 3,
        _ => 2,
    }
}

#[cfg(test)]
mod tests;
