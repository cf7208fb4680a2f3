//! Related tickets (P2): a link is made from one ticket, written on both (the other carrying
//! the inverse relation), folds the same whatever the order and however many devices hold it,
//! and reaches a second device with the events.

use chrono::{DateTime, TimeZone, Utc};
use mesa::domain::actions::{ActionProblem, Issue};
use mesa::domain::commands::{register, Stamp};
use mesa::domain::event::{Event, EventKind, Hlc, TicketId};
use mesa::domain::fold::{fold_all, fold_ticket};
use mesa::domain::link::{link_tickets, Relation};
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::registration::TicketDraft;
use mesa::domain::ticket::Ticket;
use mesa::locales::{texts, Lang};

fn p2() -> ProcessProfile {
    ProcessProfile::from_json(preset("p2-seware").unwrap()).unwrap()
}

fn at(h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, 20, h, 0, 0).unwrap()
}

fn stamp(device: &str, now: DateTime<Utc>, n: u128, newest: Option<Hlc>) -> Stamp {
    Stamp {
        device: device.into(),
        actor: "op".into(),
        newest_clock: newest,
        now_ms: now.timestamp_millis(),
        random: n * 6_007,
        local_date: now.date_naive(),
    }
}

fn open(n: u128, customer: &str) -> Event {
    let draft = TicketDraft {
        request_kind: "incidente".into(),
        customer: customer.into(),
        description: "El portal de pagos no carga".into(),
        fields: [
            ("solicitante".to_string(), "Jefe de sistemas".to_string()),
            ("correo".to_string(), "sistemas@example.invalid".to_string()),
        ]
        .into(),
        ..TicketDraft::default()
    };
    register(&p2(), &draft, &stamp("d1", at(10 + n as u32), n, None)).unwrap()
}

/// The events of a link made on `device` at `when`, stamped as the app does.
fn link(
    device: &str,
    from: &Ticket,
    all: &[Ticket],
    number: &str,
    relation: &str,
    when: DateTime<Utc>,
) -> Vec<Event> {
    let pairs = link_tickets(from, all, number, relation).expect("a valid link");
    let mut s = stamp(device, when, 99, None);
    pairs
        .into_iter()
        .map(|(id, kind)| {
            let e = s.on(&id, kind);
            s.newest_clock = Some(e.hlc.clone());
            s.random += 1;
            e
        })
        .collect()
}

fn by_id<'a>(tickets: &'a [Ticket], id: &TicketId) -> &'a Ticket {
    tickets.iter().find(|t| &t.id == id).unwrap()
}

#[test]
fn a_link_shows_on_both_tickets_with_its_inverse() {
    let (a, b) = (
        open(1, "Secretaría de Finanzas"),
        open(2, "Hospital Central"),
    );
    let tickets = fold_all(&[a.clone(), b.clone()]);
    let first = by_id(&tickets, &a.ticket_id);
    let second = by_id(&tickets, &b.ticket_id).number.clone();
    let mut events = vec![a.clone(), b.clone()];
    events.extend(link(
        "d1",
        first,
        &tickets,
        &second.to_lowercase(),
        "caused_by",
        at(15),
    ));
    let tickets = fold_all(&events);
    let (ta, tb) = (by_id(&tickets, &a.ticket_id), by_id(&tickets, &b.ticket_id));
    assert_eq!(ta.links.len(), 1);
    assert_eq!(ta.links[0].other, b.ticket_id);
    assert_eq!(ta.links[0].relation, Relation::CausedBy);
    assert_eq!(*ta.links[0].other_number, *tb.number);
    assert_eq!(tb.links.len(), 1);
    assert_eq!(tb.links[0].other, a.ticket_id);
    assert_eq!(tb.links[0].relation, Relation::Causes);
    assert_eq!(*tb.links[0].other_number, *ta.number);
    // Linking changes no status and makes no conflict.
    assert!(ta.conflicts.is_empty() && tb.conflicts.is_empty());
}

#[test]
fn the_link_form_names_every_problem() {
    let (a, b) = (open(1, "Uno"), open(2, "Dos"));
    let tickets = fold_all(&[a.clone(), b.clone()]);
    let first = by_id(&tickets, &a.ticket_id).clone();
    let problems = |number: &str, relation: &str| {
        link_tickets(&first, &tickets, number, relation).unwrap_err()
    };
    assert_eq!(
        problems(" ", "related_to"),
        [ActionProblem::new("number", Issue::Required)]
    );
    assert_eq!(
        problems("SEW-000000-XXXXX", "related_to"),
        [ActionProblem::new("number", Issue::NotFound)]
    );
    assert_eq!(
        problems(&first.number, "related_to"),
        [ActionProblem::new("number", Issue::SameTicket)]
    );
    let second = by_id(&tickets, &b.ticket_id).number.clone();
    assert_eq!(
        problems(&second, "causes"),
        [ActionProblem::new("relation", Issue::NotAnOption)],
        "only the relations a person chooses"
    );
    // A link already made is not made again (the same relation); another relation is allowed.
    let mut events = vec![a.clone(), b.clone()];
    events.extend(link("d1", &first, &tickets, &second, "related_to", at(15)));
    let tickets = fold_all(&events);
    let linked = by_id(&tickets, &a.ticket_id);
    assert_eq!(
        link_tickets(linked, &tickets, &second, "related_to").unwrap_err(),
        [ActionProblem::new("number", Issue::Unchanged)]
    );
    assert!(link_tickets(linked, &tickets, &second, "duplicate_of").is_ok());
}

#[test]
fn two_devices_linking_the_same_tickets_fold_one_link_in_any_order() {
    let (a, b) = (open(1, "Uno"), open(2, "Dos"));
    let tickets = fold_all(&[a.clone(), b.clone()]);
    let ta = by_id(&tickets, &a.ticket_id);
    let tb = by_id(&tickets, &b.ticket_id);
    // Device 1 links A as a duplicate of B; device 2, apart, links B as duplicated by... the
    // same link seen from B: A duplicate of B is B duplicated by A.
    let one = link("d1", ta, &tickets, &tb.number, "duplicate_of", at(15));
    let two = link("d2", ta, &tickets, &tb.number, "duplicate_of", at(16));
    let mut all = vec![a.clone(), b.clone()];
    all.extend(one.clone());
    all.extend(two.clone());
    let forward = fold_all(&all);
    all.reverse();
    let backward = fold_all(&all);
    assert_eq!(forward, backward, "the order of arrival does not matter");
    assert_eq!(by_id(&forward, &a.ticket_id).links.len(), 1);
    assert_eq!(by_id(&forward, &b.ticket_id).links.len(), 1);
}

#[test]
fn the_link_travels_as_events_and_old_tickets_read_without_links() {
    let (a, b) = (open(1, "Uno"), open(2, "Dos"));
    let tickets = fold_all(&[a.clone(), b.clone()]);
    let ta = by_id(&tickets, &a.ticket_id);
    let number = by_id(&tickets, &b.ticket_id).number.clone();
    let linked = link("d1", ta, &tickets, &number, "related_to", at(15));
    // What the endpoint stores and another device pulls: the JSON documents.
    let docs: Vec<String> = [a.clone(), b.clone()]
        .iter()
        .chain(&linked)
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    assert!(docs[2].contains(r#""kind":"ticket_linked""#), "{}", docs[2]);
    let pulled: Vec<Event> = docs
        .iter()
        .map(|d| serde_json::from_str(d).unwrap())
        .collect();
    let on_b = fold_ticket(
        &pulled
            .iter()
            .filter(|e| e.ticket_id == b.ticket_id)
            .cloned()
            .collect::<Vec<_>>(),
    )
    .unwrap();
    assert_eq!(on_b.links[0].other, a.ticket_id);
    assert_eq!(on_b.links[0].relation, Relation::RelatedTo);
    // A ticket stored before links existed (no `links` in its JSON) reads with none.
    let mut json = serde_json::to_value(fold_ticket(&[a]).unwrap()).unwrap();
    json.as_object_mut().unwrap().remove("links");
    let old: Ticket = serde_json::from_value(json).unwrap();
    assert!(old.links.is_empty());
    assert!(matches!(&linked[0].kind, EventKind::TicketLinked(_)));
}

#[test]
fn every_relation_has_a_text_in_both_languages() {
    for lang in [Lang::Es, Lang::En] {
        let table = texts(lang);
        for r in Relation::ALL {
            let key = format!("ticket.relation.{}", r.code());
            assert!(table.contains_key(key.as_str()), "{key}");
            assert_eq!(r.inverse().inverse(), r);
        }
        assert!(table.contains_key("ticket.event.ticket_linked"));
        for code in Issue::CODES {
            let key = format!("ticket.issue.{code}");
            assert!(table.contains_key(key.as_str()), "{key}");
        }
    }
}
