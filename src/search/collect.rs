//! Collecting a search's matches: one pass ranks them (the base query, then the best
//! [`RESCORE_WINDOW`] rescored, see [`super::rescore`]) or orders them by date, cuts the
//! page, counts the total and the stories, and with facets counts them and keeps the
//! matches for the words facet. With the hits collapsed to one per story, the ranking
//! reaches deeper until the page is full ([`stories::deeper`]).

use tantivy::collector::{Count, TopDocs};
use tantivy::query::BooleanQuery;
use tantivy::{DateTime, DocAddress, Order, Searcher};

use super::plan::MatchPlan;
use super::query_plan::QueryPlan;
use super::rescore::{self, Boost, RankKeys, RESCORE_WINDOW};
use super::significant_words::{MatchingDocs, SegmentMatches};
use super::stages::Stages;
use super::{facets, stories};
use super::{Matching, SearchError, SearchRequest, SortOrder};
use crate::index::schema::names;
use crate::index::{tantivy_error, BantinIndex};

/// One bulletin of the page, before its stored fields are read.
pub(super) struct Ranked {
    pub score: Option<f32>,
    pub keys: Option<RankKeys>,
    pub address: DocAddress,
}

/// The page of a search and what was counted on the way.
pub(super) struct Collected {
    pub ranked: Vec<Ranked>,
    pub total: usize,
    pub facet_fruit: Option<(facets::FacetTally, Vec<SegmentMatches>)>,
    pub stories: stories::StoryCounts,
}

/// The matches a search settled on: its words as words, or their syllables anywhere when
/// the words matched nothing.
pub(super) struct Found<'a> {
    pub collected: Collected,
    /// How the query's words matched.
    pub matching: Matching,
    /// What was matched: the plan's clauses, or its syllables after falling back.
    pub searched: &'a QueryPlan,
    /// With words matching, how many its syllables anywhere would count, when that differs.
    pub syllables_total: Option<usize>,
    /// After falling back to syllables anywhere, how many the words counted: 0.
    pub words_total: Option<usize>,
}

/// What a pass over the matches needs besides the query: the search asked for, its order
/// and depth.
pub(super) struct Pass<'a> {
    pub index: &'a BantinIndex,
    pub searcher: &'a Searcher,
    pub request: &'a SearchRequest,
    pub plan: &'a MatchPlan<'a>,
    /// `offset + limit`.
    pub wanted: usize,
}

/// A hit of the relevance ranking: its score, and its rank keys within the rescored window.
type Scored = (f32, DocAddress, Option<RankKeys>);

impl<'a> Pass<'a> {
    /// The matches of `plan`: its words as words, or, when they match nothing and no
    /// bulletin of the index holds them as words, their syllables anywhere.
    pub fn find(&self, stages: &mut Stages) -> Result<Found<'a>, SearchError> {
        let plan = self.plan;
        let err = |source| tantivy_error(&self.index.path, source);
        let mut found = Found {
            collected: self.collect(&plan.searched, &plan.query(&plan.searched))?,
            matching: self.request.matching,
            searched: &plan.searched,
            syllables_total: None,
            words_total: None,
        };
        stages.mark("collect");
        let Some(syllables) = &plan.syllables else {
            return Ok(found);
        };
        // What syllables anywhere would count; all of it when the words count nothing.
        let broad = plan.query(syllables);
        let broad_total = self.searcher.search(&broad, &Count).map_err(err)?;
        if found.collected.total == 0
            && broad_total > 0
            && plan.words_held_nowhere(self.searcher)?
        {
            found.matching = Matching::Syllables;
            found.words_total = Some(0);
            found.searched = syllables;
            found.collected = self.collect(syllables, &broad)?;
        } else if broad_total != found.collected.total {
            found.syllables_total = Some(broad_total);
        }
        stages.mark("broader");
        Ok(found)
    }

    /// One pass over the matches of `base_query` (built from `searched`): the page in the
    /// order asked for, the total, and with facets their counts and the matches.
    pub fn collect(
        &self,
        searched: &QueryPlan,
        base_query: &BooleanQuery,
    ) -> Result<Collected, SearchError> {
        match self.plan.sort {
            SortOrder::Relevance => self.by_relevance(&searched.boosts, base_query),
            SortOrder::Newest => self.by_date(base_query, Order::Desc),
            SortOrder::Oldest => self.by_date(base_query, Order::Asc),
        }
    }

    /// Facets are counted in the same pass over the matches as the ranking.
    fn facet_collectors(&self) -> Option<(facets::FacetCounters, MatchingDocs)> {
        self.request.facets.then(|| {
            (
                facets::facet_counters(self.index, self.request.collapse),
                MatchingDocs,
            )
        })
    }

    fn by_relevance(
        &self,
        boosts: &[Boost],
        base_query: &BooleanQuery,
    ) -> Result<Collected, SearchError> {
        let Pass {
            index,
            searcher,
            request,
            wanted,
            ..
        } = *self;
        let err = |source| tantivy_error(&index.path, source);
        let mut depth = wanted.max(RESCORE_WINDOW);
        let window = TopDocs::with_limit(depth).order_by_score();
        let collectors = (
            window,
            Count,
            self.facet_collectors(),
            stories::CountStories,
        );
        let (mut top, total, facet_fruit, story_counts) =
            searcher.search(base_query, &collectors).map_err(err)?;
        let mut ranked = self.rank(std::mem::take(&mut top), boosts)?;
        while let Some(deeper) = stories::deeper(wanted, depth, ranked.len(), total) {
            depth = deeper;
            let window = TopDocs::with_limit(depth).order_by_score();
            ranked = self.rank(searcher.search(base_query, &window).map_err(err)?, boosts)?;
        }
        let ranked = ranked
            .into_iter()
            .skip(request.offset)
            .take(request.limit)
            .map(|(score, address, keys)| Ranked {
                score: Some(score),
                keys,
                address,
            })
            .collect();
        Ok(Collected {
            ranked,
            total,
            facet_fruit,
            stories: story_counts,
        })
    }

    /// The base ranking `top` with its best [`RESCORE_WINDOW`] rescored by `boosts`, one
    /// hit per story when collapsed.
    fn rank(
        &self,
        mut top: Vec<(f32, DocAddress)>,
        boosts: &[Boost],
    ) -> Result<Vec<Scored>, SearchError> {
        let err = |source| tantivy_error(&self.index.path, source);
        // The window is the same for every page; deeper matches keep the base order.
        let beyond = top.split_off(top.len().min(RESCORE_WINDOW));
        let rescored = rescore::rescore(self.searcher, boosts, top).map_err(err)?;
        let ranked: Vec<_> = rescored
            .into_iter()
            .map(|(score, address, keys)| (score, address, Some(keys)))
            .chain(
                beyond
                    .into_iter()
                    .map(|(score, address)| (score, address, None)),
            )
            .collect();
        if !self.request.collapse {
            return Ok(ranked);
        }
        Ok(stories::first_of_each(self.searcher, ranked, |hit| hit.1).map_err(err)?)
    }

    fn by_date(&self, base_query: &BooleanQuery, order: Order) -> Result<Collected, SearchError> {
        let Pass {
            index,
            searcher,
            request,
            wanted,
            ..
        } = *self;
        let err = |source| tantivy_error(&index.path, source);
        // Collapsed, the page is cut from the stories of the first `depth` matches.
        let by_date = |depth: usize| {
            let (limit, offset) = if request.collapse {
                (depth, 0)
            } else {
                (request.limit.max(1), request.offset)
            };
            TopDocs::with_limit(limit)
                .and_offset(offset)
                .order_by_fast_field::<DateTime>(names::DATE, order)
        };
        let mut depth = wanted.max(1);
        let collectors = (
            by_date(depth),
            Count,
            self.facet_collectors(),
            stories::CountStories,
        );
        let (mut top, total, facet_fruit, story_counts) =
            searcher.search(base_query, &collectors).map_err(err)?;
        if request.collapse {
            top = stories::first_of_each(searcher, top, |hit| hit.1).map_err(err)?;
            while let Some(deeper) = stories::deeper(wanted, depth, top.len(), total) {
                depth = deeper;
                let found = searcher.search(base_query, &by_date(depth)).map_err(err)?;
                top = stories::first_of_each(searcher, found, |hit| hit.1).map_err(err)?;
            }
            top.drain(..request.offset.min(top.len()));
        }
        let ranked = top
            .into_iter()
            .map(|(_, address)| Ranked {
                score: None,
                keys: None,
                address,
            })
            .take(request.limit)
            .collect();
        Ok(Collected {
            ranked,
            total,
            facet_fruit,
            stories: story_counts,
        })
    }
}
