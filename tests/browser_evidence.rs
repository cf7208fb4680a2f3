//! Signed history in the browser (#20): the events a device writes are chained and signed with
//! its WebCrypto Ed25519 key and verify with `mesa::domain::evidence` (the same check as
//! `mesa verify`); two tabs of one device take turns on one chain; the key survives a reopen;
//! a backup never holds the private key, and a device restoring it signs with its own; an
//! action saved before its signature (#21: the signature follows in a second transaction) is
//! signed before a push and by the device's next write.
#![cfg(target_arch = "wasm32")]

use mesa::app::desk::{open_desk, Desk, DeskSignals};
use mesa::domain::event::{Event, EventKind, Opened, TicketId};
use mesa::domain::evidence::{verify, HistoryMark};
use std::rc::Rc;
use wasm_bindgen_test::*;

#[path = "browser_common/presets.rs"]
mod presets;

wasm_bindgen_test_configure!(run_in_browser);

async fn desk_named(prefix: &str) -> (String, Rc<Desk>) {
    // The desk refreshes its views in spawned tasks: mounting starts the task executor.
    leptos::mount::mount_to_body(|| ());
    let name = format!("test-{prefix}-{}", js_sys::Math::random().to_bits());
    presets::keep_preset_copies(&name).await;
    let desk = open_desk(&name).await.expect("open");
    (name, desk)
}

/// Opens ticket `n` and puts it on hold, through the desk's write path (stamped, chained, signed).
async fn write_ticket(desk: &Desk, n: u32) -> TicketId {
    let signals = DeskSignals::new();
    let ticket = TicketId(format!("01TEST{n:020}"));
    let opened = EventKind::Opened(Opened {
        number: format!("T-{n}"),
        customer: "Banco Andino".into(),
        description: "Sin servicio".into(),
        ..Opened::default()
    });
    desk.append_on(vec![(ticket.clone(), opened)], signals)
        .await
        .expect("opened");
    desk.append_on(vec![(ticket.clone(), EventKind::WaitingEnded)], signals)
        .await
        .expect("a second event");
    ticket
}

fn own(events: &[Event], device: &str) -> Vec<u64> {
    let mut seqs: Vec<u64> = events
        .iter()
        .filter(|e| e.device() == device)
        .map(|e| e.chain.as_ref().expect("chained").seq)
        .collect();
    seqs.sort_unstable();
    seqs
}

#[wasm_bindgen_test]
async fn the_events_a_device_writes_are_chained_signed_and_verify() {
    let (_, desk) = desk_named("evidence-write").await;
    let signer = desk
        .signer
        .as_ref()
        .expect("Chromium has Ed25519 in WebCrypto");
    assert_eq!(signer.public_hex().len(), 64);
    assert!(
        !signer.private_key().extractable(),
        "the private key cannot be read"
    );
    let ticket = write_ticket(&desk, 1).await;
    let events = desk.store.events().await.expect("events");
    assert_eq!(
        events.len(),
        3,
        "the key's publication, then the two events"
    );
    assert!(matches!(events[0].kind, EventKind::DeviceKeyPublished(_)));
    assert_eq!(own(&events, &desk.device), [1, 2, 3], "one chain, no gap");
    let verdict = verify(&events, None);
    assert!(verdict.holds(true), "{:?}", verdict.broken);
    assert_eq!(verdict.signed, 3);
    let ids: Vec<_> = events
        .iter()
        .filter(|e| e.ticket_id == ticket)
        .map(|e| e.id.clone())
        .collect();
    assert_eq!(verdict.mark(ids.iter()), HistoryMark::Verified);

    // One byte of one payload changed in the store: the check names that event.
    let mut altered = events.clone();
    if let EventKind::Opened(o) = &mut altered[1].kind {
        o.description = "Sin servicip".into();
    }
    let verdict = verify(&altered, None);
    let broken = verdict.first_broken().expect("broken");
    assert_eq!(broken.event, events[1].id);
    assert_eq!(broken.reason.code(), "altered");
}

fn unsigned(events: &[Event]) -> Vec<&Event> {
    events.iter().filter(|e| e.signature.is_none()).collect()
}

#[wasm_bindgen_test]
async fn an_action_saved_before_its_signature_is_signed_before_a_push_and_by_the_next_tab() {
    let (name, desk) = desk_named("evidence-unsigned").await;
    let signer = desk.signer.as_ref().expect("Ed25519 in WebCrypto");
    let ticket = write_ticket(&desk, 1).await;
    let hold = || vec![(ticket.clone(), EventKind::WaitingEnded)];

    // Saved, and the tab closed before its second transaction (signatures, projection).
    desk.store.skip_next_projection();
    desk.append_on(hold(), DeskSignals::new())
        .await
        .expect("saved");
    let events = desk.store.events().await.expect("events");
    assert_eq!(unsigned(&events).len(), 1, "saved before its signature");
    assert_eq!(
        own(&events, &desk.device),
        [1, 2, 3, 4],
        "chained all the same"
    );
    // What a push does first: no event leaves the device unsigned.
    assert_eq!(desk.store.sign_unsigned(signer).await.expect("signed"), 1);
    let events = desk.store.events().await.expect("events");
    assert!(unsigned(&events).is_empty());
    let verdict = verify(&events, None);
    assert!(verdict.holds(true), "{:?}", verdict.broken);
    assert_eq!(desk.store.sign_unsigned(signer).await.expect("nothing"), 0);

    // Again, and this time the next tab's first write signs it.
    desk.store.skip_next_projection();
    desk.append_on(hold(), DeskSignals::new())
        .await
        .expect("saved");
    let next_tab = open_desk(&name).await.expect("the next tab");
    write_ticket(&next_tab, 2).await;
    let events = next_tab.store.events().await.expect("events");
    assert!(unsigned(&events).is_empty(), "{:?}", unsigned(&events));
    assert_eq!(own(&events, &desk.device), (1..=7).collect::<Vec<u64>>());
    let verdict = verify(&events, None);
    assert!(verdict.holds(true), "{:?}", verdict.broken);
    assert_eq!(verdict.signed, 7);
}

#[wasm_bindgen_test]
async fn two_tabs_of_one_device_take_turns_on_one_chain() {
    let (name, a) = desk_named("evidence-tabs").await;
    let b = open_desk(&name).await.expect("tab B");
    assert_eq!(
        a.signer.as_ref().unwrap().public_hex(),
        b.signer.as_ref().unwrap().public_hex(),
        "one key per device"
    );
    for n in 0..3 {
        futures::join!(write_ticket(&a, 10 + n), write_ticket(&b, 20 + n));
    }
    let events = a.store.events().await.expect("events");
    assert_eq!(events.len(), 13, "one publication, 12 events");
    let published = events
        .iter()
        .filter(|e| matches!(e.kind, EventKind::DeviceKeyPublished(_)))
        .count();
    assert_eq!(published, 1, "the device published its key once");
    assert_eq!(own(&events, &a.device), (1..=13).collect::<Vec<u64>>());
    let verdict = verify(&events, None);
    assert!(verdict.holds(true), "{:?}", verdict.broken);
}

#[wasm_bindgen_test]
async fn the_key_survives_a_reopen_and_a_backup_never_holds_it() {
    let (name, desk) = desk_named("evidence-reopen").await;
    write_ticket(&desk, 1).await;
    let public = desk.signer.as_ref().unwrap().public_hex().to_string();
    let reopened = open_desk(&name).await.expect("reopen");
    assert_eq!(reopened.signer.as_ref().unwrap().public_hex(), public);
    write_ticket(&reopened, 2).await;
    let events = reopened.store.events().await.expect("events");
    assert_eq!(own(&events, &reopened.device), [1, 2, 3, 4, 5]);
    assert!(verify(&events, None).holds(true));

    // The backup: the events (the public key in its publication), never the private key.
    let backup = reopened
        .export_backup(chrono::Utc::now())
        .await
        .expect("backup");
    let json = backup.to_json();
    assert!(json.contains(&public));
    assert!(!json.contains(&format!("\"{}\"", mesa::store::DEVICE_KEY)));
    assert!(!json.contains("private"));

    // Restored on a new device: that device signs with its own, new key, after the old events.
    let (_, other) = desk_named("evidence-restore").await;
    other
        .import_backup(&backup, DeskSignals::new(), |_| {})
        .await
        .expect("restored");
    assert_ne!(other.signer.as_ref().unwrap().public_hex(), public);
    assert_ne!(other.device, reopened.device);
    write_ticket(&other, 3).await;
    let all = other.store.events().await.expect("events");
    assert_eq!(own(&all, &other.device), [1, 2, 3]);
    let verdict = verify(&all, None);
    assert!(verdict.holds(true), "{:?}", verdict.broken);
    assert_eq!(verdict.devices, 2);
}

/// Writes a ticket whose texts need escaping (quotes, a line break, accents, «») through the
/// desk, checks it, and prints the stored events as JSON after `MESA-FIXTURE ` (the native test
/// `tests/engine/cli_verify_browser.rs` runs `mesa verify` on the copy kept in
/// `tests/data/events-browser-signed.json`; refresh it with
/// `cargo test --target wasm32-unknown-unknown --test browser_evidence -- --nocapture fixture`).
#[wasm_bindgen_test]
async fn fixture_events_signed_by_webcrypto() {
    let (_, desk) = desk_named("evidence-fixture").await;
    let signals = DeskSignals::new();
    let ticket = TicketId("01TESTFIXTURE0000000000001".into());
    let opened = EventKind::Opened(Opened {
        number: "P4-261204-0001".into(),
        customer: "Banco Andino".into(),
        description: "Sin servicio en la sede «Quito Norte»:\n\"E1 caído\" \\ revisar".into(),
        ..Opened::default()
    });
    desk.append_on(vec![(ticket.clone(), opened)], signals)
        .await
        .expect("opened");
    desk.append_on(vec![(ticket.clone(), EventKind::WaitingEnded)], signals)
        .await
        .expect("resumed");
    let events = desk.store.events().await.expect("events");
    assert!(verify(&events, None).holds(true));
    let json = serde_json::to_string(&events).expect("JSON");
    web_sys::console::log_1(&format!("MESA-FIXTURE {json}").into());
}
