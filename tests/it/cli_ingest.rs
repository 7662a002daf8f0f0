//! `bantin ingest`, `stats` and `show` as users run them: the seeds, re-ingesting, edits,
//! bad input, a second writer, and a killed run.

use std::io::Write;
use std::path::{Path, PathBuf};

use bantin::bulletin::Bulletin;

use crate::common::{self, bantin, search_json, Fixture};

fn seeds_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds")
}

fn stats_json(index: &Path) -> serde_json::Value {
    let run = bantin(index, &["stats", "--json"], None).expect_code(0);
    serde_json::from_str(&run.stdout).expect("stats prints JSON")
}

fn documents(index: &Path) -> u64 {
    stats_json(index)["documents"].as_u64().unwrap_or_default()
}

fn ingest_report(index: &Path, args: &[&str], code: i32) -> (serde_json::Value, String) {
    let mut all = vec!["ingest", "--json"];
    all.extend_from_slice(args);
    let run = bantin(index, &all, None).expect_code(code);
    (
        serde_json::from_str(&run.stdout).expect("ingest --json prints JSON"),
        run.stderr,
    )
}

fn seed_id(name: &str) -> String {
    let path = seeds_dir().join(name);
    let text = std::fs::read_to_string(&path).expect("seed");
    Bulletin::from_plain_text(&text, String::new()).id
}

#[test]
fn seeds_ingest_with_expected_metadata() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let seeds = seeds_dir();
    let (report, _) = ingest_report(&index, &[seeds.to_str().expect("utf-8 path")], 0);
    assert_eq!(report["added"], 5);

    let expected = [
        (
            "000_85eaddf2e45121e1.txt",
            "2024-07-11",
            "Thanh Hóa",
            "Công an tỉnh Thanh Hóa",
        ),
        (
            "001_c5be20ee543c3a20.txt",
            "2023-09-29",
            "Hưng Yên",
            "Bộ Công an",
        ),
        (
            "002_b2cee2a168411ca0.txt",
            "2023-10-12",
            "Thanh Hóa",
            "Bộ Công an",
        ),
        (
            "003_a9c0f1154f463433.txt",
            "2023-12-27",
            "Thanh Hóa",
            "Công an tỉnh Thanh Hóa",
        ),
        (
            "004_4bc5cd3dc9dd1325.txt",
            "2024-07-12",
            "Nghệ An",
            "Công an tỉnh Nghệ An",
        ),
    ];
    for (file, date, province, unit) in expected {
        let id = seed_id(file);
        let run = bantin(&index, &["show", "--json", &id], None).expect_code(0);
        let shown: serde_json::Value = serde_json::from_str(&run.stdout).expect("show prints JSON");
        assert_eq!(shown["date"], date, "{file}");
        assert_eq!(shown["date_precision"], "day", "{file}");
        assert_eq!(shown["province"][1], province, "{file}");
        assert_eq!(shown["unit"][0], unit, "{file}");
    }
    let shown = bantin(
        &index,
        &["show", &seed_id("004_4bc5cd3dc9dd1325.txt")],
        None,
    )
    .expect_code(0);
    assert!(
        shown
            .stdout
            .contains("names     Nghệ An, Ninh Bình, Thanh Hóa, Hà Tĩnh, Quảng Bình"),
        "{}",
        shown.stdout
    );

    let stats = stats_json(&index);
    assert_eq!(stats["documents"], 5);
    assert_eq!(stats["first_date"], "2023-09-29");
    assert_eq!(stats["last_date"], "2024-07-12");
}

#[test]
fn reingesting_changes_nothing_and_an_edit_replaces() {
    let Fixture { dir, index } = Fixture::empty();
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("mkdir");
    for entry in std::fs::read_dir(seeds_dir()).expect("seeds") {
        let path = entry.expect("entry").path();
        std::fs::copy(&path, data.join(path.file_name().expect("name"))).expect("copy");
    }
    let data_arg = data.to_str().expect("utf-8 path");
    ingest_report(&index, &[data_arg], 0);
    let (again, _) = ingest_report(&index, &[data_arg], 0);
    assert_eq!(
        (again["added"].as_u64(), again["unchanged"].as_u64()),
        (Some(0), Some(5))
    );
    assert_eq!(documents(&index), 5);

    let edited = data.join("003_a9c0f1154f463433.txt");
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(&edited)
        .expect("open");
    writeln!(file, "\nCập nhật: thêm một đoạn.").expect("append");
    let (after_edit, _) = ingest_report(&index, &[data_arg], 0);
    assert_eq!(
        (
            after_edit["updated"].as_u64(),
            after_edit["unchanged"].as_u64()
        ),
        (Some(1), Some(4))
    );
    assert_eq!(documents(&index), 5);
}

#[test]
fn json_lines_with_explicit_ids_update_in_place() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let first = "{\"id\": \"a\", \"title\": \"Tin A\", \"body\": \"Công an tỉnh Thanh Hóa bắt ma túy\", \"date\": \"2024-01-05\"}\n{\"id\": \"b\", \"body\": \"Tin B\\n\\nNgày 3/2, Công an TP Hà Nội\"}\n";
    bantin(&index, &["ingest", "-"], Some(first)).expect_code(0);
    let second = "{\"id\": \"a\", \"title\": \"Tin A\", \"body\": \"Công an tỉnh Thanh Hóa bắt ma túy đá\", \"date\": \"2024-01-05\"}\n";
    let run = bantin(&index, &["ingest", "--json", "-"], Some(second)).expect_code(0);
    assert!(run.stdout.contains("\"updated\":1"), "{}", run.stdout);
    assert_eq!(documents(&index), 2);
    let shown = bantin(&index, &["show", "a", "--json"], None).expect_code(0);
    assert!(shown.stdout.contains("ma túy đá"));
}

#[test]
fn bad_input_is_skipped_by_name_and_nothing_indexed_is_lost() {
    let Fixture { dir, index } = Fixture::empty();
    let seeds = seeds_dir();
    ingest_report(&index, &[seeds.to_str().expect("utf-8 path")], 0);

    let bad = dir.path().join("bad");
    std::fs::create_dir(&bad).expect("mkdir");
    std::fs::write(bad.join("empty.txt"), "").expect("write");
    std::fs::write(bad.join("image.jpg"), b"\xFF\xD8\xFF\xE0\x00\x10JFIF\x00").expect("write");
    std::fs::write(
        bad.join("latin1.txt"),
        b"C\xF4ng an t\xECnh Thanh H\xF3a ".repeat(40),
    )
    .expect("write");
    let mut one_bad_byte = "Tin một byte hỏng\n\nSáng 2/3, Công an tỉnh Nghệ An tuần tra. "
        .repeat(20)
        .into_bytes();
    one_bad_byte.push(0xE1);
    std::fs::write(bad.join("one-bad-byte.txt"), one_bad_byte).expect("write");
    std::fs::write(bad.join("huge.txt"), "ma túy ".repeat(200_000)).expect("write");
    std::fs::write(
        bad.join("feed.jsonl"),
        "{\"body\": \"Tin tốt\\n\\nCông an tỉnh Hà Tĩnh\"}\n{\"body\": \n{\"title\": \"thiếu body\", \"article\": \"x\"}\n",
    )
    .expect("write");
    let mut utf16 = vec![0xFF, 0xFE];
    for unit in "Tin UTF-16\n\nCông an tỉnh Quảng Ninh bắt giữ".encode_utf16() {
        utf16.extend(unit.to_le_bytes());
    }
    std::fs::write(bad.join("utf16.txt"), utf16).expect("write");

    let bad_arg = bad.to_str().expect("utf-8 path");
    let (report, stderr) = ingest_report(&index, &["--max-file-mb", "1", bad_arg], 3);
    for needle in [
        "empty.txt: empty file",
        "image.jpg: binary file",
        "latin1.txt: not UTF-8",
        "huge.txt: 1600000 bytes is over the limit",
        "feed.jsonl:2: invalid JSON record",
        "feed.jsonl:3: no body: none of the fields `body`, `content`, `text`, `description` (map another with --field body=NAME); the record has article",
        "warning: ",
        "one-bad-byte.txt: 1 invalid UTF-8 sequence(s) replaced",
    ] {
        assert!(
            stderr.contains(needle),
            "stderr lacks {needle:?}:\n{stderr}"
        );
    }
    assert_eq!(report["skipped"], 6);
    assert_eq!(
        report["added"], 3,
        "one-bad-byte.txt, utf16.txt and feed.jsonl:1"
    );
    assert_eq!(documents(&index), 8, "the five seeds are still there");
}

#[test]
fn bad_arguments_are_clear_errors() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    bantin(
        &index,
        &["ingest", "--threads", "4", "--memory-mb", "20", "x"],
        None,
    )
    .expect_code(2)
    .expect_stderr_contains("--memory-mb 20 is too small for 4 thread(s)");
    bantin(&index, &["stats"], None)
        .expect_code(2)
        .expect_stderr_contains("no index at")
        .expect_stderr_contains("build one there with `bantin --index");
}

/// A writer killed with SIGKILL leaves its last commit; a second writer meanwhile is refused;
/// running the same input again completes the index without duplicates.
#[cfg(unix)]
#[test]
fn killed_ingest_keeps_last_commit_and_completes_on_rerun() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    let Fixture { dir: _dir, index } = Fixture::empty();
    let lines: Vec<String> = (0..400)
        .map(|i| format!("{{\"id\": \"k{i}\", \"title\": \"Tin số {i}\", \"body\": \"Công an tỉnh Thanh Hóa bắt {i} đối tượng ma túy.\"}}\n"))
        .collect();

    let mut child = Command::new(assert_cmd::cargo::cargo_bin("bantin"))
        .args([
            "--index",
            index.to_str().expect("utf-8"),
            "ingest",
            "--commit-every",
            "100",
            "--threads",
            "1",
            "-",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn ingest");
    let mut stdin = child.stdin.take().expect("stdin");
    for line in &lines[..250] {
        stdin.write_all(line.as_bytes()).expect("feed");
    }
    stdin.flush().expect("flush");

    // Two batches of 100 are committed while the writer still waits for more input.
    let deadline = Instant::now() + Duration::from_secs(60);
    let committed = loop {
        let count = bantin::index::BantinIndex::open(&index)
            .ok()
            .and_then(|ix| ix.index.reader().ok().map(|r| r.searcher().num_docs()))
            .unwrap_or(0);
        if count >= 200 || Instant::now() > deadline {
            break count;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(committed, 200);

    bantin(&index, &["ingest", "-"], Some(&lines[0]))
        .expect_code(2)
        .expect_stderr_contains("is locked: another `bantin ingest` is writing to it");

    child.kill().expect("kill -9");
    child.wait().expect("reap");
    drop(stdin);

    assert_eq!(
        documents(&index),
        200,
        "the killed run's last commit is intact"
    );
    let all = lines.concat();
    let run = bantin(&index, &["ingest", "--json", "-"], Some(&all)).expect_code(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        (report["unchanged"].as_u64(), report["added"].as_u64()),
        (Some(200), Some(200))
    );
    assert_eq!(documents(&index), 400, "no duplicates after the rerun");
}

/// `n` distinct records as JSON Lines, numbered from `first`; `extra` is spliced into each
/// object (e.g. `"source": "unc", `).
fn feed(first: usize, n: usize, extra: &str) -> String {
    (first..first + n)
        .map(|i| {
            format!(
                "{{{extra}\"title\": \"Bản tin số {i}\", \"body\": \"Công an tỉnh Nghệ An xử lý vụ việc mã{i}x.\"}}\n"
            )
        })
        .collect()
}

fn search_total(index: &Path, query: &str) -> u64 {
    let run = bantin(index, &["search", "--json", query], None);
    let results: serde_json::Value = serde_json::from_str(&run.stdout).expect("search JSON");
    results["total"].as_u64().unwrap_or_default()
}

#[test]
fn json_source_field_deletes_other_bulletins() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let records = feed(0, 1000, "\"source\": \"Công an Nghệ An\", ");
    let run = bantin(&index, &["ingest", "--json", "-"], Some(&records)).expect_code(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(
        (report["added"].as_u64(), report["updated"].as_u64()),
        (Some(1000), Some(0))
    );
    assert_eq!(documents(&index), 1000);
    assert_eq!(search_total(&index, "mã999x"), 1);
    assert_eq!(search_total(&index, "mã0x"), 1);
    let run = bantin(&index, &["search", "--json", "mã7x"], None).expect_code(0);
    let results: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let id = results["hits"][0]["id"].as_str().expect("a hit");
    bantin(&index, &["show", id], None)
        .expect_code(0)
        .expect_stdout_contains("publisher Công an Nghệ An\nsource    <stdin>:8\n");
}

#[test]
fn json_line_number_used_as_identity() {
    let Fixture { dir, index } = Fixture::empty();
    let path = dir.path().join("feed.jsonl");
    let path_arg = path.to_str().expect("utf-8 path");
    std::fs::write(&path, feed(0, 40, "")).expect("write feed");
    let (first, _) = ingest_report(&index, &[path_arg], 0);
    assert_eq!(first["added"], 40);

    // Newest first: ten new records at the top move every older one down ten lines.
    std::fs::write(&path, feed(100, 10, "") + &feed(0, 40, "")).expect("write feed");
    let (second, _) = ingest_report(&index, &[path_arg], 0);
    assert_eq!(
        (
            second["added"].as_u64(),
            second["updated"].as_u64(),
            second["unchanged"].as_u64()
        ),
        (Some(10), Some(0), Some(40))
    );
    assert_eq!(documents(&index), 50);
    for query in ["mã0x", "mã39x", "mã100x", "mã109x"] {
        assert_eq!(search_total(&index, query), 1, "{query}");
    }
}

#[test]
fn moved_plain_text_file_is_unchanged_not_duplicated() {
    let Fixture { dir, index } = Fixture::empty();
    let data = dir.path().join("data");
    std::fs::create_dir_all(data.join("2024")).expect("mkdir");
    let seed = seeds_dir().join("000_85eaddf2e45121e1.txt");
    std::fs::copy(&seed, data.join("a.txt")).expect("copy");
    let data_arg = data.to_str().expect("utf-8 path");
    ingest_report(&index, &[data_arg], 0);

    std::fs::rename(data.join("a.txt"), data.join("2024/a.txt")).expect("move");
    let (moved, _) = ingest_report(&index, &[data_arg], 0);
    assert_eq!(
        (moved["added"].as_u64(), moved["unchanged"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(documents(&index), 1);

    // An edit after the move replaces the bulletin where it now lives.
    let mut file = std::fs::OpenOptions::new()
        .append(true)
        .open(data.join("2024/a.txt"))
        .expect("open");
    writeln!(file, "\nCập nhật: thêm một đoạn.").expect("append");
    let (edited, _) = ingest_report(&index, &[data_arg], 0);
    assert_eq!(
        (edited["added"].as_u64(), edited["updated"].as_u64()),
        (Some(0), Some(1))
    );
    assert_eq!(documents(&index), 1);
}

#[test]
fn huge_ingest_options_overflow() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let huge = usize::MAX.to_string();
    let huge_u64 = u64::MAX.to_string();
    for (args, message) in [
        (vec!["--threads", huge.as_str()], "--threads"),
        (
            vec!["--threads", "1", "--memory-mb", huge.as_str()],
            "--memory-mb",
        ),
        (vec!["--max-file-mb", huge_u64.as_str()], "--max-file-mb"),
    ] {
        let mut all = vec!["ingest"];
        all.extend(args);
        all.push("-");
        bantin(&index, &all, Some(""))
            .expect_code(2)
            .expect_stderr_contains(message);
    }
    assert!(
        !index.join("meta.json").exists(),
        "no work before the error"
    );
}

/// `bantin ingest ... | head -1` closes the pipe before the summary is printed: the ingest
/// still completes and exits quietly.
#[cfg(unix)]
#[test]
fn ingest_summary_into_closed_pipe_panics() {
    use std::process::{Command, Stdio};
    let Fixture { dir: _dir, index } = Fixture::empty();
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("bantin"))
        .args(["--index", index.to_str().expect("utf-8"), "ingest"])
        .arg(seeds_dir())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn ingest");
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert_eq!(documents(&index), 5);
}

#[test]
fn missing_path_is_an_error_before_any_work() {
    let Fixture { dir, index } = Fixture::empty();
    let missing = dir.path().join("missing.txt");
    let seeds = seeds_dir();
    bantin(
        &index,
        &[
            "ingest",
            seeds.to_str().expect("utf-8"),
            missing.to_str().expect("utf-8"),
        ],
        None,
    )
    .expect_code(2)
    .expect_stderr_contains("missing.txt: no such file or directory");
    assert!(!index.exists(), "nothing was created or indexed");
}

#[test]
fn scraper_dates_drop_the_whole_record() {
    let Fixture { dir, index } = Fixture::empty();
    let feed = dir.path().join("feed.jsonl");
    let body = "Ngày 28/9/2023, Công an tỉnh Nghệ An tổ chức hội nghị";
    let dates = [
        ("iso", "\"2024-07-11T08:30:00+07:00\"", "2024-07-11"),
        ("utc", "\"2024-07-10T20:30:00Z\"", "2024-07-11"),
        ("dmy", "\"11/07/2024\"", "2024-07-11"),
        ("dmy-time", "\"11-07-2024 08:30\"", "2024-07-11"),
        ("rss", "\"Thu, 11 Jul 2024 08:30:00 +0700\"", "2024-07-11"),
        ("unix", "1720643400", "2024-07-11"),
        ("old", "\"1900\"", "2023-09-28"),
        ("words", "\"yesterday\"", "2023-09-28"),
    ];
    let lines: String = dates
        .iter()
        .map(|(id, date, _)| {
            format!("{{\"id\": \"{id}\", \"title\": \"Tin {id}\", \"date\": {date}, \"body\": \"{body}\"}}\n")
        })
        .collect();
    std::fs::write(&feed, lines).expect("write feed");
    let (report, stderr) = ingest_report(&index, &[feed.to_str().expect("utf-8")], 0);
    assert_eq!(report["added"], 8, "{stderr}");
    assert_eq!(report["warnings"], 2, "{stderr}");
    for needle in [
        "feed.jsonl:7: `date` 1900 is before 1945 (--min-year): ignored, the date comes from the text",
        "feed.jsonl:8: `date` \"yesterday\" is not a date",
    ] {
        assert!(
            stderr.contains(needle),
            "stderr lacks {needle:?}:\n{stderr}"
        );
    }
    for (id, _, expected) in dates {
        let run = bantin(&index, &["show", "--json", id], None).expect_code(0);
        let shown: serde_json::Value = serde_json::from_str(&run.stdout).expect("show JSON");
        assert_eq!(shown["date"], expected, "{id}");
    }
}

#[test]
fn unknown_province_or_unit_drops_the_record() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let record = "{\"id\": \"p\", \"province\": \"Atlantis\", \"unit\": \"Sở Phép Thuật\", \"body\": \"Tin\\n\\nSáng 2/3, Công an tỉnh Hà Tĩnh tuần tra.\"}\n";
    let run = bantin(&index, &["ingest", "--json", "-"], Some(record)).expect_code(0);
    assert!(run.stdout.contains("\"added\":1"), "{}", run.stdout);
    assert!(
        run.stderr
            .contains("<stdin>:1: `province` \"Atlantis\" names no province"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("<stdin>:1: `unit` \"Sở Phép Thuật\" names no police unit"),
        "{}",
        run.stderr
    );
    let shown = bantin(&index, &["show", "--json", "p"], None).expect_code(0);
    let shown: serde_json::Value = serde_json::from_str(&shown.stdout).expect("show JSON");
    assert_eq!(shown["province"][1], "Hà Tĩnh");
    assert_eq!(shown["unit"][0], "Công an tỉnh Hà Tĩnh");
}

#[test]
fn scraper_field_names_are_not_read() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let feed = concat!(
        "{\"link\": \"https://ca.vn/1\", \"headline\": \"Bắt ma túy\", \"content\": \"Công an tỉnh Nghệ An bắt giữ.\", \"pubDate\": \"Thu, 11 Jul 2024 08:30:00 +0700\", \"source\": \"Công an Nghệ An\"}\n",
        "{\"url\": \"https://ca.vn/2\", \"title\": \"Tuần tra\", \"text\": \"Công an tỉnh Hà Tĩnh tuần tra.\", \"published_at\": \"2024-07-12T09:00:00+07:00\"}\n",
        "{\"url\": \"https://ca.vn/3\", \"title\": \"PCCC\", \"article_text\": \"Công an tỉnh Thanh Hóa diễn tập PCCC.\", \"created_at\": \"13/07/2024\"}\n",
    );
    let run = bantin(
        &index,
        &["ingest", "--field", "body=article_text", "-"],
        Some(feed),
    )
    .expect_code(0)
    .expect_stdout_contains("3 added")
    .expect_stdout_contains(
        "fields read: url=link (1), url (2), title=headline (1), title (2), body=article_text (1), body=content (1), body=text (1), date=created_at (1), date=pubDate (1), date=published_at (1), source (1)",
    );
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let shown = bantin(&index, &["show", "--json", "https://ca.vn/1"], None).expect_code(0);
    let shown: serde_json::Value = serde_json::from_str(&shown.stdout).expect("show JSON");
    assert_eq!(shown["title"], "Bắt ma túy");
    assert_eq!(shown["date"], "2024-07-11");
    assert_eq!(shown["url"], "https://ca.vn/1");
    assert_eq!(shown["publisher"], "Công an Nghệ An");
    let shown = bantin(&index, &["show", "--json", "https://ca.vn/3"], None).expect_code(0);
    let shown: serde_json::Value = serde_json::from_str(&shown.stdout).expect("show JSON");
    assert_eq!(shown["date"], "2024-07-13");
    assert!(shown["body"]
        .as_str()
        .is_some_and(|b| b.contains("diễn tập PCCC")));

    bantin(&index, &["ingest", "--field", "content=x", "-"], Some(feed))
        .expect_code(2)
        .expect_stderr_contains("\"content\" is not one of id, url, title, body");
    bantin(&index, &["ingest", "--field", "body", "-"], Some(feed))
        .expect_code(2)
        .expect_stderr_contains("is not ROLE=NAME");
}

#[test]
fn json_array_and_ndjson_files_are_not_read_as_records() {
    let Fixture { dir, index } = Fixture::empty();
    let array = dir.path().join("feed.json");
    std::fs::write(
        &array,
        "[\n  {\"id\": \"a1\", \"body\": \"Công an tỉnh Nghệ An bắt mã-a1.\"},\n  {\"id\": \"a2\", \"body\": \"Công an tỉnh Hà Tĩnh bắt mã-a2.\"}\n]\n",
    )
    .expect("write");
    let ndjson = dir.path().join("feed.ndjson");
    std::fs::write(
        &ndjson,
        "{\"id\": \"n1\", \"body\": \"Công an tỉnh Nghệ An bắt mã-n1.\"}\n{\"id\": \"n2\", \"body\": \"Tin mã-n2\"}\n",
    )
    .expect("write");
    let (report, stderr) = ingest_report(
        &index,
        &[
            array.to_str().expect("utf-8"),
            ndjson.to_str().expect("utf-8"),
        ],
        0,
    );
    assert_eq!(report["added"], 4, "{stderr}");
    for id in ["a1", "a2", "n1", "n2"] {
        bantin(&index, &["show", id], None).expect_code(0);
    }
    let (again, _) = ingest_report(&index, &[array.to_str().expect("utf-8")], 0);
    assert_eq!(again["unchanged"], 2);
}

/// Runs `bantin ARGS` with a time limit: a walk that never ends fails instead of hanging.
fn bantin_within(index: &Path, args: &[&str], seconds: u64) -> (i32, String, String) {
    let output = assert_cmd::Command::cargo_bin("bantin")
        .expect("binary")
        .arg("--index")
        .arg(index)
        .args(args)
        .env("NO_COLOR", "1")
        .timeout(std::time::Duration::from_secs(seconds))
        .output()
        .expect("runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn symlink_loop_hangs_ingest() {
    use std::os::unix::fs::symlink;
    let Fixture { dir, index } = Fixture::empty();
    let tree = dir.path().join("L");
    std::fs::create_dir_all(tree.join("sub")).expect("mkdir");
    std::fs::copy(
        seeds_dir().join("000_85eaddf2e45121e1.txt"),
        tree.join("sub/a.txt"),
    )
    .expect("copy");
    symlink("..", tree.join("sub/up")).expect("symlink");
    symlink("../L", tree.join("self")).expect("symlink");
    symlink(".", tree.join("sub/me")).expect("symlink");
    symlink("sub/a.txt", tree.join("alias.txt")).expect("symlink");

    let (code, stdout, stderr) = bantin_within(
        &index,
        &["ingest", "--json", tree.to_str().expect("utf-8")],
        60,
    );
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(
        (report["added"].as_u64(), report["unchanged"].as_u64()),
        (Some(1), Some(0)),
        "one real file, read once: {stderr}"
    );
    for link in ["L/self", "L/sub/up", "L/sub/me"] {
        assert_eq!(
            stderr
                .matches(&format!("{link}: symbolic link loop"))
                .count(),
            1,
            "{link} reported once:\n{stderr}"
        );
    }
}

#[test]
fn one_line_file_becomes_a_huge_title() {
    let Fixture { dir, index } = Fixture::empty();
    let file = dir.path().join("one-line.txt");
    let line = "Công an tỉnh Nghệ An bắt giữ đối tượng ma túy ".repeat(40_000);
    std::fs::write(&file, &line).expect("write");
    ingest_report(&index, &[file.to_str().expect("utf-8")], 0);

    let run = bantin(&index, &["search", "--json", "ma túy"], None).expect_code(0);
    let results: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let title = results["hits"][0]["title"]
        .as_str()
        .expect("a hit with a title");
    assert!(
        (100..=301).contains(&title.chars().count()),
        "{} chars",
        title.chars().count()
    );
    assert!(title.ends_with('…'), "{title}");
    let id = results["hits"][0]["id"].as_str().expect("id");
    let shown = bantin(&index, &["show", "--json", id], None).expect_code(0);
    let shown: serde_json::Value = serde_json::from_str(&shown.stdout).expect("JSON");
    let body = shown["body"].as_str().expect("body");
    assert_eq!(
        title.trim_end_matches('…').split_whitespace().count() + body.split_whitespace().count(),
        line.split_whitespace().count(),
        "no word lost"
    );
    let text = bantin(&index, &["search", "ma túy"], None).expect_code(0);
    assert!(
        text.stdout.lines().all(|l| l.chars().count() < 1000),
        "no huge line in the results"
    );
}

#[test]
fn utf16_without_bom_is_called_binary() {
    let Fixture { dir, index } = Fixture::empty();
    let file = dir.path().join("utf16.txt");
    let text = "Tin UTF-16\n\nCông an tỉnh Quảng Ninh bắt giữ đối tượng buôn lậu";
    let bytes: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    std::fs::write(&file, bytes).expect("write");
    let (report, stderr) = ingest_report(&index, &[file.to_str().expect("utf-8")], 0);
    assert_eq!(report["added"], 1, "{stderr}");
    assert_eq!(search_total(&index, "buôn lậu"), 1);
}

#[test]
fn id_with_newline_breaks_text_output() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let record = "{\"id\": \"tin\\n42\", \"title\": \"Tuần tra\\nban đêm\", \"body\": \"Công an tỉnh Hà Tĩnh tuần tra ban đêm.\"}\n";
    bantin(&index, &["ingest", "-"], Some(record)).expect_code(0);
    let search = bantin(&index, &["search", "tuần tra"], None)
        .expect_code(0)
        .expect_stdout_contains("tin\\n42")
        .expect_stdout_contains("1. **Tuần tra** ban đêm\n");
    assert!(
        !search.stdout.lines().any(|l| l.starts_with("42")),
        "{}",
        search.stdout
    );
    bantin(&index, &["show", "tin\n42"], None)
        .expect_code(0)
        .expect_stdout_contains("id        tin\\n42\n");
    // The id as printed finds the bulletin too.
    bantin(&index, &["show", "tin\\n42"], None)
        .expect_code(0)
        .expect_stdout_contains("Tuần tra");
}

#[cfg(unix)]
#[test]
fn show_keeps_each_value_on_its_line() {
    let Fixture { dir, index } = Fixture::empty();
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).expect("mkdir");
    let odd_name = inputs.join("tin\nmới.txt");
    std::fs::write(
        &odd_name,
        "Tuần tra ban đêm\n\nCông an tỉnh Hà Tĩnh tuần tra.\n",
    )
    .expect("write");
    std::fs::write(
        inputs.join("r.jsonl"),
        "{\"id\": \"tin\\n42\", \"title\": \"Tuần tra\", \"body\": \"Công an tuần tra.\"}\n",
    )
    .expect("write");
    bantin(&index, &["ingest", inputs.to_str().expect("utf-8")], None).expect_code(0);

    let missing = bantin(&index, &["show", "tin"], None).expect_code(2);
    assert_eq!(missing.stderr.lines().count(), 1, "{}", missing.stderr);
    assert!(missing.stderr.contains("tin\\n42"), "{}", missing.stderr);

    let search = search_json(&index, &["--sort", "oldest", "tuần tra"]);
    let ids: Vec<&str> = search["hits"]
        .as_array()
        .expect("hits")
        .iter()
        .filter_map(|hit| hit["id"].as_str())
        .collect();
    assert_eq!(ids.len(), 2, "{search}");
    for id in ids {
        let show = bantin(&index, &["show", id], None).expect_code(0);
        let source = show
            .stdout
            .lines()
            .find(|line| line.starts_with("source "))
            .expect("a source line");
        assert!(
            source.ends_with("r.jsonl:1") || source.ends_with("tin\\nmới.txt"),
            "{}",
            show.stdout
        );
    }
}

/// tantivy lists every file it writes in `.managed.json` before writing it: a run killed
/// between writing a segment and committing it leaves such files, referred to by no commit.
#[test]
fn killed_ingest_leaves_uncommitted_segments_on_disk() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let seeds = seeds_dir();
    ingest_report(&index, &[seeds.to_str().expect("utf-8")], 0);
    let leftover = index.join("0123456789abcdef0123456789abcdef.store");
    std::fs::write(&leftover, vec![0u8; 4096]).expect("write");
    let managed_path = index.join(".managed.json");
    let mut managed: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(&managed_path).expect("managed"))
            .expect("a list of files");
    managed.push("0123456789abcdef0123456789abcdef.store".to_owned());
    std::fs::write(
        &managed_path,
        serde_json::to_string(&managed).expect("JSON"),
    )
    .expect("write");

    let (report, _) = ingest_report(&index, &[seeds.to_str().expect("utf-8")], 0);
    assert_eq!(report["unchanged"], 5);
    assert_eq!(report["removed_leftover_files"], 1);
    assert!(!leftover.exists(), "the leftover segment file is gone");
    assert_eq!(documents(&index), 5);
}

#[test]
fn huge_id_is_indexed_whole() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let record = format!(
        "{{\"id\": \"{}\", \"title\": \"Tuần tra\", \"body\": \"Công an tỉnh Hà Tĩnh tuần tra ban đêm.\"}}\n",
        "x".repeat(100_000)
    );
    bantin(&index, &["ingest", "-"], Some(&record)).expect_code(0);
    let run = bantin(&index, &["search", "--json", "tuần tra"], None).expect_code(0);
    let results: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    let id = results["hits"][0]["id"].as_str().expect("a hit with an id");
    assert!(id.len() <= 512, "{} bytes", id.len());
    bantin(&index, &["show", id], None).expect_code(0);
    let again = bantin(&index, &["ingest", "--json", "-"], Some(&record)).expect_code(0);
    assert!(
        again.stdout.contains("\"unchanged\":1"),
        "the capped id is stable: {}",
        again.stdout
    );
}

#[test]
fn index_in_a_directory_of_other_files_mixes_them_with_segments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let photos = dir.path().join("photos");
    std::fs::create_dir(&photos).expect("mkdir");
    std::fs::write(photos.join("beach.jpg"), b"\xff\xd8").expect("photo");
    let seeds = seeds_dir();
    bantin(&photos, &["ingest", seeds.to_str().expect("utf-8")], None)
        .expect_code(2)
        .expect_stderr_contains("holds other files (beach.jpg) and no bantin index");
    let names: Vec<_> = std::fs::read_dir(&photos)
        .expect("read dir")
        .map(|entry| entry.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["beach.jpg"], "nothing was written beside the photo");

    let file = dir.path().join("notes.txt");
    std::fs::write(&file, "ghi chú").expect("file");
    bantin(&file, &["ingest", seeds.to_str().expect("utf-8")], None)
        .expect_code(2)
        .expect_stderr_contains("is a file, not a directory");

    // Hidden files (a .gitignore) and folders (the demo's) do not stop a new index.
    let fresh = dir.path().join("fresh");
    std::fs::create_dir_all(fresh.join("demo")).expect("mkdir");
    std::fs::write(fresh.join(".gitignore"), "*\n").expect("gitignore");
    bantin(&fresh, &["ingest", seeds.to_str().expect("utf-8")], None).expect_code(0);
    assert_eq!(documents(&fresh), 5);
}

#[test]
fn ingesting_a_folder_that_holds_the_index_reads_its_segments() {
    let dir = tempfile::tempdir().expect("temp dir");
    let project = dir.path().join("project");
    std::fs::create_dir(&project).expect("mkdir");
    std::fs::copy(
        seeds_dir().join("001_c5be20ee543c3a20.txt"),
        project.join("a.txt"),
    )
    .expect("copy a seed");
    let index = project.join("index");
    let path = project.to_str().expect("utf-8");
    bantin(&index, &["ingest", path], None).expect_code(0);
    let (report, stderr) = ingest_report(&index, &[path], 0);
    assert_eq!(report["unchanged"], 1, "{report}");
    assert_eq!(report["skipped"], 0, "{report} {stderr}");
    assert!(
        stderr.contains("a search index, not bulletins; not read"),
        "{stderr}"
    );
    assert_eq!(documents(&index), 1);
}

#[test]
fn two_records_with_one_id_in_one_feed_keep_the_last_without_a_word() {
    let Fixture { dir, index } = Fixture::empty();
    let mut feed = String::new();
    for n in 0..30 {
        // Ids numbered per section: 15 ids, each used by two different bulletins.
        let record = serde_json::json!({
            "id": format!("tin-{}", n % 15),
            "body": format!("Công an tỉnh Nghệ An bắt giữ đối tượng số {n}."),
        });
        feed.push_str(&format!("{record}\n"));
    }
    let path = dir.path().join("feed.jsonl");
    std::fs::write(&path, feed).expect("feed");
    let (report, stderr) = ingest_report(&index, &[path.to_str().expect("utf-8")], 0);
    assert_eq!(report["same_id_in_run"], 15, "{report}");
    assert_eq!(report["added"], 15, "{report}");
    assert_eq!(report["updated"], 15, "{report}");
    assert!(
        stderr.contains("feed.jsonl:16: id \"tin-0\" was read earlier in this run with other text"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("was read earlier in this run").count(),
        10,
        "named one by one up to ten: {stderr}"
    );
    let run = bantin(&index, &["ingest", path.to_str().expect("utf-8")], None).expect_code(0);
    assert!(
        run.stdout
            .contains("15 records had the id of an earlier record of this run"),
        "{}",
        run.stdout
    );
}

/// A scraper's broken first line `[broken line` no longer makes a `.jsonl` file (or
/// standard input) one JSON array: that line is skipped, the thousand after it are read.
#[test]
fn a_jsonl_file_starting_with_a_bracket_loses_only_that_line() {
    let Fixture { dir, index } = Fixture::empty();
    let feed_text = format!("[broken line\n{}", feed(0, 1000, ""));
    let file = dir.path().join("feed.jsonl");
    std::fs::write(&file, &feed_text).expect("write");
    let (report, stderr) = ingest_report(&index, &[file.to_str().expect("utf-8")], 3);
    assert_eq!(
        (report["added"].as_u64(), report["skipped"].as_u64()),
        (Some(1000), Some(1))
    );
    assert!(
        stderr.contains("feed.jsonl:1: invalid JSON record"),
        "{stderr}"
    );
    let stdin_index = dir.path().join("stdin-index");
    let run = bantin(&stdin_index, &["ingest", "--json", "-"], Some(&feed_text)).expect_code(3);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["added"], 1000, "{}", run.stderr);
}

/// Plain text compressed is plain text: `.txt.xz` and `.txt.gz` are decompressed, not
/// skipped as binary.
#[test]
fn compressed_plain_text_is_read() {
    use std::io::Write;
    let Fixture { dir, index } = Fixture::empty();
    let text = "Tin nén\n\nCông an tỉnh Nghệ An bắt giữ đối tượng tàng trữ ma túy.";
    let xz = dir.path().join("tin.txt.xz");
    let mut encoder = xz2::write::XzEncoder::new(Vec::new(), 6);
    encoder.write_all(text.as_bytes()).expect("compress");
    std::fs::write(&xz, encoder.finish().expect("xz")).expect("write");
    let gz = dir.path().join("khac.txt.gz");
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder
        .write_all(text.replace("Nghệ An", "Hà Tĩnh").as_bytes())
        .expect("compress");
    std::fs::write(&gz, encoder.finish().expect("gz")).expect("write");
    let (report, stderr) = ingest_report(
        &index,
        &[xz.to_str().expect("utf-8"), gz.to_str().expect("utf-8")],
        0,
    );
    assert_eq!(report["added"], 2, "{stderr}");
    assert_eq!(search_total(&index, "tàng trữ ma túy"), 2);
}

/// `ingest <(head feed.jsonl)`: a pipe has no name to trust, its first byte says it is
/// JSON Lines.
#[cfg(unix)]
#[test]
fn a_pipe_of_json_lines_is_read_as_json_lines() {
    let Fixture { dir, index } = Fixture::empty();
    let fifo = dir.path().join("feed-pipe");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo runs");
    assert!(made.success());
    let writer_path = fifo.clone();
    let writer = std::thread::spawn(move || std::fs::write(writer_path, feed(0, 50, "")));
    let (report, stderr) = ingest_report(&index, &[fifo.to_str().expect("utf-8")], 0);
    writer.join().expect("writer").expect("written");
    assert_eq!(report["added"], 50, "{stderr}");
    assert_eq!(search_total(&index, "\"Bản tin số 7\""), 1);
}

/// UTF-32 text is decoded, with a BOM or without one, not indexed as NUL-interleaved junk.
#[test]
fn utf32_text_is_decoded() {
    let Fixture { dir, index } = Fixture::empty();
    let text = "Tin UTF-32\n\nCông an tỉnh Quảng Ninh bắt giữ đối tượng buôn lậu";
    let le: Vec<u8> = text
        .chars()
        .flat_map(|c| (c as u32).to_le_bytes())
        .collect();
    let with_bom = dir.path().join("bom.txt");
    std::fs::write(&with_bom, [&b"\xFF\xFE\x00\x00"[..], &le].concat()).expect("write");
    let without = dir.path().join("plain.txt");
    std::fs::write(&without, &le).expect("write");
    let (report, stderr) = ingest_report(
        &index,
        &[
            with_bom.to_str().expect("utf-8"),
            without.to_str().expect("utf-8"),
        ],
        0,
    );
    assert_eq!(report["skipped"], 0, "{stderr}");
    let results = common::search_json(&index, &["buon lau", "--limit", "5"]);
    assert_eq!(results["total"], 1, "one text, twice: {results}");
    assert_eq!(results["hits"][0]["title"], "Tin UTF-32", "{results}");
}

/// Numeric ids past `u64` keep their digits: two of them are two bulletins.
#[test]
fn numeric_ids_past_u64_stay_apart() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let input = "{\"id\": 100000000000000000001, \"body\": \"Công an tỉnh Nghệ An, tin một.\"}\n\
                 {\"id\": 100000000000000000002, \"body\": \"Công an tỉnh Hà Tĩnh, tin hai.\"}\n";
    let run = bantin(&index, &["ingest", "--json", "-"], Some(input)).expect_code(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["added"], 2, "{}", run.stderr);
    assert_eq!(documents(&index), 2);
    bantin(&index, &["show", "100000000000000000002"], None)
        .expect_code(0)
        .expect_stdout_contains("tin hai");
}

/// `ingest - < /dev/zero` and a line that never ends stop with a message instead of
/// running forever; what came before is kept.
#[test]
fn a_json_lines_stream_without_line_ends_stops() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let mut input = feed(0, 3, "");
    input.push_str(&"\0".repeat(1 << 20));
    let run = bantin(&index, &["ingest", "--json", "-"], Some(&input)).expect_code(3);
    assert!(
        run.stderr
            .contains("<stdin>:4: binary data (NUL bytes), not JSON Lines; rest of input skipped"),
        "{}",
        run.stderr
    );
    assert_eq!(documents(&index), 3);
}

/// A file system of its own, `size` large (a tmpfs), where the tests may mount one: as root
/// on Linux. Unmounted when dropped.
struct SmallDisk {
    dir: tempfile::TempDir,
}

impl SmallDisk {
    fn mount(size: &str) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().ok()?;
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        mounted.then_some(SmallDisk { dir })
    }

    fn resize(&self, size: &str) {
        let status = std::process::Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(self.dir.path())
            .status()
            .expect("mount runs");
        assert!(status.success(), "remount {size}");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg(self.dir.path())
            .status();
    }
}

#[test]
fn a_full_disk_is_named_and_the_rerun_completes() {
    let Some(disk) = SmallDisk::mount("256k") else {
        eprintln!("skipped: cannot mount a small file system here (needs root)");
        return;
    };
    let index = disk.dir.path().join("index");
    let lines: String = (0..3000)
        .map(|i| {
            format!(
                "{{\"id\": \"d{i}\", \"title\": \"Tin số {i}\", \"body\": \"Công an tỉnh \
                 Thanh Hóa bắt đối tượng số {i} về hành vi tàng trữ trái phép chất ma túy \
                 tại xã Quảng Hòa, huyện Quảng Xương; mã hồ sơ h{i}k{}.\"}}\n",
                i * 7919
            )
        })
        .collect();
    let run = bantin(
        &index,
        &["ingest", "--commit-every", "200", "--threads", "1", "-"],
        Some(&lines),
    )
    .expect_code(2)
    .expect_stderr_contains("no space left on device")
    .expect_stderr_contains(&index.display().to_string());
    assert!(!run.stderr.contains("killed"), "{}", run.stderr);
    let committed = documents(&index);
    assert!(
        committed > 0 && committed < 3000 && committed.is_multiple_of(200),
        "whole commits are kept: {committed}"
    );
    bantin(&index, &["stats"], None)
        .expect_code(0)
        .expect_stdout_contains("uncommitted")
        .expect_stdout_contains("the next ingest removes them");

    disk.resize("64m");
    let run = bantin(&index, &["ingest", "-"], Some(&lines))
        .expect_code(0)
        .expect_stdout_contains("files an interrupted ingest left behind");
    assert_eq!(documents(&index), 3000, "{}", run.stdout);
    let stats = bantin(&index, &["stats"], None).expect_code(0);
    assert!(!stats.stdout.contains("uncommitted"), "{}", stats.stdout);
}

/// An empty `.jsonl` and an empty `.txt` are both skipped (exit 3); a broken character in a
/// record, as in a plain-text file, is replaced and the bulletin kept.
#[test]
fn json_lines_and_plain_text_treat_empty_and_broken_bytes_alike() {
    let Fixture { dir, index } = Fixture::empty();
    let empty_lines = dir.path().join("empty.jsonl");
    let empty_text = dir.path().join("empty.txt");
    std::fs::write(&empty_lines, "").expect("write");
    std::fs::write(&empty_text, "").expect("write");
    for file in [&empty_lines, &empty_text] {
        let name = file.to_str().expect("utf-8");
        bantin(&index, &["ingest", name], None)
            .expect_code(3)
            .expect_stderr_contains(&format!("skipped {name}: empty"));
    }

    let broken = dir.path().join("broken.jsonl");
    let mut record = b"{\"id\": \"hong\", \"title\": \"Tu\xE1\xBA\", \"body\": \"".to_vec();
    record.extend_from_slice("Công an huyện Kỳ Sơn bắt đối tượng vận chuyển ma túy.".as_bytes());
    record.extend_from_slice(b"\"}\n");
    std::fs::write(&broken, &record).expect("write");
    let plain = dir.path().join("broken.txt");
    let mut text = b"Tu\xE1\xBA\n\n".to_vec();
    text.extend_from_slice("Công an huyện Kỳ Sơn bắt đối tượng vận chuyển ma túy.".as_bytes());
    std::fs::write(&plain, &text).expect("write");
    for file in [&broken, &plain] {
        bantin(&index, &["ingest", file.to_str().expect("utf-8")], None)
            .expect_code(0)
            .expect_stderr_contains("1 invalid UTF-8 sequence(s) replaced with U+FFFD");
    }
    assert_eq!(search_total(&index, "Kỳ Sơn"), 2);
}

/// `ingest /` would read the whole machine: system directories are refused before any
/// work, by name or through a symbolic link in a folder of bulletins.
#[cfg(unix)]
#[test]
fn system_directories_are_not_walked() {
    let Fixture { dir, index } = Fixture::empty();
    for root in ["/", "/proc", "/dev", "/sys/kernel"] {
        if !Path::new(root).is_dir() {
            continue;
        }
        bantin(&index, &["ingest", root], None)
            .expect_code(2)
            .expect_stderr_contains(&format!("{root} is a system directory"))
            .expect_stderr_contains("--system-dirs");
    }
    assert!(!index.exists(), "nothing was written");

    let folder = dir.path().join("bulletins");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::write(
        folder.join("tin.txt"),
        "Tuần tra ban đêm\n\nCông an tỉnh Hà Tĩnh tuần tra.\n",
    )
    .expect("write");
    std::os::unix::fs::symlink("/", folder.join("goc")).expect("symlink");
    bantin(&index, &["ingest", folder.to_str().expect("utf-8")], None)
        .expect_code(0)
        .expect_stderr_contains("leads to the system directory /; not walked");
    assert_eq!(documents(&index), 1);
}

/// Ingest and stats say how many bulletins a date, province or unit filter can see.
#[test]
fn ingest_and_stats_say_what_extraction_found() {
    let Fixture { dir: _dir, index } = Fixture::empty();
    let records = [
        r#"{"id":"a","title":"Bắt ma túy","date":"2024-03-05","body":"Công an tỉnh Nghệ An bắt đối tượng ma túy."}"#,
        r#"{"id":"b","title":"Tổng kết","date":"2024-03","body":"Hội nghị tổng kết công tác năm."}"#,
        r#"{"id":"c","title":"Tin","date":"2023","province":"Hà Tĩnh","body":"Tin tức trong ngày."}"#,
        r#"{"id":"d","title":"Tin khác","body":"Một tin không có gì."}"#,
    ]
    .join("\n");
    let expected = "date 3 (75 %: 1 to the day, 1 to the month, 1 to the year), main province 2 \
                    (50 %), unit 1 (25 %)";
    bantin(&index, &["ingest", "-"], Some(&records))
        .expect_code(0)
        .expect_stdout_contains(&format!("found in the 4 added or updated: {expected}"));
    bantin(&index, &["stats"], None)
        .expect_code(0)
        .expect_stdout_contains(&format!("  found       {expected}"));
    let found = &stats_json(&index)["found"];
    assert_eq!(found["dated_month"], 1, "{found}");
    assert_eq!(found["with_unit"], 1, "{found}");

    // Re-ingesting changes nothing, and finds nothing new.
    let run = bantin(&index, &["ingest", "--json", "-"], Some(&records)).expect_code(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["unchanged"], 4, "{report}");
    assert_eq!(report["found"]["bulletins"], 0, "{report}");
}

#[test]
fn the_summary_counts_the_input_bytes_read_as_stored_for_a_percentage() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().expect("temp dir");
    let lines: String = (0..200)
        .map(|n| {
            format!(
                "{{\"id\":\"tin-{n}\",\"title\":\"Bắt đối tượng trộm cắp số {n}\",\"body\":\"Công an huyện bắt giữ đối tượng trộm cắp tài sản, vụ số {n}.\"}}\n"
            )
        })
        .collect();
    let plain = dir.path().join("feed.jsonl");
    std::fs::write(&plain, &lines).expect("written");
    let packed = dir.path().join("more.jsonl.gz");
    let mut encoder = flate2::write::GzEncoder::new(
        std::fs::File::create(&packed).expect("created"),
        flate2::Compression::default(),
    );
    encoder
        .write_all(lines.replace("tin-", "gz-").as_bytes())
        .expect("compressed");
    encoder.finish().expect("finished");
    let size = |path: &std::path::Path| std::fs::metadata(path).expect("metadata").len();
    let index = dir.path().join("index");
    let run = bantin(
        &index,
        &[
            "ingest",
            "--json",
            plain.to_str().expect("utf-8"),
            packed.to_str().expect("utf-8"),
        ],
        None,
    )
    .expect_code(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("JSON");
    assert_eq!(report["added"], 400);
    // Compressed input counts as stored, not as decompressed text.
    assert_eq!(
        report["stored_bytes"].as_u64(),
        Some(size(&plain) + size(&packed)),
        "{report}"
    );
    assert!(report["bytes"].as_u64() > report["stored_bytes"].as_u64());
}
