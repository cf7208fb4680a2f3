//! `Engine::due`: warnings, breaches, escalation rules and auto-close, each exactly once.

use chrono::{DateTime, Duration, Utc};
use mesa::domain::engine::Engine;
use mesa::domain::event::*;
use mesa::domain::profile::{preset, ClockKind, ProcessProfile};

use crate::common::{engine, local, Story, GUAYAQUIL, MEXICO};

/// The history of an ACME ticket of `kind` opened at `at`.
fn open_story(kind: &str, severity: Option<&str>, at: DateTime<Utc>) -> Story {
    Story::new(
        at,
        Opened {
            number: "261019-BBBBB".into(),
            request_kind: kind.into(),
            severity: severity.map(String::from),
            customer: "ACME".into(),
            description: "Caída".into(),
            ..Opened::default()
        },
    )
}

impl Story {
    /// Runs `due` at `now`, appends its output, and returns it.
    fn run_due(&mut self, engine: &Engine, now: DateTime<Utc>) -> Vec<EventKind> {
        let due = engine.due(&self.ticket(), now);
        for kind in &due {
            self.then(now, kind.clone());
        }
        assert!(
            engine.due(&self.ticket(), now).is_empty(),
            "due is idempotent at {now}"
        );
        due
    }
}

fn warned(kind: ClockKind, deadline: DateTime<Utc>) -> EventKind {
    let clock = MarkedClock::Sla(kind);
    EventKind::ClockWarned { clock, deadline }
}

fn breached(kind: ClockKind, deadline: DateTime<Utc>) -> EventKind {
    let clock = MarkedClock::Sla(kind);
    EventKind::ClockBreached { clock, deadline }
}

/// The mark recording that the escalation rule `rule` fired for the clock run that started at
/// `deadline`.
fn rule_marked(rule: &str, deadline: DateTime<Utc>) -> EventKind {
    let clock = MarkedClock::Rule(rule.into());
    EventKind::ClockWarned { clock, deadline }
}

#[test]
fn warning_at_80_percent_then_breach_each_once() {
    let engine = engine("p4-callmyway");
    let day = (2026, 10, 19);
    let mut story = open_story("incidente", Some("s1"), local(MEXICO, day, 10, 0));
    let response = local(MEXICO, day, 11, 0);
    let restore = local(MEXICO, day, 13, 0);
    assert!(story
        .run_due(&engine, local(MEXICO, day, 10, 47))
        .is_empty());
    assert_eq!(
        story.run_due(&engine, local(MEXICO, day, 10, 48)),
        vec![warned(ClockKind::Response, response)]
    );
    assert!(story
        .run_due(&engine, local(MEXICO, day, 10, 59))
        .is_empty());
    assert!(
        story.run_due(&engine, response).is_empty(),
        "at the deadline it is not yet breached"
    );
    let one_past = response + Duration::seconds(1);
    assert_eq!(
        story.run_due(&engine, one_past),
        vec![breached(ClockKind::Response, response)]
    );
    assert!(story
        .run_due(&engine, local(MEXICO, day, 11, 30))
        .is_empty());
    assert_eq!(
        story.run_due(&engine, local(MEXICO, day, 12, 30)),
        vec![warned(ClockKind::Restore, restore)]
    );
    // A first answer now stops the response clock; nothing new for it.
    story.then(
        local(MEXICO, day, 12, 40),
        EventKind::Commented {
            text: "x".into(),
            customer_visible: true,
        },
    );
    assert_eq!(
        story.run_due(&engine, local(MEXICO, day, 14, 0)),
        vec![breached(ClockKind::Restore, restore)]
    );
    assert!(story.run_due(&engine, local(MEXICO, day, 20, 0)).is_empty());
    let marks = &story.ticket().clock_marks;
    assert_eq!(marks.len(), 4);
}

#[test]
fn a_device_offline_past_the_deadline_records_only_the_breach() {
    let engine = engine("p4-callmyway");
    let day = (2026, 10, 19);
    let story = open_story("incidente", Some("s1"), local(MEXICO, day, 10, 0));
    let due = engine.due(&story.ticket(), local(MEXICO, day, 12, 30));
    assert_eq!(
        due,
        vec![
            breached(ClockKind::Response, local(MEXICO, day, 11, 0)),
            warned(ClockKind::Restore, local(MEXICO, day, 13, 0))
        ]
    );
}

#[test]
fn paused_restore_clock_is_not_warned() {
    let engine = engine("p4-callmyway");
    let day = (2026, 10, 19);
    let mut story = open_story("incidente", Some("s1"), local(MEXICO, day, 10, 0));
    story.then(
        local(MEXICO, day, 10, 10),
        EventKind::Commented {
            text: "x".into(),
            customer_visible: true,
        },
    );
    story.then(
        local(MEXICO, day, 10, 30),
        EventKind::WaitingStarted {
            reason: "datos".into(),
        },
    );
    assert!(story.run_due(&engine, local(MEXICO, day, 18, 0)).is_empty());
    story.then(local(MEXICO, day, 18, 0), EventKind::WaitingEnded);
    // 30 minutes counted before the pause; the deadline is now 18:00 + 150 = 20:30.
    let due = story.run_due(&engine, local(MEXICO, day, 20, 31));
    assert_eq!(
        due,
        vec![breached(ClockKind::Restore, local(MEXICO, day, 20, 30))]
    );
}

#[test]
fn p3_stage_escalation_climbs_the_directory_once_per_level() {
    let engine = engine("p3-cirion");
    let day = (2026, 10, 19); // a Monday: in office hours
    let at = local(GUAYAQUIL, day, 10, 0);
    let mut story = open_story("tecnico", None, at);
    story.then(
        at,
        EventKind::StageChanged {
            stage: "diagnostico".into(),
            entered_on: None,
        },
    );
    let deadline = local(GUAYAQUIL, day, 10, 20);
    assert_eq!(
        story.run_due(&engine, local(GUAYAQUIL, day, 10, 17)),
        vec![warned(ClockKind::Stage, deadline)]
    );
    let due = story.run_due(&engine, local(GUAYAQUIL, day, 10, 21));
    assert_eq!(due.len(), 3, "{due:?}");
    assert_eq!(due[0], breached(ClockKind::Stage, deadline));
    let EventKind::NotificationQueued(n) = &due[1] else {
        panic!("{due:?}")
    };
    assert_eq!(n.rule, "etapa_vencida_n1");
    assert_eq!(n.to, vec!["supervision.tsc@example.invalid".to_string()]);
    assert_eq!(due[2], rule_marked("etapa_vencida_n1", at));
    assert!(story
        .run_due(&engine, local(GUAYAQUIL, day, 10, 49))
        .is_empty());
    // 30 minutes past the deadline: operations manager.
    let due = story.run_due(&engine, local(GUAYAQUIL, day, 10, 50));
    let EventKind::NotificationQueued(n) = &due[0] else {
        panic!("{due:?}")
    };
    assert_eq!(n.rule, "etapa_vencida_n2");
    assert_eq!(
        n.to,
        vec!["gerencia.operaciones@example.invalid".to_string()]
    );
    let due = story.run_due(&engine, local(GUAYAQUIL, day, 11, 20));
    let EventKind::NotificationQueued(n) = &due[0] else {
        panic!("{due:?}")
    };
    assert_eq!(n.rule, "etapa_vencida_n3");
    assert!(story
        .run_due(&engine, local(GUAYAQUIL, day, 15, 0))
        .is_empty());
    // A new stage is a new clock run: its breach escalates again.
    story.then(
        local(GUAYAQUIL, day, 15, 0),
        EventKind::StageChanged {
            stage: "documentacion".into(),
            entered_on: None,
        },
    );
    let due = story.run_due(&engine, local(GUAYAQUIL, day, 15, 11));
    assert_eq!(due.len(), 3, "{due:?}");
}

#[test]
fn p3_at_night_the_after_hours_line_is_notified() {
    let engine = engine("p3-cirion");
    // Saturday 03:00 in Guayaquil.
    let at = local(GUAYAQUIL, (2026, 10, 17), 3, 0);
    let mut story = open_story("tecnico", None, at);
    story.then(
        at,
        EventKind::StageChanged {
            stage: "diagnostico".into(),
            entered_on: None,
        },
    );
    let due = story.run_due(&engine, at + Duration::minutes(21));
    let EventKind::NotificationQueued(n) = &due[1] else {
        panic!("{due:?}")
    };
    assert_eq!(
        n.to,
        vec!["escalamiento.guardia@example.invalid".to_string()]
    );
    // Level 2 has no after-hours contact: the regular directory answers.
    let due = story.run_due(&engine, at + Duration::minutes(50));
    let EventKind::NotificationQueued(n) = &due[0] else {
        panic!("{due:?}")
    };
    assert_eq!(
        n.to,
        vec!["gerencia.operaciones@example.invalid".to_string()]
    );
    assert!(!engine.is_in_hours(at));
    assert!(engine.is_in_hours(local(GUAYAQUIL, (2026, 10, 19), 9, 0)));
}

#[test]
fn rules_move_level_and_raise_severity_once_and_reach_a_fixpoint() {
    // P4 with a rule that, on a restore breach, moves to level 2 and raises the severity.
    let mut profile = ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap();
    profile.escalation.rules = serde_json::from_str(
        r#"[{ "id": "restore_breach", "name": "Solución vencida",
              "trigger": { "clock": "restore", "when": "breach" },
              "actions": [ { "action": "notify_escalation_level", "level": 3 },
                           { "action": "move_to_level", "level": 2 },
                           { "action": "raise_severity" } ] }]"#,
    )
    .unwrap();
    let engine = Engine::new(profile).expect("engine");
    let day = (2026, 10, 19);
    let mut story = open_story("incidente", Some("s3"), local(MEXICO, day, 10, 0));
    story.then(
        local(MEXICO, day, 10, 5),
        EventKind::Commented {
            text: "x".into(),
            customer_visible: true,
        },
    );
    // S3: restore 240 business minutes → 14:00. At 14:30 it is breached; the rule raises the
    // severity to S2 (240 → same deadline 14:00, already breached: no new mark).
    let now = local(MEXICO, day, 14, 30);
    let due = story.run_due(&engine, now);
    let deadline = local(MEXICO, day, 14, 0);
    assert_eq!(due[0], breached(ClockKind::Restore, deadline));
    assert!(
        matches!(&due[1], EventKind::NotificationQueued(n) if n.to == ["soporte.avanzado@example.invalid"])
    );
    assert_eq!(
        due[2],
        EventKind::Escalated(Escalation::Functional { level: 2 })
    );
    assert!(matches!(&due[3], EventKind::SeverityChanged { severity: Some(s), .. } if s == "s2"));
    assert_eq!(
        due[4],
        rule_marked("restore_breach", local(MEXICO, day, 10, 0))
    );
    assert_eq!(due.len(), 5, "{due:?}");
    let ticket = story.ticket();
    assert_eq!(ticket.level, 2);
    assert_eq!(ticket.severity.as_deref(), Some("s2"));
    assert!(story.run_due(&engine, local(MEXICO, day, 18, 0)).is_empty());
}

#[test]
fn raising_severity_to_a_shorter_target_records_the_new_breach_in_the_same_run() {
    let mut profile = ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap();
    profile.escalation.rules = serde_json::from_str(
        r#"[{ "id": "raise", "trigger": { "clock": "restore", "when": { "at_percent": 90 } },
              "actions": [ { "action": "raise_severity" } ] }]"#,
    )
    .unwrap();
    let engine = Engine::new(profile).expect("engine");
    let day = (2026, 10, 19);
    let mut story = open_story("incidente", Some("s2"), local(MEXICO, day, 10, 0));
    story.then(
        local(MEXICO, day, 10, 5),
        EventKind::Commented {
            text: "x".into(),
            customer_visible: true,
        },
    );
    // S2: 240 min → 14:00, 90 % = 13:36. At 13:40 → raised to S1 (180 min → 13:00): breached.
    let due = story.run_due(&engine, local(MEXICO, day, 13, 40));
    assert_eq!(
        due[0],
        warned(ClockKind::Restore, local(MEXICO, day, 14, 0))
    );
    assert!(matches!(&due[1], EventKind::SeverityChanged { severity: Some(s), .. } if s == "s1"));
    assert_eq!(
        due[3],
        breached(ClockKind::Restore, local(MEXICO, day, 13, 0))
    );
    assert_eq!(due.len(), 4, "{due:?}");
}

#[test]
fn customer_escalation_climbs_the_path() {
    let engine = engine("p5-megaport");
    let at = local(MEXICO, (2026, 10, 19), 10, 0);
    let mut story = open_story("incidente", Some("s2"), at);
    assert!(engine
        .customer_escalation(&story.ticket(), "no_such_reason", at)
        .is_none());
    for expected in [1u8, 2, 3] {
        let events = engine
            .customer_escalation(&story.ticket(), "resolucion_lenta", at)
            .expect("escalation");
        assert_eq!(
            events[0],
            EventKind::Escalated(Escalation::Customer {
                reason: "resolucion_lenta".into(),
                level: expected
            })
        );
        // P5's «remision» rule writes the message (notifications.rs): the engine adds
        // none of its own.
        assert_eq!(events.len(), 1, "{events:?}");
        for e in events {
            story.then(at, e);
        }
    }
    assert!(engine
        .customer_escalation(&story.ticket(), "resolucion_lenta", at)
        .is_none());
}

#[test]
fn a_resolved_ticket_is_not_escalated_but_auto_closes() {
    let engine = engine("p1-sipo");
    let at = local(MEXICO, (2026, 10, 19), 10, 0);
    let mut story = open_story("incidente_api", None, at);
    story.then(
        at + Duration::hours(1),
        EventKind::Resolved(Resolution::default()),
    );
    story.then(
        at + Duration::hours(2),
        EventKind::CustomerVerified { by: "CS".into() },
    );
    assert!(engine
        .due(&story.ticket(), at + Duration::days(3))
        .is_empty());
}
