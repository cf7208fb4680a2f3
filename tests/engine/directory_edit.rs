//! Editing the escalation directory from Ajustes (`ProcessProfile::with_directory`).

use crate::common::profile;
use mesa::domain::profile::{
    presets, ContactDraft, DirectoryProblem, EscalationAction, ProcessProfile,
};

fn rows(p: &ProcessProfile) -> Vec<ContactDraft> {
    p.escalation
        .directory
        .iter()
        .map(ContactDraft::from)
        .collect()
}

#[test]
fn every_preset_directory_saves_back_unchanged_with_the_next_version() {
    for (id, _) in presets() {
        let p = profile(id);
        let edited = p.with_directory(&rows(&p)).expect(id);
        assert_eq!(edited.escalation, p.escalation, "{id}");
        assert_eq!(edited.version, p.version + 1, "{id}");
        // What is saved reads back as the same profile.
        assert_eq!(
            ProcessProfile::from_json(&edited.to_json()).unwrap(),
            edited
        );
    }
}

#[test]
fn a_new_row_gets_an_id_from_its_role_unique_in_the_directory() {
    let p = profile("p2-seware");
    let mut list = rows(&p);
    let new = |role: &str| ContactDraft {
        role: role.into(),
        level: "2".into(),
        mobile: "+57 310 555 0101".into(),
        ..ContactDraft::default()
    };
    list.push(new("Líder de mesa"));
    list.push(new("  Líder   de mesa "));
    list.push(new("¡!"));
    let edited = p.with_directory(&list).unwrap();
    let ids: Vec<&str> = edited.escalation.directory[4..]
        .iter()
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["lider_de_mesa", "lider_de_mesa_2", "contacto"]);
    assert_eq!(edited.escalation.directory[5].role, "Líder   de mesa");
}

#[test]
fn a_copied_row_with_the_same_id_gets_its_own() {
    let p = profile("p1-sipo");
    let mut list = rows(&p);
    let mut copy = list[0].clone();
    copy.level = "2".into();
    list.push(copy);
    let edited = p.with_directory(&list).unwrap();
    let d = &edited.escalation.directory;
    assert_eq!(d[0].id, "centro_atencion");
    // "Centro de Atención", folded.
    assert_eq!(d[2].id, "centro_de_atencion");
    assert_eq!(d[2].level, 2);
}

#[test]
fn every_field_problem_is_reported_at_once_with_its_row() {
    let p = profile("p2-seware");
    let mut list = rows(&p);
    list[0].role = "   ".into();
    list[0].level = "0".into();
    list[1].email = "lider@".into();
    list[1].office_phone = "llamar".into();
    list[2].extension = "12a".into();
    list[2].mobile = "abc".into();
    list[3].level = "cuatro".into();
    list[3].office_phone.clear();
    list[3].mobile.clear();
    list[3].email.clear();
    let problems = p.with_directory(&list).unwrap_err();
    for expected in [
        DirectoryProblem::Role { row: 0 },
        DirectoryProblem::Level { row: 0 },
        DirectoryProblem::Email { row: 1 },
        DirectoryProblem::OfficePhone { row: 1 },
        DirectoryProblem::Extension { row: 2 },
        DirectoryProblem::Mobile { row: 2 },
        DirectoryProblem::Level { row: 3 },
        DirectoryProblem::Unreachable { row: 3 },
    ] {
        assert!(problems.contains(&expected), "{expected:?} in {problems:?}");
    }
    assert_eq!(problems.len(), 8, "{problems:?}");
    assert!(problems.iter().all(|p| p.row().is_some()));
}

#[test]
fn a_level_the_rules_or_the_customer_path_call_must_keep_a_contact() {
    // P3's rules notify levels 1–3; its after-hours line is level 1.
    let p3 = profile("p3-cirion");
    let without_3: Vec<ContactDraft> = rows(&p3).into_iter().filter(|r| r.level != "3").collect();
    assert_eq!(
        p3.with_directory(&without_3).unwrap_err(),
        [DirectoryProblem::LevelInUse { level: 3 }]
    );
    // Level 1 is still answered by the after-hours line.
    let without_1: Vec<ContactDraft> = rows(&p3).into_iter().filter(|r| r.level != "1").collect();
    assert!(p3.with_directory(&without_1).is_ok());
    // P5's customer escalation climbs 1 → 2 → 3 and notifies level 1.
    let p5 = profile("p5-megaport");
    let problems = p5.with_directory(&[]).unwrap_err();
    assert_eq!(
        problems,
        [1, 2, 3].map(|level| DirectoryProblem::LevelInUse { level })
    );
    // Nothing in P2 calls a level by number: its directory may even be emptied.
    assert!(profile("p2-seware").with_directory(&[]).is_ok());
}

#[test]
fn a_contact_a_rule_names_cannot_be_removed() {
    let mut p = profile("p3-cirion");
    p.escalation.rules[0]
        .actions
        .push(EscalationAction::NotifyContact {
            contact: "gerente_operaciones".into(),
        });
    assert!(p.validate().is_empty());
    let list: Vec<ContactDraft> = rows(&p)
        .into_iter()
        .filter(|r| r.id != "gerente_operaciones")
        .collect();
    // Another level-2 contact keeps the level reachable, but not the named contact.
    let mut list = list;
    list.push(ContactDraft {
        role: "Gerente suplente".into(),
        level: "2".into(),
        email: "suplente@example.invalid".into(),
        ..ContactDraft::default()
    });
    assert_eq!(
        p.with_directory(&list).unwrap_err(),
        [DirectoryProblem::ContactInUse {
            id: "gerente_operaciones".into()
        }]
    );
}

#[test]
fn blank_optional_fields_are_none_and_text_is_trimmed() {
    let p = profile("p1-sipo");
    let mut list = rows(&p);
    list[0].office_phone = "  ".into();
    list[0].extension = String::new();
    list[0].email = "  centro@example.invalid ".into();
    list[0].level = " 1 ".into();
    let edited = p.with_directory(&list).unwrap();
    let c = &edited.escalation.directory[0];
    assert_eq!(c.office_phone, None);
    assert_eq!(c.extension, None);
    assert_eq!(c.email.as_deref(), Some("centro@example.invalid"));
    assert_eq!(c.level, 1);
}
