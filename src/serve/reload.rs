//! Picking up commits made by `bantin ingest` in another process: tantivy rewrites
//! `meta.json` on every commit, so a change of its modification time or size means there
//! is something new to read. Checking is one `stat` every [`POLL`].

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use super::AppState;

/// How often `meta.json` is looked at: a new bulletin is searchable within this much of its
/// commit.
pub const POLL: Duration = Duration::from_millis(500);

/// What identifies one committed state of the index.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
}

fn stamp(index_dir: &Path) -> Option<Stamp> {
    let meta = std::fs::metadata(index_dir.join("meta.json")).ok()?;
    Some(Stamp {
        modified: meta.modified().ok(),
        len: meta.len(),
    })
}

/// Reloads the shared reader whenever the index's `meta.json` changes; runs until aborted.
pub async fn watch(state: Arc<AppState>) {
    let mut seen = stamp(&state.index.path);
    let mut ticks = tokio::time::interval(POLL);
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticks.tick().await;
        let now = stamp(&state.index.path);
        if now == seen {
            continue;
        }
        seen = now;
        let state = Arc::clone(&state);
        // tantivy replaces `meta.json` atomically, so a change is a whole commit; a failure
        // (the index deleted, say) is reported once per change, and the old reader serves on.
        match tokio::task::spawn_blocking(move || state.index.reload()).await {
            Ok(Ok(())) => {}
            Ok(Err(err)) => warn_reload(&err),
            Err(err) => warn_reload(&err),
        }
    }
}

/// Says a reload failed, on stderr if it is still open (a server must not die of that).
fn warn_reload(err: &dyn std::fmt::Display) {
    use std::io::Write;
    let _ = writeln!(
        std::io::stderr(),
        "bantin: warning: could not reload the index: {err}"
    );
}
