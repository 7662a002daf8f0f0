//! `bantin bench serve`: load on a `bantin serve` process over loopback.
//!
//! Starts the server on a free port of 127.0.0.1 as a child process (so its memory is its
//! own), then `clients` threads, each with one keep-alive connection, send `requests` GETs
//! of the query mix of `bantin bench query` to `/api/search` as fast as answers come.
//! Reports throughput, latency percentiles, failures, and the server's resident memory
//! after the warm-up and at every tenth of the run.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Context;

use super::query::{percentile, query_mix};

/// What to run.
#[derive(Clone, Debug)]
pub struct ServeBenchConfig {
    pub clients: usize,
    pub requests: usize,
    pub warmup: usize,
    /// Snippets per hit; the mix's own counts when `None`.
    pub snippets: Option<usize>,
}

#[derive(Clone, Debug, serde::Serialize)]
pub struct ServeBenchReport {
    pub documents: u64,
    pub clients: usize,
    pub requests: usize,
    pub snippets: Option<usize>,
    pub seconds: f64,
    pub requests_per_second: f64,
    pub p50_ms: f64,
    pub p90_ms: f64,
    pub p99_ms: f64,
    pub max_ms: f64,
    pub errors: usize,
    /// The first few failures, as answered.
    pub error_samples: Vec<String>,
    /// Resident memory of the server after the warm-up, in MB.
    pub rss_before_mb: Option<f64>,
    /// Resident memory after the run.
    pub rss_after_mb: Option<f64>,
    /// Resident memory at every tenth of the run.
    pub rss_samples_mb: Vec<f64>,
    /// The anonymous part (heap and stacks, not the memory-mapped index) after the warm-up.
    pub anon_before_mb: Option<f64>,
    /// The anonymous part after the run.
    pub anon_after_mb: Option<f64>,
}

/// The mix as `/api/search` paths.
pub fn request_paths(snippets: Option<usize>) -> Vec<String> {
    query_mix()
        .iter()
        .map(|class| {
            let mut query = form_urlencoded::Serializer::new(String::new());
            query.append_pair("q", &class.query);
            if class.matching == crate::search::Matching::Syllables {
                query.append_pair("syllables", "true");
            }
            let filters = &class.filters;
            let lists = [
                ("province", &filters.province),
                ("not_province", &filters.not_province),
                ("unit", &filters.unit),
                ("not_unit", &filters.not_unit),
            ];
            for (name, values) in lists {
                for value in values {
                    query.append_pair(name, value);
                }
            }
            let dates = [
                ("from", &filters.from),
                ("to", &filters.to),
                ("year", &filters.year),
            ];
            for (name, value) in dates {
                if let Some(value) = value {
                    query.append_pair(name, value);
                }
            }
            if filters.undated {
                query.append_pair("undated", "true");
            }
            let snippets = snippets.unwrap_or(class.snippets);
            query.append_pair("snippets", &snippets.to_string());
            if class.facets {
                query.append_pair("facets", "true");
            }
            format!("/api/search?{}", query.finish())
        })
        .collect()
}

/// Runs the load against a fresh `bantin serve` of `index_dir`.
pub fn bench_serve(
    index_dir: &Path,
    config: &ServeBenchConfig,
) -> anyhow::Result<ServeBenchReport> {
    anyhow::ensure!(config.clients > 0, "--clients must be at least 1");
    anyhow::ensure!(config.requests > 0, "--requests must be at least 1");
    let server = ServerProcess::start(index_dir)?;
    let paths = request_paths(config.snippets);
    let agent = || -> ureq::Agent {
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into()
    };
    let documents = fetch_documents(&agent(), &server.url)?;

    run_load(
        &server.url,
        &paths,
        config.warmup,
        config.clients,
        &agent,
        |_| {},
    );
    let rss_before_mb = server.rss_mb();
    let anon_before_mb = server.memory_mb("RssAnon:");
    let samples = Mutex::new(Vec::new());
    let tenth = (config.requests / 10).max(1);
    let started = Instant::now();
    let outcome = run_load(
        &server.url,
        &paths,
        config.requests,
        config.clients,
        &agent,
        |done| {
            if done % tenth == 0 {
                if let Some(mb) = server.rss_mb() {
                    samples.lock().unwrap_or_else(|p| p.into_inner()).push(mb);
                }
            }
        },
    );
    let seconds = started.elapsed().as_secs_f64();
    let rss_after_mb = server.rss_mb();
    let anon_after_mb = server.memory_mb("RssAnon:");
    let mut times = outcome.times_ms;
    times.sort_by(f64::total_cmp);
    Ok(ServeBenchReport {
        documents,
        clients: config.clients,
        requests: config.requests,
        snippets: config.snippets,
        seconds,
        requests_per_second: config.requests as f64 / seconds.max(1e-9),
        p50_ms: percentile(&times, 50.0),
        p90_ms: percentile(&times, 90.0),
        p99_ms: percentile(&times, 99.0),
        max_ms: times.last().copied().unwrap_or(0.0),
        errors: outcome.errors.len(),
        error_samples: outcome.errors.into_iter().take(5).collect(),
        rss_before_mb,
        rss_after_mb,
        rss_samples_mb: samples.into_inner().unwrap_or_else(|p| p.into_inner()),
        anon_before_mb,
        anon_after_mb,
    })
}

struct LoadOutcome {
    times_ms: Vec<f64>,
    errors: Vec<String>,
}

/// `total` requests of `paths` in turn, over `clients` connections; `on_done` is called with
/// the count of requests finished so far after each one.
fn run_load(
    url: &str,
    paths: &[String],
    total: usize,
    clients: usize,
    agent: &(dyn Fn() -> ureq::Agent + Sync),
    on_done: impl Fn(usize) + Sync,
) -> LoadOutcome {
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let outcomes: Vec<LoadOutcome> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..clients)
            .map(|_| {
                scope.spawn(|| {
                    let agent = agent();
                    let mut mine = LoadOutcome {
                        times_ms: Vec::new(),
                        errors: Vec::new(),
                    };
                    loop {
                        let n = next.fetch_add(1, Ordering::Relaxed);
                        if n >= total {
                            break mine;
                        }
                        let target = format!("{url}{}", paths[n % paths.len()]);
                        let started = Instant::now();
                        match get(&agent, &target) {
                            Ok(()) => mine.times_ms.push(started.elapsed().as_secs_f64() * 1000.0),
                            Err(err) => mine.errors.push(format!("{target}: {err}")),
                        }
                        on_done(finished.fetch_add(1, Ordering::Relaxed) + 1);
                    }
                })
            })
            .collect();
        workers
            .into_iter()
            .map(|worker| {
                worker.join().unwrap_or_else(|_| LoadOutcome {
                    times_ms: Vec::new(),
                    errors: vec!["a client thread panicked".to_owned()],
                })
            })
            .collect()
    });
    let mut all = LoadOutcome {
        times_ms: Vec::with_capacity(total),
        errors: Vec::new(),
    };
    for outcome in outcomes {
        all.times_ms.extend(outcome.times_ms);
        all.errors.extend(outcome.errors);
    }
    all
}

/// One GET whose whole body is read (so that the connection can be reused); anything but
/// a 200 is a failure.
fn get(agent: &ureq::Agent, target: &str) -> anyhow::Result<()> {
    let mut response = agent.get(target).call()?;
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string()?;
    anyhow::ensure!(status == 200, "status {status}: {body}");
    Ok(())
}

fn fetch_documents(agent: &ureq::Agent, url: &str) -> anyhow::Result<u64> {
    let body = agent
        .get(&format!("{url}/healthz"))
        .call()?
        .body_mut()
        .read_to_string()?;
    let health: serde_json::Value = serde_json::from_str(&body).context("/healthz answer")?;
    Ok(health["documents"].as_u64().unwrap_or(0))
}

/// A `bantin serve` child process, stopped when dropped.
struct ServerProcess {
    child: Child,
    url: String,
}

impl ServerProcess {
    fn start(index_dir: &Path) -> anyhow::Result<ServerProcess> {
        let exe = std::env::current_exe().context("locating the bantin executable")?;
        let mut child = Command::new(exe)
            .arg("--index")
            .arg(index_dir)
            .args(["serve", "--addr", "127.0.0.1:0", "--quiet"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .context("starting bantin serve")?;
        let mut line = String::new();
        if let Some(stdout) = child.stdout.take() {
            BufReader::new(stdout).read_line(&mut line)?;
        }
        let url = line
            .split_whitespace()
            .find(|word| word.starts_with("http://"))
            .map(|url| url.trim_end_matches('/').to_owned());
        match url {
            Some(url) => Ok(ServerProcess { child, url }),
            None => {
                let _ = child.kill();
                let _ = child.wait();
                anyhow::bail!("bantin serve did not start (it printed {line:?})")
            }
        }
    }

    /// Resident memory in MB, from /proc (Linux only).
    fn rss_mb(&self) -> Option<f64> {
        self.memory_mb("VmRSS:")
    }

    /// One memory line of /proc/PID/status (`VmRSS:`, `RssAnon:`), in MB.
    fn memory_mb(&self, field: &str) -> Option<f64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        let kb: f64 = status
            .lines()
            .find_map(|line| line.strip_prefix(field))?
            .trim()
            .trim_end_matches("kB")
            .trim()
            .parse()
            .ok()?;
        Some(kb / 1024.0)
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_mix_becomes_api_paths_without_snippets() {
        let paths = request_paths(Some(0));
        assert_eq!(paths.len(), query_mix().len());
        assert_eq!(paths[0], "/api/search?q=ch%C3%A1y&snippets=0");
        assert!(paths
            .iter()
            .any(|p| p == "/api/search?q=&province=H%C3%A0+N%E1%BB%99i&snippets=0"));
        assert!(paths.iter().all(|p| p.contains("snippets=0")));
        assert!(paths.iter().any(|p| p.ends_with("&facets=true")));
        let own = request_paths(None);
        assert!(own.iter().any(|p| p.contains("snippets=3")));
    }
}
