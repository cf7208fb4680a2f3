//! A stage's field rules (`required_to_leave` on the stage the ticket is in, `required_to_enter`
//! on the one it moves to): which of the named ticket fields are still empty.
//!
//! Field ids are those a profile may name (see `Ids::fields` in the profile check): the built-in
//! registration fields, the profile's own registration fields and the closure fields. Closure
//! fields are filled only by a resolution.

use crate::domain::event::EventKind;
use crate::domain::name::Name;
use crate::domain::profile::{ProcessProfile, Stage, StageTrigger};
use crate::domain::ticket::Ticket;

/// Whether the ticket has a value for the field. An id the ticket does not know is empty.
pub fn field_filled(ticket: &Ticket, id: &str) -> bool {
    let text = |s: &str| !s.trim().is_empty();
    let resolution = ticket.resolution.as_ref();
    match id {
        "request_kind" => text(&ticket.request_kind),
        "severity" => ticket.severity.is_some(),
        "channel" => ticket.channel.is_some(),
        "customer" => text(&ticket.customer),
        "site" => ticket.site.as_deref().is_some_and(text),
        "description" => text(&ticket.description),
        // Registration does not store a ticket without them.
        "in_scope" | "reported_at" => true,
        "root_cause" => resolution.is_some_and(|r| text(&r.root_cause)),
        "solution" => resolution.is_some_and(|r| text(&r.solution)),
        "confirmed_by" => resolution.is_some_and(|r| text(&r.confirmed_by)),
        "affected_minutes" => resolution.is_some_and(|r| r.affected_minutes.is_some()),
        "category" => resolution.is_some_and(|r| r.category.is_some()),
        other => ticket.fields.get(other).is_some_and(text),
    }
}

/// The ids in `required` the ticket has no value for, in the profile's order.
pub fn missing_fields(ticket: &Ticket, required: &[String]) -> Vec<String> {
    required
        .iter()
        .filter(|id| !field_filled(ticket, id))
        .cloned()
        .collect()
}

/// What keeps the ticket from moving to `to`: the fields missing to leave its current stage,
/// then those missing to enter `to` (either list may be empty).
pub fn stage_move_missing(
    profile: &ProcessProfile,
    ticket: &Ticket,
    to: &Stage,
) -> (Vec<String>, Vec<String>) {
    let leave = ticket
        .stage
        .as_deref()
        .and_then(|s| profile.stage(s))
        .map(|current| missing_fields(ticket, &current.required_to_leave))
        .unwrap_or_default();
    let enter = missing_fields(ticket, &to.required_to_enter);
    (leave, enter)
}

/// The trigger an event is, for the stages that are entered on it (`entered_on`).
fn trigger_of(kind: &EventKind) -> Option<StageTrigger> {
    match kind {
        EventKind::Opened(_) => Some(StageTrigger::Registration),
        EventKind::Dispatched { .. } => Some(StageTrigger::Dispatch),
        EventKind::Escalated(_) => Some(StageTrigger::Escalation),
        EventKind::Resolved(_) => Some(StageTrigger::Resolution),
        EventKind::Closed { .. } | EventKind::AutoClosed | EventKind::CustomerVerified { .. } => {
            Some(StageTrigger::Closure)
        }
        _ => None,
    }
}

/// The stage `trigger` moves a ticket of `request_kind` into from `current`: the first stage of
/// that kind entered on it, if it comes after `current` in the profile's order (stages only move
/// forward by themselves).
pub fn triggered_stage<'p>(
    profile: &'p ProcessProfile,
    request_kind: &str,
    current: Option<&str>,
    trigger: StageTrigger,
) -> Option<&'p Stage> {
    let position = |id: &str| profile.stages.iter().position(|s| s.id == id);
    let (index, stage) = profile.stages.iter().enumerate().find(|(_, s)| {
        s.entered_on == Some(trigger)
            && (s.kinds.is_empty() || s.kinds.iter().any(|k| k == request_kind))
    })?;
    let ahead = current.and_then(position).is_none_or(|now| index > now);
    ahead.then_some(stage)
}

/// The stages a registration enters, in the profile's order (those of other request kinds left
/// out): P3's reception, then registration.
fn registration_stages<'p>(profile: &'p ProcessProfile, request_kind: &str) -> Vec<&'p Stage> {
    profile
        .stages
        .iter()
        .filter(|s| s.entered_on == Some(StageTrigger::Registration))
        .filter(|s| s.kinds.is_empty() || s.kinds.iter().any(|k| k == request_kind))
        .collect()
}

/// An action's events with the stage moves the profile asks for: a registration is followed by
/// the moves into the stages entered on it, each dispatch, escalation or
/// resolution is followed by the move into the stage entered on it, and a closure is preceded by
/// the move into the closure stage (a closed ticket takes no more stage changes). The action's
/// own data is what the stage's field rules ask for (a resolution carries the closure fields),
/// so these moves are not held back by them.
///
/// ```
/// use mesa::domain::actions::with_stage_moves;
/// use mesa::domain::event::{EventKind, Resolution};
/// use mesa::domain::profile::{preset, ProcessProfile};
/// use mesa::domain::ticket::Ticket;
/// let profile = ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap();
/// let ticket = Ticket { request_kind: "incidente".into(), ..Ticket::default() };
/// let kinds = with_stage_moves(&profile, Some(&ticket), vec![EventKind::Resolved(Resolution::default())]);
/// let EventKind::StageChanged { stage, .. } = &kinds[1] else { panic!() };
/// assert_eq!(stage, "resolucion");
/// ```
pub fn with_stage_moves(
    profile: &ProcessProfile,
    before: Option<&Ticket>,
    kinds: Vec<EventKind>,
) -> Vec<EventKind> {
    if profile.stages.iter().all(|s| s.entered_on.is_none()) {
        return kinds;
    }
    let mut request_kind = before.map(|t| t.request_kind.clone()).unwrap_or_default();
    let mut current = before.and_then(|t| t.stage.clone());
    let mut out = Vec::with_capacity(kinds.len() + 1);
    for kind in kinds {
        match &kind {
            EventKind::Opened(o) => request_kind = Name::new(&o.request_kind),
            EventKind::Classified { request_kind: k } => request_kind = Name::new(k),
            EventKind::StageChanged { stage, .. } => current = Some(Name::new(stage)),
            _ => {}
        }
        let Some(trigger) = trigger_of(&kind) else {
            out.push(kind);
            continue;
        };
        let stages = match trigger {
            StageTrigger::Registration if current.is_none() => {
                registration_stages(profile, &request_kind)
            }
            _ => triggered_stage(profile, &request_kind, current.as_deref(), trigger)
                .into_iter()
                .collect(),
        };
        let moves: Vec<EventKind> = stages
            .into_iter()
            .map(|s| EventKind::StageChanged {
                stage: s.id.clone(),
                entered_on: Some(trigger),
            })
            .collect();
        if let Some(EventKind::StageChanged { stage, .. }) = moves.last() {
            current = Some(Name::new(stage));
        }
        if trigger == StageTrigger::Closure {
            out.extend(moves);
            out.push(kind);
        } else {
            out.push(kind);
            out.extend(moves);
        }
    }
    out
}
