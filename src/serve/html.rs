//! HTML pages for planners in a browser: landing page, collections, one collection, items
//! as a table with a small map (inline SVG, no external resources), one feature. Titles in
//! English and Chinese.

use super::crs::Crs;
use super::query::{DEFAULT_LIMIT, MAX_LIMIT};
use super::routes::{encode_component, query_string, CONFORMANCE};
use super::state::{AppState, Collection};
use crate::layer::Value;
use geo::{BoundingRect, Coord, Geometry, LineString};
use serde_json::Value as J;
use std::fmt::Write;

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for ch in s.chars() {
        match ch {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:1.5em;color:#222;max-width:80em}\
a{color:#0b5cad}table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}\
th{background:#f2f2f2}nav{margin-bottom:1em;font-size:.9em}.zh{color:#555}svg.map{border:1px solid #ccc;background:#fafaf5;max-width:100%}\
.muted{color:#777;font-size:.9em}code{background:#f4f4f4;padding:0 .2em}";

fn page(title: &str, base: &str, crumbs: &[(&str, String)], body: &str) -> String {
    let mut nav = format!("<a href=\"{base}/?f=html\">zonescope</a>");
    for (label, href) in crumbs {
        let _ = write!(nav, " › <a href=\"{}\">{}</a>", esc(href), esc(label));
    }
    format!(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">\
<title>{} — zonescope</title><style>{STYLE}</style></head><body><nav>{nav}</nav>{body}</body></html>\n",
        esc(title)
    )
}

fn both_titles(c: &Collection) -> String {
    format!(
        "{} <span class=\"zh\">{}</span>",
        esc(&c.view.meta().title),
        esc(&c.view.meta().title_zh)
    )
}

/// The landing page.
pub fn landing(st: &AppState, base: &str) -> String {
    let mut b = String::new();
    let _ = write!(
        b,
        "<h1>zonescope <span class=\"zh\">产业集聚区用地监测</span></h1>\
<p>Industrial cluster districts: land-use intensity, idle land, road connectivity and village relocation, \
as of <b>{}</b>. Data: <code>{}</code>.</p>\
<p>产业集聚区土地集约利用、闲置土地、道路连通与村庄迁并分析，评价日期 {}。</p><ul>\
<li><a href=\"{base}/map\">Web map 网络地图</a> (every layer, from the vector tiles)</li>\
<li><a href=\"{base}/collections?f=html\">Collections 图层</a> ({} layers)</li>\
<li><a href=\"{base}/tiles\">Vector tiles</a> (OGC API – Tiles, MVT) · <a href=\"{base}/tileMatrixSets\">tile matrix sets</a></li>\
<li><a href=\"{base}/api?f=html\">API documentation</a> · <a href=\"{base}/api\">OpenAPI 3.0 definition</a></li>\
<li><a href=\"{base}/conformance?f=html\">Conformance classes</a></li>\
<li><a href=\"{base}/health\">Health</a></li></ul>",
        st.as_of,
        esc(&st.source),
        st.as_of,
        st.collections.len()
    );
    page("zonescope", base, &[], &b)
}

/// The conformance classes.
pub fn conformance(_st: &AppState, base: &str) -> String {
    let items: String = CONFORMANCE
        .iter()
        .chain(super::tiles::CONFORMANCE)
        .map(|c| format!("<li><code>{c}</code></li>"))
        .collect();
    page(
        "Conformance",
        base,
        &[("Conformance", format!("{base}/conformance?f=html"))],
        &format!("<h1>Conformance</h1><ul>{items}</ul>"),
    )
}

/// The API documentation (human-readable summary of `/api`).
pub fn api_doc(st: &AppState, base: &str) -> String {
    let mut b = String::from("<h1>API <span class=\"zh\">接口说明</span></h1><p>OGC API – Features Part 1 (Core, GeoJSON, HTML, OpenAPI 3.0) and Part 2 (CRS by reference). The machine-readable definition is <a href=\"");
    let _ = write!(b, "{base}/api\">/api</a>.</p>");
    b.push_str("<table><tr><th>Path</th><th>What</th></tr>");
    for (p, what) in [
        ("/", "landing page"),
        ("/conformance", "conformance classes"),
        ("/api", "OpenAPI 3.0 definition"),
        ("/collections", "every layer"),
        ("/collections/{id}", "one layer: extent, CRSs, links"),
        ("/collections/{id}/items", "features (GeoJSON / HTML)"),
        ("/collections/{id}/items/{featureId}", "one feature"),
        (
            "/collections/{id}/styles",
            "layer styles (QML, SLD, MapLibre)",
        ),
        ("/health", "readiness and counts"),
    ] {
        let _ = write!(
            b,
            "<tr><td><code>{}</code></td><td>{}</td></tr>",
            esc(p),
            what
        );
    }
    b.push_str(
        "</table><h2>Items parameters</h2><table><tr><th>Parameter</th><th>Meaning</th></tr>",
    );
    let _ = write!(
        b,
        "<tr><td>limit</td><td>page size, default {DEFAULT_LIMIT}, at most {MAX_LIMIT} (larger values are served as {MAX_LIMIT})</td></tr>\
<tr><td>offset</td><td>features to skip (the <code>next</code> link sets it)</td></tr>\
<tr><td>bbox</td><td>minx,miny,maxx,maxy in the axis order of bbox-crs (CRS84: lon,lat); features whose geometry intersects it</td></tr>\
<tr><td>bbox-crs</td><td>CRS of bbox (default CRS84)</td></tr>\
<tr><td>crs</td><td>CRS of the response: CRS84 (default), EPSG:4326 and EPSG:4490 (lat,lon), CGCS2000 Gauss-Krüger EPSG:4491–4554 (northing,easting, metres)</td></tr>\
<tr><td>datetime</td><td>accepted; the layers carry no time, so every feature matches</td></tr>\
<tr><td>f</td><td>json or html</td></tr>\
<tr><td><i>property</i></td><td>equality filter on any property of the collection, e.g. <code>?zone_id=…</code></td></tr></table>"
    );
    b.push_str("<h2>Collections</h2><ul>");
    for c in &st.collections {
        let _ = write!(
            b,
            "<li><a href=\"{base}/collections/{}?f=html\">{}</a> — {}</li>",
            esc(&c.view.meta().id),
            esc(&c.view.meta().id),
            both_titles(c)
        );
    }
    b.push_str("</ul>");
    page("API", base, &[("API", format!("{base}/api?f=html"))], &b)
}

/// Every collection.
pub fn collections(st: &AppState, base: &str) -> String {
    let mut b = String::from("<h1>Collections <span class=\"zh\">图层</span></h1><table><tr><th>id</th><th>Title 名称</th><th>Geometry</th><th>Features</th><th></th></tr>");
    for c in &st.collections {
        let id = esc(&c.view.meta().id);
        let _ = write!(
            b,
            "<tr><td><a href=\"{base}/collections/{id}?f=html\">{id}</a></td><td>{}</td><td>{}</td><td>{}</td>\
<td><a href=\"{base}/collections/{id}/items?f=html\">items</a> · <a href=\"{base}/collections/{id}/items?f=json\">GeoJSON</a></td></tr>",
            both_titles(c),
            c.view.meta().geometry_type.as_str(),
            c.view.len()
        );
    }
    b.push_str("</table>");
    page(
        "Collections",
        base,
        &[("Collections", format!("{base}/collections?f=html"))],
        &b,
    )
}

/// One collection: description, extent, schema.
pub fn collection(st: &AppState, c: &Collection, base: &str) -> String {
    let id = esc(&c.view.meta().id);
    let mut b = format!(
        "<h1>{}</h1><p>{}</p>",
        both_titles(c),
        esc(&c.view.meta().description)
    );
    let _ = write!(
        b,
        "<p><a href=\"{base}/collections/{id}/items?f=html\">Browse the features 浏览要素</a> · \
<a href=\"{base}/collections/{id}/items?f=json\">GeoJSON</a> · \
<a href=\"{base}/map#{id}\">On the map 地图</a> · <a href=\"{base}/collections/{id}/tiles\">Vector tiles</a> · \
{} features · geometry {}</p>",
        c.view.len(),
        c.view.meta().geometry_type.as_str()
    );
    if let Some(e) = c.extent {
        let _ = write!(
            b,
            "<p class=\"muted\">Extent (CRS84): {:.5}, {:.5} – {:.5}, {:.5}</p>",
            e[0], e[1], e[2], e[3]
        );
    }
    let styles = st.styles.for_collection(&c.view.meta().id);
    if !styles.is_empty() {
        b.push_str("<p>Styles: ");
        for (name, fmt) in styles {
            let _ = write!(
                b,
                "<a href=\"{base}/styles/{}\">{}</a> ",
                esc(name),
                esc(fmt.title)
            );
        }
        b.push_str("</p>");
    }
    b.push_str("<h2>Properties 字段</h2><table><tr><th>Name</th><th>中文</th><th>Type</th><th>Unit</th><th>Meaning</th></tr>");
    for f in c.view.fields() {
        let _ = write!(
            b,
            "<tr><td><code>{}</code>{}</td><td>{}</td><td>{:?}</td><td>{}</td><td>{}</td></tr>",
            esc(f.name),
            if f.name == c.view.meta().key {
                " (id)"
            } else {
                ""
            },
            esc(f.title_zh),
            f.kind,
            esc(f.unit.unwrap_or("")),
            esc(f.description)
        );
    }
    b.push_str("</table>");
    page(
        &c.view.meta().title,
        base,
        &[
            ("Collections", format!("{base}/collections?f=html")),
            (
                &c.view.meta().id,
                format!("{base}/collections/{}?f=html", c.view.meta().id),
            ),
        ],
        &b,
    )
}

fn cell(v: &Value) -> String {
    match v {
        Value::Null => "<span class=\"muted\">–</span>".into(),
        Value::Real(f) => {
            let s = format!("{f:.4}");
            esc(s.trim_end_matches('0').trim_end_matches('.'))
        }
        other => esc(&other.to_plain_text().unwrap_or_default()),
    }
}

/// A page of features: paging links, a map and a table.
#[allow(clippy::too_many_arguments)]
pub fn items(
    st: &AppState,
    c: &Collection,
    base: &str,
    positions: &[usize],
    matched: usize,
    offset: usize,
    links: &[J],
    pairs: &[(String, String)],
) -> String {
    let _ = st;
    let id = esc(&c.view.meta().id);
    let mut b = format!("<h1>{}</h1>", both_titles(c));
    let _ = write!(
        b,
        "<p>Features {}–{} of {matched} 共 {matched} 个要素",
        if positions.is_empty() { 0 } else { offset + 1 },
        offset + positions.len()
    );
    for l in links {
        let rel = l["rel"].as_str().unwrap_or("");
        if rel == "prev" || rel == "next" {
            let href = l["href"].as_str().unwrap_or("").replace("f=json", "f=html");
            let _ = write!(
                b,
                " · <a href=\"{}\">{}</a>",
                esc(&href),
                if rel == "next" {
                    "next 下一页 ›"
                } else {
                    "‹ previous 上一页"
                }
            );
        }
        if rel == "self" {
            let _ = write!(
                b,
                " · <a href=\"{}\">GeoJSON</a>",
                esc(l["href"].as_str().unwrap_or(""))
            );
        }
    }
    b.push_str("</p>");
    let filters: Vec<(String, String)> = pairs.iter().filter(|(k, _)| k != "f").cloned().collect();
    if !filters.is_empty() {
        let _ = write!(
            b,
            "<p class=\"muted\">Query: <code>{}</code></p>",
            esc(&query_string(&filters))
        );
    }
    let owned: Vec<Geometry<f64>> = positions
        .iter()
        .filter_map(|&i| c.view.geometry(i).map(|g| g.to_geometry()))
        .collect();
    let geoms: Vec<&Geometry<f64>> = owned.iter().collect();
    b.push_str(&svg_map(&geoms, 640.0, 420.0));
    b.push_str("<table><tr><th>id</th>");
    for f in c.view.fields() {
        let _ = write!(
            b,
            "<th title=\"{}\">{}<br><span class=\"zh\">{}</span></th>",
            esc(f.description),
            esc(f.name),
            esc(f.title_zh)
        );
    }
    b.push_str("</tr>");
    for &i in positions {
        let fid = c.view.id(i);
        let _ = write!(
            b,
            "<tr><td><a href=\"{base}/collections/{id}/items/{}?f=html\">{}</a></td>",
            encode_component(fid),
            esc(fid)
        );
        for k in 0..c.view.fields().len() {
            let _ = write!(b, "<td>{}</td>", cell(&c.view.value(i, k).to_owned()));
        }
        b.push_str("</tr>");
    }
    b.push_str("</table>");
    page(
        &c.view.meta().title,
        base,
        &[
            ("Collections", format!("{base}/collections?f=html")),
            (
                &c.view.meta().id,
                format!("{base}/collections/{}?f=html", c.view.meta().id),
            ),
            (
                "items",
                format!("{base}/collections/{}/items?f=html", c.view.meta().id),
            ),
        ],
        &b,
    )
}

/// One feature: a map and its properties.
pub fn feature(_st: &AppState, c: &Collection, i: usize, base: &str) -> String {
    let f = &crate::view::to_feature(c.view.as_ref(), i);
    let mut b = format!(
        "<h1>{} <code>{}</code></h1><p>{}</p>",
        esc(&c.view.meta().title_zh),
        esc(&f.id),
        both_titles(c)
    );
    let geoms: Vec<&Geometry<f64>> = f.geometry.iter().collect();
    b.push_str(&svg_map(&geoms, 480.0, 320.0));
    b.push_str("<table><tr><th>Property</th><th>中文</th><th>Value</th></tr>");
    for (field, v) in c.view.fields().iter().zip(&f.properties) {
        let unit = field
            .unit
            .map(|u| format!(" {}", esc(u)))
            .unwrap_or_default();
        let _ = write!(
            b,
            "<tr><td><code>{}</code></td><td>{}</td><td>{}{}</td></tr>",
            esc(field.name),
            esc(field.title_zh),
            cell(v),
            if v.is_null() { String::new() } else { unit }
        );
    }
    b.push_str("</table>");
    if let Some(g) = &f.geometry {
        if let Some(r) = g.bounding_rect() {
            let gk = Crs::from_epsg(4547).expect("EPSG:4547 is supported");
            let (n, e) = gk.from_crs84(r.center().x, r.center().y);
            let _ = write!(
                b,
                "<p class=\"muted\">Centre of the extent: {:.6}°E {:.6}°N (CRS84); EPSG:4547 N {:.1} E {:.1}</p>",
                r.center().x,
                r.center().y,
                n,
                e
            );
        }
    }
    let id = &c.view.meta().id;
    let _ = write!(
        b,
        "<p><a href=\"{base}/collections/{id}/items/{}?f=json\">GeoJSON</a></p>",
        encode_component(&f.id)
    );
    page(
        &f.id,
        base,
        &[
            ("Collections", format!("{base}/collections?f=html")),
            (id, format!("{base}/collections/{id}?f=html")),
            ("items", format!("{base}/collections/{id}/items?f=html")),
        ],
        &b,
    )
}

/// An inline SVG map of geometries (equirectangular, scaled by cos latitude).
pub fn svg_map(geoms: &[&Geometry<f64>], width: f64, height: f64) -> String {
    let rect = geoms
        .iter()
        .filter_map(|g| g.bounding_rect())
        .reduce(|a, b| {
            geo::Rect::new(
                Coord {
                    x: a.min().x.min(b.min().x),
                    y: a.min().y.min(b.min().y),
                },
                Coord {
                    x: a.max().x.max(b.max().x),
                    y: a.max().y.max(b.max().y),
                },
            )
        });
    let Some(rect) = rect else {
        return String::new();
    };
    let k = rect.center().y.to_radians().cos().max(0.01);
    let w = ((rect.max().x - rect.min().x) * k).max(1e-6);
    let h = (rect.max().y - rect.min().y).max(1e-6);
    let scale = ((width - 20.0) / w).min((height - 20.0) / h);
    let (x0, y1) = (rect.min().x, rect.max().y);
    let tx = |c: &Coord<f64>| (10.0 + (c.x - x0) * k * scale, 10.0 + (y1 - c.y) * scale);
    let mut s = format!("<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">");
    let path = |l: &LineString<f64>, closed: bool, out: &mut String| {
        for (j, c) in l.0.iter().enumerate() {
            let (x, y) = tx(c);
            let _ = write!(out, "{}{x:.1} {y:.1}", if j == 0 { "M" } else { "L" });
        }
        if closed {
            out.push('Z');
        }
    };
    let (mut polys, mut lines, mut points) = (String::new(), String::new(), String::new());
    fn walk(g: &Geometry<f64>, f: &mut dyn FnMut(&Geometry<f64>)) {
        match g {
            Geometry::GeometryCollection(gc) => gc.0.iter().for_each(|x| walk(x, f)),
            other => f(other),
        }
    }
    for g in geoms {
        walk(g, &mut |g| match g {
            Geometry::Polygon(p) => {
                path(p.exterior(), true, &mut polys);
                p.interiors().iter().for_each(|r| path(r, true, &mut polys));
            }
            Geometry::MultiPolygon(mp) => mp.0.iter().for_each(|p| {
                path(p.exterior(), true, &mut polys);
                p.interiors().iter().for_each(|r| path(r, true, &mut polys));
            }),
            Geometry::LineString(l) => path(l, false, &mut lines),
            Geometry::MultiLineString(ml) => ml.0.iter().for_each(|l| path(l, false, &mut lines)),
            Geometry::Point(p) => {
                let (x, y) = tx(&p.0);
                let _ = write!(points, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\"/>");
            }
            Geometry::MultiPoint(mp) => mp.0.iter().for_each(|p| {
                let (x, y) = tx(&p.0);
                let _ = write!(points, "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"3\"/>");
            }),
            _ => {}
        });
    }
    if !polys.is_empty() {
        let _ = write!(s, "<path d=\"{polys}\" fill=\"#e8a33d55\" stroke=\"#b5651d\" stroke-width=\"0.8\" fill-rule=\"evenodd\"/>");
    }
    if !lines.is_empty() {
        let _ = write!(
            s,
            "<path d=\"{lines}\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"1.2\"/>"
        );
    }
    if !points.is_empty() {
        let _ = write!(s, "<g fill=\"#2c3e50\">{points}</g>");
    }
    s.push_str("</svg>");
    s
}
