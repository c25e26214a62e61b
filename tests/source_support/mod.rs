//! Test data for the loader tests, made in the test itself: a small Henan-like dataset as
//! GeoJSON (CGCS2000 lon/lat), turned into other formats with `ogr2ogr`.
#![allow(dead_code)]

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A closed ring around (x, y) with `n` vertices on an ellipse of radii (rx, ry) degrees.
pub fn ring(x: f64, y: f64, rx: f64, ry: f64, n: usize, phase: f64) -> Vec<[f64; 2]> {
    let mut r: Vec<[f64; 2]> = (0..n)
        .map(|i| {
            let a = phase + i as f64 * std::f64::consts::TAU / n as f64;
            let wobble = 1.0 + 0.15 * ((3.0 * a).sin());
            [x + rx * wobble * a.cos(), y + ry * wobble * a.sin()]
        })
        .collect();
    r.push(r[0]);
    r
}

fn rev(mut r: Vec<[f64; 2]>) -> Vec<[f64; 2]> {
    r.reverse();
    r
}

pub fn feature(props: Value, geometry: Value) -> Value {
    json!({"type": "Feature", "properties": props, "geometry": geometry})
}

pub fn collection(features: Vec<Value>) -> Value {
    json!({"type": "FeatureCollection", "features": features})
}

/// The four layers (zones, parcels, roads, villages) as FeatureCollections in EPSG:4490.
pub fn base_layers() -> Vec<(&'static str, Value)> {
    let zones = vec![
        feature(
            json!({"zone_id": "410184-01", "name": "新郑市产业集聚区", "city": "郑州市", "county": "新郑市", "star": 3, "leading_industry": "食品加工,生物医药"}),
            json!({"type": "Polygon", "coordinates": [ring(113.74, 34.40, 0.03, 0.025, 24, 0.1)]}),
        ),
        feature(
            json!({"zone_id": "410522-01", "name": "安阳县产业集聚区", "city": "安阳市", "county": "安阳县", "star": 1, "leading_industry": null}),
            json!({"type": "MultiPolygon", "coordinates": [
                [ring(114.30, 36.10, 0.02, 0.02, 16, 0.0)],
                [ring(114.40, 36.12, 0.01, 0.01, 12, 0.3)]
            ]}),
        ),
    ];
    let mut parcels = Vec::new();
    for i in 0..12 {
        let (cx, cy) = if i < 8 {
            (113.72 + 0.006 * i as f64, 34.40)
        } else {
            (114.295 + 0.006 * (i - 8) as f64, 36.10)
        };
        let outer = ring(cx, cy, 0.0022, 0.0018, 7 + i % 5, 0.2 * i as f64);
        let geometry = if i == 3 {
            json!({"type": "Polygon", "coordinates": [outer, rev(ring(cx, cy, 0.0005, 0.0005, 6, 0.0))]})
        } else if i == 5 {
            json!({"type": "MultiPolygon", "coordinates": [[outer], [ring(cx, cy + 0.004, 0.0008, 0.0008, 5, 0.0)]]})
        } else {
            json!({"type": "Polygon", "coordinates": [outer]})
        };
        let started = i % 3 == 0;
        parcels.push(feature(
            json!({
                "parcel_id": format!("P-{i:03}"),
                "zone_id": if i % 4 == 0 { Value::Null } else if i < 8 { json!("410184-01") } else { json!("410522-01") },
                "land_use": if i == 7 { "0701" } else { "0601" },
                "industry_code": (["13", "39", "26", "25", "34", "17"][i % 6]),
                "holder": format!("河南省第{}机械有限公司", i + 1),
                "registered_area_m2": if i == 2 { Value::Null } else { json!(120000.0 + 1000.5 * i as f64) },
                "granted_on": format!("20{:02}-0{}-1{}", 8 + i % 6, 1 + i % 9, i % 9),
                "agreed_start": format!("2012-02-{:02}", 1 + i),
                "agreed_completion": "2014-12-31",
                "actual_start": if started { json!("2012-06-30") } else { Value::Null },
                "halted_since": if i == 6 { json!("2013-01-15") } else { Value::Null },
                "developed_area_m2": 1000.0 * i as f64,
                "total_investment_wan_yuan": 30000.0 + i as f64,
                "invested_wan_yuan": if i == 4 { Value::Null } else { json!(2500.25 * i as f64) },
                "floor_area_m2": 50000.0 + 10.0 * i as f64,
                "footprint_m2": 40000.0,
                "admin_area_m2": 3000.0,
                "green_area_m2": 15000.0,
                "output_wan_yuan": 80000.0,
                "tax_wan_yuan": 2500.0,
                "delay_cause": if i == 9 { json!("government") } else { Value::Null }
            }),
            geometry,
        ));
    }
    let roads = vec![
        feature(
            json!({"road_id": "G107-001", "route": "G107", "name": "京港澳线", "grade": "1", "status": "built"}),
            json!({"type": "LineString", "coordinates": [[113.60, 34.30], [113.70, 34.38], [113.78, 34.45], [113.90, 34.50]]}),
        ),
        feature(
            json!({"road_id": "G4-001", "route": "G4", "name": "京港澳高速", "grade": "expressway", "status": null}),
            json!({"type": "MultiLineString", "coordinates": [[[114.2, 36.0], [114.3, 36.05]], [[114.3, 36.05], [114.45, 36.2]]]}),
        ),
        feature(
            json!({"road_id": "X021-003", "route": "X021", "name": null, "grade": "3", "status": "under_construction"}),
            json!({"type": "LineString", "coordinates": [[113.74, 34.40], [113.76, 34.43]]}),
        ),
    ];
    let villages = vec![
        feature(
            json!({"village_id": "410184101201", "name": "小乔村", "households": 320, "population": 1180, "homestead_area_m2": null, "relocation": "planned"}),
            json!({"type": "Point", "coordinates": [113.75, 34.41]}),
        ),
        feature(
            json!({"village_id": "410184101202", "name": "大乔村", "households": 210, "population": 800, "homestead_area_m2": 30000.5, "relocation": "none"}),
            json!({"type": "Point", "coordinates": [113.70, 34.45]}),
        ),
        feature(
            json!({"village_id": "410522100203", "name": "崔家桥村", "households": 150, "population": null, "homestead_area_m2": null, "relocation": "done"}),
            json!({"type": "Polygon", "coordinates": [ring(114.31, 36.11, 0.003, 0.002, 9, 0.5)]}),
        ),
    ];
    vec![
        ("zones", collection(zones)),
        ("parcels", collection(parcels)),
        ("roads", collection(roads)),
        ("villages", collection(villages)),
    ]
}

/// Runs a command, panicking with its stderr when it fails.
pub fn run(cmd: &mut Command) {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `ogr2ogr` with quiet output.
pub fn ogr2ogr(args: &[&str]) {
    let mut c = Command::new("ogr2ogr");
    c.args(args);
    run(&mut c);
}

/// Writes each layer as `dir/<name>.geojson`.
pub fn write_geojson_dir(dir: &Path, layers: &[(&str, Value)]) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    for (name, fc) in layers {
        std::fs::write(
            dir.join(format!("{name}.geojson")),
            serde_json::to_string(fc).unwrap(),
        )
        .unwrap();
    }
    dir.to_path_buf()
}

/// A GeoPackage with the layers, in CRS `srs` (EPSG:4490 when the layers' coordinates are
/// meant as given; other CRSs reproject them with `-t_srs`).
pub fn gpkg(dir: &Path, name: &str, layers: &[(&str, Value)], t_srs: &str) -> PathBuf {
    let src = write_geojson_dir(&dir.join(format!("{name}-geojson")), layers);
    let out = dir.join(format!("{name}.gpkg"));
    for (layer, _) in layers {
        let input = src.join(format!("{layer}.geojson"));
        ogr2ogr(&[
            "-f",
            "GPKG",
            "-update",
            "-append",
            out.to_str().unwrap(),
            input.to_str().unwrap(),
            "-nln",
            layer,
            "-s_srs",
            "EPSG:4490",
            "-t_srs",
            t_srs,
            "-nlt",
            "PROMOTE_TO_MULTI",
        ]);
    }
    out
}

/// Result of running `zonescope check`.
#[derive(Debug)]
pub struct Check {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Check {
    /// Both streams, for messages.
    pub fn text(&self) -> String {
        format!("{}\n{}", self.stdout, self.stderr)
    }
    /// The line naming all the given parts, if any.
    pub fn line_with(&self, parts: &[&str]) -> Option<String> {
        self.text()
            .lines()
            .find(|l| parts.iter().all(|p| l.contains(p)))
            .map(str::to_string)
    }
}

/// Runs the built binary's `check` on `data` with an (empty unless given) config file.
pub fn check(dir: &Path, data: &str, config: Option<&str>) -> Check {
    check_env(dir, data, config, &[])
}

/// [`check`] with extra environment variables.
pub fn check_env(dir: &Path, data: &str, config: Option<&str>, env: &[(&str, &str)]) -> Check {
    let cfg = dir.join(format!(
        "cfg-{}.toml",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    std::fs::write(&cfg, config.unwrap_or("")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_zonescope"))
        .args(["check", "--data", data, "--config", cfg.to_str().unwrap()])
        .current_dir(dir)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    Check {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// A Shapefile folder from a GeoPackage (UTF-8 `.cpg` unless `encoding` says otherwise).
/// A Shapefile holds one geometry type, so only the point villages are kept.
pub fn shapefile_dir(gpkg: &str, out: &Path, encoding: &str) -> PathBuf {
    let enc = format!("ENCODING={encoding}");
    for layer in ["zones", "parcels", "roads"] {
        ogr2ogr(&[
            "-f",
            "ESRI Shapefile",
            "-lco",
            &enc,
            out.to_str().unwrap(),
            gpkg,
            layer,
        ]);
    }
    ogr2ogr(&[
        "-f",
        "ESRI Shapefile",
        "-lco",
        &enc,
        "-nlt",
        "POINT",
        "-where",
        "ST_GeometryType(geom) LIKE '%POINT%'",
        out.to_str().unwrap(),
        gpkg,
        "villages",
    ]);
    out.to_path_buf()
}
