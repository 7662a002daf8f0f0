//! The ingest runs an index has seen, in `ingest-runs.tsv` beside its segments: a line
//! when a run starts, `<started, Unix seconds>\t<started, RFC 3339>\t-`, and one when it
//! finishes, `<started>\t<started, RFC 3339>\t<bulletins added or changed>`. Every bulletin
//! a run writes is stamped with the run's start (`ingested_at`).
//!
//! "What the last run brought" ([`new_since_last`]) is every bulletin ingested since the
//! first run that started after the run finished before the last one: the last finished
//! run's bulletins, none when it found nothing new, and those of any run killed between
//! the two, which committed some and never finished. A daily `ingest && search --new-since
//! last` so mails each bulletin once, even after a night whose ingest was interrupted.
//!
//! Tantivy removes only the files it wrote, so the list stays; an index built before it
//! existed has none, and the last run is then the latest ingest time its bulletins carry.

use std::io::Write;
use std::path::Path;

use super::{BantinIndex, IndexError};

/// The file, in the index directory.
pub const RUNS_FILE: &str = "ingest-runs.tsv";

/// Notes that a run started at `started` (Unix seconds), before it writes anything.
pub fn record_start(index: &BantinIndex, started: i64) -> Result<(), IndexError> {
    append(index, started, "-")
}

/// Appends a finished run that started at `started` (Unix seconds) and added or changed
/// `written` bulletins.
pub fn record_run(index: &BantinIndex, started: i64, written: u64) -> Result<(), IndexError> {
    append(index, started, &written.to_string())
}

/// Appends one line. An index in memory has no directory and keeps no list.
fn append(index: &BantinIndex, started: i64, outcome: &str) -> Result<(), IndexError> {
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
        "{started}\t{}\t{outcome}",
        crate::bulletin::date::rfc3339(started)
    )
    .map_err(io)
}

/// One line of the list: a run's start, and whether the line says it finished.
fn lines(text: &str) -> impl Iterator<Item = (i64, bool)> + '_ {
    text.lines().filter_map(|line| {
        let mut columns = line.split('\t');
        let started = columns.next()?.trim().parse().ok()?;
        let finished = columns
            .nth(1)
            .is_some_and(|c| c.trim().parse::<u64>().is_ok());
        Some((started, finished))
    })
}

/// Where `--new-since last` starts (Unix seconds): the start of the first run that started
/// after the run finished before the last finished one (module documentation).
pub fn new_since_last(dir: &Path) -> Option<i64> {
    let text = std::fs::read_to_string(dir.join(RUNS_FILE)).ok()?;
    let runs: Vec<(i64, bool)> = lines(&text).collect();
    let finished: Vec<usize> = (0..runs.len()).filter(|&at| runs[at].1).collect();
    let last = *finished.last()?;
    let after = match finished.len() {
        1 => 0,
        n => finished[n - 2] + 1,
    };
    runs[after..=last].iter().map(|(started, _)| *started).min()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn since(list: &str) -> Option<i64> {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(RUNS_FILE), list).expect("write");
        new_since_last(dir.path())
    }

    #[test]
    fn the_last_run_is_the_last_finished_line_and_the_killed_runs_before_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert_eq!(new_since_last(dir.path()), None);
        // Lists written before runs noted their start: the last finished line.
        assert_eq!(since("100\tx\t5\n600\tx\t0\n\n"), Some(600));
        // A started, finished; B started, killed; C started, finished: B and C.
        let killed_between = "100\tx\t-\n100\tx\t5\n300\tx\t-\n600\tx\t-\n600\tx\t2\n";
        assert_eq!(since(killed_between), Some(300));
        // A killed run before the first finished one counts too.
        assert_eq!(since("300\tx\t-\n600\tx\t-\n600\tx\t2\n"), Some(300));
        // No run finished yet: nothing to say.
        assert_eq!(since("300\tx\t-\n"), None);
    }
}
