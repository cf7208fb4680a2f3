//! The clock a `ClockWarned` / `ClockBreached` event marks ([`MarkedClock`]), and the marks a
//! folded ticket keeps ([`ClockMark`]).
//!
//! Stored and synced events name the clock with one string, as they always have: an SLA
//! clock's code ([`ClockKind::code`]: `"restore"`) or `"rule:<rule id>"` for the mark that an
//! escalation rule fired ([`crate::domain::due::rule_mark`]). These types read and write exactly
//! that string, and a folded ticket's marks stay `[clock, deadline, breach]` arrays, so events
//! and projections written before them read the same and are written back byte for byte.
//!
//! ```
//! use mesa::domain::clock_mark::MarkedClock;
//! use mesa::domain::sla::ClockKind;
//!
//! let restore: MarkedClock = serde_json::from_str("\"restore\"").unwrap();
//! assert_eq!(restore, MarkedClock::Sla(ClockKind::Restore));
//! let rule = MarkedClock::from_code("rule:etapa_vencida_n1");
//! assert_eq!(rule, MarkedClock::Rule("etapa_vencida_n1".into()));
//! assert_eq!(serde_json::to_string(&rule).unwrap(), "\"rule:etapa_vencida_n1\"");
//! ```

use std::fmt;

use crate::domain::time_text::Rfc3339;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::sla::ClockKind;

/// The prefix of a rule's mark.
const RULE_PREFIX: &str = "rule:";

/// What a clock mark is about.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum MarkedClock {
    /// One of the ticket's SLA clocks.
    Sla(ClockKind),
    /// An escalation rule fired (by its id); only `ClockWarned` events carry it, and their
    /// deadline is the start of the clock run it fired for.
    Rule(String),
    /// A code this version does not know (from a newer version): kept as it was written.
    Other(String),
}

impl MarkedClock {
    /// Reads the code written in events: a clock kind, `rule:<id>`, or anything else kept.
    pub fn from_code(code: &str) -> MarkedClock {
        if let Some(kind) = ClockKind::from_code(code) {
            MarkedClock::Sla(kind)
        } else if let Some(rule) = code.strip_prefix(RULE_PREFIX) {
            MarkedClock::Rule(rule.to_string())
        } else {
            MarkedClock::Other(code.to_string())
        }
    }

    /// The SLA clock marked, if it is one.
    pub fn kind(&self) -> Option<ClockKind> {
        match self {
            MarkedClock::Sla(kind) => Some(*kind),
            MarkedClock::Rule(_) | MarkedClock::Other(_) => None,
        }
    }
}

/// The code written in events and keys (`"restore"`, `"rule:<id>"`).
impl fmt::Display for MarkedClock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MarkedClock::Sla(kind) => f.write_str(kind.code()),
            MarkedClock::Rule(rule) => write!(f, "{RULE_PREFIX}{rule}"),
            MarkedClock::Other(code) => f.write_str(code),
        }
    }
}

impl Serialize for MarkedClock {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MarkedClock {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = String::deserialize(deserializer)?;
        Ok(MarkedClock::from_code(&code))
    }
}

/// A warning or breach a ticket has recorded (one per clock, deadline and kind of mark).
/// Stored as the array `[clock, deadline, breach]`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClockMark {
    pub clock: MarkedClock,
    pub deadline: DateTime<Utc>,
    /// A breach; else a warning (or a rule's mark).
    pub breach: bool,
}

impl Serialize for ClockMark {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (&self.clock, &self.deadline, self.breach).serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for ClockMark {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let (clock, deadline, breach) = <(MarkedClock, Rfc3339, bool)>::deserialize(deserializer)?;
        Ok(ClockMark {
            clock,
            deadline: deadline.0,
            breach,
        })
    }
}
