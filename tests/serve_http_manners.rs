//! HTTP manners of `zonescope serve`: ETag and 304, Cache-Control, CORS, gzip/brotli,
//! content negotiation and HTML pages, JSON errors, styles.

mod serve_support;
use serve_support::*;
use zonescope::config::ServerConfig;

#[test]
fn etag_and_if_none_match_give_304() {
    let s = default_server();
    for path in [
        "/",
        "/collections",
        "/collections/parcels",
        "/collections/parcels/items?limit=5",
        "/api",
        "/conformance",
    ] {
        let r = get(s.addr, path);
        assert_eq!(r.status, 200, "{path}");
        let tag = r
            .header("etag")
            .unwrap_or_else(|| panic!("{path}: no ETag"))
            .to_string();
        assert!(
            r.header("cache-control").unwrap().contains("max-age"),
            "{path}"
        );
        let again = get(s.addr, path);
        assert_eq!(
            again.header("etag"),
            Some(tag.as_str()),
            "{path}: ETag is stable"
        );
        let cond = get_with(s.addr, path, &[("If-None-Match", &tag)]);
        assert_eq!(cond.status, 304, "{path}");
        assert!(cond.body.is_empty());
        assert_eq!(cond.header("etag"), Some(tag.as_str()));
        let other = get_with(s.addr, path, &[("If-None-Match", "W/\"0000\"")]);
        assert_eq!(other.status, 200, "{path}");
    }
    // Different queries, different tags.
    let a = get(s.addr, "/collections/parcels/items?limit=5");
    let b = get(s.addr, "/collections/parcels/items?limit=6");
    assert_ne!(a.header("etag"), b.header("etag"));
    // Errors are not cached.
    let e = get(s.addr, "/collections/parcels/items?limit=0");
    assert_eq!(e.status, 400);
    assert_eq!(e.header("cache-control"), Some("no-store"));
}

#[test]
fn cors_is_permissive_by_default_and_configurable() {
    let s = default_server();
    let r = get_with(s.addr, "/collections", &[("Origin", "http://example.org")]);
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
    let pre = request(
        s.addr,
        "OPTIONS",
        "/collections/parcels/items",
        &[
            ("Origin", "http://example.org"),
            ("Access-Control-Request-Method", "GET"),
        ],
    );
    assert!(pre.status < 300, "{}", pre.status);
    assert!(pre
        .header("access-control-allow-methods")
        .unwrap()
        .contains("GET"));

    let cfg = ServerConfig {
        cors_origins: vec!["http://maps.example.cn".into()],
        ..Default::default()
    };
    let s2 = start(vec![villages()], cfg);
    let ok = get_with(
        s2.addr,
        "/collections",
        &[("Origin", "http://maps.example.cn")],
    );
    assert_eq!(
        ok.header("access-control-allow-origin"),
        Some("http://maps.example.cn")
    );
    let no = get_with(
        s2.addr,
        "/collections",
        &[("Origin", "http://evil.example")],
    );
    assert_eq!(no.header("access-control-allow-origin"), None);
}

#[test]
fn gzip_and_brotli_on_request() {
    let s = default_server();
    let path = "/collections/parcels/items?limit=600";
    let plain = get(s.addr, path);
    assert_eq!(plain.header("content-encoding"), None);
    let gz = get_with(s.addr, path, &[("Accept-Encoding", "gzip")]);
    assert_eq!(gz.status, 200);
    assert_eq!(gz.header("content-encoding"), Some("gzip"));
    assert_eq!(&gz.body[..2], &[0x1f, 0x8b], "gzip magic");
    assert!(gz.body.len() < plain.body.len() / 3);
    let br = get_with(s.addr, path, &[("Accept-Encoding", "br")]);
    assert_eq!(br.header("content-encoding"), Some("br"));
    assert!(br.body.len() < plain.body.len() / 3);
    assert!(gz.header("etag").is_some());
}

#[test]
fn html_by_f_or_accept_with_both_titles() {
    let s = default_server();
    let browser = [(
        "Accept",
        "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    )];
    for path in [
        "/",
        "/collections",
        "/collections/parcels",
        "/collections/parcels/items",
        "/collections/parcels/items/P1_1",
        "/api",
        "/conformance",
    ] {
        let r = get_with(s.addr, path, &browser);
        assert_eq!(r.status, 200, "{path}");
        assert!(
            r.header("content-type").unwrap().starts_with("text/html"),
            "{path}"
        );
        assert!(r.text().starts_with("<!DOCTYPE html>"), "{path}");
    }
    let page = get(s.addr, "/collections/parcels/items?f=html&limit=10").text();
    assert!(page.contains("宗地") && page.contains("Land parcels"));
    assert!(page.contains("<svg"), "a small map");
    assert!(page.contains("P9_0"));
    assert!(!page.contains("P0_1\""), "only 10 rows");
    assert!(!page.contains("https://"), "no external resources");
    let coll = get(s.addr, "/collections?f=html").text();
    assert!(coll.contains("村庄"));
    // f wins over Accept.
    let j = get_with(s.addr, "/collections?f=json", &browser);
    assert!(j
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    assert_eq!(get(s.addr, "/collections?f=xml").status, 400);
}

#[test]
fn errors_are_json_with_code_and_description() {
    let s = default_server();
    for (path, status) in [
        ("/collections/nope", 404),
        ("/collections/parcels/items/none", 404),
        ("/collections/parcels/items?limit=0", 400),
        ("/collections/parcels/items?bbox=1,2", 400),
        ("/collections/parcels/items?crs=EPSG:9999", 400),
        ("/collections/parcels/items?unknown=1", 400),
        ("/?foo=1", 400),
        ("/collections?limit=3", 400),
        ("/collections/parcels?x=", 400),
    ] {
        let r = get(s.addr, path);
        assert_eq!(r.status, status, "{path}");
        assert!(
            r.header("content-type")
                .unwrap()
                .starts_with("application/json"),
            "{path}"
        );
        let e = r.json();
        assert!(e["code"].as_str().is_some_and(|c| !c.is_empty()), "{path}");
        assert!(
            e["description"].as_str().is_some_and(|c| !c.is_empty()),
            "{path}"
        );
    }
    let r = request(s.addr, "POST", "/collections", &[("Content-Length", "0")]);
    assert_eq!(r.status, 405);
    assert!(r.json()["code"].is_string());
}

#[test]
fn head_requests_have_no_body() {
    let s = default_server();
    let r = request(s.addr, "HEAD", "/collections/parcels/items", &[]);
    assert_eq!(r.status, 200);
    assert!(r.body.is_empty());
    assert!(r.header("etag").is_some());
}

#[test]
fn styles_are_listed_and_served() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("parcels.qml"), "<qgis></qgis>").unwrap();
    std::fs::write(dir.path().join("parcels.maplibre.json"), "{\"version\":8}").unwrap();
    std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
    let cfg = ServerConfig {
        styles_dir: Some(dir.path().to_path_buf()),
        ..Default::default()
    };
    let s = start(vec![parcels(2, 2), villages()], cfg);
    let list = get(s.addr, "/collections/parcels/styles").json();
    let links = list["styles"][0]["links"].as_array().unwrap();
    let types: Vec<&str> = links.iter().map(|l| l["type"].as_str().unwrap()).collect();
    assert_eq!(
        types,
        [
            "application/vnd.qgis.qml",
            "application/vnd.mapbox.style+json"
        ]
    );
    let qml = get(s.addr, "/styles/parcels.qml");
    assert_eq!(qml.status, 200);
    assert_eq!(qml.text(), "<qgis></qgis>");
    assert_eq!(qml.header("content-type"), Some("application/vnd.qgis.qml"));
    assert_eq!(get(s.addr, "/styles/notes.txt").status, 404);
    assert_eq!(get(s.addr, "/styles/..%2Fsecret.qml").status, 404);
    assert_eq!(
        get(s.addr, "/collections/villages/styles").json()["styles"]
            .as_array()
            .unwrap()
            .len(),
        0
    );
    let coll = get(s.addr, "/collections/parcels").json();
    assert!(coll["links"]
        .as_array()
        .unwrap()
        .iter()
        .any(|l| l["rel"].as_str().unwrap().ends_with("styles")));
}
