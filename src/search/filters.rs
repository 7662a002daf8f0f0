//! Filters: province (either level of the tree), unit, and date range. Each value becomes
//! a query that adds no score. Within one facet the values are alternatives (`--province
//! "Nghệ An" --province "Hà Tĩnh"`: either), across facets all must hold, and a value may
//! be excluded (`--not-province`). [`UNKNOWN`] stands for the bulletins with no value: no
//! province found, no unit, no date. An unknown name is an error listing the closest known
//! ones.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::{DateTime, Term};

use crate::bulletin::date_field::parse_filter_date;
use crate::bulletin::gazetteer::{canonical_department_folded, canonical_unit_name};
use crate::bulletin::{BulletinDate, ProvinceGazetteer};
use crate::index::BantinIndex;
use crate::text::{edit_distance, fold_words};

/// The value of a province or unit filter that selects the bulletins with none: the facet
/// lists show their count under this name. `unknown` and `none` say the same.
pub const UNKNOWN: &str = "Không rõ";

/// Whether a filter value asks for the bulletins with no value (`Không rõ`, `khong ro`,
/// `unknown`, `none`).
pub fn is_unknown(value: &str) -> bool {
    matches!(
        fold_words(value.trim()).as_str(),
        "khong ro" | "unknown" | "none"
    )
}

/// A filter the user asked for that cannot be applied.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FilterError {
    #[error("{flag} is empty: give a value or leave the option out")]
    Empty { flag: &'static str },
    #[error("{flag} {name:?} is not a province; closest: {suggestions}")]
    UnknownProvince {
        flag: &'static str,
        name: String,
        suggestions: String,
    },
    #[error("{flag} {name:?} matches no unit in the index; closest: {suggestions}")]
    UnknownUnit {
        flag: &'static str,
        name: String,
        suggestions: String,
    },
    #[error(
        "{flag} {value:?} is not a date: use YYYY, YYYY-MM, YYYY-MM-DD, or day first \
         12/3/2019, 3/2019"
    )]
    BadDate { flag: &'static str, value: String },
    #[error("--from {from} is after --to {to}")]
    EmptyRange { from: String, to: String },
    #[error(transparent)]
    NewSince(#[from] super::new_since::NewSinceError),
}

/// What to filter on, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct FilterSpec {
    /// Any of these provinces; [`UNKNOWN`] for the bulletins with none.
    pub province: Vec<String>,
    /// None of these provinces.
    pub not_province: Vec<String>,
    /// Any of these units (or their sub-units); [`UNKNOWN`] for the bulletins with none.
    pub unit: Vec<String>,
    /// None of these units.
    pub not_unit: Vec<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub year: Option<String>,
    /// The undated bulletins too: with a date range, those in it or undated; alone, only
    /// the undated ones.
    pub undated: bool,
    /// `last` or a time: only the bulletins ingested since then ([`super::new_since`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_since: Option<String>,
}

impl FilterSpec {
    /// No filter asked for.
    pub fn is_empty(&self) -> bool {
        self.province.is_empty()
            && self.not_province.is_empty()
            && self.unit.is_empty()
            && self.not_unit.is_empty()
            && !self.has_date()
            && self.new_since.is_none()
    }

    /// Whether a date filter (range or undated) is asked for.
    pub fn has_date(&self) -> bool {
        self.from.is_some() || self.to.is_some() || self.year.is_some() || self.undated
    }

    /// Whether a date range is asked for that leaves the undated bulletins out.
    pub fn drops_undated(&self) -> bool {
        self.has_date() && !self.undated
    }
}

/// The facets a filter narrows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    Province,
    Unit,
    Date,
}

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
        .map(|since| super::new_since::new_since_query(since, index))
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

/// `/<today>` for one of today's provinces (its predecessors included), `/<today>/<then>`
/// for an old one; accents, case and `TP`/`tỉnh` prefixes optional. `flag` names the
/// option in an error.
pub fn province_facet(flag: &'static str, name: &str) -> Result<Facet, FilterError> {
    let gazetteer = ProvinceGazetteer::get();
    gazetteer
        .resolve_filter(name)
        .map(Facet::from_path)
        .ok_or_else(|| FilterError::UnknownProvince {
            flag,
            name: name.to_owned(),
            suggestions: gazetteer.suggestions(name).join(", "),
        })
}

/// The unit facets in the index that `name` designates, as a reader would guess them:
/// - a whole path (`Công an tỉnh Thanh Hóa / Phòng Cảnh sát giao thông`) or one name
///   (`Phòng CSGT` under every force), accents, case and the `tỉnh`/`TP` of a force's name
///   optional (`cong an nghe an`);
/// - failing that, a part of a name (`csgt`, `nghe an`): every name holding its words in
///   order, abbreviations expanded; and a part of a path (`nghe an / csgt`).
///
/// `flag` names the option in an error.
pub fn unit_facets(
    flag: &'static str,
    name: &str,
    field: Field,
    index: &BantinIndex,
) -> Result<Vec<Facet>, FilterError> {
    let known = index.facet_values(field);
    let wanted: Vec<Vec<String>> = name
        .split('/')
        .map(unit_key)
        .filter(|key| !key.is_empty())
        .collect();
    let keyed: Vec<(&Facet, Vec<Vec<String>>)> = known
        .iter()
        .map(|facet| (facet, facet.to_path().into_iter().map(unit_key).collect()))
        .collect();
    let whole = |path: &[Vec<String>]| {
        if wanted.len() > 1 {
            path == wanted.as_slice()
        } else {
            path.last() == wanted.first()
        }
    };
    let mut matches: Vec<Facet> = keyed
        .iter()
        .filter(|(_, path)| whole(path))
        .map(|(facet, _)| (*facet).clone())
        .collect();
    if matches.is_empty() {
        matches = keyed
            .iter()
            .filter(|(_, path)| holds_in_order(path, &wanted))
            .map(|(facet, _)| (*facet).clone())
            .collect();
    }
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
    if highest.is_empty() {
        let wanted_text = fold_words(name);
        let mut names: Vec<(usize, String)> = known
            .iter()
            .filter_map(|f| f.to_path().last().map(|n| (*n).to_owned()))
            .map(|n| (edit_distance(&fold_words(&n), &wanted_text), n))
            .collect();
        names.sort();
        names.dedup_by(|a, b| a.1 == b.1);
        return Err(FilterError::UnknownUnit {
            flag,
            name: name.to_owned(),
            suggestions: names
                .into_iter()
                .take(3)
                .map(|(_, n)| n)
                .collect::<Vec<_>>()
                .join(", "),
        });
    }
    Ok(highest)
}

/// Whether two values of the filter `name` (`province`, `unit`, or their `not_`) name the
/// same thing however typed: `nghe an`, `Nghệ An`, `NGHỆ AN`; `cong an nghe an` and `Công an
/// tỉnh Nghệ An`.
pub fn same_value(name: &str, a: &str, b: &str) -> bool {
    if fold_words(a.trim()) == fold_words(b.trim()) {
        return true;
    }
    match name.trim_start_matches("not_") {
        "province" => {
            let gazetteer = ProvinceGazetteer::get();
            let resolved = gazetteer.resolve_filter(a);
            resolved.is_some() && resolved == gazetteer.resolve_filter(b)
        }
        "unit" => {
            let (a, b) = (unit_path_key(a), unit_path_key(b));
            !a.is_empty() && a == b
        }
        _ => false,
    }
}

/// The keys of every part of a unit path (`Công an tỉnh Nghệ An/Phòng CSGT`).
fn unit_path_key(name: &str) -> Vec<Vec<String>> {
    name.split('/')
        .map(unit_key)
        .filter(|key| !key.is_empty())
        .collect()
}

/// The words a unit's name is compared by: its canonical name folded (`Phòng CSGT` and
/// `phong canh sat giao thong` alike), abbreviations expanded (`csgt`), and the `tỉnh`,
/// `TP` or `thành phố` of a force's name left out (`Công an tỉnh Nghệ An`, `cong an nghe
/// an`).
fn unit_key(name: &str) -> Vec<String> {
    let name = name.trim();
    let folded = fold_words(&canonical_unit_name(name).unwrap_or_else(|| name.to_owned()));
    let folded = canonical_department_folded(&folded).unwrap_or(folded);
    let mut words: Vec<String> = Vec::new();
    for word in folded.split_whitespace() {
        match crate::text::abbreviations::expand(word) {
            Some(expansion) if word.len() > 2 => {
                words.extend(fold_words(expansion).split(' ').map(str::to_owned))
            }
            _ => words.push(word.to_owned()),
        }
    }
    let mut key: Vec<String> = Vec::with_capacity(words.len());
    let mut at = 0;
    while at < words.len() {
        let rest = &words[at..];
        let skip = match rest {
            [first, ..] if first == "tinh" || first == "tp" => 1,
            [first, second, ..] if first == "thanh" && second == "pho" => 2,
            _ => 0,
        };
        if skip > 0 && at > 0 && at + skip < words.len() {
            at += skip;
            continue;
        }
        key.push(words[at].clone());
        at += 1;
    }
    key
}

/// Whether the parts of `wanted` are found in `path` in order, each within one name of it
/// as a run of whole words, the last in the path's last name.
fn holds_in_order(path: &[Vec<String>], wanted: &[Vec<String>]) -> bool {
    let (Some(last_wanted), Some(last_name)) = (wanted.last(), path.last()) else {
        return false;
    };
    if !contains_run(last_name, last_wanted) {
        return false;
    }
    let mut names = path[..path.len() - 1].iter();
    wanted[..wanted.len() - 1]
        .iter()
        .all(|part| names.any(|name| contains_run(name, part)))
}

/// Whether `words` holds `run` as consecutive words.
fn contains_run(words: &[String], run: &[String]) -> bool {
    !run.is_empty() && words.windows(run.len()).any(|window| window == run)
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
            province_facet("--province", "hung yen").map(|f| f.to_path_string()),
            Ok("/Hưng Yên".into())
        );
        assert_eq!(
            province_facet("--province", "Thái Bình").map(|f| f.to_path_string()),
            Ok("/Hưng Yên/Thái Bình".into())
        );
        let unknown = province_facet("--province", "thanh hao").expect_err("unknown");
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
