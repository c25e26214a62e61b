//! Typed records of the four input layers. Geometries are CRS84 (lon, lat).
//! Optional inputs are `Option`: a missing value is never zero.

use chrono::NaiveDate;
use geo::{MultiLineString, MultiPolygon, Point};

/// An industrial cluster district (产业集聚区) boundary.
#[derive(Debug, Clone, PartialEq)]
pub struct Zone {
    pub zone_id: String,
    pub name: Option<String>,
    pub city: Option<String>,
    pub county: Option<String>,
    pub star: Option<i64>,
    pub leading_industry: Option<String>,
    pub geometry: MultiPolygon<f64>,
    /// Geodesic area, m².
    pub area_m2: f64,
}

/// A land-use right (宗地). `Default` gives an empty parcel, handy for hand-made test cases.
#[derive(Debug, Clone, PartialEq)]
pub struct Parcel {
    pub parcel_id: String,
    /// `zone_id` as given in the source (may name no known zone).
    pub zone_id: Option<String>,
    pub land_use: Option<String>,
    pub industry_code: Option<String>,
    pub holder: Option<String>,
    pub registered_area_m2: Option<f64>,
    pub granted_on: Option<NaiveDate>,
    pub agreed_start: Option<NaiveDate>,
    pub agreed_completion: Option<NaiveDate>,
    pub actual_start: Option<NaiveDate>,
    pub halted_since: Option<NaiveDate>,
    pub developed_area_m2: Option<f64>,
    pub total_investment_wan_yuan: Option<f64>,
    pub invested_wan_yuan: Option<f64>,
    pub floor_area_m2: Option<f64>,
    pub footprint_m2: Option<f64>,
    pub admin_area_m2: Option<f64>,
    pub green_area_m2: Option<f64>,
    pub output_wan_yuan: Option<f64>,
    pub tax_wan_yuan: Option<f64>,
    pub delay_cause: Option<String>,
    pub geometry: MultiPolygon<f64>,
    /// Geodesic area of the geometry, m².
    pub area_m2: f64,
}

impl Default for Parcel {
    fn default() -> Self {
        Parcel {
            parcel_id: String::new(),
            zone_id: None,
            land_use: None,
            industry_code: None,
            holder: None,
            registered_area_m2: None,
            granted_on: None,
            agreed_start: None,
            agreed_completion: None,
            actual_start: None,
            halted_since: None,
            developed_area_m2: None,
            total_investment_wan_yuan: None,
            invested_wan_yuan: None,
            floor_area_m2: None,
            footprint_m2: None,
            admin_area_m2: None,
            green_area_m2: None,
            output_wan_yuan: None,
            tax_wan_yuan: None,
            delay_cause: None,
            geometry: MultiPolygon(Vec::new()),
            area_m2: 0.0,
        }
    }
}

impl Parcel {
    /// Site area: `registered_area_m2` when given and positive, else the geodesic area.
    pub fn site_area_m2(&self) -> f64 {
        match self.registered_area_m2 {
            Some(a) if a > 0.0 && a.is_finite() => a,
            _ => self.area_m2,
        }
    }
    /// Site area in mu (1 mu = 10000/15 m²).
    pub fn site_area_mu(&self) -> f64 {
        self.site_area_m2() / (10000.0 / 15.0)
    }
}

/// Construction status of a road link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RoadStatus {
    #[default]
    Built,
    UnderConstruction,
    Planned,
}

impl RoadStatus {
    pub fn parse(s: &str) -> Option<RoadStatus> {
        match s.trim() {
            "" | "built" => Some(RoadStatus::Built),
            "under_construction" => Some(RoadStatus::UnderConstruction),
            "planned" => Some(RoadStatus::Planned),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            RoadStatus::Built => "built",
            RoadStatus::UnderConstruction => "under_construction",
            RoadStatus::Planned => "planned",
        }
    }
}

/// A road link.
#[derive(Debug, Clone, PartialEq)]
pub struct Road {
    pub road_id: String,
    pub route: Option<String>,
    pub name: Option<String>,
    /// `expressway`, `1`–`4`, `other`.
    pub grade: Option<String>,
    pub status: RoadStatus,
    pub geometry: MultiLineString<f64>,
}

/// Relocation status of a village.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RelocationStatus {
    #[default]
    None,
    Planned,
    Started,
    Done,
}

impl RelocationStatus {
    pub fn parse(s: &str) -> Option<RelocationStatus> {
        match s.trim() {
            "" | "none" => Some(RelocationStatus::None),
            "planned" => Some(RelocationStatus::Planned),
            "started" => Some(RelocationStatus::Started),
            "done" => Some(RelocationStatus::Done),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            RelocationStatus::None => "none",
            RelocationStatus::Planned => "planned",
            RelocationStatus::Started => "started",
            RelocationStatus::Done => "done",
        }
    }
}

/// A village's location: a point or an outline.
#[derive(Debug, Clone, PartialEq)]
pub enum VillageGeometry {
    Point(Point<f64>),
    Polygon(MultiPolygon<f64>),
}

/// A village (行政村 / 自然村).
#[derive(Debug, Clone, PartialEq)]
pub struct Village {
    pub village_id: String,
    pub name: Option<String>,
    pub households: Option<i64>,
    pub population: Option<i64>,
    pub homestead_area_m2: Option<f64>,
    pub relocation: RelocationStatus,
    pub geometry: VillageGeometry,
}
