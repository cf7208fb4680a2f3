//! `mesa agent` against real servers on loopback: pouchdb-server (the sync endpoint) and
//! aiosmtpd (mail out). The desk is seeded as a browser would write it: events posted to
//! `_bulk_docs` in the browser's document format.

use std::process::Command;

use chrono::{Duration, Utc};
use mesa::domain::desk::{fold_desk, RecordKey};
use mesa::domain::due_events::due_events;
use mesa::domain::engine::Engine;
use mesa::domain::event::*;
use mesa::domain::fold::{fold_all, fold_ticket};
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::ticket::Status;
use mesa::sync::protocol::event_to_doc;

use crate::agent_support::desk::*;
use crate::agent_support::servers::{Couch, Smtp, TempDir};

#[test]
fn a_p1_ticket_resolved_25_hours_ago_is_auto_closed_once_with_no_browser_open() {
    let couch = Couch::start();
    let now = Utc::now();
    let mut browser = Browser::new("dev00000000aa");
    let seeded = resolved_p1(&mut browser, now, "SIPO-261019-AAAAA");
    let ticket = seeded[1].ticket_id.clone();
    seed(&couch, &seeded);
    // The same auto-close as a browser that opens later would compute it.
    let engine = Engine::new(ProcessProfile::from_json(preset("p1-sipo").unwrap()).unwrap())
        .expect("engine");
    let in_browser = due_events(
        &engine,
        &[],
        &fold_ticket(&seeded).expect("ticket"),
        now + Duration::minutes(5),
    );
    assert!(in_browser.iter().any(|e| e.kind == EventKind::AutoClosed));

    let data = TempDir::new("agent-data");
    let first = agent(&couch, &data, &[]);
    let log = String::from_utf8_lossy(&first.stderr);
    assert!(log.contains("\"action\":\"due_event\""), "{log}");

    let stored = endpoint_events(&couch);
    assert_eq!(
        count(&stored, |k| *k == EventKind::AutoClosed),
        1,
        "the endpoint holds the auto-close"
    );
    let closed = stored
        .iter()
        .find(|e| e.kind == EventKind::AutoClosed)
        .expect("auto-close");
    assert_eq!(closed.ticket_id, ticket);
    assert_eq!(closed.actor, "mesa");
    let tickets = fold_all(&stored);
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].status, Status::Closed);
    assert!(tickets[0].auto_closed);
    assert_eq!(tickets[0].closed_at, Some(closed.at()));
    assert!(
        (closed.at() - (now - Duration::hours(1)))
            .num_seconds()
            .abs()
            < 5,
        "closed when the 24 h window ended"
    );
    // The browser pushing its copy later: the same ids, already stored.
    let results = couch.bulk_docs(in_browser.iter().map(event_to_doc).collect());
    assert!(
        results.iter().all(|r| r["error"] == "conflict"),
        "the browser's due events are the agent's: {results:?}"
    );

    // A second pass adds nothing.
    let before = stored.len();
    agent(&couch, &data, &[]);
    assert_eq!(endpoint_events(&couch).len(), before);
    // A fresh agent (new data directory) computes the same events: still nothing new.
    let other = TempDir::new("agent-data-2");
    agent(&couch, &other, &[]);
    assert_eq!(endpoint_events(&couch).len(), before);
}

#[test]
fn a_queued_notification_is_mailed_once_and_recorded_as_sent() {
    let couch = Couch::start();
    let smtp = Smtp::start();
    let now = Utc::now();
    let mut browser = Browser::new("dev00000000bb");
    let published = publish(&mut browser, now - Duration::days(3), "p3-cirion");
    let open = browser.event(
        None,
        now - Duration::minutes(10),
        opened(
            "CIR-261019-BBBBB",
            "tecnico",
            "Banco Andino",
            &version_of(&published),
        ),
    );
    let ticket = open.ticket_id.clone();
    let queued = browser.event(
        Some(&ticket),
        now - Duration::minutes(9),
        EventKind::NotificationQueued(Notification {
            rule: "cambio_etapa".into(),
            to: vec!["noc@banco.example".into(), "jefe@banco.example".into()],
            subject: "Caso CIR-261019-BBBBB — etapa «Diagnóstico» — Banco Andino".into(),
            body: "Estimado cliente:\n\nSu caso pasó a la etapa «Diagnóstico».".into(),
            key: "cambio_etapa/stage/diagnostico/1".into(),
            unresolved: Vec::new(),
            in_reply_to: None,
        }),
    );
    // One with nobody to send it to: left for a person.
    let unaddressed = browser.event(
        Some(&ticket),
        now - Duration::minutes(9),
        EventKind::NotificationQueued(Notification {
            rule: "registro".into(),
            subject: "sin destinatarios".into(),
            key: "registro/open".into(),
            unresolved: vec!["customer_role:notificaciones".into()],
            ..Notification::default()
        }),
    );
    seed(
        &couch,
        &[published, open, queued.clone(), unaddressed.clone()],
    );

    let data = TempDir::new("agent-mail");
    let smtp_flags = vec![
        "--smtp".to_string(),
        format!("smtp://127.0.0.1:{}", smtp.port),
        "--smtp-from".to_string(),
        "Mesa <mesa@desk.example>".to_string(),
    ];
    agent(&couch, &data, &smtp_flags);
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    let mail = &messages[0];
    assert!(mail.contains("noc@banco.example") && mail.contains("jefe@banco.example"));
    assert!(mail.contains("CIR-261019-BBBBB"), "{mail}");
    let message_id = format!("<{}@desk.example>", queued.id.as_str());
    assert!(mail.contains(&message_id), "{mail}");

    let stored = endpoint_events(&couch);
    let sent: Vec<&Event> = stored
        .iter()
        .filter(|e| matches!(e.kind, EventKind::NotificationSent { .. }))
        .collect();
    assert_eq!(sent.len(), 1, "{sent:?}");
    // The agent signs what it writes (#20): its key is published before the record of the mail,
    // which is chained and signed; the desk verifies (the browser's seeded events are unsigned).
    assert!(
        sent[0].signature.is_some() && sent[0].chain.is_some(),
        "{:?}",
        sent[0]
    );
    assert_eq!(
        count(&stored, |k| matches!(k, EventKind::DeviceKeyPublished(_))),
        1
    );
    let verdict = mesa::domain::evidence::verify(&stored, None);
    assert!(verdict.holds(false), "{:?}", verdict.broken);
    assert_eq!(verdict.signed, 2);
    assert_eq!(
        sent[0].kind,
        EventKind::NotificationSent {
            notification: queued.id.clone(),
            message_id: Some(message_id.clone()),
        }
    );
    let folded = fold_ticket(&stored).expect("ticket");
    assert_eq!(folded.notifications_sent, vec![queued.id.clone()]);
    assert!(!folded.notifications_sent.contains(&unaddressed.id));

    // A second pass (and a fresh agent, which learns from the endpoint that it was sent)
    // mails nothing.
    agent(&couch, &data, &smtp_flags);
    let other = TempDir::new("agent-mail-2");
    agent(&couch, &other, &smtp_flags);
    assert_eq!(smtp.messages().len(), 1);
    assert_eq!(endpoint_events(&couch).len(), stored.len());
    assert_eq!(fold_desk(&stored).profiles.versions.len(), 1);
}

#[test]
fn bad_flags_are_refused_with_a_clear_message() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_mesa"))
            .arg("agent")
            .args(args)
            .output()
            .expect("mesa runs")
    };
    let missing = run(&["--db", "mesa"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("--url is required"));
    let smtp = run(&[
        "--url",
        "http://127.0.0.1:1",
        "--db",
        "mesa",
        "--smtp",
        "smtp://h:25",
    ]);
    assert_eq!(smtp.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&smtp.stderr).contains("--smtp-from"));
    let secret = run(&[
        "--url",
        "ftp://ana:s3cret@h",
        "--db",
        "mesa",
        "--user",
        "ana",
    ]);
    assert_eq!(secret.status.code(), Some(2));
    let text = String::from_utf8_lossy(&secret.stderr);
    assert!(!text.contains("s3cret"), "{text}");
}

/// The text of a `text/plain` part as sent (quoted-printable soft breaks and `=XX` undone).
fn decoded(mail: &str) -> String {
    let joined = mail.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = joined
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[test]
fn a_p3_stage_change_made_in_a_browser_reaches_the_customer_by_mail() {
    use mesa::domain::customer::{Customer, CustomerContact};
    use mesa::domain::notify::with_notifications;
    let couch = Couch::start();
    let smtp = Smtp::start();
    let now = Utc::now();
    let mut browser = Browser::new("dev00000000ab");
    let published = publish(&mut browser, now - Duration::days(3), "p3-cirion");
    let customer = Customer {
        name: "Banco Andino".into(),
        contacts: vec![CustomerContact {
            name: "NOC".into(),
            role: "notificaciones".into(),
            email: "noc@banco.example".into(),
            ..Default::default()
        }],
        ..Customer::default()
    };
    let created = browser.event(
        Some(&RecordKey::Customer("banco-andino".into()).to_ticket_id()),
        now - Duration::days(2),
        EventKind::CustomerCreated(customer.clone()),
    );
    let open = browser.event(
        None,
        now - Duration::minutes(5),
        opened(
            "CIR-261019-ABABA",
            "tecnico",
            "Banco Andino",
            &version_of(&published),
        ),
    );
    let ticket = open.ticket_id.clone();
    // The browser's action: a stage change and the messages the profile's rules queue for it.
    let engine = Engine::new(ProcessProfile::from_json(preset("p3-cirion").unwrap()).unwrap())
        .expect("engine");
    let before = fold_ticket(std::slice::from_ref(&open)).expect("ticket");
    let at = now - Duration::minutes(4);
    let kinds = with_notifications(
        &engine,
        &[customer],
        Some(&before),
        vec![EventKind::StageChanged {
            stage: "diagnostico".into(),
            entered_on: None,
        }],
        at,
    );
    assert!(
        kinds.len() >= 2,
        "the stage change queues a message: {kinds:?}"
    );
    let action: Vec<Event> = kinds
        .into_iter()
        .map(|k| browser.event(Some(&ticket), at, k))
        .collect();
    let mut desk_events = vec![published, created, open];
    desk_events.extend(action.iter().cloned());
    seed(&couch, &desk_events);

    let data = TempDir::new("agent-p3");
    agent(
        &couch,
        &data,
        &[
            "--smtp".to_string(),
            format!("smtp://127.0.0.1:{}", smtp.port),
            "--smtp-from".to_string(),
            "Mesa <mesa@desk.example>".to_string(),
        ],
    );
    let messages = smtp.messages();
    assert_eq!(messages.len(), 1, "{messages:?}");
    let mail = decoded(&messages[0]);
    assert!(mail.contains("noc@banco.example"), "{mail}");
    assert!(mail.contains("CIR-261019-ABABA"), "the number: {mail}");
    assert!(mail.contains("Diagnóstico"), "the stage: {mail}");
    assert!(mail.contains("Siguiente etapa"), "the next steps: {mail}");
    let stored = endpoint_events(&couch);
    let ticket_now = fold_ticket(
        &stored
            .iter()
            .filter(|e| e.ticket_id == ticket)
            .cloned()
            .collect::<Vec<_>>(),
    )
    .expect("ticket");
    assert_eq!(ticket_now.notifications_sent.len(), 1, "shown as sent");
}

#[test]
fn profile_is_used_only_when_the_desk_has_published_no_process() {
    let couch = Couch::start();
    let now = Utc::now();
    let mut browser = Browser::new("dev00000000ac");
    // The same P1 ticket, on a desk that never published its process.
    let mut seeded = resolved_p1(&mut browser, now, "SIPO-261019-ACACA");
    seeded.remove(0);
    if let EventKind::Opened(o) = &mut seeded[0].kind {
        o.profile_version = None;
    }
    seed(&couch, &seeded);
    let data = TempDir::new("agent-noprofile");
    let without = agent(&couch, &data, &[]);
    let log = String::from_utf8_lossy(&without.stderr);
    assert!(log.contains("\"action\":\"due_skipped\""), "{log}");
    assert_eq!(
        endpoint_events(&couch).len(),
        seeded.len(),
        "nothing appended"
    );
    // A preset for it: the auto-close is appended.
    agent(&couch, &data, &["--profile".into(), "p1".into()]);
    let stored = endpoint_events(&couch);
    assert_eq!(count(&stored, |k| *k == EventKind::AutoClosed), 1);
    // A broken profile file is refused with its problem, before anything runs.
    let bad = agent_command(
        &couch,
        &data,
        &["--profile".into(), "/nonexistent.json".into()],
    )
    .output()
    .expect("mesa runs");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("cannot read /nonexistent.json"));
}
