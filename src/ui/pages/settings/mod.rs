//! Ajustes (`#/ajustes`): the active process (one of the five presets or an imported profile,
//! validated with every problem shown), profile export, desk and user names, browser
//! notifications, the escalation directory and the customers list (contacts, sites, contract
//! dates), one file each. Everything is saved in the store's `meta`; changing the process or
//! the user reloads the page so the desk is opened again with it.

mod account_technician;
mod customers;
mod devices;
mod directory;
mod holidays;
mod notifications;
mod people;
mod profile_import;
mod vocabulary;

use leptos::prelude::*;

use crate::app::open_desk::{use_desk, OpenDesk};
use crate::domain::customer::Customer;
use crate::domain::desk::change::SettingsPatch;
use crate::domain::desk::customers::customers_in_force;
use crate::domain::desk::settings::{
    parse_attachment_limit, LimitProblem, DEFAULT_ATTACHMENT_MIB, MAX_ATTACHMENT_MIB,
};
use crate::domain::desk::RecordKey;
use crate::domain::event::EventKind;
use crate::domain::profile::{ProcessProfile, PRESET_IDS};
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::save_state::{use_save, Save};
use crate::ui::shell::download::download_text;
use crate::ui::StoreErrorMessage;

use customers::CustomersEditor;
use devices::DevicesEditor;
use directory::DirectoryEditor;
use holidays::HolidaysEditor;
use notifications::NotificationSettings;
use people::PeopleEditor;
use profile_import::ProfileImport;
use vocabulary::VocabularyEditor;

use crate::app::desk::CUSTOM_PROFILE;

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
    let signals = crate::app::desk::use_desk_signals();
    let open = use_desk();
    let active = RwSignal::new(None::<String>);
    let picked = RwSignal::new(String::new());
    let desk_name = RwSignal::new(String::new());
    // The desk's per-file attachment limit as typed (MiB), and what is wrong with it.
    let attachment_limit = RwSignal::new(String::new());
    let limit_problem = RwSignal::new(None::<LimitProblem>);
    // The header shows the name once it is saved.
    let header_name = crate::ui::desk_name::use_desk_name();
    let actor = RwSignal::new(open.get().actor.clone());
    let customers = RwSignal::new(Vec::<Customer>::new());
    // The desk's shared records are read before they can be edited: a field typed into before
    // would be overwritten by the read, and records that cannot be read are never overwritten.
    let shared_ready = RwSignal::new(false);
    let store_error = RwSignal::new(None::<StoreError>);
    // The desk section's save: `true` when the user's name changed (the page reloads to write
    // under it, so nothing is said).
    let desk_save = use_save::<bool, StoreError>();
    let customers_save = use_save::<(), StoreError>();
    // The presets are fetched, not embedded (src/app/presets.rs).
    let preset_list = RwSignal::new(Vec::<(&'static str, ProcessProfile)>::new());
    let preset_failed = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        let mut list = Vec::new();
        for id in PRESET_IDS {
            match open
                .get()
                .preset_text(id)
                .await
                .map(|json| ProcessProfile::from_json(&json))
            {
                Ok(Ok(profile)) => list.push((id, profile)),
                _ => preset_failed.set(true),
            }
        }
        preset_list.set(list);
    });
    leptos::task::spawn_local(async move {
        let result = async {
            let profile = open.get().process_choice().await?;
            picked.set(profile.clone().unwrap_or_default());
            active.set(profile);
            let shared = open.get().shared().await?;
            desk_name.set(shared.settings.desk_name.clone());
            let limit = shared.settings.attachment_limit_mib;
            attachment_limit.set(limit.unwrap_or(DEFAULT_ATTACHMENT_MIB).to_string());
            customers.set(customers_in_force(&shared.customers));
            shared_ready.set(true);
            Ok::<(), StoreError>(())
        }
        .await;
        if let Err(e) = result {
            store_error.set(Some(e));
        }
    });

    Effect::new(move |_| {
        if let (Some(n), Some(false)) = (header_name, desk_save.saved()) {
            n.set(&desk_name.get_untracked());
        }
    });

    // A process chosen here is published to the whole desk (an event), then this tab reloads
    // to run it.
    let publish = move |json: String, preset: Option<String>| {
        leptos::task::spawn_local(async move {
            match open
                .get()
                .publish_profile(json, preset.as_deref(), signals)
                .await
            {
                Ok(()) => reload(),
                Err(e) => store_error.set(Some(e)),
            }
        });
    };
    let use_preset = move |_| {
        let id = picked.get_untracked();
        if id.is_empty() || id == CUSTOM_PROFILE {
            return;
        }
        leptos::task::spawn_local(async move {
            match open.get().preset_text(&id).await {
                Ok(json) => publish(json, Some(id)),
                Err(_) => preset_failed.set(true),
            }
        });
    };

    view! {
        <section class="settings-page">
            <h1>{move || i18n.t("settings.title")}</h1>
            {move || store_error.get().map(|e| view! { <StoreErrorMessage error=e/> })}
            {move || desk_save.failed().or_else(|| customers_save.failed()).map(|e| view! { <StoreErrorMessage error=e/> })}
            {move || (desk_save.saved() == Some(false)).then(|| view! {
                <p class="settings-saved" role="status">{move || i18n.t("settings.saved.desk")}</p>
            })}

            <section class="settings-block" aria-labelledby="settings-process">
                <h2 id="settings-process">{move || i18n.t("settings.process")}</h2>
                <p>
                    {move || i18n.t("settings.process.active")} " "
                    <strong id="active-profile">{move || i18n.pt(&open.get().profile.name)}</strong>
                </p>
                <fieldset class="presets">
                    <legend>{move || i18n.t("settings.process.pick")}</legend>
                    {move || preset_failed.get().then(|| view! {
                        <p class="error" role="alert">{move || i18n.t("settings.process.presets_unavailable")}</p>
                    })}
                    {move || preset_list
                        .get()
                        .into_iter()
                        .map(|(id, p)| {
                            view! {
                                <label class="preset">
                                    <input
                                        type="radio"
                                        name="preset"
                                        value=id
                                        prop:checked=move || picked.get() == id
                                        on:change=move |_| picked.set(id.to_string())
                                    />
                                    <span class="preset-text">
                                        <strong>{i18n.profile_text(&p, &p.name)}</strong>
                                        <span class="preset-description">{i18n.profile_text(&p, &p.description)}</span>
                                    </span>
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <div class="settings-actions">
                    <button
                        type="button"
                        id="use-preset"
                        class="primary"
                        disabled=move || {
                            let p = picked.get();
                            p.is_empty() || p == CUSTOM_PROFILE || active.get().as_deref() == Some(p.as_str())
                        }
                        on:click=use_preset
                    >
                        {move || i18n.t("settings.process.use")}
                    </button>
                    <button
                        type="button"
                        id="export-profile"
                        on:click=move |_| {
                            let desk = open.get();
                            let _ = download_text(&format!("{}.json", desk.profile.id), "application/json", &desk.profile_json);
                        }
                    >
                        {move || i18n.t("settings.process.export")}
                    </button>
                </div>
                <ProfileImport publish=Callback::new(move |json: String| publish(json, None))/>
            </section>

            <section class="settings-block" aria-labelledby="settings-desk">
                <h2 id="settings-desk">{move || i18n.t("settings.desk")}</h2>
                <label class="field">
                    <span>{move || i18n.t("settings.desk_name")}</span>
                    <input
                        id="desk-name"
                        type="text"
                        prop:disabled=move || !shared_ready.get()
                        prop:value=move || desk_name.get()
                        on:input=move |ev| desk_name.set(event_target_value(&ev))
                    />
                </label>
                <label class="field">
                    <span>{move || i18n.t("settings.attachment_limit")}</span>
                    <input
                        id="attachment-limit"
                        type="text"
                        inputmode="numeric"
                        aria-describedby="attachment-limit-problem"
                        aria-invalid=move || limit_problem.with(Option::is_some).to_string()
                        prop:disabled=move || !shared_ready.get()
                        prop:value=move || attachment_limit.get()
                        on:input=move |ev| attachment_limit.set(event_target_value(&ev))
                    />
                </label>
                <p class="problem" id="attachment-limit-problem" role="alert">
                    {move || limit_problem.get().map(|p| {
                        let key = match p {
                            LimitProblem::NotANumber => "settings.attachment_limit.not_a_number",
                            LimitProblem::OutOfRange => "settings.attachment_limit.out_of_range",
                        };
                        i18n.t_with(key, &[("max", &MAX_ATTACHMENT_MIB.to_string())])
                    })}
                </p>
                <label class="field">
                    <span>{move || i18n.t("settings.actor")}</span>
                    <input
                        id="actor"
                        type="text"
                        prop:value=move || actor.get()
                        on:input=move |ev| actor.set(event_target_value(&ev))
                    />
                </label>
                <p class="settings-note">{move || i18n.t("settings.actor.help")}</p>
                <div class="settings-actions">
                    <button
                        type="button"
                        id="save-desk"
                        class="primary"
                        prop:disabled=move || !shared_ready.get()
                        on:click=move |_| {
                            let name = actor.get_untracked().trim().to_string();
                            let changed = !name.is_empty() && name != open.get().actor;
                            let desk_label = desk_name.get_untracked().trim().to_string();
                            let limit = match parse_attachment_limit(&attachment_limit.get_untracked()) {
                                Ok(mib) => mib,
                                Err(problem) => {
                                    limit_problem.set(Some(problem));
                                    return;
                                }
                            };
                            limit_problem.set(None);
                            desk_save.run(async move {
                                // The desk's name is shared (an event); the user name stays on
                                // this device.
                                let desk = open.get();
                                let now = desk.shared().await?.settings.clone();
                                let patch = SettingsPatch {
                                    desk_name: (now.desk_name != desk_label).then(|| desk_label.clone()),
                                    attachment_limit_mib: (now.attachment_limit_mib.unwrap_or(DEFAULT_ATTACHMENT_MIB) != limit).then_some(limit),
                                };
                                if patch != SettingsPatch::default() {
                                    desk.append_desk(vec![(RecordKey::Settings, EventKind::DeskSettingsChanged(patch))], signals).await?;
                                    desk.shared().await?;
                                }
                                // The user's name is this device's own (the actor of what it
                                // writes): the page reloads to write under it.
                                if changed {
                                    desk.set_user_name(&name).await?;
                                    reload();
                                }
                                Ok(changed)
                            });
                        }
                    >
                        {move || i18n.t("settings.save")}
                    </button>
                </div>
            </section>

            <DirectoryEditor/>
            <PeopleEditor/>

            <HolidaysEditor/>
            <VocabularyEditor/>
            <DevicesEditor/>

            <NotificationSettings/>

            <CustomersEditor customers=customers save_state=customers_save ready=shared_ready/>
        </section>
    }
}
