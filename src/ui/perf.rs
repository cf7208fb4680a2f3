//! Performance marks (`performance.mark`) at the app's start-up milestones, so a benchmark (or
//! the browser's profiler) can read them relative to navigation start: `mesa:store-open`,
//! `mesa:tickets-loaded`, `mesa:queue-ready` (the first rows of the queue are in the DOM).

/// Marks `name` now. Does nothing where the Performance API is missing.
pub fn mark(name: &str) {
    if let Some(perf) = web_sys::window().and_then(|w| w.performance()) {
        let _ = perf.mark(name);
    }
}
