//! The report's bar chart (SVG): one bar per row, its compliance, and the target line.

use leptos::prelude::*;

use crate::domain::report::{Compliance, MonthlyReport};
use crate::ui::i18n::{I18n, Locale};

use super::format::{opt_pct, pct};

const CHART_WIDTH: f64 = 640.0;
const LABEL_WIDTH: f64 = 220.0;
const BAR_AREA: f64 = 340.0;
const ROW: f64 = 28.0;

/// Horizontal bars of compliance, one per row (a clock, a customer, a site), with the target as a
/// vertical line. Every bar has its value and verdict (✓/✗) written next to it, the figure has a
/// caption and a description, and the same numbers are in the table beside it.
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
