//! Where roads run: a uniform grid of road segments (metric plane) so that parcel cells a road
//! passes through are left unallocated, as in a real estate where roads run between plots.

use super::plane::{point_in_ring, P};
use std::collections::HashMap;

const CELL_M: f64 = 500.0;

/// Road segments bucketed by grid cell.
#[derive(Default)]
pub struct RoadMask {
    map: HashMap<(i32, i32), Vec<(P, P)>>,
}

fn key(x: f64, y: f64) -> (i32, i32) {
    ((x / CELL_M).floor() as i32, (y / CELL_M).floor() as i32)
}

fn orient(a: P, b: P, c: P) -> f64 {
    (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
}

/// Do segments ab and cd intersect (touching counts)?
fn segments_meet(a: P, b: P, c: P, d: P) -> bool {
    let (d1, d2) = (orient(c, d, a), orient(c, d, b));
    let (d3, d4) = (orient(a, b, c), orient(a, b, d));
    (d1 * d2 <= 0.0) && (d3 * d4 <= 0.0) && !(d1 == 0.0 && d2 == 0.0 && d3 == 0.0 && d4 == 0.0)
}

impl RoadMask {
    /// Adds a polyline.
    pub fn add_line(&mut self, pts: &[P]) {
        for w in pts.windows(2) {
            let (a, b) = (w[0], w[1]);
            let (k0, k1) = (
                key(a[0].min(b[0]), a[1].min(b[1])),
                key(a[0].max(b[0]), a[1].max(b[1])),
            );
            for i in k0.0..=k1.0 {
                for j in k0.1..=k1.1 {
                    self.map.entry((i, j)).or_default().push((a, b));
                }
            }
        }
    }

    /// Does any road pass through or touch the ring (open ring, metric plane)?
    pub fn hits_ring(&self, ring: &[P]) -> bool {
        let (mut min, mut max) = ([f64::MAX; 2], [f64::MIN; 2]);
        for p in ring {
            min = [min[0].min(p[0]), min[1].min(p[1])];
            max = [max[0].max(p[0]), max[1].max(p[1])];
        }
        let (k0, k1) = (key(min[0], min[1]), key(max[0], max[1]));
        for i in k0.0..=k1.0 {
            for j in k0.1..=k1.1 {
                let Some(segs) = self.map.get(&(i, j)) else {
                    continue;
                };
                for &(a, b) in segs {
                    if a[0].max(b[0]) < min[0]
                        || a[0].min(b[0]) > max[0]
                        || a[1].max(b[1]) < min[1]
                        || a[1].min(b[1]) > max[1]
                    {
                        continue;
                    }
                    if point_in_ring(a, ring) || point_in_ring(b, ring) {
                        return true;
                    }
                    let n = ring.len();
                    if (0..n).any(|k| segments_meet(a, b, ring[k], ring[(k + 1) % n])) {
                        return true;
                    }
                }
            }
        }
        false
    }

    /// Forgets everything (a new province copy).
    pub fn clear(&mut self) {
        self.map.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crossing_and_missing_segments() {
        let mut m = RoadMask::default();
        let square = vec![[0.0, 0.0], [100.0, 0.0], [100.0, 100.0], [0.0, 100.0]];
        m.add_line(&[[-50.0, 150.0], [150.0, 150.0]]);
        assert!(!m.hits_ring(&square));
        m.add_line(&[[-50.0, 50.0], [-10.0, 50.0], [150.0, 60.0]]);
        assert!(m.hits_ring(&square));
        let mut inner = RoadMask::default();
        inner.add_line(&[[10.0, 10.0], [20.0, 20.0]]);
        assert!(inner.hits_ring(&square));
    }
}
