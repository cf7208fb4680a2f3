//! The ticket's identity and where it stands, and who to call at its escalation level.

use leptos::prelude::*;

use super::TicketCtx;
use crate::app::desk::Desk;
use crate::domain::due::verification_ends;
use crate::domain::profile::{Contact, ProcessProfile};
use crate::domain::ticket::{Status, Ticket};
use crate::ui::contact::ContactCard;
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::long_text::FreeText;

/// The profile's names for the ticket's codes (kind, severity, stage, level), in the reader's
/// language.
pub fn kind_name(profile: &ProcessProfile, i18n: &I18n, id: &str) -> String {
    profile
        .kind(id)
        .map_or_else(|| id.to_string(), |k| i18n.pt(&k.name))
}

pub fn severity_name(profile: &ProcessProfile, i18n: &I18n, id: Option<&str>) -> String {
    match id {
        None => i18n.t("ticket.none.severity"),
        Some(id) => profile
            .severity(id)
            .map_or_else(|| id.to_string(), |s| i18n.pt(&s.name)),
    }
}

pub fn stage_name(profile: &ProcessProfile, i18n: &I18n, id: &str) -> String {
    profile
        .stage(id)
        .map_or_else(|| id.to_string(), |s| i18n.pt(&s.name))
}

pub fn level_name(profile: &ProcessProfile, i18n: &I18n, level: u8) -> String {
    let n = level.to_string();
    match profile.level(level) {
        // "Nivel 2" needs no "Nivel 2: " before it; "Soporte en campo" does.
        Some(l) if l.name.split_whitespace().any(|w| w == n) => i18n.pt(&l.name),
        Some(l) => i18n.t_with(
            "ticket.level_named",
            &[("n", &n), ("name", &i18n.pt(&l.name))],
        ),
        None => i18n.t_with("ticket.level_n", &[("n", &n)]),
    }
}

/// Number, customer and site, and a definition list of the ticket's state.
#[component]
pub fn Summary() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    move || {
        ctx.ticket
            .get()
            .map(|t| summary_view(&i18n, &ctx.desk.get(), &t))
    }
}

fn summary_view(i18n: &I18n, desk: &Desk, t: &Ticket) -> impl IntoView {
    let i18n = *i18n;
    let profile = &desk.profile;
    let status_key = format!("ticket.status.{}", t.status.code());
    let rows: Vec<(&'static str, String)> = vec![
        (
            "ticket.label.kind",
            kind_name(profile, &i18n, &t.request_kind),
        ),
        (
            "ticket.label.severity",
            severity_name(profile, &i18n, t.severity.as_deref()),
        ),
        (
            "ticket.label.stage",
            t.stage.as_deref().map_or_else(
                || i18n.t("ticket.none.stage"),
                |s| stage_name(profile, &i18n, s),
            ),
        ),
        ("ticket.label.level", level_name(profile, &i18n, t.level)),
        (
            "ticket.label.assignee",
            t.assignee
                .as_ref()
                .map(|a| a.to_string())
                .unwrap_or_else(|| i18n.t("ticket.none.assignee")),
        ),
        (
            "ticket.label.channel",
            t.channel.as_deref().map_or_else(
                || i18n.t("ticket.none.channel"),
                |id| {
                    profile
                        .channel(id)
                        .map_or_else(|| id.to_string(), |c| i18n.pt(&c.name))
                },
            ),
        ),
        ("ticket.label.opened", super::local_time(t.opened_at)),
        ("ticket.label.opened_by", t.opened_by.to_string()),
    ];
    let site = t.site.clone();
    let outside_contract = t.outside_contract.clone();
    let workaround = t.workaround.clone();
    let verification = verification_text(i18n, desk, t);
    let rejection = t.rejection_reason.clone();
    let checks = confirmed_checks(profile, &t.checklist).map(|(title, items)| {
        let title = Some(title)
            .filter(|t| !t.is_empty())
            .map_or_else(|| i18n.t("ticket.checklist.title"), |t| i18n.pt(&t));
        let items: Vec<(String, bool)> = items
            .into_iter()
            .map(|(label, on)| (i18n.pt(&label), on))
            .collect();
        (title, items)
    });
    view! {
        <header class="ticket-head">
            <h1>
                <span class="sr-only">{i18n.t("ticket.number")}" "</span>
                <span class="ticket-number" data-testid="ticket-number">{String::from(&*t.number)}</span>
            </h1>
            <p class="status-badge" data-status=t.status.code() data-testid="ticket-status">
                {i18n.t(&status_key)}
            </p>
            <p class="who">
                <strong>{t.customer.to_string()}</strong>
                {site.map(|s| view! { <span class="site">" · "{s.to_string()}</span> })}
            </p>
            {rejection.map(|reason| view! {
                <p class="rejection warning" data-testid="ticket-rejection">
                    {i18n.t_with("ticket.rejection", &[("reason", &reason)])}
                </p>
            })}
            {outside_contract.map(|reason| view! {
                <p class="contract-outside warning" data-testid="ticket-contract">
                    {i18n.t_with("ticket.contract.outside", &[("reason", &reason)])}
                </p>
            })}
            {verification.map(|text| view! {
                <p class="verification" data-testid="ticket-verification">{text}</p>
            })}
            {workaround.map(|w| view! {
                <p class="workaround" data-testid="ticket-workaround">
                    {i18n.t_with("ticket.workaround", &[("at", &super::local_time(w.at)), ("workaround", &w.value)])}
                </p>
            })}
            <p class="description"><FreeText text=t.description.clone()/></p>
            <dl class="facts">
                {rows
                    .into_iter()
                    .map(|(key, value)| view! {
                        <div>
                            <dt>{i18n.t(key)}</dt>
                            <dd>{value}</dd>
                        </div>
                    })
                    .collect_view()}
                {t.fields.iter().map(|(id, value)| {
                    let label = profile
                        .registration
                        .fields
                        .iter()
                        .find(|f| f.id == id)
                        .map_or_else(|| id.to_string(), |f| i18n.pt(&f.label));
                    view! {
                        <div>
                            <dt>{label}</dt>
                            // A select's option is a text of the profile: it reads translated.
                            <dd>{i18n.pt(value)}</dd>
                        </div>
                    }
                }).collect_view()}
            </dl>
            {checks.map(|(title, items)| view! {
                <section class="checklist-confirmed" aria-labelledby="checklist-title">
                    <h2 id="checklist-title">{title}</h2>
                    <ul>
                        {items.into_iter().map(|(label, confirmed)| {
                            let key = if confirmed { "ticket.checklist.confirmed" } else { "ticket.checklist.not_confirmed" };
                            view! {
                                <li data-confirmed=confirmed.to_string()>
                                    <span class="check-state">{i18n.t(key)}</span>" · "{label}
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                </section>
            })}
        </header>
    }
}

/// The profile's pre-report checks (P1) with whether the customer confirmed each one, then any
/// confirmed check the profile no longer lists (by its id); `None` when there are none. The
/// title is the profile's, or none (the caller's default).
fn confirmed_checks(
    profile: &ProcessProfile,
    confirmed: &[String],
) -> Option<(String, Vec<(String, bool)>)> {
    let spec = profile.registration.checklist.as_ref();
    let mut items: Vec<(String, bool)> = spec
        .map(|s| {
            s.items
                .iter()
                .map(|i| (i.label.clone(), confirmed.contains(&i.id)))
                .collect()
        })
        .unwrap_or_default();
    for id in confirmed {
        if !spec.is_some_and(|s| s.items.iter().any(|i| &i.id == id)) {
            items.push((id.clone(), true));
        }
    }
    if items.is_empty() {
        return None;
    }
    let title = spec.map(|s| s.title.clone()).unwrap_or_default();
    Some((title, items))
}

/// The escalation directory at the ticket's level, with the after-hours line when it answers.
#[component]
pub fn Directory() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    let level = Memo::new(move |_| ctx.ticket.with(|t| t.as_ref().map_or(1, |t| t.level)));
    let contacts = move || {
        let desk = ctx.desk.get();
        let contacts: Vec<Contact> = desk
            .engines()
            .active()
            .directory_for_level(level.get(), ctx.now.get())
            .into_iter()
            .cloned()
            .collect();
        contacts
    };
    view! {
        <section class="directory" aria-labelledby="directory-title">
            <h2 id="directory-title">
                {move || i18n.t_with("ticket.directory.title", &[("n", &level.get().to_string())])}
            </h2>
            {move || {
                let list = contacts();
                if list.is_empty() {
                    view! { <p class="empty">{i18n.t("ticket.directory.empty")}</p> }.into_any()
                } else {
                    view! {
                        <ul class="contacts">
                            {list.into_iter().map(|c| view! { <ContactCard contact=c/> }).collect_view()}
                        </ul>
                    }
                    .into_any()
                }
            }}
        </section>
    }
}

/// Where the customer's verification window of a resolved ticket stands: until when, or that it
/// starts once the solution's message is sent (`None` when not resolved or the profile has none).
fn verification_text(i18n: I18n, desk: &Desk, t: &Ticket) -> Option<String> {
    if t.status != Status::Resolved {
        return None;
    }
    let engines = desk.engines();
    let engine = engines.for_ticket(t);
    let verification = engine.profile().closure.verification?;
    Some(match verification_ends(engine, t) {
        Some(end) => {
            let key = if verification.auto_close {
                "ticket.verification.until_auto_close"
            } else {
                "ticket.verification.until"
            };
            i18n.t_with(key, &[("at", &super::local_time(end))])
        }
        None => i18n.t("ticket.verification.after_notice"),
    })
}
