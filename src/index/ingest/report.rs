//! What an ingest run tells: its report, and the events it raises while it runs.

use std::collections::BTreeMap;

/// What an ingest run did.
#[derive(Clone, Debug, Default, serde::Serialize)]
pub struct IngestReport {
    pub added: u64,
    pub updated: u64,
    pub unchanged: u64,
    pub skipped: u64,
    pub warnings: u64,
    /// Bytes of input text read (decompressed).
    pub bytes: u64,
    /// Bytes of the input files read as they are stored (compressed ones compressed): what
    /// a percentage of the inputs' sizes counts.
    pub stored_bytes: u64,
    pub seconds: f64,
    pub commits: u64,
    pub documents_in_index: u64,
    /// For JSON input: role → field name → records read from it (`body` → `content` → 12).
    pub fields: BTreeMap<&'static str, BTreeMap<String, u64>>,
    /// Files an interrupted earlier run left behind, removed before this one.
    pub removed_leftover_files: u64,
    /// Records whose id an earlier record of this same run had, with other text: each
    /// replaced the earlier one (counted in `updated` too). Two bulletins under one id is
    /// most often a feed numbering its records per file or per section.
    pub same_id_in_run: u64,
    /// Of the bulletins added or updated, those extraction found a date, a main province, a
    /// unit for.
    pub found: crate::index::stats::Coverage,
    /// Committed bulletins whose signature was compared with a new bulletin's to find its
    /// story: what near-duplicate grouping costs beyond the batch in memory.
    pub story_comparisons: u64,
    /// Band keys, or ranges of them, looked up in a committed segment's terms to find
    /// those bulletins: a cost that grows with the number of segments.
    pub story_lookups: u64,
    /// Bulletins written again because their story merged with another.
    pub stories_rewritten: u64,
}

impl IngestReport {
    /// Bulletins read successfully, whatever happened to them.
    pub fn documents(&self) -> u64 {
        self.added + self.updated + self.unchanged
    }
}

/// Something the user should hear about while ingest runs.
pub enum Event<'a> {
    Skipped { location: &'a str, reason: &'a str },
    Warning { location: &'a str, message: &'a str },
    Progress(&'a IngestReport),
}
