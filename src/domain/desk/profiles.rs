//! Process profile versions as the desk shares them: every published version is kept; the
//! active one is the last valid publication that asked to be active. A ticket keeps the version
//! in force when it was opened, so a new version applies only to tickets opened after it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::change::ProfilePublication;
use crate::domain::event::{Event, EventId, Hlc};
use crate::domain::profile::{ProcessProfile, ProfileError};
use crate::domain::ticket::Ticket;

/// One published version of the process profile.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileVersion {
    pub version: String,
    /// The profile's own `id` (blank when the text cannot be read at all).
    pub profile_id: String,
    pub json: String,
    pub published_at: Hlc,
    pub published_by: String,
    pub event: EventId,
    /// Why this version cannot be used (each naming the field); empty for a valid version.
    /// An invalid version is kept in history but never made active.
    pub problems: Vec<ProfileError>,
}

impl ProfileVersion {
    pub fn is_valid(&self) -> bool {
        self.problems.is_empty()
    }

    /// The profile this version holds, or why it cannot be read.
    pub fn profile(&self) -> Result<ProcessProfile, Vec<ProfileError>> {
        ProcessProfile::from_json(&self.json)
    }
}

/// A version made active by a publication.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Activation {
    pub version: String,
    pub hlc: Hlc,
    pub event: EventId,
}

/// Every published version, in publication order, and when each became active.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileVersions {
    pub versions: Vec<ProfileVersion>,
    pub activations: Vec<Activation>,
}

impl ProfileVersions {
    /// Folds one publication (already in the desk's total order).
    pub fn publish(&mut self, p: &ProfilePublication, event: &Event) {
        let known = self.versions.iter().find(|v| v.version == p.version);
        let valid = match known {
            // The same text published again (another device, or a return to an old version).
            Some(v) if v.json == p.json => v.is_valid(),
            taken => {
                let mut problems = match ProcessProfile::from_json(&p.json) {
                    Ok(_) => Vec::new(),
                    Err(problems) => problems,
                };
                if taken.is_some() || p.version.trim().is_empty() {
                    problems.push(ProfileError::new(
                        "version",
                        "the version id is blank or already names another text",
                    ));
                }
                let profile_id = ProcessProfile::parse(&p.json)
                    .map(|profile| profile.id)
                    .unwrap_or_default();
                self.versions.push(ProfileVersion {
                    version: p.version.clone(),
                    profile_id,
                    json: p.json.clone(),
                    published_at: event.hlc.clone(),
                    published_by: event.actor.clone(),
                    event: event.id.clone(),
                    problems: problems.clone(),
                });
                problems.is_empty()
            }
        };
        if valid && p.activate {
            self.activations.push(Activation {
                version: p.version.clone(),
                hlc: event.hlc.clone(),
                event: event.id.clone(),
            });
        }
    }

    /// The valid version with this id.
    pub fn get(&self, version: &str) -> Option<&ProfileVersion> {
        self.versions
            .iter()
            .find(|v| v.version == version && v.is_valid())
    }

    /// Why the version with this id cannot be used (`None` when no version has this id).
    pub fn problems(&self, version: &str) -> Option<&[ProfileError]> {
        self.versions
            .iter()
            .rev()
            .find(|v| v.version == version)
            .map(|v| v.problems.as_slice())
    }

    /// The version in force now: for tickets opened from now on.
    pub fn active(&self) -> Option<&ProfileVersion> {
        self.activations.last().and_then(|a| self.get(&a.version))
    }

    /// The version that was in force at `at` (activations at the same millisecond count).
    pub fn active_at(&self, at: DateTime<Utc>) -> Option<&ProfileVersion> {
        let ms = at.timestamp_millis();
        self.activations
            .iter()
            .rev()
            .find(|a| a.hlc.wall_ms <= ms)
            .and_then(|a| self.get(&a.version))
    }

    /// The version a ticket's clocks use: the one its opening recorded; for a ticket that
    /// recorded none (opened before versions existed) or one this desk does not hold yet, the
    /// version in force when it was opened.
    pub fn for_ticket(&self, ticket: &Ticket) -> Option<&ProfileVersion> {
        ticket
            .profile_version
            .as_deref()
            .and_then(|v| self.get(v))
            .or_else(|| self.active_at(ticket.opened_at))
    }

    /// The profile a ticket's clocks use (see [`ProfileVersions::for_ticket`]); `None` when the
    /// desk holds no valid version for it (the caller keeps the profile it has).
    pub fn profile_for(&self, ticket: &Ticket) -> Option<ProcessProfile> {
        self.for_ticket(ticket).and_then(|v| v.profile().ok())
    }

    /// The versions in force at some instant of `[start, end)`, in the order they became active
    /// (each once).
    pub fn in_force_between(&self, start: DateTime<Utc>, end: DateTime<Utc>) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut push = |v: &str| {
            if !out.iter().any(|o| o == v) {
                out.push(v.to_string());
            }
        };
        if let Some(v) = self.active_at(start) {
            push(&v.version);
        }
        let (from, to) = (start.timestamp_millis(), end.timestamp_millis());
        for a in &self.activations {
            if from < a.hlc.wall_ms && a.hlc.wall_ms < to && self.get(&a.version).is_some() {
                push(&a.version);
            }
        }
        out
    }
}
