//! Where the time of a CQL2 items request goes, phase by phase, on a GeoPackage (the
//! province set): compiling the filter, the scan row by row through the view (the evaluator
//! before the column copies), the scan over the copies (first call: copies made; then
//! warm), sorting, and encoding a page of 100 features. Medians of RUNS calls, in ms.
//!
//!   cargo build --release --example profile_filter
//!   target/release/examples/profile_filter /tmp/cql2/province.gpkg [RUNS]

use std::sync::Arc;
use std::time::Instant;
use zonescope::filter::{sort_page, sort_rows, Filter, Lang, SortKey};
use zonescope::view::SharedView;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut ts = Vec::with_capacity(runs);
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        let r = f();
        ts.push(t.elapsed().as_secs_f64() * 1000.0);
        last = Some(r);
    }
    (median(ts), last.expect("runs ≥ 1"))
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "/tmp/cql2/province.gpkg".into());
    let runs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(9);
    let cfg = zonescope::config::Config::default();
    let t = Instant::now();
    let loaded = zonescope::source::load(&path, &cfg).expect("the GeoPackage loads");
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 12, 31).unwrap();
    let results = zonescope::analysis::run(Arc::new(loaded.dataset), &cfg.rules, as_of);
    let all: Vec<SharedView> = results.views();
    eprintln!("loaded and analysed in {:.1} s", t.elapsed().as_secs_f64());
    let view = |id: &str| {
        all.iter()
            .find(|v| v.meta().id == id)
            .unwrap_or_else(|| panic!("no layer {id}"))
            .clone()
    };
    let zone = {
        let p = view("parcels");
        let c = p.field_index("zone_id").unwrap();
        let mut n = std::collections::HashMap::<String, usize>::new();
        for r in 0..p.len() {
            if let Some(z) = p.value(r, c).as_str() {
                *n.entry(z.to_string()).or_default() += 1;
            }
        }
        n.into_iter()
            .max_by_key(|(z, k)| (*k, z.clone()))
            .unwrap()
            .0
    };
    let cases: Vec<(&str, String, Option<&str>)> = vec![
        ("parcels", format!("zone_id = '{zone}'"), None),
        ("parcels", "land_use = '0601'".into(), None),
        (
            "parcels",
            "granted_on < DATE('2012-01-01') AND actual_start IS NULL".into(),
            None,
        ),
        ("parcels", "CASEI(holder) LIKE CASEI('%机械%')".into(), None),
        ("parcel-intensity", "far < 0.8".into(), None),
        (
            "parcel-intensity",
            format!("A_CONTAINS(shortfalls, ('far')) AND zone_id <> '{zone}'"),
            None,
        ),
        (
            "parcel-intensity",
            "site_area_m2 / area_m2 > 1.05".into(),
            None,
        ),
        ("parcel-intensity", "far < 0.8".into(), Some("far")),
    ];
    println!(
        "{:<60} {:>8} {:>9} {:>10} {:>10} {:>9} {:>10} {:>10} {:>8}",
        "filter",
        "compile",
        "by rows",
        "copies 1st",
        "copies",
        "matched",
        "sort all",
        "sort page",
        "encode"
    );
    let id = |a: f64, b: f64| Some((a, b));
    for (layer, text, sort) in cases {
        let v = view(layer);
        let (t_compile, f) = time(runs, || {
            Filter::compile_str(&text, Lang::Text, v.as_ref(), &id).expect("compiles")
        });
        let (t_rows, want) = time(runs.min(5), || f.select_by_rows(v.as_ref(), None));
        let t = Instant::now();
        let first = f.select(v.as_ref(), None);
        let t_first = t.elapsed().as_secs_f64() * 1000.0;
        let (t_fast, got) = time(runs, || f.select(v.as_ref(), None));
        assert_eq!(got, want, "{text}: the copies and the rows disagree");
        assert_eq!(first, want);
        let (t_sort, t_page, sorted) = match sort {
            None => (f64::NAN, f64::NAN, got.clone()),
            Some(name) => {
                let keys = [SortKey {
                    col: v.field_index(name),
                    descending: true,
                }];
                let (a, _) = time(runs, || {
                    let mut r = got.clone();
                    sort_rows(v.as_ref(), &mut r, &keys);
                    r
                });
                let (b, r) = time(runs, || {
                    let mut r = got.clone();
                    sort_page(v.as_ref(), &mut r, &keys, 100);
                    r
                });
                (a, b, r)
            }
        };
        let (t_enc, bytes) = time(runs, || {
            let mut buf = Vec::new();
            for &i in sorted.iter().take(100) {
                zonescope::serve::encode::write_feature(
                    &mut buf,
                    v.as_ref(),
                    i as usize,
                    &zonescope::serve::crs::Crs::Crs84,
                );
            }
            buf.len()
        });
        let label = match sort {
            Some(s) => format!("{text} (sortby=-{s})"),
            None => text.clone(),
        };
        println!(
            "{:<60} {:>8.2} {:>9.2} {:>10.2} {:>10.2} {:>9} {:>10.2} {:>10.2} {:>8.2}",
            format!("{layer}: {label}"),
            t_compile,
            t_rows,
            t_first,
            t_fast,
            got.len(),
            t_sort,
            t_page,
            t_enc
        );
        let _ = bytes;
    }
}
