//! The four input layers as the contract names them: fields, their kinds, the key and the
//! expected geometry; and how they are found in a source layer (config remapping, then the
//! contract name, then its 10-character Shapefile truncation).

use crate::config::LayerMapping;
use gdal::vector::Defn;

/// What a contract field holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer,
    Real,
    Date,
}

impl Kind {
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::Integer => "a whole number",
            Kind::Real => "a number",
            Kind::Date => "a date",
        }
    }
}

/// One contract field.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub kind: Kind,
}

/// Which geometries a layer takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Polygon or MultiPolygon.
    Polygonal,
    /// LineString or MultiLineString.
    Lineal,
    /// Point, or Polygon/MultiPolygon.
    PointOrPolygonal,
}

impl Shape {
    pub fn describe(self) -> &'static str {
        match self {
            Shape::Polygonal => "Polygon or MultiPolygon",
            Shape::Lineal => "LineString or MultiLineString",
            Shape::PointOrPolygonal => "Point, Polygon or MultiPolygon",
        }
    }
}

/// One input layer. The first field is the key (text, unique, required).
#[derive(Debug)]
pub struct LayerSpec {
    pub name: &'static str,
    pub shape: Shape,
    pub fields: &'static [FieldSpec],
}

impl LayerSpec {
    /// The key field's name (`zone_id`, …).
    pub fn key(&self) -> &'static str {
        self.fields[0].name
    }
    /// Position of a contract field in [`LayerSpec::fields`].
    pub fn position(&self, name: &str) -> Option<usize> {
        self.fields.iter().position(|f| f.name == name)
    }
}

const fn f(name: &'static str, kind: Kind) -> FieldSpec {
    FieldSpec { name, kind }
}
use Kind::*;

pub const ZONES: LayerSpec = LayerSpec {
    name: "zones",
    shape: Shape::Polygonal,
    fields: &[
        f("zone_id", Text),
        f("name", Text),
        f("city", Text),
        f("county", Text),
        f("star", Integer),
        f("leading_industry", Text),
    ],
};

pub const PARCELS: LayerSpec = LayerSpec {
    name: "parcels",
    shape: Shape::Polygonal,
    fields: &[
        f("parcel_id", Text),
        f("zone_id", Text),
        f("land_use", Text),
        f("industry_code", Text),
        f("holder", Text),
        f("registered_area_m2", Real),
        f("granted_on", Date),
        f("agreed_start", Date),
        f("agreed_completion", Date),
        f("actual_start", Date),
        f("halted_since", Date),
        f("developed_area_m2", Real),
        f("total_investment_wan_yuan", Real),
        f("invested_wan_yuan", Real),
        f("floor_area_m2", Real),
        f("footprint_m2", Real),
        f("admin_area_m2", Real),
        f("green_area_m2", Real),
        f("output_wan_yuan", Real),
        f("tax_wan_yuan", Real),
        f("delay_cause", Text),
    ],
};

pub const ROADS: LayerSpec = LayerSpec {
    name: "roads",
    shape: Shape::Lineal,
    fields: &[
        f("road_id", Text),
        f("route", Text),
        f("name", Text),
        f("grade", Text),
        f("status", Text),
    ],
};

pub const VILLAGES: LayerSpec = LayerSpec {
    name: "villages",
    shape: Shape::PointOrPolygonal,
    fields: &[
        f("village_id", Text),
        f("name", Text),
        f("households", Integer),
        f("population", Integer),
        f("homestead_area_m2", Real),
        f("relocation", Text),
    ],
};

/// Where a contract field is in the source layer.
#[derive(Debug, Clone)]
pub struct SourceField {
    pub index: usize,
    pub name: String,
}

/// Finds every contract field of `spec` in `defn`. Absent optional fields are `None`.
/// Errors (one message per field): the key is missing, or a field the config names is missing.
pub fn resolve(
    spec: &LayerSpec,
    mapping: &LayerMapping,
    defn: &Defn,
) -> (Vec<Option<SourceField>>, Vec<(String, String)>) {
    let names: Vec<String> = defn.fields().map(|f| f.name()).collect();
    let find = |wanted: &str| names.iter().position(|n| n.eq_ignore_ascii_case(wanted));
    let mut out = Vec::with_capacity(spec.fields.len());
    let mut errors = Vec::new();
    for (contract, source) in &mapping.fields {
        if spec.position(contract).is_none() {
            let known: Vec<&str> = spec.fields.iter().map(|f| f.name).collect();
            errors.push((
                contract.clone(),
                format!(
                    "the config maps `{contract}` (to `{source}`), which is not a field of layer {} (fields: {})",
                    spec.name,
                    known.join(", ")
                ),
            ));
        }
    }
    for (i, field) in spec.fields.iter().enumerate() {
        if let Some(mapped) = mapping.fields.get(field.name) {
            match find(mapped) {
                Some(index) => out.push(Some(SourceField {
                    index,
                    name: names[index].clone(),
                })),
                None => {
                    errors.push((
                        field.name.to_string(),
                        format!("the config maps it to source field `{mapped}`, which the layer does not have"),
                    ));
                    out.push(None);
                }
            }
            continue;
        }
        let found = find(field.name).or_else(|| {
            // Shapefiles keep at most 10 characters of a field name.
            (field.name.len() > 10)
                .then(|| find(&field.name[..10]))
                .flatten()
        });
        match found {
            Some(index) => out.push(Some(SourceField {
                index,
                name: names[index].clone(),
            })),
            None => {
                if i == 0 {
                    errors.push((
                        field.name.to_string(),
                        "required field is missing (map it with `fields` in the config if it has another name)"
                            .to_string(),
                    ));
                }
                out.push(None);
            }
        }
    }
    (out, errors)
}

/// Maps a source field name back to the contract name (for GDAL messages naming a column).
pub fn contract_name(
    spec: &LayerSpec,
    fields: &[Option<SourceField>],
    source_name: &str,
) -> Option<&'static str> {
    spec.fields
        .iter()
        .zip(fields)
        .find(|(_, s)| {
            s.as_ref()
                .is_some_and(|s| s.name.eq_ignore_ascii_case(source_name))
        })
        .map(|(f, _)| f.name)
}
