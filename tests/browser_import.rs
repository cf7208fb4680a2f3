#![cfg(target_arch = "wasm32")]
//! Bulk imports in a real headless Chromium: an import that stops part-way (here the second
//! transaction fails) leaves whole tickets only, each with the projection its events fold to;
//! progress is reported only for committed batches; importing again finishes the job. The
//! events are written first and the projections derived after (#21): when the derive does not
//! happen (the tab closed), the next open folds everything, in pieces.

use std::cell::RefCell;
use std::rc::Rc;

use mesa::domain::event::*;
use mesa::domain::fold::fold_all;
use mesa::domain::import_batches::whole_ticket_batches;
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::synthetic::Synthetic;
use mesa::domain::ticket::Ticket;
use mesa::store::{ImportProgress, Outbox, Store, StoreError};
use wasm_bindgen_test::*;

mod browser_common;
#[path = "browser_common/events.rs"]
mod events;

use browser_common::{opened, unique_db};
use events::later;

wasm_bindgen_test_configure!(run_in_browser);

/// Two tickets of three events each, interleaved in clock order (a b a b a b), as a backup
/// exported from a busy device lists them.
fn interleaved() -> Vec<Event> {
    let a = opened(1, "Cliente 1");
    let b = opened(2, "Cliente 2");
    let assign = |on: &Event, r| {
        later(
            on,
            10,
            r,
            EventKind::Assigned {
                assignee: "ana".into(),
            },
        )
    };
    let note = |on: &Event, r| {
        later(
            on,
            20,
            r,
            EventKind::Commented {
                text: "Revisando".into(),
                customer_visible: true,
            },
        )
    };
    let (a1, b1, a2, b2) = (assign(&a, 11), assign(&b, 12), note(&a, 13), note(&b, 14));
    let mut events = vec![a, b, a1, b1, a2, b2];
    events.sort_by(|x, y| x.order(y));
    events
}

fn sorted(mut tickets: Vec<Ticket>) -> Vec<Ticket> {
    tickets.sort_by(|a, b| a.id.cmp(&b.id));
    tickets
}

#[wasm_bindgen_test]
async fn an_import_stopped_part_way_leaves_whole_tickets_with_their_projection() {
    let name = unique_db("stopped");
    let events = interleaved();
    let store = Store::open(&name).await.expect("open");

    // Batches of 4: a plain 4-event chunk would hold a, b, a1, b1 — half of each ticket. The
    // second transaction fails (as a closed tab or a full disk would stop it).
    let seen: Rc<RefCell<Vec<ImportProgress>>> = Rc::default();
    let seen2 = seen.clone();
    store.fail_commit_with(1, "QuotaExceededError");
    let result = store
        .import_events_with_progress(&events, 4, move |p| seen2.borrow_mut().push(p))
        .await;
    assert_eq!(result, Err(StoreError::QuotaExceeded));

    let stored = store.events().await.unwrap();
    let first_ticket = &events[0].ticket_id;
    let whole_first: Vec<Event> = events
        .iter()
        .filter(|e| &e.ticket_id == first_ticket)
        .cloned()
        .collect();
    // Exactly the first ticket, all of it; nothing of the second.
    assert_eq!(stored.len(), 3);
    let mut got = stored.clone();
    got.sort_by(|x, y| x.order(y));
    assert_eq!(got, whole_first);
    // Its projection equals what its stored events fold to; no row for the other ticket.
    assert_eq!(sorted(store.tickets().await.unwrap()), fold_all(&stored));
    assert_eq!(store.outbox_len().await.unwrap(), 3);
    // Progress was reported once, for the committed batch only.
    assert_eq!(
        *seen.borrow(),
        vec![ImportProgress {
            done: 3,
            total: 6,
            added: 3
        }]
    );

    // Importing again finishes it; once more adds nothing.
    let again = store.import_events(&events, 4).await.expect("import again");
    assert_eq!((again.added, again.present), (3, 3));
    let all = store.events().await.unwrap();
    assert_eq!(all.len(), 6);
    assert_eq!(
        sorted(store.tickets().await.unwrap()),
        sorted(fold_all(&events))
    );
    let third = store.import_events(&events, 4).await.expect("third import");
    assert_eq!((third.added, third.present), (0, 6));
    assert_eq!(store.outbox_len().await.unwrap(), 6);
}

#[wasm_bindgen_test]
async fn an_imported_event_whose_id_is_stored_under_another_ticket_replaces_nothing() {
    let name = unique_db("import-foreign-id");
    let kept = opened(3, "Cliente 3");
    let kept_note = later(
        &kept,
        5,
        31,
        EventKind::Commented {
            text: "Original".into(),
            customer_visible: false,
        },
    );
    let store = Store::open(&name).await.expect("open");
    store
        .append(&[kept.clone(), kept_note.clone()], Outbox::Send)
        .await
        .unwrap();

    // A new ticket in a (corrupt or foreign) backup, one of whose events reuses the stored
    // note's id: the batch's single existence read per ticket cannot see it; writing with `add`
    // makes the database refuse it, and the batch is written again checking every id.
    let other = opened(4, "Cliente 4");
    let mut clash = later(
        &other,
        5,
        41,
        EventKind::Commented {
            text: "Impostor".into(),
            customer_visible: true,
        },
    );
    clash.id = kept_note.id.clone();
    let count = store
        .import_events(&[other.clone(), clash], 100)
        .await
        .expect("import");
    assert_eq!((count.added, count.present), (1, 1));
    assert_eq!(
        store.ticket_events(&kept.ticket_id).await.unwrap(),
        vec![kept.clone(), kept_note.clone()],
        "the stored event is untouched"
    );
    assert_eq!(
        sorted(store.tickets().await.unwrap()),
        sorted(fold_all(&[kept, kept_note, other]))
    );
    assert_eq!(store.outbox_len().await.unwrap(), 3);
}

/// `tickets` synthetic P4 tickets with their follow-up events.
fn synthetic(tickets: usize) -> Vec<Event> {
    let profile =
        ProcessProfile::from_json(preset("p4-callmyway").expect("preset")).expect("profile");
    Synthetic::new(&profile, "import-test", 1_767_000_000_000, 3).tickets(tickets)
}

#[wasm_bindgen_test]
async fn imported_events_whose_projection_was_not_derived_are_folded_at_the_next_open() {
    let name = unique_db("import-derive-later");
    let events = synthetic(2_500);
    assert!(events.len() > 5_000, "more than one catch-up piece");
    let batches = whole_ticket_batches(&events, 100).len();
    let store = Store::open(&name).await.expect("open");
    // The import's first pass commits every batch of events; the derive pass's first
    // transaction fails, as a tab closed after the events were written would leave it.
    store.fail_commit_with(batches, "AbortError");
    let mut committed = 0;
    let count = store
        .import_events_with_progress(&events, 100, |p| committed = p.done)
        .await;
    assert_eq!(
        count.map(|c| c.added),
        Ok(events.len()),
        "the events are saved"
    );
    assert_eq!(committed, events.len());
    assert_eq!(store.events().await.unwrap().len(), events.len());
    let derived = store.tickets().await.unwrap().len();
    assert!(
        derived < 2_500,
        "the first piece was not derived ({derived} tickets)"
    );

    let reopened = Store::open(&name).await.expect("reopen");
    assert_eq!(
        sorted(reopened.tickets().await.unwrap()),
        sorted(fold_all(&events)),
        "every ticket folded at open"
    );
    assert_eq!(reopened.outbox_len().await.unwrap(), events.len() as u32);
}

#[wasm_bindgen_test]
async fn an_import_writes_events_before_projections_and_ends_with_every_ticket_folded() {
    let name = unique_db("import-two-passes");
    let events = synthetic(300);
    let store = Store::open(&name).await.expect("open");
    let count = store.import_events(&events, 100).await.expect("import");
    assert_eq!((count.added, count.present), (events.len(), 0));
    assert_eq!(
        sorted(store.tickets().await.unwrap()),
        sorted(fold_all(&events))
    );
    assert_eq!(store.outbox_len().await.unwrap(), events.len() as u32);
    // Importing again over the derived projections changes nothing.
    let again = store.import_events(&events, 100).await.expect("again");
    assert_eq!((again.added, again.present), (0, events.len()));
    assert_eq!(
        sorted(store.tickets().await.unwrap()),
        sorted(fold_all(&events))
    );
}

/// An import whose tickets are new to this device, interleaved (by id) with tickets it holds
/// already: some whole, some with later events to come, some with only later events (no
/// opening yet). Every ticket ends folded as the whole log folds it, whichever way the derive
/// took for it (from memory for the new ones, from the stored projection or every stored event
/// for the others).
#[wasm_bindgen_test]
async fn an_import_of_new_tickets_among_stored_ones_folds_every_ticket_as_the_whole_log() {
    let name = unique_db("import-new-among-stored");
    let events = synthetic(240);
    let mut tickets: Vec<&TicketId> = events.iter().map(|e| &e.ticket_id).collect();
    tickets.sort();
    tickets.dedup();
    // By the ticket's place in id order, in blocks of 24 in the first half (runs of new
    // tickets) and one by one in the second (new ones among stored ones): 0 whole before,
    // 1 its opening before, 2 all but its opening before, 3 new (all in the second import).
    let half = tickets.len() / 2;
    let group = |e: &Event| match tickets.binary_search(&&e.ticket_id).unwrap() {
        i if i < half => (i / 24) % 4,
        i => i % 4,
    };
    let is_opening = |e: &Event| e.id.as_str() == e.ticket_id.as_str();
    let (first, second): (Vec<Event>, Vec<Event>) =
        events.iter().cloned().partition(|e| match group(e) {
            0 => true,
            1 => is_opening(e),
            2 => !is_opening(e),
            _ => false,
        });
    assert!(!first.is_empty() && !second.is_empty());
    let store = Store::open(&name).await.expect("open");
    store
        .import_events(&first, 100)
        .await
        .expect("first import");
    assert_eq!(
        sorted(store.tickets().await.unwrap()),
        sorted(fold_all(&first))
    );
    let count = store.import_events(&second, 100).await.expect("second");
    assert_eq!(count.added, second.len());
    assert_eq!(
        sorted(store.tickets().await.unwrap()),
        sorted(fold_all(&events))
    );
    // And a rebuild from the log agrees.
    store.rebuild_projection().await.expect("rebuild");
    assert_eq!(
        sorted(store.tickets().await.unwrap()),
        sorted(fold_all(&events))
    );
}
