//! Filters: province (either level of the tree), unit, and date range. Each becomes a
//! query that adds no score; an unknown name is an error listing the closest known ones.

use std::ops::Bound;

use tantivy::query::{ConstScoreQuery, Query, RangeQuery, TermQuery};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DateTime, Term};

use crate::bulletin::unit::{canonical_department_folded, canonical_unit_name};
use crate::bulletin::{BulletinDate, ProvinceGazetteer};
use crate::index::BantinIndex;
use crate::text::{edit_distance, fold_words};

/// A filter the user asked for that cannot be applied.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FilterError {
    #[error("{flag} is empty: give a value or leave the option out")]
    Empty { flag: &'static str },
    #[error("--province {name:?} is not a province; closest: {suggestions}")]
    UnknownProvince { name: String, suggestions: String },
    #[error("--unit {name:?} matches no unit in the index; closest: {suggestions}")]
    UnknownUnit { name: String, suggestions: String },
    #[error("{flag} {value:?} is not a date: use YYYY, YYYY-MM or YYYY-MM-DD")]
    BadDate { flag: &'static str, value: String },
    #[error("--from {from} is after --to {to}")]
    EmptyRange { from: String, to: String },
    #[error(transparent)]
    NewSince(#[from] super::new_since::NewSinceError),
}

/// What to filter on, as typed.
#[derive(Clone, Debug, Default)]
pub struct FilterSpec {
    pub province: Option<String>,
    pub unit: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub year: Option<String>,
    /// `last` or a time: only the bulletins ingested since then ([`super::new_since`]).
    pub new_since: Option<String>,
}

impl FilterSpec {
    /// No filter asked for.
    pub fn is_empty(&self) -> bool {
        [&self.province, &self.unit, &self.from, &self.to, &self.year]
            .iter()
            .all(|value| value.is_none())
            && self.new_since.is_none()
    }
}

/// Resolves the filters into queries (to be ANDed with the text query).
pub fn filter_queries(
    spec: &FilterSpec,
    index: &BantinIndex,
) -> Result<Vec<Box<dyn Query>>, FilterError> {
    let fields = &index.fields;
    let given = [
        ("--province", &spec.province),
        ("--unit", &spec.unit),
        ("--from", &spec.from),
        ("--to", &spec.to),
        ("--year", &spec.year),
    ];
    if let Some((flag, _)) = given
        .iter()
        .find(|(_, value)| value.as_deref().is_some_and(|v| v.trim().is_empty()))
    {
        return Err(FilterError::Empty { flag });
    }
    let mut queries: Vec<Box<dyn Query>> = Vec::new();
    if let Some(name) = &spec.province {
        queries.push(no_score(facet_query(
            fields.province,
            &province_facet(name)?,
        )));
    }
    if let Some(name) = &spec.unit {
        let facets = unit_facets(name, fields.unit, index)?;
        let alternatives: Vec<(tantivy::query::Occur, Box<dyn Query>)> = facets
            .iter()
            .map(|facet| {
                (
                    tantivy::query::Occur::Should,
                    facet_query(fields.unit, facet),
                )
            })
            .collect();
        queries.push(no_score(Box::new(tantivy::query::BooleanQuery::new(
            alternatives,
        ))));
    }
    if let Some(range) = date_range(spec)? {
        queries.push(no_score(Box::new(range_query(fields.date, range))));
    }
    if let Some(since) = &spec.new_since {
        queries.push(no_score(super::new_since::new_since_query(since, index)?));
    }
    Ok(queries)
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

/// `/<today>` for one of today's provinces (its predecessors included), `/<today>/<then>`
/// for an old one; accents, case and `TP`/`tỉnh` prefixes optional.
pub fn province_facet(name: &str) -> Result<Facet, FilterError> {
    let gazetteer = ProvinceGazetteer::get();
    gazetteer
        .resolve_filter(name)
        .map(Facet::from_path)
        .ok_or_else(|| FilterError::UnknownProvince {
            name: name.to_owned(),
            suggestions: gazetteer.suggestions(name).join(", "),
        })
}

/// The unit facets in the index that `name` designates: a whole path (`Công an tỉnh Thanh
/// Hóa / Phòng Cảnh sát giao thông`) or one component (`Phòng CSGT` under every force).
pub fn unit_facets(
    name: &str,
    field: Field,
    index: &BantinIndex,
) -> Result<Vec<Facet>, FilterError> {
    let known = index.facet_values(field);
    let wanted: Vec<String> = name
        .split('/')
        .map(|part| fold_words(&canonical_unit_name(part).unwrap_or_else(|| part.to_owned())))
        .map(|part| canonical_department_folded(&part).unwrap_or(part))
        .filter(|part| !part.is_empty())
        .collect();
    let mut matches: Vec<Facet> = known
        .iter()
        .filter(|facet| {
            let path: Vec<String> = facet.to_path().into_iter().map(fold_words).collect();
            if wanted.len() > 1 {
                path == wanted
            } else {
                path.last() == wanted.first()
            }
        })
        .cloned()
        .collect();
    // A facet's children are found through it: keep only the highest matches.
    let highest: Vec<Facet> = matches
        .iter()
        .filter(|f| {
            !matches
                .iter()
                .any(|other| other != *f && other.is_prefix_of(f))
        })
        .cloned()
        .collect();
    matches = highest;
    if matches.is_empty() {
        let wanted_text = wanted.join(" ");
        let mut names: Vec<(usize, String)> = known
            .iter()
            .filter_map(|f| f.to_path().last().map(|n| (*n).to_owned()))
            .map(|n| (edit_distance(&fold_words(&n), &wanted_text), n))
            .collect();
        names.sort();
        names.dedup_by(|a, b| a.1 == b.1);
        return Err(FilterError::UnknownUnit {
            name: name.to_owned(),
            suggestions: names
                .into_iter()
                .take(3)
                .map(|(_, n)| n)
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok(matches)
}

/// Lower and upper bounds of a date filter, in Unix seconds.
type SecondsRange = (Bound<i64>, Bound<i64>);

/// Inclusive bounds of `--year` or `--from`/`--to`.
fn date_range(spec: &FilterSpec) -> Result<Option<SecondsRange>, FilterError> {
    let parse =
        |flag: &'static str, value: &Option<String>| -> Result<Option<BulletinDate>, FilterError> {
            value
                .as_deref()
                .map(|v| {
                    BulletinDate::parse_iso(v).ok_or_else(|| FilterError::BadDate {
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
pub(super) const DATE_SECONDS: std::ops::RangeInclusive<i64> =
    (i64::MIN / 1_000_000_000)..=(i64::MAX / 1_000_000_000);

fn range_query(field: Field, (lower, upper): SecondsRange) -> RangeQuery {
    let term = |secs: i64| {
        let held = secs.clamp(*DATE_SECONDS.start(), *DATE_SECONDS.end());
        Term::from_field_date_for_search(field, DateTime::from_timestamp_secs(held))
    };
    RangeQuery::new(lower.map(term), upper.map(term))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn province_filter_at_both_levels() {
        assert_eq!(
            province_facet("hung yen").map(|f| f.to_path_string()),
            Ok("/Hưng Yên".into())
        );
        assert_eq!(
            province_facet("Thái Bình").map(|f| f.to_path_string()),
            Ok("/Hưng Yên/Thái Bình".into())
        );
        let unknown = province_facet("thanh hao").expect_err("unknown");
        assert!(unknown.to_string().contains("Thanh Hóa"), "{unknown}");
    }

    #[test]
    fn date_ranges_cover_whole_periods() {
        let spec = FilterSpec {
            year: Some("2024".into()),
            ..Default::default()
        };
        // 2024-01-01T00:00:00Z and 2024-12-31T00:00:00Z (`date -ud 2024-12-31 +%s`).
        assert_eq!(
            date_range(&spec),
            Ok(Some((
                Bound::Included(1_704_067_200),
                Bound::Included(1_735_603_200)
            )))
        );
        let backwards = FilterSpec {
            from: Some("2024-05".into()),
            to: Some("2024-02".into()),
            ..Default::default()
        };
        assert!(matches!(
            date_range(&backwards),
            Err(FilterError::EmptyRange { .. })
        ));
        let bad = FilterSpec {
            from: Some("hôm qua".into()),
            ..Default::default()
        };
        assert!(matches!(
            date_range(&bad),
            Err(FilterError::BadDate { flag: "--from", .. })
        ));
    }
}
