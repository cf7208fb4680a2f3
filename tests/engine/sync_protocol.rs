//! The sync wire format against the response shapes real servers send: CouchDB 3 (string
//! cursors, `pending`), PouchDB Server (integer cursors, no `pending`), design and deleted
//! documents, documents of other applications, per-document errors, 202.

use mesa::domain::event::*;
use mesa::sync::protocol::*;
use proptest::prelude::*;
use serde_json::{json, Value};

fn event(n: u128, kind: EventKind) -> Event {
    let hlc = Hlc::first(1_792_000_000_000 + n as i64, "tablet-7");
    let id = EventId::from_parts(hlc.wall_ms, n);
    Event::new(id.clone(), id.as_ticket(), hlc, "ana", kind)
}

fn opened() -> EventKind {
    EventKind::Opened(Opened {
        number: "261015-AB3CD".into(),
        customer: "ACME".into(),
        description: "Sin servicio".into(),
        ..Opened::default()
    })
}

/// A `_changes` page as CouchDB 3.3 sends it (cursors shortened).
fn couchdb3_changes(e: &Event) -> String {
    let mut doc = event_to_doc(e);
    doc["_rev"] = json!("1-967a00dff5e02add41819138abb3284d");
    json!({
        "results": [
            {"seq": "1-g1AAAACLeJzLYWBgYMpgTmHgz8tPSTV0MDQy", "id": "_design/mesa",
             "changes": [{"rev": "1-a"}], "doc": {"_id": "_design/mesa", "_rev": "1-a", "views": {}}},
            {"seq": "2-g1AAAACLeJzLYWBgYMpgTmHgz8tPSTV0MDQy", "id": "old",
             "changes": [{"rev": "2-b"}], "deleted": true,
             "doc": {"_id": "old", "_rev": "2-b", "_deleted": true}},
            {"seq": "3-g1AAAACLeJzLYWBgYMpgTmHgz8tPSTV0MDQy", "id": "cat",
             "changes": [{"rev": "1-c"}], "doc": {"_id": "cat", "_rev": "1-c", "name": "Tom"}},
            {"seq": "4-g1AAAACLeJzLYWBgYMpgTmHgz8tPSTV0MDQy", "id": e.id.as_str(),
             "changes": [{"rev": "1-967a00dff5e02add41819138abb3284d"}], "doc": doc}
        ],
        "last_seq": "4-g1AAAACLeJzLYWBgYMpgTmHgz8tPSTV0MDQy",
        "pending": 0
    })
    .to_string()
}

#[test]
fn couchdb3_changes_page_keeps_events_and_skips_the_rest() {
    let e = event(1, opened());
    let page: ChangesResponse = serde_json::from_str(&couchdb3_changes(&e)).unwrap();
    assert_eq!(
        page.last_seq,
        json!("4-g1AAAACLeJzLYWBgYMpgTmHgz8tPSTV0MDQy")
    );
    assert_eq!(page.pending, Some(0));
    let kinds: Vec<Pulled> = page.results.iter().map(classify_change).collect();
    assert_eq!(kinds[0], Pulled::Ignored, "design document");
    assert_eq!(kinds[1], Pulled::Ignored, "deleted document");
    assert!(matches!(&kinds[2], Pulled::Foreign(f) if f.id.as_deref() == Some("cat")));
    assert_eq!(kinds[3], Pulled::Event(e));
}

#[test]
fn pouchdb_server_changes_page_has_integer_cursors_and_no_pending() {
    let e = event(2, EventKind::AutoClosed);
    let body = json!({
        "results": [{"id": e.id.as_str(), "changes": [{"rev": "1-x"}], "doc": event_to_doc(&e), "seq": 7}],
        "last_seq": 7
    })
    .to_string();
    let page: ChangesResponse = serde_json::from_str(&body).unwrap();
    assert_eq!(page.last_seq, json!(7));
    assert_eq!(page.results[0].seq, json!(7));
    assert_eq!(page.pending, None);
    assert_eq!(classify_change(&page.results[0]), Pulled::Event(e));
}

#[test]
fn a_changes_response_without_last_seq_is_an_error() {
    assert!(serde_json::from_str::<ChangesResponse>(r#"{"results":[]}"#).is_err());
}

#[test]
fn a_row_without_its_document_is_ignored() {
    let row: Change = serde_json::from_value(json!({"seq": 1, "id": "x", "changes": []})).unwrap();
    assert_eq!(classify_change(&row), Pulled::Ignored);
}

#[test]
fn documents_that_are_not_events_are_foreign() {
    let e = event(3, EventKind::WaitingEnded);
    let mut mismatched = event_to_doc(&e);
    mismatched["_id"] = json!("someone-else");
    let mut unknown_kind = event_to_doc(&e);
    unknown_kind["kind"] = json!("teleported");
    for doc in [
        mismatched,
        unknown_kind,
        json!(["not", "an", "object"]),
        json!({"_id": "x"}),
    ] {
        assert!(doc_to_event(&doc).is_err(), "{doc}");
    }
    // A row whose id is not the event's id is foreign too (never trust one side only).
    let row = Change {
        seq: json!(1),
        id: "other".into(),
        doc: Some(serde_json::to_value(&e).unwrap()),
        deleted: None,
    };
    assert!(matches!(classify_change(&row), Pulled::Foreign(_)));
}

#[test]
fn a_document_with_only_underscore_id_is_read() {
    let e = event(4, EventKind::WaitingEnded);
    let mut doc = event_to_doc(&e);
    doc.as_object_mut().unwrap().remove("id");
    assert_eq!(doc_to_event(&doc).unwrap(), e);
}

#[test]
fn every_kind_of_event_round_trips_through_a_document() {
    let kinds = vec![
        opened(),
        EventKind::Commented {
            text: "ñandú \"quoted\"".into(),
            customer_visible: true,
        },
        EventKind::Escalated(Escalation::Hierarchical {
            level: 2,
            contact: None,
        }),
        EventKind::Resolved(Resolution::default()),
        EventKind::ConflictResolved {
            events: vec![EventId("A".into())],
            note: "ok".into(),
        },
    ];
    for (n, kind) in kinds.into_iter().enumerate() {
        let e = event(n as u128, kind);
        let mut doc = event_to_doc(&e);
        assert_eq!(doc["_id"], json!(e.id.as_str()));
        doc["_rev"] = json!("3-abc");
        doc["_revisions"] = json!({"start": 3, "ids": []});
        assert_eq!(doc_to_event(&doc).unwrap(), e);
    }
}

#[test]
fn bulk_docs_results_of_couchdb3() {
    let body = r#"[
        {"ok":true,"id":"A","rev":"1-967a00dff5e02add41819138abb3284d"},
        {"id":"B","error":"conflict","reason":"Document update conflict."},
        {"id":"C","error":"forbidden","reason":"only admins"},
        {"id":"D","error":"unknown_error","reason":"timeout"}
    ]"#;
    let results: Vec<BulkDocsResult> = serde_json::from_str(body).unwrap();
    let sent: Vec<EventId> = ["A", "B", "C", "D", "E"]
        .map(|s| EventId(s.into()))
        .to_vec();
    let outcome = classify_push(&results, &sent);
    assert_eq!(outcome.acknowledged, sent[..2].to_vec());
    let failed: Vec<(&str, &str)> = outcome
        .failed
        .iter()
        .map(|(id, r)| (id.as_str(), r.as_str()))
        .collect();
    assert_eq!(
        failed,
        [
            ("C", "forbidden: only admins"),
            ("D", "unknown_error: timeout"),
            ("E", "missing from the response"),
        ]
    );
}

#[test]
fn bulk_docs_results_of_pouchdb_server_and_odd_servers() {
    // express-pouchdb maps PouchDB errors to {id, error: name, reason: message}.
    let pouch = r#"[{"id":"A","error":"conflict","reason":"Document update conflict"}]"#;
    // A hand-written endpoint that sends error: true, or ok without rev, or rev without ok.
    let odd = r#"[{"id":"B","error":true,"reason":{"why":"x"}},{"id":"C","ok":true},{"id":"D","rev":"1-d"},
                  {"id":"E","ok":false}]"#;
    let mut results: Vec<BulkDocsResult> = serde_json::from_str(pouch).unwrap();
    results.extend(serde_json::from_str::<Vec<BulkDocsResult>>(odd).unwrap());
    let sent: Vec<EventId> = ["A", "B", "C", "D", "E"]
        .map(|s| EventId(s.into()))
        .to_vec();
    let outcome = classify_push(&results, &sent);
    let acked: Vec<&str> = outcome.acknowledged.iter().map(EventId::as_str).collect();
    assert_eq!(acked, ["A", "C", "D"]);
    assert_eq!(
        outcome.failed[0],
        (EventId("B".into()), "true: {\"why\":\"x\"}".into())
    );
    assert_eq!(outcome.failed[1].0, EventId("E".into()));
}

#[test]
fn a_duplicate_entry_counts_if_any_copy_is_acknowledged() {
    let results: Vec<BulkDocsResult> = serde_json::from_str(
        r#"[{"id":"A","error":"unknown_error"},{"id":"A","ok":true,"rev":"1-a"}]"#,
    )
    .unwrap();
    let outcome = classify_push(&results, &[EventId("A".into())]);
    assert_eq!(outcome.acknowledged.len(), 1);
    assert!(outcome.failed.is_empty());
}

#[test]
fn statuses() {
    let cases = [
        (200, StatusClass::Ok),
        (201, StatusClass::Ok),
        (202, StatusClass::Ok),
        (204, StatusClass::Other),
        (400, StatusClass::Other),
        (401, StatusClass::Auth),
        (403, StatusClass::Auth),
        (404, StatusClass::NotFound),
        (408, StatusClass::Retry),
        (409, StatusClass::Other),
        (429, StatusClass::Retry),
        (500, StatusClass::Retry),
        (503, StatusClass::Retry),
        (599, StatusClass::Retry),
    ];
    for (status, class) in cases {
        assert_eq!(classify_status(status), class, "{status}");
    }
}

#[test]
fn urls() {
    assert_eq!(
        bulk_docs_url("https://h/couch/", "mesa"),
        "https://h/couch/mesa/_bulk_docs"
    );
    assert_eq!(
        changes_url("https://h", "mesa", Some(&json!(42)), 100),
        "https://h/mesa/_changes?since=42&include_docs=true&limit=100"
    );
    assert_eq!(
        changes_url("https://h", "a/b", Some(&json!("13-g1A+/=")), 5),
        "https://h/a%2Fb/_changes?since=%2213-g1A%2B%2F%3D%22&include_docs=true&limit=5"
    );
    assert_eq!(
        changes_url("https://h", "mesa", None, 1),
        "https://h/mesa/_changes?since=0&include_docs=true&limit=1"
    );
}

proptest! {
    #[test]
    fn any_cursor_survives_the_url(cursor in prop_oneof![
        any::<u64>().prop_map(Value::from),
        ".*".prop_map(Value::from),
        prop::collection::vec(any::<i32>(), 0..3).prop_map(Value::from),
    ]) {
        let url = changes_url("http://h", "mesa", Some(&cursor), 10);
        let since = url.split("since=").nth(1).unwrap().split('&').next().unwrap();
        prop_assert!(since.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
        let decoded = percent_decode(since).unwrap();
        prop_assert_eq!(serde_json::from_str::<Value>(&decoded).unwrap(), cursor);
    }
}
