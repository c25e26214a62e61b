//! The four input layers in the common output-layer form, so that the server and the audit
//! publish them like any result.

use super::{Dataset, VillageGeometry};
use crate::layer::{Feature, Field, FieldKind::*, GeometryType, Layer};
use geo::Geometry;

const ZONE_FIELDS: &[Field] = &[
    Field::new("zone_id", Text, None, "集聚区编号", "Zone identifier."),
    Field::new("name", Text, None, "名称", "Name of the industrial cluster district."),
    Field::new("city", Text, None, "省辖市", "City."),
    Field::new("county", Text, None, "县(市、区)", "County."),
    Field::new("star", Integer, None, "星级", "Star rating 0–4."),
    Field::new("leading_industry", Text, None, "主导产业", "Leading industries."),
    Field::new("area_m2", Real, Some("m²"), "面积(平方米)", "Geodesic area of the boundary."),
];

const PARCEL_FIELDS: &[Field] = &[
    Field::new("parcel_id", Text, None, "宗地编号", "Parcel identifier."),
    Field::new("zone_id", Text, None, "集聚区编号", "Zone the parcel belongs to (given, or by largest overlap)."),
    Field::new("land_use", Text, None, "用途代码", "Land-use code (GB/T 21010)."),
    Field::new("industry_code", Text, None, "行业代码", "GB/T 4754 two-digit industry code."),
    Field::new("holder", Text, None, "土地使用者", "Land user."),
    Field::new("registered_area_m2", Real, Some("m²"), "登记面积(平方米)", "Area in the land register."),
    Field::new("granted_on", Date, None, "供地日期", "Contract or allocation date."),
    Field::new("agreed_start", Date, None, "约定动工日期", "Agreed start of construction."),
    Field::new("agreed_completion", Date, None, "约定竣工日期", "Agreed completion."),
    Field::new("actual_start", Date, None, "实际动工日期", "Actual start; null = not started."),
    Field::new("halted_since", Date, None, "中止开发日期", "Date construction stopped."),
    Field::new("developed_area_m2", Real, Some("m²"), "已开发面积(平方米)", "Area under construction or built."),
    Field::new("total_investment_wan_yuan", Real, Some("10⁴ yuan"), "总投资(万元)", "Total planned investment."),
    Field::new("invested_wan_yuan", Real, Some("10⁴ yuan"), "已投资(万元)", "Investment completed."),
    Field::new("floor_area_m2", Real, Some("m²"), "建筑面积(平方米)", "Total building floor area."),
    Field::new("footprint_m2", Real, Some("m²"), "建筑物构筑物及堆场占地(平方米)", "Area counted by the building coefficient."),
    Field::new("admin_area_m2", Real, Some("m²"), "行政办公及生活服务设施用地(平方米)", "Office and living facilities."),
    Field::new("green_area_m2", Real, Some("m²"), "绿地面积(平方米)", "Green space."),
    Field::new("output_wan_yuan", Real, Some("10⁴ yuan"), "年产值(万元)", "Annual output value."),
    Field::new("tax_wan_yuan", Real, Some("10⁴ yuan"), "年税收(万元)", "Annual tax paid."),
    Field::new("delay_cause", Text, None, "延迟原因", "`government` when caused by government action."),
    Field::new("area_m2", Real, Some("m²"), "图斑面积(平方米)", "Geodesic area of the geometry."),
];

const ROAD_FIELDS: &[Field] = &[
    Field::new("road_id", Text, None, "路段编号", "Road link identifier."),
    Field::new("route", Text, None, "路线编号", "Route number (G4, S312, X021, …)."),
    Field::new("name", Text, None, "名称", "Road name."),
    Field::new("grade", Text, None, "技术等级", "expressway, 1–4, other."),
    Field::new("status", Text, None, "建设状态", "built, under_construction, planned."),
];

const VILLAGE_FIELDS: &[Field] = &[
    Field::new("village_id", Text, None, "村庄编号", "Village identifier."),
    Field::new("name", Text, None, "村名", "Village name."),
    Field::new("households", Integer, None, "户数", "Households."),
    Field::new("population", Integer, None, "人口", "Population."),
    Field::new("homestead_area_m2", Real, Some("m²"), "宅基地面积(平方米)", "Homestead area (point villages)."),
    Field::new("relocation", Text, None, "迁并状态", "none, planned, started, done."),
];

/// The four input layers as [`Layer`]s: `zones`, `parcels`, `roads`, `villages`.
pub fn input_layers(ds: &Dataset) -> Vec<Layer> {
    let zones = ds
        .zones
        .iter()
        .map(|z| Feature {
            id: z.zone_id.clone(),
            geometry: Some(Geometry::MultiPolygon(z.geometry.clone())),
            properties: vec![
                z.zone_id.as_str().into(),
                z.name.clone().into(),
                z.city.clone().into(),
                z.county.clone().into(),
                z.star.into(),
                z.leading_industry.clone().into(),
                z.area_m2.into(),
            ],
        })
        .collect();
    let parcels = ds
        .parcels
        .iter()
        .enumerate()
        .map(|(i, p)| Feature {
            id: p.parcel_id.clone(),
            geometry: Some(Geometry::MultiPolygon(p.geometry.clone())),
            properties: vec![
                p.parcel_id.as_str().into(),
                ds.parcel_zone_id(i).into(),
                p.land_use.clone().into(),
                p.industry_code.clone().into(),
                p.holder.clone().into(),
                p.registered_area_m2.into(),
                p.granted_on.into(),
                p.agreed_start.into(),
                p.agreed_completion.into(),
                p.actual_start.into(),
                p.halted_since.into(),
                p.developed_area_m2.into(),
                p.total_investment_wan_yuan.into(),
                p.invested_wan_yuan.into(),
                p.floor_area_m2.into(),
                p.footprint_m2.into(),
                p.admin_area_m2.into(),
                p.green_area_m2.into(),
                p.output_wan_yuan.into(),
                p.tax_wan_yuan.into(),
                p.delay_cause.clone().into(),
                p.area_m2.into(),
            ],
        })
        .collect();
    let roads = ds
        .roads
        .iter()
        .map(|r| Feature {
            id: r.road_id.clone(),
            geometry: Some(Geometry::MultiLineString(r.geometry.clone())),
            properties: vec![
                r.road_id.as_str().into(),
                r.route.clone().into(),
                r.name.clone().into(),
                r.grade.clone().into(),
                r.status.as_str().into(),
            ],
        })
        .collect();
    let villages = ds
        .villages
        .iter()
        .map(|v| Feature {
            id: v.village_id.clone(),
            geometry: Some(match &v.geometry {
                VillageGeometry::Point(p) => Geometry::Point(*p),
                VillageGeometry::Polygon(mp) => Geometry::MultiPolygon(mp.clone()),
            }),
            properties: vec![
                v.village_id.as_str().into(),
                v.name.clone().into(),
                v.households.into(),
                v.population.into(),
                v.homestead_area_m2.into(),
                v.relocation.as_str().into(),
            ],
        })
        .collect();
    vec![
        layer("zones", "Industrial cluster districts", "产业集聚区", GeometryType::MultiPolygon, "zone_id", ZONE_FIELDS, zones),
        layer("parcels", "Land parcels", "宗地", GeometryType::MultiPolygon, "parcel_id", PARCEL_FIELDS, parcels),
        layer("roads", "Road links", "道路", GeometryType::MultiLineString, "road_id", ROAD_FIELDS, roads),
        layer("villages", "Villages", "村庄", GeometryType::Geometry, "village_id", VILLAGE_FIELDS, villages),
    ]
}

fn layer(
    id: &str,
    title: &str,
    title_zh: &str,
    geometry_type: GeometryType,
    key: &'static str,
    schema: &[Field],
    features: Vec<Feature>,
) -> Layer {
    Layer {
        id: id.into(),
        title: title.into(),
        title_zh: title_zh.into(),
        description: format!("Input layer `{id}` ({title_zh}) as loaded, in CRS84."),
        geometry_type,
        key,
        schema: schema.to_vec(),
        features,
    }
}

