//! The search index's view of a ticket (#21, search before the full list is read): its rank
//! gives the queue's default order, sorting the list by the rank's deadline alone gives it too
//! (the index's writer relies on that), and a ticket is found by the line's rule (active and
//! every word in its text, or its whole number) exactly when the queue's filter finds it.

use super::*;
use mesa::domain::kb::fold_text;
use mesa::domain::queue_index::{IndexedTicket, QueueRank};
use mesa::domain::ticket_list;
use proptest::prelude::*;

const CUSTOMERS: &[&str] = &["Clínica San Rafael", "Hotel Brisa-Azul", "ÁGUILA S.A."];
const SITES: &[&str] = &["León", "Santiago Centro", "Sur"];
const TEXTS: &[&str] = &["Sin señal", "Caída en Mérida", "rafael pide informe"];
const SEVERITIES: &[&str] = &["s1", "s2", "s3", "s4"];

/// Tickets opened at the picked minutes (several in one minute), some waiting on the customer
/// (their clocks paused) and some closed, at noon.
fn desk(picks: &[(usize, usize, usize, usize, u32, u8)]) -> Vec<QueueEntry> {
    let p = p4();
    let mut events = Vec::new();
    for (i, &(c, s, d, sev, minute, fate)) in picks.iter().enumerate() {
        let n = i as u128 + 1;
        let opened = open(
            &p,
            n,
            at(9, minute % 3 * 20),
            CUSTOMERS[c],
            SITES[s],
            SEVERITIES[sev],
            TEXTS[d],
        );
        let id = opened.ticket_id.clone();
        events.push(opened);
        let later = stamp(at(10, minute % 60), 100 + n);
        match fate {
            1 => events.push(later.on(
                &id,
                EventKind::WaitingStarted {
                    reason: "logs".into(),
                },
            )),
            2 => events.push(later.on(
                &id,
                EventKind::Closed {
                    note: "duplicado".into(),
                },
            )),
            _ => {}
        }
    }
    let mut all = entries(&events, at(12, 0));
    all.sort_by(|a, b| ticket_list::order(&a.ticket, &b.ticket));
    all
}

fn picks() -> impl Strategy<Value = Vec<(usize, usize, usize, usize, u32, u8)>> {
    proptest::collection::vec(
        (0..3usize, 0..3usize, 0..3usize, 0..4usize, 0..60u32, 0..3u8),
        1..10,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]
    #[test]
    fn the_rank_is_the_default_order_and_its_deadline_alone_sorts_the_list_so(picks in picks()) {
        let all = desk(&picks);
        let expected: Vec<&str> = order(&all, Sort::NextDeadline)
            .into_iter()
            .map(|i| all[i].ticket.id.as_str())
            .collect();
        let mut by_rank: Vec<QueueRank> = all.iter().map(QueueRank::of_entry).collect();
        by_rank.sort();
        prop_assert_eq!(by_rank.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), expected.clone());
        // The writer's sort: the list (in its order) by the deadline alone, stable.
        let mut by_due: Vec<(i64, usize)> = all
            .iter()
            .enumerate()
            .map(|(i, e)| (QueueRank::due(e.next_deadline().map(|(_, at)| at)), i))
            .collect();
        by_due.sort_by_key(|&(due, _)| due);
        prop_assert_eq!(
            by_due.iter().map(|&(_, i)| all[i].ticket.id.as_str()).collect::<Vec<_>>(),
            expected
        );
    }

    #[test]
    fn a_line_is_found_exactly_when_the_queue_finds_its_ticket(
        picks in picks(),
        query in "[a-zñáé .;-]{0,10}",
        by_number in 0..12usize,
    ) {
        let all = desk(&picks);
        // Some runs search a ticket's whole number, in lower case.
        let text = match all.get(by_number) {
            Some(e) if by_number % 2 == 0 => e.ticket.number.to_lowercase(),
            _ => query,
        };
        let filter = QueueFilter { text, ..QueueFilter::default() };
        let Some(index_query) = filter.index_query() else {
            prop_assert!(filter.text.trim().is_empty());
            return Ok(());
        };
        prop_assert_eq!(&index_query.words, &fold_text(&filter.text).split_whitespace().map(str::to_string).collect::<Vec<_>>());
        let mut expected = filter.apply(&all, Sort::Newest);
        expected.sort();
        let found: Vec<usize> = (0..all.len())
            .filter(|&i| {
                let line = IndexedTicket::new(&all[i].ticket, QueueRank::of_entry(&all[i]));
                index_query.number.as_deref() == Some(line.number.as_str())
                    || (line.active && index_query.words.iter().all(|w| line.text.contains(w.as_str())))
            })
            .collect();
        prop_assert_eq!(found, expected);
    }
}

#[test]
fn a_search_with_other_filters_is_not_the_index_s() {
    let filter = QueueFilter {
        text: "brisa".into(),
        only_breached: true,
        ..QueueFilter::default()
    };
    assert_eq!(filter.index_query(), None);
    let blank = QueueFilter {
        text: "  ".into(),
        ..QueueFilter::default()
    };
    assert_eq!(blank.index_query(), None);
}
