//! `bantin check`: verifies the index and says what is wrong with it.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::{print_json_or, Painter, EXIT_ERROR};
use crate::index::check::{check, CheckReport};
use crate::index::REBUILD_ADVICE;

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Exit 0 for a sound index, 2 for a damaged one (the problems on stdout).
pub fn run(
    args: &CheckArgs,
    index_dir: &std::path::Path,
    painter: Painter,
) -> anyhow::Result<ExitCode> {
    let report = check(index_dir)?;
    print_json_or(args.json, &report, |out, report| {
        write_report(out, report, painter)
    })?;
    Ok(if report.is_sound() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_ERROR)
    })
}

fn write_report(
    out: &mut impl Write,
    report: &CheckReport,
    painter: Painter,
) -> std::io::Result<()> {
    let path = report.path.display();
    if report.is_sound() {
        return writeln!(
            out,
            "index {path} is sound: {} bulletins in {} segment(s)",
            report.documents, report.segments
        );
    }
    writeln!(
        out,
        "{}",
        painter.strong(&format!(
            "index {path} looks damaged: {} problem(s)",
            report.problems.len()
        ))
    )?;
    for problem in &report.problems {
        writeln!(out, "  {problem}")?;
    }
    writeln!(out, "{REBUILD_ADVICE}")
}
