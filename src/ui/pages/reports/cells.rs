//! Table pieces shared by the report's sections: the tickets behind a number (as links), a
//! verdict in words, the compliance cells and headings.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::domain::report::{Compliance, MonthlyReport, Refs};
use crate::ui::i18n::{I18n, Locale};

use super::format::opt_pct;

/// Ticket number → ticket id, for links.
pub(super) type Ids = HashMap<String, String>;

pub(super) fn ids_of(report: &MonthlyReport) -> Ids {
    report
        .tickets
        .iter()
        .flat_map(|t| {
            [
                (t.number.clone(), t.id.clone()),
                (t.id.clone(), t.id.clone()),
            ]
        })
        .filter(|(k, _)| !k.is_empty())
        .collect()
}

/// A count; when it is not zero, an expandable list of its tickets as links.
pub(super) fn refs_view(refs: &Refs, ids: &Ids, i18n: I18n) -> AnyView {
    let count = refs.count.to_string();
    if refs.count == 0 {
        return view! { <span class="refs-zero">{count}</span> }.into_any();
    }
    let links = refs
        .tickets
        .iter()
        .map(|n| {
            let id = ids.get(n).cloned().unwrap_or_else(|| n.clone());
            let href = format!("#/ticket/{id}");
            let n = n.clone();
            view! { <li><a href=href>{n}</a></li> }
        })
        .collect_view();
    view! {
        <details class="refs">
            <summary>
                {count}
                <span class="sr-only">" · " {i18n.t("reports.tickets")}</span>
            </summary>
            <ul class="ref-list">{links}</ul>
        </details>
    }
    .into_any()
}

pub(super) fn verdict(meets: Option<bool>, i18n: I18n) -> AnyView {
    match meets {
        Some(true) => {
            view! { <span class="verdict ok">"✓ " {i18n.t("reports.meets")}</span> }.into_any()
        }
        Some(false) => {
            view! { <span class="verdict bad">"✗ " {i18n.t("reports.fails")}</span> }.into_any()
        }
        None => view! { <span class="verdict">"—"</span> }.into_any(),
    }
}

/// The cells of one compliance row: percent, met, missed, pending, not measured, verdict.
pub(super) fn compliance_cells(
    c: &Compliance,
    ids: &Ids,
    i18n: I18n,
    locale: Locale,
) -> impl IntoView {
    view! {
        <td class="num">{opt_pct(c.percent, 2, locale)}</td>
        <td class="num">{refs_view(&c.met, ids, i18n)}</td>
        <td class="num">{refs_view(&c.missed, ids, i18n)}</td>
        <td class="num">{refs_view(&c.pending, ids, i18n)}</td>
        <td class="num">{refs_view(&c.not_measured, ids, i18n)}</td>
        <td>{verdict(c.meets_target, i18n)}</td>
    }
}

pub(super) fn compliance_head(first: Vec<String>, i18n: I18n) -> impl IntoView {
    let first = first
        .into_iter()
        .map(|t| view! { <th scope="col">{t}</th> })
        .collect_view();
    view! {
        <thead>
            <tr>
                {first}
                <th scope="col" class="num">{i18n.t("reports.col.percent")}</th>
                <th scope="col" class="num">{i18n.t("reports.col.met")}</th>
                <th scope="col" class="num">{i18n.t("reports.col.missed")}</th>
                <th scope="col" class="num">{i18n.t("reports.col.pending")}</th>
                <th scope="col" class="num">{i18n.t("reports.col.not_measured")}</th>
                <th scope="col">{i18n.t("reports.col.target")}</th>
            </tr>
        </thead>
    }
}

pub(super) fn site_name(site: &Option<String>, i18n: I18n) -> String {
    site.clone().unwrap_or_else(|| i18n.t("reports.no_site"))
}
