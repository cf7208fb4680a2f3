//! The records of the write paths (#21): events as stored, with their local sequence number and
//! outbox mark, and tickets' projections. Every writer writes its events alone first — a user
//! action ([`super::append`]), an import batch or a pulled page ([`write_events_only`]) — and
//! folds them into the projection after, in a transaction of its own ([`super::derive`]).
//!
//! The projection of a ticket is its stored projection with the new events applied, when every
//! new event comes after every event stored (its clock is newer than the newest stored clock):
//! the fold applies events in clock order, so that is the fold of all the ticket's events.
//! Otherwise (an older event pulled late) the ticket's stored events are read and everything is
//! folded again.

mod events_only;
mod new_tickets;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::{IdbCursorDirection, IdbObjectStore};

use super::codec::{from_json, json_of_opt, parse_json};
use super::error::StoreError;
use super::idb::{dom_error, fire, issue, Pending, Tx};
use super::schema::{END, LOG, META, QUEUE, TICKETS, TICKET_ID};
use crate::domain::event::{Event, TicketId};
use crate::domain::fold::{apply, fold_ticket};
use crate::domain::hlc::Hlc;
use crate::domain::ticket::Ticket;

pub(crate) use events_only::write_events_only;
pub use new_tickets::WrittenRecords;

/// An event as stored: the event document plus this device's local sequence number, its outbox
/// mark (`pending`, the sequence number again, while the endpoint has not acknowledged it; with
/// the endpoint's reason when it refused it) and, for this device's chained events, their
/// position in its chain (`own`).
#[derive(Serialize, Deserialize)]
pub(crate) struct StoredEvent {
    pub seq: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub own: Option<u64>,
    #[serde(flatten)]
    pub event: Event,
}

/// [`StoredEvent`] as written (borrowing the event).
#[derive(Serialize)]
pub(crate) struct StoredEventRef<'a> {
    pub seq: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pending: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own: Option<u64>,
    #[serde(flatten)]
    pub event: &'a Event,
}

impl<'a> StoredEventRef<'a> {
    /// The record of `event` at `seq`, in the outbox when `to_outbox`, with its chain position
    /// when it is one of `own_device`'s chained events.
    pub(crate) fn new(
        event: &'a Event,
        seq: u64,
        to_outbox: bool,
        own_device: Option<&str>,
    ) -> Self {
        let own = match (own_device, &event.chain) {
            (Some(device), Some(link)) if event.device() == device => Some(link.seq),
            _ => None,
        };
        Self {
            seq,
            pending: to_outbox.then_some(seq),
            own,
            event,
        }
    }
}

/// A ticket's projection as stored: the folded ticket's fields and, beside them, `folded`: the
/// newest clock folded into it.
///
/// Read and written without `#[serde(flatten)]`: a flattened ticket is read through serde's
/// buffered reader (every field buffered first), a second copy of every ticket field's reader
/// in the build.
#[derive(Clone)]
pub(crate) struct StoredTicket {
    pub folded: Option<Hlc>,
    pub ticket: Ticket,
}

/// The `folded` clock of a stored projection (its ticket's fields skipped).
#[derive(Deserialize)]
struct FoldedClock {
    #[serde(default)]
    folded: Option<Hlc>,
}

/// The JSON of a projection record: the ticket's object with `folded` first when there is one.
fn projection_json(folded: Option<&Hlc>, ticket: &Ticket) -> Result<String, StoreError> {
    let text = |e: serde_json::Error| StoreError::Other(e.to_string());
    let ticket = serde_json::to_string(ticket).map_err(text)?;
    Ok(match folded {
        // A struct is written as an object: `{` and its fields.
        Some(hlc) => format!(
            "{{\"folded\":{},{}",
            serde_json::to_string(hlc).map_err(text)?,
            &ticket[1..]
        ),
        None => ticket,
    })
}

/// A folded ticket and the newest clock folded into it (`None`: not known, as in projections
/// written before version 4; the next write to the ticket folds it again).
pub(crate) struct Folded {
    pub ticket: Ticket,
    pub newest: Option<Hlc>,
}

impl Folded {
    /// The fold of `events` (all of a ticket's), `None` without its opening.
    pub(crate) fn of(events: &[Event]) -> Option<Self> {
        let newest = events.iter().map(|e| &e.hlc).max().cloned();
        fold_ticket(events).map(|ticket| Self { ticket, newest })
    }
}

/// Issues the read of the last key of `index` of `store`.
pub(crate) fn last_key(store: &IdbObjectStore, index: &str) -> Result<Pending, StoreError> {
    let index = store.index(index).map_err(dom_error)?;
    issue(index.open_key_cursor_with_range_and_direction(&JsValue::NULL, IdbCursorDirection::Prev))
}

/// Issues the read of the highest local sequence number the log reserves (its last record's
/// `end`), read with [`cursor_number`].
pub(crate) fn last_number(log: &IdbObjectStore) -> Result<Pending, StoreError> {
    last_key(log, END)
}

/// The number a [`last_number`] read found (0 for an empty log).
pub(crate) fn cursor_number(result: &JsValue) -> u64 {
    cursor_key(result).and_then(|k| k.as_f64()).unwrap_or(0.0) as u64
}

/// The key a cursor request of [`last_key`] found (`None` for an empty index).
pub(crate) fn cursor_key(result: &JsValue) -> Option<JsValue> {
    if result.is_null() || result.is_undefined() {
        return None;
    }
    let cursor: web_sys::IdbCursor = result.clone().unchecked_into();
    cursor.key().ok()
}

/// The stores a write touches.
pub(crate) struct Stores {
    pub log: IdbObjectStore,
    pub tickets: IdbObjectStore,
    pub meta: IdbObjectStore,
    pub queue: IdbObjectStore,
}

impl Stores {
    pub(crate) fn of(tx: &Tx) -> Result<Self, StoreError> {
        Ok(Self {
            log: tx.store(LOG)?,
            tickets: tx.store(TICKETS)?,
            meta: tx.store(META)?,
            queue: tx.store(QUEUE)?,
        })
    }

    pub(crate) fn delete_summary(&self, ticket: &TicketId) -> Result<(), StoreError> {
        fire(self.queue.delete(&JsValue::from_str(ticket.as_str())))
    }

    pub(crate) fn put_tickets(&self, tickets: &[Folded]) -> Result<(), StoreError> {
        put_tickets(&self.tickets, tickets)
    }

    pub(crate) fn get_ticket(&self, id: &TicketId) -> Result<Pending, StoreError> {
        issue(self.tickets.get(&JsValue::from_str(id.as_str())))
    }

    /// Issues the read of the keys of `ticket`'s records in the log.
    pub(crate) fn ticket_record_keys(&self, ticket: &TicketId) -> Result<Pending, StoreError> {
        let index = self.log.index(TICKET_ID).map_err(dom_error)?;
        issue(index.get_all_keys_with_key(&JsValue::from_str(ticket.as_str())))
    }

    /// Issues the read of every stored record of `ticket` (read with [`stored_events`]).
    pub(crate) fn get_ticket_events(&self, ticket: &TicketId) -> Result<Pending, StoreError> {
        let index = self.log.index(TICKET_ID).map_err(dom_error)?;
        issue(index.get_all_with_key(&JsValue::from_str(ticket.as_str())))
    }
}

/// Issues the writes of `tickets`' projections into the `tickets` store.
pub(crate) fn put_tickets(store: &IdbObjectStore, tickets: &[Folded]) -> Result<(), StoreError> {
    if tickets.is_empty() {
        return Ok(());
    }
    let records: Vec<String> = tickets
        .iter()
        .map(|f| projection_json(f.newest.as_ref(), &f.ticket))
        .collect::<Result<_, _>>()?;
    let array: js_sys::Array = parse_json(&format!("[{}]", records.join(",")))?.unchecked_into();
    for record in array.iter() {
        fire(store.put(&record))?;
    }
    Ok(())
}

/// A stored projection read back (`None` when absent).
pub(crate) fn stored_ticket(value: &JsValue) -> Result<Option<StoredTicket>, StoreError> {
    const WHAT: &str = "ticket projection";
    let Some(json) = json_of_opt(value)? else {
        return Ok(None);
    };
    let ticket: Ticket = from_json(&json, WHAT)?;
    let FoldedClock { folded } = from_json(&json, WHAT)?;
    Ok(Some(StoredTicket { folded, ticket }))
}

/// The events of a `get_all` read of log records (see [`super::log::events_of`]).
pub(crate) fn stored_events(value: JsValue) -> Result<Vec<StoredEvent>, StoreError> {
    super::log::events_of(value)
}

/// `base` (a ticket's stored projection) with `later` applied: the fold of all its events when
/// every event of `later` comes after every event folded into it. `later` in canonical order.
pub(crate) fn extend(base: Option<StoredTicket>, later: &[&Event]) -> Option<Folded> {
    let newest_later = later.iter().map(|e| &e.hlc).max().cloned();
    match base {
        Some(StoredTicket { mut ticket, folded }) => {
            for event in later {
                apply(&mut ticket, event);
            }
            // Callers extend only with events newer than every event folded into `base` (or
            // stored at all), so the newest of `later` is the newest folded.
            let newest = folded.max(newest_later);
            Some(Folded { ticket, newest })
        }
        // No stored projection: no stored opening event, so every stored event comes before
        // the opening (if `later` has it) and the fold skips it.
        None => {
            fold_ticket(&later.iter().map(|e| (*e).clone()).collect::<Vec<_>>()).map(|ticket| {
                Folded {
                    ticket,
                    newest: newest_later,
                }
            })
        }
    }
}

/// The new events of each ticket, in canonical order, tickets in id order.
pub(crate) fn by_ticket<'a>(new: &[&'a Event]) -> BTreeMap<&'a TicketId, Vec<&'a Event>> {
    let mut map: BTreeMap<&TicketId, Vec<&Event>> = BTreeMap::new();
    for event in new {
        map.entry(&event.ticket_id).or_default().push(event);
    }
    for events in map.values_mut() {
        events.sort_by(|a, b| a.order(b));
    }
    map
}
