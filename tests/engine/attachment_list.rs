//! A ticket's attachments as listed: one entry per file id, in canonical order, with who and
//! when; the media type recorded for a picked file.

use chrono::{TimeZone, Utc};
use mesa::domain::attachment_list::{attachment_mime, listed_attachments};
use mesa::domain::event::*;

use crate::common::Device;

fn file(id: &str, name: &str, mime: &str) -> EventKind {
    EventKind::AttachmentAdded(Attachment {
        id: id.into(),
        name: name.into(),
        mime: mime.into(),
        size: 10,
        sha256: None,
    })
}

#[test]
fn one_entry_per_file_in_clock_order_with_who_and_when() {
    let mut tablet = Device::new("tablet");
    let t0 = Utc.with_ymd_and_hms(2026, 10, 15, 9, 0, 0).unwrap();
    let opened = tablet.event(
        &TicketId(String::new()),
        t0,
        EventKind::Commented {
            text: "x".into(),
            customer_visible: false,
        },
    );
    let ticket = opened.ticket_id.clone();
    let photo = tablet.event(
        &ticket,
        t0 + chrono::Duration::minutes(1),
        file("f1", "foto.jpg", "image/jpeg"),
    );
    let log = tablet.event(
        &ticket,
        t0 + chrono::Duration::minutes(5),
        file("f2", "router.log", "text/plain"),
    );
    // The same file recorded twice (e.g. pushed again by another device) is listed once.
    let mut again = log.clone();
    again.id = EventId::from_parts(log.hlc.wall_ms + 1, 99);
    again.hlc = log.hlc.tick(log.hlc.wall_ms + 60_000);

    let list = listed_attachments(&[again, log.clone(), opened, photo.clone()]);
    let names: Vec<&str> = list.iter().map(|a| a.meta.name.as_str()).collect();
    assert_eq!(names, ["foto.jpg", "router.log"]);
    assert_eq!(list[0].at, photo.at());
    assert_eq!(list[1].at, log.at());
    assert_eq!(list[1].actor, "tester");
    assert!(list[0].is_image());
    assert!(!list[1].is_image());
}

#[test]
fn the_media_type_is_the_reported_one_or_guessed_from_the_extension() {
    assert_eq!(attachment_mime("a.png", "image/png"), "image/png");
    assert_eq!(attachment_mime("syslog.LOG", ""), "text/plain");
    assert_eq!(attachment_mime("notas.txt", " "), "text/plain");
    assert_eq!(attachment_mime("acta.pdf", ""), "application/pdf");
    assert_eq!(attachment_mime("IMG_0001.HEIC", ""), "image/heic");
    assert_eq!(attachment_mime("volcado", ""), "application/octet-stream");
}

#[test]
fn an_attachment_names_its_bytes_by_sha256_and_old_events_read_and_write_as_before() {
    use mesa::domain::attachment_list::{referenced_hashes, Availability};
    use mesa::domain::content_hash::{ContentHash, ContentHasher};

    // The hash of known bytes (FIPS 180-2 test vector), whole or in pieces.
    let abc = ContentHash::of(b"abc");
    assert_eq!(
        abc.as_str(),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
    let mut pieces = ContentHasher::default();
    for chunk in b"abc".chunks(1) {
        pieces.update(chunk);
    }
    assert_eq!(pieces.finish(), abc);
    assert_eq!(
        ContentHash::of(b"").as_str(),
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert!(!abc.verify(b"abd"));
    assert_eq!(abc.doc_id(), format!("blob-{abc}"));
    assert_eq!(ContentHash::parse(&"g".repeat(64)), None);
    assert_eq!(ContentHash::parse(&"a".repeat(63)), None);

    // An event from before #16 (no hash) reads, writes back byte for byte, and its bytes are
    // only on the device that took it.
    let old = r#"{"id":"f1","name":"foto.jpg","mime":"image/jpeg","size":10}"#;
    let meta: Attachment = serde_json::from_str(old).unwrap();
    assert_eq!(meta.sha256, None);
    assert_eq!(serde_json::to_string(&meta).unwrap(), old);

    let mut tablet = Device::new("tablet");
    let t0 = Utc.with_ymd_and_hms(2026, 10, 15, 9, 0, 0).unwrap();
    let ticket = TicketId("t".into());
    let before = tablet.event(&ticket, t0, EventKind::AttachmentAdded(meta.clone()));
    let hashed = |id: &str| {
        EventKind::AttachmentAdded(Attachment {
            id: id.into(),
            sha256: Some(abc.to_string()),
            ..meta.clone()
        })
    };
    // The same bytes attached twice: two entries, one file to store and move.
    let first = tablet.event(&ticket, t0 + chrono::Duration::minutes(1), hashed("f2"));
    let second = tablet.event(&ticket, t0 + chrono::Duration::minutes(2), hashed("f3"));
    let events = [before, first, second];
    assert_eq!(
        referenced_hashes(&events).into_iter().collect::<Vec<_>>(),
        std::slice::from_ref(&abc)
    );
    let list = listed_attachments(&events);
    assert_eq!(list.len(), 3);
    assert_eq!(
        list[0].availability(false),
        Availability::OnlyOnAuthorDevice
    );
    assert_eq!(list[1].availability(false), Availability::ToFetch(abc));
    assert_eq!(list[2].availability(true), Availability::Here);
}
