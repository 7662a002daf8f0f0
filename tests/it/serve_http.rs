//! `bantin serve` as scripts and browsers meet it: a real server process on a free loopback
//! port, over the built-in sample bulletins plus a few written to probe one rule each.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::common::server::Server;
use crate::common::{bantin, Fixture};

const SCRIPT_TITLE: &str = "<script>alert(1)</script>";

fn jsonl(lines: &[Value]) -> String {
    lines.iter().map(|line| format!("{line}\n")).collect()
}

/// The sample bulletins, one titled with a script, one whose id has a slash and a space.
fn fixture() -> Fixture {
    fixture_ingested_with(&[])
}

/// [`fixture`], ingested with `args`.
fn fixture_ingested_with(args: &[&str]) -> Fixture {
    let lines = [
        serde_json::json!({
            "id": "xss-1",
            "title": SCRIPT_TITLE,
            "date": "2024-05-02",
            "url": "javascript:alert(2)",
            "body": "Công an tỉnh Nghệ An cảnh báo <img src=x onerror=alert(3)> lừa đảo qua mạng.",
        }),
        serde_json::json!({
            "id": "tin/2024 số 7",
            "title": "Bản tin có mã lạ",
            "date": "2024-05-03",
            "body": "Công an tỉnh Hà Tĩnh tuần tra kiểm soát giao thông.",
        }),
    ];
    Fixture::build().samples().lines(lines).args(args).ingest()
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

struct Answer {
    status: u16,
    content_type: String,
    body: String,
    headers: Vec<(String, String)>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

fn get(server: &Server, path_and_query: &str) -> Answer {
    answer(
        agent()
            .get(&format!("{}{path_and_query}", server.url))
            .call(),
    )
}

fn answer(result: Result<ureq::http::Response<ureq::Body>, ureq::Error>) -> Answer {
    let mut response = result.expect("the server answers");
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    Answer {
        status: response.status().as_u16(),
        content_type: response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_owned(),
        body: response.body_mut().read_to_string().expect("a text body"),
        headers,
    }
}

fn ids(results: &Value) -> Vec<String> {
    let hits = results["hits"].as_array().expect("hits is an array");
    hits.iter()
        .map(|hit| hit["id"].as_str().expect("id").to_owned())
        .collect()
}

/// `bantin search --json ARGS` on the same index.
fn cli_json(index: &Path, args: &[&str]) -> Value {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let run = bantin(index, &all, None);
    serde_json::from_str(&run.stdout).expect("search --json prints JSON")
}

/// Drops the timing, the one field that differs between two runs of the same search, and
/// what the API adds to the CLI's object (the request echoed, the next page).
fn without_timing(mut results: Value) -> Value {
    let fields = results.as_object_mut().expect("an object");
    for added in ["took_ms", "request", "next"] {
        fields.remove(added);
    }
    results
}

#[test]
fn api_search_answers_exactly_what_search_json_prints() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    for (query, args) in [
        (
            "/api/search?q=ma+tuy&facets=true&limit=5",
            vec!["ma", "tuy", "--facets", "--limit", "5"],
        ),
        (
            "/api/search?province=hung+yen&sort=oldest&offset=1&snippets=0",
            vec![
                "--province",
                "hung yen",
                "--sort",
                "oldest",
                "--offset",
                "1",
                "--snippets",
                "0",
            ],
        ),
        (
            "/api/search?q=%22ph%C3%B2ng+ch%C3%A1y%22&year=2024",
            vec!["\"phòng cháy\"", "--year", "2024"],
        ),
    ] {
        let api = get(&server, query);
        assert_eq!(api.status, 200, "{query}: {}", api.body);
        assert!(api.content_type.starts_with("application/json"));
        let mut api = api.json();
        assert!(!ids(&api).is_empty(), "{query} finds something");
        // Beside the CLI's object, the API echoes the request and links the next page.
        let fields = api.as_object_mut().expect("an object");
        let request = fields.remove("request").expect("the request echoed");
        assert!(request["filters"].is_object(), "{request}");
        assert!(
            fields.remove("next").is_some(),
            "{query}: a next link or null"
        );
        assert_eq!(
            without_timing(api),
            without_timing(cli_json(&fixture.index, &args)),
            "{query}"
        );
    }
}

#[test]
fn a_bad_filter_is_a_400_with_the_message_the_cli_prints() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let cli = bantin(&fixture.index, &["search", "--province", "Atlantis"], None).expect_code(2);
    let message = cli
        .stderr
        .trim()
        .strip_prefix("bantin: error: ")
        .expect("the CLI's error line")
        .to_owned();
    let api = get(&server, "/api/search?province=Atlantis");
    assert_eq!(api.status, 400);
    assert_eq!(api.json()["error"], Value::String(message));
    assert_eq!(api.json()["status"], 400);

    let nothing = get(&server, "/api/search");
    assert_eq!(nothing.status, 400, "{}", nothing.body);
    let cli = bantin(&fixture.index, &["search"], None).expect_code(2);
    assert_eq!(
        Some(nothing.json()["error"].as_str().unwrap_or("")),
        cli.stderr.trim().strip_prefix("bantin: error: ")
    );
    for bad in [
        "/api/search?from=2024-13",
        "/api/search?from=2024&to=2023",
        "/api/search?sort=best",
        "/api/search?limit=ten",
        "/api/search?q=a&q=b",
    ] {
        let answer = get(&server, bad);
        assert_eq!(answer.status, 400, "{bad}: {}", answer.body);
        let error = answer.json()["error"].as_str().unwrap_or("").to_owned();
        assert!(!error.is_empty(), "{bad}: an error message");
    }
}

#[test]
fn bounds_are_400s_that_name_the_parameter() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let long_query = format!("/api/search?q={}", "ma".repeat(600));
    for (request, names) in [
        ("/api/search?limit=101", "limit"),
        ("/api/search?offset=10001", "offset"),
        (
            "/api/search?q=ma+tuy&offset=9950&limit=100",
            "reaches past hit 10000",
        ),
        ("/api/search?snippets=50", "snippets"),
        ("/api/search?page=0", "page"),
        (long_query.as_str(), "q is 1200 characters"),
        ("/api/search?q=ma&q=tuy", "q is given more than once"),
        (
            "/api/search?q=ma&limit=5&limit=5",
            "limit is given more than once",
        ),
        ("/api/search?q=m%E1", "q is not UTF-8"),
        (
            "/api/search?q=ma&province=Ngh%EA+An",
            "province is not UTF-8",
        ),
    ] {
        let answer = get(&server, request);
        assert_eq!(answer.status, 400, "{request}: {}", answer.body);
        let error = answer.json()["error"].as_str().unwrap_or("").to_owned();
        assert!(error.contains(names), "{request}: {error}");
    }
    let at_the_limits = get(&server, "/api/search?q=ma+tuy&limit=100&offset=9900");
    assert_eq!(at_the_limits.status, 200, "{}", at_the_limits.body);
    assert_eq!(at_the_limits.json()["hits"], serde_json::json!([]));
}

#[test]
fn no_endpoint_writes_or_takes_a_body() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let post = answer(
        agent()
            .post(&format!("{}/api/search", server.url))
            .send("q=ma+tuy"),
    );
    assert_eq!(post.status, 405);
    let huge = answer(
        agent()
            .post(&format!("{}/api/search", server.url))
            .send(vec![b'x'; 100_000]),
    );
    assert_eq!(huge.status, 413, "{}", huge.body);
    assert!(huge.json()["error"]
        .as_str()
        .unwrap_or("")
        .contains("100000 bytes"));
    let delete = answer(
        agent()
            .delete(&format!("{}/api/bulletins/mau-001", server.url))
            .call(),
    );
    assert_eq!(delete.status, 405);
    assert_eq!(get(&server, "/api/bulletins/mau-001").status, 200);
}

fn head(server: &Server, path_and_query: &str) -> Answer {
    answer(
        agent()
            .head(&format!("{}{path_and_query}", server.url))
            .call(),
    )
}

#[test]
fn a_method_other_than_get_is_a_json_405_naming_the_allowed_ones() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    for (method, path) in [
        ("POST", "/api/search?q=ma"),
        ("DELETE", "/api/bulletins/mau-001"),
        ("PUT", "/api/stats"),
        ("PATCH", "/healthz"),
        ("POST", "/"),
    ] {
        let request = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", server.url))
            .body(())
            .expect("a request");
        let answer = answer(agent().run(request));
        assert_eq!(answer.status, 405, "{method} {path}: {}", answer.body);
        assert!(
            answer.content_type.starts_with("application/json"),
            "{method} {path}: {:?}",
            answer.content_type
        );
        let body = answer.json();
        assert_eq!(body["status"], 405, "{method} {path}");
        let error = body["error"].as_str().unwrap_or("");
        assert!(error.contains(method), "{method} {path}: {error}");
        assert_eq!(answer.header("allow"), Some("GET,HEAD"), "{method} {path}");
    }
}

#[test]
fn head_answers_the_headers_of_get_without_a_body() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    for (path, status) in [
        ("/api/search?q=ma+tuy", 200),
        ("/api/search?q=%zz", 400),
        ("/api/bulletins/no-such-id", 404),
        ("/api/stats", 200),
        ("/healthz", 200),
        ("/?q=ma+tuy", 200),
        ("/static/bantin.css", 200),
    ] {
        let got = get(&server, path);
        let headed = head(&server, path);
        assert_eq!((got.status, headed.status), (status, status), "HEAD {path}");
        assert_eq!(headed.body, "", "HEAD {path}");
        for name in [
            "content-type",
            "x-content-type-options",
            "content-security-policy",
            "cache-control",
        ] {
            assert_eq!(headed.header(name), got.header(name), "HEAD {path}: {name}");
        }
        let length = |answer: &Answer| {
            answer
                .header("content-length")
                .and_then(|n| n.parse::<usize>().ok())
        };
        let (get_length, head_length) = (length(&got), length(&headed));
        assert!(head_length.is_some_and(|n| n > 0), "HEAD {path}");
        // A search's answer, page or JSON, holds the time it took, which differs.
        if !path.contains("q=ma") {
            assert_eq!(head_length, get_length, "HEAD {path}: content-length");
        }
    }
}

#[test]
fn every_answer_tells_browsers_not_to_sniff_its_type() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let mut answers: Vec<(String, Answer)> = [
        "/api/search?q=ma+tuy",
        "/api/search",
        "/api/bulletins/mau-001",
        "/api/bulletins/no-such-id",
        "/api/stats",
        "/healthz",
        "/",
        "/bulletins/mau-001",
        "/static/bantin.css",
        "/static/bantin.js",
        "/no/such/page",
    ]
    .iter()
    .map(|path| (format!("GET {path}"), get(&server, path)))
    .collect();
    answers.push((
        "POST /api/search".to_owned(),
        answer(
            agent()
                .post(&format!("{}/api/search", server.url))
                .send("q=ma"),
        ),
    ));
    answers.push((
        "POST a large body".to_owned(),
        answer(
            agent()
                .post(&format!("{}/api/search", server.url))
                .send(vec![b'x'; 100_000]),
        ),
    ));
    for (request, answer) in answers {
        assert_eq!(
            answer.header("x-content-type-options"),
            Some("nosniff"),
            "{request} ({})",
            answer.status
        );
    }
}

#[test]
fn a_percent_that_starts_no_escape_is_a_400_naming_the_parameter() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    for (request, name) in [
        ("/api/search?q=%zz", "q"),
        ("/api/search?q=ma&province=Ngh%", "province"),
        ("/api/search?q=100%+ma", "q"),
    ] {
        let answer = get(&server, request);
        assert_eq!(answer.status, 400, "{request}: {}", answer.body);
        let error = answer.json()["error"].as_str().unwrap_or("").to_owned();
        assert!(
            error.starts_with(&format!("{name} is not UTF-8 percent-encoded text")),
            "{request}: {error}"
        );
    }
    let page = get(&server, "/?q=%zz");
    assert_eq!(page.status, 400, "{}", page.body);
    assert!(page.content_type.starts_with("text/html"));
    // Written properly, a percent sign is searched for.
    assert_eq!(get(&server, "/api/search?q=100%25+ma").status, 200);
}

#[test]
fn bulletins_by_id_and_unknown_ids() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let show = bantin(&fixture.index, &["show", "--json", "mau-001"], None).expect_code(0);
    let api = get(&server, "/api/bulletins/mau-001");
    assert_eq!(api.status, 200);
    assert_eq!(
        api.json(),
        serde_json::from_str::<Value>(&show.stdout).expect("show --json")
    );
    let odd = get(&server, "/api/bulletins/tin%2F2024%20s%E1%BB%91%207");
    assert_eq!(odd.status, 200, "{}", odd.body);
    assert_eq!(odd.json()["title"], "Bản tin có mã lạ");

    let missing = get(&server, "/api/bulletins/no-such-id");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.json()["error"],
        "no bulletin with id \"no-such-id\""
    );
    let page = get(&server, "/bulletins/no-such-id");
    assert_eq!(page.status, 404);
    assert!(page.body.contains("Không tìm thấy"), "{}", page.body);
    assert_eq!(get(&server, "/no/such/page").status, 404);
    let garbled = get(&server, "/api/bulletins/%FF");
    assert_eq!(garbled.status, 400);
    assert!(garbled.json()["error"]
        .as_str()
        .unwrap_or("")
        .contains("UTF-8"));
    let garbled_page = get(&server, "/bulletins/%FF");
    assert_eq!(garbled_page.status, 400);
    assert!(garbled_page.content_type.starts_with("text/html"));
}

#[test]
fn stats_and_health() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let cli = bantin(&fixture.index, &["stats", "--json"], None).expect_code(0);
    let cli: Value = serde_json::from_str(&cli.stdout).expect("stats --json");
    let api = get(&server, "/api/stats");
    assert_eq!(api.status, 200);
    let api = api.json();
    assert_eq!(api["documents"], cli["documents"]);
    assert_eq!(api["provinces"], cli["provinces"]);
    assert_eq!(api["years"], cli["years"]);
    let health = get(&server, "/healthz").json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["documents"], cli["documents"]);
}

#[test]
fn bulletin_text_is_escaped_in_the_api_and_the_page() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let api = get(&server, "/api/search?q=alert");
    assert_eq!(api.status, 200);
    assert!(api.content_type.starts_with("application/json"));
    let api = api.json();
    assert_eq!(ids(&api), ["xss-1"]);
    // The API returns the title as data; a JSON string is not markup.
    assert_eq!(api["hits"][0]["title"], SCRIPT_TITLE);

    for path in ["/?q=alert", "/bulletins/xss-1?q=alert"] {
        let page = get(&server, path);
        assert_eq!(page.status, 200, "{path}");
        assert!(page.content_type.starts_with("text/html"), "{path}");
        assert!(
            page.body.contains("&lt;script&gt;"),
            "{path}: the title shows as text\n{}",
            page.body
        );
        assert!(
            !page.body.contains("<script>alert"),
            "{path}: {}",
            page.body
        );
        assert!(!page.body.contains("<img src=x"), "{path}: {}", page.body);
        assert!(
            !page.body.contains("href=\"javascript:"),
            "{path}: {}",
            page.body
        );
        let policy = page.header("content-security-policy").unwrap_or("");
        assert!(policy.contains("default-src 'self'"), "{path}: {policy}");
    }
}

#[test]
fn the_page_shows_results_facets_chips_and_paging_in_vietnamese() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let page = get(
        &server,
        "/?q=c%C3%B4ng+an&province=H%C6%B0ng+Y%C3%AAn&limit=2",
    );
    assert_eq!(page.status, 200);
    let body = &page.body;
    for expected in [
        "<html lang=\"vi\">",
        "<label for=\"q\">Tìm kiếm</label>",
        "Tỉnh/thành",
        "Đơn vị",
        "Thời gian",
        "Tìm thấy",
        "<mark>",
        // The chip removes the province filter and keeps the query.
        "href=\"/?q=c%C3%B4ng+an&amp;limit=2\"",
        "aria-label=\"Phân trang\"",
        "href=\"/?q=c%C3%B4ng+an&amp;province=H%C6%B0ng+Y%C3%AAn&amp;limit=2&amp;page=2\"",
    ] {
        assert!(body.contains(expected), "page lacks {expected:?}\n{body}");
    }
    assert!(body.contains(">Liên quan nhất</option>"), "{body}");
    // Without a query the default order is newest first, and says so.
    let landing = get(&server, "/");
    assert_eq!(landing.status, 200);
    assert!(
        landing
            .body
            .contains("<option value=\"\" selected>Mới nhất</option>"),
        "{}",
        landing.body
    );
    assert!(!landing.body.contains("Liên quan nhất"));
    // It starts from what the index holds: provinces, units and years to choose.
    for expected in [
        "Chỉ mục có <strong>48</strong> bản tin",
        "href=\"/?province=H%C6%B0ng+Y%C3%AAn\"",
        "href=\"/?province=Th%C3%A1i+B%C3%ACnh\"",
        "href=\"/?year=2024\"",
    ] {
        assert!(
            landing.body.contains(expected),
            "landing lacks {expected:?}\n{}",
            landing.body
        );
    }

    // The bulletin page marks the words of the search it was opened from.
    let bulletin = get(&server, "/bulletins/mau-001?q=ma+tuy");
    assert_eq!(bulletin.status, 200);
    let article = bulletin.body.split("<article>").nth(1).unwrap_or("");
    assert!(article.contains("<mark>ma túy</mark>"), "{article}");
    assert!(bulletin.body.contains("Quay lại kết quả"));
    let plain = get(&server, "/bulletins/mau-001");
    assert!(!plain.body.contains("<mark>"), "{}", plain.body);

    let bad = get(&server, "/?province=Atlantis");
    assert_eq!(bad.status, 400);
    assert!(
        bad.body
            .contains("“Atlantis” không phải tên tỉnh/thành nào."),
        "{}",
        bad.body
    );
    let css = get(&server, "/static/bantin.css");
    assert_eq!(css.status, 200);
    assert!(css.content_type.starts_with("text/css"));
}

#[test]
fn a_request_past_its_time_is_a_503() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &["--timeout", "0.000001"]);
    let answer = get(&server, "/api/search?q=ma+tuy&facets=true");
    assert_eq!(answer.status, 503, "{}", answer.body);
    assert_eq!(answer.header("retry-after"), Some("1"));
    assert!(answer.json()["error"]
        .as_str()
        .unwrap_or("")
        .contains("longer than"));
}

#[test]
fn a_bulletin_ingested_by_another_process_is_found_without_a_restart() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let query = "/api/search?q=xylophonium";
    assert_eq!(get(&server, query).json()["total"], 0);
    // Facets counted before the ingest, so that the server has read the facet values.
    assert_eq!(
        get(&server, "/api/search?q=c%C3%B4ng+an&facets=true").status,
        200
    );
    let line = serde_json::json!({
        "id": "new-1",
        "title": "Công an phát hiện xylophonium",
        "date": "2019-01-02",
        "body": "Công an tỉnh Nghệ An phát hiện xylophonium.",
    });
    bantin(&fixture.index, &["ingest", "-"], Some(&jsonl(&[line]))).expect_code(0);
    let started = Instant::now();
    loop {
        let results = get(&server, query).json();
        if results["total"] == 1 {
            assert_eq!(ids(&results), ["new-1"]);
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "not found 10 s after the ingest: {results}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // Facets read after the reload know the new year and month, which no sample has.
    let facets = get(&server, "/api/search?q=xylophonium&facets=true").json();
    let dates = facets["facets"]["date"].to_string();
    assert!(dates.contains("[\"2019\",\"01\"]"), "{dates}");
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    assert_eq!(get(&server, "/healthz").status, 200);
    let (status, stderr) = server.stop();
    assert!(status.success(), "exit {status:?}: {stderr}");
    assert!(stderr.contains("stopped"), "{stderr}");
}

#[test]
fn serve_without_an_index_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    bantin(
        &dir.path().join("none"),
        &["serve", "--addr", "127.0.0.1:0"],
        None,
    )
    .expect_code(2)
    .expect_stderr_contains("no index at");
    bantin(
        &dir.path().join("none"),
        &["serve", "--addr", "127.0.0.1:0", "--timeout", "0"],
        None,
    )
    .expect_code(2)
    .expect_stderr_contains("--timeout");
}

#[test]
fn the_demo_points_to_the_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo_dir = dir.path().join("demo");
    let demo = |path: &Path| {
        let output = assert_cmd::Command::cargo_bin("bantin")
            .expect("bantin binary is built")
            .args(["demo", "--dir", demo_dir.to_str().expect("utf-8")])
            .env("PATH", path)
            .env("NO_COLOR", "1")
            .output()
            .expect("bantin runs");
        assert!(output.status.success());
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    // Without `bantin` on the PATH, the hints run it through cargo, as from a checkout.
    let bare = dir.path().join("bare");
    std::fs::create_dir(&bare).expect("a directory");
    let stdout = demo(&bare);
    let expected = format!(
        "Or in a browser: cargo run --release -- --index {} serve, then open \
         http://127.0.0.1:7700/",
        demo_dir.join("index").display()
    );
    assert!(stdout.contains(&expected), "{stdout}");
    assert!(stdout.contains("cargo install --path ."), "{stdout}");
    // Once installed, as `bantin`.
    let installed = dir.path().join("bin");
    std::fs::create_dir(&installed).expect("a directory");
    std::fs::write(installed.join("bantin"), "").expect("a stand-in");
    let stdout = demo(&installed);
    let expected = format!(
        "Or in a browser: bantin --index {} serve, then open http://127.0.0.1:7700/",
        demo_dir.join("index").display()
    );
    assert!(stdout.contains(&expected), "{stdout}");
    assert!(!stdout.contains("cargo install"), "{stdout}");
    // And the index it names serves.
    let server = Server::start(&demo_dir.join("index"), &[]);
    assert_eq!(get(&server, "/healthz").json()["documents"], 46);
}

#[test]
fn a_damaged_index_is_a_500_that_says_so_and_the_server_goes_on() {
    // One indexing thread: one segment laid out the same in every run, so the bytes
    // flipped below are always those of the same column (with two, which bulletins each
    // thread took decided it, and sometimes a column no search reads).
    let fixture = fixture_ingested_with(&["--threads", "1"]);
    // A third of the way into the largest fast-field file, 64 bytes flipped.
    let mut fast: Vec<(u64, PathBuf)> = std::fs::read_dir(&fixture.index)
        .expect("index dir")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == "fast"))
        .map(|path| (std::fs::metadata(&path).map_or(0, |m| m.len()), path))
        .collect();
    fast.sort();
    let (len, file) = fast.pop().expect("a fast-field file");
    let mut bytes = std::fs::read(&file).expect("readable");
    let third = len as usize / 3;
    for byte in &mut bytes[third..third + 64] {
        *byte ^= 0xA5;
    }
    std::fs::write(&file, bytes).expect("writable");

    let server = Server::start(&fixture.index, &[]);
    let answer = get(&server, "/api/search?q=ma&facets=true");
    assert_eq!(answer.status, 500, "{}", answer.body);
    let error = answer.json()["error"].as_str().unwrap_or("").to_owned();
    assert!(error.contains("looks damaged"), "{error}");
    assert_eq!(get(&server, "/healthz").status, 200);
    let (status, stderr) = server.stop();
    assert!(status.success());
    assert!(
        !stderr.contains("panicked"),
        "a panic reached the log: {stderr}"
    );
}

/// Cuts every segment file of `index` with `extension` to 100 bytes, in place, as
/// `truncate -s 100` does to a file the server has open.
fn truncate_segment_files(index: &Path, extension: &str) {
    let files: Vec<PathBuf> = std::fs::read_dir(index)
        .expect("index dir")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|e| e == extension))
        .collect();
    assert!(
        !files.is_empty(),
        "no .{extension} file in {}",
        index.display()
    );
    for file in files {
        std::fs::OpenOptions::new()
            .write(true)
            .open(&file)
            .and_then(|open| open.set_len(100))
            .unwrap_or_else(|e| panic!("truncating {}: {e}", file.display()));
    }
}

#[test]
fn a_segment_file_truncated_while_serving_is_a_500_and_the_server_goes_on() {
    for (extension, request) in [
        ("store", "/api/bulletins/mau-001"),
        ("idx", "/api/search?q=ma+tuy"),
        ("pos", "/api/search?q=%22ph%C3%B2ng+ch%C3%A1y%22"),
    ] {
        let fixture = fixture();
        let server = Server::start(&fixture.index, &[]);
        assert_eq!(get(&server, "/healthz").status, 200);
        truncate_segment_files(&fixture.index, extension);
        let answer = get(&server, request);
        assert_eq!(answer.status, 500, ".{extension}: {}", answer.body);
        let error = answer.json()["error"].as_str().unwrap_or("").to_owned();
        assert!(error.contains("looks damaged"), ".{extension}: {error}");
        assert!(error.contains("truncated"), ".{extension}: {error}");
        // The same request again, and the rest, are still answered.
        assert_eq!(get(&server, request).status, 500, ".{extension}");
        assert_eq!(get(&server, "/healthz").status, 200, ".{extension}");
        assert_eq!(get(&server, "/api/stats").status, 200, ".{extension}");
        let (status, stderr) = server.stop();
        assert!(status.success(), ".{extension}: exit {status:?}: {stderr}");
    }
}

/// The host and port of `server`, for raw connections.
fn address(server: &Server) -> String {
    server.url.trim_start_matches("http://").to_owned()
}

/// What the server sends on `stream` until it closes it or `wait` passes (`None`).
fn read_until_closed(stream: &mut std::net::TcpStream, wait: Duration) -> Option<String> {
    use std::io::Read;
    stream.set_read_timeout(Some(wait)).expect("read timeout");
    let mut received = Vec::new();
    match stream.read_to_end(&mut received) {
        Ok(_) => Some(String::from_utf8_lossy(&received).into_owned()),
        Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => {
            Some(String::from_utf8_lossy(&received).into_owned())
        }
        Err(_) => None,
    }
}

#[test]
fn a_client_sending_its_headers_slowly_is_disconnected() {
    use std::io::Write;
    let fixture = fixture();
    let server = Server::start(&fixture.index, &["--header-timeout", "0.5"]);
    let started = Instant::now();
    let mut slow = std::net::TcpStream::connect(address(&server)).expect("connects");
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .expect("first header");
    let closed = read_until_closed(&mut slow, Duration::from_secs(5));
    assert!(
        closed.is_some(),
        "still open {:?} after the request began",
        started.elapsed()
    );
    assert_eq!(get(&server, "/healthz").status, 200);
}

#[test]
fn an_idle_connection_is_closed_after_the_header_timeout() {
    use std::io::Write;
    let fixture = fixture();
    let server = Server::start(&fixture.index, &["--header-timeout", "0.5"]);
    // One that never sends a byte.
    let mut silent = std::net::TcpStream::connect(address(&server)).expect("connects");
    assert_eq!(
        read_until_closed(&mut silent, Duration::from_secs(5)),
        Some(String::new())
    );
    // One kept alive after its answer.
    let mut kept = std::net::TcpStream::connect(address(&server)).expect("connects");
    kept.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("request");
    let answer = read_until_closed(&mut kept, Duration::from_secs(5)).expect("closed");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(get(&server, "/healthz").status, 200);
}

/// One answer read from a connection kept open (its headers and a body of its
/// Content-Length), or `None` when it does not come within `wait` of each read.
fn read_answer(stream: &mut std::net::TcpStream, wait: Duration) -> Option<String> {
    use std::io::Read;
    stream.set_read_timeout(Some(wait)).expect("read timeout");
    let mut received = Vec::new();
    let mut buffer = [0; 4096];
    loop {
        if let Some(end) = received.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&received[..end]).to_ascii_lowercase();
            let length: usize = head
                .lines()
                .find_map(|line| line.strip_prefix("content-length:"))
                .and_then(|value| value.trim().parse().ok())
                .unwrap_or(0);
            if received.len() >= end + 4 + length {
                return Some(String::from_utf8_lossy(&received).into_owned());
            }
        }
        match stream.read(&mut buffer) {
            Ok(0) | Err(_) => return None,
            Ok(n) => received.extend_from_slice(&buffer[..n]),
        }
    }
}

#[test]
fn idle_connections_filling_the_cap_make_room_for_new_clients() {
    use std::io::Write;
    let fixture = fixture();
    // The header timeout is left at 10 s: a new client must not wait for it.
    let server = Server::start(&fixture.index, &["--max-connections", "6"]);
    let request = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    // Every slot held: three connections that never send a byte, three kept alive after
    // their answer, opened in turn so that the first is the one idle longest.
    let mut held = Vec::new();
    for n in 0..6 {
        let mut stream = std::net::TcpStream::connect(address(&server)).expect("connects");
        if n % 2 == 1 {
            stream.write_all(request).expect("request");
            let answer = read_answer(&mut stream, Duration::from_secs(5)).expect("answered");
            assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        }
        held.push(stream);
        std::thread::sleep(Duration::from_millis(20));
    }
    // Each new client, kept alive in turn, is answered at once.
    let mut new_clients = Vec::new();
    for n in 0..3 {
        let started = Instant::now();
        let mut stream = std::net::TcpStream::connect(address(&server)).expect("connects");
        stream.write_all(request).expect("request");
        let answer = read_answer(&mut stream, Duration::from_secs(3))
            .unwrap_or_else(|| panic!("new client {n} not answered in {:?}", started.elapsed()));
        assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "new client {n} answered after {:?}",
            started.elapsed()
        );
        new_clients.push(stream);
    }
    // The three idle longest made room; the others are still open.
    for (n, stream) in held.iter_mut().enumerate() {
        let closed = read_until_closed(stream, Duration::from_millis(300)).is_some();
        assert_eq!(closed, n < 3, "held connection {n} closed: {closed}");
    }
}

#[test]
fn connections_beyond_the_cap_wait_while_every_one_is_busy() {
    use std::io::Write;
    let fixture = fixture();
    let server = Server::start(
        &fixture.index,
        &["--max-connections", "2", "--header-timeout", "2"],
    );
    // Two clients that pipeline requests and never read their answers: each connection
    // has an answer waiting to be written, so neither is idle.
    let stalled: Vec<_> = (0..2)
        .map(|_| {
            let stream = std::net::TcpStream::connect(address(&server)).expect("connects");
            let mut writer = stream.try_clone().expect("clone");
            let requests = b"GET /static/bantin.css HTTP/1.1\r\nHost: x\r\n\r\n".repeat(100);
            std::thread::spawn(move || while writer.write_all(&requests).is_ok() {});
            stream
        })
        .collect();
    std::thread::sleep(Duration::from_millis(600));
    let started = Instant::now();
    let mut third = std::net::TcpStream::connect(address(&server)).expect("queued by the OS");
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("request");
    let answer = read_until_closed(&mut third, Duration::from_secs(10)).expect("served");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    // Served once the header timeout dropped a client that does not read.
    assert!(
        started.elapsed() > Duration::from_millis(1000),
        "a third connection was served after {:?} while two were busy",
        started.elapsed()
    );
    drop(stalled);
}

#[test]
fn a_client_that_never_reads_its_answers_is_disconnected() {
    use std::io::Write;
    let fixture = fixture();
    let server = Server::start(
        &fixture.index,
        &["--max-connections", "1", "--header-timeout", "0.5"],
    );
    // Pipelined requests whose answers are never read: the server's writes stall once the
    // socket buffers are full, and the only connection slot would be held for ever.
    let stalled = std::net::TcpStream::connect(address(&server)).expect("connects");
    let mut writer = stalled.try_clone().expect("clone");
    let request = b"GET /static/bantin.css HTTP/1.1\r\nHost: x\r\n\r\n".repeat(100);
    std::thread::spawn(move || while writer.write_all(&request).is_ok() {});
    std::thread::sleep(Duration::from_millis(300));
    let mut next = std::net::TcpStream::connect(address(&server)).expect("connects");
    next.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .expect("request");
    let answer = read_until_closed(&mut next, Duration::from_secs(10))
        .expect("served once the stalled client is dropped");
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    drop(stalled);
}

/// The page says how many bulletins hold the query's word and links the broader search of
/// its syllables anywhere; that search links back; a typo gets a correction as a link; the
/// API carries the same, with `syllables=true`.
#[test]
fn the_page_counts_the_word_links_the_broader_search_and_corrects_a_typo() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let lines = [
        serde_json::json!({"id": "hold-1", "title": "Thu giữ ma túy", "date": "2024-03-01",
            "body": "Công an thu giữ 30 gam ma túy đá."}),
        serde_json::json!({"id": "hold-2", "title": "Bắt đối tượng", "date": "2024-02-01",
            "body": "Bắt đối tượng tàng trữ trái phép chất ma tuý."}),
        serde_json::json!({"id": "decoy-1", "title": "Chợ đêm", "date": "2024-06-05",
            "body": "Người mua đông mà hàng ít. Tuy nhiên, giá vẫn ổn định."}),
        serde_json::json!({"id": "decoy-2", "title": "Cà phê", "date": "2024-06-04",
            "body": "Lễ hội cà phê Buôn Ma Thuột. Tuy nhiên, trời mưa."}),
    ];
    bantin(&index, &["ingest", "-"], Some(&jsonl(&lines))).expect_code(0);
    let server = Server::start(&index, &[]);

    let page = get(&server, "/?q=ma+tuy");
    assert_eq!(page.status, 200);
    for expected in [
        "2 bản tin có <em>ma tuy</em>",
        "href=\"/?q=ma+tuy&amp;syllables=true\"",
        "4 nếu tính các âm tiết đứng rời",
    ] {
        assert!(
            page.body.contains(expected),
            "page lacks {expected:?}\n{}",
            page.body
        );
    }
    let broader = get(&server, "/?q=ma+tuy&syllables=true");
    assert_eq!(broader.status, 200);
    for expected in [
        "Tìm thấy <strong>4</strong> bản tin",
        "Đang tính cả các âm tiết đứng rời",
        "href=\"/?q=ma+tuy\"",
    ] {
        assert!(
            broader.body.contains(expected),
            "lacks {expected:?}\n{}",
            broader.body
        );
    }
    let typo = get(&server, "/?q=ma+tuyy");
    assert_eq!(typo.status, 200);
    assert!(
        typo.body.contains("Có phải bạn muốn tìm: <a href=\"/?q=ma+tu%C3%BD\"><strong>ma tuý</strong></a> (2 bản tin)?"),
        "{}",
        typo.body
    );

    let api: Value =
        serde_json::from_str(&get(&server, "/api/search?q=ma+tuyy").body).expect("JSON");
    assert_eq!(
        api["did_you_mean"],
        serde_json::json!({"query": "ma tuý", "total": 2})
    );
    let api: Value =
        serde_json::from_str(&get(&server, "/api/search?q=ma+tuy&syllables=true").body)
            .expect("JSON");
    assert_eq!(
        (api["total"].clone(), api["matching"].clone()),
        (4.into(), "syllables".into())
    );
    let bad = get(&server, "/api/search?q=ma+tuy&syllables=maybe");
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("syllables"), "{}", bad.body);
}

#[test]
fn facet_values_combine_on_the_page_and_in_the_api() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let api = |query: &str| {
        let answer = get(&server, &format!("/api/search?{query}"));
        assert_eq!(answer.status, 200, "{query}: {}", answer.body);
        answer.json()
    };
    let (thanh_hoa, hue) = ("province=Thanh+H%C3%B3a", "province=Hu%E1%BA%BF");
    let count = |results: &Value| results["total"].as_u64().expect("a total");
    let one = count(&api(thanh_hoa));
    let other = count(&api(hue));
    assert!(one > 0 && other > 0);
    let both = api(&format!("{thanh_hoa}&{hue}"));
    assert_eq!(count(&both), one + other);
    assert_eq!(
        without_timing(both),
        without_timing(cli_json(&fixture.index, &["-p", "Thanh Hóa", "-p", "Huế"]))
    );
    let everything = count(&api("from=2000"));
    for excluded in ["not_province", "-province"] {
        let without = api(&format!("from=2000&{excluded}=Thanh+H%C3%B3a"));
        assert_eq!(count(&without), everything - one, "{excluded}");
    }

    // On the page the chosen province is checked, another can be added or excluded,
    // and each value has its own chip.
    let page = get(&server, &format!("/?{thanh_hoa}"));
    assert_eq!(page.status, 200);
    let body = &page.body;
    for expected in [
        "aria-checked=\"true\"",
        "href=\"/?province=Thanh+H%C3%B3a&amp;province=Hu%E1%BA%BF\"",
        "href=\"/?province=Thanh+H%C3%B3a&amp;not_province=Hu%E1%BA%BF\"",
        "Loại trừ Huế",
        "<span class=\"chip-label\">Tỉnh/thành: </span>Thanh Hóa",
        "name=\"from\"",
        "class=\"filters-jump\" href=\"#facets\"",
    ] {
        assert!(body.contains(expected), "page lacks {expected:?}\n{body}");
    }
    let bad = get(&server, "/api/search?q=ma&undated=maybe");
    assert_eq!(bad.status, 400);
    assert!(bad.body.contains("undated"), "{}", bad.body);
}

#[test]
fn the_page_speaks_vietnamese_when_a_search_cannot_run_or_finds_nothing() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    // A mistyped province: said in Vietnamese, with the names meant as links that keep
    // the rest of the search.
    let page = get(&server, "/?q=ma+tuy&province=Thanh+Hao");
    assert_eq!(page.status, 400);
    for expected in [
        "“Thanh Hao” không phải tên tỉnh/thành nào.",
        "Có phải bạn muốn chọn: <a href=\"/?q=ma+tuy&amp;province=Thanh+H%C3%B3a\">Thanh Hóa</a>",
    ] {
        assert!(
            page.body.contains(expected),
            "page lacks {expected:?}\n{}",
            page.body
        );
    }
    // The API keeps the message the CLI prints.
    let api = get(&server, "/api/search?q=ma+tuy&province=Thanh+Hao");
    assert!(api.json()["error"]
        .as_str()
        .is_some_and(|e| e.contains("--province \"Thanh Hao\" is not a province")));
    for (path, expected) in [
        (
            "/?q=%22ma+tuy",
            "Không hiểu truy vấn (ký tự thứ 1): dấu ngoặc kép",
        ),
        (
            "/?q=ma&page=1001",
            "Trang 1001 vượt quá trang cuối có thể xem (1000)",
        ),
        (
            "/?q=ma&from=h%C3%B4m+qua",
            "“hôm qua” ở ô Từ ngày không phải một ngày",
        ),
        ("/?q=ma&sort=best", "Không có thứ tự “best”"),
    ] {
        let page = get(&server, path);
        assert_eq!(page.status, 400, "{path}");
        assert!(
            page.body.contains(expected),
            "{path} lacks {expected:?}\n{}",
            page.body
        );
        assert!(
            !page.body.contains("--"),
            "{path} names an option\n{}",
            page.body
        );
    }
    // Nothing found: what leaving out each filter would find, as links.
    let empty = get(&server, "/?q=ma+tuy&province=Hu%E1%BA%BF&year=2022");
    assert_eq!(empty.status, 200);
    for expected in [
        "Không tìm thấy bản tin nào.",
        "kết quả nếu bỏ lọc Huế",
        "href=\"/?q=ma+tuy&amp;year=2022\"",
    ] {
        assert!(
            empty.body.contains(expected),
            "page lacks {expected:?}\n{}",
            empty.body
        );
    }
}

/// `method path` with `headers`.
fn call(server: &Server, method: &str, path: &str, headers: &[(&str, &str)]) -> Answer {
    let mut request = ureq::http::Request::builder()
        .method(method)
        .uri(format!("{}{path}", server.url));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    answer(agent().run(request.body(()).expect("a request")))
}

#[test]
fn the_api_opens_to_named_origins_answers_options_and_logs_each_request() {
    let fixture = fixture();
    let origin = ("Origin", "https://analyst.example");
    // By default no site may read the API from a browser; OPTIONS says what is allowed.
    let server = Server::start(&fixture.index, &[]);
    let closed = call(&server, "GET", "/api/search?q=ma", &[origin]);
    assert_eq!(closed.status, 200);
    assert_eq!(closed.header("access-control-allow-origin"), None);
    let options = call(&server, "OPTIONS", "/api/search", &[]);
    assert_eq!(options.status, 204, "{}", options.body);
    assert_eq!(options.header("allow"), Some("GET, HEAD, OPTIONS"));
    // Each request is a line on stderr.
    let (_, stderr) = server.stop();
    assert!(
        stderr.contains("GET /api/search?q=ma 200 ") && stderr.contains("OPTIONS /api/search 204 "),
        "{stderr}"
    );

    let server = Server::start(
        &fixture.index,
        &["--cors", "https://Analyst.Example/", "--quiet"],
    );
    // OPTIONS without a preflight answers as without --cors.
    let options = call(&server, "OPTIONS", "/api/search", &[]);
    assert_eq!(options.status, 204, "{}", options.body);
    assert_eq!(options.header("allow"), Some("GET, HEAD, OPTIONS"));
    let open = call(&server, "GET", "/api/search?q=ma", &[origin]);
    assert_eq!(
        open.header("access-control-allow-origin"),
        Some("https://analyst.example")
    );
    let other = call(
        &server,
        "GET",
        "/api/search?q=ma",
        &[("Origin", "https://elsewhere.example")],
    );
    assert_eq!(other.header("access-control-allow-origin"), None);
    let preflight = call(
        &server,
        "OPTIONS",
        "/api/search?q=ma",
        &[origin, ("Access-Control-Request-Method", "GET")],
    );
    assert!(preflight.status < 300, "{}", preflight.status);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some("https://analyst.example")
    );
    let (_, stderr) = server.stop();
    assert!(!stderr.contains("GET /api/search"), "--quiet: {stderr}");

    bantin(
        &fixture.index,
        &["serve", "--cors", "analyst.example"],
        None,
    )
    .expect_code(2)
    .expect_stderr_contains("--cors \"analyst.example\" is not an origin");
}

#[test]
fn the_api_echoes_the_request_and_links_the_next_page_to_the_last() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let first = get(
        &server,
        "/api/search?q=c%C3%B4ng+an&province=thanh+hoa&limit=1",
    )
    .json();
    let request = &first["request"];
    assert_eq!(request["query"], "công an");
    assert_eq!(
        request["filters"]["province"],
        serde_json::json!(["thanh hoa"])
    );
    assert_eq!(
        (request["offset"].as_u64(), request["limit"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(request["sort"], Value::Null, "the default order");
    let total = first["total"].as_u64().expect("a total");
    assert!(total >= 2, "{first}");
    // Following `next` walks every match once, and the last page has none.
    let mut seen = ids(&first);
    let mut next = first["next"].as_str().map(str::to_owned);
    while let Some(link) = next {
        assert!(link.starts_with("/api/search?"), "{link}");
        let page = get(&server, &link).json();
        seen.extend(ids(&page));
        next = page["next"].as_str().map(str::to_owned);
    }
    assert_eq!(seen.len() as u64, total);
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len() as u64, total, "no match twice");
}

/// The schema the OpenAPI document gives the `status` answer of `method path`.
fn documented(doc: &Value, path: &str, status: u16) -> jsonschema::Validator {
    let answer = &doc["paths"][path]["get"]["responses"][status.to_string()];
    let schema = answer["content"]["application/json"]["schema"].clone();
    assert!(schema.is_object(), "{path} {status} is not documented");
    let rooted = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "allOf": [schema],
        "components": doc["components"].clone(),
    });
    jsonschema::validator_for(&rooted).unwrap_or_else(|e| panic!("{path} {status}: {e}"))
}

#[test]
fn the_openapi_document_describes_the_real_answers() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let doc_answer = get(&server, "/api/openapi.json");
    assert_eq!(doc_answer.status, 200);
    assert!(doc_answer.content_type.starts_with("application/json"));
    let doc = doc_answer.json();
    assert_eq!(doc["openapi"], "3.1.0");
    let cases = [
        (
            "/api/search",
            "/api/search?q=ma+tuy&facets=true&snippets=2",
            200,
        ),
        ("/api/search", "/api/search?q=an+ninh&limit=3", 200),
        (
            "/api/search",
            "/api/search?q=ma+tuy&from=2024&province=Kh%C3%B4ng+r%C3%B5",
            200,
        ),
        (
            "/api/search",
            "/api/search?province=hung+yen&sort=oldest&page=2&limit=1",
            200,
        ),
        ("/api/search", "/api/search?q=mxyzptlk+qwv", 200),
        ("/api/search", "/api/search?q=ma+tuyy", 200),
        ("/api/search", "/api/search?province=Atlantis", 400),
        ("/api/export", "/api/export?province=Atlantis", 400),
        ("/api/export", "/api/export?q=ma&format=xlsx", 400),
        ("/feed.atom", "/feed.atom?q=%22ma", 400),
        ("/api/search", "/api/search?q=%22ma", 400),
        ("/api/bulletins/{id}", "/api/bulletins/mau-001", 200),
        ("/api/bulletins/{id}", "/api/bulletins/xss-1", 200),
        ("/api/bulletins/{id}", "/api/bulletins/khong-co", 404),
        ("/api/stats", "/api/stats", 200),
        ("/healthz", "/healthz", 200),
    ];
    let mut fields_seen = std::collections::BTreeSet::new();
    for (path, request, status) in cases {
        let answer = get(&server, request);
        assert_eq!(answer.status, status, "{request}: {}", answer.body);
        let body = answer.json();
        let validator = documented(&doc, path, status);
        let errors: Vec<String> = validator
            .iter_errors(&body)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{request}: {errors:#?}");
        if let Some(fields) = body.as_object() {
            fields_seen.extend(fields.keys().cloned());
        }
    }
    // The optional fields were met, so their schemas were checked too.
    for field in [
        "facets",
        "did_you_mean",
        "undated",
        "syllables_total",
        "words",
    ] {
        assert!(fields_seen.contains(field), "no answer had {field}");
    }
    // And the document is strict: an answer with a field it does not know fails.
    let mut extra = get(&server, "/healthz").json();
    extra["uptime"] = serde_json::json!(1);
    assert!(!documented(&doc, "/healthz", 200).is_valid(&extra));
}

#[test]
fn the_bulletin_page_links_its_province_and_unit_and_lists_related_bulletins() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let page = get(&server, "/bulletins/mau-001?q=ma+tuy");
    assert_eq!(page.status, 200);
    let body = &page.body;
    for expected in [
        "href=\"/?province=Thanh+H%C3%B3a\"",
        "href=\"/?unit=C%C3%B4ng+an+t%E1%BB%89nh+Thanh+H%C3%B3a\"",
        "href=\"/?unit=C%C3%B4ng+an+t%E1%BB%89nh+Thanh+H%C3%B3a%2FPh%C3%B2ng+C%E1%BA%A3nh+s%C3%A1t+%C4%91i%E1%BB%81u+tra+t%E1%BB%99i+ph%E1%BA%A1m+v%E1%BB%81+ma+t%C3%BAy\"",
        "<h2 id=\"related\">Bản tin liên quan</h2>",
    ] {
        assert!(body.contains(expected), "page lacks {expected:?}\n{body}");
    }
    let related = body.split("id=\"related\"").nth(1).expect("a related list");
    let links: Vec<&str> = related
        .split("href=\"/bulletins/")
        .skip(1)
        .filter_map(|rest| rest.split(['?', '"']).next())
        .collect();
    assert!(!links.is_empty(), "{related}");
    assert!(
        !links.contains(&"mau-001"),
        "itself is not related: {links:?}"
    );
    // The other drug cases of the samples are what it is like.
    assert!(related.contains("ma túy"), "{related}");
    // A unit link searches that unit.
    let unit = get(&server, "/?unit=C%C3%B4ng+an+t%E1%BB%89nh+Thanh+H%C3%B3a");
    assert_eq!(unit.status, 200);
    assert!(unit.body.contains("Tìm thấy"), "{}", unit.body);
}

#[test]
fn the_results_page_charts_the_matches_over_time() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let page = get(&server, "/?q=ma+tuy");
    assert_eq!(page.status, 200);
    let chart = page
        .body
        .split("<figure class=\"time-chart\">")
        .nth(1)
        .and_then(|rest| rest.split("</figure>").next())
        .unwrap_or_else(|| panic!("no chart\n{}", page.body));
    // A bar per month from the first match to the last, each a link to its month, and
    // the counts again as a table.
    let bars = chart.matches("<rect").count();
    assert!(bars >= 2, "{chart}");
    assert_eq!(chart.matches("<tr><td>").count(), bars, "{chart}");
    assert!(chart.contains("sự việc</title>"), "{chart}");
    assert!(chart.contains("href=\"/?q=ma+tuy&amp;from=20"), "{chart}");
    let api = get(&server, "/api/search?q=ma+tuy&facets=true&limit=0").json();
    let dated: u64 = api["facets"]["date"]
        .as_array()
        .expect("dates")
        .iter()
        .filter(|c| c["path"].as_array().is_some_and(|p| p.len() == 1))
        .filter_map(|c| c["count"].as_u64())
        .sum();
    assert!(chart.contains(&format!("tổng {dated})")), "{chart}");
    // A date range narrows the chart as it narrows the results, and a bar's link takes
    // only its period, never the undated bulletins.
    let ranged = get(&server, "/?q=ma+tuy&from=2023&to=2024&undated=true");
    let total = ranged
        .body
        .split("Tìm thấy <strong>")
        .nth(1)
        .and_then(|rest| rest.split('<').next())
        .unwrap_or("0")
        .replace('.', "");
    let chart = ranged
        .body
        .split("<figure class=\"time-chart\">")
        .nth(1)
        .and_then(|rest| rest.split("</figure>").next())
        .unwrap_or_else(|| panic!("no chart\n{}", ranged.body));
    assert!(
        chart.contains("/2024<") || chart.contains("/2023<"),
        "{chart}"
    );
    assert!(
        !chart.contains("/2022<") && !chart.contains("/2025<"),
        "{chart}"
    );
    assert!(!chart.contains("undated=true"), "{chart}");
    assert!(total.parse::<u64>().is_ok_and(|n| n > 0), "{total}");
}

#[test]
fn a_value_spelled_several_ways_is_one_chip_and_one_ticked_box() {
    let fixture = fixture();
    let server = Server::start(&fixture.index, &[]);
    let page = get(
        &server,
        "/?q=c%C3%B4ng+an&province=Ngh%E1%BB%87+An&province=nghe+an&province=NGHE+AN",
    );
    assert_eq!(page.status, 200);
    assert_eq!(
        page.body
            .matches("<span class=\"chip-label\">Tỉnh/thành: </span>")
            .count(),
        1,
        "{}",
        page.body
    );
    // A unit typed as a reader guesses it ticks the box of the name it stands for.
    let unit = get(&server, "/?q=c%C3%B4ng+an&unit=cong+an+nghe+an");
    assert_eq!(unit.status, 200);
    let ticked = unit
        .body
        .split("aria-checked=\"true\"")
        .nth(1)
        .and_then(|rest| rest.split("</a>").next())
        .unwrap_or_else(|| panic!("nothing ticked\n{}", unit.body));
    assert!(ticked.contains("Công an tỉnh Nghệ An"), "{ticked}");
}
