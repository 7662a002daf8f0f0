//! `bantin eval stories`: how well ingest groups near-duplicates into stories, against pairs
//! a reader labelled as one story or two (`dev/stories`).
//!
//! The labelled articles are read from the corpus and ingested into an index in memory,
//! exactly as `bantin ingest` writes them; a pair counts as grouped when both got the same
//! story. Pair precision is the share of grouped pairs labelled one story; pair recall the
//! share of pairs labelled one story that were grouped. The table below it gives the same
//! figures for the pairs alone at other similarity thresholds, to choose one.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args;

use super::{read_articles, read_label_lines};
use crate::bulletin::read::FieldMap;
use crate::bulletin::read::Input;
use crate::bulletin::{Bulletin, DateWindow};
use crate::index::ingest::{ingest, IngestOptions, DEFAULT_COMMIT_EVERY};
use crate::index::schema::names;
use crate::index::stories::SAME_STORY;
use crate::index::BantinIndex;
use crate::text::signature::Signature;

#[derive(Debug, Args)]
pub struct StoriesEvalArgs {
    /// A directory of label files (`*.jsonl`), or one label file: `{"a", "b", "same"}`.
    #[arg(long, default_value = "dev/stories")]
    pub labels: PathBuf,

    /// The corpus the labels are about: JSON Lines (`.jsonl`, `.jsonl.xz`, `.jsonl.gz`)
    /// with `id`, `title` and `body`.
    #[arg(long, default_value = "../shared/corpus/vietnews.jsonl.xz")]
    pub corpus: PathBuf,

    /// Print only the figures, not the pairs grouped or split wrongly.
    #[arg(long)]
    pub quiet: bool,
}

/// One labelled pair.
#[derive(Debug, serde::Deserialize)]
struct Pair {
    a: String,
    b: String,
    /// One story (a copy, or an edited copy of the same news) or two.
    same: bool,
}

#[derive(Debug, thiserror::Error)]
#[error("not a pair label `{{\"a\": ID, \"b\": ID, \"same\": true|false}}`: {0}")]
struct BadPair(#[from] serde_json::Error);

/// Counts of pairs by label and by outcome.
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    true_pos: usize,
    false_pos: usize,
    false_neg: usize,
}

impl Tally {
    fn add(&mut self, same: bool, grouped: bool) {
        match (same, grouped) {
            (true, true) => self.true_pos += 1,
            (false, true) => self.false_pos += 1,
            (true, false) => self.false_neg += 1,
            (false, false) => {}
        }
    }

    fn precision(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_pos)
    }

    fn recall(&self) -> f64 {
        ratio(self.true_pos, self.true_pos + self.false_neg)
    }
}

fn ratio(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        1.0
    } else {
        part as f64 / whole as f64
    }
}

pub fn run(args: &StoriesEvalArgs) -> anyhow::Result<ExitCode> {
    let pairs = read_label_lines(&args.labels, |line| {
        serde_json::from_str::<Pair>(line).map_err(BadPair)
    })?;
    if pairs.is_empty() {
        bail!("no labels in {}", args.labels.display());
    }
    let wanted: HashMap<String, ()> = pairs
        .iter()
        .flat_map(|pair| [(pair.a.clone(), ()), (pair.b.clone(), ())])
        .collect();
    let articles = read_articles(&args.corpus, &wanted)?;
    let found: Vec<(&String, &String)> = articles
        .iter()
        .filter_map(|(id, line)| line.as_ref().map(|line| (id, line)))
        .collect();
    let stories = ingest_stories(found.iter().map(|(_, line)| line.as_str()))?;
    let signatures = signatures(&found)?;
    let mut grouping = Tally::default();
    let mut by_threshold: Vec<(f64, Tally)> = (6..=19)
        .map(|step| (f64::from(step) * 0.05, Tally::default()))
        .collect();
    let mut wrong = Vec::new();
    let mut skipped = 0;
    for pair in &pairs {
        let (Some(a), Some(b)) = (signatures.get(&pair.a), signatures.get(&pair.b)) else {
            skipped += 1;
            continue;
        };
        let grouped = stories.contains_key(&pair.a) && stories.get(&pair.a) == stories.get(&pair.b);
        grouping.add(pair.same, grouped);
        for (threshold, tally) in &mut by_threshold {
            tally.add(pair.same, a.same_story(b, *threshold));
        }
        if grouped != pair.same {
            wrong.push((pair, a.similarity(b), a.days_apart(b)));
        }
    }
    let mut out = std::io::stdout().lock();
    let same = pairs.iter().filter(|p| p.same).count();
    writeln!(
        out,
        "{} labelled pairs ({same} one story, {} two), {skipped} skipped (an article not in \
         {} once)",
        pairs.len(),
        pairs.len() - same,
        args.corpus.display()
    )?;
    writeln!(
        out,
        "grouping at ingest (similarity {SAME_STORY:.2}): pair precision {:.3}, pair recall \
         {:.3} ({} grouped right, {} wrongly, {} split wrongly)",
        grouping.precision(),
        grouping.recall(),
        grouping.true_pos,
        grouping.false_pos,
        grouping.false_neg
    )?;
    writeln!(
        out,
        "pairs alone, by threshold:  threshold  precision  recall"
    )?;
    for (threshold, tally) in &by_threshold {
        writeln!(
            out,
            "                            {threshold:>9.2}  {:>9.3}  {:>6.3}",
            tally.precision(),
            tally.recall()
        )?;
    }
    if !args.quiet && !wrong.is_empty() {
        writeln!(out, "wrong (label, similarity, leads days apart):")?;
        for (pair, similarity, apart) in wrong {
            let label = if pair.same { "one story" } else { "two" };
            writeln!(
                out,
                "  {} {}  {label:<9}  {similarity:.2}  {apart}",
                pair.a, pair.b
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The story of every article, by id, after ingesting `lines` into an index in memory.
fn ingest_stories<'a>(
    lines: impl Iterator<Item = &'a str>,
) -> anyhow::Result<HashMap<String, u64>> {
    let input =
        std::env::temp_dir().join(format!("bantin-eval-stories-{}.jsonl", std::process::id()));
    let mut text = String::new();
    for line in lines {
        text.push_str(line);
        text.push('\n');
    }
    std::fs::write(&input, text).with_context(|| format!("cannot write {}", input.display()))?;
    let index = BantinIndex::create_in_ram();
    let options = IngestOptions {
        threads: 1,
        memory_mb: 64,
        commit_every: DEFAULT_COMMIT_EVERY,
        max_file_bytes: u64::MAX,
    };
    let ingested = ingest(
        &index,
        &[Input::JsonLines(input.clone())],
        Vec::new(),
        options,
        &mut |_| {},
    );
    let _ = std::fs::remove_file(&input);
    ingested?;
    let searcher = index.index.reader()?.searcher();
    let mut stories = HashMap::new();
    let mut id = String::new();
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let Some(ids) = fast.str(names::ID)? else {
            continue;
        };
        let story = fast.u64(names::STORY)?;
        for doc in segment.doc_ids_alive() {
            let (Some(ord), Some(story)) = (ids.term_ords(doc).next(), story.first(doc)) else {
                continue;
            };
            id.clear();
            ids.ord_to_str(ord, &mut id)?;
            stories.insert(id.clone(), story);
        }
    }
    Ok(stories)
}

/// The signature of every article, by id, from its title and body as ingest reads them.
fn signatures(found: &[(&String, &String)]) -> anyhow::Result<HashMap<String, Signature>> {
    let fields = FieldMap::default();
    let window = DateWindow::current();
    let mut signatures = HashMap::new();
    for (id, line) in found {
        let record = fields
            .parse(line.as_bytes())
            .with_context(|| id.to_string())?;
        let (bulletin, _) = Bulletin::from_record_in(record, (*id).clone(), &window)
            .with_context(|| id.to_string())?;
        signatures.insert(
            (*id).clone(),
            Signature::of(&bulletin.title, &bulletin.body),
        );
    }
    Ok(signatures)
}
