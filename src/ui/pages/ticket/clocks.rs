//! The SLA clocks of the ticket (response, update, restore and the current stage), each with its
//! target, deadline in local time, state in words and time left or overdue, and a "¿por qué?"
//! toggle that lists the engine's explanation line by line.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use super::countdown::Countdown;
use super::summary::{severity_name, stage_name};
use super::{local_time, TicketCtx};
use crate::domain::explain::ExplanationLine;
use crate::domain::profile::ProcessProfile;
use crate::domain::sla::{Clock, ClockKind};
use crate::domain::target::TimeBasis;
use crate::locales::span_text;
use crate::ui::i18n::{use_i18n, I18n};

#[component]
pub fn Clocks() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    // Which explanations are open survives the clocks moving.
    let open = RwSignal::new(BTreeSet::<&'static str>::new());
    let clocks = Memo::new(move |_| {
        ctx.ticket.with(|t| {
            t.as_ref().map(|t| {
                ctx.desk
                    .get()
                    .engines()
                    .for_ticket(t)
                    .clocks(t, ctx.now.get())
            })
        })
    });
    view! {
        <section class="clocks" aria-labelledby="clocks-title">
            <h2 id="clocks-title">{move || i18n.t("ticket.clocks.title")}</h2>
            <p class="zone-note">
                {move || i18n.t_with("ticket.clocks.zone", &[("zone", crate::app::desk::desk_zone().name())])}
            </p>
            <ul class="clock-list">
                {move || {
                    let now = ctx.now.get();
                    clocks.get().map(|c| {
                        let milestone = c.milestone.as_ref().map(|m| {
                            i18n.t_with(
                                "ticket.clock.milestone_named",
                                &[("milestone", &milestone_name(&i18n, &ctx, &m.milestone))],
                            )
                        });
                        c.all()
                            .cloned()
                            .map(|clock| {
                                let name = (clock.kind == ClockKind::Milestone)
                                    .then(|| milestone.clone())
                                    .flatten();
                                clock_view(&i18n, ctx, open, clock, name, now)
                            })
                            .collect_view()
                    })
                }}
            </ul>
        </section>
    }
}

/// Minutes in words, as the queue says a span ([`span_text`]): "2 h 5 min", "45 min", "1 d 3 h".
pub fn duration_text(i18n: &I18n, minutes: i64) -> String {
    span_text(minutes.saturating_mul(60), |key, args| {
        i18n.t_with(key, args)
    })
}

pub fn basis_text(i18n: &I18n, basis: TimeBasis) -> String {
    i18n.t(match basis {
        TimeBasis::Business => "ticket.basis.business",
        TimeBasis::Calendar => "ticket.basis.calendar",
    })
}

/// The name of a milestone of the ticket's current stage.
pub fn milestone_name(i18n: &I18n, ctx: &TicketCtx, id: &str) -> String {
    ctx.ticket.with(|t| {
        t.as_ref()
            .and_then(|t| {
                let desk = ctx.desk.get();
                let engines = desk.engines();
                let profile = engines.for_ticket(t).profile();
                let stage = profile.stage(t.stage.as_deref()?)?;
                stage.milestone(id).map(|m| i18n.pt(&m.name))
            })
            .unwrap_or_else(|| id.to_string())
    })
}

fn clock_view(
    i18n: &I18n,
    ctx: TicketCtx,
    open: RwSignal<BTreeSet<&'static str>>,
    clock: Clock,
    name: Option<String>,
    now: DateTime<Utc>,
) -> impl IntoView {
    let i18n = *i18n;
    let code = clock.kind.code();
    let kind = clock.kind;
    let is_open = move || open.with(|o| o.contains(code));
    let toggle = move |_| {
        open.update(|o| {
            if !o.remove(code) {
                o.insert(code);
            }
        })
    };
    let panel_id = format!("explain-{code}");
    view! {
        <Countdown clock=Signal::stored(clock) now=Signal::stored(now) name=name.unwrap_or_default()>
            <button
                type="button"
                class="link why"
                aria-expanded=move || is_open().to_string()
                aria-controls=panel_id.clone()
                on:click=toggle
            >
                {i18n.t("ticket.clock.why")}
            </button>
            <Show when=is_open>
                <ol class="explain" id=panel_id.clone()>
                    {move || explanation(&i18n, ctx, kind)}
                </ol>
            </Show>
        </Countdown>
    }
}

fn explanation(i18n: &I18n, ctx: TicketCtx, kind: ClockKind) -> Option<impl IntoView> {
    let desk = ctx.desk.get();
    let now = ctx.now.get();
    let lines = ctx
        .ticket
        .with(|t| {
            t.as_ref()
                .map(|t| desk.engines().for_ticket(t).explain(t, kind, now))
        })?
        .lines;
    let profile = &desk.profile;
    Some(
        lines
            .iter()
            .map(|line| {
                let text = line_text(i18n, profile, line);
                view! { <li data-line=line_code(line)>{text}</li> }
            })
            .collect_view(),
    )
}

/// The stable code of an explanation line (its locale key is `ticket.explain.<code>`).
pub fn line_code(line: &ExplanationLine) -> &'static str {
    match line {
        ExplanationLine::Calendar { .. } => "calendar",
        ExplanationLine::Stage { .. } => "stage",
        ExplanationLine::Start { .. } => "start",
        ExplanationLine::SeverityChange { .. } => "severity_change",
        ExplanationLine::TargetSet { .. } => "target_set",
        ExplanationLine::Off { .. } => "off",
        ExplanationLine::PromisedUpdate { .. } => "promised_update",
        ExplanationLine::Window { .. } => "window",
        ExplanationLine::WindowsOmitted { .. } => "windows_omitted",
        ExplanationLine::Pause { .. } => "pause",
        ExplanationLine::Warning { .. } => "warning",
        ExplanationLine::Deadline { .. } => "deadline",
        ExplanationLine::DeadlineIfResumedNow { .. } => "deadline_if_resumed",
        ExplanationLine::Stopped { .. } => "stopped",
        ExplanationLine::Elapsed { .. } => "elapsed",
        ExplanationLine::State { .. } => "state",
    }
}

/// One explanation line in the user's language.
pub fn line_text(i18n: &I18n, profile: &ProcessProfile, line: &ExplanationLine) -> String {
    let key = format!("ticket.explain.{}", line_code(line));
    let t = |args: &[(&str, &str)]| i18n.t_with(&key, args);
    match line {
        ExplanationLine::Calendar { id, zone, basis } => {
            let name = profile
                .calendar(id)
                .map_or_else(|| id.clone(), |c| i18n.pt(&c.name));
            let name = if name.is_empty() { id.clone() } else { name };
            t(&[
                ("calendar", &name),
                ("zone", zone),
                ("basis", &basis_text(i18n, *basis)),
            ])
        }
        ExplanationLine::Stage { stage, city_class } => {
            let class = city_class.as_deref().map_or_else(
                || i18n.t("ticket.none.city_class"),
                |c| {
                    profile
                        .city_classes
                        .iter()
                        .find(|x| x.id == c)
                        .map_or_else(|| c.to_string(), |x| i18n.pt(&x.name))
                },
            );
            t(&[
                ("stage", &stage_name(profile, i18n, stage)),
                ("city_class", &class),
            ])
        }
        ExplanationLine::Start { at, reason_code } => t(&[
            ("at", &local_time(*at)),
            (
                "reason",
                &i18n.t(&format!("ticket.explain.start.{reason_code}")),
            ),
        ]),
        ExplanationLine::SeverityChange { at, from, to } => t(&[
            ("at", &local_time(*at)),
            ("from", &severity_name(profile, i18n, from.as_deref())),
            ("to", &severity_name(profile, i18n, to.as_deref())),
        ]),
        ExplanationLine::TargetSet { minutes, basis } => t(&[
            ("d", &duration_text(i18n, (*minutes).into())),
            ("basis", &basis_text(i18n, *basis)),
        ]),
        ExplanationLine::Off { reason_code } => t(&[(
            "reason",
            &i18n.t(&format!("ticket.explain.off.{reason_code}")),
        )]),
        ExplanationLine::PromisedUpdate { at }
        | ExplanationLine::Warning { at }
        | ExplanationLine::Deadline { at }
        | ExplanationLine::DeadlineIfResumedNow { at } => t(&[("at", &local_time(*at))]),
        ExplanationLine::Window { from, to, minutes } => t(&[
            ("from", &local_time(*from)),
            ("to", &local_time(*to)),
            ("d", &duration_text(i18n, *minutes)),
        ]),
        ExplanationLine::WindowsOmitted { count, minutes } => t(&[
            ("count", &count.to_string()),
            ("d", &duration_text(i18n, *minutes)),
        ]),
        ExplanationLine::Pause { from, to, reason } => t(&[
            ("from", &local_time(*from)),
            (
                "to",
                &to.map_or_else(|| i18n.t("ticket.explain.ongoing"), local_time),
            ),
            ("reason", reason),
        ]),
        ExplanationLine::Stopped { at, met } => {
            let met = match met {
                Some(true) => "ticket.explain.met.yes",
                Some(false) => "ticket.explain.met.no",
                None => "ticket.explain.met.none",
            };
            t(&[("at", &local_time(*at)), ("met", &i18n.t(met))])
        }
        ExplanationLine::Elapsed {
            minutes,
            paused_minutes,
        } => t(&[
            ("d", &duration_text(i18n, *minutes)),
            ("paused", &duration_text(i18n, *paused_minutes)),
        ]),
        ExplanationLine::State { state } => t(&[(
            "state",
            &i18n.t(&format!("ticket.clock_state.{}", state.code())),
        )]),
    }
}
