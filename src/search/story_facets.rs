//! Facet counts by story: with the hits collapsed to one per story ([`super::stories`]),
//! each province, unit, year and month counts the stories among the matches that have it,
//! not their bulletins, so the facets agree with the list they narrow. A story whose
//! copies carry two provinces counts once under each; a bulletin without a story is a story
//! of its own.
//!
//! Most stories have one matching bulletin, which counts as a bulletin does: the pass over
//! the matches counts bulletins by facet ordinal, as tantivy's facet collector does, and
//! keeps each match's story. Only the stories with several matching copies (known once the
//! story counter of the same pass has merged its segments, for a story's copies may sit in
//! different segments) are taken out of those counts and counted once per value, from
//! their copies' values. Sorting a `(value, story)` pair per match and facet instead cost
//! 6 to 10 ms more on a search of 73,000 matches.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::error::DataCorruption;
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::{DocId, Score, SegmentReader, TantivyError};

use super::filters::Dimension;
use super::stories::StoryCounts;
use crate::index::schema::names;
use crate::index::stats::FacetCount;

/// The facet field a dimension is stored in.
fn field_name(dimension: Dimension) -> &'static str {
    match dimension {
        Dimension::Province => names::PROVINCE,
        Dimension::Unit => names::UNIT,
        Dimension::Date => names::MONTH,
    }
}

/// One facet's counts: by value at the top two levels (`/Nghệ An`, `/Hưng Yên/Thái Bình`,
/// `/2024`, `/2024/07`), and of the matches with no value.
#[derive(Clone, Debug, Default)]
pub struct FacetStories {
    values: HashMap<Vec<String>, Tally>,
    missing: Tally,
}

/// The stories having one value (or none): those with one matching bulletin counted, those
/// with several listed, to be counted once each.
#[derive(Clone, Debug, Default)]
struct Tally {
    single: u64,
    repeated: Vec<u64>,
}

impl Tally {
    fn count(&mut self) -> u64 {
        self.repeated.sort_unstable();
        self.repeated.dedup();
        self.single + self.repeated.len() as u64
    }
}

impl FacetStories {
    /// How many stories have each value.
    pub fn counts(&mut self) -> Vec<FacetCount> {
        self.values
            .iter_mut()
            .map(|(path, tally)| FacetCount {
                path: path.clone(),
                count: tally.count(),
            })
            .filter(|count| count.count > 0)
            .collect()
    }

    /// How many stories have no value.
    pub fn unknown(&mut self) -> u64 {
        self.missing.count()
    }
}

/// Counts the matches per value of each facet asked for, keeping their stories; see
/// [`SegmentFacets::stories`].
pub struct StoryFacets {
    dimensions: Vec<Dimension>,
}

impl StoryFacets {
    /// Counts the facets of `dimensions`, in that order.
    pub fn new(dimensions: &[Dimension]) -> StoryFacets {
        StoryFacets {
            dimensions: dimensions.to_vec(),
        }
    }
}

/// One facet field of a segment: its reader and the matches per ordinal.
pub struct SegmentFacet {
    reader: FacetReader,
    /// Matching bulletins per facet ordinal.
    counts: Vec<u32>,
    /// Matching bulletins with no value.
    missing: u64,
}

/// One segment's counts, and the story of every match that has one.
pub struct SegmentFacets {
    story: Option<Column<u64>>,
    facets: Vec<SegmentFacet>,
    stories: Vec<(u64, DocId)>,
}

impl Collector for StoryFacets {
    type Fruit = Vec<SegmentFacets>;
    type Child = SegmentFacets;

    fn for_segment(&self, _segment: u32, reader: &SegmentReader) -> tantivy::Result<Self::Child> {
        let facets = self
            .dimensions
            .iter()
            .map(|&dimension| {
                let name = field_name(dimension);
                let facets = reader.facet_reader(name)?;
                check_dictionary(reader.segment_id(), name, &facets)?;
                Ok(SegmentFacet {
                    counts: vec![0; facets.num_facets()],
                    reader: facets,
                    missing: 0,
                })
            })
            .collect::<tantivy::Result<_>>()?;
        Ok(SegmentFacets {
            story: super::stories::story_column(reader)?,
            facets,
            stories: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<SegmentFacets>>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = Vec<SegmentFacets>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        if let Some(story) = self.story.as_ref().and_then(|column| column.first(doc)) {
            self.stories.push((story, doc));
        }
        for facet in &mut self.facets {
            let mut valued = false;
            for ord in facet.reader.facet_ords(doc) {
                facet.counts[ord as usize] += 1;
                valued = true;
            }
            if !valued {
                facet.missing += 1;
            }
        }
    }

    fn harvest(mut self) -> Vec<SegmentFacets> {
        self.story = None;
        vec![self]
    }
}

/// The facet dictionaries read whole without error, by segment and field: a segment's
/// files never change, so each is read once, not on every search.
static CHECKED: Mutex<Vec<(SegmentId, &'static str)>> = Mutex::new(Vec::new());

/// How many checked dictionaries [`CHECKED`] remembers.
const CHECKED_ENTRIES: usize = 4096;

/// Reads the facet dictionary of `field` in a segment whole, once: a search reads only the
/// values its matches have, so a damaged dictionary would otherwise give wrong counts where
/// it should say the index is damaged (as tantivy's facet collector, which reads it whole on
/// every search, does).
fn check_dictionary(
    segment: SegmentId,
    field: &'static str,
    facets: &FacetReader,
) -> tantivy::Result<()> {
    let key = (segment, field);
    let checked = |cache: &Mutex<Vec<(SegmentId, &'static str)>>| {
        cache
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .contains(&key)
    };
    if checked(&CHECKED) {
        return Ok(());
    }
    let dictionary = facets.facet_dict();
    let mut terms = dictionary.range().into_stream()?;
    let mut read = 0;
    while terms.advance() {
        read += 1;
    }
    if read != dictionary.num_terms() {
        return Err(TantivyError::DataCorruption(DataCorruption::comment_only(
            format!(
                "the {field} facet dictionary of segment {} reads {read} of its {} values",
                segment.uuid_string(),
                dictionary.num_terms()
            ),
        )));
    }
    let mut cache = CHECKED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if cache.len() >= CHECKED_ENTRIES {
        cache.clear();
    }
    cache.push(key);
    Ok(())
}

/// A hasher for story ids, which are hashes already: a multiply spreads them over the
/// bits a hash table looks at.
#[derive(Default)]
struct StoryHasher(u64);

impl Hasher for StoryHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.0 = (self.0 << 8 | u64::from(byte)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = value.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

type StorySet = HashSet<u64, BuildHasherDefault<StoryHasher>>;

/// Each facet's story counts, in the order of [`StoryFacets::new`], from the segments'
/// counts and the stories of the same matches.
pub fn story_counts(
    segments: Vec<SegmentFacets>,
    stories: &StoryCounts,
    dimensions: usize,
) -> Result<Vec<FacetStories>, TantivyError> {
    let repeated: StorySet = stories.repeated().collect();
    let mut facets: Vec<FacetStories> = vec![FacetStories::default(); dimensions];
    for segment in segments {
        let SegmentFacets {
            facets: mut segment_facets,
            stories: segment_stories,
            ..
        } = segment;
        // `(ordinal, story)` of each copy of a repeated story, per facet; `None`: no value.
        let mut copies: Vec<Vec<(Option<u64>, u64)>> = vec![Vec::new(); segment_facets.len()];
        if !repeated.is_empty() {
            for &(story, doc) in &segment_stories {
                if !repeated.contains(&story) {
                    continue;
                }
                for (facet, copies) in segment_facets.iter_mut().zip(&mut copies) {
                    let before = copies.len();
                    for ord in facet.reader.facet_ords(doc) {
                        facet.counts[ord as usize] -= 1;
                        copies.push((Some(ord), story));
                    }
                    if copies.len() == before {
                        facet.missing -= 1;
                        copies.push((None, story));
                    }
                }
            }
        }
        for ((facet, copies), into) in segment_facets.iter().zip(copies).zip(&mut facets) {
            add_segment(facet, copies, into)?;
        }
    }
    Ok(facets)
}

/// Adds one segment's counts of a facet to `into`: its bulletins counted, and the copies of
/// its repeated stories listed under each value.
fn add_segment(
    facet: &SegmentFacet,
    mut copies: Vec<(Option<u64>, u64)>,
    into: &mut FacetStories,
) -> Result<(), TantivyError> {
    into.missing.single += facet.missing;
    copies.sort_unstable();
    let mut ords: Vec<u64> = facet
        .counts
        .iter()
        .enumerate()
        .filter(|(_, &count)| count > 0)
        .map(|(ord, _)| ord as u64)
        .chain(copies.iter().filter_map(|(ord, _)| *ord))
        .collect();
    ords.sort_unstable();
    ords.dedup();
    let mut paths: Vec<Vec<Vec<String>>> = Vec::with_capacity(ords.len());
    facet
        .reader
        .facet_dict()
        .sorted_ords_to_term_cb(&ords, |encoded| paths.push(levels(encoded)))?;
    if paths.len() != ords.len() {
        return Err(TantivyError::InternalError(format!(
            "{} facet ordinals of {} found in the dictionary",
            paths.len(),
            ords.len()
        )));
    }
    // `copies` is sorted: those without a value first, then by ordinal.
    let mut at = 0;
    for (&ord, levels) in ords.iter().zip(&paths) {
        while at < copies.len() && copies[at].0 < Some(ord) {
            at += 1;
        }
        let from = at;
        while at < copies.len() && copies[at].0 == Some(ord) {
            at += 1;
        }
        let single = u64::from(facet.counts[ord as usize]);
        for path in levels {
            let tally = into.values.entry(path.clone()).or_default();
            tally.single += single;
            tally
                .repeated
                .extend(copies[from..at].iter().map(|&(_, story)| story));
        }
    }
    into.missing.repeated.extend(
        copies
            .iter()
            .filter(|(ord, _)| ord.is_none())
            .map(|&(_, story)| story),
    );
    Ok(())
}

/// What separates the parts of a facet value as stored.
const FACET_SEP_BYTE: u8 = 0;

/// The top two levels of a stored facet value (its parts joined by a zero byte):
/// `/A/B/C` counts under `/A` and `/A/B`.
fn levels(encoded: &[u8]) -> Vec<Vec<String>> {
    let parts: Vec<String> = encoded
        .split(|&byte| byte == FACET_SEP_BYTE)
        .take(2)
        .map(|part| String::from_utf8_lossy(part).into_owned())
        .collect();
    (1..=parts.len())
        .map(|depth| parts[..depth].to_vec())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_counts_its_single_stories_and_each_repeated_story_once() {
        let mut tally = Tally {
            single: 3,
            repeated: vec![7, 9, 7, 7],
        };
        assert_eq!(tally.count(), 5);
    }

    #[test]
    fn a_value_counts_under_its_first_two_levels() {
        let encoded = ["Hưng Yên", "Thái Bình", "Vũ Thư"].join("\0");
        assert_eq!(
            levels(encoded.as_bytes()),
            vec![
                vec!["Hưng Yên".to_owned()],
                vec!["Hưng Yên".to_owned(), "Thái Bình".to_owned()]
            ]
        );
        assert_eq!(levels(b"2024"), vec![vec!["2024".to_owned()]]);
    }
}
