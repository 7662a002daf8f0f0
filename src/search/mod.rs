//! Searching the index: parse the query ([`parse`]), join its words ([`query_words`]),
//! build the tantivy query with the ranking rules ([`build`]), apply filters ([`filters`]),
//! then rank, page, count facets, cut snippets ([`snippets`]) and look for a correction
//! ([`suggest`]).
//!
//! The matches are one set for the total, every facet, every order and page: by default
//! the bulletins holding the query's words as words; when none does, the query's
//! syllables anywhere, which the results say ([`SearchResults::matching`]).
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
pub mod count;
pub mod evaluate;
pub mod exclusion;
pub mod export;
mod facets;
pub mod filters;
pub mod match_sets;
pub mod new_since;
pub mod newest;
pub mod parse;
pub mod plan;
pub mod query_words;
pub mod related;
pub mod rescore;
pub mod significant_words;
pub mod snippets;
pub mod stories;
pub mod story_facets;
pub mod suggest;
mod words_facet;
pub mod written;

use std::time::Instant;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur};
use tantivy::{DateTime, DocAddress, Order, TantivyDocument};

use crate::index::document::StoredBulletin;
use crate::index::schema::names;
use crate::index::stats::FacetCount;
use crate::index::{tantivy_error, BantinIndex, IndexError};
pub use filters::{Dimension, FilterError, FilterSpec, UNKNOWN};
pub use parse::ParseError;
pub use rescore::RankKeys;
pub use significant_words::{SignificantWord, WordSample};
pub use snippets::Snippet;
pub(crate) use words_facet::WordsCache;

/// How results are ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum SortOrder {
    Relevance,
    Newest,
    Oldest,
}

/// How the words of a query match.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Matching {
    /// A word of two syllables or more (`ma tuy`, `Tô Lâm`) matches only the bulletins that
    /// hold it as a word: its syllables together, in order, not across a word boundary.
    #[default]
    Words,
    /// Every syllable matches anywhere in a bulletin (`mà ... Tuy nhiên` for `ma tuy`).
    Syllables,
}

/// One search, as asked.
#[derive(Clone, Debug, serde::Serialize)]
pub struct SearchRequest {
    pub query: String,
    pub matching: Matching,
    pub filters: FilterSpec,
    /// `None`: relevance for a text query, newest first for filters alone.
    pub sort: Option<SortOrder>,
    pub limit: usize,
    pub offset: usize,
    pub snippets: usize,
    pub facets: bool,
    /// One hit per story, the best ranked ([`stories`]); false shows every copy.
    pub collapse: bool,
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
    /// The same ranges in UTF-16 code units, as JavaScript's strings count them.
    pub title_highlights_utf16: Vec<[usize; 2]>,
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
    /// The story of near-duplicate bulletins it belongs to, 16 hex digits; `None` in an
    /// index made before stories existed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// The story's bulletins that match the search, this one included.
    pub copies: usize,
}

/// One bulletin of the page, before its stored fields are read.
struct Ranked {
    score: Option<f32>,
    keys: Option<RankKeys>,
    address: DocAddress,
}

/// A corrected query and how many bulletins it matches (with the same filters).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct DidYouMean {
    pub query: String,
    pub total: usize,
}

/// What the province, unit and date facets count, their unknowns and the timeline
/// included.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Counted {
    /// The stories among the matches having each value ([`story_facets`]): what the hits,
    /// one per story, show.
    Stories,
    /// The matching bulletins, every copy of a story counted.
    #[default]
    Bulletins,
}

/// Counts per facet over every match: stories with the hits collapsed to one per story,
/// bulletins with every copy shown ([`Facets::counts`]).
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct Facets {
    /// What the counts of `province`, `unit`, `date` and `unknown` count: `stories` (the
    /// default, hits collapsed) or `bulletins`.
    pub counts: Counted,
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
    /// How many matches have no province, no unit, no date: the [`UNKNOWN`] value of each
    /// facet, counted as its values are.
    pub unknown: UnknownCounts,
    /// The matches' years and months with every filter applied, the date range included
    /// (`date` counts a filtered date as if it were not): what a chart over time draws.
    #[serde(skip)]
    pub timeline: Vec<FacetCount>,
}

/// The matches of a facet with no value in it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct UnknownCounts {
    pub province: u64,
    pub unit: u64,
    pub date: u64,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct SearchResults {
    pub total: usize,
    /// The stories the matches belong to: `total` with near-duplicates counted once.
    pub stories: usize,
    /// One hit per story ([`SearchRequest::collapse`]).
    pub collapsed: bool,
    /// How the query's words matched: as asked, or syllables anywhere when its words as
    /// words matched nothing.
    pub matching: Matching,
    /// The query's words of two syllables or more, as typed (`ma tuy`): with `words`
    /// matching, each matched where a bulletin holds it as a word. Empty when it has none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    /// With `words` matching, how many bulletins its syllables anywhere would count, when
    /// that differs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub syllables_total: Option<usize>,
    /// After falling back to syllables anywhere, how many the words counted: 0.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub words_total: Option<usize>,
    /// A correction of a mistyped query, from the index's own vocabulary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub did_you_mean: Option<DidYouMean>,
    /// With a date range, how many bulletins would match too but have no date, so the
    /// range leaves them out (`FilterSpec::undated` brings them in).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undated: Option<usize>,
    pub took_ms: f64,
    /// Milliseconds by stage (`parse`, `words`, `collect`, `broader`, `facets`, `hits`,
    /// `suggest`), in order: where `took_ms` went.
    #[serde(skip)]
    pub stages: Vec<(&'static str, f64)>,
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
         --to, --undated, --not-province, --not-unit) to list bulletins"
    )
}

/// Runs one search.
pub fn search(index: &BantinIndex, request: &SearchRequest) -> Result<SearchResults, SearchError> {
    let mut stages = Stages::start();
    let err = |source| tantivy_error(&index.path, source);
    let wanted = request
        .offset
        .checked_add(request.limit)
        .filter(|&wanted| wanted <= MAX_HITS)
        .ok_or(SearchError::TooDeep {
            offset: request.offset,
            limit: request.limit,
        })?;
    let searcher = index.searcher()?;
    let plan = plan::MatchPlan::timed(index, &searcher, request, &mut |stage| stages.mark(stage))?;
    let (parsed, builder, has_text, sort) = (&plan.parsed, &plan.builder, plan.has_text, plan.sort);
    let filters = &plan.filters;
    // The text query and every filter but `skipped`'s.
    let with_filters_but =
        |clauses: &[parse::Clause], skipped: Option<Dimension>| plan.query_but(clauses, skipped);
    let with_filters = |clauses: &[parse::Clause]| with_filters_but(clauses, None);
    let words = plan.words.clone();
    let mut matching = request.matching;
    let mut clauses = plan.clauses.clone();
    let has_words = query_words::has_joined(&clauses);
    stages.mark("words");
    let pass = Pass {
        index,
        searcher: &searcher,
        request,
        sort,
        wanted,
        builder,
    };
    let collect_with = |clauses: &[parse::Clause], base: &BooleanQuery| pass.collect(clauses, base);
    let mut collected = collect_with(&clauses, &with_filters(&clauses))?;
    stages.mark("collect");
    let (mut syllables_total, mut words_total) = (None, None);
    if has_words {
        // What syllables anywhere would count; all of it when the words count nothing.
        let broad = with_filters(parsed);
        let broad_total = searcher.search(&broad, &Count).map_err(err)?;
        if collected.total == 0 && broad_total > 0 && plan.words_held_nowhere(&searcher)? {
            matching = Matching::Syllables;
            words_total = Some(0);
            clauses = parsed.clone();
            collected = collect_with(parsed, &broad)?;
        } else if broad_total != collected.total {
            syllables_total = Some(broad_total);
        }
        stages.mark("broader");
    }
    let Collected {
        ranked,
        total,
        facet_fruit,
        stories,
    } = collected;
    let facets = match facet_fruit {
        Some((counts, matches)) => {
            let mut counted = facets::facets_from(index, counts, &stories, total as u64)?;
            counted.timeline = counted.date.clone();
            // A filtered facet lists what could be chosen instead: its counts are those of
            // the other filters alone.
            for dimension in facets::DIMENSIONS {
                if filters.narrows(dimension) {
                    let query = with_filters_but(&clauses, Some(dimension));
                    let (list, unknown) = facets::count_one_facet(
                        index,
                        &searcher,
                        &query,
                        dimension,
                        request.collapse,
                    )?;
                    counted.set(dimension, list, unknown);
                }
            }
            let holding_words = matching == Matching::Words && has_words;
            let words = words_facet::words_facet(
                index,
                &searcher,
                request,
                builder,
                &clauses,
                matches,
                holding_words,
            )?;
            stages.mark("facets");
            Some(Facets {
                words: words.words,
                names: words.names,
                words_sample: words.sample,
                ..counted
            })
        }
        None => None,
    };
    let undated = match filters.undated_left_out() {
        Some(undated) => {
            let mut query = with_filters_but(&clauses, Some(Dimension::Date));
            query = BooleanQuery::new(vec![(Occur::Must, Box::new(query)), (Occur::Must, undated)]);
            Some(searcher.search(&query, &Count).map_err(err)?)
        }
        None => None,
    };
    let hits = read_hits(
        index, &searcher, request, &clauses, ranked, has_text, &stories,
    )?;
    stages.mark("hits");
    let did_you_mean =
        match suggest::suggest(&searcher, index.fields.text, &request.query, &clauses) {
            Some(suggestion) => {
                let corrected = parse::parse_query(&suggestion.query)?;
                let corrected = matched_clauses(index, &searcher, corrected, request.matching);
                let total = searcher
                    .search(&with_filters(&corrected), &Count)
                    .map_err(err)?;
                (total > 0).then_some(DidYouMean {
                    query: suggestion.query,
                    total,
                })
            }
            None => None,
        };
    stages.mark("suggest");
    Ok(SearchResults {
        total,
        stories: stories.stories(),
        collapsed: request.collapse,
        matching,
        words,
        syllables_total,
        words_total,
        did_you_mean,
        undated,
        took_ms: stages.total_ms(),
        stages: stages.times,
        sort,
        offset: request.offset,
        hits,
        facets,
    })
}

/// `parsed` with its words joined where the index holds them as words.
fn join_words(
    index: &BantinIndex,
    searcher: &tantivy::Searcher,
    parsed: &[parse::Clause],
) -> Vec<parse::Clause> {
    query_words::join_words(
        parsed,
        &query_words::IndexHeld::new(searcher, index.fields.text),
    )
}

/// The clauses a search matches with: `parsed` with its words joined, or as parsed when
/// syllables anywhere were asked for.
fn matched_clauses(
    index: &BantinIndex,
    searcher: &tantivy::Searcher,
    parsed: Vec<parse::Clause>,
    matching: Matching,
) -> Vec<parse::Clause> {
    match matching {
        Matching::Words => join_words(index, searcher, &parsed),
        Matching::Syllables => parsed,
    }
}

/// How long each stage of a search took, for `bantin bench query`.
struct Stages {
    started: Instant,
    last: Instant,
    times: Vec<(&'static str, f64)>,
}

impl Stages {
    fn start() -> Stages {
        let now = Instant::now();
        Stages {
            started: now,
            last: now,
            times: Vec::new(),
        }
    }

    /// The stage `name` ends now.
    fn mark(&mut self, name: &'static str) {
        let now = Instant::now();
        self.times
            .push((name, (now - self.last).as_secs_f64() * 1000.0));
        self.last = now;
    }

    fn total_ms(&self) -> f64 {
        self.started.elapsed().as_secs_f64() * 1000.0
    }
}

/// The page's bulletins, read from the store, with their highlights and snippets.
fn read_hits(
    index: &BantinIndex,
    searcher: &tantivy::Searcher,
    request: &SearchRequest,
    clauses: &[parse::Clause],
    ranked: Vec<Ranked>,
    has_text: bool,
    stories: &stories::StoryCounts,
) -> Result<Vec<Hit>, SearchError> {
    let highlighter =
        snippets::Highlighter::from_clauses(clauses, crate::text::has_diacritics(&request.query));
    let mut hits = Vec::with_capacity(ranked.len());
    let mut story_of = stories::Stories::new(searcher);
    for (position, ranked) in ranked.into_iter().enumerate() {
        let doc: TantivyDocument = searcher
            .doc(ranked.address)
            .map_err(|source| tantivy_error(&index.path, source))?;
        let stored = StoredBulletin::from_document(&doc, &index.fields);
        let story = story_of
            .of(ranked.address)
            .map_err(|source| tantivy_error(&index.path, source))?;
        let (title_highlights, snippets) =
            highlighter.bulletin(&stored.title, &stored.body, request.snippets);
        hits.push(Hit {
            rank: request.offset + position + 1,
            title_highlights_utf16: snippets::utf16_ranges(&stored.title, &title_highlights),
            title_highlights,
            snippets,
            id: stored.id,
            title: stored.title,
            date: stored.date,
            date_precision: stored.date_precision,
            province: stored.province,
            provinces: stored.provinces,
            unit: stored.unit,
            url: stored.url,
            score: ranked.score.filter(|_| has_text),
            ranking: ranked.keys.filter(|_| has_text),
            story: story.map(|story| format!("{story:016x}")),
            copies: stories.copies(story),
        });
    }
    Ok(hits)
}

/// What a search for `query` highlights in a bulletin: its words as words (or its
/// syllables, with `Matching::Syllables`), phrases and abbreviations.
pub fn query_highlighter(
    index: &BantinIndex,
    query: &str,
    matching: Matching,
) -> Result<snippets::Highlighter, SearchError> {
    let parsed = parse::parse_query(query)?;
    let clauses = matched_clauses(index, &index.searcher()?, parsed, matching);
    Ok(snippets::Highlighter::from_clauses(
        &clauses,
        crate::text::has_diacritics(query),
    ))
}

/// Every bulletin `query` matches (no filters), by id, and the matching used: the set
/// whose size `search` reports as the total, for measuring it against labels.
pub fn matching_ids(
    index: &BantinIndex,
    query: &str,
    matching: Matching,
) -> Result<(Matching, std::collections::HashSet<String>), SearchError> {
    let err = |source| tantivy_error(&index.path, source);
    let parsed = parse::parse_query(query)?;
    let searcher = index.searcher()?;
    let builder = build::QueryBuilder::new(&index.fields, query);
    let joined = matched_clauses(index, &searcher, parsed.clone(), matching);
    let Some(text_query) = builder.build(&joined) else {
        return Err(SearchError::NothingToSearch {
            query: query.to_owned(),
        });
    };
    let mut found = searcher
        .search(&text_query, &tantivy::collector::DocSetCollector)
        .map_err(err)?;
    let mut used = matching;
    if found.is_empty() && query_words::has_joined(&joined) {
        if let Some(broad) = builder.build(&parsed) {
            used = Matching::Syllables;
            found = searcher
                .search(&broad, &tantivy::collector::DocSetCollector)
                .map_err(err)?;
        }
    }
    let mut ids = std::collections::HashSet::with_capacity(found.len());
    let mut id = String::new();
    for address in found {
        let reader = searcher.segment_reader(address.segment_ord);
        let Some(column) = reader.fast_fields().str(names::ID).map_err(err)? else {
            continue;
        };
        let first = column.term_ords(address.doc_id).next();
        if let Some(ord) = first {
            id.clear();
            column.ord_to_str(ord, &mut id).map_err(|e| err(e.into()))?;
            ids.insert(id.clone());
        }
    }
    Ok((used, ids))
}

/// The page of a search and what was counted on the way.
struct Collected {
    ranked: Vec<Ranked>,
    total: usize,
    facet_fruit: Option<(facets::FacetTally, Vec<significant_words::SegmentMatches>)>,
    stories: stories::StoryCounts,
}

/// What a pass over the matches needs besides the query: the search asked for, its order
/// and depth.
struct Pass<'a> {
    index: &'a BantinIndex,
    searcher: &'a tantivy::Searcher,
    request: &'a SearchRequest,
    sort: SortOrder,
    /// `offset + limit`.
    wanted: usize,
    builder: &'a build::QueryBuilder<'a>,
}

impl Pass<'_> {
    /// One pass over the matches of `base_query` (built from `clauses`): the page in the
    /// order asked for, the total, and with facets their counts and the matches.
    fn collect(
        &self,
        clauses: &[parse::Clause],
        base_query: &BooleanQuery,
    ) -> Result<Collected, SearchError> {
        let Pass {
            index,
            searcher,
            request,
            sort,
            wanted,
            builder,
        } = *self;
        let err = |source| tantivy_error(&index.path, source);
        // Facets are counted in the same pass over the matches as the ranking.
        let facet_collectors = request.facets.then(|| {
            (
                facets::facet_counters(index, request.collapse),
                significant_words::MatchingDocs,
            )
        });
        match sort {
            SortOrder::Relevance => {
                let mut depth = wanted.max(RESCORE_WINDOW);
                let window = TopDocs::with_limit(depth).order_by_score();
                let collectors = (window, Count, facet_collectors, stories::CountStories);
                let (mut top, total, facet_fruit, story_counts) =
                    searcher.search(base_query, &collectors).map_err(err)?;
                let boosts = builder.boosts(clauses);
                let rank = |mut top: Vec<(f32, DocAddress)>| {
                    // The window is the same for every page; deeper matches keep the base order.
                    let beyond = top.split_off(top.len().min(RESCORE_WINDOW));
                    let rescored = rescore::rescore(searcher, &boosts, top).map_err(err)?;
                    let ranked: Vec<_> = rescored
                        .into_iter()
                        .map(|(score, address, keys)| (score, address, Some(keys)))
                        .chain(
                            beyond
                                .into_iter()
                                .map(|(score, address)| (score, address, None)),
                        )
                        .collect();
                    if !request.collapse {
                        return Ok(ranked);
                    }
                    stories::first_of_each(searcher, ranked, |hit| hit.1).map_err(err)
                };
                let mut ranked = rank(std::mem::take(&mut top))?;
                while let Some(deeper) = stories::deeper(wanted, depth, ranked.len(), total) {
                    depth = deeper;
                    let window = TopDocs::with_limit(depth).order_by_score();
                    ranked = rank(searcher.search(base_query, &window).map_err(err)?)?;
                }
                let ranked = ranked
                    .into_iter()
                    .skip(request.offset)
                    .take(request.limit)
                    .map(|(score, address, keys)| Ranked {
                        score: Some(score),
                        keys,
                        address,
                    })
                    .collect();
                Ok(Collected {
                    ranked,
                    total,
                    facet_fruit,
                    stories: story_counts,
                })
            }
            SortOrder::Newest | SortOrder::Oldest => {
                let order = if sort == SortOrder::Newest {
                    Order::Desc
                } else {
                    Order::Asc
                };
                // Collapsed, the page is cut from the stories of the first `depth` matches.
                let by_date = |depth: usize| {
                    let (limit, offset) = if request.collapse {
                        (depth, 0)
                    } else {
                        (request.limit.max(1), request.offset)
                    };
                    TopDocs::with_limit(limit)
                        .and_offset(offset)
                        .order_by_fast_field::<DateTime>(names::DATE, order)
                };
                let mut depth = wanted.max(1);
                let collectors = (
                    by_date(depth),
                    Count,
                    facet_collectors,
                    stories::CountStories,
                );
                let (mut top, total, facet_fruit, story_counts) =
                    searcher.search(base_query, &collectors).map_err(err)?;
                if request.collapse {
                    top = stories::first_of_each(searcher, top, |hit| hit.1).map_err(err)?;
                    while let Some(deeper) = stories::deeper(wanted, depth, top.len(), total) {
                        depth = deeper;
                        let found = searcher.search(base_query, &by_date(depth)).map_err(err)?;
                        top = stories::first_of_each(searcher, found, |hit| hit.1).map_err(err)?;
                    }
                    top.drain(..request.offset.min(top.len()));
                }
                let ranked = top
                    .into_iter()
                    .map(|(_, address)| Ranked {
                        score: None,
                        keys: None,
                        address,
                    })
                    .take(request.limit)
                    .collect();
                Ok(Collected {
                    ranked,
                    total,
                    facet_fruit,
                    stories: story_counts,
                })
            }
        }
    }
}

/// How many of the best base-query matches get the exact-accent and proximity boosts.
pub const RESCORE_WINDOW: usize = 200;
