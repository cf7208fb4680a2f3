//! The messages in English, laid out like the Spanish ones ([`super::render`]).

use super::*;

/// [`render`] in English.
pub(super) fn render_en(
    engine: &Engine,
    ticket: &Ticket,
    cause: &Cause,
    site_class: Option<&str>,
    now: DateTime<Utc>,
) -> Message {
    let number = &ticket.number;
    let when = local(engine, now);
    let word = unit_of(engine);
    let unit = &word.one;
    let (topic, lines): (String, Vec<String>) = match cause {
        Cause::Open => (
            "registered".into(),
            vec![format!(
                "We registered your {unit} {number} on {when}. Use this number to follow it up."
            )],
        ),
        Cause::Stage { stage } => (
            format!("stage “{}”", stage_name(engine, stage)),
            stage_lines(engine, ticket, stage, site_class, now),
        ),
        Cause::Resolve => {
            let mut lines = vec![format!("Your {unit} {number} was resolved on {when}.")];
            if let Some(r) = &ticket.resolution {
                if !r.solution.is_empty() {
                    lines.push(format!("Solution: {}", r.solution));
                }
                if !r.confirmed_by.is_empty() {
                    lines.push(format!("Normal service confirmed by: {}", r.confirmed_by));
                }
            }
            lines.push("If the service is not normal, reply to this message.".into());
            ("resolved".into(), lines)
        }
        Cause::Close => (
            "closed".into(),
            vec![format!("Your {unit} {number} was closed on {when}.")],
        ),
        Cause::Reject { reason } => {
            let mut lines = vec![format!(
                "Your report {number} was registered on {when} as outside the scope of the service: it will not be handled as a {unit}."
            )];
            if !reason.trim().is_empty() {
                lines.push(format!("Reason: {}", reason.trim()));
            }
            ("out of scope".into(), lines)
        }
        Cause::Escalate { level } => (
            "escalated".into(),
            vec![format!(
                "Your {unit} {number} was escalated to level {level} on {when}."
            )],
        ),
        Cause::CustomerEscalation { level } => (
            "escalated at your request".into(),
            vec![format!(
                "We received your request to escalate the {unit} {number}: it moves to escalation level {level} ({when})."
            )],
        ),
        Cause::Warning { clock, deadline } => (
            "deadline alert".into(),
            vec![format!(
                "The {} deadline of the {unit} {number} ends on {}.",
                clock_name(true, clock),
                local(engine, *deadline)
            )],
        ),
        Cause::Breach { clock, deadline } => (
            "deadline missed".into(),
            vec![format!(
                "The {} deadline of the {unit} {number} ended on {}.",
                clock_name(true, clock),
                local(engine, *deadline)
            )],
        ),
        Cause::VerificationReminder { ends } => {
            let mut lines = vec![format!(
                "A reminder that your {unit} {number} was resolved and you have until {} to confirm that the service is normal.",
                local(engine, *ends)
            )];
            if let Some(solution) = solution(ticket) {
                lines.push(format!("Solution: {solution}"));
            }
            lines.push(if auto_closes(engine) {
                format!("If the service is not normal, reply to this message before then; with no answer, the solution counts as validated and the {unit} is closed.")
            } else {
                "If the service is not normal, reply to this message.".into()
            });
            ("verification reminder".into(), lines)
        }
    };
    let labels = ["Dear customer,", "Company", "Site", "Description"];
    let name = text(engine, &engine.profile().name);
    let signature = format!("Automatic message from {name} about the {unit} {number}.");
    compose(ticket, &word, &topic, &lines, labels, &signature)
}
