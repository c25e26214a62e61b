//! The shipped styles (`styles/<id>.qml`, `.sld`, `.maplibre.json`), embedded in the binary so
//! that the audit writes a styled GeoPackage without the source tree at hand.

/// One layer's styles.
#[derive(Debug, Clone, Copy)]
pub struct LayerStyle {
    pub id: &'static str,
    /// QGIS style (QML).
    pub qml: &'static str,
    /// OGC SLD 1.0.
    pub sld: &'static str,
    /// MapLibre style layers (a JSON array).
    pub maplibre: &'static str,
}

macro_rules! styles {
    ($($id:literal),* $(,)?) => {
        /// Every styled layer: the four inputs and the eleven results.
        pub const STYLES: &[LayerStyle] = &[
            $(LayerStyle {
                id: $id,
                qml: include_str!(concat!("../../styles/", $id, ".qml")),
                sld: include_str!(concat!("../../styles/", $id, ".sld")),
                maplibre: include_str!(concat!("../../styles/", $id, ".maplibre.json")),
            }),*
        ];
    };
}

styles!(
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
    "idle-land-changes",
    "zone-changes",
    "zone-evaluation",
    "holder-benefit",
);

/// The styles of a layer, when one is shipped.
pub fn style(id: &str) -> Option<&'static LayerStyle> {
    STYLES.iter().find(|s| s.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_style_is_complete() {
        assert_eq!(STYLES.len(), 15);
        for s in STYLES {
            assert!(s.qml.contains("<renderer-v2"), "{}", s.id);
            assert!(s.sld.contains("StyledLayerDescriptor"), "{}", s.id);
            let v: serde_json::Value = serde_json::from_str(s.maplibre).expect(s.id);
            assert!(v.as_array().is_some_and(|a| !a.is_empty()), "{}", s.id);
        }
    }
}
