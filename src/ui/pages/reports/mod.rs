//! "Informes": the monthly compliance, availability and penalty report of the active process
//! (P4), for a month picked by the user. Every number shows the tickets behind it, the report
//! can be exported as CSV or JSON (the summary and the JSON end with the month's evidence, #20)
//! and printed.

mod body;
mod cells;
mod chart;
mod csv_export;
mod evidence_export;
mod format;
mod intake;
mod penalties;
mod scope_picker;

use leptos::prelude::*;

use crate::app::clock::now;
use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::domain::report::{monthly_report, ReportScope};
use crate::ui::i18n::use_i18n;
use crate::ui::shell::download::download_text;

use body::report_view;
use csv_export::{report_file, ReportFile};
use evidence_export::{evidence_file, WithEvidence};
use scope_picker::{scope_heading, scope_picker};

/// The current month on this device.
fn current_month() -> (i32, u32) {
    let d = js_sys::Date::new(&(crate::app::clock::now_ms() as f64).into());
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

#[component]
pub fn ReportsPage() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();
    let engines_moved = desk.get().engines_moved;
    let month = RwSignal::new(current_month());
    let export_failed = RwSignal::new(false);

    let scope = RwSignal::new(ReportScope::Desk);

    let report = Memo::new(move |_| {
        let m = month.get();
        scope.with(|scope| {
            signals.tickets.with(|tickets| {
                engines_moved.track();
                if *scope == ReportScope::Desk {
                    monthly_report(&desk.get().engines(), tickets, m, now())
                } else {
                    let mine: Vec<_> = tickets
                        .iter()
                        .filter(|t| scope.includes(t))
                        .cloned()
                        .collect();
                    monthly_report(&desk.get().engines(), &mine, m, now())
                }
            })
        })
    });

    // One table per file: the tickets, and the summary.
    let export = move |which: ReportFile| {
        let failed = report.with_untracked(|r| {
            let (name, text) = report_file(r, &desk.get().profile, which, i18n);
            download_text(&name, "text/csv;charset=utf-8", &text).is_err()
        });
        export_failed.set(failed);
    };
    // The files that end with the month's evidence, computed from every event held here.
    let export_evidence = move |which: WithEvidence| {
        let (desk, report) = (desk.get(), report.get_untracked());
        leptos::task::spawn_local(async move {
            let failed = match evidence_file(&desk, report, which, i18n).await {
                Ok(file) => download_text(&file.name, file.mime, &file.text).is_err(),
                Err(e) => {
                    leptos::logging::warn!("report with evidence: {e}");
                    true
                }
            };
            export_failed.set(failed);
        });
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
                {scope_picker(scope, i18n)}
                <div class="report-actions no-print">
                    <button type="button" id="report-export-tickets" on:click=move |_| export(ReportFile::Tickets)>
                        {move || i18n.t("reports.export_tickets_csv")}
                    </button>
                    <button type="button" id="report-export-summary" on:click=move |_| export_evidence(WithEvidence::SummaryCsv)>
                        {move || i18n.t("reports.export_summary_csv")}
                    </button>
                    <button type="button" id="report-export-json" on:click=move |_| export_evidence(WithEvidence::Json)>
                        {move || i18n.t("reports.export_json")}
                    </button>
                    <button type="button" on:click=print>{move || i18n.t("reports.print")}</button>
                </div>
            </div>
            {move || scope.with(|s| scope_heading(s, i18n)).map(|h| view! { <p class="report-scope" id="report-scope">{h}</p> })}
            {move || export_failed.get().then(|| view! {
                <p class="error" role="alert">{i18n.t("reports.export_failed")}</p>
            })}
            <div class="report-body">{move || report.with(|r| report_view(&desk.get(), r, i18n))}</div>
        </section>
    }
}
