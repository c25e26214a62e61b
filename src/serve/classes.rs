//! The style classes of each layer (colour and label per class), read from
//! `styles/palette.json` (written by `styles/generate.py`, embedded at build time), so that the
//! HTML pages' static maps colour features as the QGIS, SLD and MapLibre styles do.

use crate::view::{ValueRef, View};
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

/// One class: a category value (`None`: every other value) or a `[min, max)` range.
#[derive(Debug, Clone, Deserialize)]
pub struct Class {
    #[serde(default)]
    pub value: Option<String>,
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
    pub label: String,
    pub color: String,
}

/// A layer's classes and what they classify.
#[derive(Debug, Clone, Deserialize)]
pub struct Classes {
    /// A property name, or a derived key (`route_class`, `meets`, `idle_class`).
    pub by: String,
    /// `categorized` or `graduated`.
    #[serde(rename = "type")]
    pub kind: String,
    pub classes: Vec<Class>,
}

#[derive(Deserialize)]
struct Palette {
    layers: HashMap<String, Classes>,
}

const PALETTE: &str = include_str!("../../styles/palette.json");

/// The classes of a collection, when its styles are shipped.
pub fn for_layer(id: &str) -> Option<&'static Classes> {
    static ALL: OnceLock<HashMap<String, Classes>> = OnceLock::new();
    ALL.get_or_init(|| {
        serde_json::from_str::<Palette>(PALETTE)
            .map(|p| p.layers)
            .unwrap_or_default()
    })
    .get(id)
}

fn text<'a>(v: Option<ValueRef<'a>>) -> Option<&'a str> {
    match v {
        Some(ValueRef::Text(t)) => Some(t),
        _ => None,
    }
}

fn number(v: Option<ValueRef<'_>>) -> Option<f64> {
    match v {
        Some(ValueRef::Integer(i)) => Some(i as f64),
        Some(ValueRef::Real(x)) => Some(x),
        _ => None,
    }
}

fn boolean(v: Option<ValueRef<'_>>) -> Option<bool> {
    match v {
        Some(ValueRef::Bool(b)) => Some(b),
        Some(ValueRef::Integer(i)) => Some(i != 0),
        _ => None,
    }
}

/// Is this road an expressway (contract §5: grade `expressway`, or a G/S route with one, two
/// or four digits)?
pub fn is_expressway(grade: Option<&str>, route: Option<&str>) -> bool {
    if grade == Some("expressway") {
        return true;
    }
    let Some(r) = route else { return false };
    let mut chars = r.chars();
    let first = chars.next().map(|c| c.to_ascii_uppercase());
    let digits = chars.as_str();
    matches!(first, Some('G' | 'S'))
        && matches!(digits.len(), 1 | 2 | 4)
        && digits.bytes().all(|b| b.is_ascii_digit())
}

impl Classes {
    /// The class of a feature; `get` gives a property by name.
    pub fn classify<'a>(&'a self, get: &dyn Fn(&str) -> Option<ValueRef<'a>>) -> &'a Class {
        let fallback = self
            .classes
            .iter()
            .find(|c| c.value.is_none() && c.min.is_none())
            .or(self.classes.last())
            .expect("every layer has at least one class");
        if self.kind == "graduated" {
            let Some(x) = number(get(&self.by)) else {
                return fallback;
            };
            let ranges: Vec<&Class> = self.classes.iter().filter(|c| c.min.is_some()).collect();
            let n = ranges.len();
            return ranges
                .iter()
                .enumerate()
                .find(|(i, c)| {
                    let (lo, hi) = (c.min.unwrap_or(f64::MIN), c.max.unwrap_or(f64::MAX));
                    x >= lo && (x < hi || (*i == n - 1 && x <= hi))
                })
                .map(|(_, c)| *c)
                .unwrap_or(fallback);
        }
        let key: Option<String> = match self.by.as_str() {
            "route_class" => {
                let route = text(get("route"));
                if is_expressway(text(get("grade")), route) {
                    Some("expressway".into())
                } else {
                    route
                        .and_then(|r| r.chars().next())
                        .map(|c| c.to_ascii_uppercase().to_string())
                }
            }
            "meets" => Some(
                match boolean(get("meets_standard")) {
                    Some(true) => "yes",
                    Some(false) => "no",
                    None => "n/a",
                }
                .into(),
            ),
            "idle_class" => {
                if boolean(get("excluded")) == Some(true) {
                    Some("excluded".into())
                } else {
                    text(get("severity")).map(str::to_string)
                }
            }
            field => match get(field) {
                Some(ValueRef::Text(t)) => Some(t.to_string()),
                Some(ValueRef::Integer(i)) => Some(i.to_string()),
                Some(ValueRef::Bool(b)) => Some(b.to_string()),
                _ => None,
            },
        };
        key.and_then(|k| {
            self.classes
                .iter()
                .find(|c| c.value.as_deref() == Some(k.as_str()))
        })
        .unwrap_or(fallback)
    }
}

/// The items page's map: the features at `positions`, coloured by their style class, with a
/// legend of the classes present (one colour when the layer has no shipped style).
pub fn items_map(view: &dyn View, positions: &[usize], width: f64, height: f64) -> String {
    let classes = for_layer(&view.meta().id);
    let mut used: Vec<&Class> = Vec::new();
    let mut owned: Vec<(geo::Geometry<f64>, &str)> = Vec::with_capacity(positions.len());
    for &i in positions {
        let Some(g) = view.geometry(i) else {
            continue;
        };
        let colour = match classes {
            Some(cs) => {
                let get = |name: &str| view.value_of(i, name);
                let c = cs.classify(&get);
                if !used.iter().any(|u| std::ptr::eq(*u, c)) {
                    used.push(c);
                }
                c.color.as_str()
            }
            None => "#e8a33d",
        };
        owned.push((g.to_geometry(), colour));
    }
    let geoms: Vec<(&geo::Geometry<f64>, &str)> = owned.iter().map(|(g, c)| (g, *c)).collect();
    let mut out = super::svg::svg_map_styled(&geoms, width, height);
    if let Some(cs) = classes {
        // Legend in the style's class order.
        out.push_str("<div class=\"legend\">");
        for c in cs
            .classes
            .iter()
            .filter(|c| used.iter().any(|u| std::ptr::eq(*u, *c)))
        {
            out.push_str(&format!(
                "<span><i style=\"background:{}\"></i>{}</span>",
                super::svg::esc(&c.color),
                super::svg::esc(&c.label)
            ));
        }
        out.push_str("</div>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_layer_has_classes() {
        for id in [
            "zones",
            "parcels",
            "roads",
            "villages",
            "parcel-intensity",
            "zone-intensity",
            "idle-land",
            "zone-connectivity",
            "connector-paths",
            "relocation",
            "zone-relocation",
        ] {
            let c = for_layer(id).unwrap_or_else(|| panic!("{id}"));
            assert!(c.classes.len() >= 3, "{id}");
        }
    }

    #[test]
    fn classes_follow_the_styles() {
        let roads = for_layer("roads").unwrap();
        let get = |route: &'static str, grade: &'static str| {
            move |n: &str| match n {
                "route" => Some(ValueRef::Text(route)),
                "grade" => Some(ValueRef::Text(grade)),
                _ => None,
            }
        };
        assert_eq!(
            roads.classify(&get("G4", "1")).value.as_deref(),
            Some("expressway")
        );
        assert_eq!(
            roads.classify(&get("G107", "1")).value.as_deref(),
            Some("G")
        );
        assert_eq!(
            roads.classify(&get("X021", "expressway")).value.as_deref(),
            Some("expressway")
        );
        assert_eq!(roads.classify(&get("", "3")).value, None);
        let pi = for_layer("parcel-intensity").unwrap();
        let yes = pi.classify(&|n: &str| (n == "meets_standard").then_some(ValueRef::Bool(true)));
        assert_eq!(yes.value.as_deref(), Some("yes"));
        let na = pi.classify(&|_: &str| Some(ValueRef::Null));
        assert!(na.label.contains("不适用"));
        let zi = for_layer("zone-intensity").unwrap();
        let c = zi.classify(&|n: &str| (n == "far").then_some(ValueRef::Real(0.9)));
        assert_eq!(c.min, Some(0.8));
        let none = zi.classify(&|_: &str| Some(ValueRef::Null));
        assert!(none.label.contains("no data"));
        let idle = for_layer("idle-land").unwrap();
        let ex = idle.classify(&|n: &str| match n {
            "excluded" => Some(ValueRef::Bool(true)),
            "severity" => Some(ValueRef::Text("fee")),
            _ => None,
        });
        assert_eq!(ex.value.as_deref(), Some("excluded"));
    }
}
