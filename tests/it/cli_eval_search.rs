//! `bantin eval search` as a user meets it: labelled queries against a small index built
//! from a JSON Lines corpus, the figures, the misses, skipped ids and bad label lines.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{bantin, Fixture, Run};

/// Four bulletins, and one id (`tin/4`) used for two different articles.
const CORPUS: &str = concat!(
    r#"{"id": "tin/1", "title": "Bắt hai đối tượng vận chuyển ma túy tại Thanh Hóa", "body": "Ngày 11/7, Phòng Cảnh sát điều tra tội phạm về ma túy Công an tỉnh Thanh Hóa bắt quả tang hai đối tượng vận chuyển 2 bánh heroin tại huyện Quan Hóa."}"#,
    "\n",
    r#"{"id": "tin/2", "title": "Cháy kho gỗ ở Quảng Bình", "body": "Khoảng 5h30 ngày 22/6, người dân xã Lý Trạch phát hiện lửa bốc lên ở kho gỗ. Cảnh sát PCCC Công an tỉnh Quảng Bình điều xe chữa cháy đến hiện trường."}"#,
    "\n",
    r#"{"id": "tin/3", "title": "Công an Nghệ An khởi tố vụ án ma túy", "body": "Công an tỉnh Nghệ An khởi tố vụ án mua bán trái phép chất ma túy, bắt giữ ba đối tượng tại huyện Quỳ Hợp."}"#,
    "\n",
    r#"{"id": "tin/4", "title": "Tai nạn giao thông trên quốc lộ 1A", "body": "Xe khách va chạm xe tải trên quốc lộ 1A đoạn qua Hà Tĩnh, hai người bị thương."}"#,
    "\n",
    r#"{"id": "tin/4", "title": "Khánh thành cầu mới ở Cần Thơ", "body": "UBND TP Cần Thơ khánh thành cây cầu bắc qua sông Hậu."}"#,
    "\n",
);

/// An index of the corpus, ingested from its file, and labels for it.
struct Labelled {
    _fixture: Fixture,
    index: PathBuf,
    corpus: PathBuf,
    labels: PathBuf,
}

impl Labelled {
    /// The corpus ingested into an index, and `labels` written as `labels.jsonl`.
    fn new(labels: &str) -> Labelled {
        let fixture = Fixture::empty();
        let corpus = fixture.dir.path().join("corpus.jsonl");
        std::fs::write(&corpus, CORPUS).expect("write corpus");
        bantin(&fixture.index, &["ingest", path(&corpus)], None).expect_code(0);
        let labels_path = fixture.dir.path().join("labels.jsonl");
        std::fs::write(&labels_path, labels).expect("write labels");
        Labelled {
            index: fixture.index.clone(),
            _fixture: fixture,
            corpus,
            labels: labels_path,
        }
    }

    fn eval(&self, extra: &[&str]) -> Run {
        eval_search(&self.index, &self.labels, &self.corpus, extra)
    }
}

/// `bantin eval search --labels LABELS --corpus CORPUS EXTRA...` on `index`.
fn eval_search(index: &Path, labels: &Path, corpus: &Path, extra: &[&str]) -> Run {
    let mut args = vec![
        "eval",
        "search",
        "--labels",
        path(labels),
        "--corpus",
        path(corpus),
    ];
    args.extend_from_slice(extra);
    bantin(index, &args, None)
}

fn path(p: &Path) -> &str {
    p.to_str().expect("utf-8 temp path")
}

/// One query at rank 1, one whose article is not first, one about an id the index lacks,
/// one about the id the corpus holds for two articles.
const LABELS: &str = concat!(
    r#"{"id": "tin/1", "query": "heroin Quan Hoa", "note": "unaccented"}"#,
    "\n",
    "\n",
    r#"{"id": "tin/2", "query": "cháy kho gỗ Quảng Bình"}"#,
    "\n",
    r#"{"id": "tin/3", "query": "ma tuy doi tuong", "note": "the other drugs case ranks first"}"#,
    "\n",
    r#"{"id": "tin/9", "query": "ma tuy", "note": "not in the corpus"}"#,
    "\n",
    r#"{"id": "tin/4", "query": "quoc lo 1A", "note": "two articles have this id"}"#,
    "\n",
);

#[test]
fn figures_count_rank_one_and_the_rank_of_a_miss() {
    let fixture = Labelled::new(LABELS);
    let run = fixture.eval(&["--json"]).expect_code(0);
    let report: Value = serde_json::from_str(&run.stdout).expect("--json prints JSON");
    assert_eq!(report["labelled_queries"], 5);
    assert_eq!(report["labelled_articles"], 5);
    let figures = &report["figures"];
    assert_eq!(figures["queries"], 3, "{report:#}");
    assert_eq!(figures["at_1"], 2, "{report:#}");
    let misses = report["misses"].as_array().expect("misses");
    assert_eq!(misses.len(), 1, "{report:#}");
    let miss = &misses[0];
    assert_eq!(miss["id"], "tin/3");
    assert_eq!(miss["query"], "ma tuy doi tuong");
    assert_eq!(miss["top"]["id"], "tin/1", "{report:#}");
    let rank = miss["rank"].as_u64().expect("tin/3 is in the top 10");
    assert!(rank >= 2, "{report:#}");
    let expected_mrr = (2.0 + 1.0 / rank as f64) / 3.0;
    let mrr = figures["mrr_at_10"].as_f64().expect("MRR is a number");
    assert!((mrr - expected_mrr).abs() < 1e-9, "{mrr} vs {expected_mrr}");
    assert_eq!(figures["success_at_10"], 1.0);
    assert_eq!(report["without_accents"]["queries"], 2);
    assert_eq!(report["with_accents"]["queries"], 1);
}

#[test]
fn missing_and_ambiguous_ids_are_named_and_skipped() {
    let fixture = Labelled::new(LABELS);
    let run = fixture.eval(&["--json"]).expect_code(0);
    let report: Value = serde_json::from_str(&run.stdout).expect("--json prints JSON");
    assert_eq!(report["missing"], serde_json::json!(["tin/9"]));
    assert_eq!(report["missing_queries"], 1);
    assert_eq!(report["ambiguous"], serde_json::json!(["tin/4"]));
    assert_eq!(report["ambiguous_queries"], 1);
    fixture
        .eval(&[])
        .expect_code(0)
        .expect_stdout_contains("not in the index (1 queries skipped): tin/9")
        .expect_stdout_contains(
            "held twice in the corpus with different texts (1 queries skipped): tin/4",
        );
}

#[test]
fn the_human_report_prints_figures_and_each_miss_with_the_first_hit() {
    let fixture = Labelled::new(LABELS);
    let run = fixture
        .eval(&[])
        .expect_code(0)
        .expect_stdout_contains("5 queries about 5 articles")
        .expect_stdout_contains("3 scored against")
        .expect_stdout_contains("success@1   0.667  (2/3)")
        .expect_stdout_contains("success@10  1.000  (3/3)")
        .expect_stdout_contains("misses (1): rank, labelled id, query -> the first hit");
    let miss = run
        .stdout
        .lines()
        .find(|line| line.contains("\"ma tuy doi tuong\""))
        .unwrap_or_else(|| panic!("no miss line\n{}", run.stdout));
    assert!(miss.trim_start().starts_with("rank "), "{miss}");
    assert!(
        miss.ends_with("-> tin/1 Bắt hai đối tượng vận chuyển ma túy tại Thanh Hóa"),
        "{miss}"
    );
    let quiet = fixture.eval(&["--quiet"]).expect_code(0);
    assert!(quiet.stdout.contains("success@1"), "{}", quiet.stdout);
    assert!(!quiet.stdout.contains("misses"), "{}", quiet.stdout);
}

#[test]
fn an_article_below_the_tenth_hit_is_not_in_top_10() {
    // Twelve bulletins that all say "ma túy" in the title, and the labelled one only in
    // the body, once: it ranks below the first page.
    let mut corpus = String::new();
    for n in 1..=12 {
        corpus.push_str(&format!(
            r#"{{"id": "ma/{n}", "title": "Ma túy ma túy số {n}", "body": "Công an bắt giữ đối tượng mua bán ma túy, ma túy đá và heroin."}}"#
        ));
        corpus.push('\n');
    }
    corpus.push_str(r#"{"id": "far", "title": "Họp báo cuối năm", "body": "Công an tỉnh tổng kết công tác năm, có nhắc đến ma túy."}"#);
    corpus.push('\n');
    let Fixture { dir, index } = Fixture::empty();
    let corpus_path = dir.path().join("corpus.jsonl");
    std::fs::write(&corpus_path, corpus).expect("write corpus");
    bantin(&index, &["ingest", path(&corpus_path)], None).expect_code(0);
    let labels = dir.path().join("far.jsonl");
    std::fs::write(&labels, r#"{"id": "far", "query": "ma túy"}"#).expect("write labels");
    let run = eval_search(&index, &labels, &corpus_path, &[])
        .expect_code(0)
        .expect_stdout_contains("success@10  0.000  (0/1)")
        .expect_stdout_contains("MRR@10      0.000");
    assert!(
        run.stdout
            .contains(r#"not in top 10  far  "ma túy" -> ma/"#),
        "{}",
        run.stdout
    );
}

#[test]
fn a_bad_label_line_is_named_by_file_and_line() {
    let bad = concat!(
        r#"{"id": "tin/1", "query": "heroin Quan Hoa"}"#,
        "\n",
        r#"{"id": "tin/2", "query": "cháy kho"}"#,
        "\n",
        r#"{"id": "tin/3", "query": "   "}"#,
        "\n",
    );
    let fixture = Labelled::new(bad);
    let run = fixture
        .eval(&[])
        .expect_code(2)
        .expect_stderr_contains("labels.jsonl:3")
        .expect_stderr_contains("`query` is empty");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
    let broken = Labelled::new("{\"id\": \"tin/1\", \"query\": \"heroin\"}\n{\"id\": \"tin/2\"\n");
    broken
        .eval(&[])
        .expect_code(2)
        .expect_stderr_contains("labels.jsonl:2")
        .expect_stderr_contains("not a label line");
}

#[test]
fn labels_that_score_nothing_are_an_error_not_zeros() {
    let fixture = Labelled::new(r#"{"id": "tin/9", "query": "ma tuy"}"#);
    fixture
        .eval(&[])
        .expect_code(2)
        .expect_stderr_contains("none of the 1 labelled articles");
    let empty = Labelled::new("\n\n");
    empty
        .eval(&[])
        .expect_code(2)
        .expect_stderr_contains("no labels in");
}

#[test]
fn a_missing_index_or_corpus_is_named() {
    let fixture = Labelled::new(LABELS);
    let nowhere = fixture.index.with_file_name("no-index");
    eval_search(&nowhere, &fixture.labels, &fixture.corpus, &[])
        .expect_code(2)
        .expect_stderr_contains("no-index");
    eval_search(
        &fixture.index,
        &fixture.labels,
        Path::new("/nonexistent/corpus.jsonl.xz"),
        &[],
    )
    .expect_code(2)
    .expect_stderr_contains("/nonexistent/corpus.jsonl.xz");
}

#[test]
fn an_id_twice_with_the_same_text_is_one_article_not_ambiguous() {
    let Fixture { dir, index } = Fixture::empty();
    let line = r#"{"id": "lap/1", "title": "Cháy kho gỗ ở Quảng Bình", "body": "Cảnh sát PCCC dập lửa ở xã Lý Trạch."}"#;
    let corpus = dir.path().join("corpus.jsonl");
    std::fs::write(&corpus, format!("{line}\n{line}\n")).expect("write corpus");
    bantin(&index, &["ingest", path(&corpus)], None).expect_code(0);
    let labels = dir.path().join("labels.jsonl");
    std::fs::write(
        &labels,
        r#"{"id": "lap/1", "query": "chay kho go Ly Trach"}"#,
    )
    .expect("write labels");
    let run = eval_search(&index, &labels, &corpus, &[])
        .expect_code(0)
        .expect_stdout_contains("success@1   1.000  (1/1)");
    assert!(!run.stdout.contains("held twice"), "{}", run.stdout);
}

#[test]
fn a_hit_on_an_exact_copy_under_another_id_finds_the_article() {
    // The same article under two ids: whichever ranks first, both labels find theirs.
    let Fixture { dir, index } = Fixture::empty();
    let text =
        r#""title": "Cháy kho gỗ ở Quảng Bình", "body": "Cảnh sát PCCC dập lửa ở xã Lý Trạch.""#;
    let corpus = dir.path().join("corpus.jsonl");
    std::fs::write(
        &corpus,
        format!("{{\"id\": \"train/7\", {text}}}\n{{\"id\": \"valid/3\", {text}}}\n"),
    )
    .expect("write corpus");
    bantin(&index, &["ingest", path(&corpus)], None).expect_code(0);
    let labels = dir.path().join("labels.jsonl");
    std::fs::write(
        &labels,
        concat!(
            r#"{"id": "train/7", "query": "chay kho go Ly Trach"}"#,
            "\n",
            r#"{"id": "valid/3", "query": "chay kho go Ly Trach"}"#,
            "\n",
        ),
    )
    .expect("write labels");
    eval_search(&index, &labels, &corpus, &[])
        .expect_code(0)
        .expect_stdout_contains("success@1   1.000  (2/2)")
        .expect_stdout_contains("2 labelled articles are also in the corpus under other ids");
}

#[test]
fn a_query_bantin_refuses_is_a_miss_that_says_why() {
    let labels = concat!(
        r#"{"id": "tin/1", "query": "heroin Quan Hoa"}"#,
        "\n",
        r#"{"id": "tin/2", "query": "🚓 ***"}"#,
        "\n",
    );
    let fixture = Labelled::new(labels);
    let run = fixture
        .eval(&[])
        .expect_code(0)
        .expect_stdout_contains("success@1   0.500  (1/2)");
    let refused = run
        .stdout
        .lines()
        .find(|line| line.contains("tin/2"))
        .unwrap_or_else(|| panic!("no line for the refused query\n{}", run.stdout));
    assert!(refused.trim_start().starts_with("refused"), "{refused}");
    assert!(refused.contains("no searchable words"), "{refused}");
}
