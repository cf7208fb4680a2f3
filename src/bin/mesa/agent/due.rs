//! The due pass: every active ticket of the desk asked what is due now, with the process
//! version its opening recorded (else the version in force when it was opened, else the desk's
//! active one; `--profile` only when the desk has published none), and the events appended to
//! the outbox. Their ids are derived from what made them due
//! ([`mesa::domain::due_events`]), so a browser computing the same events pushes the same ids.

use chrono::{DateTime, Utc};
use mesa::domain::desk::customers::customers_in_force;
use mesa::domain::desk::{fold_desk, DeskState, ProfileVersion, ProfileVersions};
use mesa::domain::due_events::due_events;
use mesa::domain::engine::Engine;
use mesa::domain::engines::Engines;
use mesa::domain::event::Event;
use mesa::domain::fold::fold_all;
use serde_json::json;

use super::log;
use super::store::{Store, StoreError};

/// The desk's engines ([`Engines`]: the active process and one per valid published version, a
/// ticket running on the version it was opened under, as in the browser), rebuilt only when the
/// desk publishes or activates a version.
#[derive(Default)]
pub struct EngineCache {
    built: Option<(ProfileVersions, Option<Engines>)>,
}

impl EngineCache {
    /// The engines for `desk`. The active process is the desk's active version, else `fallback`
    /// (`--profile`), else its latest usable version; `None` when no process applies.
    pub fn engines(&mut self, desk: &DeskState, fallback: Option<&Engine>) -> Option<&Engines> {
        let current = self
            .built
            .as_ref()
            .is_some_and(|(versions, _)| versions == &desk.profiles);
        if !current {
            let usable = |v: &ProfileVersion| v.profile().ok().and_then(|p| Engine::new(p).ok());
            let published = desk.profiles.active();
            let active = published.and_then(usable);
            if let (Some(version), None) = (published, &active) {
                log::warn("profile_unusable", json!({"version": version.version}));
            }
            let active = active
                .or_else(|| fallback.cloned())
                .or_else(|| desk.profiles.versions.iter().rev().find_map(usable));
            let engines = active.map(|a| Engines::with_versions(&Engines::new(a), &desk.profiles));
            self.built = Some((desk.profiles.clone(), engines));
        }
        self.built
            .as_ref()
            .and_then(|(_, engines)| engines.as_ref())
    }
}

/// What one pass found.
#[derive(Debug, Default)]
pub struct DuePass {
    pub tickets: usize,
    pub appended: usize,
    /// Active tickets left alone because no process applies to them.
    pub without_process: usize,
}

/// Appends what is due at `now` on every active ticket. Returns the counts.
pub fn due_pass(
    store: &mut Store,
    engines: &mut EngineCache,
    fallback: Option<&Engine>,
    now: DateTime<Utc>,
) -> Result<DuePass, StoreError> {
    let started = std::time::Instant::now();
    let events = store.events()?;
    let desk = fold_desk(&events);
    let customers = customers_in_force(&desk.customers);
    let tickets = fold_all(&events);
    drop(events);
    let mut pass = DuePass::default();
    let mut new: Vec<Event> = Vec::new();
    let engines = engines.engines(&desk, fallback);
    for ticket in tickets.iter().filter(|t| t.status.is_active()) {
        pass.tickets += 1;
        let Some(engine) = engines.map(|e| e.for_ticket(ticket)) else {
            pass.without_process += 1;
            continue;
        };
        for event in due_events(engine, &customers, ticket, now) {
            log::info(
                "due_event",
                json!({"ticket": ticket.number, "kind": event.kind.code(), "id": event.id.as_str(), "at": event.at().to_rfc3339()}),
            );
            new.push(event);
        }
    }
    if pass.without_process > 0 {
        log::warn(
            "due_skipped",
            json!({
                "tickets": pass.without_process,
                "reason": "the desk has published no process and no --profile was given"
            }),
        );
    }
    pass.appended = store.append_local(&new)?;
    log::info(
        "due",
        json!({"active_tickets": pass.tickets, "appended": pass.appended, "at": now.to_rfc3339(),
               "ms": started.elapsed().as_millis() as u64}),
    );
    Ok(pass)
}
