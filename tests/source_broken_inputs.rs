//! The broken-input corpus: every case is generated here, run through the built binary's
//! `check`, and must exit 1 (problems) or 2 (unusable input) with a line naming the layer
//! and, where there is one, the feature id and the field. Never a panic.

mod source_support;

use serde_json::{json, Value};
use source_support::*;
use std::path::Path;

fn set_prop(layers: &mut [(&str, Value)], layer: &str, index: usize, key: &str, value: Value) {
    let fc = &mut layers.iter_mut().find(|(n, _)| *n == layer).unwrap().1;
    fc["features"][index]["properties"][key] = value;
}

fn set_geom(layers: &mut [(&str, Value)], layer: &str, index: usize, geometry: Value) {
    let fc = &mut layers.iter_mut().find(|(n, _)| *n == layer).unwrap().1;
    fc["features"][index]["geometry"] = geometry;
}

fn remove_prop(layers: &mut [(&str, Value)], layer: &str, key: &str) {
    let fc = &mut layers.iter_mut().find(|(n, _)| *n == layer).unwrap().1;
    for f in fc["features"].as_array_mut().unwrap() {
        f["properties"].as_object_mut().unwrap().remove(key);
    }
}

/// Asserts the exit code and a line with all `parts`; no panic, no GDAL noise on stderr.
fn expect(c: &Check, code: i32, parts: &[&str]) {
    assert!(!c.stderr.contains("panicked"), "panic: {}", c.text());
    assert_eq!(c.code, code, "exit code for {parts:?}: {}", c.text());
    assert!(
        c.line_with(parts).is_some(),
        "no line with {parts:?} in:\n{}",
        c.text()
    );
    assert!(
        !c.stderr.contains("ERROR 1:") && !c.stderr.contains("Warning 1:"),
        "GDAL printed to stderr: {}",
        c.stderr
    );
}

fn case_gpkg(dir: &Path, name: &str, edit: impl FnOnce(&mut Vec<(&'static str, Value)>)) -> String {
    let mut layers = base_layers();
    edit(&mut layers);
    gpkg(dir, name, &layers, "EPSG:4490")
        .to_string_lossy()
        .into_owned()
}

#[test]
fn clean_base_passes() {
    let dir = tempfile::tempdir().unwrap();
    let data = case_gpkg(dir.path(), "clean", |_| {});
    let c = check(dir.path(), &data, None);
    assert_eq!(c.code, 0, "{}", c.text());
    assert!(!c.stdout.contains("error"), "{}", c.text());
}

#[test]
fn unusable_sources_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();

    // Non-existent path.
    let c = check(d, "/nonexistent/nowhere.gpkg", None);
    expect(&c, 2, &["nowhere.gpkg", "does not exist"]);

    // Random bytes.
    let junk = d.join("junk.gpkg");
    let bytes: Vec<u8> = (0..20_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&junk, &bytes).unwrap();
    expect(&check(d, junk.to_str().unwrap(), None), 2, &["cannot open"]);

    // Empty file.
    let empty = d.join("empty.gpkg");
    std::fs::write(&empty, b"").unwrap();
    let c = check(d, empty.to_str().unwrap(), None);
    assert_eq!(c.code, 2, "{}", c.text());

    // Truncated GeoPackages: cut at several points.
    let good = case_gpkg(d, "full", |_| {});
    let full = std::fs::read(&good).unwrap();
    for frac in [0.1, 0.5, 0.8] {
        let cut = d.join(format!("cut{}.gpkg", (frac * 100.0) as u32));
        std::fs::write(&cut, &full[..(full.len() as f64 * frac) as usize]).unwrap();
        let c = check(d, cut.to_str().unwrap(), None);
        assert!(!c.stderr.contains("panicked"), "{}", c.text());
        assert!(
            c.code == 1 || c.code == 2,
            "truncated at {frac}: {}",
            c.text()
        );
        assert!(c.text().contains("layer "), "{}", c.text());
    }

    // Truncated GeoJSON in a folder source.
    let gj = write_geojson_dir(&d.join("gj"), &base_layers());
    let text = std::fs::read_to_string(gj.join("parcels.geojson")).unwrap();
    std::fs::write(gj.join("parcels.geojson"), &text[..text.len() / 2]).unwrap();
    expect(
        &check(d, gj.to_str().unwrap(), None),
        2,
        &["layer parcels", "cannot open"],
    );
}

#[test]
fn missing_layer_and_fields_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data = case_gpkg(d, "nolayer", |l| l.retain(|(n, _)| *n != "villages"));
    expect(&check(d, &data, None), 2, &["layer villages", "missing"]);

    let data = case_gpkg(d, "nokey", |l| remove_prop(l, "parcels", "parcel_id"));
    expect(
        &check(d, &data, None),
        2,
        &["layer parcels", "field parcel_id", "missing"],
    );

    // A field the config maps but the layer lacks.
    let data = case_gpkg(d, "mapped", |_| {});
    let cfg = "[layers.parcels.fields]\nholder = \"SYQR\"\n";
    expect(
        &check(d, &data, Some(cfg)),
        2,
        &["layer parcels", "field holder", "SYQR"],
    );

    // A config key that is no contract field (a typo) is not silently ignored.
    let cfg = "[layers.parcels.fields]\nparcelid = \"ZDDM\"\n";
    expect(
        &check(d, &data, Some(cfg)),
        2,
        &["layer parcels", "field parcelid", "not a field"],
    );

    // A renamed layer the config does not know, then does.
    let data = case_gpkg(d, "renamed", |l| {
        l.iter_mut().for_each(|(n, _)| {
            if *n == "roads" {
                *n = "dl"
            }
        })
    });
    expect(&check(d, &data, None), 2, &["layer roads", "missing"]);
    let c = check(d, &data, Some("[layers.roads]\nname = \"dl\"\n"));
    assert_eq!(c.code, 0, "{}", c.text());
}

#[test]
fn no_crs_exit_2_unless_configured() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for srs_id in [0, -1] {
        let data = case_gpkg(d, &format!("nocrs{}", srs_id + 1), |_| {});
        let sql = format!("UPDATE gpkg_geometry_columns SET srs_id = {srs_id} WHERE table_name = 'zones'; UPDATE gpkg_contents SET srs_id = {srs_id} WHERE table_name = 'zones';");
        run(std::process::Command::new("ogrinfo").args([&data, "-q", "-sql", &sql]));
        expect(&check(d, &data, None), 2, &["layer zones", "no CRS"]);
        let c = check(d, &data, Some("[layers.zones]\ncrs = \"EPSG:4490\"\n"));
        assert_eq!(
            c.code,
            0,
            "srs_id {srs_id} with crs in config: {}",
            c.text()
        );
    }
    // A Shapefile folder without .prj files.
    let data = case_gpkg(d, "forshp", |_| {});
    let shp = d.join("shp");
    shapefile_dir(&data, &shp, "UTF-8");
    std::fs::remove_file(shp.join("roads.prj")).unwrap();
    expect(
        &check(d, shp.to_str().unwrap(), None),
        2,
        &["layer roads", "no CRS"],
    );
}

#[test]
fn feature_problems_exit_1_naming_feature_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data = case_gpkg(d, "features", |l| {
        set_prop(l, "parcels", 1, "parcel_id", json!("P-000")); // duplicate of feature 0
        set_prop(l, "parcels", 2, "agreed_start", json!("2013-02-30"));
        set_prop(l, "parcels", 3, "registered_area_m2", json!("12 mu"));
        set_prop(l, "parcels", 4, "granted_on", json!("next spring"));
        set_prop(l, "zones", 1, "star", json!(7));
        set_prop(l, "roads", 2, "status", json!("closed"));
        set_prop(l, "villages", 1, "relocation", json!("moved"));
        set_prop(l, "villages", 2, "households", json!("many"));
        set_geom(
            l,
            "parcels",
            6,
            json!({"type": "Polygon", "coordinates": [[[113.75, 34.40], [113.76, 34.41], [113.76, 34.40], [113.75, 34.41], [113.75, 34.40]]]}),
        );
        set_geom(l, "parcels", 7, Value::Null);
    });
    let c = check(d, &data, None);
    expect(
        &c,
        1,
        &[
            "layer parcels",
            "feature P-000",
            "field parcel_id",
            "duplicate",
        ],
    );
    expect(
        &c,
        1,
        &[
            "layer parcels",
            "feature P-002",
            "field agreed_start",
            "2013-02-30",
        ],
    );
    expect(
        &c,
        1,
        &[
            "layer parcels",
            "feature P-003",
            "field registered_area_m2",
            "12 mu",
        ],
    );
    expect(
        &c,
        1,
        &[
            "layer parcels",
            "feature P-004",
            "field granted_on",
            "next spring",
        ],
    );
    expect(
        &c,
        1,
        &["layer zones", "feature 410522-01", "field star", "7"],
    );
    expect(
        &c,
        1,
        &["layer roads", "feature X021-003", "field status", "closed"],
    );
    expect(
        &c,
        1,
        &[
            "layer villages",
            "feature 410184101202",
            "field relocation",
            "moved",
        ],
    );
    expect(
        &c,
        1,
        &[
            "layer villages",
            "feature 410522100203",
            "field households",
            "many",
        ],
    );
    expect(
        &c,
        1,
        &["layer parcels", "feature P-006", "self-intersection"],
    );
    expect(&c, 1, &["layer parcels", "feature P-007", "no geometry"]);
    // Reading in batches of 3 features reports exactly the same lines.
    let small = check_env(d, &data, None, &[("ZONESCOPE_BATCH_ROWS", "3")]);
    assert_eq!(small.code, c.code);
    assert_eq!(small.stdout, c.stdout);
    // Every problem is one line: nothing else is an error.
    assert_eq!(
        c.stdout.lines().filter(|l| l.starts_with("error:")).count(),
        10,
        "{}",
        c.stdout
    );
}

#[test]
fn bad_geometries_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    // GeoPackage keeps what it is given: unclosed ring, too few points, empty, wrong type.
    let data = case_gpkg(d, "geoms", |l| {
        set_geom(
            l,
            "parcels",
            1,
            json!({"type": "Polygon", "coordinates": [[[113.70, 34.40], [113.71, 34.40], [113.71, 34.41]]]}),
        );
        set_geom(
            l,
            "parcels",
            2,
            json!({"type": "Polygon", "coordinates": [[[113.70, 34.40], [113.71, 34.40], [113.70, 34.40]]]}),
        );
        set_geom(
            l,
            "parcels",
            3,
            json!({"type": "LineString", "coordinates": [[113.70, 34.40], [113.71, 34.40]]}),
        );
        set_geom(
            l,
            "roads",
            0,
            json!({"type": "LineString", "coordinates": [[113.70, 34.40], [113.70, 34.40]]}),
        );
        set_geom(
            l,
            "villages",
            0,
            json!({"type": "LineString", "coordinates": [[113.70, 34.40], [113.71, 34.40]]}),
        );
    });
    let c = check(d, &data, None);
    expect(&c, 1, &["layer parcels", "feature P-001", "not closed"]);
    expect(&c, 1, &["layer parcels", "feature P-002", "ring"]);
    expect(&c, 1, &["layer parcels", "feature P-003", "LineString"]);
    expect(
        &c,
        1,
        &["layer roads", "feature G107-001", "invalid geometry"],
    );
    expect(
        &c,
        1,
        &["layer villages", "feature 410184101201", "LineString"],
    );

    // Empty geometries written as WKT through CSV (GeoJSON has no empty polygon).
    let data = case_gpkg(d, "empty", |_| {});
    let csv = d.join("empty.csv");
    std::fs::write(
        &csv,
        "WKT,parcel_id\n\"POLYGON EMPTY\",E-1\n\"MULTIPOLYGON EMPTY\",E-2\n",
    )
    .unwrap();
    ogr2ogr(&[
        "-f",
        "GPKG",
        "-update",
        "-append",
        &data,
        csv.to_str().unwrap(),
        "-nln",
        "parcels",
        "-a_srs",
        "EPSG:4490",
        "-nlt",
        "MULTIPOLYGON",
    ]);
    let c = check(d, &data, None);
    assert!(c.code == 1, "{}", c.text());
    assert!(
        c.line_with(&["layer parcels", "feature E-1"])
            .is_some_and(|l| l.contains("empty") || l.contains("no geometry")),
        "{}",
        c.text()
    );
    assert!(
        c.line_with(&["layer parcels", "feature E-2"]).is_some(),
        "{}",
        c.text()
    );
}

#[test]
fn warnings_alone_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data = case_gpkg(d, "warn", |l| {
        set_prop(l, "parcels", 1, "zone_id", json!("999999-09"));
        set_prop(l, "parcels", 2, "industry_code", json!("99"));
        set_prop(l, "parcels", 5, "industry_code", Value::Null);
        set_prop(l, "parcels", 6, "registered_area_m2", json!(1.0));
        set_geom(
            l,
            "parcels",
            10,
            json!({"type": "Polygon", "coordinates": [ring(112.0, 33.0, 0.001, 0.001, 6, 0.0)]}),
        );
    });
    let c = check(d, &data, None);
    assert_eq!(c.code, 0, "{}", c.text());
    for parts in [
        &[
            "warning",
            "layer parcels",
            "feature P-001",
            "field zone_id",
            "999999-09",
        ][..],
        &[
            "warning",
            "layer parcels",
            "feature P-002",
            "field industry_code",
            "99",
        ][..],
        &[
            "warning",
            "layer parcels",
            "feature P-005",
            "field industry_code",
        ][..],
        &[
            "warning",
            "layer parcels",
            "feature P-006",
            "field registered_area_m2",
        ][..],
        &[
            "warning",
            "layer parcels",
            "feature P-010",
            "outside every zone",
        ][..],
    ] {
        assert!(
            c.line_with(parts).is_some(),
            "no line with {parts:?}:\n{}",
            c.text()
        );
    }
}

#[test]
fn damaged_shapefiles_and_unreachable_databases() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let data = case_gpkg(d, "forshp", |_| {});
    let good = shapefile_dir(&data, &d.join("good"), "UTF-8");
    let copy = |name: &str| {
        let to = d.join(name);
        std::fs::create_dir_all(&to).unwrap();
        for e in std::fs::read_dir(&good).unwrap() {
            let e = e.unwrap();
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
        to
    };
    // A .shp cut short: the features past the cut have no readable geometry.
    let cut = copy("cut");
    let shp = std::fs::read(good.join("parcels.shp")).unwrap();
    std::fs::write(cut.join("parcels.shp"), &shp[..shp.len() / 2]).unwrap();
    let c = check(d, cut.to_str().unwrap(), None);
    assert!(c.code == 1 || c.code == 2, "{}", c.text());
    assert!(
        c.line_with(&["layer parcels", "feature P-0"]).is_some(),
        "{}",
        c.text()
    );
    assert!(
        !c.stderr.contains("panicked") && !c.stderr.contains("ERROR 1"),
        "{}",
        c.stderr
    );

    // A missing .shx index.
    let noshx = copy("noshx");
    std::fs::remove_file(noshx.join("roads.shx")).unwrap();
    expect(
        &check(d, noshx.to_str().unwrap(), None),
        2,
        &["layer roads", "cannot open"],
    );

    // A .dbf cut inside its header.
    let dbf = copy("dbf");
    let bytes = std::fs::read(good.join("villages.dbf")).unwrap();
    std::fs::write(dbf.join("villages.dbf"), &bytes[..40]).unwrap();
    let c = check(d, dbf.to_str().unwrap(), None);
    assert_eq!(c.code, 2, "{}", c.text());
    assert!(c.line_with(&["layer villages"]).is_some(), "{}", c.text());

    // A database that does not answer: one line, password masked.
    let c = check(
        d,
        "PG:host=127.0.0.1 port=1 dbname=nowhere user=u password=secret",
        None,
    );
    expect(&c, 2, &["cannot open", "password=***"]);
    assert!(!c.text().contains("secret"), "{}", c.text());
    assert_eq!(c.stdout.lines().count(), 1, "{}", c.stdout);
}
