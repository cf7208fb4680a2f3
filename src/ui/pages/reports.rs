//! "Informes": the monthly compliance, availability and penalty report of the active process
//! (P4), for a month picked by the user. Every number shows the tickets behind it, the report
//! can be exported as CSV and printed.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::domain::report::{monthly_report, to_csv, Compliance, MonthlyReport, Refs};
use crate::ui::clock::now;
use crate::ui::desk::{desk, use_desk_signals};
use crate::ui::i18n::{use_i18n, I18n, Locale};
use crate::ui::shell::download::download_text;

/// The current month on this device.
fn current_month() -> (i32, u32) {
    let d = js_sys::Date::new(&(crate::ui::clock::now_ms() as f64).into());
    (d.get_full_year() as i32, d.get_month() + 1)
}

/// `"2026-10"` → `(2026, 10)`.
fn parse_month(value: &str) -> Option<(i32, u32)> {
    let (y, m) = value.trim().split_once('-')?;
    let y: i32 = y.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    ((1..=12).contains(&m) && (1970..=9999).contains(&y)).then_some((y, m))
}

fn month_value((y, m): (i32, u32)) -> String {
    format!("{y:04}-{m:02}")
}

/// A number with at most `decimals` decimals (trailing zeros dropped), decimal comma and
/// thousands grouped by a no-break space in Spanish; decimal point and comma grouping in English.
fn num(value: f64, decimals: usize, locale: Locale) -> String {
    let text = format!("{:.*}", decimals, value.abs());
    let (int, frac) = match text.split_once('.') {
        Some((i, f)) => (i.to_string(), f.trim_end_matches('0').to_string()),
        None => (text.clone(), String::new()),
    };
    let (group, point) = match locale {
        Locale::Es => ('\u{a0}', ','),
        Locale::En => (',', '.'),
    };
    let mut grouped = String::new();
    let digits: Vec<char> = int.chars().collect();
    for (i, c) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) && digits.len() > 4 {
            grouped.push(group);
        }
        grouped.push(*c);
    }
    let negative = value < 0.0 && (grouped.chars().any(|c| c != '0' && c.is_ascii_digit()));
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if !frac.is_empty() {
        out.push(point);
        out.push_str(&frac);
    }
    out
}

/// `98.5` → `98,5 %` (Spanish) / `98.5%` (English).
fn pct(value: f64, decimals: usize, locale: Locale) -> String {
    match locale {
        Locale::Es => format!("{}\u{a0}%", num(value, decimals, locale)),
        Locale::En => format!("{}%", num(value, decimals, locale)),
    }
}

fn opt_pct(value: Option<f64>, decimals: usize, locale: Locale) -> String {
    value
        .map(|v| pct(v, decimals, locale))
        .unwrap_or_else(|| "—".to_string())
}

/// Ticket number → ticket id, for links.
type Ids = HashMap<String, String>;

fn ids_of(report: &MonthlyReport) -> Ids {
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
fn refs_view(refs: &Refs, ids: &Ids, i18n: I18n) -> AnyView {
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

fn verdict(meets: Option<bool>, i18n: I18n) -> AnyView {
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
fn compliance_cells(c: &Compliance, ids: &Ids, i18n: I18n, locale: Locale) -> impl IntoView {
    view! {
        <td class="num">{opt_pct(c.percent, 2, locale)}</td>
        <td class="num">{refs_view(&c.met, ids, i18n)}</td>
        <td class="num">{refs_view(&c.missed, ids, i18n)}</td>
        <td class="num">{refs_view(&c.pending, ids, i18n)}</td>
        <td class="num">{refs_view(&c.not_measured, ids, i18n)}</td>
        <td>{verdict(c.meets_target, i18n)}</td>
    }
}

fn compliance_head(first: Vec<String>, i18n: I18n) -> impl IntoView {
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

fn site_name(site: &Option<String>, i18n: I18n) -> String {
    site.clone().unwrap_or_else(|| i18n.t("reports.no_site"))
}

const CHART_WIDTH: f64 = 640.0;
const LABEL_WIDTH: f64 = 220.0;
const BAR_AREA: f64 = 340.0;
const ROW: f64 = 28.0;

/// Horizontal bars of compliance, one per row (a clock, a customer, a site), with the target as a
/// vertical line. Every bar has its value and verdict (✓/✗) written next to it, the figure has a
/// caption and a description, and the same numbers are in the table beside it.
fn chart(
    rows: Vec<(String, &Compliance)>,
    report: &MonthlyReport,
    keys: (&str, &str),
    i18n: I18n,
    locale: Locale,
) -> impl IntoView {
    let (title_key, desc_key) = keys;
    let target = report
        .penalties
        .as_ref()
        .map(|p| p.compliance_target_percent);
    let height = ROW * rows.len() as f64 + 30.0;
    let x_of = |p: f64| LABEL_WIDTH + BAR_AREA * p.clamp(0.0, 100.0) / 100.0;
    let bars = rows
        .into_iter()
        .enumerate()
        .map(|(i, (label, compliance))| {
            let y = 8.0 + ROW * i as f64;
            let percent = compliance.percent;
            let width = percent.map(|p| x_of(p) - LABEL_WIDTH).unwrap_or(0.0);
            let mark = match compliance.meets_target {
                Some(true) => "✓ ",
                Some(false) => "✗ ",
                None => "",
            };
            let value = format!("{mark}{}", opt_pct(percent, 2, locale));
            let class = match compliance.meets_target {
                Some(false) => "bar bad",
                _ => "bar",
            };
            view! {
                <g>
                    <text x={LABEL_WIDTH - 6.0} y={y + 15.0} text-anchor="end" class="bar-label">
                        {label}
                    </text>
                    <rect x=LABEL_WIDTH y=y width=width height={ROW - 8.0} class=class></rect>
                    <text x={LABEL_WIDTH + width + 6.0} y={y + 15.0} class="bar-value">
                        {value}
                    </text>
                </g>
            }
        })
        .collect_view();
    let target_line = target.map(|t| {
        let x = x_of(t);
        let text = i18n.t_with("reports.chart.target", &[("target", &pct(t, 2, locale))]);
        view! {
            <line x1=x x2=x y1="0" y2={height - 20.0} class="target-line"></line>
            <text x=x y={height - 6.0} text-anchor="middle" class="target-label">{text}</text>
        }
    });
    let desc = i18n.t_with(desc_key, &[("target", &opt_pct(target, 2, locale))]);
    let label = desc.clone();
    view! {
        <figure class="chart">
            <figcaption>{i18n.t(title_key)}</figcaption>
            <svg
                viewBox=format!("0 0 {CHART_WIDTH} {height}")
                width="100%"
                role="img"
                aria-label=label
            >
                <desc>{desc}</desc>
                {bars}
                {target_line}
            </svg>
        </figure>
    }
}

fn report_view(report: &MonthlyReport, i18n: I18n) -> AnyView {
    let locale = i18n.locale.get();
    let ids = ids_of(report);
    if report.tickets.is_empty() {
        return view! {
            <p class="empty">{i18n.t("reports.empty")}</p>
        }
        .into_any();
    }
    let count = i18n.t_with(
        "reports.count",
        &[
            ("n", &report.tickets.len().to_string()),
            ("zone", &report.zone),
        ],
    );
    let provisional = report
        .provisional
        .then(|| view! { <p class="notice provisional">{i18n.t("reports.provisional")}</p> });
    let pending = (report.overall.pending.count > 0).then(|| {
        let text = i18n.t_with(
            "reports.pending",
            &[("n", &report.overall.pending.count.to_string())],
        );
        view! {
            <div class="notice pending">
                <p>{text}</p>
                {refs_view(&report.overall.pending, &ids, i18n)}
            </div>
        }
    });

    let clock_rows = std::iter::once((i18n.t("reports.clock.all"), &report.overall))
        .chain(
            report
                .by_clock
                .iter()
                .map(|c| (i18n.t(&format!("reports.clock.{}", c.clock)), &c.compliance)),
        )
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
        {provisional}
        {pending}
        <section class="report-section">
            <h2>{i18n.t("reports.overall")}</h2>
            {chart(
                report
                    .by_clock
                    .iter()
                    .map(|c| (i18n.t(&format!("reports.clock.{}", c.clock)), &c.compliance))
                    .collect(),
                report,
                ("knowledge.chart.clock.title", "knowledge.chart.clock.desc"),
                i18n,
                locale,
            )}
            <div class="table-wrap">
                <table class="report-table">
                    {compliance_head(vec![i18n.t("reports.by_clock")], i18n)}
                    <tbody>{clock_rows}</tbody>
                </table>
            </div>
        </section>
        <section class="report-section">
            <h2>{i18n.t("reports.by_customer")}</h2>
            {chart(
                report
                    .by_customer
                    .iter()
                    .map(|c| (c.customer.clone(), &c.compliance))
                    .collect(),
                report,
                ("knowledge.chart.customer.title", "knowledge.chart.customer.desc"),
                i18n,
                locale,
            )}
            <div class="table-wrap">
                <table class="report-table">
                    {compliance_head(vec![i18n.t("reports.col.customer")], i18n)}
                    <tbody>{customer_rows}</tbody>
                </table>
            </div>
        </section>
        <section class="report-section">
            <h2>{i18n.t("reports.by_site")}</h2>
            {chart(
                report
                    .by_site
                    .iter()
                    .map(|s| (format!("{} · {}", s.customer, site_name(&s.site, i18n)), &s.compliance))
                    .collect(),
                report,
                ("reports.chart.title", "reports.chart.desc"),
                i18n,
                locale,
            )}
            <div class="table-wrap">
                <table class="report-table">
                    {compliance_head(
                        vec![i18n.t("reports.col.customer"), i18n.t("reports.col.site")],
                        i18n,
                    )}
                    <tbody>{site_rows}</tbody>
                </table>
            </div>
        </section>
        <section class="report-section">
            <h2>{i18n.t("reports.availability")}</h2>
            <p class="count">{minutes}</p>
            <div class="table-wrap">
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
    }
    .into_any()
}

fn penalties_view(report: &MonthlyReport, ids: &Ids, i18n: I18n, locale: Locale) -> AnyView {
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
            let per = i18n.t_with(
                "reports.penalties.per_ticket",
                &[("p", &pct(d.percent_per_ticket, 2, locale))],
            );
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
            <div class="table-wrap">
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

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let signals = use_desk_signals();
    let engine = desk().engine.clone();
    let month = RwSignal::new(current_month());
    let export_failed = RwSignal::new(false);

    let report = Memo::new(move |_| {
        let m = month.get();
        signals
            .tickets
            .with(|tickets| monthly_report(&engine, tickets, m, now()))
    });

    let export = move |_| {
        let failed = report.with_untracked(|r| {
            let name = format!("informe-{}.csv", r.month);
            download_text(&name, "text/csv;charset=utf-8", &to_csv(r)).is_err()
        });
        export_failed.set(failed);
    };
    // The printed report lists every ticket: the lists are opened before printing.
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            if let Some(list) = w
                .document()
                .and_then(|d| d.query_selector_all("details.refs").ok())
            {
                for i in 0..list.length() {
                    if let Some(el) = list
                        .item(i)
                        .and_then(|n| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(n).ok())
                    {
                        let _ = el.set_attribute("open", "");
                    }
                }
            }
            let _ = w.print();
        }
    };

    view! {
        <section class="reports">
            <div class="report-head">
                <h1>{move || i18n.t("reports.title")}</h1>
                <label class="month-picker">
                    <span>{move || i18n.t("reports.month")}</span>
                    <input
                        type="month"
                        id="report-month"
                        prop:value=move || month_value(month.get())
                        on:change=move |ev| {
                            if let Some(m) = parse_month(&event_target_value(&ev)) {
                                month.set(m);
                            }
                        }
                    />
                </label>
                <div class="report-actions no-print">
                    <button type="button" on:click=export>{move || i18n.t("reports.export_csv")}</button>
                    <button type="button" on:click=print>{move || i18n.t("reports.print")}</button>
                </div>
            </div>
            {move || export_failed.get().then(|| view! {
                <p class="error" role="alert">{i18n.t("reports.export_failed")}</p>
            })}
            <div class="report-body">{move || report.with(|r| report_view(r, i18n))}</div>
        </section>
    }
}
