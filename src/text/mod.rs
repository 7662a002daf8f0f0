//! Vietnamese text analysis: from raw bulletin text to the tokens the index stores.
//!
//! - [`normalize`]: one syllable to its exact form (NFC, lowercase, canonical tone placement)
//!   and its folded form (no diacritics).
//! - [`tokenizer`]: the tantivy tokenizer that splits text into syllables and emits both forms
//!   at one position, with byte offsets into the original text.
//!
//! - [`abbreviations`]: the police abbreviations a query expands both ways.
//! - [`scan`]: whitespace splitting and lowercasing as the standard library does them,
//!   faster on Vietnamese text, for the ingest path.
//!
//! Register the analyzer on an index with [`register`]; every text field uses it under
//! [`TOKENIZER_NAME`].

pub mod abbreviations;
pub mod normalize;
pub mod scan;
pub mod segmentation_score;
pub mod signature;
pub mod tokenizer;
pub mod word_tokenizer;
pub mod words;

pub use normalize::{fold_diacritics, has_diacritics, SyllableNormalizer};
pub use tokenizer::{
    VietnameseTokenizer, EXACT_MARK, MAX_TOKEN_BYTES, SYLLABLE_TOKENIZER_NAME, TOKENIZER_NAME,
};
pub use word_tokenizer::VietnameseWordTokenizer;

/// `text` lowercase without diacritics, its words separated by single spaces and all
/// punctuation dropped: how names are compared with what users type (`TP.HCM` → `tp hcm`).
pub fn fold_words(text: &str) -> String {
    let folded = fold_diacritics(text);
    let mut key = String::with_capacity(folded.len());
    for word in folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(word);
    }
    key
}

/// The first `max_bytes` of `text`, or a little less, ending on a character boundary.
pub fn head(text: &str, max_bytes: usize) -> &str {
    let mut end = text.len().min(max_bytes);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The last `max_bytes` of `text`, or a little less, starting on a character boundary.
pub fn last(text: &str, max_bytes: usize) -> &str {
    let mut start = text.len().saturating_sub(max_bytes);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    &text[start..]
}

/// `n` with its digits grouped by three, `separator` between the groups (`8,799`).
pub fn group_digits(n: usize, separator: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// Levenshtein distance in characters, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// Registers the Vietnamese analyzers on `index`: syllables and words under
/// [`TOKENIZER_NAME`], syllables alone under [`SYLLABLE_TOKENIZER_NAME`].
pub fn register(index: &tantivy::Index) {
    let tokenizers = index.tokenizers();
    tokenizers.register(TOKENIZER_NAME, VietnameseWordTokenizer::new());
    tokenizers.register(SYLLABLE_TOKENIZER_NAME, VietnameseTokenizer::new());
}

/// One syllable as the index sees it, for `bantin analyze` and for building queries.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct AnalyzedToken {
    pub position: usize,
    pub start: usize,
    pub end: usize,
    pub exact: String,
    pub folded: String,
}

impl AnalyzedToken {
    /// The term the index stores for the folded form (`tuy`).
    pub fn folded_term(&self) -> String {
        self.folded.clone()
    }

    /// The term the index stores for the exact form: `~túy`, or the plain term when the
    /// syllable has no diacritics (`ma`).
    pub fn exact_term(&self) -> String {
        if self.exact == self.folded {
            return self.folded.clone();
        }
        let mut term = String::with_capacity(self.exact.len() + 1);
        term.push(EXACT_MARK);
        term.push_str(&self.exact);
        term
    }
}

/// One syllable of a text, borrowed from the analyzer while it runs.
#[derive(Clone, Copy, Debug)]
pub struct SyllableView<'a> {
    pub position: usize,
    pub start: usize,
    pub end: usize,
    /// The exact form; the same text as `folded` when the syllable has no diacritics.
    pub exact: &'a str,
    pub folded: &'a str,
}

/// Runs the analyzer over `text` and shows `visit` each syllable once, with both forms,
/// allocating nothing per syllable: for passes over whole bodies, such as snippets.
pub fn each_syllable(text: &str, mut visit: impl FnMut(SyllableView<'_>)) {
    use tantivy::tokenizer::{TokenStream, Tokenizer};
    let mut tokenizer = VietnameseTokenizer::new();
    let mut stream = tokenizer.token_stream(text);
    // The analyzer gives the folded form first and the exact one next when it differs:
    // the folded form waits here until the next token tells which.
    let mut folded = String::new();
    let mut pending: Option<(usize, usize, usize)> = None;
    while stream.advance() {
        let token = stream.token();
        match token.text.strip_prefix(EXACT_MARK) {
            Some(exact) => {
                if let Some((position, start, end)) = pending.take() {
                    visit(SyllableView {
                        position,
                        start,
                        end,
                        exact,
                        folded: &folded,
                    });
                }
            }
            None => {
                if let Some(place) = pending {
                    visit_plain(&mut visit, place, &folded);
                }
                pending = Some((token.position, token.offset_from, token.offset_to));
                folded.clear();
                folded.push_str(&token.text);
            }
        }
    }
    if let Some(place) = pending {
        visit_plain(&mut visit, place, &folded);
    }
}

/// Shows `visit` a syllable without diacritics at `(position, start, end)`: one form.
fn visit_plain(
    visit: &mut impl FnMut(SyllableView<'_>),
    (position, start, end): (usize, usize, usize),
    folded: &str,
) {
    visit(SyllableView {
        position,
        start,
        end,
        exact: folded,
        folded,
    });
}

/// Runs the analyzer over `text` and returns each syllable once, with both forms.
pub fn analyze(text: &str) -> Vec<AnalyzedToken> {
    let mut out: Vec<AnalyzedToken> = Vec::new();
    each_syllable(text, |syllable| {
        out.push(AnalyzedToken {
            position: syllable.position,
            start: syllable.start,
            end: syllable.end,
            exact: syllable.exact.to_owned(),
            folded: syllable.folded.to_owned(),
        })
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_texts_are_cut_on_a_character_boundary() {
        assert_eq!(head("ma túy", 100), "ma túy");
        assert_eq!(head("ma túy", 5), "ma t");
        assert_eq!(head("ma túy", 4), "ma t");
        assert_eq!(head("ma túy", 0), "");
    }

    #[test]
    fn each_syllable_shows_both_forms_once_with_offsets() {
        let mut seen = Vec::new();
        each_syllable("Ma Túy, ma tuý 15", |s| {
            seen.push((
                s.position,
                s.start,
                s.end,
                s.exact.to_owned(),
                s.folded.to_owned(),
            ))
        });
        let expected = [
            (0, 0, 2, "ma", "ma"),
            (1, 3, 7, "túy", "tuy"),
            (2, 9, 11, "ma", "ma"),
            (3, 12, 16, "túy", "tuy"),
            (4, 17, 19, "15", "15"),
        ];
        let expected: Vec<_> = expected
            .iter()
            .map(|&(p, s, e, exact, folded)| (p, s, e, exact.to_owned(), folded.to_owned()))
            .collect();
        assert_eq!(seen, expected);
        let analyzed: Vec<_> = analyze("Ma Túy, ma tuý 15")
            .into_iter()
            .map(|t| (t.position, t.start, t.end, t.exact, t.folded))
            .collect();
        assert_eq!(analyzed, expected);
    }

    #[test]
    fn fold_words_drops_punctuation_and_accents() {
        assert_eq!(fold_words("TP.HCM"), "tp hcm");
        assert_eq!(fold_words("  Phòng  CSGT – Công an "), "phong csgt cong an");
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("thanh hoa", "thanh hoaa"), 1);
        assert_eq!(edit_distance("thanh hoa", "thanh hao"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("đà", "da"), 2);
    }
}
