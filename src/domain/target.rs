//! A time target (response, update, restore, stage): an amount of minutes counted either on the
//! profile's business calendar or on the wall clock.

use serde::{Deserialize, Serialize};

/// How a target's minutes are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum TimeBasis {
    /// Only minutes inside the calendar's open windows count.
    #[default]
    Business,
    /// Every wall-clock minute counts (24×7).
    Calendar,
}

/// A target duration, e.g. "48 business hours" = `Target { minutes: 2880, basis: Business }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub minutes: u32,
    #[serde(default)]
    pub basis: TimeBasis,
}

impl Target {
    pub fn business(minutes: u32) -> Self {
        Self {
            minutes,
            basis: TimeBasis::Business,
        }
    }

    pub fn calendar(minutes: u32) -> Self {
        Self {
            minutes,
            basis: TimeBasis::Calendar,
        }
    }
}
