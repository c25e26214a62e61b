//! `GET /map`: the web map (MapLibre GL JS) over the dataset tiles, with everything it loads
//! served from here: the vendored MapLibre release files (`assets/maplibre/`), the page's
//! script and stylesheet (`assets/map/`) and `/map/config.json`, which carries each layer's
//! titles, field titles (Chinese), shipped MapLibre style layers and extent. No glyphs or
//! sprites are needed (the styles draw no text or icons); a basemap only when the config names
//! one (`[server] basemap_url`).

use super::api::{base_url, body, JSON};
use super::state::{AppState, Collection};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json, Value as J};
use std::sync::Arc;

const MAPLIBRE_JS: &[u8] = include_bytes!("../../assets/maplibre/maplibre-gl.js");
const MAPLIBRE_CSS: &[u8] = include_bytes!("../../assets/maplibre/maplibre-gl.css");
const MAPLIBRE_LICENSE: &[u8] = include_bytes!("../../assets/maplibre/LICENSE.txt");
const MAP_JS: &str = include_str!("../../assets/map/map.js");
const MAP_CSS: &str = include_str!("../../assets/map/map.css");
const MAP_HTML: &str = include_str!("../../assets/map/map.html");

/// Drawing order, bottom to top; collections not named here come after, in their own order.
const ORDER: &[&str] = &[
    "zones",
    "zone-intensity",
    "zone-connectivity",
    "zone-relocation",
    "parcels",
    "parcel-intensity",
    "idle-land",
    "roads",
    "connector-paths",
    "villages",
    "relocation",
];

/// Switched on when the page opens (the others are one click away).
const VISIBLE: &[&str] = &["zones", "parcels", "idle-land", "roads"];

pub fn routes() -> Router<Arc<AppState>> {
    Router::new()
        .route("/map", get(page))
        .route("/map/", get(page))
        .route("/map/config.json", get(config))
        .route(
            "/map/maplibre-gl.js",
            get(|| async { body("text/javascript; charset=utf-8", MAPLIBRE_JS) }),
        )
        .route(
            "/map/maplibre-gl.css",
            get(|| async { body("text/css; charset=utf-8", MAPLIBRE_CSS) }),
        )
        .route(
            "/map/maplibre-gl-LICENSE.txt",
            get(|| async { body("text/plain; charset=utf-8", MAPLIBRE_LICENSE) }),
        )
        .route(
            "/map/map.js",
            get(|| async { body("text/javascript; charset=utf-8", MAP_JS) }),
        )
        .route(
            "/map/map.css",
            get(|| async { body("text/css; charset=utf-8", MAP_CSS) }),
        )
}

async fn page(State(st): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let base = base_url(&st, &headers);
    body(
        "text/html; charset=utf-8",
        MAP_HTML.replace("{{base}}", &base),
    )
}

/// The collection's MapLibre style layers: the served styles folder's file, else the shipped
/// one, else a plain style by geometry type.
fn style_layers(st: &AppState, c: &Collection) -> Vec<J> {
    let id = &c.view.meta().id;
    let parsed = st
        .styles
        .get(&format!("{id}.maplibre.json"))
        .and_then(|(_, bytes)| serde_json::from_slice::<J>(bytes).ok())
        .or_else(|| {
            crate::audit::styles::style(id).and_then(|s| serde_json::from_str::<J>(s.maplibre).ok())
        });
    if let Some(J::Array(layers)) = parsed {
        return layers;
    }
    use crate::layer::GeometryType as G;
    let grey = "#78909c";
    match c.view.meta().geometry_type {
        G::Point => vec![json!({"id": format!("{id}-circle"), "type": "circle",
            "paint": {"circle-radius": 4, "circle-color": grey, "circle-stroke-color": "#fff", "circle-stroke-width": 1}})],
        G::LineString | G::MultiLineString => {
            vec![json!({"id": format!("{id}-line"), "type": "line",
            "paint": {"line-color": grey, "line-width": 1.5}})]
        }
        _ => vec![
            json!({"id": format!("{id}-fill"), "type": "fill", "filter": ["==", ["geometry-type"], "Polygon"],
                "paint": {"fill-color": grey, "fill-opacity": 0.4}}),
            json!({"id": format!("{id}-outline"), "type": "line", "filter": ["==", ["geometry-type"], "Polygon"],
                "paint": {"line-color": "#455a64", "line-width": 0.6}}),
            json!({"id": format!("{id}-circle"), "type": "circle", "filter": ["==", ["geometry-type"], "Point"],
                "paint": {"circle-radius": 4, "circle-color": grey}}),
        ],
    }
}

async fn config(State(st): State<Arc<AppState>>, headers: HeaderMap) -> Response {
    let base = base_url(&st, &headers);
    let mut cols: Vec<&Collection> = st.collections.iter().collect();
    let rank = |c: &Collection| {
        ORDER
            .iter()
            .position(|o| *o == c.view.meta().id)
            .unwrap_or(ORDER.len())
    };
    cols.sort_by_key(|c| rank(c));
    let layers: Vec<J> = cols
        .iter()
        .map(|c| {
            let l = c.view.meta();
            json!({
                "id": l.id,
                "title": l.title,
                "title_zh": l.title_zh,
                "key": l.key,
                "count": c.view.len(),
                "bounds": c.extent,
                "visible": VISIBLE.contains(&l.id.as_str()),
                "fields": c.view.fields().iter().map(|f| json!({"name": f.name, "title_zh": f.title_zh, "unit": f.unit})).collect::<Vec<_>>(),
                "style": style_layers(&st, c),
            })
        })
        .collect();
    let zones = st.collection("zones").and_then(|c| c.extent).or_else(|| {
        st.collections
            .iter()
            .filter_map(|c| c.extent)
            .reduce(|a, b| {
                [
                    a[0].min(b[0]),
                    a[1].min(b[1]),
                    a[2].max(b[2]),
                    a[3].max(b[3]),
                ]
            })
    });
    let basemap = st.config.basemap_url.as_ref().map(|u| {
        json!({"url": u, "attribution": st.config.basemap_attribution.clone().unwrap_or_default()})
    });
    let doc = json!({
        "tiles": format!("{base}/tiles/WebMercatorQuad/{{z}}/{{y}}/{{x}}"),
        "base": base,
        "bounds": zones,
        "as_of": st.as_of.to_string(),
        "basemap": basemap,
        "layers": layers,
    });
    body(JSON, serde_json::to_vec(&doc).unwrap_or_default())
}
