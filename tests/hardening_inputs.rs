//! Hardening of the command line against secrets in sources, out-of-range configs and
//! implausible data: every case runs the built binary and checks the exit code and the line
//! that names the problem.

mod source_support;

use serde_json::{json, Value};
use source_support::*;
use std::path::Path;
use std::process::Command;

fn layer<'a>(layers: &'a mut [(&str, Value)], name: &str) -> &'a mut Value {
    &mut layers.iter_mut().find(|(n, _)| *n == name).unwrap().1
}

fn data_dir(dir: &Path, name: &str, edit: impl FnOnce(&mut Vec<(&'static str, Value)>)) -> String {
    let mut layers = base_layers();
    edit(&mut layers);
    write_geojson_dir(&dir.join(name), &layers)
        .to_string_lossy()
        .into_owned()
}

fn ogrinfo_sql(gpkg: &Path, sql: &str) {
    let out = Command::new("ogrinfo")
        .arg(gpkg)
        .args(["-sql", sql])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn run_bin(dir: &Path, args: &[&str]) -> Check {
    let out = Command::new(env!("CARGO_BIN_EXE_zonescope"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    Check {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

#[test]
fn passwords_never_printed_in_any_quoting_form() {
    let dir = tempfile::tempdir().unwrap();
    for src in [
        "PG:postgresql://u:s3cret@127.0.0.1:1/db",
        "PG:host=127.0.0.1 port=1 dbname=db user=u password=s3cret",
        "PG:host=127.0.0.1 port=1 dbname=db user=u password='s3 cret'",
        "PG:host=127.0.0.1 port=1 dbname=db user=u password = \"s3 cret\"",
        "PG:host=127.0.0.1 port=1 dbname=db user=u PGPASSWORD=s3cret",
    ] {
        let c = check(dir.path(), src, None);
        assert_eq!(c.code, 2, "{src}: {}", c.text());
        assert!(!c.text().contains("s3"), "{src} leaked: {}", c.text());
        assert!(!c.text().contains("cret"), "{src} leaked: {}", c.text());
    }
}

#[test]
fn absolute_paths_are_not_printed() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_dir(dir.path(), "layers", |l| {
        layer(l, "parcels")["features"][0]["properties"]["granted_on"] = json!("not a date");
    });
    let abs = std::fs::canonicalize(&data).unwrap();
    let c = check(dir.path(), abs.to_str().unwrap(), None);
    assert_eq!(c.code, 1, "{}", c.text());
    let folder = abs.parent().unwrap().to_string_lossy().into_owned();
    assert!(!c.text().contains(&folder), "{folder} shown: {}", c.text());
    let missing = abs.join("nothing.gpkg");
    let c = check(dir.path(), missing.to_str().unwrap(), None);
    assert_eq!(c.code, 2);
    assert!(!c.text().contains(&folder), "{}", c.text());
    assert!(c.text().contains("nothing.gpkg"), "{}", c.text());
}

#[test]
fn out_of_range_config_values_exit_2_naming_key_value_and_range() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_dir(dir.path(), "layers", |_| {});
    for (toml, key, value) in [
        (
            "[rules.connectivity]\ndirect_tolerance_m = -50",
            "rules.connectivity.direct_tolerance_m",
            "-50",
        ),
        (
            "[rules.connectivity]\ndirect_tolerance_m = nan",
            "rules.connectivity.direct_tolerance_m",
            "NaN",
        ),
        (
            "[rules.idle]\ndeveloped_share_min = inf",
            "rules.idle.developed_share_min",
            "inf",
        ),
        (
            "[rules.idle]\ndeveloped_share_min = 7.5",
            "rules.idle.developed_share_min",
            "7.5",
        ),
        (
            "[rules.idle]\nidle_after_years = 0",
            "rules.idle.idle_after_years",
            "0",
        ),
        (
            "[rules.idle]\nidle_after_years = 3\nreclaim_after_years = 2",
            "rules.idle.reclaim_after_years",
            "2",
        ),
        (
            "[rules.intensity]\ngreen_share_max = -0.1",
            "rules.intensity.green_share_max",
            "-0.1",
        ),
        (
            "[rules.intensity.far_min]\n\"25\" = -1.0",
            "rules.intensity.far_min.25",
            "-1",
        ),
        (
            "[rules.relocation]\nhomestead_m2_per_household = 0",
            "rules.relocation.homestead_m2_per_household",
            "0",
        ),
        (
            "[rules.site]\narea_mismatch_warn_share = 2",
            "rules.site.area_mismatch_warn_share",
            "2",
        ),
        ("as_of = 9999-12-31", "as_of", "9999-12-31"),
        (
            "[server]\nrequest_timeout_s = 0",
            "server.request_timeout_s",
            "0",
        ),
    ] {
        let c = check(dir.path(), &data, Some(toml));
        assert_eq!(c.code, 2, "{toml}: {}", c.text());
        let line = c.line_with(&[key, value]);
        assert!(
            line.is_some(),
            "{toml}: no line naming {key} and {value}: {}",
            c.text()
        );
        assert!(
            line.unwrap().contains("must be"),
            "{toml}: no range: {}",
            c.text()
        );
    }
}

#[test]
fn as_of_out_of_range_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_dir(dir.path(), "layers", |_| {});
    let out = dir.path().join("out");
    for d in ["9999-12-31", "1899-01-01"] {
        let c = run_bin(
            dir.path(),
            &[
                "audit",
                "--data",
                &data,
                "--out",
                out.to_str().unwrap(),
                "--as-of",
                d,
            ],
        );
        assert_eq!(c.code, 2, "{}", c.text());
        assert!(
            c.text().contains("1990-01-01 to 2100-12-31"),
            "{}",
            c.text()
        );
    }
}

#[test]
fn empty_zones_layer_is_an_error_for_check_audit_and_serve() {
    let dir = tempfile::tempdir().unwrap();
    // A GeoPackage keeps the layer's fields when its rows are gone.
    let data = gpkg(dir.path(), "empty", &base_layers(), "EPSG:4490");
    ogrinfo_sql(&data, "DELETE FROM zones");
    let data = data.to_string_lossy().into_owned();
    let c = check(dir.path(), &data, None);
    assert_eq!(c.code, 2, "{}", c.text());
    assert!(
        c.line_with(&["zones", "no usable feature"]).is_some(),
        "{}",
        c.text()
    );
    let out = dir.path().join("out");
    let c = run_bin(
        dir.path(),
        &[
            "audit",
            "--data",
            &data,
            "--out",
            out.to_str().unwrap(),
            "--as-of",
            "2014-12-31",
        ],
    );
    assert_eq!(c.code, 2, "{}", c.text());
    let c = run_bin(
        dir.path(),
        &[
            "serve",
            "--data",
            &data,
            "--addr",
            "127.0.0.1:0",
            "--as-of",
            "2014-12-31",
        ],
    );
    assert_eq!(c.code, 2, "{}", c.text());
    assert!(c.text().contains("no usable feature"), "{}", c.text());
}

#[test]
fn implausible_dates_are_warnings_naming_layer_feature_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_dir(dir.path(), "layers", |l| {
        let p = &mut layer(l, "parcels")["features"];
        p[1]["properties"]["agreed_start"] = json!("1800-01-01");
        p[2]["properties"]["halted_since"] = json!("2200-06-01");
        p[3]["properties"]["agreed_completion"] = json!("2090-01-01");
    });
    let c = check(dir.path(), &data, Some("as_of = 2014-12-31"));
    assert_eq!(c.code, 0, "warnings only: {}", c.text());
    for (id, field, date) in [
        ("P-001", "agreed_start", "1800-01-01"),
        ("P-002", "halted_since", "2200-06-01"),
        ("P-003", "agreed_completion", "2090-01-01"),
    ] {
        assert!(
            c.line_with(&["warning", "parcels", id, field, date])
                .is_some(),
            "{id} {field}: {}",
            c.text()
        );
    }
}

#[test]
fn overlapping_zones_are_reported_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_dir(dir.path(), "layers", |l| {
        let z = &mut layer(l, "zones")["features"];
        let mut copy = z[0].clone();
        copy["properties"]["zone_id"] = json!("410184-02");
        copy["geometry"] =
            json!({"type": "Polygon", "coordinates": [ring(113.76, 34.40, 0.03, 0.025, 24, 0.1)]});
        z.as_array_mut().unwrap().push(copy);
    });
    let c = check(dir.path(), &data, None);
    assert!(
        c.line_with(&["warning", "zones", "410184-01", "410184-02", "overlap"])
            .is_some(),
        "{}",
        c.text()
    );
    // The two base zones are far apart: no overlap reported for them.
    assert!(
        c.line_with(&["410522-01", "overlap"]).is_none(),
        "{}",
        c.text()
    );
}

#[test]
fn a_zero_area_ring_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let data = data_dir(dir.path(), "layers", |l| {
        l.iter_mut().find(|(n, _)| *n == "parcels").unwrap().1["features"][4]["geometry"] = json!({
            "type": "Polygon",
            "coordinates": [[[113.70, 34.40], [113.71, 34.40], [113.72, 34.40], [113.70, 34.40]]]
        });
    });
    let c = check(dir.path(), &data, None);
    assert_eq!(c.code, 1, "{}", c.text());
    assert!(
        c.line_with(&["parcels", "P-004", "zero area"]).is_some(),
        "{}",
        c.text()
    );
}
