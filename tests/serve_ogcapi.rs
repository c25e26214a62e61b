//! OGC API – Features behaviour of `zonescope serve` on synthetic layers: landing page,
//! conformance, collections, items paging, bbox, CRS, filters, single features, /api.

mod serve_support;
use serve_support::*;
use std::collections::HashSet;

const CRS_4547: &str = "http://www.opengis.net/def/crs/EPSG/0/4547";
const CRS84: &str = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

fn href<'a>(doc: &'a serde_json::Value, rel: &str) -> Option<&'a str> {
    doc["links"]
        .as_array()?
        .iter()
        .find(|l| l["rel"] == rel)
        .and_then(|l| l["href"].as_str())
}

/// Path and query of an absolute link.
fn local(href: &str) -> String {
    let rest = href.strip_prefix("http://").unwrap();
    rest[rest.find('/').unwrap()..].to_string()
}

#[test]
fn landing_page_and_conformance() {
    let s = default_server();
    let r = get(s.addr, "/");
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let doc = r.json();
    let links = doc["links"].as_array().unwrap();
    let desc = links
        .iter()
        .find(|l| l["rel"] == "service-desc")
        .expect("service-desc link");
    assert_eq!(desc["type"], "application/vnd.oai.openapi+json;version=3.0");
    for rel in ["self", "service-doc", "conformance", "data"] {
        assert!(href(&doc, rel).is_some(), "missing rel={rel}");
    }
    let api = get(s.addr, &local(desc["href"].as_str().unwrap()));
    assert_eq!(api.status, 200);
    assert!(api
        .header("content-type")
        .unwrap()
        .starts_with("application/vnd.oai.openapi+json"));
    let conf = get(s.addr, "/conformance").json();
    let classes: Vec<&str> = conf["conformsTo"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for c in ["core", "geojson", "html", "oas30"] {
        assert!(classes.contains(
            &format!("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{c}").as_str()
        ));
    }
    assert!(classes.contains(&"http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs"));
}

#[test]
fn collections_describe_extent_crs_and_counts() {
    let s = default_server();
    let doc = get(s.addr, "/collections").json();
    let cols = doc["collections"].as_array().unwrap();
    assert_eq!(cols.len(), 2);
    let p = cols.iter().find(|c| c["id"] == "parcels").unwrap();
    assert_eq!(p["itemCount"], 600);
    assert_eq!(p["storageCrs"], CRS84);
    let crs: Vec<&str> = p["crs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    for code in [4326, 4490, 4546, 4547, 4548, 4525, 4526, 4527] {
        assert!(
            crs.contains(&format!("http://www.opengis.net/def/crs/EPSG/0/{code}").as_str()),
            "{code}"
        );
    }
    assert_eq!(crs[0], CRS84);
    let bbox = p["extent"]["spatial"]["bbox"][0].as_array().unwrap();
    let b: Vec<f64> = bbox.iter().map(|v| v.as_f64().unwrap()).collect();
    let expect = [X0, Y0, X0 + 29.0 * STEP + SIDE, Y0 + 19.0 * STEP + SIDE];
    for k in 0..4 {
        assert!((b[k] - expect[k]).abs() < 1e-12, "{b:?} vs {expect:?}");
    }
    assert_eq!(p["extent"]["spatial"]["crs"], CRS84);
    let one = get(s.addr, "/collections/parcels").json();
    assert_eq!(one["id"], "parcels");
    assert_eq!(one["title_zh"], "宗地");
    assert!(href(&one, "items").is_some());
    assert_eq!(get(s.addr, "/collections/nope").status, 404);
}

#[test]
fn paging_by_next_returns_every_feature_once() {
    let s = default_server();
    let first = get(s.addr, "/collections/parcels/items").json();
    assert_eq!(first["type"], "FeatureCollection");
    assert_eq!(first["numberMatched"], 600);
    assert_eq!(first["numberReturned"], 100, "default limit is 100");
    assert!(first["timeStamp"].is_string());
    assert!(href(&first, "prev").is_none());
    let mut seen = HashSet::new();
    let mut url = "/collections/parcels/items?limit=70".to_string();
    let mut pages = 0;
    loop {
        let doc = get(s.addr, &url).json();
        let feats = doc["features"].as_array().unwrap();
        assert_eq!(
            doc["numberReturned"].as_u64().unwrap() as usize,
            feats.len()
        );
        for f in feats {
            assert!(
                seen.insert(f["id"].as_str().unwrap().to_string()),
                "{} twice",
                f["id"]
            );
        }
        pages += 1;
        if pages > 1 {
            assert!(href(&doc, "prev").is_some());
        }
        match href(&doc, "next") {
            Some(n) => url = local(n),
            None => break,
        }
    }
    assert_eq!(seen.len(), 600);
    assert_eq!(pages, 9);
    // offset past the end: empty page, still counted.
    let past = get(s.addr, "/collections/parcels/items?offset=5000").json();
    assert_eq!(past["numberReturned"], 0);
    assert_eq!(past["numberMatched"], 600);
}

#[test]
fn limit_is_clamped_to_the_maximum_and_bad_values_are_400() {
    let s = default_server();
    let big = parcels(120, 100); // 12 000 features
    let s2 = start(vec![big], Default::default());
    let doc = get(s2.addr, "/collections/parcels/items?limit=50000").json();
    assert_eq!(doc["numberReturned"], 10_000);
    assert_eq!(doc["numberMatched"], 12_000);
    assert!(href(&doc, "next").unwrap().contains("offset=10000"));
    // A large reprojected page (encoded off the async workers) keeps order and content.
    let gk = get(
        s2.addr,
        &format!("/collections/parcels/items?limit=3000&offset=5&crs={CRS_4547}"),
    )
    .json();
    let feats = gk["features"].as_array().unwrap();
    assert_eq!(feats.len(), 3000);
    assert_eq!(feats[0]["id"], "P5_0");
    let plain = get(s2.addr, "/collections/parcels/items/P5_0").json();
    let (lon, lat) = (
        plain["geometry"]["coordinates"][0][0][0][0]
            .as_f64()
            .unwrap(),
        plain["geometry"]["coordinates"][0][0][0][1]
            .as_f64()
            .unwrap(),
    );
    assert_eq!((lon, lat), (X0 + 5.0 * STEP, Y0));
    let c = &feats[0]["geometry"]["coordinates"][0][0][0];
    let (n, e) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
    // pyproj: Transformer.from_crs("OGC:CRS84", "EPSG:4547", always_xy=True).transform(113.05, 34.0)
    assert!(
        (n - 3764068.342413329).abs() < 0.01 && (e - 412232.9340419598).abs() < 0.01,
        "{n} {e}"
    );
    for bad in [
        "limit=0",
        "limit=-1",
        "limit=abc",
        "limit=1.5",
        "offset=-3",
        "offset=x",
    ] {
        let r = get(s.addr, &format!("/collections/parcels/items?{bad}"));
        assert_eq!(r.status, 400, "{bad}");
        let e = r.json();
        assert!(
            e["code"].is_string() && e["description"].is_string(),
            "{bad}: {e}"
        );
    }
}

/// The grid squares that intersect a lon/lat box, by the squares' own corners.
fn expected_in_box(nx: usize, ny: usize, b: [f64; 4]) -> HashSet<String> {
    let mut out = HashSet::new();
    for j in 0..ny {
        for i in 0..nx {
            let (x1, y1) = (X0 + i as f64 * STEP, Y0 + j as f64 * STEP);
            let (x2, y2) = (x1 + SIDE, y1 + SIDE);
            if x1 <= b[2] && x2 >= b[0] && y1 <= b[3] && y2 >= b[1] {
                out.insert(format!("P{i}_{j}"));
            }
        }
    }
    out
}

fn ids(doc: &serde_json::Value) -> HashSet<String> {
    doc["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn bbox_returns_exactly_the_intersecting_features() {
    let s = default_server();
    for b in [
        [113.0305, 34.0205, 113.0712, 34.0555],
        [113.009, 34.0, 113.0095, 34.5],
        [112.0, 33.0, 112.5, 33.5],
    ] {
        let url = format!(
            "/collections/parcels/items?limit=10000&bbox={},{},{},{}",
            b[0], b[1], b[2], b[3]
        );
        let doc = get(s.addr, &url).json();
        let want = expected_in_box(30, 20, b);
        assert_eq!(ids(&doc), want, "{b:?}");
        assert_eq!(doc["numberMatched"].as_u64().unwrap() as usize, want.len());
        // The same box in EPSG:4326 axis order (lat, lon).
        let url = format!(
            "/collections/parcels/items?limit=10000&bbox={},{},{},{}&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4326",
            b[1], b[0], b[3], b[2]
        );
        assert_eq!(ids(&get(s.addr, &url).json()), want, "EPSG:4326 {b:?}");
    }
    // Squares 0 and 1 of row 0 are 0.002° apart: a box in the gap meets none.
    let gap = get(
        s.addr,
        "/collections/parcels/items?bbox=113.0085,34.001,113.0095,34.002",
    )
    .json();
    assert_eq!(gap["numberMatched"], 0);
    for bad in [
        "1,2,3",
        "a,b,c,d",
        "113,35,114,34",
        "113,-95,114,34",
        "1,2,3,4,5",
    ] {
        assert_eq!(
            get(s.addr, &format!("/collections/parcels/items?bbox={bad}")).status,
            400,
            "{bad}"
        );
    }
}

#[test]
fn bbox_in_gauss_kruger_northing_first() {
    let s = default_server();
    // Box in EPSG:4547 around village V0 (113.625, 34.746): N 3846478.632, E 465661.402 (pyproj).
    let (n, e) = (3846478.632, 465661.402);
    let url = format!(
        "/collections/villages/items?bbox={},{},{},{}&bbox-crs={CRS_4547}",
        n - 50.0,
        e - 50.0,
        n + 50.0,
        e + 50.0
    );
    let doc = get(s.addr, &url).json();
    assert_eq!(ids(&doc), HashSet::from(["V0".to_string()]));
    // Easting first would be far away: nothing.
    let swapped = format!(
        "/collections/villages/items?bbox={},{},{},{}&bbox-crs={CRS_4547}",
        e - 50.0,
        n - 50.0,
        e + 50.0,
        n + 50.0
    );
    assert_eq!(get(s.addr, &swapped).json()["numberMatched"], 0);
}

#[test]
fn crs_parameter_reprojects_with_the_crs_axis_order() {
    let s = default_server();
    let r = get(
        s.addr,
        &format!("/collections/villages/items/V0?crs={CRS_4547}"),
    );
    assert_eq!(r.status, 200);
    assert_eq!(
        r.header("content-crs"),
        Some(format!("<{CRS_4547}>").as_str())
    );
    let c = r.json()["geometry"]["coordinates"].clone();
    let (n, e) = (c[0].as_f64().unwrap(), c[1].as_f64().unwrap());
    // pyproj: Transformer.from_crs("OGC:CRS84", "EPSG:4547", always_xy=True).transform(113.625, 34.746)
    assert!(
        (n - 3846478.6319171176).abs() < 0.01 && (e - 465661.40217134677).abs() < 0.01,
        "{n} {e}"
    );

    let r = get(s.addr, "/collections/villages/items?crs=EPSG:4490&limit=1");
    assert_eq!(
        r.header("content-crs"),
        Some("<http://www.opengis.net/def/crs/EPSG/0/4490>")
    );
    let c = r.json()["features"][0]["geometry"]["coordinates"].clone();
    assert_eq!(
        (c[0].as_f64().unwrap(), c[1].as_f64().unwrap()),
        (34.746, 113.625)
    );

    let r = get(s.addr, "/collections/villages/items?limit=1");
    assert_eq!(r.header("content-crs"), Some(format!("<{CRS84}>").as_str()));
    let c = r.json()["features"][0]["geometry"]["coordinates"].clone();
    assert_eq!(
        (c[0].as_f64().unwrap(), c[1].as_f64().unwrap()),
        (113.625, 34.746)
    );

    // Zone-prefixed 3-degree zone 38 (EPSG:4526): easting carries 38 000 000.
    let c = get(
        s.addr,
        "/collections/villages/items/V0?crs=http://www.opengis.net/def/crs/EPSG/0/4526",
    )
    .json()["geometry"]["coordinates"]
        .clone();
    assert!((c[1].as_f64().unwrap() - 38465661.402).abs() < 0.01);

    for bad in [
        "EPSG:3857",
        "foo",
        "http://www.opengis.net/def/crs/EPSG/0/1",
    ] {
        assert_eq!(
            get(s.addr, &format!("/collections/villages/items?crs={bad}")).status,
            400,
            "{bad}"
        );
        assert_eq!(
            get(
                s.addr,
                &format!("/collections/villages/items?bbox=0,0,1,1&bbox-crs={bad}")
            )
            .status,
            400
        );
    }
    // A polygon layer in GK keeps its ring structure.
    let g = get(
        s.addr,
        &format!("/collections/parcels/items/P0_0?crs={CRS_4547}"),
    )
    .json()["geometry"]
        .clone();
    assert_eq!(g["type"], "MultiPolygon");
    assert_eq!(g["coordinates"][0][0].as_array().unwrap().len(), 5);
}

#[test]
fn property_filters_match_by_type() {
    let s = default_server();
    let n = |q: &str| {
        get(s.addr, &format!("/collections/parcels/items?{q}")).json()["numberMatched"]
            .as_u64()
            .unwrap()
    };
    assert_eq!(n("zone_id=Z1"), 300);
    assert_eq!(n("zone_id=Z1&row=3"), 15);
    assert_eq!(n("row=3"), 30);
    assert_eq!(n("area_m2=1001.5"), 20);
    assert_eq!(n("meets_standard=true"), 200);
    assert_eq!(n("meets_standard=false"), 200);
    assert_eq!(n("granted_on=2011-03-01"), 120);
    assert_eq!(n("shortfalls=far"), 300);
    assert_eq!(n("zone_id=Z9"), 0);
    // Column 5 starts at exactly 113.05: touching counts as intersecting.
    assert_eq!(n("zone_id=Z1&bbox=113.0,34.0,113.05,34.005"), 6);
    for bad in [
        "row=x",
        "meets_standard=maybe",
        "granted_on=2011-02-30",
        "nosuchfield=1",
        "zone_id=Z1&zone_id=Z2",
    ] {
        assert_eq!(
            get(s.addr, &format!("/collections/parcels/items?{bad}")).status,
            400,
            "{bad}"
        );
    }
}

#[test]
fn single_features_and_404s() {
    let s = default_server();
    let r = get(s.addr, "/collections/parcels/items/P3_4");
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/geo+json"));
    let f = r.json();
    assert_eq!(f["type"], "Feature");
    assert_eq!(f["id"], "P3_4");
    assert_eq!(f["properties"]["row"], 4);
    assert_eq!(f["properties"]["meets_standard"], serde_json::Value::Null);
    assert!(href(&f, "collection").is_some());
    let none = get(s.addr, "/collections/villages/items/V-none").json();
    assert_eq!(none["geometry"], serde_json::Value::Null);
    let r = get(s.addr, "/collections/parcels/items/nope");
    assert_eq!(r.status, 404);
    assert_eq!(r.json()["code"], "NotFound");
    assert_eq!(get(s.addr, "/collections/nope/items").status, 404);
    assert_eq!(get(s.addr, "/collections/nope/items/P0_0").status, 404);
    assert_eq!(get(s.addr, "/nothing/here").status, 404);
}

#[test]
fn openapi_declares_limits_and_filters() {
    let s = default_server();
    let api = get(s.addr, "/api").json();
    assert!(api["openapi"].as_str().unwrap().starts_with("3.0"));
    let limit = &api["components"]["parameters"]["limit"]["schema"];
    assert_eq!(limit["default"], 100);
    assert_eq!(limit["maximum"], 10_000);
    for id in ["parcels", "villages"] {
        let items = &api["paths"][format!("/collections/{id}/items")]["get"];
        assert!(items.is_object(), "{id}");
        let names: Vec<String> = items["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p["name"].as_str().map(String::from).unwrap_or_else(|| {
                    p["$ref"]
                        .as_str()
                        .unwrap()
                        .rsplit('/')
                        .next()
                        .unwrap()
                        .to_string()
                })
            })
            .collect();
        for want in ["limit", "offset", "bbox", "bbox-crs", "crs", "f"] {
            assert!(names.iter().any(|n| n == want), "{id}: {want} in {names:?}");
        }
        let key = if id == "parcels" {
            "zone_id"
        } else {
            "village_id"
        };
        assert!(names.iter().any(|n| n == key), "{id}: filter {key}");
    }
    assert!(api["paths"]["/collections/parcels/items/{featureId}"].is_object());
}

#[test]
fn health_reports_counts_and_as_of() {
    let s = default_server();
    let h = get(s.addr, "/health").json();
    assert_eq!(h["as_of"], "2014-12-31");
    assert_eq!(h["collections"]["parcels"], 600);
    assert_eq!(h["collections"]["villages"], 6);
}
