//! The Bandeja's filter controls, one kind each: a choice among the process's lists, among the
//! names the tickets hold, of the status, of the order, and a yes/no box. Each writes its part
//! of the [`QueueFilter`] (or the [`Sort`]) as it changes.

use leptos::prelude::*;

use crate::domain::queue::{QueueFilter, Sort};
use crate::domain::ticket::Status;
use crate::ui::i18n::use_i18n;
use crate::ui::profile_lists::Choice;

/// Writes a choice into the filter (`None`: «any»).
type SetChoice = fn(&mut QueueFilter, Option<String>);

/// The choice `ev` made, as the filter takes it (empty: «any»).
fn chosen(ev: &leptos::ev::Event) -> Option<String> {
    Some(event_target_value(ev)).filter(|v| !v.is_empty())
}

/// A filter's select: its label, «any» first, then the `children` options; a change writes
/// the choice with `set`.
#[component]
fn FilterSelect(
    /// The select's id.
    id: &'static str,
    /// The label's locale key.
    label: &'static str,
    filter: RwSignal<QueueFilter>,
    set: SetChoice,
    children: Children,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>{move || i18n.t(label)}
            <select id=id on:change=move |ev| filter.update(|f| set(f, chosen(&ev)))>
                <option value="">{move || i18n.t("queue.filter.any")}</option>
                {children()}
            </select>
        </label>
    }
}

/// A filter over one of the process's lists (severity, kind, channel, level): each option by
/// its process name in the reader's language.
#[component]
pub(super) fn ListFilter(
    id: &'static str,
    /// The label's locale key.
    label: &'static str,
    /// Each option's value and its process (Spanish) name.
    options: Vec<Choice>,
    /// Shows the value before the name ("2 · Soporte en sitio", for the levels).
    #[prop(optional)]
    numbered: bool,
    filter: RwSignal<QueueFilter>,
    set: SetChoice,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = options
        .into_iter()
        .map(|(value, name)| {
            let shown = value.clone();
            let text = move || match numbered {
                true => format!("{shown} · {}", i18n.pt(&name)),
                false => i18n.pt(&name),
            };
            view! { <option value=value>{text}</option> }
        })
        .collect_view();
    view! { <FilterSelect id label filter set>{options}</FilterSelect> }
}

/// A filter over the names the tickets hold (customer, site, assignee).
#[component]
pub(super) fn NameFilter(
    id: &'static str,
    /// The label's locale key.
    label: &'static str,
    /// The names to offer (tracked: the list follows the tickets).
    names: Signal<Vec<String>>,
    filter: RwSignal<QueueFilter>,
    set: SetChoice,
) -> impl IntoView {
    let options = move || {
        names
            .get()
            .into_iter()
            .map(|name| {
                let label = name.clone();
                view! { <option value=name>{label}</option> }
            })
            .collect_view()
    };
    view! { <FilterSelect id label filter set>{options}</FilterSelect> }
}

/// The status: «active» (every ticket not closed) or one status.
#[component]
pub(super) fn StatusFilter(filter: RwSignal<QueueFilter>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
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
    }
}

/// The order: nearest deadline, newest, or severity.
#[component]
pub(super) fn SortChoice(sort: RwSignal<Sort>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label>{move || i18n.t("queue.sort")}
            <select id="queue-sort" on:change=move |ev| sort.set(match event_target_value(&ev).as_str() {
                "newest" => Sort::Newest, "severity" => Sort::Severity, _ => Sort::NextDeadline })>
                <option value="next_deadline">{move || i18n.t("queue.sort.next_deadline")}</option>
                <option value="newest">{move || i18n.t("queue.sort.newest")}</option>
                <option value="severity">{move || i18n.t("queue.sort.severity")}</option>
            </select>
        </label>
    }
}

/// A yes/no filter (only breached, only paused, only outside the contract).
#[component]
pub(super) fn FlagFilter(
    id: &'static str,
    /// The label's locale key.
    label: &'static str,
    filter: RwSignal<QueueFilter>,
    set: fn(&mut QueueFilter, bool),
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <label class="check"><input id=id type="checkbox" on:change=move |ev| {
            let on = event_target_checked(&ev);
            filter.update(|f| set(f, on));
        }/>
            {move || i18n.t(label)}</label>
    }
}
