//! The analyses: pure functions from a dataset, the rules and an as-of date to typed
//! results. Nothing here does I/O, HTTP or printing.
//!
//! [`run`] computes every analysis once into one [`Results`], which holds the dataset by
//! `Arc`; [`Results::views`] publishes every layer (the four inputs and every result) as a
//! borrowed [`crate::view::View`] over them. [`run_staged`] does the same but hands the
//! results over as soon as intensity and idle land are known (their views can be made then,
//! while connectivity and relocation still run: the audit writes them meanwhile).

pub mod benefit;
pub mod calendar;
pub mod changes;
pub mod connectivity;
pub mod evaluation;
pub mod idle;
pub mod intensity;
pub mod relocation;

use crate::dataset::{index, BoxIndex, Dataset};
use crate::layer::Layer;
use crate::rules::Rules;
use crate::timing;
use crate::view::{self, SharedView};
use chrono::NaiveDate;
use std::sync::Arc;

/// The results that depend on the as-of date: parcel and zone intensity and the idle-land
/// candidates (computed once, reused for the zone totals).
#[derive(Debug)]
pub struct IntensityResults {
    pub parcels: Vec<intensity::ParcelIntensity>,
    pub zones: Vec<intensity::ZoneIntensity>,
    pub idle: Vec<idle::IdleCandidate>,
    /// Envelopes of the idle-land candidates; entry data = position in `idle`.
    pub idle_index: BoxIndex,
}

/// The results that do not depend on the as-of date.
#[derive(Debug)]
pub struct NetworkResults {
    pub connectivity: Vec<connectivity::ZoneConnectivity>,
    /// Positions in `connectivity` of the zones with a connector path, in zone order.
    pub connectors: Vec<usize>,
    pub connector_index: BoxIndex,
    pub villages: Vec<relocation::VillageInZone>,
    pub village_index: BoxIndex,
    pub zone_relocation: Vec<relocation::ZoneRelocation>,
}

/// Every analysis of a dataset, owned once.
#[derive(Debug)]
pub struct Results {
    pub dataset: Arc<Dataset>,
    pub rules: Rules,
    pub as_of: NaiveDate,
    pub intensity: Arc<IntensityResults>,
    /// Set once connectivity and relocation are computed ([`run_staged`] returns after);
    /// read through [`Results::network`].
    network: std::sync::OnceLock<Arc<NetworkResults>>,
}

/// Intensity and idle land as of a date.
pub fn intensity_results(ds: &Dataset, rules: &Rules, as_of: NaiveDate) -> IntensityResults {
    let (parcels, idle) = rayon::join(
        || {
            timing::timed("analysis: parcel intensity", || {
                intensity::parcels_intensity(ds, &rules.intensity)
            })
        },
        || {
            timing::timed("analysis: idle land", || {
                idle::idle_candidates(ds, &rules.idle, as_of)
            })
        },
    );
    let zones = timing::timed("analysis: zone intensity", || {
        intensity::zones_intensity(ds, &parcels, &idle)
    });
    let idle_index = index::build(
        idle.iter()
            .map(|c| index::envelope(&ds.parcels[c.parcel].geometry)),
    );
    IntensityResults {
        parcels,
        zones,
        idle,
        idle_index,
    }
}

/// Connectivity and relocation.
pub fn network_results(ds: &Dataset, rules: &Rules) -> NetworkResults {
    let (connectivity, (villages, zone_relocation)) = rayon::join(
        || {
            timing::timed("analysis: connectivity", || {
                connectivity::analyse(ds, &rules.connectivity)
            })
        },
        || {
            timing::timed("analysis: relocation", || {
                let inside = relocation::villages_in_zones(ds, &rules.relocation);
                let totals = relocation::zone_totals(ds, &rules.relocation, &inside);
                (inside, totals)
            })
        },
    );
    let connectors: Vec<usize> = (0..connectivity.len())
        .filter(|&i| connectivity[i].connector.is_some())
        .collect();
    let connector_index = index::build(connectors.iter().map(|&i| {
        connectivity[i]
            .connector
            .as_ref()
            .and_then(|c| index::envelope(c.line()))
    }));
    let village_index = index::build(
        villages
            .iter()
            .map(|v| index::village_envelope(&ds.villages[v.village].geometry)),
    );
    NetworkResults {
        connectivity,
        connectors,
        connector_index,
        villages,
        village_index,
        zone_relocation,
    }
}

/// Runs every analysis once.
pub fn run(dataset: Arc<Dataset>, rules: &Rules, as_of: NaiveDate) -> Arc<Results> {
    run_staged(dataset, rules, as_of, |_| {})
}

/// Runs every analysis once, calling `intensity_done` as soon as intensity and idle land are
/// known (a few per cent of the time): it may make [`Results::intensity_views`] then, and
/// hand them on; every other view waits until this returns.
pub fn run_staged(
    dataset: Arc<Dataset>,
    rules: &Rules,
    as_of: NaiveDate,
    intensity_done: impl FnOnce(&Arc<Results>),
) -> Arc<Results> {
    let intensity = intensity_results(&dataset, rules, as_of);
    let results = Arc::new(Results {
        dataset,
        rules: rules.clone(),
        as_of,
        intensity: Arc::new(intensity),
        network: std::sync::OnceLock::new(),
    });
    intensity_done(&results);
    let network = network_results(&results.dataset, rules);
    let _ = results.network.set(Arc::new(network));
    results
}

impl Results {
    /// The same results as of another date: intensity and idle land recomputed, the
    /// network results shared.
    pub fn as_of(&self, as_of: NaiveDate) -> Arc<Results> {
        Arc::new(Results {
            dataset: self.dataset.clone(),
            rules: self.rules.clone(),
            as_of,
            intensity: Arc::new(intensity_results(&self.dataset, &self.rules, as_of)),
            network: self.network.clone(),
        })
    }

    /// Connectivity and relocation. Every caller holds results [`run_staged`] has returned
    /// (the network views are made only from those), so they are set.
    pub fn network(&self) -> &NetworkResults {
        self.network
            .get()
            .expect("network results are read only after run_staged has returned")
    }

    /// The layers of the date-dependent results, the first three of [`Results::result_views`]:
    /// `parcel-intensity`, `zone-intensity`, `idle-land`.
    pub fn intensity_views(self: &Arc<Self>) -> Vec<SharedView> {
        vec![
            Arc::new(intensity::parcel_view(self.clone())),
            Arc::new(intensity::zone_view(self.clone())),
            Arc::new(idle::view(self.clone())),
        ]
    }

    /// Every result layer as a view, in the contract's order: `parcel-intensity`,
    /// `zone-intensity`, `idle-land`, `zone-connectivity`, `connector-paths`, `relocation`,
    /// `zone-relocation`, then the §9 layers `zone-evaluation` and `holder-benefit`.
    pub fn result_views(self: &Arc<Self>) -> Vec<SharedView> {
        let mut views = self.intensity_views();
        views.extend::<[SharedView; 6]>([
            Arc::new(connectivity::zone_view(self.clone())),
            Arc::new(connectivity::connector_view(self.clone())),
            Arc::new(relocation::village_view(self.clone())),
            Arc::new(relocation::zone_view(self.clone())),
            Arc::new(evaluation::view(
                self.dataset.clone(),
                evaluation::zone_evaluation(&self.dataset, &self.rules, &self.intensity.idle),
            )),
            Arc::new(benefit::view(benefit::holder_benefit(
                &self.dataset,
                &self.rules.intensity,
                &self.rules.benefit,
            ))),
        ]);
        views
    }

    /// Every layer a user can open: the four input layers, then every result layer.
    pub fn views(self: &Arc<Self>) -> Vec<SharedView> {
        let mut v = view::input_views(&self.dataset);
        v.extend(self.result_views());
        v
    }
}

/// Every result layer as an owned [`Layer`] (a copy; for tests and callers that want one).
pub fn run_all(ds: &Dataset, rules: &Rules, as_of: NaiveDate) -> Vec<Layer> {
    let results = run(Arc::new(ds.clone()), rules, as_of);
    results
        .result_views()
        .iter()
        .map(|v| view::to_layer(v.as_ref()))
        .collect()
}
