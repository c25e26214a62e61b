//! Checks across layers, on the built dataset: warnings a planner should look at before
//! trusting the results.

use super::Finding;
use crate::analysis::intensity::by_industry as far_min;
use crate::dataset::{index, Dataset};
use crate::rules::Rules;
use chrono::{Datelike, NaiveDate};
use geo::{BoundingRect, Intersects};
use rayon::prelude::*;
use std::collections::HashSet;

/// Years a date may lie after the as-of date (an agreed completion is often planned ahead).
pub const YEARS_AFTER_AS_OF: i32 = 10;

/// Why a date is implausible: before 1949 (land-use rights in this form start in the
/// People's Republic), after 2100, or more than [`YEARS_AFTER_AS_OF`] years after the as-of
/// date.
pub fn implausible_date(d: NaiveDate, as_of: Option<NaiveDate>) -> Option<String> {
    if d.year() < 1949 {
        return Some(format!("date {d} is before 1949; is it mistyped?"));
    }
    if d.year() > 2100 {
        return Some(format!("date {d} is after 2100; is it mistyped?"));
    }
    match as_of {
        Some(a) if d.year() > a.year() + YEARS_AFTER_AS_OF => Some(format!(
            "date {d} is more than {YEARS_AFTER_AS_OF} years after the as-of date {a}; is it mistyped?"
        )),
        _ => None,
    }
}

/// Overlap area above which two zones are reported, m² (shared edges digitised twice give
/// slivers far below this).
pub const ZONE_OVERLAP_TOLERANCE_M2: f64 = 1.0;

/// Zone warnings: two zones that overlap by more than [`ZONE_OVERLAP_TOLERANCE_M2`] (a
/// parcel in both belongs to either). Candidate pairs come from the zone R-tree.
pub fn zone_warnings(ds: &Dataset) -> Vec<(usize, Finding)> {
    use geo::BooleanOps;
    (0..ds.zones.len())
        .into_par_iter()
        .flat_map_iter(|i| {
            let a = &ds.zones[i];
            let mut out = Vec::new();
            if let Some(r) = a.geometry.bounding_rect() {
                let mut others: Vec<usize> =
                    index::query(&ds.zone_index, [r.min().x, r.min().y], [r.max().x, r.max().y])
                        .map(|j| j as usize)
                        .filter(|&j| j > i)
                        .collect();
                others.sort_unstable();
                for j in others {
                    let b = &ds.zones[j];
                    let overlap = crate::geodesy::authalic::area_m2(&a.geometry.intersection(&b.geometry));
                    if overlap > ZONE_OVERLAP_TOLERANCE_M2 {
                        out.push(Finding::warning(
                            "zones",
                            Some(&a.zone_id),
                            None,
                            format!(
                                "zones {} and {} overlap by {overlap:.0} m²; parcels in the overlap belong to either",
                                a.zone_id, b.zone_id
                            ),
                        ));
                    }
                }
            }
            out.into_iter().map(move |f| (i, f))
        })
        .collect()
}

/// Parcel warnings: outside every zone; `zone_id` naming no zone; registered and geodesic
/// area differing by more than `rules.site.area_mismatch_warn_share`; industrial parcel with
/// a missing or unknown industry code (not in `rules.intensity.far_min`).
pub fn parcel_warnings(
    ds: &Dataset,
    rules: &Rules,
    as_of: Option<NaiveDate>,
) -> Vec<(usize, Finding)> {
    let zone_ids: HashSet<&str> = ds.zones.iter().map(|z| z.zone_id.as_str()).collect();
    let share = rules.site.area_mismatch_warn_share;
    let industrial: HashSet<&str> = rules
        .intensity
        .industrial_land_uses
        .iter()
        .map(String::as_str)
        .collect();
    ds.parcels
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, p)| {
            let mut out = Vec::new();
            let warn = |field: Option<&str>, msg: String| Finding::warning("parcels", Some(&p.parcel_id), field, msg);
            for (field, d) in [
                ("granted_on", p.granted_on),
                ("agreed_start", p.agreed_start),
                ("agreed_completion", p.agreed_completion),
                ("actual_start", p.actual_start),
                ("halted_since", p.halted_since),
            ] {
                if let Some(msg) = d.and_then(|d| implausible_date(d, as_of)) {
                    out.push(warn(Some(field), msg));
                }
            }
            if let Some(z) = p.zone_id.as_deref() {
                if !zone_ids.contains(z) {
                    out.push(warn(Some("zone_id"), format!("zone_id \"{z}\" names no zone in the zones layer")));
                }
            }
            let inside_some = p.geometry.bounding_rect().is_some_and(|r| {
                index::query(&ds.zone_index, [r.min().x, r.min().y], [r.max().x, r.max().y])
                    .any(|zi| ds.zones[zi as usize].geometry.intersects(&p.geometry))
            });
            if !inside_some {
                out.push(warn(None, "parcel lies outside every zone".to_string()));
            }
            if let Some(reg) = p.registered_area_m2.filter(|a| *a > 0.0) {
                if p.area_m2 > 0.0 && ((reg - p.area_m2).abs() / p.area_m2) > share {
                    out.push(warn(
                        Some("registered_area_m2"),
                        format!(
                            "registered area {reg:.1} m² differs from the geodesic area {:.1} m² by {:.1} % (more than {:.1} %)",
                            p.area_m2,
                            100.0 * (reg - p.area_m2).abs() / p.area_m2,
                            100.0 * share
                        ),
                    ));
                }
            }
            if p.land_use.as_deref().is_some_and(|lu| industrial.contains(lu)) {
                match p.industry_code.as_deref() {
                    None => out.push(warn(
                        Some("industry_code"),
                        "industrial parcel has no industry code; no FAR minimum applies".to_string(),
                    )),
                    // The analysis's own lookup (exact code, two-digit division, `*`).
                    Some(c) if far_min(&rules.intensity.far_min, Some(c)).is_none() => out.push(warn(
                        Some("industry_code"),
                        format!("industry code \"{c}\" is unknown (not in the FAR table); no FAR minimum applies"),
                    )),
                    Some(_) => {}
                }
            }
            out.into_iter().map(move |f| (i, f))
        })
        .collect()
}
