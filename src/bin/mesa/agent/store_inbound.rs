//! What the agent did with each message of the mailbox it has not marked done yet (the
//! `inbound` table of `agent.sqlite3`), keyed by mailbox (`UIDVALIDITY/folder`) and UID:
//!
//! - `written`: its events are in the log (committed in the same transaction as this row);
//!   the message is marked done once the endpoint acknowledged them all;
//! - `answering`: the answer listing what is missing is about to be handed to the SMTP server
//!   (or was, and the agent stopped before hearing back): sent again with the same Message-ID;
//! - `answered`: that answer was accepted: the message is marked done;
//! - `skipped`: it will not be read (the reason is logged): marked as such.
//!
//! The row goes once the message is marked in the mailbox.

use mesa::domain::event::{Event, EventId};
use rusqlite::params;

use super::store::{err, insert_own_if_new, Store, StoreError};

/// One message in progress.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Inbound {
    pub uid: u32,
    pub state: InboundState,
    /// The events to be acknowledged before it is marked done (`written`).
    pub events: Vec<EventId>,
    /// The answer (its JSON) for `answering`/`answered`; the reason for `skipped`.
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InboundState {
    Written,
    Answering,
    Answered,
    Skipped,
}

impl InboundState {
    fn code(self) -> &'static str {
        match self {
            Self::Written => "written",
            Self::Answering => "answering",
            Self::Answered => "answered",
            Self::Skipped => "skipped",
        }
    }

    fn parse(code: &str) -> Self {
        match code {
            "written" => Self::Written,
            "answering" => Self::Answering,
            "answered" => Self::Answered,
            _ => Self::Skipped,
        }
    }
}

impl Store {
    /// The messages of `mailbox` in progress, by UID.
    pub fn inbound(&self, mailbox: &str) -> Result<Vec<Inbound>, StoreError> {
        let mut statement = self
            .db
            .prepare(
                "SELECT uid, state, events, detail FROM inbound WHERE mailbox = ?1 ORDER BY uid",
            )
            .map_err(err("read inbound"))?;
        let rows = statement
            .query_map([mailbox], |r| {
                let events: String = r.get(2)?;
                Ok(Inbound {
                    uid: r.get(0)?,
                    state: InboundState::parse(&r.get::<_, String>(1)?),
                    events: events
                        .split_whitespace()
                        .map(|id| EventId(id.into()))
                        .collect(),
                    detail: r.get(3)?,
                })
            })
            .map_err(err("read inbound"))?;
        rows.collect::<Result<_, _>>().map_err(err("read inbound"))
    }

    /// Forgets the rows of `folder` under another UIDVALIDITY than `mailbox`'s: their UIDs name
    /// other messages now (the messages themselves are read again, and make the same ids).
    pub fn inbound_forget_others(
        &mut self,
        folder: &str,
        mailbox: &str,
    ) -> Result<usize, StoreError> {
        self.db
            .execute(
                "DELETE FROM inbound WHERE mailbox <> ?1 AND substr(mailbox, instr(mailbox, '/') + 1) = ?2",
                params![mailbox, folder],
            )
            .map_err(err("forget inbound"))
    }

    /// Commits a message's events (the agent's own, chained and signed; an id already stored is
    /// skipped and does not move the chain) with its `written` row, waiting for `acknowledge`.
    pub fn inbound_written(
        &mut self,
        mailbox: &str,
        uid: u32,
        own: &[Event],
        acknowledge: &[EventId],
    ) -> Result<usize, StoreError> {
        let tx = self.db.transaction().map_err(err("begin"))?;
        let mut added = 0;
        for event in own {
            added += insert_own_if_new(&tx, event)?;
        }
        let ids: Vec<&str> = acknowledge.iter().map(EventId::as_str).collect();
        set(&tx, mailbox, uid, InboundState::Written, &ids.join(" "), "")?;
        tx.commit().map_err(err("commit mail in"))?;
        Ok(added)
    }

    /// Records a message's state (no events).
    pub fn inbound_set(
        &mut self,
        mailbox: &str,
        uid: u32,
        state: InboundState,
        detail: &str,
    ) -> Result<(), StoreError> {
        let tx = self.db.transaction().map_err(err("begin"))?;
        set(&tx, mailbox, uid, state, "", detail)?;
        tx.commit().map_err(err("commit mail in"))
    }

    /// The message is marked in the mailbox: its row goes.
    pub fn inbound_done(&mut self, mailbox: &str, uid: u32) -> Result<(), StoreError> {
        self.db
            .execute(
                "DELETE FROM inbound WHERE mailbox = ?1 AND uid = ?2",
                params![mailbox, uid],
            )
            .map(|_| ())
            .map_err(err("write inbound"))
    }

    /// Whether the endpoint acknowledged every one of `ids` (each is stored and none waits in
    /// the outbox).
    pub fn acknowledged(&self, ids: &[EventId]) -> Result<bool, StoreError> {
        for id in ids {
            let pending: Option<bool> = self
                .db
                .query_row(
                    "SELECT pending FROM events WHERE id = ?1",
                    [id.as_str()],
                    |r| r.get(0),
                )
                .map(Some)
                .or_else(|e| match e {
                    rusqlite::Error::QueryReturnedNoRows => Ok(None),
                    e => Err(e),
                })
                .map_err(err("read events"))?;
            if pending != Some(false) {
                return Ok(false);
            }
        }
        Ok(true)
    }
}

fn set(
    tx: &rusqlite::Transaction<'_>,
    mailbox: &str,
    uid: u32,
    state: InboundState,
    events: &str,
    detail: &str,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO inbound (mailbox, uid, state, events, detail) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(mailbox, uid) DO UPDATE SET state = excluded.state,
                                                 events = excluded.events,
                                                 detail = excluded.detail",
        params![mailbox, uid, state.code(), events, detail],
    )
    .map(|_| ())
    .map_err(err("write inbound"))
}
