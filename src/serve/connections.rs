//! The accept loop: each connection is served by hyper on its own task, with two bounds
//! that keep slow or numerous clients from holding the server.
//!
//! - At most `max_connections` are open at once. A new client that finds them all taken
//!   gets the slot of the connection idle the longest, which is closed ([`idle`]); while
//!   every connection is busy with a request, the loop stops accepting, so new clients wait
//!   in the operating system's backlog (not in our memory) until one closes or falls idle.
//! - A client has `header_time` to send a request's headers, counted from the moment the
//!   server waits for them: a client that trickles its headers, or keeps an idle keep-alive
//!   connection, is disconnected and its slot freed.
//! - A client that stops reading its answers is disconnected once a write has waited
//!   `header_time` for it ([`StallGuard`]); without this a pipelining client that never
//!   reads would hold its slot, and delay shutdown, for ever.
//!
//! On shutdown every connection finishes the request under way and then closes.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{watch, OwnedSemaphorePermit, Semaphore};
use tokio::task::JoinSet;

use super::idle::OpenConnections;

/// How long to wait before accepting again after the operating system refused (out of file
/// descriptors, say): long enough not to spin, short enough to recover at once.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

/// How often a full server whose connections are all busy looks again for one fallen idle.
const IDLE_RECHECK: Duration = Duration::from_millis(50);

/// Bounds on connections, whatever they ask.
#[derive(Clone, Copy, Debug)]
pub struct ConnectionLimits {
    pub max_connections: usize,
    pub header_time: Duration,
}

/// Serves `app` on `listener` until `shutdown` resolves, then lets the requests under way
/// finish.
pub async fn serve_connections(
    listener: TcpListener,
    app: axum::Router,
    limits: ConnectionLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let open = Arc::new(OpenConnections::default());
    let (stopping, stop_signal) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let accepted = tokio::select! {
            () = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            Err(_) => {
                tokio::time::sleep(ACCEPT_RETRY).await;
                continue;
            }
        };
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = make_room(&slots, &open) => slot,
        };
        let connection = open.open();
        let service = connection.track(TowerToHyperService::new(app.clone()));
        let stream = connection.watch(stream);
        let mut stop_signal = stop_signal.clone();
        let header_time = limits.header_time;
        connections.spawn(async move {
            let _slot = slot;
            let activity = Arc::clone(connection.activity());
            let served = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_time)
                .serve_connection(TokioIo::new(StallGuard::new(stream, header_time)), service);
            tokio::pin!(served);
            tokio::select! {
                // A connection that fails (a client gone, headers too slow) only ends itself.
                _ = served.as_mut() => return,
                _ = stop_signal.wait_for(|&stop| stop) => {}
                () = activity.chosen_to_close() => {
                    // Half a request is owed nothing, and hyper would wait for the rest.
                    if activity.holds_part_of_a_request() {
                        return;
                    }
                }
            }
            // Closes at once when idle; otherwise after the answer under way.
            served.as_mut().graceful_shutdown();
            let _ = served.await;
        });
        // Reap finished connections so the set does not grow with every client ever served.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = stopping.send(true);
    while connections.join_next().await.is_some() {}
    Ok(())
}

/// A connection slot for a client just accepted. When every slot is taken, the connection
/// idle the longest is asked to close and its slot is taken as it does (at once, but for
/// one that hyper still holds open, a pipelined request half read, say: another is asked
/// after [`IDLE_RECHECK`]); while every connection is busy, one that falls idle is looked
/// for again as often.
async fn make_room(slots: &Arc<Semaphore>, open: &OpenConnections) -> OwnedSemaphorePermit {
    loop {
        if let Ok(slot) = Arc::clone(slots).try_acquire_owned() {
            return slot;
        }
        open.close_idlest();
        tokio::select! {
            slot = Arc::clone(slots).acquire_owned() => match slot {
                Ok(slot) => return slot,
                // The semaphore is never closed; should it be, there is no room ever.
                Err(_) => std::future::pending::<()>().await,
            },
            () = tokio::time::sleep(IDLE_RECHECK) => {}
        }
    }
}

/// A stream whose writes fail (`TimedOut`) once one has waited `stall` for the client to
/// make room. Reads are untouched: hyper bounds them with its header timeout.
struct StallGuard<S> {
    inner: S,
    stall: Duration,
    /// Set while a write waits; cleared by any write that goes through.
    deadline: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl<S> StallGuard<S> {
    fn new(inner: S, stall: Duration) -> StallGuard<S> {
        StallGuard {
            inner,
            stall,
            deadline: None,
        }
    }

    /// What a write that returned `written` becomes: pending until the deadline, then an
    /// error that ends the connection.
    fn bounded<T>(
        &mut self,
        cx: &mut Context<'_>,
        written: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if written.is_ready() {
            self.deadline = None;
            return written;
        }
        let stall = self.stall;
        let deadline = self
            .deadline
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(stall)));
        match deadline.as_mut().poll(cx) {
            Poll::Ready(()) => Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            ))),
            Poll::Pending => Poll::Pending,
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for StallGuard<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for StallGuard<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.bounded(cx, written)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.bounded(cx, written)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let flushed = Pin::new(&mut self.inner).poll_flush(cx);
        self.bounded(cx, flushed)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
