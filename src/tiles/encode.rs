//! One view's features in one tile, as an MVT layer: R-tree lookup, projection to tile
//! coordinates, clipping, simplification below [`FULL_DETAIL_ZOOM`], rounding, MVT winding,
//! properties. Geometry commands and protobuf messages are `geozero`'s.

use super::clip::{clip_line, clip_ring, ClipBox, Pt};
use super::mercator::{project, TileId};

use crate::view::{GeomRef, ValueRef, View};
use geo::{Coord, Geometry, LineString, MultiLineString, MultiPoint, MultiPolygon, Polygon};
use geozero::mvt::{tile, Message, Tile};
use geozero::ToMvt;
use std::collections::HashMap;

/// Tile coordinate units per tile side.
pub const EXTENT: u32 = 4096;
/// Tile coordinate units drawn beyond each edge (clipping box `[-BUFFER, EXTENT + BUFFER]`).
pub const BUFFER: u32 = 128;
/// From this zoom on, every feature meeting the tile is in it, unsimplified.
pub const FULL_DETAIL_ZOOM: u8 = 14;
/// Below [`FULL_DETAIL_ZOOM`], a line or polygon whose box is smaller than this many units
/// both ways (a pixel of a 512-pixel rendering, half a pixel of the 256-pixel tile matrix)
/// is left out, unless its layer is never thinned.
pub const DROP_BELOW_UNITS: f64 = 8.0;
/// Below [`FULL_DETAIL_ZOOM`], Douglas–Peucker tolerance in units.
pub const SIMPLIFY_UNITS: f64 = 1.0;

/// Below this zoom a feature carries only its key and the properties its style uses (the
/// map's popup reads the rest from `/collections/{id}/items/{fid}`); from it on, every property.
pub const ALL_PROPERTIES_ZOOM: u8 = 12;

/// Properties every tile carries whatever its zoom, beyond the key and the styled ones.
const ALWAYS: &[(&str, &[&str])] = &[
    ("zone-connectivity", &["status"]),
    ("idle-land", &["severity", "reason", "excluded"]),
    ("parcel-intensity", &["meets_standard"]),
    ("connector-paths", &["kind"]),
];

/// How a layer is thinned at low zoom.
#[derive(Debug, Clone, Default)]
pub struct LayerRules {
    /// Never leave a feature out (zones).
    pub keep_all: bool,
    /// The properties written below [`ALL_PROPERTIES_ZOOM`] (besides the key).
    pub low_zoom_properties: Vec<String>,
}

/// Field names a MapLibre style reads (`["get", name]`), anywhere in its JSON.
pub fn style_properties(style: &serde_json::Value, out: &mut Vec<String>) {
    match style {
        serde_json::Value::Array(a) => {
            if let [serde_json::Value::String(op), serde_json::Value::String(name)] = a.as_slice() {
                if op == "get" && !out.contains(name) {
                    out.push(name.clone());
                }
            }
            for v in a {
                style_properties(v, out);
            }
        }
        serde_json::Value::Object(o) => o.values().for_each(|v| style_properties(v, out)),
        _ => {}
    }
}

impl LayerRules {
    /// Zones are never dropped (every layer with one feature per zone keeps all of them); the
    /// low-zoom properties are those the shipped style of the collection reads plus [`ALWAYS`].
    pub fn for_view(view: &dyn View) -> LayerRules {
        let m = view.meta();
        static STYLED: std::sync::OnceLock<HashMap<&'static str, Vec<String>>> =
            std::sync::OnceLock::new();
        let styled = STYLED.get_or_init(|| {
            crate::audit::styles::STYLES
                .iter()
                .map(|s| {
                    let mut props = Vec::new();
                    if let Ok(v) = serde_json::from_str::<serde_json::Value>(s.maplibre) {
                        style_properties(&v, &mut props);
                    }
                    (s.id, props)
                })
                .collect()
        });
        let mut props = styled.get(m.id.as_str()).cloned().unwrap_or_default();
        for (id, names) in ALWAYS {
            if *id == m.id {
                props.extend(names.iter().map(|n| n.to_string()));
            }
        }
        LayerRules {
            keep_all: m.key == "zone_id" && !m.id.starts_with("connector"),
            low_zoom_properties: props,
        }
    }
}

/// The view's features meeting the tile, as one encoded MVT tile holding one layer named
/// after the collection id; `None` when no feature is in the tile.
pub fn encode_tile(view: &dyn View, t: TileId) -> Option<Vec<u8>> {
    encode_tile_with(view, t, &LayerRules::for_view(view))
}

/// [`encode_tile`] with the layer's rules given.
pub fn encode_tile_with(view: &dyn View, t: TileId, rules: &LayerRules) -> Option<Vec<u8>> {
    let layer = encode_layer(view, t, rules)?;
    Some(
        Tile {
            layers: vec![layer],
        }
        .encode_to_vec(),
    )
}

/// Geometry in tile coordinates (f64, y down), before clipping.
enum Shape {
    Points(Vec<Pt>),
    Lines(Vec<Vec<Pt>>),
    /// Polygons, each an exterior ring then holes; rings open (no repeated end point).
    Polygons(Vec<Vec<Vec<Pt>>>),
}

struct Projector {
    n: f64,
    x: f64,
    y: f64,
}

impl Projector {
    fn new(t: TileId) -> Projector {
        Projector {
            n: t.n(),
            x: t.x as f64,
            y: t.y as f64,
        }
    }
    #[inline]
    fn pt(&self, c: Coord<f64>) -> Pt {
        let (wx, wy) = project(c.x, c.y);
        let e = EXTENT as f64;
        [(wx * self.n - self.x) * e, (wy * self.n - self.y) * e]
    }
    fn line(&self, l: &LineString<f64>) -> Vec<Pt> {
        l.0.iter().map(|&c| self.pt(c)).collect()
    }
    fn ring(&self, l: &LineString<f64>) -> Vec<Pt> {
        let mut r = self.line(l);
        if r.len() > 1 && r.first() == r.last() {
            r.pop();
        }
        r
    }
    fn polygon(&self, p: &Polygon<f64>) -> Vec<Vec<Pt>> {
        std::iter::once(p.exterior())
            .chain(p.interiors())
            .map(|r| self.ring(r))
            .collect()
    }
    fn shape(&self, g: GeomRef<'_>) -> Option<Shape> {
        Some(match g {
            GeomRef::Point(p) => Shape::Points(vec![self.pt(p.0)]),
            GeomRef::LineString(l) => Shape::Lines(vec![self.line(l)]),
            GeomRef::MultiLineString(m) => Shape::Lines(m.0.iter().map(|l| self.line(l)).collect()),
            GeomRef::MultiPolygon(m) => {
                Shape::Polygons(m.0.iter().map(|p| self.polygon(p)).collect())
            }
            GeomRef::Geometry(g) => return self.geometry(g),
        })
    }
    fn geometry(&self, g: &Geometry<f64>) -> Option<Shape> {
        Some(match g {
            Geometry::Point(p) => Shape::Points(vec![self.pt(p.0)]),
            Geometry::MultiPoint(m) => Shape::Points(m.0.iter().map(|p| self.pt(p.0)).collect()),
            Geometry::Line(l) => Shape::Lines(vec![vec![self.pt(l.start), self.pt(l.end)]]),
            Geometry::LineString(l) => Shape::Lines(vec![self.line(l)]),
            Geometry::MultiLineString(m) => {
                Shape::Lines(m.0.iter().map(|l| self.line(l)).collect())
            }
            Geometry::Polygon(p) => Shape::Polygons(vec![self.polygon(p)]),
            Geometry::MultiPolygon(m) => {
                Shape::Polygons(m.0.iter().map(|p| self.polygon(p)).collect())
            }
            Geometry::Rect(r) => Shape::Polygons(vec![self.polygon(&r.to_polygon())]),
            Geometry::Triangle(t) => Shape::Polygons(vec![self.polygon(&t.to_polygon())]),
            Geometry::GeometryCollection(gc) => {
                // One geometry type per MVT feature: keep the highest dimension present.
                let parts: Vec<Shape> = gc.0.iter().filter_map(|g| self.geometry(g)).collect();
                let (mut pts, mut lines, mut polys) = (Vec::new(), Vec::new(), Vec::new());
                for s in parts {
                    match s {
                        Shape::Points(p) => pts.extend(p),
                        Shape::Lines(l) => lines.extend(l),
                        Shape::Polygons(p) => polys.extend(p),
                    }
                }
                if !polys.is_empty() {
                    Shape::Polygons(polys)
                } else if !lines.is_empty() {
                    Shape::Lines(lines)
                } else if !pts.is_empty() {
                    Shape::Points(pts)
                } else {
                    return None;
                }
            }
        })
    }
}

fn bbox_of<'a>(pts: impl Iterator<Item = &'a Pt>) -> Option<(Pt, Pt)> {
    let mut it = pts.peekable();
    it.peek()?;
    let (mut lo, mut hi) = ([f64::INFINITY; 2], [f64::NEG_INFINITY; 2]);
    for p in it {
        lo[0] = lo[0].min(p[0]);
        lo[1] = lo[1].min(p[1]);
        hi[0] = hi[0].max(p[0]);
        hi[1] = hi[1].max(p[1]);
    }
    Some((lo, hi))
}

fn shape_bbox(s: &Shape) -> Option<(Pt, Pt)> {
    match s {
        Shape::Points(p) => bbox_of(p.iter()),
        Shape::Lines(l) => bbox_of(l.iter().flatten()),
        Shape::Polygons(p) => bbox_of(p.iter().filter_map(|r| r.first()).flatten()),
    }
}

fn simplify(pts: Vec<Pt>, closed: bool) -> Vec<Pt> {
    use geo::Simplify;
    if pts.len() <= 4 {
        return pts;
    }
    let mut coords: Vec<Coord<f64>> = pts.iter().map(|p| Coord { x: p[0], y: p[1] }).collect();
    if closed {
        coords.push(coords[0]);
    }
    let s = LineString(coords).simplify(SIMPLIFY_UNITS);
    let mut out: Vec<Pt> = s.0.iter().map(|c| [c.x, c.y]).collect();
    if closed && out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

/// Rounds to the integer grid and removes repeated points.
fn snap(pts: &[Pt]) -> Vec<Pt> {
    let mut out: Vec<Pt> = Vec::with_capacity(pts.len());
    for p in pts {
        let q = [p[0].round(), p[1].round()];
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    out
}

/// Twice the signed area in tile coordinates (y down): positive = clockwise on screen.
fn area2(r: &[Pt]) -> f64 {
    let n = r.len();
    (0..n)
        .map(|i| {
            let (a, b) = (r[i], r[(i + 1) % n]);
            a[0] * b[1] - b[0] * a[1]
        })
        .sum()
}

/// A snapped ring, oriented (`exterior`: positive area), closed for `geo`; `None` when it
/// collapsed on the grid.
fn finish_ring(r: &[Pt], exterior: bool) -> Option<LineString<f64>> {
    let mut s = snap(r);
    if s.len() > 1 && s.first() == s.last() {
        s.pop();
    }
    if s.len() < 3 {
        return None;
    }
    let a = area2(&s);
    if a == 0.0 {
        return None;
    }
    if (a > 0.0) != exterior {
        s.reverse();
    }
    s.push(s[0]);
    Some(LineString(
        s.into_iter().map(|p| Coord { x: p[0], y: p[1] }).collect(),
    ))
}

fn to_ls(pts: Vec<Pt>) -> LineString<f64> {
    LineString(
        pts.into_iter()
            .map(|p| Coord { x: p[0], y: p[1] })
            .collect(),
    )
}

/// Clips, simplifies and snaps a shape; the geometry to encode, or `None` when nothing is
/// left. `required`: a feature that must appear (it then becomes at least a one-unit mark).
fn tile_geometry(shape: Shape, b: ClipBox, thin: bool, required: bool) -> Option<Geometry<f64>> {
    let bbox = shape_bbox(&shape)?;
    let mark = || {
        // Centre of the part inside the box.
        let cx = ((bbox.0[0] + bbox.1[0]) / 2.0)
            .clamp(b.lo, b.hi - 1.0)
            .round();
        let cy = ((bbox.0[1] + bbox.1[1]) / 2.0)
            .clamp(b.lo, b.hi - 1.0)
            .round();
        (cx, cy)
    };
    match shape {
        Shape::Points(pts) => {
            let mut kept: Vec<Pt> = pts.into_iter().filter(|p| b.contains(*p)).collect();
            kept = kept.iter().map(|p| [p[0].round(), p[1].round()]).collect();
            kept.dedup();
            match kept.len() {
                0 => None,
                1 => Some(Geometry::Point(geo::Point::new(kept[0][0], kept[0][1]))),
                _ => Some(Geometry::MultiPoint(MultiPoint(
                    kept.into_iter()
                        .map(|p| geo::Point::new(p[0], p[1]))
                        .collect(),
                ))),
            }
        }
        Shape::Lines(lines) => {
            let inside = b.contains_box(bbox.0, bbox.1);
            let mut out: Vec<LineString<f64>> = Vec::new();
            let mut clipped_any = false;
            for l in lines {
                let pieces = if inside { vec![l] } else { clip_line(&l, b) };
                clipped_any |= !pieces.is_empty();
                for p in pieces {
                    let p = if thin { simplify(p, false) } else { p };
                    let s = snap(&p);
                    if s.len() >= 2 {
                        out.push(to_ls(s));
                    }
                }
            }
            if out.is_empty() {
                // Only a line that collapsed on the grid becomes a mark.
                if !required || !clipped_any {
                    return None;
                }
                let (cx, cy) = mark();
                out.push(to_ls(vec![[cx, cy], [cx + 1.0, cy]]));
            }
            Some(if out.len() == 1 {
                Geometry::LineString(out.pop().expect("one"))
            } else {
                Geometry::MultiLineString(MultiLineString(out))
            })
        }
        Shape::Polygons(polys) => {
            let inside = b.contains_box(bbox.0, bbox.1);
            let mut out: Vec<Polygon<f64>> = Vec::new();
            let mut clipped_any = false;
            for rings in polys {
                let mut it = rings.into_iter();
                let Some(ext) = it.next() else { continue };
                let ext = if inside { ext } else { clip_ring(&ext, b) };
                clipped_any |= ext.len() >= 3;
                let ext = if thin { simplify(ext, true) } else { ext };
                let Some(ext) = finish_ring(&ext, true) else {
                    continue;
                };
                let holes: Vec<LineString<f64>> = it
                    .filter_map(|h| {
                        let h = if inside { h } else { clip_ring(&h, b) };
                        let h = if thin { simplify(h, true) } else { h };
                        finish_ring(&h, false)
                    })
                    .collect();
                out.push(Polygon::new(ext, holes));
            }
            if out.is_empty() {
                // Only a polygon that collapsed on the grid becomes a mark.
                if !required || !clipped_any {
                    return None;
                }
                let (cx, cy) = mark();
                let sq = finish_ring(
                    &[
                        [cx, cy],
                        [cx + 1.0, cy],
                        [cx + 1.0, cy + 1.0],
                        [cx, cy + 1.0],
                    ],
                    true,
                )?;
                out.push(Polygon::new(sq, Vec::new()));
            }
            Some(if out.len() == 1 {
                Geometry::Polygon(out.pop().expect("one"))
            } else {
                Geometry::MultiPolygon(MultiPolygon(out))
            })
        }
    }
}

/// Deduplicated property values of a layer (borrowed from the view while it is built).
#[derive(Hash, PartialEq, Eq)]
enum ValKey<'a> {
    Text(&'a str),
    Owned(String),
    Int(i64),
    Real(u64),
    Bool(bool),
}

struct Tags<'a> {
    keys: Vec<String>,
    key_of: HashMap<&'a str, u32>,
    values: Vec<tile::Value>,
    value_of: HashMap<ValKey<'a>, u32>,
}

impl<'a> Tags<'a> {
    fn new() -> Tags<'a> {
        Tags {
            keys: Vec::new(),
            key_of: HashMap::new(),
            values: Vec::new(),
            value_of: HashMap::new(),
        }
    }
    fn key(&mut self, k: &'a str) -> u32 {
        if let Some(&i) = self.key_of.get(k) {
            return i;
        }
        let i = self.keys.len() as u32;
        self.keys.push(k.to_string());
        self.key_of.insert(k, i);
        i
    }
    fn value(&mut self, v: ValueRef<'a>) -> Option<u32> {
        let key = match v {
            ValueRef::Null => return None,
            ValueRef::Text(s) => ValKey::Text(s),
            ValueRef::Integer(i) => ValKey::Int(i),
            ValueRef::Real(f) if f.is_finite() => ValKey::Real(f.to_bits()),
            ValueRef::Real(_) => return None,
            ValueRef::Bool(b) => ValKey::Bool(b),
            ValueRef::Date(d) => ValKey::Owned(d.format("%Y-%m-%d").to_string()),
            ValueRef::List(l) => ValKey::Owned(l.join()),
        };
        if let Some(&i) = self.value_of.get(&key) {
            return Some(i);
        }
        let tv = match &key {
            ValKey::Text(s) => tile::Value {
                string_value: Some(s.to_string()),
                ..Default::default()
            },
            ValKey::Owned(s) => tile::Value {
                string_value: Some(s.clone()),
                ..Default::default()
            },
            ValKey::Int(i) => tile::Value {
                int_value: Some(*i),
                ..Default::default()
            },
            ValKey::Real(bits) => tile::Value {
                double_value: Some(f64::from_bits(*bits)),
                ..Default::default()
            },
            ValKey::Bool(b) => tile::Value {
                bool_value: Some(*b),
                ..Default::default()
            },
        };
        let i = self.values.len() as u32;
        self.values.push(tv);
        self.value_of.insert(key, i);
        Some(i)
    }
}

/// The rows whose envelope meets the tile (with its buffer), in row order.
pub fn candidate_rows(view: &dyn View, t: TileId) -> Vec<usize> {
    let margin = BUFFER as f64 / EXTENT as f64;
    let [w, s, e, n] = t.lonlat_bounds(margin);
    let env = rstar::AABB::from_corners([w, s], [e, n]);
    let mut rows: Vec<usize> = view
        .index()
        .locate_in_envelope_intersecting(&env)
        .map(|e| e.data as usize)
        .collect();
    rows.sort_unstable();
    rows
}

/// The MVT layer of `view` in tile `t`; `None` when no feature is in it.
pub fn encode_layer(view: &dyn View, t: TileId, rules: &LayerRules) -> Option<tile::Layer> {
    let rows = candidate_rows(view, t);
    if rows.is_empty() {
        return None;
    }
    let proj = Projector::new(t);
    let b = ClipBox {
        lo: -(BUFFER as f64),
        hi: (EXTENT + BUFFER) as f64,
    };
    let tile_box = ClipBox {
        lo: 0.0,
        hi: EXTENT as f64,
    };
    let thin = t.z < FULL_DETAIL_ZOOM;
    let fields = view.fields();
    let key = view.meta().key;
    let columns: Vec<usize> = if t.z >= ALL_PROPERTIES_ZOOM {
        (0..fields.len()).collect()
    } else {
        (0..fields.len())
            .filter(|&c| {
                fields[c].name == key
                    || rules
                        .low_zoom_properties
                        .iter()
                        .any(|p| p == fields[c].name)
            })
            .collect()
    };
    let key_is_field = view.field_index(key).is_some();
    let mut tags = Tags::new();
    let mut features: Vec<tile::Feature> = Vec::new();
    for row in rows {
        let Some(g) = view.geometry(row) else {
            continue;
        };
        let Some(shape) = proj.shape(g) else { continue };
        let Some((lo, hi)) = shape_bbox(&shape) else {
            continue;
        };
        if !b.meets_box(lo, hi) {
            continue;
        }
        let is_points = matches!(shape, Shape::Points(_));
        if thin
            && !rules.keep_all
            && !is_points
            && hi[0] - lo[0] < DROP_BELOW_UNITS
            && hi[1] - lo[1] < DROP_BELOW_UNITS
        {
            continue;
        }
        // Must appear: at full detail when its box meets the tile itself, and zones always.
        let required = (!thin && tile_box.meets_box(lo, hi)) || rules.keep_all;
        let Some(geom) = tile_geometry(shape, b, thin, required) else {
            continue;
        };
        let Ok(mut f) = geom.to_mvt_unscaled() else {
            continue;
        };
        f.id = Some(row as u64);
        let mut t = Vec::with_capacity(2 * fields.len() + 2);
        if !key_is_field {
            let k = tags.key(key);
            if let Some(v) = tags.value(ValueRef::Text(view.id(row))) {
                t.extend([k, v]);
            }
        }
        for &c in &columns {
            let field = &fields[c];
            let v = view.value(row, c);
            if v.is_null() {
                continue;
            }
            let k = tags.key(field.name);
            if let Some(v) = tags.value(v) {
                t.extend([k, v]);
            }
        }
        f.tags = t;
        features.push(f);
    }
    if features.is_empty() {
        return None;
    }
    Some(tile::Layer {
        version: 2,
        name: view.meta().id.clone(),
        features,
        keys: tags.keys,
        values: tags.values,
        extent: Some(EXTENT),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::{Feature, Field, FieldKind, GeometryType, Layer, Value};
    use crate::view::LayerView;

    /// A layer of small squares (side `d` degrees) at the given lon/lat corners.
    fn squares(id: &str, key: &'static str, at: &[(f64, f64)], d: f64) -> LayerView {
        let features = at
            .iter()
            .enumerate()
            .map(|(i, &(x, y))| Feature {
                id: format!("f{i}"),
                geometry: Some(Geometry::Polygon(Polygon::new(
                    LineString::from(vec![(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)]),
                    vec![],
                ))),
                properties: vec![Value::Text(format!("f{i}")), Value::Null, Value::Real(0.5)],
            })
            .collect();
        LayerView::new(Layer {
            id: id.into(),
            title: id.into(),
            title_zh: id.into(),
            description: String::new(),
            geometry_type: GeometryType::Polygon,
            key,
            schema: vec![
                Field::new(key, FieldKind::Text, None, "编号", "Key."),
                Field::new("status", FieldKind::Text, None, "状态", "Nothing."),
                Field::new("far", FieldKind::Real, None, "容积率", "A ratio."),
            ],
            features,
        })
    }

    #[test]
    fn zones_survive_every_zoom_and_small_parcels_only_full_detail() {
        // Two 100 m squares near Zhengzhou.
        let at = [(113.60, 34.70), (113.61, 34.70)];
        let zones = squares("zones", "zone_id", &at, 0.001);
        let parcels = squares("parcels", "parcel_id", &at, 0.001);
        let (x, y) = project(113.6, 34.7);
        let tile = |z: u8| {
            let n = (1u64 << z) as f64;
            TileId::new(z as u32, (x * n) as u64, (y * n) as u64).unwrap()
        };
        for z in [2u8, 6, 9, 10, 13] {
            let zl = encode_layer(&zones, tile(z), &LayerRules::for_view(&zones)).unwrap();
            assert_eq!(zl.features.len(), 2, "zones at z{z}");
            assert_eq!(zl.name, "zones");
            assert_eq!(zl.extent, Some(EXTENT));
            let pl = encode_layer(&parcels, tile(z), &LayerRules::for_view(&parcels));
            let n = pl.map_or(0, |l| l.features.len());
            // 0.001° is 11.7 units of 4096 across at z 10, 5.8 at z 9 (under 8: dropped).
            assert_eq!(n, if z >= 10 { 2 } else { 0 }, "parcels at z{z}");
        }
        // Properties: every one with a value from z 12, the key (+ styled) below; nulls left out.
        let full = encode_layer(&zones, tile(14), &LayerRules::for_view(&zones)).unwrap();
        assert_eq!(full.keys, vec!["zone_id", "far"]);
        assert_eq!(full.features[0].tags.len(), 4);
        let low = encode_layer(&zones, tile(6), &LayerRules::for_view(&zones)).unwrap();
        assert!(low.keys.iter().all(|k| k != "far"), "{:?}", low.keys);
        // An empty tile elsewhere: no layer.
        assert!(encode_layer(
            &zones,
            TileId::new(10, 0, 0).unwrap(),
            &LayerRules::for_view(&zones)
        )
        .is_none());
    }

    #[test]
    fn rings_are_wound_as_mvt_wants_and_holes_opposite() {
        // Counter-clockwise on screen (negative area in y-down coordinates).
        let ccw = [[0.0, 0.0], [0.0, 10.0], [10.0, 10.0], [10.0, 0.0]];
        let ext = finish_ring(&ccw, true).unwrap();
        let pts: Vec<Pt> = ext.0[..4].iter().map(|c| [c.x, c.y]).collect();
        assert!(area2(&pts) > 0.0);
        let hole = finish_ring(&ccw, false).unwrap();
        let pts: Vec<Pt> = hole.0[..4].iter().map(|c| [c.x, c.y]).collect();
        assert!(area2(&pts) < 0.0);
        // A sliver collapsing on the grid is gone.
        assert!(finish_ring(&[[0.0, 0.0], [5.0, 0.1], [10.0, 0.2]], true).is_none());
    }

    #[test]
    fn a_required_speck_becomes_a_unit_square() {
        let b = ClipBox {
            lo: -128.0,
            hi: 4224.0,
        };
        let speck = Shape::Polygons(vec![vec![vec![[5.1, 5.1], [5.2, 5.1], [5.2, 5.2]]]]);
        assert!(tile_geometry(speck, b, true, false).is_none());
        let speck = Shape::Polygons(vec![vec![vec![[5.1, 5.1], [5.2, 5.1], [5.2, 5.2]]]]);
        match tile_geometry(speck, b, true, true) {
            Some(Geometry::Polygon(p)) => assert_eq!(p.exterior().0.len(), 5),
            other => panic!("{other:?}"),
        }
    }
}
