//! The Bandeja's filters (status, severity, kind, channel, level, customer, site, assignee,
//! breached, paused, outside contract) and its order, in a `<details>` under the search; each
//! control is one of [`super::filter_fields`].

use leptos::prelude::*;

use crate::app::desk_people::people_for_filter;
use crate::app::open_desk::use_desk;
use crate::domain::people::merge_names;
use crate::domain::queue::{distinct, QueueEntry, QueueFilter, Sort};
use crate::domain::ticket::Ticket;
use crate::ui::i18n::use_i18n;
use crate::ui::profile_lists::ProfileLists;

use super::filter_fields::{FlagFilter, ListFilter, NameFilter, SortChoice, StatusFilter};

/// What the list shows and in which order: the filter (the search text is part of it) and the
/// sort.
#[derive(Clone, Copy)]
pub(super) struct Filters {
    pub filter: RwSignal<QueueFilter>,
    pub sort: RwSignal<Sort>,
}

impl Filters {
    /// Every active ticket, nearest deadline first.
    pub fn new() -> Self {
        Self {
            filter: RwSignal::new(QueueFilter::default()),
            sort: RwSignal::new(Sort::NextDeadline),
        }
    }
}

/// The filters and the sort; the customer, site and assignee lists come from `entries`.
#[component]
pub(super) fn FilterBar(
    filters: Filters,
    entries: Memo<Vec<QueueEntry>>,
    /// True while the list is the cached first screen (nothing to filter yet).
    loading: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let Filters { filter, sort } = filters;
    let names = move |field: fn(&Ticket) -> Option<&str>| {
        Signal::derive(move || entries.with(|e| distinct(e, field)))
    };
    // The desk's people are listed by the assignee filter even before they have a ticket (read
    // when the filters are first opened: code loaded on demand, src/app/desk_people.rs).
    let people = RwSignal::new(Vec::new());
    let read_people = move || {
        leptos::task::spawn_local(async move {
            if let Ok(loading) = people_for_filter(desk.get()).await {
                people.set(loading.await)
            }
        })
    };
    let assigned = names(|t| t.assignee.as_deref());
    let assignees = Signal::derive(move || people.with(|p| merge_names(p, &assigned.get())));
    let profile = desk.get().profile.clone();
    let ProfileLists {
        kinds,
        severities,
        channels,
    } = ProfileLists::of(&profile);
    let levels = profile
        .levels
        .iter()
        .map(|l| (l.number.to_string(), l.name.clone()))
        .collect::<Vec<_>>();

    view! {
        <details class="filters" on:toggle=move |_| if people.with_untracked(Vec::is_empty) { read_people() }>
            <summary>{move || i18n.t("queue.filters")}</summary>
            <fieldset class="filter-grid" disabled=move || loading.get()>
                <StatusFilter filter/>
                <ListFilter id="filter-severity" label="queue.filter.severity" options=severities filter set=|f, v| f.severity = v/>
                <ListFilter id="filter-kind" label="queue.filter.kind" options=kinds filter set=|f, v| f.kind = v/>
                {(!channels.is_empty()).then(|| view! {
                    <ListFilter id="filter-channel" label="queue.filter.channel" options=channels filter set=|f, v| f.channel = v/>
                })}
                <ListFilter id="filter-level" label="queue.filter.level" options=levels numbered=true filter
                    set=|f, v| f.level = v.and_then(|v| v.parse().ok())/>
                <NameFilter id="filter-customer" label="queue.filter.customer" names=names(|t| Some(t.customer.as_str())) filter
                    set=|f, v| f.customer = v/>
                <NameFilter id="filter-site" label="queue.filter.site" names=names(|t| t.site.as_deref()) filter set=|f, v| f.site = v/>
                <NameFilter id="filter-assignee" label="queue.filter.assignee" names=assignees filter set=|f, v| f.assignee = v/>
                <SortChoice sort/>
                <FlagFilter id="filter-breached" label="queue.filter.breached" filter set=|f, on| f.only_breached = on/>
                <FlagFilter id="filter-paused" label="queue.filter.paused" filter set=|f, on| f.only_paused = on/>
                <FlagFilter id="filter-contract" label="queue.filter.outside_contract" filter set=|f, on| f.only_outside_contract = on/>
            </fieldset>
        </details>
    }
}
