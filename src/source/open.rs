//! Opening a source: a file or folder GDAL reads, or a connection string (`PG:...`).

use super::gdal_errors::{self, Capture};
use gdal::{Dataset, DatasetOptions, GdalOpenFlags, Metadata};
use std::path::Path;

/// True for sources that are not paths on disk (connection strings, GDAL virtual paths).
pub fn is_connection_string(src: &str) -> bool {
    let upper = src.trim_start().to_ascii_uppercase();
    upper.starts_with("PG:")
        || upper.starts_with("/VSI")
        || upper.starts_with("MYSQL:")
        || upper.starts_with("OCI:")
        || upper.starts_with("MSSQL:")
        || upper.starts_with("WFS:")
        || upper.starts_with("OAPIF:")
}

pub use super::redact::display_source;

/// Checks that a path source exists; connection strings pass.
pub fn check_exists(src: &str) -> Result<(), String> {
    if src.trim().is_empty() {
        return Err("the data source is empty".to_string());
    }
    if is_connection_string(src) || Path::new(src).exists() {
        Ok(())
    } else {
        Err(format!("path {} does not exist", display_source(src)))
    }
}

/// Opens `src` read-only as a vector dataset. GDAL's messages are caught by the caller's
/// [`Capture`], which must be alive on this thread.
pub fn open(src: &str, capture: &Capture) -> Result<Dataset, String> {
    check_exists(src)?;
    let options = DatasetOptions {
        open_flags: GdalOpenFlags::GDAL_OF_VECTOR | GdalOpenFlags::GDAL_OF_READONLY,
        ..Default::default()
    };
    let _ = capture.take();
    match Dataset::open_ex(src, options) {
        Ok(ds) => Ok(ds),
        Err(e) => {
            let caught = capture.take();
            let why = gdal_errors::join(&caught, &e.to_string());
            Err(format!(
                "cannot open {} as a vector data source: {why}",
                display_source(src)
            ))
        }
    }
}

/// File extensions tried for a per-layer file in a folder source (`DIR/zones.geojson`, …).
const LAYER_FILE_EXTENSIONS: &[&str] = &[
    "gpkg", "fgb", "geojson", "json", "shp", "gdb", "sqlite", "gml", "kml", "csv",
];

/// Opens the dataset that holds layer `layer_name` of `src` and returns it with the layer's
/// name inside it. A folder source may be a multi-layer dataset GDAL opens as a whole
/// (Shapefile folder, FileGDB, FlatGeobuf folder) or hold one file per layer
/// (`DIR/parcels.geojson`); a file holding a single layer is taken whatever its layer is called.
pub fn open_layer(
    src: &str,
    layer_name: &str,
    capture: &Capture,
) -> Result<(Dataset, String), String> {
    let path = Path::new(src);
    if !is_connection_string(src) && path.is_dir() {
        if let Ok(ds) = open(src, capture) {
            if ds.layer_by_name(layer_name).is_ok() {
                return Ok((ds, layer_name.to_string()));
            }
        }
        let _ = capture.take();
        for ext in LAYER_FILE_EXTENSIONS {
            let candidate = path.join(format!("{layer_name}.{ext}"));
            if candidate.exists() {
                let ds = open(&candidate.to_string_lossy(), capture)?;
                let name = single_or_named(&ds, layer_name);
                return Ok((ds, name));
            }
        }
        let ds = open(src, capture).map_err(|_| {
            format!(
                "layer `{layer_name}` is missing: {} is a folder without a {layer_name}.<gpkg|fgb|geojson|shp|…> file, and GDAL does not open the folder itself",
                display_source(src)
            )
        })?;
        return Ok((ds, layer_name.to_string()));
    }
    let ds = open(src, capture)?;
    let name = single_or_named(&ds, layer_name);
    Ok((ds, name))
}

/// `wanted` when the dataset has it; else the only layer of a single-layer file named like
/// the wanted layer (`parcels.geojson`); else `wanted` (reported missing by the caller).
fn single_or_named(ds: &Dataset, wanted: &str) -> String {
    if ds.layer_by_name(wanted).is_ok() || ds.layer_count() != 1 {
        return wanted.to_string();
    }
    let stem_matches = Path::new(&ds.description().unwrap_or_default())
        .file_stem()
        .is_some_and(|s| s.to_string_lossy().eq_ignore_ascii_case(wanted));
    match ds.layer(0) {
        Ok(l) if stem_matches => {
            use gdal::vector::LayerAccess;
            l.name()
        }
        _ => wanted.to_string(),
    }
}
