//! The agent's own state, in SQLite (`--data DIR/agent.sqlite3`): the desk's events (each with
//! an outbox flag), the `_changes` checkpoint, this agent's device id, and what it did with each
//! queued notification. Every write is one transaction, so a kill -9 leaves either all of it or
//! none: pulled events and their checkpoint commit together, a mail's result and the
//! `NotificationSent` event recording it commit together, a message read from the mailbox and
//! the events it became commit together ([`super::store_inbound`]).

use std::path::Path;

use mesa::domain::event::{Event, EventId};
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;

/// An error of the local database, with what the agent was doing.
#[derive(Debug)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "local database: {}", self.0)
    }
}

pub(super) fn err(what: &str) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
    move |e| StoreError(format!("{what}: {e}"))
}

/// What the agent did with one queued notification.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MailState {
    /// About to be handed to the SMTP server (or handed, and the agent stopped before hearing
    /// back): sent again, with the same Message-ID, on the next pass.
    Attempted { message_id: String },
    /// The SMTP server refused it for a reason that will not change (a permanent 5xx).
    Refused { reason: String },
    /// Accepted by the SMTP server; `NotificationSent` is in the log.
    Sent { message_id: String },
}

pub struct Store {
    pub(super) db: Connection,
}

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    ticket_id TEXT NOT NULL,
    doc TEXT NOT NULL,
    pending INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS events_pending ON events(pending) WHERE pending = 1;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS mail (
    notification TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    detail TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS inbound (
    mailbox TEXT NOT NULL,
    uid INTEGER NOT NULL,
    state TEXT NOT NULL,
    events TEXT NOT NULL,
    detail TEXT NOT NULL,
    PRIMARY KEY (mailbox, uid)
);
";

impl Store {
    /// Opens (creating) `DIR/agent.sqlite3`.
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir)
            .map_err(|e| StoreError(format!("cannot create {}: {e}", dir.display())))?;
        let path = dir.join("agent.sqlite3");
        let db = Connection::open(&path).map_err(err("open"))?;
        db.execute_batch("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;")
            .map_err(err("configure"))?;
        db.execute_batch(SCHEMA).map_err(err("create tables"))?;
        Ok(Store { db })
    }

    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        self.db
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()
            .map_err(err("read meta"))
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.db
            .execute(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                params![key, value],
            )
            .map(|_| ())
            .map_err(err("write meta"))
    }

    /// The stored `_changes` cursor for this endpoint (opaque JSON).
    pub fn checkpoint(&self, key: &str) -> Result<Option<Value>, StoreError> {
        Ok(self
            .meta(key)?
            .and_then(|text| serde_json::from_str(&text).ok()))
    }

    /// Commits a pulled page: its events (ids already stored are skipped, never queued to
    /// push) and the checkpoint, in one transaction. Returns how many events were new.
    pub fn store_pulled(
        &mut self,
        events: &[Event],
        key: &str,
        checkpoint: &Value,
    ) -> Result<usize, StoreError> {
        let tx = self.db.transaction().map_err(err("begin"))?;
        let added = insert(&tx, events, false)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, checkpoint.to_string()],
        )
        .map_err(err("write checkpoint"))?;
        tx.commit().map_err(err("commit pulled events"))?;
        Ok(added)
    }

    /// Appends events written here (to push), skipping ids already stored. Returns how many
    /// were new.
    pub fn append_local(&mut self, events: &[Event]) -> Result<usize, StoreError> {
        let tx = self.db.transaction().map_err(err("begin"))?;
        let added = insert(&tx, events, true)?;
        tx.commit().map_err(err("commit appended events"))?;
        Ok(added)
    }

    /// Events not yet acknowledged by the endpoint, oldest first.
    pub fn outbox(&self) -> Result<Vec<Event>, StoreError> {
        self.read_events("SELECT doc FROM events WHERE pending = 1 ORDER BY rowid")
    }

    /// The endpoint stored these: they leave the outbox.
    pub fn ack(&mut self, ids: &[EventId]) -> Result<(), StoreError> {
        let tx = self.db.transaction().map_err(err("begin"))?;
        for id in ids {
            tx.execute("UPDATE events SET pending = 0 WHERE id = ?1", [id.as_str()])
                .map_err(err("acknowledge"))?;
        }
        tx.commit().map_err(err("commit acknowledgment"))
    }

    /// Every stored event (for the folds).
    pub fn events(&self) -> Result<Vec<Event>, StoreError> {
        self.read_events("SELECT doc FROM events ORDER BY rowid")
    }

    pub fn count(&self) -> Result<u64, StoreError> {
        self.db
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
            .map_err(err("count events"))
    }

    fn read_events(&self, sql: &str) -> Result<Vec<Event>, StoreError> {
        let mut statement = self.db.prepare(sql).map_err(err("read events"))?;
        let rows = statement
            .query_map([], |r| r.get::<_, String>(0))
            .map_err(err("read events"))?;
        let mut out = Vec::new();
        for row in rows {
            let text = row.map_err(err("read events"))?;
            let event: Event = serde_json::from_str(&text)
                .map_err(|e| StoreError(format!("unreadable stored event: {e}")))?;
            out.push(event);
        }
        Ok(out)
    }

    pub fn mail_state(&self, notification: &EventId) -> Result<Option<MailState>, StoreError> {
        let row: Option<(String, String)> = self
            .db
            .query_row(
                "SELECT state, detail FROM mail WHERE notification = ?1",
                [notification.as_str()],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
            .map_err(err("read mail state"))?;
        Ok(row.map(|(state, detail)| match state.as_str() {
            "sent" => MailState::Sent { message_id: detail },
            "refused" => MailState::Refused { reason: detail },
            _ => MailState::Attempted { message_id: detail },
        }))
    }

    /// Durably records that the message is about to be handed to the SMTP server.
    pub fn mail_attempted(
        &mut self,
        notification: &EventId,
        message_id: &str,
    ) -> Result<(), StoreError> {
        self.set_mail(notification, "attempted", message_id, None)
    }

    /// The SMTP server refused the message for good.
    pub fn mail_refused(&mut self, notification: &EventId, reason: &str) -> Result<(), StoreError> {
        self.set_mail(notification, "refused", reason, None)
    }

    /// The SMTP server accepted the message: its state and the `NotificationSent` event that
    /// records it (to push) commit together.
    pub fn mail_sent(
        &mut self,
        notification: &EventId,
        message_id: &str,
        event: &Event,
    ) -> Result<(), StoreError> {
        self.set_mail(notification, "sent", message_id, Some(event))
    }

    fn set_mail(
        &mut self,
        notification: &EventId,
        state: &str,
        detail: &str,
        event: Option<&Event>,
    ) -> Result<(), StoreError> {
        let tx = self.db.transaction().map_err(err("begin"))?;
        tx.execute(
            "INSERT INTO mail (notification, state, detail) VALUES (?1, ?2, ?3)
             ON CONFLICT(notification) DO UPDATE SET state = excluded.state,
                                                     detail = excluded.detail",
            params![notification.as_str(), state, detail],
        )
        .map_err(err("write mail state"))?;
        if let Some(event) = event {
            // Sealed only when new: a mail recorded again (same id) must not move the chain.
            insert_own_if_new(&tx, event)?;
        }
        tx.commit().map_err(err("commit mail state"))
    }
}

/// Seals (chains and signs) and stores one of the agent's own events, unless its id is stored
/// already: written again, it must not move the chain. How many events were added (0 or 1).
pub(super) fn insert_own_if_new(
    tx: &rusqlite::Transaction<'_>,
    event: &Event,
) -> Result<usize, StoreError> {
    let stored: bool = tx
        .query_row(
            "SELECT EXISTS(SELECT 1 FROM events WHERE id = ?1)",
            [event.id.as_str()],
            |r| r.get(0),
        )
        .map_err(err("read events"))?;
    if stored {
        return Ok(0);
    }
    insert(tx, &super::signer::seal_own(tx, event)?, true)
}

pub(super) fn insert(
    tx: &rusqlite::Transaction<'_>,
    events: &[Event],
    pending: bool,
) -> Result<usize, StoreError> {
    let mut statement = tx
        .prepare_cached(
            "INSERT OR IGNORE INTO events (id, ticket_id, doc, pending) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(err("write events"))?;
    let mut added = 0;
    for event in events {
        let doc = serde_json::to_string(event)
            .map_err(|e| StoreError(format!("cannot encode event {}: {e}", event.id.as_str())))?;
        added += statement
            .execute(params![
                event.id.as_str(),
                event.ticket_id.as_str(),
                doc,
                i64::from(pending)
            ])
            .map_err(err("write events"))?;
    }
    Ok(added)
}
