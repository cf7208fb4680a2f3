//! The path of an import batch: tickets new to this device are written without reading their
//! events back.

use std::collections::HashSet;

use wasm_bindgen::prelude::*;

use super::{by_ticket, extend, write_events, Counters, Folded, Stores, Written};
use crate::domain::event::{Event, TicketId};
use crate::store::error::StoreError;
use crate::store::idb::{dom_error, issue, Tx};
use crate::store::watermark::Marks;

/// One import batch of whole tickets (see [`crate::domain::import_batches`]): reads the highest
/// sequence number, the watermark and the ids of the events stored for each ticket (one round trip). When each
/// ticket is either new (nothing stored) or entirely stored, its events are written with `add`
/// and new tickets' projections folded from the batch alone — a ticket without stored events
/// has no queue summary to delete (a summary is only written for a ticket whose stored events
/// it counts, and events are never deleted). Otherwise the batch takes the general path in the
/// same transaction. An event id stored under another ticket aborts the commit (`add`): the
/// caller then retries the batch on the general path.
pub(crate) async fn write_import_batch(tx: &Tx, events: &[Event]) -> Result<Written, StoreError> {
    let stores = Stores::of(tx)?;
    let counters = Counters::issue(&stores.events)?;
    let marks = Marks::issue(&stores.meta)?;
    let index = stores.events.index("ticket_id").map_err(dom_error)?;
    let all: Vec<&Event> = events.iter().collect();
    let groups = by_ticket(&all);
    let stored_ids = groups
        .keys()
        .map(|t| issue(index.get_all_keys_with_key(&JsValue::from_str(t.as_str()))))
        .collect::<Result<Vec<_>, _>>()?;

    let (seq, _) = counters.read().await?;
    let marks = marks.read().await?;
    let mut fresh_tickets: HashSet<&TicketId> = HashSet::new();
    let mut partial = false;
    for ((id, ticket_events), req) in groups.iter().zip(stored_ids) {
        let keys: js_sys::Array = req.result().await?.unchecked_into();
        if keys.length() == 0 {
            fresh_tickets.insert(id);
        } else {
            let stored: HashSet<String> = keys.iter().filter_map(|k| k.as_string()).collect();
            partial |= ticket_events
                .iter()
                .any(|e| !stored.contains(e.id.as_str()));
        }
    }
    if partial {
        return write_events(tx, events, true).await;
    }
    // The new tickets' events in input order (local sequence numbers follow the input), an id
    // twice written once.
    let mut seen = HashSet::new();
    let new: Vec<&Event> = events
        .iter()
        .filter(|e| fresh_tickets.contains(&e.ticket_id) && seen.insert(e.id.as_str()))
        .collect();
    if new.is_empty() {
        return Ok(Written { added: 0, seq });
    }
    let last = stores.put_events(&new, seq + 1, true, true)?;
    let tickets: Vec<Folded> = by_ticket(&new)
        .values()
        .filter_map(|later| extend(None, later))
        .collect();
    stores.put_tickets(&tickets)?;
    marks.advance(&stores.meta, seq + 1, last, new.len() as u64)?;
    Ok(Written {
        added: new.len(),
        seq: last,
    })
}
