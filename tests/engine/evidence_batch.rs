//! Signatures checked in batches (#20, src/domain/evidence/batch.rs): a history bigger than
//! several batches verifies, and a bad signature anywhere in it (first, middle or last batch,
//! two in one batch) is still found and named, each bad event and no other.

use mesa::domain::event::{Event, EventId, EventKind, Hlc, TicketId};
use mesa::domain::evidence::{
    check_events, seal_history, verify, DeviceKey, KeyBook, Reason, SignatureStatus,
};

const T0: i64 = 1_790_000_000_000;

/// Three devices, each publishing its key, then `notes` notes in turns, sealed.
fn history(notes: usize) -> Vec<Event> {
    let keys: Vec<(String, DeviceKey)> = (0..3u8)
        .map(|d| (format!("tableta-{d}"), DeviceKey::from_seed([d + 1; 32])))
        .collect();
    let mut events: Vec<Event> = keys
        .iter()
        .enumerate()
        .map(|(d, (name, key))| {
            key.publication_event(name, T0 + d as i64, d as u128, "admin")
                .unwrap_or_else(|e| panic!("{e}"))
        })
        .collect();
    for n in 0..notes {
        let (device, _) = &keys[n % 3];
        let ms = T0 + 1_000 + n as i64 * 10;
        let kind = EventKind::Commented {
            text: format!("nota {n}"),
            customer_visible: n % 2 == 0,
        };
        let id = EventId::from_parts(ms, 100 + n as u128);
        let ticket = TicketId(format!("T{}", n / 9));
        events.push(Event::new(id, ticket, Hlc::first(ms, device), "op", kind));
    }
    seal_history(&mut events, |d| {
        keys.iter().find(|(n, _)| n == d).map(|(_, k)| k)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    events
}

fn alter(event: &mut Event) {
    match &mut event.kind {
        EventKind::Commented { text, .. } => text.push('!'),
        other => panic!("not a note: {other:?}"),
    }
}

#[test]
fn a_history_of_several_batches_verifies() {
    let events = history(5_000);
    let verdict = verify(&events, None);
    assert!(verdict.holds(true), "{:?}", verdict.broken.first());
    assert_eq!(verdict.signed, 5_003);
}

#[test]
fn every_bad_signature_is_named_wherever_it_is_in_the_batches() {
    let events = history(5_000);
    // First event of all, a middle one, two in one batch, the very last.
    for bad in [vec![3], vec![2_500], vec![4_100, 4_101], vec![5_002]] {
        let mut changed = events.clone();
        for &i in &bad {
            alter(&mut changed[i]);
        }
        let checks = check_events(&KeyBook::from_events(&changed), &changed);
        let invalid: Vec<usize> = (0..changed.len())
            .filter(|&i| checks[i].status != SignatureStatus::Valid)
            .collect();
        assert_eq!(
            invalid, bad,
            "exactly the changed events fail their signature"
        );
        let verdict = verify(&changed, None);
        let first = verdict
            .first_broken()
            .unwrap_or_else(|| panic!("{bad:?} not found"));
        assert_eq!(first.event, changed[bad[0]].id);
        assert!(
            matches!(first.reason, Reason::Altered { .. }),
            "{:?}",
            first.reason
        );
        for &i in &bad {
            assert!(
                verdict.broken.iter().any(|b| b.event == changed[i].id),
                "{i} named"
            );
        }
    }
}

#[test]
fn a_signature_from_another_event_of_the_same_key_is_named() {
    let mut events = history(3_000);
    // Events 1_000 and 1_003 are the same device's: their signatures swapped.
    let (a, b) = (
        events[1_000].signature.clone(),
        events[1_003].signature.clone(),
    );
    events[1_000].signature = b;
    events[1_003].signature = a;
    let verdict = verify(&events, None);
    let named: Vec<&EventId> = verdict.broken.iter().map(|b| &b.event).collect();
    assert!(named.contains(&&events[1_000].id) && named.contains(&&events[1_003].id));
    assert_eq!(verdict.signed, 3_001);
}
