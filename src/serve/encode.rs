//! GeoJSON bytes: features written straight into a buffer, coordinates mapped through a
//! [`Crs`]. The server encodes every feature once in CRS84 at start
//! ([`super::state::Collection`]) and re-encodes only geometries for other CRSs.

use super::crs::Crs;
use crate::view::{GeomRef, ValueRef, View};
use geo::{Coord, Geometry, LineString, Polygon};

/// Appends a JSON number (shortest round-trip form), or `null` when not finite.
#[inline]
pub fn write_f64(buf: &mut Vec<u8>, v: f64) {
    if v.is_finite() {
        // serde_json writes f64 with ryu; writing into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *buf, &v);
    } else {
        buf.extend_from_slice(b"null");
    }
}

/// Appends a JSON string.
pub fn write_str(buf: &mut Vec<u8>, s: &str) {
    let _ = serde_json::to_writer(&mut *buf, s);
}

/// Coordinate writer for one target CRS: projected coordinates rounded to the millimetre.
pub struct CoordWriter<'a> {
    pub crs: &'a Crs,
}

impl CoordWriter<'_> {
    #[inline]
    fn coord(&self, buf: &mut Vec<u8>, c: &Coord<f64>) {
        let (a, b) = self.crs.from_crs84(c.x, c.y);
        let (a, b) = if self.crs.is_geographic() {
            (a, b)
        } else {
            (round_mm(a), round_mm(b))
        };
        buf.push(b'[');
        write_f64(buf, a);
        buf.push(b',');
        write_f64(buf, b);
        buf.push(b']');
    }

    fn line(&self, buf: &mut Vec<u8>, l: &LineString<f64>) {
        buf.push(b'[');
        for (i, c) in l.0.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            self.coord(buf, c);
        }
        buf.push(b']');
    }

    fn polygon(&self, buf: &mut Vec<u8>, p: &Polygon<f64>) {
        buf.push(b'[');
        self.line(buf, p.exterior());
        for r in p.interiors() {
            buf.push(b',');
            self.line(buf, r);
        }
        buf.push(b']');
    }

    fn list<T>(&self, buf: &mut Vec<u8>, items: &[T], f: impl Fn(&Self, &mut Vec<u8>, &T)) {
        buf.push(b'[');
        for (i, x) in items.iter().enumerate() {
            if i > 0 {
                buf.push(b',');
            }
            f(self, buf, x);
        }
        buf.push(b']');
    }

    /// Appends a borrowed geometry as a GeoJSON geometry object.
    pub fn geometry_ref(&self, buf: &mut Vec<u8>, g: GeomRef<'_>) {
        match g {
            GeomRef::Point(p) => {
                buf.extend_from_slice(br#"{"type":"Point","coordinates":"#);
                self.coord(buf, &p.0);
            }
            GeomRef::LineString(l) => {
                buf.extend_from_slice(br#"{"type":"LineString","coordinates":"#);
                self.line(buf, l);
            }
            GeomRef::MultiLineString(ml) => {
                buf.extend_from_slice(br#"{"type":"MultiLineString","coordinates":"#);
                self.list(buf, &ml.0, |w, b, l| w.line(b, l));
            }
            GeomRef::MultiPolygon(mp) => {
                buf.extend_from_slice(br#"{"type":"MultiPolygon","coordinates":"#);
                self.list(buf, &mp.0, |w, b, p| w.polygon(b, p));
            }
            GeomRef::Geometry(g) => return self.geometry(buf, g),
        }
        buf.push(b'}');
    }

    /// Appends a GeoJSON geometry object.
    pub fn geometry(&self, buf: &mut Vec<u8>, g: &Geometry<f64>) {
        match g {
            Geometry::Point(p) => {
                buf.extend_from_slice(br#"{"type":"Point","coordinates":"#);
                self.coord(buf, &p.0);
            }
            Geometry::MultiPoint(mp) => {
                buf.extend_from_slice(br#"{"type":"MultiPoint","coordinates":"#);
                self.list(buf, &mp.0, |w, b, p| w.coord(b, &p.0));
            }
            Geometry::LineString(l) => {
                buf.extend_from_slice(br#"{"type":"LineString","coordinates":"#);
                self.line(buf, l);
            }
            Geometry::MultiLineString(ml) => {
                buf.extend_from_slice(br#"{"type":"MultiLineString","coordinates":"#);
                self.list(buf, &ml.0, |w, b, l| w.line(b, l));
            }
            Geometry::Polygon(p) => {
                buf.extend_from_slice(br#"{"type":"Polygon","coordinates":"#);
                self.polygon(buf, p);
            }
            Geometry::MultiPolygon(mp) => {
                buf.extend_from_slice(br#"{"type":"MultiPolygon","coordinates":"#);
                self.list(buf, &mp.0, |w, b, p| w.polygon(b, p));
            }
            Geometry::GeometryCollection(gc) => {
                buf.extend_from_slice(br#"{"type":"GeometryCollection","geometries":"#);
                self.list(buf, &gc.0, |w, b, g| w.geometry(b, g));
            }
            Geometry::Line(l) => {
                buf.extend_from_slice(br#"{"type":"LineString","coordinates":["#);
                self.coord(buf, &l.start);
                buf.push(b',');
                self.coord(buf, &l.end);
                buf.push(b']');
            }
            Geometry::Rect(r) => return self.geometry(buf, &Geometry::Polygon(r.to_polygon())),
            Geometry::Triangle(t) => return self.geometry(buf, &Geometry::Polygon(t.to_polygon())),
        }
        buf.push(b'}');
    }
}

#[inline]
fn round_mm(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// Appends `{"type":"Feature","id":…,"geometry":…,"properties":{…}}` for a row of a view,
/// its coordinates in `crs`.
pub fn write_feature(buf: &mut Vec<u8>, view: &dyn View, row: usize, crs: &Crs) {
    buf.extend_from_slice(br#"{"type":"Feature","id":"#);
    write_str(buf, view.id(row));
    buf.extend_from_slice(br#","geometry":"#);
    match view.geometry(row) {
        Some(g) => CoordWriter { crs }.geometry_ref(buf, g),
        None => buf.extend_from_slice(b"null"),
    }
    buf.extend_from_slice(br#","properties":{"#);
    for (k, field) in view.fields().iter().enumerate() {
        if k > 0 {
            buf.push(b',');
        }
        write_str(buf, field.name);
        buf.push(b':');
        write_value(buf, view.value(row, k));
    }
    buf.extend_from_slice(b"}}");
}

/// Appends a property value as JSON (as [`crate::layer::Value::to_json`] does).
pub fn write_value(buf: &mut Vec<u8>, v: ValueRef<'_>) {
    match v {
        ValueRef::Null => buf.extend_from_slice(b"null"),
        ValueRef::Text(s) => write_str(buf, s),
        ValueRef::Integer(i) => buf.extend_from_slice(itoa::Buffer::new().format(i).as_bytes()),
        ValueRef::Real(x) => write_f64(buf, x),
        ValueRef::Bool(b) => buf.extend_from_slice(if b { b"true" } else { b"false" }),
        ValueRef::Date(d) => {
            use std::io::Write;
            let _ = write!(buf, "\"{}\"", d.format("%Y-%m-%d"));
        }
        ValueRef::List(l) => {
            buf.push(b'[');
            for (k, s) in l.iter().enumerate() {
                if k > 0 {
                    buf.push(b',');
                }
                write_str(buf, s);
            }
            buf.push(b']');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::{Feature, Field, FieldKind, Layer, Value};
    use crate::view::LayerView;
    use geo::{polygon, Geometry};

    #[test]
    fn feature_bytes_are_the_layer_geojson() {
        let poly = polygon![(x: 113.0, y: 34.0), (x: 113.5, y: 34.0), (x: 113.0, y: 34.5)];
        let f = Feature {
            id: "a\"1".into(),
            geometry: Some(Geometry::Polygon(poly)),
            properties: vec![
                Value::Text("a\"1".into()),
                Value::Null,
                Value::Real(0.1 + 0.2),
                Value::Integer(-7),
                Value::Bool(false),
                Value::Date(chrono::NaiveDate::from_ymd_opt(2012, 2, 29).unwrap()),
                Value::List(vec!["far".into(), "绿地".into()]),
            ],
        };
        let layer = Layer {
            id: "t".into(),
            title: "T".into(),
            title_zh: "测".into(),
            description: String::new(),
            geometry_type: crate::layer::GeometryType::Polygon,
            key: "k",
            schema: vec![
                Field::new("k", FieldKind::Text, None, "", ""),
                Field::new("v", FieldKind::Real, None, "", ""),
                Field::new("r", FieldKind::Real, None, "", ""),
                Field::new("i", FieldKind::Integer, None, "", ""),
                Field::new("b", FieldKind::Bool, None, "", ""),
                Field::new("d", FieldKind::Date, None, "", ""),
                Field::new("l", FieldKind::TextList, None, "", ""),
            ],
            features: vec![f.clone()],
        };
        let expected = crate::layer::geojson::feature(&layer, &f);
        let view = LayerView::new(layer);
        let mut buf = Vec::new();
        write_feature(&mut buf, &view, 0, &Crs::Crs84);
        let ours: serde_json::Value = serde_json::from_slice(&buf).unwrap();
        assert_eq!(ours, expected);
    }
}
