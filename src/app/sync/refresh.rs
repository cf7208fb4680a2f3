//! Keeping the queue current while a sync pulls many pages (a first sync of 100k events): every
//! so often, the tickets the session derived from its pages are merged into the reactive list
//! as the derive folded them (no read of the projection back, and never every ticket, which
//! costs O(tickets) each time and dominated the end of a long pull). The end of the run shows
//! the rest ([`PullRefresh::show_rest`]), and reads everything again only when something may
//! have been missed (see [`crate::app::desk::Desk::refresh_after_pull`]).

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::app::broadcast;
use crate::app::desk::{Desk, DeskSignals};
use crate::domain::event::TicketId;
use crate::domain::ticket::Ticket;
use crate::domain::ticket_list::merge_newer;

/// The queue is refreshed at most this often during a pull…
const REFRESH_MS: i64 = 2_000;
/// …and at most this share of the time (a refresh that took 300 ms waits 3 s).
const MAX_SHARE: i64 = 10;
/// Other tabs re-read every ticket when told: during a pull they are told at most this often
/// (the end of the run tells them again).
const BROADCAST_MS: i64 = 10_000;

/// The tickets derived since the last refresh, and when to refresh next.
pub struct PullRefresh {
    derived: HashMap<TicketId, Ticket>,
    next_at: i64,
    next_broadcast_at: i64,
}

impl PullRefresh {
    pub fn new(now_ms: i64) -> Self {
        Self {
            derived: HashMap::new(),
            next_at: now_ms + REFRESH_MS,
            next_broadcast_at: now_ms + REFRESH_MS,
        }
    }

    /// The session derived these tickets (a later fold of a ticket replaces an earlier one).
    pub fn derived(&mut self, tickets: Vec<Ticket>) {
        self.derived
            .extend(tickets.into_iter().map(|t| (t.id.clone(), t)));
    }

    /// Shows every derived ticket not shown yet (the end of the run).
    pub fn show_rest(&mut self, signals: DeskSignals) {
        if self.derived.is_empty() {
            return;
        }
        let fresh: Vec<Arc<Ticket>> = std::mem::take(&mut self.derived)
            .into_values()
            .map(Arc::new)
            .collect();
        signals.tickets.update(|list| merge_newer(list, fresh));
    }

    /// The end of the run: shows the rest and leaves the list as it is when `merged` (every
    /// pulled page derived and merged, no read of the whole list meanwhile); otherwise reads
    /// everything again (which writes the list's pages if due; `run_sync` has them written
    /// otherwise).
    pub async fn finish(mut self, desk: &Desk, signals: DeskSignals, merged: bool) {
        if merged {
            self.show_rest(signals);
            let _ = desk.refresh_after_pull(signals).await;
        } else {
            let _ = desk.refresh(signals).await;
        }
    }

    /// Whether a refresh is due at `now_ms` (so the pages stored since are derived for it).
    pub fn is_due(&self, now_ms: i64) -> bool {
        now_ms >= self.next_at
    }

    /// Shows the derived tickets if it is time; tells the other tabs now and then.
    pub fn maybe_run(&mut self, signals: DeskSignals, now_ms: impl Fn() -> i64) {
        let started = now_ms();
        if self.derived.is_empty() || !self.is_due(started) {
            return;
        }
        self.show_rest(signals);
        if started >= self.next_broadcast_at {
            broadcast::announce_change();
            self.next_broadcast_at = started + BROADCAST_MS;
        }
        let ended = now_ms();
        self.next_at = ended + REFRESH_MS.max((ended - started) * MAX_SHARE);
    }
}
