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

/// Process CPU time (user + system) in seconds, from /proc/self/stat (10 ms resolution).
fn cpu_s() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map(|x| x.1).unwrap_or("");
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

/// Runs `f` `runs` times: (best wall s, median wall s, CPU s of the best run, last result).
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, f64, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let (t, c) = (Instant::now(), cpu_s());
        last = Some(f());
        times.push((t.elapsed().as_secs_f64(), cpu_s() - c));
    }
    times.sort_by(|a, b| a.0.partial_cmp(&b.0).unwrap());
    let cpu = times[0].1;
    eprintln!("    (cpu of best run {cpu:.2} s)");
    (times[0].0, times[times.len() / 2].0, last.unwrap())
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
    let (cb, cm, zc) = time(runs, || connectivity::analyse(&ds, &rules.connectivity));
    let mut counts = std::collections::BTreeMap::new();
    for z in &zc {
        *counts.entry(z.status.as_str()).or_insert(0) += 1;
    }
    let connectors = zc.iter().filter(|z| z.connector.is_some()).count();
    println!("connectivity (graph included): best {cb:.2} s, median {cm:.2} s; {counts:?}, {connectors} connectors");
    let (rb, rm, (rel, zr)) = time(runs, || {
        let inside = relocation::villages_in_zones(&ds, &rules.relocation);
        let totals = relocation::zone_totals(&ds, &rules.relocation, &inside);
        (inside, totals)
    });
    let not_done: usize = zr.iter().map(|z| z.village_count).sum();
    println!(
        "relocation: best {rb:.2} s, median {rm:.2} s; {} villages in zones, {not_done} not done",
        rel.len()
    );
    println!(
        "both analyses: best {:.2} s, median {:.2} s",
        cb + rb,
        cm + rm
    );
    layouts(&ds, rules, runs);
}

/// Own CSR adjacency vs `petgraph::Graph` for the one multi-source shortest-path search the
/// analysis needs (full exploration from every trunk access node over non-expressway links).
fn layouts(ds: &zonescope::dataset::Dataset, rules: &zonescope::rules::Rules, runs: usize) {
    use petgraph::graph::{NodeIndex, UnGraph};
    use std::cmp::Reverse;
    use std::collections::BinaryHeap;
    let g = RoadGraph::build(&ds.roads, &rules.connectivity);
    let n = g.nodes.len();
    let sources: Vec<u32> = (0..n as u32).filter(|&v| g.is_trunk_access(v)).collect();
    let (csr_best, csr_med, csr_sum) = time(runs, || {
        let mut dist = vec![f64::INFINITY; n];
        let mut heap = BinaryHeap::new();
        for &s in &sources {
            dist[s as usize] = 0.0;
            heap.push(Reverse((0u64, s)));
        }
        while let Some(Reverse((d, v))) = heap.pop() {
            if d != dist[v as usize].to_bits() {
                continue;
            }
            let d = f64::from_bits(d);
            for (&(w, _), &weight) in g.neighbours(v).iter().zip(g.weights(v)) {
                if weight == f64::INFINITY {
                    continue;
                }
                let nd = d + weight;
                if nd < dist[w as usize] {
                    dist[w as usize] = nd;
                    heap.push(Reverse((nd.to_bits(), w)));
                }
            }
        }
        dist.iter().filter(|d| d.is_finite()).sum::<f64>()
    });
    let (pb_best, pb_med, pg) = time(runs, || {
        let mut pg = UnGraph::<(), f64>::with_capacity(n + 1, g.links.len() + sources.len());
        for _ in 0..=n {
            pg.add_node(());
        }
        for l in g.links.iter().filter(|l| !l.expressway) {
            pg.add_edge(
                NodeIndex::new(l.from as usize),
                NodeIndex::new(l.to as usize),
                l.length_m,
            );
        }
        for &s in &sources {
            pg.add_edge(NodeIndex::new(n), NodeIndex::new(s as usize), 0.0);
        }
        pg
    });
    let (pd_best, pd_med, pg_sum) = time(runs, || {
        let d = petgraph::algo::dijkstra(&pg, NodeIndex::new(n), None, |e| *e.weight());
        d.iter()
            .filter(|(k, _)| k.index() != n)
            .map(|(_, v)| *v)
            .sum::<f64>()
    });
    let csr_bytes = (n + 1) * 4 + g.links.len() * 2 * (8 + 8);
    let pg_bytes = pg.node_count() * std::mem::size_of::<petgraph::graph::Node<()>>()
        + pg.edge_count() * std::mem::size_of::<petgraph::graph::Edge<f64>>();
    println!(
        "layout: own CSR dijkstra best {csr_best:.2} s (median {csr_med:.2}), adjacency {:.0} MB; \
         petgraph build best {pb_best:.2} s (median {pb_med:.2}) + dijkstra best {pd_best:.2} s (median {pd_med:.2}), {:.0} MB; \
         distance sums {csr_sum:.6e} / {pg_sum:.6e}",
        csr_bytes as f64 / 1e6,
        pg_bytes as f64 / 1e6
    );
}
