//! Property tests of the evidence checks (#20): any single change to any event of a generated
//! multi-device history is caught by `verify` and the changed event (or, for a removal, the gap
//! it leaves) is named; an untouched history always verifies, merged in any order.

use chrono::{DateTime, Utc};
use mesa::domain::event::{Event, EventId, EventKind, Hlc, TicketId};
use mesa::domain::evidence::{seal_history, verify, DeviceKey, MonthAnchor, Reason};
use proptest::prelude::*;

const DEVICES: [&str; 4] = ["centro-1", "movil-lima", "agente", "tablet-7"];
const START_MS: i64 = 1_790_000_000_000;

fn key(device: usize) -> DeviceKey {
    DeviceKey::from_seed([device as u8 + 1; 32])
}

/// A history: per device a key publication, then `steps` notes at increasing times.
fn history(per_device: &[Vec<u32>]) -> Vec<Event> {
    let keys: Vec<DeviceKey> = (0..per_device.len()).map(key).collect();
    let mut events = Vec::new();
    let mut n = 0u128;
    for (d, steps) in per_device.iter().enumerate() {
        let device = DEVICES[d];
        let mut at = START_MS + d as i64 * 7;
        n += 1;
        let publication = keys[d].publication_event(device, at, n, "admin");
        events.push(publication.unwrap_or_else(|e| panic!("publication: {e}")));
        let mut clock = Some(Hlc::first(at, device));
        for (s, step) in steps.iter().enumerate() {
            at += i64::from(*step);
            n += 1;
            let hlc = Hlc::next(clock.as_ref(), device, at);
            clock = Some(hlc.clone());
            let id = EventId::from_parts(hlc.wall_ms, n * 7919);
            let ticket = TicketId(format!("T{}", s % 3));
            let kind = EventKind::Commented {
                text: format!("nota {s} de {device}"),
                customer_visible: s % 2 == 0,
            };
            events.push(Event::new(id, ticket, hlc, "operador", kind));
        }
    }
    let sealed = seal_history(&mut events, |device| {
        DEVICES
            .iter()
            .position(|d| *d == device)
            .and_then(|i| keys.get(i))
    });
    sealed.unwrap_or_else(|e| panic!("seal: {e}"));
    events
}

fn anchor_of(events: &[Event]) -> MonthAnchor {
    let from = DateTime::<Utc>::from_timestamp_millis(START_MS).unwrap_or_default();
    let to = DateTime::<Utc>::from_timestamp_millis(START_MS + 86_400_000).unwrap_or_default();
    MonthAnchor::compute(events, "2026-09", from, to).unwrap_or_else(|e| panic!("anchor: {e}"))
}

fn shape() -> impl Strategy<Value = Vec<Vec<u32>>> {
    prop::collection::vec(prop::collection::vec(1u32..100_000, 1..7), 1..=4)
}

/// The device's next event in its chain after `e`, if any.
fn successor<'a>(events: &'a [Event], e: &Event) -> Option<&'a Event> {
    let seq = e.chain.as_ref().map(|c| c.seq)?;
    events
        .iter()
        .find(|x| x.device() == e.device() && x.chain.as_ref().map(|c| c.seq) == Some(seq + 1))
}

#[derive(Clone, Debug)]
enum Change {
    Actor,
    Payload,
    Ticket,
    Clock(i64),
    Remove,
    Reorder,
    Duplicate,
    Resign,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        Just(Change::Actor),
        Just(Change::Payload),
        Just(Change::Ticket),
        (-200_000i64..200_000)
            .prop_filter("a change", |d| *d != 0)
            .prop_map(Change::Clock),
        Just(Change::Remove),
        Just(Change::Reorder),
        Just(Change::Duplicate),
        Just(Change::Resign),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn an_untouched_history_verifies_merged_in_any_order(
        shape in shape(),
        seed in any::<u64>(),
        copies in prop::collection::vec(any::<prop::sample::Index>(), 0..5),
    ) {
        let events = history(&shape);
        let anchor = anchor_of(&events);
        let verdict = verify(&events, Some(&anchor));
        prop_assert!(verdict.holds(true), "{:?}", verdict.broken);
        prop_assert_eq!(verdict.signed, events.len());
        // Another device's merge: shuffled, some events pulled twice.
        let mut merged = events.clone();
        for c in &copies {
            merged.push(c.get(&events).clone());
        }
        let mut state = seed | 1;
        for i in (1..merged.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            merged.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let again = verify(&merged, Some(&anchor));
        prop_assert!(again.holds(true), "{:?}", again.broken);
        prop_assert_eq!(again.events, events.len());
        prop_assert_eq!(anchor_of(&merged), anchor);
    }

    #[test]
    fn any_single_change_is_caught_and_named(
        shape in shape(),
        target in any::<prop::sample::Index>(),
        change in change(),
        with_anchor in any::<bool>(),
    ) {
        let original = history(&shape);
        let anchor = anchor_of(&original);
        let mut events = original.clone();
        let i = target.index(events.len());
        let e = events[i].clone();
        let is_key_event = matches!(e.kind, EventKind::DeviceKeyPublished(_));
        let next = successor(&original, &e).cloned();
        // The event a reader must be pointed at, and the reason when it is fixed.
        let (named, reason): (Vec<EventId>, Option<Reason>) = match change {
            Change::Actor => { events[i].actor.push('x'); (vec![e.id.clone()], None) }
            Change::Payload => {
                events[i].kind = match &e.kind {
                    EventKind::Commented { text, customer_visible } => EventKind::Commented {
                        text: format!("{text}!"), customer_visible: *customer_visible },
                    EventKind::DeviceKeyPublished(p) => {
                        let mut p = p.clone();
                        p.device.push('x');
                        EventKind::DeviceKeyPublished(p)
                    }
                    other => other.clone(),
                };
                (vec![e.id.clone()], None)
            }
            Change::Ticket => { events[i].ticket_id.0.push('x'); (vec![e.id.clone()], None) }
            Change::Clock(delta) => { events[i].hlc.wall_ms += delta; (vec![e.id.clone()], None) }
            Change::Remove => {
                prop_assume!(!is_key_event);
                events.remove(i);
                match &next {
                    Some(n) => {
                        let seq = e.chain.as_ref().map_or(0, |c| c.seq);
                        (vec![n.id.clone()], Some(Reason::Gap { from: seq, to: seq }))
                    }
                    None => {
                        // The device's head: only the report's anchor knows it was there.
                        prop_assume!(with_anchor);
                        let seq = e.chain.as_ref().map_or(0, |c| c.seq);
                        (vec![e.id.clone()], Some(Reason::HeadMissing { seq }))
                    }
                }
            }
            Change::Reorder => {
                let n = next.clone();
                prop_assume!(n.is_some());
                let n = n.unwrap_or_else(|| e.clone());
                let j = events.iter().position(|x| x.id == n.id).unwrap_or(i);
                let (a, b) = (events[i].hlc.clone(), events[j].hlc.clone());
                events[i].hlc = b;
                events[j].hlc = a;
                (vec![e.id.clone(), n.id.clone()], None)
            }
            Change::Duplicate => {
                let mut copy = e.clone();
                copy.id = EventId::from_parts(e.hlc.wall_ms, 0xDEAD_BEEF);
                prop_assume!(copy.id != e.id);
                events.push(copy.clone());
                let seq = e.chain.as_ref().map_or(0, |c| c.seq);
                (vec![copy.id], Some(Reason::Duplicate { of: e.id.clone(), seq }))
            }
            Change::Resign => {
                let other = DeviceKey::from_seed([0xEE; 32]);
                prop_assert!(other.sign(&mut events[i]).is_ok());
                (vec![e.id.clone()], None)
            }
        };
        let verdict = verify(&events, with_anchor.then_some(&anchor));
        prop_assert!(!verdict.holds(false), "not caught: {:?} of {}", change, e.id.as_str());
        let first = verdict.first_broken();
        prop_assert!(first.is_some(), "no event named for {:?}", change);
        let first = first.cloned().unwrap_or_else(|| unreachable!());
        prop_assert!(named.contains(&first.event), "{:?} of {} named {}", change, e.id.as_str(), first);
        if let Some(reason) = reason {
            prop_assert_eq!(&first.reason, &reason);
        }
        if matches!(change, Change::Resign) && !is_key_event {
            let is_resigned = matches!(first.reason, Reason::ResignedWithOtherKey { .. });
            prop_assert!(is_resigned, "{}", first);
        }
    }
}
