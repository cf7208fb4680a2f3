//! Turning a user's intent into events: the one place that stamps ids, clocks and numbers.
//! Pure: the caller passes the device, the time and the randomness.

use chrono::{DateTime, NaiveDate, Utc};

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
    let severity = profile.initial_severity(&draft.request_kind, draft.severity.as_deref());
    let mut event = stamp.event(None, EventKind::Opened(Opened::default()));
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
    });
    Ok(event)
}

/// [`register`] under a published profile version: the opening event records `version`, so
/// the ticket's clocks keep that version when a newer one is published (see
/// [`crate::domain::desk::ProfileVersions::for_ticket`]).
pub fn register_at_version(
    profile: &ProcessProfile,
    version: &str,
    draft: &TicketDraft,
    stamp: &Stamp,
) -> Result<Event, Vec<FieldProblem>> {
    let mut event = register(profile, draft, stamp)?;
    if let EventKind::Opened(opened) = &mut event.kind {
        opened.profile_version = Some(version.to_string());
    }
    Ok(event)
}
