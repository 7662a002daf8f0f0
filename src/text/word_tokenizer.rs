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

    /// Word tokens come after the next run's first syllable: the index must still get each
    /// word's positions in order, in every value of a field.
    #[test]
    fn word_positions_reach_the_index_in_order() {
        use tantivy::postings::Postings;
        use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions};
        use tantivy::DocSet;
        let mut builder = Schema::builder();
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(crate::text::TOKENIZER_NAME)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions);
        let field = builder.add_text_field(
            "text",
            TextOptions::default().set_indexing_options(indexing),
        );
        let index = tantivy::Index::create_in_ram(builder.build());
        crate::text::register(&index);
        let mut writer: tantivy::IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        writer
            .add_document(tantivy::doc!(field => "ma túy ma túy, bắt ma túy. Ma túy"))
            .expect("add");
        writer
            .add_document(tantivy::doc!(field => "tàng trữ ma túy", field => "ma tuý"))
            .expect("add");
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let inverted = searcher
            .segment_reader(0)
            .inverted_index(field)
            .expect("inverted");
        let term = tantivy::Term::from_field_text(field, "ma_tuy");
        let mut postings = inverted
            .read_postings(&term, IndexRecordOption::WithFreqsAndPositions)
            .expect("read")
            .expect("ma_tuy is indexed");
        let mut positions = Vec::new();
        postings.positions(&mut positions);
        assert_eq!((postings.doc(), positions.as_slice()), (0, &[0][..]));
        postings.advance();
        postings.positions(&mut positions);
        assert_eq!(postings.doc(), 1);
        assert_eq!(positions.len(), 2, "{positions:?}");
        assert!(positions[0] == 2 && positions[1] > 3, "{positions:?}");
    }

    /// Nothing reads how often a text holds a word, only whether it does: a word repeated in
    /// one text is one term, which spares the index a token per repetition.
    #[test]
    fn a_word_is_given_once_per_text() {
        let found = words("Ma túy, ma tuý và ma tuy. Bắt giữ ma túy");
        let texts: Vec<&str> = found.iter().map(|t| t.3.as_str()).collect();
        assert_eq!(texts, ["ma_tuy", "bat_giu"]);
        assert_eq!(found[0].0, 0);
        // A new text starts afresh.
        assert_eq!(words("ma túy").len(), 1);
    }

    /// Two words with one hash (a crafted text can make them) are both given.
    #[test]
    fn a_word_whose_hash_another_holds_is_not_lost() {
        let mut seen = SeenWords::default();
        assert!(seen.first_time("an_ninh"));
        assert!(!seen.first_time("an_ninh"));
        let mut hasher = FxHasher::default();
        "ma_tuy".hash(&mut hasher);
        // Pretend `an_ninh`'s text sits under `ma_tuy`'s hash.
        seen.by_hash.insert(hasher.finish(), (0, "an_ninh".len()));
        assert!(seen.first_time("ma_tuy"));
        assert!(seen.first_time("ma_tuy"));
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
