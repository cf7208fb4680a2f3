//! Notification rules fire: every P3 stage change queues one message to the customer company's
//! contacts of the rule's role (reception does not notify); the same change is never notified
//! twice, however it is replayed; a customer with no matching contact still gets a queued
//! message, flagged as having no addressee.

use chrono::{DateTime, Duration, TimeZone, Utc};
use mesa::domain::actions::{
    close, customer_escalation, escalate, move_stage, resolve, EscalationChoice,
};
use mesa::domain::customer::{Customer, CustomerContact, Site};
use mesa::domain::engine::Engine;
use mesa::domain::event::{Event, EventKind, Notification, Opened, TicketId};
use mesa::domain::fold::fold_ticket;
use mesa::domain::notify::{notifications_for, with_notifications, Cause};
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::registration::ResolutionDraft;
use mesa::domain::ticket::Ticket;

use crate::common::engine;
use crate::common::Device;

/// Monday 2026-10-19 10:00 in Guayaquil.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 19, 15, 0, 0).unwrap()
}

fn contact(name: &str, role: &str, email: &str) -> CustomerContact {
    CustomerContact {
        name: name.into(),
        role: role.into(),
        email: email.into(),
        phone: String::new(),
    }
}

fn banco() -> Vec<Customer> {
    vec![Customer {
        name: "Banco Andino".into(),
        contacts: vec![
            contact("NOC", "notificaciones", "noc@banco.example"),
            contact("Comercial", "comercial", "ventas@banco.example"),
            // Roles compare without case or surrounding spaces.
            contact("Jefa de TI", " Notificaciones ", "ti@banco.example"),
            contact("Sin correo", "notificaciones", ""),
        ],
        ..Customer::default()
    }]
}

/// A ticket driven through actions: each action's events go through `with_notifications` and
/// are stamped by one device, a minute apart.
struct Case {
    engine: Engine,
    customers: Vec<Customer>,
    device: Device,
    events: Vec<Event>,
    id: TicketId,
    at: DateTime<Utc>,
}

impl Case {
    fn open(profile: &str, customer: &str, fields: &[(&str, &str)]) -> (Case, Vec<EventKind>) {
        let engine = engine(profile);
        let kind = engine.profile().request_kinds.last().unwrap().id.clone();
        let opened = EventKind::Opened(Opened {
            number: "CIR-261019-AB12C".into(),
            profile: profile.into(),
            request_kind: kind,
            customer: customer.into(),
            site: Some("Matriz Quito".into()),
            description: "Enlace caído".into(),
            fields: fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            ..Opened::default()
        });
        let mut case = Case {
            engine,
            customers: banco(),
            device: Device::new("tablet"),
            events: Vec::new(),
            id: TicketId::default(),
            at: t0(),
        };
        let kinds = with_notifications(&case.engine, &case.customers, None, vec![opened], t0());
        case.stamp(kinds.clone());
        (case, kinds)
    }

    fn stamp(&mut self, kinds: Vec<EventKind>) {
        for kind in kinds {
            let event = self.device.event(&self.id, self.at, kind);
            self.id = event.ticket_id.clone();
            self.events.push(event);
        }
    }

    fn ticket(&self) -> Ticket {
        fold_ticket(&self.events).unwrap()
    }

    /// Runs one action: the builder's events plus the notifications they queue.
    fn act(&mut self, kinds: Vec<EventKind>) -> Vec<EventKind> {
        self.at += Duration::minutes(1);
        let before = self.ticket();
        let out = with_notifications(&self.engine, &self.customers, Some(&before), kinds, self.at);
        self.stamp(out.clone());
        out
    }

    /// Moves the ticket to `stage`. Leaving P3's documentation needs the solution and the
    /// customer's confirming person, so the ticket is resolved there first (P3 has no rule on
    /// resolving: it queues nothing).
    fn move_to(&mut self, stage: &str) -> Vec<Notification> {
        let ticket = self.ticket();
        if ticket.stage.as_deref() == Some("documentacion") && ticket.resolution.is_none() {
            let draft = ResolutionDraft {
                root_cause: "Fibra cortada".into(),
                solution: "Empalme en campo".into(),
                affected_minutes: Some(95),
                confirmed_by: "Carla Mena".into(),
                category: None,
            };
            let resolved = resolve(self.engine.profile(), &draft).unwrap();
            assert!(queued(&self.act(vec![resolved])).is_empty());
        }
        let kind = move_stage(self.engine.profile(), &self.ticket(), stage).unwrap();
        queued(&self.act(vec![kind]))
    }
}

fn queued(kinds: &[EventKind]) -> Vec<Notification> {
    kinds
        .iter()
        .filter_map(|k| match k {
            EventKind::NotificationQueued(n) => Some(n.clone()),
            _ => None,
        })
        .collect()
}

/// The registration fields P3 needs before a ticket leaves «Registro».
const P3_FIELDS: &[(&str, &str)] = &[("contacto", "Carla Mena"), ("telefono", "+593 99 123 4567")];

const P3_STAGES: [(&str, &str); 7] = [
    ("recepcion", "Recepción del reporte"),
    ("registro", "Registro y apertura del caso"),
    ("diagnostico", "Diagnóstico"),
    ("despacho", "Plan de acción / despacho a campo"),
    (
        "documentacion",
        "Documentación y verificación de la solución",
    ),
    ("seguimiento", "Seguimiento de estabilidad"),
    ("cierre", "Cierre del caso"),
];

#[test]
fn p3_each_stage_change_notifies_the_customer_contacts_except_reception() {
    let (mut case, opened) = Case::open("p3-cirion", "Banco Andino", P3_FIELDS);
    assert_eq!(
        opened.len(),
        1,
        "P3 has no rule on registration: {opened:?}"
    );
    for (i, (stage, name)) in P3_STAGES.iter().enumerate() {
        let notes = case.move_to(stage);
        if *stage == "recepcion" {
            assert!(notes.is_empty(), "reception does not notify: {notes:?}");
            continue;
        }
        assert_eq!(notes.len(), 1, "{stage}: one message per rule");
        let n = &notes[0];
        assert_eq!(n.rule, "cambio_etapa");
        assert_eq!(n.to, ["noc@banco.example", "ti@banco.example"], "{stage}");
        assert!(n.unresolved.is_empty());
        assert_eq!(n.key, format!("cambio_etapa/stage/{stage}/{}", i + 1));
        assert_eq!(
            n.subject,
            format!("Caso CIR-261019-AB12C — etapa «{name}» — Banco Andino / Matriz Quito")
        );
        assert!(
            n.body.contains(&format!("pasó a la etapa «{name}»")),
            "{}",
            n.body
        );
        assert!(n.body.contains("Sede: Matriz Quito"), "{}", n.body);
        match P3_STAGES.get(i + 1) {
            Some((_, next)) => assert!(
                n.body.contains(&format!("Siguiente etapa: «{next}»")),
                "{stage}: {}",
                n.body
            ),
            None => assert!(
                n.body.contains("Es la última etapa del caso."),
                "{}",
                n.body
            ),
        }
    }
    let ticket = case.ticket();
    assert_eq!(ticket.stage.as_deref(), Some("cierre"));
    assert_eq!(ticket.notifications_queued.len(), 6);
    assert!(ticket.conflicts.is_empty());
}

#[test]
fn the_stage_message_says_its_target_and_what_comes_next() {
    let (mut case, _) = Case::open("p3-cirion", "Banco Andino", P3_FIELDS);
    case.move_to("recepcion");
    let n = case.move_to("registro").remove(0);
    // 10:02 in Guayaquil, 4 minutes of target on the 24×7 calendar.
    assert!(
        n.body.contains("el 19/10/2026 10:02 (America/Guayaquil)"),
        "{}",
        n.body
    );
    assert!(
        n.body.contains(
            "Meta de esta etapa: 4 min (a más tardar 19/10/2026 10:06 (America/Guayaquil))."
        ),
        "{}",
        n.body
    );
    assert!(
        n.body
            .contains("Siguiente etapa: «Diagnóstico» (meta 20 min)."),
        "{}",
        n.body
    );
    let n = case.move_to("diagnostico").remove(0);
    assert!(
        n.body.contains(
            "Siguiente etapa: «Plan de acción / despacho a campo» («Traslado a la sede»: meta según la clase de ciudad de la sede; «Solución en campo»: meta 4 h, si aplica)."
        ),
        "{}",
        n.body
    );
    let n = case.move_to("despacho").remove(0);
    assert!(
        n.body
            .contains("«Traslado a la sede»: meta según la clase de ciudad de la sede."),
        "{}",
        n.body
    );
}

#[test]
fn the_next_stage_target_uses_the_city_class_of_the_customer_site() {
    let (mut case, _) = Case::open("p3-cirion", "Banco Andino", P3_FIELDS);
    case.customers[0].sites = vec![Site {
        name: "matriz quito".into(),
        city: "Quito".into(),
        city_class: Some("intermedia".into()),
    }];
    let n = case.move_to("diagnostico").remove(0);
    assert!(
        n.body.contains(
            "Siguiente etapa: «Plan de acción / despacho a campo» («Traslado a la sede»: meta 6 h; «Solución en campo»: meta 4 h, si aplica)."
        ),
        "{}",
        n.body
    );
}

#[test]
fn same_inputs_give_the_same_messages() {
    let (case, _) = Case::open("p3-cirion", "Banco Andino", P3_FIELDS);
    let ticket = case.ticket();
    let kinds = vec![EventKind::StageChanged {
        stage: "diagnostico".into(),
        entered_on: None,
    }];
    let a = with_notifications(
        &case.engine,
        &case.customers,
        Some(&ticket),
        kinds.clone(),
        t0(),
    );
    let b = with_notifications(&case.engine, &case.customers, Some(&ticket), kinds, t0());
    assert_eq!(a, b);
    assert_eq!(queued(&a).len(), 1);
}

#[test]
fn a_change_already_notified_is_not_notified_again() {
    let (mut case, _) = Case::open("p3-cirion", "Banco Andino", P3_FIELDS);
    case.move_to("diagnostico");
    let ticket = case.ticket();
    // Asking again for the change the ticket already has: its key is recorded.
    let cause = Cause::Stage {
        stage: "diagnostico".into(),
    };
    assert!(notifications_for(&case.engine, &case.customers, &ticket, &cause, case.at).is_empty());
    // Re-folding the same events, in another order and with duplicates, lists one message.
    let mut replay = case.events.clone();
    replay.reverse();
    replay.extend(case.events.clone());
    let again = fold_ticket(&replay).unwrap();
    assert_eq!(again, ticket);
    assert_eq!(again.notifications_queued.len(), 1);
}

#[test]
fn two_devices_queueing_the_same_change_list_it_once() {
    let (mut case, _) = Case::open("p3-cirion", "Banco Andino", P3_FIELDS);
    let before = case.ticket();
    let kinds = vec![EventKind::StageChanged {
        stage: "diagnostico".into(),
        entered_on: None,
    }];
    // Both devices saw the same ticket and made the same change while apart.
    let here = with_notifications(
        &case.engine,
        &case.customers,
        Some(&before),
        kinds.clone(),
        t0(),
    );
    let there = with_notifications(&case.engine, &case.customers, Some(&before), kinds, t0());
    case.stamp(here);
    let mut other = Device::new("phone");
    for kind in there {
        case.events
            .push(other.event(&case.id, t0() + Duration::seconds(5), kind));
    }
    let ticket = case.ticket();
    let queued_events = case
        .events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::NotificationQueued(_)))
        .count();
    assert_eq!(queued_events, 2, "both stay in history");
    assert_eq!(
        ticket.notifications_queued.len(),
        1,
        "one message is listed"
    );
    assert_eq!(
        ticket.notification_keys,
        ["cambio_etapa/stage/diagnostico/1"]
    );
}

#[test]
fn a_later_return_to_a_stage_is_a_new_change() {
    let (mut case, _) = Case::open("p3-cirion", "Banco Andino", P3_FIELDS);
    assert_eq!(case.move_to("diagnostico").len(), 1);
    assert_eq!(case.move_to("seguimiento").len(), 1);
    let back = case.move_to("diagnostico");
    assert_eq!(back.len(), 1);
    assert_eq!(back[0].key, "cambio_etapa/stage/diagnostico/3");
    assert_eq!(case.ticket().notifications_queued.len(), 3);
}

#[test]
fn no_matching_contact_queues_the_message_without_addressee() {
    // The customer is not in the list at all.
    let (mut case, _) = Case::open("p3-cirion", "Cooperativa Sin Datos", P3_FIELDS);
    let n = case.move_to("registro").remove(0);
    assert!(n.to.is_empty());
    assert!(n.has_no_recipients());
    assert_eq!(n.unresolved, ["customer_role:notificaciones"]);
    assert!(n.body.contains("Empresa: Cooperativa Sin Datos"));
    assert_eq!(case.ticket().notifications_queued.len(), 1);

    // The customer exists but nobody has the role with an e-mail.
    let (mut case, _) = Case::open("p3-cirion", "Banco Andino", P3_FIELDS);
    case.customers[0].contacts.retain(|c| c.role == "comercial");
    let n = case.move_to("registro").remove(0);
    assert!(n.has_no_recipients());
    assert_eq!(n.unresolved, ["customer_role:notificaciones"]);
}

#[test]
fn p1_notifies_the_reporter_on_open_resolve_and_close() {
    let (mut case, opened) = Case::open(
        "p1-sipo",
        "Banco Andino",
        &[("correos", "ana@cliente.example; luis@cliente.example")],
    );
    let open = queued(&opened);
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].rule, "apertura");
    assert_eq!(open[0].to, ["ana@cliente.example", "luis@cliente.example"]);
    assert!(open[0]
        .body
        .contains("Registramos su incidencia CIR-261019-AB12C"));

    let draft = ResolutionDraft {
        root_cause: "Certificado vencido".into(),
        solution: "Se renovó el certificado".into(),
        affected_minutes: Some(30),
        confirmed_by: "Ana".into(),
        category: None,
    };
    let resolved = resolve(case.engine.profile(), &draft).unwrap();
    let notes = queued(&case.act(vec![resolved]));
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].rule, "solucion");
    assert!(notes[0].body.contains("Solución: Se renovó el certificado"));

    let notes = queued(&case.act(vec![close("")]));
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].rule, "cierre");
    // Closing again is a conflict in the fold: it notifies nothing.
    assert!(queued(&case.act(vec![close("")])).is_empty());
}

#[test]
fn p2_notifies_escalations_and_p3_escalation_has_no_rule() {
    let (mut case, _) = Case::open(
        "p2-seware",
        "Banco Andino",
        &[("correo", "it@cliente.example")],
    );
    let ticket = case.ticket();
    let choice = EscalationChoice::Functional { level: 2 };
    let kind = escalate(case.engine.profile(), &ticket, &choice).unwrap();
    let notes = queued(&case.act(vec![kind]));
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].rule, "escalamiento");
    assert_eq!(notes[0].to, ["it@cliente.example"]);
    assert!(notes[0].body.contains("escalado al nivel 2"));

    let (mut case, _) = Case::open("p3-cirion", "Banco Andino", P3_FIELDS);
    let ticket = case.ticket();
    let kind = escalate(case.engine.profile(), &ticket, &choice).unwrap();
    assert!(queued(&case.act(vec![kind])).is_empty());
}

#[test]
fn due_events_go_through_the_rules_too() {
    // P3's stage breach: the due runner's escalation message to the TSC supervisors is queued
    // by the engine; the customer rules (stage changes only) add nothing to a breach.
    let (mut case, _) = Case::open("p3-cirion", "Banco Andino", P3_FIELDS);
    case.move_to("diagnostico");
    let ticket = case.ticket();
    let late = case.at + Duration::minutes(25);
    let due = case.engine.due(&ticket, late);
    let all = with_notifications(
        &case.engine,
        &case.customers,
        Some(&ticket),
        due.clone(),
        late,
    );
    assert_eq!(all, due);
    let notes = queued(&all);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].to, ["supervision.tsc@example.invalid"]);
    assert!(
        !notes[0].key.is_empty(),
        "escalation messages carry a key too"
    );
}

#[test]
fn the_mailto_link_carries_the_recipients_subject_and_body() {
    use mesa::domain::notify::mailto::mailto;
    let (mut case, _) = Case::open("p3-cirion", "Banco Andino", P3_FIELDS);
    let n = case.move_to("diagnostico").remove(0);
    let link = mailto(&n).unwrap();
    let (head, query) = link.split_once('?').unwrap();
    assert_eq!(head, "mailto:noc@banco.example,ti@banco.example");
    let subject = query
        .strip_prefix("subject=")
        .unwrap()
        .split('&')
        .next()
        .unwrap();
    assert!(subject
        .starts_with("Caso%20CIR-261019-AB12C%20%E2%80%94%20etapa%20%C2%ABDiagn%C3%B3stico%C2%BB"));
    assert!(query.contains("&body=Estimado%20cliente%3A%0D%0A%0D%0ASu%20caso"));
    assert!(!query.contains(' ') && !query.contains('\n'));
    // Nobody to write to: no link.
    let (mut case, _) = Case::open("p3-cirion", "Otra", P3_FIELDS);
    assert_eq!(mailto(&case.move_to("diagnostico").remove(0)), None);
}

#[test]
fn p5_customer_escalation_queues_one_message_reaching_the_new_level() {
    let (mut case, _) = Case::open(
        "p5-megaport",
        "Banco Andino",
        &[("contacto", "Ana"), ("correo", "ana@cliente.example")],
    );
    // P5's "remision" rule: level 1 and the reporter. The first escalation climbs to level 1:
    // one message, level 1 once.
    let kinds =
        customer_escalation(&case.engine, &case.ticket(), "impacto_negocio", case.at).unwrap();
    let notes = queued(&case.act(kinds));
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].rule, "remision");
    assert_eq!(
        notes[0].to,
        ["escalamiento.n1@example.invalid", "ana@cliente.example"]
    );
    assert!(notes[0].unresolved.is_empty());
    // The second climbs to level 2: still one message, now reaching level 2 as well.
    let kinds =
        customer_escalation(&case.engine, &case.ticket(), "resolucion_lenta", case.at).unwrap();
    let notes = queued(&case.act(kinds));
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(
        notes[0].to,
        [
            "escalamiento.n1@example.invalid",
            "ana@cliente.example",
            "escalamiento.n2@example.invalid"
        ]
    );
}

#[test]
fn without_a_rule_the_engine_tells_the_level_a_customer_escalation_reaches() {
    let mut profile = ProcessProfile::from_json(preset("p5-megaport").unwrap()).unwrap();
    profile.notifications.retain(|r| r.id != "remision");
    let engine = Engine::new(profile).unwrap();
    let (case, _) = Case::open(
        "p5-megaport",
        "Banco Andino",
        &[("contacto", "Ana"), ("correo", "ana@cliente.example")],
    );
    let kinds = customer_escalation(&engine, &case.ticket(), "impacto_negocio", case.at).unwrap();
    let notes = queued(&with_notifications(
        &engine,
        &case.customers,
        Some(&case.ticket()),
        kinds,
        case.at,
    ));
    assert_eq!(notes.len(), 1, "{notes:?}");
    assert_eq!(notes[0].rule, "customer_escalation");
    assert_eq!(notes[0].to, ["escalamiento.n1@example.invalid"]);
}

/// P1: the customer has 24 hours from being told of the solution. The window counts from when
/// the resolution's message was sent (a person marked it sent hours after resolving), not from
/// the resolution; while it waits to go nothing closes; a ticket whose message has nobody to go
/// to counts from the resolution.
#[test]
fn p1_verification_window_counts_from_the_solution_message_sent() {
    use mesa::domain::due::{verification_ends, verification_starts};
    let (mut case, _) = Case::open(
        "p1-sipo",
        "Banco Andino",
        &[("correos", "ana@cliente.example")],
    );
    let draft = ResolutionDraft {
        root_cause: "Certificado vencido".into(),
        solution: "Se renovó el certificado".into(),
        affected_minutes: Some(30),
        confirmed_by: "Ana".into(),
        category: None,
    };
    let resolved = resolve(case.engine.profile(), &draft).unwrap();
    case.act(vec![resolved]);
    let resolved_at = case.at;
    let ticket = case.ticket();
    assert_eq!(ticket.resolved_at, Some(resolved_at));
    let notice = ticket
        .solution_notice
        .clone()
        .expect("the solution message");
    assert_eq!(verification_starts(&ticket), None, "not told yet");
    assert_eq!(verification_ends(&case.engine, &ticket), None);
    assert!(
        case.engine
            .due(&ticket, resolved_at + Duration::hours(30))
            .is_empty(),
        "nothing closes while the customer has not been told"
    );

    // Sent five hours later: the window ends 24 hours after that.
    case.at = resolved_at + Duration::hours(5);
    let sent = case.at;
    case.stamp(vec![EventKind::NotificationSent {
        notification: notice,
        message_id: None,
    }]);
    let ticket = case.ticket();
    let ends = sent + Duration::hours(24);
    assert_eq!(verification_starts(&ticket), Some(sent));
    assert_eq!(verification_ends(&case.engine, &ticket), Some(ends));
    assert!(case
        .engine
        .due(&ticket, ends - Duration::hours(2) - Duration::minutes(1))
        .is_empty());

    // Two hours before the end (P1's reminder_before), one reminder to the reporter, naming
    // when the time ends; after it is appended, nothing more is due until the end.
    let remind_at = ends - Duration::hours(2);
    let due = case.engine.due(&ticket, remind_at);
    assert_eq!(due, vec![EventKind::VerificationEnding { ends }]);
    case.at = remind_at;
    let before = case.ticket();
    let all = with_notifications(&case.engine, &case.customers, Some(&before), due, remind_at);
    case.stamp(all.clone());
    let notes = queued(&all);
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].rule, "recordatorio_verificacion");
    assert_eq!(notes[0].to, ["ana@cliente.example"]);
    assert!(
        notes[0].body.contains("tiene hasta el 20/10/2026"),
        "{}",
        notes[0].body
    );
    // P1 calls a ticket «incidencia»: the words agree with it.
    assert!(notes[0].body.contains("la incidencia se cierra"));
    let ticket = case.ticket();
    assert!(case
        .engine
        .due(&ticket, ends - Duration::minutes(1))
        .is_empty());
    assert_eq!(case.engine.due(&ticket, ends), vec![EventKind::AutoClosed]);

    // Without an address for the reporter the message has nobody to go to: from the resolution.
    let (mut nobody, _) = Case::open("p1-sipo", "Banco Andino", &[]);
    let resolved = resolve(nobody.engine.profile(), &draft).unwrap();
    nobody.act(vec![resolved]);
    let ticket = nobody.ticket();
    assert_eq!(ticket.solution_notice, None);
    assert_eq!(verification_starts(&ticket), ticket.resolved_at);
}

/// The messages name a ticket with the process's own word, and the words around it agree:
/// P2's «requerimiento» is «resuelto», P5's «solicitud» is «resuelta» (issue #15).
#[test]
fn messages_name_the_ticket_with_the_process_word_in_agreement() {
    use mesa::domain::notify::template::render;
    for (profile, subject_start, resolved, closes) in [
        (
            "p2-seware",
            "Requerimiento ",
            "Su requerimiento CIR-261019-AB12C fue resuelto",
            "por el requerimiento",
        ),
        (
            "p5-megaport",
            "Solicitud ",
            "Su solicitud CIR-261019-AB12C fue resuelta",
            "por la solicitud",
        ),
    ] {
        let (case, _) = Case::open(profile, "Banco Andino", &[]);
        let message = render(&case.engine, &case.ticket(), &Cause::Resolve, None, t0());
        assert!(
            message.subject.starts_with(subject_start),
            "{profile}: {}",
            message.subject
        );
        assert!(
            message.subject.contains("— resuelt"),
            "{profile}: {}",
            message.subject
        );
        assert!(
            message.body.contains(resolved),
            "{profile}: {}",
            message.body
        );
        assert!(message.body.contains(closes), "{profile}: {}", message.body);
        assert!(
            !message.body.contains("caso"),
            "{profile}: {}",
            message.body
        );
    }
}
