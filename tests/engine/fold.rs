//! The fold: deterministic, independent of arrival order and duplicates, conflicts kept.

use chrono::DateTime;
use mesa::domain::event::*;
use mesa::domain::fold::{fold_all, fold_ticket};
use mesa::domain::ticket::{ConflictReason, Status};
use proptest::prelude::*;

use crate::common;

const T0: i64 = 1_792_000_000_000; // 2026-10-15

/// A [`common::Device`] whose clock starts at T0, stamping events `at_min` minutes after T0.
struct Device(common::Device);

impl Device {
    fn new(name: &str) -> Self {
        Self(common::Device::starting_at(name, T0))
    }

    fn event(&mut self, ticket: &TicketId, at_min: i64, kind: EventKind) -> Event {
        let at = DateTime::from_timestamp_millis(T0 + at_min * 60_000).expect("an instant");
        self.0.event(ticket, at, kind)
    }

    fn seen(&mut self, other: &Event) {
        self.0.seen(other);
    }
}

fn opened(customer: &str) -> EventKind {
    EventKind::Opened(Opened {
        number: "261015-AAAAA".into(),
        customer: customer.into(),
        description: "Sin servicio en sede norte".into(),
        severity: Some("2".into()),
        ..Opened::default()
    })
}

fn resolution() -> Resolution {
    Resolution {
        root_cause: "Fibra cortada".into(),
        solution: "Empalme".into(),
        affected_minutes: Some(90),
        confirmed_by: "Jefe de sede".into(),
        category: None,
    }
}

#[test]
fn opening_event_gives_the_registered_fields() {
    let mut d = Device::new("a");
    let open = d.event(&TicketId::default(), 0, opened("ACME"));
    let t = fold_ticket(std::slice::from_ref(&open)).expect("ticket");
    assert_eq!(t.id, open.ticket_id);
    assert_eq!(t.customer, "ACME");
    assert_eq!(t.status, Status::Open);
    assert_eq!(t.severity.as_deref(), Some("2"));
    assert_eq!(t.level, 1);
    assert_eq!(t.opened_at, open.at());
}

#[test]
fn events_without_opening_fold_to_nothing() {
    let mut d = Device::new("a");
    let open = d.event(&TicketId::default(), 0, opened("ACME"));
    let note = d.event(
        &open.ticket_id,
        1,
        EventKind::Commented {
            text: "x".into(),
            customer_visible: false,
        },
    );
    assert!(fold_ticket(&[note]).is_none());
}

#[test]
fn waiting_pauses_and_resume_closes_the_pause() {
    let mut d = Device::new("a");
    let open = d.event(&TicketId::default(), 0, opened("ACME"));
    let id = open.ticket_id.clone();
    let wait = d.event(
        &id,
        10,
        EventKind::WaitingStarted {
            reason: "logs".into(),
        },
    );
    let t = fold_ticket(&[open.clone(), wait.clone()]).unwrap();
    assert_eq!(t.status, Status::WaitingOnCustomer);
    assert!(t.is_paused());
    let resume = d.event(&id, 40, EventKind::WaitingEnded);
    let t = fold_ticket(&[open, wait.clone(), resume.clone()]).unwrap();
    assert_eq!(t.status, Status::Open);
    assert_eq!(t.pauses.len(), 1);
    assert_eq!(t.pauses[0].start, wait.at());
    assert_eq!(t.pauses[0].end, Some(resume.at()));
}

#[test]
fn severity_change_keeps_history() {
    let mut d = Device::new("a");
    let open = d.event(&TicketId::default(), 0, opened("ACME"));
    let id = open.ticket_id.clone();
    let raise = d.event(
        &id,
        5,
        EventKind::SeverityChanged {
            severity: Some("1".into()),
            reason: "más sedes".into(),
        },
    );
    let t = fold_ticket(&[raise, open]).unwrap();
    assert_eq!(t.severity.as_deref(), Some("1"));
    let values: Vec<_> = t
        .severity_history
        .iter()
        .map(|c| c.value.as_deref().map(str::to_string))
        .collect();
    assert_eq!(values, vec![Some("2".to_string()), Some("1".to_string())]);
}

#[test]
fn escalation_after_close_on_another_device_is_kept_as_a_conflict() {
    let mut a = Device::new("a");
    let mut b = Device::new("b");
    let open = a.event(&TicketId::default(), 0, opened("ACME"));
    b.seen(&open);
    let id = open.ticket_id.clone();
    let close = a.event(
        &id,
        10,
        EventKind::Closed {
            note: "duplicado".into(),
        },
    );
    let escalate = b.event(
        &id,
        20,
        EventKind::Escalated(Escalation::Functional { level: 2 }),
    );
    let t = fold_ticket(&[open, escalate.clone(), close]).unwrap();
    assert_eq!(t.status, Status::Closed);
    assert_eq!(t.level, 1, "the escalation was not applied");
    let conflicts: Vec<_> = t.open_conflicts().collect();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].event, escalate.id);
    assert_eq!(conflicts[0].reason, ConflictReason::TicketNotActive);
}

#[test]
fn a_resolved_conflict_is_no_longer_open_but_stays_recorded() {
    let mut a = Device::new("a");
    let open = a.event(&TicketId::default(), 0, opened("ACME"));
    let id = open.ticket_id.clone();
    let close = a.event(
        &id,
        10,
        EventKind::Closed {
            note: String::new(),
        },
    );
    let late = a.event(
        &id,
        11,
        EventKind::Assigned {
            assignee: "tec".into(),
        },
    );
    let fix = a.event(
        &id,
        12,
        EventKind::ConflictResolved {
            events: vec![late.id.clone()],
            note: "ok".into(),
        },
    );
    let t = fold_ticket(&[open, close, late, fix]).unwrap();
    assert_eq!(t.conflicts.len(), 1);
    assert_eq!(t.open_conflicts().count(), 0);
}

#[test]
fn two_concurrent_auto_closes_are_one_close() {
    let mut a = Device::new("a");
    let mut b = Device::new("b");
    let open = a.event(&TicketId::default(), 0, opened("ACME"));
    let id = open.ticket_id.clone();
    let resolved = a.event(&id, 30, EventKind::Resolved(resolution()));
    b.seen(&resolved);
    let close_a = a.event(&id, 30 + 24 * 60, EventKind::AutoClosed);
    let close_b = b.event(&id, 30 + 24 * 60, EventKind::AutoClosed);
    let t = fold_ticket(&[open, resolved, close_a, close_b]).unwrap();
    assert_eq!(t.status, Status::Closed);
    assert!(t.auto_closed);
    assert_eq!(t.conflicts.len(), 0);
}

#[test]
fn customer_rejection_reopens_and_verification_closes() {
    let mut a = Device::new("a");
    let open = a.event(&TicketId::default(), 0, opened("ACME"));
    let id = open.ticket_id.clone();
    let resolved = a.event(&id, 30, EventKind::Resolved(resolution()));
    let rejected = a.event(
        &id,
        40,
        EventKind::CustomerRejected {
            reason: "sigue fallando".into(),
        },
    );
    let resolved2 = a.event(&id, 50, EventKind::Resolved(resolution()));
    let verified = a.event(
        &id,
        60,
        EventKind::CustomerVerified {
            by: "cliente".into(),
        },
    );
    let t = fold_ticket(&[open.clone(), resolved.clone(), rejected.clone()]).unwrap();
    assert_eq!(t.status, Status::Open);
    let t = fold_ticket(&[open, resolved, rejected, resolved2, verified]).unwrap();
    assert_eq!(t.status, Status::Closed);
    assert!(!t.auto_closed);
    assert_eq!(t.reopen_count, 1);
}

#[test]
fn out_of_scope_rejection_only_before_work() {
    let mut a = Device::new("a");
    let open = a.event(&TicketId::default(), 0, opened("ACME"));
    let id = open.ticket_id.clone();
    let reject = a.event(
        &id,
        1,
        EventKind::RejectedOutOfScope {
            reason: "no es API".into(),
        },
    );
    let t = fold_ticket(&[open.clone(), reject]).unwrap();
    assert_eq!(t.status, Status::Rejected);
    assert_eq!(t.rejection_reason.as_deref(), Some("no es API"));

    let assign = a.event(
        &id,
        2,
        EventKind::Assigned {
            assignee: "n2".into(),
        },
    );
    let reject = a.event(
        &id,
        3,
        EventKind::RejectedOutOfScope {
            reason: "tarde".into(),
        },
    );
    let t = fold_ticket(&[open, assign, reject]).unwrap();
    assert_eq!(t.status, Status::Open);
    assert_eq!(t.conflicts[0].reason, ConflictReason::AlreadyWorked);
}

#[test]
fn first_response_is_the_first_customer_visible_update() {
    let mut a = Device::new("a");
    let open = a.event(&TicketId::default(), 0, opened("ACME"));
    let id = open.ticket_id.clone();
    let note = a.event(
        &id,
        5,
        EventKind::Commented {
            text: "interno".into(),
            customer_visible: false,
        },
    );
    let update = a.event(
        &id,
        9,
        EventKind::Commented {
            text: "Revisando".into(),
            customer_visible: true,
        },
    );
    let t = fold_ticket(&[open, note, update.clone()]).unwrap();
    assert_eq!(t.first_response_at, Some(update.at()));
    assert_eq!(t.customer_updates, vec![update.at()]);
}

#[test]
fn fold_all_lists_newest_first() {
    let mut a = Device::new("a");
    let first = a.event(&TicketId::default(), 0, opened("Uno"));
    let second = a.event(&TicketId::default(), 5, opened("Dos"));
    let tickets = fold_all(&[first, second]);
    let names: Vec<_> = tickets.iter().map(|t| t.customer.as_str()).collect();
    assert_eq!(names, vec!["Dos", "Uno"]);
}

#[test]
fn events_round_trip_through_json_in_the_documented_shape() {
    let mut a = Device::new("tablet-7");
    let open = a.event(&TicketId::default(), 0, opened("ACME"));
    let json = serde_json::to_value(&open).unwrap();
    assert_eq!(json["kind"], "opened");
    assert_eq!(json["payload"]["customer"], "ACME");
    assert!(json["hlc"].as_str().unwrap().ends_with("-tablet-7"));
    let back: Event = serde_json::from_value(json).unwrap();
    assert_eq!(back, open);
}

#[test]
fn hlc_never_orders_an_event_before_one_its_author_saw() {
    let ahead = Hlc::first(T0 + 3_600_000, "fast-clock");
    let behind = Hlc::first(T0, "slow-clock").receive(&ahead, T0 + 1);
    assert!(behind > ahead);
    assert!(behind.tick(T0 + 2) > behind);
}

/// A random history for one ticket written by three devices that sometimes see each other.
fn arb_history() -> impl Strategy<Value = Vec<Event>> {
    prop::collection::vec((0usize..3, 0u8..12, 0i64..5), 1..40).prop_map(|steps| {
        let mut devices = [Device::new("a"), Device::new("b"), Device::new("c")];
        let open = devices[0].event(&TicketId::default(), 0, opened("ACME"));
        let id = open.ticket_id.clone();
        let mut events = vec![open.clone()];
        for d in devices.iter_mut() {
            d.seen(&open);
        }
        let mut minute = 1;
        for (who, what, gap) in steps {
            minute += gap;
            let kind = match what {
                0 => EventKind::Commented {
                    text: "nota".into(),
                    customer_visible: true,
                },
                1 => EventKind::WaitingStarted {
                    reason: "info".into(),
                },
                2 => EventKind::WaitingEnded,
                3 => EventKind::Escalated(Escalation::Functional {
                    level: who as u8 + 1,
                }),
                4 => EventKind::Resolved(resolution()),
                5 => EventKind::Closed {
                    note: String::new(),
                },
                6 => EventKind::AutoClosed,
                7 => EventKind::Reopened {
                    reason: "vuelve".into(),
                },
                8 => EventKind::SeverityChanged {
                    severity: Some(format!("{}", who + 1)),
                    reason: "r".into(),
                },
                9 => EventKind::CustomerRejected {
                    reason: "no".into(),
                },
                10 => EventKind::Assigned {
                    assignee: format!("tec{who}"),
                },
                _ => EventKind::StageChanged {
                    stage: format!("s{what}"),
                    entered_on: None,
                },
            };
            let e = devices[who].event(&id, minute, kind);
            // Sometimes the others see it right away (online), sometimes not (offline).
            if gap % 2 == 0 {
                for d in devices.iter_mut() {
                    d.seen(&e);
                }
            }
            events.push(e);
        }
        events
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn fold_ignores_arrival_order_and_duplicates(
        events in arb_history(),
        seed in any::<u64>(),
        dup_mask in any::<u64>(),
    ) {
        let expected = fold_ticket(&events);
        // Shuffle deterministically from the seed and duplicate some events.
        let mut shuffled = events.clone();
        let mut s = seed | 1;
        for i in (1..shuffled.len()).rev() {
            s ^= s << 13; s ^= s >> 7; s ^= s << 17;
            shuffled.swap(i, (s % (i as u64 + 1)) as usize);
        }
        for (i, e) in events.iter().enumerate() {
            if dup_mask >> (i % 64) & 1 == 1 {
                shuffled.push(e.clone());
            }
        }
        let got = fold_ticket(&shuffled);
        prop_assert_eq!(
            serde_json::to_string(&got).unwrap(),
            serde_json::to_string(&expected).unwrap()
        );
    }

    #[test]
    fn no_event_is_lost_every_one_is_applied_or_flagged(events in arb_history()) {
        let t = fold_ticket(&events).unwrap();
        prop_assert_eq!(t.event_count as usize, events.len());
        // Conflicts only ever name events of this ticket.
        for c in &t.conflicts {
            prop_assert!(events.iter().any(|e| e.id == c.event));
        }
    }
}
