//! Each layer's CRS and the transform from it to CRS84 (lon/lat on WGS84), with traditional
//! GIS axis order (x = easting/longitude) on both ends.

use super::gdal_errors::Capture;
use gdal::spatial_ref::{AxisMappingStrategy, CoordTransform, SpatialRef};
use geo::Coord;
use std::rc::Rc;

/// How to bring a layer's coordinates to CRS84.
#[derive(Debug, Clone)]
pub struct ToCrs84 {
    /// The source CRS as PROJJSON (or WKT), to rebuild it on worker threads.
    definition: String,
    /// Human-readable name, for messages.
    pub name: String,
    /// The source already is lon/lat WGS84: nothing to do.
    identity: bool,
    /// The CRS came from the config (the layer has none of its own).
    pub from_config: bool,
}

/// True for a GeoPackage's "Undefined geographic/Cartesian SRS" (srs_id 0 / -1) and other
/// placeholders that say nothing about where the data are.
fn is_undefined(srs: &SpatialRef) -> bool {
    let name = srs.name().unwrap_or_default().to_ascii_lowercase();
    name.starts_with("undefined") || name == "unknown" || srs.is_local()
}

/// The CRS84 target.
fn crs84() -> Result<SpatialRef, String> {
    let mut t = SpatialRef::from_epsg(4326).map_err(|e| format!("cannot build EPSG:4326: {e}"))?;
    t.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    Ok(t)
}

fn definition_of(srs: &SpatialRef) -> Result<String, String> {
    srs.to_projjson()
        .or_else(|_| srs.to_wkt())
        .map_err(|e| format!("cannot export the CRS: {e}"))
}

/// Decides the layer's CRS: its own when it has a defined one, else the config's `crs`
/// (`EPSG:4547`, WKT, PROJ string). `Err` is one sentence for the `crs` problem.
pub fn layer_crs(own: Option<SpatialRef>, configured: Option<&str>) -> Result<ToCrs84, String> {
    let own = own.filter(|s| !is_undefined(s));
    let from_config = own.is_none();
    let mut srs = match (own, configured) {
        (Some(s), _) => s,
        (None, Some(def)) => SpatialRef::from_definition(def.trim())
            .map_err(|e| format!("the config's crs \"{def}\" is not a CRS GDAL knows: {e}"))?,
        (None, None) => {
            return Err(
                "layer has no CRS (or an undefined one); set `crs = \"EPSG:....\"` for it under [layers.<name>] in the config"
                    .to_string(),
            )
        }
    };
    srs.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
    let target = crs84()?;
    let identity = srs == target;
    let name = srs.name().unwrap_or_else(|| "unnamed CRS".to_string());
    let definition = definition_of(&srs)?;
    // Fail early (and name the layer) when no transform exists.
    CoordTransform::new(&srs, &target)
        .map_err(|e| format!("no transform from {name} to CRS84: {e}"))?;
    Ok(ToCrs84 {
        definition,
        name,
        identity,
        from_config,
    })
}

impl ToCrs84 {
    /// True when the source is lon/lat WGS84 already.
    pub fn is_identity(&self) -> bool {
        self.identity
    }

    /// A transform object for the current thread (they are not thread-safe); create one per
    /// batch of features.
    pub fn transformer(&self) -> Result<Transformer, String> {
        let _quiet = Capture::start();
        let mut src = SpatialRef::from_definition(&self.definition).map_err(|e| e.to_string())?;
        src.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
        let ct = CoordTransform::new(&src, &crs84()?).map_err(|e| e.to_string())?;
        Ok(Transformer {
            ct: (!self.identity).then_some(ct),
        })
    }

    /// Runs `f` with this thread's transform for this CRS, built on first use and kept for
    /// later batches (building one costs milliseconds; they are not thread-safe).
    pub fn with_transformer<R>(&self, f: impl FnOnce(&Transformer) -> R) -> Result<R, String> {
        thread_local! {
            static CACHE: std::cell::RefCell<Vec<(String, Rc<Transformer>)>> =
                const { std::cell::RefCell::new(Vec::new()) };
        }
        let cached = CACHE.with(|c| {
            c.borrow()
                .iter()
                .find(|(d, _)| *d == self.definition)
                .map(|(_, t)| Rc::clone(t))
        });
        let t = match cached {
            Some(t) => t,
            None => {
                let t = Rc::new(self.transformer()?);
                CACHE.with(|c| {
                    c.borrow_mut()
                        .push((self.definition.clone(), Rc::clone(&t)))
                });
                t
            }
        };
        Ok(f(&t))
    }
}

/// A thread's transform to CRS84.
pub struct Transformer {
    ct: Option<CoordTransform>,
}

impl Transformer {
    /// Transforms coordinates in place. Points that cannot be transformed become NaN.
    pub fn apply(&self, coords: &mut [Coord<f64>]) {
        let Some(ct) = &self.ct else { return };
        if coords.is_empty() {
            return;
        }
        let _quiet = Capture::start();
        let mut xs: Vec<f64> = coords.iter().map(|c| c.x).collect();
        let mut ys: Vec<f64> = coords.iter().map(|c| c.y).collect();
        let mut ok = vec![0 as std::ffi::c_int; coords.len()];
        for chunk_start in (0..coords.len()).step_by(1 << 20) {
            let n = (coords.len() - chunk_start).min(1 << 20);
            // SAFETY: each slice holds at least chunk_start + n values; z is null (2D).
            unsafe {
                gdal_sys::OCTTransformEx(
                    ct.to_c_hct(),
                    n as std::ffi::c_int,
                    xs.as_mut_ptr().add(chunk_start),
                    ys.as_mut_ptr().add(chunk_start),
                    std::ptr::null_mut(),
                    ok.as_mut_ptr().add(chunk_start),
                );
            }
        }
        for (i, c) in coords.iter_mut().enumerate() {
            *c = if ok[i] != 0 && xs[i].is_finite() && ys[i].is_finite() {
                Coord { x: xs[i], y: ys[i] }
            } else {
                Coord {
                    x: f64::NAN,
                    y: f64::NAN,
                }
            };
        }
    }
}
