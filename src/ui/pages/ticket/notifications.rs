//! The ticket's notifications: every message the profile's rules queued (to, subject, body,
//! when, state), a `mailto:` link to send it from the user's mail program, and "Marcar como
//! enviada", which appends `NotificationSent` and says so once it is stored.

use leptos::prelude::*;

use super::{append_events, local_time, TicketCtx};
use crate::app::desk::Desk;
use crate::domain::event::{Event, EventId, EventKind, Notification};
use crate::domain::notify::mailto::mailto;
use crate::domain::notify::recipients::{reporter_addresses, Unresolved};
use crate::domain::ticket::Ticket;
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::long_text::FreeText;
use crate::ui::StoreErrorMessage;

/// One listed notification: its event, and when it was marked sent.
#[derive(Clone, PartialEq)]
struct Row {
    id: EventId,
    at: String,
    notification: Notification,
    sent_at: Option<String>,
}

/// The queued notifications the ticket lists (a replayed duplicate is not), oldest first.
fn rows(events: &[Event], ticket: &Ticket) -> Vec<Row> {
    let ordered = crate::domain::fold::canonical_order(events);
    let sent_at = |id: &EventId| {
        ordered.iter().find_map(|e| match &e.kind {
            EventKind::NotificationSent { notification, .. } if notification == id => {
                Some(local_time(e.at()))
            }
            _ => None,
        })
    };
    ordered
        .iter()
        .filter(|e| ticket.notifications_queued.contains(&e.id))
        .filter_map(|e| match &e.kind {
            EventKind::NotificationQueued(n) => Some(Row {
                id: e.id.clone(),
                at: local_time(e.at()),
                notification: n.clone(),
                sent_at: sent_at(&e.id),
            }),
            _ => None,
        })
        .collect()
}

#[component]
pub fn Notifications() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    let busy = RwSignal::new(false);
    let saved = RwSignal::new(None::<EventId>);
    let failure = RwSignal::new(None::<crate::store::StoreError>);
    let mark_sent = move |id: EventId| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        saved.set(None);
        failure.set(None);
        leptos::task::spawn_local(async move {
            let ticket = ctx.id.get_value();
            let before = ctx.ticket.get_untracked();
            let kind = EventKind::NotificationSent {
                notification: id.clone(),
                message_id: None,
            };
            // Said once, and not at all once the page is left (see `TicketCtx::append`).
            let show_saved = move |id: EventId| {
                saved.maybe_update(|shown| {
                    let changed = shown.as_ref() != Some(&id);
                    *shown = Some(id);
                    changed
                })
            };
            let marked = id.clone();
            let durable = move || show_saved(marked.clone());
            match append_events(
                ctx.desk,
                &ticket,
                before.as_ref(),
                vec![kind],
                ctx.signals,
                &durable,
            )
            .await
            {
                Ok(()) => show_saved(id),
                Err(e) => failure.set(Some(e)),
            }
            busy.set(false);
            ctx.reload.update(|n| *n += 1);
        });
    };
    let list = Memo::new(move |_| {
        let ticket = ctx.ticket.get()?;
        ctx.events.with(|e| e.as_deref().map(|e| rows(e, &ticket)))
    });
    // Whom a message with no recipient could go to: the reporter's own e-mail, when the
    // registration recorded one.
    let reporter = Memo::new(move |_| {
        ctx.ticket.with(|t| {
            t.as_ref()
                .map(|t| reporter_addresses(ctx.desk.get().engines().for_ticket(t), t))
                .unwrap_or_default()
        })
    });
    view! {
        <section class="notifications" aria-labelledby="notifications-title">
            <h2 id="notifications-title">{move || i18n.t("notifications.title")}</h2>
            {move || saved.get().map(|_| view! {
                <p class="saved" role="status">{i18n.t("notifications.saved")}</p>
            })}
            {move || failure.get().map(|e| view! { <StoreErrorMessage error=e/> })}
            {move || {
                let rows = list.get().unwrap_or_default();
                if rows.is_empty() {
                    return view! { <p class="empty">{move || i18n.t("notifications.none")}</p> }.into_any();
                }
                view! {
                    <ol class="notification-list">
                        {rows.into_iter().rev().map(|row| row_view(i18n, &ctx.desk.get(), row, &reporter.get(), busy, mark_sent)).collect_view()}
                    </ol>
                }
                .into_any()
            }}
        </section>
    }
}

/// Who a recipient that matched nobody was, in words.
fn unresolved_words(i18n: I18n, desk: &Desk, label: &str) -> String {
    match Unresolved::parse(label) {
        Unresolved::CustomerRole(role) => {
            i18n.t_with("notifications.missing.customer_role", &[("role", &role)])
        }
        Unresolved::Reporter => i18n.t("notifications.missing.reporter"),
        Unresolved::EscalationLevel(n) => i18n.t_with(
            "notifications.missing.escalation_level",
            &[("n", &n.to_string())],
        ),
        Unresolved::Contact(id) => {
            let role = desk
                .engines()
                .active()
                .contact(&id)
                .map_or(id, |c| i18n.pt(&c.role));
            i18n.t_with("notifications.missing.contact", &[("role", &role)])
        }
        Unresolved::Other(label) => label,
    }
}

fn row_view(
    i18n: I18n,
    desk: &Desk,
    row: Row,
    reporter: &[String],
    busy: RwSignal<bool>,
    mark_sent: impl Fn(EventId) + Copy + 'static,
) -> impl IntoView {
    let n = &row.notification;
    let state = if row.sent_at.is_some() {
        "sent"
    } else {
        "queued"
    };
    let link = mailto(n);
    let to = if n.has_no_recipients() {
        let missing: Vec<String> = n
            .unresolved
            .iter()
            .map(|label| unresolved_words(i18n, desk, label))
            .collect();
        i18n.t_with(
            "notifications.no_recipients",
            &[("missing", &missing.join("; "))],
        )
    } else {
        n.to.join(", ")
    };
    // The fix offered: send it to the reporter's own e-mail.
    let offer = (n.has_no_recipients() && row.sent_at.is_none() && !reporter.is_empty())
        .then(|| {
            let mut to_reporter = n.clone();
            to_reporter.to = reporter.to_vec();
            let text = i18n.t_with(
                "notifications.to_reporter",
                &[("email", &reporter.join(", "))],
            );
            mailto(&to_reporter).map(|href| {
                view! {
                    <a class="notification-to-reporter button" href=href>{text}</a>
                }
            })
        })
        .flatten();
    let state_text = match &row.sent_at {
        Some(at) => i18n.t_with("notifications.state.sent", &[("when", at)]),
        None => i18n.t("notifications.state.queued"),
    };
    let id = row.id.clone();
    let sent = row.sent_at.is_some();
    view! {
        <li class="notification" data-state=state data-rule=n.rule.clone()
            data-no-recipients=n.has_no_recipients().to_string()>
            <p class="notification-state">{state_text}</p>
            <dl>
                <dt>{i18n.t("notifications.to")}</dt>
                <dd class="notification-to">{to}</dd>
                <dt>{i18n.t("notifications.subject")}</dt>
                <dd class="notification-subject">{n.subject.clone()}</dd>
                <dt>{i18n.t("notifications.when")}</dt>
                <dd class="notification-when">{row.at.clone()}</dd>
            </dl>
            <pre class="notification-body"><FreeText text=n.body.clone()/></pre>
            <div class="notification-actions">
                {link.map(|href| view! {
                    <a class="notification-mailto button" href=href>{i18n.t("notifications.mailto")}</a>
                })}
                {offer}
                {(!sent).then(|| view! {
                    <button type="button" class="mark-sent" prop:disabled=move || busy.get()
                        on:click=move |_| mark_sent(id.clone())>
                        {i18n.t("notifications.mark_sent")}
                    </button>
                })}
            </div>
        </li>
    }
}
