//! The assign action (#18): the assignee is typed or picked among the desk's active people (a
//! list the input offers), the process's proposals shown first — the customer's account
//! technician (P4), those competent in the request kind (P5) — each with the load they carry.
//! A name not on file can still be typed.

use leptos::prelude::*;

use super::super::form::{problem_signal, ActionField};
use super::super::TicketCtx;
use super::inputs::{field_id, shell};
use super::{one, submit};
use crate::app::desk::use_desk_signals;
use crate::domain::actions::{assign, Action};
use crate::domain::people::suggest::Choice;
use crate::domain::ticket::Ticket;
use crate::ui::i18n::I18n;

const PEOPLE_LIST: &str = "a-assign-people";

/// «Nivel 2 · Carga: 3 abiertas»: what the list says of a person.
fn load_text(i18n: I18n, c: &Choice) -> String {
    format!(
        "{} · {}",
        i18n.t_with("ticket.assign.level", &[("n", &c.person.level.to_string())]),
        i18n.t_count("ticket.assign.load", c.load, &[])
    )
}

pub(super) fn assign_form(i18n: I18n, ctx: TicketCtx, t: &Ticket) -> AnyView {
    let action = Action::Assign;
    let value = RwSignal::new(t.assignee.as_deref().unwrap_or_default().to_string());
    let problems = RwSignal::new(Vec::new());
    let choices = RwSignal::new(Vec::<Choice>::new());
    let ticket = t.clone();
    let tickets = use_desk_signals().tickets;
    leptos::task::spawn_local(async move {
        let all = tickets.get_untracked();
        if let Ok(list) = ctx.desk.get().assignee_choices(&ticket, &all).await {
            choices.set(list);
        }
    });
    let kind = ctx
        .desk
        .get()
        .profile
        .request_kinds
        .iter()
        .find(|k| k.id == t.request_kind)
        .map_or_else(|| t.request_kind.to_string(), |k| i18n.pt(&k.name));
    let kind = StoredValue::new(kind);
    let id = field_id(action, "assignee");
    let suggestion = move |c: Choice| {
        let reason = c.reason.map(|r| {
            let key = format!("ticket.assign.reason.{}", r.code());
            i18n.t_with(&key, &[("kind", &kind.get_value())])
        });
        let name = c.person.name.clone();
        view! {
            <li class="assign-suggestion" data-person=c.person.id.clone()
                data-reason=c.reason.map(|r| r.code())>
                <button type="button" class="pick-assignee" on:click=move |_| value.set(name.clone())>
                    {c.person.name.clone()}
                </button>
                " " <span class="assign-reason">{reason}</span>
                " · " <span class="assign-load">{load_text(i18n, &c)}</span>
            </li>
        }
    };
    let inputs = view! {
        <ActionField id=id.clone() label=Signal::derive(move || i18n.t("ticket.label.assignee"))
            problem=problem_signal(i18n, problems, "assignee")>
            <input id=id type="text" list=PEOPLE_LIST autocomplete="off"
                on:input=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()/>
        </ActionField>
        <datalist id=PEOPLE_LIST>
            {move || choices.get().into_iter().map(|c| {
                let label = load_text(i18n, &c);
                view! { <option value=c.person.name>{label}</option> }
            }).collect_view()}
        </datalist>
        {move || {
            let suggested: Vec<Choice> =
                choices.get().into_iter().filter(|c| c.reason.is_some()).collect();
            (!suggested.is_empty()).then(|| view! {
                <div class="assign-suggestions">
                    <p class="hint">{move || i18n.t("ticket.assign.suggested")}</p>
                    <ul id="assign-suggestions">
                        {suggested.into_iter().map(suggestion).collect_view()}
                    </ul>
                </div>
            })
        }}
        {move || (!choices.with(Vec::is_empty)).then(|| view! {
            <p class="hint">{move || i18n.t("ticket.assign.hint")}</p>
        })}
    }
    .into_any();
    shell(i18n, ctx, action, inputs, move || {
        let text = value.get_untracked();
        submit(ctx, problems, action, |t| one(assign(t, &text)));
    })
}
