//! `bantin serve`: the search page and the HTTP API over an index, until Ctrl-C or SIGTERM.

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::Context;
use clap::Args;

use crate::index::BantinIndex;
use crate::serve::access::{parse_origin, Access};
use crate::serve::{serve, shutdown_signal, AppState, Limits};

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// Address to listen on; port 0 picks a free port. Anything other than a loopback
    /// address makes the index readable by the network.
    #[arg(long, default_value = "127.0.0.1:7700")]
    pub addr: SocketAddr,

    /// Searches running at once [default: two per core].
    #[arg(long)]
    pub max_concurrent: Option<usize>,

    /// Searches waiting for a turn; beyond that the answer is 503 at once.
    #[arg(long, default_value_t = 256)]
    pub max_queued: usize,

    /// Seconds from a request's arrival to its answer; beyond that the answer is 503.
    #[arg(long, default_value_t = 10.0)]
    pub timeout: f64,

    /// Connections open at once; a new client beyond that takes the place of the connection
    /// idle the longest, and waits only while every one is busy.
    #[arg(long, default_value_t = 1024)]
    pub max_connections: usize,

    /// Seconds a client may take to send a request's headers, keep an idle connection open
    /// or leave an answer unread; then it is disconnected.
    #[arg(long, default_value_t = 10.0)]
    pub header_timeout: f64,

    /// Let pages of this origin read the API from a browser (CORS): scheme and host, as
    /// `https://example.org`; repeat for several, `*` for any. Off by default.
    #[arg(long, value_name = "ORIGIN")]
    pub cors: Vec<String>,

    /// No line per request on stderr.
    #[arg(short, long)]
    pub quiet: bool,
}

pub fn run(args: &ServeArgs, index_dir: &std::path::Path) -> anyhow::Result<ExitCode> {
    let limits = limits(args)?;
    let access = Access {
        cors: args
            .cors
            .iter()
            .map(|origin| parse_origin(origin).map_err(|e| anyhow::anyhow!("--cors {e}")))
            .collect::<anyhow::Result<_>>()?,
        log: !args.quiet,
    };
    let index = BantinIndex::open_for_serving(index_dir)?;
    let documents = index.searcher()?.num_docs();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the server's runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.addr)
            .await
            .with_context(|| format!("cannot listen on {}", args.addr))?;
        let local = listener.local_addr().context("no local address")?;
        let mut out = std::io::stdout().lock();
        writeln!(
            out,
            "bantin: serving {} ({documents} bulletins) at http://{local}/ (Ctrl-C stops)",
            index_dir.display()
        )?;
        out.flush()?;
        drop(out);
        let state = AppState::with_access(index, limits, access);
        serve(listener, state, shutdown_signal())
            .await
            .context("the server stopped")?;
        let _ = writeln!(std::io::stderr(), "bantin: stopped");
        Ok(ExitCode::SUCCESS)
    })
}

fn limits(args: &ServeArgs) -> anyhow::Result<Limits> {
    let mut limits = Limits::for_this_machine();
    if let Some(n) = args.max_concurrent {
        anyhow::ensure!(n > 0, "--max-concurrent must be at least 1");
        limits.max_concurrent = n;
    }
    limits.max_queued = args.max_queued;
    limits.request_time = seconds("--timeout", args.timeout)?;
    anyhow::ensure!(
        args.max_connections > 0,
        "--max-connections must be at least 1"
    );
    limits.max_connections = args.max_connections;
    limits.header_time = seconds("--header-timeout", args.header_timeout)?;
    Ok(limits)
}

/// A duration given in seconds, more than 0 and at most an hour.
fn seconds(flag: &str, value: f64) -> anyhow::Result<Duration> {
    anyhow::ensure!(
        value.is_finite() && value > 0.0 && value <= 3600.0,
        "{flag} {value} is not a number of seconds from 0 to 3600"
    );
    Ok(Duration::from_secs_f64(value))
}
