//! One row of the Bandeja: number, status, severity, stage, level, assignee, customer and site,
//! and the nearest deadline as a live countdown coloured by its state (and said in words).

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use crate::app::desk::Desk;
use crate::domain::queue::QueueEntry;
use crate::domain::sla::ClockState;
use crate::locales::span_text;
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::route::Route;

use super::list::ROW_PX;

/// "vence en 1 h 20 min" / "vencido hace 5 min" ([`span_text`]).
fn countdown(i18n: &I18n, deadline: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let seconds = (deadline - now).num_seconds();
    let span = span_text(seconds, |key, args| i18n.t_with(key, args));
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
    outside_contract: bool,
    deadline: Option<(&'static str, DateTime<Utc>)>,
}

impl RowData {
    pub(super) fn of(desk: &Desk, entry: &QueueEntry) -> Self {
        let t = &entry.ticket;
        let severity_id = t.severity.as_deref().unwrap_or_default().to_string();
        let severity = desk
            .profile
            .severity(&severity_id)
            .map(|s| s.name.clone())
            .unwrap_or(severity_id.clone());
        Self {
            number: String::from(&*t.number),
            href: Route::Ticket(t.id.0.clone()).href(),
            status: t.status.code(),
            severity_id,
            severity,
            place: match &t.site {
                Some(site) => format!("{} · {}", t.customer, site),
                None => t.customer.to_string(),
            },
            level: t.level,
            assignee: t.assignee.as_ref().map(|a| a.to_string()),
            opened: local_minute(t.opened_at),
            description: String::from(&*t.description),
            state: entry.state.code(),
            paused: entry.state == ClockState::Paused,
            outside_contract: t.is_outside_contract(),
            deadline: entry.next_deadline().map(|(kind, at)| (kind.code(), at)),
        }
    }
}

/// Row slot `position` of the window. The slot stays in the DOM while it is in view and shows
/// whichever ticket `row` holds now: a new search or filter rewrites the texts of the rows in
/// view instead of building new ones (fewer DOM nodes created per keystroke). Each line of the
/// row is one text node, so a new result re-lays out and re-shapes six texts a row.
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
    // "En tiempo · Respuesta vence en 2 h 5 min": the clock's state in words (its icon comes
    // from the stylesheet), then the nearest deadline. Only a running countdown follows `clock`.
    let deadline_line = move || {
        row.with(|r| {
            let Some(r) = r else {
                return String::new();
            };
            let state = i18n.t(&format!("clock.state.{}", r.state));
            match r.deadline {
                None => state,
                Some((kind, at)) => {
                    let left = if r.paused {
                        i18n.t("queue.paused")
                    } else {
                        countdown(&i18n, at, clock.get())
                    };
                    format!("{state} · {} {left}", i18n.t(&format!("clock.kind.{kind}")))
                }
            }
        })
    };
    // "En curso · Nivel 2 · ana · 2026-11-22 09:30".
    let meta_line = move || {
        row.with(|r| {
            let Some(r) = r else {
                return String::new();
            };
            let mut parts = vec![
                i18n.t(&format!("ticket.status.{}", r.status)),
                i18n.t_with("queue.level", &[("n", &r.level.to_string())]),
            ];
            parts.extend(r.assignee.clone().filter(|a| !a.trim().is_empty()));
            parts.push(r.opened.clone());
            if r.outside_contract {
                parts.push(i18n.t("queue.outside_contract"));
            }
            parts.join(" · ")
        })
    };
    view! {
        <li class="ticket" class:selected=move || selected.get() data-number=text(|r| r.number.clone())
            data-state=code(|r| r.state) prop:style=format!("top:{}px", position * ROW_PX)>
            <a class="number" href=text(|r| r.href.clone())>{text(|r| r.number.clone())}</a>
            <span class="customer">{text(|r| r.place.clone())}</span>
            <span class="severity" data-severity=text(|r| r.severity_id.clone())>
                {move || row.with(|r| r.as_ref().map(|r| i18n.pt(&r.severity)).unwrap_or_default())}
            </span>
            <span class="clock" data-state=code(|r| r.state)>{deadline_line}</span>
            <span class="meta">{meta_line}</span>
            <span class="description">{text(|r| r.description.clone())}</span>
        </li>
    }
}

/// `t` in the desk's zone (as the ticket page shows it) as "2026-11-22 17:45". Written out
/// rather than with chrono's `format`, whose pattern interpreter the queue would otherwise be the
/// only part of the first load to need (issue #5, first-load size).
pub(crate) fn local_minute(t: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::{Datelike, Timelike};
    let local = crate::app::desk::desk_zone().local(t);
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        local.year(),
        local.month(),
        local.day(),
        local.hour(),
        local.minute()
    )
}
