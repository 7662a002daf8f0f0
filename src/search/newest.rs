//! The newest matches of a search, for a feed: by the bulletin's date, or when it has none
//! by when it was ingested, so a bulletin that arrives undated still comes first.
//!
//! One pass over the matches keeps the best `n` in a heap (memory for `n` bulletins'
//! addresses, whatever the count) reading two fast fields; only those `n` are read from the
//! store. An index built before ingest times were a fast field has none to read: its
//! undated bulletins come after the dated ones, in index order.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use tantivy::query::{EnableScoring, Query};
use tantivy::{DocAddress, Searcher, TantivyDocument};

use super::plan::MatchPlan;
use super::{Matching, SearchError, SearchRequest};
use crate::index::document::StoredBulletin;
use crate::index::schema::names;
use crate::index::{tantivy_error, BantinIndex};

/// A bulletin of a feed and what it is ordered by.
#[derive(Clone, Debug)]
pub struct NewBulletin {
    pub bulletin: StoredBulletin,
    /// Unix seconds of its date, if any.
    pub date: Option<i64>,
    /// Unix seconds of its ingest, if the index has them.
    pub ingested: Option<i64>,
}

/// The newest matches of a search.
#[derive(Clone, Debug)]
pub struct Newest {
    pub total: usize,
    pub matching: Matching,
    pub fell_back: bool,
    pub bulletins: Vec<NewBulletin>,
}

/// The `n` newest matches of `request`, newest first.
pub fn newest(
    index: &BantinIndex,
    request: &SearchRequest,
    n: usize,
) -> Result<Newest, SearchError> {
    let err = |source| tantivy_error(&index.path, source);
    let searcher = index.searcher()?;
    let matches = MatchPlan::new(index, &searcher, request)?.resolve(index, &searcher)?;
    let best = best_by_time(&searcher, &matches.query, n).map_err(err)?;
    let mut bulletins = Vec::with_capacity(best.len());
    for (date, ingested, address) in best {
        let doc: TantivyDocument = searcher.doc(address).map_err(err)?;
        bulletins.push(NewBulletin {
            bulletin: StoredBulletin::from_document(&doc, &index.fields),
            date,
            ingested,
        });
    }
    Ok(Newest {
        total: matches.total,
        matching: matches.matching,
        fell_back: matches.fell_back,
        bulletins,
    })
}

/// A match's date, ingest time (Unix seconds) and address.
type Timed = (Option<i64>, Option<i64>, DocAddress);
/// What orders a feed, greatest first: see [`feed_key`].
type FeedKey = (Option<i64>, Option<i64>, DocAddress);

/// What orders a feed: the date, else the ingest time; then the later ingest; then the
/// later address (the later added within a segment).
fn feed_key(&(date, ingested, address): &Timed) -> FeedKey {
    (date.or(ingested), ingested, address)
}

/// The `n` matches of `query` with the greatest [`feed_key`], greatest first.
fn best_by_time(searcher: &Searcher, query: &dyn Query, n: usize) -> tantivy::Result<Vec<Timed>> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut heap: BinaryHeap<Reverse<(FeedKey, Timed)>> = BinaryHeap::with_capacity(n + 1);
    if n == 0 {
        return Ok(Vec::new());
    }
    for (ord, reader) in searcher.segment_readers().iter().enumerate() {
        let alive = reader.alive_bitset();
        let fast = reader.fast_fields();
        let dates = fast.date(names::DATE).ok();
        let ingested = fast.date(names::INGESTED_AT).ok();
        weight.for_each_no_score(reader, &mut |docs| {
            for &doc in docs {
                if alive.is_some_and(|bits| !bits.is_alive(doc)) {
                    continue;
                }
                let seconds = |column: &Option<tantivy::columnar::Column<tantivy::DateTime>>| {
                    column
                        .as_ref()
                        .and_then(|c| c.first(doc))
                        .map(|d| d.into_timestamp_secs())
                };
                let timed = (
                    seconds(&dates),
                    seconds(&ingested),
                    DocAddress::new(ord as u32, doc),
                );
                heap.push(Reverse((feed_key(&timed), timed)));
                if heap.len() > n {
                    heap.pop();
                }
            }
        })?;
    }
    let mut best: Vec<_> = heap.into_iter().map(|Reverse(entry)| entry).collect();
    best.sort_by_key(|entry| Reverse(entry.0));
    Ok(best.into_iter().map(|(_, timed)| timed).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_orders_and_the_ingest_time_stands_in_for_a_missing_one() {
        let at = |doc| DocAddress::new(0, doc);
        let mut timed: Vec<Timed> = vec![
            (Some(100), Some(500), at(0)),
            (None, Some(300), at(1)),
            (Some(400), Some(500), at(2)),
            (None, None, at(3)),
        ];
        timed.sort_by_key(|t| Reverse(feed_key(t)));
        let order: Vec<u32> = timed.iter().map(|t| t.2.doc_id).collect();
        assert_eq!(order, [2, 1, 0, 3]);
    }
}
