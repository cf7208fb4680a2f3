//! The report for one month: counts, the three compliance sections (by clock, customer, site),
//! availability, and the penalties.

use leptos::prelude::*;

use crate::app::desk::Desk;
use crate::domain::report::{Compliance, MonthlyReport, Refs};
use crate::ui::i18n::{I18n, Locale};

use super::cells::*;
use super::chart::chart;
use super::format::*;
use super::intake::intake_view;
use super::penalties::penalties_view;

/// One compliance section of the report: a title, a bar chart, and the table behind it.
struct ComplianceSection<'a> {
    title: String,
    /// One bar per row: its label and compliance.
    bars: Vec<(String, &'a Compliance)>,
    /// Locale keys of the chart's title and description.
    chart_keys: (&'static str, &'static str),
    /// The table's first column headings (what a row is).
    heads: Vec<String>,
    rows: AnyView,
}

fn compliance_section(
    section: ComplianceSection<'_>,
    report: &MonthlyReport,
    i18n: I18n,
    locale: Locale,
) -> impl IntoView {
    // A table wider than a phone scrolls inside its frame, which the keyboard can reach.
    let label = section.title.clone();
    view! {
        <section class="report-section">
            <h2>{section.title}</h2>
            {chart(section.bars, report, section.chart_keys, i18n, locale)}
            <div class="table-wrap" tabindex="0" role="region" aria-label=label>
                <table class="report-table">
                    {compliance_head(section.heads, i18n)}
                    <tbody>{section.rows}</tbody>
                </table>
            </div>
        </section>
    }
}

pub(super) fn report_view(desk: &Desk, report: &MonthlyReport, i18n: I18n) -> AnyView {
    let locale = i18n.locale.get();
    let ids = ids_of(report);
    if report.tickets.is_empty() {
        return view! {
            <p class="empty">{i18n.t("reports.empty")}</p>
        }
        .into_any();
    }
    let count = i18n.t_count(
        "reports.count",
        report.tickets.len(),
        &[("zone", &report.zone)],
    );
    let versions = versions_view(desk, report, i18n);
    let provisional = report
        .provisional
        .then(|| view! { <p class="notice provisional">{i18n.t("reports.provisional")}</p> });
    let pending = (report.overall.pending.count > 0).then(|| {
        let text = i18n.t_count("reports.pending", report.overall.pending.count, &[]);
        view! {
            <div class="notice pending">
                <p>{text}</p>
                {refs_view(&report.overall.pending, &ids, i18n)}
            </div>
        }
    });

    // Each clock, then each stage with a target (P3's lifecycle), as the ticket page shows them.
    let stage_label = |id: &str| {
        let name = desk
            .profile
            .stage(id)
            .map(|s| i18n.pt(&s.name))
            .unwrap_or_else(|| id.to_string());
        i18n.t_with("reports.clock.stage", &[("stage", &name)])
    };
    let clock_bars: Vec<(String, &Compliance)> = report
        .by_clock
        .iter()
        .map(|c| (i18n.t(&format!("reports.clock.{}", c.clock)), &c.compliance))
        .chain(
            report
                .by_stage
                .iter()
                .map(|s| (stage_label(&s.stage), &s.compliance)),
        )
        .chain(report.by_milestone.iter().map(|m| {
            let name = desk
                .profile
                .stage(&m.stage)
                .and_then(|s| s.milestone(&m.milestone))
                .map_or_else(|| m.milestone.clone(), |x| i18n.pt(&x.name));
            let label = i18n.t_with("reports.clock.milestone", &[("milestone", &name)]);
            (label, &m.compliance)
        }))
        .collect();
    let clock_rows = std::iter::once((i18n.t("reports.clock.all"), &report.overall))
        .chain(clock_bars.iter().map(|(name, c)| (name.clone(), *c)))
        .map(|(name, c)| {
            view! { <tr><th scope="row">{name}</th>{compliance_cells(c, &ids, i18n, locale)}</tr> }
        })
        .collect_view();
    let customer_rows = report
        .by_customer
        .iter()
        .map(|c| {
            let name = c.customer.clone();
            view! {
                <tr><th scope="row">{name}</th>{compliance_cells(&c.compliance, &ids, i18n, locale)}</tr>
            }
        })
        .collect_view();
    let site_rows = report
        .by_site
        .iter()
        .map(|s| {
            let customer = s.customer.clone();
            let site = site_name(&s.site, i18n);
            view! {
                <tr>
                    <td>{customer}</td>
                    <th scope="row">{site}</th>
                    {compliance_cells(&s.compliance, &ids, i18n, locale)}
                </tr>
            }
        })
        .collect_view();
    let availability_rows = report
        .by_site
        .iter()
        .map(|s| {
            let a = &s.availability;
            let customer = s.customer.clone();
            let site = site_name(&s.site, i18n);
            let affected = Refs {
                count: a.tickets.len(),
                tickets: a.tickets.clone(),
            };
            view! {
                <tr>
                    <td>{customer}</td>
                    <th scope="row">{site}</th>
                    <td class="num">{pct(a.percent, 3, locale)}</td>
                    <td class="num">
                        {num(a.affected_minutes as f64, 0, locale)}
                        " "
                        {(affected.count > 0).then(|| refs_view(&affected, &ids, i18n))}
                    </td>
                    <td class="num">{opt_pct(a.target_percent, 3, locale)}</td>
                    <td>{verdict(a.meets_target, i18n)}</td>
                </tr>
            }
        })
        .collect_view();
    let minutes = i18n.t_with(
        "reports.availability.minutes",
        &[("n", &num(report.minutes_in_month as f64, 0, locale))],
    );

    view! {
        <p class="count">{count}</p>
        {freshness_view(i18n)}
        {versions}
        {provisional}
        {pending}
        {compliance_section(
            ComplianceSection {
                title: i18n.t("reports.overall"),
                bars: clock_bars,
                chart_keys: ("knowledge.chart.clock.title", "knowledge.chart.clock.desc"),
                heads: vec![i18n.t("reports.by_clock")],
                rows: clock_rows.into_any(),
            },
            report,
            i18n,
            locale,
        )}
        {compliance_section(
            ComplianceSection {
                title: i18n.t("reports.by_customer"),
                bars: report
                    .by_customer
                    .iter()
                    .map(|c| (c.customer.clone(), &c.compliance))
                    .collect(),
                chart_keys: ("knowledge.chart.customer.title", "knowledge.chart.customer.desc"),
                heads: vec![i18n.t("reports.col.customer")],
                rows: customer_rows.into_any(),
            },
            report,
            i18n,
            locale,
        )}
        {compliance_section(
            ComplianceSection {
                title: i18n.t("reports.by_site"),
                bars: report
                    .by_site
                    .iter()
                    .map(|s| (format!("{} · {}", s.customer, site_name(&s.site, i18n)), &s.compliance))
                    .collect(),
                chart_keys: ("reports.chart.title", "reports.chart.desc"),
                heads: vec![i18n.t("reports.col.customer"), i18n.t("reports.col.site")],
                rows: site_rows.into_any(),
            },
            report,
            i18n,
            locale,
        )}
        <section class="report-section">
            <h2>{i18n.t("reports.availability")}</h2>
            <p class="count">{minutes}</p>
            <div class="table-wrap" tabindex="0" role="region" aria-label=i18n.t("reports.availability")>
                <table class="report-table">
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t("reports.col.customer")}</th>
                            <th scope="col">{i18n.t("reports.col.site")}</th>
                            <th scope="col" class="num">{i18n.t("reports.col.availability")}</th>
                            <th scope="col" class="num">{i18n.t("reports.col.affected")}</th>
                            <th scope="col" class="num">{i18n.t("reports.col.target")}</th>
                            <th scope="col"></th>
                        </tr>
                    </thead>
                    <tbody>{availability_rows}</tbody>
                </table>
            </div>
        </section>
        {penalties_view(report, &ids, i18n, locale)}
        {intake_view(desk, report, &ids, i18n)}
    }
    .into_any()
}

/// Which process versions the report covers (issue #14), by when and by whom each was
/// published; nothing when the desk published none.
fn versions_view(desk: &Desk, report: &MonthlyReport, i18n: I18n) -> Option<impl IntoView> {
    if report.process_versions.is_empty() {
        return None;
    }
    let engines = desk.engines();
    let names: Vec<String> = report
        .process_versions
        .iter()
        .map(|id| {
            let short: String = id.chars().take(8).collect();
            match engines.versions().get(id) {
                Some(v) => {
                    let published = chrono::DateTime::from_timestamp_millis(v.published_at.wall_ms)
                        .map(crate::ui::pages::queue::local_minute)
                        .unwrap_or_default();
                    i18n.t_with(
                        "reports.version",
                        &[
                            ("date", &published),
                            ("by", &v.published_by),
                            ("id", &short),
                        ],
                    )
                }
                None => short,
            }
        })
        .collect();
    let text = i18n.t_count(
        "reports.versions",
        names.len(),
        &[("list", &names.join("; "))],
    );
    Some(view! { <p class="versions">{text}</p> })
}

/// How current this device's copy of the desk is: when it last synced, or that it never has (a
/// report made on one device covers what reached it).
fn freshness_view(i18n: I18n) -> impl IntoView {
    let last_ok = crate::app::sync::status().last_ok;
    view! {
        <p class="freshness" id="report-freshness">
            {move || match last_ok.get().and_then(chrono::DateTime::from_timestamp_millis) {
                Some(at) => i18n.t_with(
                    "reports.freshness.synced",
                    &[("time", &crate::ui::pages::queue::local_minute(at))],
                ),
                None => i18n.t("reports.freshness.never"),
            }}
        </p>
    }
}
