//! The general path every writer can use: any events, stored or not, in one transaction with
//! their tickets' projections.

use std::collections::{BTreeMap, HashSet};

use wasm_bindgen::prelude::*;

use super::{
    by_ticket, extend, stored_events, stored_ticket, Counters, Folded, StoredTicket, Stores,
    Written,
};
use crate::domain::event::{Event, TicketId};
use crate::store::error::StoreError;
use crate::store::idb::{issue, Tx};
use crate::store::watermark::Marks;

/// The general path: reads the highest sequence number, the clock, the watermark, whether each
/// event is stored and the stored projection of every ticket named (one round trip), writes,
/// and reads the stored events only of the tickets that receive an event older than the stored
/// clock (a second round trip).
pub(crate) async fn write_events(
    tx: &Tx,
    events: &[Event],
    to_outbox: bool,
) -> Result<Written, StoreError> {
    let stores = Stores::of(tx)?;
    let counters = Counters::issue(&stores.events)?;
    let marks = Marks::issue(&stores.meta)?;
    let exists = events
        .iter()
        .map(|e| issue(stores.events.get_key(&JsValue::from_str(e.id.as_str()))))
        .collect::<Result<Vec<_>, _>>()?;
    let (named, projections) = stores.get_named_tickets(events.iter())?;

    let (seq, clock) = counters.read().await?;
    let marks = marks.read().await?;
    let mut seen = HashSet::new();
    let mut new: Vec<&Event> = Vec::new();
    for (event, exists) in events.iter().zip(exists) {
        // An id twice in one call is written once.
        if exists.result().await?.is_undefined() && seen.insert(event.id.as_str()) {
            new.push(event);
        }
    }
    let mut stored_projection: BTreeMap<&TicketId, Option<StoredTicket>> = BTreeMap::new();
    for (id, req) in named.iter().zip(projections) {
        stored_projection.insert(id, stored_ticket(&req.result().await?)?);
    }
    if new.is_empty() {
        return Ok(Written { added: 0, seq });
    }

    let last = stores.put_events(&new, seq + 1, to_outbox, false)?;
    let groups = by_ticket(&new);
    let mut tickets = Vec::with_capacity(groups.len());
    let mut refold = Vec::new();
    for (id, later) in &groups {
        // A ticket with no stored projection has no queue summary either (a summary is written
        // only from a stored projection).
        if matches!(stored_projection.get(id), Some(Some(_))) {
            stores.delete_summary(id)?;
        }
        if clock.all_before(later) {
            let base = stored_projection.remove(id).flatten();
            tickets.extend(extend(base, later));
        } else {
            refold.push((*id, stores.get_ticket_events(id)?));
        }
    }
    for (id, req) in refold {
        let stored = stored_events(req.result().await?)?;
        let mut all: Vec<Event> = stored.into_iter().map(|s| s.event).collect();
        all.extend(groups[id].iter().map(|e| (*e).clone()));
        tickets.extend(Folded::of(&all));
    }
    stores.put_tickets(&tickets)?;
    let pending = if to_outbox { new.len() as u64 } else { 0 };
    marks.advance(&stores.meta, seq + 1, last, pending)?;
    Ok(Written {
        added: new.len(),
        seq: last,
    })
}
