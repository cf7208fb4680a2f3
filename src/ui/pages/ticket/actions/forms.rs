//! The action forms with more than one input: comment (with customer visibility), severity with
//! reason, escalation (by level or to a directory contact), dispatch, promised update, resolve.

use chrono::NaiveDateTime;
use leptos::prelude::*;

use super::super::form::{problem_signal, ActionField};
use super::super::knowledge::KnowledgeCtx;
use super::super::level_meaning::level_meaning;
use super::super::summary::level_name;
use super::super::TicketCtx;
use super::inputs::{field_id, select_input, shell, text_control, text_input, FieldSpec, TextKind};
use super::{one, submit};
use crate::app::desk::desk_zone;
use crate::domain::actions::{
    change_severity, comment, dispatch, escalate, escalation_choices, promise_update,
    resolve_with_article, Action, ActionProblem, EscalationChoice, Issue, ResolveForm,
};
use crate::domain::customer::Customer;
use crate::domain::notify::customer_of;
use crate::domain::profile::ClosureField;
use crate::domain::ticket::Ticket;
use crate::ui::i18n::I18n;

/// The format of `<input type="datetime-local">`.
const LOCAL_INPUT: &str = "%Y-%m-%dT%H:%M";

pub(super) fn comment_form(i18n: I18n, ctx: TicketCtx) -> AnyView {
    let action = Action::Comment;
    let text = RwSignal::new(String::new());
    let visible = RwSignal::new(false);
    let problems = RwSignal::new(Vec::new());
    let visible_id = field_id(action, "customer_visible");
    let inputs = view! {
        {text_input(i18n, FieldSpec { action, field: "text", label_key: "ticket.field.comment" }, text, problems, TextKind::Lines)}
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

pub(super) fn severity_form(i18n: I18n, ctx: TicketCtx) -> AnyView {
    let action = Action::ChangeSeverity;
    let severity = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::new());
    let options = ctx
        .desk
        .get()
        .profile
        .severities
        .iter()
        .map(|s| (s.id.clone(), i18n.pt(&s.name)))
        .collect();
    let inputs = view! {
        {select_input(i18n, FieldSpec { action, field: "severity", label_key: "ticket.field.new_severity" }, severity, problems, options)}
        {text_input(i18n, FieldSpec { action, field: "reason", label_key: "ticket.field.severity_reason" }, reason, problems, TextKind::Line)}
    }
    .into_any();
    shell(i18n, ctx, action, inputs, move || {
        let (s, r) = (severity.get_untracked(), reason.get_untracked());
        submit(ctx, problems, action, |t| {
            one(change_severity(&ctx.desk.get().profile, t, &s, &r))
        });
    })
}

pub(super) fn escalate_form(i18n: I18n, ctx: TicketCtx, t: &Ticket) -> AnyView {
    let action = Action::Escalate;
    let current = ctx.desk.get();
    let choices = escalation_choices(&current.profile, t);
    let label = |c: &EscalationChoice| match c {
        EscalationChoice::Functional { level } => level_name(&current.profile, &i18n, *level),
        EscalationChoice::Hierarchical { level, contact } => {
            let role = current
                .engines()
                .for_ticket(t)
                .contact(contact)
                .map_or_else(|| contact.clone(), |c| i18n.pt(&c.role));
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
    // What the levels mean (P2): the ticket's own, and the one chosen.
    let current_level = level_meaning(&current.profile, i18n, t.level, "ticket.level.current");
    let levels: Vec<Option<u8>> = choices
        .iter()
        .map(|c| match c {
            EscalationChoice::Functional { level } => Some(*level),
            EscalationChoice::Hierarchical { .. } => None,
        })
        .collect();
    let chosen_level = move || {
        let level = value.with(|v| {
            v.parse::<usize>()
                .ok()
                .and_then(|i| levels.get(i).copied().flatten())
        })?;
        level_meaning(&ctx.desk.get().profile, i18n, level, "ticket.level.chosen")
    };
    let inputs = view! {
        <ActionField id=id.clone() label=Signal::derive(move || i18n.t("ticket.field.escalate_to")) problem=problem_signal(i18n, problems, "escalation")>
            <select id=id on:change=move |ev| value.set(event_target_value(&ev)) prop:value=move || value.get()>
                <option value="">{move || i18n.t("ticket.select")}</option>
                {optgroup("ticket.escalation.functional", functional)}
                {optgroup("ticket.escalation.hierarchical", hierarchical)}
            </select>
        </ActionField>
        <div class="level-meanings">
            {current_level}
            {chosen_level}
        </div>
    }
    .into_any();
    shell(i18n, ctx, action, inputs, move || {
        let picked = value.get_untracked();
        let choice = picked.parse::<usize>().ok().and_then(|i| choices.get(i));
        submit(ctx, problems, action, |t| match choice {
            Some(c) => one(escalate(&ctx.desk.get().profile, t, c)),
            None => Err(vec![ActionProblem::new("escalation", Issue::Required)]),
        });
    })
}

pub(super) fn dispatch_form(i18n: I18n, ctx: TicketCtx, t: &Ticket) -> AnyView {
    let action = Action::Dispatch;
    let site = RwSignal::new(t.site.as_deref().unwrap_or_default().to_string());
    let class = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::new());
    // The city class comes from the site in the customer's record (Ajustes), when it has one;
    // the person can still choose another.
    let customers: RwSignal<Vec<Customer>> = RwSignal::new(Vec::new());
    leptos::task::spawn_local(async move {
        if let Ok(list) = crate::app::notify::customers(&ctx.desk.get()).await {
            customers.try_set(list);
        }
    });
    let ticket = StoredValue::new(t.clone());
    let suggested = Memo::new(move |_| {
        let site = site.get();
        customers.with(|list| {
            ticket.with_value(|t| {
                customer_of(list, t)
                    .and_then(|c| c.site_city_class(&site))
                    .map(str::to_string)
            })
        })
    });
    Effect::new(move |_| {
        if let Some(c) = suggested.get() {
            class.set(c);
        }
    });
    let classes: Vec<(String, String)> = ctx
        .desk
        .get()
        .profile
        .city_classes
        .iter()
        .map(|c| (c.id.clone(), i18n.pt(&c.name)))
        .collect();
    let inputs = view! {
        {text_input(i18n, FieldSpec { action, field: "site", label_key: "ticket.field.site" }, site, problems, TextKind::Line)}
        {(!classes.is_empty()).then(|| select_input(i18n, FieldSpec { action, field: "city_class", label_key: "ticket.field.city_class" }, class, problems, classes))}
    }
    .into_any();
    shell(i18n, ctx, action, inputs, move || {
        let (s, c) = (site.get_untracked(), class.get_untracked());
        submit(ctx, problems, action, |_| {
            one(dispatch(&ctx.desk.get().profile, &s, &c))
        });
    })
}

pub(super) fn promise_form(i18n: I18n, ctx: TicketCtx) -> AnyView {
    let action = Action::PromiseUpdate;
    let value = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::new());
    let id = field_id(action, "at");
    let min = move || {
        desk_zone()
            .local(ctx.now.get())
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
        // The input gives a wall time in the desk's zone, as every time on the page is shown.
        let at = NaiveDateTime::parse_from_str(&value.get_untracked(), LOCAL_INPUT)
            .ok()
            .and_then(|n| desk_zone().earliest(n));
        submit(ctx, problems, action, |_| {
            one(promise_update(at, crate::app::clock::now()))
        });
    })
}

pub(super) fn resolve_view(i18n: I18n, ctx: TicketCtx) -> AnyView {
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
    let required = ctx.desk.get().profile.closure.required.clone();
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
    // The profile's closure categories (P4), when it has them.
    let categories = ctx.desk.get().profile.closure.categories.clone();
    let category = RwSignal::new(String::new());
    let category_id = field_id(action, "category");
    let labelled = |field: ClosureField, key: &'static str, value: RwSignal<String>, kind| {
        let id = field_id(action, field.id());
        view! {
            <ActionField id=id.clone() label=note(field, key) problem=problem_signal(i18n, problems, field.id())>
                {text_control(id, value, kind)}
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
        {labelled(ClosureField::RootCause, "ticket.field.root_cause", root_cause, TextKind::Lines)}
        {from_article}
        {labelled(ClosureField::Solution, "ticket.field.solution", solution, TextKind::Lines)}
        <ActionField id=minutes_id.clone() label=note(ClosureField::AffectedMinutes, "ticket.field.affected_minutes_input") problem=problem_signal(i18n, problems, "affected_minutes")>
            <input id=minutes_id type="text" inputmode="numeric" pattern="[0-9]*"
                on:input=move |ev| minutes.set(event_target_value(&ev))
                prop:value=move || minutes.get()/>
        </ActionField>
        {labelled(ClosureField::ConfirmedBy, "ticket.field.confirmed_by", confirmed_by, TextKind::Line)}
        {(!categories.is_empty()).then(|| view! {
            <ActionField id=category_id.clone() label=note(ClosureField::Category, "ticket.field.category") problem=problem_signal(i18n, problems, "category")>
                <select id=category_id on:change=move |ev| category.set(event_target_value(&ev)) prop:value=move || category.get()>
                    <option value="">{move || i18n.t("ticket.select")}</option>
                    {categories.iter().map(|c| view! { <option value=c.id.clone()>{i18n.pt(&c.name)}</option> }).collect_view()}
                </select>
            </ActionField>
        })}
    }
    .into_any();
    shell(i18n, ctx, action, inputs, move || {
        let form = ResolveForm {
            root_cause: root_cause.get_untracked(),
            solution: solution.get_untracked(),
            affected_minutes: minutes.get_untracked(),
            confirmed_by: confirmed_by.get_untracked(),
            category: category.get_untracked(),
        };
        let article = chosen.get_untracked().map(|a| a.id);
        submit(ctx, problems, action, |_| {
            resolve_with_article(&ctx.desk.get().profile, &form, article.as_deref())
        });
    })
}
