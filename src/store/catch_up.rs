//! What a store does when it opens (#21): it moves the outbox of a database from before version
//! 4 into the event records, starts the watermark of such a database at its last event (its
//! projection was written with its events), and folds every event past the watermark — the
//! events a tab closed between a user action's two transactions left unfolded.

use std::collections::BTreeMap;

use super::derive::derive;
use super::error::StoreError;
use super::idb::{dom_error, fire, issue};
use super::outbox::move_legacy_outbox;
use super::schema::{EVENTS, META, OUTBOX, PENDING, QUEUE, TICKETS};
use super::watermark::{self, Marks};
use super::write::{cursor_key, last_key, put_tickets, stored_events, Folded};
use super::Store;
use crate::domain::event::{Event, TicketId};

impl Store {
    /// Brings a freshly opened store up to date (see the module's text).
    pub(super) async fn caught_up(self) -> Result<Self, StoreError> {
        self.start_watermark().await?;
        self.catch_up().await?;
        Ok(self)
    }

    /// Moves a legacy outbox into the records and, in a database from before version 4,
    /// starts the watermark at the last event with the outbox counted once (one transaction).
    async fn start_watermark(&self) -> Result<(), StoreError> {
        let tx = self.write_raw(&[OUTBOX, EVENTS, META])?;
        let meta = tx.store(META)?;
        let marks = Marks::issue(&meta)?;
        move_legacy_outbox(&tx).await?;
        if marks.read().await?.folded.is_none() {
            let events = tx.store(EVENTS)?;
            let top = last_key(&events, "seq")?;
            let pending = events.index(PENDING).map_err(dom_error)?;
            let count = issue(pending.count())?;
            let top = cursor_key(&top.result().await?).and_then(|k| k.as_f64());
            let count = count.result().await?.as_f64().unwrap_or(0.0);
            watermark::put(&meta, top.unwrap_or(0.0) as u64, count as u64)?;
        }
        tx.commit().await
    }

    /// Folds every event past the watermark into the projection (one transaction). Returns
    /// how many tickets it folded again. Safe to run at any time.
    pub async fn catch_up(&self) -> Result<usize, StoreError> {
        let tx = self.write_raw(&[EVENTS, TICKETS, META, QUEUE])?;
        let derived = derive(&tx, &[]).await?;
        self.commit_raw(tx).await?;
        self.seq_hint.set(None);
        Ok(derived.tickets.len())
    }

    /// Rebuilds the whole `tickets` projection from the event log (one transaction), with the
    /// watermark at the last event and the outbox counted again. Returns how many tickets the
    /// projection holds.
    pub async fn rebuild_projection(&self) -> Result<usize, StoreError> {
        let tx = self.write_raw(&[EVENTS, TICKETS, META])?;
        let stores = tx.store(EVENTS)?;
        let all = issue(stores.get_all())?;
        let count = issue(stores.index(PENDING).map_err(dom_error)?.count())?;
        let stored = stored_events(all.result().await?)?;
        let count = count.result().await?.as_f64().unwrap_or(0.0) as u64;
        let top = stored.iter().map(|s| s.seq).max().unwrap_or(0);
        let mut by_ticket: BTreeMap<TicketId, Vec<Event>> = BTreeMap::new();
        for s in stored.into_iter().filter(|s| !s.event.kind.is_desk()) {
            by_ticket
                .entry(s.event.ticket_id.clone())
                .or_default()
                .push(s.event);
        }
        let folded: Vec<Folded> = by_ticket.values().filter_map(|e| Folded::of(e)).collect();
        let tickets = tx.store(TICKETS)?;
        fire(tickets.clear())?;
        put_tickets(&tickets, &folded)?;
        watermark::put(&tx.store(META)?, top, count)?;
        self.commit_raw(tx).await?;
        Ok(folded.len())
    }
}
