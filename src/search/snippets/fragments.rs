//! Which paragraphs of a body a hit shows: the snippets, each a window of one paragraph
//! around its highlights, chosen by how many of the query's words stand together in it and
//! how many of its patterns match; and the part of a body read at all ([`scanned`]).

use super::highlighter::Highlighter;
use super::patterns::{Syllable, NONE_OF_THE_QUERY};

/// Longest snippet, in characters.
pub const SNIPPET_CHARS: usize = 220;

/// Bytes of a body read for its snippets and highlights: a bulletin of tens of megabytes
/// (a year's digest pasted into one file) would otherwise be analyzed whole at every
/// search it matches, taking a second and hundreds of megabytes. Bulletins are a few
/// kilobytes; a megabyte holds several hundred of them.
pub const SCANNED_BYTES: usize = 1 << 20;

/// The part of `text` read for snippets and highlights: all of it, or its first
/// [`SCANNED_BYTES`] cut at a line end (at a character boundary when the first megabyte
/// is one line).
pub fn scanned(text: &str) -> &str {
    if text.len() <= SCANNED_BYTES {
        return text;
    }
    let mut end = SCANNED_BYTES;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let head = &text[..end];
    match head.rfind('\n') {
        Some(line_end) if line_end > 0 => &head[..line_end],
        _ => head,
    }
}

/// Characters of context kept before the first match of a snippet.
const LEAD_CHARS: usize = 60;

/// One piece of a body with its highlights.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Snippet {
    pub text: String,
    /// Byte offset of `text` in the body.
    pub offset: usize,
    /// Byte ranges of matched words in `text`.
    pub highlights: Vec<[usize; 2]>,
    /// The same ranges in UTF-16 code units, as JavaScript's strings count them.
    pub highlights_utf16: Vec<[usize; 2]>,
}

/// Byte ranges of `text` as ranges of UTF-16 code units (what JavaScript's `slice` takes).
/// A range that does not fall on characters is left out, as the page leaves it out.
pub fn utf16_ranges(text: &str, ranges: &[[usize; 2]]) -> Vec<[usize; 2]> {
    let mut out = Vec::with_capacity(ranges.len());
    let (mut byte, mut unit) = (0usize, 0usize);
    let mut advance = |to: usize| -> Option<usize> {
        if to < byte || !text.is_char_boundary(to) {
            return None;
        }
        unit += text[byte..to].encode_utf16().count();
        byte = to;
        Some(unit)
    };
    for &[start, end] in ranges {
        if start > end || end > text.len() {
            continue;
        }
        let Some(from) = advance(start) else { continue };
        let Some(to) = advance(end) else { continue };
        out.push([from, to]);
    }
    out
}

impl Highlighter {
    /// Up to `wanted` snippets, best first: the paragraphs where most of the query's words
    /// stand together, then those with the most matched patterns, or the opening of the body
    /// when nothing matched (a filter-only search). `syllables`: the body analyzed.
    pub(super) fn snippets_of(
        &self,
        body: &str,
        syllables: &[Syllable],
        wanted: usize,
        lone_words: bool,
    ) -> Vec<Snippet> {
        if wanted == 0 {
            return Vec::new();
        }
        if self.patterns.is_empty() {
            return opening(body).into_iter().collect();
        }
        let mut scored: Vec<((usize, usize), Snippet)> = paragraphs(body)
            .filter_map(|(offset, paragraph)| {
                let end = offset + paragraph.len();
                let from = syllables.partition_point(|t| t.start < offset);
                let to = syllables.partition_point(|t| t.start < end);
                let in_paragraph = &syllables[from..to];
                if in_paragraph.iter().all(|s| s.forms == NONE_OF_THE_QUERY) {
                    return None;
                }
                let (in_body, together) = self.matches(in_paragraph, body, lone_words);
                let highlights: Vec<[usize; 2]> = in_body
                    .into_iter()
                    .map(|[start, end]| [start - offset, end - offset])
                    .collect();
                (!highlights.is_empty()).then(|| {
                    (
                        (together, highlights.len()),
                        window(paragraph, offset, &highlights),
                    )
                })
            })
            .collect();
        if scored.is_empty() {
            return opening(body).into_iter().collect();
        }
        // The earlier paragraph wins a tie (the sort is stable).
        scored.sort_by_key(|(rank, _)| std::cmp::Reverse(*rank));
        scored.into_iter().take(wanted).map(|(_, s)| s).collect()
    }
}

/// At most [`SNIPPET_CHARS`] of `paragraph` around its first highlight, cut at spaces.
pub(super) fn window(paragraph: &str, offset: usize, highlights: &[[usize; 2]]) -> Snippet {
    let first = highlights[0][0];
    let mut start = paragraph[..first]
        .char_indices()
        .rev()
        .nth(LEAD_CHARS)
        .map_or(0, |(at, _)| at);
    if start > 0 {
        start = paragraph[start..first]
            .find(' ')
            .map_or(start, |space| start + space + 1);
    }
    let mut end = paragraph[start..]
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(paragraph.len(), |(at, _)| start + at);
    if end < paragraph.len() {
        end = paragraph[start..end]
            .rfind(' ')
            .map_or(end, |space| start + space);
    }
    let text = &paragraph[start..end];
    let highlights: Vec<[usize; 2]> = highlights
        .iter()
        .filter(|[s, e]| *s >= start && *e <= end)
        .map(|[s, e]| [s - start, e - start])
        .collect();
    Snippet {
        text: text.to_owned(),
        offset: offset + start,
        highlights_utf16: utf16_ranges(text, &highlights),
        highlights,
    }
}

/// Non-empty lines with their byte offsets.
fn paragraphs(body: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    body.split('\n').filter_map(move |line| {
        let at = offset;
        offset += line.len() + 1;
        (!line.trim().is_empty()).then_some((at, line))
    })
}

/// The first [`SNIPPET_CHARS`] characters of the body, cut at a space.
fn opening(body: &str) -> Option<Snippet> {
    let (offset, first) = paragraphs(body).next()?;
    let mut end = first
        .char_indices()
        .nth(SNIPPET_CHARS)
        .map_or(first.len(), |(at, _)| at);
    if end < first.len() {
        end = first[..end].rfind(' ').unwrap_or(end);
    }
    Some(Snippet {
        text: first[..end].to_owned(),
        offset,
        highlights: Vec::new(),
        highlights_utf16: Vec::new(),
    })
}
