//! OGC API – Tiles 1.0 over the collections: the WebMercatorQuad tile matrix set, one vector
//! tileset per collection (`/collections/{id}/tiles/…`) and the dataset tileset (`/tiles/…`,
//! one MVT layer per collection), TileJSON 3.0.0 documents. Tiles are cut by
//! [`crate::tiles`] from each collection's view and cached; this file is the HTTP side.

use super::api::{base_url, body, link, JSON};
use super::error::ApiError;
use super::state::{AppState, Collection};
use crate::layer::FieldKind;
use crate::tiles::{self, tms, TileId, MAX_ZOOM};
use crate::view::Field;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use rayon::prelude::*;
use serde_json::{json, Value as J};
use std::sync::Arc;

/// The MVT media type.
pub const MVT: &str = "application/vnd.mapbox-vector-tile";
/// The TileJSON media type (plain JSON).
pub const TILEJSON: &str = "application/json";

/// The conformance classes of OGC API – Tiles implemented here.
pub const CONFORMANCE: &[&str] = &[
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tilesets-list",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/geodata-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/dataset-tilesets",
    "http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/mvt",
];

/// Link relations.
pub const REL_TILESETS_VECTOR: &str = "http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector";
pub const REL_TILING_SCHEMES: &str = "http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes";
const REL_TILING_SCHEME: &str = "http://www.opengis.net/def/rel/ogc/1.0/tiling-scheme";
const REL_GEODATA: &str = "http://www.opengis.net/def/rel/ogc/1.0/geodata";
const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

/// The tile routes, merged into the main router.
pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/tileMatrixSets", get(matrix_sets))
        .route("/tileMatrixSets/{tms}", get(matrix_set))
        .route("/tiles", get(dataset_tilesets))
        .route("/tiles/{tms}", get(dataset_tileset))
        .route("/tiles/{tms}/tilejson.json", get(dataset_tilejson))
        .route("/tiles/{tms}/{z}/{y}/{x}", get(dataset_tile))
        .route("/collections/{id}/tiles", get(collection_tilesets))
        .route("/collections/{id}/tiles/{tms}", get(collection_tileset))
        .route(
            "/collections/{id}/tiles/{tms}/tilejson.json",
            get(collection_tilejson),
        )
        .route(
            "/collections/{id}/tiles/{tms}/{z}/{y}/{x}",
            get(collection_tile),
        )
}

type Pairs = Result<Query<Vec<(String, String)>>, QueryRejection>;

/// Query of a JSON document route: only `f=json` is accepted.
fn json_only(q: Pairs) -> Result<(), ApiError> {
    let Query(pairs) =
        q.map_err(|e| ApiError::bad_param(format!("the query string cannot be read: {e}")))?;
    for (k, v) in &pairs {
        if k != "f" {
            return Err(ApiError::unknown_param(k));
        }
        if !matches!(v.to_ascii_lowercase().as_str(), "json" | "application/json") {
            return Err(ApiError::bad_param(format!(
                "f={v} is not a supported format here; use f=json"
            )));
        }
    }
    Ok(())
}

fn json_body(v: &J) -> Response {
    body(JSON, serde_json::to_vec(v).unwrap_or_default())
}

fn check_tms(tms: &str) -> Result<(), ApiError> {
    if tms == tms::ID {
        Ok(())
    } else {
        Err(ApiError::not_found(format!(
            "there is no tile matrix set `{tms}`; this server has {} (see /tileMatrixSets)",
            tms::ID
        )))
    }
}

fn find<'a>(st: &'a AppState, id: &str) -> Result<(usize, &'a Collection), ApiError> {
    st.by_id
        .get(id)
        .map(|&i| (i, &st.collections[i]))
        .ok_or_else(|| {
            ApiError::not_found(format!("there is no collection `{id}`; see /collections"))
        })
}

fn tile_id(z: &str, y: &str, x: &str) -> Result<TileId, ApiError> {
    TileId::parse(z, y, x).ok_or_else(|| {
        ApiError::not_found(format!(
            "tile {z}/{y}/{x} is outside {}: tileMatrix is 0 to {MAX_ZOOM}, tileRow and tileCol 0 to 2^tileMatrix − 1",
            tms::ID
        ))
    })
}

async fn matrix_sets(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    json_only(q)?;
    let base = base_url(&st, &headers);
    Ok(json_body(&json!({
        "tileMatrixSets": [{
            "id": tms::ID,
            "title": "Google Maps Compatible for the World",
            "uri": tms::URI,
            "crs": tms::CRS,
            "links": [link(format!("{base}/tileMatrixSets/{}", tms::ID), REL_TILING_SCHEME, JSON, "The tile matrix set definition")],
        }],
        "links": [link(format!("{base}/tileMatrixSets"), "self", JSON, "The tile matrix sets")],
    })))
}

async fn matrix_set(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    json_only(q)?;
    check_tms(&id)?;
    let base = base_url(&st, &headers);
    let mut doc = tms::definition();
    doc["links"] = json!([link(
        format!("{base}/tileMatrixSets/{id}"),
        "self",
        JSON,
        "This tile matrix set"
    )]);
    Ok(json_body(&doc))
}

/// OGC API – Tiles property schema of one field.
fn property_schema(f: &Field) -> J {
    let mut s = match f.kind {
        FieldKind::Text | FieldKind::TextList => json!({"type": "string"}),
        FieldKind::Integer => json!({"type": "integer"}),
        FieldKind::Real => json!({"type": "number"}),
        FieldKind::Bool => json!({"type": "boolean"}),
        FieldKind::Date => json!({"type": "string", "format": "date"}),
    };
    s["title"] = J::from(f.title_zh);
    s["description"] = J::from(f.description);
    if let Some(u) = f.unit {
        s["x-unit"] = J::from(u);
    }
    s
}

fn geometry_dimension(c: &Collection) -> Option<u8> {
    use crate::layer::GeometryType as G;
    match c.view.meta().geometry_type {
        G::Point => Some(0),
        G::LineString | G::MultiLineString => Some(1),
        G::Polygon | G::MultiPolygon => Some(2),
        G::Geometry | G::None => None,
    }
}

/// The `layers` entry of a collection in a tileset document.
fn layer_json(c: &Collection, base: &str) -> J {
    let l = c.view.meta();
    let mut props = serde_json::Map::new();
    for f in c.view.fields() {
        props.insert(f.name.to_string(), property_schema(f));
    }
    let mut layer = json!({
        "id": l.id,
        "title": l.title,
        "description": l.description,
        "dataType": "vector",
        "featureType": l.id,
        "minTileMatrix": "0",
        "maxTileMatrix": MAX_ZOOM.to_string(),
        "propertiesSchema": {"type": "object", "required": [l.key], "properties": props},
        "links": [link(format!("{base}/collections/{}", l.id), REL_GEODATA, JSON, "The collection")],
    });
    if let Some(d) = geometry_dimension(c) {
        layer["geometryDimension"] = J::from(d);
    }
    if let Some(b) = c.extent {
        layer["boundingBox"] =
            json!({"lowerLeft": [b[0], b[1]], "upperRight": [b[2], b[3]], "crs": CRS84});
    }
    layer
}

/// The union of the collections' extents.
fn extent_of<'a>(cs: impl Iterator<Item = &'a Collection>) -> Option<[f64; 4]> {
    cs.filter_map(|c| c.extent).reduce(|a, b| {
        [
            a[0].min(b[0]),
            a[1].min(b[1]),
            a[2].max(b[2]),
            a[3].max(b[3]),
        ]
    })
}

/// Tileset metadata (`…/tiles/WebMercatorQuad`): `prefix` is the tileset's path without
/// `/tiles/…` (`""` for the dataset, `/collections/{id}` for a collection).
fn tileset_json(
    title: &str,
    description: &str,
    prefix: &str,
    base: &str,
    layers: &[&Collection],
) -> J {
    let tileset = format!("{base}{prefix}/tiles/{}", tms::ID);
    let mut links = vec![
        link(&tileset, "self", JSON, "This tileset"),
        link(
            format!("{base}/tileMatrixSets/{}", tms::ID),
            REL_TILING_SCHEME,
            JSON,
            "The tile matrix set definition",
        ),
        json!({
            "href": format!("{tileset}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"),
            "rel": "item",
            "type": MVT,
            "title": "Tiles (Mapbox Vector Tiles)",
            "templated": true,
        }),
        link(
            format!("{tileset}/tilejson.json"),
            "describedby",
            TILEJSON,
            "TileJSON 3.0.0",
        ),
    ];
    if prefix.is_empty() {
        links.push(link(format!("{base}/"), REL_GEODATA, JSON, "The dataset"));
    } else {
        links.push(link(
            format!("{base}{prefix}"),
            REL_GEODATA,
            JSON,
            "The collection",
        ));
    }
    let mut doc = json!({
        "title": title,
        "description": description,
        "dataType": "vector",
        "crs": tms::CRS,
        "tileMatrixSetURI": tms::URI,
        "tileMatrixSetId": tms::ID,
        "mediaTypes": [MVT],
        "layers": layers.iter().map(|c| layer_json(c, base)).collect::<Vec<_>>(),
        "links": links,
    });
    if let Some(b) = extent_of(layers.iter().copied()) {
        doc["boundingBox"] =
            json!({"lowerLeft": [b[0], b[1]], "upperRight": [b[2], b[3]], "crs": CRS84});
    }
    doc
}

/// A tileset list (`…/tiles`) with its one WebMercatorQuad tileset.
fn tilesets_json(title: &str, prefix: &str, base: &str) -> J {
    let tileset = format!("{base}{prefix}/tiles/{}", tms::ID);
    json!({
        "tilesets": [{
            "title": title,
            "dataType": "vector",
            "crs": tms::CRS,
            "tileMatrixSetURI": tms::URI,
            "links": [
                link(&tileset, "self", JSON, "The tileset"),
                link(format!("{base}/tileMatrixSets/{}", tms::ID), REL_TILING_SCHEME, JSON, "The tile matrix set definition"),
                json!({"href": format!("{tileset}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"), "rel": "item", "type": MVT, "title": "Tiles (Mapbox Vector Tiles)", "templated": true}),
            ],
        }],
        "links": [link(format!("{base}{prefix}/tiles"), "self", JSON, "The tilesets")],
    })
}

fn vector_layer_tilejson(c: &Collection) -> J {
    let fields: serde_json::Map<String, J> = c
        .view
        .fields()
        .iter()
        .map(|f| {
            let kind = match f.kind {
                FieldKind::Integer | FieldKind::Real => "Number",
                FieldKind::Bool => "Boolean",
                _ => "String",
            };
            (f.name.to_string(), J::from(kind))
        })
        .collect();
    json!({
        "id": c.view.meta().id,
        "description": format!("{} / {}", c.view.meta().title, c.view.meta().title_zh),
        "minzoom": 0,
        "maxzoom": MAX_ZOOM,
        "fields": fields,
    })
}

fn tilejson(name: &str, description: &str, prefix: &str, base: &str, layers: &[&Collection]) -> J {
    let b = extent_of(layers.iter().copied()).unwrap_or([-180.0, -85.051_128, 180.0, 85.051_128]);
    let center = [(b[0] + b[2]) / 2.0, (b[1] + b[3]) / 2.0];
    json!({
        "tilejson": "3.0.0",
        "name": name,
        "description": description,
        "version": "1.0.0",
        "scheme": "xyz",
        "tiles": [format!("{base}{prefix}/tiles/{}/{{z}}/{{y}}/{{x}}", tms::ID)],
        "minzoom": 0,
        "maxzoom": MAX_ZOOM,
        "bounds": b,
        "center": [center[0], center[1], 8],
        "vector_layers": layers.iter().map(|c| vector_layer_tilejson(c)).collect::<Vec<_>>(),
    })
}

const DATASET_TITLE: &str = "zonescope: every collection";

async fn dataset_tilesets(
    State(st): State<Arc<AppState>>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    json_only(q)?;
    Ok(json_body(&tilesets_json(
        DATASET_TITLE,
        "",
        &base_url(&st, &headers),
    )))
}

async fn dataset_tileset(
    State(st): State<Arc<AppState>>,
    Path(tms_id): Path<String>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    json_only(q)?;
    check_tms(&tms_id)?;
    let all: Vec<&Collection> = st.collections.iter().collect();
    Ok(json_body(&tileset_json(
        DATASET_TITLE,
        "Every collection as one vector tileset: each tile holds a layer, named by its collection id, for every collection with features in it.",
        "",
        &base_url(&st, &headers),
        &all,
    )))
}

async fn dataset_tilejson(
    State(st): State<Arc<AppState>>,
    Path(tms_id): Path<String>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    json_only(q)?;
    check_tms(&tms_id)?;
    let all: Vec<&Collection> = st.collections.iter().collect();
    Ok(json_body(&tilejson(
        "zonescope",
        DATASET_TITLE,
        "",
        &base_url(&st, &headers),
        &all,
    )))
}

async fn collection_tilesets(
    State(st): State<Arc<AppState>>,
    Path(id): Path<String>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    json_only(q)?;
    let (_, c) = find(&st, &id)?;
    Ok(json_body(&tilesets_json(
        &format!("{} / {}", c.view.meta().title, c.view.meta().title_zh),
        &format!("/collections/{id}"),
        &base_url(&st, &headers),
    )))
}

async fn collection_tileset(
    State(st): State<Arc<AppState>>,
    Path((id, tms_id)): Path<(String, String)>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    json_only(q)?;
    let (_, c) = find(&st, &id)?;
    check_tms(&tms_id)?;
    Ok(json_body(&tileset_json(
        &format!("{} / {}", c.view.meta().title, c.view.meta().title_zh),
        &c.view.meta().description,
        &format!("/collections/{id}"),
        &base_url(&st, &headers),
        &[c],
    )))
}

async fn collection_tilejson(
    State(st): State<Arc<AppState>>,
    Path((id, tms_id)): Path<(String, String)>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    json_only(q)?;
    let (_, c) = find(&st, &id)?;
    check_tms(&tms_id)?;
    Ok(json_body(&tilejson(
        &c.view.meta().id,
        &format!("{} / {}", c.view.meta().title, c.view.meta().title_zh),
        &format!("/collections/{id}"),
        &base_url(&st, &headers),
        &[c],
    )))
}

/// The parsed query of a tile route.
struct TileQuery {
    /// `collections=a,b` (dataset tiles only).
    only: Option<Vec<String>>,
    /// `as-of=YYYY-MM-DD`, as given (checked against the collection by [`dated_views`]).
    as_of: Option<String>,
}

/// Query of a tile route: `f=mvt` at most; `collections=a,b` on the dataset tiles;
/// `as-of=YYYY-MM-DD` (contract §8) for the dated collections.
fn tile_query(q: Pairs, dataset: bool) -> Result<TileQuery, ApiError> {
    let Query(pairs) =
        q.map_err(|e| ApiError::bad_param(format!("the query string cannot be read: {e}")))?;
    let mut only = None;
    let mut as_of = None;
    for (k, v) in pairs {
        match k.as_str() {
            "f" if matches!(v.to_ascii_lowercase().as_str(), "mvt" | "pbf" | MVT) => {}
            "f" => {
                return Err(ApiError::bad_param(format!(
                    "f={v} is not a supported tile format; use f=mvt"
                )))
            }
            "collections" if dataset => {
                only = Some(
                    v.split(',')
                        .map(|s| s.trim().to_string())
                        .filter(|s| !s.is_empty())
                        .collect(),
                )
            }
            super::as_of::PARAM => as_of = Some(v),
            _ => return Err(ApiError::unknown_param(&k)),
        }
    }
    Ok(TileQuery { only, as_of })
}

/// The collections recomputed for `as-of` when the query asks for another date than the
/// server's (`None` otherwise); `id` is the collection asked for (the dataset tileset checks
/// against `idle-land`, a dated collection).
async fn dated_views(
    st: &Arc<AppState>,
    id: &str,
    as_of: Option<&str>,
) -> Result<Option<Arc<super::as_of::Dated>>, ApiError> {
    let Some(v) = as_of else {
        return Ok(None);
    };
    let pairs = [(super::as_of::PARAM.to_string(), v.to_string())];
    let (date, _) = st.take_as_of(id, &pairs)?;
    Ok(match date {
        Some(d) => Some(st.dated(d).await?),
        None => None,
    })
}

/// The tile of collection `i`, from the dated collections when given (not cached).
fn tile_bytes(
    st: &AppState,
    i: usize,
    t: TileId,
    dated: Option<&super::as_of::Dated>,
) -> Option<bytes::Bytes> {
    let id = st.collections[i].id();
    match dated.and_then(|d| d.get(id)) {
        Some(c) => tiles::encode_tile(c.view.as_ref(), t).map(bytes::Bytes::from),
        None => collection_bytes(st, i, t),
    }
}

/// The encoded tile of collection `i` (cached).
fn collection_bytes(st: &AppState, i: usize, t: TileId) -> Option<bytes::Bytes> {
    st.tiles.get_or_encode(i as u32, t, || {
        tiles::encode_tile(st.collections[i].view.as_ref(), t)
    })
}

/// The tile holding a layer for each of the collections `wanted` (in that order): the
/// concatenation of their single-layer tiles, encoded in parallel; `None` when all are empty.
fn layers_bytes(
    st: &AppState,
    wanted: &[u32],
    t: TileId,
    dated: Option<&super::as_of::Dated>,
) -> Option<bytes::Bytes> {
    if let [i] = wanted {
        return tile_bytes(st, *i as usize, t, dated);
    }
    let parts: Vec<Option<bytes::Bytes>> = wanted
        .par_iter()
        .map(|&i| tile_bytes(st, i as usize, t, dated))
        .collect();
    // A multi-layer tile is the concatenation of single-layer tiles.
    let n: usize = parts.iter().flatten().map(|b| b.len()).sum();
    let mut out = Vec::with_capacity(n);
    for b in parts.iter().flatten() {
        out.extend_from_slice(b);
    }
    (!out.is_empty()).then(|| bytes::Bytes::from(out))
}

/// Does `Accept-Encoding` take gzip (`gzip`, `x-gzip` or `*` with a q-value above 0; an
/// explicit `gzip;q=0` refuses it)?
fn accepts_gzip(headers: &HeaderMap) -> bool {
    let mut star = false;
    for v in headers.get_all(header::ACCEPT_ENCODING) {
        let Ok(v) = v.to_str() else { continue };
        for part in v.split(',') {
            let mut it = part.split(';');
            let name = it.next().unwrap_or("").trim();
            let q = it
                .filter_map(|p| p.trim().strip_prefix("q=").map(str::trim))
                .map(|q| q.parse::<f32>().unwrap_or(0.0))
                .next()
                .unwrap_or(1.0);
            if name.eq_ignore_ascii_case("gzip") || name.eq_ignore_ascii_case("x-gzip") {
                return q > 0.0;
            }
            if name == "*" {
                star = q > 0.0;
            }
        }
    }
    star
}

/// How a tile is answered.
enum TileBody {
    /// A cached tile: sent as stored, gzip-compressed when the client takes gzip.
    Served(Option<Arc<tiles::cache::Served>>),
    /// A tile made for this request only (`as-of`): the compression layer compresses it.
    Once(Option<bytes::Bytes>),
}

/// 200 with the tile, or 204 when it is empty; both cacheable.
fn tile_response(st: &AppState, data: TileBody, gzip: bool) -> Response {
    let mut r = match data {
        TileBody::Served(Some(s)) if gzip => {
            let mut r = body(MVT, s.gzip.clone());
            r.headers_mut()
                .insert(header::CONTENT_ENCODING, HeaderValue::from_static("gzip"));
            r
        }
        TileBody::Served(Some(s)) => body(MVT, s.raw.clone()),
        TileBody::Once(Some(b)) if !b.is_empty() => body(MVT, b),
        _ => StatusCode::NO_CONTENT.into_response(),
    };
    if let Ok(v) = HeaderValue::from_str(&format!("public, max-age={}", st.config.cache_max_age_s))
    {
        r.headers_mut().insert(header::CACHE_CONTROL, v);
    }
    r.headers_mut()
        .append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    r
}

/// The tile of the collections `wanted` (a collection tile: one): from the served-tile cache
/// (a lookup, on the async thread); on a miss made once per key on a blocking thread, where
/// other requests for the same key wait for it. Dated tiles (`as-of`) are made per request.
async fn answer_tile(
    st: Arc<AppState>,
    wanted: Vec<u32>,
    t: TileId,
    dated: Option<Arc<super::as_of::Dated>>,
    headers: &HeaderMap,
) -> Result<Response, ApiError> {
    let gzip = accepts_gzip(headers);
    let key: tiles::cache::ServedKey = (wanted.into_boxed_slice(), t);
    if dated.is_none() {
        if let Some(hit) = st.tiles.served(&key) {
            return Ok(tile_response(&st, TileBody::Served(hit), gzip));
        }
    }
    let st2 = st.clone();
    let data = tokio::task::spawn_blocking(move || match dated {
        Some(d) => TileBody::Once(layers_bytes(&st2, &key.0, t, Some(&d))),
        None => {
            let wanted = key.0.clone();
            TileBody::Served(
                st2.tiles
                    .served_or_make(key, || layers_bytes(&st2, &wanted, t, None)),
            )
        }
    })
    .await
    .map_err(|e| ApiError::server(format!("encoding the tile failed: {e}")))?;
    Ok(tile_response(&st, data, gzip))
}

async fn collection_tile(
    State(st): State<Arc<AppState>>,
    Path((id, tms_id, z, y, x)): Path<(String, String, String, String, String)>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    let tq = tile_query(q, false)?;
    let (i, _) = find(&st, &id)?;
    check_tms(&tms_id)?;
    let t = tile_id(&z, &y, &x)?;
    let dated = dated_views(&st, &id, tq.as_of.as_deref()).await?;
    answer_tile(st, vec![i as u32], t, dated, &headers).await
}

async fn dataset_tile(
    State(st): State<Arc<AppState>>,
    Path((tms_id, z, y, x)): Path<(String, String, String, String)>,
    headers: HeaderMap,
    q: Pairs,
) -> Result<Response, ApiError> {
    let tq = tile_query(q, true)?;
    check_tms(&tms_id)?;
    let t = tile_id(&z, &y, &x)?;
    let dated = dated_views(&st, "idle-land", tq.as_of.as_deref()).await?;
    let wanted: Vec<u32> = match &tq.only {
        None => (0..st.collections.len() as u32).collect(),
        Some(ids) => ids
            .iter()
            .map(|id| find(&st, id).map(|(i, _)| i as u32))
            .collect::<Result<_, _>>()?,
    };
    answer_tile(st, wanted, t, dated, &headers).await
}

/// The tile routes of the OpenAPI document (`/api`).
pub fn openapi_paths(st: &AppState) -> serde_json::Map<String, J> {
    let err = |d: &str| json!({"description": d, "content": {JSON: {"schema": {"$ref": "#/components/schemas/exception"}}}});
    let doc_op = |id: &str, summary: &str, params: Vec<J>| {
        json!({"get": {
            "operationId": id, "summary": summary, "tags": ["Tiles"],
            "parameters": params,
            "responses": {
                "200": {"description": summary, "content": {JSON: {"schema": {"type": "object"}}}},
                "400": err("An unknown query parameter or an unsupported f."),
                "404": err("No such collection or tile matrix set."),
                "500": err("A server error."),
            }
        }})
    };
    let f = json!({"name": "f", "in": "query", "required": false, "schema": {"type": "string", "enum": ["json"]}});
    let tms_param = json!({"name": "tileMatrixSetId", "in": "path", "required": true, "schema": {"type": "string", "enum": [tms::ID]}});
    let zyx = [
        json!({"name": "tileMatrix", "in": "path", "required": true, "description": "Zoom level z (0–22).", "schema": {"type": "integer", "minimum": 0, "maximum": MAX_ZOOM}}),
        json!({"name": "tileRow", "in": "path", "required": true, "description": "Row y, from the top (0 to 2^z − 1).", "schema": {"type": "integer", "minimum": 0}}),
        json!({"name": "tileCol", "in": "path", "required": true, "description": "Column x, from the west (0 to 2^z − 1).", "schema": {"type": "integer", "minimum": 0}}),
    ];
    let tile_op = |id: &str, summary: &str, dataset: bool| {
        let mut params = vec![tms_param.clone()];
        params.extend(zyx.iter().cloned());
        params.push(json!({"name": "f", "in": "query", "required": false, "schema": {"type": "string", "enum": ["mvt"]}}));
        if dataset {
            params.push(json!({"name": "collections", "in": "query", "required": false, "description": "Only these collections (comma-separated ids).", "schema": {"type": "string"}, "style": "form", "explode": false}));
        }
        json!({"get": {
            "operationId": id, "summary": summary, "tags": ["Tiles"],
            "parameters": params,
            "responses": {
                "200": {"description": "A Mapbox Vector Tile.", "content": {MVT: {"schema": {"type": "string", "format": "binary"}}}},
                "204": {"description": "Nothing in this tile."},
                "400": err("An unknown query parameter or an unsupported f."),
                "404": err("No such collection, or a tile outside the matrix set."),
                "500": err("A server error."),
            }
        }})
    };
    let mut paths = serde_json::Map::new();
    paths.insert(
        "/tileMatrixSets".into(),
        doc_op(
            "getTileMatrixSetsList",
            "The tile matrix sets",
            vec![f.clone()],
        ),
    );
    paths.insert(
        "/tileMatrixSets/{tileMatrixSetId}".into(),
        doc_op(
            "getTileMatrixSet",
            "A tile matrix set definition (OGC 17-083r4)",
            vec![tms_param.clone(), f.clone()],
        ),
    );
    paths.insert(
        "/tiles".into(),
        doc_op(
            "getDatasetTilesets",
            "The dataset's vector tilesets",
            vec![f.clone()],
        ),
    );
    paths.insert(
        "/tiles/{tileMatrixSetId}".into(),
        doc_op(
            "getDatasetTileset",
            "The dataset tileset's metadata",
            vec![tms_param.clone(), f.clone()],
        ),
    );
    paths.insert(
        "/tiles/{tileMatrixSetId}/tilejson.json".into(),
        doc_op(
            "getDatasetTileJSON",
            "The dataset tileset as TileJSON 3.0.0",
            vec![tms_param.clone(), f.clone()],
        ),
    );
    paths.insert(
        "/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}".into(),
        tile_op("getDatasetTile", "A tile with a layer per collection", true),
    );
    for c in &st.collections {
        let id = &c.view.meta().id;
        paths.insert(
            format!("/collections/{id}/tiles"),
            doc_op(
                &format!("getTilesets.{id}"),
                &format!("Vector tilesets of {id}"),
                vec![f.clone()],
            ),
        );
        paths.insert(
            format!("/collections/{id}/tiles/{{tileMatrixSetId}}"),
            doc_op(
                &format!("getTileset.{id}"),
                &format!("Tileset metadata of {id}"),
                vec![tms_param.clone(), f.clone()],
            ),
        );
        paths.insert(
            format!("/collections/{id}/tiles/{{tileMatrixSetId}}/tilejson.json"),
            doc_op(
                &format!("getTileJSON.{id}"),
                &format!("TileJSON 3.0.0 of {id}"),
                vec![tms_param.clone(), f.clone()],
            ),
        );
        paths.insert(format!("/collections/{id}/tiles/{{tileMatrixSetId}}/{{tileMatrix}}/{{tileRow}}/{{tileCol}}"), tile_op(&format!("getTile.{id}"), &format!("A tile of {id}"), false));
    }
    paths.insert("/map".into(), json!({"get": {"operationId": "getMap", "summary": "The web map (MapLibre GL JS)", "responses": {"200": {"description": "An HTML page.", "content": {"text/html": {"schema": {"type": "string"}}}}}}}));
    paths
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ae(v: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::ACCEPT_ENCODING, HeaderValue::from_str(v).unwrap());
        h
    }

    #[test]
    fn gzip_is_taken_when_accept_encoding_allows_it() {
        for yes in [
            "gzip",
            "gzip, deflate, br",
            "br;q=1, GZIP;q=0.5",
            "x-gzip",
            "*",
            "br, *;q=0.1",
        ] {
            assert!(accepts_gzip(&ae(yes)), "{yes}");
        }
        for no in [
            "",
            "identity",
            "br",
            "gzip;q=0",
            "gzip; q=0.0, *",
            "*;q=0",
            "deflate",
        ] {
            assert!(!accepts_gzip(&ae(no)), "{no}");
        }
        assert!(!accepts_gzip(&HeaderMap::new()));
    }
}
