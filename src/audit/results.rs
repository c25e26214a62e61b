//! Lookups over the audit's layers by collection id and key, tolerant of absent layers and
//! properties (a result layer that is missing simply leaves its columns and sections empty).
//! Everything is borrowed from the published [`View`]s: the CSVs and the report copy nothing.

use crate::view::{Field, GeomRef, ValueRef, View};
use std::collections::HashMap;

/// Every layer of an audit (inputs and results), by collection id.
pub struct Results<'a> {
    layers: Vec<LayerRef<'a>>,
}

/// One published layer, borrowed: rows `0..len()` read by name.
#[derive(Clone, Copy)]
pub struct LayerRef<'a> {
    view: &'a dyn View,
}

impl<'a> LayerRef<'a> {
    pub fn new(view: &'a dyn View) -> LayerRef<'a> {
        LayerRef { view }
    }
    /// The collection id.
    pub fn id(&self) -> &'a str {
        &self.view.meta().id
    }
    pub fn title(&self) -> &'a str {
        &self.view.meta().title
    }
    pub fn view(&self) -> &'a dyn View {
        self.view
    }
    pub fn len(&self) -> usize {
        self.view.len()
    }
    pub fn is_empty(&self) -> bool {
        self.view.is_empty()
    }
    /// Row numbers, in layer order.
    pub fn rows(&self) -> std::ops::Range<usize> {
        0..self.view.len()
    }
    pub fn fields(&self) -> &'a [Field] {
        self.view.fields()
    }
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.view.field_index(name)
    }
    /// The row's feature id.
    pub fn key(&self, row: usize) -> &'a str {
        self.view.id(row)
    }
    pub fn geometry(&self, row: usize) -> Option<GeomRef<'a>> {
        self.view.geometry(row)
    }
    /// The value of the property `name` of the row (`None` when the layer has no such field).
    pub fn value(&self, row: usize, name: &str) -> Option<ValueRef<'a>> {
        self.view.value_of(row, name)
    }
    /// The value of column `col` of the row.
    pub fn value_at(&self, row: usize, col: usize) -> ValueRef<'a> {
        self.view.value(row, col)
    }
    /// Row numbers by the text property `key` (first wins).
    pub fn rows_by(&self, key: &str) -> HashMap<&'a str, usize> {
        let mut by_key = HashMap::new();
        if let Some(c) = self.field_index(key) {
            by_key.reserve(self.len());
            for row in self.rows() {
                if let ValueRef::Text(k) = self.value_at(row, c) {
                    by_key.entry(k).or_insert(row);
                }
            }
        }
        by_key
    }
}

/// One layer's rows by a key property.
pub struct Keyed<'a> {
    pub layer: LayerRef<'a>,
    pub by_key: HashMap<&'a str, usize>,
}

impl<'a> Keyed<'a> {
    /// The value of `name` for the row with `key`, when both exist.
    pub fn get(&self, key: &str, name: &str) -> Option<ValueRef<'a>> {
        let row = *self.by_key.get(key)?;
        self.layer.value(row, name)
    }
    /// The row with `key`.
    pub fn row(&self, key: &str) -> Option<usize> {
        self.by_key.get(key).copied()
    }
}

impl<'a> Results<'a> {
    pub fn new(views: impl IntoIterator<Item = &'a dyn View>) -> Results<'a> {
        Results {
            layers: views.into_iter().map(LayerRef::new).collect(),
        }
    }
    /// All layers in order.
    pub fn all(&self) -> impl Iterator<Item = LayerRef<'a>> + '_ {
        self.layers.iter().copied()
    }
    /// The layer with collection id `id`.
    pub fn layer(&self, id: &str) -> Option<LayerRef<'a>> {
        self.layers.iter().copied().find(|l| l.id() == id)
    }
    /// The layer `id` indexed by its property `key` (text values only; first wins).
    pub fn keyed(&self, id: &str, key: &str) -> Option<Keyed<'a>> {
        let layer = self.layer(id)?;
        layer.field_index(key)?;
        Some(Keyed {
            layer,
            by_key: layer.rows_by(key),
        })
    }
}

/// Text of a value (`None` for null / absent).
pub fn text<'a>(v: Option<ValueRef<'a>>) -> Option<&'a str> {
    match v {
        Some(ValueRef::Text(s)) => Some(s),
        _ => None,
    }
}

/// Number of a value (integers and reals).
pub fn number(v: Option<ValueRef<'_>>) -> Option<f64> {
    match v {
        Some(ValueRef::Real(x)) if x.is_finite() => Some(x),
        Some(ValueRef::Integer(n)) => Some(n as f64),
        _ => None,
    }
}

/// Truth of a value (`None` for null / absent).
pub fn boolean(v: Option<ValueRef<'_>>) -> Option<bool> {
    match v {
        Some(ValueRef::Bool(b)) => Some(b),
        Some(ValueRef::Integer(n)) => Some(n != 0),
        Some(ValueRef::Text("true")) => Some(true),
        Some(ValueRef::Text("false")) => Some(false),
        _ => None,
    }
}

/// A value as plain text with numbers rounded for reading (see [`format_number`]).
pub fn display(name: &str, v: Option<ValueRef<'_>>) -> String {
    match v {
        None | Some(ValueRef::Null) => String::new(),
        Some(ValueRef::Real(x)) => format_number(name, x),
        Some(v) => v.to_plain_text().unwrap_or_default(),
    }
}

/// A number rounded by what its property name says it is (metres to 0.1, hectares to 0.0001,
/// ratios to 0.0001, money to 0.01 …), trailing zeros trimmed.
pub fn format_number(name: &str, x: f64) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let decimals = if name.ends_with("_m2") || name.ends_with("_m") {
        1
    } else if name.ends_with("_mu") || name.ends_with("_wan_yuan") || name.contains("_wan_yuan_per")
    {
        2
    } else {
        4
    };
    let s = format!("{x:.decimals$}");
    let s = if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    };
    if s == "-0" {
        "0".to_string()
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_rounded_by_unit() {
        assert_eq!(format_number("idle_area_m2", 1234.5678), "1234.6");
        assert_eq!(format_number("idle_area_ha", 1.234567), "1.2346");
        assert_eq!(format_number("far", 0.5), "0.5");
        assert_eq!(format_number("tax_per_mu_wan_yuan", 3.0), "3");
        assert_eq!(format_number("gap_m", -0.01), "0");
    }
}
