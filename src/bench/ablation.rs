//! What parts of bantin's analysis cost at ingest: the same ingest with exact-accent terms,
//! word terms, or both left out (`bantin bench ingest --ablate`).
//!
//! Only the analyzers change. Extraction, facets, stories and stored text stay, so the
//! difference to a full run is what those terms cost: making them, and tantivy indexing
//! them. Without words, the index's text field is cut into syllables alone, so no run is
//! segmented. An index built so answers searches differently and is thrown away.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::ingest::Engine;
use crate::bulletin::read::{FieldMap, Input};
use crate::index::ingest::{ingest_analyzed, IngestOptions, IngestReport};
use crate::index::{BantinIndex, IndexError};
use crate::text::{
    VietnameseTokenizer, VietnameseWordTokenizer, EXACT_MARK, SYLLABLE_TOKENIZER_NAME,
};

/// Ingests `inputs` as `bantin ingest` does, with the analyzers of `engine`.
pub fn ingest(
    index: &BantinIndex,
    inputs: &[Input],
    options: IngestOptions,
    engine: Engine,
) -> Result<IngestReport, IndexError> {
    if matches!(engine, Engine::BantinWithoutExact | Engine::BantinSyllables) {
        let title = WithoutExact(VietnameseTokenizer::new());
        index
            .index
            .tokenizers()
            .register(SYLLABLE_TOKENIZER_NAME, title);
    }
    match engine {
        Engine::BantinWithoutExact => with_text_analyzer(
            index,
            inputs,
            options,
            WithoutExact(VietnameseWordTokenizer::new()),
        ),
        Engine::BantinWithoutWords => {
            with_text_analyzer(index, inputs, options, VietnameseTokenizer::new())
        }
        Engine::BantinSyllables => with_text_analyzer(
            index,
            inputs,
            options,
            WithoutExact(VietnameseTokenizer::new()),
        ),
        Engine::Bantin | Engine::Baseline => {
            with_text_analyzer(index, inputs, options, VietnameseWordTokenizer::new())
        }
    }
}

fn with_text_analyzer<T: Tokenizer>(
    index: &BantinIndex,
    inputs: &[Input],
    options: IngestOptions,
    analyzer: T,
) -> Result<IngestReport, IndexError> {
    let fields = FieldMap::default();
    ingest_analyzed(
        index,
        inputs,
        Vec::new(),
        options,
        &fields,
        analyzer,
        &mut |_| {},
    )
}

/// A tokenizer whose exact-accent terms (`~túy`) are dropped; its other tokens pass
/// through untouched.
#[derive(Clone)]
pub struct WithoutExact<T>(pub T);

impl<T: Tokenizer> Tokenizer for WithoutExact<T> {
    type TokenStream<'a> = WithoutExactStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        WithoutExactStream(self.0.token_stream(text))
    }
}

pub struct WithoutExactStream<S>(S);

impl<S: TokenStream> TokenStream for WithoutExactStream<S> {
    fn advance(&mut self) -> bool {
        while self.0.advance() {
            if !self.0.token().text.starts_with(EXACT_MARK) {
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(mut tokenizer: impl Tokenizer, text: &str) -> Vec<(String, usize)> {
        let mut stream = tokenizer.token_stream(text);
        let mut terms = Vec::new();
        while stream.advance() {
            terms.push((stream.token().text.clone(), stream.token().position));
        }
        terms
    }

    #[test]
    fn exact_terms_are_left_out_and_nothing_else() {
        let text = "Bắt giữ đối tượng tàng trữ ma túy";
        let full = terms(VietnameseWordTokenizer::new(), text);
        let without = terms(WithoutExact(VietnameseWordTokenizer::new()), text);
        assert!(full.iter().any(|(t, _)| t.starts_with(EXACT_MARK)));
        assert!(full.iter().any(|(t, _)| t == "ma_tuy"));
        let expected: Vec<_> = full
            .into_iter()
            .filter(|(t, _)| !t.starts_with(EXACT_MARK))
            .collect();
        assert_eq!(without, expected);
    }

    /// The terms of the `text` field an ingest of one bulletin leaves in the index.
    fn indexed_terms(engine: Engine) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in.jsonl");
        let record = r#"{"id": "a", "title": "Bắt giữ", "body": "Thu giữ ma túy."}"#;
        std::fs::write(&input, record).unwrap();
        let index = BantinIndex::open_or_create(&dir.path().join("index")).unwrap();
        let options = IngestOptions {
            threads: 1,
            memory_mb: 32,
            commit_every: 10,
            max_file_bytes: u64::MAX,
        };
        let report = ingest(&index, &[Input::JsonLines(input)], options, engine).unwrap();
        assert_eq!(report.documents_in_index, 1);
        let searcher = index.searcher().unwrap();
        let mut terms = Vec::new();
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(index.fields.text).unwrap();
            let mut stream = inverted.terms().stream().unwrap();
            while stream.advance() {
                terms.push(String::from_utf8(stream.key().to_vec()).unwrap());
            }
        }
        terms
    }

    #[test]
    fn each_engine_indexes_what_it_keeps() {
        let full = indexed_terms(Engine::Bantin);
        assert!(full.contains(&"~túy".to_owned()), "{full:?}");
        assert!(full.contains(&"ma_tuy".to_owned()), "{full:?}");
        let has = |terms: &[String], exact: bool, words: bool| {
            terms.iter().any(|t| t.starts_with(EXACT_MARK)) == exact
                && terms.iter().any(|t| t.contains('_')) == words
                && terms.contains(&"tuy".to_owned())
        };
        assert!(has(&indexed_terms(Engine::BantinWithoutExact), false, true));
        assert!(has(&indexed_terms(Engine::BantinWithoutWords), true, false));
        assert!(has(&indexed_terms(Engine::BantinSyllables), false, false));
    }
}
