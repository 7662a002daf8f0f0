//! From the parsed query to a tantivy query, with the ranking rules:
//!
//! - Every word or phrase **matches on folded terms** (`~tuy`), so `ma tuy`, `ma túy` and
//!   `ma tuý` find the same bulletins.
//! - A query typed **with accents** (anywhere) adds the exact terms as a boost
//!   ([`EXACT_BOOST`]): `đường` ranks bulletins with `đường` above those with only `dương`.
//! - Words match in `text` (title and body together); a match in the **title** adds
//!   [`TITLE_BOOST`] times its title score.
//! - **Abbreviations** expand both ways: `ANTT` also matches the phrase `an ninh trật tự`,
//!   and that phrase (quoted or typed as consecutive words) also matches `ANTT`.
//! - **Proximity**: with two or more free words, bulletins where they stand together as a
//!   phrase get [`PHRASE_BOOST`] times the phrase's score, and rank in a higher tier than
//!   bulletins where they are scattered ([`Tier::Together`]).
//!
//! - **Words match as words**: free words joined into a word of two syllables or more
//!   ([`super::query_words`], [`Node::Joined`]) match only the bulletins holding its word
//!   term (`ma_tuy`), which decides the match and adds nothing to the score: the typed
//!   words' syllables score as before. Without joined words (`--syllables`), every
//!   syllable matches anywhere.
//! - **Words rank**: every word of two syllables or more found in a run of free words or
//!   in a phrase counts for a bulletin that holds it as a word
//!   ([`QueryBuilder::word_terms`]): within a tier, bulletins holding more of the query's
//!   words rank first, whatever their scores, which the words do not change. Only the
//!   rescored candidates are asked (a term seek per candidate). With syllables anywhere, a
//!   bulletin holding `ma túy` thus ranks above every bulletin where `ma` and `túy` only
//!   stand apart (`mã số ... Tuy nhiên`), and `"an ninh"` still matches `Công an Ninh
//!   Bình`, below every bulletin with the word `an ninh`.
//!
//! [`QueryBuilder::build`] is what matches and gives the base score (BM25 of folded terms in
//! `text`). The exact-accent, title and proximity boosts ([`QueryBuilder::boosts`]) need
//! extra postings and positions, so search applies them to the best few hundred matches only
//! (see `search::RESCORE_WINDOW` and [`super::rescore`]).

use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, EmptyQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::Term;

use super::exclusion::Excluded;
use super::parse::{Clause, Modifier, Node, Scope};
use super::query_words::joined_terms;
use super::rescore::{Boost, BoostKind, Tier};
use crate::index::Fields;
use crate::text::abbreviations::{abbreviate, expand};
use crate::text::words::{segment_tokens, Segmenter, WordDictionary, WORD_JOINER};
use crate::text::{analyze, has_diacritics, AnalyzedToken};

pub const EXACT_BOOST: f32 = 1.5;
pub const TITLE_BOOST: f32 = 2.0;
pub const PHRASE_BOOST: f32 = 2.0;

/// Builds tantivy queries for one user query.
pub struct QueryBuilder<'a> {
    fields: &'a Fields,
    /// The query was typed with accents: exact forms boost.
    accented: bool,
}

impl<'a> QueryBuilder<'a> {
    pub fn new(fields: &'a Fields, raw_query: &str) -> Self {
        QueryBuilder {
            fields,
            accented: has_diacritics(raw_query),
        }
    }

    /// The query was typed with accents: exact forms boost, and are highlighted first.
    pub fn accented(&self) -> bool {
        self.accented
    }

    /// The query for top-level clauses; `None` when nothing in them is searchable (empty
    /// query, or only punctuation), which callers treat as "all bulletins".
    pub fn build(&self, clauses: &[Clause]) -> Option<Box<dyn Query>> {
        let parts = self.sequence(clauses)?;
        Some(Box::new(BooleanQuery::new(parts)))
    }

    /// The folded terms (`ma_tuy`) of the words of two syllables or more in the query's
    /// runs of free words (`ma tuy` typed as two words) and in its phrases, segmented as the
    /// index segments text. Excluded and `title:` clauses and alternatives add none.
    pub fn word_terms(&self, clauses: &[Clause]) -> Vec<Term> {
        let mut texts: Vec<String> = Vec::new();
        let mut free_run = String::new();
        for clause in clauses {
            let searchable = clause.modifier != Modifier::Excluded && clause.scope == Scope::All;
            match &clause.node {
                Node::Word(_) | Node::Joined { .. } if searchable => {
                    for word in clause.node.typed_words() {
                        free_run.push_str(word);
                        free_run.push(' ');
                    }
                    continue;
                }
                Node::Phrase(text) if searchable => texts.push(text.clone()),
                _ => {}
            }
            texts.push(std::mem::take(&mut free_run));
        }
        texts.push(free_run);
        let mut segmenter = Segmenter::new(WordDictionary::embedded());
        let mut terms: Vec<Term> = Vec::new();
        for text in texts.iter().filter(|t| !t.trim().is_empty()) {
            let tokens = analyze(text);
            for (start, end) in segment_tokens(text, &tokens, &mut segmenter, false) {
                if end - start < 2 {
                    continue;
                }
                let folded: Vec<&str> = tokens[start..end]
                    .iter()
                    .map(|t| t.folded.as_str())
                    .collect();
                let term =
                    Term::from_field_text(self.fields.text, &folded.join(&WORD_JOINER.to_string()));
                if !terms.contains(&term) {
                    terms.push(term);
                }
            }
        }
        // Names the index holds together, which the dictionary alone does not join.
        for joined in joined_terms(clauses) {
            let term = Term::from_field_text(self.fields.text, &joined);
            if !terms.contains(&term) {
                terms.push(term);
            }
        }
        terms
    }

    /// Clauses joined by AND (required/excluded as marked); runs of free words that spell an
    /// abbreviation's expansion become "those words, or the abbreviation".
    fn sequence(&self, clauses: &[Clause]) -> Option<Vec<(Occur, Box<dyn Query>)>> {
        let mut parts: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut at = 0;
        while at < clauses.len() {
            if let Some((taken, query)) = self.expansion_run(&clauses[at..]) {
                parts.push((Occur::Must, query));
                at += taken;
                continue;
            }
            let clause = &clauses[at];
            at += 1;
            let Some(query) = self.clause(clause) else {
                continue;
            };
            match clause.modifier {
                Modifier::Excluded => {
                    parts.push((Occur::MustNot, Box::new(Excluded::new(query))));
                }
                _ => parts.push((Occur::Must, query)),
            }
        }
        if parts.is_empty() {
            return None;
        }
        if parts.iter().all(|(occur, _)| *occur == Occur::MustNot) {
            parts.push((Occur::Must, Box::new(AllQuery)));
        }
        Some(parts)
    }

    fn clause(&self, clause: &Clause) -> Option<Box<dyn Query>> {
        match &clause.node {
            Node::Word(word) => self.word(word, clause.scope),
            Node::Phrase(text) => self.phrase(text, clause.scope),
            Node::Any(alternatives) => {
                let parts: Vec<(Occur, Box<dyn Query>)> = alternatives
                    .iter()
                    .filter_map(|c| self.clause(c))
                    .map(|q| (Occur::Should, q))
                    .collect();
                (!parts.is_empty()).then(|| Box::new(BooleanQuery::new(parts)) as Box<dyn Query>)
            }
            Node::Group(inner) => self
                .sequence(inner)
                .map(|parts| Box::new(BooleanQuery::new(parts)) as Box<dyn Query>),
            Node::Joined { words, term } => self.joined(words, term),
        }
    }

    /// Typed words that form one word (`ma tuy`): bulletins holding it as a word, scored
    /// by its syllables as the typed words would be. The word term decides the match and
    /// adds nothing to the score; a bulletin holds it once, so its frequency says nothing.
    fn joined(&self, words: &[String], term: &str) -> Option<Box<dyn Query>> {
        let held = TermQuery::new(
            Term::from_field_text(self.fields.text, term),
            IndexRecordOption::Basic,
        );
        let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(
            Occur::Must,
            Box::new(ConstScoreQuery::new(Box::new(held), 0.0)),
        )];
        parts.extend(
            words
                .iter()
                .filter_map(|word| self.word(word, Scope::All))
                .map(|query| (Occur::Must, query)),
        );
        Some(Box::new(BooleanQuery::new(parts)))
    }

    /// One typed word: its syllables (one, or several for `12-NQ/TW`), or its expansion.
    fn word(&self, word: &str, scope: Scope) -> Option<Box<dyn Query>> {
        let syllables = analyze(word);
        let own = self.syllables(&syllables, scope)?;
        let expansion = (syllables.len() == 1)
            .then(|| expand(word))
            .flatten()
            .and_then(|expansion| self.syllables(&analyze(expansion), scope));
        Some(either(own, expansion))
    }

    /// A quoted phrase, or the abbreviation it spells out.
    fn phrase(&self, text: &str, scope: Scope) -> Option<Box<dyn Query>> {
        let syllables = analyze(text);
        let own = self.syllables(&syllables, scope)?;
        let folded: Vec<String> = syllables.iter().map(|s| s.folded.clone()).collect();
        let abbreviation =
            abbreviate(&folded).and_then(|abbr| self.syllables(&analyze(abbr), scope));
        Some(either(own, abbreviation))
    }

    /// Free words at the start of `clauses` that spell an abbreviation's expansion (`an ninh
    /// trat tu`): (how many clauses, "all those words, or the abbreviation").
    fn expansion_run(&self, clauses: &[Clause]) -> Option<(usize, Box<dyn Query>)> {
        let mut folded: Vec<String> = Vec::new();
        for (taken, clause) in clauses.iter().enumerate() {
            let words = clause.node.typed_words();
            if clause.modifier != Modifier::Default
                || clause.scope != Scope::All
                || words.is_empty()
            {
                return None;
            }
            for word in words {
                folded.extend(analyze(word).into_iter().map(|s| s.folded));
            }
            if folded.len() < 2 {
                continue;
            }
            if let Some(abbr) = abbreviate(&folded) {
                let words: Vec<(Occur, Box<dyn Query>)> = clauses[..=taken]
                    .iter()
                    .filter_map(|c| self.clause(c))
                    .map(|q| (Occur::Must, q))
                    .collect();
                let all_words: Box<dyn Query> = Box::new(BooleanQuery::new(words));
                return Some((
                    taken + 1,
                    either(all_words, self.syllables(&analyze(abbr), Scope::All)),
                ));
            }
            if folded.len() >= 6 {
                return None;
            }
        }
        None
    }

    /// Syllables as a term (one) or a phrase (several), in the scope's fields: folded terms
    /// decide the match, exact terms boost an accented query.
    fn syllables(&self, syllables: &[AnalyzedToken], scope: Scope) -> Option<Box<dyn Query>> {
        if syllables.is_empty() {
            return None;
        }
        // Matching runs on one field (`text`: title and body) so the conjunction of a
        // query's words intersects plain term scorers; `title:` searches the title alone.
        let field = match scope {
            Scope::Title => self.fields.title,
            Scope::All | Scope::Body => self.fields.text,
        };
        Some(terms_query(
            field,
            syllables.iter().map(AnalyzedToken::folded_term),
            0,
        ))
    }

    /// The boosts of every word and phrase that is not excluded, and the proximity boost:
    /// each a query scored on its own and added to the base score; then the query's words
    /// (`word_terms`, [`QueryBuilder::word_terms`] of the same clauses), which count.
    pub fn boosts(&self, clauses: &[Clause], word_terms: &[Term]) -> Vec<Boost> {
        let mut boosts = Vec::new();
        self.collect_boosts(clauses, &mut boosts);
        boosts.extend(self.proximity(clauses));
        for term in word_terms.iter().cloned() {
            let word = TermQuery::new(term, IndexRecordOption::Basic);
            boosts.push(Boost::word(BoostKind::Query(Box::new(
                ConstScoreQuery::new(Box::new(word), 1.0),
            ))));
        }
        boosts
    }

    fn collect_boosts(&self, clauses: &[Clause], boosts: &mut Vec<Boost>) {
        for clause in clauses.iter().filter(|c| c.modifier != Modifier::Excluded) {
            match &clause.node {
                Node::Phrase(text) => self.syllable_boosts(&analyze(text), clause.scope, boosts),
                // Each typed word boosts as it would alone, joined or not.
                Node::Word(_) | Node::Joined { .. } => {
                    for word in clause.node.typed_words() {
                        self.syllable_boosts(&analyze(word), clause.scope, boosts)
                    }
                }
                Node::Any(inner) | Node::Group(inner) => self.collect_boosts(inner, boosts),
            }
        }
    }

    /// Exact forms (a query typed with accents) and a match in the title (a query on the
    /// whole text).
    fn syllable_boosts(&self, syllables: &[AnalyzedToken], scope: Scope, boosts: &mut Vec<Boost>) {
        if syllables.is_empty() {
            return;
        }
        let field = if scope == Scope::Title {
            self.fields.title
        } else {
            self.fields.text
        };
        if self.accented {
            boosts.push(boost(
                field,
                syllables.iter().map(AnalyzedToken::exact_term),
                EXACT_BOOST,
            ));
        }
        if scope == Scope::All {
            boosts.push(boost(
                self.fields.title,
                syllables.iter().map(AnalyzedToken::folded_term),
                TITLE_BOOST,
            ));
        }
    }

    /// The free words of the top level as one phrase: rewards bulletins where the query's
    /// words stand together, in the text and in the title.
    fn proximity(&self, clauses: &[Clause]) -> Vec<Boost> {
        let typed = free_words(clauses);
        let syllables: Vec<AnalyzedToken> = typed.iter().flat_map(|word| analyze(word)).collect();
        if typed.len() < 2 || syllables.len() < 2 {
            return Vec::new();
        }
        let mut boosts = Vec::new();
        for field in [self.fields.title, self.fields.text] {
            boosts.push(Boost {
                tier: Some(Tier::Together),
                ..boost(
                    field,
                    syllables.iter().map(AnalyzedToken::folded_term),
                    PHRASE_BOOST,
                )
            });
            if self.accented {
                boosts.push(boost(
                    field,
                    syllables.iter().map(AnalyzedToken::exact_term),
                    PHRASE_BOOST * EXACT_BOOST,
                ));
            }
        }
        boosts
    }
}

/// The typed words of the top level that are not excluded, joined ones included: what the
/// proximity boost looks for together.
fn free_words(clauses: &[Clause]) -> Vec<&str> {
    clauses
        .iter()
        .filter(|c| c.modifier != Modifier::Excluded)
        .flat_map(|c| c.node.typed_words())
        .map(String::as_str)
        .collect()
}

/// A boost of one term, or of a phrase of several.
fn boost(field: Field, texts: impl Iterator<Item = String>, factor: f32) -> Boost {
    let mut terms: Vec<Term> = texts
        .map(|text| Term::from_field_text(field, &text))
        .collect();
    if terms.len() == 1 {
        let term = terms.remove(0);
        Boost::score(BoostKind::Query(Box::new(BoostQuery::new(
            Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)),
            factor,
        ))))
    } else {
        Boost::score(BoostKind::Phrase {
            terms,
            boost: factor,
        })
    }
}

/// One term, or a phrase of several with `slop`.
fn terms_query(field: Field, texts: impl Iterator<Item = String>, slop: u32) -> Box<dyn Query> {
    let terms: Vec<Term> = texts
        .map(|text| Term::from_field_text(field, &text))
        .collect();
    match terms.len() {
        0 => Box::new(EmptyQuery),
        1 => Box::new(TermQuery::new(
            terms[0].clone(),
            IndexRecordOption::WithFreqs,
        )),
        _ => {
            let mut phrase = PhraseQuery::new(terms);
            phrase.set_slop(slop);
            Box::new(phrase)
        }
    }
}

/// `own`, or either of `own` and `alternative`.
fn either(own: Box<dyn Query>, alternative: Option<Box<dyn Query>>) -> Box<dyn Query> {
    match alternative {
        Some(alternative) => Box::new(BooleanQuery::new(vec![
            (Occur::Should, own),
            (Occur::Should, alternative),
        ])),
        None => own,
    }
}
