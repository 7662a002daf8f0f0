//! How long each stage of a search took ([`super::SearchResults::stages`]), for `bantin
//! bench query`.

use std::time::Instant;

/// How long each stage of a search took, for `bantin bench query`.
pub(super) struct Stages {
    started: Instant,
    last: Instant,
    pub times: Vec<(&'static str, f64)>,
}

impl Stages {
    pub fn start() -> Stages {
        let now = Instant::now();
        Stages {
            started: now,
            last: now,
            times: Vec::new(),
        }
    }

    /// The stage `name` ends now.
    pub fn mark(&mut self, name: &'static str) {
        let now = Instant::now();
        self.times
            .push((name, (now - self.last).as_secs_f64() * 1000.0));
        self.last = now;
    }

    pub fn total_ms(&self) -> f64 {
        self.started.elapsed().as_secs_f64() * 1000.0
    }
}
