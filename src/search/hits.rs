//! The hits of a search's page: each ranked bulletin read from the store, with its story,
//! highlights and snippets; and the highlighter of a query for pages that mark its words
//! in a bulletin of their own.

use tantivy::TantivyDocument;

use super::collect::{Pass, Ranked};
use super::plan::matched_clauses;
use super::query_plan::QueryPlan;
use super::{parse, snippets, stories};
use super::{Hit, Matching, SearchError};
use crate::index::document::StoredBulletin;
use crate::index::{tantivy_error, BantinIndex};

/// The page's bulletins, read from the store, with their highlights and snippets of what
/// `searched` highlights.
pub(super) fn read_hits(
    pass: &Pass,
    searched: &QueryPlan,
    ranked: Vec<Ranked>,
    stories: &stories::StoryCounts,
) -> Result<Vec<Hit>, SearchError> {
    let Pass {
        index,
        searcher,
        request,
        plan,
        ..
    } = *pass;
    let has_text = plan.has_text;
    let highlighter = &searched.highlighter;
    let mut hits = Vec::with_capacity(ranked.len());
    let mut story_of = stories::Stories::new(searcher);
    for (position, ranked) in ranked.into_iter().enumerate() {
        let doc: TantivyDocument = searcher
            .doc(ranked.address)
            .map_err(|source| tantivy_error(&index.path, source))?;
        let stored = StoredBulletin::from_document(&doc, &index.fields);
        let story = story_of
            .of(ranked.address)
            .map_err(|source| tantivy_error(&index.path, source))?;
        let (title_highlights, snippets) =
            highlighter.bulletin(&stored.title, &stored.body, request.snippets);
        hits.push(Hit {
            rank: request.offset + position + 1,
            title_highlights_utf16: snippets::utf16_ranges(&stored.title, &title_highlights),
            title_highlights,
            snippets,
            id: stored.id,
            title: stored.title,
            date: stored.date,
            date_precision: stored.date_precision,
            province: stored.province,
            provinces: stored.provinces,
            unit: stored.unit,
            url: stored.url,
            score: ranked.score.filter(|_| has_text),
            ranking: ranked.keys.filter(|_| has_text),
            story: story.map(|story| format!("{story:016x}")),
            copies: stories.copies(story),
        });
    }
    Ok(hits)
}

/// What a search for `query` highlights in a bulletin: its words as words (or its
/// syllables, with `Matching::Syllables`), phrases and abbreviations.
pub fn query_highlighter(
    index: &BantinIndex,
    query: &str,
    matching: Matching,
) -> Result<snippets::Highlighter, SearchError> {
    let parsed = parse::parse_query(query)?;
    let clauses = matched_clauses(index, &index.searcher()?, parsed, matching);
    Ok(snippets::Highlighter::from_clauses(
        &clauses,
        crate::text::has_diacritics(query),
    ))
}
