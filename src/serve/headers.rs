//! HTTP manners: content negotiation, `ETag` / `If-None-Match`, `Cache-Control`, `Vary`.
//!
//! The data never change while the server runs, so a response is a function of the data
//! (their fingerprint), the request target, the negotiated format and the base URL. The
//! `ETag` is a weak tag over exactly those (weak, because gzip and brotli encodings of the
//! same representation share it), so it costs nothing to compute, and `If-None-Match`
//! turns a matching 200 into a 304 without a body.

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use headers::{ETag, HeaderMapExt, IfNoneMatch};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use super::state::AppState;

/// The representation a client asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Html,
}

/// `f=json|html` wins; else the `Accept` header (HTML only when the client prefers it, as
/// browsers do); else JSON.
pub fn negotiate(f: Option<&str>, headers: &HeaderMap) -> Result<Format, super::error::ApiError> {
    if let Some(f) = f {
        return match f.to_ascii_lowercase().as_str() {
            "json" | "geojson" | "application/json" | "application/geo+json" => Ok(Format::Json),
            "html" | "text/html" => Ok(Format::Html),
            other => Err(super::error::ApiError::bad_param(format!(
                "f={other} is not a supported format; use f=json or f=html"
            ))),
        };
    }
    Ok(accept_format(
        headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or(""),
    ))
}

/// The preferred of JSON and HTML in an `Accept` header (JSON on a tie or nothing known).
/// Media ranges are parsed by the `mime` crate; one that does not parse counts for nothing.
pub fn accept_format(accept: &str) -> Format {
    let (mut json_q, mut html_q) = (-1.0f32, -1.0f32);
    let mut first: Option<Format> = None;
    for part in accept.split(',') {
        let Ok(range) = part.trim().parse::<mime::Mime>() else {
            continue;
        };
        let q = range
            .get_param("q")
            .and_then(|q| q.as_str().parse::<f32>().ok())
            .unwrap_or(1.0);
        // q=0 means "not acceptable" (RFC 9110 §12.4.2): such an entry never wins.
        if q.is_nan() || q <= 0.0 {
            continue;
        }
        let kind = match range.essence_str() {
            "text/html" | "application/xhtml+xml" => Some(Format::Html),
            m if m.ends_with("json") => Some(Format::Json),
            _ => None,
        };
        match kind {
            Some(Format::Html) => html_q = html_q.max(q),
            Some(Format::Json) => json_q = json_q.max(q),
            None => {}
        }
        if first.is_none() {
            first = kind;
        }
    }
    if html_q > json_q || (html_q == json_q && html_q > 0.0 && first == Some(Format::Html)) {
        Format::Html
    } else {
        Format::Json
    }
}

/// The weak entity tag of a request's response.
fn entity_tag(fingerprint: u64, base: &str, req: &Request) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    fingerprint.hash(&mut h);
    base.hash(&mut h);
    req.uri().path().hash(&mut h);
    req.uri().query().unwrap_or("").hash(&mut h);
    let accept = req
        .headers()
        .get(header::ACCEPT)
        .map(|v| v.as_bytes())
        .unwrap_or(b"");
    accept.hash(&mut h);
    format!("W/\"{:016x}\"", h.finish())
}

/// Does `If-None-Match` name this tag (weak comparison, RFC 9110 §13.1.2) or `*`?
fn none_match(headers: &HeaderMap, tag: &str) -> bool {
    let Ok(tag) = tag.parse::<ETag>() else {
        return false;
    };
    headers
        .typed_get::<IfNoneMatch>()
        .is_some_and(|inm| !inm.precondition_passes(&tag))
}

/// Middleware: `ETag`, `Cache-Control`, `Vary` on every response; 304 for a matching
/// `If-None-Match` on a successful GET/HEAD.
pub async fn etag_layer(State(state): State<Arc<AppState>>, req: Request, next: Next) -> Response {
    let base = super::api::base_url(&state, req.headers());
    let tag = entity_tag(state.fingerprint, &base, &req);
    let conditional = none_match(req.headers(), &tag);
    let is_read = matches!(*req.method(), Method::GET | Method::HEAD);
    let mut resp = next.run(req).await;
    let ok = resp.status() == StatusCode::OK;
    if ok && conditional && is_read {
        let mut r = StatusCode::NOT_MODIFIED.into_response();
        copy_caching(&state, r.headers_mut(), &tag, true);
        return r;
    }
    copy_caching(&state, resp.headers_mut(), &tag, ok);
    resp
}

fn copy_caching(state: &AppState, h: &mut HeaderMap, tag: &str, cacheable: bool) {
    if let Ok(v) = HeaderValue::from_str(tag) {
        h.insert(header::ETAG, v);
    }
    if cacheable {
        if let Ok(v) =
            HeaderValue::from_str(&format!("public, max-age={}", state.config.cache_max_age_s))
        {
            h.insert(header::CACHE_CONTROL, v);
        }
    }
    h.append(header::VARY, HeaderValue::from_static("Accept"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn browsers_get_html_clients_get_json() {
        let chrome = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8";
        assert_eq!(accept_format(chrome), Format::Html);
        assert_eq!(
            accept_format("application/geo+json, application/json;q=0.9"),
            Format::Json
        );
        assert_eq!(accept_format("*/*"), Format::Json);
        assert_eq!(accept_format("text/html;q=0"), Format::Json);
        assert_eq!(
            accept_format("text/html;q=0, application/json;q=0"),
            Format::Json
        );
        assert_eq!(accept_format("text/html; q=0.0"), Format::Json);
        assert_eq!(accept_format(""), Format::Json);
        assert_eq!(accept_format("application/json, text/html"), Format::Json);
        assert_eq!(
            accept_format("text/html;q=0.5, application/json"),
            Format::Json
        );
    }
}
