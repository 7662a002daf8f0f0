//! Tests of `record`.

use super::*;

fn text(record: &mut Record, role: Role) -> Option<(String, String)> {
    record
        .take(role)
        .map(|f| (f.name.to_owned(), f.into_text().unwrap_or_default()))
}

#[test]
fn scraper_names_fill_their_roles() {
    let map = FieldMap::default();
    let mut record = map
        .parse(r#"{"headline": "T", "content": "B", "link": "https://x.vn/a", "pubDate": "Thu, 11 Jul 2024 08:30:00 +0700", "Publisher": "Công an Nghệ An", "views": 3}"#.as_bytes())
        .expect("record");
    assert_eq!(
        text(&mut record, Role::Title),
        Some(("headline".into(), "T".into()))
    );
    assert_eq!(
        text(&mut record, Role::Body),
        Some(("content".into(), "B".into()))
    );
    assert_eq!(
        text(&mut record, Role::Url),
        Some(("link".into(), "https://x.vn/a".into()))
    );
    assert_eq!(
        text(&mut record, Role::Date).map(|(name, _)| name),
        Some("pubDate".into())
    );
    assert_eq!(
        text(&mut record, Role::Publisher),
        Some(("publisher".into(), "Công an Nghệ An".into()))
    );
    assert_eq!(record.ignored, ["views"]);
}

#[test]
fn the_preferred_name_wins_whatever_the_order() {
    let map = FieldMap::default();
    let mut record = map
        .parse(br#"{"description": "summary", "body": "full text", "text": "other"}"#)
        .expect("record");
    assert_eq!(
        text(&mut record, Role::Body),
        Some(("body".into(), "full text".into()))
    );
}

#[test]
fn a_mapped_name_comes_first() {
    let mapped = FieldMap::parse_mapping("body=article_text").expect("mapping");
    let map = FieldMap::new(vec![mapped]);
    let mut record = map
        .parse(br#"{"body": "b", "article_text": "a"}"#)
        .expect("record");
    assert_eq!(
        text(&mut record, Role::Body),
        Some(("article_text".into(), "a".into()))
    );
}

#[test]
fn values_of_other_types() {
    let map = FieldMap::default();
    let mut record = map
        .parse(br#"{"id": 42, "date": 1720643400, "body": ["one", "two"], "title": null, "url": {"href": "x"}, "unit": true}"#)
        .expect("record");
    assert_eq!(
        text(&mut record, Role::Id),
        Some(("id".into(), "42".into()))
    );
    assert_eq!(
        text(&mut record, Role::Date),
        Some(("date".into(), "1720643400".into()))
    );
    assert_eq!(
        text(&mut record, Role::Body),
        Some(("body".into(), "one\n\ntwo".into()))
    );
    assert_eq!(record.take(Role::Title), None, "null is absent");
    assert_eq!(
        record.take(Role::Url).map(RecordField::into_text),
        Some(Err("an object"))
    );
    assert_eq!(
        record.take(Role::Unit).map(RecordField::into_text),
        Some(Err("true or false"))
    );
}

/// Two numeric ids past `u64` differ in their last digit: as floats they were one id,
/// and one bulletin replaced the other.
#[test]
fn a_numeric_id_keeps_its_digits() {
    let map = FieldMap::default();
    let id = |json: &str| {
        let mut record = map.parse(json.as_bytes()).expect("valid record");
        text(&mut record, Role::Id).map(|(_, id)| id)
    };
    assert_eq!(
        id(r#"{"id": 100000000000000000001, "body": "x"}"#).as_deref(),
        Some("100000000000000000001")
    );
    assert_eq!(
        id(r#"{"id": 100000000000000000002, "body": "x"}"#).as_deref(),
        Some("100000000000000000002")
    );
    assert_eq!(id(r#"{"id": -7, "body": "x"}"#).as_deref(), Some("-7"));
    assert_eq!(id(r#"{"id": "a/1", "body": "x"}"#).as_deref(), Some("a/1"));
    assert_eq!(
        id(r#"{"id": null, "guid": "g", "body": "x"}"#).as_deref(),
        Some("g")
    );
    assert!(map.parse(br#"{"id": {"x": 1}, "body": "x"}"#).is_ok());
}

#[test]
fn an_empty_preferred_field_does_not_hide_another() {
    let map = FieldMap::default();
    let mut record = map
        .parse(br#"{"body": "  ", "content": "c"}"#)
        .expect("record");
    assert_eq!(
        text(&mut record, Role::Body),
        Some(("content".into(), "c".into()))
    );
}

#[test]
fn not_an_object_is_an_error() {
    let map = FieldMap::default();
    for json in [
        &b"[1, 2]"[..],
        b"\"text\"",
        b"42",
        b"{\"body\": \"x\"} extra",
    ] {
        assert!(
            map.parse(json).is_err(),
            "{}",
            String::from_utf8_lossy(json)
        );
    }
}

#[test]
fn bad_mappings_name_the_argument() {
    assert_eq!(
        FieldMap::parse_mapping("body"),
        Err(FieldMapError::NotAMapping("body".into()))
    );
    assert!(matches!(
        FieldMap::parse_mapping("content=article"),
        Err(FieldMapError::UnknownRole { .. })
    ));
    assert_eq!(
        FieldMap::parse_mapping("Publisher=site"),
        Ok((Role::Publisher, "site".into()))
    );
}
