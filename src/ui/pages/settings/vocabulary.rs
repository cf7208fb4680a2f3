//! What the desk calls a ticket, in Ajustes › Vocabulario: the Spanish word, its plural and its
//! gender, and the English word and plural. Saved as a new version of the active process, like
//! the directory and the holidays; every screen, report and e-mail then uses the words. The
//! rules are the domain's ([`ProcessProfile::with_unit`]); this component wires them to the form.
//! Beside it, the language the desk writes to its customers in (the messages the engine
//! renders: [`ProcessProfile::with_message_language`]), published the same way.
//!
//! ```ignore
//! view! { <VocabularyEditor/> }
//! ```

use leptos::prelude::*;

use crate::app::desk::use_desk_signals;
use crate::app::open_desk::use_desk;
use crate::domain::profile::{
    Gender, UnitDraft, UnitField, UnitProblem, MESSAGE_LANGUAGES, UNIT_MAX_CHARS,
};
use crate::store::StoreError;
use crate::ui::i18n::use_i18n;
use crate::ui::save_state::use_save;
use crate::ui::StoreErrorMessage;

#[component]
pub fn VocabularyEditor() -> impl IntoView {
    let i18n = use_i18n();
    let desk = use_desk();
    let signals = use_desk_signals();
    let draft = RwSignal::new(desk.get().profile.unit_draft());
    let problems = RwSignal::new(Vec::<UnitProblem>::new());
    // Publishing the edited process (the page reloads once it is saved).
    let publish = use_save::<(), StoreError>();

    let save = move |_| {
        publish.reset();
        let edited = draft.with_untracked(|d| desk.get().profile.with_unit(d));
        match edited {
            Err(list) => problems.set(list),
            Ok(edited) => {
                problems.set(Vec::new());
                super::publish_edited(desk, edited, signals, publish);
            }
        }
    };

    let word_field = move |field: UnitField| {
        let id = format!("unit-{}", field.code());
        let problem_id = format!("{id}-problem");
        let label = format!("settings.unit.{}", field.code());
        let problem = move || problems.with(|ps| ps.iter().find(|p| p.field() == field).copied());
        let value = draft.with_untracked(|d| d.word(field).to_string());
        view! {
            <label class="field">
                <span>{move || i18n.t(&label)}</span>
                <input
                    id=id
                    type="text"
                    maxlength=(UNIT_MAX_CHARS * 2).to_string()
                    prop:value=value
                    aria-invalid=move || problem().is_some().to_string()
                    aria-describedby=problem_id.clone()
                    on:input=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update_untracked(|d| *d.word_mut(field) = v);
                    }
                />
                <p class="problem" id=problem_id aria-live="polite">
                    {move || problem().map(|p| {
                        let max = UNIT_MAX_CHARS.to_string();
                        i18n.t_with(&format!("settings.unit.problem.{}", p.code()), &[("max", &max)])
                    })}
                </p>
            </label>
        }
    };
    let gender = draft.with_untracked(|d: &UnitDraft| d.es_gender);
    // The desk's message language: what the engine writes customers' messages in.
    let current_language = desk.with(|d| d.profile.message_language());
    let message_language = RwSignal::new(current_language.to_string());
    let save_language = move |_| {
        publish.reset();
        let chosen = message_language.get_untracked();
        if let Some(edited) = desk.with(|d| d.profile.with_message_language(&chosen)) {
            super::publish_edited(desk, edited, signals, publish);
        }
    };

    view! {
        <section class="settings-block vocabulary-editor" aria-labelledby="settings-unit">
            <h2 id="settings-unit">{move || i18n.t("settings.unit")}</h2>
            <p class="settings-note">{move || i18n.t("settings.unit.help")}</p>
            {word_field(UnitField::EsOne)}
            {word_field(UnitField::EsOther)}
            <label class="field">
                <span>{move || i18n.t("settings.unit.es_gender")}</span>
                <select
                    id="unit-es_gender"
                    on:change=move |ev| {
                        let masculine = event_target_value(&ev) == "masculine";
                        draft.update_untracked(|d| {
                            d.es_gender = if masculine { Gender::Masculine } else { Gender::Feminine };
                        });
                    }
                >
                    <option value="feminine" selected=gender == Gender::Feminine>
                        {move || i18n.t("settings.unit.gender.feminine")}
                    </option>
                    <option value="masculine" selected=gender == Gender::Masculine>
                        {move || i18n.t("settings.unit.gender.masculine")}
                    </option>
                </select>
            </label>
            {word_field(UnitField::EnOne)}
            {word_field(UnitField::EnOther)}
            {move || (!problems.get().is_empty()).then(|| view! {
                <p class="error" role="alert" id="unit-problems">{move || i18n.t("settings.unit.invalid")}</p>
            })}
            {move || publish.failed().map(|e| view! { <StoreErrorMessage error=e/> })}
            <div class="settings-actions">
                <button type="button" id="save-unit" class="primary" on:click=save>
                    {move || i18n.t("settings.unit.save")}
                </button>
            </div>
            <label class="field">
                <span>{move || i18n.t("settings.message_language")}</span>
                <select
                    id="message-language"
                    aria-describedby="message-language-help"
                    on:change=move |ev| message_language.set(event_target_value(&ev))
                >
                    {MESSAGE_LANGUAGES.map(|code| view! {
                        <option value=code selected=code == current_language>
                            {move || i18n.t(&format!("settings.message_language.{code}"))}
                        </option>
                    }).collect_view()}
                </select>
            </label>
            <p class="settings-note" id="message-language-help">{move || i18n.t("settings.message_language.help")}</p>
            <div class="settings-actions">
                <button type="button" id="save-message-language" class="primary" on:click=save_language
                    disabled=move || message_language.with(|l| l == current_language)>
                    {move || i18n.t("settings.message_language.save")}
                </button>
            </div>
        </section>
    }
}
