//! Moving the event log of schema versions 1–4 (the `events` store, one record per event) into
//! the `log` of version 5 ([`super::log`]), when a version-5 store opens: a batch of records per
//! transaction, lowest local number first, each moved record added to the log and deleted from
//! `events` in the same transaction. So every event is in exactly one of the two stores at any
//! moment, and a tab closed part-way leaves the rest for its next open. Each event keeps its
//! local sequence number (a record of its own, reserving just that number), its outbox mark,
//! its chain position and its signature: the watermark and the outbox count stay right.
//!
//! Before that, a database from before version 4 gets its outbox moved into its event records
//! ([`super::outbox::move_legacy_outbox`]) and its watermark started at its last event, with
//! the outbox counted once (its projection was written with its events).
//!
//! Only a database from before version 5 needs this, once: in the `split` build it is a module
//! of its own ([`crate::split_fn!`]), fetched then, and never by a new desk's first load.

use std::future::Future;
use std::pin::Pin;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use web_sys::IdbDatabase;

use super::error::StoreError;
use super::idb::{dom_error, fire, issue, Tx};
use super::outbox::move_legacy_outbox;
use super::schema::{EVENTS, LOG, META, OUTBOX, PENDING};
use super::watermark::{self, Marks};
use super::write::{cursor_key, last_key};
use super::Store;

/// The move under way.
type Moving = Pin<Box<dyn Future<Output = Result<u64, StoreError>>>>;

crate::split_fn!(
    store_log_move,
    fn moving(db: IdbDatabase) -> Moving {
        Box::pin(async move {
            start_old_watermark(&db).await?;
            move_all(db).await
        })
    }
);

/// Event records moved per transaction.
const MOVE_BATCH: u32 = 2_000;

fn get(record: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(record, &JsValue::from_str(name))
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn set(record: &Object, name: &str, value: &JsValue) -> Result<(), StoreError> {
    Reflect::set(record, &JsValue::from_str(name), value)
        .map(drop)
        .map_err(dom_error)
}

/// The log record holding the version-4 event record `event` alone.
fn record_of(event: &JsValue) -> Result<(JsValue, Object), StoreError> {
    let seq = get(event, "seq").ok_or_else(|| corrupt("seq"))?;
    let id = get(event, "id").ok_or_else(|| corrupt("id"))?;
    let record = Object::new();
    set(&record, "seq", &seq)?;
    set(&record, "end", &seq)?;
    set(
        &record,
        "ticket_id",
        &get(event, "ticket_id").ok_or_else(|| corrupt("ticket_id"))?,
    )?;
    set(&record, "ids", &Array::of1(&id))?;
    if let Some(hlc) = get(event, "hlc") {
        set(&record, "hlc", &hlc)?;
    }
    if get(event, "pending").is_some() {
        set(&record, "pending", &Array::of1(&seq))?;
    }
    if let Some(own) = get(event, "own") {
        set(&record, "own", &Array::of1(&own))?;
    }
    set(&record, "events", &Array::of1(event))?;
    Ok((id, record))
}

fn corrupt(field: &str) -> StoreError {
    StoreError::Corrupt(format!("a stored event without its {field}"))
}

impl Store {
    /// Upgrades the event log of a database from before version 5 (see the module's text).
    /// Returns how many events it moved.
    pub(super) async fn upgrade_old_log(&self) -> Result<u64, StoreError> {
        match moving(self.raw_db()?).await {
            Ok(moving) => moving.await,
            Err(_) => Err(StoreError::Other(
                "the code that moves the event log could not be loaded".into(),
            )),
        }
    }
}

/// Moves a legacy outbox into the event records and, in a database from before version 4,
/// starts the watermark at the last event with the outbox counted once (one transaction).
async fn start_old_watermark(db: &IdbDatabase) -> Result<(), StoreError> {
    let tx = Tx::write(db, &[OUTBOX, EVENTS, META])?;
    let meta = tx.store(META)?;
    let marks = Marks::issue(&meta)?;
    let events = tx.store(EVENTS)?;
    let top = last_key(&events, "seq")?;
    move_legacy_outbox(&tx).await?;
    let top = cursor_key(&top.result().await?)
        .and_then(|k| k.as_f64())
        .unwrap_or(0.0) as u64;
    if marks.read().await?.folded.is_none() {
        let pending = events.index(PENDING).map_err(dom_error)?;
        let count = issue(pending.count())?.result().await?;
        watermark::put(&meta, top, count.as_f64().unwrap_or(0.0) as u64)?;
    }
    tx.commit().await
}

/// Moves the `events` records into the log, a batch per transaction, until none is left.
async fn move_all(db: IdbDatabase) -> Result<u64, StoreError> {
    let mut moved = 0;
    loop {
        let tx = Tx::write(&db, &[EVENTS, LOG])?;
        let events = tx.store(EVENTS)?;
        let log = tx.store(LOG)?;
        let index = events.index("seq").map_err(dom_error)?;
        let batch: Array = issue(index.get_all_with_key_and_limit(&JsValue::NULL, MOVE_BATCH))?
            .result()
            .await?
            .unchecked_into();
        for event in batch.iter() {
            let (id, record) = record_of(&event)?;
            fire(log.add(&record))?;
            fire(events.delete(&id))?;
        }
        tx.commit().await?;
        moved += u64::from(batch.length());
        if batch.length() < MOVE_BATCH {
            return Ok(moved);
        }
    }
}
