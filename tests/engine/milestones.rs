//! P3's field dispatch: the travel counts from the dispatch agreed until the technician is on
//! site, against the site's city class; the field solution (< 4 h) is a clock of its own from
//! the arrival. Both warn, breach and escalate like the other clocks, and the report lists them.

use chrono::{DateTime, Duration, Utc};
use mesa::domain::actions::{allowed_actions, reach_milestone, Action};
use mesa::domain::engine::Engine;
use mesa::domain::event::*;
use mesa::domain::milestone::next_milestone;
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::report::{monthly_report, Outcome};
use mesa::domain::sla::{ClockKind, ClockState};

use crate::common::{engine, local, Story, GUAYAQUIL};

fn t(h: u32, m: u32) -> DateTime<Utc> {
    local(GUAYAQUIL, (2026, 10, 19), h, m)
}

/// A technical P3 case opened at 09:00, in diagnosis from 09:05.
fn case() -> Story {
    let mut s = Story::new(
        t(9, 0),
        Opened {
            number: "261019-CCCCC".into(),
            profile: "p3-cirion".into(),
            request_kind: "tecnico".into(),
            customer: "Banco Andino".into(),
            description: "Enlace caído".into(),
            ..Opened::default()
        },
    );
    s.then(
        t(9, 5),
        EventKind::StageChanged {
            stage: "diagnostico".into(),
            entered_on: None,
        },
    );
    s
}

fn dispatched(s: &mut Story, at: DateTime<Utc>, class: &str) {
    s.then(
        at,
        EventKind::Dispatched {
            site: "Matriz Quito".into(),
            city_class: class.into(),
        },
    );
    s.then(
        at + Duration::milliseconds(1),
        EventKind::StageChanged {
            stage: "despacho".into(),
            entered_on: Some(mesa::domain::profile::StageTrigger::Dispatch),
        },
    );
}

fn reached(s: &mut Story, at: DateTime<Utc>, milestone: &str) {
    s.then(
        at,
        EventKind::MilestoneReached {
            stage: "despacho".into(),
            milestone: milestone.into(),
        },
    );
}

#[test]
fn travel_counts_from_the_dispatch_and_the_field_solution_from_the_arrival() {
    let engine = engine("p3-cirion");
    let mut s = case();
    // Before any dispatch there is no milestone to mark and no milestone clock.
    assert!(engine.clocks(&s.ticket(), t(9, 30)).milestone.is_none());
    dispatched(&mut s, t(10, 0), "principal");
    let clocks = engine.clocks(&s.ticket(), t(11, 0));
    assert_eq!(
        clocks.next_deadline(),
        Some((ClockKind::Milestone, t(13, 0)))
    );
    let travel = clocks.milestone.expect("travel runs");
    assert_eq!(travel.milestone, "traslado");
    assert_eq!(travel.clock.started_at, t(10, 0));
    assert_eq!(travel.clock.deadline, Some(t(13, 0)), "3 h to a main city");
    assert_eq!(travel.clock.state, ClockState::Running);

    // On site at 12:40: travel met; the field solution counts 4 h from the arrival.
    reached(&mut s, t(12, 40), "traslado");
    let clocks = engine.clocks(&s.ticket(), t(13, 0));
    let field = clocks.milestone.expect("field solution runs");
    assert_eq!(field.milestone, "solucion_campo");
    assert_eq!(field.clock.started_at, t(12, 40));
    assert_eq!(field.clock.deadline, Some(t(16, 40)));

    // Solved in the field at 15:10: both met, and nothing runs in the stage any more.
    reached(&mut s, t(15, 10), "solucion_campo");
    let ticket = s.ticket();
    assert!(engine.clocks(&ticket, t(15, 30)).milestone.is_none());
    let all = engine.milestone_clocks(&ticket, t(15, 30));
    let results: Vec<(&str, ClockState, i64)> = all
        .iter()
        .map(|(_, m)| (m.milestone.as_str(), m.clock.state, m.clock.elapsed_minutes))
        .collect();
    assert_eq!(
        results,
        [
            ("traslado", ClockState::Met, 160),
            ("solucion_campo", ClockState::Met, 150)
        ]
    );
}

#[test]
fn the_travel_waits_for_the_dispatch_agreed_not_a_move_into_the_stage() {
    let engine = engine("p3-cirion");
    let mut s = case();
    // The action plan starts at 10:00 by a person's move; the dispatch is agreed at 11:30.
    s.then(
        t(10, 0),
        EventKind::StageChanged {
            stage: "despacho".into(),
            entered_on: None,
        },
    );
    let profile = engine.profile();
    assert!(engine.clocks(&s.ticket(), t(11, 0)).milestone.is_none());
    assert!(next_milestone(profile, &s.ticket()).is_none());
    assert!(!allowed_actions(&s.ticket(), profile).contains(&Action::ReachMilestone));
    assert!(reach_milestone(profile, &s.ticket()).is_err());
    s.then(
        t(11, 30),
        EventKind::Dispatched {
            site: "Sede Ambato".into(),
            city_class: "intermedia".into(),
        },
    );
    let travel = engine.clocks(&s.ticket(), t(12, 0)).milestone.unwrap();
    assert_eq!(travel.clock.started_at, t(11, 30));
    assert_eq!(
        travel.clock.deadline,
        Some(t(17, 30)),
        "6 h to an intermediate city"
    );
    assert!(allowed_actions(&s.ticket(), profile).contains(&Action::ReachMilestone));
    assert_eq!(
        reach_milestone(profile, &s.ticket()),
        Ok(EventKind::MilestoneReached {
            stage: "despacho".into(),
            milestone: "traslado".into(),
        })
    );
}

#[test]
fn a_late_field_solution_breaches_once_and_escalates_to_the_supervisors() {
    let engine = engine("p3-cirion");
    let mut s = case();
    dispatched(&mut s, t(10, 0), "principal");
    reached(&mut s, t(11, 0), "traslado");
    // Deadline 15:00; at 15:20 it is breached and the first escalation rule fires.
    let due = engine.due(&s.ticket(), t(15, 20));
    assert!(due.contains(&EventKind::ClockBreached {
        clock: MarkedClock::Sla(ClockKind::Milestone),
        deadline: t(15, 0),
    }));
    assert!(due.iter().any(|k| matches!(k,
        EventKind::ClockWarned { clock: MarkedClock::Rule(rule), .. } if rule == "hito_vencido_n1")));
    // The supervisors' message says it in words: the case, whose, the milestone and when it
    // was due, the rule and the level (no internal codes).
    let body = due
        .iter()
        .find_map(|k| match k {
            EventKind::NotificationQueued(n) if n.rule == "hito_vencido_n1" => Some(n.body.clone()),
            _ => None,
        })
        .expect("the first level is told");
    assert!(
        body.starts_with("Caso 261019-CCCCC: Banco Andino."),
        "{body}"
    );
    assert!(
        body.contains("«Solución en campo»: venció el 19/10/2026 15:00 (America/Guayaquil)."),
        "{body}"
    );
    assert!(body.contains("Nivel de escalamiento: 1."), "{body}");
    assert!(!body.contains("rule="), "{body}");
    for kind in due {
        s.then(t(15, 20), kind);
    }
    assert!(
        engine.due(&s.ticket(), t(15, 20)).is_empty(),
        "each breach and rule once"
    );
    // Solved at 16:00: the field solution is missed in the report, and so is the case.
    reached(&mut s, t(16, 0), "solucion_campo");
    let ticket = s.ticket();
    let report = monthly_report(
        &engine.clone().into(),
        std::slice::from_ref(&ticket),
        (2026, 10),
        t(18, 0),
    );
    let line = &report.tickets[0];
    let outcomes: Vec<(&str, Outcome)> = line
        .milestones
        .iter()
        .map(|m| (m.milestone.as_str(), m.result.outcome))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("traslado", Outcome::Met),
            ("solucion_campo", Outcome::Missed)
        ]
    );
    assert_eq!(line.outcome, Outcome::Missed);
    let field = report
        .by_milestone
        .iter()
        .find(|m| m.milestone == "solucion_campo")
        .unwrap();
    assert_eq!(field.compliance.missed.count, 1);
}

#[test]
fn a_milestone_marked_twice_counts_once_and_leaving_the_stage_stops_its_clock() {
    let engine = engine("p3-cirion");
    let mut s = case();
    dispatched(&mut s, t(10, 0), "principal");
    // Two devices mark the arrival: the first mark counts.
    reached(&mut s, t(11, 0), "traslado");
    reached(&mut s, t(11, 5), "traslado");
    let ticket = s.ticket();
    assert_eq!(ticket.milestones.len(), 1);
    assert_eq!(ticket.milestone_reached(1, "traslado"), Some(t(11, 0)));
    // Resolved remotely at 12:00: the stage is left and the field solution's clock stops.
    s.then(
        t(12, 0),
        EventKind::StageChanged {
            stage: "documentacion".into(),
            entered_on: None,
        },
    );
    let ticket = s.ticket();
    assert!(engine.clocks(&ticket, t(20, 0)).milestone.is_none());
    let field = engine
        .milestone_clocks(&ticket, t(20, 0))
        .into_iter()
        .find(|(_, m)| m.milestone == "solucion_campo")
        .unwrap()
        .1;
    assert_eq!(field.clock.stopped_at, Some(t(12, 0)));
    assert_eq!(field.clock.state, ClockState::Met);
    // A mark arriving from a device that had not seen the move changes nothing.
    reached(&mut s, t(12, 30), "solucion_campo");
    assert_eq!(s.ticket().milestones.len(), 1);
}

#[test]
fn a_milestone_after_one_not_listed_before_it_is_named_by_path() {
    let mut json: serde_json::Value = serde_json::from_str(preset("p3-cirion").unwrap()).unwrap();
    json["stages"][3]["milestones"][0]["after"] = "solucion_campo".into();
    let err = ProcessProfile::from_json(&json.to_string()).unwrap_err();
    let text = format!("{err:?}");
    assert!(text.contains("stages[3].milestones[0].after"), "{text}");
    let ok = Engine::new(ProcessProfile::from_json(preset("p3-cirion").unwrap()).unwrap());
    assert!(ok.is_ok());
}

#[test]
fn an_english_desk_tells_its_escalation_contacts_in_english() {
    let p3 = ProcessProfile::from_json(preset("p3-cirion").unwrap()).unwrap();
    let engine = Engine::new(p3.with_message_language("en").unwrap()).unwrap();
    let mut s = case();
    dispatched(&mut s, t(10, 0), "principal");
    reached(&mut s, t(11, 0), "traslado");
    let due = engine.due(&s.ticket(), t(15, 20));
    let n = due
        .iter()
        .find_map(|k| match k {
            EventKind::NotificationQueued(n) if n.rule == "hito_vencido_n1" => Some(n),
            _ => None,
        })
        .expect("the first level is told");
    assert_eq!(
        n.subject,
        "Travel or field solution past its target: TSC supervisors"
    );
    assert!(
        n.body.starts_with("Case 261019-CCCCC: Banco Andino."),
        "{}",
        n.body
    );
    assert!(
        n.body
            .contains("“Field solution”: was due 19/10/2026 15:00 (America/Guayaquil)."),
        "{}",
        n.body
    );
    assert!(n.body.contains("Escalation level: 1."), "{}", n.body);
}
