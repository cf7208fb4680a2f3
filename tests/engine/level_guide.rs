//! The functional level suggested at registration (P2): the profile's impact questions map
//! criticality and impact to a level (and, where the profile says so, a severity); the level the
//! person confirms is recorded on the opening and the ticket starts there. A rule that names a
//! level the profile lacks, or suggests nothing, is caught at load with its path.

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use mesa::domain::commands::{register, Stamp};
use mesa::domain::event::{Event, EventKind};
use mesa::domain::fold::fold_ticket;
use mesa::domain::profile::{preset, ProcessProfile, ProfileError};
use mesa::domain::registration::{Problem, TicketDraft};

fn p2() -> ProcessProfile {
    ProcessProfile::from_json(preset("p2-seware").unwrap()).unwrap()
}

fn answers(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(q, a)| (q.to_string(), a.to_string()))
        .collect()
}

fn stamp() -> Stamp {
    let now = Utc.with_ymd_and_hms(2026, 10, 5, 15, 0, 0).unwrap();
    Stamp {
        device: "d1".into(),
        actor: "op".into(),
        newest_clock: None,
        now_ms: now.timestamp_millis(),
        random: 7_919,
        local_date: now.date_naive(),
    }
}

fn draft(level: Option<u8>) -> TicketDraft {
    TicketDraft {
        request_kind: "incidente".into(),
        level,
        customer: "Hospital Central".into(),
        description: "El sistema de admisión no abre".into(),
        fields: [
            ("solicitante".to_string(), "Jefe de sistemas".to_string()),
            ("correo".to_string(), "sistemas@example.invalid".to_string()),
        ]
        .into(),
        ..TicketDraft::default()
    }
}

/// P2's table: each level has a criticality and an impact; a ticket whose answers point at two
/// levels goes to the higher one, and the criticality names the severity (Alta, Media, Baja).
#[test]
fn p2_criticality_and_impact_suggest_the_matching_level_and_severity() {
    let profile = p2();
    let guide = profile.registration.severity_guide.as_ref().unwrap();
    let criticality = [("baja", 1u8), ("media", 2), ("alta", 3)];
    let impact = [
        ("no_critico", 1u8),
        ("critico", 2),
        ("perdida_funcionalidad", 3),
    ];
    for (c, c_level) in criticality {
        for (i, i_level) in impact {
            let a = answers(&[("criticidad", c), ("impacto", i)]);
            assert_eq!(
                guide.suggest_level(&a),
                Some(c_level.max(i_level)),
                "{c} / {i}"
            );
            assert_eq!(guide.suggest(&a), Some(c), "{c} / {i}");
        }
    }
    // Each level's own criticality and impact, as the profile states them, give that level.
    for level in &profile.levels {
        let pick = |q: usize, label: &Option<String>| {
            let question = &guide.questions[q];
            let option = question
                .options
                .iter()
                .find(|o| Some(&o.label) == label.as_ref())
                .unwrap_or_else(|| panic!("level {} names {label:?}", level.number));
            (question.id.clone(), option.id.clone())
        };
        let a: BTreeMap<_, _> = [pick(0, &level.criticality), pick(1, &level.impact)].into();
        assert_eq!(guide.suggest_level(&a), Some(level.number));
    }
    // Nothing is suggested before the answers say enough.
    assert_eq!(guide.suggest_level(&answers(&[])), None);
    assert_eq!(
        guide.suggest_level(&answers(&[("criticidad", "baja")])),
        None
    );
    assert_eq!(guide.suggest(&answers(&[("impacto", "critico")])), None);
}

/// P4's guide suggests severities only: no level.
#[test]
fn p4_guide_suggests_no_level() {
    let p4 = ProcessProfile::from_json(preset("p4-callmyway").unwrap()).unwrap();
    let guide = p4.registration.severity_guide.as_ref().unwrap();
    let a = answers(&[("interrupcion", "total")]);
    assert_eq!(guide.suggest(&a), Some("s1"));
    assert_eq!(guide.suggest_level(&a), None);
}

fn opening_level(event: &Event) -> Option<u8> {
    match &event.kind {
        EventKind::Opened(o) => o.level,
        other => panic!("not an opening: {other:?}"),
    }
}

#[test]
fn the_confirmed_level_is_recorded_and_the_ticket_starts_there() {
    let profile = p2();
    let event = register(&profile, &draft(Some(3)), &stamp()).unwrap();
    assert_eq!(opening_level(&event), Some(3));
    let ticket = fold_ticket(std::slice::from_ref(&event)).unwrap();
    assert_eq!(ticket.level, 3);
    assert_eq!(ticket.level_history.len(), 1);
    assert_eq!(ticket.level_history[0].value, 3);
    assert_eq!(ticket.level_history[0].at, event.at());
    assert_eq!(
        ticket.starting_level(),
        3,
        "what the CSVs and the report call its start"
    );

    // No level chosen: level 1, as before registration asked.
    let event = register(&profile, &draft(None), &stamp()).unwrap();
    assert_eq!(opening_level(&event), None);
    let mut ticket = fold_ticket(std::slice::from_ref(&event)).unwrap();
    assert_eq!(ticket.level, 1);
    assert!(ticket.level_history.is_empty());
    assert_eq!(ticket.starting_level(), 1);
    // Escalated later to level 2: it still started at 1.
    ticket.level_history.push(mesa::domain::ticket::Change {
        at: event.at() + chrono::Duration::minutes(30),
        value: 2,
    });
    ticket.level = 2;
    assert_eq!(ticket.starting_level(), 1);
}

#[test]
fn a_level_the_profile_lacks_is_refused_on_its_field() {
    let problems = register(&p2(), &draft(Some(4)), &stamp()).unwrap_err();
    assert!(
        problems
            .iter()
            .any(|p| p.field == "level" && p.problem == Problem::UnknownLevel),
        "{problems:?}"
    );
    assert_eq!(Problem::UnknownLevel.code(), "unknown_level");
}

/// Openings written before the level was asked read as level 1, and an opening without a level
/// is written exactly as before (its signature and hash do not change).
#[test]
fn old_openings_read_and_write_as_before() {
    let event = register(&p2(), &draft(None), &stamp()).unwrap();
    let json = serde_json::to_value(&event).unwrap();
    assert!(json["payload"].get("level").is_none(), "{json}");
    let back: Event = serde_json::from_value(json).unwrap();
    assert_eq!(fold_ticket(&[back]).unwrap().level, 1);

    let event = register(&p2(), &draft(Some(2)), &stamp()).unwrap();
    let json = serde_json::to_value(&event).unwrap();
    assert_eq!(json["payload"]["level"], 2);
}

const MINI: &str = r#"{
  "id": "mini", "name": "Mínimo",
  "calendars": [ { "id": "24x7", "zone": "America/Bogota", "always_open": true } ],
  "default_calendar": "24x7",
  "request_kinds": [ { "id": "incidente", "name": "Incidente", "category": "incident" } ],
  "severities": [ { "id": "s1", "name": "Alta", "rank": 1 } ],
  "levels": [ { "number": 1, "name": "Primer nivel" }, { "number": 2, "name": "Segundo nivel" } ],
  "registration": { "severity_guide": {
    "questions": [ { "id": "impacto", "label": "Impacto",
                     "options": [ { "id": "critico", "label": "Crítico" } ] } ],
    "rules": RULES } }
}"#;

fn errors_with(rules: &str) -> Vec<ProfileError> {
    ProcessProfile::from_json(&MINI.replace("RULES", rules))
        .err()
        .unwrap_or_default()
}

#[test]
fn rules_name_existing_levels_and_suggest_something() {
    assert!(errors_with(r#"[ { "when": { "impacto": "critico" }, "level": 2 } ]"#).is_empty());
    assert!(errors_with(
        r#"[ { "when": { "impacto": "critico" }, "level": 2, "severity": "s1" } ]"#
    )
    .is_empty());

    let errors = errors_with(
        r#"[ { "when": { "impacto": "critico" }, "level": 3 },
             { "when": { "impacto": "critico" } } ]"#,
    );
    let at = |path: &str, needle: &str| {
        errors
            .iter()
            .any(|e| e.path == path && e.message.contains(needle))
    };
    assert!(
        at(
            "registration.severity_guide.rules[0].level",
            "3 is not a level"
        ),
        "{errors:#?}"
    );
    assert!(
        at(
            "registration.severity_guide.rules[1]",
            "must suggest a severity, a level or both"
        ),
        "{errors:#?}"
    );
    assert_eq!(errors.len(), 2, "{errors:#?}");
}
