#![cfg(target_arch = "wasm32")]
//! The IndexedDB store in a real headless Chromium: events survive closing and reopening the
//! database; duplicates are not stored twice; the projection equals the fold.

use mesa::domain::event::*;
use mesa::domain::fold::fold_all;
use mesa::store::{Outbox, Store};
use wasm_bindgen_test::*;

mod browser_common;
#[path = "browser_common/idb_request.rs"]
mod idb_request;
#[path = "browser_common/stored.rs"]
mod stored;

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
            .append(&[first.clone(), second.clone()], Outbox::Send)
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
            .append(std::slice::from_ref(&event), Outbox::Send)
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        store
            .append(&[event.clone(), event.clone()], Outbox::Send)
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
        .append(std::slice::from_ref(&open), Outbox::Send)
        .await
        .unwrap();
    store
        .append(std::slice::from_ref(&note), Outbox::Keep)
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

/// An assignment of `on`'s ticket `minutes` after it, by `device`.
fn assigned(on: &Event, minutes: i64, device: &str, random: u128, who: &str) -> Event {
    let mut hlc = on.hlc.tick(on.hlc.wall_ms + minutes * 60_000);
    hlc.device = device.into();
    Event::new(
        EventId::from_parts(hlc.wall_ms, random),
        on.ticket_id.clone(),
        hlc,
        "tester",
        EventKind::Assigned {
            assignee: who.into(),
        },
    )
}

#[wasm_bindgen_test]
async fn a_write_from_another_tab_since_the_last_one_is_detected_and_the_result_is_the_fold() {
    let name = unique_db("two-writers");
    let open = opened(5, "Cinco");
    let a1 = assigned(&open, 1, "tab-a", 1, "ana");
    let b1 = assigned(&open, 2, "tab-b", 2, "beto");
    let a2 = assigned(&open, 3, "tab-a", 3, "carla");
    // Two connections to one database: two tabs.
    let tab_a = Store::open(&name).await.unwrap();
    let tab_b = Store::open(&name).await.unwrap();
    assert_eq!(
        tab_a
            .append(std::slice::from_ref(&open), Outbox::Send)
            .await,
        Ok(1)
    );
    assert_eq!(
        tab_a.append(std::slice::from_ref(&a1), Outbox::Send).await,
        Ok(1)
    );
    // Tab B writes after tab A's last write: tab A's idea of the database is stale.
    assert_eq!(
        tab_b.append(std::slice::from_ref(&b1), Outbox::Send).await,
        Ok(1)
    );
    assert_eq!(
        tab_a.append(std::slice::from_ref(&a2), Outbox::Send).await,
        Ok(1)
    );

    let all = vec![open.clone(), a1.clone(), b1.clone(), a2.clone()];
    assert_eq!(tab_a.tickets().await.unwrap(), fold_all(&all));
    assert_eq!(
        tab_b.tickets().await.unwrap()[0].assignee.as_deref(),
        Some("carla")
    );
    assert_eq!(tab_a.outbox_len().await.unwrap(), 4);
    assert_eq!(tab_a.last_clock().await.unwrap(), Some(a2.hlc.clone()));
    tab_a.close();
    tab_b.close();
    let ids: Vec<(String, u64)> = all
        .iter()
        .zip(1..)
        .map(|(e, s)| (e.id.0.clone(), s))
        .collect();
    assert_eq!(
        stored::stored_numbers(&name).await,
        ids,
        "one sequence, no number twice"
    );
}

#[wasm_bindgen_test]
async fn an_event_older_than_the_stored_clock_is_folded_in_order_not_applied_on_top() {
    let name = unique_db("late-event");
    let open = opened(6, "Seis");
    let newer = assigned(&open, 10, "here", 1, "ana");
    // Pulled from another device after `newer` was written, but it happened before it.
    let older = assigned(&open, 5, "elsewhere", 2, "beto");
    let store = Store::open(&name).await.unwrap();
    store
        .append(std::slice::from_ref(&open), Outbox::Send)
        .await
        .unwrap();
    store
        .append(std::slice::from_ref(&newer), Outbox::Send)
        .await
        .unwrap();
    assert_eq!(
        store
            .append(std::slice::from_ref(&older), Outbox::Keep)
            .await,
        Ok(1)
    );
    let all = vec![open, newer.clone(), older];
    assert_eq!(store.tickets().await.unwrap(), fold_all(&all));
    assert_eq!(
        store.tickets().await.unwrap()[0].assignee.as_deref(),
        Some("ana"),
        "the later assignment wins, whatever the arrival order"
    );
    assert_eq!(store.last_clock().await.unwrap(), Some(newer.hlc));
    assert_eq!(store.outbox_len().await.unwrap(), 2);
}

#[wasm_bindgen_test]
async fn a_duplicate_of_a_stored_event_from_the_optimistic_path_is_not_stored_twice() {
    let name = unique_db("dup-optimistic");
    let open = opened(8, "Ocho");
    let note = assigned(&open, 1, "here", 1, "ana");
    let store = Store::open(&name).await.unwrap();
    store
        .append(std::slice::from_ref(&open), Outbox::Send)
        .await
        .unwrap();
    assert_eq!(
        store
            .append(std::slice::from_ref(&note), Outbox::Send)
            .await,
        Ok(1)
    );
    assert_eq!(
        store
            .append(std::slice::from_ref(&note), Outbox::Send)
            .await,
        Ok(0)
    );
    assert_eq!(
        store.events().await.unwrap(),
        vec![open.clone(), note.clone()]
    );
    assert_eq!(store.tickets().await.unwrap(), fold_all(&[open, note]));
    assert_eq!(store.outbox_len().await.unwrap(), 2);
}

/// The newest clock is read once and kept (a person's action stamps its events with no read):
/// this connection's writes move it, another connection's (another tab's) do not until the tab
/// is told ([`Store::forget_clock`], on the broadcast channel), and then it is read again.
#[wasm_bindgen_test]
async fn the_newest_clock_is_kept_moved_by_writes_and_read_again_when_another_tab_wrote() {
    let name = unique_db("clock-kept");
    let tab = Store::open(&name).await.expect("open");
    let other = Store::open(&name).await.expect("open the other tab");
    assert_eq!(
        tab.last_clock().await,
        Ok(None),
        "an empty log has no clock"
    );

    let first = opened(1, "Minera Sur");
    assert_eq!(
        tab.append(std::slice::from_ref(&first), Outbox::Send).await,
        Ok(1)
    );
    assert_eq!(tab.last_clock().await, Ok(Some(first.hlc.clone())));

    let second = opened(5, "Agua Clara");
    assert_eq!(
        tab.append(std::slice::from_ref(&second), Outbox::Send)
            .await,
        Ok(1)
    );
    assert_eq!(
        tab.last_clock().await,
        Ok(Some(second.hlc.clone())),
        "this tab's write moved it"
    );

    let elsewhere = opened(9, "Puerto Norte");
    assert_eq!(
        other
            .append(std::slice::from_ref(&elsewhere), Outbox::Send)
            .await,
        Ok(1)
    );
    assert_eq!(
        tab.last_clock().await,
        Ok(Some(second.hlc.clone())),
        "kept until the tab is told"
    );
    tab.forget_clock();
    assert_eq!(tab.last_clock().await, Ok(Some(elsewhere.hlc.clone())));

    // An older event written later does not move it back.
    let older = opened(2, "Minera Sur");
    assert_eq!(tab.append(&[older], Outbox::Send).await, Ok(1));
    assert_eq!(tab.last_clock().await, Ok(Some(elsewhere.hlc)));
}
