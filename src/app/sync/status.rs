//! What the header and the Sincronizar page know of this tab's syncing: the run in progress,
//! the last report, and whether an endpoint is configured at all.

use leptos::prelude::*;

use super::{blobs, SyncError};

/// What one sync run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SyncReport {
    /// `Some(time)` when everything was pushed and the feed drained.
    pub done_at: Option<i64>,
    pub pushed: u64,
    pub pulled: u64,
    pub foreign: u64,
    /// Events the endpoint refused one by one (still in the outbox, with its reason).
    pub rejected: u64,
    /// The endpoint refused the stored cursor, so this run read its feed from the beginning.
    pub cursor_restarted: bool,
    pub error: Option<SyncError>,
    /// The attachment files moved after the events (none when the events failed).
    pub files: Option<blobs::FilesReport>,
}

/// The sync state of this tab, shared by the header and the settings page.
#[derive(Clone)]
pub struct SyncStatus {
    pub running: ArcRwSignal<bool>,
    /// `(pushed, pulled, total_hint)` of the run in progress.
    pub progress: ArcRwSignal<Option<(u64, u64, Option<u64>)>>,
    /// The last successful sync (ms since the epoch).
    pub last_ok: ArcRwSignal<Option<i64>>,
    /// The last finished run.
    pub last_report: ArcRwSignal<Option<SyncReport>>,
    /// The endpoint refused the stored cursor in some run of this tab (a later run does not
    /// hide that it happened: the periodic sync may follow at once).
    pub cursor_restarted: ArcRwSignal<bool>,
    /// While the run in progress waits to retry: the failure it retries.
    pub retrying: ArcRwSignal<Option<SyncError>>,
    /// Bumped when the outbox's rejected events may have changed (for the settings page).
    pub rejections: ArcRwSignal<u32>,
    /// Whether this device has an endpoint to sync with (`None` until its settings are read):
    /// the header says «Sin sincronización» rather than counting what waits for none.
    pub configured: ArcRwSignal<Option<bool>>,
}

thread_local! {
    static STATUS: SyncStatus = SyncStatus {
        running: ArcRwSignal::new(false),
        progress: ArcRwSignal::new(None),
        last_ok: ArcRwSignal::new(None),
        last_report: ArcRwSignal::new(None),
        cursor_restarted: ArcRwSignal::new(false),
        retrying: ArcRwSignal::new(None),
        rejections: ArcRwSignal::new(0),
        configured: ArcRwSignal::new(None),
    };
}

/// The sync state of this tab.
pub fn status() -> SyncStatus {
    STATUS.with(SyncStatus::clone)
}
