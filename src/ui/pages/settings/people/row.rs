//! One person's row: their fields, the skills ticked from the process's kinds, and the button
//! that deactivates them or brings them back.

use leptos::prelude::*;

use crate::domain::people::draft::{PersonDraft, PersonField};
use crate::ui::i18n::use_i18n;

use super::field::PersonInput;
use super::skills::SkillChoices;
use super::PeopleForm;

/// Row `i` of the people, as `draft` held it when the list was drawn.
#[component]
pub(super) fn PersonRow(
    i: usize,
    draft: PersonDraft,
    /// The process's request kinds (their own names), offered as skills.
    kinds: Vec<String>,
    form: PeopleForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let n = (i + 1).to_string();
    let active = draft.active;
    // The skills' text is shared by its input and the kinds' boxes.
    let skills = RwSignal::new(draft.value(PersonField::Skills).to_string());
    let fields = PersonField::ALL.map(|field| {
        let value = if field == PersonField::Skills {
            skills
        } else {
            RwSignal::new(draft.value(field).to_string())
        };
        view! { <PersonInput i field value form/> }
    });
    let toggle_key = if active {
        "settings.people.deactivate"
    } else {
        "settings.people.reactivate"
    };
    view! {
        <fieldset class="person" data-row=i data-id=draft.id.clone() data-active=active.to_string()>
            <legend>{move || i18n.t_with("settings.people.person", &[("n", &n)])}</legend>
            {fields.into_iter().collect_view()}
            <SkillChoices i kinds skills form/>
            {(!active).then(|| view! {
                <p class="settings-note person-inactive">{move || i18n.t("settings.people.inactive")}</p>
            })}
            <button type="button" class="toggle-person" on:click=move |_| form.toggle(i)>
                {move || i18n.t(toggle_key)}
            </button>
        </fieldset>
    }
}
