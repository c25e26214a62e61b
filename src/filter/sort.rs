//! `sortby`: a stable sort of selected rows by one or more properties, nulls last.

use crate::view::{ValueRef, View};
use std::cmp::Ordering;

/// One sort key: a column (`None` = the feature id) and its direction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortKey {
    pub col: Option<usize>,
    pub descending: bool,
}

fn rank(v: &ValueRef<'_>) -> u8 {
    match v {
        ValueRef::Null => 9,
        ValueRef::Real(f) if !f.is_finite() => 9,
        _ => 0,
    }
}

/// Orders two non-null values of one column.
fn cmp_values(a: &ValueRef<'_>, b: &ValueRef<'_>) -> Ordering {
    match (a, b) {
        (ValueRef::Text(x), ValueRef::Text(y)) => x.cmp(y),
        (ValueRef::Date(x), ValueRef::Date(y)) => x.cmp(y),
        (ValueRef::Bool(x), ValueRef::Bool(y)) => x.cmp(y),
        (ValueRef::List(x), ValueRef::List(y)) => x.iter().cmp(y.iter()),
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x.total_cmp(&y),
            _ => a
                .to_plain_text()
                .unwrap_or_default()
                .cmp(&b.to_plain_text().unwrap_or_default()),
        },
    }
}

/// Sorts rows by the keys, stably (ties keep their order); a missing value sorts after every
/// value whichever the direction.
pub fn sort_rows(view: &dyn View, rows: &mut [u32], keys: &[SortKey]) {
    if keys.is_empty() {
        return;
    }
    rows.sort_by(|&a, &b| {
        for k in keys {
            let o = match k.col {
                None => {
                    let o = view.id(a as usize).cmp(view.id(b as usize));
                    if k.descending {
                        o.reverse()
                    } else {
                        o
                    }
                }
                Some(c) => {
                    let va = view.value(a as usize, c);
                    let vb = view.value(b as usize, c);
                    match (rank(&va), rank(&vb)) {
                        (0, 0) => {
                            let o = cmp_values(&va, &vb);
                            if k.descending {
                                o.reverse()
                            } else {
                                o
                            }
                        }
                        (x, y) => x.cmp(&y),
                    }
                }
            };
            if o != Ordering::Equal {
                return o;
            }
        }
        Ordering::Equal
    });
}
