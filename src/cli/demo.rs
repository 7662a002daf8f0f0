//! `bantin demo`: the whole pipeline on the built-in sample bulletins, on a fresh machine.
//!
//! Writes the samples as JSON Lines into `DIR/bulletins.jsonl`, ingests them into
//! `DIR/index` through the same path as `bantin ingest`, then runs searches that show
//! accent-insensitive matching, abbreviations, a province across the 2025 merger, facets and
//! snippets. The index stays for the user to try more queries on.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use super::search::write_results;
use super::Painter;
use crate::bulletin::read::collect_inputs;
use crate::index::ingest::{ingest, Event, IngestOptions, DEFAULT_COMMIT_EVERY};
use crate::index::BantinIndex;
use crate::sample::sample_bulletins;
use crate::search::{search, FilterSpec, SearchRequest};

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to write the sample bulletins and their index (replaced on every run).
    #[arg(long, default_value = "index/demo")]
    pub dir: PathBuf,
}

/// One search the demo runs, with what it shows.
struct Showcase {
    what: &'static str,
    args: &'static str,
    query: &'static str,
    filters: FilterSpec,
    limit: usize,
    facets: bool,
}

fn showcases() -> Vec<Showcase> {
    vec![
        Showcase {
            what: "typed without accents, finds `ma túy`, `ma tuý` and decomposed text alike",
            args: "ma tuy --limit 3",
            query: "ma tuy",
            filters: FilterSpec::default(),
            limit: 3,
            facets: false,
        },
        Showcase {
            what: "an abbreviation finds its expansion too",
            args: "ANTT --limit 2",
            query: "ANTT",
            filters: FilterSpec::default(),
            limit: 2,
            facets: false,
        },
        Showcase {
            what: "today's Hưng Yên includes bulletins of old Thái Bình, newest first",
            args: "--province \"hung yen\"",
            query: "",
            filters: FilterSpec {
                province: vec!["hung yen".to_owned()],
                ..Default::default()
            },
            limit: 5,
            facets: false,
        },
        Showcase {
            what: "phrase search with facets over every matching story",
            args: "\"phòng cháy chữa cháy\" --facets --limit 2",
            query: "\"phòng cháy chữa cháy\"",
            filters: FilterSpec::default(),
            limit: 2,
            facets: true,
        },
    ]
}

pub fn run(args: &DemoArgs, painter: Painter) -> anyhow::Result<ExitCode> {
    let index_dir = prepare(&args.dir)?;
    let index = BantinIndex::open_or_create(&index_dir)?;
    let mut problems = Vec::new();
    let inputs = collect_inputs(&[args.dir.join("bulletins.jsonl")], &mut problems, false)?;
    let options = IngestOptions {
        threads: 1,
        memory_mb: 50,
        commit_every: DEFAULT_COMMIT_EVERY,
        max_file_bytes: 1 << 20,
    };
    let mut skipped = Vec::new();
    let report = ingest(&index, &inputs, problems, options, &mut |event| {
        if let Event::Skipped { location, reason } = event {
            skipped.push(format!("{location}: {reason}"));
        }
    })?;
    anyhow::ensure!(
        skipped.is_empty(),
        "sample bulletins were skipped: {}",
        skipped.join("; ")
    );

    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{}",
        painter.strong(&format!(
            "bantin demo: {} sample bulletins indexed in {}",
            report.added,
            index_dir.display()
        ))
    )?;
    writeln!(out)?;
    let index_arg = index_dir.display();
    let bantin = command_name();
    for showcase in showcases() {
        writeln!(out, "{}", painter.dim(&format!("# {}", showcase.what)))?;
        writeln!(
            out,
            "{}",
            painter.strong(&format!(
                "$ {bantin} --index {index_arg} search {}",
                showcase.args
            ))
        )?;
        let request = SearchRequest {
            query: showcase.query.to_owned(),
            matching: crate::search::Matching::Words,
            filters: showcase.filters,
            sort: None,
            limit: showcase.limit,
            offset: 0,
            snippets: 1,
            facets: showcase.facets,
            collapse: true,
        };
        let results = search(&index, &request)?;
        write_results(&mut out, &results, painter)?;
        writeln!(out)?;
    }
    writeln!(
        out,
        "Try your own: {bantin} --index {index_arg} search \"an ninh trật tự\" --year 2024"
    )?;
    writeln!(
        out,
        "Or in a browser: {bantin} --index {index_arg} serve, then open http://127.0.0.1:7700/"
    )?;
    if bantin != "bantin" {
        writeln!(
            out,
            "(`cargo install --path .` puts `bantin` on the PATH: then `bantin --index ...`)"
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// How the reader runs this program: `bantin` when the PATH has it, else through cargo,
/// as the demo is first run from a checkout.
fn command_name() -> &'static str {
    let on_path = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("bantin").is_file()));
    if on_path {
        "bantin"
    } else {
        "cargo run --release --"
    }
}

/// Whether `path` holds sample bulletins as this or an earlier demo wrote them: JSON lines
/// whose ids are all the samples' (`mau-001`...).
fn holds_demo_samples(path: &Path) -> bool {
    let Ok(text) = std::fs::read_to_string(path) else {
        return false;
    };
    let mut lines = text
        .lines()
        .filter(|line| !line.trim().is_empty())
        .peekable();
    lines.peek().is_some()
        && lines.all(|line| {
            serde_json::from_str::<serde_json::Value>(line)
                .ok()
                .and_then(|record| record.get("id")?.as_str().map(|id| id.starts_with("mau-")))
                .unwrap_or(false)
        })
}

/// Recreates `dir` with the samples as JSON Lines; returns where the index goes. What the
/// demo did not write itself is never replaced: another index, or a `bulletins.jsonl` of the
/// user's, is an error.
fn prepare(dir: &Path) -> anyhow::Result<PathBuf> {
    let index_dir = dir.join("index");
    let mut lines = String::new();
    for bulletin in sample_bulletins() {
        lines.push_str(&serde_json::to_string(&bulletin)?);
        lines.push('\n');
    }
    let path = dir.join("bulletins.jsonl");
    if path.exists() && !holds_demo_samples(&path) {
        anyhow::bail!(
            "{} exists and is not the demo's samples; pass --dir with a new directory",
            path.display()
        );
    }
    if index_dir.exists() {
        if !path.exists() {
            anyhow::bail!(
                "{} exists and is not the demo's index; pass --dir with a new directory",
                index_dir.display()
            );
        }
        std::fs::remove_dir_all(&index_dir)
            .with_context(|| format!("removing the old demo index {}", index_dir.display()))?;
    }
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    std::fs::write(&path, lines).with_context(|| format!("writing {}", path.display()))?;
    Ok(index_dir)
}
