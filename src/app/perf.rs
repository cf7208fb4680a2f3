//! Performance marks (`performance.mark`) at the app's start-up milestones, so a benchmark (or
//! the browser's profiler) can read them relative to navigation start: `mesa:store-open`,
//! `mesa:queue-ready` (the first rows of the queue are in the DOM: from the summary cache when
//! it is current, see [`crate::app::queue_preview`]), `mesa:tickets-loaded` (the full list), and
//! `mesa:queue-cache-written` (the summaries the cache lacked are stored) and
//! `mesa:list-pages-written` (the list's pages are current, see [`crate::app::list_pages`]),
//! and, for a search typed while the list loads ([`crate::app::search_before_list`]):
//! `mesa:search-before-list` (it starts), `mesa:search-index-read` (the index it needs is read),
//! `mesa:search-index-scanned` and `mesa:search-rows-read` (its first rows' projections).

/// Marks `name` now. Does nothing where the Performance API is missing.
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}
