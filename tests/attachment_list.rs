#![cfg(not(target_arch = "wasm32"))]
//! A ticket's attachments as listed: one entry per file id, in canonical order, with who and
//! when; the media type recorded for a picked file.

mod common;

use chrono::{TimeZone, Utc};
use common::Device;
use mesa::domain::attachment_list::{attachment_mime, listed_attachments};
use mesa::domain::event::*;

fn file(id: &str, name: &str, mime: &str) -> EventKind {
    EventKind::AttachmentAdded(Attachment {
        id: id.into(),
        name: name.into(),
        mime: mime.into(),
        size: 10,
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
