//! `zonescope serve`: every layer as an OGC API – Features collection (Part 1 Core, GeoJSON,
//! HTML, OAS30; Part 2 CRS by reference). A thin layer over views: each view given is
//! a collection, so new analyses appear without a change here.
//!
//! - [`state`]: built once at start — per layer its view (with the dataset's R-trees) and an id map;
//! - [`routes`]: the handlers; [`query`]: parameter parsing; [`crs`]: CRSs and transforms;
//! - [`encode`]: GeoJSON bytes; [`html`]: pages; [`openapi`]: `/api`;
//! - [`headers`]: negotiation, `ETag`/304, `Cache-Control`; [`error`]: JSON errors;
//! - [`styles`]: QML/SLD/MapLibre files written by the audit;
//! - [`tiles`]: OGC API – Tiles (vector tiles from [`crate::tiles`]); [`map`]: the web map.

pub mod api;
pub mod as_of;
pub mod classes;
pub mod collection;
pub mod conn;
pub mod crs;
pub mod encode;
pub mod error;
pub mod guard;
pub mod headers;
pub mod html;
pub mod map;
pub mod openapi;
pub mod query;
pub mod reload;
pub mod routes;
pub mod schema;
pub mod state;
pub mod styles;
pub mod svg;
pub mod tiles;

use crate::config::ServerConfig;
use crate::view::SharedView;
use anyhow::Context;
use axum::http::{header, HeaderName, Method, StatusCode};
use axum::Router;
use chrono::NaiveDate;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::timeout::TimeoutLayer;

/// What the server publishes.
pub struct ServeInput {
    pub views: Vec<SharedView>,
    pub as_of: NaiveDate,
    /// Data source shown on the landing page.
    pub source: String,
    pub config: ServerConfig,
    /// The results, to recompute `idle-land` and `zone-intensity` for `as-of` requests
    /// (none: only the start date is served).
    pub as_of_source: Option<as_of::AsOfSource>,
}

/// Builds the shared state: encodes and indexes every layer, reads the styles.
pub fn build_state(input: ServeInput) -> anyhow::Result<Arc<state::AppState>> {
    let dir = styles::find_dir(input.config.styles_dir.as_deref(), &input.source);
    let styles = styles::Styles::load(dir);
    let mut st =
        state::AppState::new(input.views, input.as_of, input.source, input.config, styles)?;
    st.as_of_source = input.as_of_source.map(Arc::new);
    Ok(Arc::new(st))
}

/// The whole application: routes plus ETag, compression, CORS and timeout layers.
pub fn app(state: Arc<state::AppState>) -> Router {
    let cfg = &state.config;
    let cors = CorsLayer::new()
        .allow_methods([Method::GET, Method::HEAD, Method::OPTIONS])
        .allow_headers([
            header::ACCEPT,
            header::ACCEPT_LANGUAGE,
            header::CONTENT_TYPE,
            header::IF_NONE_MATCH,
        ])
        .expose_headers([
            header::ETAG,
            HeaderName::from_static("content-crs"),
            header::CONTENT_TYPE,
        ])
        .allow_origin(
            if cfg.cors_origins.is_empty() || cfg.cors_origins.iter().any(|o| o == "*") {
                AllowOrigin::any()
            } else {
                AllowOrigin::list(cfg.cors_origins.iter().filter_map(|o| o.parse().ok()))
            },
        );
    let timeout = Duration::from_secs(cfg.request_timeout_s.max(1));
    routes::routes(state.clone())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            headers::etag_layer,
        ))
        .layer(axum::middleware::from_fn(guard::utf8_path))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            timeout,
        ))
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .br(true)
                .quality(CompressionLevel::Precise(4)),
        )
        .layer(cors)
}

/// Serves `app` on `listener` until `shutdown` completes (graceful: running requests finish
/// within the default drain deadline), with the default connection limits.
pub async fn serve_on(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = conn::Limits::from_config(&ServerConfig::default());
    conn::serve(listener, app, limits, shutdown).await
}

/// Completes on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
    eprintln!("zonescope: shutting down");
}

/// Runs the server until SIGINT/SIGTERM: encodes the layers, binds the configured address
/// (so `/health` answers only once everything is ready) and serves.
pub fn run(input: ServeInput) -> anyhow::Result<()> {
    run_reloadable(input, None)
}

/// [`run`], with `reload` giving fresh data on `SIGHUP` and `POST /admin/reload` (see
/// [`reload`]).
pub fn run_reloadable(
    input: ServeInput,
    reload: Option<Box<dyn Fn() -> anyhow::Result<ServeInput> + Send + Sync>>,
) -> anyhow::Result<()> {
    let addr = input.config.addr.clone();
    let started = std::time::Instant::now();
    let state = build_state(input)?;
    let loader: Option<Box<reload::Loader>> =
        reload.map(|f| Box::new(move || build_state(f()?)) as Box<reload::Loader>);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    let grace = Duration::from_secs(state.config.shutdown_grace_s);
    let result = rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr().map(|a| a.to_string()).unwrap_or(addr.clone());
        let n: usize = state.collections.iter().map(|c| c.view.len()).sum();
        eprintln!(
            "zonescope: serving {} collections ({n} features, as of {}) on http://{local}/ (ready in {:.1} s)",
            state.collections.len(),
            state.as_of,
            started.elapsed().as_secs_f64()
        );
        if let Some(d) = &state.styles.dir {
            eprintln!("zonescope: styles from {}", d.display());
        }
        let limits = conn::Limits::from_config(&state.config);
        let reloader = reload::Reloader::new(state, loader, app);
        reloader.spawn_sighup();
        conn::serve(listener, reloader, limits, shutdown_signal())
            .await
            .context("the server stopped with an error")
    });
    // Connections still open after the drain deadline are dropped, not waited for.
    rt.shutdown_timeout(grace.min(Duration::from_secs(1)));
    result
}
