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

/// The stored projection leaves out empty values (#21: the full list of 100,000 tickets is
/// read from fewer bytes) and reads back the same ticket, as it reads one written with them.
#[test]
fn a_ticket_is_stored_without_its_empty_values_and_read_back_whole() {
    for (id, json) in presets() {
        let profile = ProcessProfile::from_json(json).unwrap();
        let events = Synthetic::new(&profile, "bench", NOW_MS, 5).tickets(100);
        let mut lean_bytes = 0;
        let mut full_bytes = 0;
        for ticket in fold_all(&events) {
            let lean = serde_json::to_value(&ticket).unwrap();
            let object = lean.as_object().unwrap();
            assert!(
                object.values().all(|v| !v.is_null()
                    && v.as_array().is_none_or(|a| !a.is_empty())
                    && v != &serde_json::json!(0)
                    && v != &serde_json::json!(false)
                    || ["level", "event_count"]
                        .iter()
                        .any(|k| object.get(*k) == Some(v))),
                "{id}: {lean}"
            );
            assert_eq!(
                serde_json::from_value::<mesa::domain::ticket::Ticket>(lean.clone()).unwrap(),
                ticket
            );
            // As an earlier version wrote it: every value present.
            let mut full = serde_json::to_value(mesa::domain::ticket::Ticket::default()).unwrap();
            let full_object = full.as_object_mut().unwrap();
            for key in [
                "severity",
                "channel",
                "site",
                "stage",
                "assignee",
                "promised_update",
                "dispatch",
                "resolution",
                "resolved_at",
                "closed_at",
                "first_response_at",
                "rejection_reason",
                "solution_article",
            ] {
                full_object.insert(key.into(), serde_json::Value::Null);
            }
            for key in [
                "checklist",
                "stage_history",
                "level_history",
                "pauses",
                "customer_updates",
                "articles",
                "notifications_queued",
                "notification_keys",
                "notifications_sent",
                "clock_marks",
                "conflicts",
            ] {
                full_object.insert(key.into(), serde_json::json!([]));
            }
            for key in [
                "escalations",
                "attachments",
                "customer_messages",
                "reopen_count",
            ] {
                full_object.insert(key.into(), serde_json::json!(0));
            }
            full_object.insert("auto_closed".into(), serde_json::json!(false));
            full_object.insert("fields".into(), serde_json::json!({}));
            for (k, v) in object {
                full_object.insert(k.clone(), v.clone());
            }
            assert_eq!(
                serde_json::from_value::<mesa::domain::ticket::Ticket>(full.clone()).unwrap(),
                ticket,
                "{id}"
            );
            lean_bytes += lean.to_string().len();
            full_bytes += full.to_string().len();
        }
        assert!(
            lean_bytes * 10 < full_bytes * 9,
            "{id}: {lean_bytes} of {full_bytes} bytes"
        );
    }
}
