//! `mesa agent` reading mail (#17) against real servers on loopback: Dovecot (IMAP, the desk's
//! mailbox), pouchdb-server (the endpoint, through the fault proxy where a test needs it) and
//! aiosmtpd (the answers). Messages are delivered with IMAP APPEND by Python's imaplib.

use std::io::BufRead;
use std::process::Stdio;
use std::time::Duration;

use mesa::domain::event::*;

use crate::agent_support::desk::*;
use crate::agent_support::imap::Dovecot;
use crate::agent_support::mailbox::*;
use crate::agent_support::servers::{eventually, Couch, FaultProxy, Smtp, TempDir};

#[test]
fn a_p4_email_opens_one_ticket_answered_with_its_number_marked_only_after_the_push() {
    let (couch, smtp, imap) = (Couch::start(), Smtp::start(), Dovecot::start());
    desk(&couch, "p4-callmyway");
    let raw = email(
        "Laura Pérez <laura@hotel.example>",
        "Sin tono en recepción",
        "m1",
        "",
        "Desde las 9 no hay tono.",
    );
    let first = imap.append(&raw);
    let flags = mail_flags(smtp.port, &imap);
    let data = TempDir::new("agent-imap");

    // The endpoint refuses every push: the ticket is written here (and its answer mailed), but
    // the message is not marked done.
    let rules = serde_json::json!([{"path": "/_bulk_docs$", "fault": "status", "status": 500}]);
    let proxy = FaultProxy::start(&couch.url, &rules);
    let failed = agent_command(&couch.via(&proxy.url), &data, &flags)
        .output()
        .expect("mesa runs");
    let log = log_of(&failed);
    assert_eq!(failed.status.code(), Some(1), "{log}");
    assert_eq!(logged(&log, "mail_in_opened").len(), 1, "{log}");
    assert!(
        !imap.is_seen(first),
        "not done before the endpoint has its events"
    );
    assert!(openings(&endpoint_events(&couch)).is_empty());
    drop(proxy);

    // A good pass: the push, then the mark.
    let log = log_of(&agent(&couch, &data, &flags));
    assert!(imap.is_seen(first), "{log}");
    let stored = endpoint_events(&couch);
    let opened = openings(&stored);
    assert_eq!(opened.len(), 1);
    let number = opened[0].number.clone();
    assert!(number.starts_with("CMW-"), "{number}");
    assert_eq!(opened[0].channel.as_deref(), Some("correo"));
    assert_eq!(opened[0].customer, "Hotel Central");
    assert_eq!(opened[0].fields["usuario"], "Laura Pérez");
    // One answer, to Laura, with the number, threaded to her message.
    let mails = smtp.messages();
    assert_eq!(mails.len(), 1, "{mails:?}");
    let (subject, body) = parsed(&mails[0]);
    assert!(
        subject.contains(&number) && body.contains(&number),
        "{subject}\n{body}"
    );
    assert!(header(&mails[0], "To").unwrap().contains(LAURA));
    let threaded = [
        ("In-Reply-To", "<m1@hotel.example>"),
        ("References", "<m1@hotel.example>"),
        ("Auto-Submitted", "auto-replied"),
    ];
    for (name, value) in threaded {
        assert_eq!(header(&mails[0], name).as_deref(), Some(value), "{name}");
    }
    let answer_id = header(&mails[0], "Message-ID").expect("Message-ID");
    let sent = stored.iter().any(|e| {
        matches!(&e.kind,
        EventKind::NotificationSent { message_id: Some(m), .. } if *m == answer_id)
    });
    assert!(sent, "recorded as sent with its Message-ID");
    let verdict = mesa::domain::evidence::verify(&stored, None);
    assert!(verdict.holds(false), "{:?}", verdict.broken);

    // A second pass: nothing new.
    let total = stored.len();
    agent(&couch, &data, &flags);
    assert_eq!(endpoint_events(&couch).len(), total);
    assert_eq!(smtp.messages().len(), 1);

    // Laura answers in the thread: an update on the same ticket, marked once pushed.
    let thread =
        format!("In-Reply-To: {answer_id}\r\nReferences: <m1@hotel.example> {answer_id}\r\n");
    let text = "Sigue sin tono.\r\n\r\nEl vie, Mesa escribió:\r\n> Caso registrado";
    let reply = imap.append(&email(LAURA, "Re: la respuesta", "m2", &thread, text));
    agent(&couch, &data, &flags);
    let stored = endpoint_events(&couch);
    assert_eq!(openings(&stored).len(), 1);
    let ticket = stored
        .iter()
        .find(|e| matches!(e.kind, EventKind::Opened(_)))
        .unwrap()
        .ticket_id
        .clone();
    let wrote: Vec<&Event> = stored
        .iter()
        .filter(|e| matches!(e.kind, EventKind::CustomerWrote(_)))
        .collect();
    assert_eq!(wrote.len(), 1);
    assert_eq!(wrote[0].ticket_id, ticket);
    let EventKind::CustomerWrote(m) = &wrote[0].kind else {
        unreachable!()
    };
    assert_eq!(m.text, "Sigue sin tono.");
    assert!(imap.is_seen(reply));
    assert_eq!(smtp.messages().len(), 1, "an update is not answered");

    // A person marks the first message unread; an agent that lost its database reads it: the
    // same ids, already in the desk: nothing new, no second answer, marked again.
    imap.mark_unseen(first);
    let total = stored.len();
    let log = log_of(&agent(&couch, &TempDir::new("agent-imap-fresh"), &flags));
    assert_eq!(logged(&log, "mail_in_known").len(), 1, "{log}");
    assert_eq!(endpoint_events(&couch).len(), total);
    assert_eq!(smtp.messages().len(), 1);
    assert!(imap.is_seen(first));
}

#[test]
fn a_p1_email_is_answered_with_the_missing_data_by_label_and_opens_no_ticket() {
    let (couch, smtp, imap) = (Couch::start(), Smtp::start(), Dovecot::start());
    desk(&couch, "p1-sipo");
    let flags = mail_flags(smtp.port, &imap);
    let data = TempDir::new("agent-imap-p1");
    let uid = imap.append(&email(
        "CS Norte <cs@norte.example>",
        "La API responde 500",
        "p1",
        "",
        "Desde las 10.",
    ));
    agent(&couch, &data, &flags);
    assert!(openings(&endpoint_events(&couch)).is_empty(), "no ticket");
    assert!(imap.is_seen(uid));
    let mails = smtp.messages();
    assert_eq!(mails.len(), 1);
    let (_, body) = parsed(&mails[0]);
    for label in [
        "Nombre del concesionario",
        "Teléfono(s) de contacto",
        "Identificación de la API",
        "(III) Los parámetros de la VPN son correctos",
    ] {
        assert!(body.contains(label), "{label}: {body}");
    }
    for id in ["telefonos", "vpn_parametros", "api:"] {
        assert!(!body.contains(id), "no internal id {id}: {body}");
    }
    assert_eq!(
        header(&mails[0], "In-Reply-To").as_deref(),
        Some("<p1@hotel.example>")
    );
    agent(&couch, &data, &flags);
    assert_eq!(smtp.messages().len(), 1, "answered once");

    // The customer answers with the data, in the thread: the ticket opens.
    let answer_id = header(&mails[0], "Message-ID").unwrap();
    let filled = "Nombre del concesionario: Telefonía Norte\r\nTeléfono(s) de contacto: +52 55 0000 0000\r\n\
        Identificación de la API: Portabilidad v2\r\n\
        (I) La falla no está en sus propios elementos de red: sí\r\n\
        (II) La conectividad VPN entre su CRM y la plataforma funciona: sí\r\n\
        (III) Los parámetros de la VPN son correctos: sí\r\n\
        (IV) Los equipos de energía están encendidos y el sitio tiene energía: sí\r\n\
        ¿El reporte trata de la implementación de las APIs del operador?: sí";
    let thread = format!("In-Reply-To: {answer_id}\r\n");
    let again = imap.append(&email(
        "CS Norte <cs@norte.example>",
        "Re: faltan datos",
        "p1b",
        &thread,
        filled,
    ));
    agent(&couch, &data, &flags);
    let stored = endpoint_events(&couch);
    let opened = openings(&stored);
    assert_eq!(opened.len(), 1);
    assert!(opened[0].number.starts_with("SIPO-"));
    assert_eq!(opened[0].customer, "Telefonía Norte");
    assert_eq!(opened[0].checklist.len(), 4);
    assert!(imap.is_seen(again));
    assert_eq!(smtp.messages().len(), 2, "and the number is sent");
}

#[test]
fn hostile_mail_is_logged_with_its_reason_and_skipped_and_the_rest_is_read() {
    let (couch, smtp, imap) = (Couch::start(), Smtp::start(), Dovecot::start());
    desk(&couch, "p4-callmyway");
    let flags = mail_flags(smtp.port, &imap);
    let mut charset = b"From: x@bad.example\r\nSubject: roto\r\nContent-Type: text/plain; charset=x-nonesuch\r\n\r\n".to_vec();
    charset.extend_from_slice(b"\xff\xfe\xc3(\x80 caf\xe9\r\n");
    let mime = email(
        LAURA,
        "partes",
        "h2",
        "Content-Type: multipart/mixed; boundary=\"zz\"\r\n",
        "sin partes",
    );
    let huge = email(
        LAURA,
        "enorme",
        "h3",
        "",
        &"0123456789abcdef\r\n".repeat(700_000),
    );
    let many: Vec<String> = (0..5_000).map(|i| format!("u{i}@lista.example")).collect();
    let crowd = format!(
        "From: spam@lista.example\r\nTo: {}\r\nSubject: oferta\r\n\r\nCompre",
        many.join(",\r\n ")
    );
    let anonymous =
        b"Subject: sin remitente\r\nMessage-ID: <h5@x.example>\r\n\r\nhola\r\n".to_vec();
    let hostile: Vec<u32> = [charset, mime, huge, crowd.into_bytes(), anonymous]
        .iter()
        .map(|m| imap.append(m))
        .collect();
    let good = imap.append(&email(
        LAURA,
        "Se cayó la troncal",
        "h6",
        "",
        "Sin llamadas salientes.",
    ));

    let data = TempDir::new("agent-imap-hostile");
    let log = log_of(&agent(&couch, &data, &flags));
    let skipped = logged(&log, "mail_in_skipped");
    assert_eq!(skipped.len(), 5, "{log}");
    for reason in [
        "encoding",
        "MIME",
        "too large",
        "too many recipients (5000",
        "no sender",
    ] {
        assert!(
            skipped.iter().any(|l| l.contains(reason)),
            "{reason}: {skipped:?}"
        );
    }
    for uid in &hostile {
        let flags = imap.flags(*uid);
        assert!(
            flags.contains(&"$MesaSkipped".to_string()),
            "{uid}: {flags:?}"
        );
        assert!(
            !flags.contains(&"\\Seen".to_string()),
            "left unread for a person: {flags:?}"
        );
    }
    assert!(imap.is_seen(good));
    assert_eq!(openings(&endpoint_events(&couch)).len(), 1);
    assert_eq!(smtp.messages().len(), 1);
    // Not tried again.
    let log = log_of(&agent(&couch, &data, &flags));
    assert!(logged(&log, "mail_in_skipped").is_empty(), "{log}");
}

#[test]
fn a_wrong_imap_password_stops_a_pass_with_exit_1_at_once_and_never_reaches_the_log() {
    let (couch, smtp, imap) = (Couch::start(), Smtp::start(), Dovecot::start());
    desk(&couch, "p4-callmyway");
    let uid = imap.append(&email(LAURA, "Sin tono", "w1", "", "x"));
    let mut flags = mail_flags(smtp.port, &imap);
    let at = flags.iter().position(|f| f == "--imap-password").unwrap();
    flags.drain(at..at + 2);
    let data = TempDir::new("agent-imap-auth");
    let wrong = agent_command(&couch, &data, &flags)
        .env("MESA_IMAP_PASSWORD", "not-the-imap-pw-8")
        .output()
        .expect("mesa runs");
    let log = log_of(&wrong);
    assert_eq!(wrong.status.code(), Some(1), "{log}");
    assert!(log.contains("refused the login"), "{log}");
    assert!(
        logged(&log, "mail_in_retry").is_empty(),
        "not retried: {log}"
    );
    assert!(
        !log.contains("not-the-imap-pw-8") && !log.contains(&imap.password),
        "{log}"
    );
    assert!(!imap.is_seen(uid));
    // The right one, from the environment: read.
    let right = agent_command(&couch, &data, &flags)
        .env("MESA_IMAP_PASSWORD", &imap.password)
        .output()
        .expect("mesa runs");
    assert!(right.status.success(), "{}", log_of(&right));
    assert!(imap.is_seen(uid));
}

#[test]
fn imaps_needs_the_servers_ca_and_works_with_it() {
    let (couch, smtp, imap) = (Couch::start(), Smtp::start(), Dovecot::start_with_tls());
    desk(&couch, "p4-callmyway");
    let uid = imap.append(&email(LAURA, "Sin tono", "t1", "", "x"));
    let flags = mail_flags(smtp.port, &imap);
    let data = TempDir::new("agent-imaps");
    let untrusted: Vec<String> = flags.iter().take(flags.len() - 2).cloned().collect();
    let refused = agent_command(&couch, &data, &untrusted)
        .output()
        .expect("mesa runs");
    let log = log_of(&refused);
    assert_eq!(refused.status.code(), Some(1), "{log}");
    assert!(
        logged(&log, "mail_in_unavailable").len() == 1 && log.contains("certificate"),
        "{log}"
    );
    assert!(!imap.is_seen(uid));
    agent(&couch, &data, &flags);
    assert!(imap.is_seen(uid));
    assert_eq!(openings(&endpoint_events(&couch)).len(), 1);
}

#[test]
fn killed_between_reading_a_message_and_marking_it_the_desk_still_gets_one_ticket() {
    let (couch, smtp, imap) = (Couch::start(), Smtp::start(), Dovecot::start());
    desk(&couch, "p4-callmyway");
    let uid = imap.append(&email(LAURA, "Sin tono", "k1", "", "x"));
    let mut flags = mail_flags(smtp.port, &imap);
    // The killed agent's lease ends soon, so another can take over.
    flags.extend(["--lease-seconds".to_string(), "3".to_string()]);
    // Every push hangs: the agent is killed after it mailed the answer, before any mark.
    let rules = serde_json::json!([{"path": "/_bulk_docs$", "fault": "hang"}]);
    let proxy = FaultProxy::start(&couch.url, &rules);
    let first = TempDir::new("agent-imap-kill");
    let mut child = agent_command(&couch.via(&proxy.url), &first, &flags)
        .stderr(Stdio::piped())
        .spawn()
        .expect("mesa runs");
    let (lines, seen) = std::sync::mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stderr)
            .lines()
            .map_while(Result::ok)
        {
            let _ = lines.send(line);
        }
    });
    let mut mailed = false;
    eventually("the answer mailed", Duration::from_secs(60), || {
        mailed |= seen.try_iter().any(|l| l.contains("\"action\":\"mailed\""));
        mailed
    });
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    drop(proxy);
    assert!(!imap.is_seen(uid));
    assert!(openings(&endpoint_events(&couch)).is_empty());
    // A new agent that never saw it (its database lost): the same ids, one ticket; the answer
    // may go a second time, with the same Message-ID (the README's window).
    let other = TempDir::new("agent-imap-kill-2");
    eventually(
        "the killed agent's lease to end",
        Duration::from_secs(30),
        || {
            let log = log_of(&agent(&couch, &other, &flags));
            logged(&log, "lease_waiting").is_empty()
        },
    );
    assert!(imap.is_seen(uid));
    // The killed agent's database comes back: its outbox holds the same ids.
    agent(&couch, &first, &flags);
    let stored = endpoint_events(&couch);
    assert_eq!(openings(&stored).len(), 1);
    let answers = smtp.messages();
    assert!((1..=2).contains(&answers.len()), "{answers:?}");
    let ids: Vec<Option<String>> = answers.iter().map(|m| header(m, "Message-ID")).collect();
    assert!(ids.windows(2).all(|w| w[0] == w[1]), "{ids:?}");
    let sent = stored
        .iter()
        .filter(|e| matches!(e.kind, EventKind::NotificationSent { .. }))
        .count();
    assert_eq!(sent, 1);
}
