//! The generic layer reader: opens its own handle on the source (so layers can be read on
//! separate threads), finds the layer and its fields, reads every feature's attributes and
//! geometry, reprojects to CRS84 and checks each geometry. Per-layer meaning (which field is
//! what) lives in `mapping`; this file knows only the [`LayerSpec`].

use super::crs::{self, ToCrs84};
use super::fields::{self, Cell, Raw};
use super::gdal_errors::{Capture, GdalMessage};
use super::geometry;
use super::open;
use super::schema::{self, Kind, LayerSpec, SourceField};
use super::validate::{self, Shaped};
use super::Finding;
use crate::config::LayerMapping;
use gdal::vector::LayerAccess;
use gdal_sys::OGRFieldType;
use rayon::prelude::*;
use std::collections::HashMap;
use std::ffi::{c_int, CStr};

/// One feature as read: contract-field values (by position in the spec) and its geometry in
/// CRS84, when usable.
#[derive(Debug)]
pub struct Row {
    /// The key value, or `fid N` when it is missing: how findings name the feature.
    pub label: String,
    pub values: Vec<Option<Cell>>,
    /// `None` when the feature has no usable geometry (reported).
    pub geometry: Option<Shaped>,
    /// Geodesic area, m², of polygonal geometries (0 otherwise).
    pub area_m2: f64,
    /// Set when an error was reported for this feature's key or geometry: it stays out of
    /// the dataset (attribute errors only blank that field).
    pub rejected: bool,
}

impl Row {
    fn cell(&self, spec: &LayerSpec, name: &str) -> Option<&Cell> {
        spec.position(name)
            .and_then(|i| self.values.get(i))
            .and_then(Option::as_ref)
    }
    /// A text field, moved out of the row.
    pub fn text(&mut self, spec: &LayerSpec, name: &str) -> Option<String> {
        let slot = spec.position(name).and_then(|i| self.values.get_mut(i))?;
        match slot.take() {
            Some(Cell::Text(s)) => Some(s),
            other => {
                *slot = other;
                None
            }
        }
    }
    /// A whole-number field.
    pub fn int(&self, spec: &LayerSpec, name: &str) -> Option<i64> {
        match self.cell(spec, name) {
            Some(Cell::Int(i)) => Some(*i),
            _ => None,
        }
    }
    /// A real field.
    pub fn real(&self, spec: &LayerSpec, name: &str) -> Option<f64> {
        match self.cell(spec, name) {
            Some(Cell::Real(r)) => Some(*r),
            _ => None,
        }
    }
    /// A date field.
    pub fn date(&self, spec: &LayerSpec, name: &str) -> Option<chrono::NaiveDate> {
        match self.cell(spec, name) {
            Some(Cell::Date(d)) => Some(*d),
            _ => None,
        }
    }
}

/// A layer as read, with what was found wrong (each finding with the row it belongs to, for
/// ordering; `usize::MAX` for the layer as a whole).
#[derive(Debug, Default)]
pub struct ReadLayer {
    pub rows: Vec<Row>,
    pub findings: Vec<(usize, Finding)>,
    /// Row number of each record that made it into the dataset (filled by `mapping`).
    pub kept: Vec<usize>,
}

/// Rows per batch (262 144): read, reprojected, checked and turned into records before the next batch
/// is read, so the intermediate rows never hold a whole national-scale layer.
/// `ZONESCOPE_BATCH_ROWS` overrides it (tests use tiny batches to cover batch boundaries).
fn batch_rows() -> usize {
    static N: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *N.get_or_init(|| {
        std::env::var("ZONESCOPE_BATCH_ROWS")
            .ok()
            .and_then(|v| v.parse().ok())
            .filter(|n| *n > 0)
            .unwrap_or(262_144)
    })
}

/// Reads one layer and builds its records with `map` (batch by batch). `Err` holds the
/// findings that make the source unusable (missing layer or key field, no CRS, unreadable
/// data). The returned [`ReadLayer`] has no rows left, only findings and `kept`.
pub fn read_layer<T>(
    src: &str,
    spec: &'static LayerSpec,
    mapping: &LayerMapping,
    map: fn(&mut ReadLayer) -> Vec<T>,
    id: fn(&T) -> &str,
) -> Result<(ReadLayer, Vec<T>), Vec<Finding>> {
    let t0 = crate::timing::mark();
    let capture = Capture::start();
    let wanted = mapping.layer_name(spec.name);
    let (ds, layer_name) = open::open_layer(src, wanted, &capture)
        .map_err(|m| vec![Finding::error(spec.name, None, None, m)])?;
    let layer = match ds.layer_by_name(&layer_name) {
        Ok(l) => l,
        Err(_) => {
            let _ = capture.take();
            let have: Vec<String> = ds.layers().map(|l| l.name()).collect();
            let shown = if have.is_empty() {
                "none".to_string()
            } else {
                have.join(", ")
            };
            let hint = if wanted == spec.name {
                format!(
                    " (set `name` under [layers.{}] in the config if it has another name)",
                    spec.name
                )
            } else {
                String::new()
            };
            return Err(vec![Finding::error(
                spec.name,
                None,
                None,
                format!(
                    "layer `{wanted}` is missing from {} (layers there: {shown}){hint}",
                    open::display_source(src)
                ),
            )]);
        }
    };

    let mut unusable = Vec::new();
    let (fields, field_errors) = schema::resolve(spec, mapping, layer.defn());
    for (field, msg) in field_errors {
        unusable.push(Finding::error(spec.name, None, Some(&field), msg));
    }
    if layer.defn().geom_fields().count() == 0 {
        unusable.push(Finding::error(
            spec.name,
            None,
            None,
            "layer has no geometry column",
        ));
    }
    let to_crs84 = match crs::layer_crs(layer.spatial_ref(), mapping.crs.as_deref()) {
        Ok(t) => Some(t),
        Err(msg) => {
            unusable.push(Finding::error(spec.name, None, Some("crs"), msg));
            None
        }
    };
    let _ = capture.take();
    let Some(to_crs84) = to_crs84.filter(|_| unusable.is_empty()) else {
        return Err(unusable);
    };

    let field_types: Vec<Option<OGRFieldType::Type>> = {
        let all: Vec<OGRFieldType::Type> = layer.defn().fields().map(|f| f.field_type()).collect();
        fields
            .iter()
            .map(|f| f.as_ref().map(|sf| all[sf.index]))
            .collect()
    };
    // SAFETY: the layer handle is valid while `layer` (and `ds`) live.
    let c_layer = unsafe { layer.c_layer() };
    ignore_unused_fields(c_layer, &layer, &fields);

    let mut out = ReadLayer::default();
    if let (Some(configured), false) = (&mapping.crs, to_crs84.from_config) {
        out.findings.push((
            usize::MAX,
            Finding::warning(
                spec.name,
                None,
                Some("crs"),
                format!(
                    "the config's crs \"{configured}\" is not used: the layer has its own CRS ({})",
                    to_crs84.name
                ),
            ),
        ));
    }
    let mut wkb = Vec::new();
    let mut geoms: Vec<Option<Shaped>> = Vec::new();
    let mut batch = ReadLayer::default();
    let mut records: Vec<T> = Vec::new();
    let mut base = 0usize;
    let mut flush =
        |batch: &mut ReadLayer, geoms: &mut Vec<Option<Shaped>>, out: &mut ReadLayer| {
            finish_geometries(spec, &to_crs84, batch, std::mem::take(geoms));
            records.extend(map(batch));
            let shift = |i: usize| if i == usize::MAX { i } else { i + base };
            out.findings
                .extend(batch.findings.drain(..).map(|(i, f)| (shift(i), f)));
            out.kept.extend(batch.kept.drain(..).map(shift));
            base += batch.rows.len();
            batch.rows.clear();
        };
    // SAFETY: plain OGR C calls on handles owned by this thread; every feature is destroyed.
    unsafe {
        gdal_sys::OGR_L_ResetReading(c_layer);
        loop {
            let feature = gdal_sys::OGR_L_GetNextFeature(c_layer);
            let messages = capture.take();
            if feature.is_null() {
                if messages.iter().any(|m| m.failure) {
                    return Err(vec![Finding::error(
                        spec.name,
                        None,
                        None,
                        format!(
                            "reading stopped after {} feature(s): {} (is the file truncated or damaged?)",
                            base + batch.rows.len(),
                            super::gdal_errors::join(&messages, "GDAL error")
                        ),
                    )]);
                }
                break;
            }
            let row_no = batch.rows.len();
            let (row, geom) = read_feature(
                feature,
                spec,
                &fields,
                &field_types,
                &messages,
                &mut wkb,
                row_no,
                &mut batch.findings,
            );
            gdal_sys::OGR_F_Destroy(feature);
            batch.rows.push(row);
            geoms.push(geom);
            if batch.rows.len() >= batch_rows() {
                flush(&mut batch, &mut geoms, &mut out);
            }
        }
    }
    flush(&mut batch, &mut geoms, &mut out);
    drop(capture);
    let t = crate::timing::lap(
        t0,
        &format!("{}: {} features read, checked and mapped", spec.name, base),
    );
    report_duplicates(spec, &mut out, &mut records, id);
    crate::timing::lap(t, &format!("{}: duplicates", spec.name));
    Ok((out, records))
}

/// Tells OGR not to parse source fields the contract does not use (faster reading).
fn ignore_unused_fields(
    c_layer: gdal_sys::OGRLayerH,
    layer: &gdal::vector::Layer,
    fields: &[Option<SourceField>],
) {
    let used: Vec<usize> = fields.iter().flatten().map(|f| f.index).collect();
    let names: Vec<std::ffi::CString> = layer
        .defn()
        .fields()
        .enumerate()
        .filter(|(i, _)| !used.contains(i))
        .filter_map(|(_, f)| std::ffi::CString::new(f.name()).ok())
        .chain(std::ffi::CString::new("OGR_STYLE").ok())
        .collect();
    let mut ptrs: Vec<*const std::ffi::c_char> = names.iter().map(|n| n.as_ptr()).collect();
    ptrs.push(std::ptr::null());
    // SAFETY: a NULL-terminated list of valid C strings, copied by OGR. A driver that cannot
    // ignore fields returns an error we do not need.
    unsafe {
        gdal_sys::OGR_L_SetIgnoredFields(c_layer, ptrs.as_mut_ptr());
    }
}

/// Reads one raw value by the source field's type.
unsafe fn raw_value(
    feature: gdal_sys::OGRFeatureH,
    index: c_int,
    ty: OGRFieldType::Type,
) -> Result<Raw, String> {
    match ty {
        OGRFieldType::OFTInteger | OGRFieldType::OFTInteger64 => Ok(Raw::Int(
            gdal_sys::OGR_F_GetFieldAsInteger64(feature, index),
        )),
        OGRFieldType::OFTReal => Ok(Raw::Real(gdal_sys::OGR_F_GetFieldAsDouble(feature, index))),
        OGRFieldType::OFTDate | OGRFieldType::OFTDateTime => {
            let (mut y, mut m, mut d, mut h, mut mi, mut tz) = (0, 0, 0, 0, 0, 0);
            let mut s = 0f32;
            let ok = gdal_sys::OGR_F_GetFieldAsDateTimeEx(
                feature, index, &mut y, &mut m, &mut d, &mut h, &mut mi, &mut s, &mut tz,
            );
            if ok == 0 {
                Err("cannot read the date".to_string())
            } else {
                Ok(Raw::Date(y, m.max(0) as u32, d.max(0) as u32))
            }
        }
        _ => {
            let p = gdal_sys::OGR_F_GetFieldAsString(feature, index);
            if p.is_null() {
                return Ok(Raw::Text(String::new()));
            }
            match CStr::from_ptr(p).to_str() {
                Ok(s) => Ok(Raw::Text(s.to_string())),
                Err(_) => Err(
                    "text is not valid UTF-8 (for a Shapefile, add a .cpg file naming its encoding, e.g. GBK)"
                        .to_string(),
                ),
            }
        }
    }
}

/// The contract field a GDAL message is about ("... in column X: ..." / "field X").
fn field_in_message(
    spec: &LayerSpec,
    fields: &[Option<SourceField>],
    text: &str,
) -> Option<&'static str> {
    for marker in ["in column ", "column ", "field "] {
        if let Some(at) = text.find(marker) {
            let rest = &text[at + marker.len()..];
            let name: String = rest
                .trim_start_matches(['\'', '"', '`'])
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if let Some(f) = schema::contract_name(spec, fields, &name) {
                return Some(f);
            }
        }
    }
    None
}

#[allow(clippy::too_many_arguments)]
unsafe fn read_feature(
    feature: gdal_sys::OGRFeatureH,
    spec: &LayerSpec,
    fields: &[Option<SourceField>],
    field_types: &[Option<OGRFieldType::Type>],
    messages: &[GdalMessage],
    wkb: &mut Vec<u8>,
    row_no: usize,
    findings: &mut Vec<(usize, Finding)>,
) -> (Row, Option<Shaped>) {
    let fid = gdal_sys::OGR_F_GetFID(feature);
    let mut values = Vec::with_capacity(spec.fields.len());
    let mut errors: Vec<(Option<&'static str>, String)> = Vec::new();
    for ((fs, sf), ty) in spec.fields.iter().zip(fields).zip(field_types) {
        let (Some(sf), Some(ty)) = (sf, ty) else {
            values.push(None);
            continue;
        };
        let index = sf.index as c_int;
        if gdal_sys::OGR_F_IsFieldSetAndNotNull(feature, index) == 0 {
            values.push(None);
            continue;
        }
        let cell = raw_value(feature, index, *ty).and_then(|raw| fields::coerce(raw, fs.kind));
        match cell {
            Ok(v) => values.push(v),
            Err(msg) => {
                let msg = if fs.kind == Kind::Text {
                    msg
                } else {
                    format!("{msg} (field holds {})", fs.kind.describe())
                };
                errors.push((Some(fs.name), msg));
                values.push(None);
            }
        }
    }
    let label = match values.first() {
        Some(Some(Cell::Text(id))) => id.clone(),
        _ => format!("fid {fid}"),
    };
    let mut rejected = false;
    if !matches!(values.first(), Some(Some(Cell::Text(_))))
        && !errors.iter().any(|(f, _)| *f == Some(spec.key()))
    {
        errors.push((Some(spec.key()), "required identifier is empty".to_string()));
        rejected = true;
    }
    for m in messages {
        errors.push((
            field_in_message(spec, fields, &m.text),
            format!("GDAL: {}", m.text),
        ));
    }

    // Geometry: export as ISO WKB and parse it here.
    let mut parsed = None;
    let g = gdal_sys::OGR_F_GetGeometryRef(feature);
    if g.is_null() {
        errors.push((None, "feature has no geometry".to_string()));
        rejected = true;
    } else {
        let mut linear = std::ptr::null_mut();
        let g = if gdal_sys::OGR_G_HasCurveGeometry(g, 0) != 0 {
            linear = gdal_sys::OGR_G_GetLinearGeometry(g, 0.0, std::ptr::null_mut());
            if linear.is_null() {
                g
            } else {
                linear
            }
        } else {
            g
        };
        let size = gdal_sys::OGR_G_WkbSize(g).max(0) as usize;
        wkb.clear();
        wkb.resize(size, 0);
        let err =
            gdal_sys::OGR_G_ExportToIsoWkb(g, gdal_sys::OGRwkbByteOrder::wkbNDR, wkb.as_mut_ptr());
        if !linear.is_null() {
            gdal_sys::OGR_G_DestroyGeometry(linear);
        }
        if err != gdal_sys::OGRErr::OGRERR_NONE {
            errors.push((None, "geometry cannot be read".to_string()));
            rejected = true;
        } else {
            match geometry::parse_wkb(wkb) {
                Ok(p) => {
                    if !p.problems.is_empty() {
                        for problem in &p.problems {
                            errors.push((None, format!("invalid geometry: {problem}")));
                        }
                        rejected = true;
                    }
                    match validate::shape(p.geometry, spec.shape) {
                        Ok(s) if !rejected => parsed = Some(s),
                        Ok(_) => {}
                        Err(msg) => {
                            errors.push((None, msg));
                            rejected = true;
                        }
                    }
                }
                Err(msg) => {
                    errors.push((None, msg));
                    rejected = true;
                }
            }
        }
    }
    for (field, msg) in errors {
        findings.push((row_no, Finding::error(spec.name, Some(&label), field, msg)));
    }
    (
        Row {
            label,
            values,
            geometry: None,
            area_m2: 0.0,
            rejected,
        },
        parsed,
    )
}

/// A geometry after reprojection: usable shape, area (m²), problems.
type Finished = (Option<Shaped>, f64, Vec<String>);

/// Reprojects, checks and measures every parsed geometry, in parallel batches.
fn finish_geometries(
    spec: &LayerSpec,
    to_crs84: &ToCrs84,
    out: &mut ReadLayer,
    geoms: Vec<Option<Shaped>>,
) {
    // Pieces for the rayon pool; each worker thread reuses its own PROJ transform.
    let batch = (out.rows.len() / (2 * rayon::current_num_threads().max(1))).max(4096);
    let polygonal = spec.shape != schema::Shape::Lineal;
    let results: Vec<Result<Vec<Finished>, String>> = geoms
        .into_par_iter()
        .chunks(batch)
        .map(|batch| {
            let mut shapes: Vec<Option<Shaped>> = batch;
            let total: usize = shapes.iter().flatten().map(Shaped::coord_count).sum();
            let mut coords = Vec::with_capacity(total);
            for s in shapes.iter_mut().flatten() {
                s.for_each_coord_mut(|c| coords.push(*c));
            }
            to_crs84.with_transformer(|t| t.apply(&mut coords))?;
            let mut it = coords.into_iter();
            for s in shapes.iter_mut().flatten() {
                s.for_each_coord_mut(|c| {
                    if let Some(n) = it.next() {
                        *c = n;
                    }
                });
            }
            Ok(shapes
                .into_iter()
                .map(|s| match s {
                    None => (None, 0.0, Vec::new()),
                    Some(s) => {
                        let problems = validate::check(&s);
                        if !problems.is_empty() {
                            return (None, 0.0, problems);
                        }
                        let s = s.oriented();
                        let area = match (&s, polygonal) {
                            (Shaped::Polygons(mp), true) => crate::geodesy::authalic::area_m2(mp),
                            _ => 0.0,
                        };
                        (Some(s), area, Vec::new())
                    }
                })
                .collect())
        })
        .collect();
    let mut i = 0;
    for result in results {
        match result {
            Ok(items) => {
                for (shape, area, problems) in items {
                    let row = &mut out.rows[i];
                    if !problems.is_empty() {
                        row.rejected = true;
                        for p in problems {
                            out.findings
                                .push((i, Finding::error(spec.name, Some(&row.label), None, p)));
                        }
                    }
                    row.geometry = shape;
                    row.area_m2 = area;
                    i += 1;
                }
            }
            Err(msg) => {
                let n = batch.min(out.rows.len() - i);
                out.findings.push((
                    usize::MAX,
                    Finding::error(
                        spec.name,
                        None,
                        None,
                        format!("cannot reproject to CRS84: {msg}"),
                    ),
                ));
                for row in &mut out.rows[i..i + n] {
                    row.rejected = true;
                }
                i += n;
            }
        }
    }
}

/// One error per record whose key repeats an earlier one; the later records are dropped
/// from the dataset (`kept` is kept in step).
fn report_duplicates<T>(
    spec: &LayerSpec,
    out: &mut ReadLayer,
    records: &mut Vec<T>,
    id: fn(&T) -> &str,
) {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(records.len());
    let mut drop = vec![false; records.len()];
    for (i, r) in records.iter().enumerate() {
        if first.insert(id(r), i).is_some() {
            drop[i] = true;
        }
    }
    if !drop.iter().any(|d| *d) {
        return;
    }
    let mut first_row: HashMap<&str, usize> = HashMap::new();
    for (i, r) in records.iter().enumerate() {
        first_row
            .entry(id(r))
            .or_insert(out.kept.get(i).copied().unwrap_or(i));
    }
    let mut found = Vec::new();
    for (i, r) in records.iter().enumerate().filter(|(i, _)| drop[*i]) {
        let label = id(r);
        let row = out.kept.get(i).copied().unwrap_or(usize::MAX);
        let msg = format!(
            "duplicate {} \"{label}\" (also used by feature {} of the layer)",
            spec.key(),
            first_row.get(label).map_or(0, |j| j + 1)
        );
        found.push((
            row,
            Finding::error(spec.name, Some(label), Some(spec.key()), msg),
        ));
    }
    out.findings.extend(found);
    let mut i = 0;
    records.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
    let mut i = 0;
    out.kept.retain(|_| {
        i += 1;
        !drop[i - 1]
    });
}
