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

use super::Results;
use crate::column;
use crate::dataset::{index, Dataset, RelocationStatus, Village, VillageGeometry, Zone};
use crate::layer::GeometryType;
use crate::rules::RelocationRules;
use crate::view::{Column, GeomRef, Meta, Rows, Table};
use geo::{BooleanOps, Contains, Intersects};
use rayon::prelude::*;
use std::sync::Arc;

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
            let own_area = crate::geodesy::area_m2(mp);
            for zi in candidates {
                let z: &Zone = &ds.zones[zi];
                if !z.geometry.intersects(mp) {
                    continue;
                }
                let area = if z.geometry.contains(mp) {
                    own_area
                } else {
                    crate::geodesy::area_m2(&z.geometry.intersection(mp))
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

/// Village row `i`: the village and where it lies.
fn village_row(r: &Results, i: usize) -> (&Village, &VillageInZone) {
    let v = &r.network().villages[i];
    (&r.dataset.villages[v.village], v)
}

static VILLAGE_ROWS: Rows<Results> = Rows {
    len: |r| r.network().villages.len(),
    id: |r, i| village_row(r, i).0.village_id.as_str(),
    geometry: |r, i| Some(GeomRef::from(&village_row(r, i).0.geometry)),
    index: |r| &r.network().village_index,
};

static VILLAGE_COLUMNS: [Column<Results>; 8] = [
    column!("village_id", Text, None, "村庄编号", "Village identifier.", |r, i| village_row(r, i).0.village_id.as_str()),
    column!("zone_id", Text, None, "集聚区编号", "Zone holding the village (most of it, when it meets several).", |r, i| r.dataset.zones[village_row(r, i).1.zone].zone_id.as_str()),
    column!("name", Text, None, "村名", "Village name.", |r, i| &village_row(r, i).0.name),
    column!("households", Integer, None, "户数", "Households.", |r, i| village_row(r, i).0.households),
    column!("population", Integer, None, "人口", "Population.", |r, i| village_row(r, i).0.population),
    column!("footprint_m2", Real, Some("m²"), "占地面积(平方米)", "Polygon: geodesic area inside the zone; point: homestead area, or households × the per-household homestead cap.", |r, i| village_row(r, i).1.footprint_m2),
    column!("footprint_estimated", Bool, None, "占地为估算", "True when the footprint is households × the per-household homestead cap.", |r, i| village_row(r, i).1.footprint_estimated),
    column!("relocation", Text, None, "迁并状态", "none, planned, started, done.", |r, i| village_row(r, i).0.relocation.as_str()),
];

/// The `relocation` layer: every village inside a zone.
pub fn village_view(results: Arc<Results>) -> Table<Results> {
    let meta = Meta::new(
        "relocation",
        "Villages inside zones",
        "集聚区内村庄",
        "Every village inside a zone (points inside or on the boundary, polygons overlapping it), with its footprint and relocation status.",
        GeometryType::Geometry,
        "village_id",
    );
    Table::new(meta, &VILLAGE_ROWS, &VILLAGE_COLUMNS, results)
}

/// Zone row `i` with its relocation totals.
fn zone_row(r: &Results, i: usize) -> (&Zone, &ZoneRelocation) {
    let t = &r.network().zone_relocation[i];
    (&r.dataset.zones[t.zone], t)
}

/// The footprint as a share of the zone's area.
fn footprint_share(z: &Zone, t: &ZoneRelocation) -> Option<f64> {
    t.footprint_m2
        .filter(|_| z.area_m2 > 0.0)
        .map(|f| f / z.area_m2)
}

static ZONE_ROWS: Rows<Results> = Rows {
    len: |r| r.network().zone_relocation.len(),
    id: |r, i| zone_row(r, i).0.zone_id.as_str(),
    geometry: |r, i| Some(GeomRef::MultiPolygon(&zone_row(r, i).0.geometry)),
    index: |r| &r.dataset.zone_index,
};

static ZONE_COLUMNS: [Column<Results>; 7] = [
    column!(
        "zone_id",
        Text,
        None,
        "集聚区编号",
        "Zone identifier.",
        |r, i| zone_row(r, i).0.zone_id.as_str()
    ),
    column!(
        "village_count",
        Integer,
        None,
        "待迁村庄数",
        "Villages inside the zone not yet relocated (status not done).",
        |r, i| zone_row(r, i).1.village_count
    ),
    column!(
        "households",
        Integer,
        None,
        "待迁户数",
        "Households of those villages.",
        |r, i| zone_row(r, i).1.households
    ),
    column!(
        "population",
        Integer,
        None,
        "待迁人口",
        "Population of those villages.",
        |r, i| zone_row(r, i).1.population
    ),
    column!(
        "footprint_ha",
        Real,
        Some("ha"),
        "村庄占地(公顷)",
        "Footprint of those villages inside the zone.",
        |r, i| zone_row(r, i).1.footprint_m2.map(|f| f / 10_000.0)
    ),
    column!(
        "footprint_share",
        Real,
        None,
        "占集聚区面积比例",
        "That footprint as a share of the zone's geodesic area.",
        |r, i| {
            let (z, t) = zone_row(r, i);
            footprint_share(z, t)
        }
    ),
    column!(
        "resettlement_units",
        Integer,
        Some("dwelling units"),
        "安置房套数",
        "Households × resettlement units per household, rounded up to whole dwelling units.",
        |r, i| zone_row(r, i).1.resettlement_units
    ),
];

/// The `zone-relocation` layer: one feature per zone.
pub fn zone_view(results: Arc<Results>) -> Table<Results> {
    let meta = Meta::new(
        "zone-relocation",
        "Relocation footprint of zones",
        "集聚区村庄迁并",
        format!(
            "Per zone: villages not yet relocated, their households, population and footprint, and the resettlement units they need ({} per household).",
            results.rules.relocation.units_per_household
        ),
        GeometryType::MultiPolygon,
        "zone_id",
    );
    Table::new(meta, &ZONE_ROWS, &ZONE_COLUMNS, results)
}
