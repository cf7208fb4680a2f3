//! `mesa replay`'s check of each ticket's opening against the registration rules of the
//! process it was opened under: a mandatory field left empty or a pre-report check not
//! confirmed is reported with the field it names (and `replay` exits 1).

use std::collections::BTreeMap;

use serde::Serialize;

use mesa::domain::event::{Event, EventKind, Opened, TicketId};
use mesa::domain::profile::ProcessProfile;
use mesa::domain::registration::{FieldProblem, Problem, TicketDraft};
use mesa::domain::ticket::Ticket;

/// One ticket whose opening breaks a registration rule.
#[derive(Serialize)]
pub struct Broken<'a> {
    pub ticket: &'a TicketId,
    pub number: &'a str,
    pub problems: Vec<FieldProblem>,
}

/// What the opening asked for, as the registration form's draft (`at`: when it was opened,
/// the report time when the opening names no earlier one).
fn draft(opened: &Opened, at: chrono::DateTime<chrono::Utc>) -> TicketDraft {
    TicketDraft {
        request_kind: opened.request_kind.clone(),
        severity: opened.severity.clone(),
        level: opened.level,
        channel: opened.channel.clone(),
        customer: opened.customer.clone(),
        site: opened.site.clone(),
        description: opened.description.clone(),
        fields: opened.fields.clone(),
        checklist: opened.checklist.iter().cloned().collect(),
        // A registered ticket answered the scope question (an out-of-scope one is rejected).
        in_scope: Some(true),
        scope_reason: String::new(),
        // The reason recorded when it was registered outside the customer's contract.
        contract_reason: opened.outside_contract.clone().unwrap_or_default(),
        reported_at: opened.reported_at.or(Some(at)),
    }
}

/// The tickets whose opening misses a mandatory field or a pre-report check, each checked
/// against `profile_of(ticket)`.
pub fn broken<'a>(
    events: &'a [Event],
    tickets: &'a [Ticket],
    profile_of: impl Fn(&Ticket) -> &'a ProcessProfile,
) -> Vec<Broken<'a>> {
    let openings: BTreeMap<&TicketId, (&Opened, chrono::DateTime<chrono::Utc>)> = events
        .iter()
        .filter(|e| e.id.as_str() == e.ticket_id.as_str())
        .filter_map(|e| match &e.kind {
            EventKind::Opened(o) => Some((&e.ticket_id, (o, e.at()))),
            _ => None,
        })
        .collect();
    tickets
        .iter()
        .filter_map(|ticket| {
            let (opened, at) = openings.get(&ticket.id)?;
            let problems: Vec<FieldProblem> =
                match profile_of(ticket).validate_draft(&draft(opened, *at)) {
                    Ok(()) => return None,
                    Err(problems) => problems
                        .into_iter()
                        .filter(|p| {
                            matches!(
                                p.problem,
                                Problem::Required | Problem::ChecklistIncomplete { .. }
                            )
                        })
                        .collect(),
                };
            (!problems.is_empty()).then_some(Broken {
                ticket: &ticket.id,
                number: &ticket.number,
                problems,
            })
        })
        .collect()
}

/// `CMW-1: telefonos required; checklist: energia not confirmed`.
pub fn describe(broken: &[Broken<'_>]) -> String {
    broken
        .iter()
        .map(|b| {
            let what: Vec<String> = b
                .problems
                .iter()
                .map(|p| match &p.problem {
                    Problem::ChecklistIncomplete { missing } => {
                        format!("{}: {} not confirmed", p.field, missing.join(", "))
                    }
                    other => format!("{} {}", p.field, other.code()),
                })
                .collect();
            format!("{}: {}", b.number, what.join("; "))
        })
        .collect::<Vec<_>>()
        .join("; ")
}
