//! The report's bar chart: one row per clock, customer or site, with its label (text that wraps,
//! legible on a phone), a bar of its compliance with the target marked, and the value written.

use leptos::prelude::*;

use crate::domain::report::{Compliance, MonthlyReport};
use crate::ui::i18n::{I18n, Locale};

use super::format::{opt_pct, pct};

/// The bar's drawing: 100 units wide (one per percentage point), as high as the row.
const BAR_BOX: &str = "0 0 100 10";

/// Horizontal bars of compliance, one per row (a clock, a customer, a site), with the target as a
/// vertical line on every bar. Every bar has its label and its value and verdict (✓/✗) as text
/// beside it, the figure has a caption and a description, and the same numbers are in the table
/// beside it.
pub(super) fn chart(
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
    let target_x = target.map(|t| t.clamp(0.0, 100.0));
    let bars = rows
        .into_iter()
        .map(|(label, compliance)| {
            let percent = compliance.percent;
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
            let width = percent.unwrap_or(0.0).clamp(0.0, 100.0);
            view! {
                <li class="bar-row">
                    <span class="bar-label">{label}</span>
                    <svg class="bar-track" viewBox=BAR_BOX preserveAspectRatio="none" aria-hidden="true">
                        <rect x="0" y="0" width="100" height="10" class="bar-back"></rect>
                        <rect x="0" y="0" width=width height="10" class=class></rect>
                        {target_x.map(|x| view! {
                            <line x1=x x2=x y1="0" y2="10" class="target-line"></line>
                        })}
                    </svg>
                    <span class="bar-value">{value}</span>
                </li>
            }
        })
        .collect_view();
    let target_text = target.map(|t| {
        let text = i18n.t_with("reports.chart.target", &[("target", &pct(t, 2, locale))]);
        view! { <p class="target-label">{text}</p> }
    });
    let desc = i18n.t_with(desc_key, &[("target", &opt_pct(target, 2, locale))]);
    view! {
        <figure class="chart">
            <figcaption>{i18n.t(title_key)}</figcaption>
            <p class="sr-only">{desc}</p>
            <ul class="bars">{bars}</ul>
            {target_text}
        </figure>
    }
}
