//! `mesa replay` and `mesa report` reading straight from the desk's endpoint (`--url/--db`,
//! a real pouchdb-server): the same output as from a file of the same events.

use std::process::{Command, Output};

use chrono::{Duration, Utc};
use mesa::domain::event::*;

use crate::agent_support::desk::*;
use crate::agent_support::servers::Couch;

fn mesa(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mesa"))
        .args(args)
        .output()
        .expect("mesa runs")
}

#[test]
fn replay_and_report_read_the_endpoint_like_a_file() {
    let couch = Couch::start();
    let now = Utc::now();
    let mut browser = Browser::new("dev00000000ff");
    let published = publish(&mut browser, now - Duration::days(3), "p4-callmyway");
    let mut opening = opened(
        "CMW-261019-FFFFF",
        "incidente",
        "ACME",
        &version_of(&published),
    );
    if let EventKind::Opened(o) = &mut opening {
        o.severity = Some("s3".into());
        o.channel = Some("tel_mx".into());
        o.fields.insert("usuario".into(), "Carla Mena".into());
    }
    let open = browser.event(None, now - Duration::hours(2), opening);
    seed(&couch, &[published, open]);
    let events = endpoint_events(&couch);
    // Not an event: skipped, counted on stderr.
    couch.bulk_docs(vec![serde_json::json!({"_id": "cat", "name": "Tom"})]);
    let file = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("remote-events.json");
    std::fs::write(&file, serde_json::to_string(&events).unwrap()).unwrap();
    let file = file.to_string_lossy().into_owned();
    let at = now.to_rfc3339();
    let month = now.format("%Y-%m").to_string();

    for command in [
        vec!["replay", "--profile", "p4", "--now", &at],
        vec!["report", "--profile", "p4", "--now", &at, "--month", &month],
    ] {
        let mut remote = command.clone();
        remote.extend(["--url", &couch.url, "--db", &couch.db]);
        let from_endpoint = mesa(&remote);
        let stderr = String::from_utf8_lossy(&from_endpoint.stderr);
        assert!(from_endpoint.status.success(), "{stderr}");
        assert!(stderr.contains("1 document(s)"), "{stderr}");
        let mut local = command.clone();
        local.extend(["--events", &file]);
        let from_file = mesa(&local);
        assert!(from_file.status.success());
        assert_eq!(
            String::from_utf8_lossy(&from_endpoint.stdout),
            String::from_utf8_lossy(&from_file.stdout),
            "{command:?}"
        );
    }
    let replayed: serde_json::Value = serde_json::from_slice(
        &mesa(&[
            "replay",
            "--profile",
            "p4",
            "--url",
            &couch.url,
            "--db",
            "mesa",
        ])
        .stdout,
    )
    .unwrap();
    assert_eq!(
        replayed["tickets"][0]["ticket"]["number"],
        "CMW-261019-FFFFF"
    );

    let missing = mesa(&[
        "replay",
        "--profile",
        "p4",
        "--url",
        &couch.url,
        "--db",
        "nope",
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("does not exist"));
    let half = mesa(&[
        "report",
        "--profile",
        "p4",
        "--month",
        &month,
        "--url",
        &couch.url,
    ]);
    assert_eq!(half.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&half.stderr).contains("--url needs --db"));
    let both = mesa(&[
        "replay",
        "--profile",
        "p4",
        "--events",
        &file,
        "--url",
        &couch.url,
        "--db",
        "mesa",
    ]);
    assert_eq!(both.status.code(), Some(2));
}

/// `mesa verify --url/--db` (#20): the events a browser signed with WebCrypto
/// (`tests/data/events-browser-signed.json`) checked straight from the endpoint; one byte of one
/// event changed there fails it, naming that event.
#[test]
fn verify_reads_the_endpoint_like_a_file() {
    let couch = Couch::start();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/events-browser-signed.json"
    ))
    .expect("the browser's events");
    let events: Vec<Event> = serde_json::from_str(&text).expect("events");
    seed(&couch, &events);
    let verify = mesa(&["verify", "--strict", "--url", &couch.url, "--db", &couch.db]);
    let stdout = String::from_utf8_lossy(&verify.stdout);
    assert!(verify.status.success(), "{stdout}");
    assert!(
        stdout.starts_with("3 events: 3 signed and verified, 0 unsigned"),
        "{stdout}"
    );

    let opened = events
        .iter()
        .find(|e| matches!(e.kind, EventKind::Opened(_)))
        .expect("an opening");
    let mut doc = couch
        .docs()
        .into_iter()
        .find(|d| d["_id"] == opened.id.as_str())
        .expect("stored");
    let description = doc["payload"]["description"]
        .as_str()
        .unwrap_or("")
        .to_string();
    doc["payload"]["description"] = description.replacen("E1", "E2", 1).into();
    let results = couch.bulk_docs(vec![doc]);
    assert!(results.iter().all(|r| r["ok"] == true), "{results:?}");
    let verify = mesa(&["verify", "--url", &couch.url, "--db", &couch.db]);
    let stderr = String::from_utf8_lossy(&verify.stderr);
    assert_eq!(verify.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(&format!("event {} ", opened.id.as_str())) && stderr.contains("altered"),
        "{stderr}"
    );
}
