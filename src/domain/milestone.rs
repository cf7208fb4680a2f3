//! When the milestones of a stage start, and which one a person marks next (P3: the travel to
//! the site counts from the dispatch agreed until the technician is on site; the field solution
//! from then until it is reached).
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use mesa::domain::milestone::next_milestone;
//! use mesa::domain::profile::{preset, ProcessProfile};
//! use mesa::domain::ticket::{Change, ReachedMilestone, Status, Ticket};
//!
//! let p3 = ProcessProfile::from_json(preset("p3-cirion").unwrap()).unwrap();
//! let at = Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 0).unwrap();
//! let mut ticket = Ticket { status: Status::Open, request_kind: "tecnico".into(),
//!     stage: Some("despacho".into()),
//!     stage_history: vec![Change { at, value: "despacho".into() }].into(), ..Ticket::default() };
//! // Entered on the dispatch: nothing runs before a dispatch is agreed.
//! assert!(next_milestone(&p3, &ticket).is_none());
//! ticket.dispatched_at = Some(at);
//! assert_eq!(next_milestone(&p3, &ticket).unwrap().id, "traslado");
//! ticket.milestones.push(ReachedMilestone { stay: 0, milestone: "traslado".into(),
//!                                           at: at + Duration::hours(2) });
//! assert_eq!(next_milestone(&p3, &ticket).unwrap().id, "solucion_campo");
//! ```

use chrono::{DateTime, Utc};

use super::profile::{Milestone, ProcessProfile, Stage, StageTrigger};
use super::ticket::{Status, Ticket};

/// What started a milestone's clock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MilestoneStart {
    /// The milestone before it (`after`) was reached.
    Reached,
    /// Field staff were dispatched during the stay.
    Dispatched,
    /// The stage was entered.
    StageEntered,
}

/// When milestone `m` of `stage` started in the ticket's `stay` (its index in
/// [`Ticket::stage_history`]), and why; `None` while it has not. A milestone with `after`
/// starts when that one is reached; else at the dispatch agreed during the stay; else, unless
/// the stage is entered on the dispatch (and so waits for one), when the stage was entered.
pub fn milestone_start(
    stage: &Stage,
    ticket: &Ticket,
    stay: usize,
    m: &Milestone,
) -> Option<(DateTime<Utc>, MilestoneStart)> {
    if let Some(before) = &m.after {
        return Some((
            ticket.milestone_reached(stay, before)?,
            MilestoneStart::Reached,
        ));
    }
    let entered = ticket.stage_history.get(stay)?.at;
    let left = ticket.stage_history.get(stay + 1).map(|next| next.at);
    // The dispatch that moves a ticket into a stage entered on it comes just before the move.
    let on_dispatch = stage.entered_on == Some(StageTrigger::Dispatch);
    let since = match (on_dispatch, stay.checked_sub(1)) {
        (true, Some(before)) => ticket.stage_history[before].at,
        (true, None) => ticket.opened_at,
        (false, _) => entered,
    };
    let dispatched = ticket
        .dispatched_at
        .filter(|&d| d >= since && left.is_none_or(|l| d < l));
    match dispatched {
        Some(at) => Some((at, MilestoneStart::Dispatched)),
        None if on_dispatch => None,
        None => Some((entered, MilestoneStart::StageEntered)),
    }
}

/// The milestone a person can mark reached now: the first one of the current stage that has
/// started and is not reached yet, while the ticket is being worked.
pub fn next_milestone<'a>(profile: &'a ProcessProfile, ticket: &Ticket) -> Option<&'a Milestone> {
    if !matches!(ticket.status, Status::Open | Status::WaitingOnCustomer) {
        return None;
    }
    let stay = ticket.stage_history.len().checked_sub(1)?;
    let stage = profile.stage(ticket.stage.as_deref()?)?;
    stage.milestones.iter().find(|m| {
        ticket.milestone_reached(stay, &m.id).is_none()
            && milestone_start(stage, ticket, stay, m).is_some()
    })
}
