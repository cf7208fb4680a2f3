//! The desk's shared records in a real IndexedDB: the customers the previous version kept in
//! `meta` become desk events once (two tabs at once store one copy, a reopen converts nothing
//! again), an unreadable list is named and left as it was, and edits are stored as events.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::GetUntracked;
use mesa::app::desk::{open_desk, DeskSignals};
use mesa::domain::customer::Customer;
use mesa::domain::desk::customers::{customer_changes, customers_in_force};
use mesa::store::{Outbox, StoreError};
use wasm_bindgen_test::*;

mod browser_common;
#[path = "browser_common/events.rs"]
mod events;
#[path = "browser_common/presets.rs"]
mod presets;

wasm_bindgen_test_configure!(run_in_browser);

const LEGACY: &str = r#"[{"name": "Banco Andino", "contacts": [{"name": "NOC", "role": "notificaciones", "email": "noc@banco.example"}], "sites": [{"name": "Matriz Quito", "city": "Quito", "city_class": "principal"}]}, {"name": "Hotel Brisa"}]"#;

#[wasm_bindgen_test]
async fn the_previous_versions_customers_become_desk_events_once() {
    let name = browser_common::unique_db("desk-upgrade");
    presets::keep_preset_copies(&name).await;
    let first = open_desk(&name).await.expect("open");
    first
        .store
        .set_meta_string("customers", LEGACY)
        .await
        .expect("a previous version's list");
    first
        .store
        .set_meta_string("desk_name", "Mesa Norte")
        .await
        .expect("a previous version's desk name");
    // Two tabs open the upgraded app at once.
    let a = open_desk(&name).await.expect("tab A");
    let b = open_desk(&name).await.expect("tab B");
    let (sa, sb) = futures::join!(a.shared(), b.shared());
    let (sa, sb) = (sa.expect("A reads"), sb.expect("B reads"));
    assert_eq!(sa.to_json(), sb.to_json(), "both tabs see the same desk");
    let names: Vec<String> = customers_in_force(&sa.customers)
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["Banco Andino", "Hotel Brisa"]);
    assert_eq!(sa.settings.desk_name, "Mesa Norte");
    assert_eq!(
        a.store.desk_events().await.expect("events").len(),
        3,
        "one event per customer and one for the name, whichever tab converted first"
    );
    // A ticket is no desk record, and a desk record no ticket.
    a.store
        .append(&[browser_common::opened(1, "Banco Andino")], Outbox::Send)
        .await
        .expect("a ticket");
    assert_eq!(a.store.desk_events().await.expect("events").len(), 3);
    assert_eq!(a.store.tickets().await.expect("tickets").len(), 1);
    // Reopened: nothing converted again; the old value is left as it was.
    let again = open_desk(&name).await.expect("reopen");
    assert_eq!(again.shared().await.expect("read").customers.len(), 2);
    assert_eq!(again.store.desk_events().await.expect("events").len(), 3);
    assert_eq!(
        again
            .store
            .meta_string("customers")
            .await
            .expect("meta")
            .as_deref(),
        Some(LEGACY)
    );
    assert!(again
        .store
        .has_desk_records("customer:")
        .await
        .expect("count"));
    let customers = again.store.desk_events().await.expect("events");
    let customers = customers
        .iter()
        .filter(|e| e.ticket_id.as_str().starts_with("customer:"))
        .count();
    assert_eq!(customers, 2);
}

#[wasm_bindgen_test]
async fn an_unreadable_old_list_is_named_and_never_overwritten() {
    let name = browser_common::unique_db("desk-corrupt");
    presets::keep_preset_copies(&name).await;
    let desk = open_desk(&name).await.expect("open");
    let broken = "[{\"name\": ";
    desk.store
        .set_meta_string("customers", broken)
        .await
        .expect("a broken value");
    match desk.shared().await {
        Err(StoreError::LegacyUnreadable { key, .. }) => {
            assert_eq!(key, "upgrade.corrupt.customers")
        }
        other => panic!("expected the broken list named, got {other:?}"),
    }
    assert_eq!(
        desk.store
            .meta_string("customers")
            .await
            .expect("meta")
            .as_deref(),
        Some(broken)
    );
    assert!(desk.store.desk_events().await.expect("events").is_empty());
}

#[wasm_bindgen_test]
async fn edited_customers_are_stored_as_desk_events_and_read_back() {
    let name = browser_common::unique_db("desk-customers");
    presets::keep_preset_copies(&name).await;
    let desk = open_desk(&name).await.expect("open");
    let signals = DeskSignals::new();
    let shared = desk.shared().await.expect("empty desk");
    let list = vec![Customer {
        name: "Farmacias del Norte".into(),
        ..Customer::default()
    }];
    let changes = customer_changes(&shared.customers, &list, |_| "farmacias-1".into());
    desk.append_desk(changes, signals).await.expect("saved");
    assert_eq!(signals.shared.get_untracked(), 1, "pages are told");
    let mut list = customers_in_force(&desk.shared().await.expect("read").customers);
    assert_eq!(list[0].id, "farmacias-1");
    // Renamed: one change event, the old name in its history.
    list[0].name = "Farmacias del Norte S.A.".into();
    let changes = customer_changes(
        &desk.shared().await.unwrap().customers,
        &list,
        |_| unreachable!(),
    );
    desk.append_desk(changes, signals).await.expect("saved");
    let reopened = open_desk(&name).await.expect("reopen");
    let state = reopened.shared().await.expect("read");
    let record = &state.customers["farmacias-1"];
    assert_eq!(record.customer.name, "Farmacias del Norte S.A.");
    assert_eq!(record.history.len(), 2);
    // Outbox: both events wait for a sync endpoint like any other, after the device's key
    // publication (its first write publishes it, #20).
    assert_eq!(reopened.store.outbox_len().await.expect("outbox"), 3);
}

#[wasm_bindgen_test]
async fn the_desk_name_is_a_shared_setting_and_the_header_copy_follows_it() {
    use mesa::domain::desk::change::SettingsPatch;
    use mesa::domain::desk::RecordKey;
    use mesa::domain::event::EventKind;
    let name = browser_common::unique_db("desk-name");
    presets::keep_preset_copies(&name).await;
    let desk = open_desk(&name).await.expect("open");
    let signals = DeskSignals::new();
    assert_eq!(desk.shared().await.expect("read").settings.desk_name, "");
    let patch = SettingsPatch {
        desk_name: Some("Mesa Quito".into()),
        ..SettingsPatch::default()
    };
    desk.append_desk(
        vec![(RecordKey::Settings, EventKind::DeskSettingsChanged(patch))],
        signals,
    )
    .await
    .expect("saved");
    let state = desk.shared().await.expect("read");
    assert_eq!(state.settings.desk_name, "Mesa Quito");
    assert_eq!(
        desk.store
            .meta_string("desk_name")
            .await
            .expect("meta")
            .as_deref(),
        Some("Mesa Quito"),
        "the copy the header reads at start-up"
    );
    // A reopen converts nothing: the copy is no previous version's value.
    let again = open_desk(&name).await.expect("reopen");
    again.shared().await.expect("read");
    // The setting, and the device's key publication its first write made (#20).
    assert_eq!(again.store.desk_events().await.expect("events").len(), 2);
}

#[wasm_bindgen_test]
async fn a_process_published_on_another_device_becomes_this_devices_after_a_reload() {
    use mesa::domain::desk::change::ProfilePublication;
    use mesa::domain::desk::RecordKey;
    use mesa::domain::event::{Event, EventId, EventKind, Hlc};
    use mesa::domain::profile::preset;
    // The dispatcher's device publishes P3; this (new) device receives that event by sync.
    let name = browser_common::unique_db("desk-process");
    presets::keep_preset_copies(&name).await;
    let desk = open_desk(&name).await.expect("open");
    assert_eq!(
        desk.profile.id, "p4-callmyway",
        "a new device runs the default"
    );
    assert!(!desk.profile_chosen);
    let p3 = preset("p3-cirion").unwrap();
    let hlc = Hlc::first(1_792_000_000_000, "dispatcher");
    let published = Event::new(
        EventId::from_parts(hlc.wall_ms, 99),
        RecordKey::Profile.to_ticket_id(),
        hlc,
        "ana",
        EventKind::ProfilePublished(ProfilePublication::new(p3)),
    );
    desk.store
        .append(&[published], Outbox::Keep)
        .await
        .expect("pulled");
    let state = desk.shared().await.expect("read");
    assert!(
        desk.adopt_active_profile(&state).await.expect("adopt"),
        "told to reload"
    );
    assert!(
        !desk.adopt_active_profile(&state).await.expect("again"),
        "told once"
    );
    // The next start runs the desk's process.
    let reopened = open_desk(&name).await.expect("reopen");
    assert_eq!(reopened.profile.id, "p3-cirion");
    assert!(reopened.profile_chosen);
    let state = reopened.shared().await.expect("read");
    assert!(!reopened.adopt_active_profile(&state).await.expect("adopt"));
}

#[wasm_bindgen_test]
async fn a_process_copy_changed_after_it_was_checked_is_checked_again() {
    use mesa::app::desk::{CUSTOM_PROFILE, PROFILE_CHOICE, PROFILE_COPY};
    use mesa::domain::profile::preset;
    let name = browser_common::unique_db("desk-checked");
    presets::keep_preset_copies(&name).await;
    let desk = open_desk(&name).await.expect("open");
    // This device runs its own copy of P5 (checked when it is first opened on).
    let p5 = preset("p5-megaport").unwrap();
    desk.store.set_meta_string(PROFILE_COPY, p5).await.unwrap();
    desk.store
        .set_meta_string(PROFILE_CHOICE, CUSTOM_PROFILE)
        .await
        .unwrap();
    assert_eq!(
        open_desk(&name).await.expect("reopen").profile.id,
        "p5-megaport"
    );
    assert_eq!(
        open_desk(&name).await.expect("again").profile.id,
        "p5-megaport"
    );
    // The copy changed under it (an older version's data, an edit by hand): not the text that
    // was checked, so it is checked again; an invalid process is not opened on.
    let broken = p5.replacen("\"default_calendar\": \"", "\"default_calendar\": \"x", 1);
    assert_ne!(broken, p5, "the preset names its default calendar");
    desk.store
        .set_meta_string(PROFILE_COPY, &broken)
        .await
        .unwrap();
    let reopened = open_desk(&name).await.expect("reopen with the broken copy");
    assert_eq!(reopened.profile.id, "p4-callmyway", "the default instead");
    // A valid edit of the copy opens, checked (its English follows the renamed text).
    let renamed = p5.replace(
        "\"Solicitudes de soporte Megaport\"",
        "\"Editado: Solicitudes de soporte Megaport\"",
    );
    desk.store
        .set_meta_string(PROFILE_COPY, &renamed)
        .await
        .unwrap();
    let edited = open_desk(&name).await.expect("reopen with the edited copy");
    assert!(
        edited.profile.name.starts_with("Editado: "),
        "{}",
        edited.profile.name
    );
}

/// #21: a text searched before the full list is read is answered from the stored search index
/// and the tickets changed since it was written, exactly as the full list answers it: the
/// same count, the same first rows in the same order (closed tickets found by their whole
/// number only; a ticket paused after the index was written is placed as it is now; new ones
/// found). No index before the pages are written, nor after the projection is rebuilt.
#[wasm_bindgen_test]
async fn a_search_before_the_list_finds_what_the_full_list_finds() {
    use mesa::domain::event::EventKind;
    use mesa::domain::queue::{QueueEntry, QueueFilter, Sort};
    use mesa::domain::synthetic::Synthetic;
    use mesa::store::{list_page_text, PAGE};

    let name = browser_common::unique_db("search-before-list");
    presets::keep_preset_copies(&name).await;
    let desk = open_desk(&name).await.expect("open");
    let now = mesa::app::clock::now_ms();
    let events = Synthetic::new(&desk.profile, "uno", now, 11).tickets(150);
    desk.store.import_events(&events, 50).await.expect("import");
    assert!(desk.store.search_index().await.expect("read").is_none());
    let read = desk.store.ticket_list_reusing(&[]).await.expect("list");
    let pages: Vec<_> = read
        .tickets
        .chunks(PAGE)
        .map(|c| list_page_text(c).unwrap())
        .collect();
    let index = desk.search_index_pages(&read.tickets).await;
    desk.store
        .write_list_pages(read.folded, &pages, &index)
        .await
        .expect("pages and index");

    // After the index: three new tickets, and an active one waits on the customer.
    let more = Synthetic::new(&desk.profile, "dos", now, 12).tickets(3);
    desk.store.import_events(&more, 50).await.expect("more");
    let active = read
        .tickets
        .iter()
        .find(|t| t.status.is_active() && !t.is_paused())
        .expect("an active ticket");
    let opened = events
        .iter()
        .find(|e| e.ticket_id == active.id)
        .expect("its first event");
    let wait = events::later(
        opened,
        1,
        77,
        EventKind::WaitingStarted {
            reason: "fotos del equipo".into(),
        },
    );
    desk.store
        .append(&[wait], Outbox::Send)
        .await
        .expect("a wait");

    let tickets = desk
        .store
        .ticket_list_reusing(&[])
        .await
        .expect("the full list")
        .tickets;
    let engines = desk.engines();
    let at = mesa::app::clock::now();
    let entries: Vec<QueueEntry> = tickets
        .iter()
        .map(|t| QueueEntry::new(engines.for_ticket(t), t.clone(), at))
        .collect();
    let index = desk
        .store
        .search_index()
        .await
        .expect("read")
        .expect("an index");
    let mut changed: Vec<&str> = index.changed.iter().map(|t| t.id.as_str()).collect();
    changed.sort();
    assert_eq!(changed.len(), 4, "three new tickets and the paused one");

    let closed = tickets.iter().find(|t| !t.status.is_active()).unwrap();
    let new = tickets
        .iter()
        .find(|t| more.iter().any(|e| e.ticket_id == t.id))
        .unwrap();
    let customer_word = active
        .customer
        .split_whitespace()
        .next()
        .unwrap()
        .to_string();
    let queries = [
        "a".to_string(),
        "e".to_string(),
        customer_word.to_uppercase(),
        format!("{} caja", active.customer),
        active.number.to_string(),
        closed.number.to_lowercase(),
        new.description.to_string(),
        "zzzz".to_string(),
    ];
    for text in queries {
        let filter = QueueFilter {
            text: text.clone(),
            ..QueueFilter::default()
        };
        let expected = filter.apply(&entries, Sort::NextDeadline);
        let found = desk
            .find_before_list(&index, &filter, 5)
            .await
            .expect("searched")
            .expect("a text search");
        assert_eq!(found.total, expected.len(), "how many «{text}» finds");
        let rows: Vec<&str> = found.entries.iter().map(|e| e.ticket.id.as_str()).collect();
        let first: Vec<&str> = expected
            .iter()
            .take(5)
            .map(|&i| entries[i].ticket.id.as_str())
            .collect();
        assert_eq!(rows, first, "the first rows «{text}» finds");
    }
    // Another filter than the text: the index cannot answer.
    let breached = QueueFilter {
        text: "a".into(),
        only_breached: true,
        ..QueueFilter::default()
    };
    assert!(desk
        .find_before_list(&index, &breached, 5)
        .await
        .expect("read")
        .is_none());
    // A rebuilt projection clears the pages and the index with them.
    desk.store.rebuild_projection().await.expect("rebuild");
    assert!(desk.store.search_index().await.expect("read").is_none());
}
