//! `--zone`: audit some zones only. The zones are filtered, with the parcels that belong to
//! them and the villages whose envelope meets theirs; roads stay whole so that connectivity
//! is judged on the full network.

use crate::dataset::{index, Dataset};
use std::collections::BTreeSet;

/// A `--zone` that names no zone of the data.
#[derive(Debug, thiserror::Error)]
#[error("zone `{0}` given with --zone is not in the zones layer")]
pub struct UnknownZone(pub String);

/// A copy of `ds` restricted to the zones `ids` (with their parcels and nearby villages).
/// Parcels keep the zone they had in the whole dataset (their zone id is filled in).
pub fn zones_only(ds: &Dataset, ids: &[String]) -> Result<Dataset, UnknownZone> {
    let wanted: BTreeSet<&str> = ids.iter().map(String::as_str).collect();
    for id in &wanted {
        if !ds.zones.iter().any(|z| z.zone_id == *id) {
            return Err(UnknownZone(id.to_string()));
        }
    }
    let zones: Vec<_> = ds
        .zones
        .iter()
        .filter(|z| wanted.contains(z.zone_id.as_str()))
        .cloned()
        .collect();
    let parcels = ds
        .parcels
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let zone = ds.parcel_zone_id(i)?;
            wanted.contains(zone).then(|| {
                let mut p = p.clone();
                p.zone_id = Some(zone.to_string());
                p
            })
        })
        .collect();
    let mut keep = vec![false; ds.villages.len()];
    for z in &zones {
        if let Some(b) = index::envelope(&z.geometry) {
            for v in index::query(&ds.village_index, b.lower(), b.upper()) {
                keep[v as usize] = true;
            }
        }
    }
    let villages = ds
        .villages
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(v, _)| v.clone())
        .collect();
    Ok(Dataset::new(
        ds.source.clone(),
        zones,
        parcels,
        ds.roads.clone(),
        villages,
    ))
}
