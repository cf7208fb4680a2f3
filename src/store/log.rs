//! The event log's records (schema version 5, #21). A record of the `log` store holds the events
//! of ONE ticket (or desk record) written together — a user action's, or an import batch's or a
//! pulled page's — and reserves the local sequence numbers `seq..=end`:
//!
//! ```text
//! { seq: 41, end: 43, ticket_id: "01J…", ids: ["01K…", …], hlc: "<newest clock>",
//!   pending: [41, 43], own: [17], events: [ { seq: 41, pending: 41, …event }, … ] }
//! ```
//!
//! Records tile the numbers with no gap: a writer numbers after the highest `end` stored, and a
//! record whose events were all found stored only once added is kept as a placeholder with no
//! events. So a tab writing with a stale number always starts where another record starts, and
//! the unique key refuses it. Writing many events in few records is what makes an import or a
//! pull fast (one record per event cost more than the events themselves); the multi-entry
//! indexes keep one entry per event: `ids`, `pending` (the outbox, by number) and `own` (this
//! device's chain positions, unique).
//!
//! `ids` (unique) lists the events this device writes or imports: the outbox's
//! acknowledgements, the signatures and a write another tab beat find them by id. A pulled
//! page's records list none (session 38: the index's entries were ~40 % of IndexedDB's work
//! writing the log, the difference between a first sync within 3× of a plain fetch and not).
//! So no writer relies on the index to keep an event from being stored twice: an import batch
//! or a pulled page reads the records of its tickets that have some (most of a first sync's
//! have none, known without a read) and leaves out the events they hold before numbering.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::IdbObjectStore;

use super::codec::from_js;
use super::error::StoreError;
use super::idb::{dom_error, issue};
use super::schema::IDS;
use super::write::{StoredEvent, StoredEventRef};
use crate::domain::event::Event;
use crate::domain::hlc::Hlc;

/// A record of the log as read: its numbers and its events.
#[derive(Deserialize)]
pub(crate) struct StoredRecord {
    pub end: u64,
    pub events: Vec<StoredEvent>,
}

/// A record of the log as written.
#[derive(Serialize)]
pub(crate) struct RecordRef<'a> {
    seq: u64,
    end: u64,
    ticket_id: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ids: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hlc: Option<&'a Hlc>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pending: Vec<u64>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    own: Vec<u64>,
    events: Vec<StoredEventRef<'a>>,
}

impl<'a> RecordRef<'a> {
    /// The record reserving `seq..=end` for `events` (numbered, all of `ticket`), in the outbox
    /// when `to_outbox`, with chain positions for `own_device`'s chained events.
    pub(crate) fn new(
        (seq, end): (u64, u64),
        ticket: &'a str,
        events: &[(u64, &'a Event)],
        to_outbox: bool,
        own_device: Option<&str>,
    ) -> Self {
        let events: Vec<StoredEventRef> = events
            .iter()
            .map(|(n, e)| StoredEventRef::new(e, *n, to_outbox, own_device))
            .collect();
        Self {
            seq,
            end,
            ticket_id: ticket,
            // Listed for the events this device writes or imports (the outbox, signatures and
            // another tab's write find them by id); a pulled record lists none.
            ids: match to_outbox || own_device.is_some() {
                true => events.iter().map(|e| e.event.id.as_str()).collect(),
                false => Vec::new(),
            },
            hlc: events.iter().map(|e| &e.event.hlc).max(),
            pending: events.iter().filter_map(|e| e.pending).collect(),
            own: events.iter().filter_map(|e| e.own).collect(),
            events,
        }
    }
}

/// The records of numbered events (consecutive numbers, in order): one per run of events of
/// one ticket, each reserving exactly its events' numbers.
pub(crate) fn records_of_runs<'a>(
    numbered: &[(u64, &'a Event)],
    to_outbox: bool,
    own_device: Option<&str>,
) -> Vec<RecordRef<'a>> {
    numbered
        .chunk_by(|(_, a), (_, b)| a.ticket_id == b.ticket_id)
        .map(|run| {
            let range = (run[0].0, run[run.len() - 1].0);
            RecordRef::new(
                range,
                run[0].1.ticket_id.as_str(),
                run,
                to_outbox,
                own_device,
            )
        })
        .collect()
}

/// The events of records as a `getAll` of the log or of its `ticket_id` index returns them,
/// each record's in its order, records in the order given.
pub(crate) fn events_of(value: JsValue) -> Result<Vec<StoredEvent>, StoreError> {
    Ok(records_of(value)?
        .into_iter()
        .flat_map(|r| r.events)
        .collect())
}

/// The records of a `getAll` (see [`events_of`]), turned into Rust values a few at a time (a
/// record may hold a thousand events).
pub(crate) fn records_of(value: JsValue) -> Result<Vec<StoredRecord>, StoreError> {
    let array: js_sys::Array = value.unchecked_into();
    let mut out = Vec::with_capacity(array.length() as usize);
    for chunk in array.to_vec().chunks(64) {
        out.extend(from_js::<Vec<StoredRecord>>(
            &chunk.iter().collect::<js_sys::Array>(),
            "stored events",
        )?);
    }
    Ok(out)
}

/// The records of a `getAll` of a multi-entry index, which lists a record once per matching
/// entry: each once, in the order given.
pub(crate) fn unique_records(value: JsValue) -> js_sys::Array {
    let array: js_sys::Array = value.unchecked_into();
    let mut keys: Vec<u64> = Vec::new();
    let out = js_sys::Array::new();
    for record in array.iter() {
        let key = key_of(&record);
        if let Err(at) = keys.binary_search(&key) {
            keys.insert(at, key);
            out.push(&record);
        }
    }
    out
}

/// A record's key (its first number).
pub(crate) fn key_of(record: &JsValue) -> u64 {
    number(record, "seq").unwrap_or(0)
}

fn number(record: &JsValue, name: &str) -> Option<u64> {
    js_sys::Reflect::get(record, &JsValue::from_str(name))
        .ok()
        .and_then(|v| v.as_f64())
        .map(|v| v as u64)
}

/// A record's `events` array (its entries, each an event record as in schema version 4).
pub(crate) fn entries(record: &JsValue) -> js_sys::Array {
    js_sys::Reflect::get(record, &JsValue::from_str("events"))
        .ok()
        .and_then(|v| v.dyn_into().ok())
        .unwrap_or_default()
}

/// The entry of event `id` in `record`.
pub(crate) fn entry(record: &JsValue, id: &str) -> Option<JsValue> {
    entries(record).iter().find(|e| {
        js_sys::Reflect::get(e, &JsValue::from_str("id"))
            .ok()
            .and_then(|v| v.as_string())
            .is_some_and(|v| v == id)
    })
}

/// The entry holding this device's chain position `own` in `record`.
pub(crate) fn at_position(record: &JsValue, own: u64) -> Option<JsValue> {
    entries(record).iter().find(|e| {
        js_sys::Reflect::get(e, &JsValue::from_str("own"))
            .ok()
            .and_then(|v| v.as_f64())
            == Some(own as f64)
    })
}

/// The records holding the events `ids`, read in `log`'s transaction, each once, with the ids
/// each holds (ids not stored are left out). Keys first, then each record once: a record of a
/// thousand events acknowledged together is read once, not a thousand times.
pub(crate) async fn holding<'a>(
    log: &IdbObjectStore,
    ids: &[&'a str],
) -> Result<Vec<(JsValue, Vec<&'a str>)>, StoreError> {
    let index = log.index(IDS).map_err(dom_error)?;
    let reads = ids
        .iter()
        .map(|id| issue(index.get_key(&JsValue::from_str(id))))
        .collect::<Result<Vec<_>, _>>()?;
    let mut keys: Vec<(f64, Vec<&str>)> = Vec::new();
    for (id, read) in ids.iter().zip(reads) {
        let Some(key) = read.result().await?.as_f64() else {
            continue;
        };
        match keys.iter_mut().find(|(k, _)| *k == key) {
            Some((_, held)) => held.push(id),
            None => keys.push((key, vec![id])),
        }
    }
    let reads = keys
        .iter()
        .map(|(key, _)| issue(log.get(&JsValue::from_f64(*key))))
        .collect::<Result<Vec<_>, _>>()?;
    let mut out = Vec::with_capacity(keys.len());
    for ((_, held), read) in keys.into_iter().zip(reads) {
        out.push((read.result().await?, held));
    }
    Ok(out)
}

/// Takes the local number `seq` out of the record's `pending` list (the field goes when it is
/// empty, so the record leaves the outbox index).
pub(crate) fn remove_pending(record: &JsValue, seq: &JsValue) -> Result<(), StoreError> {
    let name = JsValue::from_str("pending");
    let list: js_sys::Array = js_sys::Reflect::get(record, &name)
        .ok()
        .and_then(|v| v.dyn_into().ok())
        .unwrap_or_default();
    let kept: js_sys::Array = list.iter().filter(|n| n != seq).collect();
    if kept.length() == 0 {
        js_sys::Reflect::delete_property(record.unchecked_ref::<js_sys::Object>(), &name)
            .map_err(dom_error)?;
    } else {
        js_sys::Reflect::set(record, &name, &kept).map_err(dom_error)?;
    }
    Ok(())
}
