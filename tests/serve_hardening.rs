//! The server against hostile and careless clients: a forged `Host`, `q=0`, a non-UTF-8
//! path, stalled and non-reading clients, more clients than the connection cap, and a
//! shutdown while a client is stalled. Limits are set to a second so the tests are quick;
//! socket timeouts are only upper bounds that turn a hang into a failure.

mod serve_support;

use chrono::NaiveDate;
use serve_support::*;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::Duration;
use zonescope::config::ServerConfig;
use zonescope::serve::{self, conn, ServeInput};

struct Server {
    addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: std::sync::mpsc::Receiver<()>,
    _rt: tokio::runtime::Runtime,
}

fn limits(max_connections: usize) -> conn::Limits {
    conn::Limits {
        header_read: Duration::from_secs(1),
        idle: Duration::from_secs(1),
        write: Duration::from_secs(1),
        max_connections,
        shutdown_grace: Duration::from_secs(1),
    }
}

fn start_limited(layers: Vec<zonescope::layer::Layer>, limits: conn::Limits) -> Server {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let state = serve::build_state(ServeInput {
        views: layers
            .into_iter()
            .map(|l| {
                std::sync::Arc::new(zonescope::view::LayerView::new(l))
                    as zonescope::view::SharedView
            })
            .collect(),
        as_of: NaiveDate::from_ymd_opt(2014, 12, 31).unwrap(),
        source: "synthetic".into(),
        config: ServerConfig::default(),
        as_of_source: None,
    })
    .unwrap();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let (done_tx, done) = std::sync::mpsc::channel();
    rt.spawn(async move {
        let _ = conn::serve(listener, serve::app(state), limits, async {
            let _ = rx.await;
        })
        .await;
        let _ = done_tx.send(());
    });
    Server {
        addr,
        stop: Some(tx),
        done,
        _rt: rt,
    }
}

/// Sends raw bytes and reads until the server closes (at most 10 s).
fn raw(addr: SocketAddr, req: &str) -> String {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(req.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// True when the server closes `s` (EOF or reset) within 10 s, reading whatever comes.
fn closed_by_server(mut s: TcpStream) -> bool {
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut buf = [0u8; 65536];
    loop {
        match s.read(&mut buf) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e)
                if e.kind() == std::io::ErrorKind::WouldBlock
                    || e.kind() == std::io::ErrorKind::TimedOut =>
            {
                return false
            }
            Err(_) => return true,
        }
    }
}

#[test]
fn a_forged_host_header_never_reaches_the_html() {
    let srv = start_limited(vec![parcels(3, 3)], limits(16));
    let evil = "e\"><script>alert(1)</script>";
    let resp = raw(
        srv.addr,
        &format!(
            "GET / HTTP/1.1\r\nHost: {evil}\r\nAccept: text/html\r\nConnection: close\r\n\r\n"
        ),
    );
    assert!(resp.starts_with("HTTP/1.1 200"), "{resp}");
    assert!(
        resp.contains("<html") || resp.contains("<!DOCTYPE"),
        "not HTML: {resp}"
    );
    assert!(!resp.contains("<script>alert"), "{resp}");
    assert!(!resp.contains("e\">"), "{resp}");
    // A plain host name is used.
    let ok = raw(
        srv.addr,
        "GET /?f=json HTTP/1.1\r\nHost: maps.example.org:8080\r\nConnection: close\r\n\r\n",
    );
    assert!(ok.contains("http://maps.example.org:8080/"), "{ok}");
}

#[test]
fn html_refused_with_q0_gets_json() {
    let srv = start_limited(vec![parcels(3, 3)], limits(16));
    let r = get_with(srv.addr, "/collections", &[("Accept", "text/html;q=0")]);
    assert_eq!(r.status, 200);
    assert!(
        r.header("content-type").unwrap().contains("json"),
        "{:?}",
        r.headers
    );
}

#[test]
fn a_non_utf8_path_gets_the_json_error() {
    let srv = start_limited(vec![parcels(3, 3)], limits(16));
    for path in ["/collections/%FF", "/collections/parcels/items/%C3%28"] {
        let r = get(srv.addr, path);
        assert_eq!(r.status, 400, "{path}");
        assert!(
            r.header("content-type").unwrap().contains("json"),
            "{path}: {:?}",
            r.headers
        );
        assert_eq!(r.json()["code"], "InvalidParameterValue", "{path}");
    }
}

#[test]
fn stalled_clients_are_closed_and_the_cap_holds() {
    let srv = start_limited(vec![parcels(3, 3)], limits(4));
    // Four clients take every slot: one sends nothing, one stops mid-headers, two go idle
    // after a kept-alive response.
    let silent = TcpStream::connect(srv.addr).unwrap();
    let mut partial = TcpStream::connect(srv.addr).unwrap();
    partial
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let mut idle: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut s = TcpStream::connect(srv.addr).unwrap();
            s.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
                .unwrap();
            let mut buf = [0u8; 4096];
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            let n = s.read(&mut buf).unwrap();
            assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
            s
        })
        .collect();
    // A fifth client is served once the timeouts free a slot (well within 10 s).
    let r = raw(
        srv.addr,
        "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    assert!(closed_by_server(silent), "silent client kept");
    assert!(closed_by_server(partial), "mid-headers client kept");
    for s in idle.drain(..) {
        assert!(closed_by_server(s), "idle keep-alive client kept");
    }
}

#[test]
fn a_client_that_never_reads_is_dropped_and_frees_its_slot() {
    // 10 000 parcels: a page of several megabytes, more than the socket buffers hold.
    let srv = start_limited(vec![parcels(100, 100)], limits(2));
    let hogs: Vec<TcpStream> = (0..2)
        .map(|_| {
            let mut s = TcpStream::connect(srv.addr).unwrap();
            s.write_all(
                b"GET /collections/parcels/items?limit=10000 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\n\r\n",
            )
            .unwrap();
            s
        })
        .collect();
    std::thread::sleep(Duration::from_millis(300));
    // Both slots are taken by clients that do not read; the write timeout frees them.
    let r = raw(
        srv.addr,
        "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    );
    assert!(r.starts_with("HTTP/1.1 200"), "{r}");
    for mut h in hogs {
        // The response was cut off: less than its Content-Length (or chunked end) arrived.
        h.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut got = Vec::new();
        let _ = h.read_to_end(&mut got);
        let text = String::from_utf8_lossy(&got);
        assert!(
            !text.ends_with("0\r\n\r\n") && got.len() < 64 << 20,
            "response completed"
        );
    }
}

#[test]
fn shutdown_completes_with_a_stalled_client() {
    let mut srv = start_limited(vec![parcels(3, 3)], limits(16));
    let mut stalled = TcpStream::connect(srv.addr).unwrap();
    stalled
        .write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n")
        .unwrap();
    let mut idle = TcpStream::connect(srv.addr).unwrap();
    idle.write_all(b"GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        .unwrap();
    std::thread::sleep(Duration::from_millis(100));
    srv.stop.take().unwrap().send(()).unwrap();
    assert!(
        srv.done.recv_timeout(Duration::from_secs(10)).is_ok(),
        "shutdown did not complete"
    );
    drop((stalled, idle));
}
