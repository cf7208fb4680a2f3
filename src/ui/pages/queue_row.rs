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

/// What one row shows: the entry's fields, formatted. Compared, so a slot whose ticket did not
/// change (a keystroke that kept it in place) touches no DOM node.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct RowData {
    number: String,
    href: String,
    status: &'static str,
    severity_id: String,
    severity: String,
    place: String,
    level: u8,
    assignee: Option<String>,
    opened: String,
    description: String,
    state: &'static str,
    paused: bool,
    deadline: Option<(&'static str, DateTime<Utc>)>,
}

impl RowData {
    pub(super) fn of(entry: &QueueEntry) -> Self {
        let t = &entry.ticket;
        let severity_id = t.severity.clone().unwrap_or_default();
        let severity = desk()
            .profile
            .severity(&severity_id)
            .map(|s| s.name.clone())
            .unwrap_or(severity_id.clone());
        Self {
            number: t.number.clone(),
            href: Route::Ticket(t.id.0.clone()).href(),
            status: t.status.code(),
            severity_id,
            severity,
            place: match &t.site {
                Some(site) => format!("{} · {}", t.customer, site),
                None => t.customer.clone(),
            },
            level: t.level,
            assignee: t.assignee.clone(),
            opened: t
                .opened_at
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            description: t.description.clone(),
            state: entry.state.code(),
            paused: entry.state == ClockState::Paused,
            deadline: entry.next_deadline.map(|(kind, at)| (kind.code(), at)),
        }
    }
}

/// Row slot `position` of the window. The slot stays in the DOM while it is in view and shows
/// whichever ticket `row` holds now: a new search or filter rewrites the texts of the rows in
/// view instead of building new ones (fewer DOM nodes created per keystroke).
#[component]
pub(super) fn TicketRow(
    row: Memo<Option<RowData>>,
    position: usize,
    selected: Signal<bool>,
    clock: Signal<DateTime<Utc>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = move |f: fn(&RowData) -> String| {
        move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
    };
    let code = move |f: fn(&RowData) -> &'static str| {
        move || row.with(|r| r.as_ref().map(f).unwrap_or_default())
    };
    let deadline = move || row.with(|r| r.as_ref().and_then(|r| r.deadline));
    view! {
        <li class="ticket" class:selected=move || selected.get() data-number=text(|r| r.number.clone())
            data-state=code(|r| r.state) style=format!("top:{}px", position as f64 * ROW_HEIGHT)>
            <a class="number" href=text(|r| r.href.clone())>{text(|r| r.number.clone())}</a>
            <span class="customer">{text(|r| r.place.clone())}</span>
            <span class="severity" data-severity=text(|r| r.severity_id.clone())>{text(|r| r.severity.clone())}</span>
            <span class="clock" data-state=code(|r| r.state)>
                <span class="state-label">{move || i18n.t(&format!("clock.state.{}", code(|r| r.state)()))}</span>
                <span class="deadline" hidden=move || deadline().is_none()>
                    " · "
                    <span class="kind">{move || deadline().map(|(kind, _)| i18n.t(&format!("clock.kind.{kind}"))).unwrap_or_default()}</span>
                    " "
                    <time datetime=move || deadline().map(|(_, at)| at.to_rfc3339()).unwrap_or_default()>{move || {
                        match deadline() {
                            Some(_) if row.with(|r| r.as_ref().is_some_and(|r| r.paused)) => i18n.t("queue.paused"),
                            Some((_, at)) => countdown(&i18n, at, clock.get()),
                            None => String::new(),
                        }
                    }}</time>
                </span>
            </span>
            <span class="meta">
                <span class="state">{move || i18n.t(&format!("ticket.status.{}", code(|r| r.status)()))}</span>
                " · "
                <span class="level">{move || i18n.t_with("queue.level", &[("n", &row.with(|r| r.as_ref().map_or(0, |r| r.level)).to_string())])}</span>
                <span class="assignee-part" hidden=move || row.with(|r| r.as_ref().is_none_or(|r| r.assignee.is_none()))>
                    " · " <span class="assignee">{text(|r| r.assignee.clone().unwrap_or_default())}</span>
                </span>
                " · "
                <time class="opened">{text(|r| r.opened.clone())}</time>
            </span>
            <span class="description">{text(|r| r.description.clone())}</span>
        </li>
    }
}
