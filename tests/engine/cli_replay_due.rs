//! `mesa replay --now T`: only the events up to T, and what is due at T applied and listed as
//! the engine's events (the same ids every device and the agent write).

use std::path::PathBuf;
use std::process::Command;

use chrono::{DateTime, Duration, TimeZone, Utc};
use mesa::domain::desk::change::ProfilePublication;
use mesa::domain::desk::RecordKey;
use mesa::domain::due_events::due_events;
use mesa::domain::engine::Engine;
use mesa::domain::event::*;
use mesa::domain::fold::fold_ticket;
use mesa::domain::profile::{preset, ProcessProfile};
use serde_json::Value;

fn event(seq: u128, ticket: Option<&TicketId>, at: DateTime<Utc>, kind: EventKind) -> Event {
    let id = EventId::from_parts(at.timestamp_millis(), 0xC11_0000 + seq);
    let ticket = ticket.cloned().unwrap_or_else(|| id.as_ticket());
    let hlc = Hlc {
        wall_ms: at.timestamp_millis(),
        counter: 0,
        device: "dev0000000001".into(),
    };
    Event::new(id, ticket, hlc, "ana", kind)
}

fn replay(events: &[Event], now: DateTime<Utc>) -> Value {
    let (code, out, stderr) = run(events, now);
    assert_eq!(code, 0, "{stderr}");
    out
}

/// Exit code, JSON output, stderr.
fn run(events: &[Event], now: DateTime<Utc>) -> (i32, Value, String) {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("replay-due-{}.json", now.timestamp()));
    std::fs::write(&path, serde_json::to_string(events).unwrap()).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_mesa"))
        .args(["replay", "--profile", "p4", "--events"])
        .arg(&path)
        .args(["--now", &now.to_rfc3339()])
        .output()
        .expect("mesa runs");
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_slice(&out.stdout).expect("JSON"),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A P1 opening with everything the process asks for.
fn complete_p1_opening() -> Opened {
    Opened {
        number: "SIPO-261019-QQQQQ".into(),
        request_kind: "incidente_api".into(),
        customer: "ACME".into(),
        description: "Caída".into(),
        fields: [
            ("reportante", "Carla Mena"),
            ("telefonos", "+52 55 1234 5678"),
            ("correos", "noc@acme.example"),
            ("api", "pagos-v2"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect(),
        checklist: [
            "elementos_red",
            "vpn_conectividad",
            "vpn_parametros",
            "energia",
        ]
        .into_iter()
        .map(String::from)
        .collect(),
        ..Opened::default()
    }
}

#[test]
fn replay_at_a_time_applies_what_was_due_then_and_ignores_what_came_later() {
    let json = preset("p1-sipo").unwrap();
    let opened_at = Utc.with_ymd_and_hms(2026, 10, 19, 15, 0, 0).unwrap();
    let resolved_at = opened_at + Duration::hours(1);
    let publish = event(
        1,
        Some(&RecordKey::Profile.to_ticket_id()),
        opened_at - Duration::days(1),
        EventKind::ProfilePublished(ProfilePublication::new(json)),
    );
    let open = event(2, None, opened_at, EventKind::Opened(complete_p1_opening()));
    let ticket = open.ticket_id.clone();
    let resolved = event(
        3,
        Some(&ticket),
        resolved_at,
        EventKind::Resolved(Resolution::default()),
    );
    // Written two days later: not yet happened at the times replayed below.
    let later = event(
        4,
        Some(&ticket),
        resolved_at + Duration::days(2),
        EventKind::Commented {
            text: "nota".into(),
            customer_visible: false,
        },
    );
    let events = vec![publish, open, resolved, later];

    // 21 h: before the customer's reminder (2 h before the window ends) and the auto-close.
    let before = replay(&events, resolved_at + Duration::hours(21));
    assert_eq!(before["events"], 3);
    assert_eq!(before["events_after_now"], 1);
    assert_eq!(before["due"], serde_json::json!([]));
    assert_eq!(before["tickets"][0]["ticket"]["status"], "resolved");

    let after = replay(&events, resolved_at + Duration::hours(25));
    let due = after["due"].as_array().expect("due events");
    let closed = due
        .iter()
        .find(|e| e["kind"] == "auto_closed")
        .expect("the auto-close is due");
    assert_eq!(after["tickets"][0]["ticket"]["status"], "closed");
    assert_eq!(after["tickets"][0]["ticket"]["auto_closed"], true);
    // The same events the engine gives any device.
    let engine = Engine::new(ProcessProfile::from_json(json).unwrap()).unwrap();
    let expected = due_events(
        &engine,
        &[],
        &fold_ticket(&events[..3]).unwrap(),
        resolved_at + Duration::hours(25),
    );
    let printed: Vec<Event> = serde_json::from_value(Value::Array(due.clone())).unwrap();
    assert_eq!(printed, expected);
    assert_eq!(
        closed["hlc"].as_str().unwrap()[..15]
            .parse::<i64>()
            .unwrap(),
        (resolved_at + Duration::hours(24)).timestamp_millis()
    );
}

#[test]
fn replay_names_the_fields_an_opening_left_out_and_exits_1() {
    let at = Utc.with_ymd_and_hms(2026, 10, 19, 15, 0, 0).unwrap();
    let publish = event(
        1,
        Some(&RecordKey::Profile.to_ticket_id()),
        at - Duration::days(1),
        EventKind::ProfilePublished(ProfilePublication::new(preset("p1-sipo").unwrap())),
    );
    let mut opening = complete_p1_opening();
    opening.fields.remove("telefonos");
    opening.checklist.retain(|c| c != "energia");
    let open = event(2, None, at, EventKind::Opened(opening));
    let good = event(3, None, at, EventKind::Opened(complete_p1_opening()));
    let (code, out, stderr) = run(&[publish, open.clone(), good], at + Duration::hours(1));
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("telefonos required"), "{stderr}");
    assert!(stderr.contains("energia not confirmed"), "{stderr}");
    let problems = out["registration_problems"].as_array().expect("listed");
    assert_eq!(
        problems.len(),
        1,
        "only the incomplete opening: {problems:?}"
    );
    assert_eq!(problems[0]["ticket"], open.ticket_id.as_str());
    let fields: Vec<&str> = problems[0]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["telefonos", "checklist"]);
    assert_eq!(
        out["tickets"].as_array().unwrap().len(),
        2,
        "still replayed"
    );
}
