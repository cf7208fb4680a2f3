//! Properties of the clocks over random ticket histories on P4 and P5: deadlines fall in open
//! calendar time, pauses never bring a deadline earlier, `due` is idempotent.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mesa::domain::engine::Engine;
use mesa::domain::event::*;
use mesa::domain::fold::fold_ticket;
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::target::TimeBasis;
use mesa::domain::ticket::{Pause, Ticket};
use proptest::prelude::*;

use crate::common::Device;

#[derive(Clone, Debug)]
enum Op {
    Pause,
    Resume,
    Severity(usize),
    Update,
    Promise(i64),
    Resolve,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => Just(Op::Pause),
        3 => Just(Op::Resume),
        2 => (0usize..4).prop_map(Op::Severity),
        2 => Just(Op::Update),
        1 => (1i64..3000).prop_map(Op::Promise),
        1 => Just(Op::Resolve),
    ]
}

#[derive(Clone, Debug)]
struct History {
    p5: bool,
    /// Minutes after 2026-01-05 00:00 UTC.
    start: i64,
    /// Minutes the customer reported before registration.
    reported_before: i64,
    severity: usize,
    ops: Vec<(i64, Op)>,
    /// Minutes after the last event.
    now_after: i64,
}

fn history() -> impl Strategy<Value = History> {
    (
        any::<bool>(),
        0i64..(365 * 24 * 60),
        0i64..600,
        0usize..4,
        prop::collection::vec((1i64..4000, op()), 0..12),
        0i64..20_000,
    )
        .prop_map(
            |(p5, start, reported_before, severity, ops, now_after)| History {
                p5,
                start,
                reported_before,
                severity,
                ops,
                now_after,
            },
        )
}

struct Engines {
    p4: Engine,
    p5: Engine,
}

fn engines() -> &'static Engines {
    static ENGINES: std::sync::OnceLock<Engines> = std::sync::OnceLock::new();
    ENGINES.get_or_init(|| {
        let load =
            |id| Engine::new(ProcessProfile::from_json(preset(id).unwrap()).unwrap()).unwrap();
        Engines {
            p4: load("p4-callmyway"),
            p5: load("p5-megaport"),
        }
    })
}

const P4_SEVERITIES: [&str; 4] = ["s1", "s2", "s3", "s4"];
const P5_SEVERITIES: [&str; 3] = ["s1", "s2", "s3"];

/// Builds the events of a history; returns the engine, the events, the device and `now`.
fn build(h: &History) -> (&'static Engine, Vec<Event>, Device, DateTime<Utc>) {
    let e = engines();
    let (engine, severities): (&Engine, &[&str]) = if h.p5 {
        (&e.p5, &P5_SEVERITIES)
    } else {
        (&e.p4, &P4_SEVERITIES)
    };
    let base = Utc.with_ymd_and_hms(2026, 1, 5, 0, 0, 0).unwrap();
    let mut at = base + Duration::minutes(h.start);
    let mut device = Device::new("d");
    let open = device.event(
        &TicketId::default(),
        at,
        EventKind::Opened(Opened {
            number: "260105-CCCCC".into(),
            request_kind: "incidente".into(),
            severity: Some(severities[h.severity % severities.len()].to_string()),
            customer: "ACME".into(),
            description: "x".into(),
            reported_at: Some(at - Duration::minutes(h.reported_before)),
            ..Opened::default()
        }),
    );
    let id = open.ticket_id.clone();
    let mut events = vec![open];
    for (delta, op) in &h.ops {
        at += Duration::minutes(*delta);
        let kind = match op {
            Op::Pause => EventKind::WaitingStarted {
                reason: "info".into(),
            },
            Op::Resume => EventKind::WaitingEnded,
            Op::Severity(i) => EventKind::SeverityChanged {
                severity: Some(severities[i % severities.len()].to_string()),
                reason: "ajuste".into(),
            },
            Op::Update => EventKind::Commented {
                text: "avance".into(),
                customer_visible: true,
            },
            Op::Promise(m) => EventKind::UpdatePromised {
                at: at + Duration::minutes(*m),
            },
            Op::Resolve => EventKind::Resolved(Resolution::default()),
        };
        events.push(device.event(&id, at, kind));
    }
    (engine, events, device, at + Duration::minutes(h.now_after))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn business_deadlines_fall_in_open_time(h in history()) {
        let (engine, events, _, now) = build(&h);
        let ticket = fold_ticket(&events).unwrap();
        let calendar = engine.calendar_for(&ticket);
        let clocks = engine.clocks(&ticket, now);
        for clock in clocks.all() {
            let (Some(deadline), Some(target)) = (clock.deadline, clock.target) else { continue };
            if target.basis != TimeBasis::Business || clock.kind == mesa::domain::sla::ClockKind::Update {
                continue;
            }
            // Open at the deadline, or the deadline is exactly the end of a window.
            let just_before = deadline - Duration::nanoseconds(1);
            prop_assert!(calendar.is_open(deadline) || calendar.is_open(just_before),
                "{:?} deadline {} in closed time", clock.kind, deadline);
            if let Some(w) = clock.warning_at {
                prop_assert!(w <= deadline);
            }
        }
    }

    #[test]
    fn adding_a_pause_never_brings_the_restore_deadline_earlier(
        h in history(), pause_at in 0i64..20_000, pause_len in 1i64..5_000,
    ) {
        let (engine, events, _, now) = build(&h);
        let ticket = fold_ticket(&events).unwrap();
        let before = engine.clocks(&ticket, now).restore;
        let mut paused: Ticket = ticket.clone();
        let start = ticket.opened_at + Duration::minutes(pause_at);
        paused.pauses.push(Pause { start, end: Some(start + Duration::minutes(pause_len)), reason: "x".into() });
        paused.pauses.sort_by_key(|p| p.start);
        let after = engine.clocks(&paused, now).restore;
        if let (Some(b), Some(a)) = (before.deadline, after.deadline) {
            prop_assert!(a >= b, "pause moved the deadline from {} to {}", b, a);
        }
        prop_assert!(after.elapsed_minutes <= before.elapsed_minutes);
        prop_assert!(after.paused_minutes >= before.paused_minutes);
    }

    #[test]
    fn due_is_idempotent(h in history()) {
        let (engine, mut events, mut device, now) = build(&h);
        let ticket = fold_ticket(&events).unwrap();
        let due = engine.due(&ticket, now);
        for kind in due {
            events.push(device.event(&ticket.id, now, kind));
        }
        let after = fold_ticket(&events).unwrap();
        let again = engine.due(&after, now);
        prop_assert!(again.is_empty(), "second run gave {:?}", again);
    }

    #[test]
    fn elapsed_never_exceeds_wall_time(h in history()) {
        let (engine, events, _, now) = build(&h);
        let ticket = fold_ticket(&events).unwrap();
        for clock in engine.clocks(&ticket, now).all() {
            let end = clock.stopped_at.unwrap_or(now).max(clock.started_at);
            let wall = (end - clock.started_at).num_minutes();
            prop_assert!(clock.elapsed_minutes >= 0);
            prop_assert!(clock.elapsed_minutes + clock.paused_minutes <= wall + 1);
        }
    }
}
