//! Rows to typed records, one small function per layer, with the checks that belong to a
//! single field's meaning (star 0–4, road status, relocation status, grade).

use super::reader::{ReadLayer, Row};
use super::schema::{LayerSpec, PARCELS, ROADS, VILLAGES, ZONES};
use super::validate::Shaped;
use super::Finding;
use crate::dataset::{Parcel, RelocationStatus, Road, RoadStatus, Village, VillageGeometry, Zone};

/// Builds the records of a layer from its usable rows; value problems are added to the
/// layer's findings (the field is left empty).
fn map_rows<T>(
    read: &mut ReadLayer,
    spec: &LayerSpec,
    build: impl Fn(&mut Row, Shaped, &mut Vec<Finding>) -> T,
) -> Vec<T> {
    let mut records = Vec::with_capacity(read.rows.len());
    let mut extra = Vec::new();
    let mut kept = Vec::with_capacity(read.rows.len());
    for (i, row) in read.rows.iter_mut().enumerate() {
        if row.rejected {
            continue;
        }
        let Some(g) = row.geometry.take() else {
            continue;
        };
        let mut found = Vec::new();
        kept.push(i);
        records.push(build(row, g, &mut found));
        extra.extend(found.into_iter().map(|f| (i, f)));
    }
    let _ = spec;
    read.kept = kept;
    read.findings.extend(extra);
    records
}

fn polygons(g: Shaped) -> geo::MultiPolygon<f64> {
    match g {
        Shaped::Polygons(mp) => mp,
        _ => geo::MultiPolygon(Vec::new()),
    }
}

pub fn zones(read: &mut ReadLayer) -> Vec<Zone> {
    let s = &ZONES;
    map_rows(read, s, |r, g, found| {
        let mut star = r.int(s, "star");
        if let Some(v) = star.filter(|v| !(0..=4).contains(v)) {
            found.push(Finding::error(
                s.name,
                Some(&r.label),
                Some("star"),
                format!("star {v} is out of range 0–4"),
            ));
            star = None;
        }
        Zone {
            zone_id: std::mem::take(&mut r.label),
            name: r.text(s, "name"),
            city: r.text(s, "city"),
            county: r.text(s, "county"),
            star,
            leading_industry: r.text(s, "leading_industry"),
            geometry: polygons(g),
            area_m2: r.area_m2,
        }
    })
}

pub fn parcels(read: &mut ReadLayer) -> Vec<Parcel> {
    let s = &PARCELS;
    map_rows(read, s, |r, g, _| Parcel {
        parcel_id: std::mem::take(&mut r.label),
        zone_id: r.text(s, "zone_id"),
        land_use: r.text(s, "land_use"),
        industry_code: r.text(s, "industry_code"),
        holder: r.text(s, "holder"),
        registered_area_m2: r.real(s, "registered_area_m2"),
        granted_on: r.date(s, "granted_on"),
        agreed_start: r.date(s, "agreed_start"),
        agreed_completion: r.date(s, "agreed_completion"),
        actual_start: r.date(s, "actual_start"),
        halted_since: r.date(s, "halted_since"),
        developed_area_m2: r.real(s, "developed_area_m2"),
        total_investment_wan_yuan: r.real(s, "total_investment_wan_yuan"),
        invested_wan_yuan: r.real(s, "invested_wan_yuan"),
        floor_area_m2: r.real(s, "floor_area_m2"),
        footprint_m2: r.real(s, "footprint_m2"),
        admin_area_m2: r.real(s, "admin_area_m2"),
        green_area_m2: r.real(s, "green_area_m2"),
        output_wan_yuan: r.real(s, "output_wan_yuan"),
        tax_wan_yuan: r.real(s, "tax_wan_yuan"),
        delay_cause: r.text(s, "delay_cause"),
        geometry: polygons(g),
        area_m2: r.area_m2,
    })
}

const GRADES: &[&str] = &["expressway", "1", "2", "3", "4", "other"];

pub fn roads(read: &mut ReadLayer) -> Vec<Road> {
    let s = &ROADS;
    map_rows(read, s, |r, g, found| {
        let status = match r.text(s, "status") {
            None => RoadStatus::Built,
            Some(t) => RoadStatus::parse(&t).unwrap_or_else(|| {
                found.push(Finding::error(
                    s.name,
                    Some(&r.label),
                    Some("status"),
                    format!("unknown road status \"{t}\" (expected built, under_construction or planned)"),
                ));
                RoadStatus::Built
            }),
        };
        let grade = r.text(s, "grade");
        if let Some(gr) = grade.as_deref().filter(|gr| !GRADES.contains(gr)) {
            found.push(Finding::warning(
                s.name,
                Some(&r.label),
                Some("grade"),
                format!("unknown grade \"{gr}\" (expected expressway, 1, 2, 3, 4 or other)"),
            ));
        }
        Road {
            road_id: std::mem::take(&mut r.label),
            route: r.text(s, "route"),
            name: r.text(s, "name"),
            grade,
            status,
            geometry: match g {
                Shaped::Lines(ml) => ml,
                _ => geo::MultiLineString(Vec::new()),
            },
        }
    })
}

pub fn villages(read: &mut ReadLayer) -> Vec<Village> {
    let s = &VILLAGES;
    map_rows(read, s, |r, g, found| {
        let relocation = match r.text(s, "relocation") {
            None => RelocationStatus::None,
            Some(t) => RelocationStatus::parse(&t).unwrap_or_else(|| {
                found.push(Finding::error(
                    s.name,
                    Some(&r.label),
                    Some("relocation"),
                    format!("unknown relocation status \"{t}\" (expected none, planned, started or done)"),
                ));
                RelocationStatus::None
            }),
        };
        let mut count = |name: &str| {
            let v = r.int(s, name);
            if let Some(n) = v.filter(|n| *n < 0) {
                found.push(Finding::error(
                    s.name,
                    Some(&r.label),
                    Some(name),
                    format!("{name} {n} is negative"),
                ));
                return None;
            }
            v
        };
        let households = count("households");
        let population = count("population");
        Village {
            village_id: std::mem::take(&mut r.label),
            name: r.text(s, "name"),
            households,
            population,
            homestead_area_m2: r.real(s, "homestead_area_m2"),
            relocation,
            geometry: match g {
                Shaped::Point(p) => VillageGeometry::Point(p),
                other => VillageGeometry::Polygon(polygons(other)),
            },
        }
    })
}
