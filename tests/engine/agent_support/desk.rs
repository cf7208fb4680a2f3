//! Seeding a desk as a browser writes it, running the built `mesa agent`, and reading the
//! endpoint back.

use std::process::{Command, Output};

use chrono::{DateTime, Utc};
use mesa::domain::desk::change::ProfilePublication;
use mesa::domain::desk::RecordKey;
use mesa::domain::event::*;
use mesa::domain::profile::preset;
use mesa::sync::protocol::{doc_to_event, event_to_doc};

use super::servers::{Couch, TempDir};

/// A browser device writing events at given instants.
pub struct Browser {
    clock: Hlc,
    seq: u128,
}

impl Browser {
    pub fn new(name: &str) -> Self {
        Self {
            clock: Hlc::first(0, name),
            seq: 0,
        }
    }

    pub fn event(
        &mut self,
        ticket: Option<&TicketId>,
        at: DateTime<Utc>,
        kind: EventKind,
    ) -> Event {
        self.clock = self.clock.tick(at.timestamp_millis());
        self.seq += 1;
        let id = EventId::from_parts(self.clock.wall_ms, 0xB0B0_0000 + self.seq);
        let ticket = ticket.cloned().unwrap_or_else(|| id.as_ticket());
        Event::new(id, ticket, self.clock.clone(), "ana", kind)
    }
}

pub fn publish(browser: &mut Browser, at: DateTime<Utc>, preset_id: &str) -> Event {
    let json = preset(preset_id).expect("preset");
    browser.event(
        Some(&RecordKey::Profile.to_ticket_id()),
        at,
        EventKind::ProfilePublished(ProfilePublication::new(json)),
    )
}

pub fn opened(number: &str, kind: &str, customer: &str, version: &str) -> EventKind {
    EventKind::Opened(Opened {
        number: number.into(),
        request_kind: kind.into(),
        customer: customer.into(),
        description: "Sin servicio".into(),
        profile_version: Some(version.into()),
        ..Opened::default()
    })
}

/// A P1 desk (its process published) with one ticket opened 30 hours before `now` and resolved
/// 25 hours before: due to auto-close (P1's verification window is 24 hours).
pub fn resolved_p1(browser: &mut Browser, now: DateTime<Utc>, number: &str) -> Vec<Event> {
    let published = publish(browser, now - chrono::Duration::days(3), "p1-sipo");
    let version = version_of(&published);
    let open = browser.event(
        None,
        now - chrono::Duration::hours(30),
        opened(number, "incidente_api", "ACME", &version),
    );
    let ticket = open.ticket_id.clone();
    let resolved = browser.event(
        Some(&ticket),
        now - chrono::Duration::hours(25),
        EventKind::Resolved(Resolution {
            root_cause: "Certificado vencido".into(),
            solution: "Renovado".into(),
            affected_minutes: Some(60),
            confirmed_by: "CS".into(),
            category: None,
        }),
    );
    vec![published, open, resolved]
}

pub fn version_of(event: &Event) -> String {
    match &event.kind {
        EventKind::ProfilePublished(p) => p.version.clone(),
        _ => panic!("not a publication"),
    }
}

pub fn seed(couch: &Couch, events: &[Event]) {
    let results = couch.bulk_docs(events.iter().map(event_to_doc).collect());
    assert_eq!(results.len(), events.len());
    assert!(results.iter().all(|r| r["ok"] == true), "{results:?}");
}

pub fn endpoint_events(couch: &Couch) -> Vec<Event> {
    couch
        .docs()
        .iter()
        .filter(|d| !d["_id"].as_str().unwrap_or("").starts_with('_'))
        .map(|d| doc_to_event(d).expect("every document is an event"))
        .collect()
}

/// `mesa agent --once` on the desk, with its own data directory.
pub fn agent_command(couch: &Couch, data: &TempDir, extra: &[String]) -> Command {
    let mut command = agent_running(couch, data, extra);
    command.arg("--once");
    command
}

/// `mesa agent` (running until killed) on the desk, with its own data directory.
pub fn agent_running(couch: &Couch, data: &TempDir, extra: &[String]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_mesa"));
    command
        .args(["agent", "--url", &couch.url, "--db", &couch.db, "--data"])
        .arg(&data.0)
        .args(extra);
    command
}

/// Runs one `--once` pass, which must succeed and log one JSON object per line.
pub fn agent(couch: &Couch, data: &TempDir, extra: &[String]) -> Output {
    let output = agent_command(couch, data, extra)
        .output()
        .expect("mesa runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "mesa agent failed ({:?}):\n{stderr}",
        output.status
    );
    // One JSON object per line.
    for line in stderr.lines() {
        let value: serde_json::Value = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("log line is not JSON ({e}): {line}"));
        assert!(value["action"].is_string(), "{line}");
    }
    output
}

pub fn count(events: &[Event], f: impl Fn(&EventKind) -> bool) -> usize {
    events.iter().filter(|e| f(&e.kind)).count()
}
