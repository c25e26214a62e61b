//! `audit.gpkg`: every layer written through GDAL's GPKG driver (one transaction per layer),
//! with field types kept (dates as DATE, booleans as BOOLEAN, lists as comma-separated text),
//! Chinese/English field aliases (OGR alternative names, which GDAL stores in
//! `gpkg_data_columns`, and QML `<aliases>`) and a QGIS `layer_styles` table holding each
//! layer's shipped style as its default.

use super::styles;
use super::wkb;
use crate::layer::{Field, FieldKind, GeometryType, Layer, Value};
use anyhow::{anyhow, bail, Context, Result};
use chrono::Datelike;
use gdal::spatial_ref::{AxisMappingStrategy, SpatialRef};
use gdal::vector::{LayerAccess, LayerOptions};
use gdal::{Dataset, DriverManager};
use gdal_sys::{OGRErr, OGRFieldSubType, OGRFieldType, OGRwkbGeometryType};
use std::ffi::CString;
use std::path::Path;

/// EPSG code of the GeoPackage's layers: CGCS2000 geographic (coordinates stored lon, lat).
pub const EPSG: u32 = 4490;
/// Name of the geometry column of every layer.
pub const GEOMETRY_COLUMN: &str = "geom";

/// Writes `layers` to a new GeoPackage at `path` (replacing any file there) with styles.
/// `on_layer` is called after each layer is written.
pub fn write(path: &Path, layers: &[Layer], mut on_layer: impl FnMut(&Layer)) -> Result<()> {
    let mut w = Writer::create(path)?;
    for layer in layers {
        w.write_layer(layer)?;
        on_layer(layer);
    }
    w.finish(layers.iter())
}

/// A GeoPackage being written: layers one by one (each in its own transaction), then the
/// styles and field titles of all of them. Lets the audit write the input layers while the
/// analyses run.
pub struct Writer {
    ds: Dataset,
    srs: SpatialRef,
    path: std::path::PathBuf,
}

impl Writer {
    /// Creates the file (replacing any file there).
    pub fn create(path: &Path) -> Result<Writer> {
        if path.exists() {
            std::fs::remove_file(path)
                .with_context(|| format!("cannot replace {}", path.display()))?;
        }
        // A fresh file written once: no fsync per commit, no rollback journal, a larger cache.
        for (key, value) in [
            ("OGR_SQLITE_SYNCHRONOUS", "OFF"),
            ("OGR_SQLITE_JOURNAL", "OFF"),
            ("OGR_SQLITE_CACHE", "256"),
        ] {
            if gdal::config::get_config_option(key, "")
                .unwrap_or_default()
                .is_empty()
            {
                gdal::config::set_config_option(key, value)?;
            }
        }
        let driver =
            DriverManager::get_driver_by_name("GPKG").context("GDAL has no GPKG driver")?;
        let ds = driver
            .create_vector_only(path)
            .with_context(|| format!("cannot create GeoPackage {}", path.display()))?;
        let mut srs = SpatialRef::from_epsg(EPSG).context("GDAL does not know EPSG:4490")?;
        srs.set_axis_mapping_strategy(AxisMappingStrategy::TraditionalGisOrder);
        Ok(Writer {
            ds,
            srs,
            path: path.to_path_buf(),
        })
    }

    /// Writes one layer in one transaction.
    pub fn write_layer(&mut self, layer: &Layer) -> Result<()> {
        write_layer(&mut self.ds, layer, &self.srs).with_context(|| {
            format!(
                "cannot write layer `{}` to {}",
                layer.id,
                self.path.display()
            )
        })
    }

    /// Writes the `zonescope_audit` table (see [`write_audit_record`]).
    pub fn record(&mut self, record: &AuditRecord) -> Result<()> {
        write_audit_record(&mut self.ds, record)
            .with_context(|| format!("cannot write zonescope_audit to {}", self.path.display()))
    }

    /// Writes `layer_styles` and `gpkg_data_columns` for `layers` and closes the file.
    pub fn finish<'a>(mut self, layers: impl Iterator<Item = &'a Layer>) -> Result<()> {
        let layers: Vec<&Layer> = layers.collect();
        write_styles(&mut self.ds, &layers)
            .with_context(|| format!("cannot write layer_styles to {}", self.path.display()))?;
        write_data_columns(&self.ds, &layers).with_context(|| {
            format!("cannot write gpkg_data_columns to {}", self.path.display())
        })?;
        self.ds.close().context("cannot close the GeoPackage")?;
        Ok(())
    }
}

/// The OGR geometry type of a layer's geometry column.
fn ogr_geometry_type(t: GeometryType) -> OGRwkbGeometryType::Type {
    match t {
        GeometryType::Point => OGRwkbGeometryType::wkbPoint,
        GeometryType::LineString => OGRwkbGeometryType::wkbLineString,
        GeometryType::Polygon => OGRwkbGeometryType::wkbPolygon,
        GeometryType::MultiLineString => OGRwkbGeometryType::wkbMultiLineString,
        GeometryType::MultiPolygon => OGRwkbGeometryType::wkbMultiPolygon,
        GeometryType::Geometry => OGRwkbGeometryType::wkbUnknown,
        GeometryType::None => OGRwkbGeometryType::wkbNone,
    }
}

/// The alias shown by QGIS: Chinese title and the property name.
pub fn alias(field: &Field) -> String {
    match field.unit {
        Some(u) if !field.title_zh.contains('(') && !field.title_zh.contains('（') => {
            format!("{}({u}) {}", field.title_zh, field.name)
        }
        _ => format!("{} {}", field.title_zh, field.name),
    }
}

/// Adds one field through the C API (the crate's `FieldDefn` has no subtype nor alias).
fn add_field(
    layer: &gdal::vector::Layer,
    name: &str,
    ty: OGRFieldType::Type,
    sub: OGRFieldSubType::Type,
    width: i32,
    alias: Option<&str>,
) -> Result<()> {
    let c_name = CString::new(name)?;
    let c_alias = alias.map(CString::new).transpose()?;
    // SAFETY: the definition is created, used and destroyed here; OGR_L_CreateField copies
    // it; the layer handle is alive for the borrow of `layer`.
    let rv = unsafe {
        let defn = gdal_sys::OGR_Fld_Create(c_name.as_ptr(), ty);
        if defn.is_null() {
            bail!("OGR_Fld_Create failed for field `{name}`");
        }
        gdal_sys::OGR_Fld_SetSubType(defn, sub);
        if width > 0 {
            gdal_sys::OGR_Fld_SetWidth(defn, width);
        }
        if let Some(a) = &c_alias {
            gdal_sys::OGR_Fld_SetAlternativeName(defn, a.as_ptr());
        }
        let rv = gdal_sys::OGR_L_CreateField(layer.c_layer(), defn, 1);
        gdal_sys::OGR_Fld_Destroy(defn);
        rv
    };
    if rv != OGRErr::OGRERR_NONE {
        bail!("cannot create field `{name}` (OGR error {rv})");
    }
    Ok(())
}

/// Adds a schema field with its OGR type (booleans as Integer/Boolean, lists as text).
fn create_field(layer: &gdal::vector::Layer, field: &Field) -> Result<()> {
    let (ty, sub) = match field.kind {
        FieldKind::Text | FieldKind::TextList => {
            (OGRFieldType::OFTString, OGRFieldSubType::OFSTNone)
        }
        FieldKind::Integer => (OGRFieldType::OFTInteger64, OGRFieldSubType::OFSTNone),
        FieldKind::Real => (OGRFieldType::OFTReal, OGRFieldSubType::OFSTNone),
        FieldKind::Bool => (OGRFieldType::OFTInteger, OGRFieldSubType::OFSTBoolean),
        FieldKind::Date => (OGRFieldType::OFTDate, OGRFieldSubType::OFSTNone),
    };
    add_field(layer, field.name, ty, sub, 0, Some(&alias(field)))
}

fn write_layer(ds: &mut Dataset, layer: &Layer, srs: &SpatialRef) -> Result<()> {
    let identifier = format!("IDENTIFIER={} {}", layer.title_zh, layer.title);
    let description = format!("DESCRIPTION={}", layer.description);
    let mut options = vec!["FID=fid", identifier.as_str(), description.as_str()];
    let has_geometry = layer.geometry_type != GeometryType::None;
    if has_geometry {
        options.extend(["GEOMETRY_NAME=geom", "SPATIAL_INDEX=YES"]);
    }
    let promote = matches!(
        layer.geometry_type,
        GeometryType::MultiPolygon | GeometryType::MultiLineString
    );
    let mut txn = ds.start_transaction()?;
    {
        let lyr = txn.create_layer(LayerOptions {
            name: &layer.id,
            srs: has_geometry.then_some(srs),
            ty: ogr_geometry_type(layer.geometry_type),
            options: Some(&options),
        })?;
        for field in &layer.schema {
            create_field(&lyr, field)?;
        }
        // SAFETY: the handle is only used while `lyr` is alive.
        let c_layer = unsafe { lyr.c_layer() };
        // SAFETY: the defn belongs to the layer, which outlives this block.
        let defn = unsafe { gdal_sys::OGR_L_GetLayerDefn(c_layer) };
        // One OGR feature, refilled for every record (every field and the geometry are set
        // each time; the FID is reset so that GDAL assigns the next one).
        // SAFETY: created from the layer's definition, destroyed below.
        let feature = unsafe { gdal_sys::OGR_F_Create(defn) };
        if feature.is_null() {
            bail!("OGR_F_Create failed");
        }
        let mut text = Vec::with_capacity(256);
        let mut wkb_buf = Vec::with_capacity(4096);
        let mut result = Ok(());
        for f in &layer.features {
            // SAFETY: `feature` is alive; field indexes follow the schema (= field order).
            result = unsafe {
                gdal_sys::OGR_F_SetFID(feature, -1);
                fill_feature(
                    feature,
                    layer,
                    f,
                    has_geometry,
                    promote,
                    &mut text,
                    &mut wkb_buf,
                )
                .and_then(|()| {
                    let rv = gdal_sys::OGR_L_CreateFeature(c_layer, feature);
                    if rv == OGRErr::OGRERR_NONE {
                        Ok(())
                    } else {
                        Err(anyhow!("cannot write feature `{}` (OGR error {rv})", f.id))
                    }
                })
            };
            if result.is_err() {
                break;
            }
        }
        // SAFETY: created above, not used afterwards.
        unsafe { gdal_sys::OGR_F_Destroy(feature) };
        result?;
    }
    txn.commit()?;
    Ok(())
}

/// Sets a feature's fields and geometry.
///
/// # Safety
/// `feature` must be a live OGR feature of a definition with the layer's schema.
unsafe fn fill_feature(
    feature: gdal_sys::OGRFeatureH,
    layer: &Layer,
    f: &crate::layer::Feature,
    has_geometry: bool,
    promote: bool,
    text: &mut Vec<u8>,
    buf: &mut Vec<u8>,
) -> Result<()> {
    for (i, (field, v)) in layer.schema.iter().zip(&f.properties).enumerate() {
        let i = i as i32;
        match v {
            Value::Null => gdal_sys::OGR_F_SetFieldNull(feature, i),
            Value::Text(s) => set_text(feature, i, s, text),
            Value::List(l) => set_text(feature, i, &l.join(","), text),
            Value::Integer(n) => gdal_sys::OGR_F_SetFieldInteger64(feature, i, *n),
            Value::Real(x) if x.is_finite() => match field.kind {
                FieldKind::Integer => {
                    gdal_sys::OGR_F_SetFieldInteger64(feature, i, x.round() as i64)
                }
                _ => gdal_sys::OGR_F_SetFieldDouble(feature, i, *x),
            },
            Value::Real(_) => gdal_sys::OGR_F_SetFieldNull(feature, i),
            Value::Bool(b) => gdal_sys::OGR_F_SetFieldInteger(feature, i, *b as i32),
            Value::Date(d) => gdal_sys::OGR_F_SetFieldDateTime(
                feature,
                i,
                d.year(),
                d.month() as i32,
                d.day() as i32,
                0,
                0,
                0,
                0,
            ),
        }
    }
    if let (true, Some(g)) = (has_geometry, &f.geometry) {
        wkb::encode_into(buf, g, promote);
        let bytes = &*buf;
        let mut geom: gdal_sys::OGRGeometryH = std::ptr::null_mut();
        let rv = gdal_sys::OGR_G_CreateFromWkb(
            bytes.as_ptr() as *const _,
            std::ptr::null_mut(),
            &mut geom,
            bytes.len() as i32,
        );
        if rv != OGRErr::OGRERR_NONE || geom.is_null() {
            bail!(
                "feature `{}` has a geometry GDAL cannot read (OGR error {rv})",
                f.id
            );
        }
        gdal_sys::OGR_F_SetGeometryDirectly(feature, geom);
    } else if has_geometry {
        gdal_sys::OGR_F_SetGeometryDirectly(feature, std::ptr::null_mut());
    }
    Ok(())
}

/// Sets a text field from a reused buffer (NUL bytes dropped, one terminating NUL added).
///
/// # Safety
/// `feature` must be a live OGR feature with a field `i`.
unsafe fn set_text(feature: gdal_sys::OGRFeatureH, i: i32, s: &str, buf: &mut Vec<u8>) {
    buf.clear();
    buf.extend(s.bytes().filter(|b| *b != 0));
    buf.push(0);
    gdal_sys::OGR_F_SetFieldString(feature, i, buf.as_ptr() as *const std::ffi::c_char);
}

/// A layer's QML with `<aliases>` for its fields (QGIS shows them in forms and tables).
pub fn qml_with_aliases(qml: &str, layer: &Layer) -> String {
    let mut aliases = String::from("  <aliases>\n");
    for (i, field) in layer.schema.iter().enumerate() {
        aliases.push_str(&format!(
            "    <alias field=\"{}\" index=\"{}\" name=\"{}\"/>\n",
            xml_escape(field.name),
            i + 1,
            xml_escape(&alias(field))
        ));
    }
    aliases.push_str("  </aliases>\n");
    match qml.rfind("</qgis>") {
        Some(end) => format!("{}{}{}", &qml[..end], aliases, &qml[end..]),
        None => qml.to_string(),
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The `layer_styles` table as QGIS creates it in a GeoPackage, one default style per layer.
fn write_styles(ds: &mut Dataset, layers: &[&Layer]) -> Result<()> {
    let mut txn = ds.start_transaction()?;
    {
        let lyr = txn.create_layer(LayerOptions {
            name: "layer_styles",
            srs: None,
            ty: OGRwkbGeometryType::wkbNone,
            options: Some(&[
                "FID=id",
                "IDENTIFIER=layer_styles",
                "DESCRIPTION=QGIS layer styles",
            ]),
        })?;
        let fields: [(&str, OGRFieldType::Type, i32, bool); 12] = [
            ("f_table_catalog", OGRFieldType::OFTString, 256, false),
            ("f_table_schema", OGRFieldType::OFTString, 256, false),
            ("f_table_name", OGRFieldType::OFTString, 256, false),
            ("f_geometry_column", OGRFieldType::OFTString, 256, false),
            ("styleName", OGRFieldType::OFTString, 30, false),
            ("styleQML", OGRFieldType::OFTString, 0, false),
            ("styleSLD", OGRFieldType::OFTString, 0, false),
            ("useAsDefault", OGRFieldType::OFTInteger, 0, true),
            ("description", OGRFieldType::OFTString, 0, false),
            ("owner", OGRFieldType::OFTString, 30, false),
            ("ui", OGRFieldType::OFTString, 30, false),
            ("update_time", OGRFieldType::OFTDateTime, 0, false),
        ];
        for (name, ty, width, boolean) in fields {
            let sub = if boolean {
                OGRFieldSubType::OFSTBoolean
            } else {
                OGRFieldSubType::OFSTNone
            };
            add_field(&lyr, name, ty, sub, width, None)?;
        }
        let now = chrono::Utc::now().fixed_offset();
        let defn = gdal::vector::Defn::from_layer(&lyr);
        for layer in layers {
            let Some(style) = styles::style(&layer.id) else {
                continue;
            };
            let geometry_column = if layer.geometry_type == GeometryType::None {
                ""
            } else {
                GEOMETRY_COLUMN
            };
            let mut f = gdal::vector::Feature::new(&defn)?;
            f.set_field_string(0, "")?;
            f.set_field_string(1, "")?;
            f.set_field_string(2, &layer.id)?;
            f.set_field_string(3, geometry_column)?;
            f.set_field_string(4, &layer.id)?;
            f.set_field_string(5, &qml_with_aliases(style.qml, layer))?;
            f.set_field_string(6, style.sld)?;
            f.set_field_integer(7, 1)?;
            f.set_field_string(
                8,
                &format!("zonescope style: {} / {}", layer.title_zh, layer.title),
            )?;
            f.set_field_string(9, "zonescope")?;
            f.set_field_null(10)?;
            f.set_field_datetime(11, now)?;
            f.create(&lyr)?;
        }
    }
    txn.commit()?;
    Ok(())
}

/// SQL text literal.
fn sql_text(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Field titles in the GeoPackage schema extension (`gpkg_data_columns`): `name` is the
/// Chinese/English alias, `title` the Chinese title, `description` the English sentence with
/// its unit. (GDAL 3.6 does not write OGR alternative names there itself.)
fn write_data_columns(ds: &Dataset, layers: &[&Layer]) -> Result<()> {
    use gdal::vector::sql::Dialect;
    let mut sql: Vec<String> = vec!["BEGIN".into()];
    sql.extend(
        "CREATE TABLE IF NOT EXISTS gpkg_data_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, \
         name TEXT, title TEXT, description TEXT, mime_type TEXT, constraint_name TEXT, \
         CONSTRAINT pk_gdc PRIMARY KEY (table_name, column_name), \
         CONSTRAINT fk_gdc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name)); \
         CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, \
         definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name)); \
         CREATE TABLE IF NOT EXISTS gpkg_data_column_constraints (constraint_name TEXT NOT NULL, \
         constraint_type TEXT NOT NULL, value TEXT, min NUMERIC, min_is_inclusive BOOLEAN, max NUMERIC, \
         max_is_inclusive BOOLEAN, description TEXT, \
         CONSTRAINT gdcc_ntv UNIQUE (constraint_name, constraint_type, value)); \
         INSERT INTO gpkg_extensions VALUES ('gpkg_data_columns', NULL, 'gpkg_schema', \
         'http://www.geopackage.org/spec121/#extension_schema', 'read-write'); \
         INSERT INTO gpkg_extensions VALUES ('gpkg_data_column_constraints', NULL, 'gpkg_schema', \
         'http://www.geopackage.org/spec121/#extension_schema', 'read-write')"
            .split("; ")
            .map(str::to_string),
    );
    for layer in layers {
        for field in &layer.schema {
            let description = match field.unit {
                Some(u) => format!("{} Unit: {u}.", field.description),
                None => field.description.to_string(),
            };
            sql.push(format!(
                "INSERT OR REPLACE INTO gpkg_data_columns (table_name, column_name, name, title, description) VALUES ({}, {}, {}, {}, {})",
                sql_text(&layer.id),
                sql_text(field.name),
                sql_text(&alias(field)),
                sql_text(field.title_zh),
                sql_text(&description)
            ));
        }
    }
    sql.push("COMMIT".into());
    for statement in &sql {
        ds.execute_sql(statement, None, Dialect::DEFAULT)?;
    }
    Ok(())
}

/// What an audit records about itself in its `zonescope_audit` table (§8).
#[derive(Debug, Clone, PartialEq)]
pub struct AuditRecord {
    pub as_of: chrono::NaiveDate,
    /// The data source (without password).
    pub source: String,
    /// When the audit was written (UTC).
    pub created: chrono::DateTime<chrono::Utc>,
    /// zonescope's version.
    pub version: String,
}

impl AuditRecord {
    /// This run's record: created now, this build's version.
    pub fn now(as_of: chrono::NaiveDate, source: &str) -> AuditRecord {
        AuditRecord {
            as_of,
            source: source.to_string(),
            created: chrono::Utc::now(),
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

/// The `zonescope_audit` attribute table (registered in `gpkg_contents`): one row with
/// `as_of` (DATE), `source` (TEXT), `created` (DATETIME, ISO 8601 UTC) and `version` (TEXT).
pub fn write_audit_record(ds: &mut Dataset, record: &AuditRecord) -> Result<()> {
    use gdal::vector::{Feature, FieldDefn};
    use OGRFieldType::*;
    let description = "DESCRIPTION=What this audit is: its as-of date, data source, creation time and zonescope version.";
    let options = ["IDENTIFIER=审计记录 zonescope audit record", description];
    let lyr = ds.create_layer(LayerOptions {
        name: super::previous::AUDIT_TABLE,
        srs: None,
        ty: OGRwkbGeometryType::wkbNone,
        options: Some(&options),
    })?;
    for (name, ty) in [
        ("as_of", OFTDate),
        ("source", OFTString),
        ("created", OFTDateTime),
        ("version", OFTString),
    ] {
        FieldDefn::new(name, ty)?.add_to_layer(&lyr)?;
    }
    let utc = chrono::FixedOffset::east_opt(0).expect("zero offset");
    let as_of = record
        .as_of
        .and_hms_opt(0, 0, 0)
        .expect("midnight")
        .and_local_timezone(utc)
        .single()
        .ok_or_else(|| anyhow!("bad as-of date"))?;
    let mut f = Feature::new(lyr.defn())?;
    f.set_field_datetime(0, as_of)?;
    f.set_field_string(1, &record.source)?;
    f.set_field_datetime(2, record.created.with_timezone(&utc))?;
    f.set_field_string(3, &record.version)?;
    f.create(&lyr)?;
    Ok(())
}
