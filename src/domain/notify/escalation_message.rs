//! The message an escalation rule sends to the desk's own escalation contacts (supervisors,
//! managers, the after-hours line): which ticket, whose, which clock and its deadline, the rule
//! and the level, in words — the same on every device that computes it.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mesa::domain::engine::Engine;
//! use mesa::domain::notify::escalation_message::{rule_body, RuleClock};
//! use mesa::domain::profile::{preset, ProcessProfile};
//! use mesa::domain::sla::ClockKind;
//! use mesa::domain::ticket::Ticket;
//!
//! let engine = Engine::new(ProcessProfile::from_json(preset("p3-cirion").unwrap()).unwrap()).unwrap();
//! let ticket = Ticket { number: "CIR-261019-AB12C".into(), customer: "Banco Andino".into(),
//!                       site: Some("Matriz Quito".into()), stage: Some("despacho".into()),
//!                       ..Ticket::default() };
//! let deadline = Utc.with_ymd_and_hms(2026, 10, 19, 20, 0, 0).unwrap();
//! let clock = RuleClock { kind: ClockKind::Milestone, milestone: Some("solucion_campo"), deadline: Some(deadline) };
//! let body = rule_body(&engine, &ticket, "Hito fuera de meta", clock, Some(1), deadline);
//! assert!(body.starts_with("Caso CIR-261019-AB12C: Banco Andino · Matriz Quito."));
//! assert!(body.contains("«Solución en campo»: venció el 19/10/2026 15:00 (America/Guayaquil)."));
//! assert!(body.contains("Nivel de escalamiento: 1."));
//! assert!(!body.contains("rule="), "no internal code");
//! ```

use chrono::{DateTime, Utc};

use super::template::local;
use crate::domain::engine::Engine;
use crate::domain::sla::ClockKind;
use crate::domain::ticket::Ticket;

/// The clock a rule fired on.
#[derive(Clone, Copy, Debug)]
pub struct RuleClock<'a> {
    pub kind: ClockKind,
    /// The milestone running, for a milestone clock.
    pub milestone: Option<&'a str>,
    pub deadline: Option<DateTime<Utc>>,
}

/// The clock in words: «Solución en campo», «Meta de la etapa «Diagnóstico»», «Primera
/// respuesta».
fn clock_label(engine: &Engine, ticket: &Ticket, clock: RuleClock<'_>) -> String {
    let profile = engine.profile();
    let stage = ticket.stage.as_deref().and_then(|s| profile.stage(s));
    match clock.kind {
        ClockKind::Response => "Primera respuesta".into(),
        ClockKind::Update => "Actualización".into(),
        ClockKind::Restore => "Restablecimiento del servicio".into(),
        ClockKind::Stage => match stage {
            Some(s) => format!("Meta de la etapa «{}»", s.name),
            None => "Meta de la etapa".into(),
        },
        ClockKind::Milestone => {
            let name = clock
                .milestone
                .and_then(|id| stage.and_then(|s| s.milestone(id)))
                .map_or("hito", |m| m.name.as_str());
            format!("«{name}»")
        }
    }
}

/// `Caso CIR-…: Banco Andino · Matriz Quito.`: the ticket's number in the process's word, whose
/// it is and where.
fn ticket_line(engine: &Engine, ticket: &Ticket) -> String {
    let unit = engine.profile().unit.word("es");
    let mut capital = unit.one.clone();
    if let Some(first) = capital.get(..1) {
        let upper = first.to_ascii_uppercase();
        capital.replace_range(..1, &upper);
    }
    let whose = match ticket.site.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(site) => format!("{} · {site}", ticket.customer),
        None => ticket.customer.clone(),
    };
    format!("{capital} {}: {whose}.", ticket.number)
}

/// The body of the message a customer escalation ("remitir un caso") sends to the level it
/// reaches when no rule of the profile writes it: why the customer asked (`reason`, its label).
pub fn customer_escalation_body(
    engine: &Engine,
    ticket: &Ticket,
    reason: &str,
    level: u8,
) -> String {
    [
        ticket_line(engine, ticket),
        format!("El cliente pidió remitir el caso: {reason}."),
        format!("Nivel de escalamiento: {level}."),
    ]
    .join("\n")
}

/// The body of an escalation rule's message, written when the rule fired (`at`).
pub fn rule_body(
    engine: &Engine,
    ticket: &Ticket,
    rule_name: &str,
    clock: RuleClock<'_>,
    level: Option<u8>,
    at: DateTime<Utc>,
) -> String {
    let mut lines = vec![ticket_line(engine, ticket)];
    let label = clock_label(engine, ticket, clock);
    lines.push(match clock.deadline {
        Some(d) if d <= at => format!("{label}: venció el {}.", local(engine, d)),
        Some(d) => format!("{label}: vence el {}.", local(engine, d)),
        None => format!("{label}: sin plazo."),
    });
    lines.push(format!("Regla: {rule_name}."));
    if let Some(level) = level {
        lines.push(format!("Nivel de escalamiento: {level}."));
    }
    lines.join("\n")
}
