#![cfg(not(target_arch = "wasm32"))]
//! Process profile versions in the desk: validation before activation, a ticket keeps the
//! version in force when it was opened, reports say which versions a month covers.

use chrono::{TimeZone, Utc};
use mesa::domain::calendar::Zone;
use mesa::domain::desk::change::ProfilePublication;
use mesa::domain::desk::{fold_desk, RecordKey};
use mesa::domain::engine::Engine;
use mesa::domain::event::*;
use mesa::domain::fold::fold_ticket;
use mesa::domain::profile::preset;
use mesa::domain::report::{versions_covered, MonthSpan};

/// 2026-10-15 18:00 UTC (a Thursday, noon in Mexico City: inside the phone centre's hours).
const T0: i64 = 1_792_087_200_000;

fn at(min: i64, n: u128, key: &TicketId, kind: EventKind) -> Event {
    let hlc = Hlc::first(T0 + min * 60_000, "d1");
    Event::new(
        EventId::from_parts(hlc.wall_ms, n),
        key.clone(),
        hlc,
        "ana",
        kind,
    )
}

fn publish(min: i64, n: u128, json: &str) -> (Event, String) {
    let p = ProfilePublication::new(json);
    let version = p.version.clone();
    let event = at(
        min,
        n,
        &RecordKey::Profile.to_ticket_id(),
        EventKind::ProfilePublished(p),
    );
    (event, version)
}

/// P4 with its S1 response target changed to `minutes`.
fn p4_with_response(minutes: u32) -> String {
    let mut value: serde_json::Value =
        serde_json::from_str(preset("p4-callmyway").unwrap()).unwrap();
    value["severities"][0]["targets"]["response"]["minutes"] = minutes.into();
    value["version"] = (minutes as u64).into();
    value.to_string()
}

fn opened(min: i64, n: u128, version: Option<&str>) -> Event {
    let id = EventId::from_parts(T0 + min * 60_000, n);
    at(
        min,
        n,
        &id.as_ticket(),
        EventKind::Opened(Opened {
            profile: "p4-callmyway".into(),
            request_kind: "incidente".into(),
            severity: Some("s1".into()),
            customer: "ACME".into(),
            description: "Sin servicio".into(),
            profile_version: version.map(String::from),
            ..Opened::default()
        }),
    )
}

#[test]
fn a_published_valid_version_becomes_active_an_invalid_one_is_kept_with_its_errors() {
    let (v1, id1) = publish(0, 1, &p4_with_response(60));
    let mut broken: serde_json::Value = serde_json::from_str(&p4_with_response(60)).unwrap();
    broken["severities"][0]["targets"]["response"]["basis"] = "lunar".into();
    let (bad, bad_id) = publish(1, 2, &broken.to_string());
    let (garbage, garbage_id) = publish(2, 3, "{ not json");
    let desk = fold_desk(&[v1, bad, garbage]);
    let versions = &desk.profiles;
    assert_eq!(versions.versions.len(), 3, "every publication is kept");
    assert_eq!(
        versions.active().map(|v| v.version.as_str()),
        Some(id1.as_str())
    );
    let problems = versions.problems(&bad_id).unwrap();
    assert!(!problems.is_empty());
    assert!(
        problems.iter().any(|p| p.path.contains("severities")),
        "{problems:?}"
    );
    assert!(!versions.problems(&garbage_id).unwrap().is_empty());
    assert!(versions.get(&bad_id).is_none());
}

#[test]
fn publishing_the_same_text_again_names_the_same_version_and_reactivates_it() {
    let (v1, id1) = publish(0, 1, &p4_with_response(60));
    let (v2, id2) = publish(1, 2, &p4_with_response(30));
    let (again, id1b) = publish(2, 3, &p4_with_response(60));
    assert_eq!(id1, id1b);
    assert_ne!(id1, id2);
    let desk = fold_desk(&[v1, v2, again]);
    assert_eq!(desk.profiles.versions.len(), 2);
    assert_eq!(desk.profiles.active().unwrap().version, id1);
}

#[test]
fn a_ticket_opened_before_a_profile_change_keeps_its_targets_after_it() {
    let now = Utc.timestamp_millis_opt(T0 + 600 * 60_000).unwrap();
    let (v1, id1) = publish(0, 1, &p4_with_response(60));
    let before = opened(10, 2, Some(&id1));
    let legacy = opened(11, 3, None); // opened before versions were recorded on tickets
    let (v2, id2) = publish(20, 4, &p4_with_response(30));
    let after = opened(30, 5, Some(&id2));

    let clocks_under = |events: &[Event], ticket: &Event| {
        let desk = fold_desk(events);
        let t = fold_ticket(std::slice::from_ref(ticket)).unwrap();
        let profile = desk.profiles.profile_for(&t).unwrap();
        Engine::new(profile)
            .unwrap()
            .clocks(&t, now)
            .response
            .deadline
    };
    let first = vec![v1.clone(), before.clone(), legacy.clone()];
    let all = vec![v1, before.clone(), legacy.clone(), v2, after.clone()];
    let deadline_before = clocks_under(&first, &before);
    assert_eq!(
        deadline_before,
        Some(Utc.timestamp_millis_opt(T0 + 70 * 60_000).unwrap())
    );
    assert_eq!(
        clocks_under(&all, &before),
        deadline_before,
        "v2 does not re-target it"
    );
    assert_eq!(clocks_under(&all, &legacy), clocks_under(&first, &legacy));
    assert_eq!(
        clocks_under(&all, &after),
        Some(Utc.timestamp_millis_opt(T0 + 60 * 60_000).unwrap()),
        "a ticket opened after v2 uses v2"
    );
    let desk = fold_desk(&all);
    let legacy_ticket = fold_ticket(&[legacy]).unwrap();
    assert_eq!(
        desk.profiles.for_ticket(&legacy_ticket).unwrap().version,
        id1
    );

    let month = MonthSpan::new(2026, 10, Zone::UTC).unwrap();
    let tickets: Vec<_> = [before, after]
        .iter()
        .map(|e| fold_ticket(std::slice::from_ref(e)).unwrap())
        .collect();
    let mut expected = vec![id1.clone(), id2.clone()];
    expected.sort();
    assert_eq!(versions_covered(&desk.profiles, &tickets, &month), expected);
    let november = MonthSpan::new(2026, 11, Zone::UTC).unwrap();
    assert_eq!(
        desk.profiles.in_force_between(november.start, november.end),
        vec![id2]
    );
}
