//! The folded state of one ticket. Built only by [`crate::domain::fold`]; never edited directly.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};

use super::clock_mark::ClockMark;
use super::event::{EventId, Resolution, TicketId};
use super::link::TicketLink;
use super::name::Name;
use super::rare_list::RareList;
use super::ticket_fields::Fields;

/// Where a ticket is in its life.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Registered and being worked.
    #[default]
    Open,
    /// Waiting for information from the customer: the restore clock is paused.
    WaitingOnCustomer,
    /// Solved; the customer's verification window is running.
    Resolved,
    Closed,
    /// Refused as outside the support scope ("fuera de alcance").
    Rejected,
}

impl Status {
    pub fn code(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::WaitingOnCustomer => "waiting_on_customer",
            Self::Resolved => "resolved",
            Self::Closed => "closed",
            Self::Rejected => "rejected",
        }
    }

    /// Still needs work or an answer (shown in the queue by default).
    pub fn is_active(self) -> bool {
        matches!(self, Self::Open | Self::WaitingOnCustomer | Self::Resolved)
    }

    pub const ALL: [Status; 5] = [
        Self::Open,
        Self::WaitingOnCustomer,
        Self::Resolved,
        Self::Closed,
        Self::Rejected,
    ];
}

/// A period during which the restore clock did not run. `end == None`: still paused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pause {
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub start: DateTime<Utc>,
    #[serde(default, deserialize_with = "crate::domain::time_text::read")]
    pub end: Option<DateTime<Utc>>,
    pub reason: String,
}

/// A value that changed over time, with when it took effect.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change<T> {
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub at: DateTime<Utc>,
    pub value: T,
}

/// A change whose value is a time (the promised update) reads it as its `at`.
impl<T: crate::domain::time_text::TimeText> crate::domain::time_text::TimeText for Change<T>
where
    Change<T::Text>: serde::de::DeserializeOwned,
{
    type Text = Change<T::Text>;
    fn from_text(text: Self::Text) -> Self {
        Change {
            at: text.at,
            value: T::from_text(text.value),
        }
    }
}

/// Why an event could not be applied to the state it folded into.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConflictReason {
    /// The ticket was already closed, resolved or rejected when this event arrived
    /// (e.g. escalated on one device while closed on another).
    TicketNotActive,
    /// Only a resolved ticket can be verified, rejected by the customer, auto-closed.
    NotResolved,
    /// Only a closed, resolved or rejected ticket can be reopened.
    NotFinished,
    /// The ticket was already being worked when it was rejected as out of scope.
    AlreadyWorked,
    /// A second registration for the same ticket id.
    DuplicateOpen,
}

impl ConflictReason {
    pub fn code(self) -> &'static str {
        match self {
            Self::TicketNotActive => "ticket_not_active",
            Self::NotResolved => "not_resolved",
            Self::NotFinished => "not_finished",
            Self::AlreadyWorked => "already_worked",
            Self::DuplicateOpen => "duplicate_open",
        }
    }
}

/// An event kept in history but not applied, waiting for a person to decide.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    pub event: EventId,
    pub reason: ConflictReason,
    /// The status the ticket had when the event arrived.
    pub status: Status,
    pub resolved: bool,
}

/// A milestone reached during one stay of the ticket in a stage.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReachedMilestone {
    /// The stay: its index in [`Ticket::stage_history`].
    pub stay: usize,
    pub milestone: String,
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub at: DateTime<Utc>,
}

/// The state of a ticket: the deterministic fold of its events.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: TicketId,
    pub number: Box<str>,
    pub profile: Name,
    pub request_kind: Name,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<Name>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Name>,
    pub customer: Name,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site: Option<Name>,
    pub description: Box<str>,
    #[serde(default, skip_serializing_if = "Fields::is_empty")]
    pub fields: Fields,
    #[serde(default, skip_serializing_if = "RareList::is_empty")]
    pub checklist: RareList<String>,
    pub status: Status,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Name>,
    pub level: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<Name>,
    pub opened_by: Name,
    /// Registration time (the opening event's clock).
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub opened_at: DateTime<Utc>,
    /// When the customer reported it (defaults to `opened_at`): clocks start here.
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub reported_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub updated_at: DateTime<Utc>,
    #[serde(deserialize_with = "exact")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub severity_history: Vec<Change<Option<Name>>>,
    #[serde(default, skip_serializing_if = "RareList::is_empty")]
    pub stage_history: RareList<Change<Name>>,
    #[serde(default, skip_serializing_if = "RareList::is_empty")]
    pub level_history: RareList<Change<u8>>,
    #[serde(deserialize_with = "exact")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pauses: Vec<Pause>,
    /// First customer-visible answer (comment or resolution).
    #[serde(default, deserialize_with = "crate::domain::time_text::read")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_response_at: Option<DateTime<Utc>>,
    /// Every customer-visible update, in order.
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub customer_updates: Vec<DateTime<Utc>>,
    /// The latest next-update time promised in writing, and when it was promised.
    ///
    /// This and the other values few tickets have (`dispatch`, `workaround`) are boxed: an
    /// absent one takes 4 bytes instead of 24 in each of the desk's tickets held (issue #21).
    #[serde(default, deserialize_with = "crate::domain::time_text::read")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promised_update: Option<Box<Change<DateTime<Utc>>>>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub escalations: u32,
    /// The site and city class of the last dispatch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dispatch: Option<Box<(String, String)>>,
    /// When field staff were last dispatched (the dispatch agreed): the travel counts from here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub dispatched_at: Option<DateTime<Utc>>,
    /// The milestones reached in each stay in a stage (P3: on site, field solution).
    #[serde(default, skip_serializing_if = "RareList::is_empty")]
    pub milestones: RareList<ReachedMilestone>,
    /// Service restored with a workaround before the final fix (P5): the workaround applied and
    /// when (the first time; cleared when the ticket is reopened).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workaround: Option<Box<Change<String>>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    #[serde(default, deserialize_with = "crate::domain::time_text::read")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolved_at: Option<DateTime<Utc>>,
    /// The message telling the customer of the current resolution (queued by a rule on
    /// `resolve`, with someone to send it to), and when it was sent: the customer's
    /// verification window counts from then (see [`crate::domain::due::verification_ends`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution_notice: Option<EventId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub solution_notified_at: Option<DateTime<Utc>>,
    /// The end of the verification window the customer was last reminded of.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::domain::time_text::read")]
    pub verification_reminded: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "crate::domain::time_text::read")]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_at: Option<DateTime<Utc>>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub auto_closed: bool,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub reopen_count: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rejection_reason: Option<Box<str>>,
    #[serde(default, skip_serializing_if = "RareList::is_empty")]
    pub articles: RareList<String>,
    /// The knowledge-base article linked as the solution of the current resolution (cleared
    /// when the customer rejects it or the ticket is reopened).
    #[serde(default)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub solution_article: Option<Box<str>>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub attachments: u32,
    /// Messages the customer wrote on the ticket (e-mails read by the agent).
    #[serde(default)]
    #[serde(skip_serializing_if = "is_zero")]
    pub customer_messages: u32,
    /// Queued notifications, one per key (a replayed change's duplicate is not listed).
    #[serde(default, skip_serializing_if = "RareList::is_empty")]
    pub notifications_queued: RareList<EventId>,
    /// The keys of the queued notifications (see [`crate::domain::event::Notification::key`]).
    #[serde(default)]
    #[serde(skip_serializing_if = "RareList::is_empty")]
    pub notification_keys: RareList<String>,
    #[serde(default, skip_serializing_if = "RareList::is_empty")]
    pub notifications_sent: RareList<EventId>,
    /// Clock warnings/breaches (and rules' marks) already recorded.
    #[serde(default, skip_serializing_if = "RareList::is_empty")]
    pub clock_marks: RareList<ClockMark>,
    #[serde(default, skip_serializing_if = "RareList::is_empty")]
    pub conflicts: RareList<Conflict>,
    /// Number of distinct events folded.
    pub event_count: u32,
    /// The process profile version in force when the ticket was opened, as its opening event
    /// records it (none on tickets opened before profile versions existed: see
    /// [`crate::domain::desk::ProfileVersions::for_ticket`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile_version: Option<Name>,
    /// Registered although the customer's contract did not cover the day reported: the reason
    /// recorded (P2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside_contract: Option<Box<str>>,
    /// Tickets a person linked this one to (each other ticket and relation once, in order).
    #[serde(default, skip_serializing_if = "RareList::is_empty")]
    pub links: RareList<TicketLink>,
}

/// A count left out of the stored projection while it is zero (with the other empty values:
/// the list of 100,000 tickets is read from fewer bytes, #21).
fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// A list read at its exact length. A vector deserialized grows by doubling (a ticket's one
/// pause held room for four), and every ticket of the desk is held in memory (issue #21).
fn exact<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Vec<T>, D::Error> {
    let mut list = Vec::deserialize(d)?;
    list.shrink_to_fit();
    Ok(list)
}

impl Ticket {
    /// Conflicts still waiting for a person.
    pub fn open_conflicts(&self) -> impl Iterator<Item = &Conflict> {
        self.conflicts.iter().filter(|c| !c.resolved)
    }

    /// True while the restore clock is paused.
    pub fn is_paused(&self) -> bool {
        self.pauses.last().is_some_and(|p| p.end.is_none())
    }

    /// When the milestone was reached in the ticket's `stay` in a stage, if it was.
    pub fn milestone_reached(&self, stay: usize, milestone: &str) -> Option<DateTime<Utc>> {
        self.milestones
            .iter()
            .find(|m| m.stay == stay && m.milestone == milestone)
            .map(|m| m.at)
    }

    /// The functional level the ticket started at: the one confirmed at registration (P2),
    /// else the first.
    pub fn starting_level(&self) -> u8 {
        self.level_history
            .first()
            .filter(|c| c.at == self.opened_at)
            .map_or(1, |c| c.value)
    }

    pub fn is_outside_contract(&self) -> bool {
        self.outside_contract.is_some()
    }
}
