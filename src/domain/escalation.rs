//! Hierarchical escalation: who to call at each escalation level (with the after-hours line for
//! nights, weekends and holidays), and the customer-requested escalation path ("remitir un
//! caso", P5). The automatic rules fired by clocks are applied by [`crate::domain::due`].
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mesa::domain::engine::Engine;
//! use mesa::domain::profile::{preset, ProcessProfile};
//!
//! let engine = Engine::new(ProcessProfile::from_json(preset("p3-cirion").unwrap()).unwrap()).unwrap();
//! // Saturday 2026-10-17 03:00 in Guayaquil: the after-hours line answers for level 1.
//! let night = Utc.with_ymd_and_hms(2026, 10, 17, 8, 0, 0).unwrap();
//! let ids: Vec<&str> = engine.directory_for_level(1, night).iter().map(|c| c.id.as_str()).collect();
//! assert_eq!(ids, ["linea_fuera_horario"]);
//! // Monday 10:00: the TSC supervisors.
//! let day = Utc.with_ymd_and_hms(2026, 10, 19, 15, 0, 0).unwrap();
//! assert_eq!(engine.directory_for_level(1, day)[0].id, "supervisores_tsc");
//! ```

use chrono::{DateTime, Utc};

use super::engine::Engine;
use super::event::{Escalation, EventKind, Notification};
use super::notify::escalation_message::customer_escalation_body;
use super::profile::{Contact, EscalationRule, NotifyOn};
use super::ticket::{Status, Ticket};

/// The rule code of notifications queued by a customer escalation.
pub const CUSTOMER_ESCALATION_RULE: &str = "customer_escalation";

impl Engine {
    /// Whether `now` is within the directory's office hours: always, unless the profile has an
    /// after-hours line, in which case when its `in_hours_calendar` is open.
    pub fn is_in_hours(&self, now: DateTime<Utc>) -> bool {
        self.in_hours_index()
            .is_none_or(|index| index.calendar.is_open(now))
    }

    /// The contacts to call at an escalation level at `now`. Outside office hours (see
    /// [`Engine::is_in_hours`]) the after-hours contacts of that level answer; a level the
    /// after-hours line does not cover falls back to the regular directory, so an escalation
    /// never reaches nobody when someone is listed.
    pub fn directory_for_level(&self, level: u8, now: DateTime<Utc>) -> Vec<&Contact> {
        let escalation = &self.profile().escalation;
        if !self.is_in_hours(now) {
            let after: Vec<&Contact> = escalation
                .after_hours
                .iter()
                .flat_map(|a| a.contacts.iter())
                .filter(|c| c.level == level)
                .collect();
            if !after.is_empty() {
                return after;
            }
        }
        escalation
            .directory
            .iter()
            .filter(|c| c.level == level)
            .collect()
    }

    /// A contact of the directory or of the after-hours line, by id.
    pub fn contact(&self, id: &str) -> Option<&Contact> {
        let escalation = &self.profile().escalation;
        escalation
            .directory
            .iter()
            .chain(
                escalation
                    .after_hours
                    .iter()
                    .flat_map(|a| a.contacts.iter()),
            )
            .find(|c| c.id == id)
    }

    /// The level a customer escalation of this ticket goes to: the path's start level for the
    /// first escalation of the ticket, then the next level of the path above the ticket's
    /// current level. `None` when the profile has no customer escalation or the top of the path
    /// is reached.
    ///
    /// ```
    /// use mesa::domain::engine::Engine;
    /// use mesa::domain::profile::{preset, ProcessProfile};
    /// use mesa::domain::ticket::Ticket;
    /// let engine = Engine::new(ProcessProfile::from_json(preset("p5-megaport").unwrap()).unwrap()).unwrap();
    /// let mut ticket = Ticket { level: 1, ..Ticket::default() };
    /// assert_eq!(engine.next_customer_escalation_level(&ticket), Some(1));
    /// ticket.escalations = 1;
    /// assert_eq!(engine.next_customer_escalation_level(&ticket), Some(2));
    /// ticket.level = 3;
    /// assert_eq!(engine.next_customer_escalation_level(&ticket), None);
    /// ```
    pub fn next_customer_escalation_level(&self, ticket: &Ticket) -> Option<u8> {
        let path = self.profile().escalation.customer_escalation.as_ref()?;
        if ticket.escalations == 0 {
            return Some(path.start_level);
        }
        path.path
            .iter()
            .copied()
            .find(|&level| level > ticket.level)
    }

    /// The events of a customer escalation for `reason` (an id of the profile's reasons): the
    /// escalation to the next level of the path and a notification to that level's contacts.
    /// `None` when the reason is unknown, the top of the path is reached or the ticket is not
    /// being worked.
    pub fn customer_escalation(
        &self,
        ticket: &Ticket,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Option<Vec<EventKind>> {
        let profile = self.profile();
        let spec = profile.escalation.customer_escalation.as_ref()?;
        let label = &spec.reasons.iter().find(|r| r.id == reason)?.label;
        if !matches!(ticket.status, Status::Open | Status::WaitingOnCustomer) {
            return None;
        }
        let level = self.next_customer_escalation_level(ticket)?;
        let escalated = EventKind::Escalated(Escalation::Customer {
            reason: reason.to_string(),
            level,
        });
        // A profile rule on customer escalation writes the one message (adding the new level's
        // contacts to its own recipients); without one, the engine tells the level itself.
        let ruled = self
            .profile()
            .notifications
            .iter()
            .any(|r| r.on == NotifyOn::CustomerEscalation);
        if ruled {
            return Some(vec![escalated]);
        }
        let contacts = self.directory_for_level(level, now);
        Some(vec![
            escalated,
            EventKind::NotificationQueued(Notification {
                rule: CUSTOMER_ESCALATION_RULE.to_string(),
                to: addresses(&contacts),
                subject: profile.text(label, profile.message_language()).to_string(),
                body: customer_escalation_body(self, ticket, label, level),
                ..Notification::default()
            }),
        ])
    }
}

/// Where to reach a contact: e-mail, else mobile, else office phone.
pub fn contact_address(contact: &Contact) -> Option<&str> {
    contact
        .email
        .as_deref()
        .or(contact.mobile.as_deref())
        .or(contact.office_phone.as_deref())
}

pub(crate) fn addresses(contacts: &[&Contact]) -> Vec<String> {
    contacts
        .iter()
        .filter_map(|c| contact_address(c))
        .map(str::to_string)
        .collect()
}

/// Whether a rule's severity and request-kind filters admit the ticket.
pub(crate) fn rule_applies(rule: &EscalationRule, ticket: &Ticket) -> bool {
    let severity_ok = rule.severities.is_empty()
        || ticket
            .severity
            .as_ref()
            .is_some_and(|s| rule.severities.iter().any(|r| *r == *s));
    let kind_ok = rule.kinds.is_empty() || rule.kinds.iter().any(|k| *k == ticket.request_kind);
    severity_ok && kind_ok
}
