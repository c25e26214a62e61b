//! Benchmark of the intensity and idle-land analyses (not a test). Prints one JSON line.
//!
//! ```text
//! cargo run --release --example bench_intensity -- DATA.gpkg [AS_OF] [CONFIG]
//! ```
//!
//! Times, in seconds: `load_s` (GDAL read, reprojection, validation, geodesic areas, R-trees
//! and zone membership: `source::load`), `membership_s` (rebuilding the R-trees and the
//! largest-overlap zone membership alone, `Dataset::new` on a copy of the loaded zones and
//! parcels, one run), `typed_s`
//! (typed results: parcel figures, idle candidates, zone totals) and `layers_s` (all three
//! analyses end to end, typed results plus conversion to the common Layer form); the best of
//! `BENCH_RUNS` (default 3) runs for the last two; the `*_cpu_s` figures are the mean CPU time
//! (all threads, user + system) of one run. Results of a previous run are dropped outside the
//! measurement.

use chrono::NaiveDate;
use std::time::Instant;
use zonescope::analysis::{self, idle, intensity};
use zonescope::config::Config;
use zonescope::dataset::Dataset;

/// Best wall time and mean CPU time (all threads) of `n` runs, and the last result. The
/// previous result is dropped before each run starts, outside the measurement.
fn best_of<T>(n: usize, mut f: impl FnMut() -> T) -> (f64, f64, T) {
    let mut best = f64::INFINITY;
    let mut cpu = 0.0;
    let mut out = None;
    for _ in 0..n.max(1) {
        drop(out.take());
        let c = cpu_s();
        let t = Instant::now();
        let r = f();
        best = best.min(t.elapsed().as_secs_f64());
        cpu += cpu_s() - c;
        out = Some(r);
    }
    (best, cpu / n.max(1) as f64, out.unwrap())
}

/// CPU time (user + system) of this process so far, seconds, from /proc/self/stat.
fn cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let f: Vec<f64> = after
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    // After the command: state (not numeric, skipped), then ppid (field 4) …; utime is
    // field 14, stime 15 (clock ticks of 1/100 s).
    (f.get(10).copied().unwrap_or(0.0) + f.get(11).copied().unwrap_or(0.0)) / 100.0
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(src) = args.get(1) else {
        eprintln!("usage: bench_intensity DATA [AS_OF] [CONFIG]");
        std::process::exit(2);
    };
    let as_of = args
        .get(2)
        .map(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("AS_OF is YYYY-MM-DD"))
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(2014, 12, 31).unwrap());
    let cfg = match args.get(3) {
        Some(p) => Config::from_file(std::path::Path::new(p)).expect("config"),
        None => Config::default(),
    };
    let t = Instant::now();
    let loaded = match zonescope::source::load(src, &cfg) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let load_s = t.elapsed().as_secs_f64();
    let ds = loaded.dataset;
    // One copy of the records (made outside the measurement) for one rebuild.
    let mut copies = vec![(ds.zones.clone(), ds.parcels.clone())];
    let (membership_s, membership_cpu_s, rebuilt) = best_of(1, || {
        let (zones, parcels) = copies.pop().unwrap();
        Dataset::new("rebuilt", zones, parcels, Vec::new(), Vec::new())
    });
    assert_eq!(rebuilt.parcel_zone, ds.parcel_zone);
    drop(rebuilt);
    let rules = &cfg.rules;
    let runs: usize = std::env::var("BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let (typed_s, typed_cpu_s, (n_parcels, n_idle, n_zones)) = best_of(runs, || {
        let (p, c) = rayon::join(
            || intensity::parcels_intensity(&ds, &rules.intensity),
            || idle::idle_candidates(&ds, &rules.idle, as_of),
        );
        let z = intensity::zones_intensity(&ds, &p, &c);
        (p.len(), c.len(), z.len())
    });
    // The published form is a borrowed view: building one costs nothing beyond the
    // typed results, so "layers" times results + the three views.
    let (layers_s, layers_cpu_s, views) = best_of(runs, || {
        let r = std::sync::Arc::new(analysis::intensity_results(&ds, rules, as_of));
        let n = r.parcels.len() + r.zones.len() + r.idle.len();
        (r, n)
    });
    let features: usize = views.1;
    println!(
        "{{\"parcels\":{n_parcels},\"zones\":{n_zones},\"idle\":{n_idle},\"features\":{features},\
         \"threads\":{},\"load_s\":{load_s:.3},\"membership_s\":{membership_s:.3},\"membership_cpu_s\":{membership_cpu_s:.3},\
         \"typed_s\":{typed_s:.3},\"typed_cpu_s\":{typed_cpu_s:.3},\"layers_s\":{layers_s:.3},\"layers_cpu_s\":{layers_cpu_s:.3}}}",
        rayon::current_num_threads()
    );
}
