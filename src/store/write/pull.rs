//! The path of a pulled page (a first sync pulls 100k events a page at a time): no read per
//! event. Each event is written with `add`, and an `add` refused because the id is already
//! stored is handled (its error event's default action, aborting the transaction, is
//! prevented), so the rest of the page still commits. Only the events the database accepted are
//! new: they alone are counted and folded into the projections. A refused event's sequence
//! number stays unused (numbers only need to be unique and increasing).
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

use super::{
    by_ticket, extend, stored_events, stored_ticket, Counters, Folded, StoredEventRef,
    StoredTicket, Stores, Written,
};
use crate::domain::event::{Event, TicketId};
use crate::store::codec::to_js_array;
use crate::store::error::StoreError;
use crate::store::idb::{dom_error, fire, issue, Tx};
use crate::store::watermark::Marks;

/// Writes one pulled page in `tx` (not into the outbox). Reads the highest sequence number, the
/// newest clock (both from the `events` indexes), the watermark and the
/// stored projection of every ticket named (one round trip); then issues everything at once as
/// if every event were new — the adds, the refreshed projections and
/// the deletes of the queue summaries of tickets that had a projection — and reads the stored
/// events of a ticket only when it receives an event older than the stored clock (issued after
/// the adds, so the read sees the page's accepted events). Once the adds have settled, what a
/// refused event made wrong is written again: a projection extended with it. The watermark
/// moves over the page when something was new.
pub(crate) async fn write_pulled(tx: &Tx, events: &[Event]) -> Result<Written, StoreError> {
    let stores = Stores::of(tx)?;
    let counters = Counters::issue(&stores.events)?;
    let marks = Marks::issue(&stores.meta)?;
    // An id twice in one page is written once (its first occurrence).
    let mut seen = HashSet::with_capacity(events.len());
    let page: Vec<&Event> = events
        .iter()
        .filter(|e| seen.insert(e.id.as_str()))
        .collect();
    let (named, projections) = stores.get_named_tickets(page.iter().copied())?;

    let (seq, clock) = counters.read().await?;
    let marks = marks.read().await?;
    let mut stored_projection: BTreeMap<&TicketId, Option<StoredTicket>> = BTreeMap::new();
    for (id, req) in named.iter().zip(projections) {
        stored_projection.insert(id, stored_ticket(&req.result().await?)?);
    }
    if page.is_empty() {
        return Ok(Written { added: 0, seq });
    }

    let adds = Adds::issue(&stores, &page, seq)?;
    let last = seq + page.len() as u64;
    let groups = by_ticket(&page);
    let mut tickets = Vec::with_capacity(groups.len());
    // The tickets extended from their stored projection, with that projection.
    let mut extended: Vec<(&TicketId, Option<StoredTicket>)> = Vec::with_capacity(groups.len());
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
            refold.push(stores.get_ticket_events(id)?);
        }
    }
    // Every stored event of these tickets, the page's accepted ones included: their fold is
    // right whichever adds were refused.
    for req in refold {
        let all: Vec<Event> = stored_events(req.result().await?)?
            .into_iter()
            .map(|s| s.event)
            .collect();
        tickets.extend(Folded::of(&all));
    }
    stores.put_tickets(&tickets)?;

    let refused = adds.settle(&stores, &page).await?;
    if refused.is_empty() {
        marks.advance(&stores.meta, seq + 1, last, 0)?;
        return Ok(Written {
            added: page.len(),
            seq: last,
        });
    }
    let added = page.len() - refused.len();
    // The numbers of refused events stay unused: the highest accepted one is the top, so the
    // next writer numbers after it and the watermark never passes an unused number.
    let top = (seq + 1..)
        .zip(&page)
        .filter(|(_, e)| !refused.contains(e.id.as_str()))
        .map(|(n, _)| n)
        .max()
        .unwrap_or(seq);
    if added > 0 {
        marks.advance(&stores.meta, seq + 1, top, 0)?;
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
    Ok(Written { added, seq: top })
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
            .map(|(i, event)| StoredEventRef::new(event, seq + 1 + i as u64, false, None))
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
