//! The ticket's stays in each stage of its lifecycle, each with the time spent and its result
//! against the stage's target: the same results the queue and the monthly report show (the
//! engine's `stage_clocks`).

use leptos::prelude::*;

use super::clocks::duration_text;
use super::summary::stage_name;
use super::{local_time, TicketCtx};
use crate::ui::i18n::use_i18n;

#[component]
pub fn Stages() -> impl IntoView {
    let i18n = use_i18n();
    let ctx = expect_context::<TicketCtx>();
    let stays = Memo::new(move |_| {
        let now = ctx.now.get();
        ctx.ticket.with(|t| {
            t.as_ref()
                .map(|t| {
                    let desk = ctx.desk.get();
                    let engines = desk.engines();
                    let engine = engines.for_ticket(t);
                    let clocks = engine.stage_clocks(t, now);
                    let mut milestones = engine.milestone_clocks(t, now);
                    t.stage_history
                        .iter()
                        .map(|c| c.value.clone())
                        .zip(clocks)
                        .enumerate()
                        .map(|(stay, (stage, clock))| {
                            let mine = milestones.iter().take_while(|(s, _)| *s == stay).count();
                            let list: Vec<_> = milestones
                                .drain(..mine)
                                .map(|(_, m)| {
                                    let name = engine
                                        .profile()
                                        .stage(&stage)
                                        .and_then(|s| s.milestone(&m.milestone))
                                        .map_or_else(|| m.milestone.clone(), |x| i18n.pt(&x.name));
                                    (name, m.clock)
                                })
                                .collect();
                            (stage, clock, list)
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    move || {
        let list = stays.get();
        (!list.is_empty()).then(|| {
            let profile = ctx.desk.get().profile.clone();
            view! {
                <section class="stages" aria-labelledby="stages-title">
                    <h2 id="stages-title">{i18n.t("ticket.stages.title")}</h2>
                    <ol class="stage-list">
                        {list.into_iter().map(|(stage, clock, milestones)| {
                            let state = clock.state.code();
                            let spent = i18n.t_with("ticket.stages.spent", &[
                                ("from", &local_time(clock.started_at)),
                                ("d", &duration_text(&i18n, clock.elapsed_minutes)),
                            ]);
                            view! {
                                <li class="stage-stay" data-stage=stage.to_string() data-state=state>
                                    <strong>{stage_name(&profile, &i18n, &stage)}</strong>
                                    " · "
                                    <span class="stage-result">{i18n.t(&format!("ticket.clock_state.{state}"))}</span>
                                    " · "
                                    <span>{spent}</span>
                                    {(!milestones.is_empty()).then(|| view! {
                                        <ul class="milestone-list">
                                            {milestones.into_iter().map(|(name, m)| {
                                                let state = m.state.code();
                                                let spent = i18n.t_with("ticket.stages.spent", &[
                                                    ("from", &local_time(m.started_at)),
                                                    ("d", &duration_text(&i18n, m.elapsed_minutes)),
                                                ]);
                                                view! {
                                                    <li class="milestone" data-state=state>
                                                        {name}
                                                        " · "
                                                        <span class="stage-result">{i18n.t(&format!("ticket.clock_state.{state}"))}</span>
                                                        " · "
                                                        <span>{spent}</span>
                                                    </li>
                                                }
                                            }).collect_view()}
                                        </ul>
                                    })}
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </section>
            }
        })
    }
}
