//! SLA clocks on the shipped presets, with every deadline worked out by hand in the comments.

use chrono::{DateTime, Duration, Utc};
use chrono_tz::Tz;
use mesa::domain::event::*;
use mesa::domain::explain::ExplanationLine;
use mesa::domain::sla::{ClockKind, ClockState};
use mesa::domain::target::{Target, TimeBasis};
use mesa::domain::ticket::Status;

use crate::common::{engine, local, Story, GUAYAQUIL, MEXICO};

const BOGOTA: Tz = chrono_tz::America::Bogota; // UTC-5, no DST

impl Story {
    fn open(profile: &str, kind: &str, severity: Option<&str>, at: DateTime<Utc>) -> Self {
        Self::open_reported(profile, kind, severity, at, None)
    }

    fn open_reported(
        profile: &str,
        kind: &str,
        severity: Option<&str>,
        at: DateTime<Utc>,
        reported_at: Option<DateTime<Utc>>,
    ) -> Self {
        Story::new(
            at,
            Opened {
                number: "261019-AAAAA".into(),
                profile: profile.into(),
                request_kind: kind.into(),
                severity: severity.map(String::from),
                customer: "ACME".into(),
                description: "Sin servicio".into(),
                reported_at,
                ..Opened::default()
            },
        )
    }
}

fn resolved() -> EventKind {
    EventKind::Resolved(Resolution {
        root_cause: "Configuración".into(),
        solution: "Ajuste".into(),
        affected_minutes: None,
        confirmed_by: "Cliente".into(),
        category: None,
    })
}

fn update() -> EventKind {
    EventKind::Commented {
        text: "Avance".into(),
        customer_visible: true,
    }
}

// ---------------------------------------------------------------- P1

#[test]
fn p1_clocks_are_off_but_elapsed_business_time_is_measured() {
    let engine = engine("p1-sipo");
    // Friday 2026-10-16 13:50 in Mexico City; windows 09–14 and 16–19.
    let reported = local(MEXICO, (2026, 10, 16), 13, 50);
    let mut story = Story::open("p1-sipo", "incidente_api", None, reported);
    let ticket = story.ticket();
    // At 16:30: 10 minutes before 14:00, nothing 14–16, 30 minutes from 16:00.
    let clocks = engine.clocks(&ticket, local(MEXICO, (2026, 10, 16), 16, 30));
    for clock in clocks.all() {
        assert_eq!(clock.state, ClockState::Off, "{:?}", clock.kind);
        assert_eq!(clock.deadline, None);
        assert_eq!(clock.met, None);
    }
    assert_eq!(clocks.restore.elapsed_minutes, 40);
    assert_eq!(clocks.response.elapsed_minutes, 40);
    assert_eq!(clocks.next_deadline(), None);
    // At 15:00 only the 10 minutes before the break count.
    let clocks = engine.clocks(&ticket, local(MEXICO, (2026, 10, 16), 15, 0));
    assert_eq!(clocks.restore.elapsed_minutes, 10);

    // Resolved Monday 10:00: 10 + 180 (Fri 16–19) + 60 (Mon 09–10) = 250 business minutes.
    let resolved_at = local(MEXICO, (2026, 10, 19), 10, 0);
    story.then(resolved_at, resolved());
    let ticket = story.ticket();
    let clocks = engine.clocks(&ticket, resolved_at + Duration::hours(5));
    assert_eq!(clocks.restore.stopped_at, Some(resolved_at));
    assert_eq!(clocks.restore.elapsed_minutes, 250);
    assert_eq!(clocks.restore.state, ClockState::Off);
    assert_eq!(clocks.update.state, ClockState::Off);
}

#[test]
fn p1_auto_closes_24_hours_after_resolution_and_only_once() {
    let engine = engine("p1-sipo");
    let reported = local(MEXICO, (2026, 10, 16), 13, 50);
    let mut story = Story::open("p1-sipo", "incidente_api", None, reported);
    let resolved_at = local(MEXICO, (2026, 10, 16), 16, 20);
    story.then(resolved_at, resolved());
    let ticket = story.ticket();
    assert_eq!(ticket.status, Status::Resolved);
    // The window is 1440 calendar minutes: Saturday 16:20, whatever the office hours.
    let window_end = resolved_at + Duration::hours(24);
    assert!(engine
        .due(
            &ticket,
            window_end - Duration::hours(2) - Duration::seconds(1)
        )
        .is_empty());
    // Two hours before it (P1's `reminder_before`), the customer is reminded.
    assert_eq!(
        engine.due(&ticket, window_end - Duration::seconds(1)),
        vec![EventKind::VerificationEnding { ends: window_end }]
    );
    assert!(engine.due(&ticket, resolved_at).is_empty());
    let due = engine.due(&ticket, window_end);
    assert_eq!(due, vec![EventKind::AutoClosed]);
    for kind in due {
        story.then(window_end, kind);
    }
    let ticket = story.ticket();
    assert_eq!(ticket.status, Status::Closed);
    assert!(ticket.auto_closed);
    assert!(engine.due(&ticket, window_end).is_empty());
    assert!(engine
        .due(&ticket, window_end + Duration::days(30))
        .is_empty());
}

// ---------------------------------------------------------------- P4

#[test]
fn p4_s1_response_and_restore_deadlines_on_the_phone_centre_calendar() {
    let engine = engine("p4-callmyway");
    // Monday 2026-10-19 10:00 in Mexico City; the phone centre is open 06–21 on weekdays.
    let at = local(MEXICO, (2026, 10, 19), 10, 0);
    let story = Story::open("p4-callmyway", "incidente", Some("s1"), at);
    let ticket = story.ticket();
    let clocks = engine.clocks(&ticket, at);
    assert_eq!(
        clocks.response.target,
        Some(Target {
            minutes: 60,
            basis: TimeBasis::Business
        })
    );
    assert_eq!(
        clocks.restore.target,
        Some(Target {
            minutes: 180,
            basis: TimeBasis::Business
        })
    );
    assert_eq!(
        clocks.response.deadline,
        Some(local(MEXICO, (2026, 10, 19), 11, 0))
    );
    assert_eq!(
        clocks.restore.deadline,
        Some(local(MEXICO, (2026, 10, 19), 13, 0))
    );
    // 80 % of 60 = 48 min; 80 % of 180 = 144 min.
    assert_eq!(
        clocks.response.warning_at,
        Some(local(MEXICO, (2026, 10, 19), 10, 48))
    );
    assert_eq!(
        clocks.restore.warning_at,
        Some(local(MEXICO, (2026, 10, 19), 12, 24))
    );
    // P4 has no update-frequency target.
    assert_eq!(clocks.update.state, ClockState::Off);
    assert_eq!(clocks.response.state, ClockState::Running);
    assert_eq!(
        clocks.next_deadline(),
        Some((ClockKind::Response, local(MEXICO, (2026, 10, 19), 11, 0)))
    );
    assert_eq!(engine.calendar_id_for(&ticket), "centro_telefonico");
}

#[test]
fn p4_resolved_after_the_deadline_is_a_breach() {
    let engine = engine("p4-callmyway");
    let at = local(MEXICO, (2026, 10, 19), 10, 0);
    let mut story = Story::open("p4-callmyway", "incidente", Some("s1"), at);
    story.then(local(MEXICO, (2026, 10, 19), 10, 30), update());
    story.then(local(MEXICO, (2026, 10, 19), 13, 30), resolved());
    let ticket = story.ticket();
    let clocks = engine.clocks(&ticket, local(MEXICO, (2026, 10, 20), 9, 0));
    assert_eq!(clocks.response.state, ClockState::Met);
    assert_eq!(clocks.response.met, Some(true));
    assert_eq!(clocks.response.elapsed_minutes, 30);
    assert_eq!(clocks.restore.met, Some(false));
    assert_eq!(clocks.restore.state, ClockState::Breached);
    assert_eq!(
        clocks.restore.stopped_at,
        Some(local(MEXICO, (2026, 10, 19), 13, 30))
    );
    assert_eq!(clocks.restore.elapsed_minutes, 210);
    assert_eq!(clocks.next_deadline(), None);
}

#[test]
fn p4_friday_evening_ticket_counts_on_into_the_weekend_hours() {
    let engine = engine("p4-callmyway");
    // Friday 20:30: 30 minutes until the 21:00 close, Saturday opens 07:00.
    let at = local(MEXICO, (2026, 10, 16), 20, 30);
    let ticket = Story::open("p4-callmyway", "incidente", Some("s1"), at).ticket();
    let clocks = engine.clocks(&ticket, at);
    assert_eq!(
        clocks.response.deadline,
        Some(local(MEXICO, (2026, 10, 17), 7, 30))
    );
    // 180 = 30 Friday + 150 Saturday from 07:00 → 09:30.
    assert_eq!(
        clocks.restore.deadline,
        Some(local(MEXICO, (2026, 10, 17), 9, 30))
    );
    // Saturday 03:00 (closed): still running, nothing counted since Friday 21:00.
    let clocks = engine.clocks(&ticket, local(MEXICO, (2026, 10, 17), 3, 0));
    assert_eq!(clocks.restore.elapsed_minutes, 30);
    assert_eq!(clocks.restore.state, ClockState::Running);
}

// ---------------------------------------------------------------- P5

#[test]
fn p5_business_hours_skip_colombian_holidays() {
    let engine = engine("p5-megaport");
    // Reported Friday 2026-06-26 17:00 Bogotá; Monday 29 June is a holiday (San Pedro y San
    // Pablo, moved to Monday). 48 business hours: Fri 1 h, Tue 30 June..Fri 3 July 36 h, Mon
    // 6 July 9 h = 46 h, then 2 h on Tuesday 7 July → 11:00.
    let at = local(BOGOTA, (2026, 6, 26), 17, 0);
    let ticket = Story::open("p5-megaport", "incidente", Some("s3"), at).ticket();
    assert_eq!(
        engine.clocks(&ticket, at).restore.deadline,
        Some(local(BOGOTA, (2026, 7, 7), 11, 0))
    );
    // 20 July is closed every year: reported Friday 16 July 2027 at 18:00 (after hours), Mon 19
    // 9 h, Tue 20 closed, Wed 21..Fri 23 27 h (36), Mon 26 9 h (45), 3 h on Tuesday 27 → 12:00.
    let at = local(BOGOTA, (2027, 7, 16), 18, 0);
    let ticket = Story::open("p5-megaport", "incidente", Some("s3"), at).ticket();
    assert_eq!(
        engine.clocks(&ticket, at).restore.deadline,
        Some(local(BOGOTA, (2027, 7, 27), 12, 0))
    );
}

#[test]
fn p5_severity_3_restore_is_48_business_hours_from_the_report() {
    let engine = engine("p5-megaport");
    // Reported by phone Monday 2026-10-19 10:00 Bogotá, registered 10:20. Business hours
    // Mon–Fri 09–18 (9 h a day). 48 h = Mon 8 h (10–18) + Tue..Fri 36 h = 44 h, then 4 h on
    // Monday 2026-10-26 from 09:00 → 13:00.
    let reported = local(BOGOTA, (2026, 10, 19), 10, 0);
    let opened = local(BOGOTA, (2026, 10, 19), 10, 20);
    let ticket = Story::open_reported(
        "p5-megaport",
        "incidente",
        Some("s3"),
        opened,
        Some(reported),
    )
    .ticket();
    let clocks = engine.clocks(&ticket, opened);
    assert_eq!(clocks.restore.started_at, reported);
    assert_eq!(
        clocks.restore.target,
        Some(Target {
            minutes: 2880,
            basis: TimeBasis::Business
        })
    );
    assert_eq!(
        clocks.restore.deadline,
        Some(local(BOGOTA, (2026, 10, 26), 13, 0))
    );
    // Response: 30 calendar minutes from the report.
    assert_eq!(
        clocks.response.deadline,
        Some(local(BOGOTA, (2026, 10, 19), 10, 30))
    );
    // Update: 240 calendar minutes from the report while nothing was sent.
    assert_eq!(
        clocks.update.deadline,
        Some(local(BOGOTA, (2026, 10, 19), 14, 0))
    );
    // A general query has no restore clock.
    let query = Story::open("p5-megaport", "consulta", Some("s3"), opened).ticket();
    let clocks = engine.clocks(&query, opened);
    assert_eq!(clocks.restore.state, ClockState::Off);
    assert_eq!(clocks.response.state, ClockState::Running);
    // Provisioning has no severity, so no targets.
    let prov = Story::open("p5-megaport", "aprovisionamiento", None, opened).ticket();
    assert!(engine
        .clocks(&prov, opened)
        .all()
        .all(|c| c.state == ClockState::Off));
}

#[test]
fn p5_a_pause_moves_the_restore_deadline_by_exactly_its_business_time() {
    let engine = engine("p5-megaport");
    let reported = local(BOGOTA, (2026, 10, 19), 10, 0);
    let mut story = Story::open("p5-megaport", "incidente", Some("s3"), reported);
    // Waiting on the customer Tuesday 17:00 → Wednesday 10:30: 60 + 90 = 150 business minutes
    // (17.5 wall hours).
    let wait = local(BOGOTA, (2026, 10, 20), 17, 0);
    let resume = local(BOGOTA, (2026, 10, 21), 10, 30);
    story.then(
        wait,
        EventKind::WaitingStarted {
            reason: "logs".into(),
        },
    );
    let paused = story.ticket();
    let clocks = engine.clocks(&paused, local(BOGOTA, (2026, 10, 20), 17, 30));
    assert_eq!(clocks.restore.state, ClockState::Paused);
    assert_eq!(clocks.restore.paused_minutes, 30);
    assert_eq!(
        clocks.next_deadline().map(|d| d.0),
        Some(ClockKind::Response)
    );
    story.then(resume, EventKind::WaitingEnded);
    let ticket = story.ticket();
    let clocks = engine.clocks(&ticket, local(BOGOTA, (2026, 10, 21), 11, 0));
    assert_eq!(clocks.restore.paused_minutes, 150);
    // Without the pause: Monday 26 13:00; 150 business minutes later: 15:30.
    assert_eq!(
        clocks.restore.deadline,
        Some(local(BOGOTA, (2026, 10, 26), 15, 30))
    );
    // Elapsed: Mon 8 h (10–18) + Tue 8 h (09–17) + Wed 30 min = 990 minutes.
    assert_eq!(clocks.restore.elapsed_minutes, 8 * 60 + 8 * 60 + 30);
    assert_eq!(clocks.restore.state, ClockState::Running);

    // explain() lists the pause and the counted windows, which add up to the target.
    let explanation = engine.explain(
        &ticket,
        ClockKind::Restore,
        local(BOGOTA, (2026, 10, 21), 11, 0),
    );
    let counted: i64 = explanation
        .lines
        .iter()
        .filter_map(|l| match l {
            ExplanationLine::Window { minutes, .. } => Some(*minutes),
            _ => None,
        })
        .sum();
    assert_eq!(counted, 2880);
    assert!(explanation
        .lines
        .iter()
        .any(|l| matches!(l, ExplanationLine::Pause { from, .. } if *from == wait)));
    assert!(explanation
        .to_text()
        .contains("deadline 2026-10-26T20:30:00Z"));
}

#[test]
fn p5_a_promised_update_time_replaces_the_default_update_deadline() {
    let engine = engine("p5-megaport");
    let reported = local(BOGOTA, (2026, 10, 19), 10, 0);
    let mut story = Story::open("p5-megaport", "incidente", Some("s3"), reported);
    // First answer 10:20 (within the 30-minute response target): the next update is due 240
    // calendar minutes later, 14:20.
    story.then(local(BOGOTA, (2026, 10, 19), 10, 20), update());
    let clocks = engine.clocks(&story.ticket(), local(BOGOTA, (2026, 10, 19), 10, 21));
    assert_eq!(clocks.response.state, ClockState::Met);
    assert_eq!(
        clocks.update.started_at,
        local(BOGOTA, (2026, 10, 19), 10, 20)
    );
    assert_eq!(
        clocks.update.deadline,
        Some(local(BOGOTA, (2026, 10, 19), 14, 20))
    );
    // 10:25: "we will update you tomorrow at 12:00" in writing.
    let promised = local(BOGOTA, (2026, 10, 20), 12, 0);
    story.then(
        local(BOGOTA, (2026, 10, 19), 10, 25),
        EventKind::UpdatePromised { at: promised },
    );
    let ticket = story.ticket();
    let clocks = engine.clocks(&ticket, local(BOGOTA, (2026, 10, 19), 15, 0));
    assert_eq!(clocks.update.deadline, Some(promised));
    assert_eq!(
        clocks.update.state,
        ClockState::Running,
        "14:20 no longer applies"
    );
    let explanation = engine.explain(
        &ticket,
        ClockKind::Update,
        local(BOGOTA, (2026, 10, 19), 15, 0),
    );
    assert!(explanation
        .lines
        .contains(&ExplanationLine::PromisedUpdate { at: promised }));
    // The next update (Tuesday 11:00) restarts the default frequency: 15:00.
    story.then(local(BOGOTA, (2026, 10, 20), 11, 0), update());
    let clocks = engine.clocks(&story.ticket(), local(BOGOTA, (2026, 10, 20), 11, 5));
    assert_eq!(
        clocks.update.deadline,
        Some(local(BOGOTA, (2026, 10, 20), 15, 0))
    );
    // After resolution the update clock is off.
    story.then(local(BOGOTA, (2026, 10, 20), 12, 0), resolved());
    let clocks = engine.clocks(&story.ticket(), local(BOGOTA, (2026, 10, 20), 18, 0));
    assert_eq!(clocks.update.state, ClockState::Off);
}

#[test]
fn p5_severity_change_keeps_elapsed_and_paused_time() {
    let engine = engine("p5-megaport");
    let reported = local(BOGOTA, (2026, 10, 19), 10, 0);
    let mut story = Story::open("p5-megaport", "incidente", Some("s3"), reported);
    // Waiting Monday 11:00–13:30: 150 minutes, business and wall alike.
    story.then(
        local(BOGOTA, (2026, 10, 19), 11, 0),
        EventKind::WaitingStarted {
            reason: "acceso".into(),
        },
    );
    story.then(
        local(BOGOTA, (2026, 10, 19), 13, 30),
        EventKind::WaitingEnded,
    );
    let before = engine.clocks(&story.ticket(), local(BOGOTA, (2026, 10, 19), 14, 0));
    // Severity 3: Monday 26 13:00 + 150 business minutes.
    assert_eq!(
        before.restore.deadline,
        Some(local(BOGOTA, (2026, 10, 26), 15, 30))
    );
    // 14:00: raised to severity 1 (loss of service): 6 calendar hours from the report, plus
    // the 2.5 paused hours: 10:00 + 6 h + 2.5 h = 18:30.
    story.then(
        local(BOGOTA, (2026, 10, 19), 14, 0),
        EventKind::SeverityChanged {
            severity: Some("s1".into()),
            reason: "sin servicio".into(),
        },
    );
    let ticket = story.ticket();
    let clocks = engine.clocks(&ticket, local(BOGOTA, (2026, 10, 19), 14, 0));
    assert_eq!(
        clocks.restore.target,
        Some(Target {
            minutes: 360,
            basis: TimeBasis::Calendar
        })
    );
    assert_eq!(clocks.restore.started_at, reported);
    assert_eq!(
        clocks.restore.deadline,
        Some(local(BOGOTA, (2026, 10, 19), 18, 30))
    );
    // Elapsed: 4 h since the report minus 2.5 h paused.
    assert_eq!(clocks.restore.elapsed_minutes, 90);
    assert_eq!(clocks.restore.paused_minutes, 150);
    // 80 % of 360 = 288 counted minutes: 10:00 + 4.8 h + 2.5 h = 17:18.
    assert_eq!(
        clocks.restore.warning_at,
        Some(local(BOGOTA, (2026, 10, 19), 17, 18))
    );
    let explanation = engine.explain(
        &ticket,
        ClockKind::Restore,
        local(BOGOTA, (2026, 10, 19), 14, 0),
    );
    assert!(explanation.lines.iter().any(|l| matches!(l,
        ExplanationLine::SeverityChange { from: Some(f), to: Some(t), .. } if f == "s3" && t == "s1")));
    assert!(explanation.lines.contains(&ExplanationLine::TargetSet {
        minutes: 360,
        basis: TimeBasis::Calendar
    }));
}

// ---------------------------------------------------------------- P3

#[test]
fn p3_stage_targets_diagnosis_and_dispatch_by_city_class() {
    let engine = engine("p3-cirion");
    // Technical requests run on the 24×7 calendar of the operations centre.
    let at = local(GUAYAQUIL, (2026, 10, 19), 10, 0);
    let mut story = Story::open("p3-cirion", "tecnico", None, at);
    assert!(engine.clocks(&story.ticket(), at).stage.is_none());
    story.then(
        at,
        EventKind::StageChanged {
            stage: "diagnostico".into(),
            entered_on: None,
        },
    );
    let clocks = engine.clocks(&story.ticket(), local(GUAYAQUIL, (2026, 10, 19), 10, 17));
    let stage = clocks.stage.expect("stage clock");
    assert_eq!(
        stage.deadline,
        Some(local(GUAYAQUIL, (2026, 10, 19), 10, 20))
    );
    assert_eq!(
        stage.warning_at,
        Some(local(GUAYAQUIL, (2026, 10, 19), 10, 16))
    );
    assert_eq!(stage.state, ClockState::Warning);
    // No severities in P3: response and restore are off.
    assert_eq!(clocks.response.state, ClockState::Off);

    // Dispatch to a main city: 180 minutes; intermediate: 360; remote: no target.
    let dispatch_at = local(GUAYAQUIL, (2026, 10, 19), 10, 18);
    for (class, expect) in [
        ("principal", Some(180)),
        ("intermedia", Some(360)),
        ("remota", None),
    ] {
        let mut s = Story::open("p3-cirion", "tecnico", None, at);
        s.then(
            dispatch_at,
            EventKind::Dispatched {
                site: "Sede Cuenca".into(),
                city_class: class.into(),
            },
        );
        s.then(
            dispatch_at,
            EventKind::StageChanged {
                stage: "despacho".into(),
                entered_on: None,
            },
        );
        // The travel is the dispatch stage's first milestone.
        let clocks = engine.clocks(&s.ticket(), dispatch_at);
        let travel = clocks.milestone.expect("travel clock");
        assert_eq!(travel.milestone, "traslado");
        let travel = travel.clock;
        assert_eq!(travel.kind, ClockKind::Milestone);
        assert_eq!(travel.started_at, dispatch_at);
        match expect {
            Some(minutes) => {
                assert_eq!(
                    travel.deadline,
                    Some(dispatch_at + Duration::minutes(minutes)),
                    "{class}"
                );
                assert_eq!(travel.state, ClockState::Running);
            }
            None => {
                assert_eq!(travel.deadline, None, "{class}");
                assert_eq!(travel.state, ClockState::Off);
            }
        }
    }
}

#[test]
fn p3_administrative_stage_counts_office_hours_only() {
    let engine = engine("p3-cirion");
    // Friday 16:50, office Mon–Fri 08–17: 10 minutes Friday, 10 Monday from 08:00.
    let at = local(GUAYAQUIL, (2026, 10, 16), 16, 50);
    let mut story = Story::open("p3-cirion", "administrativo", None, at);
    story.then(
        at,
        EventKind::StageChanged {
            stage: "diagnostico".into(),
            entered_on: None,
        },
    );
    let ticket = story.ticket();
    assert_eq!(engine.calendar_id_for(&ticket), "oficina");
    let stage = engine.clocks(&ticket, at).stage.expect("stage clock");
    assert_eq!(
        stage.deadline,
        Some(local(GUAYAQUIL, (2026, 10, 19), 8, 10))
    );
    // Closing the ticket stops the stage clock.
    story.then(
        local(GUAYAQUIL, (2026, 10, 19), 8, 5),
        EventKind::Closed {
            note: String::new(),
        },
    );
    let stage = engine
        .clocks(&story.ticket(), local(GUAYAQUIL, (2026, 10, 20), 8, 0))
        .stage
        .expect("stage");
    assert_eq!(stage.state, ClockState::Met);
    assert_eq!(stage.elapsed_minutes, 15);
}

#[test]
fn rejected_tickets_have_every_clock_off() {
    let engine = engine("p4-callmyway");
    let at = local(MEXICO, (2026, 10, 19), 10, 0);
    let mut story = Story::open("p4-callmyway", "incidente", Some("s1"), at);
    story.then(
        at + Duration::minutes(5),
        EventKind::RejectedOutOfScope {
            reason: "fuera".into(),
        },
    );
    let clocks = engine.clocks(&story.ticket(), at + Duration::days(2));
    assert!(clocks
        .all()
        .all(|c| c.state == ClockState::Off && !c.is_running()));
    assert!(engine
        .due(&story.ticket(), at + Duration::days(2))
        .is_empty());
}

#[test]
fn clock_types_serialize_with_snake_case_codes() {
    let engine = engine("p4-callmyway");
    let at = local(MEXICO, (2026, 10, 19), 10, 0);
    let clocks = engine.clocks(
        &Story::open("p4-callmyway", "incidente", Some("s2"), at).ticket(),
        at,
    );
    let json = serde_json::to_value(&clocks).expect("json");
    assert_eq!(json["response"]["kind"], "response");
    assert_eq!(json["response"]["state"], "running");
    let back: mesa::domain::sla::TicketClocks = serde_json::from_value(json).expect("roundtrip");
    assert_eq!(back, clocks);
}

#[test]
fn explain_while_paused_counts_nothing_after_the_pause_began() {
    // P5 S1: 6 h wall-clock restore. Reported 12:37; waiting on the customer since 13:07; now
    // 15:36. Nothing is counted from 13:07 on, the pause so far is 2 h 29 min, and the deadline
    // is only what it would be if the work resumed now.
    let engine = engine("p5-megaport");
    let reported = local(BOGOTA, (2026, 10, 19), 12, 37);
    let paused_at = local(BOGOTA, (2026, 10, 19), 13, 7);
    let now = local(BOGOTA, (2026, 10, 19), 15, 36);
    let mut story = Story::open("p5-megaport", "incidente", Some("s1"), reported);
    story.then(
        paused_at,
        EventKind::WaitingStarted {
            reason: "logs".into(),
        },
    );
    let ticket = story.ticket();
    let explanation = engine.explain(&ticket, ClockKind::Restore, now);
    let windows: Vec<_> = explanation
        .lines
        .iter()
        .filter_map(|l| match l {
            ExplanationLine::Window { from, to, minutes } => Some((*from, *to, *minutes)),
            _ => None,
        })
        .collect();
    assert_eq!(windows, [(reported, paused_at, 30)], "{explanation:?}");
    assert!(explanation.lines.iter().any(|l| matches!(
        l,
        ExplanationLine::Pause { from, to: None, .. } if *from == paused_at
    )));
    assert!(explanation.lines.contains(&ExplanationLine::Elapsed {
        minutes: 30,
        paused_minutes: 149,
    }));
    assert!(explanation.lines.contains(&ExplanationLine::State {
        state: ClockState::Paused
    }));
    // No fixed deadline or warning while paused: the deadline moves as long as the pause lasts.
    assert!(!explanation.lines.iter().any(|l| matches!(
        l,
        ExplanationLine::Deadline { .. } | ExplanationLine::Warning { .. }
    )));
    // 6 h target, 30 min counted: 5 h 30 min from now.
    assert!(explanation
        .lines
        .contains(&ExplanationLine::DeadlineIfResumedNow {
            at: now + Duration::minutes(330)
        }));
}

#[test]
fn p5_a_workaround_restores_the_service_and_the_final_fix_is_recorded_apart() {
    let engine = engine("p5-megaport");
    let reported = local(BOGOTA, (2026, 10, 19), 10, 0);
    let mut story = Story::open("p5-megaport", "incidente", Some("s1"), reported);
    story.then(local(BOGOTA, (2026, 10, 19), 10, 10), update());
    // 14:00: traffic rerouted through the backup port; the restore target is 360 calendar
    // minutes from the report (16:00), so the service came back within it.
    let restored = local(BOGOTA, (2026, 10, 19), 14, 0);
    story.then(
        restored,
        EventKind::RestoredWithWorkaround {
            workaround: "Tráfico por el puerto de respaldo".into(),
        },
    );
    let ticket = story.ticket();
    assert_eq!(ticket.status, Status::Open, "the fix is still pending");
    assert_eq!(ticket.workaround.as_ref().map(|w| w.at), Some(restored));
    let clocks = engine.clocks(&ticket, local(BOGOTA, (2026, 10, 19), 20, 0));
    assert_eq!(clocks.restore.state, ClockState::Met);
    assert_eq!(clocks.restore.stopped_at, Some(restored));
    assert_eq!(clocks.restore.elapsed_minutes, 240);
    // The workaround was told to the customer: the update clock counts from it (30 min).
    assert_eq!(
        clocks.update.deadline,
        Some(local(BOGOTA, (2026, 10, 19), 14, 30))
    );
    // The final fix, the next day, long after 16:00, does not turn the restore clock into a breach.
    story.then(local(BOGOTA, (2026, 10, 20), 12, 0), resolved());
    let ticket = story.ticket();
    assert_eq!(ticket.status, Status::Resolved);
    assert_eq!(ticket.workaround.as_ref().map(|w| w.at), Some(restored));
    let clocks = engine.clocks(&ticket, local(BOGOTA, (2026, 10, 20), 18, 0));
    assert_eq!(clocks.restore.met, Some(true));
    assert_eq!(clocks.restore.stopped_at, Some(restored));
    // Reopened: the service is down again, the restore clock runs from the report once more.
    story.then(
        local(BOGOTA, (2026, 10, 20), 13, 0),
        EventKind::Reopened {
            reason: "Volvió a fallar".into(),
        },
    );
    let ticket = story.ticket();
    assert_eq!(ticket.workaround, None);
    let clocks = engine.clocks(&ticket, local(BOGOTA, (2026, 10, 20), 13, 5));
    assert_eq!(clocks.restore.state, ClockState::Breached);
}

#[test]
fn a_workaround_stops_no_clock_where_the_profile_does_not_say_so() {
    // P4 counts solution time to the fix: a workaround recorded there (from another device
    // with another profile version, say) is kept on the ticket but the clock runs on.
    let engine = engine("p4-callmyway");
    let at = local(MEXICO, (2026, 10, 19), 10, 0);
    let mut story = Story::open("p4-callmyway", "incidente", Some("s1"), at);
    story.then(
        local(MEXICO, (2026, 10, 19), 10, 30),
        EventKind::RestoredWithWorkaround {
            workaround: "Desvío de llamadas".into(),
        },
    );
    let ticket = story.ticket();
    assert!(ticket.workaround.is_some());
    let clocks = engine.clocks(&ticket, local(MEXICO, (2026, 10, 19), 11, 0));
    assert_eq!(clocks.restore.state, ClockState::Running);
    assert_eq!(clocks.restore.stopped_at, None);
}
