//! The process's request kinds as boxes under a person's skills.

use leptos::prelude::*;

use crate::domain::people::draft::{has_skill, with_skill, PersonField};
use crate::ui::i18n::use_i18n;

use super::PeopleForm;

/// A box per request kind: ticking one adds its name to row `i`'s skills, unticking takes it
/// out (free-text skills stay as typed).
#[component]
pub(super) fn SkillChoices(
    i: usize,
    /// The process's request kinds, by their own (Spanish) names: what skills hold.
    kinds: Vec<String>,
    /// The row's skills as shown in its input.
    skills: RwSignal<String>,
    form: PeopleForm,
) -> impl IntoView {
    let i18n = use_i18n();
    let boxes = kinds
        .into_iter()
        .map(|kind| {
            let shown = i18n.pt(&kind);
            let name = kind.clone();
            let checked = move || has_skill(&skills.get(), &name);
            let toggle = move |ev: leptos::ev::Event| {
                let text = with_skill(&skills.get_untracked(), &kind, event_target_checked(&ev));
                skills.set(text.clone());
                form.set(i, PersonField::Skills, text);
            };
            view! {
                <label class="check">
                    <input type="checkbox" class="skill-kind" prop:checked=checked on:change=toggle/>
                    {shown}
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="skill-kinds">
            <legend>{move || i18n.t("settings.people.skills.kinds")}</legend>
            {boxes}
        </fieldset>
    }
}
