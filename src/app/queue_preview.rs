//! The queue's first screen before the full ticket list is read: summaries from the store's
//! queue cache (see [`crate::domain::queue_summary`]), shown until `loaded`. Provided as
//! context by the app; where it is absent (component tests) the queue is always loaded.

use leptos::prelude::*;

use crate::domain::queue_summary::QueueSummary;

/// How many summaries the first screen reads (more than a tall window shows).
pub const PREVIEW_ROWS: u32 = 40;

#[derive(Clone, Copy)]
pub struct QueuePreview {
    /// The first screen's summaries, nearest deadline first (`None`: no usable cache).
    pub summaries: RwSignal<Option<Vec<QueueSummary>>>,
    /// True once the full ticket list is in [`crate::app::desk::DeskSignals::tickets`].
    pub loaded: RwSignal<bool>,
}

impl QueuePreview {
    pub fn provide() -> Self {
        let preview = Self {
            summaries: RwSignal::new(None),
            loaded: RwSignal::new(false),
        };
        provide_context(preview);
        preview
    }

    /// Tells the pages the full list is loaded; the summaries are no longer needed.
    pub fn finish(self) {
        self.loaded.set(true);
        self.summaries.set(None);
    }
}
