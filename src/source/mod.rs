//! Reading the four input layers from any GDAL source, reprojecting to CRS84 and checking
//! every feature. The only room that talks to GDAL for input.
//!
//! One concern per file: [`open`] (sources), [`schema`] (the contract's layers and fields,
//! config remapping), [`crs`] (each layer's CRS → CRS84), [`reader`] (the generic feature
//! reader), [`fields`] (value coercion), [`geometry`] (WKB → geo), [`validate`] (geometry
//! checks), [`mapping`] (rows → typed records), [`checks`] (cross-layer warnings),
//! [`gdal_errors`] (GDAL's messages as findings).

mod checks;
pub mod crs;
pub mod fields;
mod findings;
pub mod gdal_errors;
pub mod geometry;
mod mapping;
pub mod open;
mod reader;
pub mod redact;
pub mod schema;
mod simple_ring;
pub mod validate;
pub mod validity;

pub use findings::{Finding, Severity};

use crate::config::Config;
use crate::dataset::Dataset;
use crate::timing;
use reader::ReadLayer;
use schema::{PARCELS, ROADS, VILLAGES, ZONES};

/// A loaded dataset and everything found wrong or doubtful on the way.
#[derive(Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub findings: Vec<Finding>,
}

/// Input that cannot be used at all (exit code 2): a path that does not exist, a file GDAL
/// cannot open, a missing layer or required field, a layer without CRS.
#[derive(Debug, thiserror::Error)]
#[error("{}", .findings.iter().map(|f| f.to_string()).collect::<Vec<_>>().join("\n"))]
pub struct LoadError {
    pub findings: Vec<Finding>,
}

/// Loads `src` (a path GDAL opens or a `PG:` connection string) with the layer and field
/// names of `cfg`. The four layers are read on four threads, each with its own GDAL handle.
///
/// Features with errors are reported in [`Loaded::findings`]; a feature whose identifier or
/// geometry is unusable (or whose identifier repeats an earlier one) is left out of the
/// dataset, a bad attribute value is left empty.
///
/// Every message is passed through [`redact::scrub`]: no finding quotes a password or the
/// folders of a path source.
pub fn load(src: &str, cfg: &Config) -> Result<Loaded, LoadError> {
    let scrub = |mut f: Vec<Finding>| {
        for x in &mut f {
            x.message = redact::scrub(&x.message, src);
        }
        f
    };
    match load_unscrubbed(src, cfg) {
        Ok(mut l) => {
            l.findings = scrub(l.findings);
            Ok(l)
        }
        Err(e) => Err(LoadError {
            findings: scrub(e.findings),
        }),
    }
}

fn load_unscrubbed(src: &str, cfg: &Config) -> Result<Loaded, LoadError> {
    if let Err(msg) = open::check_exists(src) {
        return Err(LoadError {
            findings: vec![Finding::error("source", None, None, msg)],
        });
    }
    // Open once up front so that an unreadable source is one line, not four.
    if open::is_connection_string(src) || !std::path::Path::new(src).is_dir() {
        let capture = gdal_errors::Capture::start();
        if let Err(msg) = open::open(src, &capture) {
            return Err(LoadError {
                findings: vec![Finding::error("source", None, None, msg)],
            });
        }
    }
    let t = timing::mark();
    let m = &cfg.layers;
    // One thread per layer; each reads, checks and maps its layer batch by batch.
    let (zones, parcels, roads, villages) = std::thread::scope(|s| {
        let z =
            s.spawn(|| reader::read_layer(src, &ZONES, &m.zones, mapping::zones, |r| &r.zone_id));
        let p = s.spawn(|| {
            reader::read_layer(src, &PARCELS, &m.parcels, mapping::parcels, |r| {
                &r.parcel_id
            })
        });
        let r =
            s.spawn(|| reader::read_layer(src, &ROADS, &m.roads, mapping::roads, |r| &r.road_id));
        let v = s.spawn(|| {
            reader::read_layer(src, &VILLAGES, &m.villages, mapping::villages, |r| {
                &r.village_id
            })
        });
        (
            join(z, "zones"),
            join(p, "parcels"),
            join(r, "roads"),
            join(v, "villages"),
        )
    });
    let mut unusable = Vec::new();
    let (zones, zone_records) = usable(zones, &mut unusable);
    let (mut parcels, parcel_records) = usable(parcels, &mut unusable);
    let (roads, road_records) = usable(roads, &mut unusable);
    let (villages, village_records) = usable(villages, &mut unusable);
    if unusable.is_empty() && zone_records.is_empty() {
        // Without a zone nothing can be audited: every figure is per zone.
        let mut findings: Vec<Finding> = zones.findings.iter().map(|(_, f)| f.clone()).collect();
        findings.push(Finding::error(
            "zones",
            None,
            None,
            "the zones layer has no usable feature; every result is per zone, so there is nothing to audit",
        ));
        unusable = findings;
    }
    if !unusable.is_empty() {
        return Err(LoadError { findings: unusable });
    }
    let t = timing::lap(t, "read, checked and mapped the four layers");
    let dataset = Dataset::new(
        redact::display_source(src),
        zone_records,
        parcel_records,
        road_records,
        village_records,
    );

    let t = timing::lap(t, "indexes and zone membership");
    let mut parcel_findings = std::mem::take(&mut parcels.findings);
    parcel_findings.extend(
        checks::parcel_warnings(&dataset, &cfg.rules, cfg.as_of)
            .into_iter()
            .map(|(i, f)| (parcels.kept.get(i).copied().unwrap_or(usize::MAX), f)),
    );
    parcels.findings = parcel_findings;

    let mut zones = zones;
    zones.findings.extend(
        checks::zone_warnings(&dataset)
            .into_iter()
            .map(|(i, f)| (zones.kept.get(i).copied().unwrap_or(usize::MAX), f)),
    );
    timing::lap(t, "cross-layer checks");
    let mut findings = Vec::new();
    for layer in [zones, parcels, roads, villages] {
        let mut f = layer.findings;
        f.sort_by_key(|(i, _)| *i);
        findings.extend(f.into_iter().map(|(_, f)| f));
    }
    Ok(Loaded { dataset, findings })
}

/// The layer when it could be read; else its findings go to `unusable`.
fn usable<T>(
    r: Result<(ReadLayer, Vec<T>), Vec<Finding>>,
    unusable: &mut Vec<Finding>,
) -> (ReadLayer, Vec<T>) {
    r.unwrap_or_else(|f| {
        unusable.extend(f);
        (ReadLayer::default(), Vec::new())
    })
}

fn join<T>(
    h: std::thread::ScopedJoinHandle<'_, Result<T, Vec<Finding>>>,
    layer: &str,
) -> Result<T, Vec<Finding>> {
    h.join().unwrap_or_else(|_| {
        Err(vec![Finding::error(
            layer,
            None,
            None,
            "reading the layer failed unexpectedly",
        )])
    })
}
