//! The clocks of a ticket's stays in stages and of their milestones (P3: the travel, the field
//! solution): the current ones join the ticket's clocks, every stay's are what the ticket page
//! and the report list.

use super::{start_code, Ctx, Run, Spec};
use crate::domain::engine::Engine;
use crate::domain::milestone::{milestone_start, MilestoneStart};
use crate::domain::sla::index::to_ns;
use crate::domain::sla::{Clock, ClockKind, MilestoneClock};
use crate::domain::ticket::Ticket;

/// The clock of the ticket's `index`-th stay in a stage: from entering it to entering the next
/// one (or to the closure, or `now` for the stage it is in), against the stage's target for the
/// dispatched site's city class. The current stage's clock and every stage's result in reports
/// come from here, so the queue, the ticket and the report never disagree.
pub(super) fn stage_run<'a>(ctx: &Ctx<'a>, engine: &'a Engine, index: usize) -> Run<'a> {
    let ticket = ctx.ticket;
    let change = &ticket.stage_history[index];
    let city_class = ticket.dispatch.as_deref().map(|(_, class)| class.as_str());
    ctx.run(Spec {
        kind: ClockKind::Stage,
        target: engine.profile().stage_target(&change.value, city_class),
        start: to_ns(change.at),
        start_at: change.at,
        start_code: start_code::STAGE_ENTERED,
        stop: ticket.stage_history.get(index + 1).map(|next| next.at),
        pauses: &[],
        paused: None,
        promised: None,
        off: None,
    })
}

/// The clocks of the milestones of the ticket's `index`-th stay in a stage, in the profile's
/// order, leaving out those not started: a milestone after another one not reached yet, and
/// the first ones of a stage entered on the dispatch while there is no dispatch in the stay.
/// Each counts on the stage clock's calendar against its target for the dispatched site's city
/// class, until it is reached or the stage is left (or the ticket closed).
pub(super) fn milestone_runs<'a>(
    ctx: &Ctx<'a>,
    engine: &'a Engine,
    index: usize,
) -> Vec<(&'a str, Run<'a>)> {
    let ticket = ctx.ticket;
    let Some(stage) = engine.profile().stage(&ticket.stage_history[index].value) else {
        return Vec::new();
    };
    let left = ticket.stage_history.get(index + 1).map(|next| next.at);
    let city_class = ticket.dispatch.as_deref().map(|(_, class)| class.as_str());
    stage
        .milestones
        .iter()
        .filter_map(|m| {
            let (start_at, why) = milestone_start(stage, ticket, index, m)?;
            let run = ctx.run(Spec {
                kind: ClockKind::Milestone,
                target: m.target_for(city_class),
                start: to_ns(start_at),
                start_at,
                start_code: match why {
                    MilestoneStart::Reached => start_code::MILESTONE_REACHED,
                    MilestoneStart::Dispatched => start_code::DISPATCHED,
                    MilestoneStart::StageEntered => start_code::STAGE_ENTERED,
                },
                stop: ticket.milestone_reached(index, &m.id).or(left),
                pauses: &[],
                paused: None,
                promised: None,
                off: None,
            });
            Some((m.id.as_str(), run))
        })
        .collect()
}

/// Every milestone clock of every stay of the ticket in a stage, as `(stay, clock)` in order.
pub(crate) fn milestone_clocks(
    engine: &Engine,
    ticket: &Ticket,
    now: i64,
) -> Vec<(usize, MilestoneClock)> {
    let ctx = Ctx::new(engine, ticket, now);
    (0..ticket.stage_history.len())
        .flat_map(|i| {
            milestone_runs(&ctx, engine, i)
                .into_iter()
                .map(move |(id, run)| {
                    (
                        i,
                        MilestoneClock {
                            milestone: id.to_string(),
                            clock: run.clock,
                        },
                    )
                })
        })
        .collect()
}

/// Every stay of the ticket in a stage, in order, with its clock (see [`stage_run`]).
pub(crate) fn stage_clocks(engine: &Engine, ticket: &Ticket, now: i64) -> Vec<Clock> {
    let ctx = Ctx::new(engine, ticket, now);
    (0..ticket.stage_history.len())
        .map(|i| stage_run(&ctx, engine, i).clock)
        .collect()
}
