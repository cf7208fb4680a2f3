//! "Bandeja": the active tickets, nearest deadline first, with filters, instant search, a live
//! countdown per row, and keyboard shortcuts (j/k to move, Enter to open, / to search, n for a
//! new ticket). The list is windowed: only the rows in view are in the DOM, so 100k tickets
//! scroll smoothly.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use std::sync::Arc;

use crate::app::desk::use_desk_signals;
use crate::app::desk_people::people_for_filter;
use crate::app::open_desk::use_desk;
use crate::app::queue_preview::QueuePreview;
use crate::domain::people::merge_names;
use crate::domain::queue::{
    distinct, order, refresh_entries, QueueEntry, QueueFilter, Since, Sort,
};
use crate::domain::queue_search::QueueSearch;
use crate::domain::ticket::Status;
use crate::ui::i18n::use_i18n;
use crate::ui::route::{go, Route};

use super::queue_row::{RowData, TicketRow};

/// Height of one row in pixels (the window arithmetic depends on it; see `style/main.css`).
pub(super) const ROW_HEIGHT: f64 = ROW_PX as f64;
/// A row's height in CSS pixels, for styles (written as an integer: formatting an `f64` would
/// bring the float formatter into the first load).
pub(super) const ROW_PX: usize = 112;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 4;

fn now() -> DateTime<Utc> {
    crate::app::clock::now()
}

#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();

    // Clock summaries are recomputed when the tickets change and once a minute (states move
    // from running to warning to breached as time passes); the countdown text ticks every second.
    let minute = RwSignal::new(0u64);
    let clock = RwSignal::new(now());
    let tick = set_interval_with_handle(
        move || {
            let t = now();
            clock.set(t);
            if t.timestamp() % 60 == 0 {
                minute.update(|m| *m += 1);
            }
        },
        std::time::Duration::from_secs(1),
    );
    on_cleanup(move || {
        if let Ok(handle) = tick {
            handle.clear();
        }
    });

    // When only some tickets changed within the same minute (this tab's action), the others
    // keep the summary computed for them a moment ago: only the changed tickets' clocks are
    // computed again. A new minute computes again the clocks of the active tickets only (a closed
    // ticket's clocks have stopped). The previous entries are taken, not copied (`new_owning`).
    //
    // Until the full list is loaded, the rows are the cached first screen (see
    // `crate::app::queue_preview`); those entries are never reused for the full list.
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

    let filter = RwSignal::new(QueueFilter::default());
    let sort = RwSignal::new(Sort::NextDeadline);
    // Sorted once per list (or sort change); a keystroke only filters the sorted indexes, or
    // the hits of a recent query it narrows (see `QueueSearch`).
    let search = Memo::new(move |_| {
        entries.with(|e| Search(Arc::new(QueueSearch::new(order(e, sort.get())))))
    });
    let hits =
        Memo::new(move |_| search.with(|s| entries.with(|e| filter.with(|f| s.0.hits(e, f)))));
    let selected = RwSignal::new(0usize);
    let scroll_top = RwSignal::new(0.0f64);
    let viewport = RwSignal::new(600.0f64);
    let list_ref = NodeRef::<leptos::html::Div>::new();
    let search_ref = NodeRef::<leptos::html::Input>::new();

    // Keyboard shortcuts, ignored while typing in a field.
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        let typing = ev
            .target()
            .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
            .map(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"))
            .unwrap_or(false);
        if typing || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let count = hits.with_untracked(|h| h.len());
        match ev.key().as_str() {
            "j" if count > 0 => {
                selected.update(|s| *s = (*s + 1).min(count - 1));
                scroll_into_view(list_ref, selected.get_untracked(), viewport.get_untracked());
            }
            "k" => {
                selected.update(|s| *s = s.saturating_sub(1));
                scroll_into_view(list_ref, selected.get_untracked(), viewport.get_untracked());
            }
            "Enter" if count > 0 => {
                let i = selected.get_untracked().min(count - 1);
                let id = hits
                    .with_untracked(|h| entries.with_untracked(|e| e[h[i]].ticket.id.0.clone()));
                go(&Route::Ticket(id));
            }
            "/" => {
                ev.prevent_default();
                if let Some(input) = search_ref.get_untracked() {
                    let _ = input.focus();
                }
            }
            "n" => go(&Route::NewTicket),
            _ => {}
        }
    });
    on_cleanup(move || keys.remove());

    let visible = move || {
        let total = hits.with(|h| h.len());
        let first = ((scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
        let last =
            (((scroll_top.get() + viewport.get()) / ROW_HEIGHT) as usize + OVERSCAN).min(total);
        (first.min(last)..last).collect::<Vec<_>>()
    };
    let on_scroll = move |_| {
        if let Some(el) = list_ref.get_untracked() {
            scroll_top.set(el.scroll_top() as f64);
            viewport.set(el.client_height() as f64);
        }
    };
    Effect::new(move |_| {
        if let Some(el) = list_ref.get() {
            viewport.set(el.client_height().max(300) as f64);
        }
    });
    // Once per page load, when the first rows are in the DOM: `performance.mark("mesa:queue-ready")`
    // (the open benchmark reads it; navigation start is its time origin).
    Effect::new(move |_| {
        if list_ref.get().is_some() {
            mark_ready();
        }
    });
    // A new search or filter starts at the top. The list is only scrolled when it is not at the
    // top already (known from its scroll events): setting `scrollTop` makes the browser lay the
    // page out at once, which was a third of a keystroke's time.
    Effect::new(move |_| {
        filter.track();
        selected.set(0);
        if scroll_top.get_untracked() != 0.0 {
            if let Some(el) = list_ref.get_untracked() {
                el.set_scroll_top(0);
            }
            scroll_top.set(0.0);
        }
    });

    let set = move |f: fn(&mut QueueFilter, Option<String>)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            filter.update(|q| f(q, Some(v).filter(|v| !v.is_empty())));
        }
    };
    let options = move |field: fn(&crate::domain::ticket::Ticket) -> Option<&str>| {
        entries.with(|e| distinct(e, field))
    };
    // The desk's people are listed by the assignee filter even before they have a ticket (read
    // when the filters are first opened: code loaded on demand, src/app/desk_people.rs).
    let people = RwSignal::new(Vec::new());
    let read_people = move |_| {
        leptos::task::spawn_local(async move {
            if let Ok(loading) = people_for_filter(desk.get()).await {
                people.set(loading.await)
            }
        })
    };
    let assignees = move || people.with(|p| merge_names(p, &options(|t| t.assignee.as_deref())));
    let severities = desk.get().profile.severities.clone();
    let kinds = desk.get().profile.request_kinds.clone();
    let levels = desk.get().profile.levels.clone();
    let channels = desk.get().profile.registration.channels.clone();

    view! {
        <section class="queue">
            <div class="queue-head">
                <h1>{move || i18n.t("queue.title")}</h1>
                <p class="count" role="status">
                    {move || if loading.get() {
                        i18n.t("queue.loading_rest")
                    } else {
                        i18n.t_count("queue.count", hits.with(|h| h.len()), &[])
                    }}
                </p>
            </div>
            <div class="search">
                <label for="queue-search" class="sr-only">{move || i18n.t("queue.search")}</label>
                <input id="queue-search" type="search" node_ref=search_ref disabled=move || loading.get()
                    placeholder=move || i18n.t("queue.search.placeholder")
                    on:input=move |ev| { let v = event_target_value(&ev); filter.update(|f| f.text = v); }
                    prop:value=move || filter.with(|f| f.text.clone())/>
            </div>
            <details class="filters" on:toggle=move |ev| if people.with_untracked(Vec::is_empty) { read_people(ev) }>
                <summary>{move || i18n.t("queue.filters")}</summary>
                <fieldset class="filter-grid" disabled=move || loading.get()>
                    <label>{move || i18n.t("queue.filter.status")}
                        <select id="filter-status" on:change=move |ev| {
                            let v = event_target_value(&ev);
                            filter.update(|f| f.status = Status::ALL.into_iter().find(|s| s.code() == v));
                        }>
                            <option value="">{move || i18n.t("queue.filter.active")}</option>
                            {Status::ALL.iter().map(|s| {
                                let key = format!("ticket.status.{}", s.code());
                                view! { <option value=s.code()>{move || i18n.t(&key)}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    <label>{move || i18n.t("queue.filter.severity")}
                        <select id="filter-severity" on:change=set(|f, v| f.severity = v)>
                            <option value="">{move || i18n.t("queue.filter.any")}</option>
                            {severities.iter().map(|s| { let name = s.name.clone(); view! { <option value=s.id.clone()>{move || i18n.pt(&name)}</option> } }).collect_view()}
                        </select>
                    </label>
                    <label>{move || i18n.t("queue.filter.kind")}
                        <select id="filter-kind" on:change=set(|f, v| f.kind = v)>
                            <option value="">{move || i18n.t("queue.filter.any")}</option>
                            {kinds.iter().map(|k| { let name = k.name.clone(); view! { <option value=k.id.clone()>{move || i18n.pt(&name)}</option> } }).collect_view()}
                        </select>
                    </label>
                    {(!channels.is_empty()).then(|| view! {
                        <label>{move || i18n.t("queue.filter.channel")}
                            <select id="filter-channel" on:change=set(|f, v| f.channel = v)>
                                <option value="">{move || i18n.t("queue.filter.any")}</option>
                                {channels.iter().map(|c| { let name = c.name.clone(); view! { <option value=c.id.clone()>{move || i18n.pt(&name)}</option> } }).collect_view()}
                            </select>
                        </label>
                    })}
                    <label>{move || i18n.t("queue.filter.level")}
                        <select id="filter-level" on:change=set(|f, v| f.level = v.and_then(|v| v.parse().ok()))>
                            <option value="">{move || i18n.t("queue.filter.any")}</option>
                            {levels.iter().map(|l| { let (n, name) = (l.number, l.name.clone()); view! { <option value=n.to_string()>{move || format!("{n} · {}", i18n.pt(&name))}</option> } }).collect_view()}
                        </select>
                    </label>
                    <label>{move || i18n.t("queue.filter.customer")}
                        <select id="filter-customer" on:change=set(|f, v| f.customer = v)>
                            <option value="">{move || i18n.t("queue.filter.any")}</option>
                            {move || options(|t| Some(t.customer.as_str())).into_iter().map(|c| { let label = c.clone(); view! { <option value=c>{label}</option> } }).collect_view()}
                        </select>
                    </label>
                    <label>{move || i18n.t("queue.filter.site")}
                        <select id="filter-site" on:change=set(|f, v| f.site = v)>
                            <option value="">{move || i18n.t("queue.filter.any")}</option>
                            {move || options(|t| t.site.as_deref()).into_iter().map(|c| { let label = c.clone(); view! { <option value=c>{label}</option> } }).collect_view()}
                        </select>
                    </label>
                    <label>{move || i18n.t("queue.filter.assignee")}
                        <select id="filter-assignee" on:change=set(|f, v| f.assignee = v)>
                            <option value="">{move || i18n.t("queue.filter.any")}</option>
                            {move || assignees().into_iter().map(|c| { let label = c.clone(); view! { <option value=c>{label}</option> } }).collect_view()}
                        </select>
                    </label>
                    <label>{move || i18n.t("queue.sort")}
                        <select id="queue-sort" on:change=move |ev| sort.set(match event_target_value(&ev).as_str() {
                            "newest" => Sort::Newest, "severity" => Sort::Severity, _ => Sort::NextDeadline })>
                            <option value="next_deadline">{move || i18n.t("queue.sort.next_deadline")}</option>
                            <option value="newest">{move || i18n.t("queue.sort.newest")}</option>
                            <option value="severity">{move || i18n.t("queue.sort.severity")}</option>
                        </select>
                    </label>
                    <label class="check"><input id="filter-breached" type="checkbox"
                        on:change=move |ev| { let on = event_target_checked(&ev); filter.update(|f| f.only_breached = on); }/>
                        {move || i18n.t("queue.filter.breached")}</label>
                    <label class="check"><input id="filter-paused" type="checkbox"
                        on:change=move |ev| { let on = event_target_checked(&ev); filter.update(|f| f.only_paused = on); }/>
                        {move || i18n.t("queue.filter.paused")}</label>
                    <label class="check"><input id="filter-contract" type="checkbox"
                        on:change=move |ev| { let on = event_target_checked(&ev); filter.update(|f| f.only_outside_contract = on); }/>
                        {move || i18n.t("queue.filter.outside_contract")}</label>
                </fieldset>
            </details>
            <Show
                when=move || { hits.with(|h| !h.is_empty()) }
                fallback=move || view! {
                    <p class="empty">{move || if signals.tickets.with(|t| t.is_empty()) { i18n.t("queue.empty") } else { i18n.t("queue.no_match") }}</p>
                }
            >
                <div class="rows" node_ref=list_ref on:scroll=on_scroll tabindex="-1">
                    <ul class="tickets" aria-label=move || i18n.t("queue.title")
                        prop:style=move || format!("height:{}px", hits.with(|h| h.len()) * ROW_PX)>
                        <For
                            each=visible
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

fn mark_ready() {
    thread_local! {
        static MARKED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if !MARKED.with(|m| m.replace(true)) {
        crate::app::perf::mark("mesa:queue-ready");
    }
}

fn scroll_into_view(list: NodeRef<leptos::html::Div>, index: usize, viewport: f64) {
    if let Some(el) = list.get_untracked() {
        let top = index as f64 * ROW_HEIGHT;
        let current = el.scroll_top() as f64;
        if top < current {
            el.set_scroll_top(top as i32);
        } else if top + ROW_HEIGHT > current + viewport {
            el.set_scroll_top((top + ROW_HEIGHT - viewport) as i32);
        }
    }
}
