//! The second ranking phase: the best matches of the base query get the boosts.
//!
//! Only the candidates are scored. A term boost is a tantivy scorer asked whether each
//! candidate matches (`seek_danger`), never for the next match after it. A phrase boost is
//! checked at each candidate from its terms' positions and scored with the BM25 weight of
//! the phrase, as tantivy's phrase scorer would, without that scorer's scan for a first
//! match (for a rare phrase, thousands of documents). Scoring all boosts through one boolean
//! query would be worse still: a union scorer scores every match in windows of 4,096
//! documents.

use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::query::{Bm25Weight, EnableScoring, Query, Scorer, Weight};
use tantivy::schema::IndexRecordOption;
use tantivy::{
    DateTime, DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, SegmentReader, Term,
};

use crate::index::schema::names;

/// How many of the best base-query matches get the exact-accent and proximity boosts.
pub const RESCORE_WINDOW: usize = 200;

/// Ranking tiers, lowest first. A candidate in a higher tier ranks above every candidate
/// in a lower one, whatever their scores: a bulletin where the query's words stand
/// together, in order, is not outranked by one that holds them only far apart (`mã` here,
/// `Tuy nhiên` there for `ma tuy`). Scores order the candidates within a tier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Tier {
    /// The words match, but not next to each other.
    Scattered,
    /// The query's words stand together, or nothing in the query tells tiers apart.
    Together,
}

/// How a boost scores a candidate.
pub enum BoostKind {
    /// A query whose scorer seeks cheaply (a term), scored by tantivy.
    Query(Box<dyn Query>),
    /// Consecutive terms of one field, times `boost`.
    Phrase { terms: Vec<Term>, boost: Score },
}

/// One boost applied to the candidates.
pub struct Boost {
    pub kind: BoostKind,
    /// A candidate this boost matches ranks at least in this tier. When some boost of a
    /// query has a tier, candidates matching none of them are [`Tier::Scattered`].
    pub tier: Option<Tier>,
    /// A query word held as a word: it counts, it does not score. Within a tier, candidates
    /// holding more of the query's words rank first, whatever their scores.
    pub word: bool,
}

impl Boost {
    /// A boost that only adds to the score.
    pub fn score(kind: BoostKind) -> Boost {
        Boost {
            kind,
            tier: None,
            word: false,
        }
    }

    /// A query word: candidates holding it as a word rank above those that do not.
    pub fn word(kind: BoostKind) -> Boost {
        Boost {
            kind,
            tier: None,
            word: true,
        }
    }
}

enum PreparedBoost {
    Query(Box<dyn Weight>),
    Phrase {
        terms: Vec<Term>,
        weight: Bm25Weight,
    },
}

/// What orders rescored candidates before their scores: see [`rescore`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct RankKeys {
    /// The query's words stand together (in order), or nothing in the query tells.
    pub together: bool,
    /// How many of the query's words of two syllables or more it holds as words.
    pub query_words: usize,
}

/// Adds the boosts to the base scores of `candidates` and orders them: tier, how many
/// query words they hold as words, score, then the newer bulletin, then index order.
pub fn rescore(
    searcher: &Searcher,
    boosts: &[Boost],
    candidates: Vec<(Score, DocAddress)>,
) -> tantivy::Result<Vec<(Score, DocAddress, RankKeys)>> {
    let scoring = EnableScoring::enabled_from_searcher(searcher);
    let prepared = boosts
        .iter()
        .map(|boost| match &boost.kind {
            BoostKind::Query(query) => query.weight(scoring).map(PreparedBoost::Query),
            BoostKind::Phrase { terms, boost } => {
                Bm25Weight::for_terms(searcher, terms).map(|weight| PreparedBoost::Phrase {
                    terms: terms.clone(),
                    weight: weight.boost_by(*boost),
                })
            }
        })
        .collect::<tantivy::Result<Vec<_>>>()?;
    let mut candidates = candidates;
    candidates.sort_by_key(|(_, address)| (address.segment_ord, address.doc_id));
    let lowest_tier = if boosts.iter().any(|b| b.tier.is_some()) {
        Tier::Scattered
    } else {
        Tier::Together
    };
    let mut scored: Vec<(Tier, usize, Score, i64, DocAddress)> =
        Vec::with_capacity(candidates.len());
    for segment in candidates.chunk_by(|a, b| a.1.segment_ord == b.1.segment_ord) {
        let reader = searcher.segment_reader(segment[0].1.segment_ord);
        let mut cursors = prepared
            .iter()
            .map(|boost| Cursor::new(boost, reader))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let dates = reader.fast_fields().date(names::DATE).ok();
        for &(base, address) in segment {
            let mut score = base;
            let mut tier = lowest_tier;
            let mut words = 0;
            for (cursor, boost) in cursors.iter_mut().zip(boosts) {
                let added = cursor.score_of(address.doc_id);
                if boost.word {
                    words += usize::from(added > 0.0);
                    continue;
                }
                score += added;
                if let Some(lifted) = boost.tier.filter(|_| added > 0.0) {
                    tier = tier.max(lifted);
                }
            }
            let date = dates
                .as_ref()
                .and_then(|d| d.first(address.doc_id))
                .map_or(i64::MIN, DateTime::into_timestamp_secs);
            scored.push((tier, words, score, date, address));
        }
    }
    scored.sort_by(|a, b| {
        b.0.cmp(&a.0)
            .then(b.1.cmp(&a.1))
            .then(b.2.total_cmp(&a.2))
            .then(b.3.cmp(&a.3))
            .then((a.4.segment_ord, a.4.doc_id).cmp(&(b.4.segment_ord, b.4.doc_id)))
    });
    Ok(scored
        .into_iter()
        .map(|(tier, query_words, score, _, address)| {
            let keys = RankKeys {
                together: tier == Tier::Together,
                query_words,
            };
            (score, address, keys)
        })
        .collect())
}

/// A boost walking the candidates of one segment in strictly increasing order.
enum Cursor<'a> {
    Scorer {
        scorer: Box<dyn Scorer>,
        /// No document below this one can match.
        next_possible: DocId,
    },
    Phrase {
        postings: Vec<SegmentPostings>,
        positions: Vec<Vec<u32>>,
        fieldnorms: FieldNormReader,
        weight: &'a Bm25Weight,
    },
    /// A phrase with a term this segment lacks.
    Absent,
}

impl<'a> Cursor<'a> {
    fn new(boost: &'a PreparedBoost, reader: &SegmentReader) -> tantivy::Result<Cursor<'a>> {
        match boost {
            PreparedBoost::Query(weight) => {
                let scorer = weight.scorer(reader, 1.0)?;
                let next_possible = scorer.doc();
                Ok(Cursor::Scorer {
                    scorer,
                    next_possible,
                })
            }
            PreparedBoost::Phrase { terms, weight } => {
                let field = terms[0].field();
                let inverted = reader.inverted_index(field)?;
                let mut postings = Vec::with_capacity(terms.len());
                for term in terms {
                    match inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)? {
                        Some(p) => postings.push(p),
                        None => return Ok(Cursor::Absent),
                    }
                }
                Ok(Cursor::Phrase {
                    positions: vec![Vec::new(); postings.len()],
                    postings,
                    fieldnorms: reader.get_fieldnorms_reader(field)?,
                    weight,
                })
            }
        }
    }

    /// The boost's score for `doc`, 0 when it does not match.
    fn score_of(&mut self, doc: DocId) -> Score {
        match self {
            Cursor::Scorer {
                scorer,
                next_possible,
            } => {
                if doc < *next_possible {
                    return 0.0;
                }
                match scorer.seek_danger(doc) {
                    SeekDangerResult::Found => {
                        *next_possible = doc + 1;
                        scorer.score()
                    }
                    SeekDangerResult::SeekLowerBound(bound) => {
                        *next_possible = bound;
                        0.0
                    }
                }
            }
            Cursor::Phrase {
                postings,
                positions,
                fieldnorms,
                weight,
            } => {
                let count = phrase_count(postings, positions, doc);
                if count == 0 {
                    0.0
                } else {
                    weight.score(fieldnorms.fieldnorm_id(doc), count)
                }
            }
            Cursor::Absent => 0.0,
        }
    }
}

/// How many times the terms of `postings` stand consecutively in `doc`.
fn phrase_count(postings: &mut [SegmentPostings], positions: &mut [Vec<u32>], doc: DocId) -> u32 {
    for p in postings.iter_mut() {
        if p.doc() < doc {
            p.seek(doc);
        }
        if p.doc() != doc {
            return 0;
        }
    }
    for (p, out) in postings.iter_mut().zip(positions.iter_mut()) {
        out.clear();
        p.positions(out);
    }
    let Some((first, rest)) = positions.split_first() else {
        return 0;
    };
    first
        .iter()
        .filter(|&&start| {
            rest.iter().enumerate().all(|(i, later)| {
                // Positions come from the index: a damaged one must not overflow.
                u32::try_from(i + 1)
                    .ok()
                    .and_then(|step| start.checked_add(step))
                    .is_some_and(|position| later.binary_search(&position).is_ok())
            })
        })
        .count() as u32
}
