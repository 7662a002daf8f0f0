//! The accept loop: each connection is served by hyper on its own task, with two bounds
//! that keep slow or numerous clients from holding the server.
//!
//! - At most `max_connections` are open at once. Beyond that the loop stops accepting, so
//!   new clients wait in the operating system's backlog (not in our memory) until one closes.
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
use tokio::sync::{watch, Semaphore};
use tokio::task::JoinSet;

/// How long to wait before accepting again after the operating system refused (out of file
/// descriptors, say): long enough not to spin, short enough to recover at once.
const ACCEPT_RETRY: Duration = Duration::from_millis(50);

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
    let (stopping, stop_signal) = watch::channel(false);
    let mut connections = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        // A free slot first: while none is free, clients wait in the backlog.
        let slot = tokio::select! {
            () = &mut shutdown => break,
            slot = Arc::clone(&slots).acquire_owned() => match slot {
                Ok(slot) => slot,
                Err(_) => break,
            },
        };
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
        let service = TowerToHyperService::new(app.clone());
        let mut stop_signal = stop_signal.clone();
        let header_time = limits.header_time;
        connections.spawn(async move {
            let _slot = slot;
            let connection = http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(header_time)
                .serve_connection(TokioIo::new(StallGuard::new(stream, header_time)), service);
            tokio::pin!(connection);
            tokio::select! {
                // A connection that fails (a client gone, headers too slow) only ends itself.
                _ = connection.as_mut() => return,
                _ = stop_signal.wait_for(|&stop| stop) => {}
            }
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        });
        // Reap finished connections so the set does not grow with every client ever served.
        while connections.try_join_next().is_some() {}
    }
    drop(listener);
    let _ = stopping.send(true);
    while connections.join_next().await.is_some() {}
    Ok(())
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
