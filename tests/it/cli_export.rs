//! `bantin search --format csv|jsonl` and `bantin count` as users run them: every match
//! of a search, on generated bulletins beyond the 10,000 hits a search pages through, and
//! on small bulletins written to probe one rule each.

use std::collections::HashSet;

use serde_json::Value;

use crate::common::{bantin, search_json, Fixture};

fn fixture(lines: &[String]) -> Fixture {
    Fixture::build().lines(lines).ingest()
}

/// `count` bulletins from `bantin gen`, and their ids.
fn generated(count: usize) -> (Fixture, Vec<String>) {
    let (fixture, input) = Fixture::generated(count);
    let text = std::fs::read_to_string(&input).expect("generated bulletins");
    let ids = text
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line).expect("JSON line");
            value["id"].as_str().expect("id").to_owned()
        })
        .collect();
    (fixture, ids)
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

fn count_json(f: &Fixture, args: &[&str]) -> Value {
    let mut all = vec!["count", "--json"];
    all.extend_from_slice(args);
    let run = bantin(&f.index, &all, None).expect_code(0);
    serde_json::from_str(&run.stdout).expect("count --json prints JSON")
}

fn total(f: &Fixture, args: &[&str]) -> u64 {
    search_json(&f.index, args)["total"]
        .as_u64()
        .expect("total")
}

/// Each row counts what the search with that filter counts, and the rows add up to the
/// search's total, the bulletins without a value in a row of their own.
#[test]
fn count_rows_are_the_totals_of_the_filtered_searches() {
    let (f, _) = generated(400);
    let search_total = total(&f, &["cong an"]);
    let by_year = count_json(&f, &["cong an", "--by", "year"]);
    assert_eq!(by_year["total"], search_total);
    let rows = by_year["rows"].as_array().expect("rows");
    assert!(rows.len() > 2, "{by_year}");
    let mut sum = 0;
    for row in rows {
        let count = row["count"].as_u64().expect("count");
        sum += count;
        match row["year"].as_str() {
            Some(year) => {
                assert!(year.len() == 4 && year.parse::<u16>().is_ok(), "{row}");
                assert_eq!(count, total(&f, &["cong an", "--year", year]), "{row}");
            }
            None => assert!(count > 0, "an unknown row only when some are undated"),
        }
    }
    assert_eq!(sum, search_total);

    let by_province = count_json(&f, &["cong an", "--by", "province"]);
    let rows = by_province["rows"].as_array().expect("rows");
    assert!(!rows.is_empty());
    let counts: Vec<u64> = rows
        .iter()
        .map(|r| r["count"].as_u64().expect("count"))
        .collect();
    assert!(
        counts.windows(2).all(|w| w[0] >= w[1]),
        "most frequent first: {counts:?}"
    );
    for row in rows.iter().take(3) {
        let province = row["province"].as_str().expect("a province");
        assert_eq!(
            row["count"].as_u64(),
            Some(total(&f, &["cong an", "--province", province])),
            "{row}"
        );
    }

    // Two dimensions: every combination, as CSV a spreadsheet reads.
    let (code, stdout, stderr) = run_bytes(
        &f,
        &[
            "count", "cong an", "--by", "year", "--by", "province", "--format", "csv",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    let rows = csv_rows(&stdout);
    assert!(!rows.is_empty());
    let sum: u64 = rows
        .iter()
        .map(|r| r["count"].parse::<u64>().expect("count"))
        .sum();
    assert_eq!(sum, search_total);
    assert!(rows
        .iter()
        .all(|r| r.contains_key("year") && r.contains_key("province")));

    let text = bantin(&f.index, &["count", "cong an", "--by", "month"], None).expect_code(0);
    assert!(text.stdout.starts_with("month "), "{}", text.stdout);
    assert!(
        text.stdout.ends_with(&format!(
            "{search_total} matches in {} rows\n",
            text.stdout.lines().count() - 2
        )),
        "{}",
        text.stdout
    );
}

#[test]
fn count_says_when_the_words_matched_nowhere_and_syllables_did() {
    let lines: Vec<String> = (0..3)
        .map(|n| {
            serde_json::json!({
                "id": format!("ninh-binh-{n}"),
                "date": format!("202{n}-02-01"),
                "title": "Hội nghị tổng kết",
                "body": "Công an Ninh Bình tổ chức hội nghị tổng kết công tác năm.",
            })
            .to_string()
        })
        .collect();
    let f = fixture(&lines);
    bantin(&f.index, &["count", "an ninh", "--by", "year"], None)
        .expect_code(0)
        .expect_stdout_contains("no bulletin holds \"an ninh\" as written together")
        .expect_stdout_contains("3 matches in 3 rows");
    let json = count_json(&f, &["an ninh", "--by", "year"]);
    assert_eq!(json["matching"], "syllables");
    assert_eq!(json["words_total"], 0);
    // An excluded word after the query, as with search.
    let json = count_json(&f, &["an ninh", "-2021", "--by", "year"]);
    assert_eq!(json["total"], 3, "{json}");
    bantin(&f.index, &["count", "an ninh"], None)
        .expect_code(2)
        .expect_stderr_contains("--by");
}

/// The start of each ingest run the index lists as finished, oldest first.
fn ingest_runs(f: &Fixture) -> Vec<i64> {
    let text = std::fs::read_to_string(f.index.join("ingest-runs.tsv")).expect("a list of runs");
    text.lines()
        .filter(|line| !line.ends_with("\t-"))
        .map(|line| {
            line.split('\t')
                .next()
                .expect("a field")
                .parse()
                .expect("seconds")
        })
        .collect()
}

/// Waits until the clock has passed `seconds`, so that the next run starts later.
fn after(seconds: i64) {
    let now = || {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs() as i64
    };
    while now() <= seconds {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

fn new_ids(f: &Fixture, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--limit", "100"];
    all.extend_from_slice(args);
    let mut ids = hit_ids(&search_json(&f.index, &all));
    ids.sort();
    ids
}

#[test]
fn new_since_last_lists_what_the_last_ingest_run_brought() {
    let bulletin = |id: &str, body: &str| {
        serde_json::json!({"id": id, "title": format!("Tin {id}"), "body": body}).to_string()
    };
    let f = fixture(&[
        bulletin("a", "Công an bắt đối tượng trộm cắp."),
        bulletin("b", "Công an tuần tra."),
    ]);
    let first = ingest_runs(&f);
    assert_eq!(first.len(), 1);
    assert_eq!(new_ids(&f, &["--new-since", "last"]), ["a", "b"]);

    after(first[0]);
    let second_input = [
        bulletin("a", "Công an bắt hai đối tượng trộm cắp."),
        bulletin("b", "Công an tuần tra."),
        bulletin("c", "Công an bắt đối tượng trộm cắp xe máy."),
    ]
    .map(|line| format!("{line}\n"))
    .concat();
    bantin(&f.index, &["ingest", "-"], Some(&second_input)).expect_code(0);
    // The changed and the new bulletin, not the unchanged one; filters and words apply.
    assert_eq!(new_ids(&f, &["--new-since", "last"]), ["a", "c"]);
    assert_eq!(
        new_ids(&f, &["trộm cắp", "xe", "--new-since", "last"]),
        ["c"]
    );
    let date = bantin::bulletin::date::rfc3339(first[0]);
    assert_eq!(new_ids(&f, &["--new-since", &date]), ["a", "b", "c"]);
    assert_eq!(
        new_ids(&f, &["--new-since", "2999-01-01"]),
        Vec::<String>::new()
    );
    assert_eq!(new_ids(&f, &["--new-since", "9999"]), Vec::<String>::new());

    // A run that found nothing new: nothing since it.
    after(ingest_runs(&f)[1]);
    bantin(&f.index, &["ingest", "-"], Some(&second_input)).expect_code(0);
    assert_eq!(ingest_runs(&f).len(), 3);
    bantin(&f.index, &["search", "--new-since", "last"], None).expect_code(1);
    let count = count_json(&f, &["--new-since", &date, "--by", "year"]);
    assert_eq!(count["total"], 3);

    bantin(&f.index, &["search", "--new-since", "hôm qua"], None)
        .expect_code(2)
        .expect_stderr_contains("--new-since \"hôm qua\" is neither `last` nor a time");
}

#[test]
fn new_since_last_keeps_what_an_interrupted_run_committed() {
    let bulletin = |id: &str| {
        serde_json::json!({"id": id, "title": format!("Tin {id}"), "body": format!("Công an bắt đối tượng trộm cắp số {id}.")})
            .to_string()
    };
    let f = fixture(&[bulletin("a")]);
    after(ingest_runs(&f)[0]);
    // A run that commits its bulletins and is killed before it finishes: the list keeps
    // its start and never its end.
    let runs = f.index.join("ingest-runs.tsv");
    let before = std::fs::read_to_string(&runs).expect("a list of runs");
    bantin(
        &f.index,
        &["ingest", "-"],
        Some(&format!("{}\n", bulletin("b"))),
    )
    .expect_code(0);
    let after_b = std::fs::read_to_string(&runs).expect("a list of runs");
    let started_b = after_b
        .lines()
        .skip(before.lines().count())
        .find(|line| line.ends_with("\t-"))
        .expect("the run noted its start")
        .to_owned();
    std::fs::write(&runs, format!("{before}{started_b}\n")).expect("the killed run's list");
    after(
        started_b
            .split('\t')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0),
    );
    bantin(
        &f.index,
        &["ingest", "-"],
        Some(&format!("{}\n", bulletin("c"))),
    )
    .expect_code(0);
    // The next mail holds what the killed run committed, and the last run's.
    assert_eq!(
        new_ids(&f, &["--new-since", "last", "--no-collapse"]),
        ["b", "c"]
    );
}
