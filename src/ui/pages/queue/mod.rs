//! "Bandeja": the active tickets, nearest deadline first, with filters, instant search, a live
//! countdown per row, and keyboard shortcuts (j/k to move, Enter to open, / to search, n for a
//! new ticket). The list is windowed: only the rows in view are in the DOM, so 100k tickets
//! scroll smoothly. In pieces: the clock ([`clock`]), the entries ([`entries`]), the filters
//! ([`filters`]), the list ([`list`]) and its rows ([`row`]), the shortcuts ([`keys`]).

mod clock;
mod entries;
mod filters;
mod keys;
mod list;
mod row;

use std::sync::Arc;

use leptos::prelude::*;

use crate::app::queue_preview::QueuePreview;
use crate::domain::queue::order;
use crate::domain::queue_search::QueueSearch;
use crate::ui::i18n::use_i18n;

use clock::use_queue_clock;
use entries::{use_queue_entries, QueueEntries};
use filters::{FilterBar, Filters};
use keys::use_queue_keys;
use list::{ListWindow, TicketList};
// The reports write their times as the rows do.
pub(crate) use row::local_minute;

#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_queue_clock();
    let filters = Filters::new();
    let Filters { filter, sort } = filters;
    let QueueEntries {
        entries,
        loading,
        found,
    } = use_queue_entries(clock.minute, filter);
    // Sorted once per list (or sort change); a keystroke only filters the sorted indexes, or
    // the hits of a recent query it narrows (see `QueueSearch`).
    let search = Memo::new(move |_| {
        entries.with(|e| Search(Arc::new(QueueSearch::new(order(e, sort.get())))))
    });
    let hits =
        Memo::new(move |_| search.with(|s| entries.with(|e| filter.with(|f| s.0.hits(e, f)))));
    let window = ListWindow::new();
    let search_ref = NodeRef::<leptos::html::Input>::new();
    use_queue_keys(hits, entries, window, search_ref);
    // A new search or filter starts at the top; while the list loads, a text is searched
    // among all the tickets (src/app/search_before_list.rs).
    let preview = use_context::<QueuePreview>();
    Effect::new(move |_| {
        let filter = filter.get();
        window.to_top();
        if let Some(preview) = preview {
            preview.search(filter);
        }
    });

    view! {
        <section class="queue" aria-busy=move || loading.get().to_string()>
            <div class="queue-head">
                <h1>{move || i18n.t("queue.title")}</h1>
                <p class="count" role="status">
                    {move || if loading.get() {
                        match found.get() {
                            Some(n) => format!("{} · {}", i18n.t_count("queue.count", n, &[]), i18n.t("queue.loading_rest")),
                            None => i18n.t("queue.loading_rest"),
                        }
                    } else {
                        i18n.t_count("queue.count", hits.with(|h| h.len()), &[])
                    }}
                </p>
            </div>
            <div class="search">
                <label for="queue-search" class="sr-only">{move || i18n.t("queue.search")}</label>
                // Open from the first screen: what is typed while the rest loads searches every
                // ticket through the stored search index (the first screen where a desk keeps
                // none), and the whole list as soon as it is there («Cargando el resto…» says
                // so meanwhile).
                <input id="queue-search" type="search" node_ref=search_ref
                    placeholder=move || i18n.t("queue.search.placeholder")
                    on:input=move |ev| { let v = event_target_value(&ev); filter.update(|f| f.text = v); }
                    prop:value=move || filter.with(|f| f.text.clone())/>
            </div>
            <FilterBar filters entries loading/>
            <TicketList hits entries window clock=clock.time/>
            <p class="shortcuts">{move || i18n.t("queue.shortcuts")}</p>
        </section>
    }
}

/// One list's [`QueueSearch`]; a new list is always a change (its remembered hits belong to it).
#[derive(Clone)]
struct Search(Arc<QueueSearch>);

impl PartialEq for Search {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}
