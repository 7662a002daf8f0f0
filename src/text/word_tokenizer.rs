//! The index's tokenizer: every syllable as [`super::tokenizer`] gives it, plus one term per
//! word of two syllables or more, at the position of its first syllable.
//!
//! A word's term joins its folded syllables with [`WORD_JOINER`] (`ma_tuy`); its offsets
//! span the whole word. There is no exact-accent word term: the exact syllable terms at the
//! same positions already tell `ma túy` from `mã túy` (the exact phrase boost uses them), and
//! a second term per word cost a quarter of the index's size and of its ingest speed. Words
//! are found in runs of syllables separated by spaces only ([`joins_syllables`]):
//! punctuation and line breaks end a word. Inside a long word, the shorter dictionary words
//! and police terms are indexed too ([`Segmenter::segment`]).
//!
//! Each word is given once per text, at its first occurrence: ranking and the words facet
//! ask whether a bulletin holds a word, never how often, and every repetition would cost the
//! index a token (41 % of word tokens on news).
//!
//! The syllable tokens are those of the syllable tokenizer, passed through untouched in the
//! same order, with the same positions and offsets: syllable queries, phrases and snippets
//! see no difference. A word term shares its first syllable's position, so a phrase of
//! syllables never skips over it; it comes in the stream once its run has ended.

use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};

use bantin_word_table::syllable_spelling;
use rustc_hash::{FxHashMap, FxHasher};
use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::tokenizer::{VietnameseTokenStream, VietnameseTokenizer, EXACT_MARK};
use super::words::{
    is_name_syllable, joins_syllables, RunSyllable, Segmenter, WordDictionary, WORD_JOINER,
};

/// Syllables and words; see the module documentation.
#[derive(Clone)]
pub struct VietnameseWordTokenizer {
    syllables: VietnameseTokenizer,
    state: RunState,
}

impl Default for VietnameseWordTokenizer {
    fn default() -> Self {
        Self::new()
    }
}

impl VietnameseWordTokenizer {
    /// With the embedded dictionary.
    pub fn new() -> Self {
        VietnameseWordTokenizer {
            syllables: VietnameseTokenizer::new(),
            state: RunState {
                segmenter: Segmenter::new(WordDictionary::embedded()),
                run: Vec::new(),
                arena: String::new(),
                words: Vec::new(),
                queue: Vec::new(),
                queued: 0,
                next: 0,
                seen: SeenWords::default(),
            },
        }
    }
}

/// One syllable of the current run; its folded form is a range of the run's arena.
#[derive(Clone, Copy, Debug)]
struct Syllable {
    position: usize,
    from: usize,
    to: usize,
    folded: (usize, usize),
    /// The spelling hash of its exact form when that differs from the folded one (the exact
    /// token follows the folded one in the stream); `None` for a syllable without
    /// diacritics, whose folded form is hashed only when its run is segmented.
    accented: Option<u64>,
}

/// Buffers reused from one run (and one text) to the next.
#[derive(Clone)]
struct RunState {
    segmenter: Segmenter,
    run: Vec<Syllable>,
    arena: String,
    words: Vec<(usize, usize)>,
    /// Word tokens of the last run, in emission order; only `..queued` are live (the rest
    /// keep their string buffers for reuse).
    queue: Vec<Token>,
    queued: usize,
    next: usize,
    /// The word terms already given for this text: each word once per value.
    seen: SeenWords,
}

impl Tokenizer for VietnameseWordTokenizer {
    type TokenStream<'a> = VietnameseWordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VietnameseWordTokenStream<'a> {
        let state = &mut self.state;
        state.run.clear();
        state.arena.clear();
        state.queued = 0;
        state.next = 0;
        state.seen.clear();
        VietnameseWordTokenStream {
            text,
            syllables: self.syllables.token_stream(text),
            state,
            finished: false,
            current: Current::None,
            empty: Token::default(),
        }
    }
}

/// Which token [`TokenStream::token`] returns.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Current {
    /// Before the first `advance`.
    None,
    /// The syllable stream's own token, passed through untouched.
    Syllable,
    /// A word token of the queue.
    Word,
}

/// Syllable tokens pass straight through from the syllable stream, which saves copying
/// them; a run's word tokens follow once the run has ended (after the first syllable of
/// the next run, or at the end of the text). Every word term's positions still come in
/// order, which is all the index needs.
pub struct VietnameseWordTokenStream<'a> {
    text: &'a str,
    syllables: VietnameseTokenStream<'a>,
    state: &'a mut RunState,
    /// The syllable stream is exhausted.
    finished: bool,
    current: Current,
    empty: Token,
}

impl VietnameseWordTokenStream<'_> {
    /// Segments the run just ended, queues its word tokens and starts an empty run.
    fn end_run(&mut self) {
        let text = self.text;
        let RunState {
            segmenter,
            run,
            arena,
            words,
            queue,
            queued,
            next,
            seen,
        } = &mut *self.state;
        *queued = 0;
        *next = 0;
        if run.len() >= 2 {
            let syllables = run.iter().map(|s| {
                let folded = &arena[s.folded.0..s.folded.1];
                RunSyllable {
                    folded,
                    name: is_name_syllable(&text[s.from..s.to]),
                    spelling: s.accented.unwrap_or_else(|| syllable_spelling(folded)),
                    accented: s.accented.is_some(),
                }
            });
            segmenter.segment(syllables, true, words);
            for &(start, end) in words.iter().filter(|w| w.1 - w.0 >= 2) {
                let span = &run[start..end];
                let (first, last) = (span[0], span[span.len() - 1]);
                push_token(queue, queued, first.position, first.from, last.to, |t| {
                    join_folded(t, span, arena)
                });
                if !seen.first_time(&queue[*queued - 1].text) {
                    *queued -= 1;
                }
            }
        }
        run.clear();
        arena.clear();
    }
}

impl TokenStream for VietnameseWordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if self.state.next < self.state.queued {
                self.state.next += 1;
                self.current = Current::Word;
                return true;
            }
            if self.finished {
                if self.state.run.is_empty() {
                    return false;
                }
                self.end_run();
                continue;
            }
            if !self.syllables.advance() {
                self.finished = true;
                continue;
            }
            self.current = Current::Syllable;
            let token = self.syllables.token();
            if let Some(exact) = token.text.strip_prefix(EXACT_MARK) {
                if let Some(last) = self.state.run.last_mut() {
                    last.accented = Some(syllable_spelling(exact));
                }
                return true;
            }
            let joined = self
                .state
                .run
                .last()
                .is_none_or(|last| joins_syllables(&self.text[last.to..token.offset_from]));
            let (position, from, to) = (token.position, token.offset_from, token.offset_to);
            if !joined {
                self.end_run();
            }
            let state = &mut *self.state;
            let start = state.arena.len();
            state.arena.push_str(&self.syllables.token().text);
            state.run.push(Syllable {
                position,
                from,
                to,
                folded: (start, state.arena.len()),
                accented: None,
            });
            return true;
        }
    }

    fn token(&self) -> &Token {
        match self.current {
            Current::None => &self.empty,
            Current::Syllable => self.syllables.token(),
            Current::Word => &self.state.queue[self.state.next - 1],
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.current {
            Current::None => &mut self.empty,
            Current::Syllable => self.syllables.token_mut(),
            Current::Word => &mut self.state.queue[self.state.next - 1],
        }
    }
}

/// The word terms given so far for one text: their hashes, and their text to tell a
/// repetition from a hash collision (which a crafted text could cause).
#[derive(Clone, Default)]
struct SeenWords {
    by_hash: FxHashMap<u64, (usize, usize)>,
    text: String,
}

impl SeenWords {
    fn clear(&mut self) {
        self.by_hash.clear();
        self.text.clear();
    }

    /// Whether `word` is new to this text; remembers it. A word whose hash another word
    /// holds counts as new every time: given twice rather than lost.
    fn first_time(&mut self, word: &str) -> bool {
        let mut hasher = FxHasher::default();
        word.hash(&mut hasher);
        match self.by_hash.entry(hasher.finish()) {
            Entry::Occupied(seen) => {
                let (from, to) = *seen.get();
                self.text[from..to] != *word
            }
            Entry::Vacant(slot) => {
                let from = self.text.len();
                self.text.push_str(word);
                slot.insert((from, self.text.len()));
                true
            }
        }
    }
}

/// Writes the folded forms of `span` joined by [`WORD_JOINER`].
fn join_folded(out: &mut String, span: &[Syllable], arena: &str) {
    for (i, syllable) in span.iter().enumerate() {
        if i > 0 {
            out.push(WORD_JOINER);
        }
        out.push_str(&arena[syllable.folded.0..syllable.folded.1]);
    }
}

/// Queues one token, reusing the string of a token queued before.
fn push_token(
    queue: &mut Vec<Token>,
    queued: &mut usize,
    position: usize,
    from: usize,
    to: usize,
    fill: impl FnOnce(&mut String),
) {
    if *queued == queue.len() {
        queue.push(Token::default());
    }
    let token = &mut queue[*queued];
    token.position = position;
    token.position_length = 1;
    token.offset_from = from;
    token.offset_to = to;
    token.text.clear();
    fill(&mut token.text);
    *queued += 1;
}

#[cfg(test)]
mod tests;
