//! What must be appended to a ticket now: the timer work any device can do offline.
//!
//! [`Engine::due`](crate::domain::engine::Engine::due) returns, in this order:
//! 1. `ClockWarned { clock, deadline }` for each running clock past its warning threshold and
//!    `ClockBreached { clock, deadline }` for each running clock past its deadline, unless the
//!    ticket already records that mark (a clock that went from running straight to breached
//!    gets only the breach). A new deadline (severity change, new update cycle, new stage) is a
//!    new mark.
//! 2. The actions of each escalation rule whose trigger fired: `NotificationQueued` to the
//!    contacts of a level (the after-hours line if the rule fired outside office hours) or to
//!    one contact, `Escalated(Functional)` to move the ticket up to a level, `SeverityChanged`
//!    to the next more severe rank. A rule fires at most once per run of its clock (per
//!    response/restore clock, per update cycle, per stage): the firing is recorded as a
//!    `ClockWarned` mark whose `clock` is `"rule:<rule id>"` and whose `deadline` is the start
//!    of that clock run.
//!    Level and severity changes are only made while the ticket is being worked.
//! 3. `VerificationEnding` when the profile reminds the customer `reminder_before` the end of
//!    their verification window (the notification rules `on: verification_reminder` queue the
//!    message), once per window.
//! 4. `AutoClosed` when the ticket is resolved, the profile auto-closes, and the verification
//!    window has passed since the customer was told of the solution (the resolution's message
//!    sent; the resolution itself where no message is to be sent).
//!
//! The result is a fixpoint: the output is folded into a copy of the ticket and evaluated again
//! (a raised severity re-targets the clocks, whose new deadline may already be past), so
//! running `due` again after appending its output returns nothing. Two devices running it
//! concurrently append duplicates that the fold absorbs (marks are a set; auto-close closes
//! once).
//!
//! ```
//! use chrono::{Duration, TimeZone, Utc};
//! use mesa::domain::engine::Engine;
//! use mesa::domain::event::EventKind;
//! use mesa::domain::profile::{preset, ProcessProfile};
//! use mesa::domain::ticket::{Status, Ticket};
//!
//! let engine = Engine::new(ProcessProfile::from_json(preset("p1-sipo").unwrap()).unwrap()).unwrap();
//! let resolved = Utc.with_ymd_and_hms(2026, 10, 16, 22, 0, 0).unwrap();
//! let ticket = Ticket { request_kind: "incidente_api".into(), status: Status::Resolved,
//!                       resolved_at: Some(resolved), opened_at: resolved, reported_at: resolved,
//!                       ..Ticket::default() };
//! assert!(engine.due(&ticket, resolved + Duration::hours(21)).is_empty());
//! assert_eq!(engine.due(&ticket, resolved + Duration::hours(24)), vec![EventKind::AutoClosed]);
//! ```

use chrono::{DateTime, Utc};

use super::engine::Engine;
use super::escalation::{addresses, rule_applies};
use super::event::{Escalation, Event, EventId, EventKind, Hlc, MarkedClock, Notification};
use super::fold::apply;
use super::notify::escalation_message::{rule_body, RuleClock};
use super::profile::{EscalationAction, EscalationRule, TriggerWhen};
use super::sla::compute::{pauses, runs, Run, Runs};
use super::sla::index::{from_ns, to_ns};
use super::sla::{ClockKind, ClockState};
use super::ticket::{Status, Ticket};
use super::verification::{auto_close_due, verification_reminder_due};
pub use super::verification::{verification_ends, verification_starts};

/// Rounds of the fixpoint; each round after the first only follows a severity raise.
const MAX_ROUNDS: u32 = 8;

/// The `clock` code of the mark recording that a rule fired ([`MarkedClock::Rule`] as written),
/// also the reason of the severity raise it makes.
///
/// ```
/// assert_eq!(mesa::domain::due::rule_mark("etapa_vencida_n1"), "rule:etapa_vencida_n1");
/// ```
pub fn rule_mark(rule_id: &str) -> String {
    format!("rule:{rule_id}")
}

/// One due event and what made it due: `key` names the cause within the ticket (the clock or
/// rule, the instant or deadline it marks, the kind), so every device computing it names it
/// alike; `at` is the instant it marks (a breach at its deadline, a warning at its threshold, a
/// rule's action when its trigger fired, an auto-close when the verification window ended).
/// [`crate::domain::due_events`] turns these into events with ids and clocks derived from them.
#[derive(Clone, Debug, PartialEq)]
pub struct Due {
    pub kind: EventKind,
    pub key: String,
    pub at: DateTime<Utc>,
}

pub(crate) fn due(engine: &Engine, ticket: &Ticket, now: DateTime<Utc>) -> Vec<EventKind> {
    due_keyed(engine, ticket, now)
        .into_iter()
        .map(|d| d.kind)
        .collect()
}

/// [`Engine::due`] with each event's cause and instant (see [`Due`]).
pub(crate) fn due_keyed(engine: &Engine, ticket: &Ticket, now: DateTime<Utc>) -> Vec<Due> {
    let mut out: Vec<Due> = Vec::new();
    let mut sim: Option<Ticket> = None;
    let now_ms = now.timestamp_millis();
    let mut seq = 0u32;
    // A round after the first follows a severity raise: what it finds is not earlier than the
    // raise that made it due (a re-targeted deadline may lie before the raise).
    let mut floor: Option<DateTime<Utc>> = None;
    for _ in 0..MAX_ROUNDS {
        let mut step = round(engine, sim.as_ref().unwrap_or(ticket), now);
        if step.is_empty() {
            break;
        }
        for due in &mut step {
            due.at = due.at.max(floor.unwrap_or(due.at));
        }
        let t = sim.get_or_insert_with(|| ticket.clone());
        for due in &step {
            seq += 1;
            let hlc = Hlc {
                wall_ms: now_ms,
                counter: seq,
                device: "mesa-due".into(),
            };
            let id = EventId::from_parts(now_ms, u128::from(seq));
            apply(
                t,
                &Event::new(id, t.id.clone(), hlc, "mesa", due.kind.clone()),
            );
            if matches!(due.kind, EventKind::SeverityChanged { .. }) {
                floor = Some(floor.map_or(due.at, |f| f.max(due.at)));
            }
        }
        out.extend(step);
    }
    out
}

fn has_mark(ticket: &Ticket, clock: &MarkedClock, deadline: DateTime<Utc>, breach: bool) -> bool {
    ticket
        .clock_marks
        .iter()
        .any(|m| m.clock == *clock && m.deadline == deadline && m.breach == breach)
}

/// One evaluation of the ticket as it is.
fn round(engine: &Engine, ticket: &Ticket, now: DateTime<Utc>) -> Vec<Due> {
    if matches!(ticket.status, Status::Closed | Status::Rejected) {
        return Vec::new();
    }
    let now_ns = to_ns(now);
    let pause_list = pauses(ticket, now_ns);
    let runs = runs(engine, ticket, now_ns, &pause_list);
    let mut out = Vec::new();
    for run in runs.all() {
        let clock = &run.clock;
        let (Some(deadline), true) = (clock.deadline, clock.is_running()) else {
            continue;
        };
        let code = clock.kind.code();
        let marked = MarkedClock::Sla(clock.kind);
        let stamp = deadline.to_rfc3339();
        match clock.state {
            ClockState::Breached if !has_mark(ticket, &marked, deadline, true) => out.push(Due {
                kind: EventKind::ClockBreached {
                    clock: marked,
                    deadline,
                },
                key: format!("breach/{code}/{stamp}"),
                at: deadline,
            }),
            ClockState::Warning if !has_mark(ticket, &marked, deadline, false) => out.push(Due {
                kind: EventKind::ClockWarned {
                    clock: marked,
                    deadline,
                },
                key: format!("warning/{code}/{stamp}"),
                at: clock.warning_at.unwrap_or(deadline).min(deadline),
            }),
            _ => {}
        }
    }
    for rule in &engine.profile().escalation.rules {
        fire_rule(engine, ticket, &runs, rule, now, &mut out);
    }
    if let Some((ends, at)) = verification_reminder_due(engine, ticket, now) {
        out.push(Due {
            kind: EventKind::VerificationEnding { ends },
            key: format!("verification_reminder/{}", ends.to_rfc3339()),
            at,
        });
    }
    if let Some(end) = auto_close_due(engine, ticket, now) {
        let resolved = ticket
            .resolved_at
            .map(|r| r.to_rfc3339())
            .unwrap_or_default();
        out.push(Due {
            kind: EventKind::AutoClosed,
            key: format!("auto_close/{resolved}/{}", ticket.reopen_count),
            at: end,
        });
    }
    // Never before the opening: the fold starts a ticket at its opening event.
    let opened = ticket.opened_at + chrono::Duration::milliseconds(1);
    for due in &mut out {
        due.at = due.at.max(opened);
    }
    out
}

/// When the trigger fired (nanoseconds), if it has by `now`.
fn fired(run: &Run<'_>, when: TriggerWhen, now: i64) -> Option<i64> {
    let at = match when {
        TriggerWhen::AtPercent(p) => run.at_percent(u32::from(p)),
        TriggerWhen::MinutesBefore(m) => run.before_deadline(m),
        TriggerWhen::MinutesAfter(m) => run.after_deadline(m),
        TriggerWhen::Breach => return run.deadline.filter(|d| now > *d),
    };
    at.filter(|at| now >= *at)
}

fn fire_rule(
    engine: &Engine,
    ticket: &Ticket,
    runs: &Runs<'_>,
    rule: &EscalationRule,
    now: DateTime<Utc>,
    out: &mut Vec<Due>,
) {
    if !rule_applies(rule, ticket) {
        return;
    }
    let Some(run) = runs.get(rule.trigger.clock) else {
        return;
    };
    if let Some(stage) = &rule.trigger.stage {
        if ticket.stage_history.last().map(|c| c.value.as_str()) != Some(stage.as_str()) {
            return;
        }
    }
    if !run.clock.is_running() {
        return;
    }
    let Some(fired_at) = fired(run, rule.trigger.when, to_ns(now)) else {
        return;
    };
    let mark = rule_mark(&rule.id);
    let marked = MarkedClock::Rule(rule.id.clone());
    if has_mark(ticket, &marked, run.clock.started_at, false) {
        return;
    }
    let at = from_ns(fired_at);
    let cause = format!(
        "rule/{}/{}/{}",
        rule.id,
        run.clock.kind.code(),
        run.clock.started_at.to_rfc3339()
    );
    let mut push = |kind: EventKind, what: String| {
        let key = match &kind {
            EventKind::NotificationQueued(n) => format!("notify/{}", n.key),
            _ => format!("{cause}/{what}"),
        };
        out.push(Due { kind, key, at });
    };
    let active = matches!(ticket.status, Status::Open | Status::WaitingOnCustomer);
    // The rule's name in the desk's message language (its translation in the profile).
    let profile = engine.profile();
    let subject = if rule.name.is_empty() {
        &rule.id
    } else {
        profile.text(&rule.name, profile.message_language())
    };
    let clock = RuleClock {
        kind: run.clock.kind,
        milestone: runs
            .milestone
            .as_ref()
            .filter(|_| run.clock.kind == ClockKind::Milestone)
            .map(|(id, _)| *id),
        deadline: run.clock.deadline,
    };
    let body = |level: Option<u8>| rule_body(engine, ticket, subject, clock, level, at);
    let notify = |to: Vec<String>, level: Option<u8>| {
        let key = format!(
            "{}/{}/{}/{}",
            rule.id,
            run.clock.kind.code(),
            run.clock.started_at.to_rfc3339(),
            level.map(|l| l.to_string()).unwrap_or_default()
        );
        EventKind::NotificationQueued(Notification {
            rule: rule.id.clone(),
            to,
            subject: subject.to_string(),
            body: body(level),
            key,
            ..Notification::default()
        })
    };
    for action in &rule.actions {
        match action {
            EscalationAction::NotifyEscalationLevel { level } => {
                // The line on duty when the rule fired (the after-hours line at night): every
                // device computing this action, whenever it runs, addresses the same people.
                let to = addresses(&engine.directory_for_level(*level, at));
                if !to.is_empty() {
                    push(notify(to, Some(*level)), String::new());
                }
            }
            EscalationAction::NotifyContact { contact } => {
                let to = addresses(&engine.contact(contact).into_iter().collect::<Vec<_>>());
                if !to.is_empty() {
                    push(notify(to, None), String::new());
                }
            }
            EscalationAction::MoveToLevel { level } if active && ticket.level < *level => {
                push(
                    EventKind::Escalated(Escalation::Functional { level: *level }),
                    format!("level/{level}"),
                );
            }
            EscalationAction::RaiseSeverity if active => {
                if let Some(severity) = more_severe(engine, ticket) {
                    let what = format!("severity/{severity}");
                    push(
                        EventKind::SeverityChanged {
                            severity: Some(severity),
                            reason: mark.clone(),
                        },
                        what,
                    );
                }
            }
            EscalationAction::MoveToLevel { .. } | EscalationAction::RaiseSeverity => {}
        }
    }
    push(
        EventKind::ClockWarned {
            clock: marked,
            deadline: run.clock.started_at,
        },
        "mark".into(),
    );
}

/// The severity of the next more severe rank (the largest rank below the current one).
fn more_severe(engine: &Engine, ticket: &Ticket) -> Option<String> {
    let profile = engine.profile();
    let current = profile.severity(ticket.severity.as_deref()?)?.rank;
    profile
        .severities
        .iter()
        .filter(|s| s.rank < current)
        .max_by_key(|s| s.rank)
        .map(|s| s.id.clone())
}
