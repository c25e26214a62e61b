//! Shared helpers of the server's integration tests: synthetic layers, a server on a free
//! port, and a minimal HTTP/1.1 client (std TcpStream, `Connection: close`).
#![allow(dead_code)]

use chrono::NaiveDate;
use geo::{Coord, Geometry, LineString, MultiPolygon, Point, Polygon};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use zonescope::config::ServerConfig;
use zonescope::layer::{Feature, Field, FieldKind, GeometryType, Layer, Value};
use zonescope::serve::{self, ServeInput};

/// Grid parcels: `nx × ny` squares of `STEP` degrees from (`X0`, `Y0`), id `P{i}_{j}`.
pub const X0: f64 = 113.0;
pub const Y0: f64 = 34.0;
pub const STEP: f64 = 0.01;
/// The squares are 80 % of a cell, so neighbours do not touch.
pub const SIDE: f64 = 0.008;

const PARCEL_FIELDS: &[Field] = &[
    Field::new(
        "parcel_id",
        FieldKind::Text,
        None,
        "宗地编号",
        "Parcel identifier.",
    ),
    Field::new("zone_id", FieldKind::Text, None, "集聚区编号", "Zone."),
    Field::new("row", FieldKind::Integer, None, "行", "Grid row."),
    Field::new("area_m2", FieldKind::Real, Some("m²"), "面积", "Some area."),
    Field::new(
        "meets_standard",
        FieldKind::Bool,
        None,
        "达标",
        "Bool or null.",
    ),
    Field::new("granted_on", FieldKind::Date, None, "供地日期", "A date."),
    Field::new(
        "shortfalls",
        FieldKind::TextList,
        None,
        "未达标指标",
        "A list.",
    ),
];

/// A grid of parcels.
pub fn parcels(nx: usize, ny: usize) -> Layer {
    let mut features = Vec::new();
    for j in 0..ny {
        for i in 0..nx {
            let (x, y) = (X0 + i as f64 * STEP, Y0 + j as f64 * STEP);
            let ring = LineString(vec![
                Coord { x, y },
                Coord { x: x + SIDE, y },
                Coord {
                    x: x + SIDE,
                    y: y + SIDE,
                },
                Coord { x, y: y + SIDE },
                Coord { x, y },
            ]);
            let id = format!("P{i}_{j}");
            features.push(Feature {
                id: id.clone(),
                geometry: Some(Geometry::MultiPolygon(MultiPolygon(vec![Polygon::new(
                    ring,
                    vec![],
                )]))),
                properties: vec![
                    Value::Text(id),
                    Value::Text(if i < nx / 2 { "Z1".into() } else { "Z2".into() }),
                    Value::Integer(j as i64),
                    Value::Real(1000.5 + i as f64),
                    if i % 3 == 0 {
                        Value::Null
                    } else {
                        Value::Bool(i % 3 == 1)
                    },
                    Value::Date(NaiveDate::from_ymd_opt(2010 + (j % 5) as i32, 3, 1).unwrap()),
                    Value::List(if i % 2 == 0 {
                        vec!["far".into(), "green_share".into()]
                    } else {
                        vec![]
                    }),
                ],
            });
        }
    }
    Layer {
        id: "parcels".into(),
        title: "Land parcels".into(),
        title_zh: "宗地".into(),
        description: "Synthetic grid parcels.".into(),
        geometry_type: GeometryType::MultiPolygon,
        key: "parcel_id",
        schema: PARCEL_FIELDS.to_vec(),
        features,
    }
}

/// Villages: points along a diagonal, plus one without geometry.
pub fn villages() -> Layer {
    let mut features: Vec<Feature> = (0..5)
        .map(|k| Feature {
            id: format!("V{k}"),
            geometry: Some(Geometry::Point(Point::new(
                113.625 + k as f64 * 0.01,
                34.746 + k as f64 * 0.01,
            ))),
            properties: vec![Value::Text(format!("V{k}")), Value::Text(format!("村{k}"))],
        })
        .collect();
    features.push(Feature {
        id: "V-none".into(),
        geometry: None,
        properties: vec!["V-none".into(), Value::Null],
    });
    Layer {
        id: "villages".into(),
        title: "Villages".into(),
        title_zh: "村庄".into(),
        description: "Synthetic villages.".into(),
        geometry_type: GeometryType::Point,
        key: "village_id",
        schema: vec![
            Field::new("village_id", FieldKind::Text, None, "村庄编号", "Id."),
            Field::new("name", FieldKind::Text, None, "村名", "Name."),
        ],
        features,
    }
}

/// A running server.
pub struct TestServer {
    pub addr: SocketAddr,
    _rt: tokio::runtime::Runtime,
}

/// Starts a server on a free loopback port.
pub fn start(layers: Vec<Layer>, config: ServerConfig) -> TestServer {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let listener = rt
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let state = serve::build_state(ServeInput {
        views: layers
            .into_iter()
            .map(|l| {
                std::sync::Arc::new(zonescope::view::LayerView::new(l))
                    as zonescope::view::SharedView
            })
            .collect(),
        as_of: NaiveDate::from_ymd_opt(2014, 12, 31).unwrap(),
        source: "synthetic".into(),
        config,
        as_of_source: None,
    })
    .unwrap();
    rt.spawn(serve::serve_on(
        listener,
        serve::app(state),
        std::future::pending(),
    ));
    TestServer { addr, _rt: rt }
}

/// The default test server: 30 × 20 parcels and the villages.
pub fn default_server() -> TestServer {
    start(vec![parcels(30, 20), villages()], ServerConfig::default())
}

/// A response.
#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Resp {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// `GET path` with extra headers.
pub fn get_with(addr: SocketAddr, path: &str, headers: &[(&str, &str)]) -> Resp {
    request(addr, "GET", path, headers)
}

/// `GET path`.
pub fn get(addr: SocketAddr, path: &str) -> Resp {
    request(addr, "GET", path, &[])
}

/// Any request.
pub fn request(addr: SocketAddr, method: &str, path: &str, headers: &[(&str, &str)]) -> Resp {
    let mut s = TcpStream::connect(addr).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("no header end");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| {
            l.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        })
        .collect();
    let mut body = raw[split + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = dechunk(&body);
    }
    Resp {
        status,
        headers,
        body,
    }
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = b.windows(2).position(|w| w == b"\r\n") {
        let size_txt = String::from_utf8_lossy(&b[..eol]);
        let size =
            usize::from_str_radix(size_txt.split(';').next().unwrap().trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&b[eol + 2..eol + 2 + size]);
        b = &b[eol + 2 + size + 2..];
    }
    out
}
