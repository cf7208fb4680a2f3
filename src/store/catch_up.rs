//! What a store does when it opens (#21): it moves the outbox of a database from before version
//! 4 into the event records, starts the watermark of such a database at its last event (its
//! projection was written with its events), moves the event records of a database from before
//! version 5 into the log ([`super::log_move`]), and folds every event past the watermark — the
//! events a tab closed between a user action's two transactions left unfolded.

use std::collections::BTreeMap;

use wasm_bindgen::JsValue;

use super::error::StoreError;
use super::fold_module::{derive_loaded, load_fold};
use super::idb::{dom_error, fire, issue};
use super::schema::{EVENTS, LIST, LOG, META, META_QUEUE_COMPLETE, PENDING, QUEUE, TICKETS};
use super::watermark::{self, Marks};
use super::write::{cursor_number, last_number, put_tickets, stored_events, Folded};
use super::Store;
use crate::domain::event::{Event, TicketId};

/// Whether events wait past the watermark when a store opens.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Behind {
    Yes,
    No,
}

impl Store {
    /// Brings a freshly opened store up to date (see the module's text). The fold's code is
    /// fetched only when events wait past the watermark ([`super::fold_jobs`]); if it cannot
    /// be (offline before the service worker kept it), the store opens with the projection as
    /// it is, and the next action's second transaction folds those events too.
    pub(super) async fn caught_up(self) -> Result<Self, StoreError> {
        let mut behind = self.start_watermark().await?;
        if behind.is_none() {
            // A database from before version 5: its upgrade's code is fetched, and runs once.
            self.upgrade_old_log().await?;
            behind = self.start_watermark().await?;
        }
        if behind == Some(Behind::Yes) {
            if let Err(e) = self.catch_up().await {
                leptos::logging::warn!("events past the watermark are folded later: {e}");
            }
        }
        Ok(self)
    }

    /// Says whether events wait past the watermark (one transaction), or `None` when event
    /// records of a database from before version 5 wait to move into the log
    /// ([`super::log_move`]), which also starts the watermark of a database from before
    /// version 4.
    async fn start_watermark(&self) -> Result<Option<Behind>, StoreError> {
        let tx = self.write_raw(&[EVENTS, LOG, META])?;
        let marks = Marks::issue(&tx.store(META)?)?;
        let old = issue(tx.store(EVENTS)?.count())?;
        let top = last_number(&tx.store(LOG)?)?;
        let old = old.result().await?.as_f64().unwrap_or(0.0);
        let top = cursor_number(&top.result().await?);
        let folded = marks.read().await?.folded;
        tx.commit().await?;
        Ok(match folded {
            _ if old > 0.0 => None,
            Some(folded) if folded < top => Some(Behind::Yes),
            Some(_) => Some(Behind::No),
            // A database from before version 4 that holds no event.
            None => {
                let tx = self.write_raw(&[META])?;
                watermark::put(&tx.store(META)?, 0, 0)?;
                tx.commit().await?;
                Some(Behind::No)
            }
        })
    }

    /// Folds every event past the watermark into the projection, a bounded piece per
    /// transaction ([`super::derive::CATCH_UP_RECORDS`] log records). Returns how many tickets it
    /// folded again. Safe to run at any time.
    pub async fn catch_up(&self) -> Result<usize, StoreError> {
        load_fold().await?;
        let mut tickets = 0;
        loop {
            let tx = self.write_raw(&[LOG, TICKETS, META, QUEUE])?;
            let (tx, derived) = derive_loaded(tx, Default::default()).await?;
            self.commit_raw(tx).await?;
            tickets += derived.tickets.len();
            // The watermark stays where it is once nothing is past it.
            if derived.outbox.is_none() {
                break;
            }
        }
        self.seq_hint.set(None);
        Ok(tickets)
    }

    /// Rebuilds the whole `tickets` projection from the event log (one transaction), with the
    /// watermark at the last event and the outbox counted again, and clears the list's pages
    /// ([`super::list_pages`]), which no log record tells of this change. Returns how many
    /// tickets the projection holds.
    pub async fn rebuild_projection(&self) -> Result<usize, StoreError> {
        let tx = self.write_raw(&[LOG, TICKETS, META, LIST])?;
        fire(tx.store(LIST)?.clear())?;
        let log = tx.store(LOG)?;
        let all = issue(log.get_all())?;
        let count = issue(log.index(PENDING).map_err(dom_error)?.count())?;
        let top = last_number(&log)?;
        let stored = stored_events(all.result().await?)?;
        let count = count.result().await?.as_f64().unwrap_or(0.0) as u64;
        let top = cursor_number(&top.result().await?);
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
        let meta = tx.store(META)?;
        watermark::put(&meta, top, count)?;
        fire(meta.put_with_key(&JsValue::FALSE, &JsValue::from_str(META_QUEUE_COMPLETE)))?;
        self.commit_raw(tx).await?;
        Ok(folded.len())
    }
}
