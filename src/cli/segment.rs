//! `bantin segment`: the words the index finds in a text, or how well it finds them against
//! a segmented reference (`--score`).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use crate::text::analyze;
use crate::text::segmentation_score::SegmentationScore;
use crate::text::words::{segment_tokens, Segmenter, WordDictionary, WORD_JOINER};

#[derive(Debug, Args)]
pub struct SegmentArgs {
    /// The text to segment; `-` reads standard input. Words print with their syllables
    /// joined by `_`.
    #[arg(required_unless_present = "score")]
    pub text: Option<String>,

    /// Score against a reference segmented with `_` (plain or .xz), e.g.
    /// ../shared/corpus/vietnews-segmented-sample.txt.xz: prints word-boundary precision,
    /// recall and F1.
    #[arg(long, value_name = "FILE", conflicts_with = "text")]
    pub score: Option<PathBuf>,

    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &SegmentArgs) -> anyhow::Result<ExitCode> {
    let mut segmenter = Segmenter::new(WordDictionary::embedded());
    let mut out = std::io::stdout().lock();
    if let Some(path) = &args.score {
        let score = score_file(path, &mut segmenter)?;
        if args.json {
            serde_json::to_writer(&mut out, &score_json(&score))?;
            writeln!(out)?;
        } else {
            writeln!(
                out,
                "{} articles, {} syllables, {} reference words, {} found, {} correct",
                score.articles,
                score.syllables,
                score.reference_words,
                score.found_words,
                score.correct_words
            )?;
            writeln!(
                out,
                "precision {:.4}  recall {:.4}  F1 {:.4}",
                score.precision(),
                score.recall(),
                score.f1()
            )?;
        }
        out.flush()?;
        return Ok(ExitCode::SUCCESS);
    }
    let text = match args.text.as_deref() {
        Some("-") | None => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .context("reading standard input (is it UTF-8?)")?;
            text
        }
        Some(text) => text.to_owned(),
    };
    for line in text.lines() {
        let tokens = analyze(line);
        let words = segment_tokens(line, &tokens, &mut segmenter, false);
        let joined: Vec<String> = words
            .iter()
            .map(|&(a, b)| {
                tokens[a..b]
                    .iter()
                    .map(|t| &line[t.start..t.end])
                    .collect::<Vec<_>>()
                    .join(&WORD_JOINER.to_string())
            })
            .collect();
        if args.json {
            serde_json::to_writer(&mut out, &joined)?;
            writeln!(out)?;
        } else {
            writeln!(out, "{}", joined.join(" "))?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn score_file(path: &Path, segmenter: &mut Segmenter) -> anyhow::Result<SegmentationScore> {
    let file = std::fs::File::open(path).with_context(|| format!("opening {}", path.display()))?;
    let reader: Box<dyn BufRead> = if path.extension().is_some_and(|e| e == "xz") {
        Box::new(BufReader::new(xz2::read::XzDecoder::new(file)))
    } else {
        Box::new(BufReader::new(file))
    };
    SegmentationScore::from_reader(reader, segmenter)
        .with_context(|| format!("reading {} (UTF-8 text, or .xz)", path.display()))
}

fn score_json(score: &SegmentationScore) -> serde_json::Value {
    serde_json::json!({
        "counts": score,
        "precision": score.precision(),
        "recall": score.recall(),
        "f1": score.f1(),
    })
}
