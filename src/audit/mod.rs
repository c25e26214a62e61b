//! `zonescope audit`: a styled GeoPackage, two CSVs and an HTML report.
//!
//! The audit runs the analyses over the (optionally `--zone`-filtered) dataset and writes
//! whatever layers exist in the common [`Layer`] form; a result layer that is absent simply
//! leaves its part of the outputs empty. Files, one concern each:
//! [`gpkg`] (GeoPackage through GDAL, with `layer_styles`), [`csv`] (the two CSVs),
//! [`report`] (HTML with SVG maps), [`styles`] (the shipped styles, embedded),
//! [`progress`] (bar or log lines), [`filter`] (`--zone`).

pub mod atomic;
pub mod csv;
pub mod filter;
pub mod gpkg;
pub mod previous;
pub mod progress;
pub mod report;
pub mod results;
mod rtree;
pub mod styles;
mod wkb;

use crate::dataset::Dataset;
use crate::rules::Rules;
use crate::view::{SharedView, View};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use progress::Progress;
use std::path::PathBuf;
use std::sync::Arc;

pub use filter::UnknownZone;

/// What to audit and where to write it.
pub struct AuditOptions {
    pub out: PathBuf,
    pub as_of: NaiveDate,
    /// Audit only these zones (all when empty).
    pub zones: Vec<String>,
    pub rules: Rules,
    /// The data-quality warnings loading found (what `check` prints), for the report.
    pub warnings: Vec<crate::source::Finding>,
    /// The earlier audit to compare with (`--previous`), read beforehand.
    pub previous: Option<crate::analysis::changes::AuditRecords>,
    /// Free the dataset and the results when done. The command line sets `false`: the
    /// process exits right after, and freeing every feature one by one would keep it waiting
    /// (half a second at province scale, seconds at national scale).
    pub free_memory: bool,
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
    /// The data-quality warnings found on loading (what `check` prints).
    pub warnings: Vec<crate::source::Finding>,
    /// The as-of date of the earlier audit compared with (`--previous`), if any.
    pub previous_as_of: Option<NaiveDate>,
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
    /// Seconds spent per phase (`analyses`, `audit.gpkg`, `csv`, `report.html`); the
    /// GeoPackage is written beside the CSVs and the report.
    pub timings: Vec<(&'static str, f64)>,
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

/// The input layers written into `audit.gpkg` besides the results. Zones and roads give the
/// results their context on a map; every parcel is in `parcel-intensity` (and the candidates
/// in `idle-land`), every village inside a zone in `relocation`, so the parcels and villages
/// inputs would only repeat them (at two fifths of the package's size). The CSVs and the
/// report still read all four inputs.
pub const PACKAGED_INPUTS: [&str; 2] = ["zones", "roads"];

/// Is this layer written into `audit.gpkg`? (Every result layer; inputs: [`PACKAGED_INPUTS`].)
pub fn packaged(id: &str) -> bool {
    !crate::view::INPUT_IDS.contains(&id) || PACKAGED_INPUTS.contains(&id)
}

/// Writes `audit.gpkg`, `idle_land.csv`, `zones.csv` and `report.html` into `opts.out`,
/// showing progress on stderr.
pub fn run(ds: Arc<Dataset>, opts: &AuditOptions) -> Result<AuditSummary> {
    let progress = Progress::new(6);
    let ds = if opts.zones.is_empty() {
        ds
    } else {
        progress.step(&format!("filtering {} zone(s)", opts.zones.len()));
        Arc::new(filter::zones_only(&ds, &opts.zones)?)
    };
    let ctx = AuditContext {
        as_of: opts.as_of,
        source: ds.source.clone(),
        rules: opts.rules.clone(),
        zones: opts.zones.clone(),
        warnings: opts.warnings.clone(),
        previous_as_of: opts.previous.as_ref().and_then(|p| p.as_of),
    };
    let inputs = crate::view::input_views(&ds);
    let mut held: Vec<SharedView> = Vec::new();
    let analyse = |early: &mut dyn FnMut(Vec<SharedView>)| {
        progress.step(&format!(
            "analysing {} zones, {} parcels, {} road links, {} villages",
            ds.zones.len(),
            ds.parcels.len(),
            ds.roads.len(),
            ds.villages.len()
        ));
        // The intensity layers go to the GeoPackage while connectivity and relocation run.
        let results = crate::analysis::run_staged(ds.clone(), &opts.rules, opts.as_of, |r| {
            early(r.intensity_views())
        });
        let mut views = results.result_views();
        if let Some(prev) = &opts.previous {
            let changes = previous::change_views(&ds, prev, opts.as_of, &views);
            views.extend(changes);
        }
        progress.done();
        held = views.clone();
        views
    };
    let summary = write_outputs_staged(&inputs, analyse, &ctx, &opts.out, &progress)?;
    if !opts.free_memory {
        // Left to the operating system at exit (see `AuditOptions::free_memory`).
        std::mem::forget((ds, inputs, held));
    }
    let phases: Vec<String> = summary
        .timings
        .iter()
        .map(|(k, v)| format!("{k} {v:.1} s"))
        .collect();
    progress.finish(&format!(
        "audit written to {} ({})",
        opts.out.display(),
        phases.join(", ")
    ));
    Ok(summary)
}

/// Writes the audit's files into `out` (each under a temporary name, renamed when all are
/// written): the input views, and the result views `analyse` returns (see
/// [`write_outputs_staged`], which this calls with no views handed over early).
pub fn write_outputs(
    inputs: &[SharedView],
    analyse: impl FnOnce() -> Vec<SharedView>,
    ctx: &AuditContext,
    out: &std::path::Path,
    progress: &Progress,
) -> Result<AuditSummary> {
    write_outputs_staged(inputs, |_| analyse(), ctx, out, progress)
}

/// Writes the audit's files into `out` (each under a temporary name, renamed when all are
/// written): the input views, and the result views `analyse` returns. `analyse` may hand
/// over the first of its views early (through its argument, in order: they must begin the
/// list it returns). The packaged inputs, then the early views, go into the GeoPackage (one
/// core) while `analyse` runs (the other); then the rest of the packaged results follow
/// there while the CSVs and the report are written from every view here.
pub fn write_outputs_staged(
    inputs: &[SharedView],
    analyse: impl FnOnce(&mut dyn FnMut(Vec<SharedView>)) -> Vec<SharedView>,
    ctx: &AuditContext,
    out: &std::path::Path,
    progress: &Progress,
) -> Result<AuditSummary> {
    std::fs::create_dir_all(out)
        .with_context(|| format!("cannot create output folder {}", out.display()))?;
    let finals = Paths::new(out);
    let paths = finals.staged();
    let result = write_into(inputs, analyse, ctx, &paths, progress);
    let staged = paths.pairs(&finals);
    let (layers, idle, zones, timings) =
        match result.and_then(|r| atomic::commit(&staged).map(|()| r)) {
            Ok(r) => r,
            Err(e) => {
                // Judged before the temporary files go, while the disk is still full.
                let e = atomic::explain(e, out);
                atomic::discard(&staged);
                return Err(e);
            }
        };
    progress.done();
    Ok(finals.summary(layers, zones, idle, timings))
}

type Written = (usize, usize, usize, Vec<(&'static str, f64)>);

/// Result views on their way to the GeoPackage writer: some early, then the rest.
enum Handover {
    Early(Vec<SharedView>),
    Rest(Vec<SharedView>),
}

/// The audit into the (temporary) `paths`: (packaged layers, idle rows, zone rows, timings).
fn write_into(
    inputs: &[SharedView],
    analyse: impl FnOnce(&mut dyn FnMut(Vec<SharedView>)) -> Vec<SharedView>,
    ctx: &AuditContext,
    paths: &Paths,
    progress: &Progress,
) -> Result<Written> {
    let (tx, rx) = std::sync::mpsc::channel::<Handover>();
    let (gpkg, rest) = std::thread::scope(|scope| {
        let gpkg_thread = scope.spawn(move || -> Result<(f64, usize)> {
            let t = std::time::Instant::now();
            progress.step("writing the input layers to audit.gpkg");
            let mut w = gpkg::Writer::create(&paths.gpkg)?;
            w.record(&gpkg::AuditRecord::now(ctx.as_of, &ctx.source))?;
            let mut written: Vec<SharedView> = Vec::new();
            let mut write = |w: &mut gpkg::Writer, v: &SharedView| -> Result<()> {
                if packaged(&v.meta().id) {
                    w.write_view(v.as_ref())?;
                    progress.step(&format!(
                        "audit.gpkg: {} ({} features)",
                        v.meta().id,
                        v.len()
                    ));
                    written.push(v.clone());
                }
                Ok(())
            };
            for v in inputs {
                write(&mut w, v)?;
            }
            // The results as they come (a closed channel means the analyses failed: stop
            // quietly, the error is theirs).
            loop {
                match rx.recv() {
                    Ok(Handover::Early(views)) => {
                        views.iter().try_for_each(|v| write(&mut w, v))?
                    }
                    Ok(Handover::Rest(views)) => {
                        views.iter().try_for_each(|v| write(&mut w, v))?;
                        break;
                    }
                    Err(_) => anyhow::bail!("the analyses did not finish"),
                }
            }
            let refs: Vec<&dyn View> = written.iter().map(|v| v.as_ref()).collect();
            w.finish(&refs)?;
            // Flushed to disk here, while the report may still be drawn: the commit's own
            // flush then finds it clean.
            std::fs::File::open(&paths.gpkg)
                .and_then(|f| f.sync_all())
                .with_context(|| format!("cannot flush {} to disk", paths.gpkg.display()))?;
            progress.done();
            Ok((t.elapsed().as_secs_f64(), written.len()))
        });
        let started = std::time::Instant::now();
        let mut early_ids: Vec<String> = Vec::new();
        let results = analyse(&mut |views: Vec<SharedView>| {
            early_ids.extend(views.iter().map(|v| v.meta().id.clone()));
            let _ = tx.send(Handover::Early(views));
        });
        let analyses_s = started.elapsed().as_secs_f64();
        let handed = early_ids.len().min(results.len());
        let in_order = results.len() >= early_ids.len()
            && results
                .iter()
                .zip(&early_ids)
                .all(|(v, id)| v.meta().id == *id);
        let _ = tx.send(Handover::Rest(results[handed..].to_vec()));
        let rest = if in_order {
            let all = results::Results::new(inputs.iter().chain(&results).map(|v| v.as_ref()));
            write_tables_and_report(&all, ctx, paths, progress)
        } else {
            let ids: Vec<&str> = results.iter().map(|v| v.meta().id.as_str()).collect();
            Err(anyhow::anyhow!(
                "the views handed over early ({}) do not begin the results ({})",
                early_ids.join(", "),
                ids.join(", ")
            ))
        };
        drop(tx);
        let gpkg = gpkg_thread
            .join()
            .unwrap_or_else(|_| Err(anyhow::anyhow!("the GeoPackage writer panicked")));
        (gpkg, rest.map(|r| (r, analyses_s)))
    });
    let (gpkg_s, layers) = gpkg?;
    let ((idle, zones, csv_s, report_s), analyses_s) = rest?;
    Ok((
        layers,
        idle,
        zones,
        vec![
            ("analyses", analyses_s),
            ("audit.gpkg", gpkg_s),
            ("csv", csv_s),
            ("report.html", report_s),
        ],
    ))
}

/// The four output paths.
struct Paths {
    gpkg: PathBuf,
    idle_csv: PathBuf,
    zones_csv: PathBuf,
    report: PathBuf,
    changes_csv: PathBuf,
}

impl Paths {
    /// The four file names, in the order they are renamed: the report last.
    const NAMES: [&'static str; 5] = [
        "audit.gpkg",
        "idle_land.csv",
        "zones.csv",
        "changes.csv",
        "report.html",
    ];

    /// Temporary names beside these (stale ones of killed runs removed).
    fn staged(&self) -> Paths {
        if let Some(dir) = self.gpkg.parent() {
            atomic::remove_stale(dir, &Self::NAMES);
        }
        Paths {
            gpkg: atomic::temp_path(&self.gpkg),
            idle_csv: atomic::temp_path(&self.idle_csv),
            zones_csv: atomic::temp_path(&self.zones_csv),
            report: atomic::temp_path(&self.report),
            changes_csv: atomic::temp_path(&self.changes_csv),
        }
    }

    /// (temporary, final) pairs in rename order.
    fn pairs(&self, finals: &Paths) -> Vec<(PathBuf, PathBuf)> {
        vec![
            (self.gpkg.clone(), finals.gpkg.clone()),
            (self.idle_csv.clone(), finals.idle_csv.clone()),
            (self.zones_csv.clone(), finals.zones_csv.clone()),
            (self.changes_csv.clone(), finals.changes_csv.clone()),
            (self.report.clone(), finals.report.clone()),
        ]
        .into_iter()
        // changes.csv is written with --previous only.
        .filter(|(t, _)| t != &self.changes_csv || t.exists())
        .collect()
    }

    fn new(out: &std::path::Path) -> Paths {
        Paths {
            gpkg: out.join("audit.gpkg"),
            idle_csv: out.join("idle_land.csv"),
            zones_csv: out.join("zones.csv"),
            report: out.join("report.html"),
            changes_csv: out.join("changes.csv"),
        }
    }
    fn summary(
        &self,
        layers: usize,
        zones: usize,
        idle_candidates: usize,
        timings: Vec<(&'static str, f64)>,
    ) -> AuditSummary {
        AuditSummary {
            gpkg: self.gpkg.clone(),
            idle_csv: self.idle_csv.clone(),
            zones_csv: self.zones_csv.clone(),
            report: self.report.clone(),
            layers,
            zones,
            idle_candidates,
            timings,
        }
    }
}

/// Writes the CSVs and the report; returns (idle rows, zone rows, CSV seconds, report seconds).
fn write_tables_and_report(
    results: &results::Results,
    ctx: &AuditContext,
    paths: &Paths,
    progress: &Progress,
) -> Result<(usize, usize, f64, f64)> {
    let t = std::time::Instant::now();
    progress.step("writing idle_land.csv");
    let idle = csv::write_idle(&paths.idle_csv, results, &ctx.rules)?;
    progress.done();
    progress.step("writing zones.csv");
    let zones = csv::write_zones(&paths.zones_csv, results)?;
    progress.done();
    if let Some(changes) = results.layer("idle-land-changes") {
        progress.step("writing changes.csv");
        csv::write_layer(&paths.changes_csv, changes)?;
        progress.done();
    }
    let csv_s = t.elapsed().as_secs_f64();
    let t = std::time::Instant::now();
    progress.step("drawing report.html");
    let html = report::render(results, ctx);
    std::fs::write(&paths.report, html)
        .with_context(|| format!("cannot write {}", paths.report.display()))?;
    progress.done();
    Ok((idle, zones, csv_s, t.elapsed().as_secs_f64()))
}
