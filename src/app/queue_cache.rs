//! The queue's summary cache, seen from the desk: the first screen read from it at start-up,
//! the summaries of changed tickets written after each change, and those the cache lacks
//! written after a full load (by code loaded on demand, see [`write_summaries`]). The cache
//! itself is `crate::store::queue_cache`; a summary is `crate::domain::queue_summary`.

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::desk::{try_desk, Desk, DeskSignals};
use crate::domain::queue_summary::{profile_fingerprint, QueueSummary};
use crate::domain::ticket::Ticket;

/// Queue summaries written per transaction.
const SUMMARY_BATCH: usize = 1_000;

impl Desk {
    /// The queue's first screen from the summary cache, or `None` when the cache is missing,
    /// incomplete or unreadable (the caller then loads everything).
    pub async fn queue_preview(&self) -> Option<Vec<QueueSummary>> {
        let profile = self.profile_fingerprint();
        self.store
            .queue_preview(crate::app::queue_preview::PREVIEW_ROWS, &profile)
            .await
            .ok()
            .flatten()
    }

    /// The fingerprint the queue summaries are stored under.
    /// It names the versions known too: summaries computed before the desk's versions were
    /// known (a ticket kept on an older version shown with the active one's clocks) are not
    /// taken for those computed after.
    fn profile_fingerprint(&self) -> String {
        let engines = self.engines();
        let versions = &engines.versions().versions;
        let known: Vec<&str> = versions.iter().map(|v| v.version.as_str()).collect();
        profile_fingerprint(
            &self.profile.id,
            &format!("{}{}", self.profile_json, known.join(",")),
        )
    }

    pub(crate) fn summaries(&self, tickets: &[Arc<Ticket>]) -> Vec<QueueSummary> {
        let now = crate::app::clock::now();
        let engines = self.engines();
        tickets
            .iter()
            .map(|t| QueueSummary::new(engines.for_ticket(t), t, now))
            .collect()
    }

    /// Stores queue summaries, a batch per transaction; false when a write failed (a cache: a
    /// failure only means the next start-up reads everything before drawing, and writes them
    /// again).
    pub(crate) async fn put_summaries(&self, summaries: &[QueueSummary]) -> bool {
        let profile = self.profile_fingerprint();
        for batch in summaries.chunks(SUMMARY_BATCH) {
            if self
                .store
                .put_queue_summaries(batch, &profile)
                .await
                .is_err()
            {
                return false;
            }
        }
        true
    }

    /// Writes the summaries of the listed tickets that the cache lacks (every event write
    /// deletes its tickets' summaries, so those are exactly the ones that changed).
    pub(crate) async fn write_missing_summaries(&self, signals: DeskSignals) {
        let profile = self.profile_fingerprint();
        let Ok(have) = self.store.queue_summary_ids(&profile).await else {
            return;
        };
        // `None`: the cache is complete, no ticket lacks its summary. The ids are in IndexedDB's
        // order (UTF-16 units), Rust's but for ids mixing characters past U+FFFF with ones
        // from U+E000: such an id not found is written again, which changes nothing.
        let missing: Vec<Arc<Ticket>> = match have {
            None => Vec::new(),
            Some(have) => signals.tickets.with_untracked(|list| {
                list.iter()
                    .filter(|t| {
                        have.binary_search_by(|id| id.as_str().cmp(t.id.as_str()))
                            .is_err()
                    })
                    .cloned()
                    .collect()
            }),
        };
        let written = if missing.is_empty() {
            true
        } else {
            match write_summaries(missing).await {
                Ok(writing) => writing.await,
                // Its code could not be fetched: the next start-up reads everything, as
                // without a cache, and tries again.
                Err(_) => false,
            }
        };
        if written {
            crate::app::perf::mark("mesa:queue-cache-written");
        }
    }

    /// Computes and stores the summaries of `tickets` a batch at a time (so 100k tickets never
    /// hold all their summaries at once); false when a write failed.
    async fn put_summaries_of(&self, tickets: &[Arc<Ticket>]) -> bool {
        for batch in tickets.chunks(SUMMARY_BATCH) {
            if !self.put_summaries(&self.summaries(batch)).await {
                return false;
            }
        }
        true
    }
}

/// Summaries being written; true when all were.
type SummaryWrite = std::pin::Pin<Box<dyn std::future::Future<Output = bool>>>;

// Writing the queue's summary cache (their serializer, the cache's write path) is loaded on
// demand in the `split` build (src/app/split.rs): the queue only reads the cache to open, and a
// start-up whose cache is complete (the usual case: each change writes its tickets' summaries)
// never fetches it.
crate::split_fn!(
    queue_cache,
    fn write_summaries(tickets: Vec<Arc<Ticket>>) -> SummaryWrite {
        Box::pin(async move {
            match try_desk() {
                Some(desk) => desk.put_summaries_of(&tickets).await,
                None => false,
            }
        })
    }
);
