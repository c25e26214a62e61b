//! Three-valued evaluation of a compiled predicate over one row of a [`View`].

use super::compile::{Arith, ArrOp, ArrSide, Cmp, Pred, Rel, Scalar, Spatial};
use crate::view::{GeomRef, ListRef, ValueRef, View};
use chrono::{NaiveDate, NaiveDateTime};
use geo::{Intersects, Relate};
use std::borrow::Cow;
use std::cmp::Ordering;

/// A non-null value during evaluation.
#[derive(Debug, Clone)]
enum Val<'a> {
    Num(f64),
    Text(Cow<'a, str>),
    /// A text in lower case (`CASEI`), lowered as it is read: no copy per row.
    Lower(&'a str),
    Date(NaiveDate),
    Timestamp(NaiveDateTime),
    Bool(bool),
    List(ListRef<'a>),
}

pub fn arith(op: Arith, x: f64, y: f64) -> Option<f64> {
    let v = match op {
        Arith::Add => x + y,
        Arith::Sub => x - y,
        Arith::Mul => x * y,
        Arith::Div => x / y,
        Arith::Rem => x % y,
        Arith::Pow => x.powf(y),
        Arith::IntDiv => (x / y).trunc(),
    };
    v.is_finite().then_some(v)
}

fn scalar<'a>(s: &'a Scalar, view: &'a dyn View, row: usize) -> Option<Val<'a>> {
    Some(match s {
        Scalar::Col(c) => match view.value(row, *c) {
            ValueRef::Null => return None,
            ValueRef::Text(t) => Val::Text(Cow::Borrowed(t)),
            ValueRef::Integer(i) => Val::Num(i as f64),
            ValueRef::Real(f) => {
                if !f.is_finite() {
                    return None;
                }
                Val::Num(f)
            }
            ValueRef::Bool(b) => Val::Bool(b),
            ValueRef::Date(d) => Val::Date(d),
            ValueRef::List(l) => Val::List(l),
        },
        Scalar::Num(f) => Val::Num(*f),
        Scalar::Text(t) => Val::Text(Cow::Borrowed(t)),
        Scalar::Date(d) => Val::Date(*d),
        Scalar::Timestamp(t) => Val::Timestamp(*t),
        Scalar::Bool(b) => Val::Bool(*b),
        Scalar::Null => return None,
        Scalar::Arith(op, a, b) => match (scalar(a, view, row)?, scalar(b, view, row)?) {
            (Val::Num(x), Val::Num(y)) => Val::Num(arith(*op, x, y)?),
            _ => return None,
        },
        Scalar::Lower(a) => match scalar(a, view, row)? {
            // A capital sigma lowers by its place in the word (σ or final ς): only
            // `str::to_lowercase` knows that.
            Val::Text(Cow::Borrowed(t)) if !t.contains('\u{3A3}') => Val::Lower(t),
            Val::Text(t) => Val::Text(Cow::Owned(t.to_lowercase())),
            Val::Lower(t) => Val::Text(Cow::Owned(t.to_lowercase().to_lowercase())),
            _ => return None,
        },
    })
}

fn midnight(d: NaiveDate) -> NaiveDateTime {
    d.and_hms_opt(0, 0, 0).expect("midnight exists")
}

/// Orders two values of comparable types (None: not comparable).
fn order(a: &Val<'_>, b: &Val<'_>) -> Option<Ordering> {
    match (a, b) {
        (Val::Num(x), Val::Num(y)) => x.partial_cmp(y),
        // Texts order by code point, as `str` does (UTF-8 keeps that order).
        (Val::Text(x), Val::Text(y)) => Some(x.as_ref().cmp(y.as_ref())),
        (Val::Lower(x), Val::Text(y)) => Some(lowered(x).cmp(y.chars())),
        (Val::Text(x), Val::Lower(y)) => Some(x.chars().cmp(lowered(y))),
        (Val::Lower(x), Val::Lower(y)) => Some(lowered(x).cmp(lowered(y))),
        (Val::Date(x), Val::Date(y)) => Some(x.cmp(y)),
        (Val::Timestamp(x), Val::Timestamp(y)) => Some(x.cmp(y)),
        (Val::Date(x), Val::Timestamp(y)) => Some(midnight(*x).cmp(y)),
        (Val::Timestamp(x), Val::Date(y)) => Some(x.cmp(&midnight(*y))),
        (Val::Bool(x), Val::Bool(y)) => Some(x.cmp(y)),
        (Val::List(x), Val::List(y)) => Some(x.iter().cmp(y.iter())),
        _ => None,
    }
}

/// The characters of a text in lower case, as `str::to_lowercase` gives them for a text
/// without a capital sigma.
fn lowered(s: &str) -> impl Iterator<Item = char> + '_ {
    s.chars().flat_map(char::to_lowercase)
}

pub fn compare(c: Cmp, o: Ordering) -> bool {
    match c {
        Cmp::Eq => o == Ordering::Equal,
        Cmp::Ne => o != Ordering::Equal,
        Cmp::Lt => o == Ordering::Less,
        Cmp::Le => o != Ordering::Greater,
        Cmp::Gt => o == Ordering::Greater,
        Cmp::Ge => o != Ordering::Less,
    }
}

/// Does the DE-9IM matrix of (literal, row) satisfy the relation?
pub fn holds(rel: Rel, m: &geo::relate::IntersectionMatrix) -> bool {
    match rel {
        Rel::Intersects => m.is_intersects(),
        Rel::Disjoint => m.is_disjoint(),
        Rel::Equals => m.is_equal_topo(),
        Rel::Touches => m.is_touches(),
        Rel::Within => m.is_within(),
        Rel::Contains => m.is_contains(),
        Rel::Overlaps => m.is_overlaps(),
        Rel::Crosses => m.is_crosses(),
    }
}

fn relate_row(s: &Spatial, g: GeomRef<'_>) -> geo::relate::IntersectionMatrix {
    match g {
        GeomRef::Point(p) => s.prepared.relate(p),
        GeomRef::LineString(l) => s.prepared.relate(l),
        GeomRef::MultiLineString(l) => s.prepared.relate(l),
        GeomRef::MultiPolygon(p) => s.prepared.relate(p),
        GeomRef::Geometry(g) => s.prepared.relate(g),
    }
}

fn intersects_row(s: &Spatial, g: GeomRef<'_>) -> bool {
    match g {
        GeomRef::Point(p) => s.literal.intersects(p),
        GeomRef::LineString(l) => s.literal.intersects(l),
        GeomRef::MultiLineString(l) => s.literal.intersects(l),
        GeomRef::MultiPolygon(p) => s.literal.intersects(p),
        GeomRef::Geometry(g) => s.literal.intersects(g),
    }
}

fn rects_intersect(a: &geo::Rect<f64>, b: &geo::Rect<f64>) -> bool {
    a.min().x <= b.max().x
        && b.min().x <= a.max().x
        && a.min().y <= b.max().y
        && b.min().y <= a.max().y
}

/// Is `inner` inside `outer` (boundaries included)?
fn rect_within(inner: &geo::Rect<f64>, outer: &geo::Rect<f64>) -> bool {
    outer.min().x <= inner.min().x
        && inner.max().x <= outer.max().x
        && outer.min().y <= inner.min().y
        && inner.max().y <= outer.max().y
}

/// The answer the two envelopes alone give, when they give one. Exact, never a guess: the
/// envelope of a point, line or polygon is spanned by its extreme vertices, so
/// - two geometries that do not meet in their envelopes are disjoint;
/// - topologically equal geometries (the same point set) have the same envelope;
/// - a geometry within another has its envelope inside the other's.
///
/// This keeps the DE-9IM computation (`Relate`, which builds a graph of both geometries) to
/// the rows that can satisfy the relation.
pub fn by_envelopes(rel: Rel, literal: &geo::Rect<f64>, row: &geo::Rect<f64>) -> Option<bool> {
    if !rects_intersect(row, literal) {
        // Every relation but disjointness needs the two to meet.
        return Some(rel == Rel::Disjoint);
    }
    match rel {
        Rel::Equals if row != literal => Some(false),
        // literal within row
        Rel::Within if !rect_within(literal, row) => Some(false),
        // literal contains row
        Rel::Contains if !rect_within(row, literal) => Some(false),
        _ => None,
    }
}

fn spatial(s: &Spatial, view: &dyn View, row: usize) -> Option<bool> {
    let g = view.geometry(row)?;
    let env = g.bounding_rect()?;
    if let Some(b) = by_envelopes(s.rel, &s.envelope, &env) {
        return Some(b);
    }
    Some(match s.rel {
        Rel::Intersects => intersects_row(s, g),
        Rel::Disjoint => !intersects_row(s, g),
        rel => holds(rel, &relate_row(s, g)),
    })
}

fn list_of<'a>(side: &'a ArrSide, view: &'a dyn View, row: usize) -> Option<Vec<&'a str>> {
    match side {
        ArrSide::Items(v) => Some(v.iter().map(String::as_str).collect()),
        ArrSide::Col(c) => match view.value(row, *c) {
            ValueRef::List(l) => Some(l.iter().collect()),
            _ => None,
        },
    }
}

fn array(op: ArrOp, a: &[&str], b: &[&str]) -> bool {
    match op {
        // Set semantics, as cql2-rs and pygeofilter read A_EQUALS.
        ArrOp::Equals => a.iter().all(|x| b.contains(x)) && b.iter().all(|x| a.contains(x)),
        ArrOp::Contains => b.iter().all(|x| a.contains(x)),
        ArrOp::ContainedBy => a.iter().all(|x| b.contains(x)),
        ArrOp::Overlaps => a.iter().any(|x| b.contains(x)),
    }
}

/// The truth of a predicate for a row: `None` is *unknown*.
pub fn pred(p: &Pred, view: &dyn View, row: usize) -> Option<bool> {
    match p {
        Pred::Const(b) => *b,
        Pred::And(ps) => {
            let mut unknown = false;
            for q in ps {
                match pred(q, view, row) {
                    Some(false) => return Some(false),
                    None => unknown = true,
                    Some(true) => {}
                }
            }
            if unknown {
                None
            } else {
                Some(true)
            }
        }
        Pred::Or(ps) => {
            let mut unknown = false;
            for q in ps {
                match pred(q, view, row) {
                    Some(true) => return Some(true),
                    None => unknown = true,
                    Some(false) => {}
                }
            }
            if unknown {
                None
            } else {
                Some(false)
            }
        }
        Pred::Not(q) => pred(q, view, row).map(|b| !b),
        Pred::Cmp(c, a, b) => {
            let x = scalar(a, view, row)?;
            let y = scalar(b, view, row)?;
            order(&x, &y).map(|o| compare(*c, o))
        }
        Pred::IsNull(a) => Some(scalar(a, view, row).is_none()),
        Pred::GeometryIsNull => Some(view.geometry(row).is_none()),
        Pred::Like(a, like) => match scalar(a, view, row)? {
            Val::Text(t) => Some(like.matches(&t)),
            Val::Lower(t) => Some(like.matches_lowercase(t)),
            _ => None,
        },
        Pred::Between(a, lo, hi) => {
            let x = scalar(a, view, row)?;
            let l = scalar(lo, view, row)?;
            let h = scalar(hi, view, row)?;
            Some(order(&x, &l)? != Ordering::Less && order(&x, &h)? != Ordering::Greater)
        }
        Pred::In(a, items) => {
            let x = scalar(a, view, row)?;
            let mut unknown = false;
            for it in items {
                match scalar(it, view, row) {
                    Some(y) => {
                        if order(&x, &y) == Some(Ordering::Equal) {
                            return Some(true);
                        }
                    }
                    None => unknown = true,
                }
            }
            if unknown {
                None
            } else {
                Some(false)
            }
        }
        Pred::Truth(a) => match scalar(a, view, row)? {
            Val::Bool(b) => Some(b),
            _ => None,
        },
        Pred::Spatial(s) => spatial(s, view, row),
        Pred::SelfSpatial(rel) => {
            let g = view.geometry(row)?;
            if g.bounding_rect().is_some() {
                // A non-empty geometry against itself: its interior meets its interior, and
                // nothing of it lies outside itself (DE-9IM `T*F**FFF*`, the same point set).
                return Some(matches!(
                    rel,
                    Rel::Intersects | Rel::Equals | Rel::Within | Rel::Contains
                ));
            }
            let g = g.to_geometry();
            Some(holds(*rel, &g.relate(&g)))
        }
        Pred::Array(op, a, b) => {
            let x = list_of(a, view, row)?;
            let y = list_of(b, view, row)?;
            Some(array(*op, &x, &y))
        }
    }
}

/// Rows that can satisfy the predicate, from the R-tree (sorted), when a spatial predicate
/// that needs the geometries to meet narrows them; `None` when every row must be tested.
pub fn candidates(p: &Pred, view: &dyn View) -> Option<Vec<u32>> {
    match p {
        Pred::Spatial(s) if s.rel != Rel::Disjoint => {
            let e = &s.envelope;
            let q = rstar::AABB::from_corners([e.min().x, e.min().y], [e.max().x, e.max().y]);
            let mut v: Vec<u32> = view
                .index()
                .locate_in_envelope_intersecting(&q)
                .map(|x| x.data)
                .collect();
            v.sort_unstable();
            v.dedup();
            Some(v)
        }
        Pred::Const(Some(false)) | Pred::Const(None) => Some(Vec::new()),
        Pred::And(ps) => ps
            .iter()
            .filter_map(|q| candidates(q, view))
            .min_by_key(Vec::len),
        Pred::Or(ps) => {
            let mut all = Vec::new();
            for q in ps {
                all.extend(candidates(q, view)?);
            }
            all.sort_unstable();
            all.dedup();
            Some(all)
        }
        _ => None,
    }
}
