//! Reload without a failed request: on `SIGHUP` or `POST /admin/reload` the data are loaded
//! and analysed again on a blocking thread while the old state keeps serving; the new
//! application (routes over a new `AppState`) then replaces the old one in one atomic swap
//! (`arc_swap::ArcSwap`). Each request runs wholly against the application it picked up
//! when it started, so every response comes from either the old or the new data. A failed
//! reload keeps the old data and `/health` says why (`"reload": {...}`).
//!
//! `POST /admin/reload` exists only when `[server] admin_token` is set; it wants
//! `Authorization: Bearer <token>` (401 without, 403 with a wrong one; compared in constant
//! time) and answers once the reload is done (200, or 500 with the reason; 409 while another
//! reload runs).

use super::error::ApiError;
use super::state::AppState;
use arc_swap::ArcSwap;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Builds a fresh state from the source (load, check, analyse, encode): the slow part.
pub type Loader = dyn Fn() -> anyhow::Result<Arc<AppState>> + Send + Sync;

/// What `/health` reports about reloads.
#[derive(Debug, Clone, Default)]
struct Status {
    /// Successful reloads since start.
    reloads: u64,
    /// The last attempt's failure, if it failed.
    last_error: Option<String>,
    /// When the last attempt ended (RFC 3339).
    last_attempt: Option<String>,
}

/// The swappable application and its reload machinery.
pub struct Reloader {
    current: ArcSwap<Router>,
    loader: Option<Box<Loader>>,
    token: Option<String>,
    running: AtomicBool,
    status: Mutex<Status>,
    generation: AtomicU64,
    /// Builds the routes over a state (normally [`super::app`]).
    make_app: fn(Arc<AppState>) -> Router,
}

impl Reloader {
    /// A reloader serving `state`; without `loader`, reloads fail with a message.
    pub fn new(
        state: Arc<AppState>,
        loader: Option<Box<Loader>>,
        make_app: fn(Arc<AppState>) -> Router,
    ) -> Arc<Reloader> {
        let token = state.config.admin_token.clone().filter(|t| !t.is_empty());
        let r = Arc::new(Reloader {
            current: ArcSwap::from_pointee(Router::new()),
            loader,
            token,
            running: AtomicBool::new(false),
            status: Mutex::new(Status::default()),
            generation: AtomicU64::new(0),
            make_app,
        });
        r.current.store(Arc::new(r.wrap(state)));
        r
    }

    /// The application requests should run against now.
    pub fn app(&self) -> Router {
        (*self.current.load_full()).clone()
    }

    /// Successful reloads so far.
    pub fn generation(&self) -> u64 {
        self.generation.load(Ordering::SeqCst)
    }

    /// The routes over `state`, plus the admin route and the `/health` reload report.
    fn wrap(self: &Arc<Self>, state: Arc<AppState>) -> Router {
        let mut app = (self.make_app)(state);
        if self.token.is_some() {
            app = app.merge(
                Router::new()
                    .route("/admin/reload", axum::routing::any(admin_reload))
                    .with_state(self.clone()),
            );
        }
        app.layer(axum::middleware::from_fn_with_state(
            self.clone(),
            health_report,
        ))
    }

    /// Loads, analyses and swaps; `Err` says why (the old data keep serving). At most one
    /// reload runs at a time.
    pub async fn reload(self: &Arc<Self>) -> Result<(), ReloadError> {
        if self.running.swap(true, Ordering::SeqCst) {
            return Err(ReloadError::Busy);
        }
        let me = self.clone();
        let result = tokio::task::spawn_blocking(move || match &me.loader {
            Some(load) => load(),
            None => Err(anyhow::anyhow!(
                "this server was started without a reloadable source"
            )),
        })
        .await
        .unwrap_or_else(|e| Err(anyhow::anyhow!("the reload failed unexpectedly: {e}")));
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let out = match result {
            Ok(state) => {
                let app = self.wrap(state);
                self.current.store(Arc::new(app));
                self.generation.fetch_add(1, Ordering::SeqCst);
                let mut s = self.status.lock().unwrap_or_else(|p| p.into_inner());
                s.reloads += 1;
                s.last_error = None;
                s.last_attempt = Some(now);
                Ok(())
            }
            Err(e) => {
                let why = format!("{e:#}");
                eprintln!("zonescope: reload failed, still serving the previous data: {why}");
                let mut s = self.status.lock().unwrap_or_else(|p| p.into_inner());
                s.last_error = Some(why.clone());
                s.last_attempt = Some(now);
                Err(ReloadError::Failed(why))
            }
        };
        self.running.store(false, Ordering::SeqCst);
        out
    }

    fn status_json(&self) -> serde_json::Value {
        let s = self
            .status
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone();
        serde_json::json!({
            "reloads": s.reloads,
            "running": self.running.load(Ordering::SeqCst),
            "last_attempt": s.last_attempt,
            "last_error": s.last_error,
        })
    }

    /// Reloads on every `SIGHUP` until the process ends.
    pub fn spawn_sighup(self: &Arc<Self>) {
        #[cfg(unix)]
        {
            let me = self.clone();
            tokio::spawn(async move {
                let Ok(mut hup) =
                    tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup())
                else {
                    return;
                };
                while hup.recv().await.is_some() {
                    eprintln!("zonescope: SIGHUP, reloading");
                    if me.reload().await.is_ok() {
                        eprintln!("zonescope: reloaded");
                    }
                }
            });
        }
    }
}

/// Why a reload did not happen.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ReloadError {
    #[error("a reload is already running")]
    Busy,
    #[error("{0}")]
    Failed(String),
}

/// True when `given` equals `want`, compared in constant time (for equal lengths).
pub fn token_matches(given: &str, want: &str) -> bool {
    use subtle::ConstantTimeEq;
    given.as_bytes().ct_eq(want.as_bytes()).into()
}

fn error(status: StatusCode, code: &'static str, description: impl Into<String>) -> Response {
    ApiError {
        status,
        code,
        description: description.into(),
    }
    .into_response()
}

async fn admin_reload(State(r): State<Arc<Reloader>>, req: Request) -> Response {
    if req.method() != Method::POST {
        return ApiError::method_not_allowed().into_response();
    }
    let Some(want) = r.token.as_deref() else {
        return ApiError::not_found("no such resource; start at /").into_response();
    };
    let given = req
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    let Some(given) = given else {
        let mut resp = error(
            StatusCode::UNAUTHORIZED,
            "Unauthorized",
            "send the admin token as `Authorization: Bearer <token>`",
        );
        resp.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        return resp;
    };
    if !token_matches(given, want) {
        return error(
            StatusCode::FORBIDDEN,
            "Forbidden",
            "the admin token is wrong",
        );
    }
    match r.reload().await {
        Ok(()) => {
            let mut resp = axum::Json(serde_json::json!({
                "status": "reloaded",
                "reload": r.status_json(),
            }))
            .into_response();
            resp.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            resp
        }
        Err(ReloadError::Busy) => error(
            StatusCode::CONFLICT,
            "Conflict",
            "a reload is already running",
        ),
        Err(ReloadError::Failed(why)) => error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "ReloadFailed",
            format!("the reload failed; the previous data are still served: {why}"),
        ),
    }
}

/// Adds `"reload": {...}` to the JSON of `GET /health`.
async fn health_report(State(r): State<Arc<Reloader>>, mut req: Request, next: Next) -> Response {
    if req.uri().path() != "/health" {
        return next.run(req).await;
    }
    // Uncompressed, so that the body can be extended.
    req.headers_mut().remove(header::ACCEPT_ENCODING);
    let resp = next.run(req).await;
    if resp.status() != StatusCode::OK {
        return resp;
    }
    let (mut parts, body) = resp.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 1 << 20).await else {
        return error(
            StatusCode::INTERNAL_SERVER_ERROR,
            "ServerError",
            "health unavailable",
        );
    };
    let mut v: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(_) => return Response::from_parts(parts, Body::from(bytes)),
    };
    if let Some(o) = v.as_object_mut() {
        o.insert("reload".into(), r.status_json());
    }
    let out = serde_json::to_vec(&v).unwrap_or_else(|_| bytes.to_vec());
    parts.headers.remove(header::CONTENT_LENGTH);
    parts.headers.remove(header::ETAG);
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Response::from_parts(parts, Body::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens() {
        assert!(token_matches("abcdefghijklmnop", "abcdefghijklmnop"));
        assert!(!token_matches("abcdefghijklmnoq", "abcdefghijklmnop"));
        assert!(!token_matches("abc", "abcdefghijklmnop"));
        assert!(!token_matches("", "abcdefghijklmnop"));
    }
}
