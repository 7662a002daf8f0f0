//! Which open connection to close when a new client finds every connection slot taken.
//!
//! A connection that sends nothing (a socket opened and never used, a keep-alive left open
//! after its answers, headers trickled a byte at a time) holds its slot until the header
//! timeout. Enough of them, and every new client would wait that long to be served. So, as
//! nginx does with its idle keep-alive connections, a full server closes the connection
//! idle the longest (no request being served, no answer waiting for the client to read it)
//! and serves the new client in its place. Only while every connection is busy does a new
//! client wait.
//!
//! [`Activity`] is what one connection does, kept up to date by [`Watched`] (its reads and
//! writes) and [`Tracked`] (its requests); [`OpenConnections`] picks among them.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::task::{Context, Poll};
use std::time::Instant;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;

/// The connections open now, and when each was last busy.
pub struct OpenConnections {
    started: Instant,
    table: Mutex<Table>,
}

#[derive(Default)]
struct Table {
    next_id: u64,
    open: HashMap<u64, Arc<Activity>>,
}

/// What one connection is doing.
#[derive(Default)]
pub struct Activity {
    /// Requests read whole and not yet answered.
    serving: AtomicUsize,
    /// Bytes have arrived since the last request was read whole: part of a request.
    partial: AtomicBool,
    /// A write waits for the client to read.
    write_waiting: AtomicBool,
    /// Milliseconds from [`OpenConnections::started`] to the moment the connection opened,
    /// or last began or finished a request.
    last_active: AtomicU64,
    /// Chosen to be closed; not chosen again.
    closing: AtomicBool,
    /// Wakes the connection's task once it is chosen.
    close: Notify,
}

impl Activity {
    fn is_idle(&self) -> bool {
        self.serving.load(Ordering::Acquire) == 0
            && !self.write_waiting.load(Ordering::Acquire)
            && !self.closing.load(Ordering::Acquire)
    }

    /// Resolves once the server chose to close this connection.
    pub async fn chosen_to_close(&self) {
        self.close.notified().await;
    }

    /// Part of a request arrived and no more: nothing is owed to the client, and the
    /// connection may be dropped at once (hyper would otherwise wait for the rest).
    pub fn holds_part_of_a_request(&self) -> bool {
        self.partial.load(Ordering::Acquire)
    }
}

impl Default for OpenConnections {
    fn default() -> Self {
        OpenConnections {
            started: Instant::now(),
            table: Mutex::default(),
        }
    }
}

impl OpenConnections {
    /// Adds a connection that opened now; it leaves the table when the handle is dropped.
    pub fn open(self: &Arc<Self>) -> OpenConnection {
        let activity = Arc::new(Activity::default());
        activity.last_active.store(self.now(), Ordering::Release);
        let mut table = self.lock();
        let id = table.next_id;
        table.next_id += 1;
        table.open.insert(id, Arc::clone(&activity));
        OpenConnection {
            connections: Arc::clone(self),
            id,
            activity,
        }
    }

    /// Asks the connection idle the longest to close; `false` when every one is busy.
    pub fn close_idlest(&self) -> bool {
        let table = self.lock();
        let idlest = table
            .open
            .values()
            .filter(|activity| activity.is_idle())
            .min_by_key(|activity| activity.last_active.load(Ordering::Acquire));
        let Some(activity) = idlest else {
            return false;
        };
        activity.closing.store(true, Ordering::Release);
        activity.close.notify_one();
        true
    }

    fn now(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    fn lock(&self) -> MutexGuard<'_, Table> {
        self.table
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// One connection's place in [`OpenConnections`], for as long as it is open.
pub struct OpenConnection {
    connections: Arc<OpenConnections>,
    id: u64,
    activity: Arc<Activity>,
}

impl OpenConnection {
    pub fn activity(&self) -> &Arc<Activity> {
        &self.activity
    }

    /// `stream`, with its reads and writes noted in this connection's activity.
    pub fn watch<S>(&self, stream: S) -> Watched<S> {
        Watched {
            inner: stream,
            activity: Arc::clone(&self.activity),
        }
    }

    /// `service`, with its requests noted in this connection's activity.
    pub fn track<S>(&self, service: S) -> Tracked<S> {
        Tracked {
            inner: service,
            activity: Arc::clone(&self.activity),
            connections: Arc::clone(&self.connections),
        }
    }
}

impl Drop for OpenConnection {
    fn drop(&mut self) {
        self.connections.lock().open.remove(&self.id);
    }
}

/// A stream that notes in an [`Activity`] when part of a request arrives and when a write
/// waits for the client.
pub struct Watched<S> {
    inner: S,
    activity: Arc<Activity>,
}

impl<S> Watched<S> {
    fn note_write<T>(&self, written: Poll<io::Result<T>>) -> Poll<io::Result<T>> {
        self.activity
            .write_waiting
            .store(written.is_pending(), Ordering::Release);
        written
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        let read = Pin::new(&mut self.inner).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.partial.store(true, Ordering::Release);
        }
        read
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.inner).poll_write(cx, buf);
        self.note_write(written)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let written = Pin::new(&mut self.inner).poll_write_vectored(cx, bufs);
        self.note_write(written)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let flushed = Pin::new(&mut self.inner).poll_flush(cx);
        self.note_write(flushed)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

/// A hyper service that notes in an [`Activity`] each request from the moment it is read
/// whole until its answer is ready.
#[derive(Clone)]
pub struct Tracked<S> {
    inner: S,
    activity: Arc<Activity>,
    connections: Arc<OpenConnections>,
}

impl<S, R> hyper::service::Service<R> for Tracked<S>
where
    S: hyper::service::Service<R>,
    S::Future: Send + 'static,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = Pin<Box<dyn Future<Output = Result<S::Response, S::Error>> + Send>>;

    fn call(&self, request: R) -> Self::Future {
        let serving = Serving::begin(&self.activity, &self.connections);
        let answer = self.inner.call(request);
        Box::pin(async move {
            let answer = answer.await;
            drop(serving);
            answer
        })
    }
}

/// One request being served; its end (or its abandonment) is noted when dropped.
struct Serving {
    activity: Arc<Activity>,
    connections: Arc<OpenConnections>,
}

impl Serving {
    fn begin(activity: &Arc<Activity>, connections: &Arc<OpenConnections>) -> Serving {
        activity.partial.store(false, Ordering::Release);
        activity.serving.fetch_add(1, Ordering::AcqRel);
        activity
            .last_active
            .store(connections.now(), Ordering::Release);
        Serving {
            activity: Arc::clone(activity),
            connections: Arc::clone(connections),
        }
    }
}

impl Drop for Serving {
    fn drop(&mut self) {
        self.activity
            .last_active
            .store(self.connections.now(), Ordering::Release);
        self.activity.serving.fetch_sub(1, Ordering::AcqRel);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(connection: &OpenConnection, millis: u64) {
        connection
            .activity
            .last_active
            .store(millis, Ordering::Release);
    }

    fn chosen(connection: &OpenConnection) -> bool {
        connection.activity.closing.load(Ordering::Acquire)
    }

    #[test]
    fn the_connection_idle_longest_is_chosen_once() {
        let connections = Arc::new(OpenConnections::default());
        let (old, older, newest) = (connections.open(), connections.open(), connections.open());
        at(&old, 20);
        at(&older, 10);
        at(&newest, 30);
        assert!(connections.close_idlest());
        assert!(chosen(&older) && !chosen(&old) && !chosen(&newest));
        assert!(connections.close_idlest());
        assert!(chosen(&old) && !chosen(&newest));
        assert!(connections.close_idlest());
        assert!(!connections.close_idlest(), "every one is closing already");
    }

    #[test]
    fn a_connection_serving_or_waiting_to_write_is_never_chosen() {
        let connections = Arc::new(OpenConnections::default());
        let serving = connections.open();
        let writing = connections.open();
        let idle = connections.open();
        at(&serving, 0);
        at(&writing, 0);
        at(&idle, 50);
        let request = Serving::begin(&serving.activity, &connections);
        at(&serving, 0);
        writing
            .activity
            .write_waiting
            .store(true, Ordering::Release);
        assert!(connections.close_idlest());
        assert!(chosen(&idle) && !chosen(&serving) && !chosen(&writing));
        assert!(!connections.close_idlest(), "the others are busy");
        drop(request);
        assert!(connections.close_idlest(), "served, and idle again");
        assert!(chosen(&serving));
    }

    #[test]
    fn a_closed_connection_leaves_the_table() {
        let connections = Arc::new(OpenConnections::default());
        let connection = connections.open();
        drop(connection);
        assert!(!connections.close_idlest());
        assert!(connections.lock().open.is_empty());
    }

    #[test]
    fn part_of_a_request_is_noted_until_the_request_is_whole() {
        use std::io::Write;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("listens");
            let address = listener.local_addr().expect("address");
            let mut client = std::net::TcpStream::connect(address).expect("connects");
            let (stream, _) = listener.accept().await.expect("accepted");
            let connections = Arc::new(OpenConnections::default());
            let connection = connections.open();
            let mut server = connection.watch(stream);
            assert!(!connection.activity().holds_part_of_a_request());
            client.write_all(b"GET / HT").expect("written");
            let mut bytes = [0; 16];
            let mut buf = ReadBuf::new(&mut bytes);
            std::future::poll_fn(|cx| Pin::new(&mut server).poll_read(cx, &mut buf))
                .await
                .expect("read");
            assert_eq!(buf.filled(), b"GET / HT");
            assert!(connection.activity().holds_part_of_a_request());
            let request = Serving::begin(connection.activity(), &connections);
            assert!(!connection.activity().holds_part_of_a_request());
            drop(request);
        });
    }
}
