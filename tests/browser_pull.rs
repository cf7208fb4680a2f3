#![cfg(target_arch = "wasm32")]
//! The path of a pulled page in a real headless Chromium: events are written with `add` and an
//! id already stored is refused by the database without aborting the page's transaction, so the
//! rest of the page commits with its checkpoint; the projections stay the fold of the stored
//! events (also when a session derives several pages at once); a failing transaction writes
//! nothing and leaves the checkpoint where it was.

use mesa::domain::event::*;
use mesa::domain::fold::fold_all;
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::synthetic::Synthetic;
use mesa::store::{Outbox, Store, Underived, WrittenRecords};
use wasm_bindgen_test::*;

mod browser_common;
#[path = "browser_common/idb_request.rs"]
mod idb_request;
#[path = "browser_common/stored.rs"]
mod stored;

use browser_common::{opened, unique_db};
use idb_request::settle;

wasm_bindgen_test_configure!(run_in_browser);

const KEY: &str = "sync.checkpoint";

/// A comment on `on`'s ticket `n` seconds after it, by another device.
fn comment(on: &Event, n: i64) -> Event {
    let hlc = Hlc::first(on.hlc.wall_ms + n * 1_000, "other-device");
    let id = EventId::from_parts(hlc.wall_ms, 1_000 + n as u128);
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

/// A page pulled in a sync session of its own.
async fn pull(store: &Store, page: &[Event], checkpoint: &str) -> Result<usize, String> {
    let mut session = WrittenRecords::default();
    store
        .append_pulled(page, KEY, &format!("\"{checkpoint}\""), &mut session)
        .await
        .map_err(|e| format!("{e:?}"))
}

async fn checkpoint(store: &Store) -> Option<serde_json::Value> {
    store.checkpoint(KEY).await.expect("checkpoint")
}

/// The projections are the fold of every stored event.
async fn assert_projection_is_the_fold(store: &Store) {
    let events = store.events().await.expect("events");
    assert_eq!(store.tickets().await.expect("tickets"), fold_all(&events));
}

/// `meta[key]` read directly from IndexedDB.
async fn raw_meta(name: &str, key: &str) -> wasm_bindgen::JsValue {
    let db = mesa::store::schema::open_raw(name, mesa::store::schema::SCHEMA_VERSION, None)
        .await
        .expect("raw open");
    let tx = db.transaction_with_str("meta").expect("tx");
    let request = tx.object_store("meta").unwrap().get(&key.into()).unwrap();
    let value = settle(request).await.unwrap();
    db.close();
    value
}

/// Writes `value` directly into the object store `store` of IndexedDB (under `key` if given).
async fn raw_put(name: &str, store: &str, value: &wasm_bindgen::JsValue, key: Option<&str>) {
    let db = mesa::store::schema::open_raw(name, mesa::store::schema::SCHEMA_VERSION, None)
        .await
        .expect("raw open");
    let tx = db
        .transaction_with_str_and_mode(store, web_sys::IdbTransactionMode::Readwrite)
        .unwrap();
    let store = tx.object_store(store).unwrap();
    let request = match key {
        Some(key) => store.put_with_key(value, &key.into()),
        None => store.put(value),
    };
    settle(request.unwrap()).await.expect("raw put");
    db.close();
}

/// Local sequence numbers as stored, in order, read directly from IndexedDB.
async fn stored_seqs(name: &str) -> Vec<u64> {
    stored::stored_numbers(name)
        .await
        .into_iter()
        .map(|(_, seq)| seq)
        .collect()
}

#[wasm_bindgen_test]
async fn a_page_with_some_ids_stored_commits_the_rest_with_its_checkpoint() {
    let name = unique_db("pull-partial");
    let store = Store::open(&name).await.expect("open");
    let (a, b) = (opened(1, "A"), opened(2, "B"));
    assert_eq!(
        pull(&store, &[a.clone(), comment(&a, 1)], "1-a").await,
        Ok(2)
    );

    // Stored ids first, in the middle and last: each is left out, the others stored.
    let page = vec![
        comment(&a, 1),
        comment(&a, 2),
        a.clone(),
        b.clone(),
        comment(&b, 3),
        comment(&a, 1),
    ];
    assert_eq!(pull(&store, &page, "2-b").await, Ok(3));
    assert_eq!(checkpoint(&store).await, Some(serde_json::json!("2-b")));
    let events = store.events().await.expect("events");
    assert_eq!(events.len(), 5, "every id stored once");
    assert_projection_is_the_fold(&store).await;
    let tickets = store.tickets().await.unwrap();
    let ticket_a = tickets.iter().find(|t| t.id == a.ticket_id).expect("A");
    assert_eq!(ticket_a.event_count, 3, "the opening and two comments");
    assert_eq!(store.outbox_len().await.unwrap(), 0, "pulled, not pushed");

    // Distinct numbers; a local write after the pull still gets a new one.
    let seqs = stored_seqs(&name).await;
    let mut distinct = seqs.clone();
    distinct.dedup();
    assert_eq!(seqs, distinct, "distinct sequence numbers");
    let local = comment(&b, 9);
    assert_eq!(
        store
            .append(std::slice::from_ref(&local), Outbox::Send)
            .await,
        Ok(1)
    );
    let after = stored_seqs(&name).await;
    assert_eq!(after.len(), 6);
    assert!(
        after[5] > seqs[4],
        "the local event comes after the pulled ones"
    );
    assert_eq!(store.outbox_events().await.unwrap(), vec![local]);
    assert_projection_is_the_fold(&store).await;
}

#[wasm_bindgen_test]
async fn a_page_entirely_stored_adds_no_event_and_moves_the_checkpoint() {
    let name = unique_db("pull-again");
    let store = Store::open(&name).await.expect("open");
    let a = opened(3, "C");
    let page = vec![a.clone(), comment(&a, 1), comment(&a, 2)];
    assert_eq!(pull(&store, &page, "3-c").await, Ok(3));
    let (events, tickets) = (
        store.events().await.unwrap(),
        store.tickets().await.unwrap(),
    );
    let (clock, seqs) = (store.last_clock().await.unwrap(), stored_seqs(&name).await);
    let watermark = raw_meta(&name, "folded_seq").await;
    assert_eq!(watermark.as_f64(), Some(3.0), "the page is folded");

    let mut again = page.clone();
    again.reverse();
    assert_eq!(pull(&store, &again, "4-d").await, Ok(0));
    assert_eq!(checkpoint(&store).await, Some(serde_json::json!("4-d")));
    assert_eq!(store.events().await.unwrap(), events);
    assert_eq!(store.tickets().await.unwrap(), tickets);
    assert_eq!(store.last_clock().await.unwrap(), clock);
    assert_eq!(stored_seqs(&name).await, seqs);
    // Every event of the page was found stored before numbering: nothing reserved, nothing
    // to fold.
    assert_eq!(
        raw_meta(&name, "folded_seq").await.as_f64(),
        watermark.as_f64(),
        "the watermark where it was"
    );
    assert_eq!(pull(&store, &[], "5-e").await, Ok(0));
    assert_eq!(checkpoint(&store).await, Some(serde_json::json!("5-e")));
}

#[wasm_bindgen_test]
async fn an_id_twice_in_one_page_is_stored_once() {
    let store = Store::open(&unique_db("pull-twice")).await.expect("open");
    let a = opened(4, "D");
    let note = comment(&a, 1);
    let page = vec![a.clone(), note.clone(), a.clone(), note.clone()];
    assert_eq!(pull(&store, &page, "1-a").await, Ok(2));
    assert_eq!(store.events().await.unwrap().len(), 2);
    let tickets = store.tickets().await.unwrap();
    assert_eq!(tickets.len(), 1);
    assert_eq!(tickets[0].event_count, 2);
    assert_projection_is_the_fold(&store).await;
}

#[wasm_bindgen_test]
async fn events_pulled_before_their_opening_or_older_than_the_stored_ones_are_folded() {
    let store = Store::open(&unique_db("pull-late")).await.expect("open");
    let a = opened(5, "E");
    let (early, late) = (comment(&a, 1), comment(&a, 2));
    // An update whose ticket's opening is not stored yet: no projection.
    assert_eq!(
        pull(&store, std::slice::from_ref(&late), "1-a").await,
        Ok(1)
    );
    assert!(store.tickets().await.unwrap().is_empty());
    // The opening arrives later (older than the stored clock) with a stored id beside it.
    assert_eq!(pull(&store, &[a.clone(), late.clone()], "2-b").await, Ok(1));
    let tickets = store.tickets().await.unwrap();
    assert_eq!(
        tickets[0].event_count, 2,
        "the opening and the earlier update"
    );
    // An event older than the ticket's stored ones, pulled last.
    assert_eq!(pull(&store, &[early, late], "3-c").await, Ok(1));
    let tickets = store.tickets().await.unwrap();
    assert_eq!(tickets[0].event_count, 3);
    assert_projection_is_the_fold(&store).await;
}

#[wasm_bindgen_test]
async fn a_page_whose_commit_fails_writes_nothing_and_keeps_the_checkpoint() {
    let store = Store::open(&unique_db("pull-fail")).await.expect("open");
    let a = opened(6, "F");
    assert_eq!(pull(&store, std::slice::from_ref(&a), "1-a").await, Ok(1));
    let page = vec![a.clone(), comment(&a, 1), opened(7, "G")];
    store.fail_next_commit_with("QuotaExceededError");
    assert!(pull(&store, &page, "2-b").await.is_err());
    assert_eq!(checkpoint(&store).await, Some(serde_json::json!("1-a")));
    assert_eq!(store.events().await.unwrap(), vec![a.clone()]);
    assert_projection_is_the_fold(&store).await;
    // The same page again commits.
    assert_eq!(pull(&store, &page, "2-b").await, Ok(2));
    assert_eq!(checkpoint(&store).await, Some(serde_json::json!("2-b")));
    assert_projection_is_the_fold(&store).await;
}

#[wasm_bindgen_test]
async fn pulled_events_are_numbered_after_the_highest_stored_number_whatever_wrote_it() {
    let name = unique_db("pull-numbers");
    let store = Store::open(&name).await.expect("open");
    let a = opened(8, "H");
    assert_eq!(pull(&store, std::slice::from_ref(&a), "1-a").await, Ok(1));
    // A record numbered past everything this connection wrote (another tab, an older build):
    // numbers are read from the log's `end` index in the writing transaction, so nothing
    // clashes.
    let stray = opened(9, "I");
    let mut entry = serde_json::to_value(&stray).unwrap();
    entry["seq"] = serde_json::json!(7);
    let record = serde_json::json!({
        "seq": 7, "end": 7, "ticket_id": stray.ticket_id.as_str(), "ids": [stray.id.as_str()],
        "hlc": stray.hlc, "events": [entry],
    });
    let value = js_sys::JSON::parse(&record.to_string()).unwrap();
    raw_put(&name, mesa::store::schema::LOG, &value, None).await;

    let page = vec![comment(&a, 1), a.clone(), opened(10, "J")];
    assert_eq!(
        pull(&store, &page, "2-b").await,
        Ok(2),
        "the stored one is left out"
    );
    assert_eq!(checkpoint(&store).await, Some(serde_json::json!("2-b")));
    // Ticket A's records are read first and its stored opening left out: numbered 8 (A's
    // comment) and 9.
    assert_eq!(
        stored_seqs(&name).await,
        vec![1, 7, 8, 9],
        "the new ones after the stray"
    );
}

#[wasm_bindgen_test]
async fn a_stored_clock_older_than_a_stored_event_still_gives_the_fold() {
    let name = unique_db("pull-old-clock");
    let store = Store::open(&name).await.expect("open");
    let a = opened(11, "K");
    let (first, second) = (comment(&a, 1), comment(&a, 2));
    assert_eq!(
        pull(&store, &[a.clone(), first.clone()], "1-a").await,
        Ok(2)
    );
    // A corrupt clock, older than every stored event: the stored comment looks new.
    let old = Hlc::first(a.hlc.wall_ms - 60_000, "browser-test");
    raw_put(&name, "meta", &old.to_string().into(), Some("hlc")).await;
    assert_eq!(pull(&store, &[first, second], "2-b").await, Ok(1));
    let tickets = store.tickets().await.unwrap();
    assert_eq!(tickets[0].event_count, 3, "the stored comment folded once");
    assert_projection_is_the_fold(&store).await;
    // A page holding only that stored comment again leaves the projection alone.
    assert_eq!(pull(&store, &[comment(&a, 1)], "3-c").await, Ok(0));
    assert_eq!(store.tickets().await.unwrap(), tickets);
}

#[wasm_bindgen_test]
async fn a_pulled_page_commits_with_its_checkpoint_and_its_tickets_are_the_fold() {
    let store = Store::open(&unique_db("pulled")).await.expect("open");
    let local = opened(1, "Local");
    store
        .append(std::slice::from_ref(&local), Outbox::Send)
        .await
        .expect("local");
    let (a, b) = (opened(2, "A"), opened(3, "B"));
    let page = vec![a.clone(), comment(&a, 1), b.clone(), local.clone()];
    let added = store
        .append_pulled(
            &page,
            "sync.checkpoint",
            "\"7-abc\"",
            &mut Default::default(),
        )
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
        .append_pulled(
            &page,
            "sync.checkpoint",
            "\"8-def\"",
            &mut Default::default(),
        )
        .await
        .expect("again");
    assert_eq!(again, 0);

    let all = store.tickets().await.expect("tickets");
    let ticket_a = all.iter().find(|t| t.id == a.ticket_id).expect("A");
    assert_eq!(
        ticket_a.event_count, 2,
        "the opening and the pulled comment"
    );
    let everything: Vec<Event> = store.events().await.expect("events");
    assert_eq!(all, fold_all(&everything));
}

/// A first sync's pages in one session, over a feed where each ticket's events are spread over
/// several pages (every ticket's first event, then every ticket's second, and so on), and where
/// the tickets of one block of ids were stored before the sync, in part. Every ticket ends folded
/// as the whole log folds it, whether the derive folded it from memory (new to this device) or
/// read what it needed (stored before, or by an earlier page).
/// A sync session's state, its pages stored as the app stores them.
#[derive(Default)]
struct Session {
    written: WrittenRecords,
    underived: Underived,
}

impl Session {
    /// Stores page `n` with the checkpoint `"n-x"`; the events it added.
    async fn store(&mut self, store: &Store, n: usize, page: &[Event]) -> usize {
        let checkpoint = format!("\"{n}-x\"");
        store
            .store_pulled(
                page,
                KEY,
                &checkpoint,
                &mut self.written,
                &mut self.underived,
            )
            .await
            .expect("page")
    }
}

/// A synthetic desk's events (150 tickets).
fn desk_events() -> Vec<Event> {
    let profile =
        ProcessProfile::from_json(preset("p4-callmyway").expect("preset")).expect("profile");
    Synthetic::new(&profile, "pull-test", 1_767_000_000_000, 5).tickets(150)
}

/// `events` in a feed's order that spreads each ticket over pages (every ticket's first event,
/// then every ticket's second, …).
fn feed_order(events: &[Event]) -> Vec<Event> {
    // Each event's place in its ticket (the generator lists a ticket's events together).
    let mut place = Vec::with_capacity(events.len());
    for (i, e) in events.iter().enumerate() {
        let same = i > 0 && events[i - 1].ticket_id == e.ticket_id;
        place.push(if same { place[i - 1] + 1 } else { 0 });
    }
    let mut feed: Vec<(usize, Event)> = place.into_iter().zip(events.iter().cloned()).collect();
    feed.sort_by(|(p, a), (q, b)| p.cmp(q).then(a.order(b)));
    feed.into_iter().map(|(_, e)| e).collect()
}

/// A synthetic desk's events, and the same events in a feed's order ([`feed_order`]), with
/// the events of 30 of its tickets (every other one) stored before in `store`.
async fn session_feed(store: &Store) -> (Vec<Event>, Vec<Event>) {
    let events = desk_events();
    let mut tickets: Vec<&TicketId> = events.iter().map(|e| &e.ticket_id).collect();
    tickets.sort();
    tickets.dedup();
    let rank = |e: &Event| tickets.binary_search(&&e.ticket_id).unwrap();
    let feed = feed_order(&events);
    let before: Vec<Event> = events
        .iter()
        .filter(|e| (40..70).contains(&rank(e)))
        .step_by(2)
        .cloned()
        .collect();
    store
        .import_events(&before, 100)
        .await
        .expect("stored before");
    (events, feed)
}

/// A first sync into an empty desk knows its pages wrote every record of the log, and asks
/// nothing to tell its new tickets; actions saved between two pages, on tickets whose openings
/// come in the next page and in the one after, make those tickets not new: each is folded with
/// its action.
#[wasm_bindgen_test]
async fn a_first_sync_tells_a_ticket_another_write_reached_between_its_pages() {
    let store = Store::open(&unique_db("pull-first-sync"))
        .await
        .expect("open");
    let events = desk_events();
    let feed = feed_order(&events);
    let pages: Vec<&[Event]> = feed.chunks(40).collect();
    // Tickets first seen in the second page and in the third.
    let notes: Vec<Event> = [1, 2]
        .into_iter()
        .map(|page| {
            let first = &pages[page][0];
            assert!(pages[..page]
                .iter()
                .all(|p| p.iter().all(|e| e.ticket_id != first.ticket_id)));
            comment(first, 9_000 + page as i64)
        })
        .collect();
    let mut all = events.clone();
    all.extend(notes.iter().cloned());
    let mut session = Session::default();
    for (n, page) in pages.iter().enumerate() {
        session.store(&store, n, page).await;
        assert!(!store.derive_pulled(&mut session.underived).await.is_empty());
        if n == 0 {
            for note in &notes {
                assert_eq!(
                    store.append(std::slice::from_ref(note), Outbox::Send).await,
                    Ok(1)
                );
            }
        }
    }
    all.sort_by(|a, b| a.order(b));
    assert_eq!(store.tickets().await.unwrap(), fold_all(&all));
    assert_projection_is_the_fold(&store).await;
}

#[wasm_bindgen_test]
async fn a_session_of_pages_over_tickets_new_and_stored_folds_every_ticket_as_the_log() {
    let store = Store::open(&unique_db("pull-session")).await.expect("open");
    let (events, feed) = session_feed(&store).await;
    let mut session = WrittenRecords::default();
    for (n, page) in feed.chunks(40).enumerate() {
        store
            .append_pulled(page, KEY, &format!("\"{n}-x\""), &mut session)
            .await
            .expect("page");
    }
    let mut all = events.clone();
    all.sort_by(|a, b| a.order(b));
    assert_eq!(store.tickets().await.unwrap(), fold_all(&all));
    assert_projection_is_the_fold(&store).await;
}

/// A sync session stores its pages and derives several at once; a person's action saved (and
/// derived) while pages wait folds them too, and the later derive of those pages is still the
/// fold of the log.
#[wasm_bindgen_test]
async fn pages_derived_several_at_once_with_an_action_between_fold_every_ticket_as_the_log() {
    let store = Store::open(&unique_db("pull-underived"))
        .await
        .expect("open");
    let (events, feed) = session_feed(&store).await;
    let mut session = Session::default();
    let mut all = events.clone();
    for (n, page) in feed.chunks(40).enumerate() {
        let added = session.store(&store, n, page).await;
        assert!(added > 0, "page {n} adds events");
        assert_eq!(
            checkpoint(&store).await,
            Some(serde_json::json!(format!("{n}-x")))
        );
        if n == 4 {
            // A note on a ticket whose events wait in pages not derived yet.
            let note = comment(&page[0], 9_000);
            all.push(note.clone());
            assert_eq!(store.append(&[note], Outbox::Send).await, Ok(1));
        }
        if n % 3 == 2 {
            assert!(session.underived.events() > 0);
            let derived = store.derive_pulled(&mut session.underived).await;
            assert!(!derived.is_empty());
            assert_eq!(session.underived.events(), 0);
        }
    }
    let last = store.derive_pulled(&mut session.underived).await;
    all.sort_by(|a, b| a.order(b));
    let projected = store.tickets().await.unwrap();
    assert_eq!(projected, fold_all(&all));
    assert_projection_is_the_fold(&store).await;
    // The derive hands back the tickets it folded, as projected (the queue shows them so).
    assert!(!last.is_empty(), "the last pages' tickets");
    for ticket in &last {
        assert_eq!(projected.iter().find(|t| t.id == ticket.id), Some(ticket));
    }
}

/// Pulled records do not list their events' ids (the log's `ids` index holds what this device
/// wrote or imported): a backup imported after a sync, and the same pages pulled again, still
/// store every event once, and the imported new one goes to the outbox.
#[wasm_bindgen_test]
async fn pulled_events_imported_or_pulled_again_are_stored_once() {
    let name = unique_db("pull-then-import");
    let store = Store::open(&name).await.expect("open");
    let events = desk_events();
    let mut session = WrittenRecords::default();
    for (n, page) in events.chunks(40).enumerate() {
        store
            .append_pulled(page, KEY, &format!("\"{n}-x\""), &mut session)
            .await
            .expect("page");
    }
    let local = comment(&events[0], 7_000);
    let mut backup = events.clone();
    backup.push(local.clone());
    let imported = store.import_events(&backup, 100).await.expect("import");
    assert_eq!(imported.added, 1, "only the new one");
    let mut again = WrittenRecords::default();
    for (n, page) in feed_order(&events).chunks(40).enumerate() {
        let added = store
            .append_pulled(page, KEY, &format!("\"{n}-y\""), &mut again)
            .await
            .expect("page again");
        assert_eq!(added, 0, "page {n} again adds nothing");
    }
    let (stored, mut ids) = (
        stored_seqs(&name).await,
        stored::stored_numbers(&name).await,
    );
    assert_eq!(stored.len(), events.len() + 1);
    ids.sort();
    ids.dedup_by(|a, b| a.0 == b.0);
    assert_eq!(ids.len(), events.len() + 1, "every event once");
    assert_eq!(store.outbox_events().await.unwrap(), vec![local.clone()]);
    let mut all = events.clone();
    all.push(local);
    all.sort_by(|a, b| a.order(b));
    assert_eq!(store.tickets().await.unwrap(), fold_all(&all));
}
