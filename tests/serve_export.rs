//! `/api/export` and `/feed.atom` of a real `bantin serve`: every match of a search as a
//! file, and a search as a feed, read back with a CSV reader and an Atom parser.

mod common;

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use common::bantin;
use common::server::Server;
use serde_json::Value;

struct Fixture {
    _dir: tempfile::TempDir,
    index: PathBuf,
}

/// `count` bulletins from `bantin gen`.
fn generated(count: usize) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("index");
    let input = dir.path().join("gen.jsonl");
    let input_arg = input.to_string_lossy().into_owned();
    bantin(
        &index,
        &["gen", &count.to_string(), "--out", &input_arg],
        None,
    )
    .expect_code(0);
    bantin(&index, &["ingest", &input_arg], None).expect_code(0);
    Fixture { _dir: dir, index }
}

struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> &str {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8 body")
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }
}

fn get(server: &Server, path_and_query: &str) -> Answer {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into();
    let mut response = agent
        .get(&format!("{}{path_and_query}", server.url))
        .call()
        .expect("the server answers");
    let headers = response
        .headers()
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_str().unwrap_or("").to_owned()))
        .collect();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .expect("a body");
    Answer {
        status: response.status().as_u16(),
        headers,
        body,
    }
}

fn csv_ids(body: &[u8]) -> Vec<String> {
    assert!(body.starts_with(b"\xEF\xBB\xBF"), "no byte-order mark");
    let mut reader = csv::Reader::from_reader(&body[3..]);
    let at = reader
        .headers()
        .expect("header row")
        .iter()
        .position(|h| h == "id")
        .expect("an id column");
    reader
        .records()
        .map(|record| record.expect("RFC 4180 record")[at].to_owned())
        .collect()
}

#[test]
fn api_export_streams_every_match_as_a_file() {
    let f = generated(2_000);
    let server = Server::start(&f.index, &[]);
    let total = get(&server, "/api/search?q=cong+an&limit=1").json()["total"]
        .as_u64()
        .expect("total") as usize;
    assert!(total > 1_000, "{total}");

    let csv = get(&server, "/api/export?q=cong+an&format=csv");
    assert_eq!(csv.status, 200, "{}", String::from_utf8_lossy(&csv.body));
    assert_eq!(csv.header("content-type"), "text/csv; charset=utf-8");
    assert_eq!(
        csv.header("content-disposition"),
        "attachment; filename=\"bantin-cong-an.csv\""
    );
    assert_eq!(csv.header("x-bantin-total"), total.to_string());
    assert_eq!(csv.header("x-bantin-matching"), "words");
    assert!(
        csv.body.len() > 4 * 64 * 1024,
        "more chunks than the queue holds"
    );
    let ids = csv_ids(&csv.body);
    assert!(!ids.is_empty());
    assert_eq!(ids.len(), total);
    assert_eq!(
        ids.iter().collect::<HashSet<_>>().len(),
        total,
        "an id twice"
    );

    let jsonl = get(&server, "/api/export?q=cong+an&format=jsonl");
    assert_eq!(jsonl.status, 200);
    let json_ids: Vec<String> = jsonl
        .text()
        .lines()
        .map(|line| {
            let row: Value = serde_json::from_str(line).expect("a JSON line");
            row["id"].as_str().expect("id").to_owned()
        })
        .collect();
    assert_eq!(json_ids, ids);

    // The same rows as the command line writes.
    let cli = assert_cmd::Command::cargo_bin("bantin")
        .expect("bantin")
        .arg("--index")
        .arg(&f.index)
        .args(["search", "cong an", "--format", "csv"])
        .output()
        .expect("bantin runs");
    assert_eq!(cli.stdout, csv.body);
}

#[test]
fn api_export_refuses_a_bad_search_before_any_row() {
    let f = generated(20);
    let server = Server::start(&f.index, &[]);
    for (query, needle) in [
        ("/api/export?q=cong+an&format=xlsx", "format \"xlsx\""),
        ("/api/export?q=cong+an&province=Atlantis", "Atlantis"),
        ("/api/export?q=(", "invalid query"),
        ("/api/export", "nothing to search"),
    ] {
        let answer = get(&server, query);
        assert_eq!(answer.status, 400, "{query}: {}", answer.text());
        let error = answer.json();
        assert!(
            error["error"].as_str().is_some_and(|e| e.contains(needle)),
            "{query}: {error}"
        );
    }
}

#[test]
fn the_page_links_the_export_of_its_search() {
    let f = generated(30);
    let server = Server::start(&f.index, &[]);
    let page = get(&server, "/?q=cong+an&sort=oldest&page=1").text();
    let href = "/api/export?q=cong+an&amp;sort=oldest&amp;format=csv";
    assert!(
        page.contains(&format!("href=\"{href}\" download>Tải CSV</a>")),
        "no export link in the page"
    );
    let export = get(&server, &href.replace("&amp;", "&"));
    assert_eq!(export.status, 200);
    let search = get(&server, "/api/search?q=cong+an&sort=oldest&limit=100").json();
    assert_eq!(
        csv_ids(&export.body).len() as u64,
        search["total"].as_u64().expect("total")
    );
}
