//! The penalties part of the report: shortfall against the target and per-site deductions, each
//! with the tickets behind it.

use leptos::prelude::*;

use crate::domain::report::MonthlyReport;
use crate::ui::i18n::{I18n, Locale};

use super::cells::*;
use super::format::*;

pub(super) fn penalties_view(
    report: &MonthlyReport,
    ids: &Ids,
    i18n: I18n,
    locale: Locale,
) -> AnyView {
    let Some(p) = &report.penalties else {
        return view! {
            <section class="report-section">
                <h2>{i18n.t("reports.penalties")}</h2>
                <p>{i18n.t("reports.penalties.none")}</p>
            </section>
        }
        .into_any();
    };
    let points = i18n.t_with(
        "reports.penalties.points",
        &[("n", &num(p.shortfall_points, 2, locale))],
    );
    let site_rows = p
        .site_deductions
        .iter()
        .map(|d| {
            let customer = d.customer.clone();
            let site = site_name(&d.site, i18n);
            let p = pct(d.percent_per_ticket, 2, locale);
            let per = match d.per_late_minutes {
                Some(m) => i18n.t_with(
                    "reports.penalties.per_late",
                    &[("p", &p), ("m", &m.to_string())],
                ),
                None => i18n.t_with("reports.penalties.per_ticket", &[("p", &p)]),
            };
            view! {
                <tr>
                    <td>{customer}</td>
                    <th scope="row">{site}</th>
                    <td class="num">{refs_view(&d.missed, ids, i18n)}</td>
                    <td class="num">{pct(d.percent_of_site_invoice, 2, locale)} <small>" (" {per} ")"</small></td>
                </tr>
            }
        })
        .collect_view();
    let sites = if p.site_deductions.is_empty() {
        view! { <p>{i18n.t("reports.penalties.no_site_deductions")}</p> }.into_any()
    } else {
        view! {
            <div class="table-wrap" tabindex="0" role="region" aria-label=i18n.t("reports.penalties.sites")>
                <table class="report-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t("reports.col.customer")}</th>
                            <th scope="col">{i18n.t("reports.col.site")}</th>
                            <th scope="col" class="num">{i18n.t("reports.col.missed")}</th>
                            <th scope="col" class="num">{i18n.t("reports.col.deduction")}</th>
                        </tr>
                    </thead>
                    <tbody>{site_rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    let below = if p.sites_below_availability.is_empty() {
        i18n.t("reports.penalties.none_below")
    } else {
        p.sites_below_availability.join("; ")
    };
    view! {
        <section class="report-section penalties">
            <h2>{i18n.t("reports.penalties")}</h2>
            <dl class="penalty-list">
                <dt>{i18n.t("reports.penalties.target")}</dt>
                <dd>{pct(p.compliance_target_percent, 2, locale)}</dd>
                <dt>{i18n.t("reports.penalties.compliance")}</dt>
                <dd>{opt_pct(p.compliance_percent, 2, locale)}</dd>
                <dt>{i18n.t("reports.penalties.shortfall")}</dt>
                <dd>{points} " " {(p.shortfall_tickets.count > 0).then(|| refs_view(&p.shortfall_tickets, ids, i18n))}</dd>
                <dt>{i18n.t("reports.penalties.general")}</dt>
                <dd class="deduction">{pct(p.general_invoice_deduction_percent, 2, locale)}</dd>
                <dt>{i18n.t("reports.penalties.availability_target")}</dt>
                <dd>{opt_pct(p.availability_target_percent, 3, locale)}</dd>
                <dt>{i18n.t("reports.penalties.below")}</dt>
                <dd>{below}</dd>
            </dl>
            <h3>{i18n.t("reports.penalties.sites")}</h3>
            {sites}
        </section>
    }
    .into_any()
}
