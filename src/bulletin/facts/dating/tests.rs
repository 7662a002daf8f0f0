//! The date rules: datelines, title years, paths and how they are weighed.

use super::*;

#[test]
fn datelines_of_the_seeds() {
    let day = |text: &str| find_dateline(text).map(|d| (d.date.day, d.date.month, d.date.year));
    assert_eq!(day("Sáng 11/7, Công an tỉnh"), Some((11, 7, None)));
    assert_eq!(day("Ngày 28/9/2023, Bộ Công an"), Some((28, 9, Some(2023))));
    assert_eq!(day("tổ chức sáng nay (27/12)."), Some((27, 12, None)));
    assert_eq!(day("Nghị quyết số 12-NQ/TW và 80,38%"), None);
    assert_eq!(day("hơn 1/3 dân số"), None);
}

fn window() -> DateWindow {
    DateWindow::new(1945, BulletinDate::day(2026, 11, 23).expect("valid"))
}

fn date_of(title: &str, body: &str) -> Option<String> {
    resolve_date(DateEvidence::default(), title, body, &window()).map(|d| d.to_string())
}

#[test]
fn dates_never_invented() {
    assert_eq!(date_of("Bắt đối tượng", "Ngày 27/3, Công an"), None);
    assert_eq!(
        date_of("sơ kết 6 tháng đầu năm 2024", "Sáng 11/7, Công an"),
        Some("2024-07-11".into())
    );
    assert_eq!(
        date_of(
            "Sơ kết công tác 6 tháng đầu năm 2024",
            "Công an tỉnh tổ chức"
        ),
        Some("2024".into())
    );
}

#[test]
fn whole_year_review_is_held_late_that_year_or_early_the_next() {
    let title = "Tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024";
    assert_eq!(date_of(title, "Công an tỉnh tổ chức"), None);
    assert_eq!(
        date_of(title, "Sáng 11/1, Công an tỉnh tổ chức"),
        Some("2024-01-11".into())
    );
    assert_eq!(
        date_of(title, "Sáng 28/12, Công an tỉnh tổ chức"),
        Some("2023-12-28".into())
    );
    assert_eq!(date_of(title, "Sáng 11/7, Công an tỉnh"), None);
}

#[test]
fn title_year_of_a_plan_a_target_or_a_birth_is_not_the_date() {
    for title in [
        "Dự kiến vào năm 2025, Hà Nội sẽ có thêm 5 quận mới",
        "Đến năm 2030, mỗi xã có một đồn công an",
        "Tầm nhìn đến năm 2045",
        "năm 2068",
        // vietnews/000236
        "Hành trình truy tìm tên sát nhân sinh năm 2000 gây án mạng kinh hoàng ngày mùng 1 Tết",
    ] {
        assert_eq!(date_of(title, "Công an tỉnh tổ chức"), None, "{title}");
        assert_eq!(date_of(title, "Sáng 11/7, Công an tỉnh"), None, "{title}");
    }
}

#[test]
fn a_time_of_day_opening_the_sentence_keeps_the_dateline_opening_it() {
    // A capital time of day before the dateline word: `Chiều ngày 10/5/2018`, `Trưa
    // ngày 22/4/2014`, `Chiều tối 29/12/2018`.
    for (body, date) in [
        (
            "Chiều ngày 10/5/2018, tại Hà Nội, Tập đoàn ký kết",
            "2018-05-10",
        ),
        (
            "Trưa ngày 22/4/2014, một nhóm thanh niên chặn đường",
            "2014-04-22",
        ),
        (
            "Chiều tối 29/12/2018, Ủy ban báo cáo tình hình",
            "2018-12-29",
        ),
    ] {
        assert_eq!(date_of("Tin", body), Some(date.into()), "{body}");
    }
    // Inside a sentence it is still what happened then.
    let body = "Sau khi nghị án, chiều ngày 3/1/2018, tòa tuyên án";
    assert_eq!(date_of("Tuyên án", body), None);
}

#[test]
fn dated_lead_gives_the_day() {
    // vietnews/000765
    let lead =
        "Ngày 2/1/2019, cơ quan CSĐT Công an huyện Châu Thành (Tiền Giang) bắt giữ nhóm người";
    assert_eq!(date_of("Bắt nhóm", lead), Some("2019-01-02".into()));
    assert_eq!(
        date_of("Xử lý vi phạm", &format!("(Dân trí) - {lead}")),
        Some("2019-01-02".into())
    );
}

#[test]
fn dated_second_paragraph_after_a_summary_and_a_time_of_day() {
    // vietnews/065130: a summary, then the dated lead.
    let body = "Tóm tắt nội dung bài viết.\n\nChiều 14/5/2016, Thứ trưởng Bộ Khoa học và Công nghệ chủ trì";
    assert_eq!(date_of("Hội nghị", body), Some("2016-05-14".into()));
    // vietnews/064017
    let lead = "Theo Agribank, khoảng 21h40’ ngày 25/4/2018, Agribank nhận được tin báo";
    assert_eq!(date_of("Mất tiền", lead), None);
    let lead = "Khoảng 21h40’ ngày 25/4/2018, Agribank nhận được tin báo";
    assert_eq!(date_of("Mất tiền", lead), Some("2018-04-25".into()));
}

#[test]
fn historical_date_in_the_lead_is_not_the_date() {
    let lead = "Ngày 10/10/1954, bộ đội tiến về tiếp quản Thủ đô. Năm 2024, Công an TP Hà Nội tổ chức kỷ niệm";
    assert_eq!(date_of("Kỷ niệm ngày giải phóng Thủ đô", lead), None);
    // A date told inside a sentence is when something happened, not the bulletin's.
    let inside = "Vụ sự cố y khoa xảy ra tại Bệnh viện ngày 29/5/2017 làm 9 người chết.";
    assert_eq!(date_of("Xét xử phúc thẩm", inside), None);
    // ... but `sáng nay` inside a sentence is the day it was written (seed 003).
    let evidence = DateEvidence {
        header: BulletinDate::month(2023, 12),
        ..Default::default()
    };
    let today = "Đó là thông tin tại Hội nghị tổ chức sáng nay (27/12).";
    let found = resolve_date(evidence, "Tin", today, &window());
    assert_eq!(found.map(|d| d.to_string()), Some("2023-12-27".into()));
}

#[test]
fn dates_outside_the_window_are_unknown() {
    assert_eq!(date_of("Tin", "Ngày 2/1/2068, Công an tỉnh"), None);
    assert_eq!(date_of("Tin", "Ngày 2/1/1930, Công an tỉnh"), None);
    let evidence = DateEvidence {
        explicit: BulletinDate::day(2030, 1, 1),
        header: BulletinDate::month(2024, 7),
        ..Default::default()
    };
    let found = resolve_date(evidence, "Tin", "Sáng 11/7, Công an", &window());
    assert_eq!(found.map(|d| d.to_string()), Some("2024-07-11".into()));
}

#[test]
fn dates_in_paths() {
    let path = |p: &str| date_in_path(p).map(|d| d.to_string());
    assert_eq!(path("site/2023/10/12/slug.txt"), Some("2023-10-12".into()));
    assert_eq!(path("site/2023/10/slug.txt"), Some("2023-10".into()));
    assert_eq!(path("a/2023-10-12-slug.txt"), Some("2023-10-12".into()));
    assert_eq!(path("a/20231012_slug.txt"), Some("2023-10-12".into()));
    assert_eq!(path("a/2023_10_12 slug.txt"), Some("2023-10-12".into()));
    assert_eq!(path("a/202310125_slug.txt"), None);
    assert_eq!(path("a/2023-13-12-slug.txt"), None);
    assert_eq!(path("seeds/000_85eaddf2e45121e1.txt"), None);
    assert_eq!(path("2023/notes.txt"), None);
}

#[test]
fn path_date_is_below_posting_line_and_above_dateline() {
    let evidence = DateEvidence {
        path: BulletinDate::day(2023, 10, 12),
        ..Default::default()
    };
    let found = resolve_date(evidence, "Tin", "Ngày 2/1/2019, Công an", &window());
    assert_eq!(found.map(|d| d.to_string()), Some("2023-10-12".into()));
    let evidence = DateEvidence {
        posted: BulletinDate::day(2023, 10, 13),
        ..evidence
    };
    let found = resolve_date(evidence, "Tin", "", &window());
    assert_eq!(found.map(|d| d.to_string()), Some("2023-10-13".into()));
}
