//! Whether a clock, and a ticket, met its targets.

use serde::Serialize;

use crate::domain::sla::{Clock, ClockState};

/// The result of one clock, or of a whole ticket, for compliance.
///
/// A ticket is [`Outcome::Met`] when every clock that applies to it was met, [`Outcome::Missed`]
/// when any was missed, [`Outcome::Pending`] while a clock is still running with no breach yet,
/// and [`Outcome::NotMeasured`] when no clock applies (SLA off, no target, out of scope).
///
/// ```
/// use mesa::domain::report::Outcome;
/// assert_eq!(Outcome::combine([Outcome::Met, Outcome::Pending]), Outcome::Pending);
/// assert_eq!(Outcome::combine([Outcome::Pending, Outcome::Missed]), Outcome::Missed);
/// assert_eq!(Outcome::combine([Outcome::NotMeasured, Outcome::Met]), Outcome::Met);
/// assert_eq!(Outcome::combine([]), Outcome::NotMeasured);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Met,
    Missed,
    Pending,
    NotMeasured,
}

impl Outcome {
    /// A stable code for CSV and locale keys.
    pub fn code(self) -> &'static str {
        match self {
            Self::Met => "met",
            Self::Missed => "missed",
            Self::Pending => "pending",
            Self::NotMeasured => "not_measured",
        }
    }

    /// The outcome of one clock: breached (or stopped late) = missed, stopped in time = met,
    /// still running = pending, off or without target = not measured.
    pub fn of_clock(clock: &Clock) -> Outcome {
        match clock.state {
            ClockState::Off => Outcome::NotMeasured,
            _ if clock.target.is_none() => Outcome::NotMeasured,
            ClockState::Breached => Outcome::Missed,
            _ if clock.met == Some(false) => Outcome::Missed,
            ClockState::Met => Outcome::Met,
            _ if clock.met == Some(true) => Outcome::Met,
            ClockState::Running | ClockState::Warning | ClockState::Paused => Outcome::Pending,
        }
    }

    /// A ticket's outcome from its clocks' outcomes.
    pub fn combine(outcomes: impl IntoIterator<Item = Outcome>) -> Outcome {
        let mut result = Outcome::NotMeasured;
        for o in outcomes {
            result = match (result, o) {
                (Outcome::Missed, _) | (_, Outcome::Missed) => Outcome::Missed,
                (Outcome::Pending, _) | (_, Outcome::Pending) => Outcome::Pending,
                (Outcome::Met, _) | (_, Outcome::Met) => Outcome::Met,
                _ => Outcome::NotMeasured,
            };
        }
        result
    }
}
