//! The actions the ticket allows now ([`allowed_actions`]), each a small form that builds its
//! events with the domain's builders and appends them. The forms' pieces are in `inputs`, the
//! forms with several inputs in `forms`.

mod assign;
mod forms;
mod inputs;

use leptos::prelude::*;

use super::TicketCtx;
use crate::domain::actions::{
    allowed_actions, classify, close, customer_escalation, customer_reject, customer_verify,
    link_customer, may_link_customer, move_stage, reach_milestone, reject_out_of_scope, reopen,
    restore_with_workaround, resume, stage_options, wait_on_customer, Action, ActionProblem, Built,
};
use crate::domain::customer::Customer;
use crate::domain::event::EventKind;
use crate::domain::ticket::Ticket;
use crate::ui::i18n::{use_i18n, I18n};

use forms::{
    comment_form, dispatch_form, escalate_form, promise_form, resolve_view, severity_form,
};
use inputs::{select_form, shell, text_form, FieldSpec, TextKind};

#[component]
pub fn Actions() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    // The desk's customers, for linking a customer typed at registration to one on file.
    let customers = RwSignal::new(Vec::<Customer>::new());
    Effect::new(move |_| {
        ctx.signals.shared.track();
        leptos::task::spawn_local(async move {
            if let Ok(list) = crate::app::notify::customers(&ctx.desk.get()).await {
                customers.try_set(list);
            }
        });
    });
    view! {
        <section class="actions" aria-labelledby="actions-title">
            <h2 id="actions-title">{move || i18n.t("ticket.actions.title")}</h2>
            {move || ctx.saved.get().map(|a| {
                let label = i18n.t(&format!("ticket.action.{}", a.code()));
                view! { <p class="saved" role="status">{i18n.t_with("ticket.saved", &[("action", &label)])}</p> }
            })}
            <div class="action-list">
                // The forms are drawn again only when the ticket changes: the customers list
                // arriving a moment after the page opens must not redraw a form being filled
                // in (its text and its problems would be lost).
                {move || ctx.ticket.get().map(|t| {
                    allowed_actions(&t, &ctx.desk.get().profile)
                        .into_iter()
                        // Conflicts are resolved where they are shown, at the top; attachments
                        // in their own section (attachments.rs); linking a customer below.
                        .filter(|a| {
                            !matches!(
                                a,
                                Action::ResolveConflict | Action::Attach | Action::LinkCustomer
                            )
                        })
                        .map(|a| action_view(i18n, ctx, &t, a, &[]))
                        .collect_view()
                })}
                {move || ctx.ticket.get().filter(|t| {
                    allowed_actions(t, &ctx.desk.get().profile).contains(&Action::LinkCustomer)
                        && customers.with(|list| may_link_customer(t, list))
                }).map(|t| {
                    customers.with(|list| action_view(i18n, ctx, &t, Action::LinkCustomer, list))
                })}
            </div>
        </section>
    }
}

fn action_view(
    i18n: I18n,
    ctx: TicketCtx,
    t: &Ticket,
    action: Action,
    customers: &[Customer],
) -> impl IntoView {
    let label = i18n.t(&format!("ticket.action.{}", action.code()));
    let hint_key = format!("ticket.hint.{}", action.code());
    let hint = i18n.t(&hint_key);
    let hint = (hint != hint_key).then_some(hint);
    view! {
        <details class="action" data-action=action.code()>
            <summary>{label}</summary>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {form_for(i18n, ctx, t, action, customers)}
        </details>
    }
}

/// Builds the action's events from the current ticket and appends them, or shows the problems.
pub(super) fn submit(
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

pub(super) fn one(built: Built) -> Built<Vec<EventKind>> {
    built.map(|k| vec![k])
}

fn form_for(
    i18n: I18n,
    ctx: TicketCtx,
    t: &Ticket,
    action: Action,
    customers: &[Customer],
) -> AnyView {
    let current = ctx.desk.get();
    let profile = &current.profile;
    match action {
        Action::Comment => comment_form(i18n, ctx),
        Action::Assign => assign::assign_form(i18n, ctx, t),
        Action::Classify => select_form(
            i18n,
            ctx,
            FieldSpec {
                action,
                field: "request_kind",
                label_key: "ticket.label.kind",
            },
            profile
                .request_kinds
                .iter()
                .map(|k| (k.id.clone(), i18n.pt(&k.name)))
                .collect(),
            move |t, v| one(classify(&ctx.desk.get().profile, t, v)),
        ),
        Action::ChangeSeverity => severity_form(i18n, ctx),
        Action::MoveStage => select_form(
            i18n,
            ctx,
            FieldSpec {
                action,
                field: "stage",
                label_key: "ticket.field.new_stage",
            },
            stage_options(profile, t)
                .into_iter()
                .map(|s| (s.id.clone(), i18n.pt(&s.name)))
                .collect(),
            move |t, v| one(move_stage(&ctx.desk.get().profile, t, v)),
        ),
        Action::Escalate => escalate_form(i18n, ctx, t),
        Action::CustomerEscalation => select_form(
            i18n,
            ctx,
            FieldSpec {
                action,
                field: "reason",
                label_key: "ticket.field.customer_reason",
            },
            profile
                .escalation
                .customer_escalation
                .iter()
                .flat_map(|c| c.reasons.iter())
                .map(|r| (r.id.clone(), i18n.pt(&r.label)))
                .collect(),
            move |t, v| {
                customer_escalation(
                    ctx.desk.get().engines().for_ticket(t),
                    t,
                    v,
                    crate::app::clock::now(),
                )
            },
        ),
        Action::Dispatch => dispatch_form(i18n, ctx, t),
        Action::WaitOnCustomer => text_form(
            i18n,
            ctx,
            FieldSpec {
                action,
                field: "reason",
                label_key: "ticket.field.wait_reason",
            },
            TextKind::Line,
            String::new(),
            |_, v| one(wait_on_customer(v)),
        ),
        Action::RestoreWithWorkaround => text_form(
            i18n,
            ctx,
            FieldSpec {
                action,
                field: "workaround",
                label_key: "ticket.field.workaround",
            },
            TextKind::Lines,
            String::new(),
            |_, v| one(restore_with_workaround(v)),
        ),
        Action::LinkCustomer => {
            let on_file = StoredValue::new(customers.to_vec());
            select_form(
                i18n,
                ctx,
                FieldSpec {
                    action,
                    field: "customer",
                    label_key: "ticket.field.customer_on_file",
                },
                customers
                    .iter()
                    .map(|c| (c.name.clone(), c.name.clone()))
                    .collect(),
                move |t, v| on_file.with_value(|list| one(link_customer(list, t, v))),
            )
        }
        Action::ReachMilestone => {
            let problems = RwSignal::new(Vec::new());
            let name = crate::domain::milestone::next_milestone(profile, t)
                .map(|m| i18n.pt(&m.name))
                .unwrap_or_default();
            let text = i18n.t_with("ticket.milestone.confirm", &[("milestone", &name)]);
            let inputs = view! { <p class="milestone-next">{text}</p> }.into_any();
            shell(i18n, ctx, action, inputs, move || {
                submit(ctx, problems, action, |t| {
                    one(reach_milestone(&ctx.desk.get().profile, t))
                });
            })
        }
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
            FieldSpec {
                action,
                field: "by",
                label_key: "ticket.field.confirmed_by",
            },
            TextKind::Line,
            t.resolution
                .as_ref()
                .map(|r| r.confirmed_by.to_string())
                .unwrap_or_default(),
            |_, v| one(customer_verify(v)),
        ),
        Action::CustomerReject => text_form(
            i18n,
            ctx,
            FieldSpec {
                action,
                field: "reason",
                label_key: "ticket.field.reject_reason",
            },
            TextKind::Lines,
            String::new(),
            |_, v| one(customer_reject(v)),
        ),
        Action::Close => text_form(
            i18n,
            ctx,
            FieldSpec {
                action,
                field: "note",
                label_key: "ticket.field.close_note",
            },
            TextKind::Lines,
            String::new(),
            |_, v| Ok(vec![close(v)]),
        ),
        Action::RejectOutOfScope => text_form(
            i18n,
            ctx,
            FieldSpec {
                action,
                field: "reason",
                label_key: "ticket.field.scope_reason",
            },
            TextKind::Lines,
            String::new(),
            move |_, v| one(reject_out_of_scope(&ctx.desk.get().profile, v)),
        ),
        Action::Reopen => text_form(
            i18n,
            ctx,
            FieldSpec {
                action,
                field: "reason",
                label_key: "ticket.field.reopen_reason",
            },
            TextKind::Lines,
            String::new(),
            |_, v| one(reopen(v)),
        ),
        // Shown elsewhere (see `Actions`).
        Action::Attach | Action::ResolveConflict => ().into_any(),
    }
}
