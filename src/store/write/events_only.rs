//! The first pass of an import batch and of a pulled page (#21): the events alone, in a
//! transaction that writes nothing else (a pulled page adds its changes-feed checkpoint). Their
//! projections are derived after, in a pass of their own ([`crate::store::derive`]); a tab
//! closed in between loses nothing, since the next open folds every event past the watermark.
//!
//! No read per event: each event is written with `add`, and an `add` refused because the id is
//! already stored is handled (its error event's default action, aborting the transaction, is
//! prevented), so the rest still commits. Only the events the database accepted are new. A
//! refused event's sequence number stays unused (numbers only need to be unique and
//! increasing). Every refused id is then looked up in the same transaction: a refusal for any
//! other reason (a clash in the unique `seq` index of a corrupt database) fails the write, so
//! nothing of it is committed.

use std::collections::HashSet;

use wasm_bindgen::prelude::*;
use web_sys::{IdbObjectStore, IdbRequest};

use super::{cursor_key, last_key, StoredEventRef};
use crate::domain::event::Event;
use crate::store::codec::to_js_array;
use crate::store::error::StoreError;
use crate::store::fold_module::NewEvents;
use crate::store::idb::{dom_error, issue, Tx};
use crate::store::schema::EVENTS;
use crate::store::Outbox;

/// Issues, in `tx` (over `events` at least), the writes of `events` (an id twice written once;
/// ids already stored skipped), sent to the outbox or not. Resolves, once every write has
/// settled and before the commit (the caller may still add to the transaction, then commits
/// it), to the events the database accepted with their local sequence numbers, in input order.
pub(crate) async fn write_events_only(
    tx: &Tx,
    events: &[Event],
    outbox: Outbox,
) -> Result<NewEvents, StoreError> {
    let store = tx.store(EVENTS)?;
    let top = last_key(&store, "seq")?;
    let mut seen = HashSet::with_capacity(events.len());
    let page: Vec<&Event> = events
        .iter()
        .filter(|e| seen.insert(e.id.as_str()))
        .collect();
    let seq = cursor_key(&top.result().await?)
        .and_then(|k| k.as_f64())
        .unwrap_or(0.0) as u64;
    if page.is_empty() {
        return Ok(NewEvents::new());
    }
    let adds = Adds::issue(&store, &page, seq, outbox)?;
    let refused = adds.settle(&store, &page).await?;
    Ok((seq + 1..)
        .zip(page)
        .filter(|(_, e)| !refused.contains(e.id.as_str()))
        .map(|(n, e)| (n, e.clone()))
        .collect())
}

/// The adds of a page, numbered from the counter on, whose refusals for a stored key are
/// handled.
struct Adds {
    requests: Vec<IdbRequest>,
    on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Adds {
    fn issue(
        store: &IdbObjectStore,
        page: &[&Event],
        seq: u64,
        outbox: Outbox,
    ) -> Result<Self, StoreError> {
        let records: Vec<StoredEventRef> = page
            .iter()
            .enumerate()
            .map(|(i, event)| StoredEventRef::new(event, seq + 1 + i as u64, outbox.send(), None))
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
            let request = store.add(&record).map_err(dom_error)?;
            request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            requests.push(request);
        }
        Ok(Self { requests, on_error })
    }

    /// Waits until every add has settled and returns the ids of the refused events (`page` as
    /// given to [`Self::issue`]), each confirmed stored.
    async fn settle<'a>(
        self,
        store: &IdbObjectStore,
        page: &[&'a Event],
    ) -> Result<HashSet<&'a str>, StoreError> {
        // A transaction runs its requests in order: once this read succeeds every add has
        // settled (and if one aborted the transaction, this read fails).
        issue(store.get_key(&JsValue::from_str("")))?
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
        confirm_stored(store, &refused).await?;
        Ok(refused.iter().map(|e| e.id.as_str()).collect())
    }
}

/// Fails unless every event of `refused` is stored (its `add` was refused for its id, not for
/// anything else).
async fn confirm_stored(store: &IdbObjectStore, refused: &[&Event]) -> Result<(), StoreError> {
    let found = refused
        .iter()
        .map(|e| issue(store.get_key(&JsValue::from_str(e.id.as_str()))))
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
