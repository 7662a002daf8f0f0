//! "Did you mean": a correction of a mistyped query from the index's own vocabulary
//! (`ma tuyy` → `ma tuý`, `tài sna` → `tài sản`, `thanh hao` → `thanh hoá`).
//!
//! Only the query's free words are corrected, one letter at a time: a letter dropped,
//! added, changed, or two swapped (Damerau's edits, on folded syllables). Two kinds of
//! mistakes are looked for:
//!
//! - **A syllable the index does not hold** (`tuyy`): the edit of it that the most
//!   bulletins hold, or that with its neighbour makes a word; beside a neighbour, also a
//!   syllable the dictionary never saw (`sna` of `tài sna`, which a few bulletins hold as
//!   an abbreviation).
//! - **Two syllables one edit away from a far more common word** (`thanh hao`, both real
//!   syllables, and even a rare word of their own: `thành hào`, a moat): offered when the
//!   index holds the corrected word at least [`MIN_GAIN`] times as often as the two
//!   syllables as typed (as a word, or standing together when they are none).
//!
//! Never corrected: a syllable the index holds on its own, two real syllables each typed
//! with accents (`thành hào` is what its typist meant), and the syllables of the query's
//! own words (`an tỉnh` of `công an tỉnh` is no pair). The corrected words
//! are spelled as the dictionary usually spells them (a province as the gazetteer names it:
//! `Thanh Hóa`), capitalized where they were typed so.

use tantivy::collector::Count;
use tantivy::query::PhraseQuery;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

use super::parse::{Clause, Modifier, Node, Scope};
use crate::text::words::{WordDictionary, WORD_JOINER};
use crate::text::{analyze, AnalyzedToken};

/// How many times more often the corrected word must be held than the typed syllables
/// stand together, for a pair of real syllables to be corrected.
pub const MIN_GAIN: u64 = 10;

/// Fewest bulletins that must hold a correction: any, as the most held edit wins.
const MIN_HELD: u64 = 1;

/// Fewest news occurrences of a word (in the dictionary's counts) for a pair of real
/// syllables to be corrected into it: a rare word is no likely intent.
const MIN_WORD_COUNT: u64 = 100;

/// The letters an edit may add or change to, folded.
const LETTERS: &str = "abcdefghijklmnopqrstuvwxyz0123456789";

/// A corrected query.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Suggestion {
    /// The whole query with the corrections made.
    pub query: String,
}

/// One free word of the query that is a single syllable, as typed.
struct Typed<'a> {
    text: &'a str,
    token: AnalyzedToken,
    /// Part of a word of the query's (`ma` of `ma tuy`): never paired with a neighbour.
    in_word: bool,
}

/// The correction of `query` (parsed as `clauses`), if a mistake is found.
pub fn suggest(
    searcher: &Searcher,
    field: Field,
    query: &str,
    clauses: &[Clause],
) -> Option<Suggestion> {
    let dictionary = WordDictionary::embedded();
    let held = |term: &str| {
        searcher
            .doc_freq(&Term::from_field_text(field, term))
            .unwrap_or(0)
    };
    let typed = free_syllables(clauses);
    if typed.is_empty() {
        return None;
    }
    // (index in `typed`, its replacement)
    let mut fixes: Vec<(usize, String)> = Vec::new();
    let mut at = 0;
    while at < typed.len() {
        let here = &typed[at].token.folded;
        let unknown = held(here) == 0;
        // Not a syllable of the language, whatever a few bulletins hold (`sna`).
        let foreign = |syllable: &str| unknown_or_foreign(dictionary, syllable, &held);
        // A pair first: a word is better evidence than a syllable alone.
        let next = typed
            .get(at + 1)
            .filter(|next| !typed[at].in_word && !next.in_word);
        if let Some(next) = next {
            let pair = [here.as_str(), next.token.folded.as_str()];
            let typed_pair = [&typed[at].token, &next.token];
            let strange = [foreign(pair[0]), foreign(pair[1])];
            let fixed = fix_pair(
                searcher,
                field,
                dictionary,
                &pair,
                &typed_pair,
                strange,
                &held,
            );
            // Both syllables take the word's spelling; the one typed so is no change.
            if let Some((left, right)) = fixed {
                let spelled = name_or_spelling(dictionary, &format!("{left}{WORD_JOINER}{right}"));
                if let Some((l, r)) = spelled.split_once(' ') {
                    fixes.push((at, l.to_owned()));
                    fixes.push((at + 1, r.to_owned()));
                    at += 2;
                    continue;
                }
            }
        }
        if unknown {
            let known = |edit: &str| dictionary.knows_syllable(edit);
            let fixed = best_edit(here, |edit| {
                known(edit).then(|| held(edit)).filter(|&n| n >= MIN_HELD)
            });
            if let Some((fixed, _)) = fixed {
                fixes.push((at, spelling_of(dictionary, &fixed)));
            }
        }
        at += 1;
    }
    if fixes.is_empty() {
        return None;
    }
    fixes.sort_by_key(|(at, _)| *at);
    fixes.dedup_by_key(|(at, _)| *at);
    let changed: Vec<(usize, String)> = fixes
        .into_iter()
        .map(|(at, spelled)| (at, with_case_of(typed[at].text, &spelled)))
        .filter(|(at, spelled)| *spelled != typed[*at].text)
        .collect();
    if changed.is_empty() {
        return None;
    }
    Some(Suggestion {
        query: rewrite(query, &typed, &changed),
    })
}

/// The correction of a pair of typed syllables: an edit of one of them that makes a word of
/// the dictionary the index holds far more often. Returns the folded pair corrected.
fn fix_pair(
    searcher: &Searcher,
    field: Field,
    dictionary: &'static WordDictionary,
    pair: &[&str; 2],
    typed: &[&AnalyzedToken; 2],
    [left_unknown, right_unknown]: [bool; 2],
    held: &impl Fn(&str) -> u64,
) -> Option<(String, String)> {
    let joined = format!("{}{WORD_JOINER}{}", pair[0], pair[1]);
    let is_word = dictionary.spelling(&joined).is_some();
    // Real syllables each typed with accents are what their typist meant (`thành hào`);
    // one without beside one with is a typo's sign (`tài sna`).
    let accented = typed.iter().all(|t| t.exact != t.folded);
    if accented && !left_unknown && !right_unknown {
        return None;
    }
    // A word typed is only corrected into one the news writes far more often.
    let least = match dictionary.word_count(pair) {
        Some(typed) => typed.saturating_mul(MIN_GAIN).max(MIN_WORD_COUNT),
        None => MIN_WORD_COUNT,
    };
    let common_word = |left: &str, right: &str| -> Option<u64> {
        let count = dictionary.word_count(&[left, right])?;
        let word = format!("{left}{WORD_JOINER}{right}");
        (count >= least || left_unknown || right_unknown).then(|| held(&word))
    };
    let known = |edit: &str| dictionary.knows_syllable(edit);
    let right = best_edit(pair[1], |edit| {
        known(edit).then(|| common_word(pair[0], edit))?
    })
    .map(|(edit, n)| ((pair[0].to_owned(), edit), n));
    let left = best_edit(pair[0], |edit| {
        known(edit).then(|| common_word(edit, pair[1]))?
    })
    .map(|(edit, n)| ((edit, pair[1].to_owned()), n));
    let (fixed, held_fixed) = [right, left]
        .into_iter()
        .flatten()
        .max_by_key(|(_, n)| *n)?;
    if held_fixed < MIN_HELD {
        return None;
    }
    // Two real syllables: only when they are far rarer as typed, as a word or together.
    if !left_unknown && !right_unknown {
        let as_typed = if is_word {
            held(&joined)
        } else {
            let together = PhraseQuery::new(vec![
                Term::from_field_text(field, pair[0]),
                Term::from_field_text(field, pair[1]),
            ]);
            searcher.search(&together, &Count).ok()? as u64
        };
        if held_fixed < MIN_GAIN * as_typed.max(1) {
            return None;
        }
    }
    Some(fixed)
}

/// Whether `syllable` is no syllable of the language: the index holds it nowhere, or the
/// dictionary never saw it (a typo some bulletins share with an abbreviation: `sna`).
fn unknown_or_foreign(
    dictionary: &WordDictionary,
    syllable: &str,
    held: &impl Fn(&str) -> u64,
) -> bool {
    !dictionary.knows_syllable(syllable) || held(syllable) == 0
}

/// The one-edit variant of `syllable` that `score` rates highest (`None` for a variant it
/// rejects), with its score; ties go to the first in a fixed order.
fn best_edit(syllable: &str, mut score: impl FnMut(&str) -> Option<u64>) -> Option<(String, u64)> {
    let mut best: Option<(u64, String)> = None;
    for edit in edits(syllable) {
        if let Some(n) = score(&edit) {
            if best.as_ref().is_none_or(|(m, _)| n > *m) {
                best = Some((n, edit));
            }
        }
    }
    best.map(|(n, edit)| (edit, n))
}

/// Every string one Damerau edit away from `syllable` (over [`LETTERS`]), without repeats.
fn edits(syllable: &str) -> Vec<String> {
    let chars: Vec<char> = syllable.chars().collect();
    let mut out: Vec<String> = Vec::new();
    let mut push = |candidate: Vec<char>| {
        let text: String = candidate.into_iter().collect();
        if !text.is_empty() && text != syllable && !out.contains(&text) {
            out.push(text);
        }
    };
    for at in 0..chars.len() {
        let mut deleted = chars.clone();
        deleted.remove(at);
        push(deleted);
        if at + 1 < chars.len() {
            let mut swapped = chars.clone();
            swapped.swap(at, at + 1);
            push(swapped);
        }
        for letter in LETTERS.chars() {
            let mut changed = chars.clone();
            changed[at] = letter;
            push(changed);
        }
    }
    for at in 0..=chars.len() {
        for letter in LETTERS.chars() {
            let mut inserted = chars.clone();
            inserted.insert(at, letter);
            push(inserted);
        }
    }
    out
}

/// The free words of the query's top level that are one syllable each, in order.
fn free_syllables(clauses: &[Clause]) -> Vec<Typed<'_>> {
    let mut typed = Vec::new();
    for clause in clauses {
        if clause.modifier == Modifier::Excluded || clause.scope != Scope::All {
            continue;
        }
        let in_word = matches!(clause.node, Node::Joined { .. });
        for word in clause.node.typed_words() {
            let mut tokens = analyze(word);
            if tokens.len() == 1 {
                typed.push(Typed {
                    text: word,
                    token: tokens.remove(0),
                    in_word,
                });
            }
        }
    }
    typed
}

/// The usual spelling of a folded word or syllable (`ma_tuy` → `ma tuý`), or itself.
fn spelling_of(dictionary: &WordDictionary, folded: &str) -> String {
    dictionary
        .spelling(folded)
        .map(str::to_owned)
        .unwrap_or_else(|| folded.replace(WORD_JOINER, " "))
}

/// A province's name as the gazetteer writes it (`thanh_hoa` → `Thanh Hóa`), else the
/// usual spelling.
fn name_or_spelling(dictionary: &WordDictionary, folded: &str) -> String {
    let spelled = spelling_of(dictionary, folded);
    let province = crate::bulletin::gazetteer::ProvinceGazetteer::get().resolve_filter(&spelled);
    match province.as_deref().and_then(<[&str]>::last) {
        Some(name) if name.split(' ').count() == spelled.split(' ').count() => (*name).to_owned(),
        _ => spelled,
    }
}

/// `spelled` with a capital first letter where `typed` has one.
fn with_case_of(typed: &str, spelled: &str) -> String {
    if !typed.chars().next().is_some_and(char::is_uppercase) {
        return spelled.to_owned();
    }
    let mut chars = spelled.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// `query` with the typed words at the given places replaced.
fn rewrite(query: &str, typed: &[Typed], changed: &[(usize, String)]) -> String {
    let mut out = String::with_capacity(query.len() + 8);
    let mut rest = query;
    for (at, spelled) in changed {
        let word = typed[*at].text;
        match find_word(rest, word) {
            Some(start) => {
                out.push_str(&rest[..start]);
                out.push_str(spelled);
                rest = &rest[start + word.len()..];
            }
            None => continue,
        }
    }
    out.push_str(rest);
    out
}

/// Where `word` stands as a whole word (between spaces or the ends) in `text`.
fn find_word(text: &str, word: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(found) = text[from..].find(word) {
        let start = from + found;
        let end = start + word.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| c.is_whitespace() || c == '(' || c == ')');
        if edge(before) && edge(after) {
            return Some(start);
        }
        from = end;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_are_one_letter_away() {
        let found = edits("sna");
        for expected in ["san", "nsa", "sa", "na", "snag", "asna", "sne"] {
            assert!(found.contains(&expected.to_owned()), "{expected}");
        }
        assert!(!found.contains(&"sna".to_owned()));
        assert!(!found.contains(&"nsaa".to_owned()));
        assert!(edits("a").iter().all(|e| !e.is_empty()));
    }

    #[test]
    fn the_correction_keeps_the_rest_of_the_query_as_typed() {
        let clauses = crate::search::parse::parse_query("lừa đảo tài sna -xe").expect("ok");
        let typed = free_syllables(&clauses);
        let sna = typed.iter().position(|t| t.text == "sna").expect("typed");
        assert_eq!(
            rewrite("lừa đảo tài sna -xe", &typed, &[(sna, "sản".into())]),
            "lừa đảo tài sản -xe"
        );
        assert_eq!(find_word("tài snaa sna", "sna"), Some(10));
        assert_eq!(with_case_of("Thanh", "thanh"), "Thanh");
        assert_eq!(with_case_of("hao", "hoá"), "hoá");
    }
}
