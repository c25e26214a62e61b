//! The analyses: pure functions from a dataset, the rules and an as-of date to result
//! layers. Nothing here does I/O, HTTP or printing.

pub mod benefit;
pub mod calendar;
pub mod changes;
pub mod connectivity;
pub mod evaluation;
pub mod idle;
pub mod intensity;
pub mod relocation;

use crate::dataset::Dataset;
use crate::layer::Layer;
use crate::rules::Rules;
use chrono::NaiveDate;

/// The intensity and idle-land layers, in the contract's order: `parcel-intensity`,
/// `zone-intensity`, `idle-land`. The idle-land candidates are computed once and reused for
/// the zone totals.
pub fn intensity_and_idle(ds: &Dataset, rules: &Rules, as_of: NaiveDate) -> Vec<Layer> {
    let (parcels, candidates) = rayon::join(
        || intensity::parcels_intensity(ds, &rules.intensity),
        || idle::idle_candidates(ds, &rules.idle, as_of),
    );
    let zones = intensity::zones_intensity(ds, &parcels, &candidates);
    let ((parcel_layer, zone_layer), idle_layer) = rayon::join(
        || {
            rayon::join(
                || intensity::parcel_layer(ds, &parcels),
                || intensity::zone_layer(ds, &zones),
            )
        },
        || idle::to_layer(ds, &rules.idle, as_of, &candidates),
    );
    vec![parcel_layer, zone_layer, idle_layer]
}

/// Every layer a user can open: the four input layers, then every result layer.
pub fn publishable_layers(ds: &Dataset, rules: &Rules, as_of: NaiveDate) -> Vec<Layer> {
    let (mut layers, results) = rayon::join(
        || crate::dataset::input_layers(ds),
        || run_all(ds, rules, as_of),
    );
    layers.extend(results);
    layers
}

/// Every result layer, in the contract's order: `parcel-intensity`, `zone-intensity`,
/// `idle-land`, `zone-connectivity`, `connector-paths`, `relocation`, `zone-relocation`,
/// then `zone-evaluation` and `holder-benefit` (§9).
pub fn run_all(ds: &Dataset, rules: &Rules, as_of: NaiveDate) -> Vec<Layer> {
    let ((mut layers, network), evaluation) = rayon::join(
        || {
            rayon::join(
                || intensity_and_idle(ds, rules, as_of),
                || network_and_relocation(ds, rules),
            )
        },
        || evaluation_and_benefit(ds, rules, as_of),
    );
    layers.extend(network);
    layers.extend(evaluation);
    layers
}

/// The §9 layers, `zone-evaluation` and `holder-benefit`, materialised from their views.
pub fn evaluation_and_benefit(ds: &Dataset, rules: &Rules, as_of: NaiveDate) -> Vec<Layer> {
    let candidates = idle::idle_candidates(ds, &rules.idle, as_of);
    let (zones, holders) = rayon::join(
        || evaluation::zone_evaluation(ds, rules, &candidates),
        || benefit::holder_benefit(ds, &rules.intensity, &rules.benefit),
    );
    vec![
        crate::view::to_layer(&evaluation::view_of(ds, zones)),
        crate::view::to_layer(&benefit::view(holders)),
    ]
}

/// The connectivity and relocation layers: `zone-connectivity`, `connector-paths`,
/// `relocation`, `zone-relocation`. Neither depends on the as-of date.
pub fn network_and_relocation(ds: &Dataset, rules: &Rules) -> Vec<Layer> {
    let ((zone_connectivity, connector_paths), (relocation, zone_relocation)) = rayon::join(
        || connectivity::layers(ds, &rules.connectivity),
        || relocation::layers(ds, &rules.relocation),
    );
    vec![
        zone_connectivity,
        connector_paths,
        relocation,
        zone_relocation,
    ]
}
