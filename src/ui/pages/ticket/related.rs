//! "Incidencias relacionadas" (P2): the tickets this one is linked to, each with its relation,
//! and the form that links it to another by number. The domain checks the link and makes its two
//! events ([`link_tickets`]); this only shows them and their problems.

use std::sync::Arc;

use leptos::prelude::*;

use super::TicketCtx;
use crate::domain::actions::ActionProblem;
use crate::domain::link::{link_tickets, Relation};
use crate::domain::ticket::Ticket;
use crate::ui::i18n::use_i18n;
use crate::ui::route::Route;

/// The other ticket's number as this device knows it now (the one recorded with the link when
/// the device lacks that ticket).
fn number_of(tickets: &[Arc<Ticket>], link: &crate::domain::link::TicketLink) -> String {
    tickets
        .iter()
        .find(|t| t.id == link.other)
        .map_or_else(|| link.other_number.clone(), |t| String::from(&*t.number))
}

#[component]
pub fn Related() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    let relation = RwSignal::new(Relation::CHOSEN[0].code().to_string());
    let number = RwSignal::new(String::new());
    let problems = RwSignal::new(Vec::<ActionProblem>::new());
    let saved = RwSignal::new(false);
    let problem = move |field: &'static str| {
        Signal::derive(move || {
            problems.with(|ps| {
                ps.iter()
                    .find(|p| p.field == field)
                    .map(|p| i18n.t(&format!("ticket.issue.{}", p.issue.code())))
            })
        })
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(ticket) = ctx.ticket.get_untracked() else {
            return;
        };
        saved.set(false);
        let built = ctx.signals.tickets.with_untracked(|all| {
            link_tickets(
                &ticket,
                all,
                &number.get_untracked(),
                &relation.get_untracked(),
            )
        });
        match built {
            Err(ps) => problems.set(ps),
            Ok(pairs) => {
                problems.set(Vec::new());
                leptos::task::spawn_local(async move {
                    match ctx.desk.get().append_on(pairs.to_vec(), ctx.signals).await {
                        Ok(()) => {
                            number.set(String::new());
                            saved.set(true);
                        }
                        Err(e) => ctx.failure.set(Some(e)),
                    }
                    ctx.reload.update(|n| *n += 1);
                });
            }
        }
    };
    let links = move || {
        let links = ctx
            .ticket
            .with(|t| t.as_ref().map(|t| t.links.clone()).unwrap_or_default());
        if links.is_empty() {
            return view! { <p class="empty">{i18n.t("ticket.related.none")}</p> }.into_any();
        }
        let items = ctx.signals.tickets.with(|all| {
            links
                .iter()
                .map(|l| {
                    let href = Route::Ticket(l.other.0.clone()).href();
                    let relation = i18n.t(&format!("ticket.relation.{}", l.relation.code()));
                    let number = number_of(all, l);
                    view! {
                        <li data-relation=l.relation.code()>
                            {relation}" "<a class="related-number" href=href>{number}</a>
                        </li>
                    }
                })
                .collect_view()
        });
        view! { <ul class="related-list">{items}</ul> }.into_any()
    };
    view! {
        <section class="related" aria-labelledby="related-title">
            <h2 id="related-title">{move || i18n.t("ticket.related.title")}</h2>
            {links}
            <form class="related-form" on:submit=submit novalidate>
                <div class="field">
                    <label for="link-relation">{move || i18n.t("ticket.related.relation")}</label>
                    <select id="link-relation" aria-describedby="link-relation-problem"
                        on:change=move |ev| relation.set(event_target_value(&ev)) prop:value=move || relation.get()>
                        {Relation::CHOSEN.iter().map(|r| {
                            let key = format!("ticket.relation.{}", r.code());
                            view! { <option value=r.code()>{move || i18n.t(&key)}</option> }
                        }).collect_view()}
                    </select>
                    <p class="problem" id="link-relation-problem" role="alert">{problem("relation")}</p>
                </div>
                <div class="field">
                    <label for="link-number">{move || i18n.t("ticket.related.number")}</label>
                    <input id="link-number" type="text" aria-describedby="link-number-problem"
                        aria-invalid=move || problem("number").with(Option::is_some).to_string()
                        on:input=move |ev| number.set(event_target_value(&ev)) prop:value=move || number.get()/>
                    <p class="problem" id="link-number-problem" role="alert">{problem("number")}</p>
                </div>
                <button type="submit">{move || i18n.t("ticket.related.submit")}</button>
                <p class="saved" role="status">
                    {move || saved.get().then(|| i18n.t("ticket.related.saved"))}
                </p>
            </form>
        </section>
    }
}
