//! The path of a pulled page (a first sync pulls 100k events a page at a time): no read per
//! event. Each event is written with `add`, and an `add` refused because the id is already
//! stored is handled (its error event's default action, aborting the transaction, is
//! prevented), so the rest of the page still commits. Only the events the database accepted are
//! new: they alone are counted and folded into the projections. A refused event's sequence
//! number stays unused (numbers only need to be unique and increasing; the counter written is
//! the last number used).
//!
//! Every refused id is then looked up in the same transaction: a refusal for any other reason
//! (a clash in the unique `seq` index of a corrupt database) fails the write, so nothing of it
//! is committed and the checkpoint does not move.

use std::collections::{BTreeMap, HashSet};

use wasm_bindgen::prelude::*;
use web_sys::IdbRequest;

use super::{by_ticket, extend, Counters, StoredEvent, StoredEventRef, Stores, Written};
use crate::domain::event::{Event, TicketId};
use crate::domain::fold::fold_ticket;
use crate::domain::ticket::Ticket;
use crate::store::codec::{from_js_all, from_js_opt, to_js_array};
use crate::store::error::StoreError;
use crate::store::idb::{dom_error, fire, issue, Tx};

/// Writes one pulled page in `tx` (not into the outbox): reads the counter, the clock and the
/// stored projection of every ticket named (one round trip), adds the events (a second), writes
/// the counter, the clock and the refreshed projections, and deletes the queue summaries of
/// tickets that had a projection. The stored events of a ticket are read only when it receives
/// an event older than the stored clock.
pub(crate) async fn write_pulled(tx: &Tx, events: &[Event]) -> Result<Written, StoreError> {
    let stores = Stores::of(tx)?;
    let counters = Counters::issue(&stores.meta)?;
    // An id twice in one page is written once (its first occurrence).
    let mut seen = HashSet::with_capacity(events.len());
    let page: Vec<&Event> = events
        .iter()
        .filter(|e| seen.insert(e.id.as_str()))
        .collect();
    let named: Vec<&TicketId> = {
        let mut seen = HashSet::new();
        page.iter()
            .map(|e| &e.ticket_id)
            .filter(|t| seen.insert(*t))
            .collect()
    };
    let projections = named
        .iter()
        .map(|t| stores.get_ticket(t))
        .collect::<Result<Vec<_>, _>>()?;

    let (seq, clock) = counters.read().await?;
    let mut stored_projection: BTreeMap<&TicketId, Option<Ticket>> = BTreeMap::new();
    for (id, req) in named.iter().zip(projections) {
        stored_projection.insert(id, from_js_opt(&req.result().await?, "ticket projection")?);
    }
    if page.is_empty() {
        return Ok(Written { added: 0, seq });
    }

    let (new, last) = add_events(&stores, &page, seq).await?;
    if new.is_empty() {
        return Ok(Written { added: 0, seq });
    }
    fire(
        stores
            .meta
            .put_with_key(&JsValue::from_f64(last as f64), &JsValue::from_str("seq")),
    )?;
    if let Some(newest) = new.iter().map(|e| &e.hlc).chain(clock.hlc()).max() {
        fire(stores.meta.put_with_key(
            &JsValue::from_str(&newest.to_string()),
            &JsValue::from_str("hlc"),
        ))?;
    }

    let groups = by_ticket(&new);
    let mut tickets = Vec::with_capacity(groups.len());
    let mut refold = Vec::new();
    for (id, later) in &groups {
        // A ticket with no stored projection has no queue summary (a summary is written only
        // from a stored projection).
        if matches!(stored_projection.get(id), Some(Some(_))) {
            stores.delete_summary(id)?;
        }
        if clock.all_before(later) {
            let base = stored_projection.remove(id).flatten();
            tickets.extend(extend(base, later));
        } else {
            // Issued after the adds, so the ticket's new events are among those read.
            let index = stores.events.index("ticket_id").map_err(dom_error)?;
            refold.push(issue(
                index.get_all_with_key(&JsValue::from_str(id.as_str())),
            )?);
        }
    }
    for req in refold {
        let records: js_sys::Array = req.result().await?.unchecked_into();
        let stored: Vec<StoredEvent> = from_js_all(&records.to_vec(), "stored event")?;
        let all: Vec<Event> = stored.into_iter().map(|s| s.event).collect();
        tickets.extend(fold_ticket(&all));
    }
    stores.put_tickets(&tickets)?;
    Ok(Written {
        added: new.len(),
        seq: last,
    })
}

/// Adds `page` (distinct ids) numbered from `seq + 1` and waits until every add has settled.
/// Returns the events the database accepted, in page order, and the last number used.
async fn add_events<'a>(
    stores: &Stores,
    page: &[&'a Event],
    seq: u64,
) -> Result<(Vec<&'a Event>, u64), StoreError> {
    let records: Vec<StoredEventRef> = page
        .iter()
        .enumerate()
        .map(|(i, event)| StoredEventRef {
            seq: seq + 1 + i as u64,
            event,
        })
        .collect();
    let records = to_js_array(&records)?;
    // One handler for every add: a refused key is handled (the transaction goes on); any other
    // error keeps its default action and aborts the transaction.
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|event: web_sys::Event| {
        let refused_key = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.error().ok().flatten())
            .is_some_and(|e| e.name() == "ConstraintError");
        if refused_key {
            event.prevent_default();
            event.stop_propagation();
        }
    });
    let mut requests = Vec::with_capacity(page.len());
    for record in records.iter() {
        let request = stores.events.add(&record).map_err(dom_error)?;
        request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        requests.push(request);
    }
    // A transaction runs its requests in order: once this read succeeds every add has settled
    // (and if one aborted the transaction, this read fails).
    issue(stores.meta.get(&JsValue::from_str("seq")))?
        .result()
        .await?;
    drop(on_error);

    let mut new = Vec::with_capacity(page.len());
    let mut refused = Vec::new();
    let mut last = seq;
    for (i, (event, request)) in page.iter().zip(&requests).enumerate() {
        match request.error().map_err(dom_error)? {
            None => {
                new.push(*event);
                last = seq + 1 + i as u64;
            }
            Some(e) if e.name() == "ConstraintError" => refused.push(*event),
            Some(e) => return Err(StoreError::from_dom(&e)),
        }
    }
    confirm_stored(stores, &refused).await?;
    Ok((new, last))
}

/// Fails unless every event of `refused` is stored (its `add` was refused for its id, not for
/// anything else).
async fn confirm_stored(stores: &Stores, refused: &[&Event]) -> Result<(), StoreError> {
    let found = refused
        .iter()
        .map(|e| issue(stores.events.get_key(&JsValue::from_str(e.id.as_str()))))
        .collect::<Result<Vec<_>, _>>()?;
    for (event, req) in refused.iter().zip(found) {
        if req.result().await?.is_undefined() {
            return Err(StoreError::Corrupt(format!(
                "event {} refused by the database but not stored",
                event.id.as_str()
            )));
        }
    }
    Ok(())
}
