//! The ticket list's one order (newest opened first, then by id), used by the fold, the store and
//! the queue's list, and merging freshly read tickets into a list kept in that order.

use std::borrow::Borrow;
use std::collections::HashSet;

use crate::domain::ticket::Ticket;

/// The ticket list's order: newest opened first, then by id.
pub fn order(a: &Ticket, b: &Ticket) -> std::cmp::Ordering {
    b.opened_at.cmp(&a.opened_at).then_with(|| b.id.cmp(&a.id))
}

/// Replaces (or inserts) `fresh` tickets in `list` (in [`order`]), keeping that order, in one
/// pass over the list: a pulled page touches hundreds of tickets of a list of tens of thousands.
/// The list holds tickets or shared tickets (`Arc<Ticket>`, as the app's list does).
pub fn merge_tickets<T: Borrow<Ticket>>(list: &mut Vec<T>, mut fresh: Vec<T>) {
    if fresh.is_empty() {
        return;
    }
    let ids: HashSet<&str> = fresh.iter().map(|t| t.borrow().id.as_str()).collect();
    let kept: Vec<T> = std::mem::take(list)
        .into_iter()
        .filter(|t| !ids.contains(t.borrow().id.as_str()))
        .collect();
    fresh.sort_by(|a, b| order(a.borrow(), b.borrow()));
    let mut merged = Vec::with_capacity(kept.len() + fresh.len());
    let mut kept = kept.into_iter().peekable();
    for ticket in fresh {
        while let Some(next) = kept.next_if(|k| order(k.borrow(), ticket.borrow()).is_le()) {
            merged.push(next);
        }
        merged.push(ticket);
    }
    merged.extend(kept);
    *list = merged;
}

/// [`merge_tickets`] for tickets folded a while ago (a sync session's pages, shown every few
/// seconds): a fresh ticket whose listed version has more events (changed on this tab since)
/// is left out, the listed one being newer.
pub fn merge_newer<T: Borrow<Ticket>>(list: &mut Vec<T>, fresh: Vec<T>) {
    let fresh = newer_than_listed(list, fresh);
    merge_tickets(list, fresh);
}

/// The `fresh` tickets that are not older than their version in `list` (a ticket's fold only
/// gains events: one with fewer than the listed one was folded before it).
pub fn newer_than_listed<T: Borrow<Ticket>>(list: &[T], mut fresh: Vec<T>) -> Vec<T> {
    let listed: std::collections::HashMap<&str, u32> = list
        .iter()
        .map(|t| (t.borrow().id.as_str(), t.borrow().event_count))
        .collect();
    fresh.retain(|t| {
        let t = t.borrow();
        listed
            .get(t.id.as_str())
            .is_none_or(|&events| events <= t.event_count)
    });
    fresh
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::event::{Event, EventId, EventKind, Hlc, Opened};
    use crate::domain::fold::fold_ticket;

    fn ticket(wall_ms: i64, n: u128, customer: &str) -> Ticket {
        let hlc = Hlc::first(wall_ms, "d1");
        let id = EventId::from_parts(hlc.wall_ms, n);
        let kind = EventKind::Opened(Opened {
            number: format!("N{n}"),
            customer: customer.into(),
            description: "x".into(),
            ..Opened::default()
        });
        fold_ticket(&[Event::new(id.clone(), id.as_ticket(), hlc, "ana", kind)]).unwrap()
    }

    fn shown(list: &[Ticket]) -> Vec<(String, String)> {
        list.iter()
            .map(|t| (t.id.as_str().to_string(), t.customer.to_string()))
            .collect()
    }

    #[test]
    fn fresh_tickets_replace_their_old_versions_and_new_ones_land_in_order() {
        let t0 = 1_767_225_600_000;
        // Three tickets per opening second: the id breaks the ties.
        let mut all: Vec<Ticket> = (0..60)
            .map(|i| ticket(t0 + (i / 3) * 1_000, i as u128, "a"))
            .collect();
        all.sort_by(order);
        let mut list: Vec<Ticket> = all.iter().step_by(2).cloned().collect();
        let mut fresh: Vec<Ticket> = all.iter().skip(1).step_by(2).cloned().collect();
        // Some already listed tickets changed too.
        for t in all.iter().step_by(6) {
            let mut changed = t.clone();
            changed.customer = "b".into();
            fresh.push(changed);
        }
        fresh.reverse();
        let mut expected = all.clone();
        for t in expected.iter_mut().step_by(6) {
            t.customer = "b".into();
        }
        merge_tickets(&mut list, fresh);
        assert_eq!(shown(&list), shown(&expected));
        merge_tickets(&mut list, Vec::new());
        assert_eq!(shown(&list), shown(&expected));
        // Into an empty list.
        let mut empty = Vec::new();
        merge_tickets(&mut empty, all.iter().rev().cloned().collect());
        assert_eq!(shown(&empty), shown(&all));
    }

    #[test]
    fn a_ticket_folded_earlier_does_not_replace_a_listed_one_with_more_events() {
        let t0 = 1_767_225_600_000;
        let (a, b) = (ticket(t0, 1, "a"), ticket(t0 + 1_000, 2, "b"));
        let mut newer = a.clone();
        newer.customer = "a, changed".into();
        newer.event_count += 1;
        let mut list = vec![newer.clone()];
        let mut b_changed = b.clone();
        b_changed.customer = "b, changed".into();
        merge_newer(&mut list, vec![a.clone(), b.clone()]);
        assert_eq!(shown(&list), shown(&[b.clone(), newer.clone()]));
        // As many events: the fresh one is taken.
        merge_newer(&mut list, vec![b_changed.clone()]);
        assert_eq!(shown(&list), shown(&[b_changed, newer]));
    }
}
