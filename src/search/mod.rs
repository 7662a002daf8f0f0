//! Searching the index: parse the query ([`parse`]), build the tantivy query with the
//! ranking rules ([`build`]), apply filters ([`filters`]), then rank, page, count facets and
//! cut snippets ([`snippets`]).
//!
//! Ranking is two-phase: every match is ranked by the base query (BM25 of folded terms over
//! title and body), then the best [`RESCORE_WINDOW`] get the exact-accent, title and
//! proximity boosts and are ordered by tier first (where the query's words stand together
//! above where they are scattered, see [`rescore::Tier`]), then by how many of the query's
//! words they hold as words, then score. Matches beyond the
//! window follow in base order, so every page is a slice of one ranking. Results are
//! deterministic: equal scores fall back to the newer bulletin, then to index order.
//!
//! Every request is bounded before work starts: `offset + limit` at most [`MAX_HITS`],
//! queries as [`parse`] says.

pub mod build;
pub mod evaluate;
pub mod exclusion;
pub mod filters;
pub mod parse;
pub mod rescore;
pub mod significant_words;
pub mod snippets;

use std::collections::VecDeque;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use tantivy::collector::{Count, FacetCollector, FacetCounts, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, Occur, Query};
use tantivy::schema::Facet;
use tantivy::{DateTime, DocAddress, Order, TantivyDocument};

use crate::index::document::StoredBulletin;
use crate::index::schema::names;
use crate::index::stats::{sorted_children, FacetCount};
use crate::index::{tantivy_error, BantinIndex, IndexError};
pub use filters::{FilterError, FilterSpec};
pub use parse::ParseError;
pub use rescore::RankKeys;
pub use significant_words::{SignificantWord, WordSample};
pub use snippets::Snippet;

/// How results are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    Relevance,
    Newest,
    Oldest,
}

/// One search, as asked.
#[derive(Clone, Debug)]
pub struct SearchRequest {
    pub query: String,
    pub filters: FilterSpec,
    /// `None`: relevance for a text query, newest first for filters alone.
    pub sort: Option<SortOrder>,
    pub limit: usize,
    pub offset: usize,
    pub snippets: usize,
    pub facets: bool,
}

/// Deepest hit a search reaches: `offset + limit` at most this.
pub const MAX_HITS: usize = 10_000;

/// Why a search could not run.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("invalid query")]
    Query(#[from] ParseError),
    #[error("{}", nothing_to_search(query))]
    NothingToSearch { query: String },
    #[error(
        "--offset {offset} with --limit {limit} reaches past hit {MAX_HITS}: results go \
         {MAX_HITS} hits deep; narrow the search with more words or filters"
    )]
    TooDeep { offset: usize, limit: usize },
    #[error(transparent)]
    Filter(#[from] FilterError),
    #[error(transparent)]
    Index(#[from] IndexError),
}

/// One ranked bulletin.
#[derive(Clone, Debug, serde::Serialize)]
pub struct Hit {
    pub rank: usize,
    pub id: String,
    pub title: String,
    /// Byte ranges of matched words in `title`.
    pub title_highlights: Vec<[usize; 2]>,
    pub date: Option<String>,
    pub date_precision: Option<&'static str>,
    pub province: Option<Vec<String>>,
    pub provinces: Vec<Vec<String>>,
    pub unit: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// BM25 with the boosts; `None` when sorted by date or for filters alone.
    pub score: Option<f32>,
    /// What ranks the hit before its score, when sorted by relevance among the best
    /// `RESCORE_WINDOW` matches: a hit where the query's words stand together ranks above
    /// one where they do not, then a hit holding more of the query's words as words, then
    /// the higher score. `None` past the window and when sorted by date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ranking: Option<RankKeys>,
    pub snippets: Vec<Snippet>,
}

/// One bulletin of the page, before its stored fields are read.
struct Ranked {
    score: Option<f32>,
    keys: Option<RankKeys>,
    address: DocAddress,
}

/// Counts per facet over every matching bulletin.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Facets {
    /// Today's provinces, each followed by its provinces as named then.
    pub province: Vec<FacetCount>,
    /// Units, each followed by its sub-units.
    pub unit: Vec<FacetCount>,
    /// Years, each followed by its months.
    pub date: Vec<FacetCount>,
    /// The words that set the matches apart from the whole index, most significant first
    /// (see [`significant_words`]).
    pub words: Vec<SignificantWord>,
    /// The names (people, places, organisations) that set the matches apart, read with the
    /// words: most significant first.
    pub names: Vec<SignificantWord>,
    /// How many matches the words and names were read from.
    pub words_sample: WordSample,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct SearchResults {
    pub total: usize,
    pub took_ms: f64,
    pub sort: SortOrder,
    pub offset: usize,
    pub hits: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

fn nothing_to_search(query: &str) -> String {
    let what = if query.trim().is_empty() {
        "nothing to search".to_owned()
    } else {
        format!("the query {query:?} has no searchable words")
    };
    format!(
        "{what}: give words to search for, or a filter (--province, --unit, --year, --from, \
         --to) to list bulletins"
    )
}

/// What the words facet of a search depends on: the index as a searcher sees it, the query
/// and the filters (not the page, the sort or the snippets).
#[derive(PartialEq, Eq)]
struct WordsKey {
    index: PathBuf,
    generation: u64,
    query: String,
    filters: String,
}

/// The words facets of the last searches. Reading a sample of matches again costs tens of
/// milliseconds, and a reader paging through results, or a page asking again for what its
/// link says, repeats the same search; a new generation of the index (after an ingest) is a
/// new key, so nothing stale is ever served.
static WORDS_CACHE: Mutex<VecDeque<(WordsKey, Arc<significant_words::WordsFacet>)>> =
    Mutex::new(VecDeque::new());

/// How many words facets [`WORDS_CACHE`] keeps.
const WORDS_CACHE_ENTRIES: usize = 64;

fn cached_words(key: &WordsKey) -> Option<Arc<significant_words::WordsFacet>> {
    let cache = WORDS_CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    cache
        .iter()
        .find(|(cached, _)| cached == key)
        .map(|(_, words)| Arc::clone(words))
}

fn remember_words(key: WordsKey, words: Arc<significant_words::WordsFacet>) {
    let mut cache = WORDS_CACHE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if cache.iter().any(|(cached, _)| *cached == key) {
        return;
    }
    if cache.len() >= WORDS_CACHE_ENTRIES {
        cache.pop_front();
    }
    cache.push_back((key, words));
}

/// Runs one search.
pub fn search(index: &BantinIndex, request: &SearchRequest) -> Result<SearchResults, SearchError> {
    let started = Instant::now();
    let err = |source| tantivy_error(&index.path, source);
    let wanted = request
        .offset
        .checked_add(request.limit)
        .filter(|&wanted| wanted <= MAX_HITS)
        .ok_or(SearchError::TooDeep {
            offset: request.offset,
            limit: request.limit,
        })?;
    let clauses = parse::parse_query(&request.query)?;
    let builder = build::QueryBuilder::new(&index.fields, &request.query);
    let text_query = builder.build(&clauses);
    let has_text = text_query.is_some();
    if !has_text && request.filters.is_empty() {
        return Err(SearchError::NothingToSearch {
            query: request.query.clone(),
        });
    }
    let filters = filters::filter_queries(&request.filters, index)?;
    let searcher = index.searcher()?;
    let with_filters = |text: Option<Box<dyn Query>>| {
        let mut parts: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, text.unwrap_or_else(|| Box::new(AllQuery)))];
        parts.extend(filters.iter().map(|q| (Occur::Must, q.box_clone())));
        BooleanQuery::new(parts)
    };
    let base_query = with_filters(text_query);

    // Facets are counted in the same pass over the matches as the ranking.
    let facet_collectors = request
        .facets
        .then(|| (facet_collectors(index), significant_words::MatchingDocs));
    let sort = request.sort.unwrap_or(if has_text {
        SortOrder::Relevance
    } else {
        SortOrder::Newest
    });
    let (ranked, total, facet_fruit) = match sort {
        SortOrder::Relevance => {
            let window = TopDocs::with_limit(wanted.max(RESCORE_WINDOW)).order_by_score();
            let collectors = (window, Count, facet_collectors);
            let (mut top, total, facet_fruit) =
                searcher.search(&base_query, &collectors).map_err(err)?;
            // The window is the same for every page; deeper matches keep the base order.
            let beyond = top.split_off(top.len().min(RESCORE_WINDOW));
            let rescored =
                rescore::rescore(&searcher, &builder.boosts(&clauses), top).map_err(err)?;
            let page = rescored
                .into_iter()
                .map(|(score, address, keys)| (score, address, Some(keys)))
                .chain(
                    beyond
                        .into_iter()
                        .map(|(score, address)| (score, address, None)),
                )
                .skip(request.offset)
                .take(request.limit);
            let ranked: Vec<Ranked> = page
                .map(|(score, address, keys)| Ranked {
                    score: has_text.then_some(score),
                    keys: keys.filter(|_| has_text),
                    address,
                })
                .collect();
            (ranked, total, facet_fruit)
        }
        SortOrder::Newest | SortOrder::Oldest => {
            let order = if sort == SortOrder::Newest {
                Order::Desc
            } else {
                Order::Asc
            };
            let by_date = TopDocs::with_limit(request.limit.max(1))
                .and_offset(request.offset)
                .order_by_fast_field::<DateTime>(names::DATE, order);
            let collectors = (by_date, Count, facet_collectors);
            let (top, total, facet_fruit) =
                searcher.search(&base_query, &collectors).map_err(err)?;
            let ranked = top
                .into_iter()
                .map(|(_, address)| Ranked {
                    score: None,
                    keys: None,
                    address,
                })
                .take(request.limit)
                .collect();
            (ranked, total, facet_fruit)
        }
    };
    let facets = match facet_fruit {
        Some((counts, matches)) => {
            // The words the search names: its query's, and the province it is filtered by.
            let word_terms = builder.word_terms(&clauses);
            let mut query_words: Vec<String> = word_terms
                .iter()
                .filter_map(|term| term.value().as_str().map(str::to_owned))
                .collect();
            if let Some(province) = &request.filters.province {
                query_words.push(crate::index::words::word_term(province));
            }
            let key = WordsKey {
                index: index.path.clone(),
                generation: searcher.generation().generation_id(),
                query: request.query.clone(),
                filters: format!("{:?}", request.filters),
            };
            let words = match cached_words(&key) {
                Some(words) => words,
                None => {
                    // The set a reader means: the matches holding the query's words as
                    // words, when some do (`ma tuy` matches `mà ... Tuy nhiên` too).
                    let holding = if word_terms.is_empty() {
                        None
                    } else {
                        let held = significant_words::holding(&searcher, &matches, &word_terms)
                            .map_err(err)?;
                        Some(held).filter(|held| !held.is_empty())
                    };
                    let holding_query_words = holding.is_some();
                    let mut facet = significant_words::significant_words(
                        index,
                        &searcher,
                        holding.unwrap_or(matches),
                        &query_words,
                    )?;
                    facet.sample.holding_query_words = holding_query_words;
                    let words = Arc::new(facet);
                    remember_words(key, Arc::clone(&words));
                    words
                }
            };
            let words = significant_words::WordsFacet::clone(&words);
            Some(Facets {
                words: words.words,
                names: words.names,
                words_sample: words.sample,
                ..facets_from(counts)
            })
        }
        None => None,
    };

    let highlighter =
        snippets::Highlighter::from_clauses(&clauses, crate::text::has_diacritics(&request.query));
    let mut hits = Vec::with_capacity(ranked.len());
    for (position, ranked) in ranked.into_iter().enumerate() {
        let doc: TantivyDocument = searcher.doc(ranked.address).map_err(err)?;
        let stored = StoredBulletin::from_document(&doc, &index.fields);
        hits.push(Hit {
            rank: request.offset + position + 1,
            title_highlights: highlighter.highlights(&stored.title),
            snippets: highlighter.snippets(&stored.body, request.snippets),
            id: stored.id,
            title: stored.title,
            date: stored.date,
            date_precision: stored.date_precision,
            province: stored.province,
            provinces: stored.provinces,
            unit: stored.unit,
            url: stored.url,
            score: ranked.score,
            ranking: ranked.keys,
        });
    }
    Ok(SearchResults {
        total,
        took_ms: started.elapsed().as_secs_f64() * 1000.0,
        sort,
        offset: request.offset,
        hits,
        facets,
    })
}

/// How many of the best base-query matches get the exact-accent and proximity boosts.
pub const RESCORE_WINDOW: usize = 200;

/// Collectors of top-level counts and of children counts, for province, unit and date.
type FacetCollectors = (
    (FacetCollector, FacetCollector),
    (FacetCollector, FacetCollector),
    (FacetCollector, FacetCollector),
);

type FacetFruit = (
    (FacetCounts, FacetCounts),
    (FacetCounts, FacetCounts),
    (FacetCounts, FacetCounts),
);

/// Two levels of province, unit and date: a collector for the top level and one for the
/// children of every top-level value in the index (a facet collector refuses a facet below
/// another, and a bulletin may carry only the top level).
fn facet_collectors(index: &BantinIndex) -> FacetCollectors {
    let fields = &index.fields;
    let two_levels = |field: tantivy::schema::Field, name: &str| {
        let mut top = FacetCollector::for_field(name);
        top.add_facet(Facet::root());
        let mut children = FacetCollector::for_field(name);
        for parent in index.top_level_facets(field).iter() {
            children.add_facet(parent.clone());
        }
        (top, children)
    };
    (
        two_levels(fields.province, names::PROVINCE),
        two_levels(fields.unit, names::UNIT),
        two_levels(fields.month, names::MONTH),
    )
}

fn facets_from((province, unit, date): FacetFruit) -> Facets {
    Facets {
        province: interleave(&province.0, &province.1, FacetOrder::Count),
        unit: interleave(&unit.0, &unit.1, FacetOrder::Count),
        date: interleave(&date.0, &date.1, FacetOrder::Newest),
        ..Facets::default()
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum FacetOrder {
    /// Most frequent first.
    Count,
    /// Years newest first, months in calendar order.
    Newest,
}

/// Each top-level count followed by its children's counts.
fn interleave(top: &FacetCounts, children: &FacetCounts, order: FacetOrder) -> Vec<FacetCount> {
    let mut parents = sorted_children(top, &Facet::root());
    if order == FacetOrder::Newest {
        parents.sort_by(|a, b| b.path.cmp(&a.path));
    }
    parents
        .into_iter()
        .flat_map(|parent| {
            let mut below = sorted_children(children, &Facet::from_path(&parent.path));
            if order == FacetOrder::Newest {
                below.sort_by(|a, b| a.path.cmp(&b.path));
            }
            std::iter::once(parent).chain(below)
        })
        .collect()
}
