//! A collection's layer seen as a borrowed [`View`] (its R-tree included), so the items
//! operations (CQL2 filters, `sortby`, `properties`) are written against `&dyn View`.

use super::state::Collection;
use crate::dataset::BoxIndex;
use crate::view::{Field, GeomRef, Meta, ValueRef, View};

/// A [`Collection`] as a [`View`].
pub struct CollectionView<'a> {
    c: &'a Collection,
    meta: Meta,
}

impl Collection {
    /// The collection as a view (borrowed; costs the copy of its titles).
    pub fn view(&self) -> CollectionView<'_> {
        let l = &self.layer;
        CollectionView {
            c: self,
            meta: Meta::new(
                l.id.clone(),
                l.title.clone(),
                l.title_zh.clone(),
                l.description.clone(),
                l.geometry_type,
                l.key,
            ),
        }
    }
}

impl View for CollectionView<'_> {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn fields(&self) -> &[Field] {
        &self.c.layer.schema
    }
    fn len(&self) -> usize {
        self.c.layer.features.len()
    }
    fn id(&self, row: usize) -> &str {
        &self.c.layer.features[row].id
    }
    fn geometry(&self, row: usize) -> Option<GeomRef<'_>> {
        self.c.layer.features[row]
            .geometry
            .as_ref()
            .map(GeomRef::Geometry)
    }
    fn value(&self, row: usize, col: usize) -> ValueRef<'_> {
        self.c.layer.features[row]
            .properties
            .get(col)
            .map(ValueRef::from)
            .unwrap_or(ValueRef::Null)
    }
    fn index(&self) -> &BoxIndex {
        &self.c.index
    }
}
