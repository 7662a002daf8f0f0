//! Bulletins to tantivy documents and back.

use tantivy::schema::{Facet, Value};
use tantivy::{DateTime, TantivyDocument};

use super::Fields;
use crate::bulletin::date::civil_from_days;
use crate::bulletin::{Bulletin, BulletinDate, Precision};

/// The tantivy document for `bulletin`, stamped with `ingested_at` (Unix seconds).
pub fn to_document(bulletin: &Bulletin, fields: &Fields, ingested_at: i64) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &bulletin.id);
    if let Some(url) = &bulletin.url {
        doc.add_text(fields.url, url);
    }
    doc.add_text(fields.title, &bulletin.title);
    doc.add_text(fields.body, &bulletin.body);
    // Two values of one field: indexed one after the other, nothing copied.
    doc.add_text(fields.text, &bulletin.title);
    doc.add_text(fields.text, &bulletin.body);
    if let Some(date) = bulletin.date {
        doc.add_date(
            fields.date,
            DateTime::from_timestamp_secs(date.unix_seconds()),
        );
        doc.add_u64(fields.date_precision, date.precision.as_u64());
        doc.add_facet(fields.month, month_facet(&date));
    }
    if let Some(province) = bulletin.province {
        doc.add_facet(fields.province, Facet::from_path(province.facet_path()));
    }
    for province in &bulletin.provinces {
        doc.add_facet(fields.provinces, Facet::from_path(province.facet_path()));
    }
    if let Some(unit) = &bulletin.unit {
        doc.add_facet(fields.unit, Facet::from_path(unit));
    }
    doc.add_text(fields.source, &bulletin.source);
    if let (Some(field), Some(publisher)) = (fields.publisher, &bulletin.publisher) {
        doc.add_text(field, publisher);
    }
    doc.add_date(
        fields.ingested_at,
        DateTime::from_timestamp_secs(ingested_at),
    );
    doc.add_u64(fields.content_hash, bulletin.content_hash);
    doc
}

/// The document of a bulletin read back from the store, with what the store lacks made
/// again from what it holds: the `text` field from the title and body, the month facet from
/// the date. Story fields are left to the caller.
pub fn from_stored(stored: &TantivyDocument, fields: &Fields) -> TantivyDocument {
    let mut doc = stored.clone();
    let text = |field| {
        stored
            .get_first(field)
            .and_then(|v| v.as_str())
            .unwrap_or_default()
            .to_owned()
    };
    doc.add_text(fields.text, text(fields.title));
    doc.add_text(fields.text, text(fields.body));
    let precision = stored
        .get_first(fields.date_precision)
        .and_then(|v| v.as_u64())
        .and_then(Precision::from_u64);
    let date = stored.get_first(fields.date).and_then(|v| v.as_datetime());
    if let (Some(date), Some(precision)) = (date, precision) {
        let civil = civil_from_days(date.into_timestamp_secs().div_euclid(86_400));
        doc.add_facet(
            fields.month,
            month_facet(&BulletinDate { precision, ..civil }),
        );
    }
    doc
}

/// `/2024/07` for a day or month, `/2024` for a year.
pub fn month_facet(date: &BulletinDate) -> Facet {
    let year = format!("{:04}", date.year);
    match date.precision {
        Precision::Year => Facet::from_path([year]),
        _ => Facet::from_path([year, format!("{:02}", date.month)]),
    }
}

/// A bulletin as stored in the index, for display.
#[derive(Clone, Debug, serde::Serialize)]
pub struct StoredBulletin {
    pub id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    pub title: String,
    pub date: Option<String>,
    pub date_precision: Option<&'static str>,
    /// `[today, as named then]` of the main province.
    pub province: Option<Vec<String>>,
    pub provinces: Vec<Vec<String>>,
    pub unit: Option<Vec<String>>,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    pub ingested_at: Option<String>,
    pub body: String,
    /// The story of near-duplicates it belongs to, 16 hex digits (see
    /// [`super::stories`]); filled by [`super::stats::find_by_id`].
    #[serde(skip_serializing_if = "Option::is_none")]
    pub story: Option<String>,
    /// The other bulletins of its story; filled by [`super::stats::find_by_id`].
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<super::stories::StoryCopy>,
}

impl StoredBulletin {
    pub fn from_document(doc: &TantivyDocument, fields: &Fields) -> StoredBulletin {
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .map(str::to_owned)
        };
        let facets = |field| -> Vec<Vec<String>> {
            doc.get_all(field)
                .filter_map(|v| v.as_facet())
                .map(|encoded| encoded.split('\0').map(str::to_owned).collect())
                .collect()
        };
        let precision = doc
            .get_first(fields.date_precision)
            .and_then(|v| v.as_u64())
            .and_then(Precision::from_u64);
        let date = doc
            .get_first(fields.date)
            .and_then(|v| v.as_datetime())
            .zip(precision)
            .map(|(date, precision)| format_date(date, precision));
        StoredBulletin {
            id: text(fields.id).unwrap_or_default(),
            url: text(fields.url),
            title: text(fields.title).unwrap_or_default(),
            date,
            date_precision: precision.map(Precision::name),
            province: facets(fields.province).into_iter().next(),
            provinces: facets(fields.provinces),
            unit: facets(fields.unit).into_iter().next(),
            source: text(fields.source).unwrap_or_default(),
            publisher: fields.publisher.and_then(text),
            ingested_at: doc
                .get_first(fields.ingested_at)
                .and_then(|v| v.as_datetime())
                .map(|d| format_date(d, Precision::Day)),
            body: text(fields.body).unwrap_or_default(),
            story: None,
            copies: Vec::new(),
        }
    }
}

/// A stored date at its precision: `2024-07-11`, `2024-07` or `2024`.
pub fn format_date(date: DateTime, precision: Precision) -> String {
    let BulletinDate {
        year, month, day, ..
    } = civil_from_days(date.into_timestamp_secs().div_euclid(86_400));
    match precision {
        Precision::Day => format!("{year:04}-{month:02}-{day:02}"),
        Precision::Month => format!("{year:04}-{month:02}"),
        Precision::Year => format!("{year:04}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_through_unix_seconds() {
        for text in ["2024-07-11", "2000-02-29", "1999-12-31", "2025-03-01"] {
            let date = BulletinDate::parse_iso(text).expect("valid");
            let stored = DateTime::from_timestamp_secs(date.unix_seconds());
            assert_eq!(format_date(stored, Precision::Day), text);
        }
    }

    #[test]
    fn month_facet_follows_precision() {
        let day = BulletinDate::parse_iso("2024-07-11").expect("valid");
        assert_eq!(month_facet(&day).to_path_string(), "/2024/07");
        let year = BulletinDate::parse_iso("2023").expect("valid");
        assert_eq!(month_facet(&year).to_path_string(), "/2023");
    }
}
