//! Validity-check benchmark: a wavy simple ring of N vertices (a digitised zone boundary),
//! checked by zonescope's R-tree validation and, for sizes where it finishes, by `geo`'s
//! quadratic `Validation`. Prints seconds per size. Run with `scripts/bench-validity.sh`.

use geo::{Coord, LineString, MultiPolygon, Polygon, Validation};
use rand::{Rng, SeedableRng};
use std::time::Instant;
use zonescope::source::validity;

fn ring(n: usize) -> Polygon<f64> {
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(1);
    let mut pts: Vec<Coord<f64>> = (0..n)
        .map(|i| {
            let a = i as f64 / n as f64 * std::f64::consts::TAU;
            let r = 0.05 * (1.0 + 0.2 * (7.0 * a).sin() + rng.gen_range(0.0..1.0) * 3.0 / n as f64);
            Coord {
                x: 113.7 + r * a.cos(),
                y: 34.4 + r * a.sin(),
            }
        })
        .collect();
    pts.push(pts[0]);
    Polygon::new(LineString(pts), vec![])
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![10_000, 30_000, 100_000, 1_000_000]
    } else {
        sizes
    };
    for n in sizes {
        let p = ring(n);
        let mp = MultiPolygon(vec![p.clone()]);
        let t = Instant::now();
        let problems = validity::multipolygon_problems(&mp);
        let ours = t.elapsed().as_secs_f64();
        let geo_s = if n <= 30_000 {
            let t = Instant::now();
            let e = p.validation_errors();
            assert_eq!(e.is_empty(), problems.is_empty());
            format!("{:.2} s", t.elapsed().as_secs_f64())
        } else {
            "not run (quadratic)".to_string()
        };
        println!(
            "{n} vertices: zonescope {ours:.3} s ({} problem(s)); geo Validation {geo_s}",
            problems.len()
        );
    }
}
