//! The desk section of Ajustes: the desk's name and per-file attachment limit (shared with the
//! whole desk, as an event) and this device's user name (the page reloads to write under it).

use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::domain::desk::settings::{parse_attachment_limit, LimitProblem, MAX_ATTACHMENT_MIB};
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::save_state::Save;

/// The section's fields as typed, and what is wrong with the limit.
#[derive(Clone, Copy)]
pub(super) struct DeskForm {
    pub desk_name: RwSignal<String>,
    /// The per-file attachment limit (MiB).
    pub attachment_limit: RwSignal<String>,
    /// This device's user name.
    pub actor: RwSignal<String>,
    pub limit_problem: RwSignal<Option<LimitProblem>>,
}

impl DeskForm {
    /// Empty but for the user name; the page fills the rest once the desk's records are read.
    pub fn new(actor: String) -> Self {
        Self {
            desk_name: RwSignal::new(String::new()),
            attachment_limit: RwSignal::new(String::new()),
            actor: RwSignal::new(actor),
            limit_problem: RwSignal::new(None),
        }
    }
}

/// The fields and their save button. `save` gives `true` when the user's name changed (the
/// page then reloads, and nothing is said); the page shows its outcome at the top.
#[component]
pub(super) fn DeskSection(
    form: DeskForm,
    /// False until the desk's records were read (nothing can be edited before).
    ready: RwSignal<bool>,
    save: Save<bool, StoreError>,
) -> impl IntoView {
    let i18n = use_i18n();
    let open = use_desk();
    let signals = use_desk_signals();
    let DeskForm {
        desk_name,
        attachment_limit,
        actor,
        limit_problem,
    } = form;
    // The header shows the name once it is saved.
    let header_name = crate::ui::desk_name::use_desk_name();
    Effect::new(move |_| {
        if let (Some(n), Some(false)) = (header_name, save.saved()) {
            n.set(&desk_name.get_untracked());
        }
    });

    let submit = move |_| {
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
        save.run(async move {
            // The desk's name is shared (an event); the user name stays on this device.
            let desk = open.get();
            desk.save_desk_settings(&desk_label, limit, signals).await?;
            // The user's name is this device's own (the actor of what it writes): the page
            // reloads to write under it.
            if changed {
                desk.set_user_name(&name).await?;
                super::reload();
            }
            Ok(changed)
        });
    };

    view! {
        <section class="settings-block" aria-labelledby="settings-desk">
            <h2 id="settings-desk">{move || i18n.t("settings.desk")}</h2>
            <label class="field">
                <span>{move || i18n.t("settings.desk_name")}</span>
                <input id="desk-name" type="text" prop:disabled=move || !ready.get()
                    prop:value=move || desk_name.get()
                    on:input=move |ev| desk_name.set(event_target_value(&ev))/>
            </label>
            <label class="field">
                <span>{move || i18n.t("settings.attachment_limit")}</span>
                <input id="attachment-limit" type="text" inputmode="numeric"
                    aria-describedby="attachment-limit-problem"
                    aria-invalid=move || limit_problem.with(Option::is_some).to_string()
                    prop:disabled=move || !ready.get()
                    prop:value=move || attachment_limit.get()
                    on:input=move |ev| attachment_limit.set(event_target_value(&ev))/>
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
                <input id="actor" type="text" prop:value=move || actor.get()
                    on:input=move |ev| actor.set(event_target_value(&ev))/>
            </label>
            <p class="settings-note">{move || i18n.t("settings.actor.help")}</p>
            <div class="settings-actions">
                <button type="button" id="save-desk" class="primary" prop:disabled=move || !ready.get() on:click=submit>
                    {move || i18n.t("settings.save")}
                </button>
            </div>
        </section>
    }
}
