//! `audit.gpkg`, written through SQLite directly (GeoPackage 1.2): one table per view with
//! its field types kept (dates as DATE, booleans as BOOLEAN, lists as comma-separated text),
//! geometry blobs encoded straight from the views, each table's R-tree spatial index packed
//! in one pass ([`super::rtree`]), Chinese/English field titles in `gpkg_data_columns` and
//! QML `<aliases>`, and a QGIS `layer_styles` table holding each layer's shipped style as its
//! default. The file passes GDAL's `validate_gpkg.py` (see the audit tests).

use super::rtree;
use super::styles;
use super::wkb;
use crate::layer::{Field, FieldKind, GeometryType};
use crate::view::{GeomRef, ValueRef, View};
use anyhow::{Context, Result};
use chrono::Datelike;
use rusqlite::{params, Connection};
use std::path::Path;

/// EPSG code of the GeoPackage's layers: CGCS2000 geographic (coordinates stored lon, lat).
pub const EPSG: u32 = 4490;
/// Name of the geometry column of every layer.
pub const GEOMETRY_COLUMN: &str = "geom";

/// Writes `views` to a new GeoPackage at `path` (replacing any file there) with styles.
/// `on_layer` is called after each layer is written.
pub fn write(path: &Path, views: &[&dyn View], mut on_layer: impl FnMut(&dyn View)) -> Result<()> {
    let mut w = Writer::create(path)?;
    for v in views {
        w.write_view(*v)?;
        on_layer(*v);
    }
    w.finish(views)
}

/// A GeoPackage being written: layers one by one (each in its own transaction), then the
/// styles and field titles of all of them.
pub struct Writer {
    conn: Connection,
    path: std::path::PathBuf,
}

/// A quoted SQL identifier.
fn ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// The CGCS2000 definition GDAL writes for EPSG:4490 (WKT 1).
fn cgcs2000_wkt() -> Result<String> {
    let srs =
        gdal::spatial_ref::SpatialRef::from_epsg(EPSG).context("GDAL does not know EPSG:4490")?;
    Ok(srs.to_wkt()?)
}

/// The core tables of GeoPackage 1.2 (as GDAL creates them).
const CORE: &str = "
CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT uk_gc_table_name UNIQUE (table_name), CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_tile_matrix_set (table_name TEXT NOT NULL PRIMARY KEY, srs_id INTEGER NOT NULL, min_x DOUBLE NOT NULL, min_y DOUBLE NOT NULL, max_x DOUBLE NOT NULL, max_y DOUBLE NOT NULL, CONSTRAINT fk_gtms_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gtms_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
CREATE TABLE gpkg_tile_matrix (table_name TEXT NOT NULL, zoom_level INTEGER NOT NULL, matrix_width INTEGER NOT NULL, matrix_height INTEGER NOT NULL, tile_width INTEGER NOT NULL, tile_height INTEGER NOT NULL, pixel_x_size DOUBLE NOT NULL, pixel_y_size DOUBLE NOT NULL, CONSTRAINT pk_ttm PRIMARY KEY (table_name, zoom_level), CONSTRAINT fk_tmm_table_name FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name));
CREATE TABLE gpkg_extensions (table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, 'GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]],PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AXIS[\"Latitude\",NORTH],AXIS[\"Longitude\",EAST],AUTHORITY[\"EPSG\",\"4326\"]]', 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
";

impl Writer {
    /// Creates the file (replacing any file there) with the GeoPackage core tables.
    pub fn create(path: &Path) -> Result<Writer> {
        if path.exists() {
            std::fs::remove_file(path)
                .with_context(|| format!("cannot replace {}", path.display()))?;
        }
        let conn = Connection::open(path)
            .with_context(|| format!("cannot create GeoPackage {}", path.display()))?;
        // A fresh file written once: no journal, no fsync per commit, a larger cache.
        conn.execute_batch(
            "PRAGMA application_id = 1196444487; PRAGMA user_version = 10200; \
             PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -262144;",
        )?;
        conn.execute_batch(&format!("BEGIN; {CORE} COMMIT;"))
            .with_context(|| {
                format!("cannot create the GeoPackage tables in {}", path.display())
            })?;
        conn.execute(
            "INSERT INTO gpkg_spatial_ref_sys VALUES ('China Geodetic Coordinate System 2000', ?1, 'EPSG', ?1, ?2, NULL)",
            params![EPSG, cgcs2000_wkt()?],
        )?;
        Ok(Writer {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The open database (for tables that other parts of the audit add).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Writes one view in one transaction: the table, its rows and its spatial index.
    pub fn write_view(&mut self, view: &dyn View) -> Result<()> {
        let tx = self.conn.transaction()?;
        write_table(&tx, view).with_context(|| {
            format!(
                "cannot write layer `{}` to {}",
                view.meta().id,
                self.path.display()
            )
        })?;
        tx.commit()?;
        Ok(())
    }

    /// Writes `layer_styles` and `gpkg_data_columns` for `views` and closes the file.
    /// Writes the `zonescope_audit` table (see [`write_audit_record`]).
    pub fn record(&mut self, record: &AuditRecord) -> Result<()> {
        write_audit_record(&self.conn, record)
            .with_context(|| format!("cannot write zonescope_audit to {}", self.path.display()))
    }

    pub fn finish(mut self, views: &[&dyn View]) -> Result<()> {
        let tx = self.conn.transaction()?;
        write_styles(&tx, views)
            .with_context(|| format!("cannot write layer_styles to {}", self.path.display()))?;
        write_data_columns(&tx, views).with_context(|| {
            format!("cannot write gpkg_data_columns to {}", self.path.display())
        })?;
        tx.commit()?;
        self.conn
            .close()
            .map_err(|(_, e)| e)
            .with_context(|| format!("cannot close {}", self.path.display()))?;
        Ok(())
    }
}

/// The GeoPackage geometry type name of a layer.
fn geometry_type_name(t: GeometryType) -> &'static str {
    match t {
        GeometryType::Point => "POINT",
        GeometryType::LineString => "LINESTRING",
        GeometryType::Polygon => "POLYGON",
        GeometryType::MultiLineString => "MULTILINESTRING",
        GeometryType::MultiPolygon => "MULTIPOLYGON",
        GeometryType::Geometry | GeometryType::None => "GEOMETRY",
    }
}

/// The SQL column type of a field.
fn column_type(kind: FieldKind) -> &'static str {
    match kind {
        FieldKind::Text | FieldKind::TextList => "TEXT",
        FieldKind::Integer => "INTEGER",
        FieldKind::Real => "REAL",
        FieldKind::Bool => "BOOLEAN",
        FieldKind::Date => "DATE",
    }
}

/// Fills `out` with a GeoPackage geometry blob (header, with the envelope for non-points,
/// then WKB); returns the envelope `[minx, maxx, miny, maxy]`, or `None` for an empty
/// geometry (stored as NULL).
fn gpkg_geometry(out: &mut Vec<u8>, g: GeomRef<'_>, promote: bool) -> Option<[f64; 4]> {
    out.clear();
    let rect = g.bounding_rect()?;
    let point = g.is_point();
    out.extend_from_slice(b"GP");
    out.push(0);
    // Little-endian; envelope [minx, maxx, miny, maxy] except for points.
    out.push(if point { 0b0000_0001 } else { 0b0000_0011 });
    out.extend_from_slice(&(EPSG as i32).to_le_bytes());
    let env = [rect.min().x, rect.max().x, rect.min().y, rect.max().y];
    if !point {
        for v in env {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    wkb::append_ref(out, g, promote);
    Some(env)
}

/// Rows per `INSERT` statement (its parameters stay far below SQLite's limit of 32 766 for
/// any layer's column count).
const ROWS_PER_INSERT: usize = 64;

fn write_table(conn: &Connection, view: &dyn View) -> Result<()> {
    let meta = view.meta();
    let table = ident(&meta.id);
    let fields = view.fields();
    let has_geometry = meta.geometry_type != GeometryType::None;
    let mut cols = vec!["\"fid\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL".to_string()];
    let mut names = vec!["\"fid\"".to_string()];
    if has_geometry {
        cols.push(format!(
            "{} {}",
            ident(GEOMETRY_COLUMN),
            geometry_type_name(meta.geometry_type)
        ));
        names.push(ident(GEOMETRY_COLUMN));
    }
    for f in fields {
        cols.push(format!("{} {}", ident(f.name), column_type(f.kind)));
        names.push(ident(f.name));
    }
    conn.execute_batch(&format!("CREATE TABLE {table} ({})", cols.join(", ")))?;
    let promote = matches!(
        meta.geometry_type,
        GeometryType::MultiPolygon | GeometryType::MultiLineString
    );
    // Rows go in `ROWS_PER_INSERT` at a time (one statement step per chunk, not per row);
    // the last, shorter chunk has a statement of its own.
    let insert = |rows: usize| {
        let one = format!("({})", vec!["?"; names.len()].join(", "));
        conn.prepare(&format!(
            "INSERT INTO {table} ({}) VALUES {}",
            names.join(", "),
            vec![one; rows].join(", ")
        ))
    };
    let total = view.len();
    let mut stmt = insert(ROWS_PER_INSERT.min(total).max(1))?;
    let mut blob = Vec::with_capacity(4096);
    let mut text = String::new();
    let mut entries = Vec::with_capacity(if has_geometry { total } else { 0 });
    let mut extent: Option<[f64; 4]> = None;
    for row in 0..total {
        let fid = row as i64 + 1;
        let in_chunk = row % ROWS_PER_INSERT;
        if in_chunk == 0 && total - row < ROWS_PER_INSERT && row > 0 {
            stmt = insert(total - row)?;
        }
        let mut p = in_chunk * names.len() + 1;
        stmt.raw_bind_parameter(p, fid)?;
        p += 1;
        if has_geometry {
            match view
                .geometry(row)
                .and_then(|g| gpkg_geometry(&mut blob, g, promote))
            {
                Some(env) => {
                    stmt.raw_bind_parameter(p, &blob[..])?;
                    entries.push(rtree::Entry {
                        id: fid,
                        bbox: rtree::outward(env[0], env[1], env[2], env[3]),
                    });
                    extent = Some(match extent {
                        None => env,
                        Some(e) => [
                            e[0].min(env[0]),
                            e[1].max(env[1]),
                            e[2].min(env[2]),
                            e[3].max(env[3]),
                        ],
                    });
                }
                None => stmt.raw_bind_parameter(p, rusqlite::types::Null)?,
            }
            p += 1;
        }
        for (c, field) in fields.iter().enumerate() {
            match view.value(row, c) {
                ValueRef::Null => stmt.raw_bind_parameter(p, rusqlite::types::Null)?,
                ValueRef::Text(s) => stmt.raw_bind_parameter(p, s)?,
                ValueRef::List(l) => {
                    text.clear();
                    for (k, s) in l.iter().enumerate() {
                        if k > 0 {
                            text.push(',');
                        }
                        text.push_str(s);
                    }
                    stmt.raw_bind_parameter(p, text.as_str())?
                }
                ValueRef::Integer(n) => stmt.raw_bind_parameter(p, n)?,
                ValueRef::Real(x) if x.is_finite() => match field.kind {
                    FieldKind::Integer => stmt.raw_bind_parameter(p, x.round() as i64)?,
                    _ => stmt.raw_bind_parameter(p, x)?,
                },
                ValueRef::Real(_) => stmt.raw_bind_parameter(p, rusqlite::types::Null)?,
                ValueRef::Bool(b) => stmt.raw_bind_parameter(p, b as i64)?,
                ValueRef::Date(d) => stmt.raw_bind_parameter(
                    p,
                    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()),
                )?,
            }
            p += 1;
        }
        let chunk_end = in_chunk + 1 == ROWS_PER_INSERT || row + 1 == total;
        if chunk_end {
            stmt.raw_execute().with_context(|| {
                format!(
                    "cannot write the features `{}` … `{}`",
                    view.id(row - in_chunk),
                    view.id(row)
                )
            })?;
        }
    }
    drop(stmt);
    let e: [Option<f64>; 4] = match extent {
        Some(e) => [Some(e[0]), Some(e[2]), Some(e[1]), Some(e[3])],
        None => [None; 4],
    };
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, \
         min_x, min_y, max_x, max_y, srs_id) \
         VALUES (?1, ?2, ?3, ?4, strftime('%Y-%m-%dT%H:%M:%fZ','now'), ?5, ?6, ?7, ?8, ?9)",
        params![
            meta.id,
            if has_geometry {
                "features"
            } else {
                "attributes"
            },
            format!("{} {}", meta.title_zh, meta.title),
            meta.description,
            e[0],
            e[1],
            e[2],
            e[3],
            has_geometry.then_some(EPSG),
        ],
    )?;
    if has_geometry {
        conn.execute(
            "INSERT INTO gpkg_geometry_columns VALUES (?1, ?2, ?3, ?4, 0, 0)",
            params![
                meta.id,
                GEOMETRY_COLUMN,
                geometry_type_name(meta.geometry_type),
                EPSG
            ],
        )?;
        spatial_index(conn, &meta.id, entries)?;
    }
    Ok(())
}

/// The GeoPackage R-tree extension of a table: the packed index, its registration and the
/// triggers that keep it current when the table is edited later (in QGIS, say).
fn spatial_index(conn: &Connection, table: &str, entries: Vec<rtree::Entry>) -> Result<()> {
    let rtree_name = format!("rtree_{table}_{GEOMETRY_COLUMN}");
    rtree::create_packed(conn, &rtree_name, entries)?;
    conn.execute(
        "INSERT INTO gpkg_extensions VALUES (?1, ?2, 'gpkg_rtree_index', \
         'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')",
        params![table, GEOMETRY_COLUMN],
    )?;
    let (t, c, r, i) = (
        ident(table),
        ident(GEOMETRY_COLUMN),
        ident(&rtree_name),
        "\"fid\"",
    );
    let trig = |suffix: &str| ident(&format!("{rtree_name}_{suffix}"));
    let values =
        format!("NEW.{i}, ST_MinX(NEW.{c}), ST_MaxX(NEW.{c}), ST_MinY(NEW.{c}), ST_MaxY(NEW.{c})");
    conn.execute_batch(&format!(
        "CREATE TRIGGER {ins} AFTER INSERT ON {t} WHEN (new.{c} NOT NULL AND NOT ST_IsEmpty(NEW.{c})) \
         BEGIN INSERT OR REPLACE INTO {r} VALUES ({values}); END;
         CREATE TRIGGER {u1} AFTER UPDATE OF {c} ON {t} WHEN OLD.{i} = NEW.{i} AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c})) \
         BEGIN INSERT OR REPLACE INTO {r} VALUES ({values}); END;
         CREATE TRIGGER {u2} AFTER UPDATE OF {c} ON {t} WHEN OLD.{i} = NEW.{i} AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c})) \
         BEGIN DELETE FROM {r} WHERE id = OLD.{i}; END;
         CREATE TRIGGER {u3} AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND (NEW.{c} NOTNULL AND NOT ST_IsEmpty(NEW.{c})) \
         BEGIN DELETE FROM {r} WHERE id = OLD.{i}; INSERT OR REPLACE INTO {r} VALUES ({values}); END;
         CREATE TRIGGER {u4} AFTER UPDATE ON {t} WHEN OLD.{i} != NEW.{i} AND (NEW.{c} ISNULL OR ST_IsEmpty(NEW.{c})) \
         BEGIN DELETE FROM {r} WHERE id IN (OLD.{i}, NEW.{i}); END;
         CREATE TRIGGER {del} AFTER DELETE ON {t} WHEN old.{c} NOT NULL \
         BEGIN DELETE FROM {r} WHERE id = OLD.{i}; END;",
        ins = trig("insert"),
        u1 = trig("update1"),
        u2 = trig("update2"),
        u3 = trig("update3"),
        u4 = trig("update4"),
        del = trig("delete"),
    ))?;
    Ok(())
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

/// A layer's QML with `<aliases>` for its fields (QGIS shows them in forms and tables).
pub fn qml_with_aliases(qml: &str, fields: &[Field]) -> String {
    let mut aliases = String::from("  <aliases>\n");
    for (i, field) in fields.iter().enumerate() {
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
fn write_styles(conn: &Connection, views: &[&dyn View]) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE \"layer_styles\" (\"id\" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \
         \"f_table_catalog\" TEXT(256), \"f_table_schema\" TEXT(256), \"f_table_name\" TEXT(256), \
         \"f_geometry_column\" TEXT(256), \"styleName\" TEXT(30), \"styleQML\" TEXT, \"styleSLD\" TEXT, \
         \"useAsDefault\" BOOLEAN, \"description\" TEXT, \"owner\" TEXT(30), \"ui\" TEXT(30), \
         \"update_time\" DATETIME); \
         INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) \
         VALUES ('layer_styles', 'attributes', 'layer_styles', 'QGIS layer styles', \
         strftime('%Y-%m-%dT%H:%M:%fZ','now'));",
    )?;
    let now = chrono::Utc::now()
        .format("%Y-%m-%dT%H:%M:%S%.3fZ")
        .to_string();
    let mut stmt = conn.prepare(
        "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name, f_geometry_column, \
         styleName, styleQML, styleSLD, useAsDefault, description, owner, ui, update_time) \
         VALUES ('', '', ?1, ?2, ?1, ?3, ?4, 1, ?5, 'zonescope', NULL, ?6)",
    )?;
    for v in views {
        let meta = v.meta();
        let Some(style) = styles::style(&meta.id) else {
            continue;
        };
        let geometry_column = if meta.geometry_type == GeometryType::None {
            ""
        } else {
            GEOMETRY_COLUMN
        };
        stmt.execute(params![
            meta.id,
            geometry_column,
            qml_with_aliases(style.qml, v.fields()),
            style.sld,
            format!("zonescope style: {} / {}", meta.title_zh, meta.title),
            now,
        ])?;
    }
    Ok(())
}

/// Field titles in the GeoPackage schema extension (`gpkg_data_columns`): `name` is the
/// Chinese/English alias, `title` the Chinese title, `description` the English sentence with
/// its unit.
fn write_data_columns(conn: &Connection, views: &[&dyn View]) -> Result<()> {
    conn.execute_batch(
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
         'http://www.geopackage.org/spec121/#extension_schema', 'read-write');",
    )?;
    let mut stmt = conn.prepare(
        "INSERT OR REPLACE INTO gpkg_data_columns (table_name, column_name, name, title, description) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for v in views {
        for field in v.fields() {
            let description = match field.unit {
                Some(u) => format!("{} Unit: {u}.", field.description),
                None => field.description.to_string(),
            };
            stmt.execute(params![
                v.meta().id,
                field.name,
                alias(field),
                field.title_zh,
                description
            ])?;
        }
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

/// The `zonescope_audit` attribute table (registered in `gpkg_contents` as `attributes`):
/// one row with `as_of` (DATE), `source` (TEXT), `created` (DATETIME, ISO 8601 UTC) and
/// `version` (TEXT).
pub fn write_audit_record(conn: &Connection, record: &AuditRecord) -> Result<()> {
    let table = super::previous::AUDIT_TABLE;
    conn.execute_batch(&format!(
        "CREATE TABLE {table} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, \
         as_of DATE, source TEXT, created DATETIME, version TEXT)"
    ))?;
    conn.execute(
        &format!("INSERT INTO {table} (as_of, source, created, version) VALUES (?1, ?2, ?3, ?4)"),
        params![
            record.as_of.format("%Y-%m-%d").to_string(),
            record.source,
            record.created.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string(),
            record.version
        ],
    )?;
    conn.execute(
        "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) \
         VALUES (?1, 'attributes', ?2, ?3, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
        params![
            table,
            "审计记录 zonescope audit record",
            "What this audit is: its as-of date, data source, creation time and zonescope version."
        ],
    )?;
    Ok(())
}
