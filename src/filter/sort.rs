//! `sortby`: a stable sort of selected rows by one or more properties, nulls last.
//!
//! Long selections are sorted over the view's typed column copies
//! ([`crate::view::ColumnCache`]: numbers as `f64`, other values as codes in value order), and
//! only as far as the page needs: [`sort_page`] puts the first `need` rows in their final
//! order and leaves the rest unordered.

use crate::view::columns::{cmp_values, NULL_CODE};
use crate::view::{Typed, ValueRef, View};
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

fn directed(o: Ordering, descending: bool) -> Ordering {
    if descending {
        o.reverse()
    } else {
        o
    }
}

/// Orders two rows by one key, through the view.
fn cmp_by_view(view: &dyn View, k: &SortKey, a: u32, b: u32) -> Ordering {
    match k.col {
        None => directed(view.id(a as usize).cmp(view.id(b as usize)), k.descending),
        Some(c) => {
            let va = view.value(a as usize, c);
            let vb = view.value(b as usize, c);
            match (rank(&va), rank(&vb)) {
                (0, 0) => directed(cmp_values(&va, &vb), k.descending),
                (x, y) => x.cmp(&y),
            }
        }
    }
}

/// Sorts rows by the keys, stably (ties keep their order); a missing value sorts after every
/// value whichever the direction.
pub fn sort_rows(view: &dyn View, rows: &mut [u32], keys: &[SortKey]) {
    let n = rows.len();
    sort_page(view, rows, keys, n);
}

/// A key read from the copies.
enum Key<'a> {
    Num(&'a [f64], bool),
    Code(&'a [u32], bool),
    View(SortKey),
}

impl Key<'_> {
    #[inline]
    fn cmp(&self, view: &dyn View, a: u32, b: u32) -> Ordering {
        match self {
            Key::Num(v, desc) => {
                let (x, y) = (v[a as usize], v[b as usize]);
                match (x.is_nan(), y.is_nan()) {
                    (false, false) => directed(x.total_cmp(&y), *desc),
                    (x, y) => x.cmp(&y),
                }
            }
            Key::Code(v, desc) => {
                let (x, y) = (v[a as usize], v[b as usize]);
                match (x == NULL_CODE, y == NULL_CODE) {
                    (false, false) => directed(x.cmp(&y), *desc),
                    (x, y) => x.cmp(&y),
                }
            }
            Key::View(k) => cmp_by_view(view, k, a, b),
        }
    }
}

/// Sorts rows by the keys as [`sort_rows`] does, but only the first `need` of them are
/// certain to be in place (the others follow in no particular order): enough for a page
/// that ends at `need`.
pub fn sort_page(view: &dyn View, rows: &mut [u32], keys: &[SortKey], need: usize) {
    if keys.is_empty() || rows.len() < 2 {
        return;
    }
    let ascending = rows.windows(2).all(|w| w[0] < w[1]);
    let cache = view
        .cache()
        .filter(|_| rows.len() >= super::FAST_SCAN_ROWS && ascending);
    let Some(cache) = cache else {
        rows.sort_by(|&a, &b| {
            for k in keys {
                let o = cmp_by_view(view, k, a, b);
                if o != Ordering::Equal {
                    return o;
                }
            }
            Ordering::Equal
        });
        return;
    };
    let ks: Vec<Key<'_>> = keys
        .iter()
        .map(|k| match k.col.and_then(|c| cache.get(view, c)) {
            Some(Typed::Num(v)) => Key::Num(v, k.descending),
            Some(Typed::Coded { codes, .. }) => Key::Code(codes, k.descending),
            None => Key::View(*k),
        })
        .collect();
    // The rows come in ascending order, so ordering ties by row keeps the sort stable and
    // makes the order total (a partial selection then gives the same first rows).
    let cmp = |a: &u32, b: &u32| {
        for k in &ks {
            let o = k.cmp(view, *a, *b);
            if o != Ordering::Equal {
                return o;
            }
        }
        a.cmp(b)
    };
    let need = need.min(rows.len());
    if need == 0 {
        return;
    }
    if need < rows.len() {
        rows.select_nth_unstable_by(need - 1, cmp);
        rows[..need].sort_unstable_by(cmp);
    } else {
        rows.sort_unstable_by(cmp);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::{Feature, Field, FieldKind, GeometryType, Layer, Value};
    use crate::view::LayerView;

    /// Many rows with repeated values, nulls, non-finite reals and texts: the sort over the
    /// copies, whole or partial, is the sort through the view.
    #[test]
    fn copies_sort_as_the_view_does() {
        let n = 5000usize;
        let schema = vec![
            Field::new("t", FieldKind::Text, None, "文", ""),
            Field::new("x", FieldKind::Real, None, "数", ""),
            Field::new("i", FieldKind::Integer, None, "整", ""),
            Field::new("d", FieldKind::Date, None, "日", ""),
        ];
        let day0 = chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap();
        let features = (0..n)
            .map(|k| {
                let h = (k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40;
                Feature {
                    id: format!("f{:05}", (h % 99_991)),
                    geometry: None,
                    properties: vec![
                        if h.is_multiple_of(11) {
                            Value::Null
                        } else {
                            Value::Text(["b", "a", "c", "ab", "航", "B"][(h % 6) as usize].into())
                        },
                        match h % 13 {
                            0 => Value::Null,
                            1 => Value::Real(f64::NAN),
                            2 => Value::Real(-0.0),
                            3 => Value::Real(0.0),
                            _ => Value::Real((h % 37) as f64 * 0.5 - 4.0),
                        },
                        if h.is_multiple_of(7) {
                            Value::Null
                        } else {
                            Value::Integer((h % 5) as i64 - 2)
                        },
                        Value::Date(day0 + chrono::Duration::days((h % 17) as i64)),
                    ],
                }
            })
            .collect();
        let v = LayerView::new(Layer {
            id: "t".into(),
            title: "T".into(),
            title_zh: "测".into(),
            description: String::new(),
            geometry_type: GeometryType::Point,
            key: "t",
            schema,
            features,
        });
        let key = |col: Option<usize>, descending: bool| SortKey { col, descending };
        let all: Vec<u32> = (0..n as u32).collect();
        for keys in [
            vec![key(Some(1), true)],
            vec![key(Some(1), false), key(Some(0), true)],
            vec![key(Some(0), false), key(Some(2), true), key(Some(3), false)],
            vec![key(Some(3), true), key(None, false)],
            vec![key(None, true)],
        ] {
            let mut want = all.clone();
            want.sort_by(|&a, &b| {
                keys.iter()
                    .map(|k| cmp_by_view(&v, k, a, b))
                    .find(|o| *o != Ordering::Equal)
                    .unwrap_or(Ordering::Equal)
            });
            let mut got = all.clone();
            sort_rows(&v, &mut got, &keys);
            assert_eq!(got, want, "{keys:?}");
            for need in [1, 100, 2500, n - 1] {
                let mut page = all.clone();
                sort_page(&v, &mut page, &keys, need);
                assert_eq!(page[..need], want[..need], "{keys:?} need {need}");
                let mut rest = page.clone();
                rest.sort_unstable();
                assert_eq!(rest, all, "every row stays");
            }
        }
        assert!(v.cache().unwrap().peek(1).is_some(), "the copies were used");
    }
}
