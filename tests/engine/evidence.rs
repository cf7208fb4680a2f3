//! Evidence (#20) scenarios: keys revoked and replaced, unsigned events, events of older builds,
//! the report's anchor.

use chrono::{DateTime, Utc};
use mesa::domain::event::{Event, EventId, EventKind, Hlc, TicketId};
use mesa::domain::evidence::{
    seal_history, verify, DeviceKey, KeyRevocation, MonthAnchor, Reason, SignatureStatus,
};

const T0: i64 = 1_790_000_000_000;

fn note(device: &str, ms: i64, n: u128) -> Event {
    let id = EventId::from_parts(ms, n);
    let kind = EventKind::Commented {
        text: format!("nota {n}"),
        customer_visible: true,
    };
    Event::new(id, TicketId("T".into()), Hlc::first(ms, device), "op", kind)
}

fn at(ms: i64) -> DateTime<Utc> {
    DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default()
}

/// Device "a" with its key and three notes; device "b" with its key and one note.
fn desk() -> (Vec<Event>, DeviceKey, DeviceKey) {
    let (ka, kb) = (DeviceKey::from_seed([1; 32]), DeviceKey::from_seed([2; 32]));
    let mut events = vec![
        ka.publication_event("a", T0, 1, "admin")
            .unwrap_or_else(|e| panic!("{e}")),
        kb.publication_event("b", T0 + 5, 2, "admin")
            .unwrap_or_else(|e| panic!("{e}")),
        note("a", T0 + 1_000, 3),
        note("a", T0 + 2_000, 4),
        note("b", T0 + 2_500, 5),
        note("a", T0 + 3_000, 6),
    ];
    let keys = [("a", &ka), ("b", &kb)];
    seal_history(&mut events, |d| {
        keys.iter().find(|(n, _)| *n == d).map(|(_, k)| *k)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    (events, ka, kb)
}

#[test]
fn a_revoked_key_keeps_what_it_signed_before_and_flags_what_came_after() {
    let (mut events, _, kb) = desk();
    let mut revocation = Event::new(
        EventId::from_parts(T0 + 2_600, 9),
        TicketId("device:a".into()),
        Hlc::first(T0 + 2_600, "b"),
        "admin",
        EventKind::DeviceKeyRevoked(KeyRevocation {
            device: "a".into(),
            at: at(T0 + 2_500),
            reason: "tableta perdida".into(),
        }),
    );
    let b_head = events.iter().filter(|e| e.device() == "b").count() as u64;
    let prev = mesa::domain::evidence::ChainHead {
        seq: b_head,
        hash: mesa::domain::evidence::event_hash(&events[4]).unwrap_or_default(),
    };
    kb.seal(&mut revocation, Some(&prev))
        .unwrap_or_else(|e| panic!("{e}"));
    events.push(revocation);
    let verdict = verify(&events, None);
    assert_eq!(verdict.broken.len(), 1, "{:?}", verdict.broken);
    assert_eq!(verdict.broken[0].event, events[5].id);
    assert_eq!(
        verdict.broken[0].reason,
        Reason::RevokedKey { at: at(T0 + 2_500) }
    );
    assert!(verdict.broken[0].to_string().contains("revoked key"));
}

#[test]
fn a_second_key_for_a_device_is_refused() {
    let (mut events, _, _) = desk();
    let thief = DeviceKey::from_seed([7; 32]);
    let mut claim = thief
        .publication_event("a", T0 + 10_000, 11, "intruso")
        .unwrap_or_else(|e| panic!("{e}"));
    claim.ticket_id = TicketId("device:a".into());
    events.push(claim.clone());
    let verdict = verify(&events, None);
    let first = verdict.first_broken().cloned();
    assert_eq!(
        first.map(|b| (b.event, b.reason)),
        Some((
            claim.id.clone(),
            Reason::SecondKey {
                first: events[0].id.clone()
            }
        ))
    );
}

#[test]
fn unsigned_events_are_listed_never_verified_and_refused_only_when_strict() {
    let (mut events, _, _) = desk();
    let legacy = note("c", T0 - 50_000, 20);
    events.push(legacy.clone());
    let verdict = verify(&events, None);
    assert_eq!(verdict.unsigned, vec![legacy.id.clone()]);
    assert_eq!(verdict.signed, events.len() - 1);
    assert!(verdict.holds(false));
    assert!(!verdict.holds(true));
}

#[test]
fn a_removed_signature_or_an_unsigned_event_of_a_signing_device_is_broken() {
    let (mut events, _, _) = desk();
    events[3].signature = None;
    let verdict = verify(&events, None);
    assert_eq!(
        verdict.first_broken().map(|b| &b.reason),
        Some(&Reason::ChainedUnsigned)
    );
    let (mut events, _, _) = desk();
    let forged = note("a", T0 + 2_200, 30);
    events.push(forged.clone());
    let verdict = verify(&events, None);
    let first = verdict.first_broken().cloned();
    assert_eq!(
        first.map(|b| (b.event, b.reason)),
        Some((
            forged.id,
            Reason::UnsignedAfterKey {
                since: events[0].id.clone()
            }
        ))
    );
}

#[test]
fn events_of_older_builds_read_and_write_unchanged_and_are_unsigned() {
    let old = r#"{"id":"01M3TK18800009WDVSQ5ZMMZ0N","ticket_id":"01M3TK18800009WDVSQ5ZMMZ0N","hlc":"001790820000000-000000-centro-1","actor":"op","kind":"waiting_ended"}"#;
    let event: Event = serde_json::from_str(old).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (event.chain.as_ref(), event.signature.as_ref()),
        (None, None)
    );
    assert_eq!(serde_json::to_string(&event).unwrap_or_default(), old);
    assert_eq!(
        mesa::domain::evidence::signature_status(&event, None),
        SignatureStatus::Unsigned
    );
}

#[test]
fn a_signed_event_survives_a_json_round_trip() {
    let (events, ..) = desk();
    let text = serde_json::to_string(&events).unwrap_or_default();
    let back: Vec<Event> = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}"));
    assert!(back[2].signature.is_some() && back[2].chain.is_some());
    assert!(verify(&back, None).holds(true));
}

#[test]
fn the_anchor_catches_an_added_unsigned_event_and_a_removed_head() {
    let (events, ..) = desk();
    let anchor = MonthAnchor::compute(&events, "m", at(T0), at(T0 + 60_000))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        anchor.heads.iter().map(|h| h.seq).collect::<Vec<_>>(),
        vec![4, 2]
    );
    let mut added = events.clone();
    added.push(note("c", T0 + 100, 40));
    let verdict = verify(&added, Some(&anchor));
    assert!(verdict.broken.is_empty());
    assert!(!verdict.holds(false), "the root changed");
    let mut removed = events.clone();
    removed.remove(5);
    let verdict = verify(&removed, Some(&anchor));
    let first = verdict.first_broken().cloned();
    assert_eq!(
        first.map(|b| (b.event, b.reason)),
        Some((events[5].id.clone(), Reason::HeadMissing { seq: 4 }))
    );
}

/// The canonical form is what every device signs: if it changed, every signature written
/// before would stop verifying. This pins it for one event of each shape of field.
#[test]
fn the_canonical_form_of_an_event_does_not_drift() {
    let text = r#"{"id":"01M3TMR620000KRVQKEBZ99Y1A","ticket_id":"01M3TK18800009WDVSQ5ZMMZ0N","hlc":"001790821800000-000002-centro-1","actor":"operador1","kind":"commented","payload":{"text":"Revisando \"la\" troncal\nSIP é","customer_visible":true},"chain":{"seq":7,"prev":"aa"},"signature":{"key":"bb","sig":"cc"}}"#;
    let event: Event = serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}"));
    let bytes = mesa::domain::evidence::canonical_bytes(&event).unwrap_or_default();
    assert_eq!(
        String::from_utf8_lossy(&bytes),
        r#"{"actor":"operador1","chain":{"prev":"aa","seq":7},"hlc":"001790821800000-000002-centro-1","id":"01M3TMR620000KRVQKEBZ99Y1A","kind":"commented","payload":{"customer_visible":true,"text":"Revisando \"la\" troncal\nSIP é"},"ticket_id":"01M3TK18800009WDVSQ5ZMMZ0N"}"#
    );
    let hash = mesa::domain::evidence::event_hash(&event).unwrap_or_default();
    assert_eq!(
        mesa::domain::evidence::hex::encode(&hash),
        "6f0eab8c18cae842443e2ddb038bca0db8172f59890963dcffe27e5f865e5293"
    );
}

#[test]
fn a_ticket_is_marked_verified_unsigned_or_broken_where_it_breaks() {
    use mesa::domain::evidence::HistoryMark;
    let (mut events, ..) = desk();
    let legacy = note("c", T0 - 50_000, 50);
    events.push(legacy.clone());
    let verdict = verify(&events, None);
    assert_eq!(
        verdict.mark([&events[2].id, &events[3].id]),
        HistoryMark::Verified
    );
    assert_eq!(
        verdict.mark([&events[2].id, &legacy.id]),
        HistoryMark::Unsigned { unsigned: 1 }
    );
    events[3].actor = "otro".into();
    let verdict = verify(&events, None);
    let HistoryMark::Broken(broken) = verdict.mark([&events[2].id, &events[3].id, &legacy.id])
    else {
        panic!("not broken: {:?}", verdict.broken);
    };
    assert_eq!(broken.event, events[3].id);
    assert_eq!(verdict.mark([&events[2].id]), HistoryMark::Verified);
}
