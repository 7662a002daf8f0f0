//! One search as asked ([`SearchRequest`]), how its results are ordered and its words
//! matched, and why a search could not run ([`SearchError`]).

use super::filters::{FilterError, FilterSpec};
use super::parse::ParseError;
use crate::index::IndexError;

/// How results are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    Relevance,
    Newest,
    Oldest,
}

/// How the words of a query match.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Matching {
    /// A word of two syllables or more (`ma tuy`, `Tô Lâm`) matches only the bulletins that
    /// hold it as a word: its syllables together, in order, not across a word boundary.
    #[default]
    Words,
    /// Every syllable matches anywhere in a bulletin (`mà ... Tuy nhiên` for `ma tuy`).
    Syllables,
}

/// One search, as asked.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SearchRequest {
    pub query: String,
    pub matching: Matching,
    pub filters: FilterSpec,
    /// `None`: relevance for a text query, newest first for filters alone.
    pub sort: Option<SortOrder>,
    pub limit: usize,
    pub offset: usize,
    pub snippets: usize,
    pub facets: bool,
    /// One hit per story, the best ranked ([`super::stories`]); false shows every copy.
    pub collapse: bool,
}

/// Deepest hit a search reaches: `offset + limit` at most this.
pub const MAX_HITS: usize = 10_000;

impl SearchRequest {
    /// `offset + limit`: how deep the search reaches, at most [`MAX_HITS`].
    pub(super) fn deepest(&self) -> Result<usize, SearchError> {
        self.offset
            .checked_add(self.limit)
            .filter(|&wanted| wanted <= MAX_HITS)
            .ok_or(SearchError::TooDeep {
                offset: self.offset,
                limit: self.limit,
            })
    }
}

/// Why a search could not run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("invalid query")]
    Query(#[from] ParseError),
    #[error("{}", nothing_to_search(query))]
    NothingToSearch { query: String },
    #[error(
        "--offset {offset} with --limit {limit} reaches past hit {MAX_HITS}: results go \
         {MAX_HITS} hits deep; narrow the search with more words or filters"
    )]
    TooDeep { offset: usize, limit: usize },
    #[error(transparent)]
    Filter(#[from] FilterError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

fn nothing_to_search(query: &str) -> String {
    let what = if query.trim().is_empty() {
        "nothing to search".to_owned()
    } else {
        format!("the query {query:?} has no searchable words")
    };
    format!(
        "{what}: give words to search for, or a filter (--province, --unit, --year, --from, \
         --to, --undated, --not-province, --not-unit) to list bulletins"
    )
}
