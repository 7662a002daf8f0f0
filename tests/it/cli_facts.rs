//! Dates and provinces as users meet them: `--province Huế`, implausible dates, dates in
//! paths, `stats` at each date's precision, and `bantin eval facts`.

use std::path::Path;

use serde_json::Value;

use crate::common::{bantin, search_json, Fixture};

fn hit_ids(results: &Value) -> Vec<String> {
    let hits = results["hits"].as_array().cloned().unwrap_or_default();
    hits.iter()
        .map(|h| h["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

fn show_date(index: &Path, id: &str) -> String {
    let run = bantin(index, &["show", "--json", id], None).expect_code(0);
    let shown: Value = serde_json::from_str(&run.stdout).expect("show --json prints JSON");
    shown["date"].as_str().unwrap_or("unknown").to_owned()
}

#[test]
fn hue_is_accepted_as_a_filter_and_as_a_json_province() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let input = concat!(
        r#"{"id": "today", "province": "Huế", "body": "Lực lượng chức năng kiểm tra cơ sở kinh doanh."}"#,
        "\n",
        r#"{"id": "then", "body": "Sáng 11/7, Công an tỉnh Thừa Thiên Huế bắt giữ đối tượng."}"#,
        "\n",
        r#"{"id": "elsewhere", "body": "Sáng 11/7, Công an tỉnh Nghệ An bắt giữ đối tượng."}"#,
        "\n",
    );
    bantin(&index, &["ingest", "-"], Some(input)).expect_code(0);
    for name in ["Huế", "hue", "Thừa Thiên Huế"] {
        let mut found = hit_ids(&search_json(&index, &["--province", name, "--limit", "10"]));
        found.sort();
        assert_eq!(found, ["then", "today"], "--province {name}");
    }
}

#[test]
fn implausible_explicit_date_is_dropped_with_a_warning_and_the_text_date_used() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let input = concat!(
        r#"{"id": "future", "date": "2999-01-01", "title": "Bắt giữ", "body": "Ngày 2/1/2019, Công an tỉnh Nghệ An bắt giữ."}"#,
        "\n",
        r#"{"id": "old", "date": "1900-05-01", "body": "Công an tỉnh Nghệ An bắt giữ."}"#,
        "\n",
    );
    let run = bantin(&index, &["ingest", "-"], Some(input)).expect_code(0);
    assert!(
        run.stderr.contains("<stdin>:1") && run.stderr.contains("2999-01-01"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("1900-05-01"), "{}", run.stderr);
    assert_eq!(show_date(&index, "future"), "2019-01-02");
    assert_eq!(show_date(&index, "old"), "unknown");
}

#[test]
fn min_year_moves_the_floor() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let input = r#"{"id": "a", "date": "2019-05-01", "body": "Công an tỉnh Nghệ An bắt giữ."}"#;
    bantin(&index, &["ingest", "--min-year", "2020", "-"], Some(input))
        .expect_code(0)
        .expect_stderr_contains("before 2020 (--min-year)");
    assert_eq!(show_date(&index, "a"), "unknown");
    bantin(&index, &["ingest", "--min-year", "99999", "-"], Some(input))
        .expect_code(2)
        .expect_stderr_contains("--min-year 99999");
    // A year before the index's dates begin would wrap around to the 2080s.
    bantin(&index, &["ingest", "--min-year", "1500", "-"], Some(input))
        .expect_code(2)
        .expect_stderr_contains("--min-year 1500 must be a year from 1678");
}

#[test]
fn a_date_in_the_path_dates_a_plain_bulletin() {
    let Fixture { dir, index } = Fixture::empty();
    let day = dir.path().join("site/2023/10/12");
    std::fs::create_dir_all(&day).expect("dirs");
    std::fs::write(
        day.join("bat-giu.txt"),
        "Bắt giữ đối tượng\n\nSáng 11/7, Công an tỉnh Nghệ An bắt giữ.",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("site/20240105_tin.txt"),
        "Tin\n\nCông an tỉnh Nghệ An tổ chức.",
    )
    .expect("write");
    let site = dir.path().join("site");
    bantin(&index, &["ingest", site.to_str().expect("utf-8")], None).expect_code(0);
    let run = bantin(&index, &["stats", "--json"], None).expect_code(0);
    let stats: Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(stats["documents"], 2);
    assert_eq!(stats["first_date"], "2023-10-12");
    assert_eq!(stats["last_date"], "2024-01-05");
}

#[test]
fn stats_prints_dates_at_their_precision() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let input = concat!(
        r#"{"id": "y", "date": "2020", "body": "Công an tỉnh Nghệ An tổ chức."}"#,
        "\n",
        r#"{"id": "m", "date": "2024-03", "body": "Công an tỉnh Nghệ An tổ chức."}"#,
        "\n",
    );
    bantin(&index, &["ingest", "-"], Some(input)).expect_code(0);
    bantin(&index, &["stats"], None)
        .expect_code(0)
        .expect_stdout_contains("dates       2020 to 2024-03 (0 undated)");
}

#[test]
fn eval_facts_prints_the_figures_and_the_misses() {
    let dir = tempfile::tempdir().expect("temp dir");
    let labels = dir.path().join("labels");
    std::fs::create_dir(&labels).expect("dir");
    std::fs::write(
        labels.join("police.jsonl"),
        concat!(
            r#"{"id": "n/1", "kind": "police", "main_province": "Nghệ An", "provinces": [], "date": "2019-01-02"}"#,
            "\n",
            r#"{"id": "n/2", "kind": "police", "main_province": "Hà Tĩnh", "provinces": [], "date": null}"#,
            "\n",
        ),
    )
    .expect("write");
    let corpus = dir.path().join("corpus.jsonl");
    std::fs::write(
        &corpus,
        concat!(
            r#"{"id": "n/1", "title": "Bắt giữ", "body": "Ngày 2/1/2019, Công an tỉnh Nghệ An bắt giữ."}"#,
            "\n",
            r#"{"id": "n/9", "title": "Khác", "body": "Không liên quan."}"#,
            "\n",
            r#"{"id": "n/2", "title": "Bắt giữ", "body": "Sáng 3/1, Công an tỉnh Nghệ An bắt giữ."}"#,
            "\n",
        ),
    )
    .expect("write");
    let args = [
        "eval",
        "facts",
        "--labels",
        labels.to_str().expect("utf-8"),
        "--corpus",
        corpus.to_str().expect("utf-8"),
    ];
    bantin(dir.path(), &args, None)
        .expect_code(0)
        .expect_stdout_contains("date precision        1.000  (1 right of 1 given)")
        .expect_stdout_contains("main province right   0.500  (1 of 2 police")
        .expect_stdout_contains("province n/2  Hà Tĩnh -> Nghệ An");
    std::fs::write(labels.join("bad.jsonl"), "{\"id\": 5}\n").expect("write");
    bantin(dir.path(), &args, None)
        .expect_code(2)
        .expect_stderr_contains("bad.jsonl:1");
}

#[test]
fn a_time_stamp_line_under_the_title_is_not_read_as_a_date() {
    let Fixture { dir, index } = Fixture::empty();
    let body =
        "Ngày 10/7, Công an huyện Quỳnh Lưu bắt giữ đối tượng tàng trữ trái phép chất ma túy.";
    let files = dir.path().join("scraped");
    std::fs::create_dir(&files).expect("mkdir");
    std::fs::write(
        files.join("under.txt"),
        format!("Bắt đối tượng tàng trữ ma túy\nThứ Năm, 11/07/2024 - 08:30\n\n{body}\n"),
    )
    .expect("write");
    std::fs::write(
        files.join("above.txt"),
        format!("Cập nhật: 12/07/2024 08:30 (GMT+7)\nBắt đối tượng vận chuyển ma túy\n{body}\n"),
    )
    .expect("write");
    let record = serde_json::json!({
        "id": "json-stamp",
        "title": "Bắt đối tượng mua bán ma túy",
        "body": format!("13/07/2024 08:30\n{body}"),
    });
    std::fs::write(files.join("feed.jsonl"), format!("{record}\n")).expect("write");
    bantin(&index, &["ingest", files.to_str().expect("utf-8")], None).expect_code(0);

    // One body under three titles: near-duplicates, one story; every copy is wanted here.
    let results = search_json(&index, &["ma tuy", "--limit", "10", "--no-collapse"]);
    let hits = results["hits"].as_array().cloned().unwrap_or_default();
    assert_eq!(hits.len(), 3, "{results}");
    let mut dated: Vec<(String, String)> = hits
        .iter()
        .map(|h| {
            (
                h["title"].as_str().unwrap_or_default().to_owned(),
                h["date"].as_str().unwrap_or("unknown").to_owned(),
            )
        })
        .collect();
    dated.sort();
    assert_eq!(
        dated,
        [
            (
                "Bắt đối tượng mua bán ma túy".to_owned(),
                "2024-07-13".to_owned()
            ),
            (
                "Bắt đối tượng tàng trữ ma túy".to_owned(),
                "2024-07-11".to_owned()
            ),
            (
                "Bắt đối tượng vận chuyển ma túy".to_owned(),
                "2024-07-12".to_owned()
            ),
        ]
    );
    let shown = bantin(&index, &["show", "--json", "json-stamp"], None).expect_code(0);
    let shown: Value = serde_json::from_str(&shown.stdout).expect("show --json prints JSON");
    assert_eq!(shown["body"], body, "the stamp is not body text");
}

#[test]
fn a_province_field_holding_an_address_or_a_force_names_no_province() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let body = "Lực lượng chức năng bắt giữ đối tượng tàng trữ ma túy.";
    let mut input = String::new();
    for (id, province) in [
        ("force", "Công an tỉnh Nghệ An"),
        ("address", "huyện Quỳnh Lưu, Nghệ An"),
        ("country", "Hà Nội, Việt Nam"),
        ("english", "Quảng Nam province"),
        ("two", "Hà Nội - Hải Phòng"),
    ] {
        let record = serde_json::json!({"id": id, "province": province, "body": body});
        input.push_str(&format!("{record}\n"));
    }
    let run = bantin(&index, &["ingest", "-"], Some(&input)).expect_code(0);
    assert!(
        run.stderr
            .contains("`province` \"Hà Nội - Hải Phòng\" names no province"),
        "two provinces are not one: {}",
        run.stderr
    );
    assert_eq!(
        run.stderr.matches("names no province").count(),
        1,
        "{}",
        run.stderr
    );
    // One body five times: one story; every copy is wanted here.
    let mut nghe_an = hit_ids(&search_json(
        &index,
        &["--province", "Nghệ An", "--no-collapse"],
    ));
    nghe_an.sort();
    assert_eq!(nghe_an, ["address", "force"]);
    assert_eq!(
        hit_ids(&search_json(&index, &["--province", "Hà Nội"])),
        ["country"]
    );
    assert_eq!(
        hit_ids(&search_json(&index, &["--province", "Quảng Nam"])),
        ["english"]
    );
}

/// A Central Highlands district keeps its apostrophe: `Đắk R'Lấp`, however it is typed, is
/// one unit that a filter finds, not `Công an huyện Đắk R`.
#[test]
fn unit_names_keep_their_apostrophes() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let input = concat!(
        r#"{"id": "straight", "body": "Ngày 3/5/2024, Công an huyện Đắk R'Lấp (tỉnh Đắk Nông) bắt giữ 2 đối tượng trộm cắp."}"#,
        "\n",
        r#"{"id": "curled", "body": "Ngày 4/5/2024, Công an huyện Đắk R’Lấp, tỉnh Đắk Nông bắt giữ đối tượng trộm cắp."}"#,
        "\n",
        r#"{"id": "ea-hleo", "body": "Ngày 5/5/2024, Công an huyện Ea H'Leo, tỉnh Đắk Lắk bắt giữ đối tượng trộm cắp."}"#,
        "\n",
    );
    bantin(&index, &["ingest", "-"], Some(input)).expect_code(0);
    // Two spellings of one bulletin: one story; both are wanted here.
    let mut found = hit_ids(&search_json(
        &index,
        &[
            "--unit",
            "Công an huyện Đắk R'Lấp",
            "trộm cắp",
            "--no-collapse",
        ],
    ));
    found.sort();
    assert_eq!(found, ["curled", "straight"]);
    let found = hit_ids(&search_json(
        &index,
        &["--unit", "Công an huyện Ea H'Leo", "trộm cắp"],
    ));
    assert_eq!(found, ["ea-hleo"]);
    let shown = bantin(&index, &["show", "curled"], None).expect_code(0);
    assert!(
        shown
            .stdout
            .contains("Công an tỉnh Đắk Nông / Công an huyện Đắk R'Lấp"),
        "{}",
        shown.stdout
    );
}

/// A ship, a rig or a plant named after a province, a Chinese province of the same name, or
/// Hà Nội's time zone are not the place of the story: `--province` does not find them.
#[test]
fn names_that_hold_a_province_are_not_its_place() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let input = concat!(
        r#"{"id": "ship", "body": "Tàu khảo sát Hải Dương 8 của Trung Quốc tiếp tục hoạt động trái phép; tàu Hải Dương 8 được nhiều tàu hộ tống."}"#,
        "\n",
        r#"{"id": "henan", "body": "Cảnh sát tỉnh Hà Nam, Trung Quốc bắt giữ nghi phạm. Vụ án xảy ra ở tỉnh Hà Nam (Trung Quốc) hôm 3/5."}"#,
        "\n",
        r#"{"id": "clock", "body": "Cảnh sát Pháp bắt giữ nghi phạm lúc 20h (giờ Hà Nội) tại Paris; phiên tòa mở lúc 9h (giờ Hà Nội)."}"#,
        "\n",
        r#"{"id": "real", "body": "Công an tỉnh Hải Dương bắt giữ đối tượng tàng trữ ma túy tại Hải Dương."}"#,
        "\n",
    );
    bantin(&index, &["ingest", "-"], Some(input)).expect_code(0);
    for (province, expected) in [
        ("hai duong", vec!["real"]),
        ("ha nam", vec![]),
        ("ha noi", vec![]),
    ] {
        let found = hit_ids(&search_json(&index, &["--province", province]));
        assert_eq!(found, expected, "--province {province}");
    }
}

/// A story the title sets abroad is not filed under the provinces it names in passing; a
/// story about foreigners caught at home still is.
#[test]
fn a_story_set_abroad_has_no_main_province_from_passing_mentions() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let input = concat!(
        r#"{"id": "abroad", "title": "Hai nữ hành khách Việt bị giữ ở Malaysia", "body": "Hai phụ nữ nói có bom trong hành lý tại sân bay Kuala Lumpur, trên chuyến bay về Hà Nội. Chuyến bay đi Hà Nội bị hoãn nhiều giờ."}"#,
        "\n",
        r#"{"id": "home", "title": "Bắt hai người Trung Quốc trộm tiền", "body": "Hai người Trung Quốc trộm tiền tại một cửa hàng ở Hà Nội. Cảnh sát đã đưa hai người về trụ sở ở Hà Nội."}"#,
        "\n",
    );
    bantin(&index, &["ingest", "-"], Some(input)).expect_code(0);
    let found = hit_ids(&search_json(&index, &["--province", "ha noi"]));
    assert_eq!(found, ["home"]);
}

/// A vehicle's plate, a route's ends and a road named after a province say where a vehicle
/// is from or going, not where the matter is.
#[test]
fn plates_and_routes_are_not_where_the_matter_is() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let input = concat!(
        r#"{"id": "crash", "title": "Xe khách lao xuống ruộng, 13 người bị thương", "body": "Xe khách mang biển Thanh Hoá va chạm với xe tải biển Đà Nẵng trên đường tránh thành phố Vinh (Nghệ An).\nXe tải biển Đà Nẵng lật ngang đường, một xe tải biển Đà Nẵng khác đâm vào dải phân cách.\nCác nạn nhân được đưa đến bệnh viện ở Nghệ An."}"#,
        "\n",
        r#"{"id": "train", "title": "Tàu khách trật bánh do va chạm xe container", "body": "Tàu khách đang đưa khách từ Lạng Sơn về Hà Nội thì va chạm với xe container tại Bắc Giang.\nHôm trước, một tàu hàng chạy từ hướng Sài Gòn đi Hà Nội bị trật bánh trên tuyến đường sắt Hà Nội - Lạng Sơn."}"#,
        "\n",
    );
    bantin(&index, &["ingest", "-"], Some(input)).expect_code(0);
    for (province, expected) in [
        ("nghe an", vec!["crash"]),
        ("bac giang", vec!["train"]),
        ("da nang", vec![]),
        ("ha noi", vec![]),
        ("lang son", vec![]),
    ] {
        let found = hit_ids(&search_json(&index, &["--province", province]));
        assert_eq!(found, expected, "--province {province}");
    }
}

/// Where a person was born or served, a company named after a province, the capital as the
/// seat of national bodies, and a city's procuracy the supreme one hands a case to do not
/// make a story local.
#[test]
fn biographies_companies_and_national_bodies_give_no_province() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let input = concat!(
        r#"{"id": "biography", "title": "Thủ tướng bổ nhiệm Thứ trưởng Bộ Công an", "body": "Thủ tướng vừa ký quyết định bổ nhiệm Thứ trưởng Bộ Công an.\nÔng Nguyễn Văn Sơn sinh ngày 2/9/1961 tại xã Thạch Việt, huyện Thạch Hà, tỉnh Hà Tĩnh. Ông từng đảm nhiệm chức vụ Giám đốc Công an tỉnh Hà Tĩnh."}"#,
        "\n",
        r#"{"id": "company", "title": "8 công ty du lịch bị đình chỉ tư cách xin visa", "body": "Cơ quan chức năng vừa đình chỉ tám công ty du lịch.\nTrong đó có Công ty cổ phần dịch vụ giải trí Hà Nội. Công ty cổ phần dịch vụ giải trí Hà Nội đã gửi nhiều hồ sơ không đúng."}"#,
        "\n",
        r#"{"id": "capital", "title": "Chính phủ thúc đẩy kinh tế tư nhân", "body": "Kỳ họp thứ 7 Quốc hội khai mạc tại Hà Nội.\nChính phủ đã báo cáo trước Quốc hội tại Hà Nội về kinh tế tư nhân."}"#,
        "\n",
        r#"{"id": "supreme", "title": "Truy tố nguyên tổng giám đốc liên doanh", "body": "Hai bị can bị truy tố về tội lạm dụng chức vụ, quyền hạn chiếm đoạt tài sản.\nViện Kiểm sát nhân dân tối cao vừa hoàn tất cáo trạng và phân công Viện Kiểm sát nhân dân TP Hà Nội thực hành quyền công tố."}"#,
        "\n",
        r#"{"id": "local", "title": "Bắt đối tượng trộm cắp", "body": "Công an quận Đống Đa, TP Hà Nội vừa bắt giữ đối tượng trộm cắp tài sản tại Hà Nội."}"#,
        "\n",
    );
    bantin(&index, &["ingest", "-"], Some(input)).expect_code(0);
    assert_eq!(
        hit_ids(&search_json(&index, &["--province", "ha noi"])),
        ["local"]
    );
    assert!(hit_ids(&search_json(&index, &["--province", "ha tinh"])).is_empty());
}

/// National figures that list provinces as examples have no main province, even where a
/// listed province's force is quoted.
#[test]
fn national_figures_listing_provinces_have_no_main_province() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let input = concat!(
        r#"{"id": "tet", "title": "Hơn 200 người chết vì tai nạn giao thông trong 7 ngày Tết", "body": "Trong 7 ngày nghỉ Tết, cả nước xảy ra 250 vụ tai nạn giao thông, làm chết 200 người.\nCác địa phương có nhiều vụ nhất là Thanh Hóa (12 vụ), Nghệ An (10 vụ), Hà Nội (9 vụ), Đồng Nai (8 vụ) và TP HCM (8 vụ).\nCông an tỉnh Thanh Hóa cho biết đã xử lý 3.000 trường hợp vi phạm nồng độ cồn."}"#,
        "\n",
        r#"{"id": "local", "title": "Xử lý vi phạm nồng độ cồn dịp Tết", "body": "Trong 7 ngày nghỉ Tết, Công an tỉnh Thanh Hóa đã xử lý 3.000 trường hợp vi phạm nồng độ cồn."}"#,
        "\n",
    );
    bantin(&index, &["ingest", "-"], Some(input)).expect_code(0);
    assert_eq!(
        hit_ids(&search_json(&index, &["--province", "thanh hoa"])),
        ["local"]
    );
    let shown = bantin(&index, &["show", "tet"], None).expect_code(0);
    assert!(shown.stdout.contains("Nghệ An"), "{}", shown.stdout);
}
