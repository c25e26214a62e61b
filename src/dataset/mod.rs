//! The in-memory dataset: typed records of the four layers, an R-tree per layer and each
//! parcel's zone, built once and shared read-only (behind an `Arc`) by the analyses and the
//! server. Nothing here does I/O.

pub mod closest;
mod containment;
pub mod index;
mod membership;
pub mod records;
pub mod road_graph;

pub use index::{BoxIndex, IndexedBox};
pub use records::*;

/// The four input layers, indexed.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Where the data came from (path or connection string without password), for reports.
    pub source: String,
    pub zones: Vec<Zone>,
    pub parcels: Vec<Parcel>,
    pub roads: Vec<Road>,
    pub villages: Vec<Village>,
    /// Envelope R-trees; each entry's data is the record's position in its vector.
    pub zone_index: BoxIndex,
    pub parcel_index: BoxIndex,
    pub road_index: BoxIndex,
    pub village_index: BoxIndex,
    /// Each parcel's zone (position in `zones`): its `zone_id` when that names a zone,
    /// else the zone its geometry overlaps most, else none.
    pub parcel_zone: Vec<Option<u32>>,
}

impl Dataset {
    /// Builds the indexes and zone membership. Records are taken as they are (validated by
    /// the loader).
    pub fn new(
        source: impl Into<String>,
        zones: Vec<Zone>,
        parcels: Vec<Parcel>,
        roads: Vec<Road>,
        villages: Vec<Village>,
    ) -> Dataset {
        let ((zone_index, parcel_index), (road_index, village_index)) = rayon::join(
            || {
                rayon::join(
                    || index::build(zones.iter().map(|z| index::envelope(&z.geometry))),
                    || index::build(parcels.iter().map(|p| index::envelope(&p.geometry))),
                )
            },
            || {
                rayon::join(
                    || index::build(roads.iter().map(|r| index::envelope(&r.geometry))),
                    || {
                        index::build(
                            villages
                                .iter()
                                .map(|v| index::village_envelope(&v.geometry)),
                        )
                    },
                )
            },
        );
        let parcel_zone = membership::parcel_zones(&zones, &zone_index, &parcels);
        Dataset {
            source: source.into(),
            zones,
            parcels,
            roads,
            villages,
            zone_index,
            parcel_index,
            road_index,
            village_index,
            parcel_zone,
        }
    }

    /// The zone id a parcel belongs to: its own `zone_id` when given, else the zone found by
    /// largest overlap.
    pub fn parcel_zone_id(&self, parcel: usize) -> Option<&str> {
        let p = &self.parcels[parcel];
        match p.zone_id.as_deref() {
            Some(z) if !z.is_empty() => Some(z),
            _ => self.parcel_zone[parcel].map(|z| self.zones[z as usize].zone_id.as_str()),
        }
    }
}
