//! Streaming GeoPackage writer for the four sample layers (EPSG:4490, lon/lat), through
//! GDAL's C API: features go straight from WKB and field values into open layers, inside
//! transactions committed every few tens of thousands of features.

use super::plane::P;
use anyhow::{anyhow, bail, Context};
use chrono::{Datelike, NaiveDate};
use gdal::spatial_ref::SpatialRef;
use gdal::vector::{FieldDefn, LayerAccess, LayerOptions};
use gdal::{Dataset, DriverManager};
use gdal_sys::{OGRFieldType, OGRwkbGeometryType};
use std::ffi::CString;
use std::path::Path;
use zonescope::contract::{self, LayerSpec, PARCELS, ROADS, VILLAGES, ZONES};

/// One field value.
#[derive(Debug, Clone, PartialEq)]
pub enum Val {
    Str(String),
    Real(f64),
    Int(i64),
    Date(NaiveDate),
    Null,
}

impl Val {
    pub fn opt_str(s: Option<&str>) -> Val {
        s.map(|s| Val::Str(s.to_string())).unwrap_or(Val::Null)
    }
    pub fn opt_real(x: Option<f64>) -> Val {
        x.map(Val::Real).unwrap_or(Val::Null)
    }
    pub fn opt_date(d: Option<NaiveDate>) -> Val {
        d.map(Val::Date).unwrap_or(Val::Null)
    }
}

/// The four layers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Zones = 0,
    Parcels = 1,
    Roads = 2,
    Villages = 3,
}

/// The OGR type a contract field is written as.
fn ogr_type(kind: contract::Kind) -> OGRFieldType::Type {
    match kind {
        contract::Kind::Text => OGRFieldType::OFTString,
        contract::Kind::Integer => OGRFieldType::OFTInteger,
        contract::Kind::Real => OGRFieldType::OFTReal,
        contract::Kind::Date => OGRFieldType::OFTDate,
    }
}

/// The four layers (the input contract's, in its field order) and their geometry types.
const LAYERS: [(&LayerSpec, OGRwkbGeometryType::Type); 4] = [
    (&ZONES, OGRwkbGeometryType::wkbMultiPolygon),
    (&PARCELS, OGRwkbGeometryType::wkbMultiPolygon),
    (&ROADS, OGRwkbGeometryType::wkbLineString),
    (&VILLAGES, OGRwkbGeometryType::wkbUnknown),
];

/// Features per transaction.
const BATCH: usize = 50_000;

/// An open GeoPackage with the four layers, being written.
pub struct Writer {
    ds: Dataset,
    /// Written under a temporary name, renamed to `path` when finished, so that nobody
    /// opens (and locks) a half-written file.
    tmp: std::path::PathBuf,
    path: std::path::PathBuf,
    layers: [gdal_sys::OGRLayerH; 4],
    in_batch: usize,
    pub counts: [usize; 4],
    wkb: Vec<u8>,
}

fn check(err: gdal_sys::OGRErr::Type, what: &str) -> anyhow::Result<()> {
    if err != gdal_sys::OGRErr::OGRERR_NONE {
        bail!("GDAL failed to {what} (OGR error {err})");
    }
    Ok(())
}

impl Writer {
    /// Creates (replacing) the GeoPackage at `path`.
    pub fn create(path: &Path) -> anyhow::Result<Writer> {
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("cannot create {}", dir.display()))?;
            }
        }
        gdal::config::set_config_option("OGR_SQLITE_SYNCHRONOUS", "OFF")?;
        gdal::config::set_config_option("OGR_SQLITE_CACHE", "512")?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let tmp = path.with_file_name(format!(".{name}.partial.gpkg"));
        if tmp.exists() {
            std::fs::remove_file(&tmp)
                .with_context(|| format!("cannot replace {}", tmp.display()))?;
        }
        let driver = DriverManager::get_driver_by_name("GPKG")?;
        let mut ds = driver
            .create_vector_only(&tmp)
            .with_context(|| format!("cannot create the GeoPackage {}", tmp.display()))?;
        let srs = SpatialRef::from_epsg(4490)?;
        let mut layers = [std::ptr::null_mut(); 4];
        for (i, (spec, ty)) in LAYERS.iter().enumerate() {
            let layer = ds.create_layer(LayerOptions {
                name: spec.name,
                srs: Some(&srs),
                ty: *ty,
                options: Some(&["FID=fid"]),
            })?;
            for f in spec.fields {
                FieldDefn::new(f.name, ogr_type(f.kind))?.add_to_layer(&layer)?;
            }
            layers[i] = unsafe { layer.c_layer() };
        }
        check(
            unsafe { gdal_sys::GDALDatasetStartTransaction(ds.c_dataset(), 0) },
            "start a transaction",
        )?;
        Ok(Writer {
            ds,
            tmp,
            path: path.to_path_buf(),
            layers,
            in_batch: 0,
            counts: [0; 4],
            wkb: Vec::with_capacity(4096),
        })
    }

    fn write(&mut self, kind: Kind, vals: &[Val]) -> anyhow::Result<()> {
        let h = self.layers[kind as usize];
        unsafe {
            let defn = gdal_sys::OGR_L_GetLayerDefn(h);
            let f = gdal_sys::OGR_F_Create(defn);
            if f.is_null() {
                bail!("GDAL could not create a feature");
            }
            let result = (|| -> anyhow::Result<()> {
                for (i, v) in vals.iter().enumerate() {
                    let i = i as i32;
                    match v {
                        Val::Str(s) => {
                            let c = CString::new(s.as_str())?;
                            gdal_sys::OGR_F_SetFieldString(f, i, c.as_ptr());
                        }
                        Val::Real(x) => gdal_sys::OGR_F_SetFieldDouble(f, i, *x),
                        Val::Int(x) => gdal_sys::OGR_F_SetFieldInteger64(f, i, *x),
                        Val::Date(d) => gdal_sys::OGR_F_SetFieldDateTime(
                            f,
                            i,
                            d.year(),
                            d.month() as i32,
                            d.day() as i32,
                            0,
                            0,
                            0,
                            0,
                        ),
                        Val::Null => gdal_sys::OGR_F_SetFieldNull(f, i),
                    }
                }
                let mut g: gdal_sys::OGRGeometryH = std::ptr::null_mut();
                check(
                    gdal_sys::OGR_G_CreateFromWkb(
                        self.wkb.as_ptr() as *const std::ffi::c_void,
                        std::ptr::null_mut(),
                        &mut g,
                        self.wkb.len() as i32,
                    ),
                    "decode a generated geometry",
                )?;
                check(gdal_sys::OGR_F_SetGeometryDirectly(f, g), "set a geometry")?;
                check(gdal_sys::OGR_L_CreateFeature(h, f), "write a feature")?;
                Ok(())
            })();
            gdal_sys::OGR_F_Destroy(f);
            result?;
        }
        self.counts[kind as usize] += 1;
        self.in_batch += 1;
        if self.in_batch >= BATCH {
            let c = self.ds.c_dataset();
            commit(c)?;
            check(
                unsafe { gdal_sys::GDALDatasetStartTransaction(c, 0) },
                "start a transaction",
            )?;
            self.in_batch = 0;
        }
        Ok(())
    }

    /// Writes a (multi)polygon feature: one polygon per ring list (outer ring first).
    pub fn polygon(
        &mut self,
        kind: Kind,
        vals: &[Val],
        polys: &[&[Vec<P>]],
        multi: bool,
    ) -> anyhow::Result<()> {
        self.wkb.clear();
        if multi {
            put_header(&mut self.wkb, 6, polys.len());
            for rings in polys {
                put_polygon(&mut self.wkb, rings);
            }
        } else {
            put_polygon(
                &mut self.wkb,
                polys.first().ok_or_else(|| anyhow!("empty polygon"))?,
            );
        }
        self.write(kind, vals)
    }

    pub fn line(&mut self, kind: Kind, vals: &[Val], pts: &[P]) -> anyhow::Result<()> {
        self.wkb.clear();
        put_header(&mut self.wkb, 2, pts.len());
        for p in pts {
            put_point(&mut self.wkb, *p);
        }
        self.write(kind, vals)
    }

    pub fn point(&mut self, kind: Kind, vals: &[Val], p: P) -> anyhow::Result<()> {
        self.wkb.clear();
        self.wkb.push(1);
        self.wkb.extend_from_slice(&1u32.to_le_bytes());
        put_point(&mut self.wkb, p);
        self.write(kind, vals)
    }

    /// Commits and closes (GDAL then builds the spatial indexes).
    pub fn finish(self) -> anyhow::Result<[usize; 4]> {
        commit(self.ds.c_dataset())?;
        let counts = self.counts;
        let (tmp, path) = (self.tmp.clone(), self.path.clone());
        self.ds.close()?;
        std::fs::rename(&tmp, &path)
            .with_context(|| format!("cannot rename {} to {}", tmp.display(), path.display()))?;
        Ok(counts)
    }
}

/// Commits the open transaction, waiting a little while the file is locked by a reader.
fn commit(ds: gdal_sys::GDALDatasetH) -> anyhow::Result<()> {
    for _ in 0..40 {
        if unsafe { gdal_sys::GDALDatasetCommitTransaction(ds) } == gdal_sys::OGRErr::OGRERR_NONE {
            return Ok(());
        }
        std::thread::sleep(std::time::Duration::from_millis(250));
    }
    check(
        unsafe { gdal_sys::GDALDatasetCommitTransaction(ds) },
        "commit",
    )
}

fn put_header(buf: &mut Vec<u8>, ty: u32, n: usize) {
    buf.push(1);
    buf.extend_from_slice(&ty.to_le_bytes());
    buf.extend_from_slice(&(n as u32).to_le_bytes());
}

fn put_point(buf: &mut Vec<u8>, p: P) {
    buf.extend_from_slice(&p[0].to_le_bytes());
    buf.extend_from_slice(&p[1].to_le_bytes());
}

/// Rings are given open (first point not repeated); WKB rings are closed here.
fn put_polygon(buf: &mut Vec<u8>, rings: &[Vec<P>]) {
    put_header(buf, 3, rings.len());
    for r in rings {
        buf.extend_from_slice(&((r.len() + 1) as u32).to_le_bytes());
        for p in r.iter().chain(r.first()) {
            put_point(buf, *p);
        }
    }
}
