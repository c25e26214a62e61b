//! Web Mercator (EPSG:3857) and the WebMercatorQuad tile grid (OGC 17-083r4): zoom `z`,
//! column `x` from the west, row `y` from the north, `2^z × 2^z` tiles of 256 × 256 pixels.

use std::f64::consts::PI;

/// Half the width of the projected world, metres (π × 6 378 137).
pub const ORIGIN_M: f64 = 20_037_508.342_789_244;
/// Latitude where the square world ends.
pub const MAX_LAT: f64 = 85.051_128_779_806_59;
/// Deepest tile matrix served.
pub const MAX_ZOOM: u8 = 22;

/// A tile of WebMercatorQuad.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TileId {
    pub z: u8,
    pub x: u32,
    pub y: u32,
}

impl TileId {
    /// A tile, when its indexes lie inside the matrix set.
    pub fn new(z: u32, x: u64, y: u64) -> Option<TileId> {
        if z > MAX_ZOOM as u32 {
            return None;
        }
        let n = 1u64 << z;
        (x < n && y < n).then_some(TileId {
            z: z as u8,
            x: x as u32,
            y: y as u32,
        })
    }

    /// Parses the `{tileMatrix}/{tileRow}/{tileCol}` path segments (z, y, x).
    pub fn parse(z: &str, row: &str, col: &str) -> Option<TileId> {
        let num = |s: &str| -> Option<u64> {
            (!s.is_empty() && s.len() <= 10 && s.bytes().all(|b| b.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        TileId::new(num(z)? as u32, num(col)?, num(row)?)
    }

    /// Tiles per side at this zoom.
    pub fn n(&self) -> f64 {
        (1u64 << self.z) as f64
    }

    /// The tile's box in lon/lat `[west, south, east, north]`, widened by `margin` (a fraction
    /// of the tile side) on every side.
    pub fn lonlat_bounds(&self, margin: f64) -> [f64; 4] {
        let n = self.n();
        let (x0, x1) = (
            (self.x as f64 - margin) / n,
            (self.x as f64 + 1.0 + margin) / n,
        );
        let (y0, y1) = (
            (self.y as f64 - margin) / n,
            (self.y as f64 + 1.0 + margin) / n,
        );
        let (w, nth) = unproject(x0, y0);
        let (e, s) = unproject(x1, y1);
        // Beyond the square world's edge, reach to the poles (clamped features live there).
        let s = if y1 >= 1.0 { -90.0 } else { s };
        let nth = if y0 <= 0.0 { 90.0 } else { nth };
        [w.max(-180.0), s, e.min(180.0), nth]
    }
}

/// lon/lat (degrees) → world fraction `(x, y)`, both 0..1, `y` from the north.
#[inline]
pub fn project(lon: f64, lat: f64) -> (f64, f64) {
    let x = (lon + 180.0) / 360.0;
    let s = lat.clamp(-MAX_LAT, MAX_LAT).to_radians().sin();
    let y = 0.5 - ((1.0 + s) / (1.0 - s)).ln() / (4.0 * PI);
    (x, y)
}

/// World fraction → lon/lat (degrees).
pub fn unproject(x: f64, y: f64) -> (f64, f64) {
    let lon = x * 360.0 - 180.0;
    let lat = (PI * (1.0 - 2.0 * y)).sinh().atan().to_degrees();
    (lon, lat)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indexes_outside_the_matrix_are_refused() {
        assert_eq!(
            TileId::parse("0", "0", "0"),
            Some(TileId { z: 0, x: 0, y: 0 })
        );
        assert!(TileId::parse("1", "2", "0").is_none());
        assert!(TileId::parse("1", "0", "2").is_none());
        assert!(TileId::parse("23", "0", "0").is_none());
        assert!(TileId::parse("-1", "0", "0").is_none());
        assert!(TileId::parse("a", "0", "0").is_none());
        assert!(TileId::parse("3", "1.5", "0").is_none());
        assert!(TileId::parse("22", "4194303", "4194303").is_some());
        assert!(TileId::parse("22", "4194304", "0").is_none());
        assert!(TileId::parse("99999999999", "0", "0").is_none());
    }

    #[test]
    fn projection_round_trips_and_matches_epsg_3857() {
        let (x, y) = project(113.625, 34.746);
        let (lon, lat) = unproject(x, y);
        assert!((lon - 113.625).abs() < 1e-9 && (lat - 34.746).abs() < 1e-9);
        // EPSG:3857 northing of 34.746° N: R·ln(tan(π/4 + φ/2)) = 4 129 416.9 m.
        let northing = (0.5 - y) * 2.0 * ORIGIN_M;
        assert!((northing - 4_129_416.9).abs() < 0.5, "{northing}");
        // Zhengzhou at z 10 is tile x 835, y 406.
        let n = 1024.0;
        assert_eq!(((x * n) as u32, (y * n) as u32), (835, 406));
    }
}
