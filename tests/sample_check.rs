//! The bundled sample passes `zonescope check`: exit 0, no errors, and warnings only of the
//! kinds planted on purpose (registered area off by > 5 %, missing or unknown industry code,
//! parcels outside every zone).

use std::process::Command;

#[test]
fn bundled_sample_checks_clean_with_planted_warnings_only() {
    let root = env!("CARGO_MANIFEST_DIR");
    let out = Command::new(env!("CARGO_BIN_EXE_zonescope"))
        .args(["check", "--data", &format!("{root}/data/henan_sample.gpkg")])
        .output()
        .expect("run zonescope check");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut area = 0;
    let mut code = 0;
    let mut outside = 0;
    for line in stdout.lines().filter(|l| !l.trim().is_empty()) {
        assert!(line.starts_with("warning"), "not a warning: {line}");
        assert!(line.contains("layer parcels"), "unplanted warning: {line}");
        if line.contains("registered_area_m2") {
            area += 1;
        } else if line.contains("industry_code") {
            code += 1;
        } else if line.contains("outside every zone") {
            outside += 1;
        } else {
            panic!("unplanted warning: {line}");
        }
    }
    assert!(area >= 20, "area mismatches planted: {area}");
    assert!(
        code >= 20,
        "unknown or missing industry codes planted: {code}"
    );
    assert!(
        (1..=5).contains(&outside),
        "parcels outside every zone planted: {outside}"
    );
}
