//! The backup document: what is exported parses back to the same data; a malformed or foreign
//! file is refused with an error that says what is wrong and where. The queue CSV follows
//! RFC 4180.

use chrono::{TimeZone, Utc};
use mesa::domain::backup::*;
use mesa::domain::csv::field as csv_field;
use mesa::domain::event::*;
use mesa::domain::fold::fold_all;
use mesa::domain::queue_csv::{queue_csv, queue_csv_file_name, QueueCsvLabels};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 15, 12, 30, 0).unwrap()
}

fn opened(n: i64, customer: &str, description: &str) -> Event {
    let hlc = Hlc::first(1_792_000_000_000 + n * 60_000, "tablet-7");
    let id = EventId::from_parts(hlc.wall_ms, n as u128 * 7919);
    Event::new(
        id.clone(),
        id.as_ticket(),
        hlc,
        "ana",
        EventKind::Opened(Opened {
            number: format!("261015-{n:05}"),
            customer: customer.into(),
            description: description.into(),
            ..Opened::default()
        }),
    )
}

fn sample() -> Backup {
    let first = opened(1, "Uno", "Sin servicio");
    let mut hlc = first.hlc.tick(first.hlc.wall_ms + 1000);
    hlc.device = "tablet-7".into();
    let note = Event::new(
        EventId::from_parts(hlc.wall_ms, 5),
        first.ticket_id.clone(),
        hlc,
        "ana",
        EventKind::Commented {
            text: "Llamé al cliente".into(),
            customer_visible: true,
        },
    );
    let attachment = AttachmentMeta {
        id: "att1".into(),
        ticket_id: first.ticket_id.clone(),
        name: "captura.png".into(),
        mime: "image/png".into(),
        size: 2048,
        ..AttachmentMeta::default()
    };
    Backup::new(
        "tablet-7",
        now(),
        vec![first, note, opened(2, "Dos", "Lento")],
        vec![attachment],
    )
}

/// The sample as a JSON value, to break one thing at a time.
fn sample_value() -> serde_json::Value {
    serde_json::from_str(&sample().to_json()).unwrap()
}

fn parse_value(value: &serde_json::Value) -> Result<Backup, BackupError> {
    parse_backup(&serde_json::to_string_pretty(value).unwrap())
}

#[test]
fn an_export_parses_back_to_the_same_backup() {
    let backup = sample();
    let json = backup.to_json();
    assert!(json.contains("\"format\": \"mesa-backup\""));
    assert!(json.contains("\"version\": 1"));
    assert_eq!(parse_backup(&json), Ok(backup));
}

#[test]
fn the_file_name_carries_the_export_time() {
    assert_eq!(sample().file_name(), "mesa-respaldo-20261015-1230.zip");
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let json = format!("\u{feff}{}", sample().to_json());
    assert!(parse_backup(&json).is_ok());
}

#[test]
fn text_that_is_not_json_reports_line_and_column() {
    let json = sample().to_json();
    // Break the third line (`  "version": 1,`): a semicolon instead of the comma.
    let mut lines: Vec<String> = json.lines().map(String::from).collect();
    assert_eq!(lines[2], "  \"version\": 1,");
    lines[2] = lines[2].replace(',', ";");
    let broken = lines.join("\n");
    let err = parse_backup(&broken).unwrap_err();
    match &err {
        BackupError::NotJson { line, column, .. } => {
            assert_eq!((*line, *column), (3, 15), "{err}");
        }
        other => panic!("expected NotJson, got {other:?}"),
    }
    assert_eq!(err.code(), "not_json");
    assert!(err.to_string().contains("line 3"), "{err}");
}

#[test]
fn an_empty_file_is_not_json() {
    let err = parse_backup("").unwrap_err();
    assert!(
        matches!(err, BackupError::NotJson { line: 1, .. }),
        "{err:?}"
    );
}

#[test]
fn json_that_is_not_an_object_is_refused() {
    assert_eq!(
        parse_backup("[1, 2]"),
        Err(BackupError::NotAnObject { found: "an array" })
    );
    assert_eq!(
        parse_backup("\"hola\"").unwrap_err().code(),
        "not_an_object"
    );
}

#[test]
fn a_foreign_json_file_is_not_a_mesa_backup() {
    assert_eq!(
        parse_backup(r#"{"name": "package", "version": "1.0.0"}"#),
        Err(BackupError::NotMesa { found: None })
    );
    let mut v = sample_value();
    v["format"] = "pouchdb-dump".into();
    let err = parse_value(&v).unwrap_err();
    assert_eq!(
        err,
        BackupError::NotMesa {
            found: Some("pouchdb-dump".into())
        }
    );
    assert_eq!(err.code(), "other_format");
}

#[test]
fn another_version_is_unsupported_and_says_which() {
    let mut v = sample_value();
    v["version"] = 2.into();
    let err = parse_value(&v).unwrap_err();
    assert_eq!(err, BackupError::UnsupportedVersion { found: "2".into() });
    assert!(err.args().contains(&("supported", "1".to_string())));
    v["version"] = "1".into();
    assert_eq!(
        parse_value(&v).unwrap_err(),
        BackupError::UnsupportedVersion {
            found: "\"1\"".into()
        }
    );
    v.as_object_mut().unwrap().remove("version");
    assert_eq!(
        parse_value(&v).unwrap_err(),
        BackupError::UnsupportedVersion {
            found: "null".into()
        }
    );
}

#[test]
fn missing_or_mistyped_fields_are_named() {
    let mut v = sample_value();
    v.as_object_mut().unwrap().remove("events");
    assert_eq!(
        parse_value(&v).unwrap_err(),
        BackupError::Field {
            field: "events",
            problem: "missing".into()
        }
    );
    let mut v = sample_value();
    v["events"] = serde_json::json!({"0": {}});
    assert_eq!(
        parse_value(&v).unwrap_err(),
        BackupError::Field {
            field: "events",
            problem: "expected an array, found an object".into()
        }
    );
    let mut v = sample_value();
    v["exported_at"] = "ayer".into();
    let err = parse_value(&v).unwrap_err();
    assert!(
        matches!(&err, BackupError::Field { field: "exported_at", problem } if problem.contains("ayer")),
        "{err:?}"
    );
    let mut v = sample_value();
    v["device"] = 7.into();
    assert_eq!(parse_value(&v).unwrap_err().code(), "field");
}

#[test]
fn a_bad_event_is_reported_by_index_and_id_and_why() {
    let mut v = sample_value();
    v["events"][1]["kind"] = "teleported".into();
    let err = parse_value(&v).unwrap_err();
    match &err {
        BackupError::Event { index, id, problem } => {
            assert_eq!(*index, 1);
            assert_eq!(id.as_deref(), sample().events[1].id.0.as_str().into());
            assert!(problem.contains("teleported"), "{problem}");
        }
        other => panic!("expected Event, got {other:?}"),
    }
    assert!(err.to_string().starts_with("events[1] (id "), "{err}");

    let mut v = sample_value();
    v["events"][2] = 42.into();
    assert_eq!(
        parse_value(&v).unwrap_err(),
        BackupError::Event {
            index: 2,
            id: None,
            problem: "expected an object, found a number".into()
        }
    );

    let mut v = sample_value();
    v["events"][0].as_object_mut().unwrap().remove("hlc");
    let err = parse_value(&v).unwrap_err();
    assert!(
        matches!(&err, BackupError::Event { index: 0, problem, .. } if problem.contains("hlc")),
        "{err:?}"
    );

    let mut v = sample_value();
    v["events"][0]["ticket_id"] = "".into();
    assert!(matches!(
        parse_value(&v).unwrap_err(),
        BackupError::Event { index: 0, problem, .. } if problem == "empty ticket_id"
    ));
}

#[test]
fn an_exact_duplicate_event_is_merged_but_a_different_one_with_the_same_id_is_refused() {
    let mut v = sample_value();
    let first = v["events"][0].clone();
    v["events"].as_array_mut().unwrap().push(first.clone());
    let backup = parse_value(&v).unwrap();
    assert_eq!(backup.events.len(), 3, "exact duplicate merged");

    let mut changed = first;
    changed["actor"] = "otro".into();
    v["events"].as_array_mut().unwrap().push(changed);
    let err = parse_value(&v).unwrap_err();
    assert_eq!(
        err,
        BackupError::DuplicateEvent {
            index: 4,
            first: 0,
            id: sample().events[0].id.0.clone()
        }
    );
}

#[test]
fn a_bad_attachment_is_reported_by_index() {
    let mut v = sample_value();
    v["attachments"][0]["size"] = "big".into();
    let err = parse_value(&v).unwrap_err();
    assert!(
        matches!(&err, BackupError::Attachment { index: 0, .. }),
        "{err:?}"
    );
    let mut v = sample_value();
    v.as_object_mut().unwrap().remove("attachments");
    assert!(parse_value(&v).unwrap().attachments.is_empty());
}

#[test]
fn every_error_has_a_code_and_its_placeholders() {
    let errors = [
        parse_backup("{").unwrap_err(),
        parse_backup("3").unwrap_err(),
        parse_backup("{}").unwrap_err(),
    ];
    for err in errors {
        assert!(!err.code().is_empty());
        assert!(!err.to_string().is_empty());
    }
    let err = parse_backup("{").unwrap_err();
    let names: Vec<_> = err.args().into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, ["line", "column", "message"]);
}

#[test]
fn the_queue_csv_quotes_as_rfc_4180_requires() {
    let events = vec![
        opened(1, "Banco, S.A.", "Dice \"sin señal\"\nen la sede"),
        opened(2, "Dos", "Lento"),
    ];
    let tickets = fold_all(&events);
    let csv = queue_csv(&tickets, &QueueCsvLabels::codes());
    let lines: Vec<&str> = csv.split("\r\n").collect();
    assert!(lines[0].starts_with("number,id,status,request_kind,severity,channel,customer,"));
    assert!(csv.ends_with("\r\n"));
    assert!(csv.contains("\"Banco, S.A.\""), "comma quoted: {csv}");
    assert!(
        csv.contains("\"Dice \"\"sin señal\"\"\nen la sede\""),
        "quotes doubled, line break kept inside quotes: {csv}"
    );
    assert!(csv.contains(",Dos,"));
    assert!(csv.contains(",open,"));
    // Header + 2 tickets; the embedded LF is not a record separator.
    assert_eq!(csv.matches("\r\n").count(), 3);
}

#[test]
fn the_queue_csv_speaks_the_readers_language_and_runs_no_formula() {
    let events = vec![
        opened(1, "=HYPERLINK(\"http://x\")", "+1 llamó"),
        opened(2, "@Dos", "-"),
    ];
    let tickets = fold_all(&events);
    let profile = mesa::domain::profile::ProcessProfile::from_json(
        mesa::domain::profile::preset("p4-callmyway").unwrap(),
    )
    .unwrap();
    let mut headings: Vec<String> = mesa::domain::queue_csv::QUEUE_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .collect();
    headings[0] = "Número".into();
    let statuses = [(mesa::domain::ticket::Status::Open, "Abierta".to_string())].into();
    let labels = QueueCsvLabels::named(&profile, "es", headings, statuses);
    let csv = queue_csv(&tickets, &labels);
    assert!(csv.starts_with("Número,id,status,"), "{csv}");
    assert!(csv.contains(",Abierta,"), "status by its name: {csv}");
    assert!(
        csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""),
        "formula neutralised: {csv}"
    );
    assert!(
        csv.contains(",'@Dos,") && csv.contains(",'+1 llamó"),
        "{csv}"
    );
    assert!(csv.contains(",'-\r\n"), "{csv}");
    assert!(!csv.contains(",=") && !csv.contains(",@") && !csv.contains(",+"));
}

#[test]
fn csv_fields_are_quoted_only_when_needed() {
    assert_eq!(csv_field("plain"), "plain");
    assert_eq!(csv_field(""), "");
    assert_eq!(csv_field("a,b"), "\"a,b\"");
    assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    assert_eq!(csv_field("line\r\nbreak"), "\"line\r\nbreak\"");
}

#[test]
fn the_csv_file_name_carries_the_time() {
    assert_eq!(queue_csv_file_name(now()), "mesa-bandeja-20261015-1230.csv");
}
