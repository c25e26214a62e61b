//! Benchmark of the road connectivity and relocation analyses (not a test).
//!
//! `cargo run --release --example bench_network -- DATA.gpkg [runs]`
//!
//! Loads DATA with the default config (not timed), then times the road graph build alone, the
//! connectivity layers (graph build included) and the relocation layers, `runs` times each
//! (default 3), and prints the best and median wall-clock seconds.

use std::time::Instant;
use zonescope::analysis::{connectivity, relocation};
use zonescope::config::Config;
use zonescope::dataset::road_graph::RoadGraph;

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, f64, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = Instant::now();
        last = Some(f());
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (times[0], times[times.len() / 2], last.unwrap())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).expect("usage: bench_network DATA.gpkg [runs]");
    let runs: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(3);
    let cfg = Config::default();
    let t = Instant::now();
    let loaded = match zonescope::source::load(path, &cfg) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let ds = loaded.dataset;
    println!(
        "loaded {} zones, {} roads, {} villages in {:.1} s (not timed below); {} threads",
        ds.zones.len(),
        ds.roads.len(),
        ds.villages.len(),
        t.elapsed().as_secs_f64(),
        rayon::current_num_threads()
    );
    let rules = &cfg.rules;
    let (b, m, g) = time(runs, || RoadGraph::build(&ds.roads, &rules.connectivity));
    println!(
        "road graph: {} nodes, {} links; build best {b:.2} s, median {m:.2} s",
        g.nodes.len(),
        g.links.len()
    );
    drop(g);
    let (cb, cm, (zc, cp)) = time(runs, || connectivity::layers(&ds, &rules.connectivity));
    let mut counts = std::collections::BTreeMap::new();
    let si = zc.field_index("status").unwrap();
    for f in &zc.features {
        *counts.entry(format!("{:?}", f.properties[si])).or_insert(0) += 1;
    }
    println!("connectivity (graph included): best {cb:.2} s, median {cm:.2} s; {counts:?}, {} connectors", cp.features.len());
    let (rb, rm, (rel, zr)) = time(runs, || relocation::layers(&ds, &rules.relocation));
    let vc = zr.field_index("village_count").unwrap();
    let not_done: i64 = zr
        .features
        .iter()
        .map(|f| match f.properties[vc] {
            zonescope::layer::Value::Integer(i) => i,
            _ => 0,
        })
        .sum();
    println!(
        "relocation: best {rb:.2} s, median {rm:.2} s; {} villages in zones, {not_done} not done",
        rel.features.len()
    );
    println!(
        "both analyses: best {:.2} s, median {:.2} s",
        cb + rb,
        cm + rm
    );
}
