//! Clipping to the tile's buffered square, in tile coordinates (f64, before rounding).
//!
//! `geo` has no rectangle clipper (its boolean operations are general polygon overlay, far
//! slower per tile than needed), so this is the classic pair every tile encoder uses:
//! Sutherland–Hodgman for polygon rings (each ring against the four edges; concave rings may
//! gain edges along the square's border, outside the visible tile inside the buffer, which
//! renderers draw as nothing) and Liang–Barsky per segment for lines.

pub type Pt = [f64; 2];

/// An axis-aligned square `[lo, hi]²` of tile coordinates.
#[derive(Debug, Clone, Copy)]
pub struct ClipBox {
    pub lo: f64,
    pub hi: f64,
}

impl ClipBox {
    /// Is the box `[min, max]` wholly inside?
    pub fn contains_box(&self, min: Pt, max: Pt) -> bool {
        min[0] >= self.lo && min[1] >= self.lo && max[0] <= self.hi && max[1] <= self.hi
    }
    /// Does the box `[min, max]` meet it?
    pub fn meets_box(&self, min: Pt, max: Pt) -> bool {
        max[0] >= self.lo && max[1] >= self.lo && min[0] <= self.hi && min[1] <= self.hi
    }
    pub fn contains(&self, p: Pt) -> bool {
        p[0] >= self.lo && p[0] <= self.hi && p[1] >= self.lo && p[1] <= self.hi
    }
}

/// Clips an open ring (first point not repeated at the end); the result is open too and may
/// be empty.
pub fn clip_ring(ring: &[Pt], b: ClipBox) -> Vec<Pt> {
    let mut cur: Vec<Pt> = ring.to_vec();
    let mut next: Vec<Pt> = Vec::with_capacity(ring.len() + 4);
    // (axis, keep points with coord >= bound when `low`, <= bound otherwise)
    for (axis, bound, low) in [
        (0usize, b.lo, true),
        (0, b.hi, false),
        (1, b.lo, true),
        (1, b.hi, false),
    ] {
        if cur.is_empty() {
            break;
        }
        next.clear();
        let inside = |p: &Pt| {
            if low {
                p[axis] >= bound
            } else {
                p[axis] <= bound
            }
        };
        let mut prev = *cur.last().expect("non-empty");
        let mut prev_in = inside(&prev);
        for &p in &cur {
            let p_in = inside(&p);
            if p_in != prev_in {
                next.push(cross(prev, p, axis, bound));
            }
            if p_in {
                next.push(p);
            }
            prev = p;
            prev_in = p_in;
        }
        std::mem::swap(&mut cur, &mut next);
    }
    cur
}

/// Where segment `a`–`b` crosses `coord[axis] = bound`.
fn cross(a: Pt, b: Pt, axis: usize, bound: f64) -> Pt {
    let t = (bound - a[axis]) / (b[axis] - a[axis]);
    let mut p = [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
    p[axis] = bound;
    p
}

/// Clips a line string; returns its pieces inside the box (each with ≥ 2 points).
pub fn clip_line(line: &[Pt], b: ClipBox) -> Vec<Vec<Pt>> {
    let mut parts: Vec<Vec<Pt>> = Vec::new();
    let mut cur: Vec<Pt> = Vec::new();
    for w in line.windows(2) {
        match clip_segment(w[0], w[1], b) {
            Some((p, q, whole_end)) => {
                if cur.is_empty() {
                    cur.push(p);
                } else if cur.last() != Some(&p) {
                    // The segment re-entered: start a new piece.
                    if cur.len() >= 2 {
                        parts.push(std::mem::take(&mut cur));
                    }
                    cur.clear();
                    cur.push(p);
                }
                cur.push(q);
                if !whole_end {
                    if cur.len() >= 2 {
                        parts.push(std::mem::take(&mut cur));
                    }
                    cur.clear();
                }
            }
            None => {
                if cur.len() >= 2 {
                    parts.push(std::mem::take(&mut cur));
                }
                cur.clear();
            }
        }
    }
    if cur.len() >= 2 {
        parts.push(cur);
    }
    parts
}

/// Liang–Barsky: the part of `a`–`b` inside the box, and whether it still ends at `b`.
fn clip_segment(a: Pt, b: Pt, bx: ClipBox) -> Option<(Pt, Pt, bool)> {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [
        (-dx, a[0] - bx.lo),
        (dx, bx.hi - a[0]),
        (-dy, a[1] - bx.lo),
        (dy, bx.hi - a[1]),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                if r > t1 {
                    return None;
                }
                t0 = t0.max(r);
            } else {
                if r < t0 {
                    return None;
                }
                t1 = t1.min(r);
            }
        }
    }
    let at = |t: f64| [a[0] + t * dx, a[1] + t * dy];
    let p = if t0 == 0.0 { a } else { at(t0) };
    let q = if t1 == 1.0 { b } else { at(t1) };
    Some((p, q, t1 == 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    const B: ClipBox = ClipBox { lo: 0.0, hi: 10.0 };

    fn area(r: &[Pt]) -> f64 {
        let n = r.len();
        (0..n)
            .map(|i| {
                let (a, b) = (r[i], r[(i + 1) % n]);
                a[0] * b[1] - b[0] * a[1]
            })
            .sum::<f64>()
            / 2.0
    }

    #[test]
    fn a_ring_across_a_corner_keeps_the_inside_part() {
        let sq = [[-5.0, -5.0], [5.0, -5.0], [5.0, 5.0], [-5.0, 5.0]];
        let c = clip_ring(&sq, B);
        assert!((area(&c) - 25.0).abs() < 1e-9, "{c:?}");
        assert!(c.iter().all(|p| B.contains(*p)));
        // Wholly outside → empty; wholly inside → unchanged.
        assert!(clip_ring(&[[20.0, 20.0], [30.0, 20.0], [30.0, 30.0]], B).is_empty());
        let inner = [[1.0, 1.0], [2.0, 1.0], [2.0, 2.0]];
        assert_eq!(clip_ring(&inner, B), inner.to_vec());
    }

    #[test]
    fn a_concave_ring_keeps_its_area() {
        // A U opening upwards, its arms crossing the top edge.
        let u = [
            [1.0, 1.0],
            [9.0, 1.0],
            [9.0, 15.0],
            [7.0, 15.0],
            [7.0, 3.0],
            [3.0, 3.0],
            [3.0, 15.0],
            [1.0, 15.0],
        ];
        let c = clip_ring(&u, B);
        // Inside the box: 8×2 base + two 2×7 arms.
        assert!((area(&c).abs() - (16.0 + 28.0)).abs() < 1e-9);
    }

    #[test]
    fn a_line_leaving_and_returning_becomes_two_pieces() {
        let l = [[1.0, 1.0], [1.0, 20.0], [5.0, 20.0], [5.0, 5.0], [8.0, 5.0]];
        let parts = clip_line(&l, B);
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert_eq!(parts[0], vec![[1.0, 1.0], [1.0, 10.0]]);
        assert_eq!(parts[1], vec![[5.0, 10.0], [5.0, 5.0], [8.0, 5.0]]);
        assert!(clip_line(&[[-5.0, -5.0], [-1.0, 20.0]], B).is_empty());
        // Crossing the whole box.
        assert_eq!(
            clip_line(&[[-5.0, 5.0], [15.0, 5.0]], B),
            vec![vec![[0.0, 5.0], [10.0, 5.0]]]
        );
    }
}
