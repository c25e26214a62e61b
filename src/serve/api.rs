//! The API's vocabulary, shared by every handler module: media types, conformance classes,
//! link objects, the public base URL, query strings and plain responses. It depends on no
//! handler module, so routes, HTML pages, OpenAPI, tiles and the map all build on it.

use super::state::AppState;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde_json::{json, Value as J};

/// Media types.
pub const JSON: &str = "application/json";
pub const GEOJSON: &str = "application/geo+json";
pub const HTML: &str = "text/html";
pub const OPENAPI: &str = "application/vnd.oai.openapi+json;version=3.0";

/// The conformance classes the server implements.
pub const CONFORMANCE: &[&str] = &[
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
    "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
    "http://www.opengis.net/spec/cql2/1.0/conf/cql2-json",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
    "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
    "http://www.opengis.net/spec/cql2/1.0/conf/case-insensitive-comparison",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus",
    "http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions",
    "http://www.opengis.net/spec/cql2/1.0/conf/property-property",
    "http://www.opengis.net/spec/cql2/1.0/conf/arithmetic",
    "http://www.opengis.net/spec/cql2/1.0/conf/array-functions",
];

/// The relation type of a collection's queryables link.
pub const QUERYABLES_REL: &str = "http://www.opengis.net/def/rel/ogc/1.0/queryables";
/// Media type of the queryables document.
pub const SCHEMA_JSON: &str = "application/schema+json";

/// The public base URL: the config's `base_url`, else `http://` + the `Host` header.
pub fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    if let Some(b) = &state.config.base_url {
        return b.trim_end_matches('/').to_string();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| super::guard::valid_host(h))
        .unwrap_or(&state.config.addr);
    format!("http://{host}")
}

/// A link object.
pub fn link(href: impl Into<String>, rel: &str, media_type: &str, title: &str) -> J {
    json!({"href": href.into(), "rel": rel, "type": media_type, "title": title})
}

/// A response with a body and content type.
pub fn body(content_type: &str, bytes: impl Into<axum::body::Body>) -> Response {
    let mut r = Response::new(bytes.into());
    if let Ok(v) = HeaderValue::from_str(content_type) {
        r.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    r
}

/// What a query component keeps unencoded: RFC 3986's unreserved characters, plus `,`, `:`
/// and `/` for readable bbox, CRS and datetime values.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~')
    .remove(b',')
    .remove(b':')
    .remove(b'/');

/// Percent-encodes a query component (UTF-8; see [`COMPONENT`] for what stays as it is).
pub fn encode_component(s: &str) -> String {
    utf8_percent_encode(s, COMPONENT).to_string()
}

/// `?k=v&…` from pairs (empty string for none).
pub fn query_string(pairs: &[(String, String)]) -> String {
    if pairs.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = pairs
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect();
    format!("?{}", parts.join("&"))
}
