//! "Bandeja": the tickets folded from the stored events, newest first.

use leptos::prelude::*;

use crate::domain::ticket::Ticket;
use crate::ui::desk::use_desk_signals;
use crate::ui::i18n::use_i18n;

#[component]
pub fn QueuePage() -> impl IntoView {
    let i18n = use_i18n();
    let signals = use_desk_signals();
    let count = move || signals.tickets.with(|t| t.len());
    view! {
        <section class="queue">
            <h1>{move || i18n.t("queue.title")}</h1>
            <p class="count">{move || i18n.t_with("queue.count", &[("n", &count().to_string())])}</p>
            <Show
                when=move || { count() > 0 }
                fallback=move || view! { <p class="empty">{move || i18n.t("queue.empty")}</p> }
            >
                <ul class="tickets" aria-label=move || i18n.t("queue.title")>
                    <For
                        each=move || signals.tickets.get()
                        key=|t| (t.id.clone(), t.event_count)
                        children=move |t| view! { <TicketRow ticket=t/> }
                    />
                </ul>
            </Show>
        </section>
    }
}

#[component]
fn TicketRow(ticket: Ticket) -> impl IntoView {
    let i18n = use_i18n();
    let status_key = format!("ticket.status.{}", ticket.status.code());
    let opened = ticket
        .opened_at
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let severity = ticket.severity.clone().unwrap_or_default();
    view! {
        <li class="ticket" data-number=ticket.number.clone()>
            <a class="number" href=crate::ui::route::Route::Ticket(ticket.id.0.clone()).href()>{ticket.number.clone()}</a>
            <span class="customer">{ticket.customer.clone()}</span>
            <span class="severity" data-severity=severity.clone()>{severity.clone()}</span>
            <span class="state">{move || i18n.t(&status_key)}</span>
            <time class="opened">{opened}</time>
            <span class="description">{ticket.description.clone()}</span>
        </li>
    }
}
