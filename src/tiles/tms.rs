//! The WebMercatorQuad tile matrix set as OGC 17-083r4 (Two Dimensional Tile Matrix Set) JSON.

use super::mercator::{MAX_ZOOM, ORIGIN_M};
use serde_json::{json, Value};

pub const ID: &str = "WebMercatorQuad";
pub const URI: &str = "http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad";
pub const CRS: &str = "http://www.opengis.net/def/crs/EPSG/0/3857";
/// OGC's standardised rendering pixel size, metres (0.28 mm).
const PIXEL_M: f64 = 0.00028;

/// Cell size (metres per pixel) of tile matrix `z`.
pub fn cell_size(z: u8) -> f64 {
    2.0 * ORIGIN_M / 256.0 / (1u64 << z) as f64
}

/// The definition document (`GET /tileMatrixSets/WebMercatorQuad`).
pub fn definition() -> Value {
    let matrices: Vec<Value> = (0..=MAX_ZOOM)
        .map(|z| {
            let n = 1u64 << z;
            json!({
                "id": z.to_string(),
                "scaleDenominator": cell_size(z) / PIXEL_M,
                "cellSize": cell_size(z),
                "cornerOfOrigin": "topLeft",
                "pointOfOrigin": [-ORIGIN_M, ORIGIN_M],
                "tileWidth": 256,
                "tileHeight": 256,
                "matrixWidth": n,
                "matrixHeight": n,
            })
        })
        .collect();
    json!({
        "id": ID,
        "title": "Google Maps Compatible for the World",
        "uri": URI,
        "crs": CRS,
        "orderedAxes": ["E", "N"],
        "wellKnownScaleSet": "http://www.opengis.net/def/wkss/OGC/1.0/GoogleMapsCompatible",
        "boundingBox": {
            "lowerLeft": [-ORIGIN_M, -ORIGIN_M],
            "upperRight": [ORIGIN_M, ORIGIN_M],
            "crs": CRS,
            "orderedAxes": ["E", "N"],
        },
        "tileMatrices": matrices,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_standards_table() {
        // OGC 17-083r4 Annex D, WebMercatorQuad: level 0 scale denominator
        // 559 082 264.028 717 2, cell size 156 543.033 928 041; level 22 cell size 0.037 322 767 7.
        let d = definition();
        let m = d["tileMatrices"].as_array().unwrap();
        assert_eq!(m.len(), 23);
        assert!((m[0]["scaleDenominator"].as_f64().unwrap() - 559_082_264.028_717_2).abs() < 1e-3);
        assert!((m[0]["cellSize"].as_f64().unwrap() - 156_543.033_928_041).abs() < 1e-6);
        assert!((m[22]["cellSize"].as_f64().unwrap() - 0.037_322_767_7).abs() < 1e-9);
        assert_eq!(m[22]["matrixWidth"], 4_194_304);
    }
}
