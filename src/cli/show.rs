//! `bantin show ID`: one whole bulletin.

use std::io::Write;
use std::process::ExitCode;

use super::print_json_or;
use anyhow::bail;
use clap::Args;

use super::Painter;
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
    let Some(bulletin) = find_by_id(&index, &args.id)? else {
        let examples = newest_ids(&index, 3)?;
        bail!(
            "no bulletin with id {:?} in {} (ids look like: {})",
            args.id,
            index_dir.display(),
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
    writeln!(out, "{}", painter.strong(&b.title))?;
    writeln!(out, "id        {}", super::escape_controls(&b.id))?;
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
        writeln!(out, "url       {url}")?;
    }
    if let Some(publisher) = &b.publisher {
        writeln!(out, "publisher {publisher}")?;
    }
    writeln!(out, "source    {}", painter.dim(&b.source))?;
    writeln!(out)?;
    writeln!(out, "{}", b.body)
}
