//! Vietnamese text analysis: from raw bulletin text to the tokens the index stores.
//!
//! - [`normalize`]: one syllable to its exact form (NFC, lowercase, canonical tone placement)
//!   and its folded form (no diacritics).
//! - [`tokenizer`]: the tantivy tokenizer that splits text into syllables and emits both forms
//!   at one position, with byte offsets into the original text.
//!
//! Register the analyzer on an index with [`register`]; every text field uses it under
//! [`TOKENIZER_NAME`].

pub mod normalize;
pub mod tokenizer;

pub use normalize::{fold_diacritics, has_diacritics, SyllableNormalizer};
pub use tokenizer::{VietnameseTokenizer, FOLDED_MARK, MAX_TOKEN_BYTES, TOKENIZER_NAME};

/// Registers the Vietnamese analyzer on `index` under [`TOKENIZER_NAME`].
pub fn register(index: &tantivy::Index) {
    index
        .tokenizers()
        .register(TOKENIZER_NAME, VietnameseTokenizer::new());
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
    /// The term the index stores for the folded form (`~tuy`).
    pub fn folded_term(&self) -> String {
        let mut term = String::with_capacity(self.folded.len() + 1);
        term.push(FOLDED_MARK);
        term.push_str(&self.folded);
        term
    }
}

/// Runs the analyzer over `text` and returns each syllable once, with both forms.
pub fn analyze(text: &str) -> Vec<AnalyzedToken> {
    use tantivy::tokenizer::{TokenStream, Tokenizer};
    let mut tokenizer = VietnameseTokenizer::new();
    let mut stream = tokenizer.token_stream(text);
    let mut out: Vec<AnalyzedToken> = Vec::new();
    while stream.advance() {
        let token = stream.token();
        match token.text.strip_prefix(FOLDED_MARK) {
            Some(folded) => {
                if let Some(last) = out.last_mut() {
                    last.folded = folded.to_owned();
                }
            }
            None => out.push(AnalyzedToken {
                position: token.position,
                start: token.offset_from,
                end: token.offset_to,
                exact: token.text.clone(),
                folded: String::new(),
            }),
        }
    }
    out
}
