//! The outbox (#21): the events not yet acknowledged by a sync endpoint are the events marked
//! `pending` (their local sequence number) in their log record, whose `pending` list holds
//! those numbers, listed in order by the multi-entry `pending` index; the endpoint's reason for
//! refusing one is kept beside the mark (`rejected`). Saving an event puts it in the outbox in
//! the same record; acknowledging removes the mark. The count
//! is kept in `meta` with the watermark ([`super::watermark`]), never counted again.
//!
//! Databases of versions 1–3 kept the outbox in a store of its own: [`move_legacy_outbox`]
//! moves its entries into their records, in one transaction, when a version-4 store opens.

use js_sys::Reflect;
use wasm_bindgen::prelude::*;

use super::error::StoreError;
use super::idb::{dom_error, fire, issue, Tx};
use super::log::{entry, events_of, holding, remove_pending, unique_records};
use super::schema::{EVENTS, LOG, META, OUTBOX, PENDING};
use super::watermark::{self, Marks};
use super::write::StoredEvent;
use super::{Store, StoreError as E};
use crate::domain::event::{Event, EventId};

const PENDING_FIELD: &str = "pending";
const REJECTED_FIELD: &str = "rejected";

fn field(record: &JsValue, name: &str) -> JsValue {
    Reflect::get(record, &JsValue::from_str(name)).unwrap_or(JsValue::UNDEFINED)
}

fn has(record: &JsValue, name: &str) -> bool {
    let value = field(record, name);
    !value.is_undefined() && !value.is_null()
}

fn set_field(record: &JsValue, name: &str, value: &JsValue) -> Result<(), E> {
    Reflect::set(record, &JsValue::from_str(name), value)
        .map(drop)
        .map_err(dom_error)
}

fn delete_field(record: &JsValue, name: &str) -> Result<(), E> {
    Reflect::delete_property(
        record.unchecked_ref::<js_sys::Object>(),
        &JsValue::from_str(name),
    )
    .map(drop)
    .map_err(dom_error)
}

/// Moves the entries of the version 1–3 `outbox` store into their event records (in `tx`, over
/// `outbox` and `events`) and empties it. Returns how many were moved.
pub(crate) async fn move_legacy_outbox(tx: &Tx) -> Result<u64, StoreError> {
    let outbox = tx.store(OUTBOX)?;
    let events = tx.store(EVENTS)?;
    let entries: js_sys::Array = issue(outbox.get_all())?.result().await?.unchecked_into();
    if entries.length() == 0 {
        return Ok(0);
    }
    let reads = entries
        .iter()
        .map(|entry| issue(events.get(&field(&entry, "id"))))
        .collect::<Result<Vec<_>, _>>()?;
    let mut moved = 0;
    for (entry, read) in entries.iter().zip(reads) {
        let record = read.result().await?;
        if record.is_undefined() {
            continue;
        }
        set_field(&record, PENDING_FIELD, &field(&record, "seq"))?;
        let reason = field(&entry, REJECTED_FIELD);
        if reason.as_string().is_some() {
            set_field(&record, REJECTED_FIELD, &reason)?;
        }
        fire(events.put(&record))?;
        moved += 1;
    }
    fire(outbox.clear())?;
    Ok(moved)
}

impl Store {
    /// The events waiting in the outbox, oldest first (by local sequence number).
    pub async fn outbox_events(&self) -> Result<Vec<Event>, StoreError> {
        Ok(self
            .outbox_records()
            .await?
            .into_iter()
            .map(|s| s.event)
            .collect())
    }

    /// The outbox events the endpoint refused last time they were pushed, with its reason,
    /// oldest first.
    pub async fn outbox_rejections(&self) -> Result<Vec<(Event, String)>, StoreError> {
        Ok(self
            .outbox_records()
            .await?
            .into_iter()
            .filter_map(|s| s.rejected.map(|r| (s.event, r)))
            .collect())
    }

    async fn outbox_records(&self) -> Result<Vec<StoredEvent>, StoreError> {
        let tx = self.write_raw(&[LOG])?;
        let index = tx.store(LOG)?.index(PENDING).map_err(dom_error)?;
        let records = issue(index.get_all())?.result().await?;
        tx.commit().await?;
        let mut pending: Vec<StoredEvent> = events_of(unique_records(records).into())?
            .into_iter()
            .filter(|s| s.pending.is_some())
            .collect();
        pending.sort_by_key(|s| s.seq);
        Ok(pending)
    }

    /// How many events wait in the outbox for a sync endpoint (kept, not counted).
    pub async fn outbox_len(&self) -> Result<u32, StoreError> {
        let tx = self.write_raw(&[META])?;
        let marks = Marks::issue(&tx.store(META)?)?.read().await?;
        tx.commit().await?;
        Ok(marks.outbox as u32)
    }

    /// Removes acknowledged events from the outbox (one transaction).
    pub async fn ack_outbox(&self, ids: &[EventId]) -> Result<(), StoreError> {
        if ids.is_empty() {
            return Ok(());
        }
        let mut seen = std::collections::HashSet::new();
        let ids: Vec<&str> = ids
            .iter()
            .filter(|id| seen.insert(*id))
            .map(EventId::as_str)
            .collect();
        let tx = self.write_raw(&[LOG, META])?;
        let log = tx.store(LOG)?;
        let meta = tx.store(META)?;
        let marks = Marks::issue(&meta)?;
        let held = holding(&log, &ids).await?;
        let marks = marks.read().await?;
        let mut behind = 0;
        for (record, ids) in held {
            let mut changed = false;
            for event in ids.iter().filter_map(|id| entry(&record, id)) {
                if !has(&event, PENDING_FIELD) {
                    continue;
                }
                let seq = field(&event, "seq");
                if marks
                    .folded
                    .is_some_and(|w| seq.as_f64().unwrap_or(0.0) as u64 <= w)
                {
                    behind += 1;
                }
                delete_field(&event, PENDING_FIELD)?;
                delete_field(&event, REJECTED_FIELD)?;
                remove_pending(&record, &seq)?;
                changed = true;
            }
            if changed {
                fire(log.put(&record))?;
            }
        }
        if let (Some(w), true) = (marks.folded, behind > 0) {
            watermark::put(&meta, w, marks.outbox.saturating_sub(behind))?;
        }
        self.commit_raw(tx).await
    }

    /// Records, on their outbox entries, why the endpoint refused these events (one
    /// transaction). They stay in the outbox; events already acknowledged are left alone.
    pub async fn mark_rejected(&self, refused: &[(EventId, String)]) -> Result<(), StoreError> {
        if refused.is_empty() {
            return Ok(());
        }
        let tx = self.write_raw(&[LOG])?;
        let log = tx.store(LOG)?;
        let ids: Vec<&str> = refused.iter().map(|(id, _)| id.as_str()).collect();
        for (record, ids) in holding(&log, &ids).await? {
            let mut changed = false;
            for id in ids {
                let Some(event) = entry(&record, id).filter(|e| has(e, PENDING_FIELD)) else {
                    continue;
                };
                let reason = refused
                    .iter()
                    .find(|(r, _)| r.as_str() == id)
                    .map(|(_, r)| r);
                if let Some(reason) = reason {
                    set_field(&event, REJECTED_FIELD, &JsValue::from_str(reason))?;
                    changed = true;
                }
            }
            if changed {
                fire(log.put(&record))?;
            }
        }
        self.commit_raw(tx).await
    }
}
