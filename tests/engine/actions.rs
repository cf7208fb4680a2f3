//! The ticket page's actions: which ones a ticket offers in each status, and that every event an
//! allowed action builds folds without a conflict.

use std::collections::BTreeSet;

use crate::common::profile;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use mesa::domain::actions::*;
use mesa::domain::commands::Stamp;
use mesa::domain::engine::Engine;
use mesa::domain::event::*;
use mesa::domain::fold::fold_ticket;
use mesa::domain::profile::{presets, ProcessProfile};
use mesa::domain::registration::ResolutionDraft;
use mesa::domain::ticket::{Status, Ticket};
use mesa::locales::{texts, Lang};

const T0: i64 = 1_792_000_000_000; // 2026-10-15

/// A ticket's history, written by one device one minute apart.
struct History {
    events: Vec<Event>,
    ticket: TicketId,
    minute: i64,
}

impl History {
    fn open(profile: &ProcessProfile) -> Self {
        let kind = profile.request_kinds[0].id.clone();
        let chosen = profile.severities.first().map(|s| s.id.as_str());
        let severity = profile.initial_severity(&kind, chosen);
        let mut h = History {
            events: Vec::new(),
            ticket: TicketId::default(),
            minute: 0,
        };
        let opened = EventKind::Opened(Opened {
            number: "261015-AAAAA".into(),
            profile: profile.id.clone(),
            request_kind: kind,
            severity,
            customer: "Cliente Ejemplo".into(),
            site: Some("Sede norte".into()),
            description: "Sin servicio".into(),
            ..Opened::default()
        });
        let event = h.stamp().on(&TicketId::default(), opened);
        h.ticket = event.id.as_ticket();
        let mut event = event;
        event.ticket_id = h.ticket.clone();
        h.events.push(event);
        h
    }

    fn now(&self) -> DateTime<Utc> {
        ms_to_utc(T0 + self.minute * 60_000)
    }

    fn stamp(&mut self) -> Stamp {
        self.minute += 1;
        Stamp {
            device: "tablet-1".into(),
            actor: "ana".into(),
            newest_clock: self.events.iter().map(|e| e.hlc.clone()).max(),
            now_ms: T0 + self.minute * 60_000,
            random: self.minute as u128 * 7919,
            local_date: NaiveDate::from_ymd_opt(2026, 10, 15).unwrap(),
        }
    }

    fn push(&mut self, kind: EventKind) -> &mut Self {
        let ticket = self.ticket.clone();
        let event = self.stamp().on(&ticket, kind);
        self.events.push(event);
        self
    }

    fn ticket(&self) -> Ticket {
        fold_ticket(&self.events).expect("an opened ticket")
    }
}

fn resolution() -> Resolution {
    Resolution {
        root_cause: "Fibra cortada".into(),
        solution: "Empalme de fibra".into(),
        affected_minutes: Some(95),
        confirmed_by: "Jefe de NOC del cliente".into(),
        category: None,
    }
}

/// The ticket of `profile` in each status the scenarios need.
fn scenarios(profile: &ProcessProfile) -> Vec<(&'static str, History)> {
    let mut out = Vec::new();
    out.push(("open", History::open(profile)));
    let mut h = History::open(profile);
    h.push(EventKind::Assigned {
        assignee: "tecnico-1".into(),
    });
    out.push(("open_assigned", h));
    let mut h = History::open(profile);
    h.push(EventKind::WaitingStarted {
        reason: "Esperando logs".into(),
    });
    out.push(("waiting", h));
    let mut h = History::open(profile);
    h.push(EventKind::Resolved(resolution()));
    out.push(("resolved", h));
    let mut h = History::open(profile);
    h.push(EventKind::Resolved(resolution()))
        .push(EventKind::Closed { note: "".into() });
    out.push(("closed", h));
    let mut h = History::open(profile);
    h.push(EventKind::RejectedOutOfScope {
        reason: "No es de la API".into(),
    });
    out.push(("rejected", h));
    // Escalated on one device while closed on another: a kept conflict.
    let mut h = History::open(profile);
    h.push(EventKind::Resolved(resolution()))
        .push(EventKind::Closed { note: "".into() })
        .push(EventKind::Escalated(Escalation::Functional { level: 2 }));
    out.push(("closed_with_conflict", h));
    let mut h = History::open(profile);
    h.push(EventKind::Resolved(resolution()))
        .push(EventKind::Reopened {
            reason: "Volvió a fallar".into(),
        });
    out.push(("reopened", h));
    // Dispatched into a stage with milestones (P3): the travel runs.
    if let Some(stage) = profile.stages.iter().find(|s| !s.milestones.is_empty()) {
        let mut h = History::open(profile);
        if let Some(kind) = stage.kinds.first() {
            h.push(EventKind::Classified {
                request_kind: kind.clone(),
            });
        }
        h.push(EventKind::Dispatched {
            site: "Sede norte".into(),
            city_class: profile.city_classes[0].id.clone(),
        })
        .push(EventKind::StageChanged {
            stage: stage.id.clone(),
            entered_on: stage.entered_on,
        });
        out.push(("dispatched", h));
    }
    out
}

/// Valid inputs for an action on this ticket: every event it can make.
fn samples(
    action: Action,
    engine: &Engine,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Vec<Built<Vec<EventKind>>> {
    let profile = engine.profile();
    let one = |b: Built| b.map(|k| vec![k]);
    match action {
        Action::Classify => {
            let other = profile
                .request_kinds
                .iter()
                .find(|k| k.id != ticket.request_kind)
                .expect("another kind");
            vec![one(classify(profile, ticket, &other.id))]
        }
        Action::ChangeSeverity => {
            let other = profile
                .severities
                .iter()
                .find(|s| ticket.severity.as_deref() != Some(s.id.as_str()))
                .expect("another severity");
            vec![one(change_severity(profile, ticket, &other.id, "Empeoró"))]
        }
        Action::Assign => vec![one(assign(ticket, "tecnico-2"))],
        Action::MoveStage => stage_options(profile, ticket)
            .iter()
            .map(|s| one(move_stage(profile, ticket, &s.id)))
            .collect(),
        Action::Escalate => escalation_choices(profile, ticket)
            .iter()
            .map(|c| one(escalate(profile, ticket, c)))
            .collect(),
        Action::CustomerEscalation => {
            let spec = profile.escalation.customer_escalation.as_ref().unwrap();
            spec.reasons
                .iter()
                .map(|r| customer_escalation(engine, ticket, &r.id, now))
                .collect()
        }
        Action::RestoreWithWorkaround => vec![one(restore_with_workaround(
            "Tráfico por el puerto de respaldo",
        ))],
        Action::Dispatch => {
            let class = profile
                .city_classes
                .first()
                .map(|c| c.id.as_str())
                .unwrap_or("");
            vec![one(dispatch(profile, "Sede norte", class))]
        }
        Action::ReachMilestone => vec![one(reach_milestone(profile, ticket))],
        Action::LinkCustomer => {
            let on_file = [mesa::domain::customer::Customer {
                name: "Banco Andino".into(),
                ..Default::default()
            }];
            vec![one(link_customer(&on_file, ticket, " banco andino"))]
        }
        Action::WaitOnCustomer => vec![one(wait_on_customer("Esperando logs"))],
        Action::Resume => vec![Ok(vec![resume()])],
        Action::PromiseUpdate => vec![one(promise_update(Some(now + Duration::hours(1)), now))],
        Action::Comment => vec![
            one(comment("Revisando", false)),
            one(comment("Le escribimos", true)),
        ],
        Action::Attach => vec![one(attach(Attachment {
            id: "att-1".into(),
            name: "log.txt".into(),
            mime: "text/plain".into(),
            size: 120,
            sha256: None,
        }))],
        Action::Resolve => vec![one(resolve(
            profile,
            &ResolutionDraft {
                root_cause: "Fibra cortada".into(),
                solution: "Empalme".into(),
                affected_minutes: Some(30),
                confirmed_by: "Jefe de NOC".into(),
                category: profile.closure.categories.first().map(|c| c.id.clone()),
            },
        ))],
        Action::CustomerVerify => vec![one(customer_verify("Jefe de NOC"))],
        Action::CustomerReject => vec![one(customer_reject("Sigue fallando"))],
        Action::Close => vec![Ok(vec![close("")])],
        Action::RejectOutOfScope => vec![one(reject_out_of_scope(profile, "No es de la API"))],
        Action::Reopen => vec![one(reopen("Volvió a fallar"))],
        Action::ResolveConflict => {
            let ids: Vec<EventId> = ticket.open_conflicts().map(|c| c.event.clone()).collect();
            vec![one(resolve_conflicts(ticket, &ids, "Se mantiene cerrada"))]
        }
    }
}

fn set(actions: &[Action]) -> BTreeSet<&'static str> {
    actions.iter().map(|a| a.code()).collect()
}

#[test]
fn the_actions_of_each_status_follow_the_fold() {
    use Action::*;
    // P4: severities, stages and levels; no scope, dispatch or customer escalation.
    let p = profile("p4-callmyway");
    let by_name: Vec<(&str, Ticket)> = scenarios(&p)
        .into_iter()
        .map(|(n, h)| (n, h.ticket()))
        .collect();
    let get = |name: &str| &by_name.iter().find(|(n, _)| *n == name).unwrap().1;
    let worked = [
        Comment,
        Assign,
        Classify,
        ChangeSeverity,
        MoveStage,
        Escalate,
        PromiseUpdate,
        Attach,
        Resolve,
        LinkCustomer,
    ];
    let mut open: Vec<Action> = worked.to_vec();
    open.push(WaitOnCustomer);
    assert_eq!(set(&allowed_actions(get("open"), &p)), set(&open));
    assert_eq!(set(&allowed_actions(get("open_assigned"), &p)), set(&open));
    assert_eq!(set(&allowed_actions(get("reopened"), &p)), set(&open));
    let mut waiting: Vec<Action> = worked.to_vec();
    waiting.push(Resume);
    assert_eq!(get("waiting").status, Status::WaitingOnCustomer);
    assert_eq!(set(&allowed_actions(get("waiting"), &p)), set(&waiting));
    assert_eq!(
        set(&allowed_actions(get("resolved"), &p)),
        // A resolved ticket still walks its last stages (P3: follow-up and closure).
        set(&[
            Comment,
            Attach,
            LinkCustomer,
            MoveStage,
            CustomerVerify,
            CustomerReject,
            Close,
            Reopen
        ])
    );
    assert_eq!(
        set(&allowed_actions(get("closed"), &p)),
        set(&[Comment, Attach, LinkCustomer, Reopen])
    );
    assert_eq!(
        set(&allowed_actions(get("rejected"), &p)),
        set(&[Comment, Attach, LinkCustomer, Reopen])
    );
    assert_eq!(
        set(&allowed_actions(get("closed_with_conflict"), &p)),
        set(&[Comment, Attach, LinkCustomer, Reopen, ResolveConflict])
    );
}

#[test]
fn the_profile_narrows_the_actions() {
    // P1 has a scope rule: an untouched open report can be rejected; once assigned, not.
    let p1 = profile("p1-sipo");
    let open = History::open(&p1).ticket();
    assert!(allowed_actions(&open, &p1).contains(&Action::RejectOutOfScope));
    let mut h = History::open(&p1);
    h.push(EventKind::Assigned {
        assignee: "soporte".into(),
    });
    assert!(!allowed_actions(&h.ticket(), &p1).contains(&Action::RejectOutOfScope));
    // P1 has no severities and one request kind.
    assert!(!allowed_actions(&open, &p1).contains(&Action::ChangeSeverity));
    assert!(!allowed_actions(&open, &p1).contains(&Action::Classify));
    assert!(!allowed_actions(&open, &p1).contains(&Action::Dispatch));
    // P4 has no scope rule.
    let p4 = profile("p4-callmyway");
    assert!(!allowed_actions(&History::open(&p4).ticket(), &p4).contains(&Action::RejectOutOfScope));
    // P3 dispatches field staff (stage targets by city class); P2 has on-site support.
    for id in ["p3-cirion", "p2-seware"] {
        let p = profile(id);
        assert!(
            allowed_actions(&History::open(&p).ticket(), &p).contains(&Action::Dispatch),
            "{id}"
        );
    }
    // Only P5 defines customer escalation ("remitir caso") and a workaround that restores the
    // service (once: the milestone is not offered again).
    for (id, _) in presets() {
        let p = profile(id);
        let open = History::open(&p).ticket();
        let has = allowed_actions(&open, &p).contains(&Action::CustomerEscalation);
        assert_eq!(has, id == "p5-megaport", "{id}");
        let has = allowed_actions(&open, &p).contains(&Action::RestoreWithWorkaround);
        assert_eq!(has, id == "p5-megaport", "{id}");
    }
    let p5 = profile("p5-megaport");
    let mut h = History::open(&p5);
    h.push(EventKind::RestoredWithWorkaround {
        workaround: "Ruta alterna".into(),
    });
    assert!(!allowed_actions(&h.ticket(), &p5).contains(&Action::RestoreWithWorkaround));
    assert_eq!(
        restore_with_workaround("  "),
        Err(vec![ActionProblem::new("workaround", Issue::Required)])
    );
}

#[test]
fn every_allowed_action_folds_without_a_conflict() {
    for (id, _) in presets() {
        let engine = Engine::new(profile(id)).unwrap();
        for (name, history) in scenarios(engine.profile()) {
            let ticket = history.ticket();
            for action in allowed_actions(&ticket, engine.profile()) {
                for built in samples(action, &engine, &ticket, history.now()) {
                    let kinds =
                        built.unwrap_or_else(|p| panic!("{id}/{name}/{}: {p:?}", action.code()));
                    let mut h = History {
                        events: history.events.clone(),
                        ticket: history.ticket.clone(),
                        minute: history.minute,
                    };
                    for kind in kinds {
                        h.push(kind);
                    }
                    let after = h.ticket();
                    let new_conflicts = after.conflicts.len() - ticket.conflicts.len();
                    assert_eq!(new_conflicts, 0, "{id}/{name}/{}", action.code());
                    assert_eq!(after.event_count, h.events.len() as u32);
                }
            }
        }
    }
}

#[test]
fn every_action_is_allowed_somewhere() {
    let mut seen = BTreeSet::new();
    for (id, _) in presets() {
        let p = profile(id);
        for (_, h) in scenarios(&p) {
            seen.extend(set(&allowed_actions(&h.ticket(), &p)));
        }
    }
    assert_eq!(seen, set(&Action::ALL));
}

#[test]
fn resolve_refuses_missing_closure_fields() {
    // P3 requires root cause, solution, affected time and the confirming person.
    let p3 = profile("p3-cirion");
    let problems = resolve(&p3, &ResolutionDraft::default()).unwrap_err();
    let fields: BTreeSet<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        BTreeSet::from(["root_cause", "solution", "affected_minutes", "confirmed_by"])
    );
    assert!(problems.iter().all(|p| p.issue == Issue::Required));
    // P5 only requires the solution.
    let p5 = profile("p5-megaport");
    let draft = ResolutionDraft {
        solution: "  Se reinició el puerto  ".into(),
        ..ResolutionDraft::default()
    };
    match resolve(&p5, &draft).unwrap() {
        EventKind::Resolved(r) => assert_eq!(r.solution, "Se reinició el puerto"),
        other => panic!("{other:?}"),
    }
    // The typed form reports a malformed number beside the missing fields.
    let form = ResolveForm {
        root_cause: "Fibra".into(),
        affected_minutes: "noventa".into(),
        ..ResolveForm::default()
    };
    let problems = resolve_form(&p3, &form).unwrap_err();
    assert!(problems.contains(&ActionProblem::new("affected_minutes", Issue::NotANumber)));
    assert!(problems.contains(&ActionProblem::new("solution", Issue::Required)));
    assert!(problems.contains(&ActionProblem::new("confirmed_by", Issue::Required)));
    assert_eq!(problems.len(), 3);
    let form = ResolveForm {
        root_cause: "Fibra".into(),
        solution: "Empalme".into(),
        affected_minutes: " 90 ".into(),
        confirmed_by: "Jefa de sede".into(),
        category: String::new(),
    };
    match resolve_form(&p3, &form).unwrap() {
        EventKind::Resolved(r) => assert_eq!(r.affected_minutes, Some(90)),
        other => panic!("{other:?}"),
    }
}

#[test]
fn builders_check_their_inputs() {
    let p4 = profile("p4-callmyway");
    let ticket = History::open(&p4).ticket();
    let now = ms_to_utc(T0);
    // A severity change needs a reason and a different, known severity.
    let problems = change_severity(&p4, &ticket, "s1", " ").unwrap_err();
    assert!(problems.contains(&ActionProblem::new("reason", Issue::Required)));
    assert!(problems.contains(&ActionProblem::new("severity", Issue::Unchanged)));
    let problems = change_severity(&p4, &ticket, "s9", "Empeoró").unwrap_err();
    assert_eq!(
        problems,
        vec![ActionProblem::new("severity", Issue::NotAnOption)]
    );
    assert!(change_severity(&p4, &ticket, "s2", "Mejoró").is_ok());
    // A promised update must be in the future.
    assert_eq!(
        promise_update(Some(now - Duration::minutes(5)), now).unwrap_err(),
        vec![ActionProblem::new("at", Issue::NotInFuture)]
    );
    assert_eq!(
        promise_update(Some(now), now).unwrap_err(),
        vec![ActionProblem::new("at", Issue::NotInFuture)]
    );
    assert_eq!(
        promise_update(None, now).unwrap_err(),
        vec![ActionProblem::new("at", Issue::Required)]
    );
    // Reasons are required where the process records them.
    assert!(wait_on_customer("").is_err());
    assert!(reopen(" ").is_err());
    assert!(customer_reject("").is_err());
    assert!(customer_verify("").is_err());
    assert!(comment("  ", true).is_err());
    assert!(reject_out_of_scope(&profile("p1-sipo"), "").is_err());
    // Stages and escalations only from the profile's lists.
    assert_eq!(
        move_stage(&p4, &ticket, "nope").unwrap_err(),
        vec![ActionProblem::new("stage", Issue::NotAnOption)]
    );
    let bad = EscalationChoice::Hierarchical {
        level: 1,
        contact: "nadie".into(),
    };
    assert!(escalate(&p4, &ticket, &bad).is_err());
    assert!(escalate(&p4, &ticket, &EscalationChoice::Functional { level: 1 }).is_err());
    assert!(escalate(&p4, &ticket, &EscalationChoice::Functional { level: 2 }).is_ok());
    // A city class from the profile when it defines classes.
    let p3 = profile("p3-cirion");
    assert_eq!(
        dispatch(&p3, "Sede norte", "").unwrap_err(),
        vec![ActionProblem::new("city_class", Issue::Required)]
    );
    assert!(dispatch(&p3, "Sede norte", "principal").is_ok());
    // Conflicts: only open ones, with a note.
    assert!(resolve_conflicts(&ticket, &[], "nota").is_err());
    assert_eq!(parse_minutes("12"), Ok(Some(12)));
    assert_eq!(parse_minutes(""), Ok(None));
    assert_eq!(parse_minutes("-3"), Err(Issue::NotANumber));
}

#[test]
fn customer_escalation_climbs_the_path_then_stops() {
    let engine = Engine::new(profile("p5-megaport")).unwrap();
    let mut h = History::open(engine.profile());
    for expected in [1u8, 2, 3] {
        let ticket = h.ticket();
        assert!(allowed_actions(&ticket, engine.profile()).contains(&Action::CustomerEscalation));
        let kinds = customer_escalation(&engine, &ticket, "impacto_negocio", h.now()).unwrap();
        assert!(matches!(
            kinds[0],
            EventKind::Escalated(Escalation::Customer { level, .. }) if level == expected
        ));
        for k in kinds {
            h.push(k);
        }
    }
    let ticket = h.ticket();
    assert_eq!(ticket.level, 3);
    assert!(!allowed_actions(&ticket, engine.profile()).contains(&Action::CustomerEscalation));
    assert_eq!(
        customer_escalation(&engine, &ticket, "impacto_negocio", h.now()).unwrap_err(),
        vec![ActionProblem::new("reason", Issue::TopOfPath)]
    );
    assert_eq!(
        customer_escalation(&engine, &h.ticket(), "otra", h.now()).unwrap_err(),
        vec![ActionProblem::new("reason", Issue::NotAnOption)]
    );
}

#[test]
fn the_ticket_page_has_a_text_for_every_code() {
    use mesa::domain::sla::ClockState;
    use mesa::domain::ticket::ConflictReason;
    for lang in Lang::ALL {
        let table = texts(lang);
        let mut keys: Vec<String> = Vec::new();
        keys.extend(
            Action::ALL
                .iter()
                .map(|a| format!("ticket.action.{}", a.code())),
        );
        keys.extend(Issue::CODES.iter().map(|c| format!("ticket.issue.{c}")));
        keys.extend(
            [
                ConflictReason::TicketNotActive,
                ConflictReason::NotResolved,
                ConflictReason::NotFinished,
                ConflictReason::AlreadyWorked,
                ConflictReason::DuplicateOpen,
            ]
            .iter()
            .map(|r| format!("ticket.conflict.{}", r.code())),
        );
        keys.extend(
            [
                ClockState::Off,
                ClockState::Running,
                ClockState::Warning,
                ClockState::Paused,
                ClockState::Met,
                ClockState::Breached,
            ]
            .iter()
            .map(|s| format!("ticket.clock_state.{}", s.code())),
        );
        keys.extend(
            Status::ALL
                .iter()
                .map(|s| format!("ticket.status.{}", s.code())),
        );
        let missing: Vec<&String> = keys.iter().filter(|k| !table.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{}: {missing:?}", lang.code());
    }
}
