//! Tests of `assemble`.

use super::*;

fn record(body: &str) -> Record<'static> {
    Record::default().with(Role::Body, body)
}

fn read(record: Record) -> (Bulletin, Vec<String>) {
    Bulletin::from_record(record, "x.jsonl:1".into()).expect("valid record")
}

#[test]
fn explicit_fields_win_over_extraction() {
    let r = record("Sáng 11/7, Công an tỉnh Thanh Hóa tổ chức hội nghị.")
        .with(Role::Title, "Hội nghị")
        .with(Role::Date, "2024-07")
        .with(Role::Province, "nghe an")
        .with(Role::Unit, "Phòng CSGT");
    let (b, warnings) = read(r);
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(b.date.map(|d| d.to_string()), Some("2024-07".into()));
    assert_eq!(b.province.map(|p| p.then), Some("Nghệ An"));
    assert_eq!(
        b.provinces.iter().map(|p| p.then).collect::<Vec<_>>(),
        ["Nghệ An", "Thanh Hóa"]
    );
    assert_eq!(
        b.unit,
        Some(vec![
            "Công an tỉnh Nghệ An".to_owned(),
            "Phòng Cảnh sát giao thông".to_owned()
        ])
    );
}

#[test]
fn bad_values_warn_and_fall_back_to_the_text() {
    let body = "Ngày 28/9/2023, Công an tỉnh Thanh Hóa tổ chức hội nghị.";
    let r = record(body)
        .with(Role::Title, "Hội nghị")
        .with(Role::Date, "yesterday")
        .with(Role::Province, "Atlantis")
        .with(Role::Unit, "Phòng Tuyên truyền XYZ");
    let (b, warnings) = read(r);
    assert_eq!(b.date.map(|d| d.to_string()), Some("2023-09-28".into()));
    assert_eq!(b.province.map(|p| p.then), Some("Thanh Hóa"));
    assert_eq!(b.unit, Some(vec!["Công an tỉnh Thanh Hóa".to_owned()]));
    assert_eq!(warnings.len(), 3, "{warnings:?}");
    assert!(warnings[0].starts_with("`date` \"yesterday\" is not a date"));
    assert!(warnings[1].starts_with("`province` \"Atlantis\" names no province"));
    assert!(warnings[2].starts_with("`unit` \"Phòng Tuyên truyền XYZ\" names no police unit"));
}

#[test]
fn scraper_date_forms_are_read() {
    let r = record("Công an tỉnh Nghệ An").with(Role::Date, "2024-07-11T08:30:00+07:00");
    let (b, warnings) = read(r);
    assert!(warnings.is_empty());
    assert_eq!(b.date.map(|d| d.to_string()), Some("2024-07-11".into()));
}

#[test]
fn a_record_without_a_body_is_an_error() {
    let mut r = Record::default().with(Role::Title, "x");
    r.ignored.push("article".into());
    let err = Bulletin::from_record(r, String::new()).expect_err("no body");
    assert_eq!(err, RecordError::NoBody(vec!["article".into()]));
    assert!(err.to_string().contains("the record has article"));
    assert_eq!(
        Bulletin::from_record(record("  "), String::new()),
        Err(RecordError::EmptyBody("body".into()))
    );
}

#[test]
fn a_long_title_is_cut_at_a_word_and_the_rest_begins_the_body() {
    let line = "Công an tỉnh Nghệ An ".repeat(40);
    let b = Bulletin::from_plain_text(&line, "a.txt".into());
    assert!(
        b.title.chars().count() <= MAX_TITLE_CHARS + 1,
        "{}",
        b.title
    );
    assert!(
        b.title.ends_with("An…") || b.title.ends_with("Công…"),
        "{}",
        b.title
    );
    let rejoined = format!("{} {}", b.title.trim_end_matches('…'), b.body);
    assert_eq!(
        rejoined.split_whitespace().count(),
        line.split_whitespace().count()
    );

    let endless = "x".repeat(1000);
    let (title, body) = cap_title(endless.clone(), "thân bài".into());
    assert_eq!(title.chars().count(), MAX_TITLE_CHARS + 1);
    assert_eq!(body, format!("{}\n\nthân bài", "x".repeat(700)));

    let (title, body) = cap_title("Tin ngắn".into(), "thân".into());
    assert_eq!((title.as_str(), body.as_str()), ("Tin ngắn", "thân"));
}

#[test]
fn a_long_id_is_shortened_stably() {
    let long = "https://example.vn/".to_owned() + &"ả".repeat(400);
    let (a, _) = read(record("body").with(Role::Id, &long));
    let (b, _) = read(record("other body").with(Role::Id, &long));
    assert_eq!(a.id, b.id);
    assert!(a.id.len() < MAX_ID_BYTES, "{}", a.id.len());
    assert_ne!(cap_id(long.clone() + "1"), cap_id(long + "2"));
}

#[test]
fn long_values_are_cut_in_messages() {
    let quoted = quote_short(&"x".repeat(1000));
    assert_eq!(quoted.chars().count(), 83);
}

#[test]
fn stable_hash_is_pinned() {
    // Ids of existing indexes depend on these values: they must never change.
    assert_eq!(stable_hash(""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(stable_hash("vietnews/000001"), 0xf8f5_6e1f_1731_b595);
    assert_eq!(stable_hash("ma túy"), 0xdda9_28ea_fa41_d259);
}

#[test]
fn same_text_differently_spaced_or_normalized_has_one_id() {
    let a = Bulletin::from_plain_text("Tiêu đề\n\nma túy  ở Thanh Hóa", "a.txt".into());
    let nfd: String =
        unicode_normalization::UnicodeNormalization::nfd("Tiêu đề\nma túy ở Thanh Hóa").collect();
    let b = Bulletin::from_plain_text(&nfd, "b.txt".into());
    assert_eq!(a.id, b.id);
    assert_eq!(a.content_hash, b.content_hash);
}

#[test]
fn title_and_body_boundary_is_part_of_the_hash() {
    assert_ne!(
        hash_normalized_text("a b", "c"),
        hash_normalized_text("a", "b c")
    );
}

#[test]
fn url_is_the_id_when_no_id_is_given() {
    let (b, _) = read(record("body").with(Role::Url, "https://example.vn/a"));
    assert_eq!(b.id, "https://example.vn/a");
    let (b, _) = read(record("body").with(Role::Publisher, "Công an Nghệ An"));
    assert!(b.id.starts_with('h'), "{}", b.id);
    assert_eq!(b.publisher.as_deref(), Some("Công an Nghệ An"));
}
