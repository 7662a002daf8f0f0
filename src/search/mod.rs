//! Searching the index: parse the query ([`parse`]), join its words ([`query_words`]),
//! build the tantivy query with the ranking rules ([`build`]), apply filters ([`filters`]),
//! then rank, page, count facets, cut snippets ([`snippets`]) and look for a correction
//! ([`suggest`]).
//!
//! The matches are one set for the total, every facet, every order and page: by default
//! the bulletins holding the query's words as words; when none does, the query's
//! syllables anywhere, which the results say ([`SearchResults::matching`]).
//!
//! Ranking is two-phase: every match is ranked by the base query (BM25 of folded terms over
//! title and body), then the best [`RESCORE_WINDOW`] get the exact-accent, title and
//! proximity boosts and are ordered by tier first (where the query's words stand together
//! above where they are scattered, see [`rescore::Tier`]), then by how many of the query's
//! words they hold as words, then score. Matches beyond the
//! window follow in base order, so every page is a slice of one ranking. Results are
//! deterministic: equal scores fall back to the newer bulletin, then to index order.
//!
//! Every request is bounded before work starts: `offset + limit` at most [`MAX_HITS`],
//! queries as [`parse`] says.

pub mod build;
mod collect;
pub mod count;
pub mod evaluate;
pub mod exclusion;
pub mod export;
mod facets;
pub mod filters;
mod hits;
mod ids;
pub mod match_sets;
pub mod new_since;
pub mod newest;
pub mod parse;
pub mod plan;
pub mod query_words;
pub mod related;
pub mod rescore;
pub mod significant_words;
pub mod snippets;
mod stages;
pub mod stories;
pub mod story_facets;
pub mod suggest;
mod words_facet;
pub mod written;

use crate::index::stats::FacetCount;
use crate::index::{BantinIndex, IndexError};
use collect::{Found, Pass};
use plan::MatchPlan;
use stages::Stages;

pub use filters::{Dimension, FilterError, FilterSpec, UNKNOWN};
pub use hits::query_highlighter;
pub use ids::matching_ids;
pub use parse::ParseError;
pub use rescore::{RankKeys, RESCORE_WINDOW};
pub use significant_words::{SignificantWord, WordSample};
pub use snippets::Snippet;
pub(crate) use words_facet::WordsCache;

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
    /// One hit per story, the best ranked ([`stories`]); false shows every copy.
    pub collapse: bool,
}

/// Deepest hit a search reaches: `offset + limit` at most this.
pub const MAX_HITS: usize = 10_000;

impl SearchRequest {
    /// `offset + limit`: how deep the search reaches, at most [`MAX_HITS`].
    fn deepest(&self) -> Result<usize, SearchError> {
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

/// One ranked bulletin.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Hit {
    pub rank: usize,
    pub id: String,
    pub title: String,
    /// Byte ranges of matched words in `title`.
    pub title_highlights: Vec<[usize; 2]>,
    /// The same ranges in UTF-16 code units, as JavaScript's strings count them.
    pub title_highlights_utf16: Vec<[usize; 2]>,
    pub date: Option<String>,
    pub date_precision: Option<&'static str>,
    pub province: Option<Vec<String>>,
    pub provinces: Vec<Vec<String>>,
    pub unit: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// BM25 with the boosts; `None` when sorted by date or for filters alone.
    pub score: Option<f32>,
    /// What ranks the hit before its score, when sorted by relevance among the best
    /// `RESCORE_WINDOW` matches: a hit where the query's words stand together ranks above
    /// one where they do not, then a hit holding more of the query's words as words, then
    /// the higher score. `None` past the window and when sorted by date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranking: Option<RankKeys>,
    pub snippets: Vec<Snippet>,
    /// The story of near-duplicate bulletins it belongs to, 16 hex digits; `None` in an
    /// index made before stories existed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// The story's bulletins that match the search, this one included.
    pub copies: usize,
}

/// A corrected query and how many bulletins it matches (with the same filters).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DidYouMean {
    pub query: String,
    pub total: usize,
}

/// What the province, unit and date facets count, their unknowns and the timeline
/// included.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Counted {
    /// The stories among the matches having each value ([`story_facets`]): what the hits,
    /// one per story, show.
    Stories,
    /// The matching bulletins, every copy of a story counted.
    #[default]
    Bulletins,
}

/// Counts per facet over every match: stories with the hits collapsed to one per story,
/// bulletins with every copy shown ([`Facets::counts`]).
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Facets {
    /// What the counts of `province`, `unit`, `date` and `unknown` count: `stories` (the
    /// default, hits collapsed) or `bulletins`.
    pub counts: Counted,
    /// Today's provinces, each followed by its provinces as named then.
    pub province: Vec<FacetCount>,
    /// Units, each followed by its sub-units.
    pub unit: Vec<FacetCount>,
    /// Years, each followed by its months.
    pub date: Vec<FacetCount>,
    /// The words that set the matches apart from the whole index, most significant first
    /// (see [`significant_words`]).
    pub words: Vec<SignificantWord>,
    /// The names (people, places, organisations) that set the matches apart, read with the
    /// words: most significant first.
    pub names: Vec<SignificantWord>,
    /// How many matches the words and names were read from.
    pub words_sample: WordSample,
    /// How many matches have no province, no unit, no date: the [`UNKNOWN`] value of each
    /// facet, counted as its values are.
    pub unknown: UnknownCounts,
    /// The matches' years and months with every filter applied, the date range included
    /// (`date` counts a filtered date as if it were not): what a chart over time draws.
    #[serde(skip)]
    pub timeline: Vec<FacetCount>,
}

/// The matches of a facet with no value in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct UnknownCounts {
    pub province: u64,
    pub unit: u64,
    pub date: u64,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct SearchResults {
    pub total: usize,
    /// The stories the matches belong to: `total` with near-duplicates counted once.
    pub stories: usize,
    /// One hit per story ([`SearchRequest::collapse`]).
    pub collapsed: bool,
    /// How the query's words matched: as asked, or syllables anywhere when its words as
    /// words matched nothing.
    pub matching: Matching,
    /// The query's words of two syllables or more, as typed (`ma tuy`): with `words`
    /// matching, each matched where a bulletin holds it as a word. Empty when it has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    /// With `words` matching, how many bulletins its syllables anywhere would count, when
    /// that differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub syllables_total: Option<usize>,
    /// After falling back to syllables anywhere, how many the words counted: 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words_total: Option<usize>,
    /// A correction of a mistyped query, from the index's own vocabulary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<DidYouMean>,
    /// With a date range, how many bulletins would match too but have no date, so the
    /// range leaves them out (`FilterSpec::undated` brings them in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undated: Option<usize>,
    pub took_ms: f64,
    /// Milliseconds by stage (`parse`, `words`, `collect`, `broader`, `facets`, `hits`,
    /// `suggest`), in order: where `took_ms` went.
    #[serde(skip)]
    pub stages: Vec<(&'static str, f64)>,
    pub sort: SortOrder,
    pub offset: usize,
    pub hits: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
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

/// Runs one search: plans what it matches, collects and ranks the page (rescoring the best
/// matches), counts the facets, then reads the hits with their snippets.
pub fn search(index: &BantinIndex, request: &SearchRequest) -> Result<SearchResults, SearchError> {
    let mut stages = Stages::start();
    let wanted = request.deepest()?;
    let searcher = index.searcher()?;
    let plan = MatchPlan::timed(index, &searcher, request, &mut |stage| stages.mark(stage))?;
    stages.mark("words");
    let pass = Pass {
        index,
        searcher: &searcher,
        request,
        plan: &plan,
        wanted,
    };
    let mut found = pass.find(&mut stages)?;
    let facets = match found.collected.facet_fruit.take() {
        Some(fruit) => {
            let facets = facets::facets(&pass, &found, fruit)?;
            stages.mark("facets");
            Some(facets)
        }
        None => None,
    };
    let undated = plan.undated(&searcher, &found.clauses)?;
    let Found {
        collected,
        matching,
        clauses,
        syllables_total,
        words_total,
    } = found;
    let hits = hits::read_hits(&pass, &clauses, collected.ranked, &collected.stories)?;
    stages.mark("hits");
    let did_you_mean = plan.did_you_mean(&searcher, &request.query, &clauses)?;
    stages.mark("suggest");
    Ok(SearchResults {
        total: collected.total,
        stories: collected.stories.stories(),
        collapsed: request.collapse,
        matching,
        words: plan.words.clone(),
        syllables_total,
        words_total,
        did_you_mean,
        undated,
        took_ms: stages.total_ms(),
        stages: stages.times,
        sort: plan.sort,
        offset: request.offset,
        hits,
        facets,
    })
}
