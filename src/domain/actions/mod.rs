//! What a person can do to a ticket now, and the events those actions make.
//!
//! [`allowed_actions`] answers "which buttons does this ticket show": exactly the actions whose
//! events the fold ([`crate::domain::fold`]) accepts in the ticket's current status, narrowed by
//! what the process profile defines (no dispatch without field work, no customer escalation
//! without a path...). Each action has a builder that turns plain form inputs into the
//! [`EventKind`] to stamp, or every [`ActionProblem`] at once.
//!
//! ```
//! use mesa::domain::actions::{allowed_actions, wait_on_customer, Action};
//! use mesa::domain::profile::{preset, ProcessProfile};
//! use mesa::domain::ticket::{Status, Ticket};
//!
//! let profile = ProcessProfile::from_json(preset("p5-megaport").unwrap()).unwrap();
//! let ticket = Ticket { status: Status::Open, level: 1, ..Ticket::default() };
//! let actions = allowed_actions(&ticket, &profile);
//! assert!(actions.contains(&Action::WaitOnCustomer));
//! assert!(!actions.contains(&Action::Reopen));
//! assert!(wait_on_customer("  ").is_err()); // a pause needs its reason
//! ```

use serde::{Deserialize, Serialize};

use crate::domain::engine::Engine;
use crate::domain::event::{Attachment, Escalation, EventId, EventKind, Resolution};
use crate::domain::milestone::next_milestone;
use crate::domain::profile::{Contact, ProcessProfile, SeverityRule, Stage};
use crate::domain::registration::ResolutionDraft;
use crate::domain::ticket::{Status, Ticket};

mod builders;
mod customer_link;
mod stage_rules;
pub use builders::*;
pub use customer_link::{link_customer, may_link_customer};
pub use stage_rules::*;

/// Something a person can do to a ticket.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Classify,
    ChangeSeverity,
    Assign,
    MoveStage,
    Escalate,
    /// "Remitir caso": the customer asks to escalate (P5).
    CustomerEscalation,
    Dispatch,
    /// A milestone of the current stage reached (P3: the technician on site, the field solution).
    ReachMilestone,
    /// "Servicio restablecido con alternativa" (P5): the service works again, the fix is pending.
    RestoreWithWorkaround,
    WaitOnCustomer,
    Resume,
    PromiseUpdate,
    Comment,
    Attach,
    Resolve,
    CustomerVerify,
    CustomerReject,
    Close,
    RejectOutOfScope,
    Reopen,
    ResolveConflict,
    /// Links a customer typed at registration to one on file (see [`may_link_customer`]).
    LinkCustomer,
}

impl Action {
    /// Every action, in the order a ticket page lists them.
    pub const ALL: [Action; 22] = [
        Self::Comment,
        Self::Assign,
        Self::Classify,
        Self::ChangeSeverity,
        Self::MoveStage,
        Self::Escalate,
        Self::CustomerEscalation,
        Self::Dispatch,
        Self::ReachMilestone,
        Self::PromiseUpdate,
        Self::WaitOnCustomer,
        Self::Resume,
        Self::Attach,
        Self::RestoreWithWorkaround,
        Self::Resolve,
        Self::CustomerVerify,
        Self::CustomerReject,
        Self::Close,
        Self::RejectOutOfScope,
        Self::Reopen,
        Self::ResolveConflict,
        Self::LinkCustomer,
    ];

    /// A stable code for locale keys and test ids.
    pub fn code(self) -> &'static str {
        match self {
            Self::Classify => "classify",
            Self::ChangeSeverity => "change_severity",
            Self::Assign => "assign",
            Self::MoveStage => "move_stage",
            Self::Escalate => "escalate",
            Self::CustomerEscalation => "customer_escalation",
            Self::Dispatch => "dispatch",
            Self::ReachMilestone => "reach_milestone",
            Self::RestoreWithWorkaround => "restore_with_workaround",
            Self::WaitOnCustomer => "wait_on_customer",
            Self::Resume => "resume",
            Self::PromiseUpdate => "promise_update",
            Self::Comment => "comment",
            Self::Attach => "attach",
            Self::Resolve => "resolve",
            Self::CustomerVerify => "customer_verify",
            Self::CustomerReject => "customer_reject",
            Self::Close => "close",
            Self::RejectOutOfScope => "reject_out_of_scope",
            Self::Reopen => "reopen",
            Self::ResolveConflict => "resolve_conflict",
            Self::LinkCustomer => "link_customer",
        }
    }
}

/// What is wrong with one input of an action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Issue {
    Required,
    /// Not one of the values the profile offers here.
    NotAnOption,
    /// The same value the ticket already has.
    Unchanged,
    /// A promised time that is not after now.
    NotInFuture,
    /// Not a whole number of minutes.
    NotANumber,
    /// The customer escalation path has no level above the ticket's.
    TopOfPath,
    /// The stage the ticket is in needs fields filled before it is left (named in
    /// [`ActionProblem::missing`]).
    MissingToLeave,
    /// The chosen stage needs fields filled before it is entered (named in
    /// [`ActionProblem::missing`]).
    MissingToEnter,
    /// No ticket on this device has that number.
    NotFound,
    /// The ticket itself where another one is needed.
    SameTicket,
}

impl Issue {
    /// Every code [`Issue::code`] can return (for checking the locale files).
    pub const CODES: &'static [&'static str] = &[
        "required",
        "not_an_option",
        "unchanged",
        "not_in_future",
        "not_a_number",
        "top_of_path",
        "missing_to_leave",
        "missing_to_enter",
        "not_found",
        "same_ticket",
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::NotAnOption => "not_an_option",
            Self::Unchanged => "unchanged",
            Self::NotInFuture => "not_in_future",
            Self::NotANumber => "not_a_number",
            Self::TopOfPath => "top_of_path",
            Self::MissingToLeave => "missing_to_leave",
            Self::MissingToEnter => "missing_to_enter",
            Self::NotFound => "not_found",
            Self::SameTicket => "same_ticket",
        }
    }
}

/// An issue and the input it belongs to (`reason`, `severity`, `root_cause`...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionProblem {
    pub field: String,
    pub issue: Issue,
    /// The ticket fields the issue is about, by id (the stage rules name what is missing).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub missing: Vec<String>,
}

impl ActionProblem {
    pub fn new(field: impl Into<String>, issue: Issue) -> Self {
        Self {
            field: field.into(),
            issue,
            missing: Vec::new(),
        }
    }

    /// A problem naming the ticket fields it is about.
    pub fn naming(field: impl Into<String>, issue: Issue, missing: Vec<String>) -> Self {
        Self {
            missing,
            ..Self::new(field, issue)
        }
    }
}

/// The result of an action builder: the event to stamp, or every problem.
pub type Built<T = EventKind> = Result<T, Vec<ActionProblem>>;

fn blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn required(field: &str, value: &str, out: &mut Vec<ActionProblem>) -> String {
    if blank(value) {
        out.push(ActionProblem::new(field, Issue::Required));
    }
    value.trim().to_string()
}

fn done<T>(value: T, problems: Vec<ActionProblem>) -> Built<T> {
    if problems.is_empty() {
        Ok(value)
    } else {
        Err(problems)
    }
}

/// Open or waiting on the customer: the statuses in which the ticket is being worked.
fn is_active(ticket: &Ticket) -> bool {
    matches!(ticket.status, Status::Open | Status::WaitingOnCustomer)
}

/// Whether the ticket's request kind carries a severity (P5 provisioning does not).
fn has_severity(profile: &ProcessProfile, ticket: &Ticket) -> bool {
    !profile.severities.is_empty()
        && profile
            .kind(&ticket.request_kind)
            .is_none_or(|k| k.severity != SeverityRule::None)
}

/// Whether field work can be dispatched: the profile has on-site support, or stage or milestone
/// targets that depend on the site's city class (P3).
pub fn has_dispatch(profile: &ProcessProfile) -> bool {
    profile.on_site_support
        || profile.stages.iter().any(|s| {
            !s.target_by_city_class.is_empty()
                || s.milestones
                    .iter()
                    .any(|m| !m.target_by_city_class.is_empty())
        })
}

/// Whether the customer escalation path has a level left for this ticket (mirrors
/// [`Engine::next_customer_escalation_level`], which the builder uses).
fn customer_escalation_open(profile: &ProcessProfile, ticket: &Ticket) -> bool {
    let Some(path) = &profile.escalation.customer_escalation else {
        return false;
    };
    ticket.escalations == 0 || path.path.iter().any(|&l| l > ticket.level)
}

/// The actions the ticket accepts now, in [`Action::ALL`] order. Every event an allowed action
/// builds folds without a conflict.
pub fn allowed_actions(ticket: &Ticket, profile: &ProcessProfile) -> Vec<Action> {
    let active = is_active(ticket);
    let status = ticket.status;
    Action::ALL
        .into_iter()
        .filter(|action| match action {
            Action::Comment | Action::Attach => true,
            Action::Assign => active,
            Action::Classify => active && profile.request_kinds.len() > 1,
            Action::ChangeSeverity => active && has_severity(profile, ticket),
            Action::MoveStage => {
                (active || status == Status::Resolved) && !stage_options(profile, ticket).is_empty()
            }
            Action::Escalate => active && !escalation_choices(profile, ticket).is_empty(),
            Action::CustomerEscalation => active && customer_escalation_open(profile, ticket),
            Action::Dispatch => active && has_dispatch(profile),
            Action::ReachMilestone => next_milestone(profile, ticket).is_some(),
            Action::PromiseUpdate => active,
            Action::WaitOnCustomer => status == Status::Open,
            Action::Resume => status == Status::WaitingOnCustomer,
            Action::RestoreWithWorkaround => {
                active && profile.clock_options.workaround_restores && ticket.workaround.is_none()
            }
            Action::Resolve => active,
            Action::CustomerVerify | Action::CustomerReject => status == Status::Resolved,
            // The fold also closes a ticket being worked, but that would skip the closure data
            // the profile requires: a ticket is resolved (with its data) before it is closed.
            Action::Close => status == Status::Resolved,
            Action::RejectOutOfScope => {
                status == Status::Open
                    && ticket.assignee.is_none()
                    && ticket.resolution.is_none()
                    && profile.registration.scope.is_some()
            }
            Action::Reopen => {
                matches!(status, Status::Resolved | Status::Closed | Status::Rejected)
            }
            Action::ResolveConflict => ticket.open_conflicts().next().is_some(),
            // Offered where the desk's customers show the ticket's is not on file.
            Action::LinkCustomer => true,
        })
        .collect()
}

/// The stages the ticket can move to: those of its request kind, except the current one.
pub fn stage_options<'a>(profile: &'a ProcessProfile, ticket: &Ticket) -> Vec<&'a Stage> {
    profile
        .stages
        .iter()
        .filter(|s| s.kinds.is_empty() || s.kinds.iter().any(|k| *k == ticket.request_kind))
        .filter(|s| ticket.stage.as_deref() != Some(s.id.as_str()))
        .collect()
}

/// Where an escalation goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EscalationChoice {
    /// To another functional level (1st level → 2nd level technician...).
    Functional { level: u8 },
    /// Up the hierarchy, to a contact of the escalation directory.
    Hierarchical { level: u8, contact: String },
}

/// Every contact of the directory and of the after-hours line.
fn all_contacts(profile: &ProcessProfile) -> impl Iterator<Item = &Contact> {
    let escalation = &profile.escalation;
    escalation.directory.iter().chain(
        escalation
            .after_hours
            .iter()
            .flat_map(|a| a.contacts.iter()),
    )
}

/// The escalations the ticket can take: the profile's functional levels other than the
/// ticket's, then every contact of the escalation directory.
pub fn escalation_choices(profile: &ProcessProfile, ticket: &Ticket) -> Vec<EscalationChoice> {
    let functional = profile
        .levels
        .iter()
        .filter(|l| l.number != ticket.level)
        .map(|l| EscalationChoice::Functional { level: l.number });
    let hierarchical = all_contacts(profile).map(|c| EscalationChoice::Hierarchical {
        level: c.level,
        contact: c.id.clone(),
    });
    functional.chain(hierarchical).collect()
}
