//! Conflicts flagged at the top of the page: events the fold kept but could not apply (e.g.
//! escalated on one device while closed on another), with both versions and a "Resolver" action.

use leptos::prelude::*;

use super::form::{problem_signal, ActionField};
use super::timeline::event_text;
use super::{local_time, TicketCtx};
use crate::domain::actions::{resolve_conflicts, Action, ActionProblem};
use crate::domain::ticket::Conflict;
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::long_text::FreeText;

#[component]
pub fn Conflicts() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    let open = Memo::new(move |_| {
        ctx.ticket.with(|t| {
            t.as_ref()
                .map(|t| t.open_conflicts().cloned().collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    move || {
        let list = open.get();
        (!list.is_empty()).then(|| {
            view! {
                <section class="conflicts" role="alert" aria-labelledby="conflicts-title">
                    <h2 id="conflicts-title">
                        {i18n.t_with("ticket.conflicts.title", &[("n", &list.len().to_string())])}
                    </h2>
                    <p class="hint">{i18n.t("ticket.conflicts.hint")}</p>
                    <ul>
                        {list.into_iter().map(|c| conflict_view(&i18n, ctx, c)).collect_view()}
                    </ul>
                </section>
            }
        })
    }
}

fn conflict_view(i18n: &I18n, ctx: TicketCtx, conflict: Conflict) -> impl IntoView {
    let i18n = *i18n;
    let desk = ctx.desk.get();
    let event = ctx.events.with_untracked(|events| {
        events
            .as_deref()
            .unwrap_or_default()
            .iter()
            .find(|e| e.id == conflict.event)
            .cloned()
    });
    let (what, details, when) = match &event {
        Some(e) => {
            let (title, details) = event_text(&i18n, &desk, e);
            let when = i18n.t_with(
                "ticket.conflicts.by",
                &[
                    ("actor", &e.actor),
                    ("device", e.device()),
                    ("at", &local_time(e.at())),
                ],
            );
            (title, details, when)
        }
        None => (conflict.event.0.clone(), Vec::new(), String::new()),
    };
    let reason = i18n.t(&format!("ticket.conflict.{}", conflict.reason.code()));
    let status = i18n.t_with(
        "ticket.conflicts.status",
        &[(
            "status",
            &i18n.t(&format!("ticket.status.{}", conflict.status.code())),
        )],
    );
    let note = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<ActionProblem>::new());
    let field_id = format!("conflict-{}-note", conflict.event.0);
    let event_id = conflict.event.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let built = ctx.ticket.with_untracked(|t| {
            t.as_ref().map(|t| {
                resolve_conflicts(t, std::slice::from_ref(&event_id), &note.get_untracked())
            })
        });
        match built {
            Some(Ok(kind)) => {
                problems.set(Vec::new());
                ctx.append(Action::ResolveConflict, vec![kind]);
            }
            Some(Err(p)) => problems.set(p),
            None => {}
        }
    };
    view! {
        <li class="conflict" data-event=conflict.event.0.clone()>
            <p class="conflict-what"><strong>{what}</strong>" — "{when}</p>
            {details.into_iter().map(|d| view! { <p class="detail"><FreeText text=d/></p> }).collect_view()}
            <p class="conflict-why">{reason}</p>
            <p class="conflict-status">{status}</p>
            <form class="action-form" on:submit=submit novalidate>
                <ActionField
                    id=field_id.clone()
                    label=Signal::derive(move || i18n.t("ticket.field.resolution_note"))
                    problem=problem_signal(i18n, problems, "note")
                >
                    <textarea
                        id=field_id.clone()
                        rows="2"
                        on:input=move |ev| note.set(event_target_value(&ev))
                        prop:value=move || note.get()
                    ></textarea>
                </ActionField>
                <p class="problem">{problem_signal(i18n, problems, "events")}</p>
                <button type="submit" class="primary" prop:disabled=move || ctx.busy.get()>
                    {move || i18n.t("ticket.action.resolve_conflict")}
                </button>
            </form>
        </li>
    }
}
