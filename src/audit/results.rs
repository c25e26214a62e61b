//! Lookups over the audit's layers by collection id and key, tolerant of absent layers and
//! properties (a result layer that is missing simply leaves its columns and sections empty).

use crate::layer::{Feature, Layer, Value};
use std::collections::HashMap;

/// Every layer of an audit (inputs and results), by collection id.
pub struct Results<'a> {
    layers: Vec<&'a Layer>,
}

/// One layer's features by a key property.
pub struct Keyed<'a> {
    pub layer: &'a Layer,
    pub by_key: HashMap<&'a str, &'a Feature>,
}

impl<'a> Keyed<'a> {
    /// The value of `name` for the feature with `key`, when both exist.
    pub fn get(&self, key: &str, name: &str) -> Option<&'a Value> {
        let f = self.by_key.get(key)?;
        self.layer.value(f, name)
    }
}

impl<'a> Results<'a> {
    pub fn new(layers: &'a [Layer]) -> Results<'a> {
        Results {
            layers: layers.iter().collect(),
        }
    }
    /// Layers from several lists, in order.
    pub fn from_refs(layers: Vec<&'a Layer>) -> Results<'a> {
        Results { layers }
    }
    /// All layers in order.
    pub fn all(&self) -> impl Iterator<Item = &'a Layer> + '_ {
        self.layers.iter().copied()
    }
    /// The layer with collection id `id`.
    pub fn layer(&self, id: &str) -> Option<&'a Layer> {
        self.layers.iter().copied().find(|l| l.id == id)
    }
    /// The layer `id` indexed by its property `key` (text values only; first wins).
    pub fn keyed(&self, id: &str, key: &str) -> Option<Keyed<'a>> {
        let layer = self.layer(id)?;
        let i = layer.field_index(key)?;
        let mut by_key = HashMap::with_capacity(layer.features.len());
        for f in &layer.features {
            if let Some(Value::Text(k)) = f.properties.get(i) {
                by_key.entry(k.as_str()).or_insert(f);
            }
        }
        Some(Keyed { layer, by_key })
    }
}

/// Text of a value (`None` for null / absent).
pub fn text(v: Option<&Value>) -> Option<&str> {
    match v {
        Some(Value::Text(s)) => Some(s.as_str()),
        _ => None,
    }
}

/// Number of a value (integers and reals).
pub fn number(v: Option<&Value>) -> Option<f64> {
    match v {
        Some(Value::Real(x)) if x.is_finite() => Some(*x),
        Some(Value::Integer(n)) => Some(*n as f64),
        _ => None,
    }
}

/// Truth of a value (`None` for null / absent).
pub fn boolean(v: Option<&Value>) -> Option<bool> {
    match v {
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::Integer(n)) => Some(*n != 0),
        Some(Value::Text(s)) => match s.as_str() {
            "true" => Some(true),
            "false" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// A value as plain text with numbers rounded for reading (see [`format_number`]).
pub fn display(name: &str, v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::Real(x)) => format_number(name, *x),
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
