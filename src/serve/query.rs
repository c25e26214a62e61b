//! Query-string parsing for the items operations: `limit`, `offset`, `bbox`, `bbox-crs`,
//! `crs`, `datetime`, `f` and property equality filters. Every error names the parameter.

use super::crs::Crs;
use super::error::ApiError;
use crate::layer::{Field, FieldKind};
use crate::view::{GeomRef, ValueRef};
use chrono::NaiveDate;
use geo::{Coord, LineString, Polygon, Rect};

/// Page size when `limit` is absent.
pub const DEFAULT_LIMIT: usize = 100;
/// Largest page; a larger `limit` is served as this many (OGC 17-069r4 §7.15.4: a limit
/// above the maximum is not an error).
pub const MAX_LIMIT: usize = 10_000;

/// Parameters of `/collections/{id}/items` that are not property filters.
pub const ITEMS_PARAMS: &[&str] = &[
    "limit", "offset", "bbox", "bbox-crs", "crs", "datetime", "f",
];

/// The parsed query of an items request.
#[derive(Debug, Clone)]
pub struct ItemsQuery {
    pub limit: usize,
    pub offset: usize,
    /// The area asked for, in CRS84, when `bbox` is given.
    pub area: Option<QueryArea>,
    /// The CRS of the response.
    pub crs: Crs,
    pub f: Option<String>,
    /// (schema position, wanted value).
    pub filters: Vec<(usize, Filter)>,
}

/// A `bbox` turned into CRS84: one or two rectangles (two across the antimeridian), or the
/// outline of a projected box.
#[derive(Debug, Clone)]
pub enum QueryArea {
    Rects(Vec<Rect<f64>>),
    Outline(Polygon<f64>),
}

impl QueryArea {
    /// Envelopes to query the R-tree with.
    pub fn envelopes(&self) -> Vec<Rect<f64>> {
        use geo::BoundingRect;
        match self {
            QueryArea::Rects(r) => r.clone(),
            QueryArea::Outline(p) => p.bounding_rect().into_iter().collect(),
        }
    }
    /// For a projected outline, a lon/lat rectangle inside it (checked), so that features
    /// whose envelope lies within it need no exact test; `None` for rectangles (they are
    /// their own) or when no such rectangle is found. Computed once per query.
    pub fn inner_rect(&self) -> Option<Rect<f64>> {
        use geo::Contains;
        let QueryArea::Outline(p) = self else {
            return None;
        };
        // The outline is built side by side (south, east, north, west; see `parse_bbox`):
        // the rectangle between each side's innermost point.
        let pts = &p.exterior().0;
        let n = pts.len().checked_sub(1)?;
        if n == 0 || n % 4 != 0 {
            return None;
        }
        let side = |k: usize| &pts[k * n / 4..=(k + 1) * n / 4];
        let max =
            |k: usize, f: fn(&Coord<f64>) -> f64| side(k).iter().map(f).fold(f64::MIN, f64::max);
        let min =
            |k: usize, f: fn(&Coord<f64>) -> f64| side(k).iter().map(f).fold(f64::MAX, f64::min);
        let (y_lo, x_hi, y_hi, x_lo) = (
            max(0, |c| c.y),
            min(1, |c| c.x),
            min(2, |c| c.y),
            max(3, |c| c.x),
        );
        if !(x_lo < x_hi && y_lo < y_hi) {
            return None;
        }
        let inner = Rect::new(Coord { x: x_lo, y: y_lo }, Coord { x: x_hi, y: y_hi });
        p.contains(&inner.to_polygon()).then_some(inner)
    }
    /// True when the area is made of lon/lat rectangles (not a projected outline).
    pub fn is_rects(&self) -> bool {
        matches!(self, QueryArea::Rects(_))
    }
    /// Does a geometry intersect the area (boundary included)?
    pub fn intersects(&self, g: GeomRef<'_>) -> bool {
        match g {
            GeomRef::Point(p) => self.hits(p),
            GeomRef::LineString(l) => self.hits(l),
            GeomRef::MultiLineString(l) => self.hits(l),
            GeomRef::MultiPolygon(p) => self.hits(p),
            GeomRef::Geometry(g) => self.hits(g),
        }
    }

    fn hits<G>(&self, g: &G) -> bool
    where
        Rect<f64>: geo::Intersects<G>,
        Polygon<f64>: geo::Intersects<G>,
    {
        use geo::Intersects;
        match self {
            QueryArea::Rects(r) => r.iter().any(|r| r.intersects(g)),
            QueryArea::Outline(p) => p.intersects(g),
        }
    }
}

/// A property equality filter's value, typed by the schema.
#[derive(Debug, Clone, PartialEq)]
pub enum Filter {
    Text(String),
    Integer(i64),
    Real(f64),
    Bool(bool),
    Date(NaiveDate),
    /// Matches a list that contains the text.
    ListItem(String),
}

impl Filter {
    /// Does a value equal the filter? A null value never matches.
    pub fn matches(&self, v: ValueRef<'_>) -> bool {
        match (self, v) {
            (Filter::Text(a), ValueRef::Text(b)) => a == b,
            (Filter::Integer(a), ValueRef::Integer(b)) => *a == b,
            (Filter::Real(a), ValueRef::Real(b)) => *a == b,
            (Filter::Real(a), ValueRef::Integer(b)) => *a == b as f64,
            (Filter::Bool(a), ValueRef::Bool(b)) => *a == b,
            (Filter::Date(a), ValueRef::Date(b)) => *a == b,
            (Filter::ListItem(a), ValueRef::List(l)) => l.iter().any(|x| x == a),
            _ => false,
        }
    }

    fn parse(kind: FieldKind, name: &str, s: &str) -> Result<Filter, ApiError> {
        let bad = |what: &str| ApiError::bad_param(format!("{name}={s} is not {what}"));
        Ok(match kind {
            FieldKind::Text => Filter::Text(s.to_string()),
            FieldKind::TextList => Filter::ListItem(s.to_string()),
            FieldKind::Integer => Filter::Integer(s.trim().parse().map_err(|_| bad("an integer"))?),
            FieldKind::Real => {
                let v: f64 = s.trim().parse().map_err(|_| bad("a number"))?;
                if !v.is_finite() {
                    return Err(bad("a finite number"));
                }
                Filter::Real(v)
            }
            FieldKind::Bool => match s.trim().to_ascii_lowercase().as_str() {
                "true" | "1" => Filter::Bool(true),
                "false" | "0" => Filter::Bool(false),
                _ => return Err(bad("true or false")),
            },
            FieldKind::Date => Filter::Date(
                NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map_err(|_| bad("a date YYYY-MM-DD"))?,
            ),
        })
    }
}

/// Rejects a parameter given twice.
fn single<'a>(pairs: &'a [(String, String)], name: &str) -> Result<Option<&'a str>, ApiError> {
    let mut it = pairs.iter().filter(|(k, _)| k == name);
    let first = it.next().map(|(_, v)| v.as_str());
    if it.next().is_some() {
        return Err(ApiError::bad_param(format!(
            "parameter `{name}` is given more than once"
        )));
    }
    Ok(first)
}

/// Parses a CRS parameter (unknown → 400 naming the parameter).
pub fn parse_crs(name: &str, v: Option<&str>) -> Result<Crs, ApiError> {
    match v {
        None => Ok(Crs::Crs84),
        Some(s) => Crs::parse(s).ok_or_else(|| {
            ApiError::bad_param(format!(
                "{name}={s} is not a supported CRS; see the `crs` list of the collection (CRS84, EPSG:4326, EPSG:4490, EPSG:4491–4554)"
            ))
        }),
    }
}

/// Parses the `crs` and `f` of a single-feature request (other parameters → 400).
pub fn parse_feature_query(pairs: &[(String, String)]) -> Result<(Crs, Option<String>), ApiError> {
    for (k, _) in pairs {
        if k != "crs" && k != "f" {
            return Err(ApiError::unknown_param(k));
        }
    }
    Ok((
        parse_crs("crs", single(pairs, "crs")?)?,
        single(pairs, "f")?.map(str::to_string),
    ))
}

/// Parses an items query against a layer's schema.
pub fn parse_items(pairs: &[(String, String)], fields: &[Field]) -> Result<ItemsQuery, ApiError> {
    for (k, _) in pairs {
        if !ITEMS_PARAMS.contains(&k.as_str()) && !fields.iter().any(|f| f.name == k) {
            return Err(ApiError::unknown_param(k));
        }
    }
    let limit = match single(pairs, "limit")?.map(|s| (s, parse_count(s))) {
        None => DEFAULT_LIMIT,
        Some((_, Some(n))) if n >= 1 => n.min(MAX_LIMIT),
        Some((s, _)) => {
            return Err(ApiError::bad_param(format!(
                "limit={s} is not a whole number from 1 to {MAX_LIMIT}"
            )))
        }
    };
    let offset = match single(pairs, "offset")? {
        None => 0,
        Some(s) => parse_count(s)
            .ok_or_else(|| ApiError::bad_param(format!("offset={s} is not a whole number ≥ 0")))?,
    };
    let crs = parse_crs("crs", single(pairs, "crs")?)?;
    let bbox_crs = parse_crs("bbox-crs", single(pairs, "bbox-crs")?)?;
    let area = match single(pairs, "bbox")? {
        None => {
            if single(pairs, "bbox-crs")?.is_some() {
                return Err(ApiError::bad_param("bbox-crs is given without bbox"));
            }
            None
        }
        Some(s) => Some(parse_bbox(s, &bbox_crs)?),
    };
    if let Some(dt) = single(pairs, "datetime")? {
        check_datetime(dt)?;
    }
    let mut filters = Vec::new();
    for (i, field) in fields.iter().enumerate() {
        if let Some(v) = single(pairs, field.name)? {
            filters.push((i, Filter::parse(field.kind, field.name, v)?));
        }
    }
    Ok(ItemsQuery {
        limit,
        offset,
        area,
        crs,
        f: single(pairs, "f")?.map(str::to_string),
        filters,
    })
}

/// A whole number ≥ 0 (an optional `+`); values too large for memory saturate.
fn parse_count(s: &str) -> Option<usize> {
    let t = s.trim();
    let t = t.strip_prefix('+').unwrap_or(t);
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(
        t.parse::<usize>()
            .unwrap_or(usize::MAX / 2)
            .min(usize::MAX / 2),
    )
}

/// `datetime`: an RFC 3339 instant or date, or an interval with `..` / empty ends. The
/// layers carry no time, so every feature matches a valid one.
fn check_datetime(s: &str) -> Result<(), ApiError> {
    let ok_instant = |p: &str| {
        chrono::DateTime::parse_from_rfc3339(p).is_ok()
            || NaiveDate::parse_from_str(p, "%Y-%m-%d").is_ok()
    };
    let parts: Vec<&str> = s.split('/').collect();
    let ok = match parts.as_slice() {
        [one] => ok_instant(one),
        [a, b] => {
            let open = |p: &str| p.is_empty() || p == "..";
            (open(a) || ok_instant(a)) && (open(b) || ok_instant(b)) && !(open(a) && open(b))
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad_param(format!(
            "datetime={s} is not an RFC 3339 date-time or interval"
        )))
    }
}

/// Parses `bbox` (4 or 6 numbers, in the axis order of `crs`) into a CRS84 query area.
pub fn parse_bbox(s: &str, crs: &Crs) -> Result<QueryArea, ApiError> {
    let bad = |why: &str| ApiError::bad_param(format!("bbox={s}: {why}"));
    let nums: Vec<f64> = s
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| bad("not a comma-separated list of numbers"))?;
    if nums.iter().any(|v| !v.is_finite()) {
        return Err(bad("numbers must be finite"));
    }
    let (a1, b1, a2, b2) = match nums.as_slice() {
        [a1, b1, a2, b2] => (*a1, *b1, *a2, *b2),
        [a1, b1, _, a2, b2, _] => (*a1, *b1, *a2, *b2),
        _ => return Err(bad("give 4 numbers (or 6 with heights)")),
    };
    match crs {
        Crs::Crs84 | Crs::GeographicLatLon(_) => {
            // To lon/lat.
            let (lon1, lat1, lon2, lat2) = if matches!(crs, Crs::Crs84) {
                (a1, b1, a2, b2)
            } else {
                (b1, a1, b2, a2)
            };
            if !(-90.0..=90.0).contains(&lat1) || !(-90.0..=90.0).contains(&lat2) {
                return Err(bad("latitudes must lie in −90…90"));
            }
            if !(-180.0..=180.0).contains(&lon1) || !(-180.0..=180.0).contains(&lon2) {
                return Err(bad("longitudes must lie in −180…180"));
            }
            if lat1 > lat2 {
                return Err(bad("the lower latitude is above the upper one"));
            }
            let rect =
                |x1: f64, x2: f64| Rect::new(Coord { x: x1, y: lat1 }, Coord { x: x2, y: lat2 });
            Ok(QueryArea::Rects(if lon1 <= lon2 {
                vec![rect(lon1, lon2)]
            } else {
                // Across the antimeridian.
                vec![rect(lon1, 180.0), rect(-180.0, lon2)]
            }))
        }
        Crs::GaussKruger { .. } => {
            // (northing, easting) corners; the box's outline, densified, in CRS84.
            if a1 > a2 || b1 > b2 {
                return Err(bad(
                    "the lower corner is above or right of the upper corner",
                ));
            }
            const STEPS: usize = 16;
            let corners = [(a1, b1), (a1, b2), (a2, b2), (a2, b1), (a1, b1)];
            let mut ring = Vec::with_capacity(4 * STEPS + 1);
            for w in corners.windows(2) {
                for k in 0..STEPS {
                    let t = k as f64 / STEPS as f64;
                    let (n, e) = (
                        w[0].0 + (w[1].0 - w[0].0) * t,
                        w[0].1 + (w[1].1 - w[0].1) * t,
                    );
                    let (lon, lat) = crs
                        .to_crs84(n, e)
                        .ok_or_else(|| bad("outside the projection's domain"))?;
                    ring.push(Coord { x: lon, y: lat });
                }
            }
            ring.push(ring[0]);
            Ok(QueryArea::Outline(Polygon::new(LineString(ring), vec![])))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_gauss_kruger_box_has_an_inner_rectangle_inside_its_outline() {
        use geo::{Area, Contains};
        let c = Crs::from_epsg(4547).unwrap();
        // (northing, easting) around Zhengzhou, 20 km by 30 km, off the central meridian.
        let area = parse_bbox("3800000,400000,3820000,430000", &c).unwrap();
        let QueryArea::Outline(p) = &area else {
            panic!("not an outline")
        };
        let inner = area.inner_rect().expect("an inner rectangle");
        assert!(p.contains(&inner.to_polygon()));
        // Most of the box: features well inside need no exact test.
        assert!(inner.to_polygon().unsigned_area() > 0.9 * p.unsigned_area());
        assert!(parse_bbox("113,34,114,35", &Crs::Crs84)
            .unwrap()
            .inner_rect()
            .is_none());
    }

    #[test]
    fn bbox_in_lat_lon_order_for_epsg_4326() {
        let c = Crs::from_epsg(4326).unwrap();
        match parse_bbox("34,113,35,114", &c).unwrap() {
            QueryArea::Rects(r) => {
                assert_eq!(
                    (r[0].min().x, r[0].min().y, r[0].max().x, r[0].max().y),
                    (113.0, 34.0, 114.0, 35.0)
                )
            }
            other => panic!("{other:?}"),
        }
        assert!(
            parse_bbox("113,34,114,35", &c).is_err(),
            "latitude 113 is out of range"
        );
        assert!(parse_bbox("1,2,3", &Crs::Crs84).is_err());
        assert!(parse_bbox("1,2,3,x", &Crs::Crs84).is_err());
        assert!(parse_bbox("0,3,1,2", &Crs::Crs84).is_err());
        assert!(
            matches!(parse_bbox("170,0,-170,1", &Crs::Crs84).unwrap(), QueryArea::Rects(r) if r.len() == 2)
        );
    }

    #[test]
    fn datetime_forms() {
        for ok in [
            "2014-12-31",
            "2014-12-31T00:00:00Z",
            "../2014-12-31",
            "2014-01-01/..",
        ] {
            assert!(check_datetime(ok).is_ok(), "{ok}");
        }
        for bad in ["yesterday", "../..", "1/2/3"] {
            assert!(check_datetime(bad).is_err(), "{bad}");
        }
    }
}
