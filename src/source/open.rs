//! Opening a source: a file or folder GDAL reads, or a connection string (`PG:...`).

use super::gdal_errors::{self, Capture};
use gdal::{Dataset, DatasetOptions, GdalOpenFlags};
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

/// `src` for reports: a connection string without its password.
pub fn display_source(src: &str) -> String {
    if !is_connection_string(src) {
        return src.to_string();
    }
    src.split_whitespace()
        .map(|part| {
            let lower = part.to_ascii_lowercase();
            if lower.starts_with("password=") || lower.starts_with("pg:password=") {
                let (head, _) = part.split_at(part.find('=').map(|i| i + 1).unwrap_or(part.len()));
                format!("{head}***")
            } else {
                part.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Checks that a path source exists; connection strings pass.
pub fn check_exists(src: &str) -> Result<(), String> {
    if src.trim().is_empty() {
        return Err("the data source is empty".to_string());
    }
    if is_connection_string(src) || Path::new(src).exists() {
        Ok(())
    } else {
        Err(format!("path {src} does not exist"))
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
