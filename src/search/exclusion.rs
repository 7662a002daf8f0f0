//! Excluded clauses (`-"cần sa"`), wrapped so that tantivy may ask them about any document.
//!
//! Tantivy's exclusion asks the excluded scorer whether each candidate matches with
//! `seek_danger`, which may leave a phrase scorer past the next candidate; the next
//! question then seeks backwards, which tantivy 0.27 forbids (a debug assertion in the
//! phrase scorer, upstream issue #2811). [`Excluded`] answers from a scorer that only ever
//! moves forward with a plain `seek`, which leaves it on its next match.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SeekDangerResult, SegmentReader, TERMINATED};

/// A query to exclude; matches what `inner` matches.
#[derive(Debug)]
pub struct Excluded {
    inner: Box<dyn Query>,
}

impl Excluded {
    pub fn new(inner: Box<dyn Query>) -> Excluded {
        Excluded { inner }
    }
}

impl Clone for Excluded {
    fn clone(&self) -> Self {
        Excluded {
            inner: self.inner.box_clone(),
        }
    }
}

impl Query for Excluded {
    fn weight(&self, scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(ExcludedWeight {
            inner: self.inner.weight(scoring)?,
        }))
    }
}

struct ExcludedWeight {
    inner: Box<dyn Weight>,
}

impl Weight for ExcludedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(ForwardOnly {
            inner: self.inner.scorer(reader, boost)?,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.inner.explain(reader, doc)
    }
}

/// A scorer that is always on a match (or terminated), whatever it is asked.
struct ForwardOnly {
    inner: Box<dyn Scorer>,
}

impl DocSet for ForwardOnly {
    fn advance(&mut self) -> DocId {
        self.inner.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if target <= self.inner.doc() {
            return self.inner.doc();
        }
        self.inner.seek(target)
    }

    fn seek_danger(&mut self, target: DocId) -> SeekDangerResult {
        let doc = self.seek(target);
        if doc == target && doc != TERMINATED {
            SeekDangerResult::Found
        } else {
            SeekDangerResult::SeekLowerBound(doc)
        }
    }

    fn doc(&self) -> DocId {
        self.inner.doc()
    }

    fn size_hint(&self) -> u32 {
        self.inner.size_hint()
    }
}

impl Scorer for ForwardOnly {
    fn score(&mut self) -> Score {
        self.inner.score()
    }
}
