//! Two agents on one desk: one works, the other waits on the lease; when the first dies, the
//! second takes over once the lease ended. The running agent follows the feed (long-poll): a
//! notification queued while it runs is mailed without a restart.

use std::process::Stdio;
use std::time::Duration as StdDuration;

use chrono::{Duration, Utc};
use mesa::domain::event::*;

use crate::agent_support::desk::*;
use crate::agent_support::servers::{eventually, Couch, Smtp, TempDir};

fn notification(browser: &mut Browser, ticket: &TicketId, n: u32) -> Event {
    browser.event(
        Some(ticket),
        Utc::now(),
        EventKind::NotificationQueued(Notification {
            rule: "cambio_etapa".into(),
            to: vec![format!("noc{n}@banco.example")],
            subject: format!("Caso CIR-261019-DDDDD — aviso {n}"),
            body: format!("Aviso {n}."),
            key: format!("aviso/{n}"),
            unresolved: Vec::new(),
            in_reply_to: None,
        }),
    )
}

#[test]
fn a_second_agent_waits_while_the_first_works_and_takes_over_when_it_dies() {
    let couch = Couch::start();
    let smtp = Smtp::start();
    let now = Utc::now();
    let mut browser = Browser::new("dev00000000dd");
    let published = publish(&mut browser, now - Duration::days(3), "p3-cirion");
    let open = browser.event(
        None,
        now - Duration::hours(1),
        opened(
            "CIR-261019-DDDDD",
            "tecnico",
            "Banco Andino",
            &version_of(&published),
        ),
    );
    let ticket = open.ticket_id.clone();
    seed(&couch, &[published, open]);
    let flags = vec![
        "--smtp".to_string(),
        format!("smtp://127.0.0.1:{}", smtp.port),
        "--smtp-from".to_string(),
        "mesa@desk.example".to_string(),
        "--lease-seconds".to_string(),
        "6".to_string(),
    ];

    // Agent A runs (no --once), logging to a file.
    let data_a = TempDir::new("agent-a");
    let logs = TempDir::new("agent-a-log");
    let log_a = logs.0.join("stderr.log");
    let mut a = agent_running(&couch, &data_a, &flags)
        .stdout(Stdio::null())
        .stderr(Stdio::from(
            std::fs::File::create(&log_a).expect("log file"),
        ))
        .spawn()
        .expect("agent A starts");
    let read = |path: &std::path::Path| std::fs::read_to_string(path).unwrap_or_default();
    eventually("agent A's first pass", StdDuration::from_secs(60), || {
        read(&log_a).contains("\"action\":\"due\"") || a.try_wait().ok().flatten().is_some()
    });
    assert!(
        a.try_wait().expect("wait").is_none(),
        "A stopped:\n{}",
        read(&log_a)
    );

    // Agent B, while A holds the lease: waits, does nothing.
    let data_b = TempDir::new("agent-b");
    let waited = agent(&couch, &data_b, &flags);
    let log_b = String::from_utf8_lossy(&waited.stderr);
    assert!(log_b.contains("lease_waiting"), "{log_b}");
    assert!(!log_b.contains("\"action\":\"synced\""), "{log_b}");

    // A follows the feed: a notification queued now is mailed, once.
    seed(&couch, &[notification(&mut browser, &ticket, 1)]);
    eventually(
        "A mails the first notification",
        StdDuration::from_secs(60),
        || smtp.messages().len() == 1,
    );
    // ... and its NotificationSent reaches the endpoint (until then, an agent taking over after
    // A's death would send it again: the takeover window the README names).
    eventually(
        "A pushes the NotificationSent",
        StdDuration::from_secs(60),
        || {
            count(&endpoint_events(&couch), |k| {
                matches!(k, EventKind::NotificationSent { .. })
            }) == 1
        },
    );

    // A dies; B takes over once A's lease ended and mails the next one (only that one).
    a.kill().expect("SIGKILL");
    a.wait().expect("reaped");
    seed(&couch, &[notification(&mut browser, &ticket, 2)]);
    eventually("B takes over", StdDuration::from_secs(30), || {
        let out = agent(&couch, &data_b, &flags);
        !String::from_utf8_lossy(&out.stderr).contains("lease_waiting")
    });
    let messages = smtp.messages();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages.iter().any(|m| m.contains("noc1@banco.example")));
    assert!(messages.iter().any(|m| m.contains("noc2@banco.example")));
    let stored = endpoint_events(&couch);
    let sent = count(&stored, |k| matches!(k, EventKind::NotificationSent { .. }));
    assert_eq!(sent, 2);
}
