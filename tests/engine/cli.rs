//! The `mesa` command-line tool, run as a built binary.
//!
//! `tests/data/events-p4.json` is generated from `tests/data/p4_month.rs`; after changing the
//! scenario, rewrite it with `MESA_WRITE_TEST_DATA=1 cargo test --test engine cli::`.

use mesa::domain::event::Event;
use mesa::domain::profile::presets;
use serde_json::Value;

use crate::common::cli::{data, mesa, temp_file, Run};
use crate::common::p4_month::{p4_month, NOW};

fn json(run: &Run) -> Value {
    assert_eq!(run.code, 0, "stderr: {}", run.stderr);
    serde_json::from_str(&run.stdout).expect("stdout is JSON")
}

fn one_line_error(run: &Run, code: i32) -> &str {
    assert_eq!(
        run.code, code,
        "stdout: {} stderr: {}",
        run.stdout, run.stderr
    );
    assert_eq!(
        run.stderr.trim_end().lines().count(),
        1,
        "one line: {:?}",
        run.stderr
    );
    assert!(run.stderr.starts_with("mesa: "));
    run.stderr.trim_end()
}

#[test]
fn committed_p4_events_are_the_scenario() {
    let (events, _) = p4_month();
    let path = data("events-p4.json");
    if std::env::var_os("MESA_WRITE_TEST_DATA").is_some() {
        let text = serde_json::to_string_pretty(&events).unwrap() + "\n";
        std::fs::write(&path, text).unwrap();
    }
    let text = std::fs::read_to_string(&path).expect("tests/data/events-p4.json");
    let committed: Vec<Event> = serde_json::from_str(&text).expect("valid events");
    assert_eq!(committed, events, "regenerate with MESA_WRITE_TEST_DATA=1");
}

#[test]
fn help_lists_the_commands() {
    for args in [&["--help"][..], &["help"], &["report", "--help"]] {
        let run = mesa(args);
        assert_eq!(run.code, 0);
        for word in [
            "validate",
            "replay",
            "report",
            "--month",
            "--csv",
            "p4-callmyway",
        ] {
            assert!(run.stdout.contains(word), "{word} in help");
        }
    }
}

#[test]
fn every_preset_validates() {
    for (id, json) in presets() {
        let file = temp_file(&format!("preset-{id}.json"), json);
        let run = mesa(&["validate", &file]);
        assert_eq!(run.code, 0, "{id}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.starts_with(&format!("ok: {id} (")),
            "{}",
            run.stdout
        );
        // A preset id works too.
        assert_eq!(mesa(&["validate", id]).code, 0);
    }
}

#[test]
fn a_broken_profile_names_every_field() {
    let run = mesa(&["validate", &data("profile-broken.json")]);
    assert_eq!(run.code, 1);
    let out = &run.stdout;
    assert!(
        out.contains("default_calendar: \"oficina\" is not a calendar"),
        "{out}"
    );
    assert!(
        out.contains("severities[1].targets.restore: minutes must be greater than 0"),
        "{out}"
    );
    assert!(out.contains("penalties.compliance_target_percent"), "{out}");
    assert!(run.stderr.contains("3 problems"), "{}", run.stderr);
}

#[test]
fn a_malformed_profile_gives_line_and_column() {
    let file = temp_file(
        "profile-typo.json",
        "{\n  \"id\": \"x\",\n  \"nmae\": \"X\"\n}\n",
    );
    let run = mesa(&["validate", &file]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("unknown field `nmae`"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("(line 3, column"), "{}", run.stdout);
    let file = temp_file("profile-cut.json", "{\n  \"id\": \"x\",\n");
    let run = mesa(&["validate", &file]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("line 3, column"), "{}", run.stdout);
}

#[test]
fn replay_folds_tickets_with_clocks_and_conflicts() {
    let (_, ids) = p4_month();
    let out = json(&mesa(&[
        "replay",
        "--profile",
        "p4-callmyway",
        "--events",
        &data("events-p4.json"),
        "--now",
        NOW,
    ]));
    assert_eq!(out["profile"], "p4-callmyway");
    let tickets = out["tickets"].as_array().unwrap();
    assert_eq!(tickets.len(), 12);
    let find = |id: &str| tickets.iter().find(|t| t["ticket"]["id"] == id).expect(id);
    for id in &ids {
        let t = find(&id.0);
        assert!(t["ticket"]["number"]
            .as_str()
            .unwrap()
            .starts_with("CMW-26"));
        assert!(t["clocks"]["response"]["state"].is_string());
    }
    // Ticket 2: S1 restored late; ticket 1: met.
    assert_eq!(find(&ids[2].0)["clocks"]["restore"]["state"], "breached");
    assert_eq!(find(&ids[1].0)["clocks"]["restore"]["state"], "met");
    assert_eq!(
        find(&ids[1].0)["clocks"]["restore"]["deadline"],
        "2026-10-05T19:00:00Z"
    );
    // Ticket 8: escalated offline after it was closed.
    let conflicts = find(&ids[8].0)["open_conflicts"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0]["reason"], "ticket_not_active");
    // Ticket 11: still running.
    assert_eq!(find(&ids[11].0)["clocks"]["restore"]["state"], "running");
}

#[test]
fn report_gives_the_month_as_json() {
    let (events, ids) = p4_month();
    let number = |i: usize| {
        let t = mesa::domain::fold::fold_all(&events);
        t.iter()
            .find(|t| t.id == ids[i])
            .unwrap()
            .number
            .to_string()
    };
    let events_file = data("events-p4.json");
    let args = [
        "report",
        "--profile",
        "p4",
        "--events",
        &events_file,
        "--month",
        "2026-10",
        "--now",
        NOW,
    ];
    let out = json(&mesa(&args));
    assert_eq!(out["month"], "2026-10");
    assert_eq!(out["minutes_in_month"], 44640);
    assert_eq!(
        out["tickets"].as_array().unwrap().len(),
        11,
        "September's ticket left out"
    );
    let overall = &out["overall"];
    assert_eq!(overall["met"]["count"], 7);
    assert_eq!(overall["missed"]["count"], 3);
    assert_eq!(overall["pending"]["count"], 1);
    assert_eq!(overall["percent"], 70.0);
    let missed: Vec<String> = [2, 3, 5].map(number).to_vec();
    assert_eq!(overall["missed"]["tickets"], serde_json::json!(missed));
    assert_eq!(overall["pending"]["tickets"][0], number(11));
    let penalties = &out["penalties"];
    assert_eq!(penalties["shortfall_points"], 28.0);
    assert_eq!(penalties["general_invoice_deduction_percent"], 28.0);
    assert_eq!(penalties["site_deductions"].as_array().unwrap().len(), 3);
    assert_eq!(out["provisional"], true);
}

#[test]
fn report_as_csv() {
    let events_file = data("events-p4.json");
    let args = [
        "report",
        "--profile",
        "p4-callmyway",
        "--events",
        &events_file,
        "--month",
        "2026-10",
        "--csv",
        "--now",
        NOW,
    ];
    let run = mesa(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let csv = &run.stdout;
    assert!(csv.starts_with("number,id,customer,site,"));
    assert!(
        csv.contains("\"Logística Andina, S.A.\",Lima,"),
        "quoted customer"
    );
    assert!(csv.contains("\r\n\r\nsection,customer,site,metric,value,tickets\r\n"));
    assert!(csv.contains("penalty,,,general_invoice_deduction_percent,28,"));
}

#[test]
fn couchdb_exports_are_accepted() {
    let (events, _) = p4_month();
    let docs: Vec<Value> = events
        .iter()
        .map(|e| {
            let mut v = serde_json::to_value(e).unwrap();
            let id = v["id"].take();
            let map = v.as_object_mut().unwrap();
            map.remove("id");
            map.insert("_id".into(), id);
            map.insert("_rev".into(), "1-abc".into());
            v
        })
        .collect();
    let rows: Vec<Value> = docs
        .iter()
        .map(|d| serde_json::json!({"id": d["_id"], "doc": d}))
        .collect();
    for (name, body) in [
        ("docs.json", serde_json::json!({ "docs": docs })),
        (
            "rows.json",
            serde_json::json!({ "total_rows": rows.len(), "rows": rows }),
        ),
    ] {
        let file = temp_file(name, &body.to_string());
        let out = json(&mesa(&[
            "replay",
            "--profile",
            "p4",
            "--events",
            &file,
            "--now",
            NOW,
        ]));
        assert_eq!(out["tickets"].as_array().unwrap().len(), 12, "{name}");
    }
}

#[test]
fn broken_events_give_line_and_column() {
    let run = mesa(&[
        "replay",
        "--profile",
        "p4",
        "--events",
        &data("events-broken.json"),
    ]);
    let msg = one_line_error(&run, 1);
    assert!(
        msg.contains("events-broken.json: line 13, column 7"),
        "{msg}"
    );
    assert!(msg.contains("malformed JSON"), "{msg}");
}

#[test]
fn an_invalid_event_names_its_index_and_reason() {
    let run = mesa(&[
        "replay",
        "--profile",
        "p4",
        "--events",
        &data("events-bad-element.json"),
    ]);
    let msg = one_line_error(&run, 1);
    assert!(
        msg.contains("line 11, column 3: event[1] (id \"01M3TMR620000KRVQKEBZ99Y1A\")"),
        "{msg}"
    );
    assert!(msg.contains("missing field `actor`"), "{msg}");
    let run = mesa(&[
        "replay",
        "--profile",
        "p4",
        "--events",
        &temp_file("obj.json", "{}"),
    ]);
    assert!(one_line_error(&run, 1).contains("expected a JSON array"));
}

#[test]
fn missing_files_are_data_errors() {
    let run = mesa(&[
        "replay",
        "--profile",
        "p4",
        "--events",
        "/nonexistent/events.json",
    ]);
    assert!(one_line_error(&run, 1).contains("cannot read /nonexistent/events.json"));
    let run = mesa(&["validate", "/nonexistent/profile.json"]);
    assert!(one_line_error(&run, 1).contains("cannot read"));
    let events = data("events-p4.json");
    let run = mesa(&[
        "replay",
        "--profile",
        &data("profile-broken.json"),
        "--events",
        &events,
    ]);
    assert!(one_line_error(&run, 1).contains("invalid profile"));
}

#[test]
fn bad_usage_exits_2() {
    let events = data("events-p4.json");
    let cases: &[(&[&str], &str)] = &[
        (&[], "no command"),
        (&["frobnicate"], "unknown command"),
        (&["--verbose"], "unknown flag"),
        (
            &["replay", "--profile", "p4", "--events", &events, "--fast"],
            "unknown flag \"--fast\"",
        ),
        (&["replay", "--events", &events], "--profile is required"),
        (
            &["replay", "--profile", "p4", "--events"],
            "--events needs a value",
        ),
        (
            &[
                "replay",
                "--profile",
                "p4",
                "--events",
                &events,
                "--now",
                "ayer",
            ],
            "RFC 3339",
        ),
        (
            &["report", "--profile", "p4", "--events", &events],
            "--month",
        ),
        (
            &[
                "report",
                "--profile",
                "p4",
                "--events",
                &events,
                "--month",
                "2026-13",
            ],
            "2026-13",
        ),
        (
            &[
                "report",
                "--profile",
                "p4",
                "--events",
                &events,
                "--month",
                "oct",
            ],
            "not a month",
        ),
        (
            &["replay", "--profile", "p4", "--events", &events, "--csv"],
            "unknown flag",
        ),
        (&["validate"], "PROFILE"),
    ];
    for (args, expected) in cases {
        let run = mesa(args);
        let msg = one_line_error(&run, 2);
        assert!(msg.contains(expected), "{args:?}: {msg}");
    }
}

#[test]
fn replay_folds_the_desk_beside_the_tickets() {
    use mesa::domain::desk::change::ArticleRevision;
    use mesa::domain::desk::upgrade::{events_from_meta, LegacyMeta};
    use mesa::domain::desk::RecordKey;
    use mesa::domain::event::{Event, EventId, EventKind, Hlc};

    let meta = LegacyMeta {
        customers: Some(r#"[{"name": "Hotel Costa Azul", "sites": [{"name": "Cancún"}]}]"#.into()),
        profile: Some(mesa::domain::profile::preset("p4-callmyway").unwrap().into()),
        knowledge_base: Some(
            r#"[{"id": "kb-1", "title": "VPN", "body": "v0", "updated_at": "2026-10-01T00:00:00Z"}]"#
                .into(),
        ),
        desk_name: Some("Mesa CMW".into()),
    };
    let mut desk_events = events_from_meta(&meta).unwrap();
    let root = desk_events
        .iter()
        .find(|e| e.ticket_id.as_str() == "article:kb-1")
        .unwrap()
        .id
        .clone();
    for (n, device) in ["tablet", "phone"].into_iter().enumerate() {
        let hlc = Hlc::first(1_790_000_000_000, device);
        desk_events.push(Event::new(
            EventId::from_parts(hlc.wall_ms, n as u128 + 1),
            RecordKey::Article("kb-1".into()).to_ticket_id(),
            hlc,
            device,
            EventKind::ArticleRevised(ArticleRevision {
                base: vec![root.clone()],
                body: Some(format!("v1 de {device}")),
                ..ArticleRevision::default()
            }),
        ));
    }
    let old: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(data("events-p4.json")).unwrap()).unwrap();
    let mut all: Vec<Value> = desk_events
        .iter()
        .map(|e| serde_json::to_value(e).unwrap())
        .collect();
    all.extend(old);
    let events = temp_file("desk-events.json", &Value::Array(all).to_string());
    let out = json(&mesa(&[
        "replay",
        "--profile",
        "p4",
        "--events",
        &events,
        "--now",
        NOW,
    ]));
    assert_eq!(out["tickets"].as_array().unwrap().len(), 12);
    assert_eq!(out["orphan_events"], 0);
    let desk = &out["desk"];
    let active = desk["active_profile_version"].as_str().unwrap();
    assert!(active.starts_with("v-"));
    assert_eq!(desk["profile_versions"][0]["profile_id"], "p4-callmyway");
    assert!(desk["profile_versions"][0].get("json").is_none());
    assert!(out["tickets"]
        .as_array()
        .unwrap()
        .iter()
        .all(|t| t["profile_version"] == active));
    let customer = desk["customers"]
        .as_object()
        .unwrap()
        .values()
        .next()
        .unwrap();
    assert_eq!(customer["customer"]["sites"][0]["name"], "Cancún");
    assert_eq!(desk["directory"].as_object().unwrap().len(), 3);
    assert_eq!(desk["articles_in_conflict"], serde_json::json!(["kb-1"]));
    assert_eq!(desk["settings"]["desk_name"], "Mesa CMW");
}
