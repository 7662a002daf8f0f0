//! The highlighter of a query: the patterns of its clauses that are not excluded (words,
//! phrases, the abbreviations or expansions they stand for) and its free words, and where
//! they match in a bulletin's title and paragraphs.

use super::fragments::scanned;
use super::patterns::{exact, folded, runs, Form, Forms, Pattern, Run, Syllable, OTHER};
use super::Snippet;
use crate::search::parse::{Clause, Modifier, Node};
use crate::text::abbreviations::{abbreviate, expand};
use crate::text::{analyze, each_syllable, AnalyzedToken};

/// The syllable sequences a query looks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Highlighter {
    pub(super) patterns: Vec<Pattern>,
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
    pub(super) fn matches(
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
