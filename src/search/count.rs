//! Counting the matches of a search by month, year, province or unit, or by several at
//! once (`month` × `province`): a table over the same set `search` counts.
//!
//! One pass over the matches reads each bulletin's facet ordinals from the fast fields, so
//! nothing is read from the store and memory grows with the number of rows, not of matches.

use std::collections::HashMap;

use tantivy::query::{EnableScoring, Query};
use tantivy::schema::Facet;
use tantivy::Searcher;

use super::plan::MatchPlan;
use super::{Matching, SearchError, SearchRequest};
use crate::index::schema::names;
use crate::index::{tantivy_error, BantinIndex};

/// What a count groups by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum CountBy {
    /// `2024-07`; a bulletin dated to the year only counts under `2024`.
    Month,
    Year,
    /// Today's province of the issuing force.
    Province,
    /// The acting unit, its whole path (`Công an tỉnh Nghệ An / Phòng CSGT`).
    Unit,
}

impl CountBy {
    pub fn name(self) -> &'static str {
        match self {
            CountBy::Month => "month",
            CountBy::Year => "year",
            CountBy::Province => "province",
            CountBy::Unit => "unit",
        }
    }

    fn facet_field(self) -> &'static str {
        match self {
            CountBy::Month | CountBy::Year => names::MONTH,
            CountBy::Province => names::PROVINCE,
            CountBy::Unit => names::UNIT,
        }
    }

    /// Months and years in calendar order; provinces and units most frequent first.
    fn is_time(self) -> bool {
        matches!(self, CountBy::Month | CountBy::Year)
    }

    /// The value a stored facet gives: `/2024/07` is `2024-07` by month and `2024` by year.
    fn value(self, facet: &Facet) -> String {
        let path = facet.to_path();
        match self {
            CountBy::Month => path.join("-"),
            CountBy::Year | CountBy::Province => {
                path.first().map(|s| (*s).to_owned()).unwrap_or_default()
            }
            CountBy::Unit => path.join(" / "),
        }
    }
}

/// One row: a value per dimension (`None`: the bulletins have none, an unknown date,
/// province or unit) and how many matches have them.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct CountRow {
    pub values: Vec<Option<String>>,
    pub count: u64,
}

/// The counts of a search's matches.
#[derive(Clone, Debug, serde::Serialize)]
pub struct CountTable {
    pub by: Vec<CountBy>,
    /// Every match: the sum of the rows' counts.
    pub total: usize,
    pub matching: Matching,
    /// The query's words matched nothing as words: these are its syllables anywhere.
    pub fell_back: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub words: Vec<String>,
    pub rows: Vec<CountRow>,
}

/// Counts the matches of `request` (its page, sort, snippets and facets do not apply) by
/// every dimension of `by` at once.
pub fn count(
    index: &BantinIndex,
    request: &SearchRequest,
    by: &[CountBy],
) -> Result<CountTable, SearchError> {
    let searcher = index.searcher()?;
    let matches = MatchPlan::new(index, &searcher, request)?.resolve(index, &searcher)?;
    let counts = count_values(&searcher, &matches.query, by)
        .map_err(|source| tantivy_error(&index.path, source))?;
    Ok(CountTable {
        by: by.to_vec(),
        total: matches.total,
        matching: matches.matching,
        fell_back: matches.fell_back,
        words: matches.words,
        rows: ordered_rows(counts, by),
    })
}

type Values = Vec<Option<String>>;

/// One pass over the matches: per segment, counts by facet ordinals; then the ordinals
/// made values and merged.
fn count_values(
    searcher: &Searcher,
    query: &dyn Query,
    by: &[CountBy],
) -> tantivy::Result<HashMap<Values, u64>> {
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut merged: HashMap<Values, u64> = HashMap::new();
    for reader in searcher.segment_readers() {
        let facets = by
            .iter()
            .map(|dimension| reader.facet_reader(dimension.facet_field()))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let alive = reader.alive_bitset();
        let mut by_ords: HashMap<Vec<Option<u64>>, u64> = HashMap::new();
        let mut key = Vec::with_capacity(by.len());
        weight.for_each_no_score(reader, &mut |docs| {
            for &doc in docs {
                if alive.is_some_and(|bits| !bits.is_alive(doc)) {
                    continue;
                }
                key.clear();
                key.extend(facets.iter().map(|f| f.facet_ords(doc).next()));
                *by_ords.entry(key.clone()).or_default() += 1;
            }
        })?;
        let mut facet = Facet::root();
        for (ords, count) in by_ords {
            let mut values = Vec::with_capacity(by.len());
            for ((dimension, reader), ord) in by.iter().zip(&facets).zip(ords) {
                values.push(match ord {
                    Some(ord) => {
                        reader.facet_from_ord(ord, &mut facet)?;
                        Some(dimension.value(&facet))
                    }
                    None => None,
                });
            }
            *merged.entry(values).or_default() += count;
        }
    }
    Ok(merged)
}

/// Rows in order of the first dimension, then the next: times oldest first, provinces and
/// units by how many matches they have in all, unknown values last.
fn ordered_rows(counts: HashMap<Values, u64>, by: &[CountBy]) -> Vec<CountRow> {
    let mut totals: Vec<HashMap<String, u64>> = vec![HashMap::new(); by.len()];
    for (values, count) in &counts {
        for (total, value) in totals.iter_mut().zip(values) {
            if let Some(value) = value {
                *total.entry(value.clone()).or_default() += count;
            }
        }
    }
    let mut rows: Vec<CountRow> = counts
        .into_iter()
        .map(|(values, count)| CountRow { values, count })
        .collect();
    rows.sort_by(|a, b| {
        for (at, dimension) in by.iter().enumerate() {
            let order = match (&a.values[at], &b.values[at]) {
                (None, None) => std::cmp::Ordering::Equal,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (Some(_), None) => std::cmp::Ordering::Less,
                (Some(x), Some(y)) if dimension.is_time() => x.cmp(y),
                (Some(x), Some(y)) => totals[at][y].cmp(&totals[at][x]).then(x.cmp(y)),
            };
            if order.is_ne() {
                return order;
            }
        }
        std::cmp::Ordering::Equal
    });
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(values: &[Option<&str>], count: u64) -> (Values, u64) {
        (values.iter().map(|v| v.map(str::to_owned)).collect(), count)
    }

    #[test]
    fn months_run_oldest_first_and_provinces_most_frequent_first_unknowns_last() {
        let counts: HashMap<Values, u64> = [
            row(&[Some("2024-02"), Some("Huế")], 1),
            row(&[None, Some("Nghệ An")], 4),
            row(&[Some("2023-11"), None], 2),
            row(&[Some("2024-02"), Some("Nghệ An")], 3),
            row(&[Some("2023-11"), Some("Huế")], 1),
        ]
        .into_iter()
        .collect();
        let rows = ordered_rows(counts, &[CountBy::Month, CountBy::Province]);
        let shown: Vec<(Option<&str>, Option<&str>, u64)> = rows
            .iter()
            .map(|r| (r.values[0].as_deref(), r.values[1].as_deref(), r.count))
            .collect();
        assert_eq!(
            shown,
            [
                (Some("2023-11"), Some("Huế"), 1),
                (Some("2023-11"), None, 2),
                (Some("2024-02"), Some("Nghệ An"), 3),
                (Some("2024-02"), Some("Huế"), 1),
                (None, Some("Nghệ An"), 4),
            ]
        );
    }

    #[test]
    fn a_facet_gives_the_value_of_each_dimension() {
        let month = Facet::from_path(["2024", "07"]);
        assert_eq!(CountBy::Month.value(&month), "2024-07");
        assert_eq!(CountBy::Year.value(&month), "2024");
        assert_eq!(CountBy::Month.value(&Facet::from_path(["2019"])), "2019");
        let province = Facet::from_path(["Hưng Yên", "Thái Bình"]);
        assert_eq!(CountBy::Province.value(&province), "Hưng Yên");
        let unit = Facet::from_path(["Công an tỉnh Nghệ An", "Phòng CSGT"]);
        assert_eq!(
            CountBy::Unit.value(&unit),
            "Công an tỉnh Nghệ An / Phòng CSGT"
        );
    }
}
