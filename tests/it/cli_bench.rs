//! `bantin bench ingest` as users run it: what it reports, not how fast (timings are never
//! asserted).

use crate::common::bantin;

#[test]
fn ablate_reports_bantin_without_each_kind_of_term() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = [
        "bench",
        "ingest",
        "--generate",
        "300",
        "--threads",
        "1",
        "--ablate",
        "--json",
    ];
    let run = bantin(&dir.path().join("index"), &args, None).expect_code(0);
    let report: serde_json::Value = serde_json::from_str(&run.stdout).expect("one JSON object");
    let rows = report["results"].as_array().expect("results");
    let engines: Vec<&str> = rows.iter().filter_map(|r| r["engine"].as_str()).collect();
    assert_eq!(
        engines,
        [
            "bantin",
            "bantin-without-exact",
            "bantin-without-words",
            "bantin-syllables"
        ]
    );
    let index_mb = |engine: &str| {
        rows.iter()
            .find(|r| r["engine"] == engine)
            .and_then(|r| r["index_mb"].as_f64())
            .expect("index_mb")
    };
    // Leaving terms out leaves a smaller index: each run indexed what it says.
    assert!(index_mb("bantin-without-exact") < index_mb("bantin"));
    assert!(index_mb("bantin-without-words") < index_mb("bantin"));
    assert!(index_mb("bantin-syllables") < index_mb("bantin-without-exact"));
    assert!(index_mb("bantin-syllables") < index_mb("bantin-without-words"));
    for row in rows {
        assert_eq!(row["documents"], 300, "{row}");
    }
    let ratios = report["ablations"].as_array().expect("ablations");
    assert_eq!(ratios.len(), 3);
    for ratio in ratios {
        assert!(ratio[2].as_f64().is_some_and(|r| r > 0.0), "{ratio}");
    }
}

#[test]
fn ablate_names_its_engines_in_the_table() {
    let dir = tempfile::tempdir().expect("temp dir");
    let args = [
        "bench",
        "ingest",
        "--generate",
        "100",
        "--threads",
        "1",
        "--ablate",
    ];
    bantin(&dir.path().join("index"), &args, None)
        .expect_code(0)
        .expect_stdout_contains("bantin-syllables")
        .expect_stdout_contains("bantin-without-words/bantin MB/s at 1 thread(s):");
}
