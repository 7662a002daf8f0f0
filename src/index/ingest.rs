//! Writing bulletins into the index: idempotent, batched, and safe to interrupt.
//!
//! - **Identity**: a bulletin is its id (the explicit `id`, else the `url`, else the hash of
//!   its text), and nothing else: not the line a record was read from, not the publisher it
//!   names. A bulletin whose id is indexed with the same content hash is left alone
//!   (unchanged); with another hash it is replaced (updated). Only a plain-text file, where
//!   one file is one bulletin, is also known by its path: new content there replaces what
//!   the path held (an edit); the same content at another path is unchanged (a move or copy).
//! - **Batched**: the writer commits every `commit_every` added or updated documents and at
//!   the end. A commit is atomic in tantivy, so a run killed at any point (Ctrl-C, kill -9,
//!   disk full) leaves the last committed index intact; running it again completes it,
//!   because everything already committed is then unchanged.
//! - **Locked**: tantivy's writer lock makes a second concurrent ingest fail at once.

mod known;
mod report;

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Instant;

use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::tokenizer::Tokenizer;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::document::to_document;
use super::in_flight::InFlight;
use super::stories::Stories;
use super::{tantivy_error, BantinIndex, IndexError};
use crate::bulletin::read::FieldMap;
use crate::bulletin::read::{read_input, FieldUse, Input, Item, ReadOptions, Sink};
use crate::bulletin::{stable_hash, Bulletin};
use known::{Held, Known};
pub use report::{Event, IngestReport};

/// Bulletins written between two commits unless told otherwise: a crash loses at most this
/// many, about half a minute of work. A commit stops every indexing thread until each has
/// written its segment, and the reading thread with them; a commit every 10,000 bulletins
/// left the two cores of a two-thread ingest of the corpus idle for a fifth of the run. The
/// signatures of the bulletins written since the last commit stay in memory (about 600
/// bytes each) to find their copies in the same batch.
pub const DEFAULT_COMMIT_EVERY: usize = 50_000;

/// tantivy's lower bound on the memory of one indexing thread.
pub const MIN_MEMORY_MB_PER_THREAD: usize = 15;

/// How to ingest.
#[derive(Clone, Copy, Debug)]
pub struct IngestOptions {
    pub threads: usize,
    pub memory_mb: usize,
    pub commit_every: usize,
    pub max_file_bytes: u64,
}

/// Ingests `inputs` into `index` with the default field names, reporting `problems` found
/// while collecting them first.
pub fn ingest(
    index: &BantinIndex,
    inputs: &[Input],
    problems: Vec<Item>,
    options: IngestOptions,
    on_event: &mut dyn FnMut(Event),
) -> Result<IngestReport, IndexError> {
    ingest_with_fields(
        index,
        inputs,
        problems,
        options,
        &FieldMap::default(),
        on_event,
    )
}

/// [`ingest`], reading JSON records with `fields`.
pub fn ingest_with_fields(
    index: &BantinIndex,
    inputs: &[Input],
    problems: Vec<Item>,
    options: IngestOptions,
    fields: &FieldMap,
    on_event: &mut dyn FnMut(Event),
) -> Result<IngestReport, IndexError> {
    let analyzer = crate::text::VietnameseWordTokenizer::new();
    ingest_analyzed(index, inputs, problems, options, fields, analyzer, on_event)
}

/// [`ingest_with_fields`] with `analyzer` cutting the `text` field instead of bantin's own
/// analyzer: how a benchmark measures what part of the analysis costs
/// ([`crate::bench::ablation`]). The index then answers searches differently.
pub fn ingest_analyzed<T: Tokenizer>(
    index: &BantinIndex,
    inputs: &[Input],
    problems: Vec<Item>,
    options: IngestOptions,
    fields: &FieldMap,
    analyzer: T,
    on_event: &mut dyn FnMut(Event),
) -> Result<IngestReport, IndexError> {
    // Before the writer exists: its threads take the analyzers registered then.
    let (in_flight, counting) = InFlight::new(analyzer);
    index
        .index
        .tokenizers()
        .register(crate::text::TOKENIZER_NAME, counting);
    ingest_counted(
        index, inputs, problems, options, fields, in_flight, on_event,
    )
}

/// The ingest itself, once the `text` field's analyzer counts what it is given.
fn ingest_counted(
    index: &BantinIndex,
    inputs: &[Input],
    problems: Vec<Item>,
    options: IngestOptions,
    fields: &FieldMap,
    in_flight: InFlight,
    on_event: &mut dyn FnMut(Event),
) -> Result<IngestReport, IndexError> {
    let started = Instant::now();
    super::allocator::return_freed_memory();
    let mut writer: IndexWriter = index
        .index
        .writer_with_num_threads(options.threads, options.memory_mb.saturating_mul(1 << 20))
        .map_err(|err| tantivy_error(&index.path, err))?;
    refuse_damage(index)?;
    // Segments a killed run wrote but never committed: nothing refers to them.
    let removed = writer
        .garbage_collect_files()
        .wait()
        .map_err(|err| tantivy_error(&index.path, err))?
        .deleted_files
        .len() as u64;
    let mut session = Session {
        index,
        writer: &mut writer,
        known: Known::load(index)?,
        report: IngestReport {
            removed_leftover_files: removed,
            ..IngestReport::default()
        },
        pending: 0,
        options,
        now: unix_now(),
        on_event,
        failure: None,
        reported_bytes: 0,
        stored_bytes: Arc::new(AtomicU64::new(0)),
        in_flight,
        stories: Stories::new(index)?,
    };
    // Noted before anything is written: a run killed after committing some bulletins is
    // then still counted by `--new-since last` once a later run finishes.
    super::ingest_runs::record_start(index, session.now)?;
    for problem in problems {
        session.item(problem);
    }
    let stored_bytes = Arc::clone(&session.stored_bytes);
    let read_options = ReadOptions {
        max_bytes: options.max_file_bytes,
        fields,
        stored_bytes: Some(&stored_bytes),
        workers: options.threads,
    };
    for input in inputs {
        read_input(input, read_options, &mut session);
        if let Some(err) = session.failure.take() {
            return Err(err);
        }
    }
    session.commit()?;
    let run_started = session.now;
    session.report.stored_bytes = stored_bytes.load(Ordering::Relaxed);
    if let Some(stories) = &session.stories {
        session.report.story_comparisons = stories.compared;
        session.report.story_lookups = stories.looked_up;
        session.report.stories_rewritten = stories.rewritten;
    }
    let mut report = std::mem::take(&mut session.report);
    drop(session);
    writer
        .wait_merging_threads()
        .map_err(|err| tantivy_error(&index.path, err))?;
    super::ingest_runs::record_run(index, run_started, report.added + report.updated)?;
    index.share_metadata_like_directory();
    report.seconds = started.elapsed().as_secs_f64();
    report.documents_in_index = index.fresh_reader()?.searcher().num_docs();
    Ok(report)
}

/// Refuses to write to an index whose segment files fail their checksums, before anything
/// is written: a merge would copy the damage into a new segment that `check` then calls
/// sound, or panic in tantivy's merge thread. The writer's lock is held, so no other ingest
/// changes the files under the check.
fn refuse_damage(index: &BantinIndex) -> Result<(), IndexError> {
    let problems = super::check::checksum_problems(index);
    if problems.is_empty() {
        return Ok(());
    }
    Err(IndexError::Damaged {
        path: index.path.clone(),
        detail: format!(
            "{} (`bantin check` says more); nothing was written",
            problems.join(", ")
        ),
    })
}

struct Session<'a> {
    index: &'a BantinIndex,
    writer: &'a mut IndexWriter,
    known: Known,
    report: IngestReport,
    pending: usize,
    options: IngestOptions,
    now: i64,
    on_event: &'a mut dyn FnMut(Event),
    /// The first write that failed; reading stops at the end of the input.
    failure: Option<IndexError>,
    /// `report.bytes` when progress was last shown.
    reported_bytes: u64,
    /// Bytes of the input files read as stored, counted by the reader.
    stored_bytes: Arc<AtomicU64>,
    /// Text handed to the writer's threads and not yet analyzed.
    in_flight: InFlight,
    /// `None` for an index made before stories existed.
    stories: Option<Stories>,
}

/// Records replacing one of the same run under the same id are named one by one up to this
/// many; the rest are counted in the summary.
const SAME_ID_WARNINGS: u64 = 10;

/// Progress is shown every this many bulletins or bytes read, whichever comes first.
const PROGRESS_EVERY_DOCUMENTS: u64 = 512;
const PROGRESS_EVERY_BYTES: u64 = 4 << 20;

impl Sink for Session<'_> {
    fn item(&mut self, item: Item) {
        if self.failure.is_some() {
            return;
        }
        match item {
            Item::Bulletin(bulletin) => {
                if let Err(err) = self.write(&bulletin) {
                    self.failure = Some(err);
                } else if self
                    .report
                    .documents()
                    .is_multiple_of(PROGRESS_EVERY_DOCUMENTS)
                {
                    self.progress();
                }
            }
            Item::Skipped { location, reason } => {
                self.report.skipped += 1;
                (self.on_event)(Event::Skipped {
                    location: &location,
                    reason: &reason,
                });
            }
            Item::Warning { location, message } => {
                self.report.warnings += 1;
                (self.on_event)(Event::Warning {
                    location: &location,
                    message: &message,
                });
            }
            Item::FieldsRead(used) => {
                for FieldUse {
                    role,
                    name,
                    records,
                } in used
                {
                    *self
                        .report
                        .fields
                        .entry(role)
                        .or_default()
                        .entry(name)
                        .or_default() += records;
                }
            }
        }
    }

    fn bytes_read(&mut self, bytes: u64) {
        self.report.bytes += bytes;
        if self.report.bytes - self.reported_bytes >= PROGRESS_EVERY_BYTES {
            self.progress();
        }
    }
}

impl Session<'_> {
    fn progress(&mut self) {
        self.reported_bytes = self.report.bytes;
        self.report.stored_bytes = self.stored_bytes.load(Ordering::Relaxed);
        (self.on_event)(Event::Progress(&self.report));
    }

    fn write(&mut self, bulletin: &Bulletin) -> Result<(), IndexError> {
        let fields = &self.index.fields;
        let id_key = stable_hash(&bulletin.id);
        let source_key = stable_hash(&bulletin.source);
        let edited_file = bulletin.whole_file && self.replace_edited_file(bulletin, id_key);
        match self.known.by_id.get(&id_key).copied() {
            Some(held) if held.same_content(bulletin.content_hash) => {
                if edited_file {
                    // The file now holds a bulletin indexed from elsewhere.
                    self.report.updated += 1;
                    self.known.by_source.insert(source_key, id_key);
                    return Ok(());
                }
                self.report.unchanged += 1;
                if !bulletin.whole_file || self.known.by_source.contains_key(&source_key) {
                    return Ok(());
                }
                let Some(old_source) = self.moved_from(bulletin)? else {
                    return Ok(());
                };
                // Moved: the bulletin now lives at its new path, so a later edit there
                // replaces it instead of adding a second copy.
                self.writer
                    .delete_term(Term::from_field_text(fields.id, &bulletin.id));
                self.known.by_source.remove(&stable_hash(&old_source));
            }
            Some(held) => {
                self.writer
                    .delete_term(Term::from_field_text(fields.id, &bulletin.id));
                self.report.updated += 1;
                if held.by_this_run() {
                    self.same_id_in_run(bulletin);
                }
            }
            None if edited_file => self.report.updated += 1,
            None => self.report.added += 1,
        }
        if bulletin.whole_file {
            self.known.by_source.insert(source_key, id_key);
        }
        self.known
            .by_id
            .insert(id_key, Held::written(bulletin.content_hash));
        self.report.found.add(
            bulletin.date.map(|date| date.precision),
            bulletin.province.is_some(),
            bulletin.unit.is_some(),
        );
        // The `text` field holds the title and the body.
        self.in_flight
            .send((bulletin.title.len() + bulletin.body.len()) as u64);
        let mut doc = to_document(bulletin, fields, self.now);
        if let Some(stories) = &mut self.stories {
            stories.assign(self.index, bulletin, id_key, &mut doc)?;
        }
        if let Err(err) = self.writer.add_document(doc) {
            return Err(self.worker_failure(err));
        }
        self.pending += 1;
        if self.pending >= self.options.commit_every {
            self.commit()?;
        }
        Ok(())
    }

    fn same_id_in_run(&mut self, bulletin: &Bulletin) {
        self.report.same_id_in_run += 1;
        if self.report.same_id_in_run > SAME_ID_WARNINGS {
            return;
        }
        self.report.warnings += 1;
        let message = format!(
            "id {:?} was read earlier in this run with other text; this record replaces it",
            bulletin.id
        );
        (self.on_event)(Event::Warning {
            location: &bulletin.source,
            message: &message,
        });
    }

    /// Where a plain-text file indexed from another path was read before, when that path is
    /// gone (the file was moved, not copied).
    fn moved_from(&self, bulletin: &Bulletin) -> Result<Option<String>, IndexError> {
        let err = |source| tantivy_error(&self.index.path, source);
        let fields = &self.index.fields;
        let query = TermQuery::new(
            Term::from_field_text(fields.id, &bulletin.id),
            IndexRecordOption::Basic,
        );
        let searcher = &self.known.searcher;
        let Some(address) = searcher
            .search(&query, &DocSetCollector)
            .map_err(err)?
            .into_iter()
            .next()
        else {
            return Ok(None);
        };
        let doc: TantivyDocument = searcher.doc(address).map_err(err)?;
        let old = doc
            .get_first(fields.source)
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        let moved = !old.is_empty() && old != bulletin.source && !Path::new(old).exists();
        Ok(moved.then(|| old.to_owned()))
    }

    /// One file is one bulletin: when the file's path held other content, that content is
    /// deleted (the file was edited). Records are never replaced by where they were read.
    fn replace_edited_file(&mut self, bulletin: &Bulletin, id_key: u64) -> bool {
        let source_key = stable_hash(&bulletin.source);
        match self.known.by_source.get(&source_key) {
            Some(old_id) if *old_id != id_key => {
                let old_id = *old_id;
                self.writer.delete_term(Term::from_field_text(
                    self.index.fields.source,
                    &bulletin.source,
                ));
                self.known.by_id.remove(&old_id);
                self.known.by_source.remove(&source_key);
                if let Some(stories) = &mut self.stories {
                    stories.deleted(old_id);
                }
                true
            }
            _ => false,
        }
    }

    /// Why the writer stopped taking documents: tantivy only says that a worker thread
    /// died ("An index writer was killed"); joining the workers gives what killed it (a
    /// full disk, say). Nothing is committed here.
    fn worker_failure(&mut self, err: tantivy::TantivyError) -> IndexError {
        let cause = match self.writer.prepare_commit() {
            Err(cause) => cause,
            Ok(_uncommitted) => err,
        };
        tantivy_error(&self.index.path, cause)
    }

    fn commit(&mut self) -> Result<(), IndexError> {
        if self.pending == 0 {
            return Ok(());
        }
        self.writer
            .commit()
            .map_err(|err| tantivy_error(&self.index.path, err))?;
        self.pending = 0;
        self.report.commits += 1;
        // Bulletins whose story took a new name are written again, and committed.
        while let Some(stories) = &mut self.stories {
            if !stories.after_commit(self.index, self.writer)? {
                break;
            }
            self.writer
                .commit()
                .map_err(|err| tantivy_error(&self.index.path, err))?;
            self.report.commits += 1;
        }
        Ok(())
    }
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests;
