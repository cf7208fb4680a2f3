//! `ClockWarned` / `ClockBreached` name their clock with a type ([`MarkedClock`]) and a folded
//! ticket keeps [`ClockMark`]s, yet events and projections are read and written exactly as
//! before: the clock is the same string, a mark the same `[clock, deadline, breach]` array.
//! Stored and synced events (and their signatures, over the same JSON) stay valid.

use chrono::{TimeZone, Utc};
use mesa::domain::clock_mark::{ClockMark, MarkedClock};
use mesa::domain::event::{Event, EventId, EventKind, Hlc, Opened};
use mesa::domain::fold::fold_ticket;
use mesa::domain::sla::ClockKind;
use mesa::domain::ticket::Ticket;
use proptest::prelude::*;

/// Events as the versions before these types wrote them, and the clock each one names.
fn old_events() -> Vec<(&'static str, MarkedClock)> {
    vec![
        (
            r#"{"id":"01M3TMR620000KRVQKEBZ99Y1A","ticket_id":"01M3TK18800009WDVSQ5ZMMZ0N","hlc":"001790821800000-000002-mesa-due","actor":"mesa","kind":"clock_warned","payload":{"clock":"response","deadline":"2026-10-16T17:00:00Z"}}"#,
            MarkedClock::Sla(ClockKind::Response),
        ),
        (
            r#"{"id":"01M3TMR620000KRVQKEBZ99Y1B","ticket_id":"01M3TK18800009WDVSQ5ZMMZ0N","hlc":"001790822000000-000000-mesa-due","actor":"mesa","kind":"clock_breached","payload":{"clock":"restore","deadline":"2026-10-16T22:20:00Z"},"chain":{"seq":7,"prev":"aa"},"signature":{"key":"bb","sig":"cc"}}"#,
            MarkedClock::Sla(ClockKind::Restore),
        ),
        (
            r#"{"id":"01M3TMR620000KRVQKEBZ99Y1C","ticket_id":"01M3TK18800009WDVSQ5ZMMZ0N","hlc":"001790822000000-000001-mesa-due","actor":"mesa","kind":"clock_warned","payload":{"clock":"rule:etapa_vencida_n1","deadline":"2026-10-16T16:30:00Z"}}"#,
            MarkedClock::Rule("etapa_vencida_n1".into()),
        ),
        (
            r#"{"id":"01M3TMR620000KRVQKEBZ99Y1D","ticket_id":"01M3TK18800009WDVSQ5ZMMZ0N","hlc":"001790822000000-000003-other","actor":"mesa","kind":"clock_breached","payload":{"clock":"a_clock_of_a_newer_version","deadline":"2026-10-17T09:00:00Z"}}"#,
            MarkedClock::Other("a_clock_of_a_newer_version".into()),
        ),
    ]
}

fn clock_of(event: &Event) -> &MarkedClock {
    match &event.kind {
        EventKind::ClockWarned { clock, .. } | EventKind::ClockBreached { clock, .. } => clock,
        other => panic!("not a clock mark: {other:?}"),
    }
}

#[test]
fn old_clock_events_read_as_typed_clocks_and_write_back_byte_for_byte() {
    for (json, clock) in old_events() {
        let event: Event = serde_json::from_str(json).expect(json);
        assert_eq!(clock_of(&event), &clock, "{json}");
        assert_eq!(serde_json::to_string(&event).unwrap(), json);
    }
}

#[test]
fn a_folded_tickets_marks_are_the_same_arrays_as_before() {
    let hlc = Hlc::first(1_790_820_000_000, "d1");
    let id = EventId::from_parts(hlc.wall_ms, 1);
    let ticket_id = id.as_ticket();
    let mut events = vec![Event::new(
        id,
        ticket_id.clone(),
        hlc,
        "ana",
        EventKind::Opened(Opened::default()),
    )];
    for (json, _) in old_events() {
        let mut event: Event = serde_json::from_str(json).unwrap();
        event.ticket_id = ticket_id.clone();
        events.push(event);
    }
    let ticket = fold_ticket(&events).expect("ticket");
    let at = |h, m| Utc.with_ymd_and_hms(2026, 10, 16, h, m, 0).unwrap();
    assert_eq!(
        ticket.clock_marks[0],
        ClockMark {
            clock: MarkedClock::Sla(ClockKind::Response),
            deadline: at(17, 0),
            breach: false,
        }
    );
    let value = serde_json::to_value(&ticket).unwrap();
    assert_eq!(
        value["clock_marks"],
        serde_json::json!([
            ["response", "2026-10-16T17:00:00Z", false],
            ["restore", "2026-10-16T22:20:00Z", true],
            ["rule:etapa_vencida_n1", "2026-10-16T16:30:00Z", false],
            ["a_clock_of_a_newer_version", "2026-10-17T09:00:00Z", true]
        ])
    );
    let back: Ticket = serde_json::from_value(value).unwrap();
    assert_eq!(back, ticket);
}

proptest! {
    /// Whatever string a device wrote as the clock, it is read and written back unchanged.
    #[test]
    fn any_clock_code_round_trips(code in ".*") {
        let clock = MarkedClock::from_code(&code);
        prop_assert_eq!(clock.to_string(), code.clone());
        let json = serde_json::to_string(&code).unwrap();
        prop_assert_eq!(serde_json::to_string(&clock).unwrap(), json.clone());
        prop_assert_eq!(serde_json::from_str::<MarkedClock>(&json).unwrap(), clock);
    }
}
