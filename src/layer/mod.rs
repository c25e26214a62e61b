//! The common output-layer form: every input and result layer is a [`Layer`], which the
//! server encodes as GeoJSON / HTML and the batch audit writes to GeoPackage, CSV and the report.
//!
//! Geometries are stored in CRS84 (longitude, latitude on the CGCS2000/WGS84 ellipsoid).

use chrono::NaiveDate;
use geo::Geometry;

/// The geometry type of a layer, as announced to clients and GeoPackage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeometryType {
    Point,
    LineString,
    Polygon,
    MultiLineString,
    MultiPolygon,
    /// Mixed points and polygons (e.g. villages).
    Geometry,
    /// A table without geometry.
    None,
}

impl GeometryType {
    pub fn as_str(self) -> &'static str {
        match self {
            GeometryType::Point => "Point",
            GeometryType::LineString => "LineString",
            GeometryType::Polygon => "Polygon",
            GeometryType::MultiLineString => "MultiLineString",
            GeometryType::MultiPolygon => "MultiPolygon",
            GeometryType::Geometry => "Geometry",
            GeometryType::None => "None",
        }
    }
}

/// The type of a property.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    Text,
    Integer,
    Real,
    Bool,
    /// ISO `YYYY-MM-DD`.
    Date,
    /// A list of texts: a JSON array in GeoJSON, comma-separated text in GeoPackage / CSV.
    TextList,
}

impl FieldKind {
    /// The JSON Schema members of a value of this kind: `type` (dates `string` with
    /// `format: date`, lists `array` of `string` items). The one mapping the OpenAPI document,
    /// the queryables and the Part 5 schema share.
    pub fn json_schema(self) -> serde_json::Map<String, serde_json::Value> {
        use serde_json::{json, Map, Value};
        let (ty, extra): (&str, Option<(&str, Value)>) = match self {
            FieldKind::Text => ("string", None),
            FieldKind::Integer => ("integer", None),
            FieldKind::Real => ("number", None),
            FieldKind::Bool => ("boolean", None),
            FieldKind::Date => ("string", Some(("format", json!("date")))),
            FieldKind::TextList => ("array", Some(("items", json!({"type": "string"})))),
        };
        let mut m = Map::new();
        m.insert("type".into(), Value::from(ty));
        if let Some((k, v)) = extra {
            m.insert(k.into(), v);
        }
        m
    }
}

/// One property of a layer's schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    /// Property name, units in the name (`_m2`, `_ha`, `_mu`, `_m`, `_wan_yuan`).
    pub name: &'static str,
    pub kind: FieldKind,
    /// Unit in words (`m²`, `ha`, `10⁴ yuan/ha`, …), when the value has one.
    pub unit: Option<&'static str>,
    /// Chinese alias for QGIS and the report.
    pub title_zh: &'static str,
    /// One sentence saying what the value is.
    pub description: &'static str,
}

impl Field {
    pub const fn new(
        name: &'static str,
        kind: FieldKind,
        unit: Option<&'static str>,
        title_zh: &'static str,
        description: &'static str,
    ) -> Self {
        Field {
            name,
            kind,
            unit,
            title_zh,
            description,
        }
    }
}

/// A property value. `Null` is a missing value, never zero.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Text(String),
    Integer(i64),
    Real(f64),
    Bool(bool),
    Date(NaiveDate),
    List(Vec<String>),
}

impl Value {
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }
    /// Text as written to CSV / GeoPackage text columns (lists comma-separated, dates ISO).
    pub fn to_plain_text(&self) -> Option<String> {
        match self {
            Value::Null => None,
            Value::Text(s) => Some(s.clone()),
            Value::Integer(i) => Some(i.to_string()),
            Value::Real(f) => Some(f.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            Value::Date(d) => Some(d.format("%Y-%m-%d").to_string()),
            Value::List(l) => Some(l.join(",")),
        }
    }
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null => J::Null,
            Value::Text(s) => J::String(s.clone()),
            Value::Integer(i) => J::from(*i),
            Value::Real(f) => serde_json::Number::from_f64(*f)
                .map(J::Number)
                .unwrap_or(J::Null),
            Value::Bool(b) => J::Bool(*b),
            Value::Date(d) => J::String(d.format("%Y-%m-%d").to_string()),
            Value::List(l) => J::Array(l.iter().cloned().map(J::String).collect()),
        }
    }
}

impl From<Option<f64>> for Value {
    fn from(v: Option<f64>) -> Self {
        match v {
            Some(f) if f.is_finite() => Value::Real(f),
            _ => Value::Null,
        }
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Some(v).into()
    }
}
impl From<Option<i64>> for Value {
    fn from(v: Option<i64>) -> Self {
        v.map(Value::Integer).unwrap_or(Value::Null)
    }
}
impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Integer(v)
    }
}
impl From<usize> for Value {
    fn from(v: usize) -> Self {
        Value::Integer(v as i64)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<Option<bool>> for Value {
    fn from(v: Option<bool>) -> Self {
        v.map(Value::Bool).unwrap_or(Value::Null)
    }
}
impl From<Option<NaiveDate>> for Value {
    fn from(v: Option<NaiveDate>) -> Self {
        v.map(Value::Date).unwrap_or(Value::Null)
    }
}
impl From<NaiveDate> for Value {
    fn from(v: NaiveDate) -> Self {
        Value::Date(v)
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_string())
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<Option<String>> for Value {
    fn from(v: Option<String>) -> Self {
        v.map(Value::Text).unwrap_or(Value::Null)
    }
}
impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        v.map(|s| Value::Text(s.to_string())).unwrap_or(Value::Null)
    }
}
impl From<Vec<String>> for Value {
    fn from(v: Vec<String>) -> Self {
        Value::List(v)
    }
}

/// One feature: its key, geometry (CRS84) and property values in schema order.
#[derive(Debug, Clone, PartialEq)]
pub struct Feature {
    pub id: String,
    pub geometry: Option<Geometry<f64>>,
    pub properties: Vec<Value>,
}

/// A layer: what the server publishes as a collection and the audit writes as a table.
#[derive(Debug, Clone)]
pub struct Layer {
    /// Collection id (`parcels`, `parcel-intensity`, …).
    pub id: String,
    /// English title.
    pub title: String,
    /// Chinese title.
    pub title_zh: String,
    pub description: String,
    pub geometry_type: GeometryType,
    /// The property that is each feature's `id` (`parcel_id`, `zone_id`, …).
    pub key: &'static str,
    pub schema: Vec<Field>,
    pub features: Vec<Feature>,
}

impl Layer {
    /// Position of a property in the schema.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.schema.iter().position(|f| f.name == name)
    }
    /// A feature's value of the named property.
    pub fn value<'a>(&self, feature: &'a Feature, name: &str) -> Option<&'a Value> {
        self.field_index(name)
            .and_then(|i| feature.properties.get(i))
    }
    /// The feature with the given id (linear; servers keep their own index).
    pub fn feature(&self, id: &str) -> Option<&Feature> {
        self.features.iter().find(|f| f.id == id)
    }
}

pub mod geojson;
