//! Snippets: the paragraphs that best show why a bulletin matched, with the matched words'
//! byte ranges.
//!
//! Highlighting follows the query, not single terms: a phrase (`"an ninh trật tự"`, or the
//! expansion of `ANTT`) is highlighted only where all its syllables stand together, so the
//! `an` of `Công an` stays plain. Matching compares syllables from the same analyzer as the
//! index: folded for a query typed without accents (`ma tuy` highlights `ma túy`, `ma tuý`
//! and decomposed text alike); exact for a query typed with accents, falling back to folded
//! only in a text where the exact form does not occur (`đường dây` marks `đường dây` but not
//! `Đây`; `dương` only in a bulletin that matched through it alone).

use super::parse::{Clause, Modifier, Node};
use crate::text::abbreviations::{abbreviate, expand};
use crate::text::words::{joins_syllables, segment_tokens, Segmenter, WordDictionary};
use crate::text::{analyze, each_syllable, AnalyzedToken};

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

/// A syllable form of the query, by its place in [`Highlighter::forms`]: texts are compared
/// with the query by number, not by string, so a body is analyzed without keeping its
/// syllables' text.
type Form = usize;

/// The form of every syllable the query does not have: equal to none of the query's.
const OTHER: Form = Form::MAX;

/// The forms of a syllable the query does not have.
const NONE_OF_THE_QUERY: Forms = Forms {
    folded: OTHER,
    exact: OTHER,
};

/// Both forms of a syllable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Forms {
    folded: Form,
    /// The same as `folded` for a syllable without diacritics, and for every syllable of a
    /// text when the query has no accents (nothing compares exact forms then).
    exact: Form,
}

/// One syllable of a text: its byte range and its forms.
#[derive(Clone, Copy, Debug)]
struct Syllable {
    start: usize,
    end: usize,
    forms: Forms,
}

/// Which form two syllables are compared by.
type FormOf = fn(&Forms) -> Form;

fn exact(forms: &Forms) -> Form {
    forms.exact
}

fn folded(forms: &Forms) -> Form {
    forms.folded
}

/// One syllable sequence a query looks for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Pattern {
    folded: Vec<Form>,
    /// The exact forms, for a query typed with accents.
    exact: Option<Vec<Form>>,
    /// One of the query's free words, highlighted alone only in a text where the free words
    /// do not stand together.
    free_word: bool,
    /// The abbreviation the free words spell out (`ANTT` for `an ninh trat tu`): where it
    /// stands, the free words count as standing together.
    spelled_by_free_words: bool,
    /// A word of the query's own (`ma tuy` typed as two words): highlighted only where the
    /// text holds it as a word, as the index does, never across a word boundary.
    word: bool,
}

impl Pattern {
    /// Where the pattern stands in `syllables` (analyzed from `text`): its exact forms if it
    /// has them and they occur, else its folded forms; a word only where it is one.
    fn find(&self, syllables: &[Syllable], text: &str) -> Vec<[usize; 2]> {
        let found = self
            .exact
            .as_ref()
            .map(|forms| self.find_by(syllables, text, forms, exact))
            .unwrap_or_default();
        if found.is_empty() {
            self.find_by(syllables, text, &self.folded, folded)
        } else {
            found
        }
    }

    fn find_by(
        &self,
        syllables: &[Syllable],
        text: &str,
        pattern: &[Form],
        form: FormOf,
    ) -> Vec<[usize; 2]> {
        let starts = find_all(syllables, pattern, form);
        starts
            .into_iter()
            .filter(|&at| !self.word || held_as_word(syllables, text, at, pattern.len()))
            .map(|at| [syllables[at].start, syllables[at + pattern.len() - 1].end])
            .collect()
    }
}

/// Syllables of context segmented on each side of a word being checked: a run without
/// punctuation may be a whole text, and the words beyond a few neighbours do not move
/// its boundaries.
const WORD_CONTEXT: usize = 8;

/// Whether `syllables[at..at + len]` is a word of `text` as the index segments it: the
/// run of syllables around it (separated by spaces only, up to [`WORD_CONTEXT`] on each
/// side) is segmented, and the span must be one of its words or of the words inside them
/// (`ma túy` in `chất ma túy`), not straddle two (`an ninh` in `Công an Ninh Bình`).
fn held_as_word(syllables: &[Syllable], text: &str, at: usize, len: usize) -> bool {
    let joined = |left: &Syllable, right: &Syllable| {
        text.get(left.end..right.start).is_some_and(joins_syllables)
    };
    let mut first = at;
    while first > 0 && at - first < WORD_CONTEXT && joined(&syllables[first - 1], &syllables[first])
    {
        first -= 1;
    }
    let mut end = at + len;
    while end < syllables.len()
        && end - (at + len) < WORD_CONTEXT
        && joined(&syllables[end - 1], &syllables[end])
    {
        end += 1;
    }
    let Some(run) = text.get(syllables[first].start..syllables[end - 1].end) else {
        return false;
    };
    let tokens = analyze(run);
    if tokens.len() != end - first {
        return false;
    }
    SEGMENTER.with_borrow_mut(|segmenter| {
        segment_tokens(run, &tokens, segmenter, true).contains(&(at - first, at - first + len))
    })
}

thread_local! {
    /// One segmenter per thread for [`held_as_word`]: a new one would clear its cache of
    /// syllable numbers at every word checked.
    static SEGMENTER: std::cell::RefCell<Segmenter> =
        std::cell::RefCell::new(Segmenter::new(WordDictionary::embedded()));
}

/// The syllable sequences a query looks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlighter {
    patterns: Vec<Pattern>,
    /// The syllables of the query's free words, in order (two words or more).
    free_words: Vec<Forms>,
    /// For each syllable of `free_words`, whether it may begin and end a run of them that
    /// stands together: not inside a word of the query's (`ma tuy` of `bat ma tuy` is
    /// not cut to `bat ma`).
    word_edges: Vec<(bool, bool)>,
    accented: bool,
    /// Every syllable form of the patterns and free words, folded and exact, once.
    forms: Vec<String>,
}

impl Highlighter {
    /// The patterns of every clause that is not excluded: words, phrases and the
    /// abbreviations or expansions they stand for. `accented`: the query was typed with
    /// accents.
    pub fn from_clauses(clauses: &[Clause], accented: bool) -> Highlighter {
        let mut highlighter = Highlighter {
            accented,
            ..Highlighter::default()
        };
        let (free, word_edges) = free_words(clauses);
        highlighter.free_words = free.iter().map(|t| highlighter.forms_of(t)).collect();
        highlighter.word_edges = word_edges;
        highlighter.collect(clauses, true);
        highlighter.patterns.sort();
        highlighter.patterns.dedup();
        highlighter
    }

    /// `top`: these are the query's top-level clauses, whose words are its free words.
    fn collect(&mut self, clauses: &[Clause], top: bool) {
        for clause in clauses.iter().filter(|c| c.modifier != Modifier::Excluded) {
            match &clause.node {
                Node::Word(word) => {
                    self.add(word, top);
                    if let Some(expansion) = expand(word) {
                        self.add(expansion, false);
                    }
                }
                Node::Phrase(text) => {
                    let folded = self.add(text, false);
                    if let Some(abbreviation) = abbreviate(&folded) {
                        self.add(abbreviation, false);
                    }
                }
                Node::Joined { words, .. } => {
                    self.add(&words.join(" "), false);
                    if let Some(added) = self.patterns.last_mut() {
                        added.word = true;
                    }
                }
                Node::Any(inner) | Node::Group(inner) => self.collect(inner, false),
            }
        }
        self.add_spelled_out_abbreviations(clauses);
    }

    /// Free words that spell an expansion (`an ninh trat tu`) also highlight its abbreviation.
    fn add_spelled_out_abbreviations(&mut self, clauses: &[Clause]) {
        let folded: Vec<String> = clauses
            .iter()
            .filter(|c| c.modifier == Modifier::Default)
            .flat_map(|c| c.node.typed_words())
            .flat_map(|word| analyze(word).into_iter().map(|t| t.folded))
            .collect();
        for start in 0..folded.len() {
            for end in start + 2..=folded.len().min(start + 6) {
                if let Some(abbreviation) = abbreviate(&folded[start..end]) {
                    self.add(abbreviation, false);
                    if let Some(added) = self.patterns.last_mut() {
                        added.spelled_by_free_words = true;
                    }
                }
            }
        }
    }

    fn add(&mut self, text: &str, free_word: bool) -> Vec<String> {
        let tokens = analyze(text);
        if !tokens.is_empty() {
            let forms: Vec<Forms> = tokens.iter().map(|t| self.forms_of(t)).collect();
            self.patterns.push(Pattern {
                folded: forms.iter().map(folded).collect(),
                exact: self.accented.then(|| forms.iter().map(exact).collect()),
                free_word,
                spelled_by_free_words: false,
                word: false,
            });
        }
        tokens.into_iter().map(|t| t.folded).collect()
    }

    /// The forms of a query syllable, numbered on first sight.
    fn forms_of(&mut self, token: &AnalyzedToken) -> Forms {
        Forms {
            folded: self.number(&token.folded),
            exact: self.number(&token.exact),
        }
    }

    fn number(&mut self, form: &str) -> Form {
        let known = self.form(form);
        if known != OTHER {
            return known;
        }
        self.forms.push(form.to_owned());
        self.forms.len() - 1
    }

    /// The number of a syllable form of a text: the query's, or [`OTHER`].
    fn form(&self, form: &str) -> Form {
        self.forms
            .iter()
            .position(|known| known == form)
            .unwrap_or(OTHER)
    }

    /// The syllables of `text` with their forms numbered as the query's.
    fn analyze(&self, text: &str) -> Vec<Syllable> {
        // Vietnamese text has a syllable every five or six bytes; more grows the vector.
        let mut syllables = Vec::with_capacity(text.len() / 8);
        each_syllable(text, |syllable| {
            let folded = self.form(syllable.folded);
            let exact = if self.accented && syllable.exact != syllable.folded {
                self.form(syllable.exact)
            } else {
                folded
            };
            syllables.push(Syllable {
                start: syllable.start,
                end: syllable.end,
                forms: Forms { folded, exact },
            });
        });
        syllables
    }

    /// The highlights of a bulletin's title and up to `wanted` snippets of its body (see
    /// [`Highlighter::snippets_of`]). A free word standing alone is highlighted only in a
    /// bulletin where the free words stand together neither in the title nor in the body.
    pub fn bulletin(
        &self,
        title: &str,
        body: &str,
        wanted: usize,
    ) -> (Vec<[usize; 2]>, Vec<Snippet>) {
        if self.patterns.is_empty() {
            return (
                Vec::new(),
                self.snippets_of(scanned(body), &[], wanted, false),
            );
        }
        // One analysis of each serves the whole-bulletin question and every paragraph.
        let (title, body) = (scanned(title), scanned(body));
        let title_syllables = self.analyze(title);
        let body_syllables = if wanted > 0 || self.can_stand_together() {
            self.analyze(body)
        } else {
            Vec::new()
        };
        let lone_words = self.lone_words((&title_syllables, title), (&body_syllables, body));
        let title_highlights = self.matches(&title_syllables, title, lone_words).0;
        let snippets = self.snippets_of(body, &body_syllables, wanted, lone_words);
        (title_highlights, snippets)
    }

    /// Whether a free word standing alone is highlighted in a bulletin with this title and
    /// body: only where the free words stand together in neither (it matched through them
    /// apart); elsewhere a lone `qua` of a long query would light up every `quà`.
    pub fn marks_lone_words(&self, title: &str, body: &str) -> bool {
        let (title, body) = (scanned(title), scanned(body));
        self.lone_words((&self.analyze(title), title), (&self.analyze(body), body))
    }

    /// [`Highlighter::marks_lone_words`] for a title and a body analyzed.
    fn lone_words(&self, title: (&[Syllable], &str), body: (&[Syllable], &str)) -> bool {
        !self.can_stand_together()
            || !(self.stand_together(title.0, title.1) || self.stand_together(body.0, body.1))
    }

    /// Byte ranges in `text` where a whole pattern matches, in order, not overlapping;
    /// `lone_words` as [`Highlighter::marks_lone_words`] says for its bulletin.
    pub fn highlights(&self, text: &str, lone_words: bool) -> Vec<[usize; 2]> {
        if self.patterns.is_empty() {
            return Vec::new();
        }
        self.matches(&self.analyze(text), text, lone_words).0
    }

    /// Whether the query has free words that could stand together (two or more, or words
    /// spelling an abbreviation): else there is no text to analyze for them.
    fn can_stand_together(&self) -> bool {
        self.free_words.len() >= 2 || self.patterns.iter().any(|p| p.spelled_by_free_words)
    }

    /// Whether two or more of the free words stand together, in order, somewhere in
    /// `syllables` (or the abbreviation they spell does).
    fn stand_together(&self, syllables: &[Syllable], text: &str) -> bool {
        !self.free_runs(syllables).is_empty()
            || self
                .patterns
                .iter()
                .filter(|p| p.spelled_by_free_words)
                .any(|p| !p.find(syllables, text).is_empty())
    }

    /// Runs of two or more of the free words standing together in their order (`chiếm
    /// đoạt tài sản` of `lừa đảo chiếm đoạt tài sản qua mạng`): exact forms for an
    /// accented query where they occur, else folded ones.
    fn free_runs(&self, syllables: &[Syllable]) -> Vec<Run> {
        if self.free_words.len() < 2 {
            return Vec::new();
        }
        if self.accented {
            let found = runs(syllables, &self.free_words, &self.word_edges, exact);
            if !found.is_empty() {
                return found;
            }
        }
        runs(syllables, &self.free_words, &self.word_edges, folded)
    }

    /// The highlights of `text` (analyzed as `syllables`), and how many free words stand
    /// together in it at best (all of them where their abbreviation stands). `lone_words`: highlight a free word standing alone, which is done
    /// only in a bulletin where the free words never stand together (it matched through
    /// them apart): elsewhere a lone `qua` of a long query would light up every `quà`.
    fn matches(
        &self,
        syllables: &[Syllable],
        text: &str,
        lone_words: bool,
    ) -> (Vec<[usize; 2]>, usize) {
        if self.patterns.is_empty() {
            return (Vec::new(), 0);
        }
        let runs = self.free_runs(syllables);
        let mut together = runs.iter().map(|run| run.words).max().unwrap_or(0);
        let mut ranges: Vec<[usize; 2]> = runs.into_iter().map(|run| run.range).collect();
        for pattern in self.patterns.iter().filter(|p| p.spelled_by_free_words) {
            let found = pattern.find(syllables, text);
            if !found.is_empty() {
                together = together.max(self.free_words.len());
            }
            ranges.extend(found);
        }
        let others = self.patterns.iter().filter(|p| !p.spelled_by_free_words);
        for pattern in others.filter(|p| lone_words || !p.free_word) {
            ranges.extend(pattern.find(syllables, text));
        }
        (merge(ranges, text), together)
    }

    /// Up to `wanted` snippets, best first: the paragraphs where most of the query's words
    /// stand together, then those with the most matched patterns, or the opening of the body
    /// when nothing matched (a filter-only search). `syllables`: the body analyzed.
    fn snippets_of(
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

/// The top-level words (not excluded) as one syllable sequence, when there are two or more,
/// with whether each syllable may begin and end a run: every syllable of a typed word, but
/// only the first and last of a word the query joined (`ma tuy`).
fn free_words(clauses: &[Clause]) -> (Vec<AnalyzedToken>, Vec<(bool, bool)>) {
    // Each typed word, with whether a run may begin before it and end after it.
    let mut typed: Vec<(&String, bool, bool)> = Vec::new();
    for clause in clauses.iter().filter(|c| c.modifier != Modifier::Excluded) {
        match &clause.node {
            Node::Word(word) => typed.push((word, true, true)),
            Node::Joined { words, .. } => {
                let last = words.len().saturating_sub(1);
                typed.extend(
                    words
                        .iter()
                        .enumerate()
                        .map(|(i, w)| (w, i == 0, i == last)),
                );
            }
            _ => {}
        }
    }
    if typed.len() < 2 {
        return (Vec::new(), Vec::new());
    }
    let mut syllables = Vec::new();
    let mut edges: Vec<(bool, bool)> = Vec::new();
    for (word, begins, ends) in typed {
        let tokens = analyze(word);
        let count = tokens.len();
        for (i, token) in tokens.into_iter().enumerate() {
            // A typed word of several syllables (`12-NQ/TW`) may be cut anywhere.
            edges.push((begins || i > 0, ends || i + 1 < count));
            syllables.push(token);
        }
    }
    (syllables, edges)
}

/// Free words standing together in a text.
struct Run {
    /// Byte range in the text.
    range: [usize; 2],
    /// How many syllables of the free words.
    words: usize,
}

/// The longest runs of two or more consecutive `words` (in their order, starting at any
/// of them) that stand consecutively in `syllables`, compared by `form`.
fn runs(syllables: &[Syllable], words: &[Forms], edges: &[(bool, bool)], form: FormOf) -> Vec<Run> {
    let mut found = Vec::new();
    let mut at = 0;
    while at < syllables.len() {
        let here = form(&syllables[at].forms);
        if here == OTHER {
            // Most syllables of a body are none of the query's: no run starts there.
            at += 1;
            continue;
        }
        let longest = (0..words.len())
            .filter(|&first| form(&words[first]) == here && edges[first].0)
            .map(|first| {
                let matching = syllables[at..]
                    .iter()
                    .zip(&words[first..])
                    .take_while(|(s, w)| form(&s.forms) == form(w))
                    .count();
                // Cut back to the end of a word of the query.
                (1..=matching)
                    .rev()
                    .find(|&len| edges[first + len - 1].1)
                    .unwrap_or(0)
            })
            .max()
            .unwrap_or(0);
        if longest >= 2 {
            found.push(Run {
                range: [syllables[at].start, syllables[at + longest - 1].end],
                words: longest,
            });
            at += longest;
        } else {
            at += 1;
        }
    }
    found
}

/// Where every run of `syllables` whose `form` equals `pattern` starts.
fn find_all(syllables: &[Syllable], pattern: &[Form], form: FormOf) -> Vec<usize> {
    if pattern.is_empty() || syllables.len() < pattern.len() {
        return Vec::new();
    }
    syllables
        .windows(pattern.len())
        .enumerate()
        .filter(|(_, run)| run.iter().zip(pattern).all(|(s, p)| form(&s.forms) == *p))
        .map(|(at, _)| at)
        .collect()
}

/// Sorted ranges, joined where they overlap or only spaces separate them (`ma túy` is one
/// highlight, not two).
fn merge(mut ranges: Vec<[usize; 2]>, text: &str) -> Vec<[usize; 2]> {
    ranges.sort_unstable();
    let mut merged: Vec<[usize; 2]> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last)
                if range[0] <= last[1] || text[last[1]..range[0]].chars().all(|c| c == ' ') =>
            {
                last[1] = last[1].max(range[1])
            }
            _ => merged.push(range),
        }
    }
    merged
}

/// At most [`SNIPPET_CHARS`] of `paragraph` around its first highlight, cut at spaces.
fn window(paragraph: &str, offset: usize, highlights: &[[usize; 2]]) -> Snippet {
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

#[cfg(test)]
mod tests {
    #[test]
    fn utf16_ranges_count_what_javascript_counts() {
        // `ma túy`: `ú` is two bytes and one UTF-16 unit; `🚓` four bytes and two units.
        let text = "🚓 ma túy ở đây";
        let ma = text.find("ma").expect("ma");
        let tuy = text.find("túy").expect("túy");
        let ranges = [[ma, ma + 2], [tuy, tuy + "túy".len()]];
        assert_eq!(utf16_ranges(text, &ranges), [[3, 5], [6, 9]]);
        let units: Vec<u16> = text.encode_utf16().collect();
        assert_eq!(String::from_utf16_lossy(&units[6..9]), "túy");
        // Ranges inside a character, backwards or past the end are left out.
        assert_eq!(
            utf16_ranges(text, &[[1, 2], [5, 3], [0, 999]]),
            Vec::<[usize; 2]>::new()
        );
    }

    use super::*;
    use crate::search::parse::parse_query;

    fn marked(query: &str, text: &str) -> Vec<String> {
        let accented = crate::text::has_diacritics(query);
        let highlighter = Highlighter::from_clauses(&parse_query(query).expect("valid"), accented);
        let lone_words = highlighter.marks_lone_words(text, "");
        highlighter
            .highlights(text, lone_words)
            .iter()
            .map(|[s, e]| text[*s..*e].to_owned())
            .collect()
    }

    #[test]
    fn a_huge_body_is_read_for_its_first_megabyte_only() {
        let paragraph = "Công an huyện tuần tra kiểm soát giao thông trên quốc lộ.\n";
        let filler = paragraph.repeat(SCANNED_BYTES / paragraph.len() + 10);
        let early = format!("Bắt đối tượng tàng trữ ma túy.\n{filler}");
        let late = format!("{filler}Bắt đối tượng tàng trữ ma túy.\n");
        let highlighter = Highlighter::from_clauses(&parse_query("ma tuy").expect("valid"), false);
        let marked_in = |body: &str| -> Vec<String> {
            let (_, snippets) = highlighter.bulletin("Tin", body, 1);
            assert_eq!(snippets.len(), 1);
            let snippet = &snippets[0];
            snippet
                .highlights
                .iter()
                .map(|[s, e]| snippet.text[*s..*e].to_owned())
                .collect()
        };
        assert_eq!(marked_in(&early), ["ma túy"]);
        assert!(marked_in(&late).is_empty(), "read past the first megabyte");
    }

    #[test]
    fn scanned_text_ends_at_a_line_or_a_character() {
        assert_eq!(scanned("ngắn"), "ngắn");
        let lines = "dòng một\n".repeat(SCANNED_BYTES / 8);
        let head = scanned(&lines);
        assert!(head.len() <= SCANNED_BYTES && head.len() > SCANNED_BYTES - 20);
        assert!(head.ends_with("dòng một"), "{:?}", &head[head.len() - 20..]);
        let one_line = "đ".repeat(SCANNED_BYTES);
        let head = scanned(&one_line);
        assert!(head.len() == SCANNED_BYTES && head.chars().all(|c| c == 'đ'));
    }

    #[test]
    fn unaccented_query_highlights_every_spelling() {
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("ma túy").collect();
        let text = format!("ma túy, ma tuý và {nfd}");
        assert_eq!(marked("ma tuy", &text), ["ma túy", "ma tuý", nfd.as_str()]);
    }

    #[test]
    fn phrases_highlight_only_whole() {
        let text = "Công an tỉnh bảo đảm an ninh trật tự. Từ nay";
        assert_eq!(marked("\"an ninh trật tự\"", text), ["an ninh trật tự"]);
        assert_eq!(
            marked("ANTT", "bảo đảm ANTT và an ninh trật tự; Từ đó"),
            ["ANTT", "an ninh trật tự"]
        );
    }

    #[test]
    fn accented_query_highlights_exact_forms_and_falls_back_to_folded() {
        // From the corpus: "đường dây ma túy" highlighted "Đây" before exact matching.
        assert_eq!(
            marked("đường dây", "Đây là đường dây tội phạm"),
            ["đường dây"]
        );
        assert_eq!(marked("đường", "tỉnh Bình Dương"), ["Dương"]);
        assert_eq!(marked("Thanh Hoá", "ở Thanh Hóa"), ["Thanh Hóa"]);
    }

    #[test]
    fn free_words_together_highlight_as_a_phrase() {
        // From the seeds: `an ninh trat tu` marked every `an` of `Công an`.
        let text = "Bộ Công an kiểm tra mô hình về an ninh trật tự";
        assert_eq!(marked("an ninh trat tu", text), ["an ninh trật tự"]);
        // Where some of them stand together, a lone `an` is not what matched.
        assert_eq!(
            marked("an ninh trat tu", "Công an bảo đảm trật tự"),
            ["trật tự"]
        );
        assert_eq!(marked("an ninh trat tu", "Công an bảo đảm ANTT"), ["ANTT"]);
    }

    #[test]
    fn a_lone_word_of_a_long_query_does_not_light_up_look_alikes() {
        let text = "Nhóm lừa đảo chiếm đoạt tài sản của nhiều người, sau đó gửi quà.";
        assert_eq!(
            marked("lua dao chiem doat tai san qua mang", text),
            ["lừa đảo chiếm đoạt tài sản"]
        );
        assert_eq!(
            marked(
                "tai san qua mang",
                "Tài sản bị chiếm qua mạng xã hội; quà tặng"
            ),
            ["Tài sản", "qua mạng"]
        );
    }

    #[test]
    fn words_apart_light_up_only_in_a_bulletin_where_they_never_stand_together() {
        assert_eq!(
            marked("ma tuy", "Mã số 5. Tuy nhiên chưa rõ."),
            ["Mã", "Tuy"]
        );
        let body = "Tuy nhiên, mã vụ việc còn phức tạp.\nBắt giữ đối tượng mua bán ma túy.";
        let highlighter = Highlighter::from_clauses(&parse_query("ma tuy").expect("valid"), false);
        let snippets = highlighter.bulletin("", body, 2).1;
        assert_eq!(snippets.len(), 1, "{snippets:?}");
        assert_eq!(snippets[0].text, "Bắt giữ đối tượng mua bán ma túy.");
        let marked: Vec<&str> = snippets[0]
            .highlights
            .iter()
            .map(|[s, e]| &snippets[0].text[*s..*e])
            .collect();
        assert_eq!(marked, ["ma túy"]);
    }

    #[test]
    fn excluded_words_are_not_highlighted() {
        assert_eq!(marked("ma -túy", "ma túy"), ["ma"]);
    }

    #[test]
    fn snippets_prefer_the_paragraph_with_most_matches() {
        let body = "Mở đầu không liên quan.\n\nMột lần ma túy.\n\nMa túy và ma túy đá.";
        let highlighter = Highlighter::from_clauses(&parse_query("ma tuy").expect("valid"), false);
        let snippets = highlighter.bulletin("", body, 2).1;
        assert_eq!(snippets[0].text, "Ma túy và ma túy đá.");
        assert!(body[snippets[0].offset..].starts_with("Ma túy và"));
        assert_eq!(snippets[0].highlights, [[0, 7], [12, 19]]);
        assert_eq!(snippets[1].text, "Một lần ma túy.");
    }

    #[test]
    fn window_keeps_context_and_cuts_at_spaces() {
        let paragraph = format!("{} ma túy {}", "chữ ".repeat(50), "sau ".repeat(80));
        let highlights = Highlighter::from_clauses(&parse_query("ma tuy").expect("valid"), false)
            .highlights(&paragraph, true);
        let snippet = window(&paragraph, 0, &highlights);
        assert!(snippet.text.starts_with("chữ") && snippet.text.contains("ma túy"));
        assert!(snippet.text.chars().count() <= SNIPPET_CHARS);
        let [s, e] = snippet.highlights[0];
        assert_eq!(&snippet.text[s..e], "ma túy");
    }

    #[test]
    fn snippets_prefer_the_paragraph_where_the_words_stand_together() {
        let body = "an ninh, an toàn, trật tự, an cư, trật tự.\n\nBảo đảm an ninh trật tự.";
        let highlighter =
            Highlighter::from_clauses(&parse_query("an ninh trat tu").expect("valid"), false);
        assert_eq!(
            highlighter.bulletin("", body, 1).1[0].text,
            "Bảo đảm an ninh trật tự."
        );
    }

    #[test]
    fn filter_only_search_shows_the_opening() {
        let snippets = Highlighter::default()
            .bulletin("", "Dòng đầu.\nDòng hai.", 1)
            .1;
        assert_eq!(snippets[0].text, "Dòng đầu.");
        assert!(snippets[0].highlights.is_empty());
    }
}
