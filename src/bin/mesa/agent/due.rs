//! The due pass: every active ticket of the desk asked what is due now, with the process
//! version its opening recorded (else the version in force when it was opened, else the desk's
//! active one; `--profile` only when the desk has published none), and the events appended to
//! the outbox. Their ids are derived from what made them due
//! ([`mesa::domain::due_events`]), so a browser computing the same events pushes the same ids.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use mesa::domain::desk::customers::customers_in_force;
use mesa::domain::desk::{fold_desk, DeskState, ProfileVersion};
use mesa::domain::due_events::due_events;
use mesa::domain::engine::Engine;
use mesa::domain::event::Event;
use mesa::domain::fold::fold_all;
use mesa::domain::ticket::Ticket;
use serde_json::json;

use super::log;
use super::store::{Store, StoreError};

/// The engines of the desk's process versions, built once each.
#[derive(Default)]
pub struct Engines {
    by_version: BTreeMap<String, Option<Engine>>,
}

impl Engines {
    fn of(&mut self, version: &ProfileVersion) -> Option<&Engine> {
        self.by_version
            .entry(version.version.clone())
            .or_insert_with(|| {
                let engine = version.profile().ok().and_then(|p| Engine::new(p).ok());
                if engine.is_none() {
                    log::warn("profile_unusable", json!({"version": version.version}));
                }
                engine
            })
            .as_ref()
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

/// The engine for a ticket: its version, the desk's active version, or the fallback.
fn engine_for<'a>(
    desk: &'a DeskState,
    engines: &'a mut Engines,
    fallback: Option<&'a Engine>,
    ticket: &Ticket,
) -> Option<&'a Engine> {
    let version = desk
        .profiles
        .for_ticket(ticket)
        .or_else(|| desk.profiles.active());
    match version {
        Some(v) => engines.of(v).or(fallback),
        None => fallback,
    }
}

/// Appends what is due at `now` on every active ticket. Returns the counts.
pub fn due_pass(
    store: &mut Store,
    engines: &mut Engines,
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
    for ticket in tickets.iter().filter(|t| t.status.is_active()) {
        pass.tickets += 1;
        let Some(engine) = engine_for(&desk, engines, fallback, ticket) else {
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
