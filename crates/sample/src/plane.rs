//! A local metric plane (equirectangular about a reference point) in which the generator
//! draws, and the small planar geometry helpers it needs. Every coordinate is converted
//! to lon/lat by the same function, so vertices shared by two roads stay bit-identical.

use rand::Rng;

/// A point in metres (x east, y north).
pub type P = [f64; 2];

/// Equirectangular plane about (lon0, lat0).
#[derive(Debug, Clone, Copy)]
pub struct Plane {
    lon0: f64,
    lat0: f64,
    m_per_deg_lon: f64,
    m_per_deg_lat: f64,
}

impl Plane {
    pub fn new(lon0: f64, lat0: f64) -> Plane {
        Plane {
            lon0,
            lat0,
            m_per_deg_lon: zonescope::geodesy::METRES_PER_DEGREE * lat0.to_radians().cos(),
            m_per_deg_lat: 110_574.0,
        }
    }
    pub fn to_xy(&self, lon: f64, lat: f64) -> P {
        [
            (lon - self.lon0) * self.m_per_deg_lon,
            (lat - self.lat0) * self.m_per_deg_lat,
        ]
    }
    pub fn to_lonlat(&self, p: P) -> P {
        [
            self.lon0 + p[0] / self.m_per_deg_lon,
            self.lat0 + p[1] / self.m_per_deg_lat,
        ]
    }
}

pub fn dist(a: P, b: P) -> f64 {
    ((a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)).sqrt()
}

pub fn lerp(a: P, b: P, t: f64) -> P {
    [a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t]
}

/// Unit vector from a to b (east when they coincide).
pub fn unit(a: P, b: P) -> P {
    let d = dist(a, b);
    if d == 0.0 {
        [1.0, 0.0]
    } else {
        [(b[0] - a[0]) / d, (b[1] - a[1]) / d]
    }
}

/// Left normal of a unit vector.
pub fn normal(u: P) -> P {
    [-u[1], u[0]]
}

pub fn add(a: P, b: P, k: f64) -> P {
    [a[0] + b[0] * k, a[1] + b[1] * k]
}

/// Signed area of a ring (not closed), positive counter-clockwise.
pub fn ring_area(r: &[P]) -> f64 {
    let n = r.len();
    let mut s = 0.0;
    for i in 0..n {
        let a = r[i];
        let b = r[(i + 1) % n];
        s += a[0] * b[1] - b[0] * a[1];
    }
    s / 2.0
}

/// Point in ring (not closed), ray casting.
pub fn point_in_ring(p: P, r: &[P]) -> bool {
    let n = r.len();
    let mut inside = false;
    let mut j = n - 1;
    for i in 0..n {
        let (a, b) = (r[i], r[j]);
        if (a[1] > p[1]) != (b[1] > p[1]) {
            let x = a[0] + (p[1] - a[1]) / (b[1] - a[1]) * (b[0] - a[0]);
            if p[0] < x {
                inside = !inside;
            }
        }
        j = i;
    }
    inside
}

/// Distance from p to segment ab.
pub fn seg_dist(p: P, a: P, b: P) -> f64 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let l2 = dx * dx + dy * dy;
    let t = if l2 == 0.0 {
        0.0
    } else {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2).clamp(0.0, 1.0)
    };
    dist(p, [a[0] + t * dx, a[1] + t * dy])
}

/// Distance from p to a ring's boundary.
pub fn ring_boundary_dist(p: P, r: &[P]) -> f64 {
    let n = r.len();
    (0..n)
        .map(|i| seg_dist(p, r[i], r[(i + 1) % n]))
        .fold(f64::INFINITY, f64::min)
}

pub fn centroid(r: &[P]) -> P {
    let n = r.len() as f64;
    let (sx, sy) = r.iter().fold((0.0, 0.0), |(x, y), p| (x + p[0], y + p[1]));
    [sx / n, sy / n]
}

/// A star-shaped irregular ring about `c` with mean radius `r`, counter-clockwise, not
/// closed: radius modulated by a few low harmonics, then stretched by `elong` along the
/// angle `rot`. Simple by construction (star-shaped about c).
pub fn irregular_ring<R: Rng>(
    rng: &mut R,
    c: P,
    r: f64,
    nverts: usize,
    roughness: f64,
    elong: f64,
    rot: f64,
) -> Vec<P> {
    let harmonics: Vec<(f64, f64, f64)> = (2..6)
        .map(|k| {
            (
                k as f64,
                rng.gen_range(0.0..roughness / 3.0),
                rng.gen_range(0.0..std::f64::consts::TAU),
            )
        })
        .collect();
    let (cs, sn) = (rot.cos(), rot.sin());
    (0..nverts)
        .map(|i| {
            let th =
                std::f64::consts::TAU * (i as f64 + rng.gen_range(-0.25..0.25)) / nverts as f64;
            let mut rr = 1.0;
            for (k, a, ph) in &harmonics {
                rr += a * (k * th + ph).cos();
            }
            rr *= 1.0 + rng.gen_range(-0.04..0.04);
            let (x, y) = (r * rr * th.cos() * elong, r * rr * th.sin() / elong);
            [c[0] + x * cs - y * sn, c[1] + x * sn + y * cs]
        })
        .collect()
}

/// A smooth wiggly path from a to b (both included) with vertices about `step` metres apart
/// and a lateral offset of up to `amp` metres that vanishes at both ends.
pub fn wiggle_path<R: Rng>(rng: &mut R, a: P, b: P, step: f64, amp: f64) -> Vec<P> {
    let len = dist(a, b);
    let n = ((len / step).ceil() as usize).max(1);
    let u = unit(a, b);
    let nv = normal(u);
    let coef: Vec<(f64, f64)> = (1..4)
        .map(|k| (k as f64, rng.gen_range(-amp..=amp) / k as f64))
        .collect();
    let mut out = Vec::with_capacity(n + 1);
    for i in 0..=n {
        let t = i as f64 / n as f64;
        if i == 0 {
            out.push(a);
        } else if i == n {
            out.push(b);
        } else {
            let off: f64 = coef
                .iter()
                .map(|(k, c)| c * (std::f64::consts::PI * k * t).sin())
                .sum();
            out.push(add(lerp(a, b, t), nv, off));
        }
    }
    out
}
