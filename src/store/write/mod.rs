//! How events are written: the general path every writer can use, the optimistic path of a
//! user action, and the path of an import batch. All three write, in the caller's ONE
//! transaction, the new events (skipping ids already stored), their outbox entries (when asked),
//! the sequence counter and the clock, the refreshed projection of every ticket with new events,
//! and delete those tickets' queue summaries (a cache that must never look newer than the
//! events).
//!
//! The projection of a ticket is its stored projection with the new events applied, when every
//! new event comes after every event stored (its clock is newer than the stored clock, which is
//! never older than any stored event): the fold applies events in clock order, so that is the
//! fold of all the ticket's events. Otherwise (an older event pulled late) the ticket's stored
//! events are read and everything is folded again.

mod import;
mod pull;

use std::collections::{BTreeMap, HashSet};

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::IdbObjectStore;

use super::codec::{from_js_all, from_js_opt, to_js_array};
use super::error::StoreError;
use super::idb::{dom_error, fire, issue, Pending, Tx};
use super::schema::{EVENTS, META, OUTBOX, QUEUE, TICKETS};
use crate::domain::event::{Event, TicketId};
use crate::domain::fold::{apply, fold_ticket};
use crate::domain::hlc::Hlc;
use crate::domain::ticket::Ticket;

pub(crate) use import::write_import_batch;
pub(crate) use pull::write_pulled;

/// An event as stored: the event document plus this device's local sequence number.
#[derive(Serialize, Deserialize)]
pub(crate) struct StoredEvent {
    pub seq: u64,
    #[serde(flatten)]
    pub event: Event,
}

/// [`StoredEvent`] as written (borrowing the event).
#[derive(Serialize)]
struct StoredEventRef<'a> {
    seq: u64,
    #[serde(flatten)]
    event: &'a Event,
}

/// An outbox entry: the id of an event not yet acknowledged by the sync endpoint, and why the
/// endpoint last refused it, if it did (`error: reason`, as the endpoint sent it).
#[derive(Serialize, Deserialize)]
pub(crate) struct OutboxEntry {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejected: Option<String>,
}

/// What a write did: how many events were new, and the sequence counter it left.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Written {
    pub added: usize,
    pub seq: u64,
}

/// The `meta` counter and clock, read inside the writing transaction.
struct Counters {
    seq: Pending,
    hlc: Pending,
}

impl Counters {
    fn issue(meta: &IdbObjectStore) -> Result<Self, StoreError> {
        Ok(Self {
            seq: issue(meta.get(&JsValue::from_str("seq")))?,
            hlc: issue(meta.get(&JsValue::from_str("hlc")))?,
        })
    }

    async fn read(self) -> Result<(u64, Stored), StoreError> {
        let seq = self.seq.result().await?.as_f64().unwrap_or(0.0) as u64;
        let hlc = self
            .hlc
            .result()
            .await?
            .as_string()
            .and_then(|s| s.parse::<Hlc>().ok());
        // Every build wrote the clock with the events; without one, nothing can be assumed
        // about the order of stored events unless there are none.
        let clock = match hlc {
            Some(hlc) => Stored::Clock(hlc),
            None if seq == 0 => Stored::Nothing,
            None => Stored::Unknown,
        };
        Ok((seq, clock))
    }
}

/// What the stored clock says about the order of the stored events.
enum Stored {
    /// No events stored.
    Nothing,
    /// Every stored event's clock is at most this.
    Clock(Hlc),
    /// Events stored without a readable clock.
    Unknown,
}

impl Stored {
    fn hlc(&self) -> Option<&Hlc> {
        match self {
            Self::Clock(hlc) => Some(hlc),
            _ => None,
        }
    }

    /// True when every event of `events` comes after every stored event.
    fn all_before(&self, events: &[&Event]) -> bool {
        match self {
            Self::Nothing => true,
            Self::Clock(stored) => events.iter().all(|e| &e.hlc > stored),
            Self::Unknown => false,
        }
    }
}

/// The stores a write touches.
struct Stores {
    events: IdbObjectStore,
    tickets: IdbObjectStore,
    meta: IdbObjectStore,
    outbox: IdbObjectStore,
    queue: IdbObjectStore,
}

impl Stores {
    fn of(tx: &Tx) -> Result<Self, StoreError> {
        Ok(Self {
            events: tx.store(EVENTS)?,
            tickets: tx.store(TICKETS)?,
            meta: tx.store(META)?,
            outbox: tx.store(OUTBOX)?,
            queue: tx.store(QUEUE)?,
        })
    }

    /// Issues the writes of `new` events numbered from `first_seq` (with `add` when
    /// `add_only`: an id already stored then aborts the transaction instead of being replaced),
    /// their outbox entries, and the counter and clock.
    fn put_events(
        &self,
        new: &[&Event],
        first_seq: u64,
        to_outbox: bool,
        add_only: bool,
        clock: Option<&Hlc>,
    ) -> Result<u64, StoreError> {
        let records: Vec<StoredEventRef> = new
            .iter()
            .enumerate()
            .map(|(i, event)| StoredEventRef {
                seq: first_seq + i as u64,
                event,
            })
            .collect();
        let records = to_js_array(&records)?;
        for record in records.iter() {
            if add_only {
                fire(self.events.add(&record))?;
            } else {
                fire(self.events.put(&record))?;
            }
        }
        if to_outbox {
            let entries: Vec<OutboxEntry> = new
                .iter()
                .map(|e| OutboxEntry {
                    id: e.id.0.clone(),
                    rejected: None,
                })
                .collect();
            for entry in to_js_array(&entries)?.iter() {
                fire(self.outbox.put(&entry))?;
            }
        }
        let last = first_seq + new.len() as u64 - 1;
        fire(
            self.meta
                .put_with_key(&JsValue::from_f64(last as f64), &JsValue::from_str("seq")),
        )?;
        let newest = new.iter().map(|e| &e.hlc).chain(clock).max();
        if let Some(newest) = newest {
            fire(self.meta.put_with_key(
                &JsValue::from_str(&newest.to_string()),
                &JsValue::from_str("hlc"),
            ))?;
        }
        Ok(last)
    }

    fn delete_summary(&self, ticket: &TicketId) -> Result<(), StoreError> {
        fire(self.queue.delete(&JsValue::from_str(ticket.as_str())))
    }

    fn put_tickets(&self, tickets: &[Ticket]) -> Result<(), StoreError> {
        if tickets.is_empty() {
            return Ok(());
        }
        for ticket in to_js_array(tickets)?.iter() {
            fire(self.tickets.put(&ticket))?;
        }
        Ok(())
    }

    fn get_ticket(&self, id: &TicketId) -> Result<Pending, StoreError> {
        issue(self.tickets.get(&JsValue::from_str(id.as_str())))
    }

    /// The tickets `events` name, each once in order of first mention, with the read of each
    /// one's stored projection (issued now, awaited by the caller).
    fn get_named_tickets<'a>(
        &self,
        events: impl Iterator<Item = &'a Event>,
    ) -> Result<(Vec<&'a TicketId>, Vec<Pending>), StoreError> {
        let mut seen = HashSet::new();
        let named: Vec<&TicketId> = events
            .map(|e| &e.ticket_id)
            .filter(|t| seen.insert(*t))
            .collect();
        let reads = named
            .iter()
            .map(|t| self.get_ticket(t))
            .collect::<Result<Vec<_>, _>>()?;
        Ok((named, reads))
    }
}

/// `base` (the fold of a ticket's stored events) with `later` applied: the fold of all of them
/// when every event of `later` comes after every stored one. `later` in canonical order.
fn extend(base: Option<Ticket>, later: &[&Event]) -> Option<Ticket> {
    match base {
        Some(mut ticket) => {
            for event in later {
                apply(&mut ticket, event);
            }
            Some(ticket)
        }
        // No stored projection: no stored opening event, so every stored event comes before
        // the opening (if `later` has it) and the fold skips it.
        None => fold_ticket(&later.iter().map(|e| (*e).clone()).collect::<Vec<_>>()),
    }
}

/// The new events of each ticket, in canonical order, tickets in id order.
fn by_ticket<'a>(new: &[&'a Event]) -> BTreeMap<&'a TicketId, Vec<&'a Event>> {
    let mut map: BTreeMap<&TicketId, Vec<&Event>> = BTreeMap::new();
    for event in new {
        map.entry(&event.ticket_id).or_default().push(event);
    }
    for events in map.values_mut() {
        events.sort_by(|a, b| a.order(b));
    }
    map
}

/// The general path: reads the counter, the clock, whether each event is stored and the stored
/// projection of every ticket named (one round trip), writes, and reads the stored events only
/// of the tickets that receive an event older than the stored clock (a second round trip).
pub(crate) async fn write_events(
    tx: &Tx,
    events: &[Event],
    to_outbox: bool,
) -> Result<Written, StoreError> {
    let stores = Stores::of(tx)?;
    let counters = Counters::issue(&stores.meta)?;
    let exists = events
        .iter()
        .map(|e| issue(stores.events.get_key(&JsValue::from_str(e.id.as_str()))))
        .collect::<Result<Vec<_>, _>>()?;
    let (named, projections) = stores.get_named_tickets(events.iter())?;

    let (seq, clock) = counters.read().await?;
    let mut seen = HashSet::new();
    let mut new: Vec<&Event> = Vec::new();
    for (event, exists) in events.iter().zip(exists) {
        // An id twice in one call is written once.
        if exists.result().await?.is_undefined() && seen.insert(event.id.as_str()) {
            new.push(event);
        }
    }
    let mut stored_projection: BTreeMap<&TicketId, Option<Ticket>> = BTreeMap::new();
    for (id, req) in named.iter().zip(projections) {
        stored_projection.insert(id, from_js_opt(&req.result().await?, "ticket projection")?);
    }
    if new.is_empty() {
        return Ok(Written { added: 0, seq });
    }

    let last = stores.put_events(&new, seq + 1, to_outbox, false, clock.hlc())?;
    let groups = by_ticket(&new);
    let mut tickets = Vec::with_capacity(groups.len());
    let mut refold = Vec::new();
    for (id, later) in &groups {
        // A ticket with no stored projection has no stored events, so no queue summary either
        // (the projection is written with its events, a summary only for stored events).
        if matches!(stored_projection.get(id), Some(Some(_))) {
            stores.delete_summary(id)?;
        }
        if clock.all_before(later) {
            let base = stored_projection.remove(id).flatten();
            tickets.extend(extend(base, later));
        } else {
            let index = stores.events.index("ticket_id").map_err(dom_error)?;
            refold.push((
                *id,
                issue(index.get_all_with_key(&JsValue::from_str(id.as_str())))?,
            ));
        }
    }
    for (id, req) in refold {
        let records: js_sys::Array = req.result().await?.unchecked_into();
        let stored: Vec<StoredEvent> = from_js_all(&records.to_vec(), "stored event")?;
        let mut all: Vec<Event> = stored.into_iter().map(|s| s.event).collect();
        all.extend(groups[id].iter().map(|e| (*e).clone()));
        tickets.extend(fold_ticket(&all));
    }
    stores.put_tickets(&tickets)?;
    Ok(Written {
        added: new.len(),
        seq: last,
    })
}

/// The optimistic path of a user action, for a caller that knows the sequence counter as of its
/// last write (`seq`): every write is issued at once, computed from that, together with reads of
/// the counter, the clock and the touched tickets' projections. When the reads show the
/// database as expected — the counter unchanged (no other tab wrote) and every event newer than
/// the stored clock (so none is stored, and each ticket's projection extends) — the projections
/// are written and `Some` is returned: the caller commits. Otherwise `None`: the caller aborts
/// the transaction (nothing of it is written) and takes the general path.
///
/// `events` must be non-empty with distinct ids. Events are written with `add`, so an id
/// already stored (which the clock rules out unless a record is corrupt) aborts the commit.
pub(crate) async fn write_events_expecting(
    tx: &Tx,
    events: &[Event],
    to_outbox: bool,
    seq: u64,
) -> Result<Option<Written>, StoreError> {
    let stores = Stores::of(tx)?;
    let counters = Counters::issue(&stores.meta)?;
    let new: Vec<&Event> = events.iter().collect();
    let groups = by_ticket(&new);
    let projections = groups
        .keys()
        .map(|t| stores.get_ticket(t))
        .collect::<Result<Vec<_>, _>>()?;
    let last = stores.put_events(&new, seq + 1, to_outbox, true, None)?;
    for id in groups.keys() {
        stores.delete_summary(id)?;
    }

    let (stored_seq, clock) = counters.read().await?;
    if stored_seq != seq || !clock.all_before(&new) {
        return Ok(None);
    }
    let mut tickets = Vec::with_capacity(groups.len());
    for ((_, later), req) in groups.iter().zip(projections) {
        let base = from_js_opt(&req.result().await?, "ticket projection")?;
        tickets.extend(extend(base, later));
    }
    stores.put_tickets(&tickets)?;
    Ok(Some(Written {
        added: new.len(),
        seq: last,
    }))
}
