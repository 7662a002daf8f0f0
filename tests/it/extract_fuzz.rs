//! Extraction must take any text and any record without panicking or hanging: plain-text
//! bulletins and JSON records assembled from the pieces real ones are made of (datelines,
//! time stamps, provinces, units, people, numbers, broken dates) and from what breaks parsers
//! (combining marks, controls, lone separators, huge numbers).
//!
//! `BANTIN_FUZZ_CASES` sets the number of cases (default 500).

use bantin::bulletin::read::FieldMap;
use bantin::bulletin::{Bulletin, BulletinDate, DateWindow};
use proptest::prelude::*;

fn cases() -> u32 {
    std::env::var("BANTIN_FUZZ_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(500)
}

fn piece() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "Ngày ",
        "Sáng ",
        "chiều nay ",
        "Khoảng 21h40' ngày ",
        "11/7",
        "11/07/2024",
        "29/2/2023",
        "31-12-1999",
        "0/0/0000",
        "99/99/99999",
        "2024-07-11T08:30:00+07:00",
        "2024-13-45",
        "20240711",
        "Thứ Năm, ",
        "11 tháng 7, 2024",
        "tháng ",
        "năm 2025",
        "năm ",
        "1954",
        "đến năm 2030",
        "sơ kết 6 tháng đầu năm 2024",
        "Đăng ngày: ",
        "Cập nhật: ",
        "Lượt xem: 96",
        " date 2023-10 ",
        "Tin tức, sự kiện",
        "Trang chủ > Tin tức",
        "Pháp luật ",
        "Công an tỉnh Nghệ An",
        "Công an huyện Quỳnh Lưu",
        "Phòng CSGT",
        "Bộ Công an",
        "Cục Cảnh sát hình sự",
        "huyện Châu Thành",
        "xã Tân Phú",
        "quận Gò Vấp",
        "TP.HCM",
        "Thanh Hoá",
        "Huế",
        "ông Nguyễn Thanh Hóa",
        "Trương Hòa Bình",
        "đường Thái Nguyên",
        "Quốc lộ 1A",
        "quê Thanh Hóa",
        "trú tại ",
        "TAND tỉnh Phú Thọ",
        " bắt giữ đối tượng ma túy",
        "(Dân trí) - ",
        "(CAND) ",
        ", ",
        ". ",
        ": ",
        " | ",
        " - ",
        "/",
        "-",
        "(",
        ")",
        "\n",
        "\n\n",
        "\r\n",
        "\t",
        " ",
        "\u{0301}",
        "\u{0}",
        "\u{feff}",
        "\u{200b}",
        "🚓",
        "漢字",
        "1",
        "12345678901234567890",
    ])
}

fn bulletin_text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..60).prop_map(|pieces| pieces.concat())
}

fn window() -> DateWindow {
    DateWindow::new(1945, BulletinDate::day(2026, 11, 23).expect("a date"))
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn any_plain_text_extracts_without_panicking(text in bulletin_text(), path in bulletin_text()) {
        let window = window();
        let bulletin = Bulletin::from_plain_text_in(&text, path, &window);
        if let Some(date) = bulletin.date {
            prop_assert!(window.contains(&date), "{date} is outside the window");
        }
        prop_assert!(bulletin.title.chars().count() <= 400, "title {:?}", bulletin.title);
    }

    #[test]
    fn any_record_extracts_without_panicking(
        title in bulletin_text(),
        body in bulletin_text(),
        date in bulletin_text(),
        province in bulletin_text(),
        unit in bulletin_text(),
    ) {
        let window = window();
        let json = serde_json::json!({
            "title": title, "body": body, "date": date, "province": province, "unit": unit,
        })
        .to_string();
        let fields = FieldMap::default();
        let record = fields.parse(json.as_bytes()).expect("a JSON object");
        if let Ok((bulletin, _warnings)) = Bulletin::from_record_in(record, "fuzz:1".into(), &window) {
            if let Some(date) = bulletin.date {
                prop_assert!(window.contains(&date), "{date} is outside the window");
            }
        }
    }
}
