//! `zonescope audit`: a styled GeoPackage, two CSVs and an HTML report.
//!
//! The audit runs the analyses over the (optionally `--zone`-filtered) dataset and writes
//! whatever layers exist in the common [`Layer`] form; a result layer that is absent simply
//! leaves its part of the outputs empty. Files, one concern each:
//! [`gpkg`] (GeoPackage through GDAL, with `layer_styles`), [`csv`] (the two CSVs),
//! [`report`] (HTML with SVG maps), [`styles`] (the shipped styles, embedded),
//! [`progress`] (bar or log lines), [`filter`] (`--zone`).

pub mod csv;
pub mod filter;
pub mod gpkg;
pub mod progress;
pub mod report;
pub mod results;
pub mod styles;
mod wkb;

use crate::dataset::Dataset;
use crate::layer::Layer;
use crate::rules::Rules;
use anyhow::{Context, Result};
use chrono::NaiveDate;
use progress::Progress;
use std::path::PathBuf;

pub use filter::UnknownZone;

/// What to audit and where to write it.
pub struct AuditOptions {
    pub out: PathBuf,
    pub as_of: NaiveDate,
    /// Audit only these zones (all when empty).
    pub zones: Vec<String>,
    pub rules: Rules,
}

/// What the report says about the run besides the layers.
#[derive(Debug, Clone)]
pub struct AuditContext {
    pub as_of: NaiveDate,
    /// The data source (path or connection string without password).
    pub source: String,
    pub rules: Rules,
    /// The `--zone` filter (empty: all zones).
    pub zones: Vec<String>,
}

/// The files written and what they hold.
#[derive(Debug, Clone)]
pub struct AuditSummary {
    pub gpkg: PathBuf,
    pub idle_csv: PathBuf,
    pub zones_csv: PathBuf,
    pub report: PathBuf,
    pub layers: usize,
    pub zones: usize,
    pub idle_candidates: usize,
}

impl std::fmt::Display for AuditSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "{} ({} layers)", self.gpkg.display(), self.layers)?;
        writeln!(
            f,
            "{} ({} idle-land candidates)",
            self.idle_csv.display(),
            self.idle_candidates
        )?;
        writeln!(f, "{} ({} zones)", self.zones_csv.display(), self.zones)?;
        write!(f, "{}", self.report.display())
    }
}

/// Writes `audit.gpkg`, `idle_land.csv`, `zones.csv` and `report.html` into `opts.out`,
/// showing progress on stderr.
pub fn run(ds: &Dataset, opts: &AuditOptions) -> Result<AuditSummary> {
    let progress = Progress::new(7);
    let filtered;
    let ds = if opts.zones.is_empty() {
        ds
    } else {
        progress.step(&format!("filtering {} zone(s)", opts.zones.len()));
        filtered = filter::zones_only(ds, &opts.zones)?;
        &filtered
    };
    progress.step(&format!(
        "analysing {} zones, {} parcels, {} road links, {} villages",
        ds.zones.len(),
        ds.parcels.len(),
        ds.roads.len(),
        ds.villages.len()
    ));
    let (mut layers, results) = rayon::join(
        || crate::dataset::input_layers(ds),
        || crate::analysis::run_all(ds, &opts.rules, opts.as_of),
    );
    layers.extend(results);
    progress.done();
    let ctx = AuditContext {
        as_of: opts.as_of,
        source: ds.source.clone(),
        rules: opts.rules.clone(),
        zones: opts.zones.clone(),
    };
    let summary = write_outputs(&layers, &ctx, &opts.out, &progress)?;
    progress.finish(&format!("audit written to {}", opts.out.display()));
    Ok(summary)
}

/// Writes the four files from layers already computed (inputs and results, any subset).
pub fn write_outputs(
    layers: &[Layer],
    ctx: &AuditContext,
    out: &std::path::Path,
    progress: &Progress,
) -> Result<AuditSummary> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create output folder {}", out.display()))?;
    let results = results::Results::new(layers);
    let summary = AuditSummary {
        gpkg: out.join("audit.gpkg"),
        idle_csv: out.join("idle_land.csv"),
        zones_csv: out.join("zones.csv"),
        report: out.join("report.html"),
        layers: layers.len(),
        zones: 0,
        idle_candidates: 0,
    };
    // The GeoPackage (GDAL, single-threaded) runs beside the CSVs and the report.
    let (gpkg, rest) = rayon::join(
        || {
            progress.step("writing audit.gpkg");
            let r = gpkg::write(&summary.gpkg, layers, |l| {
                progress.step(&format!(
                    "audit.gpkg: {} ({} features)",
                    l.id,
                    l.features.len()
                ))
            });
            progress.done();
            r
        },
        || -> Result<(usize, usize)> {
            progress.step("writing idle_land.csv");
            let idle = csv::write_idle(&summary.idle_csv, &results, &ctx.rules)?;
            progress.done();
            progress.step("writing zones.csv");
            let zones = csv::write_zones(&summary.zones_csv, &results)?;
            progress.done();
            progress.step("drawing report.html");
            let html = report::render(&results, ctx);
            std::fs::write(&summary.report, html)
                .with_context(|| format!("cannot write {}", summary.report.display()))?;
            progress.done();
            Ok((idle, zones))
        },
    );
    gpkg?;
    let (idle, zones) = rest?;
    progress.done();
    Ok(AuditSummary {
        zones,
        idle_candidates: idle,
        ..summary
    })
}
