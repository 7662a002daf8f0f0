//! `bantin eval`: figures against labels a reader wrote for articles of a JSON Lines corpus.
//! `eval facts`: how well dates and provinces are extracted; `eval search` ([`search`]): how
//! high a search ranks the article a reader is looking for; `eval matches` ([`matches`]): how
//! well the set a search counts holds the word searched for; `eval stories` ([`stories`]):
//! how well ingest groups near-duplicates into stories.

mod matches;
mod search;
mod stories;

use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::{Args, Subcommand};

use crate::bulletin::evaluate::{index_labels, Expected, Scores};
use crate::bulletin::read::FieldMap;
use crate::bulletin::{Bulletin, DateWindow};

#[derive(Debug, Args)]
pub struct EvalArgs {
    #[command(subcommand)]
    pub what: EvalCommand,
}

#[derive(Debug, Subcommand)]
pub enum EvalCommand {
    /// Date precision and coverage, main province accuracy, main provinces invented.
    Facts(FactsArgs),
    /// Known-item search: success@1, success@10 and MRR@10 of labelled queries.
    Search(search::SearchEvalArgs),
    /// Match sets: the share of counted matches that hold a labelled word, and of the
    /// bulletins holding it that are counted.
    Matches(matches::MatchesEvalArgs),
    /// Stories: pair precision and recall of near-duplicate grouping at ingest.
    Stories(stories::StoriesEvalArgs),
}

#[derive(Debug, Args)]
pub struct FactsArgs {
    /// A directory of label files (`*.jsonl`), or one label file.
    #[arg(long, default_value = "dev/facts")]
    pub labels: PathBuf,

    /// The corpus the labels are about: JSON Lines (`.jsonl`, `.jsonl.xz`, `.jsonl.gz`)
    /// with `id`, `title` and `body`.
    #[arg(long, default_value = "../shared/corpus/vietnews.jsonl.xz")]
    pub corpus: PathBuf,

    /// Print only the figures, not the list of misses.
    #[arg(long)]
    pub quiet: bool,
}

pub fn run(args: &EvalArgs, index_dir: &Path) -> anyhow::Result<ExitCode> {
    match &args.what {
        EvalCommand::Facts(args) => run_facts(args),
        EvalCommand::Search(args) => super::reading(index_dir, || search::run(args, index_dir)),
        EvalCommand::Matches(args) => super::reading(index_dir, || matches::run(args, index_dir)),
        EvalCommand::Stories(args) => stories::run(args),
    }
}

fn run_facts(args: &FactsArgs) -> anyhow::Result<ExitCode> {
    let labels = index_labels(read_labels(&args.labels)?);
    if labels.is_empty() {
        bail!("no labels in {}", args.labels.display());
    }
    let articles = read_articles(&args.corpus, &labels)?;
    let window = DateWindow::current();
    let fields = FieldMap::default();
    let mut scores = Scores::default();
    let mut titles = HashMap::new();
    let mut missing = Vec::new();
    let mut ids: Vec<&String> = labels.keys().collect();
    ids.sort();
    for id in ids {
        let expected = &labels[id];
        let Some(Some(line)) = articles.get(id) else {
            missing.push(id.as_str());
            continue;
        };
        let record = fields
            .parse(line.as_bytes())
            .with_context(|| format!("{id} in {}", args.corpus.display()))?;
        let (bulletin, _) = Bulletin::from_record_in(record, id.clone(), &window)
            .with_context(|| format!("{id} in {}", args.corpus.display()))?;
        titles.insert(id.clone(), bulletin.title.clone());
        scores.add(expected, &bulletin);
    }
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "{} labelled articles, {} found in {}",
        labels.len(),
        labels.len() - missing.len(),
        args.corpus.display()
    )?;
    write!(out, "{}", scores.summary())?;
    if !missing.is_empty() {
        writeln!(
            out,
            "not in the corpus, or there twice (skipped): {}",
            missing.join(" ")
        )?;
    }
    if !args.quiet && !scores.misses.is_empty() {
        writeln!(out, "misses (expected -> got):")?;
        for miss in &scores.misses {
            let title: String = titles
                .get(&miss.id)
                .map(|t| t.chars().take(70).collect())
                .unwrap_or_default();
            let basis = miss
                .basis
                .map(|b| format!(" (by {})", b.describe()))
                .unwrap_or_default();
            writeln!(
                out,
                "  {:<8} {}  {} -> {}{basis}  | {title}",
                miss.what, miss.id, miss.expected, miss.got
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Every label of `path` (a file, or the `*.jsonl` files of a directory).
fn read_labels(path: &Path) -> anyhow::Result<Vec<Expected>> {
    read_label_lines(path, Expected::parse)
}

/// Every non-blank line of `path` (a file, or the `*.jsonl` files of a directory in name
/// order) parsed by `parse`; an error names the file and line.
fn read_label_lines<T, E>(
    path: &Path,
    parse: impl Fn(&str) -> Result<T, E>,
) -> anyhow::Result<Vec<T>>
where
    E: std::error::Error + Send + Sync + 'static,
{
    let files = if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(path)
            .with_context(|| format!("cannot read {}", path.display()))?
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .collect();
        files.sort();
        files
    } else {
        vec![path.to_owned()]
    };
    let mut labels = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        for (number, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let label =
                parse(line).with_context(|| format!("{}:{}", file.display(), number + 1))?;
            labels.push(label);
        }
    }
    Ok(labels)
}

/// The labelled articles of the corpus as their JSON lines; `None` for an id the corpus
/// holds twice with different lines (two different articles: a label cannot say which).
/// The same line twice is one article.
fn read_articles<V>(
    corpus: &Path,
    labels: &HashMap<String, V>,
) -> anyhow::Result<HashMap<String, Option<String>>> {
    let mut articles: HashMap<String, Option<String>> = HashMap::new();
    for (number, line) in open_corpus(corpus)?.lines().enumerate() {
        let line = line.with_context(|| format!("{}:{}", corpus.display(), number + 1))?;
        // Cheap test before parsing: most lines are not labelled.
        let Some(id) = id_of(&line) else { continue };
        if !labels.contains_key(id) {
            continue;
        }
        let id = id.to_owned();
        match articles.get_mut(&id) {
            Some(seen) if seen.as_deref() != Some(line.as_str()) => *seen = None,
            Some(_) => {}
            None => {
                articles.insert(id, Some(line));
            }
        }
    }
    Ok(articles)
}

/// The lines of a JSON Lines corpus, decompressed when its name ends in `.xz` or `.gz`.
fn open_corpus(corpus: &Path) -> anyhow::Result<Box<dyn BufRead>> {
    crate::bulletin::read::open_maybe_compressed(corpus)
        .with_context(|| format!("cannot open the corpus {}", corpus.display()))
}

/// The `id` of a corpus line written `{"id": "...", ...}`, without parsing the rest.
fn id_of(line: &str) -> Option<&str> {
    let rest = line.split_once("\"id\"")?.1;
    let rest = rest
        .trim_start()
        .strip_prefix(':')?
        .trim_start()
        .strip_prefix('"')?;
    rest.split_once('"').map(|(id, _)| id)
}
