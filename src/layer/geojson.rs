//! GeoJSON (RFC 7946, CRS84) encoding of layers and features.

use super::{Feature, Layer};
use geo::Geometry;
use serde_json::{json, Map, Value as J};

/// A geometry as a GeoJSON geometry object (coordinates as stored, lon/lat). This is the
/// plain reference encoder; the server writes the same JSON straight to bytes
/// (`serve::encode`) and its tests compare the two.
pub fn geometry(g: &Geometry<f64>) -> J {
    let pt = |c: &geo::Coord<f64>| json!([c.x, c.y]);
    let line = |l: &geo::LineString<f64>| J::Array(l.0.iter().map(pt).collect());
    let poly = |p: &geo::Polygon<f64>| {
        let mut rings = vec![line(p.exterior())];
        rings.extend(p.interiors().iter().map(line));
        J::Array(rings)
    };
    match g {
        Geometry::Point(p) => json!({"type": "Point", "coordinates": pt(&p.0)}),
        Geometry::MultiPoint(mp) => {
            json!({"type": "MultiPoint", "coordinates": mp.0.iter().map(|p| pt(&p.0)).collect::<Vec<_>>()})
        }
        Geometry::LineString(l) => json!({"type": "LineString", "coordinates": line(l)}),
        Geometry::MultiLineString(ml) => {
            json!({"type": "MultiLineString", "coordinates": ml.0.iter().map(line).collect::<Vec<_>>()})
        }
        Geometry::Polygon(p) => json!({"type": "Polygon", "coordinates": poly(p)}),
        Geometry::MultiPolygon(mp) => {
            json!({"type": "MultiPolygon", "coordinates": mp.0.iter().map(poly).collect::<Vec<_>>()})
        }
        Geometry::GeometryCollection(gc) => json!({
            "type": "GeometryCollection",
            "geometries": gc.0.iter().map(geometry).collect::<Vec<_>>()
        }),
        Geometry::Line(l) => {
            json!({"type": "LineString", "coordinates": [pt(&l.start), pt(&l.end)]})
        }
        Geometry::Rect(r) => geometry(&Geometry::Polygon(r.to_polygon())),
        Geometry::Triangle(t) => geometry(&Geometry::Polygon(t.to_polygon())),
    }
}

/// A feature's properties as a JSON object in schema order.
pub fn properties(layer: &Layer, f: &Feature) -> Map<String, J> {
    layer
        .schema
        .iter()
        .zip(&f.properties)
        .map(|(field, v)| (field.name.to_string(), v.to_json()))
        .collect()
}

/// A feature as a GeoJSON Feature object.
pub fn feature(layer: &Layer, f: &Feature) -> J {
    json!({
        "type": "Feature",
        "id": f.id,
        "geometry": f.geometry.as_ref().map(geometry).unwrap_or(J::Null),
        "properties": J::Object(properties(layer, f)),
    })
}

/// A whole layer as a GeoJSON FeatureCollection.
pub fn feature_collection(layer: &Layer) -> J {
    json!({
        "type": "FeatureCollection",
        "name": layer.id,
        "features": layer.features.iter().map(|f| feature(layer, f)).collect::<Vec<_>>(),
    })
}

/// Writes every layer as `DIR/<id>.geojson`, creating DIR.
pub fn write_layers(layers: &[Layer], dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    for l in layers {
        let file = std::fs::File::create(dir.join(format!("{}.geojson", l.id)))?;
        let mut w = std::io::BufWriter::new(file);
        serde_json::to_writer(&mut w, &feature_collection(l))?;
        std::io::Write::flush(&mut w)?;
    }
    Ok(())
}

/// Writes every view as `DIR/<id>.geojson` (a FeatureCollection with its `name`), creating
/// DIR; streamed feature by feature (the same bytes as [`feature_collection`]).
pub fn write_views(
    views: &[crate::view::SharedView],
    dir: &std::path::Path,
) -> std::io::Result<()> {
    use std::io::Write;
    std::fs::create_dir_all(dir)?;
    let crs84 = crate::serve::crs::Crs::Crs84;
    for v in views {
        let id = &v.meta().id;
        let file = std::fs::File::create(dir.join(format!("{id}.geojson")))?;
        let mut w = std::io::BufWriter::new(file);
        w.write_all(br#"{"type":"FeatureCollection","name":"#)?;
        serde_json::to_writer(&mut w, id)?;
        w.write_all(br#","features":["#)?;
        let mut buf = Vec::with_capacity(4096);
        for row in 0..v.len() {
            buf.clear();
            if row > 0 {
                buf.push(b',');
            }
            crate::serve::encode::write_feature(&mut buf, v.as_ref(), row, &crs84);
            w.write_all(&buf)?;
        }
        w.write_all(b"]}")?;
        w.flush()?;
    }
    Ok(())
}
