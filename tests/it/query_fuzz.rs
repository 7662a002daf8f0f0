//! Hostile queries: the query parser and `search()` never panic, whatever is typed, and
//! what they return holds together (ranks, page sizes, highlight ranges).
//!
//! 5,000 random searches by default (operators, quotes, nesting, huge numbers, unicode,
//! random text); `BANTIN_FUZZ_CASES` asks for more (`.ci/run` runs a longer pass).

use std::sync::OnceLock;

use bantin::index::BantinIndex;
use bantin::search::{parse::parse_query, search, FilterSpec, SearchError, SearchRequest};
use proptest::prelude::*;
use proptest::strategy::ValueTree;

use crate::common::Fixture;

fn cases() -> u32 {
    std::env::var("BANTIN_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(5_000)
}

/// The sample bulletins, indexed once for every case.
fn index() -> &'static BantinIndex {
    static INDEX: OnceLock<(Fixture, BantinIndex)> = OnceLock::new();
    &INDEX
        .get_or_init(|| {
            let fixture = Fixture::samples();
            let index = BantinIndex::open(&fixture.index).expect("index opens");
            (fixture, index)
        })
        .1
}

const WORDS: &[&str] = &[
    "ma",
    "túy",
    "tuy",
    "ma túy",
    "MA TUÝ",
    "an",
    "ninh",
    "trật tự",
    "ANTT",
    "TTATGT",
    "cướp",
    "trộm",
    "xe",
    "đường",
    "Dương",
    "Thanh Hoá",
    "công an",
    "12-NQ/TW",
    "10:30",
    "đ",
    "Đ",
];

const OPERATORS: &[&str] = &[
    "OR",
    "AND",
    "or",
    "+",
    "-",
    "--",
    "(",
    ")",
    "\"",
    "title:",
    "body:",
    "tittle:",
    "http://x.vn/a?b=c",
    "*",
    "?",
    "~",
    "^2",
    ":",
];

const HOSTILE: &[&str] = &[
    "((",
    "))",
    "\"\"",
    "🚓",
    "\u{301}",
    "\u{202E}",
    "\u{0}",
    "\t",
    "\n",
    "ß",
    "İ",
    "ǅ",
    "ﬁ",
    "18446744073709551616",
    "4294967296",
    "-1",
    "1e309",
    "NaN",
];

fn piece() -> impl Strategy<Value = String> {
    let one_of =
        |list: &'static [&'static str]| proptest::sample::select(list).prop_map(str::to_owned);
    prop_oneof![
        24 => one_of(WORDS),
        6 => one_of(OPERATORS),
        3 => one_of(HOSTILE),
        1 => any::<String>().prop_map(|s| s.chars().take(12).collect()),
        1 => (1usize..60).prop_map(|n| "(".repeat(n)),
        1 => (1usize..60).prop_map(|n| ")".repeat(n)),
        1 => (190usize..320).prop_map(|n| "x".repeat(n)),
    ]
}

fn query() -> impl Strategy<Value = String> {
    let gap = proptest::sample::select(&[" ", " ", " ", "", "  "][..]);
    proptest::collection::vec((piece(), gap), 0..5)
        .prop_map(|parts| parts.into_iter().map(|(piece, gap)| piece + gap).collect())
}

fn count() -> impl Strategy<Value = usize> {
    prop_oneof![
        16 => 0usize..40,
        1 => 190usize..260,
        1 => proptest::sample::select(&[usize::MAX, usize::MAX / 2, 4_294_967_296, 10_000][..]),
    ]
}

fn filter() -> impl Strategy<Value = Option<String>> {
    proptest::option::weighted(
        0.2,
        proptest::sample::select(&["2024", "2023-07", "abc", "99999999999", "", "🚓"][..])
            .prop_map(str::to_owned),
    )
}

fn request() -> impl Strategy<Value = SearchRequest> {
    (
        query(),
        (count(), count(), 0usize..4, any::<bool>()),
        (filter(), proptest::option::of(0u8..3), any::<bool>()),
    )
        .prop_map(
            |(query, (limit, offset, snippets, facets), (year, sort, syllables))| {
                use bantin::search::{Matching, SortOrder};
                SearchRequest {
                    query,
                    matching: if syllables {
                        Matching::Syllables
                    } else {
                        Matching::Words
                    },
                    filters: FilterSpec {
                        year,
                        ..FilterSpec::default()
                    },
                    sort: sort.map(|s| match s {
                        0 => SortOrder::Relevance,
                        1 => SortOrder::Newest,
                        _ => SortOrder::Oldest,
                    }),
                    limit,
                    offset,
                    snippets,
                    facets,
                    collapse: limit % 2 == 0,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn parsing_any_text_never_panics(text in any::<String>()) {
        let _ = parse_query(&text);
    }

    #[test]
    fn searching_never_panics_and_results_hold_together(request in request()) {
        match search(index(), &request) {
            Ok(results) => {
                prop_assert!(results.hits.len() <= request.limit);
                prop_assert!(results.hits.len() <= results.total);
                for (at, hit) in results.hits.iter().enumerate() {
                    prop_assert_eq!(hit.rank, request.offset + at + 1);
                    for &[start, end] in &hit.title_highlights {
                        prop_assert!(start < end && hit.title.get(start..end).is_some());
                    }
                    prop_assert!(hit.snippets.len() <= request.snippets.max(1));
                    for snippet in &hit.snippets {
                        for &[start, end] in &snippet.highlights {
                            prop_assert!(start < end && snippet.text.get(start..end).is_some());
                        }
                    }
                }
            }
            Err(
                SearchError::Query(_)
                | SearchError::NothingToSearch { .. }
                | SearchError::TooDeep { .. }
                | SearchError::Filter(_),
            ) => {}
            Err(other) => prop_assert!(false, "unexpected error for {:?}: {}", request.query, other),
        }
    }
}

#[test]
fn the_random_queries_reach_every_outcome() {
    // The generator is worth its cases only if it produces hits, syntax errors, empty
    // queries and out-of-range pages alike.
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = request();
    let (mut hits, mut syntax, mut nothing, mut deep) = (0, 0, 0, 0);
    for _ in 0..500 {
        let request = strategy.new_tree(&mut runner).expect("a request").current();
        match search(index(), &request) {
            Ok(results) if results.total > 0 => hits += 1,
            Err(SearchError::Query(_)) => syntax += 1,
            Err(SearchError::NothingToSearch { .. }) => nothing += 1,
            Err(SearchError::TooDeep { .. }) => deep += 1,
            _ => {}
        }
    }
    assert!(
        hits > 20 && syntax > 20 && nothing > 5 && deep > 5,
        "hits {hits}, syntax errors {syntax}, nothing searchable {nothing}, too deep {deep}"
    );
}
