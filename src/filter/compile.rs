//! From a parsed [`Expr`] to a typed predicate: names resolved to columns, types checked,
//! literals converted once (dates, geometries in CRS84, `LIKE` patterns).

use super::like::Like;
use super::{FilterError, ToCrs84, GEOMETRY_PROPERTY};
use crate::layer::{Field, FieldKind};
use chrono::{NaiveDate, NaiveDateTime};
use cql2::Expr;
use geo::{BoundingRect, Geometry, PreparedGeometry, Rect};

/// The type of a scalar expression.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    Number,
    Text,
    Date,
    Timestamp,
    Bool,
    List,
    /// The literal NULL: compares with anything (and is never true).
    Null,
}

impl Ty {
    fn name(self) -> &'static str {
        match self {
            Ty::Number => "a number",
            Ty::Text => "a text",
            Ty::Date => "a date",
            Ty::Timestamp => "a timestamp",
            Ty::Bool => "a boolean",
            Ty::List => "a list",
            Ty::Null => "NULL",
        }
    }
    fn of(kind: FieldKind) -> Ty {
        match kind {
            FieldKind::Text => Ty::Text,
            FieldKind::Integer | FieldKind::Real => Ty::Number,
            FieldKind::Bool => Ty::Bool,
            FieldKind::Date => Ty::Date,
            FieldKind::TextList => Ty::List,
        }
    }
    fn temporal(self) -> bool {
        matches!(self, Ty::Date | Ty::Timestamp)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arith {
    Add,
    Sub,
    Mul,
    Div,
    Rem,
    Pow,
    IntDiv,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A scalar expression.
#[derive(Debug, Clone)]
pub enum Scalar {
    Col(usize),
    Num(f64),
    Text(String),
    Date(NaiveDate),
    Timestamp(NaiveDateTime),
    Bool(bool),
    Null,
    Arith(Arith, Box<Scalar>, Box<Scalar>),
    /// `CASEI(x)`: x in lower case.
    Lower(Box<Scalar>),
}

/// A DE-9IM relation, read as "literal REL row" after normalising the argument order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rel {
    Intersects,
    Disjoint,
    Equals,
    Touches,
    /// literal within row
    Within,
    /// literal contains row
    Contains,
    Overlaps,
    Crosses,
}

/// A spatial predicate between a literal geometry (CRS84) and the row's geometry.
pub struct Spatial {
    pub rel: Rel,
    pub literal: Geometry<f64>,
    pub prepared: PreparedGeometry<'static, Geometry<f64>, f64>,
    pub envelope: Rect<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrOp {
    Equals,
    /// left ⊇ right
    Contains,
    /// left ⊆ right
    ContainedBy,
    Overlaps,
}

/// One side of an array predicate.
#[derive(Debug, Clone)]
pub enum ArrSide {
    Col(usize),
    Items(Vec<String>),
}

/// A boolean expression.
pub enum Pred {
    Const(Option<bool>),
    And(Vec<Pred>),
    Or(Vec<Pred>),
    Not(Box<Pred>),
    Cmp(Cmp, Scalar, Scalar),
    IsNull(Scalar),
    GeometryIsNull,
    Like(Scalar, Like),
    Between(Scalar, Scalar, Scalar),
    In(Scalar, Vec<Scalar>),
    /// A boolean property or literal used as a predicate.
    Truth(Scalar),
    Spatial(Box<Spatial>),
    /// A spatial predicate of the row's geometry with itself.
    SelfSpatial(Rel),
    Array(ArrOp, ArrSide, ArrSide),
}

/// The operators and functions of the classes this server declares (lower case).
const SUPPORTED: &[&str] = &[
    "and",
    "or",
    "not",
    "=",
    "<>",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "like",
    "between",
    "in",
    "isnull",
    "casei",
    "+",
    "-",
    "*",
    "/",
    "%",
    "^",
    "div",
    "s_intersects",
    "s_disjoint",
    "s_equals",
    "s_touches",
    "s_within",
    "s_contains",
    "s_overlaps",
    "s_crosses",
    "a_equals",
    "a_contains",
    "a_containedby",
    "a_overlaps",
    // cql2 0.5 reads a cql2-text BBOX(…) literal as a function call.
    "bbox",
];

/// The first operator or function of the expression that belongs to a class this server
/// does not declare (temporal functions, `ACCENTI`, custom functions), with a sentence.
pub fn unsupported(e: &Expr) -> Option<String> {
    match e {
        Expr::Operation { op, args } => {
            let l = op.to_lowercase();
            if !SUPPORTED.contains(&l.as_str()) {
                let class = if l.starts_with("t_") {
                    "temporal functions (`temporal-functions`)"
                } else if l == "accenti" {
                    "accent-insensitive comparison (`accent-insensitive-comparison`)"
                } else {
                    "custom functions (`functions`)"
                };
                return Some(format!(
                    "`{op}` belongs to {class}, a CQL2 class this server does not offer"
                ));
            }
            args.iter().find_map(|a| unsupported(a))
        }
        Expr::Interval { .. } => Some(
            "INTERVAL(…) belongs to temporal functions (`temporal-functions`), a CQL2 class this server does not offer"
                .into(),
        ),
        Expr::Array(items) => items.iter().find_map(|a| unsupported(a)),
        _ => None,
    }
}

pub struct Compiler<'a> {
    pub fields: &'a [Field],
    pub text: &'a str,
    pub to_crs84: ToCrs84<'a>,
}

/// 1-based character position of the first whole-word occurrence of `word` in `text`
/// (case-insensitive for ASCII), or of `"word"` in JSON.
fn locate(text: &str, word: &str) -> Option<usize> {
    if word.is_empty() {
        return None;
    }
    let lt = text.to_lowercase();
    let lw = word.to_lowercase();
    if lt.len() != text.len() {
        // Lower-casing changed byte lengths: fall back to an exact search.
        return text.find(word).map(|b| text[..b].chars().count() + 1);
    }
    let is_word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '.' | ':');
    let mut from = 0;
    while let Some(k) = lt[from..].find(&lw) {
        let b = from + k;
        let before = lt[..b].chars().next_back();
        let after = lt[b + lw.len()..].chars().next();
        if !before.is_some_and(is_word) && !after.is_some_and(is_word) {
            return Some(text[..b].chars().count() + 1);
        }
        from = b + lw.len().max(1);
        if from >= lt.len() {
            break;
        }
    }
    None
}

impl Compiler<'_> {
    fn err(&self, near: &str, message: String) -> FilterError {
        let position = locate(self.text, near);
        let message = match position {
            Some(p) => format!("filter: {message} (at character {p})"),
            None => format!("filter: {message}"),
        };
        FilterError { message, position }
    }

    pub fn compile(&self, e: &Expr) -> Result<Pred, FilterError> {
        if let Some(why) = unsupported(e) {
            let op = first_unsupported_name(e).unwrap_or_default();
            return Err(self.err(&op, why));
        }
        self.pred(e)
    }

    fn column(&self, name: &str) -> Result<usize, FilterError> {
        self.fields
            .iter()
            .position(|f| f.name == name)
            .ok_or_else(|| {
                self.err(
                    name,
                    format!(
                        "unknown property `{name}`; the queryables of this collection are {}, {GEOMETRY_PROPERTY}",
                        self.fields.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
                    ),
                )
            })
    }

    fn args<'e>(
        &self,
        op: &str,
        args: &'e [Box<Expr>],
        n: usize,
    ) -> Result<Vec<&'e Expr>, FilterError> {
        if args.len() != n {
            return Err(self.err(
                op,
                format!(
                    "`{}` takes {n} argument(s), not {}",
                    op.to_uppercase(),
                    args.len()
                ),
            ));
        }
        Ok(args.iter().map(|a| a.as_ref()).collect())
    }

    fn pred(&self, e: &Expr) -> Result<Pred, FilterError> {
        match e {
            Expr::Bool(b) => Ok(Pred::Const(Some(*b))),
            Expr::Null => Ok(Pred::Const(None)),
            Expr::Property { property } => {
                if property == GEOMETRY_PROPERTY {
                    return Err(self.err(
                        property,
                        "the geometry is not a boolean; use a spatial function such as S_INTERSECTS".into(),
                    ));
                }
                let c = self.column(property)?;
                let ty = Ty::of(self.fields[c].kind);
                if ty != Ty::Bool {
                    return Err(self.err(
                        property,
                        format!(
                            "`{property}` is {} and cannot stand alone as a condition; compare it with a value",
                            ty.name()
                        ),
                    ));
                }
                Ok(Pred::Truth(Scalar::Col(c)))
            }
            Expr::Operation { op, args } => self.operation(op, args),
            other => Err(self.err("", format!("{} is not a condition", describe(other)))),
        }
    }

    fn operation(&self, op: &str, args: &[Box<Expr>]) -> Result<Pred, FilterError> {
        let l = op.to_lowercase();
        match l.as_str() {
            "and" | "or" => {
                let parts = args
                    .iter()
                    .map(|a| self.pred(a))
                    .collect::<Result<Vec<_>, _>>()?;
                Ok(if l == "and" {
                    Pred::And(parts)
                } else {
                    Pred::Or(parts)
                })
            }
            "not" => {
                let a = self.args(op, args, 1)?;
                Ok(Pred::Not(Box::new(self.pred(a[0])?)))
            }
            "=" | "<>" | "!=" | "<" | "<=" | ">" | ">=" => {
                let a = self.args(op, args, 2)?;
                let cmp = match l.as_str() {
                    "=" => Cmp::Eq,
                    "<>" | "!=" => Cmp::Ne,
                    "<" => Cmp::Lt,
                    "<=" => Cmp::Le,
                    ">" => Cmp::Gt,
                    _ => Cmp::Ge,
                };
                let (x, tx) = self.scalar(a[0])?;
                let (y, ty) = self.scalar(a[1])?;
                let (x, y) = self.unify(op, (x, tx), (y, ty), a[0], a[1])?;
                let t = if tx == Ty::Null { ty } else { tx };
                if t == Ty::Bool && !matches!(cmp, Cmp::Eq | Cmp::Ne) {
                    return Err(self.err(
                        &near_of(a[0]),
                        format!("booleans can only be compared with = or <>, not {op}"),
                    ));
                }
                Ok(Pred::Cmp(cmp, x, y))
            }
            "isnull" => {
                let a = self.args(op, args, 1)?;
                if let Expr::Property { property } = a[0] {
                    if property == GEOMETRY_PROPERTY {
                        return Ok(Pred::GeometryIsNull);
                    }
                }
                let (x, _) = self.scalar(a[0])?;
                Ok(Pred::IsNull(x))
            }
            "like" => {
                let a = self.args(op, args, 2)?;
                let (x, tx) = self.scalar(a[0])?;
                if !matches!(tx, Ty::Text | Ty::Null) {
                    return Err(self.err(
                        &near_of(a[0]),
                        format!("LIKE needs a text, but {} is {}", describe(a[0]), tx.name()),
                    ));
                }
                let (pattern, casei) = match a[1] {
                    Expr::Literal(s) => (s.clone(), false),
                    Expr::Operation { op, args }
                        if op.eq_ignore_ascii_case("casei")
                            && args.len() == 1
                            && matches!(args[0].as_ref(), Expr::Literal(_)) =>
                    {
                        match args[0].as_ref() {
                            Expr::Literal(s) => (s.clone(), true),
                            _ => unreachable!(),
                        }
                    }
                    other => {
                        return Err(self.err(
                            &near_of(other),
                            format!(
                                "the pattern of LIKE must be a text literal, not {}",
                                describe(other)
                            ),
                        ))
                    }
                };
                let mut like = Like::new(&pattern);
                if casei {
                    like = like.map_chars(|c| c.to_lowercase().collect());
                }
                Ok(Pred::Like(x, like))
            }
            "between" => {
                let a = self.args(op, args, 3)?;
                let (x, tx) = self.scalar(a[0])?;
                let (lo, tl) = self.scalar(a[1])?;
                let (hi, th) = self.scalar(a[2])?;
                let (x2, lo) = self.unify(op, (x, tx), (lo, tl), a[0], a[1])?;
                let (_, hi) = self.unify(op, (x2.clone(), tx), (hi, th), a[0], a[2])?;
                if !matches!(
                    tx,
                    Ty::Number | Ty::Date | Ty::Timestamp | Ty::Text | Ty::Null
                ) {
                    return Err(self.err(
                        &near_of(a[0]),
                        format!("BETWEEN needs numbers, dates or texts, not {}", tx.name()),
                    ));
                }
                Ok(Pred::Between(x2, lo, hi))
            }
            "in" => {
                let a = self.args(op, args, 2)?;
                let (x, tx) = self.scalar(a[0])?;
                let items: Vec<&Expr> = match a[1] {
                    Expr::Array(items) => items.iter().map(|i| i.as_ref()).collect(),
                    other => vec![other],
                };
                let mut list = Vec::with_capacity(items.len());
                let mut xx = x;
                for it in items {
                    let (y, ty) = self.scalar(it)?;
                    let (x2, y2) = self.unify(op, (xx, tx), (y, ty), a[0], it)?;
                    xx = x2;
                    list.push(y2);
                }
                Ok(Pred::In(xx, list))
            }
            s if s.starts_with("s_") => self.spatial(op, &l, args),
            s if s.starts_with("a_") => self.array(op, &l, args),
            // Arithmetic, CASEI and constants are not conditions.
            _ => Err(self.err(
                op,
                format!("`{op}` gives a value, not a condition; compare it with something"),
            )),
        }
    }

    /// Makes two operands comparable: same type, or a text literal read as the date it spells.
    fn unify(
        &self,
        op: &str,
        (x, tx): (Scalar, Ty),
        (y, ty): (Scalar, Ty),
        ex: &Expr,
        ey: &Expr,
    ) -> Result<(Scalar, Scalar), FilterError> {
        if tx == ty || tx == Ty::Null || ty == Ty::Null || (tx.temporal() && ty.temporal()) {
            return Ok((x, y));
        }
        // A date written as text ('2012-01-01') next to a date property.
        let as_date = |s: &Scalar| match s {
            Scalar::Text(t) => NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        if tx.temporal() && ty == Ty::Text {
            if let Some(d) = as_date(&y) {
                return Ok((x, Scalar::Date(d)));
            }
        }
        if ty.temporal() && tx == Ty::Text {
            if let Some(d) = as_date(&x) {
                return Ok((Scalar::Date(d), y));
            }
        }
        let hint = if tx == Ty::List || ty == Ty::List {
            "; lists are tested with A_CONTAINS, A_CONTAINEDBY, A_OVERLAPS or A_EQUALS"
        } else if tx.temporal() || ty.temporal() {
            "; write dates as DATE('YYYY-MM-DD')"
        } else {
            ""
        };
        Err(self.err(
            &near_of(ex),
            format!(
                "type mismatch in `{}`: {} is {} but {} is {}{hint}",
                op.to_uppercase(),
                describe(ex),
                tx.name(),
                describe(ey),
                ty.name()
            ),
        ))
    }

    fn scalar(&self, e: &Expr) -> Result<(Scalar, Ty), FilterError> {
        Ok(match e {
            Expr::Float(f) => (Scalar::Num(*f), Ty::Number),
            Expr::Literal(s) => (Scalar::Text(s.clone()), Ty::Text),
            Expr::Bool(b) => (Scalar::Bool(*b), Ty::Bool),
            Expr::Null => (Scalar::Null, Ty::Null),
            Expr::Date { date } => {
                let s = literal_text(date);
                let d = NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
                    .map_err(|_| self.err(&s, format!("DATE('{s}') is not a date YYYY-MM-DD")))?;
                (Scalar::Date(d), Ty::Date)
            }
            Expr::Timestamp { timestamp } => {
                let s = literal_text(timestamp);
                let t = chrono::DateTime::parse_from_rfc3339(s.trim())
                    .map(|t| t.naive_utc())
                    .or_else(|_| NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%dT%H:%M:%S"))
                    .map_err(|_| {
                        self.err(&s, format!("TIMESTAMP('{s}') is not an RFC 3339 timestamp"))
                    })?;
                (Scalar::Timestamp(t), Ty::Timestamp)
            }
            Expr::Property { property } => {
                if property == GEOMETRY_PROPERTY {
                    return Err(self.err(
                        property,
                        "the geometry can only be used in a spatial function (S_INTERSECTS, …) or IS NULL".into(),
                    ));
                }
                let c = self.column(property)?;
                (Scalar::Col(c), Ty::of(self.fields[c].kind))
            }
            Expr::Operation { op, args } => {
                let l = op.to_lowercase();
                let arith = match l.as_str() {
                    "+" => Some(Arith::Add),
                    "-" => Some(Arith::Sub),
                    "*" => Some(Arith::Mul),
                    "/" => Some(Arith::Div),
                    "%" => Some(Arith::Rem),
                    "^" => Some(Arith::Pow),
                    "div" => Some(Arith::IntDiv),
                    _ => None,
                };
                if let Some(a) = arith {
                    let v = self.args(op, args, 2)?;
                    let (x, tx) = self.scalar(v[0])?;
                    let (y, ty) = self.scalar(v[1])?;
                    for (t, ex) in [(tx, v[0]), (ty, v[1])] {
                        if !matches!(t, Ty::Number | Ty::Null) {
                            return Err(self.err(
                                &near_of(ex),
                                format!(
                                    "arithmetic `{op}` needs numbers, but {} is {}",
                                    describe(ex),
                                    t.name()
                                ),
                            ));
                        }
                    }
                    return Ok((fold(Scalar::Arith(a, Box::new(x), Box::new(y))), Ty::Number));
                }
                if l == "casei" {
                    let v = self.args(op, args, 1)?;
                    let (x, tx) = self.scalar(v[0])?;
                    if !matches!(tx, Ty::Text | Ty::Null) {
                        return Err(self.err(
                            op,
                            format!(
                                "CASEI needs a text, but {} is {}",
                                describe(v[0]),
                                tx.name()
                            ),
                        ));
                    }
                    return Ok((
                        match x {
                            Scalar::Text(s) => Scalar::Text(s.to_lowercase()),
                            x => Scalar::Lower(Box::new(x)),
                        },
                        Ty::Text,
                    ));
                }
                return Err(self.err(
                    op,
                    format!("`{op}` is a condition, not a value that can be compared"),
                ));
            }
            other => {
                return Err(self.err(
                    &near_of(other),
                    format!("{} cannot be used as a value here", describe(other)),
                ))
            }
        })
    }

    fn geometry_literal(&self, e: &Expr) -> Result<Option<Geometry<f64>>, FilterError> {
        use geo::MapCoords;
        let g: Geometry<f64> = match e {
            Expr::Property { property } if property == GEOMETRY_PROPERTY => return Ok(None),
            Expr::Property { property } => {
                self.column(property)?;
                return Err(self.err(
                    property,
                    format!("`{property}` is not a geometry; the geometry property is `{GEOMETRY_PROPERTY}`"),
                ));
            }
            Expr::Geometry(cql2::Geometry::Wkt(s)) => {
                use wkt::TryFromWkt;
                Geometry::<f64>::try_from_wkt_str(s).map_err(|err| {
                    self.err(s.split('(').next().unwrap_or(""), format!("the WKT geometry is not valid: {err}"))
                })?
            }
            Expr::Geometry(cql2::Geometry::GeoJSON(g)) => {
                Geometry::<f64>::try_from(g.clone()).map_err(|err| {
                    self.err("coordinates", format!("the GeoJSON geometry is not valid: {err}"))
                })?
            }
            Expr::BBox { bbox } | Expr::Operation { op: _, args: bbox }
                if matches!(e, Expr::BBox { .. })
                    || matches!(e, Expr::Operation { op, .. } if op.eq_ignore_ascii_case("bbox")) =>
            {
                let nums: Vec<f64> = bbox
                    .iter()
                    .map(|b| match b.as_ref() {
                        Expr::Float(f) => Ok(*f),
                        other => Err(self.err(
                            "bbox",
                            format!("BBOX takes numbers, not {}", describe(other)),
                        )),
                    })
                    .collect::<Result<_, _>>()?;
                let (a1, b1, a2, b2) = match nums.as_slice() {
                    [a1, b1, a2, b2] => (*a1, *b1, *a2, *b2),
                    [a1, b1, _, a2, b2, _] => (*a1, *b1, *a2, *b2),
                    _ => {
                        return Err(self.err(
                            "bbox",
                            format!("BBOX takes 4 or 6 numbers, not {}", nums.len()),
                        ))
                    }
                };
                if a1 > a2 || b1 > b2 {
                    return Err(self.err(
                        "bbox",
                        "BBOX: the lower corner is above or right of the upper corner".into(),
                    ));
                }
                // The box's four corners in filter-crs; mapped below like any polygon.
                Geometry::Polygon(geo::Polygon::new(
                    geo::LineString::from(vec![(a1, b1), (a2, b1), (a2, b2), (a1, b2), (a1, b1)]),
                    vec![],
                ))
            }
            other => {
                return Err(self.err(
                    &near_of(other),
                    format!(
                        "a spatial function needs the geometry property `{GEOMETRY_PROPERTY}` or a geometry literal (WKT or BBOX), not {}",
                        describe(other)
                    ),
                ))
            }
        };
        let to = self.to_crs84;
        let mapped = g
            .try_map_coords(|c| {
                if !c.x.is_finite() || !c.y.is_finite() {
                    return Err(());
                }
                to(c.x, c.y).map(|(x, y)| geo::Coord { x, y }).ok_or(())
            })
            .map_err(|_| {
                self.err(
                    "",
                    "a geometry literal has a position outside the domain of filter-crs".into(),
                )
            })?;
        if mapped.bounding_rect().is_none() {
            return Err(self.err("", "a geometry literal is empty".into()));
        }
        Ok(Some(mapped))
    }

    fn spatial(&self, op: &str, l: &str, args: &[Box<Expr>]) -> Result<Pred, FilterError> {
        let a = self.args(op, args, 2)?;
        let left = self.geometry_literal(a[0])?;
        let right = self.geometry_literal(a[1])?;
        let rel = match l {
            "s_intersects" => Rel::Intersects,
            "s_disjoint" => Rel::Disjoint,
            "s_equals" => Rel::Equals,
            "s_touches" => Rel::Touches,
            "s_within" => Rel::Within,
            "s_contains" => Rel::Contains,
            "s_overlaps" => Rel::Overlaps,
            "s_crosses" => Rel::Crosses,
            _ => unreachable!("checked by `unsupported`"),
        };
        let swap = |r: Rel| match r {
            Rel::Within => Rel::Contains,
            Rel::Contains => Rel::Within,
            r => r,
        };
        match (left, right) {
            (None, None) => Ok(Pred::SelfSpatial(rel)),
            (Some(x), Some(y)) => {
                use geo::Relate;
                let m = x.relate(&y);
                Ok(Pred::Const(Some(super::eval::holds(rel, &m))))
            }
            // geometry REL literal = literal swap(REL) geometry
            (None, Some(g)) => Ok(Pred::Spatial(Box::new(Spatial::new(swap(rel), g)))),
            (Some(g), None) => Ok(Pred::Spatial(Box::new(Spatial::new(rel, g)))),
        }
    }

    fn array_side(&self, e: &Expr) -> Result<ArrSide, FilterError> {
        match e {
            Expr::Property { property } => {
                let c = self.column(property)?;
                if self.fields[c].kind != FieldKind::TextList {
                    return Err(self.err(
                        property,
                        format!(
                            "array functions need a list property, but `{property}` is {}",
                            Ty::of(self.fields[c].kind).name()
                        ),
                    ));
                }
                Ok(ArrSide::Col(c))
            }
            Expr::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for it in items {
                    match it.as_ref() {
                        Expr::Literal(s) => out.push(s.clone()),
                        other => {
                            return Err(self.err(
                                &near_of(other),
                                format!(
                                    "the list properties hold texts; {} in an array literal is not a text",
                                    describe(other)
                                ),
                            ))
                        }
                    }
                }
                Ok(ArrSide::Items(out))
            }
            Expr::Literal(s) => Ok(ArrSide::Items(vec![s.clone()])),
            other => Err(self.err(
                &near_of(other),
                format!(
                    "array functions need a list property or an array literal ('a', 'b'), not {}",
                    describe(other)
                ),
            )),
        }
    }

    fn array(&self, op: &str, l: &str, args: &[Box<Expr>]) -> Result<Pred, FilterError> {
        let a = self.args(op, args, 2)?;
        let x = self.array_side(a[0])?;
        let y = self.array_side(a[1])?;
        let o = match l {
            "a_equals" => ArrOp::Equals,
            "a_contains" => ArrOp::Contains,
            "a_containedby" => ArrOp::ContainedBy,
            "a_overlaps" => ArrOp::Overlaps,
            _ => unreachable!("checked by `unsupported`"),
        };
        Ok(Pred::Array(o, x, y))
    }
}

impl Spatial {
    fn new(rel: Rel, literal: Geometry<f64>) -> Spatial {
        let envelope = literal
            .bounding_rect()
            .expect("checked non-empty when the literal was read");
        let prepared = PreparedGeometry::from(literal.clone());
        Spatial {
            rel,
            literal,
            prepared,
            envelope,
        }
    }
}

/// Folds arithmetic over constants.
fn fold(s: Scalar) -> Scalar {
    if let Scalar::Arith(op, a, b) = &s {
        if let (Scalar::Num(x), Scalar::Num(y)) = (a.as_ref(), b.as_ref()) {
            return match super::eval::arith(*op, *x, *y) {
                Some(v) => Scalar::Num(v),
                None => Scalar::Null,
            };
        }
    }
    s
}

fn literal_text(e: &Expr) -> String {
    match e {
        Expr::Literal(s) => s.clone(),
        Expr::Float(f) => f.to_string(),
        other => describe(other),
    }
}

/// A word of the expression to look for in the text, to report a position.
fn near_of(e: &Expr) -> String {
    match e {
        Expr::Property { property } => property.clone(),
        Expr::Literal(s) => s.clone(),
        Expr::Operation { op, args } => {
            if matches!(op.as_str(), "+" | "-" | "*" | "/" | "=" | "<" | ">") {
                args.first().map(|a| near_of(a)).unwrap_or_default()
            } else {
                op.clone()
            }
        }
        Expr::Date { date } => literal_text(date),
        _ => String::new(),
    }
}

fn first_unsupported_name(e: &Expr) -> Option<String> {
    match e {
        Expr::Operation { op, args } => {
            if !SUPPORTED.contains(&op.to_lowercase().as_str()) {
                return Some(op.clone());
            }
            args.iter().find_map(|a| first_unsupported_name(a))
        }
        Expr::Interval { .. } => Some("interval".into()),
        Expr::Array(items) => items.iter().find_map(|a| first_unsupported_name(a)),
        _ => None,
    }
}

/// A short description of an expression for messages.
fn describe(e: &Expr) -> String {
    match e {
        Expr::Property { property } => format!("`{property}`"),
        Expr::Float(f) => format!("{f}"),
        Expr::Literal(s) => format!("'{s}'"),
        Expr::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
        Expr::Null => "NULL".into(),
        Expr::Date { date } => format!("DATE('{}')", literal_text(date)),
        Expr::Timestamp { timestamp } => format!("TIMESTAMP('{}')", literal_text(timestamp)),
        Expr::Interval { .. } => "an INTERVAL".into(),
        Expr::Geometry(_) => "a geometry".into(),
        Expr::BBox { .. } => "a BBOX".into(),
        Expr::Array(_) => "an array".into(),
        Expr::Operation { op, .. } => format!("`{}(…)`", op.to_uppercase()),
    }
}
