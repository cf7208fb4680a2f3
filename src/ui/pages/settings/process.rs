//! The process section of Ajustes: the active process, the five presets to pick from (fetched,
//! not embedded: src/app/presets.rs), its export as JSON, and the import of a profile file
//! ([`super::profile_import`]). A process chosen here is published to the whole desk (an
//! event), then this tab reloads to run it.

use leptos::prelude::*;

use crate::app::desk::{use_desk_signals, CUSTOM_PROFILE};
use crate::app::open_desk::use_desk;
use crate::domain::profile::{ProcessProfile, PRESET_IDS};
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::shell::download::download_text;

use super::profile_import::ProfileImport;

/// The process in force on this device and the preset picked in the list (read by the page).
#[derive(Clone, Copy)]
pub(super) struct ProcessChoice {
    pub active: RwSignal<Option<String>>,
    pub picked: RwSignal<String>,
}

impl ProcessChoice {
    pub fn new() -> Self {
        Self {
            active: RwSignal::new(None),
            picked: RwSignal::new(String::new()),
        }
    }
}

/// The presets, the active process, export and import; a failed publish goes to `store_error`.
#[component]
pub(super) fn ProcessSection(
    choice: ProcessChoice,
    store_error: RwSignal<Option<StoreError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_desk();
    let signals = use_desk_signals();
    let ProcessChoice { active, picked } = choice;
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

    let publish = move |json: String, preset: Option<String>| {
        leptos::task::spawn_local(async move {
            match open
                .get()
                .publish_profile(json, preset.as_deref(), signals)
                .await
            {
                Ok(()) => super::reload(),
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
    let export = move |_| {
        let desk = open.get();
        let file = format!("{}.json", desk.profile.id);
        let _ = download_text(&file, "application/json", &desk.profile_json);
    };
    let presets = move || {
        preset_list
            .get()
            .into_iter()
            .map(|(id, p)| {
                view! {
                    <label class="preset">
                        <input type="radio" name="preset" value=id
                            prop:checked=move || picked.get() == id
                            on:change=move |_| picked.set(id.to_string())/>
                        <span class="preset-text">
                            <strong>{i18n.profile_text(&p, &p.name)}</strong>
                            <span class="preset-description">{i18n.profile_text(&p, &p.description)}</span>
                        </span>
                    </label>
                }
            })
            .collect_view()
    };
    let unchanged = move || {
        let p = picked.get();
        p.is_empty() || p == CUSTOM_PROFILE || active.get().as_deref() == Some(p.as_str())
    };

    view! {
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
                {presets}
            </fieldset>
            <div class="settings-actions">
                <button type="button" id="use-preset" class="primary" disabled=unchanged on:click=use_preset>
                    {move || i18n.t("settings.process.use")}
                </button>
                <button type="button" id="export-profile" on:click=export>
                    {move || i18n.t("settings.process.export")}
                </button>
            </div>
            <ProfileImport publish=Callback::new(move |json: String| publish(json, None))/>
        </section>
    }
}
