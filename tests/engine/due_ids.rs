//! Due events carry ids (and clocks) derived from what made them due: two devices computing the
//! same due event write the same event, and the fold keeps one.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mesa::domain::customer::{Customer, CustomerContact};
use mesa::domain::due_events::{due_events, DUE_DEVICE, ENGINE_ACTOR};
use mesa::domain::event::*;
use mesa::domain::fold::fold_ticket;
use mesa::domain::profile::ClockKind;
use mesa::domain::ticket::Status;

use crate::common::{engine, local, Device, GUAYAQUIL, MEXICO};

fn opened(kind: &str, severity: Option<&str>, customer: &str) -> EventKind {
    EventKind::Opened(Opened {
        number: "261019-BBBBB".into(),
        request_kind: kind.into(),
        severity: severity.map(String::from),
        customer: customer.into(),
        description: "Caída".into(),
        ..Opened::default()
    })
}

fn customers() -> Vec<Customer> {
    vec![Customer {
        name: "Banco Andino".into(),
        contacts: vec![CustomerContact {
            name: "Noc".into(),
            role: "notificaciones".into(),
            email: "noc@banco.example".into(),
            ..Default::default()
        }],
        ..Customer::default()
    }]
}

/// The ticket's own events, written on one device.
fn story(first: (DateTime<Utc>, EventKind), rest: Vec<(DateTime<Utc>, EventKind)>) -> Vec<Event> {
    let mut device = Device::new("tablet");
    let open = device.event(&TicketId::default(), first.0, first.1);
    let id = open.ticket_id.clone();
    let mut events = vec![open];
    for (at, kind) in rest {
        events.push(device.event(&id, at, kind));
    }
    events
}

fn ids(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.id.as_str()).collect()
}

#[test]
fn two_devices_computing_an_auto_close_write_the_same_events_and_the_fold_keeps_one() {
    let engine = engine("p1-sipo");
    let at = local(MEXICO, (2026, 10, 19), 10, 0);
    let resolved = at + Duration::hours(1);
    let events = story(
        (at, opened("incidente_api", None, "ACME")),
        vec![(resolved, EventKind::Resolved(Resolution::default()))],
    );
    let ticket = fold_ticket(&events).expect("ticket");
    assert!(due_events(&engine, &[], &ticket, resolved + Duration::hours(21)).is_empty());
    // A browser notices 25 h after the resolution, the agent 3 days after.
    let browser = due_events(&engine, &[], &ticket, resolved + Duration::hours(25));
    let agent = due_events(&engine, &[], &ticket, resolved + Duration::days(3));
    assert!(!browser.is_empty());
    assert_eq!(browser, agent, "the same events, byte for byte");
    assert_eq!(
        serde_json::to_string(&browser).unwrap(),
        serde_json::to_string(&agent).unwrap()
    );
    let close = browser
        .iter()
        .find(|e| e.kind == EventKind::AutoClosed)
        .expect("auto-close");
    assert_eq!(
        close.at(),
        resolved + Duration::hours(24),
        "at the window's end"
    );
    assert_eq!(close.device(), DUE_DEVICE);
    assert_eq!(close.actor, ENGINE_ACTOR);
    assert_eq!(close.ticket_id, ticket.id);
    // Every id is distinct, none is an id the ticket already has.
    let mut seen: Vec<&str> = ids(&browser);
    seen.extend(ids(&events));
    let n = seen.len();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), n);

    // Both copies reach every device: the fold keeps one of each.
    let mut both = events.clone();
    both.extend(browser.clone());
    both.extend(agent.clone());
    let mut one = events.clone();
    one.extend(browser.clone());
    let folded = fold_ticket(&both).expect("ticket");
    assert_eq!(folded, fold_ticket(&one).expect("ticket"));
    assert_eq!(folded.status, Status::Closed);
    assert!(folded.auto_closed);
    assert!(folded.conflicts.is_empty(), "{:?}", folded.conflicts);
    assert_eq!(folded.event_count as usize, events.len() + browser.len());
    // Nothing more is due once they are in, however late.
    assert!(due_events(&engine, &[], &folded, resolved + Duration::days(9)).is_empty());
}

#[test]
fn breaches_computed_on_two_devices_at_different_times_have_one_id_each() {
    let engine = engine("p4-callmyway");
    let day = (2026, 10, 19);
    let at = local(MEXICO, day, 10, 0);
    let events = story((at, opened("incidente", Some("s1"), "ACME")), vec![]);
    let ticket = fold_ticket(&events).expect("ticket");
    let response = local(MEXICO, day, 11, 0);
    // One device saw the warning on time and appended it.
    let warned = due_events(&engine, &[], &ticket, local(MEXICO, day, 10, 50));
    assert_eq!(warned.len(), 1, "{warned:?}");
    let EventKind::ClockWarned { clock, deadline } = &warned[0].kind else {
        panic!("{warned:?}")
    };
    assert_eq!(
        (clock, *deadline),
        (&MarkedClock::Sla(ClockKind::Response), response)
    );
    assert!(warned[0].at() < response, "at the warning threshold");
    let mut with_warning = events.clone();
    with_warning.extend(warned.clone());
    let after_warning = fold_ticket(&with_warning).expect("ticket");
    // Later, a device that had the warning and one that never got it both compute the breach.
    let late = local(MEXICO, day, 11, 5);
    let later = local(MEXICO, day, 11, 40);
    let a = due_events(&engine, &[], &after_warning, late);
    let b = due_events(&engine, &[], &ticket, later);
    let breach_a: Vec<&Event> = a
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ClockBreached { .. }))
        .collect();
    let breach_b: Vec<&Event> = b
        .iter()
        .filter(|e| matches!(e.kind, EventKind::ClockBreached { .. }))
        .collect();
    assert_eq!(breach_a.len(), 1);
    assert_eq!(breach_a, breach_b, "same breach, same event");
    assert_eq!(breach_a[0].at(), response);
    // The device that never saw the warning records only the breach (as `due` does).
    assert!(!b.iter().any(|e| e.id == warned[0].id));
    let mut all = with_warning.clone();
    all.extend(a.clone());
    all.extend(b.clone());
    let folded = fold_ticket(&all).expect("ticket");
    let breaches = folded.clock_marks.iter().filter(|m| m.breach).count();
    assert_eq!(breaches, 1);
    assert_eq!(folded.event_count as usize, events.len() + 2);
}

#[test]
fn rule_actions_and_their_messages_are_the_same_on_two_devices() {
    let engine = engine("p3-cirion");
    let day = (2026, 10, 19); // a Monday: in office hours
    let at = local(GUAYAQUIL, day, 10, 0);
    let events = story(
        (at, opened("tecnico", None, "Banco Andino")),
        vec![(
            at,
            EventKind::StageChanged {
                stage: "diagnostico".into(),
                entered_on: None,
            },
        )],
    );
    let ticket = fold_ticket(&events).expect("ticket");
    let a = due_events(
        &engine,
        &customers(),
        &ticket,
        local(GUAYAQUIL, day, 10, 21),
    );
    let b = due_events(
        &engine,
        &customers(),
        &ticket,
        local(GUAYAQUIL, day, 10, 45),
    );
    assert_eq!(a, b);
    let queued: Vec<&Notification> = a
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::NotificationQueued(n) => Some(n),
            _ => None,
        })
        .collect();
    assert!(queued.iter().any(|n| n.rule == "etapa_vencida_n1"), "{a:?}");
    let mut all = events.clone();
    all.extend(a.clone());
    all.extend(b);
    let folded = fold_ticket(&all).expect("ticket");
    assert_eq!(folded.notifications_queued.len(), queued.len());
    assert!(due_events(
        &engine,
        &customers(),
        &folded,
        local(GUAYAQUIL, day, 10, 46)
    )
    .is_empty());
}

#[test]
fn a_deadline_before_the_opening_is_marked_just_after_it() {
    // P5's restore clock starts when the customer reported the fault, which may be long before
    // the ticket was registered: its breach is still ordered after the opening.
    let engine = engine("p5-megaport");
    let at = Utc.with_ymd_and_hms(2026, 10, 19, 15, 0, 0).unwrap();
    let mut kind = opened("incidente", Some("s1"), "ACME");
    if let EventKind::Opened(o) = &mut kind {
        o.reported_at = Some(at - Duration::days(2));
    }
    let events = story((at, kind), vec![]);
    let ticket = fold_ticket(&events).expect("ticket");
    let due = due_events(&engine, &[], &ticket, at + Duration::minutes(1));
    assert!(
        due.iter()
            .any(|e| matches!(e.kind, EventKind::ClockBreached { .. })),
        "{due:?}"
    );
    assert!(due.iter().all(|e| e.at() > at));
    let mut all = events.clone();
    all.extend(due);
    let folded = fold_ticket(&all).expect("ticket");
    assert!(due_events(&engine, &[], &folded, at + Duration::minutes(2)).is_empty());
}

#[test]
fn a_rule_noticed_after_hours_addresses_who_was_on_duty_when_it_fired() {
    let engine = engine("p3-cirion");
    let day = (2026, 10, 19); // a Monday
    let at = local(GUAYAQUIL, day, 10, 0);
    let events = story(
        (at, opened("tecnico", None, "Banco Andino")),
        vec![(
            at,
            EventKind::StageChanged {
                stage: "diagnostico".into(),
                entered_on: None,
            },
        )],
    );
    let ticket = fold_ticket(&events).expect("ticket");
    // On time (in office hours), and by a device that opens only at night.
    let on_time = due_events(&engine, &[], &ticket, local(GUAYAQUIL, day, 10, 21));
    let at_night = due_events(&engine, &[], &ticket, local(GUAYAQUIL, day, 23, 0));
    assert!(!engine.is_in_hours(local(GUAYAQUIL, day, 23, 0)));
    let first = |events: &[Event]| {
        events
            .iter()
            .find(|e| matches!(&e.kind, EventKind::NotificationQueued(n) if n.rule == "etapa_vencida_n1"))
            .cloned()
            .expect("the first level is notified")
    };
    let (a, b) = (first(&on_time), first(&at_night));
    assert_eq!(a, b, "same event, same addressees");
    let EventKind::NotificationQueued(n) = &a.kind else {
        unreachable!()
    };
    assert_eq!(n.to, vec!["supervision.tsc@example.invalid".to_string()]);
}
