//! `bantin eval matches`: how well the set a search counts agrees with readers' labels of
//! which bulletins hold a word (`dev/matches`), for each labelled word typed with and
//! without accents, matched as words (the default), as a phrase and as syllables anywhere.
//! See [`crate::search::match_sets`] for the estimate.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use clap::Args;
use serde::Serialize;

use super::read_label_lines;
use super::search::CorpusView;
use crate::cli::print_json_or;
use crate::index::BantinIndex;
use crate::search::match_sets::{
    estimate, parse_candidates, uncounted_sample, WordFigures, WordLabel,
};
use crate::search::{matching_ids, Matching};
use crate::text::fold_words;

#[derive(Debug, Args)]
pub struct MatchesEvalArgs {
    /// The directory holding `labels.jsonl` (`{"word", "id", "stratum", "holds"}` a line)
    /// and `candidates.tsv.gz` (every candidate of each word, by stratum; see
    /// `dev/matches/sample.py`).
    #[arg(long, default_value = "dev/matches")]
    pub labels: PathBuf,

    /// The corpus the index was built from (JSON Lines, `.xz` and `.gz` too): read to find
    /// the ids it holds for two different articles, which no label can be about.
    #[arg(long, default_value = "../shared/corpus/vietnews.jsonl.xz")]
    pub corpus: PathBuf,

    /// Print only the figures over every word, not the figures of each word.
    #[arg(long)]
    pub quiet: bool,

    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

/// How a word is searched for.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
enum Way {
    /// `ma tuy`: the default, words as words.
    Words,
    /// `"ma tuy"`: the syllables together, anywhere.
    Phrase,
    /// `ma tuy --syllables`.
    Syllables,
}

impl Way {
    const ALL: [Way; 3] = [Way::Words, Way::Phrase, Way::Syllables];

    fn name(self) -> &'static str {
        match self {
            Way::Words => "words",
            Way::Phrase => "\"phrase\"",
            Way::Syllables => "--syllables",
        }
    }
}

/// One word searched one way, typed one way.
#[derive(Debug, Serialize)]
struct Row {
    word: String,
    query: String,
    accented: bool,
    way: Way,
    /// `syllables` when the words matched nothing and the search fell back.
    matching: Matching,
    precision: f64,
    recall: f64,
    #[serde(flatten)]
    figures: WordFigures,
    /// Labelled articles counted that do not hold the word, and labelled articles holding
    /// it that are not counted.
    wrongly_counted: Vec<String>,
    missed: Vec<String>,
    /// A fixed sample of the candidates not counted (up to ten of each stratum), labelled or
    /// not: what to read next.
    uncounted_sample: Vec<String>,
}

/// Figures over every word, for one way and one typing.
#[derive(Debug, Serialize)]
struct Total {
    way: Way,
    accented: bool,
    words: usize,
    /// Over every counted match and every bulletin holding a word (micro).
    precision: f64,
    recall: f64,
    /// The mean of each word's figures (macro).
    mean_precision: f64,
    mean_recall: f64,
    /// Words whose precision, or recall, is under 0.98 / 0.99.
    words_under_precision: Vec<String>,
    words_under_recall: Vec<String>,
}

#[derive(Debug, Serialize)]
struct Report {
    index: String,
    labels: String,
    words: usize,
    labelled: usize,
    totals: Vec<Total>,
    rows: Vec<Row>,
}

pub fn run(args: &MatchesEvalArgs, index_dir: &Path) -> anyhow::Result<ExitCode> {
    let labels = read_label_lines(&args.labels.join("labels.jsonl"), WordLabel::parse)?;
    let candidates_path = args.labels.join("candidates.tsv.gz");
    let mut text = String::new();
    std::fs::File::open(&candidates_path)
        .map(flate2::read::GzDecoder::new)
        .and_then(|mut gz| std::io::Read::read_to_string(&mut gz, &mut text))
        .with_context(|| format!("cannot read {}", candidates_path.display()))?;
    let strata = parse_candidates(&text).with_context(|| candidates_path.display().to_string())?;
    if labels.is_empty() || strata.is_empty() {
        bail!("no labels in {}", args.labels.display());
    }
    let index = BantinIndex::open(index_dir)?;
    let corpus = CorpusView::scan(&args.corpus)?;
    let labelled_about = |id: &String| corpus.holds_once(id);
    let mut rows = Vec::new();
    for candidates in &strata {
        let word_labels: Vec<&WordLabel> = labels
            .iter()
            .filter(|l| l.word == candidates.word && labelled_about(&l.id))
            .collect();
        if word_labels.is_empty() {
            continue;
        }
        let folded = fold_words(&candidates.word);
        for (query, accented) in [(candidates.word.clone(), true), (folded, false)] {
            for way in Way::ALL {
                let (text, matching) = match way {
                    Way::Words => (query.clone(), Matching::Words),
                    Way::Phrase => (format!("\"{query}\""), Matching::Words),
                    Way::Syllables => (query.clone(), Matching::Syllables),
                };
                let (used, ids) = matching_ids(&index, &text, matching)
                    .with_context(|| format!("searching {text:?}"))?;
                let counted: HashSet<String> =
                    ids.into_iter().filter(|id| labelled_about(id)).collect();
                // The second sample is a random one of the candidates the default search
                // leaves out: it serves that search only.
                let usable: Vec<&WordLabel> = word_labels
                    .iter()
                    .copied()
                    .filter(|l| way == Way::Words || l.from_whole_stratum())
                    .collect();
                let figures = estimate(candidates, &usable, &counted);
                let labelled = |holds: bool, in_set: bool| -> Vec<String> {
                    usable
                        .iter()
                        .filter(|l| l.holds == holds && counted.contains(&l.id) == in_set)
                        .map(|l| l.id.clone())
                        .collect()
                };
                rows.push(Row {
                    uncounted_sample: uncounted_sample(candidates, &counted, 10),
                    wrongly_counted: labelled(false, true),
                    missed: labelled(true, false),
                    word: candidates.word.clone(),
                    query: text,
                    accented,
                    way,
                    matching: used,
                    precision: figures.precision(),
                    recall: figures.recall(),
                    figures,
                });
            }
        }
    }
    if rows.is_empty() {
        bail!(
            "none of the labelled articles of {} is in the corpus {} once",
            args.labels.display(),
            args.corpus.display()
        );
    }
    let report = Report {
        index: index_dir.display().to_string(),
        labels: args.labels.display().to_string(),
        words: strata.len(),
        labelled: labels.len(),
        totals: totals(&rows),
        rows,
    };
    print_json_or(args.json, &report, |out, report| {
        write_report(out, report, args.quiet)
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Figures over every word, per way and typing.
fn totals(rows: &[Row]) -> Vec<Total> {
    let mut groups: BTreeMap<(Way, bool), Vec<&Row>> = BTreeMap::new();
    for row in rows {
        groups
            .entry((row.way, !row.accented))
            .or_default()
            .push(row);
    }
    groups
        .into_iter()
        .map(|((way, unaccented), rows)| {
            let mut sum = WordFigures::default();
            for row in &rows {
                sum.add(&row.figures);
            }
            let mean =
                |f: fn(&Row) -> f64| rows.iter().map(|r| f(r)).sum::<f64>() / rows.len() as f64;
            let under = |f: fn(&Row) -> f64, bound: f64| {
                rows.iter()
                    .filter(|r| f(r) < bound)
                    .map(|r| r.word.clone())
                    .collect()
            };
            Total {
                way,
                accented: !unaccented,
                words: rows.len(),
                precision: sum.precision(),
                recall: sum.recall(),
                mean_precision: mean(|r| r.precision),
                mean_recall: mean(|r| r.recall),
                words_under_precision: under(|r| r.precision, 0.98),
                words_under_recall: under(|r| r.recall, 0.99),
            }
        })
        .collect()
}

fn write_report(out: &mut impl Write, report: &Report, quiet: bool) -> std::io::Result<()> {
    writeln!(
        out,
        "{} words, {} labelled candidates ({}); index {}",
        report.words, report.labelled, report.labels, report.index
    )?;
    writeln!(
        out,
        "{:<12} {:<16} {:>9} {:>7}  {:>9} {:>7}",
        "matching", "typed", "precision", "recall", "mean prec", "mean rec"
    )?;
    for total in &report.totals {
        writeln!(
            out,
            "{:<12} {:<16} {:>9.4} {:>7.4}  {:>9.4} {:>7.4}",
            total.way.name(),
            typed(total.accented),
            total.precision,
            total.recall,
            total.mean_precision,
            total.mean_recall
        )?;
        if !total.words_under_precision.is_empty() || !total.words_under_recall.is_empty() {
            writeln!(
                out,
                "{:<29} precision < 0.98: {}; recall < 0.99: {}",
                "",
                list(&total.words_under_precision),
                list(&total.words_under_recall)
            )?;
        }
    }
    if quiet {
        return Ok(());
    }
    writeln!(
        out,
        "\n{:<14} {:<16} {:<12} {:>8} {:>9} {:>7}",
        "word", "typed", "matching", "counted", "precision", "recall"
    )?;
    for row in &report.rows {
        let fell_back = if row.way == Way::Words && row.matching == Matching::Syllables {
            " (fell back to syllables)"
        } else {
            ""
        };
        writeln!(
            out,
            "{:<14} {:<16} {:<12} {:>8} {:>9.4} {:>7.4}{fell_back}",
            crate::cli::escape_controls(&row.word),
            typed(row.accented),
            row.way.name(),
            row.figures.counted,
            row.precision,
            row.recall
        )?;
        if row.way == Way::Words {
            for (what, ids) in [
                ("counted, not holding it", &row.wrongly_counted),
                ("holding it, not counted", &row.missed),
            ] {
                if !ids.is_empty() {
                    writeln!(out, "{:<14} {what}: {}", "", ids.join(" "))?;
                }
            }
        }
    }
    Ok(())
}

fn typed(accented: bool) -> &'static str {
    if accented {
        "with accents"
    } else {
        "without accents"
    }
}

fn list(words: &[String]) -> String {
    if words.is_empty() {
        "none".to_owned()
    } else {
        words.join(", ")
    }
}
