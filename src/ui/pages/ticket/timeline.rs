//! The complete history of the ticket: every event in the order every device agrees on, with who,
//! when, from which device and what, flagged ones marked.

use leptos::prelude::*;

use super::clocks::duration_text;
use super::summary::{kind_name, level_name, severity_name, stage_name};
use super::{local_time, TicketCtx};
use crate::app::desk::Desk;
use crate::domain::event::{Escalation, Event, EventKind, MarkedClock};
use crate::domain::fold::canonical_order;
use crate::ui::i18n::{use_i18n, I18n};
use crate::ui::long_text::FreeText;

/// What an event did, in words: its title and the payload fields worth reading.
pub fn event_text(i18n: &I18n, desk: &Desk, event: &Event) -> (String, Vec<String>) {
    let profile = &desk.profile;
    let title = i18n.t(&format!("ticket.event.{}", event.kind.code()));
    let field = |key: &str, value: &str| {
        i18n.t_with(
            "ticket.detail",
            &[("label", &i18n.t(key)), ("value", value)],
        )
    };
    let clock_name = |clock: &MarkedClock| match clock.kind() {
        Some(k) => i18n.t(&format!("ticket.clock.{}", k.code())),
        None => clock.to_string(),
    };
    let details = match &event.kind {
        EventKind::Opened(o) => {
            let mut out = vec![o.description.clone()];
            if let Some(s) = &o.severity {
                out.push(field(
                    "ticket.label.severity",
                    &severity_name(profile, i18n, Some(s)),
                ));
            }
            if let Some(level) = o.level {
                out.push(field(
                    "ticket.label.level",
                    &level_name(profile, i18n, level),
                ));
            }
            out
        }
        EventKind::Classified { request_kind } => {
            vec![field(
                "ticket.label.kind",
                &kind_name(profile, i18n, request_kind),
            )]
        }
        EventKind::SeverityChanged { severity, reason } => vec![
            field(
                "ticket.label.severity",
                &severity_name(profile, i18n, severity.as_deref()),
            ),
            field("ticket.field.reason", reason),
        ],
        EventKind::Assigned { assignee } => vec![field("ticket.label.assignee", assignee)],
        EventKind::LevelChanged { level, reason } => vec![
            field("ticket.label.level", &level_name(profile, i18n, *level)),
            field("ticket.field.reason", reason),
        ],
        EventKind::StageChanged { stage, .. } => {
            vec![field(
                "ticket.label.stage",
                &stage_name(profile, i18n, stage),
            )]
        }
        EventKind::Commented {
            text,
            customer_visible,
        } => {
            let mut out = vec![text.clone()];
            if *customer_visible {
                out.push(i18n.t("ticket.customer_visible"));
            }
            out
        }
        EventKind::UpdatePromised { at } => vec![field("ticket.field.at", &local_time(*at))],
        EventKind::WaitingStarted { reason } => vec![field("ticket.field.reason", reason)],
        EventKind::Escalated(Escalation::Functional { level }) => {
            vec![field(
                "ticket.label.level",
                &level_name(profile, i18n, *level),
            )]
        }
        EventKind::Escalated(Escalation::Hierarchical { level, contact }) => {
            let mut out = vec![field("ticket.field.escalation_level", &level.to_string())];
            if let Some(id) = contact {
                let role = desk
                    .engines()
                    .active()
                    .contact(id)
                    .map_or_else(|| id.clone(), |c| i18n.pt(&c.role));
                out.push(field("ticket.field.contact", &role));
            }
            out
        }
        EventKind::Escalated(Escalation::Customer { reason, level }) => {
            let label = profile
                .escalation
                .customer_escalation
                .as_ref()
                .and_then(|c| c.reasons.iter().find(|r| &r.id == reason))
                .map_or_else(|| reason.clone(), |r| i18n.pt(&r.label));
            vec![
                field("ticket.field.reason", &label),
                field("ticket.field.escalation_level", &level.to_string()),
            ]
        }
        EventKind::RestoredWithWorkaround { workaround } => {
            vec![field("ticket.field.workaround", workaround)]
        }
        EventKind::VerificationEnding { ends } => {
            vec![field("ticket.field.verification_ends", &local_time(*ends))]
        }
        EventKind::MilestoneReached { stage, milestone } => {
            let name = profile
                .stage(stage)
                .and_then(|s| s.milestone(milestone))
                .map_or_else(|| milestone.clone(), |m| i18n.pt(&m.name));
            vec![
                field("ticket.field.milestone", &name),
                field("ticket.label.stage", &stage_name(profile, i18n, stage)),
            ]
        }
        EventKind::Dispatched { site, city_class } => {
            let mut out = vec![field("ticket.field.site", site)];
            if !city_class.is_empty() {
                let class = profile
                    .city_classes
                    .iter()
                    .find(|c| &c.id == city_class)
                    .map_or_else(|| city_class.clone(), |c| i18n.pt(&c.name));
                out.push(field("ticket.field.city_class", &class));
            }
            out
        }
        EventKind::Resolved(r) => {
            let mut out = Vec::new();
            let category = r.category.as_deref().map_or_else(String::new, |id| {
                let found = profile.closure.categories.iter().find(|c| c.id == id);
                found.map_or_else(|| id.to_string(), |c| i18n.pt(&c.name))
            });
            for (key, value) in [
                ("ticket.field.root_cause", r.root_cause.as_str()),
                ("ticket.field.solution", r.solution.as_str()),
                ("ticket.field.confirmed_by", r.confirmed_by.as_str()),
                ("ticket.field.category", category.as_str()),
            ] {
                if !value.is_empty() {
                    out.push(field(key, value));
                }
            }
            if let Some(m) = r.affected_minutes {
                out.push(field(
                    "ticket.field.affected_minutes",
                    &duration_text(i18n, m.into()),
                ));
            }
            out
        }
        EventKind::CustomerVerified { by } => vec![field("ticket.field.by", by)],
        EventKind::CustomerRejected { reason }
        | EventKind::RejectedOutOfScope { reason }
        | EventKind::Reopened { reason } => vec![field("ticket.field.reason", reason)],
        EventKind::Closed { note } if !note.is_empty() => vec![field("ticket.field.note", note)],
        EventKind::Closed { .. } | EventKind::WaitingEnded | EventKind::AutoClosed => Vec::new(),
        EventKind::AttachmentAdded(a) => vec![a.name.clone()],
        EventKind::CustomerWrote(m) => vec![
            field("ticket.field.from", &m.from),
            field("ticket.field.subject", &m.subject),
            m.text.clone(),
        ],
        EventKind::NotificationQueued(n) => vec![
            n.subject.clone(),
            field("ticket.field.to", &n.to.join(", ")),
        ],
        EventKind::NotificationSent { notification, .. } => vec![notification.0.clone()],
        EventKind::ClockWarned { clock, deadline }
        | EventKind::ClockBreached { clock, deadline } => {
            vec![
                clock_name(clock),
                field("ticket.field.deadline", &local_time(*deadline)),
            ]
        }
        EventKind::ArticleLinked {
            article,
            as_solution,
        } => {
            let mut out = vec![article.clone()];
            if *as_solution {
                out.push(i18n.t("knowledge.used_as_solution"));
            }
            out
        }
        EventKind::ConflictResolved { note, .. } => vec![field("ticket.field.note", note)],
        EventKind::CustomerLinked { customer } => {
            vec![field("ticket.field.customer_on_file", customer)]
        }
        EventKind::TicketLinked(link) => vec![
            i18n.t(&format!("ticket.relation.{}", link.relation.code())),
            link.other_number.clone(),
        ],
        // Desk events belong to desk records, not to a ticket's timeline: the title says it all.
        EventKind::CustomerCreated(_)
        | EventKind::CustomerChanged(_)
        | EventKind::CustomerArchived { .. }
        | EventKind::DirectoryContactSet(_)
        | EventKind::DirectoryContactRemoved { .. }
        | EventKind::PersonSet(_)
        | EventKind::PersonDeactivated { .. }
        | EventKind::ProfilePublished(_)
        | EventKind::ArticleWritten(_)
        | EventKind::ArticleRevised(_)
        | EventKind::ArticleRetired { .. }
        | EventKind::DeskSettingsChanged(_)
        | EventKind::DeviceKeyPublished(_)
        | EventKind::DeviceKeyRevoked(_) => Vec::new(),
    };
    (title, details)
}

#[component]
pub fn Timeline() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    view! {
        <section class="timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{move || i18n.t("ticket.timeline.title")}</h2>
            <ol class="events">
                {move || {
                    let desk = ctx.desk.get();
                    let conflicts = ctx
                        .ticket
                        .with(|t| t.as_ref().map(|t| t.conflicts.clone()).unwrap_or_default());
                    ctx.events.with(|events| {
                        let events = events.as_deref().unwrap_or_default();
                        canonical_order(events)
                            .into_iter()
                            .map(|e| {
                                let flag = conflicts.iter().find(|c| c.event == e.id).map(|c| c.resolved);
                                // A photo attached: its thumbnail once stored on this device
                                // (read by its own event, so a file stored does not redraw
                                // the whole history).
                                let thumb = match &e.kind {
                                    EventKind::AttachmentAdded(a) if a.is_image() => {
                                        let (urls, id) = (ctx.file_urls, a.id.clone());
                                        let url = Memo::new(move |_| {
                                            urls.with(|urls| urls.get(&id).cloned())
                                        });
                                        Some((url, a.name.clone()))
                                    }
                                    _ => None,
                                };
                                event_view(&i18n, &desk, e, flag, thumb)
                            })
                            .collect_view()
                    })
                }}
            </ol>
        </section>
    }
}

/// One event; `flag` is `Some(resolved)` when the fold kept it as a conflict; `thumb` the
/// object URL (once stored here) and name of a photo it attached.
fn event_view(
    i18n: &I18n,
    desk: &Desk,
    event: &Event,
    flag: Option<bool>,
    thumb: Option<(Memo<Option<String>>, String)>,
) -> impl IntoView {
    let thumb = thumb.map(|(url, name)| {
        let alt = i18n.t_with("attachments.thumbnail", &[("name", &name)]);
        move || {
            url.get()
                .map(|src| view! { <img class="thumb" src=src alt=alt.clone() loading="lazy"/> })
        }
    });
    let (title, details) = event_text(i18n, desk, event);
    let flag_text = flag.map(|resolved| {
        i18n.t(if resolved {
            "ticket.flag.resolved"
        } else {
            "ticket.flag.open"
        })
    });
    let meta = i18n.t_with(
        "ticket.timeline.meta",
        &[("actor", &event.actor), ("device", event.device())],
    );
    view! {
        <li
            class="event"
            class:flagged=flag == Some(false)
            data-kind=event.kind.code()
            data-event=event.id.0.clone()
        >
            <div class="event-head">
                <strong class="what">{title}</strong>
                {flag_text.map(|f| view! { <span class="flag">{f}</span> })}
            </div>
            <p class="meta">
                <time datetime=event.at().to_rfc3339()>{local_time(event.at())}</time>
                " · "
                {meta}
            </p>
            {details
                .into_iter()
                .filter(|d| !d.is_empty())
                .map(|d| view! { <p class="detail"><FreeText text=d/></p> })
                .collect_view()}
            {thumb}
        </li>
    }
}
