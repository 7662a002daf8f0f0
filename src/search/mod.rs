//! Searching the index. [`search`] is a pipeline: plan what the search matches, once
//! ([`plan`]: the query parsed by [`parse`], its words joined by [`query_words`], the
//! [`filters`]; the clauses searched planned by [`query_plan`] into what matches and boosts
//! with the ranking rules of [`build`], which words, what to highlight); collect and rank
//! the page in one pass (`collect.rs`, rescoring with [`rescore`]); count the facets
//! (`facets.rs`, `words_facet.rs`); read the hits with their snippets (`hits.rs`,
//! [`snippets`]); look for a correction ([`suggest`]). Every stage after the plan reads it. What a search is asked and returns
//! is in `request.rs` and `results.rs`.
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
pub mod query_plan;
pub mod query_words;
pub mod related;
mod request;
pub mod rescore;
mod results;
pub mod significant_words;
pub mod snippets;
mod stages;
pub mod stories;
pub mod story_facets;
pub mod suggest;
mod words_facet;
pub mod written;

use crate::index::BantinIndex;
use collect::{Found, Pass};
use plan::MatchPlan;
use stages::Stages;

pub use filters::{Dimension, FilterError, FilterSpec, UNKNOWN};
pub use hits::query_highlighter;
pub use ids::matching_ids;
pub use parse::ParseError;
pub use request::{Matching, SearchError, SearchRequest, SortOrder, MAX_HITS};
pub use rescore::{RankKeys, RESCORE_WINDOW};
pub use results::{Counted, DidYouMean, Facets, Hit, SearchResults, UnknownCounts};
pub use significant_words::{SignificantWord, WordSample};
pub use snippets::Snippet;
pub(crate) use words_facet::WordsCache;

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
    let undated = plan.undated(&searcher, found.searched)?;
    let Found {
        collected,
        matching,
        searched,
        syllables_total,
        words_total,
    } = found;
    let hits = hits::read_hits(&pass, searched, collected.ranked, &collected.stories)?;
    stages.mark("hits");
    let did_you_mean = plan.did_you_mean(&searcher, &request.query, &searched.clauses)?;
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
