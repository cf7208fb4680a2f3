//! The Bandeja's list, windowed: only the rows in view (and a few around them) are in the DOM,
//! placed at their height in a list as tall as all the hits, so 100k tickets scroll smoothly.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::domain::queue::QueueEntry;
use crate::ui::i18n::use_i18n;

use super::row::{RowData, TicketRow};

/// Height of one row in pixels (the window arithmetic depends on it; see `style/main.css`).
const ROW_HEIGHT: f64 = ROW_PX as f64;
/// A row's height in CSS pixels, for styles (written as an integer: formatting an `f64` would
/// bring the float formatter into the first load).
pub(super) const ROW_PX: usize = 112;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 4;

/// Where the list is scrolled, how tall it shows, and the row selected (j/k).
#[derive(Clone, Copy)]
pub(super) struct ListWindow {
    pub list: NodeRef<leptos::html::Div>,
    pub scroll_top: RwSignal<f64>,
    pub viewport: RwSignal<f64>,
    pub selected: RwSignal<usize>,
}

impl ListWindow {
    pub fn new() -> Self {
        Self {
            list: NodeRef::new(),
            scroll_top: RwSignal::new(0.0),
            viewport: RwSignal::new(600.0),
            selected: RwSignal::new(0),
        }
    }

    /// The positions of the rows to render, of `total`.
    fn visible(self, total: usize) -> Vec<usize> {
        let first = ((self.scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
        let last = (((self.scroll_top.get() + self.viewport.get()) / ROW_HEIGHT) as usize
            + OVERSCAN)
            .min(total);
        (first.min(last)..last).collect()
    }

    /// Scrolls just enough for the selected row to be in view.
    pub fn show_selected(self) {
        if let Some(el) = self.list.get_untracked() {
            let top = self.selected.get_untracked() as f64 * ROW_HEIGHT;
            let viewport = self.viewport.get_untracked();
            let current = el.scroll_top() as f64;
            if top < current {
                el.set_scroll_top(top as i32);
            } else if top + ROW_HEIGHT > current + viewport {
                el.set_scroll_top((top + ROW_HEIGHT - viewport) as i32);
            }
        }
    }

    /// Back to the first row. The list is only scrolled when it is not at the top already
    /// (known from its scroll events): setting `scrollTop` makes the browser lay the page out
    /// at once, which was a third of a keystroke's time.
    pub fn to_top(self) {
        self.selected.set(0);
        if self.scroll_top.get_untracked() != 0.0 {
            if let Some(el) = self.list.get_untracked() {
                el.set_scroll_top(0);
            }
            self.scroll_top.set(0.0);
        }
    }
}

/// The hits (positions in `entries`) as rows, or a line saying there are none.
#[component]
pub(super) fn TicketList(
    hits: Memo<Vec<usize>>,
    entries: Memo<Vec<QueueEntry>>,
    window: ListWindow,
    /// The time the countdowns count from (every second).
    clock: RwSignal<DateTime<Utc>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();
    let ListWindow {
        list,
        scroll_top,
        viewport,
        selected,
    } = window;
    let on_scroll = move |_| {
        if let Some(el) = list.get_untracked() {
            scroll_top.set(el.scroll_top() as f64);
            viewport.set(el.client_height() as f64);
        }
    };
    Effect::new(move |_| {
        if let Some(el) = list.get() {
            viewport.set(el.client_height().max(300) as f64);
        }
    });
    // Once per page load, when the first rows are in the DOM: `performance.mark("mesa:queue-ready")`
    // (the open benchmark reads it; navigation start is its time origin).
    Effect::new(move |_| {
        if list.get().is_some() {
            mark_ready();
        }
    });
    view! {
        <Show
            when=move || { hits.with(|h| !h.is_empty()) }
            fallback=move || view! {
                <p class="empty">{move || if signals.tickets.with(|t| t.is_empty()) { i18n.t("queue.empty") } else { i18n.t("queue.no_match") }}</p>
            }
        >
            <div class="rows" node_ref=list on:scroll=on_scroll tabindex="-1">
                <ul class="tickets" aria-label=move || i18n.t("queue.title")
                    prop:style=move || format!("height:{}px", hits.with(|h| h.len()) * ROW_PX)>
                    <For
                        each=move || window.visible(hits.with(|h| h.len()))
                        key=|i| *i
                        children=move |i| {
                            let row = Memo::new(move |_| hits.with(|h| {
                                h.get(i).and_then(|&j| entries.with(|e| e.get(j).map(|entry| RowData::of(&desk.get(), entry))))
                            }));
                            view! {
                                <TicketRow row position=i selected=Signal::derive(move || selected.get() == i) clock=clock.into()/>
                            }
                        }
                    />
                </ul>
            </div>
        </Show>
    }
}

fn mark_ready() {
    thread_local! {
        static MARKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if !MARKED.with(|m| m.replace(true)) {
        crate::app::perf::mark("mesa:queue-ready");
    }
}
