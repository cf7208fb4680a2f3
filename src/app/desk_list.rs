//! Reading the whole ticket list again ([`Desk::refresh`]: start-up, another tab's change, a
//! sync), and what a sync does instead when its merges already made the list the store's
//! ([`Desk::refresh_after_pull`]). A read of the whole list replaces the list held, so a sync
//! must know whether one was under way while it merged ([`ListReads`]).
//!
//! ```ignore
//! let mark = desk.list_reads();
//! // … a sync run merges the tickets it derives into the list …
//! if desk.list_read_since(mark) {
//!     desk.refresh(signals).await?;
//! } else {
//!     desk.refresh_after_pull(signals).await?;
//! }
//! ```

use std::cell::Cell;

use crate::app::desk::{try_desk, Desk, DeskSignals};
use crate::store::StoreError;
use leptos::prelude::*;

/// Moves when a read of the whole list begins or ends, and counts those under way.
#[derive(Default)]
pub struct ListReads {
    moves: Cell<u64>,
    under_way: Cell<u32>,
}

/// A read of the whole list under way, ended when dropped.
struct WholeListRead<'a>(&'a ListReads);

impl<'a> WholeListRead<'a> {
    fn begin(reads: &'a ListReads) -> Self {
        reads.moves.set(reads.moves.get() + 1);
        reads.under_way.set(reads.under_way.get() + 1);
        Self(reads)
    }
}

impl Drop for WholeListRead<'_> {
    fn drop(&mut self) {
        self.0.moves.set(self.0.moves.get() + 1);
        self.0.under_way.set(self.0.under_way.get() - 1);
    }
}

impl Desk {
    /// Reads every ticket and the outbox size again (start-up, sync, another tab's change).
    /// Then, in the background, writes the queue summaries the cache lacks and the list's
    /// pages when they are due ([`crate::app::list_pages`]).
    pub async fn refresh(&self, signals: DeskSignals) -> Result<(), StoreError> {
        let _reading = WholeListRead::begin(&self.list_reads);
        self.forget_shared_if_read(signals);
        // The list held meanwhile shares its unchanged tickets with the new one.
        let known = signals.tickets.get_untracked();
        // Not loaded on demand: a due pass or a sync refreshes while offline, before the
        // service worker may have kept that code (journey 65 failed so).
        let read = self.store.ticket_list_reusing(&known).await?;
        drop(known);
        let pages = crate::app::list_pages::pages_to_write(&read);
        signals.tickets.set(read.tickets);
        signals.outbox.set(self.store.outbox_len().await?);
        leptos::task::spawn_local(async move {
            if let Some(desk) = try_desk() {
                desk.write_missing_summaries(signals).await;
                desk.write_list_pages_if_due(pages).await;
            }
        });
        Ok(())
    }

    /// A mark of the reads of the whole list, for [`Desk::list_read_since`].
    pub fn list_reads(&self) -> u64 {
        self.list_reads.moves.get()
    }

    /// Whether a read of the whole list began, ended or is under way since `mark` was taken
    /// ([`Desk::list_reads`]): one could set a list read before the caller's changes.
    pub fn list_read_since(&self, mark: u64) -> bool {
        self.list_reads.moves.get() != mark || self.list_reads.under_way.get() > 0
    }

    /// [`Desk::refresh`] after a sync that merged every ticket it derived into the list, with
    /// no read of the whole list during its run ([`Desk::list_read_since`]): the list
    /// is the store's then, and reading it again (1.3 s at 100k tickets, after every sync, even
    /// one that pulled nothing) is left out. The outbox size is read, the desk's shared
    /// records forgotten, and the queue summaries the cache lacks written in the background.
    /// The list's pages are then written by the sync when due, from a read made for them
    /// ([`crate::app::list_pages::write_after_pull`]): a list held in memory cannot tell which
    /// watermark it matches.
    pub async fn refresh_after_pull(&self, signals: DeskSignals) -> Result<(), StoreError> {
        self.forget_shared_if_read(signals);
        signals.outbox.set(self.store.outbox_len().await?);
        leptos::task::spawn_local(async move {
            if let Some(desk) = try_desk() {
                desk.write_missing_summaries(signals).await;
            }
        });
        Ok(())
    }
}
