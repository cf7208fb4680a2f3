//! The stage follows the ticket: dispatching, escalating, resolving and closing move it into the
//! stage the profile enters on them (forward only), and every stay in a stage has one result,
//! the same for the queue (current stage clock), the ticket page and the monthly report.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mesa::domain::actions::with_stage_moves;
use mesa::domain::engine::Engine;
use mesa::domain::event::{Event, EventKind, Opened, Resolution, TicketId};
use mesa::domain::fold::fold_ticket;
use mesa::domain::profile::StageTrigger;
use mesa::domain::report::{monthly_report, Outcome};
use mesa::domain::sla::ClockState;
use mesa::domain::ticket::{Status, Ticket};

use crate::common::profile;
use crate::common::Device;

fn resolution() -> EventKind {
    EventKind::Resolved(Resolution {
        root_cause: "Fibra cortada".into(),
        solution: "Empalme".into(),
        affected_minutes: Some(90),
        confirmed_by: "Jefa de TI".into(),
        category: None,
    })
}

/// The profile's move into `id` on `trigger`.
fn moved(id: &str, trigger: StageTrigger) -> EventKind {
    EventKind::StageChanged {
        stage: id.into(),
        entered_on: Some(trigger),
    }
}

/// A person's move into `id`.
fn stage(id: &str) -> EventKind {
    EventKind::StageChanged {
        stage: id.into(),
        entered_on: None,
    }
}

fn ticket(kind: &str, stage_now: Option<&str>, status: Status) -> Ticket {
    Ticket {
        request_kind: kind.into(),
        stage: stage_now.map(Into::into),
        status,
        ..Ticket::default()
    }
}

#[test]
fn dispatch_resolution_and_closure_move_a_p3_ticket_forward() {
    let p = profile("p3-cirion");
    let dispatched = EventKind::Dispatched {
        site: "Quito Norte".into(),
        city_class: "principal".into(),
    };
    // "Despachar" alone enters the dispatch stage, so its travel clock starts.
    let t = ticket("tecnico", Some("diagnostico"), Status::Open);
    assert_eq!(
        with_stage_moves(&p, Some(&t), vec![dispatched.clone()]),
        [
            dispatched.clone(),
            moved("despacho", StageTrigger::Dispatch)
        ]
    );
    // Resolving enters the stability follow-up; closing enters the closure stage first (a
    // closed ticket takes no more stage changes).
    let t = ticket("tecnico", Some("despacho"), Status::Open);
    assert_eq!(
        with_stage_moves(&p, Some(&t), vec![resolution()]),
        [resolution(), moved("seguimiento", StageTrigger::Resolution)]
    );
    let close = EventKind::Closed { note: "".into() };
    let t = ticket("tecnico", Some("seguimiento"), Status::Resolved);
    assert_eq!(
        with_stage_moves(&p, Some(&t), vec![close.clone()]),
        [moved("cierre", StageTrigger::Closure), close.clone()]
    );
    // Forward only: a ticket already past the stage stays; one in it gets no second move.
    let t = ticket("tecnico", Some("cierre"), Status::Resolved);
    assert_eq!(
        with_stage_moves(&p, Some(&t), vec![resolution()]),
        [resolution()]
    );
    let t = ticket("tecnico", Some("despacho"), Status::Open);
    let again = vec![dispatched.clone()];
    assert_eq!(with_stage_moves(&p, Some(&t), again.clone()), again);
    // The dispatch stage is for technical requests only.
    let t = ticket("administrativo", Some("diagnostico"), Status::Open);
    assert_eq!(
        with_stage_moves(&p, Some(&t), vec![dispatched.clone()]),
        [dispatched]
    );
}

#[test]
fn p1_resolution_enters_the_customer_verification_and_p5_has_no_stages() {
    let p1 = profile("p1-sipo");
    let t = ticket("incidente_api", Some("clasificacion"), Status::Open);
    let kinds = with_stage_moves(&p1, Some(&t), vec![resolution()]);
    assert_eq!(
        kinds,
        [
            resolution(),
            moved("verificacion", StageTrigger::Resolution)
        ]
    );
    let p5 = profile("p5-megaport");
    let t = ticket("incidente", None, Status::Open);
    assert_eq!(
        with_stage_moves(&p5, Some(&t), vec![resolution()]),
        [resolution()]
    );
}

fn at(h: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 19, 14, 0, 0).unwrap() + Duration::minutes(h)
}

/// A P3 technical ticket walked through its stages at the given minutes, with the stage moves
/// the profile makes added the way the app adds them.
fn p3_story(steps: &[(i64, Vec<EventKind>)]) -> Vec<Event> {
    let p = profile("p3-cirion");
    let mut device = Device::new("consola");
    let open = device.event(
        &TicketId::default(),
        at(0),
        EventKind::Opened(Opened {
            number: "CIR-261019-AAAAA".into(),
            profile: "p3-cirion".into(),
            request_kind: "tecnico".into(),
            customer: "Banco Ejemplo".into(),
            site: Some("Quito Norte".into()),
            description: "Sin enlace".into(),
            ..Opened::default()
        }),
    );
    let id = open.ticket_id.clone();
    let mut events = vec![open];
    for (minute, kinds) in steps {
        let before = fold_ticket(&events);
        for kind in with_stage_moves(&p, before.as_ref(), kinds.clone()) {
            events.push(device.event(&id, at(*minute), kind));
        }
    }
    events
}

#[test]
fn every_stay_has_one_result_in_the_queue_the_ticket_and_the_report() {
    let engine = Engine::new(profile("p3-cirion")).unwrap();
    let events = p3_story(&[
        (0, vec![stage("recepcion")]),
        (1, vec![stage("registro")]),
        (4, vec![stage("diagnostico")]),
        // Diagnosis took 30 min against 20: missed.
        (
            34,
            vec![EventKind::Dispatched {
                site: "Quito Norte".into(),
                city_class: "principal".into(),
            }],
        ),
        // Travel and field work 2 h against 3 h: met; resolved into the follow-up.
        (154, vec![resolution()]),
        (300, vec![EventKind::Closed { note: "".into() }]),
    ]);
    let t = fold_ticket(&events).unwrap();
    assert_eq!(t.status, Status::Closed);
    assert_eq!(
        t.stage.as_deref(),
        Some("cierre"),
        "the stage followed the ticket"
    );
    let now = at(24 * 60);
    let stays = engine.stage_clocks(&t, now);
    let states: Vec<(&str, ClockState)> = t
        .stage_history
        .iter()
        .map(|c| c.value.as_str())
        .zip(stays.iter().map(|c| c.state))
        .collect();
    assert_eq!(
        states,
        [
            ("recepcion", ClockState::Met),
            ("registro", ClockState::Met),
            ("diagnostico", ClockState::Breached),
            // The dispatch stage's times are its milestones'.
            ("despacho", ClockState::Off),
            ("seguimiento", ClockState::Met),
            ("cierre", ClockState::Met),
        ]
    );
    assert_eq!(stays[3].elapsed_minutes, 120);
    // The travel counted from the dispatch until the stage was left: 2 h against 3 h. No
    // arrival was marked, so the field solution never started.
    let milestones = engine.milestone_clocks(&t, now);
    assert_eq!(milestones.len(), 1);
    assert_eq!(milestones[0].0, 3);
    assert_eq!(milestones[0].1.milestone, "traslado");
    assert_eq!(milestones[0].1.clock.state, ClockState::Met);
    assert_eq!(milestones[0].1.clock.elapsed_minutes, 120);
    // The queue's current-stage clock is the last stay's.
    assert_eq!(engine.clocks(&t, now).stage.as_ref(), stays.last());

    // The report measures the same stays: not "Sin medir" for a profile with stage targets only.
    let report = monthly_report(
        &engine.clone().into(),
        std::slice::from_ref(&t),
        (2026, 10),
        now,
    );
    let line = &report.tickets[0];
    assert_eq!(line.stages.len(), 6);
    assert_eq!(line.milestones.len(), 1);
    assert_eq!(line.milestones[0].result.outcome, Outcome::Met);
    assert_eq!(line.stages[2].result.outcome, Outcome::Missed);
    assert_eq!(
        line.outcome,
        Outcome::Missed,
        "a missed stage misses the ticket"
    );
    let by_stage: Vec<(&str, usize, usize)> = report
        .by_stage
        .iter()
        .map(|s| {
            (
                s.stage.as_str(),
                s.compliance.met.count,
                s.compliance.missed.count,
            )
        })
        .collect();
    assert_eq!(
        by_stage,
        [
            ("recepcion", 1, 0),
            ("registro", 1, 0),
            ("diagnostico", 0, 1),
            ("documentacion", 0, 0),
            ("seguimiento", 1, 0),
            ("cierre", 1, 0),
        ]
    );
    let by_milestone: Vec<(&str, usize)> = report
        .by_milestone
        .iter()
        .map(|m| (m.milestone.as_str(), m.compliance.met.count))
        .collect();
    assert_eq!(by_milestone, [("traslado", 1), ("solucion_campo", 0)]);
}

/// A P4 S2 incident opened on `device` at minute 0.
fn p4_opened(device: &mut Device, number: &str) -> Event {
    device.event(
        &TicketId::default(),
        at(0),
        EventKind::Opened(Opened {
            number: number.into(),
            request_kind: "incidente".into(),
            severity: Some("s2".into()),
            customer: "Hotel".into(),
            description: "Sin tono".into(),
            ..Opened::default()
        }),
    )
}

#[test]
fn two_devices_moving_a_ticket_into_the_same_stage_is_one_move_not_a_conflict() {
    let p = profile("p4-callmyway");
    let mut a = Device::new("a");
    let mut b = Device::new("b");
    let mut events = vec![p4_opened(&mut a, "CMW-1")];
    let id = events[0].ticket_id.clone();
    for kind in with_stage_moves(&p, fold_ticket(&events).as_ref(), vec![resolution()]) {
        events.push(a.event(&id, at(10), kind));
    }
    let resolved = fold_ticket(&events).unwrap();
    // Both devices close it (the customer verified on one, the timer fired on the other).
    let close_a = with_stage_moves(&p, Some(&resolved), vec![EventKind::AutoClosed]);
    let close_b = with_stage_moves(
        &p,
        Some(&resolved),
        vec![EventKind::CustomerVerified { by: "Ana".into() }],
    );
    assert_eq!(close_a[0], moved("cierre", StageTrigger::Closure));
    for kind in close_a {
        events.push(a.event(&id, at(30), kind));
    }
    for kind in close_b {
        events.push(b.event(&id, at(31), kind));
    }
    let t = fold_ticket(&events).unwrap();
    assert_eq!(t.status, Status::Closed);
    assert_eq!(t.stage.as_deref(), Some("cierre"));
    let entries: Vec<_> = t.stage_history.iter().map(|c| c.value.as_str()).collect();
    assert_eq!(entries, ["resolucion", "cierre"]);
    // The second verification of a closed ticket is the only conflict, as before.
    assert_eq!(t.conflicts.len(), 1);
}

#[test]
fn the_stage_move_of_an_escalation_kept_as_a_conflict_does_not_happen() {
    // Device A resolves (into "resolucion"); device B, which had not seen it, escalates (into
    // "escalamiento"). The escalation is a conflict for a person; the stage stays resolved.
    let p = profile("p4-callmyway");
    let mut a = Device::new("a");
    let mut b = Device::new("b");
    let mut events = vec![p4_opened(&mut a, "CMW-2")];
    let id = events[0].ticket_id.clone();
    let seen_by_both = fold_ticket(&events).unwrap();
    for kind in with_stage_moves(&p, Some(&seen_by_both), vec![resolution()]) {
        events.push(a.event(&id, at(10), kind));
    }
    let escalation = EventKind::Escalated(mesa::domain::event::Escalation::Functional { level: 2 });
    let escalated = with_stage_moves(&p, Some(&seen_by_both), vec![escalation]);
    assert_eq!(
        escalated[1],
        moved("escalamiento", StageTrigger::Escalation)
    );
    for kind in escalated {
        events.push(b.event(&id, at(11), kind));
    }
    let t = fold_ticket(&events).unwrap();
    assert_eq!(t.status, Status::Resolved);
    assert_eq!(t.stage.as_deref(), Some("resolucion"));
    assert_eq!(t.conflicts.len(), 1, "the escalation, not its stage move");
}

#[test]
fn registering_a_p3_ticket_enters_reception_from_the_report_then_registration() {
    let p = profile("p3-cirion");
    let engine = Engine::new(p.clone()).unwrap();
    // Reported by phone three minutes before the case was registered.
    let opened = EventKind::Opened(Opened {
        number: "CIR-261019-BBBBB".into(),
        profile: "p3-cirion".into(),
        request_kind: "tecnico".into(),
        customer: "Banco Ejemplo".into(),
        description: "Sin enlace".into(),
        reported_at: Some(at(-3)),
        ..Opened::default()
    });
    let kinds = with_stage_moves(&p, None, vec![opened.clone()]);
    assert_eq!(
        kinds[1..],
        [
            moved("recepcion", StageTrigger::Registration),
            moved("registro", StageTrigger::Registration),
        ]
    );
    let mut device = Device::new("consola");
    let first = device.event(&TicketId::default(), at(0), kinds[0].clone());
    let id = first.ticket_id.clone();
    let mut events = vec![first];
    for kind in &kinds[1..] {
        events.push(device.event(&id, at(0), kind.clone()));
    }
    let t = fold_ticket(&events).unwrap();
    assert_eq!(t.stage.as_deref(), Some("registro"), "no click needed");
    // Reception runs from the report to the registration: 3 minutes against 1.
    assert_eq!(t.stage_history[0].at, at(-3));
    let stays = engine.stage_clocks(&t, at(2));
    assert_eq!(stays[0].elapsed_minutes, 3);
    assert_eq!(stays[0].state, ClockState::Breached);
    assert_eq!(stays[1].state, ClockState::Running);

    // A process without registration stages is left as it was (P1), and a ticket that has a
    // stage already is never moved back by its opening.
    let p1 = profile("p1-sipo");
    assert_eq!(with_stage_moves(&p1, None, vec![opened.clone()]).len(), 1);
    let later = ticket("tecnico", Some("diagnostico"), Status::Open);
    assert_eq!(with_stage_moves(&p, Some(&later), vec![opened]).len(), 1);
}
