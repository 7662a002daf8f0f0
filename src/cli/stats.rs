//! `bantin stats`: what the index holds.

use std::io::Write;
use std::process::ExitCode;

use super::print_json_or;
use clap::Args;

use super::Painter;
use crate::index::stats::{index_stats, Coverage, IndexStats};
use crate::index::BantinIndex;

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,

    /// Show instead the N words (two syllables or more) the most bulletins hold.
    #[arg(long, value_name = "N", num_args = 0..=1, default_missing_value = "30")]
    pub words: Option<usize>,
}

pub fn run(
    args: &StatsArgs,
    index_dir: &std::path::Path,
    painter: Painter,
) -> anyhow::Result<ExitCode> {
    let index = BantinIndex::open(index_dir)?;
    if let Some(limit) = args.words {
        let mut words = crate::index::words::frequent_words(&index, limit)?;
        // Folded terms name a word in lowercase: show it as its bulletins write it.
        for word in &mut words {
            word.word = crate::search::written::as_written(&index, &word.word)?;
        }
        print_json_or(args.json, &words, |out, words| {
            for word in words {
                writeln!(out, "{:<32} {:>8}", word.word, word.bulletins)?;
            }
            Ok(())
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let stats = index_stats(&index)?;
    print_json_or(args.json, &stats, |out, stats| {
        write_stats(out, stats, &index, painter)
    })?;
    Ok(ExitCode::SUCCESS)
}

fn write_stats(
    out: &mut impl Write,
    stats: &IndexStats,
    index: &BantinIndex,
    painter: Painter,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{}",
        painter.strong(&format!("index {}", index.path.display()))
    )?;
    writeln!(out, "  documents   {}", stats.documents)?;
    if let Some(stories) = stats.stories {
        writeln!(
            out,
            "  stories     {stories} (near-duplicate bulletins counted once)"
        )?;
    }
    writeln!(
        out,
        "  on disk     {:.1} MB in {} segment(s)",
        stats.size_bytes as f64 / 1e6,
        stats.segments
    )?;
    if stats.uncommitted_bytes > 0 {
        writeln!(
            out,
            "  uncommitted {:.1} MB of it (an ingest writing now, or one interrupted: the \
             next ingest removes them)",
            stats.uncommitted_bytes as f64 / 1e6
        )?;
    }
    match (&stats.first_date, &stats.last_date) {
        (Some(first), Some(last)) => writeln!(
            out,
            "  dates       {first} to {last} ({} undated)",
            stats.undated
        )?,
        _ => writeln!(out, "  dates       none known")?,
    }
    if stats.documents > 0 {
        writeln!(out, "  found       {}", coverage(&stats.found))?;
    }
    writeln!(
        out,
        "{}",
        painter.strong("provinces (today / as named then)")
    )?;
    for count in &stats.provinces {
        let indent = "  ".repeat(count.path.len());
        let name = count.path.last().map_or("", String::as_str);
        let width = 32 - indent.len();
        writeln!(out, "{indent}{name:<width$} {:>7}", count.count)?;
    }
    writeln!(out, "{}", painter.strong("units"))?;
    for count in &stats.units {
        writeln!(out, "  {:<40} {:>7}", count.path.join(" / "), count.count)?;
    }
    writeln!(out, "{}", painter.strong("years"))?;
    for count in &stats.years {
        writeln!(out, "  {:<8} {:>7}", count.path.join("/"), count.count)?;
    }
    Ok(())
}

/// What extraction found, as a filter sees it: `date 812 (81 %: 700 to the day, 80 to the
/// month, 32 to the year), main province 903 (90 %), unit 640 (64 %)`.
pub fn coverage(found: &Coverage) -> String {
    let share = |n: u64| (n * 100).checked_div(found.bulletins).unwrap_or(0);
    format!(
        "date {} ({} %: {} to the day, {} to the month, {} to the year), main province {} \
         ({} %), unit {} ({} %)",
        found.dated(),
        share(found.dated()),
        found.dated_day,
        found.dated_month,
        found.dated_year,
        found.with_province,
        share(found.with_province),
        found.with_unit,
        share(found.with_unit),
    )
}
