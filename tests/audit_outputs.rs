//! The audit's writers on hand-made layers: the four files exist, the GeoPackage holds every
//! layer with the contract's property names and types, the styles and aliases; the CSVs carry
//! a BOM and one row per candidate / zone; the report is self-contained.

mod audit_support;

use gdal::vector::LayerAccess;
use std::path::Path;
use zonescope::audit::{self, progress::Progress, AuditContext};
use zonescope::view::{LayerView, SharedView};

/// Owned layers as shared views.
fn views(layers: Vec<zonescope::layer::Layer>) -> Vec<SharedView> {
    layers
        .into_iter()
        .map(|l| std::sync::Arc::new(LayerView::new(l)) as SharedView)
        .collect()
}

fn write(out: &Path) -> audit::AuditSummary {
    let ds = std::sync::Arc::new(audit_support::dataset());
    let results = views(audit_support::result_layers(&ds));
    let ctx = AuditContext {
        as_of: audit_support::date("2014-12-31"),
        source: ds.source.clone(),
        rules: Default::default(),
        zones: vec![],
        warnings: vec![],
        previous_as_of: None,
    };
    let inputs = zonescope::view::input_views(&ds);
    audit::write_outputs(&inputs, || results, &ctx, out, &Progress::hidden()).expect("audit writes")
}

#[test]
fn writes_all_four_files() {
    let dir = tempfile::tempdir().unwrap();
    let s = write(dir.path());
    for f in ["audit.gpkg", "idle_land.csv", "zones.csv", "report.html"] {
        assert!(dir.path().join(f).metadata().unwrap().len() > 0, "{f}");
    }
    assert_eq!(s.idle_candidates, 3);
    assert_eq!(s.zones, 2);
    if let Ok(keep) = std::env::var("AUDIT_KEEP_OUT") {
        std::fs::create_dir_all(&keep).unwrap();
        for f in ["audit.gpkg", "idle_land.csv", "zones.csv", "report.html"] {
            std::fs::copy(dir.path().join(f), Path::new(&keep).join(f)).unwrap();
        }
    }
}

#[test]
fn geopackage_has_every_layer_with_types_and_styles() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path());
    let ds = gdal::Dataset::open(dir.path().join("audit.gpkg")).unwrap();
    let (_, layers) = audit_support::all_layers();
    for l in &layers {
        if !audit::packaged(&l.id) {
            // parcels and villages are in parcel-intensity and relocation.
            assert!(ds.layer_by_name(&l.id).is_err(), "{} is packaged", l.id);
            continue;
        }
        let mut g = ds
            .layer_by_name(&l.id)
            .unwrap_or_else(|_| panic!("layer {} missing", l.id));
        assert_eq!(g.feature_count() as usize, l.features.len(), "{}", l.id);
        let defn = g.defn();
        let names: Vec<String> = defn.fields().map(|f| f.name()).collect();
        for field in &l.schema {
            assert!(
                names.contains(&field.name.to_string()),
                "{}.{} missing",
                l.id,
                field.name
            );
        }
        let srs = g.spatial_ref().expect("srs");
        assert_eq!(srs.auth_code().unwrap(), 4490);
        let _ = g.features().count();
    }
    // Types: dates as Date, booleans as Integer(Boolean), lists as text.
    let idle = ds.layer_by_name("idle-land").unwrap();
    let defn = idle.defn();
    let ty = |n: &str| defn.fields().find(|f| f.name() == n).unwrap().field_type();
    assert_eq!(ty("idle_since"), gdal_sys::OGRFieldType::OFTDate);
    assert_eq!(ty("excluded"), gdal_sys::OGRFieldType::OFTInteger);
    let mut pi = ds.layer_by_name("parcel-intensity").unwrap();
    let shortfalls: Vec<Option<String>> = pi
        .features()
        .map(|f| text(&f, "shortfalls").unwrap())
        .collect();
    assert!(
        shortfalls.contains(&Some("far,building_coefficient".to_string())),
        "{shortfalls:?}"
    );
    let mut idle = ds.layer_by_name("idle-land").unwrap();
    let first = idle.features().next().unwrap();
    assert_eq!(
        text(&first, "idle_since").unwrap().as_deref(),
        Some("2011/03/01")
    );

    // layer_styles: one default QGIS style per styled layer, with aliases.
    let mut styles = ds.layer_by_name("layer_styles").unwrap();
    let rows: Vec<(String, String, i32, String)> = styles
        .features()
        .map(|f| {
            (
                text(&f, "f_table_name").unwrap().unwrap(),
                text(&f, "f_geometry_column").unwrap().unwrap(),
                int(&f, "useAsDefault").unwrap().unwrap(),
                text(&f, "styleQML").unwrap().unwrap(),
            )
        })
        .collect();
    // Every packaged layer: zones, roads and the seven results.
    assert_eq!(rows.len(), 9);
    for (table, geom, default, qml) in &rows {
        assert_eq!(geom, "geom");
        assert_eq!(*default, 1);
        assert!(
            qml.contains("<renderer-v2") && qml.contains("<aliases>"),
            "{table}"
        );
    }
    let idle_qml = &rows.iter().find(|r| r.0 == "idle-land").unwrap().3;
    assert!(idle_qml.contains("RuleRenderer") && idle_qml.contains("= 'reclaim'"));
}

fn text(f: &gdal::vector::Feature, name: &str) -> gdal::errors::Result<Option<String>> {
    f.field_as_string(f.field_index(name)?)
}

fn int(f: &gdal::vector::Feature, name: &str) -> gdal::errors::Result<Option<i32>> {
    f.field_as_integer(f.field_index(name)?)
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(audit::csv::BOM),
        "{} has no BOM",
        path.display()
    );
    let mut r = csv::Reader::from_reader(&bytes[3..]);
    let header = r.headers().unwrap().iter().map(str::to_string).collect();
    let rows = r
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

#[test]
fn csvs_have_bom_and_one_row_each() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path());
    let (h, rows) = read_csv(&dir.path().join("idle_land.csv"));
    assert_eq!(rows.len(), 3);
    let col = |n: &str| {
        h.iter()
            .position(|x| x == n)
            .unwrap_or_else(|| panic!("no column {n}"))
    };
    let p12 = rows.iter().find(|r| r[col("parcel_id")] == "P12").unwrap();
    assert_eq!(p12[col("idle_area_m2")], "17000");
    assert_eq!(p12[col("idle_area_mu")], "25.5");
    assert_eq!(p12[col("zone_name")], "郑州航空港产业集聚区");
    // 3000 of 20000 m² developed = 15.0 %, 1000 of 10000 invested = 10.0 %.
    assert!(
        p12[col("explanation")].contains("15.0%") && p12[col("explanation")].contains("10.0%"),
        "{}",
        p12[col("explanation")]
    );
    assert_eq!(
        rows.iter().find(|r| r[col("parcel_id")] == "P21").unwrap()[col("excluded")],
        "true"
    );

    let (h, rows) = read_csv(&dir.path().join("zones.csv"));
    assert_eq!(rows.len(), 2);
    let col = |n: &str| {
        h.iter()
            .position(|x| x == n)
            .unwrap_or_else(|| panic!("no column {n}"))
    };
    let z1 = rows.iter().find(|r| r[col("zone_id")] == "Z1").unwrap();
    assert_eq!(z1[col("name")], "郑州航空港产业集聚区");
    assert_eq!(z1[col("status")], "direct");
    assert_eq!(z1[col("routes")], "G107");
    assert_eq!(z1[col("idle_reclaim_count")], "2");
    assert_eq!(z1[col("idle_fee_count")], "0");
    assert_eq!(z1[col("households")], "120");
    let z2 = rows.iter().find(|r| r[col("zone_id")] == "Z2").unwrap();
    assert_eq!(z2[col("idle_excluded_count")], "1");
    assert_eq!(z2[col("gap_m")], "98000");
    assert_eq!(z2[col("network_distance_m")], "");
}

#[test]
fn outputs_degrade_without_result_layers() {
    let dir = tempfile::tempdir().unwrap();
    let ds = std::sync::Arc::new(audit_support::dataset());
    let inputs = zonescope::view::input_views(&ds);
    let ctx = AuditContext {
        as_of: audit_support::date("2014-12-31"),
        source: ds.source.clone(),
        rules: Default::default(),
        zones: vec![],
        warnings: vec![],
        previous_as_of: None,
    };
    let s = audit::write_outputs(&inputs, Vec::new, &ctx, dir.path(), &Progress::hidden()).unwrap();
    assert_eq!(s.idle_candidates, 0);
    let (_, rows) = read_csv(&dir.path().join("zones.csv"));
    assert_eq!(rows.len(), 2);
    let html = std::fs::read_to_string(dir.path().join("report.html")).unwrap();
    assert!(html.contains("</html>"));
}

#[test]
fn zone_filter_keeps_zone_parcels_and_villages() {
    let ds = audit_support::dataset();
    let f = audit::filter::zones_only(&ds, &["Z2".to_string()]).unwrap();
    assert_eq!(f.zones.len(), 1);
    assert_eq!(
        f.parcels
            .iter()
            .map(|p| p.parcel_id.as_str())
            .collect::<Vec<_>>(),
        ["P21", "P22", "P23"]
    );
    assert_eq!(
        f.villages
            .iter()
            .map(|v| v.village_id.as_str())
            .collect::<Vec<_>>(),
        ["V2"]
    );
    assert_eq!(f.roads.len(), 2, "roads stay whole");
    assert!(audit::filter::zones_only(&ds, &["NOPE".to_string()]).is_err());
}
