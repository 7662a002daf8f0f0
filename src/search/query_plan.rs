//! One plan of the clauses a search matches with: what matches, what boosts, which words,
//! what to highlight, each derived once from the clauses and read by every later stage
//! (collecting and rescoring, the facets, the snippets), as a query tree is built once and
//! converted. A search whose words match nothing as words falls back to its syllables
//! anywhere: those clauses have a plan of their own ([`super::plan::MatchPlan`]), and the
//! later stages read the plan of the clauses actually searched.

use tantivy::query::Query;
use tantivy::Term;

use super::build::QueryBuilder;
use super::parse::Clause;
use super::rescore::Boost;
use super::snippets::Highlighter;

/// The clauses of one search and everything built from them.
pub struct QueryPlan {
    pub clauses: Vec<Clause>,
    /// What matches and gives the base score, without filters: `None` when nothing in the
    /// clauses is searchable.
    text: Option<Box<dyn Query>>,
    /// The folded terms of the query's words of two syllables or more (`ma_tuy`), see
    /// [`QueryBuilder::word_terms`]: they rank, and the words facet names them.
    pub word_terms: Vec<Term>,
    /// What rescoring adds to the best matches' base scores ([`QueryBuilder::boosts`]).
    pub boosts: Vec<Boost>,
    /// What the hits highlight, in their titles and snippets.
    pub highlighter: Highlighter,
}

impl QueryPlan {
    pub fn new(builder: &QueryBuilder, clauses: Vec<Clause>) -> QueryPlan {
        let word_terms = builder.word_terms(&clauses);
        QueryPlan {
            text: builder.build(&clauses),
            boosts: builder.boosts(&clauses, &word_terms),
            highlighter: Highlighter::from_clauses(&clauses, builder.accented()),
            word_terms,
            clauses,
        }
    }

    /// What the clauses match, to be combined with other queries.
    pub fn text(&self) -> Option<Box<dyn Query>> {
        self.text.as_ref().map(|text| text.box_clone())
    }

    /// What the clauses match, to be searched as it is.
    pub fn text_query(&self) -> Option<&dyn Query> {
        self.text.as_deref()
    }
}
