//! Facets count as the hits show: stories by default (near-duplicate bulletins once), every
//! bulletin with `--no-collapse`, and they say which, in the CLI, the JSON and on the page.

use std::path::Path;

use crate::common;
use common::server::Server;
use common::Fixture;
use common::{bantin, search_json};
use serde_json::{json, Value};

/// One arrest in Nghệ An, published twice with the same text.
const ARREST: [&str; 4] = [
    "Ngày 12/3, Công an tỉnh Nghệ An cho biết, Phòng Cảnh sát điều tra tội phạm về ma túy vừa \
     bắt quả tang Lê Văn Hùng (SN 1991, trú xã Diễn Kỷ, huyện Diễn Châu) đang tàng trữ trái \
     phép chất ma túy.",
    "Khoảng 21 giờ ngày 10/3, tổ công tác phát hiện Hùng điều khiển xe máy chở theo một ba lô \
     màu đen đi trên quốc lộ 1A, đoạn qua xã Diễn Hồng, có biểu hiện nghi vấn nên yêu cầu dừng \
     xe kiểm tra.",
    "Kiểm tra ba lô, lực lượng chức năng thu giữ 2 bánh heroin, 6.000 viên ma túy tổng hợp cùng \
     một khẩu súng ngắn tự chế, 3 điện thoại di động và hơn 40 triệu đồng tiền mặt.",
    "Hiện Cơ quan Cảnh sát điều tra Công an tỉnh Nghệ An đã khởi tố vụ án, khởi tố bị can, bắt \
     tạm giam Lê Văn Hùng về tội mua bán trái phép chất ma túy.",
];

/// Another arrest in Nghệ An, another story.
const OTHER_ARREST: [&str; 4] = [
    "Ngày 14/3, Công an tỉnh Nghệ An cho biết, lực lượng chức năng vừa bắt quả tang Trần Văn \
     Bình (SN 1987, trú phường Hưng Lộc, TP Vinh) đang mua bán trái phép chất ma túy.",
    "Khoảng 15 giờ ngày 13/3, tại khu vực chợ Vinh, tổ công tác phát hiện Bình đang giao một gói \
     nilon cho người mua nên ập vào bắt giữ, thu tại chỗ 5 gói heroin và 300 viên hồng phiến.",
    "Khám xét nơi ở của Bình, công an thu thêm 2 cân ma túy đá, một cân điện tử và nhiều túi \
     nilon dùng để phân chia ma túy; Bình khai được một người ở Thanh Chương thuê cất giữ.",
    "Bước đầu Bình thừa nhận đã bán ma túy cho nhiều con nghiện trên địa bàn TP Vinh từ cuối \
     năm trước, mỗi gói heroin bán với giá từ 300.000 đến 500.000 đồng.",
];

fn record(id: &str, title: &str, paragraphs: &[&str]) -> String {
    dated(id, title, paragraphs, Some("2024-03-12"))
}

fn dated(id: &str, title: &str, paragraphs: &[&str], date: Option<&str>) -> String {
    let mut record = json!({
        "id": id,
        "title": title,
        "body": paragraphs.join("\n\n"),
    });
    if let Some(date) = date {
        record["date"] = json!(date);
    }
    record.to_string() + "\n"
}

const TITLE: &str = "Công an tỉnh Nghệ An bắt giữ đối tượng tàng trữ ma túy";
const OTHER_TITLE: &str = "Công an tỉnh Nghệ An bắt đối tượng mua bán ma túy ở TP Vinh";

/// Two copies of one story, ingested in two runs so that they sit in different segments,
/// and another story of the same province.
fn index() -> Fixture {
    let fixture = Fixture::empty();
    let path = &fixture.index;
    let first = record("na-1", TITLE, &ARREST) + &record("na-9", OTHER_TITLE, &OTHER_ARREST);
    bantin(path, &["ingest", "-"], Some(&first)).expect_code(0);
    let copy = record("na-2", TITLE, &ARREST);
    bantin(path, &["ingest", "-"], Some(&copy)).expect_code(0);
    fixture
}

/// The count of the top-level value `name` in the facet `facet` of a JSON answer.
fn count(results: &Value, facet: &str, name: &str) -> u64 {
    results["facets"][facet]
        .as_array()
        .expect("a facet list")
        .iter()
        .find(|count| count["path"] == json!([name]))
        .and_then(|count| count["count"].as_u64())
        .unwrap_or_else(|| panic!("no {name} in {facet}: {results}"))
}

fn search(index: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["ma túy", "--facets"];
    args.extend_from_slice(extra);
    search_json(index, &args)
}

#[test]
fn facets_count_stories_by_default_and_bulletins_with_no_collapse() {
    let index = index();
    let collapsed = search(&index.index, &[]);
    assert_eq!(collapsed["total"], 3, "{collapsed}");
    assert_eq!(
        collapsed["stories"], 2,
        "the copies are one story: {collapsed}"
    );
    assert_eq!(collapsed["facets"]["counts"], "stories");
    assert_eq!(count(&collapsed, "province", "Nghệ An"), 2);
    assert_eq!(count(&collapsed, "date", "2024"), 2);

    let every_copy = search(&index.index, &["--no-collapse"]);
    assert_eq!(every_copy["facets"]["counts"], "bulletins");
    assert_eq!(count(&every_copy, "province", "Nghệ An"), 3);
    assert_eq!(count(&every_copy, "date", "2024"), 3);
}

#[test]
fn the_matches_with_no_value_count_stories_too() {
    let fixture = Fixture::empty();
    let path = &fixture.index;
    let lines = dated("na-1", TITLE, &ARREST, None)
        + &dated("na-2", TITLE, &ARREST, None)
        + &dated("na-9", OTHER_TITLE, &OTHER_ARREST, None);
    bantin(path, &["ingest", "-"], Some(&lines)).expect_code(0);
    let collapsed = search(path, &[]);
    assert_eq!(collapsed["facets"]["unknown"]["date"], 2, "{collapsed}");
    let every_copy = search(path, &["--no-collapse"]);
    assert_eq!(every_copy["facets"]["unknown"]["date"], 3, "{every_copy}");
}

#[test]
fn a_filtered_facet_counted_on_its_own_counts_stories_too() {
    let index = index();
    let filtered = search(&index.index, &["--province", "Nghệ An", "--year", "2024"]);
    assert_eq!(filtered["facets"]["counts"], "stories");
    assert_eq!(count(&filtered, "province", "Nghệ An"), 2, "{filtered}");
    assert_eq!(count(&filtered, "date", "2024"), 2, "{filtered}");
    let every_copy = search(
        &index.index,
        &["--province", "Nghệ An", "--year", "2024", "--no-collapse"],
    );
    assert_eq!(count(&every_copy, "province", "Nghệ An"), 3, "{every_copy}");
    assert_eq!(count(&every_copy, "date", "2024"), 3, "{every_copy}");
}

#[test]
fn the_text_output_says_what_the_facets_count() {
    let index = index();
    let run = bantin(&index.index, &["search", "ma túy", "--facets"], None).expect_code(0);
    assert!(
        run.stdout.contains("facets count stories"),
        "{}",
        run.stdout
    );
    let row = run
        .stdout
        .lines()
        .find(|line| line.trim_start().starts_with("Nghệ An"))
        .unwrap_or_else(|| panic!("no Nghệ An row: {}", run.stdout));
    assert!(row.trim_end().ends_with(" 2"), "{row}");

    let run = bantin(
        &index.index,
        &["search", "ma túy", "--facets", "--no-collapse"],
        None,
    )
    .expect_code(0);
    assert!(
        run.stdout.contains("facets count bulletins"),
        "{}",
        run.stdout
    );
}

fn get(server: &Server, path_and_query: &str) -> String {
    let client: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(std::time::Duration::from_secs(30)))
        .build()
        .into();
    client
        .get(&format!("{}{path_and_query}", server.url))
        .call()
        .expect("the server answers")
        .body_mut()
        .read_to_string()
        .expect("a text body")
}

#[test]
fn the_api_and_the_page_say_the_facets_count_stories() {
    let index = index();
    let server = Server::start(&index.index, &[]);
    let api: Value =
        serde_json::from_str(&get(&server, "/api/search?q=ma+t%C3%BAy&facets=true")).expect("JSON");
    assert_eq!(api["facets"]["counts"], "stories", "{api}");
    assert_eq!(count(&api, "province", "Nghệ An"), 2);
    let api: Value = serde_json::from_str(&get(
        &server,
        "/api/search?q=ma+t%C3%BAy&facets=true&collapse=false",
    ))
    .expect("JSON");
    assert_eq!(api["facets"]["counts"], "bulletins", "{api}");
    assert_eq!(count(&api, "province", "Nghệ An"), 3);

    let page = get(&server, "/?q=ma+t%C3%BAy");
    assert!(page.contains("Đếm theo sự việc"), "{page}");
    let every_copy = get(&server, "/?q=ma+t%C3%BAy&collapse=false");
    assert!(
        every_copy.contains("aside class=\"facets\""),
        "{every_copy}"
    );
    assert!(!every_copy.contains("Đếm theo sự việc"), "{every_copy}");
}
