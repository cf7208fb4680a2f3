//! The message an escalation rule sends to the desk's own escalation contacts (supervisors,
//! managers, the after-hours line): which ticket, whose, which clock and its deadline, the rule
//! and the level, in words, in the desk's message language — the same on every device that
//! computes it.
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
/// respuesta» (in English when the desk writes in English).
fn clock_label(engine: &Engine, ticket: &Ticket, clock: RuleClock<'_>, en: bool) -> String {
    let profile = engine.profile();
    let language = profile.message_language();
    let stage = ticket.stage.as_deref().and_then(|s| profile.stage(s));
    let quoted = |name: &str| {
        if en {
            format!("“{name}”")
        } else {
            format!("«{name}»")
        }
    };
    match clock.kind {
        ClockKind::Response => pick(en, "Primera respuesta", "First response").into(),
        ClockKind::Update => pick(en, "Actualización", "Update").into(),
        ClockKind::Restore => {
            pick(en, "Restablecimiento del servicio", "Service restoration").into()
        }
        ClockKind::Stage => match stage {
            Some(s) => format!(
                "{} {}",
                pick(en, "Meta de la etapa", "Target of the stage"),
                quoted(profile.text(&s.name, language))
            ),
            None => pick(en, "Meta de la etapa", "Stage target").into(),
        },
        ClockKind::Milestone => {
            let name = clock
                .milestone
                .and_then(|id| stage.and_then(|s| s.milestone(id)))
                .map_or(pick(en, "hito", "milestone"), |m| {
                    profile.text(&m.name, language)
                });
            quoted(name)
        }
    }
}

fn pick<'a>(en: bool, es: &'a str, english: &'a str) -> &'a str {
    if en {
        english
    } else {
        es
    }
}

/// `Caso CIR-…: Banco Andino · Matriz Quito.`: the ticket's number in the process's word, whose
/// it is and where.
fn ticket_line(engine: &Engine, ticket: &Ticket) -> String {
    let unit = engine
        .profile()
        .unit
        .word(engine.profile().message_language());
    let mut capital = unit.one.clone();
    if let Some(first) = capital.get(..1) {
        let upper = first.to_ascii_uppercase();
        capital.replace_range(..1, &upper);
    }
    let whose = match ticket.site.as_deref().filter(|s| !s.trim().is_empty()) {
        Some(site) => format!("{} · {site}", ticket.customer),
        None => ticket.customer.to_string(),
    };
    format!("{capital} {}: {whose}.", ticket.number)
}

fn english(engine: &Engine) -> bool {
    engine.profile().message_language() == "en"
}

/// The body of the message a customer escalation ("remitir un caso") sends to the level it
/// reaches when no rule of the profile writes it: why the customer asked (`reason`, its label).
pub fn customer_escalation_body(
    engine: &Engine,
    ticket: &Ticket,
    reason: &str,
    level: u8,
) -> String {
    let profile = engine.profile();
    let reason = profile.text(reason, profile.message_language());
    let en = english(engine);
    [
        ticket_line(engine, ticket),
        if en {
            format!("The customer asked to escalate the case: {reason}.")
        } else {
            format!("El cliente pidió remitir el caso: {reason}.")
        },
        format!(
            "{}: {level}.",
            pick(en, "Nivel de escalamiento", "Escalation level")
        ),
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
    let en = english(engine);
    let mut lines = vec![ticket_line(engine, ticket)];
    let label = clock_label(engine, ticket, clock, en);
    lines.push(match clock.deadline {
        Some(d) if d <= at => format!(
            "{label}: {} {}.",
            pick(en, "venció el", "was due"),
            local(engine, d)
        ),
        Some(d) => format!(
            "{label}: {} {}.",
            pick(en, "vence el", "is due"),
            local(engine, d)
        ),
        None => format!("{label}: {}.", pick(en, "sin plazo", "no deadline")),
    });
    lines.push(format!("{}: {rule_name}.", pick(en, "Regla", "Rule")));
    if let Some(level) = level {
        lines.push(format!(
            "{}: {level}.",
            pick(en, "Nivel de escalamiento", "Escalation level")
        ));
    }
    lines.join("\n")
}
