//! Monthly compliance, availability and penalties on the P4 preset, with hand-worked numbers.
//!
//! P4: compliance target 98 %, 1 % of the general invoice per point of shortfall, 1 % of the
//! site's invoice per missed ticket, availability target 99.99 %. October 2026 in Mexico City
//! has 31 × 1440 = 44 640 minutes (no clock change).

use chrono::{DateTime, Duration, TimeZone, Utc};
use mesa::domain::engine::Engine;
use mesa::domain::event::TicketId;
use mesa::domain::fold::fold_all;
use mesa::domain::profile::{preset, ProcessProfile};
use mesa::domain::report::{monthly_report, to_csv, MonthlyReport, Outcome};

use crate::common::desk::{local, Desk, NewTicket};
use crate::common::engine;

const HOTEL: &str = "Hotel Costa Azul";
const CLINICA: &str = "Clínica San Rafael";
const MINUTES: f64 = 44_640.0;

fn after_month() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 5, 12, 0, 0).unwrap()
}

/// Ticket `i` of the month: site by `i % 3`.
fn site_of(i: usize) -> (&'static str, &'static str) {
    match i % 3 {
        0 => (HOTEL, "Cancún"),
        1 => (HOTEL, "Playa del Carmen"),
        _ => (CLINICA, "Zapopan"),
    }
}

/// 50 S3 incidents in October, two a day (10:00 and 14:00 local) from the 1st to the 25th.
/// Each is answered after 30 minutes (after 150, over the 120-minute target, when `i` is in
/// `missed`) and restored after 180 minutes (restore target 240: always met). Affected minutes:
/// 1 per Cancún ticket, 4 on ticket 2 (Zapopan), 0 elsewhere.
fn month(missed: &[usize]) -> (Desk, Vec<TicketId>) {
    let mut d = Desk::new();
    let mut ids = Vec::new();
    for i in 0..50 {
        let (customer, site) = site_of(i);
        let at = local(
            2026,
            10,
            1 + (i / 2) as u32,
            if i % 2 == 0 { 10 } else { 14 },
            0,
        );
        let id = d.open(
            at,
            &NewTicket {
                customer,
                site: Some(site),
                ..NewTicket::default()
            },
        );
        let answer = if missed.contains(&i) { 150 } else { 30 };
        d.respond(&id, at + Duration::minutes(answer), "Revisando");
        let affected = match (i, site) {
            (_, "Cancún") => 1,
            (2, _) => 4,
            _ => 0,
        };
        d.resolve(&id, at + Duration::minutes(180), Some(affected));
        ids.push(id);
    }
    (d, ids)
}

fn report(d: &Desk, now: DateTime<Utc>) -> MonthlyReport {
    monthly_report(
        &engine("p4-callmyway").into(),
        &fold_all(&d.events),
        (2026, 10),
        now,
    )
}

fn numbers(d: &Desk, ids: &[&TicketId]) -> Vec<String> {
    ids.iter().map(|id| d.number(id)).collect()
}

#[test]
fn one_missed_in_fifty_is_98_percent_and_no_general_deduction() {
    let (d, ids) = month(&[4]);
    let r = report(&d, after_month());
    assert_eq!(r.tickets.len(), 50);
    assert_eq!(r.minutes_in_month, 44_640);
    assert_eq!(
        (
            r.overall.met.count,
            r.overall.missed.count,
            r.overall.measured
        ),
        (49, 1, 50)
    );
    assert_eq!(r.overall.percent, Some(98.0));
    assert_eq!(r.overall.meets_target, Some(true));
    assert_eq!(r.overall.missed.tickets, numbers(&d, &[&ids[4]]));
    assert!(!r.provisional);

    let p = r.penalties.as_ref().expect("P4 has penalties");
    assert_eq!(p.compliance_target_percent, 98.0);
    assert_eq!(p.shortfall_points, 0.0);
    assert_eq!(p.general_invoice_deduction_percent, 0.0);
    assert!(p.shortfall_tickets.tickets.is_empty());
    // The missed ticket is still deducted from its site's invoice.
    assert_eq!(p.site_deductions.len(), 1);
    let site = &p.site_deductions[0];
    assert_eq!(
        (site.customer.as_str(), site.site.as_deref()),
        (HOTEL, Some("Playa del Carmen"))
    );
    assert_eq!(site.percent_of_site_invoice, 1.0);
    assert_eq!(site.missed.tickets, numbers(&d, &[&ids[4]]));
}

#[test]
fn three_missed_is_94_percent_and_four_points_off_the_general_invoice() {
    let (d, ids) = month(&[4, 5, 7]);
    let r = report(&d, after_month());
    assert_eq!(r.overall.percent, Some(94.0));
    assert_eq!(r.overall.meets_target, Some(false));
    let p = r.penalties.as_ref().unwrap();
    assert_eq!(p.compliance_percent, Some(94.0));
    assert_eq!(p.shortfall_points, 4.0);
    assert_eq!(p.percent_per_point, Some(1.0));
    assert_eq!(p.general_invoice_deduction_percent, 4.0);
    assert_eq!(
        p.shortfall_tickets.tickets,
        numbers(&d, &[&ids[4], &ids[5], &ids[7]])
    );

    // Per site, ordered by customer then site: Clínica/Zapopan (ticket 5), Hotel/Playa (4, 7).
    let sites: Vec<_> = p
        .site_deductions
        .iter()
        .map(|s| {
            (
                s.site.as_deref().unwrap(),
                s.percent_of_site_invoice,
                s.missed.tickets.clone(),
            )
        })
        .collect();
    assert_eq!(
        sites,
        [
            ("Zapopan", 1.0, numbers(&d, &[&ids[5]])),
            ("Playa del Carmen", 2.0, numbers(&d, &[&ids[4], &ids[7]])),
        ]
    );
}

#[test]
fn compliance_per_clock_customer_and_site() {
    let (d, _) = month(&[4, 5, 7]);
    let r = report(&d, after_month());
    let clock = |code: &str| {
        &r.by_clock
            .iter()
            .find(|c| c.clock == code)
            .unwrap()
            .compliance
    };
    assert_eq!(clock("response").percent, Some(94.0));
    assert_eq!(clock("restore").percent, Some(100.0));
    // P4 has no update-frequency target.
    assert_eq!(clock("update").percent, None);
    assert_eq!(clock("update").not_measured.count, 50);

    let customers: Vec<_> = r
        .by_customer
        .iter()
        .map(|c| (c.customer.as_str(), c.compliance.percent))
        .collect();
    // Hotel: 34 tickets, 2 missed; Clínica: 16 tickets, 1 missed.
    assert_eq!(
        customers,
        [(CLINICA, Some(1500.0 / 16.0)), (HOTEL, Some(3200.0 / 34.0))]
    );

    let cancun = r.site(HOTEL, Some("Cancún")).unwrap();
    assert_eq!(cancun.compliance.measured, 17);
    assert_eq!(cancun.compliance.percent, Some(100.0));
    let playa = r.site(HOTEL, Some("Playa del Carmen")).unwrap();
    assert_eq!(
        (playa.compliance.met.count, playa.compliance.missed.count),
        (15, 2)
    );
}

#[test]
fn availability_per_site_against_99_99() {
    let (d, ids) = month(&[]);
    let r = report(&d, after_month());
    // Cancún: 17 tickets × 1 minute = 17 minutes: 99.9619 %, below 99.99 %.
    let cancun = &r.site(HOTEL, Some("Cancún")).unwrap().availability;
    assert_eq!(cancun.minutes_in_month, 44_640);
    assert_eq!(cancun.affected_minutes, 17);
    assert_eq!(cancun.tickets.len(), 17);
    assert!((cancun.percent - (100.0 - 1700.0 / MINUTES)).abs() < 1e-9);
    assert_eq!(cancun.target_percent, Some(99.99));
    assert_eq!(cancun.meets_target, Some(false));
    // Zapopan: 4 minutes = 99.99104 %: meets 99.99 % (the allowance is 4.464 minutes).
    let zapopan = &r.site(CLINICA, Some("Zapopan")).unwrap().availability;
    assert_eq!(zapopan.affected_minutes, 4);
    assert_eq!(zapopan.tickets, numbers(&d, &[&ids[2]]));
    assert!((zapopan.percent - (100.0 - 400.0 / MINUTES)).abs() < 1e-9);
    assert_eq!(zapopan.meets_target, Some(true));
    // Playa del Carmen: nothing affected.
    let playa = &r
        .site(HOTEL, Some("Playa del Carmen"))
        .unwrap()
        .availability;
    assert_eq!((playa.affected_minutes, playa.percent), (0, 100.0));
    assert!(playa.tickets.is_empty());

    let p = r.penalties.as_ref().unwrap();
    assert_eq!(p.sites_below_availability, ["Hotel Costa Azul / Cancún"]);
}

#[test]
fn affected_minutes_fall_back_to_restore_elapsed_for_incidents_only() {
    let mut d = Desk::new();
    let at = local(2026, 10, 6, 9, 0);
    let incident = d.open(
        at,
        &NewTicket {
            site: Some("Norte"),
            ..NewTicket::default()
        },
    );
    d.respond(&incident, at + Duration::minutes(10), "Revisando");
    d.resolve(&incident, at + Duration::minutes(95), None);
    let question = d.open(
        at,
        &NewTicket {
            kind: "consulta",
            severity: "s4",
            site: Some("Norte"),
            ..NewTicket::default()
        },
    );
    d.respond(&question, at + Duration::minutes(10), "Revisando");
    d.resolve(&question, at + Duration::minutes(50), None);
    let r = report(&d, after_month());
    let line = r.ticket(&d.number(&incident)).unwrap();
    assert_eq!(line.affected_minutes, 95);
    let line = r.ticket(&d.number(&question)).unwrap();
    assert_eq!(line.affected_minutes, 0);
    let site = r.site("Cliente de prueba", Some("Norte")).unwrap();
    assert_eq!(site.availability.affected_minutes, 95);
}

#[test]
fn pending_tickets_are_excluded_and_listed() {
    let (mut d, _) = month(&[4]);
    // Saturday 31 October 16:00: not answered yet at 16:30 (response due Sunday 08:00).
    let late = d.open(local(2026, 10, 31, 16, 0), &NewTicket::default());
    let now = local(2026, 10, 31, 16, 30);
    let r = report(&d, now);
    assert_eq!(
        r.ticket(&d.number(&late)).unwrap().outcome,
        Outcome::Pending
    );
    assert_eq!(r.overall.pending.tickets, [d.number(&late)]);
    assert_eq!(
        r.overall.percent,
        Some(98.0),
        "pending left out of the percentage"
    );
    assert!(r.pending_excluded);
    assert!(r.provisional);
}

#[test]
fn the_month_is_read_in_the_profile_zone() {
    let mut d = Desk::new();
    // 30 September 23:30 in Mexico City is 1 October 05:30 UTC: September.
    let september = d.open(local(2026, 9, 30, 23, 30), &NewTicket::default());
    // 31 October 22:00 in Mexico City is 1 November 04:00 UTC: October.
    let october = d.open(local(2026, 10, 31, 22, 0), &NewTicket::default());
    let r = report(&d, after_month());
    assert_eq!(
        r.period_start,
        Utc.with_ymd_and_hms(2026, 10, 1, 6, 0, 0).unwrap()
    );
    assert_eq!(
        r.period_end,
        Utc.with_ymd_and_hms(2026, 11, 1, 6, 0, 0).unwrap()
    );
    assert!(r.ticket(&d.number(&september)).is_none());
    assert!(r.ticket(&d.number(&october)).is_some());
    // Unanswered at 5 November: response and restore breached.
    assert_eq!(r.overall.missed.count, 1);
}

#[test]
fn the_report_does_not_depend_on_event_order() {
    let (d, _) = month(&[4, 5, 7]);
    let a = serde_json::to_string(&report(&d, after_month())).unwrap();
    let mut shuffled = Desk::new();
    shuffled.events = d.events.iter().rev().cloned().collect();
    let b = serde_json::to_string(&monthly_report(
        &engine("p4-callmyway").into(),
        &fold_all(&shuffled.events),
        (2026, 10),
        after_month(),
    ))
    .unwrap();
    assert_eq!(a, b);
}

#[test]
fn profiles_without_penalties_have_none() {
    let (d, _) = month(&[]);
    let r = monthly_report(
        &engine("p5-megaport").into(),
        &fold_all(&d.events),
        (2026, 10),
        after_month(),
    );
    assert!(r.penalties.is_none());
    assert_eq!(r.zone, "America/Bogota");
}

#[test]
fn csv_has_a_row_per_ticket_then_a_summary() {
    let mut d = Desk::new();
    let at = local(2026, 10, 6, 9, 0);
    let quoted = d.open(
        at,
        &NewTicket {
            customer: "Logística \"Andina\", S.A.",
            site: Some("Lima"),
            ..NewTicket::default()
        },
    );
    d.respond(&quoted, at + Duration::minutes(200), "Tarde");
    d.resolve(&quoted, at + Duration::minutes(230), Some(30));
    let r = report(&d, after_month());
    let csv = to_csv(&r);
    let (tickets, summary) = csv.split_once("\r\n\r\n").expect("two sections");
    let rows: Vec<&str> = tickets.split("\r\n").collect();
    assert_eq!(rows.len(), 2);
    assert!(rows[0]
        .starts_with("number,id,customer,site,request_kind,severity,starting_level,level,status,"));
    let number = d.number(&quoted);
    assert!(
        rows[1].starts_with(&format!(
            "{number},{},\"Logística \"\"Andina\"\", S.A.\",Lima,",
            quoted.0
        )),
        "{}",
        rows[1]
    );
    assert!(rows[1].contains(",missed,"));
    assert!(summary.starts_with("section,customer,site,metric,value,tickets\r\n"));
    assert!(summary.contains(&format!("overall,,,missed,1,{number}\r\n")));
    assert!(
        summary.contains("penalty,,,shortfall_points,98,"),
        "{summary}"
    );
    assert!(summary.contains(&format!(
        "penalty,\"Logística \"\"Andina\"\", S.A.\",Lima,site_invoice_deduction_percent,1,{number}\r\n"
    )));
    assert!(csv.ends_with("\r\n"));
}

/// The app's files: one table each, headings and codes in the reader's words, times in the
/// desk's zone, formulas neutralised.
#[test]
fn labelled_csv_files_hold_one_table_each_in_the_readers_words() {
    use mesa::domain::calendar::Zone;
    use mesa::domain::report::{summary_csv, tickets_csv, ReportCsvLabels, TICKET_COLUMNS};
    let mut d = Desk::new();
    let at = local(2026, 10, 6, 9, 0);
    let id = d.open(
        at,
        &NewTicket {
            customer: "=HYPERLINK(\"http://x\")",
            site: Some("Lima"),
            ..NewTicket::default()
        },
    );
    d.respond(&id, at + Duration::minutes(200), "Tarde");
    d.resolve(&id, at + Duration::minutes(230), Some(30));
    let r = report(&d, after_month());
    let profile = ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap();
    let mut labels = ReportCsvLabels {
        ticket_headings: TICKET_COLUMNS.iter().map(|c| format!("«{c}»")).collect(),
        summary_headings: [
            "Sección",
            "Cliente",
            "Sede",
            "Concepto",
            "Valor",
            "Incidencias",
        ]
        .map(String::from)
        .to_vec(),
        zone: Some(r.zone.parse::<Zone>().unwrap()),
        ..ReportCsvLabels::default()
    }
    .with_profile(&profile, "es");
    for (key, name) in [
        ("status.resolved", "Resuelta"),
        ("outcome.missed", "Fuera de tiempo"),
        ("section.overall", "Cumplimiento general"),
        ("metric.missed", "Fuera de tiempo"),
        ("bool.false", "No"),
    ] {
        labels.names.insert(key.into(), name.into());
    }

    let tickets = tickets_csv(&r, &labels);
    let rows: Vec<&str> = tickets.trim_end().split("\r\n").collect();
    assert_eq!(
        rows.len(),
        2,
        "a heading and one ticket, nothing else: {tickets}"
    );
    assert!(rows[0].starts_with("«number»,«id»,«customer»"));
    let row = rows[1];
    assert!(
        row.contains(",\"'=HYPERLINK(\"\"http://x\"\")\",Lima,"),
        "{row}"
    );
    assert!(row.contains(",Resuelta,"), "{row}");
    assert!(row.contains(",Fuera de tiempo,"), "{row}");
    // Reported at 09:00 local time, written as the desk reads it (not UTC).
    assert!(row.contains(",2026-10-06 09:00,"), "{row}");
    let severity = &profile
        .severities
        .iter()
        .find(|s| s.id == "s3")
        .unwrap()
        .name;
    assert!(row.contains(&format!(",{severity},")), "{row}");

    let summary = summary_csv(&r, &labels);
    assert!(summary.starts_with("Sección,Cliente,Sede,Concepto,Valor,Incidencias\r\n"));
    assert!(!summary.contains("\r\n\r\n"), "one table: {summary}");
    let number = d.number(&id);
    assert!(
        summary.contains(&format!(
            "Cumplimiento general,,,Fuera de tiempo,1,{number}\r\n"
        )),
        "{summary}"
    );
    assert!(summary.contains(",No,"), "{summary}");
}

/// Every section and metric the summary writes has a name the app can give it: a row in the
/// reader's language never shows a code the locale files do not name.
#[test]
fn every_summary_code_is_named_in_both_languages() {
    use mesa::domain::report::{summary_csv, ReportCsvLabels, SUMMARY_METRICS, SUMMARY_SECTIONS};
    use mesa::locales::{texts, Lang};
    let (d, _) = month(&[3, 7]);
    let r = report(&d, after_month());
    let summary = summary_csv(&r, &ReportCsvLabels::codes());
    let channels: Vec<&str> = r
        .by_channel
        .iter()
        .filter_map(|c| c.code.as_deref())
        .collect();
    let categories: Vec<&str> = r
        .by_closure_category
        .iter()
        .filter_map(|c| c.code.as_deref())
        .collect();
    for line in summary.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let (section, metric) = (fields[0], fields[3]);
        let section_known = SUMMARY_SECTIONS.contains(&section)
            || section.starts_with("clock:")
            || section.starts_with("stage:");
        assert!(section_known, "section {section} has no name");
        let metric_known = SUMMARY_METRICS.contains(&metric)
            || (section == "channel" && (metric == "none" || channels.contains(&metric)))
            || (section == "closure_category"
                && (metric == "none" || categories.contains(&metric)));
        assert!(metric_known, "metric {metric} of {section} has no name");
    }
    for lang in [Lang::Es, Lang::En] {
        let t = texts(lang);
        for m in SUMMARY_METRICS {
            assert!(
                t.contains_key(&format!("reports.csv.metric.{m}")),
                "{lang:?}: {m}"
            );
        }
        for s in SUMMARY_SECTIONS {
            assert!(
                t.contains_key(&format!("reports.csv.section.{s}")),
                "{lang:?}: {s}"
            );
        }
    }
}

/// A service restored with a workaround is reported apart from the final fix: its time in the
/// tickets file, the tickets listed in the summary. (P4 counts its solution clock to the fix, so
/// there the late fix is still a miss; P5's restore clock stops at the workaround, see
/// `sla_scenarios`.)
#[test]
fn workarounds_are_reported_apart_from_the_final_fix() {
    let mut d = Desk::new();
    let at = local(2026, 10, 6, 9, 0);
    let with = d.open(at, &NewTicket::default());
    let without = d.open(at + Duration::hours(1), &NewTicket::default());
    let restored = at + Duration::minutes(90);
    d.on(
        &with,
        restored,
        mesa::domain::event::EventKind::RestoredWithWorkaround {
            workaround: "Desvío de llamadas".into(),
        },
    );
    d.resolve(&with, at + Duration::hours(30), None);
    d.resolve(&without, at + Duration::hours(3), None);
    let r = report(&d, after_month());
    let number = d.number(&with);
    assert_eq!(r.restored_with_workaround.count, 1);
    assert_eq!(r.restored_with_workaround.tickets, vec![number.clone()]);
    let line = r.ticket(&number).expect("listed");
    assert_eq!(line.restored_with_workaround_at, Some(restored));
    assert_eq!(line.resolved_at, Some(at + Duration::hours(30)));
    assert_eq!(line.restore.outcome, Outcome::Missed);
    let other = r.ticket(&d.number(&without)).expect("listed");
    assert_eq!(other.restored_with_workaround_at, None);
    let csv = to_csv(&r);
    let (tickets, summary) = csv.split_once("\r\n\r\n").expect("two sections");
    assert!(tickets.starts_with(
        "number,id,customer,site,request_kind,severity,starting_level,level,status,reported_at,resolved_at,workaround_at,"
    ));
    let row = tickets.lines().find(|l| l.starts_with(&number)).unwrap();
    assert!(row.contains(",2026-10-06T16:30:00Z,"), "{row}");
    assert!(
        summary.contains(&format!(
            "workaround,,,restored_with_workaround,1,{number}\r\n"
        )),
        "{summary}"
    );
}

/// A contract may deduct in proportion to how late the attention or the solution was: here
/// 0.5 % of the site's invoice for every started hour late, at most 1.5 % a ticket.
#[test]
fn site_deductions_can_be_proportional_to_how_late() {
    use mesa::domain::profile::MissedTicketDeduction;
    let mut profile = ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap();
    profile
        .penalties
        .as_mut()
        .expect("P4 has penalties")
        .missed_ticket_deduction = Some(MissedTicketDeduction {
        percent_of_site_invoice: 0.5,
        per_late_minutes: Some(60),
        max_percent_per_ticket: Some(1.5),
    });
    let engine = Engine::new(profile).unwrap();
    let mut d = Desk::new();
    let at = local(2026, 10, 6, 9, 0);
    let new = NewTicket {
        customer: HOTEL,
        site: Some("Cancún"),
        ..NewTicket::default()
    };
    // Written in time order (the device's clock only moves forward).
    let a = d.open(at, &new);
    let b = d.open(at + Duration::minutes(1), &new);
    let c = d.open(at + Duration::minutes(2), &new);
    // c: answered and solved in time: nothing.
    d.respond(&c, at + Duration::minutes(30), "Revisando");
    d.resolve(&c, at + Duration::minutes(60), None);
    // a: answered 30 minutes late (150 against 120), solved in time: one started hour, 0.5 %.
    d.respond(&a, at + Duration::minutes(150), "Revisando");
    d.resolve(&a, at + Duration::minutes(180), None);
    // b: answered 200 minutes late: four started hours, 2 %, capped at 1.5 %.
    d.respond(&b, at + Duration::minutes(321), "Revisando");
    d.resolve(&b, at + Duration::minutes(331), None);
    let r = monthly_report(
        &engine.into(),
        &fold_all(&d.events),
        (2026, 10),
        after_month(),
    );
    assert_eq!(r.ticket(&d.number(&a)).unwrap().late_minutes, 30);
    let lb = r.ticket(&d.number(&b)).unwrap();
    assert_eq!(lb.late_minutes, 200, "{:?} {:?}", lb.response, lb.restore);
    assert_eq!(r.ticket(&d.number(&c)).unwrap().late_minutes, 0);
    let p = r.penalties.as_ref().expect("penalties");
    let site = p
        .site_deductions
        .iter()
        .find(|s| s.site.as_deref() == Some("Cancún"))
        .expect("Cancún deducts");
    assert_eq!(site.per_late_minutes, Some(60));
    assert_eq!(site.missed.count, 2);
    assert_eq!(site.percent_of_site_invoice, 2.0);
    let csv = to_csv(&r);
    assert!(
        csv.contains(",outcome,late_minutes,affected_minutes,"),
        "{csv}"
    );
}

/// Two reports of one outage at a site do not double its affected time: outages count once
/// where they overlap (each from its report, for its affected minutes).
#[test]
fn overlapping_outages_at_a_site_count_once() {
    let mut d = Desk::new();
    let at = local(2026, 10, 6, 9, 0);
    let new = NewTicket {
        customer: HOTEL,
        site: Some("Cancún"),
        ..NewTicket::default()
    };
    // 09:00 for 60 min, 09:30 for 60 min (overlap 30), 13:00 for 10 min (apart): 100 minutes.
    let a = d.open(at, &new);
    let b = d.open(at + Duration::minutes(30), &new);
    let c = d.open(at + Duration::hours(4), &new);
    d.resolve(&a, at + Duration::hours(5), Some(60));
    d.resolve(&b, at + Duration::hours(5) + Duration::minutes(1), Some(60));
    d.resolve(&c, at + Duration::hours(5) + Duration::minutes(2), Some(10));
    let r = report(&d, after_month());
    let site = r.site(HOTEL, Some("Cancún")).expect("Cancún");
    assert_eq!(site.availability.affected_minutes, 100);
    assert_eq!(
        site.availability.tickets.len(),
        3,
        "every ticket behind it is listed"
    );
    let expected = 100.0 - 100.0 * 100.0 / MINUTES;
    assert!((site.availability.percent - expected).abs() < 1e-9);
}
