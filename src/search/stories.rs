//! One hit per story: the matches of a search grouped by the story ingest gave them
//! ([`crate::index::stories`]), counted in the same pass as the total, and the ranking
//! collapsed to the best ranked bulletin of each story.
//!
//! A bulletin without a story (an index made before stories existed) is a story of its own.

use std::collections::HashMap;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, Searcher, SegmentReader, TantivyError};

use crate::index::schema::names;

/// How many matching bulletins each story holds.
#[derive(Clone, Debug, Default)]
pub struct StoryCounts {
    /// Each story among the matches and its matching bulletins, sorted by story: a
    /// segment pushes one value per match and sorts once, which costs a third of a hash
    /// map's insert per match on tens of thousands of matches.
    copies: Vec<(u64, u32)>,
    /// Matches without a story: one story each.
    unnamed: usize,
}

impl StoryCounts {
    /// Stories among the matches.
    pub fn stories(&self) -> usize {
        self.copies.len() + self.unnamed
    }

    /// The stories with more than one matching bulletin.
    pub fn repeated(&self) -> impl Iterator<Item = u64> + '_ {
        self.copies
            .iter()
            .filter(|&&(_, copies)| copies > 1)
            .map(|&(story, _)| story)
    }

    /// Matching bulletins of `story` (1 for a bulletin without one).
    pub fn copies(&self, story: Option<u64>) -> usize {
        story
            .and_then(|story| self.copies.binary_search_by_key(&story, |&(s, _)| s).ok())
            .map_or(1, |at| self.copies[at].1 as usize)
    }

    /// The counts of `stories`, one value per match, in any order.
    fn of(mut stories: Vec<u64>, unnamed: usize) -> StoryCounts {
        stories.sort_unstable();
        let mut copies: Vec<(u64, u32)> = Vec::new();
        for story in stories {
            match copies.last_mut() {
                Some((last, n)) if *last == story => *n += 1,
                _ => copies.push((story, 1)),
            }
        }
        StoryCounts { copies, unnamed }
    }
}

/// Counts the matches per story.
pub struct CountStories;

pub struct SegmentStories {
    column: Option<Column<u64>>,
    /// The story of every match, in the order collected.
    seen: Vec<u64>,
    unnamed: usize,
}

impl Collector for CountStories {
    type Fruit = StoryCounts;
    type Child = SegmentStories;

    fn for_segment(&self, _segment: u32, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        Ok(SegmentStories {
            column: story_column(reader)?,
            seen: Vec::new(),
            unnamed: 0,
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, mut fruits: Vec<StoryCounts>) -> tantivy::Result<StoryCounts> {
        if fruits.len() == 1 {
            return Ok(fruits.remove(0));
        }
        let unnamed = fruits.iter().map(|f| f.unnamed).sum();
        let mut all: Vec<(u64, u32)> = fruits.into_iter().flat_map(|f| f.copies).collect();
        all.sort_unstable_by_key(|&(story, _)| story);
        let mut copies: Vec<(u64, u32)> = Vec::with_capacity(all.len());
        for (story, n) in all {
            match copies.last_mut() {
                Some((last, total)) if *last == story => *total += n,
                _ => copies.push((story, n)),
            }
        }
        Ok(StoryCounts { copies, unnamed })
    }
}

impl SegmentCollector for SegmentStories {
    type Fruit = StoryCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        match self.column.as_ref().and_then(|column| column.first(doc)) {
            Some(story) => self.seen.push(story),
            None => self.unnamed += 1,
        }
    }

    fn harvest(self) -> StoryCounts {
        StoryCounts::of(self.seen, self.unnamed)
    }
}

/// The story column of a segment; `None` in an index made before stories existed.
pub(super) fn story_column(reader: &SegmentReader) -> tantivy::Result<Option<Column<u64>>> {
    if reader.schema().get_field(names::STORY).is_err() {
        return Ok(None);
    }
    Ok(Some(reader.fast_fields().u64(names::STORY)?))
}

/// The stories of bulletins, each segment's column opened once.
pub struct Stories<'a> {
    searcher: &'a Searcher,
    columns: HashMap<u32, Option<Column<u64>>>,
}

impl<'a> Stories<'a> {
    pub fn new(searcher: &'a Searcher) -> Stories<'a> {
        Stories {
            searcher,
            columns: HashMap::new(),
        }
    }

    /// The story of the bulletin at `address`.
    pub fn of(&mut self, address: DocAddress) -> Result<Option<u64>, TantivyError> {
        let column = match self.columns.get(&address.segment_ord) {
            Some(column) => column,
            None => {
                let reader = self.searcher.segment_reader(address.segment_ord);
                let column = story_column(reader)?;
                self.columns.entry(address.segment_ord).or_insert(column)
            }
        };
        Ok(column
            .as_ref()
            .and_then(|column| column.first(address.doc_id)))
    }
}

/// `ranked` (best first) keeping the first bulletin of each story.
pub fn first_of_each<T>(
    searcher: &Searcher,
    ranked: Vec<T>,
    address: impl Fn(&T) -> DocAddress,
) -> Result<Vec<T>, TantivyError> {
    let mut stories = Stories::new(searcher);
    let mut seen = std::collections::HashSet::new();
    let mut kept = Vec::with_capacity(ranked.len());
    for item in ranked {
        let story = stories.of(address(&item))?;
        if story.is_none_or(|story| seen.insert(story)) {
            kept.push(item);
        }
    }
    Ok(kept)
}

/// How deep to read the ranking for `wanted` stories, after `depth` gave `found` of them
/// and the matches number `total`: `None` when reading deeper can give no more.
pub fn deeper(wanted: usize, depth: usize, found: usize, total: usize) -> Option<usize> {
    (found < wanted && depth < total).then(|| depth.saturating_mul(4).min(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_deeper_only_while_stories_are_missing_and_matches_remain() {
        assert_eq!(deeper(10, 200, 10, 5000), None);
        assert_eq!(deeper(10, 200, 7, 5000), Some(800));
        assert_eq!(deeper(10, 200, 7, 300), Some(300));
        assert_eq!(deeper(10, 300, 7, 300), None);
    }

    #[test]
    fn a_bulletin_without_a_story_is_one_story() {
        let counts = StoryCounts::of(vec![9, 7, 7, 7], 2);
        assert_eq!(counts.stories(), 4);
        assert_eq!(counts.copies(Some(7)), 3);
        assert_eq!(counts.copies(None), 1);
    }
}
