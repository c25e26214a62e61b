//! The OpenAPI 3.0 definition served at `/api`: every route, the items parameters
//! (`limit` default and maximum, `bbox`, `bbox-crs`, `crs`, `offset`, `datetime`, `f`) and
//! each collection's property filters, with response schemas the responses satisfy.

use super::api::{GEOJSON, JSON, OPENAPI, SCHEMA_JSON};
use super::crs::{Crs, CRS84_URI};
use super::query::{DEFAULT_LIMIT, MAX_LIMIT};
use super::state::{AppState, Collection};
use crate::layer::FieldKind;
use serde_json::{json, Map, Value as J};

fn r(name: &str) -> J {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

fn p(name: &str) -> J {
    json!({"$ref": format!("#/components/parameters/{name}")})
}

/// Error responses every operation may give.
fn errors(with_404: bool) -> Map<String, J> {
    let mut m = Map::new();
    let e = |d: &str| json!({"description": d, "content": {JSON: {"schema": r("exception")}}});
    m.insert(
        "400".into(),
        e("A query parameter has an invalid value or is unknown."),
    );
    if with_404 {
        m.insert("404".into(), e("No such collection or feature."));
    }
    m.insert("500".into(), e("A server error."));
    m
}

/// A GET operation answering JSON (`media`, `schema`) and HTML.
fn op(
    id: &str,
    summary: &str,
    params: Vec<J>,
    media: &str,
    schema: J,
    with_404: bool,
    with_html: bool,
) -> J {
    let mut content = Map::new();
    content.insert(media.into(), json!({"schema": schema}));
    if with_html {
        content.insert("text/html".into(), json!({"schema": {"type": "string"}}));
    }
    let mut responses = Map::new();
    responses.insert(
        "200".into(),
        json!({"description": summary, "content": content}),
    );
    responses.extend(errors(with_404));
    json!({"get": {"operationId": id, "summary": summary, "parameters": params, "responses": responses}})
}

fn field_schema(kind: FieldKind) -> J {
    let mut s = kind.json_schema();
    s.insert("nullable".into(), J::Bool(true));
    J::Object(s)
}

fn filter_schema(kind: FieldKind) -> J {
    match kind {
        FieldKind::Text | FieldKind::TextList => json!({"type": "string"}),
        FieldKind::Integer => json!({"type": "integer"}),
        FieldKind::Real => json!({"type": "number"}),
        FieldKind::Bool => json!({"type": "boolean"}),
        FieldKind::Date => json!({"type": "string", "format": "date"}),
    }
}

/// The `featureId` path parameter, with the first feature's id as its example.
/// `sortby` and `properties` of a collection: names from its schema.
fn filter_params(c: &Collection) -> Vec<J> {
    let names: Vec<&str> = c.view.fields().iter().map(|f| f.name).collect();
    let alternatives = names.join("|");
    vec![
        json!({
            "name": "sortby",
            "in": "query",
            "required": false,
            "description": "Sort the matching features before paging: comma-separated property names (or `id`), each optionally prefixed with `+` (ascending, the default) or `-` (descending). Missing values sort last; ties keep the layer order.",
            "schema": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": format!("^[+-]?({alternatives}|id)$")}},
            "style": "form",
            "explode": false,
        }),
        json!({
            "name": "properties",
            "in": "query",
            "required": false,
            "description": "Return only these properties (comma-separated); the feature id and geometry are always returned, a named property with no value as null.",
            "schema": {"type": "array", "minItems": 1, "items": {"type": "string", "enum": names}},
            "style": "form",
            "explode": false,
        }),
    ]
}

fn feature_id_param(c: &Collection) -> J {
    let mut param = json!({
        "name": "featureId",
        "in": "path",
        "required": true,
        "description": format!("The feature's `{}`.", c.view.meta().key),
        "schema": {"type": "string"},
    });
    if !c.view.is_empty() {
        param["example"] = J::from(c.view.id(0));
    }
    param
}

fn feature_schema(c: &Collection) -> J {
    let props: Map<String, J> = c
        .view
        .fields()
        .iter()
        .map(|f| {
            let mut s = field_schema(f.kind);
            s["description"] = J::from(f.description);
            (f.name.to_string(), s)
        })
        .collect();
    json!({
        "type": "object",
        "required": ["type", "geometry", "properties"],
        "properties": {
            "type": {"type": "string", "enum": ["Feature"]},
            "id": {"type": "string"},
            "geometry": r("geometryGeoJSON"),
            "properties": {"type": "object", "nullable": true, "properties": props},
            "links": {"type": "array", "items": r("link")},
        }
    })
}

/// The document, with `base` as its server.
pub fn document(st: &AppState, base: &str) -> J {
    let mut paths = Map::new();
    paths.insert(
        "/".into(),
        op(
            "getLandingPage",
            "Landing page",
            vec![p("f")],
            JSON,
            r("landingPage"),
            false,
            true,
        ),
    );
    paths.insert(
        "/conformance".into(),
        op(
            "getConformanceDeclaration",
            "Conformance classes",
            vec![p("f")],
            JSON,
            r("confClasses"),
            false,
            true,
        ),
    );
    paths.insert(
        "/api".into(),
        op(
            "getAPI",
            "This API definition",
            vec![p("f")],
            OPENAPI,
            json!({"type": "object"}),
            false,
            true,
        ),
    );
    paths.insert(
        "/collections".into(),
        op(
            "getCollections",
            "The collections",
            vec![p("f")],
            JSON,
            r("collections"),
            false,
            true,
        ),
    );
    paths.insert(
        "/health".into(),
        op(
            "getHealth",
            "Readiness and counts",
            vec![],
            JSON,
            r("health"),
            false,
            false,
        ),
    );

    let mut schemas = base_schemas();
    for c in &st.collections {
        let id = &c.view.meta().id;
        let fname = format!("{id}.feature");
        schemas.insert(fname.clone(), feature_schema(c));
        schemas.insert(
            format!("{id}.featureCollection"),
            json!({
                "type": "object",
                "required": ["type", "features"],
                "properties": {
                    "type": {"type": "string", "enum": ["FeatureCollection"]},
                    "features": {"type": "array", "items": r(&fname)},
                    "links": {"type": "array", "items": r("link")},
                    "timeStamp": {"type": "string", "format": "date-time"},
                    "numberMatched": {"type": "integer", "minimum": 0},
                    "numberReturned": {"type": "integer", "minimum": 0},
                }
            }),
        );
        let title = format!("{} ({})", c.view.meta().title, c.view.meta().title_zh);
        paths.insert(
            format!("/collections/{id}"),
            op(
                &format!("describeCollection.{id}"),
                &format!("The collection {title}"),
                vec![p("f")],
                JSON,
                r("collectionInfo"),
                true,
                true,
            ),
        );
        let mut params = vec![
            p("limit"),
            p("offset"),
            p("bbox"),
            p("bbox-crs"),
            p("crs"),
            p("datetime"),
            p("f"),
            p("filter"),
            p("filter-lang"),
            p("filter-crs"),
        ];
        params.extend(filter_params(c));
        for f in c.view.fields() {
            params.push(json!({
                "name": f.name,
                "in": "query",
                "required": false,
                "description": format!("Only features whose `{}` equals this value ({}).{}", f.name, f.description,
                    if f.kind == FieldKind::TextList { " Matches a list that contains it." } else { "" }),
                "schema": filter_schema(f.kind),
                "style": "form",
                "explode": false,
            }));
        }
        let mut items = op(
            &format!("getFeatures.{id}"),
            &format!("The features of {title}"),
            params,
            GEOJSON,
            r(&format!("{id}.featureCollection")),
            true,
            true,
        );
        items["get"]["responses"]["200"]["headers"] = json!({"Content-Crs": {"description": "The CRS of the coordinates, `<uri>`.", "schema": {"type": "string"}}});
        paths.insert(format!("/collections/{id}/items"), items);
        let mut one = op(
            &format!("getFeature.{id}"),
            &format!("One feature of {title}"),
            vec![feature_id_param(c), p("crs"), p("f")],
            GEOJSON,
            r(&fname),
            true,
            true,
        );
        one["get"]["responses"]["200"]["headers"] = json!({"Content-Crs": {"description": "The CRS of the coordinates, `<uri>`.", "schema": {"type": "string"}}});
        paths.insert(format!("/collections/{id}/items/{{featureId}}"), one);
        paths.insert(
            format!("/collections/{id}/queryables"),
            op(
                &format!("getQueryables.{id}"),
                &format!("The queryables of {title} (JSON Schema 2020-12)"),
                vec![p("f")],
                SCHEMA_JSON,
                json!({"type": "object", "required": ["$schema", "type", "properties"], "properties": {"$schema": {"type": "string"}, "$id": {"type": "string"}, "type": {"type": "string"}, "properties": {"type": "object"}}}),
                true,
                true,
            ),
        );
        paths.insert(
            format!("/collections/{id}/styles"),
            op(
                &format!("getStyles.{id}"),
                &format!("Styles of {title}"),
                vec![],
                JSON,
                r("styles"),
                true,
                false,
            ),
        );
        paths.insert(
            format!("/collections/{id}/schema"),
            op(
                &format!("getSchema.{id}"),
                &format!("Schema of the features of {title} (OGC API – Features Part 5)"),
                vec![],
                super::schema::SCHEMA_JSON,
                json!({"type": "object"}),
                true,
                false,
            ),
        );
    }

    paths.extend(super::tiles::openapi_paths(st));
    let crs_uris: Vec<String> = Crs::all().iter().map(Crs::uri).collect();
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "zonescope",
            "version": env!("CARGO_PKG_VERSION"),
            "description": format!("OGC API – Features (Part 1 Core, GeoJSON, HTML, OAS30; Part 2 CRS by reference; Part 3 filtering with CQL2, queryables, sortby, properties) and OGC API – Tiles (vector tiles, MVT) over the layers of industrial cluster districts, as of {}.", st.as_of),
            "license": {"name": "MIT OR Apache-2.0"},
        },
        "servers": [{"url": base}],
        "paths": paths,
        "components": {
            "parameters": {
                "f": {"name": "f", "in": "query", "required": false, "description": "Response format (default: by the Accept header, else json).", "schema": {"type": "string", "enum": ["json", "html"]}, "style": "form", "explode": false},
                "limit": {"name": "limit", "in": "query", "required": false, "description": format!("Page size. Larger values than {MAX_LIMIT} are served as {MAX_LIMIT}."), "schema": {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT}, "style": "form", "explode": false},
                "offset": {"name": "offset", "in": "query", "required": false, "description": "Number of matching features to skip.", "schema": {"type": "integer", "minimum": 0, "default": 0}, "style": "form", "explode": false},
                "bbox": {"name": "bbox", "in": "query", "required": false, "description": "Only features whose geometry intersects this box: lower and upper corner in the axis order of bbox-crs (CRS84: lon,lat). 6 numbers include heights, which are ignored.", "schema": {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}}, "style": "form", "explode": false},
                "bbox-crs": {"name": "bbox-crs", "in": "query", "required": false, "description": "CRS of bbox.", "schema": {"type": "string", "format": "uri", "enum": crs_uris, "default": CRS84_URI}, "style": "form", "explode": false},
                "crs": {"name": "crs", "in": "query", "required": false, "description": "CRS of the response geometries, in that CRS's axis order.", "schema": {"type": "string", "format": "uri", "enum": crs_uris, "default": CRS84_URI}, "style": "form", "explode": false},
                "filter": {"name": "filter", "in": "query", "required": false, "description": "A CQL2 filter (OGC API – Features Part 3) over the collection's queryables (`/collections/{id}/queryables`), AND-ed with bbox and the property filters: comparisons, AND/OR/NOT, IS NULL, LIKE, BETWEEN, IN, CASEI, arithmetic, DATE('…'), S_INTERSECTS and the other spatial functions (WKT or BBOX literals in filter-crs), A_CONTAINS and the other array functions. A comparison with a missing value is not true.", "schema": {"type": "string"}, "style": "form", "explode": false},
                "filter-lang": {"name": "filter-lang", "in": "query", "required": false, "description": "Encoding of filter.", "schema": {"type": "string", "enum": ["cql2-text", "cql2-json"], "default": "cql2-text"}, "style": "form", "explode": false},
                "filter-crs": {"name": "filter-crs", "in": "query", "required": false, "description": "CRS of the geometry literals in filter, in that CRS's axis order.", "schema": {"type": "string", "format": "uri", "enum": crs_uris, "default": CRS84_URI}, "style": "form", "explode": false},
                "datetime": {"name": "datetime", "in": "query", "required": false, "description": "A date-time or interval (RFC 3339, `..` for open ends). The layers carry no time: every feature matches.", "schema": {"type": "string"}, "style": "form", "explode": false},
            },
            "schemas": schemas,
        }
    })
}

fn base_schemas() -> Map<String, J> {
    let mut m = Map::new();
    m.insert("link".into(), json!({
        "type": "object", "required": ["href"],
        "properties": {"href": {"type": "string"}, "rel": {"type": "string"}, "type": {"type": "string"}, "title": {"type": "string"}, "hreflang": {"type": "string"}}
    }));
    m.insert(
        "exception".into(),
        json!({
            "type": "object", "required": ["code"],
            "properties": {"code": {"type": "string"}, "description": {"type": "string"}}
        }),
    );
    m.insert("landingPage".into(), json!({
        "type": "object", "required": ["links"],
        "properties": {"title": {"type": "string"}, "description": {"type": "string"}, "links": {"type": "array", "items": r("link")}}
    }));
    m.insert(
        "confClasses".into(),
        json!({
            "type": "object", "required": ["conformsTo"],
            "properties": {"conformsTo": {"type": "array", "items": {"type": "string"}}}
        }),
    );
    m.insert("extent".into(), json!({
        "type": "object",
        "properties": {"spatial": {"type": "object", "properties": {
            "bbox": {"type": "array", "minItems": 1, "items": {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}}},
            "crs": {"type": "string"}}}}
    }));
    m.insert("collectionInfo".into(), json!({
        "type": "object", "required": ["id", "links"],
        "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "title_zh": {"type": "string"},
            "description": {"type": "string"}, "itemType": {"type": "string"}, "geometryType": {"type": "string"},
            "itemCount": {"type": "integer", "minimum": 0},
            "extent": r("extent"),
            "crs": {"type": "array", "items": {"type": "string"}},
            "storageCrs": {"type": "string"},
            "links": {"type": "array", "items": r("link")}
        }
    }));
    m.insert("collections".into(), json!({
        "type": "object", "required": ["links", "collections"],
        "properties": {"links": {"type": "array", "items": r("link")}, "collections": {"type": "array", "items": r("collectionInfo")}}
    }));
    m.insert("geometryGeoJSON".into(), json!({
        "type": "object", "nullable": true, "required": ["type"],
        "properties": {"type": {"type": "string", "enum": ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection"]}}
    }));
    m.insert("health".into(), json!({
        "type": "object", "required": ["status", "as_of", "collections"],
        "properties": {"status": {"type": "string"}, "as_of": {"type": "string", "format": "date"}, "source": {"type": "string"},
            "loaded_at": {"type": "string", "format": "date-time"},
            "collections": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}}
    }));
    m.insert("styles".into(), json!({
        "type": "object", "required": ["styles"],
        "properties": {"styles": {"type": "array", "items": {"type": "object", "required": ["id", "links"], "properties": {
            "id": {"type": "string"}, "title": {"type": "string"}, "links": {"type": "array", "items": r("link")}}}},
            "links": {"type": "array", "items": r("link")}}
    }));
    m
}
