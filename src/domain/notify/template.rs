//! The message of a notification, in the desk's message language: the profile's `locale`,
//! Spanish unless it is English (Ajustes › Vocabulario), with the profile's texts (stage names…)
//! through its translations. The text is rendered here, by the engine, and stored in the queued
//! event: what was (or will be) sent is part of the ticket's history, the same on every device,
//! whatever language a technician's screen is in. The UI's locale files only label it.

use chrono::{DateTime, Utc};

use crate::domain::clock_mark::MarkedClock;
use crate::domain::engine::Engine;
use crate::domain::profile::{ClockKind, NotifyOn, Stage, UnitWord};
use crate::domain::target::{Target, TimeBasis};
use crate::domain::ticket::Ticket;

mod en;
mod stage;

use en::render_en;
use stage::stage_lines;

/// What triggered the message, with the details its text needs.
#[derive(Clone, Debug, PartialEq)]
pub enum Cause {
    Open,
    Stage {
        stage: String,
    },
    Resolve,
    Close,
    /// Rejected as outside the service's scope ("fuera de alcance"), with the reason recorded:
    /// the closure's rules tell the customer why.
    Reject {
        reason: String,
    },
    Escalate {
        level: u8,
    },
    CustomerEscalation {
        level: u8,
    },
    Warning {
        clock: MarkedClock,
        deadline: DateTime<Utc>,
    },
    Breach {
        clock: MarkedClock,
        deadline: DateTime<Utc>,
    },
    /// The customer's time to verify the solution ends at `ends`.
    VerificationReminder {
        ends: DateTime<Utc>,
    },
}

impl Cause {
    /// The rule event this cause matches.
    pub fn on(&self) -> NotifyOn {
        match self {
            Self::Open => NotifyOn::Open,
            Self::Stage { .. } => NotifyOn::StageChange,
            Self::Resolve => NotifyOn::Resolve,
            Self::Close | Self::Reject { .. } => NotifyOn::Close,
            Self::Escalate { .. } => NotifyOn::Escalate,
            Self::CustomerEscalation { .. } => NotifyOn::CustomerEscalation,
            Self::Warning { .. } => NotifyOn::Warning,
            Self::Breach { .. } => NotifyOn::Breach,
            Self::VerificationReminder { .. } => NotifyOn::VerificationReminder,
        }
    }
}

/// A rendered message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Message {
    pub subject: String,
    pub body: String,
}

/// A time in the desk's zone, named: `19/10/2026 10:04 (America/Guayaquil)`, as the ticket page
/// and the monthly report show it.
pub(crate) fn local(engine: &Engine, at: DateTime<Utc>) -> String {
    let zone = engine.desk_zone();
    format!(
        "{} ({})",
        zone.local(at).format("%d/%m/%Y %H:%M"),
        zone.name()
    )
}

/// The desk's message language (the profile's `locale`): `true` for English.
fn english(engine: &Engine) -> bool {
    engine.profile().message_language() == "en"
}

/// `es` or `en`, as the desk writes to its customers.
fn pick<T>(en: bool, es: T, english: T) -> T {
    if en {
        english
    } else {
        es
    }
}

/// `4 min`, `3 h`, `1 h 30 min`, plus "en horario hábil" when counted on office hours.
fn duration(engine: &Engine, ticket: &Ticket, target: Target) -> String {
    let (h, m) = (target.minutes / 60, target.minutes % 60);
    let mut text = match (h, m) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    };
    if target.basis == TimeBasis::Business && !engine.calendar_for(ticket).is_always_open() {
        text.push_str(pick(
            english(engine),
            " en horario hábil",
            " in business hours",
        ));
    }
    text
}

fn clock_name(en: bool, clock: &MarkedClock) -> &'static str {
    let (es, english) = match clock.kind() {
        Some(ClockKind::Response) => ("primera respuesta", "first response"),
        Some(ClockKind::Update) => ("actualización", "update"),
        Some(ClockKind::Restore) => ("restablecimiento del servicio", "service restoration"),
        Some(ClockKind::Stage) => ("meta de la etapa", "stage target"),
        Some(ClockKind::Milestone) => ("meta del hito", "milestone target"),
        None => ("plazo", "deadline"),
    };
    pick(en, es, english)
}

/// The process's word for a ticket in its messages' language.
fn unit_of(engine: &Engine) -> UnitWord {
    engine
        .profile()
        .unit
        .word(engine.profile().message_language())
}

/// A text of the profile in the messages' language (its translation, else as written).
fn text<'a>(engine: &'a Engine, spanish: &'a str) -> &'a str {
    let profile = engine.profile();
    profile.text(spanish, profile.message_language())
}

fn stage_name(engine: &Engine, id: &str) -> String {
    engine
        .profile()
        .stage(id)
        .map(|s| text(engine, &s.name).to_string())
        .unwrap_or_else(|| id.to_string())
}

/// Renders the message for a cause on the ticket as it is after the change (`site_class`: see
/// [`stage_lines`]), in the desk's message language (the profile's `locale`).
pub fn render(
    engine: &Engine,
    ticket: &Ticket,
    cause: &Cause,
    site_class: Option<&str>,
    now: DateTime<Utc>,
) -> Message {
    if english(engine) {
        return render_en(engine, ticket, cause, site_class, now);
    }
    let number = &ticket.number;
    let when = local(engine, now);
    let word = unit_of(engine);
    let unit = &word.one;
    // «el caso» / «la solicitud», «resuelto» / «resuelta»: the words agree with the unit.
    let the = format!("{} {unit}", word.agree("la", "el"));
    let done = |stem: &str| format!("{stem}{}", word.agree("a", "o"));
    let (topic, lines): (String, Vec<String>) = match cause {
        Cause::Open => (
            done("registrad"),
            vec![format!(
                "Registramos su {unit} {number} el {when}. Use este número para darle seguimiento."
            )],
        ),
        Cause::Stage { stage } => (
            format!("etapa «{}»", stage_name(engine, stage)),
            stage_lines(engine, ticket, stage, site_class, now),
        ),
        Cause::Resolve => {
            let mut lines = vec![format!(
                "Su {unit} {number} fue {} el {when}.",
                done("resuelt")
            )];
            if let Some(r) = &ticket.resolution {
                if !r.solution.is_empty() {
                    lines.push(format!("Solución: {}", r.solution));
                }
                if !r.confirmed_by.is_empty() {
                    lines.push(format!("Confirmó el servicio normal: {}", r.confirmed_by));
                }
            }
            lines.push("Si el servicio no es normal, responda a este mensaje.".into());
            (done("resuelt"), lines)
        }
        Cause::Close => (
            done("cerrad"),
            vec![format!("Su {unit} {number} fue {} el {when}.", done("cerrad"))],
        ),
        Cause::Reject { reason } => {
            let mut lines = vec![format!(
                "Su reporte {number} quedó registrado el {when} como fuera del alcance del servicio: no se atenderá como {unit}."
            )];
            if !reason.trim().is_empty() {
                lines.push(format!("Motivo: {}", reason.trim()));
            }
            ("fuera de alcance".into(), lines)
        }
        Cause::Escalate { level } => (
            done("escalad"),
            vec![format!(
                "Su {unit} {number} fue {} al nivel {level} el {when}.",
                done("escalad")
            )],
        ),
        Cause::CustomerEscalation { level } => (
            done("remitid"),
            vec![format!(
                "Recibimos su solicitud de remitir {the} {number}: pasa al nivel {level} de escalamiento ({when})."
            )],
        ),
        Cause::Warning { clock, deadline } => (
            "alerta de plazo".into(),
            vec![format!(
                "El plazo de {} {} {unit} {number} vence el {}.",
                word.agree("de la", "del"),
                clock_name(false, clock),
                local(engine, *deadline)
            )],
        ),
        Cause::Breach { clock, deadline } => (
            "plazo vencido".into(),
            vec![format!(
                "El plazo de {} {} {unit} {number} venció el {}.",
                word.agree("de la", "del"),
                clock_name(false, clock),
                local(engine, *deadline)
            )],
        ),
        Cause::VerificationReminder { ends } => {
            let mut lines = vec![format!(
                "Le recordamos que su {unit} {number} fue {} y tiene hasta el {} para confirmar que el servicio es normal.",
                done("resuelt"),
                local(engine, *ends)
            )];
            if let Some(solution) = solution(ticket) {
                lines.push(format!("Solución: {solution}"));
            }
            lines.push(if auto_closes(engine) {
                format!("Si el servicio no es normal, responda a este mensaje antes de esa hora; sin respuesta, la solución se da por validada y {the} se cierra.")
            } else {
                "Si el servicio no es normal, responda a este mensaje.".into()
            });
            ("recordatorio de verificación".into(), lines)
        }
    };
    let labels = ["Estimado cliente:", "Empresa", "Sede", "Descripción"];
    let signature = format!(
        "Mensaje automático de {} por {the} {number}.",
        engine.profile().name
    );
    compose(ticket, &word, &topic, &lines, labels, &signature)
}

/// The solution written when resolving, if any.
fn solution(ticket: &Ticket) -> Option<&str> {
    let solution = ticket.resolution.as_ref().map(|r| r.solution.trim())?;
    (!solution.is_empty()).then_some(solution)
}

/// Whether the ticket closes by itself when the verification window ends.
fn auto_closes(engine: &Engine) -> bool {
    engine
        .profile()
        .closure
        .verification
        .is_some_and(|v| v.auto_close)
}

/// The subject and the body around the lines: `labels` are the greeting and the names of the
/// company, site and description lines.
fn compose(
    ticket: &Ticket,
    word: &UnitWord,
    topic: &str,
    lines: &[String],
    [greeting, company, site_label, description]: [&str; 4],
    signature: &str,
) -> Message {
    let number = &ticket.number;
    let site = ticket.site.as_deref().unwrap_or("").trim();
    let customer = ticket.customer.trim();
    let subject = match site {
        "" => format!("{} {number} — {topic} — {customer}", word.fill("{Unit}")),
        site => format!(
            "{} {number} — {topic} — {customer} / {site}",
            word.fill("{Unit}")
        ),
    };
    let mut body = format!("{greeting}\n\n");
    body.push_str(&lines.join("\n"));
    body.push_str("\n\n");
    body.push_str(&format!("{company}: {customer}\n"));
    if !site.is_empty() {
        body.push_str(&format!("{site_label}: {site}\n"));
    }
    if !ticket.description.trim().is_empty() {
        body.push_str(&format!("{description}: {}\n", ticket.description.trim()));
    }
    body.push_str(&format!("\n{signature}"));
    Message { subject, body }
}
