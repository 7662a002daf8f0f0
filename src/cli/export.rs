//! `bantin search ... --format csv|jsonl`: every match of the search, one row each, to
//! standard output; what the rows are is said on standard error when it needs saying.

use std::io::Write;
use std::process::ExitCode;

use super::EXIT_NO_HITS;
use crate::index::BantinIndex;
use crate::search::export::{ExportFormat, ExportSummary, PreparedExport};
use crate::search::SearchRequest;

pub fn run(
    index: &BantinIndex,
    request: &SearchRequest,
    format: ExportFormat,
) -> anyhow::Result<ExitCode> {
    let export = PreparedExport::new(index, request)?;
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let summary = export.write(format, &mut out)?;
    out.flush()?;
    if let Some(note) = fallback_note(&summary) {
        let _ = writeln!(std::io::stderr(), "{note}");
    }
    Ok(if summary.rows > 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_NO_HITS)
    })
}

/// What to say when the query's words matched nothing as words and the rows are the
/// bulletins holding its syllables anywhere.
pub fn fallback_note(summary: &ExportSummary) -> Option<String> {
    summary.fell_back.then(|| {
        format!(
            "no bulletin holds {} as written together; these {} hold the syllables anywhere",
            super::search::quoted_words(&summary.words),
            summary.rows
        )
    })
}
