//! Verifying on every core: the per-event checks (hash and signature, nearly all the cost) run
//! on one thread per core over chunks of the history. Native only (the domain stays
//! single-threaded and runs in the browser too). Shared by `mesa verify` and `bench-verify`.

use mesa::domain::event::Event;
use mesa::domain::evidence::{
    check_events, verify_checked, EventCheck, KeyBook, MonthAnchor, Verification,
};

/// [`verify_checked`] with the per-event checks (hash and signature, the costly part) spread over
/// the machine's cores.
pub fn verify_parallel(events: &[Event], anchor: Option<&MonthAnchor>) -> Verification {
    let book = KeyBook::from_events(events);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let chunk = events.len().div_ceil(threads).max(1);
    let checks: Vec<EventCheck> = std::thread::scope(|scope| {
        let handles: Vec<_> = events
            .chunks(chunk)
            .map(|part| (part, scope.spawn(|| check_events(&book, part))))
            .collect();
        handles
            .into_iter()
            // A thread that failed: its part is checked again here (never skipped).
            .flat_map(|(part, h)| h.join().unwrap_or_else(|_| check_events(&book, part)))
            .collect()
    });
    verify_checked(events, &book, &checks, anchor)
}
