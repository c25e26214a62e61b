//! `GET /collections/{id}/schema`: the schema of a collection's features (OGC API – Features
//! Part 5, "Schemas", draft 23-058): a JSON Schema 2020-12 document (`application/schema+json`)
//! built from the view's fields, so that clients type the properties from it instead of
//! guessing from the first features.
//!
//! Each property has its JSON `type`, a `title` (the Chinese title), a `description` (with the
//! unit), `x-ogc-propertySeq` (its position, from 1) and, for the key, `x-ogc-role: id`; dates
//! are `string` with `format: date`; lists are `array` of `string`. The geometry is
//! `x-ogc-role: primary-geometry` with a `format` naming its type (`geometry-multipolygon`, …).
//!
//! GDAL's OAPIF client (3.6) types fields from the JSON schema its collection's link with
//! `rel` exactly `describedBy` and type `application/schema+json` points to, but it reads that
//! schema as the schema of a whole GeoJSON *Feature* (the property schemas under
//! `properties.properties`, each with a single `type`; `format: date` makes a Date field, an
//! `array` of `string` a StringList). Part 5's schema describes the properties flat, so the
//! same property schemas are also served wrapped as a Feature schema at
//! `/collections/{id}/feature-schema`, linked with `rel=describedBy`.

use crate::view::{Field, GeometryType, Meta, View};
use serde_json::{json, Map, Value as J};

/// Media type of the schema document.
pub const SCHEMA_JSON: &str = "application/schema+json";
/// Link relation of a collection's schema (OGC API – Features Part 5).
pub const REL_SCHEMA: &str = "http://www.opengis.net/def/rel/ogc/1.0/schema";

/// Part 5's geometry format for a geometry type.
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

/// The JSON Schema of one property (without its sequence number).
pub fn property(field: &Field, is_key: bool) -> J {
    let mut p = Map::new();
    p.insert("title".into(), J::from(field.title_zh));
    let description = match field.unit {
        Some(u) => format!("{} Unit: {u}.", field.description),
        None => field.description.to_string(),
    };
    p.insert("description".into(), J::from(description));
    p.extend(field.kind.json_schema());
    if let Some(u) = field.unit {
        p.insert("x-ogc-unit".into(), J::from(u));
    }
    if is_key {
        p.insert("x-ogc-role".into(), J::from("id"));
    }
    J::Object(p)
}

/// The schema document of a collection with these metadata and fields; `url` is the
/// document's own address (its `$id`).
pub fn document(meta: &Meta, fields: &[Field], url: &str) -> J {
    let mut props = Map::new();
    for (i, f) in fields.iter().enumerate() {
        let mut p = property(f, f.name == meta.key);
        p["x-ogc-propertySeq"] = J::from(i + 1);
        props.insert(f.name.to_string(), p);
    }
    if meta.geometry_type != GeometryType::None {
        props.insert(
            "geometry".into(),
            json!({
                "title": "几何",
                "description": "The feature's geometry (CRS84 longitude, latitude).",
                "format": geometry_format(meta.geometry_type),
                "x-ogc-role": "primary-geometry",
                "x-ogc-propertySeq": fields.len() + 1,
            }),
        );
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url,
        "type": "object",
        "title": format!("{} {}", meta.title_zh, meta.title),
        "description": meta.description,
        "properties": props,
        "additionalProperties": false,
    })
}

/// The JSON Schema of a GeoJSON Feature of the collection (what GDAL's OAPIF client reads from
/// a `describedBy` link): the same property schemas as [`document`], under
/// `properties.properties`.
pub fn feature_document(meta: &Meta, fields: &[Field], url: &str) -> J {
    let mut props = Map::new();
    for (i, f) in fields.iter().enumerate() {
        let mut p = property(f, f.name == meta.key);
        p["x-ogc-propertySeq"] = J::from(i + 1);
        props.insert(f.name.to_string(), p);
    }
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": url,
        "title": format!("{} {} (GeoJSON Feature)", meta.title_zh, meta.title),
        "description": meta.description,
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "string", "description": format!("The feature's key, `{}`.", meta.key)},
            "geometry": {
                "type": "object",
                "format": geometry_format(meta.geometry_type),
                "x-ogc-role": "primary-geometry",
            },
            "properties": {"type": "object", "properties": props},
        },
    })
}

/// The collection document's links to its schemas: Part 5's relation to `/schema`, and
/// `describedBy` (spelt as GDAL's OAPIF client compares it) to the Feature schema.
pub fn links(base: &str, id: &str) -> [J; 2] {
    [
        json!({"href": format!("{base}/collections/{id}/schema"), "rel": REL_SCHEMA,
               "type": SCHEMA_JSON, "title": "Schema of the features' properties (JSON Schema, OGC API - Features Part 5)"}),
        json!({"href": format!("{base}/collections/{id}/feature-schema"), "rel": "describedBy",
               "type": SCHEMA_JSON, "title": "Schema of a GeoJSON feature (JSON Schema)"}),
    ]
}

/// The schema document of a view.
pub fn for_view(view: &dyn View, url: &str) -> J {
    document(view.meta(), view.fields(), url)
}

/// The Feature schema of a view.
pub fn feature_for_view(view: &dyn View, url: &str) -> J {
    feature_document(view.meta(), view.fields(), url)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view::FieldKind;

    const FIELDS: [Field; 4] = [
        Field::new("parcel_id", FieldKind::Text, None, "宗地编号", "Parcel id."),
        Field::new(
            "halted_since",
            FieldKind::Date,
            None,
            "中止开发日期",
            "Halted.",
        ),
        Field::new(
            "area_m2",
            FieldKind::Real,
            Some("m²"),
            "面积",
            "Geodesic area.",
        ),
        Field::new(
            "shortfalls",
            FieldKind::TextList,
            None,
            "未达标指标",
            "Failed.",
        ),
    ];

    #[test]
    fn properties_roles_and_order() {
        let meta = Meta::new(
            "parcels",
            "Parcels",
            "宗地",
            "Land parcels.",
            GeometryType::MultiPolygon,
            "parcel_id",
        );
        let d = document(&meta, &FIELDS, "http://x/collections/parcels/schema");
        assert_eq!(d["$schema"], "https://json-schema.org/draft/2020-12/schema");
        let p = &d["properties"];
        assert_eq!(p["parcel_id"]["x-ogc-role"], "id");
        assert_eq!(p["parcel_id"]["type"], "string");
        assert_eq!(p["parcel_id"]["x-ogc-propertySeq"], 1);
        assert_eq!(p["halted_since"]["format"], "date");
        assert_eq!(p["halted_since"]["title"], "中止开发日期");
        assert!(p["halted_since"].get("x-ogc-role").is_none());
        assert_eq!(p["area_m2"]["type"], "number");
        assert_eq!(p["area_m2"]["x-ogc-unit"], "m²");
        assert_eq!(p["shortfalls"]["type"], "array");
        assert_eq!(p["shortfalls"]["items"]["type"], "string");
        assert_eq!(p["geometry"]["x-ogc-role"], "primary-geometry");
        assert_eq!(p["geometry"]["format"], "geometry-multipolygon");
        assert_eq!(p["geometry"]["x-ogc-propertySeq"], 5);
        // The Feature form: the same property schemas one level down.
        let f = feature_document(
            &meta,
            &FIELDS,
            "http://x/collections/parcels/feature-schema",
        );
        assert_eq!(f["properties"]["properties"]["properties"], {
            let mut q = p.clone();
            q.as_object_mut().unwrap().remove("geometry");
            q
        });
        assert_eq!(
            f["properties"]["geometry"]["x-ogc-role"],
            "primary-geometry"
        );
    }
}
