//! The benchmark generator: every preset gets valid, distinct tickets with follow-up events.

use mesa::domain::fold::fold_all;
use mesa::domain::profile::{presets, ProcessProfile};
use mesa::domain::synthetic::Synthetic;

const NOW_MS: i64 = 1_795_000_000_000;

#[test]
fn every_preset_gets_the_requested_tickets() {
    for (id, json) in presets() {
        let profile = ProcessProfile::from_json(json).unwrap();
        let events = Synthetic::new(&profile, "bench", NOW_MS, 3).tickets(200);
        let tickets = fold_all(&events);
        assert_eq!(tickets.len(), 200, "{id}: every draft passes validation");
        assert!(events.len() > 300, "{id}: follow-up events too");
        assert!(events.iter().all(|e| e.at().timestamp_millis() <= NOW_MS));
        let customers: std::collections::BTreeSet<_> =
            tickets.iter().map(|t| t.customer.clone()).collect();
        assert!(customers.len() > 5, "{id}: several customers");
        assert!(
            tickets.iter().all(|t| t.conflicts.is_empty()),
            "{id}: no conflicts"
        );
    }
}

#[test]
fn the_same_seed_gives_the_same_log() {
    let profile = ProcessProfile::from_json(presets()[0].1).unwrap();
    let a = Synthetic::new(&profile, "bench", NOW_MS, 9).tickets(50);
    let b = Synthetic::new(&profile, "bench", NOW_MS, 9).tickets(50);
    assert_eq!(a, b);
}
