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
                    let clocks = ctx.desk.get().engines().for_ticket(t).stage_clocks(t, now);
                    t.stage_history
                        .iter()
                        .map(|c| c.value.clone())
                        .zip(clocks)
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
                        {list.into_iter().map(|(stage, clock)| {
                            let state = clock.state.code();
                            let spent = i18n.t_with("ticket.stages.spent", &[
                                ("from", &local_time(clock.started_at)),
                                ("d", &duration_text(&i18n, clock.elapsed_minutes)),
                            ]);
                            view! {
                                <li class="stage-stay" data-stage=stage.clone() data-state=state>
                                    <strong>{stage_name(&profile, &i18n, &stage)}</strong>
                                    " · "
                                    <span class="stage-result">{i18n.t(&format!("ticket.clock_state.{state}"))}</span>
                                    " · "
                                    <span>{spent}</span>
                                </li>
                            }
                        }).collect_view()}
                    </ol>
                </section>
            }
        })
    }
}
