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

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::engine::Engine;
use super::event::{Attachment, Escalation, EventId, EventKind, Resolution};
use super::profile::{Contact, ProcessProfile, SeverityRule, Stage};
use super::registration::ResolutionDraft;
use super::ticket::{Status, Ticket};

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
}

impl Action {
    /// Every action, in the order a ticket page lists them.
    pub const ALL: [Action; 19] = [
        Self::Comment,
        Self::Assign,
        Self::Classify,
        Self::ChangeSeverity,
        Self::MoveStage,
        Self::Escalate,
        Self::CustomerEscalation,
        Self::Dispatch,
        Self::PromiseUpdate,
        Self::WaitOnCustomer,
        Self::Resume,
        Self::Attach,
        Self::Resolve,
        Self::CustomerVerify,
        Self::CustomerReject,
        Self::Close,
        Self::RejectOutOfScope,
        Self::Reopen,
        Self::ResolveConflict,
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
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Required => "required",
            Self::NotAnOption => "not_an_option",
            Self::Unchanged => "unchanged",
            Self::NotInFuture => "not_in_future",
            Self::NotANumber => "not_a_number",
            Self::TopOfPath => "top_of_path",
        }
    }
}

/// An issue and the input it belongs to (`reason`, `severity`, `root_cause`...).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActionProblem {
    pub field: String,
    pub issue: Issue,
}

impl ActionProblem {
    pub fn new(field: impl Into<String>, issue: Issue) -> Self {
        Self {
            field: field.into(),
            issue,
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

/// Whether field work can be dispatched: the profile has on-site support or stage targets that
/// depend on the site's city class (P3).
pub fn has_dispatch(profile: &ProcessProfile) -> bool {
    profile.on_site_support
        || profile
            .stages
            .iter()
            .any(|s| !s.target_by_city_class.is_empty())
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
            Action::MoveStage => active && !stage_options(profile, ticket).is_empty(),
            Action::Escalate => active && !escalation_choices(profile, ticket).is_empty(),
            Action::CustomerEscalation => active && customer_escalation_open(profile, ticket),
            Action::Dispatch => active && has_dispatch(profile),
            Action::PromiseUpdate => active,
            Action::WaitOnCustomer => status == Status::Open,
            Action::Resume => status == Status::WaitingOnCustomer,
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
        })
        .collect()
}

/// The stages the ticket can move to: those of its request kind, except the current one.
pub fn stage_options<'a>(profile: &'a ProcessProfile, ticket: &Ticket) -> Vec<&'a Stage> {
    profile
        .stages
        .iter()
        .filter(|s| s.kinds.is_empty() || s.kinds.contains(&ticket.request_kind))
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

/// Changes the request kind ("clasificar").
pub fn classify(profile: &ProcessProfile, ticket: &Ticket, kind: &str) -> Built {
    let kind = kind.trim();
    let issue = if kind.is_empty() {
        Some(Issue::Required)
    } else if profile.kind(kind).is_none() {
        Some(Issue::NotAnOption)
    } else if kind == ticket.request_kind {
        Some(Issue::Unchanged)
    } else {
        None
    };
    match issue {
        Some(issue) => Err(vec![ActionProblem::new("request_kind", issue)]),
        None => Ok(EventKind::Classified {
            request_kind: kind.to_string(),
        }),
    }
}

/// Raises or lowers the severity; the reason is recorded in the history.
pub fn change_severity(
    profile: &ProcessProfile,
    ticket: &Ticket,
    severity: &str,
    reason: &str,
) -> Built {
    let mut out = Vec::new();
    let severity = severity.trim();
    if severity.is_empty() {
        out.push(ActionProblem::new("severity", Issue::Required));
    } else if profile.severity(severity).is_none() {
        out.push(ActionProblem::new("severity", Issue::NotAnOption));
    } else if ticket.severity.as_deref() == Some(severity) {
        out.push(ActionProblem::new("severity", Issue::Unchanged));
    }
    let reason = required("reason", reason, &mut out);
    done(
        EventKind::SeverityChanged {
            severity: Some(severity.to_string()),
            reason,
        },
        out,
    )
}

/// Gives the ticket to a person or group.
pub fn assign(ticket: &Ticket, assignee: &str) -> Built {
    let assignee = assignee.trim();
    if assignee.is_empty() {
        return Err(vec![ActionProblem::new("assignee", Issue::Required)]);
    }
    if ticket.assignee.as_deref() == Some(assignee) {
        return Err(vec![ActionProblem::new("assignee", Issue::Unchanged)]);
    }
    Ok(EventKind::Assigned {
        assignee: assignee.to_string(),
    })
}

/// Moves the ticket to another stage of its lifecycle.
pub fn move_stage(profile: &ProcessProfile, ticket: &Ticket, stage: &str) -> Built {
    let stage = stage.trim();
    let issue = if stage.is_empty() {
        Some(Issue::Required)
    } else if ticket.stage.as_deref() == Some(stage) {
        Some(Issue::Unchanged)
    } else if !stage_options(profile, ticket).iter().any(|s| s.id == stage) {
        Some(Issue::NotAnOption)
    } else {
        None
    };
    match issue {
        Some(issue) => Err(vec![ActionProblem::new("stage", issue)]),
        None => Ok(EventKind::StageChanged {
            stage: stage.to_string(),
        }),
    }
}

/// Escalates along the functional levels or up the hierarchy ("Escalar").
pub fn escalate(profile: &ProcessProfile, ticket: &Ticket, choice: &EscalationChoice) -> Built {
    if !escalation_choices(profile, ticket).contains(choice) {
        return Err(vec![ActionProblem::new("escalation", Issue::NotAnOption)]);
    }
    Ok(EventKind::Escalated(match choice {
        EscalationChoice::Functional { level } => Escalation::Functional { level: *level },
        EscalationChoice::Hierarchical { level, contact } => Escalation::Hierarchical {
            level: *level,
            contact: Some(contact.clone()),
        },
    }))
}

/// The customer asks to escalate ("Remitir caso", P5): the escalation to the next level of the
/// path and the notification to that level's contacts.
pub fn customer_escalation(
    engine: &Engine,
    ticket: &Ticket,
    reason: &str,
    now: DateTime<Utc>,
) -> Built<Vec<EventKind>> {
    let reason = reason.trim();
    let Some(spec) = engine.profile().escalation.customer_escalation.as_ref() else {
        return Err(vec![ActionProblem::new("reason", Issue::NotAnOption)]);
    };
    if reason.is_empty() {
        return Err(vec![ActionProblem::new("reason", Issue::Required)]);
    }
    if !spec.reasons.iter().any(|r| r.id == reason) {
        return Err(vec![ActionProblem::new("reason", Issue::NotAnOption)]);
    }
    engine
        .customer_escalation(ticket, reason, now)
        .ok_or_else(|| vec![ActionProblem::new("reason", Issue::TopOfPath)])
}

/// Sends field staff to a site ("despacho"). The city class is required when the profile
/// defines classes (stage targets depend on it).
pub fn dispatch(profile: &ProcessProfile, site: &str, city_class: &str) -> Built {
    let mut out = Vec::new();
    let site = required("site", site, &mut out);
    let city_class = city_class.trim();
    if !profile.city_classes.is_empty() {
        if city_class.is_empty() {
            out.push(ActionProblem::new("city_class", Issue::Required));
        } else if !profile.city_classes.iter().any(|c| c.id == city_class) {
            out.push(ActionProblem::new("city_class", Issue::NotAnOption));
        }
    } else if !city_class.is_empty() {
        out.push(ActionProblem::new("city_class", Issue::NotAnOption));
    }
    done(
        EventKind::Dispatched {
            site,
            city_class: city_class.to_string(),
        },
        out,
    )
}

/// Pauses the restore clock while waiting for the customer ("En espera del cliente").
pub fn wait_on_customer(reason: &str) -> Built {
    let mut out = Vec::new();
    let reason = required("reason", reason, &mut out);
    done(EventKind::WaitingStarted { reason }, out)
}

/// The customer answered ("Reanudar").
pub fn resume() -> EventKind {
    EventKind::WaitingEnded
}

/// A next update time promised to the customer in writing; must be after `now`.
pub fn promise_update(at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Built {
    match at {
        None => Err(vec![ActionProblem::new("at", Issue::Required)]),
        Some(at) if at <= now => Err(vec![ActionProblem::new("at", Issue::NotInFuture)]),
        Some(at) => Ok(EventKind::UpdatePromised { at }),
    }
}

/// A note, or an update to the customer when `customer_visible`.
pub fn comment(text: &str, customer_visible: bool) -> Built {
    let mut out = Vec::new();
    let text = required("text", text, &mut out);
    done(
        EventKind::Commented {
            text,
            customer_visible,
        },
        out,
    )
}

/// Records a file stored beside the events.
pub fn attach(attachment: Attachment) -> Built {
    let mut out = Vec::new();
    required("id", &attachment.id, &mut out);
    required("name", &attachment.name, &mut out);
    done(EventKind::AttachmentAdded(attachment), out)
}

/// The minutes typed in a form: empty is none, otherwise a whole number.
pub fn parse_minutes(text: &str) -> Result<Option<u32>, Issue> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u32>().map(Some).map_err(|_| Issue::NotANumber)
}

/// Resolves the ticket with its closure data, checked against the profile's required fields.
pub fn resolve(profile: &ProcessProfile, draft: &ResolutionDraft) -> Built {
    let out: Vec<ActionProblem> = match profile.validate_closure(draft) {
        Ok(()) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .map(|p| ActionProblem::new(p.field, Issue::Required))
            .collect(),
    };
    done(
        EventKind::Resolved(Resolution {
            root_cause: draft.root_cause.trim().to_string(),
            solution: draft.solution.trim().to_string(),
            affected_minutes: draft.affected_minutes,
            confirmed_by: draft.confirmed_by.trim().to_string(),
        }),
        out,
    )
}

/// The resolution form as typed: the minutes are text until checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResolveForm {
    pub root_cause: String,
    pub solution: String,
    pub affected_minutes: String,
    pub confirmed_by: String,
}

/// [`resolve`] from the typed form: a malformed number and the missing fields are reported
/// together.
pub fn resolve_form(profile: &ProcessProfile, form: &ResolveForm) -> Built {
    let (minutes, mut out) = match parse_minutes(&form.affected_minutes) {
        Ok(m) => (m, Vec::new()),
        Err(issue) => (None, vec![ActionProblem::new("affected_minutes", issue)]),
    };
    let draft = ResolutionDraft {
        root_cause: form.root_cause.clone(),
        solution: form.solution.clone(),
        affected_minutes: minutes,
        confirmed_by: form.confirmed_by.clone(),
    };
    match resolve(profile, &draft) {
        Ok(kind) if out.is_empty() => Ok(kind),
        Ok(_) => Err(out),
        Err(problems) => {
            // A malformed number already has its problem: it is not also "missing".
            let typed = !blank(&form.affected_minutes);
            out.extend(
                problems
                    .into_iter()
                    .filter(|p| !typed || p.field != "affected_minutes"),
            );
            Err(out)
        }
    }
}

/// The customer confirmed the solution (names the person who confirms).
pub fn customer_verify(by: &str) -> Built {
    let mut out = Vec::new();
    let by = required("by", by, &mut out);
    done(EventKind::CustomerVerified { by }, out)
}

/// The customer says the solution does not work: the ticket is worked again.
pub fn customer_reject(reason: &str) -> Built {
    let mut out = Vec::new();
    let reason = required("reason", reason, &mut out);
    done(EventKind::CustomerRejected { reason }, out)
}

/// Closes a resolved ticket ("Cerrar"); the note is optional.
pub fn close(note: &str) -> EventKind {
    EventKind::Closed {
        note: note.trim().to_string(),
    }
}

/// Rejects a report outside the support scope ("Fuera de alcance"); the reason is required
/// unless the profile's scope rule says otherwise.
pub fn reject_out_of_scope(profile: &ProcessProfile, reason: &str) -> Built {
    let needs_reason = profile
        .registration
        .scope
        .as_ref()
        .is_none_or(|s| s.reason_required);
    let mut out = Vec::new();
    let reason = if needs_reason {
        required("reason", reason, &mut out)
    } else {
        reason.trim().to_string()
    };
    done(EventKind::RejectedOutOfScope { reason }, out)
}

/// Reopens a resolved, closed or rejected ticket ("Reabrir").
pub fn reopen(reason: &str) -> Built {
    let mut out = Vec::new();
    let reason = required("reason", reason, &mut out);
    done(EventKind::Reopened { reason }, out)
}

/// A person decided about flagged events: they stay in history, marked resolved.
pub fn resolve_conflicts(ticket: &Ticket, events: &[EventId], note: &str) -> Built {
    let mut out = Vec::new();
    let open: Vec<&EventId> = ticket.open_conflicts().map(|c| &c.event).collect();
    if events.is_empty() || events.iter().any(|e| !open.contains(&e)) {
        out.push(ActionProblem::new("events", Issue::NotAnOption));
    }
    let note = required("note", note, &mut out);
    done(
        EventKind::ConflictResolved {
            events: events.to_vec(),
            note,
        },
        out,
    )
}
