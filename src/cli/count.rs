//! `bantin count QUERY --by month|year|province|unit [--by ...]`: how many matches of a
//! search fall in each month, year, province or unit, as a table, CSV or JSON.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::search::{quoted_words, OutputFormat, SearchArgs};
use super::{escape_controls, print_json_or, EXIT_NO_HITS};
use crate::index::BantinIndex;
use crate::search::count::{count, CountBy, CountRow, CountTable};
use crate::search::export::csv_error;
use crate::search::Matching;

#[derive(Debug, Args)]
pub struct CountArgs {
    /// Count by this; several (`--by year --by province`) count every combination.
    #[arg(long, value_enum, required = true)]
    pub by: Vec<CountBy>,

    /// The search: its query, filters and matching, as `bantin search` takes them (the
    /// options that shape a page of hits do not apply).
    #[command(flatten)]
    pub search: SearchArgs,
}

pub fn run(args: &CountArgs, index_dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let index = BantinIndex::open(index_dir)?;
    let request = super::search::request(&args.search);
    let table = count(&index, &request, &args.by)?;
    let mut out = std::io::stdout().lock();
    match (args.search.json, args.search.format) {
        (true, _) => print_json_or(true, &json_table(&table), |_, _| Ok(()))?,
        (false, OutputFormat::Text) => write_text(&mut out, &table)?,
        (false, OutputFormat::Csv) => write_csv(&mut out, &table)?,
        (false, OutputFormat::Jsonl) => write_json_lines(&mut out, &table)?,
    }
    out.flush()?;
    if table.fell_back && (args.search.json || args.search.format != OutputFormat::Text) {
        let _ = writeln!(std::io::stderr(), "{}", fallback_note(&table));
    }
    Ok(if table.total > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NO_HITS)
    })
}

fn fallback_note(table: &CountTable) -> String {
    format!(
        "no bulletin holds {} as written together; these count the syllables anywhere",
        quoted_words(&table.words)
    )
}

/// What a missing value is called in the text table.
fn unknown(by: CountBy) -> &'static str {
    match by {
        CountBy::Month | CountBy::Year => "(no date)",
        CountBy::Province => "(no province)",
        CountBy::Unit => "(no unit)",
    }
}

fn write_text(out: &mut impl Write, table: &CountTable) -> std::io::Result<()> {
    let cells: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| {
            row.values
                .iter()
                .zip(&table.by)
                .map(|(value, by)| match value {
                    Some(value) => escape_controls(value).into_owned(),
                    None => unknown(*by).to_owned(),
                })
                .collect()
        })
        .collect();
    let widths: Vec<usize> = table
        .by
        .iter()
        .enumerate()
        .map(|(at, by)| {
            cells
                .iter()
                .map(|row| row[at].chars().count())
                .chain([by.name().len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let count_width = table.total.to_string().len().max("count".len());
    let line = |out: &mut dyn Write, values: &[String], count: &str| -> std::io::Result<()> {
        for (value, width) in values.iter().zip(&widths) {
            let pad = width - value.chars().count();
            write!(out, "{value}{}  ", " ".repeat(pad))?;
        }
        writeln!(out, "{count:>count_width$}")
    };
    let header: Vec<String> = table.by.iter().map(|by| by.name().to_owned()).collect();
    line(out, &header, "count")?;
    for (values, row) in cells.iter().zip(&table.rows) {
        line(out, values, &row.count.to_string())?;
    }
    if table.fell_back {
        writeln!(out, "{}", fallback_note(table))?;
    }
    let syllables = if table.matching == Matching::Syllables && !table.fell_back {
        " (syllables anywhere)"
    } else {
        ""
    };
    let noun = if table.total == 1 { "match" } else { "matches" };
    let rows = if table.rows.len() == 1 { "row" } else { "rows" };
    writeln!(
        out,
        "{} {noun}{syllables} in {} {rows}",
        table.total,
        table.rows.len()
    )
}

/// A header of the dimensions and `count`, then a row each; an unknown value is empty.
fn write_csv(out: &mut impl Write, table: &CountTable) -> std::io::Result<()> {
    out.write_all(b"\xEF\xBB\xBF")?;
    let mut csv = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out);
    let header = table.by.iter().map(|by| by.name()).chain(["count"]);
    csv.write_record(header).map_err(csv_error)?;
    for row in &table.rows {
        let values = row
            .values
            .iter()
            .map(|value| value.clone().unwrap_or_default())
            .chain([row.count.to_string()]);
        csv.write_record(values).map_err(csv_error)?;
    }
    csv.flush()
}

/// One object a row: `{"month": "2024-07", "province": null, "count": 3}`.
fn write_json_lines(out: &mut impl Write, table: &CountTable) -> std::io::Result<()> {
    for row in &table.rows {
        serde_json::to_writer(&mut *out, &row_object(table, row))?;
        writeln!(out)?;
    }
    Ok(())
}

fn row_object(table: &CountTable, row: &CountRow) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    for (by, value) in table.by.iter().zip(&row.values) {
        object.insert(by.name().to_owned(), serde_json::json!(value));
    }
    object.insert("count".to_owned(), row.count.into());
    object.into()
}

/// The table as one object, its rows as [`write_json_lines`] writes them.
fn json_table(table: &CountTable) -> serde_json::Value {
    let mut value = serde_json::json!({
        "by": table.by,
        "total": table.total,
        "matching": table.matching,
        "rows": table.rows.iter().map(|row| row_object(table, row)).collect::<Vec<_>>(),
    });
    if table.fell_back {
        value["words_total"] = 0.into();
        value["words"] = serde_json::json!(table.words);
    }
    value
}
