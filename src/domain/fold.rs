//! `state = fold(events sorted by (hlc, id))`.
//!
//! The fold is deterministic and does not depend on arrival order, duplicates, or which device
//! folds. An event that is not valid in the state it folds into is kept and flagged as a
//! [`Conflict`]; it is never dropped.
//!
//! ```
//! use mesa::domain::event::*;
//! use mesa::domain::fold::fold_ticket;
//! let hlc = Hlc::first(1_767_225_600_000, "d1");
//! let id = EventId::from_parts(hlc.wall_ms, 7);
//! let opened = Event::new(id.clone(), id.as_ticket(), hlc, "ana",
//!     EventKind::Opened(Opened { customer: "ACME".into(), description: "Sin servicio".into(),
//!                               ..Opened::default() }));
//! let ticket = fold_ticket(&[opened]).unwrap();
//! assert_eq!(ticket.customer, "ACME");
//! ```

use std::collections::{BTreeMap, HashSet};

mod steps;

use super::event::{Escalation, Event, EventKind, TicketId};
use super::name::Name;
use super::profile::StageTrigger;
use super::ticket::{Change, Conflict, ConflictReason, Pause, ReachedMilestone, Status, Ticket};
use steps::{end_pause, finish_verification, mark_clock, set_level, triggered_move_applies};

/// Sorts events into the one total order and removes duplicates (same id).
pub fn canonical_order(events: &[Event]) -> Vec<&Event> {
    let mut sorted: Vec<&Event> = events.iter().collect();
    sorted.sort_by(|a, b| a.order(b));
    let mut seen = HashSet::with_capacity(sorted.len());
    sorted.retain(|e| seen.insert(&e.id));
    sorted
}

/// Folds the events of ONE ticket. `None` if there is no opening event among them.
pub fn fold_ticket(events: &[Event]) -> Option<Ticket> {
    let ordered = canonical_order(events);
    let mut ticket: Option<Ticket> = None;
    for event in ordered {
        match ticket.as_mut() {
            None => {
                if let EventKind::Opened(_) = &event.kind {
                    ticket = Some(open(event));
                }
                // Events before the opening one cannot happen under the HLC (their author had
                // seen the opening); if a broken device sent one anyway it stays in the event
                // log and is folded by the next pass once the opening arrives.
            }
            Some(t) => apply(t, event),
        }
    }
    ticket
}

/// Folds a mixed set of events into every ticket they describe, ordered newest first. Desk
/// events (customers, directory, profile, articles, settings) are not tickets: they are left to
/// [`crate::domain::desk::fold_desk`].
pub fn fold_all(events: &[Event]) -> Vec<Ticket> {
    let mut by_ticket: BTreeMap<&TicketId, Vec<Event>> = BTreeMap::new();
    for event in events.iter().filter(|e| !e.kind.is_desk()) {
        by_ticket
            .entry(&event.ticket_id)
            .or_default()
            .push(event.clone());
    }
    let mut tickets: Vec<Ticket> = by_ticket
        .values()
        .filter_map(|evs| fold_ticket(evs))
        .collect();
    tickets.sort_by(super::ticket_list::order);
    tickets
}

fn open(event: &Event) -> Ticket {
    let EventKind::Opened(o) = &event.kind else {
        unreachable!("open() takes an Opened event")
    };
    let at = event.at();
    Ticket {
        id: event.ticket_id.clone(),
        number: o.number.as_str().into(),
        profile: Name::new(&o.profile),
        request_kind: Name::new(&o.request_kind),
        severity: o.severity.as_deref().map(Name::new),
        channel: o.channel.as_deref().map(Name::new),
        customer: Name::new(&o.customer),
        site: o.site.as_deref().map(Name::new),
        description: o.description.as_str().into(),
        fields: (&o.fields).into(),
        checklist: o.checklist.clone().into(),
        opened_by: Name::new(&event.actor),
        opened_at: at,
        reported_at: o.reported_at.filter(|r| *r <= at).unwrap_or(at),
        profile_version: o.profile_version.as_deref().map(Name::new),
        outside_contract: o.outside_contract.as_deref().map(Into::into),
        updated_at: at,
        level: o.level.filter(|l| *l >= 1).unwrap_or(1),
        // The level confirmed at registration is the first of its history.
        level_history: o
            .level
            .filter(|l| *l >= 1)
            .map(|value| Change { at, value })
            .into_iter()
            .collect(),
        severity_history: vec![Change {
            at,
            value: o.severity.as_deref().map(Name::new),
        }],
        event_count: 1,
        ..Ticket::default()
    }
}

/// Applies one event (already in canonical order) to the ticket.
pub fn apply(t: &mut Ticket, event: &Event) {
    // Desk events are addressed to desk records, never to a ticket (fold_all leaves them out);
    // one that names a ticket anyway changes nothing in it.
    if event.kind.is_desk() {
        return;
    }
    let at = event.at();
    t.event_count += 1;
    t.updated_at = t.updated_at.max(at);
    let active = matches!(t.status, Status::Open | Status::WaitingOnCustomer);
    let conflict = |t: &mut Ticket, reason| {
        t.conflicts.push(Conflict {
            event: event.id.clone(),
            reason,
            status: t.status,
            resolved: false,
        });
    };
    match &event.kind {
        EventKind::Opened(_) => conflict(t, ConflictReason::DuplicateOpen),
        EventKind::Classified { request_kind } if active => t.request_kind = request_kind.into(),
        EventKind::SeverityChanged { severity, .. } if active => {
            t.severity = severity.as_deref().map(Name::new);
            t.severity_history.push(Change {
                at,
                value: t.severity.clone(),
            });
        }
        EventKind::Assigned { assignee } if active => t.assignee = Some(assignee.into()),
        EventKind::LevelChanged { level, .. } if active => set_level(t, *level, at),
        // Two devices moving a ticket into the same stage (a closure each side moved it for):
        // it entered once, at the first, and its stage clock keeps that start.
        EventKind::StageChanged { stage, .. } if t.stage.as_deref() == Some(stage.as_str()) => {}
        // The profile's move after an event that did not apply (a conflict, flagged on that
        // event) does not happen either.
        EventKind::StageChanged {
            entered_on: Some(trigger),
            ..
        } if !triggered_move_applies(t, *trigger) => {}
        // A resolved ticket still walks its last stages (P3: documentation, follow-up, closure).
        EventKind::StageChanged { stage, entered_on } if active || t.status == Status::Resolved => {
            // The first stage a registration enters counts from when the fault was reported
            // (P3: reception of the report runs until the case is registered).
            let at = match entered_on {
                Some(StageTrigger::Registration) if t.stage_history.is_empty() => {
                    t.reported_at.min(at)
                }
                _ => at,
            };
            let stage = Name::new(stage);
            t.stage = Some(stage.clone());
            t.stage_history.push(Change { at, value: stage });
        }
        EventKind::UpdatePromised { at: promised } if active => {
            t.promised_update = Some(Box::new(Change {
                at,
                value: *promised,
            }));
        }
        EventKind::WaitingStarted { reason } if active => {
            // Two devices pausing at once is one pause: the second start is absorbed.
            if !t.is_paused() {
                t.pauses.push(Pause {
                    start: at,
                    end: None,
                    reason: reason.clone(),
                });
                t.status = Status::WaitingOnCustomer;
            }
        }
        EventKind::WaitingEnded if active => end_pause(t, at),
        EventKind::Escalated(escalation) if active => {
            t.escalations += 1;
            let level = match escalation {
                Escalation::Functional { level } => Some(*level),
                Escalation::Customer { level, .. } => Some(*level),
                Escalation::Hierarchical { .. } => None,
            };
            if let Some(level) = level {
                set_level(t, level, at);
            }
        }
        EventKind::Dispatched { site, city_class } if active => {
            t.dispatch = Some(Box::new((site.clone(), city_class.clone())));
            t.dispatched_at = Some(at);
        }
        // Reached in the stage the ticket is in, once per stay; a mark for a stage the ticket
        // has left meanwhile (moved on another device) changes nothing: leaving stopped its
        // clock.
        EventKind::MilestoneReached { stage, milestone } if active => {
            let stay = t.stage_history.len().checked_sub(1);
            if let (Some(stay), true) = (stay, t.stage.as_deref() == Some(stage.as_str())) {
                if t.milestone_reached(stay, milestone).is_none() {
                    t.milestones.push(ReachedMilestone {
                        stay,
                        milestone: milestone.clone(),
                        at,
                    });
                }
            }
        }
        EventKind::RestoredWithWorkaround { workaround } if active => {
            if t.workaround.is_none() {
                t.workaround = Some(Box::new(Change {
                    value: workaround.clone(),
                    at,
                }));
            }
            t.first_response_at.get_or_insert(at);
            t.customer_updates.push(at);
        }
        EventKind::Resolved(resolution) if active => {
            end_pause(t, at);
            t.resolution = Some(resolution.clone());
            t.resolved_at = Some(at);
            t.first_response_at.get_or_insert(at);
            t.customer_updates.push(at);
            t.status = Status::Resolved;
        }
        EventKind::RejectedOutOfScope { reason } => {
            if t.status != Status::Open || t.assignee.is_some() || t.resolution.is_some() {
                conflict(t, ConflictReason::AlreadyWorked);
            } else {
                t.rejection_reason = Some(reason.as_str().into());
                t.status = Status::Rejected;
                t.closed_at = Some(at);
            }
        }
        // Anything else that needs an active ticket arrived after it was finished.
        EventKind::Classified { .. }
        | EventKind::SeverityChanged { .. }
        | EventKind::Assigned { .. }
        | EventKind::LevelChanged { .. }
        | EventKind::StageChanged { .. }
        | EventKind::UpdatePromised { .. }
        | EventKind::WaitingStarted { .. }
        | EventKind::Escalated(_)
        | EventKind::Dispatched { .. }
        | EventKind::MilestoneReached { .. }
        | EventKind::RestoredWithWorkaround { .. }
        | EventKind::Resolved(_) => conflict(t, ConflictReason::TicketNotActive),
        EventKind::WaitingEnded => {} // already not waiting: nothing to end
        EventKind::CustomerVerified { .. } => finish_verification(t, at, false, event),
        EventKind::VerificationEnding { ends } => {
            if t.status == Status::Resolved {
                t.verification_reminded = Some(*ends);
            }
        }
        EventKind::AutoClosed => {
            // Two devices running the verification timer both append an auto-close, or the
            // customer verified while the timer fired elsewhere: the ticket is closed once.
            if t.status != Status::Closed {
                finish_verification(t, at, true, event);
            }
        }
        EventKind::CustomerRejected { .. } => {
            if t.status == Status::Resolved {
                t.status = Status::Open;
                t.resolved_at = None;
                t.solution_notice = None;
                t.solution_notified_at = None;
                t.solution_article = None;
                t.reopen_count += 1;
            } else {
                conflict(t, ConflictReason::NotResolved);
            }
        }
        EventKind::Closed { .. } => {
            if active || t.status == Status::Resolved {
                end_pause(t, at);
                t.status = Status::Closed;
                t.closed_at = Some(at);
            } else {
                conflict(t, ConflictReason::TicketNotActive);
            }
        }
        EventKind::Reopened { .. } => {
            if matches!(
                t.status,
                Status::Resolved | Status::Closed | Status::Rejected
            ) {
                t.status = Status::Open;
                t.closed_at = None;
                t.resolved_at = None;
                t.workaround = None;
                t.solution_notice = None;
                t.solution_notified_at = None;
                t.solution_article = None;
                t.auto_closed = false;
                t.rejection_reason = None;
                t.reopen_count += 1;
            } else {
                conflict(t, ConflictReason::NotFinished);
            }
        }
        EventKind::Commented {
            customer_visible, ..
        } => {
            if *customer_visible {
                t.first_response_at.get_or_insert(at);
                t.customer_updates.push(at);
            }
        }
        EventKind::AttachmentAdded(_) => t.attachments += 1,
        // Kept in any status (a customer may write on a closed ticket); not the desk's answer.
        EventKind::CustomerWrote(_) => t.customer_messages += 1,
        EventKind::NotificationQueued(n) => {
            // The same change replayed (two tabs, two devices, a retried action) queues its
            // message once: the first in the order is listed, the others stay in history.
            if n.key.is_empty() || !t.notification_keys.contains(&n.key) {
                let of_resolution = n.key.ends_with(&format!("/resolve/{}", t.reopen_count));
                if of_resolution
                    && t.status == Status::Resolved
                    && !n.has_no_recipients()
                    && t.solution_notice.is_none()
                {
                    t.solution_notice = Some(event.id.clone());
                }
                t.notifications_queued.push(event.id.clone());
                if !n.key.is_empty() {
                    t.notification_keys.push(n.key.clone());
                }
            }
        }
        EventKind::NotificationSent { notification, .. } => {
            if !t.notifications_sent.contains(notification) {
                t.notifications_sent.push(notification.clone());
            }
            if t.solution_notice.as_ref() == Some(notification) && t.status == Status::Resolved {
                t.solution_notified_at.get_or_insert(at);
            }
        }
        EventKind::ClockWarned { clock, deadline } => mark_clock(t, clock, *deadline, false),
        EventKind::ClockBreached { clock, deadline } => mark_clock(t, clock, *deadline, true),
        EventKind::ArticleLinked {
            article,
            as_solution,
        } => {
            if !t.articles.contains(article) {
                t.articles.push(article.clone());
            }
            if *as_solution {
                t.solution_article = Some(article.as_str().into());
            }
        }
        // Linking is allowed in any status (a closed ticket can be the original of a duplicate);
        // the same link made twice (two devices, both tickets' events) is listed once.
        EventKind::TicketLinked(link) => {
            let known = t
                .links
                .iter()
                .any(|l| l.other == link.other && l.relation == link.relation);
            if !known && link.other != t.id {
                t.links.push(link.clone());
            }
        }
        EventKind::CustomerLinked { customer } => t.customer = customer.into(),
        EventKind::ConflictResolved { events, .. } => {
            for c in t.conflicts.iter_mut().filter(|c| events.contains(&c.event)) {
                c.resolved = true;
            }
        }
        // Returned above.
        EventKind::CustomerCreated(_)
        | EventKind::CustomerChanged(_)
        | EventKind::CustomerArchived { .. }
        | EventKind::DirectoryContactSet(_)
        | EventKind::DirectoryContactRemoved { .. }
        | EventKind::PersonSet(_)
        | EventKind::PersonDeactivated { .. }
        | EventKind::ProfilePublished(_)
        | EventKind::ArticleWritten(_)
        | EventKind::ArticleRevised(_)
        | EventKind::ArticleRetired { .. }
        | EventKind::DeskSettingsChanged(_)
        | EventKind::DeviceKeyPublished(_)
        | EventKind::DeviceKeyRevoked(_) => {}
    }
}
