//! `bantin bench ingest`: how fast bulletins index, against plain tantivy in the same run.
//!
//! 1. The input (a JSON Lines corpus, `.xz` accepted, or `--generate N` bulletins) is written
//!    once to a plain JSON Lines file in a temporary directory, so decompression is not timed
//!    and both engines read the same bytes from the page cache. Ids get the line number
//!    appended: a corpus may reuse ids (vietnews does, across its splits), and the benchmark
//!    indexes every line.
//! 2. Each measured run is a separate process ([`run_worker`]), so its peak RSS is its own.
//!    - **bantin**: the real ingest path as `bantin ingest` runs it: reading, extraction,
//!      exact and folded tokens, facets, a commit every [`DEFAULT_COMMIT_EVERY`] bulletins.
//!    - **baseline**: plain tantivy as `tantivy-cli index` runs it: a title and a body field,
//!      each indexed with tantivy's default tokenizer (positions, no folding) and stored;
//!      no facets, no extraction; same threads and memory; one commit at the end.
//!    - with `--ablate`, bantin without exact-accent terms, without word terms, and with
//!      neither ([`super::ablation`]): what each costs.
//! 3. Runs alternate (every configuration once, then again), so a slow spell of a shared
//!    machine falls on all of them; medians over `--runs`, then ratios: bantin/baseline, and
//!    N threads / 1 thread.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use anyhow::{bail, Context};
use tantivy::schema::{Schema, STORED, TEXT};
use tantivy::{doc, Index};

use crate::bulletin::read::Input;
use crate::index::ingest::{ingest, IngestOptions, DEFAULT_COMMIT_EVERY};
use crate::index::BantinIndex;

/// Which engine a worker runs.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize, clap::ValueEnum,
)]
#[serde(rename_all = "kebab-case")]
pub enum Engine {
    Bantin,
    Baseline,
    /// bantin without exact-accent terms ([`super::ablation`]).
    BantinWithoutExact,
    /// bantin without word terms: the text is cut into syllables alone.
    BantinWithoutWords,
    /// bantin with folded syllables alone: neither exact nor word terms.
    BantinSyllables,
}

impl Engine {
    /// bantin with part of its analysis left out, for `--ablate`.
    pub const ABLATIONS: [Engine; 3] = [
        Engine::BantinWithoutExact,
        Engine::BantinWithoutWords,
        Engine::BantinSyllables,
    ];

    /// The name the command line and the report use.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Bantin => "bantin",
            Engine::Baseline => "baseline",
            Engine::BantinWithoutExact => "bantin-without-exact",
            Engine::BantinWithoutWords => "bantin-without-words",
            Engine::BantinSyllables => "bantin-syllables",
        }
    }
}

/// What one worker process measured.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct WorkerReport {
    pub engine: Engine,
    pub threads: usize,
    pub documents: u64,
    pub seconds: f64,
    pub index_bytes: u64,
    /// Peak resident memory of the worker process (Linux), in bytes.
    pub peak_rss_bytes: Option<u64>,
}

/// The prepared input: a plain JSON Lines file and what it holds.
#[derive(Clone, Debug, serde::Serialize)]
pub struct PreparedInput {
    #[serde(skip)]
    pub path: PathBuf,
    pub documents: u64,
    /// Bytes of title and body text (not JSON), the basis of MB/s.
    pub text_bytes: u64,
}

/// Where the bench input comes from.
#[derive(Clone, Debug)]
pub enum BenchSource {
    Corpus { path: PathBuf, limit: Option<usize> },
    Generate { count: usize, seed: u64 },
}

/// Writes the input as plain JSON Lines into `dir`.
pub fn prepare_input(source: &BenchSource, dir: &Path) -> anyhow::Result<PreparedInput> {
    let path = dir.join("input.jsonl");
    let mut out = BufWriter::new(
        std::fs::File::create(&path).with_context(|| format!("creating {}", path.display()))?,
    );
    match source {
        BenchSource::Generate { count, seed } => {
            let mut generated = Vec::new();
            crate::sample::generate::generate(*count, *seed, &mut generated)?;
            out.write_all(&generated)?;
        }
        BenchSource::Corpus {
            path: corpus,
            limit,
        } => copy_corpus(corpus, *limit, &mut out)?,
    }
    out.flush()?;
    drop(out);
    let (documents, text_bytes) = count_text(&path)?;
    if documents == 0 {
        bail!("the benchmark input has no bulletins");
    }
    Ok(PreparedInput {
        path,
        documents,
        text_bytes,
    })
}

fn copy_corpus(corpus: &Path, limit: Option<usize>, out: &mut impl Write) -> anyhow::Result<()> {
    let reader = crate::bulletin::read::open_maybe_compressed(corpus)
        .with_context(|| format!("opening --corpus {}", corpus.display()))?;
    for (number, line) in reader.lines().enumerate() {
        if limit.is_some_and(|limit| number >= limit) {
            break;
        }
        let line = line.with_context(|| format!("{}:{}: reading", corpus.display(), number + 1))?;
        let mut value: serde_json::Value = serde_json::from_str(&line)
            .with_context(|| format!("{}:{}: not JSON", corpus.display(), number + 1))?;
        if let Some(id) = value
            .get("id")
            .and_then(|id| id.as_str())
            .map(str::to_owned)
        {
            value["id"] = serde_json::Value::String(format!("{id}#{}", number + 1));
        }
        serde_json::to_writer(&mut *out, &value)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[derive(serde::Deserialize)]
struct TextOnly {
    #[serde(default)]
    title: Option<String>,
    body: String,
}

fn count_text(path: &Path) -> anyhow::Result<(u64, u64)> {
    let (mut documents, mut bytes) = (0, 0);
    for line in BufReader::new(std::fs::File::open(path)?).lines() {
        let record: TextOnly = serde_json::from_str(&line?)?;
        documents += 1;
        bytes += (record.title.map_or(0, |t| t.len()) + record.body.len()) as u64;
    }
    Ok((documents, bytes))
}

/// Runs one measured ingest in this process (the worker side).
pub fn worker(
    engine: Engine,
    input: &Path,
    index_dir: &Path,
    threads: usize,
    memory_mb: usize,
) -> anyhow::Result<WorkerReport> {
    let started = Instant::now();
    let documents = match engine {
        Engine::Baseline => baseline(input, index_dir, threads, memory_mb)?,
        bantin => {
            let index = BantinIndex::open_or_create(index_dir)?;
            let options = IngestOptions {
                threads,
                memory_mb,
                commit_every: DEFAULT_COMMIT_EVERY,
                max_file_bytes: u64::MAX,
            };
            let inputs = [Input::JsonLines(input.to_owned())];
            let report = match bantin {
                Engine::Bantin => ingest(&index, &inputs, Vec::new(), options, &mut |_| {})?,
                ablated => super::ablation::ingest(&index, &inputs, options, ablated)?,
            };
            if report.skipped > 0 {
                bail!("{} benchmark records were skipped", report.skipped);
            }
            report.documents_in_index
        }
    };
    Ok(WorkerReport {
        engine,
        threads,
        documents,
        seconds: started.elapsed().as_secs_f64(),
        index_bytes: crate::index::directory_size(index_dir),
        peak_rss_bytes: peak_rss_bytes(),
    })
}

/// Plain tantivy: title and body, each `TEXT | STORED` (default tokenizer), one commit.
fn baseline(
    input: &Path,
    index_dir: &Path,
    threads: usize,
    memory_mb: usize,
) -> anyhow::Result<u64> {
    let mut schema = Schema::builder();
    let title = schema.add_text_field("title", TEXT | STORED);
    let body = schema.add_text_field("body", TEXT | STORED);
    std::fs::create_dir_all(index_dir)?;
    let index = Index::create_in_dir(index_dir, schema.build())?;
    let budget = memory_mb
        .checked_mul(1 << 20)
        .ok_or_else(|| anyhow::anyhow!("--memory-mb {memory_mb} is more memory than exists"))?;
    let mut writer = index.writer_with_num_threads(threads, budget)?;
    let mut documents = 0;
    let mut line = String::new();
    let mut reader = BufReader::with_capacity(1 << 20, std::fs::File::open(input)?);
    while reader.read_line(&mut line)? > 0 {
        let record: TextOnly = serde_json::from_str(&line)?;
        writer
            .add_document(doc!(title => record.title.unwrap_or_default(), body => record.body))?;
        documents += 1;
        line.clear();
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    Ok(documents)
}

/// Peak resident set size of this process, from `/proc/self/status` (Linux only).
pub fn peak_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Runs one worker process: `bantin bench worker ...`, in a fresh index directory.
pub fn run_worker(
    input: &PreparedInput,
    dir: &Path,
    engine: Engine,
    threads: usize,
    memory_mb: usize,
) -> anyhow::Result<WorkerReport> {
    let index_dir = dir.join(format!("index-{engine:?}-{threads}"));
    if index_dir.exists() {
        std::fs::remove_dir_all(&index_dir)?;
    }
    let exe = std::env::current_exe().context("locating the bantin executable")?;
    let output = Command::new(exe)
        .args(["bench", "worker", "--engine", engine.name()])
        .arg("--input")
        .arg(&input.path)
        .arg("--index-dir")
        .arg(&index_dir)
        .args([
            "--threads",
            &threads.to_string(),
            "--memory-mb",
            &memory_mb.to_string(),
        ])
        .output()
        .context("starting a benchmark worker")?;
    std::fs::remove_dir_all(&index_dir).ok();
    if !output.status.success() {
        bail!(
            "benchmark worker failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    serde_json::from_slice(&output.stdout).context("reading the worker's report")
}

/// The median run of each (engine, threads), and the ratios between them.
#[derive(Clone, Debug, serde::Serialize)]
pub struct IngestBenchReport {
    pub input: PreparedInput,
    pub memory_mb: usize,
    pub runs: usize,
    pub results: Vec<IngestRow>,
    /// bantin MB/s divided by baseline MB/s, per thread count.
    pub bantin_vs_baseline: Vec<(usize, f64)>,
    /// MB/s at the largest thread count divided by MB/s at one thread, per engine.
    pub thread_speedup: Vec<(Engine, f64)>,
    /// Per ablated engine and thread count: its MB/s divided by full bantin's.
    pub ablations: Vec<(Engine, usize, f64)>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct IngestRow {
    pub engine: Engine,
    pub threads: usize,
    pub documents: u64,
    pub seconds: f64,
    pub documents_per_second: f64,
    pub mb_per_second: f64,
    pub index_mb: f64,
    pub index_to_text: f64,
    pub peak_rss_mb: Option<f64>,
}

/// Runs every engine at every thread count `runs` times and keeps the median (by time) of
/// each.
pub fn bench_ingest(
    input: PreparedInput,
    dir: &Path,
    threads: &[usize],
    memory_mb: usize,
    engines: &[Engine],
    runs: usize,
    on_run: &mut dyn FnMut(&WorkerReport),
) -> anyhow::Result<IngestBenchReport> {
    let configurations: Vec<(usize, Engine)> = threads
        .iter()
        .flat_map(|&t| engines.iter().map(move |&engine| (t, engine)))
        .collect();
    let mut reports: Vec<Vec<WorkerReport>> = vec![Vec::new(); configurations.len()];
    for _ in 0..runs.max(1) {
        for (&(t, engine), runs_of) in configurations.iter().zip(&mut reports) {
            let report = run_worker(&input, dir, engine, t, memory_mb)?;
            on_run(&report);
            runs_of.push(report);
        }
    }
    let results: Vec<IngestRow> = reports
        .iter_mut()
        .map(|runs_of| {
            runs_of.sort_by(|a, b| a.seconds.total_cmp(&b.seconds));
            row(&runs_of[runs_of.len() / 2], &input)
        })
        .collect();
    let mb_per_second = |engine: Engine, threads: usize| {
        results
            .iter()
            .find(|r| r.engine == engine && r.threads == threads)
            .map(|r| r.mb_per_second)
    };
    let bantin_vs_baseline = threads
        .iter()
        .filter_map(|&t| {
            Some((
                t,
                mb_per_second(Engine::Bantin, t)? / mb_per_second(Engine::Baseline, t)?,
            ))
        })
        .collect();
    let most = threads.iter().copied().max().unwrap_or(1);
    let thread_speedup = engines
        .iter()
        .filter(|_| most > 1 && threads.contains(&1))
        .filter_map(|&e| Some((e, mb_per_second(e, most)? / mb_per_second(e, 1)?)))
        .collect();
    let ablations = engines
        .iter()
        .filter(|e| Engine::ABLATIONS.contains(e))
        .flat_map(|&e| threads.iter().map(move |&t| (e, t)))
        .filter_map(|(e, t)| {
            Some((
                e,
                t,
                mb_per_second(e, t)? / mb_per_second(Engine::Bantin, t)?,
            ))
        })
        .collect();
    Ok(IngestBenchReport {
        input,
        memory_mb,
        runs: runs.max(1),
        results,
        bantin_vs_baseline,
        thread_speedup,
        ablations,
    })
}

fn row(report: &WorkerReport, input: &PreparedInput) -> IngestRow {
    let seconds = report.seconds.max(1e-9);
    let text_mb = input.text_bytes as f64 / 1e6;
    IngestRow {
        engine: report.engine,
        threads: report.threads,
        documents: report.documents,
        seconds: report.seconds,
        documents_per_second: report.documents as f64 / seconds,
        mb_per_second: text_mb / seconds,
        index_mb: report.index_bytes as f64 / 1e6,
        index_to_text: report.index_bytes as f64 / input.text_bytes.max(1) as f64,
        peak_rss_mb: report.peak_rss_bytes.map(|b| b as f64 / 1e6),
    }
}
