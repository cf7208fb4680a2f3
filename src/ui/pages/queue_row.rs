//! One row of the Bandeja: number, status, severity, stage, level, assignee, customer and site,
//! and the nearest deadline as a live countdown coloured by its state (and said in words).

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::domain::queue::QueueEntry;
use crate::domain::sla::ClockState;
use crate::ui::desk::desk;
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::route::Route;

use super::queue::ROW_HEIGHT;

/// "in 1 h 20 min" / "5 min overdue", from the locale.
fn countdown(i18n: &I18n, deadline: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = (deadline - now).num_seconds();
    let minutes = seconds.abs() / 60;
    let span = if minutes >= 24 * 60 {
        i18n.t_with(
            "time.days_hours",
            &[
                ("d", &(minutes / 1440).to_string()),
                ("h", &((minutes % 1440) / 60).to_string()),
            ],
        )
    } else if minutes >= 60 {
        i18n.t_with(
            "time.hours_minutes",
            &[
                ("h", &(minutes / 60).to_string()),
                ("m", &(minutes % 60).to_string()),
            ],
        )
    } else if seconds.abs() >= 60 {
        i18n.t_with("time.minutes", &[("m", &minutes.to_string())])
    } else {
        i18n.t_with("time.seconds", &[("s", &seconds.abs().to_string())])
    };
    if seconds >= 0 {
        i18n.t_with("queue.due_in", &[("span", &span)])
    } else {
        i18n.t_with("queue.overdue", &[("span", &span)])
    }
}

#[component]
pub(super) fn TicketRow(
    entry: QueueEntry,
    position: usize,
    selected: Signal<bool>,
    clock: Signal<DateTime<Utc>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let t = entry.ticket.clone();
    let status_key = format!("ticket.status.{}", t.status.code());
    let opened = t
        .opened_at
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let severity_id = t.severity.clone().unwrap_or_default();
    let severity = desk()
        .profile
        .severity(&severity_id)
        .map(|s| s.name.clone())
        .unwrap_or(severity_id.clone());
    let state = entry.state;
    let state_key = format!("clock.state.{}", state.code());
    let deadline = entry.next_deadline;
    let href = Route::Ticket(t.id.0.clone()).href();
    let place = match &t.site {
        Some(site) => format!("{} · {}", t.customer, site),
        None => t.customer.clone(),
    };
    let level = t.level;
    view! {
        <li class="ticket" class:selected=move || selected.get() data-number=t.number.clone()
            data-state=state.code() style=format!("top:{}px", position as f64 * ROW_HEIGHT)>
            <a class="number" href=href.clone()>{t.number.clone()}</a>
            <span class="customer">{place}</span>
            <span class="severity" data-severity=severity_id>{severity}</span>
            <span class="clock" data-state=state.code()>
                <span class="state-label">{move || i18n.t(&state_key)}</span>
                {deadline.map(|(kind, at)| {
                    let kind_key = format!("clock.kind.{}", kind.code());
                    view! {
                        " · "
                        <span class="kind">{move || i18n.t(&kind_key)}</span>
                        " "
                        <time datetime=at.to_rfc3339()>{move || {
                            if state == ClockState::Paused { i18n.t("queue.paused") } else { countdown(&i18n, at, clock.get()) }
                        }}</time>
                    }
                })}
            </span>
            <span class="meta">
                <span class="state">{move || i18n.t(&status_key)}</span>
                " · "
                <span class="level">{move || i18n.t_with("queue.level", &[("n", &level.to_string())])}</span>
                {t.assignee.clone().map(|a| view! { " · " <span class="assignee">{a}</span> })}
                " · "
                <time class="opened">{opened}</time>
            </span>
            <span class="description">{t.description.clone()}</span>
        </li>
    }
}
