//! JSON records parsed into bulletins on worker threads, handed back in the order they were
//! read.
//!
//! Parsing a record and extracting its facts costs far more than finding where its line
//! ends. The reading thread only cuts lines and gathers them into batches; workers turn each
//! batch into [`Parsed`] records; the reading thread hands them on in the order it read
//! them, so what a sink sees (bulletins, skips, warnings, and which of two records under
//! one id comes last) is exactly what reading on one thread gives.
//!
//! At most [`IN_FLIGHT_PER_WORKER`] batches per worker are out at once: a slow sink (an
//! index writer that is merging) holds the reader back instead of filling memory.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::thread::Scope;

use crossbeam_channel::{Receiver, Sender};

use super::Item;

/// A batch is sent when it holds this many bytes of JSON or this many records: large enough
/// that parsing it costs far more than passing it between threads.
const BATCH_BYTES: usize = 256 << 10;
const BATCH_RECORDS: usize = 64;

/// Batches sent and not yet handed on, per worker.
const IN_FLIGHT_PER_WORKER: usize = 4;

/// What one record became: the items to hand on, in order, and the field names (as indexes
/// of the field map) it was read from.
#[derive(Debug, Default)]
pub struct Parsed {
    pub items: Vec<Item>,
    pub used: Vec<usize>,
}

/// Records waiting to be parsed: their JSON one after another, and where each one is.
#[derive(Default)]
struct Batch {
    text: Vec<u8>,
    /// Start and end in `text`, and the line of the input it was read from.
    records: Vec<(usize, usize, usize)>,
}

/// Worker threads parsing the records of one input.
pub struct Pool {
    jobs: Option<Sender<(u64, Batch)>>,
    done: Receiver<(u64, Vec<Parsed>)>,
    filling: Batch,
    /// Batches sent so far; the next one is numbered this.
    sent: u64,
    /// The next batch to hand on.
    next: u64,
    /// Batches parsed before one that was sent earlier.
    early: BTreeMap<u64, Vec<Parsed>>,
    most_in_flight: u64,
}

impl Pool {
    /// Starts `workers` threads in `scope`, parsing the records of the input `name` with
    /// `parse(json, line)`; `None` when the system starts none (the caller parses itself).
    pub fn start<'scope, 'env, F>(
        scope: &'scope Scope<'scope, 'env>,
        workers: usize,
        name: &str,
        parse: F,
    ) -> Option<Pool>
    where
        F: Fn(&[u8], usize) -> Parsed + Send + Sync + 'env,
    {
        let workers = workers.max(1);
        let (jobs, queue) =
            crossbeam_channel::bounded::<(u64, Batch)>(workers * IN_FLIGHT_PER_WORKER);
        let (finished, done) = crossbeam_channel::unbounded();
        let parse = std::sync::Arc::new(parse);
        let mut started = 0;
        for n in 0..workers {
            let queue = queue.clone();
            let finished = finished.clone();
            let parse = std::sync::Arc::clone(&parse);
            let name = name.to_owned();
            let spawned = std::thread::Builder::new()
                .name(format!("bantin-read-{n}"))
                .spawn_scoped(scope, move || {
                    for (number, batch) in queue {
                        let parsed = parse_batch(&name, &batch, &*parse);
                        if finished.send((number, parsed)).is_err() {
                            break;
                        }
                    }
                });
            started += usize::from(spawned.is_ok());
        }
        if started == 0 {
            return None;
        }
        Some(Pool {
            jobs: Some(jobs),
            done,
            filling: Batch::default(),
            sent: 0,
            next: 0,
            early: BTreeMap::new(),
            most_in_flight: (workers * IN_FLIGHT_PER_WORKER) as u64,
        })
    }

    /// Adds one record; returns the records now ready to hand on, in the order read.
    pub fn push(&mut self, json: &[u8], line: usize) -> Vec<Parsed> {
        let start = self.filling.text.len();
        self.filling.text.extend_from_slice(json);
        self.filling
            .records
            .push((start, self.filling.text.len(), line));
        if self.filling.text.len() < BATCH_BYTES && self.filling.records.len() < BATCH_RECORDS {
            return Vec::new();
        }
        self.send();
        let mut ready = Vec::new();
        // Whatever is already parsed, and then, while too many batches are out, the next.
        while let Ok((number, parsed)) = self.done.try_recv() {
            self.early.insert(number, parsed);
        }
        self.take_ready(&mut ready);
        while self.sent - self.next >= self.most_in_flight {
            self.wait_for_next(&mut ready);
        }
        ready
    }

    /// Every record pushed and not yet handed on, in the order read.
    pub fn drain(&mut self) -> Vec<Parsed> {
        if !self.filling.records.is_empty() {
            self.send();
        }
        let mut ready = Vec::new();
        self.take_ready(&mut ready);
        while self.next < self.sent {
            self.wait_for_next(&mut ready);
        }
        ready
    }

    fn send(&mut self) {
        let batch = std::mem::take(&mut self.filling);
        let number = self.sent;
        self.sent += 1;
        let sent = self
            .jobs
            .as_ref()
            .is_some_and(|jobs| jobs.send((number, batch)).is_ok());
        if !sent {
            // No worker is left (each catches its panics, so this does not happen): the
            // batch's records are reported rather than waited for.
            self.early.insert(number, Vec::new());
        }
    }

    fn wait_for_next(&mut self, ready: &mut Vec<Parsed>) {
        while !self.early.contains_key(&self.next) {
            match self.done.recv() {
                Ok((number, parsed)) => {
                    self.early.insert(number, parsed);
                }
                Err(_) => {
                    // Every worker is gone: nothing more will come.
                    for number in self.next..self.sent {
                        self.early.entry(number).or_default();
                    }
                }
            }
        }
        self.take_ready(ready);
    }

    fn take_ready(&mut self, ready: &mut Vec<Parsed>) {
        while let Some(parsed) = self.early.remove(&self.next) {
            ready.extend(parsed);
            self.next += 1;
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        // Closing the queue ends the workers' loops; the scope joins them.
        self.jobs = None;
    }
}

/// Parses every record of `batch`; a record whose parsing panics becomes a skipped record
/// rather than taking the run down.
fn parse_batch(
    name: &str,
    batch: &Batch,
    parse: &(impl Fn(&[u8], usize) -> Parsed + ?Sized),
) -> Vec<Parsed> {
    batch
        .records
        .iter()
        .map(|&(start, end, line)| {
            let json = &batch.text[start..end];
            catch_unwind(AssertUnwindSafe(|| parse(json, line))).unwrap_or_else(|_| Parsed {
                items: vec![Item::Skipped {
                    location: format!("{name}:{line}"),
                    reason: "internal error while reading this record".to_owned(),
                }],
                used: Vec::new(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A batch that takes longer than the ones sent after it is still handed on first.
    #[test]
    fn batches_parsed_out_of_order_are_handed_on_in_order() {
        let parse = |json: &[u8], line: usize| {
            if json == b"slow" {
                std::thread::sleep(std::time::Duration::from_millis(2));
            }
            Parsed {
                items: Vec::new(),
                used: vec![line],
            }
        };
        let lines = 10 * BATCH_RECORDS;
        let mut order = Vec::new();
        std::thread::scope(|scope| {
            let mut pool = Pool::start(scope, 3, "in.jsonl", parse).expect("workers");
            for line in 0..lines {
                // The first record of every third batch is slow.
                let slow = line % (3 * BATCH_RECORDS) == 0;
                let json: &[u8] = if slow { b"slow" } else { b"fast" };
                order.extend(pool.push(json, line));
            }
            order.extend(pool.drain());
        });
        let lines_seen: Vec<usize> = order.iter().flat_map(|p| p.used.clone()).collect();
        assert_eq!(lines_seen, (0..lines).collect::<Vec<_>>());
    }

    /// A record whose parsing panics is skipped with its place named; the rest are read.
    #[test]
    fn a_panic_while_parsing_skips_that_record_only() {
        let parse = |json: &[u8], line: usize| {
            assert!(json != b"bad", "cannot parse");
            Parsed {
                items: Vec::new(),
                used: vec![line],
            }
        };
        let parsed = std::thread::scope(|scope| {
            let mut pool = Pool::start(scope, 2, "in.jsonl", parse).expect("workers");
            let mut parsed = Vec::new();
            for line in 1..=200 {
                let json: &[u8] = if line == 70 { b"bad" } else { b"{}" };
                parsed.extend(pool.push(json, line));
            }
            parsed.extend(pool.drain());
            parsed
        });
        assert_eq!(parsed.len(), 200);
        let skipped: Vec<String> = parsed
            .iter()
            .flat_map(|p| &p.items)
            .map(|item| match item {
                Item::Skipped { location, .. } => location.clone(),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(skipped, ["in.jsonl:70"]);
    }
}
