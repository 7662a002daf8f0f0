//! `/api/export` and `/feed.atom` of a real `bantin serve`: every match of a search as a
//! file, and a search as a feed, read back with a CSV reader and an Atom parser.

use std::collections::HashSet;
use std::time::Duration;

use serde_json::Value;

use crate::common::server::Server;
use crate::common::Fixture;

/// `count` bulletins from `bantin gen`.
fn generated(count: usize) -> Fixture {
    Fixture::generated(count).0
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
    // What pages or dresses hits does not apply to an export, nor to a feed's pages: a
    // URL copied from a search is not refused for them.
    for query in [
        "/api/export?q=cong+an&limit=100000&offset=x&page=0&snippets=9",
        "/feed.atom?q=cong+an&page=abc&offset=-1",
    ] {
        let answer = get(&server, query);
        assert_eq!(answer.status, 200, "{query}: {}", answer.text());
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

/// Bulletins about a theft: dated, undated, one with a title a feed must escape.
fn theft_fixture() -> Fixture {
    let bulletin = |id: &str, date: Option<&str>, title: &str| {
        let mut value = serde_json::json!({
            "id": id,
            "title": title,
            "body": format!("Công an huyện bắt đối tượng trộm cắp tài sản ({id})."),
            "province": "Nghệ An",
            "url": format!("https://example.vn/{id}"),
        });
        if let Some(date) = date {
            value["date"] = Value::from(date);
        }
        value
    };
    let lines = [
        bulletin("b", Some("2023-01-02"), "Trộm cắp xe máy"),
        bulletin("undated", None, "Trộm cắp không rõ ngày"),
        bulletin("a", Some("2024-03-01"), "Bắt kẻ trộm cắp"),
        bulletin(
            "d",
            Some("2022-05-05"),
            "<script>x</script> & trộm cắp \u{1}",
        ),
        serde_json::json!({"id": "other", "title": "Tai nạn", "body": "Xe tải lật."}),
    ];
    Fixture::build().lines(lines).ingest()
}

#[test]
fn a_search_is_an_atom_feed_newest_first_that_a_feed_parser_reads() {
    let f = theft_fixture();
    let server = Server::start(&f.index, &[]);
    let answer = get(&server, "/feed.atom?q=trom+cap&sort=oldest&page=1");
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(
        answer.header("content-type"),
        "application/atom+xml; charset=utf-8"
    );
    let feed = atom_syndication::Feed::read_from(&answer.body[..]).expect("a valid Atom feed");
    assert_eq!(feed.title().as_str(), "bantin: trom cap");
    let titles: Vec<&str> = feed.entries().iter().map(|e| e.title().as_str()).collect();
    assert!(!titles.is_empty());
    // Undated: ordered by its ingest time, today, after every date of these bulletins.
    assert_eq!(
        titles,
        [
            "Trộm cắp không rõ ngày",
            "Bắt kẻ trộm cắp",
            "Trộm cắp xe máy",
            "<script>x</script> & trộm cắp",
        ]
    );
    let first_dated = &feed.entries()[1];
    assert_eq!(
        first_dated.published().map(|d| d.to_rfc3339()),
        Some("2024-03-01T00:00:00+00:00".to_owned())
    );
    let ids: HashSet<&str> = feed.entries().iter().map(|e| e.id()).collect();
    assert_eq!(ids.len(), 4, "an id per entry");
    for entry in feed.entries() {
        let page = entry
            .links()
            .iter()
            .find(|l| l.rel() == "alternate")
            .expect("a link to the bulletin page");
        let path = page.href().strip_prefix(&server.url).expect("this server");
        assert!(path.starts_with("/bulletins/"), "{path}");
        assert_eq!(get(&server, path).status, 200, "{path}");
        assert!(entry.links().iter().any(|l| l.rel() == "via"));
    }
    let self_link = feed
        .links()
        .iter()
        .find(|l| l.rel() == "self")
        .expect("self");
    assert_eq!(
        self_link.href(),
        format!("{}/feed.atom?q=trom+cap", server.url)
    );

    let page = get(&server, "/?q=trom+cap&province=nghe+an").text();
    assert!(
        page.contains(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Bản tin mới: trom cap\" \
             href=\"/feed.atom?q=trom+cap&amp;province=nghe+an\">"
        ),
        "no feed link in the page's head"
    );
    let filtered = get(&server, "/feed.atom?q=trom+cap&province=nghe+an");
    let filtered = atom_syndication::Feed::read_from(&filtered.body[..]).expect("Atom");
    assert_eq!(filtered.entries().len(), 4);
    assert_eq!(
        get(&server, "/feed.atom?q=trom+cap&province=Atlantis").status,
        400
    );
    assert_eq!(get(&server, "/feed.atom?q=xe+cuu+hoa").status, 200);
}

/// With `--cors`, a page of another origin may read what an export says of its rows.
#[test]
fn api_export_headers_are_readable_across_origins_with_cors() {
    let f = generated(20);
    let server = Server::start(&f.index, &["--cors", "https://example.org"]);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let response = agent
        .get(&format!("{}/api/export?q=cong+an", server.url))
        .header("Origin", "https://example.org")
        .call()
        .expect("the server answers");
    let exposed = response
        .headers()
        .get("access-control-expose-headers")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    for name in ["x-bantin-total", "x-bantin-matching", "content-disposition"] {
        assert!(exposed.contains(name), "{name} not in {exposed:?}");
    }
}

/// A client that stops reading an export and goes away gives its turn back: with one
/// search at a time, the next search is answered.
#[test]
fn an_export_left_unread_frees_its_turn() {
    use std::io::{Read, Write};
    let f = generated(2_000);
    let server = Server::start(&f.index, &["--max-concurrent", "1", "--timeout", "20"]);
    let address = server.url.trim_start_matches("http://").to_owned();
    for _ in 0..3 {
        let mut stream = std::net::TcpStream::connect(&address).expect("connects");
        write!(
            stream,
            "GET /api/export?q=cong+an HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .expect("sends");
        let mut start = [0u8; 1024];
        stream.read_exact(&mut start).expect("the export starts");
        assert!(start.starts_with(b"HTTP/1.1 200"));
        drop(stream);
    }
    let answer = get(&server, "/api/search?q=cong+an&limit=1");
    assert_eq!(answer.status, 200, "{}", answer.text());
}

/// Every row of a JSON Lines export is an `ExportRow` of the OpenAPI document, which is
/// strict, and the document names the headers the answer carries.
#[test]
fn the_openapi_document_describes_the_export_rows() {
    let f = generated(50);
    let server = Server::start(&f.index, &[]);
    let doc = get(&server, "/api/openapi.json").json();
    let rooted = serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$ref": "#/components/schemas/ExportRow",
        "components": doc["components"].clone(),
    });
    let validator = jsonschema::validator_for(&rooted).expect("a schema");
    for query in ["q=cong+an", "q=cong+an&sort=newest", "year=2024"] {
        let export = get(&server, &format!("/api/export?{query}&format=jsonl"));
        assert_eq!(export.status, 200);
        let text = export.text();
        assert!(!text.is_empty(), "{query}");
        for line in text.lines() {
            let row: Value = serde_json::from_str(line).expect("a JSON line");
            let errors: Vec<String> = validator.iter_errors(&row).map(|e| e.to_string()).collect();
            assert!(errors.is_empty(), "{query}: {row}: {errors:?}");
        }
        let documented = &doc["paths"]["/api/export"]["get"]["responses"]["200"]["headers"];
        for (name, _) in export
            .headers
            .iter()
            .filter(|(n, _)| n.starts_with("x-bantin"))
        {
            let known = documented
                .as_object()
                .expect("headers")
                .keys()
                .any(|k| k.eq_ignore_ascii_case(name));
            assert!(known, "{name} is not documented");
        }
    }
    let mut extra: Value = serde_json::from_str(
        get(&server, "/api/export?q=cong+an&format=jsonl")
            .text()
            .lines()
            .next()
            .expect("a row"),
    )
    .expect("JSON");
    extra["rank"] = Value::from(1);
    assert!(!validator.is_valid(&extra), "the document is strict");
}
