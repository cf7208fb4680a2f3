//! Queue-row summaries (the start-up cache): a row drawn from a summary equals the row drawn
//! from the full ticket, the stored rank gives the default order, and time moves a running
//! clock on to breached without recomputing.

use crate::common::{p4, stamp};
use chrono::{DateTime, TimeZone, Utc};
use mesa::domain::commands::register;
use mesa::domain::engine::Engine;
use mesa::domain::event::{Event, EventKind};
use mesa::domain::fold::fold_all;
use mesa::domain::queue::{order, QueueEntry, QueueFilter, Sort};
use mesa::domain::queue_summary::{profile_fingerprint, QueueSummary};
use mesa::domain::registration::TicketDraft;
use mesa::domain::sla::ClockState;

/// Monday 2026-10-19 at `h`:`m` in Mexico City (UTC-6).
fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 19, h + 6, m, 0).unwrap()
}

fn open(n: u128, when: DateTime<Utc>, customer: &str, sev: &str) -> Event {
    let draft = TicketDraft {
        request_kind: "incidente".into(),
        severity: Some(sev.into()),
        channel: Some("tel_mx".into()),
        customer: customer.into(),
        site: Some("Centro".into()),
        description: format!("falla en {customer}"),
        fields: [("usuario".to_string(), "Ana".to_string())].into(),
        reported_at: Some(when),
        ..TicketDraft::default()
    };
    register(&p4(), &draft, &stamp(when, n)).expect("valid draft")
}

fn history() -> Vec<Event> {
    let a = open(1, at(9, 0), "Uno", "s3");
    let b = open(2, at(9, 30), "Dos", "s1");
    let c = open(3, at(8, 0), "Tres", "s4");
    let d = open(4, at(8, 30), "Cuatro", "s2");
    let e = open(5, at(9, 10), "Cinco", "s3");
    let wait = stamp(at(9, 20), 9).on(
        &d.ticket_id,
        EventKind::WaitingStarted {
            reason: "logs".into(),
        },
    );
    let close = stamp(at(9, 40), 10).on(
        &e.ticket_id,
        EventKind::Closed {
            note: "duplicado".into(),
        },
    );
    vec![a, b, c, d, e, wait, close]
}

#[test]
fn a_row_from_a_summary_equals_the_row_from_the_ticket_and_the_rank_is_the_default_order() {
    let engine = Engine::new(p4()).unwrap();
    let now = at(10, 0);
    let mut tickets = fold_all(&history());
    tickets.sort_by(|a, b| b.opened_at.cmp(&a.opened_at).then_with(|| b.id.cmp(&a.id)));
    let entries: Vec<QueueEntry> = tickets
        .iter()
        .map(|t| QueueEntry::new(&engine, t.clone(), now))
        .collect();
    let summaries: Vec<QueueSummary> = tickets
        .iter()
        .map(|t| QueueSummary::new(&engine, t, now))
        .collect();

    for (entry, summary) in entries.iter().zip(&summaries) {
        let row = summary.entry(now);
        assert_eq!(row.next_deadline(), entry.next_deadline());
        assert_eq!(row.state, entry.state);
        assert_eq!(summary.event_count, entry.ticket.event_count);
        let (full, slim) = (&entry.ticket, &row.ticket);
        assert_eq!(slim.number, full.number);
        assert_eq!(slim.customer, full.customer);
        assert_eq!(slim.site, full.site);
        assert_eq!(slim.description, full.description);
        assert_eq!(slim.severity, full.severity);
        assert_eq!(slim.status, full.status);
        assert_eq!(slim.level, full.level);
        assert_eq!(slim.assignee, full.assignee);
        assert_eq!(slim.is_paused(), full.is_paused());
        assert_eq!(summary.rank.is_some(), full.status.is_active());
        assert!(slim.fields.is_empty(), "the summary leaves the history out");
    }

    // The stored rank orders the active tickets exactly as the default queue does.
    let default_queue: Vec<&str> = QueueFilter::default()
        .apply_in(&entries, &order(&entries, Sort::NextDeadline))
        .into_iter()
        .map(|i| entries[i].ticket.customer.as_str())
        .collect();
    let mut ranked: Vec<&QueueSummary> = summaries.iter().filter(|s| s.rank.is_some()).collect();
    ranked.sort_by(|a, b| a.rank.partial_cmp(&b.rank).unwrap());
    let by_rank: Vec<&str> = ranked.iter().map(|s| s.ticket.customer.as_str()).collect();
    assert_eq!(by_rank, default_queue);
    assert_eq!(by_rank.len(), 4, "the closed ticket is left out");
}

#[test]
fn a_running_clock_turns_breached_when_its_deadline_passes() {
    let engine = Engine::new(p4()).unwrap();
    let tickets = fold_all(&[open(1, at(8, 0), "Uno", "s1")]);
    let summary = QueueSummary::new(&engine, &tickets[0], at(8, 1));
    assert_eq!(summary.state, ClockState::Running);
    let (_, deadline) = summary.next_deadline.expect("an S1 has a deadline");
    let later = deadline + chrono::Duration::minutes(1);
    assert_eq!(summary.state_at(later), ClockState::Breached);
    assert_eq!(
        summary.state_at(later),
        QueueEntry::new(&engine, tickets[0].clone(), later).state
    );
    if let Some(warning) = summary.warning_at {
        assert_eq!(summary.state_at(warning), ClockState::Warning);
    }
}

#[test]
fn the_profile_fingerprint_changes_with_the_profile() {
    let json = p4().to_json();
    assert_eq!(
        profile_fingerprint("p4-callmyway", &json),
        profile_fingerprint("p4-callmyway", &json.clone())
    );
    let mut other = p4();
    other.name.push('!');
    assert_ne!(
        profile_fingerprint("p4-callmyway", &json),
        profile_fingerprint("p4-callmyway", &other.to_json())
    );
    // Another profile with the same text is another profile.
    assert_ne!(
        profile_fingerprint("p4-callmyway", &json),
        profile_fingerprint("custom", &json)
    );
}
