//! `bantin show ID`: one whole bulletin.

use std::io::Write;
use std::process::ExitCode;

use super::print_json_or;
use anyhow::bail;
use clap::Args;

use super::{escape_controls, unescape_controls, Painter};
use crate::index::document::StoredBulletin;
use crate::index::stats::{find_by_id, newest_ids};
use crate::index::BantinIndex;

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The bulletin's id, as `search` and `stats` print it.
    pub id: String,

    /// Print one JSON object.
    #[arg(long)]
    pub json: bool,
}

pub fn run(
    args: &ShowArgs,
    index_dir: &std::path::Path,
    painter: Painter,
) -> anyhow::Result<ExitCode> {
    let index = BantinIndex::open(index_dir)?;
    let mut found = find_by_id(&index, &args.id)?;
    // Else the id as `search` prints it: control characters escaped (`tin\n42`).
    if let (None, Some(id)) = (&found, unescape_controls(&args.id)) {
        found = find_by_id(&index, &id)?;
    }
    let Some(bulletin) = found else {
        let examples: Vec<String> = newest_ids(&index, 3)?
            .iter()
            .map(|id| escape_controls(id).into_owned())
            .collect();
        bail!(
            "no bulletin with id \"{}\" in {} (ids look like: {})",
            escape_controls(&args.id),
            escape_controls(&index_dir.display().to_string()),
            examples.join(", ")
        );
    };
    print_json_or(args.json, &bulletin, |out, b| {
        write_bulletin(out, b, painter)
    })?;
    Ok(ExitCode::SUCCESS)
}

fn write_bulletin(
    out: &mut impl Write,
    b: &StoredBulletin,
    painter: Painter,
) -> std::io::Result<()> {
    writeln!(out, "{}", painter.strong(&escape_controls(&b.title)))?;
    writeln!(out, "id        {}", escape_controls(&b.id))?;
    writeln!(out, "date      {}", b.date.as_deref().unwrap_or("unknown"))?;
    let province = b
        .province
        .as_ref()
        .map_or("unknown".to_owned(), |p| p.join(" / "));
    writeln!(out, "province  {province}")?;
    let named: Vec<&str> = b
        .provinces
        .iter()
        .filter_map(|p| p.last().map(String::as_str))
        .collect();
    writeln!(out, "names     {}", named.join(", "))?;
    writeln!(
        out,
        "unit      {}",
        b.unit
            .as_ref()
            .map_or("unknown".to_owned(), |u| u.join(" / "))
    )?;
    if let Some(url) = &b.url {
        writeln!(out, "url       {}", escape_controls(url))?;
    }
    if let Some(publisher) = &b.publisher {
        writeln!(out, "publisher {}", escape_controls(publisher))?;
    }
    writeln!(
        out,
        "source    {}",
        painter.dim(&escape_controls(&b.source))
    )?;
    if !b.copies.is_empty() {
        let others = if b.copies.len() == 1 {
            "bulletin"
        } else {
            "bulletins"
        };
        writeln!(
            out,
            "copies    {} other {others} of this story:",
            b.copies.len()
        )?;
        for copy in &b.copies {
            let mut line = vec![
                copy.date
                    .clone()
                    .unwrap_or_else(|| "date unknown".to_owned()),
                escape_controls(copy.publisher.as_deref().unwrap_or(&copy.source)).into_owned(),
                escape_controls(&copy.id).into_owned(),
            ];
            if let Some(url) = &copy.url {
                line.push(escape_controls(url).into_owned());
            }
            writeln!(out, "  {}", line.join(" · "))?;
        }
    }
    writeln!(out)?;
    writeln!(out, "{}", b.body)
}
