//! `bantin ingest PATH...`: build or update the index from bulletins.

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::EXIT_PARTIAL;
use crate::bulletin::date::DEFAULT_MIN_YEAR;
use crate::bulletin::read::collect_inputs;
use crate::bulletin::{BulletinDate, DateWindow};
use crate::index::ingest::{
    ingest, Event, IngestOptions, IngestReport, DEFAULT_COMMIT_EVERY, MIN_MEMORY_MB_PER_THREAD,
};
use crate::index::BantinIndex;

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Plain-text bulletins, directories (walked recursively), JSON Lines (`.jsonl`,
    /// `.jsonl.xz`, `.jsonl.gz`), or `-` for JSON Lines on standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    /// Indexing threads [default: the number of cores, at most 8].
    #[arg(long)]
    pub threads: Option<usize>,

    /// Memory for indexing, in MB, shared by the threads (at least 15 per thread).
    #[arg(long, default_value_t = 256)]
    pub memory_mb: usize,

    /// Commit after this many new or changed bulletins; a crash loses at most one batch.
    #[arg(long, default_value_t = DEFAULT_COMMIT_EVERY)]
    pub commit_every: usize,

    /// Skip plain-text files (and JSON lines) larger than this, in MB.
    #[arg(long, default_value_t = 32)]
    pub max_file_mb: u64,

    /// Print the final report as one JSON object.
    #[arg(long)]
    pub json: bool,

    /// Earliest plausible year of a bulletin's date: an earlier date, given or found in
    /// the text, is not used.
    #[arg(long, default_value_t = DEFAULT_MIN_YEAR)]
    pub min_year: i32,
}

/// Dates from `min_year` to tomorrow, for every bulletin this process reads.
fn install_date_window(min_year: i32) -> anyhow::Result<()> {
    let today = BulletinDate::today();
    if !(1000..=today.year).contains(&min_year) {
        bail!(
            "--min-year {min_year} must be a year from 1000 to {}",
            today.year
        );
    }
    DateWindow::install(DateWindow::new(min_year, today));
    Ok(())
}

impl IngestArgs {
    fn options(&self) -> anyhow::Result<IngestOptions> {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        let threads = self.threads.unwrap_or(cores.min(8));
        if threads == 0 {
            bail!("--threads must be at least 1");
        }
        if self.memory_mb < threads * MIN_MEMORY_MB_PER_THREAD {
            bail!(
                "--memory-mb {} is too small for {threads} thread(s): each needs at least {MIN_MEMORY_MB_PER_THREAD} MB",
                self.memory_mb
            );
        }
        if self.commit_every == 0 {
            bail!("--commit-every must be at least 1");
        }
        Ok(IngestOptions {
            threads,
            memory_mb: self.memory_mb,
            commit_every: self.commit_every,
            max_file_bytes: self.max_file_mb.saturating_mul(1024 * 1024),
        })
    }
}

pub fn run(args: &IngestArgs, index_dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let options = args.options()?;
    install_date_window(args.min_year)?;
    let index = BantinIndex::open_or_create(index_dir)?;
    let mut problems = Vec::new();
    let inputs = collect_inputs(&args.paths, &mut problems);

    let progress = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    progress.set_style(
        ProgressStyle::with_template("{spinner} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    progress.enable_steady_tick(Duration::from_millis(200));
    let report = ingest(
        &index,
        &inputs,
        problems,
        options,
        &mut |event| match event {
            Event::Skipped { location, reason } => {
                progress.suspend(|| eprintln!("bantin: skipped {location}: {reason}"))
            }
            Event::Warning { location, message } => {
                progress.suspend(|| eprintln!("bantin: warning: {location}: {message}"))
            }
            Event::Progress(report) => progress.set_message(format!(
                "{} bulletins, {:.1} MB read",
                report.documents(),
                report.bytes as f64 / 1e6
            )),
        },
    )
    .with_context(|| format!("ingesting into {}", index_dir.display()))?;
    progress.finish_and_clear();

    if args.json {
        println!("{}", serde_json::to_string(&report)?);
    } else {
        print_summary(&report, &index);
    }
    Ok(if report.skipped > 0 {
        ExitCode::from(EXIT_PARTIAL)
    } else {
        ExitCode::SUCCESS
    })
}

fn print_summary(report: &IngestReport, index: &BantinIndex) {
    let seconds = report.seconds.max(1e-9);
    println!(
        "ingested {} bulletins in {:.2} s ({:.0} docs/s, {:.1} MB/s): {} added, {} updated, {} unchanged, {} skipped",
        report.documents(),
        report.seconds,
        report.documents() as f64 / seconds,
        report.bytes as f64 / 1e6 / seconds,
        report.added,
        report.updated,
        report.unchanged,
        report.skipped,
    );
    println!(
        "index {}: {} documents, {:.1} MB on disk",
        index.path.display(),
        report.documents_in_index,
        index.size_on_disk() as f64 / 1e6
    );
}
