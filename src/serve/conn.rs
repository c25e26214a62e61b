//! The accept loop: HTTP/1.1 connections with bounded lifetimes and a bounded count.
//!
//! - at most `max_connections` connections are served at once (a semaphore; further
//!   clients wait in the kernel's listen queue, so `/health` stays answerable under a flood
//!   of stalled clients as long as the cap is below the process's descriptor limit);
//! - a client must send a request's headers within `header_read_timeout_s` (hyper's
//!   `header_read_timeout`, which also runs while a kept-alive connection waits for its next
//!   request);
//! - a connection on which nothing is read or written for `idle_timeout_s` is closed;
//! - a write that makes no progress for `write_timeout_s` fails and closes the connection, so
//!   a client that never reads cannot pin its response in memory;
//! - on shutdown the listener closes, every connection is asked to finish its request and
//!   close, and after `shutdown_grace_s` whatever remains is dropped.

use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{watch, Semaphore};
use tokio::time::{Instant, Sleep};
use tower::ServiceExt;

/// Connection limits, from `[server]`.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub header_read: Duration,
    pub idle: Duration,
    pub write: Duration,
    pub max_connections: usize,
    pub shutdown_grace: Duration,
}

impl Limits {
    pub fn from_config(c: &crate::config::ServerConfig) -> Limits {
        Limits {
            header_read: Duration::from_secs(c.header_read_timeout_s.max(1)),
            idle: Duration::from_secs(c.idle_timeout_s.max(1)),
            write: Duration::from_secs(c.write_timeout_s.max(1)),
            max_connections: c.max_connections.max(1),
            shutdown_grace: Duration::from_secs(c.shutdown_grace_s),
        }
    }
}

/// Where each request gets its application: a fixed `Router`, or the current one of a
/// [`super::reload::Reloader`] (picked once per request, so a request never sees two).
pub trait CurrentApp: Clone + Send + Sync + 'static {
    fn current(&self) -> Router;
}

impl CurrentApp for Router {
    fn current(&self) -> Router {
        self.clone()
    }
}

impl CurrentApp for Arc<super::reload::Reloader> {
    fn current(&self) -> Router {
        self.app()
    }
}

/// Serves `app` on `listener` until `shutdown` completes, then drains for at most
/// `limits.shutdown_grace`.
pub async fn serve(
    listener: TcpListener,
    app: impl CurrentApp,
    limits: Limits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let permits = Arc::new(Semaphore::new(limits.max_connections));
    let (stop_tx, stop_rx) = watch::channel(false);
    tokio::pin!(shutdown);
    loop {
        let permit = tokio::select! {
            _ = &mut shutdown => break,
            p = permits.clone().acquire_owned() => match p {
                Ok(p) => p,
                Err(_) => break,
            },
        };
        let stream = tokio::select! {
            _ = &mut shutdown => break,
            r = listener.accept() => match r {
                Ok((s, _)) => s,
                // Out of descriptors or a reset during accept: wait a little, go on.
                Err(_) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
        };
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        let mut stop = stop_rx.clone();
        tokio::spawn(async move {
            let _permit = permit;
            let io = TokioIo::new(Timed::new(stream, limits.idle, limits.write));
            let svc = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
                app.current().oneshot(req.map(axum::body::Body::new))
            });
            let conn = hyper::server::conn::http1::Builder::new()
                .timer(TokioTimer::new())
                .header_read_timeout(limits.header_read)
                .keep_alive(true)
                .serve_connection(io, svc);
            tokio::pin!(conn);
            let stopping = async move {
                let _ = stop.wait_for(|s| *s).await.map(|_| ());
            };
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = stopping => {
                    conn.as_mut().graceful_shutdown();
                    let _ = tokio::time::timeout(limits.shutdown_grace, conn.as_mut()).await;
                }
            }
        });
    }
    drop(listener);
    let _ = stop_tx.send(true);
    // Every connection holds a permit: all back means all closed.
    let all = u32::try_from(limits.max_connections).unwrap_or(u32::MAX);
    let _ = tokio::time::timeout(
        limits.shutdown_grace + Duration::from_millis(200),
        permits.acquire_many(all),
    )
    .await;
    Ok(())
}

/// A stream that fails a read after `idle` without any traffic and a write after `write`
/// without progress.
pub struct Timed<S> {
    inner: S,
    idle: Duration,
    write: Duration,
    read_deadline: Pin<Box<Sleep>>,
    write_deadline: Option<Pin<Box<Sleep>>>,
}

impl<S> Timed<S> {
    pub fn new(inner: S, idle: Duration, write: Duration) -> Self {
        Timed {
            inner,
            idle,
            write,
            read_deadline: Box::pin(tokio::time::sleep(idle)),
            write_deadline: None,
        }
    }
    fn touched(&mut self) {
        self.read_deadline
            .as_mut()
            .reset(Instant::now() + self.idle);
    }
}

fn timed_out(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, what.to_string())
}

impl<S: AsyncRead + Unpin> AsyncRead for Timed<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let before = buf.filled().len();
        match Pin::new(&mut self.inner).poll_read(cx, buf) {
            Poll::Ready(r) => {
                if buf.filled().len() > before {
                    self.touched();
                }
                Poll::Ready(r)
            }
            Poll::Pending => {
                // While a response is being written the write deadline rules.
                if self.write_deadline.is_none() && self.read_deadline.as_mut().poll(cx).is_ready()
                {
                    return Poll::Ready(Err(timed_out("connection idle too long")));
                }
                Poll::Pending
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Timed<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write(cx, data) {
            Poll::Ready(r) => {
                self.write_deadline = None;
                self.touched();
                Poll::Ready(r)
            }
            Poll::Pending => self.pending_write(cx),
        }
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        match Pin::new(&mut self.inner).poll_write_vectored(cx, bufs) {
            Poll::Ready(r) => {
                self.write_deadline = None;
                self.touched();
                Poll::Ready(r)
            }
            Poll::Pending => self.pending_write(cx),
        }
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        match Pin::new(&mut self.inner).poll_flush(cx) {
            Poll::Ready(r) => {
                self.write_deadline = None;
                Poll::Ready(r)
            }
            Poll::Pending => self.pending_write(cx).map(|r| r.map(|_| ())),
        }
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl<S> Timed<S> {
    fn pending_write(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<usize>> {
        let write = self.write;
        let d = self
            .write_deadline
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(write)));
        if d.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Err(timed_out("client stopped reading")));
        }
        Poll::Pending
    }
}
