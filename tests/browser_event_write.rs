#![cfg(target_arch = "wasm32")]
//! The event is the one synchronous write (#21), in headless Chromium: a version-3 database
//! full of data upgrades keeping every record (its outbox moved into the event records), the
//! outbox is exactly the unacknowledged events whatever order acknowledgements come in, and a
//! projection transaction that failed is caught up from the watermark.

use mesa::domain::event::*;
use mesa::domain::fold::fold_all;
use mesa::store::schema::{self, EVENTS, META, OUTBOX, QUEUE, TICKETS};
use mesa::store::{Outbox, Store};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

mod browser_common;
#[path = "browser_common/events.rs"]
mod events;
#[path = "browser_common/idb_request.rs"]
mod idb_request;
#[path = "browser_common/idb_write.rs"]
mod idb_write;
#[path = "browser_common/upgrade.rs"]
mod upgrade;

use browser_common::{opened, unique_db};
use events::later;
use idb_request::settle;
use idb_write::{completed, to_js};
use upgrade::upgraded;

wasm_bindgen_test_configure!(run_in_browser);

/// A note on `on`, `minutes` after it was opened.
fn note(on: &Event, minutes: i64, random: u128) -> Event {
    later(
        on,
        minutes,
        random,
        EventKind::Commented {
            text: format!("nota {random}"),
            customer_visible: false,
        },
    )
}

/// A small deterministic generator (the test must be repeatable).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self, below: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 33) % below as u64) as usize
    }
}

/// The version-3 shape of an event record.
#[derive(Serialize)]
struct V3Event<'a> {
    seq: u64,
    #[serde(flatten)]
    event: &'a Event,
}

/// The queue as the fold of `events` shows it.
fn queue_of(events: &[Event]) -> Vec<mesa::domain::ticket::Ticket> {
    let mut tickets = fold_all(events);
    tickets.sort_by(mesa::domain::ticket_list::order);
    tickets
}

/// A note on the first ticket of `events` saved after an upgrade (`waiting` events in the
/// outbox before it): numbered after the old events, in the outbox, folded. Returns every event.
async fn a_new_action_after_the_upgrade(
    store: &Store,
    events: &[Event],
    waiting: usize,
) -> Vec<Event> {
    let first = events
        .iter()
        .find(|e| matches!(e.kind, EventKind::Opened(_)))
        .unwrap();
    let later = note(first, 60, 999);
    assert_eq!(
        store
            .append(std::slice::from_ref(&later), Outbox::Send)
            .await,
        Ok(1)
    );
    assert_eq!(store.outbox_len().await.unwrap(), waiting as u32 + 1);
    let mut all = events.to_vec();
    all.push(later);
    assert_eq!(store.events().await.unwrap(), all);
    assert_eq!(store.tickets().await.unwrap(), queue_of(&all));
    all
}

#[wasm_bindgen_test]
async fn a_version_3_database_full_of_data_upgrades_keeping_every_record_and_its_outbox() {
    let name = unique_db("v3-to-v4");
    let mut events = Vec::new();
    for n in 1..=40 {
        let open = opened(n, &format!("Cliente {n}"));
        events.push(note(&open, 5, n as u128));
        events.push(open);
    }
    // As a version-3 build wrote it: events, projections, an outbox of every third event (one
    // refused by the endpoint), the counters and a queue summary.
    let v3 = schema::open_raw(&name, 3, None).await.expect("v3 open");
    let names: js_sys::Array = [EVENTS, TICKETS, META, OUTBOX, QUEUE]
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect();
    let tx = v3
        .transaction_with_str_sequence_and_mode(&names, web_sys::IdbTransactionMode::Readwrite)
        .unwrap();
    for (i, e) in events.iter().enumerate() {
        let record = V3Event {
            seq: i as u64 + 1,
            event: e,
        };
        tx.object_store(EVENTS)
            .unwrap()
            .put(&to_js(&record))
            .unwrap();
    }
    for t in fold_all(&events) {
        tx.object_store(TICKETS).unwrap().put(&to_js(&t)).unwrap();
    }
    let in_outbox: Vec<&Event> = events.iter().step_by(3).collect();
    for (i, e) in in_outbox.iter().enumerate() {
        let entry = if i == 2 {
            serde_json::json!({ "id": e.id.0, "rejected": "forbidden: sin permiso" })
        } else {
            serde_json::json!({ "id": e.id.0 })
        };
        tx.object_store(OUTBOX)
            .unwrap()
            .put(&to_js(&entry))
            .unwrap();
    }
    let meta = tx.object_store(META).unwrap();
    meta.put_with_key(&JsValue::from_f64(events.len() as f64), &"seq".into())
        .unwrap();
    completed(&tx).await;
    v3.close();

    let store = upgraded(&name, &events).await;
    let expected = queue_of(&events);
    assert_eq!(store.tickets().await.unwrap(), expected);
    let outbox: Vec<Event> = in_outbox.iter().map(|e| (*e).clone()).collect();
    assert_eq!(
        store.outbox_events().await.unwrap(),
        outbox,
        "the outbox, oldest first"
    );
    assert_eq!(store.outbox_len().await.unwrap(), outbox.len() as u32);
    let rejected = store.outbox_rejections().await.unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].0, *in_outbox[2]);
    assert_eq!(rejected[0].1, "forbidden: sin permiso");

    // A new action after the upgrade: numbered after the old events, in the outbox, folded.
    a_new_action_after_the_upgrade(&store, &events, outbox.len()).await;
    store.close();

    // And again after a reopen (the upgrade ran once; nothing moved twice).
    let store = Store::open(&name).await.unwrap();
    assert_eq!(store.outbox_len().await.unwrap(), outbox.len() as u32 + 1);
    assert_eq!(store.outbox_events().await.unwrap().len(), outbox.len() + 1);
}

#[wasm_bindgen_test]
async fn the_outbox_is_exactly_the_unacknowledged_events_whatever_the_acknowledgement_order() {
    for seed in [1u64, 7, 42] {
        let name = unique_db("outbox-acks");
        let store = Store::open(&name).await.unwrap();
        let mut rng = Lcg(seed);
        let mut sent = Vec::new();
        for n in 1..=12 {
            let open = opened(n, "Cliente");
            let extra = note(&open, 3, n as u128);
            // Some come from elsewhere (never in the outbox).
            let to_outbox = rng.next(4) != 0;
            let events = vec![open, extra];
            let outbox = if to_outbox {
                Outbox::Send
            } else {
                Outbox::Keep
            };
            store.append(&events, outbox).await.unwrap();
            if to_outbox {
                sent.extend(events);
            }
        }
        // An import: a log record per ticket holding its three events, all in the outbox.
        let mut imported = Vec::new();
        for n in 13..=18 {
            let open = opened(n, "Importado");
            imported.extend([
                open.clone(),
                note(&open, 3, n as u128),
                note(&open, 4, 100 + n as u128),
            ]);
        }
        let count = store.import_events(&imported, 100).await.unwrap();
        assert_eq!(count.added, imported.len());
        sent.extend(imported);
        let mut waiting = sent.clone();
        assert_eq!(store.outbox_events().await.unwrap(), waiting);
        while !waiting.is_empty() {
            // Acknowledge a random handful in a random order, with a repeat and an unknown id.
            let mut ids: Vec<EventId> = Vec::new();
            for _ in 0..=rng.next(4) {
                ids.push(waiting[rng.next(waiting.len())].id.clone());
            }
            ids.push(ids[0].clone());
            ids.push(EventId("0000000000000000000000unknown".into()));
            store.ack_outbox(&ids).await.unwrap();
            waiting.retain(|e| !ids.contains(&e.id));
            assert_eq!(store.outbox_events().await.unwrap(), waiting, "seed {seed}");
            assert_eq!(store.outbox_len().await.unwrap(), waiting.len() as u32);
            if rng.next(3) == 0 {
                // A refusal marks an event and keeps it in the outbox.
                if let Some(e) = waiting.first() {
                    store
                        .mark_rejected(&[(e.id.clone(), "forbidden".into())])
                        .await
                        .unwrap();
                    assert_eq!(store.outbox_len().await.unwrap(), waiting.len() as u32);
                }
            }
        }
        store.close();
        let reopened = Store::open(&name).await.unwrap();
        assert_eq!(reopened.outbox_len().await.unwrap(), 0);
        assert!(reopened.outbox_events().await.unwrap().is_empty());
        assert_eq!(reopened.events().await.unwrap().len(), 42);
    }
}

#[wasm_bindgen_test]
async fn a_projection_transaction_that_failed_is_caught_up_from_the_watermark() {
    let name = unique_db("watermark");
    let store = Store::open(&name).await.unwrap();
    let a = opened(1, "Uno");
    let b = opened(2, "Dos");
    store
        .append(&[a.clone(), b.clone()], Outbox::Send)
        .await
        .unwrap();

    // The events' transaction commits; the projection's after it fails.
    store.fail_commit_with(1, "AbortError");
    let a_note = note(&a, 10, 1);
    assert_eq!(
        store
            .append(std::slice::from_ref(&a_note), Outbox::Send)
            .await,
        Ok(1),
        "saved"
    );
    assert_eq!(
        store.events().await.unwrap().len(),
        3,
        "the event is durable"
    );
    let stale = store.tickets().await.unwrap();
    assert_eq!(
        stale
            .iter()
            .find(|t| t.id == a.ticket_id)
            .unwrap()
            .event_count,
        1,
        "the projection was not written"
    );
    assert_eq!(store.outbox_len().await.unwrap(), 2, "counted when folded");

    // The next write folds what is past the watermark together with its own events.
    let b_note = note(&b, 10, 2);
    store
        .append(std::slice::from_ref(&b_note), Outbox::Send)
        .await
        .unwrap();
    let all = vec![a.clone(), b.clone(), a_note.clone(), b_note.clone()];
    let mut expected = fold_all(&all);
    expected.sort_by(mesa::domain::ticket_list::order);
    assert_eq!(store.tickets().await.unwrap(), expected);
    assert_eq!(store.outbox_len().await.unwrap(), 4);

    // A tab closed between the two transactions: the next open folds it.
    store.fail_commit_with(1, "AbortError");
    let a_again = note(&a, 20, 3);
    store
        .append(std::slice::from_ref(&a_again), Outbox::Send)
        .await
        .unwrap();
    store.close();
    let reopened = Store::open(&name).await.unwrap();
    let mut all = all;
    all.push(a_again);
    let mut expected = fold_all(&all);
    expected.sort_by(mesa::domain::ticket_list::order);
    assert_eq!(reopened.tickets().await.unwrap(), expected);
    assert_eq!(reopened.outbox_len().await.unwrap(), 5);
}

#[wasm_bindgen_test]
async fn a_version_4_database_full_of_data_moves_into_the_log_keeping_every_record() {
    let name = unique_db("v4-to-v5");
    let mut events = Vec::new();
    for n in 1..=60 {
        let open = opened(n, &format!("Cliente {n}"));
        events.push(note(&open, 5, n as u128));
        events.push(open);
    }
    events.sort_by(|a, b| a.order(b));
    // As a version-4 build left it: one record per event with its number, every third in the
    // outbox (one refused), every fifth this device's chained event, the projection of all but
    // the last three events (a tab closed before their second transaction), the watermark and
    // the outbox count, and a second copy of the database's meta as v4 wrote it.
    let v4 = schema::open_raw(&name, 4, None).await.expect("v4 open");
    let names: js_sys::Array = [EVENTS, TICKETS, META]
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect();
    let tx = v4
        .transaction_with_str_sequence_and_mode(&names, web_sys::IdbTransactionMode::Readwrite)
        .unwrap();
    let folded = events.len() - 3;
    let mut in_outbox = Vec::new();
    let mut counted = 0;
    for (i, e) in events.iter().enumerate() {
        let seq = i as u64 + 1;
        let mut record = serde_json::to_value(e).unwrap();
        record["seq"] = seq.into();
        if i % 3 == 0 {
            record["pending"] = seq.into();
            in_outbox.push(e.clone());
            counted += usize::from(i < folded);
        }
        if i == 6 {
            record["rejected"] = "forbidden: sin permiso".into();
        }
        if i % 5 == 0 {
            record["own"] = (i as u64 / 5 + 1).into();
        }
        let value = js_sys::JSON::parse(&record.to_string()).unwrap();
        tx.object_store(EVENTS).unwrap().put(&value).unwrap();
    }
    for t in fold_all(&events[..folded]) {
        let mut record = serde_json::to_value(&t).unwrap();
        record["folded"] = serde_json::to_value(&events[folded - 1].hlc).unwrap();
        let value = js_sys::JSON::parse(&record.to_string()).unwrap();
        tx.object_store(TICKETS).unwrap().put(&value).unwrap();
    }
    let meta = tx.object_store(META).unwrap();
    meta.put_with_key(&JsValue::from_f64(folded as f64), &"folded_seq".into())
        .unwrap();
    meta.put_with_key(&JsValue::from_f64(counted as f64), &"outbox_count".into())
        .unwrap();
    completed(&tx).await;
    v4.close();

    let store = upgraded(&name, &events).await;
    let expected = queue_of(&events);
    assert_eq!(
        store.tickets().await.unwrap(),
        expected,
        "the events the old tab left unfolded are folded at the open"
    );
    assert_eq!(
        store.outbox_events().await.unwrap(),
        in_outbox,
        "the outbox, oldest first"
    );
    assert_eq!(store.outbox_len().await.unwrap(), in_outbox.len() as u32);
    let rejected = store.outbox_rejections().await.unwrap();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].0, events[6]);
    assert_eq!(rejected[0].1, "forbidden: sin permiso");
    let head = store.stored_head().await.unwrap().expect("the chain head");
    assert_eq!(
        head.seq,
        (events.len() as u64 - 1) / 5 + 1,
        "the last chain position"
    );
    assert_eq!(head.hlc, events[(events.len() - 1) / 5 * 5].hlc);
    assert_eq!(
        count(&name, EVENTS).await,
        0,
        "nothing left in the old store"
    );
    assert_eq!(
        ticket_indexes(&name).await,
        0,
        "version 6: the projection keeps no index nothing reads"
    );

    // Acknowledged after the move: out of the outbox, counted down.
    store.ack_outbox(&[in_outbox[0].id.clone()]).await.unwrap();
    assert_eq!(
        store.outbox_len().await.unwrap(),
        in_outbox.len() as u32 - 1
    );
    // A new action: numbered after the moved events, folded, in the outbox.
    let all = a_new_action_after_the_upgrade(&store, &events, in_outbox.len() - 1).await;
    store.close();

    // And after a reopen: nothing moved twice, nothing lost.
    let store = Store::open(&name).await.unwrap();
    assert_eq!(store.events().await.unwrap(), all);
    assert_eq!(store.outbox_len().await.unwrap(), in_outbox.len() as u32);
}

/// How many indexes the `tickets` store has, read directly from IndexedDB.
async fn ticket_indexes(name: &str) -> u32 {
    let db = schema::open_raw(name, schema::SCHEMA_VERSION, None)
        .await
        .expect("raw open");
    let tx = db.transaction_with_str(TICKETS).unwrap();
    let n = tx.object_store(TICKETS).unwrap().index_names().length();
    db.close();
    n
}

/// How many records the object store `store` holds, read directly from IndexedDB.
async fn count(name: &str, store: &str) -> u32 {
    let db = schema::open_raw(name, schema::SCHEMA_VERSION, None)
        .await
        .expect("raw open");
    let tx = db.transaction_with_str(store).unwrap();
    let request = tx.object_store(store).unwrap().count().unwrap();
    let n = settle(request).await.unwrap().as_f64().unwrap() as u32;
    db.close();
    n
}
