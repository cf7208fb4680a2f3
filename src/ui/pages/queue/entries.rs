//! The Bandeja's entries: each ticket with its clocks' summary, computed again only where
//! something changed, or the cached first screen while the full list loads (or, when a text is
//! searched meanwhile, the first tickets it finds among all: `crate::app::search_before_list`).

use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::app::queue_preview::QueuePreview;
use crate::app::search_before_list::FoundBeforeList;
use crate::domain::queue::{refresh_entries, QueueEntry, QueueFilter, Since};

use super::clock::now;

/// The entries, and whether they are still the cached first screen.
#[derive(Clone, Copy)]
pub(super) struct QueueEntries {
    pub entries: Memo<Vec<QueueEntry>>,
    /// True until the full list is loaded (the rows are then the cached first screen).
    pub loading: Signal<bool>,
    /// While loading, how many tickets the search typed finds among all (`None`: no answer
    /// for it, the rows are the first screen's).
    pub found: Signal<Option<usize>>,
}

/// The entries, computed again when the tickets change and when `minute` moves.
///
/// When only some tickets changed within the same minute (this tab's action), the others keep
/// the summary computed for them a moment ago: only the changed tickets' clocks are computed
/// again. A new minute computes again the clocks of the active tickets only (a closed ticket's
/// clocks have stopped). The previous entries are taken, not copied (`new_owning`).
///
/// Until the full list is loaded, the rows are the cached first screen (see
/// `crate::app::queue_preview`), or the first tickets `filter`'s text finds among all once
/// that search is answered; those entries are never reused for the full list.
pub(super) fn use_queue_entries(
    minute: RwSignal<u64>,
    filter: RwSignal<QueueFilter>,
) -> QueueEntries {
    let desk = use_desk();
    let signals = use_desk_signals();
    let computed_minute = StoredValue::new(None::<(u64, u64)>);
    let preview = use_context::<QueuePreview>();
    // Where the app provides no preview (component tests), the list is always loaded.
    let loading = Signal::derive(move || preview.is_some_and(|p| !p.loaded.get()));
    let answered = Answered {
        preview,
        loading,
        filter,
    };
    let found = Signal::derive(move || answered.with(|found| found.total));
    let engines_moved = desk.get().engines_moved;
    let entries = Memo::new_owning(move |previous: Option<Vec<QueueEntry>>| {
        let this_minute = minute.get();
        // The desk's process versions became known: every ticket's clocks again.
        let engines_now = engines_moved.get();
        let engines = desk.get().engines();
        let at = now();
        if let Some(found) = answered.with(|found| found.entries.clone()) {
            computed_minute.set_value(None);
            return (found, true);
        }
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
    QueueEntries {
        entries,
        loading,
        found,
    }
}

/// The answer to the search typed while the list loads (`crate::app::queue_preview`).
#[derive(Clone, Copy)]
struct Answered {
    preview: Option<QueuePreview>,
    loading: Signal<bool>,
    filter: RwSignal<QueueFilter>,
}

impl Answered {
    /// `read` of the answer to the filter's search, while loading.
    fn with<T>(self, read: impl FnOnce(&FoundBeforeList) -> T) -> Option<T> {
        let preview = self.preview.filter(|_| self.loading.get())?;
        preview.found.with(|found| {
            found
                .as_ref()
                .filter(|(asked, _)| self.filter.with(|q| q == asked))
                .map(|(_, found)| read(found))
        })
    }
}
