//! Mail in (#17): what an e-mail read from the desk's mailbox does to the desk, as plain
//! functions. `mesa agent` reads the mailbox and parses the message into an [`InboundMail`];
//! nothing here does I/O.
//!
//! - [`route`]: a message whose thread (In-Reply-To, References) reaches a message the desk sent
//!   for a ticket or one the customer sent on it, or whose subject names a ticket number, is the
//!   customer writing on that ticket ([`EventKind::CustomerWrote`](crate::domain::event::EventKind::CustomerWrote));
//! - [`intake`]: any other message is a report through the profile's e-mail channel: the
//!   registration draft it makes (the sender, the subject and body, the desk's customer whose
//!   contact wrote, the `Label: value` lines it has) and, when the profile's mandatory data are
//!   not all there, what is missing, by the labels the customer knows;
//! - [`events`]: the events it becomes, with ids derived from the message (its Message-ID, or
//!   its place in the mailbox when it has none), so reading it again after a crash, or by
//!   another agent, writes the same events and the endpoint keeps one ticket.

pub mod events;
pub mod form;
pub mod intake;
pub mod route;

use chrono::{DateTime, Utc};

use crate::domain::desk::derived_id::event_id;
use crate::domain::event::EventId;

pub use events::{take_in, DeskView, Outcome};
pub use route::Threads;

/// An e-mail as the desk reads it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InboundMail {
    /// What identifies the message: see [`mail_key`].
    pub key: String,
    /// Its Message-ID (`<id@host>`, see [`message_id`]).
    pub message_id: Option<String>,
    pub from_address: String,
    pub from_name: Option<String>,
    pub subject: String,
    /// The text of the body (an HTML-only message's text).
    pub text: String,
    pub date: Option<DateTime<Utc>>,
    /// The messages it answers: In-Reply-To, then References from the newest to the oldest.
    pub references: Vec<String>,
    /// The names of its attachments (not imported; they stay in the mailbox).
    pub attachments: Vec<String>,
}

impl InboundMail {
    /// `Name <address>`, or the address alone.
    pub fn from_line(&self) -> String {
        match self.from_name.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => format!("{name} <{}>", self.from_address),
            _ => self.from_address.clone(),
        }
    }
}

/// A Message-ID as `<id@host>`: trimmed, with its angle brackets; `None` for an empty one or
/// one that is not a single token of a sensible length.
///
/// ```
/// use mesa::domain::mail_in::message_id;
/// assert_eq!(message_id(" <a1@x.example> "), Some("<a1@x.example>".into()));
/// assert_eq!(message_id("a1@x.example"), Some("<a1@x.example>".into()));
/// assert_eq!(message_id("<>"), None);
/// assert_eq!(message_id("two words"), None);
/// ```
pub fn message_id(raw: &str) -> Option<String> {
    let id = raw
        .trim()
        .trim_start_matches('<')
        .trim_end_matches('>')
        .trim();
    let fine = !id.is_empty() && id.len() <= 250 && !id.contains(char::is_whitespace);
    fine.then(|| format!("<{id}>"))
}

/// The key of a message: its Message-ID, else its place in the mailbox (folder, UIDVALIDITY and
/// UID never name another message).
///
/// ```
/// use mesa::domain::mail_in::mail_key;
/// assert_eq!(mail_key(Some("<a1@x.example>"), "INBOX", 7, 42), "<a1@x.example>");
/// assert_eq!(mail_key(None, "INBOX", 7, 42), "imap:INBOX/7/42");
/// ```
pub fn mail_key(message_id: Option<&str>, folder: &str, uidvalidity: u32, uid: u32) -> String {
    match message_id {
        Some(id) => id.to_string(),
        None => format!("imap:{folder}/{uidvalidity}/{uid}"),
    }
}

/// The id of the ticket a message opened (its opening event).
pub fn opening_id(key: &str) -> EventId {
    event_id(&["mail-in", "open", key])
}

/// The id of the customer's message on a ticket.
pub fn update_id(key: &str) -> EventId {
    event_id(&["mail-in", "update", key])
}

/// The id of the answer to a message: the acknowledgment queued on the ticket it opened, or the
/// local part of the Message-ID of the answer listing what is missing.
pub fn answer_id(key: &str) -> EventId {
    event_id(&["mail-in", "answer", key])
}

/// The id of a stage a registration entered on the ticket a message opened.
pub fn stage_move_id(key: &str, stage: &str) -> EventId {
    event_id(&["mail-in", "stage", key, stage])
}

/// The id of a message a profile rule queues for the ticket a message opened.
pub fn rule_message_id(key: &str, rule: &str) -> EventId {
    event_id(&["mail-in", "rule", key, rule])
}
