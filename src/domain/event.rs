//! Events: the one source of truth. Every change to a ticket, and to what the whole desk shares
//! (customers, directory, process profile versions, knowledge base, settings), is an immutable
//! [`Event`]; a ticket's state is the fold of its events (see [`crate::domain::fold`]), the desk's
//! the fold of the desk events (see [`crate::domain::desk`]).
//!
//! ```
//! use mesa::domain::event::{Event, EventId, EventKind, Hlc, Opened};
//! let hlc = Hlc::first(1_767_225_600_000, "tablet-7");
//! let id = EventId::from_parts(hlc.wall_ms, 42);
//! let event = Event::new(id.clone(), id.as_ticket(), hlc, "ana", EventKind::Opened(Opened::default()));
//! assert_eq!(event.device(), "tablet-7");
//! ```

use std::cmp::Ordering;

use chrono::{DateTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};

pub use super::clock_mark::MarkedClock;
use super::customer::Customer;
pub use super::customer_message::CustomerMessage;
use super::desk::change::{
    ArticleDraft, ArticleRevision, ContactPatch, CustomerPatch, PersonPatch, ProfilePublication,
    SettingsPatch,
};
pub use super::event_payloads::{Attachment, Escalation, Opened, Resolution};
use super::evidence::{ChainLink, KeyPublication, KeyRevocation, Signature};
pub use super::hlc::Hlc;
use super::link::TicketLink;
pub use super::notify::notification::Notification;
use super::profile::StageTrigger;
pub use super::ticket_number::ticket_number;

const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// A globally unique event id made offline: a ULID (48-bit milliseconds + 80 random bits, in
/// Crockford base32), so ids sort roughly by creation time and never collide between devices.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct EventId(pub String);

impl EventId {
    /// Builds the id from the creation time and 80 bits of randomness (the caller supplies the
    /// randomness: the browser's `crypto.getRandomValues`, or a seeded generator in tests).
    pub fn from_parts(wall_ms: i64, random: u128) -> Self {
        let value: u128 =
            ((wall_ms.max(0) as u128 & 0xFFFF_FFFF_FFFF) << 80) | (random & ((1u128 << 80) - 1));
        let mut out = [0u8; 26];
        for (i, slot) in out.iter_mut().enumerate() {
            let shift = 5 * (25 - i);
            *slot = CROCKFORD[((value >> shift) & 0x1F) as usize];
        }
        Self(String::from_utf8_lossy(&out).into_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The ticket whose opening event has this id.
    pub fn as_ticket(&self) -> TicketId {
        TicketId(self.0.clone())
    }
}

/// A ticket is identified by the id of the event that opened it.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TicketId(pub String);

impl TicketId {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// One immutable change to one ticket.
///
/// Serialized as `{"id", "ticket_id", "hlc", "actor", "kind", "payload"}` (plus `chain` and
/// `signature` when signed, see [`crate::domain::evidence`]) — the same document is stored in
/// IndexedDB and sent to the sync endpoint (where `id` becomes `_id`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: EventId,
    pub ticket_id: TicketId,
    pub hlc: Hlc,
    /// Who did it (a user name or role); the engine uses "mesa" for events it derives itself.
    pub actor: String,
    #[serde(flatten)]
    pub kind: EventKind,
    /// Evidence (#20): the event's place in its device's hash chain. Absent on events written
    /// before evidence existed, and on those a device without a key writes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chain: Option<ChainLink>,
    /// Evidence (#20): the device's Ed25519 signature over the event's canonical JSON (which
    /// leaves this field out). Absent: the event is "sin firma", never treated as verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signature: Option<Signature>,
}

impl Event {
    pub fn new(
        id: EventId,
        ticket_id: TicketId,
        hlc: Hlc,
        actor: impl Into<String>,
        kind: EventKind,
    ) -> Self {
        Self {
            id,
            ticket_id,
            hlc,
            actor: actor.into(),
            kind,
            chain: None,
            signature: None,
        }
    }

    /// The device that wrote the event (it is part of the hybrid logical clock).
    pub fn device(&self) -> &str {
        &self.hlc.device
    }

    /// When the event happened, by its author's clock.
    pub fn at(&self) -> DateTime<Utc> {
        ms_to_utc(self.hlc.wall_ms)
    }

    /// The total order every device agrees on: by clock, then by id.
    pub fn order(&self, other: &Self) -> Ordering {
        self.hlc
            .cmp(&other.hlc)
            .then_with(|| self.id.cmp(&other.id))
    }
}

/// Milliseconds since the Unix epoch as a UTC time (clamped to chrono's range).
pub fn ms_to_utc(ms: i64) -> DateTime<Utc> {
    Utc.timestamp_millis_opt(ms)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// The closed set of things that can happen to a ticket.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "payload", rename_all = "snake_case")]
pub enum EventKind {
    Opened(Opened),
    Classified {
        request_kind: String,
    },
    SeverityChanged {
        severity: Option<String>,
        reason: String,
    },
    Assigned {
        assignee: String,
    },
    LevelChanged {
        level: u8,
        reason: String,
    },
    StageChanged {
        stage: String,
        /// Set when the move is not a person's choice but the profile's consequence of the event
        /// before it in the same action (the stage is `entered_on` that trigger, see
        /// [`crate::domain::actions::with_stage_moves`]): the fold applies it only where that
        /// event could apply, so an escalation that arrived after a resolution on another device
        /// (kept as a conflict) moves no stage.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        entered_on: Option<StageTrigger>,
    },
    /// A note or an update; `customer_visible` updates count as responses and restart the
    /// update-frequency clock.
    Commented {
        text: String,
        customer_visible: bool,
    },
    /// A next update time promised to the customer in writing (replaces the default frequency).
    UpdatePromised {
        #[serde(deserialize_with = "crate::domain::time_text::read")]
        at: DateTime<Utc>,
    },
    WaitingStarted {
        reason: String,
    },
    WaitingEnded,
    Escalated(Escalation),
    Dispatched {
        site: String,
        city_class: String,
    },
    /// A milestone of the ticket's current stage reached (P3: the technician on site, the field
    /// solution): its clock stops, and the next one's starts.
    MilestoneReached {
        stage: String,
        milestone: String,
    },
    /// Service restored with a workaround (P5 "servicio restablecido con alternativa"): a
    /// milestone of its own before the final fix; where the profile says so
    /// (`clock_options.workaround_restores`) it stops the restore clock.
    RestoredWithWorkaround {
        workaround: String,
    },
    Resolved(Resolution),
    CustomerVerified {
        by: String,
    },
    CustomerRejected {
        reason: String,
    },
    /// The customer's verification window ends soon (the profile's `reminder_before`): the
    /// rules `on: verification_reminder` remind them. `ends` is when the window ends.
    VerificationEnding {
        #[serde(deserialize_with = "crate::domain::time_text::read")]
        ends: DateTime<Utc>,
    },
    /// The verification window passed with no answer from the customer.
    AutoClosed,
    Closed {
        note: String,
    },
    RejectedOutOfScope {
        reason: String,
    },
    Reopened {
        reason: String,
    },
    AttachmentAdded(Attachment),
    /// The customer wrote about the ticket (an e-mail `mesa agent` read from the desk's mailbox):
    /// kept in the history whatever the status; not an answer of the desk, so no clock moves.
    CustomerWrote(CustomerMessage),
    NotificationQueued(Notification),
    /// A queued notification went out: marked sent by a person (sent from their mail program),
    /// or mailed by `mesa agent`, which records the Message-ID the SMTP server accepted.
    NotificationSent {
        notification: EventId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        message_id: Option<String>,
    },
    /// A clock passed its warning threshold, or an escalation rule fired (its mark: see
    /// [`MarkedClock::Rule`]). Written `"clock": "restore"` / `"rule:<id>"`, as always.
    ClockWarned {
        clock: MarkedClock,
        #[serde(deserialize_with = "crate::domain::time_text::read")]
        deadline: DateTime<Utc>,
    },
    ClockBreached {
        clock: MarkedClock,
        #[serde(deserialize_with = "crate::domain::time_text::read")]
        deadline: DateTime<Utc>,
    },
    ArticleLinked {
        article: String,
        as_solution: bool,
    },
    /// A person resolved flagged conflicts; the events stay in history.
    ConflictResolved {
        events: Vec<EventId>,
        note: String,
    },
    /// A person linked this ticket to another (written on both, see [`crate::domain::link`]).
    TicketLinked(TicketLink),
    /// The customer typed at registration, not on file then, linked to the desk's customer of
    /// this name: from now on the ticket's messages, reports and contract checks use that
    /// customer's record. Any status (a closed ticket still counts in its customer's report).
    CustomerLinked {
        customer: String,
    },
    // Desk events: what the whole desk shares besides tickets. Their `ticket_id` is a record key
    // (`customer:<id>`, `directory:<id>`, `person:<id>`, `article:<id>`, `profile`, `settings`; see
    // [`RecordKey`](crate::domain::desk::RecordKey)); they are folded by
    // [`fold_desk`](crate::domain::desk::fold_desk), never as tickets.
    /// A customer company was added (the whole record).
    CustomerCreated(Customer),
    /// Some fields of a customer changed (only the fields given).
    CustomerChanged(CustomerPatch),
    CustomerArchived {
        #[serde(default)]
        reason: String,
    },
    /// A contact of the escalation directory was added or some of its fields changed.
    DirectoryContactSet(ContactPatch),
    DirectoryContactRemoved {
        #[serde(default)]
        reason: String,
    },
    /// A person of the desk (agent, technician) was added or some of their fields changed.
    PersonSet(PersonPatch),
    /// A person of the desk no longer takes tickets (a later set with `active` brings them back).
    PersonDeactivated {
        #[serde(default)]
        reason: String,
    },
    /// A process profile version (the whole JSON text) was published.
    ProfilePublished(ProfilePublication),
    /// A knowledge base article was written (its first revision).
    ArticleWritten(ArticleDraft),
    /// A knowledge base article was revised, from the revisions named in `base`.
    ArticleRevised(ArticleRevision),
    ArticleRetired {
        #[serde(default)]
        reason: String,
    },
    /// The desk's shared settings changed (only the fields given).
    DeskSettingsChanged(SettingsPatch),
    /// A device published the public key it signs with (addressed to `device:<id>`).
    DeviceKeyPublished(KeyPublication),
    /// A lost device's key was revoked (addressed to `device:<id>`).
    DeviceKeyRevoked(KeyRevocation),
}
