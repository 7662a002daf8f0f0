//! The index's tokenizer: every syllable as [`super::tokenizer`] gives it, plus one term per
//! word of two syllables or more, at the position of its first syllable.
//!
//! A word's term joins its folded syllables with [`WORD_JOINER`] (`ma_tuy`); its offsets
//! span the whole word. There is no exact-accent word term: the exact syllable terms at the
//! same positions already tell `ma túy` from `mã túy` (the exact phrase boost uses them), and
//! a second term per word cost a quarter of the index's size and of its ingest speed. Words are found in runs of syllables separated by spaces
//! only ([`joins_syllables`]): punctuation and line breaks end a word. Inside a long word,
//! the shorter dictionary words and police terms are indexed too ([`Segmenter::segment`]).
//!
//! The syllable tokens are exactly those of the syllable tokenizer, in the same order, with
//! the same positions and offsets: syllable queries, phrases and snippets see no difference.
//! A word term shares its first syllable's position, so a phrase of syllables never skips
//! over it.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};

use super::tokenizer::{VietnameseTokenStream, VietnameseTokenizer, EXACT_MARK};
use super::words::{is_name_syllable, joins_syllables, Segmenter, WordDictionary, WORD_JOINER};

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
    /// With the embedded dictionary (loaded on first use).
    pub fn new() -> Self {
        VietnameseWordTokenizer {
            syllables: VietnameseTokenizer::new(),
            state: RunState {
                segmenter: Segmenter::new(WordDictionary::embedded()),
                run: Vec::new(),
                arena: String::new(),
                carry: None,
                carry_text: String::new(),
                words: Vec::new(),
                queue: Vec::new(),
                queued: 0,
                next: 0,
            },
        }
    }
}

/// One syllable of the current run; its forms are ranges of the run's arena.
#[derive(Clone, Copy, Debug)]
struct Syllable {
    position: usize,
    from: usize,
    to: usize,
    folded: (usize, usize),
    /// The exact form where it differs from the folded one.
    exact: Option<(usize, usize)>,
}

/// Buffers reused from one run (and one text) to the next.
#[derive(Clone)]
struct RunState {
    segmenter: Segmenter,
    run: Vec<Syllable>,
    arena: String,
    /// The first syllable of the next run, read before the current one was known to end:
    /// (position, from, to); its folded form is in `carry_text`.
    carry: Option<(usize, usize, usize)>,
    carry_text: String,
    words: Vec<(usize, usize)>,
    /// Tokens of the current run, in emission order; only `..queued` are live (the rest
    /// keep their string buffers for reuse).
    queue: Vec<Token>,
    queued: usize,
    next: usize,
}

impl Tokenizer for VietnameseWordTokenizer {
    type TokenStream<'a> = VietnameseWordTokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> VietnameseWordTokenStream<'a> {
        let state = &mut self.state;
        state.carry = None;
        state.queued = 0;
        state.next = 0;
        VietnameseWordTokenStream {
            text,
            syllables: self.syllables.token_stream(text),
            state,
            finished: false,
            empty: Token::default(),
        }
    }
}

pub struct VietnameseWordTokenStream<'a> {
    text: &'a str,
    syllables: VietnameseTokenStream<'a>,
    state: &'a mut RunState,
    /// The syllable stream is exhausted.
    finished: bool,
    /// What `token` returns before the first `advance`.
    empty: Token,
}

impl VietnameseWordTokenStream<'_> {
    /// Reads the next run of syllables into `state.run`; false when there is none.
    fn read_run(&mut self) -> bool {
        let state = &mut *self.state;
        state.run.clear();
        state.arena.clear();
        if let Some((position, from, to)) = state.carry.take() {
            let folded = std::mem::take(&mut state.carry_text);
            push_syllable(state, position, from, to, &folded);
            state.carry_text = folded;
        }
        while !self.finished {
            if !self.syllables.advance() {
                self.finished = true;
                break;
            }
            let token = self.syllables.token();
            if let Some(exact) = token.text.strip_prefix(EXACT_MARK) {
                let start = state.arena.len();
                state.arena.push_str(exact);
                if let Some(last) = state.run.last_mut() {
                    last.exact = Some((start, state.arena.len()));
                }
                continue;
            }
            let joined = state
                .run
                .last()
                .is_none_or(|last| joins_syllables(&self.text[last.to..token.offset_from]));
            if !joined {
                state.carry = Some((token.position, token.offset_from, token.offset_to));
                state.carry_text.clear();
                state.carry_text.push_str(&token.text);
                break;
            }
            push_syllable(
                state,
                token.position,
                token.offset_from,
                token.offset_to,
                &token.text,
            );
        }
        !state.run.is_empty()
    }

    /// Segments the run just read and queues its tokens: each syllable's, then those of
    /// the words starting at it.
    fn queue_run(&mut self) {
        let text = self.text;
        let RunState {
            segmenter,
            run,
            arena,
            words,
            queue,
            queued,
            next,
            ..
        } = &mut *self.state;
        *queued = 0;
        *next = 0;
        if run.len() >= 2 {
            let syllables = run.iter().map(|s| {
                (
                    &arena[s.folded.0..s.folded.1],
                    is_name_syllable(&text[s.from..s.to]),
                )
            });
            segmenter.segment(syllables, true, words);
        } else {
            words.clear();
        }
        let mut word_at = 0;
        for (at, syllable) in run.iter().enumerate() {
            let (position, from, to) = (syllable.position, syllable.from, syllable.to);
            push_token(queue, queued, position, from, to, |t| {
                t.push_str(&arena[syllable.folded.0..syllable.folded.1])
            });
            if let Some((a, b)) = syllable.exact {
                push_token(queue, queued, position, from, to, |t| {
                    t.push(EXACT_MARK);
                    t.push_str(&arena[a..b]);
                });
            }
            while let Some(&(start, end)) = words.get(word_at).filter(|w| w.0 == at) {
                word_at += 1;
                if end - start < 2 {
                    continue;
                }
                let span = &run[start..end];
                let to = span[span.len() - 1].to;
                push_token(queue, queued, position, from, to, |t| {
                    join_folded(t, span, arena)
                });
            }
        }
    }
}

impl TokenStream for VietnameseWordTokenStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            if self.state.next < self.state.queued {
                self.state.next += 1;
                return true;
            }
            if !self.read_run() {
                return false;
            }
            self.queue_run();
        }
    }

    fn token(&self) -> &Token {
        match self.state.next.checked_sub(1) {
            Some(at) => &self.state.queue[at],
            None => &self.empty,
        }
    }

    fn token_mut(&mut self) -> &mut Token {
        match self.state.next.checked_sub(1) {
            Some(at) => &mut self.state.queue[at],
            None => &mut self.empty,
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

/// Appends a syllable with its folded form to the run.
fn push_syllable(state: &mut RunState, position: usize, from: usize, to: usize, folded: &str) {
    let start = state.arena.len();
    state.arena.push_str(folded);
    state.run.push(Syllable {
        position,
        from,
        to,
        folded: (start, state.arena.len()),
        exact: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(tokenizer: &mut impl Tokenizer, text: &str) -> Vec<(usize, usize, usize, String)> {
        let mut stream = tokenizer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.position, t.offset_from, t.offset_to, t.text.clone()));
        }
        out
    }

    fn words(text: &str) -> Vec<(usize, usize, usize, String)> {
        tokens(&mut VietnameseWordTokenizer::new(), text)
            .into_iter()
            .filter(|t| t.3.contains(WORD_JOINER))
            .collect()
    }

    #[test]
    fn syllable_tokens_are_those_of_the_syllable_tokenizer() {
        let seeds = std::fs::read_dir(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds"),
        )
        .expect("seed fixtures");
        let mut texts: Vec<String> = seeds
            .map(|e| std::fs::read_to_string(e.expect("entry").path()).expect("seed text"))
            .collect();
        texts.push("ma 😀 túy 公安, 12-NQ/TW; TP.HCM  Công an\u{a0}Ninh Bình\n\nan ninh".into());
        texts.push(String::new());
        let mut word_tokenizer = VietnameseWordTokenizer::new();
        let mut found_words = 0;
        for text in &texts {
            let with_words = tokens(&mut word_tokenizer, text);
            let (words, syllables): (Vec<_>, Vec<_>) = with_words
                .into_iter()
                .partition(|t| t.3.contains(WORD_JOINER));
            found_words += words.len();
            assert_eq!(syllables, tokens(&mut VietnameseTokenizer::new(), text));
        }
        assert!(found_words > 100, "{found_words} word tokens in the seeds");
    }

    #[test]
    fn a_word_sits_at_its_first_syllable_and_spans_the_word() {
        let text = "Công an tỉnh Thanh Hoá bắt ma tuý";
        assert_eq!(
            words(text),
            [
                (0, 0, 8, "cong_an".into()),
                (3, 16, 26, "thanh_hoa".into()),
                (6, 33, 40, "ma_tuy".into()),
            ]
        );
        assert_eq!(&text[16..26], "Thanh Hoá");
        assert_eq!(&text[33..40], "ma tuý");
    }

    #[test]
    fn an_unaccented_word_has_one_term() {
        assert_eq!(words("an ninh"), [(0, 0, 7, "an_ninh".into())]);
    }

    #[test]
    fn a_name_after_a_unit_is_not_a_word_across_them() {
        // `an ninh` (security) is not in `Công an Ninh Bình` (Ninh Bình police).
        let found = words("Công an Ninh Bình");
        assert!(found.iter().all(|t| !t.3.contains("an_ninh")), "{found:?}");
        assert!(found.iter().any(|t| t.3 == "ninh_binh"), "{found:?}");
    }

    #[test]
    fn punctuation_and_line_breaks_end_words() {
        assert!(words("công an, ninh").iter().all(|t| t.3 != "an_ninh"));
        assert!(words("ma\ntúy").is_empty());
        assert!(words("ma-túy").is_empty());
    }

    #[test]
    fn nfd_text_gives_the_same_words_with_offsets_into_it() {
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("bắt ma túy").collect();
        let found = words(&nfd);
        let texts: Vec<&str> = found.iter().map(|t| t.3.as_str()).collect();
        assert_eq!(texts, ["ma_tuy"]);
        assert_eq!(
            &nfd[found[0].1..found[0].2],
            &nfd[nfd.len() - found[0].2 + found[0].1..]
        );
    }

    #[test]
    fn a_police_charge_and_the_words_in_it() {
        let found = words("bị bắt về tội tàng trữ trái phép chất ma túy.");
        let texts: Vec<&str> = found.iter().map(|t| t.3.as_str()).collect();
        for expected in [
            "tang_tru_trai_phep_chat_ma_tuy",
            "tang_tru",
            "trai_phep",
            "ma_tuy",
        ] {
            assert!(texts.contains(&expected), "{expected} in {texts:?}");
        }
    }
}
