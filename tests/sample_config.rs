//! The bundled sample's config names the sample and the plan year's last day.

use std::path::Path;

#[test]
fn bundled_config_names_sample_and_as_of() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("data/zonescope.toml");
    let cfg = zonescope::config::Config::from_file(&path).expect("config parses");
    assert_eq!(cfg.as_of, chrono::NaiveDate::from_ymd_opt(2014, 12, 31));
    let data = cfg.data.expect("data is set");
    assert!(data.ends_with("henan_sample.gpkg"), "{data}");
    assert!(Path::new(&data).exists(), "{data} does not exist");
}
