//! The words facet of a search: the words and names that set its matches apart (see
//! [`super::significant_words`]), and the cache of the last ones an index computed.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use super::collect::Pass;
use super::significant_words::{self, SegmentMatches, WordsFacet};
use super::{filters, SearchError};
use crate::index::tantivy_error;

/// What the words facet of a search depends on: the index as a searcher sees it, the query
/// and the filters (not the page, the sort or the snippets).
#[derive(PartialEq, Eq)]
struct WordsKey {
    /// The generation of the searcher that read the matches: the one reader of a
    /// `BantinIndex` numbers each state it loads, so a reload makes a new key.
    generation: u64,
    query: String,
    filters: String,
}

/// The words facets of the last searches of one `BantinIndex`, which keeps it. Reading a
/// sample of matches again costs tens of milliseconds, and a reader paging through results,
/// or a page asking again for what its link says, repeats the same search; a new
/// generation of the index (after an ingest) is a new key, so nothing stale is ever served.
#[derive(Default)]
pub struct WordsCache {
    entries: Mutex<VecDeque<(WordsKey, Arc<WordsFacet>)>>,
}

/// How many words facets a [`WordsCache`] keeps.
const WORDS_CACHE_ENTRIES: usize = 64;

impl WordsCache {
    fn get(&self, key: &WordsKey) -> Option<Arc<WordsFacet>> {
        let cache = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        cache
            .iter()
            .find(|(cached, _)| cached == key)
            .map(|(_, words)| Arc::clone(words))
    }

    fn remember(&self, key: WordsKey, words: Arc<WordsFacet>) {
        let mut cache = self
            .entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if cache.iter().any(|(cached, _)| *cached == key) {
            return;
        }
        if cache.len() >= WORDS_CACHE_ENTRIES {
            cache.pop_front();
        }
        cache.push_back((key, words));
    }
}

/// The words and names that set the matches apart, read from the matches holding the
/// query's words as words: all of them when `holding_words` (the words matched as words),
/// else those that do, when some do (`ma tuy` by syllables matches `mà ... Tuy nhiên`).
/// `word_terms`: the query's words as the search matched them.
pub(super) fn words_facet(
    pass: &Pass,
    word_terms: &[tantivy::Term],
    matches: Vec<SegmentMatches>,
    holding_words: bool,
) -> Result<WordsFacet, SearchError> {
    let Pass {
        index,
        searcher,
        request,
        ..
    } = *pass;
    let err = |source| tantivy_error(&index.path, source);
    // The words the search names: its query's, and the province it is filtered by.
    let mut query_words: Vec<String> = word_terms
        .iter()
        .filter_map(|term| term.value().as_str().map(str::to_owned))
        .collect();
    for province in &request.filters.province {
        if !filters::is_unknown(province) {
            query_words.push(crate::index::words::word_term(province));
        }
    }
    let key = WordsKey {
        generation: searcher.generation().generation_id(),
        query: request.query.clone(),
        filters: format!("{:?} {:?}", request.filters, request.matching),
    };
    if let Some(words) = index.words_cache.get(&key) {
        return Ok(WordsFacet::clone(&words));
    }
    let holding = if holding_words || word_terms.is_empty() {
        None
    } else {
        let held = significant_words::holding(searcher, &matches, word_terms).map_err(err)?;
        Some(held).filter(|held| !held.is_empty())
    };
    let holding_query_words = holding_words || holding.is_some();
    let mut facet = significant_words::significant_words(
        index,
        searcher,
        holding.unwrap_or(matches),
        &query_words,
    )?;
    facet.sample.holding_query_words = holding_query_words;
    index.words_cache.remember(key, Arc::new(facet.clone()));
    Ok(facet)
}
