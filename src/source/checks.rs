//! Checks across layers, on the built dataset: warnings a planner should look at before
//! trusting the results.

use super::Finding;
use crate::analysis::intensity::by_industry as far_min;
use crate::dataset::{index, Dataset};
use crate::rules::Rules;
use geo::{BoundingRect, Intersects};
use rayon::prelude::*;
use std::collections::HashSet;

/// Parcel warnings: outside every zone; `zone_id` naming no zone; registered and geodesic
/// area differing by more than `rules.site.area_mismatch_warn_share`; industrial parcel with
/// a missing or unknown industry code (not in `rules.intensity.far_min`).
pub fn parcel_warnings(ds: &Dataset, rules: &Rules) -> Vec<(usize, Finding)> {
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
