//! `bantin search --format csv|jsonl` and `bantin count` as users run them: every match
//! of a search, on generated bulletins beyond the 10,000 hits a search pages through, and
//! on small bulletins written to probe one rule each.

mod common;

use std::collections::HashSet;
use std::path::PathBuf;

use common::{bantin, search_json};
use serde_json::Value;

struct Fixture {
    dir: tempfile::TempDir,
    index: PathBuf,
}

fn fixture(lines: &[String]) -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let index = dir.path().join("index");
    let input: String = lines.iter().map(|l| format!("{l}\n")).collect();
    bantin(&index, &["ingest", "-"], Some(&input)).expect_code(0);
    Fixture { dir, index }
}

/// `count` bulletins from `bantin gen`, and their ids.
fn generated(count: usize) -> (Fixture, Vec<String>) {
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
    let text = std::fs::read_to_string(&input).expect("generated bulletins");
    let ids = text
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).expect("JSON line");
            value["id"].as_str().expect("id").to_owned()
        })
        .collect();
    (Fixture { dir, index }, ids)
}

/// The rows of a CSV export (after its byte-order mark), as header → value maps.
fn csv_rows(stdout: &[u8]) -> Vec<std::collections::HashMap<String, String>> {
    assert!(
        stdout.starts_with(b"\xEF\xBB\xBF"),
        "no byte-order mark: {:?}",
        String::from_utf8_lossy(&stdout[..stdout.len().min(40)])
    );
    let mut reader = csv::Reader::from_reader(&stdout[3..]);
    let headers = reader.headers().expect("header row").clone();
    reader
        .records()
        .map(|record| {
            let record = record.expect("RFC 4180 record");
            headers
                .iter()
                .zip(record.iter())
                .map(|(h, v)| (h.to_owned(), v.to_owned()))
                .collect()
        })
        .collect()
}

fn run_bytes(f: &Fixture, args: &[&str]) -> (i32, Vec<u8>, String) {
    let output = assert_cmd::Command::cargo_bin("bantin")
        .expect("bantin binary is built")
        .arg("--index")
        .arg(&f.index)
        .args(args)
        .env_remove("BANTIN_INDEX")
        .output()
        .expect("bantin runs");
    (
        output.status.code().unwrap_or(-1),
        output.stdout,
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn hit_ids(results: &Value) -> Vec<String> {
    results["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .map(|h| h["id"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Beyond the 10,000 hits a search pages through: every match is exported once, in CSV
/// and in JSON Lines, in the search's order.
#[test]
fn an_export_holds_every_match_exactly_once_past_ten_thousand() {
    let (f, all_ids) = generated(10_500);
    let total = search_json(&f.index, &["cong an", "--limit", "1"])["total"]
        .as_u64()
        .expect("total") as usize;
    assert!(
        total > 10_000,
        "the test needs more matches than a search pages: {total}"
    );

    let (code, stdout, stderr) = run_bytes(&f, &["search", "cong an", "--format", "csv"]);
    assert_eq!(code, 0, "{stderr}");
    let rows = csv_rows(&stdout);
    assert!(!rows.is_empty());
    assert_eq!(rows.len(), total);
    let ids: Vec<&str> = rows.iter().map(|row| row["id"].as_str()).collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "an id exported twice");
    let expected: HashSet<&str> = all_ids.iter().map(String::as_str).collect();
    assert_eq!(unique, expected, "every generated bulletin holds `công an`");

    // The first rows are the search's first hits, scores and all.
    let first = search_json(&f.index, &["cong an", "--limit", "300"]);
    assert_eq!(ids[..300], hit_ids(&first)[..]);
    let score: f64 = rows[0]["score"].parse().expect("a score");
    let searched = first["hits"][0]["score"].as_f64().expect("score");
    assert!((score - searched).abs() < 1e-3, "{score} vs {searched}");

    let (code, stdout, stderr) = run_bytes(&f, &["search", "cong an", "--format", "jsonl"]);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<Value> = String::from_utf8(stdout)
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("one JSON object a line"))
        .collect();
    assert_eq!(lines.len(), total);
    let json_ids: Vec<&str> = lines
        .iter()
        .map(|v| v["id"].as_str().expect("id"))
        .collect();
    assert_eq!(json_ids, ids, "CSV and JSON Lines rows in one order");
    drop(f.dir);
}

#[test]
fn an_export_by_date_is_newest_first_with_undated_bulletins_last() {
    let dated = |id: &str, date: Option<&str>| {
        let mut value = serde_json::json!({
            "id": id,
            "title": format!("Bắt đối tượng trộm cắp {id}"),
            "body": "Công an huyện bắt đối tượng trộm cắp tài sản.",
            "province": "Nghệ An",
            "url": format!("https://example.vn/{id}"),
        });
        if let Some(date) = date {
            value["date"] = Value::from(date);
        }
        value.to_string()
    };
    let f = fixture(&[
        dated("b", Some("2023-05-01")),
        dated("none", None),
        dated("a", Some("2024-01-09")),
        dated("c", Some("2019")),
    ]);
    let (code, stdout, stderr) = run_bytes(
        &f,
        &["search", "trộm cắp", "--sort", "newest", "--format", "csv"],
    );
    assert_eq!(code, 0, "{stderr}");
    let rows = csv_rows(&stdout);
    let order: Vec<&str> = rows.iter().map(|row| row["id"].as_str()).collect();
    assert_eq!(order, ["a", "b", "c", "none"]);
    let a = &rows[0];
    assert_eq!(a["date"], "2024-01-09");
    assert_eq!(a["date_precision"], "day");
    assert_eq!(a["province"], "Nghệ An");
    assert_eq!(a["url"], "https://example.vn/a");
    assert_eq!(a["score"], "", "no score when ordered by date");
    assert_eq!(rows[2]["date_precision"], "year");
}

#[test]
fn an_export_says_when_the_words_matched_nowhere_and_syllables_did() {
    let lines: Vec<String> = (0..3)
        .map(|n| {
            serde_json::json!({
                "id": format!("ninh-binh-{n}"),
                "date": "2024-02-01",
                "title": "Hội nghị tổng kết",
                "body": "Công an Ninh Bình tổ chức hội nghị tổng kết công tác năm.",
            })
            .to_string()
        })
        .collect();
    let f = fixture(&lines);
    let (code, stdout, stderr) = run_bytes(&f, &["search", "an ninh", "--format", "jsonl"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(String::from_utf8_lossy(&stdout).lines().count(), 3);
    assert!(
        stderr.contains("no bulletin holds \"an ninh\" as written together; these 3 hold"),
        "{stderr}"
    );
    bantin(&f.index, &["search", "ninh binh", "--format", "csv"], None)
        .expect_code(0)
        .stderr
        .is_empty()
        .then_some(())
        .expect("nothing to say when the words matched as words");
}

#[test]
fn an_export_with_no_match_is_a_header_and_exit_1() {
    let f = fixture(&[
        serde_json::json!({"id": "x", "title": "Tin", "body": "Công an tỉnh"}).to_string(),
    ]);
    let (code, stdout, _) = run_bytes(&f, &["search", "xe máy", "--format", "csv"]);
    assert_eq!(code, 1);
    assert!(csv_rows(&stdout).is_empty());
    bantin(
        &f.index,
        &["search", "tin", "--format", "csv", "--json"],
        None,
    )
    .expect_code(2)
    .expect_stderr_contains("--json");
}
