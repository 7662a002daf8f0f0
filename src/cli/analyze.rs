//! `bantin analyze`: the tokens the index would see, like Elasticsearch's `_analyze`.

use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::Context;
use clap::Args;

use super::{ColorChoice, Painter};
use crate::text::{analyze, AnalyzedToken};

#[derive(Debug, Args)]
pub struct AnalyzeArgs {
    /// The text to analyze; `-` reads standard input.
    pub text: String,

    /// Print one JSON object per token (JSON Lines).
    #[arg(long)]
    pub json: bool,
}

pub fn run(args: &AnalyzeArgs, color: ColorChoice) -> anyhow::Result<ExitCode> {
    let text = if args.text == "-" {
        let mut text = String::new();
        std::io::stdin()
            .read_to_string(&mut text)
            .context("reading standard input (is it UTF-8?)")?;
        text
    } else {
        args.text.clone()
    };
    let tokens = analyze(&text);
    let mut out = std::io::stdout().lock();
    if args.json {
        for token in &tokens {
            serde_json::to_writer(&mut out, token)?;
            writeln!(out)?;
        }
    } else {
        write_table(&mut out, &tokens, Painter::new(color))?;
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_table(
    out: &mut impl Write,
    tokens: &[AnalyzedToken],
    painter: Painter,
) -> std::io::Result<()> {
    let exact_width = tokens
        .iter()
        .map(|t| t.exact.chars().count())
        .max()
        .unwrap_or(0)
        .max(5);
    writeln!(
        out,
        "{}",
        painter.dim(&format!(
            "{:>4}  {:<11}  {:<exact_width$}  folded",
            "pos", "bytes", "exact"
        ))
    )?;
    for token in tokens {
        let bytes = format!("{}..{}", token.start, token.end);
        let padding = exact_width - token.exact.chars().count();
        writeln!(
            out,
            "{:>4}  {:<11}  {}{}  {}",
            token.position,
            painter.dim(&bytes),
            painter.strong(&token.exact),
            " ".repeat(padding),
            token.folded
        )?;
    }
    Ok(())
}
