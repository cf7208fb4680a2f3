//! Freeing space (#16): the rule that picks the attachment bytes a device may drop. Only
//! downloaded copies go, and only when every ticket that names them was closed more than N days
//! ago; a copy captured here (above all one never uploaded) and a file some ticket still needs
//! are never picked. A property test checks the rule against an independent reading of it, both
//! ways (nothing wrong is picked, and nothing allowed is missed).

use chrono::{DateTime, Duration, TimeZone, Utc};
use mesa::domain::attachment_pruning::*;
use mesa::domain::content_hash::ContentHash;
use mesa::domain::event::*;
use mesa::domain::fold::fold_ticket;
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 12, 0, 0).unwrap()
}

fn hash(n: u8) -> ContentHash {
    ContentHash::of(&[n])
}

fn ticket(n: u8) -> TicketId {
    TicketId(format!("t{n}"))
}

fn closed(n: u8, days_ago: i64) -> TicketClosure {
    TicketClosure {
        ticket: ticket(n),
        closed_at: Some(now() - Duration::days(days_ago)),
    }
}

fn open(n: u8) -> TicketClosure {
    TicketClosure {
        ticket: ticket(n),
        closed_at: None,
    }
}

fn uses(t: u8, h: u8) -> FileUse {
    FileUse {
        ticket: ticket(t),
        hash: hash(h),
    }
}

fn held(h: u8, origin: CopyOrigin) -> HeldCopy {
    HeldCopy {
        hash: hash(h),
        origin,
        size: 100,
    }
}

fn days(n: u16) -> PruneDays {
    PruneDays::new(n).unwrap()
}

#[test]
fn a_downloaded_file_of_a_ticket_closed_long_ago_goes_and_nothing_else() {
    let tickets = [closed(1, 40), closed(2, 10), open(3), closed(4, 40)];
    let file_uses = [
        uses(1, 1), // only an old closed ticket: goes
        uses(2, 2), // closed recently: stays
        uses(3, 3), // open: stays
        uses(1, 4), // named by an old closed ticket and by an open one: stays
        uses(3, 4),
        uses(4, 5), // old closed, but captured here and never uploaded: stays
        uses(4, 6), // old closed, captured here and uploaded: stays (this device's own)
        uses(9, 7), // a ticket this device does not know: stays
    ];
    let copies = [
        held(1, CopyOrigin::Downloaded),
        held(2, CopyOrigin::Downloaded),
        held(3, CopyOrigin::Downloaded),
        held(4, CopyOrigin::Downloaded),
        held(5, CopyOrigin::CapturedNotUploaded),
        held(6, CopyOrigin::CapturedUploaded),
        held(7, CopyOrigin::Downloaded),
        held(8, CopyOrigin::Downloaded), // named by no ticket: stays
    ];
    assert_eq!(
        prunable(&tickets, &file_uses, &copies, now(), days(30)),
        [hash(1)]
    );
}

#[test]
fn the_days_count_from_the_closing_time_to_the_instant() {
    let just = TicketClosure {
        ticket: ticket(1),
        closed_at: Some(now() - Duration::days(30)),
    };
    let almost = TicketClosure {
        ticket: ticket(1),
        closed_at: Some(now() - Duration::days(30) + Duration::milliseconds(1)),
    };
    let file_uses = [uses(1, 1)];
    let copies = [held(1, CopyOrigin::Downloaded)];
    assert_eq!(
        prunable(&[just], &file_uses, &copies, now(), days(30)),
        [hash(1)]
    );
    assert!(prunable(&[almost], &file_uses, &copies, now(), days(30)).is_empty());
}

#[test]
fn a_copy_held_twice_once_captured_here_stays() {
    // The same bytes downloaded and also captured on this device (two records cannot share a
    // key in the store, but the rule does not rely on it).
    let copies = [
        held(1, CopyOrigin::Downloaded),
        held(1, CopyOrigin::CapturedNotUploaded),
    ];
    assert!(prunable(&[closed(1, 400)], &[uses(1, 1)], &copies, now(), days(1)).is_empty());
}

fn event(n: u128, kind: EventKind) -> Event {
    let hlc = Hlc::first(1_792_000_000_000 + n as i64 * 60_000, "d1");
    let ticket = EventId::from_parts(1_792_000_000_000, 1).as_ticket();
    Event::new(
        EventId::from_parts(hlc.wall_ms, n),
        ticket,
        hlc,
        "ana",
        kind,
    )
}

#[test]
fn a_reopened_or_rejected_ticket_counts_as_not_closed() {
    let opened = event(1, EventKind::Opened(Opened::default()));
    let close = event(
        2,
        EventKind::Closed {
            note: "listo".into(),
        },
    );
    let reopen = event(
        3,
        EventKind::Reopened {
            reason: "volvió a fallar".into(),
        },
    );
    let closed_ticket = fold_ticket(&[opened.clone(), close.clone()]).unwrap();
    assert_eq!(
        TicketClosure::of(&closed_ticket).closed_at,
        Some(close.at())
    );
    let reopened = fold_ticket(&[opened.clone(), close, reopen]).unwrap();
    assert_eq!(TicketClosure::of(&reopened).closed_at, None);
    let rejected = fold_ticket(&[
        opened,
        event(
            2,
            EventKind::RejectedOutOfScope {
                reason: "fuera de alcance".into(),
            },
        ),
    ])
    .unwrap();
    assert!(rejected.closed_at.is_some());
    assert_eq!(TicketClosure::of(&rejected).closed_at, None);
}

#[test]
fn the_days_are_a_whole_number_from_1_to_3650() {
    assert_eq!(PruneDays::parse("1").map(PruneDays::get), Ok(1));
    assert_eq!(PruneDays::parse("3650").map(PruneDays::get), Ok(3650));
    assert_eq!(PruneDays::parse("0"), Err(DaysError::OutOfRange));
    assert_eq!(PruneDays::parse("3651"), Err(DaysError::OutOfRange));
    assert_eq!(PruneDays::parse("99999999"), Err(DaysError::OutOfRange));
    assert_eq!(PruneDays::parse("-5"), Err(DaysError::NotANumber));
    assert_eq!(PruneDays::parse("1.5"), Err(DaysError::NotANumber));
    assert_eq!(PruneDays::parse("  "), Err(DaysError::Empty));
    let setting = PruneSetting {
        enabled: true,
        days: days(3650),
    };
    assert_eq!(PruneSetting::from_code(&setting.code()), setting);
    assert_eq!(PruneSetting::from_code("on:abc"), PruneSetting::default());
    assert!(!PruneSetting::default().enabled);
}

/// Whether `h` may go, read straight from the rule's words.
fn allowed(
    h: &ContentHash,
    tickets: &[TicketClosure],
    file_uses: &[FileUse],
    copies: &[HeldCopy],
    days: PruneDays,
) -> bool {
    let only_downloaded = copies.iter().any(|c| &c.hash == h)
        && copies
            .iter()
            .filter(|c| &c.hash == h)
            .all(|c| c.origin == CopyOrigin::Downloaded);
    let naming: Vec<&FileUse> = file_uses.iter().filter(|u| &u.hash == h).collect();
    let all_closed_long_ago = naming.iter().all(|u| {
        let mut entries = tickets.iter().filter(|t| t.ticket == u.ticket).peekable();
        entries.peek().is_some()
            && entries.all(|t| {
                t.closed_at
                    .is_some_and(|at| now() - at >= Duration::days(i64::from(days.get())))
            })
    });
    only_downloaded && !naming.is_empty() && all_closed_long_ago
}

fn origin() -> impl Strategy<Value = CopyOrigin> {
    prop_oneof![
        Just(CopyOrigin::Downloaded),
        Just(CopyOrigin::CapturedUploaded),
        Just(CopyOrigin::CapturedNotUploaded),
    ]
}

fn closure() -> impl Strategy<Value = (u8, Option<i64>)> {
    // Tickets 0..6 (6 and 7 are named by files but may be unknown); closed up to 400 days ago
    // (or a little in the future: a device whose clock runs ahead), or not closed.
    (0u8..8, prop::option::weighted(0.7, -3i64..400))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_a_file_not_uploaded_or_still_needed_and_every_allowed_one(
        raw_tickets in prop::collection::vec(closure(), 0..8),
        raw_uses in prop::collection::vec((0u8..8, 0u8..8), 0..16),
        raw_held in prop::collection::vec((0u8..8, origin()), 0..12),
        n in 1u16..200,
    ) {
        let tickets: Vec<TicketClosure> = raw_tickets
            .iter()
            .map(|(t, ago)| TicketClosure {
                ticket: ticket(*t),
                closed_at: ago.map(|d| now() - Duration::days(d) + Duration::hours(1)),
            })
            .collect();
        let file_uses: Vec<FileUse> = raw_uses.iter().map(|(t, h)| uses(*t, *h)).collect();
        let copies: Vec<HeldCopy> = raw_held.iter().map(|(h, o)| held(*h, *o)).collect();
        let days = days(n);
        let chosen = prunable(&tickets, &file_uses, &copies, now(), days);
        for h in &chosen {
            // Never bytes captured here, above all bytes never uploaded.
            prop_assert!(!copies.iter().any(|c| &c.hash == h && c.origin == CopyOrigin::CapturedNotUploaded));
            prop_assert!(copies.iter().any(|c| &c.hash == h && c.origin == CopyOrigin::Downloaded));
            // Never a file a ticket still needs: open, closed recently, or unknown here.
            for u in file_uses.iter().filter(|u| &u.hash == h) {
                let closures: Vec<_> = tickets.iter().filter(|t| t.ticket == u.ticket).collect();
                prop_assert!(!closures.is_empty(), "{h} is named by an unknown ticket");
                for t in closures {
                    let at = t.closed_at.expect("named by a ticket not closed");
                    prop_assert!(now() - at >= Duration::days(i64::from(n)));
                }
            }
            prop_assert!(file_uses.iter().any(|u| &u.hash == h));
        }
        // Each once, and every file the rule's words allow.
        let mut sorted = chosen.clone();
        sorted.dedup();
        prop_assert_eq!(&sorted, &chosen);
        let mut expected: Vec<ContentHash> = copies
            .iter()
            .map(|c| c.hash.clone())
            .filter(|h| allowed(h, &tickets, &file_uses, &copies, days))
            .collect();
        expected.sort();
        expected.dedup();
        prop_assert_eq!(chosen, expected);
    }
}
