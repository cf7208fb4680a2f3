//! `mesa agent` killed with SIGKILL at many points of a run of 200 notifications and restarted
//! until a pass finishes: every message is delivered, at most one extra copy per kill (the
//! window the README names), and the endpoint ends with exactly one `NotificationSent` per
//! message — no event lost or doubled.

use std::collections::BTreeMap;
use std::process::Stdio;
use std::time::{Duration as StdDuration, Instant};

use chrono::{Duration, Utc};
use mesa::domain::event::*;
use mesa::domain::fold::fold_ticket;

use crate::agent_support::desk::*;
use crate::agent_support::servers::{Couch, Smtp, TempDir};

const MESSAGES: usize = 200;

/// Message-ID → copies delivered.
fn delivered(smtp: &Smtp) -> BTreeMap<String, usize> {
    let mut out = BTreeMap::new();
    for mail in smtp.messages() {
        let id = mail
            .lines()
            .find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("message-id")
                    .then(|| value.trim().to_string())
            })
            .expect("every message has a Message-ID");
        *out.entry(id).or_insert(0) += 1;
    }
    out
}

#[test]
fn killed_at_random_points_every_message_goes_out_and_is_recorded_once() {
    let couch = Couch::start();
    let smtp = Smtp::start();
    let now = Utc::now();
    let mut browser = Browser::new("dev00000000cc");
    let published = publish(&mut browser, now - Duration::days(3), "p3-cirion");
    let open = browser.event(
        None,
        now - Duration::hours(1),
        opened(
            "CIR-261019-CCCCC",
            "tecnico",
            "Banco Andino",
            &version_of(&published),
        ),
    );
    let ticket = open.ticket_id.clone();
    let mut seeded = vec![published, open];
    let mut queued = Vec::new();
    for i in 0..MESSAGES {
        let event = browser.event(
            Some(&ticket),
            now - Duration::minutes(50),
            EventKind::NotificationQueued(Notification {
                rule: "cambio_etapa".into(),
                to: vec![format!("contacto{i}@banco.example")],
                subject: format!("Caso CIR-261019-CCCCC — aviso {i}"),
                body: format!("Aviso número {i}."),
                key: format!("aviso/{i}"),
                unresolved: Vec::new(),
                in_reply_to: None,
            }),
        );
        queued.push(event.id.clone());
        seeded.push(event);
    }
    seed(&couch, &seeded);

    let data = TempDir::new("agent-kill");
    let smtp_flags = vec![
        "--smtp".to_string(),
        format!("smtp://127.0.0.1:{}", smtp.port),
        "--smtp-from".to_string(),
        "mesa@desk.example".to_string(),
    ];
    // Kill points: after 1..=17 more messages arrived (a fixed pseudo-random sequence, so a
    // failure can be replayed), also while pulling or pushing when no mail is left.
    let mut state = 0x9E37_79B9u32;
    let mut kills = 0usize;
    let mut finished = false;
    for _ in 0..60 {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let step = 1 + (state % 17) as usize;
        let before: usize = delivered(&smtp).values().sum();
        let mut child = agent_command(&couch, &data, &smtp_flags)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("mesa runs");
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait().expect("wait") {
                assert!(status.success(), "a pass failed: {status:?}");
                finished = true;
                break;
            }
            let now_delivered: usize = delivered(&smtp).values().sum();
            if now_delivered >= before + step {
                child.kill().expect("SIGKILL");
                child.wait().expect("reaped");
                kills += 1;
                break;
            }
            assert!(
                started.elapsed() < StdDuration::from_secs(120),
                "a pass took too long"
            );
            std::thread::sleep(StdDuration::from_millis(2));
        }
        if finished {
            break;
        }
    }
    assert!(finished, "the agent finished after {kills} kills");
    assert!(kills >= 5, "killed only {kills} times");

    let copies = delivered(&smtp);
    let expected: Vec<String> = queued
        .iter()
        .map(|id| format!("<{}@desk.example>", id.as_str()))
        .collect();
    for id in &expected {
        assert!(copies.contains_key(id), "{id} was never delivered");
    }
    assert_eq!(copies.len(), MESSAGES, "no stray messages");
    let extra: usize = copies.values().map(|n| n - 1).sum();
    eprintln!("{kills} kills, {extra} extra copies of {MESSAGES} messages");
    assert!(
        extra <= kills,
        "{extra} extra copies for {kills} kills: more than the window allows"
    );

    let stored = endpoint_events(&couch);
    let sent = count(&stored, |k| matches!(k, EventKind::NotificationSent { .. }));
    assert_eq!(sent, MESSAGES, "one NotificationSent per message");
    assert_eq!(
        stored.len(),
        seeded.len() + MESSAGES + 1,
        "no event lost or doubled (plus the agent's key publication)"
    );
    // Its chain survived every kill: each record and the chain head commit together.
    let verdict = mesa::domain::evidence::verify(&stored, None);
    assert!(verdict.holds(false), "{:?}", verdict.broken);
    assert_eq!(verdict.signed, MESSAGES + 1);
    let folded = fold_ticket(&stored).expect("ticket");
    assert_eq!(folded.notifications_sent.len(), MESSAGES);
    // A last pass: nothing more is mailed.
    let total: usize = copies.values().sum();
    agent(&couch, &data, &smtp_flags);
    assert_eq!(delivered(&smtp).values().sum::<usize>(), total);
}
