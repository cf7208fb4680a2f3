//! The first pass of an import batch and of a pulled page (#21): the events alone, in a
//! transaction that writes nothing else (a pulled page adds its changes-feed checkpoint). Their
//! projections are derived after, in a pass of their own ([`crate::store::derive`]); a tab
//! closed in between loses nothing, since the next open folds every event past the watermark.
//!
//! No read per event: the page's events are grouped by ticket, one log record per ticket
//! ([`super::super::log`]), each written with `add`. A record refused because one of its events
//! is already stored is handled (its error event's default action, aborting the transaction,
//! is prevented), so the rest still commits; its events are then looked up in the same
//! transaction, and the record is written again with only those not stored (or none: it keeps
//! its numbers, so records still tile them). A refusal for any other reason (a clash in a
//! unique index of a corrupt database) refuses the second write too, which aborts the
//! transaction: nothing of it is committed.

use std::collections::{HashMap, HashSet};

use wasm_bindgen::prelude::*;
use web_sys::{IdbObjectStore, IdbRequest};

use super::new_tickets::{stored_ids_of, without_records, WrittenRecords};
use super::{cursor_number, last_number};
use crate::domain::event::{Event, TicketId};
use crate::store::codec::to_js_array;
use crate::store::error::StoreError;
use crate::store::fold_module::NewEvents;
use crate::store::idb::{dom_error, fire, issue, Tx};
use crate::store::log::RecordRef;
use crate::store::schema::{IDS, LOG};
use crate::store::Outbox;

/// Issues, in `tx` (over `log` at least), the writes of `events` (an id twice written once;
/// ids already stored skipped), sent to the outbox or not. Resolves, once every write has
/// settled and before the commit (the caller may still add to the transaction, then commits
/// it), to the events the database accepted with their local sequence numbers, and the numbers
/// the write reserved.
///
/// `earlier` are the records the run's earlier writes committed: with them the write tells
/// which of its tickets are new to the log ([`super::new_tickets`]). Note this write in them
/// once it has committed.
pub(crate) async fn write_events_only(
    tx: &Tx,
    events: &[Event],
    outbox: Outbox,
    earlier: &WrittenRecords,
) -> Result<NewEvents, StoreError> {
    let store = tx.store(LOG)?;
    let top = last_number(&store)?;
    let tickets = by_ticket(events);
    let top = cursor_number(&top.result().await?);
    if tickets.is_empty() {
        return Ok(NewEvents::default());
    }
    let new_tickets = without_records(&store, &tickets, earlier, top).await?;
    // A ticket with records may hold some of these events already, in records that list no
    // ids (a pulled page's, see `crate::store::log`): its records are read, and the events
    // they hold are left out before numbering.
    let known: Vec<&str> = tickets
        .iter()
        .map(|run| run[0].ticket_id.as_str())
        .filter(|id| {
            new_tickets
                .binary_search_by(|t| t.as_str().cmp(id))
                .is_err()
        })
        .collect();
    let stored = stored_ids_of(&store, &known).await?;
    let tickets: Vec<Vec<&Event>> = match stored.is_empty() {
        // Most of a first sync's pages: nothing to leave out.
        true => tickets,
        false => tickets
            .into_iter()
            .map(|run| {
                run.into_iter()
                    .filter(|e| !stored.contains(e.id.as_str()))
                    .collect::<Vec<_>>()
            })
            .filter(|run| !run.is_empty())
            .collect(),
    };
    if tickets.is_empty() {
        return Ok(NewEvents {
            new_tickets,
            ..NewEvents::default()
        });
    }
    let mut numbered: Vec<Vec<(u64, &Event)>> = Vec::with_capacity(tickets.len());
    let mut next = top + 1;
    for run in tickets {
        let first = next;
        next += run.len() as u64;
        numbered.push((first..).zip(run).collect());
    }
    let records: Vec<RecordRef> = numbered
        .iter()
        .map(|run| record(run, run, outbox))
        .collect();
    let adds = Adds::issue(&store, &records)?;
    let refused = adds.settle(&store).await?;
    let mut accepted = NewEvents {
        events: Vec::new(),
        numbers: Some((top + 1, next - 1)),
        new_tickets,
    };
    let mut again = Vec::new();
    for (i, run) in numbered.iter().enumerate() {
        if !refused.contains(&i) {
            accepted
                .events
                .extend(run.iter().map(|(n, e)| (*n, (*e).clone())));
            continue;
        }
        let stored = stored_ids(&store, run).await?;
        let new: Vec<(u64, &Event)> = run
            .iter()
            .filter(|(_, e)| !stored.contains(e.id.as_str()))
            .copied()
            .collect();
        accepted
            .events
            .extend(new.iter().map(|(n, e)| (*n, (*e).clone())));
        again.push(record(run, &new, outbox));
    }
    for again in to_js_array(&again)?.iter() {
        fire(store.add(&again))?;
    }
    Ok(accepted)
}

/// The record of `run`'s numbers holding `events` (all of `run`, or those of them not stored).
fn record<'a>(
    run: &[(u64, &'a Event)],
    events: &[(u64, &'a Event)],
    outbox: Outbox,
) -> RecordRef<'a> {
    let range = (run[0].0, run[run.len() - 1].0);
    RecordRef::new(
        range,
        run[0].1.ticket_id.as_str(),
        events,
        outbox.send(),
        None,
    )
}

/// `events` once each, by ticket (tickets in order of first appearance).
fn by_ticket(events: &[Event]) -> Vec<Vec<&Event>> {
    let mut seen = HashSet::with_capacity(events.len());
    let mut slot: HashMap<&TicketId, usize> = HashMap::new();
    let mut runs: Vec<Vec<&Event>> = Vec::new();
    for event in events.iter().filter(|e| seen.insert(e.id.as_str())) {
        let i = *slot.entry(&event.ticket_id).or_insert_with(|| {
            runs.push(Vec::new());
            runs.len() - 1
        });
        runs[i].push(event);
    }
    runs
}

/// Which events of `run` the log holds.
async fn stored_ids<'a>(
    store: &IdbObjectStore,
    run: &[(u64, &'a Event)],
) -> Result<HashSet<&'a str>, StoreError> {
    let index = store.index(IDS).map_err(dom_error)?;
    let reads = run
        .iter()
        .map(|(_, e)| issue(index.get_key(&JsValue::from_str(e.id.as_str()))))
        .collect::<Result<Vec<_>, _>>()?;
    let mut stored = HashSet::new();
    for ((_, event), read) in run.iter().zip(reads) {
        if !read.result().await?.is_undefined() {
            stored.insert(event.id.as_str());
        }
    }
    Ok(stored)
}

/// The adds of a page's records, whose refusals for a key already stored are handled.
struct Adds {
    requests: Vec<IdbRequest>,
    on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Adds {
    fn issue(store: &IdbObjectStore, records: &[RecordRef]) -> Result<Self, StoreError> {
        let records = to_js_array(records)?;
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
        let mut requests = Vec::with_capacity(records.length() as usize);
        for record in records.iter() {
            let request = store.add(&record).map_err(dom_error)?;
            request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            requests.push(request);
        }
        Ok(Self { requests, on_error })
    }

    /// Waits until every add has settled and returns the positions of the refused records.
    async fn settle(self, store: &IdbObjectStore) -> Result<HashSet<usize>, StoreError> {
        // A transaction runs its requests in order: once this read succeeds every add has
        // settled (and if one aborted the transaction, this read fails).
        issue(store.get_key(&JsValue::from_f64(-1.0)))?
            .result()
            .await?;
        drop(self.on_error);
        let mut refused = HashSet::new();
        for (i, request) in self.requests.iter().enumerate() {
            match request.error().map_err(dom_error)? {
                None => {}
                Some(e) if e.name() == "ConstraintError" => {
                    refused.insert(i);
                }
                Some(e) => return Err(StoreError::from_dom(&e)),
            }
        }
        Ok(refused)
    }
}
