//! The syllable sequences a query looks for and how a text is searched for them: every
//! syllable numbered by its forms (folded and exact) as the query's, a [`Pattern`] found
//! where it stands whole (a word of the query's only where the text holds it as a word),
//! and the runs of the query's free words standing together.

use crate::text::analyze;
use crate::text::words::{joins_syllables, segment_tokens, Segmenter, WordDictionary};

/// A syllable form of the query, by its place in the forms of a [`super::Highlighter`]:
/// texts are compared with the query by number, not by string, so a body is analyzed
/// without keeping its syllables' text.
pub(super) type Form = usize;

/// The form of every syllable the query does not have: equal to none of the query's.
pub(super) const OTHER: Form = Form::MAX;

/// The forms of a syllable the query does not have.
pub(super) const NONE_OF_THE_QUERY: Forms = Forms {
    folded: OTHER,
    exact: OTHER,
};

/// Both forms of a syllable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Forms {
    pub(super) folded: Form,
    /// The same as `folded` for a syllable without diacritics, and for every syllable of a
    /// text when the query has no accents (nothing compares exact forms then).
    pub(super) exact: Form,
}

/// One syllable of a text: its byte range and its forms.
#[derive(Clone, Copy, Debug)]
pub(super) struct Syllable {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) forms: Forms,
}

/// Which form two syllables are compared by.
pub(super) type FormOf = fn(&Forms) -> Form;

pub(super) fn exact(forms: &Forms) -> Form {
    forms.exact
}

pub(super) fn folded(forms: &Forms) -> Form {
    forms.folded
}

/// One syllable sequence a query looks for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Pattern {
    pub(super) folded: Vec<Form>,
    /// The exact forms, for a query typed with accents.
    pub(super) exact: Option<Vec<Form>>,
    /// One of the query's free words, highlighted alone only in a text where the free words
    /// do not stand together.
    pub(super) free_word: bool,
    /// The abbreviation the free words spell out (`ANTT` for `an ninh trat tu`): where it
    /// stands, the free words count as standing together.
    pub(super) spelled_by_free_words: bool,
    /// A word of the query's own (`ma tuy` typed as two words): highlighted only where the
    /// text holds it as a word, as the index does, never across a word boundary.
    pub(super) word: bool,
}

impl Pattern {
    /// Where the pattern stands in `syllables` (analyzed from `text`): its exact forms if it
    /// has them and they occur, else its folded forms; a word only where it is one.
    pub(super) fn find(&self, syllables: &[Syllable], text: &str) -> Vec<[usize; 2]> {
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

/// Free words standing together in a text.
pub(super) struct Run {
    /// Byte range in the text.
    pub(super) range: [usize; 2],
    /// How many syllables of the free words.
    pub(super) words: usize,
}

/// The longest runs of two or more consecutive `words` (in their order, starting at any
/// of them) that stand consecutively in `syllables`, compared by `form`.
pub(super) fn runs(
    syllables: &[Syllable],
    words: &[Forms],
    edges: &[(bool, bool)],
    form: FormOf,
) -> Vec<Run> {
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
