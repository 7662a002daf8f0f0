//! Export rows: CSV as RFC 4180 with a byte order mark, cells a spreadsheet would run as
//! formulas quoted as text, and JSON Lines with every column.

use super::*;

fn row(title: &str) -> ExportRow {
    ExportRow {
        id: "a-1".into(),
        title: title.into(),
        date: Some("2024-07".into()),
        date_precision: Some("month"),
        province: Some("Hưng Yên".into()),
        province_then: Some("Thái Bình".into()),
        unit: Some("Công an tỉnh Thái Bình / Phòng CSGT".into()),
        url: None,
        publisher: None,
        score: Some(1.5),
    }
}

fn csv_of(rows: &[ExportRow]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut writer = RowWriter::new(ExportFormat::Csv, &mut out).expect("header");
    for row in rows {
        writer.write(row).expect("row");
    }
    assert_eq!(writer.finish().expect("flush"), rows.len());
    out
}

#[test]
fn csv_starts_with_a_byte_order_mark_and_quotes_as_rfc_4180() {
    let out = csv_of(&[row("Bắt \"Tú\", 30 tuổi\nở Thái Bình")]);
    assert!(out.starts_with(UTF8_BOM));
    let text = String::from_utf8(out[3..].to_vec()).expect("UTF-8");
    assert_eq!(
        text,
        "id,title,date,date_precision,province,province_then,unit,url,publisher,score\r\n\
         a-1,\"Bắt \"\"Tú\"\", 30 tuổi\nở Thái Bình\",2024-07,month,Hưng Yên,Thái Bình,\
         Công an tỉnh Thái Bình / Phòng CSGT,,,1.5\r\n"
    );
}

#[test]
fn a_cell_a_spreadsheet_would_run_as_a_formula_is_quoted_as_text() {
    let out = csv_of(&[row("=HYPERLINK(\"http://x\")")]);
    let text = String::from_utf8(out[3..].to_vec()).expect("UTF-8");
    assert!(
        text.contains(",\"'=HYPERLINK(\"\"http://x\"\")\","),
        "{text}"
    );
    assert_eq!(spreadsheet_safe("Bắt"), "Bắt");
    assert_eq!(spreadsheet_safe("-5 độ"), "'-5 độ");
}

#[test]
fn json_lines_rows_carry_every_column() {
    let mut out = Vec::new();
    let mut writer = RowWriter::new(ExportFormat::Jsonl, &mut out).expect("writer");
    writer.write(&row("Tin")).expect("row");
    writer.finish().expect("flush");
    let text = String::from_utf8(out).expect("UTF-8");
    let value: serde_json::Value = serde_json::from_str(text.trim_end()).expect("JSON");
    let keys: Vec<&str> = value
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    let mut columns = COLUMNS.to_vec();
    columns.sort_unstable();
    let mut sorted = keys.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, columns);
    assert!(text.ends_with('\n') && text.lines().count() == 1);
}
