//! The pieces every action form is made of: the `<form>` with its submit button, labelled text
//! and select inputs (each with its problem beside it), and the one-input forms most actions are.

use leptos::prelude::*;

use super::super::form::{problem_signal, ActionField};
use super::super::TicketCtx;
use super::submit;
use crate::domain::actions::{Action, ActionProblem, Built};
use crate::domain::event::EventKind;
use crate::domain::ticket::Ticket;
use crate::ui::i18n::I18n;

/// One input of an action's form: the action, the field (its DOM id is `a-ACTION-FIELD`, and
/// the domain names its problems by it) and the locale key of its label.
#[derive(Clone, Copy)]
pub(super) struct FieldSpec {
    pub action: Action,
    pub field: &'static str,
    pub label_key: &'static str,
}

/// One line of text or several.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum TextKind {
    Line,
    Lines,
}

pub(super) fn field_id(action: Action, field: &str) -> String {
    format!("a-{}-{field}", action.code())
}

/// The `<form>` around an action's inputs, with its submit button.
pub(super) fn shell(
    i18n: I18n,
    ctx: TicketCtx,
    action: Action,
    inputs: AnyView,
    mut on_submit: impl FnMut() + 'static,
) -> AnyView {
    let key = format!("ticket.action.{}", action.code());
    view! {
        <form class="action-form" novalidate on:submit=move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            on_submit();
        }>
            {inputs}
            <button type="submit" class="primary" prop:disabled=move || ctx.busy.get()>
                {move || i18n.t(&key)}
            </button>
        </form>
    }
    .into_any()
}

/// A text input or textarea with id `id`, bound to `value`.
pub(super) fn text_control(id: String, value: RwSignal<String>, kind: TextKind) -> AnyView {
    match kind {
        TextKind::Lines => view! {
            <textarea id=id rows="3"
                on:input=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()></textarea>
        }
        .into_any(),
        TextKind::Line => view! {
            <input id=id type="text"
                on:input=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()/>
        }
        .into_any(),
    }
}

/// A labelled text input or textarea bound to `value`.
pub(super) fn text_input(
    i18n: I18n,
    spec: FieldSpec,
    value: RwSignal<String>,
    problems: RwSignal<Vec<ActionProblem>>,
    kind: TextKind,
) -> AnyView {
    let id = field_id(spec.action, spec.field);
    let FieldSpec {
        field, label_key, ..
    } = spec;
    view! {
        <ActionField id=id.clone() label=Signal::derive(move || i18n.t(label_key)) problem=problem_signal(i18n, problems, field)>
            {text_control(id, value, kind)}
        </ActionField>
    }
    .into_any()
}

/// A labelled select of `(value, label)` options bound to `value`, with an empty first choice.
pub(super) fn select_input(
    i18n: I18n,
    spec: FieldSpec,
    value: RwSignal<String>,
    problems: RwSignal<Vec<ActionProblem>>,
    options: Vec<(String, String)>,
) -> AnyView {
    let id = field_id(spec.action, spec.field);
    let FieldSpec {
        field, label_key, ..
    } = spec;
    view! {
        <ActionField id=id.clone() label=Signal::derive(move || i18n.t(label_key)) problem=problem_signal(i18n, problems, field)>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev)) prop:value=move || value.get()>
                <option value="">{move || i18n.t("ticket.select")}</option>
                {options
                    .into_iter()
                    .map(|(v, l)| view! { <option value=v>{l}</option> })
                    .collect_view()}
            </select>
        </ActionField>
    }
    .into_any()
}

/// An action whose only input is one text, starting as `initial`.
pub(super) fn text_form(
    i18n: I18n,
    ctx: TicketCtx,
    spec: FieldSpec,
    kind: TextKind,
    initial: String,
    build: impl Fn(&Ticket, &str) -> Built<Vec<EventKind>> + 'static,
) -> AnyView {
    let value = RwSignal::new(initial);
    let problems = RwSignal::new(Vec::new());
    let inputs = text_input(i18n, spec, value, problems, kind);
    shell(i18n, ctx, spec.action, inputs, move || {
        let text = value.get_untracked();
        submit(ctx, problems, spec.action, |t| build(t, &text));
    })
}

/// An action whose only input is a choice from a list.
pub(super) fn select_form(
    i18n: I18n,
    ctx: TicketCtx,
    spec: FieldSpec,
    options: Vec<(String, String)>,
    build: impl Fn(&Ticket, &str) -> Built<Vec<EventKind>> + 'static,
) -> AnyView {
    let value = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::new());
    let inputs = select_input(i18n, spec, value, problems, options);
    shell(i18n, ctx, spec.action, inputs, move || {
        let choice = value.get_untracked();
        submit(ctx, problems, spec.action, |t| build(t, &choice));
    })
}
