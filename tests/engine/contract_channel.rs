//! Contract validity (P2) and channels (P4) through the engine: a ticket for a customer whose
//! contract does not cover the day reported needs a reason, records it, and is found by the
//! queue's filter, the queue CSV and the monthly report; the report counts tickets per channel.

use crate::common::{profile, stamp};
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use mesa::domain::commands::register_at_version;
use mesa::domain::contract::ContractStanding;
use mesa::domain::customer::Customer;
use mesa::domain::engine::Engine;
use mesa::domain::event::{Event, EventKind, Opened};
use mesa::domain::fold::{fold_all, fold_ticket};
use mesa::domain::queue::{QueueEntry, QueueFilter, Sort};
use mesa::domain::queue_csv::{queue_csv, QueueCsvLabels};
use mesa::domain::registration::{Problem, TicketDraft};
use mesa::domain::report::{monthly_report, to_csv};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, d, h, 0, 0).unwrap()
}

/// The desk's customers: one whose contract ended in September 2026, one without dates.
fn customers() -> Vec<Customer> {
    vec![
        Customer {
            name: "Secretaría de Finanzas".into(),
            contract_start: Some(day(2025, 10, 1)),
            contract_end: Some(day(2026, 9, 30)),
            ..Customer::default()
        },
        Customer {
            name: "Hospital Central".into(),
            ..Customer::default()
        },
    ]
}

fn p2_draft(customer: &str, channel: Option<&str>) -> TicketDraft {
    TicketDraft {
        request_kind: "incidente".into(),
        customer: customer.into(),
        channel: channel.map(str::to_string),
        description: "El portal de pagos no carga".into(),
        fields: [
            ("solicitante".to_string(), "Jefe de sistemas".to_string()),
            ("correo".to_string(), "sistemas@example.invalid".to_string()),
        ]
        .into(),
        ..TicketDraft::default()
    }
}

fn opened(event: &Event) -> &Opened {
    match &event.kind {
        EventKind::Opened(o) => o,
        other => panic!("not an opening: {other:?}"),
    }
}

#[test]
fn the_standing_is_read_on_the_day_reported_and_only_where_the_profile_asks() {
    let list = customers();
    let p2 = profile("p2-seware");
    let standing = |name: &str, d| ContractStanding::under(&p2, &list, name, d);
    assert_eq!(
        standing("secretaria de  FINANZAS", day(2026, 9, 30)),
        ContractStanding::InForce,
        "the last day is covered; case, accents and spaces do not matter"
    );
    assert_eq!(
        standing("Secretaría de Finanzas", day(2026, 10, 1)),
        ContractStanding::Outside {
            start: Some(day(2025, 10, 1)),
            end: Some(day(2026, 9, 30)),
        }
    );
    assert_eq!(
        standing("Secretaría de Finanzas", day(2025, 9, 30)),
        ContractStanding::Outside {
            start: Some(day(2025, 10, 1)),
            end: Some(day(2026, 9, 30)),
        },
        "before the contract began"
    );
    assert_eq!(
        standing("Hospital Central", day(2030, 1, 1)),
        ContractStanding::InForce
    );
    assert_eq!(
        standing("Cliente nuevo", day(2026, 10, 1)),
        ContractStanding::NotOnFile
    );
    assert_eq!(
        standing("  ", day(2026, 10, 1)),
        ContractStanding::NotOnFile
    );
    // P4 does not ask for contracts: nothing is flagged there.
    let p4 = profile("p4-callmyway");
    assert_eq!(
        ContractStanding::under(&p4, &list, "Secretaría de Finanzas", day(2026, 10, 1)),
        ContractStanding::NotOnFile
    );
}

#[test]
fn outside_the_contract_a_reason_is_asked_for_then_recorded() {
    let p2 = profile("p2-seware");
    let list = customers();
    let now = at(5, 16);
    let standing = ContractStanding::under(&p2, &list, "Secretaría de Finanzas", day(2026, 10, 5));
    assert!(standing.is_outside());

    // No reason: refused, the reason named together with every other problem.
    let mut draft = p2_draft("Secretaría de Finanzas", None);
    draft.description.clear();
    let problems = register_at_version(&p2, "v1", &draft, &standing, &stamp(now, 1)).unwrap_err();
    let fields: Vec<(&str, &Problem)> = problems
        .iter()
        .map(|p| (p.field.as_str(), &p.problem))
        .collect();
    assert!(fields.contains(&("contract_reason", &Problem::OutsideContract)));
    assert!(fields.contains(&("description", &Problem::Required)));

    // A blank reason is no reason.
    let mut draft = p2_draft("Secretaría de Finanzas", None);
    draft.contract_reason = "   ".into();
    assert!(register_at_version(&p2, "v1", &draft, &standing, &stamp(now, 2)).is_err());

    draft.contract_reason = " Renovación en trámite, autorizó el líder de mesa ".into();
    let event = register_at_version(&p2, "v1", &draft, &standing, &stamp(now, 3)).unwrap();
    assert_eq!(
        opened(&event).outside_contract.as_deref(),
        Some("Renovación en trámite, autorizó el líder de mesa")
    );
    let ticket = fold_ticket(std::slice::from_ref(&event)).unwrap();
    assert!(ticket.is_outside_contract());

    // In force: a reason typed anyway is not recorded, and none is asked for.
    let in_force = ContractStanding::InForce;
    let event = register_at_version(&p2, "v1", &draft, &in_force, &stamp(now, 4)).unwrap();
    assert_eq!(opened(&event).outside_contract, None);
}

#[test]
fn events_written_before_contracts_were_checked_still_read() {
    let p2 = profile("p2-seware");
    let event = register_at_version(
        &p2,
        "v1",
        &p2_draft("Hospital Central", None),
        &ContractStanding::InForce,
        &stamp(at(5, 16), 1),
    )
    .unwrap();
    let json = serde_json::to_value(&event).unwrap();
    assert!(
        json["payload"].get("outside_contract").is_none(),
        "nothing written when in force: {json}"
    );
    let back: Event = serde_json::from_value(json).unwrap();
    assert_eq!(back, event);
    assert!(!fold_ticket(&[back]).unwrap().is_outside_contract());
}

/// Three P2 tickets in October: one outside the contract (by telephone), two in force (one by
/// e-mail, one with no channel).
fn october() -> Vec<Event> {
    let p2 = profile("p2-seware");
    let list = customers();
    let mut events = Vec::new();
    for (n, customer, channel) in [
        (1, "Secretaría de Finanzas", Some("telefono")),
        (2, "Hospital Central", Some("correo")),
        (3, "Hospital Central", None),
    ] {
        let when = at(5 + n as u32, 16);
        let mut draft = p2_draft(customer, channel);
        draft.contract_reason = "Renovación en trámite".into();
        let standing = ContractStanding::under(&p2, &list, customer, when.date_naive());
        let event = register_at_version(&p2, "v1", &draft, &standing, &stamp(when, n)).unwrap();
        events.push(event);
    }
    events
}

#[test]
fn the_queue_filters_tickets_outside_the_contract_and_the_csv_names_them() {
    let engine = Engine::new(profile("p2-seware")).unwrap();
    let tickets = fold_all(&october());
    let now = at(20, 12);
    let entries: Vec<QueueEntry> = tickets
        .iter()
        .cloned()
        .map(|t| QueueEntry::new(&engine, t, now))
        .collect();
    let outside = QueueFilter {
        only_outside_contract: true,
        ..QueueFilter::default()
    };
    let hits = outside.apply(&entries, Sort::Newest);
    assert_eq!(hits.len(), 1);
    assert_eq!(entries[hits[0]].ticket.customer, "Secretaría de Finanzas");
    assert_eq!(
        QueueFilter::default().apply(&entries, Sort::Newest).len(),
        3
    );
    // Ticking the filter narrows; unticking widens.
    assert!(outside.narrows(&QueueFilter::default()));
    assert!(!QueueFilter::default().narrows(&outside));

    let labels = QueueCsvLabels::named(
        engine.profile(),
        "es",
        QueueCsvLabels::codes().headings,
        Default::default(),
    );
    let csv = queue_csv(&tickets, &labels);
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let channel = header.iter().position(|h| *h == "channel").unwrap();
    let flag = header
        .iter()
        .position(|h| *h == "outside_contract")
        .unwrap();
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    let finanzas = rows
        .iter()
        .find(|r| r.contains(&"Secretaría de Finanzas"))
        .unwrap();
    assert_eq!(finanzas[channel], "Soporte telefónico 24×7");
    assert_eq!(finanzas[flag], "Renovación en trámite");
    let others: Vec<&Vec<&str>> = rows
        .iter()
        .filter(|r| r.contains(&"Hospital Central"))
        .collect();
    assert_eq!(others.len(), 2);
    assert!(others.iter().all(|r| r[flag].is_empty()));
}

#[test]
fn the_monthly_report_lists_tickets_outside_the_contract_and_counts_channels() {
    let engine = Engine::new(profile("p2-seware")).unwrap();
    let tickets = fold_all(&october());
    let report = monthly_report(&engine.clone().into(), &tickets, (2026, 10), at(31, 12));
    let numbers: Vec<String> = report.tickets.iter().map(|t| t.number.clone()).collect();
    assert_eq!(report.outside_contract.count, 1);
    assert_eq!(report.outside_contract.tickets, [numbers[0].clone()]);
    let per_channel: Vec<(Option<&str>, usize)> = report
        .by_channel
        .iter()
        .map(|c| (c.code.as_deref(), c.tickets.count))
        .collect();
    assert_eq!(
        per_channel,
        [(Some("telefono"), 1), (Some("correo"), 1), (None, 1)],
        "the profile's order, then tickets with none"
    );
    let csv = to_csv(&report);
    assert!(csv.contains(&format!("\r\nchannel,,,telefono,1,{}\r\n", numbers[0])));
    assert!(csv.contains(&format!("\r\nchannel,,,none,1,{}\r\n", numbers[2])));
    assert!(csv.contains(&format!(
        "\r\ncontract,,,outside_contract,1,{}\r\n",
        numbers[0]
    )));
    let first_row = csv.lines().nth(1).unwrap();
    assert!(
        first_row.ends_with(",telefono,Renovación en trámite,"),
        "{first_row}"
    );
}
