//! `bantin serve`: the HTTP API ([`api`]) and the search page ([`page`]) over one index.
//!
//! Every request shares one [`BantinIndex`] and its reader; a watcher ([`reload`]) reloads
//! the reader when an ingest in another process commits. Searches are CPU work and run on
//! blocking threads behind a [`Gate`]: at most `max_concurrent` at once, at most
//! `max_queued` waiting, each answered within `request_time` or with a 503, so a slow or
//! huge query cannot starve the rest. Nothing here writes to the index.

pub mod access;
pub mod api;
pub mod connections;
pub mod export;
pub mod feed;
pub mod idle;
pub mod page;
pub mod page_errors;
pub mod params;
pub mod reload;
pub mod time_chart;

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::index::BantinIndex;
pub use api::ApiError;
pub use params::{Bounds, SearchParams};

/// Limits on the work one server accepts.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub bounds: Bounds,
    /// Searches running at once.
    pub max_concurrent: usize,
    /// Searches waiting for a turn; beyond that a request gets 503 at once.
    pub max_queued: usize,
    /// Longest time from arrival to answer; beyond that, 503.
    pub request_time: Duration,
    /// Bytes of a request body (no endpoint takes one).
    pub body_bytes: usize,
    /// Connections open at once; beyond that the one idle the longest is closed for a new
    /// client, which waits only while every one is busy.
    pub max_connections: usize,
    /// Longest time a client may take to send a request's headers, or leave a kept-alive
    /// connection idle.
    pub header_time: Duration,
}

impl Limits {
    /// Defaults for this machine: two searches per core, so that one core's search never
    /// waits on another's reading from disk.
    pub fn for_this_machine() -> Limits {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Limits {
            bounds: Bounds::default(),
            max_concurrent: cores * 2,
            max_queued: 256,
            request_time: Duration::from_secs(10),
            body_bytes: 16 * 1024,
            max_connections: 1024,
            header_time: Duration::from_secs(10),
        }
    }
}

/// Exports waiting for a turn at most.
const EXPORTS_QUEUED: usize = 16;

/// Exports running at once: half the searches', at least one.
fn export_turns(limits: &Limits) -> usize {
    (limits.max_concurrent / 2).max(1)
}

/// What every request shares.
pub struct AppState {
    pub index: BantinIndex,
    pub limits: Limits,
    pub access: access::Access,
    gate: Gate,
    /// Turns for exports, apart from the searches': an export waits on its client for as
    /// long as the client takes to read, and must not keep searches waiting meanwhile.
    export_gate: Gate,
}

impl AppState {
    pub fn new(index: BantinIndex, limits: Limits) -> Arc<AppState> {
        AppState::with_access(index, limits, access::Access::default())
    }

    /// A state whose API is open to the origins of `access`, and logs as it says.
    pub fn with_access(
        index: BantinIndex,
        limits: Limits,
        access: access::Access,
    ) -> Arc<AppState> {
        Arc::new(AppState {
            index,
            gate: Gate::new(limits.max_concurrent, limits.max_queued),
            export_gate: Gate::new(export_turns(&limits), limits.max_queued.min(EXPORTS_QUEUED)),
            limits,
            access,
        })
    }

    /// Runs `work` on the index on a blocking thread, within the concurrency and time limits.
    pub async fn run<T, F>(self: &Arc<Self>, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&BantinIndex) -> Result<T, ApiError> + Send + 'static,
    {
        let deadline = tokio::time::Instant::now() + self.limits.request_time;
        let too_slow = || {
            ApiError::unavailable(format!(
                "the search took longer than {} s; narrow it or try again",
                self.limits.request_time.as_secs_f64()
            ))
        };
        let permit = tokio::time::timeout_at(deadline, self.gate.enter())
            .await
            .map_err(|_| too_slow())??;
        let state = Arc::clone(self);
        let task = tokio::task::spawn_blocking(move || {
            // Held until the work ends, even when the client stopped waiting: the limit
            // counts work being done, not answers pending.
            let _permit = permit;
            // tantivy may panic on damaged files: that is an answer about the index, and the
            // server goes on serving.
            crate::index::check::catch_panic(|| work(&state.index)).unwrap_or_else(|detail| {
                Err(ApiError::from(crate::index::IndexError::Damaged {
                    path: state.index.path.clone(),
                    detail,
                }))
            })
        });
        match tokio::time::timeout_at(deadline, task).await {
            Err(_) => Err(too_slow()),
            Ok(Err(join)) => Err(ApiError::internal(format!("the search failed: {join}"))),
            Ok(Ok(result)) => result,
        }
    }
}

/// Admission to the blocking work: a bounded queue in front of a bounded number of turns.
struct Gate {
    queue: Arc<Semaphore>,
    running: Arc<Semaphore>,
    max_queued: usize,
}

impl Gate {
    fn new(max_concurrent: usize, max_queued: usize) -> Gate {
        Gate {
            queue: Arc::new(Semaphore::new(max_concurrent.max(1) + max_queued)),
            running: Arc::new(Semaphore::new(max_concurrent.max(1))),
            max_queued,
        }
    }

    /// A turn, or a 503 at once when the queue is full.
    async fn enter(&self) -> Result<Turn, ApiError> {
        let queued = Arc::clone(&self.queue).try_acquire_owned().map_err(|_| {
            ApiError::unavailable(format!(
                "the server is busy ({} searches waiting); try again shortly",
                self.max_queued
            ))
        })?;
        let running = Arc::clone(&self.running)
            .acquire_owned()
            .await
            .map_err(|_| ApiError::unavailable("the server is stopping".to_owned()))?;
        Ok(Turn {
            _queued: queued,
            _running: running,
        })
    }
}

struct Turn {
    _queued: OwnedSemaphorePermit,
    _running: OwnedSemaphorePermit,
}

/// The routes: the page, the bulletin page, the API and the health check.
pub fn router(state: Arc<AppState>) -> Router {
    let body_bytes = state.limits.body_bytes;
    let cors = state.access.cors_layer();
    let log = state.access.log;
    let routes = Router::new()
        .route("/", get(page::search_page))
        .route("/bulletins/{*id}", get(page::bulletin_page))
        .route("/static/bantin.css", get(page::stylesheet))
        .route("/static/bantin.js", get(page::script))
        .route("/api/search", get(api::search))
        .route("/api/export", get(export::export))
        .route("/feed.atom", get(feed::feed))
        .route("/api/bulletins/{*id}", get(api::bulletin))
        .route("/api/stats", get(api::stats))
        .route("/api/openapi.json", get(api::openapi))
        .route("/healthz", get(api::health))
        .fallback(|| async { ApiError::new(StatusCode::NOT_FOUND, "no such page".to_owned()) })
        .method_not_allowed_fallback(method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(
            body_bytes,
            refuse_large_bodies,
        ))
        .layer(axum::middleware::from_fn(no_sniffing));
    let cors_on = cors.is_some();
    let routes = match cors {
        Some(cors) => routes.layer(cors),
        None => routes,
    };
    // OPTIONS is answered before CORS sees it, unless it is a browser's preflight.
    routes
        .layer(axum::middleware::from_fn_with_state(
            cors_on,
            access::options,
        ))
        .layer(axum::middleware::from_fn_with_state(
            log,
            access::log_requests,
        ))
        .with_state(state)
}

/// Every route reads: any method but GET (and HEAD, which answers GET's headers without
/// the body) is a 405, with the `Allow` header axum adds.
async fn method_not_allowed(method: Method) -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        format!("{method} is not allowed: this server only reads; use GET"),
    )
}

/// Every answer, page, API or error, tells browsers to trust its Content-Type: JSON that
/// holds a bulletin's text must never be sniffed into a page that runs it.
async fn no_sniffing(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    response.headers_mut().insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// No endpoint reads a body: one declared larger than the limit is refused before routing
/// (413), and any other is never read.
async fn refuse_large_bodies(State(limit): State<usize>, request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.trim().parse::<u64>().ok());
    if let Some(bytes) = declared.filter(|&bytes| bytes > limit as u64) {
        return ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("a request body of {bytes} bytes; at most {limit} are accepted"),
        )
        .into_response();
    }
    next.run(request).await
}

/// Serves until `shutdown` resolves, then finishes the requests under way.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: Arc<AppState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let watcher = tokio::spawn(reload::watch(Arc::clone(&state)));
    let limits = connections::ConnectionLimits {
        max_connections: state.limits.max_connections,
        header_time: state.limits.header_time,
    };
    let result = connections::serve_connections(listener, router(state), limits, shutdown).await;
    watcher.abort();
    result
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        // Without a handler there is nothing to wait for: Ctrl-C then kills the process.
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runtime() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime")
    }

    /// The answer of the routes to `method path`, its body read whole.
    async fn answer(method: Method, path: &str) -> (axum::http::response::Parts, String) {
        use hyper::service::Service;
        let app = hyper_util::service::TowerToHyperService::new(router(AppState::new(
            BantinIndex::create_in_ram(),
            Limits::for_this_machine(),
        )));
        let request = Request::builder()
            .method(method)
            .uri(path)
            .body(axum::body::Body::empty())
            .expect("a request");
        let response = app.call(request).await.expect("an answer");
        let (parts, body) = response.into_parts();
        let body = axum::body::to_bytes(body, 1 << 20).await.expect("a body");
        (parts, String::from_utf8_lossy(&body).into_owned())
    }

    #[test]
    fn a_method_but_get_is_a_json_405_that_says_what_is_allowed() {
        runtime().block_on(async {
            let (parts, body) = answer(Method::DELETE, "/api/bulletins/x").await;
            assert_eq!(parts.status, StatusCode::METHOD_NOT_ALLOWED);
            assert_eq!(parts.headers[header::ALLOW], "GET,HEAD");
            assert_eq!(
                body,
                r#"{"error":"DELETE is not allowed: this server only reads; use GET","status":405}"#
            );
        });
    }

    #[test]
    fn every_answer_says_nosniff() {
        runtime().block_on(async {
            for (method, path) in [
                (Method::GET, "/healthz"),
                (Method::GET, "/no/such/page"),
                (Method::POST, "/"),
                (Method::HEAD, "/static/bantin.css"),
            ] {
                let (parts, _) = answer(method.clone(), path).await;
                assert_eq!(
                    parts.headers.get(header::X_CONTENT_TYPE_OPTIONS),
                    Some(&HeaderValue::from_static("nosniff")),
                    "{method} {path}"
                );
            }
        });
    }

    #[test]
    fn exports_waiting_on_their_clients_leave_searches_their_turns() {
        runtime().block_on(async {
            let limits = Limits {
                max_concurrent: 1,
                ..Limits::for_this_machine()
            };
            let state = AppState::new(BantinIndex::create_in_ram(), limits);
            let exporting = state.export_gate.enter().await.expect("an export's turn");
            state
                .run(|_| Ok(()))
                .await
                .expect("a search runs while the export holds its turn");
            drop(exporting);
        });
    }

    #[test]
    fn a_full_queue_is_refused_at_once() {
        runtime().block_on(async {
            let gate = Arc::new(Gate::new(1, 1));
            let running = gate.enter().await.expect("first turn");
            // The second waits in the queue; the third finds the queue full.
            let waiting = tokio::spawn({
                let gate = Arc::clone(&gate);
                async move { gate.enter().await.map(|_| ()) }
            });
            tokio::task::yield_now().await;
            let refused = gate.enter().await.err().expect("queue is full");
            assert_eq!(refused.status, StatusCode::SERVICE_UNAVAILABLE);
            assert!(refused.message.contains("busy"), "{}", refused.message);
            drop(running);
            waiting
                .await
                .expect("joined")
                .expect("queued one gets its turn");
            gate.enter().await.expect("free again");
        });
    }

    #[test]
    fn work_past_the_deadline_is_a_503_and_keeps_its_turn() {
        runtime().block_on(async {
            let limits = Limits {
                max_concurrent: 1,
                max_queued: 0,
                request_time: Duration::from_millis(50),
                ..Limits::for_this_machine()
            };
            let state = AppState::new(BantinIndex::create_in_ram(), limits);
            let slow = state
                .run(|_| {
                    std::thread::sleep(Duration::from_millis(400));
                    Ok(())
                })
                .await;
            let err = slow.expect_err("too slow");
            assert_eq!(err.status, StatusCode::SERVICE_UNAVAILABLE);
            assert!(
                err.message.contains("longer than 0.05 s"),
                "{}",
                err.message
            );
            // The slow work still runs and holds the only turn: the next is refused.
            let next = state.run(|_| Ok(())).await;
            assert_eq!(
                next.err().map(|e| e.status),
                Some(StatusCode::SERVICE_UNAVAILABLE)
            );
            tokio::time::sleep(Duration::from_millis(500)).await;
            state
                .run(|_| Ok(()))
                .await
                .expect("free once the slow work ended");
        });
    }
}
