//! The report's maps: an overview of every zone coloured by connectivity status with circles
//! sized by idle area, and one small map per zone with its idle parcels, villages and
//! connector path. Colours are the palette of `styles/`.

use super::super::results::{boolean, number, text, LayerRef, Results};
use super::summary::ZoneRow;
use super::svg::{esc, Bounds, Frame};
use crate::view::GeomRef;
use std::collections::HashMap;
use std::fmt::Write;

pub const GOOD: &str = "#1a9850";
pub const WARN: &str = "#f9a825";
pub const BAD: &str = "#d73027";
pub const NODATA: &str = "#9e9e9e";
pub const EXCLUDED: &str = "#7e57c2";

/// Fill colour of a connectivity status.
pub fn status_colour(s: Option<&str>) -> &'static str {
    match s {
        Some("direct") => GOOD,
        Some("network") => WARN,
        Some("none") => BAD,
        _ => NODATA,
    }
}

/// Colour of a road by its route letter.
fn road_colour(route: &str) -> Option<(&'static str, f64)> {
    match route.chars().next().map(|c| c.to_ascii_uppercase()) {
        Some('G') => Some(("#c62828", 1.4)),
        Some('S') => Some(("#ef6c00", 1.0)),
        Some('X') => Some(("#8d6e63", 0.7)),
        Some('Y') => Some(("#a1887f", 0.5)),
        Some('C') => Some(("#bcaaa4", 0.4)),
        Some('Z') => Some(("#607d8b", 0.5)),
        _ => None,
    }
}

/// Colour of a village's relocation status.
pub fn relocation_colour(s: Option<&str>) -> &'static str {
    match s {
        Some("planned") => "#90caf9",
        Some("started") => "#1e88e5",
        Some("done") => "#0d47a1",
        Some("none") => "#bdbdbd",
        _ => NODATA,
    }
}

/// Rows of a layer grouped by their `zone_id`.
fn by_zone(layer: Option<LayerRef<'_>>) -> HashMap<&str, Vec<usize>> {
    let mut out: HashMap<&str, Vec<usize>> = HashMap::new();
    if let Some(l) = layer {
        if let Some(i) = l.field_index("zone_id") {
            for f in l.rows() {
                if let crate::view::ValueRef::Text(z) = l.value_at(f, i) {
                    out.entry(z).or_default().push(f);
                }
            }
        }
    }
    out
}

/// A value as text (routes, statuses), whatever its kind.
fn plain(l: LayerRef<'_>, col: Option<usize>, row: usize) -> Option<String> {
    col.and_then(|i| l.value_at(row, i).to_plain_text())
}

/// The overview map (SVG text).
pub fn overview(results: &Results, rows: &[ZoneRow]) -> String {
    let Some(zones) = results.layer("zones") else {
        return String::new();
    };
    let mut b = Bounds::default();
    for f in zones.rows() {
        if let Some(g) = zones.geometry(f) {
            b.add(g);
        }
    }
    if b.is_empty() {
        return String::new();
    }
    let frame = Frame::fit(&b.padded(0.04, 0.01), 960.0, 720.0, 12.0, true);
    let row_of: HashMap<&str, &ZoneRow> = rows.iter().map(|r| (r.zone_id.as_str(), r)).collect();
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg viewBox=\"0 0 {w:.0} {h:.0}\" width=\"{w:.0}\" height=\"{h:.0}\" role=\"img\" aria-label=\"overview map\">",
        w = frame.width,
        h = frame.height
    );
    // Trunk roads for orientation (national and provincial, built).
    if let Some(roads) = results.layer("roads") {
        let (ri, si) = (roads.field_index("route"), roads.field_index("status"));
        let mut by_colour: HashMap<&str, (f64, String)> = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        // National roads first, so that a pixel shared with a provincial road stays red.
        for letter in ['G', 'S'] {
            for f in roads.rows() {
                let route = plain(roads, ri, f).unwrap_or_default();
                let built = plain(roads, si, f).is_none_or(|s| s == "built");
                if !built || route.chars().next().map(|c| c.to_ascii_uppercase()) != Some(letter) {
                    continue;
                }
                if let (Some((colour, w)), Some(g)) = (road_colour(&route), roads.geometry(f)) {
                    let e = by_colour.entry(colour).or_insert((w, String::new()));
                    frame.grid_lines(&mut e.1, g, &mut seen, None);
                }
            }
        }
        let mut keys: Vec<_> = by_colour.into_iter().collect();
        keys.sort_by(|a, b| a.1 .0.total_cmp(&b.1 .0));
        for (colour, (w, d)) in keys {
            let _ = write!(s, "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{w}\" stroke-opacity=\"0.55\"/>");
        }
    }
    let zi = zones.field_index("zone_id");
    // Idle area as circles (area proportional), under the zones.
    let max_idle = rows.iter().map(|r| r.idle_area_ha).fold(0.0, f64::max);
    if max_idle > 0.0 {
        // Largest circle 16 px for a few dozen zones, smaller when thousands crowd the map.
        let max_r = (16.0 * (60.0 / rows.len().max(1) as f64).sqrt()).clamp(7.0, 16.0);
        let k = max_r / max_idle.sqrt();
        for f in zones.rows() {
            let Some(g) = zones.geometry(f) else { continue };
            let id = zi
                .and_then(|i| zones.value_at(f, i).as_str())
                .unwrap_or(zones.key(f));
            let Some(r) = row_of.get(id) else { continue };
            if r.idle_area_ha <= 0.0 {
                continue;
            }
            if let Some((x, y)) = frame.anchor(g) {
                let _ = write!(
                    s,
                    "<circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{:.1}\" fill=\"{BAD}\" fill-opacity=\"0.22\" stroke=\"#7f0000\" stroke-width=\"0.8\"><title>{} 闲置 idle {:.2} ha ({} fee, {} reclaim)</title></circle>",
                    (r.idle_area_ha.sqrt() * k).max(2.0),
                    esc(id),
                    r.idle_area_ha,
                    r.idle_fee,
                    r.idle_reclaim
                );
            }
        }
    }
    // Zones by connectivity status.
    for f in zones.rows() {
        let Some(g) = zones.geometry(f) else { continue };
        let id = zi
            .and_then(|i| zones.value_at(f, i).as_str())
            .unwrap_or(zones.key(f));
        let row = row_of.get(id);
        let status = row.and_then(|r| r.status.as_deref());
        let name = row.map(|r| r.name.as_str()).unwrap_or("");
        let idle = row.map(|r| r.idle_area_ha).unwrap_or(0.0);
        let _ = write!(
            s,
            "<a href=\"#zone-{}\"><path d=\"{}\" fill=\"{}\" fill-opacity=\"0.75\" stroke=\"#37474f\" stroke-width=\"0.6\"><title>{} {} — {} — 闲置 idle {:.2} ha</title></path></a>",
            esc(id),
            frame.path(g, 0.6),
            status_colour(status),
            esc(id),
            esc(name),
            esc(status.unwrap_or("unknown")),
            idle
        );
    }
    // Connector paths.
    if let Some(cp) = results.layer("connector-paths") {
        for f in cp.rows() {
            let Some(g) = cp.geometry(f) else { continue };
            let gap = text(cp.value(f, "kind")) == Some("gap");
            let _ = write!(
                s,
                "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"1.4\"{}/>",
                frame.path(g, 0.8),
                if gap { BAD } else { WARN },
                if gap { " stroke-dasharray=\"4 3\"" } else { "" }
            );
        }
    }
    // A status dot on every zone, so that zones too small to see at this scale still show it.
    let (dot_r, dot_stroke) = if rows.len() > 300 {
        (2.2, 0.5)
    } else {
        (3.5, 1.0)
    };
    for f in zones.rows() {
        let Some(g) = zones.geometry(f) else { continue };
        let id = zi
            .and_then(|i| zones.value_at(f, i).as_str())
            .unwrap_or(zones.key(f));
        let status = row_of.get(id).and_then(|r| r.status.as_deref());
        if let Some((x, y)) = frame.anchor(g) {
            let _ = write!(
                s,
                "<a href=\"#zone-{}\"><circle cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"{dot_r}\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"{}\"><title>{} {}</title></circle></a>",
                esc(id),
                status_colour(status),
                dot_stroke,
                esc(id),
                esc(status.unwrap_or("unknown"))
            );
        }
    }
    s.push_str("</svg>");
    let legend = format!(
        "<div class=\"legend\"><span><i style=\"background:{GOOD}\"></i>干线直连 direct</span><span><i style=\"background:{WARN}\"></i>经低等级路网 network</span><span><i style=\"background:{BAD}\"></i>未连通 none</span><span><i style=\"background:{NODATA}\"></i>未知 unknown</span><span><i style=\"background:{BAD};opacity:.3;border-radius:6px\"></i>圆面积 ∝ 闲置面积 circle area ∝ idle area (max {:.1} ha)</span><span><i style=\"background:#c62828;height:3px\"></i>国道 G</span><span><i style=\"background:#ef6c00;height:3px\"></i>省道 S</span><span><i style=\"border:1px dashed {BAD};background:none;height:3px\"></i>待建缺口 gap</span></div>",
        max_idle
    );
    format!("<div class=\"map\">{s}</div>{legend}")
}

/// Everything drawn on the per-zone maps, indexed once.
pub struct ZoneMaps<'a> {
    results: &'a Results<'a>,
    idle: HashMap<&'a str, Vec<usize>>,
    villages: HashMap<&'a str, Vec<usize>>,
    connectors: HashMap<&'a str, Vec<usize>>,
    zones: Option<super::super::results::Keyed<'a>>,
    /// Village relocation status from the input layer (when the result lacks it).
    village_status: Option<super::super::results::Keyed<'a>>,
    /// Roads of the classes drawn on zone maps (national, provincial, county), with an
    /// envelope index.
    roads: Vec<(GeomRef<'a>, &'static str, f64)>,
    road_index: rstar::RTree<
        rstar::primitives::GeomWithData<rstar::primitives::Rectangle<[f64; 2]>, usize>,
    >,
}

impl<'a> ZoneMaps<'a> {
    pub fn new(results: &'a Results<'a>) -> ZoneMaps<'a> {
        let mut roads = Vec::new();
        let mut boxes = Vec::new();
        if let Some(l) = results.layer("roads") {
            let ri = l.field_index("route");
            for f in l.rows() {
                let route = plain(l, ri, f).unwrap_or_default();
                let first = route.chars().next().map(|c| c.to_ascii_uppercase());
                if !matches!(first, Some('G' | 'S' | 'X')) {
                    continue;
                }
                if let (Some(g), Some((c, w))) = (l.geometry(f), road_colour(&route)) {
                    let mut b = Bounds::default();
                    b.add(g);
                    if !b.is_empty() {
                        let rect = rstar::primitives::Rectangle::from_corners(
                            [b.0[0], b.0[1]],
                            [b.0[2], b.0[3]],
                        );
                        boxes.push(rstar::primitives::GeomWithData::new(rect, roads.len()));
                        roads.push((g, c, w));
                    }
                }
            }
        }
        let road_index = rstar::RTree::bulk_load(boxes);
        ZoneMaps {
            results,
            idle: by_zone(results.layer("idle-land")),
            villages: by_zone(results.layer("relocation")),
            connectors: by_zone(results.layer("connector-paths")),
            zones: results.keyed("zones", "zone_id"),
            village_status: results.keyed("villages", "village_id"),
            roads,
            road_index,
        }
    }

    /// The small map of one zone (SVG text), empty when the zone has no geometry.
    pub fn zone(&self, zone_id: &str) -> String {
        let Some(zones) = self.zones.as_ref() else {
            return String::new();
        };
        let Some(zg) = zones.row(zone_id).and_then(|r| zones.layer.geometry(r)) else {
            return String::new();
        };
        let mut b = Bounds::default();
        b.add(zg);
        let b = b.padded(0.08, 0.002);
        let frame = Frame::fit(&b, 320.0, 230.0, 4.0, false);
        let mut s = format!("<svg viewBox=\"0 0 320 230\" width=\"320\" height=\"230\" role=\"img\" aria-label=\"map of zone {}\">", esc(zone_id));
        let _ = write!(
            s,
            "<path d=\"{}\" fill=\"#eceff1\" stroke=\"#37474f\" stroke-width=\"1.2\"/>",
            frame.path(zg, 0.5)
        );
        let mut by_colour: Vec<(&str, f64, String)> = Vec::new();
        let query = rstar::AABB::from_corners([b.0[0], b.0[1]], [b.0[2], b.0[3]]);
        let mut hits: Vec<usize> = self
            .road_index
            .locate_in_envelope_intersecting(&query)
            .map(|e| e.data)
            .collect();
        hits.sort_unstable();
        let mut seen = std::collections::HashSet::new();
        for i in hits {
            let (g, colour, w) = self.roads[i];
            let k = match by_colour.iter().position(|e| e.0 == colour) {
                Some(k) => k,
                None => {
                    by_colour.push((colour, w, String::new()));
                    by_colour.len() - 1
                }
            };
            frame.grid_lines(&mut by_colour[k].2, g, &mut seen, Some(4.0));
        }
        by_colour.sort_by(|a, b| a.1.total_cmp(&b.1));
        for (colour, w, d) in by_colour {
            if !d.is_empty() {
                let _ = write!(
                    s,
                    "<path d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"{:.1}\"/>",
                    w * 1.2
                );
            }
        }
        if let (Some(idle), Some(layer)) = (self.idle.get(zone_id), self.results.layer("idle-land"))
        {
            for &f in idle {
                let Some(g) = layer.geometry(f) else { continue };
                let excluded = boolean(layer.value(f, "excluded")) == Some(true);
                let severity = text(layer.value(f, "severity"));
                // Colours and strokes come from the report's style sheet (`svg .ie/.ir/.if`):
                // a province holds tens of thousands of these paths.
                let class = if excluded {
                    "ie"
                } else if severity == Some("reclaim") {
                    "ir"
                } else {
                    "if"
                };
                let area = number(layer.value(f, "idle_area_m2")).unwrap_or(0.0);
                let _ = write!(
                    s,
                    "<path d=\"{}\" class=\"{class}\"><title>{} {} {:.0} m²{}</title></path>",
                    frame.path(g, 0.5),
                    esc(layer.key(f)),
                    esc(severity.unwrap_or("")),
                    area,
                    if excluded { " (excluded)" } else { "" }
                );
            }
        }
        if let (Some(villages), Some(layer)) =
            (self.villages.get(zone_id), self.results.layer("relocation"))
        {
            for &f in villages {
                let Some(g) = layer.geometry(f) else { continue };
                let id = text(layer.value(f, "village_id")).unwrap_or(layer.key(f));
                let status = text(layer.value(f, "relocation"))
                    .or_else(|| text(layer.value(f, "status")))
                    .or_else(|| {
                        self.village_status
                            .as_ref()
                            .and_then(|v| text(v.get(id, "relocation")))
                    });
                let colour = relocation_colour(status);
                let households = number(layer.value(f, "households"))
                    .map(|h| format!(", {h:.0} 户 households"))
                    .unwrap_or_default();
                let title = format!(
                    "<title>{} {}{}</title>",
                    esc(id),
                    esc(status.unwrap_or("")),
                    households
                );
                match g.is_point() {
                    true => {
                        if let Some((x, y)) = frame.anchor(g) {
                            let _ = write!(s, "<circle cx=\"{x:.0}\" cy=\"{y:.0}\" r=\"4\" fill=\"{colour}\" class=\"vp\">{title}</circle>");
                        }
                    }
                    false => {
                        let _ = write!(
                            s,
                            "<path d=\"{}\" fill=\"{colour}\" class=\"va\">{title}</path>",
                            frame.path(g, 0.5)
                        );
                    }
                }
            }
        }
        if let (Some(cps), Some(layer)) = (
            self.connectors.get(zone_id),
            self.results.layer("connector-paths"),
        ) {
            for &f in cps {
                let Some(g) = layer.geometry(f) else { continue };
                let gap = text(layer.value(f, "kind")) == Some("gap");
                let _ = write!(
                    s,
                    "<path d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{}/>",
                    frame.path(g, 0.7),
                    if gap { BAD } else { WARN },
                    if gap { " stroke-dasharray=\"5 3\"" } else { "" }
                );
            }
        }
        s.push_str("</svg>");
        s
    }
}

/// The legend under the zone maps.
pub fn zone_legend() -> String {
    format!(
        "<div class=\"legend\"><span><i style=\"background:#eceff1\"></i>集聚区 zone</span><span><i style=\"background:{WARN}\"></i>闲置(征缴闲置费) idle, fee</span><span><i style=\"background:{BAD}\"></i>闲置(无偿收回) idle, reclaim</span><span><i style=\"background:{EXCLUDED}\"></i>政府原因除外 excluded</span><span><i style=\"background:#90caf9;border-radius:6px\"></i>计划迁并 planned</span><span><i style=\"background:#1e88e5;border-radius:6px\"></i>正在迁并 started</span><span><i style=\"background:#0d47a1;border-radius:6px\"></i>已完成 done</span><span><i style=\"background:#bdbdbd;border-radius:6px\"></i>未列入 none</span><span><i style=\"border:1px dashed {BAD};background:none;height:3px\"></i>缺口 gap</span><span><i style=\"background:{WARN};height:3px\"></i>路网路径 network path</span></div>"
    )
}
