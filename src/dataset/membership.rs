//! Zone membership of parcels: the given `zone_id` when it names a zone, else the zone the
//! parcel overlaps most (by geodesic area of the intersection), else none.

use super::index::{self, BoxIndex};
use super::records::{Parcel, Zone};
use crate::geodesy;
use geo::{BooleanOps, BoundingRect, Intersects};
use rayon::prelude::*;
use std::collections::HashMap;

pub(super) fn parcel_zones(
    zones: &[Zone],
    zone_index: &BoxIndex,
    parcels: &[Parcel],
) -> Vec<Option<u32>> {
    let by_id: HashMap<&str, u32> = zones
        .iter()
        .enumerate()
        .map(|(i, z)| (z.zone_id.as_str(), i as u32))
        .collect();
    parcels
        .par_iter()
        .map(|p| {
            if let Some(z) = p.zone_id.as_deref().filter(|z| !z.is_empty()) {
                // A given zone_id wins, even when it names no zone (check warns about that).
                return by_id.get(z).copied();
            }
            largest_overlap(zones, zone_index, p)
        })
        .collect()
}

/// The zone a parcel's geometry overlaps most, if any (positive-area overlap only).
pub fn largest_overlap(zones: &[Zone], zone_index: &BoxIndex, p: &Parcel) -> Option<u32> {
    let r = p.geometry.bounding_rect()?;
    let candidates: Vec<u32> =
        index::query(zone_index, [r.min().x, r.min().y], [r.max().x, r.max().y]).collect();
    let mut best: Option<(u32, f64)> = None;
    for zi in candidates {
        let z = &zones[zi as usize];
        if !z.geometry.intersects(&p.geometry) {
            continue;
        }
        let area = if super::containment::certainly_contains(&z.geometry, &p.geometry) {
            p.area_m2
        } else {
            geodesy::area_m2(&z.geometry.intersection(&p.geometry))
        };
        if area > 0.0 && best.is_none_or(|(bi, ba)| area > ba || (area == ba && zi < bi)) {
            best = Some((zi, area));
        }
    }
    best.map(|(i, _)| i)
}
