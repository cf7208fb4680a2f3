//! The customer's verification window of a resolved ticket (P1): when it starts (the solution's
//! message sent, else the resolution), when it ends, when the customer is reminded, and when the
//! ticket closes by itself. [`crate::domain::due`] appends the reminder and the auto-close.

use chrono::{DateTime, Utc};

use super::engine::Engine;
use super::sla::index::{from_ns, to_ns, MIN};
use super::target::TimeBasis;
use super::ticket::{Status, Ticket};

/// The end of the verification window and when the customer is to be reminded of it, if that is
/// due at `now`: the profile sets `reminder_before`, the window has not ended yet, and the
/// customer was not reminded of this window.
pub(crate) fn verification_reminder_due(
    engine: &Engine,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let before = engine.profile().closure.verification?.reminder_before?;
    if ticket.status != Status::Resolved {
        return None;
    }
    let ends = verification_ends(engine, ticket)?;
    if now >= ends || ticket.verification_reminded == Some(ends) {
        return None;
    }
    // Calendar time (the profile check refuses business time here).
    let span = i64::from(before.minutes).saturating_mul(MIN);
    let at = from_ns(to_ns(ends).saturating_sub(span));
    (now >= at).then_some((ends, at))
}

/// When the verification window ended, if the ticket is due to auto-close at `now`.
pub(crate) fn auto_close_due(
    engine: &Engine,
    ticket: &Ticket,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let auto = engine
        .profile()
        .closure
        .verification
        .is_some_and(|v| v.auto_close);
    if ticket.status != Status::Resolved || !auto {
        return None;
    }
    verification_ends(engine, ticket).filter(|end| now >= *end)
}

/// When the customer's verification window starts: when the message telling them of the
/// solution was sent; with no such message to send (no rule on `resolve`, or nobody to send it
/// to), at the resolution. `None` while the ticket is not resolved or the message waits to go.
pub fn verification_starts(ticket: &Ticket) -> Option<DateTime<Utc>> {
    let resolved = ticket.resolved_at?;
    match ticket.solution_notice {
        Some(_) => ticket.solution_notified_at,
        None => Some(resolved),
    }
}

/// When the verification window of a resolved ticket ends (`None` when the profile has no
/// window, the ticket is not resolved, or the customer has not been told of the solution yet:
/// see [`verification_starts`]).
pub fn verification_ends(engine: &Engine, ticket: &Ticket) -> Option<DateTime<Utc>> {
    let resolved = to_ns(verification_starts(ticket)?);
    let verification = engine.profile().closure.verification?;
    let window = i64::from(verification.window.minutes).saturating_mul(MIN);
    let end = match verification.window.basis {
        TimeBasis::Calendar => Some(resolved.saturating_add(window)),
        TimeBasis::Business => engine.index_for(ticket).add(resolved, window),
    };
    end.map(from_ns)
}
