//! The engines of a desk's process versions: a ticket's clocks, due events and report lines run
//! on the version it was opened under (issue #14), so publishing a new version mid-month never
//! rewrites last week's deadlines or this month's penalties; tickets opened after it use it.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mesa::domain::desk::fold_desk;
//! use mesa::domain::engine::Engine;
//! use mesa::domain::engines::Engines;
//! use mesa::domain::profile::{preset, ProcessProfile};
//! use mesa::domain::ticket::Ticket;
//!
//! let engine = Engine::new(ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap()).unwrap();
//! // A desk that published no version: every ticket runs on the process the device has.
//! let engines = Engines::new(engine);
//! let ticket = Ticket { profile_version: Some("v-unknown".into()), ..Ticket::default() };
//! assert_eq!(engines.for_ticket(&ticket).profile().id, "p4-callmyway");
//! ```

use std::collections::BTreeMap;
use std::sync::Arc;

use super::desk::ProfileVersions;
use super::engine::Engine;
use super::ticket::Ticket;

/// The active process's engine and one per valid published version. Cheap to clone.
#[derive(Clone, Debug)]
pub struct Engines {
    active: Arc<Engine>,
    versions: Arc<ProfileVersions>,
    by_version: Arc<BTreeMap<String, Arc<Engine>>>,
}

impl Engines {
    /// Only the process this device runs (no published versions known yet).
    pub fn new(active: Engine) -> Self {
        Self {
            active: Arc::new(active),
            versions: Arc::default(),
            by_version: Arc::default(),
        }
    }

    /// The active engine and one engine per valid version the desk published. A version whose
    /// calendars cannot be built (the fold accepted its text, the engine refuses it) is left out:
    /// its tickets run on the active process.
    pub fn with_versions(active: &Engines, versions: &ProfileVersions) -> Self {
        let mut by_version = BTreeMap::new();
        for version in versions.versions.iter().filter(|v| v.is_valid()) {
            if by_version.contains_key(&version.version) {
                continue;
            }
            let engine = if version.profile().ok().as_ref() == Some(active.active.profile()) {
                Some(active.active.clone())
            } else {
                version
                    .profile()
                    .ok()
                    .and_then(|p| Engine::new(p).ok())
                    .map(Arc::new)
            };
            if let Some(engine) = engine {
                by_version.insert(version.version.clone(), engine);
            }
        }
        Self {
            active: active.active.clone(),
            versions: Arc::new(versions.clone()),
            by_version: Arc::new(by_version),
        }
    }

    /// The process new tickets are opened under.
    pub fn active(&self) -> &Engine {
        &self.active
    }

    /// The engine of the version `ticket` keeps (see [`ProfileVersions::for_ticket`]); the
    /// active one when the desk holds no usable version for it.
    pub fn for_ticket(&self, ticket: &Ticket) -> &Engine {
        self.versions
            .for_ticket(ticket)
            .and_then(|v| self.by_version.get(&v.version))
            .map_or(&*self.active, |engine| &**engine)
    }

    /// The published version whose engine [`Engines::for_ticket`] gives `ticket`; `None` when
    /// that is the active process without a published version for the ticket.
    pub fn version_of(&self, ticket: &Ticket) -> Option<&str> {
        self.versions
            .for_ticket(ticket)
            .map(|version| version.version.as_str())
            .filter(|version| self.by_version.contains_key(*version))
    }

    /// The published versions these engines were built from.
    pub fn versions(&self) -> &ProfileVersions {
        &self.versions
    }
}

impl From<Engine> for Engines {
    fn from(engine: Engine) -> Self {
        Self::new(engine)
    }
}
