//! Stories: near-duplicate bulletins grouped as they are written.
//!
//! One police bulletin is published by the provincial force, then by the Ministry, then
//! rewritten by papers: an archive holds one story many times, lightly edited. Each bulletin
//! written gets the text signature of [`crate::text::signature`]; its band keys are indexed
//! in `story_bands`. A new bulletin looks its band keys up among the committed bulletins
//! (term lookups) and among those of the batch not yet committed (a table in memory), and
//! joins the story of every candidate whose estimated similarity is at least
//! [`SAME_STORY`].
//!
//! A key finds at most [`KEY_CANDIDATES`] committed bulletins. Most keys are held by one
//! story's copies; a few by a set phrase that opens thousands of unrelated bulletins, and
//! every bulletin compared there is read back from the store: unbounded, the work per new
//! bulletin would grow with the index.
//!
//! A bulletin like none before it starts a story named by its [`member_key`]; one like
//! others takes their story's name. The stories are the connected groups of the similarity
//! graph whatever the order of ingest: when a bulletin links two stories (C matches A and B,
//! which did not match each other), the bulletins of the story with the larger name are
//! written again under the smaller one right after the commit, from their stored fields.
//! Which name a story bears depends on the order; which bulletins it holds does not.
//! Rewriting only where stories merge keeps the index in the order it was written (and its
//! term statistics free of deleted copies). A bulletin replaced by an edit gets a new key and
//! finds its story again; the others keep theirs.

mod band_table;
mod committed;
mod copies;

use std::collections::{HashMap, HashSet};
use std::ops::RangeInclusive;

use lru::LruCache;
use tantivy::schema::{Field, Value};
use tantivy::{DocAddress, IndexWriter, Searcher, TantivyDocument, Term};

use committed::Committed;

use super::document::from_stored;
use super::schema::names;
use super::{tantivy_error, BantinIndex, IndexError};
use crate::bulletin::{stable_hash, Bulletin};
use crate::text::signature::{Signature, Thresholds};
use band_table::BandTable;
pub use copies::{count_stories, story_copies, StoryCopy, MAX_COPIES_LISTED};

/// Estimated Jaccard similarity of shingles at or above which two bulletins are one story,
/// by what their leads say: chosen on the labelled pairs of `dev/stories` (`bantin eval
/// stories`, README). Two leads dating the news to one day: the lowest similarity at
/// which those pairs alone are all labelled one story.
pub const SAME_STORY: Thresholds = Thresholds {
    same_day: 0.50,
    near_day: 0.70,
    otherwise: 0.55,
};

/// The date of a stored bulletin, when known to the day: days since 1970-01-01.
fn stored_day(stored: &TantivyDocument, fields: &super::Fields) -> Option<i64> {
    let precision = stored
        .get_first(fields.date_precision)
        .and_then(|v| v.as_u64());
    day_of(
        stored.get_first(fields.date).and_then(|v| v.as_datetime()),
        precision,
    )
}

/// Days since 1970-01-01 of a date whose precision is the day.
fn day_of(date: Option<tantivy::DateTime>, precision: Option<u64>) -> Option<i64> {
    let to_the_day = precision == Some(crate::bulletin::Precision::Day.as_u64());
    date.filter(|_| to_the_day)
        .map(|date| date.into_timestamp_secs().div_euclid(86_400))
}

/// The key that names a story when it is the smallest of its members': a hash of the
/// bulletin's id and content, so an edited bulletin is a new member.
pub fn member_key(id: &str, content_hash: u64) -> u64 {
    stable_hash(id) ^ content_hash.rotate_left(32)
}

/// A bulletin of the batch being written, not yet readable from the index.
struct Pending {
    signature: Signature,
    story: u64,
    /// Replaced later in the same batch.
    replaced: bool,
}

/// The grouping of one ingest run.
pub struct Stories {
    story: Field,
    bands: Field,
    /// The index as last committed.
    committed: Committed,
    batch: Vec<Pending>,
    batch_bands: BandTable,
    batch_ids: HashMap<u64, usize>,
    /// Ids (stable hashes) written or deleted since `searcher` was taken: their committed
    /// versions are gone.
    superseded: HashSet<u64>,
    /// Story names given up for a smaller one, to be rewritten after the commit.
    renamed: HashMap<u64, u64>,
    /// Bulletins written again under a new story name, this run.
    pub rewritten: u64,
    /// Committed bulletins whose signature was compared with a new bulletin's, this run.
    pub compared: u64,
    /// Band keys (or ranges of keys) looked up in a committed segment's terms, this run.
    pub looked_up: u64,
    /// Signatures of committed bulletins read as candidates, by content hash. Most band
    /// keys that collide are shared phrases, not copies, and a few thousand bulletins holding
    /// them are candidates again and again (in the 128,060-article corpus, 4,096 bulletins
    /// were 69 % of the 412,096 candidates read): their signatures are kept rather than read
    /// and made again from the store.
    signatures: LruCache<u64, Signature>,
}

/// The committed bulletins a band key finds, at most. A key held by more is a set phrase
/// of many texts (`theo thông tin ban đầu`, a force's template), not the mark of one story:
/// without a bound, each new bulletin would be compared with a number of them that grows
/// with the index, nearly each one read back from the store. A copy shares several keys,
/// and any bulletin of its story found is enough.
pub const KEY_CANDIDATES: usize = 4;

/// Signatures of committed bulletins kept in memory: about 600 bytes each.
const KEPT_SIGNATURES: std::num::NonZeroUsize = std::num::NonZeroUsize::new(8192).unwrap();

impl Stories {
    /// The grouping for `index`; `None` for an index made before stories existed.
    pub fn new(index: &BantinIndex) -> Result<Option<Stories>, IndexError> {
        let (Some(story), Some(bands)) = (index.fields.story, index.fields.story_bands) else {
            return Ok(None);
        };
        Ok(Some(Stories {
            story,
            bands,
            committed: committed(index, bands)?,
            batch: Vec::new(),
            batch_bands: BandTable::default(),
            batch_ids: HashMap::new(),
            superseded: HashSet::new(),
            renamed: HashMap::new(),
            rewritten: 0,
            compared: 0,
            looked_up: 0,
            signatures: LruCache::new(KEPT_SIGNATURES),
        }))
    }

    /// The bulletin with id hash `id` was deleted from the index.
    pub fn deleted(&mut self, id: u64) {
        self.superseded.insert(id);
        if let Some(&at) = self.batch_ids.get(&id) {
            self.batch[at].replaced = true;
        }
    }

    /// Finds the story of `bulletin` (id hash `id`) and adds it, with the band keys, to
    /// `doc`, the document about to be written.
    pub fn assign(
        &mut self,
        index: &BantinIndex,
        bulletin: &Bulletin,
        id: u64,
        doc: &mut TantivyDocument,
    ) -> Result<(), IndexError> {
        self.deleted(id);
        let signature = &bulletin.signature;
        let lookups = signature.band_lookups();
        let joined: Vec<u64> = self
            .similar(index, signature, &lookups)?
            .into_iter()
            .map(|story| self.name(story))
            .collect();
        let story = joined
            .iter()
            .copied()
            .min()
            .unwrap_or_else(|| member_key(&bulletin.id, bulletin.content_hash));
        for name in joined {
            if name != story {
                self.renamed.insert(name, story);
            }
        }
        for &band in signature.bands() {
            doc.add_u64(self.bands, band);
            self.batch_bands.insert(band, self.batch.len());
        }
        doc.add_u64(self.story, story);
        self.batch_ids.insert(id, self.batch.len());
        self.batch.push(Pending {
            signature: signature.clone(),
            story,
            replaced: false,
        });
        Ok(())
    }

    /// The stories of the bulletins, committed or in the batch, that `signature` nearly
    /// duplicates; `lookups` are its band keys to look up.
    fn similar(
        &mut self,
        index: &BantinIndex,
        signature: &Signature,
        lookups: &[RangeInclusive<u64>],
    ) -> Result<Vec<u64>, IndexError> {
        let mut stories = Vec::new();
        let mut seen = HashSet::new();
        for band in lookups.iter().cloned().flatten() {
            for at in self.batch_bands.holding(band) {
                let pending = &self.batch[at];
                // Another member of a story already joined would add nothing.
                if pending.replaced || !seen.insert(at) || stories.contains(&pending.story) {
                    continue;
                }
                if pending.signature.same_story(signature, SAME_STORY) {
                    stories.push(pending.story);
                }
            }
        }
        let candidates = self
            .committed
            .candidates(lookups, &mut self.looked_up)
            .map_err(|source| tantivy_error(&index.path, source.into()))?;
        for address in candidates {
            if let Some(story) = self.committed_similar(index, address, signature, &stories)? {
                stories.push(story);
            }
        }
        Ok(stories)
    }

    /// The story of the committed bulletin at `address` when it is still current and
    /// `signature` nearly duplicates it; `None` too when its story is one of `joined`: an
    /// archive holding a story many times compares a new copy with one of them, not all.
    fn committed_similar(
        &mut self,
        index: &BantinIndex,
        address: DocAddress,
        signature: &Signature,
        joined: &[u64],
    ) -> Result<Option<u64>, IndexError> {
        let err = |source| tantivy_error(&index.path, source);
        let segment = self.committed.segment(address);
        let story = segment.story.first(address.doc_id);
        if story.is_some_and(|story| joined.contains(&story)) {
            return Ok(None);
        }
        self.compared += 1;
        // Dated too far apart to be one story: known from the fast fields, before any
        // signature is read back from the store.
        if signature.dated_apart(segment.day(address.doc_id)) {
            return Ok(None);
        }
        // One content hash is one text and one date, so one signature.
        let content = segment.content_hash.first(address.doc_id);
        let kept = content.and_then(|content| self.signatures.get(&content));
        let same = match kept {
            Some(theirs) => theirs.same_story(signature, SAME_STORY),
            None => {
                let theirs = self.stored_signature(index, address)?;
                let same = theirs.same_story(signature, SAME_STORY);
                if let Some(content) = content {
                    self.signatures.put(content, theirs);
                }
                same
            }
        };
        if !same {
            return Ok(None);
        }
        // Only now, as reading an id costs more than comparing signatures: a bulletin
        // written again in this batch is no longer what the index holds.
        if !self.superseded.is_empty() {
            let mut id = String::new();
            if let Some(ids) = &segment.ids {
                if let Some(ord) = ids.term_ords(address.doc_id).next() {
                    ids.ord_to_str(ord, &mut id).map_err(|e| err(e.into()))?;
                }
            }
            if self.superseded.contains(&stable_hash(&id)) {
                return Ok(None);
            }
        }
        Ok(story)
    }

    /// The signature of the committed bulletin at `address`, made again from its stored
    /// title, body and date.
    fn stored_signature(
        &self,
        index: &BantinIndex,
        address: DocAddress,
    ) -> Result<Signature, IndexError> {
        let fields = &index.fields;
        let stored: TantivyDocument = self
            .committed
            .searcher
            .doc(address)
            .map_err(|source| tantivy_error(&index.path, source))?;
        let text = |field| {
            stored
                .get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
        };
        let day = stored_day(&stored, fields);
        Ok(Signature::of(text(fields.title), text(fields.body)).dated(day))
    }

    /// The name `story` goes by now.
    fn name(&self, mut story: u64) -> u64 {
        while let Some(&newer) = self.renamed.get(&story) {
            story = newer;
        }
        story
    }

    /// After a commit: writes again, under their new name, the bulletins whose story was
    /// renamed, and starts the next batch. True when something was written (to commit).
    pub fn after_commit(
        &mut self,
        index: &BantinIndex,
        writer: &mut IndexWriter,
    ) -> Result<bool, IndexError> {
        let err = |source| tantivy_error(&index.path, source);
        let mut wrote = false;
        if !self.renamed.is_empty() {
            let searcher = fresh_searcher(index)?;
            for (address, story) in self.renamed_members(index, &searcher)? {
                let stored: TantivyDocument = searcher.doc(address).map_err(err)?;
                let mut doc = from_stored(&stored, &index.fields);
                let text = |field| {
                    stored
                        .get_first(field)
                        .and_then(|v| v.as_str())
                        .unwrap_or_default()
                };
                for &band in
                    Signature::of(text(index.fields.title), text(index.fields.body)).bands()
                {
                    doc.add_u64(self.bands, band);
                }
                doc.add_u64(self.story, story);
                writer.delete_term(Term::from_field_text(
                    index.fields.id,
                    text(index.fields.id),
                ));
                writer.add_document(doc).map_err(err)?;
                self.rewritten += 1;
                wrote = true;
            }
        }
        self.renamed.clear();
        self.batch.clear();
        self.batch_bands.clear();
        self.batch_ids.clear();
        self.superseded.clear();
        if !wrote {
            self.committed = committed(index, self.bands)?;
        }
        Ok(wrote)
    }

    /// Committed bulletins whose story was renamed, with the name they take.
    fn renamed_members(
        &self,
        index: &BantinIndex,
        searcher: &Searcher,
    ) -> Result<Vec<(DocAddress, u64)>, IndexError> {
        let err = |source| tantivy_error(&index.path, source);
        let mut found = Vec::new();
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let stories = segment.fast_fields().u64(names::STORY).map_err(err)?;
            for doc in segment.doc_ids_alive() {
                let Some(story) = stories.first(doc) else {
                    continue;
                };
                let name = self.name(story);
                if name != story {
                    found.push((DocAddress::new(segment_ord as u32, doc), name));
                }
            }
        }
        Ok(found)
    }
}

/// The index as last committed, its columns open.
fn committed(index: &BantinIndex, bands: Field) -> Result<Committed, IndexError> {
    Committed::open(fresh_searcher(index)?, bands)
        .map_err(|source| tantivy_error(&index.path, source))
}

fn fresh_searcher(index: &BantinIndex) -> Result<Searcher, IndexError> {
    Ok(index.fresh_reader()?.searcher())
}

#[cfg(test)]
mod tests {
    use super::Stories;
    use crate::bulletin::Precision;
    use crate::index::BantinIndex;
    use crate::text::signature::Signature;

    /// A candidate dated to the day weeks away from the new bulletin is told apart by its
    /// fast fields: its signature is never read back from the store.
    #[test]
    fn a_candidate_dated_weeks_apart_is_never_read_back() {
        let index = BantinIndex::create_in_ram();
        let fields = index.fields;
        let mut writer: tantivy::IndexWriter = index
            .index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        let (title, body) = (
            "Bắt giữ đối tượng",
            "Ngày 2/3, Công an tỉnh bắt giữ đối tượng.",
        );
        let day = 19_000i64;
        let mut doc = tantivy::doc!(
            fields.id => "a",
            fields.title => title,
            fields.body => body,
            fields.date => tantivy::DateTime::from_timestamp_secs(day * 86_400),
            fields.date_precision => Precision::Day.as_u64(),
            fields.content_hash => 1u64
        );
        doc.add_u64(fields.story.expect("story"), 1);
        writer.add_document(doc).expect("add");
        writer.commit().expect("commit");
        let mut stories = Stories::new(&index)
            .expect("stories")
            .expect("a stories field");
        let address = tantivy::DocAddress::new(0, 0);
        let near = Signature::of(title, body).dated(Some(day + 1));
        let found = stories.committed_similar(&index, address, &near, &[]);
        assert_eq!(found.expect("compared"), Some(1));
        assert_eq!(stories.signatures.len(), 1);
        stories.signatures.clear();
        let apart = Signature::of(title, body).dated(Some(day + 30));
        let found = stories.committed_similar(&index, address, &apart, &[]);
        assert_eq!(found.expect("compared"), None);
        assert!(stories.signatures.is_empty());
    }
}
