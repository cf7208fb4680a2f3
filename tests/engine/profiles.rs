//! Process profiles: the five presets load and match PROCESSES.md, broken profiles give precise
//! error paths, and ticket drafts are checked against a profile.

use std::collections::BTreeSet;

use mesa::domain::calendar::Calendar;
use mesa::domain::profile::{
    preset, presets, ClockStart, ClosureField, EscalationAction, ProcessProfile, ProfileError,
    TriggerWhen,
};
use mesa::domain::registration::{FieldProblem, Problem, ResolutionDraft, TicketDraft};
use mesa::domain::target::{Target, TimeBasis};

fn load(id: &str) -> ProcessProfile {
    let json = preset(id).unwrap_or_else(|| panic!("no preset {id}"));
    match ProcessProfile::from_json(json) {
        Ok(p) => p,
        Err(errors) => panic!("{id}: {}", join(&errors)),
    }
}

fn join(errors: &[ProfileError]) -> String {
    errors
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

fn biz(minutes: u32) -> Option<Target> {
    Some(Target::business(minutes))
}

fn cal(minutes: u32) -> Option<Target> {
    Some(Target::calendar(minutes))
}

// ---------------------------------------------------------------- presets

#[test]
fn all_five_presets_load_with_no_problems() {
    let all = presets();
    assert_eq!(all.len(), 5);
    for (id, json) in all {
        let profile = ProcessProfile::from_json(json)
            .unwrap_or_else(|e| panic!("{id} has problems:\n{}", join(&e)));
        assert_eq!(profile.id, id);
        assert_eq!(profile.locale, "es");
        assert!(profile.validate().is_empty());
    }
}

#[test]
fn presets_round_trip_through_json() {
    for (id, _) in presets() {
        let profile = load(id);
        let again = ProcessProfile::from_json(&profile.to_json()).expect("re-serialized is valid");
        assert_eq!(again, profile, "{id}");
    }
}

#[test]
fn index_lists_the_five_presets() {
    let index: serde_json::Value =
        serde_json::from_str(include_str!("../../public/profiles/index.json")).unwrap();
    let entries = index.as_array().unwrap();
    let ids: Vec<&str> = entries.iter().map(|e| e["id"].as_str().unwrap()).collect();
    let preset_ids: Vec<&str> = presets().into_iter().map(|(id, _)| id).collect();
    assert_eq!(ids, preset_ids);
    for e in entries {
        let file = e["file"].as_str().unwrap();
        assert_eq!(file, format!("{}.json", e["id"].as_str().unwrap()));
        assert_eq!(
            e["name"].as_str().unwrap(),
            load(e["id"].as_str().unwrap()).name
        );
    }
}

#[test]
fn presets_only_use_example_invalid_addresses() {
    for (id, json) in presets() {
        for (at, _) in json.match_indices('@') {
            let rest = &json[at + 1..];
            let end = rest
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
                .unwrap_or(rest.len());
            assert_eq!(
                &rest[..end],
                "example.invalid",
                "{id}: e-mail outside example.invalid"
            );
        }
        for url in json.split("https://").skip(1) {
            let host: String = url.chars().take_while(|c| *c != '/' && *c != '"').collect();
            assert!(host.ends_with("example.invalid"), "{id}: URL host {host}");
        }
    }
}

#[test]
fn presets_phone_numbers_are_fake() {
    for (id, json) in presets() {
        let profile = load(id);
        let directory = profile.escalation.directory.iter();
        let after = profile
            .escalation
            .after_hours
            .iter()
            .flat_map(|a| a.contacts.iter());
        for c in directory.chain(after) {
            for phone in [&c.office_phone, &c.mobile].into_iter().flatten() {
                assert!(phone.starts_with("+00 "), "{id}: {phone}");
            }
        }
        for ch in &profile.registration.channels {
            if let Some(addr) = &ch.address {
                assert!(
                    addr.starts_with("+00 ") || addr.contains("example.invalid"),
                    "{id}: {addr}"
                );
            }
        }
        assert!(!json.contains("\"name\": \"Ing."), "{id}: personal names");
    }
}

#[test]
fn p1_sipo_best_effort_two_windows_checklist_and_auto_close() {
    let p = load("p1-sipo");
    let cal = p.calendar("atencion").unwrap();
    assert_eq!(cal.zone, "America/Mexico_City");
    let windows: Vec<(&str, &str)> = cal
        .windows
        .iter()
        .map(|w| (w.start.as_str(), w.end.as_str()))
        .collect();
    assert_eq!(windows, [("09:00", "14:00"), ("16:00", "19:00")]);
    assert_eq!(cal.windows[0].days, ["mon", "tue", "wed", "thu", "fri"]);
    // Best effort: SLA clocks off, so no targets apply.
    assert!(p.request_kinds.iter().all(|k| !k.sla));
    assert!(p.targets_for("any", "incidente_api").is_empty());
    let checklist = p.registration.checklist.as_ref().unwrap();
    assert_eq!(checklist.title, "Verificación previa");
    assert_eq!(checklist.items.len(), 4);
    assert!(checklist.require_all);
    let scope = p.registration.scope.as_ref().unwrap();
    assert_eq!(scope.rejection_label, "Fuera de alcance");
    assert!(scope.reason_required);
    let required: Vec<&str> = p
        .registration
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| f.id.as_str())
        .collect();
    assert_eq!(
        required,
        [
            "customer",
            "reportante",
            "telefonos",
            "correos",
            "description",
            "api"
        ]
    );
    assert_eq!(
        p.closure.required,
        [ClosureField::RootCause, ClosureField::Solution]
    );
    let v = p.closure.verification.unwrap();
    assert_eq!(v.window, Target::calendar(24 * 60));
    assert!(v.auto_close);
}

#[test]
fn p2_seware_24x7_contract_levels_and_directory() {
    let p = load("p2-seware");
    let cal = p.calendar(&p.default_calendar).unwrap();
    assert!(cal.always_open);
    assert_eq!(cal.zone, "America/Mexico_City");
    assert!(p.registration.require_contract);
    assert!(p.on_site_support);
    assert!(p.knowledge_base);
    let kinds: Vec<&str> = p.request_kinds.iter().map(|k| k.name.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "Queja",
            "Incidente",
            "Solicitud de información",
            "Solicitud de cambio rutinario",
            "Observación"
        ]
    );
    let levels: Vec<(u8, Option<&str>, Option<&str>)> = p
        .levels
        .iter()
        .map(|l| (l.number, l.criticality.as_deref(), l.impact.as_deref()))
        .collect();
    assert_eq!(
        levels,
        [
            (1, Some("Baja"), Some("No crítico")),
            (2, Some("Media"), Some("Crítico")),
            (3, Some("Alta"), Some("Pérdida de funcionalidad"))
        ]
    );
    assert!(p.levels[0]
        .responsibilities
        .iter()
        .any(|r| r.contains("base de conocimiento")));
    let directory: Vec<(u8, &str)> = p
        .escalation
        .directory
        .iter()
        .map(|c| (c.level, c.role.as_str()))
        .collect();
    assert_eq!(
        directory,
        [
            (1, "Operador de mesa de servicio"),
            (2, "Líder de mesa de servicio"),
            (3, "Líder de proyecto"),
            (4, "Director de tecnología")
        ]
    );
    for c in &p.escalation.directory {
        assert!(c.office_phone.is_some() && c.mobile.is_some() && c.extension.is_some());
        assert!(c.email.as_deref().unwrap().ends_with("@example.invalid"));
    }
}

#[test]
fn p3_cirion_seven_stages_with_targets_and_city_classes() {
    let p = load("p3-cirion");
    assert_eq!(p.calendar("oficina").unwrap().zone, "America/Guayaquil");
    assert!(p.calendar("24x7").unwrap().always_open);
    assert_eq!(p.calendar_for_kind("administrativo").unwrap().id, "oficina");
    assert_eq!(p.calendar_for_kind("tecnico").unwrap().id, "24x7");
    assert_eq!(p.stages.len(), 7);
    let minutes: Vec<Option<u32>> = p
        .stages
        .iter()
        .map(|s| s.target.map(|t| t.minutes))
        .collect();
    assert_eq!(
        minutes,
        [
            Some(1),
            Some(4),
            Some(20),
            None,
            Some(10),
            Some(360),
            Some(30)
        ]
    );
    // The dispatch stage's times are its milestones': the travel by the site's city class
    // (from the dispatch agreed), then the field solution (from the arrival).
    assert_eq!(p.stage_target("despacho", Some("principal")), None);
    assert_eq!(p.stage_target("diagnostico", Some("principal")), biz(20));
    let dispatch = p.stage("despacho").unwrap();
    let travel = dispatch.milestone("traslado").unwrap();
    assert_eq!(travel.target_for(Some("principal")), biz(180));
    assert_eq!(travel.target_for(Some("intermedia")), biz(360));
    assert_eq!(travel.target_for(Some("remota")), None);
    assert_eq!(travel.target_for(None), None);
    let field = dispatch.milestone("solucion_campo").unwrap();
    assert_eq!(field.after.as_deref(), Some("traslado"));
    assert_eq!(field.target_for(Some("remota")), biz(240));
    assert!(p.stages[1..].iter().all(|s| s.notify));
    assert!(p
        .stage("documentacion")
        .unwrap()
        .required_to_leave
        .contains(&"confirmed_by".into()));
    assert_eq!(
        p.closure.required,
        [
            ClosureField::RootCause,
            ClosureField::Solution,
            ClosureField::AffectedMinutes,
            ClosureField::ConfirmedBy
        ]
    );
    let roles: Vec<(u8, &str)> = p
        .escalation
        .directory
        .iter()
        .map(|c| (c.level, c.role.as_str()))
        .collect();
    assert_eq!(
        roles,
        [
            (1, "Supervisores TSC"),
            (2, "Gerente de operaciones"),
            (3, "Gerente senior")
        ]
    );
    let after = p.escalation.after_hours.as_ref().unwrap();
    assert_eq!(after.in_hours_calendar, "oficina");
    assert!(!after.contacts.is_empty());
    let first = &p.escalation.rules[0];
    assert_eq!(first.trigger.when, TriggerWhen::Breach);
    assert_eq!(
        first.actions,
        [EscalationAction::NotifyEscalationLevel { level: 1 }]
    );
}

#[test]
fn p4_callmyway_severity_targets_channels_and_penalties() {
    let p = load("p4-callmyway");
    let expected = [
        ("s1", 60, 180),
        ("s2", 90, 240),
        ("s3", 120, 240),
        ("s4", 120, 240),
    ];
    for (sev, response, restore) in expected {
        let t = p.targets_for(sev, "incidente");
        assert_eq!(t.response, biz(response), "{sev} response");
        assert_eq!(t.restore, biz(restore), "{sev} restore");
        assert_eq!(t.update, None);
    }
    let cal = p.calendar("centro_telefonico").unwrap();
    assert_eq!(cal.zone, "America/Mexico_City");
    let windows: Vec<(usize, &str, &str)> = cal
        .windows
        .iter()
        .map(|w| (w.days.len(), w.start.as_str(), w.end.as_str()))
        .collect();
    assert_eq!(windows, [(5, "06:00", "21:00"), (2, "07:00", "17:00")]);
    let countries: Vec<&str> = p
        .registration
        .channels
        .iter()
        .filter_map(|c| c.country.as_deref())
        .collect();
    assert_eq!(
        countries,
        ["MX", "CL", "CO", "US", "CA", "PE", "PA", "GT", "SV", "CR", "DO"]
    );
    let email = p.channel("correo").unwrap();
    assert!(email.auto_tracking_number);
    for id in ["click_to_call", "chat_web", "whatsapp"] {
        assert!(p.channel(id).is_some(), "{id}");
    }
    assert!(p.registration.require_reported_at);
    let pen = p.penalties.unwrap();
    assert_eq!(pen.compliance_target_percent, 98.0);
    assert_eq!(pen.availability_target_percent, Some(99.99));
    assert!(pen.shortfall_deduction.is_some() && pen.missed_ticket_deduction.is_some());
    let areas: Vec<&str> = p.levels.iter().map(|l| l.area.as_str()).collect();
    assert_eq!(
        areas,
        [
            "Centro telefónico",
            "Técnicos asignados a la cuenta del cliente",
            "Soporte avanzado"
        ]
    );
    let stages: Vec<&str> = p.stages.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        stages,
        [
            "diagnostico_inicial",
            "escalamiento",
            "investigacion",
            "resolucion",
            "cierre"
        ]
    );
}

#[test]
fn p5_megaport_targets_restore_only_for_incidents_and_customer_escalation() {
    let p = load("p5-megaport");
    let t1 = p.targets_for("s1", "incidente");
    assert_eq!(
        (t1.response, t1.update, t1.restore),
        (cal(15), cal(30), cal(6 * 60))
    );
    let t2 = p.targets_for("s2", "incidente");
    assert_eq!(
        (t2.response, t2.update, t2.restore),
        (cal(15), cal(60), cal(24 * 60))
    );
    let t3 = p.targets_for("s3", "incidente");
    assert_eq!(
        (t3.response, t3.update, t3.restore),
        (cal(30), cal(240), biz(48 * 60))
    );
    assert_eq!(t3.restore.unwrap().basis, TimeBasis::Business);
    // Restore applies to incidents only.
    let query = p.targets_for("s3", "consulta");
    assert_eq!(query.restore, None);
    assert_eq!(query.response, cal(30));
    assert_eq!(p.clock_options.restore_starts, ClockStart::Reported);
    assert_eq!(p.clock_options.pause_statuses, ["esperando_cliente"]);
    assert!(p.clock_options.promised_update_overrides);
    let ce = p.escalation.customer_escalation.as_ref().unwrap();
    assert_eq!(ce.reasons.len(), 3);
    assert_eq!(ce.start_level, 1);
    assert_eq!(ce.path, [1, 2, 3]);
}

#[test]
fn p5_initial_severity_rules() {
    let p = load("p5-megaport");
    assert_eq!(p.initial_severity("consulta", None).as_deref(), Some("s3"));
    assert_eq!(
        p.initial_severity("consulta", Some("s1")).as_deref(),
        Some("s3")
    );
    assert_eq!(p.initial_severity("aprovisionamiento", Some("s1")), None);
    assert_eq!(
        p.initial_severity("incidente", Some("s2")).as_deref(),
        Some("s2")
    );
    assert_eq!(p.initial_severity("incidente", Some("s9")), None);
    assert_eq!(p.initial_severity("incidente", None), None);
    let p4 = load("p4-callmyway");
    assert_eq!(p4.initial_severity("consulta", None).as_deref(), Some("s4"));
    assert_eq!(
        p4.initial_severity("consulta", Some("s2")).as_deref(),
        Some("s2")
    );
}

// ---------------------------------------------------------------- broken profiles

const MINI: &str = r#"{
  "id": "mini",
  "name": "Mínimo",
  "calendars": [
    { "id": "oficina", "zone": "America/Bogota",
      "windows": [ { "days": ["mon"], "start": "09:00", "end": "17:00" } ] }
  ],
  "default_calendar": "oficina",
  "request_kinds": [ { "id": "incidente", "name": "Incidente", "category": "incident" } ],
  "severities": [
    { "id": "s1", "name": "Alta", "rank": 1,
      "targets": { "response": { "minutes": 15 } } }
  ]
}"#;

fn errors_of(json: &str) -> Vec<ProfileError> {
    match ProcessProfile::from_json(json) {
        Ok(_) => panic!("expected problems in:\n{json}"),
        Err(e) => e,
    }
}

fn has(errors: &[ProfileError], path: &str, needle: &str) -> bool {
    errors
        .iter()
        .any(|e| e.path == path && e.message.contains(needle))
}

#[test]
fn minimal_profile_loads_with_defaults() {
    let p = ProcessProfile::from_json(MINI).unwrap();
    assert_eq!(p.locale, "es");
    assert_eq!(p.version, 1);
    assert_eq!(p.clock_options.warning.at_percent, Some(80));
    assert!(p.request_kinds[0].sla && p.request_kinds[0].restore_applies);
    assert_eq!(p.targets_for("s1", "incidente").response, biz(15));
}

#[test]
fn typo_field_is_caught_with_its_path_line_and_column() {
    let json = MINI.replace(r#""name": "Alta""#, r#""nmae": "Alta""#);
    let errors = errors_of(&json);
    assert_eq!(errors.len(), 1, "{}", join(&errors));
    let e = &errors[0];
    assert_eq!(e.path, "severities[0].nmae");
    assert!(e.message.contains("unknown field `nmae`"), "{e}");
    assert_eq!(e.line, Some(11));
    assert!(e.column.is_some());
    assert!(
        e.to_string()
            .starts_with("severities[0].nmae: line 11, column "),
        "{e}"
    );
}

#[test]
fn wrong_type_and_missing_field_name_their_paths() {
    let json = MINI.replace(r#""minutes": 15"#, r#""minutes": "15""#);
    let e = &errors_of(&json)[0];
    assert_eq!(e.path, "severities[0].targets.response.minutes", "{e}");
    let json = MINI.replace(r#""name": "Incidente", "#, "");
    let e = &errors_of(&json)[0];
    assert_eq!(e.path, "request_kinds[0]", "{e}");
    assert!(e.message.contains("missing field `name`"), "{e}");
}

#[test]
fn typo_inside_a_calendar_is_caught() {
    let json = MINI.replace(
        r#""zone": "America/Bogota","#,
        r#""zone": "America/Bogota", "holydays": [],"#,
    );
    let errors = errors_of(&json);
    assert!(
        has(&errors, "calendars[0].holydays", "unknown field"),
        "{}",
        join(&errors)
    );
    let json = MINI.replace(r#""end": "17:00""#, r#""end": "17:00", "dias": []"#);
    let errors = errors_of(&json);
    assert!(
        has(&errors, "calendars[0].windows[0].dias", "unknown field"),
        "{}",
        join(&errors)
    );
}

#[test]
fn malformed_json_gives_line_and_column() {
    let json = MINI.replace(r#""name": "Mínimo","#, r#""name": "Mínimo""#);
    let errors = errors_of(&json);
    assert_eq!(errors.len(), 1);
    let e = &errors[0];
    assert_eq!(e.line, Some(4));
    assert!(
        e.message.starts_with("line 4, column 3: invalid JSON"),
        "{e}"
    );
    let e = &errors_of("{\"id\": \"x\",")[0];
    assert_eq!(e.line, Some(1));
    assert!(e.message.contains("invalid JSON"), "{e}");
    let e = &errors_of("")[0];
    assert!(e.message.contains("invalid JSON"), "{e}");
}

#[test]
fn bad_zone_and_bad_times_are_reported_together() {
    let json = MINI
        .replace("America/Bogota", "America/Bogotá")
        .replace(r#""start": "09:00""#, r#""start": "9:00""#)
        .replace(r#""end": "17:00""#, r#""end": "25:00""#)
        .replace(r#"["mon"]"#, r#"["lun"]"#);
    let errors = errors_of(&json);
    assert!(has(
        &errors,
        "calendars[0].zone",
        "\"America/Bogotá\" is not a known IANA time zone"
    ));
    assert!(has(
        &errors,
        "calendars[0].windows[0].start",
        "\"9:00\" is not a time of day"
    ));
    assert!(has(
        &errors,
        "calendars[0].windows[0].end",
        "\"25:00\" is not a time of day"
    ));
    assert!(has(
        &errors,
        "calendars[0].windows[0].days[0]",
        "\"lun\" is not a day"
    ));
    assert_eq!(errors.len(), 4, "{}", join(&errors));
    let json = MINI.replace(r#""end": "17:00""#, r#""end": "08:00""#);
    assert!(has(
        &errors_of(&json),
        "calendars[0].windows[0].end",
        "must be after start"
    ));
    let json = MINI.replace(r#""end": "17:00""#, r#""end": "24:00""#);
    assert!(ProcessProfile::from_json(&json).is_ok());
}

#[test]
fn unknown_references_name_the_field() {
    let json = MINI
        .replace(
            r#""category": "incident""#,
            r#""category": "incident", "calendar": "ofi""#,
        )
        .replace(
            r#""default_calendar": "oficina""#,
            r#""default_calendar": "24x7""#,
        );
    let errors = errors_of(&json);
    let msg = join(&errors);
    assert!(
        msg.contains(r#"request_kinds[0].calendar: "ofi" is not a calendar of this profile"#),
        "{msg}"
    );
    assert!(
        msg.contains(r#"default_calendar: "24x7" is not a calendar of this profile"#),
        "{msg}"
    );
}

#[test]
fn duplicate_ids_and_zero_targets() {
    let json = MINI.replace(
        r#""severities": ["#,
        r#""severities": [
    { "id": "s1", "name": "Otra", "rank": 2, "targets": { "restore": { "minutes": 0 } } },"#,
    );
    let errors = errors_of(&json);
    let msg = join(&errors);
    assert!(
        has(
            &errors,
            "severities[1].id",
            "duplicate id \"s1\" (already used at severities[0].id)"
        ),
        "{msg}"
    );
    assert!(
        msg.contains("severities[0].targets.restore: minutes must be greater than 0"),
        "{msg}"
    );
}

#[test]
fn escalation_and_stage_errors_are_all_collected() {
    let json = MINI.replace(
        r#""severities": ["#,
        r#""levels": [ { "number": 1, "name": "Mesa" } ],
  "stages": [
    { "id": "despacho", "name": "Despacho", "notify": true,
      "target_by_city_class": { "principal": { "minutes": 180 } },
      "required_to_leave": ["confirmado_por"] }
  ],
  "escalation": {
    "directory": [ { "id": "sup", "role": "Supervisor", "level": 1, "email": "sup@example" } ],
    "rules": [ { "id": "r1", "trigger": { "clock": "restore", "when": { "at_percent": 0 } },
                 "actions": [ { "action": "move_to_level", "level": 3 },
                              { "action": "notify_escalation_level", "level": 2 } ] } ],
    "customer_escalation": { "reasons": [], "path": [1, 2] }
  },
  "severities": ["#,
    );
    let errors = errors_of(&json);
    let msg = join(&errors);
    let expected = [
        (
            "stages[0].target_by_city_class.principal",
            "\"principal\" is not a city class",
        ),
        (
            "stages[0].required_to_leave[0]",
            "\"confirmado_por\" is not a ticket field",
        ),
        ("stages[0].notify", "no notification rule"),
        (
            "escalation.directory[0].email",
            "\"sup@example\" is not a valid e-mail",
        ),
        (
            "escalation.rules[0].trigger.when.at_percent",
            "between 1 and 100",
        ),
        (
            "escalation.rules[0].actions[0].level",
            "level 3 is not a level of this profile",
        ),
        (
            "escalation.rules[0].actions[1].level",
            "no contact of the escalation directory has level 2",
        ),
        (
            "escalation.customer_escalation.reasons",
            "at least one reason",
        ),
        (
            "escalation.customer_escalation.path[1]",
            "no contact of the escalation directory has level 2",
        ),
    ];
    for (path, needle) in expected {
        assert!(
            has(&errors, path, needle),
            "missing {path}: {needle}\n{msg}"
        );
    }
    assert_eq!(errors.len(), expected.len(), "{msg}");
}

#[test]
fn never_panics_on_odd_input() {
    for text in [
        "null",
        "[]",
        "{}",
        "\"x\"",
        "{\"id\": 5}",
        "{{{{",
        "\u{feff}{}",
        "{\"id\":\"a\",\"name\":\"b\",\"calendars\":[{}]}",
    ] {
        assert!(ProcessProfile::from_json(text).is_err(), "{text}");
    }
}

// ---------------------------------------------------------------- registration

fn complete_p1_draft() -> TicketDraft {
    let mut draft = TicketDraft {
        request_kind: "incidente_api".into(),
        customer: "Concesionario Ejemplo".into(),
        description: "La API de consulta responde con error 500".into(),
        in_scope: Some(true),
        ..Default::default()
    };
    for (k, v) in [
        ("reportante", "Operador de guardia"),
        ("telefonos", "+00 55 0000 0000; +00 55 0000 0001"),
        ("correos", "noc@example.invalid, soporte@example.invalid"),
        ("api", "API de portabilidad v2"),
    ] {
        draft.fields.insert(k.into(), v.into());
    }
    draft.checklist = [
        "elementos_red",
        "vpn_conectividad",
        "vpn_parametros",
        "energia",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    draft
}

fn fields_with(problems: &[FieldProblem], problem: &Problem) -> BTreeSet<String> {
    problems
        .iter()
        .filter(|p| &p.problem == problem)
        .map(|p| p.field.clone())
        .collect()
}

#[test]
fn p1_draft_reports_every_missing_field_at_once_then_passes() {
    let p = load("p1-sipo");
    let empty = TicketDraft {
        request_kind: "incidente_api".into(),
        in_scope: Some(true),
        checklist: complete_p1_draft().checklist,
        ..Default::default()
    };
    let problems = p.validate_draft(&empty).unwrap_err();
    let required = fields_with(&problems, &Problem::Required);
    let expected: BTreeSet<String> = [
        "customer",
        "reportante",
        "telefonos",
        "correos",
        "description",
        "api",
    ]
    .into_iter()
    .map(String::from)
    .collect();
    assert_eq!(required, expected);
    assert_eq!(problems.len(), 6);
    assert!(problems.iter().all(|p| p.problem.code() == "required"));

    assert_eq!(p.validate_draft(&complete_p1_draft()), Ok(()));
}

#[test]
fn p1_bad_email_and_phone_are_reported() {
    let p = load("p1-sipo");
    let mut draft = complete_p1_draft();
    draft
        .fields
        .insert("correos".into(), "noc@example.invalid, no-es-correo".into());
    draft
        .fields
        .insert("telefonos".into(), "llamar al NOC".into());
    draft.fields.insert("extra".into(), "x".into());
    let problems = p.validate_draft(&draft).unwrap_err();
    assert!(problems.contains(&FieldProblem {
        field: "correos".into(),
        problem: Problem::InvalidEmail
    }));
    assert!(problems.contains(&FieldProblem {
        field: "telefonos".into(),
        problem: Problem::InvalidPhone
    }));
    assert!(problems.contains(&FieldProblem {
        field: "fields.extra".into(),
        problem: Problem::UnknownField
    }));
    assert_eq!(problems.len(), 3);
    assert_eq!(problems[0].problem.code(), "invalid_phone");
}

#[test]
fn p1_incomplete_checklist_lists_missing_items() {
    let p = load("p1-sipo");
    let mut draft = complete_p1_draft();
    draft.checklist.remove("vpn_parametros");
    draft.checklist.remove("energia");
    let problems = p.validate_draft(&draft).unwrap_err();
    assert_eq!(
        problems,
        [FieldProblem {
            field: "checklist".into(),
            problem: Problem::ChecklistIncomplete {
                missing: vec!["vpn_parametros".into(), "energia".into()]
            }
        }]
    );
    assert_eq!(problems[0].problem.code(), "checklist_incomplete");
    let json = serde_json::to_value(&problems[0].problem).unwrap();
    assert_eq!(json["code"], "checklist_incomplete");
}

#[test]
fn p1_out_of_scope_answer_needs_its_reason() {
    let p = load("p1-sipo");
    let mut draft = complete_p1_draft();
    draft.in_scope = Some(false);
    let problems = p.validate_draft(&draft).unwrap_err();
    assert_eq!(
        problems,
        [FieldProblem {
            field: "scope_reason".into(),
            problem: Problem::Required
        }]
    );
    // With its reason it is registered (as a rejected report), and its checks are not asked for.
    draft.scope_reason = "Consulta sobre facturación".into();
    draft.checklist.clear();
    assert_eq!(p.validate_draft(&draft), Ok(()));
    draft.in_scope = None;
    let problems = p.validate_draft(&draft).unwrap_err();
    assert!(problems.contains(&FieldProblem {
        field: "in_scope".into(),
        problem: Problem::Required
    }));
}

#[test]
fn unknown_kind_severity_and_channel() {
    let p = load("p4-callmyway");
    let draft = TicketDraft {
        request_kind: "reclamo".into(),
        severity: Some("s9".into()),
        channel: Some("fax".into()),
        customer: "Cliente".into(),
        description: "Sin tono".into(),
        ..Default::default()
    };
    let problems = p.validate_draft(&draft).unwrap_err();
    let codes: BTreeSet<&str> = problems.iter().map(|p| p.problem.code()).collect();
    for code in [
        "unknown_kind",
        "unknown_severity",
        "unknown_channel",
        "required",
    ] {
        assert!(codes.contains(code), "{code}: {problems:?}");
    }
    // P4 requires the time it happened and the user's name.
    let required = fields_with(&problems, &Problem::Required);
    assert!(
        required.contains("reported_at") && required.contains("usuario"),
        "{required:?}"
    );
}

#[test]
fn p5_query_needs_no_severity_and_provisioning_takes_none() {
    let p = load("p5-megaport");
    let mut draft = TicketDraft {
        request_kind: "consulta".into(),
        customer: "Cliente".into(),
        description: "¿Cómo cambio la velocidad del puerto?".into(),
        ..Default::default()
    };
    draft
        .fields
        .insert("contacto".into(), "Ingeniería de red".into());
    draft
        .fields
        .insert("correo".into(), "red@example.invalid".into());
    assert_eq!(p.validate_draft(&draft), Ok(()));
    assert_eq!(
        p.initial_severity(&draft.request_kind, None).as_deref(),
        Some("s3")
    );
    draft.request_kind = "aprovisionamiento".into();
    draft.severity = Some("s1".into());
    let problems = p.validate_draft(&draft).unwrap_err();
    assert_eq!(
        problems,
        [FieldProblem {
            field: "severity".into(),
            problem: Problem::SeverityNotApplicable
        }]
    );
}

#[test]
fn closure_requires_the_profile_fields() {
    let p3 = load("p3-cirion");
    let problems = p3
        .validate_closure(&ResolutionDraft::default())
        .unwrap_err();
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(
        fields,
        ["root_cause", "solution", "affected_minutes", "confirmed_by"]
    );
    let done = ResolutionDraft {
        root_cause: "Corte de fibra".into(),
        solution: "Empalme en campo".into(),
        affected_minutes: Some(95),
        confirmed_by: "Jefe de NOC del cliente".into(),
        category: None,
    };
    assert_eq!(p3.validate_closure(&done), Ok(()));
    let p1 = load("p1-sipo");
    let partial = ResolutionDraft {
        solution: "Se corrigió el token".into(),
        ..Default::default()
    };
    let problems = p1.validate_closure(&partial).unwrap_err();
    assert_eq!(
        problems,
        [FieldProblem {
            field: "root_cause".into(),
            problem: Problem::Required
        }]
    );
}

#[test]
fn every_problem_code_has_a_spanish_and_english_text() {
    for lang in mesa::locales::Lang::ALL {
        let texts = mesa::locales::texts(lang);
        for code in Problem::CODES {
            let key = format!("problem.{code}");
            assert!(texts.contains_key(&key), "{} lacks {key}", lang.code());
        }
    }
}

#[test]
fn preset_calendars_build_as_business_calendars() {
    for (id, _) in presets() {
        for spec in load(id).calendars {
            assert!(
                Calendar::from_spec(&spec).is_ok(),
                "{id}: calendar {}",
                spec.id
            );
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    #[test]
    fn any_text_gives_a_profile_or_errors_never_a_panic(text in "\\PC{0,200}") {
        if let Err(errors) = ProcessProfile::from_json(&text) {
            proptest::prop_assert!(!errors.is_empty());
        }
    }

    #[test]
    fn a_damaged_preset_never_panics(which in 0usize..5, at in 0usize..100_000, cut in 1usize..40) {
        let (_, json) = presets()[which];
        let mut start = at % json.len();
        while !json.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + cut).min(json.len());
        while !json.is_char_boundary(end) {
            end += 1;
        }
        let damaged = format!("{}{}", &json[..start], &json[end..]);
        if let Err(errors) = ProcessProfile::from_json(&damaged) {
            proptest::prop_assert!(!errors.is_empty());
            for e in errors {
                proptest::prop_assert!(!e.message.is_empty());
            }
        }
    }
}

/// The browser app fetches the presets (it does not embed them): each must be served from
/// `public/profiles/<id>.json` (the embedded text is that file) and precached by the service
/// worker, or a desk on that process would not open offline.
#[test]
fn the_presets_are_served_and_kept_offline() {
    let root = env!("CARGO_MANIFEST_DIR");
    let sw = std::fs::read_to_string(format!("{root}/public/sw.js")).unwrap();
    for id in mesa::domain::profile::PRESET_IDS {
        let served = std::fs::read_to_string(format!("{root}/public/profiles/{id}.json")).unwrap();
        assert_eq!(Some(served.as_str()), mesa::domain::profile::preset(id));
        let file = format!("'profiles/{id}.json'");
        assert!(sw.contains(&file), "public/sw.js must precache {file}");
    }
}

#[test]
fn a_severity_guide_names_existing_questions_answers_and_severities() {
    let guide = r#""registration": { "severity_guide": {
      "questions": [ { "id": "interrupcion", "label": "¿Cómo afecta?",
                       "options": [ { "id": "total", "label": "No puede operar" } ] } ],
      "rules": [ { "when": { "interrupcion": "total" }, "severity": "s9" },
                 { "when": { "interrupcion": "parcial" }, "severity": "s1" },
                 { "when": { "usuarios": "todos" }, "severity": "s1" } ] } },
  "severities": ["#;
    let json = MINI.replacen(r#""severities": ["#, guide, 1);
    let errors = errors_of(&json);
    assert!(
        has(
            &errors,
            "registration.severity_guide.rules[0].severity",
            "s9"
        ),
        "{errors:#?}"
    );
    assert!(has(
        &errors,
        "registration.severity_guide.rules[1].when.interrupcion",
        "not an answer"
    ));
    assert!(has(
        &errors,
        "registration.severity_guide.rules[2].when.usuarios",
        "not a question"
    ));
}

#[test]
fn each_preset_names_its_unit_and_agrees_in_gender() {
    use mesa::domain::profile::Gender;
    let expect = [
        ("p1-sipo", "incidencia", Gender::Feminine),
        ("p2-seware", "requerimiento", Gender::Masculine),
        ("p3-cirion", "caso", Gender::Masculine),
        ("p4-callmyway", "incidencia", Gender::Feminine),
        ("p5-megaport", "solicitud", Gender::Feminine),
    ];
    for (id, word, gender) in expect {
        let unit = load(id).unit.word("es");
        assert_eq!((unit.one.as_str(), unit.gender), (word, gender), "{id}");
        assert!(!load(id).unit.word("en").one.is_empty(), "{id}");
    }
    // A profile naming none gets the app's words.
    let mini = ProcessProfile::from_json(MINI).unwrap();
    assert_eq!(mini.unit.word("es").one, "incidencia");
    assert_eq!(mini.unit.word("en").other, "tickets");
}

#[test]
fn a_unit_word_that_cannot_go_inside_a_sentence_is_named() {
    let json = MINI.replacen(
        r#""name": "Mínimo","#,
        r#""name": "Mínimo", "unit": { "es": { "one": "", "other": "{casos}" }, "fr": { "one": "cas", "other": "cas" } },"#,
        1,
    );
    let errors = errors_of(&json);
    assert!(
        has(&errors, "unit.es.one", "must not be empty"),
        "{}",
        join(&errors)
    );
    assert!(
        has(&errors, "unit.es.other", "plain word"),
        "{}",
        join(&errors)
    );
    assert!(
        has(&errors, "unit.fr", "not a language"),
        "{}",
        join(&errors)
    );
}

#[test]
fn edited_unit_words_travel_in_the_profile_text() {
    use mesa::domain::profile::Gender;
    let p4 = load("p4-callmyway");
    let mut draft = p4.unit_draft();
    draft.es_one = " pedido ".into();
    draft.es_other = "pedidos".into();
    draft.es_gender = Gender::Masculine;
    let edited = p4.with_unit(&draft).unwrap();
    let json = edited.to_json();
    let back = ProcessProfile::from_json(&json).unwrap();
    assert_eq!(back.unit, edited.unit);
    assert_eq!(back.unit.word("es").one, "pedido", "trimmed");
    assert_eq!(back.unit.word("es").gender, Gender::Masculine);
    // The English word has no gender to write.
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        value["unit"]["en"].get("gender").is_none(),
        "{}",
        value["unit"]
    );
}
