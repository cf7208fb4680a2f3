//! Notification rules fire: the events of an action (or of the due runner) in, the
//! `NotificationQueued` events the profile's rules ask for out.
//!
//! One message per rule that fires, addressed to the recipients the rule names (the customer
//! company's contacts of a role, the reporter, the escalation directory), rendered from a
//! Spanish template ([`template`]). Deterministic: the same ticket, events, customers and `now`
//! give the same messages. Each message carries a key naming the change that caused it
//! (`cambio_etapa/stage/diagnostico/3` = the third stage change, into diagnosis): a change
//! already notified is not notified again, and if two devices queue the same one the fold lists
//! it once. A rule whose recipients match nobody still queues its message, with no addressee
//! and the unmatched recipients named ("sin destinatarios"), instead of dropping it.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use mesa::domain::customer::{Customer, CustomerContact};
//! use mesa::domain::engine::Engine;
//! use mesa::domain::event::{EventKind, Opened};
//! use mesa::domain::notify::with_notifications;
//! use mesa::domain::profile::{preset, ProcessProfile};
//!
//! let engine = Engine::new(ProcessProfile::from_json(preset("p3-cirion").unwrap()).unwrap()).unwrap();
//! let customers = vec![Customer {
//!     name: "Banco Andino".into(),
//!     contacts: vec![CustomerContact { name: "Noc".into(), role: "notificaciones".into(),
//!                                      email: "noc@banco.example".into(), ..Default::default() }],
//!     ..Customer::default()
//! }];
//! let now = Utc.with_ymd_and_hms(2026, 10, 19, 15, 0, 0).unwrap();
//! let open = EventKind::Opened(Opened { number: "CIR-1".into(), customer: "Banco Andino".into(),
//!                                       request_kind: "tecnico".into(), ..Opened::default() });
//! let stage = EventKind::StageChanged { stage: "diagnostico".into(), entered_on: None };
//! let kinds = with_notifications(&engine, &customers, None, vec![open, stage], now);
//! let EventKind::NotificationQueued(n) = &kinds[2] else { panic!() };
//! assert_eq!(n.to, ["noc@banco.example"]);
//! assert!(n.subject.contains("Diagnóstico"));
//! ```

pub mod answer;
pub mod escalation_message;
pub mod mailto;
pub mod notification;
pub mod recipients;
pub mod template;

use chrono::{DateTime, Utc};

use crate::domain::customer::Customer;
use crate::domain::engine::Engine;
use crate::domain::event::{Escalation, Event, EventId, EventKind, Hlc, MarkedClock, Notification};
use crate::domain::fold::{apply, fold_ticket};
use crate::domain::profile::{NotificationRule, Recipient};
use crate::domain::ticket::{Status, Ticket};

pub use recipients::{customer_of, Addressees};
pub use template::{Cause, Message};

/// What a change did to the ticket, if it is something rules react to. `before` is the ticket
/// before the event, `after` after it (the event folded without a conflict).
fn cause_of(kind: &EventKind, before: Option<&Ticket>, after: &Ticket) -> Option<Cause> {
    let before_status = before.map(|b| b.status);
    match kind {
        EventKind::Opened(_) if before.is_none() => Some(Cause::Open),
        EventKind::StageChanged { stage, .. } => {
            let grew = after.stage_history.len() > before.map_or(0, |b| b.stage_history.len());
            grew.then(|| Cause::Stage {
                stage: stage.clone(),
            })
        }
        EventKind::Resolved(_) if before_status != Some(Status::Resolved) => {
            (after.status == Status::Resolved).then_some(Cause::Resolve)
        }
        EventKind::Closed { .. } | EventKind::AutoClosed
            if before_status != Some(Status::Closed) =>
        {
            (after.status == Status::Closed).then_some(Cause::Close)
        }
        EventKind::RejectedOutOfScope { reason } if after.status == Status::Rejected => {
            (before_status != Some(Status::Rejected)).then(|| Cause::Reject {
                reason: reason.clone(),
            })
        }
        EventKind::Escalated(Escalation::Customer { level, .. }) => {
            Some(Cause::CustomerEscalation { level: *level })
        }
        EventKind::Escalated(Escalation::Functional { level })
        | EventKind::Escalated(Escalation::Hierarchical { level, .. }) => {
            Some(Cause::Escalate { level: *level })
        }
        EventKind::ClockWarned { clock, deadline } if !matches!(clock, MarkedClock::Rule(_)) => {
            Some(Cause::Warning {
                clock: clock.clone(),
                deadline: *deadline,
            })
        }
        EventKind::VerificationEnding { ends } if after.status == Status::Resolved => {
            Some(Cause::VerificationReminder { ends: *ends })
        }
        EventKind::ClockBreached { clock, deadline } => Some(Cause::Breach {
            clock: clock.clone(),
            deadline: *deadline,
        }),
        _ => None,
    }
}

/// The part of the key naming the change; counters make a later, equal change a new one.
fn cause_key(cause: &Cause, after: &Ticket) -> String {
    match cause {
        Cause::Open => "open".into(),
        Cause::Stage { stage } => format!("stage/{stage}/{}", after.stage_history.len()),
        Cause::Resolve => format!("resolve/{}", after.reopen_count),
        Cause::Close => format!("close/{}", after.reopen_count),
        Cause::Reject { .. } => format!("reject/{}", after.reopen_count),
        Cause::Escalate { level } | Cause::CustomerEscalation { level } => {
            format!("escalate/{level}/{}", after.escalations)
        }
        Cause::Warning { clock, deadline } => format!("warning/{clock}/{}", deadline.to_rfc3339()),
        Cause::Breach { clock, deadline } => format!("breach/{clock}/{}", deadline.to_rfc3339()),
        Cause::VerificationReminder { ends } => format!("verification/{}", ends.to_rfc3339()),
    }
}

/// Whether a rule reacts to the cause: same event, and for a stage change the rule's stages
/// (or, when it lists none, the stages marked `notify`).
fn fires(engine: &Engine, rule: &NotificationRule, cause: &Cause) -> bool {
    if rule.on != cause.on() {
        return false;
    }
    match cause {
        Cause::Stage { stage } if rule.stages.is_empty() => {
            engine.profile().stage(stage).is_some_and(|s| s.notify)
        }
        Cause::Stage { stage } => rule.stages.contains(stage),
        _ => true,
    }
}

/// The notifications the profile's rules queue for one change, on the ticket as it is after it.
/// Changes already notified (their key is on the ticket) queue nothing.
pub fn notifications_for(
    engine: &Engine,
    customers: &[Customer],
    after: &Ticket,
    cause: &Cause,
    now: DateTime<Utc>,
) -> Vec<Notification> {
    let key = cause_key(cause, after);
    let site_class =
        customer_of(customers, after).and_then(|c| c.site_city_class(after.site.as_deref()?));
    engine
        .profile()
        .notifications
        .iter()
        .filter(|rule| fires(engine, rule, cause))
        .map(|rule| (rule, format!("{}/{key}", rule.id)))
        .filter(|(_, key)| !after.notification_keys.contains(key))
        .map(|(rule, key)| {
            // A customer escalation always reaches the level it climbed to.
            let mut to_whom = rule.to.clone();
            if let Cause::CustomerEscalation { level } = cause {
                let level = Recipient::EscalationLevel(*level);
                if !to_whom.contains(&level) {
                    to_whom.push(level);
                }
            }
            let Addressees { to, unresolved } =
                recipients::resolve(engine, customers, after, &to_whom, now);
            let Message { subject, body } = template::render(engine, after, cause, site_class, now);
            Notification {
                rule: rule.id.clone(),
                to,
                subject,
                body,
                key,
                unresolved,
                in_reply_to: None,
            }
        })
        .collect()
}

/// A stand-in event to fold a not-yet-stamped change into a copy of the ticket.
fn draft(
    ticket_id: &crate::domain::event::TicketId,
    kind: &EventKind,
    now: DateTime<Utc>,
    seq: u32,
) -> Event {
    let now_ms = now.timestamp_millis();
    let hlc = Hlc {
        wall_ms: now_ms,
        counter: seq,
        device: "mesa-notify".into(),
    };
    let id = EventId::from_parts(now_ms, u128::from(seq));
    Event::new(id, ticket_id.clone(), hlc, "mesa", kind.clone())
}

/// The events of one action (or one due pass on one ticket), each followed by the
/// notifications it queues. `before` is the ticket before them; `None` for a registration,
/// whose first event is the `Opened`. Events that would fold as conflicts notify nothing.
/// Every path that appends ticket events goes through this.
pub fn with_notifications(
    engine: &Engine,
    customers: &[Customer],
    before: Option<&Ticket>,
    kinds: Vec<EventKind>,
    now: DateTime<Utc>,
) -> Vec<EventKind> {
    let ticket_id = before.map(|t| t.id.clone()).unwrap_or_default();
    let mut sim: Option<Ticket> = before.cloned();
    let mut seq = 0u32;
    let mut out = Vec::with_capacity(kinds.len());
    for kind in kinds {
        seq += 1;
        let event = draft(&ticket_id, &kind, now, seq);
        let previous = sim.clone();
        let next = match sim.as_mut() {
            Some(t) => {
                apply(t, &event);
                sim.clone()
            }
            None => fold_ticket(std::slice::from_ref(&event)),
        };
        out.push(kind.clone());
        let Some(after) = next else {
            continue;
        };
        let conflicted = after.conflicts.len() > previous.as_ref().map_or(0, |p| p.conflicts.len());
        let cause = (!conflicted)
            .then(|| cause_of(&kind, previous.as_ref(), &after))
            .flatten();
        let mut after = after;
        if let Some(cause) = cause {
            for n in notifications_for(engine, customers, &after, &cause, now) {
                seq += 1;
                let queued = EventKind::NotificationQueued(n);
                apply(&mut after, &draft(&ticket_id, &queued, now, seq));
                out.push(queued);
            }
        }
        sim = Some(after);
    }
    out
}
