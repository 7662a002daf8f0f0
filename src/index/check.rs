//! `bantin check`: is the index sound? Checksums of every segment file, every segment opens,
//! every stored bulletin reads back, the columns and facets that `search` and `stats` read.
//!
//! Damaged files make tantivy return errors in some places and panic in others (a flipped
//! byte in a `.fast` file indexes out of bounds in the facet collector; one near the end of
//! a `.store` file is an "Invalid VInt"). [`catch_panic`] turns such a panic into a message,
//! here and at the command boundary, so that no panic reaches the user.

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use tantivy::directory::MmapDirectory;
use tantivy::{Index, TantivyDocument, TantivyError};

use super::read_only::ReaderDirectory;
use super::schema::names;
use super::{stats, BantinIndex, IndexError};

/// What `bantin check` found.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct CheckReport {
    pub path: PathBuf,
    pub segments: usize,
    pub documents: u64,
    /// Every problem found; empty for a sound index.
    pub problems: Vec<String>,
}

impl CheckReport {
    pub fn is_sound(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Verifies the index in `dir`. Errors only when there is no index to check.
pub fn check(dir: &Path) -> Result<CheckReport, IndexError> {
    let mut report = CheckReport {
        path: dir.to_owned(),
        ..CheckReport::default()
    };
    let index = match BantinIndex::open(dir) {
        Ok(index) => index,
        Err(IndexError::Missing(path)) => return Err(IndexError::Missing(path)),
        Err(other) => {
            report
                .problems
                .push(format!("cannot open: {}", chain(&other)));
            return Ok(report);
        }
    };
    report.problems.extend(checksum_problems(&index));
    let searcher = match catch_panic(|| index.searcher()) {
        Ok(Ok(searcher)) => searcher,
        Ok(Err(error)) => {
            report
                .problems
                .push(format!("segments do not open: {}", chain(&error)));
            return Ok(report);
        }
        Err(panic) => {
            report
                .problems
                .push(format!("segments do not open: {panic}"));
            return Ok(report);
        }
    };
    report.segments = searcher.segment_readers().len();
    report.documents = searcher.num_docs();
    for segment in searcher.segment_readers() {
        let name = segment.segment_id().uuid_string();
        if let Err(problem) = flatten(catch_panic(|| check_segment(segment, &index))) {
            report.problems.push(format!("segment {name}: {problem}"));
        }
    }
    if let Err(problem) = flatten(catch_panic(|| {
        stats::index_stats(&index).map_err(|e| chain(&e))
    })) {
        report
            .problems
            .push(format!("facet and date counts: {problem}"));
    }
    Ok(report)
}

/// What tantivy's checksums of the segment files say is wrong: each file that fails its
/// checksum, in name order, or why they could not be read. Empty for sound files.
///
/// The files are read as bytes, so through a directory that does not check stores as they
/// are opened ([`super::store_guard`]): a damaged store is one more checksum mismatch, and
/// the files after it are still checked.
pub fn checksum_problems(index: &BantinIndex) -> Vec<String> {
    let unguarded = MmapDirectory::open(&index.path)
        .map_err(TantivyError::from)
        .and_then(|directory| Index::open(ReaderDirectory::new(directory)));
    let files = unguarded.as_ref().unwrap_or(&index.index);
    match catch_panic(|| files.validate_checksum()) {
        Ok(Ok(damaged)) => {
            let mut damaged: Vec<PathBuf> = damaged.into_iter().collect();
            damaged.sort();
            damaged
                .iter()
                .map(|file| format!("checksum mismatch in {}", file.display()))
                .collect()
        }
        Ok(Err(error)) => vec![format!("checksums unreadable: {error}")],
        Err(panic) => vec![format!("checksums: {panic}")],
    }
}

/// Every stored bulletin of one segment reads back with an id; the date column, the
/// field norms and the facet dictionaries read for every document.
fn check_segment(segment: &tantivy::SegmentReader, index: &BantinIndex) -> Result<(), String> {
    let store = segment
        .get_store_reader(1)
        .map_err(|e| format!("stored bulletins unreadable: {e}"))?;
    let mut stored = 0u32;
    for doc in store.iter::<TantivyDocument>(segment.alive_bitset()) {
        let doc = doc.map_err(|e| format!("stored bulletin {stored} unreadable: {e}"))?;
        if tantivy::schema::document::Document::iter_fields_and_values(&doc)
            .next()
            .is_none()
        {
            return Err(format!("stored bulletin {stored} is empty"));
        }
        stored += 1;
    }
    if stored != segment.num_docs() {
        return Err(format!(
            "{stored} stored bulletins for {} documents",
            segment.num_docs()
        ));
    }
    let dates = segment
        .fast_fields()
        .date(names::DATE)
        .map_err(|e| format!("date column unreadable: {e}"))?;
    let norms = segment
        .get_fieldnorms_reader(index.fields.text)
        .map_err(|e| format!("field norms unreadable: {e}"))?;
    for doc in segment.doc_ids_alive() {
        let _ = dates.first(doc);
        let _ = norms.fieldnorm_id(doc);
    }
    for field in [index.fields.province, index.fields.unit, index.fields.month] {
        let inverted = segment
            .inverted_index(field)
            .map_err(|e| format!("facet dictionary unreadable: {e}"))?;
        let mut terms = inverted
            .terms()
            .stream()
            .map_err(|e| format!("facet dictionary unreadable: {e}"))?;
        while terms.advance() {}
    }
    Ok(())
}

fn flatten<T>(result: Result<Result<T, String>, String>) -> Result<T, String> {
    result.and_then(|inner| inner)
}

/// An error with its causes, as `main` prints it.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

thread_local! {
    /// Set while [`catch_panic`] runs: the panic is reported by the caller, not printed.
    static CATCHING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `work`, turning a panic into its message. The panic message is not printed (once
/// [`quiet_caught_panics`] has run): the caller reports it.
pub fn catch_panic<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    quiet_caught_panics();
    let was_catching = CATCHING.with(|c| c.replace(true));
    let result = panic::catch_unwind(AssertUnwindSafe(work));
    CATCHING.with(|c| c.set(was_catching));
    result.map_err(|payload| {
        payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unexpected failure".to_owned())
    })
}

/// Keeps the default panic report for every panic but those [`catch_panic`] catches.
fn quiet_caught_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !CATCHING.with(Cell::get) {
                default(info);
            }
        }));
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_caught_panic_becomes_its_message() {
        let caught: Result<(), String> = catch_panic(|| panic!("Invalid VInt"));
        assert_eq!(caught, Err("Invalid VInt".to_owned()));
        let index = [1, 2, 3];
        let at = index.len() + usize::from(caught.is_err());
        let caught = catch_panic(|| index.get(at).copied().expect("in bounds"));
        assert_eq!(caught, Err("in bounds".to_owned()));
        assert_eq!(catch_panic(|| 7), Ok(7));
    }
}
