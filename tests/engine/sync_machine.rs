//! The sync state machine, one rule at a time: batching, acknowledgement, retries, the
//! commit-then-confirm checkpoint, deduplication, opaque cursors.

use mesa::domain::event::*;
use mesa::sync::backoff::Backoff;
use mesa::sync::effect::{Effect, ErrorKind, Request};
use mesa::sync::machine::{SessionState, SyncConfig, SyncSession};
use mesa::sync::protocol::event_to_doc;
use serde_json::{json, Value};

fn events(n: u128) -> Vec<Event> {
    (1..=n)
        .map(|i| {
            let hlc = Hlc::first(1_792_000_000_000 + i as i64, "d1");
            let id = EventId::from_parts(hlc.wall_ms, i);
            Event::new(
                id.clone(),
                id.as_ticket(),
                hlc,
                "ana",
                EventKind::AutoClosed,
            )
        })
        .collect()
}

fn config() -> SyncConfig {
    SyncConfig {
        push_batch: 2,
        pull_limit: 10,
        max_attempts: 3,
        backoff: Backoff::new(100, 10_000),
        ..SyncConfig::default()
    }
}

fn ok_results(ids: &[EventId]) -> String {
    let entries: Vec<Value> = ids
        .iter()
        .map(|id| json!({"ok": true, "id": id.as_str(), "rev": "1-a"}))
        .collect();
    Value::from(entries).to_string()
}

fn page(events: &[Event], last_seq: Value) -> String {
    let rows: Vec<Value> = events
        .iter()
        .map(|e| json!({"seq": 1, "id": e.id.as_str(), "doc": event_to_doc(e)}))
        .collect();
    json!({"results": rows, "last_seq": last_seq}).to_string()
}

fn acked(effects: &[Effect]) -> Vec<EventId> {
    effects
        .iter()
        .flat_map(|e| match e {
            Effect::AckOutbox { ids } => ids.clone(),
            _ => Vec::new(),
        })
        .collect()
}

fn push_ids(request: Option<Request>) -> Vec<EventId> {
    match request {
        Some(Request::Push { ids, docs }) => {
            assert_eq!(ids.len(), docs.len());
            ids
        }
        other => panic!("expected a push, got {other:?}"),
    }
}

#[test]
fn pushes_the_outbox_in_batches_then_pulls() {
    let outbox = events(5);
    let mut s = SyncSession::new(config(), outbox.clone(), None);
    let mut all = Vec::new();
    for expected in [2, 2, 1] {
        let ids = push_ids(s.next_request());
        assert_eq!(ids.len(), expected);
        assert_eq!(s.next_request(), None, "one request at a time");
        assert_eq!(s.state(), SessionState::InFlight);
        let effects = s.on_response(201, &ok_results(&ids), 1, 0);
        assert_eq!(acked(&effects), ids);
        all.extend(ids);
    }
    assert_eq!(all, outbox.iter().map(|e| e.id.clone()).collect::<Vec<_>>());
    assert_eq!(
        s.next_request(),
        Some(Request::Pull {
            since: None,
            limit: 10
        })
    );
}

#[test]
fn conflict_and_202_acknowledge_a_missing_entry_does_not() {
    let outbox = events(2);
    let mut s = SyncSession::new(config(), outbox.clone(), None);
    let ids = push_ids(s.next_request());
    let body = json!([{"id": ids[0].as_str(), "error": "conflict", "reason": "Document update conflict."}]);
    let effects = s.on_response(202, &body.to_string(), 1, 0);
    assert_eq!(acked(&effects), vec![ids[0].clone()]);
    assert!(
        matches!(effects.last(), Some(Effect::Wait { ms: 50..=100, .. })),
        "{effects:?}"
    );
    // The retry sends only what is not acknowledged.
    assert_eq!(push_ids(s.next_request()), vec![ids[1].clone()]);
}

#[test]
fn auth_errors_fail_at_once_and_acknowledge_nothing() {
    let mut s = SyncSession::new(config(), events(1), None);
    s.next_request();
    let effects = s.on_response(
        401,
        r#"{"error":"unauthorized","reason":"Name or password is incorrect."}"#,
        1,
        0,
    );
    assert_eq!(
        effects,
        vec![Effect::Failed {
            kind: ErrorKind::Auth(401)
        }]
    );
    assert_eq!(s.state(), SessionState::Failed);
    assert_eq!(s.next_request(), None);
}

#[test]
fn retries_back_off_with_jitter_then_give_up() {
    let mut s = SyncSession::new(config(), Vec::new(), Some(json!(3)));
    let mut waits = Vec::new();
    for attempt in 0..3 {
        assert!(
            matches!(s.next_request(), Some(Request::Pull { .. })),
            "attempt {attempt}"
        );
        match s.on_error(ErrorKind::Timeout, u32::MAX).as_slice() {
            [Effect::Wait { ms, .. }] => waits.push(*ms),
            [Effect::Failed {
                kind: ErrorKind::Timeout,
            }] => assert_eq!(attempt, 2),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(waits.len(), 2);
    assert!(
        (50..=100).contains(&waits[0]) && (100..=200).contains(&waits[1]),
        "{waits:?}"
    );
}

#[test]
fn a_success_resets_the_backoff() {
    // Three failures would exhaust max_attempts = 3 if successes did not reset the count.
    let mut s = SyncSession::new(config(), events(6), None);
    for _ in 0..3 {
        s.next_request();
        assert!(matches!(
            s.on_error(ErrorKind::Network, 0).as_slice(),
            [Effect::Wait { .. }]
        ));
        let ids = push_ids(s.next_request());
        s.on_response(201, &ok_results(&ids), 1, 0);
    }
    assert!(matches!(s.next_request(), Some(Request::Pull { .. })));
}

#[test]
fn garbage_bodies_are_retried_as_protocol_errors() {
    let mut s = SyncSession::new(config(), Vec::new(), None);
    s.next_request();
    let effects = s.on_response(200, "<html>captive portal</html>", 1, 0);
    assert!(matches!(effects.as_slice(), [Effect::Wait { .. }]));
    assert_eq!(s.state(), SessionState::Ready);
}

#[test]
fn the_checkpoint_moves_only_after_the_commit_is_confirmed() {
    let pulled = events(3);
    let cursor = json!("7-g1AAAAOpaque");
    let mut s = SyncSession::new(config(), Vec::new(), Some(json!("3-g1AAAAOld")));
    assert_eq!(
        s.next_request(),
        Some(Request::Pull {
            since: Some(json!("3-g1AAAAOld")),
            limit: 10
        })
    );
    let effects = s.on_response(200, &page(&pulled, cursor.clone()), 5, 0);
    assert_eq!(
        effects,
        vec![Effect::StoreEvents {
            events: pulled,
            checkpoint: cursor.clone()
        }]
    );
    assert_eq!(s.state(), SessionState::AwaitingCommit);
    assert_eq!(s.checkpoint(), Some(&json!("3-g1AAAAOld")));
    assert_eq!(
        s.next_request(),
        None,
        "nothing more until the events are committed"
    );

    let effects = s.confirm_committed(6);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Progress { pulled: 3, .. }]
    ));
    assert_eq!(s.checkpoint(), Some(&cursor));
    // The cursor goes back verbatim.
    assert_eq!(
        s.next_request(),
        Some(Request::Pull {
            since: Some(cursor.clone()),
            limit: 10
        })
    );
    let effects = s.on_response(200, &page(&[], cursor), 7, 0);
    assert_eq!(
        effects,
        vec![Effect::Done {
            at: 7,
            pushed: 0,
            pulled: 3,
            foreign: 0,
            rejected: 0
        }]
    );
}

#[test]
fn repeated_and_rewound_changes_are_deduplicated_by_id() {
    let pulled = events(2);
    let own = events(3).pop().unwrap();
    let mut s = SyncSession::new(config(), vec![own.clone()], None);
    let ids = push_ids(s.next_request());
    s.on_response(201, &ok_results(&ids), 1, 0);
    s.next_request();
    let twice = [pulled.clone(), pulled.clone(), vec![own]].concat();
    let effects = s.on_response(200, &page(&twice, json!(5)), 2, 0);
    assert_eq!(
        effects,
        vec![Effect::StoreEvents {
            events: pulled.clone(),
            checkpoint: json!(5)
        }]
    );
    s.confirm_committed(3);
    // A rewind to an older cursor: the same events again, nothing new to store.
    s.next_request();
    let effects = s.on_response(200, &page(&pulled, json!(2)), 4, 0);
    assert_eq!(
        effects,
        vec![Effect::StoreEvents {
            events: Vec::new(),
            checkpoint: json!(2)
        }]
    );
}

#[test]
fn pending_zero_ends_the_pull_without_another_request() {
    let mut s = SyncSession::new(config(), Vec::new(), None);
    s.next_request();
    let body = json!({"results": [{"seq": 1, "id": "_design/x", "doc": {"_id": "_design/x"}},
                                  {"seq": 2, "id": "cat", "doc": {"_id": "cat", "name": "Tom"}}],
                      "last_seq": 2, "pending": 0});
    let effects = s.on_response(200, &body.to_string(), 1, 0);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Progress { total_hint: Some(0), .. }, Effect::StoreEvents { events, .. }] if events.is_empty()
    ));
    let effects = s.confirm_committed(2);
    assert_eq!(
        effects,
        vec![Effect::Done {
            at: 2,
            pushed: 0,
            pulled: 0,
            foreign: 1,
            rejected: 0
        }]
    );
}

#[test]
fn a_feed_that_never_ends_fails_after_max_pages() {
    let mut s = SyncSession::new(
        SyncConfig {
            max_pages: 3,
            ..config()
        },
        Vec::new(),
        None,
    );
    for n in 1..=3 {
        s.next_request();
        let body =
            json!({"results": [{"seq": n, "id": "cat", "doc": {"_id": "cat"}}], "last_seq": n});
        let effects = s.on_response(200, &body.to_string(), 1, 0);
        if n < 3 {
            s.confirm_committed(1);
        } else {
            assert!(matches!(
                effects.as_slice(),
                [Effect::Failed {
                    kind: ErrorKind::Protocol(_)
                }]
            ));
        }
    }
}

#[test]
fn responses_without_a_request_are_ignored() {
    let mut s = SyncSession::new(config(), Vec::new(), None);
    assert!(s.on_response(200, "[]", 1, 0).is_empty());
    assert!(s.on_error(ErrorKind::Network, 0).is_empty());
    assert!(s.confirm_committed(1).is_empty());
    assert_eq!(s.state(), SessionState::Ready);
}

#[test]
fn a_refused_document_is_set_aside_and_blocks_neither_the_push_nor_the_pull() {
    let outbox = events(5);
    let mut s = SyncSession::new(config(), outbox.clone(), None);
    let first = push_ids(s.next_request());
    // The endpoint stores the first event and refuses the second (validate_doc_update threw).
    let body = json!([
        {"id": first[0].as_str(), "ok": true, "rev": "1-a"},
        {"id": first[1].as_str(), "error": "forbidden", "reason": "only technicians of this site"},
    ]);
    let effects = s.on_response(201, &body.to_string(), 1, 0);
    assert_eq!(acked(&effects), vec![first[0].clone()]);
    assert!(
        effects.contains(&Effect::Rejected {
            events: vec![(
                first[1].clone(),
                "forbidden: only technicians of this site".into()
            )]
        }),
        "{effects:?}"
    );
    assert!(
        !effects
            .iter()
            .any(|e| matches!(e, Effect::Wait { .. } | Effect::Failed { .. })),
        "no retry, no failure: {effects:?}"
    );
    // The rest of the outbox goes on, without the refused event.
    let mut pushed = vec![first[0].clone()];
    while let Some(request) = s.next_request() {
        match request {
            Request::Push { ids, .. } => {
                assert!(!ids.contains(&first[1]), "the refused event was sent again");
                s.on_response(201, &ok_results(&ids), 2, 0);
                pushed.extend(ids);
            }
            Request::Pull { since, .. } => {
                assert_eq!(since, None);
                let effects = s.on_response(200, &page(&[], json!(9)), 3, 0);
                assert!(matches!(effects.as_slice(), [Effect::StoreEvents { .. }]));
                let effects = s.confirm_committed(4);
                assert_eq!(
                    effects,
                    vec![Effect::Done {
                        at: 4,
                        pushed: 4,
                        pulled: 0,
                        foreign: 0,
                        rejected: 1
                    }]
                );
            }
        }
    }
    assert_eq!(pushed.len(), 4);
    assert_eq!(s.state(), SessionState::Done);
    assert_eq!(s.checkpoint(), Some(&json!(9)), "the pull went on");
    // The next session (the outbox still holds it) tries it again.
    let mut next = SyncSession::new(config(), vec![outbox[1].clone()], Some(json!(9)));
    assert_eq!(push_ids(next.next_request()), vec![first[1].clone()]);
}

#[test]
fn a_retry_says_what_it_retries() {
    let mut s = SyncSession::new(config(), Vec::new(), None);
    s.next_request();
    let effects = s.on_response(503, "{}", 1, 0);
    assert!(
        matches!(
            effects.as_slice(),
            [Effect::Wait {
                after: ErrorKind::Unavailable(503),
                ..
            }]
        ),
        "{effects:?}"
    );
    s.next_request();
    let effects = s.on_error(ErrorKind::Timeout, 0);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Wait {
            after: ErrorKind::Timeout,
            ..
        }]
    ));
}

/// The pull that may be sent while a page commits is exactly the one the session asks for after
/// the commit; there is none before a page was handed out, during a push, or after the last page.
#[test]
fn the_prefetched_pull_is_the_next_request_after_the_commit() {
    let mut session = SyncSession::new(config(), events(1), None);
    assert_eq!(session.prefetch_request(), None, "nothing pulled yet");
    let Some(Request::Push { ids, .. }) = session.next_request() else {
        panic!("push first")
    };
    assert_eq!(session.prefetch_request(), None, "a push in flight");
    session.on_response(201, &ok_results(&ids), 1, 7);
    let pulled = events(3);
    let Some(Request::Pull { since: None, .. }) = session.next_request() else {
        panic!("then pull")
    };
    assert_eq!(
        session.prefetch_request(),
        None,
        "the pull's answer is not in yet"
    );
    let body = json!({"results": [{"seq": 1, "id": pulled[1].id.as_str(), "doc": event_to_doc(&pulled[1])}],
        "last_seq": "s-1", "pending": 1});
    let effects = session.on_response(200, &body.to_string(), 2, 7);
    assert!(matches!(effects.last(), Some(Effect::StoreEvents { .. })));
    let early = session.prefetch_request();
    assert_eq!(
        early,
        Some(Request::Pull {
            since: Some(json!("s-1")),
            limit: 10
        })
    );
    assert_eq!(session.checkpoint(), None, "asking for it moves nothing");
    assert_eq!(session.next_request(), None, "the commit comes first");
    session.confirm_committed(3);
    assert_eq!(
        session.prefetch_request(),
        None,
        "confirmed: nothing awaits a commit"
    );
    assert_eq!(session.next_request(), early);
    // The last page (pending 0): nothing follows it.
    let last = json!({"results": [{"seq": 2, "id": pulled[2].id.as_str(), "doc": event_to_doc(&pulled[2])}],
        "last_seq": "s-2", "pending": 0});
    session.on_response(200, &last.to_string(), 4, 7);
    assert_eq!(session.state(), SessionState::AwaitingCommit);
    assert_eq!(session.prefetch_request(), None, "the feed is drained");
    assert!(matches!(
        session.confirm_committed(5).as_slice(),
        [Effect::Done { .. }]
    ));
}

/// A stored cursor the endpoint refuses (CouchDB's 400 "Malformed sequence supplied in 'since'"
/// for a cursor another server handed out at the same address) restarts the pull from the
/// beginning, once, and says so; the new cursor is stored with the first page. A refusal of the
/// restarted pull is an error, not a loop.
#[test]
fn a_refused_cursor_restarts_the_pull_from_the_beginning_once() {
    let stored = json!(4711);
    let mut s = SyncSession::new(config(), Vec::new(), Some(stored.clone()));
    assert_eq!(
        s.next_request(),
        Some(Request::Pull {
            since: Some(stored.clone()),
            limit: 10
        })
    );
    let body =
        r#"{"error":"bad_request","reason":"Malformed sequence supplied in 'since' parameter."}"#;
    let effects = s.on_response(400, body, 1, 0);
    assert_eq!(effects, vec![Effect::CursorRestarted { refused: stored }]);
    assert_eq!(
        s.next_request(),
        Some(Request::Pull {
            since: None,
            limit: 10
        })
    );
    let seq = json!("3-g1AAAABteJzLYWBgYMpgSmHgKy5JLCrJTq2MT8lPzkzJBYqzGRkYmhsYGJgaAAA");
    let effects = s.on_response(200, &page(&events(2), seq.clone()), 2, 0);
    assert!(
        matches!(&effects[0], Effect::StoreEvents { events, checkpoint } if events.len() == 2 && *checkpoint == seq),
        "{effects:?}"
    );

    // The restarted pull refused too: the session fails with the status.
    let mut s = SyncSession::new(config(), Vec::new(), Some(json!(1)));
    s.next_request();
    s.on_response(400, body, 1, 0);
    s.next_request();
    let effects = s.on_response(400, body, 2, 0);
    assert_eq!(
        effects,
        vec![Effect::Failed {
            kind: ErrorKind::Http(400)
        }]
    );
}

/// A page read ahead of its turn (while the one before commits) means what the same response
/// means as text: pages, an unreadable body, a refused cursor, an error to retry.
#[test]
fn a_page_read_ahead_gives_the_effects_of_the_same_response_as_text() {
    let page: Vec<Value> = events(3)
        .iter()
        .enumerate()
        .map(|(i, e)| json!({"seq": i + 1, "id": e.id.as_str(), "doc": event_to_doc(e)}))
        .collect();
    let page = json!({"results": page, "last_seq": "3-x", "pending": 4}).to_string();
    let responses = [
        (200, page.as_str()),
        (200, r#"{"results":[],"last_seq":"9-z","pending":0}"#),
        (200, "{not json"),
        (200, r#"{"results":[]}"#),
        (400, "{}"),
        (503, ""),
        (401, ""),
    ];
    for (status, body) in responses {
        // A session with a stored cursor (so a 400 restarts it), its pull in flight.
        let mut text = SyncSession::new(config(), Vec::new(), Some(json!("1-a")));
        let mut read = text.clone();
        assert!(matches!(text.next_request(), Some(Request::Pull { .. })));
        assert!(matches!(read.next_request(), Some(Request::Pull { .. })));
        let body_read = match status {
            200..=299 => mesa::sync::machine::read_changes(body),
            _ => Err(String::new()),
        };
        assert_eq!(
            read.on_pulled(status, body_read, 5, 7),
            text.on_response(status, body, 5, 7),
            "HTTP {status} {body}"
        );
        assert_eq!(read.state(), text.state());
        assert_eq!(read.checkpoint(), text.checkpoint());
    }
}
