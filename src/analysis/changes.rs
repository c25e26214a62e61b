//! Audits over time (§8, 按季度通报): this audit against an earlier one, parcel by parcel and
//! zone by zone. Pure: both audits arrive as typed [`AuditRecords`] (the earlier one read
//! back from its `audit.gpkg` by `audit::previous`, this one taken from its result views).
//!
//! `idle-land-changes` has one row per parcel that is a non-excluded idle-land candidate in
//! either audit: `new` (a candidate now, not before), `resolved` (a candidate before, still in
//! the data, not a candidate now — or excluded now), `removed` (a candidate before, no longer
//! in the data; geometry from the earlier audit), `escalated` (`fee` before, `reclaim` now),
//! `continuing` (a candidate both times, not escalated). `zone-changes` has one row per zone
//! in either audit, `_before` null for a zone the earlier audit did not have and `_now` null
//! for one gone.

use crate::dataset::{index, BoxIndex, Dataset};
use crate::layer::FieldKind::*;
use crate::view::{Column, Field, GeomRef, GeometryType, Meta, Rows, Table, ValueRef, View};
use chrono::NaiveDate;
use geo::MultiPolygon;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// One idle-land candidate as an audit recorded it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct IdleRecord {
    pub parcel_id: String,
    pub zone_id: Option<String>,
    /// `fee` or `reclaim`.
    pub severity: Option<String>,
    pub idle_area_m2: Option<f64>,
    pub idle_days: Option<i64>,
    pub excluded: bool,
    /// The parcel's geometry as that audit had it (needed for the earlier audit only).
    pub geometry: Option<MultiPolygon<f64>>,
}

/// One zone's figures as an audit recorded them (`zone-intensity`, `zone-connectivity`,
/// `zone-relocation`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ZoneRecord {
    pub zone_id: String,
    pub idle_candidate_count: Option<i64>,
    pub idle_area_ha: Option<f64>,
    pub far: Option<f64>,
    /// Connectivity status (`direct`, `network`, `none`).
    pub status: Option<String>,
    /// Households of the zone-relocation row.
    pub households: Option<i64>,
    pub geometry: Option<MultiPolygon<f64>>,
}

/// What the comparison needs of one audit.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuditRecords {
    pub as_of: Option<NaiveDate>,
    /// Every row of `idle-land` (excluded ones too).
    pub idle: Vec<IdleRecord>,
    /// Zones by id.
    pub zones: BTreeMap<String, ZoneRecord>,
}

/// Kind of change of a parcel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    New,
    Resolved,
    Removed,
    Escalated,
    Continuing,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 5] = [
        ChangeKind::New,
        ChangeKind::Resolved,
        ChangeKind::Removed,
        ChangeKind::Escalated,
        ChangeKind::Continuing,
    ];
    pub fn as_str(self) -> &'static str {
        match self {
            ChangeKind::New => "new",
            ChangeKind::Resolved => "resolved",
            ChangeKind::Removed => "removed",
            ChangeKind::Escalated => "escalated",
            ChangeKind::Continuing => "continuing",
        }
    }
    pub fn title_zh(self) -> &'static str {
        match self {
            ChangeKind::New => "新增",
            ChangeKind::Resolved => "已消除",
            ChangeKind::Removed => "已注销",
            ChangeKind::Escalated => "升级(征缴→收回)",
            ChangeKind::Continuing => "持续",
        }
    }
}

/// One row of `idle-land-changes`.
#[derive(Debug, Clone, PartialEq)]
pub struct IdleChange {
    pub parcel_id: String,
    pub zone_id: Option<String>,
    pub change: ChangeKind,
    pub severity_before: Option<String>,
    pub severity_now: Option<String>,
    pub idle_area_m2_before: Option<f64>,
    pub idle_area_m2_now: Option<f64>,
    pub idle_days_now: Option<i64>,
    /// The parcel now (from the dataset), or as the earlier audit had it (`removed`).
    pub geometry: Option<MultiPolygon<f64>>,
}

/// One row of `zone-changes`.
#[derive(Debug, Clone, PartialEq)]
pub struct ZoneChange {
    pub zone_id: String,
    pub before: Option<ZoneRecord>,
    pub now: Option<ZoneRecord>,
    pub geometry: Option<MultiPolygon<f64>>,
}

/// Both change lists.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Changes {
    pub as_of_before: Option<NaiveDate>,
    pub as_of_now: Option<NaiveDate>,
    pub idle: Vec<IdleChange>,
    pub zones: Vec<ZoneChange>,
}

impl Changes {
    /// Count of each kind, in [`ChangeKind::ALL`] order, over the rows `keep` selects.
    pub fn counts(&self, keep: impl Fn(&IdleChange) -> bool) -> [usize; 5] {
        let mut c = [0; 5];
        for ch in self.idle.iter().filter(|c| keep(c)) {
            c[ChangeKind::ALL
                .iter()
                .position(|k| *k == ch.change)
                .unwrap_or(0)] += 1;
        }
        c
    }
}

/// Compares the earlier audit with this one. `now` holds this audit's records; `ds` is this
/// audit's dataset (which parcels are still in the data, and their geometry now).
pub fn compare(before: &AuditRecords, now: &AuditRecords, ds: &Dataset) -> Changes {
    let parcel_pos: HashMap<&str, usize> = ds
        .parcels
        .iter()
        .enumerate()
        .map(|(i, p)| (p.parcel_id.as_str(), i))
        .collect();
    let counted = |r: &&IdleRecord| !r.excluded;
    let prev: BTreeMap<&str, &IdleRecord> = before
        .idle
        .iter()
        .filter(counted)
        .map(|r| (r.parcel_id.as_str(), r))
        .collect();
    let cur: BTreeMap<&str, &IdleRecord> = now
        .idle
        .iter()
        .filter(counted)
        .map(|r| (r.parcel_id.as_str(), r))
        .collect();
    let ids: BTreeSet<&str> = prev.keys().chain(cur.keys()).copied().collect();
    let idle = ids
        .into_iter()
        .map(|id| {
            let (b, n) = (prev.get(id).copied(), cur.get(id).copied());
            let in_data = parcel_pos.get(id).copied();
            let change = match (b, n) {
                (None, _) => ChangeKind::New,
                (Some(_), None) if in_data.is_some() => ChangeKind::Resolved,
                (Some(_), None) => ChangeKind::Removed,
                (Some(b), Some(n)) => {
                    if b.severity.as_deref() == Some("fee")
                        && n.severity.as_deref() == Some("reclaim")
                    {
                        ChangeKind::Escalated
                    } else {
                        ChangeKind::Continuing
                    }
                }
            };
            let geometry = match in_data {
                Some(i) => Some(ds.parcels[i].geometry.clone()),
                None => b.and_then(|b| b.geometry.clone()),
            };
            let zone_id = n
                .and_then(|n| n.zone_id.clone())
                .or_else(|| in_data.and_then(|i| ds.parcel_zone_id(i).map(str::to_string)))
                .or_else(|| b.and_then(|b| b.zone_id.clone()));
            IdleChange {
                parcel_id: id.to_string(),
                zone_id,
                change,
                severity_before: b.and_then(|b| b.severity.clone()),
                severity_now: n.and_then(|n| n.severity.clone()),
                idle_area_m2_before: b.and_then(|b| b.idle_area_m2),
                idle_area_m2_now: n.and_then(|n| n.idle_area_m2),
                idle_days_now: n.and_then(|n| n.idle_days),
                geometry,
            }
        })
        .collect();
    let zone_geometry: HashMap<&str, &MultiPolygon<f64>> = ds
        .zones
        .iter()
        .map(|z| (z.zone_id.as_str(), &z.geometry))
        .collect();
    let zone_ids: BTreeSet<&str> = before
        .zones
        .keys()
        .chain(now.zones.keys())
        .map(String::as_str)
        .collect();
    let zones = zone_ids
        .into_iter()
        .map(|id| {
            let b = before.zones.get(id).cloned();
            let n = now.zones.get(id).cloned();
            let geometry = zone_geometry
                .get(id)
                .map(|g| (*g).clone())
                .or_else(|| n.as_ref().and_then(|n| n.geometry.clone()))
                .or_else(|| b.as_ref().and_then(|b| b.geometry.clone()));
            ZoneChange {
                zone_id: id.to_string(),
                before: b,
                now: n,
                geometry,
            }
        })
        .collect();
    Changes {
        as_of_before: before.as_of,
        as_of_now: now.as_of,
        idle,
        zones,
    }
}

// ---------------------------------------------------------------- this audit's records

fn text_of(v: Option<ValueRef<'_>>) -> Option<String> {
    match v {
        Some(ValueRef::Text(s)) => Some(s.to_string()),
        _ => None,
    }
}
fn real_of(v: Option<ValueRef<'_>>) -> Option<f64> {
    v.and_then(|v| v.as_f64()).filter(|x| x.is_finite())
}
fn int_of(v: Option<ValueRef<'_>>) -> Option<i64> {
    match v {
        Some(ValueRef::Integer(i)) => Some(i),
        Some(ValueRef::Real(x)) if x.is_finite() => Some(x.round() as i64),
        _ => None,
    }
}

fn zone<'a>(zones: &'a mut BTreeMap<String, ZoneRecord>, id: &str) -> &'a mut ZoneRecord {
    zones.entry(id.to_string()).or_insert_with(|| ZoneRecord {
        zone_id: id.to_string(),
        ..Default::default()
    })
}

/// This audit's records from its result views (`idle-land`, `zone-intensity`,
/// `zone-connectivity`, `zone-relocation`; any may be absent).
pub fn records_from_views(
    as_of: NaiveDate,
    idle: Option<&dyn View>,
    zone_intensity: Option<&dyn View>,
    zone_connectivity: Option<&dyn View>,
    zone_relocation: Option<&dyn View>,
) -> AuditRecords {
    let mut out = AuditRecords {
        as_of: Some(as_of),
        ..Default::default()
    };
    if let Some(v) = idle {
        out.idle = (0..v.len())
            .map(|i| IdleRecord {
                parcel_id: v.id(i).to_string(),
                zone_id: text_of(v.value_of(i, "zone_id")),
                severity: text_of(v.value_of(i, "severity")),
                idle_area_m2: real_of(v.value_of(i, "idle_area_m2")),
                idle_days: int_of(v.value_of(i, "idle_days")),
                excluded: matches!(v.value_of(i, "excluded"), Some(ValueRef::Bool(true))),
                geometry: None,
            })
            .collect();
    }
    if let Some(v) = zone_intensity {
        for i in 0..v.len() {
            let z = zone(&mut out.zones, v.id(i));
            z.idle_candidate_count = int_of(v.value_of(i, "idle_candidate_count"));
            z.idle_area_ha = real_of(v.value_of(i, "idle_area_ha"));
            z.far = real_of(v.value_of(i, "far"));
        }
    }
    if let Some(v) = zone_connectivity {
        for i in 0..v.len() {
            zone(&mut out.zones, v.id(i)).status = text_of(v.value_of(i, "status"));
        }
    }
    if let Some(v) = zone_relocation {
        for i in 0..v.len() {
            zone(&mut out.zones, v.id(i)).households = int_of(v.value_of(i, "households"));
        }
    }
    out
}

// ---------------------------------------------------------------- views

/// What the two change views read: the changes and an R-tree per list.
pub struct ChangesSource {
    pub changes: Changes,
    idle_index: BoxIndex,
    zone_index: BoxIndex,
}

impl ChangesSource {
    pub fn new(changes: Changes) -> ChangesSource {
        let idle_index = index::build(
            changes
                .idle
                .iter()
                .map(|c| c.geometry.as_ref().and_then(index::envelope)),
        );
        let zone_index = index::build(
            changes
                .zones
                .iter()
                .map(|c| c.geometry.as_ref().and_then(index::envelope)),
        );
        ChangesSource {
            changes,
            idle_index,
            zone_index,
        }
    }
}

static IDLE_ROWS: Rows<ChangesSource> = Rows {
    len: |s| s.changes.idle.len(),
    id: |s, i| s.changes.idle[i].parcel_id.as_str(),
    geometry: |s, i| {
        s.changes.idle[i]
            .geometry
            .as_ref()
            .map(GeomRef::MultiPolygon)
    },
    index: |s| &s.idle_index,
};

static IDLE_COLUMNS: [Column<ChangesSource>; 8] = [
    Column {
        field: Field::new("parcel_id", Text, None, "宗地编号", "Parcel identifier."),
        read: |s, i| ValueRef::Text(&s.changes.idle[i].parcel_id),
    },
    Column {
        field: Field::new("zone_id", Text, None, "集聚区编号", "Zone of the parcel (now, else before)."),
        read: |s, i| (&s.changes.idle[i].zone_id).into(),
    },
    Column {
        field: Field::new(
            "change",
            Text,
            None,
            "变化",
            "new, resolved (still in the data, not a candidate now or excluded now), removed (no longer in the data), escalated (fee before, reclaim now), continuing.",
        ),
        read: |s, i| ValueRef::Text(s.changes.idle[i].change.as_str()),
    },
    Column {
        field: Field::new("severity_before", Text, None, "上期处置", "fee or reclaim in the previous audit; null when not a candidate then."),
        read: |s, i| (&s.changes.idle[i].severity_before).into(),
    },
    Column {
        field: Field::new("severity_now", Text, None, "本期处置", "fee or reclaim now; null when not a candidate now."),
        read: |s, i| (&s.changes.idle[i].severity_now).into(),
    },
    Column {
        field: Field::new("idle_area_m2_before", Real, Some("m²"), "上期闲置面积(平方米)", "Idle area in the previous audit."),
        read: |s, i| s.changes.idle[i].idle_area_m2_before.into(),
    },
    Column {
        field: Field::new("idle_area_m2_now", Real, Some("m²"), "本期闲置面积(平方米)", "Idle area now."),
        read: |s, i| s.changes.idle[i].idle_area_m2_now.into(),
    },
    Column {
        field: Field::new("idle_days_now", Integer, None, "本期闲置天数", "Days idle as of this audit's date."),
        read: |s, i| s.changes.idle[i].idle_days_now.into(),
    },
];

static ZONE_ROWS: Rows<ChangesSource> = Rows {
    len: |s| s.changes.zones.len(),
    id: |s, i| s.changes.zones[i].zone_id.as_str(),
    geometry: |s, i| {
        s.changes.zones[i]
            .geometry
            .as_ref()
            .map(GeomRef::MultiPolygon)
    },
    index: |s| &s.zone_index,
};

fn before(s: &ChangesSource, i: usize) -> Option<&ZoneRecord> {
    s.changes.zones[i].before.as_ref()
}
fn now(s: &ChangesSource, i: usize) -> Option<&ZoneRecord> {
    s.changes.zones[i].now.as_ref()
}

static ZONE_COLUMNS: [Column<ChangesSource>; 11] = [
    Column {
        field: Field::new("zone_id", Text, None, "集聚区编号", "Zone identifier."),
        read: |s, i| ValueRef::Text(&s.changes.zones[i].zone_id),
    },
    Column {
        field: Field::new(
            "idle_candidate_count_before",
            Integer,
            None,
            "上期疑似闲置宗地数",
            "zone-intensity idle_candidate_count in the previous audit.",
        ),
        read: |s, i| before(s, i).and_then(|z| z.idle_candidate_count).into(),
    },
    Column {
        field: Field::new(
            "idle_candidate_count_now",
            Integer,
            None,
            "本期疑似闲置宗地数",
            "idle_candidate_count now.",
        ),
        read: |s, i| now(s, i).and_then(|z| z.idle_candidate_count).into(),
    },
    Column {
        field: Field::new(
            "idle_area_ha_before",
            Real,
            Some("ha"),
            "上期疑似闲置面积(公顷)",
            "idle_area_ha in the previous audit.",
        ),
        read: |s, i| before(s, i).and_then(|z| z.idle_area_ha).into(),
    },
    Column {
        field: Field::new(
            "idle_area_ha_now",
            Real,
            Some("ha"),
            "本期疑似闲置面积(公顷)",
            "idle_area_ha now.",
        ),
        read: |s, i| now(s, i).and_then(|z| z.idle_area_ha).into(),
    },
    Column {
        field: Field::new(
            "far_before",
            Real,
            None,
            "上期容积率",
            "zone-intensity far in the previous audit.",
        ),
        read: |s, i| before(s, i).and_then(|z| z.far).into(),
    },
    Column {
        field: Field::new("far_now", Real, None, "本期容积率", "far now."),
        read: |s, i| now(s, i).and_then(|z| z.far).into(),
    },
    Column {
        field: Field::new(
            "status_before",
            Text,
            None,
            "上期连通状态",
            "zone-connectivity status in the previous audit.",
        ),
        read: |s, i| before(s, i).and_then(|z| z.status.as_deref()).into(),
    },
    Column {
        field: Field::new(
            "status_now",
            Text,
            None,
            "本期连通状态",
            "Connectivity status now.",
        ),
        read: |s, i| now(s, i).and_then(|z| z.status.as_deref()).into(),
    },
    Column {
        field: Field::new(
            "households_before",
            Integer,
            None,
            "上期待迁户数",
            "zone-relocation households in the previous audit.",
        ),
        read: |s, i| before(s, i).and_then(|z| z.households).into(),
    },
    Column {
        field: Field::new(
            "households_now",
            Integer,
            None,
            "本期待迁户数",
            "zone-relocation households now.",
        ),
        read: |s, i| now(s, i).and_then(|z| z.households).into(),
    },
];

/// The `idle-land-changes` and `zone-changes` views over one shared source.
pub fn views(changes: Changes) -> (Table<ChangesSource>, Table<ChangesSource>) {
    let src = Arc::new(ChangesSource::new(changes));
    let since = match src.changes.as_of_before {
        Some(d) => format!(" since the previous audit as of {d}"),
        None => " since the previous audit".to_string(),
    };
    let idle = Table::new(
        Meta::new(
            "idle-land-changes",
            "Idle-land changes",
            "疑似闲置土地变化",
            format!(
                "Every parcel that is a non-excluded idle-land candidate in this audit or the previous one, with what changed{since}."
            ),
            GeometryType::MultiPolygon,
            "parcel_id",
        ),
        &IDLE_ROWS,
        &IDLE_COLUMNS,
        src.clone(),
    );
    let zones = Table::new(
        Meta::new(
            "zone-changes",
            "Zone changes",
            "集聚区变化",
            format!("Every zone of either audit: idle land, FAR, connectivity and households to relocate, before and now{since}."),
            GeometryType::MultiPolygon,
            "zone_id",
        ),
        &ZONE_ROWS,
        &ZONE_COLUMNS,
        src,
    );
    (idle, zones)
}
