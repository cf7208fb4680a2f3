//! SLA clocks: response, update frequency, restore/solution and the current stage's target,
//! computed from a folded [`Ticket`](crate::domain::ticket::Ticket) at a given `now` by
//! [`Engine::clocks`](crate::domain::engine::Engine::clocks).
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mesa::domain::engine::Engine;
//! use mesa::domain::profile::{preset, ProcessProfile};
//! use mesa::domain::sla::{ClockKind, ClockState};
//! use mesa::domain::ticket::Ticket;
//!
//! let engine = Engine::new(ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap()).unwrap();
//! // An S1 incident registered Monday 2026-10-19 10:00 in Mexico City (16:00 UTC).
//! let at = Utc.with_ymd_and_hms(2026, 10, 19, 16, 0, 0).unwrap();
//! let ticket = Ticket { request_kind: "incidente".into(), severity: Some("s1".into()),
//!                       opened_at: at, reported_at: at, ..Ticket::default() };
//! let clocks = engine.clocks(&ticket, at);
//! assert_eq!(clocks.restore.deadline, Some(Utc.with_ymd_and_hms(2026, 10, 19, 19, 0, 0).unwrap()));
//! assert_eq!(clocks.next_deadline(), Some((ClockKind::Response, at + chrono::Duration::hours(1))));
//! assert_eq!(clocks.response.state, ClockState::Running);
//! ```
//!
//! # Semantics
//!
//! - **Calendar**: the request kind's calendar, else the profile's default. A `business` target
//!   counts that calendar's open time, a `calendar` target counts wall time (24×7).
//! - **Start**: the response and restore clocks start at registration (`opened_at`), or at
//!   `reported_at` when `clock_options.restore_starts` is `reported` (P5). The update clock
//!   starts at the last customer-visible update (else at the response/restore start). The stage
//!   clock starts when the ticket entered its current stage. A milestone's clock starts when
//!   the milestone before it is reached, else at the dispatch during the stay (the dispatch
//!   agreed), else when the stage was entered; it stops when the milestone is reached or the
//!   stage left (see [`crate::domain::profile::Milestone`]).
//! - **Stop**: response at the first customer-visible answer; restore at resolution; the update
//!   clock is `Off` once the ticket is resolved; every clock stops when the ticket is closed or
//!   rejected (a rejected ticket's clocks are `Off`: no SLA applies out of scope).
//! - **Pauses** (waiting on the customer) apply to the restore clock only: a pause moves the
//!   deadline by exactly the counted (business or wall) time it lasted. An ongoing pause is
//!   counted up to `now`, so a paused clock shows the deadline it would have if resumed now.
//! - **Severity/kind changes re-target**: the deadline is recomputed with the current target
//!   from the clock's original start, keeping elapsed and paused time.
//! - **Promised update**: a next-update time promised in writing after the last update replaces
//!   the update deadline (and activates the update clock even without a default target).
//! - **Reopen**: the fold keeps no history of past resolutions, so a reopened ticket's restore
//!   clock counts from its original start, including the time it spent resolved.
//! - **Warning** at `clock_options.warning` (the earliest of the percentage of the target and
//!   the minutes before the deadline, counted like the target); **breached** once `now` is past
//!   the deadline while running, or when stopped after it (`met == Some(false)`).
//! - **Off**: kinds with `sla: false` and clocks without a target are `Off`, but their elapsed
//!   time is still measured (on the business calendar).

pub(crate) mod compute;
pub(crate) mod index;
pub(crate) mod timeline;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

pub use crate::domain::profile::ClockKind;
use crate::domain::target::Target;

impl ClockKind {
    /// Every clock kind, in display order.
    pub const ALL: [ClockKind; 5] = [
        Self::Response,
        Self::Update,
        Self::Restore,
        Self::Stage,
        Self::Milestone,
    ];

    /// A stable code (locale keys, CSV, `ClockWarned`/`ClockBreached` events).
    ///
    /// ```
    /// use mesa::domain::sla::ClockKind;
    /// assert_eq!(ClockKind::Restore.code(), "restore");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Self::Response => "response",
            Self::Update => "update",
            Self::Restore => "restore",
            Self::Stage => "stage",
            Self::Milestone => "milestone",
        }
    }

    /// The kind with this code.
    ///
    /// ```
    /// use mesa::domain::sla::ClockKind;
    /// assert_eq!(ClockKind::from_code("update"), Some(ClockKind::Update));
    /// ```
    pub fn from_code(code: &str) -> Option<ClockKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// Where a clock is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockState {
    /// No target applies (SLA off, no target for this severity, update clock after resolution,
    /// ticket rejected). Elapsed time is still measured.
    Off,
    Running,
    /// Running and past the warning threshold.
    Warning,
    /// Waiting on the customer: not counting.
    Paused,
    /// Stopped within its deadline.
    Met,
    /// Past its deadline (running or stopped).
    Breached,
}

impl ClockState {
    /// A stable code for locale keys and CSV.
    ///
    /// ```
    /// use mesa::domain::sla::ClockState;
    /// assert_eq!(ClockState::Warning.code(), "warning");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            Self::Off => "off",
            Self::Running => "running",
            Self::Warning => "warning",
            Self::Paused => "paused",
            Self::Met => "met",
            Self::Breached => "breached",
        }
    }
}

/// One SLA clock of a ticket at a given `now`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Clock {
    pub kind: ClockKind,
    pub state: ClockState,
    /// The target in force (the current severity's); `None` when there is none. A promised
    /// update time keeps the default target here but replaces the deadline.
    pub target: Option<Target>,
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub started_at: DateTime<Utc>,
    #[serde(default, deserialize_with = "crate::domain::time_text::read")]
    pub deadline: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "crate::domain::time_text::read")]
    pub warning_at: Option<DateTime<Utc>>,
    /// When the clock stopped (response given, restored, ticket closed); `None` while running.
    #[serde(default, deserialize_with = "crate::domain::time_text::read")]
    pub stopped_at: Option<DateTime<Utc>>,
    /// Counted minutes (business or wall, per the target's basis) from the start to `now` or to
    /// the stop, pauses excluded.
    pub elapsed_minutes: i64,
    /// Counted minutes spent paused in that span.
    pub paused_minutes: i64,
    /// `Some(true/false)` once decided: stopped (within the deadline or not) or breached while
    /// running.
    pub met: Option<bool>,
}

impl Clock {
    /// Whether the clock is still counting towards a deadline (running, warning or breached
    /// while running).
    pub fn is_running(&self) -> bool {
        self.stopped_at.is_none()
            && matches!(
                self.state,
                ClockState::Running | ClockState::Warning | ClockState::Breached
            )
    }
}

/// All the clocks of one ticket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TicketClocks {
    pub response: Clock,
    pub update: Clock,
    pub restore: Clock,
    /// The current stage's clock; `None` when the ticket has no stage yet.
    pub stage: Option<Clock>,
    /// The clock of the milestone running in the current stage, if one is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub milestone: Option<MilestoneClock>,
}

/// The clock of one milestone of a stage (see [`crate::domain::profile::Milestone`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MilestoneClock {
    /// The milestone's id in its stage.
    pub milestone: String,
    pub clock: Clock,
}

impl TicketClocks {
    /// The earliest deadline among the clocks still counting (breached ones included, since
    /// they sort first in a queue); paused, stopped and off clocks are left out.
    pub fn next_deadline(&self) -> Option<(ClockKind, DateTime<Utc>)> {
        self.all()
            .filter(|c| c.is_running())
            .filter_map(|c| c.deadline.map(|d| (c.kind, d)))
            .min_by_key(|&(_, d)| d)
    }

    /// Response, update, restore, then the stage and milestone clocks when there are.
    pub fn all(&self) -> impl Iterator<Item = &Clock> {
        [&self.response, &self.update, &self.restore]
            .into_iter()
            .chain(self.stage.as_ref())
            .chain(self.milestone.as_ref().map(|m| &m.clock))
    }

    /// The clock of one kind.
    pub fn get(&self, kind: ClockKind) -> Option<&Clock> {
        match kind {
            ClockKind::Response => Some(&self.response),
            ClockKind::Update => Some(&self.update),
            ClockKind::Restore => Some(&self.restore),
            ClockKind::Stage => self.stage.as_ref(),
            ClockKind::Milestone => self.milestone.as_ref().map(|m| &m.clock),
        }
    }
}
