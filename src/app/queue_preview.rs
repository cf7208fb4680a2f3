//! The queue's first screen before the full ticket list is read: summaries from the store's
//! queue cache (see [`crate::domain::queue_summary`]), shown until `loaded`, and a text search
//! over every ticket meanwhile ([`QueuePreview::search`], `crate::app::search_before_list`, whose
//! code and queueing are loaded on demand).
//! Provided as context by the app; where it is absent (component tests) the queue is always
//! loaded.

use leptos::prelude::*;

use crate::app::search_before_list::{forget_search_index, search, FoundBeforeList};
use crate::domain::queue::QueueFilter;
use crate::domain::queue_summary::QueueSummary;

/// How many summaries the first screen reads (more than a tall window shows), and how many
/// rows a search answers with before the full list is there.
pub const PREVIEW_ROWS: u32 = 40;

#[derive(Clone, Copy)]
pub struct QueuePreview {
    /// The first screen's summaries, nearest deadline first (`None`: no usable cache).
    pub summaries: RwSignal<Option<Vec<QueueSummary>>>,
    /// True once the full ticket list is in [`crate::app::desk::DeskSignals::tickets`].
    pub loaded: RwSignal<bool>,
    /// The latest text search answered before the full list is there, and its answer.
    pub found: RwSignal<Option<(QueueFilter, FoundBeforeList)>>,
}

impl QueuePreview {
    pub fn provide() -> Self {
        let preview = Self {
            summaries: RwSignal::new(None),
            loaded: RwSignal::new(false),
            found: RwSignal::new(None),
        };
        provide_context(preview);
        preview
    }

    /// Searches every ticket for `filter` while the full list loads; the answer comes in
    /// [`Self::found`] (none when the filter is not a text search alone, or the desk keeps no
    /// search index). Searches asked while one is answered wait, and only the latest is
    /// answered then.
    pub fn search(self, filter: QueueFilter) {
        if self.loaded.get_untracked() || filter.text.trim().is_empty() {
            return;
        }
        leptos::task::spawn_local(async move {
            // Its code not fetched (offline before the worker kept it): the first screen is
            // searched, as without an index.
            if let Ok(searching) = search(self, filter).await {
                searching.await;
            }
        });
    }

    /// Tells the pages the full list is loaded; the summaries and the search before it are no
    /// longer needed.
    pub fn finish(self) {
        self.loaded.set(true);
        self.summaries.set(None);
        self.found.set(None);
        forget_search_index();
    }
}
