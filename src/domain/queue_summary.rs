//! A queue row's summary: what the first screen of the queue needs to draw a ticket's row
//! without its full history or clock arithmetic. It is a derived, rebuildable cache (stored in
//! IndexedDB's `queue` store, see `crate::store`): always computed from a [`Ticket`] and the
//! [`Engine`], never trusted over the events (the full list replaces it once loaded).
//!
//! ```
//! use mesa::domain::queue_summary::QueueSummary;
//! assert_eq!(QueueSummary::NO_DEADLINE_RANK, 9.0e15);
//! ```

use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::engine::Engine;
use super::queue::{urgency, QueueEntry};
use super::sla::{ClockKind, ClockState};
use super::ticket::Ticket;

/// The fields of a queue row plus what the default order and the countdown need.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QueueSummary {
    /// The ticket id (the store's key).
    pub id: String,
    /// `[next deadline (ms), -opened (ms)]` for ACTIVE tickets only: the store's `rank` index
    /// lists them nearest deadline first, newest first among equal ones (the default sort).
    /// Absent for inactive tickets, which the index then leaves out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rank: Option<[f64; 2]>,
    #[serde(default, deserialize_with = "crate::domain::time_text::read")]
    pub next_deadline: Option<(ClockKind, DateTime<Utc>)>,
    /// When the next deadline's clock enters its warning, if it has a threshold.
    #[serde(default, deserialize_with = "crate::domain::time_text::read")]
    pub warning_at: Option<DateTime<Utc>>,
    /// The most urgent clock state at `computed_at`.
    pub state: ClockState,
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub computed_at: DateTime<Utc>,
    /// How many events the ticket had: a summary for another count is stale.
    pub event_count: u32,
    /// The ticket without its histories (what a row shows: number, severity, stage, level,
    /// status, assignee, customer, site, kind, description, pause). Shared with the entries
    /// drawn from it: an entry holds no copy (and the first load no `Ticket::clone`, #5).
    pub ticket: Arc<Ticket>,
}

impl QueueSummary {
    /// The rank's deadline for an active ticket without one (after every real deadline).
    pub const NO_DEADLINE_RANK: f64 = 9.0e15;

    /// Summarises `ticket` at `now`.
    pub fn new(engine: &Engine, ticket: &Ticket, now: DateTime<Utc>) -> Self {
        let clocks = engine.clocks(ticket, now);
        let next_deadline = clocks.next_deadline();
        let state = clocks
            .all()
            .map(|c| c.state)
            .max_by_key(|s| urgency(*s))
            .unwrap_or(ClockState::Off);
        let warning_at = next_deadline
            .and_then(|(kind, _)| clocks.get(kind))
            .and_then(|c| c.warning_at);
        let rank = ticket.status.is_active().then(|| {
            let due = next_deadline.map_or(Self::NO_DEADLINE_RANK, |(_, at)| {
                at.timestamp_millis() as f64
            });
            [due, -(ticket.opened_at.timestamp_millis() as f64)]
        });
        Self {
            id: ticket.id.0.clone(),
            rank,
            next_deadline,
            warning_at,
            state,
            computed_at: now,
            event_count: ticket.event_count,
            ticket: Arc::new(slim(ticket)),
        }
    }

    /// The state at `now`: a running clock whose warning time or deadline came between
    /// `computed_at` and `now` has moved on to warning or breached.
    pub fn state_at(&self, now: DateTime<Utc>) -> ClockState {
        let crossed = |at: DateTime<Utc>| self.computed_at < at && at <= now;
        match (self.state, self.next_deadline) {
            (ClockState::Running | ClockState::Warning, Some((_, at))) if crossed(at) => {
                ClockState::Breached
            }
            (ClockState::Running, _) if self.warning_at.is_some_and(crossed) => ClockState::Warning,
            (state, _) => state,
        }
    }

    /// The queue entry a row is drawn from, at `now`.
    pub fn entry(&self, now: DateTime<Utc>) -> QueueEntry {
        QueueEntry::from_parts(self.ticket.clone(), self.next_deadline, self.state_at(now))
    }
}

/// The ticket without what a queue row never shows (histories, marks, notifications), keeping
/// the current pause so "paused" still shows.
fn slim(ticket: &Ticket) -> Ticket {
    let mut t = ticket.clone();
    t.fields.clear();
    t.checklist.clear();
    t.severity_history.clear();
    t.stage_history.clear();
    t.level_history.clear();
    let last_pause = t.pauses.pop();
    t.pauses = last_pause.into_iter().collect();
    t.customer_updates.clear();
    t.articles.clear();
    t.notifications_queued.clear();
    t.notification_keys.clear();
    t.notifications_sent.clear();
    t.clock_marks.clear();
    t.conflicts.clear();
    t
}

/// A short fingerprint of the process profile the summaries are computed with (deadlines depend
/// on it): summaries from another profile are not used. FNV-1a over the JSON text the profile
/// was read from (the preset file, or the stored custom profile), so the app needs no serializer
/// of the profile to open the queue (issue #5, first-load size). Any change to the text, even
/// one that does not change the profile, only costs one rebuild of the summaries.
pub fn profile_fingerprint(profile_id: &str, profile_json: &str) -> String {
    let hash = profile_json
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
        });
    format!("{profile_id}:{hash:016x}")
}
