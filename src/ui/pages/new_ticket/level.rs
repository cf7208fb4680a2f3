//! The functional level a new ticket starts at (P2), for a profile with levels: the impact
//! questions' answers suggest one ([`SeverityGuide::suggest_level`]), which fills the choice and
//! says so beside it; the person confirms or changes it, and sees what the chosen level means
//! (area, criticality, impact, responsibilities).

use std::collections::BTreeMap;

use leptos::prelude::*;

use crate::domain::profile::{ProcessProfile, SeverityGuide};
use crate::ui::i18n::use_i18n;
use crate::ui::pages::ticket::{level_meaning, level_name};

use super::form::Field;

#[component]
pub(super) fn LevelChoice(
    profile: ProcessProfile,
    answers: RwSignal<BTreeMap<String, String>>,
    level: RwSignal<String>,
    problem: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let guide: Option<SeverityGuide> = profile.registration.severity_guide.clone();
    // The level the answers suggest, once they suggest one.
    let suggested =
        Memo::new(move |_| answers.with(|a| guide.as_ref().and_then(|g| g.suggest_level(a))));
    Effect::new(move |_| {
        if let Some(l) = suggested.get() {
            level.set(l.to_string());
        }
    });
    let profile = StoredValue::new(profile);
    let name = move |n: u8| profile.with_value(|p| level_name(p, &i18n, n));
    let numbers: Vec<u8> = profile.with_value(|p| p.levels.iter().map(|l| l.number).collect());
    let invalid = move || problem.with(Option::is_some).to_string();
    view! {
        <Field id="level" label=Signal::derive(move || i18n.t("new.level")) problem=problem>
            <select id="level" aria-invalid=invalid aria-describedby="level-problem level-suggested"
                on:change=move |ev| level.set(event_target_value(&ev)) prop:value=move || level.get()>
                <option value="">{move || i18n.t_with("new.level.unchosen", &[("level", &name(1))])}</option>
                {numbers.into_iter().map(|n| view! { <option value=n.to_string()>{move || name(n)}</option> }).collect_view()}
            </select>
            <p class="hint" id="level-suggested" role="status">
                {move || suggested.get().map(|n| i18n.t_with("new.level.suggested", &[("level", &name(n))]))}
            </p>
            {move || {
                let chosen = level.get().parse::<u8>().ok()?;
                profile.with_value(|p| level_meaning(p, i18n, chosen, "ticket.level.chosen"))
            }}
        </Field>
    }
}
