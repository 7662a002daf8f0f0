//! The `bantin` command line: arguments, the commands, and how their output looks.
//!
//! `main` calls [`run`], which parses arguments into [`Cli`], resolves them into settings
//! and dispatches to one command. Errors travel up as `anyhow::Error` with context and are
//! printed once by `main`.
//!
//! Exit codes: 0 success (or hits found), 1 a search with no hits, 2 an error, 3 an ingest
//! that finished but skipped some input (named on stderr).

mod analyze;
mod bench;
mod check;
mod count;
mod demo;
mod eval;
mod export;
mod ingest;
mod output;
mod search;
mod segment;
mod serve;
mod show;
mod stats;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

pub use output::{escape_controls, print_json_or, unescape_controls, ColorChoice, Painter};

/// Exit code of a successful run.
pub const EXIT_OK: u8 = 0;
/// Exit code of a search that found nothing.
pub const EXIT_NO_HITS: u8 = 1;
/// Exit code of an error.
pub const EXIT_ERROR: u8 = 2;
/// Exit code of an ingest that completed but skipped some files or lines.
pub const EXIT_PARTIAL: u8 = 3;

#[derive(Debug, Parser)]
#[command(
    name = "bantin",
    version,
    about = "Full-text search for Vietnamese police bulletins"
)]
pub struct Cli {
    /// Index directory.
    #[arg(long, global = true, env = "BANTIN_INDEX", default_value = "index")]
    pub index: PathBuf,

    /// When to colour output: auto means stdout is a terminal and NO_COLOR is unset.
    #[arg(long, global = true, value_enum, default_value_t = ColorArg::Auto)]
    pub color: ColorArg,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Show the tokens the index sees for TEXT: position, byte range, exact and folded form.
    Analyze(analyze::AnalyzeArgs),
    /// Benchmarks: indexing speed against plain tantivy, query latency.
    Bench(bench::BenchArgs),
    /// Verify the index: checksums, segments, every stored bulletin, columns and facets.
    Check(check::CheckArgs),
    /// Count the matches of a search by month, year, province or unit.
    Count(count::CountArgs),
    /// Write N synthetic bulletins as JSON Lines, for benchmarks at any scale.
    Gen(bench::GenArgs),
    /// Index the built-in sample bulletins and run example searches on them.
    Demo(demo::DemoArgs),
    /// Score facts and searches against labels a reader wrote (`eval facts`, `eval search`).
    Eval(eval::EvalArgs),
    /// Build or update the index from bulletin files, directories or JSON Lines.
    Ingest(ingest::IngestArgs),
    /// Search bulletins: ranked hits with snippets, filters and facets.
    Search(search::SearchArgs),
    /// Serve the search page and the HTTP API (read-only) until Ctrl-C.
    Serve(serve::ServeArgs),
    /// Show the words found in TEXT, or score word segmentation against a reference.
    Segment(segment::SegmentArgs),
    /// Show what the index holds: documents, size, dates, provinces, units.
    Stats(stats::StatsArgs),
    /// Show one whole bulletin by id.
    Show(show::ShowArgs),
}

/// Parses the command line and runs one command.
pub fn run() -> anyhow::Result<ExitCode> {
    let args = search::mark_excluded_words(std::env::args_os(), &Cli::command());
    let cli = Cli::parse_from(args);
    let color = ColorChoice::resolve(cli.color);
    let painter = Painter::new(color);
    match cli.command {
        Command::Analyze(args) => analyze::run(&args, color),
        Command::Bench(args) => reading(&cli.index, || bench::run(&args, &cli.index)),
        Command::Check(args) => reading(&cli.index, || check::run(&args, &cli.index, painter)),
        Command::Gen(args) => bench::run_gen(&args),
        Command::Count(args) => reading(&cli.index, || count::run(&args, &cli.index)),
        Command::Demo(args) => demo::run(&args, painter),
        Command::Eval(args) => eval::run(&args, &cli.index),
        Command::Ingest(args) => ingest::run(&args, &cli.index),
        Command::Search(args) => reading(&cli.index, || search::run(&args, &cli.index, painter)),
        Command::Serve(args) => serve::run(&args, &cli.index),
        Command::Segment(args) => segment::run(&args),
        Command::Stats(args) => reading(&cli.index, || stats::run(&args, &cli.index, painter)),
        Command::Show(args) => reading(&cli.index, || show::run(&args, &cli.index, painter)),
    }
}

/// Runs a command that reads the index in `dir`: a panic inside tantivy (damaged files)
/// becomes an error that names the index and how to rebuild it.
fn reading(
    dir: &std::path::Path,
    command: impl FnOnce() -> anyhow::Result<ExitCode>,
) -> anyhow::Result<ExitCode> {
    crate::index::check::catch_panic(command).unwrap_or_else(|detail| {
        Err(crate::index::IndexError::Damaged {
            path: dir.to_owned(),
            detail,
        }
        .into())
    })
}
