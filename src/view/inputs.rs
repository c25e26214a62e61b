//! The four input layers as views over the dataset's records, so that the server and the
//! audit publish them like any result.

use super::{Column, GeomRef, Meta, Rows, SharedView, Table};
use crate::column;
use crate::dataset::Dataset;
use crate::layer::GeometryType;
use std::sync::Arc;

static ZONE_ROWS: Rows<Dataset> = Rows {
    len: |d| d.zones.len(),
    id: |d, i| d.zones[i].zone_id.as_str(),
    geometry: |d, i| Some(GeomRef::MultiPolygon(&d.zones[i].geometry)),
    index: |d| &d.zone_index,
};

static ZONE_COLUMNS: [Column<Dataset>; 7] = [
    column!(
        "zone_id",
        Text,
        None,
        "集聚区编号",
        "Zone identifier.",
        |d, i| d.zones[i].zone_id.as_str()
    ),
    column!(
        "name",
        Text,
        None,
        "名称",
        "Name of the industrial cluster district.",
        |d, i| &d.zones[i].name
    ),
    column!("city", Text, None, "省辖市", "City.", |d, i| &d.zones[i]
        .city),
    column!("county", Text, None, "县(市、区)", "County.", |d, i| &d
        .zones[i]
        .county),
    column!(
        "star",
        Integer,
        None,
        "星级",
        "Star rating 0–4.",
        |d, i| d.zones[i].star
    ),
    column!(
        "leading_industry",
        Text,
        None,
        "主导产业",
        "Leading industries.",
        |d, i| &d.zones[i].leading_industry
    ),
    column!(
        "area_m2",
        Real,
        Some("m²"),
        "面积(平方米)",
        "Geodesic area of the boundary.",
        |d, i| d.zones[i].area_m2
    ),
];

static PARCEL_ROWS: Rows<Dataset> = Rows {
    len: |d| d.parcels.len(),
    id: |d, i| d.parcels[i].parcel_id.as_str(),
    geometry: |d, i| Some(GeomRef::MultiPolygon(&d.parcels[i].geometry)),
    index: |d| &d.parcel_index,
};

static PARCEL_COLUMNS: [Column<Dataset>; 22] = [
    column!(
        "parcel_id",
        Text,
        None,
        "宗地编号",
        "Parcel identifier.",
        |d, i| d.parcels[i].parcel_id.as_str()
    ),
    column!(
        "zone_id",
        Text,
        None,
        "集聚区编号",
        "Zone the parcel belongs to (given, or by largest overlap).",
        |d, i| d.parcel_zone_id(i)
    ),
    column!(
        "land_use",
        Text,
        None,
        "用途代码",
        "Land-use code (GB/T 21010).",
        |d, i| &d.parcels[i].land_use
    ),
    column!(
        "industry_code",
        Text,
        None,
        "行业代码",
        "GB/T 4754 two-digit industry code.",
        |d, i| &d.parcels[i].industry_code
    ),
    column!(
        "holder",
        Text,
        None,
        "土地使用者",
        "Land user.",
        |d, i| &d.parcels[i].holder
    ),
    column!(
        "registered_area_m2",
        Real,
        Some("m²"),
        "登记面积(平方米)",
        "Area in the land register.",
        |d, i| d.parcels[i].registered_area_m2
    ),
    column!(
        "granted_on",
        Date,
        None,
        "供地日期",
        "Contract or allocation date.",
        |d, i| d.parcels[i].granted_on
    ),
    column!(
        "agreed_start",
        Date,
        None,
        "约定动工日期",
        "Agreed start of construction.",
        |d, i| d.parcels[i].agreed_start
    ),
    column!(
        "agreed_completion",
        Date,
        None,
        "约定竣工日期",
        "Agreed completion.",
        |d, i| d.parcels[i].agreed_completion
    ),
    column!(
        "actual_start",
        Date,
        None,
        "实际动工日期",
        "Actual start; null = not started.",
        |d, i| d.parcels[i].actual_start
    ),
    column!(
        "halted_since",
        Date,
        None,
        "中止开发日期",
        "Date construction stopped.",
        |d, i| d.parcels[i].halted_since
    ),
    column!(
        "developed_area_m2",
        Real,
        Some("m²"),
        "已开发面积(平方米)",
        "Area under construction or built.",
        |d, i| d.parcels[i].developed_area_m2
    ),
    column!(
        "total_investment_wan_yuan",
        Real,
        Some("10⁴ yuan"),
        "总投资(万元)",
        "Total planned investment.",
        |d, i| d.parcels[i].total_investment_wan_yuan
    ),
    column!(
        "invested_wan_yuan",
        Real,
        Some("10⁴ yuan"),
        "已投资(万元)",
        "Investment completed.",
        |d, i| d.parcels[i].invested_wan_yuan
    ),
    column!(
        "floor_area_m2",
        Real,
        Some("m²"),
        "建筑面积(平方米)",
        "Total building floor area.",
        |d, i| d.parcels[i].floor_area_m2
    ),
    column!(
        "footprint_m2",
        Real,
        Some("m²"),
        "建筑物构筑物及堆场占地(平方米)",
        "Area counted by the building coefficient.",
        |d, i| d.parcels[i].footprint_m2
    ),
    column!(
        "admin_area_m2",
        Real,
        Some("m²"),
        "行政办公及生活服务设施用地(平方米)",
        "Office and living facilities.",
        |d, i| d.parcels[i].admin_area_m2
    ),
    column!(
        "green_area_m2",
        Real,
        Some("m²"),
        "绿地面积(平方米)",
        "Green space.",
        |d, i| d.parcels[i].green_area_m2
    ),
    column!(
        "output_wan_yuan",
        Real,
        Some("10⁴ yuan"),
        "年产值(万元)",
        "Annual output value.",
        |d, i| d.parcels[i].output_wan_yuan
    ),
    column!(
        "tax_wan_yuan",
        Real,
        Some("10⁴ yuan"),
        "年税收(万元)",
        "Annual tax paid.",
        |d, i| d.parcels[i].tax_wan_yuan
    ),
    column!(
        "delay_cause",
        Text,
        None,
        "延迟原因",
        "`government` when caused by government action.",
        |d, i| &d.parcels[i].delay_cause
    ),
    column!(
        "area_m2",
        Real,
        Some("m²"),
        "图斑面积(平方米)",
        "Geodesic area of the geometry.",
        |d, i| d.parcels[i].area_m2
    ),
];

static ROAD_ROWS: Rows<Dataset> = Rows {
    len: |d| d.roads.len(),
    id: |d, i| d.roads[i].road_id.as_str(),
    geometry: |d, i| Some(GeomRef::MultiLineString(&d.roads[i].geometry)),
    index: |d| &d.road_index,
};

static ROAD_COLUMNS: [Column<Dataset>; 5] = [
    column!(
        "road_id",
        Text,
        None,
        "路段编号",
        "Road link identifier.",
        |d, i| d.roads[i].road_id.as_str()
    ),
    column!(
        "route",
        Text,
        None,
        "路线编号",
        "Route number (G4, S312, X021, …).",
        |d, i| &d.roads[i].route
    ),
    column!("name", Text, None, "名称", "Road name.", |d, i| &d.roads
        [i]
        .name),
    column!(
        "grade",
        Text,
        None,
        "技术等级",
        "expressway, 1–4, other.",
        |d, i| &d.roads[i].grade
    ),
    column!(
        "status",
        Text,
        None,
        "建设状态",
        "built, under_construction, planned.",
        |d, i| d.roads[i].status.as_str()
    ),
];

static VILLAGE_ROWS: Rows<Dataset> = Rows {
    len: |d| d.villages.len(),
    id: |d, i| d.villages[i].village_id.as_str(),
    geometry: |d, i| Some(GeomRef::from(&d.villages[i].geometry)),
    index: |d| &d.village_index,
};

static VILLAGE_COLUMNS: [Column<Dataset>; 6] = [
    column!(
        "village_id",
        Text,
        None,
        "村庄编号",
        "Village identifier.",
        |d, i| d.villages[i].village_id.as_str()
    ),
    column!("name", Text, None, "村名", "Village name.", |d, i| &d
        .villages[i]
        .name),
    column!(
        "households",
        Integer,
        None,
        "户数",
        "Households.",
        |d, i| d.villages[i].households
    ),
    column!(
        "population",
        Integer,
        None,
        "人口",
        "Population.",
        |d, i| d.villages[i].population
    ),
    column!(
        "homestead_area_m2",
        Real,
        Some("m²"),
        "宅基地面积(平方米)",
        "Homestead area (point villages).",
        |d, i| d.villages[i].homestead_area_m2
    ),
    column!(
        "relocation",
        Text,
        None,
        "迁并状态",
        "none, planned, started, done.",
        |d, i| d.villages[i].relocation.as_str()
    ),
];

fn meta(
    id: &str,
    title: &str,
    title_zh: &str,
    geometry_type: GeometryType,
    key: &'static str,
) -> Meta {
    Meta::new(
        id,
        title,
        title_zh,
        format!("Input layer `{id}` ({title_zh}) as loaded, in CRS84."),
        geometry_type,
        key,
    )
}

/// The four input layers as views: `zones`, `parcels`, `roads`, `villages`.
pub fn input_views(ds: &Arc<Dataset>) -> Vec<SharedView> {
    vec![
        Arc::new(Table::new(
            meta(
                "zones",
                "Industrial cluster districts",
                "产业集聚区",
                GeometryType::MultiPolygon,
                "zone_id",
            ),
            &ZONE_ROWS,
            &ZONE_COLUMNS,
            ds.clone(),
        )),
        Arc::new(Table::new(
            meta(
                "parcels",
                "Land parcels",
                "宗地",
                GeometryType::MultiPolygon,
                "parcel_id",
            ),
            &PARCEL_ROWS,
            &PARCEL_COLUMNS,
            ds.clone(),
        )),
        Arc::new(Table::new(
            meta(
                "roads",
                "Road links",
                "道路",
                GeometryType::MultiLineString,
                "road_id",
            ),
            &ROAD_ROWS,
            &ROAD_COLUMNS,
            ds.clone(),
        )),
        Arc::new(Table::new(
            meta(
                "villages",
                "Villages",
                "村庄",
                GeometryType::Geometry,
                "village_id",
            ),
            &VILLAGE_ROWS,
            &VILLAGE_COLUMNS,
            ds.clone(),
        )),
    ]
}

/// The four input layers as owned [`crate::layer::Layer`]s (a copy).
pub fn input_layers(ds: &Dataset) -> Vec<crate::layer::Layer> {
    input_views(&Arc::new(ds.clone()))
        .iter()
        .map(|v| super::to_layer(v.as_ref()))
        .collect()
}
