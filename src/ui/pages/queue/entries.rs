//! The Bandeja's entries: each ticket with its clocks' summary, computed again only where
//! something changed, or the cached first screen while the full list loads.

use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::app::queue_preview::QueuePreview;
use crate::domain::queue::{refresh_entries, QueueEntry, Since};

use super::clock::now;

/// The entries, and whether they are still the cached first screen.
#[derive(Clone, Copy)]
pub(super) struct QueueEntries {
    pub entries: Memo<Vec<QueueEntry>>,
    /// True until the full list is loaded (the rows are then the cached first screen).
    pub loading: Signal<bool>,
}

/// The entries, computed again when the tickets change and when `minute` moves.
///
/// When only some tickets changed within the same minute (this tab's action), the others keep
/// the summary computed for them a moment ago: only the changed tickets' clocks are computed
/// again. A new minute computes again the clocks of the active tickets only (a closed ticket's
/// clocks have stopped). The previous entries are taken, not copied (`new_owning`).
///
/// Until the full list is loaded, the rows are the cached first screen (see
/// `crate::app::queue_preview`); those entries are never reused for the full list.
pub(super) fn use_queue_entries(minute: RwSignal<u64>) -> QueueEntries {
    let desk = use_desk();
    let signals = use_desk_signals();
    let computed_minute = StoredValue::new(None::<(u64, u64)>);
    let preview = use_context::<QueuePreview>();
    // Where the app provides no preview (component tests), the list is always loaded.
    let loading = Signal::derive(move || preview.is_some_and(|p| !p.loaded.get()));
    let engines_moved = desk.get().engines_moved;
    let entries = Memo::new_owning(move |previous: Option<Vec<QueueEntry>>| {
        let this_minute = minute.get();
        // The desk's process versions became known: every ticket's clocks again.
        let engines_now = engines_moved.get();
        let engines = desk.get().engines();
        let at = now();
        if let Some(summaries) = preview.filter(|_| loading.get()).and_then(|p| {
            p.summaries
                .with(|s| s.as_ref().map(|s| s.iter().map(|s| s.entry(at)).collect()))
        }) {
            computed_minute.set_value(None);
            return (summaries, true);
        }
        let since = computed_minute
            .get_value()
            .filter(|(_, e)| *e == engines_now)
            .map(|(m, _)| {
                if m == this_minute {
                    Since::TicketsChanged
                } else {
                    Since::TimePassed
                }
            });
        computed_minute.set_value(Some((this_minute, engines_now)));
        signals.tickets.with(|tickets| match (previous, since) {
            (Some(previous), Some(since)) => {
                refresh_entries(&engines, previous, tickets, at, since)
            }
            _ => (
                tickets
                    .iter()
                    .cloned()
                    .map(|t| QueueEntry::new(engines.for_ticket(&t), t, at))
                    .collect::<Vec<_>>(),
                true,
            ),
        })
    });
    QueueEntries { entries, loading }
}
