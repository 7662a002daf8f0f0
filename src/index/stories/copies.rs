//! Reading stories back: the other bulletins of a story (`show`, the bulletin page) and how
//! many stories an index holds (`stats`).

use std::collections::HashSet;

use tantivy::{DocAddress, Searcher, TantivyDocument};

use crate::index::schema::names;
use crate::index::{tantivy_error, BantinIndex, IndexError};

/// Another bulletin of a story, as `show` and the bulletin page list it.
#[derive(Clone, Debug, serde::Serialize)]
pub struct StoryCopy {
    pub id: String,
    pub title: String,
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub source: String,
}

/// Most copies of one story listed; a story holds a handful, a feed gone wrong thousands.
pub const MAX_COPIES_LISTED: usize = 100;

/// The story of the bulletin at `address` and its other bulletins (at most
/// [`MAX_COPIES_LISTED`]), oldest first.
pub fn story_copies(
    index: &BantinIndex,
    searcher: &Searcher,
    address: DocAddress,
) -> Result<(Option<u64>, Vec<StoryCopy>), IndexError> {
    let err = |source| tantivy_error(&index.path, source);
    if index.fields.story.is_none() {
        return Ok((None, Vec::new()));
    }
    let story_of = |segment: &tantivy::SegmentReader| segment.fast_fields().u64(names::STORY);
    let Some(story) = story_of(searcher.segment_reader(address.segment_ord))
        .map_err(err)?
        .first(address.doc_id)
    else {
        return Ok((None, Vec::new()));
    };
    let mut copies = Vec::new();
    for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
        let stories = story_of(segment).map_err(err)?;
        for doc in segment.doc_ids_alive() {
            let at = DocAddress::new(segment_ord as u32, doc);
            if at != address && stories.first(doc) == Some(story) {
                copies.push(at);
            }
        }
    }
    let mut listed = Vec::new();
    for at in copies.into_iter().take(MAX_COPIES_LISTED) {
        let doc: TantivyDocument = searcher.doc(at).map_err(err)?;
        let stored = crate::index::document::StoredBulletin::from_document(&doc, &index.fields);
        listed.push(StoryCopy {
            id: stored.id,
            title: stored.title,
            date: stored.date,
            publisher: stored.publisher,
            url: stored.url,
            source: stored.source,
        });
    }
    listed.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    Ok((Some(story), listed))
}

/// How many stories the index holds; `None` for an index made before stories existed.
pub fn count_stories(index: &BantinIndex, searcher: &Searcher) -> Result<Option<u64>, IndexError> {
    let err = |source| tantivy_error(&index.path, source);
    if index.fields.story.is_none() {
        return Ok(None);
    }
    let mut stories = HashSet::new();
    let mut unnamed = 0;
    for segment in searcher.segment_readers() {
        let column = segment.fast_fields().u64(names::STORY).map_err(err)?;
        for doc in segment.doc_ids_alive() {
            match column.first(doc) {
                Some(story) => {
                    stories.insert(story);
                }
                None => unnamed += 1,
            }
        }
    }
    Ok(Some(stories.len() as u64 + unnamed))
}
