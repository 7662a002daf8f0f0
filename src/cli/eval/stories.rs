//! `bantin eval stories`: how well ingest groups near-duplicates into stories, against pairs
//! a reader labelled as one story or two (`dev/stories`).
//!
//! The labelled articles are read from the corpus and ingested into an index in memory,
//! exactly as `bantin ingest` writes them; a pair counts as grouped when both got the same
//! story. Pair precision is the share of grouped pairs labelled one story; pair recall the
//! share of pairs labelled one story that were grouped. The table below it gives the same
//! figures for the pairs alone (every pair a candidate) at other similarity thresholds,
//! one of the two thresholds changed at a time, to choose them.

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
use crate::text::signature::{Signature, Thresholds};

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
    let steps = || (5..=15).map(|step| f64::from(step) * 0.05);
    let mut by_same_day: Vec<(f64, Tally)> = steps().map(|t| (t, Tally::default())).collect();
    let mut by_otherwise: Vec<(f64, Tally)> = steps().map(|t| (t, Tally::default())).collect();
    let mut wrong = Vec::new();
    let mut skipped = 0;
    for pair in &pairs {
        let (Some(a), Some(b)) = (signatures.get(&pair.a), signatures.get(&pair.b)) else {
            skipped += 1;
            continue;
        };
        let grouped = stories.contains_key(&pair.a) && stories.get(&pair.a) == stories.get(&pair.b);
        grouping.add(pair.same, grouped);
        for (same_day, tally) in &mut by_same_day {
            let thresholds = Thresholds {
                same_day: *same_day,
                ..SAME_STORY
            };
            tally.add(pair.same, a.same_story(b, thresholds));
        }
        for (otherwise, tally) in &mut by_otherwise {
            let thresholds = Thresholds {
                otherwise: *otherwise,
                ..SAME_STORY
            };
            tally.add(pair.same, a.same_story(b, thresholds));
        }
        if grouped != pair.same {
            wrong.push((pair, a.similarity(b), leads(a, b)));
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
        "grouping at ingest (similarity {:.2} when the leads date the news to one day, {:.2} \
         to days near, else {:.2}): pair precision {:.3}, pair recall {:.3} ({} grouped right, \
         {} wrongly, {} split wrongly)",
        SAME_STORY.same_day,
        SAME_STORY.near_day,
        SAME_STORY.otherwise,
        grouping.precision(),
        grouping.recall(),
        grouping.true_pos,
        grouping.false_pos,
        grouping.false_neg
    )?;
    writeln!(
        out,
        "pairs alone, by threshold:  same day  precision  recall  otherwise  precision  recall"
    )?;
    for ((same_day, by_day), (otherwise, by_text)) in by_same_day.iter().zip(&by_otherwise) {
        writeln!(
            out,
            "                            {same_day:>8.2}  {:>9.3}  {:>6.3}  {otherwise:>9.2}  \
             {:>9.3}  {:>6.3}",
            by_day.precision(),
            by_day.recall(),
            by_text.precision(),
            by_text.recall()
        )?;
    }
    if !args.quiet && !wrong.is_empty() {
        writeln!(out, "wrong (label, similarity, leads):")?;
        for (pair, similarity, leads) in wrong {
            let label = if pair.same { "one story" } else { "two" };
            writeln!(
                out,
                "  {} {}  {label:<9}  {similarity:.2}  {leads}",
                pair.a, pair.b
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// What the leads of a pair say of its day: the same day, days apart, or neither.
fn leads(a: &Signature, b: &Signature) -> &'static str {
    if a.days_apart(b) {
        "days apart"
    } else if a.same_lead_day(b) {
        "same day"
    } else if a.lead_day().is_some() && b.lead_day().is_some() {
        "days near"
    } else {
        "-"
    }
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
