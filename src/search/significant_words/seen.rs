//! The words of the sampled bulletins as the index's analyzer finds them, with how the
//! bulletins write them: the spelling most of them use, and whether it is a name.

use rustc_hash::FxHashMap;
use tantivy::schema::Value;
use tantivy::tokenizer::TokenStream;
use tantivy::{DocAddress, TantivyDocument};
use unicode_normalization::UnicodeNormalization;

use crate::index::{tantivy_error, BantinIndex, IndexError};
use crate::text::words::WORD_JOINER;
use crate::text::{head, EXACT_MARK, TOKENIZER_NAME};

/// Most bytes of a title or body analysed: real bulletins are a few kilobytes; this keeps a
/// sample of 200 from costing seconds when a record holds a whole book.
const MAX_TEXT_BYTES: usize = 64 * 1024;

/// One word found in the sample.
pub(super) struct WordSeen {
    /// Sampled bulletins that hold it.
    pub(super) bulletins: u32,
    /// Of those, the bulletins that wrote it as a name (`Quỳnh Lưu`) and never in lowercase
    /// (`quỳnh lưu`), and those that wrote it in capitals only (`QUỲNH LƯU`: a heading or a
    /// byline, which says nothing either way).
    pub(super) as_name: u32,
    pub(super) in_capitals: u32,
    /// How the last bulletin counted has written it so far.
    pub(super) vote: Writing,
    /// The last sampled bulletin counted (so each counts once).
    pub(super) last: usize,
    /// How the first bulletin that held it wrote it ([`tidy`]).
    pub(super) written: String,
    /// How the first bulletin that wrote it as a name did ([`tidy`]).
    pub(super) written_as_name: Option<String>,
}

impl WordSeen {
    /// Written as a name by most of the sampled bulletins that hold it: a person, a place,
    /// an organisation, rather than a word of what happened.
    pub(super) fn is_name(&self) -> bool {
        self.as_name * 2 > self.bulletins - self.in_capitals
    }

    /// A bulletin's first writing of the word (its title's or its body's).
    pub(super) fn saw(&mut self, written: &str) {
        self.vote = Writing::Capitals;
        self.in_capitals += 1;
        self.saw_again(written);
    }

    /// Another writing in the same bulletin: lowercase anywhere outweighs a name (a Title
    /// Case headline), which outweighs capitals.
    pub(super) fn saw_again(&mut self, written: &str) {
        let now = Writing::of(written);
        if now <= self.vote {
            return;
        }
        match self.vote {
            Writing::Capitals => self.in_capitals -= 1,
            Writing::Name => self.as_name -= 1,
            Writing::Lowercase => {}
        }
        if now == Writing::Name {
            self.as_name += 1;
            if self.written_as_name.is_none() {
                self.written_as_name = Some(tidy(written));
            }
        }
        self.vote = now;
    }
}

/// How a bulletin writes a word, weakest evidence first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Writing {
    /// Capitals only: says nothing.
    Capitals,
    /// Every syllable capitalized.
    Name,
    /// Some syllable in lowercase.
    Lowercase,
}

impl Writing {
    pub(super) fn of(written: &str) -> Writing {
        if is_written_as_name(written) {
            Writing::Name
        } else if !written.chars().any(char::is_lowercase) {
            Writing::Capitals
        } else {
            Writing::Lowercase
        }
    }
}

/// A writing as the facet shows it: NFC, one space between syllables (the text may hold NFD,
/// tabs or no-break spaces there).
pub(crate) fn tidy(written: &str) -> String {
    let mut tidy = String::with_capacity(written.len());
    for (i, syllable) in written.split_whitespace().enumerate() {
        if i > 0 {
            tidy.push(' ');
        }
        tidy.extend(syllable.nfc());
    }
    tidy
}

/// Every syllable capitalized: `Nghệ An`, `Phạm Thị Yến`, `John McCain`, `Nguyễn Văn A`;
/// not `Ma túy` at the start of a sentence, nor `UBND`.
pub(crate) fn is_written_as_name(written: &str) -> bool {
    let mut syllables = written.split_whitespace().peekable();
    syllables.peek().is_some() && syllables.all(is_name_syllable)
}

/// A capital first letter, and a lowercase letter after it unless it is the only one:
/// `Nghệ`, `McCain`, `A`; not `UBND`, `TP` or `iPhone`.
fn is_name_syllable(syllable: &str) -> bool {
    let mut chars = syllable.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest = chars.as_str();
    first.is_uppercase() && (rest.is_empty() || rest.chars().any(char::is_lowercase))
}

/// The word terms (folded, `ma_tuy`) of the sampled bulletins' titles and bodies, as the
/// index's analyzer finds them.
pub(super) fn words_of(
    index: &BantinIndex,
    searcher: &tantivy::Searcher,
    sample: &[DocAddress],
) -> Result<FxHashMap<String, WordSeen>, IndexError> {
    let err = |source| tantivy_error(&index.path, source);
    let mut analyzer = index
        .index
        .tokenizers()
        .get(TOKENIZER_NAME)
        .ok_or_else(|| IndexError::Damaged {
            path: index.path.clone(),
            detail: format!("the {TOKENIZER_NAME} analyzer is not registered"),
        })?;
    let mut found: FxHashMap<String, WordSeen> = FxHashMap::default();
    for (at, &address) in sample.iter().enumerate() {
        let doc: TantivyDocument = searcher.doc(address).map_err(err)?;
        let fields = [index.fields.title, index.fields.body];
        for text in fields
            .into_iter()
            .filter_map(|field| doc.get_first(field).and_then(|v| v.as_str()))
            .map(|text| head(text, MAX_TEXT_BYTES))
        {
            let mut stream = analyzer.token_stream(text);
            while let Some(token) = stream.next() {
                let term = token.text.as_str();
                if !term.contains(WORD_JOINER) || term.starts_with(EXACT_MARK) {
                    continue;
                }
                let written = text.get(token.offset_from..token.offset_to).unwrap_or(term);
                match found.get_mut(term) {
                    Some(seen) if seen.last == at => seen.saw_again(written),
                    Some(seen) => {
                        seen.bulletins += 1;
                        seen.last = at;
                        seen.saw(written);
                    }
                    None => {
                        let mut seen = WordSeen {
                            bulletins: 1,
                            as_name: 0,
                            in_capitals: 0,
                            vote: Writing::Capitals,
                            last: at,
                            written: tidy(written),
                            written_as_name: None,
                        };
                        seen.saw(written);
                        found.insert(term.to_owned(), seen);
                    }
                }
            }
        }
    }
    Ok(found)
}
