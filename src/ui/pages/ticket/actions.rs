//! The actions the ticket allows now ([`allowed_actions`]), each a small form that builds its
//! events with the domain's builders and appends them.

use chrono::{Local, NaiveDateTime, TimeZone, Utc};
use leptos::prelude::*;

use super::form::{problem_signal, ActionField};
use super::knowledge::KnowledgeCtx;
use super::summary::level_name;
use super::TicketCtx;
use crate::domain::actions::{
    allowed_actions, assign, change_severity, classify, close, comment, customer_escalation,
    customer_reject, customer_verify, dispatch, escalate, escalation_choices, move_stage,
    promise_update, reject_out_of_scope, reopen, resolve_with_article, resume, stage_options,
    wait_on_customer, Action, ActionProblem, Built, EscalationChoice, Issue, ResolveForm,
};
use crate::domain::event::EventKind;
use crate::domain::profile::ClosureField;
use crate::domain::ticket::Ticket;
use crate::ui::desk::desk;
use crate::ui::i18n::{use_i18n, I18n};

/// The format of `<input type="datetime-local">`.
const LOCAL_INPUT: &str = "%Y-%m-%dT%H:%M";

#[component]
pub fn Actions() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    view! {
        <section class="actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{move || i18n.t("ticket.actions.title")}</h2>
            {move || ctx.saved.get().map(|a| {
                let label = i18n.t(&format!("ticket.action.{}", a.code()));
                view! { <p class="saved" role="status">{i18n.t_with("ticket.saved", &[("action", &label)])}</p> }
            })}
            <div class="action-list">
                {move || ctx.ticket.get().map(|t| {
                    allowed_actions(&t, &desk().profile)
                        .into_iter()
                        // Conflicts are resolved where they are shown, at the top; attachments
                        // in their own section (attachments.rs).
                        .filter(|a| !matches!(a, Action::ResolveConflict | Action::Attach))
                        .map(|a| action_view(i18n, ctx, &t, a))
                        .collect_view()
                })}
            </div>
        </section>
    }
}

fn action_view(i18n: I18n, ctx: TicketCtx, t: &Ticket, action: Action) -> impl IntoView {
    let label = i18n.t(&format!("ticket.action.{}", action.code()));
    let hint_key = format!("ticket.hint.{}", action.code());
    let hint = i18n.t(&hint_key);
    let hint = (hint != hint_key).then_some(hint);
    view! {
        <details class="action" data-action=action.code()>
            <summary>{label}</summary>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {form_for(i18n, ctx, t, action)}
        </details>
    }
}

/// Builds the action's events from the current ticket and appends them, or shows the problems.
fn submit(
    ctx: TicketCtx,
    problems: RwSignal<Vec<ActionProblem>>,
    action: Action,
    build: impl FnOnce(&Ticket) -> Built<Vec<EventKind>>,
) {
    let Some(built) = ctx.ticket.with_untracked(|t| t.as_ref().map(build)) else {
        return;
    };
    match built {
        Ok(kinds) => {
            problems.set(Vec::new());
            ctx.append(action, kinds);
        }
        Err(p) => problems.set(p),
    }
}

fn one(built: Built) -> Built<Vec<EventKind>> {
    built.map(|k| vec![k])
}

fn field_id(action: Action, field: &str) -> String {
    format!("a-{}-{field}", action.code())
}

/// The `<form>` around an action's inputs, with its submit button.
fn shell(
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

/// A labelled text input or textarea bound to `value`.
fn text_input(
    i18n: I18n,
    action: Action,
    field: &'static str,
    label_key: &'static str,
    value: RwSignal<String>,
    problems: RwSignal<Vec<ActionProblem>>,
    multiline: bool,
) -> AnyView {
    let id = field_id(action, field);
    let control = if multiline {
        view! {
            <textarea id=id.clone() rows="3"
                on:input=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()></textarea>
        }
        .into_any()
    } else {
        view! {
            <input id=id.clone() type="text"
                on:input=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()/>
        }
        .into_any()
    };
    view! {
        <ActionField id=id label=Signal::derive(move || i18n.t(label_key)) problem=problem_signal(i18n, problems, field)>
            {control}
        </ActionField>
    }
    .into_any()
}

/// A labelled select of `(value, label)` options bound to `value`, with an empty first choice.
fn select_input(
    i18n: I18n,
    action: Action,
    field: &'static str,
    label_key: &'static str,
    value: RwSignal<String>,
    problems: RwSignal<Vec<ActionProblem>>,
    options: Vec<(String, String)>,
) -> AnyView {
    let id = field_id(action, field);
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

/// An action whose only input is one text.
#[allow(clippy::too_many_arguments)]
fn text_form(
    i18n: I18n,
    ctx: TicketCtx,
    action: Action,
    field: &'static str,
    label_key: &'static str,
    multiline: bool,
    initial: String,
    build: impl Fn(&Ticket, &str) -> Built<Vec<EventKind>> + 'static,
) -> AnyView {
    let value = RwSignal::new(initial);
    let problems = RwSignal::new(Vec::new());
    let inputs = text_input(i18n, action, field, label_key, value, problems, multiline);
    shell(i18n, ctx, action, inputs, move || {
        let text = value.get_untracked();
        submit(ctx, problems, action, |t| build(t, &text));
    })
}

/// An action whose only input is a choice from a list.
#[allow(clippy::too_many_arguments)]
fn select_form(
    i18n: I18n,
    ctx: TicketCtx,
    action: Action,
    field: &'static str,
    label_key: &'static str,
    options: Vec<(String, String)>,
    build: impl Fn(&Ticket, &str) -> Built<Vec<EventKind>> + 'static,
) -> AnyView {
    let value = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::new());
    let inputs = select_input(i18n, action, field, label_key, value, problems, options);
    shell(i18n, ctx, action, inputs, move || {
        let choice = value.get_untracked();
        submit(ctx, problems, action, |t| build(t, &choice));
    })
}

fn form_for(i18n: I18n, ctx: TicketCtx, t: &Ticket, action: Action) -> AnyView {
    let current = desk();
    let profile = &current.profile;
    match action {
        Action::Comment => comment_form(i18n, ctx),
        Action::Assign => text_form(
            i18n,
            ctx,
            action,
            "assignee",
            "ticket.label.assignee",
            false,
            t.assignee.clone().unwrap_or_default(),
            |t, v| one(assign(t, v)),
        ),
        Action::Classify => select_form(
            i18n,
            ctx,
            action,
            "request_kind",
            "ticket.label.kind",
            profile
                .request_kinds
                .iter()
                .map(|k| (k.id.clone(), k.name.clone()))
                .collect(),
            |t, v| one(classify(&desk().profile, t, v)),
        ),
        Action::ChangeSeverity => severity_form(i18n, ctx),
        Action::MoveStage => select_form(
            i18n,
            ctx,
            action,
            "stage",
            "ticket.field.new_stage",
            stage_options(profile, t)
                .into_iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect(),
            |t, v| one(move_stage(&desk().profile, t, v)),
        ),
        Action::Escalate => escalate_form(i18n, ctx, t),
        Action::CustomerEscalation => select_form(
            i18n,
            ctx,
            action,
            "reason",
            "ticket.field.customer_reason",
            profile
                .escalation
                .customer_escalation
                .iter()
                .flat_map(|c| c.reasons.iter())
                .map(|r| (r.id.clone(), r.label.clone()))
                .collect(),
            |t, v| customer_escalation(&desk().engine, t, v, crate::ui::clock::now()),
        ),
        Action::Dispatch => dispatch_form(i18n, ctx, t),
        Action::WaitOnCustomer => text_form(
            i18n,
            ctx,
            action,
            "reason",
            "ticket.field.wait_reason",
            false,
            String::new(),
            |_, v| one(wait_on_customer(v)),
        ),
        Action::Resume => {
            let problems = RwSignal::new(Vec::new());
            shell(i18n, ctx, action, ().into_any(), move || {
                submit(ctx, problems, action, |_| Ok(vec![resume()]));
            })
        }
        Action::PromiseUpdate => promise_form(i18n, ctx),
        Action::Resolve => resolve_view(i18n, ctx),
        Action::CustomerVerify => text_form(
            i18n,
            ctx,
            action,
            "by",
            "ticket.field.confirmed_by",
            false,
            t.resolution
                .as_ref()
                .map(|r| r.confirmed_by.clone())
                .unwrap_or_default(),
            |_, v| one(customer_verify(v)),
        ),
        Action::CustomerReject => text_form(
            i18n,
            ctx,
            action,
            "reason",
            "ticket.field.reject_reason",
            true,
            String::new(),
            |_, v| one(customer_reject(v)),
        ),
        Action::Close => text_form(
            i18n,
            ctx,
            action,
            "note",
            "ticket.field.close_note",
            true,
            String::new(),
            |_, v| Ok(vec![close(v)]),
        ),
        Action::RejectOutOfScope => text_form(
            i18n,
            ctx,
            action,
            "reason",
            "ticket.field.scope_reason",
            true,
            String::new(),
            |_, v| one(reject_out_of_scope(&desk().profile, v)),
        ),
        Action::Reopen => text_form(
            i18n,
            ctx,
            action,
            "reason",
            "ticket.field.reopen_reason",
            true,
            String::new(),
            |_, v| one(reopen(v)),
        ),
        // Shown elsewhere (see `Actions`).
        Action::Attach | Action::ResolveConflict => ().into_any(),
    }
}

fn comment_form(i18n: I18n, ctx: TicketCtx) -> AnyView {
    let action = Action::Comment;
    let text = RwSignal::new(String::new());
    let visible = RwSignal::new(false);
    let problems = RwSignal::new(Vec::new());
    let visible_id = field_id(action, "customer_visible");
    let inputs = view! {
        {text_input(i18n, action, "text", "ticket.field.comment", text, problems, true)}
        <div class="field check">
            <input id=visible_id.clone() type="checkbox"
                prop:checked=move || visible.get()
                on:change=move |ev| visible.set(event_target_checked(&ev))/>
            <label for=visible_id>{move || i18n.t("ticket.field.customer_visible")}</label>
        </div>
    }
    .into_any();
    shell(i18n, ctx, action, inputs, move || {
        let (t, v) = (text.get_untracked(), visible.get_untracked());
        submit(ctx, problems, action, |_| one(comment(&t, v)));
    })
}

fn severity_form(i18n: I18n, ctx: TicketCtx) -> AnyView {
    let action = Action::ChangeSeverity;
    let severity = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::new());
    let options = desk()
        .profile
        .severities
        .iter()
        .map(|s| (s.id.clone(), s.name.clone()))
        .collect();
    let inputs = view! {
        {select_input(i18n, action, "severity", "ticket.field.new_severity", severity, problems, options)}
        {text_input(i18n, action, "reason", "ticket.field.severity_reason", reason, problems, false)}
    }
    .into_any();
    shell(i18n, ctx, action, inputs, move || {
        let (s, r) = (severity.get_untracked(), reason.get_untracked());
        submit(ctx, problems, action, |t| {
            one(change_severity(&desk().profile, t, &s, &r))
        });
    })
}

fn escalate_form(i18n: I18n, ctx: TicketCtx, t: &Ticket) -> AnyView {
    let action = Action::Escalate;
    let current = desk();
    let choices = escalation_choices(&current.profile, t);
    let label = |c: &EscalationChoice| match c {
        EscalationChoice::Functional { level } => level_name(&current.profile, &i18n, *level),
        EscalationChoice::Hierarchical { level, contact } => {
            let role = current
                .engine
                .contact(contact)
                .map_or_else(|| contact.clone(), |c| c.role.clone());
            i18n.t_with(
                "ticket.escalation.contact",
                &[("role", &role), ("n", &level.to_string())],
            )
        }
    };
    let group = |functional: bool| -> Vec<(String, String)> {
        choices
            .iter()
            .enumerate()
            .filter(|(_, c)| matches!(c, EscalationChoice::Functional { .. }) == functional)
            .map(|(i, c)| (i.to_string(), label(c)))
            .collect()
    };
    let (functional, hierarchical) = (group(true), group(false));
    let value = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::new());
    let id = field_id(action, "escalation");
    let optgroup = move |key: &'static str, options: Vec<(String, String)>| {
        (!options.is_empty()).then(|| {
            view! {
                <optgroup label=move || i18n.t(key)>
                    {options
                        .into_iter()
                        .map(|(v, l)| view! { <option value=v>{l}</option> })
                        .collect_view()}
                </optgroup>
            }
        })
    };
    let inputs = view! {
        <ActionField id=id.clone() label=Signal::derive(move || i18n.t("ticket.field.escalate_to")) problem=problem_signal(i18n, problems, "escalation")>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev)) prop:value=move || value.get()>
                <option value="">{move || i18n.t("ticket.select")}</option>
                {optgroup("ticket.escalation.functional", functional)}
                {optgroup("ticket.escalation.hierarchical", hierarchical)}
            </select>
        </ActionField>
    }
    .into_any();
    shell(i18n, ctx, action, inputs, move || {
        let picked = value.get_untracked();
        let choice = picked.parse::<usize>().ok().and_then(|i| choices.get(i));
        submit(ctx, problems, action, |t| match choice {
            Some(c) => one(escalate(&desk().profile, t, c)),
            None => Err(vec![ActionProblem::new("escalation", Issue::Required)]),
        });
    })
}

fn dispatch_form(i18n: I18n, ctx: TicketCtx, t: &Ticket) -> AnyView {
    let action = Action::Dispatch;
    let site = RwSignal::new(t.site.clone().unwrap_or_default());
    let class = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::new());
    let classes: Vec<(String, String)> = desk()
        .profile
        .city_classes
        .iter()
        .map(|c| (c.id.clone(), c.name.clone()))
        .collect();
    let inputs = view! {
        {text_input(i18n, action, "site", "ticket.field.site", site, problems, false)}
        {(!classes.is_empty()).then(|| select_input(i18n, action, "city_class", "ticket.field.city_class", class, problems, classes))}
    }
    .into_any();
    shell(i18n, ctx, action, inputs, move || {
        let (s, c) = (site.get_untracked(), class.get_untracked());
        submit(ctx, problems, action, |_| {
            one(dispatch(&desk().profile, &s, &c))
        });
    })
}

fn promise_form(i18n: I18n, ctx: TicketCtx) -> AnyView {
    let action = Action::PromiseUpdate;
    let value = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::new());
    let id = field_id(action, "at");
    let min = move || {
        ctx.now
            .get()
            .with_timezone(&Local)
            .format(LOCAL_INPUT)
            .to_string()
    };
    let inputs = view! {
        <ActionField id=id.clone() label=Signal::derive(move || i18n.t("ticket.field.promised_at")) problem=problem_signal(i18n, problems, "at")>
            <input id=id type="datetime-local" min=min
                on:input=move |ev| value.set(event_target_value(&ev))
                prop:value=move || value.get()/>
        </ActionField>
    }
    .into_any();
    shell(i18n, ctx, action, inputs, move || {
        // The input gives a wall time in the device's zone.
        let at = NaiveDateTime::parse_from_str(&value.get_untracked(), LOCAL_INPUT)
            .ok()
            .and_then(|n| Local.from_local_datetime(&n).earliest())
            .map(|l| l.with_timezone(&Utc));
        submit(ctx, problems, action, |_| {
            one(promise_update(at, crate::ui::clock::now()))
        });
    })
}

fn resolve_view(i18n: I18n, ctx: TicketCtx) -> AnyView {
    let action = Action::Resolve;
    let root_cause = RwSignal::new(String::new());
    // "Usar como solución" (see `knowledge`) fills the solution with the article.
    let chosen = expect_context::<KnowledgeCtx>().solution;
    let solution = RwSignal::new(chosen.get_untracked().map(|a| a.body).unwrap_or_default());
    Effect::watch(
        move || chosen.get(),
        move |article, _, _| {
            if let Some(a) = article {
                solution.set(a.body.clone());
            }
        },
        false,
    );
    let minutes = RwSignal::new(String::new());
    let confirmed_by = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::new());
    let required = desk().profile.closure.required.clone();
    let note = move |field: ClosureField, label: &'static str| {
        let needed = required.contains(&field);
        Signal::derive(move || {
            if needed {
                i18n.t_with("ticket.required", &[("label", &i18n.t(label))])
            } else {
                i18n.t(label)
            }
        })
    };
    let minutes_id = field_id(action, "affected_minutes");
    let labelled = |field: ClosureField, key: &'static str, value: RwSignal<String>, multiline| {
        let id = field_id(action, field.id());
        let control = if multiline {
            view! {
                <textarea id=id.clone() rows="3"
                    on:input=move |ev| value.set(event_target_value(&ev))
                    prop:value=move || value.get()></textarea>
            }
            .into_any()
        } else {
            view! {
                <input id=id.clone() type="text"
                    on:input=move |ev| value.set(event_target_value(&ev))
                    prop:value=move || value.get()/>
            }
            .into_any()
        };
        view! {
            <ActionField id=id label=note(field, key) problem=problem_signal(i18n, problems, field.id())>
                {control}
            </ActionField>
        }
    };
    let from_article = move || {
        chosen.get().map(|a| {
            view! {
                <p class="from-article" role="status">
                    {i18n.t_with("knowledge.solution_from", &[("title", &a.title)])}
                    " "
                    <button type="button" on:click=move |_| chosen.set(None)>
                        {i18n.t("knowledge.unlink")}
                    </button>
                </p>
            }
        })
    };
    let inputs = view! {
        {labelled(ClosureField::RootCause, "ticket.field.root_cause", root_cause, true)}
        {from_article}
        {labelled(ClosureField::Solution, "ticket.field.solution", solution, true)}
        <ActionField id=minutes_id.clone() label=note(ClosureField::AffectedMinutes, "ticket.field.affected_minutes_input") problem=problem_signal(i18n, problems, "affected_minutes")>
            <input id=minutes_id type="text" inputmode="numeric" pattern="[0-9]*"
                on:input=move |ev| minutes.set(event_target_value(&ev))
                prop:value=move || minutes.get()/>
        </ActionField>
        {labelled(ClosureField::ConfirmedBy, "ticket.field.confirmed_by", confirmed_by, false)}
    }
    .into_any();
    shell(i18n, ctx, action, inputs, move || {
        let form = ResolveForm {
            root_cause: root_cause.get_untracked(),
            solution: solution.get_untracked(),
            affected_minutes: minutes.get_untracked(),
            confirmed_by: confirmed_by.get_untracked(),
        };
        let article = chosen.get_untracked().map(|a| a.id);
        submit(ctx, problems, action, |_| {
            resolve_with_article(&desk().profile, &form, article.as_deref())
        });
    })
}
