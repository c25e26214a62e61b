//! HTML pages for planners in a browser: landing page, collections, one collection, items
//! as a table with a small map (inline SVG, no external resources), one feature. Titles in
//! English and Chinese.

use super::api::{encode_component, query_string, CONFORMANCE};
use super::crs::Crs;
use super::query::{DEFAULT_LIMIT, MAX_LIMIT};
use super::state::{AppState, Collection};
use super::svg::{esc, svg_map};
use crate::layer::Value;
use geo::{BoundingRect, Geometry};
use serde_json::Value as J;
use std::fmt::Write;

const STYLE: &str = "body{font-family:system-ui,'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:1.5em;color:#222;max-width:80em}\
a{color:#0b5cad}table{border-collapse:collapse;font-size:.9em}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}\
th{background:#f2f2f2}nav{margin-bottom:1em;font-size:.9em}.zh{color:#555}svg.map{border:1px solid #ccc;background:#fafaf5;max-width:100%}\
.muted{color:#777;font-size:.9em}code{background:#f4f4f4;padding:0 .2em}\
form.filter{margin:.5em 0 1em}form.filter input[type=text]{font-family:monospace}a.sort{text-decoration:none;color:#999}\
.tablewrap{max-width:100%;overflow-x:auto;border:1px solid #ddd}.tablewrap table{font-size:.85em}.tablewrap td{white-space:nowrap}\
.legend{font-size:.85em;display:flex;flex-wrap:wrap;gap:.2em 1.2em;margin:.3em 0 1em}.legend i{display:inline-block;width:.9em;height:.9em;border:1px solid #555;margin-right:.3em;vertical-align:-.1em}";

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
<a href=\"{base}/collections/{id}/queryables?f=html\">Queryables 可查询字段</a> · {} features · geometry {}</p>",
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
    properties: Option<&[usize]>,
) -> String {
    let _ = st;
    let id = esc(&c.view.meta().id);
    let mut b = format!("<h1>{}</h1>", both_titles(c));
    b.push_str(&filter_form(c, base, pairs));
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
    b.push_str(&super::classes::items_map(
        c.view.as_ref(),
        positions,
        640.0,
        420.0,
    ));
    let all: Vec<usize> = (0..c.view.fields().len()).collect();
    let cols = properties.unwrap_or(&all);
    let _ = write!(
        b,
        "<div class=\"tablewrap\"><table><tr><th>id {}</th>",
        sort_links(c, base, pairs, "id")
    );
    for &k in cols {
        let f = &c.view.fields()[k];
        let _ = write!(
            b,
            "<th title=\"{}\">{}<br><span class=\"zh\">{}</span> {}</th>",
            esc(f.description),
            esc(f.name),
            esc(f.title_zh),
            sort_links(c, base, pairs, f.name)
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
        for &k in cols {
            let _ = write!(b, "<td>{}</td>", cell(&c.view.value(i, k).to_owned()));
        }
        b.push_str("</tr>");
    }
    b.push_str("</table></div>");
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

/// The CQL2 filter box of an items page: a form that keeps the other parameters.
fn filter_form(c: &Collection, base: &str, pairs: &[(String, String)]) -> String {
    let get = |k: &str| {
        pairs
            .iter()
            .find(|(n, _)| n == k)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    };
    let mut f = format!(
        "<form method=\"get\" action=\"{base}/collections/{}/items\" class=\"filter\">\
<label>Filter 筛选 (<a href=\"{base}/collections/{}/queryables?f=html\">CQL2</a>): \
<input type=\"text\" name=\"filter\" size=\"70\" value=\"{}\" placeholder=\"far &lt; 0.8 AND zone_id LIKE 'Z41%'\"></label> ",
        esc(&c.view.meta().id),
        esc(&c.view.meta().id),
        esc(get("filter"))
    );
    for (k, v) in pairs {
        if matches!(k.as_str(), "filter" | "offset" | "f") {
            continue;
        }
        let _ = write!(
            f,
            "<input type=\"hidden\" name=\"{}\" value=\"{}\">",
            esc(k),
            esc(v)
        );
    }
    f.push_str("<input type=\"hidden\" name=\"f\" value=\"html\"><button type=\"submit\">Apply 应用</button></form>");
    f
}

/// ▲/▼ links that sort the page by a property (keeping the other parameters).
fn sort_links(c: &Collection, base: &str, pairs: &[(String, String)], name: &str) -> String {
    let current = pairs
        .iter()
        .find(|(k, _)| k == "sortby")
        .map(|(_, v)| v.as_str());
    let href = |key: String| {
        let mut p: Vec<(String, String)> = pairs
            .iter()
            .filter(|(k, _)| !matches!(k.as_str(), "sortby" | "offset" | "f"))
            .cloned()
            .collect();
        p.push(("sortby".into(), key));
        p.push(("f".into(), "html".into()));
        format!(
            "{base}/collections/{}/items{}",
            encode_component(&c.view.meta().id),
            query_string(&p)
        )
    };
    let up = format!("+{name}");
    let down = format!("-{name}");
    let mark = |key: &str, sym: &str, title: &str| {
        if current == Some(key) || (sym == "▲" && current == Some(name)) {
            format!("<b title=\"{title}\">{sym}</b>")
        } else {
            format!(
                "<a class=\"sort\" title=\"{title}\" href=\"{}\">{sym}</a>",
                esc(&href(key.to_string()))
            )
        }
    };
    format!(
        "{}{}",
        mark(&up, "▲", "sort ascending 升序"),
        mark(&down, "▼", "sort descending 降序")
    )
}

/// The queryables of a collection as a table.
pub fn queryables(_st: &AppState, c: &Collection, base: &str, doc: &J) -> String {
    let mut b = format!(
        "<h1>Queryables 可查询字段: {}</h1><p>Names a CQL2 <code>filter</code>, <code>sortby</code> or <code>properties</code> may use. \
Example: <code>filter=far &lt; 0.8 AND S_INTERSECTS(geometry, BBOX(113.6,34.5,113.9,34.8))</code>. \
<a href=\"{base}/collections/{}/queryables?f=json\">JSON Schema</a></p>",
        both_titles(c),
        esc(&c.view.meta().id)
    );
    b.push_str("<table><tr><th>Name</th><th>中文</th><th>Type</th></tr>");
    if let Some(props) = doc["properties"].as_object() {
        for (name, p) in props {
            let ty = p["type"]
                .as_str()
                .map(|t| match p["format"].as_str() {
                    Some(f) => format!("{t} ({f})"),
                    None => t.to_string(),
                })
                .unwrap_or_else(|| p["format"].as_str().unwrap_or("geometry").to_string());
            let _ = write!(
                b,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(name),
                esc(p["title"].as_str().unwrap_or("")),
                esc(&ty)
            );
        }
    }
    b.push_str("</table>");
    page(
        "Queryables",
        base,
        &[
            ("Collections", format!("{base}/collections?f=html")),
            (
                &c.view.meta().id,
                format!("{base}/collections/{}?f=html", c.view.meta().id),
            ),
            (
                "queryables",
                format!("{base}/collections/{}/queryables?f=html", c.view.meta().id),
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
