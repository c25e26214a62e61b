//! The four input layers as views over the dataset's records, so that the server and the
//! audit publish them like any result.

use super::{Column, GeomRef, Meta, Rows, SharedView, Table};
use crate::dataset::Dataset;
use crate::layer::GeometryType;
use crate::{column, input_column};
use std::sync::Arc;

static ZONE_ROWS: Rows<Dataset> = Rows {
    len: |d| d.zones.len(),
    id: |d, i| d.zones[i].zone_id.as_str(),
    geometry: |d, i| Some(GeomRef::MultiPolygon(&d.zones[i].geometry)),
    index: |d| &d.zone_index,
};

static ZONE_COLUMNS: [Column<Dataset>; 7] = [
    input_column!(ZONES, "zone_id", |d, i| d.zones[i].zone_id.as_str()),
    input_column!(ZONES, "name", |d, i| &d.zones[i].name),
    input_column!(ZONES, "city", |d, i| &d.zones[i].city),
    input_column!(ZONES, "county", |d, i| &d.zones[i].county),
    input_column!(ZONES, "star", |d, i| d.zones[i].star),
    input_column!(ZONES, "leading_industry", |d, i| &d.zones[i]
        .leading_industry),
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
    input_column!(PARCELS, "parcel_id", |d, i| d.parcels[i].parcel_id.as_str()),
    input_column!(PARCELS, "zone_id", |d, i| d.parcel_zone_id(i)),
    input_column!(PARCELS, "land_use", |d, i| &d.parcels[i].land_use),
    input_column!(PARCELS, "industry_code", |d, i| &d.parcels[i].industry_code),
    input_column!(PARCELS, "holder", |d, i| &d.parcels[i].holder),
    input_column!(PARCELS, "registered_area_m2", |d, i| d.parcels[i]
        .registered_area_m2),
    input_column!(PARCELS, "granted_on", |d, i| d.parcels[i].granted_on),
    input_column!(PARCELS, "agreed_start", |d, i| d.parcels[i].agreed_start),
    input_column!(PARCELS, "agreed_completion", |d, i| d.parcels[i]
        .agreed_completion),
    input_column!(PARCELS, "actual_start", |d, i| d.parcels[i].actual_start),
    input_column!(PARCELS, "halted_since", |d, i| d.parcels[i].halted_since),
    input_column!(PARCELS, "developed_area_m2", |d, i| d.parcels[i]
        .developed_area_m2),
    input_column!(PARCELS, "total_investment_wan_yuan", |d, i| d.parcels[i]
        .total_investment_wan_yuan),
    input_column!(PARCELS, "invested_wan_yuan", |d, i| d.parcels[i]
        .invested_wan_yuan),
    input_column!(PARCELS, "floor_area_m2", |d, i| d.parcels[i].floor_area_m2),
    input_column!(PARCELS, "footprint_m2", |d, i| d.parcels[i].footprint_m2),
    input_column!(PARCELS, "admin_area_m2", |d, i| d.parcels[i].admin_area_m2),
    input_column!(PARCELS, "green_area_m2", |d, i| d.parcels[i].green_area_m2),
    input_column!(PARCELS, "output_wan_yuan", |d, i| d.parcels[i]
        .output_wan_yuan),
    input_column!(PARCELS, "tax_wan_yuan", |d, i| d.parcels[i].tax_wan_yuan),
    input_column!(PARCELS, "delay_cause", |d, i| &d.parcels[i].delay_cause),
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
    input_column!(ROADS, "road_id", |d, i| d.roads[i].road_id.as_str()),
    input_column!(ROADS, "route", |d, i| &d.roads[i].route),
    input_column!(ROADS, "name", |d, i| &d.roads[i].name),
    input_column!(ROADS, "grade", |d, i| &d.roads[i].grade),
    input_column!(ROADS, "status", |d, i| d.roads[i].status.as_str()),
];

static VILLAGE_ROWS: Rows<Dataset> = Rows {
    len: |d| d.villages.len(),
    id: |d, i| d.villages[i].village_id.as_str(),
    geometry: |d, i| Some(GeomRef::from(&d.villages[i].geometry)),
    index: |d| &d.village_index,
};

static VILLAGE_COLUMNS: [Column<Dataset>; 6] = [
    input_column!(VILLAGES, "village_id", |d, i| d.villages[i]
        .village_id
        .as_str()),
    input_column!(VILLAGES, "name", |d, i| &d.villages[i].name),
    input_column!(VILLAGES, "households", |d, i| d.villages[i].households),
    input_column!(VILLAGES, "population", |d, i| d.villages[i].population),
    input_column!(VILLAGES, "homestead_area_m2", |d, i| d.villages[i]
        .homestead_area_m2),
    input_column!(VILLAGES, "relocation", |d, i| d.villages[i]
        .relocation
        .as_str()),
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

/// The collection ids of the four input layers, in [`input_views`] order.
pub const INPUT_IDS: [&str; 4] = ["zones", "parcels", "roads", "villages"];

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
