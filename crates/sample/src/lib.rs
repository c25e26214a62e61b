//! The deterministic sample-data generator: realistic Henan cluster districts, parcels,
//! roads and villages around real county seats, from a fixed seed.
//!
//! Real facts (seat positions, route seat sequences, cluster and village names) come from
//! `data/henan/`; every geometry is synthetic. The same code writes the committed sample and
//! the province and national benchmark sets, streaming zone by zone into a GeoPackage.
//! See `docs/sample.md` and `data/README.md`.

pub mod attrs;
pub mod facts;
pub mod plane;
pub mod roadmask;
pub mod snapshot;
pub mod trunk;
pub mod writer;
pub mod zone;

use facts::Facts;
use plane::Plane;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use trunk::Trunk;
use writer::Writer;
use zone::{Case, Knobs, Province, Stats, ZoneSpec, CASE_MIX};

/// How big a set to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    /// The committed sample (≥ 60 zones, a GeoPackage under 20 MB).
    Sample,
    /// ≈ 200 k parcels, 300 k road links, 200 k villages.
    Province,
    /// ≈ 2 M parcels, 5 M road links, 3 M villages.
    National,
}

/// A later snapshot of the sample (`--snapshot`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Snapshot {
    /// One quarter on (as of 2015-03-31): parcels started, stalled and reclaimed, villages
    /// relocated (data/henan_sample_q2.gpkg).
    Q2,
}

pub struct SampleOptions {
    pub out: PathBuf,
    pub scale: Scale,
    pub seed: u64,
}

/// Per-scale sizes.
struct Profile {
    copies: usize,
    zones_per_copy: usize,
    knobs: Knobs,
}

fn profile(scale: Scale) -> Profile {
    let sample_knobs = Knobs {
        cell_step_m: (100.0, 420.0),
        keep: (0.72, 0.96),
        road_spacing_m: (850.0, 1150.0),
        villages_out: (22, 34),
    };
    match scale {
        Scale::Sample => Profile {
            copies: 1,
            zones_per_copy: 0,
            knobs: sample_knobs,
        },
        Scale::Province => Profile {
            copies: 1,
            zones_per_copy: 2800,
            knobs: Knobs {
                cell_step_m: (82.0, 325.0),
                road_spacing_m: (820.0, 1000.0),
                keep: (0.75, 0.97),
                villages_out: (62, 78),
            },
        },
        Scale::National => Profile {
            copies: 10,
            zones_per_copy: 2800,
            knobs: Knobs {
                cell_step_m: (73.0, 298.0),
                road_spacing_m: (600.0, 720.0),
                keep: (0.75, 0.97),
                villages_out: (95, 115),
            },
        },
    }
}

/// Province copies for the national set: (lon offset, lat offset, province code).
const COPIES: &[(f64, f64, &str)] = &[
    (0.0, 0.0, "41"),
    (-7.0, 0.0, "61"),
    (-14.0, 0.0, "62"),
    (-21.0, 0.0, "63"),
    (7.0, 0.0, "34"),
    (0.0, 6.0, "13"),
    (-7.0, 6.0, "14"),
    (-14.0, 6.0, "15"),
    (7.0, 6.0, "37"),
    (0.0, -6.0, "42"),
];

const ZONE_SUFFIXES: &[&str] = &[
    "产业集聚区",
    "先进制造业开发区",
    "高新技术产业园",
    "食品工业园",
    "装备制造产业园",
    "商贸物流园",
    "循环经济产业园",
    "新材料产业园",
    "电子信息产业园",
    "纺织服装产业园",
    "化工园区",
    "汽车零部件产业园",
];

fn industry_for(name: &str, rng: &mut impl Rng) -> usize {
    let by_kw: &[(&str, usize)] = &[
        ("化工", 3),
        ("纺织", 2),
        ("再生金属", 11),
        ("装备", 0),
        ("先进制造", 0),
        ("航空港", 7),
        ("高新技术", 7),
        ("电子", 7),
        ("食品", 1),
        ("汽车", 8),
        ("新材料", 13),
        ("循环经济", 11),
    ];
    for (kw, i) in by_kw {
        if name.contains(kw) {
            return *i;
        }
    }
    rng.gen_range(0..attrs::INDUSTRIES.len())
}

fn zone_specs(
    facts: &Facts,
    rng: &mut ChaCha8Rng,
    n_zones: usize,
    province: &str,
) -> Vec<ZoneSpec> {
    let mut cases: Vec<Case> = CASE_MIX
        .iter()
        .flat_map(|(c, n)| std::iter::repeat_n(*c, *n))
        .collect();
    cases.shuffle(rng);
    let specials = attrs::specials();
    let mut seq: HashMap<String, u32> = HashMap::new();
    let mut name_use: HashMap<String, u32> = HashMap::new();
    let county_seats: Vec<usize> = (0..facts.seats.len())
        .filter(|&i| !facts.seats[i].prefecture)
        .collect();
    (0..n_zones)
        .map(|zi| {
            let (name, city, county, adcode, seat) = if let Some(cl) = facts.clusters.get(zi) {
                let seat = facts.seat_for(&cl.host_adcode, &cl.city);
                let adcode = if cl.host_adcode.is_empty() {
                    facts.seats[seat].adcode.clone()
                } else {
                    cl.host_adcode.clone()
                };
                let county = facts
                    .counties
                    .get(&cl.host_adcode)
                    .cloned()
                    .or_else(|| {
                        (!cl.host_county.is_empty() && !cl.host_county.starts_with('('))
                            .then(|| cl.host_county.clone())
                    })
                    .unwrap_or_else(|| cl.city.clone());
                (cl.name.clone(), cl.city.clone(), county, adcode, seat)
            } else {
                let seat = county_seats[rng.gen_range(0..county_seats.len())];
                let s = &facts.seats[seat];
                let suffix = ZONE_SUFFIXES[rng.gen_range(0..ZONE_SUFFIXES.len())];
                let base = format!("{}{}", s.name, suffix);
                let k = name_use.entry(base.clone()).or_insert(0);
                *k += 1;
                let name = if *k == 1 {
                    base
                } else {
                    format!("{base}（{}区）", k)
                };
                (name, s.city.clone(), s.name.clone(), s.adcode.clone(), seat)
            };
            let n = seq.entry(adcode.clone()).or_insert(0);
            *n += 1;
            let zone_seq = *n;
            let code = zone::recode(&adcode, province);
            let star = match rng.gen::<f64>() {
                x if x < 0.04 => None,
                x if x < 0.18 => Some(0),
                x if x < 0.48 => Some(1),
                x if x < 0.76 => Some(2),
                x if x < 0.91 => Some(3),
                _ => Some(4),
            };
            ZoneSpec {
                zone_id: format!("{code}-{zone_seq:02}"),
                parcel_id_base: format!("{code}{zone_seq:03}"),
                industry: industry_for(&name, rng),
                name,
                city,
                county,
                county_adcode: adcode,
                seat,
                case: cases[zi % cases.len()],
                star,
                leading_null: rng.gen_bool(0.03),
                specials: specials.get(zi).copied().into_iter().collect(),
                outside_parcel: zi % 32 == 10,
            }
        })
        .collect()
}

fn mix(seed: u64, a: u64, b: u64) -> u64 {
    seed.wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ a.wrapping_mul(0xBF58_476D_1CE4_E5B9)
        ^ b.wrapping_mul(0x94D0_49BB_1331_11EB)
}

/// Writes the set as a GeoPackage at `opts.out`; returns what was planted.
pub fn generate(opts: &SampleOptions) -> anyhow::Result<()> {
    generate_limited(opts, None).map(|_| ())
}

/// As [`generate`], optionally stopping after `max_zones` zones per copy (for tests).
pub fn generate_limited(opts: &SampleOptions, max_zones: Option<usize>) -> anyhow::Result<Stats> {
    let facts = Facts::load()?;
    let prof = profile(opts.scale);
    let mut w = Writer::create(&opts.out)?;
    let started = std::time::Instant::now();
    let mut all = Stats::default();
    let verbose = opts.scale != Scale::Sample;
    // ZONESCOPE_SAMPLE_COPIES limits the number of province copies (for quick trials).
    let copies = std::env::var("ZONESCOPE_SAMPLE_COPIES")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .map_or(prof.copies, |n| n.clamp(1, prof.copies));
    for (copy, &(dlon, dlat, code)) in COPIES.iter().take(copies).enumerate() {
        let plane = Plane::new(113.5 + dlon, 34.0 + dlat);
        let mut rng = ChaCha8Rng::seed_from_u64(mix(opts.seed, copy as u64 + 1, 0));
        let trunk = Trunk::build(&mut rng, &facts, &plane, [dlon, dlat]);
        let n_zones = if prof.zones_per_copy == 0 {
            facts.clusters.len()
        } else {
            prof.zones_per_copy
        };
        let n_zones = max_zones.map_or(n_zones, |m| m.min(n_zones));
        let specs = zone_specs(&facts, &mut rng, n_zones, code);
        let mut prov = Province {
            plane,
            trunk,
            zones: Vec::new(),
            villages: &facts,
            village_cursor: HashMap::new(),
            used_village: HashMap::new(),
            province_code: code,
            x_counter: 0,
            y_counter: 0,
            s_planned_counter: 0,
            stats: Stats::default(),
            roads_mask: roadmask::RoadMask::default(),
        };
        for r in &prov.trunk.routes {
            let pts: Vec<plane::P> = r
                .path
                .iter()
                .map(|&v| prov.trunk.verts[v as usize])
                .collect();
            prov.roads_mask.add_line(&pts);
        }
        for c in &prov.trunk.connectors {
            let pts: Vec<plane::P> = c
                .pts
                .iter()
                .map(|&v| prov.trunk.verts[v as usize])
                .collect();
            prov.roads_mask.add_line(&pts);
        }
        for (zi, spec) in specs.into_iter().enumerate() {
            let mut zrng =
                ChaCha8Rng::seed_from_u64(mix(opts.seed, copy as u64 + 1, zi as u64 + 1));
            prov.zone(&mut zrng, spec, &prof.knobs, &mut w)?;
            if verbose && (zi + 1) % 200 == 0 {
                eprintln!(
                    "sample: province {}/{}, zone {}/{}: {} parcels, {} road links, {} villages written ({:.0} s)",
                    copy + 1,
                    copies,
                    zi + 1,
                    n_zones,
                    w.counts[1],
                    w.counts[2],
                    w.counts[3],
                    started.elapsed().as_secs_f64()
                );
            }
        }
        let prefix = if copy == 0 {
            String::new()
        } else {
            format!("{code}-")
        };
        prov.trunk.write(&mut w, &prov.plane, &prefix)?;
        all.merge(&prov.stats);
    }
    if verbose {
        eprintln!("sample: building spatial indexes…");
    }
    let counts = w.finish()?;
    eprintln!(
        "sample: wrote {} zones, {} parcels, {} road links, {} villages to {} in {:.1} s",
        counts[0],
        counts[1],
        counts[2],
        counts[3],
        opts.out.display(),
        started.elapsed().as_secs_f64()
    );
    if let Ok(path) = std::env::var("ZONESCOPE_SAMPLE_CASES") {
        write_cases(&all, Path::new(&path))?;
    }
    if let Ok(path) = std::env::var("ZONESCOPE_SAMPLE_STATS") {
        std::fs::write(&path, format!("{all:#?}"))?;
    }
    Ok(all)
}

/// Writes the planted cases (zones' connectivity cases, exact-date and outside parcels) as CSV:
/// `layer,id,case,expected`.
fn write_cases(stats: &Stats, path: &Path) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    w.write_record(["layer", "id", "case", "expected"])?;
    for (id, case) in &stats.zone_cases {
        w.write_record(["zones", id, &format!("{case:?}"), case.expected_status()])?;
    }
    for (id, what, expect) in &stats.planted_parcels {
        w.write_record(["parcels", id, what, expect])?;
    }
    w.flush()?;
    Ok(())
}
