//! A compiled predicate specialised, for one scan of many rows, to the view's typed column
//! copies ([`crate::view::ColumnCache`]):
//! - a condition that reads one dictionary-coded column (a text, a date, a boolean or a
//!   list: `zone_id = '…'`, `CASEI(holder) LIKE …`, `granted_on < DATE(…)`,
//!   `A_CONTAINS(shortfalls, …)`, and any AND/OR/NOT of such on the same column) is decided
//!   once per distinct value, by the row evaluator itself run over the dictionary; each row
//!   then costs a table look-up;
//! - comparisons, `BETWEEN`, `IN` and `IS NULL` over numbers (properties, constants and
//!   arithmetic) read the `f64` copies;
//! - everything else (spatial predicates, texts compared with other properties) is evaluated
//!   row by row as before.
//!
//! Every answer is the row evaluator's ([`super::eval::pred`]): the specialised nodes repeat
//! its three-valued logic over the same values.

use super::compile::{Arith, Cmp, Pred, Scalar};
use super::eval;
use crate::dataset::BoxIndex;
use crate::layer::{Field, Value};
use crate::view::columns::NULL_CODE;
use crate::view::{ColumnCache, GeomRef, Meta, Typed, ValueRef, View};
use std::cmp::Ordering;

const FALSE: u8 = 0;
const TRUE: u8 = 1;
const UNKNOWN: u8 = 2;

fn truth(b: Option<bool>) -> u8 {
    match b {
        Some(false) => FALSE,
        Some(true) => TRUE,
        None => UNKNOWN,
    }
}

fn untruth(t: u8) -> Option<bool> {
    match t {
        FALSE => Some(false),
        TRUE => Some(true),
        _ => None,
    }
}

/// A numeric expression over the `f64` copies.
pub enum Num<'a> {
    Col(&'a [f64]),
    K(f64),
    /// NULL (or a constant folded to a non-finite value).
    Null,
    Arith(Arith, Box<Num<'a>>, Box<Num<'a>>),
}

impl Num<'_> {
    /// The value, `None` for null (as `eval::scalar` gives it).
    #[inline]
    fn get(&self, row: usize) -> Option<f64> {
        match self {
            Num::Col(v) => {
                let x = v[row];
                (!x.is_nan()).then_some(x)
            }
            Num::K(k) => Some(*k),
            Num::Null => None,
            Num::Arith(op, a, b) => eval::arith(*op, a.get(row)?, b.get(row)?),
        }
    }
}

/// A predicate node for one scan.
pub enum Node<'a> {
    /// `table[codes[row]]`, `table[len - 1]` for a null code.
    Coded {
        codes: &'a [u32],
        table: Vec<u8>,
    },
    Cmp(Cmp, Num<'a>, Num<'a>),
    Between(Num<'a>, Num<'a>, Num<'a>),
    In(Num<'a>, Vec<Num<'a>>),
    IsNull(Num<'a>),
    And(Vec<Node<'a>>),
    Or(Vec<Node<'a>>),
    Not(Box<Node<'a>>),
    /// Row by row through the view.
    Row(&'a Pred),
}

impl Node<'_> {
    /// The truth of the node for a row (`None`: unknown).
    pub fn eval(&self, view: &dyn View, row: usize) -> Option<bool> {
        match self {
            Node::Coded { codes, table } => {
                let c = codes[row];
                let k = if c == NULL_CODE {
                    table.len() - 1
                } else {
                    c as usize
                };
                untruth(table[k])
            }
            Node::Cmp(c, a, b) => {
                let x = a.get(row)?;
                let y = b.get(row)?;
                x.partial_cmp(&y).map(|o| eval::compare(*c, o))
            }
            Node::Between(a, lo, hi) => {
                let x = a.get(row)?;
                let l = lo.get(row)?;
                let h = hi.get(row)?;
                Some(
                    x.partial_cmp(&l)? != Ordering::Less && x.partial_cmp(&h)? != Ordering::Greater,
                )
            }
            Node::In(a, items) => {
                let x = a.get(row)?;
                let mut unknown = false;
                for it in items {
                    match it.get(row) {
                        Some(y) => {
                            if x.partial_cmp(&y) == Some(Ordering::Equal) {
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
            Node::IsNull(a) => Some(a.get(row).is_none()),
            Node::And(ns) => {
                let mut unknown = false;
                for n in ns {
                    match n.eval(view, row) {
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
            Node::Or(ns) => {
                let mut unknown = false;
                for n in ns {
                    match n.eval(view, row) {
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
            Node::Not(n) => n.eval(view, row).map(|b| !b),
            Node::Row(p) => eval::pred(p, view, row),
        }
    }
}

/// The columns a scalar reads (`None`: it reads something else, which never happens for a
/// scalar).
fn scalar_cols(s: &Scalar, out: &mut Vec<usize>) {
    match s {
        Scalar::Col(c) => out.push(*c),
        Scalar::Arith(_, a, b) => {
            scalar_cols(a, out);
            scalar_cols(b, out);
        }
        Scalar::Lower(a) => scalar_cols(a, out),
        _ => {}
    }
}

/// The columns a predicate reads; `false` when it also reads the geometry.
fn pred_cols(p: &Pred, out: &mut Vec<usize>) -> bool {
    use super::compile::ArrSide;
    match p {
        Pred::Const(_) => true,
        Pred::And(ps) | Pred::Or(ps) => ps.iter().all(|q| pred_cols(q, out)),
        Pred::Not(q) => pred_cols(q, out),
        Pred::Cmp(_, a, b) => {
            scalar_cols(a, out);
            scalar_cols(b, out);
            true
        }
        Pred::IsNull(a) | Pred::Like(a, _) | Pred::Truth(a) => {
            scalar_cols(a, out);
            true
        }
        Pred::Between(a, b, c) => {
            for s in [a, b, c] {
                scalar_cols(s, out);
            }
            true
        }
        Pred::In(a, items) => {
            scalar_cols(a, out);
            for s in items {
                scalar_cols(s, out);
            }
            true
        }
        Pred::Array(_, a, b) => {
            for s in [a, b] {
                if let ArrSide::Col(c) = s {
                    out.push(*c);
                }
            }
            true
        }
        Pred::GeometryIsNull | Pred::Spatial(_) | Pred::SelfSpatial(_) => false,
    }
}

/// One distinct value of a coded column per row (the last row: null), for running the row
/// evaluator over a dictionary.
struct DictView<'a> {
    inner: &'a dyn View,
    col: usize,
    dict: &'a [Value],
}

impl View for DictView<'_> {
    fn meta(&self) -> &Meta {
        self.inner.meta()
    }
    fn fields(&self) -> &[Field] {
        self.inner.fields()
    }
    fn len(&self) -> usize {
        self.dict.len() + 1
    }
    fn id(&self, _row: usize) -> &str {
        ""
    }
    fn geometry(&self, _row: usize) -> Option<GeomRef<'_>> {
        None
    }
    fn value(&self, row: usize, col: usize) -> ValueRef<'_> {
        match self.dict.get(row) {
            Some(v) if col == self.col => ValueRef::from(v),
            _ => ValueRef::Null,
        }
    }
    fn index(&self) -> &BoxIndex {
        self.inner.index()
    }
}

/// Specialises `p` for a scan of `rows` rows of `view`: a dictionary is tabulated only when
/// it is smaller than the scan.
pub fn plan<'a>(p: &'a Pred, view: &'a dyn View, cache: &'a ColumnCache, rows: usize) -> Node<'a> {
    let mut cols = Vec::new();
    if pred_cols(p, &mut cols) {
        cols.sort_unstable();
        cols.dedup();
        if let [c] = cols[..] {
            if let Some(Typed::Coded { codes, dict }) = cache.get(view, c) {
                if dict.len() < rows {
                    let dv = DictView {
                        inner: view,
                        col: c,
                        dict,
                    };
                    let table = (0..dv.len())
                        .map(|k| truth(eval::pred(p, &dv, k)))
                        .collect();
                    return Node::Coded { codes, table };
                }
            }
        }
    }
    let num = |s: &'a Scalar| num(s, view, cache);
    match p {
        Pred::And(ps) => Node::And(ps.iter().map(|q| plan(q, view, cache, rows)).collect()),
        Pred::Or(ps) => Node::Or(ps.iter().map(|q| plan(q, view, cache, rows)).collect()),
        Pred::Not(q) => Node::Not(Box::new(plan(q, view, cache, rows))),
        Pred::Cmp(c, a, b) => match (num(a), num(b)) {
            (Some(x), Some(y)) => Node::Cmp(*c, x, y),
            _ => Node::Row(p),
        },
        Pred::Between(a, lo, hi) => match (num(a), num(lo), num(hi)) {
            (Some(x), Some(l), Some(h)) => Node::Between(x, l, h),
            _ => Node::Row(p),
        },
        Pred::In(a, items) => {
            let x = num(a);
            let ys: Option<Vec<Num<'a>>> = items.iter().map(num).collect();
            match (x, ys) {
                (Some(x), Some(ys)) => Node::In(x, ys),
                _ => Node::Row(p),
            }
        }
        Pred::IsNull(a) => match num(a) {
            Some(x) => Node::IsNull(x),
            None => Node::Row(p),
        },
        _ => Node::Row(p),
    }
}

/// A scalar over numeric copies only (`None` when it reads anything else).
fn num<'a>(s: &'a Scalar, view: &'a dyn View, cache: &'a ColumnCache) -> Option<Num<'a>> {
    Some(match s {
        Scalar::Col(c) => match cache.get(view, *c)? {
            Typed::Num(v) => Num::Col(v),
            Typed::Coded { .. } => return None,
        },
        Scalar::Num(k) => Num::K(*k),
        Scalar::Null => Num::Null,
        Scalar::Arith(op, a, b) => Num::Arith(
            *op,
            Box::new(num(a, view, cache)?),
            Box::new(num(b, view, cache)?),
        ),
        _ => return None,
    })
}
