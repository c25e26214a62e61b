//! Property tests (bounded: a few hundred cases each, seconds in CI) of the parsers that take
//! outside input: the items query parser, `bbox`, the WKB reader, the config loader and
//! the source redaction. Each must never panic, and each is compared with an independent
//! statement of what it should do.

mod serve_support;

use proptest::prelude::*;
use zonescope::config::Config;
use zonescope::serve::crs::Crs;
use zonescope::serve::query::{self, QueryArea};
use zonescope::source::geometry::parse_wkb;
use zonescope::source::redact::display_source;

fn cfg() -> ProptestConfig {
    ProptestConfig {
        cases: 300,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn key() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("limit".to_string()),
        Just("offset".to_string()),
        Just("bbox".to_string()),
        Just("bbox-crs".to_string()),
        Just("crs".to_string()),
        Just("datetime".to_string()),
        Just("f".to_string()),
        Just("zone_id".to_string()),
        Just("row".to_string()),
        Just("meets_standard".to_string()),
        Just("granted_on".to_string()),
        "[a-z_-]{0,12}",
    ]
}

fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        "-?[0-9]{0,12}",
        "-?[0-9]{1,4}(\\.[0-9]{0,6})?(,-?[0-9]{1,4}(\\.[0-9]{0,6})?){0,6}",
        Just("http://www.opengis.net/def/crs/EPSG/0/4547".to_string()),
        Just("http://www.opengis.net/def/crs/OGC/1.3/CRS84".to_string()),
        Just("2014-01-01/..".to_string()),
        Just("../2014-01-01T00:00:00Z".to_string()),
        "\\PC{0,24}",
    ]
}

proptest! {
    #![proptest_config(cfg())]

    #[test]
    fn items_query_parser_never_panics_and_keeps_its_bounds(
        pairs in proptest::collection::vec((key(), value()), 0..6)
    ) {
        let layer = serve_support::parcels(2, 2);
        if let Ok(q) = query::parse_items(&pairs, &layer.schema) {
            prop_assert!(q.limit >= 1 && q.limit <= query::MAX_LIMIT);
            if let Some(area) = &q.area {
                for r in area.envelopes() {
                    prop_assert!(r.min().x.is_finite() && r.max().y.is_finite());
                    prop_assert!(r.min().x <= r.max().x && r.min().y <= r.max().y);
                }
            }
            // Every key is either a parameter or a property: unknown keys are refused.
            for (k, _) in &pairs {
                prop_assert!(
                    ["limit", "offset", "bbox", "bbox-crs", "crs", "datetime", "f"].contains(&k.as_str())
                        || layer.field_index(k).is_some()
                );
            }
        }
    }

    #[test]
    fn crs84_bbox_is_the_rectangle_given(
        x1 in -180.0f64..180.0, x2 in -180.0f64..180.0, y1 in -90.0f64..90.0, y2 in -90.0f64..90.0
    ) {
        let (ylo, yhi) = (y1.min(y2), y1.max(y2));
        let s = format!("{x1},{ylo},{x2},{yhi}");
        match query::parse_bbox(&s, &Crs::Crs84) {
            Ok(QueryArea::Rects(r)) => {
                let spans: Vec<(f64, f64)> = r.iter().map(|r| (r.min().x, r.max().x)).collect();
                let want = if x1 <= x2 { vec![(x1, x2)] } else { vec![(x1, 180.0), (-180.0, x2)] };
                prop_assert_eq!(spans, want);
                for rect in &r {
                    prop_assert_eq!((rect.min().y, rect.max().y), (ylo, yhi));
                }
            }
            other => prop_assert!(false, "{s}: {other:?}"),
        }
    }

    #[test]
    fn bbox_parser_never_panics(s in "\\PC{0,40}", epsg in prop_oneof![Just(4326u32), Just(4490), Just(4547), Just(4527)]) {
        let _ = query::parse_bbox(&s, &Crs::Crs84);
        if let Some(c) = Crs::from_epsg(epsg) {
            let _ = query::parse_bbox(&s, &c);
        }
    }

    #[test]
    fn wkb_reader_never_panics_on_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let _ = parse_wkb(&bytes);
    }

    #[test]
    fn wkb_reader_never_panics_on_mutated_geometry(
        ring in proptest::collection::vec((-180.0f64..180.0, -90.0f64..90.0), 3..12),
        flips in proptest::collection::vec((0usize..400, any::<u8>()), 0..4),
        cut in 0usize..400,
    ) {
        let mut b = polygon_wkb(&ring);
        for (i, v) in flips {
            if !b.is_empty() {
                let n = b.len();
                b[i % n] = v;
            }
        }
        b.truncate(cut.max(1));
        let _ = parse_wkb(&b);
    }

    #[test]
    fn wkb_polygon_roundtrips(ring in proptest::collection::vec((-180.0f64..180.0, -90.0f64..90.0), 3..30)) {
        let b = polygon_wkb(&ring);
        let parsed = parse_wkb(&b).expect("valid WKB");
        match parsed.geometry {
            geo::Geometry::Polygon(p) => {
                let got: Vec<(f64, f64)> = p.exterior().0.iter().map(|c| (c.x, c.y)).collect();
                let mut want = ring.clone();
                want.push(ring[0]);
                prop_assert_eq!(got, want);
            }
            other => prop_assert!(false, "not a polygon: {other:?}"),
        }
    }

    #[test]
    fn config_loader_never_panics(text in "\\PC{0,120}") {
        let _ = Config::from_toml(&text);
    }

    #[test]
    fn config_ranges_are_enforced_as_documented(
        tol in prop_oneof![-1e6f64..1e6, Just(f64::NAN), Just(f64::INFINITY)],
        share in prop_oneof![-2.0f64..3.0, Just(f64::NAN)],
        idle in 0u32..60,
        reclaim in 0u32..120,
    ) {
        let t = |v: f64| if v.is_nan() { "nan".to_string() } else if v.is_infinite() { "inf".to_string() } else { format!("{v:?}") };
        let text = format!(
            "[rules.connectivity]\ndirect_tolerance_m = {}\n[rules.idle]\ndeveloped_share_min = {}\nidle_after_years = {idle}\nreclaim_after_years = {reclaim}\n",
            t(tol), t(share)
        );
        let ok = tol.is_finite() && (0.0..=100_000.0).contains(&tol)
            && share.is_finite() && (0.0..=1.0).contains(&share)
            && (1..=50).contains(&idle)
            && reclaim > idle && reclaim <= 100;
        let r = Config::from_toml(&text);
        prop_assert_eq!(r.is_ok(), ok, "{}: {:?}", text, r.err());
        if let Err(e) = r {
            prop_assert!(e.contains("out of range") && e.contains("must be"), "{e}");
        }
    }

    #[test]
    fn quoted_passwords_never_shown(pw in "[!-~]{1,20}", quote in prop_oneof![Just(""), Just("'"), Just("\"")], spaces in 0usize..2) {
        // libpq quoting: a bare value has no spaces or quotes; a quoted one escapes its quote.
        prop_assume!(quote.is_empty() && !pw.contains(['\'', '"', '\\']) || !quote.is_empty());
        let body = if quote.is_empty() {
            pw.clone()
        } else {
            pw.replace('\\', "\\\\").replace(quote, &format!("\\{quote}"))
        };
        let sp = " ".repeat(spaces);
        let src = format!("PG:host=h dbname=d user=u password{sp}={sp}{quote}{body}{quote} port=5432");
        let shown = display_source(&src);
        prop_assert!(shown.contains("password"), "{shown}");
        prop_assert!(shown.ends_with("port=5432"), "{src} -> {shown}");
        if pw.len() >= 3 {
            prop_assert!(!shown.contains(&pw), "{src} -> {shown}");
        }
        let user_pw = pw.replace(['@', '/', '?', '#', ':'], "x");
        let uri = format!("PG:postgresql://u:{user_pw}@h/db");
        let shown = display_source(&uri);
        prop_assert_eq!(shown, "PG:postgresql://u:***@h/db".to_string());
    }
}

/// An independent little-endian WKB encoder of a one-ring polygon.
fn polygon_wkb(ring: &[(f64, f64)]) -> Vec<u8> {
    let mut b = vec![1u8];
    b.extend_from_slice(&3u32.to_le_bytes());
    b.extend_from_slice(&1u32.to_le_bytes());
    b.extend_from_slice(&((ring.len() + 1) as u32).to_le_bytes());
    for &(x, y) in ring.iter().chain(std::iter::once(&ring[0])) {
        b.extend_from_slice(&x.to_le_bytes());
        b.extend_from_slice(&y.to_le_bytes());
    }
    b
}
