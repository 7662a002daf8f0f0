//! `--new-since DATE|last`: only the bulletins ingested since then, read from their
//! `ingested_at` fast field. `last` is what the last ingest run added or changed, with what
//! any run killed before it committed ([`crate::index::ingest_runs`]), none if it found
//! nothing new, so a daily `bantin ingest ... && bantin search --new-since last ...` mails
//! each new bulletin once.

use std::ops::Bound;

use tantivy::query::{Query, RangeQuery};
use tantivy::{DateTime, Term};

use super::filters::DATE_SECONDS;
use crate::bulletin::BulletinDate;
use crate::index::ingest_runs::new_since_last;
use crate::index::schema::names;
use crate::index::BantinIndex;

/// Why `--new-since` cannot be applied.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum NewSinceError {
    #[error(
        "--new-since {0:?} is neither `last` nor a time: use YYYY-MM-DD (from midnight UTC), \
         YYYY-MM, YYYY or an RFC 3339 time such as 2024-07-11T08:00:00+07:00"
    )]
    BadTime(String),
    #[error(
        "--new-since: the index {0} keeps ingest times only in its documents (it was built by \
         an older bantin), so they cannot be searched; ingest into a new index to use it"
    )]
    NotSearchable(String),
    #[error("--new-since last: the index {0} records no ingest run")]
    NoRun(String),
}

/// The query for bulletins ingested at or after `since` (`last` or a time).
pub fn new_since_query(since: &str, index: &BantinIndex) -> Result<Box<dyn Query>, NewSinceError> {
    let shown = || index.path.display().to_string();
    let field = index.fields.ingested_at;
    if !index.index.schema().get_field_entry(field).is_fast() {
        return Err(NewSinceError::NotSearchable(shown()));
    }
    let seconds = match since.trim() {
        "last" => new_since_last(&index.path)
            .or_else(|| latest_ingest(index))
            .ok_or_else(|| NewSinceError::NoRun(shown()))?,
        time => parse_time(time).ok_or_else(|| NewSinceError::BadTime(since.to_owned()))?,
    };
    // Held within the dates the index can hold, as the date filters are.
    let held = seconds.clamp(*DATE_SECONDS.start(), *DATE_SECONDS.end());
    let lower = Term::from_field_date_for_search(field, DateTime::from_timestamp_secs(held));
    Ok(Box::new(RangeQuery::new(
        Bound::Included(lower),
        Bound::Unbounded,
    )))
}

/// Unix seconds of `YYYY[-MM[-DD]]` (its first day, at midnight UTC) or an RFC 3339 time.
fn parse_time(text: &str) -> Option<i64> {
    if let Some(date) = BulletinDate::parse_iso(text) {
        return Some(date.unix_seconds());
    }
    let time =
        time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok()?;
    Some(time.unix_timestamp())
}

/// The latest ingest time the index's bulletins carry: the start of the last run that
/// wrote any, for an index without a list of runs.
fn latest_ingest(index: &BantinIndex) -> Option<i64> {
    let searcher = index.searcher().ok()?;
    searcher
        .segment_readers()
        .iter()
        .filter_map(|reader| reader.fast_fields().date(names::INGESTED_AT).ok())
        .filter(|column| column.num_docs() > 0)
        .map(|column| column.max_value().into_timestamp_secs())
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_dates_from_midnight_utc_or_rfc_3339() {
        // `date -ud 2024-07-11 +%s`.
        assert_eq!(parse_time("2024-07-11"), Some(1_720_656_000));
        assert_eq!(parse_time("2024-07"), Some(1_719_792_000));
        assert_eq!(parse_time("2024-07-11T08:00:00+07:00"), Some(1_720_659_600));
        assert_eq!(parse_time("2024-07-11T01:00:00Z"), Some(1_720_659_600));
        assert_eq!(parse_time("hôm qua"), None);
        assert_eq!(parse_time("11/07/2024"), None);
    }
}
