//! Local metrics on the ellipsoid: radii of curvature, short-segment lengths by the
//! mid-latitude formula, geodesics through geographiclib, and two local planes (an
//! equirectangular one for cheap shortlists, an ellipsoidal azimuthal equidistant one for exact
//! distances through its centre).

use geo::Coord;
use geographiclib_rs::{DirectGeodesic, Geodesic, InverseGeodesic};
use std::sync::LazyLock;

static WGS84: LazyLock<Geodesic> = LazyLock::new(Geodesic::wgs84);

/// Meridional and prime-vertical radii of curvature (metres) at a latitude in degrees.
pub fn radii_m(lat_deg: f64) -> (f64, f64) {
    let e2 = super::E2;
    let s = lat_deg.to_radians().sin();
    let w = (1.0 - e2 * s * s).sqrt();
    (super::A * (1.0 - e2) / (w * w * w), super::A / w)
}

/// Geodesic distance between two lon/lat points, metres (geographiclib).
pub fn geodesic_m(a: Coord<f64>, b: Coord<f64>) -> f64 {
    WGS84.inverse(a.y, a.x, b.y, b.x)
}

/// Geodesic length of a lon/lat polyline, metres: the sum of [`segment_m`].
pub fn polyline_m(coords: &[Coord<f64>]) -> f64 {
    coords.windows(2).map(|w| segment_m(w[0], w[1])).sum()
}

/// Segments shorter than this use the mid-latitude formula in [`segment_m`], metres.
pub const SHORT_SEGMENT_M: f64 = 1_000.0;

/// Geodesic length of one segment, metres. Below [`SHORT_SEGMENT_M`] the mid-latitude
/// ellipsoidal formula ([`local_m`]) is used: its relative error against geographiclib is
/// about 2.4e-9 × (length / 1 km)², i.e. under 2.5e-9 (2.5 µm per km) here, measured over all
/// azimuths at 18–53° N; it is ~15× cheaper. Longer segments use the geographiclib inverse.
pub fn segment_m(a: Coord<f64>, b: Coord<f64>) -> f64 {
    let d = local_m(a, b);
    if d < SHORT_SEGMENT_M {
        d
    } else {
        geodesic_m(a, b)
    }
}

/// Distance in metres between two nearby lon/lat points by the local ellipsoidal metric
/// (radii at the mean latitude): relative error below 1e-6 up to a few hundred metres; used
/// for snapping link endpoints and for the shortlist stage.
pub fn local_m(a: Coord<f64>, b: Coord<f64>) -> f64 {
    let lat_m = 0.5 * (a.y + b.y);
    let (m, n) = radii_m(lat_m);
    let dy = (b.y - a.y).to_radians() * m;
    let dx = (b.x - a.x).to_radians() * n * lat_m.to_radians().cos();
    dx.hypot(dy)
}

/// An equirectangular plane about a centre, in metres (cheap shortlist stage).
#[derive(Debug, Clone, Copy)]
pub struct LocalPlane {
    lon0: f64,
    lat0: f64,
    kx: f64,
    ky: f64,
}

impl LocalPlane {
    pub fn new(centre: Coord<f64>) -> LocalPlane {
        let (m, n) = radii_m(centre.y);
        LocalPlane {
            lon0: centre.x,
            lat0: centre.y,
            kx: n * centre.y.to_radians().cos() * std::f64::consts::PI / 180.0,
            ky: m * std::f64::consts::PI / 180.0,
        }
    }
    pub fn project(&self, c: Coord<f64>) -> Coord<f64> {
        Coord {
            x: (c.x - self.lon0) * self.kx,
            y: (c.y - self.lat0) * self.ky,
        }
    }

    /// How much longer, at most, a path between latitudes `lat_lo` and `lat_hi` (degrees) is
    /// in this plane than on the ellipsoid, as a fraction (0 when the plane never stretches).
    /// The plane's scale is exact at its centre's latitude; east–west it stretches by
    /// `N₀ cos φ₀ / (N cos φ)` and north–south by `M₀ / M`, both monotone in the latitude, so
    /// the band's two edges bound it.
    ///
    /// ```
    /// use geo::Coord;
    /// use zonescope::geodesy::local::LocalPlane;
    /// let plane = LocalPlane::new(Coord { x: 113.6, y: 34.7 });
    /// assert_eq!(plane.max_stretch(34.7, 34.7), 0.0);
    /// // 10 km north of the centre the east–west scale is about 0.1 % too long.
    /// let s = plane.max_stretch(34.7, 34.79);
    /// assert!(s > 9e-4 && s < 1.2e-3, "{s}");
    /// ```
    pub fn max_stretch(&self, lat_lo: f64, lat_hi: f64) -> f64 {
        let per_degree = std::f64::consts::PI / 180.0;
        [lat_lo, lat_hi]
            .into_iter()
            .map(|lat| {
                let (m, n) = radii_m(lat);
                let x = self.kx / (n * lat.to_radians().cos() * per_degree);
                let y = self.ky / (m * per_degree);
                x.max(y) - 1.0
            })
            .fold(0.0, f64::max)
    }
}

/// Ellipsoidal azimuthal equidistant projection about a centre (exact geodesics through it).
#[derive(Debug, Clone, Copy)]
pub struct Aeqd {
    centre: Coord<f64>,
}

impl Aeqd {
    pub fn new(centre: Coord<f64>) -> Aeqd {
        Aeqd { centre }
    }
    pub fn forward(&self, c: Coord<f64>) -> Coord<f64> {
        let (s, azi, _, _): (f64, f64, f64, f64) =
            WGS84.inverse(self.centre.y, self.centre.x, c.y, c.x);
        let a = azi.to_radians();
        Coord {
            x: s * a.sin(),
            y: s * a.cos(),
        }
    }
    pub fn inverse(&self, p: Coord<f64>) -> Coord<f64> {
        let s = p.x.hypot(p.y);
        if s == 0.0 {
            return self.centre;
        }
        let azi = p.x.atan2(p.y).to_degrees();
        let (lat, lon) = WGS84.direct(self.centre.y, self.centre.x, azi, s);
        Coord { x: lon, y: lat }
    }
}
