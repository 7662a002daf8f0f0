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
mod tests {
    use super::*;

    /// (position, from, to, exact, folded) for every syllable of `text`, checking that an
    /// exact token follows its folded one only when the forms differ, at the same place.
    fn syllables(text: &str) -> Vec<(usize, usize, usize, String, String)> {
        let mut tokenizer = VietnameseTokenizer::new();
        let mut stream = tokenizer.token_stream(text);
        let mut out: Vec<(usize, usize, usize, String, String)> = Vec::new();
        while stream.advance() {
            let token = stream.token();
            match token.text.strip_prefix(EXACT_MARK) {
                Some(exact) => {
                    let last = out
                        .last_mut()
                        .expect("an exact token follows its folded one");
                    assert_eq!(
                        (last.0, last.1, last.2),
                        (token.position, token.offset_from, token.offset_to)
                    );
                    assert_ne!(last.4, exact, "exact token equal to the folded one");
                    last.3 = exact.to_owned();
                }
                None => out.push((
                    token.position,
                    token.offset_from,
                    token.offset_to,
                    token.text.clone(),
                    token.text.clone(),
                )),
            }
        }
        out
    }

    /// Every token of `text` as (position, from, to, text), through the fast path or UAX #29.
    fn all_tokens(text: &str, uax29_everywhere: bool) -> Vec<(usize, usize, usize, String)> {
        let mut tokenizer = VietnameseTokenizer::new();
        let mut stream = tokenizer.token_stream(text);
        stream.uax29_everywhere = uax29_everywhere;
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.position, t.offset_from, t.offset_to, t.text.clone()));
        }
        out
    }

    fn assert_fast_path_agrees(text: &str) {
        let fast = all_tokens(text, false);
        let reference = all_tokens(text, true);
        if fast != reference {
            let at = fast
                .iter()
                .zip(&reference)
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let from = fast.get(at).or(reference.get(at)).map_or(0, |t| t.1);
            let context: String = text[from..].chars().take(40).collect();
            panic!(
                "fast path differs from UAX #29 at token {at}: {:?} vs {:?} in {context:?}",
                fast.get(at),
                reference.get(at)
            );
        }
    }

    #[test]
    fn fast_path_agrees_with_uax29_on_tricky_text() {
        for text in [
            "1.799 đối tượng, 80,38% và 1..2 hoặc 1,2,3 a1.2 1.a",
            "TP.HCM, Q.1 (TP. Hồ Chí Minh); email a.b@c.vn #tag",
            "“đột xuất”, ‘bất ngờ’ – ... 12-NQ/TW 06/CP 27/3/2024",
            "Thanh Hoá\u{00a0}ma tuý · naïve café Ñoño l’ANTT",
        ] {
            assert_fast_path_agrees(text);
        }
    }

    #[test]
    #[ignore = "needs ../shared/corpus; .ci/run runs it where the corpus exists"]
    fn fast_path_agrees_with_uax29_on_the_corpus() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../shared/corpus/vietnews.jsonl.xz");
        let file = std::fs::File::open(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let reader = std::io::BufReader::new(xz2::read::XzDecoder::new(file));
        for line in std::io::BufRead::lines(reader).take(3000) {
            let line = line.expect("corpus decompresses");
            let value: serde_json::Value =
                serde_json::from_str(&line).expect("corpus line is JSON");
            assert_fast_path_agrees(value["body"].as_str().unwrap_or_default());
        }
    }

    fn texts(text: &str) -> Vec<String> {
        syllables(text).into_iter().map(|s| s.3).collect()
    }

    #[test]
    fn positions_and_offsets_of_a_seed_phrase() {
        // seed 000: "Tội phạm về ma túy đã được đấu tranh"
        let text = "Tội phạm về ma túy";
        assert_eq!(&text[6..12], "phạm");
        assert_eq!(
            syllables(text),
            vec![
                (0, 0, 5, "tội".into(), "toi".into()),
                (1, 6, 12, "phạm".into(), "pham".into()),
                (2, 13, 17, "về".into(), "ve".into()),
                (3, 18, 20, "ma".into(), "ma".into()),
                (4, 21, 25, "túy".into(), "tuy".into()),
            ]
        );
    }

    #[test]
    fn offsets_point_into_decomposed_original() {
        let text: String = unicode_normalization::UnicodeNormalization::nfd("ma túy").collect();
        let tokens = syllables(&text);
        assert_eq!(tokens[1].3, "túy");
        assert_eq!(
            &text[tokens[1].1..tokens[1].2],
            unicode_normalization::UnicodeNormalization::nfd("túy").collect::<String>()
        );
    }

    #[test]
    fn numbers_with_separators_stay_whole() {
        // seed 000: "(80,38%)", seed 001: "1.113 vụ, 5.021 đối tượng"
        assert_eq!(
            texts("đạt tỷ lệ cao (80,38%)"),
            ["đạt", "tỷ", "lệ", "cao", "80,38"]
        );
        assert_eq!(
            texts("1.113 vụ, 5.021 đối tượng"),
            ["1.113", "vụ", "5.021", "đối", "tượng"]
        );
    }

    #[test]
    fn dates_split_into_day_and_month() {
        // seed 000: "Sáng 11/7," seed 001: "Ngày 28/9/2023,"
        assert_eq!(texts("Sáng 11/7,"), ["sáng", "11", "7"]);
        assert_eq!(texts("Ngày 28/9/2023,"), ["ngày", "28", "9", "2023"]);
    }

    #[test]
    fn document_codes_become_consecutive_tokens() {
        // seed 000: "Nghị quyết số 12-NQ/TW", "Đề án 06"
        let tokens = syllables("Nghị quyết số 12-NQ/TW của");
        let code: Vec<_> = tokens[3..6].iter().map(|t| (t.0, t.3.as_str())).collect();
        assert_eq!(code, [(3, "12"), (4, "nq"), (5, "tw")]);
        assert_eq!(texts("Đề án 06/CP"), ["đề", "án", "06", "cp"]);
    }

    #[test]
    fn dotted_abbreviations_split() {
        assert_eq!(texts("TP.HCM"), ["tp", "hcm"]);
        assert_eq!(
            texts("Công an TP. Hưng Yên"),
            ["công", "an", "tp", "hưng", "yên"]
        );
    }

    #[test]
    fn quotes_and_apostrophes_do_not_stick() {
        // seed 004: "phong trào thi đua 'Vì an ninh Tổ quốc'"
        assert_eq!(
            texts("'Vì an ninh Tổ quốc'"),
            ["vì", "an", "ninh", "tổ", "quốc"]
        );
        assert_eq!(texts("“đột xuất”"), ["đột", "xuất"]);
    }

    #[test]
    fn both_tone_placements_give_one_token() {
        // seed 000 writes "Thanh Hóa", seed 004 "Thanh Hóa" and "Thanh Hoá" elsewhere
        assert_eq!(texts("Thanh Hoá"), texts("Thanh Hóa"));
        assert_eq!(texts("Uỷ viên"), texts("Ủy viên"));
    }

    #[test]
    fn uppercase_d_with_stroke() {
        assert_eq!(syllables("ĐOÀN")[0].3, "đoàn");
        assert_eq!(syllables("ĐOÀN")[0].4, "doan");
    }

    #[test]
    fn punctuation_only_text_has_no_tokens() {
        assert!(syllables(" ... – “” \u{0301} ").is_empty());
        assert!(syllables("").is_empty());
    }

    #[test]
    fn overlong_token_is_dropped_without_gap() {
        let long = "a".repeat(MAX_TOKEN_BYTES + 1);
        let tokens = syllables(&format!("ma {long} túy"));
        assert_eq!(
            tokens
                .iter()
                .map(|t| (t.0, t.3.as_str()))
                .collect::<Vec<_>>(),
            [(0, "ma"), (1, "túy")]
        );
    }

    #[test]
    fn one_megabyte_word_is_dropped_in_linear_time() {
        let word = "đ".repeat(1 << 19);
        assert_eq!(texts(&format!("ma {word} túy")), ["ma", "túy"]);
    }

    #[test]
    fn emoji_and_cjk_do_not_break_the_stream() {
        assert_eq!(texts("ma 😀 túy 公安"), ["ma", "túy", "公", "安"]);
    }
}
