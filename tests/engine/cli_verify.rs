//! `mesa verify` (#20) on a real export: `tests/data/events-p4-signed.json` is the P4 month of
//! `tests/data/p4_month.rs` as its two devices would have signed it, saved as a CouchDB
//! `_all_docs?include_docs=true` answer. Rewrite it with
//! `MESA_WRITE_TEST_DATA=1 cargo test --test engine cli_verify::`.

use mesa::domain::event::Event;
use mesa::domain::evidence::{seal_history, DeviceKey};
use serde_json::{json, Value};

use crate::common::cli::{data, mesa, temp_file};
use crate::common::p4_month::{p4_month, NOW};

const SIGNED: &str = "events-p4-signed.json";
const DEVICES: [(&str, u8); 2] = [("centro-1", 11), ("tecnico-lima", 22)];

/// The P4 month signed by its devices: each publishes its key a minute before its first event.
fn signed_month() -> Vec<Event> {
    let (mut events, _) = p4_month();
    let keys: Vec<(&str, DeviceKey)> = DEVICES
        .iter()
        .map(|(d, seed)| (*d, DeviceKey::from_seed([*seed; 32])))
        .collect();
    for (n, (device, key)) in keys.iter().enumerate() {
        let first = events
            .iter()
            .filter(|e| e.device() == *device)
            .map(|e| e.hlc.wall_ms)
            .min()
            .expect("the device writes in the month");
        let publication = key.publication_event(device, first - 60_000, 7_000 + n as u128, "admin");
        events.push(publication.expect("a publication"));
    }
    seal_history(&mut events, |d| {
        keys.iter().find(|(n, _)| *n == d).map(|(_, k)| k)
    })
    .expect("sealed");
    events
}

/// As `_all_docs?include_docs=true` answers: rows with `doc` holding `_id` and `_rev`.
fn as_all_docs(events: &[Event]) -> String {
    let rows: Vec<Value> = events
        .iter()
        .map(|e| {
            let mut doc = serde_json::to_value(e).expect("an event as JSON");
            let id = e.id.as_str();
            doc["_id"] = json!(id);
            doc["_rev"] = json!("1-0123456789abcdef");
            json!({"id": id, "key": id, "value": {"rev": "1-0123456789abcdef"}, "doc": doc})
        })
        .collect();
    let all = json!({"total_rows": rows.len(), "offset": 0, "rows": rows});
    serde_json::to_string_pretty(&all).expect("JSON") + "\n"
}

fn export() -> String {
    std::fs::read_to_string(data(SIGNED)).expect("tests/data/events-p4-signed.json")
}

#[test]
fn committed_signed_export_is_the_scenario() {
    let text = as_all_docs(&signed_month());
    if std::env::var_os("MESA_WRITE_TEST_DATA").is_some() {
        std::fs::write(data(SIGNED), &text).expect("write");
    }
    assert_eq!(export(), text, "regenerate with MESA_WRITE_TEST_DATA=1");
}

#[test]
fn the_export_verifies_and_so_does_the_report_it_gives() {
    let run = mesa(&["verify", "--events", &data(SIGNED), "--strict"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let n = signed_month().len();
    assert!(run
        .stdout
        .starts_with(&format!("{n} events: {n} signed and verified, 0 unsigned")));
    assert!(run.stdout.contains("ok: the history holds"));

    let report = mesa(&[
        "report",
        "--profile",
        "p4",
        "--events",
        &data(SIGNED),
        "--month",
        "2026-10",
        "--now",
        NOW,
    ]);
    assert_eq!(report.code, 0, "{}", report.stderr);
    let value: Value = serde_json::from_str(&report.stdout).expect("JSON");
    let evidence = &value["evidence"];
    assert_eq!(evidence["heads"].as_array().map(Vec::len), Some(2));
    assert!(report.stdout.trim_end().ends_with('}'));
    let last_key = report.stdout.rfind("\"evidence\"").unwrap_or(0);
    assert!(last_key > report.stdout.rfind("\"penalties\"").unwrap_or(usize::MAX));
    let path = temp_file("p4-report.json", &report.stdout);
    let run = mesa(&["verify", "--events", &data(SIGNED), "--report", &path]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let root = evidence["root"].as_str().unwrap_or("?");
    assert!(run.stdout.contains(&format!(
        "report 2026-10: {} events, root {root} matches",
        evidence["events"]
    )));

    let csv = mesa(&[
        "report",
        "--profile",
        "p4",
        "--events",
        &data(SIGNED),
        "--month",
        "2026-10",
        "--now",
        NOW,
        "--csv",
    ]);
    assert!(csv
        .stdout
        .contains(&format!("evidence,,,merkle_root,{root},")));
    assert!(csv
        .stdout
        .trim_end()
        .lines()
        .last()
        .is_some_and(|l| l.starts_with("evidence,,tecnico-lima,head_hash,")));
}

#[test]
fn one_byte_changed_in_a_payload_names_that_event() {
    let text = export();
    assert_eq!(text.matches("Revisando la troncal SIP.").count(), 1);
    let edited = text.replacen("Revisando la troncal SIP.", "Revisando la troncal SIQ.", 1);
    let path = temp_file("p4-one-byte.json", &edited);
    let run = mesa(&["verify", "--events", &path]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.starts_with(
            "mesa: broken history: event 01M3TMR620000KRVQKEBZ99Y1A (device centro-1): altered"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn a_removed_event_is_named_as_the_gap_it_leaves() {
    let mut all: Value = serde_json::from_str(&export()).expect("JSON");
    let rows = all["rows"].as_array_mut().expect("rows");
    let doc = |r: &Value, f: &str| r["doc"][f].clone();
    let target = rows
        .iter()
        .position(|r| {
            doc(r, "hlc")
                .as_str()
                .is_some_and(|h| h.ends_with("-centro-1"))
                && doc(r, "chain")["seq"] == json!(5)
        })
        .expect("centro-1's event #5");
    let after = rows
        .iter()
        .find(|r| {
            doc(r, "hlc")
                .as_str()
                .is_some_and(|h| h.ends_with("-centro-1"))
                && doc(r, "chain")["seq"] == json!(6)
        })
        .map(|r| doc(r, "_id"))
        .expect("centro-1's event #6");
    rows.remove(target);
    let path = temp_file("p4-removed.json", &all.to_string());
    let run = mesa(&["verify", "--events", &path]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let expected = format!(
        "mesa: broken history: event {} (device centro-1): missing predecessor: the device's event #5 is not in the history",
        after.as_str().unwrap_or("?")
    );
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
}

#[test]
fn unsigned_events_are_listed_and_refused_only_with_strict() {
    let run = mesa(&["verify", "--events", &data("events-p4.json")]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout
            .contains("0 signed and verified, 52 unsigned (sin firma)"),
        "{}",
        run.stdout
    );
    assert!(run
        .stdout
        .contains("unsigned (sin firma): 01M3TK18800009WDVSQ5ZMMZ0N"));
    let strict = mesa(&["verify", "--events", &data("events-p4.json"), "--strict"]);
    assert_eq!(strict.code, 1);
    assert!(
        strict
            .stderr
            .starts_with("mesa: 52 unsigned events (sin firma), refused by --strict"),
        "{}",
        strict.stderr
    );
}

#[test]
fn an_event_added_after_the_report_breaks_its_root() {
    let report = mesa(&[
        "report",
        "--profile",
        "p4",
        "--events",
        &data(SIGNED),
        "--month",
        "2026-10",
        "--now",
        NOW,
    ]);
    let path = temp_file("p4-report-before.json", &report.stdout);
    let mut all: Value = serde_json::from_str(&export()).expect("JSON");
    let rows = all["rows"].as_array_mut().expect("rows");
    let mut extra = rows[3].clone();
    for field in ["chain", "signature"] {
        extra["doc"].as_object_mut().map(|d| d.remove(field));
    }
    extra["doc"]["_id"] = json!("01M3TMR620000KRVQKEBZ99ZZZ");
    extra["doc"]["id"] = json!("01M3TMR620000KRVQKEBZ99ZZZ");
    extra["doc"]["hlc"] = json!("001792065600000-000000-otro");
    rows.push(extra);
    let events = temp_file("p4-added.json", &all.to_string());
    let run = mesa(&["verify", "--events", &events, "--report", &path]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stderr
            .starts_with("mesa: the history does not match the report of 2026-10"),
        "{}",
        run.stderr
    );
}

#[test]
fn verify_refuses_bad_usage_and_reports_without_evidence() {
    assert_eq!(mesa(&["verify"]).code, 2);
    assert_eq!(
        mesa(&["verify", "--events", &data(SIGNED), "--bogus"]).code,
        2
    );
    let old = temp_file("old-report.json", "{\"month\": \"2026-10\"}");
    let run = mesa(&["verify", "--events", &data(SIGNED), "--report", &old]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("no \"evidence\" in this report"),
        "{}",
        run.stderr
    );
}
