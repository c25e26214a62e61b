//! How the input contract's fields ([`crate::contract`]) are found in a source layer: config
//! remapping, then the contract name, then its 10-character Shapefile truncation.

use crate::config::LayerMapping;
use gdal::vector::Defn;

pub use crate::contract::{FieldSpec, Kind, LayerSpec, Shape, PARCELS, ROADS, VILLAGES, ZONES};

/// Where a contract field is in the source layer.
#[derive(Debug, Clone)]
pub struct SourceField {
    pub index: usize,
    pub name: String,
}

/// Finds every contract field of `spec` in `defn`. Absent optional fields are `None`.
/// Errors (one message per field): the key is missing, or a field the config names is missing.
pub fn resolve(
    spec: &LayerSpec,
    mapping: &LayerMapping,
    defn: &Defn,
) -> (Vec<Option<SourceField>>, Vec<(String, String)>) {
    let names: Vec<String> = defn.fields().map(|f| f.name()).collect();
    let find = |wanted: &str| names.iter().position(|n| n.eq_ignore_ascii_case(wanted));
    let mut out = Vec::with_capacity(spec.fields.len());
    let mut errors = Vec::new();
    for (contract, source) in &mapping.fields {
        if spec.position(contract).is_none() {
            let known: Vec<&str> = spec.fields.iter().map(|f| f.name).collect();
            errors.push((
                contract.clone(),
                format!(
                    "the config maps `{contract}` (to `{source}`), which is not a field of layer {} (fields: {})",
                    spec.name,
                    known.join(", ")
                ),
            ));
        }
    }
    for (i, field) in spec.fields.iter().enumerate() {
        if let Some(mapped) = mapping.fields.get(field.name) {
            match find(mapped) {
                Some(index) => out.push(Some(SourceField {
                    index,
                    name: names[index].clone(),
                })),
                None => {
                    errors.push((
                        field.name.to_string(),
                        format!("the config maps it to source field `{mapped}`, which the layer does not have"),
                    ));
                    out.push(None);
                }
            }
            continue;
        }
        let found = find(field.name).or_else(|| {
            // Shapefiles keep at most 10 characters of a field name.
            (field.name.len() > 10)
                .then(|| find(&field.name[..10]))
                .flatten()
        });
        match found {
            Some(index) => out.push(Some(SourceField {
                index,
                name: names[index].clone(),
            })),
            None => {
                if i == 0 {
                    errors.push((
                        field.name.to_string(),
                        "required field is missing (map it with `fields` in the config if it has another name)"
                            .to_string(),
                    ));
                }
                out.push(None);
            }
        }
    }
    (out, errors)
}

/// Maps a source field name back to the contract name (for GDAL messages naming a column).
pub fn contract_name(
    spec: &LayerSpec,
    fields: &[Option<SourceField>],
    source_name: &str,
) -> Option<&'static str> {
    spec.fields
        .iter()
        .zip(fields)
        .find(|(_, s)| {
            s.as_ref()
                .is_some_and(|s| s.name.eq_ignore_ascii_case(source_name))
        })
        .map(|(f, _)| f.name)
}
