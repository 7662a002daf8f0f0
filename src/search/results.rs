//! What a search returns: the total and how the words matched, the page of hits, the
//! facets and a correction of the query.

use super::significant_words::{SignificantWord, WordSample};
use super::{Matching, RankKeys, Snippet, SortOrder};
use crate::index::stats::FacetCount;

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
    /// The stories among the matches having each value ([`super::story_facets`]): what the hits,
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
    /// (see [`super::significant_words`]).
    pub words: Vec<SignificantWord>,
    /// The names (people, places, organisations) that set the matches apart, read with the
    /// words: most significant first.
    pub names: Vec<SignificantWord>,
    /// How many matches the words and names were read from.
    pub words_sample: WordSample,
    /// How many matches have no province, no unit, no date: the [`UNKNOWN`](super::UNKNOWN) value of each
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
    /// One hit per story ([`super::SearchRequest::collapse`]).
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
