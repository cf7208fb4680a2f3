//! The builders: plain form inputs in, the [`EventKind`] to stamp (or every problem) out.

use chrono::{DateTime, Utc};

use super::*;
use crate::domain::registration::Problem;

/// Changes the request kind ("clasificar").
pub fn classify(profile: &ProcessProfile, ticket: &Ticket, kind: &str) -> Built {
    let kind = kind.trim();
    let issue = if kind.is_empty() {
        Some(Issue::Required)
    } else if profile.kind(kind).is_none() {
        Some(Issue::NotAnOption)
    } else if kind == ticket.request_kind {
        Some(Issue::Unchanged)
    } else {
        None
    };
    match issue {
        Some(issue) => Err(vec![ActionProblem::new("request_kind", issue)]),
        None => Ok(EventKind::Classified {
            request_kind: kind.to_string(),
        }),
    }
}

/// Raises or lowers the severity; the reason is recorded in the history.
pub fn change_severity(
    profile: &ProcessProfile,
    ticket: &Ticket,
    severity: &str,
    reason: &str,
) -> Built {
    let mut out = Vec::new();
    let severity = severity.trim();
    if severity.is_empty() {
        out.push(ActionProblem::new("severity", Issue::Required));
    } else if profile.severity(severity).is_none() {
        out.push(ActionProblem::new("severity", Issue::NotAnOption));
    } else if ticket.severity.as_deref() == Some(severity) {
        out.push(ActionProblem::new("severity", Issue::Unchanged));
    }
    let reason = required("reason", reason, &mut out);
    done(
        EventKind::SeverityChanged {
            severity: Some(severity.to_string()),
            reason,
        },
        out,
    )
}

/// Gives the ticket to a person or group.
pub fn assign(ticket: &Ticket, assignee: &str) -> Built {
    let assignee = assignee.trim();
    if assignee.is_empty() {
        return Err(vec![ActionProblem::new("assignee", Issue::Required)]);
    }
    if ticket.assignee.as_deref() == Some(assignee) {
        return Err(vec![ActionProblem::new("assignee", Issue::Unchanged)]);
    }
    Ok(EventKind::Assigned {
        assignee: assignee.to_string(),
    })
}

/// Moves the ticket to another stage of its lifecycle.
///
/// The stages' field rules hold: the fields the current stage needs to be left
/// (`required_to_leave`) and those the chosen stage needs to be entered (`required_to_enter`)
/// must have values; the missing ones are named in the problem.
pub fn move_stage(profile: &ProcessProfile, ticket: &Ticket, stage: &str) -> Built {
    let stage = stage.trim();
    let options = stage_options(profile, ticket);
    let chosen = options.into_iter().find(|s| s.id == stage);
    let to = match chosen {
        _ if stage.is_empty() => Err(Issue::Required),
        _ if ticket.stage.as_deref() == Some(stage) => Err(Issue::Unchanged),
        None => Err(Issue::NotAnOption),
        Some(to) => Ok(to),
    }
    .map_err(|issue| vec![ActionProblem::new("stage", issue)])?;
    let (leave, enter) = stage_move_missing(profile, ticket, to);
    let mut out = Vec::new();
    if !leave.is_empty() {
        out.push(ActionProblem::naming("stage", Issue::MissingToLeave, leave));
    }
    if !enter.is_empty() {
        out.push(ActionProblem::naming("stage", Issue::MissingToEnter, enter));
    }
    done(
        EventKind::StageChanged {
            stage: stage.to_string(),
            entered_on: None,
        },
        out,
    )
}

/// Escalates along the functional levels or up the hierarchy ("Escalar").
pub fn escalate(profile: &ProcessProfile, ticket: &Ticket, choice: &EscalationChoice) -> Built {
    if !escalation_choices(profile, ticket).contains(choice) {
        return Err(vec![ActionProblem::new("escalation", Issue::NotAnOption)]);
    }
    Ok(EventKind::Escalated(match choice {
        EscalationChoice::Functional { level } => Escalation::Functional { level: *level },
        EscalationChoice::Hierarchical { level, contact } => Escalation::Hierarchical {
            level: *level,
            contact: Some(contact.clone()),
        },
    }))
}

/// The customer asks to escalate ("Remitir caso", P5): the escalation to the next level of the
/// path and the notification to that level's contacts.
pub fn customer_escalation(
    engine: &Engine,
    ticket: &Ticket,
    reason: &str,
    now: DateTime<Utc>,
) -> Built<Vec<EventKind>> {
    let reason = reason.trim();
    let Some(spec) = engine.profile().escalation.customer_escalation.as_ref() else {
        return Err(vec![ActionProblem::new("reason", Issue::NotAnOption)]);
    };
    if reason.is_empty() {
        return Err(vec![ActionProblem::new("reason", Issue::Required)]);
    }
    if !spec.reasons.iter().any(|r| r.id == reason) {
        return Err(vec![ActionProblem::new("reason", Issue::NotAnOption)]);
    }
    engine
        .customer_escalation(ticket, reason, now)
        .ok_or_else(|| vec![ActionProblem::new("reason", Issue::TopOfPath)])
}

/// Sends field staff to a site ("despacho"). The city class is required when the profile
/// defines classes (stage targets depend on it).
pub fn dispatch(profile: &ProcessProfile, site: &str, city_class: &str) -> Built {
    let mut out = Vec::new();
    let site = required("site", site, &mut out);
    let city_class = city_class.trim();
    if !profile.city_classes.is_empty() {
        if city_class.is_empty() {
            out.push(ActionProblem::new("city_class", Issue::Required));
        } else if !profile.city_classes.iter().any(|c| c.id == city_class) {
            out.push(ActionProblem::new("city_class", Issue::NotAnOption));
        }
    } else if !city_class.is_empty() {
        out.push(ActionProblem::new("city_class", Issue::NotAnOption));
    }
    done(
        EventKind::Dispatched {
            site,
            city_class: city_class.to_string(),
        },
        out,
    )
}

/// Marks the milestone running in the ticket's stage reached (P3: «Técnico en la sede», then
/// «Solución en campo»); there is none to mark before it started (the travel waits for the
/// dispatch).
pub fn reach_milestone(profile: &ProcessProfile, ticket: &Ticket) -> Built {
    match (
        ticket.stage.as_ref(),
        crate::domain::milestone::next_milestone(profile, ticket),
    ) {
        (Some(stage), Some(m)) => Ok(EventKind::MilestoneReached {
            stage: stage.to_string(),
            milestone: m.id.clone(),
        }),
        _ => Err(vec![ActionProblem::new("milestone", Issue::NotAnOption)]),
    }
}

/// Records the service restored with a workaround ("servicio restablecido con alternativa"):
/// which workaround, in the customer's words.
pub fn restore_with_workaround(workaround: &str) -> Built {
    let mut out = Vec::new();
    let workaround = required("workaround", workaround, &mut out);
    done(EventKind::RestoredWithWorkaround { workaround }, out)
}

/// Pauses the restore clock while waiting for the customer ("En espera del cliente").
pub fn wait_on_customer(reason: &str) -> Built {
    let mut out = Vec::new();
    let reason = required("reason", reason, &mut out);
    done(EventKind::WaitingStarted { reason }, out)
}

/// The customer answered ("Reanudar").
pub fn resume() -> EventKind {
    EventKind::WaitingEnded
}

/// A next update time promised to the customer in writing; must be after `now`.
pub fn promise_update(at: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Built {
    match at {
        None => Err(vec![ActionProblem::new("at", Issue::Required)]),
        Some(at) if at <= now => Err(vec![ActionProblem::new("at", Issue::NotInFuture)]),
        Some(at) => Ok(EventKind::UpdatePromised { at }),
    }
}

/// A note, or an update to the customer when `customer_visible`.
pub fn comment(text: &str, customer_visible: bool) -> Built {
    let mut out = Vec::new();
    let text = required("text", text, &mut out);
    done(
        EventKind::Commented {
            text,
            customer_visible,
        },
        out,
    )
}

/// Records a file stored beside the events.
pub fn attach(attachment: Attachment) -> Built {
    let mut out = Vec::new();
    required("id", &attachment.id, &mut out);
    required("name", &attachment.name, &mut out);
    done(EventKind::AttachmentAdded(attachment), out)
}

/// The minutes typed in a form: empty is none, otherwise a whole number.
pub fn parse_minutes(text: &str) -> Result<Option<u32>, Issue> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    text.parse::<u32>().map(Some).map_err(|_| Issue::NotANumber)
}

/// Resolves the ticket with its closure data, checked against the profile's required fields.
pub fn resolve(profile: &ProcessProfile, draft: &ResolutionDraft) -> Built {
    let out: Vec<ActionProblem> = match profile.validate_closure(draft) {
        Ok(()) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .map(|p| {
                let issue = match p.problem {
                    Problem::NotAnOption => Issue::NotAnOption,
                    _ => Issue::Required,
                };
                ActionProblem::new(p.field, issue)
            })
            .collect(),
    };
    done(
        EventKind::Resolved(Resolution {
            root_cause: draft.root_cause.trim().to_string(),
            solution: draft.solution.trim().to_string(),
            affected_minutes: draft.affected_minutes,
            confirmed_by: draft.confirmed_by.trim().into(),
            category: draft.category.as_deref().map(Into::into),
        }),
        out,
    )
}

/// The resolution form as typed: the minutes are text until checked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ResolveForm {
    pub root_cause: String,
    pub solution: String,
    pub affected_minutes: String,
    pub confirmed_by: String,
    /// The closure category chosen (empty: none).
    pub category: String,
}

/// [`resolve`] from the typed form: a malformed number and the missing fields are reported
/// together.
pub fn resolve_form(profile: &ProcessProfile, form: &ResolveForm) -> Built {
    let (minutes, mut out) = match parse_minutes(&form.affected_minutes) {
        Ok(m) => (m, Vec::new()),
        Err(issue) => (None, vec![ActionProblem::new("affected_minutes", issue)]),
    };
    let draft = ResolutionDraft {
        root_cause: form.root_cause.clone(),
        solution: form.solution.clone(),
        affected_minutes: minutes,
        confirmed_by: form.confirmed_by.clone(),
        category: Some(form.category.trim().to_string()).filter(|c| !c.is_empty()),
    };
    match resolve(profile, &draft) {
        Ok(kind) if out.is_empty() => Ok(kind),
        Ok(_) => Err(out),
        Err(problems) => {
            // A malformed number already has its problem: it is not also "missing".
            let typed = !blank(&form.affected_minutes);
            out.extend(
                problems
                    .into_iter()
                    .filter(|p| !typed || p.field != "affected_minutes"),
            );
            Err(out)
        }
    }
}

/// [`resolve_form`] with a knowledge-base article used as the solution ("Usar como solución"):
/// the article is linked as the solution (`ArticleLinked { as_solution: true }`) right before
/// the resolution, so the history records which article solved the ticket. A blank article id
/// is the plain resolution; the form's problems are reported exactly as [`resolve_form`] does.
pub fn resolve_with_article(
    profile: &ProcessProfile,
    form: &ResolveForm,
    article: Option<&str>,
) -> Built<Vec<EventKind>> {
    let resolved = resolve_form(profile, form)?;
    let mut kinds = Vec::with_capacity(2);
    if let Some(article) = article.map(str::trim).filter(|a| !a.is_empty()) {
        kinds.push(EventKind::ArticleLinked {
            article: article.to_string(),
            as_solution: true,
        });
    }
    kinds.push(resolved);
    Ok(kinds)
}

/// The customer confirmed the solution (names the person who confirms).
pub fn customer_verify(by: &str) -> Built {
    let mut out = Vec::new();
    let by = required("by", by, &mut out);
    done(EventKind::CustomerVerified { by }, out)
}

/// The customer says the solution does not work: the ticket is worked again.
pub fn customer_reject(reason: &str) -> Built {
    let mut out = Vec::new();
    let reason = required("reason", reason, &mut out);
    done(EventKind::CustomerRejected { reason }, out)
}

/// Closes a resolved ticket ("Cerrar"); the note is optional.
pub fn close(note: &str) -> EventKind {
    EventKind::Closed {
        note: note.trim().to_string(),
    }
}

/// Rejects a report outside the support scope ("Fuera de alcance"); the reason is required
/// unless the profile's scope rule says otherwise.
pub fn reject_out_of_scope(profile: &ProcessProfile, reason: &str) -> Built {
    let needs_reason = profile
        .registration
        .scope
        .as_ref()
        .is_none_or(|s| s.reason_required);
    let mut out = Vec::new();
    let reason = if needs_reason {
        required("reason", reason, &mut out)
    } else {
        reason.trim().to_string()
    };
    done(EventKind::RejectedOutOfScope { reason }, out)
}

/// Reopens a resolved, closed or rejected ticket ("Reabrir").
pub fn reopen(reason: &str) -> Built {
    let mut out = Vec::new();
    let reason = required("reason", reason, &mut out);
    done(EventKind::Reopened { reason }, out)
}

/// A person decided about flagged events: they stay in history, marked resolved.
pub fn resolve_conflicts(ticket: &Ticket, events: &[EventId], note: &str) -> Built {
    let mut out = Vec::new();
    let open: Vec<&EventId> = ticket.open_conflicts().map(|c| &c.event).collect();
    if events.is_empty() || events.iter().any(|e| !open.contains(&e)) {
        out.push(ActionProblem::new("events", Issue::NotAnOption));
    }
    let note = required("note", note, &mut out);
    done(
        EventKind::ConflictResolved {
            events: events.to_vec(),
            note,
        },
        out,
    )
}
