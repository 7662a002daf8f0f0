//! Normalization of one token into its exact and folded forms.
//!
//! The order is fixed (see STYLE.md): NFC, lowercase, canonical tone placement, then folding.
//! Lowercasing before tone placement is equivalent and lets the tone rule look at lowercase
//! letters only.
//!
//! - **Exact form**: NFC, lowercase, tone mark in the canonical position. `Hoá`, `hoá`, `HÒA`
//!   and the decomposed `hòa` all become `hòa`.
//! - **Folded form**: the exact form without any diacritic: the five tones go, `đ→d`,
//!   `ă/â→a`, `ê→e`, `ô/ơ→o`, `ư→u`. Other Latin letters with diacritics (`é`, `ñ`) lose them
//!   too; letters of other scripts pass through lowercased.
//!
//! ## Canonical tone placement
//! Vietnamese writes the tone of an open syllable ending in `oa`, `oe` or `uy` on either vowel:
//! `hóa`/`hoá`, `khỏe`/`khoẻ`, `thủy`/`thuỷ`, `úy`/`uý`, `òa`/`oà`. Both spellings occur in the
//! same bulletin. The canonical form puts the tone on the first vowel (`hóa`, `thủy`), the
//! placement the seeds and most Vietnamese news use. After `q` the `u` belongs to the
//! consonant, so `quý` is left alone. With a final consonant there is only one spelling
//! (`hoàng`, `thuyết`), so those are not touched either.
//!
//! Everything here works on reused buffers: no allocation per token once they have grown.
//! What the tokenizer calls per token is `#[inline]`: it lives in the bantin crate, and
//! without the attribute a call across crates could not be inlined.

use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};

/// The six tones, in table order: level, grave, acute, hook above, tilde, dot below.
const TONES: usize = 6;

/// Vietnamese vowels in every tone, one row per vowel quality, columns in `TONES` order.
const VOWEL_ROWS: [&str; 12] = [
    "aàáảãạ",
    "ăằắẳẵặ",
    "âầấẩẫậ",
    "eèéẻẽẹ",
    "êềếểễệ",
    "iìíỉĩị",
    "oòóỏõọ",
    "ôồốổỗộ",
    "ơờớởỡợ",
    "uùúủũụ",
    "ưừứửữự",
    "yỳýỷỹỵ",
];

/// The first code point the letter table covers; every Vietnamese letter outside ASCII lies
/// in `TABLE_START..TABLE_END`.
const TABLE_START: u32 = 0x00C0;
const TABLE_END: u32 = 0x1F00;

/// What the table knows of one Vietnamese letter.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Letter {
    /// The letter lowercased, tone kept (`Ố` → `ố`).
    lower: char,
    /// The lowercase vowel quality without tone (`ố` → `ô`); `lower` for consonants.
    toneless: char,
    /// Index into a `VOWEL_ROWS` row; 0 for consonants and level-tone vowels.
    tone: u8,
    /// The ASCII letter it folds to (`ố` → `o`, `đ` → `d`).
    folded: u8,
}

#[inline]
fn letter_table() -> &'static [Option<Letter>] {
    static TABLE: std::sync::OnceLock<Vec<Option<Letter>>> = std::sync::OnceLock::new();
    TABLE.get_or_init(build_letter_table)
}

fn build_letter_table() -> Vec<Option<Letter>> {
    let mut table = vec![None; (TABLE_END - TABLE_START) as usize];
    let mut insert = |c: char, letter: Letter| {
        let code = c as u32;
        if (TABLE_START..TABLE_END).contains(&code) {
            table[(code - TABLE_START) as usize] = Some(letter);
        }
    };
    for row in VOWEL_ROWS {
        let toneless = row.chars().next().unwrap_or('a');
        let folded = fold_latin_char(toneless).unwrap_or(b'a');
        for (tone, lower) in row.chars().enumerate() {
            let letter = Letter {
                lower,
                toneless,
                tone: tone as u8,
                folded,
            };
            insert(lower, letter);
            for upper in lower.to_uppercase() {
                insert(upper, letter);
            }
        }
    }
    let d = Letter {
        lower: 'đ',
        toneless: 'đ',
        tone: 0,
        folded: b'd',
    };
    insert('đ', d);
    insert('Đ', d);
    table
}

/// True for the non-ASCII letters of the Vietnamese alphabet, in either case.
#[inline]
pub fn is_vietnamese_letter(c: char) -> bool {
    lookup(c).is_some()
}

/// The ASCII letter a lowercase or uppercase Vietnamese or ASCII letter folds to (`Ố` → `o`,
/// `đ` → `d`, `B` → `b`); `None` for anything else.
#[inline]
pub fn folded_letter(c: char) -> Option<u8> {
    if c.is_ascii_alphabetic() {
        return Some(c.to_ascii_lowercase() as u8);
    }
    lookup(c).map(|letter| letter.folded)
}

#[inline]
fn lookup(c: char) -> Option<Letter> {
    let code = c as u32;
    if !(TABLE_START..TABLE_END).contains(&code) {
        return None;
    }
    letter_table()[(code - TABLE_START) as usize]
}

/// Folds a non-Vietnamese Latin letter with diacritics to its ASCII base (`é` → `e`), by
/// canonical decomposition. Returns `None` when the base is not ASCII.
fn fold_latin_char(c: char) -> Option<u8> {
    let mut base = None;
    unicode_normalization::char::decompose_canonical(c, |part| {
        if base.is_none() {
            base = Some(part);
        }
    });
    base.filter(char::is_ascii)
        .map(|b| b.to_ascii_lowercase() as u8)
}

/// The vowel `toneless` carrying `tone` (an index into a `VOWEL_ROWS` row).
fn with_tone(toneless: char, tone: u8) -> char {
    VOWEL_ROWS
        .iter()
        .find(|row| row.starts_with(toneless))
        .and_then(|row| row.chars().nth(tone as usize))
        .unwrap_or(toneless)
}

/// Reusable buffers that turn one raw token into its exact and folded forms.
#[derive(Clone, Debug, Default)]
pub struct SyllableNormalizer {
    nfc: String,
    exact: String,
    folded: String,
}

impl SyllableNormalizer {
    #[inline]
    pub fn new() -> Self {
        Self::default()
    }

    /// Normalizes `raw`; read the results with [`Self::exact`] and [`Self::folded`].
    #[inline]
    pub fn normalize(&mut self, raw: &str) {
        self.exact.clear();
        self.folded.clear();
        if raw.is_ascii() {
            self.push_ascii(raw);
            return;
        }
        if is_nfc_fast(raw) {
            self.push_unicode(raw);
        } else {
            let mut nfc = std::mem::take(&mut self.nfc);
            nfc.clear();
            nfc.extend(raw.nfc());
            self.push_unicode(&nfc);
            self.nfc = nfc;
        }
    }

    /// NFC, lowercase, canonical tone placement.
    #[inline]
    pub fn exact(&self) -> &str {
        &self.exact
    }

    /// The exact form without diacritics.
    #[inline]
    pub fn folded(&self) -> &str {
        &self.folded
    }

    #[inline]
    fn push_ascii(&mut self, raw: &str) {
        for byte in raw.bytes() {
            let lower = byte.to_ascii_lowercase() as char;
            self.exact.push(lower);
            self.folded.push(lower);
        }
    }

    #[inline]
    fn push_unicode(&mut self, nfc: &str) {
        for c in nfc.chars() {
            if c.is_ascii() {
                let lower = c.to_ascii_lowercase();
                self.exact.push(lower);
                self.folded.push(lower);
            } else if let Some(letter) = lookup(c) {
                self.exact.push(letter.lower);
                self.folded.push(letter.folded as char);
            } else {
                self.push_other(c);
            }
        }
        canonical_tone_placement(&mut self.exact);
    }

    /// Letters outside the Vietnamese alphabet: lowercase, fold Latin diacritics away, drop
    /// combining marks left over after NFC (a lone mark has nothing to attach to).
    #[inline]
    fn push_other(&mut self, c: char) {
        if is_combining_mark(c) {
            return;
        }
        for lower in c.to_lowercase() {
            self.exact.push(lower);
            // `İ` lowercases to `i` and a combining dot: the folded form keeps no mark.
            if is_combining_mark(lower) {
                continue;
            }
            match fold_latin_char(lower) {
                Some(ascii) => self.folded.push(ascii as char),
                None => self.folded.push(lower),
            }
        }
    }
}

/// True when `text` is NFC. Text made of ASCII, precomposed Latin letters (Vietnamese
/// included: U+0080..U+02FF, U+1E00..U+1EFF) and general punctuation (U+2002..U+207F) is NFC
/// by construction and is recognized from its UTF-8 bytes alone; other text goes through
/// the Unicode quick check (and a full check when that is unsure). U+2000 and U+2001 are
/// not NFC: they are written U+2002 and U+2003.
#[inline]
pub fn is_nfc_fast(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < bytes.len() {
        let lead = bytes[at];
        let next = bytes.get(at + 1).copied().unwrap_or(0);
        at += match lead {
            0x00..=0x7F => 1,
            0xC2..=0xCB => 2,
            0xE1 if (0xB8..=0xBB).contains(&next) => 3,
            0xE2 if next == 0x81 => 3,
            0xE2 if next == 0x80 && bytes.get(at + 2).is_some_and(|&b| b >= 0x82) => 3,
            _ => return is_nfc_slow(text),
        };
    }
    true
}

fn is_nfc_slow(text: &str) -> bool {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => true,
        IsNormalized::No => false,
        IsNormalized::Maybe => unicode_normalization::is_nfc(text),
    }
}

/// Combining diacritical marks (the blocks NFD Vietnamese uses, and their supplements).
#[inline]
pub fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF)
}

/// Moves the tone of an open syllable ending in `oa`, `oe` or `uy` (not `quy`) from the
/// second vowel to the first: `hoá` → `hóa`, `thuỷ` → `thủy`. `word` is lowercase NFC.
#[inline]
pub fn canonical_tone_placement(word: &mut String) {
    let mut chars = word.char_indices().rev();
    let Some((last_at, last)) = chars.next() else {
        return;
    };
    let Some((first_at, first)) = chars.next() else {
        return;
    };
    let before = chars.next().map(|(_, c)| c);
    let (Some(first_letter), Some(last_letter)) = (lookup_or_ascii(first), lookup_or_ascii(last))
    else {
        return;
    };
    if first_letter.tone != 0 || last_letter.tone == 0 {
        return;
    }
    if !is_open_variant_pair(first_letter.toneless, last_letter.toneless, before) {
        return;
    }
    let moved_first = with_tone(first_letter.toneless, last_letter.tone);
    word.truncate(first_at);
    debug_assert!(first_at < last_at);
    word.push(moved_first);
    word.push(last_letter.toneless);
}

/// The other spelling of [`canonical_tone_placement`]: moves the tone of each open `oa`, `oe`,
/// `uy` syllable in `text` to the second vowel (`Thanh Hóa` → `Thanh Hoá`), keeping case.
/// Used to match names as bulletins write them.
pub fn new_style_tone_placement(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, word) in text.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let chars: Vec<char> = word.chars().collect();
        let n = chars.len();
        let moved = movable_tone_pair(&chars);
        match moved {
            Some((first, last)) => {
                let keep_case = |original: char, c: char| {
                    if original.is_uppercase() {
                        c.to_uppercase().next().unwrap_or(c)
                    } else {
                        c
                    }
                };
                out.extend(&chars[..n - 2]);
                out.push(keep_case(chars[n - 2], first.toneless));
                out.push(keep_case(
                    chars[n - 1],
                    with_tone(last.toneless, first.tone),
                ));
            }
            None => out.push_str(word),
        }
    }
    out
}

/// The last two letters of `word` when they are an open `oa`/`oe`/`uy` (not `quy`) with the
/// tone on the first.
fn movable_tone_pair(word: &[char]) -> Option<(Letter, Letter)> {
    let n = word.len();
    if n < 2 {
        return None;
    }
    let lower = |c: char| c.to_lowercase().next().and_then(lookup_or_ascii);
    let (first, last) = (lower(word[n - 2])?, lower(word[n - 1])?);
    let before = (n >= 3).then(|| word[n - 3].to_ascii_lowercase());
    let open_pair = is_open_variant_pair(first.toneless, last.toneless, before);
    (first.tone != 0 && last.tone == 0 && open_pair).then_some((first, last))
}

/// The final vowel pairs whose tone bulletins write on either vowel: `oa`, `oe`, `uy`, but
/// not `quy` (there the `u` belongs to the consonant). Takes lowercase toneless vowels and
/// the lowercase letter before them.
#[inline]
fn is_open_variant_pair(first: char, last: char, before: Option<char>) -> bool {
    matches!((first, last), ('o', 'a') | ('o', 'e'))
        || ((first, last) == ('u', 'y') && before != Some('q'))
}

#[inline]
fn lookup_or_ascii(c: char) -> Option<Letter> {
    if c.is_ascii_lowercase() {
        return Some(Letter {
            lower: c,
            toneless: c,
            tone: 0,
            folded: c as u8,
        });
    }
    lookup(c)
}

/// Folds `text` to lowercase without diacritics, word by word, as the index's folded form.
/// Used for names in tables (provinces, units) and for user input outside the tokenizer.
pub fn fold_diacritics(text: &str) -> String {
    let mut normalizer = SyllableNormalizer::new();
    let mut out = String::with_capacity(text.len());
    for piece in text.split_inclusive(|c: char| !c.is_alphanumeric() && !is_combining_mark(c)) {
        let word_len = piece
            .char_indices()
            .last()
            .filter(|(_, c)| !c.is_alphanumeric() && !is_combining_mark(*c))
            .map_or(piece.len(), |(at, _)| at);
        normalizer.normalize(&piece[..word_len]);
        out.push_str(normalizer.folded());
        out.push_str(&piece[word_len..]);
    }
    out
}

/// True when `text` carries any Vietnamese diacritic (or `đ`): a query typed with accents.
pub fn has_diacritics(text: &str) -> bool {
    text.chars().any(|c| {
        !c.is_ascii()
            && (lookup(c).is_some_and(|l| l.lower != l.folded as char) || is_combining_mark(c))
    })
}

/// Number of entries in the tone table: every vowel in every tone.
pub const VOWEL_FORMS: usize = VOWEL_ROWS.len() * TONES;

#[cfg(test)]
mod tests;
