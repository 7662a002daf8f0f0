//! `bantin bench query`: latency of a fixed query mix (or of a file of queries) on an
//! existing index, and optionally of plain tantivy on the same text.
//!
//! Each class runs `warmup` times unmeasured, then `iterations` times measured, in this
//! process, through the same [`search`] call as `bantin search` (top 10, one snippet each,
//! unless the class says otherwise). The `process` class times whole `bantin search`
//! processes: start, open the index, search, print.
//!
//! With a baseline ([`Baseline`]), the text of every bulletin of the index (title and
//! body) is indexed again in a temporary plain tantivy index (one field, tantivy's default
//! tokenizer, no folding), and each query with a baseline form runs on it the same number
//! of times, top 10 and count, as tantivy's own benchmarks do.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::Context;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::QueryParser;
use tantivy::schema::{Schema, TEXT};
use tantivy::{doc, Index, TantivyDocument};

use crate::index::document::StoredBulletin;
use crate::index::BantinIndex;
use crate::search::{search, FilterSpec, Matching, SearchRequest};

/// One query class of the mix.
pub struct QueryClass {
    pub name: String,
    pub query: String,
    pub matching: Matching,
    pub filters: FilterSpec,
    pub snippets: usize,
    pub facets: bool,
    /// The same words for plain tantivy's query parser (`+ma +túy`), when they have a
    /// meaning there (a filter alone has none).
    pub baseline: Option<String>,
}

/// How a query of a benchmark file joins its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// Every word.
    And,
    /// Any word.
    Or,
    /// The words together, in order.
    Phrase,
}

impl Op {
    /// `words` in bantin's syntax: `w1 w2`, `w1 OR w2`, `"w1 w2"`.
    pub fn bantin(self, words: &str) -> String {
        match self {
            Op::And => words.to_owned(),
            Op::Or => words.split_whitespace().collect::<Vec<_>>().join(" OR "),
            Op::Phrase => format!("\"{words}\""),
        }
    }

    /// `words` in tantivy's query parser syntax: `+w1 +w2`, `w1 w2`, `"w1 w2"`.
    pub fn tantivy(self, words: &str) -> String {
        match self {
            Op::And => words
                .split_whitespace()
                .map(|w| format!("+{w}"))
                .collect::<Vec<_>>()
                .join(" "),
            Op::Or => words.to_owned(),
            Op::Phrase => format!("\"{words}\""),
        }
    }
}

/// The queries of a benchmark file: `qid<TAB>class<TAB>op<TAB>query` a line (`op` is
/// `AND`, `OR` or `PHRASE`), after an optional `qid...` header; `#` starts a comment.
pub fn read_queries(text: &str) -> Result<Vec<QueryClass>, String> {
    let mut classes = Vec::new();
    for (at, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() || line.starts_with("qid\t") {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let [qid, class, op, words] = fields[..] else {
            return Err(format!(
                "line {}: expected qid, class, op and query separated by tabs",
                at + 1
            ));
        };
        let op = match op {
            "AND" => Op::And,
            "OR" => Op::Or,
            "PHRASE" => Op::Phrase,
            other => {
                return Err(format!(
                    "line {}: {other:?} is not AND, OR or PHRASE",
                    at + 1
                ))
            }
        };
        classes.push(QueryClass {
            name: format!("{qid}/{class}"),
            query: op.bantin(words),
            baseline: Some(op.tantivy(words)),
            ..plain(String::new(), String::new())
        });
    }
    Ok(classes)
}

/// A class of one query, top 10 with a snippet each, no filters.
fn plain(name: String, query: String) -> QueryClass {
    QueryClass {
        name,
        query,
        matching: Matching::Words,
        filters: FilterSpec::default(),
        snippets: 1,
        facets: false,
        baseline: None,
    }
}

/// The documented mix: one syllable, a common two-syllable word, the same word's
/// syllables anywhere, a rare name, a phrase, an unaccented query, an abbreviation, a
/// mistyped query with no hits and a correction, a province filter with an empty query, a
/// date range, facets, facets of a search filtered by province (its province facet
/// counted in a pass of its own), and several snippets.
pub fn query_mix() -> Vec<QueryClass> {
    let class = |name: &str, query: &str, op: Op| QueryClass {
        baseline: Some(op.tantivy(query.trim_matches('"'))),
        ..plain(name.to_owned(), query.to_owned())
    };
    vec![
        class("one-syllable", "cháy", Op::And),
        class("common-word", "công an", Op::And),
        QueryClass {
            matching: Matching::Syllables,
            ..class("broader", "công an", Op::And)
        },
        class("rare-name", "Mường Lát", Op::And),
        class("phrase", "\"an ninh trật tự\"", Op::Phrase),
        class("unaccented", "ma tuy thanh hoa", Op::And),
        class("abbreviation", "ANTT", Op::And),
        class("correction", "lừa đảo chiếm đoạt tài sna", Op::And),
        QueryClass {
            filters: FilterSpec {
                province: vec!["Hà Nội".to_owned()],
                ..Default::default()
            },
            baseline: None,
            ..class("province-only", "", Op::And)
        },
        QueryClass {
            filters: FilterSpec {
                from: Some("2020-01".to_owned()),
                to: Some("2024-06".to_owned()),
                ..Default::default()
            },
            ..class("date-range", "ma túy", Op::And)
        },
        QueryClass {
            facets: true,
            ..class("facets", "tai nạn giao thông", Op::And)
        },
        QueryClass {
            facets: true,
            filters: FilterSpec {
                province: vec!["Hà Nội".to_owned()],
                ..Default::default()
            },
            baseline: None,
            ..class("filtered-facets", "tai nạn giao thông", Op::And)
        },
        QueryClass {
            snippets: 3,
            ..class("snippets-3", "lừa đảo chiếm đoạt tài sản", Op::And)
        },
    ]
}

impl QueryClass {
    /// The search this class runs: the top 10, with its snippets and facets.
    pub fn request(&self) -> SearchRequest {
        SearchRequest {
            query: self.query.clone(),
            matching: self.matching,
            filters: self.filters.clone(),
            sort: None,
            limit: 10,
            offset: 0,
            snippets: self.snippets,
            facets: self.facets,
            collapse: true,
        }
    }
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct ClassReport {
    pub class: String,
    pub query: String,
    pub hits: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub queries_per_second: f64,
    /// Plain tantivy on the same text, when measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineRow>,
    /// Mean milliseconds of each stage of a search, in order (not for `process`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stages_ms: Vec<(String, f64)>,
}

/// One query on plain tantivy.
#[derive(Clone, Debug, serde::Serialize)]
pub struct BaselineRow {
    pub query: String,
    pub hits: usize,
    pub p50_ms: f64,
    /// bantin's p50 divided by this p50.
    pub ratio: f64,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct QueryBenchReport {
    pub documents: u64,
    pub iterations: usize,
    pub classes: Vec<ClassReport>,
    /// Geometric means of the p50s of the classes measured against the baseline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub geometric_mean: Option<GeometricMean>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct GeometricMean {
    pub queries: usize,
    pub bantin_ms: f64,
    pub baseline_ms: f64,
    pub ratio: f64,
    /// How long the baseline index took to build, in seconds.
    pub baseline_build_s: f64,
}

/// Plain tantivy over the text of a bantin index: one `TEXT` field (tantivy's default
/// tokenizer, lowercase, no folding) holding each bulletin's title and body.
pub struct Baseline {
    index: Index,
    parser: QueryParser,
    dir: std::path::PathBuf,
    pub build_seconds: f64,
}

impl Baseline {
    /// Indexes the text of every bulletin of `index` in `dir` (made, and removed on drop).
    pub fn build(index: &BantinIndex, dir: &Path) -> anyhow::Result<Baseline> {
        let started = Instant::now();
        let mut schema = Schema::builder();
        let text = schema.add_text_field("text", TEXT);
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        let plain = Index::create_in_dir(dir, schema.build())?;
        let mut writer: tantivy::IndexWriter = plain.writer(256 << 20)?;
        let searcher = index.searcher()?;
        for (ord, segment) in searcher.segment_readers().iter().enumerate() {
            for doc in segment.doc_ids_alive() {
                let address = tantivy::DocAddress::new(ord as u32, doc);
                let stored: TantivyDocument = searcher.doc(address)?;
                let bulletin = StoredBulletin::from_document(&stored, &index.fields);
                let mut value = bulletin.title;
                value.push('\n');
                value.push_str(&bulletin.body);
                writer.add_document(doc!(text => value))?;
            }
        }
        writer.commit()?;
        writer.wait_merging_threads()?;
        let parser = QueryParser::for_index(&plain, vec![text]);
        Ok(Baseline {
            index: plain,
            parser,
            dir: dir.to_owned(),
            build_seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// The top 10 and the count of `query` (tantivy's syntax), and how long it took.
    fn run(&self, query: &str, searcher: &tantivy::Searcher) -> anyhow::Result<(usize, f64)> {
        let started = Instant::now();
        let parsed = self.parser.parse_query(query)?;
        let (_top, count) =
            searcher.search(&parsed, &(TopDocs::with_limit(10).order_by_score(), Count))?;
        Ok((count, started.elapsed().as_secs_f64() * 1000.0))
    }
}

impl Drop for Baseline {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What `bench_query` measures.
pub struct QueryBench<'a> {
    /// The classes: [`query_mix`], or the queries of a file ([`read_queries`]).
    pub mix: Vec<QueryClass>,
    /// Only this class.
    pub only: Option<&'a str>,
    pub warmup: usize,
    pub iterations: usize,
    /// Whole `bantin search` processes for the last row (0: none).
    pub process_runs: usize,
    /// Plain tantivy on the same text, built in this run.
    pub baseline: Option<&'a Baseline>,
}

/// Runs the classes on `index`, and on the baseline those that have a baseline form.
pub fn bench_query(index: &BantinIndex, bench: QueryBench) -> anyhow::Result<QueryBenchReport> {
    if let Some(name) = bench.only {
        let names: Vec<&str> = bench.mix.iter().map(|c| c.name.as_str()).collect();
        anyhow::ensure!(
            names.contains(&name),
            "--class {name:?} is not in the mix: {}",
            names.join(", ")
        );
    }
    let plain_searcher = match bench.baseline {
        Some(baseline) => Some(baseline.index.reader()?.searcher()),
        None => None,
    };
    let mut classes = Vec::new();
    for class in bench
        .mix
        .into_iter()
        .filter(|c| bench.only.is_none_or(|name| name == c.name))
    {
        let request = class.request();
        let mut hits = 0;
        for _ in 0..bench.warmup {
            hits = search(index, &request)?.total;
        }
        let mut times = Vec::with_capacity(bench.iterations);
        let mut stages: Vec<(String, f64)> = Vec::new();
        for _ in 0..bench.iterations.max(1) {
            let started = Instant::now();
            let results = search(index, &request)?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            hits = results.total;
            for (name, ms) in results.stages {
                match stages.iter_mut().find(|(known, _)| known == name) {
                    Some(stage) => stage.1 += ms,
                    None => stages.push((name.to_owned(), ms)),
                }
            }
        }
        let runs = bench.iterations.max(1) as f64;
        let mut row = summarize(&class.name, class.query.clone(), hits, times);
        row.stages_ms = stages
            .into_iter()
            .map(|(name, ms)| (name, ms / runs))
            .collect();
        if let (Some(baseline), Some(searcher), Some(query)) =
            (bench.baseline, &plain_searcher, &class.baseline)
        {
            let mut hits = 0;
            for _ in 0..bench.warmup {
                hits = baseline.run(query, searcher)?.0;
            }
            let mut times = Vec::with_capacity(bench.iterations);
            for _ in 0..bench.iterations.max(1) {
                let (found, ms) = baseline.run(query, searcher)?;
                hits = found;
                times.push(ms);
            }
            times.sort_by(f64::total_cmp);
            let p50_ms = percentile(&times, 50.0);
            row.baseline = Some(BaselineRow {
                query: query.clone(),
                hits,
                p50_ms,
                ratio: row.p50_ms / p50_ms.max(1e-6),
            });
        }
        classes.push(row);
    }
    if bench.process_runs > 0 && bench.only.is_none() {
        classes.push(bench_process(&index.path, bench.process_runs)?);
    }
    let documents = index.searcher()?.num_docs();
    let geometric_mean = bench.baseline.map(|baseline| {
        let pairs: Vec<(f64, f64)> = classes
            .iter()
            .filter_map(|c| c.baseline.as_ref().map(|b| (c.p50_ms, b.p50_ms)))
            .collect();
        let mean = |values: &mut dyn Iterator<Item = f64>| {
            let logs: Vec<f64> = values.map(|v| v.max(1e-6).ln()).collect();
            (logs.iter().sum::<f64>() / logs.len().max(1) as f64).exp()
        };
        let bantin_ms = mean(&mut pairs.iter().map(|p| p.0));
        let baseline_ms = mean(&mut pairs.iter().map(|p| p.1));
        GeometricMean {
            queries: pairs.len(),
            bantin_ms,
            baseline_ms,
            ratio: bantin_ms / baseline_ms.max(1e-6),
            baseline_build_s: baseline.build_seconds,
        }
    });
    Ok(QueryBenchReport {
        documents,
        iterations: bench.iterations,
        classes,
        geometric_mean,
    })
}

/// Whole processes: `bantin --index DIR search ma tuy`, output discarded.
fn bench_process(index_dir: &Path, runs: usize) -> anyhow::Result<ClassReport> {
    let exe = std::env::current_exe().context("locating the bantin executable")?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs + 2 {
        let started = Instant::now();
        let status = Command::new(&exe)
            .arg("--index")
            .arg(index_dir)
            .args(["search", "ma", "tuy"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .context("running bantin search")?;
        anyhow::ensure!(
            status.code().is_some_and(|c| c <= 1),
            "bantin search failed: {status}"
        );
        times.push(started.elapsed().as_secs_f64() * 1000.0);
    }
    // The first two runs warm the page cache.
    Ok(summarize(
        "process",
        "bantin search ma tuy".to_owned(),
        0,
        times.split_off(2),
    ))
}

fn summarize(class: &str, query: String, hits: usize, mut times: Vec<f64>) -> ClassReport {
    times.sort_by(f64::total_cmp);
    let total: f64 = times.iter().sum();
    ClassReport {
        class: class.to_owned(),
        query,
        baseline: None,
        stages_ms: Vec::new(),
        hits,
        p50_ms: percentile(&times, 50.0),
        p95_ms: percentile(&times, 95.0),
        p99_ms: percentile(&times, 99.0),
        queries_per_second: times.len() as f64 / (total / 1000.0).max(1e-9),
    }
}

/// Nearest-rank percentile of sorted `values`.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<f64> = (1..=100).map(f64::from).collect();
        assert_eq!(percentile(&values, 50.0), 50.0);
        assert_eq!(percentile(&values, 99.0), 99.0);
        assert_eq!(percentile(&[3.0], 95.0), 3.0);
        assert_eq!(percentile(&[], 50.0), 0.0);
    }

    #[test]
    fn benchmark_files_become_both_syntaxes() {
        let file = "# comment\nqid\tclass\top\tquery\nq1\tword2\tAND\tma túy\n\
                    q2\tor\tOR\tcướp trộm\nq3\tphrase\tPHRASE\tan ninh trật tự\n";
        let classes = read_queries(file).expect("valid");
        let shown: Vec<(&str, &str, Option<&str>)> = classes
            .iter()
            .map(|c| (c.name.as_str(), c.query.as_str(), c.baseline.as_deref()))
            .collect();
        assert_eq!(
            shown,
            [
                ("q1/word2", "ma túy", Some("+ma +túy")),
                ("q2/or", "cướp OR trộm", Some("cướp trộm")),
                (
                    "q3/phrase",
                    "\"an ninh trật tự\"",
                    Some("\"an ninh trật tự\"")
                ),
            ]
        );
        assert_eq!(
            read_queries("q1\tx\tNEAR\tma").err().as_deref(),
            Some("line 1: \"NEAR\" is not AND, OR or PHRASE")
        );
        assert!(read_queries("q1 only").is_err());
    }

    #[test]
    fn mix_is_the_one_benchmarks_md_documents() {
        let documented = include_str!("../../BENCHMARKS.md");
        let mix = query_mix();
        assert_eq!(mix.len(), 13);
        for class in &mix {
            let row = documented
                .lines()
                .find(|line| line.starts_with(&format!("| {} | ", class.name)))
                .unwrap_or_else(|| panic!("BENCHMARKS.md has no row for {}", class.name));
            assert!(row.contains(&class.query), "{row} lacks {:?}", class.query);
            let filters = class.filters.province.iter().chain(
                [&class.filters.from, &class.filters.to]
                    .into_iter()
                    .flatten(),
            );
            for value in filters {
                assert!(row.contains(value.as_str()), "{row} lacks {value:?}");
            }
        }
    }
}
