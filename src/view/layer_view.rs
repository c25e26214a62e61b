//! [`LayerView`]: an owned [`Layer`] seen as a [`View`] (for layers built whole, e.g. in tests
//! or read back from an earlier audit).

use super::{ColumnCache, Field, GeomRef, Meta, ValueRef, View};
use crate::dataset::{index, BoxIndex};
use crate::layer::Layer;
use geo::BoundingRect;

/// An owned layer with its R-tree.
pub struct LayerView {
    meta: Meta,
    layer: Layer,
    index: BoxIndex,
    cache: ColumnCache,
}

impl LayerView {
    pub fn new(layer: Layer) -> LayerView {
        let index = index::build(layer.features.iter().map(|f| {
            f.geometry
                .as_ref()
                .and_then(|g| g.bounding_rect())
                .map(|r| rstar::AABB::from_corners([r.min().x, r.min().y], [r.max().x, r.max().y]))
        }));
        let meta = Meta {
            id: layer.id.clone(),
            title: layer.title.clone(),
            title_zh: layer.title_zh.clone(),
            description: layer.description.clone(),
            geometry_type: layer.geometry_type,
            key: layer.key,
        };
        let cache = ColumnCache::new(layer.schema.len());
        LayerView {
            meta,
            layer,
            index,
            cache,
        }
    }
    pub fn layer(&self) -> &Layer {
        &self.layer
    }
}

impl View for LayerView {
    fn meta(&self) -> &Meta {
        &self.meta
    }
    fn fields(&self) -> &[Field] {
        &self.layer.schema
    }
    fn len(&self) -> usize {
        self.layer.features.len()
    }
    fn id(&self, row: usize) -> &str {
        &self.layer.features[row].id
    }
    fn geometry(&self, row: usize) -> Option<GeomRef<'_>> {
        self.layer.features[row]
            .geometry
            .as_ref()
            .map(GeomRef::Geometry)
    }
    fn value(&self, row: usize, col: usize) -> ValueRef<'_> {
        self.layer.features[row]
            .properties
            .get(col)
            .map(ValueRef::from)
            .unwrap_or(ValueRef::Null)
    }
    fn index(&self) -> &BoxIndex {
        &self.index
    }
    fn cache(&self) -> Option<&ColumnCache> {
        Some(&self.cache)
    }
}
