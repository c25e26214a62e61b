//! Routes and handlers: each turns the parsed request and the shared state into JSON
//! (built here or pre-encoded) or HTML ([`super::html`]).

use super::api::{
    base_url, body, encode_component, link, query_string, CONFORMANCE, GEOJSON, HTML, JSON,
    OPENAPI, QUERYABLES_REL, SCHEMA_JSON,
};
use super::crs::{Crs, CRS84_URI};
use super::encode;
use super::error::ApiError;
use super::headers::{negotiate, Format};
use super::query::{self, ItemsQuery};
use super::state::{AppState, Collection};
use super::{html, openapi};
use crate::view::View;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue};
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value as J};
use std::sync::Arc;

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// The router over the state (without the HTTP-manners layers, see [`super::app`]).
pub fn routes(state: Arc<AppState>) -> Router {
    Router::new()
        .route("/", get(landing))
        .route("/conformance", get(conformance))
        .route("/api", get(api))
        .route("/health", get(health))
        .route("/collections", get(collections))
        .route("/collections/{id}", get(collection))
        .route("/collections/{id}/items", get(items))
        .route("/collections/{id}/queryables", get(queryables))
        .route("/collections/{id}/items/{fid}", get(item))
        .route("/collections/{id}/schema", get(collection_schema))
        .route("/collections/{id}/feature-schema", get(feature_schema))
        .route("/collections/{id}/styles", get(styles_list))
        .route("/styles/{file}", get(style_file))
        .merge(super::tiles::routes())
        .merge(super::map::routes())
        .fallback(|| async { ApiError::not_found("no such resource; start at /") })
        .method_not_allowed_fallback(|| async { ApiError::method_not_allowed() })
        .with_state(state)
}

fn pairs_of(q: Pairs) -> Result<Vec<(String, String)>, ApiError> {
    q.map(|Query(p)| p)
        .map_err(|e| ApiError::bad_param(format!("the query string cannot be read: {e}")))
}

/// The query of a route whose only parameter is `f` (anything else → 400).
fn f_only(q: Pairs) -> Result<Vec<(String, String)>, ApiError> {
    let pairs = pairs_of(q)?;
    if let Some((k, _)) = pairs.iter().find(|(k, _)| k != "f") {
        return Err(ApiError::unknown_param(k));
    }
    Ok(pairs)
}

fn f_of(pairs: &[(String, String)]) -> Option<&str> {
    pairs
        .iter()
        .find(|(k, _)| k == "f")
        .map(|(_, v)| v.as_str())
}

fn json_body(content_type: &str, v: &J) -> Response {
    body(content_type, serde_json::to_vec(v).unwrap_or_default())
}

fn html_body(page: String) -> Response {
    body("text/html; charset=utf-8", page)
}

fn with_f(mut pairs: Vec<(String, String)>, f: &str) -> Vec<(String, String)> {
    pairs.retain(|(k, _)| k != "f");
    pairs.push(("f".into(), f.into()));
    pairs
}

async fn landing(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    let pairs = f_only(q)?;
    let base = base_url(&st, &headers);
    let links = vec![
        link(format!("{base}/?f=json"), "self", JSON, "This document"),
        link(
            format!("{base}/?f=html"),
            "alternate",
            HTML,
            "This document as HTML",
        ),
        link(
            format!("{base}/api"),
            "service-desc",
            OPENAPI,
            "The API definition (OpenAPI 3.0)",
        ),
        link(
            format!("{base}/api?f=html"),
            "service-doc",
            HTML,
            "The API documentation",
        ),
        link(
            format!("{base}/conformance"),
            "conformance",
            JSON,
            "Conformance classes",
        ),
        link(
            format!("{base}/conformance"),
            "http://www.opengis.net/def/rel/ogc/1.0/conformance",
            JSON,
            "Conformance classes",
        ),
        link(
            format!("{base}/collections"),
            "data",
            JSON,
            "The collections",
        ),
        link(
            format!("{base}/collections"),
            "http://www.opengis.net/def/rel/ogc/1.0/data",
            JSON,
            "The collections",
        ),
        link(
            format!("{base}/health"),
            "status",
            JSON,
            "Readiness and counts",
        ),
        link(
            format!("{base}/tiles"),
            super::tiles::REL_TILESETS_VECTOR,
            JSON,
            "Vector tiles of every collection (OGC API – Tiles, MVT)",
        ),
        link(
            format!("{base}/tileMatrixSets"),
            super::tiles::REL_TILING_SCHEMES,
            JSON,
            "Tile matrix sets",
        ),
        link(
            format!("{base}/map"),
            "alternate",
            HTML,
            "Web map (MapLibre) / 网络地图",
        ),
    ];
    let doc = json!({
        "title": "zonescope",
        "description": format!(
            "Industrial cluster districts of Henan (河南省产业集聚区): land-use intensity, idle land, road connectivity and village relocation as of {}; data: {}.",
            st.as_of, st.source
        ),
        "links": links,
    });
    Ok(match negotiate(f_of(&pairs), &headers)? {
        Format::Json => json_body(JSON, &doc),
        Format::Html => html_body(html::landing(&st, &base)),
    })
}

async fn conformance(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    let pairs = f_only(q)?;
    let classes: Vec<&str> = CONFORMANCE
        .iter()
        .chain(super::tiles::CONFORMANCE)
        .copied()
        .collect();
    let doc = json!({ "conformsTo": classes });
    Ok(match negotiate(f_of(&pairs), &headers)? {
        Format::Json => json_body(JSON, &doc),
        Format::Html => html_body(html::conformance(&st, &base_url(&st, &headers))),
    })
}

async fn api(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    let pairs = f_only(q)?;
    let base = base_url(&st, &headers);
    Ok(match negotiate(f_of(&pairs), &headers)? {
        Format::Json => json_body(OPENAPI, &openapi::document(&st, &base)),
        Format::Html => html_body(html::api_doc(&st, &base)),
    })
}

async fn health(State(st): State<Arc<AppState>>) -> Response {
    let counts: serde_json::Map<String, J> = st
        .collections
        .iter()
        .map(|c| (c.id().to_string(), J::from(c.view.len())))
        .collect();
    json_body(
        JSON,
        &json!({
            "status": "ready",
            "as_of": st.as_of.to_string(),
            "source": st.source,
            "loaded_at": st.loaded_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "collections": counts,
        }),
    )
}

/// The JSON description of a collection.
pub fn collection_json(st: &AppState, c: &Collection, base: &str) -> J {
    let id = c.id();
    let meta = c.view.meta();
    let bbox = c.extent.unwrap_or([-180.0, -90.0, 180.0, 90.0]);
    let mut links = vec![
        link(
            format!("{base}/collections/{id}?f=json"),
            "self",
            JSON,
            "This collection",
        ),
        link(
            format!("{base}/collections/{id}?f=html"),
            "alternate",
            HTML,
            "This collection as HTML",
        ),
        link(
            format!("{base}/collections/{id}/items?f=json"),
            "items",
            GEOJSON,
            "The features as GeoJSON",
        ),
        link(
            format!("{base}/collections/{id}/items?f=html"),
            "items",
            HTML,
            "The features as HTML",
        ),
        link(
            format!("{base}/collections?f=json"),
            "collection",
            JSON,
            "All collections",
        ),
    ];
    links.push(link(
        format!("{base}/collections/{id}/tiles"),
        super::tiles::REL_TILESETS_VECTOR,
        JSON,
        "Vector tiles (OGC API – Tiles, MVT)",
    ));
    links.push(link(
        format!("{base}/map#{id}"),
        "related",
        HTML,
        "This layer on the web map / 网络地图",
    ));
    links.push(link(
        format!("{base}/collections/{id}/queryables"),
        QUERYABLES_REL,
        SCHEMA_JSON,
        "The properties a filter, sortby or properties may name",
    ));
    links.extend(super::schema::links(base, id));
    if !st.styles.for_collection(id).is_empty() {
        links.push(link(
            format!("{base}/collections/{id}/styles"),
            "http://www.opengis.net/def/rel/ogc/1.0/styles",
            JSON,
            "Layer styles (QML, SLD, MapLibre)",
        ));
    }
    json!({
        "id": id,
        "title": meta.title,
        "title_zh": meta.title_zh,
        "description": meta.description,
        "itemType": "feature",
        "geometryType": meta.geometry_type.as_str(),
        "itemCount": c.view.len(),
        "extent": {"spatial": {"bbox": [bbox], "crs": CRS84_URI}},
        "crs": Crs::all().iter().map(Crs::uri).collect::<Vec<_>>(),
        "storageCrs": CRS84_URI,
        "as_of": st.as_of.format("%Y-%m-%d").to_string(),
        "links": links,
    })
}

async fn collections(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    let pairs = f_only(q)?;
    let base = base_url(&st, &headers);
    Ok(match negotiate(f_of(&pairs), &headers)? {
        Format::Json => json_body(
            JSON,
            &json!({
                "links": [
                    link(format!("{base}/collections?f=json"), "self", JSON, "The collections"),
                    link(format!("{base}/collections?f=html"), "alternate", HTML, "The collections as HTML"),
                ],
                "collections": st.collections.iter().map(|c| collection_json(&st, c, &base)).collect::<Vec<_>>(),
            }),
        ),
        Format::Html => html_body(html::collections(&st, &base)),
    })
}

fn find<'a>(st: &'a AppState, id: &str) -> Result<&'a Collection, ApiError> {
    st.collection(id).ok_or_else(|| {
        ApiError::not_found(format!("there is no collection `{id}`; see /collections"))
    })
}

async fn collection(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    let all = pairs_of(q)?;
    let c = find(&st, &id)?;
    let (date, pairs) = st.take_as_of(&id, &all)?;
    if let Some((k, _)) = pairs.iter().find(|(k, _)| k != "f") {
        return Err(ApiError::unknown_param(k));
    }
    let base = base_url(&st, &headers);
    Ok(match negotiate(f_of(&pairs), &headers)? {
        Format::Json => {
            let mut doc = collection_json(&st, c, &base);
            if let Some(d) = date {
                doc["as_of"] = json!(d.format("%Y-%m-%d").to_string());
            }
            json_body(JSON, &doc)
        }
        Format::Html => html_body(html::collection(&st, c, &base)),
    })
}

async fn queryables(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    let pairs = f_only(q)?;
    let c = find(&st, &id)?;
    let base = base_url(&st, &headers);
    let doc = crate::filter::queryables::document(
        c.view.as_ref(),
        &format!("{base}/collections/{id}/queryables"),
    );
    Ok(match negotiate(f_of(&pairs), &headers)? {
        Format::Json => json_body(SCHEMA_JSON, &doc),
        Format::Html => html_body(html::queryables(&st, c, &base, &doc)),
    })
}

/// `GET /collections/{id}/schema` (OGC API – Features Part 5).
async fn collection_schema(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    f_only(q)?;
    let c = find(&st, &id)?;
    let base = base_url(&st, &headers);
    let doc = super::schema::for_view(c.view.as_ref(), &format!("{base}/collections/{id}/schema"));
    Ok(json_body(super::schema::SCHEMA_JSON, &doc))
}

/// `GET /collections/{id}/feature-schema`: the JSON Schema of a GeoJSON feature.
async fn feature_schema(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    f_only(q)?;
    let c = find(&st, &id)?;
    let base = base_url(&st, &headers);
    let url = format!("{base}/collections/{id}/feature-schema");
    let doc = super::schema::feature_for_view(c.view.as_ref(), &url);
    Ok(json_body(super::schema::SCHEMA_JSON, &doc))
}

/// The features an items query selects, in layer order (or `sortby` order up to the end of
/// the page asked for; the rows after it are in no particular order).
pub enum Selection {
    /// Every feature (no bbox, no filter).
    All(usize),
    Some(Vec<u32>),
}

impl Selection {
    pub fn len(&self) -> usize {
        match self {
            Selection::All(n) => *n,
            Selection::Some(v) => v.len(),
        }
    }
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Runs the bbox (R-tree, then exact intersection), the property equality filters and the
/// CQL2 filter (AND-ed), then `sortby`.
pub fn select(view: &dyn View, q: &ItemsQuery) -> Result<Selection, ApiError> {
    let n = view.len();
    if q.area.is_none() && q.filters.is_empty() && q.cql.is_none() && q.sortby.is_empty() {
        return Ok(Selection::All(n));
    }
    let mut idx: Option<Vec<u32>> = q.area.as_ref().map(|area| {
        // R-tree candidates; an envelope inside a query rectangle (or inside the checked
        // inner rectangle of a projected outline) needs no exact test.
        let mut sure: Vec<u32> = Vec::new();
        let mut maybe: Vec<u32> = Vec::new();
        let inner = area
            .inner_rect()
            .map(|r| rstar::AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]));
        for r in &area.envelopes() {
            let q = rstar::AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]);
            for e in view.index().locate_in_envelope_intersecting(&q) {
                let env = rstar::RTreeObject::envelope(e.geom());
                let within =
                    |b: &rstar::AABB<[f64; 2]>| rstar::Envelope::contains_envelope(b, &env);
                if (area.is_rects() && within(&q)) || inner.as_ref().is_some_and(within) {
                    sure.push(e.data);
                } else {
                    maybe.push(e.data);
                }
            }
        }
        maybe.retain(|&i| {
            view.geometry(i as usize)
                .is_some_and(|g| area.intersects(g))
        });
        sure.extend(maybe);
        sure.sort_unstable();
        sure.dedup();
        sure
    });
    if !q.filters.is_empty() {
        let keep = |i: u32| {
            q.filters
                .iter()
                .all(|(k, want)| want.matches(view.value(i as usize, *k)))
        };
        idx = Some(match idx {
            Some(mut v) => {
                v.retain(|&i| keep(i));
                v
            }
            None => (0..n as u32).filter(|&i| keep(i)).collect(),
        });
    }
    if let Some(spec) = &q.cql {
        let f = spec.compile(view)?;
        idx = Some(f.select(view, idx.as_deref()));
    }
    let mut idx = idx.unwrap_or_else(|| (0..n as u32).collect());
    // Only the rows up to the end of the page need their final place.
    crate::filter::sort_page(view, &mut idx, &q.sortby, q.offset.saturating_add(q.limit));
    Ok(Selection::Some(idx))
}

fn crs_header(r: &mut Response, crs: &Crs) {
    if let Ok(v) = HeaderValue::from_str(&format!("<{}>", crs.uri())) {
        r.headers_mut().insert("Content-Crs", v);
    }
}

async fn items(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    let pairs = pairs_of(q)?;
    find(&st, &id)?;
    let (date, plain) = st.take_as_of(&id, &pairs)?;
    let dated = match date {
        Some(d) => Some(st.dated(d).await?),
        None => None,
    };
    let c = match &dated {
        Some(d) => d.get(&id).expect("a dated collection"),
        None => find(&st, &id)?,
    };
    let iq = query::parse_items(&plain, c.view.as_ref())?;
    let format = negotiate(iq.f.as_deref(), &headers)?;
    let base = base_url(&st, &headers);
    // Exact tests against a projected outline, CQL2 filters and sorts are CPU work: kept off
    // the async workers.
    let sel = if iq.cql.is_some()
        || !iq.sortby.is_empty()
        || iq.area.as_ref().is_some_and(|a| !a.is_rects())
    {
        let (st2, id2, iq2, dated2) = (st.clone(), id.clone(), iq.clone(), dated.clone());
        tokio::task::spawn_blocking(move || {
            let c = match &dated2 {
                Some(d) => d.get(&id2),
                None => st2.collection(&id2),
            };
            c.map(|c| select(c.view.as_ref(), &iq2))
        })
        .await
        .map_err(|e| ApiError::server(format!("the query failed: {e}")))?
        .ok_or_else(|| ApiError::not_found(format!("no collection `{id}`")))??
    } else {
        select(c.view.as_ref(), &iq)?
    };
    let matched = sel.len();
    let start = iq.offset.min(matched);
    let end = start.saturating_add(iq.limit).min(matched);

    // Links keep every parameter but paging and format.
    let keep: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "f" | "offset" | "limit"))
        .cloned()
        .collect();
    let page_pairs = |offset: usize, f: &str| {
        let mut p = keep.clone();
        p.push(("limit".into(), iq.limit.to_string()));
        if offset > 0 {
            p.push(("offset".into(), offset.to_string()));
        }
        with_f(p, f)
    };
    let href =
        |p: Vec<(String, String)>| format!("{base}/collections/{id}/items{}", query_string(&p));
    let mut links = vec![
        link(
            href(page_pairs(iq.offset, "json")),
            "self",
            GEOJSON,
            "This page",
        ),
        link(
            href(page_pairs(iq.offset, "html")),
            "alternate",
            HTML,
            "This page as HTML",
        ),
    ];
    if end < matched {
        links.push(link(
            href(page_pairs(end, "json")),
            "next",
            GEOJSON,
            "Next page",
        ));
    }
    if iq.offset > 0 {
        links.push(link(
            href(page_pairs(iq.offset.saturating_sub(iq.limit), "json")),
            "prev",
            GEOJSON,
            "Previous page",
        ));
    }
    links.push(link(
        format!("{base}/collections/{id}?f=json"),
        "collection",
        JSON,
        "The collection",
    ));

    let positions: Vec<usize> = match &sel {
        Selection::All(_) => (start..end).collect(),
        Selection::Some(v) => v[start..end].iter().map(|&i| i as usize).collect(),
    };
    if format == Format::Html {
        let mut r = html_body(html::items(
            &st,
            c,
            &base,
            &positions,
            matched,
            iq.offset,
            &links,
            &pairs,
            iq.properties.as_deref(),
        ));
        crs_header(&mut r, &Crs::Crs84);
        return Ok(r);
    }

    let mut buf = Vec::with_capacity(256 + links.len() * 200);
    buf.extend_from_slice(br#"{"type":"FeatureCollection","numberMatched":"#);
    buf.extend_from_slice(matched.to_string().as_bytes());
    buf.extend_from_slice(br#","numberReturned":"#);
    buf.extend_from_slice((end - start).to_string().as_bytes());
    buf.extend_from_slice(br#","timeStamp":"#);
    encode::write_str(
        &mut buf,
        &st.loaded_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    );
    buf.extend_from_slice(br#","links":"#);
    let _ = serde_json::to_writer(&mut buf, &links);
    buf.extend_from_slice(br#","features":["#);
    let crs = iq.crs;
    let cols = iq.properties.clone();
    let dated = dated.clone();
    let encode_page = move |st: &AppState, mut buf: Vec<u8>| {
        let c = match &dated {
            Some(d) => d.get(&id),
            None => st.collection(&id),
        };
        let Some(c) = c else {
            return buf;
        };
        for (k, &i) in positions.iter().enumerate() {
            if k > 0 {
                buf.push(b',');
            }
            match &cols {
                Some(cols) => encode::write_selected(&mut buf, c.view.as_ref(), i, cols, &crs),
                None => encode::write_feature(&mut buf, c.view.as_ref(), i, &crs),
            }
        }
        buf
    };
    // Large pages are CPU work: keep them off the async workers.
    buf = if end - start > 1000 {
        let st2 = st.clone();
        tokio::task::spawn_blocking(move || encode_page(&st2, buf))
            .await
            .map_err(|e| ApiError::server(format!("encoding failed: {e}")))?
    } else {
        encode_page(&st, buf)
    };
    buf.extend_from_slice(b"]}");
    let mut r = body(GEOJSON, buf);
    crs_header(&mut r, &iq.crs);
    Ok(r)
}

async fn item(
    State(st): State<Arc<AppState>>,
    Path((id, fid)): Path<(String, String)>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    let pairs = pairs_of(q)?;
    find(&st, &id)?;
    let (date, plain) = st.take_as_of(&id, &pairs)?;
    let dated = match date {
        Some(d) => Some(st.dated(d).await?),
        None => None,
    };
    let c = match &dated {
        Some(d) => d.get(&id).expect("a dated collection"),
        None => find(&st, &id)?,
    };
    let (crs, f) = query::parse_feature_query(&plain)?;
    let format = negotiate(f.as_deref(), &headers)?;
    let i = c
        .row_of(&fid)
        .ok_or_else(|| ApiError::not_found(format!("collection `{id}` has no feature `{fid}`")))?;
    let base = base_url(&st, &headers);
    let enc = encode_component(&fid);
    let crs_pair: Vec<(String, String)> = pairs
        .iter()
        .filter(|(k, _)| k == "crs" || k == super::as_of::PARAM)
        .cloned()
        .collect();
    let links = vec![
        link(
            format!(
                "{base}/collections/{id}/items/{enc}{}",
                query_string(&with_f(crs_pair.clone(), "json"))
            ),
            "self",
            GEOJSON,
            "This feature",
        ),
        link(
            format!("{base}/collections/{id}/items/{enc}?f=html"),
            "alternate",
            HTML,
            "This feature as HTML",
        ),
        link(
            format!("{base}/collections/{id}?f=json"),
            "collection",
            JSON,
            "The collection",
        ),
    ];
    if format == Format::Html {
        let mut r = html_body(html::feature(&st, c, i, &base));
        crs_header(&mut r, &Crs::Crs84);
        return Ok(r);
    }
    let mut buf = Vec::new();
    encode::write_feature(&mut buf, c.view.as_ref(), i, &crs);
    // Insert the links before the closing brace.
    buf.pop();
    buf.extend_from_slice(br#","links":"#);
    let _ = serde_json::to_writer(&mut buf, &links);
    buf.push(b'}');
    let mut r = body(GEOJSON, buf);
    crs_header(&mut r, &crs);
    Ok(r)
}

async fn styles_list(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let c = find(&st, &id)?;
    let base = base_url(&st, &headers);
    let files = st.styles.for_collection(c.id());
    let styles: Vec<J> = if files.is_empty() {
        Vec::new()
    } else {
        vec![json!({
            "id": "default",
            "title": format!("{} / {}", c.view.meta().title, c.view.meta().title_zh),
            "links": files.iter().map(|(name, fmt)| link(format!("{base}/styles/{name}"), "stylesheet", fmt.media_type, fmt.title)).collect::<Vec<_>>(),
        })]
    };
    Ok(json_body(
        JSON,
        &json!({
            "styles": styles,
            "links": [link(format!("{base}/collections/{id}/styles"), "self", JSON, "Styles of this collection")],
        }),
    ))
}

async fn style_file(
    State(st): State<Arc<AppState>>,
    Path(file): Path<String>,
) -> Result<Response, ApiError> {
    let (fmt, bytes) = st
        .styles
        .get(&file)
        .ok_or_else(|| ApiError::not_found(format!("there is no style file `{file}`")))?;
    Ok(body(fmt.media_type, bytes.to_vec()))
}
