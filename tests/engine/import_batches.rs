//! Import batches are whole tickets: every event exactly once, a ticket never split across two
//! batches, batches within the limit unless one ticket alone is larger, order kept.

use mesa::domain::event::*;
use mesa::domain::import_batches::whole_ticket_batches;
use proptest::prelude::*;

fn event(ticket: usize, n: u128) -> Event {
    Event::new(
        EventId::from_parts(1_792_000_000_000, n),
        TicketId(format!("t{ticket}")),
        Hlc::first(1_792_000_000_000 + n as i64, "dev"),
        "ana",
        EventKind::Commented {
            text: format!("{n}"),
            customer_visible: false,
        },
    )
}

#[test]
fn interleaved_tickets_are_regrouped_not_split() {
    // a b a b a b with a limit of 4: a plain 4-event chunk would split both tickets.
    let events: Vec<Event> = (0..6).map(|n| event(n % 2, n as u128)).collect();
    let batches = whole_ticket_batches(&events, 4);
    let tickets: Vec<Vec<&str>> = batches
        .iter()
        .map(|b| b.iter().map(|e| e.ticket_id.as_str()).collect())
        .collect();
    assert_eq!(tickets, [vec!["t0"; 3], vec!["t1"; 3]]);
}

#[test]
fn a_ticket_larger_than_the_limit_gets_a_batch_of_its_own() {
    let mut events: Vec<Event> = (0..2).map(|n| event(0, n)).collect();
    events.extend((2..9).map(|n| event(1, n)));
    events.push(event(2, 9));
    let sizes: Vec<usize> = whole_ticket_batches(&events, 3)
        .iter()
        .map(Vec::len)
        .collect();
    assert_eq!(sizes, [2, 7, 1]);
    assert!(whole_ticket_batches(&[], 3).is_empty());
}

proptest! {
    #[test]
    fn every_event_once_whole_tickets_within_the_limit(
        tickets in prop::collection::vec(0usize..12, 0..120),
        max in 1usize..20,
    ) {
        let events: Vec<Event> = tickets.iter().enumerate().map(|(n, t)| event(*t, n as u128)).collect();
        let batches = whole_ticket_batches(&events, max);

        // Every event exactly once, each ticket's events in input order.
        let flat: Vec<&Event> = batches.iter().flatten().collect();
        prop_assert_eq!(flat.len(), events.len());
        for t in 0..12 {
            let id = format!("t{t}");
            let input: Vec<&Event> = events.iter().filter(|e| e.ticket_id.0 == id).collect();
            let output: Vec<&Event> = flat.iter().copied().filter(|e| e.ticket_id.0 == id).collect();
            prop_assert_eq!(input, output);
            // In one batch only.
            let holding = batches.iter().filter(|b| b.iter().any(|e| e.ticket_id.0 == id)).count();
            prop_assert!(holding <= 1);
        }
        for b in &batches {
            prop_assert!(!b.is_empty());
            let single = b.iter().all(|e| e.ticket_id == b[0].ticket_id);
            prop_assert!(b.len() <= max || single, "batch of {} over {max} with several tickets", b.len());
        }
    }
}
