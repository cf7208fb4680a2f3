//! Random desk edits for the sync simulation (`tests/engine/sync_sim.rs`): customers, directory
//! contacts, people, profile versions, articles and settings, chosen from what the editing
//! device's own desk fold shows, over few records so devices apart edit the same ones; and the
//! check that a converged desk lost none of them.
//!
//! Declared once in the native tests' crate as `common::desk_edits` (`tests/engine/common/mod.rs`).

use std::collections::HashSet;

use mesa::domain::customer::{Customer, Site};
use mesa::domain::desk::change::*;
use mesa::domain::desk::{DeskState, FieldChange, RecordKey};
use mesa::domain::event::{Event, EventId, EventKind};
use serde_json::Value;

/// Two small profile texts (one valid, one that does not validate) to publish.
const PROFILES: [&str; 2] = [r#"{"id": "x"}"#, "{ not json"];

/// A desk edit on the device whose desk fold is `desk`: the record and the event kind.
pub fn desk_edit(
    desk: &DeskState,
    device: &str,
    action: u8,
    pick: usize,
) -> (RecordKey, EventKind) {
    let n = pick % 3;
    let text = format!("{device}-{pick}");
    match action % 7 {
        0 => {
            let id = format!("c{n}");
            let kind = match (desk.customers.contains_key(&id), action / 6 % 4) {
                (false, _) => EventKind::CustomerCreated(Customer {
                    name: text,
                    ..Customer::default()
                }),
                (true, 0) => EventKind::CustomerArchived { reason: text },
                (true, 1) => EventKind::CustomerChanged(CustomerPatch {
                    sites: Some(vec![Site {
                        name: text.clone(),
                        city: "Quito".into(),
                        city_class: Some("b".into()),
                    }]),
                    ..CustomerPatch::default()
                }),
                _ => EventKind::CustomerChanged(CustomerPatch {
                    name: Some(text),
                    ..CustomerPatch::default()
                }),
            };
            (RecordKey::Customer(id), kind)
        }
        1 => {
            let kind = match action / 6 % 3 {
                0 => EventKind::DirectoryContactRemoved { reason: text },
                1 => EventKind::DirectoryContactSet(ContactPatch {
                    email: Some(format!("{text}@example.invalid")),
                    ..ContactPatch::default()
                }),
                _ => EventKind::DirectoryContactSet(ContactPatch {
                    role: Some(text),
                    level: Some((pick % 3) as u8 + 1),
                    after_hours: Some(pick.is_multiple_of(2)),
                    ..ContactPatch::default()
                }),
            };
            (RecordKey::Directory(format!("x{n}")), kind)
        }
        2 => (
            RecordKey::Profile,
            EventKind::ProfilePublished(ProfilePublication::new(PROFILES[pick % 2])),
        ),
        3 => (
            RecordKey::Settings,
            EventKind::DeskSettingsChanged(SettingsPatch {
                desk_name: Some(text),
                ..SettingsPatch::default()
            }),
        ),
        4 => {
            let kind = match action / 6 % 3 {
                0 => EventKind::PersonDeactivated { reason: text },
                1 => EventKind::PersonSet(PersonPatch {
                    skills: Some(vec![text]),
                    level: Some((pick % 3) as u8 + 1),
                    ..PersonPatch::default()
                }),
                _ => EventKind::PersonSet(PersonPatch {
                    name: Some(text),
                    active: Some(true),
                    ..PersonPatch::default()
                }),
            };
            (RecordKey::Person(format!("p{n}")), kind)
        }
        _ => {
            let id = format!("a{}", n % 2);
            let kind = match desk.articles.get(&id) {
                None => EventKind::ArticleWritten(ArticleDraft {
                    title: text.clone(),
                    body: text,
                    ..ArticleDraft::default()
                }),
                Some(_) if (action / 6).is_multiple_of(5) => {
                    EventKind::ArticleRetired { reason: text }
                }
                Some(a) => EventKind::ArticleRevised(ArticleRevision {
                    // Edited from what this device shows: every head it holds.
                    base: a.heads.clone(),
                    body: Some(text.clone()),
                    title: action.is_multiple_of(2).then_some(text),
                    ..ArticleRevision::default()
                }),
            };
            (RecordKey::Article(id), kind)
        }
    }
}

/// Whether `value` was at some time the value of `field` in a record whose current fields are
/// `current` and whose history is `history`.
fn kept(current: &Value, history: &[FieldChange], field: &str, value: &Value) -> bool {
    current.get(field) == Some(value)
        || history
            .iter()
            .any(|h| h.field == field && (&h.new == value || &h.old == value))
}

/// Panics naming the first desk event of `events` whose edit the converged `desk` lost.
pub fn assert_nothing_lost(desk: &DeskState, events: &[Event]) {
    let revisions: HashSet<&EventId> = desk
        .articles
        .values()
        .flat_map(|a| a.revisions.iter().map(|r| &r.event))
        .collect();
    for event in events.iter().filter(|e| e.kind.is_desk()) {
        let Some(key) = RecordKey::parse(&event.ticket_id) else {
            panic!("{} has no record key", event.id.as_str());
        };
        let payload = serde_json::to_value(&event.kind).unwrap()["payload"].clone();
        let (current, history) = match &key {
            RecordKey::Customer(id) => {
                let c = &desk.customers[id];
                let mut current = serde_json::to_value(&c.customer).unwrap();
                current["archived"] = c.archived.into();
                (current, c.history.clone())
            }
            RecordKey::Directory(id) => {
                let d = &desk.directory[id];
                (serde_json::to_value(d).unwrap(), d.history.clone())
            }
            RecordKey::Person(id) => {
                let p = &desk.people[id];
                (serde_json::to_value(p).unwrap(), p.history.clone())
            }
            RecordKey::Settings => (
                serde_json::to_value(&desk.settings).unwrap(),
                desk.settings.history.clone(),
            ),
            RecordKey::Article(id) => {
                let a = &desk.articles[id];
                let body = matches!(
                    &event.kind,
                    EventKind::ArticleWritten(_)
                        | EventKind::ArticleRevised(ArticleRevision { body: Some(_), .. })
                );
                assert!(
                    !body || revisions.contains(&event.id),
                    "revision {} lost",
                    event.id.as_str()
                );
                if let EventKind::ArticleRetired { .. } = event.kind {
                    assert!(a.retired, "retirement of {id} lost");
                }
                continue;
            }
            // Device keys are not desk state: the evidence checks read them from the log.
            RecordKey::Device(_) => continue,
            RecordKey::Profile => {
                let EventKind::ProfilePublished(p) = &event.kind else {
                    panic!("not a publication")
                };
                assert!(
                    desk.profiles
                        .versions
                        .iter()
                        .any(|v| v.version == p.version),
                    "profile version {} lost",
                    p.version
                );
                continue;
            }
        };
        let fields: Vec<(String, Value)> = match &event.kind {
            EventKind::CustomerArchived { .. } => vec![("archived".into(), Value::Bool(true))],
            EventKind::DirectoryContactRemoved { .. } => {
                vec![("removed".into(), Value::Bool(true))]
            }
            EventKind::PersonDeactivated { .. } => vec![("active".into(), Value::Bool(false))],
            _ => payload
                .as_object()
                .map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
                .unwrap_or_default(),
        };
        for (field, value) in fields {
            assert!(
                kept(&current, &history, &field, &value),
                "{} lost its {field} = {value} on {key}",
                event.id.as_str()
            );
        }
    }
}
