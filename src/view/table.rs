//! [`Table`]: a view over any shared source `S`, its rows and columns declared as functions.

use super::{ColumnCache, Field, GeomRef, Meta, ValueRef, View};
use crate::dataset::BoxIndex;
use std::sync::Arc;

/// One column: its schema entry and the function that reads its value from the source.
pub struct Column<S: 'static> {
    pub field: Field,
    pub read: for<'a> fn(&'a S, usize) -> ValueRef<'a>,
}

/// How the rows of a source are counted, keyed, located and indexed.
pub struct Rows<S: 'static> {
    pub len: fn(&S) -> usize,
    pub id: for<'a> fn(&'a S, usize) -> &'a str,
    pub geometry: for<'a> fn(&'a S, usize) -> Option<GeomRef<'a>>,
    /// The R-tree of the rows' envelopes (the dataset's own where rows are its records).
    pub index: for<'a> fn(&'a S) -> &'a BoxIndex,
}

/// A view whose rows and columns are read from `S` by the declared functions.
pub struct Table<S: 'static> {
    meta: Meta,
    rows: &'static Rows<S>,
    columns: &'static [Column<S>],
    fields: Vec<Field>,
    source: Arc<S>,
    cache: ColumnCache,
}

impl<S: Send + Sync + 'static> Table<S> {
    pub fn new(
        meta: Meta,
        rows: &'static Rows<S>,
        columns: &'static [Column<S>],
        source: Arc<S>,
    ) -> Table<S> {
        Table {
            meta,
            rows,
            fields: columns.iter().map(|c| c.field.clone()).collect(),
            cache: ColumnCache::new(columns.len()),
            columns,
            source,
        }
    }
    /// What the view reads.
    pub fn source(&self) -> &Arc<S> {
        &self.source
    }
}

impl<S: Send + Sync + 'static> View for Table<S> {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn fields(&self) -> &[Field] {
        &self.fields
    }
    fn len(&self) -> usize {
        (self.rows.len)(&self.source)
    }
    fn id(&self, row: usize) -> &str {
        (self.rows.id)(&self.source, row)
    }
    fn geometry(&self, row: usize) -> Option<GeomRef<'_>> {
        (self.rows.geometry)(&self.source, row)
    }
    fn value(&self, row: usize, col: usize) -> ValueRef<'_> {
        (self.columns[col].read)(&self.source, row)
    }
    fn index(&self) -> &BoxIndex {
        (self.rows.index)(&self.source)
    }
    fn cache(&self) -> Option<&ColumnCache> {
        Some(&self.cache)
    }
}

/// A [`Column`] from its field declaration and the expression reading its value (anything
/// that converts into a [`super::ValueRef`]):
/// `column!("far", Real, None, "容积率", "floor / site area.", |r, i| r.far[i])`.
#[macro_export]
macro_rules! column {
    ($name:expr, $kind:ident, $unit:expr, $zh:expr, $desc:expr, |$s:ident, $i:ident| $body:expr) => {
        $crate::view::Column {
            field: $crate::layer::Field::new(
                $name,
                $crate::layer::FieldKind::$kind,
                $unit,
                $zh,
                $desc,
            ),
            read: |$s, $i| $crate::view::ValueRef::from($body),
        }
    };
}

/// A column of an input layer: its field (name, kind, unit, titles) from the input contract
/// ([`crate::contract`]) together with the function that reads its value, e.g.
/// `input_column!(PARCELS, "holder", |d, i| &d.parcels[i].holder)`. A name that the contract
/// does not have fails to compile.
#[macro_export]
macro_rules! input_column {
    ($layer:ident, $name:expr, |$s:ident, $i:ident| $body:expr) => {
        $crate::view::Column {
            field: $crate::contract::$layer.field($name).field(),
            read: |$s, $i| $crate::view::ValueRef::from($body),
        }
    };
}
