//! What a search matches, planned once from its request: the parsed query, its words joined
//! where the index holds them as words (each set of clauses with its [`QueryPlan`]), the
//! filters and the order. [`super::search`] collects one page from it; exports, counts and
//! feeds walk every match of the same set ([`MatchPlan::resolve`]).

use tantivy::collector::Count;
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query};
use tantivy::Searcher;

use super::build::QueryBuilder;
use super::filters::{self, Dimension, FilterQueries};
use super::parse::{self, Clause};
use super::query_plan::QueryPlan;
use super::{query_words, suggest, DidYouMean, Matching, SearchError, SearchRequest, SortOrder};
use crate::index::{tantivy_error, BantinIndex};

/// A search before any match is collected.
pub struct MatchPlan<'a> {
    /// What the search matches with first: the words joined, or as parsed when syllables
    /// anywhere were asked for.
    pub searched: QueryPlan,
    /// With words joined, the query as parsed (its words as separate syllables): what its
    /// syllables anywhere match, counted beside the words and searched when the words
    /// match nothing.
    pub syllables: Option<QueryPlan>,
    /// The query's words of two syllables or more, as typed.
    pub words: Vec<String>,
    pub builder: QueryBuilder<'a>,
    /// The filters' queries, each to be matched.
    pub filters: FilterQueries,
    /// The query has searchable words (else filters alone list bulletins).
    pub has_text: bool,
    /// The order asked for, or the default: relevance with words, newest without.
    pub sort: SortOrder,
    pub matching: Matching,
    /// Filters narrow the search.
    pub filtered: bool,
    index: &'a BantinIndex,
}

/// The final set of matches: what every export, count and feed of the search walks, the
/// set whose size `search` reports as its total.
pub struct Matches {
    pub query: BooleanQuery,
    /// The plan of the clauses matched: the search's, or its syllables' after falling back.
    pub searched: QueryPlan,
    /// As asked, or [`Matching::Syllables`] when the query's words as words matched nothing
    /// and its syllables anywhere something.
    pub matching: Matching,
    /// The query's words matched nothing as words: these are its syllables anywhere.
    pub fell_back: bool,
    pub words: Vec<String>,
    pub total: usize,
    pub has_text: bool,
    pub sort: SortOrder,
}

impl<'a> MatchPlan<'a> {
    pub fn new(
        index: &'a BantinIndex,
        searcher: &Searcher,
        request: &SearchRequest,
    ) -> Result<MatchPlan<'a>, SearchError> {
        Self::timed(index, searcher, request, &mut |_| {})
    }

    /// [`MatchPlan::new`], calling `mark("parse")` when the query and filters are read and
    /// before its words are joined (`search` times its stages).
    pub(super) fn timed(
        index: &'a BantinIndex,
        searcher: &Searcher,
        request: &SearchRequest,
        mark: &mut dyn FnMut(&'static str),
    ) -> Result<MatchPlan<'a>, SearchError> {
        let parsed = parse::parse_query(&request.query)?;
        let builder = QueryBuilder::new(&index.fields, &request.query);
        let has_text = builder.build(&parsed).is_some();
        if !has_text && request.filters.is_empty() {
            return Err(SearchError::NothingToSearch {
                query: request.query.clone(),
            });
        }
        let filters = filters::filter_queries(&request.filters, index)?;
        let sort = request.sort.unwrap_or(if has_text {
            SortOrder::Relevance
        } else {
            SortOrder::Newest
        });
        mark("parse");
        // The query's words as words, unless syllables anywhere were asked for.
        let joined = join_words(index, searcher, &parsed);
        let words = query_words::joined_words(&joined);
        let (searched, syllables) = match request.matching {
            Matching::Words if query_words::has_joined(&joined) => (
                QueryPlan::new(&builder, joined),
                Some(QueryPlan::new(&builder, parsed)),
            ),
            Matching::Words => (QueryPlan::new(&builder, joined), None),
            Matching::Syllables => (QueryPlan::new(&builder, parsed), None),
        };
        Ok(MatchPlan {
            searched,
            syllables,
            words,
            builder,
            filters,
            has_text,
            sort,
            matching: request.matching,
            filtered: !request.filters.is_empty(),
            index,
        })
    }

    /// The query matching `planned` (every bulletin when it has nothing searchable) and
    /// every filter.
    pub fn query(&self, planned: &QueryPlan) -> BooleanQuery {
        self.query_but(planned, None)
    }

    /// [`MatchPlan::query`] without the filter of `skipped`, for counting the values of a
    /// facet a reader could choose instead.
    pub fn query_but(&self, planned: &QueryPlan, skipped: Option<Dimension>) -> BooleanQuery {
        self.filtered_but(planned.text(), skipped)
    }

    /// `text` (every bulletin when `None`) and every filter but that of `skipped`.
    fn filtered_but(
        &self,
        text: Option<Box<dyn Query>>,
        skipped: Option<Dimension>,
    ) -> BooleanQuery {
        let mut parts: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, text.unwrap_or_else(|| Box::new(AllQuery)))];
        parts.extend(self.filters.except(skipped).map(|q| (Occur::Must, q)));
        BooleanQuery::new(parts)
    }

    /// The matches, by the rule of `search`: the query's words as words, or when they match
    /// nothing and its syllables anywhere match some, those.
    pub fn resolve(self, index: &BantinIndex, searcher: &Searcher) -> Result<Matches, SearchError> {
        let err = |source| tantivy_error(&index.path, source);
        let query = self.query(&self.searched);
        let total = searcher.search(&query, &Count).map_err(err)?;
        if let Some(syllables) = self.syllables.as_ref().filter(|_| total == 0) {
            let broad = self.query(syllables);
            let broad_total = searcher.search(&broad, &Count).map_err(err)?;
            if broad_total > 0 && self.words_held_nowhere(searcher)? {
                return Ok(self.into_matches(broad, broad_total, true));
            }
        }
        Ok(self.into_matches(query, total, false))
    }

    /// Whether no bulletin of the whole index holds the query's words as words, whatever
    /// the filters: only then does a search fall back to its syllables anywhere. A filter
    /// that leaves none of the words' bulletins finds none; it does not turn the search
    /// into another (`cong ty` filtered by a province must not count more than unfiltered).
    pub fn words_held_nowhere(&self, searcher: &Searcher) -> Result<bool, SearchError> {
        if !self.filtered {
            return Ok(true);
        }
        let Some(words) = self.searched.text_query() else {
            return Ok(true);
        };
        let held = searcher
            .search(words, &Count)
            .map_err(|source| tantivy_error(&self.index.path, source))?;
        Ok(held == 0)
    }

    /// With a date range, how many bulletins would match `searched` too but have no date.
    pub fn undated(
        &self,
        searcher: &Searcher,
        searched: &QueryPlan,
    ) -> Result<Option<usize>, SearchError> {
        let Some(undated) = self.filters.undated_left_out() else {
            return Ok(None);
        };
        let mut query = self.query_but(searched, Some(Dimension::Date));
        query = BooleanQuery::new(vec![(Occur::Must, Box::new(query)), (Occur::Must, undated)]);
        let total = searcher
            .search(&query, &Count)
            .map_err(|source| tantivy_error(&self.index.path, source))?;
        Ok(Some(total))
    }

    /// A correction of `query` (its `clauses` as matched), offered when it matches
    /// something with the same filters.
    pub fn did_you_mean(
        &self,
        searcher: &Searcher,
        query: &str,
        clauses: &[Clause],
    ) -> Result<Option<DidYouMean>, SearchError> {
        let index = self.index;
        let Some(suggestion) = suggest::suggest(searcher, index.fields.text, query, clauses) else {
            return Ok(None);
        };
        let corrected = parse::parse_query(&suggestion.query)?;
        let corrected = matched_clauses(index, searcher, corrected, self.matching);
        let total = searcher
            .search(
                &self.filtered_but(self.builder.build(&corrected), None),
                &Count,
            )
            .map_err(|source| tantivy_error(&index.path, source))?;
        Ok((total > 0).then_some(DidYouMean {
            query: suggestion.query,
            total,
        }))
    }

    fn into_matches(self, query: BooleanQuery, total: usize, fell_back: bool) -> Matches {
        let (searched, matching) = match self.syllables {
            Some(syllables) if fell_back => (syllables, Matching::Syllables),
            _ => (self.searched, self.matching),
        };
        Matches {
            query,
            searched,
            matching,
            fell_back,
            words: self.words,
            total,
            has_text: self.has_text,
            sort: self.sort,
        }
    }
}

/// `parsed` with its words joined where the index holds them as words.
fn join_words(index: &BantinIndex, searcher: &Searcher, parsed: &[Clause]) -> Vec<Clause> {
    query_words::join_words(
        parsed,
        &query_words::IndexHeld::new(searcher, index.fields.text),
    )
}

/// The clauses a search matches with: `parsed` with its words joined, or as parsed when
/// syllables anywhere were asked for.
pub(super) fn matched_clauses(
    index: &BantinIndex,
    searcher: &Searcher,
    parsed: Vec<Clause>,
    matching: Matching,
) -> Vec<Clause> {
    match matching {
        Matching::Words => join_words(index, searcher, &parsed),
        Matching::Syllables => parsed,
    }
}
