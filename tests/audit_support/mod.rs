//! Hand-made audit fixtures: a tiny dataset (two zones, parcels, roads, villages) and result
//! layers shaped as the contract's section 3 says, so that the audit's writers can be tested
//! before (and independently of) the analyses.
#![allow(dead_code)]

use chrono::NaiveDate;
use geo::{Geometry, LineString, MultiLineString, MultiPolygon, Point, Polygon};
use zonescope::dataset::{
    Dataset, Parcel, RelocationStatus, Road, RoadStatus, Village, VillageGeometry, Zone,
};
use zonescope::layer::{Feature, Field, FieldKind::*, GeometryType, Layer, Value};

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub fn square(x: f64, y: f64, d: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![Polygon::new(
        LineString::from(vec![(x, y), (x + d, y), (x + d, y + d), (x, y + d), (x, y)]),
        vec![],
    )])
}

/// Two zones in Zhengzhou and Luoyang, three parcels each, two roads, three villages.
pub fn dataset() -> Dataset {
    let zone = |id: &str, name: &str, city: &str, x: f64, y: f64| Zone {
        zone_id: id.into(),
        name: Some(name.into()),
        city: Some(city.into()),
        county: Some(format!("{city}县")),
        star: Some(2),
        leading_industry: Some("装备制造".into()),
        geometry: square(x, y, 0.02),
        area_m2: 4.0e6,
    };
    let zones = vec![
        zone("Z1", "郑州航空港产业集聚区", "郑州市", 113.60, 34.50),
        zone("Z2", "洛阳高新产业集聚区", "洛阳市", 112.40, 34.60),
    ];
    let mut parcels = Vec::new();
    for (zi, (x, y)) in [(113.60, 34.50), (112.40, 34.60)].iter().enumerate() {
        for k in 0..3 {
            parcels.push(Parcel {
                parcel_id: format!("P{}{}", zi + 1, k + 1),
                zone_id: Some(format!("Z{}", zi + 1)),
                land_use: Some("0601".into()),
                industry_code: Some("34".into()),
                holder: Some(format!("河南某某机械有限公司{k}")),
                registered_area_m2: Some(20000.0),
                agreed_start: Some(date("2011-03-01")),
                actual_start: if k == 0 {
                    None
                } else {
                    Some(date("2011-06-01"))
                },
                halted_since: if k == 1 {
                    Some(date("2012-05-10"))
                } else {
                    None
                },
                developed_area_m2: Some(3000.0),
                total_investment_wan_yuan: Some(10000.0),
                invested_wan_yuan: Some(1000.0),
                floor_area_m2: Some(14000.0),
                geometry: square(x + 0.002 + 0.005 * k as f64, y + 0.002, 0.004),
                area_m2: 19800.0,
                ..Default::default()
            });
        }
    }
    let roads = vec![
        Road {
            road_id: "R1".into(),
            route: Some("G107".into()),
            name: Some("107国道".into()),
            grade: Some("1".into()),
            status: RoadStatus::Built,
            geometry: MultiLineString(vec![LineString::from(vec![
                (113.59, 34.49),
                (113.59, 34.53),
            ])]),
        },
        Road {
            road_id: "R2".into(),
            route: Some("X021".into()),
            name: None,
            grade: Some("3".into()),
            status: RoadStatus::Built,
            geometry: MultiLineString(vec![LineString::from(vec![
                (112.39, 34.61),
                (112.43, 34.61),
            ])]),
        },
    ];
    let villages = vec![
        Village {
            village_id: "V1".into(),
            name: Some("张庄村".into()),
            households: Some(120),
            population: Some(450),
            homestead_area_m2: None,
            relocation: RelocationStatus::Planned,
            geometry: VillageGeometry::Point(Point::new(113.615, 34.515)),
        },
        Village {
            village_id: "V2".into(),
            name: Some("李寨村".into()),
            households: Some(80),
            population: Some(300),
            homestead_area_m2: Some(9000.0),
            relocation: RelocationStatus::Done,
            geometry: VillageGeometry::Polygon(square(112.41, 34.61, 0.003)),
        },
        Village {
            village_id: "V3".into(),
            name: Some("远郊村".into()),
            households: Some(50),
            population: Some(200),
            homestead_area_m2: None,
            relocation: RelocationStatus::None,
            geometry: VillageGeometry::Point(Point::new(114.5, 35.5)),
        },
    ];
    Dataset::new("synthetic test data", zones, parcels, roads, villages)
}

fn layer(
    id: &str,
    title: &str,
    zh: &str,
    gt: GeometryType,
    key: &'static str,
    schema: Vec<Field>,
    features: Vec<Feature>,
) -> Layer {
    Layer {
        id: id.into(),
        title: title.into(),
        title_zh: zh.into(),
        description: format!("{title} (test)"),
        geometry_type: gt,
        key,
        schema,
        features,
    }
}

fn f(name: &'static str, kind: zonescope::layer::FieldKind) -> Field {
    Field::new(name, kind, None, "测试", "test field")
}

fn feat(id: &str, g: Option<Geometry<f64>>, props: Vec<Value>) -> Feature {
    Feature {
        id: id.into(),
        geometry: g,
        properties: props,
    }
}

/// The seven result layers with the contract's property names, consistent with [`dataset`]:
/// P11 not started (reclaim), P12 stalled (fee), P21 not started but excluded (government).
pub fn result_layers(ds: &Dataset) -> Vec<Layer> {
    let pgeom = |id: &str| {
        ds.parcels
            .iter()
            .find(|p| p.parcel_id == id)
            .map(|p| Geometry::MultiPolygon(p.geometry.clone()))
    };
    let zgeom = |id: &str| {
        ds.zones
            .iter()
            .find(|z| z.zone_id == id)
            .map(|z| Geometry::MultiPolygon(z.geometry.clone()))
    };
    let pi_schema = vec![
        f("parcel_id", Text),
        f("zone_id", Text),
        f("area_m2", Real),
        f("site_area_m2", Real),
        f("site_area_mu", Real),
        f("far", Real),
        f("building_coefficient", Real),
        f("investment_intensity_wan_yuan_per_ha", Real),
        f("output_per_mu_wan_yuan", Real),
        f("tax_per_mu_wan_yuan", Real),
        f("meets_standard", Bool),
        f("shortfalls", TextList),
        f("missing", TextList),
    ];
    let pi = ds
        .parcels
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let meets: Value = match i % 3 {
                0 => true.into(),
                1 => false.into(),
                _ => Value::Null,
            };
            let shortfalls = if i % 3 == 1 {
                vec!["far".to_string(), "building_coefficient".to_string()]
            } else {
                vec![]
            };
            feat(
                &p.parcel_id,
                pgeom(&p.parcel_id),
                vec![
                    p.parcel_id.as_str().into(),
                    p.zone_id.clone().into(),
                    p.area_m2.into(),
                    20000.0.into(),
                    30.0.into(),
                    0.7.into(),
                    0.25.into(),
                    500.0.into(),
                    Value::Null,
                    Value::Null,
                    meets,
                    Value::List(shortfalls),
                    Value::List(vec!["output_per_mu".into()]),
                ],
            )
        })
        .collect();
    let zi_schema = vec![
        f("zone_id", Text),
        f("zone_area_ha", Real),
        f("parcel_count", Integer),
        f("parcel_area_ha", Real),
        f("far", Real),
        f("building_coefficient", Real),
        f("investment_intensity_wan_yuan_per_ha", Real),
        f("output_per_mu_wan_yuan", Real),
        f("tax_per_mu_wan_yuan", Real),
        f("idle_candidate_count", Integer),
        f("idle_area_ha", Real),
    ];
    let zi = vec![
        feat(
            "Z1",
            zgeom("Z1"),
            vec![
                "Z1".into(),
                400.0.into(),
                3i64.into(),
                6.0.into(),
                0.7.into(),
                0.25.into(),
                500.0.into(),
                Value::Null,
                Value::Null,
                2i64.into(),
                3.5.into(),
            ],
        ),
        feat(
            "Z2",
            zgeom("Z2"),
            vec![
                "Z2".into(),
                400.0.into(),
                3i64.into(),
                6.0.into(),
                1.2.into(),
                0.35.into(),
                500.0.into(),
                Value::Null,
                Value::Null,
                0i64.into(),
                0.0.into(),
            ],
        ),
    ];
    let idle_schema = vec![
        f("parcel_id", Text),
        f("zone_id", Text),
        f("reason", Text),
        f("idle_since", Date),
        f("idle_days", Integer),
        f("severity", Text),
        f("idle_area_m2", Real),
        f("excluded", Bool),
        f("exclusion_reason", Text),
    ];
    let idle = vec![
        feat(
            "P11",
            pgeom("P11"),
            vec![
                "P11".into(),
                "Z1".into(),
                "not_started".into(),
                date("2011-03-01").into(),
                1401i64.into(),
                "reclaim".into(),
                20000.0.into(),
                false.into(),
                Value::Null,
            ],
        ),
        feat(
            "P12",
            pgeom("P12"),
            vec![
                "P12".into(),
                "Z1".into(),
                "stalled".into(),
                date("2012-05-10").into(),
                965i64.into(),
                "reclaim".into(),
                17000.0.into(),
                false.into(),
                Value::Null,
            ],
        ),
        feat(
            "P21",
            pgeom("P21"),
            vec![
                "P21".into(),
                "Z2".into(),
                "not_started".into(),
                date("2011-03-01").into(),
                1401i64.into(),
                "reclaim".into(),
                20000.0.into(),
                true.into(),
                "government".into(),
            ],
        ),
    ];
    let zc_schema = vec![
        f("zone_id", Text),
        f("status", Text),
        f("routes", TextList),
        f("nearest_route", Text),
        f("network_distance_m", Real),
        f("gap_m", Real),
    ];
    let zc = vec![
        feat(
            "Z1",
            zgeom("Z1"),
            vec![
                "Z1".into(),
                "direct".into(),
                Value::List(vec!["G107".into()]),
                "G107".into(),
                0.0.into(),
                0.0.into(),
            ],
        ),
        feat(
            "Z2",
            zgeom("Z2"),
            vec![
                "Z2".into(),
                "none".into(),
                Value::List(vec![]),
                "G107".into(),
                Value::Null,
                98000.0.into(),
            ],
        ),
    ];
    let cp_schema = vec![
        f("zone_id", Text),
        f("kind", Text),
        f("length_m", Real),
        f("to_route", Text),
    ];
    let cp = vec![feat(
        "Z2",
        Some(Geometry::LineString(LineString::from(vec![
            (112.40, 34.60),
            (113.59, 34.50),
        ]))),
        vec!["Z2".into(), "gap".into(), 98000.0.into(), "G107".into()],
    )];
    let rl_schema = vec![
        f("village_id", Text),
        f("zone_id", Text),
        f("name", Text),
        f("relocation", Text),
        f("households", Integer),
        f("population", Integer),
        f("footprint_m2", Real),
        f("footprint_estimated", Bool),
    ];
    let rl = vec![
        feat(
            "V1",
            Some(Geometry::Point(Point::new(113.615, 34.515))),
            vec![
                "V1".into(),
                "Z1".into(),
                "张庄村".into(),
                "planned".into(),
                120i64.into(),
                450i64.into(),
                16080.0.into(),
                true.into(),
            ],
        ),
        feat(
            "V2",
            Some(Geometry::MultiPolygon(square(112.41, 34.61, 0.003))),
            vec![
                "V2".into(),
                "Z2".into(),
                "李寨村".into(),
                "done".into(),
                80i64.into(),
                300i64.into(),
                90000.0.into(),
                false.into(),
            ],
        ),
    ];
    let zr_schema = vec![
        f("zone_id", Text),
        f("village_count", Integer),
        f("households", Integer),
        f("population", Integer),
        f("footprint_ha", Real),
        f("footprint_share", Real),
        f("resettlement_units", Real),
    ];
    let zr = vec![
        feat(
            "Z1",
            zgeom("Z1"),
            vec![
                "Z1".into(),
                1i64.into(),
                120i64.into(),
                450i64.into(),
                1.608.into(),
                0.004.into(),
                120.0.into(),
            ],
        ),
        feat(
            "Z2",
            zgeom("Z2"),
            vec![
                "Z2".into(),
                0i64.into(),
                0i64.into(),
                0i64.into(),
                0.0.into(),
                0.0.into(),
                0.0.into(),
            ],
        ),
    ];
    vec![
        layer(
            "parcel-intensity",
            "Parcel intensity",
            "宗地集约",
            GeometryType::MultiPolygon,
            "parcel_id",
            pi_schema,
            pi,
        ),
        layer(
            "zone-intensity",
            "Zone intensity",
            "集聚区集约",
            GeometryType::MultiPolygon,
            "zone_id",
            zi_schema,
            zi,
        ),
        layer(
            "idle-land",
            "Idle land",
            "闲置土地",
            GeometryType::MultiPolygon,
            "parcel_id",
            idle_schema,
            idle,
        ),
        layer(
            "zone-connectivity",
            "Zone connectivity",
            "连通",
            GeometryType::MultiPolygon,
            "zone_id",
            zc_schema,
            zc,
        ),
        layer(
            "connector-paths",
            "Connector paths",
            "连通路径",
            GeometryType::LineString,
            "zone_id",
            cp_schema,
            cp,
        ),
        layer(
            "relocation",
            "Relocation",
            "村庄迁并",
            GeometryType::Geometry,
            "village_id",
            rl_schema,
            rl,
        ),
        layer(
            "zone-relocation",
            "Zone relocation",
            "集聚区迁并",
            GeometryType::MultiPolygon,
            "zone_id",
            zr_schema,
            zr,
        ),
    ]
}

/// Input and result layers of the fixture.
pub fn all_layers() -> (Dataset, Vec<Layer>) {
    let ds = dataset();
    let mut layers = zonescope::view::input_layers(&ds);
    layers.extend(result_layers(&ds));
    (ds, layers)
}
