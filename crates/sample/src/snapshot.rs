//! A later snapshot of the sample (`zonescope sample --snapshot q2`): the same districts one
//! quarter on, so that `audit --previous` on the bundled sample shows every kind of change.
//!
//! Starting from the sample of the same seed, as of the sample's audit date (2014-12-31) →
//! the next quarter's (2015-03-31), deterministically (parcels and villages in id order):
//! - every 6th `reclaim` candidate is **reclaimed**: the parcel leaves the data (`removed`);
//! - every 5th remaining `not_started` candidate **starts** on 2015-02-16 (`resolved`);
//! - every 20th started, unhalted industrial parcel started before 2014 **stalls** on
//!   2014-02-20 with a fifth of its site developed (a `stalled` candidate from 2015-02-20:
//!   `new`);
//! - every 3rd village whose relocation had `started` **finishes** (`done`);
//! - the passing quarter itself makes some parcels idle for a year (`new`) or two
//!   (`escalated`); the rest are `continuing`.

use super::{SampleOptions, Snapshot};
use anyhow::{Context, Result};
use chrono::NaiveDate;
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};
use std::path::Path;
use zonescope::analysis::idle::{idle_candidates, IdleReason, IdleSeverity};
use zonescope::config::Config;
use zonescope::dataset::RelocationStatus;
use zonescope::rules::Rules;

/// The sample's audit date and the snapshot's.
pub const Q1_AS_OF: &str = "2014-12-31";
pub const Q2_AS_OF: &str = "2015-03-31";

fn date(s: &str) -> NaiveDate {
    s.parse().expect("a valid constant date")
}

fn sql_list(ids: &[&str]) -> String {
    ids.iter()
        .map(|s| format!("'{}'", s.replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(",")
}

/// Writes the later snapshot to `opts.out`.
pub fn generate(opts: &SampleOptions, snapshot: Snapshot) -> Result<()> {
    let Snapshot::Q2 = snapshot;
    let name = opts
        .out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let base = opts.out.with_file_name(format!(".{name}.base.gpkg"));
    super::generate(&SampleOptions {
        out: base.clone(),
        scale: opts.scale,
        seed: opts.seed,
    })?;
    let result = edit(&base);
    if let Err(e) = result {
        let _ = std::fs::remove_file(&base);
        return Err(e);
    }
    std::fs::rename(&base, &opts.out)
        .with_context(|| format!("cannot rename {} to {}", base.display(), opts.out.display()))?;
    eprintln!(
        "sample: the q2 snapshot (as of {Q2_AS_OF}) written to {}",
        opts.out.display()
    );
    Ok(())
}

fn edit(path: &Path) -> Result<()> {
    let src = path.to_string_lossy().into_owned();
    let loaded = zonescope::source::load(&src, &Config::default())
        .map_err(|e| anyhow::anyhow!("cannot load the base sample: {e}"))?;
    let ds = loaded.dataset;
    let rules = Rules::default();
    let mut cands = idle_candidates(&ds, &rules.idle, date(Q1_AS_OF));
    cands.retain(|c| !c.excluded);
    cands.sort_by(|a, b| {
        ds.parcels[a.parcel]
            .parcel_id
            .cmp(&ds.parcels[b.parcel].parcel_id)
    });
    let id = |i: usize| ds.parcels[i].parcel_id.as_str();
    let reclaimed: Vec<usize> = cands
        .iter()
        .filter(|c| c.severity == IdleSeverity::Reclaim)
        .map(|c| c.parcel)
        .step_by(6)
        .collect();
    let started: Vec<usize> = cands
        .iter()
        .filter(|c| c.reason == IdleReason::NotStarted && !reclaimed.contains(&c.parcel))
        .map(|c| c.parcel)
        .step_by(5)
        .collect();
    let candidate: std::collections::HashSet<usize> = cands.iter().map(|c| c.parcel).collect();
    let mut stall_pool: Vec<usize> = (0..ds.parcels.len())
        .filter(|&i| {
            let p = &ds.parcels[i];
            !candidate.contains(&i)
                && p.halted_since.is_none()
                && p.delay_cause.is_none()
                && p.actual_start.is_some_and(|d| d < date("2014-01-01"))
                && zonescope::analysis::intensity::is_industrial(
                    &rules.intensity,
                    p.land_use.as_deref(),
                )
        })
        .collect();
    stall_pool.sort_by(|&a, &b| id(a).cmp(id(b)));
    let stalled: Vec<usize> = stall_pool.into_iter().step_by(20).collect();
    let mut villages: Vec<&str> = ds
        .villages
        .iter()
        .filter(|v| v.relocation == RelocationStatus::Started)
        .map(|v| v.village_id.as_str())
        .collect();
    villages.sort();
    let finished: Vec<&str> = villages.into_iter().step_by(3).collect();

    let gpkg = Dataset::open_ex(
        path,
        DatasetOptions {
            open_flags: GdalOpenFlags::GDAL_OF_UPDATE | GdalOpenFlags::GDAL_OF_VECTOR,
            ..Default::default()
        },
    )
    .with_context(|| format!("cannot open {} for update", path.display()))?;
    let mut statements = vec![
        format!(
            "DELETE FROM parcels WHERE parcel_id IN ({})",
            sql_list(&reclaimed.iter().map(|&i| id(i)).collect::<Vec<_>>())
        ),
        format!(
            "UPDATE parcels SET actual_start = '2015-02-16' WHERE parcel_id IN ({})",
            sql_list(&started.iter().map(|&i| id(i)).collect::<Vec<_>>())
        ),
        format!(
            "UPDATE villages SET relocation = 'done' WHERE village_id IN ({})",
            sql_list(&finished)
        ),
    ];
    for &i in &stalled {
        let p = &ds.parcels[i];
        let developed = (p.site_area_m2() * 0.2).round();
        statements.push(format!(
            "UPDATE parcels SET halted_since = '2014-02-20', developed_area_m2 = {developed} WHERE parcel_id = '{}'",
            p.parcel_id.replace('\'', "''")
        ));
    }
    for s in &statements {
        gpkg.execute_sql(s, None, gdal::vector::sql::Dialect::DEFAULT)
            .with_context(|| format!("cannot edit the snapshot: {s}"))?;
    }
    gpkg.close()?;
    eprintln!(
        "sample: q2 snapshot: {} parcels reclaimed, {} started, {} stalled, {} villages relocated",
        reclaimed.len(),
        started.len(),
        stalled.len(),
        finished.len()
    );
    Ok(())
}
