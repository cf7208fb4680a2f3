//! A stage's field rules (`required_to_leave` on the stage the ticket is in, `required_to_enter`
//! on the one it moves to): which of the named ticket fields are still empty.
//!
//! Field ids are those a profile may name (see `Ids::fields` in the profile check): the built-in
//! registration fields, the profile's own registration fields and the closure fields. Closure
//! fields are filled only by a resolution.

use crate::domain::profile::{ProcessProfile, Stage};
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
        other => ticket.fields.get(other).is_some_and(|v| text(v)),
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
