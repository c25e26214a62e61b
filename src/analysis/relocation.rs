//! Relocation footprint (村庄迁并, contract §5 "Relocation footprint"): the villages inside
//! each zone, the land they occupy and the resettlement housing their relocation needs.
//!
//! - A point village counts for a zone when it lies inside or on the zone's boundary; a polygon
//!   village when its intersection with the zone has positive area (more than 1 mm², so that
//!   mere touching, and rounding slivers of the overlay, do not count).
//! - A village meeting several zones goes to the one holding most of it: for polygons the
//!   largest intersection area; for points a zone holding it in its interior before one holding
//!   it on its boundary. Remaining ties go to the lower `zone_id`.
//! - `footprint_m2`: polygons, the geodesic area of the part inside the zone; points,
//!   `homestead_area_m2` when given, else `households × homestead_m2_per_household`
//!   (`footprint_estimated = true`); null when neither is known.
//! - Zone totals count villages whose status is not `done`. A zone without such villages has
//!   zeros (a count of nothing); a total is null when a counted village lacks the value, since
//!   the sum is then unknown.

use crate::dataset::{geodesy, index, Dataset, RelocationStatus, Village, VillageGeometry, Zone};
use crate::layer::{Feature, Field, FieldKind::*, GeometryType, Layer};
use crate::rules::RelocationRules;
use geo::{BooleanOps, Contains, Geometry, Intersects};
use rayon::prelude::*;

/// Intersection areas at or below this (m²) are not "positive area".
const MIN_OVERLAP_M2: f64 = 1e-6;

/// A village inside a zone.
#[derive(Debug, Clone, PartialEq)]
pub struct VillageInZone {
    pub village: usize,
    pub zone: usize,
    pub footprint_m2: Option<f64>,
    pub footprint_estimated: Option<bool>,
}

/// Per-zone totals over the villages not yet relocated.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneRelocation {
    pub zone: usize,
    pub village_count: usize,
    pub households: Option<i64>,
    pub population: Option<i64>,
    pub footprint_m2: Option<f64>,
    pub resettlement_units: Option<i64>,
}

/// Dwelling units needed for `households` at `per_household` units each: the product rounded
/// up, since a household is not housed in part of a unit. Products within 1e-9 of a whole
/// number count as that number, so that `10 × 0.7` is 7 units, not 8.
pub fn resettlement_units(households: i64, per_household: f64) -> i64 {
    let exact = households as f64 * per_household;
    let whole = exact.round();
    if (exact - whole).abs() <= 1e-9 * exact.abs().max(1.0) {
        whole as i64
    } else {
        exact.ceil() as i64
    }
}

/// The zone a village belongs to, with the area of it inside (polygons) — or `None`.
fn zone_of(ds: &Dataset, v: &Village) -> Option<(usize, Option<f64>)> {
    let bb = index::village_envelope(&v.geometry)?;
    let mut candidates: Vec<usize> = index::query(&ds.zone_index, bb.lower(), bb.upper())
        .map(|z| z as usize)
        .collect();
    candidates.sort_by(|&a, &b| ds.zones[a].zone_id.cmp(&ds.zones[b].zone_id));
    match &v.geometry {
        VillageGeometry::Point(p) => {
            let mut best: Option<(usize, bool)> = None;
            for zi in candidates {
                let z = &ds.zones[zi].geometry;
                if !z.intersects(p) {
                    continue;
                }
                let interior = z.contains(p);
                if best.is_none_or(|(_, b)| interior && !b) {
                    best = Some((zi, interior));
                }
            }
            best.map(|(zi, _)| (zi, None))
        }
        VillageGeometry::Polygon(mp) => {
            let mut best: Option<(usize, f64)> = None;
            let own_area = geodesy::area_m2(mp);
            for zi in candidates {
                let z: &Zone = &ds.zones[zi];
                if !z.geometry.intersects(mp) {
                    continue;
                }
                let area = if z.geometry.contains(mp) {
                    own_area
                } else {
                    geodesy::area_m2(&z.geometry.intersection(mp))
                };
                if area > MIN_OVERLAP_M2 && best.is_none_or(|(_, b)| area > b) {
                    best = Some((zi, area));
                }
            }
            best.map(|(zi, a)| (zi, Some(a)))
        }
    }
}

/// Every village inside a zone, in village order.
pub fn villages_in_zones(ds: &Dataset, rules: &RelocationRules) -> Vec<VillageInZone> {
    ds.villages
        .par_iter()
        .enumerate()
        .filter_map(|(vi, v)| {
            let (zone, area) = zone_of(ds, v)?;
            let (footprint_m2, footprint_estimated) = match area {
                Some(a) => (Some(a), Some(false)),
                None => match (v.homestead_area_m2.filter(|a| a.is_finite()), v.households) {
                    (Some(a), _) => (Some(a), Some(false)),
                    (None, Some(h)) => (
                        Some(h as f64 * rules.homestead_m2_per_household),
                        Some(true),
                    ),
                    (None, None) => (None, None),
                },
            };
            Some(VillageInZone {
                village: vi,
                zone,
                footprint_m2,
                footprint_estimated,
            })
        })
        .collect()
}

/// Per-zone totals (every zone, in zone order) over villages not `done`.
pub fn zone_totals(
    ds: &Dataset,
    rules: &RelocationRules,
    inside: &[VillageInZone],
) -> Vec<ZoneRelocation> {
    let mut totals: Vec<ZoneRelocation> = (0..ds.zones.len())
        .map(|zone| ZoneRelocation {
            zone,
            village_count: 0,
            households: Some(0),
            population: Some(0),
            footprint_m2: Some(0.0),
            resettlement_units: Some(0),
        })
        .collect();
    for r in inside {
        let v = &ds.villages[r.village];
        if v.relocation == RelocationStatus::Done {
            continue;
        }
        let t = &mut totals[r.zone];
        t.village_count += 1;
        t.households = t.households.zip(v.households).map(|(a, b)| a + b);
        t.population = t.population.zip(v.population).map(|(a, b)| a + b);
        t.footprint_m2 = t.footprint_m2.zip(r.footprint_m2).map(|(a, b)| a + b);
    }
    for t in &mut totals {
        t.resettlement_units = t
            .households
            .map(|h| resettlement_units(h, rules.units_per_household));
    }
    totals
}

const RELOCATION_FIELDS: &[Field] = &[
    Field::new("village_id", Text, None, "村庄编号", "Village identifier."),
    Field::new("zone_id", Text, None, "集聚区编号", "Zone holding the village (most of it, when it meets several)."),
    Field::new("name", Text, None, "村名", "Village name."),
    Field::new("households", Integer, None, "户数", "Households."),
    Field::new("population", Integer, None, "人口", "Population."),
    Field::new("footprint_m2", Real, Some("m²"), "占地面积(平方米)", "Polygon: geodesic area inside the zone; point: homestead area, or households × the per-household homestead cap."),
    Field::new("footprint_estimated", Bool, None, "占地为估算", "True when the footprint is households × the per-household homestead cap."),
    Field::new("relocation", Text, None, "迁并状态", "none, planned, started, done."),
];

const ZONE_RELOCATION_FIELDS: &[Field] = &[
    Field::new("zone_id", Text, None, "集聚区编号", "Zone identifier."),
    Field::new(
        "village_count",
        Integer,
        None,
        "待迁村庄数",
        "Villages inside the zone not yet relocated (status not done).",
    ),
    Field::new(
        "households",
        Integer,
        None,
        "待迁户数",
        "Households of those villages.",
    ),
    Field::new(
        "population",
        Integer,
        None,
        "待迁人口",
        "Population of those villages.",
    ),
    Field::new(
        "footprint_ha",
        Real,
        Some("ha"),
        "村庄占地(公顷)",
        "Footprint of those villages inside the zone.",
    ),
    Field::new(
        "footprint_share",
        Real,
        None,
        "占集聚区面积比例",
        "That footprint as a share of the zone's geodesic area.",
    ),
    Field::new(
        "resettlement_units",
        Integer,
        Some("dwelling units"),
        "安置房套数",
        "Households × resettlement units per household, rounded up to whole dwelling units.",
    ),
];

/// The `relocation` and `zone-relocation` layers.
pub fn layers(ds: &Dataset, rules: &RelocationRules) -> (Layer, Layer) {
    let inside = villages_in_zones(ds, rules);
    let totals = zone_totals(ds, rules, &inside);
    let features = inside
        .iter()
        .map(|r| {
            let v = &ds.villages[r.village];
            Feature {
                id: v.village_id.clone(),
                geometry: Some(match &v.geometry {
                    VillageGeometry::Point(p) => Geometry::Point(*p),
                    VillageGeometry::Polygon(mp) => Geometry::MultiPolygon(mp.clone()),
                }),
                properties: vec![
                    v.village_id.as_str().into(),
                    ds.zones[r.zone].zone_id.as_str().into(),
                    v.name.clone().into(),
                    v.households.into(),
                    v.population.into(),
                    r.footprint_m2.into(),
                    r.footprint_estimated.into(),
                    v.relocation.as_str().into(),
                ],
            }
        })
        .collect();
    let zone_features = totals
        .iter()
        .map(|t| {
            let z = &ds.zones[t.zone];
            let share = t
                .footprint_m2
                .filter(|_| z.area_m2 > 0.0)
                .map(|f| f / z.area_m2);
            Feature {
                id: z.zone_id.clone(),
                geometry: Some(Geometry::MultiPolygon(z.geometry.clone())),
                properties: vec![
                    z.zone_id.as_str().into(),
                    t.village_count.into(),
                    t.households.into(),
                    t.population.into(),
                    t.footprint_m2.map(|f| f / 10_000.0).into(),
                    share.into(),
                    t.resettlement_units.into(),
                ],
            }
        })
        .collect();
    (
        Layer {
            id: "relocation".into(),
            title: "Villages inside zones".into(),
            title_zh: "集聚区内村庄".into(),
            description: "Every village inside a zone (points inside or on the boundary, polygons overlapping it), with its footprint and relocation status.".into(),
            geometry_type: GeometryType::Geometry,
            key: "village_id",
            schema: RELOCATION_FIELDS.to_vec(),
            features,
        },
        Layer {
            id: "zone-relocation".into(),
            title: "Relocation footprint of zones".into(),
            title_zh: "集聚区村庄迁并".into(),
            description: format!(
                "Per zone: villages not yet relocated, their households, population and footprint, and the resettlement units they need ({} per household).",
                rules.units_per_household
            ),
            geometry_type: GeometryType::MultiPolygon,
            key: "zone_id",
            schema: ZONE_RELOCATION_FIELDS.to_vec(),
            features: zone_features,
        },
    )
}
