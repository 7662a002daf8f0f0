//! `bantin ingest PATH...`: build or update the index from bulletins.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{print_json_or, EXIT_PARTIAL};
use crate::bulletin::date::DEFAULT_MIN_YEAR;
use crate::bulletin::read::collect_inputs;
use crate::bulletin::read::{FieldMap, FieldMapError, Role};
use crate::bulletin::{BulletinDate, DateWindow};
use crate::index::ingest::{
    ingest_with_fields, Event, IngestOptions, IngestReport, DEFAULT_COMMIT_EVERY,
    MIN_MEMORY_MB_PER_THREAD,
};
use crate::index::BantinIndex;

/// More indexing threads than this only add contention (tantivy itself defaults to 8).
const MAX_THREADS: usize = 64;

/// tantivy's upper bound on the memory arena of one indexing thread (just under 4 GiB).
const MAX_MEMORY_MB_PER_THREAD: usize = 4000;

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Plain-text bulletins, directories (walked recursively, symbolic links followed),
    /// JSON Lines (`.jsonl`, `.ndjson`), JSON arrays (`.json`), each also `.xz` or `.gz`, or
    /// `-` for JSON Lines (or one array) on standard input.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,

    /// Read a record's ROLE from field NAME before the usual names, e.g.
    /// `--field body=article_text`. Roles: id, url, title, body, date, province, unit,
    /// source. Repeatable.
    #[arg(long = "field", value_name = "ROLE=NAME", value_parser = parse_field_mapping)]
    pub fields: Vec<(Role, String)>,

    /// Indexing threads, and as many that parse JSON files [default: the number of cores, at
    /// most 8].
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

    /// Walk system directories too (`/`, `/proc`, `/sys`, `/dev`, named or reached by a
    /// symbolic link), which are refused otherwise.
    #[arg(long)]
    pub system_dirs: bool,
}

/// The first whole year the index's dates reach: they are nanoseconds since 1970 in an
/// `i64`, from 1677-09-21 on; an earlier date would wrap around to the 2080s.
const EARLIEST_YEAR: i32 = 1678;

/// Dates from `min_year` to tomorrow, for every bulletin this process reads.
fn install_date_window(min_year: i32) -> anyhow::Result<()> {
    let today = BulletinDate::today();
    if !(EARLIEST_YEAR..=today.year).contains(&min_year) {
        bail!(
            "--min-year {min_year} must be a year from {EARLIEST_YEAR} (the first whole year the \
             index can hold a date of) to {}",
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
        if !(1..=MAX_THREADS).contains(&threads) {
            bail!("--threads {threads} is out of range: use 1 to {MAX_THREADS}");
        }
        // `threads` is at most MAX_THREADS, so this cannot overflow.
        let least = threads * MIN_MEMORY_MB_PER_THREAD;
        if self.memory_mb < least {
            bail!(
                "--memory-mb {} is too small for {threads} thread(s): each needs at least {MIN_MEMORY_MB_PER_THREAD} MB",
                self.memory_mb
            );
        }
        if self.memory_mb / threads > MAX_MEMORY_MB_PER_THREAD {
            bail!(
                "--memory-mb {} is too large for {threads} thread(s): each can use at most {MAX_MEMORY_MB_PER_THREAD} MB",
                self.memory_mb
            );
        }
        if self.commit_every == 0 {
            bail!("--commit-every must be at least 1");
        }
        let Some(max_file_bytes) = self.max_file_mb.checked_mul(1024 * 1024) else {
            bail!("--max-file-mb {} is too large", self.max_file_mb);
        };
        if max_file_bytes == 0 {
            bail!("--max-file-mb must be at least 1");
        }
        Ok(IngestOptions {
            threads,
            memory_mb: self.memory_mb,
            commit_every: self.commit_every,
            max_file_bytes,
        })
    }
}

fn parse_field_mapping(arg: &str) -> Result<(Role, String), FieldMapError> {
    FieldMap::parse_mapping(arg)
}

pub fn run(args: &IngestArgs, index_dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let options = args.options()?;
    install_date_window(args.min_year)?;
    let fields = FieldMap::new(args.fields.clone());
    let mut problems = Vec::new();
    let inputs = collect_inputs(&args.paths, &mut problems, args.system_dirs)?;
    if crate::index::lost_file_list(index_dir) {
        let _ = writeln!(
            std::io::stderr(),
            "bantin: warning: index {} had lost its list of files ({}); it is rebuilt from \
             the segment files, and files no segment uses are removed at the next commit",
            index_dir.display(),
            crate::index::FILE_LIST
        );
    }
    let index = BantinIndex::open_or_create(index_dir)?;

    let progress = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    progress.set_style(
        ProgressStyle::with_template("{spinner} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    progress.enable_steady_tick(Duration::from_millis(200));
    let total = stored_size(&inputs);
    let started = std::time::Instant::now();
    let report =
        ingest_with_fields(
            &index,
            &inputs,
            problems,
            options,
            &fields,
            &mut |event| match event {
                Event::Skipped { location, reason } => {
                    progress.suspend(|| tell(format_args!("bantin: skipped {location}: {reason}")))
                }
                Event::Warning { location, message } => progress
                    .suspend(|| tell(format_args!("bantin: warning: {location}: {message}"))),
                Event::Progress(report) => progress.set_message(format!(
                    "{} bulletins, {:.1} MB of text{}",
                    report.documents(),
                    report.bytes as f64 / 1e6,
                    share_and_time_left(report.stored_bytes, total, started.elapsed())
                )),
            },
        )
        .with_context(|| format!("ingesting into {}", index_dir.display()))?;
    progress.finish_and_clear();

    print_json_or(args.json, &report, |out, report| {
        write_summary(out, report, &index)
    })?;
    Ok(if report.skipped > 0 {
        ExitCode::from(EXIT_PARTIAL)
    } else {
        ExitCode::SUCCESS
    })
}

/// The bytes the inputs take as stored, when every one is a regular file: `None` for
/// standard input, a pipe or a device, whose size is not known before the end.
fn stored_size(inputs: &[crate::bulletin::read::Input]) -> Option<u64> {
    use crate::bulletin::read::Input;
    inputs.iter().try_fold(0u64, |total, input| match input {
        Input::Stdin => None,
        Input::Plain(path) | Input::JsonLines(path) | Input::Json(path) => {
            let meta = std::fs::metadata(path).ok().filter(|m| m.is_file())?;
            Some(total + meta.len())
        }
    })
}

/// `, 42 % of 136.5 MB of input, about 1 min 20 s left`: how far through inputs of `total` bytes
/// `done` bytes are, and the time left at the pace so far (once there is a pace to go by).
fn share_and_time_left(done: u64, total: Option<u64>, elapsed: Duration) -> String {
    let Some(total) = total.filter(|&total| total > 0) else {
        return String::new();
    };
    let share = (done as f64 / total as f64).min(1.0);
    let mut text = format!(
        ", {:.0} % of {:.1} MB of input",
        share * 100.0,
        total as f64 / 1e6
    );
    if share >= 0.01 && elapsed >= Duration::from_secs(2) && share < 1.0 {
        let left = elapsed.as_secs_f64() * (1.0 - share) / share;
        text.push_str(&format!(", about {} left", duration_words(left)));
    }
    text
}

/// `45 s`, `3 min 20 s`, `2 h 5 min`.
fn duration_words(seconds: f64) -> String {
    let seconds = seconds.round() as u64;
    match seconds {
        0..60 => format!("{seconds} s"),
        60..3600 => format!("{} min {} s", seconds / 60, seconds % 60),
        _ => format!("{} h {} min", seconds / 3600, seconds % 3600 / 60),
    }
}

/// Writes one line to stderr. A closed stderr must not stop an ingest (nor panic it).
fn tell(line: std::fmt::Arguments) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

fn write_summary(
    out: &mut impl Write,
    report: &IngestReport,
    index: &BantinIndex,
) -> std::io::Result<()> {
    let seconds = report.seconds.max(1e-9);
    writeln!(
        out,
        "ingested {} {} in {:.2} s ({:.0} docs/s, {:.1} MB/s): {} added, {} updated, {} unchanged, {} skipped",
        report.documents(),
        if report.documents() == 1 { "bulletin" } else { "bulletins" },
        report.seconds,
        report.documents() as f64 / seconds,
        report.bytes as f64 / 1e6 / seconds,
        report.added,
        report.updated,
        report.unchanged,
        report.skipped,
    )?;
    if !report.fields.is_empty() {
        writeln!(out, "fields read: {}", fields_read(report))?;
    }
    if report.found.bulletins > 0 {
        writeln!(
            out,
            "found in the {} added or updated: {}",
            report.found.bulletins,
            super::stats::coverage(&report.found)
        )?;
    }
    if report.same_id_in_run > 0 {
        let n = report.same_id_in_run;
        writeln!(
            out,
            "{n} {} the id of an earlier record of this run with other text, and replaced it \
             (give each bulletin its own id, or map another field with --field id=NAME)",
            if n == 1 { "record had" } else { "records had" }
        )?;
    }
    if report.removed_leftover_files > 0 {
        writeln!(
            out,
            "removed {} files an interrupted ingest left behind",
            report.removed_leftover_files
        )?;
    }
    writeln!(
        out,
        "index {}: {} documents, {:.1} MB on disk",
        index.path.display(),
        report.documents_in_index,
        index.size_on_disk() as f64 / 1e6
    )
}

/// `id (40), title=headline (40), body=content (38), body=text (2)`: each role with the
/// field names it was read from, written as `--field` would map them.
fn fields_read(report: &IngestReport) -> String {
    let mut parts = Vec::new();
    for role in Role::ALL {
        let Some(names) = report.fields.get(role.name()) else {
            continue;
        };
        for (name, records) in names {
            if name == role.name() {
                parts.push(format!("{name} ({records})"));
            } else {
                parts.push(format!("{}={name} ({records})", role.name()));
            }
        }
    }
    parts.join(", ")
}

#[cfg(test)]
mod progress_tests {
    use super::*;

    #[test]
    fn the_share_read_and_the_time_left_read_as_a_person_says_them() {
        let second = Duration::from_secs(1);
        assert_eq!(share_and_time_left(10, None, second), "");
        assert_eq!(
            share_and_time_left(25_000_000, Some(100_000_000), second),
            ", 25 % of 100.0 MB of input",
            "no time left guessed before two seconds"
        );
        assert_eq!(
            share_and_time_left(25_000_000, Some(100_000_000), 20 * second),
            ", 25 % of 100.0 MB of input, about 1 min 0 s left"
        );
        assert_eq!(
            share_and_time_left(100, Some(100), 20 * second),
            ", 100 % of 0.0 MB of input"
        );
        assert_eq!(duration_words(7384.0), "2 h 3 min");
        assert_eq!(duration_words(44.6), "45 s");
    }
}
