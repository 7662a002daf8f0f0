//! The committed bulletins a new bulletin's story is looked up among: the index as last
//! committed, with the columns a candidate is judged by opened once per segment.
//!
//! Opening a fast field's column decodes its header, and a column of a large segment holds
//! one header block per 512 documents: opened again for every candidate, four columns cost
//! more than the comparison itself, and more the larger the segment.

use std::sync::Arc;

use tantivy::columnar::{Column, StrColumn};
use tantivy::{DateTime, DocAddress, InvertedIndexReader, Searcher, SegmentReader};

use super::super::schema::names;
use super::day_of;

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
    fn open(segment: &SegmentReader, bands: tantivy::schema::Field) -> tantivy::Result<Self> {
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
}

impl Committed {
    /// Opens the columns of every segment `searcher` holds; `bands` is the field of band
    /// keys.
    pub fn open(searcher: Searcher, bands: tantivy::schema::Field) -> tantivy::Result<Self> {
        let segments = searcher
            .segment_readers()
            .iter()
            .map(|segment| CommittedSegment::open(segment, bands))
            .collect::<tantivy::Result<_>>()?;
        Ok(Committed { searcher, segments })
    }

    pub fn segment(&self, address: DocAddress) -> &CommittedSegment {
        &self.segments[address.segment_ord as usize]
    }
}
