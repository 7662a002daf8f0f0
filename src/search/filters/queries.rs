//! The filters as queries: each value a query that adds no score, alternatives within a
//! facet, every facet to hold, [`super::UNKNOWN`] as the bulletins with no value, dates as
//! whole periods held within what the index can store.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DateTime, Term};

use super::names::{province_facet, unit_facets};
use super::spec::{is_unknown, Dimension, FilterError, FilterSpec};
use crate::bulletin::date_field::parse_filter_date;
use crate::bulletin::BulletinDate;
use crate::index::BantinIndex;

/// The filters of a search as queries, one per facet asked for, each adding no score.
#[derive(Default)]
pub struct FilterQueries {
    province: Option<Box<dyn Query>>,
    unit: Option<Box<dyn Query>>,
    date: Option<Box<dyn Query>>,
    /// The bulletins with no date, for counting what a date range leaves out.
    undated: Option<Box<dyn Query>>,
    /// The bulletins ingested since a time: no facet's, so never skipped.
    ingested: Option<Box<dyn Query>>,
}

impl FilterQueries {
    /// Every filter's query.
    pub fn all(&self) -> impl Iterator<Item = Box<dyn Query>> + '_ {
        self.except(None)
    }

    /// Every filter's query but the one of `skipped`: its facet's counts are those of the
    /// values a reader could choose instead.
    pub fn except(&self, skipped: Option<Dimension>) -> impl Iterator<Item = Box<dyn Query>> + '_ {
        [
            (Dimension::Province, &self.province),
            (Dimension::Unit, &self.unit),
            (Dimension::Date, &self.date),
        ]
        .into_iter()
        .filter(move |(dimension, _)| Some(*dimension) != skipped)
        .filter_map(|(_, query)| query.as_ref().map(|q| q.box_clone()))
        .chain(self.ingested.as_ref().map(|q| q.box_clone()))
    }

    /// Whether the filter of `dimension` is asked for.
    pub fn narrows(&self, dimension: Dimension) -> bool {
        match dimension {
            Dimension::Province => self.province.is_some(),
            Dimension::Unit => self.unit.is_some(),
            Dimension::Date => self.date.is_some(),
        }
    }

    /// The bulletins with no date, when a date range leaves them out.
    pub fn undated_left_out(&self) -> Option<Box<dyn Query>> {
        self.undated.as_ref().map(|q| q.box_clone())
    }
}

/// Resolves the filters into queries (to be ANDed with the text query).
pub fn filter_queries(
    spec: &FilterSpec,
    index: &BantinIndex,
) -> Result<FilterQueries, FilterError> {
    let fields = &index.fields;
    let lists = [
        ("--province", &spec.province),
        ("--not-province", &spec.not_province),
        ("--unit", &spec.unit),
        ("--not-unit", &spec.not_unit),
    ];
    let dates = [
        ("--from", &spec.from),
        ("--to", &spec.to),
        ("--year", &spec.year),
    ];
    let blank = lists
        .iter()
        .find(|(_, values)| values.iter().any(|v| v.trim().is_empty()))
        .map(|(flag, _)| *flag)
        .or_else(|| {
            dates
                .iter()
                .find(|(_, value)| value.as_deref().is_some_and(|v| v.trim().is_empty()))
                .map(|(flag, _)| *flag)
        });
    if let Some(flag) = blank {
        return Err(FilterError::Empty { flag });
    }
    let province_value = |flag: &'static str, name: &str| -> Result<Box<dyn Query>, FilterError> {
        if is_unknown(name) {
            return Ok(missing(index, fields.province));
        }
        Ok(facet_query(fields.province, &province_facet(flag, name)?))
    };
    let unit_value = |flag: &'static str, name: &str| -> Result<Box<dyn Query>, FilterError> {
        if is_unknown(name) {
            return Ok(missing(index, fields.unit));
        }
        let facets = unit_facets(flag, name, fields.unit, index)?;
        Ok(any_of(
            facets.iter().map(|f| facet_query(fields.unit, f)).collect(),
        ))
    };
    let province = one_facet(
        &spec.province,
        &spec.not_province,
        |name| province_value("--province", name),
        |name| province_value("--not-province", name),
    )?;
    let unit = one_facet(
        &spec.unit,
        &spec.not_unit,
        |name| unit_value("--unit", name),
        |name| unit_value("--not-unit", name),
    )?;
    let range = date_range(spec)?
        .map(|range| -> Box<dyn Query> { Box::new(range_query(fields.date, range)) });
    let undated = || missing(index, fields.month);
    let date = match (range, spec.undated) {
        (None, false) => None,
        (None, true) => Some(undated()),
        (Some(range), false) => Some(range),
        (Some(range), true) => Some(any_of(vec![range, undated()])),
    };
    let ingested = spec
        .new_since
        .as_deref()
        .map(|since| crate::search::new_since::new_since_query(since, index))
        .transpose()?;
    Ok(FilterQueries {
        ingested: ingested.map(no_score),
        province: province.map(no_score),
        unit: unit.map(no_score),
        undated: (date.is_some() && !spec.undated).then(|| no_score(undated())),
        date: date.map(no_score),
    })
}

/// The query of one facet's filter: any of `wanted`, none of `unwanted`; `None` when
/// neither is given.
fn one_facet(
    wanted: &[String],
    unwanted: &[String],
    include: impl Fn(&str) -> Result<Box<dyn Query>, FilterError>,
    exclude: impl Fn(&str) -> Result<Box<dyn Query>, FilterError>,
) -> Result<Option<Box<dyn Query>>, FilterError> {
    if wanted.is_empty() && unwanted.is_empty() {
        return Ok(None);
    }
    let wanted: Vec<Box<dyn Query>> = wanted
        .iter()
        .map(|name| include(name))
        .collect::<Result<_, _>>()?;
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    // A query of exclusions alone matches nothing: they are taken from every bulletin.
    clauses.push(if wanted.is_empty() {
        (Occur::Must, Box::new(AllQuery))
    } else {
        (Occur::Must, any_of(wanted))
    });
    for name in unwanted {
        clauses.push((Occur::MustNot, exclude(name)?));
    }
    Ok(Some(Box::new(BooleanQuery::new(clauses))))
}

/// Matches any of `queries`.
fn any_of(mut queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    if queries.len() == 1 {
        return queries.remove(0);
    }
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

/// The bulletins with no value in the facet `field`: none of its top-level values.
fn missing(index: &BantinIndex, field: Field) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, Box::new(AllQuery))];
    clauses.extend(
        index
            .top_level_facets(field)
            .iter()
            .map(|facet| (Occur::MustNot, facet_query(field, facet))),
    );
    Box::new(BooleanQuery::new(clauses))
}

fn no_score(query: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, 0.0))
}

fn facet_query(field: Field, facet: &Facet) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(field, facet),
        IndexRecordOption::Basic,
    ))
}

/// Lower and upper bounds of a date filter, in Unix seconds.
type SecondsRange = (Bound<i64>, Bound<i64>);

/// Inclusive bounds of `--year` or `--from`/`--to`.
pub(super) fn date_range(spec: &FilterSpec) -> Result<Option<SecondsRange>, FilterError> {
    let parse =
        |flag: &'static str, value: &Option<String>| -> Result<Option<BulletinDate>, FilterError> {
            value
                .as_deref()
                .map(|v| {
                    parse_filter_date(v).ok_or_else(|| FilterError::BadDate {
                        flag,
                        value: v.to_owned(),
                    })
                })
                .transpose()
        };
    let year = parse("--year", &spec.year)?;
    let from = parse("--from", &spec.from)?.or(year);
    let to = parse("--to", &spec.to)?.or(year);
    if let (Some(from), Some(to)) = (from, to) {
        if from.unix_seconds() > to.last_day().unix_seconds() {
            return Err(FilterError::EmptyRange {
                from: from.to_string(),
                to: to.to_string(),
            });
        }
    }
    if from.is_none() && to.is_none() {
        return Ok(None);
    }
    let lower = from.map_or(Bound::Unbounded, |d| Bound::Included(d.unix_seconds()));
    let upper = to.map_or(Bound::Unbounded, |d| {
        Bound::Included(d.last_day().unix_seconds())
    });
    Ok(Some((lower, upper)))
}

/// The dates the index can hold: nanoseconds since 1970 in an `i64`, 1677-09-21 to
/// 2262-04-11. A bound beyond them is held at their edge, never wrapped around: `--from
/// 3000` finds nothing, `--to 2263` and `--from 1600` every dated bulletin.
pub(in crate::search) const DATE_SECONDS: std::ops::RangeInclusive<i64> =
    (i64::MIN / 1_000_000_000)..=(i64::MAX / 1_000_000_000);

fn range_query(field: Field, (lower, upper): SecondsRange) -> RangeQuery {
    let term = |secs: i64| {
        let held = secs.clamp(*DATE_SECONDS.start(), *DATE_SECONDS.end());
        Term::from_field_date_for_search(field, DateTime::from_timestamp_secs(held))
    };
    RangeQuery::new(lower.map(term), upper.map(term))
}
