//! The small state changes several arms of the fold share: a level move, the end of a pause,
//! the end of the verification window, a clock mark; and whether a profile's stage move applies.

use crate::domain::clock_mark::{ClockMark, MarkedClock};
use crate::domain::event::Event;
use crate::domain::profile::StageTrigger;
use crate::domain::ticket::{Change, Conflict, ConflictReason, Status, Ticket};

/// Whether the event a profile's stage move follows applied: a registration leaves the ticket
/// open, a dispatch or an escalation needs a ticket being worked, a resolution leaves it resolved, a closure needs it worked or resolved.
pub(super) fn triggered_move_applies(t: &Ticket, trigger: StageTrigger) -> bool {
    let worked = matches!(t.status, Status::Open | Status::WaitingOnCustomer);
    match trigger {
        StageTrigger::Registration => t.status == Status::Open,
        StageTrigger::Dispatch | StageTrigger::Escalation => worked,
        StageTrigger::Resolution => t.status == Status::Resolved,
        StageTrigger::Closure => worked || t.status == Status::Resolved,
    }
}

pub(super) fn set_level(t: &mut Ticket, level: u8, at: chrono::DateTime<chrono::Utc>) {
    if t.level != level {
        t.level = level;
        t.level_history.push(Change { at, value: level });
    }
}

pub(super) fn end_pause(t: &mut Ticket, at: chrono::DateTime<chrono::Utc>) {
    if let Some(p) = t.pauses.last_mut().filter(|p| p.end.is_none()) {
        p.end = Some(at.max(p.start));
    }
    if t.status == Status::WaitingOnCustomer {
        t.status = Status::Open;
    }
}

pub(super) fn finish_verification(
    t: &mut Ticket,
    at: chrono::DateTime<chrono::Utc>,
    auto: bool,
    e: &Event,
) {
    if t.status == Status::Resolved {
        t.status = Status::Closed;
        t.closed_at = Some(at);
        t.auto_closed = auto;
    } else {
        let status = t.status;
        t.conflicts.push(Conflict {
            event: e.id.clone(),
            reason: ConflictReason::NotResolved,
            status,
            resolved: false,
        });
    }
}

pub(super) fn mark_clock(
    t: &mut Ticket,
    clock: &MarkedClock,
    deadline: chrono::DateTime<chrono::Utc>,
    breach: bool,
) {
    let mark = ClockMark {
        clock: clock.clone(),
        deadline,
        breach,
    };
    if !t.clock_marks.contains(&mark) {
        t.clock_marks.push(mark);
    }
}
