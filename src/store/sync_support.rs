//! What sync needs from the store besides the outbox ([`super::outbox`]): committing pulled
//! events together with the changes-feed checkpoint (then deriving their projections, as an
//! import does), and reading that checkpoint.

use wasm_bindgen::JsValue;

use super::fold_module::NewEvents;
use super::schema::{LOG, META};
use super::write::{write_events_only, WrittenRecords};
use super::{Outbox, Store, StoreError};
use crate::domain::event::Event;
use crate::domain::ticket::Ticket;

/// Pulled pages whose events are stored and whose projections are not derived yet: a sync
/// session stores each page with its checkpoint ([`Store::store_pulled`]) and derives several
/// pages at once ([`Store::derive_pulled`]), so a ticket spread over pages is folded once and
/// the pages' writes are not held up by folds. What a closed tab leaves here is folded at the
/// next open (every event past the watermark).
#[derive(Default)]
pub struct Underived {
    pages: Vec<NewEvents>,
    events: usize,
    /// A derive of the session left events for later (folded at the next write or open).
    missed: bool,
}

impl Underived {
    /// How many stored events wait for their projections.
    pub fn events(&self) -> usize {
        self.events
    }

    /// Whether every page stored was derived, every derive handing back its tickets.
    pub fn all_derived(&self) -> bool {
        self.pages.is_empty() && !self.missed
    }
}

impl Store {
    /// Commits pulled events (skipping known ids, NOT into the outbox) and the changes-feed
    /// checkpoint `checkpoint_json` under `meta[checkpoint_key]`, in ONE transaction; then
    /// derives the projections of their tickets in a second one (a tab closed in between
    /// loses nothing: the next open folds every event past the watermark). Returns how many
    /// events were new.
    ///
    /// `pulled` is what the session's earlier pages stored (a new one per sync session): with
    /// it, the tickets new to this device are told apart with a few reads per page, and folded
    /// with none (see [`WrittenRecords`]).
    pub async fn append_pulled(
        &self,
        events: &[Event],
        checkpoint_key: &str,
        checkpoint_json: &str,
        pulled: &mut WrittenRecords,
    ) -> Result<usize, StoreError> {
        let mut underived = Underived::default();
        let added = self
            .store_pulled(
                events,
                checkpoint_key,
                checkpoint_json,
                pulled,
                &mut underived,
            )
            .await?;
        let _ = self.derive_pulled(&mut underived).await;
        Ok(added)
    }

    /// The first half of [`Self::append_pulled`]: the page's events and its checkpoint in ONE
    /// transaction, what it stored left in `underived` for [`Self::derive_pulled`]. Returns how
    /// many events were new.
    pub async fn store_pulled(
        &self,
        events: &[Event],
        checkpoint_key: &str,
        checkpoint_json: &str,
        pulled: &mut WrittenRecords,
        underived: &mut Underived,
    ) -> Result<usize, StoreError> {
        let tx = self.write_raw(&[LOG, META])?;
        let outcome = match write_events_only(&tx, events, Outbox::Keep, pulled).await {
            Ok(written) => tx
                .store(META)?
                .put_with_key(
                    &JsValue::from_str(checkpoint_json),
                    &JsValue::from_str(checkpoint_key),
                )
                .map_err(super::idb::dom_error)
                .map(|_| written),
            Err(e) => Err(e),
        };
        let accepted = match outcome {
            Ok(written) => self.commit_raw(tx).await.map(|()| written),
            Err(e) => Err(e),
        };
        // Committed: the log's highest number is the last this page reserved.
        let hint = accepted
            .as_ref()
            .ok()
            .and_then(|a| a.numbers)
            .map(|(_, last)| last);
        self.seq_hint.set(hint);
        let accepted = accepted?;
        self.wrote_clocks(accepted.events.iter().map(|(_, e)| &e.hlc));
        pulled.note(&accepted);
        // Test builds: when the page's events were saved (the sync benchmark's «events
        // durable»), apart from when their projections are.
        #[cfg(feature = "test-hooks")]
        if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
            let _ = perf.mark("mesa:pulled-events-durable");
        }
        let added = accepted.events.len();
        underived.events += added;
        underived.pages.push(accepted);
        Ok(added)
    }

    /// Derives the projections of the pages in `underived` (see [`Self::derive_imported`]),
    /// leaving it empty. Returns the tickets derived, as now projected (none when the derive
    /// failed or was left for later: their events are folded by the next write or open, and
    /// [`Underived::all_derived`] is false from then on).
    pub async fn derive_pulled(&self, underived: &mut Underived) -> Vec<Ticket> {
        let pages = std::mem::take(&mut underived.pages);
        underived.events = 0;
        let mut tickets = Vec::new();
        if !pages.is_empty()
            && !self
                .derive_imported_then(pages, |folded| tickets.extend(folded))
                .await
        {
            underived.missed = true;
        }
        tickets
    }

    /// The checkpoint stored by [`Self::append_pulled`] under `key` (`None` when absent or
    /// unreadable: the next pull starts from the beginning and deduplicates).
    pub async fn checkpoint(&self, key: &str) -> Result<Option<serde_json::Value>, StoreError> {
        Ok(self
            .meta_string(key)
            .await?
            .and_then(|s| serde_json::from_str(&s).ok()))
    }
}
