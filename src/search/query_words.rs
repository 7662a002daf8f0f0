//! The query's words, found once before anything is built from the query.
//!
//! A run of free words (`ma tuy`, typed as two words) is segmented as the index segments
//! text ([`crate::text::words`]); each word of two syllables or more it holds becomes one
//! [`Node::Joined`] clause in place of its typed words. Every later stage reads the joined
//! clauses: what matches (a joined word matches only where the index holds it as a word,
//! so `an ninh` does not match `Công an Ninh Bình`), what boosts, what is highlighted.
//!
//! Names are words too, when the index says so ([`HeldTogether`]): syllables the dictionary
//! leaves apart join where the index holds them together as one word, capitalized as the
//! index joins names (`Trần Văn Thuấn`) or typed in lowercase (`tran van thuan`).
//! Capitals alone are not enough: `Mỹ Triều` is two countries, which bulletins write `Mỹ -
//! Triều` far more often than as one name.
//!
//! A free word is a top-level or grouped word with no `+`, `-` or `title:`: explicit syntax
//! keeps its meaning (a phrase is a phrase of syllables, `+ma +tuy` two syllables).

use super::parse::{Clause, Modifier, Node, Scope};
use crate::text::words::{
    is_name_syllable, segment_tokens, Segmenter, WordDictionary, WORD_JOINER,
};
use crate::text::{analyze, AnalyzedToken};

/// Longest name of single syllables looked up in the index, in syllables.
const LONGEST_HELD_NAME: usize = 4;

/// Whether the index holds syllables together as one word: asked of names, which the
/// dictionary leaves apart (`tran van thuan`) or which capitals alone would join.
pub trait HeldTogether {
    /// `term`: the word term (`tran_van_thuan`); `standing`: the terms of its syllables, in
    /// order, that find where they stand together (exact forms where they are known).
    fn held_together(&self, term: &str, standing: &[String]) -> bool;
}

/// No index to ask: only dictionary words join.
pub struct DictionaryOnly;

impl HeldTogether for DictionaryOnly {
    fn held_together(&self, _term: &str, _standing: &[String]) -> bool {
        false
    }
}

/// The index's answer: at least [`MIN_HELD_BULLETINS`] bulletins hold the word term, and
/// at least [`MIN_HELD_SHARE`] of the bulletins where its syllables stand together in that
/// order. A name is held by nearly every bulletin that writes it (`Trần Văn Thuấn`); a
/// chance pairing that some title-case headline joined (`Cháy Nhà`) is not, beside the
/// hundreds of bulletins where those syllables stand together as two words; nor are two
/// names bulletins write with a dash between them (`Mỹ - Triều`).
pub struct IndexHeld<'a> {
    searcher: &'a tantivy::Searcher,
    field: tantivy::schema::Field,
}

/// Fewest bulletins holding a name for the index to hold it together.
pub const MIN_HELD_BULLETINS: u64 = 3;

/// Least share of the bulletins where the syllables stand together that hold them as one
/// word.
pub const MIN_HELD_SHARE: f64 = 0.5;

impl<'a> IndexHeld<'a> {
    pub fn new(searcher: &'a tantivy::Searcher, field: tantivy::schema::Field) -> Self {
        IndexHeld { searcher, field }
    }
}

impl HeldTogether for IndexHeld<'_> {
    fn held_together(&self, term: &str, standing: &[String]) -> bool {
        let held = self
            .searcher
            .doc_freq(&tantivy::Term::from_field_text(self.field, term))
            .unwrap_or(0);
        if held < MIN_HELD_BULLETINS {
            return false;
        }
        let terms: Vec<tantivy::Term> = standing
            .iter()
            .map(|s| tantivy::Term::from_field_text(self.field, s))
            .collect();
        // The syllables stand together in no more bulletins than the rarest holds: enough
        // to answer without reading positions, most of the time.
        let rarest = terms
            .iter()
            .map(|term| self.searcher.doc_freq(term).unwrap_or(0))
            .min()
            .unwrap_or(0);
        if held as f64 >= MIN_HELD_SHARE * rarest as f64 {
            return true;
        }
        let together = tantivy::query::PhraseQuery::new(terms);
        let Ok(count) = self.searcher.search(&together, &tantivy::collector::Count) else {
            return false;
        };
        held as f64 >= MIN_HELD_SHARE * count as f64
    }
}

/// Whether any clause, at any level, is a joined word.
pub fn has_joined(clauses: &[Clause]) -> bool {
    clauses.iter().any(|c| match &c.node {
        Node::Joined { .. } => true,
        Node::Any(inner) | Node::Group(inner) => has_joined(inner),
        _ => false,
    })
}

/// `clauses` with every run of free words that forms a word of two syllables or more
/// replaced by one [`Node::Joined`] clause, at every level of groups and alternatives.
pub fn join_words(clauses: &[Clause], held: &dyn HeldTogether) -> Vec<Clause> {
    let mut segmenter = Segmenter::new(WordDictionary::embedded());
    join_level(clauses, held, &mut segmenter)
}

fn join_level(
    clauses: &[Clause],
    held: &dyn HeldTogether,
    segmenter: &mut Segmenter,
) -> Vec<Clause> {
    let mut out = Vec::with_capacity(clauses.len());
    let mut at = 0;
    while at < clauses.len() {
        let run = clauses[at..].iter().take_while(|c| is_free_word(c)).count();
        if run >= 2 {
            out.extend(join_run(&clauses[at..at + run], held, segmenter));
            at += run;
            continue;
        }
        out.push(join_inside(&clauses[at], held, segmenter));
        at += 1;
    }
    out
}

/// One clause with the words inside its groups joined. The alternatives of an `OR` are
/// never one run of words: `cháy OR hỏa OR hoạn` does not look for `hỏa hoạn`.
fn join_inside(clause: &Clause, held: &dyn HeldTogether, segmenter: &mut Segmenter) -> Clause {
    let node = match &clause.node {
        Node::Any(alternatives) => Node::Any(
            alternatives
                .iter()
                .map(|alternative| join_inside(alternative, held, segmenter))
                .collect(),
        ),
        Node::Group(inner) => Node::Group(join_level(inner, held, segmenter)),
        other => other.clone(),
    };
    Clause {
        node,
        ..clause.clone()
    }
}

/// A word typed with no `+`, `-` or field: one that may join its neighbours.
fn is_free_word(clause: &Clause) -> bool {
    clause.modifier == Modifier::Default
        && clause.scope == Scope::All
        && matches!(clause.node, Node::Word(_))
}

/// One typed word's syllables, as indices into the run's tokens.
#[derive(Clone, Copy)]
struct Typed {
    first: usize,
    end: usize,
}

/// The free words of `run` (two or more), joined where they form words.
fn join_run(run: &[Clause], held: &dyn HeldTogether, segmenter: &mut Segmenter) -> Vec<Clause> {
    let texts: Vec<&str> = run
        .iter()
        .map(|c| match &c.node {
            Node::Word(word) => word.as_str(),
            _ => "",
        })
        .collect();
    let text = texts.join(" ");
    let tokens = analyze(&text);
    let typed = typed_words(&texts, &tokens);
    // For each typed word, how many typed words (itself first) form one word with it.
    let mut joined = vec![1usize; run.len()];
    let mut candidates = word_candidates(&text, &tokens, segmenter);
    // The longest first: a police term over the words it holds.
    candidates.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
    let dictionary = segmenter.dictionary();
    for (start, end) in candidates {
        let Some((first, last)) = whole_typed_words(&typed, start, end) else {
            continue;
        };
        let covered = (first..=last).all(|at| joined[at] == 1)
            && !(0..first).any(|at| at + joined[at] > first);
        if last == first || !covered {
            continue;
        }
        if joins(&text, &tokens[start..end], dictionary, held) {
            joined[first] = last - first + 1;
        }
    }
    join_held_names(&typed, &tokens, held, &mut joined);
    let mut out = Vec::with_capacity(run.len());
    let mut at = 0;
    while at < run.len() {
        let span = joined[at];
        if span == 1 {
            out.push(run[at].clone());
        } else {
            let words: Vec<String> = texts[at..at + span].iter().map(|w| w.to_string()).collect();
            let syllables = &tokens[typed[at].first..typed[at + span - 1].end];
            out.push(Clause {
                modifier: Modifier::Default,
                scope: Scope::All,
                node: Node::Joined {
                    words,
                    term: term_of(syllables),
                },
            });
        }
        at += span;
    }
    out
}

/// The words of two syllables or more the index would find in the typed words: those of
/// its segmentation, and the police terms over them (`tàng trữ trái phép chất ma túy`),
/// not the words inside longer ones.
fn word_candidates(
    text: &str,
    tokens: &[AnalyzedToken],
    segmenter: &mut Segmenter,
) -> Vec<(usize, usize)> {
    let primary = segment_tokens(text, tokens, segmenter, false);
    let inside_one = |&(start, end): &(usize, usize)| {
        primary
            .iter()
            .any(|&(s, e)| s <= start && end <= e && (s, e) != (start, end))
    };
    let mut words: Vec<(usize, usize)> = segment_tokens(text, tokens, segmenter, true)
        .into_iter()
        .filter(|&(start, end)| end - start >= 2)
        .filter(|word| !inside_one(word))
        .collect();
    words.dedup();
    words
}

/// Whether typed syllables that form a word of the segmentation join into one: a word of
/// the dictionary does, unless it is written like a name (every syllable capitalized) that
/// the index does not hold together (`Mỹ Triều`, written `Mỹ - Triều`); a name the
/// dictionary lacks joins where the index holds it.
fn joins(
    text: &str,
    syllables: &[AnalyzedToken],
    dictionary: &WordDictionary,
    held: &dyn HeldTogether,
) -> bool {
    let term = term_of(syllables);
    let name = syllables
        .iter()
        .all(|t| is_name_syllable(&text[t.start..t.end]));
    match dictionary.spelling(&term) {
        Some(_) if !name => true,
        Some(spelling) => held.held_together(&term, &standing_terms(syllables, Some(spelling))),
        None => held.held_together(&term, &standing_terms(syllables, None)),
    }
}

/// The index terms that find where `syllables` stand together: their exact forms when they
/// were typed with accents, else those of the dictionary's `spelling` (`Tô Lâm` for `To
/// Lam`: its folded forms would also find `tổ làm`), else their folded forms.
fn standing_terms(syllables: &[AnalyzedToken], spelling: Option<&str>) -> Vec<String> {
    if syllables.iter().any(|t| t.exact != t.folded) {
        return syllables.iter().map(AnalyzedToken::exact_term).collect();
    }
    if let Some(spelled) = spelling.map(analyze).filter(|s| s.len() == syllables.len()) {
        return spelled.iter().map(AnalyzedToken::exact_term).collect();
    }
    syllables.iter().map(AnalyzedToken::folded_term).collect()
}

/// Which tokens each typed word gave (in order; a word of punctuation gives none).
fn typed_words(texts: &[&str], tokens: &[AnalyzedToken]) -> Vec<Typed> {
    let mut typed = Vec::with_capacity(texts.len());
    let mut offset = 0;
    let mut at = 0;
    for text in texts {
        let end_offset = offset + text.len();
        let first = at;
        while at < tokens.len() && tokens[at].start < end_offset {
            at += 1;
        }
        typed.push(Typed { first, end: at });
        offset = end_offset + 1;
    }
    typed
}

/// The typed words `first..=last` whose syllables are exactly tokens `start..end`, if the
/// word begins and ends on typed words' edges.
fn whole_typed_words(typed: &[Typed], start: usize, end: usize) -> Option<(usize, usize)> {
    let first = typed
        .iter()
        .position(|t| t.first == start && t.end > t.first)?;
    let last = typed.iter().position(|t| t.end == end && t.end > t.first)?;
    (last >= first).then_some((first, last))
}

/// Runs of typed one-syllable words left apart that the index holds together as one word
/// (a name typed in lowercase): the longest first, from left to right.
fn join_held_names(
    typed: &[Typed],
    tokens: &[AnalyzedToken],
    held: &dyn HeldTogether,
    joined: &mut [usize],
) {
    let mut at = 0;
    while at < typed.len() {
        // Typed words covered by a word already found are skipped whole.
        if joined[at] > 1 {
            at += joined[at];
            continue;
        }
        let single = |i: usize| joined[i] == 1 && typed[i].end == typed[i].first + 1;
        let free = (at..typed.len()).take_while(|&i| single(i)).count();
        let longest = (2..=free.min(LONGEST_HELD_NAME)).rev().find(|&span| {
            let syllables: Vec<AnalyzedToken> = (at..at + span)
                .map(|i| tokens[typed[i].first].clone())
                .collect();
            held.held_together(&term_of(&syllables), &standing_terms(&syllables, None))
        });
        match longest {
            Some(span) => {
                joined[at] = span;
                at += span;
            }
            None => at += 1,
        }
    }
}

/// The index's term for the word of these syllables: their folded forms joined by
/// [`WORD_JOINER`] (`ma_tuy`).
fn term_of(syllables: &[AnalyzedToken]) -> String {
    let mut term = String::new();
    for (i, syllable) in syllables.iter().enumerate() {
        if i > 0 {
            term.push(WORD_JOINER);
        }
        term.push_str(&syllable.folded);
    }
    term
}

/// The word terms of every joined clause (not excluded) at any level, once each.
pub fn joined_terms(clauses: &[Clause]) -> Vec<String> {
    let mut terms = Vec::new();
    collect_joined(clauses, &mut |_, term| {
        if !terms.iter().any(|t| t == term) {
            terms.push(term.to_owned());
        }
    });
    terms
}

/// The joined words (not excluded) at any level as typed (`ma tuy`), once each.
pub fn joined_words(clauses: &[Clause]) -> Vec<String> {
    let mut typed: Vec<String> = Vec::new();
    collect_joined(clauses, &mut |words, _| {
        let text = words.join(" ");
        if !typed.contains(&text) {
            typed.push(text);
        }
    });
    typed
}

fn collect_joined(clauses: &[Clause], found: &mut impl FnMut(&[String], &str)) {
    for clause in clauses.iter().filter(|c| c.modifier != Modifier::Excluded) {
        match &clause.node {
            Node::Joined { words, term } => found(words, term),
            Node::Any(inner) | Node::Group(inner) => collect_joined(inner, found),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests;
