//! Mail in (#17): the new messages of the IMAP folder become events in each pass, after the
//! pull and before the mail out (so the answers go out in the same pass).
//!
//! A message is new while it is unread (no `\Seen`) and not skipped before (no `$MesaSkipped`
//! keyword, where the folder keeps keywords). The agent reads it with `BODY.PEEK[]` (which
//! leaves it unread), so it is marked only when its work is done:
//! - its events (an update on a ticket, or a ticket opened with its acknowledgment queued,
//!   see [`mesa::domain::mail_in`]) commit with its `written` row; it gets `\Seen` once the
//!   endpoint acknowledged them all (after the push that follows, or in a later pass);
//! - the answer listing what is missing is mailed (attempt recorded before, result after, as
//!   in [`super::mail`]) and then it gets `\Seen`;
//! - a message it will not read (over [`MAX_MESSAGE`] bytes, unreadable, hostile, automatic) is
//!   logged with the reason and gets `$MesaSkipped` (it stays unread for a person), or `\Seen`
//!   where the folder keeps no keywords.
//!
//! A crash between the commit and the mark reads the message again: its ids are derived from it,
//! so it writes nothing new (see [`store_inbound`](super::store_inbound)).

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use mesa::domain::desk::customers::customers_in_force;
use mesa::domain::desk::fold_desk;
use mesa::domain::engine::Engine;
use mesa::domain::event::Notification;
use mesa::domain::mail_in::{opening_id, take_in, update_id, DeskView, Outcome, Threads};
use serde_json::json;

use super::due::EngineCache;
use super::imap::{Folder, ImapError, Session};
use super::log;
use super::mail::{Mailer, SendError};
use super::message::{self, Place};
use super::options::ImapOptions;
use super::store::{Store, StoreError};
use super::store_inbound::{Inbound, InboundState};

/// The largest message read (its `RFC822.SIZE`); larger ones are skipped.
pub const MAX_MESSAGE: usize = 10 << 20;
/// The keyword of the messages the agent skipped.
pub const SKIPPED: &str = "$MesaSkipped";
/// The rule id of the answer listing what is missing (it is no notification of a ticket).
const MISSING_RULE: &str = "faltan_datos";

/// Why mail in stopped.
#[derive(Debug)]
pub enum InboxError {
    Imap(ImapError),
    Store(StoreError),
}

impl From<ImapError> for InboxError {
    fn from(e: ImapError) -> Self {
        Self::Imap(e)
    }
}

impl From<StoreError> for InboxError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

/// What one pass did.
#[derive(Debug, Default)]
pub struct InPass {
    pub read: usize,
    pub opened: usize,
    pub updates: usize,
    pub answered: usize,
    pub skipped: usize,
    pub marked: usize,
    /// Answers that could not be mailed now (tried again in the next pass).
    pub failed: usize,
    /// Events written.
    pub wrote: usize,
}

struct Open {
    session: Session,
    folder: Folder,
    /// `UIDVALIDITY/folder`: the key of the local rows.
    mailbox: String,
}

/// The desk's mailbox.
pub struct Inbox {
    options: ImapOptions,
    timeout: Duration,
    open: Option<Open>,
}

impl Inbox {
    pub fn new(options: ImapOptions, timeout: Duration) -> Self {
        Self {
            options,
            timeout,
            open: None,
        }
    }

    /// Connects, logs in and selects the folder, unless it is open (a server that cannot be
    /// reached is tried three times, 1 and 2 s apart; a refused login is not tried again).
    fn open(&mut self, store: &mut Store) -> Result<&mut Open, InboxError> {
        if self.open.is_none() {
            let mut tries = 0;
            let mut session = loop {
                match Session::open(&self.options, self.timeout, MAX_MESSAGE) {
                    Err(ImapError::Unavailable(why)) if tries < 2 => {
                        tries += 1;
                        log::warn("mail_in_retry", json!({ "reason": why, "try": tries }));
                        std::thread::sleep(Duration::from_secs(tries));
                    }
                    other => break other?,
                }
            };
            let folder = session.select(&self.options.folder)?;
            let mailbox = format!("{}/{}", folder.uidvalidity, self.options.folder);
            let forgotten = store.inbound_forget_others(&self.options.folder, &mailbox)?;
            if forgotten > 0 {
                log::warn(
                    "mail_in_uidvalidity",
                    json!({"folder": self.options.folder, "forgotten": forgotten,
                           "reason": "the folder's UIDVALIDITY changed: its messages are read again"}),
                );
            }
            self.open = Some(Open {
                session,
                folder,
                mailbox,
            });
        }
        Ok(self.open.as_mut().expect("opened above"))
    }

    /// Logs out (after the pass).
    pub fn close(&mut self) {
        if let Some(open) = self.open.take() {
            open.session.logout();
        }
    }

    /// Marks done the messages whose work is done: events acknowledged, answer mailed, or
    /// skipped. Returns how many.
    pub fn finish(&mut self, store: &mut Store) -> Result<usize, InboxError> {
        let open = self.open(store)?;
        let mut marked = 0;
        for row in store.inbound(&open.mailbox)? {
            let flags = match row.state {
                InboundState::Written if store.acknowledged(&row.events)? => "\\Seen",
                InboundState::Answered => "\\Seen",
                InboundState::Skipped if open.folder.keywords => SKIPPED,
                InboundState::Skipped => "\\Seen",
                InboundState::Written | InboundState::Answering => continue,
            };
            open.session.add_flags(row.uid, flags)?;
            store.inbound_done(&open.mailbox, row.uid)?;
            log::info("mail_in_marked", json!({"uid": row.uid, "flags": flags}));
            marked += 1;
        }
        Ok(marked)
    }

    /// Reads the folder's new messages into events and answers.
    pub fn read_pass(
        &mut self,
        store: &mut Store,
        engines: &mut EngineCache,
        fallback: Option<&Engine>,
        mailer: &Mailer,
        device: &str,
    ) -> Result<InPass, InboxError> {
        let started = Instant::now();
        let mut pass = InPass {
            marked: self.finish(store)?,
            ..InPass::default()
        };
        let folder_name = self.options.folder.clone();
        let open = self.open(store)?;
        let criteria = match open.folder.keywords {
            true => format!("UNSEEN UNKEYWORD {SKIPPED}"),
            false => "UNSEEN".to_string(),
        };
        let unread = open.session.search(&criteria)?;
        let rows: BTreeMap<u32, Inbound> = store
            .inbound(&open.mailbox)?
            .into_iter()
            .map(|r| (r.uid, r))
            .collect();
        for row in rows.values().filter(|r| r.state == InboundState::Answering) {
            answer_again(store, &open.mailbox, row, mailer, &mut pass)?;
        }
        let new: Vec<u32> = unread
            .into_iter()
            .filter(|u| !rows.contains_key(u))
            .collect();
        if !new.is_empty() {
            let events = store.events()?;
            let desk = fold_desk(&events);
            let customers = customers_in_force(&desk.customers);
            let Some(engines) = engines.engines(&desk, fallback) else {
                log::warn(
                    "mail_in_waiting",
                    json!({"messages": new.len(),
                           "reason": "the desk has published no process and no --profile was given"}),
                );
                return Ok(pass);
            };
            let engine = engines.active();
            let version = desk
                .profiles
                .active()
                .filter(|v| v.profile().ok().as_ref() == Some(engine.profile()))
                .map(|v| v.version.clone());
            let view = DeskView {
                engine,
                version: version.as_deref(),
                customers: &customers,
            };
            let mut threads = Threads::new(&events);
            let mut newest = events.iter().map(|e| &e.hlc).max().cloned();
            drop(events);
            for (uid, size) in open.session.sizes(&new)? {
                pass.read += 1;
                let skip = |store: &mut Store, pass: &mut InPass, reason: String| {
                    log::warn("mail_in_skipped", json!({"uid": uid, "reason": reason}));
                    pass.skipped += 1;
                    store.inbound_set(&open.mailbox, uid, InboundState::Skipped, &reason)
                };
                if size > MAX_MESSAGE as u64 {
                    let reason = format!("too large: {size} bytes (at most {MAX_MESSAGE})");
                    skip(store, &mut pass, reason)?;
                    continue;
                }
                let Some(raw) = open.session.message(uid)? else {
                    continue; // gone since the search
                };
                let place = Place {
                    folder: &folder_name,
                    uidvalidity: open.folder.uidvalidity,
                    uid,
                };
                let mail = match message::read(&raw, &place, &mailer.sender_address()) {
                    Ok(mail) => mail,
                    Err(reason) => {
                        skip(store, &mut pass, reason)?;
                        continue;
                    }
                };
                let now = chrono::Utc::now();
                let outcome = take_in(&view, &threads, &mail, device, newest.as_ref(), now);
                let (ticket, events) = match outcome {
                    Outcome::Known { ticket } => {
                        let ids: Vec<_> = [opening_id(&mail.key), update_id(&mail.key)]
                            .into_iter()
                            .filter(|id| threads.knows(id).is_some())
                            .collect();
                        store.inbound_written(&open.mailbox, uid, &[], &ids)?;
                        log::info(
                            "mail_in_known",
                            json!({"uid": uid, "ticket": threads.number(&ticket),
                                   "reason": "read before: its events are in the desk"}),
                        );
                        continue;
                    }
                    Outcome::NoChannel => {
                        let reason = "the desk's process has no e-mail channel".to_string();
                        skip(store, &mut pass, reason)?;
                        continue;
                    }
                    Outcome::Missing {
                        missing,
                        answer,
                        answer_id,
                    } => {
                        let answer = Notification {
                            rule: MISSING_RULE.into(),
                            to: vec![mail.from_address.clone()],
                            subject: answer.subject,
                            body: answer.body,
                            in_reply_to: mail.message_id.clone(),
                            ..Notification::default()
                        };
                        let message_id = mailer.answer_message_id(&answer_id);
                        let detail =
                            json!({"message_id": message_id, "answer": answer}).to_string();
                        log::info(
                            "mail_in_missing",
                            json!({"uid": uid, "missing": missing.len(), "message_id": message_id}),
                        );
                        store.inbound_set(&open.mailbox, uid, InboundState::Answering, &detail)?;
                        let row = Inbound {
                            uid,
                            state: InboundState::Answering,
                            events: Vec::new(),
                            detail,
                        };
                        answer_again(store, &open.mailbox, &row, mailer, &mut pass)?;
                        continue;
                    }
                    Outcome::Update { ticket, events, .. } => {
                        pass.updates += 1;
                        (ticket, events)
                    }
                    Outcome::Opened { ticket, events, .. } => {
                        pass.opened += 1;
                        (ticket, events)
                    }
                };
                let ids: Vec<_> = events.iter().map(|e| e.id.clone()).collect();
                pass.wrote += store.inbound_written(&open.mailbox, uid, &events, &ids)?;
                threads.add(&events);
                newest = events.last().map(|e| e.hlc.clone()).or(newest);
                let action = if ids[0] == opening_id(&mail.key) {
                    "mail_in_opened"
                } else {
                    "mail_in_update"
                };
                log::info(
                    action,
                    json!({"uid": uid, "ticket": threads.number(&ticket), "events": ids.len(),
                           "message_id": mail.message_id}),
                );
            }
        }
        pass.marked += self.finish(store)?;
        log::info(
            "mail_in",
            json!({"read": pass.read, "opened": pass.opened, "updates": pass.updates,
                   "answered": pass.answered, "skipped": pass.skipped, "marked": pass.marked,
                   "ms": started.elapsed().as_millis() as u64}),
        );
        Ok(pass)
    }
}

/// Mails (again) the answer listing what is missing, recorded as `answering` with its
/// Message-ID: `answered` when the server took it, `skipped` when it refused it for good.
fn answer_again(
    store: &mut Store,
    mailbox: &str,
    row: &Inbound,
    mailer: &Mailer,
    pass: &mut InPass,
) -> Result<(), StoreError> {
    let detail: serde_json::Value = serde_json::from_str(&row.detail).unwrap_or_default();
    let message_id = detail["message_id"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    let answer: Option<Notification> = serde_json::from_value(detail["answer"].clone()).ok();
    let Some(answer) = answer.filter(|_| !message_id.is_empty()) else {
        let reason = "its answer could not be read back".to_string();
        return store.inbound_set(mailbox, row.uid, InboundState::Skipped, &reason);
    };
    match mailer.send_answer(&message_id, &answer) {
        Ok(()) => {
            pass.answered += 1;
            log::info(
                "mail_in_answered",
                json!({"uid": row.uid, "message_id": message_id}),
            );
            store.inbound_set(mailbox, row.uid, InboundState::Answered, &row.detail)
        }
        Err(SendError::Permanent(reason)) => {
            log::error(
                "mail_in_answer_refused",
                json!({"uid": row.uid, "reason": reason}),
            );
            let reason = format!("its answer was refused: {reason}");
            store.inbound_set(mailbox, row.uid, InboundState::Skipped, &reason)
        }
        Err(SendError::Transient(reason)) => {
            pass.failed += 1;
            log::warn(
                "mail_in_answer_failed",
                json!({"uid": row.uid, "reason": reason}),
            );
            Ok(())
        }
    }
}
