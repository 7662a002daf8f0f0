//! Known-item retrieval: how high bantin ranks the one article a reader is looking for.
//!
//! A label file holds JSON Lines, one query each: `{"id", "query", "note"}`: a reader read
//! the article `id` and wrote `query` as they would type it to find that article again
//! (`note` says what the query leans on and is optional). Each query runs as a plain search
//! (relevance, no filters, the first [`DEPTH`] hits) and scores the rank of the labelled id:
//! - **success@1**, **success@10**: the share of queries whose article is first, or in the
//!   first ten;
//! - **MRR@10**: the mean of 1/rank, 0 for an article below the tenth hit.
//!
//! An exact copy of the article under another id (the same text twice in a corpus) is the
//! same article to a reader: a hit on a copy counts as finding it.
//!
//! These are the standard known-item measures: one right answer per query, so precision
//! and recall over a result list mean nothing here, and the rank of that answer is all.

use serde::{Deserialize, Serialize};

use super::{search, FilterSpec, SearchError, SearchRequest};
use crate::index::BantinIndex;
use crate::text::has_diacritics;

/// How deep each query is looked at: the first page of results.
pub const DEPTH: usize = 10;

/// One labelled query.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct KnownItem {
    pub id: String,
    pub query: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// A label line that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum KnownItemError {
    #[error("not a label line: {0}")]
    Json(String),
    #[error("`{0}` is empty")]
    Empty(&'static str),
}

impl KnownItem {
    /// Parses one label line.
    pub fn parse(line: &str) -> Result<KnownItem, KnownItemError> {
        let item: KnownItem =
            serde_json::from_str(line).map_err(|err| KnownItemError::Json(err.to_string()))?;
        if item.id.trim().is_empty() {
            return Err(KnownItemError::Empty("id"));
        }
        if item.query.trim().is_empty() {
            return Err(KnownItemError::Empty("query"));
        }
        Ok(item)
    }

    /// True when the query is typed without diacritics (`ma tuy`, `Thanh Hoa`).
    pub fn is_unaccented(&self) -> bool {
        !has_diacritics(&self.query)
    }
}

/// Where one query put its article.
#[derive(Clone, Debug, Serialize)]
pub struct Outcome {
    pub id: String,
    pub query: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// 1-based rank of the labelled article; `None` when it is not in the first [`DEPTH`].
    pub rank: Option<usize>,
    /// The copy found at `rank`, when it was a copy rather than `id` itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub found_copy: Option<String>,
    /// The first hit, when it is another article (what the reader saw instead).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub top: Option<TopHit>,
    /// Why the query did not run (bantin refused it): counted as not found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refused: Option<String>,
    pub unaccented: bool,
}

#[derive(Clone, Debug, Serialize)]
pub struct TopHit {
    pub id: String,
    pub title: String,
}

/// Runs one labelled query against the index; a hit on one of `copies` (other ids of the
/// same text) counts as the labelled article.
pub fn run_query(
    index: &BantinIndex,
    item: &KnownItem,
    copies: &[String],
) -> Result<Outcome, SearchError> {
    let request = SearchRequest {
        query: item.query.clone(),
        matching: crate::search::Matching::Words,
        filters: FilterSpec::default(),
        sort: None,
        limit: DEPTH,
        offset: 0,
        snippets: 0,
        facets: false,
        // Known items are bulletins: a copy ranked above one must not hide it.
        collapse: false,
    };
    let mut outcome = Outcome {
        id: item.id.clone(),
        query: item.query.clone(),
        note: item.note.clone(),
        rank: None,
        found_copy: None,
        top: None,
        refused: None,
        unaccented: item.is_unaccented(),
    };
    let results = match search(index, &request) {
        Ok(results) => results,
        Err(err @ (SearchError::Query(_) | SearchError::NothingToSearch { .. })) => {
            outcome.refused = Some(error_chain(&err));
            return Ok(outcome);
        }
        Err(err) => return Err(err),
    };
    let wanted = |id: &str| id == item.id || copies.iter().any(|copy| copy == id);
    outcome.rank = rank_of(results.hits.iter().map(|hit| hit.id.as_str()), wanted);
    outcome.found_copy = outcome
        .rank
        .and_then(|rank| results.hits.get(rank - 1))
        .filter(|hit| hit.id != item.id)
        .map(|hit| hit.id.clone());
    outcome.top = results
        .hits
        .first()
        .filter(|hit| !wanted(&hit.id))
        .map(|hit| TopHit {
            id: hit.id.clone(),
            title: hit.title.clone(),
        });
    Ok(outcome)
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// The 1-based rank of the first of the first [`DEPTH`] of `ranked` that is `wanted`.
pub fn rank_of<'a>(
    ranked: impl IntoIterator<Item = &'a str>,
    wanted: impl Fn(&str) -> bool,
) -> Option<usize> {
    ranked
        .into_iter()
        .take(DEPTH)
        .position(wanted)
        .map(|at| at + 1)
}

/// The figures over a set of outcomes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Figures {
    pub queries: usize,
    pub at_1: usize,
    pub at_10: usize,
    pub success_at_1: f64,
    pub success_at_10: f64,
    pub mrr_at_10: f64,
}

impl Figures {
    pub fn of<'a>(outcomes: impl IntoIterator<Item = &'a Outcome>) -> Figures {
        let mut figures = Figures::default();
        let mut reciprocal = 0.0;
        for outcome in outcomes {
            figures.queries += 1;
            let Some(rank) = outcome.rank.filter(|&rank| rank <= DEPTH) else {
                continue;
            };
            figures.at_10 += 1;
            if rank == 1 {
                figures.at_1 += 1;
            }
            reciprocal += 1.0 / rank as f64;
        }
        if figures.queries > 0 {
            let n = figures.queries as f64;
            figures.success_at_1 = figures.at_1 as f64 / n;
            figures.success_at_10 = figures.at_10 as f64 / n;
            figures.mrr_at_10 = reciprocal / n;
        }
        figures
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(rank: Option<usize>) -> Outcome {
        Outcome {
            id: "a".into(),
            query: "q".into(),
            note: None,
            rank,
            found_copy: None,
            top: None,
            refused: None,
            unaccented: false,
        }
    }

    #[test]
    fn rank_is_one_based_and_stops_at_the_depth() {
        let ranked: Vec<String> = (1..=12).map(|n| format!("d{n}")).collect();
        let ids = || ranked.iter().map(String::as_str);
        let is = |wanted: &'static str| move |id: &str| id == wanted;
        assert_eq!(rank_of(ids(), is("d1")), Some(1));
        assert_eq!(rank_of(ids(), is("d10")), Some(10));
        assert_eq!(rank_of(ids(), is("d11")), None);
        assert_eq!(rank_of(ids(), is("nowhere")), None);
        // The first of several wanted ids (an article and its copy) gives the rank.
        assert_eq!(rank_of(ids(), |id| id == "d7" || id == "d4"), Some(4));
    }

    #[test]
    fn figures_are_shares_and_the_mean_reciprocal_rank() {
        let outcomes = [
            outcome(Some(1)),
            outcome(Some(2)),
            outcome(Some(4)),
            outcome(None),
        ];
        let figures = Figures::of(&outcomes);
        assert_eq!(figures.queries, 4);
        assert_eq!((figures.at_1, figures.at_10), (1, 3));
        assert_eq!(figures.success_at_1, 0.25);
        assert_eq!(figures.success_at_10, 0.75);
        assert!((figures.mrr_at_10 - (1.0 + 0.5 + 0.25) / 4.0).abs() < 1e-12);
    }

    #[test]
    fn no_outcomes_give_zeros_not_nan() {
        let figures = Figures::of(&[]);
        assert_eq!(figures, Figures::default());
        assert!(!figures.mrr_at_10.is_nan());
    }

    #[test]
    fn a_label_needs_an_id_and_a_query() {
        let item =
            KnownItem::parse(r#"{"id": "x/1", "query": "ma tuy", "note": "n"}"#).expect("a label");
        assert_eq!(item.id, "x/1");
        assert!(item.is_unaccented());
        let item = KnownItem::parse(r#"{"id": "x/1", "query": "ma túy"}"#).expect("no note");
        assert!(!item.is_unaccented());
        assert_eq!(
            KnownItem::parse(r#"{"id": " ", "query": "ma tuy"}"#),
            Err(KnownItemError::Empty("id"))
        );
        assert_eq!(
            KnownItem::parse(r#"{"id": "x", "query": ""}"#),
            Err(KnownItemError::Empty("query"))
        );
        assert!(matches!(
            KnownItem::parse(r#"{"id": "x"}"#),
            Err(KnownItemError::Json(_))
        ));
        assert!(matches!(
            KnownItem::parse("not json"),
            Err(KnownItemError::Json(_))
        ));
    }
}
