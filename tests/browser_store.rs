#![cfg(target_arch = "wasm32")]
//! The IndexedDB store in a real headless Chromium: events survive closing and reopening the
//! database; duplicates are not stored twice; the projection equals the fold.

use mesa::domain::event::*;
use mesa::domain::fold::fold_all;
use mesa::store::Store;
use wasm_bindgen_test::*;

mod browser_common;

use browser_common::{opened, unique_db};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn events_survive_a_reopen_of_the_database() {
    let name = unique_db("reopen");
    let first = opened(1, "Uno");
    let second = opened(2, "Dos");
    let store = Store::open(&name).await.expect("open");
    assert_eq!(
        store
            .append(&[first.clone(), second.clone()], true)
            .await
            .expect("append"),
        2
    );
    store.close();

    let store = Store::open(&name).await.expect("reopen");
    let events = store.events().await.expect("events");
    assert_eq!(events, vec![first.clone(), second.clone()]);
    let tickets = store.tickets().await.expect("tickets");
    assert_eq!(tickets, fold_all(&[first, second]));
    assert_eq!(tickets[0].customer, "Dos", "newest first");
    assert_eq!(store.outbox_len().await.unwrap(), 2);
}

#[wasm_bindgen_test]
async fn appending_the_same_event_twice_stores_it_once() {
    let name = unique_db("dup");
    let event = opened(3, "Tres");
    let store = Store::open(&name).await.expect("open");
    assert_eq!(
        store
            .append(std::slice::from_ref(&event), true)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .append(&[event.clone(), event.clone()], true)
            .await
            .unwrap(),
        0
    );
    assert_eq!(store.events().await.unwrap().len(), 1);
    assert_eq!(store.outbox_len().await.unwrap(), 1);
}

#[wasm_bindgen_test]
async fn a_later_event_updates_the_projection_and_the_clock_is_kept() {
    let name = unique_db("projection");
    let open = opened(4, "Cuatro");
    let mut hlc = open.hlc.tick(open.hlc.wall_ms + 60_000);
    hlc.device = "other-device".into();
    let note = Event::new(
        EventId::from_parts(hlc.wall_ms, 99),
        open.ticket_id.clone(),
        hlc.clone(),
        "tester",
        EventKind::WaitingStarted {
            reason: "logs".into(),
        },
    );
    let store = Store::open(&name).await.unwrap();
    store
        .append(std::slice::from_ref(&open), true)
        .await
        .unwrap();
    store
        .append(std::slice::from_ref(&note), false)
        .await
        .unwrap();
    let tickets = store.tickets().await.unwrap();
    assert_eq!(
        tickets[0].status,
        mesa::domain::ticket::Status::WaitingOnCustomer
    );
    assert_eq!(
        store.outbox_len().await.unwrap(),
        1,
        "pulled events are not pushed back"
    );
    assert_eq!(store.last_clock().await.unwrap(), Some(hlc));
    assert_eq!(
        store.ticket_events(&open.ticket_id).await.unwrap(),
        vec![open, note]
    );
}
