//! Process profile versions in the desk: validation before activation, a ticket keeps the
//! version in force when it was opened, reports say which versions a month covers.

use chrono::{TimeZone, Utc};
use mesa::domain::calendar::Zone;
use mesa::domain::desk::change::ProfilePublication;
use mesa::domain::desk::{fold_desk, RecordKey};
use mesa::domain::engine::Engine;
use mesa::domain::engines::Engines;
use mesa::domain::event::*;
use mesa::domain::fold::fold_ticket;
use mesa::domain::profile::preset;
use mesa::domain::queue::{refresh_entries, QueueEntry, Since};
use mesa::domain::report::{monthly_report, to_csv, versions_covered, MonthSpan};

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

/// What the app and the CLI run: one engine per version ([`Engines`]). The queue's entries, the
/// due events and the monthly report of a ticket opened under v1 keep v1's targets after v2 is
/// active; the report names the version of each line and every version it covers.
#[test]
fn the_queue_and_the_report_keep_each_ticket_on_its_version() {
    let (v1, id1) = publish(0, 1, &p4_with_response(60));
    let before = opened(10, 2, Some(&id1));
    let (v2, id2) = publish(20, 4, &p4_with_response(30));
    let after = opened(30, 5, Some(&id2));
    let desk = fold_desk(&[v1, before.clone(), v2, after.clone()]);
    let active = Engine::new(desk.profiles.active().unwrap().profile().unwrap()).unwrap();
    let only_active = Engines::new(active.clone());
    let engines = Engines::with_versions(&only_active, &desk.profiles);
    let t_before = fold_ticket(std::slice::from_ref(&before)).unwrap();
    let t_after = fold_ticket(std::slice::from_ref(&after)).unwrap();
    let minute = |m: i64| Utc.timestamp_millis_opt(T0 + m * 60_000).unwrap();

    // The queue: v1's 60 minutes from minute 10, not v2's 30.
    let now = minute(45);
    let entry = QueueEntry::new(engines.for_ticket(&t_before), t_before.clone(), now);
    assert_eq!(entry.next_deadline().map(|d| d.1), Some(minute(70)));
    let wrong = QueueEntry::new(only_active.for_ticket(&t_before), t_before.clone(), now);
    assert_eq!(
        wrong.next_deadline().map(|d| d.1),
        Some(minute(40)),
        "the active version alone re-targets it"
    );
    let (refreshed, _) = refresh_entries(
        &engines,
        vec![wrong],
        &[std::sync::Arc::new(t_before.clone())],
        now,
        Since::TimePassed,
    );
    assert_eq!(refreshed[0].next_deadline().map(|d| d.1), Some(minute(70)));
    assert_eq!(
        QueueEntry::new(engines.for_ticket(&t_after), t_after.clone(), now)
            .next_deadline()
            .map(|d| d.1),
        Some(minute(60))
    );

    // Due: at minute 45 v1's ticket is not breached; v2's is at minute 61.
    assert!(engines
        .for_ticket(&t_before)
        .due(&t_before, now)
        .iter()
        .all(|k| !matches!(k, EventKind::ClockBreached { .. })));
    assert!(engines
        .for_ticket(&t_after)
        .due(&t_after, minute(61))
        .iter()
        .any(|k| matches!(k, EventKind::ClockBreached { .. })));

    // The report.
    let report = monthly_report(&engines, &[t_before, t_after], (2026, 10), minute(600));
    let line = |n: &str| report.tickets.iter().find(|l| l.id == n).unwrap();
    assert_eq!(
        line(&before.ticket_id.0).response.deadline,
        Some(minute(70))
    );
    assert_eq!(
        line(&before.ticket_id.0).profile_version.as_deref(),
        Some(id1.as_str())
    );
    assert_eq!(
        line(&after.ticket_id.0).profile_version.as_deref(),
        Some(id2.as_str())
    );
    let mut covered = vec![id1.clone(), id2.clone()];
    covered.sort();
    assert_eq!(report.process_versions, covered);
    let csv = to_csv(&report);
    assert!(
        csv.contains(&format!("report,,,process_versions,{},", covered.join(" "))),
        "{csv}"
    );
    let header: Vec<&str> = csv.lines().next().unwrap().split(',').collect();
    let column = header.iter().position(|h| *h == "process_version").unwrap();
    let before_row = csv
        .lines()
        .find(|l| l.contains(&before.ticket_id.0))
        .unwrap();
    assert_eq!(
        before_row.split(',').nth(column),
        Some(id1.as_str()),
        "{before_row}"
    );
}
