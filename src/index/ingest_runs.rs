//! The ingest runs an index has seen, in `ingest-runs.tsv` beside its segments: one line
//! per run that finished, `<started, Unix seconds>\t<started, RFC 3339>\t<bulletins added or
//! changed>`. Every bulletin a run writes is stamped with the run's start (`ingested_at`),
//! so "what the last run brought" is every bulletin ingested at or after the start of the
//! last line, including none when that run found nothing new.
//!
//! Tantivy removes only the files it wrote, so the list stays; an index built before it
//! existed has none, and the last run is then the latest ingest time its bulletins carry.

use std::io::Write;
use std::path::Path;

use super::{BantinIndex, IndexError};

/// The file, in the index directory.
pub const RUNS_FILE: &str = "ingest-runs.tsv";

/// Appends a finished run that started at `started` (Unix seconds) and added or changed
/// `written` bulletins. An index in memory has no directory and keeps no list.
pub fn record_run(index: &BantinIndex, started: i64, written: u64) -> Result<(), IndexError> {
    if !index.path.is_dir() {
        return Ok(());
    }
    let path = index.path.join(RUNS_FILE);
    let io = |source| IndexError::Io {
        path: path.clone(),
        source,
    };
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .map_err(io)?;
    writeln!(
        file,
        "{started}\t{}\t{written}",
        crate::bulletin::date::rfc3339(started)
    )
    .map_err(io)
}

/// The start (Unix seconds) of the last run the list holds, if any.
pub fn last_run_started(dir: &Path) -> Option<i64> {
    let text = std::fs::read_to_string(dir.join(RUNS_FILE)).ok()?;
    text.lines()
        .rev()
        .find_map(|line| line.split('\t').next()?.trim().parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_run_is_the_last_line_that_reads() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(last_run_started(dir.path()), None);
        std::fs::write(
            dir.path().join(RUNS_FILE),
            "1700000000\t2023-11-14T22:13:20Z\t5\n1700000600\t2023-11-14T22:23:20Z\t0\n\n",
        )
        .expect("write");
        assert_eq!(last_run_started(dir.path()), Some(1_700_000_600));
    }
}
