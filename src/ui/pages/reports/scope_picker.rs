//! Whose report: the whole desk, one customer or one of its sites (the page a customer receives,
//! printed on its own).

use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::domain::report::ReportScope;
use crate::ui::i18n::I18n;

/// The customer and site selects; `scope` follows them.
pub(super) fn scope_picker(scope: RwSignal<ReportScope>, i18n: I18n) -> impl IntoView {
    let signals = use_desk_signals();
    let choices = Memo::new(move |_| signals.tickets.with(|t| ReportScope::choices(t)));
    let customer = move || match scope.get() {
        ReportScope::Desk => String::new(),
        ReportScope::Customer(c) | ReportScope::Site(c, _) => c,
    };
    let site = move || match scope.get() {
        ReportScope::Site(_, s) => s,
        _ => String::new(),
    };
    let set_customer = move |value: String| {
        scope.set(if value.is_empty() {
            ReportScope::Desk
        } else {
            ReportScope::Customer(value)
        });
    };
    let set_site = move |value: String| {
        let c = customer();
        scope.set(match (c.is_empty(), value.is_empty()) {
            (true, _) => ReportScope::Desk,
            (false, true) => ReportScope::Customer(c),
            (false, false) => ReportScope::Site(c, value),
        });
    };
    let customers = move || {
        choices.with(|c| {
            c.keys()
                .map(|name| view! { <option value=name.clone()>{name.clone()}</option> })
                .collect_view()
        })
    };
    let sites = move || {
        let c = customer();
        choices.with(|all| {
            all.get(&c).map(|sites| {
                sites
                    .iter()
                    .map(|s| view! { <option value=s.clone()>{s.clone()}</option> })
                    .collect_view()
            })
        })
    };
    view! {
        <label class="scope-picker">
            <span>{move || i18n.t("reports.scope.customer")}</span>
            <select id="report-customer" prop:value=customer on:change=move |ev| set_customer(event_target_value(&ev))>
                <option value="">{move || i18n.t("reports.scope.desk")}</option>
                {customers}
            </select>
        </label>
        <label class="scope-picker">
            <span>{move || i18n.t("reports.scope.site")}</span>
            <select id="report-site" prop:value=site disabled=move || customer().is_empty()
                on:change=move |ev| set_site(event_target_value(&ev))>
                <option value="">{move || i18n.t("reports.scope.all_sites")}</option>
                {sites}
            </select>
        </label>
    }
}

/// Whom the report is for, as its printed heading says; nothing for the whole desk.
pub(super) fn scope_heading(scope: &ReportScope, i18n: I18n) -> Option<String> {
    match scope {
        ReportScope::Desk => None,
        ReportScope::Customer(c) => {
            Some(i18n.t_with("reports.scope.for_customer", &[("customer", c)]))
        }
        ReportScope::Site(c, s) => {
            Some(i18n.t_with("reports.scope.for_site", &[("customer", c), ("site", s)]))
        }
    }
}
