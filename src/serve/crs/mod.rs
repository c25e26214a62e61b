//! The coordinate reference systems the server offers (OGC API – Features Part 2): their
//! URIs, axis order and transforms from and to the stored CRS84 coordinates.
//!
//! - CRS84 (longitude, latitude) — the storage CRS and the GeoJSON default;
//! - EPSG:4326 (WGS 84) and EPSG:4490 (CGCS2000), latitude first as EPSG defines them;
//!   CGCS2000 and WGS 84 differ by centimetres, below what the planning data resolve, so both
//!   are the stored coordinates with the axes swapped;
//! - the CGCS2000 Gauss-Krüger grids EPSG:4491–4554 (6- and 3-degree zones, with and without
//!   zone prefix), northing first as EPSG defines them, by [`tm::TransverseMercator`].

pub mod tm;

use tm::TransverseMercator;

/// URI of CRS84.
pub const CRS84_URI: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";
const EPSG_PREFIX: &str = "http://www.opengis.net/def/crs/EPSG/0/";

/// A supported coordinate reference system.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Crs {
    /// OGC CRS84: longitude, latitude in degrees.
    Crs84,
    /// A geographic EPSG CRS (4326, 4490): latitude, longitude in degrees.
    GeographicLatLon(u32),
    /// A CGCS2000 Gauss-Krüger grid: northing, easting in metres.
    GaussKruger { epsg: u32, tm: TransverseMercator },
}

impl Crs {
    /// The CRS for an EPSG code, when supported.
    pub fn from_epsg(code: u32) -> Option<Crs> {
        let gk = |lon0: f64, fe: f64| {
            Some(Crs::GaussKruger {
                epsg: code,
                tm: TransverseMercator::cgcs2000(lon0, fe),
            })
        };
        match code {
            4326 | 4490 => Some(Crs::GeographicLatLon(code)),
            // 6-degree zones 13–23 with zone prefix (CM 75°E–135°E).
            4491..=4501 => {
                let zone = (code - 4491 + 13) as f64;
                gk(zone * 6.0 - 3.0, zone * 1e6 + 500_000.0)
            }
            // 6-degree, no prefix.
            4502..=4512 => gk(75.0 + (code - 4502) as f64 * 6.0, 500_000.0),
            // 3-degree zones 25–45 with zone prefix.
            4513..=4533 => {
                let zone = (code - 4513 + 25) as f64;
                gk(zone * 3.0, zone * 1e6 + 500_000.0)
            }
            // 3-degree, no prefix.
            4534..=4554 => gk(75.0 + (code - 4534) as f64 * 3.0, 500_000.0),
            _ => None,
        }
    }

    /// Parses a CRS reference: an OGC URI (`http://www.opengis.net/def/crs/EPSG/0/4547`, also
    /// https), a URN (`urn:ogc:def:crs:EPSG::4547`), a safe CURIE (`[EPSG:4547]`) or `EPSG:4547`;
    /// CRS84 as its URI, `CRS84`, `OGC:CRS84` or `urn:ogc:def:crs:OGC:1.3:CRS84`.
    pub fn parse(s: &str) -> Option<Crs> {
        let s = s.trim();
        let s = s
            .strip_prefix('[')
            .and_then(|x| x.strip_suffix(']'))
            .unwrap_or(s);
        let lower = s.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("http://")
            .or_else(|| lower.strip_prefix("https://"))
            .map(|r| r.to_string());
        if let Some(r) = rest {
            let r = r.trim_end_matches('/');
            if r == "www.opengis.net/def/crs/ogc/1.3/crs84" {
                return Some(Crs::Crs84);
            }
            let code = r.strip_prefix("www.opengis.net/def/crs/epsg/0/")?;
            return Crs::from_epsg(code.parse().ok()?);
        }
        if matches!(
            lower.as_str(),
            "crs84" | "ogc:crs84" | "urn:ogc:def:crs:ogc:1.3:crs84" | "urn:ogc:def:crs:ogc::crs84"
        ) {
            return Some(Crs::Crs84);
        }
        let code = lower
            .strip_prefix("urn:ogc:def:crs:epsg::")
            .or_else(|| lower.strip_prefix("urn:ogc:def:crs:epsg:0:"))
            .or_else(|| lower.strip_prefix("epsg:"))?;
        Crs::from_epsg(code.parse().ok()?)
    }

    /// The EPSG code (None for CRS84).
    pub fn epsg(&self) -> Option<u32> {
        match self {
            Crs::Crs84 => None,
            Crs::GeographicLatLon(c) => Some(*c),
            Crs::GaussKruger { epsg, .. } => Some(*epsg),
        }
    }

    /// The CRS's OGC URI.
    pub fn uri(&self) -> String {
        match self.epsg() {
            None => CRS84_URI.to_string(),
            Some(c) => format!("{EPSG_PREFIX}{c}"),
        }
    }

    /// True for degrees, false for metres.
    pub fn is_geographic(&self) -> bool {
        !matches!(self, Crs::GaussKruger { .. })
    }

    /// Every supported CRS, CRS84 first.
    pub fn all() -> Vec<Crs> {
        let mut v = vec![Crs::Crs84];
        v.extend([4326, 4490].into_iter().filter_map(Crs::from_epsg));
        v.extend((4491..=4554).filter_map(Crs::from_epsg));
        v
    }

    /// A stored CRS84 position in this CRS, in its own axis order.
    #[inline]
    pub fn from_crs84(&self, lon: f64, lat: f64) -> (f64, f64) {
        match self {
            Crs::Crs84 => (lon, lat),
            Crs::GeographicLatLon(_) => (lat, lon),
            Crs::GaussKruger { tm, .. } => {
                let (e, n) = tm.forward(lon, lat);
                (n, e)
            }
        }
    }

    /// A position in this CRS (its own axis order) as CRS84 (lon, lat); None when it is
    /// not a finite position on the ellipsoid.
    pub fn to_crs84(&self, a: f64, b: f64) -> Option<(f64, f64)> {
        let (lon, lat) = match self {
            Crs::Crs84 => (a, b),
            Crs::GeographicLatLon(_) => (b, a),
            Crs::GaussKruger { tm, .. } => tm.inverse(b, a),
        };
        (lon.is_finite() && lat.is_finite() && lat.abs() <= 90.0).then_some((lon, lat))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_usual_spellings() {
        for s in [
            "http://www.opengis.net/def/crs/EPSG/0/4547",
            "https://www.opengis.net/def/crs/EPSG/0/4547",
            "EPSG:4547",
            "urn:ogc:def:crs:EPSG::4547",
            "[EPSG:4547]",
        ] {
            assert_eq!(Crs::parse(s).and_then(|c| c.epsg()), Some(4547), "{s}");
        }
        assert_eq!(
            Crs::parse("http://www.opengis.net/def/crs/OGC/1.3/CRS84"),
            Some(Crs::Crs84)
        );
        assert_eq!(Crs::parse("OGC:CRS84"), Some(Crs::Crs84));
        assert!(Crs::parse("EPSG:3857").is_none());
        assert!(Crs::parse("http://www.opengis.net/def/crs/EPSG/0/99999").is_none());
        assert!(Crs::parse("nonsense").is_none());
    }

    #[test]
    fn zones_match_the_epsg_registry() {
        // Central meridians and false eastings as pyproj reports them.
        let expect = [
            (4491, 75.0, 13_500_000.0),
            (4501, 135.0, 23_500_000.0),
            (4502, 75.0, 500_000.0),
            (4512, 135.0, 500_000.0),
            (4513, 75.0, 25_500_000.0),
            (4525, 111.0, 37_500_000.0),
            (4533, 135.0, 45_500_000.0),
            (4534, 75.0, 500_000.0),
            (4546, 111.0, 500_000.0),
            (4547, 114.0, 500_000.0),
            (4548, 117.0, 500_000.0),
            (4554, 135.0, 500_000.0),
        ];
        for (code, lon0, fe) in expect {
            match Crs::from_epsg(code) {
                Some(Crs::GaussKruger { tm, .. }) => {
                    assert_eq!((tm.lon0_deg, tm.false_easting_m), (lon0, fe), "EPSG:{code}")
                }
                other => panic!("EPSG:{code}: {other:?}"),
            }
        }
        assert_eq!(Crs::all().len(), 3 + 64);
    }

    #[test]
    fn axis_order_follows_epsg() {
        let c = Crs::from_epsg(4490).unwrap();
        assert_eq!(c.from_crs84(113.0, 34.0), (34.0, 113.0));
        let gk = Crs::from_epsg(4526).unwrap();
        let (n, e) = gk.from_crs84(113.625, 34.746);
        assert!((e - 38465661.40217134).abs() < 1e-3 && (n - 3846478.6319171176).abs() < 1e-3);
        let (lon, lat) = gk.to_crs84(n, e).unwrap();
        assert!((lon - 113.625).abs() < 1e-9 && (lat - 34.746).abs() < 1e-9);
    }
}
