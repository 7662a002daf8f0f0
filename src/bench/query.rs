//! `bantin bench query`: latency of a fixed query mix on an existing index.
//!
//! Each class runs `warmup` times unmeasured, then `iterations` times measured, in this
//! process, through the same [`search`] call as `bantin search` (top 10, one snippet each,
//! unless the class says otherwise). The `process` class times whole `bantin search`
//! processes: start, open the index, search, print.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use anyhow::Context;

use crate::index::BantinIndex;
use crate::search::{search, FilterSpec, SearchRequest};

/// One query class of the mix.
pub struct QueryClass {
    pub name: &'static str,
    pub query: &'static str,
    pub filters: FilterSpec,
    pub snippets: usize,
    pub facets: bool,
}

/// The documented mix: one syllable, a common two-syllable word, a rare name, a phrase, an
/// unaccented query, an abbreviation, a province filter with an empty query, a date range,
/// facets, and several snippets.
pub fn query_mix() -> Vec<QueryClass> {
    let class = |name, query| QueryClass {
        name,
        query,
        filters: FilterSpec::default(),
        snippets: 1,
        facets: false,
    };
    vec![
        class("one-syllable", "cháy"),
        class("common-word", "công an"),
        class("rare-name", "Mường Lát"),
        class("phrase", "\"an ninh trật tự\""),
        class("unaccented", "ma tuy thanh hoa"),
        class("abbreviation", "ANTT"),
        QueryClass {
            filters: FilterSpec {
                province: Some("Hà Nội".to_owned()),
                ..Default::default()
            },
            ..class("province-only", "")
        },
        QueryClass {
            filters: FilterSpec {
                from: Some("2020-01".to_owned()),
                to: Some("2024-06".to_owned()),
                ..Default::default()
            },
            ..class("date-range", "ma túy")
        },
        QueryClass {
            facets: true,
            ..class("facets", "tai nạn giao thông")
        },
        QueryClass {
            snippets: 3,
            ..class("snippets-3", "lừa đảo chiếm đoạt tài sản")
        },
    ]
}

impl QueryClass {
    /// The search this class runs: the top 10, with its snippets and facets.
    pub fn request(&self) -> SearchRequest {
        SearchRequest {
            query: self.query.to_owned(),
            filters: self.filters.clone(),
            sort: None,
            limit: 10,
            offset: 0,
            snippets: self.snippets,
            facets: self.facets,
        }
    }
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct ClassReport {
    pub class: &'static str,
    pub query: String,
    pub hits: usize,
    pub p50_ms: f64,
    pub p95_ms: f64,
    pub p99_ms: f64,
    pub queries_per_second: f64,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct QueryBenchReport {
    pub documents: u64,
    pub iterations: usize,
    pub classes: Vec<ClassReport>,
}

/// Runs the mix (or the class `only`) on `index`; `process_runs` whole `bantin search`
/// processes for the last row.
pub fn bench_query(
    index: &BantinIndex,
    only: Option<&str>,
    warmup: usize,
    iterations: usize,
    process_runs: usize,
) -> anyhow::Result<QueryBenchReport> {
    let mix = query_mix();
    if let Some(name) = only {
        let names: Vec<&str> = mix.iter().map(|c| c.name).collect();
        anyhow::ensure!(
            names.contains(&name),
            "--class {name:?} is not in the mix: {}",
            names.join(", ")
        );
    }
    let mut classes = Vec::new();
    for class in mix
        .into_iter()
        .filter(|c| only.is_none_or(|name| name == c.name))
    {
        let request = class.request();
        let mut hits = 0;
        for _ in 0..warmup {
            hits = search(index, &request)?.total;
        }
        let mut times = Vec::with_capacity(iterations);
        for _ in 0..iterations.max(1) {
            let started = Instant::now();
            let results = search(index, &request)?;
            times.push(started.elapsed().as_secs_f64() * 1000.0);
            hits = results.total;
        }
        classes.push(summarize(class.name, class.query.to_owned(), hits, times));
    }
    if process_runs > 0 && only.is_none() {
        classes.push(bench_process(&index.path, process_runs)?);
    }
    let documents = index.searcher()?.num_docs();
    Ok(QueryBenchReport {
        documents,
        iterations,
        classes,
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

fn summarize(class: &'static str, query: String, hits: usize, mut times: Vec<f64>) -> ClassReport {
    times.sort_by(f64::total_cmp);
    let total: f64 = times.iter().sum();
    ClassReport {
        class,
        query,
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
    fn mix_is_the_one_benchmarks_md_documents() {
        let documented = include_str!("../../BENCHMARKS.md");
        let mix = query_mix();
        assert_eq!(mix.len(), 10);
        for class in &mix {
            let row = documented
                .lines()
                .find(|line| line.starts_with(&format!("| {} | ", class.name)))
                .unwrap_or_else(|| panic!("BENCHMARKS.md has no row for {}", class.name));
            assert!(row.contains(class.query), "{row} lacks {:?}", class.query);
            let filters = [
                &class.filters.province,
                &class.filters.from,
                &class.filters.to,
            ];
            for value in filters.into_iter().flatten() {
                assert!(row.contains(value.as_str()), "{row} lacks {value:?}");
            }
        }
    }
}
