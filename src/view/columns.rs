//! Typed, contiguous copies of a view's columns, made on first use and kept with the view,
//! for filters and sorts that scan every row (`filter`, `sortby` over 200 000 parcels).
//!
//! Reading a value through [`View::value`] follows the view's column function into the
//! record that holds it (one record per row, texts on the heap), so a scan of one column
//! touches a cache line per row and a heap string per text. A [`Typed`] column holds the same
//! values side by side:
//! - numbers (integers and reals) as `f64`, NaN for a null or non-finite value — the filters
//!   and sorts read an integer as its `f64` and a non-finite real as null already;
//! - texts, dates, booleans and lists **dictionary-coded**: one `u32` per row indexing the
//!   column's distinct values, sorted in the order `sortby` uses, so that comparing two codes
//!   compares the values, and a condition on the column can be decided once per distinct
//!   value.
//!
//! The copies are exactly the view's values; a column whose values are not all of its
//! declared kind is not copied (the callers then read the view).

use super::{ValueRef, View};
use crate::layer::{FieldKind, Value};
use chrono::NaiveDate;
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::OnceLock;

/// The code of a null value in a [`Typed::Coded`] column.
pub const NULL_CODE: u32 = u32::MAX;

/// One column of a view, copied.
#[derive(Debug)]
pub enum Typed {
    /// Numbers; NaN is null.
    Num(Vec<f64>),
    /// `codes[row]` indexes `dict` ([`NULL_CODE`]: null); `dict` is sorted and distinct.
    Coded { codes: Vec<u32>, dict: Vec<Value> },
}

/// The copies of a view's columns, each made when first asked for.
#[derive(Debug, Default)]
pub struct ColumnCache {
    cols: Vec<OnceLock<Option<Typed>>>,
}

impl ColumnCache {
    /// Room for `n` columns, none copied yet.
    pub fn new(n: usize) -> ColumnCache {
        ColumnCache {
            cols: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    /// Column `col` of `view` (the view this cache belongs to), copied on the first call;
    /// `None` when the column cannot be copied.
    pub fn get(&self, view: &dyn View, col: usize) -> Option<&Typed> {
        self.cols
            .get(col)?
            .get_or_init(|| build(view, col))
            .as_ref()
    }

    /// Column `col` if it was copied already (never copies).
    pub fn peek(&self, col: usize) -> Option<&Typed> {
        self.cols.get(col)?.get()?.as_ref()
    }
}

/// A fast, non-keyed hash (FxHash's multiply-rotate) for the distinct values of a column
/// while it is copied: the keys are the layer's own values, hashed once per row.
#[derive(Default)]
struct Fx(u64);

impl std::hash::Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        for &b in chunks.remainder() {
            self.add(b as u64);
        }
    }
    fn write_u8(&mut self, i: u8) {
        self.add(i as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.add(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }
}

impl Fx {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A hashable borrowed value of a coded column.
#[derive(Hash, PartialEq, Eq)]
enum Key<'a> {
    Text(&'a str),
    Date(NaiveDate),
    Bool(bool),
    List(Vec<&'a str>),
}

/// Orders two non-null values of one column as `sortby` does.
pub fn cmp_values(a: &ValueRef<'_>, b: &ValueRef<'_>) -> Ordering {
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

fn build(view: &dyn View, col: usize) -> Option<Typed> {
    let kind = view.fields().get(col)?.kind;
    let n = view.len();
    match kind {
        FieldKind::Integer | FieldKind::Real => {
            let mut v = Vec::with_capacity(n);
            for row in 0..n {
                v.push(match view.value(row, col) {
                    ValueRef::Null => f64::NAN,
                    ValueRef::Integer(i) => i as f64,
                    ValueRef::Real(f) if f.is_finite() => f,
                    ValueRef::Real(_) => f64::NAN,
                    _ => return None,
                });
            }
            Some(Typed::Num(v))
        }
        FieldKind::Text | FieldKind::Date | FieldKind::Bool | FieldKind::TextList => {
            let mut ids: HashMap<Key<'_>, u32, std::hash::BuildHasherDefault<Fx>> =
                HashMap::default();
            let mut first: Vec<ValueRef<'_>> = Vec::new();
            let mut codes = Vec::with_capacity(n);
            for row in 0..n {
                let v = view.value(row, col);
                let key = match (kind, v) {
                    (_, ValueRef::Null) => {
                        codes.push(NULL_CODE);
                        continue;
                    }
                    (FieldKind::Text, ValueRef::Text(s)) => Key::Text(s),
                    (FieldKind::Date, ValueRef::Date(d)) => Key::Date(d),
                    (FieldKind::Bool, ValueRef::Bool(b)) => Key::Bool(b),
                    (FieldKind::TextList, ValueRef::List(l)) => Key::List(l.iter().collect()),
                    _ => return None,
                };
                let next = first.len() as u32;
                let id = *ids.entry(key).or_insert_with(|| {
                    first.push(v);
                    next
                });
                codes.push(id);
            }
            if first.len() >= NULL_CODE as usize {
                return None;
            }
            // Renumber in value order.
            let mut order: Vec<u32> = (0..first.len() as u32).collect();
            order.sort_unstable_by(|&a, &b| cmp_values(&first[a as usize], &first[b as usize]));
            let mut rank = vec![0u32; first.len()];
            for (r, &id) in order.iter().enumerate() {
                rank[id as usize] = r as u32;
            }
            for c in codes.iter_mut() {
                if *c != NULL_CODE {
                    *c = rank[*c as usize];
                }
            }
            let dict = order
                .iter()
                .map(|&id| first[id as usize].to_owned())
                .collect();
            Some(Typed::Coded { codes, dict })
        }
    }
}

impl Typed {
    /// The value of a row, as the view gives it (an integer as a real).
    pub fn value(&self, row: usize) -> ValueRef<'_> {
        match self {
            Typed::Num(v) => ValueRef::from(v[row]),
            Typed::Coded { codes, dict } => match codes[row] {
                NULL_CODE => ValueRef::Null,
                c => ValueRef::from(&dict[c as usize]),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layer::{Feature, Field, GeometryType, Layer};
    use crate::view::LayerView;

    #[test]
    fn copies_are_the_values_and_codes_order_them() {
        let schema = vec![
            Field::new("t", FieldKind::Text, None, "文", ""),
            Field::new("n", FieldKind::Real, None, "数", ""),
            Field::new("i", FieldKind::Integer, None, "整", ""),
            Field::new("l", FieldKind::TextList, None, "表", ""),
        ];
        let rows: Vec<Vec<Value>> = vec![
            vec![
                "b".into(),
                Value::Real(2.5),
                Value::Integer(3),
                Value::List(vec!["x".into()]),
            ],
            vec![
                Value::Null,
                Value::Real(f64::INFINITY),
                Value::Null,
                Value::Null,
            ],
            vec![
                "a".into(),
                Value::Null,
                Value::Integer(-1),
                Value::List(vec![]),
            ],
            vec![
                "b".into(),
                Value::Real(-0.0),
                Value::Integer(7),
                Value::List(vec!["x".into()]),
            ],
        ];
        let v = LayerView::new(Layer {
            id: "t".into(),
            title: "T".into(),
            title_zh: "测".into(),
            description: String::new(),
            geometry_type: GeometryType::Point,
            key: "t",
            schema,
            features: rows
                .into_iter()
                .enumerate()
                .map(|(k, properties)| Feature {
                    id: k.to_string(),
                    geometry: None,
                    properties,
                })
                .collect(),
        });
        let cache = ColumnCache::new(4);
        let Some(Typed::Coded { codes, dict }) = cache.get(&v, 0) else {
            panic!("text column not coded")
        };
        assert_eq!(dict, &vec![Value::from("a"), Value::from("b")]);
        assert_eq!(codes, &vec![1, NULL_CODE, 0, 1]);
        let Some(Typed::Num(n)) = cache.get(&v, 1) else {
            panic!("real column not numeric")
        };
        assert_eq!(n[0], 2.5);
        assert!(
            n[1].is_nan() && n[2].is_nan(),
            "null and infinity read as null"
        );
        assert!(n[3] == 0.0 && n[3].is_sign_negative());
        let Some(Typed::Num(i)) = cache.get(&v, 2) else {
            panic!("integer column not numeric")
        };
        assert_eq!((i[0], i[2], i[3]), (3.0, -1.0, 7.0));
        assert!(i[1].is_nan());
        let Some(Typed::Coded { codes, dict }) = cache.get(&v, 3) else {
            panic!("list column not coded")
        };
        assert_eq!(dict.len(), 2, "[] and [x]");
        assert_eq!(codes[0], codes[3]);
        assert_eq!(codes[1], NULL_CODE);
        assert!(codes[2] < codes[0], "[] sorts before [x]");
        for row in 0..4 {
            for col in 0..4 {
                let t = cache.get(&v, col).unwrap().value(row);
                let want = v.value(row, col);
                let same = match (t, want) {
                    (ValueRef::Null, ValueRef::Real(f)) => !f.is_finite(),
                    (ValueRef::Real(a), ValueRef::Integer(b)) => a == b as f64,
                    (a, b) => a == b,
                };
                assert!(same, "row {row} col {col}: {t:?} vs {want:?}");
            }
        }
        assert!(cache.peek(0).is_some());
        assert!(ColumnCache::new(4).peek(0).is_none());
    }
}
