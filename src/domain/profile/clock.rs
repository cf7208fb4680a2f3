//! Options shared by every SLA clock of a profile: warnings, pauses, where restore starts.

use serde::{Deserialize, Serialize};

use super::check::Report;
use super::kinds::yes;

/// The clocks a ticket has; escalation rules and notifications refer to them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockKind {
    /// First response ("tiempo de atención").
    Response,
    /// Update frequency.
    Update,
    /// Restore / solution.
    Restore,
    /// The target of the stage the ticket is in.
    Stage,
    /// The target of the milestone running in that stage (P3: the travel to the site, then the
    /// field solution).
    Milestone,
}

/// From which moment the restore clock counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ClockStart {
    /// When the ticket was registered.
    #[default]
    Registered,
    /// When the customer reported it (P5), which may be earlier than registration.
    Reported,
}

/// When a clock shows a warning before its breach: at a percentage of the target elapsed, and/or
/// a number of minutes before the deadline (whichever comes first).
///
/// ```json
/// { "at_percent": 80, "minutes_before": 15 }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WarningThreshold {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at_percent: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minutes_before: Option<u32>,
}

impl Default for WarningThreshold {
    fn default() -> Self {
        Self {
            at_percent: Some(80),
            minutes_before: None,
        }
    }
}

/// Clock behaviour of a profile.
///
/// ```json
/// { "warning": { "at_percent": 80 },
///   "pause_statuses": ["esperando_cliente"],
///   "restore_starts": "reported",
///   "promised_update_overrides": true,
///   "workaround_restores": true }
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClockOptions {
    #[serde(default)]
    pub warning: WarningThreshold,
    /// Ticket statuses ("waiting on customer") during which the restore clock is paused.
    #[serde(default)]
    pub pause_statuses: Vec<String>,
    #[serde(default)]
    pub restore_starts: ClockStart,
    /// A next-update time promised in writing on the ticket replaces the severity's update
    /// frequency until it passes (P5).
    #[serde(default = "yes")]
    pub promised_update_overrides: bool,
    /// Service restored with a workaround is a milestone of its own that stops the restore
    /// clock (P5: time to restore); the final fix is recorded apart. Off: the milestone is not
    /// offered and only the resolution stops the clock.
    #[serde(default)]
    pub workaround_restores: bool,
}

impl Default for ClockOptions {
    fn default() -> Self {
        Self {
            warning: WarningThreshold::default(),
            pause_statuses: Vec::new(),
            restore_starts: ClockStart::default(),
            promised_update_overrides: true,
            workaround_restores: false,
        }
    }
}

impl ClockOptions {
    pub(super) fn check(&self, path: &str, r: &mut Report) {
        if let Some(p) = self.warning.at_percent {
            if !(1..=99).contains(&p) {
                r.push(
                    &format!("{path}.warning.at_percent"),
                    format!("{p} must be between 1 and 99"),
                );
            }
        }
        if self.warning.minutes_before == Some(0) {
            r.push(
                &format!("{path}.warning.minutes_before"),
                "must be greater than 0",
            );
        }
        r.unique_ids(
            self.pause_statuses
                .iter()
                .enumerate()
                .map(|(i, s)| (format!("{path}.pause_statuses[{i}]"), s.as_str())),
        );
    }
}
