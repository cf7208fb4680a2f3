//! How the month's tickets came in and went out: tickets per channel (P4), the tickets
//! registered outside their customer's contract (P2) and resolved tickets per closure category
//! (P4), each number with the tickets behind it.

use leptos::prelude::*;

use crate::app::desk::Desk;
use crate::domain::profile::ProcessProfile;
use crate::domain::report::{CodeCount, MonthlyReport};
use crate::ui::i18n::I18n;

use super::cells::{refs_view, Ids};

/// The name the desk's process gives a code (the code itself when it does not define it; the
/// `none` text for no code).
fn name_of(
    code: Option<&str>,
    none_key: &str,
    lookup: fn(&ProcessProfile, &str) -> Option<String>,
    profile: &ProcessProfile,
    i18n: I18n,
) -> String {
    match code {
        None => i18n.t(none_key),
        Some(id) => lookup(profile, id).map_or_else(|| id.to_string(), |name| i18n.pt(&name)),
    }
}

/// One table of counts: a row per code, its name and its tickets.
struct Counts<'a> {
    class: &'static str,
    title_key: &'static str,
    column_key: &'static str,
    none_key: &'static str,
    lookup: fn(&ProcessProfile, &str) -> Option<String>,
    counts: &'a [CodeCount],
}

fn counts_view(c: Counts<'_>, profile: &ProcessProfile, ids: &Ids, i18n: I18n) -> impl IntoView {
    let rows = c
        .counts
        .iter()
        .map(|row| {
            let code = row.code.clone().unwrap_or_default();
            let name = name_of(row.code.as_deref(), c.none_key, c.lookup, profile, i18n);
            view! {
                <tr data-code=code>
                    <th scope="row">{name}</th>
                    <td class="num">{refs_view(&row.tickets, ids, i18n)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class=format!("report-section {}", c.class)>
            <h2>{i18n.t(c.title_key)}</h2>
            <div class="table-wrap">
                <table class="report-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(c.column_key)}</th>
                            <th scope="col" class="num">{i18n.t("reports.col.tickets")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

pub(super) fn intake_view(
    desk: &Desk,
    report: &MonthlyReport,
    ids: &Ids,
    i18n: I18n,
) -> impl IntoView {
    let profile = &desk.profile;
    let channels = counts_view(
        Counts {
            class: "report-channels",
            title_key: "reports.by_channel",
            column_key: "reports.col.channel",
            none_key: "reports.channel.none",
            lookup: |p, id| p.channel(id).map(|c| c.name.clone()),
            counts: &report.by_channel,
        },
        profile,
        ids,
        i18n,
    );
    let categories = (!report.by_closure_category.is_empty()).then(|| {
        counts_view(
            Counts {
                class: "report-categories",
                title_key: "reports.by_closure_category",
                column_key: "reports.col.closure_category",
                none_key: "reports.closure_category.none",
                lookup: |p, id| {
                    let found = p.closure.categories.iter().find(|c| c.id == id);
                    found.map(|c| c.name.clone())
                },
                counts: &report.by_closure_category,
            },
            profile,
            ids,
            i18n,
        )
    });
    let contracts = profile.registration.require_contract || report.outside_contract.count > 0;
    let workarounds =
        profile.clock_options.workaround_restores || report.restored_with_workaround.count > 0;
    view! {
        {channels}
        {categories}
        {contracts.then(|| view! {
            <section class="report-section report-contract">
                <h2>{i18n.t("reports.outside_contract")}</h2>
                <p class="count">
                    {i18n.t("reports.outside_contract.count")}" "
                    {refs_view(&report.outside_contract, ids, i18n)}
                </p>
            </section>
        })}
        {workarounds.then(|| view! {
            <section class="report-section report-workaround">
                <h2>{i18n.t("reports.workaround")}</h2>
                <p class="count" data-testid="report-workaround">
                    {i18n.t("reports.workaround.count")}" "
                    {refs_view(&report.restored_with_workaround, ids, i18n)}
                </p>
            </section>
        })}
    }
}
