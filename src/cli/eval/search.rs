//! `bantin eval search`: success@1, success@10 and MRR@10 of labelled known-item queries,
//! run against an index built from the corpus the labels are about.
//!
//! Only a query whose article is surely the one labelled is scored: its id must be in the
//! index, and the corpus must hold that id once (or the same text twice). An id the corpus
//! holds for two different articles is ambiguous: the index keeps one of them, and nobody
//! can say which the reader meant. The corpus is also where exact copies of a labelled
//! article under other ids are found (the same fields apart from the id): a hit on one
//! counts as finding the article.

use std::collections::{BTreeSet, HashMap};
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args;
use serde::Serialize;

use super::{open_corpus, read_label_lines};
use crate::bulletin::stable_hash;
use crate::cli::{escape_controls, print_json_or};
use crate::index::stats::find_by_id;
use crate::index::BantinIndex;
use crate::search::evaluate::{run_query, Figures, KnownItem, Outcome, DEPTH};

#[derive(Debug, Args)]
pub struct SearchEvalArgs {
    /// A directory of label files (`*.jsonl`), or one label file: `{"id", "query", "note"}`
    /// a line.
    #[arg(long, default_value = "dev/search")]
    pub labels: PathBuf,

    /// The corpus the index was built from (JSON Lines, `.xz` and `.gz` too): read to find
    /// ids it holds for two different articles.
    #[arg(long, default_value = "../shared/corpus/vietnews.jsonl.xz")]
    pub corpus: PathBuf,

    /// Print only the figures, not the list of misses.
    #[arg(long)]
    pub quiet: bool,

    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// Everything one run found.
#[derive(Debug, Serialize)]
struct Report {
    index: String,
    documents: u64,
    labels: String,
    /// Labelled queries, and the distinct articles they are about.
    labelled_queries: usize,
    labelled_articles: usize,
    /// Queries scored: `figures.queries`.
    figures: Figures,
    with_accents: Figures,
    without_accents: Figures,
    /// Labelled ids the index does not hold (their queries are not scored).
    missing: Vec<String>,
    missing_queries: usize,
    /// Labelled ids the corpus holds for two different articles (not scored).
    ambiguous: Vec<String>,
    ambiguous_queries: usize,
    /// Labelled articles the corpus also holds under other ids (a hit on those counts).
    with_copies: usize,
    /// Scored queries whose article is not first.
    misses: Vec<Outcome>,
}

pub fn run(args: &SearchEvalArgs, index_dir: &Path) -> anyhow::Result<ExitCode> {
    let items = read_label_lines(&args.labels, KnownItem::parse)?;
    if items.is_empty() {
        bail!("no labels in {}", args.labels.display());
    }
    let index = BantinIndex::open(index_dir)?;
    let ids: BTreeSet<&str> = items.iter().map(|item| item.id.as_str()).collect();
    let corpus = CorpusView::scan(&args.corpus)?;
    let mut ambiguous = BTreeSet::new();
    let mut missing = BTreeSet::new();
    let mut copies = HashMap::new();
    for &id in &ids {
        if corpus.ambiguous.contains(id) {
            ambiguous.insert(id.to_owned());
        } else if find_by_id(&index, id)?.is_none() {
            missing.insert(id.to_owned());
        } else {
            copies.insert(id, corpus.copies_of(id));
        }
    }
    let mut outcomes = Vec::new();
    for item in &items {
        let Some(copies) = copies.get(item.id.as_str()) else {
            continue;
        };
        outcomes.push(run_query(&index, item, copies)?);
    }
    if outcomes.is_empty() {
        bail!(
            "none of the {} labelled articles of {} can be scored in the index {}: build it \
             from the corpus they are about (bantin ingest {})",
            ids.len(),
            args.labels.display(),
            index_dir.display(),
            args.corpus.display()
        );
    }
    let count_of = |skipped: &BTreeSet<String>| {
        items
            .iter()
            .filter(|item| skipped.contains(&item.id))
            .count()
    };
    let report = Report {
        index: index_dir.display().to_string(),
        documents: index.searcher()?.num_docs(),
        labels: args.labels.display().to_string(),
        labelled_queries: items.len(),
        labelled_articles: ids.len(),
        figures: Figures::of(&outcomes),
        with_accents: Figures::of(outcomes.iter().filter(|o| !o.unaccented)),
        without_accents: Figures::of(outcomes.iter().filter(|o| o.unaccented)),
        missing_queries: count_of(&missing),
        missing: missing.into_iter().collect(),
        ambiguous_queries: count_of(&ambiguous),
        ambiguous: ambiguous.into_iter().collect(),
        with_copies: copies.values().filter(|c| !c.is_empty()).count(),
        misses: outcomes.into_iter().filter(|o| o.rank != Some(1)).collect(),
    };
    print_json_or(args.json, &report, |out, report| {
        write_report(out, report, args.quiet)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// What the corpus says about ids: which it holds for two different articles, and which
/// articles it holds under several ids.
#[derive(Debug, Default)]
pub(super) struct CorpusView {
    /// Every id held once (or always with the same fields): its content hash.
    content_of: HashMap<String, u64>,
    ambiguous: BTreeSet<String>,
    /// Content hash: the ids holding it.
    ids_of: HashMap<u64, Vec<String>>,
}

impl CorpusView {
    /// Reads every line of `corpus`; lines that are not JSON objects with a string `id` are
    /// passed over (they cannot be a labelled article nor its copy).
    pub(super) fn scan(corpus: &Path) -> anyhow::Result<CorpusView> {
        let mut view = CorpusView::default();
        for (number, line) in open_corpus(corpus)?.lines().enumerate() {
            let line = line.with_context(|| format!("{}:{}", corpus.display(), number + 1))?;
            let Ok(mut record) = serde_json::from_str::<serde_json::Map<_, _>>(&line) else {
                continue;
            };
            let Some(serde_json::Value::String(id)) = record.remove("id") else {
                continue;
            };
            let content = stable_hash(serde_json::Value::Object(record).to_string());
            view.add(id, content);
        }
        Ok(view)
    }

    fn add(&mut self, id: String, content: u64) {
        match self.content_of.get(&id) {
            Some(&seen) if seen == content => return,
            Some(_) => {
                self.ambiguous.insert(id.clone());
                return;
            }
            None => {}
        }
        self.content_of.insert(id.clone(), content);
        self.ids_of.entry(content).or_default().push(id);
    }

    /// Whether the corpus holds `id` for one article (a label can be about it).
    pub(super) fn holds_once(&self, id: &str) -> bool {
        self.content_of.contains_key(id) && !self.ambiguous.contains(id)
    }

    /// Other ids that hold exactly the article `id` holds (and hold nothing else).
    fn copies_of(&self, id: &str) -> Vec<String> {
        let Some(content) = self.content_of.get(id) else {
            return Vec::new();
        };
        self.ids_of[content]
            .iter()
            .filter(|other| *other != id && !self.ambiguous.contains(*other))
            .cloned()
            .collect()
    }
}

fn write_report(out: &mut impl Write, report: &Report, quiet: bool) -> std::io::Result<()> {
    let figures = &report.figures;
    writeln!(
        out,
        "{} queries about {} articles ({}); {} scored against {} ({} documents)",
        report.labelled_queries,
        report.labelled_articles,
        report.labels,
        figures.queries,
        report.index,
        report.documents
    )?;
    writeln!(
        out,
        "success@1   {:.3}  ({}/{})",
        figures.success_at_1, figures.at_1, figures.queries
    )?;
    writeln!(
        out,
        "success@{DEPTH}  {:.3}  ({}/{})",
        figures.success_at_10, figures.at_10, figures.queries
    )?;
    writeln!(out, "MRR@{DEPTH}      {:.3}", figures.mrr_at_10)?;
    for (name, part) in [
        ("with accents", &report.with_accents),
        ("without accents", &report.without_accents),
    ] {
        writeln!(
            out,
            "  {name:<16} {:>4} queries  success@1 {:.3}  success@{DEPTH} {:.3}  MRR@{DEPTH} {:.3}",
            part.queries, part.success_at_1, part.success_at_10, part.mrr_at_10
        )?;
    }
    if !report.missing.is_empty() {
        writeln!(
            out,
            "not in the index ({} queries skipped): {}",
            report.missing_queries,
            escape_controls(&report.missing.join(" "))
        )?;
    }
    if !report.ambiguous.is_empty() {
        writeln!(
            out,
            "held twice in the corpus with different texts ({} queries skipped): {}",
            report.ambiguous_queries,
            escape_controls(&report.ambiguous.join(" "))
        )?;
    }
    if report.with_copies > 0 {
        writeln!(
            out,
            "{} labelled articles are also in the corpus under other ids (exact copies): a \
             hit on a copy counts",
            report.with_copies
        )?;
    }
    if quiet || report.misses.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "misses ({}): rank, labelled id, query -> the first hit",
        report.misses.len()
    )?;
    for miss in &report.misses {
        writeln!(out, "  {}", miss_line(miss))?;
    }
    Ok(())
}

/// One miss: where the article ranked, the query, and what came first instead.
fn miss_line(miss: &Outcome) -> String {
    let rank = match (miss.rank, &miss.refused) {
        (Some(rank), _) => format!("rank {rank}"),
        (None, Some(_)) => "refused".to_owned(),
        (None, None) => format!("not in top {DEPTH}"),
    };
    let first = match (&miss.top, &miss.refused) {
        (_, Some(why)) => why.clone(),
        (Some(top), None) => {
            let title: String = top.title.chars().take(70).collect();
            format!("{} {title}", top.id)
        }
        (None, None) => "no hits".to_owned(),
    };
    let copy = miss
        .found_copy
        .as_ref()
        .map(|copy| format!(" (its copy {copy})"))
        .unwrap_or_default();
    escape_controls(&format!(
        "{rank:<14} {}{copy}  {:?} -> {first}",
        miss.id, miss.query
    ))
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::evaluate::TopHit;

    fn miss(rank: Option<usize>, top: Option<(&str, &str)>, refused: Option<&str>) -> Outcome {
        Outcome {
            id: "v/1".into(),
            query: "ma tuy".into(),
            note: None,
            rank,
            found_copy: None,
            top: top.map(|(id, title)| TopHit {
                id: id.into(),
                title: title.into(),
            }),
            refused: refused.map(str::to_owned),
            unaccented: true,
        }
    }

    #[test]
    fn copies_are_other_ids_of_the_same_content_and_never_ambiguous_ones() {
        let mut corpus = CorpusView::default();
        corpus.add("a".into(), 1);
        corpus.add("b".into(), 1);
        corpus.add("c".into(), 1);
        corpus.add("c".into(), 2);
        corpus.add("a".into(), 1);
        corpus.add("d".into(), 3);
        assert_eq!(corpus.copies_of("a"), ["b"]);
        assert_eq!(corpus.copies_of("b"), ["a"]);
        assert!(corpus.copies_of("d").is_empty());
        assert!(corpus.copies_of("nowhere").is_empty());
        assert_eq!(corpus.ambiguous.iter().collect::<Vec<_>>(), ["c"]);
        assert!(
            !corpus.ambiguous.contains("a"),
            "the same content twice is one article"
        );
    }

    #[test]
    fn a_miss_says_where_the_article_ranked_and_what_came_first() {
        assert_eq!(
            miss_line(&miss(Some(3), Some(("v/2", "Bắt giữ")), None)),
            r#"rank 3         v/1  "ma tuy" -> v/2 Bắt giữ"#
        );
        assert_eq!(
            miss_line(&miss(None, Some(("v/2", "Bắt giữ")), None)),
            r#"not in top 10  v/1  "ma tuy" -> v/2 Bắt giữ"#
        );
        assert_eq!(
            miss_line(&miss(None, None, None)),
            r#"not in top 10  v/1  "ma tuy" -> no hits"#
        );
        assert_eq!(
            miss_line(&miss(None, None, Some("invalid query"))),
            r#"refused        v/1  "ma tuy" -> invalid query"#
        );
        let mut found_as_copy = miss(Some(2), Some(("v/2", "Bắt giữ")), None);
        found_as_copy.found_copy = Some("v/9".into());
        assert_eq!(
            miss_line(&found_as_copy),
            r#"rank 2         v/1 (its copy v/9)  "ma tuy" -> v/2 Bắt giữ"#
        );
    }
}
