//! The path of a pulled page (a first sync pulls 100k events a page at a time): no read per
//! event. Each event is written with `add`, and an `add` refused because the id is already
//! stored is handled (its error event's default action, aborting the transaction, is
//! prevented), so the rest of the page still commits. Only the events the database accepted are
//! new: they alone are counted and folded into the projections. A refused event's sequence
//! number stays unused (numbers only need to be unique and increasing; the counter written is
//! the last number given to the page, or left as it was when nothing was new).
//!
//! Every refused id is then looked up in the same transaction: a refusal for any other reason
//! (a clash in the unique `seq` index of a corrupt database) fails the write, so nothing of it
//! is committed and the checkpoint does not move.
//!
//! Everything is written at once as if every event were new (a first sync pulls new events
//! only), so the database works through the page while the projections are computed; only
//! after a refusal are a few records written again.

use std::collections::{BTreeMap, HashSet};

use wasm_bindgen::prelude::*;
use web_sys::IdbRequest;

use super::{by_ticket, extend, Counters, StoredEvent, StoredEventRef, Stores, Written};
use crate::domain::event::{Event, TicketId};
use crate::domain::fold::fold_ticket;
use crate::domain::hlc::Hlc;
use crate::domain::ticket::Ticket;
use crate::store::codec::{from_js_all, from_js_opt, to_js_array};
use crate::store::error::StoreError;
use crate::store::idb::{dom_error, fire, issue, Tx};

/// Writes one pulled page in `tx` (not into the outbox). Reads the counter, the clock and the
/// stored projection of every ticket named (one round trip); then issues everything at once as
/// if every event were new — the adds, the counter, the clock, the refreshed projections and
/// the deletes of the queue summaries of tickets that had a projection — and reads the stored
/// events of a ticket only when it receives an event older than the stored clock (issued after
/// the adds, so the read sees the page's accepted events). Once the adds have settled, what a
/// refused event made wrong is written again: the counter and the clock of a page with nothing
/// new, and a projection extended with a refused event.
pub(crate) async fn write_pulled(tx: &Tx, events: &[Event]) -> Result<Written, StoreError> {
    let stores = Stores::of(tx)?;
    let counters = Counters::issue(&stores.meta)?;
    // An id twice in one page is written once (its first occurrence).
    let mut seen = HashSet::with_capacity(events.len());
    let page: Vec<&Event> = events
        .iter()
        .filter(|e| seen.insert(e.id.as_str()))
        .collect();
    let (named, projections) = stores.get_named_tickets(page.iter().copied())?;

    let (seq, clock) = counters.read().await?;
    let mut stored_projection: BTreeMap<&TicketId, Option<Ticket>> = BTreeMap::new();
    for (id, req) in named.iter().zip(projections) {
        stored_projection.insert(id, from_js_opt(&req.result().await?, "ticket projection")?);
    }
    if page.is_empty() {
        return Ok(Written { added: 0, seq });
    }

    let adds = Adds::issue(&stores, &page, seq)?;
    let last = seq + page.len() as u64;
    let newest = page.iter().map(|e| &e.hlc).chain(clock.hlc()).max();
    put_counters(&stores, last, newest)?;
    let groups = by_ticket(&page);
    let mut tickets = Vec::with_capacity(groups.len());
    // The tickets extended from their stored projection, with that projection.
    let mut extended: Vec<(&TicketId, Option<Ticket>)> = Vec::with_capacity(groups.len());
    let mut refold = Vec::new();
    for (id, later) in &groups {
        let base = stored_projection.remove(id).flatten();
        // A ticket with no stored projection has no queue summary (a summary is written only
        // from a stored projection).
        if base.is_some() {
            stores.delete_summary(id)?;
        }
        if clock.all_before(later) {
            tickets.extend(extend(base.clone(), later));
            extended.push((id, base));
        } else {
            let index = stores.events.index("ticket_id").map_err(dom_error)?;
            refold.push(issue(
                index.get_all_with_key(&JsValue::from_str(id.as_str())),
            )?);
        }
    }
    // Every stored event of these tickets, the page's accepted ones included: their fold is
    // right whichever adds were refused.
    for req in refold {
        let records: js_sys::Array = req.result().await?.unchecked_into();
        let stored: Vec<StoredEvent> = from_js_all(&records.to_vec(), "stored event")?;
        let all: Vec<Event> = stored.into_iter().map(|s| s.event).collect();
        tickets.extend(fold_ticket(&all));
    }
    stores.put_tickets(&tickets)?;

    let refused = adds.settle(&stores, &page).await?;
    if refused.is_empty() {
        return Ok(Written {
            added: page.len(),
            seq: last,
        });
    }
    let added = page.len() - refused.len();
    if added == 0 {
        // Nothing new: the counter and the clock as they were.
        put_counters(&stores, seq, clock.hlc())?;
        if clock.hlc().is_none() {
            fire(stores.meta.delete(&JsValue::from_str("hlc")))?;
        }
    }
    // A refused event is stored, so not newer than the stored clock, and its ticket was folded
    // again from the stored events. Only a clock older than a stored event (a corrupt record)
    // can have extended a projection with one: that ticket is extended again with the accepted
    // events alone.
    let mut again = Vec::new();
    for (id, base) in extended {
        let later = &groups[id];
        if !later.iter().any(|e| refused.contains(e.id.as_str())) {
            continue;
        }
        let accepted: Vec<&Event> = later
            .iter()
            .filter(|e| !refused.contains(e.id.as_str()))
            .copied()
            .collect();
        match extend(base, &accepted) {
            Some(ticket) => again.push(ticket),
            None => fire(stores.tickets.delete(&JsValue::from_str(id.as_str())))?,
        }
    }
    stores.put_tickets(&again)?;
    Ok(Written {
        added,
        seq: if added == 0 { seq } else { last },
    })
}

/// Writes the sequence counter and, when given, the clock.
fn put_counters(stores: &Stores, seq: u64, clock: Option<&Hlc>) -> Result<(), StoreError> {
    fire(
        stores
            .meta
            .put_with_key(&JsValue::from_f64(seq as f64), &JsValue::from_str("seq")),
    )?;
    if let Some(clock) = clock {
        fire(stores.meta.put_with_key(
            &JsValue::from_str(&clock.to_string()),
            &JsValue::from_str("hlc"),
        ))?;
    }
    Ok(())
}

/// The adds of a page, numbered from the counter on, whose refusals for a stored key are
/// handled.
struct Adds {
    requests: Vec<IdbRequest>,
    on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Adds {
    fn issue(stores: &Stores, page: &[&Event], seq: u64) -> Result<Self, StoreError> {
        let records: Vec<StoredEventRef> = page
            .iter()
            .enumerate()
            .map(|(i, event)| StoredEventRef {
                seq: seq + 1 + i as u64,
                event,
            })
            .collect();
        let records = to_js_array(&records)?;
        // One handler for every add: a refused key is handled (the transaction goes on); any
        // other error keeps its default action and aborts the transaction.
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
        Ok(Self { requests, on_error })
    }

    /// Waits until every add has settled and returns the ids of the refused events (`page` as
    /// given to [`Self::issue`]), each confirmed stored.
    async fn settle<'a>(
        self,
        stores: &Stores,
        page: &[&'a Event],
    ) -> Result<HashSet<&'a str>, StoreError> {
        // A transaction runs its requests in order: once this read succeeds every add has
        // settled (and if one aborted the transaction, this read fails).
        issue(stores.meta.get(&JsValue::from_str("seq")))?
            .result()
            .await?;
        drop(self.on_error);
        let mut refused = Vec::new();
        for (event, request) in page.iter().zip(&self.requests) {
            match request.error().map_err(dom_error)? {
                None => {}
                Some(e) if e.name() == "ConstraintError" => refused.push(*event),
                Some(e) => return Err(StoreError::from_dom(&e)),
            }
        }
        confirm_stored(stores, &refused).await?;
        Ok(refused.iter().map(|e| e.id.as_str()).collect())
    }
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
