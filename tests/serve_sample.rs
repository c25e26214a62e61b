//! The bundled sample served end to end: every input and result layer is a collection, and
//! paging through each with `limit=10000` returns exactly the layer's GeoJSON as the shared
//! encoder (`layer::geojson`, serde_json) writes it — the server's byte-level encoder and
//! pre-encoded pages are checked feature by feature against an independent path.

mod serve_support;
use serve_support::*;
use std::path::Path;
use zonescope::config::Config;

#[test]
fn every_sample_layer_is_served_exactly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cfg_path = root.join("data/zonescope.toml");
    let cfg = Config::from_file(&cfg_path).expect("sample config");
    let src = cfg.data.clone().expect("the sample config names its data");
    let loaded = zonescope::source::load(&src, &cfg)
        .unwrap_or_else(|e| panic!("sample does not load: {e:?}"));
    let ds = loaded.dataset;
    let as_of = cfg.as_of.expect("sample as_of");
    let mut layers = zonescope::view::input_layers(&ds);
    layers.extend(zonescope::analysis::run_all(&ds, &cfg.rules, as_of));
    assert!(layers.len() >= 4);
    let reference: Vec<(String, Vec<serde_json::Value>)> = layers
        .iter()
        .map(|l| {
            (
                l.id.clone(),
                l.features
                    .iter()
                    .map(|f| zonescope::layer::geojson::feature(l, f))
                    .collect(),
            )
        })
        .collect();

    let s = start(layers, Default::default());
    let listed = get(s.addr, "/collections").json();
    let ids: Vec<&str> = listed["collections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        reference
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>()
    );

    for (id, want) in &reference {
        let mut got: Vec<serde_json::Value> = Vec::new();
        let mut offset = 0;
        loop {
            let page = get(
                s.addr,
                &format!("/collections/{id}/items?limit=10000&offset={offset}"),
            );
            assert_eq!(page.status, 200, "{id}");
            let doc = page.json();
            assert_eq!(
                doc["numberMatched"].as_u64().unwrap() as usize,
                want.len(),
                "{id}"
            );
            let feats = doc["features"].as_array().unwrap();
            got.extend(feats.iter().cloned());
            offset += feats.len();
            if feats.is_empty() || offset >= want.len() {
                break;
            }
        }
        assert_eq!(got.len(), want.len(), "{id}");
        for (g, w) in got.iter().zip(want) {
            assert!(same(g, w), "{id}: feature {} differs:\n{g}\n{w}", w["id"]);
        }
        // Single features carry the same content plus links.
        if let Some(first) = want.first() {
            let fid = first["id"].as_str().unwrap();
            let mut one = get(s.addr, &format!("/collections/{id}/items/{}", enc(fid))).json();
            assert!(one["links"].is_array());
            one.as_object_mut().unwrap().remove("links");
            assert!(same(&one, first), "{id}/{fid}");
        }
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// JSON equality, numbers within 4 ulp (serde_json's default float parser is not always
/// correctly rounded, so a shortest round-trip number may come back one ulp off).
fn same(a: &serde_json::Value, b: &serde_json::Value) -> bool {
    use serde_json::Value as J;
    match (a, b) {
        (J::Number(x), J::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(i), Some(j)) => i == j,
            _ => {
                let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
                (x - y).abs() <= 4.0 * f64::EPSILON * x.abs().max(y.abs())
            }
        },
        (J::Array(x), J::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (J::Object(x), J::Object(y)) => {
            x.len() == y.len() && x.keys().eq(y.keys()) && x.iter().all(|(k, v)| same(v, &y[k]))
        }
        _ => a == b,
    }
}
