//! The Bandeja's filters (status, severity, kind, channel, level, customer, site, assignee,
//! breached, paused, outside contract) and its order, in a `<details>` under the search.
//!
//! One component on purpose: the queue is on the first load (goal: 400 KB gzip), and every way
//! of splitting these controls measured (components, plain functions, inlined or not, one
//! generic select) made that load 0.9–1.6 KB larger, over the goal (#19, #21).

use leptos::prelude::*;

use crate::app::desk_people::people_for_filter;
use crate::app::open_desk::use_desk;
use crate::domain::people::merge_names;
use crate::domain::queue::{distinct, QueueEntry, QueueFilter, Sort};
use crate::domain::ticket::{Status, Ticket};
use crate::ui::i18n::use_i18n;

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
    let set = move |f: fn(&mut QueueFilter, Option<String>)| {
        move |ev: leptos::ev::Event| {
            let v = event_target_value(&ev);
            filter.update(|q| f(q, Some(v).filter(|v| !v.is_empty())));
        }
    };
    let check = move |f: fn(&mut QueueFilter, bool)| {
        move |ev: leptos::ev::Event| {
            let on = event_target_checked(&ev);
            filter.update(|q| f(q, on));
        }
    };
    // The customer, site and assignee lists walk every ticket: made once the filters are first
    // opened (a desk of 100k tickets opens, and takes each sync's changes, without them), and
    // kept from then on (a filter chosen stays shown after the filters are closed).
    let opened = RwSignal::new(false);
    let options = move |field: fn(&Ticket) -> Option<&str>| match opened.get() {
        true => entries.with(|e| distinct(e, field)),
        false => Vec::new(),
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
    let names = move |list: Vec<String>| {
        list.into_iter()
            .map(|c| {
                let label = c.clone();
                view! { <option value=c>{label}</option> }
            })
            .collect_view()
    };
    let profile = desk.get().profile.clone();
    let channels = profile.registration.channels.clone();

    view! {
        <details class="filters" on:toggle=move |ev| {
            if !opened.get_untracked() {
                opened.set(true);
            }
            if people.with_untracked(Vec::is_empty) {
                read_people(ev)
            }
        }>
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
                        {profile.severities.iter().map(|s| { let name = s.name.clone(); view! { <option value=s.id.clone()>{move || i18n.pt(&name)}</option> } }).collect_view()}
                    </select>
                </label>
                <label>{move || i18n.t("queue.filter.kind")}
                    <select id="filter-kind" on:change=set(|f, v| f.kind = v)>
                        <option value="">{move || i18n.t("queue.filter.any")}</option>
                        {profile.request_kinds.iter().map(|k| { let name = k.name.clone(); view! { <option value=k.id.clone()>{move || i18n.pt(&name)}</option> } }).collect_view()}
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
                        {profile.levels.iter().map(|l| { let (n, name) = (l.number, l.name.clone()); view! { <option value=n.to_string()>{move || format!("{n} · {}", i18n.pt(&name))}</option> } }).collect_view()}
                    </select>
                </label>
                <label>{move || i18n.t("queue.filter.customer")}
                    <select id="filter-customer" on:change=set(|f, v| f.customer = v)>
                        <option value="">{move || i18n.t("queue.filter.any")}</option>
                        {move || names(options(|t| Some(t.customer.as_str())))}
                    </select>
                </label>
                <label>{move || i18n.t("queue.filter.site")}
                    <select id="filter-site" on:change=set(|f, v| f.site = v)>
                        <option value="">{move || i18n.t("queue.filter.any")}</option>
                        {move || names(options(|t| t.site.as_deref()))}
                    </select>
                </label>
                <label>{move || i18n.t("queue.filter.assignee")}
                    <select id="filter-assignee" on:change=set(|f, v| f.assignee = v)>
                        <option value="">{move || i18n.t("queue.filter.any")}</option>
                        {move || names(assignees())}
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
                <label class="check"><input id="filter-breached" type="checkbox" on:change=check(|f, on| f.only_breached = on)/>
                    {move || i18n.t("queue.filter.breached")}</label>
                <label class="check"><input id="filter-paused" type="checkbox" on:change=check(|f, on| f.only_paused = on)/>
                    {move || i18n.t("queue.filter.paused")}</label>
                <label class="check"><input id="filter-contract" type="checkbox" on:change=check(|f, on| f.only_outside_contract = on)/>
                    {move || i18n.t("queue.filter.outside_contract")}</label>
            </fieldset>
        </details>
    }
}
