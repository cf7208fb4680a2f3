//! An e-mail as a report through the profile's e-mail channel: the registration draft it makes,
//! and what the profile requires that it does not give.
//!
//! The draft: the channel is the profile's e-mail channel; the kind and severity are its intake's
//! (see [`EmailIntake`]); the sender's name and address fill the fields the intake names; the
//! customer is the desk's customer one of whose contacts has the sender's address; the
//! description is the subject and the text the sender wrote (attachments named); the report
//! time is the message's date (when plausible). `Label: value` lines of the body fill the
//! fields whose label (or id) they name, confirm the checks of the pre-report verification
//! («sí») and answer the scope question.

use std::collections::BTreeSet;

use chrono::{DateTime, Duration, Utc};

use super::form::{is_yes, lines, own_text};
use super::InboundMail;
use crate::domain::customer::Customer;
use crate::domain::customer_message::CustomerMessage;
use crate::domain::kb::fold_text;
use crate::domain::notify::answer::{
    attachments_line, builtin_label, desk_language, outside_contract_reason, Missing,
};
use crate::domain::profile::{FieldKind, ProcessProfile};
use crate::domain::registration::{FieldProblem, Problem, TicketDraft};

/// How far back a message's date is believed as the report time.
const MAX_AGE_DAYS: i64 = 30;

/// The customer on file one of whose contacts has `address`.
fn customer_by_contact<'a>(customers: &'a [Customer], address: &str) -> Option<&'a Customer> {
    let address = address.trim();
    customers.iter().find(|c| {
        c.contacts
            .iter()
            .any(|k| !address.is_empty() && k.email.trim().eq_ignore_ascii_case(address))
    })
}

/// The report time: the message's date, unless it is in the future (now) or implausibly old.
fn reported_at(date: Option<DateTime<Utc>>, now: DateTime<Utc>) -> DateTime<Utc> {
    date.filter(|d| *d >= now - Duration::days(MAX_AGE_DAYS))
        .map_or(now, |d| d.min(now))
}

/// The draft `mail` makes under `profile`, `None` when the profile has no e-mail channel.
pub fn draft(
    profile: &ProcessProfile,
    customers: &[Customer],
    mail: &InboundMail,
    now: DateTime<Utc>,
) -> Option<TicketDraft> {
    let registration = &profile.registration;
    let channel = registration.email_channel()?;
    let intake = channel.email_intake.clone().unwrap_or_default();
    let lang = desk_language(profile);
    let request_kind = intake
        .request_kind
        .clone()
        .or_else(|| profile.default_kind().map(|k| k.id.clone()))
        .unwrap_or_default();
    let severity = profile
        .kind(&request_kind)
        .and_then(|k| intake.severity_for(k.severity));
    let mut description = String::new();
    if !mail.subject.trim().is_empty() {
        description.push_str(mail.subject.trim());
        description.push_str("\n\n");
    }
    description.push_str(&own_text(&mail.text, CustomerMessage::MAX_TEXT));
    if !mail.attachments.is_empty() {
        description.push_str("\n\n");
        description.push_str(&attachments_line(lang, &mail.attachments));
    }
    let mut draft = TicketDraft {
        request_kind,
        severity,
        channel: Some(channel.id.clone()),
        customer: customer_by_contact(customers, &mail.from_address)
            .map(|c| c.name.clone())
            .unwrap_or_default(),
        description: description.trim().to_string(),
        reported_at: Some(reported_at(mail.date, now)),
        contract_reason: outside_contract_reason(lang),
        ..TicketDraft::default()
    };
    let set = |id: &str, value: &str, draft: &mut TicketDraft| match id {
        "customer" => draft.customer = value.to_string(),
        "site" => draft.site = Some(value.to_string()),
        "description" => {}
        id => {
            draft.fields.insert(id.to_string(), value.to_string());
        }
    };
    let name = mail
        .from_name
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .unwrap_or(&mail.from_address);
    if let Some(id) = &intake.sender_name {
        set(id, name, &mut draft);
    }
    match &intake.sender_address {
        Some(id) => set(id, &mail.from_address, &mut draft),
        None => {
            for f in registration
                .fields
                .iter()
                .filter(|f| f.kind == FieldKind::Email)
            {
                set(&f.id, &mail.from_address, &mut draft);
            }
        }
    }
    // What the sender wrote as `Label: value` lines.
    // A label as the profile writes it or in the desk's language (`Contact name: …`).
    let language = profile.message_language();
    let named = |label: &str, id: &str, given: &str| {
        given == fold_text(label)
            || given == fold_text(profile.text(label, language))
            || given == id
    };
    let question = registration
        .scope
        .as_ref()
        .and_then(|s| s.question.as_ref());
    let mut checked = BTreeSet::new();
    for (given, value) in lines(&mail.text) {
        if let Some(f) = registration
            .fields
            .iter()
            .find(|f| named(&f.label, &f.id, &given))
        {
            set(&f.id, &value, &mut draft);
        } else if let Some(item) = registration
            .checklist
            .iter()
            .flat_map(|c| &c.items)
            .find(|i| named(&i.label, &i.id, &given))
        {
            if is_yes(&value) {
                checked.insert(item.id.clone());
            }
        } else if question.is_some_and(|q| named(q, "", &given)) && is_yes(&value) {
            draft.in_scope = Some(true);
        }
    }
    draft.checklist = checked;
    Some(draft)
}

/// What is missing, by label, from a draft's problems (`problems` of
/// [`crate::domain::commands::validate_in_desk`]); the problems an e-mail cannot cause are left
/// out.
pub fn missing(profile: &ProcessProfile, problems: &[FieldProblem]) -> Vec<Missing> {
    let lang = desk_language(profile);
    let registration = &profile.registration;
    // The profile's labels in the desk's language (its translations).
    let text = |spanish: &str| profile.text(spanish, lang.code()).to_string();
    let label = |field: &str| {
        registration
            .fields
            .iter()
            .find(|f| f.id == field)
            .map_or_else(|| builtin_label(lang, field), |f| text(&f.label))
    };
    let mut out = Vec::new();
    for p in problems {
        let item = match &p.problem {
            Problem::ChecklistIncomplete { missing } => {
                let items = registration.checklist.iter().flat_map(|c| &c.items);
                let labels: Vec<Missing> = items
                    .filter(|i| missing.contains(&i.id))
                    .map(|i| Missing::Confirm(text(&i.label)))
                    .collect();
                out.extend(labels);
                continue;
            }
            Problem::Required if p.field == "in_scope" => match &registration.scope {
                Some(scope) => Missing::Confirm(text(scope.question.as_deref().unwrap_or_default())),
                None => continue,
            },
            Problem::Required
            | Problem::UnknownKind
            | Problem::UnknownSeverity
            | Problem::UnknownChannel
            | Problem::OutOfScope => Missing::Value(label(&p.field)),
            Problem::InvalidEmail | Problem::InvalidPhone | Problem::NotAnOption => {
                Missing::Invalid(label(&p.field))
            }
            Problem::UnknownField
            | Problem::SeverityNotApplicable
            | Problem::UnknownChecklistItem
            // A mail chooses no level.
            | Problem::UnknownLevel
            | Problem::OutsideContract => continue,
        };
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}
