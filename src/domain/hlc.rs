//! Hybrid logical clock: wall-clock milliseconds + a counter + the device id.
//!
//! Events from devices whose clocks disagree still get one total order, and an event is never
//! ordered before one its author had already seen (`receive` moves the clock past it).
//!
//! ```
//! use mesa::domain::hlc::Hlc;
//! let a = Hlc::first(1_000, "a");
//! let b = a.tick(900); // the wall clock went backwards: the counter keeps the order
//! assert!(b > a);
//! let c = Hlc::first(500, "c").receive(&b, 600);
//! assert!(c > b);
//! ```

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point on the hybrid logical clock. Ordered by `(wall_ms, counter, device)`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Hlc {
    pub wall_ms: i64,
    pub counter: u32,
    pub device: String,
}

impl Hlc {
    /// The first clock value of a device.
    pub fn first(now_ms: i64, device: impl Into<String>) -> Self {
        Self {
            wall_ms: now_ms,
            counter: 0,
            device: device.into(),
        }
    }

    /// The clock for a new local event, given the last value this device used.
    pub fn tick(&self, now_ms: i64) -> Self {
        if now_ms > self.wall_ms {
            Self {
                wall_ms: now_ms,
                counter: 0,
                device: self.device.clone(),
            }
        } else {
            Self {
                wall_ms: self.wall_ms,
                counter: self.counter + 1,
                device: self.device.clone(),
            }
        }
    }

    /// The clock for a new event on `device`, after the newest clock it has seen (own or remote).
    pub fn next(newest_seen: Option<&Hlc>, device: &str, now_ms: i64) -> Self {
        match newest_seen {
            None => Self::first(now_ms, device),
            Some(seen) => {
                let own = Self {
                    wall_ms: seen.wall_ms,
                    counter: seen.counter,
                    device: device.into(),
                };
                let next = own.tick(now_ms);
                // Same wall and counter as a remote clock with a larger device id would sort
                // before it: step the counter once more.
                if next <= *seen {
                    Self {
                        counter: next.counter + 1,
                        ..next
                    }
                } else {
                    next
                }
            }
        }
    }

    /// The clock after seeing a remote event: strictly after both it and our own last value.
    pub fn receive(&self, remote: &Hlc, now_ms: i64) -> Self {
        let wall = now_ms.max(self.wall_ms).max(remote.wall_ms);
        let counter = if wall == self.wall_ms && wall == remote.wall_ms {
            self.counter.max(remote.counter) + 1
        } else if wall == self.wall_ms {
            self.counter + 1
        } else if wall == remote.wall_ms {
            remote.counter + 1
        } else {
            0
        };
        Self {
            wall_ms: wall,
            counter,
            device: self.device.clone(),
        }
    }
}

impl fmt::Display for Hlc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{:015}-{:06}-{}",
            self.wall_ms, self.counter, self.device
        )
    }
}

/// Why a clock string could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HlcParseError(pub String);

impl fmt::Display for HlcParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "\"{}\" is not a clock value (expected MILLIS-COUNTER-DEVICE)",
            self.0
        )
    }
}

impl std::error::Error for HlcParseError {}

impl FromStr for Hlc {
    type Err = HlcParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || HlcParseError(s.to_string());
        let mut parts = s.splitn(3, '-');
        let wall_ms = parts.next().and_then(|p| p.parse().ok()).ok_or_else(err)?;
        let counter = parts.next().and_then(|p| p.parse().ok()).ok_or_else(err)?;
        let device = parts.next().filter(|d| !d.is_empty()).ok_or_else(err)?;
        Ok(Self {
            wall_ms,
            counter,
            device: device.to_string(),
        })
    }
}

/// `Hlc` is serialized as one sortable string `"{wall_ms:015}-{counter:06}-{device}"` so that it
/// can be an IndexedDB index and compared as text.
impl Serialize for Hlc {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Hlc {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}
