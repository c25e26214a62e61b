//! Published layers as **borrowed views** over the dataset and the typed results.
//!
//! A [`View`] is what every consumer (the server, tiles, CQL2 filters, the GeoPackage writer,
//! the CSVs, `export`) reads: metadata, a schema, and per row an id, a geometry and the values
//! of its columns, all borrowed — nothing is cloned to publish a layer. A [`Table`] is the one
//! implementation the analyses use: each [`Column`] declares its [`Field`] (name, kind, unit,
//! Chinese title, description) together with the function that reads its value, so the schema
//! and the values cannot drift apart.
//!
//! ```
//! use zonescope::view::{Column, Rows, Table, ValueRef, View, Meta, GeomRef};
//! use zonescope::view::{Field, FieldKind, GeometryType};
//! use zonescope::dataset::BoxIndex;
//! use std::sync::Arc;
//!
//! struct Towns { names: Vec<String>, pts: Vec<geo::Point<f64>>, index: BoxIndex }
//! static ROWS: Rows<Towns> = Rows {
//!     len: |s| s.names.len(),
//!     id: |s, i| s.names[i].as_str(),
//!     geometry: |s, i| Some(GeomRef::Point(&s.pts[i])),
//!     index: |s| &s.index,
//! };
//! static COLUMNS: [Column<Towns>; 1] = [Column {
//!     field: Field::new("name", FieldKind::Text, None, "名称", "Town name."),
//!     read: |s, i| ValueRef::Text(&s.names[i]),
//! }];
//! let towns = Towns {
//!     names: vec!["郑州".into()],
//!     pts: vec![geo::Point::new(113.6, 34.7)],
//!     index: BoxIndex::new(),
//! };
//! let meta = Meta::new("towns", "Towns", "城镇", "Seats.", GeometryType::Point, "name");
//! let view = Table::new(meta, &ROWS, &COLUMNS, Arc::new(towns));
//! assert_eq!(view.len(), 1);
//! assert_eq!(view.value(0, 0), ValueRef::Text("郑州"));
//! ```

pub mod columns;
mod geom;
mod inputs;
mod layer_view;
mod table;
mod value;

pub use crate::layer::{Field, FieldKind, GeometryType};
pub use columns::{ColumnCache, Typed};
pub use geom::GeomRef;
pub use inputs::{input_layers, input_views, INPUT_IDS};
pub use layer_view::LayerView;
pub use table::{Column, Rows, Table};
pub use value::{ListRef, ValueRef};

use crate::dataset::BoxIndex;
use std::sync::Arc;

/// What a layer is, apart from its rows: collection id, titles, geometry type and key.
#[derive(Debug, Clone, PartialEq)]
pub struct Meta {
    /// Collection id (`parcels`, `parcel-intensity`, …).
    pub id: String,
    /// English title.
    pub title: String,
    /// Chinese title.
    pub title_zh: String,
    pub description: String,
    pub geometry_type: GeometryType,
    /// The property that is each feature's `id` (`parcel_id`, `zone_id`, …).
    pub key: &'static str,
}

impl Meta {
    pub fn new(
        id: impl Into<String>,
        title: impl Into<String>,
        title_zh: impl Into<String>,
        description: impl Into<String>,
        geometry_type: GeometryType,
        key: &'static str,
    ) -> Meta {
        Meta {
            id: id.into(),
            title: title.into(),
            title_zh: title_zh.into(),
            description: description.into(),
            geometry_type,
            key,
        }
    }
}

/// A published layer: rows `0..len()`, each with an id, a geometry (CRS84) and a value per
/// field of [`View::fields`], all borrowed from what the view reads.
pub trait View: Send + Sync {
    fn meta(&self) -> &Meta;
    /// The schema, in column order.
    fn fields(&self) -> &[Field];
    /// Number of rows (features).
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The row's key (its feature `id`).
    fn id(&self, row: usize) -> &str;
    /// The row's geometry (CRS84 lon/lat), if it has one.
    fn geometry(&self, row: usize) -> Option<GeomRef<'_>>;
    /// The value of column `col` of the row.
    fn value(&self, row: usize, col: usize) -> ValueRef<'_>;
    /// An R-tree of the rows' envelopes (CRS84); entry data = row.
    fn index(&self) -> &BoxIndex;
    /// Typed copies of the columns, made on first use, for scans of every row (filters,
    /// sorts); `None` when the view keeps none.
    fn cache(&self) -> Option<&ColumnCache> {
        None
    }

    /// Position of a field by name.
    fn field_index(&self, name: &str) -> Option<usize> {
        self.fields().iter().position(|f| f.name == name)
    }
    /// The value of a named field of the row (`None` when the layer has no such field).
    fn value_of(&self, row: usize, name: &str) -> Option<ValueRef<'_>> {
        self.field_index(name).map(|c| self.value(row, c))
    }
}

/// A shared view, as the server and the audit hold them.
pub type SharedView = Arc<dyn View>;

/// Bounding box `[minx, miny, maxx, maxy]` of every row (CRS84), from the view's R-tree.
pub fn extent(view: &dyn View) -> Option<[f64; 4]> {
    let idx = view.index();
    if idx.size() == 0 {
        return None;
    }
    let e = idx.root().envelope();
    let (l, u) = (e.lower(), e.upper());
    Some([l[0], l[1], u[0], u[1]])
}

/// One row as an owned [`crate::layer::Feature`].
pub fn to_feature(view: &dyn View, row: usize) -> crate::layer::Feature {
    crate::layer::Feature {
        id: view.id(row).to_string(),
        geometry: view.geometry(row).map(|g| g.to_geometry()),
        properties: (0..view.fields().len())
            .map(|c| view.value(row, c).to_owned())
            .collect(),
    }
}

/// Materialises a view as an owned [`crate::layer::Layer`] (for callers that still want one;
/// costs a copy of every value and geometry).
pub fn to_layer(view: &dyn View) -> crate::layer::Layer {
    let fields = view.fields();
    let features = (0..view.len()).map(|i| to_feature(view, i)).collect();
    let m = view.meta();
    crate::layer::Layer {
        id: m.id.clone(),
        title: m.title.clone(),
        title_zh: m.title_zh.clone(),
        description: m.description.clone(),
        geometry_type: m.geometry_type,
        key: m.key,
        schema: fields.to_vec(),
        features,
    }
}
