//! One SLA clock as a countdown: its name, its state in words, the target, the deadline in local
//! time, the time left or overdue, when it stopped and the time it has counted. Everything comes
//! in as props (the clock as the engine computed it, and the time to count to), so the card can
//! be mounted on its own; the state is in the words and an icon, not only in the colour.

use chrono::{DateTime, Utc};
use leptos::prelude::*;

use super::clocks::{basis_text, duration_text};
use super::local_time;
use crate::domain::sla::{Clock, ClockState};
use crate::locales::span_text;
use crate::ui::i18n::{use_i18n, I18n};

/// Time left to the deadline, or how late the clock is (wall time, said as the queue says it);
/// only while it runs.
fn remaining_text(i18n: &I18n, clock: &Clock, now: DateTime<Utc>) -> Option<String> {
    let deadline = clock.deadline?;
    if !clock.is_running() {
        return None;
    }
    let d = span_text((deadline - now).num_seconds(), |key, args| {
        i18n.t_with(key, args)
    });
    Some(if deadline >= now {
        i18n.t_with("ticket.clock.remaining", &[("d", &d)])
    } else {
        i18n.t_with("ticket.clock.overdue", &[("d", &d)])
    })
}

/// The class of the symbol beside the state's words (decorative: the words say it), an inline
/// SVG from the stylesheet (`.icon-*`), so no emoji font is needed.
fn state_icon(state: ClockState) -> &'static str {
    match state {
        ClockState::Off => "icon icon-off",
        ClockState::Running => "icon icon-running",
        ClockState::Warning => "icon icon-warning",
        ClockState::Paused => "icon icon-paused",
        ClockState::Met => "icon icon-met",
        ClockState::Breached => "icon icon-breached",
    }
}

/// The card of one clock. `children` go at its end (the ticket page puts the "¿por qué?"
/// explanation there).
#[component]
pub fn Countdown(
    #[prop(into)] clock: Signal<Clock>,
    #[prop(into)] now: Signal<DateTime<Utc>>,
    /// The clock's name where its kind does not say it (a milestone's); empty: the kind's.
    #[prop(optional, into)]
    name: String,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let code = move || clock.with(|c| c.kind.code());
    let name = move || {
        if name.is_empty() {
            i18n.t(&format!("ticket.clock.{}", code()))
        } else {
            name.clone()
        }
    };
    let state = move || clock.with(|c| c.state);
    let target = move || {
        clock.with(|c| c.target).map(|t| {
            let text = i18n.t_with(
                "ticket.clock.target",
                &[
                    ("d", &duration_text(&i18n, t.minutes.into())),
                    ("basis", &basis_text(&i18n, t.basis)),
                ],
            );
            view! { <p class="clock-target">{text}</p> }
        })
    };
    let deadline = move || {
        clock.with(|c| c.deadline).map(|d| {
            let text = i18n.t_with("ticket.clock.deadline", &[("at", &local_time(d))]);
            view! { <p class="clock-deadline"><time datetime=d.to_rfc3339()>{text}</time></p> }
        })
    };
    let remaining = move || {
        clock
            .with(|c| remaining_text(&i18n, c, now.get()))
            .map(|r| view! { <p class="clock-remaining">{r}</p> })
    };
    let stopped = move || {
        clock.with(|c| c.stopped_at).map(|at| {
            let text = i18n.t_with("ticket.clock.stopped", &[("at", &local_time(at))]);
            view! { <p class="clock-stopped">{text}</p> }
        })
    };
    let elapsed = move || {
        i18n.t_with(
            "ticket.clock.elapsed",
            &[(
                "d",
                &duration_text(&i18n, clock.with(|c| c.elapsed_minutes)),
            )],
        )
    };
    view! {
        <li class="sla-clock" data-clock=code data-state=move || state().code()>
            <div class="clock-head">
                <strong class="clock-name">{name}</strong>
                <span class="clock-state">
                    <span class=move || format!("clock-icon {}", state_icon(state())) aria-hidden="true"></span>
                    {move || i18n.t(&format!("ticket.clock_state.{}", state().code()))}
                </span>
            </div>
            {target}
            {deadline}
            {remaining}
            {stopped}
            <p class="clock-elapsed">{elapsed}</p>
            {children.map(|c| c())}
        </li>
    }
}
