//! The IndexedDB schema and its versioned migrations. No version deletes a store that holds
//! user data (version 6 deletes indexes nothing reads), and every step runs inside the browser's
//! `versionchange` transaction, so an upgrade either completes entirely or leaves the previous
//! version untouched.
//!
//! The upgrade is done with `web_sys` directly (see [`open_raw`]) because a step that changes an
//! existing store (v2 adds an index to `attachments`) needs the `versionchange` transaction,
//! which `indexed_db_futures`' upgrade callback does not expose.
//!
//! | version | change |
//! |---|---|
//! | 1 | `events` (key `id`; indexes `ticket_id`, unique `seq`), `tickets` (key `id`; queue indexes), `attachments` (key `id`), `meta`, `outbox` (key `id`) |
//! | 2 | `attachments` index `ticket_id`; `meta.schema_version` written |
//! | 3 | `queue` (key `id`; index `rank`): the queue-row summaries, a rebuildable cache |
//! | 4 | `events` indexes `pending` (sparse: the outbox, by local sequence), `hlc` (the newest clock) and unique sparse `own` (this device's chain positions); the `outbox` entries move into their event records when the store opens ([`super::outbox`]) |
//! | 5 | `log` (key `seq`): the event log as records of one ticket's events each (a user action's, or an import batch's or pulled page's), indexes `ticket_id`, unique `end`, unique multi-entry `ids`, `hlc`, multi-entry `pending`, unique multi-entry `own`; the `events` records move into it when the store opens ([`super::log_move`]) |
//! | 6 | `tickets` loses its eight queue indexes: the queue reads its summaries (`queue`), and no code ever read them, while every projection written kept them up to date |
//! | 7 | no store changes: the projection is written without its empty values, which a build before it cannot read |
//! | 8 | `list` (out-of-line keys): the ticket list in pages of JSON text, a rebuildable cache ([`super::list_pages`]) |

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbIndexParameters, IdbObjectStoreParameters, IdbOpenDbRequest, IdbTransaction,
    IdbVersionChangeEvent,
};

use super::error::StoreError;

/// The schema version this build writes.
///
/// Version 7 changes no store: the ticket projection is written without its empty values (#21),
/// which a build before it cannot read, so the version change tells that build's open tabs to
/// close (a build of version 7 reads the projections of every version). Version 8 adds [`LIST`].
pub const SCHEMA_VERSION: u32 = 8;

/// The event log of versions 1–4, one record per event; moved into [`LOG`] when a version-5
/// store opens, and kept (empty) since no migration removes a store.
pub const EVENTS: &str = "events";
/// The event log (version 5): each record holds one ticket's (or desk record's) events written
/// together, and reserves a range of local sequence numbers (see [`super::write`]).
pub const LOG: &str = "log";
pub const TICKETS: &str = "tickets";
pub const ATTACHMENTS: &str = "attachments";
pub const META: &str = "meta";
/// The outbox of versions 1–3 (events not yet acknowledged), emptied into the event records
/// when a version-4 store opens; kept (never deleted) so no migration removes user data.
pub const OUTBOX: &str = "outbox";
/// Queue-row summaries (a derived cache, see [`crate::domain::queue_summary`]).
pub const QUEUE: &str = "queue";
/// The ticket list in pages (version 8; a derived cache, see [`super::list_pages`]).
pub const LIST: &str = "list";

/// The `meta` key holding the schema version the data was last migrated to.
pub const META_SCHEMA_VERSION: &str = "schema_version";
/// The `meta` key of the watermark: every event with a local sequence up to it is folded into
/// the projection (see [`super::derive`]). Absent in a database from before version 4, whose
/// projection was written with its events.
pub const META_FOLDED: &str = "folded_seq";
/// The `meta` key of how many folded events (sequence up to the watermark) wait in the outbox.
pub const META_OUTBOX_COUNT: &str = "outbox_count";
/// The `meta` key saying the queue's summary cache holds a summary of every ticket (`true`),
/// set by the writer of the summaries when it counts as many as tickets, cleared by every
/// transaction that writes a projection: the queue's first screen trusts the cache without
/// counting two stores at start-up.
pub const META_QUEUE_COMPLETE: &str = "queue_complete";

/// `log` (and v4 `events`) index of the outbox: a record lists the local sequence numbers of
/// its events not yet acknowledged in `pending` (multi-entry), so the index lists exactly the
/// outbox, oldest first, one entry per event.
pub const PENDING: &str = "pending";
/// `log` (and v4 `events`) index of the clock (zero-padded text, so its order is the clock's);
/// a record's is its newest event's.
pub const HLC: &str = "hlc";
/// `log` (and v4 `events`) unique index of this device's chain positions (`own`), so two tabs
/// of one device can never store two events at one position of its chain.
pub const OWN: &str = "own";
/// `log` unique multi-entry index of the ids of the events this device wrote or imported (a
/// pulled record lists none, see [`super::log`]).
pub const IDS: &str = "ids";
/// `log` and `events` index of the ticket (or desk record) the events belong to.
pub const TICKET_ID: &str = "ticket_id";
/// `log` unique index of the last local sequence number each record reserves.
pub const END: &str = "end";

/// The ticket fields version 1 indexed `tickets` by, for a queue that was to filter and sort
/// through them; no code reads them, and version 6 deletes them.
pub const TICKET_INDEXES: [&str; 8] = [
    "status",
    "severity",
    "level",
    "assignee",
    "customer",
    "site",
    "opened_at",
    "next_deadline",
];

/// Brings a database at `old_version` up to `target`, one step at a time, inside the
/// `versionchange` transaction `tx`.
pub fn migrate(
    db: &IdbDatabase,
    tx: &IdbTransaction,
    old_version: u32,
    target: u32,
) -> Result<(), JsValue> {
    if old_version < 1 && target >= 1 {
        v1(db)?;
    }
    if old_version < 2 && target >= 2 {
        v2(tx)?;
    }
    if old_version < 3 && target >= 3 {
        v3(db)?;
    }
    if old_version < 4 && target >= 4 {
        v4(tx, old_version == 0)?;
    }
    if old_version < 5 && target >= 5 {
        v5(db)?;
    }
    if old_version < 6 && target >= 6 {
        v6(tx)?;
    }
    if old_version < 8 && target >= 8 && !db.object_store_names().contains(LIST) {
        // Version 8: the list's pages, empty until the app first writes them.
        db.create_object_store(LIST)?;
    }
    // Every version from 2 on records itself (in the same transaction as its steps).
    if target >= 2 {
        tx.object_store(META)?.put_with_key(
            &JsValue::from_f64(f64::from(target)),
            &JsValue::from_str(META_SCHEMA_VERSION),
        )?;
    }
    Ok(())
}

fn key_path(path: &str) -> IdbObjectStoreParameters {
    let params = IdbObjectStoreParameters::new();
    params.set_key_path(&JsValue::from_str(path));
    params
}

/// Version 1: the event log, the ticket projection, attachments, meta and the sync outbox.
fn v1(db: &IdbDatabase) -> Result<(), JsValue> {
    let events = db.create_object_store_with_optional_parameters(EVENTS, &key_path("id"))?;
    events.create_index_with_str("ticket_id", "ticket_id")?;
    let unique = IdbIndexParameters::new();
    unique.set_unique(true);
    events.create_index_with_str_and_optional_parameters("seq", "seq", &unique)?;

    let tickets = db.create_object_store_with_optional_parameters(TICKETS, &key_path("id"))?;
    for field in TICKET_INDEXES {
        tickets.create_index_with_str(field, field)?;
    }

    db.create_object_store_with_optional_parameters(ATTACHMENTS, &key_path("id"))?;
    db.create_object_store(META)?;
    db.create_object_store_with_optional_parameters(OUTBOX, &key_path("id"))?;
    Ok(())
}

/// Version 2: attachments can be listed per ticket; the schema version is recorded in `meta`.
/// Existing records are untouched (the new index is built by the browser from them).
fn v2(tx: &IdbTransaction) -> Result<(), JsValue> {
    let attachments = tx.object_store(ATTACHMENTS)?;
    if !attachments.index_names().contains("ticket_id") {
        attachments.create_index_with_str("ticket_id", "ticket_id")?;
    }
    Ok(())
}

/// Version 3: the `queue` store of queue-row summaries, active ones indexed by `rank`
/// (next deadline, then newest). It starts empty: the app rebuilds it from the events after
/// its first full load. Existing records are untouched.
fn v3(db: &IdbDatabase) -> Result<(), JsValue> {
    if !db.object_store_names().contains(QUEUE) {
        let queue = db.create_object_store_with_optional_parameters(QUEUE, &key_path("id"))?;
        queue.create_index_with_str("rank", "rank")?;
    }
    Ok(())
}

/// Version 4 (#21, the event is the one synchronous write): the outbox, the newest clock and
/// the device's chain positions become indexes of `events`, so a user action writes its event
/// records and nothing else. The browser builds the indexes from the stored records; the old
/// `outbox` store is emptied into the records when the store opens. A new database starts with
/// its watermark at 0 and an empty outbox.
fn v4(tx: &IdbTransaction, fresh: bool) -> Result<(), JsValue> {
    let events = tx.object_store(EVENTS)?;
    let names = events.index_names();
    if !names.contains(PENDING) {
        events.create_index_with_str(PENDING, PENDING)?;
    }
    if !names.contains(HLC) {
        events.create_index_with_str(HLC, HLC)?;
    }
    if !names.contains(OWN) {
        let unique = IdbIndexParameters::new();
        unique.set_unique(true);
        events.create_index_with_str_and_optional_parameters(OWN, OWN, &unique)?;
    }
    let meta = tx.object_store(META)?;
    if fresh {
        meta.put_with_key(&JsValue::from_f64(0.0), &JsValue::from_str(META_FOLDED))?;
        meta.put_with_key(
            &JsValue::from_f64(0.0),
            &JsValue::from_str(META_OUTBOX_COUNT),
        )?;
    }
    Ok(())
}

/// Version 5 (#21, imports and pulls at the speed of few records): the `log` store, whose
/// records hold several events of one ticket each. It starts empty; the `events` records move
/// into it when the store opens, a batch per transaction ([`super::log_move`]).
fn v5(db: &IdbDatabase) -> Result<(), JsValue> {
    if !db.object_store_names().contains(LOG) {
        let log = db.create_object_store_with_optional_parameters(LOG, &key_path("seq"))?;
        log.create_index_with_str(TICKET_ID, TICKET_ID)?;
        log.create_index_with_str(HLC, HLC)?;
        let unique = IdbIndexParameters::new();
        unique.set_unique(true);
        log.create_index_with_str_and_optional_parameters(END, END, &unique)?;
        let multi = IdbIndexParameters::new();
        multi.set_multi_entry(true);
        log.create_index_with_str_and_optional_parameters(PENDING, PENDING, &multi)?;
        let unique_multi = IdbIndexParameters::new();
        unique_multi.set_multi_entry(true);
        unique_multi.set_unique(true);
        log.create_index_with_str_and_optional_parameters(IDS, IDS, &unique_multi)?;
        log.create_index_with_str_and_optional_parameters(OWN, OWN, &unique_multi)?;
    }
    Ok(())
}

/// Version 6 (#21, the derive pass of imports and pulls): `tickets` without the indexes no
/// code reads, which made every projection write several index writes.
fn v6(tx: &IdbTransaction) -> Result<(), JsValue> {
    let tickets = tx.object_store(TICKETS)?;
    let names = tickets.index_names();
    // Through `Reflect`: a binding of `deleteIndex` for this one call would cost the first
    // load about as much as its goal's margin.
    let delete = js_sys::Reflect::get(&tickets, &JsValue::from_str("deleteIndex"))?;
    let delete: &js_sys::Function = delete.unchecked_ref();
    for field in TICKET_INDEXES {
        if names.contains(field) {
            delete.call1(&tickets, &JsValue::from_str(field))?;
        }
    }
    Ok(())
}

/// Opens `name` at `version` with raw `web_sys`, running [`migrate`] in the `versionchange`
/// transaction when the stored version is older, and returns the open connection.
///
/// `on_blocked` is called when another connection (typically a tab still running an older
/// build that does not close on `versionchange`) holds the database open: the open then waits
/// until that connection closes — the caller should tell the user to close or reload that tab.
///
/// Exposed (hidden) so browser tests can create a database at an older version.
#[doc(hidden)]
pub async fn open_raw(
    name: &str,
    version: u32,
    on_blocked: Option<Rc<dyn Fn()>>,
) -> Result<IdbDatabase, StoreError> {
    let factory = web_sys::window()
        .ok_or_else(|| StoreError::Unavailable("no window".into()))?
        .indexed_db()
        .map_err(|e| StoreError::Unavailable(js_text(&e)))?
        .ok_or_else(|| StoreError::Unavailable("indexedDB is null".into()))?;
    let request: IdbOpenDbRequest = factory
        .open_with_u32(name, version)
        .map_err(|e| StoreError::Unavailable(js_text(&e)))?;

    let upgrade_error: Rc<RefCell<Option<String>>> = Rc::new(RefCell::new(None));
    let on_upgrade = {
        let request = request.clone();
        let upgrade_error = upgrade_error.clone();
        Closure::<dyn FnMut(IdbVersionChangeEvent)>::new(move |event: IdbVersionChangeEvent| {
            let old = event.old_version() as u32;
            let step = || -> Result<(), JsValue> {
                let db: IdbDatabase = request.result()?.dyn_into()?;
                let tx = request
                    .transaction()
                    .ok_or_else(|| JsValue::from_str("no versionchange transaction"))?;
                if let Err(e) = migrate(&db, &tx, old, version) {
                    let _ = tx.abort();
                    return Err(e);
                }
                Ok(())
            };
            if let Err(e) = step() {
                *upgrade_error.borrow_mut() = Some(js_text(&e));
            }
        })
    };
    request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let on_blocked_cb = Closure::<dyn FnMut()>::new(move || {
        if let Some(cb) = &on_blocked {
            cb();
        }
    });
    request.set_onblocked(Some(on_blocked_cb.as_ref().unchecked_ref()));

    let done = js_sys::Promise::new(&mut |resolve, reject| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&reject));
    });
    let outcome = JsFuture::from(done).await;
    request.set_onupgradeneeded(None);
    request.set_onblocked(None);
    request.set_onsuccess(None);
    request.set_onerror(None);
    drop(on_upgrade);
    drop(on_blocked_cb);

    if let Some(e) = upgrade_error.borrow_mut().take() {
        return Err(StoreError::Other(format!("migration failed: {e}")));
    }
    match outcome {
        Ok(_) => request
            .result()
            .and_then(|r| r.dyn_into::<IdbDatabase>())
            .map_err(|e| StoreError::Other(js_text(&e))),
        Err(_) => Err(match request.error() {
            Ok(Some(e)) => StoreError::from_dom(&e),
            _ => StoreError::Other("the database could not be opened".into()),
        }),
    }
}

/// A readable text for a thrown JS value.
pub(crate) fn js_text(value: &JsValue) -> String {
    if let Some(e) = value.dyn_ref::<web_sys::DomException>() {
        return format!("{}: {}", e.name(), e.message());
    }
    if let Some(e) = value.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    value.as_string().unwrap_or_else(|| format!("{value:?}"))
}
