//! Ajustes (`#/ajustes`): the active process (one of the five presets or an imported profile,
//! validated with every problem shown), profile export, desk and user names, browser
//! notifications, the escalation directory and the customers list (contacts, sites, contract
//! dates), one file each. Everything is saved in the store's `meta`; changing the process or
//! the user reloads the page so the desk is opened again with it.

mod customers;
mod desk_section;
mod devices;
mod directory;
mod holidays;
mod notifications;
mod people;
mod process;
mod profile_import;
mod row_field;
mod vocabulary;

use leptos::prelude::*;

use crate::app::open_desk::{use_desk, OpenDesk};
use crate::domain::desk::customers::customers_in_force;
use crate::domain::desk::settings::DEFAULT_ATTACHMENT_MIB;
use crate::domain::profile::ProcessProfile;
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::save_state::{use_save, Save};
use crate::ui::StoreErrorMessage;

use customers::{CustomersEditor, CustomersForm};
use desk_section::{DeskForm, DeskSection};
use devices::DevicesEditor;
use directory::DirectoryEditor;
use holidays::HolidaysEditor;
use notifications::NotificationSettings;
use people::PeopleEditor;
use process::{ProcessChoice, ProcessSection};
use vocabulary::VocabularyEditor;

fn reload() {
    if let Some(w) = web_sys::window() {
        let _ = w.location().reload();
    }
}

/// Publishes an edited process (directory, holidays, vocabulary) as the desk's next version,
/// for every device, then reloads this tab to run it; a store failure is `save`'s.
fn publish_edited(
    desk: OpenDesk,
    edited: ProcessProfile,
    signals: crate::app::desk::DeskSignals,
    save: Save,
) {
    save.run(async move {
        desk.get()
            .publish_profile(edited.to_json(), None, signals)
            .await?;
        reload();
        Ok(())
    });
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    let open = use_desk();
    let choice = ProcessChoice::new();
    let desk_form = DeskForm::new(open.get().actor.clone());
    let customers = CustomersForm::new();
    // The desk's shared records are read before they can be edited: a field typed into before
    // would be overwritten by the read, and records that cannot be read are never overwritten.
    let shared_ready = RwSignal::new(false);
    let store_error = RwSignal::new(None::<StoreError>);
    // The desk section's save: `true` when the user's name changed (the page reloads to write
    // under it, so nothing is said).
    let desk_save = use_save::<bool, StoreError>();
    let customers_save = use_save::<(), StoreError>();
    // One "saved" at a time: the section saved last says it, the other's goes.
    Effect::new(move |_| {
        if desk_save.is_saved() {
            customers_save.edited();
        }
    });
    Effect::new(move |_| {
        if customers_save.is_saved() {
            desk_save.edited();
        }
    });
    leptos::task::spawn_local(async move {
        let result = async {
            let profile = open.get().process_choice().await?;
            choice.picked.set(profile.clone().unwrap_or_default());
            choice.active.set(profile);
            let shared = open.get().shared().await?;
            desk_form.desk_name.set(shared.settings.desk_name.clone());
            let limit = shared.settings.attachment_limit_mib;
            desk_form
                .attachment_limit
                .set(limit.unwrap_or(DEFAULT_ATTACHMENT_MIB).to_string());
            customers
                .customers
                .set(customers_in_force(&shared.customers));
            shared_ready.set(true);
            Ok::<(), StoreError>(())
        }
        .await;
        if let Err(e) = result {
            store_error.set(Some(e));
        }
    });

    view! {
        <section class="settings-page">
            <h1>{move || i18n.t("settings.title")}</h1>
            {move || store_error.get().map(|e| view! { <StoreErrorMessage error=e/> })}
            {move || desk_save.failed().or_else(|| customers_save.failed()).map(|e| view! { <StoreErrorMessage error=e/> })}
            {move || (desk_save.saved() == Some(false)).then(|| view! {
                <p class="settings-saved" role="status">{move || i18n.t("settings.saved.desk")}</p>
            })}

            <ProcessSection choice store_error/>
            <DeskSection form=desk_form ready=shared_ready save=desk_save/>

            <DirectoryEditor/>
            <PeopleEditor/>

            <HolidaysEditor/>
            <VocabularyEditor/>
            <DevicesEditor/>

            <NotificationSettings/>

            <CustomersEditor form=customers save_state=customers_save ready=shared_ready/>
        </section>
    }
}
