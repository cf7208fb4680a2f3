//! `mesa agent --once` through the fault proxy in front of pouchdb-server: 500s, a hung
//! request (the agent's timeout), a `_bulk_docs` response cut in half after the server stored
//! the documents, and a 202. The pass still completes: the auto-close and the mail each reach
//! the endpoint once, the mail is sent once.

use chrono::{Duration, Utc};
use mesa::domain::event::*;
use mesa::domain::fold::fold_ticket;

use crate::agent_support::desk::*;
use crate::agent_support::servers::{Couch, FaultProxy, SecureSmtp, Smtp, TempDir};

#[test]
fn faults_in_the_endpoint_are_retried_and_nothing_is_lost_or_doubled() {
    let couch = Couch::start();
    let smtp = Smtp::start();
    let now = Utc::now();
    let mut browser = Browser::new("dev00000000ee");
    let mut seeded = resolved_p1(&mut browser, now, "SIPO-261019-EEEEE");
    let ticket = seeded[1].ticket_id.clone();
    let queued = browser.event(
        Some(&ticket),
        now - Duration::hours(25),
        EventKind::NotificationQueued(Notification {
            // The opening's message, still waiting to go (the resolution's message would move
            // the customer's verification window to when it is mailed: no auto-close now).
            rule: "apertura".into(),
            to: vec!["cs@acme.example".into()],
            subject: "Caso SIPO-261019-EEEEE — registrado".into(),
            body: "Registramos su caso.".into(),
            key: "apertura/open".into(),
            unresolved: Vec::new(),
            in_reply_to: None,
        }),
    );
    seeded.push(queued.clone());
    seed(&couch, &seeded);
    let proxy = FaultProxy::start(
        &couch.url,
        &serde_json::json!([
            {"path": "/_changes$", "method": "GET", "times": 2, "fault": "status", "status": 500},
            {"path": "/_changes$", "method": "GET", "times": 1, "fault": "hang"},
            {"path": "/_bulk_docs$", "times": 1, "fault": "drop"},
            {"path": "/_bulk_docs$", "times": 1, "fault": "accepted"},
        ]),
    );
    let through_proxy = couch.via(&proxy.url);
    let data = TempDir::new("agent-faults");
    let flags = vec![
        "--timeout-seconds".to_string(),
        "2".to_string(),
        "--smtp".to_string(),
        format!("smtp://127.0.0.1:{}", smtp.port),
        "--smtp-from".to_string(),
        "mesa@desk.example".to_string(),
    ];
    let out = agent(&through_proxy, &data, &flags);
    let log = String::from_utf8_lossy(&out.stderr);
    assert!(log.contains("\"action\":\"retry\""), "{log}");
    assert!(
        log.contains("did not answer in time"),
        "the hang timed out: {log}"
    );
    assert!(log.contains("HTTP 500"), "{log}");

    let stored = endpoint_events(&couch);
    assert_eq!(count(&stored, |k| *k == EventKind::AutoClosed), 1, "{log}");
    assert_eq!(
        count(&stored, |k| matches!(k, EventKind::NotificationSent { .. })),
        1
    );
    assert_eq!(smtp.messages().len(), 1);
    let folded = fold_ticket(&stored).expect("ticket");
    assert!(folded.auto_closed);
    assert_eq!(folded.notifications_sent, vec![queued.id]);
    // Healthy again: a second pass adds nothing and mails nothing.
    let total = stored.len();
    agent(&couch, &data, &flags);
    assert_eq!(endpoint_events(&couch).len(), total);
    assert_eq!(smtp.messages().len(), 1);
}

#[test]
fn wrong_credentials_stop_a_pass_at_once_with_exit_1_and_never_appear_in_the_log() {
    let couch = Couch::start();
    // Only the member `ana` may use the database (admin `ana`, password `s3cret-pw`).
    let admin = format!("{}/_config/admins/ana", couch.url);
    assert_eq!(
        couch.put(&admin, &serde_json::json!("s3cret-pw"), None),
        200
    );
    let basic = "Basic YW5hOnMzY3JldC1wdw=="; // ana:s3cret-pw
    let security = serde_json::json!({
        "admins": {"names": [], "roles": []},
        "members": {"names": ["ana"], "roles": []},
    });
    let url = format!("{}/{}/_security", couch.url, couch.db);
    assert_eq!(couch.put(&url, &security, Some(basic)), 200);

    let data = TempDir::new("agent-auth");
    let wrong = agent_command(
        &couch,
        &data,
        &[
            "--user".into(),
            "ana".into(),
            "--password".into(),
            "not-it-9".into(),
        ],
    )
    .output()
    .expect("mesa runs");
    let log = String::from_utf8_lossy(&wrong.stderr);
    assert_eq!(wrong.status.code(), Some(1), "{log}");
    assert!(log.contains("refused the credentials"), "{log}");
    assert!(
        !log.contains("not-it-9") && !log.contains("s3cret"),
        "{log}"
    );
    assert!(!log.contains("\"action\":\"retry\""), "not retried: {log}");

    // The right password, from the environment: the pass works.
    let right = agent_command(&couch, &data, &["--user".into(), "ana".into()])
        .env("MESA_PASSWORD", "s3cret-pw")
        .output()
        .expect("mesa runs");
    let log = String::from_utf8_lossy(&right.stderr);
    assert!(right.status.success(), "{log}");
    assert!(log.contains("\"action\":\"synced\""), "{log}");
    assert!(!log.contains("s3cret-pw"), "{log}");
}

#[test]
fn mail_goes_through_starttls_and_auth_and_a_refused_login_blames_no_message() {
    let couch = Couch::start();
    let smtp = SecureSmtp::start("mesa", "smtp-pw-77");
    let now = Utc::now();
    let mut browser = Browser::new("dev00000000ad");
    let mut seeded = resolved_p1(&mut browser, now, "SIPO-261019-ADADA");
    let ticket = seeded[1].ticket_id.clone();
    let queued = |n: u32| {
        EventKind::NotificationQueued(Notification {
            rule: "resuelto".into(),
            to: vec![format!("cs{n}@acme.example")],
            subject: format!("Caso SIPO-261019-ADADA — aviso {n}"),
            body: "Resuelto.".into(),
            key: format!("aviso/{n}"),
            unresolved: Vec::new(),
            in_reply_to: None,
        })
    };
    seeded.push(browser.event(Some(&ticket), now - Duration::hours(25), queued(1)));
    seed(&couch, &seeded);
    let flags = |user: &str| {
        vec![
            "--smtp".to_string(),
            format!("smtp://127.0.0.1:{}", smtp.port),
            "--smtp-from".to_string(),
            "mesa@desk.example".to_string(),
            "--starttls".to_string(),
            "--smtp-ca".to_string(),
            smtp.ca.to_string_lossy().into_owned(),
            "--smtp-user".to_string(),
            user.to_string(),
        ]
    };
    // A wrong password: the server refuses the login; the pass says so (exit 1) and no message
    // is blamed for it.
    let data = TempDir::new("agent-tls");
    let wrong = agent_command(&couch, &data, &flags("mesa"))
        .env("MESA_SMTP_PASSWORD", "not-the-pw-3")
        .output()
        .expect("mesa runs");
    let log = String::from_utf8_lossy(&wrong.stderr);
    assert_eq!(wrong.status.code(), Some(1), "{log}");
    assert!(log.contains("mail_unavailable"), "{log}");
    assert!(!log.contains("mail_refused"), "{log}");
    assert!(!log.contains("not-the-pw-3"), "{log}");
    assert!(smtp.messages().is_empty());

    // The right one: both notifications (one queued since) mailed over TLS after AUTH.
    seed(
        &couch,
        &[browser.event(Some(&ticket), now - Duration::hours(24), queued(2))],
    );
    let right = agent_command(&couch, &data, &flags("mesa"))
        .env("MESA_SMTP_PASSWORD", "smtp-pw-77")
        .output()
        .expect("mesa runs");
    let log = String::from_utf8_lossy(&right.stderr);
    assert!(right.status.success(), "{log}");
    assert!(!log.contains("smtp-pw-77"), "{log}");
    let messages = smtp.messages();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("cs1@acme.example")));
    assert!(messages.iter().any(|m| m.contains("cs2@acme.example")));
    let sent = count(&endpoint_events(&couch), |k| {
        matches!(k, EventKind::NotificationSent { .. })
    });
    assert_eq!(sent, 2);
}
