//! The real Henan facts the sample is drawn around (data/henan/*.csv, embedded in the binary):
//! county and prefecture seats (GeoNames), national route seat sequences, industrial cluster
//! names, and the NBS 2023 village-level names and codes.

use std::collections::HashMap;

const SEATS: &str = include_str!("../../../data/henan/seats_geonames.csv");
const ROUTES: &str = include_str!("../../../data/henan/henan_route_sequences.csv");
const CLUSTERS: &str = include_str!("../../../data/henan/henan_clusters_partial.csv");
const COUNTIES: &str = include_str!("../../../data/henan/henan_counties_nbs2023.csv");
const VILLAGES: &str = include_str!("../../../data/henan/henan_villages_nbs2023.csv");

/// A county or prefecture seat.
#[derive(Debug, Clone)]
pub struct Seat {
    pub adcode: String,
    pub name: String,
    pub prefecture: bool,
    pub city: String,
    pub lon: f64,
    pub lat: f64,
}

/// An industrial cluster district name with its host county.
#[derive(Debug, Clone)]
pub struct Cluster {
    pub name: String,
    pub city: String,
    pub host_county: String,
    pub host_adcode: String,
}

/// A village-level unit (村/社区) of the NBS division codes.
#[derive(Debug, Clone)]
pub struct VillageName {
    pub code: String,
    pub name: String,
}

/// Everything read from the embedded tables.
pub struct Facts {
    pub seats: Vec<Seat>,
    /// Route code → seat names in order.
    pub routes: Vec<(String, String, Vec<String>)>,
    pub clusters: Vec<Cluster>,
    /// County adcode → county name.
    pub counties: HashMap<String, String>,
    /// County adcode → villages.
    pub villages_by_county: HashMap<String, Vec<VillageName>>,
    /// City code (4 digits) → villages.
    pub villages_by_city: HashMap<String, Vec<VillageName>>,
    pub all_villages: Vec<VillageName>,
}

fn rows(text: &str) -> anyhow::Result<Vec<csv::StringRecord>> {
    let mut r = csv::Reader::from_reader(text.as_bytes());
    Ok(r.records().collect::<Result<Vec<_>, _>>()?)
}

/// Shortens an NBS committee name to the everyday village name
/// (`王庄村民委员会` → `王庄村`, `碧沙岗社区居委会` → `碧沙岗社区`).
pub fn village_short_name(full: &str) -> String {
    for (suffix, repl) in [
        ("村民委员会", "村"),
        ("村村委会", "村"),
        ("村委会", "村"),
        ("社区居民委员会", "社区"),
        ("社区居委会", "社区"),
        ("居民委员会", "社区"),
        ("居委会", "社区"),
    ] {
        if let Some(stem) = full.strip_suffix(suffix) {
            return format!("{stem}{repl}");
        }
    }
    full.to_string()
}

impl Facts {
    pub fn load() -> anyhow::Result<Facts> {
        let seats = rows(SEATS)?
            .iter()
            .map(|r| Seat {
                adcode: r[0].to_string(),
                name: r[1].to_string(),
                prefecture: &r[2] == "prefecture",
                city: r[3].to_string(),
                lon: r[6].parse().unwrap_or(0.0),
                lat: r[7].parse().unwrap_or(0.0),
            })
            .collect();
        let mut routes: Vec<(String, String, Vec<String>)> = Vec::new();
        for r in rows(ROUTES)? {
            let code = r[0].to_string();
            match routes.iter_mut().find(|x| x.0 == code) {
                Some(x) => x.2.push(r[3].to_string()),
                None => routes.push((code, r[1].to_string(), vec![r[3].to_string()])),
            }
        }
        let clusters = rows(CLUSTERS)?
            .iter()
            .map(|r| Cluster {
                name: r[0].to_string(),
                city: r[1].to_string(),
                host_county: r[2].to_string(),
                host_adcode: r[3].to_string(),
            })
            .collect();
        let counties = rows(COUNTIES)?
            .iter()
            .map(|r| (r[0].to_string(), r[1].to_string()))
            .collect();
        let mut villages_by_county: HashMap<String, Vec<VillageName>> = HashMap::new();
        let mut villages_by_city: HashMap<String, Vec<VillageName>> = HashMap::new();
        let mut all_villages = Vec::new();
        for r in rows(VILLAGES)? {
            let v = VillageName {
                code: r[0].to_string(),
                name: village_short_name(&r[1]),
            };
            villages_by_county
                .entry(r[5].to_string())
                .or_default()
                .push(v.clone());
            villages_by_city
                .entry(r[4].to_string())
                .or_default()
                .push(v.clone());
            all_villages.push(v);
        }
        Ok(Facts {
            seats,
            routes,
            clusters,
            counties,
            villages_by_county,
            villages_by_city,
            all_villages,
        })
    }

    pub fn seat_by_name(&self, name: &str) -> Option<usize> {
        self.seats.iter().position(|s| s.name == name)
    }

    /// The seat of a host county, else of the prefecture city.
    pub fn seat_for(&self, adcode: &str, city: &str) -> usize {
        if let Some(i) = self
            .seats
            .iter()
            .position(|s| !adcode.is_empty() && s.adcode == adcode)
        {
            return i;
        }
        self.seats
            .iter()
            .position(|s| s.prefecture && s.name == city)
            .unwrap_or(0)
    }
}
