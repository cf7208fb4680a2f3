//! Mail in (#17), the domain's part: which ticket an e-mail is about, the ticket it opens under
//! the profile's e-mail channel (and its acknowledgment), what it lacks for P1, and that reading
//! it again changes nothing.

use crate::common::engine;
use chrono::{Duration, TimeZone, Utc};
use mesa::domain::customer::{Customer, CustomerContact};
use mesa::domain::engine::Engine;
use mesa::domain::event::*;
use mesa::domain::fold::{fold_all, fold_ticket};
use mesa::domain::mail_in::{
    answer_id, opening_id, take_in, DeskView, InboundMail, Outcome, Threads,
};
use mesa::domain::notify::answer::Missing;
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::ticket::Status;

fn customers() -> Vec<Customer> {
    vec![Customer {
        name: "Hotel Central".into(),
        contacts: vec![CustomerContact {
            name: "Recepción".into(),
            role: "usuario".into(),
            email: "recepcion@hotel.example".into(),
            ..Default::default()
        }],
        ..Customer::default()
    }]
}

fn mail(key: &str, subject: &str, text: &str) -> InboundMail {
    InboundMail {
        key: format!("<{key}@hotel.example>"),
        message_id: Some(format!("<{key}@hotel.example>")),
        from_address: "Recepcion@hotel.example".into(),
        from_name: Some("Laura Recepción".into()),
        subject: subject.into(),
        text: text.into(),
        date: Some(Utc.with_ymd_and_hms(2026, 12, 4, 15, 0, 0).unwrap()),
        ..InboundMail::default()
    }
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 15, 2, 0).unwrap()
}

#[test]
fn a_p4_email_opens_a_ticket_through_the_email_channel_and_is_acknowledged_with_its_number() {
    let engine = engine("p4-callmyway");
    let customers = customers();
    let desk = DeskView {
        engine: &engine,
        version: Some("v-1"),
        customers: &customers,
    };
    let message = mail("m1", "Sin tono en recepción", "Desde las 9 no hay tono.\n");
    let outcome = take_in(&desk, &Threads::default(), &message, "agent01", None, now());
    let Outcome::Opened {
        ticket,
        number,
        events,
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!(ticket, opening_id(&message.key).as_ticket());
    assert!(number.starts_with("CMW-261204-"), "{number}");
    let EventKind::Opened(o) = &events[0].kind else {
        panic!()
    };
    assert_eq!(o.channel.as_deref(), Some("correo"));
    assert_eq!(
        o.customer, "Hotel Central",
        "the customer whose contact wrote"
    );
    assert_eq!(
        o.severity.as_deref(),
        Some("s3"),
        "the e-mail intake's severity"
    );
    assert_eq!(o.fields["usuario"], "Laura Recepción");
    assert_eq!(o.fields["correo"], "Recepcion@hotel.example");
    assert_eq!(o.profile_version.as_deref(), Some("v-1"));
    assert_eq!(o.reported_at, message.date, "reported when it was sent");
    assert!(o
        .description
        .starts_with("Sin tono en recepción\n\nDesde las 9"));
    assert_eq!(events[0].actor, "Recepcion@hotel.example");
    // P4's own rule on opening writes to the reporter, who is the sender: the acknowledgment
    // replaces it, so the sender gets one message, threaded to theirs.
    let queued: Vec<&Notification> = events
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::NotificationQueued(n) => Some(n),
            _ => None,
        })
        .collect();
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert_eq!(queued[0].to, ["Recepcion@hotel.example"]);
    assert_eq!(queued[0].in_reply_to.as_deref(), Some("<m1@hotel.example>"));
    assert!(queued[0].subject.contains(&number) && queued[0].body.contains(&number));
    assert!(
        queued[0].body.starts_with("Estimado cliente"),
        "Spanish: {}",
        queued[0].body
    );
    assert_eq!(events.last().unwrap().id, answer_id(&message.key));
    let folded = fold_ticket(&events).unwrap();
    assert_eq!(folded.status, Status::Open);
    assert!(folded.conflicts.is_empty());

    // Read again once its events are in the desk (a crash before it was marked): nothing new.
    let threads = Threads::new(&events);
    let again = take_in(
        &desk,
        &threads,
        &message,
        "agent02",
        None,
        now() + Duration::hours(30),
    );
    assert_eq!(
        again,
        Outcome::Known {
            ticket: ticket.clone()
        }
    );
    // Read again by an agent that lost everything: the very same ids.
    let Outcome::Opened {
        events: twin,
        number: twin_number,
        ..
    } = take_in(&desk, &Threads::default(), &message, "agent03", None, now())
    else {
        panic!()
    };
    assert_eq!(twin_number, number);
    let ids = |e: &[Event]| e.iter().map(|e| e.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&twin), ids(&events));
}

#[test]
fn replies_and_numbers_in_the_subject_are_customer_updates_on_that_ticket() {
    let engine = engine("p4-callmyway");
    let customers = customers();
    let desk = DeskView {
        engine: &engine,
        version: None,
        customers: &customers,
    };
    let first = mail("m1", "Sin tono", "Nada funciona");
    let Outcome::Opened {
        ticket,
        number,
        mut events,
    } = take_in(&desk, &Threads::default(), &first, "agent01", None, now())
    else {
        panic!()
    };
    let ack = events.last().unwrap().id.clone();
    // The agent mailed the acknowledgment as `<ack id@desk domain>`.
    let sent_id = format!("<{}@desk.example>", ack.as_str());
    let mut threads = Threads::new(&events);
    let mut reply = mail(
        "m2",
        "Re: algo",
        "Sigue igual.\n\nEl jue, Mesa escribió:\n> Caso ...\n",
    );
    reply.references = vec![sent_id.clone()];
    let newest = events.last().map(|e| e.hlc.clone());
    let outcome = take_in(&desk, &threads, &reply, "agent01", newest.as_ref(), now());
    let Outcome::Update {
        ticket: on,
        number: n,
        events: update,
    } = outcome
    else {
        panic!()
    };
    assert_eq!((on, n), (ticket.clone(), number.clone()));
    let EventKind::CustomerWrote(m) = &update[0].kind else {
        panic!()
    };
    assert_eq!(m.text, "Sigue igual.", "the quoted part is left out");
    assert_eq!(m.from, "Laura Recepción <Recepcion@hotel.example>");
    assert_eq!(m.message_id.as_deref(), Some("<m2@hotel.example>"));
    assert_eq!(m.channel.as_deref(), Some("correo"));
    events.extend(update);
    // Recorded as sent: the NotificationSent's Message-ID threads too.
    let hlc = Hlc::first(now().timestamp_millis() + 5, "agent01");
    events.push(Event::new(
        EventId::from_parts(hlc.wall_ms, 9),
        ticket.clone(),
        hlc,
        "mesa",
        EventKind::NotificationSent {
            notification: ack,
            message_id: Some("<other@desk.example>".into()),
        },
    ));
    threads = Threads::new(&events);
    let mut by_sent = mail("m3", "otra cosa", "x");
    by_sent.references = vec!["<unknown@x.example>".into(), "<other@desk.example>".into()];
    assert!(matches!(
        take_in(&desk, &threads, &by_sent, "a", None, now()),
        Outcome::Update { .. }
    ));
    // A reply to the customer's own first message, and a number in the subject.
    let mut own = mail("m4", "más datos", "x");
    own.references = vec!["<m1@hotel.example>".into()];
    assert!(matches!(
        take_in(&desk, &threads, &own, "a", None, now()),
        Outcome::Update { .. }
    ));
    let subject = mail(
        "m5",
        &format!("Consulta sobre el caso {}", number.to_lowercase()),
        "x",
    );
    assert!(matches!(
        take_in(&desk, &threads, &subject, "a", None, now()),
        Outcome::Update { .. }
    ));

    // The customer writing on a closed ticket: kept, no conflict, no clock moves.
    let mut closed = events.clone();
    let hlc = Hlc::first(now().timestamp_millis() + 10, "dev1");
    closed.push(Event::new(
        EventId::from_parts(hlc.wall_ms, 1),
        ticket.clone(),
        hlc,
        "ana",
        EventKind::Closed {
            note: String::new(),
        },
    ));
    let before = fold_ticket(&closed).unwrap();
    let Outcome::Update { events: late, .. } = take_in(
        &desk,
        &Threads::new(&closed),
        &subject,
        "a",
        closed.last().map(|e| &e.hlc),
        now() + Duration::minutes(1),
    ) else {
        panic!()
    };
    closed.extend(late);
    let after = fold_ticket(&closed).unwrap();
    assert_eq!(after.status, Status::Closed);
    assert!(after.conflicts.is_empty());
    assert_eq!(after.customer_messages, before.customer_messages + 1);
    assert_eq!(after.first_response_at, before.first_response_at);
    assert_eq!(after.customer_updates, before.customer_updates);
    assert_eq!(fold_all(&closed).len(), 1);
}

#[test]
fn a_p1_email_lacks_its_mandatory_data_and_the_answer_names_them_by_label() {
    let engine = engine("p1-sipo");
    let desk = DeskView {
        engine: &engine,
        version: None,
        customers: &[],
    };
    let message = mail("p1", "La API de portabilidad responde 500", "Desde hoy.");
    let outcome = take_in(&desk, &Threads::default(), &message, "agent01", None, now());
    let Outcome::Missing {
        missing,
        answer,
        answer_id: id,
    } = outcome
    else {
        panic!("{outcome:?}")
    };
    assert_eq!(id, answer_id(&message.key));
    let labels: Vec<&str> = missing
        .iter()
        .map(|m| match m {
            Missing::Value(l) | Missing::Confirm(l) | Missing::Invalid(l) => l.as_str(),
        })
        .collect();
    for label in [
        "Nombre del concesionario",
        "Teléfono(s) de contacto",
        "Identificación de la API",
        "(I) La falla no está en sus propios elementos de red",
        "(IV) Los equipos de energía están encendidos y el sitio tiene energía",
        "¿El reporte trata de la implementación de las APIs del operador?",
    ] {
        assert!(labels.contains(&label), "{label} in {labels:?}");
        assert!(answer.body.contains(label), "{label} in {}", answer.body);
    }
    // What the e-mail gave is not asked for; internal ids never show.
    assert!(
        !labels.contains(&"Nombre de quien reporta")
            && !labels.contains(&"Correo(s) electrónico(s)")
    );
    for id in ["telefonos", "elementos_red", "in_scope", "customer", "api:"] {
        assert!(!answer.body.contains(id), "{id} in {}", answer.body);
    }
    assert!(answer.body.starts_with("Estimado cliente"));

    // The customer answers with the form filled in: the ticket opens.
    let filled = InboundMail {
        key: "<p1b@hotel.example>".into(),
        message_id: Some("<p1b@hotel.example>".into()),
        references: vec![format!("<{}@desk.example>", id.as_str())],
        text: "Nombre del concesionario: Telefonía Norte\n\
               Teléfono(s) de contacto: +52 55 0000 0000\n\
               Identificación de la API: Portabilidad v2\n\
               (I) La falla no está en sus propios elementos de red: sí\n\
               (II) La conectividad VPN entre su CRM y la plataforma funciona: sí\n\
               (III) Los parámetros de la VPN son correctos: Sí\n\
               (IV) Los equipos de energía están encendidos y el sitio tiene energía: x\n\
               ¿El reporte trata de la implementación de las APIs del operador?: sí\n\n\
               > Nombre del concesionario: \n"
            .into(),
        ..message.clone()
    };
    let outcome = take_in(&desk, &Threads::default(), &filled, "agent01", None, now());
    let Outcome::Opened { events, number, .. } = outcome else {
        panic!("{outcome:?}")
    };
    assert!(number.starts_with("SIPO-"));
    let EventKind::Opened(o) = &events[0].kind else {
        panic!()
    };
    assert_eq!(o.customer, "Telefonía Norte");
    assert_eq!(o.fields["api"], "Portabilidad v2");
    assert_eq!(o.fields["reportante"], "Laura Recepción");
    assert_eq!(o.checklist.len(), 4);
}

#[test]
fn an_english_desk_answers_in_english() {
    let json =
        preset("p4-callmyway")
            .unwrap()
            .replacen("\"locale\": \"es\"", "\"locale\": \"en\"", 1);
    let profile = ProcessProfile::from_json(&json).unwrap();
    assert_eq!(profile.locale, "en");
    let engine = Engine::new(profile).unwrap();
    let customers = customers();
    let desk = DeskView {
        engine: &engine,
        version: None,
        customers: &customers,
    };
    let Outcome::Opened { events, number, .. } = take_in(
        &desk,
        &Threads::default(),
        &mail("e1", "No dial tone", "Since 9"),
        "a",
        None,
        now(),
    ) else {
        panic!()
    };
    let EventKind::NotificationQueued(n) = &events.last().unwrap().kind else {
        panic!()
    };
    assert!(n.body.starts_with("Dear customer"), "{}", n.body);
    assert!(
        n.subject
            .starts_with(&format!("Incident {number} — registered")),
        "{}",
        n.subject
    );
    // An unknown sender lacks the customer: asked in English, by the profile's label in English
    // (its translation, #18).
    let stranger = InboundMail {
        from_address: "x@y.example".into(),
        ..mail("e2", "Help", "x")
    };
    let Outcome::Missing { answer, .. } =
        take_in(&desk, &Threads::default(), &stranger, "a", None, now())
    else {
        panic!()
    };
    assert!(
        answer.body.starts_with("Dear customer") && answer.body.contains("- Customer\n"),
        "{}",
        answer.body
    );
}

#[test]
fn an_english_p1_desk_asks_by_the_english_labels_and_reads_them_back() {
    let profile = ProcessProfile::from_json(preset("p1-sipo").unwrap())
        .unwrap()
        .with_message_language("en")
        .unwrap();
    let engine = Engine::new(profile).unwrap();
    let desk = DeskView {
        engine: &engine,
        version: None,
        customers: &[],
    };
    let message = mail("p1en", "Portability API answers 500", "Since today.");
    let Outcome::Missing { answer, .. } =
        take_in(&desk, &Threads::default(), &message, "agent01", None, now())
    else {
        panic!()
    };
    for label in [
        "Concessionaire name",
        "API identification",
        "(IV) The power equipment is on and the site has power",
        "Is the report about implementing the operator's APIs?",
    ] {
        assert!(answer.body.contains(label), "{label} in {}", answer.body);
    }
    assert!(
        !answer.body.contains("Identificación de la API"),
        "{}",
        answer.body
    );
    // The form filled in with the English labels opens the ticket.
    let filled = InboundMail {
        key: "<p1en-b@hotel.example>".into(),
        message_id: Some("<p1en-b@hotel.example>".into()),
        text: "Concessionaire name: Telefonía Norte\n\
               Contact phone(s): +52 55 0000 0000\n\
               API identification: Portability v2\n\
               (I) The fault is not in your own network elements: yes\n\
               (II) The VPN connectivity between your CRM and the platform works: yes\n\
               (III) The VPN parameters are correct: yes\n\
               (IV) The power equipment is on and the site has power: yes\n\
               Is the report about implementing the operator's APIs?: yes\n"
            .into(),
        ..message.clone()
    };
    let outcome = take_in(&desk, &Threads::default(), &filled, "agent01", None, now());
    let Outcome::Opened { events, .. } = outcome else {
        panic!("{outcome:?}")
    };
    let EventKind::Opened(o) = &events[0].kind else {
        panic!()
    };
    assert_eq!(o.customer, "Telefonía Norte");
    assert_eq!(o.fields["api"], "Portability v2");
    assert_eq!(o.checklist.len(), 4);
}
