//! P1's scope question answered "no": the report is registered with a number and rejected at
//! once with its reason ("fuera de alcance"); the customer is told why by the profile's closure
//! notification, and the report is never worked nor measured.

use chrono::{DateTime, TimeZone, Utc};
use mesa::domain::commands::{register_at_version, rejection_at_registration, Stamp};
use mesa::domain::contract::ContractStanding;
use mesa::domain::engine::Engine;
use mesa::domain::event::{Event, EventKind};
use mesa::domain::fold::fold_ticket;
use mesa::domain::notify::with_notifications;
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::registration::TicketDraft;
use mesa::domain::report::{monthly_report, Outcome};
use mesa::domain::ticket::Status;

fn p1() -> ProcessProfile {
    ProcessProfile::from_json(preset("p1-sipo").unwrap()).unwrap()
}

/// Tuesday 2026-10-20, 10:00 in Mexico City.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 20, 16, 0, 0).unwrap()
}

fn out_of_scope_draft(reason: &str) -> TicketDraft {
    let mut draft = TicketDraft {
        request_kind: "incidente_api".into(),
        customer: "Concesionario Norte".into(),
        description: "Piden cotización de enlaces dedicados".into(),
        in_scope: Some(false),
        scope_reason: reason.into(),
        ..TicketDraft::default()
    };
    for (k, v) in [
        ("reportante", "Gerente comercial"),
        ("telefonos", "+52 55 0000 0000"),
        ("correos", "comercial@example.invalid"),
        ("api", "Ninguna"),
    ] {
        draft.fields.insert(k.into(), v.into());
    }
    draft
}

/// The events the app appends for a registration: the opening, then what follows it, each
/// followed by its notifications (as `ui::notify::registration` stamps them).
fn registration_events(draft: &TicketDraft) -> Vec<Event> {
    let profile = p1();
    let engine = Engine::new(profile.clone()).unwrap();
    let stamp = Stamp {
        device: "d1".into(),
        actor: "centro".into(),
        newest_clock: None,
        now_ms: now().timestamp_millis(),
        random: 77,
        local_date: now().date_naive(),
    };
    let opened =
        register_at_version(&profile, "v1", draft, &ContractStanding::NotOnFile, &stamp).unwrap();
    let first = std::iter::once(opened.kind.clone());
    let kinds = first.chain(rejection_at_registration(draft)).collect();
    let kinds = with_notifications(&engine, &[], None, kinds, now());
    let mut events = vec![opened];
    let mut stamp = stamp;
    for (n, kind) in kinds.into_iter().enumerate().skip(1) {
        stamp.newest_clock = events.last().map(|e| e.hlc.clone());
        stamp.random = 1000 + n as u128;
        let id = events[0].ticket_id.clone();
        events.push(stamp.on(&id, kind));
    }
    events
}

#[test]
fn a_report_out_of_scope_gets_a_number_its_reason_and_is_not_worked() {
    let mut draft = out_of_scope_draft("  ");
    let profile = p1();
    let stamp = Stamp {
        device: "d1".into(),
        actor: "centro".into(),
        newest_clock: None,
        now_ms: now().timestamp_millis(),
        random: 1,
        local_date: now().date_naive(),
    };
    let refused = register_at_version(&profile, "v1", &draft, &ContractStanding::NotOnFile, &stamp)
        .unwrap_err();
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert_eq!(refused[0].field, "scope_reason");

    draft.scope_reason = "Consulta comercial, no de implementación de APIs".into();
    let events = registration_events(&draft);
    let ticket = fold_ticket(&events).unwrap();
    assert!(ticket.number.starts_with("SIPO-"), "{}", ticket.number);
    assert_eq!(ticket.status, Status::Rejected);
    assert_eq!(
        ticket.rejection_reason.as_deref(),
        Some("Consulta comercial, no de implementación de APIs")
    );
    assert!(ticket.conflicts.is_empty());
    assert!(ticket.checklist.is_empty(), "no checks were asked for");

    // The customer is told why: the closure rule's message carries the reason.
    let messages: Vec<_> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::NotificationQueued(n) => Some(n),
            _ => None,
        })
        .collect();
    let rejection = messages
        .iter()
        .find(|n| n.rule == "cierre")
        .expect("the closure rule notifies the rejection");
    assert!(
        rejection.subject.contains("fuera de alcance"),
        "{}",
        rejection.subject
    );
    assert!(
        rejection
            .body
            .contains("Motivo: Consulta comercial, no de implementación de APIs"),
        "{}",
        rejection.body
    );
    assert!(rejection.body.contains(&*ticket.number));
    assert!(
        messages.iter().any(|n| n.rule == "apertura"),
        "the number is sent too"
    );

    // Not measured in the month's report.
    let engine = Engine::new(p1()).unwrap();
    let later = Utc.with_ymd_and_hms(2026, 11, 2, 12, 0, 0).unwrap();
    let report = monthly_report(&engine.clone().into(), &[ticket], (2026, 10), later);
    assert_eq!(report.tickets[0].outcome, Outcome::NotMeasured);
}

#[test]
fn a_report_in_scope_is_not_rejected() {
    let mut draft = out_of_scope_draft("");
    draft.in_scope = Some(true);
    assert_eq!(rejection_at_registration(&draft), None);
}
