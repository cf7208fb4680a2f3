//! The queue: filters, accent-insensitive search, order by nearest deadline.

use crate::common::{p4, stamp};
use chrono::{DateTime, TimeZone, Utc};
use mesa::domain::commands::register;
use mesa::domain::engine::Engine;
use mesa::domain::engines::Engines;
use mesa::domain::event::{Event, EventKind};
use mesa::domain::fold::fold_all;
use mesa::domain::profile::ProcessProfile;
use mesa::domain::queue::{order, refresh_entries, QueueEntry, QueueFilter, Since, Sort};
use mesa::domain::queue_search::QueueSearch;
use mesa::domain::registration::TicketDraft;
use mesa::domain::sla::ClockState;
use mesa::domain::ticket::Status;

/// Monday 2026-10-19 at `h`:`m` in Mexico City (UTC-6).
fn at(h: u32, m: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 19, h + 6, m, 0).unwrap()
}

fn open(
    profile: &ProcessProfile,
    n: u128,
    when: DateTime<Utc>,
    customer: &str,
    site: &str,
    sev: &str,
    text: &str,
) -> Event {
    let draft = TicketDraft {
        request_kind: "incidente".into(),
        severity: Some(sev.into()),
        channel: Some("tel_mx".into()),
        customer: customer.into(),
        site: Some(site.into()),
        description: text.into(),
        fields: [("usuario".to_string(), "Ana".to_string())].into(),
        reported_at: Some(when),
        ..TicketDraft::default()
    };
    register(profile, &draft, &stamp(when, n)).expect("valid draft")
}

fn entries(events: &[Event], now: DateTime<Utc>) -> Vec<QueueEntry> {
    let engine = Engine::new(p4()).unwrap();
    fold_all(events)
        .into_iter()
        .map(|t| QueueEntry::new(&engine, t, now))
        .collect()
}

fn customers(entries: &[QueueEntry], hits: &[usize]) -> Vec<String> {
    hits.iter()
        .map(|&i| entries[i].ticket.customer.to_string())
        .collect()
}

#[test]
fn nearest_deadline_first_then_search_and_filters() {
    let p = p4();
    let a = open(
        &p,
        1,
        at(9, 0),
        "Farmacias del Norte",
        "Monterrey",
        "s3",
        "Sin tono en recepción",
    );
    let b = open(
        &p,
        2,
        at(9, 30),
        "Hotel Brisa",
        "Cancún",
        "s1",
        "Llamadas se cortan",
    );
    let c = open(
        &p,
        3,
        at(8, 0),
        "Clínica Águila",
        "Puebla",
        "s4",
        "Consulta sobre facturación",
    );
    let list = entries(&[a, b, c], at(9, 40));
    let all = QueueFilter::default();
    // S1 opened 09:30 responds by 10:30; S3 09:00 by 11:00; S4 08:00 by 10:00.
    assert_eq!(
        customers(&list, &all.apply(&list, Sort::NextDeadline)),
        ["Clínica Águila", "Hotel Brisa", "Farmacias del Norte"]
    );
    assert_eq!(
        customers(&list, &all.apply(&list, Sort::Newest)),
        ["Hotel Brisa", "Farmacias del Norte", "Clínica Águila"]
    );

    let search = |text: &str| QueueFilter {
        text: text.into(),
        ..QueueFilter::default()
    };
    assert_eq!(
        customers(&list, &search("aguila").apply(&list, Sort::Newest)),
        ["Clínica Águila"]
    );
    assert_eq!(
        customers(&list, &search("LLAMADAS cancun").apply(&list, Sort::Newest)),
        ["Hotel Brisa"]
    );
    assert!(
        search("brisa puebla").apply(&list, Sort::Newest).is_empty(),
        "every word must match"
    );
    let number = list[0].ticket.number.clone();
    assert_eq!(
        search(&number).apply(&list, Sort::Newest).len(),
        1,
        "ticket number finds its ticket"
    );

    let s1 = QueueFilter {
        severity: Some("s1".into()),
        ..QueueFilter::default()
    };
    assert_eq!(
        customers(&list, &s1.apply(&list, Sort::Newest)),
        ["Hotel Brisa"]
    );
    let site = QueueFilter {
        site: Some("Puebla".into()),
        ..QueueFilter::default()
    };
    assert_eq!(
        customers(&list, &site.apply(&list, Sort::Newest)),
        ["Clínica Águila"]
    );
}

#[test]
fn breached_and_paused_filters_and_closed_tickets_hidden_by_default() {
    let p = p4();
    let late = open(&p, 1, at(8, 0), "Uno", "A", "s1", "cae el servicio");
    let paused = open(&p, 2, at(9, 0), "Dos", "B", "s3", "espera");
    let wait = stamp(at(9, 10), 9).on(
        &paused.ticket_id,
        EventKind::WaitingStarted {
            reason: "logs".into(),
        },
    );
    let mut closed = open(&p, 3, at(9, 0), "Tres", "C", "s3", "cerrado");
    let close = stamp(at(9, 20), 10).on(
        &closed.ticket_id,
        EventKind::Closed {
            note: "duplicado".into(),
        },
    );
    closed.actor = "op".into();
    let list = entries(&[late, paused, wait, closed, close], at(10, 0));

    let breached = QueueFilter {
        only_breached: true,
        ..QueueFilter::default()
    };
    let hits = breached.apply(&list, Sort::Newest);
    assert_eq!(
        customers(&list, &hits),
        ["Uno"],
        "S1 from 08:00 missed its 09:00 response"
    );
    assert_eq!(list[hits[0]].state, ClockState::Breached);

    let paused_only = QueueFilter {
        only_paused: true,
        ..QueueFilter::default()
    };
    assert_eq!(
        customers(&list, &paused_only.apply(&list, Sort::Newest)),
        ["Dos"]
    );

    let active = QueueFilter::default().apply(&list, Sort::Newest);
    assert_eq!(
        customers(&list, &active),
        ["Dos", "Uno"],
        "closed tickets are not in the default queue"
    );
    let closed_only = QueueFilter {
        status: Some(Status::Closed),
        ..QueueFilter::default()
    };
    assert_eq!(
        customers(&list, &closed_only.apply(&list, Sort::Newest)),
        ["Tres"]
    );
}

#[test]
fn a_whole_ticket_number_finds_its_ticket_whatever_the_filters() {
    let p = p4();
    let active = open(&p, 1, at(8, 0), "Uno", "A", "s3", "activa");
    let closed = open(&p, 3, at(9, 0), "Tres", "C", "s3", "cerrada");
    let close = stamp(at(9, 20), 10).on(
        &closed.ticket_id,
        EventKind::Closed {
            note: "duplicado".into(),
        },
    );
    let list = entries(&[active, closed, close], at(10, 0));
    let number = list
        .iter()
        .find(|e| e.ticket.customer == "Tres")
        .map(|e| e.ticket.number.clone())
        .unwrap();
    // Under the default "Activas", with another severity chosen, typed in lower case.
    let by_number = QueueFilter {
        text: number.to_lowercase(),
        severity: Some("s1".into()),
        ..QueueFilter::default()
    };
    assert_eq!(
        customers(&list, &by_number.apply(&list, Sort::Newest)),
        ["Tres"]
    );
    // Typed letter by letter: the partial numbers find nothing closed, the whole one finds it.
    let search = QueueSearch::new(order(&list, Sort::Newest));
    let mut last = Vec::new();
    for end in 1..=number.len() {
        let filter = QueueFilter {
            text: number[..end].to_string(),
            ..QueueFilter::default()
        };
        last = search.hits(&list, &filter);
        assert_eq!(
            last,
            filter.apply(&list, Sort::Newest),
            "{}",
            &number[..end]
        );
    }
    assert_eq!(customers(&list, &last), ["Tres"]);
    // Part of a number is an ordinary search: filters apply.
    let part = QueueFilter {
        text: number[..number.len() - 1].to_string(),
        ..QueueFilter::default()
    };
    assert!(part.apply(&list, Sort::Newest).is_empty());
}

/// The tickets in the store's order (newest opened first, then id), as the desk holds them.
/// The tickets as the app's list holds them: in the store's order, each shared.
fn store_order(events: &[Event]) -> Vec<std::sync::Arc<mesa::domain::ticket::Ticket>> {
    let mut tickets = fold_all(events);
    tickets.sort_by(|a, b| b.opened_at.cmp(&a.opened_at).then_with(|| b.id.cmp(&a.id)));
    tickets.into_iter().map(std::sync::Arc::new).collect()
}

#[test]
fn refreshing_entries_recomputes_only_changed_tickets_with_the_same_result() {
    let p = p4();
    let engine = Engine::new(p4()).unwrap();
    let a = open(&p, 1, at(8, 0), "Uno", "A", "s1", "cae el servicio");
    let b = open(&p, 2, at(9, 0), "Dos", "B", "s3", "lento");
    let c = open(&p, 3, at(9, 30), "Tres", "C", "s2", "sin tono");
    let mut events = vec![a, b.clone(), c];
    let now = at(9, 45);
    let before: Vec<QueueEntry> = store_order(&events)
        .into_iter()
        .map(|t| QueueEntry::new(&engine, t, now))
        .collect();

    // An update on "Dos" and a new ticket "Cuatro", a minute later.
    let later = at(9, 46);
    events.push(stamp(later, 7).on(
        &b.ticket_id,
        EventKind::Commented {
            text: "Se reinició el equipo".into(),
            customer_visible: true,
        },
    ));
    events.push(open(&p, 4, at(9, 40), "Cuatro", "D", "s3", "nuevo"));
    let tickets = store_order(&events);
    let (refreshed, changed) = refresh_entries(
        &Engines::new(engine.clone()),
        before.clone(),
        &tickets,
        later,
        Since::TicketsChanged,
    );
    assert!(changed);
    let full: Vec<QueueEntry> = tickets
        .iter()
        .cloned()
        .map(|t| QueueEntry::new(&engine, t, later))
        .collect();
    assert_eq!(refreshed.len(), 4);
    for (r, f) in refreshed.iter().zip(&full) {
        assert_eq!(r.ticket, f.ticket);
        assert_eq!(
            r.next_deadline(),
            f.next_deadline(),
            "{}",
            r.ticket.customer
        );
    }
    // "Uno" (unchanged) is the very entry computed before.
    let uno = |list: &[QueueEntry]| list.iter().find(|e| e.ticket.customer == "Uno").cloned();
    assert_eq!(uno(&refreshed), uno(&before));
}

/// Forty tickets opened 8:00–11:59 across four severities and three customers; the
/// description of ticket `i` is `texts[i % 3]`.
fn forty_tickets(texts: [&str; 3]) -> Vec<Event> {
    let p = p4();
    (0..40u32)
        .map(|i| {
            let sev = ["s1", "s2", "s3", "s4"][i as usize % 4];
            let who = ["Brisa", "Norte", "Águila"][i as usize % 3];
            let text = texts[i as usize % 3];
            open(
                &p,
                i as u128 + 1,
                at(8 + i / 10, i % 60),
                who,
                "X",
                sev,
                text,
            )
        })
        .collect()
}

#[test]
fn filtering_sorted_indexes_equals_apply() {
    let events = forty_tickets(["texto"; 3]);
    let list = entries(&events, at(12, 0));
    for sort in [Sort::NextDeadline, Sort::Newest, Sort::Severity] {
        let sorted = order(&list, sort);
        for text in ["", "brisa", "aguila texto", "zz"] {
            let f = QueueFilter {
                text: text.into(),
                ..QueueFilter::default()
            };
            assert_eq!(f.apply_in(&list, &sorted), f.apply(&list, sort));
        }
    }
}

mod typing {
    use super::*;
    use mesa::domain::queue_search::QueueSearch;
    use proptest::prelude::*;

    const TEXTS: [&str; 12] = [
        "",
        "b",
        "br",
        "bri",
        "brisa",
        "a",
        "ag",
        "águ",
        "aguila t",
        "aguila te",
        "texto",
        "zz",
    ];
    const SEVERITIES: [Option<&str>; 3] = [None, Some("s1"), Some("s2")];
    const CUSTOMERS: [Option<&str>; 3] = [None, Some("Brisa"), Some("Norte")];

    fn list() -> Vec<QueueEntry> {
        let events = forty_tickets(["texto", "Brisa del norte", "sin enlace"]);
        entries(&events, at(12, 0))
    }

    fn filter(text: usize, severity: usize, customer: usize, breached: bool) -> QueueFilter {
        QueueFilter {
            text: TEXTS[text].into(),
            severity: SEVERITIES[severity].map(str::to_string),
            customer: CUSTOMERS[customer].map(str::to_string),
            only_breached: breached,
            ..QueueFilter::default()
        }
    }

    proptest! {
        /// Whatever a person types, erases or picks, in any order, the remembered and narrowed
        /// results equal filtering the whole sorted list afresh.
        #[test]
        fn typing_and_erasing_gives_what_filtering_afresh_gives(
            steps in proptest::collection::vec((0..TEXTS.len(), 0..3usize, 0..3usize, any::<bool>()), 1..40),
        ) {
            let list = list();
            let sorted = order(&list, Sort::NextDeadline);
            let search = QueueSearch::new(sorted.clone());
            for (text, severity, customer, breached) in steps {
                let f = filter(text, severity, customer, breached);
                prop_assert_eq!(search.hits(&list, &f), f.apply_in(&list, &sorted));
            }
        }
    }

    #[test]
    fn another_letter_or_filter_narrows_a_query_and_erasing_does_not() {
        let f = |text: &str| QueueFilter {
            text: text.into(),
            ..QueueFilter::default()
        };
        assert!(f("bri").narrows(&f("br")));
        assert!(f("brisa norte").narrows(&f("bri")));
        assert!(f("Brí").narrows(&f("bri")), "accents and case are folded");
        assert!(!f("br").narrows(&f("bri")));
        assert!(!f("norte").narrows(&f("bri")));
        let s1 = QueueFilter {
            severity: Some("s1".into()),
            ..f("bri")
        };
        assert!(s1.narrows(&f("bri")));
        assert!(!f("bri").narrows(&s1));
        let closed = QueueFilter {
            status: Some(Status::Closed),
            ..f("")
        };
        assert!(
            !closed.narrows(&f("")),
            "closed tickets are not among the active ones"
        );
    }
}

mod time_passing {
    use super::*;
    use mesa::domain::synthetic::Synthetic;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// A new minute (or hours later) recomputes only the active tickets' clocks and keeps the
        /// closed ones' entries: the result is exactly the list computed afresh, states included.
        #[test]
        fn time_passing_keeps_settled_entries_and_equals_a_fresh_list(
            seed in 0u64..1_000,
            minutes in prop_oneof![Just(1i64), 1i64..600, 600i64..20_000],
        ) {
            let profile = p4();
            let engine = Engine::new(p4()).unwrap();
            let engines = Engines::new(engine.clone());
            let start = at(12, 0);
            let events = Synthetic::new(&profile, "d1", start.timestamp_millis(), seed).tickets(60);
            let tickets = store_order(&events);
            let fresh = |now| -> Vec<QueueEntry> {
                tickets.iter().cloned().map(|t| QueueEntry::new(&engine, t, now)).collect()
            };
            let later = start + chrono::Duration::minutes(minutes);
            let (refreshed, changed) =
                refresh_entries(&engines, fresh(start), &tickets, later, Since::TimePassed);
            let expected = fresh(later);
            prop_assert_eq!(&refreshed, &expected);
            prop_assert_eq!(changed, expected != fresh(start));
        }
    }

    #[test]
    fn nothing_changed_is_said_so() {
        let profile = p4();
        let engine = Engine::new(p4()).unwrap();
        let start = at(12, 0);
        let events = Synthetic::new(&profile, "d1", start.timestamp_millis(), 3).tickets(20);
        let tickets = store_order(&events);
        let list: Vec<QueueEntry> = tickets
            .iter()
            .cloned()
            .map(|t| QueueEntry::new(&engine, t, start))
            .collect();
        let (again, changed) = refresh_entries(
            &Engines::new(engine.clone()),
            list.clone(),
            &tickets,
            start,
            Since::TicketsChanged,
        );
        assert!(!changed);
        assert_eq!(again, list);
    }
}

#[path = "queue_search_text.rs"]
mod search_parts;

#[path = "queue_index.rs"]
mod index;
