//! The committed bulletins a new bulletin's story is looked up among: the index as last
//! committed, with the columns a candidate is judged by opened once per segment, and the
//! candidates its band keys find there.
//!
//! Opening a fast field's column decodes its header, and a column of a large segment holds
//! one header block per 512 documents: opened again for every candidate, four columns cost
//! more than the comparison itself, and more the larger the segment.

use std::ops::RangeInclusive;
use std::sync::Arc;

use tantivy::columnar::{Column, StrColumn};
use tantivy::postings::SegmentPostings;
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{
    DateTime, DocAddress, DocSet, InvertedIndexReader, Searcher, SegmentReader, Term, TERMINATED,
};

use super::super::schema::names;
use super::{day_of, KEY_CANDIDATES};

/// One segment's band keys and the columns of its bulletins that stories read.
pub(super) struct CommittedSegment {
    pub bands: Arc<InvertedIndexReader>,
    pub story: Column<u64>,
    pub content_hash: Column<u64>,
    date: Column<DateTime>,
    date_precision: Column<u64>,
    pub ids: Option<StrColumn>,
}

impl CommittedSegment {
    fn open(segment: &SegmentReader, bands: Field) -> tantivy::Result<Self> {
        let fast = segment.fast_fields();
        Ok(CommittedSegment {
            bands: segment.inverted_index(bands)?,
            story: fast.u64(names::STORY)?,
            content_hash: fast.u64(names::CONTENT_HASH)?,
            date: fast.date(names::DATE)?,
            date_precision: fast.u64(names::DATE_PRECISION)?,
            ids: fast.str(names::ID)?,
        })
    }

    /// The day of bulletin `doc`, when dated to the day: days since 1970-01-01.
    pub fn day(&self, doc: u32) -> Option<i64> {
        day_of(self.date.first(doc), self.date_precision.first(doc))
    }
}

/// The index as last committed, each segment's columns open.
pub(super) struct Committed {
    pub searcher: Searcher,
    pub segments: Vec<CommittedSegment>,
    bands: Field,
}

impl Committed {
    /// Opens the columns of every segment `searcher` holds; `bands` is the field of band
    /// keys.
    pub fn open(searcher: Searcher, bands: Field) -> tantivy::Result<Self> {
        let segments = searcher
            .segment_readers()
            .iter()
            .map(|segment| CommittedSegment::open(segment, bands))
            .collect::<tantivy::Result<_>>()?;
        Ok(Committed {
            searcher,
            segments,
            bands,
        })
    }

    pub fn segment(&self, address: DocAddress) -> &CommittedSegment {
        &self.segments[address.segment_ord as usize]
    }

    /// Committed bulletins holding a band key in `lookups`: for each key, at most
    /// [`KEY_CANDIDATES`] of them. A key, or a range whose every key, has found that many
    /// is not looked up in the segments left: most keys of templated bulletins are held in
    /// every segment. Adds the lookups made to `looked_up`.
    pub fn candidates(
        &self,
        lookups: &[RangeInclusive<u64>],
        looked_up: &mut u64,
    ) -> std::io::Result<Vec<DocAddress>> {
        let segments = self.searcher.segment_readers();
        let mut found = Vec::new();
        // Candidates taken so far for each key of one lookup (a range holds several).
        let mut taken: Vec<(u64, usize)> = Vec::new();
        for keys in lookups {
            taken.clear();
            let width = keys.end().saturating_sub(*keys.start()).saturating_add(1);
            for (segment_ord, (segment, columns)) in segments.iter().zip(&self.segments).enumerate()
            {
                // Every key the lookup can hold has found its bound: no more segments.
                if taken.len() as u64 == width && taken.iter().all(|&(_, n)| n >= KEY_CANDIDATES) {
                    break;
                }
                *looked_up += 1;
                let inverted = &columns.bands;
                let mut take = |key: u64, mut postings: SegmentPostings| {
                    let at = match taken.iter().position(|(k, _)| *k == key) {
                        Some(at) => at,
                        None => {
                            taken.push((key, 0));
                            taken.len() - 1
                        }
                    };
                    let mut doc = postings.doc();
                    while doc != TERMINATED && taken[at].1 < KEY_CANDIDATES {
                        if !segment.is_deleted(doc) {
                            found.push(DocAddress::new(segment_ord as u32, doc));
                            taken[at].1 += 1;
                        }
                        doc = postings.advance();
                    }
                };
                if keys.start() == keys.end() {
                    let term = Term::from_field_u64(self.bands, *keys.start());
                    if let Some(postings) =
                        inverted.read_postings(&term, IndexRecordOption::Basic)?
                    {
                        take(*keys.start(), postings);
                    }
                    continue;
                }
                let mut terms = key_range(inverted, self.bands, keys.clone())?;
                while terms.advance() {
                    let Ok(bytes) = <[u8; 8]>::try_from(terms.key()) else {
                        continue;
                    };
                    let postings = inverted
                        .read_postings_from_terminfo(terms.value(), IndexRecordOption::Basic)?;
                    take(u64::from_be_bytes(bytes), postings);
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        Ok(found)
    }
}

/// The band keys of a segment's `bands` field in `keys`.
fn key_range<'a>(
    inverted: &'a InvertedIndexReader,
    bands: Field,
    keys: RangeInclusive<u64>,
) -> std::io::Result<tantivy::termdict::TermStreamer<'a>> {
    let bound = |key: u64| Term::from_field_u64(bands, key);
    let (first, last) = (bound(*keys.start()), bound(*keys.end()));
    inverted
        .terms()
        .range()
        .ge(first.serialized_value_bytes())
        .le(last.serialized_value_bytes())
        .into_stream()
}

#[cfg(test)]
mod tests {
    use super::{Committed, KEY_CANDIDATES};
    use crate::index::BantinIndex;

    const HUB: u64 = 7 << 56;
    const RARE: u64 = (7 << 56) | 1 << 20;
    const DAYS: u64 = 5 << 56;

    /// An index of two segments of 30 bulletins, each holding the key `HUB` and one of
    /// three keys from `DAYS`; the first three also hold `RARE`.
    fn two_segments_of_shared_keys() -> Committed {
        let index = BantinIndex::create_in_ram();
        let bands = index.fields.story_bands.expect("story bands");
        let mut writer: tantivy::IndexWriter = index
            .index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for n in 0..60u64 {
            let mut doc = tantivy::doc!(index.fields.id => format!("b{n}"));
            doc.add_u64(bands, HUB);
            doc.add_u64(bands, DAYS | (n % 3));
            if n < 3 {
                doc.add_u64(bands, RARE);
            }
            writer.add_document(doc).expect("add");
            if n == 29 {
                writer.commit().expect("commit");
            }
        }
        writer.commit().expect("commit");
        let searcher = index.fresh_reader().expect("reader").searcher();
        let committed = Committed::open(searcher, bands).expect("columns");
        assert_eq!(committed.segments.len(), 2);
        committed
    }

    /// A key held by more committed bulletins than [`KEY_CANDIDATES`], in two segments,
    /// finds that many; a rarer key finds every holder; each key of a range is bounded on
    /// its own.
    #[test]
    fn a_band_key_finds_a_bounded_number_of_committed_bulletins() {
        let committed = two_segments_of_shared_keys();
        let found = |keys| committed.candidates(&[keys], &mut 0).expect("found");
        assert_eq!(found(HUB..=HUB).len(), KEY_CANDIDATES);
        assert_eq!(found(RARE..=RARE).len(), 3);
        assert_eq!(found(DAYS..=DAYS | 2).len(), 3 * KEY_CANDIDATES);
        assert_eq!(found(DAYS | 1..=DAYS | 1).len(), KEY_CANDIDATES);
    }

    /// A key, or a range of keys each of which, that has found [`KEY_CANDIDATES`]
    /// bulletins in one segment is not looked up in the next; a key that has found fewer,
    /// or a range with a key not found yet, is.
    #[test]
    fn a_key_that_found_its_bound_is_not_looked_up_in_more_segments() {
        let committed = two_segments_of_shared_keys();
        let lookups = |keys| {
            let mut looked_up = 0;
            let found = committed
                .candidates(&[keys], &mut looked_up)
                .expect("found");
            assert!(!found.is_empty());
            looked_up
        };
        assert_eq!(lookups(HUB..=HUB), 1);
        assert_eq!(lookups(RARE..=RARE), 2);
        assert_eq!(lookups(DAYS..=DAYS | 2), 1);
        assert_eq!(lookups(DAYS..=DAYS | 3), 2);
    }
}
