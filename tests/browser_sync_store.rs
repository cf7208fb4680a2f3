#![cfg(target_arch = "wasm32")]
//! What sync needs from the IndexedDB store, in a real headless Chromium: a pulled page is
//! committed with its checkpoint (not into the outbox, known ids skipped), and the projections
//! of the tickets it touched can be read back alone.

use mesa::domain::event::*;
use mesa::domain::fold::fold_all;
use mesa::store::Store;
use wasm_bindgen_test::*;

mod browser_common;

use browser_common::{opened, unique_db};

wasm_bindgen_test_configure!(run_in_browser);

fn comment(on: &Event, n: i64) -> Event {
    let hlc = Hlc::first(on.hlc.wall_ms + n * 1_000, "other-device");
    let id = EventId::from_parts(hlc.wall_ms, n as u128);
    Event::new(
        id,
        on.ticket_id.clone(),
        hlc,
        "luis",
        EventKind::Commented {
            text: format!("nota {n}"),
            customer_visible: false,
        },
    )
}

#[wasm_bindgen_test]
async fn a_pulled_page_commits_with_its_checkpoint_and_its_tickets_read_back_alone() {
    let store = Store::open(&unique_db("pulled")).await.expect("open");
    let local = opened(1, "Local");
    store
        .append(std::slice::from_ref(&local), true)
        .await
        .expect("local");
    let (a, b) = (opened(2, "A"), opened(3, "B"));
    let page = vec![a.clone(), comment(&a, 1), b.clone(), local.clone()];
    let added = store
        .append_pulled(&page, "sync.checkpoint", "\"7-abc\"")
        .await
        .expect("commit");
    assert_eq!(added, 3, "the local event is known");
    assert_eq!(
        store.checkpoint("sync.checkpoint").await.unwrap(),
        Some(serde_json::json!("7-abc"))
    );
    assert_eq!(
        store.outbox_len().await.unwrap(),
        1,
        "pulled events are not pushed back"
    );
    // The page again (a rewound feed) changes nothing.
    let again = store
        .append_pulled(&page, "sync.checkpoint", "\"8-def\"")
        .await
        .expect("again");
    assert_eq!(again, 0);

    let all = store.tickets().await.expect("tickets");
    let touched = [
        b.ticket_id.clone(),
        a.ticket_id.clone(),
        TicketId("nope".into()),
    ];
    let read = store.tickets_by_id(&touched).await.expect("by id");
    let expected: Vec<_> = [&b, &a]
        .iter()
        .map(|e| {
            all.iter()
                .find(|t| t.id == e.ticket_id)
                .cloned()
                .expect("listed")
        })
        .collect();
    assert_eq!(read, expected, "in the order asked, unknown ids skipped");
    assert_eq!(read[1].event_count, 2, "the opening and the pulled comment");
    let everything: Vec<Event> = store.events().await.expect("events");
    assert_eq!(all, fold_all(&everything));
    assert!(store.tickets_by_id(&[]).await.expect("none").is_empty());
}
