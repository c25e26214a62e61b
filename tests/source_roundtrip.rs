//! Round trips: the same data written with `ogr2ogr` as GeoPackage, Shapefile, GeoJSON,
//! FlatGeobuf, FileGDB and into PostGIS load into the same dataset (record by record);
//! projected (EPSG:4547, EPSG:4526) and geographic (EPSG:4490) input give the same geodesic
//! areas; GBK Shapefiles give correct Chinese text.

mod source_support;

use geo::CoordsIter;
use source_support::*;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;
use zonescope::config::Config;
use zonescope::dataset::{Dataset, VillageGeometry};
use zonescope::source::{self, Severity};

fn load(src: &str, cfg: &Config) -> Dataset {
    let loaded = source::load(src, cfg).unwrap_or_else(|e| panic!("{src} does not load:\n{e}"));
    let errors: Vec<String> = loaded
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.to_string())
        .collect();
    assert!(errors.is_empty(), "{src}: {errors:#?}");
    loaded.dataset
}

fn close_coords(
    a: impl Iterator<Item = geo::Coord<f64>>,
    b: impl Iterator<Item = geo::Coord<f64>>,
    tol_deg: f64,
    what: &str,
) {
    let a: Vec<_> = a.collect();
    let b: Vec<_> = b.collect();
    assert_eq!(a.len(), b.len(), "{what}: coordinate count");
    for (p, q) in a.iter().zip(&b) {
        assert!(
            (p.x - q.x).abs() <= tol_deg && (p.y - q.y).abs() <= tol_deg,
            "{what}: {p:?} vs {q:?}"
        );
    }
}

fn rel(a: f64, b: f64) -> f64 {
    (a - b).abs() / a.abs().max(b.abs()).max(1e-300)
}

/// Asserts that `b` holds the same records as `a` (matched by id): equal attributes,
/// coordinates within `tol_deg`, areas within `area_rel`. `point_villages_only`: Shapefile
/// cannot hold points and polygons in one layer.
fn assert_same(
    a: &Dataset,
    b: &Dataset,
    tol_deg: f64,
    area_rel: f64,
    point_villages_only: bool,
    what: &str,
) {
    assert_eq!(a.zones.len(), b.zones.len(), "{what}: zones");
    assert_eq!(a.parcels.len(), b.parcels.len(), "{what}: parcels");
    assert_eq!(a.roads.len(), b.roads.len(), "{what}: roads");
    let zb: HashMap<&str, _> = b.zones.iter().map(|z| (z.zone_id.as_str(), z)).collect();
    for z in &a.zones {
        let o = zb
            .get(z.zone_id.as_str())
            .unwrap_or_else(|| panic!("{what}: zone {} missing", z.zone_id));
        assert_eq!(
            (&z.name, &z.city, &z.county, z.star, &z.leading_industry),
            (&o.name, &o.city, &o.county, o.star, &o.leading_industry),
            "{what}: zone {}",
            z.zone_id
        );
        close_coords(
            z.geometry.coords_iter(),
            o.geometry.coords_iter(),
            tol_deg,
            &format!("{what}: zone {}", z.zone_id),
        );
        assert!(
            rel(z.area_m2, o.area_m2) <= area_rel,
            "{what}: zone {} area {} vs {}",
            z.zone_id,
            z.area_m2,
            o.area_m2
        );
    }
    let pb: HashMap<&str, _> = b
        .parcels
        .iter()
        .map(|p| (p.parcel_id.as_str(), p))
        .collect();
    for p in &a.parcels {
        let o = pb
            .get(p.parcel_id.as_str())
            .unwrap_or_else(|| panic!("{what}: parcel {} missing", p.parcel_id));
        let mut p2 = (*o).clone();
        p2.geometry = p.geometry.clone();
        p2.area_m2 = p.area_m2;
        assert_eq!(p, &p2, "{what}: parcel {} attributes", p.parcel_id);
        close_coords(
            p.geometry.coords_iter(),
            o.geometry.coords_iter(),
            tol_deg,
            &format!("{what}: parcel {}", p.parcel_id),
        );
        assert!(
            rel(p.area_m2, o.area_m2) <= area_rel,
            "{what}: parcel {} area {} vs {}",
            p.parcel_id,
            p.area_m2,
            o.area_m2
        );
    }
    let rb: HashMap<&str, _> = b.roads.iter().map(|r| (r.road_id.as_str(), r)).collect();
    for r in &a.roads {
        let o = rb
            .get(r.road_id.as_str())
            .unwrap_or_else(|| panic!("{what}: road {} missing", r.road_id));
        assert_eq!(
            (&r.route, &r.name, &r.grade, r.status),
            (&o.route, &o.name, &o.grade, o.status),
            "{what}: road {}",
            r.road_id
        );
        close_coords(
            r.geometry.coords_iter(),
            o.geometry.coords_iter(),
            tol_deg,
            &format!("{what}: road {}", r.road_id),
        );
    }
    let vb: HashMap<&str, _> = b
        .villages
        .iter()
        .map(|v| (v.village_id.as_str(), v))
        .collect();
    let wanted: Vec<_> = a
        .villages
        .iter()
        .filter(|v| !point_villages_only || matches!(v.geometry, VillageGeometry::Point(_)))
        .collect();
    assert_eq!(wanted.len(), b.villages.len(), "{what}: villages");
    for v in wanted {
        let o = vb
            .get(v.village_id.as_str())
            .unwrap_or_else(|| panic!("{what}: village {} missing", v.village_id));
        assert_eq!(
            (
                &v.name,
                v.households,
                v.population,
                v.homestead_area_m2,
                v.relocation
            ),
            (
                &o.name,
                o.households,
                o.population,
                o.homestead_area_m2,
                o.relocation
            ),
            "{what}: village {}",
            v.village_id
        );
        match (&v.geometry, &o.geometry) {
            (VillageGeometry::Point(p), VillageGeometry::Point(q)) => {
                close_coords(std::iter::once(p.0), std::iter::once(q.0), tol_deg, what)
            }
            (VillageGeometry::Polygon(p), VillageGeometry::Polygon(q)) => {
                close_coords(p.coords_iter(), q.coords_iter(), tol_deg, what)
            }
            _ => panic!("{what}: village {} changed geometry kind", v.village_id),
        }
    }
    // Zone membership is the same too.
    for (i, p) in a.parcels.iter().enumerate() {
        let j = b
            .parcels
            .iter()
            .position(|q| q.parcel_id == p.parcel_id)
            .unwrap();
        assert_eq!(
            a.parcel_zone_id(i),
            b.parcel_zone_id(j),
            "{what}: zone of {}",
            p.parcel_id
        );
    }
}

fn s(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}

#[test]
fn every_file_format_loads_the_same_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cfg = Config::default();
    let layers = base_layers();
    let gpkg = s(&gpkg(d, "base", &layers, "EPSG:4490"));
    let base = load(&gpkg, &cfg);
    assert_eq!(
        (
            base.zones.len(),
            base.parcels.len(),
            base.roads.len(),
            base.villages.len()
        ),
        (2, 12, 3, 3)
    );

    // GeoJSON: one file per layer in a folder (straight from the generator, and via ogr2ogr).
    let gj = write_geojson_dir(&d.join("geojson"), &layers);
    assert_same(
        &base,
        &load(&s(&gj), &cfg),
        1e-12,
        1e-12,
        false,
        "GeoJSON folder",
    );
    round_trip_formats(&gpkg, d, &base);
}

/// Writes `gpkg` with ogr2ogr as GeoJSON (folder), FlatGeobuf, Shapefile and FileGDB and
/// asserts each loads into the same dataset as `base`.
fn round_trip_formats(gpkg: &str, d: &Path, base: &Dataset) {
    let cfg = Config::default();
    let gpkg = gpkg.to_string();
    let gj2 = d.join("geojson2");
    std::fs::create_dir_all(&gj2).unwrap();
    for l in ["zones", "parcels", "roads", "villages"] {
        ogr2ogr(&[
            "-f",
            "GeoJSON",
            &s(&gj2.join(format!("{l}.geojson"))),
            &gpkg,
            l,
        ]);
    }
    assert_same(
        base,
        &load(&s(&gj2), &cfg),
        1e-12,
        1e-9,
        false,
        "GeoJSON via ogr2ogr",
    );

    // FlatGeobuf folder (ogr2ogr writes one .fgb per layer; features come back in spatial order).
    let fgb = d.join("fgb");
    ogr2ogr(&["-f", "FlatGeobuf", &s(&fgb), &gpkg]);
    assert_same(base, &load(&s(&fgb), &cfg), 0.0, 1e-12, false, "FlatGeobuf");

    // Shapefile folder: truncated field names are found by their first 10 characters.
    let shp = shapefile_dir(&gpkg, &d.join("shp"), "UTF-8");
    assert_same(base, &load(&s(&shp), &cfg), 0.0, 1e-12, true, "Shapefile");

    // FileGDB (OpenFileGDB writes in GDAL >= 3.6): coordinates snap to its 1e-9° grid.
    let gdb = d.join("base.gdb");
    // A FileGDB feature class holds one geometry type: point villages only, as for Shapefile.
    ogr2ogr(&[
        "-f",
        "OpenFileGDB",
        &s(&gdb),
        &gpkg,
        "zones",
        "-nlt",
        "MULTIPOLYGON",
    ]);
    for (layer, nlt) in [("parcels", "MULTIPOLYGON"), ("roads", "MULTILINESTRING")] {
        ogr2ogr(&[
            "-f",
            "OpenFileGDB",
            "-update",
            &s(&gdb),
            &gpkg,
            layer,
            "-nlt",
            nlt,
        ]);
    }
    ogr2ogr(&[
        "-f",
        "OpenFileGDB",
        "-update",
        &s(&gdb),
        &gpkg,
        "villages",
        "-nlt",
        "POINT",
        "-where",
        "ST_GeometryType(geom) LIKE '%POINT%'",
    ]);
    assert_same(base, &load(&s(&gdb), &cfg), 2e-9, 1e-6, true, "FileGDB");
}

#[test]
fn remapped_names_load_the_same_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let gpkg = s(&gpkg(d, "base", &base_layers(), "EPSG:4490"));
    let base = load(&gpkg, &Config::default());
    // Rename a layer and two fields with SQL, then tell the config.
    let renamed = s(&d.join("renamed.gpkg"));
    ogr2ogr(&["-f", "GPKG", &renamed, &gpkg, "zones", "roads", "villages"]);
    ogr2ogr(&[
        "-update",
        "-f",
        "GPKG",
        &renamed,
        &gpkg,
        "-nln",
        "zongdi",
        "-sql",
        "SELECT *, parcel_id AS ZDDM, registered_area_m2 AS DJMJ FROM parcels",
    ]);
    let cfg = Config::from_toml("[layers.parcels]\nname = \"zongdi\"\n[layers.parcels.fields]\nparcel_id = \"ZDDM\"\nregistered_area_m2 = \"DJMJ\"\n").unwrap();
    assert_same(&base, &load(&renamed, &cfg), 0.0, 1e-12, false, "remapped");
}

#[test]
fn projected_and_geographic_input_give_the_same_areas() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let cfg = Config::default();
    let layers = base_layers();
    let geographic = load(&s(&gpkg(d, "g4490", &layers, "EPSG:4490")), &cfg);
    for epsg in ["EPSG:4547", "EPSG:4526", "EPSG:4326"] {
        let projected = load(&s(&gpkg(d, &epsg.replace(':', ""), &layers, epsg)), &cfg);
        assert_same(&geographic, &projected, 1e-8, 1e-6, false, epsg);
        for (p, q) in geographic.parcels.iter().zip(&projected.parcels) {
            assert!(p.area_m2 > 1e4, "{} area {}", p.parcel_id, p.area_m2);
            assert!(
                rel(p.area_m2, q.area_m2) <= 1e-6,
                "{epsg}: {} {} vs {}",
                p.parcel_id,
                p.area_m2,
                q.area_m2
            );
        }
    }
    // A projected layer whose CRS is given only by the config.
    let gk = s(&gpkg(d, "gk-nocrs", &layers, "EPSG:4547"));
    let sql = "UPDATE gpkg_geometry_columns SET srs_id = -1; UPDATE gpkg_contents SET srs_id = -1";
    run(Command::new("ogrinfo").args([&gk, "-q", "-sql", sql]));
    assert!(source::load(&gk, &cfg).is_err());
    let mut with_crs = Config::default();
    for m in [
        &mut with_crs.layers.zones,
        &mut with_crs.layers.parcels,
        &mut with_crs.layers.roads,
        &mut with_crs.layers.villages,
    ] {
        m.crs = Some("EPSG:4547".into());
    }
    assert_same(
        &geographic,
        &load(&gk, &with_crs),
        1e-8,
        1e-6,
        false,
        "EPSG:4547 from config",
    );
}

#[test]
fn gbk_shapefiles_give_chinese_text() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let gpkg = s(&gpkg(d, "base", &base_layers(), "EPSG:4490"));
    let base = load(&gpkg, &Config::default());
    for (encoding, cpg) in [
        ("GBK", None),
        ("CP936", Some("936")),
        ("CP936", Some("GBK")),
    ] {
        let out = d.join(format!("shp-{encoding}-{}", cpg.unwrap_or("default")));
        shapefile_dir(&gpkg, &out, encoding);
        if let Some(text) = cpg {
            for l in ["zones", "parcels", "roads", "villages"] {
                std::fs::write(out.join(format!("{l}.cpg")), text).unwrap();
            }
        }
        // The .dbf really holds GBK bytes, not UTF-8.
        let dbf = std::fs::read(out.join("zones.dbf")).unwrap();
        let (gbk, _, _) = encoding_rs::GBK.encode("新郑市产业集聚区");
        assert!(
            dbf.windows(gbk.len()).any(|w| w == &gbk[..]),
            "{encoding}: no GBK bytes in zones.dbf"
        );
        assert!(
            !dbf.windows("新郑市".len())
                .any(|w| w == "新郑市".as_bytes()),
            "{encoding}: UTF-8 in zones.dbf"
        );
        let loaded = load(&s(&out), &Config::default());
        assert_same(
            &base,
            &loaded,
            0.0,
            1e-12,
            true,
            &format!("GBK shapefile ({encoding}, cpg {cpg:?})"),
        );
        let z = loaded
            .zones
            .iter()
            .find(|z| z.zone_id == "410184-01")
            .unwrap();
        assert_eq!(z.name.as_deref(), Some("新郑市产业集聚区"));
        assert_eq!(z.leading_industry.as_deref(), Some("食品加工,生物医药"));
    }
}

const PG: &str = "PG:host=127.0.0.1 dbname=zonescope_test user=zonescope password=zonescope";

#[test]
fn postgis_loads_the_same_dataset() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let gpkg = s(&gpkg(d, "base", &base_layers(), "EPSG:4490"));
    let base = load(&gpkg, &Config::default());
    postgis_round_trip(&gpkg, &base, "base");
}

/// Loads `gpkg` into a fresh PostGIS schema with ogr2ogr and asserts it loads as `base`.
fn postgis_round_trip(gpkg: &str, base: &Dataset, tag: &str) {
    let reachable = Command::new("ogrinfo")
        .args(["-ro", "-so", "-q", PG])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    assert!(
        reachable,
        "PostGIS is not reachable at {PG}: run scripts/start-postgis.sh (scripts/test.sh does)"
    );
    let schema = format!("zs_loader_{tag}_{}", std::process::id());
    let sql = format!("CREATE SCHEMA IF NOT EXISTS {schema}");
    run(Command::new("ogrinfo").args([PG, "-q", "-sql", &sql]));
    ogr2ogr(&[
        "-f",
        "PostgreSQL",
        PG,
        gpkg,
        "-lco",
        &format!("SCHEMA={schema}"),
        "-lco",
        "GEOMETRY_NAME=geom",
    ]);
    let src = format!("{PG} schemas={schema}");
    let result = std::panic::catch_unwind(|| {
        let loaded = load(&src, &Config::default());
        assert!(
            !loaded.source.contains("password=zonescope"),
            "{}",
            loaded.source
        );
        assert_same(
            base,
            &loaded,
            0.0,
            1e-12,
            false,
            &format!("PostGIS ({tag})"),
        );
    });
    let drop = format!("DROP SCHEMA {schema} CASCADE");
    let _ = Command::new("ogrinfo")
        .args([PG, "-q", "-sql", &drop])
        .output();
    if let Err(e) = result {
        std::panic::resume_unwind(e);
    }
}

/// The bundled sample (data/henan_sample.gpkg) through every source kind.
#[test]
fn sample_round_trips_through_every_source_kind() {
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/henan_sample.gpkg");
    assert!(sample.exists(), "{} is missing", sample.display());
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let gpkg = s(&d.join("sample.gpkg"));
    std::fs::copy(&sample, &gpkg).unwrap();
    let base = load(&gpkg, &Config::default());
    assert!(
        base.zones.len() >= 60 && base.parcels.len() > 1000,
        "sample too small"
    );
    round_trip_formats(&gpkg, d, &base);
    postgis_round_trip(&gpkg, &base, "sample");
}
