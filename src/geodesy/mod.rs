//! Everything measured on the Earth, in one place: the WGS84 ellipsoid's numbers (CGCS2000's
//! differs from it by less than 0.1 mm in the semi-minor axis, so China's land surveys'
//! ellipsoidal areas are WGS84's) and the measures built on them.
//!
//! - [`area_m2`], [`distance_m`], [`length_m`]: geodesic (Karney) through `geo` — the
//!   analyses' areas and distances;
//! - [`authalic`]: areas through the authalic sphere, 1e-9 relative to the geodesic ones at a
//!   tenth of the cost — the loader's parcel and zone areas and overlap checks;
//! - [`local`]: radii of curvature, short-segment lengths, local planes — the road graph's
//!   snapping and lengths and the closest-pair search ([`crate::dataset::closest`]).
//!
//! ```
//! let d = zonescope::geodesy::distance_m(geo::coord! { x: 113.0, y: 34.0 }, geo::coord! { x: 113.0, y: 35.0 });
//! // a meridian arc 34°–35° N: M(34.5°) × 1° = 110 931.5 m
//! assert!((d - 110_931.5).abs() < 0.5, "{d}");
//! ```

pub mod authalic;
pub mod local;
mod measure;

pub use measure::{area_m2, distance_m, length_m, polygon_area_m2};

/// Semi-major axis of WGS84 (and CGCS2000), metres.
pub const A: f64 = 6_378_137.0;
/// Flattening of WGS84 (CGCS2000: 1/298.257222101, the same to 1e-12).
pub const F: f64 = 1.0 / 298.257_223_563;
/// First eccentricity squared, `F (2 − F)`.
pub const E2: f64 = F * (2.0 - F);
/// Metres per degree of longitude on the equator, rounded (`A π / 180` = 111 319.5 m): only
/// for sizing search windows, grid cells and scale bars, never for a reported measure.
pub const METRES_PER_DEGREE: f64 = 111_320.0;
