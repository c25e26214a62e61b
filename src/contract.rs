//! The input contract (§2): the four input layers, each field's name, kind, unit and titles,
//! the key and the expected geometry — written once, read by the loader
//! ([`crate::source`]), the input views ([`crate::view`]) and the sample writer
//! ([`crate::sample`]). Adding a field to an input layer starts here.
//!
//! ```
//! use zonescope::contract::{Kind, PARCELS};
//! assert_eq!(PARCELS.key(), "parcel_id");
//! assert_eq!(PARCELS.field("granted_on").kind, Kind::Date);
//! ```

use crate::layer::{Field, FieldKind};

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
    /// The kind of the published field.
    pub const fn field_kind(self) -> FieldKind {
        match self {
            Kind::Text => FieldKind::Text,
            Kind::Integer => FieldKind::Integer,
            Kind::Real => FieldKind::Real,
            Kind::Date => FieldKind::Date,
        }
    }
}

/// One contract field.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    pub name: &'static str,
    pub kind: Kind,
    pub unit: Option<&'static str>,
    /// Chinese title (QGIS alias, GeoPackage `gpkg_data_columns.title`).
    pub title_zh: &'static str,
    pub description: &'static str,
}

impl FieldSpec {
    /// The field as published (views, GeoPackage, OpenAPI).
    pub const fn field(&self) -> Field {
        Field::new(
            self.name,
            self.kind.field_kind(),
            self.unit,
            self.title_zh,
            self.description,
        )
    }
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
    /// The contract field `name`; a name that is not one fails at compile time where the
    /// call is evaluated in a constant (as the input views' columns are).
    pub const fn field(&self, name: &str) -> &FieldSpec {
        let mut i = 0;
        while i < self.fields.len() {
            if same(self.fields[i].name, name) {
                return &self.fields[i];
            }
            i += 1;
        }
        panic!("not a field of this input layer")
    }
}

const fn f(
    name: &'static str,
    kind: Kind,
    unit: Option<&'static str>,
    title_zh: &'static str,
    description: &'static str,
) -> FieldSpec {
    FieldSpec {
        name,
        kind,
        unit,
        title_zh,
        description,
    }
}

/// String equality in a constant.
const fn same(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

use Kind::*;

/// The four input layers, in loading order.
pub const INPUTS: [&LayerSpec; 4] = [&ZONES, &PARCELS, &ROADS, &VILLAGES];

pub const ZONES: LayerSpec = LayerSpec {
    name: "zones",
    shape: Shape::Polygonal,
    fields: &[
        f("zone_id", Text, None, "集聚区编号", "Zone identifier."),
        f(
            "name",
            Text,
            None,
            "名称",
            "Name of the industrial cluster district.",
        ),
        f("city", Text, None, "省辖市", "City."),
        f("county", Text, None, "县(市、区)", "County."),
        f("star", Integer, None, "星级", "Star rating 0–4."),
        f(
            "leading_industry",
            Text,
            None,
            "主导产业",
            "Leading industries.",
        ),
    ],
};

pub const PARCELS: LayerSpec = LayerSpec {
    name: "parcels",
    shape: Shape::Polygonal,
    fields: &[
        f("parcel_id", Text, None, "宗地编号", "Parcel identifier."),
        f(
            "zone_id",
            Text,
            None,
            "集聚区编号",
            "Zone the parcel belongs to (given, or by largest overlap).",
        ),
        f(
            "land_use",
            Text,
            None,
            "用途代码",
            "Land-use code (GB/T 21010).",
        ),
        f(
            "industry_code",
            Text,
            None,
            "行业代码",
            "GB/T 4754 two-digit industry code.",
        ),
        f("holder", Text, None, "土地使用者", "Land user."),
        f(
            "registered_area_m2",
            Real,
            Some("m²"),
            "登记面积(平方米)",
            "Area in the land register.",
        ),
        f(
            "granted_on",
            Date,
            None,
            "供地日期",
            "Contract or allocation date.",
        ),
        f(
            "agreed_start",
            Date,
            None,
            "约定动工日期",
            "Agreed start of construction.",
        ),
        f(
            "agreed_completion",
            Date,
            None,
            "约定竣工日期",
            "Agreed completion.",
        ),
        f(
            "actual_start",
            Date,
            None,
            "实际动工日期",
            "Actual start; null = not started.",
        ),
        f(
            "halted_since",
            Date,
            None,
            "中止开发日期",
            "Date construction stopped.",
        ),
        f(
            "developed_area_m2",
            Real,
            Some("m²"),
            "已开发面积(平方米)",
            "Area under construction or built.",
        ),
        f(
            "total_investment_wan_yuan",
            Real,
            Some("10⁴ yuan"),
            "总投资(万元)",
            "Total planned investment.",
        ),
        f(
            "invested_wan_yuan",
            Real,
            Some("10⁴ yuan"),
            "已投资(万元)",
            "Investment completed.",
        ),
        f(
            "floor_area_m2",
            Real,
            Some("m²"),
            "建筑面积(平方米)",
            "Total building floor area.",
        ),
        f(
            "footprint_m2",
            Real,
            Some("m²"),
            "建筑物构筑物及堆场占地(平方米)",
            "Area counted by the building coefficient.",
        ),
        f(
            "admin_area_m2",
            Real,
            Some("m²"),
            "行政办公及生活服务设施用地(平方米)",
            "Office and living facilities.",
        ),
        f(
            "green_area_m2",
            Real,
            Some("m²"),
            "绿地面积(平方米)",
            "Green space.",
        ),
        f(
            "output_wan_yuan",
            Real,
            Some("10⁴ yuan"),
            "年产值(万元)",
            "Annual output value.",
        ),
        f(
            "tax_wan_yuan",
            Real,
            Some("10⁴ yuan"),
            "年税收(万元)",
            "Annual tax paid.",
        ),
        f(
            "delay_cause",
            Text,
            None,
            "延迟原因",
            "`government` when caused by government action.",
        ),
    ],
};

pub const ROADS: LayerSpec = LayerSpec {
    name: "roads",
    shape: Shape::Lineal,
    fields: &[
        f("road_id", Text, None, "路段编号", "Road link identifier."),
        f(
            "route",
            Text,
            None,
            "路线编号",
            "Route number (G4, S312, X021, …).",
        ),
        f("name", Text, None, "名称", "Road name."),
        f("grade", Text, None, "技术等级", "expressway, 1–4, other."),
        f(
            "status",
            Text,
            None,
            "建设状态",
            "built, under_construction, planned.",
        ),
    ],
};

pub const VILLAGES: LayerSpec = LayerSpec {
    name: "villages",
    shape: Shape::PointOrPolygonal,
    fields: &[
        f("village_id", Text, None, "村庄编号", "Village identifier."),
        f("name", Text, None, "村名", "Village name."),
        f("households", Integer, None, "户数", "Households."),
        f("population", Integer, None, "人口", "Population."),
        f(
            "homestead_area_m2",
            Real,
            Some("m²"),
            "宅基地面积(平方米)",
            "Homestead area (point villages).",
        ),
        f(
            "relocation",
            Text,
            None,
            "迁并状态",
            "none, planned, started, done.",
        ),
    ],
};
