//! Audits over time (§8): the comparison of two audits on hand-made records, one case per
//! change kind, zones present in only one audit, and the views' nulls.

use geo::{polygon, MultiPolygon};
use zonescope::analysis::changes::{self, AuditRecords, ChangeKind, IdleRecord, ZoneRecord};
use zonescope::dataset::{Dataset, Parcel, Zone};
use zonescope::view::{ValueRef, View};

fn rect(lon: f64) -> MultiPolygon<f64> {
    MultiPolygon(vec![polygon![
        (x: lon, y: 34.0), (x: lon + 0.001, y: 34.0), (x: lon + 0.001, y: 34.001), (x: lon, y: 34.001)
    ]])
}

fn idle(id: &str, severity: &str, area: f64, excluded: bool) -> IdleRecord {
    IdleRecord {
        parcel_id: id.into(),
        zone_id: Some("Z1".into()),
        severity: Some(severity.into()),
        idle_area_m2: Some(area),
        idle_days: Some(400),
        excluded,
        geometry: Some(rect(100.0)), // the earlier audit's geometry
    }
}

fn zone_rec(id: &str, count: i64, status: &str, households: i64) -> ZoneRecord {
    ZoneRecord {
        zone_id: id.into(),
        idle_candidate_count: Some(count),
        idle_area_ha: Some(count as f64 * 0.5),
        far: Some(0.8),
        status: Some(status.into()),
        households: Some(households),
        geometry: Some(rect(120.0)),
    }
}

/// Parcels now in the data: NEW, RESOLVED, EXCLUDED_NOW, ESC, CONT, CONT2, QUIET (never a
/// candidate). GONE was a candidate before and is no longer in the data.
fn dataset() -> Dataset {
    let zones = vec![
        Zone {
            zone_id: "Z1".into(),
            name: None,
            city: None,
            county: None,
            star: None,
            leading_industry: None,
            geometry: rect(113.0),
            area_m2: 1.0,
        },
        Zone {
            zone_id: "ZNEW".into(),
            name: None,
            city: None,
            county: None,
            star: None,
            leading_industry: None,
            geometry: rect(114.0),
            area_m2: 1.0,
        },
    ];
    let parcels = [
        "NEW",
        "RESOLVED",
        "EXCLUDED_NOW",
        "ESC",
        "CONT",
        "CONT2",
        "QUIET",
    ]
    .iter()
    .enumerate()
    .map(|(k, id)| Parcel {
        parcel_id: id.to_string(),
        zone_id: Some("Z1".into()),
        geometry: rect(113.0 + 0.002 * k as f64),
        area_m2: 1000.0,
        ..Default::default()
    })
    .collect();
    Dataset::new("test", zones, parcels, vec![], vec![])
}

fn records() -> (AuditRecords, AuditRecords) {
    let d = |s: &str| s.parse().ok();
    let before = AuditRecords {
        as_of: d("2014-09-30"),
        idle: vec![
            idle("RESOLVED", "fee", 100.0, false),
            idle("EXCLUDED_NOW", "fee", 110.0, false),
            idle("GONE", "reclaim", 120.0, false),
            idle("ESC", "fee", 130.0, false),
            idle("CONT", "fee", 140.0, false),
            idle("CONT2", "reclaim", 150.0, false),
            // Excluded before and not a candidate now: in neither audit's count, not listed.
            idle("QUIET", "fee", 160.0, true),
        ],
        zones: [
            zone_rec("Z1", 6, "network", 40),
            zone_rec("ZGONE", 1, "none", 7),
        ]
        .into_iter()
        .map(|z| (z.zone_id.clone(), z))
        .collect(),
    };
    let mut now_new = idle("NEW", "fee", 200.0, false);
    now_new.idle_days = Some(366);
    let now = AuditRecords {
        as_of: d("2014-12-31"),
        idle: vec![
            now_new,
            idle("EXCLUDED_NOW", "fee", 110.0, true),
            idle("ESC", "reclaim", 130.0, false),
            idle("CONT", "fee", 145.0, false),
            idle("CONT2", "reclaim", 150.0, false),
        ],
        zones: [
            zone_rec("Z1", 4, "direct", 10),
            zone_rec("ZNEW", 0, "direct", 0),
        ]
        .into_iter()
        .map(|z| (z.zone_id.clone(), z))
        .collect(),
    };
    (before, now)
}

#[test]
fn every_change_kind() {
    let ds = dataset();
    let (before, now) = records();
    let ch = changes::compare(&before, &now, &ds);
    let kinds: Vec<(&str, ChangeKind)> = ch
        .idle
        .iter()
        .map(|c| (c.parcel_id.as_str(), c.change))
        .collect();
    assert_eq!(
        kinds,
        [
            ("CONT", ChangeKind::Continuing),
            ("CONT2", ChangeKind::Continuing),
            ("ESC", ChangeKind::Escalated),
            ("EXCLUDED_NOW", ChangeKind::Resolved),
            ("GONE", ChangeKind::Removed),
            ("NEW", ChangeKind::New),
            ("RESOLVED", ChangeKind::Resolved),
        ]
    );
    let by = |id: &str| ch.idle.iter().find(|c| c.parcel_id == id).unwrap();
    // new: nothing before; now's figures.
    let n = by("NEW");
    assert_eq!(
        (n.severity_before.as_deref(), n.severity_now.as_deref()),
        (None, Some("fee"))
    );
    assert_eq!(
        (n.idle_area_m2_before, n.idle_area_m2_now, n.idle_days_now),
        (None, Some(200.0), Some(366))
    );
    // resolved (and excluded now): before's figures, nothing now; the parcel's geometry now.
    for id in ["RESOLVED", "EXCLUDED_NOW"] {
        let r = by(id);
        assert_eq!(r.severity_before.as_deref(), Some("fee"));
        assert_eq!(
            (
                r.severity_now.as_deref(),
                r.idle_area_m2_now,
                r.idle_days_now
            ),
            (None, None, None)
        );
        assert_eq!(
            r.geometry.as_ref(),
            Some(
                &ds.parcels
                    .iter()
                    .find(|p| p.parcel_id == id)
                    .unwrap()
                    .geometry
            )
        );
    }
    // removed: the geometry of the earlier audit.
    let g = by("GONE");
    assert_eq!(g.geometry, Some(rect(100.0)));
    assert_eq!(g.zone_id.as_deref(), Some("Z1"));
    assert_eq!(
        (g.severity_before.as_deref(), g.severity_now.as_deref()),
        (Some("reclaim"), None)
    );
    // escalated: fee → reclaim; continuing: reclaim → reclaim, fee → fee (area changed).
    assert_eq!(by("ESC").severity_now.as_deref(), Some("reclaim"));
    assert_eq!(
        (by("CONT").idle_area_m2_before, by("CONT").idle_area_m2_now),
        (Some(140.0), Some(145.0))
    );
    assert_eq!(ch.counts(|_| true), [1, 2, 1, 1, 2]);
}

#[test]
fn zones_in_only_one_audit_have_nulls_on_the_other_side() {
    let ds = dataset();
    let (before, now) = records();
    let (idle_view, zones_view) = changes::views(changes::compare(&before, &now, &ds));
    assert_eq!(idle_view.meta().id, "idle-land-changes");
    assert_eq!(zones_view.meta().id, "zone-changes");
    let ids: Vec<&str> = (0..zones_view.len()).map(|i| zones_view.id(i)).collect();
    assert_eq!(ids, ["Z1", "ZGONE", "ZNEW"]);
    let v = |row: usize, name: &str| zones_view.value_of(row, name).unwrap();
    // Z1 in both.
    assert_eq!(v(0, "idle_candidate_count_before"), ValueRef::Integer(6));
    assert_eq!(v(0, "idle_candidate_count_now"), ValueRef::Integer(4));
    assert_eq!(v(0, "status_before"), ValueRef::Text("network"));
    assert_eq!(v(0, "status_now"), ValueRef::Text("direct"));
    assert_eq!(v(0, "households_before"), ValueRef::Integer(40));
    assert_eq!(v(0, "households_now"), ValueRef::Integer(10));
    // ZGONE: only before; its geometry from the earlier audit.
    for name in [
        "idle_candidate_count_now",
        "idle_area_ha_now",
        "far_now",
        "status_now",
        "households_now",
    ] {
        assert_eq!(v(1, name), ValueRef::Null, "{name}");
    }
    assert_eq!(v(1, "households_before"), ValueRef::Integer(7));
    assert!(zones_view.geometry(1).is_some());
    // ZNEW: only now; 0 is a value, not a null.
    for name in [
        "idle_candidate_count_before",
        "idle_area_ha_before",
        "far_before",
        "status_before",
        "households_before",
    ] {
        assert_eq!(v(2, name), ValueRef::Null, "{name}");
    }
    assert_eq!(v(2, "idle_candidate_count_now"), ValueRef::Integer(0));
    assert_eq!(v(2, "households_now"), ValueRef::Integer(0));
    // The idle view: keyed parcel_id, `change` text, nulls where not a candidate.
    let row = (0..idle_view.len())
        .find(|&i| idle_view.id(i) == "NEW")
        .unwrap();
    assert_eq!(
        idle_view.value_of(row, "change"),
        Some(ValueRef::Text("new"))
    );
    assert_eq!(
        idle_view.value_of(row, "severity_before"),
        Some(ValueRef::Null)
    );
    assert_eq!(
        idle_view.value_of(row, "idle_days_now"),
        Some(ValueRef::Integer(366))
    );
    assert_eq!(idle_view.index().size(), 7);
}

#[test]
fn identical_audits_are_all_continuing() {
    let ds = dataset();
    let (_, now) = records();
    let ch = changes::compare(&now, &now, &ds);
    assert!(ch.idle.iter().all(|c| c.change == ChangeKind::Continuing));
    assert_eq!(ch.idle.len(), 4); // EXCLUDED_NOW is excluded in both: not listed
}
