//! Keeping the queue current while a sync pulls many pages (a first sync of 100k events): every
//! so often, the tickets the committed pages touched are read again from the projection and
//! merged into the reactive list, instead of reading every ticket (which costs O(tickets) each
//! time and dominated the end of a long pull). The end of the run still reads everything.

use std::collections::BTreeSet;

use leptos::prelude::*;

use crate::app::broadcast;
use crate::app::desk::{Desk, DeskSignals};
use crate::domain::event::{Event, TicketId};
use crate::domain::ticket_list::merge_tickets;
use crate::store::StoreError;

/// The queue is refreshed at most this often during a pull…
const REFRESH_MS: i64 = 2_000;
/// …and at most this share of the time (a refresh that took 300 ms waits 3 s).
const MAX_SHARE: i64 = 10;
/// Other tabs re-read every ticket when told: during a pull they are told at most this often
/// (the end of the run tells them again).
const BROADCAST_MS: i64 = 10_000;

/// The tickets committed since the last refresh, and when to refresh next.
pub struct PullRefresh {
    touched: BTreeSet<TicketId>,
    next_at: i64,
    next_broadcast_at: i64,
}

impl PullRefresh {
    pub fn new(now_ms: i64) -> Self {
        Self {
            touched: BTreeSet::new(),
            next_at: now_ms + REFRESH_MS,
            next_broadcast_at: now_ms + REFRESH_MS,
        }
    }

    /// A page of `events` was committed.
    pub fn committed(&mut self, events: &[Event]) {
        self.touched
            .extend(events.iter().map(|e| e.ticket_id.clone()));
    }

    /// Whether touched tickets wait for a refresh that is due at `now_ms`.
    pub fn is_due(&self, now_ms: i64) -> bool {
        !self.touched.is_empty() && now_ms >= self.next_at
    }

    /// Refreshes the touched tickets if it is time; tells the other tabs now and then.
    pub async fn maybe_run(
        &mut self,
        desk: &Desk,
        signals: DeskSignals,
        now_ms: impl Fn() -> i64,
    ) -> Result<(), StoreError> {
        let started = now_ms();
        if !self.is_due(started) {
            return Ok(());
        }
        let ids: Vec<TicketId> = std::mem::take(&mut self.touched).into_iter().collect();
        let fresh = desk.store.tickets_by_id(&ids).await?;
        signals.tickets.update(|list| merge_tickets(list, fresh));
        if started >= self.next_broadcast_at {
            broadcast::announce_change();
            self.next_broadcast_at = started + BROADCAST_MS;
        }
        let ended = now_ms();
        self.next_at = ended + REFRESH_MS.max((ended - started) * MAX_SHARE);
        Ok(())
    }
}
