#![cfg(target_arch = "wasm32")]
//! Storage in a real headless Chromium: the projection rebuilt from events equals the fold; a
//! version-1 database with data upgrades to the current schema keeping every record; importing
//! twice equals importing once; attachment files round-trip; a full quota is a clear error that
//! loses nothing and hangs nothing; an upgrade in another tab closes this connection instead of
//! blocking it, and an old tab that blocks the upgrade is reported; a version-2 database with
//! data upgrades to the queue-summary cache, which is trusted only when complete and current.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use mesa::domain::event::*;
use mesa::domain::fold::fold_all;
use mesa::domain::ticket::Ticket;
use mesa::store::schema::{self, ATTACHMENTS, EVENTS, META, OUTBOX, TICKETS};
use mesa::store::{
    check_attachment_size, NewAttachment, OpenOptions, Outbox, Store, StoreError,
    MAX_ATTACHMENT_BYTES,
};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

mod browser_common;
#[path = "browser_common/events.rs"]
mod events;
#[path = "browser_common/idb_write.rs"]
mod idb_write;
#[path = "browser_common/upgrade.rs"]
mod upgrade;
#[path = "browser_common/wait.rs"]
mod wait;

use browser_common::{opened, unique_db};
use events::later;
use idb_write::{completed, to_js};
use upgrade::upgraded;
use wait::until;

wasm_bindgen_test_configure!(run_in_browser);

/// Three tickets, one waiting on the customer, one resolved.
fn history() -> Vec<Event> {
    let a = opened(1, "Uno");
    let b = opened(2, "Dos");
    let c = opened(3, "Tres");
    let a_wait = later(
        &a,
        5,
        11,
        EventKind::WaitingStarted {
            reason: "logs".into(),
        },
    );
    let b_note = later(
        &b,
        3,
        12,
        EventKind::Commented {
            text: "Revisando".into(),
            customer_visible: true,
        },
    );
    let b_done = later(
        &b,
        30,
        13,
        EventKind::Resolved(Resolution {
            root_cause: "Fibra".into(),
            solution: "Empalme".into(),
            affected_minutes: Some(30),
            confirmed_by: "Ana".into(),
            category: None,
        }),
    );
    vec![a, b, c, a_wait, b_note, b_done]
}

/// The projection as the store returns it: newest first.
fn expected_tickets(events: &[Event]) -> Vec<Ticket> {
    let mut tickets = fold_all(events);
    tickets.sort_by(|a, b| b.opened_at.cmp(&a.opened_at).then_with(|| b.id.cmp(&a.id)));
    tickets
}

// ---- raw IndexedDB helpers (what an older build or another tab would do) ----

fn write_tx(db: &web_sys::IdbDatabase, stores: &[&str]) -> web_sys::IdbTransaction {
    let names = js_sys::Array::new();
    for s in stores {
        names.push(&JsValue::from_str(s));
    }
    db.transaction_with_str_sequence_and_mode(&names, web_sys::IdbTransactionMode::Readwrite)
        .expect("transaction")
}

async fn blob_text(blob: &web_sys::Blob) -> String {
    JsFuture::from(blob.text())
        .await
        .expect("blob text")
        .as_string()
        .expect("text")
}

fn text_blob(text: &str) -> web_sys::Blob {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    web_sys::Blob::new_with_str_sequence(&parts).expect("blob")
}

// ---- tests ----

#[wasm_bindgen_test]
async fn the_rebuilt_projection_equals_the_fold_of_the_events() {
    let name = unique_db("rebuild");
    let events = history();
    let store = Store::open(&name).await.expect("open");
    store
        .append(&events[..3], Outbox::Send)
        .await
        .expect("append");
    store
        .append(&events[3..], Outbox::Send)
        .await
        .expect("append");
    assert_eq!(store.tickets().await.unwrap(), expected_tickets(&events));
    store.close();

    // Lose the projection behind the store's back (it is only a cache of the events).
    let raw = schema::open_raw(&name, schema::SCHEMA_VERSION, None)
        .await
        .expect("raw open");
    let tx = write_tx(&raw, &[TICKETS]);
    tx.object_store(TICKETS).unwrap().clear().unwrap();
    completed(&tx).await;
    raw.close();

    let store = Store::open(&name).await.expect("reopen");
    assert!(store.tickets().await.unwrap().is_empty());
    assert_eq!(store.rebuild_projection().await.expect("rebuild"), 3);
    assert_eq!(store.tickets().await.unwrap(), expected_tickets(&events));
    // Rebuilding again changes nothing.
    assert_eq!(store.rebuild_projection().await.unwrap(), 3);
    assert_eq!(store.tickets().await.unwrap(), expected_tickets(&events));
}

/// The v1 on-disk shape of an event: the event document plus the local sequence number.
#[derive(Serialize)]
struct V1Event<'a> {
    seq: u64,
    #[serde(flatten)]
    event: &'a Event,
}

#[wasm_bindgen_test]
async fn a_version_1_database_with_data_upgrades_keeping_every_record() {
    let name = unique_db("migrate");
    let events = history();

    // A database exactly as version 1 created it, filled as a v1 build wrote it.
    let v1 = schema::open_raw(&name, 1, None).await.expect("v1 open");
    assert_eq!(v1.version() as u32, 1);
    let tx = write_tx(&v1, &[EVENTS, TICKETS, META, OUTBOX, ATTACHMENTS]);
    let event_store = tx.object_store(EVENTS).unwrap();
    for (i, e) in events.iter().enumerate() {
        event_store
            .put(&to_js(&V1Event {
                seq: i as u64 + 1,
                event: e,
            }))
            .unwrap();
    }
    for t in fold_all(&events) {
        tx.object_store(TICKETS).unwrap().put(&to_js(&t)).unwrap();
    }
    for e in &events[..4] {
        tx.object_store(OUTBOX)
            .unwrap()
            .put(&to_js(&serde_json::json!({ "id": e.id.0 })))
            .unwrap();
    }
    let meta = tx.object_store(META).unwrap();
    meta.put_with_key(&JsValue::from_f64(events.len() as f64), &"seq".into())
        .unwrap();
    let newest = events.iter().map(|e| &e.hlc).max().unwrap().to_string();
    meta.put_with_key(&JsValue::from_str(&newest), &"hlc".into())
        .unwrap();
    meta.put_with_key(&JsValue::from_str("dev-v1"), &"device".into())
        .unwrap();
    let attachment = js_sys::Object::new();
    for (k, v) in [
        ("id", JsValue::from_str("att-v1")),
        ("ticket_id", JsValue::from_str(events[0].ticket_id.as_str())),
        ("name", JsValue::from_str("log.txt")),
        ("mime", JsValue::from_str("text/plain")),
        ("size", JsValue::from_f64(11.0)),
        ("blob", text_blob("hola router").into()),
    ] {
        js_sys::Reflect::set(&attachment, &k.into(), &v).unwrap();
    }
    tx.object_store(ATTACHMENTS)
        .unwrap()
        .put(&attachment)
        .unwrap();
    completed(&tx).await;
    v1.close();

    // The current build opens it: upgraded, and everything is still there.
    let store = upgraded(&name, &events).await;
    assert_eq!(store.tickets().await.unwrap(), expected_tickets(&events));
    assert_eq!(store.outbox_len().await.unwrap(), 4);
    assert_eq!(
        store.meta_string("device").await.unwrap().as_deref(),
        Some("dev-v1")
    );
    assert_eq!(
        store.last_clock().await.unwrap().map(|h| h.to_string()),
        Some(newest)
    );
    // The v2 index over the v1 attachment works, and the file is intact.
    let files = store
        .ticket_attachments(&events[0].ticket_id)
        .await
        .unwrap();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].meta.name, "log.txt");
    assert_eq!(
        blob_text(files[0].blob.as_ref().expect("blob")).await,
        "hola router"
    );
    // New writes continue the v1 sequence (the unique `seq` index would refuse a repeat).
    let d = opened(4, "Cuatro");
    assert_eq!(
        store
            .append(std::slice::from_ref(&d), Outbox::Send)
            .await
            .unwrap(),
        1
    );
    let all = store.events().await.unwrap();
    assert_eq!(all.len(), events.len() + 1);
    assert_eq!(all.last(), Some(&d));
    store.close();

    // Opening again does not migrate again.
    let store = Store::open(&name).await.expect("reopen");
    assert_eq!(store.events().await.unwrap().len(), events.len() + 1);
}

#[wasm_bindgen_test]
async fn importing_twice_is_the_same_as_importing_once() {
    let name = unique_db("import");
    let events = history();
    let store = Store::open(&name).await.expect("open");
    // One event already present before the import.
    store.append(&events[..1], Outbox::Send).await.unwrap();

    let first = store.import_events(&events, 2).await.expect("import");
    assert_eq!((first.added, first.present), (events.len() - 1, 1));
    let after_once = (
        store.events().await.unwrap(),
        store.tickets().await.unwrap(),
        store.outbox_len().await.unwrap(),
    );

    let second = store.import_events(&events, 4).await.expect("import again");
    assert_eq!((second.added, second.present), (0, events.len()));
    let after_twice = (
        store.events().await.unwrap(),
        store.tickets().await.unwrap(),
        store.outbox_len().await.unwrap(),
    );
    assert_eq!(after_once, after_twice);
    assert_eq!(after_twice.1, expected_tickets(&events));
    assert_eq!(after_twice.2 as usize, events.len());
}

#[wasm_bindgen_test]
async fn attachment_files_round_trip_and_oversized_ones_are_refused() {
    let name = unique_db("attach");
    let store = Store::open(&name).await.expect("open");
    let open = opened(7, "Siete");
    let meta = Attachment {
        id: "att-1".into(),
        name: "captura.png".into(),
        mime: "image/png".into(),
        size: 5,
        sha256: None,
    };
    let bytes = [0x89u8, b'P', b'N', b'G', 0];
    let array = js_sys::Uint8Array::from(&bytes[..]);
    let blob = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&array)).unwrap();
    let added = later(&open, 1, 21, EventKind::AttachmentAdded(meta.clone()));
    let file = NewAttachment {
        ticket_id: open.ticket_id.clone(),
        meta: meta.clone(),
        blob,
    };
    assert_eq!(
        store
            .append_with_files(&[open.clone(), added.clone()], &[file], Outbox::Send)
            .await
            .expect("saved"),
        2
    );

    let stored = store.attachment("att-1").await.unwrap().expect("stored");
    assert_eq!(stored.meta, meta);
    assert_eq!(stored.ticket_id, open.ticket_id);
    let buffer = JsFuture::from(stored.blob.expect("blob").array_buffer())
        .await
        .unwrap();
    assert_eq!(js_sys::Uint8Array::new(&buffer).to_vec(), bytes.to_vec());
    assert_eq!(
        store
            .ticket_attachments(&open.ticket_id)
            .await
            .unwrap()
            .len(),
        1
    );
    assert_eq!(store.attachments().await.unwrap().len(), 1);
    assert_eq!(store.tickets().await.unwrap()[0].attachments, 1);
    assert!(store.attachment("missing").await.unwrap().is_none());

    // Over the limit: refused before anything is written (neither file nor event).
    assert_eq!(check_attachment_size(MAX_ATTACHMENT_BYTES), Ok(()));
    let big = Attachment {
        id: "att-big".into(),
        name: "video.mp4".into(),
        mime: "video/mp4".into(),
        size: MAX_ATTACHMENT_BYTES + 1,
        sha256: None,
    };
    let big_event = later(&open, 2, 22, EventKind::AttachmentAdded(big.clone()));
    let err = store
        .append_with_files(
            &[big_event],
            &[NewAttachment {
                ticket_id: open.ticket_id.clone(),
                meta: big,
                blob: text_blob("x"),
            }],
            Outbox::Send,
        )
        .await
        .unwrap_err();
    assert_eq!(
        err,
        StoreError::AttachmentTooLarge {
            size: MAX_ATTACHMENT_BYTES + 1,
            limit: MAX_ATTACHMENT_BYTES
        }
    );
    assert_eq!(store.events().await.unwrap().len(), 2);
    assert_eq!(store.attachments().await.unwrap().len(), 1);
}

#[wasm_bindgen_test]
async fn a_full_quota_is_a_clear_error_that_loses_nothing_and_does_not_hang() {
    // The mapping of the browser's error itself.
    let quota =
        web_sys::DomException::new_with_message_and_name("full", "QuotaExceededError").unwrap();
    assert_eq!(StoreError::from_dom(&quota), StoreError::QuotaExceeded);
    assert_eq!(StoreError::QuotaExceeded.code(), "quota_exceeded");

    // Headless Chromium gives an origin a quota of a large share of the disk, so this test
    // cannot fill it for real. The store's test hook aborts the real transaction at commit
    // and reports a `QuotaExceededError` DOMException through the same path the browser's
    // `abort` event takes (`tx.error`), so what is checked is: the error kind, that nothing of
    // the failed action was written, that earlier data is intact, and that nothing hangs.
    let name = unique_db("quota");
    let store = Store::open(&name).await.expect("open");
    let first = opened(8, "Ocho");
    store
        .append(std::slice::from_ref(&first), Outbox::Send)
        .await
        .unwrap();

    let second = opened(9, "Nueve");
    store.fail_next_commit_with("QuotaExceededError");
    let err = store
        .append(std::slice::from_ref(&second), Outbox::Send)
        .await
        .unwrap_err();
    assert_eq!(err, StoreError::QuotaExceeded);
    assert_eq!(store.events().await.unwrap(), vec![first.clone()]);
    assert_eq!(
        store.tickets().await.unwrap(),
        fold_all(std::slice::from_ref(&first))
    );
    assert_eq!(store.outbox_len().await.unwrap(), 1);

    // The same quota error on an import batch, and on a settings write.
    store.fail_next_commit_with("QuotaExceededError");
    assert_eq!(
        store.import_events(std::slice::from_ref(&second), 10).await,
        Err(StoreError::QuotaExceeded)
    );
    store.fail_next_commit_with("QuotaExceededError");
    assert_eq!(
        store.set_meta_string("actor", "ana").await,
        Err(StoreError::QuotaExceeded)
    );
    assert_eq!(store.meta_string("actor").await.unwrap(), None);

    // Space freed: the same action succeeds.
    assert_eq!(
        store
            .append(std::slice::from_ref(&second), Outbox::Send)
            .await
            .unwrap(),
        1
    );
    assert_eq!(store.events().await.unwrap(), vec![first, second]);
}

#[wasm_bindgen_test]
async fn an_upgrade_in_another_tab_closes_this_connection_instead_of_blocking() {
    let name = unique_db("versionchange");
    let store = Store::open(&name).await.expect("open");
    store
        .append(&[opened(10, "Diez")], Outbox::Send)
        .await
        .unwrap();
    let told = Rc::new(Cell::new(false));
    let told2 = told.clone();
    store.on_version_change(move || told2.set(true));

    // "Another tab" runs a newer build: version 3.
    let blocked = Rc::new(Cell::new(false));
    let blocked2 = blocked.clone();
    let newer = schema::open_raw(
        &name,
        schema::SCHEMA_VERSION + 1,
        Some(Rc::new(move || blocked2.set(true))),
    )
    .await
    .expect("the upgrade is not blocked");
    assert!(!blocked.get());
    assert!(told.get(), "this tab was told to reload");
    assert!(store.is_closed());
    assert_eq!(store.events().await, Err(StoreError::VersionChanged));
    assert_eq!(newer.version() as u32, schema::SCHEMA_VERSION + 1);
    newer.close();

    // This (older) build can no longer open the newer database: it says so.
    assert_eq!(Store::open(&name).await.err(), Some(StoreError::Outdated));
}

#[wasm_bindgen_test]
async fn an_old_tab_that_blocks_the_upgrade_is_reported_and_the_open_then_completes() {
    let name = unique_db("blocked");
    // An old build's connection that does not close on versionchange.
    let old = schema::open_raw(&name, 1, None).await.expect("v1");

    let blocked = Rc::new(Cell::new(false));
    let result: Rc<RefCell<Option<Result<Store, StoreError>>>> = Rc::new(RefCell::new(None));
    {
        let (blocked, result, name) = (blocked.clone(), result.clone(), name.clone());
        wasm_bindgen_futures::spawn_local(async move {
            let options = OpenOptions {
                on_blocked: Some(Rc::new(move || blocked.set(true))),
            };
            *result.borrow_mut() = Some(Store::open_with(&name, options).await);
        });
    }
    until("the blocked upgrade reported", || blocked.get()).await;
    assert!(result.borrow().is_none(), "still waiting for the old tab");

    old.close(); // the user closes the old tab
    until("the open completed", || result.borrow().is_some()).await;
    let store = result
        .borrow_mut()
        .take()
        .expect("the open completed")
        .expect("opened");
    assert_eq!(
        store.schema_version().await.unwrap(),
        Some(schema::SCHEMA_VERSION)
    );
}

#[wasm_bindgen_test]
async fn storage_estimate_and_persistence_answer() {
    let estimate = mesa::store::estimate().await.expect("estimate");
    assert!(estimate.quota > 0.0);
    assert!(estimate.usage >= 0.0);
    assert!((0.0..=100.0).contains(&estimate.percent()));
    // Headless Chromium answers (usually false); what matters is that it answers.
    let _: bool = mesa::store::persisted().await.expect("persisted");
    let _: bool = mesa::store::request_persist().await.expect("persist");
}

fn engine() -> mesa::domain::engine::Engine {
    let json = mesa::domain::profile::presets()
        .into_iter()
        .find(|(id, _)| *id == "p4-callmyway")
        .map(|(_, json)| json)
        .expect("preset");
    let profile = mesa::domain::profile::ProcessProfile::from_json(json).expect("profile");
    mesa::domain::engine::Engine::new(profile).expect("engine")
}

#[wasm_bindgen_test]
async fn a_version_2_database_upgrades_to_an_empty_queue_cache_trusted_only_when_current() {
    use mesa::domain::queue_summary::{profile_fingerprint, QueueSummary};

    let name = unique_db("migrate-v3");
    let events = history();
    // A database as version 2 created it, with data (version 2 wrote v1-shaped records).
    let v2 = schema::open_raw(&name, 2, None).await.expect("v2 open");
    assert_eq!(v2.version() as u32, 2);
    let tx = write_tx(&v2, &[EVENTS, TICKETS, META]);
    for (i, e) in events.iter().enumerate() {
        tx.object_store(EVENTS)
            .unwrap()
            .put(&to_js(&V1Event {
                seq: i as u64 + 1,
                event: e,
            }))
            .unwrap();
    }
    for t in fold_all(&events) {
        tx.object_store(TICKETS).unwrap().put(&to_js(&t)).unwrap();
    }
    let meta = tx.object_store(META).unwrap();
    meta.put_with_key(&JsValue::from_f64(events.len() as f64), &"seq".into())
        .unwrap();
    completed(&tx).await;
    v2.close();

    // Upgraded: every record kept, the cache empty, so start-up must read everything.
    let store = Store::open(&name).await.expect("open upgrades");
    assert_eq!(
        store.schema_version().await.unwrap(),
        Some(schema::SCHEMA_VERSION)
    );
    assert_eq!(store.events().await.unwrap(), events);
    assert_eq!(store.tickets().await.unwrap(), expected_tickets(&events));
    let engine = engine();
    let profile = profile_fingerprint(&engine.profile().id, &engine.profile().to_json());
    assert_eq!(store.queue_preview(40, &profile).await.unwrap(), None);
    assert_eq!(
        store.queue_summary_ids(&profile).await.unwrap(),
        Some(Vec::new())
    );

    // Summaries of every ticket: the preview lists the ACTIVE ones in the default order.
    let now = chrono::DateTime::from_timestamp_millis(1_792_000_000_000 + 40 * 60_000).unwrap();
    let tickets = store.tickets().await.unwrap();
    let summaries: Vec<QueueSummary> = tickets
        .iter()
        .map(|t| QueueSummary::new(&engine, t, now))
        .collect();
    assert_eq!(
        store
            .put_queue_summaries(&summaries, &profile)
            .await
            .unwrap(),
        tickets.len()
    );
    let preview = store
        .queue_preview(40, &profile)
        .await
        .unwrap()
        .expect("a complete cache is used");
    // Complete: no ticket lacks its summary, and no id is read.
    assert_eq!(store.queue_summary_ids(&profile).await.unwrap(), None);
    let mut expected: Vec<&QueueSummary> = summaries.iter().filter(|s| s.rank.is_some()).collect();
    expected.sort_by(|a, b| a.rank.partial_cmp(&b.rank).unwrap());
    assert_eq!(preview.iter().collect::<Vec<_>>(), expected);
    assert!(preview.iter().all(|s| s.ticket.status.is_active()));
    assert_eq!(
        store
            .queue_preview(1, &profile)
            .await
            .unwrap()
            .unwrap()
            .len(),
        1
    );
    // Another profile's cache is not used.
    assert_eq!(store.queue_preview(40, "other:0").await.unwrap(), None);

    // A new event deletes its ticket's summary in the same transaction: not trusted any more…
    let note = later(
        &events[2],
        50,
        99,
        EventKind::Commented {
            text: "Llamé".into(),
            customer_visible: false,
        },
    );
    store
        .append(std::slice::from_ref(&note), Outbox::Send)
        .await
        .unwrap();
    assert_eq!(store.queue_preview(40, &profile).await.unwrap(), None);
    let mut have: Vec<String> = summaries.iter().map(|s| s.id.clone()).collect();
    have.retain(|id| id.as_str() != note.ticket_id.as_str());
    have.sort();
    assert_eq!(store.queue_summary_ids(&profile).await.unwrap(), Some(have));
    // …and a summary computed before that event is refused (stale), the current one accepted.
    let stale = summaries
        .iter()
        .find(|s| s.id == note.ticket_id.as_str())
        .unwrap()
        .clone();
    assert_eq!(
        store.put_queue_summaries(&[stale], &profile).await.unwrap(),
        0
    );
    assert_eq!(store.queue_preview(40, &profile).await.unwrap(), None);
    let fresh = store
        .tickets()
        .await
        .unwrap()
        .into_iter()
        .find(|t| t.id == note.ticket_id)
        .unwrap();
    let current = QueueSummary::new(&engine, &fresh, now);
    assert_eq!(
        store
            .put_queue_summaries(&[current], &profile)
            .await
            .unwrap(),
        1
    );
    assert!(store.queue_preview(40, &profile).await.unwrap().is_some());

    // #21: the list read again while the old one is held shares its unchanged tickets.
    let held = store.ticket_list().await.unwrap();
    let note = later(
        &events[2],
        60,
        100,
        EventKind::Commented {
            text: "Volví a llamar".into(),
            customer_visible: false,
        },
    );
    store
        .append(std::slice::from_ref(&note), Outbox::Send)
        .await
        .unwrap();
    let again = store.ticket_list_reusing(&held).await.unwrap().tickets;
    assert_eq!(again, store.ticket_list().await.unwrap());
    assert_eq!(again.len(), held.len());
    for (new, old) in again.iter().zip(&held) {
        let changed = new.id == note.ticket_id;
        assert_eq!(
            std::sync::Arc::ptr_eq(new, old),
            !changed,
            "{}",
            new.id.as_str()
        );
        assert_eq!(new == old, !changed);
    }
    store.close();
}

/// #21: the list read from its pages is the projection: the pages' tickets, each changed since
/// (a log record numbered after the pages) replaced by its projection, new ones added, in the
/// list's order. With too many records after the pages, or once the projection is rebuilt, the
/// read takes the whole projection instead, and says the pages are due. Whether they are due
/// is also told without a read, and the projection read in chunks for them is the same list.
#[wasm_bindgen_test]
async fn the_list_read_from_its_pages_is_the_projection_with_every_change_since() {
    use mesa::store::PAGED_FROM;

    let name = unique_db("list-pages");
    let store = Store::open(&name).await.expect("open");
    let mut events: Vec<Event> = (1..=7)
        .map(|n| opened(n, &format!("Cliente {n}")))
        .collect();
    store.append(&events, Outbox::Send).await.unwrap();
    let whole = |events: &[Event]| -> Vec<Ticket> { fold_all(events) };
    let read = store.ticket_list_reusing(&[]).await.unwrap();
    assert_eq!(read.since_pages, None, "no pages yet");
    assert!(
        !read.pages_due(),
        "{} tickets are read whole",
        read.tickets.len()
    );
    // Told without a read too: no pages, so due for a list as long as the paged ones.
    assert!(!store.list_pages_due(read.tickets.len()).await.unwrap());
    assert!(store.list_pages_due(PAGED_FROM).await.unwrap());
    let listed = unshared(&read.tickets);
    assert_eq!(listed, whole(&events));

    // Pages of 3 tickets, one of them marked so that a read from the pages shows it.
    let mut paged = read.tickets.clone();
    let mut marked = (*paged[4]).clone();
    marked.customer = "Leído de la página".into();
    paged[4] = std::sync::Arc::new(marked.clone());
    write_pages_of_three(&store, &paged, read.folded).await;
    let first_watermark = read.folded;

    // A comment on ticket 2 and a new ticket 8, after the pages.
    let note = later(
        &events[1],
        30,
        11,
        EventKind::Commented {
            text: "Sigue sin servicio".into(),
            customer_visible: false,
        },
    );
    events.push(note.clone());
    store.append(&[note], Outbox::Send).await.unwrap();
    events.push(opened(8, "Cliente 8"));
    store.append(&events[8..], Outbox::Send).await.unwrap();
    let read = store.ticket_list_reusing(&[]).await.unwrap();
    assert_eq!(read.since_pages, Some(2));
    assert!(!read.pages_due());
    assert!(
        !store.list_pages_due(PAGED_FROM).await.unwrap(),
        "2 records behind"
    );
    let mut expected = whole(&events);
    let at = expected.iter().position(|t| t.id == marked.id).unwrap();
    expected[at] = marked.clone();
    let listed = unshared(&read.tickets);
    assert_eq!(
        listed, expected,
        "the pages' tickets, the changed one and the new one"
    );
    assert_eq!(listed.len(), 8);

    // Pages holding copies newer than their watermark (the projection read after it, as the
    // writer after a sync reads it): the changed and the new ticket have log records after
    // it, so the read takes them from the projection, each once.
    write_pages_of_three(&store, &read.tickets, first_watermark).await;
    let again = store.ticket_list_reusing(&[]).await.unwrap();
    assert_eq!(again.since_pages, Some(2));
    assert_eq!(unshared(&again.tickets), expected, "no ticket twice");

    // Pages written by a version without the search index are due, read or not.
    let pages: Vec<JsValue> = read
        .tickets
        .chunks(3)
        .map(|c| mesa::store::list_page_text(c).unwrap())
        .collect();
    store
        .write_list_pages(read.folded, &pages, &[])
        .await
        .unwrap();
    let unindexed = store.ticket_list_reusing(&[]).await.unwrap();
    assert_eq!(unindexed.since_pages, Some(0));
    assert!(!unindexed.indexed);
    assert!(unindexed.pages_due(), "no search index");
    assert!(store.list_pages_due(8).await.unwrap());

    // Rebuilding the projection clears the pages: the read is the projection again.
    store.rebuild_projection().await.unwrap();
    let read = store.ticket_list_reusing(&[]).await.unwrap();
    assert_eq!(read.since_pages, None);
    let listed = unshared(&read.tickets);
    assert_eq!(listed, whole(&events));

    // Pages again, then more records after them than a read gathers one by one.
    write_pages_of_three(&store, &read.tickets, read.folded).await;
    let many: Vec<Event> = (100..100 + PAGED_FROM as i64 + 1)
        .map(|n| opened(n, "Importado"))
        .collect();
    store.import_events(&many, 100).await.unwrap();
    events.extend(many);
    let read = store.ticket_list_reusing(&[]).await.unwrap();
    assert_eq!(read.since_pages, None, "too many changes: read whole");
    assert!(read.pages_due(), "{} tickets", read.tickets.len());
    assert!(store.list_pages_due(read.tickets.len()).await.unwrap());
    let listed = unshared(&read.tickets);
    assert_eq!(listed, whole(&events));

    // Read for the pages after a sync (500 projections a request, 5 requests in one
    // transaction): the same list at the same watermark, the held tickets shared.
    let (chunked, folded) = store.projection_for_pages(&read.tickets).await.unwrap();
    assert_eq!(folded, read.folded);
    assert_eq!(chunked, read.tickets);
    assert!(chunked
        .iter()
        .zip(&read.tickets)
        .all(|(a, b)| std::sync::Arc::ptr_eq(a, b)));
    let (chunked, _) = store.projection_for_pages(&[]).await.unwrap();
    assert_eq!(unshared(&chunked), whole(&events), "with nothing held");

    // Written again (670 pages, read over several requests), then read from them.
    write_pages_of_three(&store, &read.tickets, read.folded).await;
    let again = store.ticket_list_reusing(&read.tickets).await.unwrap();
    assert_eq!(again.since_pages, Some(0));
    assert!(!again.pages_due());
    assert!(!store.list_pages_due(again.tickets.len()).await.unwrap());
    assert_eq!(again.tickets, read.tickets);
    assert!(
        again
            .tickets
            .iter()
            .zip(&read.tickets)
            .all(|(a, b)| std::sync::Arc::ptr_eq(a, b)),
        "every unchanged ticket is the held list's"
    );
    store.close();
}

/// Writes `tickets` as the list's pages, three tickets each, read at watermark `folded`.
async fn write_pages_of_three(store: &Store, tickets: &[std::sync::Arc<Ticket>], folded: u64) {
    let pages: Vec<JsValue> = tickets
        .chunks(3)
        .map(|c| mesa::store::list_page_text(c).unwrap())
        .collect();
    let index = [mesa::store::search_index_page(&[])];
    store
        .write_list_pages(folded, &pages, &index)
        .await
        .unwrap();
}

/// A list's tickets as plain values.
fn unshared(tickets: &[std::sync::Arc<Ticket>]) -> Vec<Ticket> {
    tickets.iter().map(|t| (**t).clone()).collect()
}

/// #16: a picked file is hashed in slices; the same bytes attached twice are stored once, by
/// their hash, beside each attachment's metadata; the bytes' record says whether the endpoint
/// holds them and which event announced them; downloaded bytes are stored as on the endpoint.
#[wasm_bindgen_test]
async fn attachment_bytes_are_stored_once_by_their_sha256() {
    use mesa::domain::content_hash::ContentHash;
    use mesa::store::hash_blob;

    // Hashing in slices of 1 MiB gives the hash of the whole (3 MiB + 5 bytes here).
    let big: Vec<u8> = (0..3 * 1024 * 1024 + 5).map(|i| (i % 251) as u8).collect();
    let array = js_sys::Uint8Array::from(&big[..]);
    let blob = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&array)).unwrap();
    assert_eq!(hash_blob(&blob).await.unwrap(), ContentHash::of(&big));
    // How long a 10 MiB photo takes to hash here (printed, not asserted).
    let photo = vec![7u8; 10 * 1024 * 1024];
    let array = js_sys::Uint8Array::from(&photo[..]);
    let photo_blob =
        web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&array)).unwrap();
    let start = js_sys::Date::now();
    let photo_hash = hash_blob(&photo_blob).await.unwrap();
    let ms = js_sys::Date::now() - start;
    console_log!("hash_blob of 10 MiB: {ms} ms (sha2 in wasm, opt-level 3 in test builds)");
    assert_eq!(photo_hash, ContentHash::of(&photo));

    let name = unique_db("blobs");
    let store = Store::open(&name).await.expect("open");
    let open = opened(8, "Ocho");
    let bytes = b"\x89PNG-same-bytes".to_vec();
    let hash = ContentHash::of(&bytes);
    let file = |id: &str| {
        let array = js_sys::Uint8Array::from(&bytes[..]);
        NewAttachment {
            ticket_id: open.ticket_id.clone(),
            meta: Attachment {
                id: id.into(),
                name: format!("{id}.png"),
                mime: "image/png".into(),
                size: bytes.len() as u64,
                sha256: Some(hash.to_string()),
            },
            blob: web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(&array)).unwrap(),
        }
    };
    let (one, two) = (file("att-a"), file("att-b"));
    let first = later(&open, 1, 31, EventKind::AttachmentAdded(one.meta.clone()));
    let second = later(&open, 2, 32, EventKind::AttachmentAdded(two.meta.clone()));
    store
        .append_with_files(&[open.clone(), first.clone()], &[one], Outbox::Send)
        .await
        .expect("first saved");
    store
        .append_with_files(std::slice::from_ref(&second), &[two], Outbox::Send)
        .await
        .expect("second saved");

    // Two attachments listed, each with its file; one copy of the bytes.
    let listed = store.ticket_attachments(&open.ticket_id).await.unwrap();
    assert_eq!(listed.len(), 2);
    for record in &listed {
        assert_eq!(record.meta.sha256.as_deref(), Some(hash.as_str()));
        let buffer = JsFuture::from(record.blob.as_ref().expect("file").array_buffer())
            .await
            .unwrap();
        assert_eq!(js_sys::Uint8Array::new(&buffer).to_vec(), bytes);
    }
    assert_eq!(store.attachments().await.unwrap().len(), 2);
    let held = store.held_blobs().await.unwrap();
    assert_eq!(held.len(), 1, "the same bytes are stored once");
    assert_eq!(held[0].hash, hash);
    assert!(!held[0].uploaded);
    assert_eq!(
        held[0].event.as_ref(),
        Some(&second.id),
        "announced by the last save"
    );
    store.mark_blob_uploaded(&hash).await.unwrap();
    assert!(store.held_blobs().await.unwrap()[0].uploaded);

    // Bytes downloaded for another file (a `Blob` as a response gives it, of no type here):
    // stored as on the endpoint, typed as its event says, readable by hash.
    let other = b"log line\n".to_vec();
    let other_hash = ContentHash::of(&other);
    assert!(store.blob(&other_hash).await.unwrap().is_none());
    let received = web_sys::Blob::new_with_u8_array_sequence(&js_sys::Array::of1(
        &js_sys::Uint8Array::from(other.as_slice()),
    ))
    .unwrap();
    assert_eq!(
        mesa::sync::browser::digest::sha256(&received)
            .await
            .unwrap(),
        other_hash,
        "WebCrypto's hash is the domain's"
    );
    store
        .put_downloaded_blob(&other_hash, "text/plain", &received)
        .await
        .unwrap();
    let blob = store.blob(&other_hash).await.unwrap().expect("stored");
    assert_eq!(blob.type_(), "text/plain");
    let buffer = JsFuture::from(blob.array_buffer()).await.unwrap();
    assert_eq!(js_sys::Uint8Array::new(&buffer).to_vec(), other);
    let held = store.held_blobs().await.unwrap();
    assert!(held.iter().all(|h| h.uploaded));
    assert_eq!(held.len(), 2);
    store.close();
}
