//! `--previous DIR`: reads an earlier `audit.gpkg` (DIR holding one, or the file itself)
//! through GDAL into the typed records the comparison (`analysis::changes`) needs, and builds
//! the two change layers of this audit.

use crate::analysis::changes::{self, AuditRecords, IdleRecord, ZoneRecord};
use crate::dataset::Dataset;
use crate::view::{SharedView, View};
use chrono::NaiveDate;
use gdal::vector::LayerAccess;
use geo::{Geometry, MultiPolygon};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The audit record table every `audit.gpkg` holds (§8).
pub const AUDIT_TABLE: &str = "zonescope_audit";
/// Layers the comparison needs.
pub const NEEDED_LAYERS: [&str; 4] = [
    "idle-land",
    "zone-intensity",
    "zone-connectivity",
    "zone-relocation",
];

/// Why an earlier audit cannot be compared with (one sentence; exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct PreviousError(pub String);

/// The earlier audit's GeoPackage: `DIR/audit.gpkg`, or the file named.
pub fn resolve(path: &Path) -> Result<PathBuf, PreviousError> {
    let file = if path.is_dir() {
        path.join("audit.gpkg")
    } else {
        path.to_path_buf()
    };
    if !file.is_file() {
        return Err(PreviousError(if path.is_dir() {
            format!(
                "the previous audit folder {} holds no audit.gpkg",
                path.display()
            )
        } else {
            format!("the previous audit {} does not exist", path.display())
        }));
    }
    Ok(file)
}

fn field_idx(f: &gdal::vector::Feature, name: &str) -> Option<usize> {
    f.field_index(name).ok()
}
fn text(f: &gdal::vector::Feature, i: Option<usize>) -> Option<String> {
    i.and_then(|i| f.field_as_string(i).ok().flatten())
}
fn real(f: &gdal::vector::Feature, i: Option<usize>) -> Option<f64> {
    i.and_then(|i| f.field_as_double(i).ok().flatten())
        .filter(|x| x.is_finite())
}
fn int(f: &gdal::vector::Feature, i: Option<usize>) -> Option<i64> {
    i.and_then(|i| f.field_as_integer64(i).ok().flatten())
}
fn multipolygon(f: &gdal::vector::Feature) -> Option<MultiPolygon<f64>> {
    match f.geometry()?.to_geo().ok()? {
        Geometry::MultiPolygon(m) => Some(m),
        Geometry::Polygon(p) => Some(MultiPolygon(vec![p])),
        _ => None,
    }
}

/// A `YYYY-MM-DD` date as GDAL gives it (`2014/12/31`, `2014-12-31`, with a time or not).
fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim().replace('/', "-");
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// Reads the earlier audit (DIR or file).
pub fn read(path: &Path) -> Result<AuditRecords, PreviousError> {
    let file = resolve(path)?;
    let ds = gdal::Dataset::open(&file).map_err(|_| {
        PreviousError(format!(
            "the previous audit {} cannot be opened as a GeoPackage",
            file.display()
        ))
    })?;
    let mut missing: Vec<String> = Vec::new();
    if ds.layer_by_name(AUDIT_TABLE).is_err() {
        missing.push(format!("the {AUDIT_TABLE} table"));
    }
    for l in NEEDED_LAYERS {
        if ds.layer_by_name(l).is_err() {
            missing.push(format!("the layer {l}"));
        }
    }
    if !missing.is_empty() {
        return Err(PreviousError(format!(
            "the previous audit {} lacks {}; compare with an audit.gpkg written by zonescope audit",
            file.display(),
            join_and(&missing)
        )));
    }
    let mut out = AuditRecords::default();
    let mut audit = ds.layer_by_name(AUDIT_TABLE).expect("checked");
    if let Some(f) = audit.features().next() {
        out.as_of = text(&f, field_idx(&f, "as_of")).and_then(|s| parse_date(&s));
    }
    if out.as_of.is_none() {
        return Err(PreviousError(format!(
            "the previous audit {} lacks an as_of date in its {AUDIT_TABLE} table",
            file.display()
        )));
    }
    let mut idle = ds.layer_by_name("idle-land").expect("checked");
    for f in idle.features() {
        let pid = text(&f, field_idx(&f, "parcel_id"));
        let Some(parcel_id) = pid else {
            return Err(PreviousError(format!(
                "the previous audit {} lacks parcel_id in its idle-land layer",
                file.display()
            )));
        };
        out.idle.push(IdleRecord {
            parcel_id,
            zone_id: text(&f, field_idx(&f, "zone_id")),
            severity: text(&f, field_idx(&f, "severity")),
            idle_area_m2: real(&f, field_idx(&f, "idle_area_m2")),
            idle_days: int(&f, field_idx(&f, "idle_days")),
            excluded: int(&f, field_idx(&f, "excluded")) == Some(1)
                || text(&f, field_idx(&f, "excluded")).as_deref() == Some("true"),
            geometry: multipolygon(&f),
        });
    }
    for layer in ["zone-intensity", "zone-connectivity", "zone-relocation"] {
        let mut l = ds.layer_by_name(layer).expect("checked");
        for f in l.features() {
            let Some(zone_id) = text(&f, field_idx(&f, "zone_id")) else {
                return Err(PreviousError(format!(
                    "the previous audit {} lacks zone_id in its {layer} layer",
                    file.display()
                )));
            };
            let z = out
                .zones
                .entry(zone_id.clone())
                .or_insert_with(|| ZoneRecord {
                    zone_id,
                    ..Default::default()
                });
            match layer {
                "zone-intensity" => {
                    z.idle_candidate_count = int(&f, field_idx(&f, "idle_candidate_count"));
                    z.idle_area_ha = real(&f, field_idx(&f, "idle_area_ha"));
                    z.far = real(&f, field_idx(&f, "far"));
                    z.geometry = multipolygon(&f);
                }
                "zone-connectivity" => z.status = text(&f, field_idx(&f, "status")),
                _ => z.households = int(&f, field_idx(&f, "households")),
            }
        }
    }
    Ok(out)
}

fn join_and(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [a] => a.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// This audit's records, from its result views.
pub fn current_records(as_of: NaiveDate, views: &[SharedView]) -> AuditRecords {
    let view = |id: &str| {
        views
            .iter()
            .find(|v| v.meta().id == id)
            .map(|v| v.as_ref() as &dyn View)
    };
    changes::records_from_views(
        as_of,
        view("idle-land"),
        view("zone-intensity"),
        view("zone-connectivity"),
        view("zone-relocation"),
    )
}

/// `idle-land-changes` and `zone-changes` of this audit (its views) against the earlier one.
pub fn change_views(
    ds: &Dataset,
    previous: &AuditRecords,
    as_of: NaiveDate,
    views: &[SharedView],
) -> Vec<SharedView> {
    let now = current_records(as_of, views);
    let (idle, zones) = changes::views(changes::compare(previous, &now, ds));
    vec![Arc::new(idle), Arc::new(zones)]
}
