//! Closure categories (P4: "cierre categorizado"): a resolution is filed under one of the
//! profile's categories, besides its free-text root cause; the monthly report counts resolved
//! tickets per category.

use crate::common::p4;
use chrono::{DateTime, TimeZone, Utc};
use mesa::domain::actions::{resolve_form, ActionProblem, Issue, ResolveForm};
use mesa::domain::commands::{register, Stamp};
use mesa::domain::engine::Engine;
use mesa::domain::event::{Event, EventKind};
use mesa::domain::fold::fold_all;
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::registration::TicketDraft;
use mesa::domain::report::{monthly_report, to_csv};

fn at(d: u32, h: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 10, d, h, 0, 0).unwrap()
}

fn stamp(now: DateTime<Utc>, n: u128) -> Stamp {
    Stamp {
        device: "d1".into(),
        actor: "op".into(),
        newest_clock: None,
        now_ms: now.timestamp_millis(),
        random: n * 7_919,
        local_date: now.date_naive(),
    }
}

fn form(category: &str) -> ResolveForm {
    ResolveForm {
        root_cause: "Troncal SIP del operador caída".into(),
        solution: "Se enrutó por el operador de respaldo".into(),
        confirmed_by: "Gerente de sucursal".into(),
        category: category.into(),
        ..ResolveForm::default()
    }
}

#[test]
fn a_p4_resolution_needs_one_of_the_profiles_categories() {
    let p4 = p4();
    assert_eq!(
        resolve_form(&p4, &form("  ")).unwrap_err(),
        [ActionProblem::new("category", Issue::Required)]
    );
    assert_eq!(
        resolve_form(&p4, &form("fax")).unwrap_err(),
        [ActionProblem::new("category", Issue::NotAnOption)]
    );
    match resolve_form(&p4, &form("operador")).unwrap() {
        EventKind::Resolved(r) => {
            assert_eq!(r.category.as_deref(), Some("operador"));
            assert_eq!(
                r.root_cause, "Troncal SIP del operador caída",
                "the free text stays"
            );
        }
        other => panic!("{other:?}"),
    }
    // A process without categories asks for none and records none.
    let p5 = ProcessProfile::from_json(preset("p5-megaport").unwrap()).unwrap();
    match resolve_form(&p5, &form("")).unwrap() {
        EventKind::Resolved(r) => assert_eq!(r.category, None),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_resolution_written_before_categories_still_reads() {
    let old = r#"{"id":"01J0000000000000000000000A","ticket_id":"01J0000000000000000000000B",
        "hlc":"1767225600000-0-d1","actor":"ana","kind":"resolved",
        "payload":{"root_cause":"x","solution":"y","affected_minutes":null,"confirmed_by":"z"}}"#;
    let event: Event = serde_json::from_str(old).unwrap();
    match event.kind {
        EventKind::Resolved(r) => assert_eq!(r.category, None),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_profile_that_requires_a_category_lists_them_once_each() {
    let mut json: serde_json::Value =
        serde_json::from_str(preset("p4-callmyway").unwrap()).unwrap();
    json["closure"]["categories"] = serde_json::json!([
        { "id": "red", "name": "Red" },
        { "id": "red", "name": "Red otra vez" }
    ]);
    let problems = ProcessProfile::from_json(&json.to_string()).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.path == "closure.categories[1].id"),
        "{problems:?}"
    );
    json["closure"]["categories"] = serde_json::json!([]);
    let problems = ProcessProfile::from_json(&json.to_string()).unwrap_err();
    assert!(
        problems.iter().any(|p| p.path == "closure.required"),
        "{problems:?}"
    );
}

#[test]
fn the_monthly_report_counts_resolved_tickets_per_category() {
    let p4 = p4();
    let mut events = Vec::new();
    for (n, category) in [
        (1u128, Some("plataforma")),
        (2, Some("red_cliente")),
        (3, Some("plataforma")),
        (4, None),
    ] {
        let opened_at = at(5 + n as u32, 15);
        let draft = TicketDraft {
            request_kind: "incidente".into(),
            severity: Some("s3".into()),
            channel: Some("tel_mx".into()),
            customer: format!("Cliente {n}"),
            description: "Sin tono".into(),
            fields: [("usuario".to_string(), "Ana".to_string())].into(),
            reported_at: Some(opened_at),
            ..TicketDraft::default()
        };
        let opened = register(&p4, &draft, &stamp(opened_at, n)).unwrap();
        let id = opened.ticket_id.clone();
        let clock = opened.hlc.clone();
        events.push(opened);
        // The fourth ticket is still open: it is not counted under any category.
        if let Some(c) = category {
            let resolved = resolve_form(&p4, &form(c)).unwrap();
            let mut s = stamp(at(5 + n as u32, 17), 100 + n);
            s.newest_clock = Some(clock);
            events.push(s.on(&id, resolved));
        }
    }
    let engine = Engine::new(p4).unwrap();
    let report = monthly_report(
        &engine.clone().into(),
        &fold_all(&events),
        (2026, 10),
        at(31, 12),
    );
    let counts: Vec<(Option<&str>, usize)> = report
        .by_closure_category
        .iter()
        .map(|c| (c.code.as_deref(), c.tickets.count))
        .collect();
    assert_eq!(
        counts,
        [(Some("red_cliente"), 1), (Some("plataforma"), 2)],
        "the profile's order; the open ticket is not counted"
    );
    let csv = to_csv(&report);
    let platform = &report.by_closure_category[1].tickets.tickets;
    assert!(csv.contains(&format!(
        "\r\nclosure_category,,,plataforma,2,{}\r\n",
        platform.join(" ")
    )));
    let header = csv.lines().next().unwrap();
    assert!(header.ends_with(",closure_category"), "{header}");
    let line = report.ticket(&platform[0]).unwrap();
    assert_eq!(line.closure_category.as_deref(), Some("plataforma"));
}
