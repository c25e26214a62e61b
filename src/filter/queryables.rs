//! `/collections/{id}/queryables`: the properties a filter may name, as a JSON Schema
//! (2020-12) document built from the view's schema.

use super::GEOMETRY_PROPERTY;
use crate::layer::GeometryType;
use crate::view::View;
use serde_json::{json, Map, Value as J};

/// The JSON Schema `$ref` of a GeoJSON geometry type (schemas.opengis.net/geojson).
fn geometry_ref(t: GeometryType) -> &'static str {
    match t {
        GeometryType::Point => "https://geojson.org/schema/Point.json",
        GeometryType::LineString => "https://geojson.org/schema/LineString.json",
        GeometryType::Polygon => "https://geojson.org/schema/Polygon.json",
        GeometryType::MultiLineString => "https://geojson.org/schema/MultiLineString.json",
        GeometryType::MultiPolygon => "https://geojson.org/schema/MultiPolygon.json",
        GeometryType::Geometry | GeometryType::None => "https://geojson.org/schema/Geometry.json",
    }
}

/// The `format` naming the geometry type (OGC Features Part 5 "geometry-…" formats).
fn geometry_format(t: GeometryType) -> &'static str {
    match t {
        GeometryType::Point => "geometry-point",
        GeometryType::LineString => "geometry-linestring",
        GeometryType::Polygon => "geometry-polygon",
        GeometryType::MultiLineString => "geometry-multilinestring",
        GeometryType::MultiPolygon => "geometry-multipolygon",
        GeometryType::Geometry | GeometryType::None => "geometry-any",
    }
}

/// The queryables document; `id` is its own URL.
pub fn document(view: &dyn View, id: &str) -> J {
    let m = view.meta();
    let mut props = Map::new();
    for f in view.fields() {
        let mut p = Map::new();
        p.insert("title".into(), J::from(f.title_zh));
        if !f.description.is_empty() {
            p.insert("description".into(), J::from(f.description));
        }
        p.extend(f.kind.json_schema());
        if let Some(u) = f.unit {
            p.insert("x-unit".into(), J::from(u));
        }
        props.insert(f.name.to_string(), J::Object(p));
    }
    if m.geometry_type != GeometryType::None {
        props.insert(
            GEOMETRY_PROPERTY.into(),
            json!({
                "title": "几何",
                "description": format!("The feature's geometry ({}), CRS84 unless filter-crs says otherwise.", m.geometry_type.as_str()),
                "x-ogc-role": "primary-geometry",
                "format": geometry_format(m.geometry_type),
                "$ref": geometry_ref(m.geometry_type),
            }),
        );
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": id,
        "type": "object",
        "title": format!("{} / {}", m.title, m.title_zh),
        "description": format!("Properties of `{}` that a CQL2 filter, sortby or properties may name.", m.id),
        "properties": props,
        "additionalProperties": false,
    })
}
