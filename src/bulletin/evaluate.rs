//! Scoring extracted facts against labels a reader wrote: the date, and the main province.
//!
//! A label file holds JSON Lines, one article each:
//! `{"id", "kind": "police"|"general"|..., "main_province": "Nghệ An"|null, "date":
//! "2018-03-14"|"2018-03"|"2018"|null}` (other fields are ignored). The figures:
//! - **date precision**: of the dates bantin gives, the share that are right: the same day
//!   give or take one, or a month or year that holds the labelled date. A date given where
//!   the reader found none counts as wrong. Coverage is the share of labelled dates given.
//! - **main province right**: on police articles whose reader names a main province.
//! - **main province invented**: on articles whose reader names none (general news, and
//!   foreign or national police news), the share that gets one.

use std::collections::HashMap;

use serde::Deserialize;

use super::facts::{whereabouts, Basis};
use super::gazetteer::{all_provinces, ProvinceGazetteer};
use super::{Bulletin, BulletinDate, Precision};
use crate::text::normalize::to_nfc;

/// One labelled article.
#[derive(Clone, Debug, Deserialize)]
pub struct Label {
    pub id: String,
    pub kind: String,
    pub main_province: Option<String>,
    /// `null` when the text establishes no date; absent when the date was not labelled
    /// (a set labelled for provinces only), which leaves the article out of the date
    /// figures.
    #[serde(default, deserialize_with = "present")]
    pub date: Option<Option<String>>,
}

/// A field that is present, `null` or not.
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// A labelled article as read: its label, with the date and province parsed.
#[derive(Clone, Debug)]
pub struct Expected {
    pub label: Label,
    pub date: Option<BulletinDate>,
    /// The labelled main province, as named then.
    pub main: Option<&'static str>,
}

/// A label that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum LabelError {
    #[error("not a label line: {0}")]
    Json(String),
    #[error("`date` {0:?} is not YYYY, YYYY-MM or YYYY-MM-DD")]
    Date(String),
    #[error("`main_province` {0:?} is not a province")]
    Province(String),
}

impl Expected {
    /// Parses one label line.
    pub fn parse(line: &str) -> Result<Expected, LabelError> {
        let label: Label =
            serde_json::from_str(line).map_err(|err| LabelError::Json(err.to_string()))?;
        let date = match label.date.as_ref().and_then(Option::as_deref) {
            Some(text) => Some(
                BulletinDate::parse_iso(text).ok_or_else(|| LabelError::Date(text.to_owned()))?,
            ),
            None => None,
        };
        let main = match label.main_province.as_deref() {
            Some(name) => {
                Some(province_then(name).ok_or_else(|| LabelError::Province(name.to_owned()))?)
            }
            None => None,
        };
        Ok(Expected { label, date, main })
    }
}

/// The canonical old name of a province spelled any way.
fn province_then(name: &str) -> Option<&'static str> {
    let path = ProvinceGazetteer::get().resolve_filter(name)?;
    let then = *path.last()?;
    all_provinces().find(|p| p.then == then).map(|p| p.then)
}

/// True when `given` is right for the true date `truth`: the same day give or take one,
/// or either covers the other (a month or year that holds the day).
pub fn date_is_right(given: &BulletinDate, truth: &BulletinDate) -> bool {
    if given.precision == Precision::Day && truth.precision == Precision::Day {
        return (given.unix_seconds() - truth.unix_seconds()).abs() <= 86_400;
    }
    let covers = |outer: &BulletinDate, inner: &BulletinDate| {
        outer.unix_seconds() <= inner.unix_seconds()
            && inner.last_day().unix_seconds() <= outer.last_day().unix_seconds()
    };
    covers(given, truth) || covers(truth, given)
}

/// One disagreement, for the list of misses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Miss {
    pub what: &'static str,
    pub id: String,
    pub expected: String,
    pub got: String,
    /// For a province given, the rule that gave it.
    pub basis: Option<Basis>,
}

/// The figures over a labelled set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scores {
    pub dates_given: usize,
    pub dates_right: usize,
    pub dates_labelled: usize,
    pub dates_labelled_given: usize,
    pub police_main_labelled: usize,
    pub police_main_right: usize,
    pub none_labelled: usize,
    pub none_given: usize,
    pub misses: Vec<Miss>,
}

impl Scores {
    /// Adds one article: what the reader labelled and what bantin extracted.
    pub fn add(&mut self, expected: &Expected, bulletin: &Bulletin) {
        let id = &expected.label.id;
        let show = |d: Option<BulletinDate>| d.map_or("none".to_owned(), |d| d.to_string());
        if expected.date.is_some() {
            self.dates_labelled += 1;
            if bulletin.date.is_some() {
                self.dates_labelled_given += 1;
            }
        }
        let dated = expected.label.date.is_some();
        if let Some(given) = bulletin.date.as_ref().filter(|_| dated) {
            self.dates_given += 1;
            match &expected.date {
                Some(truth) if date_is_right(given, truth) => self.dates_right += 1,
                _ => self.miss("date", id, show(expected.date), show(bulletin.date)),
            }
        }
        let got = bulletin.province.map(|p| p.then);
        let show_province = |p: Option<&str>| p.unwrap_or("none").to_owned();
        match (expected.label.kind.as_str(), expected.main) {
            ("police", Some(main)) => {
                self.police_main_labelled += 1;
                if got == Some(main) {
                    self.police_main_right += 1;
                } else {
                    self.miss("province", id, main.to_owned(), show_province(got));
                    self.explain_last(bulletin);
                }
            }
            (_, None) => {
                self.none_labelled += 1;
                if got.is_some() {
                    self.none_given += 1;
                    self.miss("province", id, "none".to_owned(), show_province(got));
                    self.explain_last(bulletin);
                }
            }
            _ => {}
        }
    }

    fn miss(&mut self, what: &'static str, id: &str, expected: String, got: String) {
        self.misses.push(Miss {
            what,
            id: id.to_owned(),
            expected,
            got,
            basis: None,
        });
    }

    /// Names the rule that chose the province of the last miss.
    fn explain_last(&mut self, bulletin: &Bulletin) {
        if let Some(miss) = self.misses.last_mut() {
            let (title, body) = (to_nfc(&bulletin.title), to_nfc(&bulletin.body));
            miss.basis = whereabouts(&title, &body).basis;
        }
    }

    /// The figures as a reader would print them.
    pub fn summary(&self) -> String {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        format!(
            "date precision        {:.3}  ({} right of {} given)\n\
             date coverage         {:.3}  ({} given of {} labelled with a date)\n\
             main province right   {:.3}  ({} of {} police articles with a labelled main province)\n\
             main province given   {:.3}  ({} of {} articles labelled with none)\n",
            ratio(self.dates_right, self.dates_given),
            self.dates_right,
            self.dates_given,
            ratio(self.dates_labelled_given, self.dates_labelled),
            self.dates_labelled_given,
            self.dates_labelled,
            ratio(self.police_main_right, self.police_main_labelled),
            self.police_main_right,
            self.police_main_labelled,
            ratio(self.none_given, self.none_labelled),
            self.none_given,
            self.none_labelled,
        )
    }
}

/// Labels by id; an id labelled twice keeps its last label.
pub fn index_labels(labels: Vec<Expected>) -> HashMap<String, Expected> {
    labels
        .into_iter()
        .map(|e| (e.label.id.clone(), e))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulletin::read::FieldMap;

    fn date(text: &str) -> BulletinDate {
        BulletinDate::parse_iso(text).expect("valid")
    }

    #[test]
    fn a_day_off_by_one_is_right_two_is_not() {
        assert!(date_is_right(&date("2018-03-14"), &date("2018-03-15")));
        assert!(date_is_right(&date("2018-03-01"), &date("2018-02-28")));
        assert!(!date_is_right(&date("2018-03-14"), &date("2018-03-16")));
    }

    #[test]
    fn a_month_or_year_holding_the_day_is_right() {
        assert!(date_is_right(&date("2018-03"), &date("2018-03-14")));
        assert!(date_is_right(&date("2018"), &date("2018-03-14")));
        assert!(date_is_right(&date("2018-03-14"), &date("2018")));
        assert!(!date_is_right(&date("2018-04"), &date("2018-03-14")));
        assert!(!date_is_right(&date("2019"), &date("2018")));
    }

    #[test]
    fn labels_parse_and_bad_ones_say_why() {
        let ok = Expected::parse(
            r#"{"id": "vietnews/1", "kind": "police", "main_province": "Thanh Hoá", "provinces": [], "date": "2018-03", "note": ""}"#,
        )
        .expect("valid");
        assert_eq!(ok.main, Some("Thanh Hóa"));
        assert_eq!(ok.date.map(|d| d.to_string()), Some("2018-03".into()));
        let bad = Expected::parse(
            r#"{"id": "x", "kind": "police", "main_province": "Atlantis", "date": null}"#,
        );
        assert_eq!(bad.err(), Some(LabelError::Province("Atlantis".into())));
        let bad = Expected::parse(
            r#"{"id": "x", "kind": "police", "main_province": null, "date": "14/3/2018"}"#,
        );
        assert_eq!(bad.err(), Some(LabelError::Date("14/3/2018".into())));
    }

    #[test]
    fn a_label_without_a_date_leaves_the_date_figures_alone() {
        let json = serde_json::json!({"title": "Tin", "body": "Ngày 2/1/2019, Công an tỉnh Nghệ An bắt giữ"});
        let (fields, json) = (FieldMap::default(), json.to_string());
        let record = fields.parse(json.as_bytes()).expect("valid record");
        let bulletin = Bulletin::from_record(record, String::new())
            .expect("valid")
            .0;
        assert!(bulletin.date.is_some());
        let mut scores = Scores::default();
        scores.add(
            &Expected::parse(r#"{"id": "a", "kind": "police", "main_province": "Nghệ An"}"#)
                .expect("valid"),
            &bulletin,
        );
        assert_eq!((scores.dates_given, scores.dates_labelled), (0, 0));
        assert_eq!(scores.police_main_right, 1);
        // `null` is a label: the text dates nothing, so a date given is a miss.
        scores.add(
            &Expected::parse(
                r#"{"id": "b", "kind": "police", "main_province": "Nghệ An", "date": null}"#,
            )
            .expect("valid"),
            &bulletin,
        );
        assert_eq!((scores.dates_given, scores.dates_right), (1, 0));
    }

    #[test]
    fn scores_count_right_wrong_and_invented() {
        let bulletin = |body: &str| {
            let json = serde_json::json!({"title": "Tin", "body": body}).to_string();
            let fields = FieldMap::default();
            let record = fields.parse(json.as_bytes()).expect("valid record");
            Bulletin::from_record(record, String::new())
                .expect("valid")
                .0
        };
        let label = |line: &str| Expected::parse(line).expect("valid");
        let mut scores = Scores::default();
        scores.add(
            &label(r#"{"id": "a", "kind": "police", "main_province": "Nghệ An", "date": "2019-01-02"}"#),
            &bulletin("Ngày 2/1/2019, Công an tỉnh Nghệ An bắt giữ"),
        );
        scores.add(
            &label(r#"{"id": "b", "kind": "police", "main_province": "Hà Tĩnh", "date": null}"#),
            &bulletin("Ngày 2/1/2019, Công an tỉnh Nghệ An bắt giữ"),
        );
        scores.add(
            &label(r#"{"id": "c", "kind": "general", "main_province": null, "date": null}"#),
            &bulletin(
                "Tổng thống Mỹ thăm Việt Nam. Tại Hà Nội, ông gặp Chủ tịch nước. Hà Nội đón đoàn.",
            ),
        );
        scores.add(
            &label(r#"{"id": "d", "kind": "police", "main_province": null, "date": null}"#),
            &bulletin("Cảnh sát Thái Lan bắt giữ đối tượng người Việt quê Nghệ An tại Bangkok."),
        );
        assert_eq!((scores.dates_right, scores.dates_given), (1, 2));
        assert_eq!(
            (scores.police_main_right, scores.police_main_labelled),
            (1, 2)
        );
        // Foreign police news labelled with no main province counts as general news does.
        assert_eq!(scores.none_labelled, 2);
        let missed: Vec<_> = scores
            .misses
            .iter()
            .map(|m| (m.what, m.id.as_str()))
            .collect();
        assert_eq!(
            missed,
            [("date", "b"), ("province", "b"), ("province", "c")]
        );
        assert!(scores
            .summary()
            .contains("date precision        0.500  (1 right of 2 given)"));
    }
}
