//! A bound on the text waiting for tantivy's indexing threads.
//!
//! `IndexWriter::add_document` hands each document to a channel of up to 10,000 documents,
//! and says nothing of how many the threads have taken. Reading and extraction run faster
//! than one indexing thread, so the channel fills: 10,000 bulletins of a few kilobytes,
//! each holding its text twice (stored body, indexed title and body), are a hundred
//! megabytes that `--memory-mb` does not count.
//!
//! The threads' progress shows in the one analyzer only the `text` field uses: wrapped in
//! [`CountingTokenizer`], it counts the bytes it is given. [`InFlight`] counts the bytes
//! sent to that field and waits while the difference is over [`MAX_IN_FLIGHT_BYTES`].

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tantivy::tokenizer::Tokenizer;

/// Text of the `text` field sent to the writer and not yet analyzed, at most: enough to
/// keep every indexing thread busy (about a thousand bulletins).
pub const MAX_IN_FLIGHT_BYTES: u64 = 8 << 20;

/// How long the analyzed count may stand still before sending goes on regardless: while a
/// thread writes a segment to disk it analyzes nothing, and a writer that has failed never
/// will again (its next `add_document` says so).
const STALL: Duration = Duration::from_secs(2);

/// A tokenizer that counts the bytes of text it is given.
#[derive(Clone)]
pub struct CountingTokenizer<T> {
    inner: T,
    analyzed: Arc<AtomicU64>,
}

impl<T: Tokenizer> Tokenizer for CountingTokenizer<T> {
    type TokenStream<'a> = T::TokenStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        self.analyzed
            .fetch_add(text.len() as u64, Ordering::Relaxed);
        self.inner.token_stream(text)
    }
}

/// Bytes sent to the `text` field against bytes its analyzer has seen.
pub struct InFlight {
    sent: u64,
    analyzed: Arc<AtomicU64>,
    limit: u64,
}

impl InFlight {
    /// A counter of text sent, and `tokenizer` wrapped to count what the writer analyzes:
    /// register the wrapper under the `text` field's analyzer name before the writer is made.
    pub fn new<T: Tokenizer>(tokenizer: T) -> (InFlight, CountingTokenizer<T>) {
        Self::with_limit(tokenizer, MAX_IN_FLIGHT_BYTES)
    }

    fn with_limit<T: Tokenizer>(tokenizer: T, limit: u64) -> (InFlight, CountingTokenizer<T>) {
        let analyzed = Arc::new(AtomicU64::new(0));
        let counting = CountingTokenizer {
            inner: tokenizer,
            analyzed: Arc::clone(&analyzed),
        };
        let in_flight = InFlight {
            sent: 0,
            analyzed,
            limit,
        };
        (in_flight, counting)
    }

    /// Counts `bytes` of `text` field values about to be sent, first waiting while more
    /// than the limit is waiting to be analyzed.
    pub fn send(&mut self, bytes: u64) {
        let mut analyzed = self.analyzed.load(Ordering::Relaxed);
        let mut moved_at = Instant::now();
        while self.sent.saturating_sub(analyzed) > self.limit {
            std::thread::sleep(Duration::from_micros(500));
            let now = self.analyzed.load(Ordering::Relaxed);
            if now != analyzed {
                analyzed = now;
                moved_at = Instant::now();
            } else if moved_at.elapsed() > STALL {
                break;
            }
        }
        self.sent += bytes;
    }

    /// Bytes sent and not yet analyzed.
    pub fn waiting(&self) -> u64 {
        self.sent
            .saturating_sub(self.analyzed.load(Ordering::Relaxed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::tokenizer::{SimpleTokenizer, TokenStream};

    #[test]
    fn the_wrapper_counts_what_it_analyzes() {
        let (mut in_flight, mut tokenizer) = InFlight::new(SimpleTokenizer::default());
        in_flight.send(20);
        assert_eq!(in_flight.waiting(), 20);
        let mut stream = tokenizer.token_stream("Công an tỉnh");
        assert!(stream.advance());
        assert_eq!(in_flight.waiting(), 20 - "Công an tỉnh".len() as u64);
    }

    #[test]
    fn sending_waits_for_the_analyzer_to_catch_up() {
        let (mut in_flight, tokenizer) = InFlight::with_limit(SimpleTokenizer::default(), 10);
        in_flight.send(30);
        let analyzer = std::thread::spawn(move || {
            let mut tokenizer = tokenizer;
            std::thread::sleep(Duration::from_millis(50));
            tokenizer.token_stream(&"x".repeat(25)).advance();
        });
        let started = Instant::now();
        in_flight.send(1);
        assert!(started.elapsed() >= Duration::from_millis(40));
        assert_eq!(in_flight.waiting(), 6);
        analyzer.join().expect("analyzer thread");
    }
}
