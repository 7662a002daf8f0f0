//! The province, unit and date facets of a search: their collectors (of bulletins, or of
//! stories with the hits collapsed, see [`super::story_facets`]), counted in the pass that
//! ranks the matches, and how each facet's values are listed (dates newest first, the
//! others most frequent first, each value followed by its children).

use tantivy::collector::{Count, FacetCollector, FacetCounts};
use tantivy::query::Query;
use tantivy::schema::Facet;

use super::collect::{Found, Pass};
use super::filters::Dimension;
use super::significant_words::SegmentMatches;
use super::words_facet::words_facet;
use super::{query_words, stories, story_facets, Counted, Facets, Matching, SearchError};
use crate::index::schema::names;
use crate::index::stats::{sorted_children, FacetCount};
use crate::index::{tantivy_error, BantinIndex};

/// The facets of what a search found, from the counts of its pass and its `matches`: a
/// facet a filter narrows is counted again without that filter, and the words facet is read.
pub(super) fn facets(
    pass: &Pass,
    found: &Found,
    (tally, matches): (FacetTally, Vec<SegmentMatches>),
) -> Result<Facets, SearchError> {
    let Pass {
        index,
        searcher,
        request,
        plan,
        ..
    } = *pass;
    let Found {
        collected,
        searched,
        matching,
        ..
    } = found;
    let mut counted = facets_from(index, tally, &collected.stories, collected.total as u64)?;
    counted.timeline = counted.date.clone();
    // A filtered facet lists what could be chosen instead: its counts are those of the
    // other filters alone.
    for dimension in DIMENSIONS {
        if plan.filters.narrows(dimension) {
            let query = plan.query_but(searched, Some(dimension));
            let (list, unknown) =
                count_one_facet(index, searcher, &query, dimension, request.collapse)?;
            counted.set(dimension, list, unknown);
        }
    }
    // The query's words matched as words (never after falling back to syllables).
    let holding_words = *matching == Matching::Words && query_words::has_joined(&searched.clauses);
    let words = words_facet(pass, &searched.word_terms, matches, holding_words)?;
    Ok(Facets {
        words: words.words,
        names: words.names,
        words_sample: words.sample,
        ..counted
    })
}

/// Collectors of top-level counts and of children counts, for province, unit and date.
type FacetCollectors = (
    (FacetCollector, FacetCollector),
    (FacetCollector, FacetCollector),
    (FacetCollector, FacetCollector),
);

type FacetFruit = (
    (FacetCounts, FacetCounts),
    (FacetCounts, FacetCounts),
    (FacetCounts, FacetCounts),
);

/// The facets a search counts, in the order listed.
const DIMENSIONS: [Dimension; 3] = [Dimension::Province, Dimension::Unit, Dimension::Date];

/// What counts the facets: stories when the hits are collapsed to one per story, else
/// bulletins.
pub(super) type FacetCounters = (Option<FacetCollectors>, Option<story_facets::StoryFacets>);

/// The counts of [`FacetCounters`]: one of the two.
pub(super) type FacetTally = (Option<FacetFruit>, Option<Vec<story_facets::SegmentFacets>>);

pub(super) fn facet_counters(index: &BantinIndex, collapse: bool) -> FacetCounters {
    if collapse {
        (None, Some(story_facets::StoryFacets::new(&DIMENSIONS)))
    } else {
        (Some(facet_collectors(index)), None)
    }
}

/// Two levels of province, unit and date: a collector for the top level and one for the
/// children of every top-level value in the index (a facet collector refuses a facet below
/// another, and a bulletin may carry only the top level).
fn facet_collectors(index: &BantinIndex) -> FacetCollectors {
    let fields = &index.fields;
    let two_levels = |field: tantivy::schema::Field, name: &str| {
        let mut top = FacetCollector::for_field(name);
        top.add_facet(Facet::root());
        let mut children = FacetCollector::for_field(name);
        for parent in index.top_level_facets(field).iter() {
            children.add_facet(parent.clone());
        }
        (top, children)
    };
    (
        two_levels(fields.province, names::PROVINCE),
        two_levels(fields.unit, names::UNIT),
        two_levels(fields.month, names::MONTH),
    )
}

/// The facets of `total` matches, from one pass's counts and the stories it counted.
fn facets_from(
    index: &BantinIndex,
    tally: FacetTally,
    stories: &stories::StoryCounts,
    total: u64,
) -> Result<Facets, SearchError> {
    let mut facets = Facets::default();
    match tally {
        (_, Some(segments)) => {
            facets.counts = Counted::Stories;
            let counted = story_facets::story_counts(segments, stories, DIMENSIONS.len())
                .map_err(|source| tantivy_error(&index.path, source))?;
            for (dimension, mut counts) in DIMENSIONS.into_iter().zip(counted) {
                let (list, unknown) = story_facet_list(dimension, &mut counts);
                facets.set(dimension, list, unknown);
            }
        }
        (Some((province, unit, date)), None) => {
            facets.counts = Counted::Bulletins;
            for (dimension, counts) in DIMENSIONS.into_iter().zip([province, unit, date]) {
                let (list, unknown) = one_facet_list(dimension, &counts, total);
                facets.set(dimension, list, unknown);
            }
        }
        (None, None) => {}
    }
    Ok(facets)
}

/// How a facet's values are listed: dates newest first, the others most frequent first.
fn facet_order(dimension: Dimension) -> FacetOrder {
    match dimension {
        Dimension::Date => FacetOrder::Newest,
        Dimension::Province | Dimension::Unit => FacetOrder::Count,
    }
}

/// One facet's story counts as listed, and how many stories have no value in it.
fn story_facet_list(
    dimension: Dimension,
    counts: &mut story_facets::FacetStories,
) -> (Vec<FacetCount>, u64) {
    let mut parents: Vec<FacetCount> = Vec::new();
    let mut children: std::collections::HashMap<String, Vec<FacetCount>> =
        std::collections::HashMap::new();
    for count in counts.counts() {
        match count.path.as_slice() {
            [_] => parents.push(count),
            [parent, _] => children.entry(parent.clone()).or_default().push(count),
            _ => {}
        }
    }
    let by_count =
        |a: &FacetCount, b: &FacetCount| b.count.cmp(&a.count).then_with(|| a.path.cmp(&b.path));
    let order = facet_order(dimension);
    match order {
        FacetOrder::Count => parents.sort_by(by_count),
        FacetOrder::Newest => parents.sort_by(|a, b| b.path.cmp(&a.path)),
    }
    let list = parents
        .into_iter()
        .flat_map(|parent| {
            let mut below = children.remove(&parent.path[0]).unwrap_or_default();
            match order {
                FacetOrder::Count => below.sort_by(by_count),
                FacetOrder::Newest => below.sort_by(|a, b| a.path.cmp(&b.path)),
            }
            std::iter::once(parent).chain(below)
        })
        .collect();
    (list, counts.unknown())
}

impl Facets {
    /// Sets the counts of one facet.
    fn set(&mut self, dimension: Dimension, list: Vec<FacetCount>, unknown: u64) {
        let (slot, unknown_slot) = match dimension {
            Dimension::Province => (&mut self.province, &mut self.unknown.province),
            Dimension::Unit => (&mut self.unit, &mut self.unknown.unit),
            Dimension::Date => (&mut self.date, &mut self.unknown.date),
        };
        *slot = list;
        *unknown_slot = unknown;
    }
}

/// One facet's counts as listed, and how many of the `total` matches have no value in it
/// (a bulletin has at most one value of each).
fn one_facet_list(
    dimension: Dimension,
    (top, children): &(FacetCounts, FacetCounts),
    total: u64,
) -> (Vec<FacetCount>, u64) {
    let list = interleave(top, children, facet_order(dimension));
    let valued: u64 = sorted_children(top, &Facet::root())
        .iter()
        .map(|count| count.count)
        .sum();
    (list, total.saturating_sub(valued))
}

/// One facet's counts over the matches of `query`, in a pass of its own: of stories when
/// `collapse`, else of bulletins.
fn count_one_facet(
    index: &BantinIndex,
    searcher: &tantivy::Searcher,
    query: &dyn Query,
    dimension: Dimension,
    collapse: bool,
) -> Result<(Vec<FacetCount>, u64), SearchError> {
    let err = |source| tantivy_error(&index.path, source);
    if collapse {
        let counters = (
            story_facets::StoryFacets::new(&[dimension]),
            stories::CountStories,
        );
        let (segments, stories) = searcher.search(query, &counters).map_err(err)?;
        let counted = story_facets::story_counts(segments, &stories, 1).map_err(err)?;
        let mut counts = counted.into_iter().next().unwrap_or_default();
        return Ok(story_facet_list(dimension, &mut counts));
    }
    let (province, unit, date) = facet_collectors(index);
    let pair = match dimension {
        Dimension::Province => province,
        Dimension::Unit => unit,
        Dimension::Date => date,
    };
    let (counts, total) = searcher.search(query, &(pair, Count)).map_err(err)?;
    Ok(one_facet_list(dimension, &counts, total as u64))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FacetOrder {
    /// Most frequent first.
    Count,
    /// Years newest first, months in calendar order.
    Newest,
}

/// Each top-level count followed by its children's counts.
fn interleave(top: &FacetCounts, children: &FacetCounts, order: FacetOrder) -> Vec<FacetCount> {
    let mut parents = sorted_children(top, &Facet::root());
    if order == FacetOrder::Newest {
        parents.sort_by(|a, b| b.path.cmp(&a.path));
    }
    parents
        .into_iter()
        .flat_map(|parent| {
            let mut below = sorted_children(children, &Facet::from_path(&parent.path));
            if order == FacetOrder::Newest {
                below.sort_by(|a, b| a.path.cmp(&b.path));
            }
            std::iter::once(parent).chain(below)
        })
        .collect()
}
