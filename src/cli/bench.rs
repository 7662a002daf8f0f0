//! `bantin bench ingest|query` and `bantin gen`: benchmarks and their synthetic data.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use super::print_json_or;
use anyhow::{bail, Context};
use clap::{Args, Subcommand};

use crate::bench::ingest::{
    bench_ingest, prepare_input, worker, BenchSource, Engine, IngestBenchReport,
};
use crate::bench::query::{
    bench_query, query_mix, read_queries, Baseline, QueryBench, QueryBenchReport,
};
use crate::bench::serve::{bench_serve, ServeBenchConfig, ServeBenchReport};
use crate::index::BantinIndex;

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(subcommand)]
    pub command: BenchCommand,
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Index a corpus (or generated bulletins) into a fresh index; with --baseline also into
    /// plain tantivy, and print the ratios.
    Ingest(BenchIngestArgs),
    /// Latency of a fixed query mix on an existing index (--index).
    Query(BenchQueryArgs),
    /// Load on `bantin serve` of an existing index (--index): concurrent clients sending the
    /// query mix over loopback; requests/s, latency, failures and the server's memory.
    Serve(BenchServeArgs),
    /// One measured ingest in this process (used by `bench ingest`).
    #[command(hide = true)]
    Worker(WorkerArgs),
}

#[derive(Debug, Args)]
pub struct BenchIngestArgs {
    /// JSON Lines corpus (`.xz` accepted), e.g. ../shared/corpus/vietnews.jsonl.xz.
    #[arg(
        long,
        required_unless_present = "generate",
        conflicts_with = "generate"
    )]
    pub corpus: Option<PathBuf>,
    /// Use this many generated bulletins instead of a corpus.
    #[arg(long)]
    pub generate: Option<usize>,
    /// Seed of the generated bulletins.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Only the first N lines of the corpus.
    #[arg(long)]
    pub limit: Option<usize>,
    /// Thread counts to measure, comma-separated [default: 1 and the number of cores].
    #[arg(long, value_delimiter = ',')]
    pub threads: Vec<usize>,
    /// Indexing memory in MB, for every run.
    #[arg(long, default_value_t = 256)]
    pub memory_mb: usize,
    /// Also index into plain tantivy (title and body stored, default tokenizer) and print
    /// ratios.
    #[arg(long)]
    pub baseline: bool,
    /// Also index with part of the analysis left out (exact-accent terms, word terms, both),
    /// to measure what each costs.
    #[arg(long)]
    pub ablate: bool,
    /// Runs of each configuration, alternated; the median is reported.
    #[arg(long, default_value_t = 1)]
    pub runs: usize,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchQueryArgs {
    /// Measured runs of each query class.
    #[arg(long, default_value_t = 200)]
    pub iterations: usize,
    /// Unmeasured runs first.
    #[arg(long, default_value_t = 20)]
    pub warmup: usize,
    /// Whole `bantin search` processes to time (0 to skip).
    #[arg(long, default_value_t = 20)]
    pub process_runs: usize,
    /// Only this class of the mix (e.g. `facets`), to profile it alone.
    #[arg(long)]
    pub class: Option<String>,
    /// The queries of this file instead of the mix: `qid<TAB>class<TAB>op<TAB>query` a
    /// line, op `AND`, `OR` or `PHRASE` (as `../shared/bench/queries.tsv`).
    #[arg(long)]
    pub queries: Option<PathBuf>,
    /// Also index the text of every bulletin in a plain tantivy index (one field, default
    /// tokenizer) in this run, run the same queries on it, and print the ratios.
    #[arg(long)]
    pub baseline: bool,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct BenchServeArgs {
    /// Concurrent clients, each with one keep-alive connection.
    #[arg(long, default_value_t = 8)]
    pub clients: usize,
    /// Measured requests in all.
    #[arg(long, default_value_t = 10_000)]
    pub requests: usize,
    /// Unmeasured requests first.
    #[arg(long, default_value_t = 500)]
    pub warmup: usize,
    /// Snippets per hit [default: none]; `mix` keeps the mix's own counts.
    #[arg(long, default_value = "0")]
    pub snippets: String,
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct WorkerArgs {
    #[arg(long, value_enum)]
    pub engine: Engine,
    #[arg(long)]
    pub input: PathBuf,
    #[arg(long)]
    pub index_dir: PathBuf,
    #[arg(long)]
    pub threads: usize,
    #[arg(long)]
    pub memory_mb: usize,
}

#[derive(Debug, Args)]
pub struct GenArgs {
    /// How many bulletins.
    pub count: usize,
    /// Output file (JSON Lines); `-` for standard output.
    #[arg(long)]
    pub out: PathBuf,
    /// Seed: the same seed gives the same bulletins.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

pub fn run(args: &BenchArgs, index_dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    match &args.command {
        BenchCommand::Ingest(args) => run_ingest(args),
        BenchCommand::Query(args) => run_query(args, index_dir),
        BenchCommand::Serve(args) => run_serve(args, index_dir),
        BenchCommand::Worker(args) => {
            let report = worker(
                args.engine,
                &args.input,
                &args.index_dir,
                args.threads,
                args.memory_mb,
            )?;
            print_json_or(true, &report, |_, _| Ok(()))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn run_ingest(args: &BenchIngestArgs) -> anyhow::Result<ExitCode> {
    let source = match (&args.corpus, args.generate) {
        (Some(path), _) => BenchSource::Corpus {
            path: path.clone(),
            limit: args.limit,
        },
        (None, Some(count)) => BenchSource::Generate {
            count,
            seed: args.seed,
        },
        (None, None) => bail!("give --corpus FILE or --generate N"),
    };
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut threads = args.threads.clone();
    if threads.is_empty() {
        threads = if cores > 1 {
            vec![1, cores.min(8)]
        } else {
            vec![1]
        };
    }
    if threads.contains(&0) {
        bail!("--threads takes counts of at least 1");
    }
    let mut engines = vec![Engine::Bantin];
    if args.baseline {
        engines.push(Engine::Baseline);
    }
    if args.ablate {
        engines.extend(Engine::ABLATIONS);
    }
    let dir = std::env::temp_dir().join(format!("bantin-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let result = prepare_input(&source, &dir).and_then(|input| {
        eprintln!(
            "bench ingest: {} bulletins, {:.1} MB of text",
            input.documents,
            input.text_bytes as f64 / 1e6
        );
        bench_ingest(
            input,
            &dir,
            &threads,
            args.memory_mb,
            &engines,
            args.runs,
            &mut |run| {
                eprintln!(
                    "  {} threads={} {:.2} s",
                    run.engine.name(),
                    run.threads,
                    run.seconds
                );
            },
        )
    });
    std::fs::remove_dir_all(&dir).ok();
    let report = result?;
    print_json_or(args.json, &report, write_ingest_report)?;
    Ok(ExitCode::SUCCESS)
}

fn write_ingest_report(out: &mut impl Write, report: &IngestBenchReport) -> std::io::Result<()> {
    writeln!(
        out,
        "{} bulletins, {:.1} MB of text, --memory-mb {}, median of {} run(s)",
        report.input.documents,
        report.input.text_bytes as f64 / 1e6,
        report.memory_mb,
        report.runs
    )?;
    writeln!(
        out,
        "engine                threads  seconds    docs/s    MB/s  index MB  index/text  peak RSS MB"
    )?;
    for r in &report.results {
        writeln!(
            out,
            "{:<21} {:>7} {:>8.2} {:>9.0} {:>7.2} {:>9.1} {:>11.2} {:>12}",
            r.engine.name(),
            r.threads,
            r.seconds,
            r.documents_per_second,
            r.mb_per_second,
            r.index_mb,
            r.index_to_text,
            r.peak_rss_mb
                .map_or("n/a".to_owned(), |m| format!("{m:.0}"))
        )?;
    }
    for (threads, ratio) in &report.bantin_vs_baseline {
        writeln!(
            out,
            "bantin/baseline MB/s at {threads} thread(s): {ratio:.2}x"
        )?;
    }
    for (engine, threads, ratio) in &report.ablations {
        writeln!(
            out,
            "{}/bantin MB/s at {threads} thread(s): {ratio:.2}x",
            engine.name()
        )?;
    }
    for (engine, speedup) in &report.thread_speedup {
        writeln!(
            out,
            "{}: most threads / 1 thread: {speedup:.2}x",
            engine.name()
        )?;
    }
    Ok(())
}

fn run_query(args: &BenchQueryArgs, index_dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let index = BantinIndex::open(index_dir)?;
    let mix = match &args.queries {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read --queries {}", path.display()))?;
            let queries = read_queries(&text)
                .map_err(|why| anyhow::anyhow!("--queries {}: {why}", path.display()))?;
            anyhow::ensure!(
                !queries.is_empty(),
                "--queries {} holds no query",
                path.display()
            );
            queries
        }
        None => query_mix(),
    };
    let baseline = if args.baseline {
        let dir = std::env::temp_dir().join(format!("bantin-baseline-{}", std::process::id()));
        eprintln!(
            "bantin: indexing the text of {} in plain tantivy ...",
            index_dir.display()
        );
        Some(Baseline::build(&index, &dir)?)
    } else {
        None
    };
    let report = bench_query(
        &index,
        QueryBench {
            mix,
            only: args.class.as_deref(),
            warmup: args.warmup,
            iterations: args.iterations,
            process_runs: if args.queries.is_some() {
                0
            } else {
                args.process_runs
            },
            baseline: baseline.as_ref(),
        },
    )?;
    print_json_or(args.json, &report, write_query_report)?;
    Ok(ExitCode::SUCCESS)
}

fn run_serve(args: &BenchServeArgs, index_dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    // Fails early, with the usual message, when there is no index.
    BantinIndex::open(index_dir)?;
    let snippets = match args.snippets.as_str() {
        "mix" => None,
        n => Some(
            n.parse()
                .with_context(|| format!("--snippets {n:?} is not a number or `mix`"))?,
        ),
    };
    let config = ServeBenchConfig {
        clients: args.clients,
        requests: args.requests,
        warmup: args.warmup,
        snippets,
    };
    let report = bench_serve(index_dir, &config)?;
    print_json_or(args.json, &report, write_serve_report)?;
    if report.errors > 0 {
        bail!("{} of {} requests failed", report.errors, report.requests);
    }
    Ok(ExitCode::SUCCESS)
}

fn write_serve_report(out: &mut impl Write, r: &ServeBenchReport) -> std::io::Result<()> {
    let snippets = r
        .snippets
        .map_or("the mix's snippets".to_owned(), |n| format!("{n} snippets"));
    let clients = if r.clients == 1 { "client" } else { "clients" };
    writeln!(
        out,
        "{} documents, {} {clients}, {} requests of the query mix ({snippets})",
        r.documents, r.clients, r.requests
    )?;
    writeln!(
        out,
        "{:.0} requests/s over {:.1} s; latency p50 {:.2} ms, p90 {:.2} ms, p99 {:.2} ms, max {:.1} ms",
        r.requests_per_second, r.seconds, r.p50_ms, r.p90_ms, r.p99_ms, r.max_ms
    )?;
    writeln!(out, "errors {}", r.errors)?;
    for sample in &r.error_samples {
        writeln!(out, "  {sample}")?;
    }
    let mb = |v: Option<f64>| v.map_or("unknown".to_owned(), |v| format!("{v:.1} MB"));
    writeln!(
        out,
        "server memory (RSS) {} after warm-up, {} after the run",
        mb(r.rss_before_mb),
        mb(r.rss_after_mb)
    )?;
    writeln!(
        out,
        "  of which anonymous (not the mapped index) {} after warm-up, {} after the run",
        mb(r.anon_before_mb),
        mb(r.anon_after_mb)
    )?;
    if !r.rss_samples_mb.is_empty() {
        let samples: Vec<String> = r.rss_samples_mb.iter().map(|v| format!("{v:.1}")).collect();
        writeln!(
            out,
            "  at every tenth of the run (MB): {}",
            samples.join(" ")
        )?;
    }
    Ok(())
}

fn write_query_report(out: &mut impl Write, report: &QueryBenchReport) -> std::io::Result<()> {
    writeln!(
        out,
        "{} documents, {} measured runs per class",
        report.documents, report.iterations
    )?;
    let with_baseline = report.geometric_mean.is_some();
    let extra = if with_baseline {
        format!(" {:>9} {:>9} {:>6}", "tantivy", "hits", "ratio")
    } else {
        String::new()
    };
    writeln!(
        out,
        "{:<16} {:>8} {:>8} {:>8} {:>8} {:>8}{extra}  query",
        "class", "hits", "p50 ms", "p95 ms", "p99 ms", "q/s"
    )?;
    for c in &report.classes {
        let extra = match (&c.baseline, with_baseline) {
            (Some(b), _) => format!(" {:>9.2} {:>9} {:>6.1}", b.p50_ms, b.hits, b.ratio),
            (None, true) => format!(" {:>9} {:>9} {:>6}", "-", "-", "-"),
            (None, false) => String::new(),
        };
        writeln!(
            out,
            "{:<16} {:>8} {:>8.2} {:>8.2} {:>8.2} {:>8.0}{extra}  {}",
            c.class, c.hits, c.p50_ms, c.p95_ms, c.p99_ms, c.queries_per_second, c.query
        )?;
    }
    writeln!(out, "where the time goes, mean ms per stage:")?;
    for c in report.classes.iter().filter(|c| !c.stages_ms.is_empty()) {
        let stages: Vec<String> = c
            .stages_ms
            .iter()
            .map(|(name, ms)| format!("{name} {ms:.2}"))
            .collect();
        writeln!(out, "  {:<16} {}", c.class, stages.join(", "))?;
    }
    if let Some(mean) = &report.geometric_mean {
        writeln!(
            out,
            "geometric mean of p50 over {} queries: bantin {:.2} ms, plain tantivy {:.2} ms, \
             ratio {:.2} (baseline indexed in {:.1} s)",
            mean.queries, mean.bantin_ms, mean.baseline_ms, mean.ratio, mean.baseline_build_s
        )?;
    }
    Ok(())
}

pub fn run_gen(args: &GenArgs) -> anyhow::Result<ExitCode> {
    if args.out.as_os_str() == "-" {
        let mut out = std::io::BufWriter::new(std::io::stdout().lock());
        crate::sample::generate::generate(args.count, args.seed, &mut out)?;
        out.flush()?;
    } else {
        let file = std::fs::File::create(&args.out)
            .with_context(|| format!("creating --out {}", args.out.display()))?;
        let mut out = std::io::BufWriter::new(file);
        crate::sample::generate::generate(args.count, args.seed, &mut out)
            .with_context(|| format!("writing {}", args.out.display()))?;
        out.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}
