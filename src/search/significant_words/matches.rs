//! The matches a words facet reads: collected per segment in the search's pass, sampled
//! evenly over the whole set, and intersected with a word's postings.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocAddress, DocId, DocSet, Score, SegmentReader, Term, TERMINATED};

/// Collects every matching document, per segment in doc id order.
pub struct MatchingDocs;

/// The matches of one segment, ascending.
pub struct SegmentMatches {
    pub(super) segment: u32,
    pub(super) docs: Vec<DocId>,
}

impl Collector for MatchingDocs {
    type Fruit = Vec<SegmentMatches>;
    type Child = SegmentMatches;

    fn for_segment(&self, segment: u32, _reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(SegmentMatches {
            segment,
            docs: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, mut fruits: Vec<SegmentMatches>) -> tantivy::Result<Self::Fruit> {
        fruits.retain(|segment| !segment.docs.is_empty());
        fruits.sort_by_key(|segment| segment.segment);
        for segment in &mut fruits {
            // Collectors may see a segment's docs in blocks; intersections need them sorted.
            if !segment.docs.is_sorted() {
                segment.docs.sort_unstable();
            }
        }
        Ok(fruits)
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = SegmentMatches;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.docs.push(doc);
    }

    fn collect_block(&mut self, docs: &[DocId]) {
        self.docs.extend_from_slice(docs);
    }

    fn harvest(self) -> SegmentMatches {
        self
    }
}

/// Every match when there are at most `bound`, else `bound` of them evenly spaced over the
/// whole set in index order.
pub(super) fn sample(matches: &[SegmentMatches], bound: usize) -> Vec<DocAddress> {
    let total: usize = matches.iter().map(|s| s.docs.len()).sum();
    let all = matches.iter().flat_map(|segment| {
        segment
            .docs
            .iter()
            .map(|&doc| DocAddress::new(segment.segment, doc))
    });
    if total <= bound {
        return all.collect();
    }
    // The i-th pick is match i * total / bound: strictly increasing, as total > bound.
    let mut next_pick = 0usize;
    let mut picked = Vec::with_capacity(bound);
    for (at, address) in all.enumerate() {
        if at == next_pick * total / bound {
            picked.push(address);
            next_pick += 1;
            if next_pick == bound {
                break;
            }
        }
    }
    picked
}

/// How many of `matches` hold `term`.
pub(super) fn count_in_matches(
    searcher: &tantivy::Searcher,
    matches: &[SegmentMatches],
    term: &Term,
) -> tantivy::Result<u64> {
    let mut count = 0u64;
    each_holding(searcher, matches, term, |_, _| count += 1)?;
    Ok(count)
}

/// The matches that hold every one of `terms` (the query's words as words).
pub fn holding(
    searcher: &tantivy::Searcher,
    matches: &[SegmentMatches],
    terms: &[Term],
) -> tantivy::Result<Vec<SegmentMatches>> {
    let mut kept: Option<Vec<SegmentMatches>> = None;
    for term in terms {
        let from = kept.as_deref().unwrap_or(matches);
        let mut next: Vec<SegmentMatches> = from
            .iter()
            .map(|segment| SegmentMatches {
                segment: segment.segment,
                docs: Vec::new(),
            })
            .collect();
        each_holding(searcher, from, term, |at, doc| next[at].docs.push(doc))?;
        next.retain(|segment| !segment.docs.is_empty());
        kept = Some(next);
    }
    Ok(kept.unwrap_or_else(|| {
        let all = matches.iter().map(|segment| SegmentMatches {
            segment: segment.segment,
            docs: segment.docs.clone(),
        });
        all.collect()
    }))
}

/// Shows `found` each match that holds `term` (the index of its segment in `matches`, and
/// the document), in order: the smaller side drives, seeking in the other.
fn each_holding(
    searcher: &tantivy::Searcher,
    matches: &[SegmentMatches],
    term: &Term,
    mut found: impl FnMut(usize, DocId),
) -> tantivy::Result<()> {
    for (at, segment) in matches.iter().enumerate() {
        let reader = searcher.segment_reader(segment.segment);
        let inverted = reader.inverted_index(term.field())?;
        let Some(mut postings) = inverted.read_postings(term, IndexRecordOption::Basic)? else {
            continue;
        };
        let docs = &segment.docs;
        if docs.len() as u32 <= postings.doc_freq() {
            for &doc in docs {
                if postings.doc() == TERMINATED {
                    break;
                }
                if postings.doc() > doc {
                    continue;
                }
                if postings.seek(doc) == TERMINATED {
                    break;
                }
                if postings.doc() == doc {
                    found(at, doc);
                }
            }
        } else {
            let mut rest: &[DocId] = docs;
            let mut doc = postings.doc();
            while doc != TERMINATED && !rest.is_empty() {
                let skip = rest.partition_point(|&d| d < doc);
                rest = &rest[skip..];
                if rest.first() == Some(&doc) {
                    found(at, doc);
                }
                doc = postings.advance();
            }
        }
    }
    Ok(())
}
