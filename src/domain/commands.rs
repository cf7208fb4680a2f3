//! Turning a user's intent into events: the one place that stamps ids, clocks and numbers.
//! Pure: the caller passes the device, the time and the randomness.

use chrono::{DateTime, NaiveDate, Utc};

use super::contract::{contract_reason, ContractStanding};
use super::event::{ms_to_utc, ticket_number, Event, EventId, EventKind, Hlc, Opened, TicketId};
use super::profile::ProcessProfile;
use super::registration::{FieldProblem, TicketDraft};

/// Everything an event needs that does not come from the user's input.
#[derive(Clone, Debug)]
pub struct Stamp {
    pub device: String,
    pub actor: String,
    /// The newest clock this device has seen (stored in `meta`).
    pub newest_clock: Option<Hlc>,
    pub now_ms: i64,
    /// 80 random bits for the event id.
    pub random: u128,
    /// Today's date where the desk works (for the ticket number).
    pub local_date: NaiveDate,
}

impl Stamp {
    pub fn now(&self) -> DateTime<Utc> {
        ms_to_utc(self.now_ms)
    }

    fn event(&self, ticket: Option<&TicketId>, kind: EventKind) -> Event {
        let hlc = Hlc::next(self.newest_clock.as_ref(), &self.device, self.now_ms);
        let id = EventId::from_parts(hlc.wall_ms, self.random);
        let ticket = ticket.cloned().unwrap_or_else(|| id.as_ticket());
        Event::new(id, ticket, hlc, self.actor.clone(), kind)
    }

    /// An event on an existing ticket.
    pub fn on(&self, ticket: &TicketId, kind: EventKind) -> Event {
        self.event(Some(ticket), kind)
    }
}

/// Validates a draft against the profile and, if it is complete, makes the opening event.
/// Every problem is returned at once.
pub fn register(
    profile: &ProcessProfile,
    draft: &TicketDraft,
    stamp: &Stamp,
) -> Result<Event, Vec<FieldProblem>> {
    profile.validate_draft(draft)?;
    let event = stamp.event(None, EventKind::Opened(Opened::default()));
    Ok(opening(profile, draft, stamp, event))
}

/// The opening of a validated draft, on `event` (whose id gives the ticket number).
fn opening(
    profile: &ProcessProfile,
    draft: &TicketDraft,
    stamp: &Stamp,
    mut event: Event,
) -> Event {
    let severity = profile.initial_severity(&draft.request_kind, draft.severity.as_deref());
    let number = format!(
        "{}{}",
        profile.registration.ticket_prefix,
        ticket_number(stamp.local_date, &event.id)
    );
    event.kind = EventKind::Opened(Opened {
        number,
        profile: profile.id.clone(),
        request_kind: draft.request_kind.clone(),
        severity,
        level: draft.level,
        channel: draft.channel.clone().filter(|c| !c.is_empty()),
        customer: draft.customer.trim().to_string(),
        site: draft
            .site
            .clone()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
        description: draft.description.trim().to_string(),
        fields: draft
            .fields
            .iter()
            .filter(|(_, v)| !v.trim().is_empty())
            .map(|(k, v)| (k.clone(), v.trim().to_string()))
            .collect(),
        checklist: draft.checklist.iter().cloned().collect(),
        reported_at: draft.reported_at.filter(|r| *r <= stamp.now()),
        profile_version: None,
        outside_contract: None,
    });
    event
}

/// What follows the opening event of a draft answered "out of scope" (P1): the report is
/// rejected at once with its reason, so it keeps its number and the customer is told why
/// (the profile's closure notification), but it is never worked.
///
/// ```
/// use mesa::domain::commands::rejection_at_registration;
/// use mesa::domain::event::EventKind;
/// use mesa::domain::registration::TicketDraft;
///
/// let mut draft = TicketDraft { in_scope: Some(true), ..TicketDraft::default() };
/// assert_eq!(rejection_at_registration(&draft), None);
/// draft.in_scope = Some(false);
/// draft.scope_reason = " Consulta comercial ".into();
/// assert_eq!(rejection_at_registration(&draft),
///     Some(EventKind::RejectedOutOfScope { reason: "Consulta comercial".into() }));
/// ```
pub fn rejection_at_registration(draft: &TicketDraft) -> Option<EventKind> {
    (draft.in_scope == Some(false)).then(|| EventKind::RejectedOutOfScope {
        reason: draft.scope_reason.trim().to_string(),
    })
}

/// Every problem of a draft registered in a desk: the profile's checks and the customer's
/// contract (a ticket outside the contract needs its reason).
pub fn validate_in_desk(
    profile: &ProcessProfile,
    draft: &TicketDraft,
    standing: &ContractStanding,
) -> Result<Option<String>, Vec<FieldProblem>> {
    let mut problems = profile.validate_draft(draft).err().unwrap_or_default();
    let reason = contract_reason(draft, standing).map_err(|p| problems.push(p));
    match reason {
        Ok(reason) if problems.is_empty() => Ok(reason),
        _ => Err(problems),
    }
}

/// [`register`] in a desk: under a published profile version (the opening event records
/// `version`, so the ticket's clocks keep that version when a newer one is published, see
/// [`crate::domain::desk::ProfileVersions::for_ticket`]), with the customer's contract
/// `standing` on the day reported (outside it, the reason given is recorded).
pub fn register_at_version(
    profile: &ProcessProfile,
    version: &str,
    draft: &TicketDraft,
    standing: &ContractStanding,
    stamp: &Stamp,
) -> Result<Event, Vec<FieldProblem>> {
    let outside_contract = validate_in_desk(profile, draft, standing)?;
    let mut event = register(profile, draft, stamp)?;
    if let EventKind::Opened(opened) = &mut event.kind {
        opened.profile_version = Some(version.to_string());
        opened.outside_contract = outside_contract;
    }
    Ok(event)
}

/// [`register_at_version`] (under `version` when the desk published one) with the opening's id
/// given: derived from what is registered (an e-mail's Message-ID, see
/// [`crate::domain::mail_in`]), so registering the same thing again makes the same event, and
/// the same ticket number on the same day.
pub fn register_with_id(
    profile: &ProcessProfile,
    version: Option<&str>,
    draft: &TicketDraft,
    standing: &ContractStanding,
    stamp: &Stamp,
    id: EventId,
) -> Result<Event, Vec<FieldProblem>> {
    let outside_contract = validate_in_desk(profile, draft, standing)?;
    let hlc = Hlc::next(stamp.newest_clock.as_ref(), &stamp.device, stamp.now_ms);
    let ticket = id.as_ticket();
    let blank = EventKind::Opened(Opened::default());
    let mut event = opening(
        profile,
        draft,
        stamp,
        Event::new(id, ticket, hlc, stamp.actor.clone(), blank),
    );
    if let EventKind::Opened(opened) = &mut event.kind {
        opened.profile_version = version.map(str::to_string);
        opened.outside_contract = outside_contract;
    }
    Ok(event)
}
